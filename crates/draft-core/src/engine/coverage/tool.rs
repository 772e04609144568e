//! Which coverage tool a project uses, running it, and where its report is.
//!
//! Detection reads the project's manifests through draft-facts (languages
//! by size, dependencies, manifests) plus the tools' own configuration
//! files, and picks the tool of the largest language that has one: Rust →
//! cargo llvm-cov (or cargo tarpaulin when only it is installed or it is
//! configured), Python → pytest-cov (else coverage.py around pytest),
//! JavaScript/TypeScript → jest, vitest, c8 or nyc from the dependencies,
//! Go → `go test -coverprofile`, Java/Kotlin → JaCoCo when the build
//! mentions it. Each plan names the exact commands and the report they
//! write. Running streams the child's output to draft's stderr (or keeps
//! its last lines for JSON output) and times it.

use super::RunInfo;
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use draft_facts::Facts;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

/// Where reports are looked for when none is named, most specific first.
pub const REPORT_PLACES: [&str; 15] = [
    "lcov.info",
    "coverage/lcov.info",
    "coverage.xml",
    "coverage/cobertura-coverage.xml",
    "cobertura.xml",
    "coverage.json",
    "cover.out",
    "coverage.out",
    "target/llvm-cov/lcov.info",
    "target/llvm-cov/coverage.json",
    "target/llvm-cov/cobertura.xml",
    "target/tarpaulin/lcov.info",
    "target/tarpaulin/cobertura.xml",
    "target/site/jacoco/jacoco.xml",
    "build/reports/jacoco/test/jacocoTestReport.xml",
];

/// A coverage tool and how to run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolPlan {
    /// `cargo llvm-cov`, `pytest-cov`, `jest`, `go test`, `jacoco` …
    pub tool: String,
    /// Directory to run in, relative to the root (`.` for the root).
    pub dir: String,
    /// The commands, run in order (all of them, even after a failure, so a
    /// report is still written when tests fail).
    pub steps: Vec<Vec<String>>,
    /// The report the commands write, relative to `dir`.
    pub report: String,
    /// Why this tool (the file that says so).
    pub because: String,
}

impl ToolPlan {
    /// The commands as one shell line.
    #[must_use]
    pub fn command_line(&self) -> String {
        self.steps.iter().map(|s| s.join(" ")).collect::<Vec<_>>().join(" && ")
    }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

/// Whether `program` is on PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// The coverage tools the project's files point to, best first.
#[must_use]
pub fn detect(root: &Path, facts: &Facts) -> Vec<ToolPlan> {
    let mut plans: Vec<(usize, ToolPlan)> = Vec::new();
    let rank = |langs: &[&str]| {
        facts.languages.iter().position(|l| langs.iter().any(|n| l.name.eq_ignore_ascii_case(n))).unwrap_or(usize::MAX)
    };
    let shallowest = |kind: &str| {
        facts
            .manifests
            .iter()
            .filter(|m| m.kind == kind)
            .min_by_key(|m| (m.path.matches('/').count(), m.path.clone()))
            .cloned()
    };
    let dir_of = |p: &str| p.rsplit_once('/').map_or_else(|| ".".to_owned(), |(d, _)| d.to_owned());
    let has_dep = |name: &str| facts.dependencies.iter().find(|d| d.name == name);
    if let Some(m) = shallowest("cargo") {
        let dir = dir_of(&m.path);
        let at = |f: &str| root.join(&dir).join(f).is_file();
        let tarpaulin =
            at("tarpaulin.toml") || at(".tarpaulin.toml") || (on_path("cargo-tarpaulin") && !on_path("cargo-llvm-cov"));
        let plan = if tarpaulin {
            ToolPlan {
                tool: "cargo tarpaulin".into(),
                dir,
                steps: vec![words("cargo tarpaulin --out Lcov --output-dir target/tarpaulin")],
                report: "target/tarpaulin/lcov.info".into(),
                because: m.path.clone(),
            }
        } else {
            ToolPlan {
                tool: "cargo llvm-cov".into(),
                dir,
                steps: vec![words("cargo llvm-cov --lcov --output-path target/llvm-cov/lcov.info")],
                report: "target/llvm-cov/lcov.info".into(),
                because: m.path.clone(),
            }
        };
        plans.push((rank(&["Rust"]), plan));
    }
    let python = if on_path("python") { "python" } else { "python3" };
    if let Some(d) = has_dep("pytest-cov") {
        plans.push((
            rank(&["Python"]),
            ToolPlan {
                tool: "pytest-cov".into(),
                dir: dir_of(&d.manifest),
                steps: vec![words(&format!("{python} -m pytest --cov --cov-report=xml:coverage.xml"))],
                report: "coverage.xml".into(),
                because: d.manifest.clone(),
            },
        ));
    } else if let Some(src) = has_dep("coverage").map(|d| d.manifest.clone()).or_else(|| {
        [".coveragerc", "pytest.ini", "setup.cfg"].iter().find(|f| root.join(f).is_file()).map(|f| (*f).to_owned())
    }) {
        plans.push((
            rank(&["Python"]),
            ToolPlan {
                tool: "coverage.py".into(),
                dir: dir_of(&src),
                steps: vec![
                    words(&format!("{python} -m coverage run -m pytest")),
                    words(&format!("{python} -m coverage xml -o coverage.xml")),
                ],
                report: "coverage.xml".into(),
                because: src,
            },
        ));
    }
    let js: [(&str, &str, &str); 4] = [
        ("jest", "npx jest --coverage --coverageReporters=lcov", "coverage/lcov.info"),
        ("vitest", "npx vitest run --coverage --coverage.reporter=lcov", "coverage/lcov.info"),
        ("c8", "npx c8 --reporter=lcov npm test", "coverage/lcov.info"),
        ("nyc", "npx nyc --reporter=lcov npm test", "coverage/lcov.info"),
    ];
    if let Some((name, command, report, manifest)) =
        js.iter().find_map(|(n, c, r)| has_dep(n).map(|d| (*n, *c, *r, d.manifest.clone())))
    {
        plans.push((
            rank(&["TypeScript", "JavaScript", "TSX", "JSX"]),
            ToolPlan {
                tool: name.into(),
                dir: dir_of(&manifest),
                steps: vec![words(command)],
                report: report.into(),
                because: manifest,
            },
        ));
    }
    if let Some(m) = shallowest("go") {
        plans.push((
            rank(&["Go"]),
            ToolPlan {
                tool: "go test".into(),
                dir: dir_of(&m.path),
                steps: vec![words("go test -coverprofile=coverage.out ./...")],
                report: "coverage.out".into(),
                because: m.path.clone(),
            },
        ));
    }
    for (kind, wrapper, command, report) in [
        ("maven", "mvnw", "test jacoco:report", "target/site/jacoco/jacoco.xml"),
        ("gradle", "gradlew", "test jacocoTestReport", "build/reports/jacoco/test/jacocoTestReport.xml"),
    ] {
        let Some(m) = shallowest(kind) else { continue };
        let text = std::fs::read_to_string(root.join(&m.path)).unwrap_or_default();
        if !text.contains("jacoco") {
            continue;
        }
        let dir = dir_of(&m.path);
        let program = if root.join(&dir).join(wrapper).is_file() {
            format!("./{wrapper}")
        } else {
            wrapper.trim_end_matches('w').to_owned()
        };
        plans.push((
            rank(&["Java", "Kotlin", "Scala", "Groovy"]),
            ToolPlan {
                tool: "jacoco".into(),
                dir,
                steps: vec![words(&format!("{program} {command}"))],
                report: report.into(),
                because: m.path.clone(),
            },
        ));
    }
    plans.sort_by_key(|(r, _)| *r);
    plans.into_iter().map(|(_, p)| p).collect()
}

/// The report to read when none was named: the most recently written of
/// [`REPORT_PLACES`] (the others are returned too, for the notes).
#[must_use]
pub fn find_report(root: &Path) -> (Option<PathBuf>, Vec<String>) {
    let mut found: Vec<(SystemTime, usize, &str)> = REPORT_PLACES
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let meta = std::fs::metadata(root.join(p)).ok().filter(std::fs::Metadata::is_file)?;
            Some((meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), i, *p))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let all = found.iter().map(|(_, _, p)| (*p).to_owned()).collect();
    (found.first().map(|(_, _, p)| root.join(p)), all)
}

