//! `draft context`: prints the context bundle an agent should load for a
//! track, ranked and trimmed to a token budget, or the engine's report as JSON.

use super::Ctx;
use crate::EXIT_OK;
use crate::output::{Output, style};
use clap::Args;
use draft_core::engine::context::{self, ContextOptions, ContextReport, PartKind};
use std::fmt::Write as _;

/// `draft context`
///
/// Parts, most important first: the current task with its phase;
/// .ai-context.md (else product.md, tech-stack.md and workflow.md); the
/// track's spec.md; its plan.md; its recent commits. With --budget, sections
/// are kept whole in rank order while they fit and the rest is listed as left
/// out. Tokens are estimated as UTF-8 bytes / 4.
#[derive(Debug, Args)]
pub struct ContextArgs {
    /// The track (default: the first `[~]` track in the registry, else the first `[ ]` one).
    #[arg(value_name = "TRACK")]
    pub track: Option<String>,
    /// Keep the bundle within this many (estimated) tokens.
    #[arg(long, value_name = "TOKENS")]
    pub budget: Option<usize>,
    /// How many recent commits of the track to list.
    #[arg(long, value_name = "N", default_value_t = context::DEFAULT_COMMITS)]
    pub commits: usize,
}

pub fn run(ctx: &Ctx, args: &ContextArgs, out: &mut Output) -> draft_core::Result<u8> {
    let ws = ctx.workspace()?;
    let opts = ContextOptions { track: args.track.clone(), budget: args.budget, commits: Some(args.commits) };
    let report = context::context(&ws, &opts)?;
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    render(&mut out.stdout, &report);
    for n in &report.notes {
        out.warning(n);
    }
    Ok(EXIT_OK)
}

fn part_name(kind: PartKind, path: Option<&str>) -> String {
    match (kind, path) {
        (_, Some(p)) => p.to_owned(),
        (PartKind::CurrentTask, None) => "current task".to_owned(),
        (PartKind::Commits, None) => "recent commits".to_owned(),
        (other, None) => format!("{other:?}"),
    }
}

fn render(s: &mut String, r: &ContextReport) {
    let b = style::BOLD;
    let dim = style::DIM;
    match &r.track {
        Some(t) => {
            let _ = writeln!(s, "{b}# draft context: {} ({}){b:#}", t.id, t.title);
        }
        None => {
            let _ = writeln!(s, "{b}# draft context: project only{b:#}");
        }
    }
    let budget = r.budget.map(|n| format!(" · budget {n}")).unwrap_or_default();
    let _ = writeln!(s, "{dim}~{} tokens (estimated as {}){budget}{dim:#}", r.tokens, r.estimator);
    for p in &r.parts {
        let trimmed = if p.complete { String::new() } else { format!(", trimmed from ~{}", p.full_tokens) };
        let _ = writeln!(
            s,
            "\n{b}=== {} (rank {}, ~{} tokens{trimmed}) ==={b:#}",
            part_name(p.kind, p.path.as_deref()),
            p.rank,
            p.tokens
        );
        let content = p.content.trim_matches('\n');
        let _ = writeln!(s, "{content}");
    }
    if !r.omitted.is_empty() {
        let _ = writeln!(s, "\n{b}=== left out to fit the budget ==={b:#}");
        for o in &r.omitted {
            let name = part_name(o.kind, o.path.as_deref());
            match (&o.section, o.line) {
                (Some(sec), Some(line)) => {
                    let _ = writeln!(s, "- {name}:{line} {sec:?} (~{} tokens)", o.tokens);
                }
                _ => {
                    let _ = writeln!(s, "- {name}, whole (rank {}, ~{} tokens)", o.rank, o.tokens);
                }
            }
        }
        let _ = writeln!(s, "Read a left-out file directly if the task needs it.");
    }
}
