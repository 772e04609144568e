//! `draft init`: create the `draft/` context tree for a project.
//!
//! A fresh tree is written into a temporary directory beside its final
//! place and renamed into `draft/` in one step, so an interrupted run leaves
//! nothing half-made. An existing `draft/` is never overwritten: without
//! `--force` init refuses and lists what exists; with it, init adds only the
//! files that are missing. A `conductor/` tree is detected and reported.

use crate::clock;
use crate::error::{Error, Result};

use crate::manifest;
use crate::workspace::{Environment, Layout, Workspace, relative};
use draft_model::templates;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What `init` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// Add missing files to an existing `draft/` (never overwrites).
    pub force: bool,
    /// The frontmatter `project` (default: from the root's manifest); a
    /// monorepo's service gets the monorepo's name.
    pub project: Option<String>,
    /// The frontmatter `module` (default `root`); a monorepo's service gets its own name.
    pub module: Option<String>,
}

/// What `init` did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InitReport {
    /// The project root.
    pub root: String,
    /// The project name written into frontmatter.
    pub project: String,
    /// Files created, relative to the root.
    pub created: Vec<String>,
    /// Files that already existed and were left as they were.
    pub kept: Vec<String>,
    /// A Conductor tree found next to it, when any.
    pub conductor: Option<ConductorFound>,
    /// Notes about git state.
    pub warnings: Vec<String>,
}

/// A detected `conductor/` tree.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConductorFound {
    /// Its path relative to the root.
    pub path: String,
    /// Number of track folders in it.
    pub tracks: usize,
}

/// The files of a fresh tree: (relative name, body template).
const FILES: [(&str, &str); 6] = [
    ("product.md", templates::PRODUCT),
    ("tech-stack.md", templates::TECH_STACK),
    ("workflow.md", templates::WORKFLOW),
    ("architecture.md", templates::ARCHITECTURE),
    (".ai-context.md", templates::AI_CONTEXT),
    ("tracks.md", templates::TRACKS),
];

/// The project root for `init` run from `start`: the git work tree's top, or `start`.
pub fn init_root(start: &Path, env: &Environment) -> Result<PathBuf> {
    let start = std::fs::canonicalize(start).map_err(|e| Error::io("resolving", start, e))?;
    Ok(env.git(&start).toplevel().unwrap_or(start))
}

/// Create (or complete, with `force`) the `draft/` tree under `root` (see [`init_root`]).
pub fn init(root: &Path, env: &Environment, opts: InitOptions) -> Result<InitReport> {
    let root = root.to_path_buf();
    let draft_dir = root.join("draft");
    let project = opts.project.clone().unwrap_or_else(|| manifest::project_name(&root));
    let now = env.clock.now();
    let (mut block, warnings) = super::stamp(&env.git(&root), &project, "draft:init", None, now);
    if let Some(module) = &opts.module {
        block.module.clone_from(module);
    }
    let header = block.render();
    // The tree as it is now: the facts for the generated regions, and the
    // freshness state `draft refresh` compares with later.
    let facts = draft_facts::detect(&root);
    let scan = draft_facts::freshness::scan(&root, None);
    let contents: Vec<(&str, String)> = FILES
        .iter()
        .map(|(name, body)| {
            // A service's documents are titled with the service's name.
            let title = opts.module.as_deref().unwrap_or(&project);
            let filled = templates::fill(body, &[("PROJECT_NAME", title), ("DATE", &clock::date(now))]);
            let text = format!("{header}\n{filled}");
            let text = super::refresh::fill_region(&text, name, &facts).unwrap_or(text);
            (*name, text)
        })
        .collect();

    let mut created = Vec::new();
    let mut kept = Vec::new();
    if draft_dir.exists() {
        if !opts.force {
            let mut existing: Vec<String> = std::fs::read_dir(&draft_dir)
                .map_err(|e| Error::io("listing", &draft_dir, e))?
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect();
            existing.sort();
            let listing = if existing.is_empty() { "empty".to_owned() } else { existing.join(", ") };
            return Err(Error::AlreadyInitialized { dir: draft_dir, existing: listing });
        }
        let ws = Workspace::at(&root, Layout::Draft, env.clone());
        let _lock = ws.lock()?;
        for (name, text) in &contents {
            let path = draft_dir.join(name);
            if path.exists() {
                kept.push(relative(&root, &path));
            } else {
                ws.write(&path, text.as_bytes())?;
                created.push(relative(&root, &path));
            }
        }
        let tracks = draft_dir.join("tracks");
        if tracks.is_dir() {
            kept.push(relative(&root, &tracks) + "/");
        } else {
            std::fs::create_dir_all(&tracks).map_err(|e| Error::io("creating", &tracks, e))?;
            created.push(relative(&root, &tracks) + "/");
        }
    } else {
        let staging = tempfile::Builder::new()
            .prefix(".draft-init-")
            .tempdir_in(&root)
            .map_err(|e| Error::io("creating a staging directory in", &root, e))?;
        for (name, text) in &contents {
            let path = staging.path().join(name);
            std::fs::write(&path, text).map_err(|e| Error::io("writing", &path, e))?;
            created.push(format!("draft/{name}"));
        }
        let tracks = staging.path().join("tracks");
        std::fs::create_dir(&tracks).map_err(|e| Error::io("creating", &tracks, e))?;
        created.push("draft/tracks/".to_owned());
        // A directory rename is atomic, and fails if `draft/` appeared meanwhile.
        std::fs::rename(staging.path(), &draft_dir).map_err(|e| Error::io("moving the new tree to", &draft_dir, e))?;
    }

    if !block.commit.is_empty() {
        let ws = Workspace::at(&root, Layout::Draft, env.clone());
        let _lock = ws.lock()?;
        let state_dir = draft_dir.join(".state");
        let existed = state_dir.join("freshness.json").exists();
        let mut state = scan.state;
        state.head = Some(block.commit.clone());
        // A cache, gitignored: not listed among the documents created.
        if !existed {
            super::refresh::write_state(&ws, &state)?;
        }
    }
    let conductor = detect_conductor(&root);
    Ok(InitReport { root: root.display().to_string(), project, created, kept, conductor, warnings })
}

fn detect_conductor(root: &Path) -> Option<ConductorFound> {
    let dir = root.join("conductor");
    if !dir.is_dir() {
        return None;
    }
    let tracks = std::fs::read_dir(dir.join("tracks"))
        .map(|rd| rd.filter_map(|e| e.ok()).filter(|e| e.file_type().is_ok_and(|t| t.is_dir())).count())
        .unwrap_or(0);
    Some(ConductorFound { path: "conductor/".to_owned(), tracks })
}
