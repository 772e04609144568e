//! Cargo.toml: package, workspace members, dependencies, binaries, and the
//! Rust tooling (clippy, rustfmt, nextest) configured beside it.

use super::Reader;
use toml::{Table, Value};

pub(super) fn read(m: &mut Reader<'_>, text: &str) {
    let table: Table = match text.parse() {
        Ok(t) => t,
        Err(e) => return m.invalid("Cargo.toml", e),
    };
    let package = table.get("package").and_then(Value::as_table);
    let name = package.and_then(|p| p.get("name")).and_then(Value::as_str);
    m.manifest("cargo", name);
    let workspace = table.get("workspace").and_then(Value::as_table);
    if let Some(ws) = workspace {
        let members: Vec<String> = strings(ws.get("members"));
        // An empty `[workspace]` beside `[package]` only keeps a crate out of
        // an enclosing workspace: a single package, not a monorepo.
        if !(members.is_empty() && package.is_some()) {
            m.workspace("cargo", &members);
        }
        deps(m, ws.get("dependencies"), false);
    }
    deps(m, table.get("dependencies"), false);
    deps(m, table.get("dev-dependencies"), true);
    deps(m, table.get("build-dependencies"), true);
    if let Some(targets) = table.get("target").and_then(Value::as_table) {
        for t in targets.values().filter_map(Value::as_table) {
            deps(m, t.get("dependencies"), false);
            deps(m, t.get("dev-dependencies"), true);
        }
    }
    if let Some(bins) = table.get("bin").and_then(Value::as_array) {
        for bin in bins.iter().filter_map(Value::as_table) {
            let bin_name = bin.get("name").and_then(Value::as_str);
            let path = bin
                .get("path")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| bin_name.map(|n| format!("src/bin/{n}.rs")).filter(|p| m.sibling(p).is_some()));
            if let Some(path) = path {
                m.entry(&path, "binary", bin_name.or(name));
            }
        }
    }
    if package.is_some() {
        if m.sibling("src/main.rs").is_some() {
            m.entry("src/main.rs", "binary", name);
        }
        if let Some(lib) =
            table.get("lib").and_then(Value::as_table).and_then(|l| l.get("path")).and_then(Value::as_str)
        {
            m.entry(lib, "library", name);
        } else if m.sibling("src/lib.rs").is_some() {
            m.entry("src/lib.rs", "library", name);
        }
    }
    // The test command is the workspace's at its root; a member only gets
    // its own when it is not under a workspace manifest.
    let in_workspace = workspace.is_none() && is_under_workspace(m);
    if workspace.is_some() {
        m.test("cargo test", "cargo test --workspace");
    } else if !in_workspace {
        m.test("cargo test", "cargo test");
    }
    if !in_workspace {
        tooling(m, &table);
    }
}

/// True when some ancestor directory holds a Cargo.toml with `[workspace]`.
fn is_under_workspace(m: &Reader<'_>) -> bool {
    let mut dir = m.root.join(&m.dir);
    while dir.pop() && dir.starts_with(m.root) {
        let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        if text.parse::<Table>().is_ok_and(|t| t.contains_key("workspace")) {
            return true;
        }
    }
    false
}

fn tooling(m: &mut Reader<'_>, table: &Table) {
    let lints_in_manifest = table.get("lints").and_then(|l| l.get("clippy")).is_some()
        || table.get("workspace").and_then(|w| w.get("lints")).and_then(|l| l.get("clippy")).is_some();
    let clippy_file = ["clippy.toml", ".clippy.toml"].iter().find_map(|f| m.sibling(f));
    if let Some(file) = clippy_file {
        m.tool("linter", "clippy", Some("cargo clippy --all-targets"), Some(&file));
    } else if lints_in_manifest {
        m.tool("linter", "clippy", Some("cargo clippy --all-targets"), None);
    }
    if let Some(file) = ["rustfmt.toml", ".rustfmt.toml"].iter().find_map(|f| m.sibling(f)) {
        m.tool("formatter", "rustfmt", Some("cargo fmt --check"), Some(&file));
    }
    if let Some(file) = m.sibling(".config/nextest.toml") {
        let dir = m.dir.clone();
        m.facts.test_frameworks.push(crate::TestFramework {
            name: "cargo-nextest".into(),
            command: "cargo nextest run --workspace".into(),
            dir,
            source: file,
        });
    }
}

fn deps(m: &mut Reader<'_>, section: Option<&Value>, dev: bool) {
    let Some(section) = section.and_then(Value::as_table) else { return };
    for (key, spec) in section {
        let (name, version, path) = match spec {
            Value::String(v) => (key.as_str(), Some(v.as_str()), None),
            Value::Table(t) => {
                let name = t.get("package").and_then(Value::as_str).unwrap_or(key);
                (name, t.get("version").and_then(Value::as_str), t.get("path").and_then(Value::as_str))
            }
            _ => continue,
        };
        m.dep_at(name, version, dev, path);
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}
