//! The quick reader of frontmatter in the pinned shape.
//!
//! Nearly every Draft document opens with the block its template pins: a
//! mapping of plain keys to quoted strings, one nested `git:` mapping and a
//! plain `true`/`false`. This module reads such a block straight from the
//! events of granit-parser (the parser serde-saphyr itself runs on), which
//! costs well under half of a full serde-saphyr deserialisation. It settles
//! only what needs no YAML typing rules of its own: quoted and block
//! scalars are strings; a plain scalar is taken when its type cannot be in
//! doubt (`true`, `false`, the null spellings, text opening with a letter no
//! boolean, null or number can open with). Anything else — numbers, other
//! booleans, tags, anchors, aliases, sequences, duplicate or odd keys, a
//! parse error — returns `None`, and the caller reads the block with
//! serde-saphyr as before. A property test holds the two readers equal on
//! every block this one accepts.

use granit_parser::{Event, Parser, ScalarStyle, StructureStyle};
use serde_json::{Map, Value};

/// The block's top-level mapping, or `None` when serde-saphyr must decide.
pub(super) fn read(yaml: &str) -> Option<Map<String, Value>> {
    let mut events = Parser::new_from_str(yaml).map(|res| res.ok().map(|(event, _span)| event));
    if !matches!(events.next()??, Event::StreamStart) || !matches!(events.next()??, Event::DocumentStart(false, None)) {
        return None;
    }
    let Event::MappingStart(StructureStyle::Block, 0, None) = events.next()?? else { return None };
    let map = mapping(&mut events, 0)?;
    if !matches!(events.next()??, Event::DocumentEnd) || !matches!(events.next()??, Event::StreamEnd) {
        return None;
    }
    Some(map)
}

/// Nesting past the pinned block's one level is left to serde-saphyr.
const MAX_DEPTH: usize = 2;

/// The rest of a mapping whose start event was just read.
fn mapping<'a>(events: &mut impl Iterator<Item = Option<Event<'a>>>, depth: usize) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    loop {
        let key = match events.next()?? {
            Event::MappingEnd => return Some(map),
            Event::Scalar(key, ScalarStyle::Plain, 0, None) if plain_key(&key) => key.into_owned(),
            _ => return None,
        };
        let value = match events.next()?? {
            Event::Scalar(text, style, 0, None) => scalar(text.into_owned(), style)?,
            Event::MappingStart(_, 0, None) if depth < MAX_DEPTH => Value::Object(mapping(events, depth + 1)?),
            _ => return None,
        };
        // serde-saphyr has its own policy for a repeated key.
        if map.insert(key, value).is_some() {
            return None;
        }
    }
}

/// A key serde-saphyr also reads as plain text: it opens with a letter and
/// is neither a null spelling nor the merge key.
fn plain_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic()) && !matches!(key, "null" | "Null" | "NULL")
}

