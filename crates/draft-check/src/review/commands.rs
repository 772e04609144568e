//! The project's test and lint commands: where they are written, running
//! them with a timeout, and the failing tests their output names.
//!
//! workflow.md is read first (with comrak): a paragraph, list item or table
//! row that says "test command" or "lint command" gives its inline code
//! spans as commands (`**Test command:** \`cargo test\``); a shell code
//! fence under a heading that mentions tests or linting gives one command
//! per line. For a kind workflow.md says nothing about, draft-facts'
//! detection is used (test frameworks with their command; linters whose
//! command is certain). Each command runs through the shell in the project
//! root (or the detected folder), in its own process group, killed at the
//! timeout. Failing tests are read from the output of cargo test
//! (`test x ... FAILED`), pytest (`FAILED path::name`), jest and vitest
//! (`✕ name`, `× name`) and go test (`--- FAIL: Name`).

use super::COMMAND_FAILED;
use crate::markdown::md_options;
use comrak::nodes::NodeValue;
use comrak::{Arena, parse_document};
use draft_core::workspace::{self, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Lines of output kept from a failing command.
const TAIL: usize = 30;

/// What a command is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum CommandKind {
    /// Runs the tests.
    Test,
    /// Runs a linter.
    Lint,
}

/// A test or lint command and, when it ran, how it went.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CommandRun {
    /// Test or lint.
    pub kind: CommandKind,
    /// The command line, run by the shell.
    pub command: String,
    /// Folder it runs in, relative to the root (`.` for the root).
    pub dir: String,
    /// Where it was found: `draft/workflow.md:12`, or the manifest draft-facts read it from.
    pub source: String,
    /// Whether it was run (false with `--no-run`).
    pub ran: bool,
    /// Exit code, or null when it did not run, timed out or was killed by a signal.
    pub exit_code: Option<i32>,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// Stopped at the timeout.
    pub timed_out: bool,
    /// Ran and exited 0.
    pub passed: bool,
    /// Failing tests named by its output.
    pub failing: Vec<String>,
    /// The last lines of its output when it failed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output_tail: Vec<String>,
}

/// Find the commands, run them unless `run` is false, and report failures.
pub fn gather(
    ws: &Workspace,
    run: bool,
    timeout: Duration,
    findings: &mut Vec<Diagnostic>,
    notes: &mut Vec<String>,
) -> Vec<CommandRun> {
    let mut list = from_workflow(ws);
    let has = |list: &[CommandRun], k: CommandKind| list.iter().any(|c| c.kind == k);
    if !has(&list, CommandKind::Test) || !has(&list, CommandKind::Lint) {
        let facts = draft_facts::detect(&ws.root);
        if !has(&list, CommandKind::Test) {
            list.extend(facts.test_frameworks.iter().map(|t| listed(CommandKind::Test, &t.command, &t.dir, &t.source)));
        }
        if !has(&list, CommandKind::Lint) {
            list.extend(
                facts
                    .tools
                    .iter()
                    .filter(|t| t.kind == "linter")
                    .filter_map(|t| t.command.as_deref().map(|c| listed(CommandKind::Lint, c, ".", &t.source))),
            );
        }
    }
    if list.is_empty() {
        notes.push("no test or lint command found: write `**Test command:** `…`` in workflow.md".to_owned());
    }
    if !run {
        return list;
    }
    for c in &mut list {
        execute(ws, c, timeout);
        if !c.passed {
            let why = if c.timed_out {
                format!("timed out after {} s", timeout.as_secs())
            } else {
                c.exit_code.map_or_else(|| "was killed".to_owned(), |code| format!("exited with {code}"))
            };
            let failing = match c.failing.len() {
                0 => String::new(),
                n => format!(": {n} failing test{} ({})", if n == 1 { "" } else { "s" }, c.failing.join(", ")),
            };
            let (file, line) = c
                .source
                .rsplit_once(':')
                .map_or((c.source.clone(), 0), |(f, l)| l.parse().map_or((c.source.clone(), 0), |n| (f.to_owned(), n)));
            findings.push(
                Diagnostic::file(COMMAND_FAILED, Severity::Error, file, format!("`{}` {why}{failing}", c.command))
                    .at(line, 0)
                    .with_hint("read its output (output_tail in --json), fix the failures and review again"),
            );
        }
    }
    list
}

fn listed(kind: CommandKind, command: &str, dir: &str, source: &str) -> CommandRun {
    CommandRun {
        kind,
        command: command.to_owned(),
        dir: dir.to_owned(),
        source: source.to_owned(),
        ran: false,
        exit_code: None,
        duration_ms: 0,
        timed_out: false,
        passed: false,
        failing: Vec::new(),
        output_tail: Vec::new(),
    }
}

