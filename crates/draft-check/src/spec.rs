//! Spec structure: a CommonMark model of spec.md and the structural rules.
//!
//! spec.md is parsed once with comrak (tables, task lists with relaxed
//! markers, frontmatter skipped) into a small model: headings, the top-level
//! blocks of each `##` section, task items with their marker position and
//! tables with their rows. The structure rules check the seed template's
//! sections are present and in order, and that acceptance criteria are
//! checkbox items or a table with a test id column. Risk and approval-gate
//! rules read the same model.

use super::{Ctx, Doc, diag};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};
use draft_core::workspace::Layout;
use draft_model::diagnostic::Diagnostic;

/// The seed template's `##` sections, in order.
pub const SEED_SECTIONS: &[&str] = &[
    "Context References",
    "Problem Statement",
    "Background & Why Now",
    "Requirements",
    "Acceptance Criteria",
    "Non-Goals",
    "Technical Approach",
    "Success Metrics",
    "Stakeholders & Approvals",
    "Risk Assessment",
    "Deployment Strategy",
    "Open Questions",
    "Conversation Log",
];

/// What a top-level block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of this level.
    Heading(u8),
    /// A list; `all_tasks` when every item is a checkbox; `first_plain` is
    /// the line of the first non-checkbox item.
    List { all_tasks: bool, first_plain: Option<usize> },
    /// A table.
    Table(usize),
    /// A paragraph with its text.
    Paragraph(String),
    /// Anything else (HTML, code, quotes, rules).
    Other,
}

/// A top-level block with its position.
#[derive(Debug, Clone)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column.
    pub column: usize,
    /// Heading text, for headings.
    pub text: String,
    /// Enclosing `##` section title.
    pub section: Option<String>,
}

/// A checkbox item anywhere in the spec.
#[derive(Debug, Clone)]
pub struct TaskItem {
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column of the marker character.
    pub marker_column: usize,
    /// `None` for `[ ]`.
    pub symbol: Option<char>,
    /// The item's text.
    pub text: String,
    /// Enclosing `###` subsection.
    pub subsection: Option<String>,
}

/// A table row.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line.
    pub line: usize,
    /// Header row.
    pub header: bool,
    /// Cell texts.
    pub cells: Vec<String>,
}

/// A table with the section it sits in.
#[derive(Debug, Clone)]
pub struct Table {
    /// Enclosing `##` section.
    pub section: Option<String>,
    /// Rows, header first.
    pub rows: Vec<Row>,
}

/// The parsed spec.
#[derive(Debug, Clone, Default)]
pub struct SpecModel {
    /// Top-level blocks in order.
    pub blocks: Vec<Block>,
    /// Every checkbox item.
    pub tasks: Vec<TaskItem>,
    /// Every top-level table.
    pub tables: Vec<Table>,
    /// Line ranges (inclusive) of code blocks, for rules that skip code.
    pub code_blocks: Vec<(usize, usize)>,
}

/// comrak options shared by every analysis.
#[must_use]
pub fn md_options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.tasklist = true;
    o.extension.table = true;
    o.extension.front_matter_delimiter = Some("---".into());
    o.parse.relaxed_tasklist_matching = true;
    o
}

impl SpecModel {
    /// Parse spec text. Returns `None` never in practice; kept optional so a
    /// future size limit can refuse pathological input.
    #[must_use]
    pub fn parse(src: &str) -> Option<Self> {
        let arena = Arena::new();
        let root = parse_document(&arena, src, &md_options());
        let mut model = Self { code_blocks: super::citations::code_block_lines(root), ..Self::default() };
        let mut section: Option<String> = None;
        let mut subsection: Option<String> = None;
        for node in root.children() {
            let data = node.data();
            let (line, column) = (data.sourcepos.start.line, data.sourcepos.start.column);
            let mut text = String::new();
            let kind = match &data.value {
                NodeValue::Heading(h) => {
                    text = node.collect_text().trim().to_owned();
                    if h.level <= 2 {
                        section = (h.level == 2).then(|| text.clone());
                        subsection = None;
                    } else {
                        subsection = Some(text.clone());
                    }
                    BlockKind::Heading(h.level)
                }
                NodeValue::List(_) => {
                    let mut all_tasks = true;
                    let mut first_plain = None;
                    for item in node.children() {
                        if !matches!(item.data().value, NodeValue::TaskItem(_)) {
                            all_tasks = false;
                            first_plain.get_or_insert(item.data().sourcepos.start.line);
                        }
                    }
                    BlockKind::List { all_tasks, first_plain }
                }
                NodeValue::Table(_) => {
                    model.tables.push(Table { section: section.clone(), rows: rows(node) });
                    BlockKind::Table(model.tables.len() - 1)
                }
                NodeValue::Paragraph => BlockKind::Paragraph(node.collect_text()),
                _ => BlockKind::Other,
            };
            drop(data);
            if matches!(kind, BlockKind::List { .. }) {
                for d in node.descendants() {
                    let dd = d.data();
                    if let NodeValue::TaskItem(t) = &dd.value {
                        model.tasks.push(TaskItem {
                            line: dd.sourcepos.start.line,
                            marker_column: t.symbol_sourcepos.start.column,
                            symbol: t.symbol,
                            text: own_text(d),
                            subsection: subsection.clone(),
                        });
                    }
                }
            }
            model.blocks.push(Block { kind, line, column, text, section: section.clone() });
        }
        Some(model)
    }

