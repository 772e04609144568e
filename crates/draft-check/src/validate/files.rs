//! The file rules of `draft validate`: oversized files, deleted tests, and
//! dependencies a manifest gained that tech-stack.md does not name.
//!
//! New dependencies are found by reading each changed manifest before and
//! after with draft-facts' manifest readers (real TOML/JSON/XML parsers) and
//! comparing the names: for a range or the work tree, the manifest at the
//! base against now; for a track, each of its commits against its parent,
//! keeping what is still declared at HEAD.

use super::rules::{DEPENDENCY_UNLISTED, FILE_TOO_LARGE, TEST_DELETED};
use draft_core::changes::{AddedLine, ChangeSource, ChangeStatus, FileChange};
use draft_core::git::Git;
use draft_core::workspace::Workspace;
use draft_model::diagnostic::Diagnostic;
use draft_model::files::{FileClass, SkipKind, skip_kind};
use std::collections::{BTreeMap, BTreeSet};

/// `file-too-large`: changed files (lock files excepted) over `limit` bytes.
pub fn size(ws: &Workspace, files: &[FileChange], limit: u64) -> Vec<Diagnostic> {
    files
        .iter()
        .filter(|f| f.status != ChangeStatus::Deleted && skip_kind(&f.path) != Some(SkipKind::Lock))
        .filter_map(|f| {
            let len = std::fs::metadata(ws.root.join(&f.path)).ok()?.len();
            (len > limit).then(|| {
                FILE_TOO_LARGE
                    .diag(f.path.clone(), format!("{} is {} bytes, over the {limit}-byte limit", f.path, len))
                    .with_hint(
                        "keep large files out of git (Git LFS, an artifact store), or raise `[validate] max_file_size`",
                    )
            })
        })
        .collect()
}

/// `test-deleted`: test files the change removed.
pub fn deleted_tests(files: &[FileChange]) -> Vec<Diagnostic> {
    files
        .iter()
        .filter(|f| f.status == ChangeStatus::Deleted && FileClass::of(&f.path) == FileClass::Test)
        .map(|f| {
            TEST_DELETED
                .diag(f.path.clone(), format!("the test file {} is deleted", f.path))
                .with_hint("if the tests moved, say where in the commit message; if they were dropped, say why")
        })
        .collect()
}

/// `dependency-unlisted`: dependencies added to changed manifests that
/// tech-stack.md does not name, each at its line in the manifest.
pub fn new_dependencies(
    ws: &Workspace,
    git: &Git,
    source: &ChangeSource,
    files: &[FileChange],
    added: &BTreeMap<String, Vec<AddedLine>>,
) -> Vec<Diagnostic> {
    let manifests: Vec<&FileChange> = files
        .iter()
        .filter(|f| f.status != ChangeStatus::Deleted && draft_facts::manifests::is_manifest(&f.path))
        .collect();
    if manifests.is_empty() {
        return Vec::new();
    }
    let stack =
        std::fs::read_to_string(ws.context_dir().join("tech-stack.md")).unwrap_or_default().to_ascii_lowercase();
    let mut out = Vec::new();
    for m in manifests {
        let now_text = match source {
            ChangeSource::WorkTree => std::fs::read_to_string(ws.root.join(&m.path)).ok(),
            _ => show(git, "HEAD", &m.path),
        };
        let Some(now_text) = now_text else { continue };
        let now = names(ws, &m.path, &now_text);
        let new: BTreeSet<String> = match source {
            ChangeSource::WorkTree => {
                let before = show(git, "HEAD", m.old_path.as_deref().unwrap_or(&m.path));
                now.difference(&before.map(|t| names(ws, &m.path, &t)).unwrap_or_default()).cloned().collect()
            }
            ChangeSource::Range(base) => {
                let merge_base = git.run(&["merge-base", base, "HEAD"]).ok().map(|s| s.trim().to_owned());
                let before = merge_base.and_then(|b| show(git, &b, m.old_path.as_deref().unwrap_or(&m.path)));
                now.difference(&before.map(|t| names(ws, &m.path, &t)).unwrap_or_default()).cloned().collect()
            }
            ChangeSource::Commits(shas) => {
                let mut gained = BTreeSet::new();
                for sha in shas {
                    let Some(after) = show(git, sha, &m.path) else { continue };
                    let before = show(git, &format!("{sha}^"), &m.path).map(|t| names(ws, &m.path, &t));
                    gained.extend(names(ws, &m.path, &after).difference(&before.unwrap_or_default()).cloned());
                }
                gained.intersection(&now).cloned().collect()
            }
        };
        let lines = added.get(&m.path).map(Vec::as_slice).unwrap_or_default();
        for name in new.iter().filter(|n| !named_in(&stack, n)) {
            let line = lines
                .iter()
                .find(|l| l.text.contains(name.as_str()))
                .map(|l| l.line)
                .or_else(|| now_text.lines().position(|l| l.contains(name.as_str())).map(|i| i + 1))
                .unwrap_or(0);
            let column = usize::from(line > 0);
            out.push(
                DEPENDENCY_UNLISTED
                    .diag(m.path.clone(), format!("the new dependency `{name}` is not named in tech-stack.md"))
                    .at(line, column)
                    .with_hint("say in tech-stack.md what it is for (or remove it if it is not needed)"),
            );
        }
    }
    out
}

/// The dependency names one manifest text declares.
fn names(ws: &Workspace, rel: &str, text: &str) -> BTreeSet<String> {
    draft_facts::manifests::dependencies_in(&ws.root, rel, text).into_iter().map(|d| d.name).collect()
}

/// A file's text at a revision, if it exists there.
fn show(git: &Git, rev: &str, path: &str) -> Option<String> {
    git.run(&["show", &format!("{rev}:./{path}")]).ok()
}

/// Whether tech-stack.md (lower-cased) names the dependency: its full name,
/// or the last segment of a path-like name (`github.com/gin-gonic/gin`,
/// `org.example:lib`), as a whole word.
fn named_in(stack: &str, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let last = name.rsplit(['/', ':']).next().unwrap_or(&name).to_owned();
    [name, last].iter().any(|n| {
        stack.match_indices(n.as_str()).any(|(i, _)| {
            let before = stack[..i].chars().next_back();
            let after = stack[i + n.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
            !word(before) && !word(after)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::named_in;

    #[test]
    fn dependency_names_match_whole_words() {
        let stack = "we use `serde` and tokio; github.com/gin-gonic/gin for http";
        assert!(named_in(stack, "serde"));
        assert!(named_in(stack, "tokio"));
        assert!(named_in(stack, "github.com/gin-gonic/gin"));
        assert!(!named_in(stack, "serde_json"));
        assert!(!named_in(stack, "rand"));
    }
}
