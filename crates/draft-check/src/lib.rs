//! `draft check`: the linter that makes every Draft document trustworthy.
//!
//! The runner loads the tree once (registry, plans, metadata), reads every
//! other document it checks (context docs, specs, ADRs), and runs the rule
//! families over them in parallel. Rules that need git never fork git per
//! finding: they return *requests* (a SHA to verify, a cited line range, a
//! synced commit) that are answered in three batched git calls afterwards.
//! Findings are then filtered by `[check] disable` in `config.toml`, by
//! per-file `<!-- draft-check-disable … -->` comments and by the paths or
//! tracks asked for, promoted under `--strict`, sorted and de-duplicated.

mod adr;
mod citations;
mod config;
mod consistency;
mod docs;
pub mod fix;
mod frontmatter;
mod gates;
mod gitq;
mod placeholders;
mod plan_grammar;
mod risk;
mod rules;
pub mod sarif;
mod spec;

pub use config::CheckConfig;
pub use docs::{Doc, DocKind};
pub use rules::{RULES, RuleInfo, rule_info};

use draft_core::error::{Error, Result};
use draft_core::tree::Tree;
use draft_core::workspace::{Layout, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Turn warnings into errors.
    pub strict: bool,
    /// Paths or track ids to restrict findings to (empty: everything).
    pub targets: Vec<String>,
    /// Directory relative targets are resolved against.
    pub cwd: PathBuf,
}

/// The result of a check run.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Project root.
    pub root: String,
    /// Layout checked.
    pub layout: Layout,
    /// Number of documents read.
    pub files_checked: usize,
    /// Findings, sorted by file, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    /// Findings of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Distinct files with findings.
    #[must_use]
    pub fn files_with_findings(&self) -> usize {
        let mut files: Vec<&str> = self.diagnostics.iter().map(|d| d.file.as_str()).collect();
        files.dedup();
        files.len()
    }
}

/// A git question a rule wants answered; the runner batches them.
#[derive(Debug, Clone)]
pub(crate) enum Request {
    /// Emit `diag` when `sha` does not name a commit.
    Commit { sha: String, diag: Diagnostic },
    /// Check that `path` exists at HEAD and has at least `end` lines.
    Citation { path: String, start: usize, end: usize, diag: Diagnostic },
    /// Report when `sha` is more than the threshold behind HEAD.
    Synced { sha: String, file: String, line: usize, column: usize },
}

/// Everything rules may read.
pub(crate) struct Ctx<'a> {
    pub ws: &'a Workspace,
    pub tree: &'a Tree,
    pub config: &'a CheckConfig,
    pub docs: &'a [Doc],
    /// workflow.md asks for one commit per task.
    pub commit_per_task: bool,
}

/// Run every rule over the project at `ws`.
pub fn run(ws: &Workspace, opts: &CheckOptions) -> Result<CheckReport> {
    let (config, mut diags) = config::load(ws);
    let tree = Tree::load(ws)?;
    let filter = TargetFilter::new(ws, &tree, opts)?;
    let docs = docs::collect(ws, &tree, &mut diags);
    let commit_per_task = docs::commit_per_task(ws);
    let ctx = Ctx { ws, tree: &tree, config: &config, docs: &docs, commit_per_task };

    // Tree-level findings (registry/folder mismatches, unreadable files, YAML);
    // frontmatter YAML is re-reported per document below, so skip it here.
    diags.extend(tree.diagnostics.iter().filter(|d| d.rule != "frontmatter-yaml").cloned());

    let per_doc: Vec<(Vec<Diagnostic>, Vec<Request>)> = docs
        .par_iter()
        .map(|doc| {
            let mut out = Vec::new();
            let mut req = Vec::new();
            frontmatter::check(&ctx, doc, &mut out, &mut req);
            placeholders::check(&ctx, doc, &mut out);
            let model = if doc.kind == DocKind::Spec { spec::SpecModel::parse(&doc.src) } else { None };
            if let Some(model) = &model {
                spec::check(&ctx, doc, model, &mut out);
                risk::check(doc, model, &mut out);
                gates::check(&ctx, doc, model, &mut out);
            }
            if doc.kind == DocKind::Plan {
                plan_grammar::check(&ctx, doc, &mut out, &mut req);
            }
            if matches!(doc.kind, DocKind::Spec | DocKind::Plan | DocKind::Context) {
                // A spec's markdown is parsed once, for its model and its code blocks.
                citations::check(doc, model.as_ref().map(|m| m.code_blocks.as_slice()), &mut req);
            }
            fix::check_trailing_whitespace(doc, &mut out);
            (out, req)
        })
        .collect();
    let mut requests = Vec::new();
    for (d, r) in per_doc {
        diags.extend(d);
        requests.extend(r);
    }
    spec::check_missing(&ctx, &mut diags);
    consistency::check(&ctx, &mut diags);
    adr::check(&ctx, &mut diags);
    gitq::answer(ws, &config, requests, &mut diags);

    let diagnostics = finish(diags, &config, &docs, &filter, opts.strict);
    Ok(CheckReport {
        root: ws.root.display().to_string(),
        layout: ws.layout,
        files_checked: docs.len() + tree.tracks.iter().filter(|t| t.metadata.is_some()).count(),
        diagnostics,
    })
}

