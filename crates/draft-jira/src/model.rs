//! The export model: what a track becomes in Jira.
//!
//! One epic per track, one story per task group with a heading (every
//! `Phase` heading, and headings such as `## Review Fixes` that hold tasks),
//! one sub-task per task. Tasks above every heading have no line to carry a
//! story's key, so they are left out with a warning. Story points follow the
//! task count of the group (1–2 → 1, 3–4 → 2, 5–6 → 3, 7 or more → 5, none
//! → 1). Keys already written are read back: a group's from its heading, a
//! task's from its line (`[PROJ-125]`, FORMATS.md §4), the epic's from
//! metadata.json (`jira_epic`), else from an earlier jira-export.md — the
//! model says what exists and what is left to create, and nothing else
//! decides it.

use draft_model::plan::{Marker, Phase, Plan, Task, TaskPos, is_jira_key};
use serde::Serialize;

/// The metadata.json key holding the epic's key.
pub const EPIC_KEY_FIELD: &str = "jira_epic";
/// Jira's longest summary.
const SUMMARY_MAX: usize = 255;

/// `draft jira preview --json`: the issues a track becomes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JiraExport {
    /// Track id.
    pub track: String,
    /// Track title.
    pub title: String,
    /// The export file, relative to the project root.
    pub path: String,
    /// Whether this run wrote the export file (the MCP preview writes nothing).
    pub written: bool,
    /// The project the issues go to, when configured.
    pub project_key: Option<String>,
    /// The track's epic.
    pub epic: EpicItem,
    /// One story per task group, in plan order.
    pub stories: Vec<StoryItem>,
    /// Counts over the whole export.
    pub totals: Totals,
    /// What was left out or could not be read.
    pub warnings: Vec<String>,
}

/// The epic.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EpicItem {
    /// The issue's summary: the track title.
    pub summary: String,
    /// Always `Epic`.
    pub issue_type: String,
    /// Its key, once created.
    pub key: Option<String>,
    /// The description, as plain text (paragraphs separated by blank lines).
    pub description: String,
}

/// One story: a group of tasks.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StoryItem {
    /// 1-based position among the stories.
    pub number: usize,
    /// The phase number as written (`1`, `2b`); null for a group under a
    /// heading that is not a phase.
    pub phase: Option<String>,
    /// The heading's title, without number, status and keys.
    pub title: String,
    /// The issue's summary, e.g. `Phase 1: Foundation`.
    pub summary: String,
    /// The issue type (`default_issue_type`, `Story` by default).
    pub issue_type: String,
    /// From the number of tasks.
    pub story_points: u32,
    /// Its key, once created (written on the heading line).
    pub key: Option<String>,
    /// 1-based line of the heading in plan.md.
    pub line: usize,
    /// The group's `**Goal:**` line.
    pub goal: Option<String>,
    /// The group's `**Verification:**` line.
    pub verification: Option<String>,
    /// The description, as plain text (`- ` lines are a list).
    pub description: String,
    /// One sub-task per task.
    pub subtasks: Vec<SubtaskItem>,
    /// Position of the group in the plan's groups (1-based).
    #[serde(skip)]
    pub group: usize,
}

/// One sub-task: a task.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubtaskItem {
    /// The task's ref, e.g. `1.2`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The issue's summary: the label and text, e.g. `Task 1.2: Wire it in`.
    pub summary: String,
    /// The marker in Jira's words: `To Do`, `In Progress`, `Done`, `Blocked`
    /// (shown only: a new issue starts in the project's first status).
    pub status: String,
    /// The plan marker.
    pub marker: Marker,
    /// Its key, once created (written on the task line).
    pub key: Option<String>,
    /// 1-based line in plan.md.
    pub line: usize,
    /// The description, as plain text.
    pub description: String,
    /// Position of the task in its group (1-based).
    #[serde(skip)]
    pub position: usize,
}

/// Counts over an export.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Totals {
    /// Stories.
    pub stories: usize,
    /// Sub-tasks.
    pub subtasks: usize,
    /// Story points over all stories.
    pub story_points: u32,
    /// Issues (epic included) that already have a key.
    pub keyed: usize,
    /// Issues (epic included) still to create.
    pub to_create: usize,
}

