//! Regressions from issue 8, items 9, 12, 13 and 15–18: what the tree
//! loader reads (archived tracks, the other layout's tree, links), and never
//! reporting success on files that could not be read.

use crate::support::{PLAN, Project};

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).expect("json")
}

const DONE_PLAN: &str = "# Plan\n\n## Phase 1: A\n- [x] Task: a abc1234\n";

/// Item 9: Conductor's archive step moves a track to `conductor/archive/<id>/`
/// and drops its registry entry; with only archived tracks, status said
/// "No tracks yet. Start one…".
#[test]
fn regression_item_9_archived_tracks_are_summed_up_and_listed_with_all() {
    let p = Project::empty();
    p.write("conductor/tracks.md", "# Project Tracks\n");
    for id in ["auth_20250101", "billing_20250201", "search_20250301"] {
        p.write(&format!("conductor/archive/{id}/plan.md"), DONE_PLAN);
        p.write(
            &format!("conductor/archive/{id}/metadata.json"),
            &format!("{{\"track_id\":\"{id}\",\"status\":\"completed\",\"description\":\"Track {id}\"}}"),
        );
    }
    p.commit_all("init");
    let r = p.ok(&["status"]);
    assert!(!r.stdout.contains("No tracks yet"), "{}", r.stdout);
    assert!(r.stdout.contains("3 archived tracks (draft status --all)"), "{}", r.stdout);
    assert!(!r.stdout.contains("auth_20250101"), "listed only with --all: {}", r.stdout);
    let r = p.ok(&["status", "--all"]);
    for id in ["auth_20250101", "billing_20250201", "search_20250301"] {
        assert!(r.stdout.contains(&format!("{id}  Track {id}  [archived]")), "{id}: {}", r.stdout);
    }
    let v = json(&p.ok(&["status", "--json"]).stdout);
    assert_eq!((v["tracks"].as_array().map(Vec::len), v["archived"].as_u64()), (Some(0), Some(3)));
    let v = json(&p.ok(&["status", "--json", "--all"]).stdout);
    let tracks = v["tracks"].as_array().expect("tracks");
    assert_eq!(tracks.len(), 3);
    assert!(tracks.iter().all(|t| t["status"] == "archived" && t["tasks"]["completed"] == 1), "{v}");
    assert_eq!(tracks[0]["path"], "conductor/archive/auth_20250101");
    let v = json(&p.ok(&["status", "billing_20250201", "--json"]).stdout);
    assert_eq!(v["tracks"][0]["status"], "archived", "an archived track can be named");
    let r = p.fails(&["task", "start", "1.1", "--track", "billing_20250201"], 2);
    assert!(
        r.stderr.contains("track billing_20250201 is archived in conductor/archive/billing_20250201/"),
        "{}",
        r.stderr
    );
    let r = p.ok(&["sync", "--check"]);
    assert!(r.stdout.contains("in sync"), "sync leaves archived tracks alone: {}", r.stdout);
    assert_eq!(r.stderr, "", "no folder is reported as unlisted");
}

/// Item 9: Draft's own archive folders are read too, and archived registry
/// entries are summed up the same way.
#[test]
fn regression_item_9_draft_archive_folders_are_read() {
    let p = Project::with_plan(PLAN);
    p.write("draft/tracks/archive/old-idea/plan.md", DONE_PLAN);
    p.write("draft/archive/older-idea/plan.md", DONE_PLAN);
    p.commit_all("archives");
    let r = p.ok(&["status"]);
    assert!(r.stdout.contains("demo  Demo track  [planning]"), "{}", r.stdout);
    assert!(r.stdout.contains("2 archived tracks (draft status --all)"), "{}", r.stdout);
    assert!(!r.stderr.contains("not listed"), "archive folders need no registry entry: {}", r.stderr);
    let r = p.ok(&["status", "--all"]);
    assert!(r.stdout.contains("old-idea  Plan  [archived]"), "{}", r.stdout);
    assert!(r.stdout.contains("older-idea  Plan  [archived]"), "{}", r.stdout);
    p.ok(&["track", "archive", "demo"]);
    let r = p.ok(&["status"]);
    assert!(r.stdout.contains("3 archived tracks"), "{}", r.stdout);
    assert!(!r.stdout.contains("No tracks yet"), "{}", r.stdout);
}

