//! A build: walk the project (gitignore-aware), reuse stored facts for
//! files whose stat or content hash is unchanged, parse the rest in
//! parallel, resolve every import and call and write the store back. The report
//! counts what was parsed, so "one file changed" is checkable as "one parse".

use crate::calls::{CallEdge, Symbol};
use crate::extract;
use crate::graph::{Edge, FileNode, Graph};
use crate::lang::{FileClass, Language};
use crate::resolve::{EdgeStatus, Project, Resolver, Target};
use crate::store::{Entry, Store, mtime_ns};
use draft_core::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files larger than this are not parsed (generated bundles, dumps).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Folders never walked, even when no ignore file lists them.
const SKIP_DIRS: &[&str] = &[".git", "node_modules", ".state", "__pycache__", ".venv", "venv"];

/// A file the build saw but did not parse, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Skipped {
    /// Root-relative path (lossy for non-UTF-8 names).
    pub path: String,
    /// Why: binary, too large, unreadable, grammar not built, non-UTF-8 name.
    pub reason: String,
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BuildStats {
    /// Source files in the graph.
    pub source_files: usize,
    /// Files parsed by this build (new or changed content).
    pub parsed: usize,
    /// Files whose stored facts were reused.
    pub reused: usize,
    /// Stored files that no longer exist.
    pub removed: usize,
    /// Source files by language.
    pub languages: BTreeMap<String, usize>,
    /// Edges by status.
    pub resolved: usize,
    /// Imports of outside packages.
    pub external: usize,
    /// Imports no rule could place (listed in the graph with their specifier).
    pub unresolved: usize,
    /// Function and method definitions.
    pub symbols: usize,
    /// Call sites by outcome.
    pub calls: CallCounts,
    /// Files seen but not parsed.
    pub skipped: Vec<Skipped>,
    /// Problems with project configuration met while resolving (a tsconfig `extends` cycle, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Call sites by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CallCounts {
    /// Bound to a definition in the project.
    pub resolved: usize,
    /// Through an import of an outside package.
    pub external: usize,
    /// Not bound (builtins, names no rule places, several candidates, unknown receivers).
    pub unresolved: usize,
    /// Of the unresolved: method calls on a receiver whose type is not known.
    pub unknown_receiver: usize,
}

/// Progress callback: (files parsed so far, files to parse).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Build (or update) the graph of `root`, with the store in `state_dir`.
pub fn build(root: &Path, state_dir: &Path, progress: Option<Progress<'_>>) -> Result<(Graph, BuildStats)> {
    let mut store = Store::load(state_dir);
    let (graph, stats) = update(root, &mut store, progress)?;
    // A query on an unchanged tree does not rewrite the store.
    if store.dirty || !Store::path(state_dir).exists() {
        store.save(state_dir)?;
    }
    Ok((graph, stats))
}

