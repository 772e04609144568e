//! Symbol queries: naming a symbol (`path/to/file.rs::name`, or a bare
//! name that matches exactly one definition — several are an error that
//! lists them, never a pick) and walking the call graph from it: callers
//! for `impact`, callees for `deps`, with hop counts and file classes.

use super::{CallEdge, Symbol};
use crate::graph::Graph;
use crate::lang::FileClass;
use crate::resolve::EdgeStatus;
use draft_core::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A symbol reached through calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReachedSymbol {
    /// Its id, `file::name` (`file::<module>` for a file's top-level code).
    pub symbol: String,
    /// Root-relative file.
    pub file: String,
    /// 1-based line of the definition (0 for `<module>`).
    pub line: u32,
    /// Calls between it and the nearest target (1 = calls it directly / is called directly).
    pub hops: usize,
    /// Code, test, doc or config, of its file.
    pub class: FileClass,
    /// The symbol one hop closer to the target, through which it was reached.
    pub via: String,
}

/// The symbol ids `query` names, or `None` when it names no symbol (so the
/// caller can report the query as unknown). Several matches are an error.
pub fn symbol_targets(graph: &Graph, query: &str) -> Result<Option<Vec<String>>> {
    let short = |s: &Symbol| s.name.rsplit(['.', ':']).next().unwrap_or(&s.name).len();
    let is_short = |s: &Symbol, name: &str| short(s) == name.len() && s.name.ends_with(name);
    let (pool, name): (Vec<&Symbol>, &str) = match query.split_once("::") {
        Some((file, name)) if graph.files.contains_key(file) => {
            (graph.symbols.iter().filter(|s| s.file == file).collect(), name)
        }
        _ => (graph.symbols.iter().collect(), query),
    };
    let exact: Vec<&Symbol> = pool.iter().copied().filter(|s| s.name == name).collect();
    let hits = if exact.is_empty() { pool.into_iter().filter(|s| is_short(s, name)).collect() } else { exact };
    match hits.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(vec![one.id.clone()])),
        _ => Err(Error::Usage(format!(
            "{query} matches several definitions: {}; pass one as path::name",
            hits.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Callers (`dependents`) or callees of `starts`, transitively, up to `depth` calls.
#[must_use]
pub fn walk(graph: &Graph, starts: &[String], depth: Option<usize>, dependents: bool) -> Vec<ReachedSymbol> {
    // One pass over the calls into a hash map: cheaper than the sorted maps of `Graph::callers`.
    let mut adj: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in graph.calls.iter().filter(|c| c.status == EdgeStatus::Resolved) {
        let Some(to) = c.to.as_deref() else { continue };
        let (from, to) = if dependents { (to, c.caller.as_str()) } else { (c.caller.as_str(), to) };
        adj.entry(from).or_default().push(to);
    }
    let out = crate::query::bfs(starts, depth, |node| adj.get(node).into_iter().flatten().copied());
    out.into_iter()
        .map(|(id, hops, via)| {
            let sym = graph.symbols.binary_search_by(|s| s.id.as_str().cmp(id)).ok().map(|i| &graph.symbols[i]);
            let file = sym.map_or_else(|| id.split_once("::").map_or(id, |(f, _)| f).to_owned(), |s| s.file.clone());
            let class = graph.files.get(&file).map_or_else(|| FileClass::of(&file), |n| n.class);
            ReachedSymbol {
                symbol: id.to_owned(),
                file,
                line: sym.map_or(0, |s| s.line),
                hops,
                class,
                via: via.to_owned(),
            }
        })
        .collect()
}

/// The files of symbol ids (sorted, unique).
#[must_use]
pub fn files_of(graph: &Graph, ids: &[String]) -> Vec<String> {
    let files: BTreeSet<String> = ids
        .iter()
        .map(|id| {
            graph.symbols.binary_search_by(|s| s.id.cmp(id)).map_or_else(
                |_| id.split_once("::").map_or(id.as_str(), |(f, _)| f).to_owned(),
                |i| graph.symbols[i].file.clone(),
            )
        })
        .collect();
    files.into_iter().collect()
}

/// The calls made by `ids` that were not bound (`file:line callee: reason`)
/// and those into outside packages (`file:line callee → package`).
#[must_use]
pub fn open_calls(graph: &Graph, ids: &[String]) -> (Vec<String>, Vec<String>) {
    let set: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let mine = graph.calls.iter().filter(|c| set.contains(c.caller.as_str()));
    let (mut unresolved, mut external) = (Vec::new(), Vec::new());
    for c in mine {
        let CallEdge { file, line, callee, .. } = c;
        match c.status {
            EdgeStatus::Unresolved => {
                unresolved.push(format!("{file}:{line} {callee}: {}", c.reason.as_deref().unwrap_or("")));
            }
            EdgeStatus::External => {
                external.push(format!("{file}:{line} {callee} → {}", c.to.as_deref().unwrap_or("")))
            }
            EdgeStatus::Resolved => {}
        }
    }
    (unresolved, external)
}

/// How many reached symbols fall in each class.
#[must_use]
pub fn by_class(reached: &[ReachedSymbol]) -> BTreeMap<FileClass, usize> {
    let mut out = BTreeMap::new();
    for r in reached {
        *out.entry(r.class).or_default() += 1;
    }
    out
}
