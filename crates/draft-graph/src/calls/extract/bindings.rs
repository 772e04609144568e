//! The local names each import brings into scope, with the module
//! specifier behind them: Python `import a.b as c` / `from m import f as g`,
//! JS/TS default, named and namespace imports, `require` assignments and
//! named re-exports, Rust `use` trees (aliases, lists, globs, inline
//! modules), Go import aliases, Java single-type and static imports.

use crate::calls::Binding;
use crate::extract::ImportKind;
use crate::lang::Language;
use tree_sitter::Node;

/// Collects bindings while the caller walks the tree.
pub(super) struct Cx<'s> {
    src: &'s [u8],
    out: Vec<Binding>,
}

impl<'s> Cx<'s> {
    pub(super) fn new(src: &'s [u8]) -> Self {
        Self { src, out: Vec::new() }
    }

    /// Look at one named node (every node of the tree is offered once, in source order).
    pub(super) fn visit(&mut self, lang: Language, node: Node<'_>) {
        match lang {
            Language::Python => self.python(node),
            Language::JavaScript | Language::TypeScript | Language::Tsx => self.node(node),
            Language::Rust => self.rust(node),
            Language::Go => self.go(node),
            Language::Java => self.java(node),
            Language::C | Language::Cpp => false,
        };
    }

    /// Every binding seen, in source order.
    pub(super) fn finish(self) -> Vec<Binding> {
        self.out
    }
}

