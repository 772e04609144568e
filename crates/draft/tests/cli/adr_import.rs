//! `draft adr list --dir` on adr-tools and MADR collections as they are,
//! and `draft adr import`: a dry run by default, header-only mapping with
//! the decision text kept byte for byte, numbers kept, never overwriting.
//! The fixtures under `tests/fixtures/adr/` are small realistic collections.

use crate::common::{Env, fixtures_dir, json_of, read, snapshot_tree, stdout_of, write};
use serde_json::Value;
use std::path::Path;

const TOOLS_DIR: &str = "docs/architecture/decisions";
const MADR_DIR: &str = "docs/decisions";

/// The fixture `name` copied into a fresh, initialised repository.
fn repo_with(env: &Env, name: &str) -> std::path::PathBuf {
    let repo = env.initialised_repo("app");
    let from = fixtures_dir().join("adr").join(name);
    copy(&from, &repo);
    env.commit_all(&repo, "docs: the team's ADRs");
    repo
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("ls") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// (number, title, state, superseded_by, relations) of every ADR listed.
fn digest(list: &Value) -> Vec<(u64, String, String, Value, Value)> {
    list["adrs"]
        .as_array()
        .expect("adrs")
        .iter()
        .map(|a| {
            (
                a["number"].as_u64().unwrap_or(0),
                a["title"].as_str().unwrap_or("").to_owned(),
                a["state"].as_str().unwrap_or("").to_owned(),
                a["superseded_by"].clone(),
                a["relations"].clone(),
            )
        })
        .collect()
}

#[test]
fn adr_tools_collection_reads_as_it_is() {
    let env = Env::new();
    // No draft project needed to read a directory.
    let dir = env.dir("shop");
    copy(&fixtures_dir().join("adr/adr-tools"), &dir);
    let a = env.draft(&dir).args(["adr", "list", "--dir", TOOLS_DIR]).assert().success();
    insta::assert_snapshot!("adr-tools-list", stdout_of(&a));
    let j = json_of(&env.draft(&dir).args(["adr", "list", "--dir", TOOLS_DIR, "--json"]).assert().success());
    assert_eq!(j["flavour"], "adr-tools");
    assert_eq!(j["warnings"], serde_json::json!([]), "README.md is not an ADR");
    let two = &j["adrs"][1];
    assert_eq!((two["state"].as_str(), two["superseded_by"].as_u64()), (Some("superseded"), Some(4)));
    assert_eq!(two["date"], "2019-02-03");
    assert_eq!(two["path"], "docs/architecture/decisions/0002-store-orders-in-mysql.md");
    assert_eq!(j["adrs"][2]["relations"], serde_json::json!([{ "kind": "Amended by", "target": 5 }]));
    assert_eq!(j["adrs"][3]["relations"], serde_json::json!([{ "kind": "Supersedes", "target": 2 }]));
    let show = json_of(&env.draft(&dir).args(["adr", "show", "3", "--dir", TOOLS_DIR, "--json"]).assert().success());
    let titles: Vec<&str> =
        show["sections"].as_array().expect("s").iter().filter_map(|s| s["title"].as_str()).collect();
    assert_eq!(titles, ["Status", "Context", "Decision", "Consequences"], "the heading in the code block is not one");
}

#[test]
fn madr_collection_reads_as_it_is() {
    let env = Env::new();
    let repo = repo_with(&env, "madr");
    let a = env.draft(&repo).args(["adr", "list", "--dir", MADR_DIR]).assert().success();
    insta::assert_snapshot!("madr-list", stdout_of(&a));
    let j = json_of(&env.draft(&repo).args(["adr", "list", "--dir", MADR_DIR, "--json"]).assert().success());
    assert_eq!(j["flavour"], "madr");
    assert_eq!(j["adrs"].as_array().map(Vec::len), Some(4), "the template is not an ADR");
    assert_eq!(j["adrs"][0]["status"], "accepted");
    assert_eq!(j["adrs"][0]["date"], "2023-05-10");
    assert_eq!((j["adrs"][1]["state"].as_str(), j["adrs"][1]["superseded_by"].as_u64()), (Some("superseded"), Some(3)));
    assert_eq!((j["adrs"][3]["state"].as_str(), j["adrs"][3]["date"].as_str()), (Some("accepted"), Some("2023-09-01")));
}

#[test]
fn import_adr_tools_round_trip() {
    let env = Env::new();
    let repo = repo_with(&env, "adr-tools");
    let before = snapshot_tree(&repo);
    // Found through .adr-dir; a dry run writes nothing.
    let a = env.draft(&repo).args(["adr", "import"]).assert().success();
    assert!(
        stdout_of(&a).contains("Dry run: 5 ADRs from docs/architecture/decisions (adr-tools)"),
        "{}",
        stdout_of(&a)
    );
    assert_eq!(snapshot_tree(&repo), before);

    let j = json_of(&env.draft(&repo).args(["adr", "import", "--apply", "--json"]).assert().success());
    assert_eq!((j["applied"].as_bool(), j["problems"].as_array().map(Vec::len)), (Some(true), Some(0)));
    assert_eq!(j["files"][1]["to"], "draft/adrs/002-store-orders-in-mysql.md");
    let converted = read(&repo.join("draft/adrs/002-store-orders-in-mysql.md"));
    let body = converted[converted.find("\n# ADR-").expect("heading") + 1..].to_owned();
    insta::assert_snapshot!("adr-tools-imported-002", body);

    // The same ADRs, numbers, states and relations, read back from draft's layout.
    let theirs = json_of(&env.draft(&repo).args(["adr", "list", "--dir", TOOLS_DIR, "--json"]).assert().success());
    let ours = json_of(&env.draft(&repo).args(["adr", "list", "--json"]).assert().success());
    assert_eq!(digest(&ours), digest(&theirs));
    assert_eq!(ours["flavour"], "draft");
    // The decision text is byte for byte the source's, from the first section after Status on.
    for (from, to) in [
        ("0003-publish-order-events-through-a-queue.md", "003-publish-order-events-through-a-queue.md"),
        ("0005-retry-failed-event-deliveries.md", "005-retry-failed-event-deliveries.md"),
    ] {
        let src = read(&repo.join(TOOLS_DIR).join(from));
        let out = read(&repo.join("draft/adrs").join(to));
        let tail = &src[src.find("## Context").expect("context")..];
        assert!(out.ends_with(tail), "{to}:\n{out}");
    }
    // draft check is content with the result.
    let check = json_of(&env.draft(&repo).args(["check", "--json"]).assert());
    let adr: Vec<&Value> = check["diagnostics"]
        .as_array()
        .expect("d")
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.starts_with("draft/adrs")))
        .collect();
    assert!(adr.is_empty(), "{adr:?}");

    // Again: every number exists now, so nothing is written and the exit code says so.
    let after = snapshot_tree(&repo.join("draft"));
    let j = json_of(&env.draft(&repo).args(["adr", "import", "--apply", "--json"]).assert().code(1));
    assert_eq!(j["applied"], false);
    assert_eq!(j["problems"].as_array().map(Vec::len), Some(5));
    assert_eq!(j["problems"][0]["rule"], "adr-numbering");
    assert!(j["problems"][0]["message"].as_str().is_some_and(|m| m.contains("import never overwrites")), "{j}");
    assert_eq!(snapshot_tree(&repo.join("draft")), after);
    // New numbers continue after the imported ones.
    let a = env.draft(&repo).args(["adr", "new", "Next", "--json"]).assert().success();
    assert_eq!(json_of(&a)["number"], 6);
}

