//! The `plan.md` model: groups of tasks with their markers, SHAs and notes.
//!
//! A plan is kept as the exact text the user (or an agent) wrote. Parsing
//! records where each heading, task line, marker, commit SHA, Jira key and
//! blocked reason sits, as byte ranges; everything else is opaque text.
//! Counting rules live here too, so every command agrees on what "done" means:
//! only `[x]`/`[X]` is done, nested checkbox lines are sub-items of the task
//! above them, and a group is complete when it has tasks and all are done.
//!
//! # Groups, phases and refs
//!
//! Every top-level task checkbox counts — `- [ ]`, `* [ ]`, `+ [ ]`, and
//! numbered items `1. [ ]` / `1) [ ]`. Tasks are grouped by the heading they
//! sit under, in document order, in [`Plan::phases`]:
//!
//! - a `Phase` heading (`## Phase 0: Setup`, `### Phase 2b`, `## Phase: Fixes`)
//!   opens a real phase ([`Phase::is_phase`]), which keeps deeper non-phase
//!   headings (`### Details`) inside it;
//! - any other heading with tasks under it (`## Review Fixes`, `## Blockers`)
//!   is a numberless group with `is_phase == false`, and so are tasks above
//!   the first heading after the title (a group with an empty title and no
//!   heading line, `level == 0`). Headings without tasks make no group.
//!
//! [`Plan::phase_counts`] counts real phases only; [`Plan::task_counts`]
//! counts every task. A phase's [`Phase::number`] is the number *as written*
//! (`"0"`, `"2b"`, `"1.5"`); its [`Phase::key`] is that number, or the
//! group's 1-based position when the heading carries none. A task's ref is
//! `key.position` ([`TaskPos`]'s `Display`), and [`Plan::resolve`] turns a
//! ref, a label (`Task 1.2`), a line number or a task's text back into a
//! task, refusing a ref that could mean two tasks.
//!
//! # Recorded commits
//!
//! A task records commits in these spellings ([`ShaSpelling`]), each SHA
//! with its byte span in [`Task::shas`]: `(a1b2c3d)`, a list
//! `(a1b2c3d, e4f5a6b)`, `` `a1b2c3d` ``, `[commit: a1b2c3d]`, the SHA in a
//! bold label (`**Task 1 (a1b2c3d):**`), and Conductor's bare trailing
//! `a1b2c3d` — the last only on a done task, so "Bump to 1234567" on a
//! pending task keeps its number. Apart from `[commit: …]`, a SHA needs a
//! digit, so words such as `(defaced)` stay text.
//!
//! # Line endings
//!
//! Lines end at LF, CRLF or a lone CR ([`crate::text::lines`]);
//! [`Plan::notices`] reports lone CRs and a plan without a single task, so a
//! command can warn instead of silently counting zero.

use crate::frontmatter::{self, FrontmatterBlock};
use crate::text::{self, OpaqueTracker};
use serde::{Deserialize, Serialize};
use std::ops::Range;

mod key;
mod resolve;
mod scan;
mod task_text;

pub use key::PhaseKey;
pub use resolve::{RefCandidate, RefError};
pub use task_text::is_jira_key;

/// A task's checkbox state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    /// `[ ]`
    Pending,
    /// `[~]`
    InProgress,
    /// `[x]` or `[X]`
    Done,
    /// `[!]`
    Blocked,
    /// Any other single character, e.g. `[-]` or `[/]`; counted as pending.
    Unknown(char),
}

impl Marker {
    /// Interpret the character between the brackets.
    #[must_use]
    pub fn from_char(c: char) -> Self {
        match c {
            ' ' => Self::Pending,
            '~' => Self::InProgress,
            'x' | 'X' => Self::Done,
            '!' => Self::Blocked,
            other => Self::Unknown(other),
        }
    }

    /// The canonical character written for this marker.
    #[must_use]
    pub fn as_char(self) -> char {
        match self {
            Self::Pending => ' ',
            Self::InProgress => '~',
            Self::Done => 'x',
            Self::Blocked => '!',
            Self::Unknown(c) => c,
        }
    }
}