    /// Blocks inside the `##` section titled `title` (case-insensitive), heading excluded.
    pub fn section_blocks<'a>(&'a self, title: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| {
            b.section.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(title)) && b.kind != BlockKind::Heading(2)
        })
    }
}

fn rows<'a>(table: &'a AstNode<'a>) -> Vec<Row> {
    table
        .children()
        .filter_map(|row| {
            let data = row.data();
            let NodeValue::TableRow(header) = data.value else { return None };
            let cells = row.children().map(|c| c.collect_text().trim().to_owned()).collect();
            Some(Row { line: data.sourcepos.start.line, header, cells })
        })
        .collect()
}

fn own_text<'a>(item: &'a AstNode<'a>) -> String {
    item.children()
        .find(|c| matches!(c.data().value, NodeValue::Paragraph))
        .map(|p| p.collect_text())
        .unwrap_or_default()
}

/// Byte offset of (line, byte column) in `src`.
#[must_use]
pub fn offset_of(src: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match src[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return src.len(),
        }
    }
    (start + column.saturating_sub(1)).min(src.len())
}

/// Point a diagnostic at a (line, byte column) of `src`.
pub fn at(d: Diagnostic, src: &str, line: usize, column: usize) -> Diagnostic {
    let off = offset_of(src, line, column);
    let mut d = d.at_span(src, off..off);
    d.span = None;
    d
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Structure rules for one spec.
pub fn check(ctx: &Ctx<'_>, doc: &Doc, model: &SpecModel, out: &mut Vec<Diagnostic>) {
    if ctx.ws.layout != Layout::Draft {
        return;
    }
    let h2: Vec<&Block> = model.blocks.iter().filter(|b| b.kind == BlockKind::Heading(2)).collect();
    let anchor = model.blocks.iter().find(|b| matches!(b.kind, BlockKind::Heading(1))).map_or(1, |b| b.line);
    // Known sections in document order; those outside the longest run that
    // follows the seed's order are the misplaced ones.
    let known: Vec<(usize, &Block)> = h2
        .iter()
        .filter_map(|b| SEED_SECTIONS.iter().position(|s| norm(s) == norm(&b.text)).map(|i| (i, *b)))
        .collect();
    for (idx, b) in misplaced(&known) {
        out.push(
            at(
                diag(
                    "spec-section-order",
                    &doc.rel,
                    format!("section `## {}` is out of the seed template's order", SEED_SECTIONS[idx]),
                ),
                &doc.src,
                b.line,
                b.column,
            )
            .with_hint("move it so the sections follow the seed template's order"),
        );
    }
    for s in SEED_SECTIONS {
        if !h2.iter().any(|b| norm(&b.text) == norm(s)) {
            out.push(
                diag("spec-section-missing", &doc.rel, format!("section `## {s}` is missing"))
                    .at(anchor, 1)
                    .with_hint("add the section from the seed template (write `N/A` and why if it does not apply)"),
            );
        }
    }
    check_acceptance(doc, model, out);
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

fn check_acceptance(doc: &Doc, model: &SpecModel, out: &mut Vec<Diagnostic>) {
    let Some(heading) =
        model.blocks.iter().find(|b| b.kind == BlockKind::Heading(2) && norm(&b.text) == "acceptance criteria")
    else {
        return;
    };
    let mut has_valid = false;
    let mut placeholder_only = true;
    for b in model.section_blocks("Acceptance Criteria") {
        match &b.kind {
            BlockKind::List { all_tasks: false, first_plain } => {
                let line = first_plain.unwrap_or(b.line);
                out.push(
                    at(
                        diag("spec-acceptance-format", &doc.rel, "acceptance criteria are written as plain bullets"),
                        &doc.src,
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
                        let c = norm(c);
                        c.contains("test") || c == "id"
                    })
                }) {
                    has_valid = true;
                } else {
                    out.push(
                        at(
                            diag(
                                "spec-acceptance-format",
                                &doc.rel,
                                "the acceptance criteria table has no test id column",
                            ),
                            &doc.src,
                            b.line,
                            b.column,
                        )
                        .with_hint("add a `Test ID` column naming the test that proves each criterion"),
                    );
                    return;
                }
            }
            BlockKind::Paragraph(t) if t.trim_start().starts_with('[') && t.trim_end().ends_with(']') => {}
            BlockKind::Paragraph(_) => placeholder_only = false,
            _ => {}
        }
    }
    if !has_valid && !placeholder_only {
        out.push(
            at(
                diag("spec-acceptance-format", &doc.rel, "acceptance criteria have no checkbox items or test table"),
                &doc.src,
                heading.line,
                heading.column,
            )
            .with_hint("list each criterion as `- [ ] …`, or as a table with a test id column"),
        );
    }
}

/// `spec-missing`: once per track without spec.md.
pub fn check_missing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for track in &ctx.tree.tracks {
        if !track.has_spec {
            let rel = ctx.ws.rel(&track.dir.join("spec.md"));
            out.push(
                diag("spec-missing", &rel, format!("track {} has no spec.md", track.id))
                    .with_hint("write the spec (the seed template is what `draft new-track` creates)"),
            );
        }
    }
}
