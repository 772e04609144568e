//! One bad/good fixture pair per rule, with the exact position of every
//! finding of the bad twin and none at all from the good one; a rule of
//! `--list-rules` without a pair fails `every_rule_has_a_fixture_pair`.

use super::{PLAN, REG, SPEC, committed, draft, findings_with, here, tree};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// How a fixture twin is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Env {
    /// Copied to a temp directory outside any repository.
    Outside,
    /// Committed into a fresh repository, its fake SHAs stamped with the
    /// first commit, then one commit outside draft/ (see `committed`).
    Repo,
    /// `Repo`, checked with a git that fails on `cat-file`.
    FailingGit,
    /// `Outside`, with the links the fixture describes made first (git and
    /// the fixture copy do not carry links): each `NAME.outside` file is
    /// moved to a directory outside the project and `NAME` made a link to
    /// it; each `NAME.inside` file stays and `NAME` becomes a link to it.
    Linked,
}

use Env::{FailingGit, Linked, Outside, Repo};

/// (rule, file, line, column)
type Expected = (&'static str, &'static str, u64, u64);

/// Every rule fixture: the bad twin (run in the first env) yields exactly
/// these findings (rule, file, line, column); the clean twin (run in the
/// second) yields none at all.
const CASES: &[(&str, (Env, Env), &[Expected])] = &[
    ("frontmatter-missing", (Outside, Outside), &[("frontmatter-missing", PLAN, 1, 1)]),
    ("frontmatter-yaml", (Outside, Outside), &[("frontmatter-yaml", PLAN, 4, 12)]),
    ("frontmatter-key", (Outside, Outside), &[("frontmatter-key", SPEC, 14, 10)]),
    (
        "frontmatter-commit",
        (Outside, Outside),
        &[("frontmatter-commit", REG, 9, 11), ("frontmatter-commit-short", REG, 10, 17)],
    ),
    ("frontmatter-commit-short", (Outside, Outside), &[("frontmatter-commit-short", REG, 10, 17)]),
    ("frontmatter-date", (Outside, Outside), &[("frontmatter-date", PLAN, 6, 15)]),
    ("placeholder-unfilled", (Outside, Outside), &[("placeholder-unfilled", SPEC, 20, 15)]),
    ("placeholder-intake", (Outside, Outside), &[("placeholder-intake", SPEC, 28, 1)]),
    ("placeholder-person", (Outside, Outside), &[("placeholder-person", SPEC, 58, 19)]),
    (
        "placeholder-tbd",
        (Outside, Outside),
        &[
            ("placeholder-tbd", SPEC, 45, 10),
            ("placeholder-tbd", SPEC, 45, 21),
            ("placeholder-tbd", SPEC, 45, 33),
            ("placeholder-tbd", SPEC, 45, 47),
        ],
    ),
    ("spec-missing", (Outside, Outside), &[("spec-missing", SPEC, 0, 0)]),
    ("spec-section-missing", (Outside, Outside), &[("spec-section-missing", SPEC, 18, 1)]),
    ("spec-section-order", (Outside, Outside), &[("spec-section-order", SPEC, 27, 1)]),
    ("spec-acceptance-format", (Outside, Outside), &[("spec-acceptance-format", SPEC, 41, 1)]),
    ("risk-range", (Outside, Outside), &[("risk-range", SPEC, 67, 16)]),
    ("risk-score", (Outside, Outside), &[("risk-score", SPEC, 67, 24)]),
    ("risk-mitigation", (Outside, Outside), &[("risk-mitigation", SPEC, 67, 30)]),
    ("approval-gate", (Outside, Outside), &[("approval-gate", SPEC, 62, 4)]),
    ("approval-empty-row", (Outside, Outside), &[("approval-empty-row", SPEC, 59, 1)]),
    ("plan-unknown-marker", (Outside, Outside), &[("plan-unknown-marker", PLAN, 29, 4)]),
    ("plan-task-outside-phase", (Outside, Outside), &[("plan-task-outside-phase", PLAN, 24, 3)]),
    ("plan-duplicate-label", (Outside, Outside), &[("plan-duplicate-label", PLAN, 29, 9)]),
    ("plan-missing-sha", (Outside, Outside), &[("plan-missing-sha", PLAN, 25, 4)]),
    ("plan-unknown-sha", (Repo, Repo), &[("plan-unknown-sha", PLAN, 26, 33)]),
    ("plan-missing", (Outside, Outside), &[("plan-missing", PLAN, 0, 0)]),
    ("consistency", (Outside, Outside), &[("consistency", "draft/tracks/t1/metadata.json", 9, 1)]),
    ("metadata-json", (Outside, Outside), &[("metadata-json", "draft/tracks/t1/metadata.json", 4, 1)]),
    ("registry-missing", (Outside, Outside), &[("registry-missing", REG, 0, 0)]),
    ("registry-entry-id", (Outside, Outside), &[("registry-entry-id", REG, 28, 1)]),
    ("registry-duplicate", (Outside, Outside), &[("registry-duplicate", REG, 28, 1)]),
    ("registry-missing-folder", (Outside, Outside), &[("registry-missing-folder", REG, 28, 1)]),
    ("registry-missing-entry", (Outside, Outside), &[("registry-missing-entry", "draft/tracks/orphan/", 0, 0)]),
    (
        "staleness",
        (Repo, Repo),
        &[("staleness", REG, 14, 19), ("staleness", PLAN, 15, 19), ("staleness", SPEC, 15, 19)],
    ),
    ("citation-missing-file", (Outside, Outside), &[("citation-missing-file", SPEC, 48, 23)]),
    ("citation-line-range", (Outside, Outside), &[("citation-line-range", SPEC, 48, 23)]),
    ("citation-ignore-unclosed", (Outside, Outside), &[("citation-ignore-unclosed", SPEC, 50, 1)]),
    ("adr-numbering", (Outside, Outside), &[("adr-numbering", "draft/adrs/003-c.md", 0, 0)]),
    ("adr-superseded", (Outside, Outside), &[("adr-superseded", "draft/adrs/001-a.md", 3, 1)]),
    ("whitespace-trailing", (Outside, Outside), &[("whitespace-trailing", SPEC, 31, 20)]),
    ("config-unknown-rule", (Outside, Outside), &[("config-unknown-rule", "draft/config.toml", 2, 12)]),
    ("config-invalid", (Outside, Outside), &[("config-invalid", "draft/config.toml", 2, 1)]),
    ("git-unavailable", (Outside, Repo), &[("git-unavailable", "draft/", 0, 0)]),
    ("git-failed", (FailingGit, Repo), &[("git-failed", "draft/", 0, 0)]),
    ("unreadable", (Outside, Outside), &[("unreadable", "draft/product.md", 19, 0)]),
    ("plan-empty", (Outside, Outside), &[("plan-empty", PLAN, 0, 0)]),
    ("symlink-outside-project", (Linked, Linked), &[("symlink-outside-project", PLAN, 0, 0)]),
    (
        "temp-file-stale",
        (Outside, Outside),
        &[
            ("temp-file-stale", "draft/tracks/.draft-tmp-new-t2-Q9z8y7/", 0, 0),
            ("temp-file-stale", "draft/tracks/t1/.draft-tmp-Xa1b2c", 0, 0),
        ],
    ),
];

