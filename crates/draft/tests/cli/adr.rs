//! `draft adr new|list|show|supersede|link|index`: numbering that never
//! reuses an issued number, status and relation edits that change nothing
//! else, the index region, and bad files reported instead of panicking.
//! Import and foreign collections are in `adr_import.rs`.

use crate::common::{Env, fm, json_of, read, snapshot_tree, stderr_of, stdout_of, write};
use serde_json::Value;
use std::path::Path;

/// A hand-written ADR in draft's format.
fn adr_text(n: u32, title: &str, status: &str) -> String {
    format!(
        "# ADR-{n:03}: {title}\n\n**Status:** {status}\n**Date:** 2026-01-0{n}\n\n## Context\n\nWhy {title}.\n\n## Decision\n\nWe will {title}.\n"
    )
}

fn numbers(env: &Env, repo: &Path) -> Vec<u64> {
    let j = json_of(&env.draft(repo).args(["adr", "list", "--json"]).assert().success());
    j["adrs"].as_array().expect("adrs").iter().map(|a| a["number"].as_u64().expect("number")).collect()
}

#[test]
fn new_takes_the_next_number_over_gaps_and_never_reuses_a_deleted_one() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    write(&repo.join("draft/adrs/001-first.md"), adr_text(1, "Start", "Accepted"));
    write(&repo.join("draft/adrs/003-third.md"), adr_text(3, "Skip two", "Accepted"));
    let a = env.draft(&repo).args(["adr", "new", "Use PostgreSQL for the ledger", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!((j["number"].as_u64(), j["id"].as_str()), (Some(4), Some("ADR-004")));
    assert_eq!(j["path"], "draft/adrs/004-use-postgresql-for-the-ledger.md");
    assert_eq!((j["status"].as_str(), j["date"].as_str()), (Some("Proposed"), Some("2026-03-01")));

    let text = read(&repo.join("draft/adrs/004-use-postgresql-for-the-ledger.md"));
    assert_eq!(fm(&text, "generated_by"), "draft:adr");
    assert_eq!(fm(&text, "git.commit"), env.git(&repo, &["rev-parse", "HEAD"]));
    assert!(
        text.contains("\n# ADR-004: Use PostgreSQL for the ledger\n\n**Status:** Proposed\n**Date:** 2026-03-01\n")
    );
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ") || l.starts_with("### ")).collect();
    assert_eq!(
        headings,
        [
            "## Context",
            "## Decision",
            "## Alternatives Considered",
            "### Alternative 1: [Name]",
            "### Alternative 2: [Name]",
            "## Consequences",
            "### Positive",
            "### Negative",
            "### Risks",
            "## References"
        ]
    );

    // The last ADR, committed then deleted (and the deletion committed): its number stays used.
    env.commit_all(&repo, "docs: adr 4");
    std::fs::remove_file(repo.join("draft/adrs/004-use-postgresql-for-the-ledger.md")).expect("rm");
    env.commit_all(&repo, "docs: drop adr 4");
    let a = env.draft(&repo).args(["adr", "new", "Use SQLite for the ledger", "-q"]).assert().success();
    assert_eq!(stdout_of(&a), "draft/adrs/005-use-sqlite-for-the-ledger.md\n");
    // Deleted but not yet committed: the history still has it.
    env.commit_all(&repo, "docs: adr 5");
    std::fs::remove_file(repo.join("draft/adrs/005-use-sqlite-for-the-ledger.md")).expect("rm");
    let a = env.draft(&repo).args(["adr", "new", "Keep the ledger in files", "--json"]).assert().success();
    assert_eq!(json_of(&a)["number"], 6);
    assert_eq!(numbers(&env, &repo), [1, 3, 6]);

    let a = env.draft(&repo).args(["adr", "new", "  "]).assert().code(2);
    assert!(stderr_of(&a).contains("title is empty"), "{}", stderr_of(&a));
}

#[test]
fn list_and_show_read_the_fields_and_sections() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    env.draft(&repo).args(["adr", "new", "Record decisions"]).assert().success();
    write(&repo.join("draft/adrs/002-b.md"), adr_text(2, "Use queues", "Accepted"));
    let a = env.draft(&repo).args(["adr", "list"]).assert().success();
    insta::assert_snapshot!("adr-list-table", stdout_of(&a));
    let j = json_of(&env.draft(&repo).args(["adr", "list", "--json"]).assert().success());
    assert_eq!(j["dir"], "draft/adrs");
    assert_eq!(j["flavour"], "draft");
    assert_eq!(j["adrs"][1]["state"], "accepted");
    assert_eq!(j["adrs"][1]["superseded_by"], Value::Null);

    let a = env.draft(&repo).args(["adr", "show", "ADR-002"]).assert().success();
    assert_eq!(stdout_of(&a), adr_text(2, "Use queues", "Accepted"), "show prints the file as it is");
    let j = json_of(&env.draft(&repo).args(["adr", "show", "2", "--json"]).assert().success());
    assert_eq!(j["adr"]["title"], "Use queues");
    let sections: Vec<&str> = j["sections"].as_array().expect("s").iter().filter_map(|s| s["title"].as_str()).collect();
    assert_eq!(sections, ["Context", "Decision"]);
    assert_eq!(j["sections"][1]["body"], "We will Use queues.");
    let j = json_of(&env.draft(&repo).args(["adr", "show", "001", "--json"]).assert().success());
    let consequences = &j["sections"][3];
    assert_eq!(consequences["title"], "Consequences");
    assert_eq!(consequences["subsections"].as_array().map(Vec::len), Some(3));

    let a = env.draft(&repo).args(["adr", "show", "9", "--json"]).assert().code(2);
    assert_eq!(json_of(&a)["error"]["code"], "unknown-adr");
    env.draft(&repo).args(["adr", "show", "nine"]).assert().code(2);
}