/// Commands written in workflow.md.
fn from_workflow(ws: &Workspace) -> Vec<CommandRun> {
    let path = ws.context_dir().join("workflow.md");
    let Ok(src) = workspace::read_text(&path) else { return Vec::new() };
    let rel = ws.rel(&path);
    let arena = Arena::new();
    let root = parse_document(&arena, &src, &md_options());
    let mut out: Vec<CommandRun> = Vec::new();
    let mut heading = String::new();
    for node in root.descendants() {
        let data = node.data();
        let line = data.sourcepos.start.line;
        match &data.value {
            NodeValue::Heading(_) => {
                heading = node.collect_text().to_ascii_lowercase();
            }
            NodeValue::CodeBlock(block) if block.fenced => {
                let info = block.info.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                let kind = kind_of(&heading);
                if let (Some(kind), true) = (kind, matches!(info.as_str(), "sh" | "bash" | "shell" | "console" | "zsh"))
                {
                    for (i, l) in block.literal.lines().enumerate() {
                        let cmd = l.trim().trim_start_matches("$ ").trim();
                        if !cmd.is_empty() && !cmd.starts_with('#') {
                            out.push(listed(kind, cmd, ".", &format!("{rel}:{}", line + 1 + i)));
                        }
                    }
                }
            }
            NodeValue::Paragraph | NodeValue::TableRow(_) => {
                let text = node.collect_text().to_ascii_lowercase();
                let kind = if text.contains("test command") {
                    Some(CommandKind::Test)
                } else if text.contains("lint command") {
                    Some(CommandKind::Lint)
                } else {
                    None
                };
                let Some(kind) = kind else { continue };
                for d in node.descendants() {
                    if let NodeValue::Code(code) = &d.data().value {
                        let cmd = code.literal.trim();
                        if !cmd.is_empty() && !out.iter().any(|c| c.command == cmd) {
                            out.push(listed(kind, cmd, ".", &format!("{rel}:{line}")));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn kind_of(heading: &str) -> Option<CommandKind> {
    if heading.contains("lint") {
        Some(CommandKind::Lint)
    } else if heading.contains("test") {
        Some(CommandKind::Test)
    } else {
        None
    }
}

/// Run one command with the timeout, filling in how it went.
fn execute(ws: &Workspace, c: &mut CommandRun, timeout: Duration) {
    let dir = if c.dir == "." { ws.root.clone() } else { ws.root.join(&c.dir) };
    let mut cmd = shell(&c.command);
    cmd.current_dir(&dir).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        // Its own process group, so a timeout ends the children too.
        cmd.process_group(0);
    }
    let start = Instant::now();
    c.ran = true;
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => {
            c.output_tail = vec![format!("could not start the shell: {e}")];
            return;
        }
    };
    let readers: Vec<_> = [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|mut pipe| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    })
    .collect();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() >= timeout => {
                c.timed_out = true;
                kill(&mut child);
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    c.duration_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    let output: String = readers
        .into_iter()
        .filter_map(|r| r.join().ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    c.exit_code = if c.timed_out { None } else { status.and_then(|s| s.code()) };
    c.passed = c.exit_code == Some(0);
    c.failing = failing_tests(&output);
    if !c.passed {
        let lines: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
        c.output_tail = lines[lines.len().saturating_sub(TAIL)..].iter().map(|l| (*l).to_owned()).collect();
    }
}

#[cfg(unix)]
fn shell(command: &str) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(command);
    cmd
}

#[cfg(not(unix))]
fn shell(command: &str) -> Command {
    let mut cmd = Command::new("cmd");
    cmd.arg("/C").arg(command);
    cmd
}

/// End a timed-out command and everything it started.
fn kill(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let group = format!("-{}", child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
    }
    let _ = child.kill();
}

/// Failing tests named by a test runner's output, in order, once each.
#[must_use]
pub fn failing_tests(output: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in output.lines() {
        let t = line.trim();
        let name = if let Some(rest) = t.strip_prefix("test ").and_then(|r| r.strip_suffix(" ... FAILED")) {
            Some(rest.trim())
        } else if let Some(rest) = t.strip_prefix("FAILED ") {
            Some(rest.split(" - ").next().unwrap_or(rest).trim())
        } else if let Some(rest) = t.strip_prefix("--- FAIL: ") {
            Some(rest.split(" (").next().unwrap_or(rest).trim())
        } else {
            t.strip_prefix('✕')
                .or_else(|| t.strip_prefix('×'))
                .or_else(|| t.strip_prefix('✗'))
                .map(|rest| strip_timing(rest.trim()))
        };
        if let Some(name) = name.filter(|n| !n.is_empty())
            && !out.iter().any(|o| o == name)
        {
            out.push(name.to_owned());
        }
    }
    out
}

/// `adds two numbers (5 ms)` / `adds two numbers 5ms` → `adds two numbers`.
fn strip_timing(name: &str) -> &str {
    let name = match name.rfind(" (") {
        Some(i) if name.ends_with("ms)") || name.ends_with("s)") => &name[..i],
        _ => name,
    };
    match name.rsplit_once(' ') {
        Some((head, tail)) if tail.ends_with("ms") && tail[..tail.len() - 2].chars().all(|c| c.is_ascii_digit()) => {
            head
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_tests_from_each_runner() {
        let cargo = "test math::adds ... ok\ntest math::subtracts ... FAILED\n";
        assert_eq!(failing_tests(cargo), ["math::subtracts"]);
        let pytest = "FAILED tests/test_a.py::test_b - assert 1 == 2\n";
        assert_eq!(failing_tests(pytest), ["tests/test_a.py::test_b"]);
        let jest = "  ✓ adds (2 ms)\n  ✕ subtracts (5 ms)\n";
        assert_eq!(failing_tests(jest), ["subtracts"]);
        let vitest = "   × divides 3ms\n";
        assert_eq!(failing_tests(vitest), ["divides"]);
        let go = "--- FAIL: TestSum (0.00s)\n";
        assert_eq!(failing_tests(go), ["TestSum"]);
    }
}
