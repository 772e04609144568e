//! The check cache (`draft/.state/check-cache`): a second run answers
//! unchanged tracks from it and prints exactly what a fresh run prints; any
//! change to a track, its registry entry or the settings is seen; git
//! questions are asked again every run; a broken cache file is rebuilt.

use super::{PLAN, SPEC, check, findings, git, repo};
use std::path::Path;

const CACHE: &str = "draft/.state/check-cache";

/// The summary line's note about tracks answered from the cache.
fn unchanged_note(dir: &Path) -> String {
    let run = check(dir, &[]);
    let summary = run.stdout.lines().last().unwrap_or_default().to_owned();
    summary.split_once("; ").map(|(_, note)| note.trim_end_matches(')').to_owned()).unwrap_or_default()
}

#[test]
fn a_second_run_is_answered_from_the_cache_and_reports_the_same() {
    let (dir, _) = repo();
    let plan = dir.path().join(PLAN);
    let text = std::fs::read_to_string(&plan).expect("read");
    // A finding of a per-document rule and one that needs git.
    std::fs::write(&plan, text.replacen("Wire it in", "Wire it in (deadbee)", 1) + "trailing\t\n").expect("write");
    let first = check(dir.path(), &["--format", "json"]);
    assert!(dir.path().join(CACHE).is_file(), "the first run writes the cache");
    let second = check(dir.path(), &["--format", "json"]);
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(first.code, second.code);
    assert!(second.stdout.contains("plan-unknown-sha"), "{}", second.stdout);
    assert_eq!(unchanged_note(dir.path()), "1 track unchanged since the last run");
    // draft/.state/ is ignored by git: the cache never shows as a change.
    assert_eq!(git(dir.path(), &["status", "--porcelain", "--", "draft/.state"]), "");
}

#[test]
fn an_edited_track_is_checked_again() {
    let (dir, _) = repo();
    assert_eq!(findings(dir.path(), &[]), vec![]);
    let spec = dir.path().join(SPEC);
    let text = std::fs::read_to_string(&spec).expect("read");
    std::fs::write(&spec, text.replace("Stream the rows.", "See `src/gone.rs:3`.")).expect("write");
    let f = findings(dir.path(), &[]);
    assert!(f.iter().any(|(rule, file, ..)| rule == "citation-missing-file" && file == SPEC), "{f:?}");
    assert_eq!(unchanged_note(dir.path()), "1 track unchanged since the last run");
}

#[test]
fn git_questions_are_asked_again_for_a_cached_track() {
    let (dir, _) = repo();
    let spec = dir.path().join(SPEC);
    let text = std::fs::read_to_string(&spec).expect("read");
    std::fs::write(dir.path().join("src/cited.rs"), "a\nb\nc\n").expect("write");
    std::fs::write(&spec, text.replace("Stream the rows.", "See `src/cited.rs:2`.")).expect("write");
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "cite"]);
    assert_eq!(findings(dir.path(), &[]), vec![]);
    // The track's documents do not change; the cited file leaves HEAD.
    git(dir.path(), &["rm", "-q", "src/cited.rs"]);
    git(dir.path(), &["commit", "-qm", "remove"]);
    let f = findings(dir.path(), &[]);
    assert!(f.iter().any(|(rule, ..)| rule == "citation-missing-file"), "{f:?}");
    assert_eq!(unchanged_note(dir.path()), "1 track unchanged since the last run");
}

#[test]
fn settings_invalidate_every_entry() {
    let (dir, _) = repo();
    let plan = dir.path().join(PLAN);
    let text = std::fs::read_to_string(&plan).expect("read");
    std::fs::write(&plan, text + "trailing\t\n").expect("write");
    let before = findings(dir.path(), &[]);
    assert!(before.iter().any(|(rule, ..)| rule == "whitespace-trailing"), "{before:?}");
    std::fs::write(dir.path().join("draft/config.toml"), "[check]\ndisable = [\"whitespace-trailing\"]\n")
        .expect("write");
    let after = findings(dir.path(), &[]);
    assert!(!after.iter().any(|(rule, ..)| rule == "whitespace-trailing"), "{after:?}");
    let run = check(dir.path(), &[]);
    assert!(run.stdout.contains("unchanged since the last run"), "{}", run.stdout);
}

#[test]
fn no_cache_neither_reads_nor_writes_and_a_broken_cache_is_rebuilt() {
    let (dir, _) = repo();
    let run = check(dir.path(), &["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join(CACHE).exists());
    assert_eq!(unchanged_note(dir.path()), "", "first run: nothing cached yet");
    for garbage in [&b""[..], b"\xff\xfe not a cache", &[1u8; 64]] {
        std::fs::write(dir.path().join(CACHE), garbage).expect("write");
        let run = check(dir.path(), &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(unchanged_note(dir.path()), "1 track unchanged since the last run");
    }
    let run = check(dir.path(), &["--no-cache"]);
    assert!(!run.stdout.contains("unchanged"), "{}", run.stdout);
}
