//! Service dependencies inferred from manifests, their cycles and a build
//! order.
//!
//! A dependency of service S (as draft-facts read it from S's manifests)
//! links S to service T when:
//! - it points at a local directory (Cargo `path`, npm `file:`/`link:`,
//!   go.mod `replace … => ../dir`, Poetry/uv `path`, Gradle
//!   `project(':x')`, .NET `ProjectReference`) inside T's directory; or,
//!   without a path,
//! - its name is the package T declares in the same ecosystem: Cargo
//!   package, npm package (`workspace:*` included), Go module path, Python
//!   project (compared the PEP 503 way), Maven artifactId, Composer package.
//!
//! A name two services declare links to neither (a diagnostic says so).
//! Cycles are the strongly connected components of the graph of non-dev
//! dependencies (Tarjan, iterative), each shown with one concrete cycle: the
//! shortest path from its first service (by path) back to itself. The build
//! order lists the components dependencies first (Kahn's algorithm, ties
//! broken by path), a cycle's services sharing one step.

use super::discover::{Found, ecosystem};
use super::{Cycle, Evidence, ServiceDependency};
use draft_model::{Diagnostic, Severity};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// The graph over the services of `found` (sorted by path).
#[derive(Debug, Default)]
pub(crate) struct Graph {
    pub edges: Vec<ServiceDependency>,
    pub cycles: Vec<Cycle>,
    pub order: Vec<Vec<String>>,
}

/// The key a package name is matched by in its ecosystem.
fn name_key(eco: &str, name: &str) -> String {
    match eco {
        "python" => draft_facts::manifests::python_name(name),
        // `group:artifact` is matched by its artifact.
        "maven" => name.rsplit(':').next().unwrap_or(name).to_owned(),
        _ => name.to_owned(),
    }
}

/// Link the services (see the module doc).
pub(crate) fn analyse(found: &[Found], diagnostics: &mut Vec<Diagnostic>) -> Graph {
    let by_path: HashMap<&str, usize> = found.iter().enumerate().map(|(i, f)| (f.service.path.as_str(), i)).collect();
    let mut names: HashMap<(String, String), BTreeSet<usize>> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        for m in &f.facts.manifests {
            if let Some(n) = &m.name {
                let eco = ecosystem(&m.kind).to_owned();
                names.entry((eco.clone(), name_key(&eco, n))).or_default().insert(i);
            }
        }
    }
    let mut links: BTreeMap<(usize, usize), Vec<(Evidence, bool)>> = BTreeMap::new();
    let mut ambiguous: BTreeSet<(String, String)> = BTreeSet::new();
    for (i, f) in found.iter().enumerate() {
        let kinds: HashMap<&str, &str> = f.facts.manifests.iter().map(|m| (m.path.as_str(), m.kind.as_str())).collect();
        for d in &f.facts.dependencies {
            let (target, kind) = if let Some(path) = &d.path {
                (owner(path, &by_path), "path")
            } else {
                let Some(kind) = kinds.get(d.manifest.as_str()) else { continue };
                let eco = ecosystem(kind);
                match names.get(&(eco.to_owned(), name_key(eco, &d.name))) {
                    Some(set) if set.len() == 1 => (set.iter().next().copied(), "name"),
                    Some(set) if !set.contains(&i) => {
                        ambiguous.insert((eco.to_owned(), d.name.clone()));
                        (None, "name")
                    }
                    _ => (None, "name"),
                }
            };
            if let Some(t) = target.filter(|t| *t != i) {
                let evidence =
                    Evidence { manifest: d.manifest.clone(), dependency: d.name.clone(), kind: kind.to_owned() };
                links.entry((i, t)).or_default().push((evidence, d.dev));
            }
        }
    }
    for (eco, name) in ambiguous {
        let owners: Vec<&str> = names
            .get(&(eco.clone(), name_key(&eco, &name)))
            .into_iter()
            .flatten()
            .map(|i| found[*i].service.path.as_str())
            .collect();
        diagnostics.push(
            Diagnostic::file(
                "index-ambiguous-package",
                Severity::Info,
                owners.first().copied().unwrap_or_default(),
                format!(
                    "{eco} package {name:?} is declared by {}: dependencies on it link to none of them",
                    owners.join(", ")
                ),
            )
            .with_hint("rename one of the packages, or exclude the copy that is not a service (exclude_patterns)"),
        );
    }
    let mut edges = Vec::with_capacity(links.len());
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); found.len()];
    for ((from, to), mut via) in links {
        via.sort_by(|a, b| (&a.0.manifest, &a.0.dependency).cmp(&(&b.0.manifest, &b.0.dependency)));
        via.dedup_by(|a, b| a.0 == b.0);
        let dev = via.iter().all(|(_, dev)| *dev);
        if !dev {
            adj[from].push(to);
        }
        edges.push(ServiceDependency {
            from: found[from].service.path.clone(),
            to: found[to].service.path.clone(),
            dev,
            via: via.into_iter().map(|(e, _)| e).collect(),
        });
    }
    let components = tarjan(&adj);
    let path_of = |i: usize| found[i].service.path.clone();
    let mut cycles: Vec<Cycle> = components
        .iter()
        .filter(|c| c.len() > 1)
        .map(|c| Cycle {
            services: c.iter().map(|&i| path_of(i)).collect(),
            path: shortest_cycle(c, &adj).into_iter().map(path_of).collect(),
        })
        .collect();
    cycles.sort_by(|a, b| a.services.cmp(&b.services));
    let order =
        build_order(&components, &adj).into_iter().map(|step| step.into_iter().map(path_of).collect()).collect();
    Graph { edges, cycles, order }
}

