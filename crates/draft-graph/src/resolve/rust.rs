//! Rust: crates come from each `Cargo.toml` (library, binaries, tests,
//! examples, benches, build script); each crate root's `mod` declarations
//! are followed to build the module tree, with `foo.rs` / `foo/mod.rs` and
//! `#[path]`. A `use` path is then walked through that tree — `crate::`,
//! `self::`, `super::`, a child module of the current one (2018 uniform
//! paths), or another workspace crate by its library name — and lands on
//! the file of the deepest module it names. Anything else is external.

use super::{Project, Target, file_name, join, parent};
use crate::extract::{ImportKind, RawImport};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a Rust path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Located {
    /// The file of the deepest module named, and the index of the first segment past it.
    Module { file: String, rest: usize },
    /// An outside crate.
    External(String),
    /// No module tree leads there.
    Unresolved(String),
}

#[derive(Debug, Default)]
pub(super) struct Index {
    /// (crate index, module path) → file.
    modules: HashMap<(usize, Vec<String>), String>,
    /// file → (crate index, module path), the first tree that reaches it.
    owner: HashMap<String, (usize, Vec<String>)>,
    /// Library crate name (underscored) → crate index.
    /// Several crates may share a name (fixtures, examples): all are kept.
    libs: BTreeMap<String, Vec<usize>>,
    /// Root file of each crate.
    roots: Vec<String>,
}

impl Index {
    pub(super) fn new(p: &Project<'_>) -> Self {
        let mut index = Self::default();
        let mut roots: Vec<(String, Option<String>)> = Vec::new(); // (root file, lib name)
        for manifest in p.files.iter().filter(|f| file_name(f) == "Cargo.toml") {
            let dir = parent(manifest);
            let Some(table) = p.read(manifest).and_then(|t| t.parse::<toml::Table>().ok()) else { continue };
            let Some(package) = table.get("package").and_then(toml::Value::as_table) else { continue };
            let name = package.get("name").and_then(toml::Value::as_str).unwrap_or_default();
            let lib = table.get("lib").and_then(toml::Value::as_table);
            let lib_name =
                lib.and_then(|l| l.get("name")).and_then(toml::Value::as_str).unwrap_or(name).replace('-', "_");
            let lib_path = lib.and_then(|l| l.get("path")).and_then(toml::Value::as_str).unwrap_or("src/lib.rs");
            if let Some(f) = join(dir, lib_path).filter(|f| p.exists(f)) {
                roots.push((f, Some(lib_name)));
            }
            let mut others: BTreeSet<String> = BTreeSet::new();
            for key in ["bin", "test", "example", "bench"] {
                for target in table.get(key).and_then(toml::Value::as_array).into_iter().flatten() {
                    if let Some(path) = target.get("path").and_then(toml::Value::as_str) {
                        others.extend(join(dir, path));
                    }
                }
            }
            others.extend(join(dir, "src/main.rs"));
            others.extend(join(dir, "build.rs"));
            for sub in ["src/bin", "tests", "examples", "benches"] {
                let Some(d) = join(dir, sub) else { continue };
                others.extend(p.files_in(&d).filter(|f| f.ends_with(".rs")).cloned());
                let nested = format!("{d}/");
                others.extend(
                    p.files
                        .range(nested.clone()..)
                        .take_while(|f| f.starts_with(&nested))
                        .filter(|f| f[nested.len()..].matches('/').count() == 1 && f.ends_with("/main.rs"))
                        .cloned(),
                );
            }
            roots.extend(others.into_iter().filter(|f| p.exists(f)).map(|f| (f, None)));
        }
        // A tree of loose files with no manifest still gets its lib.rs/main.rs roots.
        if roots.is_empty() {
            for f in p.files.iter().filter(|f| matches!(file_name(f), "lib.rs" | "main.rs")) {
                roots.push((f.clone(), None));
            }
        }
        index.roots = roots.iter().map(|(r, _)| r.clone()).collect();
        for (krate, (root, lib)) in roots.iter().enumerate() {
            if let Some(lib) = lib {
                index.libs.entry(lib.clone()).or_default().push(krate);
            }
            index.walk_tree(p, krate, root);
        }
        index
    }

    fn walk_tree(&mut self, p: &Project<'_>, krate: usize, root: &str) {
        let mut queue = vec![(root.to_owned(), Vec::<String>::new(), true)];
        let mut seen = BTreeSet::new();
        while let Some((file, path, is_root)) = queue.pop() {
            if !seen.insert(file.clone()) {
                continue;
            }
            self.modules.insert((krate, path.clone()), file.clone());
            self.owner.entry(file.clone()).or_insert_with(|| (krate, path.clone()));
            let Some(entry) = p.facts.get(&file) else { continue };
            for import in entry.facts.imports.iter().filter(|i| i.kind == ImportKind::Mod) {
                if let Some(child) = mod_file(p, &file, is_root, import) {
                    let mut child_path = path.clone();
                    child_path.push(import.spec.clone());
                    queue.push((child, child_path, false));
                }
            }
        }
    }