/// Make the links `Env::Linked` describes under `dir`; files moved out of
/// the project go to `outside`.
fn make_links(dir: &Path, outside: &Path) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            make_links(&path, outside);
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
        let (link, target) = if let Some(stem) = name.strip_suffix(".outside") {
            let moved = outside.join(stem);
            std::fs::rename(&path, &moved).expect("move out");
            (path.with_file_name(stem), moved)
        } else if let Some(stem) = name.strip_suffix(".inside") {
            (path.with_file_name(stem), path.clone())
        } else {
            continue;
        };
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, &link).expect("link");
        #[cfg(windows)]
        std::os::windows::fs::symlink_file(&target, &link).expect("link");
    }
}

/// A git that fails on `cat-file` and runs the real git otherwise.
pub(crate) fn failing_git(dir: &Path) -> PathBuf {
    let script = dir.join("failing-git");
    std::fs::write(
        &script,
        "#!/bin/sh\ncase \"$1\" in\n  cat-file) echo \"fatal: simulated failure\" >&2; exit 128;;\nesac\nexec git \"$@\"\n",
    )
    .expect("write script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    script
}

/// Findings of a fixture twin in its env.
fn twin_findings(rel: &str, env: Env, keep_git_note: bool) -> Vec<(String, String, u64, u64)> {
    let dir = match env {
        Outside | Linked => tree(rel),
        Repo | FailingGit => committed(rel).0,
    };
    let outside = tempfile::tempdir().expect("outside");
    if env == Linked {
        make_links(dir.path(), outside.path());
    }
    let tools = tempfile::tempdir().expect("tools");
    let git = failing_git(tools.path());
    let extra: Vec<(&str, &std::ffi::OsStr)> =
        if env == FailingGit { vec![("DRAFT_GIT", git.as_os_str())] } else { Vec::new() };
    findings_with(dir.path(), &[], &extra, keep_git_note)
}

#[test]
fn every_rule_fixture_reports_exact_positions_and_its_twin_is_clean() {
    let mut failures = Vec::new();
    for (name, (bad_env, good_env), expected) in CASES {
        let keep = *name == "git-unavailable";
        let got = twin_findings(&format!("check/fixtures/{name}/bad"), *bad_env, keep);
        let want: Vec<(String, String, u64, u64)> =
            expected.iter().map(|(r, f, l, c)| ((*r).to_owned(), (*f).to_owned(), *l, *c)).collect();
        if got != want {
            failures.push(format!("{name}/bad:\n  want {want:?}\n  got  {got:?}"));
        }
        let got = twin_findings(&format!("check/fixtures/{name}/good"), *good_env, keep);
        if !got.is_empty() {
            failures.push(format!("{name}/good: expected no findings, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn listed_rules() -> Vec<Value> {
    let home = tempfile::tempdir().expect("home");
    let out =
        draft(home.path(), home.path()).args(["check", "--list-rules", "--format", "json"]).output().expect("run");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["version"], 1, "the rule list is a versioned report");
    report["rules"].as_array().expect("array").clone()
}

/// Typed rules (issue 7 §3): a rule without a bad/good fixture pair, with
/// exact positions in CASES, fails here.
#[test]
fn every_rule_has_a_fixture_pair() {
    let mut missing = Vec::new();
    for rule in listed_rules() {
        let id = rule["id"].as_str().expect("id");
        let dir = here().join("check/fixtures").join(id);
        if !CASES.iter().any(|(name, _, _)| *name == id) || !dir.join("bad").is_dir() || !dir.join("good").is_dir() {
            missing.push(id.to_owned());
        }
    }
    assert!(missing.is_empty(), "rules without a fixture pair in CASES: {missing:?}");
}

#[test]
fn every_fixture_rule_is_a_listed_rule() {
    let rules = listed_rules();
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    for (name, _, _) in CASES {
        assert!(ids.contains(name), "{name} missing from --list-rules");
    }
    // The JSON shape of a row is unchanged by the typed table.
    let keys: Vec<&str> = rules[0].as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "family", "default_severity", "rationale", "fixable"]);
}
