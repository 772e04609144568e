//! What a rule's check function is given, and where it puts what it finds.
//!
//! [`Ctx`] is the project (workspace, registry, config, the ADRs);
//! [`DocInput`] is one document, with its track when it has one, and the facts several rules share, each
//! computed at most once and only when a rule asks (the spec's CommonMark
//! model, the frontmatter, the prose); [`Sink`] collects findings and git questions.
//! A rule never forks git: it pushes a [`Request`], and the runner answers
//! all of them in a few batched git processes afterwards.

use crate::config::CheckConfig;
use crate::docs::{Doc, DocKind};
use crate::front::FmState;
use crate::prose::{Prose, prose};
use crate::spec_model::SpecModel;
use draft_core::tree::{TrackDocs, Tree};
use draft_core::workspace::Workspace;
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::frontmatter;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::sync::Arc;

/// Everything rules may read about the project.
pub struct Ctx<'a> {
    /// Where the project is.
    pub ws: &'a Workspace,
    /// The registry, and where every track lives. Track documents are not
    /// in it: each track is read, checked and dropped in turn, and a check
    /// sees its own through [`DocInput::track`] or a per-track check's argument.
    pub tree: &'a Tree,
    /// `[check]` settings.
    pub config: &'a CheckConfig,
    /// The ADRs, for the rules that compare them with each other.
    pub adrs: &'a [Doc],
    /// workflow.md asks for one commit per task.
    pub commit_per_task: bool,
}

/// One document, with facts computed on first use.
pub struct DocInput<'a> {
    /// The document.
    pub doc: &'a Doc,
    /// The track a spec or plan belongs to (its plan and metadata).
    pub track: Option<&'a TrackDocs>,
    spec: OnceCell<Option<SpecModel>>,
    front: OnceCell<Arc<FmState>>,
    prose: OnceCell<Vec<Prose>>,
}

/// A frontmatter read for one document of a track, offered to the next:
/// a spec and a plan written together open with the same block, and a
/// block that is byte for byte the same reads the same.
pub struct SharedFront<'a> {
    /// The previous document's text up to and including its closing
    /// delimiter line (ended by `\n`).
    prefix: &'a str,
    state: Arc<FmState>,
}

impl<'a> DocInput<'a> {
    /// Wrap a document (of `track`, for a spec or plan); nothing is parsed yet.
    #[must_use]
    pub fn new(doc: &'a Doc, track: Option<&'a TrackDocs>) -> Self {
        Self { doc, track, spec: OnceCell::new(), front: OnceCell::new(), prose: OnceCell::new() }
    }

    /// The CommonMark model of a spec (`None` for other documents).
    pub fn spec(&self) -> Option<&SpecModel> {
        self.spec
            .get_or_init(|| {
                if self.doc.kind == DocKind::Spec { SpecModel::parse(&self.doc.src, self.doc.lines()) } else { None }
            })
            .as_ref()
    }

    /// The document's prose (outside code and comments).
    pub fn prose(&self) -> &[Prose] {
        self.prose.get_or_init(|| prose(&self.doc.src))
    }

    /// The document's frontmatter.
    pub fn front(&self) -> &FmState {
        self.front.get_or_init(|| Arc::new(FmState::read(&self.doc.src, &self.doc.rel)))
    }

    /// Take the frontmatter `shared` holds when this document opens with
    /// the very same block.
    pub fn reuse_front(&self, shared: Option<&SharedFront<'_>>) {
        if let Some(shared) = shared
            && self.doc.src.starts_with(shared.prefix)
        {
            let _ = self.front.set(Arc::clone(&shared.state));
        }
    }

    /// This document's frontmatter for the next one, when it was read and
    /// says nothing of this document itself (a YAML error names its file).
    #[must_use]
    pub fn share_front(&self) -> Option<SharedFront<'a>> {
        let state = self.front.get()?;
        let end = match &**state {
            FmState::Map { block, .. } => block.end,
            FmState::Empty | FmState::NotMapping | FmState::Opaque => frontmatter::locate(&self.doc.src)?.end,
            FmState::Absent { .. } | FmState::Invalid(_) => return None,
        };
        let prefix = self.doc.src.get(..end).filter(|p| p.ends_with('\n'))?;
        Some(SharedFront { prefix, state: Arc::clone(state) })
    }
}

/// A git question a rule wants answered; the runner batches them. Requests
/// are stored in the check cache with their track's findings (`cache`), and
/// asked again on every run: the answers depend on the repository, not on
/// the documents.
#[derive(Debug, Clone)]
pub enum Request {
    /// The SHAs one document records: a finding for each that names no commit.
    Commits(Commits),
    /// Check that each cited path exists at HEAD and has the cited lines.
    /// One request per document, kept compact: a project of thousands of
    /// specs holds hundreds of thousands of them until git answers.
    Citations(Citations),
    /// Report when `sha` is more than the threshold behind HEAD.
    Synced {
        /// The full SHA of `synced_to_commit`.
        sha: String,
        /// The document's root-relative path.
        file: String,
        /// 1-based line of the value.
        line: usize,
        /// 1-based column of the value.
        column: usize,
    },
}

