//! Calls: the function and method definitions of each file, its call sites
//! and the names its imports bind, extracted in the same parse as the
//! imports and stored with them (so they are re-extracted only when the
//! file's content changes). Resolution (in [`resolve`]) binds a call to a
//! definition only when the language's rules make the target certain — a
//! definition in the same file or scope, or a name imported from a module
//! that import resolution placed; everything else, method calls on a
//! receiver of unknown type first of all, stays unresolved and is counted.

pub mod extract;
pub mod query;
pub mod resolve;

use crate::extract::ImportKind;
use crate::resolve::EdgeStatus;
use serde::{Deserialize, Serialize};

/// What a definition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DefKind {
    /// A free function (nested ones included).
    Function,
    /// A function of a class, impl, trait, struct or receiver type.
    Method,
    /// The top-level code of a file: the caller of calls made outside any function.
    Module,
}

/// One function or method definition, as extracted. Stored as an array
/// (`[name, kind, container, scope, parent, line, end_line, local]`): the
/// store holds thousands, and arrays load faster than objects.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "DefRow")]
pub struct Def {
    /// Its name as written (`default` for an anonymous JS default export).
    pub name: String,
    /// Function or method.
    pub kind: DefKind,
    /// Class, impl type, trait, receiver type or C++ qualifier it belongs to.
    #[serde(default)]
    pub container: Option<String>,
    /// Rust inline module path (`tests`, `a::b`) or C++ namespace it is declared in.
    #[serde(default)]
    pub scope: String,
    /// The function it is nested in (index into the file's definitions).
    #[serde(default)]
    pub parent: Option<u32>,
    /// 1-based first and last line.
    pub line: u32,
    /// 1-based last line.
    pub end_line: u32,
    /// C/C++ `static`: visible in its own file only.
    #[serde(default)]
    pub local: bool,
}

impl Def {
    /// `Container.name` (`Container::name` in Rust and C++), or the plain name.
    #[must_use]
    pub fn qualified(&self, sep: &str) -> String {
        match &self.container {
            Some(c) => format!("{c}{sep}{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// How a callee was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallForm {
    /// `f()`.
    Bare,
    /// `a::b::f()` (Rust, C++): `path` holds `a`, `b`.
    Scoped,
    /// `x.y.f()`: `path` holds `x`, `y`; empty when the receiver is not a plain name chain.
    Member,
}

/// One call site. Stored as an array (`[line, caller, form, path, name]`),
/// like [`Def`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "CallRow")]
pub struct RawCall {
    /// 1-based line.
    pub line: u32,
    /// The enclosing definition (index into the file's definitions); none at top level.
    #[serde(default)]
    pub caller: Option<u32>,
    /// Syntax of the callee.
    pub form: CallForm,
    /// Qualifier or receiver segments.
    #[serde(default)]
    pub path: Vec<String>,
    /// The called name.
    pub name: String,
}

impl RawCall {
    /// The callee as written, for reports (`a::f`, `x.f`, `?.f` for an opaque receiver).
    #[must_use]
    pub fn written(&self) -> String {
        match self.form {
            CallForm::Bare => self.name.clone(),
            CallForm::Scoped => format!("{}::{}", self.path.join("::"), self.name),
            CallForm::Member if self.path.is_empty() => format!("(…).{}", self.name),
            CallForm::Member => format!("{}.{}", self.path.join("."), self.name),
        }
    }
}

/// [`Def`] on disk.
#[derive(Deserialize)]
struct DefRow(String, DefKind, Option<String>, String, Option<u32>, u32, u32, bool);

impl From<DefRow> for Def {
    fn from(DefRow(name, kind, container, scope, parent, line, end_line, local): DefRow) -> Self {
        Self { name, kind, container, scope, parent, line, end_line, local }
    }
}

impl Serialize for Def {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self;
        (&d.name, d.kind, &d.container, &d.scope, d.parent, d.line, d.end_line, d.local).serialize(s)
    }
}

/// [`RawCall`] on disk.
#[derive(Deserialize)]
struct CallRow(u32, Option<u32>, CallForm, Vec<String>, String);

impl From<CallRow> for RawCall {
    fn from(CallRow(line, caller, form, path, name): CallRow) -> Self {
        Self { line, caller, form, path, name }
    }
}

impl Serialize for RawCall {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.line, self.caller, self.form, &self.path, &self.name).serialize(s)
    }
}

/// A name an import brings into scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// The local name (`*` for a Rust glob import).
    pub local: String,
    /// The module specifier, as the import resolver takes it.
    pub spec: String,
    /// The import syntax of `spec`.
    pub kind: ImportKind,
    /// The imported item (`default` for a JS default import); none when the
    /// local names the module itself (or, in Rust, when `spec` is the whole path).
    #[serde(default)]
    pub item: Option<String>,
    /// Rust: the inline module the `use` sits in.
    #[serde(default)]
    pub scope: String,
}

/// What one file defines and calls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallFacts {
    /// Function and method definitions.
    #[serde(default)]
    pub defs: Vec<Def>,
    /// Call sites in source order.
    #[serde(default)]
    pub calls: Vec<RawCall>,
    /// Names bound by imports.
    #[serde(default)]
    pub bindings: Vec<Binding>,
    /// C/C++: functions declared (prototypes, class members) without a body here.
    #[serde(default)]
    pub decls: Vec<String>,
    /// JS/TS: the name of the function `export default` exports.
    #[serde(default)]
    pub default_export: Option<String>,
}

impl CallFacts {
    /// Nothing extracted.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty() && self.calls.is_empty() && self.bindings.is_empty() && self.decls.is_empty()
    }
}

/// A definition in the resolved graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Symbol {
    /// `file::qualified name`, the id queries take.
    pub id: String,
    /// Root-relative file.
    pub file: String,
    /// Qualified name (`Class.method`, `Type::method`, `f`).
    pub name: String,
    /// Function, method or a file's top-level code.
    pub kind: DefKind,
    /// 1-based first line.
    pub line: u32,
    /// 1-based last line.
    pub end_line: u32,
}

/// One call site after resolution.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CallEdge {
    /// Id of the calling symbol (`file::<module>` for top-level code).
    pub caller: String,
    /// File of the call.
    pub file: String,
    /// 1-based line of the call.
    pub line: u32,
    /// The callee as written.
    pub callee: String,
    /// Resolved (a symbol of the project), external (a package) or unresolved.
    pub status: EdgeStatus,
    /// Resolved: the callee's symbol id. External: the package. Unresolved: null.
    pub to: Option<String>,
    /// Why an unresolved call was not bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The top-level pseudo-symbol's name.
pub const MODULE_SYMBOL: &str = "<module>";

/// The id of symbol `name` of `file`.
#[must_use]
pub fn symbol_id(file: &str, name: &str) -> String {
    format!("{file}::{name}")
}
