//! Regression tests for the plan items of issue 8, one per item, each
//! written against the repro in the issue and failing before its fix.

use super::edit::{self, ShaStyle};
use super::*;
use crate::edit::apply;

fn parse(src: &str) -> Plan {
    Plan::parse(src.to_owned())
}

fn text_of<'a>(plan: &'a Plan, reference: &str) -> &'a str {
    plan.resolve(reference).map(|(_, t)| t.text.as_str()).unwrap_or("<error>")
}

/// Item 1: refs use the number written in the heading, not the position.
#[test]
fn regression_phase_zero_refs() {
    let plan = parse("# Plan\n\n## Phase 0: Setup\n- [ ] Task: zero-a\n\n## Phase 1: Build\n- [ ] Task: one-a\n");
    let heads: Vec<_> = plan.phases.iter().map(|p| (p.number.as_deref(), p.title.as_str(), p.key.as_str())).collect();
    assert_eq!(heads, [(Some("0"), "Setup", "0"), (Some("1"), "Build", "1")]);
    assert_eq!(text_of(&plan, "1.1"), "one-a", "1.1 is Phase 1's first task, not the first phase's");
    assert_eq!(text_of(&plan, "0.1"), "zero-a");
    let refs: Vec<_> = plan.counted_tasks().map(|(p, _)| (p.to_string(), p.phase)).collect();
    assert_eq!(refs, [("0.1".to_owned(), 1), ("1.1".to_owned(), 2)]);
    assert!(matches!(plan.resolve("2.1"), Err(RefError::NoTask { .. })));

    let plan = parse("## Phase 2\n- [ ] two\n### Phase 2b\n- [ ] two-b\n## Phase 3\n- [ ] three\n");
    let heads: Vec<_> = plan.phases.iter().map(|p| (p.number.as_deref(), p.title.as_str())).collect();
    assert_eq!(heads, [(Some("2"), ""), (Some("2b"), ""), (Some("3"), "")], "2b is not 2 with title \"b\"");
    assert_eq!((text_of(&plan, "3.1"), text_of(&plan, "2b.1"), text_of(&plan, "2B.1")), ("three", "two-b", "two-b"));
    assert_eq!(plan.phases[1].numeric(), None);

    // Headings without numbers: positions.
    let plan = parse("## Phase: A\n- [ ] a1\n## Phase: B\n- [ ] b1\n- [ ] b2\n");
    assert_eq!((text_of(&plan, "2.2"), text_of(&plan, "1.1")), ("b2", "a1"));

    // Labels and line numbers work as before; `1.5` phases split at the last dot.
    let plan = parse("## Phase 1.5: Hotfix\n- [ ] **Task 1.5.1:** patch\n  - note\n");
    assert_eq!(
        (text_of(&plan, "1.5.1"), text_of(&plan, "Task 1.5.1"), text_of(&plan, "3")),
        ("patch", "patch", "patch")
    );
    assert!(matches!(plan.resolve("9"), Err(RefError::NoTaskOnLine { line: 9, .. })));

    // A ref that could mean two tasks lists both.
    let plan = parse("## Phase 1: A\n- [ ] first\n## Phase 1: B\n- [ ] second\n");
    let err = plan.resolve("1.1").expect_err("ambiguous");
    assert_eq!(err.problem(), "several tasks match");
    let lines: Vec<_> = err.candidates().iter().map(|c| (c.line, c.text.as_str())).collect();
    assert_eq!(lines, [(2, "first"), (4, "second")]);
    assert_eq!(err.hints(), ["1.1 (first) on line 2", "1.1 (second) on line 4"]);
    let err = plan.resolve("7").expect_err("no task on line 7");
    assert_eq!(err.hints(), ["line 4 = 1.1 (second)", "line 2 = 1.1 (first)"]);
    // Labels numbered by position under `Phase 0` clash with the written number.
    let plan = parse("## Phase 0\n- [ ] **Task 1.1:** setup\n## Phase 1\n- [ ] **Task 2.1:** build\n");
    assert!(matches!(plan.resolve("1.1"), Err(RefError::Ambiguous { .. })));
    assert_eq!(text_of(&plan, "0.1"), "setup");
}