/// How a commit SHA is written on a task line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShaSpelling {
    /// ` (a1b2c3d)`, also a list `(a1b2c3d, e4f5a6b)`, `(commit a1b2c3d)` and
    /// the SHA inside a bold label, `**Task 1 (a1b2c3d):**`.
    Parenthesised,
    /// `` `a1b2c3d` `` (several may follow each other).
    Backticked,
    /// `[commit: a1b2c3d]` (also `[commits: a, b]`, `[sha: a]`).
    CommitTag,
    /// Conductor's bare trailing ` a1b2c3d`, read only on a done task.
    Bare,
}

/// A commit SHA recorded on a task line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShaRef {
    /// The hex digits as written.
    pub sha: String,
    /// Byte range of the hex digits in the plan.
    pub span: Range<usize>,
    /// Byte range of the whole recorded form this SHA is part of, e.g.
    /// ` (abc1234)` or ` (abc1234, def5678)`, including the space (and a
    /// ` —` separator) before it, so an edit can remove it cleanly. SHAs
    /// listed together share it.
    pub removal_span: Range<usize>,
    /// How it is written.
    pub spelling: ShaSpelling,
}

/// An indented line under a task (a sub-item, a note, a `Blocked:` reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskChild {
    /// 1-based line number.
    pub line: usize,
    /// Byte range of the full line, terminator included.
    pub span: Range<usize>,
    /// Checkbox marker when the child is a checkbox sub-item.
    pub marker: Option<Marker>,
}

/// One task: a top-level checkbox line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// 1-based line number of the checkbox line.
    pub line: usize,
    /// Byte range of the line, terminator included.
    pub line_span: Range<usize>,
    /// Byte offset of the marker character between the brackets.
    pub marker_offset: usize,
    /// The marker.
    pub marker: Marker,
    /// Leading indentation width.
    pub indent: usize,
    /// The label, e.g. `Task 1.2` from `**Task 1.2:**`, when present.
    pub label: Option<String>,
    /// The task's text without label, SHAs and Jira keys.
    pub text: String,
    /// Every commit SHA recorded on the line, in line order.
    pub shas: Vec<ShaRef>,
    /// Jira keys such as `PROJ-125`.
    pub jira: Vec<String>,
    /// Indented lines belonging to the task.
    pub children: Vec<TaskChild>,
    /// The text of a `- Blocked: …` child line, when present.
    pub blocked_reason: Option<String>,
    /// Byte offset just past the task's last child line.
    pub block_end: usize,
}

impl Task {
    /// The first recorded SHA: the one a single-commit workflow records and
    /// [`edit::set_sha`] replaces.
    #[must_use]
    pub fn sha(&self) -> Option<&ShaRef> {
        self.shas.first()
    }
}

/// A group of tasks: a phase heading, or another heading with tasks under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    /// True for a `Phase` heading; false for a group under any other heading
    /// (or above every heading), which has no number.
    pub is_phase: bool,
    /// The number as written in the heading (`"0"`, `"2b"`, `"1.5"`), when any.
    pub number: Option<String>,
    /// What refs call the group: its number, else its 1-based position in
    /// [`Plan::phases`].
    pub key: PhaseKey,
    /// The title without number and trailing markers (a group's heading text).
    pub title: String,
    /// Heading level (2 or 3 in practice; 0 for tasks above every heading).
    pub level: usize,
    /// 1-based line of the heading (of the first task when there is none).
    pub line: usize,
    /// Byte range of the heading line (empty, at the first task, when none).
    pub heading_span: Range<usize>,
    /// Byte offset where the group's content ends.
    pub end: usize,
    /// `[checkpoint: sha]` on the heading.
    pub checkpoint: Option<String>,
    /// Jira keys on the heading.
    pub jira: Vec<String>,
    /// Status text after the title such as `[x] Complete`.
    pub status_note: Option<String>,
    /// The group's tasks in order.
    pub tasks: Vec<Task>,
}

impl Phase {
    /// A group is complete when it has tasks and every one is done.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        !self.tasks.is_empty() && self.tasks.iter().all(|t| t.marker == Marker::Done)
    }

    /// The written number when it is a plain integer (`2`, not `2b`).
    #[must_use]
    pub fn numeric(&self) -> Option<u32> {
        self.number.as_deref().and_then(|n| n.parse().ok())
    }
}

/// Task counts derived from markers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskCounts {
    /// Every counted task.
    pub total: usize,
    /// `[x]`
    pub completed: usize,
    /// `[~]`
    pub in_progress: usize,
    /// `[!]`
    pub blocked: usize,
    /// `[ ]` and unknown markers.
    pub pending: usize,
}

