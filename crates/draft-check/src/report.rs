//! What a check run returns: the findings, sorted, with counts.
//!
//! The report is data; the CLI renders it for people, and `sarif` and the
//! JSON envelope render it for machines.

use draft_core::workspace::Layout;
use draft_model::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

/// The result of a check run.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Project root.
    pub root: String,
    /// Layout checked.
    pub layout: Layout,
    /// Number of documents read.
    pub files_checked: usize,
    /// Tracks whose findings came from the check cache (their documents
    /// unchanged since the last run). Not in the JSON report, which is the
    /// same either way.
    #[serde(skip)]
    pub tracks_cached: usize,
    /// Findings, sorted by file, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    /// Findings of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Distinct files with findings.
    #[must_use]
    pub fn files_with_findings(&self) -> usize {
        let mut files: Vec<&str> = self.diagnostics.iter().map(|d| d.file.as_str()).collect();
        files.dedup();
        files.len()
    }
}
