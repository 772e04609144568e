//! Call resolution: each call site is bound to one definition only when the
//! language's scoping rules leave no choice — a definition of the same file
//! (lexical scope, enclosing class, Rust inline module), the same Go
//! package, a name an import binds to a module that import resolution
//! placed (followed through re-exports), or for C/C++ a function declared in
//! an included project header and defined in exactly one file. Method calls
//! on receivers whose type is not known, names no rule binds and names with
//! several candidates stay unresolved with the reason; calls through an
//! import of an outside package are external.

use super::{CallEdge, CallForm, DefKind, MODULE_SYMBOL, RawCall, Symbol, symbol_id};
use crate::extract::{ImportKind, RawImport};
use crate::graph::Edge;
use crate::lang::Language;
use crate::resolve::rust::Located;
use crate::resolve::{EdgeStatus, Resolver, Target, parent};
use crate::store::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How far re-exports (`from .core import f` in `__init__.py`, `export { f } from './c'`) are followed.
const MAX_HOPS: usize = 8;

mod langs;

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// Definition `def` of `file`.
    Def(String, u32),
    /// An outside package.
    External(String),
    /// Nothing certain; why.
    Unresolved(String),
    /// A receiver whose type is not known.
    Receiver,
}

/// What a binding names.
enum Bound {
    /// A module (Python, JS namespace, Rust module): items are looked up in it.
    Module(String),
    /// Items of a Go package, spread over its files.
    Package(Vec<String>),
    /// An item path (`f`, `Class`, `Class.m`) inside a file.
    Item(String, Vec<String>),
    External(String),
    Unresolved(String),
}

/// Per-file lookup tables over the stored definitions.
#[derive(Default)]
struct Table<'a> {
    /// Top-level functions (no parent, no container) by (scope, name).
    funcs: HashMap<(&'a str, &'a str), u32>,
    /// Methods by (container, name).
    methods: HashMap<(&'a str, &'a str), u32>,
    /// Nested functions by (parent, name).
    nested: HashMap<(u32, &'a str), u32>,
    /// Symbol id of each definition (`file::qualified`), computed once per build.
    ids: Vec<String>,
}

/// The call graph's inputs, indexed once per build.
pub(crate) struct Calls<'a> {
    resolver: &'a Resolver<'a>,
    entries: &'a BTreeMap<String, Entry>,
    tables: HashMap<&'a str, Table<'a>>,
    /// C/C++ definitions by name: (file, def).
    c_defs: HashMap<&'a str, Vec<(&'a str, u32)>>,
    /// Resolved `#include` targets per file.
    includes: HashMap<&'a str, Vec<&'a str>>,
    /// Go: (folder, package) → files.
    go_packages: HashMap<(&'a str, &'a str), Vec<&'a str>>,
}

fn sep(lang: Language) -> &'static str {
    if matches!(lang, Language::Rust | Language::Cpp) { "::" } else { "." }
}

/// The qualified name of definition `i` (`outer.inner`, `Type::m`, `tests::helper`).
pub(crate) fn qualified(entry: &Entry, i: u32) -> String {
    let defs = &entry.facts.calls.defs;
    let s = sep(entry.lang);
    let mut parts = Vec::new();
    let mut top = None;
    // Parents always come earlier in the file; the `p < at` guard keeps a damaged store from looping.
    let mut at = Some(i);
    while let Some(d) = at.and_then(|k| defs.get(k as usize)) {
        parts.push(d.qualified(s));
        top = Some(d);
        at = d.parent.filter(|p| at.is_some_and(|k| *p < k));
    }
    parts.reverse();
    let scope = top.map(|d| d.scope.as_str()).unwrap_or_default();
    let name = parts.join(s);
    if scope.is_empty() { name } else { format!("{scope}::{name}") }
}

