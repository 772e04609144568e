//! `draft new-track`: the four documents it writes (snapshotted, and the
//! spec checked against the seed template with the repository's real git
//! state), id collisions, odd and empty descriptions, unsafe ids, bug-fix
//! plans, and every git state (detached, no commits, no repo, git missing).

use crate::common::{self, COMMIT_DATE, Env, NOW, NOW_COMPACT, fm, json_of, read, snapshot_tree, stderr_of};
use std::path::Path;

/// The seed template the spec must reproduce, read from disk rather than
/// through the binary.
const SPEC_TEMPLATE: &str = include_str!("../../../draft-model/templates/spec.md");

fn track_file(repo: &Path, id: &str, name: &str) -> String {
    read(&repo.join("draft/tracks").join(id).join(name))
}

fn registry_ids(repo: &Path) -> Vec<String> {
    read(&repo.join("draft/tracks.md"))
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(|l| l.split(" - ").next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn writes_spec_plan_metadata_and_registry_entry() {
    let env = Env::new();
    let repo = env.initialised_repo("acme");
    let a = env.draft(&repo).args(["new-track", "Add user authentication"]).assert().success();
    assert_eq!(stderr_of(&a), "");
    // The commit is deterministic (fixed content, identity and dates), so
    // the snapshots hold the real SHA; check it is the repository's HEAD.
    let head = env.git(&repo, &["rev-parse", "HEAD"]);
    let id = "add-user-authentication";
    let spec = track_file(&repo, id, "spec.md");
    assert_eq!(fm(&spec, "git.commit"), head);
    insta::assert_snapshot!("spec.md", spec);
    insta::assert_snapshot!("plan.md", track_file(&repo, id, "plan.md"));
    insta::assert_snapshot!("metadata.json", track_file(&repo, id, "metadata.json"));
    insta::assert_snapshot!("tracks.md", read(&repo.join("draft/tracks.md")));
}

/// Regression: new-track opened the `draft/` directory itself as a lock file
/// and failed with "Is a directory" on every run.
#[test]
fn regression_new_track_failed_to_lock_the_context_directory() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    env.draft(&repo).args(["new-track", "First"]).assert().success();
    env.draft(&repo).args(["new-track", "Second"]).assert().success();
    assert_eq!(registry_ids(&repo), ["first", "second"]);
    let untracked = env.git(&repo, &["status", "--porcelain", "--untracked-files=all"]);
    assert!(!untracked.contains("lock"), "no lock file is left in the work tree: {untracked}");
}

#[test]
fn spec_is_the_seed_template_filled_with_the_repository_state() {
    let env = Env::new();
    let repo = env.initialised_repo("shop");
    // An upstream, so `remote` has a value, and an untracked file.
    let remote = env.root().join("remote.git");
    env.git(&env.root(), &["init", "-q", "--bare", remote.to_str().expect("utf-8 path")]);
    env.git(&repo, &["remote", "add", "origin", remote.to_str().expect("utf-8 path")]);
    env.git(&repo, &["push", "-q", "-u", "origin", "main"]);
    common::write(&repo.join("notes.txt"), "scratch\n");
    // `dirty` is about tracked content: the untracked file does not count
    // (asking git for untracked files walks the whole tree).
    let dirty = !env.git(&repo, &["status", "--porcelain", "--untracked-files=no"]).is_empty();

    let a = env.draft(&repo).args(["new-track", "Checkout flow", "--json"]).assert().success();
    let id = json_of(&a)["id"].as_str().expect("id").to_owned();
    assert_eq!(id, "checkout-flow");

    let git = |args: &[&str]| env.git(&repo, args);
    let sha = git(&["rev-parse", "HEAD"]);
    assert!(!git(&["status", "--porcelain"]).is_empty(), "the setup leaves an untracked file");
    let expected = SPEC_TEMPLATE
        .replace("{PROJECT_NAME}", "shop")
        .replace("{TRACK_ID}", &id)
        .replace("{ISO_TIMESTAMP}", NOW)
        .replace("{LOCAL_BRANCH}", &git(&["rev-parse", "--abbrev-ref", "HEAD"]))
        .replace("{REMOTE/BRANCH}", &git(&["rev-parse", "--abbrev-ref", "@{upstream}"]))
        .replace("{FULL_SHA}", &sha)
        .replace("{SHORT_SHA}", &sha[..7])
        .replace("{COMMIT_DATE}", &git(&["log", "-1", "--format=%ci"]))
        .replace("{COMMIT_MESSAGE}", &git(&["log", "-1", "--format=%s"]))
        .replace("  dirty: false", &format!("  dirty: {dirty}"))
        .replace("# Specification: [Title]", "# Specification: Checkout flow");
    assert!(expected.contains("remote: \"origin/main\"") && expected.contains(COMMIT_DATE));
    assert_eq!(track_file(&repo, &id, "spec.md"), expected);
}

#[test]
fn commit_subjects_with_yaml_specials_are_quoted() {
    let env = Env::new();
    let repo = env.repo("app");
    env.draft(&repo).arg("init").assert().success();
    let subject = r#"feat: "quoted" #1 \ back: slash"#;
    env.commit_all(&repo, subject);
    env.draft(&repo).args(["new-track", "Something"]).assert().success();
    let spec = track_file(&repo, "something", "spec.md");
    let line = spec.lines().find(|l| l.starts_with("  commit_message: ")).expect("line");
    assert_eq!(line, r#"  commit_message: "feat: \"quoted\" #1 \\ back: slash""#);
}

#[test]
fn collisions_get_the_date_then_a_counter() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    for _ in 0..3 {
        env.draft(&repo).args(["new-track", "Add user authentication"]).assert().success();
    }
    let base = "add-user-authentication";
    let want = [base.to_owned(), format!("{base}-{NOW_COMPACT}"), format!("{base}-{NOW_COMPACT}-2")];
    assert_eq!(registry_ids(&repo), want);
    for id in &want {
        let meta: serde_json::Value = serde_json::from_str(&track_file(&repo, id, "metadata.json")).expect("json");
        assert_eq!(meta["id"], id.as_str());
        assert_eq!(fm(&track_file(&repo, id, "plan.md"), "track_id"), *id);
    }
}

#[test]
fn odd_descriptions_keep_their_text_and_get_safe_ids() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let cases = [
        ("Fix: login/bug ✨", "fix-login-bug"),
        ("  Spaces   and\ttabs  ", "spaces-and-tabs"),
        ("✨✨✨", "track"),
        ("Support {TRACK_ID} tokens", "support-track-id-tokens"),
        ("Ünïcödé — \"quotes\" & <html>", "n-c-d-quotes-html"),
    ];
    for (description, id) in cases {
        let a = env.draft(&repo).args(["new-track", description, "--json"]).assert().success();
        let report = json_of(&a);
        let title = description.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!((report["id"].as_str(), report["title"].as_str()), (Some(id), Some(title.as_str())));
        assert!(track_file(&repo, id, "spec.md").contains(&format!("\n# Specification: {title}\n")), "{id}");
        assert!(track_file(&repo, id, "plan.md").contains(&format!("\n# Plan: {title}\n")), "{id}");
        let meta: serde_json::Value = serde_json::from_str(&track_file(&repo, id, "metadata.json")).expect("json");
        assert_eq!(meta["title"], title.as_str());
        assert!(read(&repo.join("draft/tracks.md")).contains(&format!("\n### {id} - {title}\n")), "{id}");
    }
    // The registry still reads back with every entry.
    let a = env.draft(&repo).args(["status", "--json"]).assert().success();
    assert_eq!(json_of(&a)["tracks"].as_array().map(Vec::len), Some(cases.len()));
}

