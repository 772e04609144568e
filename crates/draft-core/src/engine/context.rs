//! `draft context`: the bundle an agent should load to work on a track.
//!
//! The bundle is made of ranked *parts*, most important first:
//!
//! 1. the current task with its phase (the `task next` rule: the first `[~]`
//!    task, else the first `[ ]` task of the first unfinished phase),
//! 2. `.ai-context.md`, or, when it is missing, `product.md`, `tech-stack.md`
//!    and `workflow.md` (ranks 2–4),
//! 3. the track's `spec.md`,
//! 4. the track's `plan.md`,
//! 5. the track's recent commits: the SHAs recorded on its tasks and the
//!    commits whose subject is scoped to it (`type(<id>): …`), newest first.
//!
//! Documents are cut into *sections* at headings of level 1 and 2 (and, in a
//! plan, at every phase heading), outside code fences and HTML comments; the
//! pinned frontmatter block is not part of the bundle. With a token budget,
//! sections are taken in rank order (inside the plan: its title block, then
//! the current phase, then the other unfinished phases and trailing notes,
//! then completed phases; elsewhere in document order) while they fit; a
//! section that does not fit is left out whole — never cut mid-line — and
//! smaller sections after it may still fit. Every part and every section left
//! out is listed with its estimated size, so the agent knows what to read
//! directly if it needs it.
//!
//! Token counts are estimates: UTF-8 bytes / 4, rounded up ([`ESTIMATOR`]).
//! A real BPE tokenizer would need the model's vocabulary embedded in the
//! binary (1.7–3.6 MB per vocabulary) and would still not be the tokenizer
//! of every host's model; bytes/4 is close for English prose and Markdown.
//! Each section is charged its own estimate, so the parts' contents together
//! never exceed the budget; the few header lines a renderer adds around them
//! are not counted.

use super::status::{derived_status, track_title};
use super::task::{TaskInfo, load_one, scan_for};
use crate::error::{Error, Result};
use crate::tree::{TrackDocs, Tree};
use crate::workspace::{self, Layout, Workspace};
use draft_model::frontmatter;
use draft_model::metadata::TrackStatus;
use draft_model::plan::{Marker, Plan, Task, TaskPos};
use draft_model::text::{self, OpaqueTracker};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

pub mod commits;

use commits::track_commits;

/// How token counts are estimated.
pub const ESTIMATOR: &str = "bytes/4";

/// Commits listed when the caller does not say.
pub const DEFAULT_COMMITS: usize = 10;

/// The estimated token count of `text`: its UTF-8 length / 4, rounded up.
#[must_use]
pub fn estimate_tokens(text: &str) -> usize {
    text.len().div_ceil(4)
}

/// What to bundle.
#[derive(Debug, Clone, Default)]
pub struct ContextOptions {
    /// The track (default: the active one; none is fine when no track is active).
    pub track: Option<String>,
    /// Token budget for the parts' contents (default: no limit).
    pub budget: Option<usize>,
    /// How many recent commits to list (default [`DEFAULT_COMMITS`]).
    pub commits: Option<usize>,
}

/// What a part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// The current task and its phase.
    CurrentTask,
    /// `.ai-context.md`.
    AiContext,
    /// `product.md` (when `.ai-context.md` is missing).
    Product,
    /// `tech-stack.md` (when `.ai-context.md` is missing).
    TechStack,
    /// `workflow.md` (when `.ai-context.md` is missing).
    Workflow,
    /// The track's `spec.md`.
    Spec,
    /// The track's `plan.md`.
    Plan,
    /// The track's recent commits.
    Commits,
}

/// The whole bundle.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContextReport {
    /// The project root.
    pub root: String,
    /// Which tree was read.
    pub layout: Layout,
    /// The track bundled, when there is one.
    pub track: Option<TrackSummary>,
    /// How tokens were estimated.
    pub estimator: &'static str,
    /// The budget asked for.
    pub budget: Option<usize>,
    /// Estimated tokens of every part included.
    pub tokens: usize,
    /// Estimated tokens of everything, had nothing been left out.
    pub tokens_without_budget: usize,
    /// The parts included, by rank.
    pub parts: Vec<ContextPart>,
    /// Whole parts and sections left out to meet the budget, by rank.
    pub omitted: Vec<Omission>,
    /// The current task and its phase.
    pub current_task: Option<CurrentTask>,
    /// The track's recent commits, newest first.
    pub commits: Vec<TrackCommit>,
    /// Things worth knowing: missing files, no git, no active track.
    pub notes: Vec<String>,
}

