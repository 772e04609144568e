//! `draft check --fix`: mechanical repairs only.
//!
//! Fixes never guess: trailing spaces and tabs are removed (see `style` for
//! what counts), and `git.commit_short` is rewritten from `git.commit` (only
//! the value's bytes change). Recounting metadata.json and the registry is
//! delegated to the sync engine, so `--fix` and `draft sync` cannot disagree.

use crate::consistency::CONSISTENCY;
use crate::front::KeyLocator;
use crate::frontmatter::COMMIT_SHORT;
use crate::report::CheckReport;
use crate::style::{WHITESPACE_TRAILING, trailing_ranges};
use draft_core::error::Result;
use draft_core::workspace::{self, Workspace};
use draft_model::frontmatter;
use serde::Serialize;
use std::collections::BTreeMap;

/// One change `--fix` made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FixChange {
    /// File relative to the root.
    pub file: String,
    /// What changed.
    pub what: String,
}

/// What `--fix` did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FixReport {
    /// Changes written.
    pub changes: Vec<FixChange>,
    /// Fixes that could not be applied, and why.
    pub notes: Vec<String>,
}

/// Apply the mechanical fixes for the findings in `report`.
pub fn apply(ws: &Workspace, report: &CheckReport) -> Result<FixReport> {
    let _lock = ws.lock()?;
    let mut fixes = FixReport::default();
    let mut files: BTreeMap<&str, Vec<&'static str>> = BTreeMap::new();
    for d in &report.diagnostics {
        if d.rule == WHITESPACE_TRAILING.id || d.rule == COMMIT_SHORT.id {
            files.entry(d.file.as_str()).or_default().push(d.rule);
        }
    }
    for (file, rules) in files {
        let path = ws.root.join(file);
        let Ok(mut src) = workspace::read_text(&path) else { continue };
        let mut what = Vec::new();
        if rules.contains(&COMMIT_SHORT.id)
            && let Some((new, short)) = fix_commit_short(&src)
        {
            src = new;
            what.push(format!("git.commit_short set to {short:?} from git.commit"));
        }
        if rules.contains(&WHITESPACE_TRAILING.id) {
            let ranges = trailing_ranges(&src);
            if !ranges.is_empty() {
                let n = ranges.len();
                for r in ranges.into_iter().rev() {
                    src.replace_range(r, "");
                }
                what.push(format!("removed trailing whitespace on {n} line(s)"));
            }
        }
        if !what.is_empty() {
            ws.write(&path, src.as_bytes())?;
            fixes.changes.extend(what.into_iter().map(|w| FixChange { file: file.to_owned(), what: w }));
        }
    }
    if report.diagnostics.iter().any(|d| d.rule == CONSISTENCY.id) {
        fixes.changes.extend(fix_consistency(ws)?);
    }
    Ok(fixes)
}

/// Recount metadata.json and the registry from plan.md: exactly what
/// `draft sync` does, run under the context lock `apply` already holds.
fn fix_consistency(ws: &Workspace) -> Result<Vec<FixChange>> {
    let report = draft_core::engine::sync::sync_locked(ws, None)?;
    Ok(report
        .disagreements
        .iter()
        .map(|d| FixChange {
            file: d.file.clone(),
            what: format!("{} of {} set to {} (was {})", d.field, d.track, d.expected, d.found),
        })
        .collect())
}

/// Rewrite `git.commit_short` from `git.commit`; only the value's bytes change.
fn fix_commit_short(src: &str) -> Option<(String, String)> {
    let block = frontmatter::locate(src)?;
    let fm = frontmatter::parse(src, &block, "").ok()?;
    let commit = fm.git?.commit?;
    if commit.len() < 7 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let short: String = commit.chars().take(7).collect();
    let span = KeyLocator { src, block: &block }.value_span(Some("git"), "commit_short")?;
    let old = &src[span.clone()];
    let quoted = if old.starts_with('\'') { format!("'{short}'") } else { format!("\"{short}\"") };
    let mut out = src.to_owned();
    out.replace_range(span, &quoted);
    Some((out, short))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_short_value_only() {
        let src =
            "---\ngit:\n  commit: \"0123456789abcdef0123456789abcdef01234567\"\n  commit_short: \"fffffff\" # x\n---\n";
        let (out, short) = fix_commit_short(src).expect("fixed");
        assert_eq!(short, "0123456");
        assert_eq!(out, src.replace("\"fffffff\"", "\"0123456\""));
    }
}
