//! The HTTP side: one call, `POST /rest/api/3/issue`, over ureq with rustls
//! (blocking, no OpenSSL), and the retry policy around it.
//!
//! # Retry policy
//!
//! Creating an issue is not idempotent, so a request is repeated only when
//! Jira says it did not process it:
//!
//! - **429 Too Many Requests** is retried, up to [`MAX_ATTEMPTS`] tries in
//!   all, after the wait `Retry-After` asks for (seconds or an HTTP date; 1,
//!   2, 4 … seconds when the header is absent), each wait capped at the
//!   configured `max_wait`.
//! - **5xx** is never retried: the server may have created the issue before
//!   failing, and a retry could make a duplicate. The run stops; every key
//!   created before it is already written back, so the next run creates
//!   only the rest.
//! - **Other 4xx** (bad field, no permission, bad credentials) stop the run:
//!   repeating cannot help.
//! - A connection that could not be opened stops the run (nothing was sent);
//!   one that failed after sending stops it too, flagged as possibly created.
//! - Redirects are not followed: the `Authorization` header must not travel
//!   to another address, and a redirect means `base_url` is not the site's
//!   API address.
//!
//! Every message that leaves this module went through the credentials'
//! [`Redactor`]: Jira echoing a header, or a transport error quoting a URL,
//! never shows the token.

use crate::secret::{Credentials, Redactor, Secret};
use serde_json::Value;
use std::time::Duration;

/// Tries per request while Jira answers 429.
pub const MAX_ATTEMPTS: u32 = 5;
/// The longest answer body read.
const BODY_LIMIT: u64 = 1024 * 1024;
/// How much of an error answer a message quotes.
const DETAIL_MAX: usize = 300;

/// Why a request did not create an issue. Every text is redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Jira refused the request (a 3xx or 4xx): nothing was created.
    Refused {
        /// The status code.
        status: u16,
        /// What Jira said.
        detail: String,
    },
    /// Jira failed (a 5xx): the issue may exist anyway.
    Server {
        /// The status code.
        status: u16,
        /// What Jira said.
        detail: String,
    },
    /// Still rate limited after [`MAX_ATTEMPTS`] tries.
    RateLimited {
        /// Tries made.
        attempts: u32,
    },
    /// The request could not be completed.
    Transport {
        /// What went wrong.
        detail: String,
        /// The request may have reached Jira.
        maybe_sent: bool,
    },
    /// A success answer without a usable key.
    BadAnswer {
        /// What came back.
        detail: String,
    },
}

impl Failure {
    /// Whether the issue may have been created even so.
    #[must_use]
    pub fn maybe_created(&self) -> bool {
        match self {
            Self::Server { .. } | Self::BadAnswer { .. } => true,
            Self::Transport { maybe_sent, .. } => *maybe_sent,
            Self::Refused { .. } | Self::RateLimited { .. } => false,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused { status, detail } | Self::Server { status, detail } => {
                write!(
                    f,
                    "Jira answered {status}{}",
                    if detail.is_empty() { String::new() } else { format!(": {detail}") }
                )
            }
            Self::RateLimited { attempts } => {
                write!(f, "Jira still answered 429 (rate limited) after {attempts} tries")
            }
            Self::Transport { detail, .. } => write!(f, "the request failed: {detail}"),
            Self::BadAnswer { detail } => write!(f, "Jira's answer holds no issue key: {detail}"),
        }
    }
}

/// A created issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Its key, e.g. `PROJ-124`.
    pub key: String,
    /// How many 429 answers were waited out first.
    pub rate_limited: u32,
}

/// A Jira site and the account that writes to it.
pub struct Client {
    agent: ureq::Agent,
    url: String,
    auth: Secret,
    redactor: Redactor,
    max_wait: Duration,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("url", &self.url).field("max_wait", &self.max_wait).finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the site at `base_url` (no trailing `/`).
    #[must_use]
    pub fn new(base_url: &str, credentials: &Credentials, max_wait: Duration) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(format!("draft/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self {
            agent,
            url: format!("{base_url}/rest/api/3/issue"),
            auth: credentials.header(),
            redactor: credentials.redactor(),
            max_wait,
        }
    }

    /// The redactor for this client's credentials.
    #[must_use]
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// `POST /rest/api/3/issue` with `{"fields": fields}`, honouring 429s.
    pub fn create_issue(&self, fields: &Value) -> Result<Created, Failure> {
        let body = serde_json::json!({ "fields": fields }).to_string();
        let mut rate_limited = 0;
        for attempt in 1..=MAX_ATTEMPTS {
            let (status, retry_after, text) = self.post(&body)?;
            match status {
                200..=299 => return self.created(&text).map(|key| Created { key, rate_limited }),
                429 if attempt < MAX_ATTEMPTS => {
                    rate_limited += 1;
                    std::thread::sleep(wait_for(retry_after.as_deref(), attempt).min(self.max_wait));
                }
                429 => return Err(Failure::RateLimited { attempts: attempt }),
                500.. => return Err(Failure::Server { status, detail: self.detail(&text) }),
                _ => return Err(Failure::Refused { status, detail: self.detail(&text) }),
            }
        }
        Err(Failure::RateLimited { attempts: MAX_ATTEMPTS })
    }

