//! Derived state: what metadata.json and the registry should say, and where
//! they disagree with plan.md.
//!
//! plan.md is the source of truth. From its markers this module computes
//! each track's expected status and phase/task counts, then compares them
//! with metadata.json (`status`, `phases.*`, `tasks.*`) and the registry
//! entry (Status, Phases, Tasks, and the section it sits in). Each
//! disagreement names the file, line, field, the value found and the value
//! expected. `draft sync --check` and `draft check`'s consistency rule both
//! report exactly this list.
//!
//! The writing side ([`sync`], [`sync_locked`]) turns exactly that list into
//! span edits: metadata values are replaced (or spliced in, in the file's own
//! style) and registry Status/Phases/Tasks values are rewritten without
//! touching notes after them; an entry whose section is wrong is moved with
//! its bytes intact. Every other byte stays.
//!
//! Files that exist but cannot be read (a plan.md that is not UTF-8 or is a
//! directory, a metadata.json that is not JSON, a registry that is a
//! directory) make `check` and `sync` fail with [`Error::Unreadable`],
//! naming every such file, instead of reporting "in sync" on what they could
//! not see. Whole-tree `sync` is all or nothing: when any track in scope is
//! unreadable nothing is written, not even the readable tracks' fixes, so a
//! run never leaves the tree half-synced; `draft sync <id>` syncs one
//! readable track at a time. A byte-order mark at the start of metadata.json
//! is kept: edits address the JSON after it.
//!
//! Locking: every mutation holds the one project lock ([`Workspace::lock`])
//! for its whole read-edit-write, so writers are serialised and a second
//! lock could never be contended. Every file's new text is worked out
//! before the first is written ([`plan_sync`]), so an edit that cannot be
//! made writes nothing. Each file is replaced atomically; a crash between
//! two files leaves derived values stale, never a partial file, and the
//! next `draft sync` repairs them.

use crate::error::{Error, Result, UnreadableFile};
use crate::tree::{Scope, TrackDocs, Tree};
use crate::workspace::{self, Layout, Workspace};
use draft_model::derive::{self, Kept, marker_status, registry_marker, registry_section};
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::edit::{self, Edit};
use draft_model::metadata::{self, TrackStatus};
use draft_model::plan::{Marker, PhaseCounts, TaskCounts};
use draft_model::registry::{self, Entry, EntryStyle, Registry};
use draft_model::text;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What plan.md implies for one track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// Status derived from markers, or kept where markers cannot say it (see [`draft_model::derive`]).
    pub status: TrackStatus,
    /// Whether `status` was kept rather than derived.
    #[serde(skip)]
    pub kept: Kept,
    /// Phase counts.
    pub phases: PhaseCounts,
    /// Task counts.
    pub tasks: TaskCounts,
}

/// Which document disagrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// `metadata.json`
    Metadata,
    /// The registry entry.
    Registry,
}

/// One derived value that does not match plan.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Disagreement {
    /// Track id.
    pub track: String,
    /// Which document.
    pub target: Target,
    /// File relative to the root.
    pub file: String,
    /// 1-based line (0 when the field is missing).
    pub line: usize,
    /// Field, e.g. `tasks.completed` or `Status`.
    pub field: String,
    /// The value written there (`missing` when absent).
    pub found: String,
    /// The value plan.md implies.
    pub expected: String,
}

impl Disagreement {
    /// As a diagnostic (rule `consistency`).
    #[must_use]
    pub fn to_diagnostic(&self) -> Diagnostic {
        let what = match self.target {
            Target::Metadata => "metadata.json",
            Target::Registry => "the registry",
        };
        Diagnostic::file(
            "consistency",
            Severity::Error,
            &self.file,
            format!(
                "{what} says {} is {} for {}, but plan.md says {}",
                self.field, self.found, self.track, self.expected
            ),
        )
        .at(self.line, if self.line > 0 { 1 } else { 0 })
        .with_hint("run `draft sync` to rewrite derived values from plan.md")
    }
}

/// What plan.md implies for a track, or `None` when the track has no readable plan.
#[must_use]
pub fn expected(tree: &Tree, track: &TrackDocs) -> Option<Expected> {
    let plan = track.plan.as_ref()?;
    let tasks = plan.task_counts();
    let (status, kept) = derive::track_status(Some(&tasks), &super::status::recorded(tree, track));
    Some(Expected { status, kept, phases: plan.phase_counts(), tasks })
}

