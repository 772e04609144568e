//! Links to track folders and titles without markup.
//!
//! A track link is a markdown link target (`[…](./tracks/<id>/)`) or a path
//! (`` `./tracks/<id>/` ``) with a `tracks` or `archive` segment followed by
//! at least one more; the track's id is the last segment of its folder
//! ([`TrackLink::dir`]): `./tracks/archive/foo/` → `foo`,
//! `./tracks/foo/index.md` → `foo`.

use super::TrackLink;
use std::ops::Range;

impl TrackLink {
    /// The track folder the link points to, relative to the registry's
    /// directory: no leading `./`, no trailing `/`, no `#fragment`, no file
    /// name (`index.md`, `plan.md`, …). E.g. `tracks/archive/foo`.
    #[must_use]
    pub fn dir(&self) -> &str {
        folder(&self.target)
    }

    /// The track id: the folder's last segment.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        track_id(&self.target)
    }
}

fn folder(target: &str) -> &str {
    let mut t = target.trim().trim_start_matches('<').trim_end_matches('>');
    if let Some(cut) = t.find(['#', '?']) {
        t = &t[..cut];
    }
    while let Some(rest) = t.strip_prefix("./") {
        t = rest;
    }
    let t = t.trim_end_matches('/');
    match t.rsplit_once('/') {
        Some((dir, file)) if is_file(file) => dir,
        _ => t,
    }
}

fn is_file(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    [".md", ".json", ".markdown", ".txt"].iter().any(|ext| lower.ends_with(ext))
}

/// The id a link target names, when it points into `tracks/` or `archive/`.
fn track_id(target: &str) -> Option<&str> {
    let segments: Vec<&str> = folder(target).split('/').collect();
    let anchor = segments.iter().rposition(|s| matches!(*s, "tracks" | "archive"))?;
    let id = *segments.last()?;
    (anchor + 1 < segments.len() && !id.is_empty() && id != "." && id != "..").then_some(id)
}

/// The first track link in `text`: a markdown link target, else a path
/// token. The range is relative to `text`.
pub(super) fn find(text: &str) -> Option<Range<usize>> {
    let mut search = 0;
    while let Some(i) = text[search..].find("](") {
        let start = search + i + 2;
        let end = text[start..].find(')').map_or(text.len(), |j| start + j);
        if track_id(&text[start..end]).is_some() {
            return Some(start..end);
        }
        search = start;
    }
    let stop = |c: char| c.is_whitespace() || matches!(c, '`' | '(' | ')' | '[' | ']' | '<' | '>' | '*' | '"' | '\'');
    for anchor in ["tracks/", "archive/"] {
        let mut search = 0;
        while let Some(i) = text[search..].find(anchor) {
            let at = search + i;
            let start = text[..at].rfind(stop).map_or(0, |j| j + text[j..].chars().next().map_or(1, char::len_utf8));
            let end = text[at..].find(stop).map_or(text.len(), |j| at + j);
            if track_id(&text[start..end]).is_some() {
                return Some(start..end);
            }
            search = at + anchor.len();
        }
    }
    None
}

/// The link in `text` as a [`TrackLink`]; `base` is `text`'s offset.
pub(super) fn track_link(text: &str, base: usize) -> Option<TrackLink> {
    let r = find(text)?;
    Some(TrackLink { target: text[r.clone()].to_owned(), span: base + r.start..base + r.end })
}

/// A title without markdown markup: `[text](url)` becomes `text`, code
/// backticks and the bold and italic markers around words go, whitespace
/// runs become one space.
#[must_use]
pub fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        match rest[open..].find("](").map(|i| open + i) {
            Some(mid) if !rest[open + 1..mid].contains('[') => {
                out.push_str(&rest[..open]);
                out.push_str(&rest[open + 1..mid]);
                let after = &rest[mid + 2..];
                rest = after.find(')').map_or("", |j| &after[j + 1..]);
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    let out = out.replace('`', "");
    let words: Vec<&str> =
        out.split_whitespace().map(|w| w.trim_matches(['*', '_'])).filter(|w| !w.is_empty()).collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_of(text: &str) -> Option<&str> {
        find(text).and_then(|r| track_id(&text[r]))
    }

    #[test]
    fn ids_are_last_segments_after_tracks_or_archive() {
        assert_eq!(id_of("*Link: [./tracks/a_1/](./tracks/a_1/)*"), Some("a_1"));
        assert_eq!(id_of("      [./tracks/archive/foo/](./tracks/archive/foo/)_"), Some("foo"));
        assert_eq!(id_of("[T](./tracks/t/index.md)"), Some("t"));
        assert_eq!(id_of("- **Path:** `./tracks/add-csv/`"), Some("add-csv"));
        assert_eq!(id_of("[x](./conductor/tracks/old_1/#top)"), Some("old_1"));
        assert_eq!(id_of("see ./archive/new.track/"), Some("new.track"));
        assert_eq!(id_of("[Docs](https://example.com/x) tracks/"), None);
        assert_eq!(id_of("./tracks/"), None);
        assert_eq!(folder("./tracks/archive/foo/"), "tracks/archive/foo");
        assert_eq!(folder("tracks/foo/plan.md"), "tracks/foo");
    }

    #[test]
    fn markup_is_stripped() {
        assert_eq!(strip_markup("**Track: Foo** _Link:"), "Track: Foo Link:");
        assert_eq!(strip_markup("[**Foo**](./tracks/foo/)"), "Foo");
        assert_eq!(strip_markup("  _Bar_  `baz` * "), "Bar baz");
        assert_eq!(strip_markup("a [b] c"), "a [b] c");
        assert_eq!(strip_markup("user_auth"), "user_auth");
    }
}