#[test]
fn empty_description_is_refused_with_exit_2() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let before = snapshot_tree(&repo.join("draft"));
    for description in ["", "   ", "\t\n"] {
        let a = env.draft(&repo).args(["new-track", description]).assert().code(2);
        assert!(stderr_of(&a).contains("the track description is empty"), "{}", stderr_of(&a));
    }
    assert_eq!(snapshot_tree(&repo.join("draft")), before);
}

#[test]
fn unsafe_ids_are_refused() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    for id in ["../x", "a/b", ".hidden", "/abs"] {
        let a = env.draft(&repo).args(["new-track", "Escape", "--id", id]).assert().code(2);
        assert!(stderr_of(&a).contains(&format!("invalid track id {id:?}")), "{}", stderr_of(&a));
    }
    assert!(!repo.join("draft/x").exists() && !env.root().join("x").exists());
    assert!(registry_ids(&repo).is_empty());
    // A taken id is refused too.
    env.draft(&repo).args(["new-track", "One", "--id", "mine"]).assert().success();
    let a = env.draft(&repo).args(["new-track", "Two", "--id", "mine"]).assert().code(2);
    assert!(stderr_of(&a).contains("already exists"), "{}", stderr_of(&a));
}

#[test]
fn bugfix_plans_have_the_three_bug_phases_and_an_rca_log() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    env.draft(&repo).args(["new-track", "Session expires early", "--type", "bugfix"]).assert().success();
    let id = "session-expires-early";
    let plan = track_file(&repo, id, "plan.md");
    let phases: Vec<&str> = plan.lines().filter(|l| l.starts_with("## Phase")).collect();
    assert_eq!(
        phases,
        ["## Phase 1: Investigate & Reproduce", "## Phase 2: Root Cause Analysis", "## Phase 3: Fix & Verify"]
    );
    let rca = plan.find("\n## RCA Log\n").expect("RCA log");
    assert!(plan[rca..].contains("| # | Hypothesis | Test | Prediction | Actual | Result |"));
    let meta: serde_json::Value = serde_json::from_str(&track_file(&repo, id, "metadata.json")).expect("json");
    assert_eq!(meta["type"], "bugfix");
    let tasks = plan.lines().filter(|l| l.starts_with("- [ ] ")).count();
    assert_eq!(meta["tasks"], serde_json::json!({ "total": tasks, "completed": 0 }));
    assert_eq!(meta["phases"], serde_json::json!({ "total": 3, "completed": 0 }));
}

