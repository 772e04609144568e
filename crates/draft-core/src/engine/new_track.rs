//! `draft new-track`: create a track's spec, plan, metadata and registry entry.
//!
//! The three documents are written into a hidden staging folder under
//! `tracks/`, which is renamed into place only when all of them exist; then
//! the registry gains its entry. If the registry cannot be written the new
//! folder is removed again, so a failed run leaves the tree as it was. The
//! whole operation holds the context directory's lock, so two agents creating
//! tracks at once get distinct ids and both entries.

use crate::clock;
use crate::error::{Error, Result};
use crate::manifest;
use crate::workspace::{self, Layout, TEMP_PREFIX, Workspace};
use draft_model::metadata::{Counter, NewMetadata};
use draft_model::plan::Plan;
use draft_model::registry::{self, Registry};
use draft_model::slug;
use draft_model::templates;
use serde::Serialize;

/// The kind of work a track is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum TrackKind {
    /// New behaviour.
    #[default]
    Feature,
    /// A defect to fix.
    Bugfix,
    /// Structure changes without behaviour changes.
    Refactor,
}

impl TrackKind {
    /// The metadata `type` value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Feature => "feature",
            Self::Bugfix => "bugfix",
            Self::Refactor => "refactor",
        }
    }

    fn plan_template(self) -> &'static str {
        match self {
            Self::Feature => templates::PLAN_FEATURE,
            Self::Bugfix => templates::PLAN_BUGFIX,
            Self::Refactor => templates::PLAN_REFACTOR,
        }
    }
}

/// What `new-track` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct NewTrackOptions {
    /// The user's description; becomes the title.
    pub description: String,
    /// The kind of track.
    pub kind: TrackKind,
    /// An explicit id instead of the derived one.
    pub id: Option<String>,
}

/// What `new-track` created.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewTrackReport {
    /// The track id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The kind.
    #[serde(rename = "type")]
    pub kind: TrackKind,
    /// The folder, relative to the root.
    pub path: String,
    /// Files written, relative to the root.
    pub files: Vec<String>,
    /// Notes about git state.
    pub warnings: Vec<String>,
}

/// Create a track in the project.
pub fn new_track(ws: &Workspace, opts: &NewTrackOptions) -> Result<NewTrackReport> {
    if ws.layout == Layout::Conductor {
        return Err(Error::Unsupported(
            "this project keeps its context in conductor/; new-track writes Draft's layout (run `draft init` to add a draft/ tree)"
                .to_owned(),
        ));
    }
    let title = opts.description.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(Error::Usage("the track description is empty; say what the track is for, e.g. `draft new-track \"Add user authentication\"`".to_owned()));
    }
    let tracks_dir = ws.tracks_dir();
    std::fs::create_dir_all(&tracks_dir).map_err(|e| Error::io("creating", &tracks_dir, e))?;
    let _lock = ws.lock()?;

    let registry_path = ws.registry_path();
    let registry_src =
        if registry_path.is_file() { workspace::read_text(&registry_path)? } else { templates::TRACKS.to_owned() };
    // Only entries that could collide with the new id are read in full: the
    // id given, or the slug every generated id starts with.
    let slug = slug::slugify(&title);
    let registry = Registry::parse_focused(registry_src, opts.id.as_deref().unwrap_or(&slug));
    let now = ws.now();
    let taken = |id: &str| tracks_dir.join(id).exists() || registry.entry(id).is_some();
    let id = match &opts.id {
        Some(id) => {
            slug::validate_id(id).map_err(|reason| Error::InvalidTrackId { id: id.clone(), reason })?;
            if taken(id) {
                let where_ = if registry.entry(id).is_some() { "listed in tracks.md" } else { "its folder exists" };
                return Err(Error::TrackExists { id: id.clone(), where_: where_.to_owned() });
            }
            id.clone()
        }
        None => free_id(&slug, &clock::compact_date(now), taken),
    };

    let project = manifest::project_name(&ws.root);
    let (block, warnings) = super::stamp(&ws.git(), &project, "draft:new-track", Some(&id), now);
    let created = clock::iso(now);
    // Fill the tokens first and put the title in afterwards, so a title that
    // itself contains `{TRACK_ID}` is written as the user typed it.
    let spec = format!(
        "{}{}",
        block.render(),
        templates::fill(templates::spec_body(), &[("TRACK_ID", &id), ("ISO_TIMESTAMP", &created)]).replacen(
            "# Specification: [Title]",
            &format!("# Specification: {title}"),
            1
        )
    );
    let plan_text = format!(
        "{}\n{}",
        block.render(),
        templates::fill(opts.kind.plan_template(), &[("TITLE", &title), ("TRACK_ID", &id), ("CREATED", &created)])
    );
    let plan = Plan::parse(plan_text);
    let (phases, tasks) = (plan.phase_counts(), plan.task_counts());
    let metadata = NewMetadata {
        id: &id,
        title: &title,
        kind: opts.kind.as_str(),
        status: "planning",
        created: &created,
        updated: &created,
        phases: Counter { total: phases.total, completed: phases.completed },
        tasks: Counter { total: tasks.total, completed: tasks.completed },
    }
    .render();

    let entry = registry::draft_entry(
        &id,
        &title,
        "[ ] Planning",
        &clock::date(now),
        (phases.completed, phases.total),
        (tasks.completed, tasks.total),
    );
    let updated = registry::insert_entry(&registry, registry::Section::Active, &entry);
    // An unclosed code fence or comment would hide the new entry from every
    // reader: refuse before anything is written. Only such a registry is
    // parsed a second time to make sure (the entry goes in at a line
    // boundary outside closed blocks, so otherwise it is seen).
    if registry.unclosed_block().is_some() && Registry::parse_focused(updated.clone(), &id).entry(&id).is_none() {
        return Err(Error::Malformed {
            file: ws.rel(&registry_path),
            line: registry.unclosed_block().unwrap_or(0),
            message: "a code fence or HTML comment opened here is never closed, so a new entry would be hidden"
                .to_owned(),
        });
    }

    let staging = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}new-{id}-"))
        .tempdir_in(&tracks_dir)
        .map_err(|e| Error::io("creating a staging folder in", &tracks_dir, e))?;
    for (name, text) in [("spec.md", spec.as_str()), ("plan.md", plan.source()), ("metadata.json", metadata.as_str())] {
        let path = staging.path().join(name);
        std::fs::write(&path, text).map_err(|e| Error::io("writing", &path, e))?;
    }
    let dir = tracks_dir.join(&id);
    std::fs::rename(staging.path(), &dir).map_err(|e| Error::io("moving the new track to", &dir, e))?;

    if let Err(e) = ws.write(&registry_path, updated.as_bytes()) {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e);
    }
    let rel = ws.rel(&dir);
    Ok(NewTrackReport {
        files: vec![
            format!("{rel}/spec.md"),
            format!("{rel}/plan.md"),
            format!("{rel}/metadata.json"),
            ws.rel(&registry_path),
        ],
        id,
        title,
        kind: opts.kind,
        path: rel,
        warnings,
    })
}

