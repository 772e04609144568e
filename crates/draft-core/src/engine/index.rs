//! `draft index`: the services of a monorepo, what they are built with, how
//! they depend on each other, written into three documents at the root.
//!
//! The engine finds the services (the `discover` module's rule), reads their
//! manifests through draft-facts and their tracks through the status engine,
//! infers the dependencies between them (the `deps` module), and regenerates the
//! region between `<!-- draft:index begin -->` and `<!-- draft:index end -->`
//! of `draft/service-index.md`, `draft/tech-matrix.md` and
//! `draft/dependency-graph.md` (the `regions` module keeps hand-written MANUAL blocks
//! and everything outside the region). A document whose region would not
//! change is not touched; one that changes is restamped (frontmatter values
//! only) and written atomically under the project lock. `--check` writes
//! nothing and says what would change. `--init-missing` runs the init engine
//! in each uninitialised service first (or only in the ones named).
//! [`all_services`] is `draft status --all-services`.

pub mod all_services;
pub mod config;
mod deps;
mod discover;
mod regions;
mod render;

pub use discover::first_paragraph;
pub use regions::{BEGIN, END, MANUAL_END, MANUAL_START};

use crate::engine::init::{self, InitOptions};
use crate::engine::refresh::stamp;
use crate::error::{Error, Result};
use crate::manifest;
use crate::workspace::{Environment, Layout, Workspace, read_text};
use draft_model::Diagnostic;
use draft_model::frontmatter::yaml_quote;
use draft_model::metadata::TrackStatus;
use draft_model::plan::TaskCounts;
use serde::Serialize;
use std::path::Path;

/// What `index` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Run `draft init` in uninitialised services first.
    pub init_missing: bool,
    /// With `init_missing`: only these services (paths or names); empty = all.
    pub only: Vec<String>,
    /// Write nothing; report what would change.
    pub check: bool,
}

/// One service.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Service {
    /// The package its manifest declares (a Go module's last segment), else the directory name.
    pub name: String,
    /// Its directory, relative to the root (`/`-separated): the service's id.
    pub path: String,
    /// True when it has its own `draft/` (or `conductor/`) context.
    pub initialised: bool,
    /// Which context tree it has.
    pub layout: Option<Layout>,
    /// The manifests in its directory that were read (or could not be).
    pub manifests: Vec<String>,
    /// Package and module names its manifests declare.
    pub packages: Vec<String>,
    /// `cargo`, `npm`, `python`, `go`, `maven`, `gradle`, `dotnet`, `composer`, `bundler`.
    pub ecosystems: Vec<String>,
    /// Languages its ecosystems imply (`TypeScript` where a tsconfig.json or a `typescript` dependency says so).
    pub languages: Vec<String>,
    /// Frameworks among its direct, non-dev dependencies.
    pub frameworks: Vec<String>,
    /// Build tools and package formats (`Cargo`, `npm`, `Maven`, …).
    pub build: Vec<String>,
    /// Test frameworks.
    pub test_frameworks: Vec<String>,
    /// Linters and formatters.
    pub tools: Vec<String>,
    /// The first paragraph of its product.md, when initialised and written.
    pub summary: Option<String>,
    /// Its tracks by status, when initialised.
    pub tracks: Option<TrackTotals>,
    /// Paths of the services it depends on.
    pub depends_on: Vec<String>,
    /// Paths of the services that depend on it.
    pub used_by: Vec<String>,
}

/// Tracks counted by status, with their tasks summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrackTotals {
    /// Every track, archived ones included.
    pub total: usize,
    /// Planning.
    pub planning: usize,
    /// In progress.
    pub in_progress: usize,
    /// Blocked.
    pub blocked: usize,
    /// Completed.
    pub completed: usize,
    /// Cancelled.
    pub cancelled: usize,
    /// Archived.
    pub archived: usize,
    /// The tasks of every track that is not archived, summed.
    pub tasks: TaskCounts,
}

