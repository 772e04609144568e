//! `draft graph` and `draft decompose` end to end: JSON reports, the
//! incremental store, and a decomposition written between its markers
//! with every byte around them kept.

#![allow(clippy::unwrap_used)]

use crate::common::{Env, json_of, read, stdout_of, write};
use std::path::Path;

fn python_project(env: &Env) -> std::path::PathBuf {
    let dir = env.initialised_repo("proj");
    write(&dir.join("app/__init__.py"), "\"\"\"The application.\"\"\"\n");
    write(&dir.join("app/core.py"), "from . import util\nimport app.missing\n");
    write(&dir.join("app/util.py"), "import os\n");
    write(&dir.join("tests/test_core.py"), "from app.core import run\n");
    env.commit_all(&dir, "code");
    dir
}

#[test]
fn build_and_impact_as_json() {
    let env = Env::new();
    let dir = python_project(&env);
    let a = env.draft(&dir).args(["graph", "build", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!(j["version"], 1);
    assert_eq!(j["source_files"], 4);
    assert_eq!(j["parsed"], 4);
    assert_eq!(j["unresolved"], 1);
    assert_eq!(j["unresolved_edges"][0]["spec"], "app.missing");
    assert_eq!(j["store"], "draft/.state/graph/graph.bin");
    assert!(dir.join("draft/.state/.gitignore").exists());
    assert_eq!(env.git(&dir, &["status", "--porcelain"]), "", "the store is ignored by git");

    let a = env.draft(&dir).args(["graph", "impact", "app/util.py", "--json"]).assert().success();
    let j = json_of(&a);
    let files: Vec<(String, u64, String)> = j["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["hops"].as_u64().unwrap(),
                f["class"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(files, [("app/core.py".into(), 1, "code".into()), ("tests/test_core.py".into(), 2, "test".into())]);

    write(&dir.join("app/util.py"), "import os\nimport sys\n");
    let j = json_of(&env.draft(&dir).args(["graph", "build", "--json"]).assert().success());
    assert_eq!(j["parsed"], 1, "one changed file is one parse");

    let a = env.draft(&dir).args(["graph", "impact", "nowhere.py"]).assert().code(2);
    assert!(crate::common::stderr_of(&a).contains("nowhere.py"));
}

#[test]
fn cycles_exit_1_and_hotspots_count_commits() {
    let env = Env::new();
    let dir = python_project(&env);
    env.draft(&dir).args(["graph", "cycles"]).assert().code(0);
    write(&dir.join("app/util.py"), "import app.core\n");
    env.commit_all(&dir, "cycle");
    let a = env.draft(&dir).args(["graph", "cycles", "--json"]).assert().code(1);
    assert_eq!(json_of(&a)["cycles"][0]["path"], serde_json::json!(["app/core.py", "app/util.py", "app/core.py"]));
    let j = json_of(&env.draft(&dir).args(["graph", "hotspots", "--json"]).assert().success());
    let util = j["hotspots"].as_array().unwrap().iter().find(|h| h["path"] == "app/util.py").cloned().unwrap();
    assert_eq!((util["fan_in"].as_u64(), util["churn"].as_u64()), (Some(1), Some(2)));
}

#[test]
fn decompose_keeps_every_byte_outside_the_markers() {
    let env = Env::new();
    let dir = python_project(&env);
    let arch = dir.join("draft/architecture.md");
    let before = "# Architecture\r\n\r\nIntro with trailing spaces   \n\n<!-- draft:decompose begin -->\nstale\n<!-- draft:decompose end -->\n\n## Notes\nno final newline";
    write(&arch, before);
    let a = env.draft(&dir).arg("decompose").assert().success();
    assert!(stdout_of(&a).contains("draft/architecture.md"));
    let after = read(&arch);
    let (head, rest) = before.split_once("<!-- draft:decompose begin -->").unwrap();
    let tail = rest.split_once("<!-- draft:decompose end -->").unwrap().1;
    assert!(after.starts_with(&format!("{head}<!-- draft:decompose begin -->")));
    assert!(after.ends_with(&format!("<!-- draft:decompose end -->{tail}")));
    assert!(!after.contains("stale"));
    assert!(after.contains("| `app` | 3 | The application. |"), "{after}");
    let j = json_of(&env.draft(&dir).args(["decompose", "--json"]).assert().success());
    assert_eq!(j["changed"], false);
    assert_eq!(j["order"], serde_json::json!([["app"], ["tests"]]));
}

#[test]
fn decompose_appends_without_markers_and_refuses_bad_track_ids() {
    let env = Env::new();
    let dir = python_project(&env);
    let arch = dir.join("draft/architecture.md");
    write(&arch, "# Hand written\n");
    env.draft(&dir).arg("decompose").assert().success();
    let text = read(&arch);
    assert!(text.starts_with("# Hand written\n\n<!-- draft:decompose begin -->\n"), "{text}");
    env.draft(&dir).args(["decompose", "--track", "../../etc"]).assert().code(2);
    env.draft(&dir).args(["decompose", "--track", "no-such-track"]).assert().code(2);
    assert!(!Path::new(&dir.join("etc/architecture.md")).exists());
}

#[test]
fn impact_and_deps_of_a_symbol() {
    let env = Env::new();
    let dir = env.initialised_repo("proj");
    write(&dir.join("app/__init__.py"), "");
    write(&dir.join("app/util.py"), "def helper():\n    return 1\n");
    write(&dir.join("app/other.py"), "def helper():\n    return 2\n");
    write(&dir.join("app/core.py"), "from app.util import helper\n\n\ndef run():\n    return helper()\n");
    write(&dir.join("tests/test_core.py"), "from app.core import run\n\n\ndef test_run():\n    assert run() == 1\n");
    env.commit_all(&dir, "code");

    let j = json_of(&env.draft(&dir).args(["graph", "build", "--json"]).assert().success());
    assert_eq!((j["symbols"].as_u64(), j["calls"]["resolved"].as_u64()), (Some(4), Some(2)));

    let a = env.draft(&dir).args(["graph", "impact", "app/util.py::helper", "--json"]).assert().success();
    let j = json_of(&a);
    assert_eq!(j["symbols"], serde_json::json!(["app/util.py::helper"]));
    let calls: Vec<(String, u64, String)> = j["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c["symbol"].as_str().unwrap().into(), c["hops"].as_u64().unwrap(), c["class"].as_str().unwrap().into())
        })
        .collect();
    assert_eq!(
        calls,
        [("app/core.py::run".into(), 1, "code".into()), ("tests/test_core.py::test_run".into(), 2, "test".into())]
    );
    assert_eq!(j["files"][0]["path"], "app/core.py", "the file-level dependents come along");

    let text = stdout_of(&env.draft(&dir).args(["graph", "deps", "run"]).assert().success());
    assert!(text.contains("app/util.py::helper"), "{text}");

    // Two definitions of one name: exit 2, both listed, none picked.
    let a = env.draft(&dir).args(["graph", "impact", "helper"]).assert().code(2);
    let err = crate::common::stderr_of(&a);
    assert!(err.contains("app/util.py::helper") && err.contains("app/other.py::helper"), "{err}");
}
