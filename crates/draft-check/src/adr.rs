//! ADR rules: `draft/adrs/NNN-kebab-title.md` files are numbered without
//! duplicates or gaps, their `# ADR-NNN` heading matches the file name, and
//! a superseded ADR names a successor that exists.
//!
//! The status is read from a `**Status:** …` / `Status: …` line or the first
//! non-empty line under a `## Status` heading.

use crate::context::{Ctx, Sink};
use crate::docs::{Doc, DocKind};
use crate::rule::{ADR, Check, RuleInfo};
use draft_model::diagnostic::Severity::{Error as E, Warning as W};
use std::collections::{BTreeMap, BTreeSet};

/// `adr-numbering`
pub static NUMBERING: RuleInfo = RuleInfo {
    id: "adr-numbering",
    family: "adr",
    default_severity: W,
    fixable: false,
    applies_to: ADR,
    check: Check::Project(numbering),
    rationale: "ADR numbers are unique, gap-free and match the `# ADR-NNN` heading",
};

/// `adr-superseded`
pub static SUPERSEDED: RuleInfo = RuleInfo {
    id: "adr-superseded",
    family: "adr",
    default_severity: E,
    fixable: false,
    applies_to: ADR,
    check: Check::Project(superseded),
    rationale: "a superseded ADR names a successor (`Superseded by ADR-MMM`) that exists",
};

fn adrs<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a Doc> {
    ctx.adrs.iter().filter(|d| d.kind == DocKind::Adr)
}

/// The number an ADR's file name starts with.
fn number_of(doc: &Doc) -> Option<u32> {
    let name = doc.rel.rsplit('/').next().unwrap_or(&doc.rel);
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn numbering(ctx: &Ctx<'_>, sink: &mut Sink) {
    let out = &mut sink.out;
    let mut by_number: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for doc in adrs(ctx) {
        let Some(n) = number_of(doc) else {
            out.push(
                NUMBERING
                    .diag(&doc.rel, "ADR file name does not start with its number")
                    .with_hint("name it `NNN-kebab-title.md`, e.g. `004-use-postgres.md`"),
            );
            continue;
        };
        if let Some(first) = by_number.get(&n).and_then(|v| v.first()) {
            out.push(
                NUMBERING
                    .diag(&doc.rel, format!("ADR number {n:03} is also used by {first}"))
                    .with_hint("give this ADR the next free number"),
            );
        }
        by_number.entry(n).or_default().push(&doc.rel);
        if let Some((line, heading_n)) = heading_number(&doc.src)
            && heading_n != n
        {
            out.push(
                NUMBERING
                    .diag(&doc.rel, format!("heading says ADR-{heading_n:03} but the file is numbered {n:03}"))
                    .at(line, 1)
                    .with_hint("make the heading and the file name agree"),
            );
        }
    }
    let numbers: Vec<u32> = by_number.keys().copied().collect();
    for pair in numbers.windows(2) {
        if let [a, b] = pair
            && b - a > 1
        {
            let file = by_number.get(b).and_then(|v| v.first()).copied().unwrap_or_default();
            let missing: Vec<String> = (a + 1..*b).map(|n| format!("{n:03}")).collect();
            out.push(
                NUMBERING
                    .diag(file, format!("ADR numbering skips {}", missing.join(", ")))
                    .with_hint("ADRs are never deleted: restore the missing ones or mark them Deprecated"),
            );
        }
    }
}

fn superseded(ctx: &Ctx<'_>, sink: &mut Sink) {
    let numbers: BTreeSet<u32> = adrs(ctx).filter_map(number_of).collect();
    let out = &mut sink.out;
    for doc in adrs(ctx) {
        let Some((line, status)) = status_of(&doc.src) else { continue };
        let lower = status.to_lowercase();
        if !lower.starts_with("superseded") {
            continue;
        }
        match successor(&status) {
            Some(n) if numbers.contains(&n) => {}
            Some(n) => out.push(
                SUPERSEDED
                    .diag(&doc.rel, format!("superseded by ADR-{n:03}, which does not exist"))
                    .at(line, 1)
                    .with_hint("point at the ADR that replaces this one"),
            ),
            None => out.push(
                SUPERSEDED
                    .diag(&doc.rel, "status is Superseded but names no successor")
                    .at(line, 1)
                    .with_hint("write `Superseded by ADR-NNN`"),
            ),
        }
    }
}

fn heading_number(src: &str) -> Option<(usize, u32)> {
    src.lines().enumerate().find_map(|(i, l)| {
        let rest = l.strip_prefix("# ")?.trim().strip_prefix("ADR-")?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((i + 1, digits.parse().ok()?))
    })
}

fn status_of(src: &str) -> Option<(usize, String)> {
    let mut under_heading = false;
    for (i, l) in src.lines().enumerate() {
        let t = l.trim();
        if under_heading && !t.is_empty() {
            return Some((i + 1, t.to_owned()));
        }
        if t.trim_start_matches('#').trim().eq_ignore_ascii_case("status") && t.starts_with('#') {
            under_heading = true;
            continue;
        }
        for p in ["**Status:**", "**Status**:", "Status:"] {
            if let Some(rest) = t.strip_prefix(p) {
                return Some((i + 1, rest.trim().to_owned()));
            }
        }
    }
    None
}

fn successor(status: &str) -> Option<u32> {
    let i = status.find("ADR-")?;
    let digits: String = status[i + 4..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}
