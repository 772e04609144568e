//! One ADR file read as it is, whichever tool wrote it.
//!
//! Three shapes are recognised, per file: draft's own (`# ADR-004: Title`,
//! then `**Status:**`, `**Date:**` and relation fields such as
//! `**Supersedes:** ADR-001`), adr-tools' (`# 4. Title`, a `Date:` line and a
//! `## Status` section holding the status word and link lines such as
//! `Superseded by [5. …](0005-….md)`) and MADR's (`# Title` with `status:`
//! and `date:` in YAML frontmatter, or MADR 2's `* Status:` bullets). The
//! headings and code blocks come from comrak; the status area is then read
//! line by line, so every value the editors change is known by its byte
//! range and nothing else is ever rewritten. Problems (unclosed or invalid
//! frontmatter, no title) are diagnostics on the document, never panics.

use super::refs::{self, AdrState};
use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::frontmatter::{self, FrontmatterBlock};
use draft_model::text::{self, Line};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Which tool's conventions a file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Flavour {
    /// `# ADR-NNN: Title` with `**Status:**` fields.
    Draft,
    /// adr-tools: `# N. Title`, `Date:` line, `## Status` section.
    AdrTools,
    /// MADR: `# Title`, status and date in frontmatter (or MADR 2 bullets).
    Madr,
    /// None of these (a title and maybe some text).
    Unknown,
    /// A collection whose files follow different conventions.
    Mixed,
}

/// How the status is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusForm {
    /// `**Status:** Accepted`.
    Field,
    /// A line under `## Status`.
    Section,
    /// `status:` in YAML frontmatter.
    Frontmatter,
    /// `* Status: accepted` (MADR 2).
    Bullet,
}

/// The status text and where its value sits.
#[derive(Debug, Clone)]
pub struct StatusSpot {
    /// The value as written, e.g. `Superseded by ADR-004`.
    pub text: String,
    /// Byte range of the value (what supersede replaces).
    pub value: Range<usize>,
    /// 1-based line.
    pub line: usize,
    /// How it is written.
    pub form: StatusForm,
}

/// A relation to another ADR other than "superseded by".
#[derive(Debug, Clone)]
pub struct Relation {
    /// As written: `Supersedes`, `Amends`, `Amended by`.
    pub kind: String,
    /// The other ADR's number.
    pub target: u32,
    /// 1-based line.
    pub line: usize,
    /// For a `**Kind:** ADR-…` field: where another reference can be appended.
    pub append_at: Option<usize>,
}

/// The `## Status` section of adr-tools-style files.
#[derive(Debug, Clone)]
pub struct StatusSection {
    /// From the heading line's start to the next heading's start (or the end).
    pub range: Range<usize>,
    /// Where the section's text ends: just past its last non-blank line.
    pub content_end: usize,
    /// True when every line is a status word or a relation line, so an
    /// import can replace the section by fields without losing text.
    pub mappable: bool,
}

/// A heading and the text under it, with its subsections.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    /// Heading text.
    pub title: String,
    /// Heading level (2 for `##`).
    pub level: u8,
    /// 1-based line of the heading.
    pub line: usize,
    /// The markdown under the heading up to the next heading, blank lines around it trimmed.
    pub body: String,
    /// Deeper headings inside this section.
    pub subsections: Vec<Section>,
}

/// A heading found by comrak, in absolute lines.
#[derive(Debug, Clone)]
struct Heading {
    level: u8,
    text: String,
    first: usize,
    last: usize,
}

/// One parsed ADR.
#[derive(Debug, Clone)]
pub struct AdrDoc {
    /// The text as read.
    pub src: String,
    /// Whose conventions it follows.
    pub flavour: Flavour,
    /// The number in the title heading (`ADR-004:` or `4.`), if any.
    pub heading_number: Option<u32>,
    /// The title without number or prefix.
    pub title: String,
    /// Full byte range (terminator included) of the title heading's lines.
    pub title_range: Option<Range<usize>>,
    /// The status.
    pub status: Option<StatusSpot>,
    /// The date as written.
    pub date: Option<String>,
    /// The successor named in the status.
    pub superseded_by: Option<u32>,
    /// Relations to other ADRs.
    pub relations: Vec<Relation>,
    /// Just past the last line of the `**Field:**` block under the title.
    pub fields_end: Option<usize>,
    /// The `## Status` section, when there is one.
    pub status_section: Option<StatusSection>,
    /// Whole lines that hold the date or status outside draft's fields
    /// (adr-tools' `Date:` line, MADR 2's bullets), for import to drop.
    pub header_lines: Vec<Range<usize>>,
    /// The frontmatter block, when closed.
    pub frontmatter: Option<FrontmatterBlock>,
    /// The file opens a frontmatter block it never closes.
    pub unclosed_frontmatter: bool,
    /// Headings below the title, nested.
    pub sections: Vec<Section>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// A YAML scalar of any type, as text.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::Int(n) => n.to_string(),
            Self::Float(f) => f.to_string(),
            Self::Bool(b) => b.to_string(),
        }
    }
}

