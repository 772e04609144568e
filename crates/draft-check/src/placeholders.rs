//! Placeholder rules: template text nobody replaced.
//!
//! `{UPPER_CASE}` tokens (the seed's `{TRACK_ID}`, `{FULL_SHA}`, …) are an
//! error anywhere. Intake placeholders (`[To be developed …]`, `[pending]`)
//! are normal while a spec is drafted, and a warning once its `**Status:**`
//! is past drafting, beyond `[check] placeholder_budget`; so are placeholder
//! people — authors and approvers written as `[name]`, `Author1` or
//! `xxx@example.com`. `_TBD_` sentinels mark known open questions and are
//! budgeted by the track's status (`[check] tbd_budget`: none left once a
//! track is completed). Code fences, HTML comments and inline code spans are
//! skipped.

use crate::context::{Ctx, DocInput, Sink};
use crate::docs::DocKind;
use crate::rule::{ALL, Check, RuleInfo, SPEC, TRACK};
use draft_model::diagnostic::Severity::{Error as E, Warning as W};
use draft_model::metadata::TrackStatus;
use draft_model::text;
use regex::Regex;
use std::sync::LazyLock;

/// `placeholder-unfilled`
pub static UNFILLED: RuleInfo = RuleInfo {
    id: "placeholder-unfilled",
    family: "placeholders",
    default_severity: E,
    fixable: false,
    applies_to: ALL,
    check: Check::Doc(unfilled),
    rationale: "a `{UPPER_CASE}` template token was never filled in",
};

/// `placeholder-intake`
pub static INTAKE: RuleInfo = RuleInfo {
    id: "placeholder-intake",
    family: "placeholders",
    default_severity: W,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(intake),
    rationale: "`[To be developed …]` or `[pending]` left in a spec whose status is past drafting (budget: `[check] placeholder_budget`)",
};

/// `placeholder-person`
pub static PERSON: RuleInfo = RuleInfo {
    id: "placeholder-person",
    family: "placeholders",
    default_severity: W,
    fixable: false,
    applies_to: SPEC,
    check: Check::Doc(person),
    rationale: "authors and approvers of a spec past drafting are real people, not `[name]`, `Author1` or `xxx@example.com`",
};

/// `placeholder-tbd`
pub static TBD: RuleInfo = RuleInfo {
    id: "placeholder-tbd",
    family: "placeholders",
    default_severity: W,
    fixable: false,
    applies_to: TRACK,
    check: Check::Doc(tbd),
    rationale: "`_TBD_` sentinels in a spec or plan stay within the budget of the track's status (`[check] tbd_budget`; by default 3 in progress or blocked, 0 completed)",
};

fn unfilled(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    if !may_hold(Kind::Unfilled, &doc.src) {
        return;
    }
    for p in input.prose() {
        let (start, line, range) = (p.line_start, &doc.src[p.line.clone()], p.range.clone());
        let seg = &line[range.clone()];
        for (i, len) in upper_tokens(seg) {
            let at = start + range.start + i;
            let message = format!("template token `{}` was never filled in", &seg[i..i + len]);
            sink.out.push(
                doc.at_span(UNFILLED.diag(&doc.rel, message), at..at + len).with_hint("replace it with the real value"),
            );
        }
    }
}

fn intake(ctx: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    if !may_hold(Kind::Intake, &doc.src) || !past_drafting(input) {
        return;
    }
    let mut hits = Vec::new();
    for p in input.prose() {
        let (start, line, range) = (p.line_start, &doc.src[p.line.clone()], p.range.clone());
        let seg = &line[range.clone()];
        for (i, len) in intake_tokens(seg) {
            let at = start + range.start + i;
            hits.push((at..at + len, seg[i..i + len].to_owned()));
        }
    }
    let budget = ctx.config.placeholder_budget;
    if hits.len() <= budget {
        return;
    }
    let n = hits.len();
    for (span, token) in hits {
        let message =
            format!("intake placeholder `{token}` left in a spec past drafting ({n} in this spec, budget {budget})");
        sink.out.push(
            doc.at_span(INTAKE.diag(&doc.rel, message), span)
                .with_hint("fill the section in, or set the spec's status back to drafting"),
        );
    }
}

