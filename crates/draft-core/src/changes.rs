//! Which files a piece of work changed, and which lines it added.
//!
//! A change set has one of three sources: a list of commits (a track's
//! recorded and scoped commits, which need not be contiguous), a range
//! `BASE...HEAD` (what a branch added since it left BASE), or the work tree
//! (staged and unstaged changes against HEAD, plus untracked files that are
//! not ignored). Paths are relative to the project root (`--relative`), so
//! a draft project inside a larger repository sees only its own files.
//!
//! Added lines are reported at their line numbers in the *new* file: for a
//! range or the work tree they come from `git diff -U0`; for a list of
//! commits from `git blame HEAD`, keeping the lines whose last change is one
//! of those commits — so a line the track added and a later commit rewrote
//! is not the track's any more, and numbers are HEAD's.

use crate::git::{Git, GitError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// git's empty tree, the base of a repository without commits.
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/// Where the changes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeSource {
    /// These commits (full SHAs), each against its first parent.
    Commits(Vec<String>),
    /// `BASE...HEAD`: HEAD against the merge base of BASE and HEAD.
    Range(String),
    /// Staged and unstaged changes against HEAD, and untracked files.
    WorkTree,
}

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ChangeStatus {
    /// New file.
    Added,
    /// Changed in place.
    Modified,
    /// Removed.
    Deleted,
    /// Moved (possibly changed too).
    Renamed,
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Path relative to the project root (the new path of a rename).
    pub path: String,
    /// The old path of a rename.
    pub old_path: Option<String>,
    /// How it changed (over several commits: deleted when the last change deletes it, else added when any adds it).
    pub status: ChangeStatus,
    /// Lines added; `None` for a binary file.
    pub additions: Option<u64>,
    /// Lines removed; `None` for a binary file.
    pub deletions: Option<u64>,
}

/// A line the change added, at its number in the new file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedLine {
    /// 1-based line in the new file.
    pub line: usize,
    /// The line's text, without its terminator.
    pub text: String,
}

/// The files `source` changed, sorted by path.
pub fn changed_files(git: &Git, source: &ChangeSource) -> Result<Vec<FileChange>, GitError> {
    let mut merged: BTreeMap<String, FileChange> = BTreeMap::new();
    match source {
        ChangeSource::Commits(shas) => {
            // Oldest first, so the last status a file gets is its latest.
            let mut ordered = shas.clone();
            ordered.reverse();
            for sha in &ordered {
                let base = ["diff-tree", "-r", "--root", "--no-commit-id", "-M", "--relative", "-z"];
                let status = git.run(&[&base[..], &["--name-status", sha.as_str()]].concat())?;
                let numstat = git.run(&[&base[..], &["--numstat", sha.as_str()]].concat())?;
                merge(&mut merged, parse_changes(&status, &numstat));
            }
        }
        ChangeSource::Range(base) => {
            let range = format!("{base}...HEAD");
            let args = ["-c", "core.quotePath=false", "diff", "-M", "--relative", "-z", "--no-ext-diff"];
            let status = git.run(&[&args[..], &["--name-status", range.as_str()]].concat())?;
            let numstat = git.run(&[&args[..], &["--numstat", range.as_str()]].concat())?;
            merge(&mut merged, parse_changes(&status, &numstat));
        }
        ChangeSource::WorkTree => {
            let base = work_tree_base(git)?;
            let args = ["diff", "-M", "--relative", "-z", "--no-ext-diff"];
            let status = git.run(&[&args[..], &["--name-status", base]].concat())?;
            let numstat = git.run(&[&args[..], &["--numstat", base]].concat())?;
            merge(&mut merged, parse_changes(&status, &numstat));
            for path in untracked(git)? {
                let additions = std::fs::read(git.dir().join(&path))
                    .ok()
                    .filter(|b| !b.contains(&0))
                    .map(|b| String::from_utf8_lossy(&b).lines().count() as u64);
                let deletions = additions.map(|_| 0);
                let change = FileChange {
                    path: path.clone(),
                    old_path: None,
                    status: ChangeStatus::Added,
                    additions,
                    deletions,
                };
                merged.insert(path, change);
            }
        }
    }
    Ok(merged.into_values().collect())
}

/// `git diff -U0` against `rev` (a commit, or `A...B`), with renames
/// followed, paths relative and unquoted, and no colour or external tool:
/// the hunk headers [`hunk_lines`] reads.
fn zero_context_diff(git: &Git, rev: &str) -> Result<String, GitError> {
    git.run(&["-c", "core.quotePath=false", "diff", "-U0", "-M", "--relative", "--no-color", "--no-ext-diff", rev])
}

/// HEAD, or the empty tree before the first commit.
fn work_tree_base(git: &Git) -> Result<&'static str, GitError> {
    Ok(if git.resolve_commit("HEAD")?.is_some() { "HEAD" } else { EMPTY_TREE })
}

