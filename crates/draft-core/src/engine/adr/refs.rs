//! The small grammars inside an ADR's status area: references to other ADRs
//! (`ADR-004`, `[ADR-0004](0004-x.md)`, adr-tools' `[4. Title](0004-x.md)`),
//! relation lines (`Amends ADR-003`, `**Amends:** ADR-003, ADR-005`), status
//! words and their normalised state, and the `NNN` arguments users type.
//!
//! Everything here is pure string work on one line at a time; the document
//! model decides which lines to ask about.

use serde::Serialize;

/// The normalised state of an ADR, from its status text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AdrState {
    /// Under discussion.
    Proposed,
    /// In force.
    Accepted,
    /// No longer in force, with no successor.
    Deprecated,
    /// Replaced by another ADR (`superseded_by` names it when known).
    Superseded,
    /// Decided against (MADR, adr-tools).
    Rejected,
    /// A status text none of the above words starts.
    Other,
    /// No status found.
    Missing,
}

impl AdrState {
    /// The state a status text starts with (case-insensitive).
    #[must_use]
    pub fn of(status: &str) -> Self {
        let lower = status.trim().to_ascii_lowercase();
        let word = lower.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
        match word {
            "" => Self::Missing,
            "proposed" | "draft" | "open" => Self::Proposed,
            "accepted" | "approved" | "adopted" => Self::Accepted,
            "deprecated" => Self::Deprecated,
            "superseded" | "superceded" => Self::Superseded,
            "rejected" | "declined" => Self::Rejected,
            _ => Self::Other,
        }
    }

    /// The word draft writes for this state, capitalised (`Accepted`).
    #[must_use]
    pub fn word(self) -> Option<&'static str> {
        Some(match self {
            Self::Proposed => "Proposed",
            Self::Accepted => "Accepted",
            Self::Deprecated => "Deprecated",
            Self::Superseded => "Superseded",
            Self::Rejected => "Rejected",
            Self::Other | Self::Missing => return None,
        })
    }
}

/// `ADR-004` as draft writes references (three digits at least).
#[must_use]
pub fn adr_id(n: u32) -> String {
    format!("ADR-{n:03}")
}

/// The number a file name starts with (`0004-use-x.md` → 4).
#[must_use]
pub fn file_number(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.parse().ok()
}

/// `ADR-004`, `ADR 4`, `adr-0004` or a bare `004` → 4. Trailing text after
/// the digits is allowed only when `rest_ok`.
fn adr_number(text: &str, rest_ok: bool) -> Option<(u32, &str)> {
    let t = text.trim_start();
    let after =
        if t.len() >= 3 && t[..3].eq_ignore_ascii_case("adr") { t[3..].trim_start_matches(['-', ' ', '_']) } else { t };
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = &after[digits..];
    if !rest_ok && !rest.trim().is_empty() {
        return None;
    }
    Some((after[..digits].parse().ok()?, rest))
}

/// An ADR number as a user types it on the command line: `4`, `004`,
/// `ADR-004`, `adr-4`.
#[must_use]
pub fn parse_arg(text: &str) -> Option<u32> {
    adr_number(text, false).map(|(n, _)| n)
}

/// One reference to another ADR: `ADR-004`, `[ADR-0004](0004-x.md)`,
/// `[4. Use X](0004-use-x.md)`; the number comes from the link text, else
/// from the link target's file name.
#[must_use]
pub fn parse_ref(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches(['.', ';']);
    if let Some(inner) = t.strip_prefix('[') {
        let close = inner.find("](")?;
        let label = &inner[..close];
        let target = inner[close + 2..].strip_suffix(')')?;
        let from_label = adr_number(label, true).filter(|(_, rest)| {
            let r = rest.trim_start();
            r.is_empty() || r.starts_with(['.', ':', ' ', '-'])
        });
        return from_label.map(|(n, _)| n).or_else(|| file_number(target.rsplit('/').next().unwrap_or(target)));
    }
    adr_number(t, false).map(|(n, _)| n)
}

/// A comma-separated list of references (`ADR-003, ADR-005`); `None` unless
/// every item is one.
#[must_use]
pub fn parse_ref_list(text: &str) -> Option<Vec<u32>> {
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if items.is_empty() {
        return None;
    }
    items.into_iter().map(parse_ref).collect()
}

/// `Amends ADR-003` or `Superseded by [2. Use X](0002-use-x.md)`: the kind
/// and the number, for a relation line written as prose (adr-tools' Status
/// section, MADR's status value).
#[must_use]
pub fn parse_relation_line(line: &str) -> Option<(String, u32)> {
    let t = line.trim().trim_start_matches(['-', '*', '+']).trim_start();
    let at = t.find('[').into_iter().chain(find_adr_word(t)).min()?;
    let kind = t[..at].trim().trim_end_matches(':').trim();
    if kind.is_empty() || !kind.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-') {
        return None;
    }
    Some((kind.to_owned(), parse_ref(&t[at..])?))
}

