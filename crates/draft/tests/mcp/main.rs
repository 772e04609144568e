//! End-to-end tests of `draft mcp`: the real binary as a child process,
//! spoken to by rmcp's client (and, for malformed input, by raw JSON lines),
//! on a fixture project in a temporary git repository.

#![cfg(feature = "mcp")]

#[path = "../shared/hermetic.rs"]
mod hermetic;
mod support;

use rmcp::model::{GetPromptRequestParams, ReadResourceRequestParams, ResourceContents};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write as _};
use std::process::Stdio;
use support::{Project, RootsClient, call, connect, ok_json, text};

const TOOLS: [&str; 17] = [
    "status",
    "next_task",
    "update_task",
    "new_track",
    "check",
    "sync",
    "context",
    "revert_plan",
    "facts",
    "refresh",
    "coverage",
    "index",
    "review",
    "validate",
    "adr_list",
    "graph_reach",
    "jira_preview",
];

#[tokio::test(flavor = "current_thread")]
async fn initialize_and_list_tools() {
    let p = Project::new();
    let client = p.client().await;
    let info = client.peer_info().expect("server info");
    assert_eq!(info.server_info.as_ref().map(|i| i.name.as_str()), Some("draft"));
    assert!(info.capabilities.tools.is_some() && info.capabilities.resources.is_some());
    assert!(info.capabilities.prompts.is_some());

    let tools = client.list_all_tools().await.expect("tools/list");
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(names, TOOLS);
    let size = serde_json::to_vec(&json!({ "tools": tools })).expect("json").len();
    assert!(size <= 10 * 1024, "tools/list is {size} bytes");
    for t in &tools {
        assert_eq!(t.input_schema.get("type"), Some(&json!("object")), "{}", t.name);
        let d = t.description.as_deref().unwrap_or_default();
        assert!(!d.is_empty() && !d.contains('\n'), "{}: one-line description", t.name);
    }
    client.cancel().await.expect("closes");
}

