//! The `plan.md` model: phases of tasks with their markers, SHAs and notes.
//!
//! A plan is kept as the exact text the user (or an agent) wrote. Parsing
//! records where each phase heading, task line, marker, commit SHA, Jira key
//! and blocked reason sits, as byte ranges; everything else is opaque text.
//! Counting rules live here too, so every command agrees on what "done" means:
//! only `[x]`/`[X]` is done, nested checkbox lines are sub-items of the task
//! above them, and a phase is complete when it has tasks and all are done.

use crate::frontmatter::{self, FrontmatterBlock};
use crate::text::{self, Line, OpaqueTracker};
use serde::{Deserialize, Serialize};
use std::ops::Range;

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

/// A commit SHA recorded on a task line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShaRef {
    /// The hex digits as written.
    pub sha: String,
    /// Byte range of the hex digits in the plan.
    pub span: Range<usize>,
    /// Byte range of the whole recorded form, e.g. ` (abc1234)`, including the
    /// space before it, so an edit can remove it cleanly.
    pub removal_span: Range<usize>,
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

/// One task: a top-level checkbox line inside (or outside) a phase.
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
    /// The task's text without label, SHA and Jira keys.
    pub text: String,
    /// The commit SHA recorded on the line.
    pub sha: Option<ShaRef>,
    /// Jira keys such as `PROJ-125`.
    pub jira: Vec<String>,
    /// Indented lines belonging to the task.
    pub children: Vec<TaskChild>,
    /// The text of a `- Blocked: …` child line, when present.
    pub blocked_reason: Option<String>,
    /// Byte offset just past the task's last child line.
    pub block_end: usize,
}

/// A phase heading and the tasks under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    /// The number written in the heading (`Phase 2`), when any.
    pub number: Option<u32>,
    /// The phase's title without number and trailing markers.
    pub title: String,
    /// Heading level (2 or 3 in practice).
    pub level: usize,
    /// 1-based line of the heading.
    pub line: usize,
    /// Byte range of the heading line.
    pub heading_span: Range<usize>,
    /// Byte offset where the phase's content ends.
    pub end: usize,
    /// `[checkpoint: sha]` on the heading.
    pub checkpoint: Option<String>,
    /// Jira keys on the heading.
    pub jira: Vec<String>,
    /// Status text after the title such as `[x] Complete`.
    pub status_note: Option<String>,
    /// The phase's tasks in order.
    pub tasks: Vec<Task>,
}

impl Phase {
    /// A phase is complete when it has tasks and every one is done.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        !self.tasks.is_empty() && self.tasks.iter().all(|t| t.marker == Marker::Done)
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

/// Phase counts derived from markers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PhaseCounts {
    /// Every phase.
    pub total: usize,
    /// Phases with tasks, all done.
    pub completed: usize,
}

/// A task's address: 1-based phase and task positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TaskPos {
    /// 1-based phase position (0 for tasks outside every phase).
    pub phase: usize,
    /// 1-based position within the phase.
    pub task: usize,
}

impl std::fmt::Display for TaskPos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.phase, self.task)
    }
}

/// A parsed `plan.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    source: String,
    /// The frontmatter block, when present.
    pub frontmatter: Option<FrontmatterBlock>,
    /// Text of the first `#` heading with a `Plan:` prefix removed.
    pub title: Option<String>,
    /// Phases in document order.
    pub phases: Vec<Phase>,
    /// Top-level tasks that sit outside every phase.
    pub loose_tasks: Vec<Task>,
}

