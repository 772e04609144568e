//! draft-core: the document model, workspace, git facade and engines of
//! `draft`, the Context-Driven Development tool.
//!
//! Documents (`plan.md`, `tracks.md`, frontmatter, `metadata.json`) are parsed
//! into models that remember byte ranges, so every edit changes only the
//! bytes it means to. Engines (one module per command) return typed,
//! serialisable results and never print; the `draft` binary renders them.

pub mod check;
pub mod clock;
pub mod diagnostic;
pub mod edit;
pub mod engine;
pub mod error;
pub mod frontmatter;
pub mod git;
pub mod manifest;
pub mod metadata;
pub mod plan;
pub mod registry;
pub mod slug;
pub mod templates;
pub mod text;
pub mod tree;
pub mod workspace;

pub use diagnostic::{Diagnostic, Severity};
pub use error::{Error, Result};
