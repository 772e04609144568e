//! Carrying a revert out: git reverts the code, draft owns its bookkeeping.
//!
//! `apply` refuses a dirty tree, records its intent in
//! `.git/draft-revert.json` (inside `.git`, never in the work tree) and runs
//! `git revert --no-commit` one commit at a time, newest first. Agents
//! commit code together with plan.md, metadata.json and tracks.md, so those
//! commits' reverts would fight draft over its own files: after each
//! `git revert --no-commit`, draft's bookkeeping files (any `plan.md`,
//! `metadata.json` or `tracks.md` under `draft/` or `conductor/`) are put
//! back as they are at HEAD, which also settles any conflict in them. When
//! every commit is reverted, the tasks are set back to `[ ]` (SHA removed, a
//! `- Reverted on <date> (was <sha>)` note added), the track is synced, and
//! one `revert(<id>): …` commit records the code revert and the reset
//! together, leaving a clean tree.
//!
//! A conflict in any other file stops the revert with git in the conflicted
//! state and every draft file as at HEAD; `continue_` (after the user
//! resolves and `git add`s) reverts the remaining commits and finishes,
//! `abort` restores HEAD.

use super::{RevertPlan, RevertReport, Scope, plan};
use crate::engine::sync::{self, SyncReport};
use crate::error::{Error, Result};
use crate::git::{Git, GitError};
use crate::workspace::{self, Workspace};
use draft_model::edit;
use draft_model::plan::edit as plan_edit;
use draft_model::plan::{Marker, Plan};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The documents draft derives or edits itself; a revert never takes them from git.
const BOOKKEEPING: [&str; 3] = ["plan.md", "metadata.json", "tracks.md"];

#[derive(Debug, Serialize, Deserialize)]
struct Intent {
    plan: RevertPlan,
    /// Commits not yet reverted, newest first.
    remaining: Vec<String>,
}

pub(super) fn intent_path(git: &Git, ws: &Workspace) -> Result<PathBuf> {
    let rel = git.run(&["rev-parse", "--git-path", "draft-revert.json"])?;
    Ok(ws.root.join(rel.trim()))
}

/// Changed or untracked files, relative to the repository root.
pub(super) fn dirty_files(git: &Git) -> Result<Vec<String>> {
    Ok(git
        .run(&["status", "--porcelain", "--untracked-files=normal"])?
        .lines()
        .filter(|l| l.len() > 3)
        .map(|l| l[3..].to_owned())
        .collect())
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
    let dirty = dirty_files(&git)?;
    if !dirty.is_empty() {
        return Err(Error::DirtyTree { files: dirty });
    }
    // The same computation the dry run shows, refusals included.
    let plan = plan(ws, track, scope)?;
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

/// Whether `file` (relative to the repository root) is one of draft's own
/// bookkeeping files; `prefix` is the project root relative to the
/// repository root (`""` or `sub/dir/`).
fn is_bookkeeping(file: &str, prefix: &str) -> bool {
    let Some(rel) = file.strip_prefix(prefix) else { return false };
    let in_context = rel.starts_with("draft/") || rel.starts_with("conductor/");
    in_context && rel.rsplit('/').next().is_some_and(|name| BOOKKEEPING.contains(&name))
}

/// Put these repository-relative files back as they are at HEAD (index and
/// work tree), which also resolves any conflict in them.
fn keep_at_head(git: &Git, files: &[String]) -> Result<()> {
    for file in files {
        let spec = format!(":(top,literal){file}");
        let at_head = git.output(&["cat-file", "-e", &format!("HEAD:{file}")])?.status.success();
        if at_head {
            git.run(&["checkout", "-q", "HEAD", "--", &spec])?;
        } else {
            git.run(&["rm", "-q", "-f", "--ignore-unmatch", "--", &spec])?;
        }
    }
    Ok(())
}

fn run_reverts(ws: &Workspace, git: &Git, path: &Path, mut intent: Intent) -> Result<RevertReport> {
    save(path, &intent)?;
    let prefix = git.run(&["rev-parse", "--show-prefix"])?.trim().to_owned();
    while let Some(sha) = intent.remaining.first().cloned() {
        let out = git.output(&["revert", "--no-commit", &sha])?;
        let conflicted = unmerged(git)?;
        if !out.status.success() && conflicted.is_empty() {
            intent.remaining.remove(0);
            save(path, &intent)?;
            let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
            return Err(Error::Git(GitError::Failed { args: format!("revert --no-commit {sha}"), stderr }));
        }
        let touched = intent.plan.commits.iter().filter(|c| c.sha == sha).flat_map(|c| c.files.iter());
        let mut ours: Vec<String> =
            touched.chain(&conflicted).filter(|f| is_bookkeeping(f, &prefix)).cloned().collect();
        ours.sort();
        ours.dedup();
        keep_at_head(git, &ours)?;
        intent.remaining.remove(0);
        save(path, &intent)?;
        let left = unmerged(git)?;
        if !left.is_empty() {
            return Err(Error::RevertConflict { files: left });
        }
        let _ = git.output(&["revert", "--quit"]);
    }
    let _lock = ws.lock()?;
    let (written, sync) = reset_tasks(ws, &intent.plan)?;
    if !written.is_empty() {
        let mut add = vec!["add", "--"];
        add.extend(written.iter().map(String::as_str));
        git.run(&add)?;
    }
    let mut body = String::from("Reverts:\n");
    for c in &intent.plan.commits {
        body.push_str(&format!("- {} {}\n", c.short, c.subject));
    }
    git.run(&["commit", "-q", "--no-edit", "--allow-empty", "-m", &intent.plan.message, "-m", body.trim_end()])?;
    let commit: String = git.run(&["rev-parse", "--short=7", "HEAD"])?.trim().to_owned();
    std::fs::remove_file(path).map_err(|e| Error::io("removing", path, e))?;
    Ok(RevertReport { plan: intent.plan, applied: true, commit: Some(commit), sync: Some(sync) })
}

/// Set the reverted tasks back to `[ ]` with a note, then sync; the caller
/// holds the project lock. Returns the files written (absolute paths).
fn reset_tasks(ws: &Workspace, plan: &RevertPlan) -> Result<(Vec<String>, SyncReport)> {
    let dir = ws.track_dir(&plan.track)?;
    let path = dir.join("plan.md");
    let doc = Plan::parse(workspace::read_text(&path)?);
    let date = crate::clock::date(ws.now());
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
        let was: Vec<&str> = task.shas.iter().map(|s| s.sha.as_str()).collect();
        let note = if was.is_empty() {
            format!("Reverted on {date}")
        } else {
            format!("Reverted on {date} (was {})", was.join(", "))
        };
        edits.push(plan_edit::add_note(&doc, task, &note));
    }
    let text = edit::apply(doc.source(), edits).map_err(|source| Error::Edit { path: path.clone(), source })?;
    let mut written = Vec::new();
    if text != doc.source() {
        ws.write(&path, text.as_bytes())?;
        written.push(path.display().to_string());
    }
    let sync = sync::sync_locked(ws, Some(&plan.track))?;
    written.extend(sync.written.iter().map(|f| ws.root.join(f).display().to_string()));
    Ok((written, sync))
}
