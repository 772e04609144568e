//! Recording a created issue's key: ` [KEY]` appended to a heading or task
//! line of plan.md, `"jira_epic"` added to metadata.json, and the export
//! regenerated — each an atomic replace made while the caller holds the
//! project lock.
//!
//! Edits are lossless: the key is inserted after the line's text (before
//! trailing blanks, the line break, and a heading's closing `#`s); nothing
//! else moves. After the edit the plan is parsed again and must show the key
//! on that line, so a line draft cannot extend is reported with the key to
//! add by hand instead of being lost.

use crate::model::EPIC_KEY_FIELD;
use draft_core::error::{Error, Result};
use draft_core::workspace::{self, Workspace};
use draft_model::edit::{self, Edit};
use draft_model::metadata;
use draft_model::plan::Plan;
use draft_model::text;
use std::path::Path;

/// What gets a key in plan.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The heading of the group at this 1-based position.
    Group(usize),
    /// The task at this 1-based position in that group.
    Task(usize, usize),
}

/// The insertion that appends ` [key]` to the target's line.
fn key_edit(plan: &Plan, target: Target, key: &str) -> Option<(Edit, usize)> {
    let src = plan.source();
    let (span, line_no, is_heading) = match target {
        Target::Group(g) => {
            let group = plan.phases.get(g.checked_sub(1)?)?;
            (group.heading_span.clone(), group.line, true)
        }
        Target::Task(g, t) => {
            let task = plan.phases.get(g.checked_sub(1)?)?.tasks.get(t.checked_sub(1)?)?;
            (task.line_span.clone(), task.line, false)
        }
    };
    let line = src.get(span.clone())?;
    let content = line.trim_end_matches(['\n', '\r']);
    let end = if is_heading {
        let h = text::heading(content)?;
        h.text_offset + h.text.len()
    } else {
        content.trim_end_matches([' ', '\t']).len()
    };
    Some((Edit::insert(span.start + end, format!(" [{key}]")), line_no))
}

/// Whether the re-parsed plan shows `key` on the target.
fn shows_key(plan: &Plan, target: Target, key: &str) -> bool {
    let keys = match target {
        Target::Group(g) => g.checked_sub(1).and_then(|i| plan.phases.get(i)).map(|p| &p.jira),
        Target::Task(g, t) => g
            .checked_sub(1)
            .and_then(|i| plan.phases.get(i))
            .and_then(|p| t.checked_sub(1).and_then(|j| p.tasks.get(j)))
            .map(|t| &t.jira),
    };
    keys.is_some_and(|k| k.iter().any(|x| x == key))
}

/// Append ` [key]` to the target's line, write plan.md and return the new plan.
pub fn record_in_plan(ws: &Workspace, path: &Path, plan: &Plan, target: Target, key: &str) -> Result<Plan> {
    let rel = ws.rel(path);
    let by_hand = |line: usize, why: &str| Error::Malformed {
        file: rel.clone(),
        line,
        message: format!("{key} was created in Jira but {why}: add ` [{key}]` at the end of this line by hand"),
    };
    let Some((edit, line)) = key_edit(plan, target, key) else {
        return Err(by_hand(0, "its line in plan.md could not be found again"));
    };
    let new_text =
        edit::apply(plan.source(), vec![edit]).map_err(|source| Error::Edit { path: path.to_path_buf(), source })?;
    let new_plan = Plan::parse(new_text);
    if !shows_key(&new_plan, target, key) {
        return Err(by_hand(line, "draft could not append it to this line in a way it reads back"));
    }
    ws.write(path, new_plan.source().as_bytes())?;
    Ok(new_plan)
}