/// Which track, and where it stands.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrackSummary {
    /// Track id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status derived from the plan.
    pub status: TrackStatus,
    /// The track folder, relative to the root.
    pub path: String,
}

/// One included part.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContextPart {
    /// 1 = most important.
    pub rank: usize,
    /// What it is.
    pub kind: PartKind,
    /// The file it comes from, relative to the root (none for generated parts).
    pub path: Option<String>,
    /// Estimated tokens of `content`.
    pub tokens: usize,
    /// Estimated tokens of the whole part.
    pub full_tokens: usize,
    /// False when sections were left out.
    pub complete: bool,
    /// The text: whole sections of the file (without its frontmatter), in file order.
    pub content: String,
}

/// A part or a section left out.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Omission {
    /// The part's rank.
    pub rank: usize,
    /// The part.
    pub kind: PartKind,
    /// Its file, relative to the root.
    pub path: Option<String>,
    /// The section's heading line; none when the whole part was left out.
    pub section: Option<String>,
    /// 1-based line of the section in its file.
    pub line: Option<usize>,
    /// Estimated tokens left out.
    pub tokens: usize,
}

/// The task to work on and its phase.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CurrentTask {
    /// The task, when one can be worked on.
    pub task: Option<TaskInfo>,
    /// Its phase.
    pub phase: Option<PhaseSummary>,
    /// Blocked tasks of that phase, with their reasons.
    pub blocked: Vec<TaskInfo>,
    /// Every task is done.
    pub all_done: bool,
}

/// A phase, briefly.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PhaseSummary {
    /// 1-based position.
    pub index: usize,
    /// Number written in the heading.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Tasks in the phase.
    pub total: usize,
    /// Done tasks.
    pub completed: usize,
}

/// A commit of the track.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrackCommit {
    /// Full SHA.
    pub sha: String,
    /// Short SHA.
    pub short: String,
    /// Committer date, `YYYY-MM-DD`.
    pub date: String,
    /// Subject line.
    pub subject: String,
    /// Why it is listed: `recorded on 1.2`, `scope (<id>)`.
    pub reason: String,
}

/// A slice of a document that is kept or left out whole.
#[derive(Debug, Clone)]
struct Section {
    heading: Option<String>,
    line: usize,
    text: String,
    /// Order of preference inside the part (lower first).
    class: u8,
}

/// A part before the budget is applied.
#[derive(Debug, Clone)]
struct Candidate {
    kind: PartKind,
    path: Option<String>,
    sections: Vec<Section>,
}

/// Build the bundle for the track `opts.track` names (or the active one).
pub fn context(ws: &Workspace, opts: &ContextOptions) -> Result<ContextReport> {
    let mut notes = Vec::new();
    let mut tree = scan_for(ws, opts.track.as_deref())?;
    let id = match load_one(&mut tree, opts.track.as_deref()) {
        Ok(id) => Some(id),
        Err(Error::NoActiveTrack) if opts.track.is_none() => {
            notes.push(
                "no active track: the bundle holds the project context only (name a track to add its spec, plan and commits)"
                    .to_owned(),
            );
            None
        }
        Err(e) => return Err(e),
    };
    let track = id.as_deref().and_then(|id| tree.tracks.iter().find(|t| t.id == id));

    let mut candidates = Vec::new();
    let mut current = None;
    let mut commits = Vec::new();
    if let Some(track) = track {
        let (cand, cur) = current_task_part(&tree, track, &mut notes);
        candidates.extend(cand);
        current = cur;
    }
    candidates.extend(context_docs(ws, &mut notes));
    if let Some(track) = track {
        candidates.extend(track_doc(ws, track, "spec.md", PartKind::Spec, None, &mut notes));
        candidates.extend(track_doc(ws, track, "plan.md", PartKind::Plan, track.plan.as_ref(), &mut notes));
        commits = track_commits(ws, track, opts.commits.unwrap_or(DEFAULT_COMMITS), &mut notes);
        if !commits.is_empty() {
            candidates.push(commits_part(&commits));
        }
    }

    let (parts, omitted) = fit(&candidates, opts.budget);
    let tokens = parts.iter().map(|p| p.tokens).sum();
    let tokens_without_budget = parts.iter().map(|p| p.full_tokens).sum::<usize>()
        + omitted.iter().filter(|o| o.section.is_none()).map(|o| o.tokens).sum::<usize>();
    Ok(ContextReport {
        root: ws.root.display().to_string(),
        layout: ws.layout,
        track: track.map(|t| TrackSummary {
            id: t.id.clone(),
            title: track_title(&tree, t),
            status: derived_status(&tree, t, &t.plan.as_ref().map(Plan::task_counts).unwrap_or_default()),
            path: ws.rel(&t.dir),
        }),
        estimator: ESTIMATOR,
        budget: opts.budget,
        tokens,
        tokens_without_budget,
        parts,
        omitted,
        current_task: current,
        commits,
        notes,
    })
}