impl Cx<'_> {
    fn text(&self, node: Node<'_>) -> String {
        let raw = String::from_utf8_lossy(&self.src[node.byte_range()]);
        raw.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn bind(&mut self, local: String, spec: &str, kind: ImportKind, item: Option<String>) {
        if !local.is_empty() && !spec.is_empty() {
            self.out.push(Binding { local, spec: spec.to_owned(), kind, item, scope: String::new() });
        }
    }

    fn unquote(&self, node: Node<'_>) -> String {
        self.text(node).trim_matches(['"', '\'', '`']).to_owned()
    }

    fn python(&mut self, node: Node<'_>) -> bool {
        match node.kind() {
            "import_statement" => {
                let mut cursor = node.walk();
                let names: Vec<Node<'_>> = node.children_by_field_name("name", &mut cursor).collect();
                for n in names {
                    if n.kind() == "aliased_import" {
                        let spec = n.child_by_field_name("name").map(|m| self.text(m)).unwrap_or_default();
                        let alias = n.child_by_field_name("alias").map(|a| self.text(a)).unwrap_or_default();
                        self.bind(alias, &spec, ImportKind::Import, None);
                    } else {
                        // `import a.b` binds `a`, the top package.
                        let spec = self.text(n);
                        let top = spec.split('.').next().unwrap_or_default().to_owned();
                        self.bind(top.clone(), &top, ImportKind::Import, None);
                    }
                }
                false
            }
            "import_from_statement" => {
                let module = node.child_by_field_name("module_name").map(|m| self.text(m)).unwrap_or_default();
                let mut cursor = node.walk();
                let names: Vec<Node<'_>> = node.children_by_field_name("name", &mut cursor).collect();
                for n in names {
                    let (item, local) = if n.kind() == "aliased_import" {
                        let item = n.child_by_field_name("name").map(|m| self.text(m)).unwrap_or_default();
                        (item, n.child_by_field_name("alias").map(|a| self.text(a)).unwrap_or_default())
                    } else {
                        (self.text(n), self.text(n))
                    };
                    self.bind(local, &module, ImportKind::From, Some(item));
                }
                false
            }
            _ => true,
        }
    }

    fn node(&mut self, node: Node<'_>) -> bool {
        match node.kind() {
            "import_statement" => {
                let Some(source) = node.child_by_field_name("source").map(|s| self.unquote(s)) else { return false };
                let mut cursor = node.walk();
                let clause = node.named_children(&mut cursor).find(|c| c.kind() == "import_clause");
                let Some(clause) = clause else { return false };
                let mut cursor = clause.walk();
                for part in clause.named_children(&mut cursor) {
                    match part.kind() {
                        "identifier" => self.bind(self.text(part), &source, ImportKind::Import, Some("default".into())),
                        "namespace_import" => {
                            let mut c = part.walk();
                            let id = part.named_children(&mut c).find(|n| n.kind() == "identifier");
                            if let Some(id) = id {
                                self.bind(self.text(id), &source, ImportKind::Import, None);
                            }
                        }
                        "named_imports" => self.specifiers(part, &source, "import_specifier"),
                        _ => {}
                    }
                }
                false
            }
            "export_statement" => {
                if let Some(source) = node.child_by_field_name("source").map(|s| self.unquote(s)) {
                    let mut cursor = node.walk();
                    let clause = node.named_children(&mut cursor).find(|c| c.kind() == "export_clause");
                    if let Some(clause) = clause {
                        self.specifiers(clause, &source, "export_specifier");
                    }
                    return false;
                }
                true
            }
            "import_require_clause" => {
                let source = node.child_by_field_name("source").map(|s| self.unquote(s)).unwrap_or_default();
                let mut cursor = node.walk();
                let id = node.named_children(&mut cursor).find(|n| n.kind() == "identifier");
                if let Some(id) = id {
                    self.bind(self.text(id), &source, ImportKind::Import, None);
                }
                false
            }
            "variable_declarator" => {
                self.require(node);
                true
            }
            _ => true,
        }
    }

    /// `{ a, b as c }` of an import or re-export.
    fn specifiers(&mut self, list: Node<'_>, source: &str, kind: &str) {
        let mut cursor = list.walk();
        for spec in list.named_children(&mut cursor).filter(|s| s.kind() == kind) {
            let Some(name) = spec.child_by_field_name("name").map(|n| self.unquote(n)) else { continue };
            let local = spec.child_by_field_name("alias").map_or_else(|| name.clone(), |a| self.unquote(a));
            self.bind(local, source, ImportKind::Import, Some(name));
        }
    }

    /// `const m = require('./m')` and `const { f, g: h } = require('./m')`.
    fn require(&mut self, node: Node<'_>) {
        let Some(value) = node.child_by_field_name("value").filter(|v| v.kind() == "call_expression") else {
            return;
        };
        let is_require = value.child_by_field_name("function").is_some_and(|f| self.text(f) == "require");
        let arg =
            value.child_by_field_name("arguments").and_then(|a| a.named_child(0)).filter(|a| a.kind() == "string");
        let (true, Some(arg)) = (is_require, arg) else { return };
        let source = self.unquote(arg);
        let Some(name) = node.child_by_field_name("name") else { return };
        match name.kind() {
            "identifier" => self.bind(self.text(name), &source, ImportKind::Import, None),
            "object_pattern" => {
                let mut cursor = name.walk();
                for p in name.named_children(&mut cursor) {
                    match p.kind() {
                        "shorthand_property_identifier_pattern" => {
                            self.bind(self.text(p), &source, ImportKind::Import, Some(self.text(p)));
                        }
                        "pair_pattern" => {
                            let key = p.child_by_field_name("key").map(|k| self.unquote(k));
                            let val = p.child_by_field_name("value").filter(|v| v.kind() == "identifier");
                            if let (Some(key), Some(val)) = (key, val) {
                                self.bind(self.text(val), &source, ImportKind::Import, Some(key));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn rust(&mut self, node: Node<'_>) -> bool {
        if node.kind() != "use_declaration" {
            return true;
        }
        let scope = rust_scope(self, node);
        if let Some(arg) = node.child_by_field_name("argument") {
            let start = self.out.len();
            self.use_tree(arg, "");
            for b in &mut self.out[start..] {
                b.scope.clone_from(&scope);
            }
        }
        false
    }

    fn use_tree(&mut self, node: Node<'_>, prefix: &str) {
        match node.kind() {
            "use_as_clause" => {
                let path = node.child_by_field_name("path").map(|p| self.text(p)).unwrap_or_default();
                let alias = node.child_by_field_name("alias").map(|a| self.text(a)).unwrap_or_default();
                let full = format!("{prefix}{path}");
                let full = full.strip_suffix("::self").unwrap_or(&full).to_owned();
                if alias != "_" {
                    self.bind(alias, &full, ImportKind::Use, None);
                }
            }
            "scoped_use_list" => {
                let base = node
                    .child_by_field_name("path")
                    .map_or_else(|| prefix.to_owned(), |p| format!("{prefix}{}::", self.text(p)));
                if let Some(list) = node.child_by_field_name("list") {
                    self.use_tree(list, &base);
                }
            }
            "use_list" => {
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
                for child in children {
                    self.use_tree(child, prefix);
                }
            }
            "use_wildcard" => {
                let t = self.text(node);
                let path = format!("{prefix}{}", t.trim_end_matches('*').trim_end_matches("::"));
                self.bind("*".into(), path.trim_end_matches("::"), ImportKind::Use, None);
            }
            "line_comment" | "block_comment" => {}
            _ => {
                let full = format!("{prefix}{}", self.text(node));
                let full = full.strip_suffix("::self").unwrap_or(&full).to_owned();
                let local = full.rsplit("::").next().unwrap_or_default().to_owned();
                if !matches!(local.as_str(), "self" | "crate" | "super") {
                    self.bind(local, &full, ImportKind::Use, None);
                }
            }
        }
    }

    fn go(&mut self, node: Node<'_>) -> bool {
        if node.kind() != "import_spec" {
            return !matches!(node.kind(), "function_declaration" | "method_declaration");
        }
        let path = node.child_by_field_name("path").map(|p| self.unquote(p)).unwrap_or_default();
        match node.child_by_field_name("name") {
            // Empty local: the package clause of the imported files names it (known after resolution).
            None => self.out.push(Binding {
                local: String::new(),
                spec: path,
                kind: ImportKind::Import,
                item: None,
                scope: String::new(),
            }),
            Some(n) if n.kind() == "package_identifier" => self.bind(self.text(n), &path, ImportKind::Import, None),
            Some(_) => {} // `_` and `.` imports bind no name
        }
        false
    }

    fn java(&mut self, node: Node<'_>) -> bool {
        if node.kind() != "import_declaration" {
            return node.kind() == "program";
        }
        let mut cursor = node.walk();
        let kids: Vec<Node<'_>> = node.children(&mut cursor).collect();
        let is_static = kids.iter().any(|k| k.kind() == "static");
        let star = kids.iter().any(|k| k.kind() == "asterisk");
        let Some(name) = kids.iter().find(|n| matches!(n.kind(), "scoped_identifier" | "identifier")) else {
            return false;
        };
        let spec = self.text(*name);
        let last = spec.rsplit('.').next().unwrap_or_default().to_owned();
        match (is_static, star) {
            (true, true) => self.bind("*".into(), &format!("{spec}.*"), ImportKind::Static, None),
            (true, false) => self.bind(last, &spec, ImportKind::Static, None),
            (false, false) => self.bind(last, &spec, ImportKind::Import, None),
            (false, true) => {}
        }
        false
    }
}

/// The inline module path (`tests`, `a::b`) a Rust node sits in.
fn rust_scope(cx: &Cx<'_>, node: Node<'_>) -> String {
    let mut names = Vec::new();
    let mut cur = node.parent();
    while let Some(p) = cur {
        if p.kind() == "mod_item"
            && let Some(n) = p.child_by_field_name("name")
        {
            names.push(cx.text(n));
        }
        cur = p.parent();
    }
    names.reverse();
    names.join("::")
}
