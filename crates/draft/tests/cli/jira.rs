//! `draft jira preview|create` end to end, against a fake Jira Cloud the
//! test starts on 127.0.0.1 (`jira/fake.rs`): nothing leaves this machine.
//!
//! What a user relies on: the preview's issues and story points; a create
//! that makes every issue exactly once in order epic → stories → sub-tasks
//! and writes each key back without touching any other byte of plan.md; a
//! run stopped by a 500 that can simply be run again; 429s waited out within
//! the configured cap; keyed items skipped; and the API token never shown or
//! written anywhere.

#[path = "jira/fake.rs"]
mod fake;

use crate::common::{Env, json_of, read, stderr_of, stdout_of, write};
use fake::{FakeJira, Reply};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TOKEN: &str = "tok-9f8e7d6c5b4a-NEVER-SHOW";
const EMAIL: &str = "dev@example.com";
const TRACK: &str = "draft/tracks/export-csv";

/// A loose task above every heading (left out), a fenced checkbox (not a
/// task), trailing blanks, a SHA, a status note, an empty phase and a
/// group that is not a phase: 4 stories, 5 sub-tasks.
const PLAN: &str = "# Plan: Export ledgers as CSV

**Track ID:** export-csv
- [ ] Loose task before any heading

## Overview
The CSV writer first, then the command line.

```text
- [ ] not a task, inside a fence
```

## Phase 1: CSV writer
**Goal:** write ledgers as CSV
**Verification:** the round-trip test passes

- [x] **Task 1.1:** Add the writer (a1b2c3d)
- [~] **Task 1.2:** Quote fields   
  - Depends on: Task 1.1
- [ ] **Task 1.3:** Stream large ledgers

## Phase 2: Command line [x] Complete
- [ ] **Task 2.1:** Add `--csv`

## Phase 3: Docs

## Review Fixes
* [ ] Fix the header typo
";

const JIRA_MD: &str =
    "# Jira\n\n```yaml\nproject_key: PROJ\nlabels: [draft]\nstory_points_field: customfield_10016\n```\n";

fn project() -> (Env, PathBuf) {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    env.draft(&repo).args(["new-track", "Export ledgers as CSV", "--id", "export-csv"]).assert().success();
    write(&repo.join(TRACK).join("plan.md"), PLAN);
    write(&repo.join("draft/jira.md"), JIRA_MD);
    // Counts and status in step with the new plan, so only draft jira changes files from here.
    env.draft(&repo).arg("sync").assert().success();
    (env, repo)
}

/// `draft` with the fake's address and the credentials in its environment.
fn jira(env: &Env, repo: &Path, fake: &FakeJira) -> assert_cmd::Command {
    let mut cmd = env.draft(repo);
    cmd.env("DRAFT_JIRA_URL", fake.url())
        .env("DRAFT_JIRA_EMAIL", EMAIL)
        .env("DRAFT_JIRA_TOKEN", TOKEN)
        .env("DRAFT_JIRA_MAX_WAIT", "0.3");
    cmd
}

/// `text` without the ` [PROJ-n]` keys the fake hands out.
fn without_new_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" [PROJ-") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " [PROJ-".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(']') {
            rest = &after[digits + 1..];
        } else {
            out.push_str(" [PROJ-");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Validate a `--json` stdout against `draft schema NAME`.
fn valid(env: &Env, a: &assert_cmd::assert::Assert, name: &str) -> Value {
    let value = json_of(a);
    assert_eq!(value["version"], 1);
    let schema = json_of(&env.draft(&env.root()).args(["schema", name]).assert().success());
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "does not match {name}: {errors:?}\n{value}");
    value
}

