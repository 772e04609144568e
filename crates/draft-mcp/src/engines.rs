//! The one adapter between the MCP server and draft's engines.
//!
//! Every call into `draft-core` and `draft-check` is made here, from a
//! synchronous function that takes the directory to start from and the tool's
//! arguments and returns the engine's report as compact JSON — the same JSON
//! the CLI prints with `--json` — or a [`Failure`] carrying the CLI's error
//! message and hint. When engine signatures or the CLI's JSON envelope
//! change, this file is the one to re-wire.
//!
//! Mutating calls (`update_task`, `new_track`, `sync`) go through the same
//! engine functions as the CLI and so take the same locks. Each call runs
//! inside `catch_unwind`: a panic in an engine becomes a failure, never a dead
//! server.

use crate::tools::{
    CheckArgs, ContextArgs, NewTrackArgs, NoArgs, RefreshArgs, RevertPlanArgs, ReviewArgs, SyncArgs, TaskAction,
    TrackArg, TrackType, UpdateTaskArgs, ValidateArgs,
};
use draft_check::CheckOptions;
use draft_core::engine::context::{self, ContextOptions};
use draft_core::engine::new_track::{self, NewTrackOptions, TrackKind};
use draft_core::engine::revert::{self, RevertReport, Scope};
use draft_core::engine::task;
use draft_core::engine::{status, sync};
use draft_core::workspace::{self, Environment, Workspace};
use draft_model::Severity;
use serde::Serialize;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// Why a call failed: the message and hint the CLI prints for the same error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `error: …` text.
    pub message: String,
    /// `hint: …` text, when there is one.
    pub hint: Option<String>,
}

impl Failure {
    /// The text a tool error shows, laid out like the CLI's stderr.
    #[must_use]
    pub fn text(&self) -> String {
        match &self.hint {
            Some(h) => format!("error: {}\n  hint: {h}", self.message),
            None => format!("error: {}", self.message),
        }
    }

    /// A failure in the call's arguments.
    pub fn usage(message: impl Into<String>) -> Self {
        Self { message: message.into(), hint: None }
    }
}

impl From<draft_core::Error> for Failure {
    fn from(e: draft_core::Error) -> Self {
        Self { message: e.to_string(), hint: e.hint() }
    }
}

type Outcome = Result<String, Failure>;

/// Run `f`, turning a panic into a failure.
fn guarded(f: impl FnOnce() -> Outcome) -> Outcome {
    std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        Err(Failure {
            message: format!("internal error: draft panicked ({what})"),
            hint: Some("nothing more was changed by this call; please report it with the arguments you passed".into()),
        })
    })
}

/// The report as the CLI's `--json` prints it: `"version": 1` first, then
/// the report's own fields (docs/JSON.md).
fn json<T: Serialize>(report: &T) -> Outcome {
    let fail = |e: serde_json::Error| Failure::usage(format!("could not render JSON: {e}"));
    let mut out = serde_json::Map::new();
    out.insert("version".to_owned(), serde_json::Value::from(1));
    match serde_json::to_value(report).map_err(fail)? {
        serde_json::Value::Object(fields) => out.extend(fields),
        other => {
            out.insert("report".to_owned(), other);
        }
    }
    serde_json::to_string(&out).map_err(fail)
}

fn discover(start: &Path) -> Result<Workspace, Failure> {
    // The server is long-running: read DRAFT_NOW / DRAFT_GIT once, not per call.
    Ok(Workspace::discover_with(start, environment())?)
}

/// The project root at or above `start`, if there is one.
#[must_use]
pub fn project_root(start: &Path) -> Option<PathBuf> {
    Workspace::discover(start).ok().map(|ws| ws.root)
}

/// The clock and git the server read at start.
fn environment() -> Environment {
    static ENV: std::sync::OnceLock<Environment> = std::sync::OnceLock::new();
    ENV.get_or_init(Environment::from_process).clone()
}

/// `draft facts --json`
pub fn facts(start: &Path, _: &NoArgs) -> Outcome {
    guarded(|| {
        let root = draft_core::engine::init::init_root(start, &environment())?;
        json(&draft_facts::detect(&root))
    })
}

/// `draft refresh [--check] [--reviewed DOC…] --json`
pub fn refresh(start: &Path, args: &RefreshArgs) -> Outcome {
    guarded(|| {
        let opts =
            draft_core::engine::refresh::RefreshOptions { check: args.check_only, reviewed: args.reviewed.clone() };
        json(&draft_core::engine::refresh::refresh(&discover(start)?, &opts)?)
    })
}