#[tokio::test(flavor = "current_thread")]
async fn read_only_tools_return_the_cli_json() {
    let p = Project::new();
    p.draft(&["adr", "new", "Use SQLite for the cache"]);
    p.write(
        "doc/adr/0001-record-architecture-decisions.md",
        "# 1. Record architecture decisions\n\nDate: 2016-02-12\n\n## Status\n\nAccepted\n",
    );
    p.commit_all("docs: two ADRs");
    let client = p.client().await;
    // Ignored, so the tree stays clean for revert_plan's dry run.
    p.write(".git/info/exclude", "lcov.info\n");
    p.write("lcov.info", "SF:src/parser.rs\nDA:1,1\nend_of_record\nSF:src/lib.rs\nDA:1,0\nend_of_record\n");
    let cases: [(&str, Value, Vec<&str>); 15] = [
        ("status", json!({}), vec!["status"]),
        ("status", json!({ "track": "demo" }), vec!["status", "demo"]),
        ("next_task", json!({ "track": "demo" }), vec!["task", "next", "--track", "demo"]),
        ("sync", json!({ "check_only": true }), vec!["sync", "--check"]),
        ("context", json!({ "track": "demo", "budget": 400 }), vec!["context", "demo", "--budget", "400"]),
        ("revert_plan", json!({ "scope": "track" }), vec!["revert", "track", "--track", "demo"]),
        ("facts", json!({}), vec!["facts"]),
        ("refresh", json!({ "check_only": true }), vec!["refresh", "--check"]),
        ("coverage", json!({ "track": "demo" }), vec!["coverage", "--track", "demo", "--no-record"]),
        ("index", json!({}), vec!["index", "--check"]),
        ("review", json!({ "track": "demo" }), vec!["review", "--track", "demo", "--no-run", "--no-write"]),
        ("validate", json!({}), vec!["validate"]),
        ("adr_list", json!({}), vec!["adr", "list"]),
        ("adr_list", json!({ "dir": "doc/adr" }), vec!["adr", "list", "--dir", "doc/adr"]),
        ("graph_reach", json!({ "target": "src", "direction": "dependencies" }), vec!["graph", "deps", "src"]),
    ];
    for (tool, args, cli) in cases {
        let from_mcp = ok_json(&call(&client, tool, args.clone()).await);
        assert_eq!(from_mcp, p.draft_json(&cli), "{tool} {args}");
    }
    // On a dirty tree the dry run warns that `--apply` would refuse, over MCP as on the command line.
    let adr = "doc/adr/0001-record-architecture-decisions.md";
    let committed = std::fs::read_to_string(p.root().join(adr)).expect("adr");
    p.write(adr, "# 1. Edited, not committed\n");
    let dirty = ok_json(&call(&client, "revert_plan", json!({ "scope": "track" })).await);
    assert_eq!(dirty, p.draft_json(&["revert", "track", "--track", "demo"]));
    let warnings = dirty["plan"]["warnings"].to_string();
    assert!(warnings.contains("uncommitted changes") && warnings.contains(adr), "{warnings}");
    p.write(adr, &committed);
    let adrs = ok_json(&call(&client, "adr_list", json!({ "dir": "doc/adr" })).await);
    assert_eq!((adrs["flavour"].as_str(), adrs["adrs"][0]["state"].as_str()), (Some("adr-tools"), Some("accepted")));
    // jira_preview: the CLI's report, except that the tool writes no export.
    let export = "draft/tracks/demo/jira-export.md";
    let mut from_mcp = ok_json(&call(&client, "jira_preview", json!({ "track": "demo" })).await);
    assert_eq!(from_mcp["written"], false);
    assert!(!p.root().join(export).exists(), "the tool writes nothing");
    assert_eq!(from_mcp["totals"]["story_points"], 4, "two phases of four tasks: 2 points each");
    let cli = p.draft_json(&["jira", "preview", "--track", "demo"]);
    assert!(p.root().join(export).exists());
    from_mcp["written"] = json!(true);
    assert_eq!(from_mcp, cli);
    // check: the JSON of `draft check --format json`.
    let from_mcp = ok_json(&call(&client, "check", json!({})).await);
    let cli: Value = serde_json::from_str(&p.draft(&["check", "--format", "json"])).expect("check JSON");
    assert_eq!(from_mcp, cli);
    client.cancel().await.expect("closes");
}

#[tokio::test(flavor = "current_thread")]
async fn graph_reach_takes_a_symbol_like_the_cli() {
    let p = Project::new();
    p.write("src/calls.rs", "pub fn top() {\n    mid();\n}\n\nfn mid() {\n    leaf();\n}\n\nfn leaf() {}\n");
    let client = p.client().await;
    let args = json!({ "target": "src/calls.rs::leaf" });
    let from_mcp = ok_json(&call(&client, "graph_reach", args).await);
    assert_eq!(from_mcp, p.draft_json(&["graph", "impact", "src/calls.rs::leaf"]));
    let callers: Vec<&str> =
        from_mcp["calls"].as_array().expect("calls").iter().filter_map(|c| c["symbol"].as_str()).collect();
    assert_eq!(callers, ["src/calls.rs::mid", "src/calls.rs::top"]);
    client.cancel().await.expect("closes");
}

