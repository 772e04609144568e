//! `draft refresh`: which context documents the code has moved away from,
//! and the facts regions brought up to date.
//!
//! For each context document the baseline is its `synced_to_commit`. When
//! the freshness state (`draft/.state/freshness.json`) was recorded at that
//! same commit, the changes are the content differences between the state
//! and the work tree, found from file stats first (an unchanged tree is
//! confirmed without opening a file) — this covers commits, branch
//! switches, and uncommitted and untracked files alike, and knows which
//! uncommitted edits a previous refresh already took in. Otherwise git
//! answers: the files changed between `synced_to_commit` and HEAD
//! (`git diff --name-status -M`), plus uncommitted changes against HEAD and
//! untracked files; a `synced_to_commit` that is no longer in the history
//! (a force-push) makes the document stale as a whole. Paths under the
//! context directory never count. Changed files are mapped to the sections
//! they feed ([`feeds`]).
//!
//! Writing (not `--check`): under the project lock, the facts regions of
//! the stale documents that have one are regenerated, those documents'
//! frontmatter is restamped to HEAD (only the values' bytes), documents
//! named as reviewed are restamped too, and the state is rewritten. Every
//! other byte of every document stays as it was. `--check` writes nothing.

pub mod feeds;
pub mod stamp;

use crate::error::Result;
use crate::git::{Git, GitError, RepoState};
use crate::workspace::{Workspace, read_text};
use draft_facts::freshness::{self, Change, ChangeKind, State};
use draft_facts::markers::{self, Anchor};
use draft_model::frontmatter;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What `refresh` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct RefreshOptions {
    /// Report only; write nothing.
    pub check: bool,
    /// Documents (names such as `architecture.md`) a person or agent has
    /// brought up to date: restamped even though they hold no facts region.
    pub reviewed: Vec<String>,
}

/// A changed file, as refresh saw it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FileChange {
    /// Path relative to the root (the new path of a rename).
    pub path: String,
    /// `added`, `modified`, `deleted` or `renamed`.
    pub kind: String,
    /// The old path of a rename.
    pub from: Option<String>,
}

/// One section a change feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SectionFeed {
    /// The section's heading, or `facts` for the generated region.
    pub section: String,
    /// The changed files feeding it.
    pub files: Vec<String>,
}

/// A context document's freshness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocFreshness {
    /// Path relative to the root.
    pub path: String,
    /// Its `synced_to_commit`, as written.
    pub synced_to_commit: Option<String>,
    /// True when something it reflects has changed.
    pub stale: bool,
    /// Why, in words (`3 files changed since a1b2c3d`, `synced_to_commit not in history`, …).
    pub reasons: Vec<String>,
    /// The changed files it reflects (relative paths; both paths of a rename), sorted.
    pub changed_files: Vec<String>,
    /// The same changes, each with how the file changed, sorted by path.
    pub changes: Vec<FileChange>,
    /// The sections the changes feed.
    pub sections: Vec<SectionFeed>,
    /// True when this run rewrote it (facts region and frontmatter).
    pub refreshed: bool,
}

/// What `refresh` found and did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RefreshReport {
    /// The project root.
    pub root: String,
    /// HEAD, when the repository has one.
    pub head: Option<String>,
    /// True for `--check` (nothing written).
    pub check: bool,
    /// The context documents, in a fixed order.
    pub documents: Vec<DocFreshness>,
    /// True when any document is stale (after this run's rewrites).
    pub stale: bool,
    /// Files whose contents were read to compare them with the state (0 on an unchanged tree).
    pub files_hashed: usize,
    /// Files whose metadata was compared.
    pub files_seen: usize,
    /// How the changes were found: `state` or `git`, per document's baseline.
    pub baseline: String,
    /// Files written, relative to the root.
    pub written: Vec<String>,
    /// Problems that did not stop the run.
    pub warnings: Vec<String>,
}

