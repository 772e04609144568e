//! The check cache: a track whose documents have not changed since the last
//! run is not checked again.
//!
//! Rules are pure functions of what a track's check is given: its spec, plan
//! and metadata text, its registry entry (and where it sits), the project's
//! settings and ADRs, and the rule code itself. A track's *key* is a BLAKE3
//! hash of all of that; its *value* is what its checks produced — findings
//! and git questions. Git questions are stored, never their answers: every
//! run asks git again, so a rebased-away SHA or a deleted cited file is
//! found even for a cached track. The project part of the key (format,
//! version, the draft executable's size and modification time, layout,
//! `config.toml`, workflow.md's commit-per-task setting, every ADR) makes
//! any change there invalidate every entry at once.
//!
//! The cache lives in `<context>/.state/check-cache` (ignored by git), is
//! replaced atomically after each run with exactly the entries that run
//! used, and is only a cache: unreadable, truncated or from another build,
//! it is ignored and rewritten. `draft check --no-cache` neither reads nor
//! writes it.

use crate::context::{Citations, Cite, Commits, Deferred, Request, Words};
use crate::docs::Doc;
use draft_core::tree::{TrackDocs, Tree};
use draft_core::workspace::Workspace;
use draft_model::diagnostic::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bumped whenever what is stored, or what a key covers, changes.
const FORMAT: u32 = 2;

/// A track's key.
pub type Key = [u8; 32];

/// What a run read from the cache and will write back.
pub struct Cache {
    path: Option<PathBuf>,
    project: Key,
    /// The file as read; entries are decoded from it only when their track asks.
    file: Vec<u8>,
    /// Where each stored entry lies in `file`.
    stored: HashMap<Key, Range<usize>>,
    hits: AtomicUsize,
}

/// The stored file, as written.
#[derive(Serialize)]
struct Stored<'a> {
    format: u32,
    project: Key,
    entries: Vec<(Key, &'a [u8])>,
}

/// The stored file, as read: entries borrow from the file's bytes.
#[derive(Deserialize)]
struct StoredRef<'a> {
    format: u32,
    project: Key,
    #[serde(borrow)]
    entries: Vec<(Key, &'a [u8])>,
}

/// One track's findings and questions, compact: file names and rule ids
/// are written once per entry and referred to by index.
#[derive(Serialize, Deserialize)]
struct Entry {
    files: Vec<String>,
    out: Vec<Finding>,
    req: Vec<Question>,
}

/// A [`Diagnostic`] as stored.
#[derive(Serialize, Deserialize)]
struct Finding {
    rule: u16,
    severity: Severity,
    file: u32,
    line: usize,
    column: usize,
    span: Option<Range<usize>>,
    message: String,
    hint: Option<String>,
}

/// A [`Request`] as stored.
#[derive(Serialize, Deserialize)]
enum Question {
    Commits { file: u32, asks: Vec<Ask> },
    Citations { file: u32, paths: Vec<String>, cites: Vec<Cite> },
    Synced { sha: String, file: u32, line: usize, column: usize },
}

/// A [`Deferred`] as stored.
#[derive(Serialize, Deserialize)]
struct Ask {
    sha: String,
    rule: u16,
    severity: Severity,
    at: (u32, u32, u32, u32),
    label: Box<str>,
    words: Words,
}

/// Builds an entry's file and rule tables.
#[derive(Default)]
struct Tables {
    files: Vec<String>,
}

impl Tables {
    fn file(&mut self, name: &str) -> u32 {
        let at = self.files.iter().position(|f| f == name).unwrap_or_else(|| {
            self.files.push(name.to_owned());
            self.files.len() - 1
        });
        u32::try_from(at).unwrap_or(u32::MAX)
    }
}

/// A rule's place in the rule table (the table is part of the binary, which
/// is part of every key).
fn rule_index(id: &str) -> u16 {
    let at = crate::rules::RULES.iter().position(|r| r.id == id).unwrap_or(usize::MAX);
    u16::try_from(at).unwrap_or(u16::MAX)
}

fn rule_at(index: u16) -> Option<&'static str> {
    crate::rules::RULES.get(usize::from(index)).map(|r| r.id)
}

