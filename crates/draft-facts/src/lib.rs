//! draft-facts: what a repository says about itself, read rather than guessed.
//!
//! [`detect`] walks the work tree once (gitignore-aware, in parallel),
//! counts lines per language with tokei's language table, sets generated,
//! vendored and lockfile content apart, and reads every manifest it meets
//! with a real parser (TOML, JSON, XML) or, for the formats without one in
//! Rust, a small conservative line reader. The result is a typed [`Facts`]
//! value; [`render`] turns it into the markdown of the facts regions that
//! [`markers`] splices into context documents without touching the prose
//! around them, and [`freshness`] keeps the stat cache `draft refresh` uses
//! to confirm an unchanged tree without reading it. Anything the files do
//! not say is listed in [`Facts::slots`] for the intake conversation.

pub mod ci;
pub mod freshness;
pub mod languages;
pub mod manifests;
pub mod markers;
pub mod render;

use draft_model::Diagnostic;
use serde::Serialize;
use std::path::Path;

pub use languages::{GeneratedGroup, LanguageStat};

/// Everything draft could learn about a repository from its files.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Facts {
    /// Hand-written code per language, most code lines first. Generated,
    /// vendored and lockfile content is not in here (see `generated`).
    pub languages: Vec<LanguageStat>,
    /// Content set apart, per language, counted the same way.
    pub generated_languages: Vec<LanguageStat>,
    /// Why content was set apart, with file counts per reason.
    pub generated: Vec<GeneratedGroup>,
    /// Manifests found, by path (`/`-separated, relative to the root).
    pub manifests: Vec<ManifestFound>,
    /// Frameworks and direct dependencies with the version as written.
    pub dependencies: Vec<Dependency>,
    /// Test frameworks and the command that runs them.
    pub test_frameworks: Vec<TestFramework>,
    /// Linters and formatters, from their configuration or a dependency.
    pub tools: Vec<Tool>,
    /// Continuous-integration systems and their files.
    pub ci: Vec<CiSystem>,
    /// Programs and libraries' front doors.
    pub entry_points: Vec<EntryPoint>,
    /// Workspaces (Cargo, npm, pnpm, yarn, Maven modules, Gradle includes, go.work).
    pub workspaces: Vec<WorkspaceFact>,
    /// Facts draft looked for and could not find: left for the intake conversation.
    pub slots: Vec<String>,
    /// Files that could not be read or parsed; the rest of the run went on.
    pub diagnostics: Vec<Diagnostic>,
}

/// One manifest file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ManifestFound {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// `cargo`, `npm`, `python`, `requirements`, `setup.cfg`, `go`, `maven`,
    /// `gradle`, `bundler`, `composer` or `dotnet`.
    pub kind: String,
    /// The package or module name it declares, when it declares one.
    pub name: Option<String>,
}

/// A direct dependency of some manifest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Dependency {
    /// Name as the ecosystem spells it (`serde`, `@angular/core`, `org.junit.jupiter:junit-jupiter`).
    pub name: String,
    /// Version requirement exactly as written; `None` for path, git or workspace-inherited ones.
    pub version: Option<String>,
    /// The manifest declaring it.
    pub manifest: String,
    /// True for development- or test-only dependencies.
    pub dev: bool,
    /// A framework draft knows by name (web, UI, CLI, ORM, runtime); the rest are libraries.
    pub framework: bool,
    /// The local directory it points at, relative to the root (`/`-separated),
    /// for path dependencies: Cargo `path`, npm `file:`/`link:`, go.mod
    /// `replace … => ../dir`, Poetry and uv `path`, Gradle `project(':x')`,
    /// .NET `ProjectReference`. Absent for registry dependencies and for
    /// paths that leave the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// A test framework and how to run it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TestFramework {
    /// `cargo test`, `jest`, `pytest`, `go test`, `junit`, …
    pub name: String,
    /// The command, run from `dir`.
    pub command: String,
    /// Directory the command runs in (`.` for the root).
    pub dir: String,
    /// The file the fact comes from.
    pub source: String,
}

/// A linter or formatter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tool {
    /// `linter` or `formatter`.
    pub kind: String,
    /// `clippy`, `rustfmt`, `eslint`, `prettier`, `ruff`, …
    pub name: String,
    /// The command, when one is known for certain.
    pub command: Option<String>,
    /// The file the fact comes from.
    pub source: String,
}

/// A CI system and the files configuring it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CiSystem {
    /// `GitHub Actions`, `GitLab CI`, …
    pub name: String,
    /// Its configuration files.
    pub files: Vec<String>,
}

/// An entry point.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryPoint {
    /// The file (or, for Go, the directory) holding it.
    pub path: String,
    /// `binary`, `library`, `script` or `main`.
    pub kind: String,
    /// The program's name, when the manifest gives one.
    pub name: Option<String>,
    /// The file the fact comes from.
    pub source: String,
}

/// A workspace: one root manifest listing member packages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WorkspaceFact {
    /// `cargo`, `npm`, `pnpm`, `yarn`, `maven`, `gradle` or `go`.
    pub kind: String,
    /// The file declaring it.
    pub manifest: String,
    /// Member paths, globs expanded to the directories that exist.
    pub members: Vec<String>,
}

/// Detect the facts of the tree at `root`. Never fails: what cannot be read
/// becomes a diagnostic and the rest goes on. `draft/` and `conductor/` (the
/// context trees) are not part of the facts.
#[must_use]
pub fn detect(root: &Path) -> Facts {
    let walked = languages::walk(root);
    let mut facts = Facts {
        languages: walked.languages,
        generated_languages: walked.generated_languages,
        generated: walked.generated,
        diagnostics: walked.diagnostics,
        ..Facts::default()
    };
    manifests::read_all(root, &walked.manifests, &walked.go_main_dirs, &mut facts);
    ci::detect(root, &mut facts);
    facts.finish();
    facts
}

impl Facts {
    /// Sort everything, drop duplicates and list the slots left open.
    fn finish(&mut self) {
        self.manifests.sort();
        self.manifests.dedup();
        self.dependencies.sort();
        self.dependencies.dedup();
        self.test_frameworks.sort();
        self.test_frameworks.dedup();
        self.tools.sort();
        self.tools.dedup_by(|a, b| a.kind == b.kind && a.name == b.name && a.command == b.command);
        self.ci.sort();
        self.entry_points.sort();
        self.entry_points.dedup();
        self.workspaces.sort();
        self.workspaces.dedup();
        self.diagnostics.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        self.slots.clear();
        let open = [
            (self.languages.is_empty(), "languages"),
            (self.manifests.is_empty(), "manifests and dependencies"),
            (self.test_frameworks.is_empty(), "test framework and command"),
            (!self.tools.iter().any(|t| t.kind == "linter"), "linters"),
            (!self.tools.iter().any(|t| t.kind == "formatter"), "formatters"),
            (self.ci.is_empty(), "CI system"),
            (self.entry_points.is_empty(), "entry points"),
        ];
        self.slots.extend(open.iter().filter(|(missing, _)| *missing).map(|(_, name)| (*name).to_owned()));
    }
}
