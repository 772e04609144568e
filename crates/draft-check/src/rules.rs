//! The rule table: every rule `draft check` knows, in the order it is listed.
//!
//! One table drives the runner (which check functions run, over which
//! documents), `draft check --list-rules`, the validation of
//! `[check] disable = [...]` in `config.toml`, the SARIF `rules` array and
//! the README. Each row is a `static` [`RuleInfo`] defined beside its check
//! function in its family's module; this list only orders them.

use crate::rule::RuleInfo;
use crate::{adr, citations, consistency, frontmatter, gates, gitq, loading, placeholders, plan_grammar};
use crate::{risk, spec, staleness, style, temps};

/// Every rule, grouped by family.
pub static RULES: &[&RuleInfo] = &[
    &frontmatter::MISSING,
    &frontmatter::YAML,
    &frontmatter::KEY,
    &frontmatter::COMMIT,
    &frontmatter::COMMIT_SHORT,
    &frontmatter::DATE,
    &placeholders::UNFILLED,
    &placeholders::INTAKE,
    &placeholders::PERSON,
    &placeholders::TBD,
    &spec::MISSING,
    &spec::SECTION_MISSING,
    &spec::SECTION_ORDER,
    &spec::ACCEPTANCE_FORMAT,
    &risk::RANGE,
    &risk::SCORE,
    &risk::MITIGATION,
    &gates::APPROVAL_GATE,
    &gates::EMPTY_ROW,
    &plan_grammar::UNKNOWN_MARKER,
    &plan_grammar::OUTSIDE_PHASE,
    &plan_grammar::DUPLICATE_LABEL,
    &plan_grammar::MISSING_SHA,
    &plan_grammar::UNKNOWN_SHA,
    &plan_grammar::MISSING,
    &plan_grammar::EMPTY,
    &consistency::CONSISTENCY,
    &consistency::METADATA_JSON,
    &consistency::REGISTRY_MISSING,
    &consistency::REGISTRY_ENTRY_ID,
    &consistency::REGISTRY_DUPLICATE,
    &consistency::REGISTRY_MISSING_FOLDER,
    &consistency::REGISTRY_MISSING_ENTRY,
    &staleness::STALENESS,
    &citations::MISSING_FILE,
    &citations::LINE_RANGE,
    &citations::IGNORE_UNCLOSED,
    &adr::NUMBERING,
    &adr::SUPERSEDED,
    &style::WHITESPACE_TRAILING,
    &loading::CONFIG_UNKNOWN_RULE,
    &loading::CONFIG_INVALID,
    &gitq::GIT_UNAVAILABLE,
    &gitq::GIT_FAILED,
    &loading::UNREADABLE,
    &loading::SYMLINK_OUTSIDE_PROJECT,
    &temps::STALE,
];

/// Look a rule up by id (for ids that arrive as text: config, comments,
/// findings made by draft-core).
#[must_use]
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// Every rule id, in table order.
#[must_use]
pub fn ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{By, Check};

    #[test]
    fn ids_are_unique_kebab_case_and_prefixed_by_a_family_word() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.id);
        }
    }

    #[test]
    fn every_row_runs_somewhere() {
        for r in RULES {
            match r.check {
                Check::Doc(_) => assert!(!r.applies_to.is_empty(), "{} runs per document on no kind", r.id),
                Check::Reported(By::Rule(by)) => {
                    assert!(
                        matches!(by.check, Check::Doc(_) | Check::Track(_) | Check::Project(_)),
                        "{} reported by {}",
                        r.id,
                        by.id
                    );
                    assert!(rule_info(by.id).is_some(), "{} is reported by an unlisted rule", r.id);
                }
                Check::Track(_) | Check::Project(_) | Check::Reported(_) => {}
            }
        }
    }

    /// Every rule id draft-core and draft-model write on the findings they
    /// make (`Diagnostic::file("id", …)`, read from their sources): the
    /// runner gives each the table's severity, so each must be a row — a new
    /// loader finding without one fails here, not silently at run time.
    #[test]
    fn every_rule_the_loader_reports_is_a_row() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("read source dir") {
                let path = entry.expect("entry").path();
                // `draft index` reports its findings in its own report; check never sees them.
                if path.is_dir() && path.ends_with("engine/index") {
                    continue;
                }
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("read source");
                    for (i, _) in text.match_indices("Diagnostic::file(") {
                        let rest = text[i + "Diagnostic::file(".len()..].trim_start();
                        if let Some(lit) = rest.strip_prefix('"')
                            && let Some(end) = lit.find('"')
                            && end > 1
                        {
                            out.push(lit[..end].to_owned());
                        }
                    }
                }
            }
        }
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut ids = Vec::new();
        walk(&crates.join("draft-core/src"), &mut ids);
        walk(&crates.join("draft-model/src"), &mut ids);
        assert!(ids.iter().any(|id| id == "registry-entry-id"), "the scan finds the loader's ids: {ids:?}");
        for id in ids {
            assert!(rule_info(&id).is_some(), "draft-core reports {id:?}, which has no row in the rule table");
        }
    }
}
