//! The on-disk store under `draft/.state/graph/`: one binary file
//! (postcard) holding, per source file, the stat (size, mtime) and blake3
//! hash it was parsed at with the facts extracted then. A build re-parses
//! only files whose content changed and resolves the graph from these facts
//! (resolution is cheap, and depends on manifests that are not stored); the
//! file is replaced atomically so a reader never sees half of it. It is a
//! cache, not an interface: `draft graph … --json` is the readable form.
//! Binary because an incremental rebuild reads and writes all of it, and
//! postcard does both several times faster than JSON.

use crate::extract::Facts;
use crate::lang::Language;
use draft_core::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Bumped when the stored shape or the extraction rules change; an older store is rebuilt.
pub const STORE_FORMAT: u32 = 4;

/// File name of the store inside the graph state folder.
pub const STORE_FILE: &str = "graph.bin";

/// The JSON store earlier versions wrote, removed when the binary one is saved.
const OLD_STORE_FILE: &str = "graph.json";

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
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// [`STORE_FORMAT`] when written.
    pub format: u32,
    /// When the store was written, nanoseconds since the epoch (stat results this close are re-hashed).
    pub written_ns: u64,
    /// Source files by root-relative path.
    pub files: BTreeMap<String, Entry>,
    /// Set by a build that changed `files` (not stored).
    pub dirty: bool,
    /// The encoded facts read from disk, by path, with the hash and
    /// language they belong to: an unchanged file's facts are written back
    /// as they were read instead of being encoded again.
    encoded: HashMap<String, (String, Language, Vec<u8>)>,
}

/// The store as written: per file its stat and hash, and its facts encoded
/// on their own, so a load decodes the files in parallel and a save copies
/// unchanged files' bytes.
#[derive(Serialize, Deserialize)]
struct OnDisk<'a> {
    format: u32,
    written_ns: u64,
    #[serde(borrow)]
    files: Vec<DiskEntry<'a>>,
}

#[derive(Serialize, Deserialize)]
struct DiskEntry<'a> {
    path: &'a str,
    hash: &'a str,
    size: u64,
    mtime_ns: u64,
    lang: Language,
    facts: &'a [u8],
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

    /// Load the store; a missing, unreadable, damaged or older-format store
    /// is empty (the build starts over).
    #[must_use]
    pub fn load(dir: &Path) -> Self {
        std::fs::read(Self::path(dir)).ok().and_then(|b| Self::decode(&b)).unwrap_or_default()
    }

    /// A store from its bytes; `None` for another format or damaged bytes.
    fn decode(bytes: &[u8]) -> Option<Self> {
        // The format number comes first, so an older layout is recognised
        // before its bytes are read as this one's.
        let (format, _) = postcard::take_from_bytes::<u32>(bytes).ok()?;
        if format != STORE_FORMAT {
            return None;
        }
        let disk: OnDisk<'_> = postcard::from_bytes(bytes).ok()?;
        let decoded: Vec<(String, Entry, Vec<u8>)> = disk
            .files
            .par_iter()
            .map(|d| {
                let facts: Facts = postcard::from_bytes(d.facts).ok()?;
                let entry = Entry { hash: d.hash.to_owned(), size: d.size, mtime_ns: d.mtime_ns, lang: d.lang, facts };
                Some((d.path.to_owned(), entry, d.facts.to_vec()))
            })
            .collect::<Option<_>>()?;
        let mut store = Self { format, written_ns: disk.written_ns, ..Self::default() };
        store.encoded.reserve(decoded.len());
        for (path, entry, bytes) in decoded {
            store.encoded.insert(path.clone(), (entry.hash.clone(), entry.lang, bytes));
            store.files.insert(path, entry);
        }
        Some(store)
    }

    /// The store's bytes: each file's facts as read when they are unchanged, else encoded now.
    fn encode(&self) -> Result<Vec<u8>> {
        let fail = |e: postcard::Error| Error::InvalidState(format!("serialising the graph store: {e}"));
        let fresh: Vec<Option<Vec<u8>>> = self
            .files
            .par_iter()
            .map(|(path, e)| match self.encoded.get(path) {
                Some((hash, lang, _)) if *hash == e.hash && *lang == e.lang => Ok(None),
                _ => postcard::to_stdvec(&e.facts).map(Some),
            })
            .collect::<std::result::Result<_, _>>()
            .map_err(fail)?;
        let files = self
            .files
            .iter()
            .zip(&fresh)
            .map(|((path, e), fresh)| DiskEntry {
                path,
                hash: &e.hash,
                size: e.size,
                mtime_ns: e.mtime_ns,
                lang: e.lang,
                facts: fresh
                    .as_deref()
                    .or_else(|| self.encoded.get(path).map(|(_, _, b)| b.as_slice()))
                    .unwrap_or_default(),
            })
            .collect();
        postcard::to_stdvec(&OnDisk { format: self.format, written_ns: self.written_ns, files }).map_err(fail)
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
        let bytes = self.encode()?;
        // A cache: replaced atomically (temporary file + rename) but not synced to disk; after a
        // crash it is at worst old or unreadable, and then rebuilt.
        let mut tmp = tempfile::Builder::new()
            .prefix(draft_core::workspace::TEMP_PREFIX)
            .tempfile_in(dir)
            .map_err(|e| Error::io("creating a temporary file in", dir, e))?;
        std::io::Write::write_all(&mut tmp, &bytes).map_err(|e| Error::io("writing", tmp.path().to_path_buf(), e))?;
        tmp.persist(Self::path(dir)).map_err(|e| Error::io("replacing", Self::path(dir), e.error))?;
        let _ = std::fs::remove_file(dir.join(OLD_STORE_FILE));
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
