//! Unit tests of the plan model: one test per spelling of FORMATS.md §4 and
//! of the fixtures (Draft labels, SHAs inside and after labels, Conductor
//! tasks and checkpoints, `## Phases` with `###` phases, status notes on
//! headings, sub-items, fences), checking counts and the recorded byte spans.

use super::*;

fn parse(src: &str) -> Plan {
    Plan::parse(src.to_owned())
}

/// The text a span covers.
fn at<'a>(plan: &'a Plan, span: &Range<usize>) -> &'a str {
    &plan.source()[span.clone()]
}

fn counts(plan: &Plan) -> (usize, usize, usize, usize, usize) {
    let c = plan.task_counts();
    (c.total, c.completed, c.in_progress, c.blocked, c.pending)
}

const FORMATS_EXAMPLE: &str = "# Plan: Parser rework

**Track ID:** parser-rework
**Spec:** ./spec.md
**Status:** [ ] Drafting

## Overview
## Phase 1: Foundation
**Goal:** a parser
**Verification:** tests
- [x] **Task 1.1:** Add the parser (a1b2c3d)
- [~] **Task 1.2:** Wire it in
  - Depends on: Task 1.1
- [!] **Task 1.3:** Migrate data
  - Blocked: waiting for the schema review
- [ ] **Task 1.4:** Docs [PROJ-125]
## Phase 2: Rollout
## Notes
";

#[test]
fn formats_example_is_read_field_by_field() {
    let plan = parse(FORMATS_EXAMPLE);
    assert_eq!(plan.title.as_deref(), Some("Parser rework"));
    assert_eq!(plan.phases.len(), 2);
    let p1 = &plan.phases[0];
    assert_eq!((p1.number.as_deref(), p1.title.as_str(), p1.level), (Some("1"), "Foundation", 2));
    assert_eq!(at(&plan, &p1.heading_span), "## Phase 1: Foundation\n");
    assert!(plan.source()[p1.end..].starts_with("## Phase 2: Rollout\n"));
    let labels: Vec<_> = p1.tasks.iter().map(|t| t.label.as_deref()).collect();
    assert_eq!(labels, [Some("Task 1.1"), Some("Task 1.2"), Some("Task 1.3"), Some("Task 1.4")]);
    let texts: Vec<_> = p1.tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Add the parser", "Wire it in", "Migrate data", "Docs"]);
    let markers: Vec<_> = p1.tasks.iter().map(|t| t.marker).collect();
    assert_eq!(markers, [Marker::Done, Marker::InProgress, Marker::Blocked, Marker::Pending]);

    let done = &p1.tasks[0];
    let sha = done.sha().expect("sha");
    assert_eq!(sha.sha, "a1b2c3d");
    assert_eq!(at(&plan, &sha.span), "a1b2c3d");
    assert_eq!(at(&plan, &sha.removal_span), " (a1b2c3d)");
    assert_eq!(&plan.source()[done.marker_offset..=done.marker_offset], "x");

    assert_eq!(p1.tasks[1].children.len(), 1);
    assert_eq!(at(&plan, &p1.tasks[1].children[0].span), "  - Depends on: Task 1.1\n");
    assert_eq!(p1.tasks[1].children[0].marker, None);
    assert_eq!(p1.tasks[2].blocked_reason.as_deref(), Some("waiting for the schema review"));
    assert!(plan.source()[..p1.tasks[2].block_end].ends_with("schema review\n"));
    assert_eq!(p1.tasks[3].jira, ["PROJ-125"]);
    assert_eq!(p1.tasks[3].sha(), None);

    assert!(plan.phases[1].tasks.is_empty() && !plan.phases[1].is_complete(), "a phase without tasks is not complete");
    assert_eq!(counts(&plan), (4, 1, 1, 1, 1));
    assert_eq!(plan.phase_counts(), PhaseCounts { total: 2, completed: 0 });
    let (pos, current) = plan.current_task().expect("current");
    assert_eq!((pos.to_string(), current.text.as_str()), ("1.2".to_owned(), "Wire it in"));
    assert_eq!(plan.clone().into_source(), FORMATS_EXAMPLE);
}

