//! `draft adr new "<title>"`: a new ADR with the next number.
//!
//! The number is one more than the highest ever issued (see
//! [`super::highest_issued`]), the file name is that number in three digits
//! and the title in kebab case, and the file starts with the pinned
//! frontmatter followed by the ADR skeleton (FORMATS.md §8): status
//! Proposed, today's date, and a slot in every section for the author to
//! fill. Numbering and writing happen under the project lock, so two agents
//! creating ADRs at once get different numbers. The index is refreshed when
//! `draft/adrs/README.md` carries its markers.

use super::{Collection, highest_issued, index, refs, writable_dir};
use crate::clock;
use crate::error::{Error, Result};
use crate::manifest;
use crate::workspace::Workspace;
use draft_model::{slug, templates};
use serde::Serialize;

/// What `adr new` created.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewAdrReport {
    /// The number given out.
    pub number: u32,
    /// `ADR-004`.
    pub id: String,
    /// The title as written into the heading.
    pub title: String,
    /// Always `Proposed`.
    pub status: String,
    /// Today, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// The new file, relative to the project root.
    pub path: String,
    /// The index file when it was refreshed, else null.
    pub index: Option<String>,
    /// Notes about git state (frontmatter fields left empty).
    pub warnings: Vec<String>,
}

/// Create ADR "`title`" in the project.
pub fn new_adr(ws: &Workspace, title: &str) -> Result<NewAdrReport> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(Error::Usage(
            "the ADR title is empty; name the decision, e.g. `draft adr new \"Use PostgreSQL for the ledger\"`"
                .to_owned(),
        ));
    }
    let dir = writable_dir(ws)?;
    let _lock = ws.lock()?;
    let coll = Collection::load(&dir, &ws.root)?;
    let number = highest_issued(ws, &coll) + 1;
    let slug = match slug::slugify(&title) {
        s if s.is_empty() => "decision".to_owned(),
        s => s,
    };
    let path = dir.join(format!("{number:03}-{slug}.md"));
    let now = ws.now();
    let project = manifest::project_name(&ws.root);
    let (block, warnings) = super::super::stamp(&ws.git(), &project, "draft:adr", None, now);
    let id = refs::adr_id(number);
    let date = clock::date(now);
    // Tokens first, the title last: a title holding `{DATE}` stays as typed.
    let body = templates::fill(templates::ADR, &[("ADR_ID", &id), ("DATE", &date)]).replacen("{TITLE}", &title, 1);
    let text = format!("{}\n{body}", block.render());
    ws.write(&path, text.as_bytes())?;
    let index = index::refresh_if_marked(ws, &dir)?;
    Ok(NewAdrReport { number, id, title, status: "Proposed".to_owned(), date, path: ws.rel(&path), index, warnings })
}
