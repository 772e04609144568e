//! Stray temporary files: `.draft-tmp-*` files and folders anywhere under
//! the context directory (`draft/` or `conductor/`, track and archive
//! folders included).
//!
//! Every draft write goes through a temporary file (or, for a new track, a
//! staging folder) named with [`TEMP_PREFIX`] beside its target, renamed
//! into place when complete. A writer killed in between leaves it behind;
//! the next write into the same folder sweeps it, but until then it sits in
//! the work tree. Such a file is only live while a writer holds the project
//! lock, so the scan runs only when that lock is free (on Unix, where it is
//! taken on the directory itself and costs nothing to try): while another
//! draft command is writing, nothing is reported.

use crate::context::{Ctx, Sink};
use crate::rule::{Check, NONE, RuleInfo};
use draft_core::workspace::{TEMP_PREFIX, Workspace};
use draft_model::diagnostic::Severity::Warning as W;
use std::path::Path;

/// `temp-file-stale`
pub static STALE: RuleInfo = RuleInfo {
    id: "temp-file-stale",
    family: "io",
    default_severity: W,
    fixable: false,
    applies_to: NONE,
    check: Check::Project(stale),
    rationale: "a `.draft-tmp-*` file or folder under the context directory is what a killed draft write left behind; it is clutter in the work tree and can be committed by mistake",
};

fn stale(ctx: &Ctx<'_>, sink: &mut Sink) {
    let dir = ctx.ws.context_dir();
    let Some(_quiet) = writers_idle(&dir) else { return };
    let mut found = Vec::new();
    walk(&dir, &mut found);
    for (path, is_dir) in found {
        sink.out.push(finding(ctx.ws, &path, is_dir));
    }
}

fn finding(ws: &Workspace, path: &Path, is_dir: bool) -> draft_model::diagnostic::Diagnostic {
    let rel = ws.rel(path);
    let (file, what) = if is_dir { (format!("{rel}/"), "folder") } else { (rel.clone(), "file") };
    STALE
        .diag(file, format!("stray temporary {what} {rel}, left by a draft write that did not finish"))
        .with_hint(format!("delete it; the next draft write into its folder also removes {TEMP_PREFIX}* leftovers"))
}

/// Every `.draft-tmp-*` entry under `dir`, without following links or
/// descending into the stray folders themselves.
fn walk(dir: &Path, out: &mut Vec<(std::path::PathBuf, bool)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let Ok(kind) = entry.file_type() else { continue };
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            out.push((entry.path(), kind.is_dir()));
        } else if kind.is_dir() {
            walk(&entry.path(), out);
        }
    }
}

/// Some guard when no draft writer holds the project lock (held for the
/// scan), `None` while one does. Where the lock is a file (not Unix), taking
/// it would create that file, so the scan always runs.
fn writers_idle(dir: &Path) -> Option<Option<std::fs::File>> {
    if !cfg!(unix) {
        return Some(None);
    }
    let Ok(handle) = std::fs::File::open(dir) else { return Some(None) };
    match handle.try_lock() {
        Ok(()) => Some(Some(handle)),
        Err(std::fs::TryLockError::WouldBlock) => None,
        Err(std::fs::TryLockError::Error(_)) => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_finds_files_and_folders_without_descending_into_them() {
        let dir = tempfile::tempdir().expect("tmp");
        let track = dir.path().join("tracks/t1");
        std::fs::create_dir_all(&track).expect("mkdir");
        std::fs::write(track.join(".draft-tmp-abc"), "x").expect("write");
        std::fs::write(track.join("plan.md"), "x").expect("write");
        let staging = dir.path().join(".draft-tmp-new-t2-xyz");
        std::fs::create_dir_all(staging.join("inner")).expect("mkdir");
        std::fs::write(staging.join("inner/.draft-tmp-deep"), "x").expect("write");
        let mut found = Vec::new();
        walk(dir.path(), &mut found);
        assert_eq!(found, vec![(staging, true), (track.join(".draft-tmp-abc"), false)]);
    }
}
