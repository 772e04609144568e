//! `draft adr`: parses the ADR verbs and renders the ADR engine's reports
//! (a table for `list`, the file for `show`, one line per file written).

use crate::commands::Ctx;
use crate::output::{Output, style};
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::{Args, Subcommand, ValueEnum};
use draft_core::engine::adr::{self, AdrListReport, AdrSummary, Source, edit, import, index, new, refs};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Architecture decision records: numbered files in draft/adrs/, their status lines and index.
///
/// You write the reasoning; draft gives out numbers (one more than the
/// highest ever issued, counting deleted files the git history remembers),
/// names the files `NNN-kebab-title.md`, and writes the status lines, the
/// relations between records and the index. `list` and `show` also read
/// adr-tools and MADR collections as they are (--dir); `import` brings one
/// into draft/adrs/.
#[derive(Debug, Args)]
pub struct AdrArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: AdrCommand,
}

/// ADR subcommands.
#[derive(Debug, Subcommand)]
pub enum AdrCommand {
    /// Record a new decision: draft/adrs/NNN-title.md, status Proposed, a slot in every section.
    New(NewArgs),
    /// List the ADRs: number, status, date, title.
    List(DirArgs),
    /// Print one ADR (with --json: its fields and sections).
    Show(ShowArgs),
    /// Mark ADR N superseded by ADR M (M gets a `Supersedes ADR-N` line).
    Supersede(SupersedeArgs),
    /// Relate two ADRs both ways, e.g. `Amends ADR-M` / `Amended by ADR-N`.
    Link(LinkArgs),
    /// Set an ADR's status once the humans have decided: proposed, accepted, deprecated or rejected.
    Status(StatusArgs),
    /// Write the table of ADRs into draft/adrs/README.md between its markers.
    Index,
    /// Bring an adr-tools or MADR collection into draft/adrs/ (a dry run without --apply).
    Import(ImportArgs),
}

/// `adr new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The decision, as the title (e.g. "Use PostgreSQL for the ledger").
    #[arg(value_name = "TITLE")]
    pub title: String,
}

/// Where `list` reads.
#[derive(Debug, Args)]
pub struct DirArgs {
    /// Read this directory instead of draft/adrs/ (adr-tools and MADR collections are detected).
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
}

/// `adr show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The ADR: 4, 004 or ADR-004.
    #[arg(value_name = "N", value_parser = number)]
    pub number: u32,
    /// Read this directory instead of draft/adrs/.
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
}

/// `adr supersede`.
#[derive(Debug, Args)]
pub struct SupersedeArgs {
    /// The ADR being replaced.
    #[arg(value_name = "N", value_parser = number)]
    pub old: u32,
    /// The ADR that replaces it.
    #[arg(long = "by", value_name = "M", value_parser = number)]
    pub by: u32,
}

/// `adr link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The ADR the relation is written from.
    #[arg(value_name = "N", value_parser = number)]
    pub from: u32,
    /// The ADR it points at.
    #[arg(value_name = "M", value_parser = number)]
    pub to: u32,
    /// The relation as N states it: Amends, Extends, Clarifies, Refines, Implements, Depends on, Relates to, …
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// The relation M states back (default: the known reverse, e.g. Amended by).
    #[arg(long, value_name = "KIND")]
    pub reverse: Option<String>,
}

/// `adr status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The ADR: 4, 004 or ADR-004.
    #[arg(value_name = "N", value_parser = number)]
    pub number: u32,
    /// The new status.
    #[arg(value_enum, value_name = "STATUS")]
    pub status: StatusArg,
}

/// The statuses `adr status` sets (supersession has its own verb).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    /// Under discussion.
    Proposed,
    /// Decided and in force.
    Accepted,
    /// No longer in force, with no successor.
    Deprecated,
    /// Decided against.
    Rejected,
}

/// `adr import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The collection (default: the directory in .adr-dir, else doc/adr, docs/adr, docs/decisions, …).
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Write the files; without it nothing is written.
    #[arg(long)]
    pub apply: bool,
}

