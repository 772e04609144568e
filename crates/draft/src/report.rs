//! The versioned JSON contract: every document `draft … --json` (and
//! `draft check --format json`) prints is one of the typed reports here.
//!
//! An engine's result goes out wrapped in [`Versioned`], which puts
//! `"version": 1` first and flattens the report's own fields after it; the
//! few outputs the CLI assembles itself (check's envelope, the rule list,
//! `revert --abort`, errors) are structs of their own. [`REPORTS`] names each
//! one with its JSON Schema, which `draft schema NAME` prints and the schema
//! snapshot tests pin, so a change to the contract shows up in review.
//! docs/JSON.md describes every report and the versioning policy.

use draft_check::fix::FixReport;
use draft_check::{CheckReport, RULES, RuleInfo};
use draft_core::engine::context::ContextReport;
use draft_core::engine::init::InitReport;
use draft_core::engine::new_track::NewTrackReport;
use draft_core::engine::refresh::RefreshReport;
use draft_core::engine::revert::RevertReport;
use draft_core::engine::status::StatusReport;
use draft_core::engine::sync::SyncReport;
use draft_core::engine::task::{NextReport, TaskChange};
use draft_core::engine::track::TrackChange;
use draft_core::workspace::Layout;
use draft_core::{Diagnostic, Severity};
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::borrow::Cow;

/// The contract's version. It changes only when a field is removed, renamed
/// or changes type or meaning; new fields are added without a bump.
pub const JSON_VERSION: u32 = 1;

/// The `version` field: always [`JSON_VERSION`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Version;

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(JSON_VERSION)
    }
}

impl JsonSchema for Version {
    fn schema_name() -> Cow<'static, str> {
        "Version".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Version of the JSON contract (docs/JSON.md); bumped only by incompatible changes.",
            "type": "integer",
            "const": JSON_VERSION,
        })
    }
}

/// An engine's report with `"version"` in front of its own fields.
#[derive(Debug, Serialize)]
pub struct Versioned<T> {
    /// Always [`JSON_VERSION`].
    pub version: Version,
    /// The report's own fields, flattened.
    #[serde(flatten)]
    pub report: T,
}

impl<T> Versioned<T> {
    /// Wrap `report`.
    pub fn new(report: T) -> Self {
        Self { version: Version, report }
    }
}

/// The report's own schema (name, description, fields) with `version`
/// added as the first, required property.
impl<T: JsonSchema> JsonSchema for Versioned<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        format!("draft::Versioned<{}>", T::schema_id()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = T::json_schema(generator);
        let version = Version::json_schema(generator).to_value();
        let object = schema.ensure_object();
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            let own = std::mem::take(properties);
            properties.insert("version".into(), version);
            properties.extend(own);
        }
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.insert(0, "version".into());
        }
        schema
    }
}

/// `draft check --format json`: the findings of one run, counted.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckJson<'a> {
    pub version: Version,
    /// Absolute path of the project root.
    pub root: &'a str,
    /// The tree that was checked.
    pub layout: Layout,
    /// Documents read.
    pub files_checked: usize,
    /// Findings by severity (after `--strict`).
    pub summary: CheckSummary,
    /// Every finding, sorted by file, line, column and rule.
    pub diagnostics: &'a [Diagnostic],
    /// What `--fix` changed, or null without `--fix`.
    pub fixes: Option<&'a FixReport>,
}

/// Findings by severity.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct CheckSummary {
    /// Findings with severity `error`; any makes the exit code 1.
    pub errors: usize,
    /// Findings with severity `warning`.
    pub warnings: usize,
    /// Findings with severity `info`.
    pub infos: usize,
}

impl<'a> CheckJson<'a> {
    /// The envelope of `report`, with the fixes `--fix` made.
    #[must_use]
    pub fn new(report: &'a CheckReport, fixes: Option<&'a FixReport>) -> Self {
        Self {
            version: Version,
            root: &report.root,
            layout: report.layout,
            files_checked: report.files_checked,
            summary: CheckSummary {
                errors: report.count(Severity::Error),
                warnings: report.count(Severity::Warning),
                infos: report.count(Severity::Info),
            },
            diagnostics: &report.diagnostics,
            fixes,
        }
    }
}

/// `draft check --list-rules --format json`: the rule table.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RulesJson {
    pub version: Version,
    /// Every rule, in the table's order.
    pub rules: &'static [&'static RuleInfo],
}

impl Default for RulesJson {
    fn default() -> Self {
        Self { version: Version, rules: RULES }
    }
}