/// Where the state file lives.
#[must_use]
pub fn state_path(ws: &Workspace) -> PathBuf {
    ws.state_dir().join("freshness.json")
}

/// Record the current tree as the state (used by `init`). Returns the
/// paths written.
pub fn write_state(ws: &Workspace, state: &State) -> Result<Vec<PathBuf>> {
    let (dir, fresh_ignore) = ws.ensure_state_dir()?;
    let mut written = Vec::new();
    if fresh_ignore {
        written.push(dir.join(".gitignore"));
    }
    let path = dir.join("freshness.json");
    ws.write(&path, &state.to_bytes())?;
    written.push(path);
    Ok(written)
}

/// Run refresh (see the module doc).
pub fn refresh(ws: &Workspace, opts: &RefreshOptions) -> Result<RefreshReport> {
    let _lock = if opts.check { None } else { Some(ws.lock()?) };
    let git = ws.git();
    let ctx_name = ws.layout.dir_name();
    let mut warnings = Vec::new();
    // HEAD alone: the full stamp (branch, upstream, dirty) costs a
    // `git diff HEAD` over the index, paid only when a document is rewritten.
    let head = match git.resolve_commit("HEAD") {
        Ok(Some(sha)) => Some(sha),
        Ok(None) => {
            warnings.push(match git.repo_state() {
                RepoState::NoCommits { .. } => {
                    "the repository has no commits yet: documents cannot be synced to a commit".into()
                }
                _ => "not inside a git repository: only the freshness state can show changes".into(),
            });
            None
        }
        Err(GitError::Missing(reason)) => {
            warnings.push(format!("git could not be run ({reason}): only the freshness state can show changes"));
            None
        }
        Err(_) => {
            warnings.push("not inside a git repository: only the freshness state can show changes".into());
            None
        }
    };
    let previous = State::load(&state_path(ws));
    let had_state = previous.is_some();
    let previous_head = previous.as_ref().and_then(|p| p.head.clone());
    let scan = freshness::scan(&ws.root, previous);
    let mut git_cache: HashMap<String, std::result::Result<Vec<Change>, String>> = HashMap::new();
    let mut documents = Vec::new();
    let mut used = BTreeSet::new();
    for name in feeds::DOCUMENTS {
        let path = ws.context_dir().join(name);
        if !path.exists() {
            continue;
        }
        let synced = read_synced(&path);
        let mut doc = DocFreshness {
            path: format!("{ctx_name}/{name}"),
            synced_to_commit: synced.clone(),
            stale: false,
            reasons: Vec::new(),
            changed_files: Vec::new(),
            changes: Vec::new(),
            sections: Vec::new(),
            refreshed: false,
        };
        let changes = match (&synced, previous_head.as_deref()) {
            (Some(s), Some(p)) if p == s.as_str() && head.is_some() => {
                used.insert("state");
                Ok(scan.changes.clone())
            }
            (Some(s), _) if head.is_some() => {
                used.insert("git");
                git_cache.entry(s.clone()).or_insert_with(|| git_changes(&git, s, ctx_name)).clone()
            }
            (None, _) => Err("no synced_to_commit in its frontmatter".to_owned()),
            (Some(_), _) => Err("no commit to compare with".to_owned()),
        };
        match changes {
            Ok(changes) => attribute(&mut doc, name, &changes),
            Err(reason) => {
                doc.stale = true;
                doc.reasons.push(reason);
            }
        }
        documents.push(doc);
    }
    let mut report = RefreshReport {
        root: ws.root.display().to_string(),
        head: head.clone(),
        check: opts.check,
        stale: false,
        files_hashed: scan.files_hashed,
        files_seen: scan.files_seen,
        baseline: used.into_iter().collect::<Vec<_>>().join("+"),
        documents,
        written: Vec::new(),
        warnings,
    };
    if !opts.check {
        write(ws, opts, &git, &mut report)?;
        let state_stale = !had_state || previous_head != head || scan.files_hashed > 0 || !scan.changes.is_empty();
        // The state may stand for the current tree only when no document
        // claiming HEAD is still stale (it would then look fresh).
        let safe = report.documents.iter().all(|d| !(d.stale && d.synced_to_commit == head));
        if head.is_some() && state_stale && safe {
            let mut state = scan.state.clone();
            state.head.clone_from(&head);
            for p in write_state(ws, &state)? {
                report.written.push(ws.rel(&p));
            }
        }
    }
    report.stale = report.documents.iter().any(|d| d.stale);
    // The state of a large tree holds a path and a hash per file.
    crate::drop_in_background(scan);
    Ok(report)
}

