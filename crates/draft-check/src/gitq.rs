//! Answering the rules' git questions in a handful of processes.
//!
//! However many tracks a project has, `draft check` runs at most: two
//! `git rev-parse` (is this a repository with a HEAD, and where is the
//! project in it?), one `git cat-file --batch-check` for every recorded SHA,
//! one `git cat-file --batch` for every cited file at HEAD, and one `git log`
//! for staleness; the last three run at once, since each mostly waits on its
//! own process. Outside git, SHA and staleness checks are skipped with a
//! single `git-unavailable` note and citations resolve in the work tree.
//!
//! **Never half-run.** Each question is answered completely or not at all:
//! a git command that fails, or whose output stops short of an answer for
//! every input, discards that whole batch. The rules that depended on it are
//! skipped, and one `git-failed` error says which command failed, why, and
//! which rules were skipped — never "every citation is missing" because the
//! process that would have found them died.

use crate::citations::{LINE_RANGE, MISSING_FILE};
use crate::config::CheckConfig;
use crate::context::{Citations, Commits, Request};
use crate::rule::{By, Check, NONE, RuleInfo};
use crate::staleness::{self, STALENESS, Synced};
use draft_core::git::{Git, GitError};
use draft_core::workspace::Workspace;
use draft_model::diagnostic::Diagnostic;
use draft_model::diagnostic::Severity::{Error as E, Info as I};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// `git-unavailable`
pub static GIT_UNAVAILABLE: RuleInfo = RuleInfo {
    id: "git-unavailable",
    family: "git",
    default_severity: I,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::Git),
    rationale: "git-dependent checks (SHAs, staleness) were skipped because the tree is not in a git repository; reported once",
};

/// `git-failed`
pub static GIT_FAILED: RuleInfo = RuleInfo {
    id: "git-failed",
    family: "git",
    default_severity: E,
    fixable: false,
    applies_to: NONE,
    check: Check::Reported(By::Git),
    rationale: "git failed part-way through the check; the rules that needed its answer were skipped, not half-run; reported once",
};

/// Where the project stands with git.
enum Probe {
    /// A repository with a HEAD: the project's path inside it, and HEAD's SHA.
    Ready(String, String),
    /// Not a repository, no commits yet, or no git at all: a normal setup.
    Outside,
    /// git itself failed.
    Broken(GitError),
}

fn probe(git: &Git) -> Probe {
    let prefix = match git.run(&["rev-parse", "--show-prefix"]) {
        Ok(prefix) => prefix,
        Err(GitError::NotARepo(_) | GitError::Missing(_)) => return Probe::Outside,
        Err(e) => return Probe::Broken(e),
    };
    match git.run(&["rev-parse", "--verify", "--quiet", "HEAD"]) {
        Ok(head) => Probe::Ready(prefix, head),
        // `--verify --quiet` says "no HEAD" by exiting 1 without a word.
        Err(GitError::NoCommits) => Probe::Outside,
        Err(GitError::Failed { stderr, .. }) if stderr.is_empty() => Probe::Outside,
        Err(e) => Probe::Broken(e),
    }
}

