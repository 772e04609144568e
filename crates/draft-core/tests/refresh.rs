//! `refresh` end to end in temporary git repositories: modify, rename,
//! delete, untracked, branch switch, a force-push that removed
//! `synced_to_commit`, the no-read confirmation of an unchanged tree, and
//! prose outside the facts markers surviving byte for byte.

use draft_core::engine::init::{InitOptions, init};
use draft_core::engine::refresh::{RefreshOptions, RefreshReport, refresh};
use draft_core::workspace::{Clock, Environment, Layout, Workspace};
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn env() -> Environment {
    Environment { clock: Clock::Fixed("2026-03-01T10:00:00Z".parse().expect("ts")), ..Environment::default() }
}

/// A committed Rust project with an initialised, committed draft/ tree.
fn project() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().canonicalize().expect("canon");
    git(&root, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(root.join("src")).expect("mk");
    std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"demo\"\n\n[dependencies]\nserde = \"1\"\n")
        .expect("w");
    std::fs::write(root.join("src/main.rs"), "fn main() {}\n").expect("w");
    std::fs::write(root.join("src/util.rs"), "pub fn u() {}\n").expect("w");
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "code"]);
    init(&root, &env(), InitOptions::default()).expect("init");
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "docs"]);
    let ws = Workspace::at(&root, Layout::Draft, env());
    (dir, ws)
}

fn check(ws: &Workspace) -> RefreshReport {
    refresh(ws, &RefreshOptions { check: true, ..RefreshOptions::default() }).expect("refresh --check")
}

fn doc<'a>(r: &'a RefreshReport, name: &str) -> &'a draft_core::engine::refresh::DocFreshness {
    r.documents.iter().find(|d| d.path.ends_with(name)).expect("document")
}

fn stale(r: &RefreshReport) -> Vec<&str> {
    r.documents.iter().filter(|d| d.stale).map(|d| d.path.as_str()).collect()
}

#[test]
fn unchanged_tree_reads_no_file_contents() {
    let (_d, ws) = project();
    let r = check(&ws);
    assert!(!r.stale, "{r:#?}");
    assert_eq!(r.files_hashed, 0, "an unchanged tree is confirmed from stats alone");
    assert_eq!(r.files_seen, 3);
    assert_eq!(r.baseline, "state");
    assert!(ws.root.join("draft/.state/freshness.json").exists());
    assert_eq!(git(&ws.root, &["status", "--porcelain"]), "", "the state is gitignored");
}

#[test]
fn modify_makes_facts_documents_stale_and_refresh_fixes_them() {
    let (_d, ws) = project();
    std::fs::write(ws.root.join("src/main.rs"), "fn main() {\n    println!(\"hi\");\n}\n").expect("w");
    let r = check(&ws);
    assert_eq!(stale(&r), ["draft/tech-stack.md", "draft/.ai-context.md"]);
    assert_eq!(doc(&r, "tech-stack.md").changed_files, ["src/main.rs"]);
    assert_eq!(kinds(doc(&r, "tech-stack.md")), [("src/main.rs", "modified", None)]);
    assert_eq!(doc(&r, "tech-stack.md").sections[0].section, "facts");
    assert_eq!(r.files_hashed, 1);
    assert!(r.written.is_empty(), "--check writes nothing");

    let before = std::fs::read_to_string(ws.root.join("draft/tech-stack.md")).expect("r");
    let r = refresh(&ws, &RefreshOptions::default()).expect("refresh");
    assert!(!r.stale, "{r:#?}");
    assert!(doc(&r, "tech-stack.md").refreshed);
    let after = std::fs::read_to_string(ws.root.join("draft/tech-stack.md")).expect("r");
    assert!(after.contains("| Rust | 2 | 4 | 0 | 0 |"), "{after}");
    assert!(!before.contains("| Rust | 2 | 4 |"));
    let r = check(&ws);
    assert!(!r.stale, "{r:#?}");
    assert_eq!(r.files_hashed, 0);
}

#[test]
fn rename_delete_and_untracked_feed_architecture() {
    let (_d, ws) = project();
    git(&ws.root, &["mv", "src/util.rs", "src/helpers.rs"]);
    let r = check(&ws);
    assert_eq!(stale(&r), ["draft/tech-stack.md", "draft/architecture.md", "draft/.ai-context.md"]);
    let arch = doc(&r, "architecture.md");
    assert_eq!(arch.changed_files, ["src/helpers.rs", "src/util.rs"]);
    assert_eq!(kinds(arch), [("src/helpers.rs", "renamed", Some("src/util.rs"))]);
    assert_eq!(arch.sections[0].section, "Components");
    assert_eq!(r.files_hashed, 1, "only the new path is read, to pair it with the old one");

    let (_d, ws) = project();
    std::fs::remove_file(ws.root.join("src/util.rs")).expect("rm");
    let r = check(&ws);
    assert_eq!(doc(&r, "architecture.md").changed_files, ["src/util.rs"]);
    assert_eq!(kinds(doc(&r, "architecture.md")), [("src/util.rs", "deleted", None)]);

    let (_d, ws) = project();
    std::fs::write(ws.root.join("src/new.rs"), "pub fn n() {}\n").expect("w");
    let r = check(&ws);
    assert_eq!(doc(&r, "architecture.md").changed_files, ["src/new.rs"]);
    assert_eq!(kinds(doc(&r, "architecture.md")), [("src/new.rs", "added", None)]);
    assert!(!doc(&r, "product.md").stale);
}

/// (path, kind, old path) of each change a document reflects.
fn kinds(d: &draft_core::engine::refresh::DocFreshness) -> Vec<(&str, &str, Option<&str>)> {
    d.changes.iter().map(|c| (c.path.as_str(), c.kind.as_str(), c.from.as_deref())).collect()
}