/// An ADR number as typed: `4`, `004`, `ADR-004`.
fn number(text: &str) -> Result<u32, String> {
    refs::parse_arg(text).ok_or_else(|| format!("{text:?} is not an ADR number (write 4, 004 or ADR-004)"))
}

pub fn run(ctx: &Ctx, args: &AdrArgs, out: &mut Output) -> draft_core::Result<u8> {
    match &args.action {
        AdrCommand::List(a) => {
            let report = adr::list(&Source::resolve(&ctx.start, a.dir.as_deref(), &ctx.env)?)?;
            Ok(render_list(ctx, &report, out))
        }
        AdrCommand::Show(a) => {
            let report = adr::show(&Source::resolve(&ctx.start, a.dir.as_deref(), &ctx.env)?, a.number)?;
            for w in &report.warnings {
                out.diagnostic(w);
            }
            if ctx.json {
                out.report(&report);
            } else {
                out.stdout.push_str(&report.text);
            }
            Ok(EXIT_OK)
        }
        AdrCommand::New(a) => new_adr(ctx, a, out),
        AdrCommand::Supersede(a) => {
            let report = edit::supersede(&ctx.workspace()?, a.old, a.by)?;
            Ok(render_change(ctx, &report, out))
        }
        AdrCommand::Link(a) => {
            let report = edit::link(&ctx.workspace()?, a.from, a.to, &a.kind, a.reverse.as_deref())?;
            Ok(render_change(ctx, &report, out))
        }
        AdrCommand::Status(a) => {
            let state = match a.status {
                StatusArg::Proposed => refs::AdrState::Proposed,
                StatusArg::Accepted => refs::AdrState::Accepted,
                StatusArg::Deprecated => refs::AdrState::Deprecated,
                StatusArg::Rejected => refs::AdrState::Rejected,
            };
            let report = edit::set_status(&ctx.workspace()?, a.number, state)?;
            Ok(render_change(ctx, &report, out))
        }
        AdrCommand::Index => {
            let report = index::index(&ctx.workspace()?)?;
            if ctx.json {
                out.report(&report);
            } else if !out.quiet {
                let what = match (report.created, report.changed) {
                    (true, _) => "created",
                    (false, true) => "updated",
                    (false, false) => "unchanged",
                };
                let _ = writeln!(out.stdout, "{what} {} ({} ADRs)", report.path, report.adrs);
            }
            Ok(EXIT_OK)
        }
        AdrCommand::Import(a) => import_adrs(ctx, a, out),
    }
}

fn new_adr(ctx: &Ctx, a: &NewArgs, out: &mut Output) -> draft_core::Result<u8> {
    let report = new::new_adr(&ctx.workspace()?, &a.title)?;
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    for w in &report.warnings {
        out.warning(w);
    }
    if out.quiet {
        let _ = writeln!(out.stdout, "{}", report.path);
        return Ok(EXIT_OK);
    }
    let _ = writeln!(out.stdout, "Created {}: {} ({})", report.id, report.title, report.path);
    if let Some(i) = &report.index {
        let _ = writeln!(out.stdout, "  updated {i}");
    }
    let _ = writeln!(
        out.stdout,
        "Next: write the context, the decision, at least two alternatives and the consequences; the status stays Proposed until it is accepted."
    );
    Ok(EXIT_OK)
}

