//! Extraction: one parse per file with tree-sitter, reduced to the facts the
//! graph needs — the raw import specifiers as written (with their line), the
//! module's own doc text, for Go and Java the declared package, and (through
//! [`crate::calls::extract`]) the definitions, call sites and import bindings. Nothing
//! here looks at other files; resolution happens later, so a cached result
//! stays valid for as long as the file's content does.

use crate::calls::CallFacts;
use crate::lang::Language;
use serde::{Deserialize, Serialize};
use tree_sitter::{Node, Parser};

/// How an import was written; resolution rules differ per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ImportKind {
    /// Rust `mod name;` (spec is the name; a `#[path = "…"]` value is the one entry of `names`).
    Mod,
    /// Rust `use a::b::c` (one per leaf of a use tree) or `extern crate`.
    Use,
    /// Python `import a.b`, JS/TS `import`/`export … from`/`require`, Go and Java `import`.
    Import,
    /// Python `from M import n…`: spec is `M` (leading dots kept), names in `names`.
    From,
    /// Java `import static a.B.m`.
    Static,
    /// C/C++ `#include "x.h"`.
    Include,
    /// C/C++ `#include <x.h>`.
    IncludeSystem,
}

/// One import as written in the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RawImport {
    /// The specifier as written (path, module or file name).
    pub spec: String,
    /// 1-based line of the import.
    pub line: u32,
    /// Which syntax it came from.
    pub kind: ImportKind,
    /// Python `from M import a, b`: the imported names (`*` for a star import).
    #[serde(default)]
    pub names: Vec<String>,
}

/// What one file says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Imports in source order.
    pub imports: Vec<RawImport>,
    /// First paragraph of the module's doc (`//!`, docstring, package comment, leading `/** */`).
    #[serde(default)]
    pub doc: Option<String>,
    /// Go `package x` or Java `package a.b`.
    #[serde(default)]
    pub package: Option<String>,
    /// tree-sitter recovered from syntax errors; imports are best effort.
    #[serde(default)]
    pub syntax_errors: bool,
    /// Definitions, call sites and import bindings (see [`crate::calls`]).
    #[serde(default)]
    pub calls: CallFacts,
}

/// Parse `source` as `lang` and extract its facts. `None` when the grammar
/// is not in this build or tree-sitter gave up (timeout or cancellation).
#[must_use]
pub fn extract(parser: &mut Parser, lang: Language, source: &[u8]) -> Option<Facts> {
    let grammar = lang.grammar()?;
    parser.set_language(&grammar).ok()?;
    let tree = parser.parse(source, None)?;
    let root = tree.root_node();
    let mut cx = Cx { src: source, facts: Facts { syntax_errors: root.has_error(), ..Facts::default() } };
    match lang {
        Language::Rust => cx.rust(root),
        Language::Python => cx.python(root),
        Language::JavaScript | Language::TypeScript | Language::Tsx => cx.node(root),
        Language::Go => cx.go(root),
        Language::Java => cx.java(root),
        Language::C | Language::Cpp => cx.c(root),
    }
    cx.facts.calls = crate::calls::extract::extract(lang, root, source);
    Some(cx.facts)
}

struct Cx<'s> {
    src: &'s [u8],
    facts: Facts,
}

fn line(node: Node<'_>) -> u32 {
    u32::try_from(node.start_position().row + 1).unwrap_or(u32::MAX)
}

/// Every node under `root`, depth first, in source order.
fn walk<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let descend = visit(node);
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

