//! `draft revert`: undo a task, a phase or a whole track with git, and put
//! the plan back.
//!
//! The commits to revert are the SHAs recorded on the scope's `[x]` tasks,
//! plus commits whose subject has the track id as its scope
//! (`type(<id>): …`) in the range those SHAs span (for a whole track: from
//! the oldest recorded commit's parent to HEAD). A recorded SHA that no
//! longer resolves (the branch was rebased) is looked up by subject: the
//! newest commit on HEAD whose subject has the `(<id>)` scope and contains
//! the task's text or label (case-insensitive) is taken, and reported as such;
//! when nothing matches the task is reported and skipped.
//!
//! A dry run (the default) lists the commits, the files they touch and the
//! plan changes. `apply` refuses a dirty tree, records its intent in
//! `.git/draft-revert.json` (inside `.git`, never in the work tree), runs
//! `git revert --no-commit` one commit at a time, newest first, and makes one
//! `revert(<id>): …` commit. Only then are the tasks set back to `[ ]` (SHA
//! removed, `- Reverted in <sha>` note added) and the track synced. On a
//! conflict it stops with git in the conflicted state and no draft file
//! changed; `continue_` (after the user resolves and `git add`s) reverts the
//! remaining commits and finishes, `abort` restores HEAD.

use super::sync::{self, SyncReport};
use super::task::{TaskInfo, resolve, select_track};
use crate::error::{Error, Result};
use crate::git::Git;
use crate::tree::Tree;
use crate::workspace::{self, Workspace};
use draft_model::edit;
use draft_model::plan::edit as plan_edit;
use draft_model::plan::{Marker, Plan, Task, TaskPos};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What to undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Scope {
    /// One task, by REF.
    Task(String),
    /// The phase at this 1-based position.
    Phase(usize),
    /// The whole track.
    Track,
}

impl Scope {
    /// Parse `task REF`, `phase N` or `track`.
    pub fn parse(words: &[String]) -> Result<Self> {
        match words {
            [kind, r] if kind == "task" => Ok(Self::Task(r.clone())),
            [kind, n] if kind == "phase" => n
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .map(Self::Phase)
                .ok_or_else(|| Error::Usage(format!("phase must be a number from 1, got {n:?}"))),
            [kind] if kind == "track" => Ok(Self::Track),
            _ => Err(Error::Usage(format!(
                "revert takes `task <REF>`, `phase <N>` or `track`, got {:?}",
                words.join(" ")
            ))),
        }
    }
}

/// One commit to revert.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RevertCommit {
    /// Full SHA.
    pub sha: String,
    /// Short SHA.
    pub short: String,
    /// Subject line.
    pub subject: String,
    /// Why it is included: `recorded on 1.2`, `scope (<id>)`, `matched by subject for 1.2`.
    pub reason: String,
    /// Files it touches.
    pub files: Vec<String>,
}

/// Everything a revert will do.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RevertPlan {
    /// Track id.
    pub track: String,
    /// The scope.
    pub scope: Scope,
    /// Commits, newest first.
    pub commits: Vec<RevertCommit>,
    /// Tasks that go back to `[ ]`.
    pub tasks: Vec<TaskInfo>,
    /// Subject of the revert commit.
    pub message: String,
    /// Things worth knowing (skipped SHAs, rebased matches).
    pub warnings: Vec<String>,
}

/// What happened.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RevertReport {
    /// The plan.
    pub plan: RevertPlan,
    /// Whether the revert was carried out.
    pub applied: bool,
    /// The revert commit's short SHA.
    pub commit: Option<String>,
    /// The sync that followed.
    pub sync: Option<SyncReport>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Intent {
    plan: RevertPlan,
    /// Commits not yet reverted, newest first.
    remaining: Vec<String>,
}

