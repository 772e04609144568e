//! Loading a project's registry and its tracks' documents.
//!
//! The tree is the union of the registry's entries and the folders under
//! `tracks/`, in registry order then folder-name order. [`Tree::scan`]
//! reads the registry and finds the tracks a [`Scope`] names (all, the
//! registered ones, or one) without reading them; [`Tree::load_pending`]
//! then reads each track's `plan.md` and `metadata.json` in parallel, or
//! [`Tree::map_pending`] streams them through a function so that memory
//! holds a few tracks at a time. A command about one track reads that
//! track and the registry, nothing else. Anything unreadable or malformed
//! becomes a diagnostic on that file (and is listed in
//! [`TrackDocs::unreadable`], so commands that would report on it can
//! refuse instead) and the rest of the tree still loads. Registry/folder
//! mismatches are reported here once, for every command that reads the tree.
//!
//! Archived tracks — folders under `<ctx>/archive/` (where Conductor's archive
//! step moves them, dropping their registry entry) or `<ctx>/tracks/archive/`
//! — are loaded into [`Tree::archived`] with status `archived`; sync and the
//! task commands leave them alone. Links are followed only inside the
//! project: a document read through a link that leaves it is reported, and a
//! track folder that is such a link is skipped with a warning.

use crate::error::{Error, Result, UnreadableFile};
use crate::workspace::{self, Layout, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::frontmatter;
use draft_model::metadata::Metadata;
use draft_model::plan::Plan;
use draft_model::registry::Registry;
use draft_model::text::{self, DecodeError};
use files::FileKind;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub mod files;
mod find;

use find::find_tracks;

/// One track's documents.
#[derive(Debug, Clone)]
pub struct TrackDocs {
    /// The id (folder name).
    pub id: String,
    /// The folder.
    pub dir: PathBuf,
    /// Index of the registry entry, when listed.
    pub entry: Option<usize>,
    /// The parsed plan, when readable.
    pub plan: Option<Plan>,
    /// The parsed metadata, when readable.
    pub metadata: Option<Metadata>,
    /// metadata.json's text as read (parsed or not), for callers that place
    /// findings in it or fingerprint it (the check cache).
    pub metadata_text: Option<String>,
    /// Whether `spec.md` exists.
    pub has_spec: bool,
    /// The folder sits in an archive folder (see the module docs).
    pub archived_folder: bool,
    /// plan.md or metadata.json exists but could not be read or parsed.
    pub unreadable: Vec<UnreadableFile>,
}

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Where it lives.
    pub workspace: Workspace,
    /// The registry, when present and readable.
    pub registry: Option<Registry>,
    /// The registry exists but could not be read (a directory, not UTF-8, …).
    pub registry_unreadable: Option<UnreadableFile>,
    /// Tracks in registry order, then unlisted folders by name.
    pub tracks: Vec<TrackDocs>,
    /// Tracks in archive folders, by folder name.
    pub archived: Vec<TrackDocs>,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// The canonical root, for telling links that leave the project.
    root: PathBuf,
    /// Tracks found by [`Tree::scan`] and not read yet.
    pending: Vec<Found>,
    /// Whether reading a plan also validates its frontmatter YAML.
    validate_frontmatter: bool,
}

/// Where a track to load lives.
#[derive(Debug, Clone)]
struct Found {
    id: String,
    dir: PathBuf,
    entry: Option<usize>,
    archived: bool,
}

/// Which tracks a scan finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every track: registry entries, unlisted folders and archived folders.
    All,
    /// Only the registry's entries whose folder exists (enough to pick the
    /// active track): no folder listing, no archive folders.
    Registered,
    /// One track: its registry entry, else its folder under `tracks/`, else
    /// an archive folder. Nothing else is listed or read.
    Track(&'a str),
}

impl Scope<'_> {
    fn wants(self, id: &str) -> bool {
        match self {
            Self::All | Self::Registered => true,
            Self::Track(wanted) => wanted == id,
        }
    }
}

/// A track a scan found, before or after its documents are read.
#[derive(Debug, Clone, Copy)]
pub struct TrackRef<'a> {
    /// The id (folder name).
    pub id: &'a str,
    /// The folder.
    pub dir: &'a Path,
    /// Index of the registry entry, when listed.
    pub entry: Option<usize>,
    /// The folder sits in an archive folder.
    pub archived: bool,
}

/// One track's result from [`Tree::map_pending`].
#[derive(Debug)]
pub struct Mapped<T> {
    /// The track's id.
    pub id: String,
    /// The folder sits in an archive folder.
    pub archived: bool,
    /// What the caller's function made of the track.
    pub value: T,
    /// Problems found while reading the track's documents.
    pub diagnostics: Vec<Diagnostic>,
}