impl Cx<'_> {
    fn text(&self, node: Node<'_>) -> String {
        String::from_utf8_lossy(&self.src[node.byte_range()]).into_owned()
    }

    /// The contents of a string literal node, without its quotes.
    fn unquote(&self, node: Node<'_>) -> String {
        let t = self.text(node);
        let t = t.trim();
        let mut chars = t.chars();
        match (chars.next(), chars.next_back()) {
            (Some(a), Some(b)) if a == b && matches!(a, '"' | '\'' | '`') => chars.as_str().to_owned(),
            (Some('<'), Some('>')) => chars.as_str().to_owned(),
            _ => t.to_owned(),
        }
    }

    fn push(&mut self, spec: String, node: Node<'_>, kind: ImportKind) {
        if !spec.is_empty() {
            self.facts.imports.push(RawImport { spec, line: line(node), kind, names: Vec::new() });
        }
    }

    fn rust(&mut self, root: Node<'_>) {
        self.facts.doc = leading_doc(self, root, &["//!", "/*!"]);
        walk(root, |node| match node.kind() {
            "use_declaration" => {
                if let Some(arg) = node.child_by_field_name("argument") {
                    let mut paths = Vec::new();
                    self.use_tree(arg, "", &mut paths);
                    let depth = inline_depth(node);
                    for p in paths {
                        self.push(outside_inline(&p, depth), node, ImportKind::Use);
                    }
                }
                false
            }
            "extern_crate_declaration" => {
                if let Some(name) = node.child_by_field_name("name") {
                    let name = self.text(name);
                    self.push(name, node, ImportKind::Use);
                }
                false
            }
            "mod_item" => {
                // Only file modules declared at the top level; inline `mod x { … }` bodies stay in this file.
                if node.child_by_field_name("body").is_none()
                    && node.parent().is_some_and(|p| p.kind() == "source_file")
                {
                    let name = node.child_by_field_name("name").map(|n| self.text(n)).unwrap_or_default();
                    let names = self.path_attribute(node).into_iter().collect();
                    self.facts.imports.push(RawImport { spec: name, line: line(node), kind: ImportKind::Mod, names });
                }
                true
            }
            _ => true,
        });
    }

    /// `#[path = "x.rs"]` on a `mod` item.
    fn path_attribute(&self, node: Node<'_>) -> Option<String> {
        let mut prev = node.prev_named_sibling();
        while let Some(p) = prev.filter(|p| p.kind() == "attribute_item") {
            let t = self.text(p);
            let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(rest) = compact.strip_prefix("#[path=\"") {
                return rest.split('"').next().map(str::to_owned);
            }
            prev = p.prev_named_sibling();
        }
        None
    }

    fn use_tree(&self, node: Node<'_>, prefix: &str, out: &mut Vec<String>) {
        let compact = |n: Node<'_>| self.text(n).chars().filter(|c| !c.is_whitespace()).collect::<String>();
        match node.kind() {
            "use_as_clause" => {
                if let Some(path) = node.child_by_field_name("path") {
                    self.use_tree(path, prefix, out);
                }
            }
            "scoped_use_list" => {
                let base = node
                    .child_by_field_name("path")
                    .map_or_else(|| prefix.to_owned(), |p| format!("{prefix}{}::", compact(p)));
                if let Some(list) = node.child_by_field_name("list") {
                    self.use_tree(list, &base, out);
                }
            }
            "use_list" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.use_tree(child, prefix, out);
                }
            }
            "use_wildcard" => {
                let t = compact(node);
                let t = t.trim_end_matches('*').trim_end_matches("::");
                let full = format!("{prefix}{t}");
                out.push(full.trim_end_matches("::").to_owned());
            }
            "line_comment" | "block_comment" => {}
            _ => {
                let full = format!("{prefix}{}", compact(node));
                let full = full.strip_suffix("::self").unwrap_or(&full);
                out.push(full.to_owned());
            }
        }
    }

    fn python(&mut self, root: Node<'_>) {
        self.facts.doc = python_docstring(self, root);
        walk(root, |node| match node.kind() {
            "import_statement" => {
                let mut cursor = node.walk();
                let names: Vec<Node<'_>> = node.children_by_field_name("name", &mut cursor).collect();
                for n in names {
                    let target =
                        if n.kind() == "aliased_import" { n.child_by_field_name("name").unwrap_or(n) } else { n };
                    let spec = self.text(target);
                    self.push(spec, node, ImportKind::Import);
                }
                false
            }
            "import_from_statement" => {
                let module = node.child_by_field_name("module_name").map(|m| self.text(m)).unwrap_or_default();
                let module: String = module.chars().filter(|c| !c.is_whitespace()).collect();
                let mut names = Vec::new();
                let mut cursor = node.walk();
                for n in node.children_by_field_name("name", &mut cursor) {
                    let target =
                        if n.kind() == "aliased_import" { n.child_by_field_name("name").unwrap_or(n) } else { n };
                    names.push(self.text(target));
                }
                let mut cursor = node.walk();
                if node.named_children(&mut cursor).any(|c| c.kind() == "wildcard_import") {
                    names.push("*".to_owned());
                }
                if !module.is_empty() {
                    self.facts.imports.push(RawImport {
                        spec: module,
                        line: line(node),
                        kind: ImportKind::From,
                        names,
                    });
                }
                false
            }
            _ => true,
        });
    }

    fn node(&mut self, root: Node<'_>) {
        self.facts.doc = leading_doc(self, root, &["/**"]);
        walk(root, |node| {
            match node.kind() {
                "import_statement" | "export_statement" | "import_require_clause" => {
                    if let Some(source) = node.child_by_field_name("source") {
                        let spec = self.unquote(source);
                        self.push(spec, node, ImportKind::Import);
                    }
                }
                "call_expression" => {
                    let callee = node.child_by_field_name("function");
                    let is_loader = callee.is_some_and(|f| {
                        f.kind() == "import" || (f.kind() == "identifier" && self.text(f) == "require")
                    });
                    let first = node.child_by_field_name("arguments").and_then(|a| a.named_child(0));
                    if let (true, Some(arg)) = (is_loader, first)
                        && (arg.kind() == "string" || (arg.kind() == "template_string" && arg.named_child_count() == 0))
                    {
                        let spec = self.unquote(arg);
                        self.push(spec, node, ImportKind::Import);
                    }
                }
                _ => {}
            }
            true
        });
    }

    fn go(&mut self, root: Node<'_>) {
        walk(root, |node| match node.kind() {
            "package_clause" => {
                let mut cursor = node.walk();
                let name =
                    node.named_children(&mut cursor).find(|c| c.kind() == "package_identifier").map(|n| self.text(n));
                self.facts.package = name;
                self.facts.doc = comment_block_before(self, node);
                false
            }
            "import_spec" => {
                if let Some(path) = node.child_by_field_name("path") {
                    let spec = self.unquote(path);
                    self.push(spec, node, ImportKind::Import);
                }
                false
            }
            "function_declaration" | "method_declaration" | "type_declaration" => false,
            _ => true,
        });
    }

    fn java(&mut self, root: Node<'_>) {
        self.facts.doc = leading_doc(self, root, &["/**"]);
        let mut cursor = root.walk();
        let children: Vec<Node<'_>> = root.named_children(&mut cursor).collect();
        for node in children {
            match node.kind() {
                "package_declaration" => {
                    let mut c = node.walk();
                    let name =
                        node.named_children(&mut c).find(|n| matches!(n.kind(), "scoped_identifier" | "identifier"));
                    self.facts.package = name.map(|n| self.text(n));
                }
                "import_declaration" => {
                    let mut c = node.walk();
                    let kids: Vec<Node<'_>> = node.children(&mut c).collect();
                    let is_static = kids.iter().any(|k| k.kind() == "static");
                    let star = kids.iter().any(|k| k.kind() == "asterisk");
                    if let Some(name) = kids.iter().find(|n| matches!(n.kind(), "scoped_identifier" | "identifier")) {
                        let mut spec = self.text(*name);
                        if star {
                            spec.push_str(".*");
                        }
                        self.push(spec, node, if is_static { ImportKind::Static } else { ImportKind::Import });
                    }
                }
                _ => {}
            }
        }
    }

    fn c(&mut self, root: Node<'_>) {
        self.facts.doc = leading_doc(self, root, &["/*", "//"]);
        walk(root, |node| {
            if node.kind() == "preproc_include" {
                if let Some(path) = node.child_by_field_name("path") {
                    let kind = if path.kind() == "system_lib_string" {
                        ImportKind::IncludeSystem
                    } else {
                        ImportKind::Include
                    };
                    let spec = self.unquote(path);
                    self.push(spec, node, kind);
                }
                return false;
            }
            true
        });
    }
}