fn person(_: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    if !may_hold(Kind::Person, &doc.src) || !past_drafting(input) {
        return;
    }
    for p in input.prose() {
        let (start, line, range) = (p.line_start, &doc.src[p.line.clone()], p.range.clone());
        let seg = &line[range.clone()];
        for (i, len) in person_tokens(seg, seg.contains('@') && is_people_line(line)) {
            let at = start + range.start + i;
            let message = format!("author or approver `{}` is a template placeholder", &seg[i..i + len]);
            sink.out.push(
                doc.at_span(PERSON.diag(&doc.rel, message), at..at + len)
                    .with_hint("name the real person (and their real address) who writes or approves this spec"),
            );
        }
    }
}

fn tbd(ctx: &Ctx<'_>, input: &DocInput<'_>, sink: &mut Sink) {
    let doc = input.doc;
    if !may_hold(Kind::Tbd, &doc.src) {
        return;
    }
    let Some(status) = input.track.and_then(|t| t.metadata.as_ref()).and_then(|m| m.status()) else { return };
    let Some(budget) = ctx.config.tbd_budget_for(status) else { return };
    let mut hits = Vec::new();
    for p in input.prose() {
        let (start, line, range) = (p.line_start, &doc.src[p.line.clone()], p.range.clone());
        let seg = &line[range.clone()];
        hits.extend(tbd_tokens(seg).into_iter().map(|(i, len)| start + range.start + i..start + range.start + i + len));
    }
    if hits.len() <= budget {
        return;
    }
    let n = hits.len();
    let what = if doc.kind == DocKind::Plan { "plan" } else { "spec" };
    for span in hits {
        let message = format!(
            "`{}` left in a {what} of a track that is {status} ({n} in this {what}, budget {budget})",
            &doc.src[span.clone()]
        );
        sink.out.push(
            doc.at_span(TBD.diag(&doc.rel, message), span)
                .with_hint(format!("resolve the open questions, or raise `[check] tbd_budget.{status}`")),
        );
    }
}

/// The token kinds of this family.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Unfilled,
    Intake,
    Person,
    Tbd,
}

/// Whether `src` may hold a token of `kind` anywhere. One pass over the
/// whole document, looser than the scan of its prose (it looks inside code
/// too, and folds case more widely), so a document it clears holds no
/// token; most documents hold none, and skip the scan line by line.
fn may_hold(kind: Kind, src: &str) -> bool {
    static INTAKE_HINT: LazyLock<Regex> = LazyLock::new(|| hint(&[r"\[(?:to be developed|pending\])"]));
    // `(?i)` over whole role words makes too many spellings for the regex
    // crate's fast literal search; every numbered role ends in `r`, so an `r`
    // before a digit is the cheap sign of one (a test holds the list to it).
    static PERSON_BRACKET: LazyLock<Regex> = LazyLock::new(|| {
        let words: Vec<String> = PERSON_WORDS.iter().map(|w| regex::escape(w)).collect();
        hint(&[&format!(r"\[\s*(?:{})\s*\]", words.join("|"))])
    });
    static ROLE_DIGIT: LazyLock<Regex> = LazyLock::new(|| hint(&["r[0-9]"]));
    match kind {
        Kind::Unfilled => memchr::memchr(b'{', src.as_bytes()).is_some(),
        Kind::Tbd => memchr::memmem::find(src.as_bytes(), b"_TBD_").is_some(),
        Kind::Intake => INTAKE_HINT.is_match(src),
        Kind::Person => {
            memchr::memchr(b'@', src.as_bytes()).is_some() || ROLE_DIGIT.is_match(src) || PERSON_BRACKET.is_match(src)
        }
    }
}

/// A case-insensitive pattern matching any of `alternatives`.
fn hint(alternatives: &[&str]) -> Regex {
    Regex::new(&format!("(?i){}", alternatives.join("|"))).unwrap_or_else(|e| unreachable!("fixed pattern: {e}"))
}

