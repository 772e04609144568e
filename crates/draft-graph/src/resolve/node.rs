//! JavaScript and TypeScript, following Node's and TypeScript's lookup: a
//! relative specifier is tried as the file itself, with each extension, as
//! a folder's `package.json` `main`, and as the folder's `index` file; in
//! TypeScript a `.js` specifier also finds the `.ts` source. Bare
//! specifiers go through the nearest tsconfig.json/jsconfig.json `paths`
//! (and `baseUrl`), with its `extends` chain followed and merged the way
//! TypeScript does, then to a workspace package by its `package.json` name;
//! everything else (built-ins, `node_modules`) is external.

use super::{Project, Target, file_name, join, parent};
use crate::extract::RawImport;
use crate::lang::Language;
use serde_json::Value;
use std::collections::BTreeMap;

const JS_EXT: &[&str] = &[".js", ".jsx", ".mjs", ".cjs", ".json"];
const TS_EXT: &[&str] =
    &[".ts", ".tsx", ".d.ts", ".mts", ".d.mts", ".cts", ".d.cts", ".js", ".jsx", ".mjs", ".cjs", ".json"];

/// The `compilerOptions` resolution needs, after following `extends`.
#[derive(Debug, Default)]
struct TsConfig {
    /// `baseUrl`, relative to the config that set it; bare specifiers are tried under it.
    base_url: Option<String>,
    /// Folder `paths` substitutions are relative to: `baseUrl`, else the folder of the config that set `paths`.
    paths_base: String,
    /// (pattern, substitutions) in file order.
    paths: Paths,
}

/// tsconfig `paths`: (pattern, substitutions) in file order.
type Paths = Vec<(String, Vec<String>)>;

/// Options as inherited along an `extends` chain: each with the folder it is relative to.
#[derive(Debug, Default, Clone)]
struct Inherited {
    base_url: Option<String>,
    /// (patterns, folder of the config that defined them).
    paths: Option<(Paths, String)>,
}