/// `draft coverage [--track ID --no-record] [--report PATH] [--base REF] --json`
pub fn coverage(start: &Path, args: &crate::tools::CoverageArgs) -> Outcome {
    use draft_core::engine::coverage::{self, CoverageOptions};
    guarded(|| {
        let opts = CoverageOptions {
            track: args.track.clone(),
            report: args.report.as_ref().map(std::path::PathBuf::from),
            base: args.base.clone(),
            ..CoverageOptions::default()
        };
        json(&coverage::coverage(&discover(start)?, &opts)?)
    })
}

/// `draft index --check --json`: the services and their graph, nothing written.
pub fn index(start: &Path, _: &NoArgs) -> Outcome {
    use draft_core::engine::index::{self, IndexOptions};
    guarded(|| {
        let env = environment();
        let root = index::index_root(start, &env)?;
        json(&index::index(&root, &env, &IndexOptions { check: true, ..IndexOptions::default() })?)
    })
}

/// `draft adr list [--dir PATH] --json`
pub fn adr_list(start: &Path, args: &crate::tools::AdrListArgs) -> Outcome {
    use draft_core::engine::adr;
    guarded(|| {
        let source = adr::Source::resolve(start, args.dir.as_deref().map(Path::new), &environment())?;
        json(&adr::list(&source)?)
    })
}

/// `draft graph impact|deps TARGET [--depth N] --json`
#[cfg(feature = "graph")]
pub fn graph_reach(start: &Path, args: &crate::tools::GraphReachArgs) -> Outcome {
    use draft_graph::query::{self, Direction};
    guarded(|| {
        let ws = discover(start)?;
        // The store the CLI's `draft graph` keeps (docs/GRAPH.md).
        let (graph, _) = draft_graph::build(&ws.root, &draft_graph::store::state_dir(&ws), None)?;
        let dir = match args.direction {
            crate::tools::Direction::Dependents => Direction::Dependents,
            crate::tools::Direction::Dependencies => Direction::Dependencies,
        };
        json(&query::reach(&graph, &args.target, args.depth, dir)?)
    })
}

/// `draft jira preview [--track ID] --json`, without writing jira-export.md.
#[cfg(feature = "jira")]
pub fn jira_preview(start: &Path, args: &TrackArg) -> Outcome {
    guarded(|| {
        let env = |name: &str| std::env::var(name).ok();
        json(&draft_jira::preview(&discover(start)?, args.track.as_deref(), false, &env)?)
    })
}

/// `draft status [TRACK] --json`
pub fn status(start: &Path, args: &TrackArg) -> Outcome {
    guarded(|| json(&status::status(&discover(start)?, args.track.as_deref())?))
}

/// `draft task next [--track ID] --json`
pub fn next_task(start: &Path, args: &TrackArg) -> Outcome {
    guarded(|| json(&task::next(&discover(start)?, args.track.as_deref())?))
}

/// `draft task start|done|block|unblock REF [--track ID] [--commit SHA] [--reason …] --json`
pub fn update_task(start: &Path, args: &UpdateTaskArgs) -> Outcome {
    guarded(|| {
        let action = match args.action {
            TaskAction::Start => task::TaskAction::Start,
            TaskAction::Done => task::TaskAction::Done { commit: args.commit.clone() },
            TaskAction::Block => match args.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                Some(reason) => task::TaskAction::Block { reason: reason.to_owned() },
                None => return Err(Failure::usage("blocking a task needs a `reason`: why it cannot go on")),
            },
            TaskAction::Unblock => task::TaskAction::Unblock,
        };
        let ws = discover(start)?;
        json(&task::apply(&ws, args.track.as_deref(), &args.reference, &action)?)
    })
}

/// `draft new-track DESCRIPTION [--type T] [--id ID] --json`
pub fn new_track(start: &Path, args: &NewTrackArgs) -> Outcome {
    guarded(|| {
        let kind = match args.kind.unwrap_or(TrackType::Feature) {
            TrackType::Feature => TrackKind::Feature,
            TrackType::Bugfix => TrackKind::Bugfix,
            TrackType::Refactor => TrackKind::Refactor,
        };
        let ws = discover(start)?;
        let opts = NewTrackOptions { description: args.description.clone(), kind, id: args.id.clone() };
        json(&new_track::new_track(&ws, &opts)?)
    })
}