    pub(super) fn resolve(&self, p: &Project<'_>, file: &str, import: &RawImport) -> Target {
        if import.kind == ImportKind::Mod {
            let is_root = self.owner.get(file).is_some_and(|(_, path)| path.is_empty())
                || matches!(file_name(file), "lib.rs" | "main.rs");
            return match mod_file(p, file, is_root, import) {
                Some(f) => Target::File(f),
                None => Target::Unresolved(format!("no file for `mod {}`", import.spec)),
            };
        }
        let segs: Vec<&str> = import.spec.split("::").filter(|s| !s.is_empty()).collect();
        if segs.is_empty() {
            return Target::Unresolved("empty path".into());
        }
        match self.locate(file, &segs, import.spec.starts_with("::")) {
            Located::Module { file, .. } => Target::File(file),
            Located::External(name) => Target::External(name),
            Located::Unresolved(why) => Target::Unresolved(why),
        }
    }

    /// Walk a path written in `file` (`crate::a::f`, `super::b`, `dep::x`)
    /// through the module trees: the file of the deepest module it names and
    /// how many segments that took, or the outside crate, or why not.
    pub(super) fn locate(&self, file: &str, segs: &[&str], global: bool) -> Located {
        let Some(&first) = segs.first() else { return Located::Unresolved("empty path".into()) };
        if global {
            return self.extern_crate(file, first, &segs[1..]);
        }
        let here = self.owner.get(file);
        let (krate, base, skip): (usize, Vec<String>, usize) = match (first, here) {
            ("crate", Some((k, _))) => (*k, Vec::new(), 1),
            ("self", Some((k, m))) => (*k, m.clone(), 1),
            ("super", Some((k, m))) => {
                let supers = segs.iter().take_while(|s| **s == "super").count();
                if supers > m.len() {
                    return Located::Unresolved(format!("`{}` climbs above the crate root", segs.join("::")));
                }
                (*k, m[..m.len() - supers].to_vec(), supers)
            }
            ("crate" | "self" | "super", None) => {
                return Located::Unresolved(format!("{file} is not in any crate's module tree"));
            }
            (_, Some((k, m))) if self.is_module(*k, m, first) => (*k, m.clone(), 0),
            _ => return self.extern_crate(file, first, &segs[1..]),
        };
        let (file, used) = self.deepest(krate, base, &segs[skip..]);
        Located::Module { file, rest: skip + used }
    }

    fn is_module(&self, krate: usize, base: &[String], name: &str) -> bool {
        let mut path = base.to_vec();
        path.push(name.to_owned());
        self.modules.contains_key(&(krate, path))
    }

    /// The file of the deepest module `base::rest…` names (items below it
    /// live in that file) and how many of `rest` were modules.
    fn deepest(&self, krate: usize, mut base: Vec<String>, rest: &[&str]) -> (String, usize) {
        let mut used = 0;
        for seg in rest {
            if !self.is_module(krate, &base, seg) {
                break;
            }
            base.push((*seg).to_owned());
            used += 1;
        }
        (self.modules.get(&(krate, base)).cloned().unwrap_or_default(), used)
    }

    /// A workspace crate by library name; when several share it, the one
    /// whose package encloses `file` (else the name is ambiguous: unresolved).
    fn extern_crate(&self, file: &str, name: &str, rest: &[&str]) -> Located {
        let Some(krates) = self.libs.get(name) else { return Located::External(name.to_owned()) };
        let package_dir = |k: usize| {
            let root = &self.roots[k];
            let dir = parent(root);
            dir.strip_suffix("/src").or_else(|| (dir == "src").then_some("")).unwrap_or(dir).to_owned()
        };
        let chosen: Vec<usize> = if krates.len() == 1 {
            krates.clone()
        } else {
            krates
                .iter()
                .copied()
                .filter(|k| {
                    let d = package_dir(*k);
                    d.is_empty() || file.starts_with(&format!("{d}/"))
                })
                .collect()
        };
        match chosen.as_slice() {
            [k] => {
                let (file, used) = self.deepest(*k, Vec::new(), rest);
                Located::Module { file, rest: 1 + used }
            }
            _ => Located::Unresolved(format!(
                "crate name {name} is ambiguous: {}",
                krates.iter().map(|k| self.roots[*k].as_str()).collect::<Vec<_>>().join(", ")
            )),
        }
    }
}

/// The file a `mod name;` in `file` loads: `#[path]` relative to the file's
/// folder, else `name.rs` or `name/mod.rs` in the folder that holds the
/// children of `file` (its own folder for crate roots and `mod.rs`, else `file`'s stem).
fn mod_file(p: &Project<'_>, file: &str, is_root: bool, import: &RawImport) -> Option<String> {
    let dir = parent(file);
    if let Some(path) = import.names.first() {
        return join(dir, path).filter(|f| p.exists(f));
    }
    let owns_dir = is_root || file_name(file) == "mod.rs";
    let child_dir = if owns_dir {
        dir.to_owned()
    } else {
        let stem = file_name(file).trim_end_matches(".rs");
        join(dir, stem)?
    };
    let name = &import.spec;
    [join(&child_dir, &format!("{name}.rs")), join(&child_dir, &format!("{name}/mod.rs"))]
        .into_iter()
        .flatten()
        .find(|f| p.exists(f))
}