/// Apply the budget: sections in rank order while they fit.
fn fit(candidates: &[Candidate], budget: Option<usize>) -> (Vec<ContextPart>, Vec<Omission>) {
    let mut order: Vec<(usize, usize)> = Vec::new();
    for (ci, c) in candidates.iter().enumerate() {
        for si in 0..c.sections.len() {
            order.push((ci, si));
        }
    }
    order.sort_by_key(|&(ci, si)| (ci, candidates[ci].sections[si].class, si));
    let mut keep: Vec<Vec<bool>> = candidates.iter().map(|c| vec![false; c.sections.len()]).collect();
    let mut left = budget.unwrap_or(usize::MAX);
    for (ci, si) in order {
        let cost = estimate_tokens(&candidates[ci].sections[si].text);
        if cost <= left {
            left -= cost;
            keep[ci][si] = true;
        }
    }
    let mut parts = Vec::new();
    let mut omitted = Vec::new();
    for (ci, c) in candidates.iter().enumerate() {
        let rank = ci + 1;
        let full_tokens = estimate_tokens(&c.sections.iter().map(|s| s.text.as_str()).collect::<String>());
        if !keep[ci].iter().any(|k| *k) {
            omitted.push(Omission {
                rank,
                kind: c.kind,
                path: c.path.clone(),
                section: None,
                line: None,
                tokens: full_tokens,
            });
            continue;
        }
        let mut content = String::new();
        for (si, s) in c.sections.iter().enumerate() {
            if keep[ci][si] {
                content.push_str(&s.text);
            } else {
                omitted.push(Omission {
                    rank,
                    kind: c.kind,
                    path: c.path.clone(),
                    section: Some(s.heading.clone().unwrap_or_else(|| "(text before the first heading)".to_owned())),
                    line: Some(s.line),
                    tokens: estimate_tokens(&s.text),
                });
            }
        }
        parts.push(ContextPart {
            rank,
            kind: c.kind,
            path: c.path.clone(),
            tokens: estimate_tokens(&content),
            full_tokens,
            complete: keep[ci].iter().all(|k| *k),
            content,
        });
    }
    (parts, omitted)
}

/// `.ai-context.md`, else product, tech stack and workflow.
fn context_docs(ws: &Workspace, notes: &mut Vec<String>) -> Vec<Candidate> {
    let dir = ws.context_dir();
    let ai = dir.join(".ai-context.md");
    if ai.is_file() {
        return doc_candidate(ws, &ai, PartKind::AiContext, &[], notes).into_iter().collect();
    }
    notes.push(format!("{} is missing: product.md, tech-stack.md and workflow.md stand in for it", ws.rel(&ai)));
    let mut out = Vec::new();
    for (name, kind) in
        [("product.md", PartKind::Product), ("tech-stack.md", PartKind::TechStack), ("workflow.md", PartKind::Workflow)]
    {
        let path = dir.join(name);
        if path.is_file() {
            out.extend(doc_candidate(ws, &path, kind, &[], notes));
        } else {
            notes.push(format!("{} is missing", ws.rel(&path)));
        }
    }
    out
}

fn track_doc(
    ws: &Workspace,
    track: &TrackDocs,
    name: &str,
    kind: PartKind,
    plan: Option<&Plan>,
    notes: &mut Vec<String>,
) -> Option<Candidate> {
    let path = track.dir.join(name);
    if !path.is_file() {
        notes.push(format!("{} is missing", ws.rel(&path)));
        return None;
    }
    let phase_lines: Vec<usize> = plan.map(|p| p.phases.iter().map(|ph| ph.line).collect()).unwrap_or_default();
    let mut cand = doc_candidate(ws, &path, kind, &phase_lines, notes)?;
    if let Some(plan) = plan {
        rank_plan_sections(plan, &mut cand.sections);
    }
    Some(cand)
}

