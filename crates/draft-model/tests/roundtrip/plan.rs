//! Random plans: phases at `##` (or `###` under `## Phases`) numbered `N`,
//! `Nb` or not at all, tasks with every marker under phases and under the
//! `## Overview` / `## Notes` headings (numberless groups),
//! bold/plain/Conductor/absent labels, SHAs in and after the label in every
//! spelling (parenthesised, lists, backticked, `[commit: …]`, bare — read
//! only on done tasks), Jira keys, `-`/`*`/`+` bullets and numbered items,
//! sub-items, notes, blocked reasons, fences and comments holding fake
//! tasks, LF/CRLF/lone-CR line endings, BOM and frontmatter. The generator
//! records what it wrote; the parse must agree byte for byte.

use crate::{bare_sha, eol, jira, sha, words};
use draft_model::plan::{Marker, Plan, Task};
use proptest::prelude::*;

mod write;

use write::{ExpGroup, ExpTask, write_plan};

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

/// How SHAs are recorded after a task's text.
#[derive(Debug, Clone)]
enum ShaRecord {
    /// ` (a)` or ` (a, b)`.
    Paren(Vec<String>),
    /// `` `a` `` or `` `a`, `b` ``.
    Backticks(Vec<String>),
    /// ` [commit: a]`.
    Tag(String),
    /// ` a` (a SHA only on a done task without other SHAs).
    Bare(String),
}

#[derive(Debug, Clone)]
struct TaskModel {
    /// `-`, `*`, `+`, or a numbered item such as `1.` / `12)`.
    bullet: String,
    /// Spaces between the bullet and the `[`.
    gap: usize,
    marker: char,
    label: Label,
    words: String,
    sha: Option<ShaRecord>,
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
    /// As written: `7`, `0`, `2b`.
    number: Option<String>,
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
    eol: &'static str,
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

fn bullet() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["-", "-", "*", "+"]).prop_map(str::to_owned),
        1 => (1u32..120, prop::sample::select(vec!['.', ')'])).prop_map(|(n, d)| format!("{n}{d}")),
    ]
}

fn sha_record() -> impl Strategy<Value = ShaRecord> {
    prop_oneof![
        3 => prop::collection::vec(sha(), 1..3).prop_map(ShaRecord::Paren),
        1 => prop::collection::vec(bare_sha(), 1..3).prop_map(ShaRecord::Backticks),
        1 => sha().prop_map(ShaRecord::Tag),
        2 => bare_sha().prop_map(ShaRecord::Bare),
    ]
}

fn task() -> impl Strategy<Value = TaskModel> {
    (
        (bullet(), 1usize..3),
        marker(),
        label(),
        words(),
        prop::option::of(sha_record()),
        prop::collection::vec(jira(), 0..3),
        any::<bool>(),
        prop::collection::vec(child(), 0..4),
    )
        .prop_map(|((bullet, gap), marker, label, words, sha, jira, sha_first, children)| TaskModel {
            bullet,
            gap,
            marker,
            label,
            words,
            sha,
            jira,
            sha_first,
            children,
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
        (
            0usize..3,
            prop::bool::weighted(0.2),
            prop::option::of(
                (0u32..40, prop::option::of(prop::sample::select(vec!['a', 'b', 'C'])))
                    .prop_map(|(n, letter)| letter.map_or_else(|| n.to_string(), |l| format!("{n}{l}"))),
            ),
        ),
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
            sep: if number.is_some() { sep } else { ": " },
            number,
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
        (any::<bool>(), eol(), any::<bool>(), words(), any::<bool>()),
        prop::collection::vec(item(), 0..4),
        prop::collection::vec(phase(), 0..5),
        prop::collection::vec(item(), 0..3),
    )
        .prop_map(|((bom, eol, frontmatter, title, nested), overview, phases, notes)| PlanModel {
            bom,
            eol,
            frontmatter,
            title,
            nested,
            overview,
            phases,
            notes,
        })
}

fn check_task(src: &str, got: &Task, exp: &ExpTask) -> Result<(), TestCaseError> {
    prop_assert_eq!(got.line, exp.line);
    prop_assert_eq!(&got.line_span, &exp.line_span);
    prop_assert_eq!(got.marker_offset, exp.marker_offset);
    prop_assert_eq!(got.marker, exp.marker);
    prop_assert_eq!(&got.label, &exp.label);
    prop_assert_eq!(&got.text, &exp.text);
    prop_assert_eq!(&got.jira, &exp.jira);
    let got_shas: Vec<_> =
        got.shas.iter().map(|s| (s.sha.clone(), s.span.clone(), s.removal_span.clone(), s.spelling)).collect();
    prop_assert_eq!(&got_shas, &exp.shas);
    for (sha, span, _, _) in &exp.shas {
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
        prop_assert_eq!(plan.phases.len(), exp.groups.len());
        for (i, (got, want)) in plan.phases.iter().zip(&exp.groups).enumerate() {
            prop_assert_eq!(got.is_phase, want.is_phase);
            prop_assert_eq!(got.line, want.line);
            prop_assert_eq!(&got.heading_span, &want.heading_span);
            prop_assert_eq!(got.end, want.end);
            prop_assert_eq!(&got.number, &want.number);
            let key = want.number.clone().unwrap_or_else(|| (i + 1).to_string());
            prop_assert_eq!(got.key.as_str(), key.as_str());
            prop_assert_eq!(&got.title, &want.title);
            prop_assert_eq!(&got.status_note, &want.status_note);
            prop_assert_eq!(&got.checkpoint, &want.checkpoint);
            prop_assert_eq!(&got.jira, &want.jira);
            prop_assert_eq!(got.tasks.len(), want.tasks.len());
            for (t, e) in got.tasks.iter().zip(&want.tasks) {
                check_task(&src, t, e)?;
            }
        }

        // Counts, from the generator's own knowledge of what it wrote: every task counts.
        let counted: Vec<&ExpTask> = exp.groups.iter().flat_map(|p| &p.tasks).collect();
        let c = plan.task_counts();
        let of = |m: Marker| counted.iter().filter(|t| t.marker == m).count();
        prop_assert_eq!(c.total, counted.len());
        prop_assert_eq!(c.completed, of(Marker::Done));
        prop_assert_eq!(c.in_progress, of(Marker::InProgress));
        prop_assert_eq!(c.blocked, of(Marker::Blocked));
        prop_assert_eq!(c.pending, counted.len() - of(Marker::Done) - of(Marker::InProgress) - of(Marker::Blocked));
        let phases: Vec<&ExpGroup> = exp.groups.iter().filter(|g| g.is_phase).collect();
        let complete = phases.iter().filter(|p| !p.tasks.is_empty() && p.tasks.iter().all(|t| t.marker == Marker::Done)).count();
        prop_assert_eq!(plan.phase_counts().total, model.phases.len());
        prop_assert_eq!(plan.phase_counts().completed, complete);
        let current = plan.current_task().map(|(_, t)| t.line);
        prop_assert_eq!(current, expected_current(&counted).map(|i| counted[i].line));

        // Every task resolves from its line, and from its ref unless another task shares it.
        for (pos, t) in plan.counted_tasks() {
            prop_assert_eq!(plan.resolve(&t.line.to_string()).map(|(_, r)| r.line).ok(), Some(t.line));
            match plan.resolve(&pos.to_string()) {
                Ok((p, r)) => prop_assert_eq!((p, r.line), (pos, t.line)),
                Err(e) => prop_assert!(e.candidates().iter().any(|c| c.line == t.line), "{} for {}", e, pos),
            }
        }

        prop_assert_eq!(plan.into_source(), src);
    }
}
