//! draft-core: the workspace, git facade, tree loader and engines of
//! `draft`, the Context-Driven Development tool.
//!
//! The workspace finds the project root and its layout and owns atomic
//! writes and locks; the engines (one module per command) read documents
//! through `draft-model`, return typed, serialisable results and never
//! print. The `draft` binary and the MCP server render what they return.

pub mod changes;
pub mod clock;
pub mod engine;
pub mod error;
pub mod git;
pub mod manifest;
pub mod tree;
pub mod workspace;

pub use draft_model::{Diagnostic, Severity};
pub use error::{Error, Result};

/// Free `value` on another thread. Freeing what a large tree leaves behind
/// (a string or two per track, per file or per citation) can take longer
/// than the rest of a command's answer; a command that exits first leaves
/// it to the operating system, and a long-lived server frees it all the same.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}
