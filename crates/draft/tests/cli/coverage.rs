//! `draft coverage`: the report found and read, the per-file table, diff
//! coverage against the main branch, the target from workflow.md and the
//! exit codes, recording into a track (lossless, replaced in place, with
//! the delta), `--run` with the command shown, and damaged or missing
//! reports as diagnostics. The reports are the real coverage.py and c8
//! outputs kept with draft-coverage's fixtures.

use crate::common::{Env, json_of, read, stderr_of, stdout_of, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// draft-coverage's fixture folder `name`.
fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../draft-coverage/tests/fixtures").join(name)
}

/// The fixture's cart.py up to its `total` method (lines 1-21).
fn cart_before() -> String {
    read(&fixtures("python/shop/cart.py")).lines().take(21).map(|l| format!("{l}\n")).collect()
}

/// An initialised repository whose main branch has the shop package without
/// `Cart.total`, and a `feature` branch that adds it (lines 22-30); the
/// real coverage.xml of the finished package sits untracked at the root.
fn shop_repo(env: &Env) -> PathBuf {
    let repo = env.initialised_repo("shop");
    let src = fixtures("python");
    write(&repo.join("shop/__init__.py"), "");
    write(&repo.join("shop/report.py"), read(&src.join("shop/report.py")));
    write(&repo.join("shop/cart.py"), cart_before());
    write(&repo.join(".gitignore"), "coverage.*\n");
    env.commit_all(&repo, "feat: the shop package");
    env.git(&repo, &["checkout", "-q", "-b", "feature"]);
    write(&repo.join("shop/cart.py"), read(&src.join("shop/cart.py")));
    env.commit_all(&repo, "feat: cart totals");
    std::fs::copy(src.join("coverage.xml"), repo.join("coverage.xml")).expect("copy report");
    repo
}

fn file<'a>(j: &'a Value, path: &str) -> &'a Value {
    j["files"].as_array().expect("files").iter().find(|f| f["path"] == path).unwrap_or_else(|| panic!("{path} in {j}"))
}

#[test]
fn finds_the_report_and_measures_files_and_changed_lines() {
    let env = Env::new();
    let repo = shop_repo(&env);
    let a = env.draft(&repo).args(["coverage", "--json"]).assert().code(1);
    let j = json_of(&a);
    assert_eq!(j["version"], 1);
    assert_eq!(
        (j["report"]["path"].as_str(), j["report"]["format"].as_str()),
        (Some("coverage.xml"), Some("cobertura"))
    );
    assert_eq!(j["report"]["found"], "auto");
    assert_eq!((j["overall"]["lines_total"].as_u64(), j["overall"]["lines_covered"].as_u64()), (Some(32), Some(24)));
    assert_eq!(j["overall"]["percent"], 75.0);
    assert_eq!(j["target"]["source"], "default");
    let cart = file(&j, "shop/cart.py");
    assert_eq!((cart["lines_total"].as_u64(), cart["uncovered"].as_str()), (Some(23), Some("18-21, 30")));
    assert_eq!(file(&j, "shop/report.py")["uncovered"], "9-11");
    // The feature branch added lines 22-30 of cart.py: 23-30 are executable, 30 never ran.
    let d = &j["diff"];
    assert_eq!((d["base"].as_str(), d["lines_changed"].as_u64()), (Some("main"), Some(9)));
    assert_eq!(
        (d["lines_total"].as_u64(), d["lines_covered"].as_u64(), d["percent"].as_f64()),
        (Some(8), Some(7), Some(87.5))
    );
    assert_eq!(d["files"][0]["missing"], serde_json::json!([30]));
    assert_eq!(j["below_target"], true);
    assert_eq!(j["written"], serde_json::json!([]), "no --track: nothing written");

    // The text table names every file with its uncovered ranges.
    let a = env.draft(&repo).arg("coverage").assert().code(1);
    let out = stdout_of(&a);
    assert!(out.contains("report: coverage.xml (cobertura, found)"), "{out}");
    let row = out.lines().find(|l| l.starts_with("shop/cart.py")).expect("cart row");
    assert_eq!(row.split_whitespace().collect::<Vec<_>>(), ["shop/cart.py", "23", "18", "78.3", "18-21,", "30"]);
    assert!(out.contains("overall: 75.0% of 32 lines (24 covered); branches 64.3%"), "{out}");
    assert!(out.contains("changed lines (vs main, merge base "), "{out}");
    assert!(out.contains("  missing shop/cart.py: 30"), "{out}");
    assert!(out.contains("below the 95% target"), "{out}");
}

#[test]
fn the_workflow_target_decides_the_exit_code() {
    let env = Env::new();
    let repo = shop_repo(&env);
    let workflow = repo.join("draft/workflow.md");
    let text = read(&workflow).replace("## Validation\n", "## Validation\n\nCoverage target: 70%\n");
    write(&workflow, text);
    let a = env.draft(&repo).args(["coverage", "--json"]).assert().code(0);
    let j = json_of(&a);
    assert_eq!(j["target"]["percent"], 70.0);
    assert!(j["target"]["source"].as_str().is_some_and(|s| s.starts_with("draft/workflow.md:")), "{j}");
    assert_eq!(j["below_target"], false);
    // --base names the comparison; a ref that is no commit is an error.
    let a = env.draft(&repo).args(["coverage", "--base", "HEAD", "--json"]).assert().code(0);
    assert_eq!(json_of(&a)["diff"]["lines_changed"], 0);
    env.draft(&repo).args(["coverage", "--base", "nope"]).assert().code(2);
}

