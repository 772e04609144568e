//! The lines a branch changed, and the files a track changed, from git.
//!
//! Diff coverage follows diff-cover's default: the base is the merge base
//! of HEAD with the comparison branch (`--base`, else the first of
//! `origin/main`, `origin/master`, `main`, `master` that exists), and the
//! changed lines are the lines added or modified between that merge base
//! and the *work tree* — committed, staged and unstaged changes together
//! (`git diff -U0 <merge-base>`), so line numbers are those of the files the
//! coverage run measured. Untracked files are not part of the diff (as in
//! diff-cover without `--include-untracked`). A track's files are those
//! touched by its commits: the SHAs recorded on its done tasks and the
//! commits whose subject is scoped to it (`type(<id>): …`).

use crate::engine::context::commits::has_scope;
use crate::error::{Error, Result};
use crate::git::{Git, GitError};
use draft_model::plan::{Marker, Plan};
use std::collections::{BTreeMap, BTreeSet};

/// The branches tried, in order, when no `--base` is given.
pub const DEFAULT_BASES: [&str; 4] = ["origin/main", "origin/master", "main", "master"];

/// Where the diff starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The ref as given or found (`origin/main`).
    pub name: String,
    /// The merge base of it and HEAD.
    pub merge_base: String,
}

/// The comparison ref and its merge base with HEAD; `Ok(None)` with the
/// reason when there is nothing to compare with (no main branch found, no
/// common history). A `--base` that names no commit is an error.
pub fn find_base(git: &Git, wanted: Option<&str>) -> Result<std::result::Result<Base, String>> {
    let name = match wanted {
        Some(w) => {
            if git.resolve_commit(w)?.is_none() {
                return Err(Error::UnknownCommit { rev: w.to_owned() });
            }
            w.to_owned()
        }
        None => {
            let mut found = None;
            for b in DEFAULT_BASES {
                if git.resolve_commit(b)?.is_some() {
                    found = Some(b.to_owned());
                    break;
                }
            }
            match found {
                Some(f) => f,
                None => {
                    return Ok(Err(format!(
                        "no main branch to compare with ({} not found): pass --base REF for diff coverage",
                        DEFAULT_BASES.join(", ")
                    )));
                }
            }
        }
    };
    match git.run(&["merge-base", &name, "HEAD"]) {
        Ok(sha) => Ok(Ok(Base { name, merge_base: sha.trim().to_owned() })),
        Err(GitError::Failed { .. }) => Ok(Err(format!("{name} and HEAD share no history: no diff coverage"))),
        Err(e) => Err(e.into()),
    }
}

/// Lines added or modified since `merge_base` in the work tree, per file
/// (repository-relative paths, sorted line numbers).
pub fn changed_lines(git: &Git, merge_base: &str) -> Result<BTreeMap<String, Vec<u32>>> {
    let out = git.run(&[
        "-c",
        "core.quotepath=false",
        "diff",
        "--no-color",
        "--no-ext-diff",
        "-U0",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        merge_base,
        "--",
    ])?;
    Ok(parse_unified(&out))
}

/// Added lines per file of a `-U0` unified diff.
pub fn parse_unified(diff: &str) -> BTreeMap<String, Vec<u32>> {
    let mut out: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            let path = unquote(path.trim_end());
            current = path.strip_prefix("b/").map(str::to_owned);
            continue;
        }
        if line.starts_with("diff --git ") {
            current = None;
            continue;
        }
        let (Some(file), Some(hunk)) = (&current, line.strip_prefix("@@ ")) else { continue };
        let Some(new) = hunk.split(' ').find_map(|w| w.strip_prefix('+')) else { continue };
        let (start, count) = match new.split_once(',') {
            Some((s, c)) => (s.parse::<u32>().ok(), c.parse::<u32>().ok()),
            None => (new.parse::<u32>().ok(), Some(1)),
        };
        if let (Some(start), Some(count)) = (start, count) {
            out.entry(file.clone()).or_default().extend((0..count).map(|i| start + i));
        }
    }
    for lines in out.values_mut() {
        lines.sort_unstable();
        lines.dedup();
    }
    out.retain(|_, v| !v.is_empty());
    out
}

/// git's C-style quoting of unusual paths (`"b/caf\303\251.py"`).
fn unquote(s: &str) -> String {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else { return s.to_owned() };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(n @ b'0'..=b'7') = it.peek().copied() {
                        v = v * 8 + u32::from(n - b'0');
                        it.next();
                    }
                }
                bytes.push(u8::try_from(v).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The files the track's commits touched (outside the context directory),
/// and how many commits that was.
pub fn track_files(git: &Git, id: &str, plan: Option<&Plan>, context_dir: &str) -> Result<(BTreeSet<String>, usize)> {
    let mut shas: Vec<String> = Vec::new();
    let recorded: Vec<&str> = plan
        .map(|p| {
            p.counted_tasks()
                .filter(|(_, t)| t.marker == Marker::Done)
                .flat_map(|(_, t)| t.shas.iter().map(|s| s.sha.as_str()))
                .collect()
        })
        .unwrap_or_default();
    if !recorded.is_empty() {
        let input: String = recorded.iter().map(|s| format!("{s}^{{commit}}\n")).collect();
        let out = git.run_with_input(&["cat-file", "--batch-check=%(objectname) %(objecttype)"], input.into_bytes())?;
        for line in String::from_utf8_lossy(&out).lines() {
            if let Some(full) = line.strip_suffix(" commit") {
                shas.push(full.to_owned());
            }
        }
    }
    match git.run(&["log", "--format=%H%x00%s", "HEAD"]) {
        Ok(log) => {
            for line in log.lines() {
                if let Some((sha, subject)) = line.split_once('\0')
                    && has_scope(subject, id)
                {
                    shas.push(sha.to_owned());
                }
            }
        }
        Err(GitError::NoCommits) => {}
        Err(e) => return Err(e.into()),
    }
    shas.sort();
    shas.dedup();
    if shas.is_empty() {
        return Ok((BTreeSet::new(), 0));
    }
    let input: String = shas.iter().map(|s| format!("{s}\n")).collect();
    let out = git.run_with_input(
        &["diff-tree", "--stdin", "--no-commit-id", "--name-only", "-r", "--root", "-z"],
        input.into_bytes(),
    )?;
    let prefix = format!("{context_dir}/");
    let files = String::from_utf8_lossy(&out)
        .split('\0')
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.is_empty() && !p.starts_with(&prefix))
        .map(str::to_owned)
        .collect();
    Ok((files, shas.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_added_lines_from_a_zero_context_diff() {
        let diff = "diff --git a/src/a.py b/src/a.py\nindex 1..2 100644\n--- a/src/a.py\n+++ b/src/a.py\n@@ -3 +3,2 @@ def f():\n-x\n+y\n+z\n@@ -10,2 +11,0 @@\n-gone\n-gone\n@@ -20,0 +21 @@\n+new\ndiff --git a/old.py b/old.py\ndeleted file mode 100644\n--- a/old.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\ndiff --git a/caf.py b/caf.py\n--- a/x\n+++ \"b/caf\\303\\251.py\"\n@@ -0,0 +1,2 @@\n+a\n+b\n";
        let got = parse_unified(diff);
        assert_eq!(got["src/a.py"], [3, 4, 21]);
        assert_eq!(got["café.py"], [1, 2]);
        assert!(!got.contains_key("old.py"));
    }
}