impl TrackTotals {
    /// Count `tracks`.
    #[must_use]
    pub fn of(tracks: &[crate::engine::status::TrackReport]) -> Self {
        let mut t = Self::default();
        for track in tracks {
            t.add(track.status, &track.tasks);
        }
        t
    }

    /// The non-zero counts by status, `1 in progress, 2 planning`, in a
    /// fixed order (the index documents and `status --all-services` share it).
    #[must_use]
    pub fn breakdown(&self) -> String {
        [
            (self.in_progress, "in progress"),
            (self.planning, "planning"),
            (self.blocked, "blocked"),
            (self.completed, "completed"),
            (self.cancelled, "cancelled"),
            (self.archived, "archived"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// Add one track.
    pub fn add(&mut self, status: TrackStatus, tasks: &TaskCounts) {
        self.total += 1;
        match status {
            TrackStatus::Planning => self.planning += 1,
            TrackStatus::InProgress => self.in_progress += 1,
            TrackStatus::Blocked => self.blocked += 1,
            TrackStatus::Completed => self.completed += 1,
            TrackStatus::Cancelled => self.cancelled += 1,
            TrackStatus::Archived => {
                self.archived += 1;
                return;
            }
        }
        self.tasks.total += tasks.total;
        self.tasks.completed += tasks.completed;
        self.tasks.in_progress += tasks.in_progress;
        self.tasks.blocked += tasks.blocked;
        self.tasks.pending += tasks.pending;
    }

    /// Add another total.
    pub fn merge(&mut self, other: &Self) {
        self.total += other.total;
        self.planning += other.planning;
        self.in_progress += other.in_progress;
        self.blocked += other.blocked;
        self.completed += other.completed;
        self.cancelled += other.cancelled;
        self.archived += other.archived;
        self.tasks.total += other.tasks.total;
        self.tasks.completed += other.tasks.completed;
        self.tasks.in_progress += other.tasks.in_progress;
        self.tasks.blocked += other.tasks.blocked;
        self.tasks.pending += other.tasks.pending;
    }
}

/// Service `from` depends on service `to`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServiceDependency {
    /// The dependent service's path.
    pub from: String,
    /// The service depended on.
    pub to: String,
    /// True when every declaration is a development/test dependency (left out of cycles and the build order).
    pub dev: bool,
    /// The declarations that make the link.
    pub via: Vec<Evidence>,
}

/// One manifest entry linking two services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evidence {
    /// The manifest declaring it, relative to the root.
    pub manifest: String,
    /// The dependency's name as written.
    pub dependency: String,
    /// `path` (a local directory inside the service) or `name` (the package the service declares).
    pub kind: String,
}

/// A dependency cycle.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cycle {
    /// Every service of the strongly connected component, by path.
    pub services: Vec<String>,
    /// One concrete cycle through them: `[a, b, a]`.
    pub path: Vec<String>,
}

/// A service without its own context.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Uninitialised {
    /// Its path.
    pub path: String,
    /// Its name.
    pub name: String,
    /// The command that initialises it.
    pub command: String,
}

/// A service `--init-missing` initialised.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Initialised {
    /// Its path.
    pub path: String,
    /// Files created, relative to the root.
    pub created: Vec<String>,
}

/// What happened (or, under `--check`, would happen) to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentAction {
    /// Did not exist.
    Created,
    /// Its generated region changed.
    Updated,
    /// Already up to date; not touched.
    Unchanged,
}

/// One index document.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndexDocument {
    /// Path relative to the root.
    pub path: String,
    /// What happened to it (under `--check`: what would).
    pub action: DocumentAction,
}

