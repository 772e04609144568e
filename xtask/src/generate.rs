//! Generated projects for the scaling benchmarks: a git repository with a
//! small source tree, a `draft/` tree of N tracks, and optionally a deep
//! synthetic history underneath, written with one `git fast-import`.

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
