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
//! when nothing matches the task is reported and skipped. Every `[x]` task
//! of the track that records one of the commits to revert goes back to
//! `[ ]` too, in scope or not (real plans record one commit on many tasks):
//! otherwise it would claim work that no longer exists.
//!
//! [`plan`] is the one computation: the dry run ([`dry_run`]) shows it and
//! [`apply`] carries it out, so they always agree — including on refusing
//! (nothing to revert, an unreadable plan or metadata). How it is carried
//! out (git, draft's own bookkeeping files, the one revert commit) is in
//! [`apply`]'s module.

mod apply;

pub use apply::{abort, apply, continue_};

use super::sync::SyncReport;
use super::task::{TaskInfo, load_selected, resolve};
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use draft_model::plan::{Marker, Plan, Task, TaskPos};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What to undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Scope {
    /// One task, by REF.
    Task(String),
    /// The phase with this number as written in its heading (`0`, `2b`);
    /// in a plan whose headings carry no number, its 1-based position.
    Phase(String),
    /// The whole track.
    Track,
}

impl Scope {
    /// Parse `task REF`, `phase N` or `track`.
    pub fn parse(words: &[String]) -> Result<Self> {
        match words {
            [kind, r] if kind == "task" => Ok(Self::Task(r.clone())),
            [kind, n] if kind == "phase" => {
                let n = n.trim();
                if n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
                    return Err(Error::Usage(format!(
                        "phase must be the number written in its heading (`1`, `0`, `2b`), got {n:?}"
                    )));
                }
                Ok(Self::Phase(n.to_owned()))
            }
            [kind] if kind == "track" => Ok(Self::Track),
            _ => Err(Error::Usage(format!(
                "revert takes `task <REF>`, `phase <N>` or `track`, got {:?}",
                words.join(" ")
            ))),
        }
    }
}

