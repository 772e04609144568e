//! Extraction of definitions and call sites from a parsed tree: one
//! iterative walk (no recursion, so a deeply nested expression cannot
//! overflow a worker's stack) carrying the enclosing function, class and
//! module scope, with one small step function per language family. Import
//! bindings are read by the `bindings` module from the same tree.

mod bindings;

use super::{CallFacts, CallForm, Def, DefKind, RawCall};
use crate::lang::Language;
use tree_sitter::Node;

/// The context a node is visited in.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    /// Enclosing definition.
    caller: Option<u32>,
    /// Enclosing class / impl / receiver type (index into `Walk::names`).
    class: Option<u32>,
    /// Rust inline module or C++ namespace (index into `Walk::names`; none at file level).
    scope: Option<u32>,
}

struct Walk<'s> {
    src: &'s [u8],
    lang: Language,
    out: CallFacts,
    /// Interned class and scope names the frames point at.
    names: Vec<String>,
}

/// Definitions, calls and bindings of a parsed file, in one walk with a
/// tree cursor (no allocation per node; the frames live on a stack that
/// follows the cursor's depth).
#[must_use]
pub fn extract(lang: Language, root: Node<'_>, src: &[u8]) -> CallFacts {
    let mut w = Walk { src, lang, out: CallFacts::default(), names: Vec::new() };
    let mut binds = bindings::Cx::new(src);
    let mut cursor = root.walk();
    let mut outer: Vec<Frame> = Vec::new();
    let mut frame = Frame::default();
    loop {
        let node = cursor.node();
        let inner = if node.is_named() {
            binds.visit(lang, node);
            w.step(node, frame)
        } else {
            frame
        };
        if cursor.goto_first_child() {
            outer.push(frame);
            frame = inner;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                w.out.bindings = binds.finish();
                return w.out;
            }
            frame = outer.pop().unwrap_or_default();
        }
    }
}

fn line(node: Node<'_>) -> u32 {
    u32::try_from(node.start_position().row + 1).unwrap_or(u32::MAX)
}

fn end_line(node: Node<'_>) -> u32 {
    u32::try_from(node.end_position().row + 1).unwrap_or(u32::MAX)
}

