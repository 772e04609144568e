//! The documents `draft check` reads, and what each one is.
//!
//! The project's own documents (registry, context documents, ADRs) are read
//! once, up front; a track's spec and plan are made while the track is being
//! checked and dropped after it. Each document also
//! carries its per-file disables: `<!-- draft-check-disable rule-a rule-b -->`
//! anywhere in a file turns those rules off for that file, and a bare
//! `<!-- draft-check-disable -->` turns every rule off for it. Findings are
//! placed through the document's own line index, built on the first one.

use crate::lines::LineIndex;
use draft_core::error::Error;
use draft_core::tree::{TrackDocs, Tree};
use draft_core::workspace::{self, Layout, Workspace};
use draft_model::diagnostic::Diagnostic;
use draft_model::text::DecodeError;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

/// What role a document plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// product.md, tech-stack.md, workflow.md, architecture.md, .ai-context.md, …
    Context,
    /// tracks.md
    Registry,
    /// A track's spec.md.
    Spec,
    /// A track's plan.md.
    Plan,
    /// An ADR under adrs/.
    Adr,
}

/// Which rules a file turns off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Disabled {
    /// None.
    #[default]
    Nothing,
    /// Every rule.
    All,
    /// These rule ids.
    Rules(Vec<String>),
}

/// One document read for checking.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path relative to the root.
    pub rel: String,
    /// Absolute path.
    pub path: PathBuf,
    /// The text.
    pub src: String,
    /// Its role.
    pub kind: DocKind,
    /// Rules turned off in this file.
    pub disables: Disabled,
    /// Line starts, built when the first finding is placed.
    index: OnceLock<LineIndex>,
}

impl Doc {
    fn new(ws: &Workspace, path: PathBuf, src: String, kind: DocKind) -> Self {
        let disables = parse_disables(&src);
        Self { rel: ws.rel(&path), path, src, kind, disables, index: OnceLock::new() }
    }

    /// The document's line index.
    pub fn lines(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.src))
    }

    /// Place `d` at a byte span of this document.
    #[must_use]
    pub fn at_span(&self, d: Diagnostic, span: Range<usize>) -> Diagnostic {
        self.lines().at_span(&self.src, d, span)
    }

    /// Place `d` at a 1-based line and 1-based *byte* column (comrak's source
    /// positions); the column reported counts characters, and no span is kept.
    #[must_use]
    pub fn at(&self, d: Diagnostic, line: usize, byte_column: usize) -> Diagnostic {
        let offset = self.lines().offset(&self.src, line, byte_column);
        let mut d = self.at_span(d, offset..offset);
        d.span = None;
        d
    }

    /// The text of a 1-based line, without its terminator.
    #[must_use]
    pub fn line_text(&self, line: usize) -> &str {
        self.lines().line_text(&self.src, line)
    }

    /// Whether `rule` is turned off for this file.
    #[must_use]
    pub fn disabled(&self, rule: &str) -> bool {
        match &self.disables {
            Disabled::Nothing => false,
            Disabled::All => true,
            Disabled::Rules(ids) => ids.iter().any(|r| r == rule),
        }
    }
}

const MARK: &str = "<!-- draft-check-disable";

/// Parse every `<!-- draft-check-disable … -->` comment in `src`.
#[must_use]
pub fn parse_disables(src: &str) -> Disabled {
    // Every document is searched, and almost none holds one: a SIMD search.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(MARK));
    let mut rules = Vec::new();
    let mut rest = src;
    while let Some(i) = FINDER.find(rest.as_bytes()) {
        let after = &rest[i + MARK.len()..];
        let Some(end) = after.find("-->") else { break };
        let body = &after[..end];
        // `draft-check-disable-next-line` and friends are not ours.
        if body.starts_with(char::is_whitespace) || body.is_empty() {
            let ids: Vec<&str> =
                body.split(|c: char| c.is_whitespace() || c == ',').filter(|s| !s.is_empty()).collect();
            if ids.is_empty() {
                return Disabled::All;
            }
            rules.extend(ids.into_iter().map(str::to_owned));
        }
        rest = &after[end..];
    }
    if rules.is_empty() { Disabled::Nothing } else { Disabled::Rules(rules) }
}

/// Context documents per layout, in the order they are reported.
fn context_names(layout: Layout) -> &'static [&'static str] {
    match layout {
        Layout::Draft => &["product.md", "tech-stack.md", "workflow.md", "architecture.md", ".ai-context.md"],
        Layout::Conductor => &["product.md", "product-guidelines.md", "tech-stack.md", "workflow.md", "index.md"],
    }
}

