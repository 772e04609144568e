//! `draft jira create`: the epic, then every story, then every sub-task,
//! skipping whatever already has a key, each key written back the moment
//! Jira returns it.
//!
//! The project lock is held for the whole run, so no other draft command
//! edits plan.md between a key's creation and its write-back. After each
//! issue, its key goes into plan.md (a phase heading or task line) or
//! metadata.json (the epic), and jira-export.md is regenerated — both atomic
//! replaces. A run that stops half-way (a 5xx, a refused field, a lost
//! connection, a killed process) therefore leaves every created issue
//! recorded, and the next run creates only the rest: nothing twice. The one
//! window left is a request Jira may have carried out but did not confirm
//! (a 5xx or a connection lost after sending); the error says so and names
//! the issue to look for. See `crate::client` for the retry policy.

use crate::client::{Client, Failure};
use crate::config::{self, JiraSettings};
use crate::model::{JiraExport, StoryItem};
use crate::track::{self, Loaded};
use crate::writeback::{self, Target};
use crate::{adf, render};
use draft_core::error::{Error, Result};
use draft_core::workspace::Workspace;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// What kind of issue an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum IssueKind {
    /// The track's epic.
    Epic,
    /// A group's story.
    Story,
    /// A task's sub-task.
    Subtask,
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Created now; its key is written back.
    Created,
    /// It already had a key.
    Skipped,
    /// `--dry-run`: it would be created.
    WouldCreate,
}

/// One issue of the run.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateItem {
    /// Epic, story or sub-task.
    pub kind: IssueKind,
    /// The phase number (stories) or task ref (sub-tasks); null for the epic
    /// and for stories of groups that are not phases.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// The summary.
    pub summary: String,
    /// The key (null for what a dry run would create).
    pub key: Option<String>,
    /// The parent's key, when it has one and it is known.
    pub parent: Option<String>,
    /// What happened.
    pub action: Action,
}

/// `draft jira create [--dry-run] --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateReport {
    /// Track id.
    pub track: String,
    /// Nothing was sent or written.
    pub dry_run: bool,
    /// The Jira site, when configured.
    pub base_url: Option<String>,
    /// The project, when configured.
    pub project_key: Option<String>,
    /// Every issue, in the order handled: epic, stories, sub-tasks.
    pub items: Vec<CreateItem>,
    /// Issues created (0 in a dry run).
    pub created: usize,
    /// Issues that already had a key.
    pub skipped: usize,
    /// Issues a dry run would create.
    pub would_create: usize,
    /// 429 answers waited out.
    pub rate_limited: u32,
    /// Files written, relative to the root.
    pub written: Vec<String>,
    /// Settings and export warnings.
    pub warnings: Vec<String>,
}

