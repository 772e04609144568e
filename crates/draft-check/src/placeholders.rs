//! Placeholder rules: template tokens nobody filled in.
//!
//! `{UPPER_CASE}` tokens (the seed's `{TRACK_ID}`, `{FULL_SHA}`, …) are an
//! error anywhere. Intake placeholders (`[To be developed …]`, `[pending]`,
//! `_TBD_…`) are normal while a spec is drafted, and a warning once its
//! `**Status:**` is past drafting, beyond `[check] placeholder_budget`.
//! Code fences, HTML comments and inline code spans are skipped.

use super::{Ctx, Doc, DocKind, diag};
use draft_model::diagnostic::Diagnostic;
use draft_model::metadata::TrackStatus;
use draft_model::text::{self, OpaqueTracker};

/// Check one document.
pub fn check(ctx: &Ctx<'_>, doc: &Doc, out: &mut Vec<Diagnostic>) {
    let intake = doc.kind == DocKind::Spec && past_drafting(ctx, doc);
    let mut intake_hits = Vec::new();
    let mut tracker = OpaqueTracker::default();
    for line in text::lines(&doc.src) {
        if tracker.is_opaque(line.text) {
            continue;
        }
        for (start, end) in prose_ranges(line.text) {
            let seg = &line.text[start..end];
            for (i, len) in upper_tokens(seg) {
                let at = line.start + start + i;
                out.push(
                    diag(
                        "placeholder-unfilled",
                        &doc.rel,
                        format!("template token `{}` was never filled in", &seg[i..i + len]),
                    )
                    .at_span(&doc.src, at..at + len)
                    .with_hint("replace it with the real value"),
                );
            }
            if intake {
                for (i, len) in intake_tokens(seg) {
                    let at = line.start + start + i;
                    intake_hits.push((at..at + len, seg[i..i + len].to_owned()));
                }
            }
        }
    }
    if intake_hits.len() > ctx.config.placeholder_budget {
        let n = intake_hits.len();
        for (span, token) in intake_hits {
            out.push(
                diag(
                    "placeholder-intake",
                    &doc.rel,
                    format!(
                        "intake placeholder `{token}` left in a spec past drafting ({n} in this spec, budget {})",
                        ctx.config.placeholder_budget
                    ),
                )
                .at_span(&doc.src, span)
                .with_hint("fill the section in, or set the spec's status back to drafting"),
            );
        }
    }
}

/// Whether a spec's status says drafting is over.
pub fn past_drafting(ctx: &Ctx<'_>, doc: &Doc) -> bool {
    for line in text::lines(&doc.src) {
        let t = line.text.trim_start();
        if let Some(rest) = t.strip_prefix("**Status:**").or_else(|| t.strip_prefix("**Status**:")) {
            let rest = rest.trim().to_lowercase();
            let unchecked = rest.starts_with("[ ]") || !rest.starts_with('[');
            return !(unchecked && rest.contains("draft"));
        }
    }
    let status =
        doc.track.and_then(|i| ctx.tree.tracks.get(i)).and_then(|t| t.metadata.as_ref()).and_then(|m| m.status());
    matches!(status, Some(TrackStatus::InProgress | TrackStatus::Completed | TrackStatus::Archived))
}

/// Byte ranges of a line outside inline code spans.
pub fn prose_ranges(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut seg_start = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            let fence = &line[i..i + run];
            if let Some(close) = line[i + run..].find(fence) {
                out.push((seg_start, i));
                i = i + run + close + run;
                seg_start = i;
                continue;
            }
            i += run;
            continue;
        }
        i += 1;
    }
    out.push((seg_start, line.len()));
    out
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

/// Intake placeholders as (offset, length).
fn intake_tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
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
    let mut from = 0;
    while let Some(i) = s[from..].find("_TBD") {
        let start = from + i;
        let rest = &s[start + 1..];
        let len = rest.find('_').map_or(4, |e| {
            // `_TBD_owner_`: up to the closing underscore after the tag.
            let after = &rest[e + 1..];
            if e == 3 { after.find('_').map_or(e + 2, |f| e + f + 3) } else { e + 2 }
        });
        let len = len.min(s.len() - start);
        out.push((start, len));
        from = start + len.max(1);
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert_eq!(upper_tokens("a {TRACK_ID} b {x} ${HOME} {REMOTE/BRANCH}"), vec![(2, 10), (27, 15)]);
        assert_eq!(intake_tokens("[To be developed through intake conversation] x [pending]"), vec![(0, 45), (48, 9)]);
        assert_eq!(intake_tokens("owner: _TBD_ later"), vec![(7, 5)]);
        assert_eq!(prose_ranges("a `{X}` b"), vec![(0, 2), (7, 9)]);
    }
}
