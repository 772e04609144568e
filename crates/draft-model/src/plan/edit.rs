//! Edits to one task of a parsed plan: its marker, its recorded SHA and its
//! indented `- Blocked: …` / `- Reverted in …` lines.
//!
//! Each helper returns [`Edit`]s against [`Plan::source`] that touch only the
//! bytes they mean to: a marker edit replaces one character (so a numbered
//! item keeps its number), a SHA edit the hex digits (or inserts
//! ` (abc1234)` at the end of the line's text), a child-line edit whole
//! lines indented to the task's content column (`- ` → 2, `12. ` → 4) and
//! ended like the task line (like the file when the task line has no
//! terminator).

use super::{Marker, Plan, ShaSpelling, Task};
use crate::edit::Edit;
use crate::text;

/// How a SHA is appended to a task line that has none yet: the spelling
/// it is then read back as.
pub use super::ShaSpelling as ShaStyle;

/// Replace the task's marker character.
#[must_use]
pub fn set_marker(task: &Task, marker: Marker) -> Edit {
    let old_len = task.marker.as_char().len_utf8();
    Edit::replace(task.marker_offset..task.marker_offset + old_len, marker.as_char().to_string())
}

/// Record `sha` on the task line: replace the digits of an existing SHA, or
/// append it after the line's text (before trailing whitespace).
#[must_use]
pub fn set_sha(plan: &Plan, task: &Task, sha: &str, style: ShaStyle) -> Edit {
    if let Some(existing) = task.sha() {
        return Edit::replace(existing.span.clone(), sha);
    }
    let at = content_end(plan.source(), task);
    match style {
        ShaSpelling::Parenthesised => Edit::insert(at, format!(" ({sha})")),
        ShaSpelling::Backticked => Edit::insert(at, format!(" `{sha}`")),
        ShaSpelling::CommitTag => Edit::insert(at, format!(" [commit: {sha}]")),
        ShaSpelling::Bare => Edit::insert(at, format!(" {sha}")),
    }
}

/// Remove every recorded SHA, each recorded form with the space before it
/// (a list `(a, b)` goes as one).
#[must_use]
pub fn remove_sha(task: &Task) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for s in &task.shas {
        if edits.last().is_none_or(|e| e.range != s.removal_span) {
            edits.push(Edit::delete(s.removal_span.clone()));
        }
    }
    edits
}

/// Set the `- Blocked: <reason>` line: replace the reason of an existing one,
/// else add the line right under the task line.
#[must_use]
pub fn set_blocked(plan: &Plan, task: &Task, reason: &str) -> Edit {
    let reason = one_line(reason);
    let src = plan.source();
    if let Some(child) = blocked_child(plan, task) {
        let line = &src[child.clone()];
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some(pos) = content.find("Blocked:") {
            let after = pos + "Blocked:".len();
            let after = if content[after..].starts_with("**") { after + 2 } else { after };
            return Edit::replace(child.start + after..child.start + content.len(), format!(" {reason}"));
        }
    }
    insert_child(plan, task, false, &format!("- Blocked: {reason}"))
}

/// Remove the task's `- Blocked: …` line, if it has one.
#[must_use]
pub fn remove_blocked(plan: &Plan, task: &Task) -> Option<Edit> {
    let range = blocked_child(plan, task)?;
    let src = plan.source();
    // A last line without terminator: take the line break before it instead.
    if terminator(&src[range.clone()]).is_none() {
        let cut = range.start - terminator(&src[..range.start]).map_or(0, str::len);
        return Some(Edit::delete(cut..range.end));
    }
    Some(Edit::delete(range))
}

