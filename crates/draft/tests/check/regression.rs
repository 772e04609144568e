//! Regression tests of `draft check`, each named after the issue item it pins.

use super::rule_pairs::failing_git;
use super::{PLAN, SPEC, check, committed, draft, findings, findings_with, git, tree};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::Path;

/// Every finding of a run as JSON values.
fn diagnostics(dir: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> (i32, Vec<Value>) {
    let home = tempfile::tempdir().expect("home");
    let mut cmd = draft(dir, home.path());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(["check", "--format", "json"]).args(args).output().expect("run draft");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    (out.status.code().unwrap_or(-1), json["diagnostics"].as_array().expect("array").clone())
}

fn of<'a>(diags: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["rule"] == rule).collect()
}

/// Issue 7 §3: every emitter uses the table's severity. draft-core's tree
/// loader writes `registry-entry-id` as an error for an unsafe id; the table
/// says warning, and check reports what the table says.
#[test]
fn regression_typed_rules_registry_entry_id_uses_table_severity() {
    let dir = tree("check/fixtures/registry-entry-id/bad");
    let (code, diags) = diagnostics(dir.path(), &[], &[]);
    let found = of(&diags, "registry-entry-id");
    assert_eq!(found.len(), 1, "{diags:#?}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(code, 0, "a warning alone does not fail the run");
    // `disable` with an unknown id is still reported, on its line.
    std::fs::write(dir.path().join("draft/config.toml"), "[check]\n\ndisable = [\"registry-entry-ids\"]\n")
        .expect("write");
    let f = findings(dir.path(), &[]);
    assert!(f.contains(&("config-unknown-rule".into(), "draft/config.toml".into(), 3, 12)), "{f:?}");
}

/// Issue 8 §20: each finding used to count lines from the start of its file,
/// so 20,000 findings in one plan took seconds and a 50 MB plan never
/// finished. Every finding is still placed exactly.
#[test]
fn regression_check_quadratic_findings() {
    const TASKS: usize = 20_000;
    let dir = tree("check/fixtures/plan-unknown-marker/good");
    let plan_path = dir.path().join(PLAN);
    let text = std::fs::read_to_string(&plan_path).expect("read");
    let head = &text[..text.find("## Phase 1").expect("phase")];
    let first_line = head.lines().count() + 2;
    let mut plan = format!("{head}## Phase 1: Many\n");
    for i in 1..=TASKS {
        plan.push_str(&format!("- [-] **Task 1.{i}:** item number {i} of the long phase\n"));
    }
    std::fs::write(&plan_path, plan).expect("write");
    let f = findings(dir.path(), &[]);
    let markers: Vec<_> = f.iter().filter(|d| d.0 == "plan-unknown-marker").collect();
    assert_eq!(markers.len(), TASKS);
    assert_eq!((markers[0].2, markers[0].3), (first_line as u64, 4));
    let last = markers[TASKS - 1];
    assert_eq!((last.2, last.3), ((first_line + TASKS - 1) as u64, 4));
    // The human renderer places each snippet with the same index.
    let human = check(dir.path(), &[]);
    assert_eq!(human.code, 1);
    assert_eq!(human.stdout.matches("error[plan-unknown-marker]").count(), TASKS);
    let last_line = format!("{} | - [-] **Task 1.{TASKS}:**", first_line + TASKS - 1);
    assert!(human.stdout.contains(&last_line), "{}", &human.stdout[human.stdout.len().saturating_sub(2000)..]);
}

/// A repository with an unknown SHA in the plan, a missing and a valid
/// citation in the spec, and documents one commit stale.
fn broken_repo() -> tempfile::TempDir {
    let (dir, _) = committed("check/fixtures/staleness/bad");
    let plan = dir.path().join(PLAN);
    let text = std::fs::read_to_string(&plan).expect("read");
    std::fs::write(&plan, text.replacen("Wire it in", "Wire it in (deadbee)", 1)).expect("write");
    let spec = dir.path().join(SPEC);
    let text = std::fs::read_to_string(&spec).expect("read");
    std::fs::write(&spec, text.replace("Stream the rows.", "Stream the rows (`src/nope.rs:1`, `src/lib.rs:1`)."))
        .expect("write");
    dir
}

/// A git that runs `case` (a shell `case` arm over "$1 $2") before the real one.
fn fake_git(dir: &Path, name: &str, case: &str) -> std::path::PathBuf {
    let script = dir.join(name);
    let body = format!("#!/bin/sh\ncase \"$1 $2\" in\n  {case}\nesac\nexec git \"$@\"\n");
    std::fs::write(&script, body).expect("write script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    script
}

/// Issue 8 §21: when git failed part-way, unknown SHAs passed silently while
/// every citation was reported missing. Now each git question is answered
/// completely or its rules are skipped, with one diagnostic saying so.
#[test]
fn regression_git_failure_midway() {
    let dir = broken_repo();
    let tools = tempfile::tempdir().expect("tools");
    // The real git: everything is found.
    let (_, all) = diagnostics(dir.path(), &[], &[]);
    assert_eq!(of(&all, "plan-unknown-sha").len(), 1, "{all:#?}");
    assert_eq!(of(&all, "citation-missing-file").len(), 1, "{all:#?}");
    assert_eq!(of(&all, "staleness").len(), 3, "{all:#?}");
    assert!(of(&all, "git-failed").is_empty());

    // cat-file fails: SHAs and citations are skipped, staleness still runs.
    let git = failing_git(tools.path());
    let (code, diags) = diagnostics(dir.path(), &[], &[("DRAFT_GIT", git.as_os_str())]);
    let failed = of(&diags, "git-failed");
    assert_eq!(failed.len(), 1, "{diags:#?}");
    assert_eq!(failed[0]["severity"], "error");
    assert!(failed[0]["message"].as_str().unwrap_or_default().contains("simulated failure"), "{failed:#?}");
    let hint = failed[0]["hint"].as_str().unwrap_or_default();
    for rule in ["citation-line-range", "citation-missing-file", "frontmatter-commit", "plan-unknown-sha"] {
        assert!(hint.contains(rule), "{hint}");
    }
    assert!(!hint.contains("staleness"), "{hint}");
    for rule in ["plan-unknown-sha", "frontmatter-commit", "citation-missing-file", "citation-line-range"] {
        assert!(of(&diags, rule).is_empty(), "{rule} half-run: {diags:#?}");
    }
    assert_eq!(of(&diags, "staleness").len(), 3);
    assert_eq!(code, 1);

    // `git log` fails: staleness is skipped, the SHA and the one bad citation are still found.
    let git = fake_git(tools.path(), "git-log", "log*) echo 'fatal: log broke' >&2; exit 128;;");
    let (_, diags) = diagnostics(dir.path(), &[], &[("DRAFT_GIT", git.as_os_str())]);
    assert_eq!(of(&diags, "git-failed").len(), 1, "{diags:#?}");
    assert!(of(&diags, "staleness").is_empty());
    assert_eq!(of(&diags, "plan-unknown-sha").len(), 1);
    assert_eq!(of(&diags, "citation-missing-file").len(), 1, "only the missing file, not every citation");

    // `cat-file --batch` stops short (exit 0, no answers): not "every citation missing".
    let git = fake_git(tools.path(), "git-short", "'cat-file --batch') cat >/dev/null; exit 0;;");
    let (_, diags) = diagnostics(dir.path(), &[], &[("DRAFT_GIT", git.as_os_str())]);
    assert!(of(&diags, "citation-missing-file").is_empty(), "{diags:#?}");
    let failed = of(&diags, "git-failed");
    assert_eq!(failed.len(), 1, "{diags:#?}");
    assert!(failed[0]["message"].as_str().unwrap_or_default().contains("answered 0 of 2"), "{failed:#?}");
    assert_eq!(of(&diags, "plan-unknown-sha").len(), 1);

    // git fails from the first question: one diagnostic, nothing git-dependent.
    let git = fake_git(tools.path(), "git-probe", "rev-parse*) echo 'fatal: broken' >&2; exit 128;;");
    let (_, diags) = diagnostics(dir.path(), &[], &[("DRAFT_GIT", git.as_os_str())]);
    assert_eq!(of(&diags, "git-failed").len(), 1, "{diags:#?}");
    assert!(of(&diags, "git-unavailable").is_empty(), "a broken git is not 'outside git'");
    for rule in ["plan-unknown-sha", "citation-missing-file", "staleness"] {
        assert!(of(&diags, rule).is_empty(), "{rule}: {diags:#?}");
    }
}

/// Issue 8 §10: tasks outside a phase are still tasks, so the finding is a
/// hint (`info`, the lowest severity), not a warning — also under --strict.
#[test]
fn regression_plan_task_outside_phase_is_a_hint() {
    let dir = tree("check/fixtures/plan-task-outside-phase/bad");
    for args in [&[][..], &["--strict"][..]] {
        let (code, diags) = diagnostics(dir.path(), args, &[]);
        let found = of(&diags, "plan-task-outside-phase");
        assert_eq!(found.len(), 1, "{diags:#?}");
        assert_eq!(found[0]["severity"], "info");
        assert_eq!(code, 0, "{args:?}");
    }
}

/// Issue 10 §5: Draft's `<!-- VERIFIER:IGNORE END -->` ends an ignore block
/// (before, everything after it was skipped); an unclosed block is reported.
#[test]
fn regression_verifier_ignore_draft_spelling() {
    let dir = tree("check/fixtures/citation-missing-file/good");
    let spec = dir.path().join(SPEC);
    let text = std::fs::read_to_string(&spec).expect("read");
    let block = "Stream the rows.\n\n<!-- VERIFIER:IGNORE START -->\nExample: `src/example.rs:10`\n<!-- VERIFIER:IGNORE END -->\n\nAfter: `src/after.rs:3`.";
    std::fs::write(&spec, text.replace("Stream the rows (see `src/lib.rs:1-2`).", block)).expect("write");
    let f = findings(dir.path(), &[]);
    assert_eq!(f, vec![("citation-missing-file".to_owned(), SPEC.to_owned(), 54, 9)], "{f:?}");
    // Our own spelling still works, and so do the other closers.
    for (open, close) in [
        ("<!-- VERIFIER:IGNORE -->", "<!-- /VERIFIER:IGNORE -->"),
        ("<!-- VERIFIER:IGNORE -->", "<!-- VERIFIER:END -->"),
    ] {
        let ours = text.replace(
            "Stream the rows (see `src/lib.rs:1-2`).",
            &block.replace("<!-- VERIFIER:IGNORE START -->", open).replace("<!-- VERIFIER:IGNORE END -->", close),
        );
        std::fs::write(&spec, ours).expect("write");
        assert_eq!(findings(dir.path(), &[]), f, "{open} … {close}");
    }
    // Without its END the block is a finding at its opening line.
    std::fs::write(
        &spec,
        text.replace("Stream the rows (see `src/lib.rs:1-2`).", &block.replace("<!-- VERIFIER:IGNORE END -->\n", "")),
    )
    .expect("write");
    let f = findings(dir.path(), &[]);
    assert_eq!(f, vec![("citation-ignore-unclosed".to_owned(), SPEC.to_owned(), 50, 1)], "{f:?}");
}

/// Issue 10 §6: placeholder authors and approvers, approval rows with no one
/// in them, and `_TBD_` sentinels budgeted by the track's status.
#[test]
fn regression_placeholder_people_and_tbd_budget() {
    let dir = tree("check/fixtures/placeholder-person/good");
    let spec = dir.path().join(SPEC);
    let text = std::fs::read_to_string(&spec).expect("read");
    let people = text.replace(
        "| Product Owner | Ann | Spec sign-off | [x] |",
        "| Product Owner | [name] | Spec sign-off | [x] |\n| Tech Lead | Author1 | Architecture review | [x] |\n| QA | Bo <xxx@example.com> | Test plan | [x] |\n| Security | | | |\n|  |  |  |  |",
    );
    std::fs::write(&spec, &people).expect("write");
    let f = findings(dir.path(), &[]);
    let rules: Vec<(&str, u64, u64)> = f.iter().map(|d| (d.0.as_str(), d.2, d.3)).collect();
    assert_eq!(
        rules,
        [
            ("placeholder-person", 58, 19),
            ("placeholder-person", 59, 15),
            ("placeholder-person", 60, 12),
            ("approval-empty-row", 61, 1),
            ("approval-empty-row", 62, 1),
        ],
        "{f:?}"
    );
    // While the spec is drafted, the template's people are expected.
    std::fs::write(&spec, people.replace("**Status:** [x] Approved", "**Status:** [ ] Drafting")).expect("write");
    let meta = dir.path().join("draft/tracks/t1/metadata.json");
    let planning = std::fs::read_to_string(&meta).expect("read");
    assert!(findings(dir.path(), &[]).iter().all(|d| d.0 != "placeholder-person" && d.0 != "approval-empty-row"));

    // `_TBD_` budget by status: in progress 3, completed 0, planning unlimited.
    let tbd = text.replace("Exports.", "Exports: _TBD_csv_.");
    std::fs::write(&spec, &tbd).expect("write");
    assert!(findings(dir.path(), &[]).is_empty());
    std::fs::write(&meta, planning.replace("\"in_progress\"", "\"completed\"")).expect("write");
    let f = findings(dir.path(), &[]);
    assert!(f.contains(&("placeholder-tbd".into(), SPEC.into(), 45, 10)), "{f:?}");
    std::fs::write(dir.path().join("draft/config.toml"), "[check]\ntbd_budget = { completed = 1 }\n").expect("write");
    assert!(findings(dir.path(), &[]).iter().all(|d| d.0 != "placeholder-tbd"));
    std::fs::write(dir.path().join("draft/config.toml"), "[check]\ntbd_budget = { done_ish = 1 }\n").expect("write");
    assert!(findings(dir.path(), &[]).contains(&("config-invalid".into(), "draft/config.toml".into(), 2, 1)));

    // A fresh track from the seed template is clean of these rules.
    let fresh = tempfile::tempdir().expect("tmp");
    git(fresh.path(), &["init", "-q", "-b", "main"]);
    let home = tempfile::tempdir().expect("home");
    for args in [&["init"][..], &["new-track", "Add CSV export"][..]] {
        let out = draft(fresh.path(), home.path()).args(args).output().expect("run");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let f = findings_with(fresh.path(), &[], &[], true);
    let new_rules = ["placeholder-person", "approval-empty-row", "placeholder-tbd", "citation-ignore-unclosed"];
    assert!(f.iter().all(|d| !new_rules.contains(&d.0.as_str())), "{f:?}");
}
