//! `draft check`: the linter that makes every Draft document trustworthy.
//!
//! The runner reads the registry and the project's own documents (context
//! docs, ADRs), then streams the tracks: each track's plan, metadata and
//! spec are read, every per-document check of the kinds their row names and
//! every per-track check run on them, and the documents dropped, in
//! parallel, so memory holds a few tracks at a time rather than the whole
//! tree. Per-project checks run last. Rules that need git never fork git per
//! finding: they return *requests* (a SHA to verify, a cited line range, a
//! synced commit) that are answered in a few batched git calls afterwards.
//! Findings made while loading take their row's severity. Findings are then
//! filtered by `[check] disable` in `config.toml`, by per-file
//! `<!-- draft-check-disable … -->` comments and by the paths or tracks
//! asked for, promoted under `--strict`, sorted and de-duplicated.
//!
//! Modules, leaves first: `lines`, `markdown`, `config`, `docs`, `front`,
//! `prose` and `spec_model` know nothing of rules; `context` is what a check is given;
//! `rule` is what a rule is; each family module (`frontmatter`,
//! `placeholders`, `spec`, `risk`, `gates`, `plan_grammar`, `consistency`,
//! `staleness`, `citations`, `adr`, `style`, `loading`, `gitq`) defines its
//! rows beside their check functions; `rules` lists them; `gitq` answers
//! the git requests; `cache` keeps each track's findings and questions under
//! a hash of everything they were made from, so an unchanged track is not
//! checked again; `fix`, `sarif` and this runner sit on top. Two
//! commands share the crate's diagnostics and renderers: `validate` (a rule
//! catalogue over a change's added lines) and `review` (the facts a reviewer
//! needs, and the verdict).

mod adr;
mod cache;
mod citations;
mod config;
mod consistency;
mod context;
mod docs;
pub mod fix;
mod front;
mod frontmatter;
mod gates;
mod gitq;
mod lines;
mod loading;
mod markdown;
mod placeholders;
mod plan_grammar;
mod prose;
mod report;
pub mod review;
mod risk;
mod rule;
mod rules;
pub mod sarif;
mod spec;
mod spec_model;
mod staleness;
mod style;
mod temps;
mod track_commits;
pub mod validate;

pub use config::CheckConfig;
pub use docs::{Doc, DocKind};
pub use lines::LineIndex;
pub use report::CheckReport;
pub use rule::RuleInfo;
pub use rules::{RULES, rule_info};

use config::ProblemKind;
use context::{Ctx, DocInput, SharedFront, Sink};
use draft_core::error::{Error, Result};
use draft_core::tree::{Scope, TrackDocs, Tree};
use draft_core::workspace::Workspace;
use draft_model::diagnostic::{Diagnostic, Severity};
use loading::{CONFIG_INVALID, CONFIG_UNKNOWN_RULE, UNREADABLE};
use rayon::prelude::*;
use rule::{Check, DocCheck, TrackCheck};
use std::path::{Path, PathBuf};

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Neither read nor write the check cache (`--no-cache`).
    pub no_cache: bool,
    /// Turn warnings into errors.
    pub strict: bool,
    /// Paths or track ids to restrict findings to (empty: everything).
    pub targets: Vec<String>,
    /// Directory relative targets are resolved against.
    pub cwd: PathBuf,
}

