//! [`Plan::resolve`]: from what a person types to the task they mean.
//!
//! A reference is tried as, in order:
//!
//! 1. `KEY.N` (`1.2`, `0.1`, `2b.1`, `1.5.3`): task `N` of every group whose
//!    [`super::Phase::key`] is `KEY` — the number written in a phase heading,
//!    or the position of a group without one — together with every task
//!    labelled `Task KEY.N`. When no task matches, an exact label or text
//!    match is tried before giving up.
//! 2. A bare number: the task on that plan.md line, or whose child line it is.
//! 3. A label (`Task 1.2`, `task 1.2:`, case-insensitive, with or without
//!    `Task`) or a task's exact text (case-insensitive).
//!
//! Matches are collected by task line, so a ref whose written number and
//! label name the same task is one match; two different tasks make
//! [`RefError::Ambiguous`] listing every candidate.

use super::{Plan, Task, TaskPos};
use serde::Serialize;
use std::fmt;

/// A task named in a [`RefError`]: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefCandidate {
    /// The task's ref, e.g. `2b.1`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// 1-based plan.md line.
    pub line: usize,
    /// The label, when any.
    pub label: Option<String>,
    /// The task's text.
    pub text: String,
}

impl RefCandidate {
    fn new(pos: TaskPos, task: &Task) -> Self {
        Self { reference: pos.to_string(), line: task.line, label: task.label.clone(), text: task.text.clone() }
    }
}

impl fmt::Display for RefCandidate {
    /// `2b.1 (Task 2.1: Add the parser)`, or `2b.1 (Add the parser)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(l) => write!(f, "{} ({l}: {})", self.reference, self.text),
            None => write!(f, "{} ({})", self.reference, self.text),
        }
    }
}

/// Why a reference names no single task.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    /// Nothing matches; `suggestions` are close matches (possibly none).
    #[error("no task {reference:?}")]
    NoTask {
        /// The reference as given.
        reference: String,
        /// Close matches.
        suggestions: Vec<RefCandidate>,
    },
    /// A line number with no task on it; `nearest` are the closest tasks.
    #[error("no task on line {line}")]
    NoTaskOnLine {
        /// The line asked for.
        line: usize,
        /// The tasks nearest to it.
        nearest: Vec<RefCandidate>,
    },
    /// The reference could mean several tasks; all are listed.
    #[error("{reference:?} could mean {} tasks", candidates.len())]
    Ambiguous {
        /// The reference as given.
        reference: String,
        /// Every task it could mean.
        candidates: Vec<RefCandidate>,
    },
}

impl RefError {
    /// A short phrase for messages: `no task`, `no task on line`, `several tasks match`.
    #[must_use]
    pub fn problem(&self) -> &'static str {
        match self {
            Self::NoTask { .. } => "no task",
            Self::NoTaskOnLine { .. } => "no task on line",
            Self::Ambiguous { .. } => "several tasks match",
        }
    }

    /// The named tasks as a person reads them after "did you mean":
    /// `1.2 (Task 1.2: Wire it in)`; nearest tasks as `line 14 = 1.2 (…)`;
    /// the candidates of an ambiguous ref with their lines,
    /// `1.1 (first) on line 2`, since their refs may be the same.
    #[must_use]
    pub fn hints(&self) -> Vec<String> {
        match self {
            Self::NoTask { suggestions, .. } => suggestions.iter().map(ToString::to_string).collect(),
            Self::NoTaskOnLine { nearest, .. } => nearest.iter().map(|c| format!("line {} = {c}", c.line)).collect(),
            Self::Ambiguous { candidates, .. } => {
                candidates.iter().map(|c| format!("{c} on line {}", c.line)).collect()
            }
        }
    }

    /// The tasks the error names: suggestions, nearest tasks or candidates.
    #[must_use]
    pub fn candidates(&self) -> &[RefCandidate] {
        match self {
            Self::NoTask { suggestions: c, .. }
            | Self::NoTaskOnLine { nearest: c, .. }
            | Self::Ambiguous { candidates: c, .. } => c,
        }
    }
}