fn doc_candidate(
    ws: &Workspace,
    path: &Path,
    kind: PartKind,
    extra_splits: &[usize],
    notes: &mut Vec<String>,
) -> Option<Candidate> {
    match workspace::read_text(path) {
        Ok(src) => Some(Candidate { kind, path: Some(ws.rel(path)), sections: split_sections(&src, extra_splits) }),
        Err(e) => {
            notes.push(format!("{} could not be read: {e}", ws.rel(path)));
            None
        }
    }
}

/// Cut the body (after any frontmatter) at level-1/2 headings and at the
/// given lines, outside fences and comments. Blank-only pieces are dropped.
fn split_sections(src: &str, extra_splits: &[usize]) -> Vec<Section> {
    let block = frontmatter::locate(src);
    let (offset, first_line) = frontmatter::body_start(src, block.as_ref());
    let mut starts: Vec<(usize, usize, Option<String>)> = vec![(offset, first_line, None)];
    let mut tracker = OpaqueTracker::default();
    for line in text::lines_from(src, offset, first_line) {
        if tracker.is_opaque(line.text) {
            continue;
        }
        let level = text::heading(line.text).map(|h| h.level);
        if level.is_some_and(|l| l <= 2) || extra_splits.contains(&line.number) {
            let heading = Some(line.text.trim().to_owned());
            match starts.last_mut() {
                // Nothing but blank lines since the last start: this heading opens it.
                Some(last) if src[last.0..line.start].trim().is_empty() => *last = (last.0, line.number, heading),
                _ => starts.push((line.start, line.number, heading)),
            }
        }
    }
    let mut sections = Vec::with_capacity(starts.len());
    for (i, (start, line, heading)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(src.len(), |next| next.0);
        let text = &src[*start..end];
        if text.trim().is_empty() {
            continue;
        }
        sections.push(Section { heading: heading.clone(), line: *line, text: text.to_owned(), class: 0 });
    }
    sections
}

/// Inside a plan: the title block first, then the current phase, then other
/// unfinished phases and notes, then completed phases.
fn rank_plan_sections(plan: &Plan, sections: &mut [Section]) {
    let current_phase = next_task(plan).0.map(|(pos, _)| pos.phase).filter(|p| *p > 0);
    let first_phase_line = plan.phases.first().map_or(usize::MAX, |p| p.line);
    for s in sections.iter_mut() {
        let phase = plan.phases.iter().position(|p| p.line == s.line).map(|i| (i + 1, &plan.phases[i]));
        s.class = match phase {
            Some((index, _)) if Some(index) == current_phase => 1,
            Some((_, p)) if p.is_complete() => 3,
            Some(_) => 2,
            None if s.line < first_phase_line => 0,
            None => 2,
        };
    }
}

/// A task with its position.
type Located<'a> = (TaskPos, &'a Task);

/// The `task next` rule: the first `[~]` task, else the first `[ ]` task of
/// the first unfinished phase; with the blocked tasks of that phase.
fn next_task(plan: &Plan) -> (Option<Located<'_>>, Vec<Located<'_>>) {
    let tasks: Vec<(TaskPos, &Task)> = plan.counted_tasks().collect();
    let blocked_in = |phase: usize| -> Vec<(TaskPos, &Task)> {
        tasks.iter().filter(|(p, t)| p.phase == phase && t.marker == Marker::Blocked).copied().collect()
    };
    if let Some(&(pos, t)) = tasks.iter().find(|(_, t)| t.marker == Marker::InProgress) {
        return (Some((pos, t)), blocked_in(pos.phase));
    }
    let Some(phase) = tasks.iter().find(|(_, t)| t.marker != Marker::Done).map(|(p, _)| p.phase) else {
        return (None, Vec::new());
    };
    let pick = tasks
        .iter()
        .find(|(p, t)| p.phase == phase && matches!(t.marker, Marker::Pending | Marker::Unknown(_)))
        .copied();
    (pick, blocked_in(phase))
}