/// Turn requests into findings.
pub fn answer(ws: &Workspace, config: &CheckConfig, requests: Vec<Request>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if requests.is_empty() {
        return out;
    }
    let mut commits = Vec::new();
    let mut citations = Vec::new();
    let mut synced: Vec<Synced> = Vec::new();
    for r in requests {
        match r {
            Request::Commits(group) => commits.push(group),
            Request::Citations(cited) => citations.push(cited),
            Request::Synced { sha, file, line, column } => synced.push((sha, file, line, column)),
        }
    }
    let dir = ws.rel(&ws.context_dir()) + "/";
    let git = ws.git();
    let (prefix, head) = match probe(&git) {
        Probe::Ready(prefix, head) => (prefix, head),
        Probe::Outside => {
            let recorded: usize = commits.iter().map(|c| c.asks.len()).sum();
            if recorded > 0 || !synced.is_empty() {
                let message = format!(
                    "not a git repository with commits: {} recorded SHA(s) and {} synced commit(s) were not verified",
                    recorded,
                    synced.len()
                );
                out.push(
                    GIT_UNAVAILABLE.diag(&dir, message).with_hint("run draft check inside the repository's work tree"),
                );
            }
            out.extend(judge_citations(work_tree_line_counts(ws, &citations), "in the work tree", &citations));
            return out;
        }
        Probe::Broken(e) => {
            let mut skipped: BTreeSet<&str> = commits.iter().flat_map(|c| c.asks.iter().map(|a| a.rule)).collect();
            if !synced.is_empty() {
                skipped.insert(STALENESS.id);
            }
            if !citations.is_empty() {
                skipped.extend([MISSING_FILE.id, LINE_RANGE.id]);
            }
            out.push(failed(&dir, &[e], &skipped));
            return out;
        }
    };
    let mut failures = Vec::new();
    let mut skipped: BTreeSet<&str> = BTreeSet::new();
    let commit_rules: BTreeSet<&'static str> = commits.iter().flat_map(|c| c.asks.iter().map(|a| a.rule)).collect();
    // The three questions are independent and each mostly waits on its own
    // git process, so they are asked at once; findings keep this order.
    let (found_commits, found_stale, found_cited) = std::thread::scope(|s| {
        let commits = s.spawn(|| verify_commits(&git, &commits));
        let stale = s.spawn(|| staleness::answer(&git, ws, &prefix, &head, config, &synced));
        let cited = head_line_counts(&git, &citations).map(|lines| judge_citations(lines, "at HEAD", &citations));
        (join(commits), join(stale), cited)
    });
    match found_commits {
        Ok(found) => out.extend(found),
        Err(e) => {
            failures.push(e);
            skipped.extend(commit_rules);
        }
    }
    match found_stale {
        Ok(found) => out.extend(found),
        Err(e) => {
            failures.push(e);
            skipped.insert(STALENESS.id);
        }
    }
    match found_cited {
        Ok(found) => out.extend(found),
        Err(e) => {
            failures.push(e);
            skipped.extend([MISSING_FILE.id, LINE_RANGE.id]);
        }
    }
    if !failures.is_empty() {
        out.push(failed(&dir, &failures, &skipped));
    }
    // A question per recorded SHA, per citing document and per synced
    // document of the project: freed off the path to the report.
    draft_core::drop_in_background((commits, citations, synced));
    out
}

/// A scoped thread's result; a panic in it is carried on, not swallowed.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The one finding for every git failure of a run.
fn failed(dir: &str, failures: &[GitError], skipped: &BTreeSet<&str>) -> Diagnostic {
    let why: Vec<String> = failures.iter().map(ToString::to_string).collect();
    let skipped: Vec<&str> = skipped.iter().copied().collect();
    GIT_FAILED.diag(dir, format!("git failed part-way through the check: {}", why.join("; "))).with_hint(format!(
        "these rules were skipped, not half-run: {}; fix git (or DRAFT_GIT) and run draft check again",
        skipped.join(", ")
    ))
}

/// A batch whose output stopped short of an answer for every input.
fn short(args: &str, got: usize, want: usize) -> GitError {
    GitError::Failed { args: args.to_owned(), stderr: format!("answered {got} of {want} questions") }
}

/// The findings of commits that do not exist; every SHA is answered or the batch fails.
fn verify_commits(git: &Git, commits: &[Commits]) -> Result<Vec<Diagnostic>, GitError> {
    const ARGS: &[&str] = &["cat-file", "--batch-check=%(objecttype)"];
    let unique: Vec<&str> = {
        let mut seen = HashSet::new();
        commits.iter().flat_map(|c| c.asks.iter().map(|a| a.sha.as_str())).filter(|s| seen.insert(*s)).collect()
    };
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    let input: String = unique.iter().map(|s| format!("{s}\n")).collect();
    let stdout = git.run_with_input(ARGS, input.into_bytes())?;
    let answers = String::from_utf8_lossy(&stdout);
    let answers: Vec<bool> = answers.lines().map(|l| l.trim() == "commit").collect();
    if answers.len() != unique.len() {
        return Err(short(&ARGS.join(" "), answers.len(), unique.len()));
    }
    let exists: HashMap<&str, bool> = unique.into_iter().zip(answers).collect();
    let mut out = Vec::new();
    for group in commits {
        let missing = group.asks.iter().filter(|a| !exists.get(a.sha.as_str()).copied().unwrap_or(false));
        out.extend(missing.map(|a| a.finish(&group.file)));
    }
    Ok(out)
}

