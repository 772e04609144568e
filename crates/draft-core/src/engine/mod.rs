//! Engines: one module per command verb, each returning typed results.
//!
//! Engines never print; the CLI (and later the MCP server) renders what they
//! return. Shared here: the "stamp" that fills a generated document's pinned
//! frontmatter from the repository's state.

pub mod adr;
pub mod context;
pub mod coverage;
pub mod index;
pub mod init;
pub mod new_track;
pub mod refresh;
pub mod revert;
pub mod status;
pub mod sync;
pub mod task;
pub mod track;

use crate::git::{Git, RepoState};
use draft_model::frontmatter::PinnedBlock;

/// Fill the pinned frontmatter for a document generated now, with any
/// warnings about git state (no commits, not a repository, git missing).
#[must_use]
pub fn stamp(
    git: &Git,
    project: &str,
    generated_by: &str,
    track_id: Option<&str>,
    now: jiff::Timestamp,
) -> (PinnedBlock, Vec<String>) {
    let mut block = PinnedBlock {
        project: project.to_owned(),
        module: "root".to_owned(),
        track_id: track_id.map(str::to_owned),
        generated_by: generated_by.to_owned(),
        generated_at: crate::clock::iso(now),
        remote: "none".to_owned(),
        ..PinnedBlock::default()
    };
    let mut warnings = Vec::new();
    match git.repo_state() {
        RepoState::Ready { head } => {
            block.branch = head.branch;
            block.remote = head.remote;
            block.commit = head.commit;
            block.commit_short = head.commit_short;
            block.commit_date = head.commit_date;
            block.commit_message = head.commit_message;
            block.dirty = head.dirty;
        }
        RepoState::NoCommits { branch, dirty } => {
            block.branch = branch;
            block.dirty = dirty;
            warnings.push(
                "the repository has no commits yet: the commit fields of the frontmatter are left empty (refresh them after your first commit)"
                    .to_owned(),
            );
        }
        RepoState::NotARepo => {
            block.branch = "none".to_owned();
            warnings.push("not inside a git repository: the git fields of the frontmatter are left empty".to_owned());
        }
        RepoState::GitMissing { reason } => {
            block.branch = "none".to_owned();
            warnings.push(format!("git could not be run ({reason}): the git fields of the frontmatter are left empty"));
        }
    }
    (block, warnings)
}
