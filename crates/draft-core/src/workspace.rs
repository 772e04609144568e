//! Where a project's context lives and how its files are read and written.
//!
//! The workspace finds the project root (the nearest directory at or above
//! the start that holds `draft/` or `conductor/`), knows which layout it is,
//! maps track ids to folders without ever leaving the context directory, and
//! owns the two write primitives every engine uses: an atomic replace (temp
//! file in the same directory, fsync, rename) and an advisory lock that
//! serialises concurrent writers.

use crate::error::{Error, Result};
use draft_model::slug;
use draft_model::text;
use serde::Serialize;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Which tool's tree the project carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// `draft/`
    Draft,
    /// `conductor/`
    Conductor,
}

impl Layout {
    /// The context directory's name.
    #[must_use]
    pub fn dir_name(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Conductor => "conductor",
        }
    }
}

/// A located project.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The directory holding the context directory.
    pub root: PathBuf,
    /// The layout found.
    pub layout: Layout,
}

impl Workspace {
    /// Find the nearest project at or above `start`. A `draft/` directory wins
    /// over a `conductor/` one in the same place.
    pub fn discover(start: &Path) -> Result<Self> {
        let start = std::fs::canonicalize(start).map_err(|e| Error::io("resolving", start, e))?;
        for dir in start.ancestors() {
            for layout in [Layout::Draft, Layout::Conductor] {
                if dir.join(layout.dir_name()).is_dir() {
                    return Ok(Self { root: dir.to_path_buf(), layout });
                }
            }
        }
        Err(Error::NoWorkspace { start })
    }

    /// `root/draft` or `root/conductor`.
    #[must_use]
    pub fn context_dir(&self) -> PathBuf {
        self.root.join(self.layout.dir_name())
    }

    /// The registry file.
    #[must_use]
    pub fn registry_path(&self) -> PathBuf {
        self.context_dir().join("tracks.md")
    }

    /// The directory holding track folders.
    #[must_use]
    pub fn tracks_dir(&self) -> PathBuf {
        self.context_dir().join("tracks")
    }

    /// A track's folder; refuses ids that are not a single safe segment.
    pub fn track_dir(&self, id: &str) -> Result<PathBuf> {
        slug::validate_id(id).map_err(|reason| Error::InvalidTrackId { id: id.to_owned(), reason })?;
        Ok(self.tracks_dir().join(id))
    }

    /// `path` relative to the root, `/`-separated, for messages.
    #[must_use]
    pub fn rel(&self, path: &Path) -> String {
        relative(&self.root, path)
    }
}

/// `path` relative to `base` with `/` separators (the path itself if outside).
#[must_use]
pub fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Read a text document, with errors naming the path.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("reading", path, e))?;
    text::decode(bytes).map_err(|source| Error::Decode { path: path.to_path_buf(), source })
}

/// Replace `path` with `contents` atomically: readers see the old or the new
/// file, never a mix, even if the process dies mid-write.
pub fn atomic_write(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".draft-tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating a temporary file in", dir, e))?;
    tmp.write_all(contents).map_err(|e| Error::io("writing", tmp.path().to_path_buf(), e))?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the permissions of the file being replaced.
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.as_file().sync_all().map_err(|e| Error::io("syncing", tmp.path().to_path_buf(), e))?;
    tmp.persist(path).map_err(|e| Error::io("replacing", path, e.error))?;
    Ok(())
}

/// An exclusive advisory lock, released on drop.
#[derive(Debug)]
pub struct LockGuard {
    file: File,
}

impl LockGuard {
    /// Block until `path` is held exclusively. A directory is locked through
    /// its own handle, which leaves no lock file behind to dirty the work tree
    /// (on Unix, `flock` works on directory descriptors); any other path is
    /// opened (created if needed) as a lock file.
    pub fn acquire(path: &Path) -> Result<Self> {
        let file = if path.is_dir() {
            File::open(path)
        } else {
            std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path)
        }
        .map_err(|e| Error::io("opening for locking", path, e))?;
        file.lock().map_err(|e| Error::io("locking", path, e))?;
        Ok(Self { file })
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_walks_up_and_prefers_draft() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        std::fs::create_dir_all(root.join("conductor")).expect("mk");
        std::fs::create_dir_all(root.join("src/deep")).expect("mk");
        let ws = Workspace::discover(&root.join("src/deep")).expect("found");
        assert_eq!(ws.layout, Layout::Conductor);
        std::fs::create_dir_all(root.join("draft")).expect("mk");
        assert_eq!(Workspace::discover(root).expect("found").layout, Layout::Draft);
        assert!(ws.track_dir("../etc").is_err());
    }

    #[test]
    fn directory_locks_exclude_each_other() {
        let dir = tempfile::tempdir().expect("tmp");
        let held = LockGuard::acquire(dir.path()).expect("lock");
        let other = File::open(dir.path()).expect("open");
        assert!(other.try_lock().is_err(), "a second lock must wait");
        drop(held);
        assert!(other.try_lock().is_ok());
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0, "no lock file left behind");
    }

    #[test]
    fn atomic_write_replaces_and_keeps_no_temp() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("f.md");
        atomic_write(&path, b"one").expect("w");
        atomic_write(&path, b"two").expect("w");
        assert_eq!(std::fs::read_to_string(&path).expect("r"), "two");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }
}
