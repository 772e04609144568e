//! The plan writer: renders a [`PlanModel`] and records what it wrote —
//! every group, task, span, SHA and count the parser must find.

use super::{Child, Item, Label, PlanModel, ShaRecord, TaskModel};
use crate::{Writer, marker_of};
use draft_model::plan::{Marker, ShaSpelling};
use std::ops::Range;

/// A recorded SHA: digits, their span, the recorded form's span, spelling.
pub(super) type ExpSha = (String, Range<usize>, Range<usize>, ShaSpelling);

/// What the generator wrote for one task.
#[derive(Debug)]
pub(super) struct ExpTask {
    pub(super) line: usize,
    pub(super) line_span: Range<usize>,
    pub(super) marker_offset: usize,
    pub(super) marker: Marker,
    pub(super) label: Option<String>,
    pub(super) text: String,
    pub(super) shas: Vec<ExpSha>,
    pub(super) jira: Vec<String>,
    pub(super) children: Vec<(Range<usize>, Option<Marker>)>,
    pub(super) blocked_reason: Option<String>,
    pub(super) block_end: usize,
}

/// A phase, or a numberless group under `## Overview` / `## Notes`.
#[derive(Debug)]
pub(super) struct ExpGroup {
    pub(super) is_phase: bool,
    pub(super) line: usize,
    pub(super) heading_span: Range<usize>,
    pub(super) end: usize,
    pub(super) number: Option<String>,
    pub(super) title: String,
    pub(super) status_note: Option<String>,
    pub(super) checkpoint: Option<String>,
    pub(super) jira: Vec<String>,
    pub(super) tasks: Vec<ExpTask>,
}

#[derive(Debug, Default)]
pub(super) struct Expected {
    pub(super) yaml: Option<Range<usize>>,
    pub(super) groups: Vec<ExpGroup>,
    /// The last group still runs on (its end is not known yet).
    pub(super) open: bool,
}

impl Expected {
    /// The open group ends at `at`.
    fn close(&mut self, at: usize) {
        if self.open
            && let Some(last) = self.groups.last_mut()
        {
            last.end = at;
        }
        self.open = false;
    }

    fn push(&mut self, group: ExpGroup) {
        self.groups.push(group);
        self.open = true;
    }
}

/// Write `t.sha` at the writer's position; returns the SHAs the parser must
/// read, or the bare word it must keep as text.
pub(super) fn write_sha_record(w: &mut Writer, t: &TaskModel, other_shas: bool) -> (Vec<ExpSha>, Option<String>) {
    let Some(record) = &t.sha else { return (Vec::new(), None) };
    let removal_start = w.pos();
    let mut spans = Vec::new();
    let spelling = match record {
        ShaRecord::Paren(list) => {
            w.push(" (");
            for (i, s) in list.iter().enumerate() {
                if i > 0 {
                    w.push(", ");
                }
                spans.push((s.clone(), w.push(s)));
            }
            w.push(")");
            ShaSpelling::Parenthesised
        }
        ShaRecord::Backticks(list) => {
            for (i, s) in list.iter().enumerate() {
                w.push(if i > 0 { ", `" } else { " `" });
                spans.push((s.clone(), w.push(s)));
                w.push("`");
            }
            ShaSpelling::Backticked
        }
        ShaRecord::Tag(s) => {
            w.push(" [commit: ");
            spans.push((s.clone(), w.push(s)));
            w.push("]");
            ShaSpelling::CommitTag
        }
        ShaRecord::Bare(s) => {
            w.push(" ");
            let span = w.push(s);
            // Bare words are SHAs only on done tasks without any other SHA.
            if marker_of(t.marker) != Marker::Done || other_shas {
                return (Vec::new(), Some(s.clone()));
            }
            spans.push((s.clone(), span));
            ShaSpelling::Bare
        }
    };
    let removal = removal_start..w.pos();
    (spans.into_iter().map(|(s, span)| (s, span, removal.clone(), spelling)).collect(), None)
}

