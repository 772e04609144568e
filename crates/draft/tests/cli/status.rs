//! `draft status` on copies of the fixtures: the numbers in each fixture's
//! EXPECTED.md (read from the file, not restated here), snapshots of the
//! human and JSON output, and the damage it must survive: malformed YAML or
//! JSON, non-UTF-8 and binary plans, unknown track names, a closed stdout.

use crate::common::{self, Env, json_of, stderr_of, stdout_of};
use serde_json::Value;
use std::path::Path;

/// One row of an EXPECTED.md table.
#[derive(Debug)]
struct Expected {
    track: String,
    title: Option<String>,
    status: String,
    /// total, completed
    phases: Vec<u64>,
    /// total, completed, in_progress, blocked, pending
    tasks: Vec<u64>,
    /// (reference, text) of the current task.
    current: Option<(Option<String>, String)>,
}

fn numbers(cell: &str) -> Vec<u64> {
    cell.split('/').map(|n| n.trim().parse().expect("a number")).collect()
}

/// Read the table of `<fixture>/EXPECTED.md`, finding columns by header.
fn expected(fixture: &Path) -> Vec<Expected> {
    let text = common::read(&fixture.join("EXPECTED.md"));
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let (header, body) = rows.split_first().expect("a table");
    let col = |name: &str| header.iter().position(|h| h.starts_with(name));
    let get = |row: &[&str], name: &str| col(name).map(|i| row[i].to_owned());
    body.iter()
        .map(|row| {
            let current = get(row, "current task").expect("current column");
            let current = (current != "none").then(|| match current.split_once(" \"") {
                Some((reference, text)) => (Some(reference.to_owned()), text.trim_end_matches('"').to_owned()),
                None => (None, current.trim_matches('"').to_owned()),
            });
            Expected {
                track: get(row, "track").expect("track"),
                title: get(row, "title"),
                status: get(row, "status").expect("status"),
                phases: numbers(&get(row, "phases").expect("phases")),
                tasks: numbers(&get(row, "tasks").expect("tasks")),
                current,
            }
        })
        .collect()
}

fn track<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["tracks"].as_array().expect("tracks").iter().find(|t| t["id"] == id).unwrap_or_else(|| panic!("{id}"))
}

fn assert_matches(report: &Value, want: &Expected) {
    let t = track(report, &want.track);
    let id = &want.track;
    assert_eq!(t["status"], want.status.as_str(), "{id}");
    if let Some(title) = &want.title {
        assert_eq!(t["title"], title.as_str(), "{id}");
    }
    let p = &t["phases"];
    assert_eq!(
        vec![p["total"].as_u64(), p["completed"].as_u64()],
        want.phases.iter().map(|n| Some(*n)).collect::<Vec<_>>(),
        "{id}"
    );
    let k = &t["tasks"];
    let got: Vec<Option<u64>> =
        ["total", "completed", "in_progress", "blocked", "pending"].iter().map(|f| k[*f].as_u64()).collect();
    assert_eq!(got, want.tasks.iter().map(|n| Some(*n)).collect::<Vec<_>>(), "{id}");
    match &want.current {
        None => assert!(t["current_task"].is_null(), "{id}: {}", t["current_task"]),
        Some((reference, text)) => {
            assert_eq!(t["current_task"]["text"], text.as_str(), "{id}");
            if let Some(r) = reference {
                assert_eq!(t["current_task"]["ref"], r.as_str(), "{id}");
            }
        }
    }
}

fn status_json(env: &Env, dir: &Path) -> (Value, String) {
    let a = env.draft(dir).args(["status", "--json"]).assert().success();
    (json_of(&a), stderr_of(&a))
}

