//! Java: every file declares a package; `package.Type` is the file
//! `Type.java` of that package, wherever its folder is. Imports of a type
//! (nested types fall back to their outer type), `static` imports of a
//! member, and `.*` imports of a package are looked up in that index. A
//! name whose package is one of the project's is unresolved when missing;
//! anything else (`java.*`, libraries) is external.

use super::{Project, Target, file_name};
use crate::extract::{ImportKind, RawImport};
use crate::lang::Language;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub(super) struct Index {
    /// Fully qualified type → its files (more than one is ambiguous).
    types: BTreeMap<String, Vec<String>>,
    packages: BTreeMap<String, BTreeSet<String>>,
}

impl Index {
    pub(super) fn new(p: &Project<'_>) -> Self {
        let mut index = Self::default();
        for (file, entry) in p.facts {
            let (lang, facts) = (entry.lang, &entry.facts);
            if lang != Language::Java {
                continue;
            }
            let pkg = facts.package.clone().unwrap_or_default();
            let stem = file_name(file).trim_end_matches(".java");
            let fq = if pkg.is_empty() { stem.to_owned() } else { format!("{pkg}.{stem}") };
            index.types.entry(fq).or_default().push(file.clone());
            index.packages.entry(pkg).or_default().insert(file.clone());
        }
        index
    }

    fn find_type(&self, dotted: &str) -> Option<&Vec<String>> {
        let mut name = dotted;
        loop {
            if let Some(f) = self.types.get(name) {
                return Some(f);
            }
            name = name.rsplit_once('.')?.0;
        }
    }

    pub(super) fn resolve(&self, import: &RawImport) -> Vec<Target> {
        let spec = import.spec.as_str();
        let found: Vec<Target> = if let Some(pkg) = spec.strip_suffix(".*") {
            match self.packages.get(pkg) {
                Some(files) => files.iter().map(|f| Target::File(f.clone())).collect(),
                None => self.find_type(pkg).map(|f| one(spec, f)).into_iter().collect(),
            }
        } else {
            let name =
                if import.kind == ImportKind::Static { spec.rsplit_once('.').map_or(spec, |(t, _)| t) } else { spec };
            self.find_type(name).map(|f| one(spec, f)).into_iter().collect()
        };
        if !found.is_empty() {
            return found;
        }
        let local =
            self.packages.keys().any(|pkg| !pkg.is_empty() && (spec.starts_with(&format!("{pkg}.")) || spec == pkg));
        if local {
            vec![Target::Unresolved(format!("no type {spec} in the project"))]
        } else {
            vec![Target::External(spec.trim_end_matches(".*").to_owned())]
        }
    }
}

/// The file of a type, or unresolved when several files declare it.
fn one(spec: &str, files: &[String]) -> Target {
    match files {
        [f] => Target::File(f.clone()),
        _ => Target::Unresolved(format!("{spec} is declared in several files: {}", files.join(", "))),
    }
}
