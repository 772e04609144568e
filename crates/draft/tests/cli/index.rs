//! `draft index` and `draft status --all-services` on the monorepo fixture
//! (tests/fixtures/monorepo, EXPECTED.md says what is in it): the three
//! documents, hand-written blocks kept byte for byte, idempotence, the
//! config's exclude patterns, a broken manifest, `--check`, `--init-missing`
//! and the JSON of both commands.

use crate::common::{Env, fm, json_of, read, snapshot_tree, stderr_of, stdout_of, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The fixture in a git repository, with a vendored package that must be skipped.
fn monorepo(env: &Env) -> PathBuf {
    let root = env.fixture("monorepo");
    std::fs::remove_file(root.join("EXPECTED.md")).expect("rm");
    write(&root.join("node_modules/left-pad/package.json"), r#"{"name":"left-pad"}"#);
    write(&root.join("services/billing/node_modules/x/package.json"), r#"{"name":"x"}"#);
    env.git(&root, &["init", "-q", "-b", "main"]);
    env.commit_all(&root, "chore: the monorepo");
    root
}

fn paths(list: &Value, key: &str) -> Vec<String> {
    list.as_array().expect("array").iter().map(|v| v[key].as_str().expect("string").to_owned()).collect()
}

const DOCS: [&str; 3] = ["service-index.md", "tech-matrix.md", "dependency-graph.md"];

#[test]
fn index_writes_the_three_documents() {
    let env = Env::new();
    let root = monorepo(&env);
    let a = env.draft(&root).arg("index").assert().success();
    let out = stdout_of(&a);
    assert!(out.contains("9 services in"), "{out}");
    assert!(out.contains("cycle services/api → services/auth → services/api"), "{out}");
    for doc in DOCS {
        let text = read(&root.join("draft").join(doc));
        assert_eq!(fm(&text, "generated_by"), "draft:index");
        assert_eq!(fm(&text, "synced_to_commit"), env.git(&root, &["rev-parse", "HEAD"]));
        insta::assert_snapshot!(format!("index-{doc}"), text);
    }
    // The broken manifest is named, and the rest is still indexed.
    let err = stderr_of(&a);
    assert!(err.contains("services/broken/package.json"), "{err}");
    let index = read(&root.join("draft/service-index.md"));
    assert!(index.contains("| broken | `services/broken` | no |"), "{index}");
    assert!(!index.contains("left-pad") && !index.contains("demo"), "vendored and excluded directories are skipped");
}

#[test]
fn regeneration_keeps_manual_blocks_and_is_idempotent() {
    let env = Env::new();
    let root = monorepo(&env);
    env.draft(&root).arg("index").assert().success();
    let first = snapshot_tree(&root.join("draft"));
    env.draft(&root).arg("index").assert().success();
    assert_eq!(snapshot_tree(&root.join("draft")), first, "a second run changes no byte");

    // Notes inside the region (under a generated heading) and outside it.
    let path = root.join("draft/dependency-graph.md");
    let text = read(&path);
    let inside = "<!-- MANUAL START -->\r\nThe api/auth cycle is *known*: see ADR-007.   \n<!-- MANUAL END -->\n";
    let edited = text.replacen("\n## Build order\n", &format!("\n{inside}\n## Build order\n"), 1).replacen(
        "# Service Dependency Graph\n",
        "# Service Dependency Graph\n\nHand-written intro  \n",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).expect("write");
    env.commit_all(&root, "docs: notes");

    // A new service changes the generated content.
    write(&root.join("services/search/go.mod"), "module example.com/acme/search\n");
    env.draft(&root).arg("index").assert().success();
    let regenerated = read(&path);
    assert!(regenerated.contains(inside), "the block's bytes are kept:\n{regenerated}");
    assert!(regenerated.contains("# Service Dependency Graph\n\nHand-written intro  \n"), "{regenerated}");
    assert!(regenerated.contains("10 services"), "{regenerated}");
    let again = snapshot_tree(&root.join("draft"));
    env.draft(&root).arg("index").assert().success();
    assert_eq!(snapshot_tree(&root.join("draft")), again, "idempotent with hand-written blocks too");
    env.draft(&root).args(["index", "--check"]).assert().code(0);
}

#[test]
fn check_reports_without_writing_and_exits_1_on_change() {
    let env = Env::new();
    let root = monorepo(&env);
    let a = env.draft(&root).args(["index", "--check", "--json"]).assert().code(1);
    let j = json_of(&a);
    assert_eq!(j["check"], true);
    assert_eq!(paths(&j["documents"], "action"), ["created", "created", "created"]);
    assert!(!root.join("draft/service-index.md").exists(), "--check writes nothing");
    env.draft(&root).arg("index").assert().success();
    env.draft(&root).args(["index", "--check"]).assert().code(0);
    write(&root.join("libs/money/Cargo.toml"), "[package]\nname = \"money\"\n");
    let before = snapshot_tree(&root.join("draft"));
    let a = env.draft(&root).args(["index", "--check"]).assert().code(1);
    assert!(stdout_of(&a).contains("would update  draft/service-index.md"), "{}", stdout_of(&a));
    assert_eq!(snapshot_tree(&root.join("draft")), before);
}

#[test]
fn exclude_patterns_are_honoured() {
    let env = Env::new();
    let root = monorepo(&env);
    let services = |root: &Path| {
        let a = env.draft(root).args(["index", "--check", "--json"]).assert().code(1);
        paths(&json_of(&a)["services"], "path")
    };
    assert!(!services(&root).iter().any(|p| p.starts_with("examples/")));
    std::fs::remove_file(root.join("draft/config.toml")).expect("rm");
    assert!(services(&root).contains(&"examples/demo".to_owned()));
    write(&root.join("draft/config.yaml"), "exclude_patterns:\n  - \"services/*\"\n");
    let left = services(&root);
    assert_eq!(left, ["apps/web", "examples/demo", "libs/ledger", "packages/ui"], "config.yaml is read too");
    write(&root.join("draft/config.toml"), "[index]\nservice_patterns = [\"services/*\"]\nexclude_patterns = []\n");
    let only = services(&root);
    assert_eq!(only.len(), 6, "{only:?}");
    assert!(only.iter().all(|p| p.starts_with("services/")), "{only:?}");
}

#[test]
fn index_json_has_services_dependencies_cycles_and_order() {
    let env = Env::new();
    let root = monorepo(&env);
    let a = env.draft(&root).args(["index", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!(j["version"], 1);
    assert_eq!(
        paths(&j["services"], "path"),
        [
            "apps/web",
            "libs/ledger",
            "packages/ui",
            "services/api",
            "services/auth",
            "services/billing",
            "services/broken",
            "services/gateway",
            "services/users"
        ]
    );
    let billing = &j["services"][5];
    assert_eq!(billing["name"], "billing");
    assert_eq!(billing["initialised"], true);
    assert_eq!(billing["languages"], serde_json::json!(["Rust"]));
    assert_eq!(billing["frameworks"], serde_json::json!(["axum", "tokio"]));
    assert_eq!(billing["summary"], "Invoices and payments for Acme customers, with | pipes escaped.");
    assert_eq!(billing["tracks"]["in_progress"], 1);
    assert_eq!(billing["tracks"]["tasks"]["total"], 5);
    assert_eq!(j["services"][0]["languages"], serde_json::json!(["TypeScript"]));
    let edges: Vec<(String, String, bool, String)> = j["dependencies"]
        .as_array()
        .expect("deps")
        .iter()
        .map(|e| {
            let kind = e["via"][0]["kind"].as_str().expect("kind").to_owned();
            (e["from"].as_str().expect("s").to_owned(), e["to"].as_str().expect("s").to_owned(), e["dev"] == true, kind)
        })
        .collect();
    let e = |f: &str, t: &str, dev: bool, k: &str| (f.to_owned(), t.to_owned(), dev, k.to_owned());
    assert_eq!(
        edges,
        [
            e("apps/web", "packages/ui", false, "name"),
            e("packages/ui", "apps/web", true, "name"),
            e("services/api", "services/auth", false, "name"),
            e("services/auth", "services/api", false, "name"),
            e("services/billing", "libs/ledger", false, "path"),
            e("services/gateway", "services/users", false, "path"),
        ]
    );
    assert_eq!(j["cycles"][0]["path"], serde_json::json!(["services/api", "services/auth", "services/api"]));
    assert_eq!(j["cycles"].as_array().map(Vec::len), Some(1), "a dev dependency makes no cycle");
    let order: Vec<Value> = j["order"].as_array().expect("order").clone();
    let pos = |p: &str| order.iter().position(|s| s.as_array().is_some_and(|a| a.iter().any(|x| x == p)));
    assert!(pos("libs/ledger") < pos("services/billing") && pos("packages/ui") < pos("apps/web"));
    assert!(order.iter().any(|s| *s == serde_json::json!(["services/api", "services/auth"])));
    assert_eq!(
        j["uninitialised"][0],
        serde_json::json!({ "path": "apps/web", "name": "@acme/web", "command": "draft index --init-missing apps/web" })
    );
    assert!(
        j["diagnostics"].as_array().expect("diags").iter().any(|d| d["file"] == "services/broken/package.json"),
        "{}",
        j["diagnostics"]
    );
}

#[test]
fn status_all_services_aggregates_every_service() {
    let env = Env::new();
    let root = monorepo(&env);
    let a =
        env.draft(&root.join("services/billing/src")).args(["status", "--all-services", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!(j["version"], 1);
    assert_eq!((j["services_found"].as_u64(), j["services_initialised"].as_u64()), (Some(9), Some(2)));
    assert_eq!(j["totals"]["total"], 2);
    assert_eq!(j["totals"]["in_progress"], 1);
    assert_eq!(j["totals"]["planning"], 1);
    assert_eq!(j["totals"]["tasks"]["total"], 7);
    assert_eq!(j["totals"]["tasks"]["completed"], 2);
    let billing = j["services"].as_array().expect("services").iter().find(|s| s["path"] == "services/billing").cloned();
    let billing = billing.expect("billing");
    assert_eq!(billing["tracks"][0]["id"], "add-invoices");
    assert_eq!(billing["tracks"][0]["path"], "services/billing/draft/tracks/add-invoices");
    assert_eq!(billing["tracks"][0]["blocked"][0]["reason"], "waiting for the payments provider");
    let a = env.draft(&root).args(["status", "--all-services"]).assert().success();
    let text = stdout_of(&a);
    assert!(text.contains("9 services (2 initialised) · 2 tracks (1 in progress, 1 planning) · 2/7 tasks"), "{text}");
    assert!(text.contains("Not initialised (7): apps/web,"), "{text}");
    env.draft(&root).args(["status", "x", "--all-services"]).assert().code(2);
}

#[test]
fn init_missing_initialises_the_services_named() {
    let env = Env::new();
    let root = monorepo(&env);
    let a = env.draft(&root).args(["index", "--init-missing", "services/users", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!(j["initialised"][0]["path"], "services/users");
    let product = read(&root.join("services/users/draft/product.md"));
    assert_eq!((fm(&product, "project"), fm(&product, "module")), ("monorepo".to_owned(), "users".to_owned()));
    assert!(product.contains("# Product: users"), "{product}");
    assert!(!root.join("services/gateway/draft").exists(), "only the service named");
    assert!(!paths(&j["uninitialised"], "path").contains(&"services/users".to_owned()));
    let a = env.draft(&root).args(["index", "--init-missing", "nope"]).assert().code(2);
    assert!(stderr_of(&a).contains("\"nope\" is not a service"), "{}", stderr_of(&a));
    env.draft(&root).args(["index", "services/users"]).assert().code(2);
}

#[test]
fn broken_markers_stop_the_run_and_write_nothing() {
    let env = Env::new();
    let root = monorepo(&env);
    env.draft(&root).arg("index").assert().success();
    let path = root.join("draft/tech-matrix.md");
    let text = read(&path).replace("<!-- draft:index end -->\n", "");
    std::fs::write(&path, &text).expect("write");
    write(&root.join("libs/money/Cargo.toml"), "[package]\nname = \"money\"\n");
    let before = snapshot_tree(&root.join("draft"));
    let a = env.draft(&root).args(["index", "--json"]).assert().code(2);
    let j = json_of(&a);
    assert_eq!(j["error"]["code"], "malformed");
    assert_eq!(j["error"]["file"], "draft/tech-matrix.md");
    assert_eq!(snapshot_tree(&root.join("draft")), before, "no document written");
}
