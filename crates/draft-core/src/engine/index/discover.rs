//! Finding the services of a monorepo and what each one is.
//!
//! One gitignore-aware parallel walk (draft-facts' walker: hidden entries,
//! `.gitignore`, `.ignore` and the root's own `draft/` left out) records the
//! manifests of every directory and which directories hold a `draft/` or
//! `conductor/` tree; it never descends into vendored or build directories
//! (`node_modules`, `target`, `vendor`, `build`, `dist`, …), test-fixture
//! directories, context trees, or directories matching `exclude_patterns`.
//!
//! A directory below the root is a service when it holds a manifest that
//! declares a package — Cargo.toml with `[package]`, package.json (unless it
//! only declares `workspaces`, without a `name`), pyproject.toml, go.mod,
//! pom.xml, build.gradle(.kts), *.csproj, composer.json, Gemfile — or its
//! own `draft/` or `conductor/` tree. Nested directories count on their own
//! (each member of a Cargo or npm workspace is a service); a manifest that
//! only declares a workspace makes none. When `service_patterns` is set, the
//! outermost directories matching a pattern are the services instead,
//! manifest or not. The manifests of each service's own directory are read
//! by draft-facts (in parallel), and each initialised service's tracks by
//! the status engine.

use super::config::IndexConfig;
use super::{Service, TrackTotals};
use crate::engine::status::{self, StatusReport};
use crate::workspace::{Environment, Layout, Workspace, has_project, read_text};
use draft_facts::Facts;
use draft_facts::languages::{FIXTURE_DIRS, VENDORED_DIRS, is_manifest, rel_path, walker};
use draft_model::Diagnostic;
use ignore::WalkState;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;

/// A service with what its manifests and tracks say.
#[derive(Debug)]
pub(crate) struct Found {
    /// The service as reported.
    pub service: Service,
    /// Its manifests, read by draft-facts.
    pub facts: Facts,
    /// Its tracks (archived included), when asked for and initialised.
    pub status: Option<StatusReport>,
}

/// Every service, sorted by path, and the problems met on the way.
#[derive(Debug, Default)]
pub(crate) struct Discovery {
    pub found: Vec<Found>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
struct Walk {
    /// Directory → its manifests (root-relative paths).
    manifests: BTreeMap<String, Vec<String>>,
    /// Directories holding a `draft/` or `conductor/` folder.
    contexts: BTreeSet<String>,
    /// Directories matching `service_patterns`.
    matched: BTreeSet<String>,
}

/// Find the services under `root` (see the module doc); `with_status` also
/// reads each initialised service's tracks.
pub(crate) fn discover(root: &Path, cfg: &IndexConfig, env: &Environment, with_status: bool) -> Discovery {
    let walk = walk(root, cfg);
    let mut facts: BTreeMap<String, Facts> = walk
        .manifests
        .par_iter()
        .filter(|(dir, _)| dir.as_str() != ".")
        .map(|(dir, files)| {
            let mut f = Facts::default();
            draft_facts::manifests::read_all(root, files, &BTreeSet::new(), &mut f);
            (dir.clone(), f)
        })
        .collect();
    let dirs: Vec<String> = if cfg.services.is_some() {
        outermost(&walk.matched)
    } else {
        let mut set: BTreeSet<String> = walk.contexts.clone();
        for (dir, files) in &walk.manifests {
            if dir != "." && files.iter().any(|f| facts.get(dir).is_some_and(|facts| makes_service(f, facts))) {
                set.insert(dir.clone());
            }
        }
        set.into_iter().collect()
    };
    let jobs: Vec<(String, Facts)> = dirs
        .into_iter()
        .map(|d| {
            let f = facts.remove(&d).unwrap_or_default();
            (d, f)
        })
        .collect();
    let found: Vec<Found> = jobs.into_par_iter().map(|(dir, f)| service(root, dir, f, env, with_status)).collect();
    let mut diagnostics: Vec<Diagnostic> = found.iter().flat_map(|f| f.facts.diagnostics.iter().cloned()).collect();
    for f in &found {
        if let Some(s) = &f.status {
            diagnostics.extend(s.warnings.iter().cloned());
        }
    }
    Discovery { found, diagnostics }
}

/// The one walk over the tree.
fn walk(root: &Path, cfg: &IndexConfig) -> Walk {
    let acc = Mutex::new(Walk::default());
    walker(root).build_parallel().run(|| {
        Box::new(|entry| {
            let Ok(entry) = entry else { return WalkState::Continue };
            if entry.depth() == 0 {
                return WalkState::Continue;
            }
            let name = entry.file_name().to_string_lossy();
            let rel = rel_path(root, entry.path());
            let parent = rel.rsplit_once('/').map_or(".", |(p, _)| p);
            if entry.file_type().is_some_and(|t| t.is_dir()) {
                if name == "draft" || name == "conductor" {
                    if let Ok(mut w) = acc.lock() {
                        w.contexts.insert(parent.to_owned());
                    }
                    return WalkState::Skip;
                }
                if VENDORED_DIRS.contains(&name.as_ref()) || FIXTURE_DIRS.contains(&name.as_ref()) || cfg.excluded(&rel)
                {
                    return WalkState::Skip;
                }
                if cfg.is_service_pattern(&rel)
                    && let Ok(mut w) = acc.lock()
                {
                    w.matched.insert(rel);
                }
            } else if is_manifest(&name)
                && let Ok(mut w) = acc.lock()
            {
                w.manifests.entry(parent.to_owned()).or_default().push(rel);
            }
            WalkState::Continue
        })
    });
    let mut walk = acc.into_inner().unwrap_or_default();
    for files in walk.manifests.values_mut() {
        files.sort();
    }
    // A `draft/` at the root is the monorepo's own, not a service's.
    walk.contexts.remove(".");
    walk
}

/// The directories of `set` with no ancestor in it.
fn outermost(set: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for dir in set {
        if !out.iter().any(|o| dir.starts_with(&format!("{o}/"))) {
            out.push(dir.clone());
        }
    }
    out
}

/// Manifests whose presence can make a directory a service.
fn is_service_manifest(name: &str) -> bool {
    matches!(
        name,
        "Cargo.toml"
            | "package.json"
            | "pyproject.toml"
            | "go.mod"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "composer.json"
            | "Gemfile"
    ) || name.ends_with(".csproj")
}

/// Does the manifest at `rel` declare a package (not only a workspace)?
/// One that could not be parsed counts: its directory is listed, with the
/// diagnostic.
fn makes_service(rel: &str, facts: &Facts) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if !is_service_manifest(name) {
        return false;
    }
    let found = facts.manifests.iter().find(|m| m.path == rel);
    match (name, found) {
        ("Cargo.toml", Some(m)) => m.name.is_some(),
        ("package.json", Some(m)) => m.name.is_some() || !facts.workspaces.iter().any(|w| w.manifest == rel),
        _ => true,
    }
}