impl<'a> Calls<'a> {
    pub(crate) fn new(resolver: &'a Resolver<'a>, entries: &'a BTreeMap<String, Entry>, edges: &'a [Edge]) -> Self {
        let mut calls = Self {
            resolver,
            entries,
            tables: HashMap::new(),
            c_defs: HashMap::new(),
            includes: HashMap::new(),
            go_packages: HashMap::new(),
        };
        for (file, entry) in entries {
            calls.tables.insert(file.as_str(), Self::table(file, entry));
            for (i, d) in entry.facts.calls.defs.iter().enumerate() {
                if matches!(entry.lang, Language::C | Language::Cpp) && d.parent.is_none() {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    calls.c_defs.entry(d.name.as_str()).or_default().push((file.as_str(), i));
                }
            }
            if entry.lang == Language::Go
                && let Some(pkg) = &entry.facts.package
            {
                calls.go_packages.entry((parent(file), pkg.as_str())).or_default().push(file.as_str());
            }
        }
        for e in edges {
            if let (EdgeStatus::Resolved, Some(to), ImportKind::Include | ImportKind::IncludeSystem) =
                (e.status, &e.to, e.kind)
            {
                calls.includes.entry(e.from.as_str()).or_default().push(to.as_str());
            }
        }
        calls
    }