#[tokio::test(flavor = "current_thread")]
async fn mutating_tools_change_the_plan_like_the_cli() {
    let p = Project::new();
    let client = p.client().await;

    let started = ok_json(&call(&client, "update_task", json!({ "action": "start", "ref": "1.1" })).await);
    assert_eq!(started["task"]["marker"], "in_progress");
    assert_eq!(started["track_status"], "in_progress");
    let head = p.git(&["rev-parse", "--short=7", "HEAD"]);
    let done = ok_json(&call(&client, "update_task", json!({ "action": "done", "ref": "1.1", "track": "demo" })).await);
    assert_eq!(done["task"]["sha"], head.as_str());
    let blocked = ok_json(
        &call(&client, "update_task", json!({ "action": "block", "ref": "Task 1.2", "reason": "waiting for review" }))
            .await,
    );
    assert_eq!(blocked["task"]["reason"], "waiting for review");
    let plan = p.read("draft/tracks/demo/plan.md");
    assert!(plan.contains(&format!("- [x] **Task 1.1:** Parser ({head})")), "{plan}");
    assert!(plan.contains("- [!] **Task 1.2:** Wire it in\n  - Blocked: waiting for review\n"), "{plan}");
    let unblocked = ok_json(&call(&client, "update_task", json!({ "action": "unblock", "ref": "1.2" })).await);
    assert_eq!(unblocked["task"]["marker"], "pending");

    let next = ok_json(&call(&client, "next_task", json!({})).await);
    assert_eq!(next["task"]["ref"], "1.2");

    // Bookkeeping stayed in step: the CLI's sync check finds nothing.
    assert_eq!(p.draft_json(&["sync", "--check"])["disagreements"], json!([]));
    // Drift by hand, then the sync tool repairs it.
    let meta = p.read("draft/tracks/demo/metadata.json").replace("\"completed\": 1", "\"completed\": 0");
    p.write("draft/tracks/demo/metadata.json", &meta);
    let check = ok_json(&call(&client, "sync", json!({ "check_only": true })).await);
    assert!(!check["disagreements"].as_array().expect("list").is_empty());
    let synced = ok_json(&call(&client, "sync", json!({})).await);
    assert_eq!(synced["written"], json!(["draft/tracks/demo/metadata.json"]));

    let created =
        ok_json(&call(&client, "new_track", json!({ "description": "Fix the login timeout", "type": "bugfix" })).await);
    assert_eq!(created["id"], "fix-the-login-timeout");
    assert_eq!(created["type"], "bugfix");
    assert!(p.read("draft/tracks.md").contains("fix-the-login-timeout"));
    let status = p.draft_json(&["status"]);
    assert_eq!(status["tracks"].as_array().expect("tracks").len(), 2);

    let revert =
        ok_json(&call(&client, "revert_plan", json!({ "scope": "task", "target": "1.1", "track": "demo" })).await);
    assert_eq!(revert["applied"], false);
    assert_eq!(revert["plan"]["commits"][0]["short"], head.as_str());
    assert!(p.read("draft/tracks/demo/plan.md").contains("[x] **Task 1.1:**"), "a dry run changes nothing");
    client.cancel().await.expect("closes");
}

#[tokio::test(flavor = "current_thread")]
async fn errors_are_tool_errors_with_the_cli_message_and_hint() {
    let p = Project::new();
    let client = p.client().await;
    let missing = call(&client, "status", json!({ "track": "nope" })).await;
    assert_eq!(missing.is_error, Some(true));
    assert_eq!(text(&missing), "error: no track \"nope\" in draft/tracks.md\n  hint: `draft status` lists the tracks");
    let cli = {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_draft"));
        p.isolate(&mut cmd);
        let out = cmd.args(["status", "nope"]).output().expect("runs");
        String::from_utf8(out.stderr).expect("utf-8")
    };
    assert_eq!(cli.trim_end(), text(&missing), "same message and hint as the CLI");

    let bad_ref = call(&client, "update_task", json!({ "action": "start", "ref": "9.9", "track": "demo" })).await;
    assert_eq!(bad_ref.is_error, Some(true));
    assert!(text(&bad_ref).starts_with("error: no task \"9.9\" in track demo"), "{}", text(&bad_ref));
    let no_reason = call(&client, "update_task", json!({ "action": "block", "ref": "1.1" })).await;
    assert!(text(&no_reason).contains("needs a `reason`"), "{}", text(&no_reason));
    let bad_args = call(&client, "update_task", json!({ "action": "finish", "ref": "1.1" })).await;
    assert_eq!(bad_args.is_error, Some(true));
    assert!(text(&bad_args).starts_with("error: invalid arguments for update_task"), "{}", text(&bad_args));

    let unknown = client.call_tool(rmcp::model::CallToolRequestParams::new("nope")).await;
    assert!(unknown.is_err(), "an unknown tool is a protocol error");
    // And the server is still there.
    assert_eq!(ok_json(&call(&client, "next_task", json!({})).await)["track"], "demo");
    client.cancel().await.expect("closes");
}

