//! Random plans: phases at `##` (or `###` under `## Phases`), tasks with
//! every marker, bold/plain/Conductor/absent labels, SHAs in and after the
//! label, Jira keys, `-`/`*`/`+` bullets, sub-items, notes, blocked reasons,
//! fences and comments holding fake tasks, CRLF, BOM and frontmatter. The
//! generator records what it wrote; the parse must agree byte for byte.

use crate::{Writer, bare_sha, jira, marker_of, sha, words};
use draft_model::plan::{Marker, Plan, Task};
use proptest::prelude::*;
use std::ops::Range;

#[derive(Debug, Clone)]
enum Label {
    None,
    Bold { num: String, inner_sha: Option<String> },
    Plain { num: String },
    Conductor,
}

#[derive(Debug, Clone)]
enum Child {
    Sub {
        indent: usize,
        bullet: char,
        marker: char,
        words: String,
    },
    Note {
        words: String,
    },
    Blocked {
        bold: bool,
        reason: String,
    },
    /// An empty or whitespace-only line.
    Blank(&'static str),
    Fence,
}

#[derive(Debug, Clone)]
struct TaskModel {
    bullet: char,
    /// Spaces between the bullet and the `[`.
    gap: usize,
    marker: char,
    label: Label,
    words: String,
    /// A SHA after the text, in parentheses (true) or bare (false).
    sha: Option<(String, bool)>,
    jira: Vec<String>,
    sha_first: bool,
    children: Vec<Child>,
}

#[derive(Debug, Clone)]
enum Item {
    Task(TaskModel),
    Blank(&'static str),
    Fence,
    Comment,
    Prose(String),
}

#[derive(Debug, Clone)]
struct PhaseModel {
    /// Indentation of the phase's top-level tasks.
    indent: usize,
    /// One heading level deeper than its siblings.
    deeper: bool,
    number: Option<u32>,
    sep: &'static str,
    title: String,
    status: Option<char>,
    checkpoint: Option<String>,
    jira: Vec<String>,
    goal: bool,
    items: Vec<Item>,
}

#[derive(Debug, Clone)]
struct PlanModel {
    bom: bool,
    crlf: bool,
    frontmatter: bool,
    title: String,
    nested: bool,
    overview: Vec<Item>,
    phases: Vec<PhaseModel>,
    notes: Vec<Item>,
}

fn marker() -> impl Strategy<Value = char> {
    prop::sample::select(vec![' ', ' ', '~', 'x', 'x', 'X', '!', '-', '/', '?', 'é', '✓'])
}

fn blank() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "", "  ", "\t", " \t "])
}

fn label() -> impl Strategy<Value = Label> {
    let num = "[1-9][0-9]?(\\.[1-9][0-9]?)?";
    prop_oneof![
        Just(Label::None),
        (num, prop::option::of(sha())).prop_map(|(num, inner_sha)| Label::Bold { num, inner_sha }),
        num.prop_map(|num| Label::Plain { num }),
        Just(Label::Conductor),
    ]
}

fn child() -> impl Strategy<Value = Child> {
    prop_oneof![
        4 => (2usize..7, prop::sample::select(vec!['-', '*', '+']), marker(), words())
            .prop_map(|(indent, bullet, marker, words)| Child::Sub { indent, bullet, marker, words }),
        2 => words().prop_map(|words| Child::Note { words }),
        1 => (any::<bool>(), words()).prop_map(|(bold, reason)| Child::Blocked { bold, reason }),
        1 => blank().prop_map(Child::Blank),
        1 => Just(Child::Fence),
    ]
}

fn task() -> impl Strategy<Value = TaskModel> {
    (
        (prop::sample::select(vec!['-', '-', '*', '+']), 1usize..3),
        marker(),
        label(),
        words(),
        prop::option::of(prop_oneof![sha().prop_map(|s| (s, true)), bare_sha().prop_map(|s| (s, false))]),
        prop::collection::vec(jira(), 0..3),
        any::<bool>(),
        prop::collection::vec(child(), 0..4),
    )
        .prop_map(|((bullet, gap), marker, label, words, mut sha, jira, sha_first, children)| {
            if matches!(label, Label::Bold { inner_sha: Some(_), .. }) {
                sha = None; // one SHA per task
            }
            TaskModel { bullet, gap, marker, label, words, sha, jira, sha_first, children }
        })
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        8 => task().prop_map(Item::Task),
        2 => blank().prop_map(Item::Blank),
        1 => Just(Item::Fence),
        1 => Just(Item::Comment),
        1 => words().prop_map(Item::Prose),
    ]
}

