//! SARIF 2.1.0 output for code-scanning services (GitHub, Azure DevOps).
//!
//! One run, one tool (`draft`) whose driver lists every rule from the static
//! table with its default level; one result per finding with a physical
//! location (the region is omitted when the finding has no line).

use crate::report::CheckReport;
use crate::rule::RuleInfo;
use crate::rules::RULES;
use draft_model::diagnostic::{Diagnostic, Severity};
use serde_json::{Value, json};

/// The `$schema` URI written into the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Render a report as a SARIF 2.1.0 log.
#[must_use]
pub fn to_sarif(report: &CheckReport, tool_version: &str) -> Value {
    to_sarif_with(&report.diagnostics, RULES, tool_version)
}

/// Render findings as a SARIF 2.1.0 log whose driver lists `table` (the
/// check rules, or `draft validate`'s catalogue).
#[must_use]
pub fn to_sarif_with(diagnostics: &[Diagnostic], table: &[&RuleInfo], tool_version: &str) -> Value {
    let rules: Vec<Value> = table
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.rationale },
                "defaultConfiguration": { "level": level(r.default_severity) },
                "properties": { "family": r.family, "fixable": r.fixable },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut physical = json!({ "artifactLocation": { "uri": d.file, "uriBaseId": "%SRCROOT%" } });
            if d.line > 0 {
                physical["region"] = json!({ "startLine": d.line, "startColumn": d.column.max(1) });
            }
            let mut text = d.message.clone();
            if let Some(h) = &d.hint {
                text.push_str(" (hint: ");
                text.push_str(h);
                text.push(')');
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [ { "physicalLocation": physical } ],
            });
            if let Some(i) = table.iter().position(|r| r.id == d.rule) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": SCHEMA_URI,
        "runs": [ {
            "tool": { "driver": {
                "name": "draft",
                "version": tool_version,
                "informationUri": "https://example.invalid/draft",
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        } ],
    })
}