impl Tree {
    /// Load the registry and all tracks.
    pub fn load(ws: &Workspace) -> Result<Self> {
        Self::load_scoped(ws, Scope::All)
    }

    /// Load the registry and the tracks `scope` names: a command that
    /// changes one track reads that track's documents and no other.
    pub fn load_scoped(ws: &Workspace, scope: Scope<'_>) -> Result<Self> {
        let mut tree = Self::scan(ws, scope)?;
        tree.load_pending();
        Ok(tree)
    }

    /// Read the registry and find the tracks `scope` names without reading
    /// any track's documents: they wait in the tree until
    /// [`Tree::load_pending`] reads them or [`Tree::map_pending`] streams them.
    pub fn scan(ws: &Workspace, scope: Scope<'_>) -> Result<Self> {
        let root = std::fs::canonicalize(&ws.root).unwrap_or_else(|_| ws.root.clone());
        let mut diagnostics = Vec::new();
        // A one-track command reads the other entries' places, not their fields.
        let focus = match scope {
            Scope::Track(id) => Some(id),
            _ => None,
        };
        let (registry, registry_unreadable) = load_registry(ws, &root, focus, &mut diagnostics);
        let pending = find_tracks(ws, &root, registry.as_ref(), scope, &mut diagnostics);
        Ok(Self {
            workspace: ws.clone(),
            root,
            registry,
            registry_unreadable,
            tracks: Vec::new(),
            archived: Vec::new(),
            pending,
            diagnostics,
            validate_frontmatter: true,
        })
    }

    /// Every track found, loaded or not: loaded ones first.
    pub fn refs(&self) -> impl Iterator<Item = TrackRef<'_>> {
        let loaded = self.tracks.iter().chain(&self.archived).map(|t| TrackRef {
            id: &t.id,
            dir: &t.dir,
            entry: t.entry,
            archived: t.archived_folder,
        });
        loaded.chain(self.pending.iter().map(|f| TrackRef {
            id: &f.id,
            dir: &f.dir,
            entry: f.entry,
            archived: f.archived,
        }))
    }

    /// Read plans without validating their frontmatter YAML: for a caller
    /// (check) that parses and reports every document's frontmatter itself,
    /// so no plan's YAML is parsed twice.
    pub fn skip_frontmatter_validation(&mut self) {
        self.validate_frontmatter = false;
    }

    /// How many tracks wait to be read.
    #[must_use]
    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    /// Forget the pending tracks other than `id`.
    pub fn keep_pending(&mut self, id: &str) {
        self.pending.retain(|f| f.id == id);
    }

    /// Read every pending track's documents into [`Tree::tracks`] and
    /// [`Tree::archived`], in parallel.
    pub fn load_pending(&mut self) {
        let found = std::mem::take(&mut self.pending);
        let load = |f| load_track(&self.workspace, &self.root, f, self.validate_frontmatter);
        // One track (every single-track command) is read on this thread:
        // starting the thread pool would cost more than the read.
        let loaded: Vec<(TrackDocs, Vec<Diagnostic>)> = if found.len() <= 1 {
            found.into_iter().map(load).collect()
        } else {
            found.into_par_iter().map(load).collect()
        };
        for (track, diags) in loaded {
            if track.archived_folder {
                self.archived.push(track);
            } else {
                self.tracks.push(track);
            }
            self.diagnostics.extend(diags);
        }
        self.archived.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Read each pending track and hand it to `f` (in parallel), keeping
    /// only what `f` returns: memory holds a few tracks at a time, not the
    /// whole tree. Results come in the order [`Tree::load_pending`] would
    /// put the tracks (archived ones last, by id).
    pub fn map_pending<T: Send>(&self, f: impl Fn(&Self, &TrackDocs) -> T + Sync) -> Vec<Mapped<T>> {
        let mut out: Vec<Mapped<T>> = self
            .pending
            .par_iter()
            // Small leaves: rayon only splits work that is stolen, so a big
            // last chunk would leave the other threads idle at the end.
            .with_max_len(8)
            .map(|found| {
                let (track, diagnostics) =
                    load_track(&self.workspace, &self.root, found.clone(), self.validate_frontmatter);
                let value = f(self, &track);
                Mapped { id: track.id, archived: track.archived_folder, value, diagnostics }
            })
            .collect();
        // Stable: active tracks keep their order, archived ones sort by id after them.
        out.sort_by(|a, b| match (a.archived, b.archived) {
            (true, true) => a.id.cmp(&b.id),
            (a, b) => a.cmp(&b),
        });
        out
    }

    /// The registry entry of a track.
    #[must_use]
    pub fn entry_of(&self, track: &TrackDocs) -> Option<&draft_model::registry::Entry> {
        track.entry.and_then(|i| self.registry.as_ref()?.entries.get(i))
    }

    /// Fail when the registry exists but cannot be read.
    pub fn require_registry(&self) -> Result<()> {
        match &self.registry_unreadable {
            Some(bad) => Err(Error::Unreadable { files: vec![bad.clone()] }),
            None => Ok(()),
        }
    }

    /// Fail with every file a command cannot trust: the plan and metadata of
    /// the track named (or of every track), and the registry when `registry`
    /// is set. Commands that would otherwise report "in sync" or "no task"
    /// on what they could not read call this first.
    pub fn require_readable(&self, only: Option<&str>, registry: bool) -> Result<()> {
        let mut files: Vec<UnreadableFile> = Vec::new();
        if registry && let Some(bad) = &self.registry_unreadable {
            files.push(bad.clone());
        }
        for track in self.tracks.iter().filter(|t| only.is_none_or(|id| id == t.id)) {
            files.extend(track.unreadable.iter().cloned());
        }
        if files.is_empty() { Ok(()) } else { Err(Error::Unreadable { files }) }
    }
}