#[test]
fn level_three_phases_under_a_phases_heading() {
    // The fix-login-timeout fixture: plain `Task 1.1:` labels, `*` bullets, an RCA log.
    let src = "# Plan: Session expires\n\n## Phases\n\n### Phase 1: Investigate & Reproduce\n- [ ] Task 1.1: Reproduce it\n- [ ] Task 1.2: Capture logs\n\n### Phase 2: Root Cause Analysis\n- [ ] Task 2.1: Compare TTLs\n\n### Phase 3: Fix & Verify\n* [ ] Task 3.1: Align TTLs\n* [ ] Task 3.2: Verify on staging\n\n## RCA Log\n\n| # | Hypothesis |\n|---|---|\n";
    let plan = parse(src);
    let titles: Vec<_> = plan.phases.iter().map(|p| (p.numeric(), p.level, p.title.as_str())).collect();
    assert_eq!(
        titles,
        [(Some(1), 3, "Investigate & Reproduce"), (Some(2), 3, "Root Cause Analysis"), (Some(3), 3, "Fix & Verify")]
    );
    assert_eq!(plan.phases.iter().map(|p| p.tasks.len()).collect::<Vec<_>>(), [2, 1, 2]);
    let t = &plan.phases[2].tasks[0];
    assert_eq!((t.label.as_deref(), t.text.as_str()), (Some("Task 3.1"), "Align TTLs"));
    assert!(at(&plan, &t.line_span).starts_with("* [ ] Task 3.1"));
    // The last phase ends where `## RCA Log` starts.
    assert!(plan.source()[plan.phases[2].end..].starts_with("## RCA Log"));
    assert_eq!(counts(&plan), (5, 0, 0, 0, 5));
}

#[test]
fn status_note_after_the_phase_title() {
    let plan = parse(
        "## Phase 1: Remove  [x] Complete\n- [x] **Task 1 (1a2b3c4):** Delete it\n- [X] **Task 3 (5d6e7f8):** Update call sites\n",
    );
    let phase = &plan.phases[0];
    assert_eq!(phase.title, "Remove");
    assert_eq!(phase.status_note.as_deref(), Some("[x] Complete"));
    assert!(phase.is_complete(), "[X] counts as done");
    assert_eq!(plan.phase_counts(), PhaseCounts { total: 1, completed: 1 });
}

#[test]
fn sha_inside_the_bold_label() {
    let src = "## Phase 1: A\n- [x] **Task 1 (2f3eae4):** Delete `import_v1.rs`\n";
    let plan = parse(src);
    let task = &plan.phases[0].tasks[0];
    assert_eq!(task.label.as_deref(), Some("Task 1"));
    assert_eq!(task.text, "Delete `import_v1.rs`");
    let sha = task.sha().expect("sha");
    assert_eq!(sha.sha, "2f3eae4");
    assert_eq!(at(&plan, &sha.span), "2f3eae4");
    assert_eq!(at(&plan, &sha.removal_span), " (2f3eae4)");
}

#[test]
fn conductor_tasks_bare_shas_checkpoints_and_sub_tasks() {
    let src = "# Implementation Plan\n\n## Phase 1: Backend [checkpoint: a1b2c3d]\n- [x] Task: Add users table and migration 1f2e3d4\n- [x] Task: Password hashing with argon2 5a6b7c8\n    - [x] Write failing tests\n    - [ ] Implement\n- [x] Task: Conductor - User Manual Verification 'Backend' (Protocol in workflow.md)\n";
    let plan = parse(src);
    assert_eq!(plan.title.as_deref(), Some("Implementation Plan"));
    let phase = &plan.phases[0];
    assert_eq!((phase.title.as_str(), phase.checkpoint.as_deref()), ("Backend", Some("a1b2c3d")));
    assert_eq!(phase.tasks.len(), 3, "indented checkbox lines are sub-items");
    let t0 = &phase.tasks[0];
    assert_eq!((t0.label.as_deref(), t0.text.as_str()), (Some("Task"), "Add users table and migration"));
    let sha = t0.sha().expect("bare sha");
    assert_eq!(
        (sha.sha.as_str(), at(&plan, &sha.span), at(&plan, &sha.removal_span)),
        ("1f2e3d4", "1f2e3d4", " 1f2e3d4")
    );
    let t1 = &phase.tasks[1];
    assert_eq!(t1.children.iter().map(|c| c.marker).collect::<Vec<_>>(), [Some(Marker::Done), Some(Marker::Pending)]);
    assert_eq!(t1.text, "Password hashing with argon2", "`argon2` is no SHA, `5a6b7c8` is");
    let t2 = &phase.tasks[2];
    assert_eq!(
        (t2.sha(), t2.text.as_str()),
        (None, "Conductor - User Manual Verification 'Backend' (Protocol in workflow.md)")
    );
    assert_eq!(counts(&plan), (3, 3, 0, 0, 0));
}

#[test]
fn hex_looking_words_need_a_digit_and_seven_lowercase_hex() {
    let plan = parse(
        "## Phase 1\n- [x] Task: add a facade\n- [x] Task: bump to abc123\n- [x] Task: ABCDEF1 upper\n- [x] Task: keep ABCDEF12\n- [x] plain text deadbeef\n",
    );
    assert!(plan.phases[0].tasks.iter().all(|t| t.sha().is_none()), "{:#?}", plan.phases[0].tasks);
    assert_eq!(plan.phases[0].number.as_deref(), Some("1"));
    assert_eq!(plan.phases[0].title, "");
}

