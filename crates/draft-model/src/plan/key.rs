//! [`PhaseKey`]: what a task ref calls a group of tasks — the number written
//! in its heading (`0`, `2b`, `1.5`) or, without one, its position.
//!
//! Keys are short ASCII strings stored inline, so [`super::TaskPos`] stays
//! `Copy` and its `Display` can print the ref (`2b.1`) without the plan.

use serde::{Serialize, Serializer};
use std::fmt;

/// The longest phase number kept as a key; longer ones fall back to positions.
const CAP: usize = 15;

/// A group's name in task refs, e.g. `2b` in `2b.1`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PhaseKey {
    len: u8,
    bytes: [u8; CAP],
}

impl PhaseKey {
    /// A key from a written number: ASCII letters, digits and dots, at most
    /// 15 bytes; `None` otherwise.
    #[must_use]
    pub fn new(text: &str) -> Option<Self> {
        if text.is_empty() || text.len() > CAP || !text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
            return None;
        }
        let mut bytes = [0; CAP];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Some(Self { len: u8::try_from(text.len()).ok()?, bytes })
    }

    /// The key of a group without a number: its 1-based position.
    #[must_use]
    pub fn position(position: usize) -> Self {
        Self::new(&position.to_string()).unwrap_or_default()
    }

    /// The key's text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// True when a ref's phase part names this key: the same text ignoring
    /// ASCII case, or the same integer (`01` is `1`).
    #[must_use]
    pub fn matches(&self, text: &str) -> bool {
        let own = self.as_str();
        if own.eq_ignore_ascii_case(text) {
            return true;
        }
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        all_digits(own) && all_digits(text) && own.trim_start_matches('0') == text.trim_start_matches('0')
    }
}

impl fmt::Display for PhaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PhaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl Serialize for PhaseKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hold_short_ascii_and_match_numbers() {
        let key = PhaseKey::new("2b").expect("key");
        assert_eq!((key.as_str(), key.to_string(), format!("{key:?}")), ("2b", "2b".to_owned(), "\"2b\"".to_owned()));
        assert!(key.matches("2B") && !key.matches("2"));
        assert!(PhaseKey::new("01").expect("key").matches("1"));
        assert!(PhaseKey::new("0").expect("key").matches("000") && !PhaseKey::new("0").expect("key").matches(""));
        assert_eq!(PhaseKey::new(""), None);
        assert_eq!(PhaseKey::new("é"), None);
        assert_eq!(PhaseKey::new("1234567890123456"), None);
        assert_eq!(PhaseKey::position(12).as_str(), "12");
    }
}
