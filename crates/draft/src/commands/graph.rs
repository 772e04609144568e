//! `draft graph`: builds the code graph (incrementally, into
//! `draft/.state/graph/`) and renders its queries — impact and deps (of
//! files or symbols), cycles, hotspots and a Mermaid diagram — for people
//! or as JSON.

use crate::commands::Ctx;
use crate::output::{Output, style};
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::{Args, Subcommand};
use draft_core::workspace::Workspace;
use draft_graph::query::{self, Direction, Reach};
use draft_graph::report::{BuildReport, CyclesReport, HotspotsReport, MermaidReport};
use draft_graph::{BuildStats, EdgeStatus, Graph};
use std::fmt::Write as _;

/// Code graph: modules, imports and calls of Rust, Python, JS/TS, Go, Java, C and C++.
///
/// Every query first brings the graph up to date: only files whose content
/// changed since the last build are parsed again. Imports are resolved by
/// each language's own rules; an import that leads to no file is reported
/// as unresolved with its specifier, never bound to a same-named file. A
/// call is bound to a definition only when the callee is certain.
/// `cycles` exits 1 when it finds any. See docs/GRAPH.md.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The query.
    #[command(subcommand)]
    pub action: GraphCommand,
}

/// Graph subcommands.
#[derive(Debug, Subcommand)]
pub enum GraphCommand {
    /// Build or update the graph and list what could not be resolved.
    Build,
    /// Files that depend on a file, folder, module or symbol, transitively, with hop counts (and a symbol's callers).
    Impact {
        /// A path (file or folder), a module name (`pkg.mod`, `crate::a::b`) naming one file, or a symbol (`src/a.rs::f`, or a name defined once).
        #[arg(value_name = "FILE|SYMBOL")]
        target: String,
        /// Stop after this many hops.
        #[arg(long, value_name = "N")]
        depth: Option<usize>,
    },
    /// Files a file, folder, module or symbol depends on, transitively, plus its external and unresolved imports (and a symbol's callees).
    Deps {
        /// A path (file or folder), a module name naming one file, or a symbol (`file::name`, or a name defined once).
        #[arg(value_name = "FILE|SYMBOL")]
        target: String,
        /// Stop after this many hops.
        #[arg(long, value_name = "N")]
        depth: Option<usize>,
    },
    /// Import cycles between files, each with one concrete cycle path.
    Cycles,
    /// Files ranked by fan-in × churn (commits touching them).
    Hotspots {
        /// How many to show.
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
    },
    /// A Mermaid diagram of the module (folder) graph, clustered by top-level folder.
    Mermaid {
        /// Collapse folders until at most this many nodes remain.
        #[arg(long, value_name = "N", default_value_t = 60)]
        max_nodes: usize,
    },
}

/// Files to parse before a progress bar is worth showing (a few hundred parse in well under a second).
const PROGRESS_FROM: usize = 500;