fn render_list(ctx: &Ctx, report: &AdrListReport, out: &mut Output) -> u8 {
    for w in &report.warnings {
        out.diagnostic(w);
    }
    if ctx.json {
        out.report(report);
        return EXIT_OK;
    }
    if report.adrs.is_empty() {
        if !out.quiet {
            let _ = writeln!(out.stdout, "No ADRs in {}.", report.dir);
        }
        return EXIT_OK;
    }
    let width = |f: fn(&AdrSummary) -> usize, head: usize| report.adrs.iter().map(f).max().unwrap_or(0).max(head);
    let id_w = width(|a| a.id.len(), 3);
    let status_w = width(|a| shown_status(a).chars().count(), 6);
    let date_w = width(|a| a.date.as_deref().unwrap_or("-").chars().count(), 4);
    let s = &mut out.stdout;
    let b = style::BOLD;
    let _ = writeln!(s, "{b}{:id_w$}  {:status_w$}  {:date_w$}  Title{b:#}", "ADR", "Status", "Date");
    for a in &report.adrs {
        let st = match a.state {
            refs::AdrState::Accepted => style::GOOD,
            refs::AdrState::Proposed => style::BUSY,
            refs::AdrState::Superseded | refs::AdrState::Deprecated | refs::AdrState::Rejected => style::DIM,
            _ => anstyle::Style::new(),
        };
        let status = pad(&shown_status(a), status_w);
        let date = pad(a.date.as_deref().unwrap_or("-"), date_w);
        let _ = writeln!(s, "{:id_w$}  {st}{status}{st:#}  {date}  {}", a.id, a.title);
    }
    EXIT_OK
}

/// The status for the table: a known successor as `Superseded by ADR-MMM`
/// (MADR writes it as a link), else the text as written.
fn shown_status(a: &AdrSummary) -> String {
    match (a.superseded_by, &a.status) {
        (Some(n), _) => format!("Superseded by {}", refs::adr_id(n)),
        (None, Some(s)) => s.clone(),
        (None, None) => "-".to_owned(),
    }
}

/// `text` padded with spaces to `width` characters.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.chars().count())))
}

fn render_change(ctx: &Ctx, report: &edit::AdrChangeReport, out: &mut Output) -> u8 {
    if ctx.json {
        out.report(report);
        return EXIT_OK;
    }
    if out.quiet {
        return EXIT_OK;
    }
    let s = &mut out.stdout;
    for e in &report.edits {
        let what = if e.changed { "updated" } else { "already says so" };
        let was = e.was.as_deref().filter(|_| e.changed).map(|w| format!(" (was: {w})")).unwrap_or_default();
        let _ = writeln!(s, "{}: {}{was} — {what}, {}", refs::adr_id(e.number), e.now, e.path);
    }
    if let Some(i) = &report.index {
        let _ = writeln!(s, "updated {i}");
    }
    EXIT_OK
}

fn import_adrs(ctx: &Ctx, a: &ImportArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let dir = a.dir.as_ref().map(|d| ctx.start.join(d));
    let report = import::import(&ws, &import::ImportOptions { dir, apply: a.apply })?;
    let code = if report.problems.is_empty() { EXIT_OK } else { EXIT_FINDINGS };
    for d in report.problems.iter().chain(&report.warnings) {
        out.diagnostic(d);
    }
    if ctx.json {
        out.report(&report);
        return Ok(code);
    }
    let s = &mut out.stdout;
    let verb = if report.applied { "imported" } else { "would import" };
    for f in &report.files {
        let _ = writeln!(s, "{verb} {} → {}", f.from, f.to);
        if !out.quiet {
            for m in &f.mapped {
                let _ = writeln!(s, "    {m}");
            }
        }
        for n in &f.notes {
            let _ = writeln!(s, "    note: {n}");
        }
    }
    if let Some(i) = &report.index {
        let _ = writeln!(s, "updated {i}");
    }
    if !out.quiet {
        let summary = match (report.applied, report.problems.is_empty()) {
            (true, _) => format!("{} ADRs imported from {} ({}).", report.files.len(), report.source, flavour(&report)),
            (false, true) => format!(
                "Dry run: {} ADRs from {} ({}); nothing written. Run again with --apply to write them.",
                report.files.len(),
                report.source,
                flavour(&report)
            ),
            (false, false) => format!("{} problem(s): nothing written.", report.problems.len()),
        };
        let _ = writeln!(s, "{summary}");
    }
    Ok(code)
}

fn flavour(report: &import::AdrImportReport) -> String {
    serde_json::to_value(report.flavour).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
