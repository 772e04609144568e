//! Keeping every touched path inside the directory it belongs to.
//!
//! A path is accepted when it is absolute, has no `.` or `..` components,
//! lies below one of the scope's roots, and — once the symlinks among its
//! existing ancestors are resolved — still lies below that root. Reads and
//! writes then go through the resolved path, so a symlinked `AGENTS.md`
//! is edited where it points instead of being replaced by a regular file.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// A checked path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The path as draft names it (manifests and plans use this one).
    pub logical: PathBuf,
    /// Where reads and writes go: the logical path with the symlinks of its
    /// existing ancestors resolved.
    pub real: PathBuf,
    /// The root it stays inside (the outermost root containing it).
    pub root: PathBuf,
}

/// Check `path` against `roots` and resolve its symlinks.
pub(crate) fn resolve(path: &Path, roots: &[PathBuf]) -> Result<Resolved> {
    let first_root = roots.first().cloned().unwrap_or_default();
    let escape = |root: &Path, reason| Error::PathEscape { path: path.to_path_buf(), root: root.to_path_buf(), reason };
    if !path.is_absolute() {
        return Err(escape(&first_root, "the path is not absolute"));
    }
    if path.components().any(|c| matches!(c, Component::ParentDir | Component::CurDir)) {
        return Err(escape(&first_root, "the path contains `.` or `..`"));
    }
    let root = roots
        .iter()
        .filter(|r| path.starts_with(r) && path != r.as_path())
        .min_by_key(|r| r.components().count())
        .ok_or_else(|| escape(&first_root, "the path is outside every allowed directory"))?;
    let Some(existing) = path.ancestors().find(|a| a.symlink_metadata().is_ok()) else {
        return Ok(Resolved { logical: path.to_path_buf(), real: path.to_path_buf(), root: root.clone() });
    };
    if !existing.starts_with(root) {
        // Not even the root exists yet, so there is no symlink to follow.
        return Ok(Resolved { logical: path.to_path_buf(), real: path.to_path_buf(), root: root.clone() });
    }
    let real_root = root.canonicalize().map_err(|e| Error::io("resolving", root, e))?;
    let real_existing = existing.canonicalize().map_err(|_| escape(root, "it is a symlink to nothing"))?;
    if !real_existing.starts_with(&real_root) {
        return Err(escape(root, "a symlink on the way points outside"));
    }
    let rest = path.strip_prefix(existing).unwrap_or(Path::new(""));
    let real = if rest.as_os_str().is_empty() { real_existing } else { real_existing.join(rest) };
    Ok(Resolved { logical: path.to_path_buf(), real, root: root.clone() })
}

/// A relative path from a manifest, joined to `root` after checking it is a
/// plain relative path.
pub(crate) fn join_relative(root: &Path, rel: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel);
    let plain = !rel.is_empty() && rel_path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return Err(Error::PathEscape {
            path: rel_path.to_path_buf(),
            root: root.to_path_buf(),
            reason: "a project manifest path must be relative, without `.` or `..`",
        });
    }
    Ok(root.join(rel_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_dot_dot_and_outside_paths() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path().to_path_buf();
        let roots = [root.clone()];
        assert!(resolve(&root.join("a/../../etc"), &roots).is_err());
        assert!(resolve(Path::new("/etc/passwd"), &roots).is_err());
        assert!(resolve(Path::new("relative"), &roots).is_err());
        assert!(resolve(&root, &roots).is_err(), "the root itself is not a file draft writes");
        let ok = resolve(&root.join("new/dir/file"), &roots).expect("inside");
        assert_eq!(ok.real, root.canonicalize().expect("canon").join("new/dir/file"));
        assert!(join_relative(&root, "../x").is_err());
        assert!(join_relative(&root, "/abs").is_err());
        assert_eq!(join_relative(&root, "a/b").expect("ok"), root.join("a/b"));
    }

    #[cfg(unix)]
    #[test]
    fn follows_symlinks_inside_and_refuses_outside() {
        let dir = tempfile::tempdir().expect("tmp");
        let outside = tempfile::tempdir().expect("tmp");
        let root = dir.path().canonicalize().expect("canon");
        std::fs::write(root.join("CLAUDE.md"), "x").expect("w");
        std::os::unix::fs::symlink(root.join("CLAUDE.md"), root.join("AGENTS.md")).expect("ln");
        std::os::unix::fs::symlink(outside.path(), root.join(".claude")).expect("ln");
        let roots = [root.clone()];
        assert_eq!(resolve(&root.join("AGENTS.md"), &roots).expect("inside").real, root.join("CLAUDE.md"));
        let err = resolve(&root.join(".claude/skills/x/SKILL.md"), &roots).expect_err("outside");
        assert!(matches!(err, Error::PathEscape { .. }), "{err}");
    }
}
