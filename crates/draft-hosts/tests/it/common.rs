//! A temporary project and HOME, fake skills, and helpers to snapshot trees.

use draft_hosts::{ApplyReport, Host, InstallContext, Plan, Scope, Skill, apply, plan_install, plan_uninstall};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A project directory and a home directory, both empty, both temporary.
pub struct Env {
    _dir: tempfile::TempDir,
    pub project: PathBuf,
    pub home: PathBuf,
    pub ctx: InstallContext,
}

/// Three small skills in the Agent Skills format.
pub fn skills() -> Vec<Skill> {
    vec![
        Skill::new(
            "draft",
            "---\nname: draft\ndescription: How this repository works with draft. Use at the start of any change.\n---\n\nRun `draft status` first.\n",
        ),
        Skill::new(
            "new-track",
            "---\nname: new-track\ndescription: Start a track. Use when the user asks to plan a change.\nargument-hint: \"<title>\"\n---\n\n## User Input\n\n```text\n$ARGUMENTS\n```\n\nRun `draft new-track \"<title>\"`.\n",
        ),
        Skill::new(
            "revert",
            "---\nname: revert\ndescription: Undo a task's commits. Only when the user explicitly asks.\ndisable-model-invocation: true\n---\nRun `draft revert` without `--apply` first.\n",
        ),
    ]
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tmp");
        let base = dir.path().canonicalize().expect("canon");
        let project = base.join("project");
        let home = base.join("home");
        std::fs::create_dir_all(&project).expect("mkdir");
        std::fs::create_dir_all(&home).expect("mkdir");
        let ctx = InstallContext::new(&project, &home, "0.1.0")
            .with_binary(home.join(".cargo/bin/draft"))
            .with_skills(skills());
        Self { _dir: dir, project, home, ctx }
    }

    pub fn install(&self, host: Host, scope: Scope) -> ApplyReport {
        let plan = plan_install(&self.ctx, host, scope, false).expect("plan");
        apply(&plan).expect("apply")
    }

    pub fn uninstall(&self, host: Host, scope: Scope, force: bool) -> Plan {
        let plan = plan_uninstall(&self.ctx, host, scope, force).expect("plan");
        apply(&plan).expect("apply");
        plan
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.project.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.project.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.project.join(rel).exists()
    }

    /// Every file below the project and the home, with its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        walk(&self.project, "[PROJECT]", &mut files);
        walk(&self.home, "[HOME]", &mut files);
        files
    }

    /// The tree rendered for an insta snapshot, temporary paths replaced.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (path, bytes) in self.snapshot() {
            let text = String::from_utf8_lossy(&bytes).replace(&self.home.display().to_string(), "[HOME]");
            out.push_str(&format!("==> {path}\n{text}"));
            if !text.ends_with('\n') {
                out.push_str("\n[no newline at end]\n");
            }
        }
        out
    }
}

/// Files and (empty) directories below `dir`, keyed by `prefix/rel`.
fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut any = false;
    for entry in entries {
        any = true;
        let entry = entry.expect("entry");
        let path = entry.path();
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type().expect("type").is_dir() {
            walk(&path, &name, out);
        } else {
            out.insert(name, std::fs::read(&path).expect("read"));
        }
    }
    if !any && !prefix.ends_with(']') {
        out.insert(format!("{prefix}/"), Vec::new());
    }
}
