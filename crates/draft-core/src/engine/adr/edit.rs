//! `draft adr supersede N --by M`, `draft adr link N M --kind K` and
//! `draft adr status N <state>`: the status and relation lines that tie ADRs
//! together, written on both sides.
//!
//! Supersede replaces only the old ADR's status value (`Superseded by
//! ADR-M`) and gives the new one a `Supersedes ADR-N` relation. Link gives N
//! a `K ADR-M` relation and M the reverse one (`Amends` ↔ `Amended by`).
//! A relation goes where the file keeps them: appended to an existing field
//! of the same kind (`**Amends:** ADR-003, ADR-005`), else as a new field
//! line at the end of the `**Status:**`/`**Date:**` block, else (an
//! adr-tools style file) as a line at the end of its `## Status` section.
//! Asking again for what is already there changes nothing. Both files are
//! edited through byte ranges and written atomically under the project
//! lock; if the second write fails the first file is put back.

use super::doc::{AdrDoc, StatusForm};
use super::refs::AdrState;
use super::{Collection, Entry, index, refs, writable_dir};
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use draft_model::edit::{self, Edit};
use draft_model::frontmatter::yaml_quote;
use draft_model::text;
use serde::Serialize;
use std::path::PathBuf;

/// Which verb ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AdrAction {
    /// `adr supersede`.
    Supersede,
    /// `adr link`.
    Link,
    /// `adr status`.
    Status,
}

/// One side of a change.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdrEdit {
    /// The ADR edited.
    pub number: u32,
    /// Its file, relative to the project root.
    pub path: String,
    /// What it now says, e.g. `Status: Superseded by ADR-004` or `Amends ADR-003`.
    pub now: String,
    /// Its text before, for a status change (null for a relation).
    pub was: Option<String>,
    /// False when the file already said so and was left alone.
    pub changed: bool,
}

/// What `adr supersede` or `adr link` did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdrChangeReport {
    /// The verb.
    pub action: AdrAction,
    /// The files edited: for supersede and link both sides, the first-named ADR first.
    pub edits: Vec<AdrEdit>,
    /// The index file when it was refreshed, else null.
    pub index: Option<String>,
}

/// Relation kinds and their reverse, both ways round.
const REVERSES: &[(&str, &str)] = &[
    ("Amends", "Amended by"),
    ("Extends", "Extended by"),
    ("Clarifies", "Clarified by"),
    ("Refines", "Refined by"),
    ("Implements", "Implemented by"),
    ("Depends on", "Required by"),
    ("Relates to", "Relates to"),
];

/// The reverse of a known relation kind (`Amends` → `Amended by`, and back).
#[must_use]
pub fn reverse_of(kind: &str) -> Option<&'static str> {
    REVERSES.iter().find_map(|(a, b)| {
        if a.eq_ignore_ascii_case(kind) {
            Some(*b)
        } else if b.eq_ignore_ascii_case(kind) {
            Some(*a)
        } else {
            None
        }
    })
}

/// The kinds `reverse_of` knows, for messages.
#[must_use]
pub fn known_kinds() -> String {
    REVERSES.iter().map(|(a, b)| format!("{a} / {b}")).collect::<Vec<_>>().join(", ")
}

/// Mark ADR `old` superseded by ADR `new`.
pub fn supersede(ws: &Workspace, old: u32, new: u32) -> Result<AdrChangeReport> {
    if old == new {
        return Err(Error::Usage(format!("an ADR cannot supersede itself ({})", refs::adr_id(old))));
    }
    let dir = writable_dir(ws)?;
    let _lock = ws.lock()?;
    let coll = Collection::load(&dir, &ws.root)?;
    let (a, b) = (editable(&coll, old, ws)?, editable(&coll, new, ws)?);
    if b.doc.superseded_by == Some(old) {
        return Err(Error::InvalidState(format!(
            "{} is itself superseded by {}; they cannot supersede each other",
            refs::adr_id(new),
            refs::adr_id(old)
        )));
    }
    let target = format!("Superseded by {}", refs::adr_id(new));
    let status_edit = match a.doc.superseded_by {
        Some(n) if n == new => None,
        Some(n) => {
            return Err(Error::InvalidState(format!(
                "{} is already superseded by {}; supersede {} instead, or record a new decision that supersedes both",
                refs::adr_id(old),
                refs::adr_id(n),
                refs::adr_id(n)
            )));
        }
        None => Some(status_edit(ws, a, &target)?),
    };
    let was = a.doc.status.as_ref().map(|s| s.text.clone());
    let rel_edit = relation_edit(ws, b, "Supersedes", old)?;
    let edits = vec![
        AdrEdit {
            number: old,
            path: ws.rel(&a.path),
            now: format!("Status: {target}"),
            was,
            changed: status_edit.is_some(),
        },
        AdrEdit {
            number: new,
            path: ws.rel(&b.path),
            now: format!("Supersedes {}", refs::adr_id(old)),
            was: None,
            changed: rel_edit.is_some(),
        },
    ];
    write_all(ws, &[(a, status_edit), (b, rel_edit)])?;
    let index = index::refresh_if_marked(ws, &dir)?;
    Ok(AdrChangeReport { action: AdrAction::Supersede, edits, index })
}