fn conductor_with_a_track(p: &Project) {
    p.write("conductor/tracks.md", "# Project Tracks\n\n- [ ] **Track: T**\n*Link: [./tracks/t_1/](./tracks/t_1/)*\n");
    p.write("conductor/tracks/t_1/plan.md", "# Plan\n\n## Phase 1: Build\n- [ ] Task: one\n");
}

/// Item 12: after `draft init` in a repository with a Conductor tree every
/// command silently switched to the new, empty draft/ tree.
#[test]
fn regression_item_12_both_trees_say_which_one_is_read() {
    let p = Project::empty();
    conductor_with_a_track(&p);
    p.commit_all("conductor");
    p.ok(&["init"]);
    let r = p.ok(&["status"]);
    assert!(!r.stdout.contains("No tracks yet"), "{}", r.stdout);
    assert!(r.stdout.contains("No tracks in draft/; conductor/ has 1 track (pass --layout conductor"), "{}", r.stdout);
    assert!(r.stderr.contains("note: reading draft/ (conductor/ is here too, with 1 track;"), "{}", r.stderr);
    let v = json(&p.ok(&["status", "--json"]).stdout);
    assert_eq!(v["other_layout"], serde_json::json!({ "layout": "conductor", "tracks": 1 }));
    assert!(v["layout_note"].as_str().is_some_and(|n| n.starts_with("reading draft/")), "{v}");
    let r = p.ok(&["sync", "--check"]);
    assert!(r.stderr.contains("note: reading draft/"), "{}", r.stderr);
    let r = p.run(&["check"]);
    assert!(r.stderr.contains("note: reading draft/"), "check says which tree it reads: {}", r.stderr);
    let r = p.ok(&["new-track", "Second"]);
    assert!(r.stderr.contains("note: reading draft/"), "new-track says which tree it writes: {}", r.stderr);

    // The config key picks the other tree; commands still say which one.
    p.write("draft/config.toml", "layout = \"conductor\"\n");
    let r = p.ok(&["status"]);
    assert!(r.stdout.contains("t_1  T  [planning]"), "{}", r.stdout);
    assert!(r.stderr.contains("note: reading conductor/ (draft/ is here too, with 1 track;"), "{}", r.stderr);
    let r = p.ok(&["task", "start", "1.1"]);
    assert!(r.stderr.contains("note: reading conductor/"), "{}", r.stderr);
    assert!(p.read("conductor/tracks/t_1/plan.md").contains("- [~] Task: one"));
    let r = p.ok(&["task", "next"]);
    assert!(r.stderr.contains("note: reading conductor/"), "{}", r.stderr);
}

/// Item 13: `sync --check` said "in sync", `sync` "already in sync" and
/// `task next` "no task can be started (0 remaining)" on files that could
/// not be read. Each now exits 2 naming the file and why; nothing is written.
#[test]
fn regression_item_13_unreadable_files_are_never_in_sync() {
    type Break = fn(&Project);
    let cases: [(&str, &str, Break); 6] = [
        ("plan.md", "not valid UTF-8", |p| {
            std::fs::write(p.path("draft/tracks/demo/plan.md"), b"# Plan\n- [x] caf\xe9\n").expect("w")
        }),
        ("plan.md", "looks binary", |p| {
            std::fs::write(p.path("draft/tracks/demo/plan.md"), b"PK\x03\x04\0\0").expect("w")
        }),
        ("plan.md", "it is a directory, not a file", |p| {
            std::fs::remove_file(p.path("draft/tracks/demo/plan.md")).expect("rm");
            std::fs::create_dir(p.path("draft/tracks/demo/plan.md")).expect("mk");
        }),
        ("metadata.json", "not valid JSON", |p| p.write("draft/tracks/demo/metadata.json", "{\"id\": \"demo\",\n")),
        ("metadata.json", "not valid UTF-8", |p| {
            std::fs::write(p.path("draft/tracks/demo/metadata.json"), b"{\"id\": \"d\xe9\"}").expect("w")
        }),
        ("metadata.json", "it is a directory, not a file", |p| {
            std::fs::remove_file(p.path("draft/tracks/demo/metadata.json")).expect("rm");
            std::fs::create_dir(p.path("draft/tracks/demo/metadata.json")).expect("mk");
        }),
    ];
    for (file, reason, break_it) in cases {
        let p = Project::with_plan(PLAN);
        break_it(&p);
        let registry = p.read("draft/tracks.md");
        let what = format!("draft/tracks/demo/{file}");
        for args in
            [&["sync", "--check"][..], &["sync"], &["sync", "demo"], &["task", "next"], &["task", "start", "1.1"]]
        {
            let r = p.fails(args, 2);
            assert!(r.stderr.contains(&format!("cannot read {what}: ")), "{args:?} on {what} ({reason}): {}", r.stderr);
            assert!(r.stderr.contains(reason), "{args:?} on {what}: {}", r.stderr);
            assert!(!r.stdout.contains("in sync") && !r.stdout.contains("no task"), "{args:?}: {}", r.stdout);
        }
        assert_eq!(p.read("draft/tracks.md"), registry, "nothing written ({what}, {reason})");
    }
}