/// Manifest kinds in the order their name names the service.
const NAME_ORDER: &[&str] = &["cargo", "npm", "python", "go", "maven", "gradle", "composer", "dotnet"];

fn service(root: &Path, dir: String, facts: Facts, env: &Environment, with_status: bool) -> Found {
    let abs = root.join(&dir);
    let layout = [Layout::Draft, Layout::Conductor].into_iter().find(|l| has_project(&abs, *l));
    let dir_name = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
    let declared = NAME_ORDER.iter().find_map(|kind| {
        facts.manifests.iter().find(|m| m.kind == *kind).and_then(|m| m.name.as_deref().map(|n| (*kind, n)))
    });
    let name = match declared {
        // A Go module path names the service by its last segment.
        Some(("go", module)) => module.rsplit('/').next().unwrap_or(module).to_owned(),
        Some((_, n)) => n.to_owned(),
        None => dir_name,
    };
    let mut ecosystems: Vec<String> = facts.manifests.iter().map(|m| ecosystem(&m.kind).to_owned()).collect();
    ecosystems.sort();
    ecosystems.dedup();
    let languages = languages(&abs, &facts, &ecosystems);
    let mut frameworks: Vec<String> =
        facts.dependencies.iter().filter(|d| d.framework && !d.dev).map(|d| d.name.clone()).collect();
    let mut test_frameworks: Vec<String> = facts.test_frameworks.iter().map(|t| t.name.clone()).collect();
    let mut tools: Vec<String> = facts.tools.iter().map(|t| t.name.clone()).collect();
    for list in [&mut frameworks, &mut test_frameworks, &mut tools] {
        list.sort();
        list.dedup();
    }
    let mut build: Vec<String> = facts.manifests.iter().map(|m| build_tool(&m.kind).to_owned()).collect();
    build.sort();
    build.dedup();
    let summary = layout
        .and_then(|l| read_text(&abs.join(l.dir_name()).join("product.md")).ok())
        .and_then(|t| first_paragraph(&t));
    let status = match layout {
        Some(l) if with_status => Some(service_status(root, &dir, l, env)),
        _ => None,
    };
    let tracks = status.as_ref().map(|s| TrackTotals::of(&s.tracks));
    let mut manifests: Vec<String> = facts.manifests.iter().map(|m| m.path.clone()).collect();
    manifests.extend(facts.diagnostics.iter().map(|d| d.file.clone()));
    manifests.sort();
    manifests.dedup();
    let mut packages: Vec<String> = facts.manifests.iter().filter_map(|m| m.name.clone()).collect();
    packages.sort();
    packages.dedup();
    let service = Service {
        name,
        path: dir,
        initialised: layout.is_some(),
        layout,
        manifests,
        packages,
        ecosystems,
        languages,
        frameworks,
        build,
        test_frameworks,
        tools,
        summary,
        tracks,
        depends_on: Vec::new(),
        used_by: Vec::new(),
    };
    Found { service, facts, status }
}

