//! C and C++: `#include "x"` is looked up beside the including file, then
//! in the `-iquote`/`-I`/`-isystem` folders that compile_commands.json
//! (at the root or in `build/`) gives for that file (or, for a file it does
//! not list, for any file); `#include <x>` only in those folders. A quoted
//! include found nowhere is unresolved; an angled one is a system header.

use super::{Project, Target, join, parent, relative_to};
use crate::extract::{ImportKind, RawImport};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub(super) struct Index {
    per_file: BTreeMap<String, Vec<String>>,
    all: Vec<String>,
}

impl Index {
    pub(super) fn new(p: &Project<'_>) -> Self {
        let mut index = Self::default();
        let Some(text) = ["compile_commands.json", "build/compile_commands.json"].iter().find_map(|f| p.read(f)) else {
            return index;
        };
        let Ok(serde_json::Value::Array(entries)) = serde_json::from_str::<serde_json::Value>(&text) else {
            return index;
        };
        let mut all = BTreeSet::new();
        for entry in &entries {
            let dir = absolute(p.root, entry.get("directory").and_then(|d| d.as_str()).unwrap_or("."));
            let args: Vec<String> = match (entry.get("arguments"), entry.get("command")) {
                (Some(serde_json::Value::Array(a)), _) => {
                    a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect()
                }
                (_, Some(serde_json::Value::String(c))) => shlex::split(c).unwrap_or_default(),
                _ => continue,
            };
            let dirs = include_dirs(p.root, &dir, &args);
            all.extend(dirs.iter().cloned());
            if let Some(file) =
                entry.get("file").and_then(|f| f.as_str()).and_then(|f| relative_to(p.root, &absolute(&dir, f)))
            {
                index.per_file.insert(file, dirs);
            }
        }
        index.all = all.into_iter().collect();
        index
    }

    pub(super) fn resolve(&self, p: &Project<'_>, file: &str, import: &RawImport) -> Target {
        let spec = import.spec.as_str();
        let quoted = import.kind == ImportKind::Include;
        if quoted && let Some(f) = join(parent(file), spec).filter(|f| p.exists(f)) {
            return Target::File(f);
        }
        let dirs = self.per_file.get(file).unwrap_or(&self.all);
        if let Some(f) = dirs.iter().filter_map(|d| join(d, spec)).find(|f| p.exists(f)) {
            return Target::File(f);
        }
        if quoted {
            Target::Unresolved(format!("{spec} is not beside {file} or under an include folder"))
        } else {
            Target::External(spec.to_owned())
        }
    }
}

fn absolute(dir: &Path, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() { p.to_path_buf() } else { dir.join(p) }
}

/// Root-relative include folders named by `-I`, `-iquote`, `-isystem` (joined or separate).
fn include_dirs(root: &Path, dir: &Path, args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let value = ["-I", "-iquote", "-isystem"].iter().find_map(|flag| {
            if arg == flag {
                iter.next().cloned()
            } else {
                arg.strip_prefix(flag).filter(|v| !v.is_empty()).map(str::to_owned)
            }
        });
        if let Some(v) = value
            && let Some(rel) = relative_to(root, &absolute(dir, &v))
            && !out.contains(&rel)
        {
            out.push(rel);
        }
    }
    out
}