/// Every disagreement in the tree, track by track.
#[must_use]
pub fn compare(tree: &Tree) -> Vec<Disagreement> {
    tree.tracks.iter().flat_map(|track| compare_track(tree, track)).collect()
}

/// The disagreements of one track (which need not be in `tree.tracks`:
/// the tree supplies the registry).
#[must_use]
pub fn compare_track(tree: &Tree, track: &TrackDocs) -> Vec<Disagreement> {
    let mut out = Vec::new();
    if let Some(exp) = expected(tree, track) {
        compare_metadata(tree, track, &exp, &mut out);
        if let Some(entry) = tree.entry_of(track) {
            compare_registry(tree, track, entry, &exp, &mut out);
        }
    }
    out
}

fn compare_metadata(tree: &Tree, track: &TrackDocs, exp: &Expected, out: &mut Vec<Disagreement>) {
    let Some(meta) = &track.metadata else { return };
    let path = track.dir.join("metadata.json");
    let file = tree.workspace.rel(&path);
    // The text is read again only to place a disagreement: most tracks have none.
    let src = std::cell::OnceCell::new();
    let line_of = |keys: &[&str]| {
        let src: &String = src.get_or_init(|| workspace::read_text(&path).unwrap_or_default());
        let body = &src[text::bom_len(src)..];
        metadata::value_range(body, keys).map_or(0, |r| text::line_of_offset(body, r.start))
    };
    let mut push = |field: &str, keys: &[&str], found: String, expected: String| {
        out.push(Disagreement {
            track: track.id.clone(),
            target: Target::Metadata,
            file: file.clone(),
            line: line_of(keys),
            field: field.to_owned(),
            found,
            expected,
        });
    };
    // Conductor's `new`/`cancelled` vocabulary maps onto ours; only a different meaning is a disagreement.
    if meta.status() != Some(exp.status) {
        let found = match meta.map.get("status") {
            Some(Value::String(s)) => s.clone(),
            other => found_value(other, "string"),
        };
        push("status", &["status"], found, exp.status.as_str().to_owned());
    }
    // Conductor metadata carries no counters; Draft's must.
    let counters_expected = tree.workspace.layout == Layout::Draft;
    for (key, total, completed) in
        [("phases", exp.phases.total, exp.phases.completed), ("tasks", exp.tasks.total, exp.tasks.completed)]
    {
        match meta.map.get(key) {
            Some(Value::Object(obj)) => {
                for (sub, want) in [("total", total), ("completed", completed)] {
                    let value = obj.get(sub);
                    if value.and_then(Value::as_u64) != Some(want as u64) {
                        let found = match value {
                            Some(Value::Number(n)) => n.to_string(),
                            other => found_value(other, "number"),
                        };
                        push(&format!("{key}.{sub}"), &[key, sub], found, want.to_string());
                    }
                }
            }
            other if counters_expected => {
                push(key, &[key], found_value(other, "object"), format!("{completed}/{total}"));
            }
            _ => {}
        }
    }
}

/// How a metadata value that is not what sync expects is reported:
/// `missing`, or `wrong type (string, expected number)`.
fn found_value(value: Option<&Value>, expected: &str) -> String {
    let kind = match value {
        None => return "missing".to_owned(),
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    };
    if kind == expected { format!("an unexpected {kind}") } else { format!("wrong type ({kind}, expected {expected})") }
}

