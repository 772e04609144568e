//! `draft coverage`: run the project's coverage tool, read its report,
//! and measure the project, a track's files and the changed lines against
//! the workflow's target.
//!
//! The report is streamed through draft-coverage into per-file line ranges
//! (never held whole), with paths mapped onto the repository (`tool`
//! finds the tool and the report, `diff` asks git for the changed lines
//! and a track's files, `record` reads the target and writes the figures).
//! The scope is the files a track's commits touched (`--track`), else the
//! whole project; diff coverage is always the branch's changed lines
//! against the merge base (diff-cover's rule). Files outside the
//! repository (absolute paths after mapping) are left out. Recording (a
//! track given and not `--no-record`) writes metadata.json and plan.md
//! under the lock; everything else only reads. [`diff_coverage`] is the
//! same diff measurement for other engines (`draft review`).

pub mod diff;
pub mod record;
pub mod tool;

use crate::error::{Error, Result};
use crate::workspace::Workspace;
use draft_coverage::paths::PathMap;
use draft_coverage::summary::{FileSummary, Summary};
use draft_coverage::{Format, ReportError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What `coverage` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CoverageOptions {
    /// Measure this track's files and record the figures in it.
    pub track: Option<String>,
    /// Run the detected coverage tool first.
    pub run: bool,
    /// The report to read (absolute, or relative to the root); else found.
    pub report: Option<PathBuf>,
    /// The ref to diff against; else origin/main, origin/master, main, master.
    pub base: Option<String>,
    /// Write the figures into the track (only with `track`).
    pub record: bool,
    /// Stream the tool's output to stderr (else keep its last lines).
    pub stream: bool,
    /// Told the command line (and its directory) just before `--run` starts it.
    pub announce: Option<fn(&str, &str)>,
}

/// How the report was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// `--report`.
    Option,
    /// Written by the `--run` command.
    Run,
    /// The newest report in the usual places.
    Auto,
}

/// The report that was read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportFile {
    /// Its path, relative to the root when inside it.
    pub path: String,
    /// Its format.
    pub format: Format,
    /// How it was chosen.
    pub found: Found,
    /// Every report found in the usual places (for `auto`).
    pub candidates: Vec<String>,
    /// File entries read from it.
    pub records: u64,
}

/// The `--run` command and how it went.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RunInfo {
    /// The tool (`cargo llvm-cov`, `pytest-cov`, `go test`, …).
    pub tool: String,
    /// The exact command line run.
    pub command: String,
    /// Where it ran, relative to the root.
    pub dir: String,
    /// Its exit code (the first failing step's), null when killed by a signal.
    pub exit_code: Option<i32>,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// The last lines of its output (JSON output only; text output streams it).
    pub output_tail: Vec<String>,
}

/// The target and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Target {
    /// Percent of lines.
    pub percent: f64,
    /// `draft/workflow.md:LINE`, or `default` (95 %).
    pub source: String,
}

/// What was measured.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopeInfo {
    /// `track` (the files its commits touched) or `project`.
    pub kind: String,
    /// The track, when given.
    pub track: Option<String>,
    /// The track's commits found.
    pub commits: usize,
    /// Files the track touched (empty for the project).
    pub track_files: Vec<String>,
}

/// Line (and branch) totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Totals {
    /// Executable lines.
    pub lines_total: u64,
    /// Lines that ran.
    pub lines_covered: u64,
    /// Covered / total × 100, two decimals; null without executable lines.
    pub percent: Option<f64>,
    /// Branch outcomes.
    pub branches_total: u64,
    /// Branch outcomes taken.
    pub branches_covered: u64,
    /// Covered / total × 100, two decimals; null without branch data.
    pub branch_percent: Option<f64>,
}

/// One file's figures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FileCoverage {
    /// Repository-relative path.
    pub path: String,
    /// Its totals.
    #[serde(flatten)]
    pub totals: Totals,
    /// Lines that never ran, as ranges: `12-18, 40`.
    pub uncovered: String,
    /// The same as [first, last] pairs.
    pub uncovered_ranges: Vec<[u32; 2]>,
    /// Below the target.
    pub below_target: bool,
}

/// Coverage of the changed lines of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffFile {
    /// Repository-relative path.
    pub path: String,
    /// Lines added or modified.
    pub lines_changed: u64,
    /// Of those, executable ones (the report knows them).
    pub lines_total: u64,
    /// Of those, covered ones.
    pub lines_covered: u64,
    /// Covered / total × 100, two decimals; null when no changed line is executable.
    pub percent: Option<f64>,
    /// Executable changed lines that never ran.
    pub missing: Vec<u32>,
    /// The same as ranges: `12-18, 40`.
    pub missing_ranges: String,
}

