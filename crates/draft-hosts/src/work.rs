//! The planner's scratch space: every file a plan touches, read once, edited
//! in memory, and turned into the list of filesystem operations `apply` runs.
//!
//! Nothing here writes. Each operation carries the hash of the bytes the plan
//! was made from, so `apply` can refuse if a file changed in between.

use crate::context::{InstallContext, slash_join};
use crate::error::{Error, Result};
use crate::host::Scope;
use crate::located::Problem;
use crate::manifest::hash_bytes;
use crate::paths::{self, Resolved};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a file must look like when `apply` starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expect {
    /// It must not exist.
    Absent,
    /// It must hash to this.
    Hash(String),
}

/// One filesystem operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op {
    /// Replace (or create) a file atomically, creating its directory.
    Write { real: PathBuf, display: String, bytes: Vec<u8>, expect: Expect },
    /// Delete a file.
    Delete { real: PathBuf, display: String, expect: Expect },
    /// Remove a directory if it is (still) empty.
    RemoveDir { real: PathBuf, display: String },
}

/// A file as the plan sees it.
#[derive(Debug, Clone)]
pub(crate) struct WorkFile {
    pub resolved: Resolved,
    pub original: Option<Vec<u8>>,
    pub current: Option<Vec<u8>>,
}

/// The files and directories one plan touches.
pub(crate) struct Work<'a> {
    pub ctx: &'a InstallContext,
    pub scope: Scope,
    roots: Vec<PathBuf>,
    files: BTreeMap<PathBuf, WorkFile>,
    /// Directories the plan removes, deepest first.
    removed_dirs: Vec<Resolved>,
}

impl<'a> Work<'a> {
    pub fn new(ctx: &'a InstallContext, scope: Scope) -> Self {
        Self { ctx, scope, roots: ctx.roots(scope), files: BTreeMap::new(), removed_dirs: Vec::new() }
    }

    /// Check `path` against the scope's roots.
    pub fn resolve(&self, path: &Path) -> Result<Resolved> {
        paths::resolve(path, &self.roots)
    }

    /// The file at `path`, read on first use.
    pub fn file(&mut self, path: &Path) -> Result<&mut WorkFile> {
        if !self.files.contains_key(path) {
            let resolved = self.resolve(path)?;
            let original = read_optional(&resolved.real)?;
            let file = WorkFile { resolved, current: original.clone(), original };
            self.files.insert(path.to_path_buf(), file);
        }
        self.files.get_mut(path).ok_or_else(|| Error::Usage(format!("lost track of {}", path.display())))
    }

    /// The current text of `path` (`None` when absent). A file that is not
    /// UTF-8 is refused like an unparseable one, with `by_hand` as the hint.
    pub fn text(&mut self, path: &Path, by_hand: &str) -> Result<Option<String>> {
        let current = self.file(path)?.current.clone();
        match current {
            None => Ok(None),
            Some(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok(Some(text)),
                Err(_) => Err(self.unparseable(path, Problem::start("the file is not UTF-8 text"), by_hand)),
            },
        }
    }

    /// The error for a problem in `path`.
    pub fn unparseable(&self, path: &Path, problem: Problem, by_hand: &str) -> Error {
        Error::Unparseable {
            path: path.to_path_buf(),
            line: problem.line,
            column: problem.column,
            message: problem.message,
            snippet: by_hand.to_owned(),
        }
    }

    /// Set the planned contents of `path` (`None` deletes it).
    pub fn set(&mut self, path: &Path, contents: Option<Vec<u8>>) -> Result<()> {
        self.file(path)?.current = contents;
        Ok(())
    }

    /// Whether `path` will exist once the plan is applied.
    pub fn will_exist(&self, path: &Path) -> bool {
        match self.files.get(path) {
            Some(file) => file.current.is_some(),
            None => path.symlink_metadata().is_ok() && !self.removed_dirs.iter().any(|d| d.logical == path),
        }
    }

