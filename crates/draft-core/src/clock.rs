//! The one source of "now" for every engine.
//!
//! Generated documents carry timestamps; tests and reproducible runs pin them
//! by setting `DRAFT_NOW` to an RFC 3339 timestamp. Nothing else in draft
//! reads the system clock.

use jiff::Timestamp;

/// The environment variable that pins the clock.
pub const NOW_ENV: &str = "DRAFT_NOW";

/// Current time: `DRAFT_NOW` when set and valid, else the system clock.
#[must_use]
pub fn now() -> Timestamp {
    std::env::var(NOW_ENV).ok().and_then(|v| v.trim().parse::<Timestamp>().ok()).unwrap_or_else(Timestamp::now)
}

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
