//! The hermetic environment the end-to-end test crates share: a cleared
//! environment with only `PATH`, a temporary HOME, no git configuration,
//! a fixed git identity, no colour and a pinned `DRAFT_NOW`. Each test crate
//! includes this file with `#[path]`; what differs between them (fixed
//! commit dates, XDG folders) is added by the caller.

use std::path::Path;
use std::process::Command;

/// The clock every test pins with `DRAFT_NOW`.
pub const NOW: &str = "2026-03-01T09:00:00Z";

/// Make `cmd` run in `dir` with HOME at `home` and nothing of the user's
/// environment or git configuration.
pub fn hermetic<'a>(cmd: &'a mut Command, dir: &Path, home: &Path) -> &'a mut Command {
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("NO_COLOR", "1")
        .env("DRAFT_NOW", NOW)
}

/// Also pin git's author and committer dates to [`NOW`], so commit SHAs repeat.
// Not every crate that includes this file pins commit dates.
#[allow(dead_code)]
pub fn fixed_commit_dates(cmd: &mut Command) -> &mut Command {
    cmd.env("GIT_AUTHOR_DATE", NOW).env("GIT_COMMITTER_DATE", NOW)
}
