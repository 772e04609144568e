//! How instants are written into documents (UTC, whole seconds).
//!
//! "Now" itself is injected: engines ask the workspace's
//! [`Clock`](crate::workspace::Clock), which the caller pins from
//! `DRAFT_NOW` once per process.

use jiff::Timestamp;

/// `2026-02-14T22:53:30Z`: UTC, whole seconds.
#[must_use]
pub fn iso(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `2026-02-14` in UTC.
#[must_use]
pub fn date(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%d").to_string()
}

/// `20260214` in UTC, for id suffixes.
#[must_use]
pub fn compact_date(ts: Timestamp) -> String {
    ts.strftime("%Y%m%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let ts: Timestamp = "2026-02-14T22:53:30.25+01:00".parse().expect("ts");
        assert_eq!(iso(ts), "2026-02-14T21:53:30Z");
        assert_eq!(date(ts), "2026-02-14");
        assert_eq!(compact_date(ts), "20260214");
    }
}