/// The SHAs one document records, each with the finding to write if git
/// does not know it. Grouped per document, since a project records one SHA
/// per done task and every one waits for git's answer.
#[derive(Debug, Clone, Default)]
pub struct Commits {
    /// The document, root-relative.
    pub file: String,
    /// One per recorded SHA, in document order.
    pub asks: Vec<Deferred>,
}

/// A SHA to verify, and the finding written only if git's answer calls for
/// it: its place now, its words later. Compact, since one waits for every
/// SHA a project records.
#[derive(Debug, Clone)]
pub struct Deferred {
    /// The SHA as written (short or full).
    pub sha: String,
    /// The rule it belongs to.
    pub rule: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// Byte span in the document.
    pub span: (u32, u32),
    /// What the words name besides the SHA (a frontmatter key, say).
    pub label: Box<str>,
    /// Message and hint, from the SHA and the label.
    pub words: Words,
}

/// What a [`Deferred`] finding says about a SHA git does not know. An enum
/// rather than a function so the finding can be stored in the check cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Words {
    /// A frontmatter commit key (`git.commit`, `synced_to_commit`); the label is the key.
    FrontmatterCommit,
    /// The SHA recorded on a done task.
    TaskCommit,
    /// The `[checkpoint: …]` SHA of a phase.
    Checkpoint,
}

impl Words {
    /// Message and hint for `sha` (and the label, for frontmatter keys).
    #[must_use]
    pub fn render(self, sha: &str, label: &str) -> (String, &'static str) {
        match self {
            Self::FrontmatterCommit => (
                format!("`{label}` {sha} does not exist in this repository"),
                "the commit may have been rebased away; set it to a commit that exists (`git rev-parse HEAD`) once the document has been reviewed against the code",
            ),
            Self::TaskCommit => (
                format!("commit {sha} recorded on this task does not exist"),
                "record the SHA of the commit that did the task (`git log --oneline`)",
            ),
            Self::Checkpoint => {
                (format!("checkpoint commit {sha} does not exist"), "record the SHA of the phase's checkpoint commit")
            }
        }
    }
}

impl Deferred {
    /// Ask about `sha`, keeping `placed`'s rule, severity and place; `words` writes the rest.
    #[must_use]
    pub fn new(sha: &str, placed: &Diagnostic, label: &str, words: Words) -> Self {
        let span = placed.span.clone().unwrap_or(0..0);
        Self {
            sha: sha.to_owned(),
            rule: placed.rule,
            severity: placed.severity,
            line: narrow(placed.line),
            column: narrow(placed.column),
            span: (narrow(span.start), narrow(span.end)),
            label: label.into(),
            words,
        }
    }

    /// The finding, in document `file`.
    #[must_use]
    pub fn finish(&self, file: &str) -> Diagnostic {
        let (message, hint) = self.words.render(&self.sha, &self.label);
        let mut d = Diagnostic::file(self.rule, self.severity, file, message)
            .at(self.line as usize, self.column as usize)
            .with_hint(hint);
        if self.span != (0, 0) {
            d.span = Some(self.span.0 as usize..self.span.1 as usize);
        }
        d
    }
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A document's citations: the paths it cites, and each citation by index.
#[derive(Debug, Clone, Default)]
pub struct Citations {
    /// The citing document, root-relative.
    pub file: String,
    /// Distinct cited paths (root-relative, as cited).
    pub paths: Vec<String>,
    /// Each citation.
    pub cites: Vec<Cite>,
}

/// One citation: which path, which lines, and where it is written.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Cite {
    /// Index into [`Citations::paths`].
    pub path: u32,
    /// First cited line.
    pub start: u32,
    /// Last cited line.
    pub end: u32,
    /// 1-based line of the citation in the document.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// Byte span in the document.
    pub span: (u32, u32),
}

impl Citations {
    /// Keep one more cited path; its index for [`Self::push_at`].
    pub fn add_path(&mut self, path: &str) -> u32 {
        self.paths.push(path.to_owned());
        narrow(self.paths.len() - 1)
    }

    /// Add a citation of path `path` (an index into [`Self::paths`], lines
    /// `start`–`end`), written at 1-based (line, character column) `at`,
    /// over byte `span` of the document.
    pub fn push_at(&mut self, path: u32, start: usize, end: usize, at: (usize, usize), span: std::ops::Range<usize>) {
        self.cites.push(Cite {
            path,
            start: narrow(start),
            end: narrow(end),
            line: narrow(at.0),
            column: narrow(at.1),
            span: (narrow(span.start), narrow(span.end)),
        });
    }
}

/// Where check functions put findings and git questions.
#[derive(Debug, Default)]
pub struct Sink {
    /// Findings.
    pub out: Vec<Diagnostic>,
    /// Git questions.
    pub req: Vec<Request>,
}

impl Sink {
    /// Ask git whether a SHA recorded in document `file` names a commit.
    pub fn ask_commit(&mut self, file: &str, ask: Deferred) {
        if let Some(Request::Commits(group)) = self.req.last_mut()
            && group.file == file
        {
            group.asks.push(ask);
            return;
        }
        self.req.push(Request::Commits(Commits { file: file.to_owned(), asks: vec![ask] }));
    }

    /// Take in what another sink collected.
    pub fn merge(&mut self, other: Self) {
        self.out.extend(other.out);
        self.req.extend(other.req);
    }
}
