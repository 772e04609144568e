//! What a rule's check function is given, and where it puts what it finds.
//!
//! [`Ctx`] is the project (workspace, loaded tree, config, every document);
//! [`DocInput`] is one document with the facts several rules share, each
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
use draft_model::diagnostic::Diagnostic;
use std::cell::OnceCell;

/// Everything rules may read about the project.
pub struct Ctx<'a> {
    /// Where the project is.
    pub ws: &'a Workspace,
    /// Registry, plans and metadata as loaded once.
    pub tree: &'a Tree,
    /// `[check]` settings.
    pub config: &'a CheckConfig,
    /// Every document read for checking.
    pub docs: &'a [Doc],
    /// workflow.md asks for one commit per task.
    pub commit_per_task: bool,
}

impl Ctx<'_> {
    /// The track a document belongs to.
    #[must_use]
    pub fn track_of(&self, doc: &Doc) -> Option<&TrackDocs> {
        doc.track.and_then(|i| self.tree.tracks.get(i))
    }
}

/// One document, with facts computed on first use.
pub struct DocInput<'a> {
    /// The document.
    pub doc: &'a Doc,
    spec: OnceCell<Option<SpecModel>>,
    front: OnceCell<FmState>,
    prose: OnceCell<Vec<Prose>>,
}

impl<'a> DocInput<'a> {
    /// Wrap a document; nothing is parsed yet.
    #[must_use]
    pub fn new(doc: &'a Doc) -> Self {
        Self { doc, spec: OnceCell::new(), front: OnceCell::new(), prose: OnceCell::new() }
    }

    /// The CommonMark model of a spec (`None` for other documents).
    pub fn spec(&self) -> Option<&SpecModel> {
        self.spec
            .get_or_init(|| if self.doc.kind == DocKind::Spec { SpecModel::parse(&self.doc.src) } else { None })
            .as_ref()
    }

    /// The document's prose (outside code and comments).
    pub fn prose(&self) -> &[Prose] {
        self.prose.get_or_init(|| prose(&self.doc.src))
    }

    /// The document's frontmatter.
    pub fn front(&self) -> &FmState {
        self.front.get_or_init(|| FmState::read(&self.doc.src, &self.doc.rel))
    }
}

/// A git question a rule wants answered; the runner batches them.
#[derive(Debug, Clone)]
pub enum Request {
    /// Emit `diag` when `sha` does not name a commit.
    Commit {
        /// The SHA as written (short or full).
        sha: String,
        /// The finding to emit when it names no commit.
        diag: Diagnostic,
    },
    /// Check that `path` exists at HEAD and has at least `end` lines.
    Citation {
        /// Root-relative path as cited.
        path: String,
        /// First cited line.
        start: usize,
        /// Last cited line.
        end: usize,
        /// The finding to emit (its rule, message and hint are set from the answer).
        diag: Diagnostic,
    },
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

/// Where check functions put findings and git questions.
#[derive(Debug, Default)]
pub struct Sink {
    /// Findings.
    pub out: Vec<Diagnostic>,
    /// Git questions.
    pub req: Vec<Request>,
}
