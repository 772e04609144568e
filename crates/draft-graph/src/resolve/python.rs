//! Python: modules are looked up under the import roots — the project root,
//! `src/`, and the folder above every top-level package (a folder with
//! `__init__.py` whose parent has none; a root deeper than one folder only
//! serves the files inside it) — as `a/b.py`, `a/b.pyi` or `a/b/__init__.py`. Relative imports climb from the importing file's
//! package, one level per extra dot. `from m import n` points at the
//! submodule `m.n` when there is one, else at `m` (as grimp does). An
//! absolute import whose first name is not local is external; a relative
//! one, or a local package's missing submodule, is unresolved.

use super::{Project, Target, join, parent};
use crate::extract::{ImportKind, RawImport};
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Default)]
pub(super) struct Index {
    /// Import roots with the first names importable from each (top-level packages and modules).
    roots: Vec<(String, BTreeSet<String>)>,
    /// Module path (`a/b`) → the file that provides it, chosen as Python's
    /// finder would: `a/b.py`, else `a/b.pyi`, else `a/b/__init__.py`.
    /// One lookup per candidate instead of building three paths and
    /// searching the file set for each: a build resolves every import of
    /// every file, and each call's imported name again.
    modules: HashMap<String, (u8, String)>,
}

impl Index {
    pub(super) fn new(p: &Project<'_>) -> Self {
        let mut roots: BTreeSet<String> = BTreeSet::new();
        roots.insert(String::new());
        if p.files.iter().any(|f| f.starts_with("src/") && f.ends_with(".py")) {
            roots.insert("src".into());
        }
        for init in p.files.iter().filter(|f| f.ends_with("/__init__.py") || *f == "__init__.py") {
            let pkg = parent(init);
            if pkg.is_empty() {
                continue;
            }
            let above = parent(pkg);
            let above_init = if above.is_empty() { "__init__.py".to_owned() } else { format!("{above}/__init__.py") };
            if !p.exists(&above_init) {
                roots.insert(above.to_owned());
            }
        }
        let mut with_top = Vec::new();
        for root in &roots {
            let mut top = BTreeSet::new();
            let prefix = if root.is_empty() { String::new() } else { format!("{root}/") };
            for f in p.files.range(prefix.clone()..).take_while(|f| f.starts_with(&prefix)) {
                let rest = &f[prefix.len()..];
                match rest.split_once('/') {
                    Some((first, _)) if rest.ends_with(".py") || rest.ends_with(".pyi") => {
                        top.insert(first.to_owned());
                    }
                    None => {
                        if let Some(stem) = rest.strip_suffix(".py").or_else(|| rest.strip_suffix(".pyi")) {
                            top.insert(stem.to_owned());
                        }
                    }
                    _ => {}
                }
            }
            with_top.push((root.clone(), top));
        }
        // Deeper roots first, so the nearest enclosing one wins.
        with_top.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
        let mut modules: HashMap<String, (u8, String)> = HashMap::new();
        for f in p.files {
            let mut offer = |key: &str, rank: u8| {
                let slot = modules.entry(key.to_owned()).or_insert_with(|| (rank, f.clone()));
                if rank < slot.0 {
                    *slot = (rank, f.clone());
                }
            };
            if let Some(stem) = f.strip_suffix(".py") {
                offer(stem, 0);
                if let Some(package) = f.strip_suffix("__init__.py").filter(|d| d.is_empty() || d.ends_with('/')) {
                    offer(package.trim_end_matches('/'), 2);
                }
            } else if let Some(stem) = f.strip_suffix(".pyi") {
                offer(stem, 1);
            }
        }
        Self { roots: with_top, modules }
    }

    /// The file of module `dir/a/b` (a `/`-joined path under a folder).
    fn module_at(&self, base: &str) -> Option<String> {
        self.modules.get(base.trim_start_matches('/')).map(|(_, f)| f.clone())
    }

    /// The roots `file` can import from: the project root, top-level folders
    /// (`src/`, `lib/`) and any deeper root that encloses the file — a
    /// package nested elsewhere (a fixture, a vendored copy) is not importable
    /// from outside its own tree, so it never captures a same-named import.
    fn roots_for<'s>(&'s self, file: &'s str) -> impl Iterator<Item = &'s (String, BTreeSet<String>)> + 's {
        self.roots.iter().filter(move |(r, _)| !r.contains('/') || file.starts_with(&format!("{r}/")))
    }

    fn absolute(&self, file: &str, dotted: &str) -> Option<String> {
        let rel = dotted.replace('.', "/");
        self.roots_for(file).find_map(|(root, _)| join(root, &rel).and_then(|base| self.module_at(&base)))
    }

    pub(super) fn resolve(&self, p: &Project<'_>, file: &str, import: &RawImport) -> Vec<Target> {
        let spec = import.spec.as_str();
        let dots = spec.chars().take_while(|c| *c == '.').count();
        let module = &spec[dots..];
        // (folder the module path starts from, or None for absolute)
        let start: Option<String> = if dots > 0 {
            let mut dir = parent(file).to_owned();
            for _ in 1..dots {
                if dir.is_empty() {
                    return vec![Target::Unresolved(format!("`{spec}` climbs above the project root"))];
                }
                dir = parent(&dir).to_owned();
            }
            Some(dir)
        } else {
            None
        };
        let find = |dotted: &str| -> Option<String> {
            match &start {
                Some(dir) if dotted.is_empty() => join(dir, "__init__.py").filter(|f| p.exists(f)),
                Some(dir) => join(dir, &dotted.replace('.', "/")).and_then(|b| self.module_at(&b)),
                None => self.absolute(file, dotted),
            }
        };
        let first = module.split('.').next().unwrap_or_default();
        let missing = |what: &str| {
            if start.is_some() || self.roots_for(file).any(|(_, top)| top.contains(first)) {
                Target::Unresolved(format!("no module {what}"))
            } else {
                Target::External(first.to_owned())
            }
        };
        if import.kind != ImportKind::From {
            return vec![find(module).map_or_else(|| missing(module), Target::File)];
        }
        let mut out = Vec::new();
        let mut base_needed = import.names.is_empty();
        for name in &import.names {
            let sub = if module.is_empty() { name.clone() } else { format!("{module}.{name}") };
            match (name.as_str(), find(&sub)) {
                ("*", _) | (_, None) => base_needed = true,
                (_, Some(f)) => out.push(Target::File(f)),
            }
        }
        if base_needed {
            match find(module) {
                Some(f) => out.push(Target::File(f)),
                // `from . import x` in a namespace package (no __init__.py): only submodules count.
                None if module.is_empty() && start.is_some() => {
                    out.push(Target::Unresolved(format!("no module {spec}{}", import.names.join(","))));
                }
                None => out.push(missing(spec)),
            }
        }
        out
    }
}
