//! ADR rules: `draft/adrs/NNN-kebab-title.md` files are numbered without
//! duplicates or gaps, their `# ADR-NNN` heading matches the file name, and
//! a superseded ADR names a successor that exists.
//!
//! The status is read from a `**Status:** …` / `Status: …` line or the first
//! non-empty line under a `## Status` heading.

use super::{Ctx, DocKind, diag};
use draft_model::diagnostic::Diagnostic;
use std::collections::BTreeMap;

/// Check every ADR of the project.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let adrs: Vec<_> = ctx.docs.iter().filter(|d| d.kind == DocKind::Adr).collect();
    if adrs.is_empty() {
        return;
    }
    let mut by_number: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for doc in &adrs {
        let name = doc.rel.rsplit('/').next().unwrap_or(&doc.rel);
        let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
        let Ok(n) = digits.parse::<u32>() else {
            out.push(
                diag("adr-numbering", &doc.rel, "ADR file name does not start with its number")
                    .with_hint("name it `NNN-kebab-title.md`, e.g. `004-use-postgres.md`"),
            );
            continue;
        };
        if let Some(first) = by_number.get(&n).and_then(|v| v.first()) {
            out.push(
                diag("adr-numbering", &doc.rel, format!("ADR number {n:03} is also used by {first}"))
                    .with_hint("give this ADR the next free number"),
            );
        }
        by_number.entry(n).or_default().push(&doc.rel);
        if let Some((line, heading_n)) = heading_number(&doc.src)
            && heading_n != n
        {
            out.push(
                diag(
                    "adr-numbering",
                    &doc.rel,
                    format!("heading says ADR-{heading_n:03} but the file is numbered {n:03}"),
                )
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
                diag("adr-numbering", file, format!("ADR numbering skips {}", missing.join(", ")))
                    .with_hint("ADRs are never deleted: restore the missing ones or mark them Deprecated"),
            );
        }
    }
    for doc in &adrs {
        let Some((line, status)) = status_of(&doc.src) else { continue };
        let lower = status.to_lowercase();
        if !lower.starts_with("superseded") {
            continue;
        }
        match successor(&status) {
            Some(n) if by_number.contains_key(&n) => {}
            Some(n) => out.push(
                diag("adr-superseded", &doc.rel, format!("superseded by ADR-{n:03}, which does not exist"))
                    .at(line, 1)
                    .with_hint("point at the ADR that replaces this one"),
            ),
            None => out.push(
                diag("adr-superseded", &doc.rel, "status is Superseded but names no successor")
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
