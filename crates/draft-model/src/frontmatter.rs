//! The YAML frontmatter block at the top of Draft documents.
//!
//! This module finds the block (its byte range and lines), reads it with a
//! real YAML parser into a typed, extra-key-tolerant struct, turns parser
//! errors into diagnostics that point at the document's own line numbers, and
//! renders the pinned block that generated documents start with (FORMATS.md §1):
//! fixed key order, double-quoted strings, an unquoted `dirty` boolean.

use crate::diagnostic::{Diagnostic, Severity};
use crate::text;
use serde::Deserialize;
use std::fmt::Write as _;
use std::ops::Range;

/// Where a frontmatter block sits in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontmatterBlock {
    /// Byte range of the YAML between the delimiter lines.
    pub yaml: Range<usize>,
    /// Byte offset just past the closing delimiter line.
    pub end: usize,
    /// 1-based line of the first YAML line.
    pub yaml_first_line: usize,
    /// 1-based line of the closing delimiter.
    pub end_line: usize,
}

/// Find a closed `---` … `---` (or `...`) block at the very start of `src`.
#[must_use]
pub fn locate(src: &str) -> Option<FrontmatterBlock> {
    let mut lines = text::lines(src);
    let first = lines.next()?;
    if first.text.trim_end() != "---" {
        return None;
    }
    for line in lines {
        let t = line.text.trim_end();
        if t == "---" || t == "..." {
            return Some(FrontmatterBlock {
                yaml: first.end..line.start,
                end: line.end,
                yaml_first_line: first.number + 1,
                end_line: line.number,
            });
        }
    }
    None
}

/// Where a document's body starts: the byte offset and 1-based line after the
/// frontmatter block (or after a byte-order mark when there is none).
#[must_use]
pub fn body_start(src: &str, block: Option<&FrontmatterBlock>) -> (usize, usize) {
    block.map_or((text::bom_len(src), 1), |b| (b.end, b.end_line + 1))
}

/// A top-level key's line (or a key under a top-level `parent`) inside the
/// YAML block: the line, its indentation and the text after the key's `:`
/// with leading blanks removed. The one place that finds a pinned key by
/// its line, for the readers that place findings and the writers that
/// replace values.
#[derive(Debug, Clone, Copy)]
pub struct KeyLine<'a> {
    /// The line holding the key.
    pub line: text::Line<'a>,
    /// Its indentation in bytes.
    pub indent: usize,
    /// The value's text: after the `:`, leading blanks removed, to the end of the line.
    pub value: &'a str,
}

/// Find the line of `key` (under `parent` when given) in `block`.
#[must_use]
pub fn find_key<'a>(src: &'a str, block: &FrontmatterBlock, parent: Option<&str>, key: &str) -> Option<KeyLine<'a>> {
    let mut in_parent = parent.is_none();
    for line in text::lines_from(src, block.yaml.start, block.yaml_first_line) {
        if line.start >= block.yaml.end {
            break;
        }
        let indent = line.text.len() - line.text.trim_start().len();
        let t = line.text.trim_start();
        if let Some(p) = parent {
            if indent == 0 {
                in_parent = t.strip_prefix(p).is_some_and(|r| r.trim_start().starts_with(':'));
                continue;
            }
        } else if indent != 0 {
            continue;
        }
        if !in_parent {
            continue;
        }
        if let Some(rest) = t.strip_prefix(key)
            && let Some(after) = rest.trim_start().strip_prefix(':')
        {
            return Some(KeyLine { line, indent, value: after.trim_start() });
        }
    }
    None
}

/// True when `src` opens a frontmatter block that is never closed.
#[must_use]
pub fn is_unclosed(src: &str) -> bool {
    locate(src).is_none() && text::lines(src).next().is_some_and(|l| l.text.trim_end() == "---")
}

/// The git part of the frontmatter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct GitFields {
    /// Branch name, `HEAD` when detached.
    pub branch: Option<String>,
    /// Upstream such as `origin/main`, or `none`.
    pub remote: Option<String>,
    /// Full SHA.
    pub commit: Option<String>,
    /// Abbreviated SHA.
    pub commit_short: Option<String>,
    /// `YYYY-MM-DD HH:MM:SS +ZZZZ`.
    pub commit_date: Option<String>,
    /// Subject line.
    pub commit_message: Option<String>,
    /// Uncommitted changes present.
    pub dirty: Option<bool>,
}

