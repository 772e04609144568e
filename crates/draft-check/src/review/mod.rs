//! `draft review`: everything mechanical a reviewer needs for a track,
//! gathered in one report, and the verdict recorded afterwards.
//!
//! The gather reads the track's commits (SHAs recorded on its tasks and
//! `type(<id>): …` subjects; a recorded SHA git does not know is a finding),
//! or `BASE...HEAD` with `--base`; the combined diff stats with each file's
//! class and whether a reviewer skips it (lock, minified, generated,
//! vendored); the spec's acceptance criteria, each matched to the tests it
//! names ([`criteria`]); the project's test and lint commands, run with a
//! timeout, failing tests parsed from their output ([`commands`]); the
//! blast radius from the code graph when its store exists (feature
//! `graph`); and a slot for diff coverage ([`diff_coverage`], filled by
//! `draft coverage`). It then writes `tracks/<id>/review.md`: the facts
//! between generated markers, the agent's sections outside them kept byte
//! for byte ([`document`]). `--record` stores the verdict in metadata.json
//! and the report ([`record`]).

pub mod commands;
pub mod criteria;
pub mod document;
pub mod record;

pub(crate) use crate::track_commits::load_track;
use commands::CommandRun;
use criteria::Criterion;
use draft_core::changes::{self, ChangeSource, ChangeStatus};
use draft_core::engine::context::TrackCommit;
use draft_core::engine::context::commits::all_track_commits;
use draft_core::engine::status::track_title;
use draft_core::error::{Error, Result};
use draft_core::tree::TrackDocs;
use draft_core::workspace::{Layout, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::files::{FileClass, SkipKind, skip_kind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// Changed lines (added + removed, skipped files aside) from which a review goes file by file.
pub const FILE_BY_FILE_LINES: u64 = 300;

/// Default time each test or lint command may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// A recorded SHA that names no commit.
pub const MISSING_SHA: &str = "review-missing-sha";
/// An acceptance criterion names a test that does not exist.
pub const MISSING_TEST: &str = "review-missing-test";
/// A test or lint command failed or timed out.
pub const COMMAND_FAILED: &str = "review-command-failed";

/// What to gather.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    /// The track (default: the active one).
    pub track: Option<String>,
    /// Review `BASE...HEAD` instead of the track's commits.
    pub base: Option<String>,
    /// Run the test and lint commands.
    pub run: bool,
    /// Time each command may take.
    pub timeout: Duration,
    /// Write `review.md`.
    pub write: bool,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        Self { track: None, base: None, run: true, timeout: DEFAULT_TIMEOUT, write: true }
    }
}

/// The track under review.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewTrack {
    /// Track id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Folder, relative to the root.
    pub path: String,
}

/// What was reviewed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewScope {
    /// `track` (its commits) or `base` (`BASE...HEAD`).
    pub kind: &'static str,
    /// The base revision, for `base`.
    pub base: Option<String>,
}

/// One changed file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangedFile {
    /// Path relative to the root.
    pub path: String,
    /// The old path of a rename.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// How it changed.
    pub status: ChangeStatus,
    /// Lines added (null for a binary file).
    pub additions: Option<u64>,
    /// Lines removed (null for a binary file).
    pub deletions: Option<u64>,
    /// Code, test, doc or config.
    pub class: FileClass,
    /// Why a reviewer skips it, or null.
    pub skipped: Option<SkipKind>,
}

/// Changed files by class; `generated` counts every skipped file.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassCounts {
    /// Production source.
    pub code: usize,
    /// Tests.
    pub test: usize,
    /// Documentation.
    pub docs: usize,
    /// Configuration.
    pub config: usize,
    /// Lock files, minified, generated and vendored files (skipped).
    pub generated: usize,
}

/// The combined diff.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffStats {
    /// Files changed.
    pub files: usize,
    /// Lines added, summed over the commits.
    pub additions: u64,
    /// Lines removed, summed over the commits.
    pub deletions: u64,
    /// Lines added and removed in files a reviewer reads (skipped files and the draft tree aside).
    pub review_lines: u64,
    /// `review_lines` ≥ 300: review file by file.
    pub file_by_file: bool,
    /// Files by class.
    pub by_class: ClassCounts,
    /// Every changed file, by path.
    pub changed: Vec<ChangedFile>,
}

/// Diff coverage as `draft coverage` measures it (see [`diff_coverage`]).
pub use draft_core::engine::coverage::DiffCoverage;

/// Files that depend on the changed ones, from the code graph.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BlastRadius {
    /// Hops followed from each changed file.
    pub depth: usize,
    /// Dependents, nearest first, then by path (changed files themselves left out).
    pub files: Vec<Dependent>,
    /// Dependents by class.
    pub by_class: BTreeMap<FileClass, usize>,
}

/// A file that imports a changed file, directly or through others.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Dependent {
    /// Path relative to the root.
    pub path: String,
    /// Imports between it and the nearest changed file (1 = direct).
    pub hops: usize,
    /// Code, test, doc or config.
    pub class: FileClass,
}