#[test]
fn a_track_records_its_figures_losslessly_and_reports_the_delta() {
    let env = Env::new();
    let repo = shop_repo(&env);
    env.draft(&repo).args(["new-track", "Cart totals", "--id", "totals"]).assert().success();
    env.commit_all(&repo, "docs(totals): spec and plan");
    write(&repo.join("shop/cart.py"), format!("{}\n", read(&repo.join("shop/cart.py")).trim_end()));
    write(
        &repo.join("shop/cart.py"),
        read(&fixtures("python/shop/cart.py")).replace("\"\"\"A shopping", "\"\"\"The shopping"),
    );
    env.commit_all(&repo, "feat(totals): name the cart");
    let meta_path = repo.join("draft/tracks/totals/metadata.json");
    let plan_path = repo.join("draft/tracks/totals/plan.md");
    let (meta_before, plan_before) = (read(&meta_path), read(&plan_path));

    let a = env.draft(&repo).args(["coverage", "--track", "totals", "--json"]).assert().code(1);
    let j = json_of(&a);
    assert_eq!(j["scope"]["kind"], "track");
    assert_eq!(j["scope"]["track_files"], serde_json::json!(["shop/cart.py"]));
    assert_eq!(j["files"].as_array().map(Vec::len), Some(1), "only the track's files");
    assert_eq!(j["overall"]["percent"], 78.26);
    assert_eq!(j["written"], serde_json::json!(["draft/tracks/totals/metadata.json", "draft/tracks/totals/plan.md"]));
    assert_eq!(j["previous"], Value::Null);

    // metadata.json: one property added, every other byte kept.
    let meta = read(&meta_path);
    let added = ",\n  \"coverage\": { \"overall\": 78.3, \"target\": 95.0, \"diff\": 87.5, \"timestamp\": \"2026-03-01T09:00:00Z\" }";
    let at = meta_before.trim_end().len() - 2;
    assert_eq!(meta, format!("{}{added}{}", &meta_before[..at], &meta_before[at..]), "{meta}");
    // plan.md: one line added under the first phase's heading lines.
    let plan = read(&plan_path);
    let line = "**Coverage:** 78.3% overall, 87.5% of changed lines (target 95%)";
    assert_eq!(plan.lines().filter(|l| l.starts_with("**Coverage:**")).collect::<Vec<_>>(), [line]);
    assert_eq!(plan.replacen(&format!("{line}\n"), "", 1), plan_before);

    // A better report: the figures are replaced in place and the delta reported.
    let better = read(&repo.join("coverage.xml"))
        .replace("<line number=\"30\" hits=\"0\"/>", "<line number=\"30\" hits=\"1\"/>");
    write(&repo.join("coverage.xml"), better);
    let a = env.draft(&repo).args(["coverage", "--track", "totals"]).assert().code(1);
    let out = stdout_of(&a);
    assert!(out.contains("since 2026-03-01T09:00:00Z: overall +4.3, changed lines +12.5 points"), "{out}");
    let plan = read(&plan_path);
    let line = "**Coverage:** 82.6% overall, 100.0% of changed lines (target 95%)";
    assert_eq!(plan.lines().filter(|l| l.starts_with("**Coverage:**")).collect::<Vec<_>>(), [line]);
    assert_eq!(plan.replacen(&format!("{line}\n"), "", 1), plan_before);
    assert!(read(&meta_path).contains("\"coverage\": { \"overall\": 82.6, \"target\": 95.0, \"diff\": 100.0,"));
    assert_eq!(read(&meta_path).matches("\"coverage\"").count(), 1);

    // --no-record measures and compares, and writes nothing.
    let (m, p) = (read(&meta_path), read(&plan_path));
    let a = env.draft(&repo).args(["coverage", "--track", "totals", "--no-record", "--json"]).assert().code(1);
    assert_eq!(json_of(&a)["delta"]["overall"], 0.0);
    assert_eq!((read(&meta_path), read(&plan_path)), (m, p));
    env.draft(&repo).args(["coverage", "--track", "nope"]).assert().code(2);
}

