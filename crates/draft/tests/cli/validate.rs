//! `draft validate`: each rule on a change that should trip it and on one
//! that should not, only added lines read (at their new line numbers),
//! suppression comments, `[validate]` config, the track and base scopes,
//! the rule list, and SARIF output valid against the SARIF 2.1.0 schema.

use crate::common::{Env, json_of, read, stdout_of, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A committed project with a Cargo manifest, a library file holding an
/// old `dbg!` and TODO, and a Python test file.
fn project(env: &Env) -> PathBuf {
    let repo = env.initialised_repo("app");
    write(
        &repo.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\n",
    );
    write(&repo.join("src/lib.rs"), "// TODO: an old one\npub fn f(x: i32) -> i32 {\n    dbg!(x)\n}\n");
    write(&repo.join("tests/test_old.py"), "def test_old():\n    assert True\n");
    let stack = repo.join("draft/tech-stack.md");
    write(&stack, format!("{}\nWe build on serde and tokio.\n", read(&stack)));
    env.commit_all(&repo, "feat: the library");
    repo
}

/// `(rule, file, line)` of every finding of `draft validate ARGS --json`.
fn findings(env: &Env, repo: &Path, args: &[&str], code: i32) -> Vec<(String, String, u64)> {
    let mut all = vec!["validate", "--json"];
    all.extend_from_slice(args);
    let report = json_of(&env.draft(repo).args(&all).assert().code(code));
    assert_eq!(report["version"], 1);
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn has(found: &[(String, String, u64)], rule: &str, file: &str, line: u64) -> bool {
    found.iter().any(|f| f.0 == rule && f.1 == file && f.2 == line)
}

#[test]
fn every_rule_fires_on_added_lines() {
    let env = Env::new();
    let repo = project(&env);
    write(&repo.join("src/keys.rs"), "// keys\nconst K: &str = \"AKIAIOSFODNN7EXAMPLE\";\n");
    write(&repo.join("app/settings.py"), "import os\npassword = \"hunter22\"\n");
    write(&repo.join("src/token.rs"), "const T: &str = \"q8Zt3LmX9vR2pK7wN4yB6cD1\";\n");
    // Appended to a committed file: reported at the new line, the old lines not at all.
    let lib = read(&repo.join("src/lib.rs"));
    write(&repo.join("src/lib.rs"), format!("{lib}pub fn g(y: i32) -> i32 {{\n    dbg!(y)\n}}\n"));
    write(&repo.join("web/app.ts"), "export const a = 1;\nconsole.log(a);\n");
    write(&repo.join("src/later.rs"), "// TODO: handle overflow\n");
    write(
        &repo.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\nrand = \"0.8\"\n",
    );
    write(&repo.join("assets/big.bin"), vec![b'a'; 1024 * 1024 + 1]);
    std::fs::remove_file(repo.join("tests/test_old.py")).expect("rm");
    write(&repo.join("tests/it.rs"), "#[test]\n#[ignore]\nfn slow() {}\n");
    let f = findings(&env, &repo, &[], 1);
    assert!(has(&f, "secret-key", "src/keys.rs", 2), "{f:#?}");
    assert!(has(&f, "secret-assignment", "app/settings.py", 2), "{f:#?}");
    assert!(has(&f, "secret-entropy", "src/token.rs", 1), "{f:#?}");
    assert!(has(&f, "debug-print", "src/lib.rs", 6), "{f:#?}");
    assert!(!has(&f, "debug-print", "src/lib.rs", 3), "an old line is not read: {f:#?}");
    assert!(!f.iter().any(|x| x.0 == "todo-without-issue" && x.1 == "src/lib.rs"), "{f:#?}");
    assert!(has(&f, "debug-print", "web/app.ts", 2), "{f:#?}");
    assert!(has(&f, "todo-without-issue", "src/later.rs", 1), "{f:#?}");
    assert!(has(&f, "dependency-unlisted", "Cargo.toml", 7), "{f:#?}");
    assert!(!f.iter().any(|x| x.0 == "dependency-unlisted" && x.2 == 6), "serde is in tech-stack.md: {f:#?}");
    assert!(has(&f, "file-too-large", "assets/big.bin", 0), "{f:#?}");
    assert!(has(&f, "test-deleted", "tests/test_old.py", 0), "{f:#?}");
    assert!(has(&f, "test-skipped", "tests/it.rs", 2), "{f:#?}");
    assert!(!f.iter().any(|x| x.1.starts_with("draft/")), "draft/ is check's: {f:#?}");
}

#[test]
fn benign_changes_are_not_reported() {
    let env = Env::new();
    let repo = project(&env);
    write(&repo.join("src/keys.rs"), "const SHA: &str = \"3f786850e387550fdab836ed7e6dc881de23001b\";\n");
    write(&repo.join("app/settings.py"), "password = os.environ[\"PASSWORD\"]\nexample = \"<your password>\"\n");
    write(&repo.join("src/main.rs"), "fn main() {\n    println!(\"hello\");\n}\n");
    write(&repo.join("web/app.ts"), "// console.log(a);\nexport const a = 1;\n");
    write(&repo.join("src/later.rs"), "// TODO(#12): handle overflow\n// FIXME(PROJ-3) later\n");
    write(
        &repo.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\ntokio = \"1\"\n",
    );
    write(&repo.join("assets/small.bin"), vec![b'a'; 1024]);
    env.git(&repo, &["mv", "tests/test_old.py", "tests/test_moved.py"]);
    write(
        &repo.join("tests/test_skip.py"),
        "import sys, pytest\n@pytest.mark.skipif(sys.platform == 'win32', reason='posix')\ndef test_a():\n    pass\n",
    );
    let f = findings(&env, &repo, &[], 0);
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn suppression_comments_and_config() {
    let env = Env::new();
    let repo = project(&env);
    write(&repo.join("web/app.ts"), "console.log(1); // draft-validate: allow debug-print\nconsole.debug(2);\n");
    let f = findings(&env, &repo, &[], 0);
    assert_eq!(f, vec![("debug-print".to_owned(), "web/app.ts".to_owned(), 2)]);
    // Severity raised to error: exit 1.
    write(&repo.join("draft/config.toml"), "[validate]\nseverity = { \"debug-print\" = \"error\" }\n");
    let report = json_of(&env.draft(&repo).args(["validate", "--json"]).assert().code(1));
    assert_eq!(report["diagnostics"][0]["severity"], "error");
    assert_eq!(report["summary"]["errors"], 1);
    // Turned off; an unknown rule id is itself a finding of validate-config.
    write(&repo.join("draft/config.toml"), "[validate]\ndisable = [\"debug-print\", \"no-such-rule\"]\n");
    let f = findings(&env, &repo, &[], 0);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].0, "validate-config");
    // A lower size limit.
    write(&repo.join("draft/config.toml"), "[validate]\nmax_file_size = 10\n");
    write(&repo.join("notes.txt"), "more than ten bytes\n");
    let f = findings(&env, &repo, &[], 1);
    assert!(has(&f, "file-too-large", "notes.txt", 0), "{f:#?}");
}

#[test]
fn track_scope_reads_the_tracks_commits_only() {
    let env = Env::new();
    let repo = project(&env);
    env.draft(&repo).args(["new-track", "Add export"]).assert().success();
    env.commit_all(&repo, "docs(add-export): spec and plan");
    write(&repo.join("web/export.ts"), "export function run() {\n  console.log('export');\n}\n");
    env.commit_all(&repo, "feat(add-export): the exporter");
    write(&repo.join("web/other.ts"), "console.log('other work');\n");
    env.commit_all(&repo, "feat: unrelated");
    // A later, unrelated commit adds a line to the track's file: not the track's.
    let t = read(&repo.join("web/export.ts"));
    write(&repo.join("web/export.ts"), format!("console.debug('later');\n{t}"));
    env.commit_all(&repo, "fix: unrelated too");
    let f = findings(&env, &repo, &["--track", "add-export"], 0);
    assert_eq!(f, vec![("debug-print".to_owned(), "web/export.ts".to_owned(), 3)], "at HEAD's line number");
    let f = findings(&env, &repo, &["--base", "HEAD~1"], 0);
    assert_eq!(f, vec![("debug-print".to_owned(), "web/export.ts".to_owned(), 1)]);
    env.draft(&repo).args(["validate", "--track", "add-export", "--base", "HEAD"]).assert().code(2);
}

#[test]
fn list_rules_is_snapshotted() {
    let env = Env::new();
    let a = env.draft(&env.root()).args(["validate", "--list-rules"]).assert().success();
    insta::assert_snapshot!("validate-rules", stdout_of(&a));
    let json = json_of(&env.draft(&env.root()).args(["validate", "--list-rules", "--json"]).assert().success());
    assert_eq!(json["rules"].as_array().map(Vec::len), Some(10));
}

#[test]
fn sarif_validates_against_the_schema() {
    let env = Env::new();
    let repo = project(&env);
    write(&repo.join("src/keys.rs"), "const K: &str = \"AKIAIOSFODNN7EXAMPLE\";\n");
    write(&repo.join("src/later.rs"), "// TODO: x\n");
    let a = env.draft(&repo).args(["validate", "--format", "sarif"]).assert().code(1);
    let log: Value = serde_json::from_str(&stdout_of(&a)).expect("sarif json");
    // The schema copy `draft check`'s SARIF test uses, with the same in-memory pattern fix.
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/sarif-schema-2.1.0.json"))
            .expect("schema")
            .replace(r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$", r"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    let schema: Value = serde_json::from_str(&text).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 10, "the validate catalogue, not check's rules");
    // The github format uses check's annotations.
    let a = env.draft(&repo).args(["validate", "--format", "github"]).assert().code(1);
    assert!(stdout_of(&a).contains("::error file=src/keys.rs,line=1,col="), "{}", stdout_of(&a));
}