/// Whether a spec's status says drafting is over.
pub(crate) fn past_drafting(input: &DocInput<'_>) -> bool {
    let doc = input.doc;
    for line in text::lines(&doc.src) {
        let t = line.text.trim_start();
        if let Some(rest) = t.strip_prefix("**Status:**").or_else(|| t.strip_prefix("**Status**:")) {
            let rest = rest.trim().to_lowercase();
            let unchecked = rest.starts_with("[ ]") || !rest.starts_with('[');
            return !(unchecked && rest.contains("draft"));
        }
    }
    let status = input.track.and_then(|t| t.metadata.as_ref()).and_then(|m| m.status());
    matches!(status, Some(TrackStatus::InProgress | TrackStatus::Completed | TrackStatus::Archived))
}

/// `{UPPER_CASE}` tokens as (offset, length).
fn upper_tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' && (i == 0 || bytes[i - 1] != b'$') {
            let body = bytes[i + 1..]
                .iter()
                .take_while(|&&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'/')
                .count();
            let ok = body >= 2
                && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase)
                && bytes.get(i + 1 + body) == Some(&b'}');
            if ok {
                out.push((i, body + 2));
                i += body + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `_TBD_` and `_TBD_tag_` sentinels as (offset, length).
fn tbd_tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find("_TBD_") {
        let start = from + i;
        let after = start + "_TBD_".len();
        let run = s[after..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        // `_TBD_owner_`: up to the last underscore of the tag.
        let tag = s[after..after + run].rfind('_').map_or(0, |j| j + 1);
        out.push((start, after + tag - start));
        from = after + tag;
    }
    out
}

/// Words that, in brackets, stand for a person (`[name]`, `[Approver]`).
const PERSON_WORDS: &[&str] = &[
    "name",
    "your name",
    "full name",
    "author",
    "author name",
    "approver",
    "approver name",
    "owner",
    "reviewer",
    "assignee",
    "stakeholder",
    "person",
    "team member",
];

/// Roles that, numbered, stand for a person (`Author1`, `approver2`).
const NUMBERED_ROLES: &[&str] = &["author", "approver", "reviewer", "owner", "stakeholder"];

/// Labels that make a line about people (an `@example.com` address on it is a placeholder).
const PEOPLE_LABELS: &[&str] =
    &["author", "approver", "owner", "reviewer", "assignee", "stakeholder", "contact", "signed off", "approved by"];

/// A table row, or a line labelled with a people word.
fn is_people_line(line: &str) -> bool {
    line.trim_start().starts_with('|') || {
        let lower = line.to_ascii_lowercase();
        PEOPLE_LABELS.iter().any(|l| lower.contains(l))
    }
}

/// Placeholder people as (offset, length): `[name]`-style brackets,
/// numbered roles, `xxx@…` addresses, and on `people_line`s any address at
/// `example.com`, `example.org` or `example.net`.
fn person_tokens(s: &str, people_line: bool) -> Vec<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // [name] — but not a link's text.
    for (open, _) in s.match_indices('[') {
        let Some(len) = s[open..].find(']') else { continue };
        let inner = s[open + 1..open + len].trim();
        if PERSON_WORDS.iter().any(|w| w.eq_ignore_ascii_case(inner)) && bytes.get(open + len + 1) != Some(&b'(') {
            out.push((open, len + 1));
        }
    }
    // Author1, approver2 (most stretches hold no digit at all).
    let mut i = if bytes.iter().any(u8::is_ascii_digit) { 0 } else { bytes.len() };
    while i < bytes.len() {
        if !word(bytes[i]) || (i > 0 && word(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let len = bytes[i..].iter().take_while(|b| word(**b)).count();
        let token = &s[i..i + len];
        // Most words end in a letter: decide those without allocating.
        let digits = token.bytes().rev().take_while(u8::is_ascii_digit).count();
        if digits > 0 && NUMBERED_ROLES.iter().any(|role| role.eq_ignore_ascii_case(&token[..len - digits])) {
            out.push((i, len));
        }
        i += len;
    }
    // xxx@anything, someone@example.com on a line about people.
    let email = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    for (at, _) in s.match_indices('@') {
        let local = bytes[..at].iter().rev().take_while(|b| email(**b)).count();
        let domain = bytes[at + 1..].iter().take_while(|b| email(**b) && **b != b'+').count();
        let domain_text = s[at + 1..at + 1 + domain].trim_end_matches('.').to_ascii_lowercase();
        if local == 0 || domain_text.is_empty() {
            continue;
        }
        let local_text = &s[at - local..at];
        let xs = local >= 2 && local_text.bytes().all(|b| b == b'x' || b == b'X');
        let example = ["example.com", "example.org", "example.net"]
            .iter()
            .any(|d| domain_text == *d || domain_text.ends_with(&format!(".{d}")));
        if xs || (people_line && example) {
            out.push((at - local, local + 1 + domain_text.len()));
        }
    }
    out.sort_unstable();
    out
}

/// Intake placeholders as (offset, length).
fn intake_tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !s.contains('[') {
        return out;
    }
    let lower = s.to_ascii_lowercase();
    for pat in ["[to be developed", "[pending]"] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(pat) {
            let start = from + i;
            let len = lower[start..].find(']').map_or(pat.len(), |e| e + 1);
            out.push((start, len));
            from = start + len;
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The whole-document pass never clears a document its scan would flag.
        #[test]
        fn the_quick_pass_never_hides_a_token(
            parts in prop::collection::vec(prop::sample::select(vec![
                "{", "}", "TRACK_ID", "_TBD_", "_tbd_", "[", "]", " ", "\u{a0}", "Name", "AUTHOR", "team member",
                "To be developed", "PENDING", "pending", "1", "x", "X", "@", "example.com", "owner", "|", "Ä", "k",
            ]), 0..12)
        ) {
            let s: String = parts.concat();
            if !upper_tokens(&s).is_empty() { prop_assert!(may_hold(Kind::Unfilled, &s)); }
            if !tbd_tokens(&s).is_empty() { prop_assert!(may_hold(Kind::Tbd, &s)); }
            if !intake_tokens(&s).is_empty() { prop_assert!(may_hold(Kind::Intake, &s)); }
            if !person_tokens(&s, true).is_empty() { prop_assert!(may_hold(Kind::Person, &s)); }
        }
    }

    #[test]
    fn every_numbered_role_ends_in_r() {
        assert!(
            NUMBERED_ROLES.iter().all(|r| r.ends_with('r')),
            "may_hold(Kind::Person) looks for an `r` before a digit"
        );
    }

    #[test]
    fn the_quick_pass_clears_plain_documents() {
        let plain = "# Spec\n\n**Status:** [x] Approved\n\n- [x] Cites `src/a.rs:3`\n| Role | Name | Status |\n| PO | Ana | [x] |\n";
        for kind in [Kind::Unfilled, Kind::Intake, Kind::Person, Kind::Tbd] {
            assert!(!may_hold(kind, plain), "{kind:?}");
        }
        assert!(may_hold(Kind::Person, "| QA | [ Name ] |"));
        assert!(may_hold(Kind::Intake, "[Pending]"));
    }

    #[test]
    fn tokens() {
        assert_eq!(upper_tokens("a {TRACK_ID} b {x} ${HOME} {REMOTE/BRANCH}"), vec![(2, 10), (27, 15)]);
        assert_eq!(intake_tokens("[To be developed through intake conversation] x [pending]"), vec![(0, 45), (48, 9)]);
        assert_eq!(intake_tokens("owner: _TBD_ later"), vec![]);
        assert_eq!(tbd_tokens("_TBD_ a _TBD_owner_ b _TBD_x c_TBD"), vec![(0, 5), (8, 11), (22, 5)]);
        assert_eq!(
            person_tokens("| QA | [name] | Author1 | xxx@corp.io | [x] |", false),
            vec![(7, 6), (16, 7), (26, 11)]
        );
        assert_eq!(person_tokens("[Name](https://x.io) Authors1 writes a@example.com", false), vec![]);
        assert_eq!(person_tokens("**Approver:** Ann <ann@example.com>", true), vec![(19, 15)]);
    }
}