fn read_synced(path: &Path) -> Option<String> {
    let src = read_text(path).ok()?;
    let block = frontmatter::locate(&src)?;
    let fm = frontmatter::parse(&src, &block, "").ok()?;
    fm.synced_to_commit.filter(|s| !s.trim().is_empty())
}

/// How a change is named in the report.
fn kind_name(kind: &ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "added",
        ChangeKind::Modified => "modified",
        ChangeKind::Deleted => "deleted",
        ChangeKind::Renamed => "renamed",
    }
}

/// Record the changes that feed `name` in `doc`.
fn attribute(doc: &mut DocFreshness, name: &str, changes: &[Change]) {
    let mut sections: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut files = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for c in changes {
        for (d, section) in feeds::feeds(&c.path, &c.kind) {
            if d == name {
                sections.entry(section).or_default().insert(c.path.clone());
                files.insert(c.path.clone());
                if let Some(from) = &c.from {
                    files.insert(from.clone());
                }
                kinds.insert(FileChange {
                    path: c.path.clone(),
                    kind: kind_name(&c.kind).to_owned(),
                    from: c.from.clone(),
                });
            }
        }
    }
    doc.changes = kinds.into_iter().collect();
    if files.is_empty() {
        return;
    }
    doc.stale = true;
    let n = files.len();
    let since = doc.synced_to_commit.as_deref().map_or(String::new(), |s| format!(" since {}", &s[..s.len().min(7)]));
    doc.reasons.push(format!("{n} file{} changed{since}", if n == 1 { "" } else { "s" }));
    doc.changed_files = files.into_iter().collect();
    doc.sections = sections
        .into_iter()
        .map(|(section, files)| SectionFeed { section: section.to_owned(), files: files.into_iter().collect() })
        .collect();
}

/// Committed changes since `since` plus uncommitted and untracked files,
/// outside the context directory; `Err` with the reason when `since` is not
/// a commit of this repository.
fn git_changes(git: &Git, since: &str, ctx: &str) -> std::result::Result<Vec<Change>, String> {
    match git.resolve_commit(since) {
        Ok(Some(_)) => {}
        Ok(None) => return Err("synced_to_commit not in history".to_owned()),
        Err(e) => return Err(format!("git could not resolve synced_to_commit: {e}")),
    }
    let exclude = format!(":(exclude){ctx}");
    let run = |args: &[&str]| git.run(args).map_err(|e: GitError| e.to_string());
    let mut changes = parse_name_status(&run(&[
        "diff",
        "--name-status",
        "-M",
        "-z",
        "--no-ext-diff",
        since,
        "HEAD",
        "--",
        ".",
        &exclude,
    ])?);
    changes.extend(parse_name_status(&run(&[
        "diff",
        "--name-status",
        "-M",
        "-z",
        "--no-ext-diff",
        "HEAD",
        "--",
        ".",
        &exclude,
    ])?));
    for path in run(&["ls-files", "--others", "--exclude-standard", "-z", "--", ".", &exclude])?.split('\0') {
        if !path.is_empty() {
            changes.push(Change { path: path.to_owned(), kind: ChangeKind::Added, from: None });
        }
    }
    changes.sort();
    changes.dedup();
    Ok(changes)
}

