//! `draft task next|start|done|block|unblock`: the task state machine agents drive.
//!
//! A task is named by `PHASE.TASK` (`1.2`, `0.1`, `2b.1`: the number written
//! in the phase heading, the position for groups without one), by a plan.md
//! line number (`14`), or by its label (`Task 1.2`, case-insensitive, with or
//! without `Task `) or exact text; see [`Plan::resolve`]. Each change edits only the marker, the
//! recorded SHA or the `- Blocked:` line of that task, then syncs the track's
//! derived state (metadata.json and the registry entry), which moves the
//! track `planning → in_progress` on the first start/done and to `completed`
//! when every task is done. `done` on a task that is already done changes
//! nothing (its recorded SHA is the commit that did the work); with
//! `--commit` it replaces the recorded SHA and reports the old one. A track
//! whose plan.md or metadata.json (or the registry) cannot be read is
//! refused before anything is edited, naming the file and why.
//!
//! Concurrency: the whole read–edit–write runs under the context directory's
//! lock and then the track directory's lock (always in that order); the plan
//! is re-read after the locks are held, so agents marking different tasks at
//! once all land. plan.md is replaced atomically. The track's metadata.json
//! and the registry are worked out from the edited markers before git has
//! named the commit (a SHA changes no count), written to temporary files
//! while git answers and plan.md is written, and renamed into place after
//! plan.md; if git or plan.md fails, they are dropped unchanged.

use super::status::unknown_track;
use super::sync::{self, SyncReport};
use crate::error::{Error, Result, UnreadableFile};
use crate::git::GitError;
use crate::tree::{Scope, Tree};
use crate::workspace::{Layout, Workspace};
use draft_model::derive::status_from_counts;
use draft_model::edit;
use draft_model::metadata::TrackStatus;
use draft_model::plan::edit::{self as plan_edit, ShaStyle};
use draft_model::plan::{Marker, Plan, Task, TaskPos};
use draft_model::registry::EntryStyle;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A task as commands report it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskInfo {
    /// 1-based position of the task's group in the plan.
    pub phase: usize,
    /// `phase.task`, e.g. `1.2` or `2b.1`, with the phase number as written.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The label, e.g. `Task 1.2`.
    pub label: Option<String>,
    /// The task's text.
    pub text: String,
    /// 1-based line in plan.md.
    pub line: usize,
    /// The marker.
    pub marker: Marker,
    /// The recorded SHA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha: Option<String>,
    /// The blocked reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl TaskInfo {
    /// Describe a parsed task.
    #[must_use]
    pub fn new(pos: TaskPos, task: &Task) -> Self {
        Self {
            phase: pos.phase,
            reference: pos.to_string(),
            label: task.label.clone(),
            text: task.text.clone(),
            line: task.line,
            marker: task.marker,
            sha: task.sha().map(|s| s.sha.clone()),
            reason: task.blocked_reason.clone(),
        }
    }
}

/// What `task next` found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NextReport {
    /// Track id.
    pub track: String,
    /// The task to work on, if any.
    pub task: Option<TaskInfo>,
    /// Blocked tasks passed over (in the phase being worked on).
    pub skipped_blocked: Vec<TaskInfo>,
    /// Tasks not yet done.
    pub remaining: usize,
    /// Every task is done.
    pub all_done: bool,
    /// Which tree was read and how to read the other, when both exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout_note: Option<String>,
}

/// A change to one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskAction {
    /// `[~]`
    Start,
    /// `[x]` with the commit's short SHA (HEAD when `None`).
    Done {
        /// A revision naming the commit.
        commit: Option<String>,
    },
    /// `[!]` with a `- Blocked:` line.
    Block {
        /// Why.
        reason: String,
    },
    /// Back to `[ ]`, reason removed.
    Unblock,
}

/// What a task change did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskChange {
    /// Track id.
    pub track: String,
    /// The task after the change.
    pub task: TaskInfo,
    /// Marker before.
    pub from: Marker,
    /// False when the task already was in the requested state.
    pub changed: bool,
    /// `done` on a task that already was done: it stays as it is (and
    /// keeps its recorded SHA) unless `--commit` names another commit.
    pub already_done: bool,
    /// The SHA recorded before `done --commit` replaced it on a done task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_sha: Option<String>,
    /// Track status before.
    pub track_status_before: TrackStatus,
    /// Track status after.
    pub track_status: TrackStatus,
    /// The sync that followed.
    pub sync: SyncReport,
}