/// Build or update the graph, with a progress bar on stderr when it is a
/// terminal, the build has many files to parse, and `--quiet` is off.
pub fn load(ws: &Workspace, quiet: bool) -> draft_core::Result<(Graph, BuildStats)> {
    let bar = (!quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::hidden());
        let style = indicatif::ProgressStyle::with_template("parsing {bar:40} {pos}/{len} files")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(bar) = bar.as_ref().filter(|_| total >= PROGRESS_FROM) {
            if bar.is_hidden() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let result = draft_graph::build(&ws.root, &draft_graph::store::state_dir(ws), Some(&progress));
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    result
}

pub fn run(ctx: &Ctx, args: &GraphArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let (graph, stats) = load(&ws, out.quiet || ctx.json)?;
    match &args.action {
        GraphCommand::Build => {
            let report = BuildReport {
                root: ws.root.display().to_string(),
                store: ws.rel(&draft_graph::store::Store::path(&draft_graph::store::state_dir(&ws))),
                stats,
                unresolved_edges: graph.with_status(EdgeStatus::Unresolved).cloned().collect(),
            };
            if ctx.json {
                out.report(&report);
            } else {
                render_build(out, &report);
            }
            Ok(EXIT_OK)
        }
        GraphCommand::Impact { target, depth } => reach(ctx, out, &graph, target, *depth, Direction::Dependents),
        GraphCommand::Deps { target, depth } => reach(ctx, out, &graph, target, *depth, Direction::Dependencies),
        GraphCommand::Cycles => {
            let report = CyclesReport { cycles: query::cycles(&graph) };
            let found = !report.cycles.is_empty();
            if ctx.json {
                out.report(&report);
            } else if !found {
                let _ = writeln!(out.stdout, "No import cycles.");
            } else {
                let n = report.cycles.len();
                let _ = writeln!(out.stdout, "{n} import cycle{}:", if n == 1 { "" } else { "s" });
                for c in &report.cycles {
                    let _ = writeln!(out.stdout, "\n{} files: {}", c.files.len(), c.files.join(", "));
                    let _ = writeln!(out.stdout, "  {}", c.path.join(" → "));
                }
            }
            Ok(if found { EXIT_FINDINGS } else { EXIT_OK })
        }
        GraphCommand::Hotspots { limit } => {
            let (churn, churn_note) = match query::churn(&ws.git()) {
                Ok(c) => (Some(c), None),
                Err(why) => (None, Some(format!("no git history ({why}); churn counted as 1"))),
            };
            let report = HotspotsReport { hotspots: query::hotspots(&graph, churn.as_ref(), *limit), churn_note };
            if ctx.json {
                out.report(&report);
                return Ok(EXIT_OK);
            }
            if let Some(note) = &report.churn_note {
                out.note(note);
            }
            let _ = writeln!(out.stdout, "{:>6} {:>6} {:>6}  file", "score", "fan-in", "churn");
            for h in &report.hotspots {
                let _ = writeln!(out.stdout, "{:>6} {:>6} {:>6}  {}", h.score, h.fan_in, h.churn, h.path);
            }
            Ok(EXIT_OK)
        }
        GraphCommand::Mermaid { max_nodes } => {
            let modules = draft_graph::modules::module_graph(&graph).1.len();
            let report = MermaidReport { modules, diagram: draft_graph::modules::mermaid(&graph, *max_nodes) };
            if ctx.json {
                out.report(&report);
            } else {
                out.stdout.push_str(&report.diagram);
            }
            Ok(EXIT_OK)
        }
    }
}

fn reach(
    ctx: &Ctx,
    out: &mut Output,
    graph: &Graph,
    target: &str,
    depth: Option<usize>,
    dir: Direction,
) -> draft_core::Result<u8> {
    let report: Reach = query::reach(graph, target, depth, dir)?;
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    let b = style::BOLD;
    let what = if dir == Direction::Dependents { "depend on" } else { "are depended on by" };
    let n = report.files.len();
    let _ =
        writeln!(out.stdout, "{b}{n}{b:#} file{} {what} {}", if n == 1 { "" } else { "s" }, report.targets.join(", "));
    for f in &report.files {
        let class = format!("{:?}", f.class).to_lowercase();
        let _ = writeln!(out.stdout, "  {:>3}  {class:<6}  {}  (via {})", f.hops, f.path, f.via);
    }
    if !report.external.is_empty() {
        let _ = writeln!(out.stdout, "external: {}", report.external.join(", "));
    }
    for u in &report.unresolved {
        let _ = writeln!(out.stdout, "unresolved: {u}");
    }
    if !report.symbols.is_empty() {
        let (n, what) = (report.calls.len(), if dir == Direction::Dependents { "call" } else { "are called by" });
        let _ = writeln!(
            out.stdout,
            "{b}{n}{b:#} symbol{} {what} {}",
            if n == 1 { "" } else { "s" },
            report.symbols.join(", ")
        );
        for c in &report.calls {
            let class = format!("{:?}", c.class).to_lowercase();
            let _ = writeln!(
                out.stdout,
                "  {:>3}  {class:<6}  {}:{}  {}  (via {})",
                c.hops, c.file, c.line, c.symbol, c.via
            );
        }
        for u in &report.unresolved_calls {
            let _ = writeln!(out.stdout, "unresolved call: {u}");
        }
        for e in &report.external_calls {
            let _ = writeln!(out.stdout, "external call: {e}");
        }
    }
    Ok(EXIT_OK)
}

fn render_build(out: &mut Output, r: &BuildReport) {
    let s = &mut out.stdout;
    let langs: Vec<String> = r.stats.languages.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let _ = writeln!(
        s,
        "{} source files ({}); parsed {}, reused {}, removed {}",
        r.stats.source_files,
        if langs.is_empty() { "none".to_owned() } else { langs.join(", ") },
        r.stats.parsed,
        r.stats.reused,
        r.stats.removed
    );
    let _ = writeln!(
        s,
        "{} resolved edges, {} external, {} unresolved → {}",
        r.stats.resolved, r.stats.external, r.stats.unresolved, r.store
    );
    let c = &r.stats.calls;
    let _ = writeln!(
        s,
        "{} symbols; calls: {} resolved, {} external, {} unresolved ({} on receivers of unknown type)",
        r.stats.symbols, c.resolved, c.external, c.unresolved, c.unknown_receiver
    );
    for e in &r.unresolved_edges {
        let _ = writeln!(s, "  unresolved {}:{} {} ({})", e.from, e.line, e.spec, e.reason.as_deref().unwrap_or(""));
    }
    for k in &r.stats.skipped {
        out.note(&format!("skipped {}: {}", k.path, k.reason));
    }
    for w in &r.stats.warnings {
        out.note(w);
    }
}