    /// One request: the status, the `Retry-After` header and the body (or
    /// `Location` for a redirect).
    fn post(&self, body: &str) -> Result<(u16, Option<String>, String), Failure> {
        let sent = self
            .agent
            .post(&self.url)
            .header("Authorization", self.auth.expose())
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .send(body);
        let mut response = sent.map_err(|e| self.transport(&e))?;
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let retry_after = header("retry-after");
        if (300..400).contains(&status) {
            let to = header("location").unwrap_or_default();
            let detail = format!(
                "a redirect to {to:?}; base_url must be the site's own address (https://<site>.atlassian.net), which draft does not leave"
            );
            return Ok((status, None, detail));
        }
        let text = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_string()
            .map_err(|e| Failure::Transport { detail: self.redactor.apply(&e.to_string()), maybe_sent: true })?;
        Ok((status, retry_after, text))
    }

    fn transport(&self, e: &ureq::Error) -> Failure {
        use ureq::Error as E;
        use ureq::Timeout as T;
        let not_sent = matches!(
            e,
            E::HostNotFound
                | E::ConnectionFailed
                | E::BadUri(_)
                | E::Tls(_)
                | E::Rustls(_)
                | E::Timeout(T::Resolve | T::Connect)
        );
        let detail = match e {
            E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            other => other.to_string(),
        };
        let refused = matches!(e, E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused);
        Failure::Transport {
            detail: format!("{} ({})", self.redactor.apply(&detail), self.url),
            maybe_sent: !(not_sent || refused),
        }
    }

    fn created(&self, text: &str) -> Result<String, Failure> {
        let key = serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.get("key").and_then(Value::as_str).map(str::to_owned))
            .filter(|k| draft_model::plan::is_jira_key(k));
        key.ok_or_else(|| Failure::BadAnswer { detail: self.detail(text) })
    }

    /// What an answer says, shortly: Jira's `errorMessages` and `errors`,
    /// else the start of the body; redacted.
    fn detail(&self, text: &str) -> String {
        let mut parts = Vec::new();
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            if let Some(messages) = v.get("errorMessages").and_then(Value::as_array) {
                parts.extend(messages.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            if let Some(errors) = v.get("errors").and_then(Value::as_object) {
                parts.extend(errors.iter().map(|(k, m)| format!("{k}: {}", m.as_str().unwrap_or_default())));
            }
        }
        let raw =
            if parts.is_empty() { text.split_whitespace().collect::<Vec<_>>().join(" ") } else { parts.join("; ") };
        let mut out = self.redactor.apply(&raw);
        if out.chars().count() > DETAIL_MAX {
            out = out.chars().take(DETAIL_MAX).collect::<String>() + "…";
        }
        out
    }
}

/// How long a 429 asks to wait: `Retry-After` in seconds or as an HTTP
/// date, else 1, 2, 4 … seconds by attempt.
fn wait_for(retry_after: Option<&str>, attempt: u32) -> Duration {
    let backoff = Duration::from_secs(1 << attempt.saturating_sub(1).min(6));
    let Some(value) = retry_after.map(str::trim) else { return backoff };
    if let Ok(secs) = value.parse::<f64>()
        && secs.is_finite()
        && secs >= 0.0
    {
        return Duration::from_secs_f64(secs.min(86_400.0));
    }
    static PARSER: jiff::fmt::rfc2822::DateTimeParser = jiff::fmt::rfc2822::DateTimeParser::new();
    match PARSER.parse_timestamp(value) {
        Ok(at) => {
            let secs = at.as_second().saturating_sub(jiff::Timestamp::now().as_second());
            Duration::from_secs(u64::try_from(secs).unwrap_or(0))
        }
        Err(_) => backoff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_dates_or_backoff() {
        assert_eq!(wait_for(Some("1"), 1), Duration::from_secs(1));
        assert_eq!(wait_for(Some(" 0.25 "), 1), Duration::from_millis(250));
        assert_eq!(wait_for(None, 1), Duration::from_secs(1));
        assert_eq!(wait_for(None, 3), Duration::from_secs(4));
        assert_eq!(wait_for(Some("soon"), 2), Duration::from_secs(2));
        assert_eq!(wait_for(Some("Wed, 21 Oct 2015 07:28:00 GMT"), 1), Duration::ZERO, "a date in the past");
    }

    #[test]
    fn failure_messages_and_duplicate_risk() {
        let f = Failure::Server { status: 500, detail: "boom".into() };
        assert_eq!(f.to_string(), "Jira answered 500: boom");
        assert!(f.maybe_created());
        assert!(!Failure::RateLimited { attempts: 5 }.maybe_created());
        assert!(!Failure::Transport { detail: "x".into(), maybe_sent: false }.maybe_created());
    }

    #[test]
    fn details_are_short_and_redacted() {
        let creds = Credentials { email: "a@b.c".into(), token: crate::secret::Secret::new("sekrit") };
        let client = Client::new("http://127.0.0.1:9", &creds, Duration::ZERO);
        let d = client.detail(r#"{"errorMessages":["token sekrit is bad"],"errors":{"summary":"required"}}"#);
        assert_eq!(d, "token [redacted] is bad; summary: required");
        assert_eq!(client.detail(&"x".repeat(400)).chars().count(), DETAIL_MAX + 1);
        assert!(!format!("{client:?}").contains("sekrit"));
    }
}
