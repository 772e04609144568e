//! The line scanner behind [`super::Plan::parse`]: headings open groups,
//! top-level checkbox lines (bullets or numbered items) become tasks, and
//! deeper lines become the children of the task above them.
//!
//! A `Phase` heading opens a real phase that keeps deeper non-phase headings
//! inside it; any other heading opens a candidate group that becomes a
//! numberless group only when a task appears under it. The first `#`
//! heading is the plan's title, not a group.

use super::task_text::{self, is_jira_key};
use super::{Marker, Phase, PhaseKey, Task, TaskChild};
use crate::text::{self, Line};

/// A heading that has not had a task under it yet.
struct Candidate {
    title: String,
    /// Jira keys on the heading (`## Review Fixes [PROJ-9]`).
    jira: Vec<String>,
    level: usize,
    line: usize,
    heading_span: std::ops::Range<usize>,
}

#[derive(Default)]
pub(super) struct Scanner {
    title: Option<String>,
    groups: Vec<Phase>,
    /// The group receiving tasks (always the last one), when open.
    open: bool,
    /// Heading level of the open real phase.
    phase_level: Option<usize>,
    /// A non-phase heading waiting for its first task; `None` with `open`
    /// false means tasks go to a group without heading.
    candidate: Option<Candidate>,
    /// Indentation of top-level tasks in the current block.
    base_indent: Option<usize>,
    /// True while the last structural element was a task whose block may grow.
    open_task: bool,
}

impl Scanner {
    pub(super) fn line(&mut self, line: &Line<'_>) {
        if let Some(h) = text::heading(line.text) {
            self.heading(line, h.level, h.text);
            return;
        }
        if line.is_blank() {
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
                self.group_for_task(line).tasks.push(task);
                self.open_task = true;
            }
            // Anything else that is not indented under a task ends its block.
            None => self.open_task = false,
        }
    }

    fn heading(&mut self, line: &Line<'_>, level: usize, heading_text: &str) {
        self.open_task = false;
        self.base_indent = None;
        if self.title.is_none() && level == 1 {
            let t = heading_text.strip_prefix("Plan:").unwrap_or(heading_text).trim();
            self.title = Some(t.to_owned());
            self.close(line.start);
            self.candidate = None;
            return;
        }
        if let Some(mut phase) = parse_phase_heading(level, heading_text, line) {
            self.close(line.start);
            phase.key = phase.number.as_deref().and_then(PhaseKey::new).unwrap_or(phase.key);
            self.push(phase);
            self.phase_level = Some(level);
            self.candidate = None;
            return;
        }
        // A deeper heading inside a phase stays in it.
        if self.open && self.phase_level.is_some_and(|p| level > p) {
            return;
        }
        self.close(line.start);
        let (title, _, jira, _) = split_heading_suffixes(heading_text);
        self.candidate = Some(Candidate { title, jira, level, line: line.number, heading_span: line.start..line.end });
    }

    fn close(&mut self, at: usize) {
        if self.open
            && let Some(group) = self.groups.last_mut()
        {
            group.end = at;
        }
        self.open = false;
        self.phase_level = None;
    }

    fn push(&mut self, mut group: Phase) {
        if group.number.is_none() || group.key == PhaseKey::default() {
            group.key = PhaseKey::position(self.groups.len() + 1);
        }
        self.groups.push(group);
        self.open = true;
    }

    /// The open group, opening one from the waiting heading (or without a
    /// heading) when none is open.
    fn group_for_task(&mut self, line: &Line<'_>) -> &mut Phase {
        if !self.open || self.groups.is_empty() {
            let group = match self.candidate.take() {
                Some(c) => Phase { jira: c.jira, ..numberless(c.title, c.level, c.line, c.heading_span) },
                None => numberless(String::new(), 0, line.number, line.start..line.start),
            };
            self.push(group);
        }
        let last = self.groups.len() - 1;
        &mut self.groups[last]
    }

    /// A line inside a code fence or comment: part of the open task when
    /// indented under it, otherwise it ends the task block.
    pub(super) fn opaque_line(&mut self, line: &Line<'_>) {
        if self.open_task && self.base_indent.is_some_and(|base| line.indent() > base) {
            self.extend_task_block(line, None);
        } else if !line.is_blank() {
            self.open_task = false;
        }
    }

    fn extend_task_block(&mut self, line: &Line<'_>, marker: Option<Marker>) {
        if !self.open_task || line.is_blank() {
            return;
        }
        let Some(task) = self.groups.last_mut().and_then(|g| g.tasks.last_mut()) else { return };
        task.block_end = line.end;
        if let Some(reason) = blocked_reason(line.text) {
            task.blocked_reason = Some(reason.to_owned());
        }
        task.children.push(TaskChild { line: line.number, span: line.start..line.end, marker });
    }

    pub(super) fn finish(mut self, len: usize) -> (Option<String>, Vec<Phase>) {
        self.close(len);
        (self.title, self.groups)
    }
}

