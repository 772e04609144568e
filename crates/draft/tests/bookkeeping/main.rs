//! End-to-end tests of task bookkeeping, registry sync, track lifecycle and
//! revert, each in its own temporary git repository with a hermetic
//! environment (see `support`).

mod concurrency;
mod fixtures;
#[path = "../shared/hermetic.rs"]
mod hermetic;
mod issue8_reading;
mod issue8_revert;
mod revert;
mod support;
mod sync;
mod tasks;
