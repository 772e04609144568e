//! The static table of every rule `draft check` knows.
//!
//! One table drives `draft check --list-rules`, the validation of
//! `[check] disable = [...]` in `config.toml`, the SARIF `rules` array and
//! the README. Each entry names the rule id (kebab-case, prefixed by its
//! family), the family, the default severity and a one-line rationale.

use draft_model::diagnostic::Severity;
use serde::Serialize;

/// What `draft check` knows about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleInfo {
    /// Stable kebab-case id, e.g. `risk-score`.
    pub id: &'static str,
    /// The family the rule belongs to, e.g. `risk`.
    pub family: &'static str,
    /// Severity before `--strict`.
    pub default_severity: Severity,
    /// Why the rule exists, in one line.
    pub rationale: &'static str,
    /// Whether `--fix` repairs it mechanically.
    pub fixable: bool,
}

const fn rule(
    id: &'static str,
    family: &'static str,
    default_severity: Severity,
    fixable: bool,
    rationale: &'static str,
) -> RuleInfo {
    RuleInfo { id, family, default_severity, rationale, fixable }
}

use Severity::{Error as E, Info as I, Warning as W};

/// Every rule, grouped by family.
pub const RULES: &[RuleInfo] = &[
    rule(
        "frontmatter-missing",
        "frontmatter",
        W,
        false,
        "every document draft generates under draft/ starts with the pinned block (FORMATS.md §1); Conductor trees are exempt",
    ),
    rule(
        "frontmatter-yaml",
        "frontmatter",
        E,
        false,
        "a frontmatter block that does not parse hides every other key from tools",
    ),
    rule(
        "frontmatter-key",
        "frontmatter",
        E,
        false,
        "required keys are present with the right type (strings, `dirty` a boolean, `track_id` in track documents)",
    ),
    rule(
        "frontmatter-commit",
        "frontmatter",
        E,
        false,
        "`git.commit` and `synced_to_commit` are 40 hex digits naming a commit that exists in the repository",
    ),
    rule(
        "frontmatter-commit-short",
        "frontmatter",
        E,
        true,
        "`git.commit_short` is a prefix of `git.commit`, or readers see two different commits",
    ),
    rule(
        "frontmatter-date",
        "frontmatter",
        E,
        false,
        "`generated_at` is an ISO 8601 timestamp with an offset, so freshness can be computed",
    ),
    rule("placeholder-unfilled", "placeholders", E, false, "a `{UPPER_CASE}` template token was never filled in"),
    rule(
        "placeholder-intake",
        "placeholders",
        W,
        false,
        "`[To be developed …]`, `[pending]` or `_TBD_` left in a spec whose status is past drafting (budget: `[check] placeholder_budget`)",
    ),
    rule("spec-missing", "spec", W, false, "a track without spec.md has no agreed scope; reported once per track"),
    rule(
        "spec-section-missing",
        "spec",
        W,
        false,
        "the seed template's `##` sections are present (unknown extra sections are fine)",
    ),
    rule(
        "spec-section-order",
        "spec",
        W,
        false,
        "the seed template's sections appear in the seed's order, so readers and agents find them",
    ),
    rule(
        "spec-acceptance-format",
        "spec",
        W,
        false,
        "acceptance criteria are checkbox items or a table with a test id column, so they can be ticked off and traced",
    ),
    rule("risk-range", "risk", E, false, "risk Probability and Impact are integers from 1 to 5"),
    rule("risk-score", "risk", E, false, "a risk's Score equals Probability × Impact"),
    rule("risk-mitigation", "risk", E, false, "a risk scoring 9 or more has a non-empty Mitigation"),
    rule(
        "approval-gate",
        "gates",
        W,
        false,
        "work started (a task `[~]`/`[x]`) while a spec approval gate is still unchecked",
    ),
    rule(
        "plan-unknown-marker",
        "plan",
        E,
        false,
        "task markers are `[ ]`, `[~]`, `[x]` or `[!]`; anything else (`[-]`, `[/]`) is counted as pending and is probably a mistake",
    ),
    rule(
        "plan-task-outside-phase",
        "plan",
        W,
        false,
        "a task above the first phase heading of a phased plan is not counted in any phase",
    ),
    rule(
        "plan-duplicate-label",
        "plan",
        E,
        false,
        "two tasks with the same label (`Task 1.2`) make references ambiguous",
    ),
    rule(
        "plan-missing-sha",
        "plan",
        W,
        false,
        "a done task records its commit SHA when workflow.md asks for a commit per task (a line mentioning \"commit per task\", \"commit after each/every task\" or \"one commit per task\"); a phase `[checkpoint: sha]` covers its tasks",
    ),
    rule(
        "plan-unknown-sha",
        "plan",
        E,
        false,
        "a SHA recorded in plan.md (task or checkpoint) names a commit that exists in the repository",
    ),
    rule("plan-missing", "plan", W, false, "a track folder without plan.md cannot be counted"),
    rule(
        "consistency",
        "consistency",
        E,
        true,
        "metadata.json and the registry agree with plan.md (the same engine as `draft sync --check`)",
    ),
    rule("metadata-json", "consistency", E, false, "metadata.json parses as a JSON object"),
    rule("registry-missing", "consistency", W, false, "the track registry (tracks.md) exists"),
    rule(
        "registry-entry-id",
        "consistency",
        W,
        false,
        "every registry entry names a track id that is a safe folder name",
    ),
    rule("registry-duplicate", "consistency", W, false, "a track id is listed once in the registry"),
    rule("registry-missing-folder", "consistency", W, false, "every registry entry has a track folder"),
    rule("registry-missing-entry", "consistency", W, false, "every track folder has a registry entry"),
    rule(
        "staleness",
        "staleness",
        I,
        false,
        "`synced_to_commit` is behind HEAD by more than `[check] staleness_threshold` commits that touched files outside the context directory",
    ),
    rule(
        "citation-missing-file",
        "citations",
        E,
        false,
        "a `path/file.ext:LINE` citation names a file that exists at HEAD",
    ),
    rule("citation-line-range", "citations", E, false, "a cited line or `A-B` range lies inside the file at HEAD"),
    rule("adr-numbering", "adr", W, false, "ADR numbers are unique, gap-free and match the `# ADR-NNN` heading"),
    rule("adr-superseded", "adr", E, false, "a superseded ADR names a successor (`Superseded by ADR-MMM`) that exists"),
    rule(
        "whitespace-trailing",
        "style",
        I,
        true,
        "trailing spaces and tabs (a two-space hard break is kept); `--fix` removes them",
    ),
    rule(
        "config-unknown-rule",
        "config",
        W,
        false,
        "every id in `[check] disable` names a real rule, so a typo does not silently keep a rule on",
    ),
    rule(
        "config-invalid",
        "config",
        E,
        false,
        "draft/config.toml parses and `[check]` has the expected keys and types",
    ),
    rule(
        "git-unavailable",
        "git",
        I,
        false,
        "git-dependent checks (SHAs, staleness) were skipped because the tree is not in a git repository; reported once",
    ),
    rule("unreadable", "io", E, false, "a document could not be read as UTF-8 text"),
];

/// Look a rule up by id.
#[must_use]
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.id);
        }
    }
}