/// `git diff --name-status -z` output: `X\0path\0` or `Rnn\0old\0new\0`.
fn parse_name_status(out: &str) -> Vec<Change> {
    let mut fields = out.split('\0').filter(|f| !f.is_empty());
    let mut changes = Vec::new();
    while let Some(status) = fields.next() {
        let kind = match status.as_bytes().first() {
            Some(b'A') => ChangeKind::Added,
            Some(b'D') => ChangeKind::Deleted,
            Some(b'R') => ChangeKind::Renamed,
            Some(b'C') => ChangeKind::Added,
            _ => ChangeKind::Modified,
        };
        let Some(first) = fields.next() else { break };
        if matches!(status.as_bytes().first(), Some(b'R' | b'C')) {
            let Some(second) = fields.next() else { break };
            let from = (kind == ChangeKind::Renamed).then(|| first.to_owned());
            changes.push(Change { path: second.to_owned(), kind, from });
        } else {
            changes.push(Change { path: first.to_owned(), kind, from: None });
        }
    }
    changes
}

/// Rewrite the facts regions and frontmatter of the documents to refresh.
fn write(ws: &Workspace, opts: &RefreshOptions, git: &Git, report: &mut RefreshReport) -> Result<()> {
    let targets: Vec<usize> = report
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            let name = d.path.rsplit('/').next().unwrap_or_default();
            (d.stale && feeds::WITH_FACTS.contains(&name))
                || opts.reviewed.iter().any(|r| r.trim_start_matches("draft/") == name)
        })
        .map(|(i, _)| i)
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    let head_info = match git.repo_state() {
        RepoState::Ready { head } => Some(head),
        _ => None,
    };
    let head = head_info.as_ref();
    let facts = draft_facts::detect(&ws.root);
    let now = crate::clock::iso(ws.now());
    for i in targets {
        let doc = &mut report.documents[i];
        let name = doc.path.rsplit('/').next().unwrap_or_default().to_owned();
        let path = ws.context_dir().join(&name);
        let src = read_text(&path)?;
        let mut out = match fill_region(&src, &name, &facts) {
            Ok(out) => out,
            Err(e) => {
                report.warnings.push(format!("{}: {e}; the document was left as it was", doc.path));
                continue;
            }
        };
        if let Some(head) = head {
            out = stamp::restamp(&out, &stamp::values(head, &now)).unwrap_or(out);
        }
        if out != src {
            ws.write(&path, out.as_bytes())?;
            report.written.push(doc.path.clone());
        }
        if head.is_some() {
            doc.refreshed = true;
            doc.stale = false;
            doc.synced_to_commit = head.map(|h| h.commit.clone());
        }
    }
    Ok(())
}

/// The document with its facts region (re)written; documents without a
/// facts region come back unchanged.
pub fn fill_region(
    src: &str,
    name: &str,
    facts: &draft_facts::Facts,
) -> std::result::Result<String, markers::MarkerError> {
    let (body, anchor) = match name {
        "tech-stack.md" => (draft_facts::render::tech_stack(facts), Anchor::Title),
        ".ai-context.md" => (draft_facts::render::layout(facts), Anchor::Section("Layout")),
        _ => return Ok(src.to_owned()),
    };
    Ok(match markers::replace(src, &body)? {
        Some(out) => out,
        None => markers::insert(src, anchor, &body).unwrap_or_else(|| src.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_with_renames() {
        let out = "M\0a.rs\0R100\0old.rs\0new.rs\0D\0gone.rs\0A\0x.rs\0";
        let got = parse_name_status(out);
        assert_eq!(got.len(), 4);
        assert_eq!((got[1].path.as_str(), got[1].from.as_deref()), ("new.rs", Some("old.rs")));
        assert_eq!(got[2].kind, ChangeKind::Deleted);
    }
}