fn numberless(title: String, level: usize, line: usize, heading_span: std::ops::Range<usize>) -> Phase {
    Phase {
        is_phase: false,
        number: None,
        key: PhaseKey::default(),
        title,
        level,
        line,
        end: heading_span.end,
        heading_span,
        checkpoint: None,
        jira: Vec::new(),
        status_note: None,
        tasks: Vec::new(),
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
    let number_len = phase_number_len(rest);
    let number = (number_len > 0).then(|| rest[..number_len].to_owned());
    let mut title = rest[number_len..].trim_start();
    title = title.trim_start_matches([':', '.', '-', '–', '—']).trim_start();
    let (title, checkpoint, jira, status_note) = split_heading_suffixes(title);
    Some(Phase {
        is_phase: true,
        number,
        key: PhaseKey::default(),
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

/// Length of a phase number at the start of `s`: digits, more `.digits`
/// groups (`1.5`), and one letter (`2b`) when a non-alphanumeric follows.
fn phase_number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut len = digits(0);
    if len == 0 {
        return 0;
    }
    while b.get(len) == Some(&b'.') && b.get(len + 1).is_some_and(u8::is_ascii_digit) {
        len += 1 + digits(len + 1);
    }
    if b.get(len).is_some_and(u8::is_ascii_alphabetic) && !b.get(len + 1).is_some_and(u8::is_ascii_alphanumeric) {
        len += 1;
    }
    len
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

pub(super) struct Checkbox<'a> {
    pub(super) marker: Marker,
    /// Offset of the marker character within the line text.
    pub(super) marker_col: usize,
    /// The text after `] `.
    pub(super) rest: &'a str,
    pub(super) rest_col: usize,
}

/// Byte length of a list item's marker at the start of `s`: a bullet
/// (`-`, `*`, `+`) or an ordinal (`1.`, `12)`, at most nine digits).
pub(super) fn list_marker_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    match b.first()? {
        b'-' | b'*' | b'+' => Some(1),
        _ => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            ((1..=9).contains(&digits) && matches!(b.get(digits), Some(b'.' | b')'))).then_some(digits + 1)
        }
    }
}

/// `- [x] text`, `* [ ] text`, `+ [~] text`, `1. [x] text`, `2) [ ] text`
/// (any indent).
pub(super) fn parse_checkbox(line: &str) -> Option<Checkbox<'_>> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let bullet_len = list_marker_len(trimmed)?;
    let after_bullet = &trimmed[bullet_len..];
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
    let marker_col = lead + bullet_len + spaces + 1;
    let rest = after.trim_start();
    let rest_col = line.len() - rest.len();
    Some(Checkbox { marker: Marker::from_char(marker_char), marker_col, rest, rest_col })
}

/// The reason on a `- Blocked: …` / `- **Blocked:** …` line.
pub(crate) fn blocked_reason(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches(['-', '*', '+']).trim_start();
    let t = t.strip_prefix("**Blocked:**").or_else(|| t.strip_prefix("Blocked:"))?;
    Some(t.trim())
}

fn build_task(line: &Line<'_>, indent: usize, cb: &Checkbox<'_>) -> Task {
    let rest_start = line.start + cb.rest_col;
    let parsed = task_text::parse(cb.rest, rest_start, cb.marker == Marker::Done);
    Task {
        line: line.number,
        line_span: line.start..line.end,
        marker_offset: line.start + cb.marker_col,
        marker: cb.marker,
        indent,
        label: parsed.label,
        text: parsed.text,
        shas: parsed.shas,
        jira: parsed.jira,
        children: Vec::new(),
        blocked_reason: None,
        block_end: line.end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_numbers() {
        let cases = [("0: Setup", 1), ("2b", 2), ("2b: x", 2), ("1.5 y", 3), ("3. lower", 1), ("2nd", 1), ("x", 0)];
        for (s, len) in cases {
            assert_eq!(phase_number_len(s), len, "{s}");
        }
    }

    #[test]
    fn keys_on_a_group_heading_that_is_not_a_phase_are_read() {
        let plan = super::super::Plan::parse("## Review Fixes [PROJ-9]\n- [ ] a [PROJ-10]\n".to_owned());
        let group = &plan.phases[0];
        assert_eq!(
            (group.is_phase, group.title.as_str(), group.jira.as_slice()),
            (false, "Review Fixes", &["PROJ-9".to_owned()][..])
        );
        assert_eq!(group.tasks[0].jira, ["PROJ-10"]);
    }

    #[test]
    fn list_markers() {
        assert_eq!(list_marker_len("- x"), Some(1));
        assert_eq!(list_marker_len("12. x"), Some(3));
        assert_eq!(list_marker_len("3) x"), Some(2));
        assert_eq!(list_marker_len("1234567890. x"), None);
        assert_eq!(list_marker_len("1: x"), None);
        assert_eq!(list_marker_len(""), None);
    }
}