/// `draft revert --abort --json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RevertAbortJson {
    pub version: Version,
    /// Always true: the work tree is back at HEAD and no draft file changed.
    pub aborted: bool,
}

/// What a command prints instead of its report when it fails and JSON was asked for (exit 2).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorJson {
    pub version: Version,
    /// The failure.
    pub error: ErrorBody,
}

/// A failure that ended a command.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorBody {
    /// Stable kebab-case code, e.g. `no-workspace`, `unknown-track`, `usage` (docs/JSON.md lists them).
    pub code: &'static str,
    /// What went wrong, for people; wording may change between releases.
    pub message: String,
    /// What to do about it, or null.
    pub hint: Option<String>,
    /// The file involved (relative to the project root where draft knows it), or null.
    pub file: Option<String>,
    /// 1-based line in `file`, or null.
    pub line: Option<usize>,
    /// 1-based column on `line`, or null.
    pub column: Option<usize>,
    /// For a config draft refused to edit (`unparseable`): the entry to add by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl ErrorJson {
    /// The report for a library error.
    #[must_use]
    pub fn from_error(err: &draft_core::Error) -> Self {
        use draft_core::Error as E;
        let (file, line) = match err {
            E::Io { path, .. } | E::Edit { path, .. } | E::Decode { path, .. } | E::LinkLeavesProject { path, .. } => {
                (Some(path.display().to_string()), None)
            }
            E::Malformed { file, line, .. } => (Some(file.clone()), Some(*line).filter(|&l| l > 0)),
            E::Unreadable { files } if files.len() == 1 => (Some(files[0].file.clone()), None),
            E::CoverageReport { file, line, .. } => (file.clone(), Some(*line).filter(|&l| l > 0)),
            _ => (None, None),
        };
        let mut report = Self::new(err.code(), err.to_string(), err.hint());
        report.error.file = file;
        report.error.line = line;
        report
    }

    /// A report with no location.
    #[must_use]
    pub fn new(code: &'static str, message: String, hint: Option<String>) -> Self {
        let error = ErrorBody { code, message, hint, file: None, line: None, column: None, snippet: None };
        Self { version: Version, error }
    }

    /// The report for a command line clap rejected.
    #[must_use]
    pub fn usage(message: String, hint: Option<String>) -> Self {
        Self::new("usage", message, hint)
    }

    /// The report for an installer error; `shown` writes a path the way
    /// the text output does (relative to the project, `~/…`, or absolute).
    #[cfg(feature = "hosts")]
    #[must_use]
    pub fn from_hosts(err: &draft_hosts::Error, shown: impl Fn(&std::path::Path) -> String) -> Self {
        use draft_hosts::Error as E;
        let (code, path) = match err {
            E::Io { path, .. } => ("io", Some(path)),
            E::Unparseable { path, .. } => ("unparseable", Some(path)),
            E::PathEscape { path, .. } => ("path-escape", Some(path)),
            E::UnsupportedScope { .. } => ("unsupported-scope", None),
            E::InvalidSkill { .. } => ("invalid-skill", None),
            E::Usage(_) => ("usage", None),
            E::Conflicts { .. } => ("conflicts", None),
            E::Changed { path } => ("changed", Some(path)),
            E::Manifest { path, .. } => ("manifest", Some(path)),
        };
        let mut report = Self::new(code, err.to_string(), None);
        report.error.file = path.map(|p| shown(p));
        match err {
            E::Unparseable { line, column, message, snippet, .. } => {
                report.error.message.clone_from(message);
                report.error.line = Some(*line);
                report.error.column = Some(*column);
                report.error.hint = Some(format!("draft changed nothing; fix the file, or {snippet}"));
                report.error.snippet = Some(snippet.clone());
            }
            E::Changed { .. } => report.error.hint = Some("nothing was written; run the command again".to_owned()),
            _ => {}
        }
        report
    }
}

/// `draft skills list --json`.
#[cfg(feature = "hosts")]
#[derive(Debug, Serialize, JsonSchema)]
pub struct SkillsJson {
    pub version: Version,
    /// Every embedded skill, by name.
    pub skills: Vec<crate::skills::SkillInfo>,
}

/// One entry of the contract: a report's name, the command that prints it,
/// and its schema.
pub struct ReportKind {
    /// The name `draft schema` takes, e.g. `status`.
    pub name: &'static str,
    /// The command line that prints it.
    pub printed_by: &'static str,
    /// Its JSON Schema (draft 2020-12).
    pub schema: fn() -> Schema,
}