#[test]
fn sha_and_jira_suffixes_in_either_order() {
    let plan = parse(
        "## Phase 1: Writer [LED-41]\n- [x] **Task 1.2:** Streaming (9a0b1c2) [LED-42]\n- [x] Two keys [A-1] (0a1b2c3d) [B_2-7]\n",
    );
    let phase = &plan.phases[0];
    assert_eq!((phase.title.as_str(), phase.jira.as_slice()), ("Writer", ["LED-41".to_owned()].as_slice()));
    let t = &phase.tasks[0];
    assert_eq!((t.text.as_str(), t.jira.as_slice()), ("Streaming", ["LED-42".to_owned()].as_slice()));
    assert_eq!(at(&plan, &t.sha().expect("sha").span), "9a0b1c2");
    let t = &phase.tasks[1];
    assert_eq!(t.label, None);
    assert_eq!(t.text, "Two keys");
    assert_eq!(t.jira, ["A-1", "B_2-7"]);
    assert_eq!(at(&plan, &t.sha().expect("sha").removal_span), " (0a1b2c3d)");
}

#[test]
fn tasks_without_labels_and_unknown_markers() {
    let plan = parse(
        "## Phase 1: Mixed\n- [ ] just text\n+ [-] dropped\n- [/] half\n- [?] unsure\n-[x] no space is no task\n- [xx] two chars is no task\n- [x]glued is no task\n",
    );
    let markers: Vec<_> = plan.phases[0].tasks.iter().map(|t| t.marker).collect();
    assert_eq!(markers, [Marker::Pending, Marker::Unknown('-'), Marker::Unknown('/'), Marker::Unknown('?')]);
    assert!(plan.phases[0].tasks.iter().all(|t| t.label.is_none()));
    assert_eq!(counts(&plan), (4, 0, 0, 0, 4), "unknown markers count as pending");
    assert_eq!(plan.current_task().map(|(_, t)| t.text.as_str()), Some("just text"), "unknown markers are not current");
}

#[test]
fn markers_round_trip_through_chars() {
    for c in [' ', '~', 'x', '!', '-', 'é'] {
        assert_eq!(Marker::from_char(c).as_char(), c);
    }
    assert_eq!(Marker::from_char('X'), Marker::Done);
    assert_eq!(Marker::Done.as_char(), 'x');
}

#[test]
fn fences_and_comments_hide_fake_tasks_and_phases() {
    let src = "## Phase 1: Real\n- [ ] real\n```md\n## Phase 9: Fake\n- [x] fake\n```\n~~~~\n- [x] fake\n~~~~\n<!--\n- [x] fake\n## Phase 8: Fake\n-->\n- [x] real too\n";
    let plan = parse(src);
    assert_eq!(plan.phases.len(), 1);
    let texts: Vec<_> = plan.phases[0].tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["real", "real too"]);
    assert!(plan.phases[0].tasks[0].children.is_empty(), "an unindented fence ends the task block");
}

#[test]
fn indented_fence_inside_a_task_belongs_to_it() {
    let src = "## Phase 1\n- [ ] Task: show the config\n  ```toml\n  - [x] not a task\n  ```\n- [ ] next\n";
    let plan = parse(src);
    let tasks = &plan.phases[0].tasks;
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].children.len(), 3);
    assert!(tasks[0].children.iter().all(|c| c.marker.is_none()), "checkboxes in a fence are not sub-items");
    assert!(plan.source()[..tasks[0].block_end].ends_with("  ```\n"));
}

#[test]
fn continuation_lines_and_bold_blocked_reason() {
    let src = "## Phase 1\n- [!] **Task 1.1:** Export\n\n  more detail about it\n  - **Blocked:** the API is not ready\n\nNot part of the task.\n";
    let plan = parse(src);
    let task = &plan.phases[0].tasks[0];
    assert_eq!(task.children.len(), 2);
    assert_eq!(task.blocked_reason.as_deref(), Some("the API is not ready"));
    assert!(plan.source()[..task.block_end].ends_with("not ready\n"));
    assert_eq!(task.children[0].line, 4);
}

