//! Frontmatter rules: the pinned block is present where FORMATS.md §1 says,
//! parses, has its required keys with the right types, and its commits are
//! well-formed (40 hex, `commit_short` a prefix) and exist in the repository.
//!
//! Each rule reads the block as [`FmState`] computed once per document; a
//! block that is missing, empty or invalid is reported by exactly one rule
//! and the others stay quiet about it.

use crate::context::{Ctx, Deferred, DocInput, Sink, Words};
use crate::docs::{Doc, DocKind};
use crate::front::{FmState, GIT_STRINGS, KeyLocator, is_full_sha};
use crate::rule::{Check, PINNED, RuleInfo};
use draft_core::workspace::Layout;
use draft_model::diagnostic::Diagnostic;
use draft_model::diagnostic::Severity::Error as E;
use draft_model::diagnostic::Severity::Warning as W;
use serde_json::{Map, Value};

/// `frontmatter-missing`
pub static MISSING: RuleInfo = RuleInfo {
    id: "frontmatter-missing",
    family: "frontmatter",
    default_severity: W,
    fixable: false,
    applies_to: PINNED,
    check: Check::Doc(missing),
    rationale: "every document draft generates under draft/ starts with the pinned block (FORMATS.md §1); Conductor trees are exempt",
};

/// `frontmatter-yaml`
pub static YAML: RuleInfo = RuleInfo {
    id: "frontmatter-yaml",
    family: "frontmatter",
    default_severity: E,
    fixable: false,
    applies_to: PINNED,
    check: Check::Doc(yaml),
    rationale: "a frontmatter block that does not parse hides every other key from tools",
};

/// `frontmatter-key`
pub static KEY: RuleInfo = RuleInfo {
    id: "frontmatter-key",
    family: "frontmatter",
    default_severity: E,
    fixable: false,
    applies_to: PINNED,
    check: Check::Doc(key),
    rationale: "required keys are present with the right type (strings, `dirty` a boolean, `track_id` in track documents)",
};

/// `frontmatter-commit`
pub static COMMIT: RuleInfo = RuleInfo {
    id: "frontmatter-commit",
    family: "frontmatter",
    default_severity: E,
    fixable: false,
    applies_to: PINNED,
    check: Check::Doc(commit),
    rationale: "`git.commit` and `synced_to_commit` are 40 hex digits naming a commit that exists in the repository",
};

/// `frontmatter-commit-short`
pub static COMMIT_SHORT: RuleInfo = RuleInfo {
    id: "frontmatter-commit-short",
    family: "frontmatter",
    default_severity: E,
    fixable: true,
    applies_to: PINNED,
    check: Check::Doc(commit_short),
    rationale: "`git.commit_short` is a prefix of `git.commit`, or readers see two different commits",
};

/// `frontmatter-date`
pub static DATE: RuleInfo = RuleInfo {
    id: "frontmatter-date",
    family: "frontmatter",
    default_severity: E,
    fixable: false,
    applies_to: PINNED,
    check: Check::Doc(date),
    rationale: "`generated_at` is an ISO 8601 timestamp with an offset, so freshness can be computed",
};

/// The keys and where to find them, when the block is a mapping.
fn mapping<'a>(input: &'a DocInput<'_>) -> Option<(&'a Map<String, Value>, KeyLocator<'a>)> {
    match input.front() {
        FmState::Map { map, block } => Some((map, KeyLocator { src: &input.doc.src, block })),
        _ => None,
    }
}

fn missing(ctx: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    if matches!(input.front(), FmState::Absent { unclosed: false }) && ctx.ws.layout == Layout::Draft {
        sink.out.push(
            MISSING.diag(&input.doc.rel, "this document has no pinned frontmatter block")
                .at(1, 1)
                .with_hint("start the file with the pinned `---` block of FORMATS.md §1 (`draft new-track` and `draft init --force` write it for new files)"),
        );
    }
}

fn yaml(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    match input.front() {
        FmState::Absent { unclosed: true } => sink.out.push(
            YAML.diag(&input.doc.rel, "the frontmatter block opened on line 1 is never closed")
                .at(1, 1)
                .with_hint("add a line with `---` after the last frontmatter key"),
        ),
        FmState::Invalid(d) => sink.out.push(YAML.adopt((**d).clone())),
        _ => {}
    }
}

