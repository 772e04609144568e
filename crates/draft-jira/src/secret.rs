//! The API token and everything derived from it: held in memory only,
//! never printed, and scrubbed from every message that leaves the crate.
//!
//! [`Secret`] has no `Serialize` and a `Debug`/`Display` that print
//! `[redacted]`, so a token cannot reach a report or a log by accident.
//! [`Redactor`] knows every spelling of the credential that could come back
//! in a server's answer or a transport error — the token, the base64 of
//! `email:token` sent in the `Authorization` header, and that pair in
//! clear — and replaces each with `[redacted]`.

use base64::Engine as _;
use std::fmt;

/// What a redacted value is replaced with.
pub const REDACTED: &str = "[redacted]";

/// A credential that must never be shown.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a credential.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that sends it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The account that creates the issues: an email and an API token.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The Atlassian account's email.
    pub email: String,
    /// The API token (id.atlassian.com → Security → API tokens).
    pub token: Secret,
}

impl Credentials {
    /// The `Authorization` header value: HTTP basic with `email:token`.
    #[must_use]
    pub fn header(&self) -> Secret {
        let pair = format!("{}:{}", self.email, self.token.expose());
        Secret::new(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
    }

    /// A redactor for every spelling of this credential.
    #[must_use]
    pub fn redactor(&self) -> Redactor {
        let pair = format!("{}:{}", self.email, self.token.expose());
        let encoded = base64::engine::general_purpose::STANDARD.encode(&pair);
        Redactor::new([self.token.expose().to_owned(), encoded, pair])
    }
}

/// Replaces known secret strings in text.
#[derive(Clone, Default)]
pub struct Redactor {
    needles: Vec<String>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.needles.len())
    }
}

impl Redactor {
    /// A redactor for these values (empty ones are ignored).
    #[must_use]
    pub fn new(values: impl IntoIterator<Item = String>) -> Self {
        let mut needles: Vec<String> = values.into_iter().filter(|v| !v.is_empty()).collect();
        // Longest first, so a value containing another is replaced whole.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Self { needles }
    }

    /// `text` with every secret replaced by [`REDACTED`].
    #[must_use]
    pub fn apply(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), REDACTED);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials { email: "dev@example.com".into(), token: Secret::new("tok-123") }
    }

    #[test]
    fn secrets_never_print() {
        let c = creds();
        assert_eq!(format!("{:?} {}", c.token, c.token), "[redacted] [redacted]");
        assert!(!format!("{c:?}").contains("tok-123"));
        assert!(!format!("{:?}", c.header()).contains("Basic"));
    }

    #[test]
    fn every_spelling_is_redacted() {
        let c = creds();
        let header = c.header().expose().to_owned();
        let encoded = header.strip_prefix("Basic ").expect("basic");
        let r = c.redactor();
        let text = format!("token tok-123, header {header}, pair dev@example.com:tok-123, raw {encoded}");
        let out = r.apply(&text);
        assert!(!out.contains("tok-123") && !out.contains(encoded), "{out}");
        assert_eq!(out, "token [redacted], header Basic [redacted], pair [redacted], raw [redacted]");
        assert_eq!(Redactor::default().apply("as is"), "as is");
    }
}