/// Create the track's missing issues (default track: the active one).
/// `env` looks up `DRAFT_JIRA_*` variables.
pub fn create(
    ws: &Workspace,
    track: Option<&str>,
    dry_run: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<CreateReport> {
    let settings = config::load(ws, env)?;
    if dry_run {
        let loaded = track::load(ws, track, Some(&settings))?;
        return Ok(dry_run_report(&loaded.export, &settings));
    }
    let (base_url, project) = match (&settings.base_url, &settings.project_key) {
        (Some(u), Some(p)) => (u.clone(), p.clone()),
        _ => return Err(missing_settings(&settings)),
    };
    let credentials = config::credentials(env)?;
    let client = Client::new(&base_url, &credentials, settings.max_wait);
    let _lock = ws.lock()?;
    let loaded = track::load(ws, track, Some(&settings))?;
    let project_name = draft_core::manifest::project_name(&ws.root);
    let (block, _) =
        draft_core::engine::stamp(&ws.git(), &project_name, "draft:jira-create", Some(&loaded.id), ws.now());
    let mut run = Run {
        ws,
        client: &client,
        settings: &settings,
        project,
        frontmatter: block.render(),
        report: report(&loaded.export, &settings, false),
        loaded,
    };
    run.epic()?;
    run.stories()?;
    run.subtasks()?;
    Ok(run.report)
}

fn report(export: &JiraExport, settings: &JiraSettings, dry_run: bool) -> CreateReport {
    let mut warnings = settings.warnings.clone();
    warnings.extend(export.warnings.iter().cloned());
    CreateReport {
        track: export.track.clone(),
        dry_run,
        base_url: settings.base_url.clone(),
        project_key: settings.project_key.clone(),
        items: Vec::new(),
        created: 0,
        skipped: 0,
        would_create: 0,
        rate_limited: 0,
        written: Vec::new(),
        warnings,
    }
}

fn missing_settings(settings: &JiraSettings) -> Error {
    let missing: Vec<&str> =
        [(settings.base_url.is_none(), "base_url"), (settings.project_key.is_none(), "project_key")]
            .into_iter()
            .filter(|m| m.0)
            .map(|m| m.1)
            .collect();
    Error::Jira {
        code: "jira-config",
        message: format!("Jira is not configured: {} not set", missing.join(" and ")),
        hint: Some(
            "set them in the ```yaml block of draft/jira.md or under [jira] in draft/config.toml (or DRAFT_JIRA_URL / DRAFT_JIRA_PROJECT); docs/JIRA.md shows both"
                .to_owned(),
        ),
    }
}

/// What a dry run reports: every item, the ones without a key as would-create.
fn dry_run_report(export: &JiraExport, settings: &JiraSettings) -> CreateReport {
    let mut r = report(export, settings, true);
    for (what, var) in [(settings.base_url.is_none(), "base_url"), (settings.project_key.is_none(), "project_key")] {
        if what {
            r.warnings.push(format!("{var} is not set: the real run needs it (docs/JIRA.md)"));
        }
    }
    let epic_key = export.epic.key.clone();
    r.items.push(item(IssueKind::Epic, None, &export.epic.summary, epic_key.clone(), None));
    for s in &export.stories {
        r.items.push(item(IssueKind::Story, s.phase.clone(), &s.summary, s.key.clone(), epic_key.clone()));
    }
    for s in &export.stories {
        for t in &s.subtasks {
            r.items.push(item(IssueKind::Subtask, Some(t.reference.clone()), &t.summary, t.key.clone(), s.key.clone()));
        }
    }
    r.skipped = r.items.iter().filter(|i| i.action == Action::Skipped).count();
    r.would_create = r.items.len() - r.skipped;
    r
}

fn item(
    kind: IssueKind,
    reference: Option<String>,
    summary: &str,
    key: Option<String>,
    parent: Option<String>,
) -> CreateItem {
    let action = if key.is_some() { Action::Skipped } else { Action::WouldCreate };
    CreateItem { kind, reference, summary: summary.to_owned(), key, parent, action }
}

/// One run of `create`: the loaded track, updated as keys arrive.
struct Run<'a> {
    ws: &'a Workspace,
    client: &'a Client,
    settings: &'a JiraSettings,
    project: String,
    frontmatter: String,
    loaded: Loaded,
    report: CreateReport,
}

