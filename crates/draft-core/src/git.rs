//! A small facade over the `git` command line.
//!
//! draft reads repository state by running `git` with a fixed, parseable
//! environment (`LC_ALL=C`, `GIT_OPTIONAL_LOCKS=0`, no prompts) rather than
//! linking a git library, so hooks, signing and every user setting behave as
//! the user's own git does. Every failure is a typed value: git missing, not
//! a repository, no commits yet, or a command that failed with its stderr.
//! The git binary can be overridden with `DRAFT_GIT` (used by tests).

use serde::Serialize;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Why a git query failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitError {
    /// The git executable could not be started.
    #[error("git is not installed or not on PATH ({0})")]
    Missing(String),
    /// The directory is not inside a git work tree.
    #[error("{0} is not inside a git repository")]
    NotARepo(PathBuf),
    /// The repository has no commits yet.
    #[error("the repository has no commits yet")]
    NoCommits,
    /// A git command failed.
    #[error("`git {args}` failed: {stderr}")]
    Failed {
        /// The arguments, space-joined.
        args: String,
        /// git's stderr, trimmed.
        stderr: String,
    },
}

/// Handle on the repository containing a directory.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    program: PathBuf,
}

/// The state of HEAD as the pinned frontmatter records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HeadInfo {
    /// Branch name; `HEAD` when detached.
    pub branch: String,
    /// Upstream such as `origin/main`, or `none`.
    pub remote: String,
    /// Full SHA.
    pub commit: String,
    /// The SHA's first 7 hex digits.
    pub commit_short: String,
    /// Committer date, `YYYY-MM-DD HH:MM:SS +ZZZZ`.
    pub commit_date: String,
    /// Subject line.
    pub commit_message: String,
    /// Work tree has changes or untracked files.
    pub dirty: bool,
}

/// What could be learned about the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RepoState {
    /// A repository with at least one commit.
    Ready {
        /// HEAD's details.
        head: HeadInfo,
    },
    /// A repository whose current branch has no commits.
    NoCommits {
        /// The unborn branch.
        branch: String,
        /// Untracked or staged files present.
        dirty: bool,
    },
    /// Not inside a repository.
    NotARepo,
    /// git is not available.
    GitMissing {
        /// Why starting git failed.
        reason: String,
    },
}

impl Git {
    /// A handle for the repository containing `dir`, run with `program`
    /// (callers get it from the injected `Environment`, never from the
    /// process environment here).
    #[must_use]
    pub fn with_program(dir: &Path, program: &Path) -> Self {
        Self { dir: dir.to_path_buf(), program: program.to_path_buf() }
    }

    fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new(&self.program);
        cmd.current_dir(&self.dir)
            .args(args)
            .env("LC_ALL", "C")
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// The directory git runs in.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Run git and return its output, whatever the exit status.
    pub fn output(&self, args: &[&str]) -> Result<Output, GitError> {
        self.command(args).output().map_err(|e| GitError::Missing(e.to_string()))
    }

