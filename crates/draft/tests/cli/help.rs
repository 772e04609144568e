//! The whole command-line reference as one snapshot: `--help` of every
//! command and subcommand (hidden ones included), so help text is reviewed
//! like code. The list of commands comes from the definition itself, so a
//! new command cannot be left out.

use crate::common::{Env, stdout_of};

/// Every command path under `cmd`, depth first, without clap's `help`.
fn paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    out.push(prefix.to_vec());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut path = prefix.to_vec();
        path.push(sub.get_name().to_owned());
        paths(sub, &path, out);
    }
}

#[test]
fn help_tree() {
    let env = Env::new();
    let mut all = Vec::new();
    paths(&draft::command(), &[], &mut all);
    let mut doc = String::new();
    for path in &all {
        let a = env.draft(&env.root()).args(path).arg("--help").assert().success();
        let line = if path.is_empty() { String::new() } else { format!(" {}", path.join(" ")) };
        doc.push_str(&format!("$ draft{line} --help\n{}\n", stdout_of(&a)));
    }
    insta::assert_snapshot!("help-tree", doc);
}

#[test]
fn short_help_is_the_summary() {
    let env = Env::new();
    let long = stdout_of(&env.draft(&env.root()).args(["task", "--help"]).assert().success());
    let short = stdout_of(&env.draft(&env.root()).args(["task", "-h"]).assert().success());
    assert!(long.contains("A task REF is `PHASE.TASK`"), "{long}");
    assert!(!short.contains("A task REF is"), "{short}");
}
