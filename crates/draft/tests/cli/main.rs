//! End-to-end tests of the `draft` binary in temporary git repositories.
//!
//! One integration test binary (as ripgrep does): `common` builds the
//! hermetic environment, and one module per command holds its tests.
//! Snapshots live in `snapshots/` and are reviewed like code.

mod adr;
mod adr_import;
mod common;
mod coverage;
mod diff_cover;
#[cfg(feature = "graph")]
mod graph;
mod help;
mod index;
mod init;
#[cfg(feature = "jira")]
mod jira;
mod json;
mod new_track;
mod options;
mod refresh;
mod review;
mod status;
mod validate;

use common::{Env, stdout_of};

#[test]
fn version_prints_the_crate_version() {
    let env = Env::new();
    let a = env.draft(&env.root()).arg("--version").assert().success();
    assert_eq!(stdout_of(&a), format!("draft {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    env.draft(&env.root()).assert().code(2);
    env.draft(&env.root()).arg("frobnicate").assert().code(2);
    env.draft(&env.root()).args(["new-track", "x", "--type", "chore"]).assert().code(2);
}