/// Add (or replace) `"jira_epic": "KEY"` in metadata.json, keeping every
/// other byte.
pub fn record_in_metadata(ws: &Workspace, path: &Path, key: &str) -> Result<()> {
    let src = workspace::read_text(path)?;
    let (bom, body) = src.split_at(text::bom_len(&src));
    let value = serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""));
    let Some(e) = metadata::set_value(body, &[EPIC_KEY_FIELD], &value) else {
        return Err(Error::Malformed {
            file: ws.rel(path),
            line: 1,
            message: format!(
                "{key} (the epic) was created in Jira but metadata.json is not a JSON object draft can edit; add \"{EPIC_KEY_FIELD}\": \"{key}\" by hand"
            ),
        });
    };
    let out = edit::apply(body, vec![e]).map_err(|source| Error::Edit { path: path.to_path_buf(), source })?;
    if out != body {
        ws.write(path, format!("{bom}{out}").as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use draft_core::workspace::{Environment, Layout};

    const PLAN: &str = "# Plan: X\r\n\r\n## Phase 1: A ##\r\n- [ ] **Task 1.1:** one (a1b2c3d)  \r\n* [x] Task: two a1b2c3d\r\n### Phase 2: B [x] Complete [checkpoint: abc1234]\r\n1. [ ] three";

    fn apply(plan: &Plan, target: Target, key: &str) -> String {
        let (e, _) = key_edit(plan, target, key).expect("edit");
        edit::apply(plan.source(), vec![e]).expect("apply")
    }

    #[test]
    fn keys_go_after_the_text_and_nothing_else_moves() {
        let plan = Plan::parse(PLAN.to_owned());
        let out = apply(&plan, Target::Group(1), "P-1");
        assert_eq!(out, PLAN.replace("## Phase 1: A ##", "## Phase 1: A [P-1] ##"));
        let out = apply(&plan, Target::Task(1, 1), "P-2");
        assert_eq!(out, PLAN.replace("one (a1b2c3d)  \r\n", "one (a1b2c3d) [P-2]  \r\n"));
        let out = apply(&plan, Target::Task(1, 2), "P-3");
        let again = Plan::parse(out);
        assert!(shows_key(&again, Target::Task(1, 2), "P-3"));
        assert_eq!(again.phases[0].tasks[1].sha().map(|s| s.sha.as_str()), Some("a1b2c3d"), "the bare SHA stays a SHA");
        let out = apply(&plan, Target::Group(2), "P-4");
        let again = Plan::parse(out.clone());
        assert!(shows_key(&again, Target::Group(2), "P-4"), "{out}");
        assert_eq!(again.phases[1].checkpoint.as_deref(), Some("abc1234"));
        assert_eq!(again.phases[1].title, "B");
        let out = apply(&plan, Target::Task(2, 1), "P-5");
        assert!(out.ends_with("1. [ ] three [P-5]"), "{out}");
        assert_eq!(key_edit(&plan, Target::Task(3, 1), "P-6"), None);
    }

    #[test]
    fn a_group_that_is_not_a_phase_takes_its_key_on_the_heading() {
        let plan = Plan::parse("# Plan: X\n\n## Review Fixes\n- [ ] Fix it\n".to_owned());
        let out = apply(&plan, Target::Group(1), "P-9");
        assert_eq!(out, "# Plan: X\n\n## Review Fixes [P-9]\n- [ ] Fix it\n");
        let again = Plan::parse(out);
        assert!(shows_key(&again, Target::Group(1), "P-9"));
        assert_eq!(again.phases[0].title, "Review Fixes");
    }

    #[test]
    fn metadata_gets_the_epic_key_in_place() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("draft")).expect("mkdir");
        let path = dir.path().join("draft/metadata.json");
        std::fs::write(&path, "\u{feff}{\n  \"id\": \"x\",\n  \"zeta\": 1\n}\n").expect("write");
        let ws = Workspace::at(dir.path(), Layout::Draft, Environment::default());
        record_in_metadata(&ws, &path, "PROJ-1").expect("record");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text, "\u{feff}{\n  \"id\": \"x\",\n  \"zeta\": 1,\n  \"jira_epic\": \"PROJ-1\"\n}\n");
        record_in_metadata(&ws, &path, "PROJ-9").expect("again");
        assert!(std::fs::read_to_string(&path).expect("read").contains("\"jira_epic\": \"PROJ-9\"\n"));
    }
}
