//! `draft coverage`: renders the coverage engine's report; exit 1 when a
//! figure is below the target (or the `--run` command failed).

use crate::commands::Ctx;
use crate::output::{Output, style};
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::Args;
use draft_core::engine::coverage::{self, CoverageOptions, CoverageReport, Found};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Measure test coverage against the workflow's target: overall, per file and on the changed lines.
///
/// Reads a coverage report (lcov, Cobertura or JaCoCo XML, coverage.py JSON,
/// llvm-cov export JSON, Go cover profile) — the one --report names, else the
/// one --run just wrote, else the newest of lcov.info, coverage/lcov.info,
/// coverage.xml, coverage.json, cover.out, coverage.out, target/llvm-cov/…,
/// target/site/jacoco/jacoco.xml … — and reports each file's covered lines
/// and uncovered ranges, the overall figure, and diff coverage: the share of
/// the lines changed since the merge base with --base (default origin/main,
/// origin/master, main or master) that the tests ran, counting only lines
/// the report knows as executable (diff-cover's rule). The target is the
/// first percentage on a line of workflow.md that mentions coverage, else 95%.
///
/// --run detects the tool from the manifests (cargo llvm-cov or tarpaulin,
/// pytest-cov or coverage.py, jest, vitest, c8, nyc, go test, JaCoCo), prints
/// the command and runs it, its output on stderr.
///
/// --track ID measures the files the track's commits touched and records the
/// figures in its metadata.json (`coverage`) and in the current phase of its
/// plan.md (a `**Coverage:**` line, replaced on the next run, which reports
/// the change). Without --track nothing is written.
///
/// Exit codes: 0 at or above target · 1 overall or diff coverage below the
/// target, or the --run command failed · 2 no report, a damaged one, or another error.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Measure the files this track's commits touched, and record the figures in it.
    #[arg(long, value_name = "ID")]
    pub track: Option<String>,
    /// Run the project's coverage tool first (the command is printed, its output goes to stderr).
    #[arg(long)]
    pub run: bool,
    /// The coverage report to read (default: the newest in the usual places).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Compare with this ref for diff coverage (default: origin/main, origin/master, main, master).
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// With --track: measure and compare, but write nothing.
    #[arg(long, requires = "track")]
    pub no_record: bool,
}

fn announce(command: &str, dir: &str) {
    use std::io::Write as _;
    let at = if dir == "." { String::new() } else { format!(" (in {dir})") };
    let _ = writeln!(anstream::stderr(), "running `{command}`{at}");
}

pub fn run(ctx: &Ctx, args: &CoverageArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let report = args.report.as_ref().map(|p| {
        if p.is_absolute() { p.clone() } else { std::env::current_dir().unwrap_or_default().join(&ctx.start).join(p) }
    });
    let opts = CoverageOptions {
        track: args.track.clone(),
        run: args.run,
        report,
        base: args.base.clone(),
        record: args.track.is_some() && !args.no_record,
        stream: !ctx.json,
        announce: if ctx.json { None } else { Some(announce) },
    };
    let report = coverage::coverage(&ws, &opts)?;
    render(ctx, &report, out);
    Ok(if report.below_target { EXIT_FINDINGS } else { EXIT_OK })
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}%"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn signed(v: f64) -> String {
    if v >= 0.0 { format!("+{v:.1}") } else { format!("{v:.1}") }
}