fn compare_registry(tree: &Tree, track: &TrackDocs, entry: &Entry, exp: &Expected, out: &mut Vec<Disagreement>) {
    let file = tree.workspace.rel(&tree.workspace.registry_path());
    let mut push = |field: &str, line: usize, found: String, expected: String| {
        out.push(Disagreement {
            track: track.id.clone(),
            target: Target::Registry,
            file: file.clone(),
            line,
            field: field.to_owned(),
            found,
            expected,
        });
    };
    let (want_marker, want_label) = registry_marker(exp.status);
    // The archived state lives in the section; a `[x]` there is right.
    let status_ok =
        |m: Marker| marker_status(m) == Some(exp.status) || (exp.status == TrackStatus::Archived && m == Marker::Done);
    match entry.style {
        EntryStyle::Draft => {
            match entry.field("Status") {
                Some(field) => {
                    let status = field.status();
                    let found_marker = status.as_ref().and_then(|s| s.marker);
                    let ok = match found_marker {
                        Some(m) => status_ok(m),
                        None => status.as_ref().and_then(|s| TrackStatus::parse(&s.label)) == Some(exp.status),
                    };
                    if !ok {
                        push(
                            "Status",
                            field.line,
                            field.value.clone(),
                            format!("[{}] {want_label}", want_marker.as_char()),
                        );
                    }
                }
                None => push(
                    "Status",
                    entry.line,
                    "missing".to_owned(),
                    format!("[{}] {want_label}", want_marker.as_char()),
                ),
            }
            for (key, done, total) in
                [("Phases", exp.phases.completed, exp.phases.total), ("Tasks", exp.tasks.completed, exp.tasks.total)]
            {
                if let Some(field) = entry.field(key) {
                    match field.fraction() {
                        Some(f) if f.done == done && f.total == total => {}
                        _ => push(key, field.line, field.value.clone(), format!("{done}/{total}")),
                    }
                }
            }
            let want_section = registry_section(exp.status);
            if let Some(section) = entry.section
                && section != want_section
            {
                push("section", entry.line, section.name().to_owned(), want_section.name().to_owned());
            }
        }
        EntryStyle::ConductorBullet | EntryStyle::ConductorHeading | EntryStyle::Table => {
            if let Some(m) = entry.marker
                && !status_ok(m)
            {
                push("Status", entry.line, format!("[{}]", m.as_char()), format!("[{}]", want_marker.as_char()));
            }
        }
        EntryStyle::Link => {}
    }
}

/// A status sync keeps although plan.md alone would say another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeptStatus {
    /// Track id.
    pub track: String,
    /// The status kept (set by hand: blocked, cancelled, archived).
    pub status: TrackStatus,
    /// What the plan's markers alone would give.
    pub plan_says: TrackStatus,
}

/// Hand-set statuses that differ from what the plan's markers give.
#[must_use]
pub fn kept_statuses(tree: &Tree) -> Vec<KeptStatus> {
    tree.tracks.iter().filter_map(|track| kept_status(tree, track)).collect()
}

/// A track's hand-set status, when it differs from what its markers give.
#[must_use]
pub fn kept_status(tree: &Tree, track: &TrackDocs) -> Option<KeptStatus> {
    let exp = expected(tree, track)?;
    let plan_says = derive::status_from_counts(&exp.tasks);
    (exp.kept == Kept::ByHand && exp.status != plan_says && exp.tasks.total > 0).then(|| KeptStatus {
        track: track.id.clone(),
        status: exp.status,
        plan_says,
    })
}

/// What `draft sync` wrote.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncReport {
    /// The disagreements that were fixed (all of them, or the ones found with `--check`).
    pub disagreements: Vec<Disagreement>,
    /// Files rewritten, relative to the root.
    pub written: Vec<String>,
    /// Problems sync cannot fix (missing folders, unlisted tracks, …).
    pub warnings: Vec<Diagnostic>,
    /// Statuses set by hand that sync keeps (information, not disagreements).
    pub kept: Vec<KeptStatus>,
    /// Which tree was read and how to read the other, when both exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout_note: Option<String>,
}

/// Compare without writing: the report `sync --check` prints.
pub fn check(ws: &Workspace, only: Option<&str>) -> Result<SyncReport> {
    let mut tree = Tree::scan(ws, only.map_or(Scope::All, Scope::Track))?;
    if let Some(id) = only
        && !tree.refs().any(|t| !t.archived && t.id == id)
    {
        return Err(super::status::unknown_track(&Tree::scan(ws, Scope::All)?, id));
    }
    // Streamed: each track is compared as it is read, then dropped.
    let mapped = tree.map_pending(|tree, track| {
        if track.archived_folder {
            return (Vec::new(), None, Vec::new());
        }
        (compare_track(tree, track), kept_status(tree, track), track.unreadable.clone())
    });
    let mut disagreements = Vec::new();
    let mut kept = Vec::new();
    let mut unreadable: Vec<UnreadableFile> = tree.registry_unreadable.iter().cloned().collect();
    for m in mapped {
        let (found, keeps, bad) = m.value;
        disagreements.extend(found);
        kept.extend(keeps);
        unreadable.extend(bad);
        tree.diagnostics.extend(m.diagnostics);
    }
    if !unreadable.is_empty() {
        return Err(Error::Unreadable { files: unreadable });
    }
    Ok(SyncReport {
        disagreements,
        written: Vec::new(),
        warnings: tree.diagnostics,
        kept,
        layout_note: crate::tree::layout_note(ws),
    })
}