#[test]
fn preview_writes_the_export_and_prints_the_model() {
    let (env, repo) = project();
    let a = env.draft(&repo).args(["jira", "preview", "--json"]).assert().success();
    let e = valid(&env, &a, "jira-preview");
    assert_eq!(
        (e["track"].as_str(), e["written"].as_bool(), e["project_key"].as_str()),
        (Some("export-csv"), Some(true), Some("PROJ"))
    );
    let stories: Vec<(&str, u64, usize)> = e["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .map(|s| {
            (
                s["summary"].as_str().unwrap_or(""),
                s["story_points"].as_u64().unwrap_or(0),
                s["subtasks"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    assert_eq!(
        stories,
        [
            ("Phase 1: CSV writer", 2, 3),
            ("Phase 2: Command line", 1, 1),
            ("Phase 3: Docs", 1, 0),
            ("Review Fixes", 1, 1)
        ]
    );
    assert_eq!(e["totals"]["to_create"], 10);
    assert!(e["warnings"][0].as_str().is_some_and(|w| w.contains("above the first heading")), "{e}");
    let doc = read(&repo.join(TRACK).join("jira-export.md"));
    assert!(doc.starts_with("---\nproject: "), "the pinned frontmatter block: {doc}");
    assert!(
        doc.contains(
            "\n## Story 1: CSV writer\n\n**Summary:** Phase 1: CSV writer\n**Issue Type:** Story\n**Story Points:** 2\n"
        ),
        "{doc}"
    );
    assert!(doc.contains("| 1.1 | Task 1.1: Add the writer | Done | — |\n"), "{doc}");
    // Text: every issue, then the totals; nothing on stdout asks for credentials.
    let a = env.draft(&repo).args(["jira", "preview", "--track", "export-csv"]).assert().success();
    let text = stdout_of(&a);
    assert!(text.contains("story     (new)  Phase 1: CSV writer (2 pts)\n"), "{text}");
    assert!(text.ends_with(&format!("to create\nwrote {TRACK}/jira-export.md\n")), "{text}");
}

#[test]
fn create_makes_every_issue_once_and_writes_each_key_back() {
    let (env, repo) = project();
    let fake = FakeJira::start();
    let plan_before = read(&repo.join(TRACK).join("plan.md"));
    let meta_before = read(&repo.join(TRACK).join("metadata.json"));
    let a = jira(&env, &repo, &fake).args(["jira", "create", "--json"]).assert().success();
    let r = valid(&env, &a, "jira-create");
    assert_eq!((r["created"].as_u64(), r["skipped"].as_u64()), (Some(10), Some(0)), "{r}");

    // Order and links: epic, the four stories under it, the sub-tasks under their stories.
    let seen = fake.seen();
    let kinds: Vec<&str> = seen.iter().map(fake::Seen::issue_type).collect();
    assert_eq!(
        kinds,
        ["Epic", "Story", "Story", "Story", "Story", "Sub-task", "Sub-task", "Sub-task", "Sub-task", "Sub-task"]
    );
    assert!(seen.iter().all(|s| s.method == "POST" && s.path == "/rest/api/3/issue"));
    assert!(seen.iter().all(|s| s.auth.as_deref().is_some_and(|h| h.starts_with("Basic "))));
    assert_eq!(seen[0].summary(), "Export ledgers as CSV");
    assert!(seen[1..5].iter().all(|s| s.parent() == Some("PROJ-1")));
    assert_eq!(seen[1].field("customfield_10016"), 2);
    assert_eq!(seen[1].field("labels"), &serde_json::json!(["draft"]));
    assert_eq!(seen[1].field("description")["type"], "doc", "descriptions are Atlassian documents");
    let parents: Vec<(&str, Option<&str>)> = seen[5..].iter().map(|s| (s.summary(), s.parent())).collect();
    assert_eq!(
        parents,
        [
            ("Task 1.1: Add the writer", Some("PROJ-2")),
            ("Task 1.2: Quote fields", Some("PROJ-2")),
            ("Task 1.3: Stream large ledgers", Some("PROJ-2")),
            ("Task 2.1: Add `--csv`", Some("PROJ-3")),
            ("Fix the header typo", Some("PROJ-5")),
        ]
    );

    // plan.md: the keys appended, every other byte as it was.
    let plan = read(&repo.join(TRACK).join("plan.md"));
    assert_eq!(without_new_keys(&plan), plan_before);
    for line in [
        "## Phase 1: CSV writer [PROJ-2]\n",
        "## Phase 2: Command line [x] Complete [PROJ-3]\n",
        "## Phase 3: Docs [PROJ-4]\n",
        "## Review Fixes [PROJ-5]\n",
        "- [x] **Task 1.1:** Add the writer (a1b2c3d) [PROJ-6]\n",
        "- [~] **Task 1.2:** Quote fields [PROJ-7]   \n",
        "* [ ] Fix the header typo [PROJ-10]\n",
    ] {
        assert!(plan.contains(line), "{line:?} in\n{plan}");
    }
    // metadata.json: the epic key added last, the rest untouched.
    let meta = read(&repo.join(TRACK).join("metadata.json"));
    let closing = meta_before.rfind('}').expect("object");
    let expected =
        format!("{},\n  \"jira_epic\": \"PROJ-1\"\n{}", meta_before[..closing].trim_end(), &meta_before[closing..]);
    assert_eq!(meta, expected);
    let doc = read(&repo.join(TRACK).join("jira-export.md"));
    assert!(doc.contains("| Epic Key | PROJ-1 |\n") && doc.contains("| Created | 10 of 10 |\n"), "{doc}");
    assert!(doc.contains("| 1.2 | Task 1.2: Quote fields | In Progress | PROJ-7 |\n"), "{doc}");
    // Keys change no count: the tree is still in sync.
    env.draft(&repo).args(["sync", "--check"]).assert().success();

    // Again: nothing left to create, nothing sent.
    let a = jira(&env, &repo, &fake).args(["jira", "create"]).assert().success();
    assert_eq!(fake.seen().len(), 10);
    assert!(stdout_of(&a).ends_with("nothing to create: all 10 issues have keys\n"), "{}", stdout_of(&a));
    assert_eq!(read(&repo.join(TRACK).join("plan.md")), plan);
    // A new preview keeps every key.
    let e = json_of(&env.draft(&repo).args(["jira", "preview", "--json"]).assert().success());
    assert_eq!((e["totals"]["keyed"].as_u64(), e["epic"]["key"].as_str()), (Some(10), Some("PROJ-1")));
}

#[test]
fn a_500_half_way_stops_and_the_rerun_creates_only_the_rest() {
    let (env, repo) = project();
    let fake = FakeJira::start();
    fake.on(4, Reply::Fail(500, r#"{"errorMessages":["Internal server error"]}"#.to_owned()));
    let a = jira(&env, &repo, &fake).args(["jira", "create"]).assert().code(2);
    let err = stderr_of(&a);
    assert!(err.contains("error: creating the story for plan.md line 25 (\"Phase 3: Docs\") failed: Jira answered 500: Internal server error"), "{err}");
    assert!(err.contains("The 3 issue(s) created before it are recorded"), "{err}");
    assert!(
        err.contains("Jira may have created this issue before failing: search the project for \"Phase 3: Docs\""),
        "{err}"
    );
    // What was created before the failure is on disk.
    let plan = read(&repo.join(TRACK).join("plan.md"));
    assert!(
        plan.contains("## Phase 2: Command line [x] Complete [PROJ-3]\n") && plan.contains("## Phase 3: Docs\n"),
        "{plan}"
    );
    assert!(read(&repo.join(TRACK).join("metadata.json")).contains("\"jira_epic\": \"PROJ-1\""));
    assert!(read(&repo.join(TRACK).join("jira-export.md")).contains("| Created | 3 of 10 |"));

    let a = jira(&env, &repo, &fake).args(["jira", "create", "--json"]).assert().success();
    let r = json_of(&a);
    assert_eq!((r["created"].as_u64(), r["skipped"].as_u64()), (Some(7), Some(3)), "{r}");
    let created = fake.created();
    let mut summaries: Vec<&str> = created.iter().map(fake::Seen::summary).collect();
    assert_eq!(summaries.len(), 10, "every issue created once in all");
    summaries.sort_unstable();
    summaries.dedup();
    assert_eq!(summaries.len(), 10, "no summary created twice");
    let plan = read(&repo.join(TRACK).join("plan.md"));
    assert_eq!(without_new_keys(&plan), PLAN);
    assert!(plan.contains("## Phase 3: Docs [PROJ-4]\n"), "{plan}");
}

#[test]
fn a_429_is_waited_out_within_the_cap() {
    let (env, repo) = project();
    let fake = FakeJira::start();
    fake.on(2, Reply::RateLimit("1"));
    let a = jira(&env, &repo, &fake).args(["jira", "create", "--json"]).assert().success();
    let r = json_of(&a);
    assert_eq!((r["created"].as_u64(), r["rate_limited"].as_u64()), (Some(10), Some(1)), "{r}");
    let seen = fake.seen();
    assert_eq!(seen.len(), 11);
    assert_eq!(seen[1].summary(), seen[2].summary(), "the limited request is sent again");
    let gap = seen[2].at.duration_since(seen[1].at);
    // Retry-After asked for 1 s; DRAFT_JIRA_MAX_WAIT caps it at 0.3 s.
    assert!(gap >= Duration::from_millis(250) && gap < Duration::from_millis(950), "waited {gap:?}");
    assert_eq!(fake.created().len(), 10);
}

#[test]
fn keyed_items_are_skipped_and_their_keys_used_as_parents() {
    let (env, repo) = project();
    let plan = PLAN
        .replace("## Phase 1: CSV writer\n", "## Phase 1: CSV writer [OLD-10]\n")
        .replace("Add the writer (a1b2c3d)\n", "Add the writer (a1b2c3d) [OLD-11]\n");
    write(&repo.join(TRACK).join("plan.md"), &plan);
    let meta_path = repo.join(TRACK).join("metadata.json");
    let meta = read(&meta_path).replacen("{\n", "{\n  \"jira_epic\": \"OLD-1\",\n", 1);
    write(&meta_path, &meta);
    let fake = FakeJira::start();
    let a = jira(&env, &repo, &fake).args(["jira", "create"]).assert().success();
    let out = stdout_of(&a);
    assert!(out.contains("skipped epic OLD-1  Export ledgers as CSV (already has a key)\n"), "{out}");
    assert!(out.contains("skipped sub-task 1.1 OLD-11  Task 1.1: Add the writer (already has a key)\n"), "{out}");
    let seen = fake.seen();
    let sent: Vec<(&str, Option<&str>)> = seen.iter().map(|s| (s.summary(), s.parent())).collect();
    assert_eq!(
        sent,
        [
            ("Phase 2: Command line", Some("OLD-1")),
            ("Phase 3: Docs", Some("OLD-1")),
            ("Review Fixes", Some("OLD-1")),
            ("Task 1.2: Quote fields", Some("OLD-10")),
            ("Task 1.3: Stream large ledgers", Some("OLD-10")),
            ("Task 2.1: Add `--csv`", Some("PROJ-1")),
            ("Fix the header typo", Some("PROJ-3")),
        ]
    );
    assert_eq!(read(&meta_path), meta, "the epic had its key already");
    assert_eq!(without_new_keys(&read(&repo.join(TRACK).join("plan.md"))), plan);
}

#[test]
fn dry_run_sends_and_writes_nothing() {
    let (env, repo) = project();
    let fake = FakeJira::start();
    let before = crate::common::snapshot_tree(&repo);
    // No credentials needed.
    let a = env
        .draft(&repo)
        .env("DRAFT_JIRA_URL", fake.url())
        .args(["jira", "create", "--dry-run", "--json"])
        .assert()
        .success();
    let r = valid(&env, &a, "jira-create");
    assert_eq!(
        (r["dry_run"].as_bool(), r["would_create"].as_u64(), r["created"].as_u64()),
        (Some(true), Some(10), Some(0))
    );
    assert_eq!(r["items"][1]["action"], "would_create");
    assert!(fake.seen().is_empty());
    assert_eq!(crate::common::snapshot_tree(&repo), before);
}

#[test]
fn missing_settings_and_credentials_are_named() {
    let (env, repo) = project();
    let fake = FakeJira::start();
    let code = |a: &assert_cmd::assert::Assert| json_of(a)["error"]["code"].as_str().unwrap_or("").to_owned();
    let a = env.draft(&repo).args(["jira", "create", "--json"]).assert().code(2);
    assert_eq!(code(&a), "jira-config");
    let a = env.draft(&repo).env("DRAFT_JIRA_URL", fake.url()).args(["jira", "create", "--json"]).assert().code(2);
    assert_eq!(code(&a), "jira-credentials");
    assert!(
        json_of(&a)["error"]["message"].as_str().is_some_and(|m| m.contains("DRAFT_JIRA_EMAIL and DRAFT_JIRA_TOKEN"))
    );
    write(&repo.join("draft/config.toml"), "[jira]\ntoken = \"abc\"\n");
    let a = env.draft(&repo).args(["jira", "preview"]).assert().success();
    assert!(stderr_of(&a).contains("Jira settings not used: draft/config.toml:1:"), "{}", stderr_of(&a));
    assert!(fake.seen().is_empty());
}

#[test]
fn the_token_is_never_shown_or_written() {
    let (env, repo) = project();
    let fake = FakeJira::start();
    // A server that echoes the credentials back in its error.
    let echo = format!(r#"{{"errorMessages":["Bad credentials: {{auth}} / {EMAIL}:{TOKEN} / {TOKEN}"]}}"#);
    fake.on(3, Reply::Fail(401, echo));
    let mut outputs = Vec::new();
    for args in [
        &["jira", "create"][..],
        &["jira", "create", "--json"],
        &["jira", "create", "--dry-run"],
        &["jira", "preview", "--json"],
    ] {
        let out = jira(&env, &repo, &fake).args(args).output().expect("runs");
        outputs.push(String::from_utf8_lossy(&out.stdout).into_owned());
        outputs.push(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    assert!(
        outputs[1].contains("Jira answered 401: Bad credentials: Basic [redacted] / [redacted] / [redacted]"),
        "{}",
        outputs[1]
    );
    assert!(outputs[1].contains("Check DRAFT_JIRA_EMAIL and DRAFT_JIRA_TOKEN"), "{}", outputs[1]);
    let header = fake.seen()[0].auth.clone().expect("auth header");
    let encoded = header.strip_prefix("Basic ").expect("basic auth").to_owned();
    for (i, text) in outputs.iter().enumerate() {
        assert!(!text.contains(TOKEN) && !text.contains(&encoded), "output {i} shows the credentials:\n{text}");
    }
    for (path, bytes) in crate::common::snapshot_tree(&env.root()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(TOKEN) && !text.contains(&encoded), "{path} holds the credentials");
    }
}