/// `draft check [TARGET…] [--strict] --format json` (read-only: no `--fix`).
/// Relative targets are taken from the project root.
pub fn check(start: &Path, args: &CheckArgs) -> Outcome {
    guarded(|| {
        let ws = discover(start)?;
        let opts =
            CheckOptions { no_cache: false, strict: args.strict, targets: args.targets.clone(), cwd: ws.root.clone() };
        let report = draft_check::run(&ws, &opts)?;
        json(&serde_json::json!({
            "root": report.root,
            "layout": report.layout,
            "files_checked": report.files_checked,
            "summary": {
                "errors": report.count(Severity::Error),
                "warnings": report.count(Severity::Warning),
                "infos": report.count(Severity::Info),
            },
            "diagnostics": report.diagnostics,
            "fixes": null,
        }))
    })
}

/// `draft review [--track ID] [--base REF] --no-run --no-write --json`: read-only.
pub fn review(start: &Path, args: &ReviewArgs) -> Outcome {
    guarded(|| {
        let ws = discover(start)?;
        let opts = draft_check::review::ReviewOptions {
            track: args.track.clone(),
            base: args.base.clone(),
            run: false,
            write: false,
            ..draft_check::review::ReviewOptions::default()
        };
        json(&draft_check::review::gather(&ws, &opts)?)
    })
}

/// `draft validate [--track ID | --base REF] --json`
pub fn validate(start: &Path, args: &ValidateArgs) -> Outcome {
    guarded(|| {
        let ws = discover(start)?;
        let opts = draft_check::validate::ValidateOptions { track: args.track.clone(), base: args.base.clone() };
        json(&draft_check::validate::run(&ws, &opts)?)
    })
}

/// `draft sync [TRACK] [--check] --json`
pub fn sync(start: &Path, args: &SyncArgs) -> Outcome {
    guarded(|| {
        let ws = discover(start)?;
        let track = args.track.as_deref();
        let report = if args.check_only { sync::check(&ws, track)? } else { sync::sync(&ws, track)? };
        json(&report)
    })
}

/// `draft context [TRACK] [--budget N] [--commits N] --json`
pub fn context(start: &Path, args: &ContextArgs) -> Outcome {
    guarded(|| {
        let ws = discover(start)?;
        let opts = ContextOptions { track: args.track.clone(), budget: args.budget, commits: args.commits };
        json(&context::context(&ws, &opts)?)
    })
}

/// `draft revert SCOPE [TARGET] [--track ID] --json` without `--apply`: the dry run.
pub fn revert_plan(start: &Path, args: &RevertPlanArgs) -> Outcome {
    guarded(|| {
        let ws = discover(start)?;
        let mut words = vec![args.scope.as_str().to_owned()];
        words.extend(args.target.clone());
        let scope = Scope::parse(&words)?;
        // The dry run, as the CLI prints it: with the warnings about what would stop `--apply`.
        let plan = revert::dry_run(&ws, args.track.as_deref(), &scope)?;
        json(&RevertReport { plan, applied: false, commit: None, sync: None })
    })
}

/// A document served as a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// `draft://context/product.md`, `draft://tracks/<id>/spec.md`, …
    pub uri: String,
    /// The file, relative to the project root.
    pub path: String,
    /// What it is.
    pub description: String,
    /// Size in bytes.
    pub size: u64,
}

/// The context documents a resource URI may name.
pub const CONTEXT_DOCS: [&str; 5] = [".ai-context.md", "product.md", "tech-stack.md", "workflow.md", "architecture.md"];
/// The track documents a resource URI may name.
pub const TRACK_DOCS: [&str; 2] = ["spec.md", "plan.md"];

