//! Opt-in cross-check of diff coverage against diff-cover (PyPI
//! `diff-cover`): the same repository, the same Cobertura report, both
//! tools; the changed executable lines, the missing lines per file and the
//! total must agree. Run it with
//!
//! ```sh
//! python3 -m venv /tmp/dc && /tmp/dc/bin/pip install diff-cover
//! DRAFT_TEST_DIFF_COVER=1 DIFF_COVER=/tmp/dc/bin/diff-cover cargo test -p draft --test cli diff_cover
//! ```
//!
//! Without `DRAFT_TEST_DIFF_COVER=1` the test passes without running anything.

use crate::common::{Env, json_of, read, write};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn python_fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../draft-coverage/tests/fixtures/python").join(rel)
}

/// Run diff-cover in `repo` against `base`; its JSON report.
fn diff_cover(env: &Env, repo: &Path, base: &str) -> Value {
    let program = std::env::var("DIFF_COVER").unwrap_or_else(|_| "diff-cover".to_owned());
    let mut cmd = std::process::Command::new(program);
    env.isolate(&mut cmd);
    let out = cmd
        .current_dir(repo)
        .args(["coverage.xml", &format!("--compare-branch={base}"), "--format", "json:diff-cover.json"])
        .output()
        .expect("diff-cover runs (set DIFF_COVER to its path)");
    assert!(out.status.success(), "diff-cover failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(&read(&repo.join("diff-cover.json"))).expect("diff-cover JSON")
}

/// (missing lines per file, changed executable lines, uncovered ones) from draft's JSON.
fn draft_view(j: &Value) -> (BTreeMap<String, Vec<u64>>, u64, u64) {
    let d = &j["diff"];
    let files = d["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let missing = f["missing"].as_array().expect("missing").iter().filter_map(Value::as_u64).collect();
            (f["path"].as_str().expect("path").to_owned(), missing)
        })
        .collect();
    let total = d["lines_total"].as_u64().expect("total");
    (files, total, total - d["lines_covered"].as_u64().expect("covered"))
}

fn diff_cover_view(j: &Value) -> (BTreeMap<String, Vec<u64>>, u64, u64) {
    let files = j["src_stats"]
        .as_object()
        .expect("src_stats")
        .iter()
        .map(|(path, s)| {
            (path.clone(), s["violation_lines"].as_array().expect("lines").iter().filter_map(Value::as_u64).collect())
        })
        .collect();
    (files, j["total_num_lines"].as_u64().expect("lines"), j["total_num_violations"].as_u64().expect("violations"))
}

#[test]
fn diff_coverage_agrees_with_diff_cover() {
    if std::env::var("DRAFT_TEST_DIFF_COVER").as_deref() != Ok("1") {
        return;
    }
    let env = Env::new();
    let repo = env.initialised_repo("shop");
    write(&repo.join("shop/__init__.py"), "");
    write(&repo.join("shop/report.py"), read(&python_fixture("shop/report.py")));
    let cart = read(&python_fixture("shop/cart.py"));
    write(&repo.join("shop/cart.py"), cart.lines().take(21).map(|l| format!("{l}\n")).collect::<String>());
    write(&repo.join(".gitignore"), "coverage.xml\ndiff-cover.json\n");
    env.commit_all(&repo, "feat: the shop package");
    env.git(&repo, &["checkout", "-q", "-b", "feature"]);
    // Committed: Cart.total (lines 22-30). Staged: a line in __init__.py
    // (no code). Unstaged: report.py's CSV separator (line 11). Untracked: a
    // new module (neither tool counts it by default).
    write(&repo.join("shop/cart.py"), &cart);
    env.commit_all(&repo, "feat: cart totals");
    write(&repo.join("shop/__init__.py"), "# the shop package\n");
    env.git(&repo, &["add", "shop/__init__.py"]);
    let report = read(&repo.join("shop/report.py")).replace("{name},{price},{qty}", "{name};{price};{qty}");
    write(&repo.join("shop/report.py"), report);
    write(&repo.join("shop/extra.py"), "def extra():\n    return 1\n");
    // The real coverage.py report, its <source> root where coverage.py would have written it.
    let xml = read(&python_fixture("coverage.xml"))
        .replace("/tmp/covfix/python/shop", &repo.join("shop").display().to_string());
    write(&repo.join("coverage.xml"), xml);

    for base in ["main", "HEAD~1", "HEAD"] {
        let j = json_of(
            &env.draft(&repo).args(["coverage", "--report", "coverage.xml", "--base", base, "--json"]).assert(),
        );
        let dc = diff_cover(&env, &repo, base);
        let (ours, theirs) = (draft_view(&j), diff_cover_view(&dc));
        assert_eq!(ours, theirs, "base {base}: draft {} vs diff-cover {dc}", j["diff"]);
        if let (Some(p), Some(total)) = (dc["total_percent_covered"].as_u64(), j["diff"]["lines_total"].as_u64()) {
            let covered = j["diff"]["lines_covered"].as_u64().unwrap_or(0);
            // diff-cover truncates its total to a whole percent (100 with no lines).
            let expected = (covered * 100).checked_div(total).unwrap_or(100);
            assert_eq!(p, expected, "base {base}");
        }
    }
}
