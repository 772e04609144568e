//! End-to-end tests of `draft skills`, `draft install`, `draft uninstall`
//! and `draft doctor` through the real binary, in a temporary git
//! repository and a temporary HOME (see `common`). One test binary, built
//! only with the `hosts` feature.

mod common;
mod contract;
mod doctor;
mod install;
mod list_detect;
mod preserve;
mod skills;