fn finish(
    diags: Vec<Diagnostic>,
    config: &CheckConfig,
    docs: &[Doc],
    filter: &TargetFilter,
    strict: bool,
) -> Vec<Diagnostic> {
    // Only documents with a disable comment matter; index them by path so
    // filtering stays linear in the number of findings.
    let with_disables: std::collections::HashMap<&str, &Doc> =
        docs.iter().filter(|doc| doc.disables != docs::Disabled::Nothing).map(|doc| (doc.rel.as_str(), doc)).collect();
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| !config.disable.iter().any(|r| r == d.rule))
        .filter(|d| !with_disables.get(d.file.as_str()).is_some_and(|doc| doc.disabled(d.rule)))
        .filter(|d| filter.keeps(d))
        .map(|mut d| {
            if strict && d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
            d
        })
        .collect();
    out.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column, a.rule, &a.message).cmp(&(
            b.file.as_str(),
            b.line,
            b.column,
            b.rule,
            &b.message,
        ))
    });
    out.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.rule == b.rule && a.message == b.message);
    out
}

/// Restricts findings to the paths and tracks named on the command line.
struct TargetFilter {
    /// Root-relative path prefixes; empty keeps everything.
    prefixes: Vec<String>,
}

impl TargetFilter {
    fn new(ws: &Workspace, tree: &Tree, opts: &CheckOptions) -> Result<Self> {
        let mut prefixes = Vec::new();
        for target in &opts.targets {
            if tree.tracks.iter().any(|t| &t.id == target) {
                prefixes.push(format!("{}/{target}/", ws.rel(&ws.tracks_dir())));
                continue;
            }
            let path = resolve(&opts.cwd, Path::new(target));
            match std::fs::canonicalize(&path) {
                Ok(abs) if abs.starts_with(&ws.root) => {
                    let rel = ws.rel(&abs);
                    prefixes.push(if abs.is_dir() && !rel.is_empty() { format!("{rel}/") } else { rel });
                }
                Ok(abs) => {
                    return Err(Error::Usage(format!(
                        "{} is outside the project at {}",
                        abs.display(),
                        ws.root.display()
                    )));
                }
                Err(_) => {
                    return Err(Error::Usage(format!(
                        "{target:?} is neither a track id nor an existing path (tracks: {})",
                        tree.tracks.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        }
        Ok(Self { prefixes })
    }

    fn keeps(&self, d: &Diagnostic) -> bool {
        self.prefixes.is_empty()
            || self.prefixes.iter().any(|p| p.is_empty() || d.file == *p || d.file.starts_with(p.as_str()))
    }
}

fn resolve(cwd: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) }
}

/// A diagnostic with a rule's default severity.
pub(crate) fn diag(rule: &'static str, file: &str, message: impl Into<String>) -> Diagnostic {
    let severity = rule_info(rule).map_or(Severity::Warning, |r| r.default_severity);
    Diagnostic::file(rule, severity, file, message)
}
