//! What a rule is: a typed row of the rule table.
//!
//! A rule is a `static` [`RuleInfo`] defined beside its check function in
//! its family's module, and emitters name it by that static
//! (`risk::SCORE.diag(…)`), so a mistyped rule cannot compile and every
//! finding gets the severity written in its row. The row also says which
//! document kinds the rule reads and how it runs ([`Check`]):
//!
//! - `Doc(f)`: `f` runs once for each document whose kind is in `applies_to`;
//! - `Track(f)`: `f` runs once for each track, while its documents are in
//!   memory (tracks are streamed, never all held at once);
//! - `Project(f)`: `f` runs once per project;
//! - `Reported(by)`: nothing of its own runs — the finding falls out of work
//!   that happens anyway: draft-core's tree loader (registry and metadata
//!   problems), the document or config reader, the batched git answers, or
//!   another rule's check that decides between two rules from one answer
//!   (a cited file that exists but is too short is `citation-line-range`).
//!
//! The ordered list of every row is `rules::RULES`.

use crate::context::{Ctx, DocInput, Sink};
use crate::docs::DocKind;
use draft_core::tree::TrackDocs;
use draft_model::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

/// A check over one document.
pub type DocCheck = fn(&Ctx<'_>, &DocInput<'_>, &mut Sink);

/// A check run once per track, given the track's plan and metadata.
pub type TrackCheck = fn(&Ctx<'_>, &TrackDocs, &mut Sink);

/// A check over the whole project.
pub type ProjectCheck = fn(&Ctx<'_>, &mut Sink);

/// How a rule's findings come about.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// Runs once per document of the row's `applies_to` kinds.
    Doc(DocCheck),
    /// Once per track.
    Track(TrackCheck),
    /// Runs once per project.
    Project(ProjectCheck),
    /// Found by work that runs anyway.
    Reported(By),
}

/// Who reports a rule that has no check function of its own.
#[derive(Debug, Clone, Copy)]
pub enum By {
    /// draft-core's tree loader, while reading the registry, plans and metadata.
    TreeLoader,
    /// The document reader.
    Reader,
    /// The config reader.
    Config,
    /// The batched git answers.
    Git,
    /// This rule's check, which decides between the two rules.
    Rule(&'static RuleInfo),
    /// `draft validate`'s scanners (a rule of the validate catalogue, not of `draft check`).
    Validate,
}

/// What `draft check` knows about one rule. Serialises (for
/// `--list-rules --format json`) as id, family, severity, rationale and
/// fixable; how it runs is internal.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleInfo {
    /// Stable kebab-case id, e.g. `risk-score`, prefixed by its family.
    pub id: &'static str,
    /// The family the rule belongs to, e.g. `risk`.
    pub family: &'static str,
    /// Severity before `--strict`; every finding of the rule has it.
    pub default_severity: Severity,
    /// Why the rule exists, in one line.
    pub rationale: &'static str,
    /// Whether `--fix` repairs it mechanically.
    pub fixable: bool,
    /// The document kinds the rule reads (empty: none of the checked
    /// markdown documents, e.g. metadata.json or the config).
    #[serde(skip)]
    pub applies_to: &'static [DocKind],
    /// How it runs.
    #[serde(skip)]
    pub(crate) check: Check,
}

impl PartialEq for RuleInfo {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for RuleInfo {}

impl RuleInfo {
    /// A finding of this rule about a whole file, at its default severity.
    #[must_use]
    pub fn diag(&'static self, file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::file(self.id, self.default_severity, file, message)
    }

    /// Take over a finding made elsewhere (the tree loader, the config
    /// reader) under this rule: its id and its severity become the row's.
    #[must_use]
    pub fn adopt(&'static self, mut d: Diagnostic) -> Diagnostic {
        d.rule = self.id;
        d.severity = self.default_severity;
        d
    }

    /// Whether this row's check also decides `other`'s findings.
    #[must_use]
    pub fn reports(&'static self, other: &RuleInfo) -> bool {
        matches!(other.check, Check::Reported(By::Rule(by)) if by.id == self.id)
    }
}

/// Every kind of checked document.
pub const ALL: &[DocKind] = &[DocKind::Context, DocKind::Registry, DocKind::Spec, DocKind::Plan, DocKind::Adr];
/// Documents that carry the pinned frontmatter block (ADRs do not).
pub const PINNED: &[DocKind] = &[DocKind::Context, DocKind::Registry, DocKind::Spec, DocKind::Plan];
/// spec.md.
pub const SPEC: &[DocKind] = &[DocKind::Spec];
/// plan.md.
pub const PLAN: &[DocKind] = &[DocKind::Plan];
/// A track's spec.md and plan.md.
pub const TRACK: &[DocKind] = &[DocKind::Spec, DocKind::Plan];
/// Documents whose citations are resolved (architecture docs among the context).
pub const CITING: &[DocKind] = &[DocKind::Spec, DocKind::Plan, DocKind::Context];
/// The registry.
pub const REGISTRY: &[DocKind] = &[DocKind::Registry];
/// ADRs.
pub const ADR: &[DocKind] = &[DocKind::Adr];
/// No checked markdown document.
pub const NONE: &[DocKind] = &[];
