//! The languages the graph understands: which files belong to which
//! language, and the tree-sitter grammar behind each (one cargo feature per
//! language, so a build can leave grammars out).

use serde::{Deserialize, Serialize};
use std::path::Path;

/// A source language the graph extracts modules and imports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// `.rs`
    Rust,
    /// `.py`, `.pyi`
    Python,
    /// `.js`, `.jsx`, `.mjs`, `.cjs`
    JavaScript,
    /// `.ts`, `.mts`, `.cts` (`.d.ts` included)
    TypeScript,
    /// `.tsx`
    Tsx,
    /// `.go`
    Go,
    /// `.java`
    Java,
    /// `.c`, `.h`
    C,
    /// `.cc`, `.cpp`, `.cxx`, `.hh`, `.hpp`, `.hxx`
    Cpp,
}

impl Language {
    /// Every language, in a fixed order.
    pub const ALL: [Language; 9] = [
        Self::Rust,
        Self::Python,
        Self::JavaScript,
        Self::TypeScript,
        Self::Tsx,
        Self::Go,
        Self::Java,
        Self::C,
        Self::Cpp,
    ];

    /// The language of a file, from its extension; `None` for anything else.
    /// `.h` counts as C: a header has no marker saying which it is, and the
    /// C++ grammar would parse C headers too, but include resolution is the same.
    #[must_use]
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        Some(match ext {
            "rs" => Self::Rust,
            "py" | "pyi" => Self::Python,
            "js" | "jsx" | "mjs" | "cjs" => Self::JavaScript,
            "ts" | "mts" | "cts" => Self::TypeScript,
            "tsx" => Self::Tsx,
            "go" => Self::Go,
            "java" => Self::Java,
            "c" | "h" => Self::C,
            "cc" | "cpp" | "cxx" | "c++" | "hh" | "hpp" | "hxx" | "h++" | "ipp" => Self::Cpp,
            _ => return None,
        })
    }

    /// The lowercase name used in JSON and on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Rust => "rust",
            Self::Python => "python",
            Self::JavaScript => "javascript",
            Self::TypeScript => "typescript",
            Self::Tsx => "tsx",
            Self::Go => "go",
            Self::Java => "java",
            Self::C => "c",
            Self::Cpp => "cpp",
        }
    }

    /// Whether the language belongs to the Node family (shared resolution).
    #[must_use]
    pub fn is_node(self) -> bool {
        matches!(self, Self::JavaScript | Self::TypeScript | Self::Tsx)
    }

    /// The tree-sitter grammar, or `None` when this build left it out.
    #[must_use]
    pub fn grammar(self) -> Option<tree_sitter::Language> {
        match self {
            #[cfg(feature = "rust")]
            Self::Rust => Some(tree_sitter_rust::LANGUAGE.into()),
            #[cfg(feature = "python")]
            Self::Python => Some(tree_sitter_python::LANGUAGE.into()),
            #[cfg(feature = "javascript")]
            Self::JavaScript => Some(tree_sitter_javascript::LANGUAGE.into()),
            #[cfg(feature = "typescript")]
            Self::TypeScript => Some(tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()),
            #[cfg(feature = "typescript")]
            Self::Tsx => Some(tree_sitter_typescript::LANGUAGE_TSX.into()),
            #[cfg(feature = "go")]
            Self::Go => Some(tree_sitter_go::LANGUAGE.into()),
            #[cfg(feature = "java")]
            Self::Java => Some(tree_sitter_java::LANGUAGE.into()),
            #[cfg(feature = "c")]
            Self::C => Some(tree_sitter_c::LANGUAGE.into()),
            #[cfg(feature = "cpp")]
            Self::Cpp => Some(tree_sitter_cpp::LANGUAGE.into()),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

pub use draft_model::files::FileClass;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grammar_loads_into_a_parser() {
        for lang in Language::ALL {
            let grammar = lang.grammar().unwrap_or_else(|| panic!("{} grammar not built", lang.name()));
            let mut parser = tree_sitter::Parser::new();
            // An ABI mismatch between a grammar crate and tree-sitter shows up here.
            parser.set_language(&grammar).unwrap_or_else(|e| panic!("{}: {e}", lang.name()));
            let tree = parser.parse("x", None);
            assert!(tree.is_some(), "{} parses", lang.name());
        }
    }

    #[test]
    fn languages_by_extension() {
        assert_eq!(Language::of(Path::new("a/b.tsx")), Some(Language::Tsx));
        assert_eq!(Language::of(Path::new("a/b.hpp")), Some(Language::Cpp));
        assert_eq!(Language::of(Path::new("a/b.h")), Some(Language::C));
        assert_eq!(Language::of(Path::new("Makefile")), None);
    }
}