/// Work out what reverting `scope` would do, without changing anything.
pub fn plan(ws: &Workspace, track: Option<&str>, scope: &Scope) -> Result<RevertPlan> {
    let tree = Tree::load(ws)?;
    let id = select_track(&tree, track)?;
    let plan = tree
        .tracks
        .iter()
        .find(|t| t.id == id)
        .and_then(|t| t.plan.clone())
        .ok_or_else(|| Error::InvalidState(format!("track {id} has no readable plan.md")))?;
    let git = ws.git();
    let in_scope: Vec<(TaskPos, &Task)> = match scope {
        Scope::Task(r) => vec![resolve(&plan, &id, r)?],
        Scope::Phase(n) => {
            let tasks: Vec<_> = plan.counted_tasks().filter(|(p, _)| p.phase == *n).collect();
            if tasks.is_empty() {
                return Err(Error::Usage(format!("track {id} has no phase {n} with tasks")));
            }
            tasks
        }
        Scope::Track => plan.counted_tasks().collect(),
    };
    let history: Vec<(String, String)> = git
        .run(&["log", "--format=%H%x00%s", "HEAD"])?
        .lines()
        .filter_map(|l| l.split_once('\0').map(|(h, s)| (h.to_owned(), s.to_owned())))
        .collect();
    let position: HashMap<&str, usize> = history.iter().enumerate().map(|(i, (h, _))| (h.as_str(), i)).collect();
    let scoped = |subject: &str| has_scope(subject, &id);
    let mut warnings = Vec::new();
    let mut chosen: Vec<(usize, String)> = Vec::new();
    let mut recorded_elsewhere = Vec::new();
    for (pos, task) in plan.counted_tasks() {
        let Some(sha) = &task.sha else { continue };
        let inside = in_scope.iter().any(|(p, _)| *p == pos);
        if !inside {
            if let Ok(Some(full)) = git.resolve_commit(&sha.sha) {
                recorded_elsewhere.push(full);
            }
            continue;
        }
        if task.marker != Marker::Done {
            continue;
        }
        let found = git.resolve_commit(&sha.sha)?;
        match found.and_then(|full| position.get(full.as_str()).map(|i| (*i, full))) {
            Some((i, _)) => chosen.push((i, format!("recorded on {pos}"))),
            None => {
                let needle = task.text.to_ascii_lowercase();
                let label = task.label.as_deref().map(str::to_ascii_lowercase);
                let matched = history.iter().position(|(_, s)| {
                    let lower = s.to_ascii_lowercase();
                    scoped(s)
                        && !lower.starts_with("revert")
                        && ((!needle.is_empty() && lower.contains(&needle))
                            || label.as_deref().is_some_and(|l| lower.contains(l)))
                });
                match matched {
                    Some(i) => {
                        warnings.push(format!(
                            "{pos}: recorded SHA {} is not on HEAD (rebased?); using {} \"{}\", matched by subject",
                            sha.sha,
                            &history[i].0[..7.min(history[i].0.len())],
                            history[i].1
                        ));
                        chosen.push((i, format!("matched by subject for {pos}")));
                    }
                    None => warnings.push(format!(
                        "{pos}: recorded SHA {} is not on HEAD and no `({id})` commit mentions the task; skipped",
                        sha.sha
                    )),
                }
            }
        }
    }
    // Commits scoped to the track within the range the recorded ones span.
    let oldest = chosen.iter().map(|(i, _)| *i).max();
    let newest = if *scope == Scope::Track { Some(0) } else { chosen.iter().map(|(i, _)| *i).min() };
    let range = match (scope, oldest, newest) {
        (_, Some(old), Some(new)) => Some(new..=old),
        (Scope::Track, None, _) => (!history.is_empty()).then(|| 0..=history.len() - 1),
        _ => None,
    };
    if let Some(range) = range {
        for i in range {
            let (sha, subject) = &history[i];
            if scoped(subject)
                && !subject.to_ascii_lowercase().starts_with("revert")
                && !recorded_elsewhere.contains(sha)
                && !chosen.iter().any(|(j, _)| *j == i)
            {
                chosen.push((i, format!("scope ({id})")));
            }
        }
    }
    chosen.sort_by_key(|(i, _)| *i);
    chosen.dedup_by_key(|(i, _)| *i);
    let mut commits = Vec::with_capacity(chosen.len());
    for (i, reason) in chosen {
        let (sha, subject) = &history[i];
        let files = git
            .run(&["diff-tree", "--no-commit-id", "--name-only", "-r", "--root", sha])?
            .lines()
            .map(str::to_owned)
            .collect();
        commits.push(RevertCommit {
            short: sha.chars().take(7).collect(),
            sha: sha.clone(),
            subject: subject.clone(),
            reason,
            files,
        });
    }
    let tasks: Vec<TaskInfo> = in_scope
        .iter()
        .filter(|(_, t)| matches!(t.marker, Marker::Done | Marker::InProgress))
        .map(|(p, t)| TaskInfo::new(*p, t))
        .collect();
    let what = match scope {
        Scope::Task(_) => in_scope.first().map_or_else(String::new, |(p, t)| format!("task {p} {}", t.text)),
        Scope::Phase(n) => {
            let title = plan.phases.get(n - 1).map(|p| p.title.clone()).unwrap_or_default();
            format!("phase {n} {title}").trim_end().to_owned()
        }
        Scope::Track => "whole track".to_owned(),
    };
    Ok(RevertPlan {
        track: id.clone(),
        scope: scope.clone(),
        commits,
        tasks,
        message: format!("revert({id}): {what}"),
        warnings,
    })
}