/// The typed frontmatter; unknown keys are accepted and ignored on read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Frontmatter {
    /// Project name.
    pub project: Option<String>,
    /// Module inside a monorepo, `root` otherwise.
    pub module: Option<String>,
    /// Track id, in track documents.
    pub track_id: Option<String>,
    /// `draft:<command>`.
    pub generated_by: Option<String>,
    /// ISO 8601 timestamp.
    pub generated_at: Option<String>,
    /// Git state at generation.
    pub git: Option<GitFields>,
    /// The commit the document reflects.
    pub synced_to_commit: Option<String>,
}

/// Parse the YAML of a located block. `file` names the document in diagnostics.
pub fn parse(src: &str, block: &FrontmatterBlock, file: &str) -> Result<Frontmatter, Box<Diagnostic>> {
    let yaml = &src[block.yaml.clone()];
    if yaml.trim().is_empty() {
        return Ok(Frontmatter::default());
    }
    serde_saphyr::from_str::<Frontmatter>(yaml).map_err(|err| {
        // Locate by the parser's character offset, so lines are counted as
        // every other draft diagnostic counts them (YAML also breaks lines at
        // a lone `\r`); else by the parser's own line.
        let at = err
            .location()
            .and_then(|loc| usize::try_from(loc.span().offset()).ok())
            .and_then(|chars| yaml.char_indices().map(|(byte, _)| byte).chain([yaml.len()]).nth(chars))
            .map(|byte| block.yaml.start + byte);
        let (line, column) = match (at, err.location()) {
            (Some(at), _) => {
                let located = Diagnostic::file("", Severity::Error, file, "").at_span(src, at..at);
                (located.line, located.column)
            }
            (None, Some(loc)) => {
                let line = usize::try_from(loc.line()).unwrap_or(1).max(1);
                ((block.yaml_first_line + line - 1).min(block.end_line), usize::try_from(loc.column()).unwrap_or(0))
            }
            (None, None) => (block.yaml_first_line, 0),
        };
        let message = err.without_snippet().to_string();
        let message = message.lines().next().unwrap_or("invalid YAML");
        // The parser counts lines from the start of the YAML, not of the
        // document; the diagnostic's own location is the right one.
        let message = message.rfind(" at line ").map_or(message, |i| &message[..i]).to_owned();
        Box::new(
            Diagnostic::file(
                "frontmatter-yaml",
                Severity::Error,
                file,
                format!("frontmatter is not valid YAML: {message}"),
            )
            .at(line, column)
            .with_hint("fix the YAML between the `---` lines; strings with `:` or `#` need double quotes"),
        )
    })
}

/// Values for a generated block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinnedBlock {
    /// Project name.
    pub project: String,
    /// Module, `root` outside monorepos.
    pub module: String,
    /// Track id, written only for track documents.
    pub track_id: Option<String>,
    /// `draft:<command>`.
    pub generated_by: String,
    /// ISO 8601 with `Z`.
    pub generated_at: String,
    /// Branch, `HEAD` when detached.
    pub branch: String,
    /// Upstream or `none`.
    pub remote: String,
    /// Full SHA.
    pub commit: String,
    /// First 7 hex of the SHA.
    pub commit_short: String,
    /// Committer date.
    pub commit_date: String,
    /// Subject line.
    pub commit_message: String,
    /// Work tree has changes.
    pub dirty: bool,
}

impl PinnedBlock {
    /// Render the block, delimiters and final newline included.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(512);
        let q = yaml_quote;
        out.push_str("---\n");
        let _ = writeln!(out, "project: {}", q(&self.project));
        let _ = writeln!(out, "module: {}", q(&self.module));
        if let Some(id) = &self.track_id {
            let _ = writeln!(out, "track_id: {}", q(id));
        }
        let _ = writeln!(out, "generated_by: {}", q(&self.generated_by));
        let _ = writeln!(out, "generated_at: {}", q(&self.generated_at));
        out.push_str("git:\n");
        let _ = writeln!(out, "  branch: {}", q(&self.branch));
        let _ = writeln!(out, "  remote: {}", q(&self.remote));
        let _ = writeln!(out, "  commit: {}", q(&self.commit));
        let _ = writeln!(out, "  commit_short: {}", q(&self.commit_short));
        let _ = writeln!(out, "  commit_date: {}", q(&self.commit_date));
        let _ = writeln!(out, "  commit_message: {}", q(&self.commit_message));
        let _ = writeln!(out, "  dirty: {}", self.dirty);
        let _ = writeln!(out, "synced_to_commit: {}", q(&self.commit));
        out.push_str("---\n");
        out
    }
}

