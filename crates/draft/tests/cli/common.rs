//! The hermetic test environment every CLI test runs in.
//!
//! Each test gets its own temporary directory with a private HOME. Commands
//! (draft itself and the git calls that set up repositories) run with a
//! cleared environment: only PATH survives; git reads no user or system
//! configuration and never searches above the temporary directory; author,
//! committer and dates are fixed, so commit SHAs are the same on every
//! machine; `DRAFT_NOW` pins draft's clock and `NO_COLOR` its colours.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The instant `DRAFT_NOW` pins.
pub const NOW: &str = "2026-03-01T09:00:00Z";
/// `NOW` as a compact date, the id suffix on collisions.
pub const NOW_COMPACT: &str = "20260301";
/// The author and committer date of every commit the tests make.
pub const COMMIT_DATE: &str = "2026-03-01 09:58:11 +0100";

/// A private directory tree and the environment commands run in.
pub struct Env {
    tmp: tempfile::TempDir,
    home: PathBuf,
}

impl Env {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let home = tmp.path().join("home");
        std::fs::create_dir(&home).expect("home");
        Self { tmp, home }
    }

    /// The temporary directory (canonical, so it compares with what draft prints).
    pub fn root(&self) -> PathBuf {
        self.tmp.path().canonicalize().expect("canonical temp dir")
    }

    /// Give `cmd` the hermetic environment draft's tests run in.
    pub fn isolate(&self, cmd: &mut std::process::Command) {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CEILING_DIRECTORIES", self.root())
            .env("GIT_AUTHOR_NAME", "Draft Tester")
            .env("GIT_AUTHOR_EMAIL", "tester@draft.invalid")
            .env("GIT_COMMITTER_NAME", "Draft Tester")
            .env("GIT_COMMITTER_EMAIL", "tester@draft.invalid")
            .env("GIT_AUTHOR_DATE", COMMIT_DATE)
            .env("GIT_COMMITTER_DATE", COMMIT_DATE)
            .env("NO_COLOR", "1")
            .env("DRAFT_NOW", NOW);
    }

    /// `draft` started in `dir`.
    pub fn draft(&self, dir: &Path) -> Command {
        Command::from_std(self.draft_std(dir))
    }

    /// `draft` as a plain std command, for tests that wire its stdio themselves.
    pub fn draft_std(&self, dir: &Path) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("draft"));
        self.isolate(&mut cmd);
        cmd.current_dir(dir);
        cmd
    }

    /// Run git in `dir`, panicking on failure; returns stdout.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut cmd = std::process::Command::new("git");
        self.isolate(&mut cmd);
        let out = cmd.current_dir(dir).args(args).output().expect("git runs");
        assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8").trim_end_matches('\n').to_owned()
    }

    /// An empty directory `name` under the root.
    pub fn dir(&self, name: &str) -> PathBuf {
        let dir = self.root().join(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        dir
    }

    /// A repository on `main` with a README and one commit.
    pub fn repo(&self, name: &str) -> PathBuf {
        let dir = self.dir(name);
        self.git(&dir, &["init", "-q", "-b", "main"]);
        write(&dir.join("README.md"), format!("# {name}\n"));
        self.commit_all(&dir, "chore: initial commit");
        dir
    }

    /// Stage everything and commit.
    pub fn commit_all(&self, dir: &Path, message: &str) {
        self.git(dir, &["add", "-A"]);
        self.git(dir, &["commit", "-q", "-m", message]);
    }

    /// A repository with `draft init` run and committed, so the tree is clean.
    pub fn initialised_repo(&self, name: &str) -> PathBuf {
        let dir = self.repo(name);
        self.draft(&dir).arg("init").assert().success();
        self.commit_all(&dir, "docs: add the draft context");
        dir
    }

    /// A copy of `tests/fixtures/<name>` (its EXPECTED.md included) under the root.
    pub fn fixture(&self, name: &str) -> PathBuf {
        let to = self.root().join(name);
        copy_dir(&fixtures_dir().join(name), &to);
        to
    }
}

/// Where the fixtures are kept.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Write a file, creating its parent directories.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, contents).expect("write");
}

/// Read a file as UTF-8.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, sorted by relative path.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                out.push((format!("{}/", path.strip_prefix(base).expect("prefix").display()), Vec::new()));
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("prefix").display().to_string();
                out.push((rel, std::fs::read(&path).expect("read")));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Run an assert_cmd assertion's output through UTF-8.
pub fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("utf-8 stdout")
}

/// stderr of an assertion as text.
pub fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).expect("utf-8 stderr")
}

/// Parse a `--json` stdout.
pub fn json_of(a: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&a.get_output().stdout).expect("valid JSON on stdout")
}

/// The YAML of a document's frontmatter as `key: value` pairs, values
/// unquoted, nested keys prefixed with `git.` — read without draft's parser.
pub fn frontmatter_pairs(doc: &str) -> Vec<(String, String)> {
    let mut lines = doc.lines();
    assert_eq!(lines.next(), Some("---"), "document starts with a frontmatter block");
    let mut pairs = Vec::new();
    for line in lines.take_while(|l| *l != "---") {
        let (key, value) = line.split_once(':').expect("key: value");
        let key = if let Some(nested) = key.strip_prefix("  ") { format!("git.{nested}") } else { key.to_owned() };
        let value = value.trim();
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        pairs.push((key, value.to_owned()));
    }
    pairs
}

/// One value of `frontmatter_pairs`.
pub fn fm(doc: &str, key: &str) -> String {
    frontmatter_pairs(doc)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no frontmatter key {key}"))
}
