//! The global options (`-q`, `--color`, `--layout`) and the reference
//! commands (`completions`, `man`).

use crate::common::{Env, read, stderr_of, stdout_of, write};
use std::path::Path;

/// Leave an unfilled `{PLACEHOLDER}` in product.md: one error for `draft check`.
fn break_product(repo: &Path) {
    let path = repo.join("draft/product.md");
    write(&path, format!("{}\nOwner: {{OWNER_NAME}}\n", read(&path)));
}

#[test]
fn quiet_drops_narration_and_keeps_answers() {
    let env = Env::new();
    let repo = env.repo("app");
    let a = env.draft(&repo).args(["-q", "init"]).assert().success();
    assert_eq!(stdout_of(&a), "");
    env.commit_all(&repo, "docs: add the draft context");
    // new-track -q prints only the id, for scripts.
    let a = env.draft(&repo).args(["new-track", "Add login", "--quiet"]).assert().success();
    assert_eq!(stdout_of(&a), "add-login\n");
    assert_eq!(stderr_of(&a), "");
    let a = env.draft(&repo).args(["task", "start", "1.1", "-q"]).assert().success();
    assert_eq!(stdout_of(&a), "");
    // A query still answers.
    let a = env.draft(&repo).args(["task", "next", "-q"]).assert().success();
    assert!(stdout_of(&a).starts_with("add-login: continue"), "{}", stdout_of(&a));
    let a = env.draft(&repo).args(["sync", "--check", "-q"]).assert().success();
    assert_eq!(stdout_of(&a), "", "no summary when in sync");
    // check -q: the findings, no summary line.
    break_product(&repo);
    let loud = stdout_of(&env.draft(&repo).arg("check").assert().code(1));
    let quiet = stdout_of(&env.draft(&repo).args(["check", "-q"]).assert().code(1));
    assert!(loud.contains(" checked)"), "{loud}");
    assert!(!quiet.contains(" checked)"), "{quiet}");
    assert!(quiet.contains("placeholder-unfilled"), "{quiet}");
    // Errors still print.
    let a = env.draft(&repo).args(["status", "nope", "-q"]).assert().code(2);
    assert!(stderr_of(&a).starts_with("error: no track"), "{}", stderr_of(&a));
}

#[test]
fn color_always_beats_no_color_and_never_beats_a_terminal() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    break_product(&repo);
    // The environment sets NO_COLOR=1 and stdout is a pipe.
    let plain = stdout_of(&env.draft(&repo).arg("check").assert().code(1));
    assert!(!plain.contains('\x1b'), "{plain}");
    let coloured = stdout_of(&env.draft(&repo).args(["check", "--color", "always"]).assert().code(1));
    assert!(coloured.contains("\x1b["), "annotate-snippets output is styled: {coloured}");
    let status = stdout_of(&env.draft(&repo).args(["--color=always", "status"]).assert().success());
    assert!(status.contains("\x1b["), "{status}");
    let never = stdout_of(&env.draft(&repo).args(["status", "--color", "never"]).assert().success());
    assert!(!never.contains('\x1b'), "{never}");
    // clap's own errors follow --color too.
    let a = env.draft(&repo).args(["--color", "always", "frobnicate"]).assert().code(2);
    assert!(stderr_of(&a).contains("\x1b["), "{}", stderr_of(&a));
    env.draft(&repo).args(["status", "--color", "sometimes"]).assert().code(2);
}

#[test]
fn layout_picks_the_tree_where_both_exist() {
    let env = Env::new();
    let repo = env.initialised_repo("app");
    let layout = |args: &[&str]| {
        let a = env.draft(&repo).args(args).assert().success();
        serde_json::from_slice::<serde_json::Value>(&a.get_output().stdout).expect("json")["layout"].clone()
    };
    assert_eq!(layout(&["--layout", "draft", "status", "--json"]), "draft");
    let a = env.draft(&repo).args(["status", "--layout", "conductor"]).assert().code(2);
    assert!(stderr_of(&a).contains("has no conductor tree"), "{}", stderr_of(&a));
    write(&repo.join("conductor/tracks.md"), "# Tracks\n");
    assert_eq!(layout(&["status", "--json"]), "draft", "draft/ wins by default");
    assert_eq!(layout(&["status", "--json", "--layout", "conductor"]), "conductor");
    env.draft(&repo).args(["status", "--layout", "other"]).assert().code(2);
}

#[test]
fn completions_for_every_shell() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let a = env.draft(&env.root()).args(["completions", shell]).assert().success();
        let script = stdout_of(&a);
        assert!(script.contains("new-track") && script.contains("--json"), "{shell}:\n{script}");
    }
    env.draft(&env.root()).args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_prints_roff_and_writes_one_page_per_command() {
    let env = Env::new();
    let page = stdout_of(&env.draft(&env.root()).arg("man").assert().success());
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{page}");
    assert!(page.contains(".TH draft 1"), "{page}");
    assert!(page.contains("new\\-track"), "{page}");
    let dir = env.root().join("man");
    env.draft(&env.root()).args(["man", "--out-dir"]).arg(&dir).assert().success();
    for page in ["draft.1", "draft-status.1", "draft-task.1", "draft-task-done.1", "draft-completions.1"] {
        assert!(read(&dir.join(page)).contains(".TH"), "{page}");
    }
    assert!(!dir.join("draft-schema.1").exists(), "hidden commands get no page");
}