/// Item 5: SHAs in backticks, lists and `[commit: …]` are recorded, all of them.
#[test]
fn regression_backticked_sha() {
    let src = "## Phase 1\n- [x] Task: one `8358984`\n- [x] Task: two (8c2436e, fa8983a)\n- [x] Task: three [commit: 1a2b3c4]\n- [x] **Task 1.4 (9f8e7d6):** four (`aa11bb2`) [KEY-1]\n- [ ] Task: five `1234567`, `89abcde`\n";
    let plan = parse(src);
    let got: Vec<(Vec<&str>, &str)> = plan.phases[0]
        .tasks
        .iter()
        .map(|t| (t.shas.iter().map(|s| &src[s.span.clone()]).collect(), t.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (vec!["8358984"], "one"),
            (vec!["8c2436e", "fa8983a"], "two"),
            (vec!["1a2b3c4"], "three"),
            (vec!["9f8e7d6", "aa11bb2"], "four"),
            (vec!["1234567", "89abcde"], "five"),
        ]
    );
    let spelling: Vec<_> = plan.phases[0].tasks.iter().map(|t| t.shas[0].spelling).collect();
    use ShaSpelling::*;
    assert_eq!(spelling, [Backticked, Parenthesised, CommitTag, Parenthesised, Backticked]);
    let two = &plan.phases[0].tasks[1];
    assert_eq!(&src[two.shas[1].removal_span.clone()], " (8c2436e, fa8983a)");
    assert_eq!(two.sha().map(|s| s.sha.as_str()), Some("8c2436e"));
    // Removing takes every recorded form, the list as one.
    let out = apply(src, edit::remove_sha(two)).expect("apply");
    assert!(out.contains("- [x] Task: two\n"), "{out}");
    let four = &plan.phases[0].tasks[3];
    let out = apply(src, edit::remove_sha(four)).expect("apply");
    assert!(out.contains("- [x] **Task 1.4:** four [KEY-1]\n"), "{out}");
    let out = apply(src, vec![edit::set_sha(&plan, &plan.phases[0].tasks[2], "fedcba9", ShaStyle::Parenthesised)]);
    assert!(out.expect("apply").contains("three [commit: fedcba9]\n"));
}

/// Item 6: a trailing hex word is a SHA only where the spelling says so.
#[test]
fn regression_hex_word_on_pending_task() {
    let plan = parse(
        "## Phase 1\n- [ ] Task: Bump to 1234567\n- [~] Task: Bump to 1234567\n- [x] Task: Bump to 1234567\n- [ ] Task: Bump (1234567)\n",
    );
    let got: Vec<_> = plan.phases[0].tasks.iter().map(|t| (t.text.as_str(), t.sha().map(|s| s.sha.as_str()))).collect();
    assert_eq!(
        got,
        [("Bump to 1234567", None), ("Bump to 1234567", None), ("Bump to", Some("1234567")), ("Bump", Some("1234567")),]
    );
    // Marking it done the Conductor way appends a second word that is read back as the SHA.
    let plan = parse("## Phase 1\n- [ ] Task: Bump to 1234567\n");
    let t = &plan.phases[0].tasks[0];
    let out = apply(
        plan.source(),
        vec![edit::set_marker(t, Marker::Done), edit::set_sha(&plan, t, "abcdef0", ShaStyle::Bare)],
    );
    let again = parse(&out.expect("apply"));
    let t = &again.phases[0].tasks[0];
    assert_eq!((t.text.as_str(), t.sha().map(|s| s.sha.as_str())), ("Bump to 1234567", Some("abcdef0")));
}