    /// Whether the directory at `dir` will be empty once the plan is applied.
    pub fn dir_will_be_empty(&self, dir: &Path) -> Result<bool> {
        let resolved = self.resolve(dir)?;
        let entries = match std::fs::read_dir(&resolved.real) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
            Err(e) => return Err(Error::io("listing", &resolved.real, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("listing", &resolved.real, e))?;
            if self.will_exist(&dir.join(entry.file_name())) {
                return Ok(false);
            }
        }
        // Files the plan creates in it count too.
        Ok(!self.files.iter().any(|(p, f)| p.parent() == Some(dir) && f.original.is_none() && f.current.is_some()))
    }

    /// Plan the removal of an empty directory.
    pub fn remove_dir(&mut self, dir: &Path) -> Result<()> {
        let resolved = self.resolve(dir)?;
        self.removed_dirs.push(resolved);
        Ok(())
    }

    /// The directories between `path` and its root that do not exist yet,
    /// outermost first.
    pub fn missing_dirs(&self, path: &Path) -> Result<Vec<PathBuf>> {
        let resolved = self.resolve(path)?;
        let mut missing: Vec<PathBuf> = path
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(&resolved.root) && *a != resolved.root)
            .filter(|a| a.symlink_metadata().is_err())
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        Ok(missing)
    }

    /// The directories between `path` and its root, outermost first.
    pub fn ancestor_dirs(&self, path: &Path) -> Result<Vec<PathBuf>> {
        let resolved = self.resolve(path)?;
        let mut dirs: Vec<PathBuf> = path
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(&resolved.root) && *a != resolved.root)
            .map(Path::to_path_buf)
            .collect();
        dirs.reverse();
        Ok(dirs)
    }

    /// How the manifest names `path`: relative in a project, absolute
    /// globally.
    pub fn entry_path(&self, path: &Path) -> String {
        match self.scope {
            Scope::Project => slash_join(path.strip_prefix(&self.ctx.project_root).unwrap_or(path)),
            Scope::Global => path.to_string_lossy().into_owned(),
        }
    }

    /// The path a manifest entry names, checked.
    pub fn entry_abs(&self, entry_path: &str) -> Result<PathBuf> {
        let path = match self.scope {
            Scope::Project => paths::join_relative(&self.ctx.project_root, entry_path)?,
            Scope::Global => PathBuf::from(entry_path),
        };
        self.resolve(&path)?;
        Ok(path)
    }

    /// `path` for people.
    pub fn display(&self, path: &Path) -> String {
        self.ctx.display(self.scope, path)
    }

    /// The operations that turn the disk into the plan: file writes, file
    /// deletes, the manifest, then directory removals.
    pub fn into_ops(self, manifest: &Path) -> Vec<Op> {
        let display = |p: &Path| self.ctx.display(self.scope, p);
        let mut ops = Vec::new();
        let mut last = Vec::new();
        let changed: BTreeSet<&PathBuf> =
            self.files.iter().filter(|(_, f)| f.current != f.original).map(|(p, _)| p).collect();
        for path in changed {
            let Some(file) = self.files.get(path) else { continue };
            let expect = file.original.as_deref().map_or(Expect::Absent, |b| Expect::Hash(hash_bytes(b)));
            let real = file.resolved.real.clone();
            let op = match &file.current {
                Some(bytes) => Op::Write { real, display: display(path), bytes: bytes.clone(), expect },
                None => Op::Delete { real, display: display(path), expect },
            };
            if path == manifest { last.push(op) } else { ops.push(op) }
        }
        // Writes before deletes, so a crash never leaves a half-removed host.
        ops.sort_by_key(|op| matches!(op, Op::Delete { .. }));
        // The manifest goes after the files it describes and before the
        // directories, which may include its own.
        ops.extend(last);
        for dir in &self.removed_dirs {
            ops.push(Op::RemoveDir { real: dir.real.clone(), display: display(&dir.logical) });
        }
        ops
    }
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("reading", path, e)),
    }
}
