//! End-to-end tests of `draft check`: one bad/clean fixture pair per rule
//! with exact positions, snapshots of human and JSON output, SARIF validated
//! against the official 2.1.0 schema, the shared fixtures' EXPECTED.md, git
//! rules in hermetic temp repositories, `--fix`, targets and exit codes.
//!
//! Fixtures live in `fixtures/<rule>/{bad,good}/` (regenerate them with
//! `gen_fixtures.py`); each test copies its tree to a temp directory outside
//! any git repository unless it builds one itself. Every rule of
//! `--list-rules` must have a pair, or `every_rule_has_a_fixture_pair` fails.

mod cache;
mod regression;
mod rule_pairs;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A fixture tree copied to a fresh temp directory.
fn tree(rel: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&here().join(rel), dir.path());
    dir
}

fn draft(dir: &Path, home: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("draft"));
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env("DRAFT_NOW", "2026-03-01T09:00:00Z");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn check(dir: &Path, args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("home");
    let out = draft(dir, home.path()).arg("check").args(args).output().expect("run draft");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// (rule, file, line, column) of every finding except the git-unavailable note.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, String, u64, u64)> {
    findings_with(dir, args, &[], false)
}

/// `findings` with extra environment variables, optionally keeping the
/// git-unavailable note.
fn findings_with(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
    keep_git_note: bool,
) -> Vec<(String, String, u64, u64)> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let home = tempfile::tempdir().expect("home");
    let mut cmd = draft(dir, home.path());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.arg("check").args(&all).output().expect("run draft");
    let (code, stdout) = (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout));
    assert!(code == 0 || code == 1, "exit {code}: {}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_str(&stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| keep_git_note || d["rule"] != "git-unavailable")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

const SPEC: &str = "draft/tracks/t1/spec.md";
const PLAN: &str = "draft/tracks/t1/plan.md";
const REG: &str = "draft/tracks.md";

fn normalize(s: &str, root: &Path) -> String {
    s.replace(&root.display().to_string(), "[ROOT]")
}

#[test]
fn human_and_json_snapshots() {
    for name in ["risk-score", "plan-unknown-marker", "frontmatter-key"] {
        let bad = tree(&format!("check/fixtures/{name}/bad"));
        let human = check(bad.path(), &[]);
        insta::assert_snapshot!(format!("{name}-human"), format!("exit: {}\n{}", human.code, human.stdout));
        let json = check(bad.path(), &["--format", "json"]);
        let root = std::fs::canonicalize(bad.path()).expect("canon");
        insta::assert_snapshot!(format!("{name}-json"), normalize(&json.stdout, &root));
    }
    let drift = tree("fixtures/drift");
    let human = check(drift.path(), &[]);
    insta::assert_snapshot!("drift-human", format!("exit: {}\n{}", human.code, human.stdout));
}

#[test]
fn github_format_annotations() {
    let bad = tree("check/fixtures/risk-score/bad");
    let run = check(bad.path(), &["--format", "github"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "::error file=draft/tracks/t1/spec.md,line=67,col=24,title=risk-score::risk Score \"10\" is not Probability × Impact = 3 × 4 = 12%0Ahint: write 12\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("::notice file=draft/,title=git-unavailable::"), "{}", run.stdout);
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    // sarif-schema-2.1.0.json is `sarif-2.1.0-rtm.5.json` (the OASIS SARIF 2.1.0
    // schema) as shipped in the npm package @microsoft/sarif-matcher-utils@1.0.0-beta.0
    // (lib/schemas/sarif-2.1.0-rtm.5.json, MIT), obtained with `npm pack`.
    // That copy's `run.language` pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` has a stray `]`
    // that the validator's meta-schema check rejects as a regex; the test swaps in the pattern of
    // later schema revisions (`^[a-zA-Z]{2}(-[a-zA-Z]{2})?$`) in memory. Nothing else is changed.
    let text = std::fs::read_to_string(here().join("check/sarif-schema-2.1.0.json"))
        .expect("schema")
        .replace(r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$", r"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    let schema: Value = serde_json::from_str(&text).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    for fixture in ["check/fixtures/risk-score/bad", "check/fixtures/registry-missing-entry/bad", "fixtures/drift"] {
        let dir = tree(fixture);
        let run = check(dir.path(), &["--format", "sarif"]);
        let log: Value = serde_json::from_str(&run.stdout).expect("sarif json");
        let errors: Vec<String> =
            validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{fixture}: {errors:#?}");
        assert_eq!(log["version"], "2.1.0");
        assert!(!log["runs"][0]["results"].as_array().expect("results").is_empty());
    }
    // A finding without a line has no region.
    let dir = tree("check/fixtures/registry-missing-entry/bad");
    let log: Value = serde_json::from_str(&check(dir.path(), &["--format", "sarif"]).stdout).expect("json");
    let r = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "registry-missing-entry")
        .expect("result");
    assert!(r["locations"][0]["physicalLocation"].get("region").is_none());
}

fn count(f: &[(String, String, u64, u64)], rule: &str) -> usize {
    f.iter().filter(|d| d.0 == rule).count()
}

#[test]
fn shared_fixture_drift_gives_expected_findings() {
    let dir = tree("fixtures/drift");
    let f = findings(dir.path(), &[]);
    let meta = "draft/tracks/payments-retry/metadata.json";
    // 1–3: metadata.json status, phases.completed, tasks.total and tasks.completed.
    for line in [5, 8, 9, 9] {
        assert!(f.iter().any(|d| d.0 == "consistency" && d.1 == meta && d.2 == line), "{f:?}");
    }
    assert_eq!(f.iter().filter(|d| d.0 == "consistency" && d.1 == meta).count(), 4);
    // 4: tracks.md Status, Phases, Tasks.
    for line in [6, 7, 8] {
        assert!(f.iter().any(|d| d.0 == "consistency" && d.1 == REG && d.2 == line), "{f:?}");
    }
    // 5, 6: ghost-track without folder, orphan-spike without entry.
    assert!(f.contains(&("registry-missing-folder".into(), REG.into(), 11, 1)));
    assert!(f.contains(&("registry-missing-entry".into(), "draft/tracks/orphan-spike/".into(), 0, 0)));
    // 7: no frontmatter in tracks.md and the track documents.
    for file in [REG, "draft/tracks/payments-retry/plan.md", "draft/tracks/orphan-spike/plan.md"] {
        assert!(f.contains(&("frontmatter-missing".into(), file.into(), 1, 1)), "{file}: {f:?}");
    }
    assert_eq!(check(dir.path(), &[]).code, 1);
}

#[test]
fn shared_fixture_draft_basic_is_consistent_and_reports_each_missing_spec_once() {
    let dir = tree("fixtures/draft-basic");
    let f = findings(dir.path(), &[]);
    assert_eq!(count(&f, "consistency"), 0, "{f:?}");
    assert_eq!(count(&f, "spec-missing"), 3, "{f:?}");
    for id in ["add-csv-export", "fix-login-timeout", "legacy-cleanup"] {
        let file = format!("draft/tracks/{id}/spec.md");
        assert_eq!(f.iter().filter(|d| d.0 == "spec-missing" && d.1 == file).count(), 1);
    }
    assert_eq!(check(dir.path(), &[]).code, 0);
}

#[test]
fn shared_fixture_conductor_basic_is_clean() {
    let dir = tree("fixtures/conductor-basic");
    let f = findings(dir.path(), &[]);
    assert!(f.is_empty(), "no frontmatter required and no consistency finding in Conductor trees: {f:?}");
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = tree("check/fixtures/approval-gate/bad");
    assert_eq!(check(dir.path(), &[]).code, 0);
    let run = check(dir.path(), &["--strict"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[approval-gate]"), "{}", run.stdout);
}

#[test]
fn targets_restrict_findings_and_unknown_targets_exit_2() {
    let dir = tree("fixtures/drift");
    let by_track = findings(dir.path(), &["payments-retry"]);
    assert!(!by_track.is_empty());
    assert!(by_track.iter().all(|d| d.1.starts_with("draft/tracks/payments-retry/")), "{by_track:?}");
    let by_path = findings(dir.path(), &["draft/tracks.md"]);
    assert!(by_path.iter().all(|d| d.1 == REG) && !by_path.is_empty(), "{by_path:?}");
    let run = check(dir.path(), &["no-such-track"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-track"), "{}", run.stderr);
}

#[test]
fn config_and_per_file_disables() {
    let dir = tree("check/fixtures/risk-score/bad");
    std::fs::write(dir.path().join("draft/config.toml"), "[check]\ndisable = [\"risk-score\"]\n").expect("write");
    assert!(findings(dir.path(), &[]).is_empty());
    let dir = tree("check/fixtures/risk-score/bad");
    let spec = dir.path().join(SPEC);
    let text = std::fs::read_to_string(&spec).expect("read");
    std::fs::write(&spec, format!("{text}\n<!-- draft-check-disable risk-score -->\n")).expect("write");
    assert!(findings(dir.path(), &[]).is_empty());
}

#[test]
fn fix_removes_trailing_whitespace_and_rewrites_commit_short() {
    let dir = tree("check/fixtures/whitespace-trailing/bad");
    let reg = dir.path().join(REG);
    let text = std::fs::read_to_string(&reg).expect("read");
    std::fs::write(&reg, text.replace("commit_short: \"0123456\"", "commit_short: \"fffffff\"")).expect("write");
    let run = check(dir.path(), &["--fix"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("fixed draft/tracks.md: git.commit_short set to \"0123456\""), "{}", run.stderr);
    assert!(
        run.stderr.contains("fixed draft/tracks/t1/spec.md: removed trailing whitespace on 1 line(s)"),
        "{}",
        run.stderr
    );
    assert!(findings(dir.path(), &[]).is_empty());
    let good = tree("check/fixtures/whitespace-trailing/good");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(SPEC)).expect("read"),
        std::fs::read_to_string(good.path().join(SPEC)).expect("read").replace("  \nA hard break above.", "")
    );
}

#[test]
fn fix_recounts_like_sync_and_leaves_what_needs_a_human() {
    let fixed = tree("fixtures/drift");
    let run = check(fixed.path(), &["--fix"]);
    assert!(
        run.stderr.contains(
            "fixed draft/tracks/payments-retry/metadata.json: tasks.completed of payments-retry set to 3 (was 7)"
        ),
        "{}",
        run.stderr
    );
    let after = findings(fixed.path(), &[]);
    assert_eq!(count(&after, "consistency"), 0, "{after:?}");
    // Only warnings remain (ghost entry, unlisted folder, missing frontmatter): no error, exit 0.
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(count(&after, "registry-missing-folder"), 1);
    // The bytes written are exactly those `draft sync` writes.
    let synced = tree("fixtures/drift");
    let home = tempfile::tempdir().expect("home");
    let out = draft(synced.path(), home.path()).arg("sync").output().expect("sync");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for file in [REG, "draft/tracks/payments-retry/metadata.json"] {
        let a = std::fs::read_to_string(fixed.path().join(file)).expect("read");
        let b = std::fs::read_to_string(synced.path().join(file)).expect("read");
        assert_eq!(a, b, "{file}");
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .env("GIT_AUTHOR_DATE", "2026-02-14T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-02-14T12:00:00Z")
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Replace the first `from` in `file` (root-relative) with `to`; `from` must be there.
fn replace_in(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// A clean fixture committed into a fresh repository whose frontmatter names
/// the real HEAD; returns (dir, head sha).
fn repo() -> (tempfile::TempDir, String) {
    let dir = tree("check/fixtures/risk-score/good");
    let head = init_and_stamp(dir.path());
    (dir, head)
}

/// A fixture tree committed as `repo()` does, then one more commit outside
/// draft/ (so documents synced to the first commit are one commit stale).
fn committed(rel: &str) -> (tempfile::TempDir, String) {
    let dir = tree(rel);
    let head = init_and_stamp(dir.path());
    std::fs::create_dir_all(dir.path().join("src")).expect("mk");
    std::fs::write(dir.path().join("src/later.rs"), "pub fn later() {}\n").expect("write");
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "code"]);
    (dir, head)
}

/// Commit the tree, replace the fixtures' fake SHAs in its track documents
/// and registry with the first commit's, and commit that.
fn init_and_stamp(dir: &Path) -> String {
    init_and_stamp_in(dir, dir)
}

/// [`init_and_stamp`] for a project in `home`, inside the repository at `root`.
fn init_and_stamp_in(root: &Path, home: &Path) -> String {
    let dir = root;
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "init"]);
    let head = git(dir, &["rev-parse", "HEAD"]);
    for file in [REG, PLAN, SPEC] {
        let path = home.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let text = text
            .replace("0123456789abcdef0123456789abcdef01234567", &head)
            .replace("\"0123456\"", &format!("\"{}\"", &head[..7]))
            .replace("(abc1234)", &format!("({})", &head[..7]));
        std::fs::write(&path, text).expect("write");
    }
    git(dir, &["commit", "-qam", "stamp"]);
    head
}

#[test]
fn git_rules_in_a_real_repository() {
    let (dir, _) = repo();
    assert_eq!(findings(dir.path(), &[]), vec![], "clean in git");
    // Unknown SHAs in plan and frontmatter.
    let plan = dir.path().join(PLAN);
    let text = std::fs::read_to_string(&plan).expect("read");
    let text = text.replacen("- [~] **Task 1.2:** Wire it in", "- [~] **Task 1.2:** Wire it in (deadbee)", 1);
    std::fs::write(&plan, text).expect("write");
    let reg = dir.path().join(REG);
    let text = std::fs::read_to_string(&reg).expect("read");
    let fake = "f".repeat(40);
    let synced = text.lines().find(|l| l.starts_with("synced_to_commit")).expect("synced").to_owned();
    std::fs::write(&reg, text.replace(&synced, &format!("synced_to_commit: \"{fake}\""))).expect("write");
    let f = findings(dir.path(), &[]);
    assert!(f.contains(&("plan-unknown-sha".into(), PLAN.into(), 26, 33)), "{f:?}");
    assert!(f.contains(&("frontmatter-commit".into(), REG.into(), 14, 19)), "{f:?}");
}

#[test]
fn staleness_counts_only_commits_outside_draft() {
    let (dir, _) = repo();
    let home = dir.path();
    std::fs::create_dir_all(home.join("src")).expect("mk");
    for i in 0..3 {
        std::fs::write(home.join(format!("src/f{i}.rs")), "x\n").expect("write");
        git(home, &["add", "-A"]);
        git(home, &["commit", "-qm", "code"]);
    }
    std::fs::write(home.join("draft/notes.md"), "n\n").expect("write");
    git(home, &["add", "-A"]);
    git(home, &["commit", "-qm", "docs"]);
    std::fs::write(home.join("draft/config.toml"), "[check]\nstaleness_threshold = 2\n").expect("write");
    let run = check(home, &["--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    let stale: Vec<&Value> =
        json["diagnostics"].as_array().expect("a").iter().filter(|d| d["rule"] == "staleness").collect();
    assert_eq!(stale.len(), 3, "{stale:#?}");
    assert!(stale[0]["message"].as_str().unwrap_or_default().contains("is 3 commits behind"), "{stale:#?}");
    assert_eq!(stale[0]["severity"], "info");
    std::fs::write(home.join("draft/config.toml"), "[check]\nstaleness_threshold = 3\n").expect("write");
    assert_eq!(findings(home, &[]).iter().filter(|d| d.0 == "staleness").count(), 0);
}

/// Staleness for a project below the repository root, in a folder whose name
/// holds pathspec glob characters: a commit counts when it touches anything
/// outside the project's draft/ folder (other folders of the repository
/// too), a draft-only commit does not, and moving code into draft/ counts.
#[test]
fn staleness_in_a_subfolder_project_counts_commits_outside_its_draft_folder() {
    let repo = tempfile::tempdir().expect("tmp");
    let root = repo.path();
    let home = root.join("svc[1]");
    copy_dir(&here().join("check/fixtures/risk-score/good"), &home);
    std::fs::create_dir_all(home.join("src")).expect("mk");
    std::fs::write(home.join("src/a.rs"), "a\n").expect("write");
    init_and_stamp_in(root, &home);
    std::fs::write(home.join("draft/notes.md"), "n\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "draft only"]);
    std::fs::create_dir_all(root.join("other")).expect("mk");
    std::fs::write(root.join("other/x.rs"), "x\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "code elsewhere in the repository"]);
    git(root, &["mv", "svc[1]/src/a.rs", "svc[1]/draft/a.rs"]);
    git(root, &["commit", "-qm", "code moved into draft"]);
    let behind = |threshold: usize| {
        std::fs::write(home.join("draft/config.toml"), format!("[check]\nstaleness_threshold = {threshold}\n"))
            .expect("write");
        let run = check(&home, &["--format", "json"]);
        let json: Value = serde_json::from_str(&run.stdout).expect("json");
        let messages: Vec<String> = json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] == "staleness")
            .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
            .collect();
        messages
    };
    let stale = behind(1);
    assert_eq!(stale.len(), 3, "{stale:#?}");
    assert!(stale.iter().all(|m| m.contains("is 2 commits behind")), "{stale:#?}");
    assert!(behind(2).is_empty());
}

/// A lone CR ends a line for citations as it does for every other finding:
/// the places below count it, after a non-ASCII word and before a CRLF.
#[test]
fn citation_places_count_lone_carriage_returns() {
    let (dir, _) = repo();
    replace_in(
        dir.path(),
        SPEC,
        "Stream the rows.",
        "Caf\u{e9}\r\u{e9} `src/nope.rs:3` and `src/lib.rs:1`\r\rAfter:\r\n`src/gone.rs:1`",
    );
    let f = findings(dir.path(), &[]);
    let missing: Vec<_> = f.iter().filter(|d| d.0 == "citation-missing-file").cloned().collect();
    assert_eq!(
        missing,
        vec![
            ("citation-missing-file".to_owned(), SPEC.to_owned(), 49, 4),
            ("citation-missing-file".to_owned(), SPEC.to_owned(), 52, 2)
        ],
        "{f:?}"
    );
}

#[test]
fn citations_resolve_at_head_not_in_the_work_tree() {
    let (dir, _) = repo();
    replace_in(
        dir.path(),
        SPEC,
        "Stream the rows.",
        "See `src/lib.rs:1-2`, `src/new.rs:1` and\n\n```\nsrc/fenced.rs:1\n```\n\n<!-- VERIFIER:IGNORE -->\nsrc/ignored.rs:4\n<!-- /VERIFIER:IGNORE -->",
    );
    // Exists in the work tree only: still missing at HEAD.
    std::fs::write(dir.path().join("src/new.rs"), "x\n").expect("write");
    let f = findings(dir.path(), &[]);
    assert_eq!(f, vec![("citation-missing-file".to_owned(), SPEC.to_owned(), 48, 24)], "{f:?}");
}

/// A spec and a plan that open with the same frontmatter block are read
/// once, yet each is checked and named in its own findings; a YAML error
/// is never carried over from one document to the other.
#[test]
fn identical_frontmatter_blocks_are_each_checked() {
    let dir = tree("check/fixtures/risk-score/good");
    let edit = |file: &str, from: &str, to: &str| replace_in(dir.path(), file, from, to);
    let of = |f: &[(String, String, u64, u64)], rule: &str| -> Vec<(String, u64, u64)> {
        f.iter().filter(|d| d.0 == rule).map(|d| (d.1.clone(), d.2, d.3)).collect()
    };
    for file in [SPEC, PLAN] {
        edit(file, "commit_short: \"0123456\"", "commit_short: \"9999999\"");
    }
    let f = findings(dir.path(), &[]);
    let short = of(&f, "frontmatter-commit-short");
    assert_eq!(short.len(), 2, "{f:?}");
    assert_eq!((short[0].1, short[0].2), (short[1].1, short[1].2), "{f:?}");
    assert_eq!([short[0].0.as_str(), short[1].0.as_str()].iter().filter(|f| **f == SPEC || **f == PLAN).count(), 2);

    // Only the plan's YAML breaks: the spec keeps its finding, the plan gets its own.
    edit(PLAN, "module: \"root\"", "module: [\"root\"");
    let f = findings(dir.path(), &[]);
    assert_eq!(of(&f, "frontmatter-commit-short"), vec![(SPEC.to_owned(), short[0].1, short[0].2)], "{f:?}");
    assert_eq!(of(&f, "frontmatter-yaml").iter().map(|d| d.0.as_str()).collect::<Vec<_>>(), [PLAN], "{f:?}");

    // The same broken block in both: one error per file.
    edit(SPEC, "module: \"root\"", "module: [\"root\"");
    let f = findings(dir.path(), &[]);
    let mut yaml: Vec<String> = of(&f, "frontmatter-yaml").into_iter().map(|d| d.0).collect();
    yaml.sort();
    assert_eq!(yaml, [PLAN, SPEC], "{f:?}");
}

#[test]
fn malformed_input_never_panics() {
    let dir = tree("check/fixtures/risk-score/good");
    std::fs::write(dir.path().join(SPEC), b"---\n\xff\xfe\x00binary").expect("write");
    std::fs::write(dir.path().join(PLAN), "---\ngit: [\n---\n| a | b |\n|---|\n| 1 |\n").expect("write");
    std::fs::write(dir.path().join("draft/config.toml"), "[check\n").expect("write");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("error[unreadable]"), "{}", run.stdout);
    assert!(run.stdout.contains("error[config-invalid]"), "{}", run.stdout);
    assert!(run.stdout.contains("error[frontmatter-yaml]"), "{}", run.stdout);
}

/// Issue 10 item 3: staleness costs what the answer needs. With every
/// document synced to HEAD, check asks git for no history at all; with one
/// behind, it walks the log once.
#[cfg(unix)]
#[test]
fn staleness_walks_no_history_when_everything_is_synced_to_head() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, first) = repo();
    let home = dir.path();
    let head = git(home, &["rev-parse", "HEAD"]);
    for file in [REG, PLAN, SPEC] {
        let path = home.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        std::fs::write(
            &path,
            text.replace(&format!("synced_to_commit: \"{first}\""), &format!("synced_to_commit: \"{head}\"")),
        )
        .expect("write");
    }
    let calls = home.join("git-calls.txt");
    let wrapper = home.join("git-wrapper.sh");
    std::fs::write(&wrapper, format!("#!/bin/sh\necho \"$1\" >> '{}'\nexec git \"$@\"\n", calls.display()))
        .expect("write");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let run = |calls: &Path| {
        let _ = std::fs::remove_file(calls);
        let found = findings_with(home, &[], &[("DRAFT_GIT", wrapper.as_os_str())], false);
        let log = std::fs::read_to_string(calls).unwrap_or_default();
        (found, log.lines().filter(|l| *l == "log").count())
    };
    let (found, walks) = run(&calls);
    assert!(!found.iter().any(|f| f.0 == "staleness"), "{found:?}");
    assert_eq!(walks, 0, "no history walk when every document is synced to HEAD");

    // One document behind by a code commit: one walk, and the finding.
    std::fs::write(home.join("draft/config.toml"), "[check]\nstaleness_threshold = 0\n").expect("write");
    let spec = std::fs::read_to_string(home.join(SPEC)).expect("read");
    std::fs::write(home.join(SPEC), spec.replace(&head, &first)).expect("write");
    std::fs::create_dir_all(home.join("src")).expect("mk");
    std::fs::write(home.join("src/x.rs"), "x\n").expect("write");
    git(home, &["add", "src"]);
    git(home, &["commit", "-qm", "code"]);
    let (found, walks) = run(&calls);
    assert_eq!(walks, 1);
    assert!(found.iter().any(|f| f.0 == "staleness" && f.1 == SPEC), "{found:?}");
}