/// Story points for a group of `tasks` tasks.
#[must_use]
pub fn story_points(tasks: usize) -> u32 {
    match tasks {
        0..=2 => 1,
        3..=4 => 2,
        5..=6 => 3,
        _ => 5,
    }
}

/// What a track's documents say, for [`build`].
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Track id.
    pub id: &'a str,
    /// Track title.
    pub title: &'a str,
    /// `feature`, `bugfix`, `refactor`, when known.
    pub kind: Option<&'a str>,
    /// The plan.
    pub plan: &'a Plan,
    /// The epic's key from metadata.json or an earlier export.
    pub epic_key: Option<&'a str>,
    /// The first paragraph of the spec's problem statement (or the plan's overview).
    pub summary: Option<&'a str>,
    /// The issue type of stories.
    pub story_type: &'a str,
    /// The project key, when configured.
    pub project_key: Option<&'a str>,
}

/// The export of a track (`path` and `written` are the caller's to fill).
#[must_use]
pub fn build(src: &Sources<'_>) -> JiraExport {
    let mut warnings = Vec::new();
    let mut stories = Vec::new();
    for (gi, group) in src.plan.phases.iter().enumerate() {
        if group.level == 0 {
            warnings.push(format!(
                "{} task(s) above the first heading of plan.md (line {}) are left out: a story needs a heading to carry its key",
                group.tasks.len(),
                group.line
            ));
            continue;
        }
        stories.push(story(src, gi + 1, group, stories.len() + 1, &mut warnings));
    }
    let epic_desc = epic_description(src, &stories);
    let epic = EpicItem {
        summary: summary(src.title),
        issue_type: "Epic".to_owned(),
        key: src.epic_key.map(str::to_owned),
        description: epic_desc,
    };
    let mut export = JiraExport {
        track: src.id.to_owned(),
        title: src.title.to_owned(),
        path: String::new(),
        written: false,
        project_key: src.project_key.map(str::to_owned),
        epic,
        stories,
        totals: Totals::default(),
        warnings,
    };
    export.recount();
    export
}

impl JiraExport {
    /// Recompute [`Totals`] after keys changed.
    pub fn recount(&mut self) {
        let subtasks = self.stories.iter().map(|s| s.subtasks.len()).sum::<usize>();
        let keyed = usize::from(self.epic.key.is_some())
            + self.stories.iter().filter(|s| s.key.is_some()).count()
            + self.stories.iter().flat_map(|s| &s.subtasks).filter(|t| t.key.is_some()).count();
        self.totals = Totals {
            stories: self.stories.len(),
            subtasks,
            story_points: self.stories.iter().map(|s| s.story_points).sum(),
            keyed,
            to_create: 1 + self.stories.len() + subtasks - keyed,
        };
    }
}

fn story(src: &Sources<'_>, group: usize, phase: &Phase, number: usize, warnings: &mut Vec<String>) -> StoryItem {
    let title = phase.title.trim().to_owned();
    let summary_text = match (&phase.number, phase.is_phase) {
        (Some(n), true) if title.is_empty() => format!("Phase {n}"),
        (Some(n), true) => format!("Phase {n}: {title}"),
        (None, true) if title.is_empty() => format!("Phase {}", phase.key),
        _ => title.clone(),
    };
    let (goal, verification) = goal_and_verification(src.plan, phase);
    let subtasks: Vec<SubtaskItem> = phase
        .tasks
        .iter()
        .enumerate()
        .map(|(ti, task)| {
            let pos = TaskPos { phase: group, task: ti + 1, key: phase.key };
            subtask(src, pos, phase, task, warnings)
        })
        .collect();
    let mut description = Vec::new();
    if let Some(g) = &goal {
        description.push(format!("Goal: {g}"));
    }
    if let Some(v) = &verification {
        description.push(format!("Verification: {v}"));
    }
    if subtasks.is_empty() {
        description.push("No tasks in this group yet.".to_owned());
    } else {
        let list: Vec<String> = subtasks.iter().map(|t| format!("- {}", t.summary)).collect();
        description.push(list.join("\n"));
    }
    description.push(format!("From draft track {} (plan.md line {}).", src.id, phase.line));
    StoryItem {
        number,
        phase: phase.is_phase.then(|| phase.number.clone().unwrap_or_else(|| phase.key.to_string())),
        title,
        summary: summary(&summary_text),
        issue_type: src.story_type.to_owned(),
        story_points: story_points(phase.tasks.len()),
        key: first_key(&phase.jira, phase.line, warnings),
        line: phase.line,
        goal,
        verification,
        description: description.join("\n\n"),
        subtasks,
        group,
    }
}

