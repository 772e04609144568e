//! `draft validate`: runs the validate rule catalogue over a change and
//! renders its findings with `draft check`'s renderers (human, JSON, SARIF,
//! GitHub annotations).

use crate::commands::Ctx;
use crate::commands::check::{CheckFormat, render_github, render_human};
use crate::output::{Output, style};
use crate::report::{RulesJson, Version};
use crate::{EXIT_FINDINGS, EXIT_OK};
use clap::Args;
use draft_check::CheckReport;
use draft_check::validate::{self, VALIDATE_RULES, ValidateOptions};
use draft_core::Severity;
use std::fmt::Write as _;

/// Scan what a change added for secrets, debug prints, TODOs without an issue, skipped or
/// deleted tests, dependencies missing from tech-stack.md and oversized files.
///
/// The change is the track's commits (--track), BASE...HEAD (--base), or with
/// neither the work tree against HEAD: staged and unstaged changes and
/// untracked files. Line rules read only added lines and report their number
/// in the new file; draft/ itself is left to `draft check`. A line holding
/// `draft-validate: allow RULE` is not reported for RULE.
#[derive(Debug, Args)]
#[command(after_help = "Exit codes: 0 no errors · 1 errors found · 2 usage or I/O error.\n\
Configure in draft/config.toml: [validate] disable = [\"rule-id\"], severity = { rule-id = \"error\" }, max_file_size = 1048576, exclude = [\"path/\"].")]
pub struct ValidateArgs {
    /// Validate this track's commits (recorded SHAs and `type(<id>): …` subjects).
    #[arg(long, value_name = "ID", conflicts_with = "base")]
    pub track: Option<String>,
    /// Validate BASE...HEAD.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// Output format [default: human; --json means json].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<CheckFormat>,
    /// List every rule with its severity and why it exists, and exit.
    #[arg(long)]
    pub list_rules: bool,
}

pub fn run(ctx: &Ctx, args: &ValidateArgs, out: &mut Output) -> draft_core::Result<u8> {
    let format = super::check::format(ctx, args.format)?;
    if args.list_rules {
        list_rules(format, out);
        return Ok(EXIT_OK);
    }
    let ws = ctx.workspace()?;
    let opts = ValidateOptions { track: args.track.clone(), base: args.base.clone() };
    let report = validate::run(&ws, &opts)?;
    let as_check = || CheckReport {
        root: report.root.clone(),
        layout: report.layout,
        files_checked: report.files_checked,
        tracks_cached: 0,
        diagnostics: report.diagnostics.clone(),
    };
    match format {
        CheckFormat::Human => {
            render_human(&ws, &as_check(), out);
            for n in &report.notes {
                out.note(n);
            }
        }
        CheckFormat::Json => out.report(&report),
        CheckFormat::Sarif => {
            out.json(&draft_check::sarif::to_sarif_with(
                &report.diagnostics,
                VALIDATE_RULES,
                env!("CARGO_PKG_VERSION"),
            ));
        }
        CheckFormat::Github => render_github(&as_check(), out),
    }
    Ok(if report.count(Severity::Error) > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

fn list_rules(format: CheckFormat, out: &mut Output) {
    if format == CheckFormat::Json {
        out.json(&RulesJson { version: Version, rules: VALIDATE_RULES });
        return;
    }
    let width = VALIDATE_RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let b = style::BOLD;
    for r in VALIDATE_RULES {
        let _ = writeln!(
            out.stdout,
            "{b}{:<width$}{b:#}  {:<12} {:<7}  {}",
            r.id,
            r.family,
            r.default_severity.to_string(),
            r.rationale
        );
    }
}