/// The 1-based position in [`Plan::phases`] of the phase `n` names: the
/// number written in a heading, or a numberless group's position. Two
/// matches are an error naming both.
fn phase_position(plan: &Plan, n: &str) -> std::result::Result<usize, String> {
    let found: Vec<usize> =
        plan.phases.iter().enumerate().filter(|(_, p)| p.key.matches(n)).map(|(i, _)| i + 1).collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no phase {n}")),
        many => Err(format!(
            "phase {n} could mean {}",
            many.iter()
                .map(|i| format!("\"{}\" (line {})", plan.phases[i - 1].title, plan.phases[i - 1].line))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
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
    /// Tasks that go back to `[ ]`: the scope's started or done tasks, then
    /// done tasks outside the scope that record a commit being reverted.
    pub tasks: Vec<TaskInfo>,
    /// Refs of the tasks in `tasks` that are outside the scope.
    #[serde(default)]
    pub outside_scope: Vec<String>,
    /// Subject of the revert commit.
    pub message: String,
    /// Things worth knowing (skipped SHAs, rebased matches, a dirty tree).
    pub warnings: Vec<String>,
    /// Which tree was read and how to read the other, when both exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout_note: Option<String>,
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

/// The SHAs a task records (a task may record several).
fn recorded_shas(task: &Task) -> Vec<&str> {
    task.shas.iter().map(|s| s.sha.as_str()).collect()
}

/// The dry run: [`plan`], plus a warning for anything that would stop
/// `--apply` before it starts (uncommitted changes, a revert in progress).
pub fn dry_run(ws: &Workspace, track: Option<&str>, scope: &Scope) -> Result<RevertPlan> {
    let mut plan = plan(ws, track, scope)?;
    let git = ws.git();
    if apply::intent_path(&git, ws).is_ok_and(|p| p.exists()) {
        plan.warnings.push(
            "a draft revert is already in progress: --apply refuses until `draft revert --continue` or `--abort`"
                .to_owned(),
        );
    }
    if let Ok(dirty) = apply::dirty_files(&git)
        && !dirty.is_empty()
    {
        plan.warnings.push(format!(
            "the work tree has uncommitted changes ({}): --apply refuses until they are committed or stashed",
            dirty.join(", ")
        ));
    }
    Ok(plan)
}

/// Work out what reverting `scope` would do, without changing anything.
/// Fails exactly where `--apply` would: nothing to revert, or a plan,
/// metadata or registry that cannot be read.
pub fn plan(ws: &Workspace, track: Option<&str>, scope: &Scope) -> Result<RevertPlan> {
    let (tree, id) = load_selected(ws, track)?;
    tree.require_readable(Some(&id), true)?;
    let plan = tree
        .tracks
        .iter()
        .find(|t| t.id == id)
        .and_then(|t| t.plan.clone())
        .ok_or_else(|| Error::InvalidState(format!("track {id} has no plan.md")))?;
    let git = ws.git();
    let in_scope: Vec<(TaskPos, &Task)> = match scope {
        Scope::Task(r) => vec![resolve(&plan, &id, r)?],
        Scope::Phase(n) => {
            let position = phase_position(&plan, n).map_err(|why| Error::Usage(format!("track {id}: {why}")))?;
            let tasks: Vec<_> = plan.counted_tasks().filter(|(p, _)| p.phase == position).collect();
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
    // Full SHA of every done task's recorded commits, for the shared-commit pass.
    let mut done_records: Vec<(TaskPos, &Task, String)> = Vec::new();
    for (pos, task) in plan.counted_tasks() {
        let inside = in_scope.iter().any(|(p, _)| *p == pos);
        for sha in recorded_shas(task) {
            let full = git.resolve_commit(sha)?;
            if task.marker == Marker::Done
                && let Some(full) = &full
            {
                done_records.push((pos, task, full.clone()));
            }
            if !inside {
                recorded_elsewhere.extend(full);
                continue;
            }
            if task.marker != Marker::Done {
                continue;
            }
            match full.and_then(|full| position.get(full.as_str()).map(|i| (*i, full))) {
                Some((i, _)) => chosen.push((i, format!("recorded on {pos}"))),
                None => match match_by_subject(&history, task, &scoped) {
                    Some(i) => {
                        warnings.push(format!(
                            "{pos}: recorded SHA {sha} is not on HEAD (rebased?); using {} \"{}\", matched by subject",
                            &history[i].0[..7.min(history[i].0.len())],
                            history[i].1
                        ));
                        chosen.push((i, format!("matched by subject for {pos}")));
                    }
                    None => warnings.push(format!(
                        "{pos}: recorded SHA {sha} is not on HEAD and no `({id})` commit mentions the task; skipped"
                    )),
                },
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
    if commits.is_empty() {
        let refs: Vec<String> = in_scope.iter().map(|(p, _)| p.to_string()).collect();
        return Err(Error::InvalidState(format!(
            "nothing to revert: no commit is recorded on the tasks in scope ({}) and none is scoped `({id})`",
            refs.join(", ")
        )));
    }
    let mut tasks: Vec<TaskInfo> = in_scope
        .iter()
        .filter(|(_, t)| matches!(t.marker, Marker::Done | Marker::InProgress))
        .map(|(p, t)| TaskInfo::new(*p, t))
        .collect();
    let mut outside_scope = Vec::new();
    for (pos, task, full) in &done_records {
        let reverted = commits.iter().any(|c| &c.sha == full);
        let listed = tasks.iter().any(|t| t.reference == pos.to_string());
        if reverted && !listed {
            outside_scope.push(pos.to_string());
            tasks.push(TaskInfo::new(*pos, task));
        }
    }
    let what = match scope {
        Scope::Task(_) => in_scope.first().map_or_else(String::new, |(p, t)| format!("task {p} {}", t.text)),
        Scope::Phase(n) => {
            let title = phase_position(&plan, n)
                .ok()
                .and_then(|i| plan.phases.get(i - 1))
                .map(|p| p.title.clone())
                .unwrap_or_default();
            format!("phase {n} {title}").trim_end().to_owned()
        }
        Scope::Track => "whole track".to_owned(),
    };
    Ok(RevertPlan {
        track: id.clone(),
        scope: scope.clone(),
        commits,
        tasks,
        outside_scope,
        message: format!("revert({id}): {what}"),
        warnings,
        layout_note: crate::tree::layout_note(ws),
    })
}

/// The newest commit scoped to the track whose subject mentions the task.
fn match_by_subject(history: &[(String, String)], task: &Task, scoped: &dyn Fn(&str) -> bool) -> Option<usize> {
    let needle = task.text.to_ascii_lowercase();
    let label = task.label.as_deref().map(str::to_ascii_lowercase);
    history.iter().position(|(_, s)| {
        let lower = s.to_ascii_lowercase();
        scoped(s)
            && !lower.starts_with("revert")
            && ((!needle.is_empty() && lower.contains(&needle)) || label.as_deref().is_some_and(|l| lower.contains(l)))
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