/// Rewrite derived values from plan.md for every track (or the one named),
/// under the project lock.
pub fn sync(ws: &Workspace, only: Option<&str>) -> Result<SyncReport> {
    let _lock = ws.lock()?;
    if let Some(id) = only {
        let dir = ws.track_dir(id)?;
        if !dir.is_dir() {
            return Err(super::status::unknown_track(&Tree::scan(ws, Scope::All)?, id));
        }
    }
    sync_locked(ws, only)
}

/// Like [`sync`], for a caller that already holds the project lock.
pub fn sync_locked(ws: &Workspace, only: Option<&str>) -> Result<SyncReport> {
    sync_tree(ws, Tree::load_scoped(ws, only.map_or(Scope::All, Scope::Track))?, only)
}

/// Like [`sync_locked`], on a tree the caller already loaded (under the
/// lock) with the tracks `only` names.
pub fn sync_tree(ws: &Workspace, tree: Tree, only: Option<&str>) -> Result<SyncReport> {
    let (report, rewrites) = plan_sync(ws, tree, only)?;
    for r in rewrites {
        ws.write(&r.path, &r.contents)?;
    }
    Ok(report)
}

/// A file sync rewrites, with its new contents.
#[derive(Debug)]
pub(crate) struct Rewrite {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

/// What [`sync_tree`] does, short of writing: the report (its `written`
/// already naming the files) and the files' new contents, in the order they
/// are to be replaced (each track's metadata.json, then the registry). Every
/// file is worked out before any is written, so a file that cannot be read
/// or edited stops the sync with nothing written.
pub(crate) fn plan_sync(ws: &Workspace, mut tree: Tree, only: Option<&str>) -> Result<(SyncReport, Vec<Rewrite>)> {
    tree.require_readable(only, true)?;
    let disagreements: Vec<Disagreement> =
        compare(&tree).into_iter().filter(|d| only.is_none_or(|id| d.track == id)).collect();
    let mut by_track: BTreeMap<&str, Vec<&Disagreement>> = BTreeMap::new();
    for d in &disagreements {
        by_track.entry(d.track.as_str()).or_default().push(d);
    }
    let now = ws.now();
    let mut rewrites = Vec::new();
    let mut registry_edits = Vec::new();
    let mut moves = Vec::new();
    for (id, list) in &by_track {
        let Some(track) = tree.tracks.iter().find(|t| t.id == *id) else { continue };
        let Some(exp) = expected(&tree, track) else { continue };
        let meta: Vec<&Disagreement> = list.iter().copied().filter(|d| d.target == Target::Metadata).collect();
        if !meta.is_empty() {
            let path = track.dir.join("metadata.json");
            let src = workspace::read_text(&path)?;
            let (bom, body) = src.split_at(text::bom_len(&src));
            let edits = metadata_edits(body, &meta, &exp, tree.workspace.layout, now);
            rewrites.extend(rewrite_of(&path, bom, body, edits)?);
        }
        if let Some(entry) = tree.entry_of(track)
            && let Some(reg) = &tree.registry
        {
            for d in list.iter().filter(|d| d.target == Target::Registry) {
                if d.field == "section" {
                    moves.push(((*id).to_owned(), registry_section(exp.status)));
                } else {
                    registry_edits.extend(registry_edits_for(reg.source(), entry, d, &exp, now));
                }
            }
        }
    }
    let kept = kept_statuses(&tree).into_iter().filter(|k| only.is_none_or(|id| k.track == id)).collect();
    if (!registry_edits.is_empty() || !moves.is_empty())
        && let Some(reg) = tree.registry.take()
    {
        let path = tree.workspace.registry_path();
        let mut changed = registry_edits.iter().any(|e| reg.source().get(e.range.clone()) != Some(e.text.as_str()));
        // The registry is edited where it lies: at thousands of tracks a
        // copy of it costs more than the rest of a task edit.
        let mut text = reg.into_source();
        edit::apply_in_place(&mut text, registry_edits).map_err(|source| Error::Edit { path: path.clone(), source })?;
        for (id, section) in moves {
            let parsed = Registry::parse_focused(text, &id);
            text = match registry::edit::move_entry(&parsed, &id, section) {
                Some(moved) => {
                    changed = true;
                    moved
                }
                None => parsed.into_source(),
            };
        }
        if changed {
            rewrites.push(Rewrite { path, contents: text.into_bytes() });
        }
    }
    let warnings = tree
        .diagnostics
        .into_iter()
        .filter(|d| only.is_none_or(|id| d.file.contains(&format!("tracks/{id}/"))))
        .collect();
    let written = rewrites.iter().map(|r| tree.workspace.rel(&r.path)).collect();
    let report = SyncReport { disagreements, written, warnings, kept, layout_note: crate::tree::layout_note(ws) };
    Ok((report, rewrites))
}

/// Apply `edits` to `body` and write `prefix` (a byte-order mark, or
/// nothing) followed by the result, when anything changed.
pub(crate) fn write_edits(ws: &Workspace, path: &Path, prefix: &str, body: &str, edits: Vec<Edit>) -> Result<()> {
    match rewrite_of(path, prefix, body, edits)? {
        Some(r) => ws.write(&r.path, &r.contents),
        None => Ok(()),
    }
}

/// `prefix` followed by `body` with `edits` applied, when that changes it.
fn rewrite_of(path: &Path, prefix: &str, body: &str, edits: Vec<Edit>) -> Result<Option<Rewrite>> {
    let text = edit::apply(body, edits).map_err(|source| Error::Edit { path: path.to_path_buf(), source })?;
    Ok((text != body).then(|| Rewrite { path: path.to_path_buf(), contents: format!("{prefix}{text}").into_bytes() }))
}

fn metadata_edits(
    src: &str,
    list: &[&Disagreement],
    exp: &Expected,
    layout: Layout,
    now: jiff::Timestamp,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    for d in list {
        let value = match d.field.as_str() {
            "status" => format!("\"{}\"", derive::metadata_status(layout, exp.status)),
            "phases" => format!("{{ \"total\": {}, \"completed\": {} }}", exp.phases.total, exp.phases.completed),
            "tasks" => format!("{{ \"total\": {}, \"completed\": {} }}", exp.tasks.total, exp.tasks.completed),
            _ => d.expected.clone(),
        };
        let path: Vec<&str> = d.field.split('.').collect();
        edits.extend(metadata::set_value(src, &path, &value));
    }
    // The time of the update goes in the key the file already has
    // (Draft's `updated`, Conductor's `updated_at`), else the layout's own.
    let stamp = format!("\"{}\"", crate::clock::iso(now));
    let present: Vec<&str> =
        ["updated", "updated_at"].into_iter().filter(|k| metadata::value_range(src, &[k]).is_some()).collect();
    let keys = if present.is_empty() {
        vec![if layout == Layout::Conductor { "updated_at" } else { "updated" }]
    } else {
        present
    };
    for key in keys {
        edits.extend(metadata::set_value(src, &[key], &stamp));
    }
    edits
}

fn registry_edits_for(src: &str, entry: &Entry, d: &Disagreement, exp: &Expected, now: jiff::Timestamp) -> Vec<Edit> {
    let (marker, label) = registry_marker(exp.status);
    let date = (exp.status == TrackStatus::Completed).then(|| crate::clock::date(now));
    match (entry.style, d.field.as_str()) {
        (EntryStyle::Draft, "Status") => match entry.field("Status") {
            Some(field) => vec![registry::edit::set_status(src, field, marker, label, date.as_deref())],
            None => {
                let mut value = format!("[{}] {label}", marker.as_char());
                if let Some(date) = &date {
                    value.push(' ');
                    value.push_str(date);
                }
                vec![registry::edit::insert_status(src, entry, &value)]
            }
        },
        (EntryStyle::Draft, key @ ("Phases" | "Tasks")) => {
            let (done, total) = if key == "Phases" {
                (exp.phases.completed, exp.phases.total)
            } else {
                (exp.tasks.completed, exp.tasks.total)
            };
            entry.field(key).map(|f| registry::edit::set_fraction(f, done, total)).unwrap_or_default()
        }
        (EntryStyle::ConductorBullet | EntryStyle::ConductorHeading | EntryStyle::Table, "Status") => {
            registry::edit::set_entry_marker(entry, marker).into_iter().collect()
        }
        _ => Vec::new(),
    }
}
