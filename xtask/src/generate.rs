//! Generated projects for the scaling benchmarks: a git repository with a
//! small source tree, a `draft/` tree of N tracks, and optionally a deep
//! synthetic history underneath, written with one `git fast-import`. For the
//! side-by-side comparison it can also add a short design pair (`hld.md`,
//! `lld.md`) to every track, which Draft's hygiene script needs next to a plan,
//! and write an OpenSpec tree of N changes of about the same size.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

const SOURCE_FILES: usize = 20;

/// Run git in `dir` with a fixed identity and no user configuration.
pub fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@draft.invalid")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@draft.invalid")
        .output()
        .map_err(|e| format!("git {}: {e}", args.join(" ")))?;
    if !out.status.success() {
        return Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn source_file(i: usize, version: usize) -> String {
    let mut s = format!("//! Module {i}, version {version}.\n\n");
    for f in 0..40 {
        let _ = writeln!(s, "pub fn f{f}() -> usize {{ {f} + {version} }}");
    }
    s
}

fn frontmatter(track: Option<&str>, sha: &str) -> String {
    let t = track.map(|t| format!("track_id: \"{t}\"\n")).unwrap_or_default();
    format!(
        "---\nproject: \"bench\"\nmodule: \"root\"\n{t}generated_by: \"draft:new-track\"\ngenerated_at: \"2026-03-01T09:00:00Z\"\ngit:\n  branch: \"main\"\n  remote: \"none\"\n  commit: \"{sha}\"\n  commit_short: \"{}\"\n  commit_date: \"2026-03-01 09:00:00 +0000\"\n  commit_message: \"bench\"\n  dirty: false\nsynced_to_commit: \"{sha}\"\n---\n",
        &sha[..7]
    )
}

/// A spec of about 160 lines in the seed's section order, citing source lines.
fn spec(id: &str, sha: &str) -> String {
    let mut s = frontmatter(Some(id), sha);
    let _ = write!(s, "\n# Specification: {id}\n\n**Track ID:** {id}\n**Status:** [x] Approved\n\n");
    let sections = [
        "Context References",
        "Problem Statement",
        "Background & Why Now",
        "Requirements",
        "Acceptance Criteria",
        "Non-Goals",
        "Technical Approach",
        "Success Metrics",
    ];
    for (n, section) in sections.iter().enumerate() {
        let _ = write!(s, "## {section}\n\n");
        for line in 0..12 {
            let file = (n + line) % SOURCE_FILES;
            if section == &"Acceptance Criteria" {
                let _ = writeln!(s, "- [ ] Criterion {line} holds (test `tests/t{line}.rs`)");
            } else {
                let _ = writeln!(s, "Paragraph {line} about `src/m{file}.rs:{}` and its neighbours.", line + 3);
            }
        }
        s.push('\n');
    }
    s.push_str("## Stakeholders & Approvals\n\n| Role | Name | Status |\n|---|---|---|\n| PO | Ana | [x] |\n\n### Approval Gates\n- [x] Spec approved\n\n");
    s.push_str("## Risk Assessment\n\n| Risk | Probability | Impact | Score | Mitigation |\n|---|---|---|---|---|\n| Load | 3 | 4 | 12 | Cache |\n| Drift | 1 | 2 | 2 | |\n\n");
    for section in ["Deployment Strategy", "Open Questions", "Conversation Log"] {
        let _ = write!(s, "## {section}\n\nText for {section}.\n\n");
    }
    s
}

fn plan(id: &str, i: usize, sha: &str) -> (String, usize) {
    let mut s = frontmatter(Some(id), sha);
    let _ = write!(s, "\n# Plan: {id}\n\n");
    let done_upto = i % 31;
    let mut done = 0;
    for p in 1..=3 {
        let _ = write!(s, "## Phase {p}: Part {p}\n\n");
        for t in 1..=10 {
            let n = (p - 1) * 10 + t;
            if n <= done_upto {
                done += 1;
                let _ = writeln!(s, "- [x] **Task {p}.{t}:** Step {t} of part {p} ({})", &sha[..7]);
            } else {
                let _ = writeln!(s, "- [ ] **Task {p}.{t}:** Step {t} of part {p}");
            }
        }
        s.push('\n');
    }
    (s, done)
}

/// Write a project of `tracks` tracks into `root` (a new git repository with
/// one commit holding the sources, then one holding `draft/`).
pub fn project(root: &Path, tracks: usize) -> Result<(), String> {
    std::fs::create_dir_all(root).map_err(|e| format!("creating {}: {e}", root.display()))?;
    git(root, &["init", "-q", "-b", "main"])?;
    for i in 0..SOURCE_FILES {
        write(&root.join(format!("src/m{i}.rs")), &source_file(i, 0))?;
    }
    git(root, &["add", "-A"])?;
    git(root, &["commit", "-q", "-m", "src"])?;
    draft_tree(root, tracks)
}

/// Like [`project`], on top of a history of `commits` commits that each
/// change one source file.
pub fn deep_project(root: &Path, tracks: usize, commits: usize) -> Result<(), String> {
    std::fs::create_dir_all(root).map_err(|e| format!("creating {}: {e}", root.display()))?;
    git(root, &["init", "-q", "-b", "main"])?;
    let mut stream = String::new();
    for c in 0..commits {
        let file = c % SOURCE_FILES;
        let body = source_file(file, c);
        let _ = write!(
            stream,
            "commit refs/heads/main\ncommitter bench <bench@draft.invalid> {} +0000\ndata {}\nchange {c}\n",
            1_700_000_000 + c,
            format!("change {c}").len()
        );
        if c == 0 {
            for i in 1..SOURCE_FILES {
                let b = source_file(i, 0);
                let _ = write!(stream, "M 100644 inline src/m{i}.rs\ndata {}\n{b}\n", b.len());
            }
        }
        // Later commits have no `from`: fast-import continues the branch it
        // is writing (the ref itself is only written at the end).
        let _ = write!(stream, "M 100644 inline src/m{file}.rs\ndata {}\n{body}\n", body.len());
    }
    let mut child = Command::new("git")
        .current_dir(root)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("git fast-import: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("git fast-import: no stdin")?
        .write_all(stream.as_bytes())
        .map_err(|e| format!("git fast-import: {e}"))?;
    let status = child.wait().map_err(|e| format!("git fast-import: {e}"))?;
    if !status.success() {
        return Err("git fast-import failed".to_owned());
    }
    git(root, &["checkout", "-q", "-f", "main"])?;
    draft_tree(root, tracks)
}

fn draft_tree(root: &Path, tracks: usize) -> Result<(), String> {
    let sha = git(root, &["rev-parse", "HEAD"])?;
    let draft = root.join("draft");
    let mut active = String::new();
    let mut completed = String::new();
    for doc in ["product.md", "tech-stack.md", "workflow.md", "architecture.md", ".ai-context.md"] {
        write(&draft.join(doc), &(frontmatter(None, &sha) + "\n# Context\n\nWritten for the benchmarks.\n"))?;
    }
    for i in 0..tracks {
        let id = format!("track-{i:05}");
        let dir = draft.join("tracks").join(&id);
        let (plan_text, done) = plan(&id, i, &sha);
        write(&dir.join("plan.md"), &plan_text)?;
        write(&dir.join("spec.md"), &spec(&id, &sha))?;
        let phases_done = done / 10;
        let status = if done == 30 {
            "completed"
        } else if done > 0 {
            "in_progress"
        } else {
            "planning"
        };
        write(
            &dir.join("metadata.json"),
            &format!(
                "{{\n  \"id\": \"{id}\",\n  \"title\": \"{id}\",\n  \"type\": \"feature\",\n  \"status\": \"{status}\",\n  \"created\": \"2026-03-01T09:00:00Z\",\n  \"updated\": \"2026-03-01T09:00:00Z\",\n  \"phases\": {{ \"total\": 3, \"completed\": {phases_done} }},\n  \"tasks\": {{ \"total\": 30, \"completed\": {done} }}\n}}\n"
            ),
        )?;
        let marker = match status {
            "completed" => "[x] Completed 2026-03-02",
            "in_progress" => "[~] In Progress",
            _ => "[ ] Planning",
        };
        let section = if status == "completed" { &mut completed } else { &mut active };
        let _ = write!(
            section,
            "### {id} - {id}\n- **Status:** {marker}\n- **Phases:** {phases_done}/3\n- **Tasks:** {done}/30\n- **Path:** `./tracks/{id}/`\n\n"
        );
    }
    let registry = format!(
        "{}\n# Tracks\n\n## Active\n\n{active}## Completed\n\n{completed}## Archived\n<!-- No archived tracks -->\n",
        frontmatter(None, &sha)
    );
    write(&draft.join("tracks.md"), &registry)?;
    git(root, &["add", "-A"])?;
    git(root, &["commit", "-q", "-m", "docs: draft context"])?;
    Ok(())
}

/// A short design document (`hld.md` or `lld.md`): frontmatter dated like
/// the plan, a title and a status line. `draft check` does not read these;
/// they exist because Draft's hygiene script stops with an unbound-variable
/// error on a track that has a plan but no design pair, so they are kept
/// small to add as little work as possible to its side.
fn design_doc(id: &str, kind: &str, sha: &str) -> String {
    frontmatter(Some(id), sha) + &format!("\n# {id} — {kind}\n\n**Status:** In progress\n\nSee spec.md and plan.md.\n")
}

/// Add `hld.md` and `lld.md` to every track of a project made by [`project`]
/// and commit them. Leaves the plan, spec and metadata as they were.
pub fn design_docs(root: &Path, tracks: usize) -> Result<(), String> {
    let sha = git(root, &["rev-parse", "HEAD~1"])?;
    for i in 0..tracks {
        let id = format!("track-{i:05}");
        let dir = root.join("draft/tracks").join(&id);
        write(&dir.join("hld.md"), &design_doc(&id, "HLD", &sha))?;
        write(&dir.join("lld.md"), &design_doc(&id, "LLD", &sha))?;
    }
    git(root, &["add", "-A"])?;
    git(root, &["commit", "-q", "-m", "docs: design documents"])?;
    Ok(())
}

/// Write an OpenSpec tree of `changes` changes into `root`: each change has a
/// proposal, a delta spec adding one capability with 12 requirements (one
/// scenario each) and a task list of 3 × 10 tasks, `i % 31` of them done, the
/// same shape and progress as track `i` of [`project`].
pub fn openspec_project(root: &Path, changes: usize) -> Result<(), String> {
    let os = root.join("openspec");
    write(&os.join("config.yaml"), "schema: spec-driven\n")?;
    write(&os.join("specs/.gitkeep"), "")?;
    write(&os.join("changes/archive/.gitkeep"), "")?;
    for i in 0..changes {
        let id = format!("track-{i:05}");
        let dir = os.join("changes").join(&id);
        write(&dir.join(".openspec.yaml"), "schema: spec-driven\ncreated: 2026-03-01\n")?;
        write(
            &dir.join("proposal.md"),
            &format!(
                "# Proposal: {id}\n\n## Why\n\nChange {id} exists so that the comparison has a proposal of realistic length to read.\n\n## What Changes\n\n- Adds the capability `{id}` with twelve requirements.\n- Touches `src/m{}.rs` and its neighbours.\n\n## Capabilities\n\n### New Capabilities\n- `{id}`: behaviour introduced by change {id}\n\n### Modified Capabilities\n\n## Impact\n\nSource modules under `src/`.\n",
                i % SOURCE_FILES
            ),
        )?;
        let mut spec = format!(
            "# Spec Delta: {id}\n\n## Purpose\nCapability {id} gives the comparison a spec of realistic length to validate.\n\n## ADDED Requirements\n\n"
        );
        for r in 0..12 {
            let _ = write!(
                spec,
                "### Requirement: Rule {r} of {id}\nThe system SHALL honour rule {r} of {id} when module {} is used.\n\n#### Scenario: Rule {r} applies\n- **WHEN** a caller reaches module {}\n- **THEN** rule {r} holds\n\n",
                r % SOURCE_FILES,
                r % SOURCE_FILES
            );
        }
        write(&dir.join("specs").join(&id).join("spec.md"), &spec)?;
        let done_upto = i % 31;
        let mut tasks = String::from("# Tasks\n\n");
        for p in 1..=3 {
            let _ = write!(tasks, "## {p}. Part {p}\n\n");
            for t in 1..=10 {
                let mark = if (p - 1) * 10 + t <= done_upto { 'x' } else { ' ' };
                let _ = writeln!(tasks, "- [{mark}] {p}.{t} Step {t} of part {p}");
            }
            tasks.push('\n');
        }
        write(&dir.join("tasks.md"), &tasks)?;
    }
    Ok(())
}
