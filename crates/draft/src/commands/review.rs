//! `draft review`: gathers what a reviewer needs for a track (commits, diff
//! stats by class, acceptance criteria matched to tests, test and lint
//! results, blast radius), writes the review.md skeleton, and records the
//! verdict with `--record`.

use crate::commands::Ctx;
use crate::output::{Output, style};
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::{Args, ValueEnum};
use draft_check::review::commands::CommandKind;
use draft_check::review::criteria::CriterionStatus;
use draft_check::review::record::{self, Verdict};
use draft_check::review::{self, ReviewOptions, ReviewReport};
use std::fmt::Write as _;
use std::time::Duration;

/// Gather the facts of a review and write tracks/<id>/review.md; record the verdict with --record.
///
/// For the track (default: the active one): its commits (SHAs recorded on
/// done tasks and `type(<id>): …` subjects; a SHA git does not know is a
/// finding), the combined diff stats with each file's class (lock, minified,
/// generated and vendored files marked skipped; 300 or more changed lines
/// means review file by file), the spec's acceptance criteria each matched to
/// the tests it names (a named test that does not exist is a finding), and
/// the test and lint commands from workflow.md (else the detected ones), run
/// with a timeout. review.md gets the facts between generated markers;
/// your Stage 1, Stage 2, Findings and Verdict sections are kept as written.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 gathered (or recorded) · 1 a named test is missing or a command failed · 2 usage or runtime error."
)]
pub struct ReviewArgs {
    /// The track (default: the first `[~]` track in the registry, else the first `[ ]` one).
    #[arg(long, value_name = "ID")]
    pub track: Option<String>,
    /// Review BASE...HEAD (what HEAD added since it left BASE) instead of the track's commits.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// List the test and lint commands without running them.
    #[arg(long)]
    pub no_run: bool,
    /// Seconds each test or lint command may run before it is stopped.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
    /// Print the facts without writing review.md.
    #[arg(long)]
    pub no_write: bool,
    /// Record the verdict in metadata.json and review.md instead of gathering.
    #[arg(long, value_enum, value_name = "VERDICT", conflicts_with_all = ["base", "no_run", "no_write"])]
    pub record: Option<VerdictArg>,
    /// Notes recorded with the verdict.
    #[arg(long, value_name = "TEXT", requires = "record")]
    pub notes: Option<String>,
}

/// A verdict as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerdictArg {
    /// Nothing critical or important.
    Pass,
    /// Minor findings only.
    PassWithNotes,
    /// The spec is not met, or critical or important findings remain.
    Fail,
}

pub fn run(ctx: &Ctx, args: &ReviewArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    if let Some(v) = args.record {
        let verdict = match v {
            VerdictArg::Pass => Verdict::Pass,
            VerdictArg::PassWithNotes => Verdict::PassWithNotes,
            VerdictArg::Fail => Verdict::Fail,
        };
        let r = record::record(&ws, args.track.as_deref(), verdict, args.notes.as_deref())?;
        if ctx.json {
            out.report(&r);
        } else if !out.quiet {
            let _ = writeln!(
                out.stdout,
                "review {} of {}: {} (recorded in {} and {})",
                r.review_count,
                r.track,
                r.verdict.as_str(),
                r.metadata,
                r.report
            );
        }
        return Ok(EXIT_OK);
    }
    let opts = ReviewOptions {
        track: args.track.clone(),
        base: args.base.clone(),
        run: !args.no_run,
        timeout: Duration::from_secs(args.timeout),
        write: !args.no_write,
    };
    let report = review::gather(&ws, &opts)?;
    let code = if report.errors() > 0 { EXIT_FINDINGS } else { EXIT_OK };
    if ctx.json {
        out.report(&report);
        return Ok(code);
    }
    render(&mut out.stdout, &report);
    for n in &report.notes {
        out.note(n);
    }
    Ok(code)
}

