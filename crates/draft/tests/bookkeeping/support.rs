//! A hermetic project for each test: a temp dir with `git init -b main`, a
//! temp HOME, no global or system git config, fixed author/committer and
//! dates, `NO_COLOR=1` and `DRAFT_NOW` pinned.

#![allow(dead_code)]

use crate::hermetic::{fixed_commit_dates, hermetic};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PLAN: &str = "# Plan: Demo\n\n## Phase 1: Base\n- [ ] **Task 1.1:** Parser\n- [ ] **Task 1.2:** Wire it in\n  - Depends on: Task 1.1\n\n## Phase 2: Finish\n- [ ] **Task 2.1:** Docs [PROJ-7]\n";

pub const REGISTRY: &str = "# Tracks\n\n## Active\n\n### demo - Demo track\n- **Status:** [ ] Planning\n- **Phases:** 0/2\n- **Tasks:** 0/3 (docs last)\n- **Path:** `./tracks/demo/`\n\n## Completed\n<!-- No completed tracks -->\n\n## Archived\n<!-- No archived tracks -->\n";

pub const METADATA: &str = "{\n  \"id\": \"demo\",\n  \"title\": \"Demo track\",\n  \"type\": \"feature\",\n  \"status\": \"planning\",\n  \"created\": \"2026-02-01T08:00:00Z\",\n  \"updated\": \"2026-02-01T08:00:00Z\",\n  \"phases\": { \"total\": 2, \"completed\": 0 },\n  \"tasks\": { \"total\": 3, \"completed\": 0 },\n  \"owner\": \"kim\"\n}\n";

pub struct Project {
    pub dir: tempfile::TempDir,
    pub home: tempfile::TempDir,
}

impl Project {
    /// An empty git repository.
    pub fn empty() -> Self {
        let p = Self { dir: tempfile::tempdir().expect("tmp"), home: tempfile::tempdir().expect("home") };
        p.git(&["init", "-q", "-b", "main"]);
        p
    }

    /// A repository with one committed track `demo` using `plan`.
    pub fn with_plan(plan: &str) -> Self {
        let p = Self::empty();
        p.write("draft/tracks.md", REGISTRY);
        p.write("draft/tracks/demo/plan.md", plan);
        p.write("draft/tracks/demo/metadata.json", METADATA);
        p.write("src/lib.rs", "// demo\n");
        p.commit_all("chore: initial");
        p
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    /// Every `.draft-tmp-*` file or folder left under `draft/`.
    pub fn leftover_temps(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut dirs = vec![self.path("draft")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with(".draft-tmp-") {
                    found.push(entry.path());
                } else if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    dirs.push(entry.path());
                }
            }
        }
        found
    }

    pub fn plan(&self) -> String {
        self.read("draft/tracks/demo/plan.md")
    }

    fn env(&self, cmd: &mut Command) {
        fixed_commit_dates(hermetic(cmd, self.root(), self.home.path()));
    }

    pub fn git(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        self.env(&mut cmd);
        let out = cmd.args(args).output().expect("git");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn commit_all(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.git(&["rev-parse", "--short=7", "HEAD"]).trim().to_owned()
    }

    /// A `draft` command ready to run in the project.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("draft"));
        self.env(&mut cmd);
        cmd.args(args);
        cmd
    }

    /// Run draft; (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = self.command(args).output().expect("draft");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Run draft and require exit 0.
    pub fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "draft {args:?}\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
        r
    }

    /// Run draft and require `code`.
    pub fn fails(&self, args: &[&str], code: i32) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, code, "draft {args:?}\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
        r
    }
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A line diff of two texts: removed lines as `-`, added as `+`.
pub fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let mut out = String::new();
    for l in &a[prefix..a.len() - suffix] {
        out.push_str(&format!("-{}", l));
    }
    for l in &b[prefix..b.len() - suffix] {
        out.push_str(&format!("+{}", l));
    }
    out
}