/// `src` without the lines that start with one of `prefixes`.
fn without_lines(src: &str, prefixes: &[&str]) -> String {
    src.split_inclusive('\n').filter(|l| !prefixes.iter().any(|p| l.starts_with(p))).collect()
}

#[test]
fn supersede_rewrites_only_the_two_status_lines() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    env.draft(&repo).args(["adr", "new", "Store orders in MySQL"]).assert().success();
    env.draft(&repo).args(["adr", "new", "Store orders in PostgreSQL"]).assert().success();
    let (old_path, new_path) = (
        repo.join("draft/adrs/001-store-orders-in-mysql.md"),
        repo.join("draft/adrs/002-store-orders-in-postgresql.md"),
    );
    // The author's reasoning, with a CRLF file and a trailing line without a newline.
    let old = read(&old_path).replace("**Status:** Proposed", "**Status:** Accepted").replace('\n', "\r\n") + "tail";
    write(&old_path, &old);
    let new = read(&new_path);
    env.commit_all(&repo, "docs: two adrs");

    let a = env.draft(&repo).args(["adr", "supersede", "1", "--by", "2", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!(j["action"], "supersede");
    assert_eq!(j["edits"][0]["now"], "Status: Superseded by ADR-002");
    assert_eq!(j["edits"][0]["was"], "Accepted");
    let (old_after, new_after) = (read(&old_path), read(&new_path));
    assert!(old_after.contains("\r\n**Status:** Superseded by ADR-002\r\n"), "{old_after}");
    assert!(new_after.contains("**Date:** 2026-03-01\n**Supersedes:** ADR-001\n\n## Context"), "{new_after}");
    // Every other byte is as it was.
    assert_eq!(without_lines(&old_after, &["**Status:**"]), without_lines(&old, &["**Status:**"]));
    assert_eq!(without_lines(&new_after, &["**Supersedes:**"]), new);

    // Asking again changes nothing; a second successor or a loop is refused.
    let a = env.draft(&repo).args(["adr", "supersede", "ADR-001", "--by", "002"]).assert().success();
    assert!(stdout_of(&a).contains("already says so"), "{}", stdout_of(&a));
    assert_eq!((read(&old_path), read(&new_path)), (old_after.clone(), new_after.clone()));
    env.draft(&repo).args(["adr", "new", "Store orders in files"]).assert().success();
    let a = env.draft(&repo).args(["adr", "supersede", "1", "--by", "3"]).assert().code(2);
    assert!(stderr_of(&a).contains("already superseded by ADR-002"), "{}", stderr_of(&a));
    env.draft(&repo).args(["adr", "supersede", "2", "--by", "1"]).assert().code(2);
    env.draft(&repo).args(["adr", "supersede", "2", "--by", "2"]).assert().code(2);
    let a = env.draft(&repo).args(["adr", "supersede", "2", "--by", "7", "--json"]).assert().code(2);
    assert_eq!(json_of(&a)["error"]["code"], "unknown-adr");
    assert_eq!(read(&old_path), old_after);

    let list = json_of(&env.draft(&repo).args(["adr", "list", "--json"]).assert().success());
    assert_eq!(list["adrs"][0]["state"], "superseded");
    assert_eq!(list["adrs"][0]["superseded_by"], 2);
    assert_eq!(list["adrs"][1]["relations"], serde_json::json!([{ "kind": "Supersedes", "target": 1 }]));
    // draft check agrees: the successor exists.
    let check = json_of(&env.draft(&repo).args(["check", "--json"]).assert());
    let adr_findings: Vec<&Value> = check["diagnostics"]
        .as_array()
        .expect("d")
        .iter()
        .filter(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("adr-")))
        .collect();
    assert!(adr_findings.is_empty(), "{adr_findings:?}");
}