/// What `draft index` found and did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndexReport {
    /// The monorepo root.
    pub root: String,
    /// Config files read (`draft/config.toml`, `draft/config.yaml`).
    pub config: Vec<String>,
    /// Every service, by path.
    pub services: Vec<Service>,
    /// Dependencies between services, by (from, to).
    pub dependencies: Vec<ServiceDependency>,
    /// Dependency cycles (development dependencies aside).
    pub cycles: Vec<Cycle>,
    /// Build order, dependencies first; a cycle's services share a step.
    pub order: Vec<Vec<String>>,
    /// Services without their own context, with the command to initialise each.
    pub uninitialised: Vec<Uninitialised>,
    /// Services `--init-missing` initialised in this run.
    pub initialised: Vec<Initialised>,
    /// The three documents.
    pub documents: Vec<IndexDocument>,
    /// True under `--check` (nothing written).
    pub check: bool,
    /// True when a document changed (or, under `--check`, would).
    pub changed: bool,
    /// Manifests that could not be read, tracks that could not be counted, ambiguous package names.
    pub diagnostics: Vec<Diagnostic>,
}

/// The documents: file name, title, lead paragraph.
const DOCUMENTS: [(&str, &str, &str); 3] = [
    (
        "service-index.md",
        "Service Index",
        "The services of this repository, what they are built with and where their tracks stand.",
    ),
    (
        "tech-matrix.md",
        "Technology Matrix",
        "Which services use which languages, frameworks, build tools, test frameworks and tooling.",
    ),
    (
        "dependency-graph.md",
        "Service Dependency Graph",
        "How the services depend on each other, as their manifests declare it.",
    ),
];

/// The root `draft index` works on from `start`: the git work tree's top, or `start`.
pub fn index_root(start: &Path, env: &Environment) -> Result<std::path::PathBuf> {
    init::init_root(start, env)
}

/// Run the index (see the module doc).
pub fn index(root: &Path, env: &Environment, opts: &IndexOptions) -> Result<IndexReport> {
    let cfg = config::load(root)?;
    let mut found = discover::discover(root, &cfg, env, true);
    let mut initialised = Vec::new();
    if opts.init_missing && !opts.check {
        initialised = init_missing(root, env, &found.found, &opts.only)?;
        if !initialised.is_empty() {
            found = discover::discover(root, &cfg, env, true);
        }
    }
    let mut diagnostics = found.diagnostics;
    let graph = deps::analyse(&found.found, &mut diagnostics);
    let mut services: Vec<Service> = found.found.into_iter().map(|f| f.service).collect();
    let at: std::collections::HashMap<String, usize> =
        services.iter().enumerate().map(|(i, s)| (s.path.clone(), i)).collect();
    for e in &graph.edges {
        services[at[&e.from]].depends_on.push(e.to.clone());
        services[at[&e.to]].used_by.push(e.from.clone());
    }
    for s in &mut services {
        s.used_by.sort();
    }
    let labels = render::Labels::new(&services);
    let bodies = [
        render::service_index(&services, &labels),
        render::tech_matrix(&services, &labels),
        render::dependency_graph(&services, &graph, &labels),
    ];
    let documents = write_documents(root, env, &bodies, opts.check)?;
    let changed = documents.iter().any(|d| d.action != DocumentAction::Unchanged) || !initialised.is_empty();
    diagnostics.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    diagnostics.dedup();
    let uninitialised = services
        .iter()
        .filter(|s| !s.initialised)
        .map(|s| Uninitialised {
            path: s.path.clone(),
            name: s.name.clone(),
            command: format!("draft index --init-missing {}", s.path),
        })
        .collect();
    Ok(IndexReport {
        root: root.display().to_string(),
        config: cfg.files,
        services,
        dependencies: graph.edges,
        cycles: graph.cycles,
        order: graph.order,
        uninitialised,
        initialised,
        documents,
        check: opts.check,
        changed,
        diagnostics,
    })
}

