//! Loading a project's registry and every track's documents in one pass.
//!
//! The tree is the union of the registry's entries and the folders under
//! `tracks/`, in registry order then folder-name order. Each track's
//! `plan.md` and `metadata.json` are read and parsed in parallel; anything
//! unreadable or malformed becomes a diagnostic on that file and the rest of
//! the tree still loads. Registry/folder mismatches are reported here once,
//! for every command that reads the tree.

use crate::error::{Error, Result};
use crate::workspace::{self, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::frontmatter;
use draft_model::metadata::Metadata;
use draft_model::plan::Plan;
use draft_model::registry::Registry;
use draft_model::slug;
use draft_model::text::DecodeError;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;

/// One track's documents.
#[derive(Debug, Clone)]
pub struct TrackDocs {
    /// The id (folder name).
    pub id: String,
    /// The folder.
    pub dir: PathBuf,
    /// Index of the registry entry, when listed.
    pub entry: Option<usize>,
    /// The parsed plan, when readable.
    pub plan: Option<Plan>,
    /// The parsed metadata, when readable.
    pub metadata: Option<Metadata>,
    /// Whether `spec.md` exists.
    pub has_spec: bool,
}

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Where it lives.
    pub workspace: Workspace,
    /// The registry, when present and readable.
    pub registry: Option<Registry>,
    /// Tracks in registry order, then unlisted folders by name.
    pub tracks: Vec<TrackDocs>,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
}

impl Tree {
    /// Load the registry and all tracks.
    pub fn load(ws: &Workspace) -> Result<Self> {
        let mut diagnostics = Vec::new();
        let registry_path = ws.registry_path();
        let registry_rel = ws.rel(&registry_path);
        let registry = if registry_path.is_file() {
            match workspace::read_text(&registry_path) {
                Ok(src) => {
                    let reg = Registry::parse(src);
                    check_frontmatter(reg.source(), reg.frontmatter.as_ref(), &registry_rel, &mut diagnostics);
                    Some(reg)
                }
                Err(e) => {
                    diagnostics.push(unreadable(&registry_rel, &e));
                    None
                }
            }
        } else {
            diagnostics.push(
                Diagnostic::file("registry-missing", Severity::Warning, &registry_rel, "the track registry is missing")
                    .with_hint("`draft init --force` recreates it without touching other files"),
            );
            None
        };

        let mut ids: Vec<(String, Option<usize>)> = Vec::new();
        let mut seen = HashSet::new();
        if let Some(reg) = &registry {
            for (i, entry) in reg.entries.iter().enumerate() {
                let Some(id) = &entry.id else {
                    diagnostics.push(
                        Diagnostic::file(
                            "registry-entry-id",
                            Severity::Warning,
                            &registry_rel,
                            format!("cannot tell the track id of entry {:?}", entry.title),
                        )
                        .at(entry.line, 1)
                        .with_hint("add a link to the track folder, e.g. `*Link: [./tracks/<id>/](./tracks/<id>/)*`"),
                    );
                    continue;
                };
                if let Err(reason) = slug::validate_id(id) {
                    diagnostics.push(
                        Diagnostic::file(
                            "registry-entry-id",
                            Severity::Error,
                            &registry_rel,
                            format!("track id {id:?} is not a safe folder name: {reason}"),
                        )
                        .at(entry.line, 1),
                    );
                    continue;
                }
                if !seen.insert(id.clone()) {
                    diagnostics.push(
                        Diagnostic::file(
                            "registry-duplicate",
                            Severity::Warning,
                            &registry_rel,
                            format!("track {id} is listed more than once"),
                        )
                        .at(entry.line, 1)
                        .with_hint("remove the duplicate entry"),
                    );
                    continue;
                }
                if !ws.tracks_dir().join(id).is_dir() {
                    diagnostics.push(
                        Diagnostic::file(
                            "registry-missing-folder",
                            Severity::Warning,
                            &registry_rel,
                            format!("tracks.md lists {id}, but {}/{id}/ does not exist", ws.rel(&ws.tracks_dir())),
                        )
                        .at(entry.line, 1)
                        .with_hint("remove the entry, or restore the track folder"),
                    );
                    continue;
                }
                ids.push((id.clone(), Some(i)));
            }
        }
        let mut folders: Vec<String> = match std::fs::read_dir(ws.tracks_dir()) {
            Ok(rd) => rd
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| !name.starts_with('.') && !seen.contains(name))
                .collect(),
            Err(_) => Vec::new(),
        };
        folders.sort();
        for name in folders {
            let dir = ws.tracks_dir().join(&name);
            if registry.is_some() {
                diagnostics.push(
                    Diagnostic::file(
                        "registry-missing-entry",
                        Severity::Warning,
                        ws.rel(&dir) + "/",
                        format!("track folder {name} is not listed in {registry_rel}"),
                    )
                    .with_hint("add an entry to the registry, or remove the folder"),
                );
            }
            ids.push((name, None));
        }