/// Run every rule over the project at `ws`.
pub fn run(ws: &Workspace, opts: &CheckOptions) -> Result<CheckReport> {
    let (config, problems) = config::load(ws, &rules::ids());
    let mut diags: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| match p.kind {
            ProblemKind::Invalid => CONFIG_INVALID.adopt(p.diag),
            ProblemKind::UnknownRule => CONFIG_UNKNOWN_RULE.adopt(p.diag),
        })
        .collect();
    // The registry and where each track lives; tracks are read one by one below.
    let mut tree = Tree::scan(ws, Scope::All)?;
    // The frontmatter rules parse and report every document's YAML.
    tree.skip_frontmatter_validation();
    let filter = TargetFilter::new(ws, &tree, opts)?;
    let (project_docs, unread) = docs::collect_project(ws, &tree);
    diags.extend(unread.into_iter().map(unread_finding));
    let adrs: Vec<Doc> = project_docs.iter().filter(|d| d.kind == DocKind::Adr).cloned().collect();
    let commit_per_task = docs::commit_per_task(ws);
    let cache = if opts.no_cache {
        cache::Cache::off()
    } else {
        let config_text = std::fs::read_to_string(ws.context_dir().join("config.toml")).ok();
        cache::Cache::open(ws, cache::project_key(ws, config_text.as_deref(), commit_per_task, &adrs))
    };
    let ctx = Ctx { ws, tree: &tree, config: &config, adrs: &adrs, commit_per_task };
    diags.extend(loader_findings(&tree.diagnostics));

    // A check runs when its rule is on, or when it decides a rule that is.
    let runs = |row: &'static RuleInfo| {
        let on = |r: &RuleInfo| !config.disable.iter().any(|id| id == r.id);
        on(row) || RULES.iter().any(|other| row.reports(other) && on(other))
    };
    let checks = Checks {
        doc: RULES
            .iter()
            .filter(|row| runs(row))
            .filter_map(|row| match row.check {
                Check::Doc(f) => Some((*row, f)),
                _ => None,
            })
            .collect(),
        track: RULES
            .iter()
            .filter(|row| runs(row))
            .filter_map(|row| match row.check {
                Check::Track(f) => Some(f),
                _ => None,
            })
            .collect(),
    };

    // The project's own documents, then each track streamed: read, checked
    // and dropped, keeping only its findings, git questions and disables.
    let mut sink = Sink::default();
    let project: Vec<Sink> = project_docs.par_iter().map(|doc| checks.document(&ctx, doc, None)).collect();
    let mut disables = Disables::default();
    disables.add(&project_docs);
    let mut files_checked = project_docs.len();
    drop(project_docs);
    // The per-project checks (ADRs, stray temporary files) read no track:
    // they run beside the tracks rather than after them.
    let project_checks = || {
        let mut found = Sink::default();
        for row in RULES.iter().filter(|row| runs(row)) {
            if let Check::Project(check) = row.check {
                check(&ctx, &mut found);
            }
        }
        found
    };
    let (tracks, project_found) = rayon::join(
        || {
            tree.map_pending(|tree, track| {
                let (docs, unread) = docs::collect_track(ws, track);
                let key = cache.is_on().then(|| cache.key(tree, track, &docs));
                let (out, stored) = match key.as_ref().and_then(|k| cache.get(k)) {
                    Some((out, req)) => (Sink { out, req }, None),
                    None => {
                        let mut out = Sink::default();
                        let mut shared = None;
                        for doc in &docs {
                            out.merge(checks.document_after(&ctx, doc, Some(track), &mut shared));
                        }
                        for check in &checks.track {
                            check(&ctx, track, &mut out);
                        }
                        let stored = key.and_then(|_| cache::Cache::encode(&out.out, &out.req));
                        (out, stored)
                    }
                };
                let files = docs.len() + usize::from(track.metadata.is_some());
                let disabled: Vec<(String, docs::Disabled)> = docs
                    .into_iter()
                    .filter(|d| d.disables != docs::Disabled::Nothing)
                    .map(|d| (d.rel, d.disables))
                    .collect();
                (out, unread, files, disabled, key.map(|k| (k, stored)))
            })
        },
        project_checks,
    );
    // Sized once: growing by doubling would hold two copies of the largest vector.
    let reqs: usize =
        project.iter().map(|s| s.req.len()).sum::<usize>() + tracks.iter().map(|m| m.value.0.req.len()).sum::<usize>();
    sink.req.reserve_exact(reqs);
    for s in project {
        sink.merge(s);
    }
    let mut keep = Vec::with_capacity(tracks.len());
    for mapped in tracks {
        let (out, unread, files, disabled, key) = mapped.value;
        keep.extend(key);
        diags.extend(loader_findings(&mapped.diagnostics));
        diags.extend(unread.map(unread_finding));
        sink.merge(out);
        files_checked += files;
        disables.by_file.extend(disabled);
    }
    sink.merge(project_found);
    diags.extend(sink.out);
    let tracks_cached = cache.hits();
    cache.save(ws, &keep);
    drop(keep);
    diags.extend(gitq::answer(ws, &config, sink.req));
    draft_core::drop_in_background(tree);

    let diagnostics = finish(diags, &config, &disables, &filter, opts.strict);
    Ok(CheckReport {
        root: ws.root.display().to_string(),
        layout: ws.layout,
        files_checked,
        tracks_cached,
        diagnostics,
    })
}

/// The check functions that are on, by how they run.
struct Checks {
    doc: Vec<(&'static RuleInfo, DocCheck)>,
    track: Vec<TrackCheck>,
}

impl Checks {
    /// Every per-document check that applies to `doc`.
    fn document(&self, ctx: &Ctx<'_>, doc: &Doc, track: Option<&TrackDocs>) -> Sink {
        self.document_after(ctx, doc, track, &mut None)
    }

