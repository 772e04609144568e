//! What a path on disk actually is, before the loader reads it.
//!
//! A document path can be a regular file, missing, a directory, a FIFO (which
//! must never be opened: a read would block), a broken link, or a link that
//! leaves the project. Each gets its own words in diagnostics and errors, so
//! "has no plan.md" is only ever said of a plan.md that does not exist.
//! Track folders follow the same rules: a link that stays inside the project
//! is followed, one that leaves it (or is broken) is skipped with a warning.

use std::path::{Path, PathBuf};

/// What sits at a document's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file (possibly through a link).
    File,
    /// Nothing at all.
    Missing,
    /// Something that is not a regular file; the words say what.
    Other(String),
}

impl FileKind {
    /// Why it cannot be read as a document, for messages: `it is a directory, not a file`.
    #[must_use]
    pub fn reason(&self) -> Option<String> {
        match self {
            Self::File => None,
            Self::Missing => Some("it does not exist".to_owned()),
            Self::Other(what) => Some(what.clone()),
        }
    }
}

/// What `path` is, following links (a broken link is reported as such).
#[must_use]
pub fn kind(path: &Path) -> FileKind {
    probe(path).0
}

/// What `path` is, following links, and whether it is a link itself. A
/// plain file costs one `lstat`; only links are followed further.
#[must_use]
pub fn probe(path: &Path) -> (FileKind, bool) {
    let classify = |m: &std::fs::Metadata| {
        if m.is_file() {
            FileKind::File
        } else if m.is_dir() {
            FileKind::Other("it is a directory, not a file".to_owned())
        } else {
            FileKind::Other(format!("it is {}, not a regular file", special(&m.file_type())))
        }
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::metadata(path) {
            Ok(target) => (classify(&target), true),
            Err(_) => {
                let target = std::fs::read_link(path).unwrap_or_default();
                (FileKind::Other(format!("it is a broken link to {}", target.display())), true)
            }
        },
        Ok(m) => (classify(&m), false),
        Err(_) => (FileKind::Missing, false),
    }
}

#[cfg(unix)]
fn special(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Where `path` leads when it is a link whose target lies outside `root`
/// (which must be canonical). `None` for plain files, inner links and
/// anything that cannot be resolved.
#[must_use]
pub fn link_outside(root: &Path, path: &Path) -> Option<PathBuf> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    let target = std::fs::canonicalize(path).ok()?;
    (!target.starts_with(root)).then_some(target)
}

/// What a candidate track folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderKind {
    /// A directory, or a link to one inside the project.
    Dir,
    /// Nothing there (or a plain file).
    Missing,
    /// A link that cannot be followed safely; the words say why.
    Skipped(String),
}

/// Classify a track folder (`root` canonical).
#[must_use]
pub fn folder(root: &Path, path: &Path) -> FolderKind {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return FolderKind::Missing };
    if meta.is_dir() {
        return FolderKind::Dir;
    }
    if !meta.file_type().is_symlink() {
        return FolderKind::Missing;
    }
    match std::fs::canonicalize(path) {
        Ok(target) if !target.starts_with(root) => {
            FolderKind::Skipped(format!("is a link to {}, outside the project", target.display()))
        }
        Ok(target) if target.is_dir() => FolderKind::Dir,
        Ok(_) => FolderKind::Missing,
        Err(_) => {
            let target = std::fs::read_link(path).unwrap_or_default();
            FolderKind::Skipped(format!("is a broken link to {}", target.display()))
        }
    }
}

/// Whether `dir` is an archive container (`tracks/archive/` holding track
/// folders) rather than a track named `archive`: it has no plan, spec or
/// metadata of its own.
#[must_use]
pub fn is_archive_container(dir: &Path) -> bool {
    dir.is_dir() && ["plan.md", "spec.md", "metadata.json"].iter().all(|f| !dir.join(f).exists())
}

/// The archive folders of a context directory, in the order they are read:
/// `<ctx>/archive/` (Conductor's archive step) and `<ctx>/tracks/archive/`.
#[must_use]
pub fn archive_dirs(context_dir: &Path) -> Vec<PathBuf> {
    [context_dir.join("archive"), context_dir.join("tracks").join("archive")]
        .into_iter()
        .filter(|d| is_archive_container(d))
        .collect()
}

/// Names of the entries of `dir` that are track folders (directories or
/// links to be classified), not hidden, sorted.
#[must_use]
pub fn candidate_folders(dir: &Path) -> Vec<String> {
    listed_folders(dir).into_iter().map(|(name, _)| name).collect()
}

/// [`candidate_folders`] with whether each is a plain directory, as the
/// listing itself says: a folder listed as one needs no `lstat` of its own.
#[must_use]
pub fn listed_folders(dir: &Path) -> Vec<(String, bool)> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<(String, bool)> = rd
        .filter_map(Result::ok)
        .filter_map(|e| {
            let kind = e.file_type().ok().filter(|t| t.is_dir() || t.is_symlink())?;
            Some((e.file_name().into_string().ok()?, kind.is_dir()))
        })
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    names.sort_unstable();
    names
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn kinds_name_what_is_there() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path();
        std::fs::write(p.join("f"), "x").expect("w");
        std::fs::create_dir(p.join("d")).expect("mk");
        std::os::unix::fs::symlink(p.join("nowhere"), p.join("broken")).expect("link");
        assert_eq!(kind(&p.join("f")), FileKind::File);
        assert_eq!(kind(&p.join("none")), FileKind::Missing);
        assert_eq!(kind(&p.join("d")).reason().as_deref(), Some("it is a directory, not a file"));
        assert!(kind(&p.join("broken")).reason().is_some_and(|r| r.starts_with("it is a broken link to ")));
    }
}