fn phase() -> impl Strategy<Value = PhaseModel> {
    (
        (0usize..3, prop::bool::weighted(0.2), prop::option::of(1u32..40)),
        prop::sample::select(vec![": ", " - ", ". ", " — "]),
        // The parser trims separator characters before a phase title.
        words().prop_filter("title starts with a separator", |t| !t.starts_with(['-', '.', ':'])),
        prop::option::of(prop::sample::select(vec!['x', 'X', '~', ' ', '!'])),
        prop::option::of(sha()),
        prop::collection::vec(jira(), 0..2),
        any::<bool>(),
        prop::collection::vec(item(), 0..8),
    )
        .prop_map(|((indent, deeper, number), sep, title, status, checkpoint, jira, goal, items)| PhaseModel {
            indent,
            deeper,
            number,
            sep: if number.is_some() { sep } else { ": " },
            title,
            status,
            checkpoint,
            jira,
            goal,
            items,
        })
}

fn plan_model() -> impl Strategy<Value = PlanModel> {
    (
        (any::<bool>(), any::<bool>(), any::<bool>(), words(), any::<bool>()),
        prop::collection::vec(item(), 0..4),
        prop::collection::vec(phase(), 0..5),
        prop::collection::vec(item(), 0..3),
    )
        .prop_map(|((bom, crlf, frontmatter, title, nested), overview, phases, notes)| PlanModel {
            bom,
            crlf,
            frontmatter,
            title,
            nested,
            overview,
            phases,
            notes,
        })
}

/// What the generator wrote for one task.
#[derive(Debug)]
struct ExpTask {
    line: usize,
    line_span: Range<usize>,
    marker_offset: usize,
    marker: Marker,
    label: Option<String>,
    text: String,
    sha: Option<(String, Range<usize>, Range<usize>)>,
    jira: Vec<String>,
    children: Vec<(Range<usize>, Option<Marker>)>,
    blocked_reason: Option<String>,
    block_end: usize,
}

#[derive(Debug)]
struct ExpPhase {
    line: usize,
    heading_span: Range<usize>,
    end: usize,
    number: Option<u32>,
    title: String,
    status_note: Option<String>,
    checkpoint: Option<String>,
    jira: Vec<String>,
    tasks: Vec<ExpTask>,
}

#[derive(Debug, Default)]
struct Expected {
    yaml: Option<Range<usize>>,
    phases: Vec<ExpPhase>,
    loose: Vec<ExpTask>,
}

fn write_task(w: &mut Writer, t: &TaskModel, indent: usize) -> ExpTask {
    let line = w.line;
    let start = w.pos();
    w.push(&format!("{}{}{}[", " ".repeat(indent), t.bullet, " ".repeat(t.gap)));
    let marker_offset = w.pos();
    w.push(&format!("{}] ", t.marker));
    let mut sha = None;
    let label = match &t.label {
        Label::None => None,
        Label::Bold { num, inner_sha } => {
            w.push(&format!("**Task {num}"));
            if let Some(s) = inner_sha {
                let removal_start = w.pos();
                w.push(" (");
                let span = w.push(s);
                let removal = removal_start..w.push(")").end;
                sha = Some((s.clone(), span, removal));
            }
            w.push(":** ");
            Some(format!("Task {num}"))
        }
        Label::Plain { num } => {
            w.push(&format!("Task {num}: "));
            Some(format!("Task {num}"))
        }
        Label::Conductor => {
            w.push("Task: ");
            Some("Task".to_owned())
        }
    };
    w.push(&t.words);
    let mut write_sha = |w: &mut Writer| {
        if let Some((s, paren)) = &t.sha {
            let removal_start = w.pos();
            let span = if *paren {
                w.push(" (");
                let span = w.push(s);
                w.push(")");
                span
            } else {
                w.push(" ");
                w.push(s)
            };
            sha = Some((s.clone(), span, removal_start..w.pos()));
        }
    };
    if t.sha_first {
        write_sha(w);
    }
    for key in &t.jira {
        w.push(&format!(" [{key}]"));
    }
    if !t.sha_first {
        write_sha(w);
    }
    w.end_line();
    let mut exp = ExpTask {
        line,
        line_span: start..w.pos(),
        marker_offset,
        marker: marker_of(t.marker),
        label,
        text: t.words.clone(),
        sha,
        jira: t.jira.clone(),
        children: Vec::new(),
        blocked_reason: None,
        block_end: w.pos(),
    };
    for child in &t.children {
        let mut lines: Vec<(String, Option<Marker>)> = Vec::new();
        let pad = " ".repeat(indent + 2);
        match child {
            Child::Sub { indent: rel, bullet, marker, words } => {
                let pad = " ".repeat(indent + rel);
                lines.push((format!("{pad}{bullet} [{marker}] {words}"), Some(marker_of(*marker))));
            }
            Child::Note { words } => lines.push((format!("{pad}{words}"), None)),
            Child::Blocked { bold, reason } => {
                let key = if *bold { "**Blocked:**" } else { "Blocked:" };
                lines.push((format!("{pad}- {key} {reason}"), None));
                exp.blocked_reason = Some(reason.clone());
            }
            Child::Blank(text) => {
                w.line(text);
                continue;
            }
            Child::Fence => {
                // A fence opens only at an indent of at most three columns.
                let pad = " ".repeat((indent + 1).max(2));
                for l in ["```md", "- [x] fake sub-item", "## Phase 99: fake", "```"] {
                    lines.push((format!("{pad}{l}"), None));
                }
            }
        }
        for (text, marker) in lines {
            let span = w.line(&text);
            exp.block_end = span.end;
            exp.children.push((span, marker));
        }
    }
    exp
}