impl Run<'_> {
    fn epic(&mut self) -> Result<()> {
        let epic = self.loaded.export.epic.clone();
        if let Some(key) = epic.key {
            self.skip(IssueKind::Epic, None, &epic.summary, key, None);
            return Ok(());
        }
        let mut fields = self.common(&epic.summary, &epic.issue_type, &epic.description);
        self.decorate(&mut fields);
        let key = self.send(&fields, IssueKind::Epic, &epic.summary, None)?;
        self.loaded.export.epic.key = Some(key.clone());
        if let Some(path) = self.loaded.metadata_path.clone() {
            writeback::record_in_metadata(self.ws, &path, &key).map_err(|e| self.after_created(&e, &key, false))?;
            self.wrote(&path);
        }
        self.write_export(&key)?;
        self.done(IssueKind::Epic, None, &epic.summary, key, None);
        Ok(())
    }

    fn stories(&mut self) -> Result<()> {
        let epic = self.loaded.export.epic.key.clone();
        for i in 0..self.loaded.export.stories.len() {
            let story = self.loaded.export.stories[i].clone();
            if let Some(key) = story.key.clone() {
                self.skip(IssueKind::Story, story.phase.clone(), &story.summary, key, epic.clone());
                continue;
            }
            let fields = self.story_fields(&story, epic.as_deref());
            let key = self.send(&fields, IssueKind::Story, &story.summary, Some(story.line))?;
            self.record(Target::Group(story.group), &key)?;
            self.loaded.export.stories[i].key = Some(key.clone());
            self.write_export(&key)?;
            self.done(IssueKind::Story, story.phase.clone(), &story.summary, key, epic.clone());
        }
        Ok(())
    }

    fn subtasks(&mut self) -> Result<()> {
        for i in 0..self.loaded.export.stories.len() {
            let story = self.loaded.export.stories[i].clone();
            for (j, task) in story.subtasks.iter().enumerate() {
                let reference = Some(task.reference.clone());
                if let Some(key) = task.key.clone() {
                    self.skip(IssueKind::Subtask, reference, &task.summary, key, story.key.clone());
                    continue;
                }
                let Some(parent) = story.key.clone() else { continue };
                let mut fields = self.common(&task.summary, &self.settings.subtask_issue_type, &task.description);
                fields.insert("parent".to_owned(), json!({ "key": parent }));
                self.decorate(&mut fields);
                let key = self.send(&fields, IssueKind::Subtask, &task.summary, Some(task.line))?;
                self.record(Target::Task(story.group, task.position), &key)?;
                self.loaded.export.stories[i].subtasks[j].key = Some(key.clone());
                self.write_export(&key)?;
                self.done(IssueKind::Subtask, reference, &task.summary, key, Some(parent));
            }
        }
        Ok(())
    }

    fn story_fields(&self, story: &StoryItem, epic: Option<&str>) -> Map<String, Value> {
        let mut fields = self.common(&story.summary, &story.issue_type, &story.description);
        if let Some(epic) = epic {
            match &self.settings.epic_link_field {
                Some(field) => fields.insert(field.clone(), Value::String(epic.to_owned())),
                None => fields.insert("parent".to_owned(), json!({ "key": epic })),
            };
        }
        if let Some(field) = &self.settings.story_points_field {
            fields.insert(field.clone(), json!(story.story_points));
        }
        self.decorate(&mut fields);
        fields
    }

    fn common(&self, summary: &str, issue_type: &str, description: &str) -> Map<String, Value> {
        let mut fields = Map::new();
        fields.insert("project".to_owned(), json!({ "key": self.project }));
        fields.insert("summary".to_owned(), Value::String(summary.to_owned()));
        fields.insert("issuetype".to_owned(), json!({ "name": issue_type }));
        fields.insert("description".to_owned(), adf::document(description));
        fields
    }

    /// Labels and priority, which every issue gets.
    fn decorate(&self, fields: &mut Map<String, Value>) {
        if !self.settings.labels.is_empty() {
            fields.insert("labels".to_owned(), json!(self.settings.labels));
        }
        if let Some(p) = &self.settings.default_priority {
            fields.insert("priority".to_owned(), json!({ "name": p }));
        }
    }

    /// Create one issue; a failure becomes the error that ends the run.
    fn send(
        &mut self,
        fields: &Map<String, Value>,
        kind: IssueKind,
        summary: &str,
        line: Option<usize>,
    ) -> Result<String> {
        match self.client.create_issue(&Value::Object(fields.clone())) {
            Ok(created) => {
                self.report.rate_limited += created.rate_limited;
                Ok(created.key)
            }
            Err(failure) => Err(self.failed(&failure, kind, summary, line)),
        }
    }

    fn record(&mut self, target: Target, key: &str) -> Result<()> {
        let path = self.loaded.plan_path.clone();
        let plan = writeback::record_in_plan(self.ws, &path, &self.loaded.plan, target, key)
            .map_err(|e| self.after_created(&e, key, false))?;
        self.loaded.plan = plan;
        self.wrote(&path);
        Ok(())
    }

    fn write_export(&mut self, key: &str) -> Result<()> {
        self.loaded.export.recount();
        let text = render::render(&self.loaded.export, &self.frontmatter);
        let path = self.loaded.export_path.clone();
        self.ws.write(&path, text.as_bytes()).map_err(|e| self.after_created(&e, key, true))?;
        self.wrote(&path);
        Ok(())
    }

    fn wrote(&mut self, path: &std::path::Path) {
        let rel = self.ws.rel(path);
        if !self.report.written.contains(&rel) {
            self.report.written.push(rel);
        }
    }

    fn done(&mut self, kind: IssueKind, reference: Option<String>, summary: &str, key: String, parent: Option<String>) {
        self.report.created += 1;
        let (summary, key) = (summary.to_owned(), Some(key));
        self.report.items.push(CreateItem { kind, reference, summary, key, parent, action: Action::Created });
    }

    fn skip(&mut self, kind: IssueKind, reference: Option<String>, summary: &str, key: String, parent: Option<String>) {
        self.report.skipped += 1;
        let (summary, key) = (summary.to_owned(), Some(key));
        self.report.items.push(CreateItem { kind, reference, summary, key, parent, action: Action::Skipped });
    }

    /// What has been created so far, for the hint of an error.
    fn so_far(&self) -> String {
        match self.report.created {
            0 => "Nothing was created before it.".to_owned(),
            n => format!(
                "The {n} issue(s) created before it are recorded ({}), so `draft jira create` creates only what is left.",
                self.report.written.join(", ")
            ),
        }
    }

    /// A write-back failure after Jira created issue `key` (`recorded`: its
    /// key is already in plan.md or metadata.json, only the export failed).
    fn after_created(&self, e: &Error, key: &str, recorded: bool) -> Error {
        let text = e.to_string();
        let message = if recorded {
            format!(
                "{key} was created and recorded, but jira-export.md could not be written ({text}); `draft jira preview` writes it again"
            )
        } else if text.contains(key) {
            text
        } else {
            format!(
                "{key} was created in Jira but could not be recorded ({text}): record it by hand before running again"
            )
        };
        let r = self.client.redactor();
        Error::Jira { code: e.code(), message: r.apply(&message), hint: Some(r.apply(&self.so_far())) }
    }

    fn failed(&self, failure: &Failure, kind: IssueKind, summary: &str, line: Option<usize>) -> Error {
        let what = match (kind, line) {
            (IssueKind::Epic, _) => "the epic".to_owned(),
            (IssueKind::Story, Some(l)) => format!("the story for plan.md line {l}"),
            (IssueKind::Subtask, Some(l)) => format!("the sub-task for plan.md line {l}"),
            (_, None) => "an issue".to_owned(),
        };
        let code = match failure {
            Failure::Refused { status: 401 | 403, .. } => "jira-auth",
            Failure::Refused { .. } => "jira-refused",
            Failure::Server { .. } => "jira-server",
            Failure::RateLimited { .. } => "jira-rate-limited",
            Failure::Transport { .. } => "jira-network",
            Failure::BadAnswer { .. } => "jira-answer",
        };
        let mut hint = self.so_far();
        if code == "jira-auth" {
            hint.push_str(
                " Check DRAFT_JIRA_EMAIL and DRAFT_JIRA_TOKEN, and that this account may create issues in the project.",
            );
        }
        if failure.maybe_created() {
            let place = if kind == IssueKind::Epic {
                format!("add \"{}\": \"<KEY>\" to the track's metadata.json", crate::model::EPIC_KEY_FIELD)
            } else {
                format!("append ` [<KEY>]` to plan.md line {}", line.unwrap_or_default())
            };
            hint.push_str(&format!(
                " Jira may have created this issue before failing: search the project for {summary:?}, and if it is there, {place} before running again, or it will be created twice."
            ));
        }
        let message = format!("creating {what} ({summary:?}) failed: {failure}");
        let r = self.client.redactor();
        Error::Jira { code, message: r.apply(&message), hint: Some(r.apply(&hint)) }
    }
}