/// Add an indented note line (e.g. `- Reverted in abc1234`) after the task's
/// last child line.
#[must_use]
pub fn add_note(plan: &Plan, task: &Task, note: &str) -> Edit {
    insert_child(plan, task, true, &format!("- {}", one_line(note)))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blocked_child(plan: &Plan, task: &Task) -> Option<std::ops::Range<usize>> {
    let src = plan.source();
    task.children.iter().find(|c| super::scan::blocked_reason(&src[c.span.clone()]).is_some()).map(|c| c.span.clone())
}

/// The line terminator `s` ends with, if any.
fn terminator(s: &str) -> Option<&'static str> {
    if s.ends_with("\r\n") {
        Some("\r\n")
    } else if s.ends_with('\n') {
        Some("\n")
    } else if s.ends_with('\r') {
        Some("\r")
    } else {
        None
    }
}

/// End of the task line's text: before the terminator and trailing blanks.
fn content_end(src: &str, task: &Task) -> usize {
    let line = &src[task.line_span.clone()];
    task.line_span.start + line.trim_end_matches(['\n', '\r']).trim_end_matches([' ', '\t']).len()
}

/// Insert `text` as an indented line under the task: right after the task
/// line, or (`at_end`) after its last child line.
fn insert_child(plan: &Plan, task: &Task, at_end: bool, text: &str) -> Edit {
    let src = plan.source();
    let task_line = &src[task.line_span.clone()];
    let newline = terminator(task_line).unwrap_or_else(|| text::line_ending(src));
    let indent = match task.children.first() {
        Some(child) => {
            let line = &src[child.span.clone()];
            line[..line.len() - line.trim_start_matches([' ', '\t']).len()].to_owned()
        }
        // The content column: the text before `[`, bullet or number blanked.
        None => src[task.line_span.start..task.marker_offset.saturating_sub(1).max(task.line_span.start)]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect(),
    };
    let at = if at_end { task.block_end.max(task.line_span.end) } else { task.line_span.end };
    if terminator(&src[..at]).is_some() {
        Edit::insert(at, format!("{indent}{text}{newline}"))
    } else {
        Edit::insert(at, format!("{newline}{indent}{text}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use proptest::prelude::*;

    const PLAN: &str = "# Plan: X\n\n## Phase 1: A\n- [x] **Task 1.1:** Parser (a1b2c3d)\n- [~] **Task 1.2:** Wire it\n  - Depends on: Task 1.1\n- [!] **Task 1.3:** Migrate\n  - Blocked: waiting\n- [ ] **Task 1.4:** Docs [PROJ-125]\n";

    fn task(plan: &Plan, n: usize) -> Task {
        plan.phases[0].tasks[n].clone()
    }

    /// Bytes outside `changed` (in the old text) are identical in the new text.
    fn only_changed(old: &str, new: &str, edit: &Edit) {
        assert_eq!(&new[..edit.range.start], &old[..edit.range.start]);
        assert_eq!(&new[edit.range.start + edit.text.len()..], &old[edit.range.end..]);
    }

    fn run(plan: &Plan, edits: Vec<Edit>) -> String {
        let out = apply(plan.source(), edits.clone()).expect("apply");
        if let [one] = edits.as_slice() {
            only_changed(plan.source(), &out, one);
        }
        out
    }

    #[test]
    fn marker_and_sha() {
        let plan = Plan::parse(PLAN.to_owned());
        let out = run(&plan, vec![set_marker(&task(&plan, 3), Marker::Done)]);
        assert!(out.contains("- [x] **Task 1.4:** Docs [PROJ-125]\n"));
        let out = run(&plan, vec![set_sha(&plan, &task(&plan, 3), "abcdef1", ShaStyle::Parenthesised)]);
        assert!(out.contains("- [ ] **Task 1.4:** Docs [PROJ-125] (abcdef1)\n"));
        let reparsed = Plan::parse(out);
        assert_eq!(reparsed.phases[0].tasks[3].sha().map(|s| s.sha.as_str()), Some("abcdef1"));
        assert_eq!(reparsed.phases[0].tasks[3].jira, vec!["PROJ-125".to_owned()]);
        let out = run(&plan, vec![set_sha(&plan, &task(&plan, 0), "1234567", ShaStyle::Bare)]);
        assert!(out.contains("Parser (1234567)\n"));
        let out = run(&plan, remove_sha(&task(&plan, 0)));
        assert!(out.contains("- [x] **Task 1.1:** Parser\n"));
        let out = run(&plan, vec![set_sha(&plan, &task(&plan, 1), "1234567", ShaStyle::Bare)]);
        assert!(out.contains("Wire it 1234567\n"));
    }

    #[test]
    fn blocked_lines() {
        let plan = Plan::parse(PLAN.to_owned());
        let out = run(&plan, vec![set_blocked(&plan, &task(&plan, 1), "needs\nreview")]);
        assert!(out.contains("- [~] **Task 1.2:** Wire it\n  - Blocked: needs review\n  - Depends on: Task 1.1\n"));
        let out = run(&plan, vec![set_blocked(&plan, &task(&plan, 2), "schema")]);
        assert!(out.contains("  - Blocked: schema\n"), "{out}");
        assert!(!out.contains("waiting"));
        let out = run(&plan, vec![remove_blocked(&plan, &task(&plan, 2)).expect("line")]);
        assert!(out.contains("- [!] **Task 1.3:** Migrate\n- [ ] **Task 1.4:**"));
        assert_eq!(remove_blocked(&plan, &task(&plan, 0)), None);
        let out = run(&plan, vec![add_note(&plan, &task(&plan, 1), "Reverted in abc1234")]);
        assert!(out.contains("  - Depends on: Task 1.1\n  - Reverted in abc1234\n- [!]"));
    }

    #[test]
    fn crlf_and_no_final_newline() {
        let plan = Plan::parse("## Phase 1\r\n    - [ ] Task: Do it\r\n".to_owned());
        let t = plan.phases[0].tasks[0].clone();
        let out = apply(plan.source(), vec![set_blocked(&plan, &t, "x")]).expect("ok");
        assert_eq!(out, "## Phase 1\r\n    - [ ] Task: Do it\r\n      - Blocked: x\r\n");
        let plan = Plan::parse("## Phase 1\n- [ ] a\n  - Blocked: y".to_owned());
        let t = plan.phases[0].tasks[0].clone();
        let out = apply(plan.source(), vec![remove_blocked(&plan, &t).expect("line")]).expect("ok");
        assert_eq!(out, "## Phase 1\n- [ ] a");
        let plan = Plan::parse("## Phase 1\n- [ ] a".to_owned());
        let t = plan.phases[0].tasks[0].clone();
        let out = apply(plan.source(), vec![add_note(&plan, &t, "n")]).expect("ok");
        assert_eq!(out, "## Phase 1\n- [ ] a\n  - n");
    }

    fn marker_strategy() -> impl Strategy<Value = Marker> {
        prop_oneof![Just(Marker::Pending), Just(Marker::InProgress), Just(Marker::Done), Just(Marker::Blocked)]
    }

    proptest! {
        #[test]
        fn set_marker_round_trips(
            start in marker_strategy(),
            to in marker_strategy(),
            text in "[a-zA-Z0-9 .,:()éü-]{0,30}",
            before in "[a-z #\n]{0,20}",
        ) {
            let src = format!("## Phase 1\n{before}\n- [{}] {text}\n- [ ] other\n", start.as_char());
            let plan = Plan::parse(src.clone());
            let t = plan.phases[0].tasks.iter().find(|t| t.marker == start).cloned();
            prop_assume!(t.is_some());
            let t = t.expect("task");
            let edit = set_marker(&t, to);
            let out = apply(&src, vec![edit.clone()]).expect("apply");
            only_changed(&src, &out, &edit);
            let again = Plan::parse(out);
            let t2 = again.counted_tasks().find(|(_, x)| x.line == t.line).map(|(_, x)| x.clone()).expect("same task");
            prop_assert_eq!(t2.marker, to);
            let back = apply(again.source(), vec![set_marker(&t2, start)]).expect("apply");
            prop_assert_eq!(back, src);
        }
    }
}