/// Relate ADR `from` to ADR `to` with `kind`, and `to` back with `reverse`
/// (by default the known reverse of `kind`).
pub fn link(ws: &Workspace, from: u32, to: u32, kind: &str, reverse: Option<&str>) -> Result<AdrChangeReport> {
    if from == to {
        return Err(Error::Usage(format!("an ADR cannot be linked to itself ({})", refs::adr_id(from))));
    }
    let kind = checked_kind(kind)?;
    let reverse = match reverse {
        Some(r) => checked_kind(r)?,
        None => reverse_of(&kind).map(str::to_owned).ok_or_else(|| {
            Error::Usage(format!(
                "draft does not know the reverse of {kind:?}; pass --reverse (known kinds: {})",
                known_kinds()
            ))
        })?,
    };
    let dir = writable_dir(ws)?;
    let _lock = ws.lock()?;
    let coll = Collection::load(&dir, &ws.root)?;
    let (a, b) = (editable(&coll, from, ws)?, editable(&coll, to, ws)?);
    let (ea, eb) = (relation_edit(ws, a, &kind, to)?, relation_edit(ws, b, &reverse, from)?);
    let edits = vec![
        AdrEdit {
            number: from,
            path: ws.rel(&a.path),
            now: format!("{kind} {}", refs::adr_id(to)),
            was: None,
            changed: ea.is_some(),
        },
        AdrEdit {
            number: to,
            path: ws.rel(&b.path),
            now: format!("{reverse} {}", refs::adr_id(from)),
            was: None,
            changed: eb.is_some(),
        },
    ];
    write_all(ws, &[(a, ea), (b, eb)])?;
    let index = index::refresh_if_marked(ws, &dir)?;
    Ok(AdrChangeReport { action: AdrAction::Link, edits, index })
}

/// Set ADR `n`'s status to `state` (Proposed, Accepted, Deprecated or
/// Rejected); a superseded ADR stays superseded.
pub fn set_status(ws: &Workspace, n: u32, state: AdrState) -> Result<AdrChangeReport> {
    let Some(word) = state.word().filter(|_| state != AdrState::Superseded) else {
        return Err(Error::Usage(
            "set Proposed, Accepted, Deprecated or Rejected; supersession is `draft adr supersede N --by M`".to_owned(),
        ));
    };
    let dir = writable_dir(ws)?;
    let _lock = ws.lock()?;
    let coll = Collection::load(&dir, &ws.root)?;
    let e = editable(&coll, n, ws)?;
    if let Some(m) = e.doc.superseded_by {
        return Err(Error::InvalidState(format!(
            "{} is superseded by {}; a superseded decision keeps that status",
            refs::adr_id(n),
            refs::adr_id(m)
        )));
    }
    let was = e.doc.status.as_ref().map(|s| s.text.clone());
    let ed = if was.as_deref() == Some(word) { None } else { Some(status_edit(ws, e, word)?) };
    let edits =
        vec![AdrEdit { number: n, path: ws.rel(&e.path), now: format!("Status: {word}"), was, changed: ed.is_some() }];
    write_all(ws, &[(e, ed)])?;
    let index = index::refresh_if_marked(ws, &dir)?;
    Ok(AdrChangeReport { action: AdrAction::Status, edits, index })
}

/// A relation kind as typed: words of letters, spaces and hyphens; not the
/// supersede pair, which has its own verb because it changes the status.
fn checked_kind(kind: &str) -> Result<String> {
    let k = kind.split_whitespace().collect::<Vec<_>>().join(" ");
    if k.is_empty() || k.len() > 40 || !k.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-') {
        return Err(Error::Usage(format!(
            "{kind:?} is not a relation kind: use a few words of letters, e.g. \"Amends\" or \"Relates to\""
        )));
    }
    if k.to_ascii_lowercase().starts_with("supersede") {
        return Err(Error::Usage(
            "supersession changes the status line: use `draft adr supersede N --by M`".to_owned(),
        ));
    }
    Ok(k)
}

