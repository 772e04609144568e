//! `draft validate`: a deterministic rule catalogue over what a change
//! added — secrets, debug prints, TODOs without an issue, skipped or
//! deleted tests, new dependencies missing from tech-stack.md, oversized
//! files.
//!
//! The change is a track's commits (`--track`), `BASE...HEAD` (`--base`),
//! or, with neither, the work tree against HEAD (staged, unstaged and
//! untracked files). Line rules read only the *added* lines, at their
//! numbers in the new file ([`draft_core::changes`]); file rules read the
//! changed files. The context tree (`draft/`, `conductor/`) is `draft
//! check`'s and is not read. Findings are `draft check`'s [`Diagnostic`]s,
//! so the CLI renders them with check's human, JSON, SARIF and GitHub
//! renderers. A line that says `draft-validate: allow <rule>` is not
//! reported for that rule; `[validate]` in `draft/config.toml` turns rules
//! off, changes their severity, sets the size limit and excludes paths.

pub mod config;
mod files;
pub mod rules;
pub mod scan;

use crate::rule::RuleInfo;
use config::ValidateConfig;
use draft_core::changes::{self, ChangeSource, FileChange};
use draft_core::error::{Error, Result};
use draft_core::workspace::{Layout, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
pub use rules::{VALIDATE_RULES, validate_rule};
use serde::Serialize;

/// What to validate.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// A track's commits.
    pub track: Option<String>,
    /// `BASE...HEAD`.
    pub base: Option<String>,
}

/// Which change was read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValidateScope {
    /// `track`, `base` or `worktree`.
    pub kind: &'static str,
    /// The track, for `track`.
    pub track: Option<String>,
    /// The base revision, for `base`.
    pub base: Option<String>,
    /// Commits read, for `track` (full SHAs, newest first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commits: Vec<String>,
}

/// Findings by severity.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValidateSummary {
    /// Findings with severity `error`; any makes the exit code 1.
    pub errors: usize,
    /// Findings with severity `warning`.
    pub warnings: usize,
    /// Findings with severity `info`.
    pub infos: usize,
}

/// `draft validate --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValidateReport {
    /// Absolute path of the project root.
    pub root: String,
    /// The context tree (not itself validated).
    pub layout: Layout,
    /// Which change was read.
    pub scope: ValidateScope,
    /// Changed files read (excluded and context files not counted).
    pub files_checked: usize,
    /// Added lines scanned.
    pub lines_scanned: usize,
    /// Findings by severity.
    pub summary: ValidateSummary,
    /// Every finding, sorted by file, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Things worth knowing: an empty change, suppressed findings.
    pub notes: Vec<String>,
}

impl ValidateReport {
    /// Findings of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Run the catalogue over the change `opts` names.
pub fn run(ws: &Workspace, opts: &ValidateOptions) -> Result<ValidateReport> {
    let (config, mut diags) = config::load(ws);
    let git = ws.git();
    let (scope, source) = resolve_scope(ws, opts)?;
    let mut notes = Vec::new();
    let context = format!("{}/", ws.rel(&ws.context_dir()));
    let all = changes::changed_files(&git, &source)?;
    let files: Vec<FileChange> =
        all.into_iter().filter(|f| !f.path.starts_with(&context) && !config.excluded(&f.path)).collect();
    if files.is_empty() {
        notes.push("the change touches no file outside the context tree: nothing to validate".to_owned());
    }
    let added = changes::added_lines(&git, &source, &files)?;
    let mut lines_scanned = 0;
    let mut suppressed = 0;
    for (path, lines) in &added {
        let text = std::fs::read_to_string(ws.root.join(path)).ok();
        let facts = scan::FileFacts::new(path, text.as_deref());
        for l in lines {
            lines_scanned += 1;
            let mut found = Vec::new();
            scan::scan_line(&facts, l.line, &l.text, &mut found);
            let allow = scan::allowed(&l.text);
            let before = found.len();
            found.retain(|d| !allow.iter().any(|a| a == d.rule || a == "all"));
            suppressed += before - found.len();
            diags.extend(found);
        }
    }
    diags.extend(files::size(ws, &files, config.max_file_size));
    diags.extend(files::deleted_tests(&files));
    diags.extend(files::new_dependencies(ws, &git, &source, &files, &added));
    if suppressed > 0 {
        notes.push(format!("{suppressed} finding(s) suppressed by `draft-validate: allow` comments"));
    }
    let diagnostics = finish(diags, &config);
    let summary = ValidateSummary {
        errors: diagnostics.iter().filter(|d| d.severity == Severity::Error).count(),
        warnings: diagnostics.iter().filter(|d| d.severity == Severity::Warning).count(),
        infos: diagnostics.iter().filter(|d| d.severity == Severity::Info).count(),
    };
    Ok(ValidateReport {
        root: ws.root.display().to_string(),
        layout: ws.layout,
        scope,
        files_checked: files.len(),
        lines_scanned,
        summary,
        diagnostics,
        notes,
    })
}

/// The scope's description and the change source it reads.
fn resolve_scope(ws: &Workspace, opts: &ValidateOptions) -> Result<(ValidateScope, ChangeSource)> {
    let git = ws.git();
    match (&opts.track, &opts.base) {
        (Some(_), Some(_)) => Err(Error::Usage("--track and --base name two different changes; pass one".to_owned())),
        (None, Some(base)) => {
            if git.resolve_commit(base)?.is_none() {
                return Err(Error::Usage(format!("--base {base:?} names no commit")));
            }
            let scope = ValidateScope { kind: "base", track: None, base: Some(base.clone()), commits: Vec::new() };
            Ok((scope, ChangeSource::Range(base.clone())))
        }
        (track, None) if track.is_some() => {
            let (id, commits) = crate::track_commits::track_commit_list(ws, track.as_deref())?;
            let shas: Vec<String> = commits.commits.iter().map(|c| c.sha.clone()).collect();
            let scope = ValidateScope { kind: "track", track: Some(id), base: None, commits: shas.clone() };
            Ok((scope, ChangeSource::Commits(shas)))
        }
        _ => Ok((
            ValidateScope { kind: "worktree", track: None, base: None, commits: Vec::new() },
            ChangeSource::WorkTree,
        )),
    }
}

/// Config filters and severities, then sorted and de-duplicated.
fn finish(diags: Vec<Diagnostic>, config: &ValidateConfig) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| config.enabled(d.rule))
        .map(|mut d| {
            d.severity = config.severity_of(d.rule, d.severity);
            d
        })
        .collect();
    out.sort_by(|a, b| (a.file.as_str(), a.line, a.column, a.rule).cmp(&(b.file.as_str(), b.line, b.column, b.rule)));
    out.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.rule == b.rule && a.message == b.message);
    out
}

/// The catalogue's rows, for renderers that want `&[&RuleInfo]`.
#[must_use]
pub fn rules() -> &'static [&'static RuleInfo] {
    VALIDATE_RULES
}
