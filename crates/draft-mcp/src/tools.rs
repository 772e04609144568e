//! The tools: their names, one-line descriptions, argument types (from which
//! the JSON Schemas are generated) and the dispatch from a `tools/call` to
//! the engine adapter.
//!
//! Arguments are checked here rather than by the SDK, so a bad argument is a
//! tool error the model can read and correct (`isError: true`), not an
//! opaque protocol error.

use crate::engines::{self, Failure};
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// `{ track? }`
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackArg {
    /// Track id (default: all tracks for status, the active track for next_task).
    #[serde(default)]
    pub track: Option<String>,
}

/// What `update_task` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TaskAction {
    // [ ] → [~]
    Start,
    // → [x] with the commit's short SHA
    Done,
    // → [!] with a reason
    Block,
    // [!] → [ ]
    Unblock,
}

/// `{ action, ref, track?, commit?, reason? }`
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTaskArgs {
    /// start | done | block | unblock.
    pub action: TaskAction,
    /// The task: `1.2` (phase.task), its label (`Task 1.2`) or its plan.md line number.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Track id (default: the active track).
    #[serde(default)]
    pub track: Option<String>,
    /// done: the commit that did the work (default HEAD); it must exist.
    #[serde(default)]
    pub commit: Option<String>,
    /// block: why the task cannot go on (required).
    #[serde(default)]
    pub reason: Option<String>,
}

/// Kinds of track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TrackType {
    // New behaviour.
    Feature,
    // A defect to fix.
    Bugfix,
    // Structure without behaviour change.
    Refactor,
}

/// `{ description, type?, id? }`
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTrackArgs {
    /// What the track is for; becomes its title and, in kebab case, its id.
    pub description: String,
    /// feature (default), bugfix or refactor.
    #[serde(default, rename = "type")]
    pub kind: Option<TrackType>,
    /// An explicit id instead of the derived one.
    #[serde(default)]
    pub id: Option<String>,
}

/// `{ targets?, strict? }`
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckArgs {
    /// Only findings in these files, directories (relative to the project root) or track ids.
    #[serde(default)]
    pub targets: Vec<String>,
    /// Treat warnings as errors.
    #[serde(default)]
    pub strict: bool,
}

/// `{ track?, base? }`
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewArgs {
    /// The track (default: the active one).
    #[serde(default)]
    pub track: Option<String>,
    /// Review BASE...HEAD instead of the track's commits.
    #[serde(default)]
    pub base: Option<String>,
}

/// `{ track?, base? }`: with neither, the uncommitted changes.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateArgs {
    /// Validate this track's commits.
    #[serde(default)]
    pub track: Option<String>,
    /// Validate BASE...HEAD.
    #[serde(default)]
    pub base: Option<String>,
}

/// `{ track?, check_only? }`
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncArgs {
    /// Only this track.
    #[serde(default)]
    pub track: Option<String>,
    /// Write nothing; only list the disagreements.
    #[serde(default)]
    pub check_only: bool,
}

/// `{ track?, budget?, commits? }`
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextArgs {
    /// Track id (default: the active track).
    #[serde(default)]
    pub track: Option<String>,
    /// Token budget (estimated as bytes/4); whole sections are left out to fit.
    #[serde(default)]
    pub budget: Option<usize>,
    /// Recent commits to list (default 10).
    #[serde(default)]
    pub commits: Option<usize>,
}

/// What to revert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RevertScope {
    // One task (target: its ref).
    Task,
    // One phase (target: its number).
    Phase,
    // The whole track.
    Track,
}

impl RevertScope {
    /// The CLI word.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Task => "task",
            Self::Phase => "phase",
            Self::Track => "track",
        }
    }
}

/// `{ scope, target?, track? }`
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RevertPlanArgs {
    /// task, phase or track.
    pub scope: RevertScope,
    /// task: its ref (`1.2`); phase: its number; track: omit.
    #[serde(default)]
    pub target: Option<String>,
    /// Track id (default: the active track).
    #[serde(default)]
    pub track: Option<String>,
}

/// No arguments.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// `{ check_only?, reviewed? }`
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshArgs {
    /// Only report which documents are stale and why; write nothing.
    #[serde(default)]
    pub check_only: bool,
    /// Documents (e.g. `architecture.md`) brought up to date by hand, to restamp to HEAD.
    #[serde(default)]
    pub reviewed: Vec<String>,
}

/// `{ track?, report?, base? }`
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageArgs {
    /// Measure the files this track's commits touched (nothing is recorded).
    #[serde(default)]
    pub track: Option<String>,
    /// The report to read, relative to the project root (default: the newest in the usual places).
    #[serde(default)]
    pub report: Option<String>,
    /// The ref to compare with for diff coverage (default: origin/main, origin/master, main, master).
    #[serde(default)]
    pub base: Option<String>,
}

/// `{ dir? }`
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdrListArgs {
    /// Read this directory (adr-tools or MADR collections too) instead of draft/adrs/.
    #[serde(default)]
    pub dir: Option<String>,
}

/// Which way `graph_reach` walks.
#[cfg(feature = "graph")]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    // What depends on the target (impact).
    #[default]
    Dependents,
    // What the target depends on.
    Dependencies,
}