        let loaded: Vec<(TrackDocs, Vec<Diagnostic>)> =
            ids.into_par_iter().map(|(id, entry)| load_track(ws, id, entry)).collect();
        let mut tracks = Vec::with_capacity(loaded.len());
        for (track, diags) in loaded {
            tracks.push(track);
            diagnostics.extend(diags);
        }
        Ok(Self { workspace: ws.clone(), registry, tracks, diagnostics })
    }

    /// The registry entry of a track.
    #[must_use]
    pub fn entry_of(&self, track: &TrackDocs) -> Option<&draft_model::registry::Entry> {
        track.entry.and_then(|i| self.registry.as_ref()?.entries.get(i))
    }
}

fn check_frontmatter(src: &str, block: Option<&frontmatter::FrontmatterBlock>, file: &str, out: &mut Vec<Diagnostic>) {
    if let Some(block) = block {
        if let Err(d) = frontmatter::parse(src, block, file) {
            out.push(*d);
        }
    } else if frontmatter::is_unclosed(src) {
        out.push(
            Diagnostic::file(
                "frontmatter-yaml",
                Severity::Error,
                file,
                "the frontmatter block opened on line 1 is never closed",
            )
            .at(1, 1)
            .with_hint("add a line with `---` after the last frontmatter key"),
        );
    }
}

/// A file that could not be read as text, located at the bad byte's line
/// when there is one. `file` is already in the diagnostic, so the message
/// does not repeat the (absolute) path.
fn unreadable(file: &str, err: &Error) -> Diagnostic {
    match err {
        Error::Decode { source, .. } => {
            let d = Diagnostic::file("unreadable", Severity::Error, file, source.to_string());
            match source {
                DecodeError::NotUtf8 { line, .. } => {
                    d.at(*line, 0).with_hint("save the file as UTF-8 text; draft reads nothing else")
                }
                DecodeError::Binary { .. } => d.with_hint("replace it with a markdown or JSON text file"),
            }
        }
        Error::Io { action, source, .. } => {
            Diagnostic::file("unreadable", Severity::Error, file, format!("{action} the file failed: {source}"))
        }
        other => Diagnostic::file("unreadable", Severity::Error, file, other.to_string()),
    }
}

fn load_track(ws: &Workspace, id: String, entry: Option<usize>) -> (TrackDocs, Vec<Diagnostic>) {
    let dir = ws.tracks_dir().join(&id);
    let mut diags = Vec::new();
    let plan_path = dir.join("plan.md");
    let plan_rel = ws.rel(&plan_path);
    let plan = if plan_path.is_file() {
        match workspace::read_text(&plan_path) {
            Ok(src) => {
                let plan = Plan::parse(src);
                check_frontmatter(plan.source(), plan.frontmatter.as_ref(), &plan_rel, &mut diags);
                Some(plan)
            }
            Err(e) => {
                diags.push(unreadable(&plan_rel, &e));
                None
            }
        }
    } else {
        diags.push(
            Diagnostic::file("plan-missing", Severity::Warning, &plan_rel, format!("track {id} has no plan.md"))
                .with_hint("write the plan, or remove the track folder"),
        );
        None
    };
    let meta_path = dir.join("metadata.json");
    let meta_rel = ws.rel(&meta_path);
    let metadata = if meta_path.is_file() {
        match workspace::read_text(&meta_path) {
            Ok(src) => match Metadata::parse(&src, &meta_rel) {
                Ok(m) => Some(m),
                Err(d) => {
                    diags.push(*d);
                    None
                }
            },
            Err(e) => {
                diags.push(unreadable(&meta_rel, &e));
                None
            }
        }
    } else {
        None
    };
    let has_spec = dir.join("spec.md").is_file();
    (TrackDocs { id, dir, entry, plan, metadata, has_spec }, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Layout;

    /// Regression: a plan that is not UTF-8 was reported without a line and
    /// with the absolute path repeated in the message.
    #[test]
    fn regression_decode_diagnostic_had_no_line_and_an_absolute_path() {
        let dir = tempfile::tempdir().expect("tmp");
        let tracks = dir.path().join("draft/tracks");
        for (id, bytes) in [("latin1", &b"# Plan\n## Phase 1\n- [x] caf\xe9\n"[..]), ("binary", &b"PK\x03\x04\0\0"[..])]
        {
            std::fs::create_dir_all(tracks.join(id)).expect("mkdir");
            std::fs::write(tracks.join(id).join("plan.md"), bytes).expect("write");
        }
        let ws = Workspace::at(dir.path(), Layout::Draft, crate::workspace::Environment::default());
        let tree = Tree::load(&ws).expect("load");
        let of = |file: &str| tree.diagnostics.iter().find(|d| d.file == file).expect(file);
        let latin1 = of("draft/tracks/latin1/plan.md");
        assert_eq!((latin1.rule, latin1.line), ("unreadable", 3));
        assert_eq!(latin1.to_string().matches("plan.md").count(), 1, "{latin1}");
        let binary = of("draft/tracks/binary/plan.md");
        assert!(binary.message.contains("binary") && !binary.message.contains(&*dir.path().to_string_lossy()));
        assert_eq!(tree.tracks.len(), 2, "both tracks are still listed");
    }
}