/// How many inline `mod x { … }` blocks enclose a Rust node.
fn inline_depth(node: Node<'_>) -> usize {
    std::iter::successors(node.parent(), Node::parent).filter(|p| p.kind() == "mod_item").count()
}

/// A `use` path written `depth` inline modules deep, as seen from the file's
/// own module: `self::…` and the `super`s that stay inside the file name the
/// file itself; the `super`s beyond them climb from the file's module.
fn outside_inline(path: &str, depth: usize) -> String {
    if depth == 0 {
        return path.to_owned();
    }
    let segs: Vec<&str> = path.split("::").collect();
    let supers = segs.iter().take_while(|s| **s == "super").count();
    if segs[0] == "self" || (supers > 0 && supers <= depth) {
        return "self".to_owned();
    }
    if supers > depth { segs[depth..].join("::") } else { path.to_owned() }
}

/// The first paragraph of the comments that open the file, when they start with one of `markers`.
fn leading_doc(cx: &Cx<'_>, root: Node<'_>, markers: &[&str]) -> Option<String> {
    let mut lines = Vec::new();
    let mut cursor = root.walk();
    for child in root.children(&mut cursor) {
        if !child.kind().contains("comment") {
            break;
        }
        let text = cx.text(child);
        if !markers.iter().any(|m| text.starts_with(m)) {
            if lines.is_empty() {
                continue; // a licence header or shebang-like comment before the doc
            }
            break;
        }
        lines.extend(text.lines().map(strip_comment));
    }
    first_paragraph(&lines)
}

