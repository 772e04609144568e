//! The freshness state: what the work tree looked like when the context
//! documents were last generated or refreshed.
//!
//! `draft/.state/freshness.json` (gitignored) maps every file the facts walk
//! admits to its size, modification time (nanoseconds) and blake3 content
//! hash. [`scan`] walks the tree and stats every file; a file whose size and
//! mtime match its entry is taken as unchanged without being opened, so an
//! unchanged tree is confirmed from metadata alone ([`Scan::files_hashed`]
//! counts the files whose contents were read, and is 0 then). A file whose
//! stat differs is hashed; the same hash means unchanged (its stat is
//! updated). Files deleted and added with the same hash are reported as a
//! rename. Like git's index, this trusts that a write changes size or mtime.

use blake3::Hasher;
use ignore::WalkState;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The state file's format version.
pub const STATE_VERSION: u32 = 1;

/// One file as last seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i128,
    /// blake3 of the contents, hex.
    pub hash: String,
}

/// The whole state file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// [`STATE_VERSION`].
    pub version: u32,
    /// HEAD when the state was recorded (`None` before the first commit).
    pub head: Option<String>,
    /// Files by relative `/` path.
    #[serde(deserialize_with = "files_in_bulk")]
    pub files: BTreeMap<String, FileState>,
}

/// The `files` map read into a list first and then built in one go: the
/// file lists it sorted, and building a map from sorted pairs is linear,
/// where inserting 100,000 paths one by one searches the map each time.
fn files_in_bulk<'de, D: serde::Deserializer<'de>>(de: D) -> Result<BTreeMap<String, FileState>, D::Error> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(String, FileState)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map of paths to file states")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some(pair) = map.next_entry()? {
                pairs.push(pair);
            }
            Ok(pairs)
        }
    }
    Ok(de.deserialize_map(Pairs)?.into_iter().collect())
}

impl State {
    /// Read a state file; `None` when it is missing, unreadable, or of another version.
    #[must_use]
    pub fn load(path: &Path) -> Option<Self> {
        let bytes = std::fs::read(path).ok()?;
        let state: Self = serde_json::from_slice(&bytes).ok()?;
        (state.version == STATE_VERSION).then_some(state)
    }

    /// Serialise (compact: the file is a cache, not for reading).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// How a file changed since the state was recorded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// New file.
    Added,
    /// Same path, other contents.
    Modified,
    /// Gone.
    Deleted,
    /// Moved (same contents, other path).
    Renamed,
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Path relative to the root (the new path for a rename).
    pub path: String,
    /// What happened.
    pub kind: ChangeKind,
    /// The old path of a rename.
    pub from: Option<String>,
}

/// The result of a scan.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// The tree as it is now.
    pub state: State,
    /// Differences from the previous state (empty without one).
    pub changes: Vec<Change>,
    /// Files whose contents were read.
    pub files_hashed: usize,
    /// Files stat-ed.
    pub files_seen: usize,
}

fn mtime_ns(meta: &std::fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))
}

