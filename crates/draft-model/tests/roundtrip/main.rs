//! Property tests of the document models: structured random plans,
//! registries and frontmatter are rendered by generators that record what
//! they wrote (counts, and the byte offsets of every marker, SHA, field value
//! and fraction), then parsed; the parse must give back the exact bytes, the
//! same counts and the same spans. Arbitrary text must never make a parser
//! panic, and every span it records must be a valid slice of the input.
//!
//! One test binary; each module owns one document kind. Each property runs
//! proptest's default 256 cases; set `PROPTEST_CASES` to run more.

mod frontmatter;
mod garbage;
mod invariants;
mod plan;
mod registry;

use proptest::prelude::*;
use std::ops::Range;

/// Builds a document line by line while remembering byte offsets and line
/// numbers, with any line ending and an optional byte-order mark.
pub struct Writer {
    /// The text so far.
    pub out: String,
    /// `"\n"`, `"\r\n"` or a lone `"\r"`.
    pub eol: &'static str,
    /// 1-based number of the line being written.
    pub line: usize,
}

impl Writer {
    /// An empty document, starting with a byte-order mark when `bom`.
    pub fn new(bom: bool, crlf: bool) -> Self {
        Self::with_eol(bom, if crlf { "\r\n" } else { "\n" })
    }

    /// An empty document whose lines end with `eol`.
    pub fn with_eol(bom: bool, eol: &'static str) -> Self {
        let mut out = String::new();
        if bom {
            out.push('\u{feff}');
        }
        Self { out, eol, line: 1 }
    }

    /// Current byte offset.
    pub fn pos(&self) -> usize {
        self.out.len()
    }

    /// Append text to the current line; returns its byte range.
    pub fn push(&mut self, s: &str) -> Range<usize> {
        debug_assert!(!s.contains(['\n', '\r']), "use end_line for line breaks: {s:?}");
        let start = self.out.len();
        self.out.push_str(s);
        start..self.out.len()
    }

    /// Terminate the current line.
    pub fn end_line(&mut self) {
        self.out.push_str(self.eol);
        self.line += 1;
    }

    /// A whole line; returns its range including the terminator.
    pub fn line(&mut self, s: &str) -> Range<usize> {
        let start = self.out.len();
        self.push(s);
        self.end_line();
        start..self.out.len()
    }

    /// A closed frontmatter block whose values hold text that looks like
    /// structure, so the body scanners must skip it. Returns the YAML range.
    pub fn frontmatter(&mut self, project: &str) -> Range<usize> {
        self.line("---");
        let start = self.pos();
        self.line(&format!("project: \"{project}\""));
        self.line("module: \"root\"");
        self.line("note: \"- [x] **Task 9.9:** not a task (abc1234)\"");
        self.line("heading: \"## Phase 7: not a phase\"");
        let end = self.pos();
        self.line("---");
        start..end
    }
}

/// The marker a checkbox character means, written down independently of
/// the parser's own mapping (FORMATS.md §4).
pub fn marker_of(c: char) -> draft_model::plan::Marker {
    use draft_model::plan::Marker;
    match c {
        ' ' => Marker::Pending,
        '~' => Marker::InProgress,
        'x' | 'X' => Marker::Done,
        '!' => Marker::Blocked,
        other => Marker::Unknown(other),
    }
}

/// Words that can never be read as structure: no brackets, colons, bold
/// markers or 7+ character hex words; a few are short hex or non-ASCII.
pub fn word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "alpha",
        "parser",
        "Wire",
        "log-in",
        "ümlaut",
        "日本語",
        "x.y",
        "path/to",
        "v2",
        "quux",
        "it's",
        "a_b",
        "Zeta",
        "cafe",
        "facade",
        "beef42",
        "€5",
        "✨",
        "data",
        "e.g.",
        "--flag",
        "`code`",
        "100%",
        "A-B",
    ])
}

/// One to five words joined by spaces.
pub fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..6).prop_map(|w| w.join(" "))
}

/// Any of the three line endings.
pub fn eol() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["\n", "\n", "\r\n", "\r"])
}

/// A lowercase hex SHA of 7 to 40 digits.
pub fn sha() -> impl Strategy<Value = String> {
    "[0-9a-f]{7,40}"
}

/// A SHA Conductor-style bare suffixes can carry: at least one digit.
pub fn bare_sha() -> impl Strategy<Value = String> {
    "[0-9][0-9a-f]{6,39}".prop_shuffle_chars()
}

/// A Jira key such as `PROJ-125`.
pub fn jira() -> impl Strategy<Value = String> {
    "[A-Z][A-Z0-9_]{0,5}-[0-9]{1,5}"
}

trait ShuffleChars {
    fn prop_shuffle_chars(self) -> BoxedStrategy<String>;
}

impl ShuffleChars for &'static str {
    fn prop_shuffle_chars(self) -> BoxedStrategy<String> {
        prop::string::string_regex(self)
            .expect("regex")
            .prop_flat_map(|s| Just(s.chars().collect::<Vec<_>>()).prop_shuffle())
            .prop_map(|chars| chars.into_iter().collect())
            .boxed()
    }
}