#[test]
fn link_writes_both_sides_once() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    write(&repo.join("draft/adrs/001-a.md"), adr_text(1, "Publish events", "Accepted"));
    write(&repo.join("draft/adrs/002-b.md"), adr_text(2, "Retry deliveries", "Proposed"));
    write(&repo.join("draft/adrs/003-c.md"), adr_text(3, "Batch deliveries", "Proposed"));
    let a = env.draft(&repo).args(["adr", "link", "2", "1", "--kind", "Amends"]).assert().success();
    assert!(stdout_of(&a).contains("ADR-001: Amended by ADR-002"), "{}", stdout_of(&a));
    let (one, two) = (read(&repo.join("draft/adrs/001-a.md")), read(&repo.join("draft/adrs/002-b.md")));
    assert!(two.contains("**Date:** 2026-01-02\n**Amends:** ADR-001\n\n"), "{two}");
    assert!(one.contains("**Date:** 2026-01-01\n**Amended by:** ADR-002\n\n"), "{one}");
    assert_eq!(without_lines(&one, &["**Amended by:**"]), adr_text(1, "Publish events", "Accepted"));

    let before = snapshot_tree(&repo.join("draft"));
    let j = json_of(&env.draft(&repo).args(["adr", "link", "2", "1", "--kind", "amends", "--json"]).assert().success());
    assert_eq!((j["edits"][0]["changed"].as_bool(), j["edits"][1]["changed"].as_bool()), (Some(false), Some(false)));
    assert_eq!(snapshot_tree(&repo.join("draft")), before, "a second link changes nothing");

    // The same kind to another ADR joins the existing line.
    env.draft(&repo).args(["adr", "link", "3", "1", "--kind", "Amends"]).assert().success();
    assert!(read(&repo.join("draft/adrs/001-a.md")).contains("**Amended by:** ADR-002, ADR-003\n"));
    // Unknown kinds need --reverse; supersession has its own verb.
    let a = env.draft(&repo).args(["adr", "link", "1", "3", "--kind", "Inspires"]).assert().code(2);
    assert!(stderr_of(&a).contains("--reverse"), "{}", stderr_of(&a));
    env.draft(&repo)
        .args(["adr", "link", "1", "3", "--kind", "Inspires", "--reverse", "Inspired by"])
        .assert()
        .success();
    assert!(read(&repo.join("draft/adrs/003-c.md")).contains("**Inspired by:** ADR-001\n"));
    env.draft(&repo).args(["adr", "link", "1", "2", "--kind", "Supersedes"]).assert().code(2);
    env.draft(&repo).args(["adr", "link", "1", "1", "--kind", "Amends"]).assert().code(2);
}