impl Entry {
    fn new(out: &[Diagnostic], req: &[Request]) -> Self {
        let mut t = Tables::default();
        let out = out
            .iter()
            .map(|d| Finding {
                rule: rule_index(d.rule),
                severity: d.severity,
                file: t.file(&d.file),
                line: d.line,
                column: d.column,
                span: d.span.clone(),
                message: d.message.clone(),
                hint: d.hint.clone(),
            })
            .collect();
        let req = req
            .iter()
            .map(|r| match r {
                Request::Commits(c) => Question::Commits {
                    file: t.file(&c.file),
                    asks: c
                        .asks
                        .iter()
                        .map(|a| Ask {
                            sha: a.sha.clone(),
                            rule: rule_index(a.rule),
                            severity: a.severity,
                            at: (a.line, a.column, a.span.0, a.span.1),
                            label: a.label.clone(),
                            words: a.words,
                        })
                        .collect(),
                },
                Request::Citations(c) => {
                    Question::Citations { file: t.file(&c.file), paths: c.paths.clone(), cites: c.cites.clone() }
                }
                Request::Synced { sha, file, line, column } => {
                    Question::Synced { sha: sha.clone(), file: t.file(file), line: *line, column: *column }
                }
            })
            .collect();
        Self { files: t.files, out, req }
    }

    /// Back to findings and requests; `None` when an index points nowhere.
    fn open(self) -> Option<(Vec<Diagnostic>, Vec<Request>)> {
        let files = self.files;
        let file = |i: u32| files.get(i as usize).cloned();
        let mut out = Vec::with_capacity(self.out.len());
        for f in self.out {
            let mut d = Diagnostic::file(rule_at(f.rule)?, f.severity, file(f.file)?, f.message).at(f.line, f.column);
            d.span = f.span;
            d.hint = f.hint;
            out.push(d);
        }
        let mut req = Vec::with_capacity(self.req.len());
        for q in self.req {
            req.push(match q {
                Question::Commits { file: i, asks } => {
                    let mut opened = Vec::with_capacity(asks.len());
                    for a in asks {
                        opened.push(Deferred {
                            sha: a.sha,
                            rule: rule_at(a.rule)?,
                            severity: a.severity,
                            line: a.at.0,
                            column: a.at.1,
                            span: (a.at.2, a.at.3),
                            label: a.label,
                            words: a.words,
                        });
                    }
                    Request::Commits(Commits { file: file(i)?, asks: opened })
                }
                Question::Citations { file: i, paths, cites } => {
                    Request::Citations(Citations { file: file(i)?, paths, cites })
                }
                Question::Synced { sha, file: i, line, column } => {
                    Request::Synced { sha, file: file(i)?, line, column }
                }
            });
        }
        Some((out, req))
    }
}

impl Cache {
    /// No cache: nothing read, nothing written.
    #[must_use]
    pub fn off() -> Self {
        Self { path: None, project: [0; 32], file: Vec::new(), stored: HashMap::new(), hits: AtomicUsize::new(0) }
    }

