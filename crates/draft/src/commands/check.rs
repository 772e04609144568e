//! `draft check`: runs the linter and renders its findings for people
//! (rustc-style, via annotate-snippets), machines (JSON), code scanning
//! (SARIF 2.1.0) or GitHub Actions annotations; applies `--fix`.

use crate::commands::Ctx;
use crate::output::{Output, style};
use crate::report::{CheckJson, RulesJson};
use crate::{EXIT_FINDINGS, EXIT_OK};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use clap::{Args, ValueEnum};
use draft_check::{self as check, CheckOptions, CheckReport, RULES, fix};
use draft_core::workspace::Workspace;
use draft_core::{Diagnostic, Error, Severity};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Lint every document under draft/ (or conductor/): frontmatter, placeholders, spec structure,
/// risks, approval gates, plan grammar, consistency, staleness, citations, ADRs.
///
/// Every finding has a rule id, severity, file, line, column, message and
/// hint. Git is asked in batches; outside a git repository the git-dependent
/// rules are skipped with one note. A PATH or TRACK that matches nothing is
/// a usage error, so a typo is never a silent green. A track whose
/// documents, registry entry and settings are unchanged since the last run
/// is answered from draft/.state/check-cache; its git questions (SHAs,
/// citations, staleness) are still asked every time.
#[derive(Debug, Args)]
#[command(after_help = "Exit codes: 0 no errors · 1 errors found · 2 usage or I/O error.\n\
Configure in draft/config.toml: [check] disable = [\"rule-id\"], placeholder_budget = 0, staleness_threshold = 10.\n\
Disable rules for one file with <!-- draft-check-disable rule-id other-id --> (bare: every rule).")]
pub struct CheckArgs {
    /// Restrict findings to these files, directories or track ids.
    #[arg(value_name = "PATH|TRACK")]
    pub targets: Vec<String>,
    /// Output format [default: human; --json means json].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<CheckFormat>,
    /// Apply mechanical fixes (trailing whitespace, commit_short), print them, then check again.
    #[arg(long)]
    pub fix: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Check every track from scratch: neither read nor write the check cache (draft/.state/check-cache).
    #[arg(long)]
    pub no_cache: bool,
    /// List every rule with its severity and rationale, and exit.
    #[arg(long)]
    pub list_rules: bool,
}

/// Output formats of `draft check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style messages with the source line and a caret.
    Human,
    /// One versioned JSON report with every finding (docs/JSON.md).
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

/// The format asked for: `--format`, or json under the global `--json`
/// (check's and validate's alike).
pub(crate) fn format(ctx: &Ctx, asked: Option<CheckFormat>) -> draft_core::Result<CheckFormat> {
    match (ctx.json, asked) {
        (true, Some(f)) if f != CheckFormat::Json => {
            let name = f.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default();
            Err(Error::Usage(format!("--json asks for JSON but --format {name} was given; pass one of them")))
        }
        (true, _) => Ok(CheckFormat::Json),
        (false, f) => Ok(f.unwrap_or(CheckFormat::Human)),
    }
}