/// `{ target, direction?, depth? }`
#[cfg(feature = "graph")]
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GraphReachArgs {
    /// A file, folder or module, relative to the project root (e.g. `src/auth/session.rs`), or a symbol (`src/auth/session.rs::login`, or a name defined once).
    pub target: String,
    /// `dependents` (impact, the default) or `dependencies`.
    #[serde(default)]
    pub direction: Direction,
    /// At most this many hops (default: all).
    #[serde(default)]
    pub depth: Option<usize>,
}

/// One tool: its name, description, schema and adapter call.
struct ToolDef {
    name: &'static str,
    description: &'static str,
    read_only: bool,
    schema: fn() -> Arc<JsonObject>,
    call: fn(&Path, Value) -> Result<String, Failure>,
}

/// Deserialize `args` into `T` and call `f`.
fn with<T: DeserializeOwned>(
    tool: &str,
    args: Value,
    start: &Path,
    f: fn(&Path, &T) -> Result<String, Failure>,
) -> Result<String, Failure> {
    let args = if args.is_null() { Value::Object(serde_json::Map::new()) } else { args };
    let parsed: T = serde_json::from_value(args).map_err(|e| Failure {
        message: format!("invalid arguments for {tool}: {e}"),
        hint: Some(format!("tools/list gives the {tool} tool's input schema")),
    })?;
    f(start, &parsed)
}

/// The JSON Schema of `T`, compact: inlined, without `$schema` and `title`.
fn schema<T: JsonSchema>() -> Arc<JsonObject> {
    let settings = schemars::generate::SchemaSettings::draft2020_12().with(|s| {
        s.meta_schema = None;
        s.inline_subschemas = true;
    });
    let value: Value = settings.into_generator().into_root_schema_for::<T>().into();
    let mut obj = match value {
        Value::Object(obj) => obj,
        _ => JsonObject::new(),
    };
    obj.remove("title");
    obj.remove("description");
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for prop in props.values_mut() {
            if let Value::Object(p) = prop
                && p.get("default").is_some_and(Value::is_null)
            {
                p.remove("default");
            }
        }
    }
    obj.entry("type").or_insert_with(|| Value::String("object".into()));
    Arc::new(obj)
}

const TOOLS: &[ToolDef] = &[
    ToolDef {
        name: "status",
        description: "Progress of every track (or one): phases, task counts, current and blocked tasks, counted from plan.md.",
        read_only: true,
        schema: schema::<TrackArg>,
        call: |p, a| with("status", a, p, engines::status),
    },
    ToolDef {
        name: "next_task",
        description: "The task to work on in a track: its [~] task, else the first [ ] task of the first unfinished phase.",
        read_only: true,
        schema: schema::<TrackArg>,
        call: |p, a| with("next_task", a, p, engines::next_task),
    },
    ToolDef {
        name: "update_task",
        description: "Start, finish (recording the commit's SHA), block or unblock a task in plan.md, then sync metadata.json and the registry.",
        read_only: false,
        schema: schema::<UpdateTaskArgs>,
        call: |p, a| with("update_task", a, p, engines::update_task),
    },
    ToolDef {
        name: "new_track",
        description: "Create a track: spec.md and plan.md from the templates, metadata.json and a registry entry.",
        read_only: false,
        schema: schema::<NewTrackArgs>,
        call: |p, a| with("new_track", a, p, engines::new_track),
    },
    ToolDef {
        name: "check",
        description: "Lint the draft documents: findings with rule id, severity, file, line, message and hint.",
        read_only: true,
        schema: schema::<CheckArgs>,
        call: |p, a| with("check", a, p, engines::check),
    },
    ToolDef {
        name: "sync",
        description: "Rewrite metadata.json and registry counts and status from plan.md; with check_only, only list disagreements.",
        read_only: false,
        schema: schema::<SyncArgs>,
        call: |p, a| with("sync", a, p, engines::sync),
    },
    ToolDef {
        name: "context",
        description: "The bundle to load for a track: current task, .ai-context.md, spec, plan, recent commits, trimmed to a token budget.",
        read_only: true,
        schema: schema::<ContextArgs>,
        call: |p, a| with("context", a, p, engines::context),
    },
    ToolDef {
        name: "revert_plan",
        description: "Dry run of reverting a task, phase or track: commits, files touched, plan changes. Changes nothing.",
        read_only: true,
        schema: schema::<RevertPlanArgs>,
        call: |p, a| with("revert_plan", a, p, engines::revert_plan),
    },
    ToolDef {
        name: "facts",
        description: "What the repository says about itself: languages with line counts, manifests, frameworks and dependencies with versions, test commands, linters, CI, entry points, workspaces.",
        read_only: true,
        schema: schema::<NoArgs>,
        call: |p, a| with("facts", a, p, engines::facts),
    },
    ToolDef {
        name: "refresh",
        description: "Which context documents the code has moved away from (files changed since synced_to_commit, sections they feed); without check_only, rewrite the facts regions and restamp.",
        read_only: false,
        schema: schema::<RefreshArgs>,
        call: |p, a| with("refresh", a, p, engines::refresh),
    },
    ToolDef {
        name: "coverage",
        description: "Read the coverage report: per-file and overall line coverage, uncovered ranges, and coverage of the lines changed since the main branch, against the workflow's target. Runs nothing, records nothing.",
        read_only: true,
        schema: schema::<CoverageArgs>,
        call: |p, a| with("coverage", a, p, engines::coverage),
    },
    ToolDef {
        name: "index",
        description: "Monorepo services (path, manifests, languages, frameworks, initialised or not, track counts), their dependencies, cycles and build order. Writes nothing.",
        read_only: true,
        schema: schema::<NoArgs>,
        call: |p, a| with("index", a, p, engines::index),
    },
    ToolDef {
        name: "review",
        description: "A review's facts for a track (or BASE...HEAD): commits, diff stats by file class, acceptance criteria matched to the tests they name, the test and lint commands (listed, not run), blast radius. Writes nothing.",
        read_only: true,
        schema: schema::<ReviewArgs>,
        call: |p, a| with("review", a, p, engines::review),
    },
    ToolDef {
        name: "validate",
        description: "Scan the lines a change added (uncommitted work, a track's commits, or BASE...HEAD) for secrets, debug prints, TODOs without an issue, skipped or deleted tests, unlisted dependencies and oversized files.",
        read_only: true,
        schema: schema::<ValidateArgs>,
        call: |p, a| with("validate", a, p, engines::validate),
    },
    ToolDef {
        name: "adr_list",
        description: "The architecture decision records: number, title, status, date, superseded by, relations, path.",
        read_only: true,
        schema: schema::<AdrListArgs>,
        call: |p, a| with("adr_list", a, p, engines::adr_list),
    },
    #[cfg(feature = "graph")]
    ToolDef {
        name: "graph_reach",
        description: "Files that depend on a file, folder, module or symbol (impact), or that it depends on, with hop counts and file class, from the import graph; for a symbol also its callers or callees from the call graph.",
        read_only: true,
        schema: schema::<GraphReachArgs>,
        call: |p, a| with("graph_reach", a, p, engines::graph_reach),
    },
    #[cfg(feature = "jira")]
    ToolDef {
        name: "jira_preview",
        description: "The Jira issues a track becomes: its epic, a story per phase with story points, a sub-task per task, and the keys already created. Writes nothing.",
        read_only: true,
        schema: schema::<TrackArg>,
        call: |p, a| with("jira_preview", a, p, engines::jira_preview),
    },
];