/// Item 10: every top-level task counts; tasks under other headings form numberless groups.
#[test]
fn regression_tasks_outside_phases_count() {
    let src = "# Plan: X\n- [ ] before\n\n## Phase 1: Build\n- [x] built\n### Details\n- [x] still phase one\n\n## Review Fixes\n- [ ] fix the null check\n\n## Notes\nJust prose.\n";
    let plan = parse(src);
    let groups: Vec<_> =
        plan.phases.iter().map(|p| (p.is_phase, p.title.as_str(), p.key.as_str(), p.tasks.len())).collect();
    assert_eq!(groups, [(false, "", "1", 1), (true, "Build", "1", 2), (false, "Review Fixes", "3", 1)]);
    assert_eq!(plan.task_counts().total, 4);
    assert_eq!(plan.task_counts().completed, 2);
    assert_eq!(plan.phase_counts(), PhaseCounts { total: 1, completed: 1 });
    assert_eq!(plan.current_task().map(|(p, t)| (p.to_string(), t.text.as_str())), Some(("1.1".to_owned(), "before")));
    // The group without a heading and Phase 1 share the key `1`: a ref names both.
    assert!(matches!(plan.resolve("1.1"), Err(RefError::Ambiguous { .. })));
    assert_eq!(text_of(&plan, "3.1"), "fix the null check");
    let review = &plan.phases[2];
    assert_eq!(&src[review.heading_span.clone()], "## Review Fixes\n");
    assert!(src[review.end..].starts_with("## Notes"));
    let first = &plan.phases[0];
    assert_eq!((first.level, first.line, first.heading_span.clone()), (0, 2, 10..10));
    assert!(src[first.end..].starts_with("## Phase 1"));

    // Only tasks done makes a plan complete.
    let plan = parse("## Phase 1\n- [x] a\n## Blockers\n- [!] b\n");
    assert_eq!(plan.phase_counts(), PhaseCounts { total: 1, completed: 1 });
    assert_eq!((plan.task_counts().total, plan.task_counts().completed), (2, 1));
    assert!(!plan.phases[1].is_phase && !plan.phases[1].is_complete());
}

/// Item 11: numbered-list tasks count like bullets; edits keep the numbering.
#[test]
fn regression_numbered_list_tasks() {
    let src = "## Phase 1\n1. [x] Task 1.1: parse (a1b2c3d)\n2. [ ] Task 1.2: wire\n   1. [ ] sub-step\n10) [~] Task 1.3: ship\n";
    let plan = parse(src);
    let tasks = &plan.phases[0].tasks;
    let got: Vec<_> = tasks.iter().map(|t| (t.label.as_deref(), t.text.as_str(), t.marker)).collect();
    assert_eq!(
        got,
        [
            (Some("Task 1.1"), "parse", Marker::Done),
            (Some("Task 1.2"), "wire", Marker::Pending),
            (Some("Task 1.3"), "ship", Marker::InProgress)
        ]
    );
    assert_eq!(tasks[1].children.iter().map(|c| c.marker).collect::<Vec<_>>(), [Some(Marker::Pending)]);
    let out = apply(src, vec![edit::set_marker(&tasks[1], Marker::Done)]).expect("apply");
    assert!(out.contains("2. [x] Task 1.2: wire\n"));
    let out = apply(src, vec![edit::set_blocked(&plan, &tasks[2], "waiting")]).expect("apply");
    assert!(out.ends_with("10) [~] Task 1.3: ship\n    - Blocked: waiting\n"), "{out}");
    assert!(parse("1.[x] glued\n12345678901. [ ] too long\n").phases.is_empty());
}

/// Item 18: lone-CR line endings are lines; an empty plan says so.
#[test]
fn regression_lone_cr_plan_and_empty_plan() {
    let plan = parse("# Plan\r## Phase 1\r- [x] a\r- [ ] b\r  - Blocked: x\r");
    assert_eq!((plan.task_counts().total, plan.phases[0].tasks[1].children.len()), (2, 1));
    assert_eq!(plan.notices(), [PlanNotice::LoneCr { line: 1 }]);
    let t = &plan.phases[0].tasks[1];
    let out = apply(plan.source(), vec![edit::add_note(&plan, t, "n")]).expect("apply");
    assert_eq!(out, "# Plan\r## Phase 1\r- [x] a\r- [ ] b\r  - Blocked: x\r  - n\r");
    let out = apply(plan.source(), edit::remove_blocked(&plan, t).into_iter().collect()).expect("apply");
    assert_eq!(out, "# Plan\r## Phase 1\r- [x] a\r- [ ] b\r");
    for empty in ["", "# Plan: X\n\n## Phase 1: A\n\nProse only.\n", "```\n- [ ] fenced\n```\n"] {
        assert_eq!(parse(empty).notices(), [PlanNotice::NoTasks], "{empty:?}");
    }
    assert_eq!(parse("- [ ] a\n").notices(), []);
}