#[test]
fn detached_head_is_recorded_as_head() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    env.git(&repo, &["checkout", "-q", "--detach"]);
    env.draft(&repo).args(["new-track", "Detached work"]).assert().success();
    for doc in ["spec.md", "plan.md"] {
        let text = track_file(&repo, "detached-work", doc);
        assert_eq!(fm(&text, "git.branch"), "HEAD", "{doc}");
        assert_eq!(fm(&text, "git.commit"), env.git(&repo, &["rev-parse", "HEAD"]));
    }
}

#[test]
fn repository_without_commits_works_and_warns() {
    let env = Env::new();
    let dir = env.dir("fresh");
    env.git(&dir, &["init", "-q", "-b", "main"]);
    env.draft(&dir).arg("init").assert().success();
    let a = env.draft(&dir).args(["new-track", "First track"]).assert().success();
    assert!(stderr_of(&a).contains("no commits yet"), "{}", stderr_of(&a));
    let spec = track_file(&dir, "first-track", "spec.md");
    assert_eq!((fm(&spec, "git.branch"), fm(&spec, "git.commit")), ("main".to_owned(), String::new()));
    assert_eq!(fm(&spec, "git.dirty"), "false", "nothing is staged; untracked draft/ files do not count");
}

#[test]
fn outside_a_repository_works_and_warns() {
    let env = Env::new();
    let dir = env.dir("plain");
    env.draft(&dir).arg("init").assert().success();
    let a = env.draft(&dir).args(["new-track", "No git here"]).assert().success();
    assert!(stderr_of(&a).contains("not inside a git repository"), "{}", stderr_of(&a));
    assert_eq!(registry_ids(&dir), ["no-git-here"]);
}

