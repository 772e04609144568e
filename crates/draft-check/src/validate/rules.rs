//! The `draft validate` rule catalogue: one typed row per rule, in the
//! order `draft validate --list-rules` prints them, each with why it
//! exists. Rows are the same [`RuleInfo`] type as `draft check`'s, so the
//! findings, `--list-rules` JSON and SARIF rule list share one shape; the
//! scanners in `scan` and `files` name them by these statics.

use crate::rule::{By, Check, NONE, RuleInfo};
use draft_model::diagnostic::Severity;

const fn row(id: &'static str, family: &'static str, severity: Severity, rationale: &'static str) -> RuleInfo {
    RuleInfo {
        id,
        family,
        default_severity: severity,
        rationale,
        fixable: false,
        applies_to: NONE,
        check: Check::Reported(By::Validate),
    }
}

/// A key in a format a provider issues (AWS, GitHub, Slack, Google, Stripe, a PEM private key).
pub static SECRET_KEY: RuleInfo = row(
    "secret-key",
    "secret",
    Severity::Error,
    "an added line holds a credential in a format a provider issues (AWS AKIA…, GitHub ghp_/github_pat_, Slack xox?-, Google AIza…, Stripe sk_live_, a PEM private key): once pushed it must be revoked",
);

/// `password = "…"` and friends with a literal value.
pub static SECRET_ASSIGNMENT: RuleInfo = row(
    "secret-assignment",
    "secret",
    Severity::Error,
    "an added line assigns a literal to a name like password, secret, api_key or token: credentials belong in the environment or a secret store",
);

/// A long random-looking token.
pub static SECRET_ENTROPY: RuleInfo = row(
    "secret-entropy",
    "secret",
    Severity::Warning,
    "an added line holds a long high-entropy base64 or hex token, the shape of a key or password (lock files and hashes are not reported)",
);

/// Debugging output left in.
pub static DEBUG_PRINT: RuleInfo = row(
    "debug-print",
    "debug",
    Severity::Warning,
    "an added line leaves debugging in: Rust dbg!, JS/TS console.log/console.debug/debugger, Python breakpoint()/pdb and print() outside scripts and tests, Go fmt.Print* outside package main and tests, Java System.out.print",
);

/// A TODO or FIXME with no issue to track it.
pub static TODO_WITHOUT_ISSUE: RuleInfo = row(
    "todo-without-issue",
    "todo",
    Severity::Warning,
    "an added TODO or FIXME names no issue (TODO(#123), TODO(PROJ-12) or a URL): untracked work is forgotten work",
);

/// A dependency added to a manifest that tech-stack.md does not name.
pub static DEPENDENCY_UNLISTED: RuleInfo = row(
    "dependency-unlisted",
    "dependency",
    Severity::Warning,
    "a dependency added to a manifest is not named in tech-stack.md: the stack document is where the team agrees what the project builds on",
);

/// A changed file over the size limit.
pub static FILE_TOO_LARGE: RuleInfo = row(
    "file-too-large",
    "file",
    Severity::Error,
    "a changed file is larger than the limit (1 MB unless `[validate] max_file_size` says otherwise; lock files excepted): large blobs bloat every clone",
);

/// A test file the change deleted.
pub static TEST_DELETED: RuleInfo = row(
    "test-deleted",
    "test",
    Severity::Warning,
    "the change deletes a test file: a lost test is lost coverage unless it moved or was replaced",
);

/// A test the change marks as skipped.
pub static TEST_SKIPPED: RuleInfo = row(
    "test-skipped",
    "test",
    Severity::Warning,
    "an added line skips a test (#[ignore], @pytest.mark.skip, @unittest.skip, it.skip/describe.skip/test.skip, xit/xdescribe, t.Skip(, @Disabled/@Ignore): a skipped test passes while proving nothing",
);

/// A problem with the `[validate]` table of config.toml.
pub static CONFIG: RuleInfo = row(
    "validate-config",
    "validate",
    Severity::Warning,
    "the [validate] table of draft/config.toml has an unknown key, rule id or severity; the defaults apply for it",
);

/// Every `draft validate` rule, in `--list-rules` order.
pub static VALIDATE_RULES: &[&RuleInfo] = &[
    &SECRET_KEY,
    &SECRET_ASSIGNMENT,
    &SECRET_ENTROPY,
    &DEBUG_PRINT,
    &TODO_WITHOUT_ISSUE,
    &DEPENDENCY_UNLISTED,
    &FILE_TOO_LARGE,
    &TEST_DELETED,
    &TEST_SKIPPED,
    &CONFIG,
];

/// The catalogue's row for `id`.
#[must_use]
pub fn validate_rule(id: &str) -> Option<&'static RuleInfo> {
    VALIDATE_RULES.iter().copied().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::VALIDATE_RULES;
    use crate::rules::RULES;

    #[test]
    fn ids_are_unique_kebab_case_prefixed_by_their_family_and_apart_from_check() {
        for (i, r) in VALIDATE_RULES.iter().enumerate() {
            assert!(r.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", r.id);
            assert!(r.id.starts_with(&format!("{}-", r.family)), "{} / {}", r.id, r.family);
            assert!(VALIDATE_RULES[i + 1..].iter().all(|o| o.id != r.id), "duplicate {}", r.id);
            assert!(RULES.iter().all(|c| c.id != r.id), "{} is also a check rule", r.id);
        }
    }
}
