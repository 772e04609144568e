//! The resolved graph: one node per project file that takes part (every
//! parsed source file, plus any other file an import lands on), and one
//! edge per import target — resolved, external or unresolved. Adjacency
//! lists over the resolved edges serve the queries. Beside the files sit the
//! symbols (function and method definitions) and the call sites, resolved
//! or not, with the same three statuses.

use crate::calls::{CallEdge, Symbol};
use crate::extract::ImportKind;
use crate::lang::{FileClass, Language};
use crate::resolve::EdgeStatus;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A file in the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FileNode {
    /// Source language, or null for a non-source file an import reaches (JSON, CSS, …).
    pub lang: Option<Language>,
    /// Code, test, doc or config, by path conventions.
    pub class: FileClass,
    /// First paragraph of the module doc, when the file has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// One import of one file, after resolution.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Edge {
    /// The importing file.
    pub from: String,
    /// Resolved: the imported file. External: the package. Unresolved: null.
    pub to: Option<String>,
    /// Whether `to` is a project file, an outside package, or nothing found.
    pub status: EdgeStatus,
    /// The specifier as written.
    pub spec: String,
    /// 1-based line of the import in `from`.
    pub line: u32,
    /// The import syntax.
    pub kind: ImportKind,
    /// Why an unresolved edge found no file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Files and edges, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Graph {
    /// Every node by root-relative path.
    pub files: BTreeMap<String, FileNode>,
    /// Every edge, sorted by `from`, `line`, then the rest.
    pub edges: Vec<Edge>,
    /// Every function and method definition (and `<module>` for files with top-level calls), sorted by id.
    pub symbols: Vec<Symbol>,
    /// Every call site, sorted by file, line, then the rest.
    pub calls: Vec<CallEdge>,
}

impl Graph {
    /// Resolved file → file dependencies (no self-loops, deduplicated).
    #[must_use]
    pub fn forward(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        self.forward_where(|_| true)
    }

    /// Like [`Graph::forward`] without Rust `mod` declarations: a parent
    /// declaring a child module contains it rather than depends on it, and
    /// every `use crate::…` back to the root would otherwise close a cycle.
    /// Cycles and the module view use this.
    #[must_use]
    pub fn dependencies(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        self.forward_where(|e| e.kind != ImportKind::Mod)
    }

    fn forward_where(&self, keep: impl Fn(&Edge) -> bool) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for e in self.edges.iter().filter(|e| keep(e)) {
            if let (EdgeStatus::Resolved, Some(to)) = (e.status, &e.to)
                && *to != e.from
            {
                out.entry(e.from.as_str()).or_default().insert(to.as_str());
            }
        }
        out
    }

    /// The same edges reversed: file → files that import it.
    #[must_use]
    pub fn reverse(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (from, tos) in self.forward() {
            for to in tos {
                out.entry(to).or_default().insert(from);
            }
        }
        out
    }

    /// Edges with this status.
    pub fn with_status(&self, status: EdgeStatus) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(move |e| e.status == status)
    }

    /// Resolved calls as caller id → callee ids (self-calls dropped).
    #[must_use]
    pub fn callees(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for c in &self.calls {
            if let (EdgeStatus::Resolved, Some(to)) = (c.status, &c.to)
                && *to != c.caller
            {
                out.entry(c.caller.as_str()).or_default().insert(to.as_str());
            }
        }
        out
    }

    /// The same calls reversed: callee id → caller ids.
    #[must_use]
    pub fn callers(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (from, tos) in self.callees() {
            for to in tos {
                out.entry(to).or_default().insert(from);
            }
        }
        out
    }

    /// One line per call (`caller :line -> callee-id [written]`), for snapshots and diffs.
    #[must_use]
    pub fn call_lines(&self) -> String {
        let mut out = String::new();
        for c in &self.calls {
            let to = match c.status {
                EdgeStatus::Resolved => c.to.clone().unwrap_or_default(),
                EdgeStatus::External => format!("external:{}", c.to.clone().unwrap_or_default()),
                EdgeStatus::Unresolved => format!("UNRESOLVED({})", c.reason.clone().unwrap_or_default()),
            };
            out.push_str(&format!("{}:{} {} -> {to}   [{}]\n", c.file, c.line, c.caller, c.callee));
        }
        out
    }

    /// One line per edge (`from:line -> to [status kind spec]`), for snapshots and diffs.
    #[must_use]
    pub fn edge_lines(&self) -> String {
        let mut out = String::new();
        for e in &self.edges {
            let to = match e.status {
                EdgeStatus::Resolved => e.to.clone().unwrap_or_default(),
                EdgeStatus::External => format!("external:{}", e.to.clone().unwrap_or_default()),
                EdgeStatus::Unresolved => format!("UNRESOLVED({})", e.reason.clone().unwrap_or_default()),
            };
            out.push_str(&format!("{}:{} -> {to}   [{:?} {}]\n", e.from, e.line, e.kind, e.spec));
        }
        out
    }
}
