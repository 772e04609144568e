//! The one place the CLI writes to the terminal.
//!
//! Commands append to in-memory stdout/stderr buffers; `flush` writes each
//! once. Colour goes through anstream: `--color always|never` sets its global
//! choice, and under `auto` it strips styles when the stream is not a
//! terminal or `NO_COLOR` is set. A closed pipe is not an error. JSON goes
//! out only as the typed, versioned reports of `crate::report`.

use crate::report::{ErrorJson, Versioned};
use anstyle::{AnsiColor, Style};
use draft_core::{Diagnostic, Severity};
use std::fmt::Write as _;
use std::io::Write as _;

/// Styles used across commands.
pub mod style {
    use super::{AnsiColor, Style};
    /// Errors.
    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    /// Warnings.
    pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
    /// Hints and secondary text.
    pub const DIM: Style = Style::new().dimmed();
    /// Emphasis.
    pub const BOLD: Style = Style::new().bold();
    /// Done things.
    pub const GOOD: Style = AnsiColor::Green.on_default();
    /// Things in progress.
    pub const BUSY: Style = AnsiColor::Cyan.on_default();
    /// Blocked things.
    pub const BAD: Style = AnsiColor::Red.on_default();
}

/// Buffered command output.
#[derive(Debug, Default)]
pub struct Output {
    /// Text for stdout (may hold ANSI styles).
    pub stdout: String,
    /// Text for stderr (may hold ANSI styles).
    pub stderr: String,
    /// `-q`: commands leave out narration, hints and summaries (never
    /// results, warnings or errors).
    pub quiet: bool,
}

impl Output {
    /// Output for a run with `-q` or without.
    #[must_use]
    pub fn new(quiet: bool) -> Self {
        Self { quiet, ..Self::default() }
    }

    /// Whether styles written to stdout reach the terminal (`--color`,
    /// `NO_COLOR`, and whether stdout is a terminal, decided by anstream).
    #[must_use]
    pub fn stdout_styled() -> bool {
        anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
    }

    /// An engine's report as versioned JSON (`"version": 1` first).
    pub fn report<T: serde::Serialize>(&mut self, report: &T) {
        self.json(&Versioned::new(report));
    }

    /// The error that stopped a command, as a JSON error report on stdout.
    pub fn error_json(&mut self, err: &draft_core::Error) {
        self.json(&ErrorJson::from_error(err));
    }

    /// Append pretty JSON and a newline to stdout. Only typed reports from
    /// `crate::report` go through here.
    pub fn json<T: serde::Serialize>(&mut self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(mut text) => {
                text.push('\n');
                // The usual case, one report: take the text rather than copy it
                // (a coverage report of 50,000 files is tens of MB of JSON).
                if self.stdout.is_empty() {
                    self.stdout = text;
                } else {
                    self.stdout.push_str(&text);
                }
            }
            Err(e) => self.warning(&format!("could not render JSON: {e}")),
        }
    }

    /// A `warning:` line on stderr.
    pub fn warning(&mut self, message: &str) {
        let w = style::WARNING;
        let _ = writeln!(self.stderr, "{w}warning{w:#}: {message}");
    }

    /// A `note:` line on stderr: something worth knowing that is not a
    /// problem. Left out under `-q`.
    pub fn note(&mut self, message: &str) {
        if !self.quiet {
            let _ = writeln!(self.stderr, "note: {message}");
        }
    }

    /// A located diagnostic on stderr, compiler style.
    pub fn diagnostic(&mut self, d: &Diagnostic) {
        let s = match d.severity {
            Severity::Error => style::ERROR,
            Severity::Warning => style::WARNING,
            Severity::Info => style::DIM,
        };
        let mut location = d.file.clone();
        if d.line > 0 {
            let _ = write!(location, ":{}", d.line);
            if d.column > 0 {
                let _ = write!(location, ":{}", d.column);
            }
        }
        let _ = writeln!(self.stderr, "{s}{}{s:#}: {location}: {}", d.severity, d.message);
        if let Some(hint) = &d.hint {
            let dim = style::DIM;
            let _ = writeln!(self.stderr, "  {dim}hint:{dim:#} {hint}");
        }
    }

    /// The error that stopped a command, with its hint.
    pub fn error(&mut self, err: &draft_core::Error) {
        let e = style::ERROR;
        let _ = writeln!(self.stderr, "{e}error{e:#}: {err}");
        if let Some(hint) = err.hint() {
            let dim = style::DIM;
            let _ = writeln!(self.stderr, "  {dim}hint:{dim:#} {hint}");
        }
    }

    /// Write both buffers; a closed pipe is ignored.
    pub fn flush(&mut self) {
        if !self.stdout.is_empty() {
            let mut out = anstream::stdout().lock();
            let _ = out.write_all(self.stdout.as_bytes()).and_then(|()| out.flush());
        }
        if !self.stderr.is_empty() {
            let mut err = anstream::stderr().lock();
            let _ = err.write_all(self.stderr.as_bytes()).and_then(|()| err.flush());
        }
    }
}
