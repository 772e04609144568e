//! Queries over a built graph: `impact` (who depends on this, transitively,
//! with hop counts), `deps` (what this depends on), `cycles` (strongly
//! connected components, each with one concrete cycle) and `hotspots`
//! (fan-in × churn). Targets are files, folders, or dotted/`::` module
//! names that match exactly one file, or one symbol (then the call graph is
//! walked too) — never a guess among several.

use crate::calls::query::{self as calls, ReachedSymbol};
use crate::graph::Graph;
use crate::lang::FileClass;
use crate::resolve::EdgeStatus;
use draft_core::git::Git;
use draft_core::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// A file reached from the query's target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reached {
    /// Root-relative path.
    pub path: String,
    /// Imports between it and the nearest target file (1 = direct).
    pub hops: usize,
    /// Code, test, doc or config.
    pub class: FileClass,
    /// The neighbour one hop closer to the target, through which it was reached.
    pub via: String,
}

/// `draft graph impact` / `draft graph deps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reach {
    /// What was asked for, as given.
    pub query: String,
    /// The files it names.
    pub targets: Vec<String>,
    /// `--depth`, when given.
    pub depth: Option<usize>,
    /// Files reached, nearest first, then by path.
    pub files: Vec<Reached>,
    /// How many reached files fall in each class.
    pub by_class: BTreeMap<FileClass, usize>,
    /// deps only: the targets' imports of outside packages (sorted, unique).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external: Vec<String>,
    /// deps only: the targets' imports that resolve nowhere (`file:line spec`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    /// Symbol queries: the symbols named (`file::name`); `targets` holds their files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<String>,
    /// Symbol queries: callers (impact) or callees (deps), transitively, nearest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<ReachedSymbol>,
    /// Symbol queries: how many of `calls` fall in each class.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub calls_by_class: BTreeMap<FileClass, usize>,
    /// deps of a symbol: its own calls that are bound to no definition (`file:line callee: reason`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved_calls: Vec<String>,
    /// deps of a symbol: its own calls into outside packages (`file:line callee → package`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_calls: Vec<String>,
}

/// Which way to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Dependents (reverse edges): impact.
    Dependents,
    /// Dependencies (forward edges): deps.
    Dependencies,
}

/// The files `query` names: a file in the graph, every file under a folder,
/// or a module name (`a.b.c`, `a::b::c`, `a/b/c`) that matches exactly one
/// file once its extension (and a trailing `mod.rs`/`__init__.py`/`index.*`) is dropped.
pub fn targets(graph: &Graph, query: &str) -> Result<Vec<String>> {
    let found = file_targets(graph, query)?;
    if found.is_empty() {
        return Err(Error::Usage(format!("{query} names no file, folder or module in the graph")));
    }
    Ok(found)
}

/// Like [`targets`], with no match an empty list rather than an error.
fn file_targets(graph: &Graph, query: &str) -> Result<Vec<String>> {
    let q = query.trim_start_matches("./").trim_end_matches('/');
    if graph.files.contains_key(q) {
        return Ok(vec![q.to_owned()]);
    }
    let prefix = format!("{q}/");
    let under: Vec<String> = graph.files.keys().filter(|f| f.starts_with(&prefix)).cloned().collect();
    if !under.is_empty() {
        return Ok(under);
    }
    let as_path = q.replace("::", "/").replace('.', "/");
    let candidates: Vec<String> = graph
        .files
        .keys()
        .filter(|f| {
            let stem = module_stem(f);
            stem == as_path || stem.ends_with(&format!("/{as_path}"))
        })
        .cloned()
        .collect();
    match candidates.len() {
        0 | 1 => Ok(candidates),
        _ => Err(Error::Usage(format!("{query} is ambiguous: {}; pass one path", candidates.join(", ")))),
    }
}

