//! `draft skills list` and `draft skills show`: the skills built into the binary.

use crate::common::{Env, stdout};
use std::path::Path;

fn skills_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../skills")
}

fn names_on_disk() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(skills_dir())
        .expect("skills")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .filter(|n| skills_dir().join(n).join("SKILL.md").is_file())
        .collect();
    names.sort();
    names
}

#[test]
fn list_names_every_skill_with_its_description() {
    let env = Env::new();
    let list = env.json(&["skills", "list"], 0);
    assert_eq!(list["version"], 1);
    let skills = list["skills"].as_array().expect("skills");
    let names: Vec<&str> = skills.iter().map(|s| s["name"].as_str().expect("name")).collect();
    assert_eq!(names, names_on_disk());
    assert!(skills.iter().all(|s| !s["description"].as_str().expect("description").is_empty()));
    let revert = skills.iter().find(|s| s["name"] == "revert").expect("revert");
    assert_eq!(revert["user_invoked_only"], true);

    let a = env.draft(&["skills", "list"]).assert().success();
    let text = stdout(&a);
    for name in names_on_disk() {
        assert!(text.lines().any(|l| l.starts_with(&format!("{name} "))), "{name} missing:\n{text}");
    }
}

#[test]
fn show_prints_the_skill_file_exactly() {
    let env = Env::new();
    for name in names_on_disk() {
        let a = env.draft(&["skills", "show", &name]).assert().success();
        let on_disk = std::fs::read_to_string(skills_dir().join(&name).join("SKILL.md")).expect("read");
        assert_eq!(stdout(&a), on_disk, "{name}");
    }
    let a = env.draft(&["skills", "show", "draft-implement"]).assert().success();
    assert!(stdout(&a).starts_with("---\nname: implement\n"));
    let a = env.draft(&["skills", "show", "nope"]).assert().code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("implement"));
}