    /// Run git and return stdout when it succeeds.
    pub fn run(&self, args: &[&str]) -> Result<String, GitError> {
        let out = self.output(args)?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
        }
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        if stderr.contains("not a git repository") {
            return Err(GitError::NotARepo(self.dir.clone()));
        }
        if stderr.contains("does not have any commits yet") || stderr.contains("ambiguous argument 'HEAD'") {
            return Err(GitError::NoCommits);
        }
        Err(GitError::Failed { args: args.join(" "), stderr })
    }

    /// Run git feeding `input` on stdin (written from a separate thread, so
    /// large batches cannot deadlock) and return stdout when it succeeds.
    /// Used for `cat-file --batch` style queries: one process, many answers.
    pub fn run_with_input(&self, args: &[&str], input: Vec<u8>) -> Result<Vec<u8>, GitError> {
        use std::io::Write as _;
        use std::process::Stdio;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| GitError::Missing(e.to_string()))?;
        let writer = child.stdin.take().map(|mut stdin| {
            std::thread::spawn(move || {
                let _ = stdin.write_all(&input);
            })
        });
        let out = child.wait_with_output().map_err(|e| GitError::Missing(e.to_string()))?;
        if let Some(w) = writer {
            let _ = w.join();
        }
        if out.status.success() {
            return Ok(out.stdout);
        }
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        if stderr.contains("not a git repository") {
            return Err(GitError::NotARepo(self.dir.clone()));
        }
        Err(GitError::Failed { args: args.join(" "), stderr })
    }

    /// Run git and hand each line of its stdout to `take` until `take`
    /// returns `false`; git is then stopped, so a walk ends where the answer
    /// is complete rather than at the end of history. Returns whether `take`
    /// stopped it. A git that fails before the reader stops is an error.
    pub fn read_lines_until(&self, args: &[&str], mut take: impl FnMut(&str) -> bool) -> Result<bool, GitError> {
        use std::io::BufRead as _;
        use std::process::Stdio;
        let mut child = self
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| GitError::Missing(e.to_string()))?;
        let mut stopped = false;
        if let Some(stdout) = child.stdout.take() {
            let mut reader = std::io::BufReader::with_capacity(64 * 1024, stdout);
            let mut line = Vec::new();
            while reader.read_until(b'\n', &mut line).map_err(|e| GitError::Missing(e.to_string()))? > 0 {
                let text = String::from_utf8_lossy(&line);
                if !take(text.trim_end_matches(['\n', '\r'])) {
                    stopped = true;
                    break;
                }
                line.clear();
            }
        }
        if stopped {
            // The rest of the walk is not needed; SIGPIPE or the kill ends it.
            let _ = child.kill();
            let _ = child.wait();
            return Ok(true);
        }
        let out = child.wait_with_output().map_err(|e| GitError::Missing(e.to_string()))?;
        if out.status.success() {
            return Ok(false);
        }
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        if stderr.contains("not a git repository") {
            return Err(GitError::NotARepo(self.dir.clone()));
        }
        Err(GitError::Failed { args: args.join(" "), stderr })
    }

    /// The work tree's top directory.
    pub fn toplevel(&self) -> Result<PathBuf, GitError> {
        Ok(PathBuf::from(self.run(&["rev-parse", "--show-toplevel"])?.trim_end_matches('\n')))
    }

    /// The current branch, or `HEAD` when detached.
    pub fn branch(&self) -> Result<String, GitError> {
        match self.run(&["symbolic-ref", "--quiet", "--short", "HEAD"]) {
            Ok(name) => Ok(name.trim().to_owned()),
            Err(GitError::Failed { .. }) => Ok("HEAD".to_owned()),
            Err(e) => Err(e),
        }
    }

    /// The branch's upstream, or `none`.
    pub fn upstream(&self) -> Result<String, GitError> {
        match self.run(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"]) {
            Ok(name) if !name.trim().is_empty() => Ok(name.trim().to_owned()),
            Ok(_) | Err(GitError::Failed { .. } | GitError::NoCommits) => Ok("none".to_owned()),
            Err(e) => Err(e),
        }
    }

    /// True when a tracked file outside the context trees (`draft/`,
    /// `conductor/`) differs from HEAD, staged or not. The frontmatter's
    /// `dirty` flag says whether the commit it names describes the code the
    /// document was written against, so draft's own documents do not count,
    /// and asking about them would make every call stat every track's files.
    /// Untracked files are not asked about either: listing them means
    /// reading every directory of the work tree, most of `git status`'s cost.
    pub fn is_dirty(&self) -> Result<bool, GitError> {
        let out = self.output(&[
            "diff",
            "--quiet",
            "--no-ext-diff",
            "HEAD",
            "--",
            ":/",
            ":(exclude)draft/",
            ":(exclude)conductor/",
        ])?;
        match out.status.code() {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            _ => {
                let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
                if stderr.contains("not a git repository") {
                    return Err(GitError::NotARepo(self.dir.clone()));
                }
                if stderr.contains("ambiguous argument 'HEAD'") || stderr.contains("bad revision 'HEAD'") {
                    return self.index_has_entries();
                }
                Err(GitError::Failed { args: "diff --quiet HEAD".to_owned(), stderr })
            }
        }
    }

    /// Before the first commit "dirty" means something was staged.
    fn index_has_entries(&self) -> Result<bool, GitError> {
        Ok(!self.run(&["ls-files", "-z", "--cached"])?.is_empty())
    }

    /// Resolve a revision to a full commit SHA, if it names a commit.
    pub fn resolve_commit(&self, rev: &str) -> Result<Option<String>, GitError> {
        let spec = format!("{rev}^{{commit}}");
        let out = self.output(&["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])?;
        if out.status.success() { Ok(Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())) } else { Ok(None) }
    }

    /// Everything the pinned frontmatter needs, or why it cannot be had.
    #[must_use]
    pub fn repo_state(&self) -> RepoState {
        match self.head_info() {
            Ok(head) => RepoState::Ready { head },
            Err(GitError::NoCommits) => RepoState::NoCommits {
                branch: self.branch().unwrap_or_else(|_| "HEAD".to_owned()),
                dirty: self.is_dirty().unwrap_or(false),
            },
            Err(GitError::Missing(reason)) => RepoState::GitMissing { reason },
            Err(GitError::NotARepo(_) | GitError::Failed { .. }) => RepoState::NotARepo,
        }
    }

    fn head_info(&self) -> Result<HeadInfo, GitError> {
        self.toplevel()?;
        let log = self.run(&["log", "-1", "--format=%H%x00%ci%x00%s", "HEAD"])?;
        let mut parts = log.trim_end_matches('\n').splitn(3, '\0');
        let commit = parts.next().unwrap_or_default().to_owned();
        let commit_date = parts.next().unwrap_or_default().to_owned();
        let commit_message = parts.next().unwrap_or_default().to_owned();
        Ok(HeadInfo {
            branch: self.branch()?,
            remote: self.upstream()?,
            commit_short: commit.chars().take(7).collect(),
            commit,
            commit_date,
            commit_message,
            dirty: self.is_dirty()?,
        })
    }
}