/// `task 1.2:` → `1.2`; lowercase, without a `Task` prefix or colon.
fn norm(s: &str) -> String {
    let s = s.trim().trim_end_matches(':').trim().to_ascii_lowercase();
    s.strip_prefix("task").map(str::trim).map_or(s.clone(), str::to_owned)
}

/// `KEY.N` with a key of ASCII letters, digits and dots and a number `N`.
fn split_ref(r: &str) -> Option<(&str, usize)> {
    let (key, n) = r.rsplit_once('.')?;
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
        return None;
    }
    Some((key, n.parse().ok()?))
}

impl Plan {
    /// The task a reference names: `KEY.N` (`0.1`, `2b.1`; positions for
    /// groups without a number), a plan.md line number, a label (`Task 1.2`)
    /// or a task's exact text. A reference that could mean two tasks is
    /// [`RefError::Ambiguous`], listing both.
    pub fn resolve(&self, reference: &str) -> Result<(TaskPos, &Task), RefError> {
        let r = reference.trim();
        let needle = norm(r);
        let by_label = |t: &Task| t.label.as_deref().is_some_and(|l| !needle.is_empty() && norm(l) == needle);
        let by_text = |t: &Task| t.text.eq_ignore_ascii_case(r) && !r.is_empty();
        if let Some((key, n)) = split_ref(r) {
            let found = self.unique(reference, |p, t| (p.key.matches(key) && p.task == n) || by_label(t))?;
            if let Some(found) = found {
                return Ok(found);
            }
            if let Some(found) = self.unique(reference, |_, t| by_text(t))? {
                return Ok(found);
            }
            let same_key: Vec<_> = self.counted_tasks().filter(|(p, _)| p.key.matches(key)).collect();
            let suggestions = match (same_key.first(), same_key.last()) {
                (Some(first), Some(last)) if same_key.len() > 1 => vec![*first, *last],
                (Some(first), _) => vec![*first],
                _ => self.counted_tasks().take(3).collect(),
            };
            return Err(self.no_task(reference, suggestions));
        }
        if let Ok(line) = r.parse::<usize>() {
            if let Some(found) =
                self.counted_tasks().find(|(_, t)| t.line == line || t.children.iter().any(|c| c.line == line))
            {
                return Ok(found);
            }
            let mut all: Vec<_> = self.counted_tasks().collect();
            all.sort_by_key(|(_, t)| t.line.abs_diff(line));
            let nearest = all.into_iter().take(2).map(|(p, t)| RefCandidate::new(p, t)).collect();
            return Err(RefError::NoTaskOnLine { line, nearest });
        }
        if let Some(found) = self.unique(reference, |_, t| by_label(t) || by_text(t))? {
            return Ok(found);
        }
        let lower = r.to_ascii_lowercase();
        let close = self
            .counted_tasks()
            .filter(|(_, t)| {
                (!lower.is_empty() && t.text.to_ascii_lowercase().contains(&lower))
                    || t.label.as_deref().is_some_and(|l| !needle.is_empty() && norm(l).contains(&needle))
            })
            .take(3)
            .collect();
        Err(self.no_task(reference, close))
    }

    /// The one task `pred` accepts, `None` when none does, an error when several do.
    fn unique(
        &self,
        reference: &str,
        pred: impl Fn(TaskPos, &Task) -> bool,
    ) -> Result<Option<(TaskPos, &Task)>, RefError> {
        let matches: Vec<_> = self.counted_tasks().filter(|(p, t)| pred(*p, t)).collect();
        match matches.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(RefError::Ambiguous {
                reference: reference.to_owned(),
                candidates: many.iter().map(|(p, t)| RefCandidate::new(*p, t)).collect(),
            }),
        }
    }

    fn no_task(&self, reference: &str, suggestions: Vec<(TaskPos, &Task)>) -> RefError {
        let suggestions = suggestions.into_iter().map(|(p, t)| RefCandidate::new(p, t)).collect();
        RefError::NoTask { reference: reference.to_owned(), suggestions }
    }
}