fn key(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    match input.front() {
        FmState::Empty => sink.out.push(KEY.diag(&doc.rel, "the frontmatter block is empty").at(1, 1)),
        FmState::NotMapping => sink.out.push(KEY.diag(&doc.rel, "the frontmatter is not a mapping of keys").at(1, 1)),
        FmState::Map { .. } => {}
        _ => return,
    }
    let Some((map, keys)) = mapping(input) else { return };
    let mut required = vec!["project", "module", "generated_by", "generated_at", "synced_to_commit"];
    if matches!(doc.kind, DocKind::Spec | DocKind::Plan) {
        required.insert(2, "track_id");
    }
    for key in required {
        check_string(map, key, None, &keys, doc, sink);
    }
    let git = match map.get("git") {
        Some(Value::Object(git)) => git,
        Some(_) => {
            sink.out.push(keys.place(KEY.diag(&doc.rel, "`git` must be a mapping"), None, "git"));
            return;
        }
        None => {
            sink.out.push(missing_key(doc, "git"));
            return;
        }
    };
    for key in GIT_STRINGS {
        check_string(git, key, Some("git"), &keys, doc, sink);
    }
    match git.get("dirty") {
        Some(Value::Bool(_)) => {}
        Some(other) => sink.out.push(
            keys.place(
                KEY.diag(&doc.rel, format!("`git.dirty` must be a boolean, found {other}")),
                Some("git"),
                "dirty",
            )
            .with_hint("write `dirty: false` or `dirty: true` without quotes"),
        ),
        None => sink.out.push(missing_key(doc, "git.dirty")),
    }
}

fn missing_key(doc: &Doc, key: &str) -> Diagnostic {
    KEY.diag(&doc.rel, format!("the frontmatter has no `{key}` key"))
        .at(1, 1)
        .with_hint("add it where FORMATS.md §1 puts it in the pinned block")
}

fn check_string(
    map: &Map<String, Value>,
    key: &str,
    parent: Option<&str>,
    keys: &KeyLocator<'_>,
    doc: &Doc,
    sink: &mut Sink,
) {
    let full = parent.map_or_else(|| key.to_owned(), |p| format!("{p}.{key}"));
    match map.get(key) {
        Some(Value::String(_)) => {}
        Some(other) => sink.out.push(
            keys.place(KEY.diag(&doc.rel, format!("`{full}` must be a string, found {other}")), parent, key)
                .with_hint("quote the value with double quotes"),
        ),
        None => sink.out.push(missing_key(doc, &full)),
    }
}

fn commit(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some((map, keys)) = mapping(input) else { return };
    let git = match map.get("git") {
        Some(Value::Object(git)) => git.get("commit"),
        _ => None,
    };
    check_commit(git, "git.commit", Some("git"), "commit", &keys, input.doc, sink);
    check_commit(map.get("synced_to_commit"), "synced_to_commit", None, "synced_to_commit", &keys, input.doc, sink);
}

fn check_commit(
    value: Option<&Value>,
    name: &str,
    parent: Option<&str>,
    key: &str,
    keys: &KeyLocator<'_>,
    doc: &Doc,
    sink: &mut Sink,
) {
    let Some(Value::String(sha)) = value else { return };
    let malformed = if sha.is_empty() {
        Some((
            format!("`{name}` is empty (generated outside git or before the first commit)"),
            "set it to a full commit SHA after committing (`git rev-parse HEAD`)",
        ))
    } else if !is_full_sha(sha) {
        Some((format!("`{name}` {sha:?} is not a full 40-hex commit SHA"), "write the full SHA (`git rev-parse HEAD`)"))
    } else {
        None
    };
    if let Some((message, hint)) = malformed {
        sink.out.push(keys.place(COMMIT.diag(&doc.rel, message), parent, key).with_hint(hint));
    } else {
        let placed = keys.place(COMMIT.diag(&doc.rel, String::new()), parent, key);
        sink.ask_commit(&doc.rel, Deferred::new(sha, &placed, name, Words::FrontmatterCommit));
    }
}

fn commit_short(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some((map, keys)) = mapping(input) else { return };
    let Some(Value::Object(git)) = map.get("git") else { return };
    if let (Some(Value::String(commit)), Some(Value::String(short))) = (git.get("commit"), git.get("commit_short"))
        && !short.is_empty()
        && !commit.is_empty()
        && !commit.starts_with(short.as_str())
    {
        let message = format!("`git.commit_short` {short:?} is not a prefix of `git.commit` {commit:?}");
        sink.out.push(
            keys.place(COMMIT_SHORT.diag(&input.doc.rel, message), Some("git"), "commit_short")
                .with_hint("`draft check --fix` rewrites it from `git.commit`"),
        );
    }
}

fn date(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let Some((map, keys)) = mapping(input) else { return };
    if let Some(Value::String(at)) = map.get("generated_at")
        && at.trim().parse::<jiff::Timestamp>().is_err()
    {
        let message = format!("`generated_at` {at:?} is not an ISO 8601 timestamp");
        sink.out.push(
            keys.place(DATE.diag(&input.doc.rel, message), None, "generated_at")
                .with_hint("use UTC with a `Z`, e.g. \"2026-02-14T22:53:30Z\""),
        );
    }
}

/// The `synced_to_commit` of a document, with its position, when it is a full SHA.
pub(crate) fn synced_to(input: &DocInput<'_>) -> Option<(String, usize, usize)> {
    let (map, keys) = mapping(input)?;
    let Some(Value::String(sha)) = map.get("synced_to_commit") else { return None };
    if !is_full_sha(sha) {
        return None;
    }
    let (line, column) = keys.position(None, "synced_to_commit");
    Some((sha.clone(), line, column))
}
