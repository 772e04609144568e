//! The markdown inside the generated regions of the three index documents.
//!
//! Everything here is a pure function of the services and the graph, sorted,
//! with no clock or machine state in it, so an unchanged repository renders
//! the same bytes and a second `draft index` changes nothing. Services are
//! named by their package name, or by their path where two share a name.
//! Text taken from manifests and product.md is escaped for table cells and
//! can never form a marker line.

use super::deps::Graph;
use super::{Service, TrackTotals};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Display names: the package name, or the path when the name is shared.
pub(crate) struct Labels(HashMap<String, String>);

impl Labels {
    pub(crate) fn new(services: &[Service]) -> Self {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for s in services {
            *count.entry(s.name.as_str()).or_default() += 1;
        }
        Self(
            services
                .iter()
                .map(|s| {
                    let label = if count[s.name.as_str()] > 1 { s.path.clone() } else { s.name.clone() };
                    (s.path.clone(), label)
                })
                .collect(),
        )
    }

    fn of<'a>(&'a self, path: &'a str) -> &'a str {
        self.0.get(path).map_or(path, String::as_str)
    }
}

/// Text for a table cell: one line, pipes escaped, no HTML comment openers.
fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|").replace("<!--", "&lt;!--")
}

/// A path in backticks (backticks inside dropped).
fn code(path: &str) -> String {
    format!("`{}`", path.replace('`', ""))
}

fn join_or_dash(items: &[String]) -> String {
    if items.is_empty() { "—".to_owned() } else { cell(&items.join(", ")) }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn tracks_cell(t: Option<&TrackTotals>, initialised: bool) -> String {
    let Some(t) = t else { return if initialised { "?".to_owned() } else { "—".to_owned() } };
    if t.total == 0 {
        return "0".to_owned();
    }
    format!("{} ({}) · {}/{} tasks", t.total, t.breakdown(), t.tasks.completed, t.tasks.total)
}

/// service-index.md's region.
pub(crate) fn service_index(services: &[Service], labels: &Labels) -> String {
    let initialised = services.iter().filter(|s| s.initialised).count();
    let mut s = String::with_capacity(256 + services.len() * 160);
    let _ = writeln!(
        s,
        "{} · {initialised} initialised · {} not initialised\n",
        plural(services.len(), "service", "services"),
        services.len() - initialised
    );
    s.push_str("| Service | Path | Initialised | Language | Frameworks | Summary | Tracks |\n");
    s.push_str("|---|---|---|---|---|---|---|\n");
    for svc in services {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            cell(labels.of(&svc.path)),
            code(&svc.path),
            if svc.initialised { "yes" } else { "no" },
            join_or_dash(&svc.languages),
            join_or_dash(&svc.frameworks),
            svc.summary.as_deref().map_or_else(|| "—".to_owned(), cell),
            tracks_cell(svc.tracks.as_ref(), svc.initialised),
        );
    }
    s.push_str("\n## Not initialised\n\n");
    let missing: Vec<&Service> = services.iter().filter(|s| !s.initialised).collect();
    if missing.is_empty() {
        s.push_str("Every service has its own context.\n");
        return s;
    }
    s.push_str("These services have no `draft/` context yet. `draft index --init-missing` initialises all of them; name paths after it to pick some.\n\n");
    s.push_str("| Service | Path | Command |\n|---|---|---|\n");
    for svc in missing {
        let _ = writeln!(
            s,
            "| {} | {} | `draft index --init-missing {}` |",
            cell(labels.of(&svc.path)),
            code(&svc.path),
            svc.path.replace('`', "")
        );
    }
    s
}

/// The technologies of a service, by kind, in matrix order.
fn technologies(s: &Service) -> impl Iterator<Item = (&'static str, &str)> {
    s.languages
        .iter()
        .map(|t| ("language", t.as_str()))
        .chain(s.frameworks.iter().map(|t| ("framework", t.as_str())))
        .chain(s.build.iter().map(|t| ("build", t.as_str())))
        .chain(s.test_frameworks.iter().map(|t| ("test", t.as_str())))
        .chain(s.tools.iter().map(|t| ("tooling", t.as_str())))
}

const KINDS: [&str; 5] = ["language", "framework", "build", "test", "tooling"];

/// tech-matrix.md's region: one row per technology, the services using it.
pub(crate) fn tech_matrix(services: &[Service], labels: &Labels) -> String {
    let mut used: BTreeMap<(usize, &str), Vec<&str>> = BTreeMap::new();
    for svc in services {
        for (kind, tech) in technologies(svc) {
            let k = KINDS.iter().position(|x| *x == kind).unwrap_or(KINDS.len());
            used.entry((k, tech)).or_default().push(labels.of(&svc.path));
        }
    }
    let mut rows: Vec<((usize, &str), Vec<&str>)> = used.into_iter().collect();
    // Within a kind, the most used first, then by name.
    rows.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.len().cmp(&a.1.len())).then(a.0.1.cmp(b.0.1)));
    let mut s = String::with_capacity(256 + rows.len() * 120);
    let _ = writeln!(
        s,
        "{} across {}.\n",
        plural(rows.len(), "technology", "technologies"),
        plural(services.len(), "service", "services")
    );
    if rows.is_empty() {
        s.push_str("No manifests were read, so no technologies are known.\n");
        return s;
    }
    s.push_str("| Technology | Kind | Services | Used by |\n|---|---|---:|---|\n");
    for ((k, tech), mut users) in rows {
        users.sort_unstable();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cell(tech),
            KINDS.get(k).copied().unwrap_or("other"),
            users.len(),
            cell(&users.join(", "))
        );
    }
    s
}

