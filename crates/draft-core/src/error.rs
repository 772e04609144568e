//! The library's error type: every failure an engine can return to a face.
//!
//! Each variant carries the path, id or command involved, and `hint()` says
//! what the user can do about it. Document problems that do not stop a run
//! are `Diagnostic`s instead; this type is for failures that end a command.

use crate::git::GitError;
use std::path::PathBuf;

/// A failure that ends a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done (`reading`, `writing`, …).
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// No project (a `draft/` with `tracks.md` or `.ai-context.md`, or a
    /// `conductor/` with `tracks.md`) at or above the start directory.
    #[error("no draft project found in {start} or any parent{}", bare_note(bare.as_deref()))]
    NoWorkspace {
        /// Where the search started.
        start: PathBuf,
        /// The nearest `draft/` or `conductor/` folder that lacks a registry, if any.
        bare: Option<PathBuf>,
    },
    /// A write would follow a symlink out of the project.
    #[error("{path} is a link to {target}, outside the project; draft does not write there")]
    LinkLeavesProject {
        /// The link.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// `--layout` (or `layout` in config) names a tree that is not there.
    #[error("{root} has no {} tree", layout.dir_name())]
    LayoutMissing {
        /// The project root.
        root: PathBuf,
        /// The layout asked for.
        layout: draft_model::layout::Layout,
    },
    /// `draft init` found an existing `draft/`.
    #[error("{dir} already exists ({existing})")]
    AlreadyInitialized {
        /// The draft directory.
        dir: PathBuf,
        /// What is already there, comma-separated.
        existing: String,
    },
    /// A track id that is not a safe folder name.
    #[error("invalid track id {id:?}: {reason}")]
    InvalidTrackId {
        /// The rejected id.
        id: String,
        /// Why.
        reason: &'static str,
    },
    /// A track with this id already exists.
    #[error("track {id:?} already exists ({where_})")]
    TrackExists {
        /// The id.
        id: String,
        /// Where it was found.
        where_: String,
    },
    /// No track with this id.
    #[error("no track {id:?} in {registry}")]
    UnknownTrack {
        /// The id asked for.
        id: String,
        /// The registry or tracks directory searched.
        registry: String,
        /// Close matches.
        suggestions: Vec<String>,
    },
    /// The command does not apply to this layout.
    #[error("{0}")]
    Unsupported(String),
    /// Invalid input from the user.
    #[error("{0}")]
    Usage(String),
    /// A document is damaged in a way that makes an edit unsafe.
    #[error("{file}:{line}: {message}")]
    Malformed {
        /// The document, relative to the project root.
        file: String,
        /// 1-based line of the damage.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A git failure that the command cannot work around.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A task reference that matches no task (or several).
    #[error("{problem} {reference:?} in track {track}")]
    UnknownTaskRef {
        /// What went wrong: `no task`, `several tasks match`.
        problem: &'static str,
        /// The reference as given.
        reference: String,
        /// The track searched.
        track: String,
        /// Close matches, as `ref (label: text)`.
        suggestions: Vec<String>,
    },
    /// No track given and none is active.
    #[error("no active track: no registry entry is [~] in progress or [ ] planned")]
    NoActiveTrack,
    /// `task done` without `--commit` in a repository with no commits.
    #[error("cannot record a commit for {task}: the repository has no commits yet")]
    NoCommitToRecord {
        /// The task reference.
        task: String,
    },
    /// `--commit` names nothing that resolves to a commit.
    #[error("{rev:?} does not name a commit in this repository")]
    UnknownCommit {
        /// The revision as given.
        rev: String,
    },
    /// A command that needs a clean work tree found changes.
    #[error("the work tree has uncommitted changes: {}", files.join(", "))]
    DirtyTree {
        /// Changed or untracked files, relative to the repository root.
        files: Vec<String>,
    },
    /// `git revert` stopped on conflicts.
    #[error("the revert stopped on conflicts in: {}", files.join(", "))]
    RevertConflict {
        /// Conflicted files.
        files: Vec<String>,
    },
    /// A state change the track cannot make.
    #[error("{0}")]
    InvalidState(String),
    /// An internal edit failed its consistency checks (nothing was written).
    #[error("internal edit error in {path}: {source}")]
    Edit {
        /// The file being edited.
        path: PathBuf,
        /// What was wrong.
        source: draft_model::edit::EditError,
    },
    /// Documents that exist but could not be read or parsed (not UTF-8,
    /// binary, invalid JSON, a directory, a broken link, …): a command that
    /// would otherwise report "in sync" or "no task" on them stops instead.
    #[error("{}", unreadable_message(files))]
    Unreadable {
        /// Every such file, with why.
        files: Vec<UnreadableFile>,
    },
    /// A coverage report that is missing, of an unknown format or damaged,
    /// or a coverage tool that could not be started.
    #[error("{message}")]
    CoverageReport {
        /// The report, relative to the root, when there is one.
        file: Option<String>,
        /// 1-based line where reading stopped (0 when none).
        line: usize,
        /// What is wrong.
        message: String,
        /// What to do about it.
        hint: String,
    },
    /// No ADR with this number.
    #[error("no ADR-{number:03} in {dir}")]
    UnknownAdr {
        /// The number asked for.
        number: u32,
        /// The ADR directory searched.
        dir: String,
    },
    /// Jira's settings are incomplete, or Jira refused or failed a request
    /// (`draft jira create`). The message is already free of credentials.
    #[error("{message}")]
    Jira {
        /// The stable code: `jira-config`, `jira-credentials`, `jira-auth`,
        /// `jira-refused`, `jira-server`, `jira-rate-limited`, `jira-network`, `jira-answer`.
        code: &'static str,
        /// What happened.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// A document could not be read as text.
    #[error("{path}: {source}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// Why.
        source: draft_model::text::DecodeError,
    },
}

impl Error {
    /// What the user can do about it.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::NoWorkspace { bare: Some(_), .. } => Some(
                "a project's context directory holds tracks.md (or .ai-context.md); run `draft init --force` there to add the missing files, or pass -C <dir>"
                    .into(),
            ),
            Self::NoWorkspace { .. } => Some("run `draft init` at the repository root, or pass -C <dir>".into()),
            Self::LinkLeavesProject { .. } => {
                Some("nothing was changed; replace the link with the file itself, or edit the target by hand".into())
            }
            Self::LayoutMissing { layout, .. } => {
                Some(format!("drop --layout (or `layout` in draft/config.toml), or use --layout {}", layout.other().dir_name()))
            }
            Self::AlreadyInitialized { .. } => Some(
                "nothing was changed; `draft init --force` adds only the files that are missing and never overwrites"
                    .into(),
            ),
            Self::InvalidTrackId { .. } => {
                Some("ids use ASCII letters, digits, `-`, `_` and `.`, start with an ASCII letter or digit, and are at most 64 characters".into())
            }
            Self::TrackExists { .. } => Some("choose another --id, or omit --id to get a free one".into()),
            Self::UnknownTrack { suggestions, .. } if !suggestions.is_empty() => {
                Some(format!("did you mean {}?", suggestions.join(", ")))
            }
            Self::UnknownTrack { .. } => Some("`draft status` lists the tracks".into()),
            Self::UnknownTaskRef { suggestions, .. } if !suggestions.is_empty() => {
                Some(format!("did you mean {}?", suggestions.join(", ")))
            }
            Self::UnknownTaskRef { .. } => Some(
                "refer to a task as PHASE.TASK (`1.2`), by its label (`Task 1.2`) or by its plan.md line number; `draft task next` and `draft status` list tasks"
                    .into(),
            ),
            Self::NoActiveTrack => Some("pass --track <id>, or start a track's first task with `draft task start 1.1 --track <id>`".into()),
            Self::NoCommitToRecord { .. } => {
                Some("commit the work first, or name the commit with --commit <sha>".into())
            }
            Self::UnknownCommit { .. } => Some("pass a SHA or revision that `git rev-parse` resolves to a commit".into()),
            Self::DirtyTree { .. } => Some("commit or stash these changes first; nothing was changed".into()),
            Self::RevertConflict { .. } => Some(
                "resolve the conflicts and `git add` the files, then run `draft revert --continue`; or run `draft revert --abort` to go back (no draft file was changed)"
                    .into(),
            ),
            Self::Malformed { .. } => Some("nothing was changed; fix the document by hand, then run the command again".into()),
            Self::Unreadable { .. } => Some(
                "nothing was changed; fix or remove the file(s) named, then run the command again (`draft sync <id>` syncs one track at a time)"
                    .into(),
            ),
            Self::Git(GitError::Missing(_)) => Some("install git, or set DRAFT_GIT to its path".into()),
            Self::CoverageReport { hint, .. } => Some(hint.clone()),
            Self::UnknownAdr { .. } => Some("`draft adr list` lists the ADRs and their numbers".into()),
            Self::Jira { hint, .. } => hint.clone(),
            _ => None,
        }
    }

    /// A stable kebab-case code naming the kind of failure, for machine
    /// output (`draft … --json` error reports). Codes are part of the JSON
    /// contract: once published, a code is never renamed or reused.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io { .. } => "io",
            Self::NoWorkspace { .. } => "no-workspace",
            Self::LinkLeavesProject { .. } => "link-leaves-project",
            Self::LayoutMissing { .. } => "layout-missing",
            Self::AlreadyInitialized { .. } => "already-initialized",
            Self::InvalidTrackId { .. } => "invalid-track-id",
            Self::TrackExists { .. } => "track-exists",
            Self::UnknownTrack { .. } => "unknown-track",
            Self::Unsupported(_) => "unsupported",
            Self::Usage(_) => "usage",
            Self::Malformed { .. } => "malformed",
            Self::Git(GitError::Missing(_)) => "git-missing",
            Self::Git(GitError::NotARepo(_)) => "not-a-repo",
            Self::Git(GitError::NoCommits) => "no-commits",
            Self::Git(GitError::Failed { .. }) => "git-failed",
            Self::UnknownTaskRef { .. } => "unknown-task-ref",
            Self::NoActiveTrack => "no-active-track",
            Self::NoCommitToRecord { .. } => "no-commit-to-record",
            Self::UnknownCommit { .. } => "unknown-commit",
            Self::DirtyTree { .. } => "dirty-tree",
            Self::RevertConflict { .. } => "revert-conflict",
            Self::InvalidState(_) => "invalid-state",
            Self::Edit { .. } => "edit",
            Self::Unreadable { .. } => "unreadable",
            Self::Decode { .. } => "decode",
            Self::CoverageReport { .. } => "coverage-report",
            Self::UnknownAdr { .. } => "unknown-adr",
            Self::Jira { code, .. } => code,
        }
    }

    /// Shorthand for an I/O error.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { action, path: path.into(), source }
    }
}

/// A file a command needed but could not read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnreadableFile {
    /// The file, relative to the project root.
    pub file: String,
    /// Why, e.g. `it is a directory, not a file` or `not valid JSON at 2:5`.
    pub reason: String,
}

impl std::fmt::Display for UnreadableFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

fn unreadable_message(files: &[UnreadableFile]) -> String {
    match files {
        [one] => format!("cannot read {one}"),
        many => {
            let list: Vec<String> = many.iter().map(ToString::to_string).collect();
            format!("cannot read {} files: {}", many.len(), list.join("; "))
        }
    }
}

fn bare_note(bare: Option<&std::path::Path>) -> String {
    bare.map(|p| format!(" ({} exists but holds no tracks.md or .ai-context.md)", p.display())).unwrap_or_default()
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