/// A document that could not be read.
#[derive(Debug, Clone)]
pub struct Unread {
    /// Path relative to the root.
    pub rel: String,
    /// Why, without the path.
    pub why: String,
    /// 1-based line of the first byte that is not UTF-8 (0: unknown).
    pub line: usize,
}

impl Unread {
    fn new(rel: String, err: &Error) -> Self {
        match err {
            Error::Decode { source, .. } => {
                let line = match source {
                    DecodeError::NotUtf8 { line, .. } => *line,
                    DecodeError::Binary { .. } => 0,
                };
                Self { rel, why: source.to_string(), line }
            }
            other => Self { rel, why: other.to_string(), line: 0 },
        }
    }
}

/// Read the project's own documents: the registry (from the tree), the
/// context documents and the ADRs. Those that cannot be read are returned
/// beside them, for the runner to report.
pub fn collect_project(ws: &Workspace, tree: &Tree) -> (Vec<Doc>, Vec<Unread>) {
    let ctx = ws.context_dir();
    let mut wanted: Vec<(PathBuf, DocKind)> = Vec::new();
    for name in context_names(ws.layout) {
        let path = ctx.join(name);
        if path.is_file() {
            wanted.push((path, DocKind::Context));
        }
    }
    if let Ok(rd) = std::fs::read_dir(ctx.join("adrs")) {
        let mut adrs: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
            // `draft adr index` keeps the table of ADRs there; it is not one.
            .filter(|p| !p.file_name().is_some_and(|n| n.eq_ignore_ascii_case("README.md")))
            .collect();
        adrs.sort();
        wanted.extend(adrs.into_iter().map(|p| (p, DocKind::Adr)));
    }
    let mut docs = Vec::with_capacity(wanted.len() + 1);
    if let Some(reg) = &tree.registry {
        docs.push(Doc::new(ws, ws.registry_path(), reg.source().to_owned(), DocKind::Registry));
    }
    let mut unread = Vec::new();
    for (path, kind) in wanted {
        match read(ws, path, kind) {
            Ok(doc) => docs.push(doc),
            Err(u) => unread.push(u),
        }
    }
    (docs, unread)
}

/// A track's documents to check: its spec (read here) and its plan (the
/// text the tree loader already read).
pub fn collect_track(ws: &Workspace, track: &TrackDocs) -> (Vec<Doc>, Option<Unread>) {
    let mut docs = Vec::with_capacity(2);
    let mut unread = None;
    if track.has_spec {
        match read(ws, track.dir.join("spec.md"), DocKind::Spec) {
            Ok(doc) => docs.push(doc),
            Err(u) => unread = Some(u),
        }
    }
    if let Some(plan) = &track.plan {
        docs.push(Doc::new(ws, track.dir.join("plan.md"), plan.source().to_owned(), DocKind::Plan));
    }
    (docs, unread)
}

fn read(ws: &Workspace, path: PathBuf, kind: DocKind) -> Result<Doc, Unread> {
    match workspace::read_text(&path) {
        Ok(src) => Ok(Doc::new(ws, path, src, kind)),
        Err(e) => Err(Unread::new(ws.rel(&path), &e)),
    }
}

/// Phrases in workflow.md that ask for one commit per task (case-insensitive).
const COMMIT_PER_TASK: &[&str] =
    &["commit per task", "commit after each task", "commit after every task", "commit each task", "commits per task"];

/// Whether workflow.md asks for a commit per task.
#[must_use]
pub fn commit_per_task(ws: &Workspace) -> bool {
    workspace::read_text(&ws.context_dir().join("workflow.md")).is_ok_and(|src| {
        let lower = src.to_lowercase();
        COMMIT_PER_TASK.iter().any(|p| lower.contains(p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disables() {
        assert_eq!(parse_disables("x"), Disabled::Nothing);
        assert_eq!(parse_disables("<!-- draft-check-disable -->"), Disabled::All);
        assert_eq!(
            parse_disables(
                "a <!-- draft-check-disable risk-score, staleness -->\n<!-- draft-check-disable adr-numbering -->"
            ),
            Disabled::Rules(vec!["risk-score".into(), "staleness".into(), "adr-numbering".into()])
        );
        assert_eq!(parse_disables("<!-- draft-check-disable-next-line x -->"), Disabled::Nothing);
    }
}