/// Bring `store` up to date with the files under `root` without writing it.
pub fn update(root: &Path, store: &mut Store, progress: Option<Progress<'_>>) -> Result<(Graph, BuildStats)> {
    let meta = std::fs::metadata(root).map_err(|e| Error::io("reading", root, e))?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!("{} is not a folder", root.display())));
    }
    let mut stats = BuildStats::default();
    let (files, sources) = discover(root, &mut stats.skipped);
    let trust_before = store.written_ns.saturating_sub(2_000_000_000);
    // Files that are gone leave the store; the rest stay where they are
    // (an unchanged tree moves no entry), except those to read again.
    let before = store.files.len();
    store.files.retain(|rel, _| sources.contains_key(rel));
    stats.removed = before - store.files.len();
    store.dirty |= stats.removed > 0;
    let mut todo: Vec<Todo> = Vec::new();
    for (rel, (lang, abs, size, mtime)) in &sources {
        // Same stat, and not written so close to the last build that the mtime could hide a change.
        let unchanged = |e: &Entry| e.size == *size && e.mtime_ns == *mtime && *mtime < trust_before && e.lang == *lang;
        if store.files.get(rel).is_some_and(unchanged) {
            stats.reused += 1;
            continue;
        }
        let prev = store.files.remove(rel);
        store.dirty |= prev.as_ref().is_none_or(|e| e.size != *size || e.mtime_ns != *mtime);
        todo.push(Todo { rel: rel.clone(), lang: *lang, abs: abs.clone(), size: *size, mtime: *mtime, prev });
    }
    let total = todo.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(String, Parsed)> = todo
        .into_par_iter()
        .map_init(tree_sitter::Parser::new, |parser, t| {
            let rel = t.rel.clone();
            let r = parse_one(parser, t);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if let Some(p) = progress {
                p(n, total);
            }
            (rel, r)
        })
        .collect();
    for (rel, r) in results {
        match r {
            Ok((entry, parsed)) => {
                if parsed {
                    store.dirty = true;
                    stats.parsed += 1;
                } else {
                    stats.reused += 1;
                }
                store.files.insert(rel, entry);
            }
            Err(reason) => stats.skipped.push(Skipped { path: rel, reason }),
        }
    }
    let (graph, warnings) = resolve_all(root, &files, &store.files);
    stats.source_files = store.files.len();
    for e in store.files.values() {
        *stats.languages.entry(e.lang.name().to_owned()).or_default() += 1;
    }
    stats.resolved = graph.with_status(EdgeStatus::Resolved).count();
    stats.external = graph.with_status(EdgeStatus::External).count();
    stats.unresolved = graph.with_status(EdgeStatus::Unresolved).count();
    stats.symbols = graph.symbols.iter().filter(|s| s.kind != crate::calls::DefKind::Module).count();
    for c in &graph.calls {
        match c.status {
            EdgeStatus::Resolved => stats.calls.resolved += 1,
            EdgeStatus::External => stats.calls.external += 1,
            EdgeStatus::Unresolved => stats.calls.unresolved += 1,
        }
        if c.reason.as_deref() == Some(crate::calls::resolve::RECEIVER) {
            stats.calls.unknown_receiver += 1;
        }
    }
    stats.warnings = warnings;
    stats.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((graph, stats))
}

/// A file's entry and whether it was parsed (else its stored facts were kept), or why it was skipped.
type Parsed = std::result::Result<(Entry, bool), String>;

/// A source file whose stat changed (or that is new), with what the store had for it.
struct Todo {
    rel: String,
    lang: Language,
    abs: PathBuf,
    size: u64,
    mtime: u64,
    prev: Option<Entry>,
}