/// A service's tracks through the status engine (archived included), paths
/// made relative to the monorepo root; `dir` is `.` for the root itself.
pub(crate) fn service_status(root: &Path, dir: &str, layout: Layout, env: &Environment) -> StatusReport {
    let ws = Workspace::at(&root.join(dir), layout, env.clone());
    let prefix = if dir == "." { String::new() } else { format!("{dir}/") };
    let mut report = status::report(&ws, None, true).unwrap_or_else(|e| StatusReport {
        root: ws.root.display().to_string(),
        layout,
        tracks: Vec::new(),
        archived: 0,
        other_layout: None,
        layout_note: None,
        warnings: vec![Diagnostic::file(
            "index-status",
            draft_model::Severity::Warning,
            format!("{prefix}{}", layout.dir_name()),
            format!("the tracks could not be read: {e}"),
        )],
    });
    for t in &mut report.tracks {
        t.path = format!("{prefix}{}", t.path);
    }
    for w in &mut report.warnings {
        if w.rule != "index-status" {
            w.file = format!("{prefix}{}", w.file);
        }
    }
    report
}

/// The ecosystem a manifest kind belongs to.
pub(crate) fn ecosystem(kind: &str) -> &str {
    match kind {
        "requirements" | "setup.cfg" => "python",
        "pnpm" => "npm",
        other => other,
    }
}

fn build_tool(kind: &str) -> &str {
    match kind {
        "cargo" => "Cargo",
        "npm" | "pnpm" => "npm",
        "python" => "pyproject",
        "requirements" => "requirements.txt",
        "setup.cfg" => "setup.cfg",
        "go" => "Go modules",
        "maven" => "Maven",
        "gradle" => "Gradle",
        "dotnet" => "MSBuild",
        "composer" => "Composer",
        "bundler" => "Bundler",
        other => other,
    }
}

/// Languages from the ecosystems: TypeScript where a tsconfig.json or a
/// `typescript` dependency says so, Kotlin where `src/main/kotlin` exists.
fn languages(dir: &Path, facts: &Facts, ecosystems: &[String]) -> Vec<String> {
    let has_dep = |n: &str| facts.dependencies.iter().any(|d| d.name == n);
    let mut out: Vec<String> = ecosystems
        .iter()
        .filter_map(|e| {
            Some(match e.as_str() {
                "cargo" => "Rust",
                "npm" if dir.join("tsconfig.json").is_file() || has_dep("typescript") => "TypeScript",
                "npm" => "JavaScript",
                "python" => "Python",
                "go" => "Go",
                "maven" | "gradle" if dir.join("src/main/kotlin").is_dir() => "Kotlin",
                "maven" | "gradle" => "Java",
                "dotnet" => "C#",
                "composer" => "PHP",
                "bundler" => "Ruby",
                _ => return None,
            })
        })
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The longest summary kept, in characters.
const SUMMARY_MAX: usize = 200;

/// The first paragraph of a product.md body that is not an intake slot
/// (`[To be developed …]`), whitespace collapsed, cut at a word boundary.
#[must_use]
pub fn first_paragraph(src: &str) -> Option<String> {
    use comrak::nodes::NodeValue;
    let mut options = comrak::Options::default();
    options.extension.front_matter_delimiter = Some("---".into());
    let arena = comrak::Arena::new();
    let doc = comrak::parse_document(&arena, src, &options);
    let text = doc.children().find_map(|node| {
        if !matches!(node.data().value, NodeValue::Paragraph) {
            return None;
        }
        let text = node.collect_text().split_whitespace().collect::<Vec<_>>().join(" ");
        let slot = text.starts_with('[') && text.ends_with(']');
        (!text.is_empty() && !slot).then_some(text)
    })?;
    if text.chars().count() <= SUMMARY_MAX {
        return Some(text);
    }
    let cut: String = text.chars().take(SUMMARY_MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    Some(format!("{cut}…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_skip_frontmatter_headings_comments_and_slots() {
        let src = "---\nproject: \"x\"\n---\n# Product: x\n\n## Vision\n<!-- say it -->\n[To be developed through intake conversation]\n\nLedgers for small\nteams, *offline* first.\n\nMore.\n";
        assert_eq!(first_paragraph(src).as_deref(), Some("Ledgers for small teams, offline first."));
        assert_eq!(first_paragraph("# T\n\n[To be developed through intake conversation]\n"), None);
        let long = format!("# T\n\n{}\n", "word ".repeat(100));
        let got = first_paragraph(&long).expect("summary");
        assert!(got.ends_with("word…") && got.chars().count() <= SUMMARY_MAX + 1, "{got}");
    }

    #[test]
    fn outermost_keeps_only_the_top_matches() {
        let set: BTreeSet<String> = ["a", "a/b", "ab", "c/d", "c/d/e"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(outermost(&set), ["a", "ab", "c/d"]);
    }
}
