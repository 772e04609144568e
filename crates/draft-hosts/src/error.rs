//! The crate's error type: every failure that stops a plan or an apply.
//!
//! Planning reads everything it will touch before anything is written, so a
//! plan that fails leaves the disk as it was. Each variant names the file
//! involved; [`Error::Unparseable`] also carries the text the user can paste
//! by hand, since draft refused to edit the file itself.

use crate::host::{Host, Scope};
use std::path::PathBuf;

/// A failure that stops an install, an uninstall or a doctor run.
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
    /// A user's config file cannot be parsed, or has a shape draft cannot
    /// merge into (say, `mcpServers` is an array). Nothing was written.
    #[error("{path}:{line}:{column}: {message}\ndraft changed nothing; {snippet}")]
    Unparseable {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
        /// What to do by hand: "add this: …" with the entry in the file's
        /// own syntax, or which entry to remove.
        snippet: String,
    },
    /// A path would leave the directory it must stay in (`..`, an absolute
    /// path in a manifest, or a symlink pointing outside).
    #[error("refusing to touch {path}: {reason} (it must stay inside {root})")]
    PathEscape {
        /// The offending path.
        path: PathBuf,
        /// The directory it must stay inside.
        root: PathBuf,
        /// Why it escapes.
        reason: &'static str,
    },
    /// The host cannot be installed in this scope.
    #[error("{host} has no {scope} install")]
    UnsupportedScope {
        /// The host.
        host: Host,
        /// The scope asked for.
        scope: Scope,
    },
    /// A skill whose name breaks the Agent Skills naming rules.
    #[error("invalid skill name {name:?}: {reason}")]
    InvalidSkill {
        /// The name as given.
        name: String,
        /// Which rule it breaks.
        reason: &'static str,
    },
    /// The caller's context is incomplete or inconsistent.
    #[error("{0}")]
    Usage(String),
    /// `apply` was given a plan with conflicts.
    #[error("refusing to overwrite what draft did not write in {}; rerun with --force to replace it", paths.join(", "))]
    Conflicts {
        /// The conflicting paths, as shown in the plan.
        paths: Vec<String>,
    },
    /// A file changed between planning and applying.
    #[error("{path} changed after the plan was made; plan again")]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// The install manifest cannot be read.
    #[error("install manifest {path} is damaged: {message}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// The parse error.
        message: String,
    },
}

impl Error {
    /// An I/O error with the path and action it concerns.
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { action, path: path.into(), source }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
