//! The fixtures for issue 8 items 9 and 12 (`tests/fixtures/conductor-archived`,
//! `tests/fixtures/both-layouts`): `draft status --json --all` gives the
//! numbers each fixture's EXPECTED.md table states (read from the file), and
//! the human output says what EXPECTED.md promises.

use crate::support::Project;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("ls") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A committed copy of fixture `name`.
fn fixture(name: &str) -> Project {
    let p = Project::empty();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), p.root());
    p.commit_all("fixture");
    p
}

/// Each table row of EXPECTED.md as (track, title, status, phases, tasks, current task).
fn rows(p: &Project) -> Vec<Vec<String>> {
    p.read("EXPECTED.md")
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| track"))
        .map(|l| l.trim_matches('|').split('|').map(|c| c.trim().to_owned()).collect())
        .collect()
}

fn numbers(cell: &str) -> Vec<u64> {
    cell.split('/').map(|n| n.trim().parse().expect("a number")).collect()
}

fn assert_rows(p: &Project, args: &[&str]) {
    let v: serde_json::Value = serde_json::from_str(&p.ok(args).stdout).expect("json");
    let tracks = v["tracks"].as_array().expect("tracks");
    let rows = rows(p);
    assert_eq!(tracks.len(), rows.len(), "{v}");
    for row in rows {
        let t = tracks.iter().find(|t| t["id"] == row[0].as_str()).unwrap_or_else(|| panic!("{}: {v}", row[0]));
        assert_eq!((t["title"].as_str(), t["status"].as_str()), (Some(row[1].as_str()), Some(row[2].as_str())));
        assert_eq!(
            numbers(&row[3]),
            [&t["phases"]["total"], &t["phases"]["completed"]].map(|n| n.as_u64().expect("n"))
        );
        let tasks = ["total", "completed", "in_progress", "blocked", "pending"]
            .map(|k| t["tasks"][k].as_u64().expect("n"))
            .to_vec();
        assert_eq!(numbers(&row[4]), tasks, "{}", row[0]);
        let current = t["current_task"]["text"].as_str().map_or_else(|| "none".to_owned(), |s| format!("\"{s}\""));
        assert_eq!(current, row[5], "{}", row[0]);
    }
}

#[test]
fn regression_item_9_fixture_conductor_archived() {
    let p = fixture("conductor-archived");
    assert_rows(&p, &["status", "--json", "--all"]);
    let r = p.ok(&["status"]);
    assert!(r.stdout.contains("2 archived tracks (draft status --all)"), "{}", r.stdout);
    assert!(r.stdout.contains("export_20260401  CSV export  [in progress]"), "{}", r.stdout);
    assert!(!r.stdout.contains("auth_20250101"), "{}", r.stdout);
    let r = p.ok(&["sync", "--check"]);
    assert!(r.stdout.contains("in sync") && !r.stderr.contains("not listed"), "{}{}", r.stdout, r.stderr);
}

#[test]
fn regression_item_12_fixture_both_layouts() {
    let p = fixture("both-layouts");
    let r = p.ok(&["status"]);
    assert!(r.stderr.contains("note: reading draft/ (conductor/ is here too, with 2 tracks;"), "{}", r.stderr);
    assert!(r.stdout.contains("No tracks in draft/; conductor/ has 2 tracks (pass --layout conductor"), "{}", r.stdout);
    assert!(!r.stdout.contains("No tracks yet"), "{}", r.stdout);
    p.write("draft/config.toml", "layout = \"conductor\"\n");
    assert_rows(&p, &["status", "--json", "--all"]);
    let r = p.ok(&["sync", "--check"]);
    assert!(r.stderr.contains("note: reading conductor/"), "{}", r.stderr);
}
