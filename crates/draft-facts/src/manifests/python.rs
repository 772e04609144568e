//! Python: pyproject.toml (PEP 621 and Poetry tables), requirements*.txt and
//! setup.cfg, with pytest, ruff, black, flake8, mypy and isort detected from
//! their tables, config files or dependencies.
//!
//! requirements files and setup.cfg have no Rust parser; they are read line
//! by line: a requirement line is a PEP 508 name followed by its specifier;
//! options (`-r`, `-e`, `--index-url`), URLs and comments are skipped.

use super::Reader;
use toml::{Table, Value};

pub(super) fn read_pyproject(m: &mut Reader<'_>, text: &str) {
    let table: Table = match text.parse() {
        Ok(t) => t,
        Err(e) => return m.invalid("pyproject.toml", e),
    };
    let project = table.get("project").and_then(Value::as_table);
    let tool = table.get("tool").and_then(Value::as_table);
    let poetry = tool.and_then(|t| t.get("poetry")).and_then(Value::as_table);
    let name = project.or(poetry).and_then(|p| p.get("name")).and_then(Value::as_str);
    m.manifest("python", name);
    let mut names = Vec::new();
    if let Some(p) = project {
        for req in p.get("dependencies").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            names.push(requirement(m, req, false));
        }
        for group in p.get("optional-dependencies").and_then(Value::as_table).into_iter().flat_map(|t| t.values()) {
            for req in group.as_array().into_iter().flatten().filter_map(Value::as_str) {
                names.push(requirement(m, req, true));
            }
        }
        scripts(m, p.get("scripts"));
    }
    for group in table.get("dependency-groups").and_then(Value::as_table).into_iter().flat_map(|t| t.values()) {
        for req in group.as_array().into_iter().flatten().filter_map(Value::as_str) {
            names.push(requirement(m, req, true));
        }
    }
    if let Some(p) = poetry {
        poetry_deps(m, p.get("dependencies"), false, &mut names);
        poetry_deps(m, p.get("dev-dependencies"), true, &mut names);
        for g in p.get("group").and_then(Value::as_table).into_iter().flat_map(|t| t.values()) {
            poetry_deps(m, g.get("dependencies"), true, &mut names);
        }
        scripts(m, p.get("scripts"));
    }
    uv_sources(m, tool);
    let has_tool = |n: &str| tool.is_some_and(|t| t.contains_key(n));
    let has_dep = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    let runner = runner(m, poetry.is_some());
    if has_tool("pytest")
        || has_dep("pytest")
        || m.sibling("pytest.ini").is_some()
        || m.sibling("conftest.py").is_some()
    {
        m.test("pytest", &format!("{runner}pytest"));
    }
    for (name, kind, command) in [
        ("ruff", "linter", "ruff check ."),
        ("black", "formatter", "black --check ."),
        ("mypy", "linter", "mypy ."),
        ("isort", "formatter", "isort --check-only ."),
        ("flake8", "linter", "flake8"),
        ("pylint", "linter", "pylint"),
    ] {
        if has_tool(name) || has_dep(name) {
            m.tool(kind, name, Some(&format!("{runner}{command}")), None);
        }
    }
    if has_tool("ruff") && tool.and_then(|t| t.get("ruff")).and_then(|r| r.get("format")).is_some() {
        m.tool("formatter", "ruff", Some(&format!("{runner}ruff format --check .")), None);
    }
}

/// `[tool.uv.sources] name = { path = "../x" }`: the local directory of a
/// dependency this manifest declares.
fn uv_sources(m: &mut Reader<'_>, tool: Option<&Table>) {
    let sources = tool.and_then(|t| t.get("uv")).and_then(|u| u.get("sources")).and_then(Value::as_table);
    for (name, source) in sources.into_iter().flatten() {
        let Some(path) = source.get("path").and_then(Value::as_str) else { continue };
        let Some(path) = super::normalise(&m.dir, path) else { continue };
        let wanted = normalised_name(name);
        for dep in m.facts.dependencies.iter_mut().filter(|d| d.manifest == m.rel) {
            if normalised_name(&dep.name) == wanted {
                dep.path = Some(path.clone());
            }
        }
    }
}

