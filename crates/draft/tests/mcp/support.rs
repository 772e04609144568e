//! A hermetic fixture project and ways to talk to `draft mcp` about it: with
//! rmcp's own client over the real binary's stdio, or with raw JSON lines.
//!
//! Every process runs with a cleared environment (PATH only), a private
//! HOME, no git configuration, fixed identities and dates, and `DRAFT_NOW`.

#![allow(dead_code)]
// roots/list is deprecated by the newest MCP revision, and still what hosts send.
#![allow(deprecated)]

use crate::hermetic::{fixed_commit_dates, hermetic};
use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientCapabilities, ClientConfig, Implementation, ListRootsResult, Root,
};
use rmcp::service::{RequestContext, RunningService};
use rmcp::transport::TokioChildProcess;
use rmcp::{ClientHandler, ErrorData, RoleClient, ServiceExt as _};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const PLAN: &str = "# Plan: Demo\n\n## Overview\n\nA demo plan.\n\n## Phase 1: Base\n\n- [ ] **Task 1.1:** Parser\n- [ ] **Task 1.2:** Wire it in\n- [ ] **Task 1.3:** Error messages\n- [ ] **Task 1.4:** Docs for the parser\n\n## Phase 2: Finish\n\n- [ ] **Task 2.1:** Output\n- [ ] **Task 2.2:** Progress bar\n- [ ] **Task 2.3:** Colours\n- [ ] **Task 2.4:** Release notes\n";

/// A temporary git repository with a draft project and one track, `demo`.
pub struct Project {
    pub dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Project {
    /// `git init`, `draft init`, `draft new-track --id demo`, a known plan, synced and committed.
    pub fn new() -> Self {
        let p = Self { dir: tempfile::tempdir().expect("tmp"), home: tempfile::tempdir().expect("home") };
        p.git(&["init", "-q", "-b", "main"]);
        p.write("src/lib.rs", "// demo\n");
        p.commit_all("chore: initial commit");
        p.draft(&["init"]);
        p.draft(&["new-track", "Demo track", "--id", "demo"]);
        p.write("draft/tracks/demo/plan.md", PLAN);
        p.draft(&["sync"]);
        p.commit_all("docs(demo): spec and plan");
        p.write("src/parser.rs", "// parser\n");
        p.commit_all("feat(demo): parser");
        p
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().expect("canonical")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).expect("read")
    }

    /// The hermetic environment on `cmd`, started in the project.
    pub fn isolate(&self, cmd: &mut Command) {
        fixed_commit_dates(hermetic(cmd, self.dir.path(), self.home.path()));
    }

    pub fn git(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        self.isolate(&mut cmd);
        let out = cmd.args(args).output().expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8").trim_end().to_owned()
    }

    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// `draft ARGS` in the project; panics unless it exits 0 or 1; returns stdout.
    pub fn draft(&self, args: &[&str]) -> String {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_draft"));
        self.isolate(&mut cmd);
        let out = cmd.args(args).output().expect("draft runs");
        assert!(matches!(out.status.code(), Some(0 | 1)), "draft {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// `draft ARGS --json` parsed.
    pub fn draft_json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.draft(&all)).expect("CLI JSON")
    }

    /// `draft mcp EXTRA…` as a command in `dir` (default: the project).
    pub fn mcp_command(&self, dir: Option<&Path>, extra: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_draft"));
        self.isolate(&mut cmd);
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        cmd.arg("mcp").args(extra);
        cmd
    }

    /// An rmcp client connected to `draft mcp` started in the project.
    pub async fn client(&self) -> Client {
        connect(self.mcp_command(None, &[]), ()).await
    }
}

pub type Client = RunningService<RoleClient, ()>;

/// Start `cmd` and initialize an MCP session with `handler`.
pub async fn connect<H: ClientHandler>(cmd: Command, handler: H) -> RunningService<RoleClient, H> {
    let cmd = tokio::process::Command::from(cmd);
    let (transport, _) = TokioChildProcess::builder(cmd).stderr(Stdio::inherit()).spawn().expect("draft mcp starts");
    handler.serve(transport).await.expect("the MCP session initializes")
}

/// A client that offers one root folder.
#[derive(Debug, Clone)]
pub struct RootsClient {
    pub root: PathBuf,
}

impl ClientHandler for RootsClient {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(ClientCapabilities::builder().enable_roots().build(), Implementation::new("roots-test", "0"))
    }

    async fn list_roots(&self, _: RequestContext<RoleClient>) -> Result<ListRootsResult, ErrorData> {
        Ok(ListRootsResult::new(vec![Root::new(format!("file://{}", self.root.display()))]))
    }
}

/// `tools/call NAME ARGS` through a client.
pub async fn call<H: ClientHandler>(client: &RunningService<RoleClient, H>, name: &str, args: Value) -> CallToolResult {
    let mut params = CallToolRequestParams::new(name.to_owned());
    if let Value::Object(map) = args {
        params = params.with_arguments(map);
    }
    client.call_tool(params).await.expect("tools/call answers")
}

/// The text of a tool result's first content block.
pub fn text(result: &CallToolResult) -> String {
    let value = serde_json::to_value(&result.content).expect("content serializes");
    value[0]["text"].as_str().expect("a text block").to_owned()
}

/// A successful tool result's JSON.
pub fn ok_json(result: &CallToolResult) -> Value {
    assert_eq!(result.is_error, Some(false), "tool failed: {}", text(result));
    serde_json::from_str(&text(result)).expect("tool JSON")
}
