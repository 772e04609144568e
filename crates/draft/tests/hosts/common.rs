//! The hermetic world every hosts test runs in: a temporary git repository
//! as the project and a temporary HOME with every host directory inside it.
//!
//! draft runs with a cleared environment: `HOME`, `XDG_CONFIG_HOME`,
//! `XDG_STATE_HOME`, `XDG_DATA_HOME`, `XDG_CACHE_HOME`, `CODEX_HOME` and
//! `COPILOT_HOME` point into the temporary HOME; git reads no user or system
//! configuration (`GIT_CONFIG_GLOBAL=/dev/null`) and is passed by absolute
//! path (`DRAFT_GIT`), so `PATH` holds only a private `bin/` with a `draft`
//! link in it: no host CLI installed on the machine can leak in.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every host id, in `draft install --list` order.
pub const HOSTS: [&str; 6] = ["claude-code", "cursor", "codex", "opencode", "copilot", "gemini"];
/// Both scopes, as their flags.
pub const SCOPES: [&str; 2] = ["--project", "--global"];

/// A temporary project and HOME.
pub struct Env {
    _tmp: tempfile::TempDir,
    pub base: PathBuf,
    pub project: PathBuf,
    pub home: PathBuf,
    /// The directory `PATH` points at.
    pub bin: PathBuf,
    git: PathBuf,
}

/// The git executable on the test runner's own `PATH`.
fn find_git() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|d| d.join("git")).find(|p| p.is_file()).expect("git on PATH")
}

impl Env {
    /// A project repository with one commit, an empty HOME, and `draft` on `PATH`.
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let base = tmp.path().canonicalize().expect("canonical");
        let (project, home, bin) = (base.join("project"), base.join("home"), base.join("bin"));
        for dir in [&project, &home, &bin] {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        let env = Self { _tmp: tmp, base, project, home, bin, git: find_git() };
        env.link_draft();
        env.git(&["init", "-q", "-b", "main"]);
        std::fs::write(env.project.join("README.md"), "# project\n").expect("write");
        env.git(&["add", "-A"]);
        env.git(&["commit", "-q", "-m", "initial"]);
        env
    }

    #[cfg(unix)]
    fn link_draft(&self) {
        std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin!("draft"), self.bin.join("draft")).expect("link");
    }

    #[cfg(not(unix))]
    fn link_draft(&self) {
        std::fs::copy(assert_cmd::cargo::cargo_bin!("draft"), self.bin.join("draft.exe")).expect("copy");
    }

    fn isolate(&self, cmd: &mut std::process::Command) {
        let home = &self.home;
        cmd.env_clear()
            .env("PATH", &self.bin)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("CODEX_HOME", home.join(".codex"))
            .env("COPILOT_HOME", home.join(".copilot"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CEILING_DIRECTORIES", &self.base)
            .env("GIT_AUTHOR_NAME", "Draft Tester")
            .env("GIT_AUTHOR_EMAIL", "tester@draft.invalid")
            .env("GIT_COMMITTER_NAME", "Draft Tester")
            .env("GIT_COMMITTER_EMAIL", "tester@draft.invalid")
            .env("DRAFT_GIT", &self.git)
            .env("DRAFT_NOW", "2026-03-01T09:00:00Z")
            .env("NO_COLOR", "1");
    }

    /// `draft ARGS` started in the project.
    pub fn draft(&self, args: &[&str]) -> Command {
        self.draft_in(&self.project, args)
    }

    /// `draft ARGS` started in `dir`.
    pub fn draft_in(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("draft"));
        self.isolate(&mut cmd);
        cmd.current_dir(dir).args(args);
        Command::from_std(cmd)
    }

    /// Run `draft ARGS --json` in the project, expecting `code`; the parsed stdout.
    pub fn json(&self, args: &[&str], code: i32) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        let assert = self.draft(&all).assert().code(code);
        let out = &assert.get_output().stdout;
        serde_json::from_slice(out).unwrap_or_else(|e| panic!("{all:?}: {e}\n{}", String::from_utf8_lossy(out)))
    }

    /// Run git in the project.
    pub fn git(&self, args: &[&str]) {
        let mut cmd = std::process::Command::new(&self.git);
        self.isolate(&mut cmd);
        let out = cmd.current_dir(&self.project).args(args).output().expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Write a project file.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.project.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Read a project file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.project.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// A path as draft shows it (`~/…` or project-relative), made absolute.
    pub fn resolve(&self, shown: &str) -> PathBuf {
        match shown.strip_prefix("~/") {
            Some(rel) => self.home.join(rel),
            None if Path::new(shown).is_absolute() => PathBuf::from(shown),
            None => self.project.join(shown),
        }
    }

    /// Where the install manifest of a scope lives.
    pub fn manifest(&self, scope_flag: &str) -> PathBuf {
        match scope_flag {
            "--global" => self.home.join(".local/state/draft/install-manifest.json"),
            _ => self.project.join("draft/.install-manifest.json"),
        }
    }

    /// Every file (with its bytes) and every empty directory below the
    /// project (its `.git` aside) and the HOME, by absolute path.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        walk(&self.project, &mut files);
        walk(&self.home, &mut files);
        files
    }
}

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    let mut any = false;
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        any = true;
        if entry.file_type().expect("type").is_dir() {
            walk(&path, out);
        } else {
            out.insert(path.clone(), std::fs::read(&path).expect("read"));
        }
    }
    if !any {
        out.insert(dir.join(""), Vec::new());
    }
}

/// stdout of a finished command, as text.
pub fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// stderr of a finished command, as text.
pub fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}
