//! The on-disk store under `draft/.state/graph/`: one JSON file holding,
//! per source file, the stat (size, mtime) and blake3 hash it was parsed
//! at with the facts extracted then. A build re-parses only files whose
//! content changed and resolves the graph from these facts (resolution is
//! cheap, and depends on manifests that are not stored); the file is
//! replaced atomically so a reader never sees half of it.

use crate::extract::Facts;
use crate::lang::Language;
use draft_core::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bumped when the stored shape or the extraction rules change; an older store is rebuilt.
pub const STORE_FORMAT: u32 = 3;

/// File name of the store inside the graph state folder.
pub const STORE_FILE: &str = "graph.json";

/// What was learnt about one source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// blake3 of the content, hex.
    pub hash: String,
    /// Size in bytes at the time.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch (0 when unknown).
    pub mtime_ns: u64,
    /// Language it was parsed as.
    pub lang: Language,
    /// The facts of that parse.
    pub facts: Facts,
}

/// The whole store.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Store {
    /// [`STORE_FORMAT`] when written.
    pub format: u32,
    /// When the store was written, nanoseconds since the epoch (stat results this close are re-hashed).
    pub written_ns: u64,
    /// Source files by root-relative path.
    pub files: BTreeMap<String, Entry>,
    /// Set by a build that changed `files` (not stored).
    #[serde(skip)]
    pub dirty: bool,
}

/// The folder of a project's graph store: `<context>/.state/graph/`, beside
/// refresh's state and ignored by git.
#[must_use]
pub fn state_dir(ws: &draft_core::workspace::Workspace) -> PathBuf {
    ws.context_dir().join(".state").join("graph")
}

impl Store {
    /// Path of the store file in `dir`.
    #[must_use]
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(STORE_FILE)
    }

    /// Load the store; a missing, unreadable or older-format store is empty (the build starts over).
    #[must_use]
    pub fn load(dir: &Path) -> Self {
        std::fs::read(Self::path(dir))
            .ok()
            .and_then(|b| serde_json::from_slice::<Self>(&b).ok())
            .filter(|s| s.format == STORE_FORMAT)
            .unwrap_or_default()
    }

    /// Write the store atomically, creating the folder (and a `.gitignore` for
    /// the `.state` folder above it) when needed.
    pub fn save(&mut self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
        if let Some(state) = dir.parent().filter(|s| s.file_name().is_some_and(|n| n == ".state")) {
            let ignore = state.join(".gitignore");
            if !ignore.exists() {
                draft_core::workspace::atomic_write(&ignore, b"# draft's caches; rebuilt on demand.\n*\n")?;
            }
        }
        self.format = STORE_FORMAT;
        self.dirty = false;
        self.written_ns = now_ns();
        let bytes =
            serde_json::to_vec(self).map_err(|e| Error::InvalidState(format!("serialising the graph store: {e}")))?;
        // A cache: replaced atomically (temporary file + rename) but not synced to disk; after a
        // crash it is at worst old or unreadable, and then rebuilt.
        let mut tmp = tempfile::Builder::new()
            .prefix(draft_core::workspace::TEMP_PREFIX)
            .tempfile_in(dir)
            .map_err(|e| Error::io("creating a temporary file in", dir, e))?;
        std::io::Write::write_all(&mut tmp, &bytes).map_err(|e| Error::io("writing", tmp.path().to_path_buf(), e))?;
        tmp.persist(Self::path(dir)).map_err(|e| Error::io("replacing", Self::path(dir), e.error))?;
        Ok(())
    }
}

/// Nanoseconds since the epoch, now.
#[must_use]
pub fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// A file's mtime in nanoseconds since the epoch (0 when the platform has none).
#[must_use]
pub fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}