/// When both trees exist: which one this command reads, and how to read the
/// other. `None` when only one tree is there.
#[must_use]
pub fn layout_note(ws: &Workspace) -> Option<String> {
    let other = ws.other_layout?;
    let n = count_tracks(&ws.root, other);
    let tracks = if n == 1 { "1 track".to_owned() } else { format!("{n} tracks") };
    Some(format!(
        "reading {}/ ({}/ is here too, with {tracks}; pass --layout {} or set `layout = \"{}\"` in draft/config.toml to read it)",
        ws.layout.dir_name(),
        other.dir_name(),
        other.dir_name(),
        other.dir_name()
    ))
}

/// How many track folders a layout's tree holds (archived ones included),
/// counted from the folders alone: a cheap look at the tree not in use.
#[must_use]
pub fn count_tracks(root: &Path, layout: Layout) -> usize {
    let ctx = root.join(layout.dir_name());
    let archives = files::archive_dirs(&ctx);
    let active = files::candidate_folders(&ctx.join("tracks"))
        .into_iter()
        .filter(|n| !archives.contains(&ctx.join("tracks").join(n)))
        .count();
    active + archives.iter().map(|a| files::candidate_folders(a).len()).sum::<usize>()
}

fn outside_link(ws: &Workspace, root: &Path, path: &Path, out: &mut Vec<Diagnostic>) {
    if let Some(target) = files::link_outside(root, path) {
        let rel = ws.rel(path);
        out.push(
            Diagnostic::file(
                "symlink-outside-project",
                Severity::Warning,
                &rel,
                format!("{rel} is a link to {}, outside the project", target.display()),
            )
            .with_hint("draft reads it but never writes through it; replace the link with the file itself"),
        );
    }
}

fn load_registry(
    ws: &Workspace,
    root: &Path,
    focus: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<Registry>, Option<UnreadableFile>) {
    let path = ws.registry_path();
    let rel = ws.rel(&path);
    let problem = match files::kind(&path) {
        FileKind::File => {
            outside_link(ws, root, &path, diagnostics);
            match workspace::read_text(&path) {
                Ok(src) => {
                    let reg = match focus {
                        Some(id) => Registry::parse_focused(src, id),
                        None => Registry::parse(src),
                    };
                    check_frontmatter(reg.source(), reg.frontmatter.as_ref(), &rel, diagnostics);
                    return (Some(reg), None);
                }
                Err(e) => {
                    let d = unreadable(&rel, &e);
                    let reason = d.message.clone();
                    diagnostics.push(d);
                    reason
                }
            }
        }
        FileKind::Missing => {
            diagnostics.push(
                Diagnostic::file("registry-missing", Severity::Warning, &rel, "the track registry is missing")
                    .with_hint("`draft init --force` recreates it without touching other files"),
            );
            return (None, None);
        }
        FileKind::Other(why) => {
            diagnostics.push(
                Diagnostic::file(
                    "unreadable",
                    Severity::Error,
                    &rel,
                    format!("the track registry cannot be read: {why}"),
                )
                .with_hint(
                    "replace it with the registry file (`draft init --force` writes a fresh one when it is gone)",
                ),
            );
            why
        }
    };
    (None, Some(UnreadableFile { file: rel, reason: problem }))
}

