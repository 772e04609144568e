//! `tracks/<id>/review.md`: the report skeleton `draft review` writes.
//!
//! The first write lays out the pinned frontmatter, a title, the gathered
//! facts as tables between `<!-- draft:review begin -->` and
//! `<!-- draft:review end -->`, and empty sections for the agent's
//! judgement: Stage 1 (spec compliance), Stage 2 (code quality), Findings,
//! Verdict. Later runs replace only the bytes between the facts markers and
//! restamp the frontmatter values; everything the agent wrote elsewhere
//! keeps its bytes. The verdict `--record` stores sits between
//! `<!-- draft:verdict begin -->` and `<!-- draft:verdict end -->` inside
//! the Verdict section, so the agent's prose around it is kept too.

use super::ReviewReport;
use super::commands::CommandKind;
use super::criteria::CriterionStatus;
use draft_core::engine::refresh::stamp;
use draft_core::error::{Error, Result};
use draft_core::git::RepoState;
use draft_core::tree::TrackDocs;
use draft_core::workspace::{self, Workspace};
use draft_model::text;
use std::fmt::Write as _;
use std::ops::Range;

/// Opens the generated facts.
pub const FACTS_BEGIN: &str = "<!-- draft:review begin -->";
/// Closes the generated facts.
pub const FACTS_END: &str = "<!-- draft:review end -->";
/// Opens the recorded verdict.
pub const VERDICT_BEGIN: &str = "<!-- draft:verdict begin -->";
/// Closes the recorded verdict.
pub const VERDICT_END: &str = "<!-- draft:verdict end -->";

/// The file name inside the track folder.
pub const FILE: &str = "review.md";

/// Write (or regenerate) the track's review.md from `report`; returns its path relative to the root.
pub fn write(ws: &Workspace, track: &TrackDocs, report: &ReviewReport) -> Result<String> {
    let path = track.dir.join(FILE);
    let rel = ws.rel(&path);
    let now = draft_core::clock::iso(ws.now());
    let facts = facts(report, &now);
    let _lock = ws.lock()?;
    let out = if path.exists() {
        let src = workspace::read_text(&path)?;
        let replaced = replace_region(&src, FACTS_BEGIN, FACTS_END, &facts).map_err(|line| Error::Malformed {
            file: rel.clone(),
            line,
            message: format!("the `{FACTS_BEGIN}` … `{FACTS_END}` markers are missing or out of order, so the facts cannot be regenerated without touching your text; put them back around the facts (or delete the file to start again)"),
        })?;
        restamp(ws, &replaced, &now)
    } else {
        skeleton(ws, track, report, &facts)
    };
    ws.write(&path, out.as_bytes())?;
    Ok(rel)
}

/// The frontmatter values brought up to HEAD and now, when git can say.
fn restamp(ws: &Workspace, src: &str, now: &str) -> String {
    match ws.git().repo_state() {
        RepoState::Ready { head } => stamp::restamp(src, &stamp::values(&head, now)).unwrap_or_else(|| src.to_owned()),
        _ => src.to_owned(),
    }
}

/// The agent's sections, empty but for a comment saying what goes in each.
const SECTIONS: &str = r"## Stage 1: Spec compliance

<!-- For every requirement and acceptance criterion: the code that meets it and the test that
     proves it, run fresh. A gap or a failing test fails the review here; stage 2 waits. -->

## Stage 2: Code quality

<!-- Only once stage 1 passes: architecture and boundaries, invariants, error handling,
     security, tests, maintainability. tech-stack.md's Accepted Patterns are not findings. -->

## Findings

<!-- One per finding: severity (critical, important, minor), file:line, what is wrong, why it
     matters, the fix. -->

## Verdict

";

/// A new review.md.
fn skeleton(ws: &Workspace, track: &TrackDocs, report: &ReviewReport, facts: &str) -> String {
    let project = draft_core::manifest::project_name(&ws.root);
    let (block, _) = draft_core::engine::stamp(&ws.git(), &project, "draft:review", Some(&track.id), ws.now());
    let title = report.track.as_ref().map_or(track.id.as_str(), |t| t.title.as_str());
    let mut s = block.render();
    let _ = writeln!(s, "# Review: {title}\n");
    let _ = writeln!(s, "{FACTS_BEGIN}\n{facts}{FACTS_END}\n");
    s.push_str(SECTIONS);
    let _ = writeln!(s, "{VERDICT_BEGIN}\n{}{VERDICT_END}", not_recorded());
    s
}

