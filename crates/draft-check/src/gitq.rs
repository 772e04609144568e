//! Answering the rules' git questions in a handful of processes.
//!
//! However many tracks a project has, `draft check` runs at most: one
//! `git rev-parse` (is this a repository with a HEAD?), one
//! `git cat-file --batch-check` for every recorded SHA, one
//! `git cat-file --batch` for every cited file at HEAD, and one `git log`
//! for staleness. Outside git, SHA and staleness checks are skipped with a
//! single `git-unavailable` note and citations resolve in the work tree.

use super::{CheckConfig, Request, diag};
use draft_core::git::Git;
use draft_core::workspace::Workspace;
use draft_model::diagnostic::Diagnostic;
use std::collections::{HashMap, HashSet};

/// Most commits walked for staleness.
const LOG_LIMIT: &str = "-n20000";

/// Turn requests into findings.
pub fn answer(ws: &Workspace, config: &CheckConfig, requests: Vec<Request>, out: &mut Vec<Diagnostic>) {
    if requests.is_empty() {
        return;
    }
    let git = ws.git();
    let prefix = git
        .run(&["rev-parse", "--verify", "--quiet", "HEAD"])
        .ok()
        .and_then(|_| git.run(&["rev-parse", "--show-prefix"]).ok());
    let in_git = prefix.is_some();
    let mut commits = Vec::new();
    let mut citations = Vec::new();
    let mut synced = Vec::new();
    for r in requests {
        match r {
            Request::Commit { sha, diag } => commits.push((sha, diag)),
            Request::Citation { path, start, end, diag } => citations.push((path, start, end, diag)),
            Request::Synced { sha, file, line, column } => synced.push((sha, file, line, column)),
        }
    }
    if let Some(prefix) = prefix {
        verify_commits(&git, commits, out);
        staleness(&git, ws, &prefix, config, synced, out);
    } else if !commits.is_empty() || !synced.is_empty() {
        let dir = ws.rel(&ws.context_dir()) + "/";
        out.push(
            diag(
                "git-unavailable",
                &dir,
                format!(
                    "not a git repository with commits: {} recorded SHA(s) and {} synced commit(s) were not verified",
                    commits.len(),
                    synced.len()
                ),
            )
            .with_hint("run draft check inside the repository's work tree"),
        );
    }
    resolve_citations(&git, ws, in_git, citations, out);
}

fn verify_commits(git: &Git, commits: Vec<(String, Diagnostic)>, out: &mut Vec<Diagnostic>) {
    let unique: Vec<&str> = {
        let mut seen = HashSet::new();
        commits.iter().map(|(s, _)| s.as_str()).filter(|s| seen.insert(*s)).collect()
    };
    if unique.is_empty() {
        return;
    }
    let input: String = unique.iter().map(|s| format!("{s}\n")).collect();
    let Ok(stdout) = git.run_with_input(&["cat-file", "--batch-check=%(objecttype)"], input.into_bytes()) else {
        return;
    };
    let answers = String::from_utf8_lossy(&stdout);
    let exists: HashMap<String, bool> =
        unique.iter().map(|s| (*s).to_owned()).zip(answers.lines().map(|l| l.trim() == "commit")).collect();
    drop(unique);
    for (sha, d) in commits {
        if !exists.get(sha.as_str()).copied().unwrap_or(false) {
            out.push(d);
        }
    }
}

fn staleness(
    git: &Git,
    ws: &Workspace,
    prefix: &str,
    config: &CheckConfig,
    synced: Vec<(String, String, usize, usize)>,
    out: &mut Vec<Diagnostic>,
) {
    if synced.is_empty() {
        return;
    }
    let Ok(log) = git.run(&["log", LOG_LIMIT, "--format=%x01%H", "--name-only", "HEAD"]) else { return };
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
    for (sha, file, line, column) in synced {
        let Some(&n) = newer.get(sha.to_lowercase().as_str()) else { continue };
        if n > config.staleness_threshold {
            out.push(
                diag(
                    "staleness",
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
}

fn resolve_citations(
    git: &Git,
    ws: &Workspace,
    in_git: bool,
    citations: Vec<(String, usize, usize, Diagnostic)>,
    out: &mut Vec<Diagnostic>,
) {
    if citations.is_empty() {
        return;
    }
    let mut paths: Vec<&str> = citations.iter().map(|c| c.0.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let lines: HashMap<String, Option<usize>> = if in_git {
        head_line_counts(git, &paths)
    } else {
        paths
            .iter()
            .map(|p| {
                let n = std::fs::read(ws.root.join(p)).ok().map(|b| line_count(&b));
                ((*p).to_owned(), n)
            })
            .collect()
    };
    let at = if in_git { "at HEAD" } else { "in the work tree" };
    for (path, start, end, mut d) in citations {
        match lines.get(&path).copied().flatten() {
            None => {
                d.message = format!("cited file {path} does not exist {at}");
                d.hint =
                    Some("fix the path, or wrap the text in `<!-- VERIFIER:IGNORE -->` if it is not a citation".into());
                out.push(d);
            }
            Some(n) if start == 0 || end < start || end > n => {
                d.rule = "citation-line-range";
                d.severity = super::rule_info("citation-line-range").map_or(d.severity, |r| r.default_severity);
                let range = if start == end { format!("line {start}") } else { format!("lines {start}-{end}") };
                d.message = format!("cites {range} of {path}, which has {n} lines {at}");
                d.hint = Some("update the line numbers to the code as it is now".into());
                out.push(d);
            }
            Some(_) => {}
        }
    }
}

fn line_count(bytes: &[u8]) -> usize {
    let n = bytes.iter().filter(|&&b| b == b'\n').count();
    if bytes.last().is_some_and(|&b| b != b'\n') { n + 1 } else { n }
}

/// Line counts of files at HEAD (`None`: missing or not a file), one process.
fn head_line_counts(git: &Git, paths: &[&str]) -> HashMap<String, Option<usize>> {
    let input: String = paths.iter().map(|p| format!("HEAD:./{p}\n")).collect();
    let mut result: HashMap<String, Option<usize>> = paths.iter().map(|p| ((*p).to_owned(), None)).collect();
    let Ok(stdout) = git.run_with_input(&["cat-file", "--batch"], input.into_bytes()) else { return result };
    let mut pos = 0;
    for p in paths {
        let Some(nl) = stdout[pos..].iter().position(|&b| b == b'\n') else { break };
        let header = String::from_utf8_lossy(&stdout[pos..pos + nl]).into_owned();
        pos += nl + 1;
        let parts: Vec<&str> = header.split(' ').collect();
        if let [_, kind, size] = parts.as_slice()
            && let Ok(size) = size.parse::<usize>()
        {
            let body = stdout.get(pos..pos + size).unwrap_or_default();
            pos = (pos + size + 1).min(stdout.len());
            if *kind == "blob" {
                result.insert((*p).to_owned(), Some(line_count(body)));
            }
        }
    }
    result
}