/// The schema of `T`, its `version` property always the canonical one
/// (reports from draft-hosts carry `version` as a plain integer field).
fn schema<T: JsonSchema>() -> Schema {
    let mut generator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let version = Version::json_schema(&mut generator).to_value();
    let mut schema = generator.into_root_schema_for::<T>();
    if let Some(slot) = schema.get_mut("properties").and_then(|p| p.get_mut("version")) {
        *slot = version;
    }
    schema
}

/// Every JSON document the CLI prints, by name.
const REPORTS: &[ReportKind] = &[
    ReportKind { name: "init", printed_by: "draft init --json", schema: schema::<Versioned<InitReport>> },
    ReportKind { name: "new-track", printed_by: "draft new-track --json", schema: schema::<Versioned<NewTrackReport>> },
    ReportKind { name: "status", printed_by: "draft status --json", schema: schema::<Versioned<StatusReport>> },
    ReportKind { name: "context", printed_by: "draft context --json", schema: schema::<Versioned<ContextReport>> },
    ReportKind {
        name: "coverage",
        printed_by: "draft coverage [--track ID] [--run] --json",
        schema: schema::<Versioned<draft_core::engine::coverage::CoverageReport>>,
    },
    ReportKind { name: "task-next", printed_by: "draft task next --json", schema: schema::<Versioned<NextReport>> },
    ReportKind {
        name: "task-change",
        printed_by: "draft task start|done|block|unblock --json",
        schema: schema::<Versioned<TaskChange>>,
    },
    ReportKind { name: "sync", printed_by: "draft sync [--check] --json", schema: schema::<Versioned<SyncReport>> },
    ReportKind { name: "facts", printed_by: "draft facts --json", schema: schema::<Versioned<draft_facts::Facts>> },
    ReportKind {
        name: "refresh",
        printed_by: "draft refresh [--check] --json, draft init --refresh --json",
        schema: schema::<Versioned<RefreshReport>>,
    },
    ReportKind {
        name: "track-change",
        printed_by: "draft track complete|archive|reopen --json",
        schema: schema::<Versioned<TrackChange>>,
    },
    ReportKind {
        name: "revert",
        printed_by: "draft revert SCOPE [--apply] --json, draft revert --continue --json",
        schema: schema::<Versioned<RevertReport>>,
    },
    ReportKind { name: "revert-abort", printed_by: "draft revert --abort --json", schema: schema::<RevertAbortJson> },
    ReportKind {
        name: "check",
        printed_by: "draft check --format json (or --json)",
        schema: schema::<CheckJson<'static>>,
    },
    ReportKind {
        name: "check-rules",
        printed_by: "draft check --list-rules --format json (or --json)",
        schema: schema::<RulesJson>,
    },
    ReportKind {
        name: "review",
        printed_by: "draft review --json",
        schema: schema::<Versioned<draft_check::review::ReviewReport>>,
    },
    ReportKind {
        name: "review-record",
        printed_by: "draft review --record VERDICT --json",
        schema: schema::<Versioned<draft_check::review::record::RecordReport>>,
    },
    ReportKind {
        name: "validate",
        printed_by: "draft validate --format json (or --json)",
        schema: schema::<Versioned<draft_check::validate::ValidateReport>>,
    },
    ReportKind {
        name: "validate-rules",
        printed_by: "draft validate --list-rules --json",
        schema: schema::<RulesJson>,
    },
    ReportKind { name: "error", printed_by: "any command run with --json that fails", schema: schema::<ErrorJson> },
    ReportKind {
        name: "index",
        printed_by: "draft index [--check] [--init-missing] --json",
        schema: schema::<Versioned<draft_core::engine::index::IndexReport>>,
    },
    ReportKind {
        name: "status-all",
        printed_by: "draft status --all-services --json",
        schema: schema::<Versioned<draft_core::engine::index::all_services::AllServicesStatus>>,
    },
];

/// The reports of `draft adr`.
const ADR_REPORTS: &[ReportKind] = {
    use draft_core::engine::adr::{AdrListReport, AdrShowReport, edit, import, index, new};
    &[
        ReportKind {
            name: "adr-new",
            printed_by: "draft adr new --json",
            schema: schema::<Versioned<new::NewAdrReport>>,
        },
        ReportKind {
            name: "adr-list",
            printed_by: "draft adr list --json",
            schema: schema::<Versioned<AdrListReport>>,
        },
        ReportKind {
            name: "adr-show",
            printed_by: "draft adr show N --json",
            schema: schema::<Versioned<AdrShowReport>>,
        },
        ReportKind {
            name: "adr-change",
            printed_by: "draft adr supersede|link|status --json",
            schema: schema::<Versioned<edit::AdrChangeReport>>,
        },
        ReportKind {
            name: "adr-index",
            printed_by: "draft adr index --json",
            schema: schema::<Versioned<index::AdrIndexReport>>,
        },
        ReportKind {
            name: "adr-import",
            printed_by: "draft adr import [--apply] --json",
            schema: schema::<Versioned<import::AdrImportReport>>,
        },
    ]
};

