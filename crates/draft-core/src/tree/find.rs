//! Finding a project's tracks before reading them: registry entries
//! (checked for safe, unique ids and an existing folder), unlisted folders
//! under `tracks/` and archive folders — all of them, or only those a
//! [`Scope`] names, so a command about one track looks at one folder.

use super::files::{self, FolderKind};
use super::{Found, Scope};
use crate::workspace::Workspace;
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::registry::Registry;
use draft_model::slug;
use std::collections::HashSet;
use std::path::Path;

/// Where the tracks `scope` names live: registry entries first (checked for
/// safe, unique ids and an existing folder), then unlisted folders under
/// `tracks/`, then archive folders. Problems go to `diagnostics`.
pub(super) fn find_tracks(
    ws: &Workspace,
    root: &Path,
    registry: Option<&Registry>,
    scope: Scope<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Found> {
    let registry_rel = ws.rel(&ws.registry_path());
    let archives = files::archive_dirs(&ws.context_dir());
    let mut found: Vec<Found> = Vec::new();
    let mut seen = HashSet::new();
    // A whole-tree scan lists tracks/ once; the folders it shows as plain
    // directories are not asked about again, one `lstat` per entry.
    let listed = if scope == Scope::All { files::listed_folders(&ws.tracks_dir()) } else { Vec::new() };
    let listed_dirs: HashSet<&str> = listed.iter().filter(|(_, dir)| *dir).map(|(name, _)| name.as_str()).collect();
    let folder = |name: &str, dir: &Path| {
        if listed_dirs.contains(name) { FolderKind::Dir } else { files::folder(root, dir) }
    };
    for (i, entry) in registry.iter().flat_map(|reg| reg.entries.iter().enumerate()) {
        let Some(id) = &entry.id else {
            if scope == Scope::All {
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
            }
            continue;
        };
        if !scope.wants(id) {
            continue;
        }
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
        let dir = ws.tracks_dir().join(id);
        match folder(id, &dir) {
            FolderKind::Dir => found.push(Found { id: id.clone(), dir, entry: Some(i), archived: false }),
            FolderKind::Skipped(why) => diagnostics.push(skipped_folder(ws, &dir, &why).at(entry.line, 1)),
            FolderKind::Missing => {
                let archived = archives.iter().map(|a| a.join(id)).find(|d| files::folder(root, d) == FolderKind::Dir);
                match archived {
                    Some(dir) => found.push(Found { id: id.clone(), dir, entry: Some(i), archived: true }),
                    None => diagnostics.push(
                        Diagnostic::file(
                            "registry-missing-folder",
                            Severity::Warning,
                            &registry_rel,
                            format!("tracks.md lists {id}, but {}/{id}/ does not exist", ws.rel(&ws.tracks_dir())),
                        )
                        .at(entry.line, 1)
                        .with_hint("remove the entry, or restore the track folder"),
                    ),
                }
            }
        }
    }
    let folders = match scope {
        Scope::All => listed.iter().map(|(name, _)| name.clone()).collect(),
        Scope::Registered => Vec::new(),
        // Only a safe id is looked up on disk: nothing outside tracks/ is named.
        Scope::Track(id) if slug::validate_id(id).is_ok() && !seen.contains(id) => vec![id.to_owned()],
        Scope::Track(_) => Vec::new(),
    };
    for name in folders {
        let dir = ws.tracks_dir().join(&name);
        if seen.contains(&name) || archives.contains(&dir) {
            continue;
        }
        match folder(&name, &dir) {
            FolderKind::Dir => {}
            FolderKind::Missing => continue,
            FolderKind::Skipped(why) => {
                diagnostics.push(skipped_folder(ws, &dir, &why));
                continue;
            }
        }
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
        seen.insert(name.clone());
        found.push(Found { id: name, dir, entry: None, archived: false });
    }
    if scope == Scope::Registered {
        return found;
    }
    let mut archived_seen: HashSet<String> = found.iter().filter(|f| f.archived).map(|f| f.id.clone()).collect();
    for base in &archives {
        let names = match scope {
            Scope::Track(id) if slug::validate_id(id).is_ok() && !seen.contains(id) => vec![id.to_owned()],
            Scope::Track(_) => Vec::new(),
            _ => files::candidate_folders(base),
        };
        for name in names {
            let dir = base.join(&name);
            match files::folder(root, &dir) {
                FolderKind::Dir if archived_seen.insert(name.clone()) => {
                    found.push(Found { id: name, dir, entry: None, archived: true });
                }
                FolderKind::Skipped(why) => diagnostics.push(skipped_folder(ws, &dir, &why)),
                _ => {}
            }
        }
    }
    found
}

pub(super) fn skipped_folder(ws: &Workspace, dir: &Path, why: &str) -> Diagnostic {
    Diagnostic::file(
        "symlink-outside-project",
        Severity::Warning,
        ws.rel(dir) + "/",
        format!("track folder {} {why}; skipped", ws.rel(dir)),
    )
    .with_hint("draft follows links only inside the project; move the track into it, or remove the link")
}
