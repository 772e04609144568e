//! The coverage target from workflow.md, and the figures recorded in a
//! track's metadata.json and plan.md.
//!
//! The target is the first percentage on a line of workflow.md that
//! mentions coverage (`Coverage target: 90%`, `- Test coverage: >= 95%`,
//! `| Coverage target | 80% |`), outside code fences and comments; 95 %
//! when there is none. Recording writes `"coverage": {"overall", "target",
//! "diff", "timestamp"}` into metadata.json (the value replaced in place,
//! every other byte kept) and a `**Coverage:** …` line into the plan's
//! current phase — the first phase with a pending or in-progress task, else
//! the last — replacing that phase's earlier line or, the first time, going
//! right under the heading and its `**Goal:**`-style lines. Both files are
//! written atomically under the project lock.

use super::{Recorded, Target};
use crate::error::{Error, Result};
use crate::workspace::{Workspace, read_text};
use draft_model::edit::{self, Edit};
use draft_model::plan::{Marker, Plan};
use draft_model::text::{self, OpaqueTracker};
use std::path::Path;

/// The default target, in percent.
pub const DEFAULT_TARGET: f64 = 95.0;

/// The target from workflow.md (see the module doc).
#[must_use]
pub fn target(ws: &Workspace) -> Target {
    let path = ws.context_dir().join("workflow.md");
    let Ok(src) = read_text(&path) else {
        return Target { percent: DEFAULT_TARGET, source: "default".into() };
    };
    let mut opaque = OpaqueTracker::default();
    for line in text::lines(&src) {
        if opaque.is_opaque(line.text) || !line.text.to_ascii_lowercase().contains("coverage") {
            continue;
        }
        if let Some(p) = first_percent(line.text) {
            return Target { percent: p, source: format!("{}:{}", ws.rel(&path), line.number) };
        }
    }
    Target { percent: DEFAULT_TARGET, source: "default".into() }
}

/// The first `N%` / `N.N %` on a line with N in 0..=100.
fn first_percent(line: &str) -> Option<f64> {
    let bytes = line.as_bytes();
    for (i, _) in line.match_indices('%') {
        let mut end = i;
        while end > 0 && bytes[end - 1] == b' ' {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.') {
            start -= 1;
        }
        if let Ok(v) = line[start..end].trim_start_matches('.').parse::<f64>()
            && (0.0..=100.0).contains(&v)
        {
            return Some(v);
        }
    }
    None
}

/// The figures metadata.json holds from an earlier run, if any.
#[must_use]
pub fn previous(metadata: &Path) -> Option<Recorded> {
    let src = read_text(metadata).ok()?;
    let value: serde_json::Value = serde_json::from_str(&src[text::bom_len(&src)..]).ok()?;
    let c = value.get("coverage")?.as_object()?;
    let num = |k: &str| c.get(k).and_then(serde_json::Value::as_f64);
    Some(Recorded {
        overall: num("overall"),
        diff: num("diff"),
        target: num("target"),
        timestamp: c.get("timestamp").and_then(|v| v.as_str()).map(str::to_owned),
    })
}

/// One decimal, as recorded.
pub(super) fn one_decimal(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The plan line: `**Coverage:** 91.2% overall, 88.0% of changed lines (target 95%)`.
#[must_use]
pub fn plan_line(overall: Option<f64>, diff: Option<f64>, target: f64) -> String {
    let overall = overall.map_or_else(|| "no lines measured".to_owned(), |v| format!("{:.1}% overall", one_decimal(v)));
    let diff = diff
        .map_or_else(|| "no changed lines measured".to_owned(), |v| format!("{:.1}% of changed lines", one_decimal(v)));
    format!("**Coverage:** {overall}, {diff} (target {}%)", trim_number(target))
}

/// `95` for 95.0, `92.5` otherwise.
pub(super) fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") }
}

/// Write the figures into the track's metadata.json and plan.md; returns
/// the files written (relative) and notes for what could not be written.
pub fn write(ws: &Workspace, track_dir: &Path, recorded: &Recorded, line: &str) -> Result<(Vec<String>, Vec<String>)> {
    let _lock = ws.lock()?;
    let mut written = Vec::new();
    let mut notes = Vec::new();
    let meta = track_dir.join("metadata.json");
    if meta.is_file() {
        let src = read_text(&meta)?;
        let value = metadata_value(recorded);
        match draft_model::metadata::set_value(&src, &["coverage"], &value) {
            Some(e) => {
                if apply_and_write(ws, &meta, &src, vec![e])? {
                    written.push(ws.rel(&meta));
                }
            }
            None => notes.push(format!(
                "{} is not a JSON object draft can edit: the figures were not recorded there",
                ws.rel(&meta)
            )),
        }
    } else {
        notes.push(format!("{} does not exist: the figures were not recorded there", ws.rel(&meta)));
    }
    let plan_path = track_dir.join("plan.md");
    if plan_path.is_file() {
        let src = read_text(&plan_path)?;
        let plan = Plan::parse(src.clone());
        match plan_edit(&plan, line) {
            Some(e) => {
                if apply_and_write(ws, &plan_path, &src, vec![e])? {
                    written.push(ws.rel(&plan_path));
                }
            }
            None => notes.push(format!("{} has no phase to record the figure in", ws.rel(&plan_path))),
        }
    } else {
        notes.push(format!("{} does not exist: the figure was not recorded there", ws.rel(&plan_path)));
    }
    Ok((written, notes))
}

fn apply_and_write(ws: &Workspace, path: &Path, src: &str, edits: Vec<Edit>) -> Result<bool> {
    let out = edit::apply(src, edits).map_err(|source| Error::Edit { path: path.to_path_buf(), source })?;
    if out == src {
        return Ok(false);
    }
    ws.write(path, out.as_bytes())?;
    Ok(true)
}

