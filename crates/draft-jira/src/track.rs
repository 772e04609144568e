//! Reading the one track an export is about: its plan, title, type, the
//! epic key already recorded, and a paragraph that says what the track is
//! for (the spec's problem statement, else the plan's overview).
//!
//! The track is the one named, else the active one, picked exactly as the
//! task commands pick it. A plan that is missing or unreadable stops the
//! command naming the file; a spec or earlier export that cannot be read only
//! costs the epic its summary paragraph or fallback key.

use crate::config::JiraSettings;
use crate::model::{self, JiraExport, Sources};
use crate::render;
use draft_core::engine::task::load_selected;
use draft_core::error::{Error, Result, UnreadableFile};
use draft_core::workspace::{self, Workspace};
use draft_model::plan::Plan;
use std::path::PathBuf;

/// The export's file name inside a track folder.
pub const EXPORT_FILE: &str = "jira-export.md";

/// A track read for an export.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Track id.
    pub id: String,
    /// The track's plan.md.
    pub plan_path: PathBuf,
    /// The parsed plan.
    pub plan: Plan,
    /// The track's metadata.json, when it exists.
    pub metadata_path: Option<PathBuf>,
    /// Where the export goes.
    pub export_path: PathBuf,
    /// The export model (`path` filled, `written` false).
    pub export: JiraExport,
}

/// Read track `track` (default: the active one) and build its export.
pub fn load(ws: &Workspace, track: Option<&str>, settings: Option<&JiraSettings>) -> Result<Loaded> {
    let (tree, id) = load_selected(ws, track)?;
    tree.require_readable(Some(&id), false)?;
    let Some(docs) = tree.tracks.iter().find(|t| t.id == id) else {
        return Err(Error::UnknownTrack {
            id: id.clone(),
            registry: ws.rel(&ws.registry_path()),
            suggestions: Vec::new(),
        });
    };
    let plan_path = docs.dir.join("plan.md");
    let Some(plan) = docs.plan.clone() else {
        return Err(Error::Unreadable {
            files: vec![UnreadableFile {
                file: ws.rel(&plan_path),
                reason: "it does not exist, so there is nothing to export".to_owned(),
            }],
        });
    };
    let export_path = docs.dir.join(EXPORT_FILE);
    let meta = docs.metadata.as_ref();
    let earlier = export_path.is_file().then(|| workspace::read_text(&export_path).ok()).flatten();
    let epic_key =
        meta.and_then(model::epic_key_in_metadata).or_else(|| earlier.as_deref().and_then(render::epic_key_in_export));
    let title = meta
        .and_then(|m| m.title())
        .map(str::to_owned)
        .or_else(|| plan.title.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| id.clone());
    let spec = docs.has_spec.then(|| workspace::read_text(&docs.dir.join("spec.md")).ok()).flatten();
    let summary = spec
        .as_deref()
        .and_then(|s| first_paragraph_under(s, &["problem statement", "summary", "overview"]))
        .or_else(|| first_paragraph_under(plan.source(), &["overview"]));
    let defaults = JiraSettings::default();
    let settings = settings.unwrap_or(&defaults);
    let mut export = model::build(&Sources {
        id: &id,
        title: &title,
        kind: meta.and_then(|m| m.kind()),
        plan: &plan,
        epic_key: epic_key.as_deref(),
        summary: summary.as_deref(),
        story_type: &settings.default_issue_type,
        project_key: settings.project_key.as_deref(),
    });
    export.path = ws.rel(&export_path);
    let metadata_path = Some(docs.dir.join("metadata.json")).filter(|p| p.is_file());
    Ok(Loaded { id, plan_path, plan, metadata_path, export_path, export })
}

/// The first paragraph under the first heading whose text is one of
/// `names` (compared in lower case), unless it is an intake placeholder.
#[must_use]
pub fn first_paragraph_under(text: &str, names: &[&str]) -> Option<String> {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.front_matter_delimiter = Some("---".into());
    let root = comrak::parse_document(&arena, text, &options);
    for name in names {
        let mut under = false;
        for node in root.children() {
            let (heading, paragraph) = {
                let data = node.data();
                (matches!(data.value, NodeValue::Heading(_)), matches!(data.value, NodeValue::Paragraph))
            };
            if heading {
                under = node.collect_text().trim().eq_ignore_ascii_case(name);
            } else if paragraph && under {
                let para = node.collect_text().split_whitespace().collect::<Vec<_>>().join(" ");
                if para.is_empty() || para.starts_with("[To be developed") || para.starts_with("[pending") {
                    break;
                }
                return Some(para);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_real_paragraph_under_a_heading() {
        let spec = "---\nx: 1\n---\n# Spec\n\n## Problem Statement\n<!-- hint -->\nUsers cannot export\ntheir `ledgers`.\n\nMore.\n";
        assert_eq!(
            first_paragraph_under(spec, &["problem statement"]).as_deref(),
            Some("Users cannot export their ledgers.")
        );
        let plan = "# Plan\n\n## Overview\n[To be developed through intake conversation]\n";
        assert_eq!(first_paragraph_under(plan, &["overview"]), None);
        assert_eq!(first_paragraph_under("## Other\ntext\n", &["overview"]), None);
    }
}