/// blake3 of a file, streamed.
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = Hasher::new();
    let mut file = std::fs::File::open(path)?;
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// Walk `root` and compare with `previous` (see the module doc). Each file
/// is stat-ed (and, when needed, hashed) on the walker's own threads and
/// looked up by its relative path in a hash index of the previous state
/// without allocating; a file that matches only sets its entry's "seen"
/// flag. Only new or changed files are collected, so when every file
/// matches nothing is built and the previous state is returned as it is.
/// Files that vanish between listing and reading are left out.
#[must_use]
pub fn scan(root: &Path, previous: Option<State>) -> Scan {
    let hashed = AtomicUsize::new(0);
    let matched = AtomicUsize::new(0);
    let seen_files = AtomicUsize::new(0);
    let entries: Vec<(&String, &FileState)> = previous.iter().flat_map(|p| p.files.iter()).collect();
    // foldhash: 100,000 short paths hash several times faster than with SipHash, and
    // the keys are the project's own paths, not input an attacker chooses to collide.
    let index: HashMap<&str, usize, foldhash::fast::RandomState> =
        entries.iter().enumerate().map(|(i, (k, _))| (k.as_str(), i)).collect();
    let seen: Vec<AtomicBool> = entries.iter().map(|_| AtomicBool::new(false)).collect();
    let fresh: Mutex<Vec<(String, FileState)>> = Mutex::new(Vec::new());
    crate::languages::walker(root).build_parallel().run(|| {
        Box::new(|entry| {
            let Ok(entry) = entry else { return WalkState::Continue };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            let owned;
            let rel = match entry.path().strip_prefix(root).ok().and_then(Path::to_str) {
                Some(r) if std::path::MAIN_SEPARATOR == '/' => r,
                _ => {
                    owned = crate::languages::rel_path(root, entry.path());
                    owned.as_str()
                }
            };
            let Ok(meta) = entry.metadata() else { return WalkState::Continue };
            seen_files.fetch_add(1, Ordering::Relaxed);
            let (size, mtime_ns) = (meta.len(), mtime_ns(&meta));
            if let Some(&i) = index.get(rel) {
                seen[i].store(true, Ordering::Relaxed);
                let old = entries[i].1;
                if old.size == size && old.mtime_ns == mtime_ns {
                    matched.fetch_add(1, Ordering::Relaxed);
                    return WalkState::Continue;
                }
            }
            hashed.fetch_add(1, Ordering::Relaxed);
            let Ok(hash) = hash_file(entry.path()) else { return WalkState::Continue };
            if let Ok(mut v) = fresh.lock() {
                v.push((rel.to_owned(), FileState { size, mtime_ns, hash }));
            }
            WalkState::Continue
        })
    });
    let fresh = fresh.into_inner().unwrap_or_default();
    let (files_seen, files_hashed, matched) = (seen_files.into_inner(), hashed.into_inner(), matched.into_inner());
    if fresh.is_empty() && matched == entries.len() && previous.is_some() {
        drop((index, entries));
        let state = previous.unwrap_or_default();
        return Scan { state, changes: Vec::new(), files_hashed, files_seen };
    }
    let mut files: BTreeMap<String, FileState> = entries
        .iter()
        .zip(&seen)
        .filter(|(_, s)| s.load(Ordering::Relaxed))
        .map(|((k, v), _)| ((*k).clone(), (*v).clone()))
        .collect();
    files.extend(fresh);
    let state = State { version: STATE_VERSION, head: None, files };
    let changes = previous.as_ref().map(|p| diff(p, &state)).unwrap_or_default();
    Scan { files_seen, files_hashed, state, changes }
}

/// The changes from `old` to `new`, renames paired by content hash.
#[must_use]
pub fn diff(old: &State, new: &State) -> Vec<Change> {
    let mut added = Vec::new();
    let mut changes = Vec::new();
    for (path, f) in &new.files {
        match old.files.get(path) {
            None => added.push((path, &f.hash)),
            Some(o) if o.hash != f.hash => {
                changes.push(Change { path: path.clone(), kind: ChangeKind::Modified, from: None });
            }
            Some(_) => {}
        }
    }
    let mut deleted: HashMap<&str, Vec<&String>> = HashMap::new();
    for (path, f) in &old.files {
        if !new.files.contains_key(path) {
            deleted.entry(f.hash.as_str()).or_default().push(path);
        }
    }
    for (path, hash) in added {
        match deleted.get_mut(hash.as_str()).and_then(Vec::pop) {
            Some(from) => {
                changes.push(Change { path: path.clone(), kind: ChangeKind::Renamed, from: Some(from.clone()) })
            }
            None => changes.push(Change { path: path.clone(), kind: ChangeKind::Added, from: None }),
        }
    }
    for path in deleted.into_values().flatten() {
        changes.push(Change { path: path.clone(), kind: ChangeKind::Deleted, from: None });
    }
    changes.sort();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_tree_is_confirmed_without_reading() {
        let dir = tempfile::tempdir().expect("tmp");
        let r = dir.path();
        std::fs::write(r.join("a.rs"), "fn a() {}\n").expect("w");
        std::fs::write(r.join("b.rs"), "fn b() {}\n").expect("w");
        let first = scan(r, None);
        assert_eq!(first.files_hashed, 2);
        let again = scan(r, Some(first.state.clone()));
        assert_eq!((again.files_hashed, again.changes.len()), (0, 0));
        std::fs::rename(r.join("a.rs"), r.join("c.rs")).expect("mv");
        std::fs::write(r.join("b.rs"), "fn b() { 1; }\n").expect("w");
        let changed = scan(r, Some(again.state.clone()));
        let kinds: Vec<_> = changed.changes.iter().map(|c| (c.path.as_str(), c.kind.clone())).collect();
        assert_eq!(kinds, [("b.rs", ChangeKind::Modified), ("c.rs", ChangeKind::Renamed)]);
        assert_eq!(changed.changes[1].from.as_deref(), Some("a.rs"));
    }
}