/// The service whose directory holds `path` (the deepest one).
fn owner(path: &str, by_path: &HashMap<&str, usize>) -> Option<usize> {
    let mut p = path;
    loop {
        if let Some(i) = by_path.get(p) {
            return Some(*i);
        }
        p = p.rsplit_once('/')?.0;
    }
}

/// Strongly connected components, each sorted, members as indices.
fn tarjan(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = adj.len();
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0);
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(start, 0)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&(v, i)) = calls.last() {
            if let Some(&w) = adj[v].get(i) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out
}

/// The shortest cycle through the component's first member, as
/// `[first, …, first]`.
fn shortest_cycle(component: &[usize], adj: &[Vec<usize>]) -> Vec<usize> {
    let members: BTreeSet<usize> = component.iter().copied().collect();
    let Some(&start) = component.first() else { return Vec::new() };
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        let mut next: Vec<usize> = adj[v].iter().copied().filter(|w| members.contains(w)).collect();
        next.sort_unstable();
        for w in next {
            if w == start {
                let mut chain = Vec::new();
                let mut at = v;
                while at != start {
                    chain.push(at);
                    at = parent.get(&at).copied().unwrap_or(start);
                }
                chain.reverse();
                let mut path = vec![start];
                path.extend(chain);
                path.push(start);
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

/// Components in dependency order: a component comes after every component
/// it depends on; ready ones are taken by their first member.
fn build_order(components: &[Vec<usize>], adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut comp_of = vec![0; adj.len()];
    for (c, members) in components.iter().enumerate() {
        for &m in members {
            comp_of[m] = c;
        }
    }
    let mut waiting = vec![0usize; components.len()];
    let mut dependents: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); components.len()];
    for (v, outs) in adj.iter().enumerate() {
        for &w in outs {
            let (cv, cw) = (comp_of[v], comp_of[w]);
            if cv != cw && dependents[cw].insert(cv) {
                waiting[cv] += 1;
            }
        }
    }
    let key = |c: usize| (components[c].first().copied().unwrap_or(usize::MAX), c);
    let mut ready: BTreeSet<(usize, usize)> = (0..components.len()).filter(|&c| waiting[c] == 0).map(key).collect();
    let mut order = Vec::with_capacity(components.len());
    while let Some((_, c)) = ready.pop_first() {
        order.push(components[c].clone());
        for &d in &dependents[c] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.insert(key(d));
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_cycles_and_order() {
        // 0 → 1 → 2 → 1, 3 → 0, 4 alone, 2 → 5
        let adj = vec![vec![1], vec![2], vec![1, 5], vec![0], vec![], vec![]];
        let comps = tarjan(&adj);
        assert!(comps.contains(&vec![1, 2]));
        assert_eq!(comps.len(), 5);
        let cycle = comps.iter().find(|c| c.len() == 2).expect("cycle");
        assert_eq!(shortest_cycle(cycle, &adj), [1, 2, 1]);
        assert_eq!(build_order(&comps, &adj), [vec![4], vec![5], vec![1, 2], vec![0], vec![3]]);
    }

    #[test]
    fn the_shortest_cycle_is_found_through_the_first_member() {
        // 0 → 1 → 2 → 0 and 0 → 2 → 0
        let adj = vec![vec![1, 2], vec![2], vec![0]];
        let comps = tarjan(&adj);
        assert_eq!(comps, [vec![0, 1, 2]]);
        assert_eq!(shortest_cycle(&comps[0], &adj), [0, 2, 0]);
    }

    #[test]
    fn a_long_chain_does_not_recurse() {
        let n = 200_000;
        let adj: Vec<Vec<usize>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] }).collect();
        let comps = tarjan(&adj);
        assert_eq!(comps.len(), 1);
        assert_eq!(shortest_cycle(&comps[0], &adj).len(), n + 1);
    }

    #[test]
    fn owners_are_the_deepest_service_directory() {
        let by_path: HashMap<&str, usize> = [("libs", 0), ("libs/core", 1)].into_iter().collect();
        assert_eq!(owner("libs/core/src", &by_path), Some(1));
        assert_eq!(owner("libs/other", &by_path), Some(0));
        assert_eq!(owner("apps/x", &by_path), None);
    }
}
