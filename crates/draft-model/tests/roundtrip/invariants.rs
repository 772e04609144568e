//! Facts that hold for every parse of every input, structured or not: the
//! source is kept, each recorded span is an in-bounds slice on character
//! boundaries, each marker offset points at its marker right after a `[`,
//! each SHA span holds the SHA inside its removal span, groups do not
//! overlap and every task counts, each field value span holds the value,
//! each fraction span holds its number, and each link span its target.

use draft_model::plan::{Marker, Plan, Task};
use draft_model::registry::{Registry, Section};
use draft_model::text;
use proptest::prelude::*;
use std::ops::Range;

fn slice<'a>(src: &'a str, span: &Range<usize>) -> Result<&'a str, TestCaseError> {
    match src.get(span.clone()) {
        Some(s) => Ok(s),
        None => Err(TestCaseError::fail(format!("span {span:?} is not a slice of a {}-byte source", src.len()))),
    }
}

/// The marker at `offset` is `marker`, right after a `[`.
fn marker_at(src: &str, offset: usize, marker: Marker) -> Result<(), TestCaseError> {
    prop_assert!(offset >= 1 && src.is_char_boundary(offset), "marker offset {} in {:?}", offset, src);
    prop_assert_eq!(&src[offset - 1..offset], "[");
    let c = src[offset..].chars().next();
    prop_assert_eq!(c.map(Marker::from_char), Some(marker));
    prop_assert_eq!(src[offset + c.map_or(0, char::len_utf8)..].chars().next(), Some(']'));
    Ok(())
}

fn task(src: &str, t: &Task, region: &Range<usize>) -> Result<(), TestCaseError> {
    let line = slice(src, &t.line_span)?;
    prop_assert!(region.start <= t.line_span.start && t.line_span.end <= region.end, "{:?} outside {:?}", t, region);
    prop_assert_eq!(t.line, text::line_of_offset(src, t.line_span.start));
    prop_assert!(t.line_span.start < t.marker_offset && t.marker_offset < t.line_span.end);
    marker_at(src, t.marker_offset, t.marker)?;
    prop_assert!(line.ends_with(['\n', '\r']) || t.line_span.end == src.len());
    let mut last_removal: Option<Range<usize>> = None;
    for sha in &t.shas {
        prop_assert_eq!(slice(src, &sha.span)?, sha.sha.as_str());
        prop_assert!(sha.removal_span.start <= sha.span.start && sha.span.end <= sha.removal_span.end);
        prop_assert!(t.line_span.start <= sha.removal_span.start && sha.removal_span.end <= t.line_span.end);
        slice(src, &sha.removal_span)?;
        // Recorded forms are in line order and do not overlap (lists share one).
        if let Some(prev) = &last_removal {
            prop_assert!(*prev == sha.removal_span || prev.end <= sha.removal_span.start, "{:?}", t.shas);
        }
        last_removal = Some(sha.removal_span.clone());
    }
    prop_assert!(t.block_end >= t.line_span.end && t.block_end <= src.len());
    let mut at = t.line_span.end;
    for child in &t.children {
        slice(src, &child.span)?;
        prop_assert!(child.span.start >= at && child.span.end <= t.block_end, "child {:?} of {:?}", child, t);
        prop_assert_eq!(child.line, text::line_of_offset(src, child.span.start));
        at = child.span.end;
    }
    prop_assert!(t.children.last().is_none_or(|c| c.span.end == t.block_end));
    Ok(())
}

/// Every invariant of a parsed plan.
pub fn plan(plan: &Plan) -> Result<(), TestCaseError> {
    let src = plan.source();
    if let Some(fm) = &plan.frontmatter {
        slice(src, &fm.yaml)?;
        prop_assert!(fm.yaml.end <= fm.end && fm.end <= src.len());
    }
    let mut last_end = 0;
    for (i, phase) in plan.phases.iter().enumerate() {
        slice(src, &phase.heading_span)?;
        prop_assert_eq!(phase.line, text::line_of_offset(src, phase.heading_span.start));
        prop_assert!(phase.heading_span.start >= last_end, "groups overlap");
        prop_assert!(phase.end >= phase.heading_span.end && phase.end <= src.len());
        last_end = phase.end;
        prop_assert!(phase.is_phase || (phase.number.is_none() && !phase.tasks.is_empty()));
        if phase.number.is_none() {
            prop_assert_eq!(phase.key.as_str(), (i + 1).to_string());
        }
        for t in &phase.tasks {
            task(src, t, &(phase.heading_span.end..phase.end))?;
        }
    }
    let counted = plan.counted_tasks().count();
    prop_assert_eq!(counted, plan.phases.iter().map(|p| p.tasks.len()).sum::<usize>());
    prop_assert_eq!(plan.phase_counts().total, plan.phases.iter().filter(|p| p.is_phase).count());
    prop_assert_eq!(plan.notices().contains(&draft_model::plan::PlanNotice::NoTasks), counted == 0);
    let c = plan.task_counts();
    prop_assert_eq!(c.total, counted);
    prop_assert_eq!(c.completed + c.in_progress + c.blocked + c.pending, c.total);
    if let Some((_, t)) = plan.current_task() {
        prop_assert!(matches!(t.marker, Marker::InProgress | Marker::Pending));
    }
    Ok(())
}