/// Untracked files that are not ignored, relative to the project root.
fn untracked(git: &Git) -> Result<Vec<String>, GitError> {
    let out = git.run(&["ls-files", "-z", "--others", "--exclude-standard"])?;
    Ok(out.split('\0').filter(|p| !p.is_empty()).map(str::to_owned).collect())
}

/// Fold one commit's (or one diff's) changes into the running set.
fn merge(into: &mut BTreeMap<String, FileChange>, changes: Vec<FileChange>) {
    for c in changes {
        match into.get_mut(&c.path) {
            None => {
                into.insert(c.path.clone(), c);
            }
            Some(prev) => {
                prev.additions = prev.additions.zip(c.additions).map(|(a, b)| a + b);
                prev.deletions = prev.deletions.zip(c.deletions).map(|(a, b)| a + b);
                prev.status = match (prev.status, c.status) {
                    (_, ChangeStatus::Deleted) => ChangeStatus::Deleted,
                    (ChangeStatus::Added | ChangeStatus::Deleted, _) => ChangeStatus::Added,
                    (ChangeStatus::Renamed, _) => ChangeStatus::Renamed,
                    (_, s) => s,
                };
            }
        }
    }
}

/// Pair `--name-status -z` with `--numstat -z` output of the same diff.
fn parse_changes(status: &str, numstat: &str) -> Vec<FileChange> {
    let mut counts: BTreeMap<String, (Option<u64>, Option<u64>)> = BTreeMap::new();
    let mut fields = numstat.split('\0');
    while let Some(head) = fields.next() {
        let mut parts = head.splitn(3, '\t');
        let (Some(add), Some(del), Some(path)) = (parts.next(), parts.next(), parts.next()) else { continue };
        // A rename leaves the path empty and gives old and new as the next two fields.
        let path = if path.is_empty() {
            let _old = fields.next();
            fields.next().unwrap_or_default().to_owned()
        } else {
            path.to_owned()
        };
        counts.insert(path, (add.parse().ok(), del.parse().ok()));
    }
    let mut out = Vec::new();
    let mut fields = status.split('\0').filter(|f| !f.is_empty());
    while let Some(code) = fields.next() {
        let (status, old_path, path) = match code.chars().next() {
            Some('R' | 'C') => {
                let old = fields.next().unwrap_or_default().to_owned();
                let new = fields.next().unwrap_or_default().to_owned();
                let status = if code.starts_with('R') { ChangeStatus::Renamed } else { ChangeStatus::Added };
                (status, Some(old), new)
            }
            Some('A') => (ChangeStatus::Added, None, fields.next().unwrap_or_default().to_owned()),
            Some('D') => (ChangeStatus::Deleted, None, fields.next().unwrap_or_default().to_owned()),
            _ => (ChangeStatus::Modified, None, fields.next().unwrap_or_default().to_owned()),
        };
        if path.is_empty() {
            continue;
        }
        let (additions, deletions) = counts.get(&path).copied().unwrap_or((None, None));
        out.push(FileChange { path, old_path, status, additions, deletions });
    }
    out
}

/// The lines `source` added to each of `files` (deleted and binary files
/// have none), by path, in line order.
pub fn added_lines(
    git: &Git,
    source: &ChangeSource,
    files: &[FileChange],
) -> Result<BTreeMap<String, Vec<AddedLine>>, GitError> {
    let wanted: BTreeSet<&str> = files
        .iter()
        .filter(|f| f.status != ChangeStatus::Deleted && f.additions.is_some_and(|n| n > 0))
        .map(|f| f.path.as_str())
        .collect();
    let mut out = BTreeMap::new();
    match source {
        ChangeSource::Commits(shas) => {
            let set: BTreeSet<&str> = shas.iter().map(String::as_str).collect();
            for path in wanted {
                let blame = match git.run(&["blame", "--porcelain", "HEAD", "--", path]) {
                    Ok(b) => b,
                    // Not at HEAD (deleted later, or outside HEAD's history): nothing of it is the track's.
                    Err(GitError::Failed { .. }) => continue,
                    Err(e) => return Err(e),
                };
                let lines = blamed_lines(&blame, &set);
                if !lines.is_empty() {
                    out.insert(path.to_owned(), lines);
                }
            }
        }
        ChangeSource::Range(base) => {
            let range = format!("{base}...HEAD");
            let diff = zero_context_diff(git, &range)?;
            out = hunk_lines(&diff, &wanted);
        }
        ChangeSource::WorkTree => {
            let base = work_tree_base(git)?;
            let diff = zero_context_diff(git, base)?;
            out = hunk_lines(&diff, &wanted);
            let untracked: BTreeSet<String> = untracked(git)?.into_iter().collect();
            for path in wanted.iter().filter(|p| untracked.contains(**p)) {
                let Ok(text) = std::fs::read_to_string(git.dir().join(path)) else { continue };
                let lines: Vec<AddedLine> =
                    text.lines().enumerate().map(|(i, t)| AddedLine { line: i + 1, text: t.to_owned() }).collect();
                out.insert((*path).to_owned(), lines);
            }
        }
    }
    Ok(out)
}