/// Every tool as `tools/list` describes it.
#[must_use]
pub fn list() -> Vec<Tool> {
    TOOLS
        .iter()
        .map(|t| {
            let mut annotations = ToolAnnotations::new().read_only(t.read_only);
            if !t.read_only {
                annotations = annotations.destructive(false);
            }
            Tool::new(t.name, t.description, (t.schema)()).with_annotations(annotations)
        })
        .collect()
}

/// True when `name` is one of the tools.
#[must_use]
pub fn exists(name: &str) -> bool {
    TOOLS.iter().any(|t| t.name == name)
}

/// Run tool `name` with `args` for the project at or above `start`.
pub fn call(name: &str, args: Value, start: &Path) -> Result<String, Failure> {
    match TOOLS.iter().find(|t| t.name == name) {
        Some(t) => (t.call)(start, args),
        None => Err(Failure::usage(format!("no tool {name:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_list_is_small_and_every_tool_has_an_object_schema() {
        // Every tool's name, description and schema sit in the agent's context
        // for the whole session: keep the list short (one tool per read engine
        // or bookkeeping verb, nothing a CLI call through the shell does as well).
        let tools = list();
        assert!(tools.len() <= 17, "{} tools", tools.len());
        let bytes = serde_json::to_vec(&serde_json::json!({ "tools": tools })).expect("json");
        assert!(bytes.len() <= 10 * 1024, "tools/list is {} bytes", bytes.len());
        for t in &tools {
            assert_eq!(t.input_schema.get("type"), Some(&Value::String("object".into())), "{}", t.name);
            let d = t.description.as_deref().unwrap_or_default();
            assert!(!d.is_empty() && !d.contains('\n'), "{}", t.name);
        }
    }

    #[test]
    fn update_task_schema_names_ref_and_the_actions() {
        let s = Value::Object((*schema::<UpdateTaskArgs>()).clone());
        assert_eq!(s["required"], serde_json::json!(["action", "ref"]));
        let text = s.to_string();
        assert!(text.contains("\"unblock\""), "{text}");
        assert_eq!(s["additionalProperties"], Value::Bool(false));
    }

    #[test]
    fn bad_arguments_are_tool_failures() {
        let dir = tempfile::tempdir().expect("tmp");
        let err = call("update_task", serde_json::json!({ "action": "finish", "ref": "1.1" }), dir.path())
            .expect_err("bad action");
        assert!(err.message.starts_with("invalid arguments for update_task"), "{}", err.message);
        let err = call("status", serde_json::json!({ "trak": "x" }), dir.path()).expect_err("unknown field");
        assert!(err.message.contains("trak"), "{}", err.message);
    }
}