/// Coverage of exactly the lines a branch changed (diff-cover's measure).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffCoverage {
    /// The ref compared with.
    pub base: String,
    /// Its merge base with HEAD.
    pub merge_base: String,
    /// Lines added or modified in files the report measures.
    pub lines_changed: u64,
    /// Executable changed lines.
    pub lines_total: u64,
    /// Covered changed lines.
    pub lines_covered: u64,
    /// Covered / total × 100, two decimals; null when no changed line is executable.
    pub percent: Option<f64>,
    /// Changed files with at least one executable changed line, by path.
    pub files: Vec<DiffFile>,
    /// Changed files the report does not mention (outside the context directory).
    pub not_in_report: Vec<String>,
}

/// Figures recorded in metadata.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Recorded {
    /// Overall percent.
    pub overall: Option<f64>,
    /// Diff percent.
    pub diff: Option<f64>,
    /// Target percent.
    pub target: Option<f64>,
    /// When.
    pub timestamp: Option<String>,
}

/// Change since the recorded figures, in percentage points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Delta {
    /// Overall.
    pub overall: Option<f64>,
    /// Changed lines.
    pub diff: Option<f64>,
}

/// Everything `draft coverage` measured and did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CoverageReport {
    /// The project root.
    pub root: String,
    /// The report read.
    pub report: ReportFile,
    /// The `--run` command, when one ran.
    pub run: Option<RunInfo>,
    /// The target.
    pub target: Target,
    /// What was measured.
    pub scope: ScopeInfo,
    /// Totals over the scope's files.
    pub overall: Totals,
    /// The scope's files, by path.
    pub files: Vec<FileCoverage>,
    /// Coverage of the changed lines, when there is a base to compare with.
    pub diff: Option<DiffCoverage>,
    /// Overall or diff coverage below the target, or the `--run` command failed (exit code 1).
    pub below_target: bool,
    /// The figures recorded before this run (for a track).
    pub previous: Option<Recorded>,
    /// Change since then.
    pub delta: Option<Delta>,
    /// Files written (relative).
    pub written: Vec<String>,
    /// Things worth knowing.
    pub notes: Vec<String>,
}

/// Percent with two decimals.
fn percent(covered: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| ((covered as f64) * 10_000.0 / (total as f64)).round() / 100.0)
}

/// A report read into per-file summaries, keyed by repository path.
struct Read {
    files: BTreeMap<String, FileSummary>,
    format: Format,
    records: u64,
    outside: usize,
}