/// Line comments directly above `node` (Go's package comment).
fn comment_block_before(cx: &Cx<'_>, node: Node<'_>) -> Option<String> {
    let mut lines = Vec::new();
    let mut prev = node.prev_sibling();
    while let Some(p) = prev.filter(|p| p.kind() == "comment") {
        let text = cx.text(p);
        let mut chunk: Vec<String> = text.lines().map(strip_comment).collect();
        chunk.append(&mut lines);
        lines = chunk;
        prev = p.prev_sibling();
    }
    first_paragraph(&lines)
}

fn python_docstring(cx: &Cx<'_>, root: Node<'_>) -> Option<String> {
    let mut cursor = root.walk();
    let first = root.named_children(&mut cursor).find(|c| c.kind() != "comment")?;
    if first.kind() != "expression_statement" {
        return None;
    }
    let string = first.named_child(0).filter(|s| s.kind() == "string")?;
    let text = cx.text(string);
    let body = text.trim_start_matches(['r', 'R', 'u', 'U', 'b', 'B']);
    let body =
        body.trim_start_matches("\"\"\"").trim_start_matches("'''").trim_end_matches("\"\"\"").trim_end_matches("'''");
    let body = body.trim_matches(['"', '\'']);
    let lines: Vec<String> = body.lines().map(|l| l.trim().to_owned()).collect();
    first_paragraph(&lines)
}

fn strip_comment(line: &str) -> String {
    let t = line.trim();
    let t = t.strip_prefix("//!").or_else(|| t.strip_prefix("///")).or_else(|| t.strip_prefix("//")).unwrap_or(t);
    let t = t.strip_prefix("/*!").or_else(|| t.strip_prefix("/**")).or_else(|| t.strip_prefix("/*")).unwrap_or(t);
    let t = t.strip_suffix("*/").unwrap_or(t);
    let t = t.trim();
    let t = t.strip_prefix('*').unwrap_or(t);
    t.trim().to_owned()
}