#[test]
fn with_git_missing_works_and_warns() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let a = env.draft(&repo).env("DRAFT_GIT", "/nonexistent").args(["new-track", "Gitless"]).assert().success();
    let err = stderr_of(&a);
    assert!(err.contains("git could not be run"), "{err}");
    assert!(!err.contains("panicked"));
    assert_eq!(fm(&track_file(&repo, "gitless", "spec.md"), "git.commit"), "");
}

#[test]
fn without_a_project_it_exits_2_with_a_hint() {
    let env = Env::new();
    let dir = env.dir("empty");
    let a = env.draft(&dir).args(["new-track", "Anything"]).assert().code(2);
    let err = stderr_of(&a);
    assert!(err.contains("no draft project found") && err.contains("draft init"), "{err}");
}

#[test]
fn conductor_projects_are_refused() {
    let env = Env::new();
    let dir = env.fixture("conductor-basic");
    let before = snapshot_tree(&dir);
    let a = env.draft(&dir).args(["new-track", "Anything"]).assert().code(2);
    assert!(stderr_of(&a).contains("conductor/"), "{}", stderr_of(&a));
    assert_eq!(snapshot_tree(&dir), before);
}

#[test]
fn a_crlf_registry_stays_crlf() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let registry = repo.join("draft/tracks.md");
    common::write(&registry, read(&registry).replace('\n', "\r\n"));
    env.draft(&repo).args(["new-track", "Windows user"]).assert().success();
    let text = read(&registry);
    assert!(text.contains("### windows-user - Windows user\r\n"), "{text:?}");
    assert!(!text.replace("\r\n", "").contains('\n'), "bare LF in {text:?}");
}

/// Regression: an unclosed code fence at the end of the registry swallowed
/// the entry new-track appended, so the command reported success and status
/// then called the new folder unlisted.
#[test]
fn regression_entry_hidden_by_an_unclosed_fence_in_the_registry() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let registry = repo.join("draft/tracks.md");
    // In place of the Active placeholder, so the fence runs over the later
    // section headings to the end and the entry would be appended inside it.
    let text =
        read(&registry).replacen("<!-- No active tracks -->\n", "Example entry:\n```md\n### example - Example\n", 1);
    let fence_line = text.lines().position(|l| l == "```md").expect("fence") + 1;
    common::write(&registry, &text);
    let before = snapshot_tree(&repo.join("draft"));
    let a = env.draft(&repo).args(["new-track", "Hidden"]).assert().code(2);
    let err = stderr_of(&a);
    assert!(err.contains(&format!("draft/tracks.md:{fence_line}: ")), "{err}");
    assert!(err.contains("never closed"), "{err}");
    assert_eq!(snapshot_tree(&repo.join("draft")), before, "nothing was written");
}

/// Regression (issue 10 item 2): the dirty flag came from a full `git status`
/// that lists untracked files and stats every track's files; it now asks
/// only about tracked content outside draft/ (the code the commit names).
#[test]
fn dirty_means_tracked_changes_outside_draft() {
    let env = Env::new();
    let repo = env.initialised_repo("shop");
    common::write(&repo.join("src/lib.rs"), "pub fn shop() {}\n");
    env.git(&repo, &["add", "-A"]);
    env.git(&repo, &["commit", "-qm", "code"]);
    common::write(&repo.join("untracked.txt"), "scratch\n");
    env.draft(&repo).args(["new-track", "Clean"]).assert().success();
    assert_eq!(fm(&track_file(&repo, "clean", "spec.md"), "git.dirty"), "false");
    env.git(&repo, &["add", "-A"]);
    env.git(&repo, &["commit", "-qm", "track"]);
    common::write(&repo.join("draft/product.md"), "changed\n");
    env.draft(&repo).args(["new-track", "Docs only"]).assert().success();
    assert_eq!(fm(&track_file(&repo, "docs-only", "spec.md"), "git.dirty"), "false", "draft's own documents");
    common::write(&repo.join("src/lib.rs"), "pub fn shop() { todo() }\n");
    env.draft(&repo).args(["new-track", "Dirty"]).assert().success();
    assert_eq!(fm(&track_file(&repo, "dirty", "spec.md"), "git.dirty"), "true");
}
