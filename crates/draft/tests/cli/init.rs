//! `draft init`: the tree it creates, its frontmatter, refusing to overwrite
//! an existing tree, `--force` adding only what is missing, and the git
//! states it must survive (no repository, no commits, git missing).

use crate::common::{self, Env, NOW, fm, json_of, read, snapshot_tree, stderr_of, stdout_of};

const FILES: [&str; 6] =
    ["product.md", "tech-stack.md", "workflow.md", "architecture.md", ".ai-context.md", "tracks.md"];

#[test]
fn creates_the_tree_with_frontmatter_from_the_repository() {
    let env = Env::new();
    let repo = env.repo("ledgerly");
    let a = env.draft(&repo).arg("init").assert().success();
    assert_eq!(stderr_of(&a), "", "a clean repository gives no warning");
    let out = stdout_of(&a);
    let head = env.git(&repo, &["rev-parse", "HEAD"]);
    for name in FILES {
        assert!(out.contains(&format!("created draft/{name}\n")), "{out}");
        let doc = read(&repo.join("draft").join(name));
        assert_eq!(fm(&doc, "project"), "ledgerly", "{name}");
        assert_eq!(fm(&doc, "generated_by"), "draft:init");
        assert_eq!(fm(&doc, "generated_at"), NOW);
        assert_eq!(fm(&doc, "git.commit"), head);
        assert_eq!(fm(&doc, "git.commit_short"), &head[..7]);
        assert_eq!(fm(&doc, "git.branch"), "main");
        assert_eq!(fm(&doc, "synced_to_commit"), head);
        assert_eq!(fm(&doc, "git.dirty"), "false");
    }
    assert!(repo.join("draft/tracks").is_dir());
    let registry = read(&repo.join("draft/tracks.md"));
    for section in ["## Active", "## Completed", "## Archived"] {
        assert!(registry.contains(section), "{registry}");
    }
}

#[test]
fn runs_from_a_subdirectory_at_the_repository_root() {
    let env = Env::new();
    let repo = env.repo("app");
    let sub = repo.join("src/deep");
    std::fs::create_dir_all(&sub).expect("mkdir");
    env.draft(&sub).arg("init").assert().success();
    assert!(repo.join("draft/tracks.md").is_file());
    assert!(!sub.join("draft").exists());
}

#[test]
fn refuses_to_overwrite_and_names_what_exists() {
    let env = Env::new();
    let repo = env.repo("app");
    env.draft(&repo).arg("init").assert().success();
    common::write(&repo.join("draft/product.md"), "# My own product notes\n");
    let before = snapshot_tree(&repo.join("draft"));
    let a = env.draft(&repo).arg("init").assert().code(2);
    let err = stderr_of(&a);
    assert!(err.contains("already exists"), "{err}");
    for name in FILES {
        assert!(err.contains(name), "{name} not named in: {err}");
    }
    assert!(err.contains("--force"), "the hint names the way out: {err}");
    assert_eq!(snapshot_tree(&repo.join("draft")), before, "nothing changed");
}

#[test]
fn force_adds_only_missing_files_and_keeps_existing_bytes() {
    let env = Env::new();
    let repo = env.repo("app");
    env.draft(&repo).arg("init").assert().success();
    let draft = repo.join("draft");
    common::write(&draft.join("product.md"), "# Edited by hand\r\nno frontmatter here\n");
    std::fs::remove_file(draft.join("workflow.md")).expect("rm");
    std::fs::remove_dir(draft.join("tracks")).expect("rmdir");
    let before = snapshot_tree(&draft);

    let a = env.draft(&repo).args(["init", "--force", "--json"]).assert().success();
    let report = json_of(&a);
    assert_eq!(report["created"], serde_json::json!(["draft/workflow.md", "draft/tracks/"]));
    let kept: Vec<&str> = report["kept"].as_array().expect("kept").iter().filter_map(|v| v.as_str()).collect();
    assert_eq!(kept.len(), 5);
    assert!(kept.contains(&"draft/product.md"));

    let after = snapshot_tree(&draft);
    for (path, bytes) in &before {
        let now = after.iter().find(|(p, _)| p == path).map(|(_, b)| b);
        assert_eq!(now, Some(bytes), "{path} changed");
    }
    assert!(read(&draft.join("workflow.md")).starts_with("---\nproject: \"app\"\n"));
    assert!(draft.join("tracks").is_dir());
}

#[test]
fn reports_a_conductor_tree_next_to_it() {
    let env = Env::new();
    let repo = env.repo("app");
    std::fs::create_dir_all(repo.join("conductor/tracks/a_20260101")).expect("mkdir");
    std::fs::create_dir_all(repo.join("conductor/tracks/b_20260102")).expect("mkdir");
    let a = env.draft(&repo).args(["init", "--json"]).assert().success();
    assert_eq!(json_of(&a)["conductor"], serde_json::json!({ "path": "conductor/", "tracks": 2 }));
}

#[test]
fn outside_a_repository_works_and_warns() {
    let env = Env::new();
    let dir = env.dir("plain");
    let a = env.draft(&dir).arg("init").assert().success();
    assert!(stderr_of(&a).contains("not inside a git repository"), "{}", stderr_of(&a));
    let doc = read(&dir.join("draft/product.md"));
    assert_eq!((fm(&doc, "git.commit"), fm(&doc, "git.branch")), (String::new(), "none".to_owned()));
}

#[test]
fn in_a_repository_without_commits_works_and_warns() {
    let env = Env::new();
    let dir = env.dir("fresh");
    env.git(&dir, &["init", "-q", "-b", "trunk"]);
    let a = env.draft(&dir).arg("init").assert().success();
    assert!(stderr_of(&a).contains("no commits yet"), "{}", stderr_of(&a));
    let doc = read(&dir.join("draft/tracks.md"));
    assert_eq!(fm(&doc, "git.branch"), "trunk");
    assert_eq!(fm(&doc, "git.commit"), "");
}

#[test]
fn with_git_missing_works_and_warns() {
    let env = Env::new();
    let repo = env.repo("app");
    let a = env.draft(&repo).env("DRAFT_GIT", "/nonexistent/git").arg("init").assert().success();
    let err = stderr_of(&a);
    assert!(err.contains("git could not be run"), "{err}");
    assert!(repo.join("draft/tracks.md").is_file());
    assert_eq!(fm(&read(&repo.join("draft/tracks.md")), "git.commit"), "");
}
