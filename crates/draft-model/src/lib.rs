//! draft-model: the pure document model of `draft`.
//!
//! Plans, registries, pinned frontmatter and `metadata.json` are parsed into
//! models that remember byte ranges, so every edit changes only the bytes it
//! means to. Nothing here touches the filesystem, git, threads or a clock:
//! it is what the fuzz targets exercise and what any host of the engines
//! (CLI, MCP server, a future wasm dashboard) shares.

pub mod derive;
pub mod diagnostic;
pub mod edit;
pub mod frontmatter;
pub mod layout;
pub mod metadata;
pub mod plan;
pub mod registry;
pub mod slug;
pub mod templates;
pub mod text;

pub use diagnostic::{Diagnostic, Severity};