impl Walk<'_> {
    fn text(&self, node: Node<'_>) -> String {
        String::from_utf8_lossy(&self.src[node.byte_range()]).into_owned()
    }

    fn field_text(&self, node: Node<'_>, field: &str) -> Option<String> {
        node.child_by_field_name(field).map(|n| self.text(n))
    }

    fn intern(&mut self, name: String) -> u32 {
        let i = self.names.iter().position(|n| *n == name).unwrap_or_else(|| {
            self.names.push(name);
            self.names.len() - 1
        });
        u32::try_from(i).unwrap_or(u32::MAX)
    }

    fn name_of(&self, i: Option<u32>) -> Option<String> {
        i.and_then(|i| self.names.get(i as usize)).cloned()
    }

    /// A class frame nested in `frame`'s class (`Outer.Inner`).
    fn enter_class(&mut self, frame: Frame, name: &str, sep: &str) -> Frame {
        let full = match self.name_of(frame.class) {
            Some(outer) => format!("{outer}{sep}{name}"),
            None => name.to_owned(),
        };
        Frame { class: Some(self.intern(full)), ..frame }
    }

    fn enter_scope(&mut self, frame: Frame, name: &str) -> Frame {
        let full = match self.name_of(frame.scope) {
            Some(outer) => format!("{outer}::{name}"),
            None => name.to_owned(),
        };
        Frame { scope: Some(self.intern(full)), class: None, ..frame }
    }

    /// Record a definition; the frame its body is walked in.
    fn def(&mut self, node: Node<'_>, name: String, frame: Frame, container: Option<String>) -> Frame {
        let kind = if container.is_some() { DefKind::Method } else { DefKind::Function };
        let local = matches!(self.lang, Language::C | Language::Cpp) && self.is_static(node);
        self.out.defs.push(Def {
            name,
            kind,
            container,
            scope: self.name_of(frame.scope).unwrap_or_default(),
            parent: frame.caller,
            line: line(node),
            end_line: end_line(node),
            local,
        });
        let index = u32::try_from(self.out.defs.len() - 1).unwrap_or(u32::MAX);
        Frame { caller: Some(index), class: None, scope: frame.scope }
    }

    fn call(&mut self, node: Node<'_>, frame: Frame, form: CallForm, path: Vec<String>, name: String) {
        if name.is_empty() || path.iter().any(String::is_empty) {
            return;
        }
        self.out.calls.push(RawCall { line: line(node), caller: frame.caller, form, path, name });
    }

    /// A receiver written as a chain of plain names (`a.b.c`), or none.
    fn chain(&self, node: Node<'_>) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut cur = node;
        loop {
            match cur.kind() {
                "identifier" | "this" | "self" | "package_identifier" | "type_identifier" => {
                    out.push(self.text(cur));
                    break;
                }
                "attribute" | "member_expression" | "field_access" | "selector_expression" | "field_expression" => {
                    let (obj, prop) = match cur.kind() {
                        "attribute" => ("object", "attribute"),
                        "member_expression" => ("object", "property"),
                        "field_access" => ("object", "field"),
                        "selector_expression" => ("operand", "field"),
                        _ => ("value", "field"),
                    };
                    // C/C++ `a->b` is a field_expression too; only `.` chains are names.
                    if cur.child_by_field_name("operator").is_some_and(|o| self.text(o) == "->") {
                        return None;
                    }
                    out.push(self.field_text(cur, prop)?);
                    cur = cur.child_by_field_name(obj)?;
                }
                _ => return None,
            }
        }
        out.reverse();
        Some(out)
    }

    fn step(&mut self, node: Node<'_>, frame: Frame) -> Frame {
        match self.lang {
            Language::Python => self.python(node, frame),
            Language::JavaScript | Language::TypeScript | Language::Tsx => self.node(node, frame),
            Language::Rust => self.rust(node, frame),
            Language::Go => self.go(node, frame),
            Language::Java => self.java(node, frame),
            Language::C | Language::Cpp => self.c(node, frame),
        }
    }

    fn member_call(&mut self, node: Node<'_>, frame: Frame, receiver: Option<Node<'_>>, name: String) {
        let path = receiver.and_then(|r| self.chain(r)).unwrap_or_default();
        self.call(node, frame, CallForm::Member, path, name);
    }

    fn python(&mut self, node: Node<'_>, frame: Frame) -> Frame {
        match node.kind() {
            "function_definition" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                let container = self.name_of(frame.class);
                self.def(node, name, frame, container)
            }
            "class_definition" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                self.enter_class(frame, &name, ".")
            }
            "call" => {
                match node.child_by_field_name("function") {
                    Some(f) if f.kind() == "identifier" => self.call(node, frame, CallForm::Bare, vec![], self.text(f)),
                    Some(f) if f.kind() == "attribute" => {
                        let name = self.field_text(f, "attribute").unwrap_or_default();
                        self.member_call(node, frame, f.child_by_field_name("object"), name);
                    }
                    _ => {}
                }
                frame
            }
            _ => frame,
        }
    }

    fn node(&mut self, node: Node<'_>, frame: Frame) -> Frame {
        match node.kind() {
            "function_declaration" | "generator_function_declaration" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                self.def(node, name, frame, None)
            }
            "method_definition" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                let container = self.name_of(frame.class);
                self.def(node, name, frame, container)
            }
            "variable_declarator" => {
                let is_fn = node.child_by_field_name("value").is_some_and(|v| {
                    matches!(v.kind(), "arrow_function" | "function_expression" | "function" | "generator_function")
                });
                match node.child_by_field_name("name").filter(|n| n.kind() == "identifier") {
                    Some(n) if is_fn => self.def(node, self.text(n), frame, None),
                    _ => frame,
                }
            }
            "class_declaration" | "abstract_class_declaration" | "class" => match self.field_text(node, "name") {
                Some(name) => self.enter_class(frame, &name, "."),
                None => frame,
            },
            "export_statement" => self.default_export(node, frame),
            "call_expression" => {
                match node.child_by_field_name("function") {
                    Some(f) if f.kind() == "identifier" => {
                        let name = self.text(f);
                        if name != "require" {
                            self.call(node, frame, CallForm::Bare, vec![], name);
                        }
                    }
                    Some(f) if f.kind() == "member_expression" => {
                        let name = self.field_text(f, "property").unwrap_or_default();
                        self.member_call(node, frame, f.child_by_field_name("object"), name);
                    }
                    _ => {}
                }
                frame
            }
            _ => frame,
        }
    }

    /// `export default function f() {}`, `export default f`, or an anonymous
    /// default function (a definition named `default`, whose body is walked in the frame returned).
    fn default_export(&mut self, node: Node<'_>, frame: Frame) -> Frame {
        let mut cursor = node.walk();
        if !node.children(&mut cursor).any(|c| c.kind() == "default") {
            return frame;
        }
        if let Some(decl) = node.child_by_field_name("declaration") {
            self.out.default_export = self.field_text(decl, "name");
        } else if let Some(value) = node.child_by_field_name("value") {
            match value.kind() {
                "identifier" => self.out.default_export = Some(self.text(value)),
                "function_expression" | "function" | "arrow_function" | "generator_function" => {
                    let name = self.field_text(value, "name").unwrap_or_else(|| "default".to_owned());
                    self.out.default_export = Some(name.clone());
                    return self.def(value, name, frame, None);
                }
                _ => {}
            }
        }
        frame
    }

    fn rust(&mut self, node: Node<'_>, frame: Frame) -> Frame {
        match node.kind() {
            "function_item" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                let container = self.name_of(frame.class);
                self.def(node, name, frame, container)
            }
            "impl_item" => {
                let ty = node.child_by_field_name("type").map(|t| self.rust_type_name(t)).unwrap_or_default();
                Frame { class: Some(self.intern(ty)), ..frame }
            }
            "trait_item" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                Frame { class: Some(self.intern(name)), ..frame }
            }
            "mod_item" if node.child_by_field_name("body").is_some() => {
                let name = self.field_text(node, "name").unwrap_or_default();
                self.enter_scope(frame, &name)
            }
            "call_expression" => {
                let mut f = node.child_by_field_name("function");
                if let Some(g) = f.filter(|g| g.kind() == "generic_function") {
                    f = g.child_by_field_name("function");
                }
                match f {
                    Some(f) if f.kind() == "identifier" => self.call(node, frame, CallForm::Bare, vec![], self.text(f)),
                    Some(f) if f.kind() == "scoped_identifier" => {
                        let mut segs = rust_path(&self.text(f));
                        if let Some(name) = segs.pop().filter(|_| !segs.is_empty()) {
                            self.call(node, frame, CallForm::Scoped, segs, name);
                        }
                    }
                    Some(f) if f.kind() == "field_expression" => {
                        let name = self.field_text(f, "field").unwrap_or_default();
                        self.member_call(node, frame, f.child_by_field_name("value"), name);
                    }
                    _ => {}
                }
                frame
            }
            _ => frame,
        }
    }

    /// `Foo`, `Foo<T>`, `a::Foo`, `&Foo` → `Foo`.
    fn rust_type_name(&self, node: Node<'_>) -> String {
        let text = self.text(node);
        let base = text.split('<').next().unwrap_or(&text);
        let last = base.rsplit("::").next().unwrap_or(base);
        last.trim().trim_start_matches('&').trim_start_matches("mut ").trim().to_owned()
    }

    fn go(&mut self, node: Node<'_>, frame: Frame) -> Frame {
        match node.kind() {
            "function_declaration" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                self.def(node, name, frame, None)
            }
            "method_declaration" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                let receiver = node.child_by_field_name("receiver").map(|r| self.text(r)).unwrap_or_default();
                // `(s *Store[T])` → `Store`: the last word, without pointer and type parameters.
                let ty = receiver.trim_matches(['(', ')']).split_whitespace().last().unwrap_or_default();
                let ty = ty.trim_start_matches('*').split('[').next().unwrap_or_default().to_owned();
                self.def(node, name, frame, Some(ty))
            }
            "call_expression" => {
                match node.child_by_field_name("function") {
                    Some(f) if f.kind() == "identifier" => self.call(node, frame, CallForm::Bare, vec![], self.text(f)),
                    Some(f) if f.kind() == "selector_expression" => {
                        let name = self.field_text(f, "field").unwrap_or_default();
                        self.member_call(node, frame, f.child_by_field_name("operand"), name);
                    }
                    _ => {}
                }
                frame
            }
            _ => frame,
        }
    }

    fn java(&mut self, node: Node<'_>, frame: Frame) -> Frame {
        match node.kind() {
            "class_declaration" | "interface_declaration" | "enum_declaration" | "record_declaration" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                let inner = self.enter_class(frame, &name, ".");
                Frame { caller: None, ..inner }
            }
            "method_declaration" | "constructor_declaration" | "compact_constructor_declaration" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                let container = self.name_of(frame.class);
                let class = frame.class;
                // Methods of an anonymous or local class still see the enclosing class's methods.
                Frame { class, ..self.def(node, name, frame, container) }
            }
            // An anonymous class: `this` in its methods is not the enclosing class.
            "class_body" if node.parent().is_some_and(|p| p.kind() == "object_creation_expression") => {
                Frame { class: Some(self.intern("(anonymous)".to_owned())), ..frame }
            }
            "method_invocation" => {
                let name = self.field_text(node, "name").unwrap_or_default();
                match node.child_by_field_name("object") {
                    None => self.call(node, frame, CallForm::Bare, vec![], name),
                    Some(obj) => self.member_call(node, frame, Some(obj), name),
                }
                frame
            }
            _ => frame,
        }
    }

    fn c(&mut self, node: Node<'_>, frame: Frame) -> Frame {
        match node.kind() {
            "function_definition" => {
                let Some(decl) = function_declarator(node) else { return frame };
                let Some(name_node) = decl.child_by_field_name("declarator") else { return frame };
                match name_node.kind() {
                    "identifier" => self.def(node, self.text(name_node), frame, None),
                    "field_identifier" => {
                        let container = self.name_of(frame.class);
                        self.def(node, self.text(name_node), frame, container)
                    }
                    "qualified_identifier" => {
                        let text: String = self.text(name_node).chars().filter(|c| !c.is_whitespace()).collect();
                        match text.rsplit_once("::") {
                            Some((q, n)) if !q.is_empty() => self.def(node, n.to_owned(), frame, Some(q.to_owned())),
                            _ => frame,
                        }
                    }
                    _ => frame,
                }
            }
            "declaration" | "field_declaration" => {
                if let Some(name) = function_declarator(node)
                    .and_then(|d| d.child_by_field_name("declarator"))
                    .filter(|n| matches!(n.kind(), "identifier" | "field_identifier"))
                {
                    let name = self.text(name);
                    self.out.decls.push(name);
                }
                frame
            }
            "namespace_definition" => match self.field_text(node, "name") {
                Some(name) => self.enter_scope(frame, &name),
                None => frame,
            },
            "class_specifier" | "struct_specifier" if node.child_by_field_name("body").is_some() => {
                match self.field_text(node, "name") {
                    Some(name) => self.enter_class(frame, &name, "::"),
                    None => frame,
                }
            }
            "call_expression" => {
                let mut f = node.child_by_field_name("function");
                if let Some(t) = f.filter(|t| t.kind() == "template_function") {
                    f = t.child_by_field_name("name");
                }
                match f {
                    Some(f) if f.kind() == "identifier" => self.call(node, frame, CallForm::Bare, vec![], self.text(f)),
                    Some(f) if f.kind() == "qualified_identifier" => {
                        let text: String = self.text(f).chars().filter(|c| !c.is_whitespace()).collect();
                        let mut segs: Vec<String> = text.split("::").map(|s| strip_generics(s).to_owned()).collect();
                        if let Some(name) = segs.pop().filter(|_| !segs.is_empty()) {
                            self.call(node, frame, CallForm::Scoped, segs, name);
                        }
                    }
                    Some(f) if f.kind() == "field_expression" => {
                        let name = self.field_text(f, "field").unwrap_or_default();
                        let this = f.child_by_field_name("argument").filter(|a| a.kind() == "this");
                        let path = if this.is_some() { vec!["this".to_owned()] } else { Vec::new() };
                        self.call(node, frame, CallForm::Member, path, name);
                    }
                    _ => {}
                }
                frame
            }
            _ => frame,
        }
    }

    /// `static` among a C/C++ definition's specifiers.
    fn is_static(&self, node: Node<'_>) -> bool {
        let mut cursor = node.walk();
        node.children(&mut cursor).any(|c| c.kind() == "storage_class_specifier" && self.text(c) == "static")
    }
}

