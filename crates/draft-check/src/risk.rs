//! Risk rules: every row of the `## Risk Assessment` table has Probability
//! and Impact from 1 to 5, a Score equal to P × I, and a non-empty
//! Mitigation when the score is 9 or more (FORMATS.md §7). Findings point
//! at the offending cell of the row.

use crate::context::{Ctx, DocInput, Sink};
use crate::docs::Doc;
use crate::rule::{Check, RuleInfo, SPEC};
use crate::spec_model::Row;
use draft_model::diagnostic::Diagnostic;
use draft_model::diagnostic::Severity::Error as E;

/// `risk-range`
pub static RANGE: RuleInfo = RuleInfo {
    id: "risk-range",
    family: "risk",
    default_severity: E,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(range),
    rationale: "risk Probability and Impact are integers from 1 to 5",
};

/// `risk-score`
pub static SCORE: RuleInfo = RuleInfo {
    id: "risk-score",
    family: "risk",
    default_severity: E,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(score),
    rationale: "a risk's Score equals Probability × Impact",
};

/// `risk-mitigation`
pub static MITIGATION: RuleInfo = RuleInfo {
    id: "risk-mitigation",
    family: "risk",
    default_severity: E,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(mitigation),
    rationale: "a risk scoring 9 or more has a non-empty Mitigation",
};

/// One body row of a `## Risk Assessment` table, with its column indexes.
struct RiskRow<'a> {
    row: &'a Row,
    p_col: usize,
    i_col: usize,
    s_col: Option<usize>,
    m_col: Option<usize>,
}

impl RiskRow<'_> {
    fn cell(&self, i: usize) -> &str {
        self.row.cells.get(i).map_or("", String::as_str)
    }

    /// Probability and Impact, each when it is in range.
    fn rated(&self) -> (Option<u32>, Option<u32>) {
        (in_range(self.cell(self.p_col)), in_range(self.cell(self.i_col)))
    }

    /// Point `d` at cell `i` of the row.
    fn point(&self, doc: &Doc, d: Diagnostic, i: usize) -> Diagnostic {
        let column = cell_column(doc.line_text(self.row.line), i);
        doc.at(d, self.row.line, column)
    }
}

/// Every body row of the risk tables that has Probability and Impact columns.
fn rows<'a>(input: &'a DocInput<'_>) -> Vec<RiskRow<'a>> {
    let Some(model) = input.spec() else { return Vec::new() };
    let mut out = Vec::new();
    for table in &model.tables {
        if !table.section.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("risk assessment")) {
            continue;
        }
        let Some(header) = table.rows.first() else { continue };
        let col = |name: &str| header.cells.iter().position(|c| c.to_lowercase().contains(name));
        let (Some(p_col), Some(i_col)) = (col("probability"), col("impact")) else { continue };
        let (s_col, m_col) = (col("score"), col("mitigation"));
        out.extend(table.rows.iter().filter(|r| !r.header).map(|row| RiskRow { row, p_col, i_col, s_col, m_col }));
    }
    out
}

fn range(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    for r in rows(input) {
        let (p, i) = r.rated();
        for (idx, name, value) in [(r.p_col, "Probability", p), (r.i_col, "Impact", i)] {
            if value.is_none() {
                let message = format!("risk {name} {:?} is not an integer from 1 to 5", r.cell(idx));
                sink.out.push(
                    r.point(doc, RANGE.diag(&doc.rel, message), idx)
                        .with_hint("rate it 1 (rare / minor) to 5 (almost certain / severe)"),
                );
            }
        }
    }
}

fn score(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    for r in rows(input) {
        let ((Some(p), Some(i)), Some(s_col)) = (r.rated(), r.s_col) else { continue };
        let score = p * i;
        if r.cell(s_col).trim().parse::<u32>().ok() != Some(score) {
            let message = format!("risk Score {:?} is not Probability × Impact = {p} × {i} = {score}", r.cell(s_col));
            sink.out.push(r.point(doc, SCORE.diag(&doc.rel, message), s_col).with_hint(format!("write {score}")));
        }
    }
}

fn mitigation(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    for r in rows(input) {
        let (Some(p), Some(i)) = r.rated() else { continue };
        let score = p * i;
        if score < 9 {
            continue;
        }
        let written = r.m_col.map_or("", |c| r.cell(c)).trim();
        if written.is_empty() || matches!(written, "-" | "—" | "N/A" | "n/a" | "TBD" | "[]") {
            let message = format!("risk scoring {score} (≥ 9) has no mitigation");
            sink.out.push(
                r.point(doc, MITIGATION.diag(&doc.rel, message), r.m_col.unwrap_or(0))
                    .with_hint("describe how the risk is reduced or handled"),
            );
        }
    }
}

fn in_range(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok().filter(|n| (1..=5).contains(n))
}

/// 1-based byte column where cell `index` of a table row's line `text`
/// starts (the first non-space byte after its opening pipe).
#[must_use]
pub fn cell_column(text: &str, index: usize) -> usize {
    let bytes = text.as_bytes();
    let lead = text.len() - text.trim_start().len();
    let mut pos = lead;
    if bytes.get(pos) == Some(&b'|') {
        pos += 1;
    }
    let mut cell = 0;
    let mut i = pos;
    while i < bytes.len() && cell < index {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => {
                cell += 1;
                pos = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    while bytes.get(pos) == Some(&b' ') {
        pos += 1;
    }
    pos + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_columns() {
        let row = "| a | bb | c\\|d | e |";
        assert_eq!(cell_column(row, 0), 3);
        assert_eq!(cell_column(row, 1), 7);
        assert_eq!(cell_column(row, 3), 19);
    }
}