impl Plan {
    /// Parse a plan. Never fails: text that is not structure stays opaque.
    #[must_use]
    pub fn parse(source: String) -> Self {
        let frontmatter = frontmatter::locate(&source);
        let (body_start, first_line) = frontmatter::body_start(&source, frontmatter.as_ref());
        let mut scanner = Scanner::default();
        let mut tracker = OpaqueTracker::default();
        for line in text::lines_from(&source, body_start, first_line) {
            if tracker.is_opaque(line.text) {
                scanner.opaque_line(&line);
                continue;
            }
            scanner.line(&line);
        }
        scanner.finish(source.len());
        Self { frontmatter, title: scanner.title, phases: scanner.phases, loose_tasks: scanner.loose, source }
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

    /// The tasks that count: those in phases, or the loose ones when the plan
    /// has no phase headings at all.
    pub fn counted_tasks(&self) -> impl Iterator<Item = (TaskPos, &Task)> {
        let phased = self.phases.iter().enumerate().flat_map(|(pi, phase)| {
            phase.tasks.iter().enumerate().map(move |(ti, t)| (TaskPos { phase: pi + 1, task: ti + 1 }, t))
        });
        let loose = self
            .loose_tasks
            .iter()
            .enumerate()
            .filter(|_| self.phases.is_empty())
            .map(|(ti, t)| (TaskPos { phase: 0, task: ti + 1 }, t));
        phased.chain(loose)
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

    /// Phase counts from markers.
    #[must_use]
    pub fn phase_counts(&self) -> PhaseCounts {
        PhaseCounts { total: self.phases.len(), completed: self.phases.iter().filter(|p| p.is_complete()).count() }
    }

    /// The task being worked on: the first `[~]`, else the first `[ ]`.
    #[must_use]
    pub fn current_task(&self) -> Option<(TaskPos, &Task)> {
        self.counted_tasks()
            .find(|(_, t)| t.marker == Marker::InProgress)
            .or_else(|| self.counted_tasks().find(|(_, t)| t.marker == Marker::Pending))
    }
}

#[derive(Default)]
struct Scanner {
    title: Option<String>,
    phases: Vec<Phase>,
    loose: Vec<Task>,
    /// Indentation of top-level tasks in the current block.
    base_indent: Option<usize>,
    in_phase: bool,
    /// True while the last structural element was a task whose block may grow.
    open_task: bool,
}

impl Scanner {
    fn current_tasks(&mut self) -> &mut Vec<Task> {
        match self.phases.last_mut() {
            Some(phase) if self.in_phase => &mut phase.tasks,
            _ => &mut self.loose,
        }
    }

    fn line(&mut self, line: &Line<'_>) {
        if let Some(h) = text::heading(line.text) {
            self.close_phase_if_needed(h.level, line.start);
            self.open_task = false;
            self.base_indent = None;
            if self.title.is_none() && h.level == 1 {
                let t = h.text.strip_prefix("Plan:").unwrap_or(h.text).trim();
                self.title = Some(t.to_owned());
            } else if let Some(phase) = parse_phase_heading(h.level, h.text, line) {
                // A deeper phase heading was not closed above: the open phase
                // still ends where the new one starts.
                if self.in_phase
                    && let Some(open) = self.phases.last_mut()
                {
                    open.end = line.start;
                }
                self.phases.push(phase);
                self.in_phase = true;
            }
            return;
        }
        if line.is_blank() {
            self.extend_task_block(line, None);
            return;
        }
        let indent = line.indent();
        let checkbox = parse_checkbox(line.text);
        let is_child = self.open_task && self.base_indent.is_some_and(|base| indent > base);
        if is_child {
            self.extend_task_block(line, checkbox.as_ref().map(|c| c.marker));
            return;
        }
        match checkbox {
            Some(cb) => {
                self.base_indent = Some(self.base_indent.map_or(indent, |b| b.min(indent)));
                let task = build_task(line, indent, &cb);
                self.current_tasks().push(task);
                self.open_task = true;
            }
            None => {
                // A lazy continuation line (indented text under a task) stays
                // with the task; anything else ends the task block.
                self.open_task = false;
            }
        }
    }

    /// A line inside a code fence or comment: part of the open task when
    /// indented under it, otherwise it ends the task block.
    fn opaque_line(&mut self, line: &Line<'_>) {
        if self.open_task && self.base_indent.is_some_and(|base| line.indent() > base) {
            self.extend_task_block(line, None);
        } else if !line.is_blank() {
            self.open_task = false;
        }
    }

    fn extend_task_block(&mut self, line: &Line<'_>, marker: Option<Marker>) {
        if !self.open_task {
            return;
        }
        let Some(task) = self.current_tasks().last_mut() else { return };
        if line.is_blank() {
            // Blank lines belong to the task only if indented content follows;
            // `finish_child` extends block_end when it does.
            return;
        }
        task.block_end = line.end;
        if let Some(reason) = blocked_reason(line.text) {
            task.blocked_reason = Some(reason.to_owned());
        }
        task.children.push(TaskChild { line: line.number, span: line.start..line.end, marker });
    }

    fn close_phase_if_needed(&mut self, level: usize, at: usize) {
        if !self.in_phase {
            return;
        }
        if let Some(phase) = self.phases.last_mut()
            && level <= phase.level
        {
            phase.end = at;
            self.in_phase = false;
        }
    }

    fn finish(&mut self, len: usize) {
        if self.in_phase
            && let Some(phase) = self.phases.last_mut()
        {
            phase.end = len;
        }
    }
}

fn parse_phase_heading(level: usize, text: &str, line: &Line<'_>) -> Option<Phase> {
    if level < 2 {
        return None;
    }
    let rest = strip_prefix_ci(text, "phase")?;
    if !(rest.is_empty() || rest.starts_with([' ', ':', '\t']) || rest.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    let rest = rest.trim_start();
    let digits_len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number = rest[..digits_len].parse().ok();
    let mut title = rest[digits_len..].trim_start();
    title = title.trim_start_matches([':', '.', '-', '–', '—']).trim_start();
    let (title, checkpoint, jira, status_note) = split_heading_suffixes(title);
    Some(Phase {
        number,
        title,
        level,
        line: line.number,
        heading_span: line.start..line.end,
        end: line.end,
        checkpoint,
        jira,
        status_note,
        tasks: Vec::new(),
    })
}

/// Split `Title [x] Complete [checkpoint: abc] [KEY-1]` into its parts.
fn split_heading_suffixes(text: &str) -> (String, Option<String>, Vec<String>, Option<String>) {
    let mut title = text.trim_end();
    let mut checkpoint = None;
    let mut jira = Vec::new();
    let mut status_note = None;
    loop {
        if let Some(open) = title.rfind('[')
            && title.ends_with(']')
        {
            let inner = &title[open + 1..title.len() - 1];
            if let Some(sha) = inner.strip_prefix("checkpoint:") {
                checkpoint = Some(sha.trim().to_owned());
                title = title[..open].trim_end();
                continue;
            }
            if is_jira_key(inner) {
                jira.insert(0, inner.to_owned());
                title = title[..open].trim_end();
                continue;
            }
        }
        break;
    }
    // A status note such as `[x] Complete` after the title.
    for marker in ["[x]", "[X]", "[~]", "[ ]", "[!]"] {
        if let Some(pos) = title.find(marker)
            && pos > 0
        {
            status_note = Some(title[pos..].trim().to_owned());
            title = title[..pos].trim_end();
            break;
        }
    }
    (title.to_owned(), checkpoint, jira, status_note)
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// `ABC-123`: an uppercase project key, a dash, digits.
#[must_use]
pub fn is_jira_key(s: &str) -> bool {
    let Some((key, num)) = s.split_once('-') else { return false };
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !num.is_empty()
        && num.chars().all(|c| c.is_ascii_digit())
}

struct Checkbox<'a> {
    marker: Marker,
    /// Offset of the marker character within the line text.
    marker_col: usize,
    /// The text after `] `.
    rest: &'a str,
    rest_col: usize,
}

/// `- [x] text`, `* [ ] text`, `+ [~] text` (any indent).
fn parse_checkbox(line: &str) -> Option<Checkbox<'_>> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let bullet = trimmed.chars().next()?;
    if !matches!(bullet, '-' | '*' | '+') {
        return None;
    }
    let after_bullet = trimmed.get(1..)?;
    let spaces = after_bullet.len() - after_bullet.trim_start_matches(' ').len();
    if spaces == 0 {
        return None;
    }
    let boxed = &after_bullet[spaces..];
    let mut chars = boxed.char_indices();
    if chars.next()?.1 != '[' {
        return None;
    }
    let (_, marker_char) = chars.next()?;
    let (close_idx, close) = chars.next()?;
    if close != ']' {
        return None;
    }
    let after = &boxed[close_idx + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let marker_col = lead + 1 + spaces + 1;
    let rest = after.trim_start();
    let rest_col = line.len() - rest.len();
    Some(Checkbox { marker: Marker::from_char(marker_char), marker_col, rest, rest_col })
}

pub(crate) fn blocked_reason(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches(['-', '*', '+']).trim_start();
    let t = t.strip_prefix("**Blocked:**").or_else(|| t.strip_prefix("Blocked:"))?;
    Some(t.trim())
}

fn build_task(line: &Line<'_>, indent: usize, cb: &Checkbox<'_>) -> Task {
    let rest_start = line.start + cb.rest_col;
    let parsed = parse_task_text(cb.rest, rest_start);
    Task {
        line: line.number,
        line_span: line.start..line.end,
        marker_offset: line.start + cb.marker_col,
        marker: cb.marker,
        indent,
        label: parsed.label,
        text: parsed.text,
        sha: parsed.sha,
        jira: parsed.jira,
        children: Vec::new(),
        blocked_reason: None,
        block_end: line.end,
    }
}

struct TaskText {
    label: Option<String>,
    text: String,
    sha: Option<ShaRef>,
    jira: Vec<String>,
}

fn is_sha(s: &str) -> bool {
    (7..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Split a task's text into label, body, SHA and Jira keys. `base` is the
/// byte offset of `rest` in the document, for the SHA's span.
fn parse_task_text(rest: &str, base: usize) -> TaskText {
    let mut label = None;
    let mut sha = None;
    let mut body = rest;
    let mut body_offset = 0;

    // `**Task 1.2:** …` or `**Task 1 (2f3eae4):** …`
    if let Some(inner_and_more) = rest.strip_prefix("**")
        && let Some(close) = inner_and_more.find("**")
    {
        let inner = &inner_and_more[..close];
        if let Some(label_text) = inner.strip_suffix(':') {
            let label_text = label_text.trim_end();
            let (name, inner_sha) = match label_text.rfind(" (") {
                Some(open) if label_text.ends_with(')') && is_sha(&label_text[open + 2..label_text.len() - 1]) => {
                    let sha_start = base + 2 + open + 2;
                    let sha_str = &label_text[open + 2..label_text.len() - 1];
                    (
                        &label_text[..open],
                        Some(ShaRef {
                            sha: sha_str.to_owned(),
                            span: sha_start..sha_start + sha_str.len(),
                            removal_span: base + 2 + open..base + 2 + label_text.len(),
                        }),
                    )
                }
                _ => (label_text, None),
            };
            label = Some(name.trim().to_owned());
            sha = inner_sha;
            body_offset = 2 + close + 2;
            body = &rest[body_offset..];
        }
    } else if let Some((head, _)) = rest.split_once(':') {
        // Plain `Task 1.1: …` or Conductor's `Task: …`.
        if head == "Task" || (head.starts_with("Task ") && head.len() <= 16 && !head[5..].contains(' ')) {
            label = Some(head.to_owned());
            body_offset = head.len() + 1;
            body = &rest[body_offset..];
        }
    }
    let lead = body.len() - body.trim_start().len();
    body_offset += lead;
    let mut text = body.trim();

    // Trailing Jira keys and SHA, in any order.
    let mut jira = Vec::new();
    loop {
        if text.ends_with(']')
            && let Some(open) = text.rfind('[')
            && is_jira_key(&text[open + 1..text.len() - 1])
        {
            jira.insert(0, text[open + 1..text.len() - 1].to_owned());
            text = text[..open].trim_end();
            continue;
        }
        if sha.is_none()
            && text.ends_with(')')
            && let Some(open) = text.rfind('(')
            && is_sha(&text[open + 1..text.len() - 1])
        {
            let start = base + body_offset + open + 1;
            let before = text[..open].trim_end();
            let removal_start = base + body_offset + before.len();
            sha = Some(ShaRef {
                sha: text[open + 1..text.len() - 1].to_owned(),
                span: start..start + (text.len() - 1 - open - 1),
                removal_span: removal_start..base + body_offset + text.len(),
            });
            text = before;
            continue;
        }
        // Conductor appends the bare short SHA as the last word.
        if sha.is_none()
            && let Some(space) = text.rfind(' ')
        {
            let word = &text[space + 1..];
            if is_sha(word) && word.bytes().any(|b| b.is_ascii_digit()) {
                let start = base + body_offset + space + 1;
                let before = text[..space].trim_end();
                sha = Some(ShaRef {
                    sha: word.to_owned(),
                    span: start..start + word.len(),
                    removal_span: base + body_offset + before.len()..start + word.len(),
                });
                text = before;
                continue;
            }
        }
        break;
    }
    TaskText { label, text: text.to_owned(), sha, jira }
}

pub mod edit;

#[cfg(test)]
mod tests;