/// Quote a string as a YAML double-quoted scalar.
#[must_use]
pub fn yaml_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Controls and the two non-characters YAML does not allow in a
            // document (it has no "printable" production for them).
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_block_and_reports_yaml_errors_at_document_lines() {
        let src = "---\nproject: \"x\"\ngit: [\n---\n# Body\n";
        let block = locate(src).expect("block");
        assert_eq!(block.yaml_first_line, 2);
        assert_eq!(block.end_line, 4);
        let err = parse(src, &block, "draft/x.md").expect_err("bad yaml");
        assert_eq!(err.file, "draft/x.md");
        assert!(err.line >= 3, "{err}");
    }

    #[test]
    fn quoted_values_round_trip_through_the_parser() {
        let block = PinnedBlock {
            project: "we\"ird: #name\\".into(),
            module: "root".into(),
            generated_by: "draft:init".into(),
            commit_message: "fix: a\tb\u{7}".into(),
            ..PinnedBlock::default()
        };
        let src = block.render();
        let parsed = parse(&src, &locate(&src).expect("block"), "f").expect("valid");
        assert_eq!(parsed.project.as_deref(), Some("we\"ird: #name\\"));
        assert_eq!(parsed.git.and_then(|g| g.commit_message).as_deref(), Some("fix: a\tb\u{7}"));
    }

    /// Regression: the message repeated the parser's YAML-relative position
    /// ("… at line 2, column 16") next to the document location (line 3).
    #[test]
    fn regression_yaml_error_message_named_the_yaml_relative_line() {
        let src = "---\nproject: \"x\"\nmodule: \"root\" extra\n---\n";
        let err = parse(src, &locate(src).expect("block"), "p.md").expect_err("bad yaml");
        assert_eq!((err.line, err.column), (3, 16));
        assert!(err.message.starts_with("frontmatter is not valid YAML: "), "{}", err.message);
        assert!(!err.message.contains("line"), "{}", err.message);
    }

    /// Regression: YAML counts a lone `\r` as a line break, so an error after
    /// one was reported below the frontmatter block (found by fuzzing). Lines
    /// now break at a lone `\r` everywhere (issue 8 item 18), so the error is
    /// on the line holding `b: c: d`, inside the block.
    #[test]
    fn regression_yaml_error_line_counted_lone_carriage_returns() {
        let src = "---\na: 1\r\r\rb: c: d\n---\n# Body\n";
        let block = locate(src).expect("block");
        let err = parse(src, &block, "p.md").expect_err("bad yaml");
        assert_eq!((err.line, block.end_line), (5, 6), "{err}");
        // An error at the end of the YAML points at the closing delimiter.
        let src = "---\n%^x\t-\r\t#\n---\n";
        let err = parse(src, &locate(src).expect("block"), "p.md").expect_err("bad yaml");
        assert_eq!(err.line, 4, "{err}");
    }

    /// Regression: U+FFFE and U+FFFF were written raw; YAML rejects them, so
    /// a commit subject holding one made the generated frontmatter unreadable.
    #[test]
    fn regression_yaml_quote_left_noncharacters_raw() {
        assert_eq!(yaml_quote("a\u{fffe}b\u{ffff}"), "\"a\\ufffeb\\uffff\"");
        let block = PinnedBlock { commit_message: "x\u{fffe}\u{ffff}".into(), ..PinnedBlock::default() };
        let src = block.render();
        let parsed = parse(&src, &locate(&src).expect("block"), "f").expect("valid YAML");
        assert_eq!(parsed.git.and_then(|g| g.commit_message).as_deref(), Some("x\u{fffe}\u{ffff}"));
    }

    #[test]
    fn unclosed_block_is_detected() {
        assert!(is_unclosed("---\na: 1\n"));
        assert!(!is_unclosed("# Title\n"));
    }
}