/// The MADR keys draft maps; others are kept as they are.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MadrMeta {
    status: Option<Scalar>,
    date: Option<Scalar>,
}

impl AdrDoc {
    /// The normalised state of the status.
    #[must_use]
    pub fn state(&self) -> AdrState {
        if self.superseded_by.is_some() {
            return AdrState::Superseded;
        }
        self.status.as_ref().map_or(AdrState::Missing, |s| AdrState::of(&s.text))
    }

    /// Read `src`; `file` names the document in diagnostics.
    #[must_use]
    pub fn parse(src: String, file: &str) -> Self {
        let fm = frontmatter::locate(&src);
        let unclosed = frontmatter::is_unclosed(&src);
        let mut diagnostics = Vec::new();
        if unclosed {
            diagnostics.push(
                Diagnostic::file(
                    "frontmatter-yaml",
                    Severity::Warning,
                    file,
                    "the frontmatter block opened here is never closed",
                )
                .at(1, 1)
                .with_hint("end the YAML with a line holding only `---`"),
            );
        }
        let mut meta = MadrMeta::default();
        if let Some(block) = &fm {
            match frontmatter::parse(&src, block, file) {
                Ok(_) => meta = serde_saphyr::from_str(&src[block.yaml.clone()]).unwrap_or_default(),
                Err(d) => {
                    let mut d = *d;
                    d.severity = Severity::Warning;
                    diagnostics.push(d);
                }
            }
        }
        let (body_at, body_line) = frontmatter::body_start(&src, fm.as_ref());
        let (headings, opaque) = outline(&src[body_at..], body_line - 1);
        let lines: Vec<Line<'_>> = text::lines(&src).collect();
        let mut doc = Self {
            flavour: Flavour::Unknown,
            heading_number: None,
            title: String::new(),
            title_range: None,
            status: None,
            date: None,
            superseded_by: None,
            relations: Vec::new(),
            fields_end: None,
            status_section: None,
            header_lines: Vec::new(),
            frontmatter: fm.clone(),
            unclosed_frontmatter: unclosed,
            sections: Vec::new(),
            diagnostics,
            src: String::new(),
        };
        let title_at = headings.iter().position(|h| h.level == 1);
        let mut numbered_like_tools = false;
        if let Some(h) = title_at.map(|i| &headings[i]) {
            // The source text, not comrak's plain text: `code` and *emphasis* stay as written.
            let raw = lines
                .get(h.first - 1)
                .map_or(h.text.as_str(), |l| text::heading(l.text).map_or(l.text.trim(), |hd| hd.text));
            let (number, title, tools) = split_title(raw);
            doc.heading_number = number;
            doc.title = title;
            numbered_like_tools = tools;
            doc.title_range = Some(span_of(&lines, h.first, h.last));
        } else {
            doc.diagnostics.push(
                Diagnostic::file("adr-numbering", Severity::Warning, file, "no `# Title` heading")
                    .with_hint("start the ADR with `# ADR-NNN: Title`"),
            );
        }
        // The preamble: from the title (or the body's start) to the next heading.
        let from_line = title_at.map_or(body_line, |i| headings[i].last + 1);
        let to_line = headings.iter().find(|h| h.first >= from_line).map_or(usize::MAX, |h| h.first);
        doc.read_preamble(&lines, from_line, to_line, &opaque);
        if let Some(h) = headings.iter().position(|h| h.level >= 2 && h.text.eq_ignore_ascii_case("status")) {
            doc.read_status_section(&lines, &headings, h, &opaque);
        }
        if let (Some(block), Some(status)) = (&fm, &meta.status)
            && doc.status.is_none()
            && let Some(key) = frontmatter::find_key(&src, block, None, "status")
        {
            let value =
                key.line.start + key.line.text.len() - key.value.len()..key.line.start + key.line.text.trim_end().len();
            doc.status =
                Some(StatusSpot { text: status.text(), value, line: key.line.number, form: StatusForm::Frontmatter });
        }
        if doc.date.is_none() {
            doc.date = meta.date.as_ref().map(Scalar::text);
        }
        if let Some(status) = &doc.status
            && let Some((kind, n)) = refs::parse_relation_line(&status.text)
            && kind.to_ascii_lowercase().starts_with("superseded")
        {
            doc.superseded_by.get_or_insert(n);
        }
        doc.flavour = flavour_of(&doc, meta.status.is_some(), numbered_like_tools);
        let flat: Vec<&Heading> =
            headings.iter().enumerate().filter(|(i, _)| Some(*i) != title_at).map(|(_, h)| h).collect();
        let bodies: Vec<String> = flat
            .iter()
            .enumerate()
            .map(|(i, h)| section_body(&lines, h.last, flat.get(i + 1).map(|n| n.first)))
            .collect();
        let mut at = 0;
        doc.sections = nest(&flat, &bodies, &mut at, 0);
        doc.src = src;
        doc
    }