#[test]
fn phase_heading_spellings() {
    let plan = parse(
        "# Phase 0 is the title\n## Phases\n## Phaser settings\n### Phase 12 - Twelve\n#### phase 3. lower\n## PHASE: Unnumbered\n## Phase 4 — Dash\n",
    );
    let got: Vec<_> = plan.phases.iter().filter(|p| p.is_phase).map(|p| (p.numeric(), p.title.as_str())).collect();
    assert_eq!(got, [(Some(12), "Twelve"), (Some(3), "lower"), (None, "Unnumbered"), (Some(4), "Dash")]);
    assert_eq!(plan.title.as_deref(), Some("Phase 0 is the title"));
}

#[test]
fn deeper_headings_stay_inside_a_phase() {
    let plan = parse("## Phase 1\n### Details\n- [ ] still phase one\n## Phase 2\n- [ ] two\n");
    assert_eq!(plan.phases.iter().map(|p| p.tasks.len()).collect::<Vec<_>>(), [1, 1]);
}

#[test]
fn current_task_prefers_in_progress_and_skips_blocked() {
    let plan = parse("## Phase 1\n- [!] blocked\n- [ ] pending\n## Phase 2\n- [~] started\n");
    let (pos, task) = plan.current_task().expect("current");
    assert_eq!((pos.to_string(), task.text.as_str()), ("2.1".to_owned(), "started"));
}

#[test]
fn crlf_bom_and_frontmatter_keep_offsets_and_line_numbers() {
    let src = "\u{feff}---\r\nproject: \"x\"\r\n---\r\n# Plan: T\r\n## Phase 1: A\r\n- [~] **Task 1.1:** Go (abc1234)\r\n  - [x] sub\r\n";
    let plan = parse(src);
    let fm = plan.frontmatter.as_ref().expect("frontmatter");
    assert_eq!(&src[fm.yaml.clone()], "project: \"x\"\r\n");
    assert_eq!(plan.title.as_deref(), Some("T"));
    let phase = &plan.phases[0];
    assert_eq!((phase.line, phase.title.as_str()), (5, "A"));
    let task = &phase.tasks[0];
    assert_eq!(task.line, 6);
    assert_eq!(at(&plan, &task.line_span), "- [~] **Task 1.1:** Go (abc1234)\r\n");
    assert_eq!(&src[task.marker_offset..=task.marker_offset], "~");
    assert_eq!(at(&plan, &task.sha().expect("sha").span), "abc1234");
    assert_eq!(task.children[0].marker, Some(Marker::Done));
    assert_eq!(task.block_end, src.len());
    assert_eq!(plan.into_source(), src);
}

#[test]
fn multibyte_text_keeps_spans_on_char_boundaries() {
    let src = "## Phase 1: Überblick ✨\n- [é] **Task 1.1:** Grüße (abc1234) [ÄB-1]\n- [x] Task: 日本語 1234abc\n";
    let plan = parse(src);
    let tasks = &plan.phases[0].tasks;
    assert_eq!(tasks[0].marker, Marker::Unknown('é'));
    assert!(src[tasks[0].marker_offset..].starts_with('é'));
    assert_eq!(tasks[0].text, "Grüße (abc1234) [ÄB-1]");
    assert_eq!(tasks[0].sha(), None, "`ÄB-1` is no Jira key, so the SHA is not a trailing suffix");
    assert_eq!(at(&plan, &tasks[1].sha().expect("sha").span), "1234abc");
    assert_eq!(tasks[1].text, "日本語");
}

#[test]
fn jira_keys() {
    for ok in ["PROJ-1", "A-1", "AB_2-77", "X9-0"] {
        assert!(is_jira_key(ok), "{ok}");
    }
    for bad in ["proj-1", "PROJ-", "-1", "PROJ1", "PROJ-1a", "1A-2", "ÄB-1", ""] {
        assert!(!is_jira_key(bad), "{bad}");
    }
}

#[test]
fn empty_and_blank_documents() {
    for src in ["", "\n", "\u{feff}", "\r\n\r\n", "---\n", "---\n---\n"] {
        let plan = parse(src);
        assert_eq!(counts(&plan), (0, 0, 0, 0, 0), "{src:?}");
        assert!(plan.current_task().is_none());
        assert_eq!(plan.into_source(), src);
    }
}

/// Regression: a phase followed by a deeper phase heading (`## Phase 1` then
/// `### Phase 2`) kept `end` at its own heading, so its tasks lay outside it.
#[test]
fn regression_phase_end_stopped_at_its_heading_before_a_deeper_phase() {
    let src = "## Phase 1\n- [ ] a\n### Phase 2\n- [ ] b\n";
    let plan = parse(src);
    assert_eq!(plan.phases.len(), 2);
    assert_eq!(plan.phases[0].end, src.find("### Phase 2").expect("heading"));
    let task = &plan.phases[0].tasks[0];
    assert!(task.line_span.end <= plan.phases[0].end);
    assert_eq!(plan.phases[1].end, src.len());
}