#[tokio::test(flavor = "current_thread")]
async fn resources_list_and_read() {
    let p = Project::new();
    let client = p.client().await;
    let resources = client.list_all_resources().await.expect("resources/list");
    let uris: Vec<&str> = resources.iter().map(|r| r.uri.as_str()).collect();
    for want in [
        "draft://context/.ai-context.md",
        "draft://context/product.md",
        "draft://context/tech-stack.md",
        "draft://context/workflow.md",
        "draft://context/architecture.md",
        "draft://tracks/demo/spec.md",
        "draft://tracks/demo/plan.md",
    ] {
        assert!(uris.contains(&want), "{want} in {uris:?}");
    }
    let read = client
        .read_resource(ReadResourceRequestParams::new("draft://tracks/demo/plan.md"))
        .await
        .expect("resources/read");
    match &read.contents[..] {
        [ResourceContents::TextResourceContents { text, uri, .. }] => {
            assert_eq!(text, support::PLAN);
            assert_eq!(uri, "draft://tracks/demo/plan.md");
        }
        other => panic!("unexpected contents {other:?}"),
    }
    let escape = client.read_resource(ReadResourceRequestParams::new("draft://tracks/../../../etc/passwd")).await;
    assert!(escape.is_err(), "paths never leave the project");
    let missing = client.read_resource(ReadResourceRequestParams::new("draft://tracks/nope/spec.md")).await;
    assert!(missing.is_err());
    client.cancel().await.expect("closes");
}

