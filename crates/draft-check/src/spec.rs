//! Spec structure: the seed template's sections are present and in order,
//! acceptance criteria are checkbox items or a table with a test id column,
//! and every track has a spec at all.
//!
//! The document rules read the spec's CommonMark model (`spec_model`),
//! parsed once per spec and shared with the risk and gate rules. Conductor
//! trees have their own spec shape, so only `spec-missing` applies there.

use crate::context::{Ctx, DocInput, Sink};
use crate::rule::{Check, NONE, RuleInfo, SPEC};
use crate::spec_model::{Block, BlockKind, SEED_SECTIONS, SpecModel};
use draft_core::tree::TrackDocs;
use draft_core::workspace::Layout;
use draft_model::diagnostic::Severity::Warning as W;

/// `spec-missing`
pub static MISSING: RuleInfo = RuleInfo {
    id: "spec-missing",
    family: "spec",
    default_severity: W,
    fixable: false,
    applies_to: NONE,
    check: Check::Track(missing),
    rationale: "a track without spec.md has no agreed scope; reported once per track",
};

/// `spec-section-missing`
pub static SECTION_MISSING: RuleInfo = RuleInfo {
    id: "spec-section-missing",
    family: "spec",
    default_severity: W,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(section_missing),
    rationale: "the seed template's `##` sections are present (unknown extra sections are fine)",
};

/// `spec-section-order`
pub static SECTION_ORDER: RuleInfo = RuleInfo {
    id: "spec-section-order",
    family: "spec",
    default_severity: W,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(section_order),
    rationale: "the seed template's sections appear in the seed's order, so readers and agents find them",
};

/// `spec-acceptance-format`
pub static ACCEPTANCE_FORMAT: RuleInfo = RuleInfo {
    id: "spec-acceptance-format",
    family: "spec",
    default_severity: W,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(acceptance_format),
    rationale: "acceptance criteria are checkbox items or a table with a test id column, so they can be ticked off and traced",
};

/// The spec model of a Draft-layout spec.
fn draft_spec<'a>(ctx: &Ctx<'_>, input: &'a DocInput<'_>) -> Option<&'a SpecModel> {
    if ctx.ws.layout == Layout::Draft { input.spec() } else { None }
}

fn section_order(ctx: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some(model) = draft_spec(ctx, input) else { return };
    let doc = input.doc;
    // Known sections in document order; those outside the longest run that
    // follows the seed's order are the misplaced ones.
    let known: Vec<(usize, &Block)> = model.seed.iter().map(|&(seed, at)| (seed, &model.blocks[at])).collect();
    for (idx, b) in misplaced(&known) {
        let message = format!("section `## {}` is out of the seed template's order", SEED_SECTIONS[idx]);
        sink.out.push(
            doc.at(SECTION_ORDER.diag(&doc.rel, message), b.line, b.column)
                .with_hint("move it so the sections follow the seed template's order"),
        );
    }
}

fn section_missing(ctx: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some(model) = draft_spec(ctx, input) else { return };
    let anchor = model.blocks.iter().find(|b| matches!(b.kind, BlockKind::Heading(1))).map_or(1, |b| b.line);
    for (i, s) in SEED_SECTIONS.iter().enumerate() {
        if !model.seed.iter().any(|&(seed, _)| seed == i) {
            sink.out.push(
                SECTION_MISSING
                    .diag(&input.doc.rel, format!("section `## {s}` is missing"))
                    .at(anchor, 1)
                    .with_hint("add the section from the seed template (write `N/A` and why if it does not apply)"),
            );
        }
    }
}

/// Elements not on a longest increasing subsequence of seed positions.
fn misplaced<'b>(known: &[(usize, &'b Block)]) -> Vec<(usize, &'b Block)> {
    let n = known.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if known[j].0 < known[i].0 && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut keep = vec![false; n];
    let mut cur = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i)));
    while let Some(i) = cur {
        keep[i] = true;
        cur = (prev[i] != usize::MAX).then(|| prev[i]);
    }
    known.iter().zip(keep).filter(|(_, k)| !k).map(|(e, _)| *e).collect()
}

fn acceptance_format(ctx: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some(model) = draft_spec(ctx, input) else { return };
    let doc = input.doc;
    let out = &mut sink.out;
    let Some(heading) = model.seed_section("Acceptance Criteria") else { return };
    let mut has_valid = false;
    let mut placeholder_only = true;
    for b in model.section_blocks("Acceptance Criteria") {
        match &b.kind {
            BlockKind::List { all_tasks: false, first_plain } => {
                let line = first_plain.unwrap_or(b.line);
                out.push(
                    doc.at(
                        ACCEPTANCE_FORMAT.diag(&doc.rel, "acceptance criteria are written as plain bullets"),
                        line,
                        1,
                    )
                    .with_hint("make each criterion a checkbox item (`- [ ] …`) so it can be ticked off"),
                );
                return;
            }
            BlockKind::List { all_tasks: true, .. } => has_valid = true,
            BlockKind::Table(i) => {
                let header = model.tables.get(*i).and_then(|t| t.rows.first());
                if header.is_some_and(|h| {
                    h.cells.iter().any(|c| {
                        let c = c.trim().to_lowercase();
                        c.contains("test") || c == "id"
                    })
                }) {
                    has_valid = true;
                } else {
                    out.push(
                        doc.at(
                            ACCEPTANCE_FORMAT.diag(&doc.rel, "the acceptance criteria table has no test id column"),
                            b.line,
                            b.column,
                        )
                        .with_hint("add a `Test ID` column naming the test that proves each criterion"),
                    );
                    return;
                }
            }
            BlockKind::Paragraph { placeholder: true } => {}
            BlockKind::Paragraph { placeholder: false } => placeholder_only = false,
            _ => {}
        }
    }
    if !has_valid && !placeholder_only {
        out.push(
            doc.at(
                ACCEPTANCE_FORMAT.diag(&doc.rel, "acceptance criteria have no checkbox items or test table"),
                heading.line,
                heading.column,
            )
            .with_hint("list each criterion as `- [ ] …`, or as a table with a test id column"),
        );
    }
}

/// A track without spec.md.
fn missing(ctx: &Ctx<'_>, track: &TrackDocs, sink: &mut Sink) {
    if !track.has_spec {
        let rel = ctx.ws.rel(&track.dir.join("spec.md"));
        sink.out.push(
            MISSING
                .diag(&rel, format!("track {} has no spec.md", track.id))
                .with_hint("write the spec (the seed template is what `draft new-track` creates)"),
        );
    }
}
