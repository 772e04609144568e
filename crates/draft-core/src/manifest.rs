//! The project name recorded in frontmatter, read from the root manifest.
//!
//! Looked up in order: Cargo.toml (`package.name`, else
//! `workspace.package.name`), package.json `name`, go.mod's module path
//! (last segment), pyproject.toml `project.name`; otherwise the directory
//! name. Unreadable manifests fall through to the next source.

use std::path::Path;

/// The project's name as FORMATS.md §1 decides it.
#[must_use]
pub fn project_name(root: &Path) -> String {
    from_cargo(root)
        .or_else(|| from_package_json(root))
        .or_else(|| from_go_mod(root))
        .or_else(|| from_pyproject(root))
        .or_else(|| root.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".to_owned())
}

fn read(root: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(root.join(name)).ok()
}

fn toml_str<'a>(value: &'a toml::Table, path: &[&str]) -> Option<&'a str> {
    let (last, parents) = path.split_last()?;
    let mut table = value;
    for key in parents {
        table = table.get(*key)?.as_table()?;
    }
    table.get(*last)?.as_str()
}

fn from_cargo(root: &Path) -> Option<String> {
    let table: toml::Table = read(root, "Cargo.toml")?.parse().ok()?;
    toml_str(&table, &["package", "name"])
        .or_else(|| toml_str(&table, &["workspace", "package", "name"]))
        .map(str::to_owned)
}

fn from_package_json(root: &Path) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(&read(root, "package.json")?).ok()?;
    value.get("name")?.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

fn from_go_mod(root: &Path) -> Option<String> {
    let text = read(root, "go.mod")?;
    let module = text.lines().find_map(|l| l.trim().strip_prefix("module "))?;
    let path = module.trim().trim_matches('"');
    path.rsplit('/').next().filter(|s| !s.is_empty()).map(str::to_owned)
}

fn from_pyproject(root: &Path) -> Option<String> {
    let table: toml::Table = read(root, "pyproject.toml")?.parse().ok()?;
    toml_str(&table, &["project", "name"]).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_in_order() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        std::fs::write(root.join("go.mod"), "module github.com/acme/widget\n").expect("w");
        assert_eq!(project_name(root), "widget");
        std::fs::write(root.join("package.json"), r#"{"name":"web-app"}"#).expect("w");
        assert_eq!(project_name(root), "web-app");
        std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("w");
        assert_eq!(project_name(root), "web-app", "a workspace without a name falls through");
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"ledger\"\n").expect("w");
        assert_eq!(project_name(root), "ledger");
    }
}