fn subtask(src: &Sources<'_>, pos: TaskPos, phase: &Phase, task: &Task, warnings: &mut Vec<String>) -> SubtaskItem {
    let text = task.text.trim();
    let summary_text = match (&task.label, text.is_empty()) {
        (Some(label), false) => format!("{label}: {text}"),
        (Some(label), true) => label.clone(),
        (None, false) => text.to_owned(),
        (None, true) => format!("Task {pos}"),
    };
    let mut description = vec![format!(
        "Task {pos} of draft track {} ({}), plan.md line {}.",
        src.id,
        if phase.title.is_empty() { "untitled group".to_owned() } else { phase.title.clone() },
        task.line
    )];
    let notes: Vec<String> = task
        .children
        .iter()
        .filter_map(|c| src.plan.source().get(c.span.clone()))
        .map(|line| line.trim().trim_start_matches(['-', '*', '+']).trim().to_owned())
        .filter(|line| !line.is_empty())
        .map(|line| format!("- {line}"))
        .collect();
    if !notes.is_empty() {
        description.push(notes.join("\n"));
    }
    SubtaskItem {
        reference: pos.to_string(),
        summary: summary(&summary_text),
        status: status(task.marker).to_owned(),
        marker: task.marker,
        key: first_key(&task.jira, task.line, warnings),
        line: task.line,
        description: description.join("\n\n"),
        position: pos.task,
    }
}

fn epic_description(src: &Sources<'_>, stories: &[StoryItem]) -> String {
    let mut parts = Vec::new();
    if let Some(s) = src.summary.map(str::trim).filter(|s| !s.is_empty()) {
        parts.push(s.to_owned());
    }
    let kind = src.kind.map(|k| format!(" ({k})")).unwrap_or_default();
    let tasks: usize = stories.iter().map(|s| s.subtasks.len()).sum();
    parts.push(format!(
        "Draft track {}{kind}: {} stories, {tasks} sub-tasks. The plan is draft/tracks/{}/plan.md.",
        src.id,
        stories.len(),
        src.id
    ));
    parts.join("\n\n")
}

/// The marker in Jira's words.
#[must_use]
pub fn status(marker: Marker) -> &'static str {
    match marker {
        Marker::Done => "Done",
        Marker::InProgress => "In Progress",
        Marker::Blocked => "Blocked",
        Marker::Pending | Marker::Unknown(_) => "To Do",
    }
}

/// The first key on a line; a line with several is reported.
fn first_key(keys: &[String], line: usize, warnings: &mut Vec<String>) -> Option<String> {
    if keys.len() > 1 {
        warnings.push(format!(
            "plan.md line {line} carries several Jira keys ({}); {} is used",
            keys.join(", "),
            keys[0]
        ));
    }
    keys.first().cloned()
}

/// One line, at most 255 characters.
fn summary(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= SUMMARY_MAX {
        return one;
    }
    let mut cut: String = one.chars().take(SUMMARY_MAX - 1).collect();
    cut.push('…');
    cut
}

/// The `**Goal:**` and `**Verification:**` lines between a group's heading
/// and its first task.
fn goal_and_verification(plan: &Plan, phase: &Phase) -> (Option<String>, Option<String>) {
    let src = plan.source();
    let end = phase.tasks.first().map_or(phase.end, |t| t.line_span.start);
    let body = src.get(phase.heading_span.end..end.max(phase.heading_span.end)).unwrap_or_default();
    let field = |name: &str| {
        body.lines().find_map(|line| {
            let t = line.trim();
            let t = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).unwrap_or(t).trim();
            let rest = t
                .strip_prefix(&format!("**{name}:**"))
                .or_else(|| t.strip_prefix(&format!("**{name}**:")))
                .or_else(|| t.strip_prefix(&format!("{name}:")))?;
            Some(rest.trim().to_owned()).filter(|r| !r.is_empty())
        })
    };
    (field("Goal"), field("Verification"))
}