/// Print a coverage report.
pub fn render(ctx: &Ctx, r: &CoverageReport, out: &mut Output) {
    if ctx.json {
        out.report(r);
        return;
    }
    for n in &r.notes {
        out.note(n);
    }
    let quiet = out.quiet;
    let s = &mut out.stdout;
    if !quiet {
        let how = match r.report.found {
            Found::Option => "--report",
            Found::Run => "written by --run",
            Found::Auto => "found",
        };
        let _ = writeln!(s, "report: {} ({}, {how})", r.report.path, r.report.format);
        if let Some(run) = &r.run {
            let code = run.exit_code.map_or_else(|| "killed".to_owned(), |c| format!("exit {c}"));
            let _ = writeln!(s, "ran: {} ({code}, {:.1} s)", run.command, run.duration_ms as f64 / 1000.0);
        }
        let scope = match &r.scope.track {
            Some(t) if r.scope.kind == "track" => {
                let (f, c) = (r.scope.track_files.len(), r.scope.commits);
                format!("track {t}: {f} file{} from {c} commit{}", plural(f), plural(c))
            }
            _ => "the whole project".to_owned(),
        };
        let _ = writeln!(s, "target: {}% ({}); scope: {scope}", r.target.percent, r.target.source);
        let _ = writeln!(s);
    }
    let width = r.files.iter().map(|f| f.path.chars().count()).max().unwrap_or(4).clamp(4, 60);
    if !r.files.is_empty() && !quiet {
        let _ = writeln!(s, "{:<width$}  {:>7}  {:>7}  {:>6}  uncovered", "file", "lines", "covered", "%");
    }
    for f in &r.files {
        if quiet && !f.below_target {
            continue;
        }
        let st = if f.below_target { style::WARNING } else { style::GOOD };
        let mut uncovered = f.uncovered.clone();
        if uncovered.chars().count() > 60 {
            uncovered = format!("{}…", uncovered.chars().take(59).collect::<String>());
        }
        let _ = writeln!(
            s,
            "{:<width$}  {:>7}  {:>7}  {st}{:>6}{st:#}  {uncovered}",
            f.path,
            f.totals.lines_total,
            f.totals.lines_covered,
            f.totals.percent.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
        );
    }
    let o = &r.overall;
    let st = if o.percent.is_some_and(|v| v < r.target.percent) { style::WARNING } else { style::GOOD };
    let branches = o.branch_percent.map_or(String::new(), |b| format!("; branches {b:.1}%"));
    let _ = writeln!(
        s,
        "\noverall: {st}{}{st:#} of {} lines ({} covered){branches}",
        pct(o.percent),
        o.lines_total,
        o.lines_covered
    );
    match &r.diff {
        Some(d) => {
            let st = if d.percent.is_some_and(|v| v < r.target.percent) { style::WARNING } else { style::GOOD };
            let short: String = d.merge_base.chars().take(7).collect();
            if d.lines_total == 0 {
                let _ = writeln!(
                    s,
                    "changed lines (vs {}, merge base {short}): none that the report counts as code ({} changed)",
                    d.base, d.lines_changed
                );
            } else {
                let _ = writeln!(
                    s,
                    "changed lines (vs {}, merge base {short}): {st}{}{st:#} of {} executable ({} changed)",
                    d.base,
                    pct(d.percent),
                    d.lines_total,
                    d.lines_changed
                );
            }
            for f in d.files.iter().filter(|f| !f.missing.is_empty()) {
                let _ = writeln!(s, "  missing {}: {}", f.path, f.missing_ranges);
            }
        }
        None => {
            let _ = writeln!(s, "changed lines: not measured");
        }
    }
    if let (Some(d), Some(p)) = (&r.delta, &r.previous) {
        let when = p.timestamp.as_deref().unwrap_or("the last run");
        let mut parts = Vec::new();
        if let Some(v) = d.overall {
            parts.push(format!("overall {}", signed(v)));
        }
        if let Some(v) = d.diff {
            parts.push(format!("changed lines {}", signed(v)));
        }
        if !parts.is_empty() {
            let _ = writeln!(s, "since {when}: {} points", parts.join(", "));
        }
    }
    if !r.written.is_empty() {
        let _ = writeln!(s, "recorded in {}", r.written.join(", "));
    }
    if r.below_target {
        let _ =
            writeln!(s, "{}below the {}% target{}", style::WARNING, r.target.percent, style::WARNING.render_reset());
    }
}
