//! Risk rules: every row of the `## Risk Assessment` table has Probability
//! and Impact from 1 to 5, a Score equal to P × I, and a non-empty
//! Mitigation when the score is 9 or more (FORMATS.md §7). Findings point
//! at the offending cell of the row.

use super::spec::{SpecModel, at};
use super::{Doc, diag};
use draft_model::diagnostic::Diagnostic;

/// Check the risk tables of one spec.
pub fn check(doc: &Doc, model: &SpecModel, out: &mut Vec<Diagnostic>) {
    for table in &model.tables {
        if !table.section.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("risk assessment")) {
            continue;
        }
        let Some(header) = table.rows.first() else { continue };
        let col = |name: &str| header.cells.iter().position(|c| c.to_lowercase().contains(name));
        let (Some(p_col), Some(i_col)) = (col("probability"), col("impact")) else { continue };
        let (s_col, m_col) = (col("score"), col("mitigation"));
        for row in table.rows.iter().filter(|r| !r.header) {
            let cell = |i: usize| row.cells.get(i).map_or("", String::as_str);
            let point = |d: Diagnostic, i: usize| {
                let column = cell_column(&doc.src, row.line, i);
                at(d, &doc.src, row.line, column)
            };
            let p = in_range(cell(p_col));
            let i = in_range(cell(i_col));
            for (idx, name, value) in [(p_col, "Probability", p), (i_col, "Impact", i)] {
                if value.is_none() {
                    out.push(
                        point(
                            diag(
                                "risk-range",
                                &doc.rel,
                                format!("risk {name} {:?} is not an integer from 1 to 5", cell(idx)),
                            ),
                            idx,
                        )
                        .with_hint("rate it 1 (rare / minor) to 5 (almost certain / severe)"),
                    );
                }
            }
            let (Some(p), Some(i)) = (p, i) else { continue };
            let score = p * i;
            if let Some(s_col) = s_col {
                let written = cell(s_col).trim().parse::<u32>().ok();
                if written != Some(score) {
                    out.push(
                        point(
                            diag(
                                "risk-score",
                                &doc.rel,
                                format!(
                                    "risk Score {:?} is not Probability × Impact = {p} × {i} = {score}",
                                    cell(s_col)
                                ),
                            ),
                            s_col,
                        )
                        .with_hint(format!("write {score}")),
                    );
                }
            }
            if score >= 9 {
                let mitigation = m_col.map_or("", |c| cell(c)).trim();
                let empty = mitigation.is_empty() || matches!(mitigation, "-" | "—" | "N/A" | "n/a" | "TBD" | "[]");
                if empty {
                    out.push(
                        point(
                            diag("risk-mitigation", &doc.rel, format!("risk scoring {score} (≥ 9) has no mitigation")),
                            m_col.unwrap_or(0),
                        )
                        .with_hint("describe how the risk is reduced or handled"),
                    );
                }
            }
        }
    }
}

fn in_range(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok().filter(|n| (1..=5).contains(n))
}

/// 1-based byte column where cell `index` of a table row's line starts
/// (the first non-space byte after its opening pipe).
#[must_use]
pub fn cell_column(src: &str, line: usize, index: usize) -> usize {
    let Some(text) = src.split('\n').nth(line.saturating_sub(1)) else { return 1 };
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
        let src = "x\n| a | bb | c\\|d | e |\n";
        assert_eq!(cell_column(src, 2, 0), 3);
        assert_eq!(cell_column(src, 2, 1), 7);
        assert_eq!(cell_column(src, 2, 3), 19);
    }
}