fn module_stem(path: &str) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let stem = name.split('.').next().unwrap_or(name);
    if matches!(stem, "mod" | "__init__" | "index" | "lib") && !dir.is_empty() {
        return dir.to_owned();
    }
    if dir.is_empty() { stem.to_owned() } else { format!("{dir}/{stem}") }
}

/// Breadth-first walk from `query`'s files, up to `depth` hops. A query
/// that names no file, folder or module but one symbol (`file::name` or a
/// bare name) also walks the call graph from it.
pub fn reach(graph: &Graph, query: &str, depth: Option<usize>, dir: Direction) -> Result<Reach> {
    let mut found = file_targets(graph, query)?;
    let mut symbols = Vec::new();
    if found.is_empty() {
        symbols = calls::symbol_targets(graph, query)?
            .ok_or_else(|| Error::Usage(format!("{query} names no file, folder, module or symbol in the graph")))?;
        found = calls::files_of(graph, &symbols);
    }
    let mut report = file_reach(graph, query, found, depth, dir);
    if !symbols.is_empty() {
        report.calls = calls::walk(graph, &symbols, depth, dir == Direction::Dependents);
        report.calls_by_class = calls::by_class(&report.calls);
        if dir == Direction::Dependencies {
            (report.unresolved_calls, report.external_calls) = calls::open_calls(graph, &symbols);
        }
        report.symbols = symbols;
    }
    Ok(report)
}

fn file_reach(graph: &Graph, query: &str, targets: Vec<String>, depth: Option<usize>, dir: Direction) -> Reach {
    let adj = match dir {
        Direction::Dependents => graph.reverse(),
        Direction::Dependencies => graph.forward(),
    };
    let files = bfs(&targets, depth, |node| adj.get(node).into_iter().flatten().copied())
        .into_iter()
        .map(|(path, hops, via)| {
            let class = graph.files.get(path).map_or_else(|| FileClass::of(path), |n| n.class);
            Reached { path: path.to_owned(), hops, class, via: via.to_owned() }
        })
        .collect::<Vec<_>>();
    let mut by_class = BTreeMap::new();
    for f in &files {
        *by_class.entry(f.class).or_default() += 1;
    }
    let (mut external, mut unresolved) = (BTreeSet::new(), Vec::new());
    if dir == Direction::Dependencies {
        let set: BTreeSet<&str> = targets.iter().map(String::as_str).collect();
        for e in graph.edges.iter().filter(|e| set.contains(e.from.as_str())) {
            match e.status {
                EdgeStatus::External => {
                    external.insert(e.to.clone().unwrap_or_default());
                }
                EdgeStatus::Unresolved => unresolved.push(format!("{}:{} {}", e.from, e.line, e.spec)),
                EdgeStatus::Resolved => {}
            }
        }
    }
    Reach {
        query: query.to_owned(),
        targets,
        depth,
        files,
        by_class,
        external: external.into_iter().collect(),
        unresolved,
        symbols: Vec::new(),
        calls: Vec::new(),
        calls_by_class: BTreeMap::new(),
        unresolved_calls: Vec::new(),
        external_calls: Vec::new(),
    }
}