#[test]
fn index_rewrites_only_its_region() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    env.draft(&repo).args(["adr", "new", "Record decisions"]).assert().success();
    let a = env.draft(&repo).args(["adr", "index", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!((j["created"].as_bool(), j["adrs"].as_u64()), (Some(true), Some(1)));
    let path = repo.join("draft/adrs/README.md");
    let created = read(&path);
    assert_eq!(fm(&created, "generated_by"), "draft:adr");
    assert!(created.contains("| [ADR-001](001-record-decisions.md) | Record decisions | Proposed | 2026-03-01 |\n"));

    // The team writes around the region; draft keeps it byte for byte.
    let (begin, end) = ("<!-- draft:adr-index begin -->", "<!-- draft:adr-index end -->");
    let head = format!("{}Our notes.\r\n\r\n", created[..created.find(begin).expect("begin")].replace('\n', "\r\n"));
    let tail = "\r\n## How we decide\r\n\r\nBy consensus | vote.\r\n";
    write(&path, format!("{head}{begin}\r\nstale\r\n{end}{tail}"));
    env.draft(&repo).args(["adr", "new", "Use a | pipe in a title"]).assert().success();
    let updated = read(&path);
    assert!(updated.starts_with(&format!("{head}{begin}\r\n| ADR | Title | Status | Date |\r\n")), "{updated}");
    assert!(updated.ends_with(&format!("{end}{tail}")), "{updated}");
    assert!(updated.contains("| Use a \\| pipe in a title |"), "{updated}");
    let a = env.draft(&repo).args(["adr", "index"]).assert().success();
    assert_eq!(stdout_of(&a), "unchanged draft/adrs/README.md (2 ADRs)\n");

    // No markers: the region is appended, the rest kept.
    write(&path, "# Decisions\n\nHand-written.");
    env.draft(&repo).args(["adr", "index"]).assert().success();
    let appended = read(&path);
    assert!(appended.starts_with(&format!("# Decisions\n\nHand-written.\n\n{begin}\n| ADR |")), "{appended}");
    // Broken markers: an error naming the line, nothing written.
    let broken = format!("# Decisions\n{begin}\nx\n");
    write(&path, &broken);
    let a = env.draft(&repo).args(["adr", "index", "--json"]).assert().code(2);
    let j = json_of(&a);
    assert_eq!((j["error"]["code"].as_str(), j["error"]["line"].as_u64()), (Some("malformed"), Some(2)));
    assert_eq!(read(&path), broken);
    // The index is not an ADR to draft check.
    write(&path, &appended);
    let check = json_of(&env.draft(&repo).args(["check", "--json"]).assert());
    let on_readme =
        check["diagnostics"].as_array().expect("d").iter().filter(|d| d["file"] == "draft/adrs/README.md").count();
    assert_eq!(on_readme, 0, "{check}");
}

#[test]
fn bad_files_are_diagnostics_not_panics() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    write(&repo.join("draft/adrs/001-ok.md"), adr_text(1, "Fine", "Accepted"));
    write(
        &repo.join("draft/adrs/002-broken-yaml.md"),
        format!("---\nstatus: [\n---\n{}", adr_text(2, "Broken", "Accepted")),
    );
    write(&repo.join("draft/adrs/003-latin1.md"), b"# ADR-003: Caf\xe9\n\n**Status:** Accepted\n".as_slice());
    write(
        &repo.join("draft/adrs/004-unclosed.md"),
        format!("---\nproject: \"x\"\n{}", adr_text(4, "Open", "Proposed")),
    );
    let a = env.draft(&repo).args(["adr", "list", "--json"]).assert().success();
    let j = json_of(&a);
    let listed: Vec<u64> = j["adrs"].as_array().expect("a").iter().filter_map(|a| a["number"].as_u64()).collect();
    assert_eq!(listed, [1, 2, 4]);
    let warned: Vec<(&str, &str)> = j["warnings"]
        .as_array()
        .expect("w")
        .iter()
        .map(|w| (w["file"].as_str().unwrap_or(""), w["rule"].as_str().unwrap_or("")))
        .collect();
    assert!(warned.contains(&("draft/adrs/002-broken-yaml.md", "frontmatter-yaml")), "{warned:?}");
    assert!(warned.contains(&("draft/adrs/003-latin1.md", "unreadable")), "{warned:?}");
    assert!(warned.contains(&("draft/adrs/004-unclosed.md", "frontmatter-yaml")), "{warned:?}");
    let text = stderr_of(&env.draft(&repo).args(["adr", "list"]).assert().success());
    assert!(text.contains("draft/adrs/003-latin1.md: cannot read this ADR: the file is not valid UTF-8"), "{text}");
    assert!(text.contains("draft/adrs/002-broken-yaml.md:2"), "{text}");

    let before = snapshot_tree(&repo.join("draft"));
    let a = env.draft(&repo).args(["adr", "supersede", "3", "--by", "1", "--json"]).assert().code(2);
    assert_eq!(json_of(&a)["error"]["code"], "unreadable");
    let a = env.draft(&repo).args(["adr", "link", "4", "1", "--kind", "Amends", "--json"]).assert().code(2);
    assert_eq!(json_of(&a)["error"]["code"], "malformed");
    assert_eq!(snapshot_tree(&repo.join("draft")), before, "nothing written");
    // The broken-YAML ADR still has a body draft can edit, and its number counts.
    env.draft(&repo).args(["adr", "supersede", "2", "--by", "1"]).assert().success();
    let a = env.draft(&repo).args(["adr", "new", "Next", "--json"]).assert().success();
    assert_eq!(json_of(&a)["number"], 5);
}