/// Every invariant of a parsed registry.
pub fn registry(reg: &Registry) -> Result<(), TestCaseError> {
    let src = reg.source();
    if let Some(fm) = &reg.frontmatter {
        slice(src, &fm.yaml)?;
    }
    for s in &reg.sections {
        slice(src, &s.heading_span)?;
        prop_assert!(s.end >= s.heading_span.end && s.end <= src.len(), "{:?}", s);
        if let Some(p) = &s.placeholder {
            let text = slice(src, p)?;
            prop_assert!(text.trim_start().starts_with("<!--"));
            prop_assert!(p.start >= s.heading_span.end && p.end <= s.end);
        }
    }
    for t in &reg.tables {
        slice(src, &t.header_span)?;
        prop_assert!(t.header_span.end <= t.end && t.end <= src.len(), "{:?}", t);
    }
    for e in &reg.entries {
        slice(src, &e.span)?;
        if let Some(link) = &e.link {
            prop_assert_eq!(slice(src, &link.span)?, link.target.as_str());
            prop_assert!(e.span.start <= link.span.start && link.span.end <= e.span.end);
        }
        if e.style == draft_model::registry::EntryStyle::Table {
            prop_assert!(reg.table_of(e).is_some(), "a row outside its table: {:?}", e);
        }
        prop_assert_eq!(e.line, text::line_of_offset(src, e.span.start));
        prop_assert_eq!(e.marker.is_some(), e.marker_offset.is_some());
        if let (Some(m), Some(off)) = (e.marker, e.marker_offset) {
            prop_assert!(e.span.start < off && off < e.span.end);
            marker_at(src, off, m)?;
        }
        for f in &e.fields {
            prop_assert_eq!(slice(src, &f.value_span)?, f.value.as_str());
            prop_assert!(e.span.start <= f.value_span.start && f.value_span.end <= e.span.end);
            prop_assert_eq!(f.line, text::line_of_offset(src, f.value_span.start));
            if let Some(fr) = f.fraction() {
                prop_assert_eq!(slice(src, &fr.done_span)?.parse::<usize>().ok(), Some(fr.done));
                prop_assert_eq!(slice(src, &fr.total_span)?.parse::<usize>().ok(), Some(fr.total));
            }
            if let Some(status) = f.status()
                && let (Some(m), Some(off)) = (status.marker, status.marker_offset)
            {
                marker_at(src, off, m)?;
            }
        }
    }
    Ok(())
}

/// A parse focused on `id` ([`Registry::parse_focused`]) finds the same
/// sections, tables and unclosed block as the full parse; it keeps exactly
/// the entries whose id contains `id` or is unknown, in their places, the
/// wanted ones exactly as the full parse reads them; and it still knows
/// which sections hold entries besides `id`'s.
pub fn focused_agrees(full: &Registry, id: &str) -> Result<(), TestCaseError> {
    let focused = Registry::parse_focused(full.source().to_owned(), id);
    prop_assert_eq!(&focused.sections, &full.sections);
    prop_assert_eq!(&focused.tables, &full.tables);
    prop_assert_eq!(focused.unclosed_block(), full.unclosed_block());
    let kept: Vec<_> = full.entries.iter().filter(|e| e.id.as_deref().is_none_or(|e_id| e_id.contains(id))).collect();
    prop_assert_eq!(focused.entries.len(), kept.len());
    for (f, e) in focused.entries.iter().zip(kept) {
        prop_assert_eq!(&f.span, &e.span);
        prop_assert_eq!(f.line, e.line);
        if e.id.as_deref().is_some_and(|e_id| e_id.contains(id)) {
            prop_assert_eq!(f, e);
        }
    }
    for section in [Section::Active, Section::Completed, Section::Archived] {
        prop_assert_eq!(focused.has_entries_besides(section, id), full.has_entries_besides(section, id));
    }
    Ok(())
}