/// The verdict region before anything is recorded.
pub fn not_recorded() -> String {
    "_Not recorded yet: `draft review --record pass|pass-with-notes|fail --notes \"…\"`._\n".to_owned()
}

/// Replace the inside of the `begin` … `end` region with `body`, keeping
/// every other byte and the file's line endings. `Err(line)` names where
/// the markers are broken (0: missing).
pub fn replace_region(src: &str, begin: &str, end: &str, body: &str) -> std::result::Result<String, usize> {
    let range = region(src, begin, end)?;
    let eol = text::line_ending(src);
    let mut out = String::with_capacity(src.len() + body.len());
    out.push_str(&src[..range.start]);
    for line in body.lines() {
        out.push_str(line);
        out.push_str(eol);
    }
    out.push_str(&src[range.end..]);
    Ok(out)
}

/// Byte range of a region's inside: past the begin line to the start of the end line.
fn region(src: &str, begin: &str, end: &str) -> std::result::Result<Range<usize>, usize> {
    let mut open = None;
    for line in text::lines(src) {
        let t = line.text.trim();
        if t == begin {
            if open.is_some() {
                return Err(line.number);
            }
            open = Some(line.end);
        } else if t == end {
            let Some(start) = open else { return Err(line.number) };
            return Ok(start..line.start);
        }
    }
    Err(0)
}

/// A table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The facts region's markdown.
pub fn facts(r: &ReviewReport, now: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Facts\n");
    let _ = writeln!(
        s,
        "_Gathered by `draft review` at {now}. This region is regenerated on every run: write outside the markers._\n"
    );
    let d = &r.diff;
    let scope = match &r.scope.base {
        Some(base) => format!("`{base}...HEAD`"),
        None => r.track.as_ref().map_or_else(String::new, |t| format!("track `{}`", t.id)),
    };
    let _ = writeln!(
        s,
        "- **Scope:** {scope}: {} commit{}, {} file{} (+{} −{})",
        r.commits.len(),
        plural(r.commits.len()),
        d.files,
        plural(d.files),
        d.additions,
        d.deletions
    );
    let c = d.by_class;
    let _ = writeln!(
        s,
        "- **Files by class:** code {}, test {}, docs {}, config {}, generated {} (skipped)",
        c.code, c.test, c.docs, c.config, c.generated
    );
    let how = if d.file_by_file { "300 or more: review file by file" } else { "under 300: read the diff whole" };
    let _ = writeln!(s, "- **Lines to review:** {} ({how})\n", d.review_lines);
    commits_table(&mut s, r);
    files_table(&mut s, r);
    criteria_table(&mut s, r);
    commands_table(&mut s, r);
    let _ = writeln!(s, "### Blast radius\n");
    match &r.blast_radius {
        Some(b) if b.files.is_empty() => {
            let _ = writeln!(s, "No file depends on the changed files (up to {} hops).\n", b.depth);
        }
        Some(b) => {
            let _ = writeln!(s, "| Dependent | Hops | Class |\n|---|---|---|");
            for f in &b.files {
                let _ = writeln!(s, "| `{}` | {} | {:?} |", cell(&f.path), f.hops, f.class);
            }
            s.push('\n');
        }
        None => {
            let _ = writeln!(s, "_Not computed: run `draft graph build`, then `draft review` again._\n");
        }
    }
    let _ = writeln!(s, "### Diff coverage\n");
    match &r.diff_coverage {
        Some(cov) => match cov.percent {
            Some(percent) => {
                let _ = writeln!(
                    s,
                    "{percent:.1} % of {} coverable changed lines run by tests (against {}).\n",
                    cov.lines_total, cov.base
                );
            }
            None => {
                let _ = writeln!(s, "No changed line is executable code (against {}).\n", cov.base);
            }
        },
        None => {
            let _ = writeln!(s, "_Not measured._\n");
        }
    }
    let _ = writeln!(s, "### Mechanical findings\n");
    if r.findings.is_empty() {
        let _ = writeln!(s, "None.");
    }
    for f in &r.findings {
        let at = if f.line > 0 { format!("{}:{}", f.file, f.line) } else { f.file.clone() };
        let _ = writeln!(s, "- **{}** `{at}` ({}): {}", f.severity, f.rule, f.message);
    }
    for n in &r.notes {
        let _ = writeln!(s, "- _Note:_ {n}");
    }
    s
}