fn current_task_part(
    tree: &Tree,
    track: &TrackDocs,
    notes: &mut Vec<String>,
) -> (Option<Candidate>, Option<CurrentTask>) {
    let Some(plan) = track.plan.as_ref() else {
        notes.push(format!("{}/plan.md is missing or unreadable: no current task", tree.workspace.rel(&track.dir)));
        return (None, None);
    };
    let (pick, blocked) = next_task(plan);
    let counts = plan.task_counts();
    let all_done = counts.total > 0 && counts.completed == counts.total;
    let phase_index = pick.map(|(p, _)| p.phase).or_else(|| blocked.first().map(|(p, _)| p.phase)).filter(|p| *p > 0);
    let phase = phase_index.and_then(|i| plan.phases.get(i - 1).map(|p| (i, p))).map(|(index, p)| PhaseSummary {
        index,
        number: p.number.clone(),
        title: p.title.clone(),
        total: p.tasks.len(),
        completed: p.tasks.iter().filter(|t| t.marker == Marker::Done).count(),
    });
    let current = CurrentTask {
        task: pick.map(|(p, t)| TaskInfo::new(p, t)),
        phase,
        blocked: blocked.iter().map(|(p, t)| TaskInfo::new(*p, t)).collect(),
        all_done,
    };
    let status = derived_status(tree, track, &counts);
    let mut s = String::new();
    let _ = writeln!(s, "Track: {} — {} [{}]", track.id, track_title(tree, track), status.as_str());
    let _ = writeln!(s, "Progress: {}/{} tasks done, {} phases", counts.completed, counts.total, plan.phases.len());
    if let Some(p) = &current.phase {
        let title = if p.title.is_empty() { String::new() } else { format!(": {}", p.title) };
        let _ =
            writeln!(s, "Phase {} of {}{title} — {}/{} tasks done", p.index, plan.phases.len(), p.completed, p.total);
    }
    match &current.task {
        Some(t) => {
            let verb = if t.marker == Marker::InProgress { "Current task (in progress)" } else { "Next task" };
            let label = t.label.as_deref().map(|l| format!("{l}: ")).unwrap_or_default();
            let _ = writeln!(s, "{verb}: {} {label}{} (plan.md:{})", t.reference, t.text, t.line);
        }
        None if all_done => {
            let _ = writeln!(s, "Every task is done.");
        }
        None => {
            let _ = writeln!(s, "No task can be started ({} remaining).", counts.total - counts.completed);
        }
    }
    for b in &current.blocked {
        let reason = b.reason.as_deref().unwrap_or("no reason given");
        let _ = writeln!(s, "Blocked: {} {} — {reason}", b.reference, b.text);
    }
    let cand = Candidate {
        kind: PartKind::CurrentTask,
        path: None,
        sections: vec![Section { heading: None, line: 1, text: s, class: 0 }],
    };
    (Some(cand), Some(current))
}

fn commits_part(commits: &[TrackCommit]) -> Candidate {
    let mut s = String::from("Recent commits of the track (newest first):\n");
    for c in commits {
        let _ = writeln!(s, "- {} {} {}  ({})", c.short, c.date, c.subject, c.reason);
    }
    Candidate {
        kind: PartKind::Commits,
        path: None,
        sections: vec![Section { heading: None, line: 1, text: s, class: 0 }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_split_at_h1_h2_and_skip_fences_and_frontmatter() {
        let src = "---\nproject: x\n---\n\n# Title\nintro\n\n## A\na\n```\n## not a heading\n```\n### sub\n## B\nb\n";
        let s = split_sections(src, &[]);
        let heads: Vec<_> = s.iter().map(|s| s.heading.as_deref()).collect();
        assert_eq!(heads, [Some("# Title"), Some("## A"), Some("## B")]);
        assert_eq!(s[0].line, 5);
        assert!(s[0].text.starts_with("\n# Title"), "{:?}", s[0].text);
        assert!(s[1].text.contains("## not a heading") && s[1].text.contains("### sub"));
        let whole: String = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(whole, &src[src.find("\n# Title").expect("title")..]);
    }

    #[test]
    fn budget_keeps_rank_order_and_whole_sections() {
        let sec = |h: &str, n: usize| Section { heading: Some(h.to_owned()), line: 1, text: "x".repeat(n), class: 0 };
        let cands = vec![
            Candidate { kind: PartKind::AiContext, path: None, sections: vec![sec("## A", 40), sec("## B", 400)] },
            Candidate { kind: PartKind::Spec, path: None, sections: vec![sec("## C", 40)] },
            Candidate { kind: PartKind::Plan, path: None, sections: vec![sec("## D", 400)] },
        ];
        let (parts, omitted) = fit(&cands, Some(25));
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].tokens, 10);
        assert_eq!(parts[0].full_tokens, 110);
        assert!(!parts[0].complete);
        assert_eq!(parts[1].kind, PartKind::Spec);
        let left: Vec<_> = omitted.iter().map(|o| (o.rank, o.section.as_deref(), o.tokens)).collect();
        assert_eq!(left, [(1, Some("## B"), 100), (3, None, 100)]);
        let (all, none) = fit(&cands, None);
        assert_eq!((all.len(), none.len()), (3, 0));
    }

    #[test]
    fn estimate_rounds_up() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("abcde"), 2);
    }
}