    /// Status and date fields and relation fields between the title and the next heading.
    fn read_preamble(&mut self, lines: &[Line<'_>], from: usize, to: usize, opaque: &[(usize, usize)]) {
        let mut block_open = true;
        for line in lines.iter().filter(|l| l.number >= from && l.number < to) {
            if in_ranges(opaque, line.number) {
                continue;
            }
            if let Some((key, value)) = refs::bold_field(line.text) {
                let abs = line.start + value.start..line.start + value.end;
                let text = line.text[value].to_owned();
                if key.eq_ignore_ascii_case("status") {
                    if self.status.is_none() {
                        self.status = Some(StatusSpot { text, value: abs, line: line.number, form: StatusForm::Field });
                    }
                } else if key.eq_ignore_ascii_case("date") {
                    self.date.get_or_insert(text);
                } else if let Some(targets) = refs::parse_ref_list(&text) {
                    self.add_relations(key, &targets, line.number, Some(abs.end));
                }
                if block_open {
                    self.fields_end = Some(line.end);
                }
                continue;
            }
            if self.fields_end.is_some() {
                block_open = false;
            }
            let Some((key, value)) = refs::plain_field(line.text) else { continue };
            let text = line.text[value.clone()].to_owned();
            if key.eq_ignore_ascii_case("status") && self.status.is_none() {
                let abs = line.start + value.start..line.start + value.end;
                self.status = Some(StatusSpot { text, value: abs, line: line.number, form: StatusForm::Bullet });
                self.header_lines.push(line.start..line.end);
            } else if key.eq_ignore_ascii_case("date") && self.date.is_none() {
                self.date = Some(text);
                self.header_lines.push(line.start..line.end);
            }
        }
    }

    fn add_relations(&mut self, kind: &str, targets: &[u32], line: usize, append_at: Option<usize>) {
        for &target in targets {
            if kind.to_ascii_lowercase().starts_with("superseded") {
                self.superseded_by.get_or_insert(target);
            } else {
                self.relations.push(Relation { kind: kind.to_owned(), target, line, append_at });
            }
        }
    }

    /// adr-tools' `## Status`: a status word and relation link lines.
    fn read_status_section(&mut self, lines: &[Line<'_>], headings: &[Heading], at: usize, opaque: &[(usize, usize)]) {
        let h = &headings[at];
        let next = headings.get(at + 1).map(|n| n.first);
        let start = lines.get(h.first - 1).map_or_else(|| lines.last().map_or(0, |l| l.end), |l| l.start);
        let mut end =
            next.and_then(|n| lines.get(n - 1)).map_or_else(|| lines.last().map_or(0, |l| l.end), |l| l.start);
        end = end.max(start);
        let (mut words, mut unmapped, mut superseded, mut content_end) = (0, 0, false, start);
        for line in lines.iter().filter(|l| l.number > h.last && next.is_none_or(|n| l.number < n)) {
            if line.is_blank() {
                continue;
            }
            content_end = line.end;
            if in_ranges(opaque, line.number) {
                unmapped += 1;
                continue;
            }
            if let Some((kind, n)) = refs::parse_relation_line(line.text) {
                superseded |= kind.to_ascii_lowercase().starts_with("superseded");
                self.add_relations(&kind, &[n], line.number, None);
                if superseded && self.status.is_none() {
                    let r = line.content_range();
                    let text = format!("Superseded by {}", refs::adr_id(n));
                    self.status = Some(StatusSpot { text, value: r, line: line.number, form: StatusForm::Section });
                }
                continue;
            }
            words += 1;
            if words > 1 {
                unmapped += 1;
            } else if self.status.as_ref().is_none_or(|s| s.form == StatusForm::Section) {
                let t = line.text.trim();
                let lead = line.text.len() - line.text.trim_start().len();
                let value = line.start + lead..line.start + lead + t.len();
                self.status =
                    Some(StatusSpot { text: t.to_owned(), value, line: line.number, form: StatusForm::Section });
            }
        }
        let mappable = unmapped == 0 && !(words > 0 && superseded);
        self.status_section = Some(StatusSection { range: start..end, content_end, mappable });
    }
}

/// Headings (absolute lines) and the line ranges of code and HTML blocks
/// of a markdown body whose first line is line `offset + 1`.
fn outline(body: &str, offset: usize) -> (Vec<Heading>, Vec<(usize, usize)>) {
    let arena = Arena::new();
    let mut options = Options::default();
    options.extension.table = true;
    let root = parse_document(&arena, body, &options);
    let (mut headings, mut opaque) = (Vec::new(), Vec::new());
    for node in root.children() {
        let data = node.data();
        let (first, last) = (data.sourcepos.start.line + offset, data.sourcepos.end.line + offset);
        match &data.value {
            NodeValue::Heading(h) => {
                let level = h.level;
                drop(data);
                headings.push(Heading {
                    level,
                    text: node.collect_text().trim().to_owned(),
                    first,
                    last: last.max(first),
                });
            }
            NodeValue::CodeBlock(_) | NodeValue::HtmlBlock(_) => opaque.push((first, last.max(first))),
            _ => {}
        }
    }
    (headings, opaque)
}

fn in_ranges(ranges: &[(usize, usize)], line: usize) -> bool {
    ranges.iter().any(|(a, b)| (*a..=*b).contains(&line))
}

/// Byte range of lines `first..=last` (1-based), terminators included.
fn span_of(lines: &[Line<'_>], first: usize, last: usize) -> Range<usize> {
    let start = lines.get(first.saturating_sub(1)).map_or(0, |l| l.start);
    let end = lines.get(last.saturating_sub(1)).map_or(start, |l| l.end);
    start..end
}

/// `ADR-004: Title` → (4, "Title", false); `4. Title` → (4, "Title", true); else the text.
fn split_title(text: &str) -> (Option<u32>, String, bool) {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("adr") {
        let rest = t[3..].trim_start_matches(['-', ' ', '_']);
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && digits <= 9 {
            let title = rest[digits..].trim_start().trim_start_matches([':', '-', '.', '–', '—']).trim();
            return (rest[..digits].parse().ok(), title.to_owned(), false);
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 9 && t[digits..].starts_with(". ") {
        return (t[..digits].parse().ok(), t[digits + 2..].trim().to_owned(), true);
    }
    (None, t.to_owned(), false)
}

fn flavour_of(doc: &AdrDoc, madr_meta: bool, numbered_like_tools: bool) -> Flavour {
    let form = doc.status.as_ref().map(|s| s.form);
    if madr_meta || form == Some(StatusForm::Bullet) {
        Flavour::Madr
    } else if numbered_like_tools {
        Flavour::AdrTools
    } else if doc.heading_number.is_some() || form == Some(StatusForm::Field) {
        Flavour::Draft
    } else if doc.status_section.is_some() {
        Flavour::AdrTools
    } else {
        Flavour::Unknown
    }
}

/// The text between a heading's last line and the next heading's first.
fn section_body(lines: &[Line<'_>], heading_last: usize, next_first: Option<usize>) -> String {
    let body: Vec<&str> = lines
        .iter()
        .filter(|l| l.number > heading_last && next_first.is_none_or(|n| l.number < n))
        .map(|l| l.text)
        .collect();
    let first = body.iter().position(|l| !l.trim().is_empty());
    let last = body.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(a), Some(b)) => body[a..=b].join("\n"),
        _ => String::new(),
    }
}

fn nest(flat: &[&Heading], bodies: &[String], at: &mut usize, parent: u8) -> Vec<Section> {
    let mut out = Vec::new();
    while let Some(h) = flat.get(*at) {
        if h.level <= parent {
            break;
        }
        let body = bodies.get(*at).cloned().unwrap_or_default();
        *at += 1;
        let subsections = nest(flat, bodies, at, h.level);
        out.push(Section { title: h.text.clone(), level: h.level, line: h.first, body, subsections });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &str = "---\nproject: \"x\"\n---\n\n# ADR-002: Use PostgreSQL\n\n**Status:** Superseded by ADR-004\n**Date:** 2026-02-14\n**Amends:** ADR-001\n\n## Context\n\nWe need a store.\n\n## Consequences\n\n### Positive\n\n- fast\n";

    #[test]
    fn draft_shape() {
        let doc = AdrDoc::parse(DRAFT.to_owned(), "draft/adrs/002-use-postgresql.md");
        assert_eq!(doc.flavour, Flavour::Draft);
        assert_eq!((doc.heading_number, doc.title.as_str()), (Some(2), "Use PostgreSQL"));
        let status = doc.status.as_ref().expect("status");
        assert_eq!(&doc.src[status.value.clone()], "Superseded by ADR-004");
        assert_eq!((doc.superseded_by, doc.state()), (Some(4), AdrState::Superseded));
        assert_eq!(doc.date.as_deref(), Some("2026-02-14"));
        assert_eq!((doc.relations[0].kind.as_str(), doc.relations[0].target), ("Amends", 1));
        assert!(doc.src[..doc.fields_end.expect("fields")].ends_with("**Amends:** ADR-001\n"));
        assert_eq!(doc.sections.len(), 2);
        assert_eq!(doc.sections[0].body, "We need a store.");
        assert_eq!(doc.sections[1].subsections[0].title, "Positive");
        assert!(doc.diagnostics.is_empty());
    }

    #[test]
    fn adr_tools_shape() {
        let src = "# 2. Use PostgreSQL\n\nDate: 2016-02-12\n\n## Status\n\nSuperseded by [3. Use SQLite](0003-use-sqlite.md)\n\nAmends [1. Record](0001-record.md)\n\n## Context\n\nx\n";
        let doc = AdrDoc::parse(src.to_owned(), "doc/adr/0002-use-postgresql.md");
        assert_eq!(doc.flavour, Flavour::AdrTools);
        assert_eq!((doc.heading_number, doc.superseded_by), (Some(2), Some(3)));
        assert_eq!(doc.date.as_deref(), Some("2016-02-12"));
        assert_eq!(doc.relations.len(), 1);
        let section = doc.status_section.as_ref().expect("section");
        assert!(section.mappable);
        assert!(
            doc.src[section.range.clone()].starts_with("## Status\n")
                && doc.src[section.range.clone()].ends_with("\n\n")
        );
        assert_eq!(doc.header_lines.len(), 1);
    }

    #[test]
    fn madr_shapes_and_broken_input() {
        let src = "---\nstatus: accepted\ndate: 2022-03-01\ndeciders: [a, b]\n---\n# Use Markdown ADRs\n\n## Context and Problem Statement\n\ny\n";
        let doc = AdrDoc::parse(src.to_owned(), "docs/decisions/0001-x.md");
        assert_eq!((doc.flavour, doc.state()), (Flavour::Madr, AdrState::Accepted));
        assert_eq!(&doc.src[doc.status.as_ref().expect("status").value.clone()], "accepted");
        assert_eq!(doc.date.as_deref(), Some("2022-03-01"));
        let v2 = "# Use X\n\n* Status: superseded by [ADR-0005](0005-y.md)\n* Date: 2018-01-01\n\n## Context\n";
        let doc = AdrDoc::parse(v2.to_owned(), "docs/adr/0002-use-x.md");
        assert_eq!((doc.flavour, doc.superseded_by), (Flavour::Madr, Some(5)));
        let broken = AdrDoc::parse("---\nstatus: [\n---\n# T\n".to_owned(), "a.md");
        assert_eq!(broken.diagnostics[0].rule, "frontmatter-yaml");
        let unclosed = AdrDoc::parse("---\nstatus: x\n# T\n".to_owned(), "a.md");
        assert!(unclosed.unclosed_frontmatter);
    }
}
