//! Rules about reading the project at all: unreadable documents and the
//! `[check]` config.
//!
//! These findings come from reading, not from a check function: the tree
//! loader and the document reader report files that are not UTF-8 text,
//! and the config reader reports a config.toml that does not parse or a
//! `disable` entry naming no rule. The rows live here so that their
//! severity, like every rule's, is the table's.

use crate::rule::{By, Check, NONE, RuleInfo};
use draft_model::diagnostic::Severity::{Error as E, Warning as W};

/// `config-unknown-rule`
pub static CONFIG_UNKNOWN_RULE: RuleInfo = RuleInfo {
    id: "config-unknown-rule",
    family: "config",
    default_severity: W,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::Config),
    rationale: "every id in `[check] disable` names a real rule, so a typo does not silently keep a rule on",
};

/// `config-invalid`
pub static CONFIG_INVALID: RuleInfo = RuleInfo {
    id: "config-invalid",
    family: "config",
    default_severity: E,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::Config),
    rationale: "draft/config.toml parses and `[check]` has the expected keys and types",
};

/// `unreadable`
pub static UNREADABLE: RuleInfo = RuleInfo {
    id: "unreadable",
    family: "io",
    default_severity: E,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::Reader),
    rationale: "a document could not be read as UTF-8 text",
};
