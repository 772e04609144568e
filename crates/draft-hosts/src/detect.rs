//! Which hosts a repository already uses (`draft install --detect`) and
//! which host binaries are on a `PATH`.
//!
//! The signs follow HOSTS.md §9.3. Files and directories that draft itself
//! wrote (per the project manifest) are not signs: installing Gemini puts
//! skills in `.agents/skills/`, which must not make Codex look present.

use crate::host::Host;
use crate::manifest::{EntryKind, Manifest};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// How many directory entries the walk looks at before it gives up and
/// counts a directory as the user's.
const WALK_LIMIT: usize = 2000;

fn signs(host: Host) -> &'static [&'static str] {
    match host {
        Host::ClaudeCode => &[".claude", "CLAUDE.md"],
        Host::Cursor => &[".cursor"],
        Host::Codex => &[".codex", ".agents/skills"],
        Host::Opencode => &[".opencode", "opencode.json", "opencode.jsonc"],
        Host::Copilot => &[
            ".github/copilot-instructions.md",
            ".github/skills",
            ".github/agents",
            ".github/prompts",
            ".github/instructions",
            ".vscode/mcp.json",
        ],
        Host::Gemini => &[".gemini", "GEMINI.md"],
    }
}

fn binaries(host: Host) -> &'static [&'static str] {
    match host {
        Host::ClaudeCode => &["claude"],
        Host::Cursor => &["cursor-agent"],
        Host::Codex => &["codex"],
        Host::Opencode => &["opencode"],
        Host::Copilot => &["copilot"],
        Host::Gemini => &["gemini", "agy"],
    }
}

/// The hosts whose files are in `project_root`, ignoring what draft wrote
/// (the manifest at `<project_root>/draft/.install-manifest.json`).
#[must_use]
pub fn detect(project_root: &Path) -> Vec<Host> {
    let manifest = Manifest::load(&project_root.join("draft/.install-manifest.json")).unwrap_or_default();
    let ours = draft_paths(&manifest);
    Host::ALL.into_iter().filter(|host| signs(*host).iter().any(|sign| is_users(project_root, sign, &ours))).collect()
}

/// The hosts with a binary on `path_var` (a `PATH`-style list).
#[must_use]
pub fn hosts_on_path(path_var: &OsStr) -> Vec<Host> {
    Host::ALL.into_iter().filter(|h| binaries(*h).iter().any(|b| find_on_path(b, path_var).is_some())).collect()
}

/// Where `name` resolves on `path_var`: the first executable file called
/// `name` in its directories (with `.exe` tried on Windows).
#[must_use]
pub fn find_on_path(name: &str, path_var: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path_var).filter(|dir| dir.is_absolute()).find_map(|dir| {
        let mut candidates = vec![dir.join(name)];
        if cfg!(windows) {
            candidates.push(dir.join(format!("{name}.exe")));
        }
        candidates.into_iter().find(|c| is_executable(c))
    })
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// The project-relative paths that are wholly draft's: files and
/// directories it wrote, and shared files it created.
fn draft_paths(manifest: &Manifest) -> BTreeSet<String> {
    manifest
        .entries
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::File | EntryKind::Dir) || e.created_file)
        .map(|e| e.path.clone())
        .collect()
}

/// Whether `rel` exists and holds something draft did not write.
fn is_users(root: &Path, rel: &str, ours: &BTreeSet<String>) -> bool {
    let path = root.join(rel);
    if path.symlink_metadata().is_err() {
        return false;
    }
    let mut budget = WALK_LIMIT;
    has_foreign(root, &path, ours, &mut budget)
}

fn has_foreign(root: &Path, path: &Path, ours: &BTreeSet<String>, budget: &mut usize) -> bool {
    let rel = crate::context::slash_join(path.strip_prefix(root).unwrap_or(path));
    if !ours.contains(&rel) {
        return true;
    }
    if !path.is_dir() || path.is_symlink() {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(path) else { return true };
    for entry in entries {
        if *budget == 0 {
            return true;
        }
        *budget -= 1;
        let Ok(entry) = entry else { return true };
        if has_foreign(root, &entry.path(), ours, budget) {
            return true;
        }
    }
    false
}