#[test]
fn draft_fixture_matches_expected() {
    let env = Env::new();
    let dir = env.fixture("draft-basic");
    let (report, err) = status_json(&env, &dir);
    assert_eq!(err, "");
    assert_eq!(report["layout"], "draft");
    let want = expected(&dir);
    assert_eq!(want.len(), 3);
    let ids: Vec<&str> = report["tracks"].as_array().expect("tracks").iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, want.iter().map(|w| w.track.as_str()).collect::<Vec<_>>(), "registry order");
    for w in &want {
        assert_matches(&report, w);
    }
    // EXPECTED.md's notes: Task 2.3's reason.
    let blocked = &track(&report, "add-csv-export")["blocked"];
    assert_eq!(blocked[0]["reason"], "waiting for the UI team's download endpoint");
    assert!(report["warnings"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn conductor_fixture_matches_expected() {
    let env = Env::new();
    let dir = env.fixture("conductor-basic");
    let (report, err) = status_json(&env, &dir);
    assert_eq!(err, "");
    assert_eq!(report["layout"], "conductor");
    let want = expected(&dir);
    assert_eq!(want.len(), 2);
    for w in &want {
        assert_matches(&report, w);
    }
}

#[test]
fn drift_fixture_counts_from_the_plan_and_reports_registry_mismatches() {
    let env = Env::new();
    let dir = env.fixture("drift");
    let (report, _) = status_json(&env, &dir);
    // EXPECTED.md: "payments-retry is in_progress with phases 2/1 and tasks 5/3".
    let t = track(&report, "payments-retry");
    assert_eq!(t["status"], "in_progress");
    assert_eq!((t["phases"]["total"].as_u64(), t["phases"]["completed"].as_u64()), (Some(2), Some(1)));
    assert_eq!((t["tasks"]["total"].as_u64(), t["tasks"]["completed"].as_u64()), (Some(5), Some(3)));
    let rules: Vec<(&str, &str)> = report["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| (w["rule"].as_str().unwrap_or(""), w["message"].as_str().unwrap_or("")))
        .collect();
    assert!(rules.iter().any(|(r, m)| *r == "registry-missing-folder" && m.contains("ghost-track")), "{rules:?}");
    assert!(rules.iter().any(|(r, m)| *r == "registry-missing-entry" && m.contains("orphan-spike")), "{rules:?}");
}

#[test]
fn human_output_of_the_draft_fixture() {
    let env = Env::new();
    let dir = env.fixture("draft-basic");
    let a = env.draft(&dir).arg("status").assert().success();
    assert_eq!(stderr_of(&a), "");
    insta::assert_snapshot!("status-draft-basic", stdout_of(&a));
}

#[test]
fn json_output_of_the_conductor_fixture() {
    let env = Env::new();
    let dir = env.fixture("conductor-basic");
    // From a subdirectory, with -C: the root is still found.
    let a =
        env.draft(&env.root()).args(["-C", "conductor-basic/conductor/tracks", "status", "--json"]).assert().success();
    let out = stdout_of(&a);
    assert_eq!(json_of(&a)["root"], dir.to_str().expect("utf-8 path"));
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r#""root": "[^"]*""#, r#""root": "[ROOT]""#);
    settings.bind(|| insta::assert_snapshot!("status-conductor-basic.json", out));
}

#[test]
fn one_track_by_name_and_unknown_names() {
    let env = Env::new();
    let dir = env.fixture("draft-basic");
    let a = env.draft(&dir).args(["status", "legacy-cleanup", "--json"]).assert().success();
    let ids: Vec<Value> = json_of(&a)["tracks"].as_array().expect("tracks").iter().map(|t| t["id"].clone()).collect();
    assert_eq!(ids, ["legacy-cleanup"]);

    let a = env.draft(&dir).args(["status", "csv"]).assert().code(2);
    let err = stderr_of(&a);
    assert!(err.contains("no track \"csv\" in draft/tracks.md"), "{err}");
    assert!(err.contains("did you mean add-csv-export?"), "{err}");
    assert_eq!(stdout_of(&a), "");
    let a = env.draft(&dir).args(["status", "zzz"]).assert().code(2);
    assert!(stderr_of(&a).contains("`draft status` lists the tracks"), "{}", stderr_of(&a));
}

#[test]
fn malformed_yaml_and_json_are_located_and_the_rest_is_reported() {
    let env = Env::new();
    let dir = env.fixture("draft-basic");
    let tracks = dir.join("draft/tracks");
    // Line 3 has text after a closed quoted string.
    let bad_yaml = "module: \"root\" extra";
    let yaml_column = bad_yaml.find("extra").expect("word") + 1;
    let plan = tracks.join("add-csv-export/plan.md");
    common::write(&plan, format!("---\nproject: \"ledgerly\"\n{bad_yaml}\n---\n{}", common::read(&plan)));
    // Line 4 follows a line without its comma.
    common::write(
        &tracks.join("fix-login-timeout/metadata.json"),
        "{\n  \"id\": \"fix-login-timeout\",\n  \"title\": \"Session expires after 5 minutes\"\n  \"type\": \"bugfix\"\n}\n",
    );
    let (report, err) = status_json(&env, &dir);
    assert!(err.is_empty(), "--json keeps diagnostics in the report: {err}");
    let warnings = report["warnings"].as_array().expect("warnings");
    let at =
        |file: &str| warnings.iter().find(|w| w["file"] == file).map(|w| (w["line"].as_u64(), w["severity"].clone()));
    assert_eq!(at("draft/tracks/add-csv-export/plan.md"), Some((Some(3), Value::from("error"))));
    assert_eq!(at("draft/tracks/fix-login-timeout/metadata.json"), Some((Some(4), Value::from("error"))));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    for w in expected(&dir) {
        assert_matches(&report, &w);
    }

    let a = env.draft(&dir).arg("status").assert().success();
    let err = stderr_of(&a);
    assert!(err.contains(&format!("error: draft/tracks/add-csv-export/plan.md:3:{yaml_column}: ")), "{err}");
    assert!(err.contains("error: draft/tracks/fix-login-timeout/metadata.json:4:"), "{err}");
    assert!(stdout_of(&a).contains("legacy-cleanup"));
}

#[test]
fn non_utf8_and_binary_plans_are_diagnosed_and_the_rest_is_reported() {
    let env = Env::new();
    let dir = env.fixture("draft-basic");
    let tracks = dir.join("draft/tracks");
    // Latin-1 `é` on line 3.
    common::write(&tracks.join("fix-login-timeout/plan.md"), b"# Plan\n\n- [ ] caf\xe9\n");
    common::write(&tracks.join("legacy-cleanup/plan.md"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let a = env.draft(&dir).arg("status").assert().success();
    let err = stderr_of(&a);
    assert!(err.contains("error: draft/tracks/fix-login-timeout/plan.md:3: the file is not valid UTF-8"), "{err}");
    assert!(err.contains("error: draft/tracks/legacy-cleanup/plan.md: the file looks binary"), "{err}");
    assert!(!err.contains(dir.to_str().expect("utf-8")), "paths are relative: {err}");

    let (report, _) = status_json(&env, &dir);
    let add_csv = expected(&dir).into_iter().find(|w| w.track == "add-csv-export").expect("row");
    assert_matches(&report, &add_csv);
    // The unreadable tracks are still listed, with their stored status.
    assert_eq!(track(&report, "legacy-cleanup")["status"], "completed");
    assert_eq!(track(&report, "fix-login-timeout")["tasks"]["total"], 0);
}

#[test]
fn outside_a_project_it_exits_2() {
    let env = Env::new();
    let a = env.draft(&env.dir("nothing")).arg("status").assert().code(2);
    assert!(stderr_of(&a).contains("run `draft init`"), "{}", stderr_of(&a));
}

#[test]
fn a_closed_stdout_does_not_panic() {
    let env = Env::new();
    let dir = env.fixture("draft-basic");
    for args in [&["status"][..], &["status", "--json"], &["--help"]] {
        // The reading end is closed before draft starts, so its first write fails (EPIPE).
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = env.draft_std(&dir).args(args).stdout(writer).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
        assert!(out.status.code().is_some_and(|c| c == 0), "{args:?}: {:?} {err}", out.status);
    }
}