/// Writes items; tasks go to `out`.
fn write_items(w: &mut Writer, items: &[Item], indent: usize, out: &mut Vec<ExpTask>) {
    for item in items {
        match item {
            Item::Task(t) => out.push(write_task(w, t, indent)),
            Item::Blank(text) => {
                w.line(text);
            }
            Item::Fence => {
                for l in ["```", "- [x] **Task 9.1:** fake (abc1234)", "## Phase 42: fake", "```"] {
                    w.line(l);
                }
            }
            Item::Comment => {
                for l in ["<!--", "- [~] fake in a comment", "## Phase 43: fake", "-->"] {
                    w.line(l);
                }
            }
            Item::Prose(words) => {
                w.line(&format!("Prose {words}."));
            }
        }
    }
}

fn write_plan(m: &PlanModel) -> (String, Expected) {
    let mut w = Writer::new(m.bom, m.crlf);
    let mut exp = Expected::default();
    if m.frontmatter {
        exp.yaml = Some(w.frontmatter("plan"));
    }
    w.line(&format!("# Plan: {}", m.title));
    w.line("");
    w.line("**Track ID:** some-track");
    w.line("**Status:** [ ] Drafting");
    w.line("");
    w.line("## Overview");
    write_items(&mut w, &m.overview, 0, &mut exp.loose);
    let hashes = if m.nested {
        w.line("## Phases");
        w.line("");
        "###"
    } else {
        "##"
    };
    for p in &m.phases {
        if let Some(prev) = exp.phases.last_mut() {
            prev.end = w.pos();
        }
        let line = w.line;
        let start = w.pos();
        let number = p.number.map(|n| format!(" {n}")).unwrap_or_default();
        let deeper = if p.deeper { "#" } else { "" };
        w.push(&format!("{hashes}{deeper} Phase{number}{}{}", p.sep, p.title));
        let status_note = p.status.map(|c| format!("[{c}] Complete"));
        if let Some(note) = &status_note {
            w.push(&format!("  {note}"));
        }
        if let Some(c) = &p.checkpoint {
            w.push(&format!(" [checkpoint: {c}]"));
        }
        for key in &p.jira {
            w.push(&format!(" [{key}]"));
        }
        w.end_line();
        let heading_span = start..w.pos();
        if p.goal {
            w.line("**Goal:** something");
            w.line("**Verification:** `cargo test`");
            w.line("");
        }
        let mut tasks = Vec::new();
        write_items(&mut w, &p.items, p.indent, &mut tasks);
        exp.phases.push(ExpPhase {
            line,
            heading_span,
            end: 0,
            number: p.number,
            title: p.title.clone(),
            status_note,
            checkpoint: p.checkpoint.clone(),
            jira: p.jira.clone(),
            tasks,
        });
    }
    if let Some(prev) = exp.phases.last_mut() {
        prev.end = w.pos();
    }
    w.line("## Notes");
    write_items(&mut w, &m.notes, 0, &mut exp.loose);
    (w.out, exp)
}

