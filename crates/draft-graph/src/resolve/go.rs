//! Go: an import path that starts with the module path of a `go.mod` in the
//! project names the folder below that `go.mod`; the edge goes to every
//! non-test `.go` file of that package. Paths under no local module are
//! external (the standard library when the first element has no dot).

use super::{Project, Target, file_name, join, parent};
use crate::extract::RawImport;

#[derive(Debug, Default)]
pub(super) struct Index {
    /// (module path, folder of its go.mod), longest module path first.
    modules: Vec<(String, String)>,
}

impl Index {
    pub(super) fn new(p: &Project<'_>) -> Self {
        let mut modules = Vec::new();
        for gomod in p.files.iter().filter(|f| file_name(f) == "go.mod") {
            let Some(text) = p.read(gomod) else { continue };
            let module = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("module "))
                .map(|m| m.trim().trim_matches('"').to_owned());
            if let Some(m) = module {
                modules.push((m, parent(gomod).to_owned()));
            }
        }
        modules.sort_by_key(|(m, _)| std::cmp::Reverse(m.len()));
        Self { modules }
    }

    pub(super) fn resolve(&self, p: &Project<'_>, import: &RawImport) -> Vec<Target> {
        let spec = import.spec.as_str();
        let Some((module, dir)) = self.modules.iter().find(|(m, _)| spec == m || spec.starts_with(&format!("{m}/")))
        else {
            let first = spec.split('/').next().unwrap_or(spec);
            return vec![Target::External(if first.contains('.') { spec.to_owned() } else { first.to_owned() })];
        };
        let sub = spec[module.len()..].trim_start_matches('/');
        let Some(pkg) = join(dir, sub) else { return vec![Target::Unresolved(format!("{spec} leaves the module"))] };
        let files: Vec<Target> = p
            .files_in(&pkg)
            .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
            .map(|f| Target::File(f.clone()))
            .collect();
        if files.is_empty() {
            vec![Target::Unresolved(format!("no Go files in {}", if pkg.is_empty() { "." } else { &pkg }))]
        } else {
            files
        }
    }
}