/// (node, hops, via) for every node reached from `starts` by following
/// `next`, nearest first and then by name: the walk behind file and symbol
/// queries alike.
pub(crate) fn bfs<'a, I>(
    starts: &'a [String],
    depth: Option<usize>,
    next: impl Fn(&'a str) -> I,
) -> Vec<(&'a str, usize, &'a str)>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut seen: HashMap<&str, usize> = starts.iter().map(|s| (s.as_str(), 0)).collect();
    let mut queue: VecDeque<(&str, usize)> = starts.iter().map(|s| (s.as_str(), 0)).collect();
    let mut out = Vec::new();
    while let Some((node, hops)) = queue.pop_front() {
        if depth.is_some_and(|d| hops >= d) {
            continue;
        }
        for reached in next(node) {
            if !seen.contains_key(reached) {
                seen.insert(reached, hops + 1);
                out.push((reached, hops + 1, node));
                queue.push_back((reached, hops + 1));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    out
}

/// One strongly connected component of more than one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cycle {
    /// Every file of the component, sorted.
    pub files: Vec<String>,
    /// One concrete cycle through the component's first file: it starts and ends there.
    pub path: Vec<String>,
}

/// Strongly connected components (Tarjan, iterative) of an adjacency map,
/// only those with more than one node, each sorted, in order of their first node.
#[must_use]
pub fn components<'a>(adj: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<Vec<&'a str>> {
    let mut nodes: BTreeSet<&str> = adj.keys().copied().collect();
    nodes.extend(adj.values().flatten().copied());
    let nodes: Vec<&str> = nodes.into_iter().collect();
    let id: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let succ: Vec<Vec<usize>> =
        nodes.iter().map(|n| adj.get(n).into_iter().flatten().filter_map(|m| id.get(m).copied()).collect()).collect();
    let n = nodes.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut next_index, mut out) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut child)) = call.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = succ[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(nodes[w]);
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort_unstable();
                    out.push(comp);
                }
            }
        }
    }
    out.sort();
    out
}

/// Every import cycle between files, with one concrete path each (Rust
/// `mod` declarations left out, see [`Graph::dependencies`]).
#[must_use]
pub fn cycles(graph: &Graph) -> Vec<Cycle> {
    let adj = graph.dependencies();
    components(&adj)
        .into_iter()
        .map(|comp| {
            let path = cycle_path(&adj, &comp);
            Cycle { files: comp.iter().map(|s| (*s).to_owned()).collect(), path }
        })
        .collect()
}

/// The shortest cycle through `comp[0]` staying inside `comp`.
fn cycle_path(adj: &BTreeMap<&str, BTreeSet<&str>>, comp: &[&str]) -> Vec<String> {
    let inside: BTreeSet<&str> = comp.iter().copied().collect();
    let start = comp[0];
    let mut prev: HashMap<&str, &str> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in adj.get(node).into_iter().flatten().filter(|n| inside.contains(*n)) {
            if *next == start {
                let mut path = vec![node.to_owned()];
                let mut cur = node;
                while cur != start {
                    let Some(p) = prev.get(cur) else { break };
                    path.push((*p).to_owned());
                    cur = p;
                }
                path.reverse();
                path.push(start.to_owned());
                return path;
            }
            if *next != start && !prev.contains_key(next) {
                prev.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start.to_owned()]
}

/// A file ranked by fan-in × churn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Hotspot {
    /// Root-relative path.
    pub path: String,
    /// Files that import it.
    pub fan_in: usize,
    /// Commits that touched it (1 for every file when git history is not available).
    pub churn: usize,
    /// fan_in × churn.
    pub score: usize,
}

/// Commits touching each root-relative path, from one `git log`; `None` when
/// git or its history is unavailable (with why).
pub fn churn(git: &Git) -> std::result::Result<HashMap<String, usize>, String> {
    let out = git.run(&["log", "--name-only", "--relative", "--format="]).map_err(|e| e.to_string())?;
    let mut counts = HashMap::new();
    for line in out.lines().filter(|l| !l.is_empty()) {
        *counts.entry(line.to_owned()).or_insert(0) += 1;
    }
    Ok(counts)
}

/// The top `limit` files by fan-in × churn (files nobody imports are left out).
#[must_use]
pub fn hotspots(graph: &Graph, churn: Option<&HashMap<String, usize>>, limit: usize) -> Vec<Hotspot> {
    let mut out: Vec<Hotspot> = graph
        .reverse()
        .into_iter()
        .map(|(path, importers)| {
            let churn = churn.map_or(1, |c| c.get(path).copied().unwrap_or(0));
            let fan_in = importers.len();
            Hotspot { path: path.to_owned(), fan_in, churn, score: fan_in * churn }
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(b.fan_in.cmp(&a.fan_in)).then_with(|| a.path.cmp(&b.path)));
    out.truncate(limit);
    out
}