#[test]
fn missing_and_damaged_reports_are_diagnostics() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let a = env.draft(&repo).arg("coverage").assert().code(2);
    let err = stderr_of(&a);
    assert!(err.contains("no coverage report found") && err.contains("hint:"), "{err}");

    write(&repo.join("lcov.info"), "TN:\nSF:src/a.rs\nDA:1,1\nDA:two,0\nend_of_record\n");
    let a = env.draft(&repo).arg("coverage").assert().code(2);
    let err = stderr_of(&a);
    assert!(err.contains("lcov.info:4: DA line is not a number: \"two\""), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let a = env.draft(&repo).args(["coverage", "--json"]).assert().code(2);
    let j = json_of(&a);
    assert_eq!(j["error"]["code"], "coverage-report");
    assert_eq!((j["error"]["file"].as_str(), j["error"]["line"].as_u64()), (Some("lcov.info"), Some(4)));

    write(&repo.join("notes.txt"), "hello\n");
    let a = env.draft(&repo).args(["coverage", "--report", "notes.txt"]).assert().code(2);
    assert!(stderr_of(&a).contains("notes.txt is not a coverage report"), "{}", stderr_of(&a));
    write(
        &repo.join("cut.xml"),
        "<?xml version=\"1.0\"?>\n<coverage>\n  <packages>\n    <class filename=\"a.py\"><lines><line number=\"1\"",
    );
    let a = env.draft(&repo).args(["coverage", "--report", "cut.xml"]).assert().code(2);
    assert!(stderr_of(&a).contains("cut.xml:4:"), "{}", stderr_of(&a));
}

#[test]
fn json_output_matches_its_schema() {
    let env = Env::new();
    let repo = shop_repo(&env);
    let schema: Value = json_of(&env.draft(&repo).args(["schema", "coverage"]).assert().success());
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    std::fs::copy(fixtures("node/coverage/lcov.info"), repo.join("lcov.info")).expect("copy");
    for args in [&["coverage", "--json"][..], &["coverage", "--report", "coverage.xml", "--json"]] {
        let a = env.draft(&repo).args(args).assert().code(1);
        let text = stdout_of(&a);
        assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
        let value: Value = serde_json::from_str(&text).expect("json");
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{args:?}: {}", errors.join("\n"));
    }
}

/// `--run` with a stand-in `go` on PATH: the command is shown, its output
/// goes to stderr, and the report it wrote is the one read.
#[cfg(unix)]
#[test]
fn run_shows_the_command_streams_its_output_and_reads_its_report() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = Env::new();
    let repo = env.initialised_repo("ledger");
    write(&repo.join("go.mod"), "module example.com/ledger\n\ngo 1.22\n");
    write(
        &repo.join("pkg/a.go"),
        "package pkg\n\nfunc A(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n",
    );
    env.commit_all(&repo, "feat: pkg");
    let bin = env.dir("bin");
    write(
        &bin.join("go"),
        "#!/bin/sh\necho \"ok  example.com/ledger/pkg  coverage: 66.7% of statements ($*)\"\nprintf 'mode: set\\nexample.com/ledger/pkg/a.go:3.20,4.11 1 1\\nexample.com/ledger/pkg/a.go:4.11,6.3 1 1\\nexample.com/ledger/pkg/a.go:7.2,7.10 1 0\\n' > coverage.out\n",
    );
    std::fs::set_permissions(bin.join("go"), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let a = env.draft(&repo).env("PATH", &path).args(["coverage", "--run"]).assert().code(1);
    let (out, err) = (stdout_of(&a), stderr_of(&a));
    assert!(err.contains("running `go test -coverprofile=coverage.out ./...`"), "{err}");
    assert!(err.contains("coverage: 66.7% of statements (test -coverprofile=coverage.out ./...)"), "{err}");
    assert!(out.contains("report: coverage.out (go, written by --run)"), "{out}");
    assert!(out.contains("ran: go test -coverprofile=coverage.out ./... (exit 0,"), "{out}");
    let row = out.lines().find(|l| l.starts_with("pkg/a.go")).expect("row");
    assert_eq!(row.split_whitespace().collect::<Vec<_>>(), ["pkg/a.go", "5", "4", "80.0", "7"]);

    let a = env.draft(&repo).env("PATH", &path).args(["coverage", "--run", "--json"]).assert().code(1);
    let j = json_of(&a);
    assert_eq!(j["run"]["exit_code"], 0);
    assert_eq!(j["run"]["tool"], "go test");
    assert!(j["run"]["output_tail"][0].as_str().is_some_and(|l| l.starts_with("ok  example.com/ledger/pkg")), "{j}");
    assert!(j["run"]["duration_ms"].is_u64());
    assert_eq!(stderr_of(&a), "", "--json keeps the child's output out of the streams");
}

#[test]
fn a_report_inside_a_package_names_that_package_files() {
    let env = Env::new();
    let repo = env.initialised_repo("mono");
    for pkg in ["packages/web", "packages/api"] {
        write(&repo.join(pkg).join("src/index.js"), "module.exports = 1;\n");
    }
    env.commit_all(&repo, "feat: two packages");
    write(&repo.join("packages/web/coverage/lcov.info"), "SF:src/index.js\nDA:1,1\nend_of_record\n");
    let a =
        env.draft(&repo).args(["coverage", "--report", "packages/web/coverage/lcov.info", "--json"]).assert().code(0);
    let j = json_of(&a);
    assert_eq!(j["files"][0]["path"], "packages/web/src/index.js", "{j}");
    assert_eq!(j["overall"]["percent"], 100.0);
}