/// How many lines of the child's output JSON output keeps.
const TAIL: usize = 40;

/// Run `plan` in the project; with `stream` the child's stdout and stderr
/// go to draft's stderr as they come, otherwise the last lines are kept.
pub fn run(ws: &Workspace, plan: &ToolPlan, stream: bool) -> Result<RunInfo> {
    let dir = if plan.dir == "." { ws.root.clone() } else { ws.root.join(&plan.dir) };
    let started = Instant::now();
    let mut exit_code = None;
    let mut tail: VecDeque<String> = VecDeque::new();
    for step in &plan.steps {
        let Some((program, args)) = step.split_first() else { continue };
        let mut cmd = Command::new(program);
        cmd.args(args).current_dir(&dir).stdin(Stdio::null());
        let spawned = if stream {
            cmd.stdout(std::io::stderr()).stderr(std::io::stderr()).spawn()
        } else {
            cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()
        };
        let mut child = spawned.map_err(|e| Error::CoverageReport {
            file: None,
            line: 0,
            message: format!("could not start `{}` for {}: {e}", step.join(" "), plan.tool),
            hint: format!("install {} (or run your coverage command yourself and pass --report PATH)", plan.tool),
        })?;
        if !stream {
            collect_tail(&mut child, &mut tail);
        }
        let status = child.wait().map_err(|e| Error::io("waiting for", program.clone(), e))?;
        let code = status.code();
        if exit_code.is_none_or(|c| c == 0) {
            exit_code = Some(code.unwrap_or(-1));
        }
    }
    Ok(RunInfo {
        tool: plan.tool.clone(),
        command: plan.command_line(),
        dir: plan.dir.clone(),
        exit_code,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        output_tail: tail.into_iter().collect(),
    })
}

/// Read the child's stdout and stderr to the end (each on its own thread,
/// so neither pipe fills up), keeping the last [`TAIL`] lines.
fn collect_tail(child: &mut std::process::Child, tail: &mut VecDeque<String>) {
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let mut readers = Vec::new();
    let out = child.stdout.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>);
    let err = child.stderr.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>);
    for pipe in [out, err].into_iter().flatten() {
        let tx = tx.clone();
        readers.push(std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(std::result::Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        }));
    }
    drop(tx);
    for line in rx {
        if tail.len() == TAIL {
            tail.pop_front();
        }
        tail.push_back(line);
    }
    for r in readers {
        let _ = r.join();
    }
}