/// `{ "overall": 91.2, "target": 95.0, "diff": 88.0, "timestamp": "…" }`.
fn metadata_value(r: &Recorded) -> String {
    let num = |v: Option<f64>| {
        v.and_then(|v| serde_json::Number::from_f64(one_decimal(v)))
            .map_or_else(|| "null".to_owned(), |n| n.to_string())
    };
    let ts = serde_json::to_string(r.timestamp.as_deref().unwrap_or_default()).unwrap_or_else(|_| "\"\"".into());
    format!(
        "{{ \"overall\": {}, \"target\": {}, \"diff\": {}, \"timestamp\": {ts} }}",
        num(r.overall),
        num(r.target),
        num(r.diff)
    )
}

/// The edit putting `line` into the current phase (see the module doc).
fn plan_edit(plan: &Plan, line: &str) -> Option<Edit> {
    let src = plan.source();
    let real: Vec<_> = plan.phases.iter().filter(|p| p.is_phase).collect();
    let groups = if real.is_empty() { plan.phases.iter().collect() } else { real };
    let phase = groups
        .iter()
        .find(|p| p.tasks.iter().any(|t| matches!(t.marker, Marker::Pending | Marker::InProgress)))
        .or_else(|| groups.last())?;
    let nl = text::line_ending(src);
    let body_start = phase.heading_span.end;
    // An earlier figure in this phase is replaced where it is.
    let mut opaque = OpaqueTracker::default();
    for l in text::lines_from(src, phase.heading_span.start, phase.line) {
        if l.start >= phase.end {
            break;
        }
        if !opaque.is_opaque(l.text) && l.start >= body_start && l.text.trim_start().starts_with("**Coverage:**") {
            let indent = l.text.len() - l.text.trim_start().len();
            return Some(Edit::replace(l.start + indent..l.start + l.text.len(), line));
        }
    }
    if phase.heading_span.is_empty() {
        return Some(Edit::insert(phase.heading_span.start, format!("{line}{nl}")));
    }
    // Under the heading and the `**Goal:**`-style lines that follow it.
    let mut at = phase.heading_span.end;
    let heading_text = &src[phase.heading_span.clone()];
    if !heading_text.ends_with('\n') && !heading_text.ends_with('\r') {
        return Some(Edit::insert(at, format!("{nl}{line}")));
    }
    for l in text::lines_from(src, at, phase.line + 1) {
        let t = l.text.trim_start();
        if l.start >= phase.end || !(t.starts_with("**") && t.contains(":**")) {
            break;
        }
        if l.end == l.start + l.text.len() {
            // The last line of the file, without a terminator.
            return Some(Edit::insert(l.end, format!("{nl}{line}")));
        }
        at = l.end;
    }
    Some(Edit::insert(at, format!("{line}{nl}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_target_on_a_coverage_line() {
        assert_eq!(first_percent("Coverage target: 90%"), Some(90.0));
        assert_eq!(first_percent("- Test coverage: >= 92.5 %"), Some(92.5));
        assert_eq!(first_percent("| Coverage target | 80% |"), Some(80.0));
        assert_eq!(first_percent("coverage of 150% is silly"), None);
        assert_eq!(first_percent("no number here"), None);
    }

    #[test]
    fn the_line_goes_under_the_current_phase_and_is_replaced_later() {
        let src = "# Plan: X\n\n## Phase 1: A\n**Goal:** g\n- [x] **Task 1.1:** a (abc1234)\n\n## Phase 2: B\n**Goal:** h\n**Verification:** v\n\n- [ ] **Task 2.1:** b\n";
        let plan = Plan::parse(src.to_owned());
        let once =
            edit::apply(src, vec![plan_edit(&plan, "**Coverage:** 1.0% overall").expect("edit")]).expect("apply");
        assert_eq!(
            once,
            "# Plan: X\n\n## Phase 1: A\n**Goal:** g\n- [x] **Task 1.1:** a (abc1234)\n\n## Phase 2: B\n**Goal:** h\n**Verification:** v\n**Coverage:** 1.0% overall\n\n- [ ] **Task 2.1:** b\n"
        );
        let plan = Plan::parse(once.clone());
        let twice =
            edit::apply(&once, vec![plan_edit(&plan, "**Coverage:** 2.0% overall").expect("edit")]).expect("apply");
        assert_eq!(twice, once.replace("1.0%", "2.0%"));
        // All done: the last phase.
        let done = "## Phase 1: A\r\n- [x] a (abc1234)\r\n## Phase 2: B\r\n- [x] b (abc1234)";
        let plan = Plan::parse(done.to_owned());
        let out = edit::apply(done, vec![plan_edit(&plan, "**Coverage:** x").expect("edit")]).expect("apply");
        assert_eq!(out, "## Phase 1: A\r\n- [x] a (abc1234)\r\n## Phase 2: B\r\n**Coverage:** x\r\n- [x] b (abc1234)");
    }

    #[test]
    fn plan_line_and_metadata_value() {
        assert_eq!(
            plan_line(Some(91.24), Some(88.0), 95.0),
            "**Coverage:** 91.2% overall, 88.0% of changed lines (target 95%)"
        );
        assert_eq!(
            plan_line(Some(50.0), None, 92.5),
            "**Coverage:** 50.0% overall, no changed lines measured (target 92.5%)"
        );
        let r = Recorded {
            overall: Some(91.24),
            diff: None,
            target: Some(95.0),
            timestamp: Some("2026-03-01T09:00:00Z".into()),
        };
        assert_eq!(
            metadata_value(&r),
            "{ \"overall\": 91.2, \"target\": 95.0, \"diff\": null, \"timestamp\": \"2026-03-01T09:00:00Z\" }"
        );
    }
}