    /// One file's definitions by name, and their symbol ids.
    fn table(file: &'a str, entry: &'a Entry) -> Table<'a> {
        let ids = (0..entry.facts.calls.defs.len())
            .map(|i| symbol_id(file, &qualified(entry, u32::try_from(i).unwrap_or(u32::MAX))))
            .collect();
        let mut t = Table { ids, ..Table::default() };
        for (i, d) in entry.facts.calls.defs.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            match (&d.container, d.parent) {
                (Some(c), None) => {
                    t.methods.entry((c.as_str(), d.name.as_str())).or_insert(i);
                }
                // A method of a class declared inside a function: not reachable by name from outside it.
                (Some(_), Some(_)) => {}
                (None, Some(p)) => {
                    t.nested.entry((p, d.name.as_str())).or_insert(i);
                }
                (None, None) => {
                    t.funcs.entry((d.scope.as_str(), d.name.as_str())).or_insert(i);
                }
            }
        }
        t
    }

    /// Every definition of `file` as a symbol (duplicates of one qualified name merged).
    pub(crate) fn symbols(&self, file: &str, entry: &Entry) -> Vec<Symbol> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, d) in entry.facts.calls.defs.iter().enumerate() {
            let Some(id) = self.id(file, u32::try_from(i).unwrap_or(u32::MAX)) else { continue };
            if seen.insert(id) {
                let name = id.get(file.len() + 2..).unwrap_or_default().to_owned();
                out.push(Symbol {
                    id: id.to_owned(),
                    file: file.to_owned(),
                    name,
                    kind: d.kind,
                    line: d.line,
                    end_line: d.end_line,
                });
            }
        }
        if entry.facts.calls.calls.iter().any(|c| c.caller.is_none()) {
            let (file, name) = (file.to_owned(), MODULE_SYMBOL.to_owned());
            out.push(Symbol { id: symbol_id(&file, &name), file, name, kind: DefKind::Module, line: 0, end_line: 0 });
        }
        out
    }

    /// Resolve every call of `file`.
    pub(crate) fn resolve_file(&self, file: &str, entry: &Entry) -> Vec<CallEdge> {
        let mut out = Vec::with_capacity(entry.facts.calls.calls.len());
        for call in &entry.facts.calls.calls {
            let caller = match call.caller {
                Some(i) => self.id(file, i).map_or_else(|| symbol_id(file, MODULE_SYMBOL), str::to_owned),
                None => symbol_id(file, MODULE_SYMBOL),
            };
            let found = match call.form {
                CallForm::Bare => self.bare(file, entry, call),
                CallForm::Member => self.member(file, entry, call),
                CallForm::Scoped => self.scoped(file, entry, call),
            };
            let (status, to, reason) = match found {
                Found::Def(f, i) => {
                    let to = self.id(&f, i).map(str::to_owned);
                    (EdgeStatus::Resolved, to, None)
                }
                Found::External(p) => (EdgeStatus::External, Some(p), None),
                Found::Unresolved(why) => (EdgeStatus::Unresolved, None, Some(why)),
                Found::Receiver => (EdgeStatus::Unresolved, None, Some(RECEIVER.to_owned())),
            };
            out.push(CallEdge {
                caller,
                file: file.to_owned(),
                line: call.line,
                callee: call.written(),
                status,
                to,
                reason,
            });
        }
        out
    }

    /// The symbol id of definition `i` of `file`.
    fn id(&self, file: &str, i: u32) -> Option<&str> {
        self.tables.get(file).and_then(|t| t.ids.get(i as usize)).map(String::as_str)
    }

    /// The enclosing definitions of a call, innermost first.
    fn ancestors(entry: &Entry, caller: Option<u32>) -> impl Iterator<Item = u32> + '_ {
        let defs = &entry.facts.calls.defs;
        std::iter::successors(caller, move |i| defs.get(*i as usize).and_then(|d| d.parent).filter(|p| p < i))
    }

    /// The class / impl type of the nearest enclosing method.
    fn enclosing_container(entry: &Entry, caller: Option<u32>) -> Option<&str> {
        let defs = &entry.facts.calls.defs;
        Self::ancestors(entry, caller).find_map(|i| defs.get(i as usize).and_then(|d| d.container.as_deref()))
    }

    fn scope_of(entry: &Entry, caller: Option<u32>) -> &str {
        caller.and_then(|i| entry.facts.calls.defs.get(i as usize)).map_or("", |d| d.scope.as_str())
    }

    fn bare(&self, file: &str, entry: &Entry, call: &RawCall) -> Found {
        let name = call.name.as_str();
        let Some(table) = self.tables.get(file) else { return Found::Unresolved("file not indexed".into()) };
        for a in Self::ancestors(entry, call.caller) {
            if let Some(i) = table.nested.get(&(a, name)) {
                return Found::Def(file.to_owned(), *i);
            }
        }
        let scope = Self::scope_of(entry, call.caller);
        match entry.lang {
            Language::Java => return self.java_bare(file, entry, call),
            Language::Go => return self.go_function(&self.go_siblings(file, entry), name, "this package"),
            Language::C | Language::Cpp => return self.c_call(file, entry, call.caller, name, None),
            _ => {}
        }
        if let Some(i) = table.funcs.get(&(scope, name)) {
            return Found::Def(file.to_owned(), *i);
        }
        match self.binding(file, entry, name, scope) {
            Some(bound) => self.item(bound, &[], 0),
            None if entry.lang == Language::Rust => self.rust_globs(file, entry, scope, name),
            None if table.methods.keys().any(|(c, _)| *c == name) => {
                Found::Unresolved(format!("{name} is a class of this file: constructor calls are not bound"))
            }
            None => Found::Unresolved(format!("{name} is not defined in this file and no import binds it")),
        }
    }

    /// Rust `use super::*` / `use a::b::*` in the caller's inline module: the one glob source defining `name`.
    fn rust_globs(&self, file: &str, entry: &Entry, scope: &str, name: &str) -> Found {
        let mut found: Vec<Found> = Vec::new();
        for b in entry.facts.calls.bindings.iter().filter(|b| b.local == "*" && b.scope == scope) {
            let hit = if b.spec == "super" && !scope.is_empty() {
                let up = scope.rsplit_once("::").map_or("", |(s, _)| s);
                self.tables.get(file).and_then(|t| t.funcs.get(&(up, name))).map(|i| Found::Def(file.to_owned(), *i))
            } else {
                match self.rust_bound(file, &strip_inline(&b.spec, &b.scope)) {
                    Bound::Module(m) => {
                        Some(self.lookup(&m, &[name.to_owned()], 1)).filter(|f| matches!(f, Found::Def(..)))
                    }
                    _ => None,
                }
            };
            found.extend(hit);
        }
        found.dedup();
        match found.len() {
            1 => found.remove(0),
            0 => Found::Unresolved(format!("{name} is not defined in this module and no import binds it")),
            _ => Found::Unresolved(format!("{name} comes from several glob imports")),
        }
    }

    fn member(&self, file: &str, entry: &Entry, call: &RawCall) -> Found {
        let name = call.name.as_str();
        let Some(first) = call.path.first() else { return Found::Receiver };
        let this = match entry.lang {
            Language::Python => matches!(first.as_str(), "self" | "cls"),
            Language::Rust => first == "self",
            _ => first == "this",
        };
        if this {
            if call.path.len() > 1 {
                return Found::Receiver; // `self.field.m()`: the field's type is not known
            }
            let Some(class) = Self::enclosing_container(entry, call.caller) else { return Found::Receiver };
            return match self.tables.get(file).and_then(|t| t.methods.get(&(class, name))) {
                Some(i) => Found::Def(file.to_owned(), *i),
                None => Found::Unresolved(format!("{class} defines no method {name} here (inherited or dynamic)")),
            };
        }
        if matches!(entry.lang, Language::C | Language::Cpp) {
            return Found::Receiver;
        }
        let scope = Self::scope_of(entry, call.caller);
        if entry.lang == Language::Go {
            return match (call.path.len(), self.go_import(file, entry, first)) {
                (1, Some(Bound::Package(files))) => self.go_function(&files, name, first),
                (1, Some(Bound::External(p))) => Found::External(p),
                (1, Some(Bound::Unresolved(why))) => Found::Unresolved(why),
                _ => Found::Receiver,
            };
        }
        if let Some(bound) = self.binding(file, entry, first, scope) {
            return self.item(bound, &tail(&call.path[1..], name), 0);
        }
        // `Class.method()` on a class of this very file.
        let class = call.path.join(sep(entry.lang));
        if let Some(i) = self.tables.get(file).and_then(|t| t.methods.get(&(class.as_str(), name))) {
            return Found::Def(file.to_owned(), *i);
        }
        Found::Receiver
    }

    fn scoped(&self, file: &str, entry: &Entry, call: &RawCall) -> Found {
        if entry.lang != Language::Rust {
            return self.c_call(file, entry, call.caller, &call.name, Some(&call.path.join("::")));
        }
        let name = call.name.as_str();
        let scope = Self::scope_of(entry, call.caller);
        let Some(first) = call.path.first().map(String::as_str) else {
            return Found::Unresolved("a path call with no path".into());
        };
        let table = self.tables.get(file);
        if first == "Self" {
            let class = Self::enclosing_container(entry, call.caller).unwrap_or_default();
            return match table.and_then(|t| t.methods.get(&(class, name))) {
                Some(i) if call.path.len() == 1 => Found::Def(file.to_owned(), *i),
                _ => Found::Unresolved(format!("Self::{name} is not defined in this file")),
            };
        }
        // An inline module or a type of this file, seen from the caller's module.
        let local = call.path.join("::");
        let nested = if scope.is_empty() { local.clone() } else { format!("{scope}::{local}") };
        if let Some(i) =
            table.and_then(|t| t.funcs.get(&(nested.as_str(), name)).or_else(|| t.methods.get(&(local.as_str(), name))))
        {
            return Found::Def(file.to_owned(), *i);
        }
        if matches!(first, "self" | "super") && !scope.is_empty() {
            let mut s: Vec<&str> = scope.split("::").collect();
            let ups = call.path.iter().take_while(|p| *p == "super").count();
            s.truncate(s.len().saturating_sub(ups));
            let rest: Vec<&str> =
                call.path.iter().map(String::as_str).skip_while(|p| matches!(*p, "self" | "super")).collect();
            s.extend(rest);
            let inner = s.join("::");
            return match table.and_then(|t| t.funcs.get(&(inner.as_str(), name))) {
                Some(i) => Found::Def(file.to_owned(), *i),
                None => Found::Unresolved(format!("{} is not defined in this file", call.written())),
            };
        }
        // A path through a `use`d name, or through the crates' module trees.
        let bound = entry.facts.calls.bindings.iter().rev().find(|b| b.local == first && b.scope == scope);
        let spec = match bound {
            Some(b) => match inside_file(&b.spec, &b.scope) {
                Some(mut segs) => {
                    segs.extend(tail(&call.path[1..], name));
                    return self.lookup(file, &segs, 0);
                }
                None => strip_inline(&b.spec, &b.scope),
            },
            None => first.to_owned(),
        };
        let mut full: Vec<&str> = spec.split("::").filter(|s| !s.is_empty()).collect();
        full.extend(call.path[1..].iter().map(String::as_str));
        full.push(name);
        match self.resolver.rust_locate(file, &full) {
            Located::Module { file, rest } if rest < full.len() => {
                let segs: Vec<String> = full[rest..].iter().map(|s| (*s).to_owned()).collect();
                self.lookup(&file, &segs, 0)
            }
            Located::Module { .. } => Found::Unresolved(format!("{} names a module", call.written())),
            Located::External(p) if p.starts_with(|c: char| c.is_ascii_lowercase()) => Found::External(p),
            Located::External(_) => Found::Unresolved(format!("{first} is not a module or type draft can place")),
            Located::Unresolved(why) => Found::Unresolved(why),
        }
    }

    /// The binding of `local` in `file` (in the caller's Rust inline module), resolved.
    fn binding(&self, file: &str, entry: &Entry, local: &str, scope: &str) -> Option<Bound> {
        let b = entry.facts.calls.bindings.iter().rev().find(|b| b.local == local && b.scope == scope)?;
        Some(match entry.lang {
            Language::Rust => match inside_file(&b.spec, &b.scope) {
                Some(segs) => Bound::Item(file.to_owned(), segs),
                None => self.rust_bound(file, &strip_inline(&b.spec, &b.scope)),
            },
            Language::Python => self.python_bound(file, &b.spec, b.kind, b.item.as_deref()),
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                let import = RawImport { spec: b.spec.clone(), line: 0, kind: ImportKind::Import, names: vec![] };
                match (self.target(file, entry.lang, &import), &b.item) {
                    (Bound::Module(m), Some(item)) if item == "default" => {
                        match self.entries.get(&m).and_then(|e| e.facts.calls.default_export.clone()) {
                            Some(d) => Bound::Item(m, vec![d]),
                            None => Bound::Unresolved(format!("{m} has no default-exported function")),
                        }
                    }
                    (Bound::Module(m), Some(item)) => Bound::Item(m, vec![item.clone()]),
                    (other, _) => other,
                }
            }
            Language::Java => {
                let import = RawImport { spec: b.spec.clone(), line: 0, kind: b.kind, names: vec![] };
                match self.target(file, entry.lang, &import) {
                    Bound::Module(m) => {
                        let pkg = self.entries.get(&m).and_then(|e| e.facts.package.clone()).unwrap_or_default();
                        let inside = b.spec.strip_prefix(&format!("{pkg}.")).unwrap_or(&b.spec);
                        Bound::Item(m, inside.split('.').map(str::to_owned).collect())
                    }
                    other => other,
                }
            }
            Language::Go | Language::C | Language::Cpp => return None,
        })
    }

    /// An import resolved to one target.
    fn target(&self, file: &str, lang: Language, import: &RawImport) -> Bound {
        match self.resolver.resolve(file, lang, import).into_iter().next() {
            Some(Target::File(f)) => Bound::Module(f),
            Some(Target::External(p)) => Bound::External(p),
            Some(Target::Unresolved(why)) => Bound::Unresolved(why),
            None => Bound::Unresolved(format!("{} resolves to nothing", import.spec)),
        }
    }

    fn python_bound(&self, file: &str, spec: &str, kind: ImportKind, item: Option<&str>) -> Bound {
        let module = |s: &str| RawImport { spec: s.to_owned(), line: 0, kind: ImportKind::Import, names: vec![] };
        match (kind, item) {
            (ImportKind::From, Some(item)) => {
                // Python's order: a name the module defines (or imports) first, then the submodule `m.item`.
                let base = self.target(file, Language::Python, &module(spec));
                if let Bound::Module(m) = &base
                    && let Some(e) = self.entries.get(m)
                    && (self.tables.get(m.as_str()).is_some_and(|t| t.funcs.contains_key(&("", item)))
                        || e.facts.calls.bindings.iter().any(|b| b.local == item))
                {
                    return Bound::Item(m.clone(), vec![item.to_owned()]);
                }
                let sub = if spec.ends_with('.') { format!("{spec}{item}") } else { format!("{spec}.{item}") };
                if let Bound::Module(m) = self.target(file, Language::Python, &module(&sub)) {
                    return Bound::Module(m);
                }
                match base {
                    Bound::Module(m) => Bound::Item(m, vec![item.to_owned()]),
                    other => other,
                }
            }
            _ => match self.target(file, Language::Python, &module(spec)) {
                // Keep the dotted name so `a.b.f()` can walk into submodules.
                Bound::Module(m) => Bound::Module(m),
                other => other,
            },
        }
    }

    fn rust_bound(&self, file: &str, spec: &str) -> Bound {
        let segs: Vec<&str> = spec.split("::").filter(|s| !s.is_empty()).collect();
        match self.resolver.rust_locate(file, &segs) {
            Located::Module { file, rest } if rest >= segs.len() => Bound::Module(file),
            Located::Module { file, rest } => Bound::Item(file, segs[rest..].iter().map(|s| (*s).to_owned()).collect()),
            Located::External(p) => Bound::External(p),
            Located::Unresolved(why) => Bound::Unresolved(why),
        }
    }

    /// Look `segs` up in what a binding names (`segs` empty: the bound name
    /// itself); `hops` counts the re-exports followed so far.
    fn item(&self, bound: Bound, segs: &[String], hops: usize) -> Found {
        match bound {
            Bound::External(p) => Found::External(p),
            Bound::Unresolved(why) => Found::Unresolved(why),
            Bound::Package(files) => match segs {
                [name] => self.go_function(&files, name, "the package"),
                _ => Found::Receiver,
            },
            Bound::Item(file, mut head) => {
                head.extend_from_slice(segs);
                self.lookup(&file, &head, hops)
            }
            Bound::Module(file) if segs.is_empty() => Found::Unresolved(format!("{file} is a module, not a function")),
            Bound::Module(file) => {
                // Python `pkg.sub.f()`: walk into submodules first.
                for k in (1..segs.len()).rev() {
                    if let Some(m) = self.python_submodule(&file, &segs[..k]) {
                        return self.lookup(&m, &segs[k..], hops);
                    }
                }
                self.lookup(&file, segs, hops)
            }
        }
    }

    /// Python: the module `a.b` below the package whose `__init__.py` is `file`.
    fn python_submodule(&self, file: &str, subs: &[String]) -> Option<String> {
        let dir = file.strip_suffix("/__init__.py").or_else(|| file.strip_suffix("/__init__.pyi"))?;
        let base = format!("{dir}/{}", subs.join("/"));
        [format!("{base}.py"), format!("{base}.pyi"), format!("{base}/__init__.py")]
            .into_iter()
            .find(|f| self.entries.contains_key(f))
    }

    /// Item `segs` (`f`, `Class.m`, `inner::f`) of `file`: a definition there,
    /// or the name a binding there brings in (a re-export), followed.
    fn lookup(&self, file: &str, segs: &[String], hops: usize) -> Found {
        let (Some(entry), Some(table)) = (self.entries.get(file), self.tables.get(file)) else {
            return Found::Unresolved(format!("{file} is not a parsed source file"));
        };
        let Some((name, head)) = segs.split_last() else { return Found::Unresolved("empty name".into()) };
        let def = if head.is_empty() {
            table.funcs.get(&("", name.as_str())).copied()
        } else {
            let container = head.join(sep(entry.lang));
            let scope = head.join("::");
            table
                .methods
                .get(&(container.as_str(), name.as_str()))
                .or_else(|| table.funcs.get(&(scope.as_str(), name.as_str())))
                .copied()
        };
        if let Some(i) = def {
            return Found::Def(file.to_owned(), i);
        }
        if hops < MAX_HOPS
            && let Some(bound) = self.binding(file, entry, &segs[0], "")
        {
            return self.item(bound, &segs[1..], hops + 1);
        }
        Found::Unresolved(format!("{file} defines no function {}", segs.join(sep(entry.lang))))
    }
}