/// Every context document and track spec/plan that exists.
pub fn list_documents(start: &Path) -> Result<Vec<Document>, Failure> {
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let ws = discover(start)?;
        let mut docs = Vec::new();
        let mut push = |uri: String, path: PathBuf, description: String| {
            if let Ok(meta) = std::fs::metadata(&path)
                && meta.is_file()
            {
                docs.push(Document { uri, path: ws.rel(&path), description, size: meta.len() });
            }
        };
        let dir = ws.context_dir();
        for name in CONTEXT_DOCS {
            push(format!("draft://context/{name}"), dir.join(name), format!("Project context: {name}"));
        }
        let mut ids: Vec<String> = std::fs::read_dir(ws.tracks_dir())
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        ids.sort();
        for id in ids.iter().filter(|id| ws.track_dir(id).is_ok()) {
            for name in TRACK_DOCS {
                push(
                    format!("draft://tracks/{id}/{name}"),
                    ws.tracks_dir().join(id).join(name),
                    format!("Track {id}: {name}"),
                );
            }
        }
        Ok(docs)
    }));
    outcome.unwrap_or_else(|_| Err(Failure::usage("internal error: draft panicked while listing documents")))
}

/// Where a `draft://` URI points, or why it points nowhere.
fn document_path(ws: &Workspace, uri: &str) -> Result<PathBuf, Failure> {
    let unknown = || {
        Failure {
        message: format!("no document {uri:?}"),
        hint: Some(
            "resources are draft://context/<.ai-context.md|product.md|tech-stack.md|workflow.md|architecture.md> and draft://tracks/<id>/<spec.md|plan.md>; resources/list shows those that exist"
                .into(),
        ),
    }
    };
    let rest = uri.strip_prefix("draft://").ok_or_else(unknown)?;
    if let Some(name) = rest.strip_prefix("context/") {
        return CONTEXT_DOCS.contains(&name).then(|| ws.context_dir().join(name)).ok_or_else(unknown);
    }
    let (id, name) = rest.strip_prefix("tracks/").and_then(|r| r.split_once('/')).ok_or_else(unknown)?;
    if !TRACK_DOCS.contains(&name) {
        return Err(unknown());
    }
    Ok(ws.track_dir(id)?.join(name))
}

/// The text of the document `uri` names.
pub fn read_document(start: &Path, uri: &str) -> Result<(String, String), Failure> {
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let ws = discover(start)?;
        let path = document_path(&ws, uri)?;
        if !path.is_file() {
            return Err(Failure {
                message: format!("{} does not exist", ws.rel(&path)),
                hint: Some("resources/list shows the documents that exist".into()),
            });
        }
        Ok((ws.rel(&path), workspace::read_text(&path)?))
    }));
    outcome.unwrap_or_else(|_| Err(Failure::usage("internal error: draft panicked while reading a document")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tmp");
        let d = dir.path();
        std::fs::create_dir_all(d.join("draft/tracks/t1")).expect("mk");
        std::fs::write(d.join("draft/product.md"), "# Product\n").expect("w");
        std::fs::write(d.join("draft/tracks.md"), "# Tracks\n").expect("w");
        std::fs::write(d.join("draft/tracks/t1/plan.md"), "# Plan\n").expect("w");
        dir
    }

    #[test]
    fn documents_are_listed_and_read_by_uri() {
        let dir = project();
        let docs = list_documents(dir.path()).expect("list");
        let uris: Vec<_> = docs.iter().map(|d| d.uri.as_str()).collect();
        assert_eq!(uris, ["draft://context/product.md", "draft://tracks/t1/plan.md"]);
        let (path, text) = read_document(dir.path(), "draft://tracks/t1/plan.md").expect("read");
        assert_eq!((path.as_str(), text.as_str()), ("draft/tracks/t1/plan.md", "# Plan\n"));
    }

    #[test]
    fn bad_uris_are_refused_without_leaving_the_tree() {
        let dir = project();
        for uri in [
            "draft://tracks/../../etc/plan.md",
            "draft://tracks/t1/metadata.json",
            "draft://context/../x",
            "file:///etc/passwd",
            "draft://tracks/t1/spec.md",
        ] {
            let err = read_document(dir.path(), uri).expect_err(uri);
            assert!(!err.message.is_empty());
        }
    }

    #[test]
    fn panics_become_failures() {
        let out = guarded(|| panic!("boom"));
        let err = out.expect_err("a failure");
        assert!(err.message.contains("boom"), "{}", err.message);
    }

    #[test]
    fn errors_keep_the_cli_message_and_hint() {
        let dir = tempfile::tempdir().expect("tmp");
        let err = status(dir.path(), &TrackArg { track: None }).expect_err("no project");
        assert!(err.message.starts_with("no draft project found"), "{}", err.message);
        assert_eq!(err.hint.as_deref(), Some("run `draft init` at the repository root, or pass -C <dir>"));
    }
}