/// A Python distribution name compared the PEP 503 way: case-insensitive,
/// runs of `-`, `_` and `.` equal.
#[must_use]
pub fn normalised_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn runner(m: &Reader<'_>, poetry: bool) -> &'static str {
    if m.sibling("uv.lock").is_some() {
        "uv run "
    } else if poetry || m.sibling("poetry.lock").is_some() {
        "poetry run "
    } else {
        ""
    }
}

fn scripts(m: &mut Reader<'_>, v: Option<&Value>) {
    for (name, target) in v.and_then(Value::as_table).into_iter().flatten() {
        if let Some(target) = target.as_str() {
            let module = target.split(':').next().unwrap_or(target);
            m.facts.entry_points.push(crate::EntryPoint {
                path: module.to_owned(),
                kind: "script".into(),
                name: Some(name.clone()),
                source: m.rel.to_owned(),
            });
        }
    }
}

fn poetry_deps(m: &mut Reader<'_>, v: Option<&Value>, dev: bool, names: &mut Vec<String>) {
    for (name, spec) in v.and_then(Value::as_table).into_iter().flatten() {
        if name == "python" {
            continue;
        }
        let (version, path) = match spec {
            Value::String(s) => (Some(s.as_str()), None),
            Value::Table(t) => (t.get("version").and_then(Value::as_str), t.get("path").and_then(Value::as_str)),
            _ => (None, None),
        };
        m.dep_at(name, version, dev, path);
        names.push(name.clone());
    }
}

/// Record a PEP 508 requirement string; returns its name.
fn requirement(m: &mut Reader<'_>, req: &str, dev: bool) -> String {
    let req = req.split(';').next().unwrap_or(req).trim();
    let end = req.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(req.len());
    let name = &req[..end];
    let rest = req[end..].trim_start();
    // Skip extras (`pkg[extra]`) before the specifier.
    let rest = if rest.starts_with('[') { rest.split_once(']').map_or("", |(_, r)| r).trim() } else { rest };
    if let Some(url) = rest.strip_prefix('@') {
        // A direct reference: only a relative `file:` URL names a local directory.
        let url = url.trim();
        let local = url.strip_prefix("file:").map(|p| p.trim_start_matches("${PROJECT_ROOT}/"));
        m.dep_at(name, None, dev, local);
        return name.to_owned();
    }
    let version = rest.trim_start_matches('(').trim_end_matches(')').trim();
    m.dep(name, (!version.is_empty()).then_some(version), dev);
    name.to_owned()
}

pub(super) fn read_requirements(m: &mut Reader<'_>, text: &str) {
    m.manifest("requirements", None);
    let file = m.rel.rsplit('/').next().unwrap_or(m.rel);
    let dev = file.contains("dev") || file.contains("test");
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if line.is_empty() || line.starts_with(['#', '-']) || line.contains("://") {
            continue;
        }
        names.push(requirement(m, line, dev));
    }
    if names.iter().any(|n| n.eq_ignore_ascii_case("pytest")) && m.sibling("pyproject.toml").is_none() {
        m.test("pytest", "pytest");
    }
}

/// setup.cfg: `[metadata] name`, `[options] install_requires` (one per
/// indented line or `;`-free list), `[options.entry_points] console_scripts`,
/// and `[tool:pytest]` / `[flake8]` sections.
pub(super) fn read_setup_cfg(m: &mut Reader<'_>, text: &str) {
    let mut section = String::new();
    let mut key = String::new();
    let mut name = None;
    let mut reqs = Vec::new();
    let mut consoles = Vec::new();
    let mut sections = Vec::new();
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.trim_start().starts_with(['#', ';']) || line.trim().is_empty() {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.trim().to_owned();
            sections.push(section.clone());
            key.clear();
            continue;
        }
        let continuation = raw.starts_with([' ', '\t']);
        let (k, value) = if continuation {
            (key.clone(), line.trim().to_owned())
        } else if let Some((k, v)) = line.split_once(['=', ':']) {
            key = k.trim().to_owned();
            (key.clone(), v.trim().to_owned())
        } else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        match (section.as_str(), k.as_str()) {
            ("metadata", "name") => name = Some(value),
            ("options", "install_requires") => reqs.push(value),
            ("options.entry_points", "console_scripts") => consoles.push(value),
            _ => {}
        }
    }
    m.manifest("setup.cfg", name.as_deref());
    for r in &reqs {
        requirement(m, r, false);
    }
    for c in consoles {
        if let Some((script, target)) = c.split_once('=') {
            let module = target.trim().split(':').next().unwrap_or_default().to_owned();
            m.facts.entry_points.push(crate::EntryPoint {
                path: module,
                kind: "script".into(),
                name: Some(script.trim().to_owned()),
                source: m.rel.to_owned(),
            });
        }
    }
    if sections.iter().any(|s| s == "tool:pytest") {
        m.test("pytest", "pytest");
    }
    if sections.iter().any(|s| s == "flake8") {
        m.tool("linter", "flake8", Some("flake8"), None);
    }
}