fn render(s: &mut String, r: &ReviewReport) {
    let b = style::BOLD;
    let what = match (&r.track, &r.scope.base) {
        (_, Some(base)) => format!("{base}...HEAD"),
        (Some(t), None) => format!("{} ({})", t.id, t.title),
        (None, None) => String::new(),
    };
    let _ = writeln!(s, "{b}# draft review: {what}{b:#}");
    let d = &r.diff;
    let _ = writeln!(
        s,
        "{} commit{}, {} file{} (+{} −{}); code {}, test {}, docs {}, config {}, skipped {}",
        r.commits.len(),
        plural(r.commits.len()),
        d.files,
        plural(d.files),
        d.additions,
        d.deletions,
        d.by_class.code,
        d.by_class.test,
        d.by_class.docs,
        d.by_class.config,
        d.by_class.generated
    );
    if d.file_by_file {
        let _ = writeln!(s, "{} lines to review: review file by file", d.review_lines);
    }
    render_lists(s, r);
}

/// Commits, changed files, criteria, commands, blast radius and findings.
fn render_lists(s: &mut String, r: &ReviewReport) {
    let b = style::BOLD;
    let dim = style::DIM;
    let d = &r.diff;
    let _ = writeln!(s, "\n{b}Commits{b:#}");
    for c in &r.commits {
        let _ = writeln!(s, "  {} {} {dim}({}){dim:#}", c.short, c.subject, c.reason);
    }
    let _ = writeln!(s, "\n{b}Changed files{b:#}");
    for f in &d.changed {
        let n = |v: Option<u64>| v.map_or_else(|| "bin".to_owned(), |v| v.to_string());
        let skip = f.skipped.map(|k| format!(" {dim}skipped: {k:?}{dim:#}")).unwrap_or_default();
        let _ = writeln!(s, "  {:?} {} +{} −{} {:?}{skip}", f.status, f.path, n(f.additions), n(f.deletions), f.class);
    }
    let _ = writeln!(s, "\n{b}Acceptance criteria{b:#}");
    for c in &r.criteria {
        let status = match c.status {
            CriterionStatus::TestsFound => format!("{}tests found{:#}", style::GOOD, style::GOOD),
            CriterionStatus::NoTestNamed => format!("{}no test named{:#}", style::WARNING, style::WARNING),
            CriterionStatus::MissingTest => format!("{}missing test{:#}", style::ERROR, style::ERROR),
        };
        let tests: Vec<String> =
            c.tests.iter().map(|t| format!("{}{}", t.name, if t.found { "" } else { " (not found)" })).collect();
        let _ = writeln!(s, "  line {}: {} — {status} {}", c.line, c.text, tests.join(", "));
    }
    let _ = writeln!(s, "\n{b}Test and lint commands{b:#}");
    for c in &r.commands {
        let kind = if c.kind == CommandKind::Test { "test" } else { "lint" };
        let result = if !c.ran {
            "not run".to_owned()
        } else if c.passed {
            format!("passed in {:.1} s", c.duration_ms as f64 / 1000.0)
        } else if c.timed_out {
            "timed out".to_owned()
        } else {
            format!("failed (exit {})", c.exit_code.map_or_else(|| "signal".to_owned(), |x| x.to_string()))
        };
        let _ = writeln!(s, "  {kind}: {} — {result}", c.command);
        for f in &c.failing {
            let _ = writeln!(s, "    failing: {f}");
        }
    }
    if let Some(br) = &r.blast_radius {
        let _ = writeln!(s, "\n{b}Blast radius{b:#} ({} dependents within {} hops)", br.files.len(), br.depth);
        for f in &br.files {
            let _ = writeln!(s, "  {} ({} hop{}, {:?})", f.path, f.hops, plural(f.hops), f.class);
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(s, "\n{b}Findings{b:#}");
        for f in &r.findings {
            let _ = writeln!(s, "  {f}");
        }
    }
    if let Some(path) = &r.report {
        let _ = writeln!(s, "\nwrote {path}: fill in Stage 1, Stage 2 and Findings, then `draft review --record …`");
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