#[tokio::test(flavor = "current_thread")]
async fn prompts_list_and_get() {
    let p = Project::new();
    let client = p.client().await;
    let prompts = client.list_all_prompts().await.expect("prompts/list");
    let names: Vec<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
    let skills_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../skills");
    let mut skills: Vec<String> = std::fs::read_dir(&skills_dir)
        .expect("skills/")
        .flatten()
        .filter(|e| e.path().join("SKILL.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    skills.sort();
    assert_eq!(names, skills, "one prompt per skill");
    for prompt in &prompts {
        assert!(prompt.description.as_deref().is_some_and(|d| !d.is_empty()));
        let args = prompt.arguments.as_ref().expect("arguments");
        assert_eq!(args[0].name, "arguments");
    }
    let mut params = GetPromptRequestParams::new("implement");
    params.arguments = json!({ "arguments": "demo 1.2" }).as_object().cloned();
    let got = client.get_prompt(params).await.expect("prompts/get");
    let body = serde_json::to_value(&got.messages).expect("json");
    let text = body[0]["content"]["text"].as_str().expect("text");
    assert!(text.contains("demo 1.2") && !text.contains("$ARGUMENTS"), "{text}");
    assert!(!text.starts_with("---"), "the frontmatter is not part of the prompt");
    assert!(client.get_prompt(GetPromptRequestParams::new("nope")).await.is_err());
    client.cancel().await.expect("closes");
}

/// The next stdout line, which must be a JSON-RPC message.
fn next_message(out: &mut impl BufRead) -> Value {
    let mut line = String::new();
    assert!(out.read_line(&mut line).expect("read") > 0, "the server closed stdout");
    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}"));
    assert_eq!(v["jsonrpc"], "2.0", "stdout carries only JSON-RPC: {line}");
    v
}

#[test]
fn malformed_messages_get_json_rpc_errors_and_the_server_goes_on() {
    let p = Project::new();
    let mut child = p
        .mcp_command(None, &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut send = |line: &str| {
        stdin.write_all(line.as_bytes()).expect("write");
        stdin.write_all(b"\n").expect("write");
        stdin.flush().expect("flush");
    };
    send(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}"#,
    );
    let init = next_message(&mut out);
    assert_eq!((init["id"].clone(), init["result"]["serverInfo"]["name"].clone()), (json!(1), json!("draft")));
    send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);

    send("{this is not json");
    let parse = next_message(&mut out);
    assert_eq!(parse["error"]["code"], -32700, "{parse}");
    assert!(parse["id"].is_null(), "{parse}");

    send(r#"{"hello":"world"}"#);
    let invalid = next_message(&mut out);
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");

    send(r#"{"jsonrpc":"2.0","id":2,"method":"no/such/method"}"#);
    let unknown = next_message(&mut out);
    assert_eq!((unknown["id"].clone(), unknown["error"]["code"].clone()), (json!(2), json!(-32601)), "{unknown}");

    send(r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"status","arguments":{"track":"nope"}}}"#);
    let missing = next_message(&mut out);
    assert_eq!(missing["id"], 3);
    assert_eq!(missing["result"]["isError"], true, "{missing}");

    send(r#"{"jsonrpc":"2.0","id":4,"method":"tools/list"}"#);
    let list = next_message(&mut out);
    assert_eq!(list["id"], 4);
    assert_eq!(list["result"]["tools"].as_array().expect("tools").len(), TOOLS.len());

    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).expect("read to the end");
    assert!(rest.trim().is_empty(), "nothing else on stdout: {rest}");
    let status = child.wait().expect("exits");
    assert!(status.success(), "draft mcp exits 0 when stdin closes: {status}");
}

#[tokio::test(flavor = "current_thread")]
async fn two_clients_updating_one_plan_lose_no_update() {
    let p = Project::new();
    let (a, b) = tokio::join!(p.client(), p.client());
    let work = |client: support::Client, phase: u32| async move {
        for task in 1..=4 {
            let r = format!("{phase}.{task}");
            for action in ["start", "done"] {
                let out = call(&client, "update_task", json!({ "action": action, "ref": r, "track": "demo" })).await;
                assert_eq!(out.is_error, Some(false), "{action} {r}: {}", text(&out));
            }
        }
        client.cancel().await.expect("closes");
    };
    tokio::join!(work(a, 1), work(b, 2));
    let plan = p.read("draft/tracks/demo/plan.md");
    assert_eq!(plan.matches("- [x] **Task").count(), 8, "every change landed:\n{plan}");
    assert_eq!(p.draft_json(&["sync", "--check"])["disagreements"], json!([]));
    let status = p.draft_json(&["status", "demo"]);
    assert_eq!(status["tracks"][0]["status"], "completed");
}

#[tokio::test(flavor = "current_thread")]
async fn the_project_comes_from_roots_then_cwd_then_root_flag() {
    let p = Project::new();
    let elsewhere = tempfile::tempdir().expect("tmp");
    let root = p.root().display().to_string();

    // Started outside any project, the client's root names it.
    let cmd = p.mcp_command(Some(elsewhere.path()), &[]);
    let client = connect(cmd, RootsClient { root: p.root() }).await;
    assert_eq!(ok_json(&call(&client, "status", json!({})).await)["root"], root.as_str());
    client.cancel().await.expect("closes");

    // No roots: the working directory.
    let client = p.client().await;
    assert_eq!(ok_json(&call(&client, "status", json!({})).await)["root"], root.as_str());
    client.cancel().await.expect("closes");

    // Neither: --root.
    let cmd = p.mcp_command(Some(elsewhere.path()), &["--root", &root]);
    let client = connect(cmd, ()).await;
    assert_eq!(ok_json(&call(&client, "status", json!({})).await)["root"], root.as_str());
    client.cancel().await.expect("closes");

    // Nothing at all: the CLI's error and hint, as a tool error.
    let cmd = p.mcp_command(Some(elsewhere.path()), &[]);
    let client = connect(cmd, ()).await;
    let none = call(&client, "status", json!({})).await;
    assert_eq!(none.is_error, Some(true));
    assert!(text(&none).contains("no draft project found"), "{}", text(&none));
    assert!(text(&none).contains("hint: run `draft init`"), "{}", text(&none));
    client.cancel().await.expect("closes");
}
