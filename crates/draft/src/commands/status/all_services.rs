//! `draft status --all-services`: every service's tracks at once, from the
//! index engine's aggregate of the status engine.

use super::render_track;
use crate::EXIT_OK;
use crate::commands::Ctx;
use crate::output::{Output, style};
use draft_core::engine::index::{self, TrackTotals, all_services};
use std::fmt::Write as _;

pub fn run(ctx: &Ctx, all: bool, out: &mut Output) -> draft_core::Result<u8> {
    let root = index::index_root(&ctx.start, &ctx.env)?;
    let report = all_services::status_all(&root, &ctx.env, all)?;
    if ctx.json {
        out.report(&report);
        return Ok(EXIT_OK);
    }
    let s = &mut out.stdout;
    let (b, dim) = (style::BOLD, style::DIM);
    let name = root.file_name().map_or_else(|| report.root.clone(), |n| n.to_string_lossy().into_owned());
    let _ = writeln!(
        s,
        "{b}{name}{b:#} — {} service{} ({} initialised) · {}",
        report.services_found,
        if report.services_found == 1 { "" } else { "s" },
        report.services_initialised,
        totals(&report.totals)
    );
    let mut missing = Vec::new();
    for svc in &report.services {
        if !svc.initialised {
            missing.push(svc.path.as_str());
            continue;
        }
        let label = if svc.path == svc.name { svc.path.clone() } else { format!("{} ({})", svc.path, svc.name) };
        let _ = writeln!(s, "\n{b}{label}{b:#} — {}", totals(&svc.totals));
        for track in &svc.tracks {
            let _ = writeln!(s);
            render_track(s, track);
        }
        let hidden = if all { 0 } else { svc.totals.archived };
        if hidden > 0 {
            let _ = writeln!(s, "  {dim}{hidden} archived (draft status --all-services --all){dim:#}");
        }
    }
    if !missing.is_empty() && !out.quiet {
        let _ = writeln!(
            s,
            "\nNot initialised ({}): {}\n{dim}`draft index --init-missing` gives each its own draft/.{dim:#}",
            missing.len(),
            missing.join(", ")
        );
    }
    for w in &report.warnings {
        out.diagnostic(w);
    }
    Ok(EXIT_OK)
}

/// `3 tracks (1 in progress, 2 planning) · 7/20 tasks`
fn totals(t: &TrackTotals) -> String {
    if t.total == 0 {
        return "no tracks".to_owned();
    }
    format!(
        "{} track{} ({}) · {}/{} tasks",
        t.total,
        if t.total == 1 { "" } else { "s" },
        t.breakdown(),
        t.tasks.completed,
        t.tasks.total
    )
}
