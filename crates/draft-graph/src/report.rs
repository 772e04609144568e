//! The typed results the `draft graph` and `draft decompose` commands
//! print with `--json` (the binary wraps each in its versioned envelope).

use crate::build::BuildStats;
use crate::decompose::Decomposition;
use crate::graph::Edge;
use crate::query::{Cycle, Hotspot};
use serde::Serialize;

/// `draft graph build`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BuildReport {
    /// Absolute project root.
    pub root: String,
    /// The store file, relative to the root.
    pub store: String,
    /// Counts of this build.
    #[serde(flatten)]
    pub stats: BuildStats,
    /// Every unresolved edge, with its specifier and reason.
    pub unresolved_edges: Vec<Edge>,
}

/// `draft graph cycles`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CyclesReport {
    /// File-level import cycles, each with one concrete path.
    pub cycles: Vec<Cycle>,
}

/// `draft graph hotspots`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HotspotsReport {
    /// Why churn is 1 for every file (git missing, not a repository), or null.
    pub churn_note: Option<String>,
    /// Files by fan-in × churn, highest first.
    pub hotspots: Vec<Hotspot>,
}

/// `draft graph mermaid`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MermaidReport {
    /// Modules (folders) in the graph.
    pub modules: usize,
    /// The Mermaid `flowchart` source.
    pub diagram: String,
}

/// `draft decompose`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecomposeReport {
    /// The document written, relative to the root.
    pub path: String,
    /// Whether its bytes changed (false: the section was already up to date).
    pub changed: bool,
    /// The decomposition written.
    #[serde(flatten)]
    pub decomposition: Decomposition,
}