/// The value of a scalar, when its type is certain.
fn scalar(text: String, style: ScalarStyle) -> Option<Value> {
    match style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted | ScalarStyle::Literal | ScalarStyle::Folded => {
            Some(Value::String(text))
        }
        ScalarStyle::Plain => match text.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "" | "~" | "null" | "Null" | "NULL" => Some(Value::Null),
            // Booleans (`yes`, `On`, `True`…), nulls and the words a float
            // parser accepts (`inf`, `NaN`…) open with one of these letters;
            // numbers open with a digit, a sign or a dot.
            t if t.starts_with(|c: char| c.is_ascii_alphabetic() && !"yYnNtTfFoOiI".contains(c)) => {
                Some(Value::String(text))
            }
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What serde-saphyr makes of the block, the reader the quick one stands in for.
    fn full(yaml: &str) -> Option<Map<String, Value>> {
        match serde_saphyr::from_str::<Value>(yaml) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        }
    }

    #[test]
    fn the_pinned_block_is_read_quickly_and_as_serde_saphyr_reads_it() {
        let yaml = "project: \"p\"\nmodule: \"root\"\ntrack_id: \"t-1\"\ngenerated_by: \"draft:new-track\"\n\
                    git:\n  branch: \"main\"\n  commit: \"abc\"\n  commit_message: \"fix: a \\\"b\\\" \\u00e9\"\n  dirty: false\n\
                    synced_to_commit: \"abc\"\n";
        let quick = read(yaml).expect("the pinned shape is read quickly");
        assert_eq!(Some(&quick), full(yaml).as_ref());
        assert_eq!(quick["git"]["commit_message"], "fix: a \"b\" é");
        assert_eq!(quick["git"]["dirty"], false);
    }

    #[test]
    fn values_whose_type_needs_yaml_rules_go_to_serde_saphyr() {
        for yaml in [
            "dirty: yes\n",
            "dirty: True\n",
            "n: 12\n",
            "when: 2026-01-01\n",
            "x: .inf\n",
            "x: nan\n",
            "x: !!str true\n",
            "x: &a \"v\"\ny: *a\n",
            "x: [a, b]\n",
            "x: \"a\"\nx: \"b\"\n",
            "<<: {a: b}\n",
            "a:\n  b:\n    c:\n      d: \"deep\"\n",
            "{a: \"flow\"}\n",
            "a: \"unterminated\n",
            "- a\n",
            "\"quoted key\": \"v\"\n",
        ] {
            assert_eq!(read(yaml), None, "{yaml:?}");
        }
    }

    fn scalar_text() -> impl Strategy<Value = String> {
        prop_oneof![
            // Plain scalars of every kind: words, numbers, booleans, nulls, odd spellings.
            prop::sample::select(vec![
                "true",
                "false",
                "True",
                "yes",
                "no",
                "on",
                "off",
                "y",
                "n",
                "null",
                "~",
                "",
                "Null",
                "NULL",
                "inf",
                "nan",
                ".inf",
                "-.inf",
                "Infinity",
                "0x1F",
                "0o17",
                "017",
                "1_000",
                "1e3",
                "-1",
                "+1",
                "3.5",
                "0",
                "main",
                "draft:init",
                "my-app",
                "a b c",
                "none",
                "root",
                "HEAD",
                "2026-01-01",
                "abc # note",
                "é",
                "x: y",
                "- z",
            ])
            .prop_map(str::to_owned),
            "[a-zA-Z0-9 :#.~+_-]{0,12}",
            // Quoted scalars, escapes included.
            "[a-zA-Z0-9 :#'\\\\]{0,10}".prop_map(|s| format!("\"{}\"", s.replace('\\', "\\\\"))),
            "[a-zA-Z0-9 :#\"]{0,10}".prop_map(|s| format!("'{s}'")),
            Just("\"a\\tb\\u00e9\"".to_owned()),
            Just("|\n    line one\n    line two".to_owned()),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-z][a-z_]{0,10}",
            1 => prop::sample::select(vec!["true", "null", "yes", "Null", "_k", "1", "<<", "a b", "é"]).prop_map(str::to_owned),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// Whatever block the quick reader accepts, serde-saphyr reads the same.
        #[test]
        fn quick_and_full_readers_agree(
            entries in prop::collection::vec((key(), scalar_text(), prop::option::of(prop::collection::vec((key(), scalar_text()), 1..4))), 1..6)
        ) {
            let mut yaml = String::new();
            for (k, v, nested) in &entries {
                match nested {
                    Some(inner) => {
                        yaml.push_str(&format!("{k}:\n"));
                        for (ik, iv) in inner {
                            yaml.push_str(&format!("  {ik}: {}\n", iv.replace('\n', "\n  ")));
                        }
                    }
                    None => yaml.push_str(&format!("{k}: {v}\n")),
                }
            }
            if let Some(quick) = read(&yaml) {
                prop_assert_eq!(Some(quick), full(&yaml), "{:?}", yaml);
            }
        }
    }
}