impl Inherited {
    /// TypeScript's rule: what the later config sets wins, option by option.
    fn merge(&mut self, later: Self) {
        if later.base_url.is_some() {
            self.base_url = later.base_url;
        }
        if later.paths.is_some() {
            self.paths = later.paths;
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct Index {
    /// Folder → its tsconfig.json / jsconfig.json.
    configs: BTreeMap<String, TsConfig>,
    /// package.json `name` → folders (more than one is ambiguous unless one encloses the importer).
    packages: BTreeMap<String, Vec<String>>,
    /// Broken or circular `extends`, for the build report.
    pub(super) warnings: Vec<String>,
}

fn parse_jsonc(text: &str) -> Option<Value> {
    jsonc_parser::parse_to_serde_value::<Value>(text, &jsonc_parser::ParseOptions::default()).ok()
}

impl Index {
    pub(super) fn new(p: &Project<'_>) -> Self {
        let mut index = Self::default();
        for f in p.files.iter().filter(|f| matches!(file_name(f), "tsconfig.json" | "jsconfig.json" | "package.json")) {
            let dir = parent(f).to_owned();
            if file_name(f) == "package.json" {
                if let Some(name) = p.read(f).and_then(|t| parse_jsonc(&t)).and_then(|j| j.get("name").cloned())
                    && let Some(name) = name.as_str()
                {
                    index.packages.entry(name.to_owned()).or_default().push(dir);
                }
                continue;
            }
            let mut chain = Vec::new();
            let Some(options) = load_config(p, f, &mut chain, &mut index.warnings) else { continue };
            let (paths, paths_dir) = options.paths.unwrap_or_else(|| (Vec::new(), dir.clone()));
            let config = TsConfig {
                paths_base: options.base_url.clone().unwrap_or(paths_dir),
                base_url: options.base_url,
                paths,
            };
            // tsconfig.json wins over jsconfig.json in the same folder.
            if file_name(f) == "tsconfig.json" || !index.configs.contains_key(&dir) {
                index.configs.insert(dir, config);
            }
        }
        index
    }

    fn config_for(&self, file: &str) -> Option<&TsConfig> {
        let mut dir = parent(file);
        loop {
            if let Some(c) = self.configs.get(dir) {
                return Some(c);
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent(dir);
        }
    }

    pub(super) fn resolve(&self, p: &Project<'_>, file: &str, lang: Language, import: &RawImport) -> Target {
        let spec = import.spec.as_str();
        let ts = lang != Language::JavaScript;
        if spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".." {
            return match join(parent(file), spec).and_then(|base| lookup(p, &base, ts)) {
                Some(f) => Target::File(f),
                None => Target::Unresolved(format!("no file for {spec} from {file}")),
            };
        }
        if spec.starts_with('/') {
            return Target::Unresolved(format!("absolute specifier {spec}"));
        }
        if let Some(config) = self.config_for(file) {
            let mut matched = false;
            for (pattern, subs) in &config.paths {
                let Some(star) = match_pattern(pattern, spec) else { continue };
                matched = true;
                for sub in subs {
                    let target = sub.replacen('*', star, 1);
                    if let Some(f) = join(&config.paths_base, &target).and_then(|b| lookup(p, &b, true)) {
                        return Target::File(f);
                    }
                }
            }
            if matched {
                return Target::Unresolved(format!("tsconfig paths match {spec} but no file does"));
            }
            if let Some(base) = &config.base_url
                && let Some(f) = join(base, spec).and_then(|b| lookup(p, &b, true))
            {
                return Target::File(f);
            }
        }
        let name = package_name(spec);
        if let Some(dirs) = self.packages.get(name) {
            let enclosing: Vec<&String> =
                dirs.iter().filter(|d| d.is_empty() || file.starts_with(&format!("{d}/"))).collect();
            let dir: &String = match (dirs.as_slice(), enclosing.as_slice()) {
                ([only], _) => only,
                (_, [only]) => only,
                _ => {
                    return Target::Unresolved(format!(
                        "package {name} is declared in several folders: {}",
                        dirs.join(", ")
                    ));
                }
            };
            let sub = spec[name.len()..].trim_start_matches('/');
            let base = if sub.is_empty() { dir.clone() } else { join(dir, sub).unwrap_or_default() };
            return match lookup(p, &base, ts) {
                Some(f) => Target::File(f),
                None => Target::Unresolved(format!("workspace package {name} has no file for {spec}")),
            };
        }
        Target::External(name.trim_start_matches("node:").to_owned())
    }
}

/// The options of the config at `rel` with its `extends` chain applied
/// (bases first, in array order, then the config itself); `None` when it
/// cannot be read. `chain` holds the configs being loaded, to stop cycles.
fn load_config(p: &Project<'_>, rel: &str, chain: &mut Vec<String>, warnings: &mut Vec<String>) -> Option<Inherited> {
    if chain.iter().any(|c| c == rel) {
        chain.push(rel.to_owned());
        warnings.push(format!("tsconfig extends cycle: {}; the repeated link is ignored", chain.join(" → ")));
        chain.pop();
        return None;
    }
    let json = p.read(rel).and_then(|t| parse_jsonc(&t))?;
    let dir = parent(rel).to_owned();
    chain.push(rel.to_owned());
    let mut out = Inherited::default();
    let bases: Vec<&str> = match json.get("extends") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for base in bases {
        match extends_file(p, &dir, base) {
            Some(file) => {
                if let Some(inherited) = load_config(p, &file, chain, warnings) {
                    out.merge(inherited);
                }
            }
            None => warnings.push(format!("{rel}: extends {base}, which draft cannot find; its options are ignored")),
        }
    }
    chain.pop();
    let options = json.get("compilerOptions");
    let base_url = options.and_then(|o| o.get("baseUrl")).and_then(Value::as_str).and_then(|b| join(&dir, b));
    let paths = options.and_then(|o| o.get("paths")).and_then(Value::as_object).map(|m| {
        let list = m
            .iter()
            .map(|(k, v)| {
                let subs = v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect());
                (k.clone(), subs.unwrap_or_default())
            })
            .collect();
        (list, dir.clone())
    });
    out.merge(Inherited { base_url, paths });
    Some(out)
}

/// The file an `extends` value names: a path relative to the config's folder
/// (`.json` added when missing), or a package under the nearest
/// `node_modules` up the tree (`pkg/file.json`, `pkg` with its `tsconfig.json`
/// or its package.json `tsconfig` field).
fn extends_file(p: &Project<'_>, dir: &str, spec: &str) -> Option<String> {
    let is_file = |rel: &str| p.root.join(rel).is_file();
    let with_json = |base: String| -> Option<String> {
        if is_file(&base) {
            return Some(base);
        }
        let json = format!("{base}.json");
        is_file(&json).then_some(json)
    };
    if spec.starts_with("./") || spec.starts_with("../") {
        return join(dir, spec).and_then(with_json);
    }
    let mut d = dir.to_owned();
    loop {
        if let Some(pkg) = join(&d, &format!("node_modules/{spec}")) {
            if let Some(f) = with_json(pkg.clone()) {
                return Some(f);
            }
            let field = p
                .read(&format!("{pkg}/package.json"))
                .and_then(|t| parse_jsonc(&t))
                .and_then(|j| j.get("tsconfig").and_then(Value::as_str).map(str::to_owned));
            if let Some(f) = field.and_then(|f| join(&pkg, &f)).filter(|f| is_file(f)) {
                return Some(f);
            }
            let default = format!("{pkg}/tsconfig.json");
            if is_file(&default) {
                return Some(default);
            }
        }
        if d.is_empty() {
            return None;
        }
        d = parent(&d).to_owned();
    }
}

/// `@scope/name` or `name` from a bare specifier.
fn package_name(spec: &str) -> &str {
    let mut parts = spec.match_indices('/');
    let cut = if spec.starts_with('@') { parts.nth(1) } else { parts.next() };
    cut.map_or(spec, |(i, _)| &spec[..i])
}

/// The text `*` stands for when `spec` matches a tsconfig `paths` pattern.
fn match_pattern<'s>(pattern: &str, spec: &'s str) -> Option<&'s str> {
    match pattern.split_once('*') {
        None => (pattern == spec).then_some(""),
        Some((pre, post)) => {
            let rest = spec.strip_prefix(pre)?.strip_suffix(post)?;
            Some(rest)
        }
    }
}

/// Node's file-then-folder lookup of `base` (root-relative, no trailing slash).
fn lookup(p: &Project<'_>, base: &str, ts: bool) -> Option<String> {
    let exts = if ts { TS_EXT } else { JS_EXT };
    if p.exists(base) {
        return Some(base.to_owned());
    }
    for ext in exts {
        let f = format!("{base}{ext}");
        if p.exists(&f) {
            return Some(f);
        }
    }
    if ts {
        // ESM TypeScript imports `./x.js` meaning `./x.ts` (or its declaration file).
        for (js, tss) in [
            (".js", &[".ts", ".tsx", ".d.ts"][..]),
            (".jsx", &[".tsx"][..]),
            (".mjs", &[".mts", ".d.mts"][..]),
            (".cjs", &[".cts", ".d.cts"][..]),
        ] {
            if let Some(stem) = base.strip_suffix(js)
                && let Some(f) = tss.iter().map(|e| format!("{stem}{e}")).find(|f| p.exists(f))
            {
                return Some(f);
            }
        }
    }
    let manifest = if base.is_empty() { "package.json".to_owned() } else { format!("{base}/package.json") };
    if p.exists(&manifest) {
        let main = p.read(&manifest).and_then(|t| parse_jsonc(&t)).and_then(|j| {
            ["types", "module", "main"].iter().find_map(|k| j.get(*k).and_then(Value::as_str).map(str::to_owned))
        });
        if let Some(main) = main.and_then(|m| join(base, &m))
            && let Some(f) = lookup_file(p, &main, exts)
        {
            return Some(f);
        }
    }
    let index = if base.is_empty() { "index".to_owned() } else { format!("{base}/index") };
    exts.iter().map(|e| format!("{index}{e}")).find(|f| p.exists(f))
}

fn lookup_file(p: &Project<'_>, base: &str, exts: &[&str]) -> Option<String> {
    if p.exists(base) {
        return Some(base.to_owned());
    }
    exts.iter()
        .map(|e| format!("{base}{e}"))
        .chain([format!("{base}/index.js"), format!("{base}/index.ts")])
        .find(|f| p.exists(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_and_patterns() {
        assert_eq!(package_name("@a/b/c"), "@a/b");
        assert_eq!(package_name("lodash/fp"), "lodash");
        assert_eq!(package_name("react"), "react");
        assert_eq!(match_pattern("@app/*", "@app/x/y"), Some("x/y"));
        assert_eq!(match_pattern("~", "~"), Some(""));
        assert_eq!(match_pattern("@app/*", "react"), None);
    }
}