/// Byte offset of the first `ADR` word followed by a number.
fn find_adr_word(t: &str) -> Option<usize> {
    let lower = t.to_ascii_lowercase();
    lower.match_indices("adr").map(|(i, _)| i).find(|&i| {
        let before_ok = i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric();
        before_ok && adr_number(&t[i..], true).is_some()
    })
}

/// A `**Key:** value` (or `**Key**: value`) line: the key and the value's
/// byte range inside `line`.
#[must_use]
pub fn bold_field(line: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let indent = line.len() - line.trim_start().len();
    let rest = line[indent..].strip_prefix("**")?;
    let close = rest.find("**")?;
    let inner = &rest[..close];
    let after = &rest[close + 2..];
    let (key, after_colon) = match inner.strip_suffix(':') {
        Some(key) => (key, after),
        None => (inner, after.strip_prefix(':')?),
    };
    if key.trim().is_empty() || key.contains('*') {
        return None;
    }
    let lead = after_colon.len() - after_colon.trim_start().len();
    let start = line.len() - after_colon.len() + lead;
    let end = line.trim_end().len().max(start);
    Some((key.trim(), start..end))
}

/// A `* Key: value` bullet (MADR 2's header) or a bare `Key: value` line
/// (adr-tools' `Date:`): the key and the value's byte range inside `line`.
#[must_use]
pub fn plain_field(line: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let body = line.trim_start();
    let body = body.strip_prefix(['*', '-']).map_or(body, str::trim_start);
    let colon = body.find(':')?;
    let key = &body[..colon];
    if key.is_empty() || key.len() > 20 || !key.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
        return None;
    }
    let value = &body[colon + 1..];
    // `Key: value`, never a URL's `https://`.
    if !(value.is_empty() || value.starts_with([' ', '\t'])) {
        return None;
    }
    let start = line.len() - value.len() + (value.len() - value.trim_start().len());
    let end = line.trim_end().len().max(start);
    Some((key, start..end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_every_spelling() {
        assert_eq!(parse_ref("ADR-004"), Some(4));
        assert_eq!(parse_ref("adr 12"), Some(12));
        assert_eq!(parse_ref("[ADR-0005](0005-example.md)"), Some(5));
        assert_eq!(parse_ref("[2. Use PostgreSQL](0002-use-postgresql.md)"), Some(2));
        assert_eq!(parse_ref("[the old one](docs/adr/0007-old.md)"), Some(7));
        assert_eq!(parse_ref("soon"), None);
        assert_eq!(parse_ref_list("ADR-003, ADR-005"), Some(vec![3, 5]));
        assert_eq!(parse_ref_list("ADR-003, later"), None);
    }

    #[test]
    fn relation_lines_and_fields() {
        assert_eq!(
            parse_relation_line("Superseded by [3. Use X](0003-use-x.md)"),
            Some(("Superseded by".to_owned(), 3))
        );
        assert_eq!(parse_relation_line("Amends ADR-002"), Some(("Amends".to_owned(), 2)));
        assert_eq!(parse_relation_line("superseded by [ADR-0005](0005-example.md)"), Some(("superseded by".into(), 5)));
        assert_eq!(parse_relation_line("Accepted"), None);
        let line = "**Status:** Superseded by ADR-004  ";
        let (key, range) = bold_field(line).expect("field");
        assert_eq!((key, &line[range]), ("Status", "Superseded by ADR-004"));
        let line = "**Date**: 2026-01-02";
        assert_eq!(bold_field(line).map(|(k, r)| (k, &line[r])), Some(("Date", "2026-01-02")));
        let line = "* Status: accepted";
        assert_eq!(plain_field(line).map(|(k, r)| (k, &line[r])), Some(("Status", "accepted")));
        assert_eq!(plain_field("See https://example.com for more"), None);
    }

    #[test]
    fn states_and_arguments() {
        assert_eq!(AdrState::of("Superseded by ADR-002"), AdrState::Superseded);
        assert_eq!(AdrState::of("accepted"), AdrState::Accepted);
        assert_eq!(AdrState::of("On hold"), AdrState::Other);
        assert_eq!(AdrState::of(""), AdrState::Missing);
        assert_eq!(parse_arg("ADR-007"), Some(7));
        assert_eq!(parse_arg("007"), Some(7));
        assert_eq!(parse_arg("7x"), None);
        assert_eq!(file_number("0012-x.md"), Some(12));
        assert_eq!(file_number("README.md"), None);
    }
}