fn first_paragraph(lines: &[String]) -> Option<String> {
    let para: Vec<&str> =
        lines.iter().map(|l| l.trim()).skip_while(|l| l.is_empty()).take_while(|l| !l.is_empty()).collect();
    let joined = para.join(" ");
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(lang: Language, src: &str) -> Facts {
        let mut parser = Parser::new();
        extract(&mut parser, lang, src.as_bytes()).expect("parses")
    }

    fn specs(f: &Facts) -> Vec<String> {
        f.imports.iter().map(|i| format!("{:?} {}", i.kind, i.spec)).collect()
    }

    #[test]
    fn rust_use_trees_expand_to_one_path_per_leaf() {
        let f = facts(
            Language::Rust,
            "//! Parses things.\n//!\n//! More.\nmod a;\n#[path = \"w.rs\"]\nmod b;\nmod c { mod inner; }\nuse crate::{x::{self, Y}, z::*};\nuse super::q as r;\nfn f() { use std::fmt; }\n",
        );
        assert_eq!(f.doc.as_deref(), Some("Parses things."));
        assert_eq!(f.imports[1].names, ["w.rs"]);
        assert_eq!(
            specs(&f),
            ["Mod a", "Mod b", "Use crate::x", "Use crate::x::Y", "Use crate::z", "Use super::q", "Use std::fmt"]
        );
    }

    #[test]
    fn rust_uses_inside_inline_modules_are_seen_from_the_file() {
        let f = facts(
            Language::Rust,
            "mod tests {\n    use super::*;\n    use super::super::up;\n    mod deeper { use super::super::x; use crate::y; }\n}\n",
        );
        assert_eq!(specs(&f), ["Use self", "Use super::up", "Use self", "Use crate::y"]);
    }

    #[test]
    fn python_imports_keep_dots_and_names() {
        let f = facts(
            Language::Python,
            "\"\"\"Tools.\n\nMore.\"\"\"\nimport a.b as c, d\nfrom ..x import y, z as w\nfrom . import m\nfrom e import *\n",
        );
        assert_eq!(f.doc.as_deref(), Some("Tools."));
        assert_eq!(specs(&f), ["Import a.b", "Import d", "From ..x", "From .", "From e"]);
        assert_eq!(f.imports[2].names, ["y", "z"]);
        assert_eq!(f.imports[4].names, ["*"]);
    }

    #[test]
    fn node_imports_cover_esm_cjs_dynamic_and_reexports() {
        let src = "import a from './a';\nexport { b } from \"../b\";\nconst c = require('c');\nimport('./d');\nimport type { T } from './t';\nimport e = require('./e');\n";
        let f = facts(Language::TypeScript, src);
        assert_eq!(specs(&f), ["Import ./a", "Import ../b", "Import c", "Import ./d", "Import ./t", "Import ./e"]);
    }

    #[test]
    fn go_java_and_c() {
        let g = facts(
            Language::Go,
            "// Package x does y.\npackage x\n\nimport (\n\t\"fmt\"\n\tm \"example.com/m/sub\"\n)\n",
        );
        assert_eq!(g.package.as_deref(), Some("x"));
        assert_eq!(g.doc.as_deref(), Some("Package x does y."));
        assert_eq!(specs(&g), ["Import fmt", "Import example.com/m/sub"]);
        let j =
            facts(Language::Java, "package a.b;\nimport a.c.D;\nimport static a.c.D.m;\nimport a.e.*;\nclass X {}\n");
        assert_eq!(j.package.as_deref(), Some("a.b"));
        assert_eq!(specs(&j), ["Import a.c.D", "Static a.c.D.m", "Import a.e.*"]);
        let c = facts(Language::C, "#include \"x/y.h\"\n#include <stdio.h>\nint main(void) { return 0; }\n");
        assert_eq!(specs(&c), ["Include x/y.h", "IncludeSystem stdio.h"]);
    }

    #[test]
    fn broken_and_non_utf8_sources_still_give_facts() {
        let mut parser = Parser::new();
        let f = extract(&mut parser, Language::Python, b"import a\ndef (:\n\xff\xfe\nimport b\n").expect("parses");
        assert!(f.syntax_errors);
        assert!(f.imports.iter().any(|i| i.spec == "a"));
    }
}