/// The track commands work on: the one named, else the first registry entry
/// marked `[~]`, else the first marked `[ ]`.
pub fn select_track(tree: &Tree, track: Option<&str>) -> Result<String> {
    if let Some(id) = track {
        return if tree.refs().any(|t| !t.archived && t.id == id) {
            Ok(id.to_owned())
        } else {
            Err(unknown_track(&Tree::scan(&tree.workspace, Scope::All)?, id))
        };
    }
    let marker_of = |entry: Option<usize>| -> Option<Marker> {
        match entry.and_then(|i| tree.registry.as_ref()?.entries.get(i)) {
            Some(e) if e.style == EntryStyle::Draft => {
                e.field("Status").and_then(|f| f.status()).and_then(|s| s.marker)
            }
            Some(e) => e.marker,
            None => None,
        }
    };
    for want in [Marker::InProgress, Marker::Pending] {
        if let Some(t) = tree.refs().find(|t| !t.archived && t.entry.is_some() && marker_of(t.entry) == Some(want)) {
            return Ok(t.id.to_owned());
        }
    }
    Err(Error::NoActiveTrack)
}

/// The registry and the one track a command works on (named, else the
/// active one), read without touching any other track.
pub fn load_selected(ws: &Workspace, track: Option<&str>) -> Result<(Tree, String)> {
    let mut tree = scan_for(ws, track)?;
    let id = load_one(&mut tree, track)?;
    Ok((tree, id))
}

/// The registry and where the track `track` names lives (or, without a
/// name, every registered track), nothing read yet.
pub fn scan_for(ws: &Workspace, track: Option<&str>) -> Result<Tree> {
    let tree = Tree::scan(ws, track.map_or(Scope::Registered, Scope::Track))?;
    if track.is_none() {
        // Without a registry there is no active track to pick.
        tree.require_registry()?;
    }
    Ok(tree)
}

/// Pick the track (named, else the active one) in a scanned tree and read
/// its documents, and only its.
pub fn load_one(tree: &mut Tree, track: Option<&str>) -> Result<String> {
    let id = select_track(tree, track)?;
    tree.keep_pending(&id);
    tree.load_pending();
    Ok(id)
}

/// Find the task `reference` names in `plan` ([`Plan::resolve`]: written
/// phase numbers, positions for numberless groups, labels, line numbers).
pub fn resolve<'a>(plan: &'a Plan, track: &str, reference: &str) -> Result<(TaskPos, &'a Task)> {
    plan.resolve(reference).map_err(|e| Error::UnknownTaskRef {
        problem: e.problem(),
        reference: reference.to_owned(),
        track: track.to_owned(),
        suggestions: e.hints(),
    })
}

/// The task to work on: the first `[~]` task, else the first `[ ]` task of
/// the first unfinished phase (later phases wait for it).
pub fn next(ws: &Workspace, track: Option<&str>) -> Result<NextReport> {
    let (tree, id) = load_selected(ws, track)?;
    tree.require_readable(Some(&id), false)?;
    let docs = tree.tracks.iter().find(|t| t.id == id);
    let Some(plan) = docs.and_then(|t| t.plan.as_ref()) else {
        let file = docs.map_or_else(|| format!("{id}/plan.md"), |t| ws.rel(&t.dir.join("plan.md")));
        return Err(Error::Unreadable {
            files: vec![UnreadableFile { file, reason: "it does not exist, so no task can be named".to_owned() }],
        });
    };
    let layout_note = crate::tree::layout_note(ws);
    let tasks: Vec<(TaskPos, &Task)> = plan.counted_tasks().collect();
    let remaining = tasks.iter().filter(|(_, t)| t.marker != Marker::Done).count();
    let all_done = !tasks.is_empty() && remaining == 0;
    if let Some(&(pos, t)) = tasks.iter().find(|(_, t)| t.marker == Marker::InProgress) {
        return Ok(NextReport {
            track: id,
            task: Some(TaskInfo::new(pos, t)),
            skipped_blocked: Vec::new(),
            remaining,
            all_done,
            layout_note,
        });
    }
    // The first phase (or the loose list) with unfinished tasks.
    let first_open = tasks.iter().find(|(_, t)| t.marker != Marker::Done).map(|(p, _)| p.phase);
    let in_phase: Vec<&(TaskPos, &Task)> = tasks.iter().filter(|(p, _)| Some(p.phase) == first_open).collect();
    let pick = in_phase.iter().find(|(_, t)| matches!(t.marker, Marker::Pending | Marker::Unknown(_)));
    let skipped_blocked =
        in_phase.iter().filter(|(_, t)| t.marker == Marker::Blocked).map(|(p, t)| TaskInfo::new(*p, t)).collect();
    Ok(NextReport {
        track: id,
        task: pick.map(|(p, t)| TaskInfo::new(*p, t)),
        skipped_blocked,
        remaining,
        all_done,
        layout_note,
    })
}