/// Decide each citation from the cited files' line counts (`None`: missing).
fn judge_citations(lines: HashMap<String, Option<usize>>, at: &str, citations: &[Citations]) -> Vec<Diagnostic> {
    // Documents in parallel; each document's few distinct paths looked up once.
    let judged: Vec<Vec<Diagnostic>> = citations.par_iter().map(|doc| judge_document(&lines, at, doc)).collect();
    judged.into_iter().flatten().collect()
}

fn judge_document(lines: &HashMap<String, Option<usize>>, at: &str, doc: &Citations) -> Vec<Diagnostic> {
    let counts: Vec<Option<usize>> = doc.paths.iter().map(|p| lines.get(p).copied().flatten()).collect();
    let mut out = Vec::new();
    for c in &doc.cites {
        // An index past the paths (a damaged cache entry) judges nothing.
        let Some(path) = doc.paths.get(c.path as usize) else { continue };
        let (start, end) = (c.start as usize, c.end as usize);
        let finding = match counts[c.path as usize] {
            None => MISSING_FILE
                .diag(&doc.file, format!("cited file {path} does not exist {at}"))
                .with_hint("fix the path, or wrap the text in `<!-- VERIFIER:IGNORE -->` if it is not a citation"),
            Some(n) if start == 0 || end < start || end > n => {
                let range = if start == end { format!("line {start}") } else { format!("lines {start}-{end}") };
                LINE_RANGE
                    .diag(&doc.file, format!("cites {range} of {path}, which has {n} lines {at}"))
                    .with_hint("update the line numbers to the code as it is now")
            }
            Some(_) => continue,
        };
        let mut finding = finding.at(c.line as usize, c.column as usize);
        finding.span = Some(c.span.0 as usize..c.span.1 as usize);
        out.push(finding);
    }
    out
}

/// The distinct cited paths, sorted (specs cite the same files over and over).
fn cited_paths(citations: &[Citations]) -> Vec<&str> {
    let distinct: HashSet<&str> = citations.iter().flat_map(|c| c.paths.iter().map(String::as_str)).collect();
    let mut paths: Vec<&str> = distinct.into_iter().collect();
    paths.sort_unstable();
    paths
}

fn line_count(bytes: &[u8]) -> usize {
    let n = bytes.iter().filter(|&&b| b == b'\n').count();
    if bytes.last().is_some_and(|&b| b != b'\n') { n + 1 } else { n }
}

/// Line counts of cited files in the work tree (outside git).
fn work_tree_line_counts(ws: &Workspace, citations: &[Citations]) -> HashMap<String, Option<usize>> {
    cited_paths(citations)
        .into_iter()
        .map(|p| (p.to_owned(), std::fs::read(ws.root.join(p)).ok().map(|b| line_count(&b))))
        .collect()
}

/// Line counts of cited files at HEAD (`None`: missing or not a file), one
/// process; every path is answered or the batch fails.
fn head_line_counts(git: &Git, citations: &[Citations]) -> Result<HashMap<String, Option<usize>>, GitError> {
    const ARGS: &[&str] = &["cat-file", "--batch"];
    let paths = cited_paths(citations);
    let mut result: HashMap<String, Option<usize>> = HashMap::new();
    if paths.is_empty() {
        return Ok(result);
    }
    let input: String = paths.iter().map(|p| format!("HEAD:./{p}\n")).collect();
    let stdout = git.run_with_input(ARGS, input.into_bytes())?;
    let mut pos = 0;
    for p in &paths {
        let Some(nl) = stdout.get(pos..).and_then(|rest| rest.iter().position(|&b| b == b'\n')) else {
            return Err(short(&ARGS.join(" "), result.len(), paths.len()));
        };
        let header = String::from_utf8_lossy(&stdout[pos..pos + nl]).into_owned();
        pos += nl + 1;
        let parts: Vec<&str> = header.split(' ').collect();
        let mut count = None;
        if let [_, kind, size] = parts.as_slice()
            && let Ok(size) = size.parse::<usize>()
        {
            let Some(body) = stdout.get(pos..pos + size) else {
                return Err(short(&ARGS.join(" "), result.len(), paths.len()));
            };
            pos = (pos + size + 1).min(stdout.len());
            if *kind == "blob" {
                count = Some(line_count(body));
            }
        }
        result.insert((*p).to_owned(), count);
    }
    Ok(result)
}
