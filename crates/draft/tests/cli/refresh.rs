//! `draft facts` and `draft refresh`: the JSON contract, the exit codes of
//! `--check` (0 fresh, 1 stale, 2 no project), `init --refresh`, and that a
//! check writes nothing.

use crate::common::{Env, json_of, read, snapshot_tree, write};

#[test]
fn facts_json_names_manifests_tests_and_slots() {
    let env = Env::new();
    let repo = env.repo("svc");
    write(&repo.join("Cargo.toml"), "[package]\nname = \"svc\"\n\n[dependencies]\naxum = \"0.8\"\n");
    write(&repo.join("src/main.rs"), "fn main() {}\n");
    let a = env.draft(&repo).args(["facts", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!(j["version"], 1);
    assert_eq!(j["manifests"][0]["path"], "Cargo.toml");
    assert_eq!(j["test_frameworks"][0]["command"], "cargo test");
    assert!(j["dependencies"].as_array().expect("deps").iter().any(|d| d["name"] == "axum" && d["framework"] == true));
    assert!(j["slots"].as_array().expect("slots").iter().any(|s| s == "CI system"));
}

#[test]
fn refresh_check_exit_codes_and_init_refresh() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let tech = read(&repo.join("draft/tech-stack.md"));
    assert!(tech.contains("<!-- draft:facts begin -->") && tech.contains("<!-- draft:facts end -->"), "{tech}");
    env.draft(&repo).args(["refresh", "--check"]).assert().code(0);

    write(&repo.join("src/lib.rs"), "pub fn x() {}\n");
    let before = snapshot_tree(&repo.join("draft"));
    let a = env.draft(&repo).args(["refresh", "--check", "--json"]).assert().code(1);
    let j = json_of(&a);
    assert_eq!(j["stale"], true);
    let stale: Vec<&str> = j["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .filter(|d| d["stale"] == true)
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert_eq!(stale, ["draft/tech-stack.md", "draft/architecture.md", "draft/.ai-context.md"]);
    assert_eq!(snapshot_tree(&repo.join("draft")), before, "--check writes nothing");

    env.draft(&repo).args(["init", "--refresh"]).assert().success();
    assert!(read(&repo.join("draft/tech-stack.md")).contains("| Rust | 1 |"));
    let a = env.draft(&repo).args(["refresh", "--check", "--json"]).assert().code(1);
    let j = json_of(&a);
    let stale: Vec<&str> = j["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .filter(|d| d["stale"] == true)
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert_eq!(stale, ["draft/architecture.md"], "prose documents wait for a review");
    env.draft(&repo).args(["refresh", "--reviewed", "architecture.md"]).assert().success();
    env.draft(&repo).args(["refresh", "--check"]).assert().code(0);

    let bare = env.dir("bare");
    env.draft(&bare).args(["refresh", "--check"]).assert().code(2);
}