/// The reports of the `hosts` commands.
#[cfg(feature = "hosts")]
const HOSTS_REPORTS: &[ReportKind] = &[
    ReportKind { name: "skills", printed_by: "draft skills list --json", schema: schema::<SkillsJson> },
    ReportKind {
        name: "install",
        printed_by: "draft install|uninstall HOST [--dry-run] --json",
        schema: schema::<crate::hosting::Outcome<'static>>,
    },
    ReportKind {
        name: "install-list",
        printed_by: "draft install --list --json",
        schema: schema::<crate::commands::install::HostList>,
    },
    ReportKind {
        name: "install-detect",
        printed_by: "draft install --detect --json",
        schema: schema::<crate::commands::install::Detected>,
    },
    ReportKind {
        name: "doctor",
        printed_by: "draft doctor --json",
        schema: schema::<crate::commands::doctor::Verdict<'static>>,
    },
];
#[cfg(not(feature = "hosts"))]
const HOSTS_REPORTS: &[ReportKind] = &[];

/// The reports of `draft graph` and `draft decompose`.
#[cfg(feature = "graph")]
const GRAPH_REPORTS: &[ReportKind] = {
    use draft_graph::query::Reach;
    use draft_graph::report::{BuildReport, CyclesReport, DecomposeReport, HotspotsReport, MermaidReport};
    &[
        ReportKind {
            name: "graph-build",
            printed_by: "draft graph build --json",
            schema: schema::<Versioned<BuildReport>>,
        },
        ReportKind {
            name: "graph-reach",
            printed_by: "draft graph impact|deps TARGET --json",
            schema: schema::<Versioned<Reach>>,
        },
        ReportKind {
            name: "graph-cycles",
            printed_by: "draft graph cycles --json",
            schema: schema::<Versioned<CyclesReport>>,
        },
        ReportKind {
            name: "graph-hotspots",
            printed_by: "draft graph hotspots --json",
            schema: schema::<Versioned<HotspotsReport>>,
        },
        ReportKind {
            name: "graph-mermaid",
            printed_by: "draft graph mermaid --json",
            schema: schema::<Versioned<MermaidReport>>,
        },
        ReportKind {
            name: "decompose",
            printed_by: "draft decompose --json",
            schema: schema::<Versioned<DecomposeReport>>,
        },
    ]
};
#[cfg(not(feature = "graph"))]
const GRAPH_REPORTS: &[ReportKind] = &[];

/// The reports of `draft jira`.
#[cfg(feature = "jira")]
const JIRA_REPORTS: &[ReportKind] = &[
    ReportKind {
        name: "jira-preview",
        printed_by: "draft jira preview --json",
        schema: schema::<Versioned<draft_jira::JiraExport>>,
    },
    ReportKind {
        name: "jira-create",
        printed_by: "draft jira create [--dry-run] --json",
        schema: schema::<Versioned<draft_jira::CreateReport>>,
    },
];
#[cfg(not(feature = "jira"))]
const JIRA_REPORTS: &[ReportKind] = &[];

/// Every report, in the order `draft schema` lists them.
pub fn reports() -> impl Iterator<Item = &'static ReportKind> {
    REPORTS.iter().chain(ADR_REPORTS).chain(HOSTS_REPORTS).chain(GRAPH_REPORTS).chain(JIRA_REPORTS)
}

/// The report called `name`.
#[must_use]
pub fn find(name: &str) -> Option<&'static ReportKind> {
    reports().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_puts_the_version_first() {
        #[derive(Serialize)]
        struct R {
            a: u8,
        }
        let text = serde_json::to_string(&Versioned::new(&R { a: 7 })).expect("json");
        assert_eq!(text, r#"{"version":1,"a":7}"#);
    }

    #[test]
    fn every_schema_requires_the_version() {
        for r in reports() {
            let s = (r.schema)();
            let required = s.get("required").and_then(|v| v.as_array()).cloned().unwrap_or_default();
            assert!(required.iter().any(|v| v == "version"), "{}: version not required", r.name);
            assert_eq!(s.pointer("/properties/version/const"), Some(&serde_json::json!(1)), "{}", r.name);
        }
    }
}