/// `draft review --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewReport {
    /// Absolute path of the project root.
    pub root: String,
    /// Which tree was read.
    pub layout: Layout,
    /// The track, or null for `--base` without a track.
    pub track: Option<ReviewTrack>,
    /// What was reviewed.
    pub scope: ReviewScope,
    /// The commits reviewed, newest first.
    pub commits: Vec<TrackCommit>,
    /// The combined diff.
    pub diff: DiffStats,
    /// The spec's acceptance criteria, each with the tests it names.
    pub criteria: Vec<Criterion>,
    /// The test and lint commands, run or (with `--no-run`) only listed.
    pub commands: Vec<CommandRun>,
    /// Diff coverage, or null (see `draft coverage`).
    pub diff_coverage: Option<DiffCoverage>,
    /// Dependents of the changed files, or null without a code graph.
    pub blast_radius: Option<BlastRadius>,
    /// Missing SHAs, named tests that do not exist, failing commands.
    pub findings: Vec<Diagnostic>,
    /// Things worth knowing.
    pub notes: Vec<String>,
    /// The review.md written (relative to the root), or null.
    pub report: Option<String>,
}

impl ReviewReport {
    /// Findings with severity error.
    #[must_use]
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.severity == Severity::Error).count()
    }
}

/// Gather the review of the track (or range) `opts` names, and write review.md unless told not to.
pub fn gather(ws: &Workspace, opts: &ReviewOptions) -> Result<ReviewReport> {
    let mut notes = Vec::new();
    let mut findings = Vec::new();
    let git = ws.git();
    let loaded = match load_track(ws, opts.track.as_deref()) {
        Ok(found) => Some(found),
        Err(Error::NoActiveTrack) if opts.base.is_some() && opts.track.is_none() => {
            notes.push("no active track: no spec to match, the range alone is reviewed".to_owned());
            None
        }
        Err(e) => return Err(e),
    };
    let docs: Option<&TrackDocs> = loaded.as_ref().and_then(|(tree, id)| tree.tracks.iter().find(|t| &t.id == id));
    let track = loaded.as_ref().zip(docs).map(|((tree, _), t)| ReviewTrack {
        id: t.id.clone(),
        title: track_title(tree, t),
        path: ws.rel(&t.dir),
    });

    let (scope, commits, source) = match (&opts.base, docs) {
        (Some(base), _) => {
            if git.resolve_commit(base)?.is_none() {
                return Err(Error::Usage(format!("--base {base:?} names no commit")));
            }
            let commits = range_commits(ws, base)?;
            (ReviewScope { kind: "base", base: Some(base.clone()) }, commits, ChangeSource::Range(base.clone()))
        }
        (None, Some(t)) => {
            let all = all_track_commits(&git, t, None)?;
            findings.extend(all.missing.iter().map(|m| missing_sha(ws, t, m)));
            let shas = all.commits.iter().map(|c| c.sha.clone()).collect();
            (ReviewScope { kind: "track", base: None }, all.commits, ChangeSource::Commits(shas))
        }
        (None, None) => return Err(Error::NoActiveTrack),
    };
    if commits.is_empty() {
        notes.push(match scope.kind {
            "track" => {
                "no commits found for the track: no SHA is recorded on a done task and no subject is scoped `(<id>)`"
                    .to_owned()
            }
            _ => "the range holds no commits".to_owned(),
        });
    }
    let diff = diff_stats(&git, &source, &format!("{}/", ws.rel(&ws.context_dir())))?;
    let criteria = match docs {
        Some(t) => criteria::gather(ws, t, &mut findings, &mut notes),
        None => Vec::new(),
    };
    let commands = commands::gather(ws, opts.run, opts.timeout, &mut findings, &mut notes);
    let paths: Vec<String> =
        diff.changed.iter().filter(|f| f.status != ChangeStatus::Deleted).map(|f| f.path.clone()).collect();
    let blast_radius = blast_radius(ws, &paths, &mut notes);
    let diff_coverage = diff_coverage(ws, base_of(&scope), &mut notes);
    let mut report = ReviewReport {
        root: ws.root.display().to_string(),
        layout: ws.layout,
        track,
        scope,
        commits,
        diff,
        criteria,
        commands,
        diff_coverage,
        blast_radius,
        findings,
        notes,
        report: None,
    };
    if opts.write
        && let Some(t) = docs
    {
        report.report = Some(document::write(ws, t, &report)?);
    }
    Ok(report)
}

fn missing_sha(ws: &Workspace, track: &TrackDocs, m: &draft_core::engine::context::commits::MissingSha) -> Diagnostic {
    Diagnostic::file(
        MISSING_SHA,
        Severity::Warning,
        ws.rel(&track.dir.join("plan.md")),
        format!("task {} records {} but git knows no such commit", m.task, m.sha),
    )
    .at(m.line, 0)
    .with_hint(
        "the branch was rebased or the SHA mistyped: record the right one with `draft task done REF --commit SHA`",
    )
}

