//! What an install needs to know about the machine: the project root, the
//! home directory, the host config directories, draft's state directory, the
//! binary's path and the skill texts.
//!
//! Planners never read environment variables; [`InstallContext::from_env`] is
//! the one place that does, so tests can point every directory at a
//! temporary one.

use crate::error::{Error, Result};
use crate::host::Scope;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// One skill: a directory name and the text of its `SKILL.md`.
///
/// `name` is the skill's short name (`init`, `new-track`, or `draft` for the
/// umbrella skill); installed loose skills get a `draft-` prefix unless the
/// name already is `draft` or starts with `draft-`. `contents` must start
/// with YAML frontmatter holding at least `name` and `description`; the
/// `name` line is rewritten to the installed directory name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    /// The short name, `[a-z0-9-]`, at most 64 characters.
    pub name: String,
    /// The full `SKILL.md` text.
    pub contents: String,
}

impl Skill {
    /// A skill from its name and text.
    pub fn new(name: impl Into<String>, contents: impl Into<String>) -> Self {
        Self { name: name.into(), contents: contents.into() }
    }
}

/// Everything a plan reads besides the files it edits.
///
/// All paths must be absolute. The fields are public so a caller can adjust
/// one directory after [`InstallContext::new`] or
/// [`InstallContext::from_env`] filled in the defaults.
#[derive(Debug, Clone)]
pub struct InstallContext {
    /// The repository root (project scope writes only below it).
    pub project_root: PathBuf,
    /// The project's context directory, which holds the project install
    /// manifest (default `<project_root>/draft`).
    pub context_dir: PathBuf,
    /// The user's home directory (global scope writes only below it, or below
    /// one of the host directories that follow).
    pub home: PathBuf,
    /// `$XDG_CONFIG_HOME`, else `~/.config` (opencode's global config lives
    /// in `<config_home>/opencode`).
    pub config_home: PathBuf,
    /// `$CODEX_HOME`, else `~/.codex`.
    pub codex_home: PathBuf,
    /// `$COPILOT_HOME`, else `~/.copilot`.
    pub copilot_home: PathBuf,
    /// draft's own state directory, which holds the global install manifest:
    /// `$XDG_STATE_HOME/draft`, else `~/.local/state/draft`.
    pub state_dir: PathBuf,
    /// The absolute path of the `draft` binary, written into global MCP
    /// entries (GUI-launched hosts often lack `~/.cargo/bin` on `PATH`).
    /// Project installs write plain `draft` and do not need it.
    pub binary: Option<PathBuf>,
    /// The running draft's version, recorded in manifests.
    pub draft_version: String,
    /// The skills to install.
    pub skills: Vec<Skill>,
}

impl InstallContext {
    /// A context with every host directory at its default below `home`.
    pub fn new(project_root: impl Into<PathBuf>, home: impl Into<PathBuf>, draft_version: impl Into<String>) -> Self {
        let project_root = project_root.into();
        let home = home.into();
        Self {
            context_dir: project_root.join("draft"),
            project_root,
            config_home: home.join(".config"),
            codex_home: home.join(".codex"),
            copilot_home: home.join(".copilot"),
            state_dir: home.join(".local").join("state").join("draft"),
            home,
            binary: None,
            draft_version: draft_version.into(),
            skills: Vec::new(),
        }
    }

    /// A context from the process environment: `HOME`, `XDG_CONFIG_HOME`,
    /// `XDG_STATE_HOME`, `CODEX_HOME`, `COPILOT_HOME` (relative values are
    /// ignored, as the XDG spec says) and `current_exe()` for the binary.
    pub fn from_env(project_root: impl Into<PathBuf>, draft_version: impl Into<String>) -> Result<Self> {
        let home = std::env::home_dir()
            .filter(|h| h.is_absolute())
            .ok_or_else(|| Error::Usage("cannot find the home directory (set HOME)".to_owned()))?;
        let mut ctx = Self::new(project_root, home, draft_version);
        let var = |name: &str| std::env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute());
        if let Some(dir) = var("XDG_CONFIG_HOME") {
            ctx.config_home = dir;
        }
        if let Some(dir) = var("XDG_STATE_HOME") {
            ctx.state_dir = dir.join("draft");
        }
        if let Some(dir) = var("CODEX_HOME") {
            ctx.codex_home = dir;
        }
        if let Some(dir) = var("COPILOT_HOME") {
            ctx.copilot_home = dir;
        }
        ctx.binary = std::env::current_exe().ok();
        Ok(ctx)
    }

    /// The same context with these skills.
    #[must_use]
    pub fn with_skills(mut self, skills: Vec<Skill>) -> Self {
        self.skills = skills;
        self
    }

    /// The same context with this binary path.
    #[must_use]
    pub fn with_binary(mut self, binary: impl Into<PathBuf>) -> Self {
        self.binary = Some(binary.into());
        self
    }

    /// Where the install manifest of `scope` lives.
    #[must_use]
    pub fn manifest_path(&self, scope: Scope) -> PathBuf {
        match scope {
            Scope::Project => self.context_dir.join(".install-manifest.json"),
            Scope::Global => self.state_dir.join("install-manifest.json"),
        }
    }

    /// The directories `scope` may write below.
    pub(crate) fn roots(&self, scope: Scope) -> Vec<PathBuf> {
        match scope {
            Scope::Project => vec![self.project_root.clone()],
            Scope::Global => {
                let mut roots = vec![
                    self.home.clone(),
                    self.config_home.clone(),
                    self.codex_home.clone(),
                    self.copilot_home.clone(),
                    self.state_dir.clone(),
                ];
                roots.sort();
                roots.dedup();
                roots
            }
        }
    }

    /// The command global MCP entries run.
    pub(crate) fn global_command(&self) -> Result<String> {
        let binary = self
            .binary
            .as_deref()
            .ok_or_else(|| Error::Usage("a global install needs the absolute path of the draft binary".to_owned()))?;
        if !binary.is_absolute() {
            return Err(Error::Usage(format!("the draft binary path {} is not absolute", binary.display())));
        }
        binary
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| Error::Usage(format!("the draft binary path {} is not UTF-8", binary.display())))
    }

    /// Checks that every directory is absolute.
    pub(crate) fn validate(&self) -> Result<()> {
        let dirs: [(&str, &Path); 7] = [
            ("project root", &self.project_root),
            ("context directory", &self.context_dir),
            ("home directory", &self.home),
            ("config home", &self.config_home),
            ("Codex home", &self.codex_home),
            ("Copilot home", &self.copilot_home),
            ("state directory", &self.state_dir),
        ];
        for (what, dir) in dirs {
            if !dir.is_absolute() {
                return Err(Error::Usage(format!("the {what} {} is not an absolute path", dir.display())));
            }
        }
        Ok(())
    }

    /// `path` for people: relative to the project root for project files,
    /// `~/…` below the home directory, absolute otherwise.
    pub(crate) fn display(&self, scope: Scope, path: &Path) -> String {
        if scope == Scope::Project
            && let Ok(rel) = path.strip_prefix(&self.project_root)
        {
            return slash_join(rel);
        }
        if let Ok(rel) = path.strip_prefix(&self.home) {
            return format!("~/{}", slash_join(rel));
        }
        path.display().to_string()
    }
}

/// A relative path's components joined by `/` on every platform.
pub(crate) fn slash_join(rel: &Path) -> String {
    let parts: Vec<OsString> = rel.components().map(|c| c.as_os_str().to_owned()).collect();
    parts.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/")
}
