//! `jira-export.md`: the export model as a document people review.
//!
//! The file is generated whole from the model on every `draft jira preview`
//! and after every key `draft jira create` writes back, so it always shows
//! what exists in Jira and what is still to create. It starts with the
//! pinned frontmatter block (FORMATS.md §1), then the epic, then one section
//! per story with its sub-tasks in a table. The only thing ever read back
//! from it is the epic's key, for tracks that have no metadata.json to hold
//! it (Conductor trees, or a file written by Draft's own jira skills, which
//! spell it `**Epic Key:**`).

use crate::model::{JiraExport, StoryItem};
use draft_model::plan::is_jira_key;
use std::fmt::Write as _;

/// Shown where a key or setting is absent.
const NONE: &str = "—";

/// The document for `export`, after `frontmatter` (a rendered pinned block).
#[must_use]
pub fn render(export: &JiraExport, frontmatter: &str) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(frontmatter);
    let t = &export.totals;
    let _ = writeln!(out, "\n# Jira Export: {}\n", export.title);
    out.push_str("| Field | Value |\n|-------|-------|\n");
    let _ = writeln!(out, "| Track ID | {} |", cell(&export.track));
    let _ = writeln!(out, "| Project | {} |", export.project_key.as_deref().unwrap_or(NONE));
    let _ = writeln!(out, "| Epic Key | {} |", export.epic.key.as_deref().unwrap_or(NONE));
    let _ = writeln!(out, "| Stories | {} |", t.stories);
    let _ = writeln!(out, "| Sub-tasks | {} |", t.subtasks);
    let _ = writeln!(out, "| Story Points | {} |", t.story_points);
    let _ = writeln!(out, "| Created | {} of {} |", t.keyed, t.keyed + t.to_create);
    out.push_str(
        "\n> Generated from plan.md by `draft jira preview`, and rewritten by `draft jira create` after each issue\n\
         > it creates. Edit plan.md rather than this file; keys live in plan.md and metadata.json.\n",
    );
    for w in &export.warnings {
        let _ = writeln!(out, ">\n> Warning: {w}");
    }
    out.push_str("\n## Epic\n\n");
    let _ = writeln!(out, "**Summary:** {}", export.epic.summary);
    let _ = writeln!(out, "**Issue Type:** {}", export.epic.issue_type);
    let _ = writeln!(out, "**Key:** {}\n", export.epic.key.as_deref().unwrap_or(NONE));
    let _ = writeln!(out, "{}", export.epic.description);
    for story in &export.stories {
        render_story(&mut out, story);
    }
    out
}

fn render_story(out: &mut String, story: &StoryItem) {
    let key = story.key.as_deref().map(|k| format!(" [{k}]")).unwrap_or_default();
    let name = if story.title.is_empty() { &story.summary } else { &story.title };
    let _ = writeln!(out, "\n## Story {}: {name}{key}\n", story.number);
    let _ = writeln!(out, "**Summary:** {}", story.summary);
    let _ = writeln!(out, "**Issue Type:** {}", story.issue_type);
    let _ = writeln!(out, "**Story Points:** {}", story.story_points);
    let _ = writeln!(out, "**Key:** {}", story.key.as_deref().unwrap_or(NONE));
    let _ = writeln!(out, "**Plan Line:** {}\n", story.line);
    let _ = writeln!(out, "{}", story.description);
    if story.subtasks.is_empty() {
        return;
    }
    out.push_str("\n### Sub-tasks\n\n| # | Summary | Status | Key |\n|---|---------|--------|-----|\n");
    for t in &story.subtasks {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            t.reference,
            cell(&t.summary),
            t.status,
            t.key.as_deref().unwrap_or(NONE)
        );
    }
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The epic's key in an earlier export: the `**Key:**` line of its
/// `## Epic` section, or Draft's `**Epic Key:**` line.
#[must_use]
pub fn epic_key_in_export(text: &str) -> Option<String> {
    let mut in_epic = false;
    for line in text.lines() {
        let line = line.trim();
        if let Some(heading) = line.strip_prefix("## ") {
            in_epic = heading.trim() == "Epic";
            continue;
        }
        let value =
            line.strip_prefix("**Epic Key:**").or_else(|| in_epic.then(|| line.strip_prefix("**Key:**")).flatten());
        if let Some(key) = value.map(str::trim).filter(|k| is_jira_key(k)) {
            return Some(key.to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Sources, build};
    use draft_model::plan::Plan;

    #[test]
    fn renders_and_reads_the_epic_key_back() {
        let plan = Plan::parse(
            "# Plan: X\n\n## Phase 1: A | B [PROJ-2]\n- [ ] **Task 1.1:** do | it [PROJ-3]\n- [x] two\n".into(),
        );
        let mut export = build(&Sources {
            id: "x",
            title: "X",
            kind: None,
            plan: &plan,
            epic_key: None,
            summary: None,
            story_type: "Story",
            project_key: Some("PROJ"),
        });
        let text = render(&export, "---\nproject: \"p\"\n---\n");
        assert!(text.starts_with("---\nproject: \"p\"\n---\n\n# Jira Export: X\n"), "{text}");
        assert!(text.contains("\n## Story 1: A | B [PROJ-2]\n\n**Summary:** Phase 1: A | B\n"), "{text}");
        assert!(text.contains("| 1.1 | Task 1.1: do \\| it | To Do | PROJ-3 |\n| 1.2 | two | Done | — |\n"), "{text}");
        assert_eq!(epic_key_in_export(&text), None);
        export.epic.key = Some("PROJ-1".into());
        assert_eq!(epic_key_in_export(&render(&export, "")).as_deref(), Some("PROJ-1"));
        assert_eq!(epic_key_in_export("**Status:** Created\n**Epic Key:** OPS-7\n").as_deref(), Some("OPS-7"));
        assert_eq!(epic_key_in_export("## Story 1\n**Key:** OPS-8\n"), None);
    }
}