pub(super) fn write_task(w: &mut Writer, t: &TaskModel, indent: usize) -> ExpTask {
    let line = w.line;
    let start = w.pos();
    w.push(&format!("{}{}{}[", " ".repeat(indent), t.bullet, " ".repeat(t.gap)));
    let marker_offset = w.pos();
    w.push(&format!("{}] ", t.marker));
    let mut shas = Vec::new();
    let label = match &t.label {
        Label::None => None,
        Label::Bold { num, inner_sha } => {
            w.push(&format!("**Task {num}"));
            if let Some(s) = inner_sha {
                let removal_start = w.pos();
                w.push(" (");
                let span = w.push(s);
                let removal = removal_start..w.push(")").end;
                shas.push((s.clone(), span, removal, ShaSpelling::Parenthesised));
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
    let mut text = t.words.clone();
    let label_shas = !shas.is_empty();
    let mut jira = t.jira.clone();
    if t.sha_first {
        let (found, unread) = write_sha_record(w, t, label_shas);
        shas.extend(found);
        if let Some(word) = unread {
            text = format!("{text} {word}");
        }
    }
    for key in &t.jira {
        w.push(&format!(" [{key}]"));
    }
    if !t.sha_first {
        let (found, unread) = write_sha_record(w, t, label_shas);
        shas.extend(found);
        if let Some(word) = unread {
            // A word after the Jira keys ends the line, so they stay text.
            let keys: String = jira.drain(..).map(|k| format!(" [{k}]")).collect();
            text = format!("{text}{keys} {word}");
        }
    }
    w.end_line();
    let mut exp = ExpTask {
        line,
        line_span: start..w.pos(),
        marker_offset,
        marker: marker_of(t.marker),
        label,
        text,
        shas,
        jira,
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
pub(super) fn write_items(w: &mut Writer, items: &[Item], indent: usize, out: &mut Vec<ExpTask>) {
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

/// A `## Title` heading and its items; a group only when it holds tasks.
pub(super) fn write_group(w: &mut Writer, title: &str, items: &[Item], exp: &mut Expected) {
    exp.close(w.pos());
    let line = w.line;
    let heading_span = w.line(&format!("## {title}"));
    let mut tasks = Vec::new();
    write_items(w, items, 0, &mut tasks);
    if !tasks.is_empty() {
        exp.push(ExpGroup {
            is_phase: false,
            line,
            heading_span,
            end: 0,
            number: None,
            title: title.to_owned(),
            status_note: None,
            checkpoint: None,
            jira: Vec::new(),
            tasks,
        });
    }
}

pub(super) fn write_plan(m: &PlanModel) -> (String, Expected) {
    let mut w = Writer::with_eol(m.bom, m.eol);
    let mut exp = Expected::default();
    if m.frontmatter {
        exp.yaml = Some(w.frontmatter("plan"));
    }
    w.line(&format!("# Plan: {}", m.title));
    w.line("");
    w.line("**Track ID:** some-track");
    w.line("**Status:** [ ] Drafting");
    w.line("");
    write_group(&mut w, "Overview", &m.overview, &mut exp);
    let hashes = if m.nested {
        exp.close(w.pos());
        w.line("## Phases");
        w.line("");
        "###"
    } else {
        "##"
    };
    for p in &m.phases {
        exp.close(w.pos());
        let line = w.line;
        let start = w.pos();
        let number = p.number.as_ref().map(|n| format!(" {n}")).unwrap_or_default();
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
        exp.push(ExpGroup {
            is_phase: true,
            line,
            heading_span,
            end: 0,
            number: p.number.clone(),
            title: p.title.clone(),
            status_note,
            checkpoint: p.checkpoint.clone(),
            jira: p.jira.clone(),
            tasks,
        });
    }
    write_group(&mut w, "Notes", &m.notes, &mut exp);
    exp.close(w.pos());
    (w.out, exp)
}
