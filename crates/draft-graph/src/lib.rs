//! draft-graph: the code graph of a project. Source files in Rust, Python,
//! JavaScript, TypeScript/TSX, Go, Java, C and C++ are parsed with
//! tree-sitter into their imports, definitions and call sites; imports are
//! resolved by each language's own rules into file → file edges, or kept as
//! external or unresolved with the specifier as written, and calls are bound
//! to a definition only where those rules make the callee certain. The result is stored under
//! `draft/.state/graph/` and rebuilt incrementally from content hashes;
//! queries (impact, deps, cycles, hotspots, Mermaid) and the module
//! decomposition read it. Nothing here prints: the `draft` binary renders.

pub mod build;
pub mod calls;
pub mod decompose;
pub mod extract;
pub mod graph;
pub mod lang;
pub mod modules;
pub mod query;
pub mod report;
pub mod resolve;
pub mod store;

pub use build::{BuildStats, build};
pub use graph::{Edge, FileNode, Graph};
pub use lang::{FileClass, Language};
pub use resolve::EdgeStatus;
