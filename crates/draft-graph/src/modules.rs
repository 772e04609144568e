//! Module view of the graph: a module is a folder holding source files
//! (a Rust module folder, a Python or Go package, a Java package folder, a
//! JS/TS folder). File edges become module edges; the Mermaid diagram
//! draws them clustered, collapsing folders until it stays readable.

use crate::graph::Graph;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The module (folder) of a file: `.` for the root.
#[must_use]
pub fn module_of(path: &str) -> String {
    path.rsplit_once('/').map_or_else(|| ".".to_owned(), |(d, _)| d.to_owned())
}

/// Module → modules it imports from (resolved edges between different folders), with files per module.
#[must_use]
pub fn module_graph(graph: &Graph) -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, Vec<String>>) {
    let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, node) in &graph.files {
        if node.lang.is_some() {
            files.entry(module_of(path)).or_default().push(path.clone());
        }
    }
    let mut deps: BTreeMap<String, BTreeSet<String>> = files.keys().map(|m| (m.clone(), BTreeSet::new())).collect();
    for (from, tos) in graph.dependencies() {
        let fm = module_of(from);
        for to in tos {
            let tm = module_of(to);
            if tm != fm && files.contains_key(&tm) {
                deps.entry(fm.clone()).or_default().insert(tm);
            }
        }
    }
    (deps, files)
}

/// Cut a module path to its first `depth` segments.
fn collapse(module: &str, depth: usize) -> String {
    if module == "." {
        return module.to_owned();
    }
    module.split('/').take(depth).collect::<Vec<_>>().join("/")
}

/// A Mermaid `flowchart` of the module graph. Up to `max_nodes` modules are
/// drawn one node each, inside a subgraph per top-level folder; beyond
/// that, folders are collapsed to the deepest level that fits.
#[must_use]
pub fn mermaid(graph: &Graph, max_nodes: usize) -> String {
    let (deps, _) = module_graph(graph);
    let max_depth = deps.keys().map(|m| m.split('/').count()).max().unwrap_or(1);
    let mut depth = max_depth;
    while depth > 1 {
        let count = deps.keys().map(|m| collapse(m, depth)).collect::<BTreeSet<_>>().len();
        if count <= max_nodes {
            break;
        }
        depth -= 1;
    }
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    let mut nodes: BTreeSet<String> = BTreeSet::new();
    for (from, tos) in &deps {
        let f = collapse(from, depth);
        nodes.insert(f.clone());
        for to in tos {
            let t = collapse(to, depth);
            if t != f {
                edges.insert((f.clone(), t));
            }
        }
    }
    let ids: BTreeMap<&String, String> = nodes.iter().enumerate().map(|(i, n)| (n, format!("m{i}"))).collect();
    let mut clusters: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for n in &nodes {
        let top = n.split('/').next().unwrap_or(n).to_owned();
        clusters.entry(top).or_default().push(n);
    }
    let mut out = String::from("flowchart LR\n");
    if depth < max_depth {
        let _ = writeln!(out, "  %% {} modules collapsed to folder depth {depth} to stay readable", deps.len());
    }
    for (i, (top, members)) in clusters.iter().enumerate() {
        let clustered = members.len() > 1;
        if clustered {
            let _ = writeln!(out, "  subgraph c{i}[\"{}\"]", escape(top));
        }
        for m in members {
            let _ = writeln!(out, "  {}{}[\"{}\"]", if clustered { "  " } else { "" }, ids[m], escape(m));
        }
        if clustered {
            let _ = writeln!(out, "  end");
        }
    }
    for (f, t) in &edges {
        let _ = writeln!(out, "  {} --> {}", ids[f], ids[t]);
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('"', "#quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ImportKind;
    use crate::graph::{Edge, FileNode};
    use crate::lang::{FileClass, Language};
    use crate::resolve::EdgeStatus;

    /// `n` folders `app/f{i}/` each importing the next, one file each.
    fn chain(n: usize) -> Graph {
        let mut g = Graph::default();
        for i in 0..n {
            let path = format!("app/f{i}/m.py");
            g.files.insert(path.clone(), FileNode { lang: Some(Language::Python), class: FileClass::Code, doc: None });
            if i + 1 < n {
                g.edges.push(Edge {
                    from: path,
                    to: Some(format!("app/f{}/m.py", i + 1)),
                    status: EdgeStatus::Resolved,
                    spec: String::new(),
                    line: 1,
                    kind: ImportKind::Import,
                    reason: None,
                });
            }
        }
        g
    }

    #[test]
    fn small_graphs_draw_every_module_inside_its_cluster() {
        let d = mermaid(&chain(3), 10);
        assert!(d.starts_with("flowchart LR\n  subgraph c0[\"app\"]\n"), "{d}");
        assert_eq!(d.matches("[\"app/f").count(), 3);
        assert_eq!(d.matches(" --> ").count(), 2);
        assert!(!d.contains("collapsed"));
    }

    #[test]
    fn large_graphs_collapse_folders_until_they_fit() {
        let d = mermaid(&chain(200), 60);
        assert!(d.contains("%% 200 modules collapsed to folder depth 1"), "{d}");
        assert_eq!(d.matches("[\"").count(), 1, "one node for `app`: {d}");
        assert_eq!(d.matches(" --> ").count(), 0, "edges inside one node vanish");
    }
}
