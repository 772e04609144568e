//! Frontmatter rules: the pinned block is present where FORMATS.md §1 says,
//! parses, has its required keys with the right types, and its commits are
//! well-formed (40 hex, `commit_short` a prefix) and exist in the repository.
//!
//! The YAML is read untyped (so a quoted `"false"` is told apart from a
//! boolean) and keys are located by a line lookup inside the block.

use super::{Ctx, Doc, DocKind, Request, diag};
use draft_core::workspace::Layout;
use draft_model::diagnostic::Diagnostic;
use draft_model::frontmatter::{self, FrontmatterBlock};
use draft_model::text;
use serde_json::{Map, Value};

const TOP_STRINGS: &[&str] = &["project", "module", "generated_by", "generated_at", "synced_to_commit"];
const GIT_STRINGS: &[&str] = &["branch", "remote", "commit", "commit_short", "commit_date", "commit_message"];

/// Check one document's frontmatter.
pub fn check(ctx: &Ctx<'_>, doc: &Doc, out: &mut Vec<Diagnostic>, req: &mut Vec<Request>) {
    if doc.kind == DocKind::Adr {
        return;
    }
    let Some(block) = frontmatter::locate(&doc.src) else {
        if frontmatter::is_unclosed(&doc.src) {
            out.push(
                diag("frontmatter-yaml", &doc.rel, "the frontmatter block opened on line 1 is never closed")
                    .at(1, 1)
                    .with_hint("add a line with `---` after the last frontmatter key"),
            );
        } else if ctx.ws.layout == Layout::Draft {
            out.push(
                diag("frontmatter-missing", &doc.rel, "this document has no pinned frontmatter block")
                    .at(1, 1)
                    .with_hint("start the file with the pinned `---` block of FORMATS.md §1 (`draft new-track` and `draft init --force` write it for new files)"),
            );
        }
        return;
    };
    let yaml = &doc.src[block.yaml.clone()];
    if yaml.trim().is_empty() {
        out.push(diag("frontmatter-key", &doc.rel, "the frontmatter block is empty").at(1, 1));
        return;
    }
    // One YAML parse per document: the untyped value drives every key check,
    // and the typed parser runs only when it must word an error (syntax, or a
    // value of the wrong type for the pinned block).
    let map = match serde_saphyr::from_str::<Value>(yaml) {
        Ok(Value::Object(map)) => {
            if !typed_fields_fit(&map)
                && let Err(d) = frontmatter::parse(&doc.src, &block, &doc.rel)
            {
                out.push(*d);
                return;
            }
            map
        }
        Err(_) => {
            if let Err(d) = frontmatter::parse(&doc.src, &block, &doc.rel) {
                out.push(*d);
            }
            return;
        }
        Ok(_) => {
            out.push(diag("frontmatter-key", &doc.rel, "the frontmatter is not a mapping of keys").at(1, 1));
            return;
        }
    };
    let keys = KeyLocator { src: &doc.src, block: &block };
    let track_doc = matches!(doc.kind, DocKind::Spec | DocKind::Plan);
    let mut required: Vec<&str> = TOP_STRINGS.to_vec();
    if track_doc {
        required.insert(2, "track_id");
    }
    for key in required {
        check_string(&map, key, None, &keys, doc, out);
    }
    let git = match map.get("git") {
        Some(Value::Object(git)) => Some(git),
        Some(_) => {
            out.push(keys.diag("frontmatter-key", doc, None, "git", "`git` must be a mapping"));
            None
        }
        None => {
            out.push(missing(doc, "git"));
            None
        }
    };
    if let Some(git) = git {
        for key in GIT_STRINGS {
            check_string(git, key, Some("git"), &keys, doc, out);
        }
        match git.get("dirty") {
            Some(Value::Bool(_)) => {}
            Some(other) => out.push(
                keys.diag(
                    "frontmatter-key",
                    doc,
                    Some("git"),
                    "dirty",
                    format!("`git.dirty` must be a boolean, found {other}"),
                )
                .with_hint("write `dirty: false` or `dirty: true` without quotes"),
            ),
            None => out.push(missing(doc, "git.dirty")),
        }
        check_commit(git.get("commit"), "git.commit", Some("git"), "commit", &keys, doc, out, req);
        if let (Some(Value::String(commit)), Some(Value::String(short))) = (git.get("commit"), git.get("commit_short"))
            && !short.is_empty()
            && !commit.is_empty()
            && !commit.starts_with(short.as_str())
        {
            out.push(
                keys.diag(
                    "frontmatter-commit-short",
                    doc,
                    Some("git"),
                    "commit_short",
                    format!("`git.commit_short` {short:?} is not a prefix of `git.commit` {commit:?}"),
                )
                .with_hint("`draft check --fix` rewrites it from `git.commit`"),
            );
        }
    }
    check_commit(map.get("synced_to_commit"), "synced_to_commit", None, "synced_to_commit", &keys, doc, out, req);
    if let Some(Value::String(sha)) = map.get("synced_to_commit")
        && is_full_sha(sha)
    {
        let (line, column) = keys.position(None, "synced_to_commit");
        req.push(Request::Synced { sha: sha.clone(), file: doc.rel.clone(), line, column });
    }
    if let Some(Value::String(at)) = map.get("generated_at")
        && at.trim().parse::<jiff::Timestamp>().is_err()
    {
        out.push(
            keys.diag(
                "frontmatter-date",
                doc,
                None,
                "generated_at",
                format!("`generated_at` {at:?} is not an ISO 8601 timestamp"),
            )
            .with_hint("use UTC with a `Z`, e.g. \"2026-02-14T22:53:30Z\""),
        );
    }
}