impl TaskCounts {
    fn add(&mut self, marker: Marker) {
        self.total += 1;
        match marker {
            Marker::Done => self.completed += 1,
            Marker::InProgress => self.in_progress += 1,
            Marker::Blocked => self.blocked += 1,
            Marker::Pending | Marker::Unknown(_) => self.pending += 1,
        }
    }
}

/// Phase counts derived from markers (real phases only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PhaseCounts {
    /// Every phase.
    pub total: usize,
    /// Phases with tasks, all done.
    pub completed: usize,
}

/// A task's address. `Display` gives its ref, `key.task` (`2b.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TaskPos {
    /// 1-based position of the group in [`Plan::phases`].
    pub phase: usize,
    /// 1-based position within the group.
    pub task: usize,
    /// The group's [`Phase::key`].
    pub key: PhaseKey,
}

impl std::fmt::Display for TaskPos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.key, self.task)
    }
}

/// Something about a plan a command should tell its user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PlanNotice {
    /// The plan holds no task checkbox at all, so every count is zero.
    NoTasks,
    /// Lines end with a lone CR (old Mac line endings), first on this line;
    /// they are read as line breaks, but many tools read them as one line.
    LoneCr {
        /// 1-based line of the first one.
        line: usize,
    },
}

/// A parsed `plan.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    source: String,
    /// The frontmatter block, when present.
    pub frontmatter: Option<FrontmatterBlock>,
    /// Text of the first `#` heading with a `Plan:` prefix removed.
    pub title: Option<String>,
    /// Task groups in document order: real phases and numberless groups
    /// ([`Phase::is_phase`]).
    pub phases: Vec<Phase>,
}

impl Plan {
    /// Parse a plan. Never fails: text that is not structure stays opaque.
    #[must_use]
    pub fn parse(source: String) -> Self {
        let frontmatter = frontmatter::locate(&source);
        let (body_start, first_line) = frontmatter::body_start(&source, frontmatter.as_ref());
        let mut scanner = scan::Scanner::default();
        let mut tracker = OpaqueTracker::default();
        for line in text::lines_from(&source, body_start, first_line) {
            if tracker.is_opaque(line.text) {
                scanner.opaque_line(&line);
                continue;
            }
            scanner.line(&line);
        }
        let (title, phases) = scanner.finish(source.len());
        Self { frontmatter, title, phases, source }
    }

    /// The exact text this plan was parsed from.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Give back the text (writing it unchanged yields identical bytes).
    #[must_use]
    pub fn into_source(self) -> String {
        self.source
    }

    /// Every task, in document order, with its address.
    pub fn counted_tasks(&self) -> impl Iterator<Item = (TaskPos, &Task)> {
        self.phases.iter().enumerate().flat_map(|(pi, phase)| {
            phase
                .tasks
                .iter()
                .enumerate()
                .map(move |(ti, t)| (TaskPos { phase: pi + 1, task: ti + 1, key: phase.key }, t))
        })
    }

    /// Task counts from markers.
    #[must_use]
    pub fn task_counts(&self) -> TaskCounts {
        let mut counts = TaskCounts::default();
        for (_, task) in self.counted_tasks() {
            counts.add(task.marker);
        }
        counts
    }

    /// Phase counts from markers: real phases only, not other groups.
    #[must_use]
    pub fn phase_counts(&self) -> PhaseCounts {
        let real = || self.phases.iter().filter(|p| p.is_phase);
        PhaseCounts { total: real().count(), completed: real().filter(|p| p.is_complete()).count() }
    }

    /// The task being worked on: the first `[~]`, else the first `[ ]`.
    #[must_use]
    pub fn current_task(&self) -> Option<(TaskPos, &Task)> {
        self.counted_tasks()
            .find(|(_, t)| t.marker == Marker::InProgress)
            .or_else(|| self.counted_tasks().find(|(_, t)| t.marker == Marker::Pending))
    }

    /// What a command should warn about: no tasks at all, lone-CR line endings.
    #[must_use]
    pub fn notices(&self) -> Vec<PlanNotice> {
        let mut out = Vec::new();
        if self.phases.iter().all(|p| p.tasks.is_empty()) {
            out.push(PlanNotice::NoTasks);
        }
        if let Some(line) = text::first_lone_cr(&self.source) {
            out.push(PlanNotice::LoneCr { line });
        }
        out
    }
}

pub mod edit;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod regressions;
