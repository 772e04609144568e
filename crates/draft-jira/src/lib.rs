//! draft-jira: a track as Jira issues.
//!
//! The export model ([`model`]) maps a track to one epic, one story per task
//! group and one sub-task per task, with story points from the task count
//! and the keys already recorded in plan.md and metadata.json.
//! [`preview()`] writes it as `jira-export.md`; [`create()`] creates what has no
//! key yet through Jira Cloud's REST API v3 ([`client`], ureq over rustls),
//! writing every key back as soon as it exists ([`writeback`]) so a run that
//! stops half-way can simply be run again. Settings come from `draft/jira.md`,
//! `draft/config.toml` and the environment; the API token only from the
//! environment, and it never reaches a file, a report or a message
//! ([`secret`]). docs/JIRA.md is the user-facing description.

pub mod adf;
pub mod client;
pub mod config;
pub mod create;
pub mod model;
pub mod preview;
pub mod render;
pub mod secret;
pub mod track;
pub mod writeback;

pub use create::{CreateReport, create};
pub use model::JiraExport;
pub use preview::preview;
