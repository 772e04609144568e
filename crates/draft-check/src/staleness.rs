//! Staleness: a document's `synced_to_commit` should not fall far behind the
//! code it describes.
//!
//! Each document with a full-SHA `synced_to_commit` asks one question; the
//! runner answers all of them from a single `git log` walk, counting for
//! every commit how many newer commits touched files outside the context
//! directory (commits that only edit `draft/` do not make a document stale;
//! a file moved out of the code into `draft/` counts as touching the code).
//! The walk costs what the answer needs: none when every document is synced
//! to HEAD, and otherwise it stops at the oldest synced commit instead of
//! reading the whole history.

use crate::config::CheckConfig;
use crate::context::{Ctx, DocInput, Request, Sink};
use crate::frontmatter::synced_to;
use crate::rule::{Check, PINNED, RuleInfo};
use draft_core::git::{Git, GitError};
use draft_core::workspace::Workspace;
use draft_model::diagnostic::Diagnostic;
use draft_model::diagnostic::Severity::Info as I;
use std::collections::{HashMap, HashSet};

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

/// Most commits walked when a synced commit is not in HEAD's history.
const LOG_LIMIT: &str = "-n20000";

fn ask(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    if let Some((sha, line, column)) = synced_to(input) {
        sink.req.push(Request::Synced { sha, file: input.doc.rel.clone(), line, column });
    }
}

/// A document's synced commit and where it is written: (sha, file, line, column).
pub type Synced = (String, String, usize, usize);

/// Answer every staleness question with at most one `git log`; `prefix` is
/// the project root's path inside the repository and `head` HEAD's full SHA.
/// Either every question is answered or none is (the error says why).
pub fn answer(
    git: &Git,
    ws: &Workspace,
    prefix: &str,
    head: &str,
    config: &CheckConfig,
    synced: &[Synced],
) -> Result<Vec<Diagnostic>, GitError> {
    let head = head.trim().to_lowercase();
    // Documents synced to HEAD (the usual case) are behind by nothing: no
    // string is built for them, and when all are, no history is read.
    let mut waiting: HashSet<String> = synced
        .iter()
        .filter(|(sha, ..)| !sha.eq_ignore_ascii_case(&head))
        .map(|(sha, ..)| sha.to_lowercase())
        .collect();
    if waiting.is_empty() {
        return Ok(Vec::new());
    }
    let context = format!("{}{}/", prefix.trim(), ws.layout.dir_name());
    // Commit SHA → number of counted (non-draft) commits newer than it. The
    // count of the commit being read is settled when the next one starts.
    let mut newer: HashMap<String, usize> = HashMap::new();
    let mut counted = 0;
    let mut touches_code = false;
    let mut started = false;
    // Every commit is listed (`--full-history --sparse`), each with only its
    // files outside the context directory: git prunes that directory from
    // each diff instead of naming every document in it.
    let outside = format!(":(top,exclude,literal){context}");
    let args =
        ["log", LOG_LIMIT, "--full-history", "--sparse", "--format=%x01%H", "--name-only", "HEAD", "--", &outside];
    git.read_lines_until(&args, |line| {
        if let Some(sha) = line.strip_prefix('\u{1}') {
            if started && touches_code {
                counted += 1;
            }
            started = true;
            touches_code = false;
            waiting.remove(sha);
            newer.insert(sha.to_owned(), counted);
            // Every question answered: stop the walk.
            return !waiting.is_empty();
        }
        // Only files outside the context folder are listed (the pathspec).
        touches_code |= !line.is_empty();
        true
    })?;
    let mut out = Vec::new();
    for (sha, file, line, column) in synced {
        // A commit not in HEAD's history is left to the commit rules.
        let Some(&n) = newer.get(&sha.to_lowercase()) else { continue };
        if n > config.staleness_threshold {
            out.push(
                STALENESS
                    .diag(
                        file,
                        format!(
                            "synced_to_commit is {n} commits behind HEAD that touched files outside {}/",
                            ws.layout.dir_name()
                        ),
                    )
                    .at(*line, *column)
                    .with_hint(
                        "review the document against the code, then set `synced_to_commit` to HEAD (`git rev-parse HEAD`)",
                    ),
            );
        }
    }
    Ok(out)
}