pub fn run(ctx: &Ctx, args: &CheckArgs, out: &mut Output) -> draft_core::Result<u8> {
    let format = format(ctx, args.format)?;
    if args.list_rules {
        list_rules(format, out);
        return Ok(EXIT_OK);
    }
    let ws = ctx.workspace()?;
    if let Some(note) = draft_core::tree::layout_note(&ws) {
        out.note(&note);
    }
    let opts = CheckOptions {
        no_cache: args.no_cache,
        strict: args.strict,
        targets: args.targets.clone(),
        cwd: ctx.start.clone(),
    };
    let mut report = check::run(&ws, &opts)?;
    let mut fixes = None;
    if args.fix {
        let done = fix::apply(&ws, &report)?;
        for c in done.changes.iter().filter(|_| !out.quiet) {
            let g = style::GOOD;
            let _ = writeln!(out.stderr, "{g}fixed{g:#} {}: {}", c.file, c.what);
        }
        for n in &done.notes {
            out.warning(n);
        }
        if done.changes.is_empty() && done.notes.is_empty() && !out.quiet {
            let _ = writeln!(out.stderr, "nothing to fix");
        }
        // Check again so the exit code reflects the fixed tree.
        report = check::run(&ws, &opts)?;
        fixes = Some(done);
    }
    match format {
        CheckFormat::Human => render_human(&ws, &report, out),
        CheckFormat::Json => out.json(&CheckJson::new(&report, fixes.as_ref())),
        CheckFormat::Sarif => out.json(&check::sarif::to_sarif(&report, env!("CARGO_PKG_VERSION"))),
        CheckFormat::Github => render_github(&report, out),
    }
    Ok(if report.count(Severity::Error) > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

fn list_rules(format: CheckFormat, out: &mut Output) {
    if format == CheckFormat::Json {
        out.json(&RulesJson::default());
        return;
    }
    let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let b = style::BOLD;
    for r in RULES {
        let fix = if r.fixable { " (fixable)" } else { "" };
        let _ = writeln!(
            out.stdout,
            "{b}{:<width$}{b:#}  {:<11} {:<7}  {}{fix}",
            r.id,
            r.family,
            r.default_severity.to_string(),
            r.rationale
        );
    }
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Byte range of the finding inside its line.
fn caret(line: &str, d: &Diagnostic) -> std::ops::Range<usize> {
    let start = line.char_indices().nth(d.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let len = d.span.as_ref().map_or(1, |s| s.len().max(1));
    let end = (start + len).min(line.len());
    let end = (end..=line.len()).find(|&e| line.is_char_boundary(e)).unwrap_or(line.len());
    start..end.max(start)
}

pub(crate) fn render_human(ws: &Workspace, report: &CheckReport, out: &mut Output) {
    let renderer = if Output::stdout_styled() { Renderer::styled() } else { Renderer::plain() };
    // One line index per file, so rendering is linear in the findings.
    let mut sources: HashMap<&str, Option<(String, check::LineIndex)>> = HashMap::new();
    for d in &report.diagnostics {
        let src = sources.entry(d.file.as_str()).or_insert_with(|| {
            let text = draft_core::workspace::read_text(&ws.root.join(&d.file)).ok()?;
            let index = check::LineIndex::new(&text);
            Some((text, index))
        });
        let line_text = src.as_ref().and_then(|(s, index)| index.line(s, d.line));
        let title = level(d.severity).primary_title(d.message.as_str()).id(d.rule);
        let mut group = match line_text {
            Some(text) => title.element(
                Snippet::source(text)
                    .line_start(d.line)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(caret(text, d))),
            ),
            None => title.element(Origin::path(d.file.as_str())),
        };
        if let Some(hint) = &d.hint {
            group = group.element(Level::HELP.with_name(Some("hint")).message(hint.as_str()));
        }
        let report_groups: [Group<'_>; 1] = [group];
        let _ = writeln!(out.stdout, "{}\n", renderer.render(&report_groups));
    }
    if out.quiet {
        return;
    }
    let (e, w, i) = (report.count(Severity::Error), report.count(Severity::Warning), report.count(Severity::Info));
    let s = if e > 0 {
        style::ERROR
    } else if w > 0 {
        style::WARNING
    } else {
        style::GOOD
    };
    // Said only when it happened, so a first run reads as it always did.
    let cached = match report.tracks_cached {
        0 => String::new(),
        n => format!("; {n} track{} unchanged since the last run", plural(n)),
    };
    let _ = writeln!(
        out.stdout,
        "{s}{e} error{}, {w} warning{}, {i} info{} in {} file{}{s:#} ({} checked{cached})",
        plural(e),
        plural(w),
        plural(i),
        report.files_with_findings(),
        plural(report.files_with_findings()),
        report.files_checked
    );
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Escape workflow-command data (`%`, CR, LF).
fn esc_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow-command property (data escapes plus `:` and `,`).
fn esc_prop(s: &str) -> String {
    esc_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(crate) fn render_github(report: &CheckReport, out: &mut Output) {
    for d in &report.diagnostics {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!("file={}", esc_prop(&d.file));
        if d.line > 0 {
            let _ = write!(props, ",line={}", d.line);
            if d.column > 0 {
                let _ = write!(props, ",col={}", d.column);
            }
        }
        let _ = write!(props, ",title={}", esc_prop(d.rule));
        let mut msg = d.message.clone();
        if let Some(h) = &d.hint {
            let _ = write!(msg, "\nhint: {h}");
        }
        let _ = writeln!(out.stdout, "::{cmd} {props}::{}", esc_data(&msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes() {
        assert_eq!(esc_prop("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(esc_data("a:b,c"), "a:b,c");
    }
}