fn check_task(src: &str, got: &Task, exp: &ExpTask) -> Result<(), TestCaseError> {
    prop_assert_eq!(got.line, exp.line);
    prop_assert_eq!(&got.line_span, &exp.line_span);
    prop_assert_eq!(got.marker_offset, exp.marker_offset);
    prop_assert_eq!(got.marker, exp.marker);
    prop_assert_eq!(&got.label, &exp.label);
    prop_assert_eq!(&got.text, &exp.text);
    prop_assert_eq!(&got.jira, &exp.jira);
    let got_sha = got.sha.as_ref().map(|s| (s.sha.clone(), s.span.clone(), s.removal_span.clone()));
    prop_assert_eq!(&got_sha, &exp.sha);
    if let Some((sha, span, _)) = &exp.sha {
        prop_assert_eq!(&src[span.clone()], sha.as_str());
    }
    let children: Vec<_> = got.children.iter().map(|c| (c.span.clone(), c.marker)).collect();
    prop_assert_eq!(&children, &exp.children);
    prop_assert_eq!(&got.blocked_reason, &exp.blocked_reason);
    prop_assert_eq!(got.block_end, exp.block_end);
    Ok(())
}

/// The task the plan should call current: first `[~]`, else first `[ ]`.
fn expected_current(tasks: &[&ExpTask]) -> Option<usize> {
    tasks
        .iter()
        .position(|t| t.marker == Marker::InProgress)
        .or_else(|| tasks.iter().position(|t| t.marker == Marker::Pending))
}

proptest! {
    #[test]
    fn generated_plans_round_trip_with_exact_counts_and_spans(model in plan_model()) {
        let (src, exp) = write_plan(&model);
        let plan = Plan::parse(src.clone());
        crate::invariants::plan(&plan)?;

        prop_assert_eq!(plan.frontmatter.as_ref().map(|f| f.yaml.clone()), exp.yaml.clone());
        prop_assert_eq!(plan.title.as_deref(), Some(model.title.as_str()));
        prop_assert_eq!(plan.phases.len(), exp.phases.len());
        for (got, want) in plan.phases.iter().zip(&exp.phases) {
            prop_assert_eq!(got.line, want.line);
            prop_assert_eq!(&got.heading_span, &want.heading_span);
            prop_assert_eq!(got.end, want.end);
            prop_assert_eq!(got.number, want.number);
            prop_assert_eq!(&got.title, &want.title);
            prop_assert_eq!(&got.status_note, &want.status_note);
            prop_assert_eq!(&got.checkpoint, &want.checkpoint);
            prop_assert_eq!(&got.jira, &want.jira);
            prop_assert_eq!(got.tasks.len(), want.tasks.len());
            for (t, e) in got.tasks.iter().zip(&want.tasks) {
                check_task(&src, t, e)?;
            }
        }
        prop_assert_eq!(plan.loose_tasks.len(), exp.loose.len());
        for (t, e) in plan.loose_tasks.iter().zip(&exp.loose) {
            check_task(&src, t, e)?;
        }

        // Counts, from the generator's own knowledge of what it wrote.
        let counted: Vec<&ExpTask> = if exp.phases.is_empty() {
            exp.loose.iter().collect()
        } else {
            exp.phases.iter().flat_map(|p| &p.tasks).collect()
        };
        let c = plan.task_counts();
        let of = |m: Marker| counted.iter().filter(|t| t.marker == m).count();
        prop_assert_eq!(c.total, counted.len());
        prop_assert_eq!(c.completed, of(Marker::Done));
        prop_assert_eq!(c.in_progress, of(Marker::InProgress));
        prop_assert_eq!(c.blocked, of(Marker::Blocked));
        prop_assert_eq!(c.pending, counted.len() - of(Marker::Done) - of(Marker::InProgress) - of(Marker::Blocked));
        let complete = exp.phases.iter().filter(|p| !p.tasks.is_empty() && p.tasks.iter().all(|t| t.marker == Marker::Done)).count();
        prop_assert_eq!(plan.phase_counts().total, exp.phases.len());
        prop_assert_eq!(plan.phase_counts().completed, complete);
        let current = plan.current_task().map(|(_, t)| t.line);
        prop_assert_eq!(current, expected_current(&counted).map(|i| counted[i].line));

        prop_assert_eq!(plan.into_source(), src);
    }
}