/// Initialise the uninitialised services (those named in `only`, when any).
fn init_missing(
    root: &Path,
    env: &Environment,
    found: &[discover::Found],
    only: &[String],
) -> Result<Vec<Initialised>> {
    let wanted = |s: &Service| {
        only.is_empty()
            || only.iter().any(|o| o.trim_end_matches('/').trim_start_matches("./") == s.path || *o == s.name)
    };
    for o in only {
        let known = found.iter().any(|f| {
            let s = &f.service;
            o.trim_end_matches('/').trim_start_matches("./") == s.path || *o == s.name
        });
        if !known {
            return Err(Error::Usage(format!(
                "{o:?} is not a service of this repository (`draft index --check` lists them)"
            )));
        }
    }
    let project = manifest::project_name(root);
    let mut done = Vec::new();
    for f in found.iter().filter(|f| !f.service.initialised && wanted(&f.service)) {
        let s = &f.service;
        let opts = InitOptions { force: false, project: Some(project.clone()), module: Some(s.name.clone()) };
        let report = init::init(&root.join(&s.path), env, opts)?;
        let created = report.created.iter().map(|c| format!("{}/{c}", s.path)).collect();
        done.push(Initialised { path: s.path.clone(), created });
    }
    Ok(done)
}

/// Regenerate the three documents' regions; write the changed ones unless `check`.
fn write_documents(root: &Path, env: &Environment, bodies: &[String; 3], check: bool) -> Result<Vec<IndexDocument>> {
    let dir = root.join("draft");
    let mut planned = Vec::new();
    let mut header: Option<Stamp> = None;
    for ((name, title, lead), body) in DOCUMENTS.iter().zip(bodies) {
        let path = dir.join(name);
        let rel = format!("draft/{name}");
        let existing = if path.exists() { Some(read_text(&path)?) } else { None };
        let (text, action) = match &existing {
            Some(src) => {
                let out = regions::regenerate(src, body, &rel)?;
                if out == *src { (out, DocumentAction::Unchanged) } else { (out, DocumentAction::Updated) }
            }
            None => (String::new(), DocumentAction::Created),
        };
        if check || action == DocumentAction::Unchanged {
            planned.push((path, rel, None, action));
            continue;
        }
        let (block, values) = header.get_or_insert_with(|| stamp_now(root, env));
        let text = match action {
            DocumentAction::Created => regions::fresh(
                &format!(
                    "{block}\n# {title}\n\n{lead} Regenerated by `draft index`; keep hand-written notes inside MANUAL blocks.\n\n"
                ),
                body,
            ),
            _ => stamp::restamp(&text, values).unwrap_or(text),
        };
        planned.push((path, rel, Some(text), action));
    }
    if planned.iter().any(|p| p.2.is_some()) {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
        let ws = Workspace::at(root, Layout::Draft, env.clone());
        let _lock = ws.lock()?;
        for (path, _, text, _) in &planned {
            if let Some(text) = text {
                ws.write(path, text.as_bytes())?;
            }
        }
    }
    Ok(planned.into_iter().map(|(_, path, _, action)| IndexDocument { path, action }).collect())
}

/// A new document's frontmatter, and the `(parent, key, value)`s a changed
/// one is restamped with.
type Stamp = (String, Vec<(Option<&'static str>, &'static str, String)>);

/// The frontmatter of a new document and the values a changed one is
/// restamped with (the same git state, asked once).
fn stamp_now(root: &Path, env: &Environment) -> Stamp {
    let now = env.clock.now();
    let (b, _) = super::stamp(&env.git(root), &manifest::project_name(root), "draft:index", None, now);
    let q = yaml_quote;
    let mut values = vec![(None, "generated_at", q(&b.generated_at))];
    if !b.commit.is_empty() {
        values.extend([
            (Some("git"), "branch", q(&b.branch)),
            (Some("git"), "remote", q(&b.remote)),
            (Some("git"), "commit", q(&b.commit)),
            (Some("git"), "commit_short", q(&b.commit_short)),
            (Some("git"), "commit_date", q(&b.commit_date)),
            (Some("git"), "commit_message", q(&b.commit_message)),
            (Some("git"), "dirty", b.dirty.to_string()),
            (None, "synced_to_commit", q(&b.commit)),
        ]);
    }
    (b.render(), values)
}