/// Repository files (tracked and untracked, not ignored) and Go modules.
fn path_map(ws: &Workspace) -> PathMap {
    let known: Vec<String> = ws
        .git()
        .run(&["-c", "core.quotepath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .map(|out| out.split('\0').filter(|p| !p.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let mut modules = Vec::new();
    for gomod in known.iter().filter(|p| *p == "go.mod" || p.ends_with("/go.mod")) {
        let text = std::fs::read_to_string(ws.root.join(gomod)).unwrap_or_default();
        let module =
            text.lines().find_map(|l| l.trim().strip_prefix("module ").map(|m| m.trim().trim_matches('"').to_owned()));
        if let Some(m) = module.filter(|m| !m.is_empty()) {
            modules.push((m, gomod.strip_suffix("go.mod").unwrap_or_default().trim_end_matches('/').to_owned()));
        }
    }
    let root = std::fs::canonicalize(&ws.root).unwrap_or_else(|_| ws.root.clone());
    PathMap::new(&root.to_string_lossy(), known, modules)
}

/// Stream the report at `path` into summaries.
fn read_report(ws: &Workspace, path: &Path) -> Result<Read> {
    let map = path_map(ws);
    // A report written inside a package (packages/web/coverage/lcov.info)
    // names files relative to that package: its folders are roots too.
    let mut own_roots: Vec<String> = Vec::new();
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| d.starts_with(&ws.root) && *d != ws.root.as_path()) {
        own_roots.push(ws.rel(d));
        dir = d.parent();
    }
    let mut sum = Summary::new(Box::new(|p: &str, s: &[String]| {
        if own_roots.is_empty() { map.map(p, s) } else { map.map(p, &[s, own_roots.as_slice()].concat()) }
    }));
    let format = draft_coverage::parse_file(path, None, &mut sum).map_err(|e| report_error(ws, path, e))?;
    let records = sum.records;
    let mut files = std::mem::take(&mut sum.files);
    let before = files.len();
    files.retain(|p, _| !PathMap::is_outside(p));
    Ok(Read { outside: before - files.len(), files, format, records })
}

fn report_error(ws: &Workspace, path: &Path, e: ReportError) -> Error {
    let file = Some(ws.rel(path));
    match e {
        ReportError::Io { source, .. } => Error::io("reading", path, source),
        ReportError::UnknownFormat { .. } => Error::CoverageReport {
            file,
            line: 0,
            message: format!("{} is not a coverage report draft can read", ws.rel(path)),
            hint: "draft reads lcov, Cobertura XML, JaCoCo XML, coverage.py JSON, llvm-cov export JSON and Go cover profiles; point --report at one".into(),
        },
        ReportError::Parse { line, message, .. } => Error::CoverageReport {
            file,
            line: usize::try_from(line).unwrap_or(0),
            message: format!("{}:{line}: {message}", ws.rel(path)),
            hint: "the report is damaged or cut short: run the coverage tool again (draft coverage --run)".into(),
        },
    }
}

/// The diff coverage of the branch against `base` (default: the main
/// branch) measured by the report at `report` — for engines such as
/// `draft review`. `Ok(None)` when there is nothing to compare with.
pub fn diff_coverage(ws: &Workspace, base: Option<&str>, report: &Path) -> Result<Option<DiffCoverage>> {
    let path = if report.is_absolute() { report.to_path_buf() } else { ws.root.join(report) };
    let read = read_report(ws, &path)?;
    let mut notes = Vec::new();
    measure_diff(ws, base, &read.files, &mut notes)
}

/// Compare the changed lines with the summaries.
fn measure_diff(
    ws: &Workspace,
    base: Option<&str>,
    files: &BTreeMap<String, FileSummary>,
    notes: &mut Vec<String>,
) -> Result<Option<DiffCoverage>> {
    let git = ws.git();
    let found = match diff::find_base(&git, base) {
        Ok(f) => f,
        Err(Error::Git(e)) if base.is_none() => {
            notes.push(format!("no diff coverage: {e}"));
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let b = match found {
        Ok(b) => b,
        Err(why) => {
            notes.push(why);
            return Ok(None);
        }
    };
    if git.resolve_commit("HEAD").ok().flatten().as_deref() == Some(b.merge_base.as_str()) {
        notes.push(format!(
            "HEAD is at the merge base with {}: only uncommitted changes count as changed lines",
            b.name
        ));
    }
    let changed = diff::changed_lines(&git, &b.merge_base)?;
    Ok(Some(diff_of(b, &changed, files, ws.layout.dir_name())))
}

fn diff_of(
    base: diff::Base,
    changed: &BTreeMap<String, Vec<u32>>,
    files: &BTreeMap<String, FileSummary>,
    context_dir: &str,
) -> DiffCoverage {
    let mut out = DiffCoverage {
        base: base.name,
        merge_base: base.merge_base,
        lines_changed: 0,
        lines_total: 0,
        lines_covered: 0,
        percent: None,
        files: Vec::new(),
        not_in_report: Vec::new(),
    };
    let prefix = format!("{context_dir}/");
    for (path, lines) in changed {
        let Some(s) = files.get(path) else {
            if !path.starts_with(&prefix) {
                out.not_in_report.push(path.clone());
            }
            continue;
        };
        let exec: Vec<u32> = lines.iter().copied().filter(|l| s.executable.contains(*l)).collect();
        let missing: Vec<u32> = exec.iter().copied().filter(|l| !s.covered.contains(*l)).collect();
        let (total, covered) = (exec.len() as u64, (exec.len() - missing.len()) as u64);
        out.lines_changed += lines.len() as u64;
        if total == 0 {
            // Like diff-cover: a file whose changed lines hold no code is not listed.
            continue;
        }
        out.lines_total += total;
        out.lines_covered += covered;
        out.files.push(DiffFile {
            path: path.clone(),
            lines_changed: lines.len() as u64,
            lines_total: total,
            lines_covered: covered,
            percent: percent(covered, total),
            missing_ranges: draft_coverage::ranges::RangeSet::from_sorted(missing.iter().copied()).describe(),
            missing,
        });
    }
    out.percent = percent(out.lines_covered, out.lines_total);
    out
}

fn totals_of<'a>(files: impl Iterator<Item = &'a FileSummary>) -> Totals {
    let mut t = Totals::default();
    for f in files {
        t.lines_total += f.lines_total();
        t.lines_covered += f.lines_covered();
        let (bc, bt) = f.branch_totals();
        t.branches_covered += bc;
        t.branches_total += bt;
    }
    t.percent = percent(t.lines_covered, t.lines_total);
    t.branch_percent = percent(t.branches_covered, t.branches_total);
    t
}

/// Run `draft coverage` (see the module doc).
pub fn coverage(ws: &Workspace, opts: &CoverageOptions) -> Result<CoverageReport> {
    let mut notes = Vec::new();
    let target = record::target(ws);
    let track = match &opts.track {
        Some(id) => Some(load_track(ws, id)?),
        None => None,
    };
    let mut run = None;
    let mut planned_report = None;
    if opts.run {
        let facts = draft_facts::detect(&ws.root);
        let plans = tool::detect(&ws.root, &facts);
        let Some(plan) = plans.first() else {
            return Err(Error::CoverageReport {
                file: None,
                line: 0,
                message: "no coverage tool found for this project".into(),
                hint: "draft knows cargo llvm-cov/tarpaulin, pytest-cov/coverage.py, jest/vitest/c8/nyc, go test and JaCoCo from the manifests; run your tool yourself and pass --report PATH".into(),
            });
        };
        for other in &plans[1..] {
            notes.push(format!(
                "also found {} ({}); run it yourself and pass --report to measure that part",
                other.tool, other.because
            ));
        }
        if let Some(announce) = opts.announce {
            announce(&plan.command_line(), &plan.dir);
        }
        let dir = if plan.dir == "." { ws.root.clone() } else { ws.root.join(&plan.dir) };
        let report_path = dir.join(&plan.report);
        // The report counts as the run's when the run created or changed it. Comparing
        // its mtime with the clock instead misjudges a fast tool: the kernel stamps files
        // from a coarse clock that can lag the time read before the run by a few ms.
        let stamp = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.modified().ok(), m.len()));
        let before = stamp(&report_path);
        let info = tool::run(ws, plan, opts.stream)?;
        if info.exit_code != Some(0) {
            notes.push(format!(
                "`{}` exited with {}",
                info.command,
                info.exit_code.map_or("a signal".into(), |c| c.to_string())
            ));
        }
        planned_report = Some(report_path).filter(|p| stamp(p).is_some_and(|now| Some(now) != before));
        run = Some(info);
    }
    let (path, found, candidates) = match (&opts.report, planned_report) {
        (Some(p), _) => (if p.is_absolute() { p.clone() } else { ws.root.join(p) }, Found::Option, Vec::new()),
        (None, Some(p)) => (p, Found::Run, Vec::new()),
        (None, None) => {
            let (best, all) = tool::find_report(&ws.root);
            let Some(best) = best else {
                let ran = run.as_ref().map_or(String::new(), |r| format!(" (`{}` wrote none)", r.command));
                return Err(Error::CoverageReport {
                    file: None,
                    line: 0,
                    message: format!("no coverage report found{ran}; looked for {}", tool::REPORT_PLACES.join(", ")),
                    hint: "run your tests with coverage (`draft coverage --run` runs the detected tool), or pass --report PATH".into(),
                });
            };
            if all.len() > 1 {
                notes.push(format!("used the newest report, {}; also found {}", all[0], all[1..].join(", ")));
            }
            (best, Found::Auto, all)
        }
    };
    let read = read_report(ws, &path)?;
    if read.outside > 0 {
        notes.push(format!("{} file(s) outside the repository in the report were left out", read.outside));
    }
    let mut scope =
        ScopeInfo { kind: "project".into(), track: opts.track.clone(), commits: 0, track_files: Vec::new() };
    let mut in_scope: Option<BTreeSet<String>> = None;
    if let Some(t) = &track {
        match diff::track_files(&ws.git(), &t.id, t.plan.as_ref(), ws.layout.dir_name()) {
            Ok((files, commits)) if !files.is_empty() => {
                scope.kind = "track".into();
                scope.commits = commits;
                scope.track_files = files.iter().cloned().collect();
                in_scope = Some(files);
            }
            Ok(_) => notes.push(format!("track {} has no commits yet: the whole project is measured", t.id)),
            Err(e) => {
                notes.push(format!("the track's commits could not be listed ({e}): the whole project is measured"))
            }
        }
    }
    let selected: Vec<(&String, &FileSummary)> =
        read.files.iter().filter(|(p, _)| in_scope.as_ref().is_none_or(|s| s.contains(*p))).collect();
    let overall = totals_of(selected.iter().map(|(_, f)| *f));
    let files: Vec<FileCoverage> = selected
        .iter()
        .map(|(p, f)| {
            let totals = totals_of(std::iter::once(*f));
            let uncovered = f.uncovered();
            FileCoverage {
                path: (*p).clone(),
                below_target: totals.percent.is_some_and(|v| v < target.percent),
                uncovered: uncovered.describe(),
                uncovered_ranges: uncovered.ranges().iter().map(|(a, b)| [*a, *b]).collect(),
                totals,
            }
        })
        .collect();
    let diff = measure_diff(ws, opts.base.as_deref(), &read.files, &mut notes)?;
    let below_target = overall.percent.is_some_and(|v| v < target.percent)
        || diff.as_ref().and_then(|d| d.percent).is_some_and(|v| v < target.percent)
        || run.as_ref().is_some_and(|r| r.exit_code != Some(0));
    let mut report = CoverageReport {
        root: ws.root.display().to_string(),
        report: ReportFile { path: ws.rel(&path), format: read.format, found, candidates, records: read.records },
        run,
        target,
        scope,
        overall,
        files,
        diff,
        below_target,
        previous: None,
        delta: None,
        written: Vec::new(),
        notes,
    };
    if let Some(t) = &track {
        finish_track(ws, t, opts.record, &mut report)?;
    }
    Ok(report)
}