/// `type(<id>): …` or `type(<id>)!: …`.
fn has_scope(subject: &str, id: &str) -> bool {
    let Some(open) = subject.find('(') else { return false };
    let kind = &subject[..open];
    !kind.is_empty()
        && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && subject[open + 1..].strip_prefix(id).is_some_and(|rest| rest.starts_with("):") || rest.starts_with(")!:"))
}

fn intent_path(git: &Git, ws: &Workspace) -> Result<PathBuf> {
    let rel = git.run(&["rev-parse", "--git-path", "draft-revert.json"])?;
    Ok(ws.root.join(rel.trim()))
}

/// Carry out the revert.
pub fn apply(ws: &Workspace, track: Option<&str>, scope: &Scope) -> Result<RevertReport> {
    let git = ws.git();
    let path = intent_path(&git, ws)?;
    if path.exists() {
        return Err(Error::InvalidState(
            "a draft revert is already in progress: finish it with `draft revert --continue` or `draft revert --abort`"
                .into(),
        ));
    }
    let dirty: Vec<String> = git
        .run(&["status", "--porcelain", "--untracked-files=normal"])?
        .lines()
        .filter(|l| l.len() > 3)
        .map(|l| l[3..].to_owned())
        .collect();
    if !dirty.is_empty() {
        return Err(Error::DirtyTree { files: dirty });
    }
    let plan = plan(ws, track, scope)?;
    if plan.commits.is_empty() {
        return Err(Error::InvalidState(format!(
            "nothing to revert: no commit is recorded on the tasks in scope or scoped `({})`",
            plan.track
        )));
    }
    let intent = Intent { remaining: plan.commits.iter().map(|c| c.sha.clone()).collect(), plan };
    run_reverts(ws, &git, &path, intent)
}

/// Finish a revert that stopped on conflicts.
pub fn continue_(ws: &Workspace) -> Result<RevertReport> {
    let git = ws.git();
    let path = intent_path(&git, ws)?;
    let intent: Intent = serde_json::from_str(
        &workspace::read_text(&path)
            .map_err(|_| Error::InvalidState("no draft revert is in progress (nothing to continue)".into()))?,
    )
    .map_err(|e| Error::InvalidState(format!("{} is unreadable: {e}", path.display())))?;
    let unmerged = unmerged(&git)?;
    if !unmerged.is_empty() {
        return Err(Error::RevertConflict { files: unmerged });
    }
    // Forget git's own in-progress state; the index holds the resolution.
    let _ = git.output(&["revert", "--quit"]);
    run_reverts(ws, &git, &path, intent)
}