/// The function declarator of a C/C++ definition or declaration, through pointer and reference declarators.
fn function_declarator(node: Node<'_>) -> Option<Node<'_>> {
    let mut cur = node.child_by_field_name("declarator")?;
    loop {
        match cur.kind() {
            "function_declarator" => return Some(cur),
            "pointer_declarator" | "reference_declarator" | "parenthesized_declarator" => {
                cur = cur.child_by_field_name("declarator").or_else(|| cur.named_child(0))?;
            }
            _ => return None,
        }
    }
}

/// `a::b::<T>::f` → `a`, `b`, `f` (turbofish and generic arguments dropped).
fn rust_path(text: &str) -> Vec<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.starts_with('<') {
        return Vec::new(); // `<T as Trait>::f`: a qualified path through a type, not followed
    }
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    let chars: Vec<char> = compact.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ':' if depth == 0 && chars.get(i + 1) == Some(&':') => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                i += 2;
                continue;
            }
            _ if depth == 0 => cur.push(c),
            _ => {}
        }
        i += 1;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn strip_generics(s: &str) -> &str {
    s.split('<').next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bindings(lang: Language, src: &str) -> Vec<String> {
        let mut parser = tree_sitter::Parser::new();
        let facts = crate::extract::extract(&mut parser, lang, src.as_bytes()).expect("parses");
        facts
            .calls
            .bindings
            .iter()
            .map(|b| format!("{} = {} {:?} {}", b.local, b.spec, b.item, b.scope).trim_end().to_owned())
            .collect()
    }

    #[test]
    fn imports_bind_the_names_they_bring_in() {
        let rust = "use crate::a::{self as x, b::f as g};\nmod tests { use super::*; }\n";
        assert_eq!(
            bindings(Language::Rust, rust),
            ["x = crate::a None", "g = crate::a::b::f None", "* = super None tests"]
        );
        let py = "import a.b as c, d.e\nfrom .m import f as g, h\n";
        assert_eq!(
            bindings(Language::Python, py),
            ["c = a.b None", "d = d None", "g = .m Some(\"f\")", "h = .m Some(\"h\")"]
        );
        let js = "import d, { f as g } from './m';\nimport * as ns from './n';\nconst { p, q: r } = require('./o');\nexport { z } from './z';\n";
        assert_eq!(
            bindings(Language::TypeScript, js),
            [
                "d = ./m Some(\"default\")",
                "g = ./m Some(\"f\")",
                "ns = ./n None",
                "p = ./o Some(\"p\")",
                "r = ./o Some(\"q\")",
                "z = ./z Some(\"z\")"
            ]
        );
    }

    #[test]
    fn rust_paths_drop_generics() {
        assert_eq!(rust_path("crate::a::f"), ["crate", "a", "f"]);
        assert_eq!(rust_path("Vec::<u8>::new"), ["Vec", "new"]);
        assert_eq!(rust_path("a :: b"), ["a", "b"]);
        assert!(rust_path("<T as X>::f").is_empty());
    }
}