/// Previous figures, the delta, and (when asked) the recording.
fn finish_track(ws: &Workspace, t: &TrackRef, write: bool, report: &mut CoverageReport) -> Result<()> {
    let previous = record::previous(&t.dir.join("metadata.json"));
    let overall = report.overall.percent;
    let diff = report.diff.as_ref().and_then(|d| d.percent);
    if let Some(p) = &previous {
        let d = |now: Option<f64>, then: Option<f64>| {
            now.zip(then).map(|(a, b)| record::one_decimal(record::one_decimal(a) - b))
        };
        report.delta = Some(Delta { overall: d(overall, p.overall), diff: d(diff, p.diff) });
    }
    report.previous = previous;
    if write {
        let recorded = Recorded {
            overall,
            diff,
            target: Some(report.target.percent),
            timestamp: Some(crate::clock::iso(ws.now())),
        };
        let line = record::plan_line(overall, diff, report.target.percent);
        let (written, notes) = record::write(ws, &t.dir, &recorded, &line)?;
        report.written = written;
        report.notes.extend(notes);
    }
    Ok(())
}

/// A track's folder and plan.
struct TrackRef {
    id: String,
    dir: PathBuf,
    plan: Option<draft_model::plan::Plan>,
}

fn load_track(ws: &Workspace, id: &str) -> Result<TrackRef> {
    use crate::tree::{Scope, Tree};
    ws.track_dir(id)?;
    let tree = Tree::load_scoped(ws, Scope::Track(id))?;
    let Some(t) = tree.tracks.iter().chain(&tree.archived).find(|t| t.id == id) else {
        return Err(super::status::unknown_track(&Tree::scan(ws, Scope::All)?, id));
    };
    Ok(TrackRef { id: t.id.clone(), dir: t.dir.clone(), plan: t.plan.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use draft_coverage::FileRecord;
    use draft_coverage::Sink as _;

    #[test]
    fn diff_counts_only_executable_changed_lines() {
        let mut sum = Summary::verbatim();
        sum.file(FileRecord { path: "a.py".into(), lines: vec![(1, 1), (2, 0), (3, 1), (5, 0)], branches: vec![] });
        let changed: BTreeMap<String, Vec<u32>> =
            [("a.py".to_owned(), vec![2, 3, 4, 5]), ("b.md".to_owned(), vec![1]), ("draft/x.md".to_owned(), vec![1])]
                .into_iter()
                .collect();
        let base = diff::Base { name: "main".into(), merge_base: "abc".into() };
        let d = diff_of(base, &changed, &sum.files, "draft");
        assert_eq!((d.lines_changed, d.lines_total, d.lines_covered), (4, 3, 1));
        assert_eq!(d.percent, Some(33.33));
        assert_eq!(d.files[0].missing, [2, 5]);
        assert_eq!(d.not_in_report, ["b.md"]);
    }
}
