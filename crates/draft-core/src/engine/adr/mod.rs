//! `draft adr`: architecture decision records under `draft/adrs/`.
//!
//! draft owns the mechanics of ADRs — numbers, file names, the status line,
//! the relation lines between records, and the index — while the reasoning
//! inside each record is the author's. Collections written by adr-tools or
//! MADR are read as they are ([`doc`] recognises each file's conventions),
//! so `list` and `show` work on them with `--dir`, and `import` turns one
//! into draft's layout. Every writer holds the project lock, edits only the
//! bytes it means to (status value, inserted relation lines, the index
//! region) and never writes outside the context directory.
//!
//! Numbering: a new ADR gets one more than the highest number ever issued,
//! which is the highest of the files in `draft/adrs/` and of every file name
//! that directory has held in the git history of any ref
//! ([`highest_issued`]), so a deleted ADR's number is never given out again
//! once it was committed.

pub mod doc;
pub mod edit;
pub mod import;
pub mod index;
pub mod new;
pub mod refs;

use crate::error::{Error, Result};
use crate::workspace::{self, Layout, Workspace};
use doc::{AdrDoc, Flavour, Section};
use draft_model::diagnostic::{Diagnostic, Severity};
use refs::AdrState;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A relation from one ADR to another, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RelationInfo {
    /// As written: `Supersedes`, `Amends`, `Amended by`, …
    pub kind: String,
    /// The other ADR's number.
    pub target: u32,
}

/// One ADR as `list` reports it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdrSummary {
    /// Its number (from the file name, else the heading).
    pub number: u32,
    /// `ADR-004`.
    pub id: String,
    /// The title, without number.
    pub title: String,
    /// The status as written (`Accepted`, `superseded by [ADR-0005](…)`), or null.
    pub status: Option<String>,
    /// The status normalised.
    pub state: AdrState,
    /// The date as written, or null.
    pub date: Option<String>,
    /// The ADR that replaces this one, or null.
    pub superseded_by: Option<u32>,
    /// Other relations (`Supersedes`, `Amends`, …).
    pub relations: Vec<RelationInfo>,
    /// Whose conventions the file follows.
    pub flavour: Flavour,
    /// The file, relative to the project root (absolute when outside it).
    pub path: String,
}

/// One ADR file of a collection.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its number.
    pub number: u32,
    /// The file.
    pub path: PathBuf,
    /// The parsed document.
    pub doc: AdrDoc,
}

/// The ADR files of one directory.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The directory.
    pub dir: PathBuf,
    /// Readable ADRs, by number then path.
    pub entries: Vec<Entry>,
    /// Numbered files that could not be read, with why.
    pub unreadable: Vec<(u32, PathBuf, String)>,
    /// Problems found (unreadable files, duplicate numbers, bad frontmatter).
    pub warnings: Vec<Diagnostic>,
}

/// Files in an ADR directory that are never ADRs.
const NOT_ADRS: &[&str] = &["readme.md", "index.md", "template.md", "adr-template.md"];