/// Item 13: a whole-tree sync with several unreadable tracks names all of
/// them and writes nothing, not even the readable tracks' fixes.
#[test]
fn regression_item_13_whole_tree_sync_names_every_unreadable_file() {
    let p = Project::with_plan("## Phase 1\n- [x] **Task 1.1:** A (abc1234)\n");
    p.write("draft/tracks/b/plan.md", "## Phase 1\n- [ ] Task: b\n");
    p.write("draft/tracks/b/metadata.json", "{");
    std::fs::create_dir_all(p.path("draft/tracks/c/plan.md")).expect("mk");
    let meta = p.read("draft/tracks/demo/metadata.json");
    let r = p.fails(&["sync"], 2);
    assert!(r.stderr.contains("cannot read 2 files: "), "{}", r.stderr);
    assert!(r.stderr.contains("draft/tracks/b/metadata.json: metadata.json is not valid JSON"), "{}", r.stderr);
    assert!(r.stderr.contains("draft/tracks/c/plan.md: it is a directory, not a file"), "{}", r.stderr);
    assert_eq!(p.read("draft/tracks/demo/metadata.json"), meta, "all or nothing");
    p.ok(&["sync", "demo"]);
    assert_ne!(p.read("draft/tracks/demo/metadata.json"), meta, "one readable track syncs on its own");
}

/// Item 15: sync on a Conductor tree whose metadata uses Draft's `updated`
/// key added `updated_at` beside it.
#[test]
fn regression_item_15_sync_updates_the_key_the_file_has() {
    let p = Project::empty();
    conductor_with_a_track(&p);
    p.write(
        "conductor/tracks/t_1/metadata.json",
        "{\"track_id\":\"t_1\",\"status\":\"in_progress\",\"updated\":\"2026-01-01T00:00:00Z\"}",
    );
    p.commit_all("init");
    p.ok(&["sync"]);
    assert_eq!(
        p.read("conductor/tracks/t_1/metadata.json"),
        "{\"track_id\":\"t_1\",\"status\":\"new\",\"updated\":\"2026-03-01T09:00:00Z\"}"
    );
}

/// Item 16: a byte-order mark in metadata.json made it "not valid JSON at
/// 1:1", so it was never synced. It is read, and kept by every write.
#[test]
fn regression_item_16_metadata_bom_is_read_and_kept() {
    let p = Project::with_plan(PLAN);
    let meta = p.read("draft/tracks/demo/metadata.json");
    p.write("draft/tracks/demo/metadata.json", &format!("\u{feff}{meta}"));
    p.ok(&["sync", "--check"]);
    p.ok(&["task", "start", "1.1"]);
    let after = p.read("draft/tracks/demo/metadata.json");
    assert!(after.starts_with("\u{feff}{\n  \"id\": \"demo\""), "{after:?}");
    assert!(after.contains("\"status\": \"in_progress\""), "{after}");
    p.ok(&["sync", "--check"]);
    p.ok(&["track", "archive", "demo"]);
    assert!(p.read("draft/tracks/demo/metadata.json").starts_with("\u{feff}{"));
}