fn missing(doc: &Doc, key: &str) -> Diagnostic {
    diag("frontmatter-key", &doc.rel, format!("the frontmatter has no `{key}` key"))
        .at(1, 1)
        .with_hint("add it where FORMATS.md §1 puts it in the pinned block")
}

/// True when the typed `Frontmatter` certainly accepts these values (every
/// pinned key absent, null or of its own type). When this says no, the typed
/// parser decides, since it also accepts some other scalars.
fn typed_fields_fit(map: &serde_json::Map<String, Value>) -> bool {
    let stringish = |v: Option<&Value>| matches!(v, None | Some(Value::Null | Value::String(_)));
    let top = ["project", "module", "track_id", "generated_by", "generated_at", "synced_to_commit"];
    if !top.iter().all(|k| stringish(map.get(*k))) {
        return false;
    }
    match map.get("git") {
        None | Some(Value::Null) => true,
        Some(Value::Object(git)) => {
            GIT_STRINGS.iter().all(|k| stringish(git.get(*k)))
                && matches!(git.get("dirty"), None | Some(Value::Null | Value::Bool(_)))
        }
        Some(_) => false,
    }
}

fn check_string(
    map: &Map<String, Value>,
    key: &str,
    parent: Option<&str>,
    keys: &KeyLocator<'_>,
    doc: &Doc,
    out: &mut Vec<Diagnostic>,
) {
    let full = parent.map_or_else(|| key.to_owned(), |p| format!("{p}.{key}"));
    match map.get(key) {
        Some(Value::String(_)) => {}
        Some(other) => out.push(
            keys.diag("frontmatter-key", doc, parent, key, format!("`{full}` must be a string, found {other}"))
                .with_hint("quote the value with double quotes"),
        ),
        None => out.push(missing(doc, &full)),
    }
}

#[allow(clippy::too_many_arguments)]
fn check_commit(
    value: Option<&Value>,
    name: &str,
    parent: Option<&str>,
    key: &str,
    keys: &KeyLocator<'_>,
    doc: &Doc,
    out: &mut Vec<Diagnostic>,
    req: &mut Vec<Request>,
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
        out.push(keys.diag("frontmatter-commit", doc, parent, key, message).with_hint(hint));
    } else {
        let d = keys
            .diag("frontmatter-commit", doc, parent, key, format!("`{name}` {sha} does not exist in this repository"))
            .with_hint("the commit may have been rebased away; set it to a commit that exists (`git rev-parse HEAD`) once the document has been reviewed against the code");
        req.push(Request::Commit { sha: sha.clone(), diag: d });
    }
}

/// True for exactly 40 lowercase or uppercase hex digits.
pub fn is_full_sha(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Finds where a key sits inside the YAML block.
pub(super) struct KeyLocator<'a> {
    pub src: &'a str,
    pub block: &'a FrontmatterBlock,
}

impl KeyLocator<'_> {
    /// Byte range of the value of `key` (under `parent` when given), or of the key.
    pub fn value_span(&self, parent: Option<&str>, key: &str) -> Option<std::ops::Range<usize>> {
        let mut in_parent = parent.is_none();
        for line in text::lines_from(self.src, self.block.yaml.start, self.block.yaml_first_line) {
            if line.start >= self.block.yaml.end {
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
                let value = after.trim();
                let value = value.split(" #").next().unwrap_or(value).trim_end();
                if value.is_empty() {
                    let start = line.start + indent;
                    return Some(start..start + key.len());
                }
                let offset = line.text.find(value).unwrap_or(indent);
                let start = line.start + offset;
                return Some(start..start + value.len());
            }
        }
        None
    }

    /// (line, column) of a key's value; (1, 1) when not found.
    pub fn position(&self, parent: Option<&str>, key: &str) -> (usize, usize) {
        self.value_span(parent, key).map_or((1, 1), |s| {
            let d = Diagnostic::file("", crate::Severity::Info, "", "").at_span(self.src, s);
            (d.line, d.column)
        })
    }

    fn diag(
        &self,
        rule: &'static str,
        doc: &Doc,
        parent: Option<&str>,
        key: &str,
        msg: impl Into<String>,
    ) -> Diagnostic {
        let d = diag(rule, &doc.rel, msg);
        match self.value_span(parent, key) {
            Some(span) => d.at_span(self.src, span),
            None => d.at(1, 1),
        }
    }
}