/// dependency-graph.md's region.
pub(crate) fn dependency_graph(services: &[Service], graph: &Graph, labels: &Labels) -> String {
    let mut s = String::with_capacity(512 + graph.edges.len() * 120);
    let _ = writeln!(
        s,
        "{} · {} · {}\n",
        plural(services.len(), "service", "services"),
        plural(graph.edges.len(), "dependency", "dependencies"),
        plural(graph.cycles.len(), "cycle", "cycles")
    );
    let dev: HashMap<(&str, &str), bool> =
        graph.edges.iter().map(|e| ((e.from.as_str(), e.to.as_str()), e.dev)).collect();
    let name = |from: &str, to: &str, shown: &str| {
        let label = cell(labels.of(shown));
        if dev.get(&(from, to)).copied().unwrap_or(false) { format!("{label} (dev)") } else { label }
    };
    s.push_str("## Dependencies\n\n");
    let linked: Vec<&Service> = services.iter().filter(|s| !s.depends_on.is_empty() || !s.used_by.is_empty()).collect();
    if linked.is_empty() {
        s.push_str("No service depends on another.\n");
    } else {
        s.push_str("| Service | Depends on | Used by |\n|---|---|---|\n");
        for svc in &linked {
            let deps: Vec<String> = svc.depends_on.iter().map(|t| name(&svc.path, t, t)).collect();
            let users: Vec<String> = svc.used_by.iter().map(|u| name(u, &svc.path, u)).collect();
            let _ = writeln!(s, "| {} | {} | {} |", cell(labels.of(&svc.path)), dash(&deps), dash(&users));
        }
        let alone = services.len() - linked.len();
        if alone > 0 {
            let _ = writeln!(s, "\n{} without dependencies either way.", plural(alone, "service", "services"));
        }
    }
    s.push_str("\n## Cycles\n\n");
    if graph.cycles.is_empty() {
        s.push_str("No dependency cycles.\n");
    }
    for (i, c) in graph.cycles.iter().enumerate() {
        let path: Vec<String> = c.path.iter().map(|p| cell(labels.of(p))).collect();
        let _ = writeln!(s, "{}. {}", i + 1, path.join(" → "));
    }
    s.push_str("\n## Build order\n\n");
    s.push_str("Dependencies first: each step needs only the steps above it (development dependencies aside); the services of a cycle share a step.\n\n");
    for (i, step) in graph.order.iter().enumerate() {
        let names: Vec<String> = step.iter().map(|p| cell(labels.of(p))).collect();
        let mark = if step.len() > 1 { " (cycle)" } else { "" };
        let _ = writeln!(s, "{}. {}{mark}", i + 1, names.join(", "));
    }
    s.push_str("\n## Diagram\n\n");
    if graph.edges.is_empty() {
        s.push_str("Nothing to draw: no service depends on another.\n");
        return s;
    }
    mermaid(&mut s, services, graph, labels);
    s
}

fn dash(items: &[String]) -> String {
    if items.is_empty() { "—".to_owned() } else { items.join(", ") }
}

/// A mermaid flowchart of the services that take part in a dependency.
fn mermaid(s: &mut String, services: &[Service], graph: &Graph, labels: &Labels) {
    let id: HashMap<&str, usize> = services.iter().enumerate().map(|(i, s)| (s.path.as_str(), i)).collect();
    s.push_str(
        "Services without dependencies either way are left out; dashed arrows are development dependencies.\n\n",
    );
    s.push_str("```mermaid\ngraph LR\n");
    for (i, svc) in services.iter().enumerate() {
        if svc.depends_on.is_empty() && svc.used_by.is_empty() {
            continue;
        }
        let label = labels.of(&svc.path).replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;");
        let _ = writeln!(s, "  s{i}[\"{label}\"]");
    }
    for e in &graph.edges {
        let arrow = if e.dev { "-.->" } else { "-->" };
        let _ = writeln!(s, "  s{} {arrow} s{}", id[e.from.as_str()], id[e.to.as_str()]);
    }
    let mut in_cycle: Vec<usize> =
        graph.cycles.iter().flat_map(|c| c.services.iter()).map(|p| id[p.as_str()]).collect();
    in_cycle.sort_unstable();
    if !in_cycle.is_empty() {
        s.push_str("  classDef cycle stroke:#c62828,stroke-width:2px\n");
        let ids: Vec<String> = in_cycle.iter().map(|i| format!("s{i}")).collect();
        let _ = writeln!(s, "  class {} cycle", ids.join(","));
    }
    s.push_str("```\n");
}
