//! The track's recent commits for `draft context`: the SHAs recorded on its
//! tasks (checked in one `cat-file --batch-check`, read in one `git log`)
//! and the commits whose subject is scoped to it (`type(<id>): …`, found
//! with one `git log --grep`), newest first by committer date. `draft review`
//! reads the whole list through [`all_track_commits`], missing SHAs included.

use super::TrackCommit;
use crate::git::{Git, GitError};
use crate::tree::TrackDocs;
use crate::workspace::Workspace;

/// `type(<id>): …` or `type(<id>)!: …`.
pub(crate) fn has_scope(subject: &str, id: &str) -> bool {
    let Some(open) = subject.find('(') else { return false };
    let kind = &subject[..open];
    !kind.is_empty()
        && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && subject[open + 1..].strip_prefix(id).is_some_and(|rest| rest.starts_with("):") || rest.starts_with(")!:"))
}

const LOG_FORMAT: &str = "--format=%H%x00%h%x00%cs%x00%ct%x00%s";

/// Parse `LOG_FORMAT` lines into (commit, timestamp).
fn parse_log(out: &str, reason: impl Fn(&str) -> String) -> Vec<(TrackCommit, i64)> {
    out.lines()
        .filter_map(|l| {
            let mut f = l.splitn(5, '\0');
            let (sha, short, date, ts, subject) = (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
            Some((
                TrackCommit {
                    sha: sha.to_owned(),
                    short: short.to_owned(),
                    date: date.to_owned(),
                    subject: subject.to_owned(),
                    reason: reason(sha),
                },
                ts.parse().unwrap_or(0),
            ))
        })
        .collect()
}

/// Recorded SHAs and `(<id>)`-scoped commits, newest first, at most `limit`.
pub(super) fn track_commits(
    ws: &Workspace,
    track: &TrackDocs,
    limit: usize,
    notes: &mut Vec<String>,
) -> Vec<TrackCommit> {
    if limit == 0 {
        return Vec::new();
    }
    let git = ws.git();
    match collect_commits(&git, track, limit) {
        Ok(list) => list,
        Err(GitError::NotARepo(_)) => {
            notes.push("not inside a git repository: no commits listed".to_owned());
            Vec::new()
        }
        Err(GitError::NoCommits) => Vec::new(),
        Err(e) => {
            notes.push(format!("the track's commits could not be listed: {e}"));
            Vec::new()
        }
    }
}

/// Every commit of a track, newest first, and the recorded SHAs that name no
/// commit. Shared by `draft context` (which keeps the newest few) and
/// `draft review` (which takes them all and reports the missing ones).
#[derive(Debug, Clone, Default)]
pub struct TrackCommits {
    /// Recorded and `(<id>)`-scoped commits, newest first by committer date.
    pub commits: Vec<TrackCommit>,
    /// Recorded SHAs git does not know as commits, with the task ref that records each.
    pub missing: Vec<MissingSha>,
}

/// A SHA recorded on a task that names no commit (rebased away, mistyped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingSha {
    /// The SHA as written.
    pub sha: String,
    /// The task's ref, e.g. `1.2`.
    pub task: String,
    /// 1-based line of the task in plan.md.
    pub line: usize,
}

/// All commits of `track`: the SHAs recorded on its tasks (one batched
/// existence check, one `git log`), then `(<id>)`-scoped subjects (one
/// `git log --grep`, at most `scan` commits searched; `None` searches all).
pub fn all_track_commits(git: &Git, track: &TrackDocs, scan: Option<usize>) -> Result<TrackCommits, GitError> {
    let mut found: Vec<(TrackCommit, i64)> = Vec::new();
    let mut missing = Vec::new();
    // SHAs recorded on tasks: check they exist in one batch, then read them in one log.
    let recorded: Vec<(String, String, usize)> = track
        .plan
        .as_ref()
        .map(|p| {
            p.counted_tasks()
                .flat_map(|(pos, t)| t.shas.iter().map(move |s| (s.sha.clone(), pos.to_string(), t.line)))
                .collect()
        })
        .unwrap_or_default();
    if !recorded.is_empty() {
        let input: String = recorded.iter().map(|(sha, _, _)| format!("{sha}^{{commit}}\n")).collect();
        let out = git.run_with_input(&["cat-file", "--batch-check=%(objectname) %(objecttype)"], input.into_bytes())?;
        let out = String::from_utf8_lossy(&out);
        let mut full_to_ref: Vec<(String, String)> = Vec::new();
        for (line, (sha, pos, task_line)) in out.lines().zip(&recorded) {
            match line.strip_suffix(" commit") {
                Some(full) => full_to_ref.push((full.to_owned(), pos.clone())),
                None => missing.push(MissingSha { sha: sha.clone(), task: pos.clone(), line: *task_line }),
            }
        }
        if !full_to_ref.is_empty() {
            let input: String = full_to_ref.iter().map(|(sha, _)| format!("{sha}\n")).collect();
            let out = git.run_with_input(&["log", "--stdin", "--no-walk=unsorted", LOG_FORMAT], input.into_bytes())?;
            for (c, ts) in parse_log(&String::from_utf8_lossy(&out), |sha| {
                let refs: Vec<&str> = full_to_ref.iter().filter(|(f, _)| f == sha).map(|(_, r)| r.as_str()).collect();
                format!("recorded on {}", refs.join(", "))
            }) {
                if !found.iter().any(|(f, _)| f.sha == c.sha) {
                    found.push((c, ts));
                }
            }
        }
    }
    let scope = format!("({})", track.id);
    let max = scan.map(|n| n.to_string());
    let mut args = vec!["log"];
    if let Some(max) = &max {
        args.extend(["-n", max.as_str()]);
    }
    args.extend(["--fixed-strings", "--grep", &scope, LOG_FORMAT, "HEAD"]);
    match git.run(&args) {
        Ok(out) => {
            let id = track.id.clone();
            for (c, ts) in parse_log(&out, |_| format!("scope ({id})")) {
                if has_scope(&c.subject, &track.id) && !found.iter().any(|(f, _)| f.sha == c.sha) {
                    found.push((c, ts));
                }
            }
        }
        Err(GitError::NoCommits) => {}
        Err(e) => return Err(e),
    }
    found.sort_by_key(|(_, ts)| std::cmp::Reverse(*ts));
    Ok(TrackCommits { commits: found.into_iter().map(|(c, _)| c).collect(), missing })
}

fn collect_commits(git: &Git, track: &TrackDocs, limit: usize) -> Result<Vec<TrackCommit>, GitError> {
    let mut all = all_track_commits(git, track, Some((limit * 4).max(20)))?;
    all.commits.truncate(limit);
    Ok(all.commits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_matches_conventional_subjects_only() {
        assert!(has_scope("feat(add-auth): login", "add-auth"));
        assert!(has_scope("fix(add-auth)!: login", "add-auth"));
        assert!(!has_scope("feat(add-auth-2): x", "add-auth"));
        assert!(!has_scope("Merge (add-auth): x", "add-auth"));
    }
}
