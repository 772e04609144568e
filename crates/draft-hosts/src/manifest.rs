//! The install manifest: every file, key, table, block and directory draft
//! wrote in one scope, with a hash of what it wrote and the hosts that use it.
//!
//! One manifest per scope (`draft/.install-manifest.json` in a project,
//! `<state dir>/install-manifest.json` globally). An entry's `owners` is its
//! reference count: uninstalling a host removes the host from every entry
//! and deletes only what no other host still uses. Hashes are BLAKE3; for
//! JSON keys and TOML tables they cover the value (keys sorted), not the
//! bytes, so a host that reformats its config does not look like a user edit.

use crate::error::{Error, Result};
use crate::host::Host;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The manifest format this crate writes.
pub const MANIFEST_VERSION: u32 = 1;

/// What part of a file an entry (or a plan action) is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A whole file draft wrote.
    File,
    /// One member of a JSON/JSONC object (`key` is the path to it).
    JsonKey,
    /// One table of a TOML file (`key` is the path to it).
    TomlTable,
    /// draft's marked block in a Markdown file.
    Block,
    /// A directory draft created.
    Dir,
    /// The install manifest itself (plans only).
    Manifest,
}

/// A host's install record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HostRecord {
    /// The draft version that last installed the host.
    pub draft_version: String,
}

/// One thing draft wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Relative to the project root (project scope) or absolute (global).
    pub path: String,
    pub kind: EntryKind,
    /// The key path inside the file (JSON keys and TOML tables).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key: Vec<String>,
    /// The hash of what draft wrote (absent for directories).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// draft created the file, so it may delete it once nothing else is left.
    #[serde(default, skip_serializing_if = "is_false")]
    pub created_file: bool,
    /// How many parent objects/tables of `key` draft created.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub created_parents: usize,
    /// The bytes draft put before an appended block.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub separator: String,
    /// The hosts that use this entry.
    pub owners: BTreeSet<Host>,
}

impl Entry {
    /// Whether this entry is the one at `path`/`kind`/`key`.
    pub fn is(&self, path: &str, kind: EntryKind, key: &[String]) -> bool {
        self.path == path && self.kind == kind && self.key == key
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A scope's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub version: u32,
    #[serde(default)]
    pub hosts: BTreeMap<Host, HostRecord>,
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// Directories draft created to hold the manifest itself, removed with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manifest_dirs: Vec<String>,
}

impl Default for Manifest {
    fn default() -> Self {
        Self { version: MANIFEST_VERSION, hosts: BTreeMap::new(), entries: Vec::new(), manifest_dirs: Vec::new() }
    }
}

impl Manifest {
    /// Parse a manifest read from `path`; `None` (no file) is an empty one.
    pub fn parse(bytes: Option<&[u8]>, path: &Path) -> Result<Self> {
        let Some(bytes) = bytes else { return Ok(Self::default()) };
        let damaged = |message: String| Error::Manifest { path: path.to_path_buf(), message };
        let manifest: Self = serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
        if manifest.version != MANIFEST_VERSION {
            let found = manifest.version;
            return Err(damaged(format!(
                "format version {found} is not {MANIFEST_VERSION}; use the draft that wrote it"
            )));
        }
        Ok(manifest)
    }

    /// Read the manifest at `path`; a missing file is an empty manifest.
    pub fn load(path: &Path) -> Result<Self> {
        match std::fs::read(path) {
            Ok(bytes) => Self::parse(Some(&bytes), path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(Error::io("reading", path, e)),
        }
    }

    /// The manifest as written to disk: entries sorted, pretty JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut sorted = self.clone();
        sorted.entries.sort_by(|a, b| (&a.path, a.kind, &a.key).cmp(&(&b.path, b.kind, &b.key)));
        let mut bytes = serde_json::to_vec_pretty(&sorted).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Whether nothing is recorded any more.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.hosts.is_empty()
    }

    /// The entry at `path`/`kind`/`key`.
    pub fn find(&self, path: &str, kind: EntryKind, key: &[String]) -> Option<&Entry> {
        self.entries.iter().find(|e| e.is(path, kind, key))
    }

    /// The entry at `path`/`kind`/`key`, mutably.
    pub fn find_mut(&mut self, path: &str, kind: EntryKind, key: &[String]) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.is(path, kind, key))
    }

    /// Drop the entry at `path`/`kind`/`key`.
    pub fn remove(&mut self, path: &str, kind: EntryKind, key: &[String]) {
        self.entries.retain(|e| !e.is(path, kind, key));
    }

    /// Whether `host` still owns any entry.
    pub fn owns_any(&self, host: Host) -> bool {
        self.entries.iter().any(|e| e.owners.contains(&host))
    }
}

/// `blake3:<hex>` of some bytes.
pub(crate) fn hash_bytes(bytes: &[u8]) -> String {
    format!("blake3:{}", blake3::hash(bytes).to_hex())
}

/// The hash of a JSON value with object keys sorted, so key order and
/// formatting do not matter.
pub(crate) fn hash_value(value: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(value, &mut canonical);
    hash_bytes(canonical.as_bytes())
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn value_hashes_ignore_key_order() {
        assert_eq!(
            hash_value(&json!({"a": 1, "b": [1, {"y": 2, "x": 1}]})),
            hash_value(&json!({"b": [1, {"x": 1, "y": 2}], "a": 1}))
        );
        assert_ne!(hash_value(&json!({"a": 1})), hash_value(&json!({"a": 2})));
    }

    #[test]
    fn damaged_and_future_manifests_are_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("m.json");
        assert!(Manifest::load(&path).expect("missing is empty").is_empty());
        std::fs::write(&path, "{ nope").expect("w");
        assert!(matches!(Manifest::load(&path), Err(Error::Manifest { .. })));
        std::fs::write(&path, r#"{"version": 9}"#).expect("w");
        assert!(matches!(Manifest::load(&path), Err(Error::Manifest { .. })));
    }
}