/// Apply `action` to the task `reference` names in the track (default: the active one).
pub fn apply(ws: &Workspace, track: Option<&str>, reference: &str, action: &TaskAction) -> Result<TaskChange> {
    if let TaskAction::Block { reason } = action
        && reason.trim().is_empty()
    {
        return Err(Error::Usage("a blocked task needs a reason: --reason \"…\"".into()));
    }
    let _lock = ws.lock()?;
    // The commit a `done` records is asked of git while the registry and the
    // plan load: the two do not depend on each other, and at thousands of
    // tracks the registry takes as long as git does.
    std::thread::scope(|s| {
        let sha = match action {
            TaskAction::Done { commit } => Some(s.spawn(|| commit_sha(ws, reference, commit.as_deref()))),
            _ => None,
        };
        apply_locked(ws, track, reference, action, sha)
    })
}

/// The SHA asked for while loading.
fn asked_sha(sha: Option<std::thread::ScopedJoinHandle<'_, Result<String>>>) -> Result<String> {
    sha.map_or_else(|| Err(Error::Usage("internal: no commit was asked for".into())), joined)
}

/// A scoped thread's result; a panic in it is carried on, not swallowed.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn apply_locked(
    ws: &Workspace,
    track: Option<&str>,
    reference: &str,
    action: &TaskAction,
    sha: Option<std::thread::ScopedJoinHandle<'_, Result<String>>>,
) -> Result<TaskChange> {
    // The registry and this one track, read once under the lock: the edit
    // and the sync that follows both work on them.
    let (mut tree, id) = load_selected(ws, track)?;
    // Refuse before editing: the sync that follows could not update what it cannot read.
    tree.require_readable(Some(&id), true)?;
    let Some(docs) = tree.tracks.iter_mut().find(|t| t.id == id) else {
        return Err(unknown_track(&Tree::scan(ws, Scope::All)?, &id));
    };
    let path = docs.dir.join("plan.md");
    let Some(plan) = docs.plan.take() else {
        return Err(Error::Unreadable {
            files: vec![UnreadableFile {
                file: ws.rel(&path),
                reason: "it does not exist, so no task can be named".to_owned(),
            }],
        });
    };
    let (pos, task) = resolve(&plan, &id, reference)?;
    let before = status_from_counts(&plan.task_counts());
    let from = task.marker;
    let mut edits = Vec::new();
    let mut already_done = false;
    // Whether the commit's SHA goes on the task once git has answered. The
    // counts the sync works from never depend on it, so the sync's files
    // need not wait for git.
    let mut record_sha = false;
    let set = |edits: &mut Vec<edit::Edit>, m: Marker| {
        if task.marker != m {
            edits.push(plan_edit::set_marker(task, m));
        }
    };
    match action {
        TaskAction::Start => {
            set(&mut edits, Marker::InProgress);
            edits.extend(plan_edit::remove_blocked(&plan, task));
        }
        TaskAction::Done { commit } if task.marker == Marker::Done => {
            // Done again: never re-record HEAD over the commit that did the work.
            already_done = true;
            record_sha = commit.is_some();
        }
        TaskAction::Done { .. } => {
            set(&mut edits, Marker::Done);
            edits.extend(plan_edit::remove_blocked(&plan, task));
            record_sha = true;
        }
        TaskAction::Block { reason } => {
            set(&mut edits, Marker::Blocked);
            if task.blocked_reason.as_deref() != Some(reason.trim()) {
                edits.push(plan_edit::set_blocked(&plan, task, reason));
            }
        }
        TaskAction::Unblock => {
            if task.marker != Marker::Blocked && task.blocked_reason.is_none() {
                return Err(Error::InvalidState(format!(
                    "task {pos} is not blocked (it is [{}])",
                    task.marker.as_char()
                )));
            }
            set(&mut edits, Marker::Pending);
            edits.extend(plan_edit::remove_blocked(&plan, task));
        }
    }
    let edit_error = |source| Error::Edit { path: path.clone(), source };
    let marked = Plan::parse(edit::apply(plan.source(), edits.clone()).map_err(edit_error)?);
    let after = status_from_counts(&marked.task_counts());
    if let Some(docs) = tree.tracks.iter_mut().find(|t| t.id == id) {
        docs.plan = Some(marked);
    }
    let (sync, rewrites) = sync::plan_sync(ws, tree, Some(&id))?;
    let mut paths: Vec<&Path> = rewrites.iter().map(|r| r.path.as_path()).collect();
    paths.push(&path);
    ws.sweep_for(&paths);
    std::thread::scope(|s| {
        // metadata.json and the registry (1.3 MB at 10,000 tracks) are
        // written and synced to disk while git answers and plan.md is
        // written; they take their places after plan.md has, as they
        // always did. If anything before fails, the scope waits for the
        // staging thread and its staged files are dropped, unwritten.
        let staging = (!rewrites.is_empty())
            .then(|| s.spawn(|| rewrites.iter().map(|r| ws.stage(&r.path, &r.contents)).collect::<Result<Vec<_>>>()));
        let mut replaced_sha = None;
        if record_sha {
            let short = asked_sha(sha)?;
            let old = task.sha().map(|s| s.sha.clone());
            if old.as_deref() != Some(short.as_str()) {
                edits.push(plan_edit::set_sha(&plan, task, &short, sha_style(ws)));
                replaced_sha = old.filter(|_| already_done);
            }
        }
        let changed = !edits.is_empty();
        let text = edit::apply(plan.source(), edits).map_err(edit_error)?;
        if changed {
            ws.stage(&path, text.as_bytes())?.commit()?;
        }
        for file in staging.map(joined).transpose()?.into_iter().flatten() {
            file.commit()?;
        }
        let new_plan = Plan::parse(text);
        let info = new_plan
            .counted_tasks()
            .find(|(p, _)| *p == pos)
            .map_or_else(|| TaskInfo::new(pos, task), |(p, t)| TaskInfo::new(p, t));
        Ok(TaskChange {
            track: id,
            task: info,
            from,
            changed,
            already_done,
            replaced_sha,
            track_status_before: before,
            track_status: after,
            sync,
        })
    })
}

/// How a SHA is appended where none is recorded yet, in the layout's spelling.
fn sha_style(ws: &Workspace) -> ShaStyle {
    if ws.layout == Layout::Conductor { ShaStyle::Bare } else { ShaStyle::Parenthesised }
}

/// The 7-character SHA to record: of `--commit`, else of HEAD.
fn commit_sha(ws: &Workspace, reference: &str, commit: Option<&str>) -> Result<String> {
    let git = ws.git();
    let rev = commit.unwrap_or("HEAD");
    match git.resolve_commit(rev)? {
        Some(full) => Ok(full.chars().take(7).collect()),
        None if commit.is_some() => {
            git.toplevel()?;
            Err(Error::UnknownCommit { rev: rev.to_owned() })
        }
        None => match git.toplevel() {
            Err(e @ (GitError::NotARepo(_) | GitError::Missing(_))) => Err(e.into()),
            _ => Err(Error::NoCommitToRecord { task: reference.to_owned() }),
        },
    }
}