/// Give up a conflicted revert.
pub fn abort(ws: &Workspace) -> Result<()> {
    let git = ws.git();
    let path = intent_path(&git, ws)?;
    if !path.exists() {
        return Err(Error::InvalidState("no draft revert is in progress (nothing to abort)".into()));
    }
    let aborted = git.output(&["revert", "--abort"]).is_ok_and(|o| o.status.success());
    if !aborted {
        git.run(&["reset", "--merge"])?;
    }
    // Earlier commits of this revert were applied to the index only.
    git.run(&["reset", "--merge"])?;
    std::fs::remove_file(&path).map_err(|e| Error::io("removing", path, e))?;
    Ok(())
}

fn unmerged(git: &Git) -> Result<Vec<String>> {
    Ok(git.run(&["diff", "--name-only", "--diff-filter=U"])?.lines().map(str::to_owned).collect())
}

fn save(path: &Path, intent: &Intent) -> Result<()> {
    let text = serde_json::to_string_pretty(intent).unwrap_or_default();
    workspace::atomic_write(path, text.as_bytes())
}

fn run_reverts(ws: &Workspace, git: &Git, path: &Path, mut intent: Intent) -> Result<RevertReport> {
    save(path, &intent)?;
    while let Some(sha) = intent.remaining.first().cloned() {
        let out = git.output(&["revert", "--no-commit", &sha])?;
        if !out.status.success() {
            intent.remaining.remove(0);
            save(path, &intent)?;
            let files = unmerged(git)?;
            if files.is_empty() {
                let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
                return Err(Error::Git(crate::git::GitError::Failed {
                    args: format!("revert --no-commit {sha}"),
                    stderr,
                }));
            }
            return Err(Error::RevertConflict { files });
        }
        let _ = git.output(&["revert", "--quit"]);
        intent.remaining.remove(0);
        save(path, &intent)?;
    }
    let mut body = String::from("Reverts:\n");
    for c in &intent.plan.commits {
        body.push_str(&format!("- {} {}\n", c.short, c.subject));
    }
    git.run(&["commit", "-q", "--no-edit", "-m", &intent.plan.message, "-m", body.trim_end()])?;
    let commit: String = git.run(&["rev-parse", "--short=7", "HEAD"])?.trim().to_owned();
    let sync = reset_tasks(ws, &intent.plan, &commit)?;
    std::fs::remove_file(path).map_err(|e| Error::io("removing", path, e))?;
    Ok(RevertReport { plan: intent.plan, applied: true, commit: Some(commit), sync: Some(sync) })
}

/// Set the reverted tasks back to `[ ]` with a note, then sync.
fn reset_tasks(ws: &Workspace, plan: &RevertPlan, commit: &str) -> Result<SyncReport> {
    let _lock = ws.lock()?;
    let dir = ws.track_dir(&plan.track)?;
    let path = dir.join("plan.md");
    let doc = Plan::parse(workspace::read_text(&path)?);
    let mut edits = Vec::new();
    for info in &plan.tasks {
        let found = doc
            .counted_tasks()
            .find(|(p, t)| p.to_string() == info.reference && t.text == info.text)
            .or_else(|| doc.counted_tasks().find(|(_, t)| t.text == info.text));
        let Some((_, task)) = found else { continue };
        if task.marker != Marker::Pending {
            edits.push(plan_edit::set_marker(task, Marker::Pending));
        }
        edits.extend(plan_edit::remove_sha(task));
        edits.push(plan_edit::add_note(&doc, task, &format!("Reverted in {commit}")));
    }
    let text = edit::apply(doc.source(), edits).map_err(|source| Error::Edit { path: path.clone(), source })?;
    if text != doc.source() {
        ws.write(&path, text.as_bytes())?;
    }
    sync::sync_locked(ws, Some(&plan.track))
}