#[test]
fn import_madr_keeps_other_keys_and_notes_links() {
    let env = Env::new();
    let repo = repo_with(&env, "madr");
    write(
        &repo.join("draft/adrs/README.md"),
        "# ADRs\n\n<!-- draft:adr-index begin -->\n<!-- draft:adr-index end -->\n",
    );
    let j =
        json_of(&env.draft(&repo).args(["adr", "import", "--dir", MADR_DIR, "--apply", "--json"]).assert().success());
    assert_eq!(j["flavour"], "madr");
    assert_eq!(j["index"], "draft/adrs/README.md");
    let three = &j["files"][2];
    assert_eq!(
        three["notes"],
        serde_json::json!(["links to 0002-expose-a-rest-api.md, which is now 002-expose-a-rest-api.md"])
    );
    let one = read(&repo.join("draft/adrs/001-use-madr-for-decision-records.md"));
    // The pinned block first, then the source's other keys, then the mapped header and the text.
    assert!(one.starts_with("---\nproject: \"app\"\nmodule: \"root\"\ngenerated_by: \"draft:adr\"\n"), "{one}");
    insta::assert_snapshot!("madr-imported-001", &one[one.find("\ndecision-makers").expect("kept keys") + 1..]);
    assert!(!one.contains("status: accepted"), "status moved out of the frontmatter");
    let two = read(&repo.join("draft/adrs/002-expose-a-rest-api.md"));
    assert!(
        two.contains(
            "# ADR-002: Expose a REST API\n\n**Status:** Superseded by ADR-003\n**Date:** 2023-06-02\n\n## Context"
        ),
        "{two}"
    );
    let four = read(&repo.join("draft/adrs/004-cache-sessions-in-redis.md"));
    assert!(
        four.contains("# ADR-004: Cache sessions in Redis\n\n**Status:** Accepted\n**Date:** 2023-09-01\n\n* Deciders: Priya, Sam\n\nTechnical Story:"),
        "{four}"
    );
    let theirs = json_of(&env.draft(&repo).args(["adr", "list", "--dir", MADR_DIR, "--json"]).assert().success());
    let ours = json_of(&env.draft(&repo).args(["adr", "list", "--json"]).assert().success());
    assert_eq!(digest(&ours), digest(&theirs));
    assert!(
        read(&repo.join("draft/adrs/README.md")).contains(
            "| [ADR-004](004-cache-sessions-in-redis.md) | Cache sessions in Redis | Accepted | 2023-09-01 |"
        )
    );
}

#[test]
fn import_refuses_bad_sources_and_writes_nothing() {
    let env = Env::new();
    let repo = repo_with(&env, "adr-tools");
    write(&repo.join(TOOLS_DIR).join("0006-latin1.md"), b"# 6. Caf\xe9\n".as_slice());
    let before = snapshot_tree(&repo.join("draft"));
    let j = json_of(&env.draft(&repo).args(["adr", "import", "--apply", "--json"]).assert().code(1));
    assert_eq!(j["problems"][0]["rule"], "unreadable");
    assert_eq!(j["problems"][0]["file"], "docs/architecture/decisions/0006-latin1.md");
    assert_eq!(snapshot_tree(&repo.join("draft")), before);

    // Two collections and no .adr-dir: draft asks which.
    std::fs::remove_file(repo.join(".adr-dir")).expect("rm");
    write(&repo.join("doc/adr/0001-x.md"), "# 1. X\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n");
    let j = json_of(&env.draft(&repo).args(["adr", "import", "--json"]).assert().code(2));
    assert_eq!(j["error"]["code"], "usage");
    let bare = env.initialised_repo("bare");
    let a = env.draft(&bare).args(["adr", "import"]).assert().code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("no ADR collection found"));
    env.draft(&bare).args(["adr", "import", "--dir", "draft/adrs"]).assert().code(2);
}