#[cfg(unix)]
#[test]
fn writes_never_leave_draft() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let outside = env.dir("outside");
    std::os::unix::fs::symlink(&outside, repo.join("draft/adrs")).expect("link");
    let a = env.draft(&repo).args(["adr", "new", "Escape", "--json"]).assert().code(2);
    assert_eq!(json_of(&a)["error"]["code"], "link-leaves-project");
    assert_eq!(std::fs::read_dir(&outside).expect("ls").count(), 0);
    // Reading anywhere is fine.
    write(&outside.join("0001-x.md"), "# 1. X\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n");
    let j = json_of(&env.draft(&repo).args(["adr", "list", "--dir", "../outside", "--json"]).assert().success());
    assert_eq!(j["adrs"][0]["title"], "X");
    assert_eq!(j["flavour"], "adr-tools");
}

#[test]
fn adr_json_matches_the_schemas() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let fixture = crate::common::fixtures_dir().join("adr/adr-tools");
    let run = |args: &[&str], name: &str| {
        let a = env.draft(&repo).args(args).assert();
        let text = stdout_of(&a);
        assert!(text.starts_with("{\n  \"version\": 1,"), "{args:?}: {text}");
        let value: Value = serde_json::from_str(&text).expect("json");
        let schema = json_of(&env.draft(&repo).args(["schema", name]).assert().success());
        let validator = jsonschema::validator_for(&schema).expect("schema");
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{args:?} vs {name}: {errors:?}\n{text}");
    };
    run(&["adr", "new", "One", "--json"], "adr-new");
    run(&["adr", "new", "Two", "--json"], "adr-new");
    run(&["adr", "list", "--json"], "adr-list");
    run(&["adr", "show", "1", "--json"], "adr-show");
    run(&["adr", "supersede", "1", "--by", "2", "--json"], "adr-change");
    run(&["adr", "link", "2", "1", "--kind", "Refines", "--json"], "adr-change");
    run(&["adr", "index", "--json"], "adr-index");
    let dir = fixture.join("docs/architecture/decisions");
    let dir = dir.to_str().expect("utf-8");
    run(&["adr", "import", "--dir", dir, "--json"], "adr-import");
    run(&["adr", "show", "6", "--json"], "error");
}

#[test]
fn status_records_the_decision_and_nothing_else() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    env.draft(&repo).args(["adr", "new", "Use queues"]).assert().success();
    env.draft(&repo).args(["adr", "new", "Use streams"]).assert().success();
    let path = repo.join("draft/adrs/001-use-queues.md");
    let proposed = read(&path);
    let j = json_of(&env.draft(&repo).args(["adr", "status", "1", "accepted", "--json"]).assert().success());
    assert_eq!((j["action"].as_str(), j["edits"][0]["was"].as_str()), (Some("status"), Some("Proposed")));
    assert_eq!(read(&path), proposed.replace("**Status:** Proposed\n", "**Status:** Accepted\n"));
    let j = json_of(&env.draft(&repo).args(["adr", "status", "ADR-001", "accepted", "--json"]).assert().success());
    assert_eq!(j["edits"][0]["changed"], false);
    env.draft(&repo).args(["adr", "status", "1", "superseded"]).assert().code(2);
    env.draft(&repo).args(["adr", "supersede", "1", "--by", "2"]).assert().success();
    let a = env.draft(&repo).args(["adr", "status", "1", "deprecated", "--json"]).assert().code(2);
    assert_eq!(json_of(&a)["error"]["code"], "invalid-state");
}

#[test]
fn agents_creating_adrs_at_once_get_different_numbers() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let children: Vec<std::process::Child> = (0..4)
        .map(|i| {
            let mut cmd = env.draft_std(&repo);
            cmd.args(["adr", "new", &format!("Decision {i}")]).stdout(std::process::Stdio::null());
            cmd.spawn().expect("spawn")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success());
    }
    assert_eq!(numbers(&env, &repo), [1, 2, 3, 4]);
}
