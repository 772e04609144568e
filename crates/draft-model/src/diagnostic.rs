//! The one diagnostic type every parser and engine reports problems with.
//!
//! A diagnostic is a value, never a panic or a print: it carries the file
//! (relative to the project root), a 1-based line and column, an optional byte
//! span, a rule id, a severity, a message and a hint for the fix. The CLI
//! renders it for a terminal or as JSON; later faces (SARIF, MCP) read the
//! same fields.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational; never fails a run.
    Info,
    /// Something a human should look at.
    Warning,
    /// The document is wrong or unreadable.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A located problem with a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diagnostic {
    /// Stable rule id such as `yaml-syntax` or `registry-missing-folder`.
    pub rule: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Path relative to the project root, `/`-separated.
    pub file: String,
    /// 1-based line, 0 when the finding concerns the whole file.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub column: usize,
    /// Byte range in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A finding about a whole file.
    pub fn file(rule: &'static str, severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self { rule, severity, file: file.into(), line: 0, column: 0, span: None, message: message.into(), hint: None }
    }

    /// Place the finding at a line and column.
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Place the finding at a byte span of `src`, computing line and column.
    #[must_use]
    pub fn at_span(mut self, src: &str, span: Range<usize>) -> Self {
        let start = span.start.min(src.len());
        let line_start = crate::text::line_start(src, start);
        self.line = crate::text::line_of_offset(src, start);
        self.column = src[line_start..start].chars().count() + 1;
        self.span = Some(span);
        self
    }

    /// Attach a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}: {}", self.severity, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_gives_line_and_char_column() {
        let src = "ab\nçd x";
        let d = Diagnostic::file("r", Severity::Error, "f.md", "m").at_span(src, 7..8);
        assert_eq!((d.line, d.column), (2, 4));
        assert_eq!(d.to_string(), "f.md:2:4: error: m");
    }
}