#[test]
fn without_state_git_answers_and_untracked_files_count() {
    let (_d, ws) = project();
    std::fs::remove_dir_all(ws.root.join("draft/.state")).expect("rm");
    std::fs::write(ws.root.join("README.md"), "# Demo\n").expect("w");
    std::fs::write(ws.root.join("src/main.rs"), "fn main() { let _x = 1; }\n").expect("w");
    let r = check(&ws);
    assert_eq!(r.baseline, "git");
    assert_eq!(doc(&r, "product.md").changed_files, ["README.md"]);
    assert_eq!(doc(&r, "tech-stack.md").changed_files, ["src/main.rs"]);
}

#[test]
fn branch_switch_is_seen() {
    let (_d, ws) = project();
    git(&ws.root, &["checkout", "-q", "-b", "feature"]);
    std::fs::write(
        ws.root.join("Cargo.toml"),
        "[package]\nname = \"demo\"\n\n[dependencies]\nserde = \"1\"\ntokio = \"1\"\n",
    )
    .expect("w");
    git(&ws.root, &["commit", "-qam", "tokio"]);
    git(&ws.root, &["checkout", "-q", "main"]);
    assert!(!check(&ws).stale);
    git(&ws.root, &["checkout", "-q", "feature"]);
    let r = check(&ws);
    let tech = doc(&r, "tech-stack.md");
    assert_eq!(tech.changed_files, ["Cargo.toml"]);
    assert!(tech.sections.iter().any(|s| s.section == "Frameworks & Libraries"));
    let r = refresh(&ws, &RefreshOptions::default()).expect("refresh");
    assert!(!r.stale);
    let text = std::fs::read_to_string(ws.root.join("draft/tech-stack.md")).expect("r");
    assert!(text.contains("| tokio | 1 | framework | `Cargo.toml` |"), "{text}");
}

#[test]
fn force_push_that_removed_synced_to_commit() {
    let (_d, ws) = project();
    std::fs::write(ws.root.join("src/main.rs"), "fn main() { }\n").expect("w");
    git(&ws.root, &["commit", "-qam", "tweak"]);
    refresh(&ws, &RefreshOptions::default()).expect("refresh");
    refresh(&ws, &RefreshOptions { reviewed: vec!["architecture.md".into()], ..RefreshOptions::default() })
        .expect("refresh");
    git(&ws.root, &["add", "-A"]);
    git(&ws.root, &["commit", "-qm", "docs again"]);
    let docs_commit = git(&ws.root, &["rev-parse", "HEAD"]);
    let synced = doc(&check(&ws), "tech-stack.md").synced_to_commit.clone().expect("synced");
    assert_eq!(synced, git(&ws.root, &["rev-parse", "HEAD~1"]));
    // Rewrite history so the synced commit is gone, as a force-push would,
    // keeping the documents that name it.
    git(&ws.root, &["reset", "-q", "--hard", "HEAD~3"]);
    git(&ws.root, &["checkout", "-q", &docs_commit, "--", "draft"]);
    std::fs::remove_dir_all(ws.root.join("draft/.state")).expect("rm");
    git(&ws.root, &["reflog", "expire", "--expire=now", "--all"]);
    git(&ws.root, &["gc", "-q", "--prune=now"]);
    let r = check(&ws);
    let tech = doc(&r, "tech-stack.md");
    assert!(tech.stale);
    assert_eq!(tech.reasons, ["synced_to_commit not in history"]);
    assert!(r.stale);
}

#[test]
fn prose_outside_the_markers_survives_byte_for_byte() {
    let (_d, ws) = project();
    let path = ws.root.join("draft/tech-stack.md");
    let text = std::fs::read_to_string(&path).expect("r");
    let begin = text.find(draft_facts::markers::BEGIN).expect("begin");
    let end = text.find(draft_facts::markers::END).expect("end");
    let mine = format!(
        "{}Our own words — before.\r\n\n{}{}\nAfter, with trailing spaces   \n{}",
        &text[..begin],
        &text[begin..end],
        draft_facts::markers::END,
        &text[end + draft_facts::markers::END.len() + 1..]
    );
    std::fs::write(&path, &mine).expect("w");
    std::fs::write(ws.root.join("Cargo.toml"), "[package]\nname = \"demo\"\n\n[dependencies]\nserde = \"1.0.200\"\n")
        .expect("w");
    let r = refresh(&ws, &RefreshOptions::default()).expect("refresh");
    assert!(doc(&r, "tech-stack.md").refreshed);
    let out = std::fs::read_to_string(&path).expect("r");
    let fm_end = draft_model::frontmatter::locate(&out).expect("fm").end;
    let (b, e) = (out.find(draft_facts::markers::BEGIN).expect("b"), out.find(draft_facts::markers::END).expect("e"));
    let mine_fm_end = draft_model::frontmatter::locate(&mine).expect("fm").end;
    let (mb, me) =
        (mine.find(draft_facts::markers::BEGIN).expect("b"), mine.find(draft_facts::markers::END).expect("e"));
    assert_eq!(&out[fm_end..b], &mine[mine_fm_end..mb], "prose before the region");
    assert_eq!(&out[e..], &mine[me..], "prose after the region");
    assert!(out[b..e].contains("1.0.200"));
    let head = git(&ws.root, &["rev-parse", "HEAD"]);
    assert!(out[..fm_end].contains(&format!("synced_to_commit: \"{head}\"")));
    // Frontmatter lines other than the restamped values are unchanged.
    let keep = |s: &str| {
        s[..fm_end.min(s.len())]
            .lines()
            .filter(|l| l.starts_with("project") || l.starts_with("module"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(keep(&out), keep(&mine));
}
