//! draft-model: the pure document model of `draft`.
//!
//! Plans, registries, pinned frontmatter and `metadata.json` are parsed into
//! models that remember byte ranges, so every edit changes only the bytes it
//! means to. Nothing here touches the filesystem, git, threads or a clock:
//! it is what the fuzz targets exercise and what any host of the engines
//! (CLI, MCP server, a future wasm dashboard) shares.
//!
//! What engines read, in short:
//!
//! - task refs: [`plan::Plan::resolve`] (`0.1`, `2b.1`, labels, line
//!   numbers; ambiguity is a [`plan::RefError`] listing every candidate),
//!   and a task's ref is its [`plan::TaskPos`] displayed;
//! - groups: [`plan::Plan::phases`] holds real phases and numberless groups
//!   ([`plan::Phase::is_phase`], [`plan::Phase::number`] as written,
//!   [`plan::Phase::key`]); [`plan::Plan::phase_counts`] counts real phases,
//!   [`plan::Plan::task_counts`] every task;
//! - recorded commits: [`plan::Task::shas`] (every spelling, with spans),
//!   [`plan::Task::sha`] the first; [`plan::edit::remove_sha`] removes all;
//! - plan problems to report: [`plan::Plan::notices`] (no tasks, lone CRs);
//! - registry links: [`registry::Entry::link`] and [`registry::TrackLink::dir`]
//!   say where a track lives (`tracks/archive/<id>`); table rows are
//!   [`registry::EntryStyle::Table`] entries edited like Conductor lines.

pub mod derive;
pub mod diagnostic;
pub mod edit;
pub mod files;
pub mod frontmatter;
pub mod layout;
pub mod metadata;
pub mod plan;
pub mod registry;
pub mod slug;
pub mod templates;
pub mod text;

pub use diagnostic::{Diagnostic, Severity};