fn check_frontmatter(src: &str, block: Option<&frontmatter::FrontmatterBlock>, file: &str, out: &mut Vec<Diagnostic>) {
    if let Some(block) = block {
        if let Err(d) = frontmatter::parse(src, block, file) {
            out.push(*d);
        }
    } else if frontmatter::is_unclosed(src) {
        out.push(
            Diagnostic::file(
                "frontmatter-yaml",
                Severity::Error,
                file,
                "the frontmatter block opened on line 1 is never closed",
            )
            .at(1, 1)
            .with_hint("add a line with `---` after the last frontmatter key"),
        );
    }
}

/// A file that could not be read as text, located at the bad byte's line
/// when there is one. `file` is already in the diagnostic, so the message
/// does not repeat the (absolute) path.
fn unreadable(file: &str, err: &Error) -> Diagnostic {
    match err {
        Error::Decode { source, .. } => {
            let d = Diagnostic::file("unreadable", Severity::Error, file, source.to_string());
            match source {
                DecodeError::NotUtf8 { line, .. } => {
                    d.at(*line, 0).with_hint("save the file as UTF-8 text; draft reads nothing else")
                }
                DecodeError::Binary { .. } => d.with_hint("replace it with a markdown or JSON text file"),
            }
        }
        Error::Io { action, source, .. } => {
            Diagnostic::file("unreadable", Severity::Error, file, format!("{action} the file failed: {source}"))
        }
        other => Diagnostic::file("unreadable", Severity::Error, file, other.to_string()),
    }
}

/// Read one document of a track: its text, or a diagnostic and an
/// [`UnreadableFile`] when it exists but cannot be read. `None` text with no
/// problem means the file is not there.
fn read_doc(
    ws: &Workspace,
    root: &Path,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
    bad: &mut Vec<UnreadableFile>,
) -> Option<String> {
    let rel = ws.rel(path);
    // A regular file, the usual case, is read without a probe first.
    if let Some(read) = workspace::read_regular(path) {
        return settle_read(rel, workspace::text_of(path, read), diags, bad);
    }
    let (kind, is_link) = files::probe(path);
    match kind {
        FileKind::File => {}
        FileKind::Missing => return None,
        FileKind::Other(why) => {
            let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            diags.push(
                Diagnostic::file("unreadable", Severity::Error, &rel, format!("{name} cannot be read: {why}"))
                    .with_hint(format!("replace it with a regular {name} file, or remove it")),
            );
            bad.push(UnreadableFile { file: rel, reason: why });
            return None;
        }
    }
    if is_link {
        outside_link(ws, root, path, diags);
    }
    // A link (or an odd file the probe let through): read the ordinary way.
    settle_read(rel, workspace::text_of(path, std::fs::read(path)), diags, bad)
}

/// A document's text, or its `unreadable` finding.
fn settle_read(
    rel: String,
    read: Result<String>,
    diags: &mut Vec<Diagnostic>,
    bad: &mut Vec<UnreadableFile>,
) -> Option<String> {
    match read {
        Ok(src) => Some(src),
        Err(e) => {
            let d = unreadable(&rel, &e);
            bad.push(UnreadableFile { file: rel, reason: d.message.clone() });
            diags.push(d);
            None
        }
    }
}