    /// [`Self::document`] for the documents of one track in turn: each may
    /// reuse the frontmatter the one before it read (`shared`).
    fn document_after<'d>(
        &self,
        ctx: &Ctx<'_>,
        doc: &'d Doc,
        track: Option<&'d TrackDocs>,
        shared: &mut Option<SharedFront<'d>>,
    ) -> Sink {
        let input = DocInput::new(doc, track);
        input.reuse_front(shared.as_ref());
        let mut sink = Sink::default();
        for (row, check) in &self.doc {
            if row.applies_to.contains(&doc.kind) {
                check(ctx, &input, &mut sink);
            }
        }
        *shared = input.share_front();
        sink
    }
}

/// Findings made while loading the tree, each under its row's severity;
/// frontmatter YAML is re-reported per document by its own rule.
fn loader_findings(found: &[Diagnostic]) -> impl Iterator<Item = Diagnostic> + '_ {
    found
        .iter()
        .filter(|d| d.rule != frontmatter::YAML.id)
        .map(|d| rule_info(d.rule).map_or_else(|| d.clone(), |row| row.adopt(d.clone())))
}

fn unread_finding(u: docs::Unread) -> Diagnostic {
    let d = UNREADABLE.diag(u.rel, u.why).with_hint("save the file as UTF-8 text; draft reads nothing else");
    if u.line > 0 { d.at(u.line, 0) } else { d }
}

/// The per-file `draft-check-disable` comments, kept after their documents
/// are dropped.
#[derive(Default)]
struct Disables {
    by_file: std::collections::HashMap<String, docs::Disabled>,
}

impl Disables {
    fn add(&mut self, docs: &[Doc]) {
        for doc in docs.iter().filter(|d| d.disables != docs::Disabled::Nothing) {
            self.by_file.insert(doc.rel.clone(), doc.disables.clone());
        }
    }

    fn disabled(&self, file: &str, rule: &str) -> bool {
        match self.by_file.get(file) {
            None | Some(docs::Disabled::Nothing) => false,
            Some(docs::Disabled::All) => true,
            Some(docs::Disabled::Rules(ids)) => ids.iter().any(|r| r == rule),
        }
    }
}

fn finish(
    diags: Vec<Diagnostic>,
    config: &CheckConfig,
    disables: &Disables,
    filter: &TargetFilter,
    strict: bool,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| !config.disable.iter().any(|r| r == d.rule))
        .filter(|d| !disables.disabled(&d.file, d.rule))
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
            if tree.refs().any(|t| !t.archived && t.id == target) {
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
                        tree.refs().filter(|t| !t.archived).map(|t| t.id).collect::<Vec<_>>().join(", ")
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    /// The modules of this crate form no cycle (issue 7 §2 found check
    /// spec ↔ citations): read each module's `crate::…` paths and look for a
    /// path back to itself.
    #[test]
    fn modules_form_no_cycle() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut names = BTreeSet::new();
        for entry in std::fs::read_dir(&src).expect("src") {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            if let Some(module) = name.strip_suffix(".rs").filter(|m| *m != "lib") {
                names.insert(module.to_owned());
            }
        }
        let mut deps: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for module in &names {
            let text = std::fs::read_to_string(src.join(format!("{module}.rs"))).expect("read");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut used = BTreeSet::new();
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                let group = rest.strip_prefix('{').map_or(rest, |g| &g[..g.find('}').unwrap_or(g.len())]);
                let words = group.split(|c: char| !(c.is_alphanumeric() || c == '_'));
                let take = if rest.starts_with('{') { usize::MAX } else { 1 };
                for word in words.filter(|w| !w.is_empty()).take(take) {
                    if let Some(dep) = names.get(word).filter(|d| *d != module) {
                        used.insert(dep.as_str());
                    }
                }
            }
            deps.insert(module, used);
        }
        for start in deps.keys() {
            let mut stack: Vec<Vec<&str>> = vec![vec![start]];
            let mut seen = BTreeSet::new();
            while let Some(path) = stack.pop() {
                let last = path[path.len() - 1];
                for next in deps.get(last).into_iter().flatten() {
                    assert!(next != start, "module cycle: {} -> {next}", path.join(" -> "));
                    if seen.insert(*next) {
                        let mut longer = path.clone();
                        longer.push(next);
                        stack.push(longer);
                    }
                }
            }
        }
    }
}