/// A Rust `use` path written in inline module `scope` that stays inside the
/// file (`self::x`, or no more `super`s than inline levels): the item path
/// from the file's top (`tests::helper`, `helper`).
fn inside_file(spec: &str, scope: &str) -> Option<Vec<String>> {
    if scope.is_empty() {
        return None;
    }
    let mut at: Vec<&str> = scope.split("::").collect();
    let segs: Vec<&str> = spec.split("::").collect();
    let supers = segs.iter().take_while(|s| **s == "super").count();
    let rest = if segs[0] == "self" {
        &segs[1..]
    } else if supers > 0 && supers <= at.len() {
        at.truncate(at.len() - supers);
        &segs[supers..]
    } else {
        return None;
    };
    Some(at.iter().chain(rest).map(|s| (*s).to_owned()).collect())
}

/// The same path seen from the file's module: the `super`s spent on inline levels dropped.
fn strip_inline(spec: &str, scope: &str) -> String {
    let depth = if scope.is_empty() { 0 } else { scope.split("::").count() };
    let segs: Vec<&str> = spec.split("::").collect();
    let supers = segs.iter().take_while(|s| **s == "super").count();
    if depth > 0 && supers > depth { segs[depth..].join("::") } else { spec.to_owned() }
}

/// `rest…` then `name`.
fn tail(rest: &[String], name: &str) -> Vec<String> {
    let mut v = rest.to_vec();
    v.push(name.to_owned());
    v
}

/// The reason of a method call on a receiver of unknown type (counted apart in the build report).
pub const RECEIVER: &str = "method call on a receiver of unknown type";
