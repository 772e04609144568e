//! The binding rules of Java (enclosing classes, static imports), Go
//! (package siblings, imported packages) and C/C++ (the one definition of a
//! function an included project header declares).

use super::{Bound, Calls, Found, MAX_HOPS};
use crate::calls::{Def, RawCall};
use crate::extract::{ImportKind, RawImport};
use crate::lang::Language;
use crate::resolve::{Target, parent};
use crate::store::Entry;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

impl<'a> Calls<'a> {
    pub(super) fn java_bare(&self, file: &str, entry: &Entry, call: &RawCall) -> Found {
        let name = call.name.as_str();
        let table = self.tables.get(file);
        // The enclosing class, then the classes around it.
        let mut class = Self::enclosing_container(entry, call.caller);
        while let Some(c) = class {
            if let Some(i) = table.and_then(|t| t.methods.get(&(c, name))) {
                return Found::Def(file.to_owned(), *i);
            }
            class = c.rsplit_once('.').map(|(outer, _)| outer);
        }
        let statics = entry.facts.calls.bindings.iter().filter(|b| b.kind == ImportKind::Static);
        if let Some(b) = statics.clone().rev().find(|b| b.local == name) {
            return match self.binding(file, entry, &b.local, "") {
                Some(bound) => self.item(bound, &[], 0),
                None => Found::Unresolved(format!("static import of {name} leads nowhere")),
            };
        }
        let mut hits = Vec::new();
        for b in statics.filter(|b| b.local == "*") {
            let import = RawImport { spec: b.spec.clone(), line: 0, kind: b.kind, names: vec![] };
            if let Bound::Module(m) = self.target(file, entry.lang, &import) {
                let pkg = self.entries.get(&m).and_then(|e| e.facts.package.clone()).unwrap_or_default();
                let ty = b.spec.trim_end_matches(".*");
                let ty = ty.strip_prefix(&format!("{pkg}.")).unwrap_or(ty);
                let mut segs: Vec<String> = ty.split('.').map(str::to_owned).collect();
                segs.push(name.to_owned());
                if let found @ Found::Def(..) = self.lookup(&m, &segs, MAX_HOPS) {
                    hits.push(found);
                }
            }
        }
        hits.dedup();
        match hits.len() {
            1 => hits.remove(0),
            0 => Found::Unresolved(format!("{name} is not a method of this class or a static import")),
            _ => Found::Unresolved(format!("{name} comes from several static imports")),
        }
    }

    /// Go: the files of the caller's own package (same folder, same package clause).
    pub(super) fn go_siblings(&self, file: &str, entry: &Entry) -> Vec<String> {
        let pkg = entry.facts.package.as_deref().unwrap_or_default();
        self.go_packages
            .get(&(parent(file), pkg))
            .map_or_else(Vec::new, |v| v.iter().map(|f| (*f).to_owned()).collect())
    }

    /// Go: the one package-level function `name` among a package's files.
    pub(super) fn go_function(&self, files: &[String], name: &str, what: &str) -> Found {
        let hits: Vec<(&String, u32)> = files
            .iter()
            .filter_map(|f| self.tables.get(f.as_str()).and_then(|t| t.funcs.get(&("", name))).map(|i| (f, *i)))
            .collect();
        match hits.as_slice() {
            [(f, i)] => Found::Def((*f).clone(), *i),
            [] => Found::Unresolved(format!("{what} has no function {name}")),
            _ => Found::Unresolved(format!(
                "{name} is defined in several files: {}",
                hits.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>().join(", ")
            )),
        }
    }

    /// Go: the package an import name stands for (its alias, else the imported files' package clause).
    pub(super) fn go_import(&self, file: &str, entry: &Entry, local: &str) -> Option<Bound> {
        for b in entry.facts.calls.bindings.iter().rev() {
            if !b.local.is_empty() && b.local != local {
                continue;
            }
            let import = RawImport { spec: b.spec.clone(), line: 0, kind: ImportKind::Import, names: vec![] };
            let targets = self.resolver.resolve(file, Language::Go, &import);
            let files: Vec<String> =
                targets.iter().filter_map(|t| if let Target::File(f) = t { Some(f.clone()) } else { None }).collect();
            let name = files.first().and_then(|f| self.entries.get(f)).and_then(|e| e.facts.package.as_deref());
            let last = b.spec.rsplit('/').next().unwrap_or_default();
            match targets.first() {
                Some(Target::File(_)) if b.local == local || name == Some(local) => return Some(Bound::Package(files)),
                // An outside package is known by its last path element unless aliased.
                Some(Target::External(_)) if b.local == local || last == local => {
                    return Some(Bound::External(b.spec.clone()));
                }
                Some(Target::Unresolved(why)) if b.local == local || last == local => {
                    return Some(Bound::Unresolved(why.clone()));
                }
                _ => {}
            }
        }
        None
    }

    /// C/C++: a definition in this file, else a function declared in an
    /// included project header and defined (non-`static`) in exactly one file.
    pub(super) fn c_call(
        &self,
        file: &str,
        entry: &Entry,
        call_caller: Option<u32>,
        name: &str,
        qualifier: Option<&str>,
    ) -> Found {
        let matches = |d: &Def| match qualifier {
            None => d.container.is_none() && d.parent.is_none(),
            Some(q) => d.container.as_deref() == Some(q) || d.scope == q || d.scope.ends_with(&format!("::{q}")),
        };
        let defs = &entry.facts.calls.defs;
        // C++: inside a member function, a bare name is first a member of its class.
        if qualifier.is_none()
            && let Some(class) = Self::enclosing_container(entry, call_caller)
            && let Some(i) = self.tables.get(file).and_then(|t| t.methods.get(&(class, name)))
        {
            return Found::Def(file.to_owned(), *i);
        }
        if let Some(i) = defs.iter().position(|d| d.name == name && matches(d)) {
            return Found::Def(file.to_owned(), u32::try_from(i).unwrap_or(u32::MAX));
        }
        let headers = self.included(file);
        let declared = headers.iter().any(|h| {
            self.entries.get(*h).is_some_and(|e| {
                e.facts.calls.decls.iter().any(|d| d == name) || e.facts.calls.defs.iter().any(|d| d.name == name)
            })
        });
        if !declared {
            return Found::Unresolved(format!("{name} is not declared in an included project header"));
        }
        let mut files: BTreeMap<&str, u32> = BTreeMap::new();
        for (f, i) in self.c_defs.get(name).into_iter().flatten() {
            let Some(d) = self.entries.get(*f).and_then(|e| e.facts.calls.defs.get(*i as usize)) else { continue };
            if matches(d) && (!d.local || headers.contains(f)) {
                files.entry(f).or_insert(*i);
            }
        }
        match files.len() {
            1 => files.into_iter().next().map_or(Found::Receiver, |(f, i)| Found::Def(f.to_owned(), i)),
            0 => Found::Unresolved(format!("{name} is declared in a project header but defined in no project file")),
            _ => Found::Unresolved(format!(
                "{name} is defined in several files: {}",
                files.keys().copied().collect::<Vec<_>>().join(", ")
            )),
        }
    }

    /// Project headers `file` includes, directly or through other headers.
    pub(super) fn included(&self, file: &str) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<&str> = self.includes.get(file).into_iter().flatten().copied().collect();
        while let Some(h) = queue.pop_front() {
            if seen.insert(h) {
                queue.extend(self.includes.get(h).into_iter().flatten().copied());
            }
        }
        seen
    }
}