/// Read, hash and (when the content is new) parse one file; `true` when parsed.
fn parse_one(parser: &mut tree_sitter::Parser, t: Todo) -> Parsed {
    if t.size > MAX_FILE_BYTES {
        return Err(format!("larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024));
    }
    let bytes = std::fs::read(&t.abs).map_err(|e| format!("unreadable: {e}"))?;
    if bytes.iter().take(8000).any(|b| *b == 0) {
        return Err("binary (NUL bytes)".into());
    }
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let (size, mtime_ns, lang) = (t.size, t.mtime, t.lang);
    if let Some(prev) = t.prev.filter(|p| p.hash == hash && p.lang == lang) {
        return Ok((Entry { size, mtime_ns, ..prev }, false));
    }
    let facts =
        extract::extract(parser, lang, &bytes).ok_or_else(|| format!("no {} grammar in this build", lang.name()))?;
    Ok((Entry { hash, size, mtime_ns, lang, facts }, true))
}

type Sources = BTreeMap<String, (Language, PathBuf, u64, u64)>;

/// Every file under `root` (root-relative) and the source files among them with their stat.
fn discover(root: &Path, skipped: &mut Vec<Skipped>) -> (BTreeSet<String>, Sources) {
    /// One walked file: root-relative path (or the lossy one, for a skip), and its stat when it is source.
    type Found = (std::result::Result<String, String>, Option<(Language, PathBuf, u64, u64)>);
    let found: std::sync::Mutex<Vec<Found>> = std::sync::Mutex::new(Vec::new());
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.file_name().to_str().is_some_and(|n| SKIP_DIRS.contains(&n)))
        })
        .build_parallel()
        .run(|| {
            let found = &found;
            Box::new(move |entry: std::result::Result<ignore::DirEntry, ignore::Error>| {
                let Ok(entry) = entry else { return ignore::WalkState::Continue };
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    let path = entry.path();
                    let source = Language::of(path).map(|lang| {
                        let (size, mtime) = entry.metadata().map_or((0, 0), |m| (m.len(), mtime_ns(&m)));
                        (lang, path.to_path_buf(), size, mtime)
                    });
                    let rel =
                        crate::resolve::relative_to(root, path).ok_or_else(|| path.to_string_lossy().into_owned());
                    if let Ok(mut f) = found.lock() {
                        f.push((rel, source));
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let mut files = BTreeSet::new();
    let mut sources = BTreeMap::new();
    for (rel, source) in found.into_inner().unwrap_or_default() {
        match rel {
            Err(path) => skipped.push(Skipped { path, reason: "non-UTF-8 file name".into() }),
            Ok(rel) => {
                if let Some(s) = source {
                    sources.insert(rel.clone(), s);
                }
                files.insert(rel);
            }
        }
    }
    (files, sources)
}

/// Resolve every stored file's imports and calls into the graph, with the
/// warnings resolution met on the way.
#[must_use]
pub fn resolve_all(root: &Path, files: &BTreeSet<String>, entries: &BTreeMap<String, Entry>) -> (Graph, Vec<String>) {
    let resolver = Resolver::new(Project { root, files, facts: entries });
    let mut graph = Graph::default();
    for (rel, e) in entries {
        graph
            .files
            .insert(rel.clone(), FileNode { lang: Some(e.lang), class: FileClass::of(rel), doc: e.facts.doc.clone() });
    }
    let per_file: Vec<Vec<Edge>> = entries
        .par_iter()
        .map(|(rel, e)| {
            let mut edges = Vec::new();
            for import in &e.facts.imports {
                for target in resolver.resolve(rel, e.lang, import) {
                    let (to, status, reason) = match target {
                        Target::File(t) => (Some(t), EdgeStatus::Resolved, None),
                        Target::External(n) => (Some(n), EdgeStatus::External, None),
                        Target::Unresolved(why) => (None, EdgeStatus::Unresolved, Some(why)),
                    };
                    if status == EdgeStatus::Resolved && to.as_deref() == Some(rel.as_str()) {
                        continue; // an item of this very file
                    }
                    edges.push(Edge {
                        from: rel.clone(),
                        to,
                        status,
                        spec: import.spec.clone(),
                        line: import.line,
                        kind: import.kind,
                        reason,
                    });
                }
            }
            // Each file's share sorted here, in parallel: the files come in
            // path order, so the whole list is then sorted already and the
            // final sort only confirms it.
            edges.sort_by(edge_order);
            edges
        })
        .collect();
    for e in per_file.into_iter().flatten() {
        if let (EdgeStatus::Resolved, Some(to)) = (e.status, &e.to) {
            graph.files.entry(to.clone()).or_insert_with(|| FileNode {
                lang: Language::of(Path::new(to)),
                class: FileClass::of(to),
                doc: None,
            });
        }
        graph.edges.push(e);
    }
    graph.edges.sort_by(edge_order);
    graph.edges.dedup();
    let edges = std::mem::take(&mut graph.edges);
    let calls = crate::calls::resolve::Calls::new(&resolver, entries, &edges);
    let per_file: Vec<(Vec<Symbol>, Vec<CallEdge>)> = entries
        .par_iter()
        .map(|(rel, e)| {
            let mut symbols = calls.symbols(rel, e);
            let mut sites = calls.resolve_file(rel, e);
            symbols.sort_by(|a, b| a.id.cmp(&b.id));
            sites.sort_by(call_order);
            (symbols, sites)
        })
        .collect();
    drop(calls);
    graph.edges = edges;
    for (symbols, edges) in per_file {
        graph.symbols.extend(symbols);
        graph.calls.extend(edges);
    }
    // Runs sorted per file: these merge them (the calls are in file order
    // already; symbol ids of files that share a prefix may interleave).
    graph.symbols.sort_by(|a, b| a.id.cmp(&b.id));
    graph.calls.sort_by(call_order);
    (graph, resolver.warnings())
}

/// The order of [`Graph::edges`]: importing file, line, then the rest.
fn edge_order(a: &Edge, b: &Edge) -> std::cmp::Ordering {
    (&a.from, a.line, &a.spec, &a.to, &a.reason).cmp(&(&b.from, b.line, &b.spec, &b.to, &b.reason))
}

/// The order of [`Graph::calls`]: file, line, callee, caller.
fn call_order(a: &CallEdge, b: &CallEdge) -> std::cmp::Ordering {
    (&a.file, a.line, &a.callee, &a.caller).cmp(&(&b.file, b.line, &b.callee, &b.caller))
}
