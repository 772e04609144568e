//! A CommonMark model of spec.md, shared by the spec, risk and gate rules.
//!
//! spec.md is parsed once with comrak (tables, task lists with relaxed
//! markers, frontmatter skipped) into a small model: headings, the top-level
//! blocks of each `##` section, task items with their marker position,
//! tables with their rows, and the line ranges of code blocks. Positions are
//! comrak's: 1-based lines and 1-based *byte* columns.

use crate::markdown::{code_block_lines, md_options};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, parse_document};

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
    /// Enclosing `##` section.
    pub section: Option<String>,
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

impl SpecModel {
    /// Parse spec text. Returns `None` never in practice; kept optional so a
    /// future size limit can refuse pathological input.
    #[must_use]
    pub fn parse(src: &str) -> Option<Self> {
        let arena = Arena::new();
        let root = parse_document(&arena, src, &md_options());
        let mut model = Self { code_blocks: code_block_lines(root), ..Self::default() };
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
                            section: section.clone(),
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
