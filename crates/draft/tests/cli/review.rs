//! `draft review`: commits from recorded SHAs and scoped subjects (a missing
//! SHA is a finding), acceptance criteria matched to the tests they name,
//! the workflow's test command run and its failing tests parsed, the
//! review.md skeleton regenerated around the agent's prose, and `--record`
//! editing metadata.json losslessly.

use crate::common::{Env, json_of, read, stdout_of, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

const TRACK: &str = "add-math";

/// A project with one track `add-math` whose spec names one test that
/// exists and one that does not, a workflow test command that fails one
/// test, a commit recorded on task 1.1, a scoped commit, and a recorded SHA
/// that names no commit.
fn project(env: &Env) -> PathBuf {
    let repo = env.initialised_repo("app");
    env.draft(&repo).args(["new-track", "Add math"]).assert().success();
    let spec_path = repo.join("draft/tracks/add-math/spec.md");
    let spec = read(&spec_path).replacen(
        "## Acceptance Criteria\n[To be developed through intake conversation]\n",
        "## Acceptance Criteria\n\
- [ ] Two numbers add up (`adds_two_numbers`)\n\
- [ ] Subtraction works, test: `subtracts_two_numbers`\n\
- [ ] The result is printed nicely\n",
        1,
    );
    write(&spec_path, spec);
    let workflow = repo.join("draft/workflow.md");
    write(&workflow, format!("{}\n## Testing\n\n**Test command:** `sh test.sh`\n", read(&workflow)));
    write(
        &repo.join("test.sh"),
        "echo 'running 2 tests'\necho 'test math::adds_two_numbers ... ok'\necho 'test math::subtracts ... FAILED'\nexit 101\n",
    );
    env.commit_all(&repo, "docs(add-math): spec and plan");
    write(&repo.join("src/math.rs"), "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n");
    write(&repo.join("tests/math.rs"), "#[test]\nfn adds_two_numbers() {\n    assert_eq!(app::add(1, 2), 3);\n}\n");
    env.commit_all(&repo, "feat: the adder");
    env.draft(&repo).args(["task", "done", "1.1"]).assert().success();
    env.commit_all(&repo, "chore: record task 1.1");
    write(&repo.join("src/sub.rs"), "pub fn sub(a: i32, b: i32) -> i32 {\n    a - b\n}\n");
    env.commit_all(&repo, "feat(add-math): subtraction");
    // A SHA that names no commit, recorded by hand.
    let plan_path = repo.join("draft/tracks/add-math/plan.md");
    let plan = read(&plan_path).replacen(
        "- [ ] **Task 1.2:** Replace with the second foundation task",
        "- [x] **Task 1.2:** Replace with the second foundation task (deadbee)",
        1,
    );
    write(&plan_path, plan);
    env.draft(&repo).arg("sync").assert().success();
    env.commit_all(&repo, "chore: record task 1.2");
    repo
}

fn review(env: &Env, repo: &Path, args: &[&str], code: i32) -> Value {
    let mut all = vec!["review", "--json"];
    all.extend_from_slice(args);
    json_of(&env.draft(repo).args(&all).assert().code(code))
}

fn rules(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (f["rule"].as_str().unwrap_or_default().to_owned(), f["message"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

#[test]
fn gathers_commits_criteria_and_the_failing_test() {
    let env = Env::new();
    let repo = project(&env);
    let r = review(&env, &repo, &[], 1);
    assert_eq!(r["version"], 1);
    assert_eq!(r["track"]["id"], TRACK);
    // Commits: the one recorded on 1.1 and the scoped one; not the bookkeeping commits.
    let subjects: Vec<&str> =
        r["commits"].as_array().expect("commits").iter().filter_map(|c| c["subject"].as_str()).collect();
    assert!(subjects.contains(&"feat: the adder"), "{subjects:?}");
    assert!(subjects.contains(&"feat(add-math): subtraction"), "{subjects:?}");
    assert!(subjects.contains(&"docs(add-math): spec and plan"), "{subjects:?}");
    assert!(!subjects.contains(&"chore: record task 1.1"), "{subjects:?}");
    let found = rules(&r);
    // The SHA recorded on 1.2 names no commit: a finding, not a crash.
    assert!(found.iter().any(|(rule, m)| rule == "review-missing-sha" && m.contains("deadbee")), "{found:?}");
    // Criteria: one test found, one missing (a finding), one names none.
    let criteria = r["criteria"].as_array().expect("criteria");
    assert_eq!(criteria.len(), 3);
    assert_eq!(criteria[0]["status"], "tests_found");
    assert_eq!(criteria[0]["tests"][0]["location"], "tests/math.rs:2");
    assert_eq!(criteria[1]["status"], "missing_test");
    assert_eq!(criteria[2]["status"], "no_test_named");
    assert!(
        found.iter().any(|(rule, m)| rule == "review-missing-test" && m.contains("subtracts_two_numbers")),
        "{found:?}"
    );
    // The workflow's test command ran; its failing test is parsed.
    let cmd = &r["commands"][0];
    assert_eq!(cmd["command"], "sh test.sh");
    assert_eq!(cmd["kind"], "test");
    assert_eq!(cmd["exit_code"], 101);
    assert_eq!(cmd["failing"], serde_json::json!(["math::subtracts"]));
    assert!(found.iter().any(|(rule, _)| rule == "review-command-failed"), "{found:?}");
    // Diff: the code and test files by class.
    let changed: Vec<(&str, &str)> = r["diff"]["changed"]
        .as_array()
        .expect("changed")
        .iter()
        .map(|f| (f["path"].as_str().unwrap_or_default(), f["class"].as_str().unwrap_or_default()))
        .collect();
    assert!(changed.contains(&("src/math.rs", "code")), "{changed:?}");
    assert!(changed.contains(&("tests/math.rs", "test")), "{changed:?}");
    assert!(r["diff_coverage"].is_null());
    assert_eq!(r["report"], "draft/tracks/add-math/review.md");
}

#[test]
fn no_run_lists_commands_without_running_them() {
    let env = Env::new();
    let repo = project(&env);
    let r = review(&env, &repo, &["--no-run", "--no-write"], 1);
    assert_eq!(r["commands"][0]["ran"], false);
    assert!(r["commands"][0]["exit_code"].is_null());
    assert!(r["report"].is_null());
    assert!(!repo.join("draft/tracks/add-math/review.md").exists());
    // Still exit 1: a named test is missing.
    assert!(rules(&r).iter().all(|(rule, _)| rule != "review-command-failed"));
}

#[test]
fn regeneration_keeps_the_agents_sections_byte_identical() {
    let env = Env::new();
    let repo = project(&env);
    env.draft(&repo).args(["review", "--no-run"]).assert().code(1);
    let path = repo.join("draft/tracks/add-math/review.md");
    let first = read(&path);
    assert!(first.starts_with("---\nproject: "), "{first}");
    assert!(first.contains("generated_by: \"draft:review\""));
    let stage1 = first.find("## Stage 1: Spec compliance").expect("stage 1");
    let stage2 = first.find("## Stage 2: Code quality").expect("stage 2");
    let findings = first.find("## Findings").expect("findings");
    let verdict = first.find("## Verdict").expect("verdict");
    assert!(stage1 < stage2 && stage2 < findings && findings < verdict);
    // The agent writes its judgement.
    let prose = "\nAC1 is met by `src/math.rs:1`; its test passes.  \nAC2 has no test.\r\n";
    let edited = first.replacen("## Stage 2: Code quality\n", &format!("## Stage 2: Code quality\n{prose}"), 1);
    write(&path, &edited);
    let after_marker = |s: &str| s[s.find("<!-- draft:review end -->").expect("end marker")..].to_owned();
    // New work changes the facts.
    write(&repo.join("src/mul.rs"), "pub fn mul(a: i32, b: i32) -> i32 {\n    a * b\n}\n");
    env.commit_all(&repo, "feat(add-math): multiplication");
    env.draft(&repo).args(["review", "--no-run"]).assert().code(1);
    let second = read(&path);
    assert!(second.contains("`src/mul.rs`"), "the facts were regenerated:\n{second}");
    assert_eq!(after_marker(&second), after_marker(&edited), "the agent's sections kept their bytes");
}

#[test]
fn record_edits_metadata_losslessly_and_the_verdict_section() {
    let env = Env::new();
    let repo = project(&env);
    let meta_path = repo.join("draft/tracks/add-math/metadata.json");
    let before = read(&meta_path);
    let keys_before: Vec<String> =
        serde_json::from_str::<serde_json::Map<String, Value>>(&before).expect("json").keys().cloned().collect();
    let a =
        env.draft(&repo).args(["review", "--record", "pass-with-notes", "--notes", "naming nits"]).assert().success();
    assert!(stdout_of(&a).contains("PASS_WITH_NOTES"), "{}", stdout_of(&a));
    let after = read(&meta_path);
    let map: serde_json::Map<String, Value> = serde_json::from_str(&after).expect("json");
    let keys: Vec<&String> = map.keys().collect();
    assert_eq!(keys[..keys_before.len()].iter().map(|k| k.as_str()).collect::<Vec<_>>(), keys_before);
    assert_eq!(map["reviewCount"], 1);
    assert_eq!(map["lastReviewVerdict"], "PASS_WITH_NOTES");
    assert_eq!(map["lastReviewed"], crate::common::NOW);
    // Only the three keys were added: the old text is a prefix up to its last value.
    let cut = before.rfind('}').expect("closing brace");
    assert!(after.starts_with(before[..cut].trim_end()), "{before}\n---\n{after}");
    let report = read(&repo.join("draft/tracks/add-math/review.md"));
    assert!(report.contains("**Verdict:** PASS_WITH_NOTES (review 1, "), "{report}");
    assert!(report.contains("**Notes:** naming nits"), "{report}");
    // A second review counts up and replaces the verdict, keeping key order.
    let r = json_of(&env.draft(&repo).args(["review", "--record", "fail", "--json"]).assert().success());
    assert_eq!(r["review_count"], 2);
    assert_eq!(r["verdict"], "FAIL");
    let map: serde_json::Map<String, Value> = serde_json::from_str(&read(&meta_path)).expect("json");
    assert_eq!(map["reviewCount"], 2);
    assert_eq!(map.keys().cloned().collect::<Vec<_>>(), keys.into_iter().cloned().collect::<Vec<_>>());
    let report = read(&repo.join("draft/tracks/add-math/review.md"));
    assert!(report.contains("**Verdict:** FAIL (review 2, ") && !report.contains("PASS_WITH_NOTES"), "{report}");
}

#[test]
fn base_reviews_a_range() {
    let env = Env::new();
    let repo = project(&env);
    let r = review(&env, &repo, &["--base", "HEAD~2", "--no-run", "--no-write"], 1);
    assert_eq!(r["scope"]["kind"], "base");
    assert_eq!(r["commits"].as_array().map(Vec::len), Some(2));
    let paths: Vec<&str> =
        r["diff"]["changed"].as_array().expect("changed").iter().filter_map(|f| f["path"].as_str()).collect();
    assert!(paths.contains(&"src/sub.rs"), "{paths:?}");
    assert!(!paths.contains(&"src/math.rs"), "{paths:?}");
    env.draft(&repo).args(["review", "--base", "nope"]).assert().code(2);
}