fn load_track(ws: &Workspace, root: &Path, found: Found, validate_frontmatter: bool) -> (TrackDocs, Vec<Diagnostic>) {
    let Found { id, dir, entry, archived } = found;
    let mut diags = Vec::new();
    let mut bad = Vec::new();
    let plan_path = dir.join("plan.md");
    let plan_rel = ws.rel(&plan_path);
    let plan = match read_doc(ws, root, &plan_path, &mut diags, &mut bad) {
        Some(src) => {
            let plan = Plan::parse(src);
            if validate_frontmatter {
                check_frontmatter(plan.source(), plan.frontmatter.as_ref(), &plan_rel, &mut diags);
            }
            if plan.task_counts().total == 0 {
                diags.push(
                    Diagnostic::file(
                        "plan-empty",
                        Severity::Warning,
                        &plan_rel,
                        format!("plan.md of track {id} has no tasks (no top-level `- [ ]` lines), so it counts 0/0"),
                    )
                    .with_hint("add tasks as `- [ ] Task: …` lines under `## Phase N: …` headings"),
                );
            }
            Some(plan)
        }
        None => {
            if bad.is_empty() {
                diags.push(
                    Diagnostic::file(
                        "plan-missing",
                        Severity::Warning,
                        &plan_rel,
                        format!("track {id} has no plan.md"),
                    )
                    .with_hint("write the plan, or remove the track folder"),
                );
            }
            None
        }
    };
    let meta_path = dir.join("metadata.json");
    let meta_rel = ws.rel(&meta_path);
    let metadata_text = read_doc(ws, root, &meta_path, &mut diags, &mut bad);
    let metadata = metadata_text.as_deref().and_then(|src| {
        // A byte-order mark is kept on disk; the JSON starts after it.
        match Metadata::parse(&src[text::bom_len(src)..], &meta_rel) {
            Ok(m) => Some(m),
            Err(d) => {
                bad.push(UnreadableFile { file: meta_rel.clone(), reason: d.message.clone() });
                diags.push(*d);
                None
            }
        }
    });
    let has_spec = dir.join("spec.md").is_file();
    (
        TrackDocs {
            id,
            dir,
            entry,
            plan,
            metadata,
            metadata_text,
            has_spec,
            archived_folder: archived,
            unreadable: bad,
        },
        diags,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Layout;

    /// Regression: a plan that is not UTF-8 was reported without a line and
    /// with the absolute path repeated in the message.
    #[test]
    fn regression_decode_diagnostic_had_no_line_and_an_absolute_path() {
        let dir = tempfile::tempdir().expect("tmp");
        let tracks = dir.path().join("draft/tracks");
        for (id, bytes) in [("latin1", &b"# Plan\n## Phase 1\n- [x] caf\xe9\n"[..]), ("binary", &b"PK\x03\x04\0\0"[..])]
        {
            std::fs::create_dir_all(tracks.join(id)).expect("mkdir");
            std::fs::write(tracks.join(id).join("plan.md"), bytes).expect("write");
        }
        let ws = Workspace::at(dir.path(), Layout::Draft, crate::workspace::Environment::default());
        let tree = Tree::load(&ws).expect("load");
        let of = |file: &str| tree.diagnostics.iter().find(|d| d.file == file).expect(file);
        let latin1 = of("draft/tracks/latin1/plan.md");
        assert_eq!((latin1.rule, latin1.line), ("unreadable", 3));
        assert_eq!(latin1.to_string().matches("plan.md").count(), 1, "{latin1}");
        let binary = of("draft/tracks/binary/plan.md");
        assert!(binary.message.contains("binary") && !binary.message.contains(&*dir.path().to_string_lossy()));
        assert_eq!(tree.tracks.len(), 2, "both tracks are still listed");
    }

    /// Issue 10 item 1: a single-track command reads the registry and that
    /// track only. Another track's broken plan is never read (no diagnostic
    /// about it), and an id that would leave tracks/ finds nothing.
    #[test]
    fn a_scoped_load_reads_only_the_named_track() {
        let dir = tempfile::tempdir().expect("tmp");
        let ctx = dir.path().join("draft");
        for (id, bytes) in [("wanted", &b"# Plan\n## Phase 1\n- [ ] a\n"[..]), ("other", &b"\xff\xfe bad"[..])] {
            std::fs::create_dir_all(ctx.join("tracks").join(id)).expect("mkdir");
            std::fs::write(ctx.join("tracks").join(id).join("plan.md"), bytes).expect("write");
        }
        std::fs::create_dir_all(ctx.join("archive/old")).expect("mkdir");
        std::fs::write(ctx.join("tracks.md"), "# Tracks\n").expect("write");
        let ws = Workspace::at(dir.path(), Layout::Draft, crate::workspace::Environment::default());

        let all = Tree::load(&ws).expect("load");
        assert!(all.diagnostics.iter().any(|d| d.rule == "unreadable"), "the full load reads it");

        let one = Tree::load_scoped(&ws, Scope::Track("wanted")).expect("load");
        assert_eq!(one.tracks.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["wanted"]);
        assert!(one.archived.is_empty());
        assert!(!one.diagnostics.iter().any(|d| d.file.contains("other")), "{:?}", one.diagnostics);

        let archived = Tree::load_scoped(&ws, Scope::Track("old")).expect("load");
        assert_eq!(archived.archived.len(), 1);
        for bad in ["../tracks.md", "..", "a/b"] {
            let none = Tree::load_scoped(&ws, Scope::Track(bad)).expect("load");
            assert!(none.tracks.is_empty() && none.archived.is_empty(), "{bad}");
        }
        let scanned = Tree::scan(&ws, Scope::All).expect("scan");
        assert_eq!(scanned.pending_len(), 3, "a scan finds tracks without reading them");
        assert!(scanned.tracks.is_empty() && !scanned.diagnostics.iter().any(|d| d.rule == "unreadable"));
    }
}
