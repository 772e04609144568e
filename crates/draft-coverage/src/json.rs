//! What the two JSON readers share: a top-level object walked key by key,
//! with one key's value handed to a seed and every other value skipped as
//! it streams past (`IgnoredAny`), and serde_json's errors as [`ParseError`]s.

use crate::ParseError;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::io::BufRead;

/// A serde_json error, placed.
pub(crate) fn error(e: &serde_json::Error) -> ParseError {
    let line = u64::try_from(e.line()).unwrap_or(0);
    ParseError { line: (line > 0).then_some(line), offset: None, message: format!("not valid JSON here: {e}") }
}

/// Walk the top-level object of `reader`, giving the value of `key` to
/// `seed`; `Ok(false)` when the key was absent.
pub(crate) fn walk_top<R, S>(reader: R, key: &'static str, seed: S) -> Result<bool, ParseError>
where
    R: BufRead,
    S: for<'de> DeserializeSeed<'de, Value = ()>,
{
    let mut de = serde_json::Deserializer::from_reader(reader);
    let found = serde::Deserializer::deserialize_map(&mut de, Top { key, seed: Some(seed) }).map_err(|e| error(&e))?;
    de.end().map_err(|e| error(&e))?;
    Ok(found)
}

struct Top<S> {
    key: &'static str,
    seed: Option<S>,
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> Visitor<'de> for Top<S> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an object with a {:?} key", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.seed.take() {
                Some(seed) if k == self.key => {
                    map.next_value_seed(seed)?;
                    found = true;
                }
                other => {
                    self.seed = other;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}
