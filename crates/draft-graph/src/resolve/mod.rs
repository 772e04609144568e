//! Resolution: turns each raw import into an edge to a file of the project,
//! an external package, or an explicit "unresolved" — following each
//! language's own lookup rules (one submodule per language family). Nothing
//! is ever matched by a bare name against some other file that happens to
//! share it; when the rules do not lead to a file, the edge says so.

mod c;
mod go;
mod java;
mod node;
mod python;
pub(crate) mod rust;

use crate::extract::RawImport;
use crate::lang::Language;
use crate::store::Entry;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What an import resolved to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// A file of the project (root-relative, `/`-separated).
    File(String),
    /// Something outside the project: a standard library or third-party package.
    External(String),
    /// Looks like it should be in the project, but the rules lead to no file; the reason says why.
    Unresolved(String),
}

/// Edge status in the graph and in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum EdgeStatus {
    /// Points at a file of the project.
    Resolved,
    /// Points outside the project (standard library, dependency).
    External,
    /// Should be in the project but no file matches; kept with the raw specifier.
    Unresolved,
}

/// Everything resolution may look at: the facts of every parsed file and
/// the set of every file in the project (source or not).
#[derive(Debug)]
pub struct Project<'a> {
    /// Absolute project root (for reading manifests: Cargo.toml, go.mod, tsconfig.json, …).
    pub root: &'a Path,
    /// Every file found, root-relative.
    pub files: &'a BTreeSet<String>,
    /// Parsed source files and what they say.
    pub facts: &'a BTreeMap<String, Entry>,
}

impl Project<'_> {
    fn exists(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    fn read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.root.join(rel)).ok()
    }

    /// Files directly inside `dir` (not in subfolders).
    fn files_in<'s>(&'s self, dir: &'s str) -> impl Iterator<Item = &'s String> + 's {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let len = prefix.len();
        let start = prefix.clone();
        self.files.range(start..).take_while(move |f| f.starts_with(&prefix)).filter(move |f| !f[len..].contains('/'))
    }
}

/// Per-project lookup tables, built once per build from manifests and facts.
#[derive(Debug)]
pub struct Resolver<'a> {
    project: Project<'a>,
    rust: rust::Index,
    python: python::Index,
    node: node::Index,
    go: go::Index,
    java: java::Index,
    c: c::Index,
}

impl<'a> Resolver<'a> {
    /// Read manifests and index the project.
    #[must_use]
    pub fn new(project: Project<'a>) -> Self {
        Self {
            rust: rust::Index::new(&project),
            python: python::Index::new(&project),
            node: node::Index::new(&project),
            go: go::Index::new(&project),
            java: java::Index::new(&project),
            c: c::Index::new(&project),
            project,
        }
    }

    /// Resolve one import of `file`. One import can lead to several files
    /// (a Go package, a Java wildcard, Python `from p import a, b`).
    #[must_use]
    pub fn resolve(&self, file: &str, lang: Language, import: &RawImport) -> Vec<Target> {
        let p = &self.project;
        match lang {
            Language::Rust => vec![self.rust.resolve(p, file, import)],
            Language::Python => self.python.resolve(p, file, import),
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                vec![self.node.resolve(p, file, lang, import)]
            }
            Language::Go => self.go.resolve(p, import),
            Language::Java => self.java.resolve(import),
            Language::C | Language::Cpp => vec![self.c.resolve(p, file, import)],
        }
    }
}

impl Resolver<'_> {
    /// Rust: walk `segs`, written in `file`, through the crates' module trees.
    pub(crate) fn rust_locate(&self, file: &str, segs: &[&str]) -> rust::Located {
        self.rust.locate(file, segs, false)
    }

    /// Problems met reading project configuration (tsconfig `extends`), for the build report.
    #[must_use]
    pub fn warnings(&self) -> Vec<String> {
        self.node.warnings.clone()
    }
}

/// The folder of a root-relative path (`""` for the root).
pub(crate) fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The last segment of a path.
pub(crate) fn file_name(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(rel, |(_, f)| f)
}

/// Join `rel` onto `dir` and fold `.` and `..`; `None` when `..` climbs out of the root.
pub(crate) fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() { Vec::new() } else { dir.split('/').collect() };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Root-relative, `/`-separated form of an absolute path inside `root`.
pub(crate) fn relative_to(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut out = Vec::new();
    for c in rel.components() {
        match c {
            std::path::Component::Normal(s) => out.push(s.to_str()?.to_owned()),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop()?;
            }
            _ => return None,
        }
    }
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_folds_dots_and_refuses_to_leave_the_root() {
        assert_eq!(join("a/b", "../c/./d").as_deref(), Some("a/c/d"));
        assert_eq!(join("", "x").as_deref(), Some("x"));
        assert_eq!(join("a", "../../x"), None);
        assert_eq!(parent("a/b/c.rs"), "a/b");
        assert_eq!(parent("c.rs"), "");
    }
}