/// A valid key stored as the epic's, from metadata.json's `jira_epic`.
#[must_use]
pub fn epic_key_in_metadata(meta: &draft_model::metadata::Metadata) -> Option<String> {
    meta.map.get(EPIC_KEY_FIELD).and_then(|v| v.as_str()).filter(|k| is_jira_key(k)).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "# Plan: Export\n\n## Overview\nx\n\n## Phase 1: Foundation [PROJ-2]\n**Goal:** a parser\n**Verification:** tests pass\n\n- [x] **Task 1.1:** Add the parser (a1b2c3d) [PROJ-3]\n- [~] **Task 1.2:** Wire it in\n  - Depends on: Task 1.1\n- [!] **Task 1.3:** Migrate\n  - Blocked: review\n\n## Phase 2: Empty\n\n## Review Fixes\n- [ ] Fix the typo\n";

    fn export(plan: &Plan) -> JiraExport {
        build(&Sources {
            id: "export",
            title: "Export",
            kind: Some("feature"),
            plan,
            epic_key: None,
            summary: Some("Users need CSV."),
            story_type: "Story",
            project_key: Some("PROJ"),
        })
    }

    #[test]
    fn points_follow_the_task_count() {
        let got: Vec<u32> = [0, 1, 2, 3, 4, 5, 6, 7, 30].into_iter().map(story_points).collect();
        assert_eq!(got, [1, 1, 1, 2, 2, 3, 3, 5, 5]);
    }

    #[test]
    fn groups_become_stories_and_keys_are_read_back() {
        let plan = Plan::parse(PLAN.to_owned());
        let e = export(&plan);
        let s: Vec<(&str, Option<&str>, u32, usize)> = e
            .stories
            .iter()
            .map(|s| (s.summary.as_str(), s.key.as_deref(), s.story_points, s.subtasks.len()))
            .collect();
        assert_eq!(
            s,
            [
                ("Phase 1: Foundation", Some("PROJ-2"), 2, 3),
                ("Phase 2: Empty", None, 1, 0),
                ("Review Fixes", None, 1, 1)
            ]
        );
        let first = &e.stories[0];
        assert_eq!((first.goal.as_deref(), first.verification.as_deref()), (Some("a parser"), Some("tests pass")));
        assert_eq!(first.subtasks[0].key.as_deref(), Some("PROJ-3"));
        assert_eq!(first.subtasks[0].summary, "Task 1.1: Add the parser");
        assert_eq!(first.subtasks[2].status, "Blocked");
        assert!(first.subtasks[1].description.contains("- Depends on: Task 1.1"), "{}", first.subtasks[1].description);
        assert_eq!(e.stories[2].phase, None);
        assert_eq!(e.stories[2].subtasks[0].reference, "3.1");
        assert_eq!((e.totals.keyed, e.totals.to_create, e.totals.story_points), (2, 6, 4));
        assert!(e.epic.description.starts_with("Users need CSV.\n\n"), "{}", e.epic.description);
    }

    #[test]
    fn tasks_above_every_heading_are_left_out_with_a_warning() {
        let plan = Plan::parse("- [ ] loose\n\n## Phase 1: A\n- [ ] a\n".to_owned());
        let e = export(&plan);
        assert_eq!(e.stories.len(), 1);
        assert_eq!(e.stories[0].group, 2);
        assert!(e.warnings[0].contains("above the first heading"), "{:?}", e.warnings);
    }

    #[test]
    fn long_summaries_are_cut() {
        let long = "word ".repeat(100);
        let s = summary(&long);
        assert_eq!(s.chars().count(), SUMMARY_MAX);
        assert!(s.ends_with('…'));
    }
}