impl Collection {
    /// Read every ADR in `dir`; paths in diagnostics are relative to `root`.
    /// A missing directory is an empty collection.
    pub fn load(dir: &Path, root: &Path) -> Result<Self> {
        let mut coll =
            Self { dir: dir.to_path_buf(), entries: Vec::new(), unreadable: Vec::new(), warnings: Vec::new() };
        let read = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(coll),
            Err(e) => return Err(Error::io("reading the directory", dir, e)),
        };
        let mut paths: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) && p.is_file())
            .filter(|p| {
                !p.file_name().is_some_and(|n| NOT_ADRS.contains(&n.to_string_lossy().to_ascii_lowercase().as_str()))
            })
            .collect();
        paths.sort();
        for path in paths {
            coll.add(path, root);
        }
        coll.entries.sort_by(|a, b| (a.number, &a.path).cmp(&(b.number, &b.path)));
        coll.flag_duplicates(root);
        Ok(coll)
    }

    fn add(&mut self, path: PathBuf, root: &Path) {
        let rel = workspace::relative(root, &path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let from_name = refs::file_number(&name);
        let src = match workspace::read_text(&path) {
            Ok(src) => src,
            Err(e) => {
                let why = match &e {
                    Error::Decode { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                self.warnings.push(
                    Diagnostic::file("unreadable", Severity::Warning, &rel, format!("cannot read this ADR: {why}"))
                        .with_hint("save it as UTF-8 text, or move it out of the ADR directory"),
                );
                if let Some(n) = from_name {
                    self.unreadable.push((n, path, why));
                }
                return;
            }
        };
        let doc = AdrDoc::parse(src, &rel);
        self.warnings.extend(doc.diagnostics.iter().cloned());
        match from_name.or(doc.heading_number) {
            Some(number) => self.entries.push(Entry { number, path, doc }),
            None => self.warnings.push(
                Diagnostic::file(
                    "adr-numbering",
                    Severity::Warning,
                    &rel,
                    "no number in the file name or the heading; not listed",
                )
                .with_hint("ADR files are named `NNN-kebab-title.md`"),
            ),
        }
    }

    fn flag_duplicates(&mut self, root: &Path) {
        for pair in self.entries.windows(2) {
            if let [a, b] = pair
                && a.number == b.number
            {
                let (first, second) = (workspace::relative(root, &a.path), workspace::relative(root, &b.path));
                self.warnings.push(
                    Diagnostic::file(
                        "adr-numbering",
                        Severity::Warning,
                        &second,
                        format!("ADR number {:03} is also used by {first}", a.number),
                    )
                    .with_hint("renumber one of them: ADR numbers are unique"),
                );
            }
        }
    }

    /// The ADR numbered `n`: an error when there is none or it cannot be read.
    pub fn find(&self, n: u32, root: &Path) -> Result<&Entry> {
        if let Some((_, path, why)) = self.unreadable.iter().find(|(m, _, _)| *m == n) {
            return Err(Error::Unreadable {
                files: vec![crate::error::UnreadableFile {
                    file: workspace::relative(root, path),
                    reason: why.clone(),
                }],
            });
        }
        let mut hits = self.entries.iter().filter(|e| e.number == n);
        match (hits.next(), hits.next()) {
            (Some(e), None) => Ok(e),
            (Some(a), Some(b)) => Err(Error::InvalidState(format!(
                "ADR number {n:03} is used by both {} and {}; renumber one by hand first",
                workspace::relative(root, &a.path),
                workspace::relative(root, &b.path)
            ))),
            _ => Err(Error::UnknownAdr { number: n, dir: workspace::relative(root, &self.dir) }),
        }
    }

    /// The flavour shared by every ADR, `mixed` when they differ, `draft` when empty.
    #[must_use]
    pub fn flavour(&self) -> Flavour {
        let mut kinds = self.entries.iter().map(|e| e.doc.flavour).filter(|f| *f != Flavour::Unknown);
        match kinds.next() {
            None => self.entries.first().map_or(Flavour::Draft, |_| Flavour::Unknown),
            Some(first) if kinds.all(|f| f == first) => first,
            Some(_) => Flavour::Mixed,
        }
    }
}

impl Entry {
    /// The summary `list` prints.
    #[must_use]
    pub fn summary(&self, root: &Path) -> AdrSummary {
        let d = &self.doc;
        AdrSummary {
            number: self.number,
            id: refs::adr_id(self.number),
            title: d.title.clone(),
            status: d.status.as_ref().map(|s| s.text.clone()),
            state: d.state(),
            date: d.date.clone(),
            superseded_by: d.superseded_by,
            relations: d.relations.iter().map(|r| RelationInfo { kind: r.kind.clone(), target: r.target }).collect(),
            flavour: d.flavour,
            path: workspace::relative(root, &self.path),
        }
    }
}

/// `draft/adrs` (or `<context>/adrs`) of a workspace.
#[must_use]
pub fn adrs_dir(ws: &Workspace) -> PathBuf {
    ws.context_dir().join("adrs")
}

/// The ADR directory for writing: Draft's layout only, created if missing,
/// and refused when it (a link, say) resolves outside the context directory.
pub fn writable_dir(ws: &Workspace) -> Result<PathBuf> {
    if ws.layout == Layout::Conductor {
        return Err(Error::Unsupported(
            "this project keeps its context in conductor/; draft adr writes Draft's layout (run `draft init` to add a draft/ tree)"
                .to_owned(),
        ));
    }
    let dir = adrs_dir(ws);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    let real = std::fs::canonicalize(&dir).map_err(|e| Error::io("resolving", &dir, e))?;
    let context = std::fs::canonicalize(ws.context_dir()).map_err(|e| Error::io("resolving", ws.context_dir(), e))?;
    if !real.starts_with(&context) {
        return Err(Error::LinkLeavesProject { path: dir, target: real });
    }
    Ok(dir)
}

/// The highest ADR number ever issued in `dir`: its files' numbers and those
/// of every file name the directory held in any ref's history. Outside git
/// (or before the first commit) only the files count.
#[must_use]
pub fn highest_issued(ws: &Workspace, coll: &Collection) -> u32 {
    let on_disk = coll.entries.iter().map(|e| e.number).chain(coll.unreadable.iter().map(|u| u.0)).max().unwrap_or(0);
    let spec = ws.rel(&coll.dir);
    let history = ws
        .git()
        .run(&["log", "--all", "--no-renames", "--name-only", "--format=", "--", &spec])
        .map(|out| {
            out.lines()
                .filter_map(|l| l.rsplit('/').next())
                .filter(|name| {
                    let n = name.to_ascii_lowercase();
                    n.ends_with(".md") && !NOT_ADRS.contains(&n.as_str())
                })
                .filter_map(refs::file_number)
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    on_disk.max(history)
}

/// `draft adr list --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdrListReport {
    /// The directory read, relative to the project root (absolute when outside it).
    pub dir: String,
    /// Whose conventions the collection follows (`mixed` when files differ).
    pub flavour: Flavour,
    /// Every ADR, by number.
    pub adrs: Vec<AdrSummary>,
    /// Files that could not be read or understood, duplicate numbers.
    pub warnings: Vec<Diagnostic>,
}

/// `draft adr show N --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdrShowReport {
    /// The ADR.
    pub adr: AdrSummary,
    /// Its sections (`##` headings with their text; deeper headings nested).
    pub sections: Vec<Section>,
    /// The whole file as it is.
    pub text: String,
    /// Problems with this file.
    pub warnings: Vec<Diagnostic>,
}

/// Where `list` and `show` read: `dir` when given, else the project's `draft/adrs`.
#[derive(Debug, Clone)]
pub struct Source {
    /// The directory.
    pub dir: PathBuf,
    /// What paths are reported relative to.
    pub root: PathBuf,
}

impl Source {
    /// `dir` (a path as the user gave it, resolved against `start`), or the
    /// workspace's ADR directory. Reading another directory needs no project.
    pub fn resolve(start: &Path, dir: Option<&Path>, env: &workspace::Environment) -> Result<Self> {
        let ws = Workspace::discover_with(start, env.clone());
        match dir {
            Some(d) => {
                let dir = start.join(d);
                if !dir.is_dir() {
                    return Err(Error::Usage(format!("{} is not a directory", dir.display())));
                }
                let dir = std::fs::canonicalize(&dir).map_err(|e| Error::io("resolving", &dir, e))?;
                let root = match ws {
                    Ok(ws) => ws.root,
                    Err(_) => std::fs::canonicalize(start).map_err(|e| Error::io("resolving", start, e))?,
                };
                Ok(Self { dir, root })
            }
            None => {
                let ws = ws?;
                Ok(Self { dir: adrs_dir(&ws), root: ws.root })
            }
        }
    }
}

/// List the ADRs of `source`.
pub fn list(source: &Source) -> Result<AdrListReport> {
    let coll = Collection::load(&source.dir, &source.root)?;
    Ok(AdrListReport {
        dir: workspace::relative(&source.root, &source.dir),
        flavour: coll.flavour(),
        adrs: coll.entries.iter().map(|e| e.summary(&source.root)).collect(),
        warnings: coll.warnings,
    })
}

/// One ADR of `source`, with its sections.
pub fn show(source: &Source, number: u32) -> Result<AdrShowReport> {
    let coll = Collection::load(&source.dir, &source.root)?;
    let entry = coll.find(number, &source.root)?;
    Ok(AdrShowReport {
        adr: entry.summary(&source.root),
        sections: entry.doc.sections.clone(),
        text: entry.doc.src.clone(),
        warnings: entry.doc.diagnostics.clone(),
    })
}