/// Lines of `git blame --porcelain` output whose commit is in `set`.
fn blamed_lines(blame: &str, set: &BTreeSet<&str>) -> Vec<AddedLine> {
    let mut out = Vec::new();
    let mut current: Option<(bool, usize)> = None;
    for line in blame.lines() {
        if let Some(text) = line.strip_prefix('\t') {
            if let Some((true, number)) = current {
                out.push(AddedLine { line: number, text: text.to_owned() });
            }
            continue;
        }
        let mut words = line.split(' ');
        let (Some(sha), Some(_orig), Some(final_line)) = (words.next(), words.next(), words.next()) else { continue };
        if sha.len() == 40
            && sha.bytes().all(|b| b.is_ascii_hexdigit())
            && let Ok(n) = final_line.parse()
        {
            current = Some((set.contains(sha), n));
        }
    }
    out
}

/// Added lines of a `-U0` unified diff, for the files in `wanted`.
fn hunk_lines(diff: &str, wanted: &BTreeSet<&str>) -> BTreeMap<String, Vec<AddedLine>> {
    let mut out: BTreeMap<String, Vec<AddedLine>> = BTreeMap::new();
    let mut file: Option<String> = None;
    let mut next_line = 0usize;
    // Between `diff --git` and the first `@@`, `+++ ` names the file; inside a
    // hunk it is an added line that starts with `++`.
    let mut in_header = false;
    for line in diff.lines() {
        if line.starts_with("diff --git ") {
            file = None;
            in_header = true;
        } else if let Some(path) = line.strip_prefix("+++ ").filter(|_| in_header) {
            file = path.strip_prefix("b/").filter(|p| wanted.contains(p)).map(str::to_owned);
        } else if let Some(rest) = line.strip_prefix("@@ ") {
            in_header = false;
            // `@@ -a,b +c,d @@`: the new side starts at c.
            next_line = rest
                .split(' ')
                .find_map(|w| w.strip_prefix('+'))
                .and_then(|w| w.split(',').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
        } else if let (false, Some(path), Some(text)) = (in_header, &file, line.strip_prefix('+')) {
            out.entry(path.clone()).or_default().push(AddedLine { line: next_line, text: text.to_owned() });
            next_line += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_and_numstat_pair_up() {
        let status = "M\0src/a.rs\0R090\0old.rs\0new.rs\0D\0gone.py\0A\0img.png\0";
        let numstat = "3\t1\tsrc/a.rs\x002\t0\t\0old.rs\0new.rs\x000\t4\tgone.py\0-\t-\timg.png\0";
        let got = parse_changes(status, numstat);
        assert_eq!(got.len(), 4);
        assert_eq!((got[0].status, got[0].additions, got[0].deletions), (ChangeStatus::Modified, Some(3), Some(1)));
        assert_eq!((got[1].path.as_str(), got[1].old_path.as_deref()), ("new.rs", Some("old.rs")));
        assert_eq!(got[1].additions, Some(2));
        assert_eq!(got[2].status, ChangeStatus::Deleted);
        assert_eq!(got[3].additions, None);
    }

    #[test]
    fn hunks_give_new_line_numbers() {
        let diff = "diff --git a/x.rs b/x.rs\n--- a/x.rs\n+++ b/x.rs\n@@ -3,0 +4,2 @@ fn\n+one\n+two\n@@ -10 +12 @@\n-old\n+new\n@@ -20,0 +22 @@\n+++ not a header\n";
        let wanted: BTreeSet<&str> = ["x.rs"].into_iter().collect();
        let got = hunk_lines(diff, &wanted);
        let lines: Vec<(usize, &str)> = got["x.rs"].iter().map(|l| (l.line, l.text.as_str())).collect();
        assert_eq!(lines, vec![(4, "one"), (5, "two"), (12, "new"), (22, "++ not a header")]);
    }

    #[test]
    fn blame_keeps_the_listed_commits_lines() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let blame = format!("{a} 1 1 1\nauthor x\n\tkept\n{b} 1 2 1\nauthor y\n\tother\n{a} 2 3\n\tkept too\n");
        let set: BTreeSet<&str> = [a.as_str()].into_iter().collect();
        let got = blamed_lines(&blame, &set);
        assert_eq!(
            got,
            vec![AddedLine { line: 1, text: "kept".into() }, AddedLine { line: 3, text: "kept too".into() }]
        );
    }
}