fn commits_table(s: &mut String, r: &ReviewReport) {
    let _ = writeln!(s, "### Commits\n");
    if r.commits.is_empty() {
        let _ = writeln!(s, "None found.\n");
        return;
    }
    let _ = writeln!(s, "| SHA | Date | Subject | Why |\n|---|---|---|---|");
    for c in &r.commits {
        let _ = writeln!(s, "| `{}` | {} | {} | {} |", c.short, c.date, cell(&c.subject), cell(&c.reason));
    }
    s.push('\n');
}

fn files_table(s: &mut String, r: &ReviewReport) {
    let _ = writeln!(s, "### Changed files\n");
    if r.diff.changed.is_empty() {
        let _ = writeln!(s, "None.\n");
        return;
    }
    let _ = writeln!(s, "| File | Status | + | − | Class | Skipped |\n|---|---|---|---|---|---|");
    let n = |v: Option<u64>| v.map_or_else(|| "bin".to_owned(), |v| v.to_string());
    for f in &r.diff.changed {
        let skip = f.skipped.map_or_else(String::new, |k| format!("{k:?}").to_ascii_lowercase());
        let class = format!("{:?}", f.class).to_ascii_lowercase();
        let status = format!("{:?}", f.status).to_ascii_lowercase();
        let _ = writeln!(
            s,
            "| `{}` | {status} | {} | {} | {class} | {skip} |",
            cell(&f.path),
            n(f.additions),
            n(f.deletions)
        );
    }
    s.push('\n');
}

fn criteria_table(s: &mut String, r: &ReviewReport) {
    let _ = writeln!(s, "### Acceptance criteria\n");
    if r.criteria.is_empty() {
        let _ = writeln!(s, "None found in spec.md.\n");
        return;
    }
    let _ = writeln!(s, "| Line | Criterion | Tests named | Status |\n|---|---|---|---|");
    for c in &r.criteria {
        let tests: Vec<String> = c
            .tests
            .iter()
            .map(|t| match &t.location {
                Some(at) => format!("`{}` ({})", cell(&t.name), cell(at)),
                None => format!("`{}` (not found)", cell(&t.name)),
            })
            .collect();
        let status = match c.status {
            CriterionStatus::TestsFound => "tests found",
            CriterionStatus::NoTestNamed => "no test named",
            CriterionStatus::MissingTest => "missing test",
        };
        let _ = writeln!(s, "| {} | {} | {} | {status} |", c.line, cell(&c.text), tests.join(", "));
    }
    s.push('\n');
}

fn commands_table(s: &mut String, r: &ReviewReport) {
    let _ = writeln!(s, "### Test and lint commands\n");
    if r.commands.is_empty() {
        let _ = writeln!(s, "None found: write `**Test command:** `…`` in workflow.md.\n");
        return;
    }
    let _ = writeln!(s, "| Kind | Command | Result | Time | Failing tests |\n|---|---|---|---|---|");
    for c in &r.commands {
        let kind = if c.kind == CommandKind::Test { "test" } else { "lint" };
        let result = match (c.ran, c.passed, c.timed_out, c.exit_code) {
            (false, ..) => "not run".to_owned(),
            (true, true, ..) => "passed".to_owned(),
            (true, false, true, _) => "timed out".to_owned(),
            (true, false, false, Some(code)) => format!("failed (exit {code})"),
            (true, false, false, None) => "killed".to_owned(),
        };
        let time = if c.ran { format!("{:.1} s", c.duration_ms as f64 / 1000.0) } else { String::new() };
        let failing: Vec<String> = c.failing.iter().map(|f| format!("`{}`", cell(f))).collect();
        let _ = writeln!(s, "| {kind} | `{}` | {result} | {time} | {} |", cell(&c.command), failing.join(", "));
    }
    s.push('\n');
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_replaced_in_place() {
        let src = "a\r\n<!-- x -->\r\nold\r\n<!-- /x -->\r\nb\r\n";
        assert_eq!(
            replace_region(src, "<!-- x -->", "<!-- /x -->", "new\n"),
            Ok("a\r\n<!-- x -->\r\nnew\r\n<!-- /x -->\r\nb\r\n".to_owned())
        );
        assert_eq!(replace_region("a\n", "<!-- x -->", "<!-- /x -->", ""), Err(0));
        assert_eq!(replace_region("<!-- /x -->\n", "<!-- x -->", "<!-- /x -->", ""), Err(1));
    }
}