/// `base`, else `base-YYYYMMDD`, else `base-YYYYMMDD-2`, `-3`, …
fn free_id(base: &str, date: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if base.is_empty() { "track" } else { base };
    if !taken(base) {
        return base.to_owned();
    }
    let dated = format!("{base}-{date}");
    if !taken(&dated) {
        return dated;
    }
    (2..).map(|n| format!("{dated}-{n}")).find(|id| !taken(id)).unwrap_or(dated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_get_date_then_counter() {
        let taken = ["a", "a-20260301", "a-20260301-2"];
        assert_eq!(free_id("a", "20260301", |id| taken.contains(&id)), "a-20260301-3");
        assert_eq!(free_id("b", "20260301", |id| taken.contains(&id)), "b");
        assert_eq!(free_id("", "20260301", |_| false), "track");
    }

    #[test]
    fn spec_frontmatter_matches_the_seed_exactly() {
        let block = draft_model::frontmatter::PinnedBlock {
            project: "{PROJECT_NAME}".into(),
            module: "root".into(),
            track_id: Some("{TRACK_ID}".into()),
            generated_by: "draft:new-track".into(),
            generated_at: "{ISO_TIMESTAMP}".into(),
            branch: "{LOCAL_BRANCH}".into(),
            remote: "{REMOTE/BRANCH}".into(),
            commit: "{FULL_SHA}".into(),
            commit_short: "{SHORT_SHA}".into(),
            commit_date: "{COMMIT_DATE}".into(),
            commit_message: "{COMMIT_MESSAGE}".into(),
            dirty: false,
        };
        assert_eq!(format!("{}{}", block.render(), templates::spec_body()), templates::SPEC);
    }

    /// Regression: the title went into the spec before the `{TRACK_ID}` and
    /// `{ISO_TIMESTAMP}` tokens were filled, so tokens typed in a description
    /// were replaced in the spec's heading (but not in the plan's).
    #[test]
    fn regression_spec_title_tokens_were_substituted() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir(dir.path().join("draft")).expect("mkdir");
        let description = "Support {TRACK_ID} in {ISO_TIMESTAMP} paths";
        let opts = NewTrackOptions { description: description.to_owned(), ..NewTrackOptions::default() };
        let ws = Workspace::at(dir.path(), Layout::Draft, crate::workspace::Environment::default());
        let report = new_track(&ws, &opts).expect("new-track");
        let spec = std::fs::read_to_string(dir.path().join(&report.path).join("spec.md")).expect("spec");
        assert!(spec.contains(&format!("\n# Specification: {description}\n")), "{spec}");
        assert!(spec.contains(&format!("\n**Track ID:** {}\n", report.id)), "the body's tokens are still filled");
    }
}