/// The entry numbered `n`, refused when its frontmatter is never closed
/// (where its body starts is then a guess).
fn editable<'a>(coll: &'a Collection, n: u32, ws: &Workspace) -> Result<&'a Entry> {
    let e = coll.find(n, &ws.root)?;
    if e.doc.unclosed_frontmatter {
        return Err(Error::Malformed {
            file: ws.rel(&e.path),
            line: 1,
            message: "the frontmatter block is never closed, so draft cannot tell where the ADR starts".to_owned(),
        });
    }
    Ok(e)
}

/// Replace the status value with `value`.
fn status_edit(ws: &Workspace, e: &Entry, value: &str) -> Result<Edit> {
    let Some(status) = &e.doc.status else {
        return Err(Error::Malformed {
            file: ws.rel(&e.path),
            line: 0,
            message: "no status found; write `**Status:** Accepted` (or Proposed) under the title first".to_owned(),
        });
    };
    let text = if status.form == StatusForm::Frontmatter { yaml_quote(value) } else { value.to_owned() };
    Ok(Edit::replace(status.value.clone(), text))
}

/// The edit that adds relation `kind` → `target`, or `None` when it is there.
fn relation_edit(ws: &Workspace, e: &Entry, kind: &str, target: u32) -> Result<Option<Edit>> {
    let d: &AdrDoc = &e.doc;
    let id = refs::adr_id(target);
    let same_kind = |k: &str| k.eq_ignore_ascii_case(kind);
    if d.relations.iter().any(|r| same_kind(&r.kind) && r.target == target) {
        return Ok(None);
    }
    let eol = text::line_ending(&d.src);
    if let Some(at) = d.relations.iter().filter(|r| same_kind(&r.kind)).find_map(|r| r.append_at) {
        return Ok(Some(Edit::insert(at, format!(", {id}"))));
    }
    let lead = |at: usize| if at > 0 && !d.src[..at].ends_with(['\n', '\r']) { eol } else { "" };
    if let Some(at) = d.fields_end {
        return Ok(Some(Edit::insert(at, format!("{}**{kind}:** {id}{eol}", lead(at)))));
    }
    if let Some(section) = &d.status_section {
        let at = section.content_end;
        return Ok(Some(Edit::insert(at, format!("{}{eol}{kind} {id}{eol}", lead(at)))));
    }
    if let Some(title) = &d.title_range {
        let at = title.end;
        return Ok(Some(Edit::insert(at, format!("{}{eol}**{kind}:** {id}{eol}", lead(at)))));
    }
    Err(Error::Malformed {
        file: ws.rel(&e.path),
        line: 0,
        message: "no title, status line or Status section to put the relation under".to_owned(),
    })
}

/// Apply each file's edit and write them; if a write fails, the files
/// written before it get their old bytes back.
fn write_all(ws: &Workspace, sides: &[(&Entry, Option<Edit>)]) -> Result<()> {
    let mut planned: Vec<(PathBuf, &str, String)> = Vec::new();
    for (e, ed) in sides {
        if let Some(ed) = ed {
            let text = edit::apply(&e.doc.src, vec![ed.clone()])
                .map_err(|source| Error::Edit { path: e.path.clone(), source })?;
            planned.push((e.path.clone(), e.doc.src.as_str(), text));
        }
    }
    for (i, (path, _, text)) in planned.iter().enumerate() {
        if let Err(err) = ws.write(path, text.as_bytes()) {
            for (p, old, _) in &planned[..i] {
                let _ = ws.write(p, old.as_bytes());
            }
            return Err(err);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_reverses() {
        assert_eq!(reverse_of("amends"), Some("Amended by"));
        assert_eq!(reverse_of("Amended by"), Some("Amends"));
        assert_eq!(reverse_of("Relates to"), Some("Relates to"));
        assert_eq!(reverse_of("Blesses"), None);
        assert!(checked_kind("Supersedes").is_err());
        assert!(checked_kind("Amends: x").is_err());
        assert_eq!(checked_kind("  Relates   to ").ok().as_deref(), Some("Relates to"));
    }
}
