//! A document's frontmatter, read once and shared by the frontmatter rules.
//!
//! The YAML is read untyped (so a quoted `"false"` is told apart from a
//! boolean), by the quick reader when the block has the pinned shape and by
//! serde-saphyr otherwise; the typed parser of `draft-model` runs only when an error must
//! be worded (bad syntax, or a value of the wrong type for the pinned block),
//! so its located message is the one users see. Keys are located by a line
//! lookup inside the block, which `--fix` also uses to rewrite one value.

use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::frontmatter::{self, FrontmatterBlock};
use serde_json::{Map, Value};

mod quick;

/// Git keys of the pinned block that hold strings.
pub const GIT_STRINGS: &[&str] = &["branch", "remote", "commit", "commit_short", "commit_date", "commit_message"];

/// What a document's frontmatter turned out to be.
#[derive(Debug, Clone)]
pub enum FmState {
    /// No block. `unclosed` when line 1 opens one that never closes.
    Absent {
        /// A `---` on line 1 without its closing line.
        unclosed: bool,
    },
    /// A block with nothing in it.
    Empty,
    /// YAML that does not parse, or values the pinned block cannot hold: the
    /// typed parser's located `frontmatter-yaml` diagnostic.
    Invalid(Box<Diagnostic>),
    /// Valid YAML that is not a mapping of keys.
    NotMapping,
    /// YAML only the typed parser accepts: nothing more is checked.
    Opaque,
    /// The keys, read untyped.
    Map {
        /// Top-level keys.
        map: Map<String, Value>,
        /// Where the block sits.
        block: FrontmatterBlock,
    },
}

impl FmState {
    /// Read the frontmatter of `src`; `rel` names the file in diagnostics.
    #[must_use]
    pub fn read(src: &str, rel: &str) -> Self {
        let Some(block) = frontmatter::locate(src) else {
            return Self::Absent { unclosed: frontmatter::is_unclosed(src) };
        };
        let yaml = &src[block.yaml.clone()];
        if yaml.trim().is_empty() {
            return Self::Empty;
        }
        let read = quick::read(yaml).map(Value::Object).ok_or(()).or_else(|()| serde_saphyr::from_str::<Value>(yaml));
        match read {
            Ok(Value::Object(map)) => {
                if !typed_fields_fit(&map)
                    && let Err(d) = frontmatter::parse(src, &block, rel)
                {
                    return Self::Invalid(d);
                }
                Self::Map { map, block }
            }
            Ok(_) => Self::NotMapping,
            Err(_) => match frontmatter::parse(src, &block, rel) {
                Err(d) => Self::Invalid(d),
                Ok(_) => Self::Opaque,
            },
        }
    }
}

/// True when the typed `Frontmatter` certainly accepts these values (every
/// pinned key absent, null or of its own type). When this says no, the typed
/// parser decides, since it also accepts some other scalars.
fn typed_fields_fit(map: &Map<String, Value>) -> bool {
    let stringish = |v: Option<&Value>| matches!(v, None | Some(Value::Null | Value::String(_)));
    let top = ["project", "module", "track_id", "generated_by", "generated_at", "synced_to_commit"];
    if !top.iter().all(|k| stringish(map.get(*k))) {
        return false;
    }
    match map.get("git") {
        None | Some(Value::Null) => true,
        Some(Value::Object(git)) => {
            GIT_STRINGS.iter().all(|k| stringish(git.get(*k)))
                && matches!(git.get("dirty"), None | Some(Value::Null | Value::Bool(_)))
        }
        Some(_) => false,
    }
}

/// True for exactly 40 lowercase or uppercase hex digits.
#[must_use]
pub fn is_full_sha(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Finds where a key sits inside the YAML block.
pub struct KeyLocator<'a> {
    /// The whole document.
    pub src: &'a str,
    /// Its frontmatter block.
    pub block: &'a FrontmatterBlock,
}

impl KeyLocator<'_> {
    /// Byte range of the value of `key` (under `parent` when given), or of the key.
    #[must_use]
    pub fn value_span(&self, parent: Option<&str>, key: &str) -> Option<std::ops::Range<usize>> {
        let found = frontmatter::find_key(self.src, self.block, parent, key)?;
        let (line, indent) = (found.line, found.indent);
        let value = found.value.trim_end();
        let value = value.split(" #").next().unwrap_or(value).trim_end();
        if value.is_empty() {
            let start = line.start + indent;
            return Some(start..start + key.len());
        }
        let offset = line.text.find(value).unwrap_or(indent);
        let start = line.start + offset;
        Some(start..start + value.len())
    }

    /// (line, column) of a key's value; (1, 1) when not found. The block is
    /// at the top of the file, so locating from the start is cheap.
    #[must_use]
    pub fn position(&self, parent: Option<&str>, key: &str) -> (usize, usize) {
        self.value_span(parent, key).map_or((1, 1), |s| {
            let d = Diagnostic::file("", Severity::Info, "", "").at_span(self.src, s);
            (d.line, d.column)
        })
    }

    /// Place `d` at the value of `key`, or at 1:1 when it is not found.
    #[must_use]
    pub fn place(&self, d: Diagnostic, parent: Option<&str>, key: &str) -> Diagnostic {
        match self.value_span(parent, key) {
            Some(span) => d.at_span(self.src, span),
            None => d.at(1, 1),
        }
    }
}