/// Commits in `BASE..HEAD` (what HEAD has that BASE does not), newest first.
fn range_commits(ws: &Workspace, base: &str) -> Result<Vec<TrackCommit>> {
    let out = ws.git().run(&["log", "--format=%H%x00%h%x00%cs%x00%s", &format!("{base}..HEAD")])?;
    Ok(out
        .lines()
        .filter_map(|l| {
            let mut f = l.splitn(4, '\0');
            Some(TrackCommit {
                sha: f.next()?.to_owned(),
                short: f.next()?.to_owned(),
                date: f.next()?.to_owned(),
                subject: f.next()?.to_owned(),
                reason: format!("in {base}..HEAD"),
            })
        })
        .collect())
}

/// The combined diff stats of `source`. Files under `context` (the draft
/// tree: spec, plan, bookkeeping) are listed but not counted as lines to
/// review: stage one reads the spec on its own terms.
fn diff_stats(git: &draft_core::git::Git, source: &ChangeSource, context: &str) -> Result<DiffStats> {
    let files = changes::changed_files(git, source)?;
    let mut stats = DiffStats { files: files.len(), ..DiffStats::default() };
    for f in files {
        let class = FileClass::of(&f.path);
        let skipped = skip_kind(&f.path);
        let lines = f.additions.unwrap_or(0) + f.deletions.unwrap_or(0);
        stats.additions += f.additions.unwrap_or(0);
        stats.deletions += f.deletions.unwrap_or(0);
        let slot = match (skipped, class) {
            (Some(_), _) => &mut stats.by_class.generated,
            (None, FileClass::Code) => &mut stats.by_class.code,
            (None, FileClass::Test) => &mut stats.by_class.test,
            (None, FileClass::Doc) => &mut stats.by_class.docs,
            (None, FileClass::Config) => &mut stats.by_class.config,
        };
        *slot += 1;
        if skipped.is_none() && !f.path.starts_with(context) {
            stats.review_lines += lines;
        }
        stats.changed.push(ChangedFile {
            path: f.path,
            old_path: f.old_path,
            status: f.status,
            additions: f.additions,
            deletions: f.deletions,
            class,
            skipped,
        });
    }
    stats.file_by_file = stats.review_lines >= FILE_BY_FILE_LINES;
    Ok(stats)
}

/// Diff coverage of the change, from the coverage report `draft coverage`
/// would read (found in the usual places), against `base` (else the merge
/// base with the main branch, as `draft coverage` does). No report, or one
/// that cannot be read, is a note, not an error: coverage is optional.
pub fn diff_coverage(ws: &Workspace, base: Option<&str>, notes: &mut Vec<String>) -> Option<DiffCoverage> {
    use draft_core::engine::coverage;
    let (Some(report), _) = coverage::tool::find_report(&ws.root) else {
        notes.push("no coverage report found: run `draft coverage --run`, then `draft review` again".to_owned());
        return None;
    };
    match coverage::diff_coverage(ws, base, &report) {
        Ok(found) => found,
        Err(e) => {
            notes.push(format!("diff coverage not measured: {e}"));
            None
        }
    }
}

/// The ref a `--base` review compares with.
fn base_of(scope: &ReviewScope) -> Option<&str> {
    scope.base.as_deref()
}

/// Hops the blast radius follows from each changed file.
pub const BLAST_DEPTH: usize = 2;

/// The dependents of `paths` from the code graph, when its store exists.
#[cfg(feature = "graph")]
fn blast_radius(ws: &Workspace, paths: &[String], notes: &mut Vec<String>) -> Option<BlastRadius> {
    use draft_graph::query::{Direction, reach};
    let dir = draft_graph::store::state_dir(ws);
    if !draft_graph::store::Store::path(&dir).is_file() {
        notes.push("no code graph: run `draft graph build` to see the blast radius".to_owned());
        return None;
    }
    let graph = match draft_graph::build(&ws.root, &dir, None) {
        Ok((g, _)) => g,
        Err(e) => {
            notes.push(format!("the code graph could not be read ({e}): run `draft graph build`"));
            return None;
        }
    };
    let mut best: BTreeMap<String, (usize, FileClass)> = BTreeMap::new();
    for p in paths.iter().filter(|p| graph.files.contains_key(p.as_str())) {
        let Ok(r) = reach(&graph, p, Some(BLAST_DEPTH), Direction::Dependents) else { continue };
        for f in r.files {
            let e = best.entry(f.path).or_insert((f.hops, f.class));
            e.0 = e.0.min(f.hops);
        }
    }
    for p in paths {
        best.remove(p);
    }
    let mut files: Vec<Dependent> =
        best.into_iter().map(|(path, (hops, class))| Dependent { path, hops, class }).collect();
    files.sort_by(|a, b| (a.hops, &a.path).cmp(&(b.hops, &b.path)));
    let mut by_class = BTreeMap::new();
    for f in &files {
        *by_class.entry(f.class).or_default() += 1;
    }
    Some(BlastRadius { depth: BLAST_DEPTH, files, by_class })
}

/// Without the `graph` feature there is no code graph to ask.
#[cfg(not(feature = "graph"))]
fn blast_radius(_ws: &Workspace, _paths: &[String], notes: &mut Vec<String>) -> Option<BlastRadius> {
    notes.push("this draft was built without the code graph: no blast radius".to_owned());
    None
}
