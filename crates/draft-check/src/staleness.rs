//! Staleness: a document's `synced_to_commit` should not fall far behind the
//! code it describes.
//!
//! Each document with a full-SHA `synced_to_commit` asks one question; the
//! runner answers all of them from a single `git log` walk, counting for
//! every commit how many newer commits touched files outside the context
//! directory (commits that only edit `draft/` do not make a document stale).

use crate::config::CheckConfig;
use crate::context::{Ctx, DocInput, Request, Sink};
use crate::frontmatter::synced_to;
use crate::rule::{Check, PINNED, RuleInfo};
use draft_core::git::{Git, GitError};
use draft_core::workspace::Workspace;
use draft_model::diagnostic::Diagnostic;
use draft_model::diagnostic::Severity::Info as I;
use std::collections::HashMap;

/// `staleness`
pub static STALENESS: RuleInfo = RuleInfo {
    id: "staleness",
    family: "staleness",
    default_severity: I,
    fixable: false,
    applies_to: PINNED,
    check: Check::Doc(ask),
    rationale: "`synced_to_commit` is behind HEAD by more than `[check] staleness_threshold` commits that touched files outside the context directory",
};

/// Most commits walked.
const LOG_LIMIT: &str = "-n20000";

fn ask(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    if let Some((sha, line, column)) = synced_to(input) {
        sink.req.push(Request::Synced { sha, file: input.doc.rel.clone(), line, column });
    }
}

/// A document's synced commit and where it is written: (sha, file, line, column).
pub type Synced = (String, String, usize, usize);

/// Answer every staleness question with one `git log`; `prefix` is the
/// project root's path inside the repository. Either every question is
/// answered or none is (the error says why).
pub fn answer(
    git: &Git,
    ws: &Workspace,
    prefix: &str,
    config: &CheckConfig,
    synced: Vec<Synced>,
) -> Result<Vec<Diagnostic>, GitError> {
    if synced.is_empty() {
        return Ok(Vec::new());
    }
    let log = git.run(&["log", LOG_LIMIT, "--format=%x01%H", "--name-only", "HEAD"])?;
    let context = format!("{}{}/", prefix.trim(), ws.layout.dir_name());
    // Commit SHA → number of non-draft commits newer than it.
    let mut newer: HashMap<&str, usize> = HashMap::new();
    let mut counted = 0;
    for chunk in log.split('\u{1}').filter(|c| !c.trim().is_empty()) {
        let mut lines = chunk.lines();
        let Some(sha) = lines.next() else { continue };
        newer.insert(sha.trim(), counted);
        if lines.any(|f| !f.is_empty() && !f.starts_with(&context)) {
            counted += 1;
        }
    }
    let mut out = Vec::new();
    for (sha, file, line, column) in synced {
        let Some(&n) = newer.get(sha.to_lowercase().as_str()) else { continue };
        if n > config.staleness_threshold {
            out.push(
                STALENESS
                    .diag(
                        &file,
                        format!(
                            "synced_to_commit is {n} commits behind HEAD that touched files outside {}/",
                            ws.layout.dir_name()
                        ),
                    )
                    .at(line, column)
                    .with_hint(
                        "review the document against the code, then set `synced_to_commit` to HEAD (`git rev-parse HEAD`)",
                    ),
            );
        }
    }
    Ok(out)
}