/// Item 17: a plan.md or tracks.md linking outside the project was read
/// silently, and a track folder that is a link was skipped without a word.
#[cfg(unix)]
#[test]
fn regression_item_17_links_leaving_the_project_are_reported() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tmp");
    let p = Project::with_plan(PLAN);
    std::fs::write(outside.path().join("plan.md"), PLAN).expect("w");
    std::fs::remove_file(p.path("draft/tracks/demo/plan.md")).expect("rm");
    symlink(outside.path().join("plan.md"), p.path("draft/tracks/demo/plan.md")).expect("link");
    std::fs::write(outside.path().join("tracks.md"), p.read("draft/tracks.md")).expect("w");
    std::fs::remove_file(p.path("draft/tracks.md")).expect("rm");
    symlink(outside.path().join("tracks.md"), p.path("draft/tracks.md")).expect("link");
    std::fs::create_dir_all(outside.path().join("elsewhere")).expect("mk");
    std::fs::write(outside.path().join("elsewhere/plan.md"), PLAN).expect("w");
    symlink(outside.path().join("elsewhere"), p.path("draft/tracks/elsewhere")).expect("link");
    p.write("store/inner/plan.md", PLAN);
    symlink(p.path("store/inner"), p.path("draft/tracks/inner")).expect("link");
    symlink(p.path("store/nowhere"), p.path("draft/tracks/broken")).expect("link");

    let r = p.ok(&["status"]);
    let out = std::fs::canonicalize(outside.path()).expect("canon").display().to_string();
    assert!(
        r.stderr.contains(&format!("draft/tracks/demo/plan.md is a link to {out}/plan.md, outside the project")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("draft/tracks.md is a link to {out}/tracks.md, outside the project")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "track folder draft/tracks/elsewhere is a link to {out}/elsewhere, outside the project; skipped"
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("track folder draft/tracks/broken is a broken link to "), "{}", r.stderr);
    assert!(r.stdout.contains("inner  Demo  [planning]"), "a link inside the project is followed: {}", r.stdout);
    assert!(!r.stdout.contains("elsewhere  "), "{}", r.stdout);
}

/// Item 18: messages that named the wrong problem, or none.
#[cfg(unix)]
#[test]
fn regression_item_18_messages_name_what_is_wrong() {
    let p = Project::with_plan(PLAN);
    for (id, make) in [("dir", "dir"), ("fifo", "fifo"), ("broken", "link")] {
        let plan = p.path(&format!("draft/tracks/{id}/plan.md"));
        std::fs::create_dir_all(plan.parent().expect("parent")).expect("mk");
        match make {
            "dir" => std::fs::create_dir(&plan).expect("mk"),
            "fifo" => assert!(std::process::Command::new("mkfifo").arg(&plan).status().expect("mkfifo").success()),
            _ => std::os::unix::fs::symlink("gone.md", &plan).expect("link"),
        }
    }
    std::fs::remove_file(p.path("draft/tracks/demo/metadata.json")).expect("rm");
    std::fs::create_dir(p.path("draft/tracks/demo/metadata.json")).expect("mk");
    p.write("draft/tracks/empty/plan.md", "# Plan\n\n## Phase 1: Later\n");
    let r = p.ok(&["status"]);
    assert!(
        r.stderr.contains("draft/tracks/dir/plan.md: plan.md cannot be read: it is a directory, not a file"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("draft/tracks/fifo/plan.md: plan.md cannot be read: it is a FIFO (named pipe)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("draft/tracks/broken/plan.md: plan.md cannot be read: it is a broken link to gone.md"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("has no plan.md"), "{}", r.stderr);
    assert!(
        r.stderr.contains("draft/tracks/demo/metadata.json: metadata.json cannot be read: it is a directory"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("draft/tracks/empty/plan.md: plan.md of track empty has no tasks"), "{}", r.stderr);

    let p = Project::with_plan(PLAN);
    std::fs::remove_file(p.path("draft/tracks.md")).expect("rm");
    std::fs::create_dir(p.path("draft/tracks.md")).expect("mk");
    let r = p.ok(&["status"]);
    assert!(r.stderr.contains("draft/tracks.md: the track registry cannot be read: it is a directory"), "{}", r.stderr);
    assert!(!r.stderr.contains("registry is missing"), "{}", r.stderr);

    let p = Project::with_plan(PLAN);
    let meta = p.read("draft/tracks/demo/metadata.json");
    p.write("draft/tracks/demo/metadata.json", &meta.replace("\"total\": 3", "\"total\": \"3\""));
    let r = p.fails(&["sync", "--check"], 1);
    assert!(
        r.stdout.contains("demo tasks.total: found wrong type (string, expected number), expected 3"),
        "{}",
        r.stdout
    );
    p.ok(&["sync"]);
    assert!(p.read("draft/tracks/demo/metadata.json").contains("\"total\": 3"));

    let r = p.fails(&["new-track", "Café", "--id", "é-track"], 2);
    assert!(r.stderr.contains("must start with an ASCII letter or digit"), "{}", r.stderr);
}