    /// Read the project's cache; entries of another project key are dropped.
    #[must_use]
    pub fn open(ws: &Workspace, project: Key) -> Self {
        let path = ws.state_dir().join("check-cache");
        let file = std::fs::read(&path).unwrap_or_default();
        let stored = postcard::from_bytes::<StoredRef<'_>>(&file)
            .ok()
            .filter(|s| s.format == FORMAT && s.project == project)
            .map(|s| {
                let base = file.as_ptr() as usize;
                // Each entry is a slice of `file`: keep its place, not a copy.
                s.entries
                    .into_iter()
                    .map(|(key, bytes)| {
                        (key, bytes.as_ptr() as usize - base..bytes.as_ptr() as usize - base + bytes.len())
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self { path: Some(path), project, file, stored, hits: AtomicUsize::new(0) }
    }

    /// Whether this run reads and writes a cache.
    #[must_use]
    pub fn is_on(&self) -> bool {
        self.path.is_some()
    }

    /// How many tracks were answered from the cache.
    #[must_use]
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// The key of a track, from everything its checks read.
    #[must_use]
    pub fn key(&self, tree: &Tree, track: &TrackDocs, docs: &[Doc]) -> Key {
        let mut h = blake3::Hasher::new();
        h.update(&self.project);
        field(&mut h, track.id.as_bytes());
        field(&mut h, tree.workspace.rel(&track.dir).as_bytes());
        h.update(&[u8::from(track.archived_folder), u8::from(track.has_spec), u8::from(track.plan.is_some())]);
        match tree.entry_of(track) {
            Some(entry) => {
                h.update(&[1]);
                h.update(&(entry.line as u64).to_le_bytes());
                h.update(&(entry.span.start as u64).to_le_bytes());
                let text = tree.registry.as_ref().and_then(|r| r.source().get(entry.span.clone())).unwrap_or("");
                field(&mut h, text.as_bytes());
            }
            None => {
                h.update(&[0]);
            }
        }
        field(&mut h, track.metadata_text.as_deref().unwrap_or("\u{0}absent").as_bytes());
        for u in &track.unreadable {
            field(&mut h, u.file.as_bytes());
            field(&mut h, u.reason.as_bytes());
        }
        for doc in docs {
            field(&mut h, doc.rel.as_bytes());
            field(&mut h, doc.src.as_bytes());
        }
        *h.finalize().as_bytes()
    }

    /// The stored findings and questions of a track, when its key is known.
    #[must_use]
    pub fn get(&self, key: &Key) -> Option<(Vec<Diagnostic>, Vec<Request>)> {
        let entry: Entry = postcard::from_bytes(self.file.get(self.stored.get(key)?.clone())?).ok()?;
        let opened = entry.open()?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(opened)
    }

    /// The stored form of a track's results (made where the results are, in
    /// parallel; kept by [`Cache::save`]).
    #[must_use]
    pub fn encode(out: &[Diagnostic], req: &[Request]) -> Option<Vec<u8>> {
        postcard::to_allocvec(&Entry::new(out, req)).ok()
    }

    /// Replace the file with `entries`: the tracks this run saw, each with
    /// its encoded results (a hit keeps what was stored). Failing to write a
    /// cache is not an error of the check: it is skipped silently.
    pub fn save(self, ws: &Workspace, entries: &[(Key, Option<Vec<u8>>)]) {
        let Some(path) = &self.path else { return };
        // Every track answered from the file, and no other entry in it: the
        // file already says exactly this.
        if entries.len() == self.stored.len()
            && entries.iter().all(|(k, fresh)| fresh.is_none() && self.stored.contains_key(k))
        {
            return;
        }
        let entries: Vec<(Key, &[u8])> = entries
            .iter()
            .filter_map(|(key, fresh)| {
                let bytes = match fresh {
                    Some(bytes) => bytes.as_slice(),
                    None => self.file.get(self.stored.get(key)?.clone())?,
                };
                Some((*key, bytes))
            })
            .collect();
        let stored = Stored { format: FORMAT, project: self.project, entries };
        if ws.ensure_state_dir().is_ok() {
            let _ = draft_core::workspace::write_cache_with(path, |w| {
                postcard::to_io(&stored, w).map(drop).map_err(std::io::Error::other)
            });
        }
    }
}

/// The project part of every key (see the module docs).
#[must_use]
pub fn project_key(ws: &Workspace, config_text: Option<&str>, commit_per_task: bool, adrs: &[Doc]) -> Key {
    let mut h = blake3::Hasher::new();
    h.update(&FORMAT.to_le_bytes());
    field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
    // A rebuilt binary may check differently under the same version number.
    let exe = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok());
    if let Some(meta) = exe {
        h.update(&meta.len().to_le_bytes());
        let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        h.update(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
    }
    field(&mut h, ws.layout.dir_name().as_bytes());
    field(&mut h, config_text.unwrap_or("\u{0}absent").as_bytes());
    h.update(&[u8::from(commit_per_task)]);
    for adr in adrs {
        field(&mut h, adr.rel.as_bytes());
        field(&mut h, adr.src.as_bytes());
    }
    *h.finalize().as_bytes()
}

/// Hash a length-prefixed field, so adjacent fields cannot run together.
fn field(h: &mut blake3::Hasher, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}
