//! Manifest readers: one module per ecosystem, all feeding one [`Facts`].
//!
//! TOML, JSON and XML manifests are read with real parsers (`toml`,
//! `serde_json`, `roxmltree`). Gemfile, build.gradle(.kts), settings.gradle,
//! requirements*.txt, setup.cfg and go.mod have no maintained Rust parser;
//! for those a line reader takes only the simple declarative lines whose
//! meaning is certain (`gem "x", "1.2"`, `implementation("g:a:v")`,
//! `require x v1.2`) and skips anything else rather than guess. A file that
//! cannot be read or parsed becomes a diagnostic naming it; the others are
//! still read. Frameworks are recognised by name from a short table.

mod cargo;
mod go;
mod jvm;
mod node;
mod others;
mod python;

pub use python::normalised_name as python_name;

use crate::{Dependency, Facts, ManifestFound, TestFramework, Tool};
use draft_model::{Diagnostic, Severity};
use std::collections::BTreeSet;
use std::path::Path;

/// Dependencies that shape how code is written, by ecosystem name.
const FRAMEWORKS: &[&str] = &[
    // Rust
    "tokio",
    "axum",
    "actix-web",
    "rocket",
    "warp",
    "hyper",
    "tonic",
    "clap",
    "serde",
    "diesel",
    "sqlx",
    "sea-orm",
    "bevy",
    "tauri",
    "leptos",
    "yew",
    "dioxus",
    "rmcp",
    "tracing",
    // JavaScript / TypeScript
    "react",
    "react-dom",
    "next",
    "vue",
    "nuxt",
    "svelte",
    "@sveltejs/kit",
    "@angular/core",
    "express",
    "fastify",
    "@nestjs/core",
    "koa",
    "hono",
    "electron",
    "react-native",
    "vite",
    "webpack",
    "typescript",
    "prisma",
    "@prisma/client",
    "typeorm",
    "sequelize",
    "mongoose",
    "remix",
    "@remix-run/react",
    "astro",
    // Python
    "django",
    "flask",
    "fastapi",
    "starlette",
    "pydantic",
    "sqlalchemy",
    "celery",
    "numpy",
    "pandas",
    "torch",
    "tensorflow",
    "aiohttp",
    "tornado",
    "click",
    "typer",
    // Go
    "github.com/gin-gonic/gin",
    "github.com/labstack/echo/v4",
    "github.com/gofiber/fiber/v2",
    "github.com/go-chi/chi/v5",
    "github.com/gorilla/mux",
    "google.golang.org/grpc",
    "github.com/spf13/cobra",
    "gorm.io/gorm",
    // JVM
    "org.springframework.boot:spring-boot-starter",
    "org.springframework.boot:spring-boot-starter-web",
    "io.quarkus:quarkus-core",
    "io.micronaut:micronaut-core",
    "io.ktor:ktor-server-core",
    "org.hibernate:hibernate-core",
    "org.hibernate.orm:hibernate-core",
    // Ruby, PHP, .NET
    "rails",
    "sinatra",
    "hanami",
    "laravel/framework",
    "symfony/framework-bundle",
    "slim/slim",
    "Microsoft.AspNetCore.App",
    "Microsoft.EntityFrameworkCore",
];

/// Read every manifest found by the walk into `facts`.
pub fn read_all(root: &Path, manifests: &[String], go_main_dirs: &BTreeSet<String>, facts: &mut Facts) {
    for rel in manifests {
        let Some(text) = read(root, rel, facts) else { continue };
        read_one(root, rel, &text, facts);
    }
    go::entry_points(go_main_dirs, facts);
}

/// Whether `rel` is a manifest file draft reads (by its name).
#[must_use]
pub fn is_manifest(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    matches!(
        name,
        "Cargo.toml"
            | "package.json"
            | "pyproject.toml"
            | "setup.cfg"
            | "go.mod"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "Gemfile"
            | "composer.json"
    ) || name.ends_with(".csproj")
        || (name.starts_with("requirements") && name.ends_with(".txt"))
}

/// The dependencies one manifest's text declares (`rel` names the file, so
/// the right reader is picked; `root` is the project it belongs to). What
/// cannot be parsed yields no dependencies. `draft validate` compares a
/// manifest before and after a change with it.
#[must_use]
pub fn dependencies_in(root: &Path, rel: &str, text: &str) -> Vec<Dependency> {
    let mut facts = Facts::default();
    read_one(root, rel, text, &mut facts);
    facts.dependencies
}

/// Read one manifest's text into `facts`, by its file name.
fn read_one(root: &Path, rel: &str, text: &str, facts: &mut Facts) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let mut m = Reader { root, rel, dir: dir_of(rel), facts };
    match name {
        "Cargo.toml" => cargo::read(&mut m, text),
        "package.json" => node::read_package(&mut m, text),
        "pnpm-workspace.yaml" => node::read_pnpm_workspace(&mut m, text),
        "pyproject.toml" => python::read_pyproject(&mut m, text),
        "setup.cfg" => python::read_setup_cfg(&mut m, text),
        "go.mod" => go::read_mod(&mut m, text),
        "go.work" => go::read_work(&mut m, text),
        "pom.xml" => jvm::read_pom(&mut m, text),
        "build.gradle" | "build.gradle.kts" => jvm::read_gradle(&mut m, text),
        "settings.gradle" | "settings.gradle.kts" => jvm::read_gradle_settings(&mut m, text),
        "Gemfile" => others::read_gemfile(&mut m, text),
        "composer.json" => others::read_composer(&mut m, text),
        n if n.ends_with(".csproj") => others::read_csproj(&mut m, text),
        _ => python::read_requirements(&mut m, text),
    }
}

fn read(root: &Path, rel: &str, facts: &mut Facts) -> Option<String> {
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                facts.diagnostics.push(diagnostic(rel, "the manifest is not valid UTF-8; it was skipped"));
                None
            }
        },
        Err(e) => {
            facts.diagnostics.push(diagnostic(rel, format!("could not read the manifest: {e}")));
            None
        }
    }
}

fn diagnostic(rel: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::file("facts-manifest", Severity::Warning, rel, message)
}

/// `path` (relative to `dir`, itself relative to the root) as a
/// root-relative `/`-separated path with `.` and `..` resolved; `None` for
/// absolute paths and paths that leave the root.
#[must_use]
pub fn normalise(dir: &str, path: &str) -> Option<String> {
    let path = path.trim();
    if path.is_empty() || path.starts_with('/') || (path.contains(':') && !path.starts_with('.')) {
        return None;
    }
    let mut parts: Vec<&str> = if dir == "." { Vec::new() } else { dir.split('/').collect() };
    for seg in path.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(if parts.is_empty() { ".".to_owned() } else { parts.join("/") })
}

/// The directory of a relative path, `.` for the root.
fn dir_of(rel: &str) -> String {
    rel.rsplit_once('/').map_or_else(|| ".".to_owned(), |(d, _)| d.to_owned())
}

/// One manifest being read, with helpers that record facts from it.
struct Reader<'a> {
    root: &'a Path,
    rel: &'a str,
    dir: String,
    facts: &'a mut Facts,
}

impl Reader<'_> {
    fn manifest(&mut self, kind: &str, name: Option<&str>) {
        self.facts.manifests.push(ManifestFound {
            path: self.rel.to_owned(),
            kind: kind.to_owned(),
            name: name.map(str::to_owned),
        });
    }

    fn invalid(&mut self, what: &str, err: impl std::fmt::Display) {
        let first = err.to_string();
        let first = first.lines().next().unwrap_or("parse error").to_owned();
        self.facts.diagnostics.push(diagnostic(self.rel, format!("{what} could not be parsed: {first}")));
    }

    fn dep(&mut self, name: &str, version: Option<&str>, dev: bool) {
        self.dep_at(name, version, dev, None);
    }

    /// A dependency on a local directory, `path` relative to this manifest's directory.
    fn dep_at(&mut self, name: &str, version: Option<&str>, dev: bool, path: Option<&str>) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let version = version.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        self.facts.dependencies.push(Dependency {
            name: name.to_owned(),
            version,
            manifest: self.rel.to_owned(),
            dev,
            framework: FRAMEWORKS.contains(&name),
            path: path.and_then(|p| normalise(&self.dir, p)),
        });
    }

    fn test(&mut self, name: &str, command: &str) {
        self.facts.test_frameworks.push(TestFramework {
            name: name.to_owned(),
            command: command.to_owned(),
            dir: self.dir.clone(),
            source: self.rel.to_owned(),
        });
    }

    fn tool(&mut self, kind: &str, name: &str, command: Option<&str>, source: Option<&str>) {
        self.facts.tools.push(Tool {
            kind: kind.to_owned(),
            name: name.to_owned(),
            command: command.map(str::to_owned),
            source: source.map_or_else(|| self.rel.to_owned(), str::to_owned),
        });
    }

    fn entry(&mut self, path: &str, kind: &str, name: Option<&str>) {
        self.facts.entry_points.push(crate::EntryPoint {
            path: self.join(path),
            kind: kind.to_owned(),
            name: name.map(str::to_owned),
            source: self.rel.to_owned(),
        });
    }

    fn workspace(&mut self, kind: &str, patterns: &[String]) {
        let members = expand_members(self.root, &self.dir, patterns);
        self.facts.workspaces.push(crate::WorkspaceFact {
            kind: kind.to_owned(),
            manifest: self.rel.to_owned(),
            members,
        });
    }

    /// A path relative to this manifest's directory, made relative to the root.
    fn join(&self, path: &str) -> String {
        let path = path.trim_start_matches("./");
        if self.dir == "." { path.to_owned() } else { format!("{}/{path}", self.dir) }
    }

    /// A sibling file of the manifest, relative to the root, if it exists.
    fn sibling(&self, name: &str) -> Option<String> {
        let rel = self.join(name);
        self.root.join(&rel).exists().then_some(rel)
    }
}

/// Expand workspace member patterns relative to `dir`: a trailing `*` or
/// `**` lists the directories that exist there; other patterns (and
/// exclusions starting with `!`) are kept only when they name a directory.
fn expand_members(root: &Path, dir: &str, patterns: &[String]) -> Vec<String> {
    let base = if dir == "." { String::new() } else { format!("{dir}/") };
    let mut out = BTreeSet::new();
    for p in patterns {
        let p = p.trim().trim_start_matches("./").trim_end_matches('/');
        if p.starts_with('!') || p.is_empty() {
            continue;
        }
        if p == "." {
            out.insert(dir.to_owned());
            continue;
        }
        if let Some(parent) =
            p.strip_suffix("/**").or_else(|| p.strip_suffix("/*")).or(if p == "*" { Some("") } else { None })
        {
            if parent.contains('*') {
                continue;
            }
            let sep = if parent.is_empty() { "" } else { "/" };
            let Ok(rd) = std::fs::read_dir(root.join(format!("{base}{parent}"))) else { continue };
            for e in rd.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) && !e.file_name().to_string_lossy().starts_with('.') {
                    out.insert(format!("{base}{parent}{sep}{}", e.file_name().to_string_lossy()));
                }
            }
        } else if !p.contains('*') && root.join(format!("{base}{p}")).is_dir() {
            out.insert(format!("{base}{p}"));
        }
    }
    out.into_iter().collect()
}

/// The package manager a JavaScript project uses, from its lockfile.
fn node_runner(root: &Path, dir: &str) -> &'static str {
    let has = |name: &str| {
        let mut d = if dir == "." { root.to_path_buf() } else { root.join(dir) };
        loop {
            if d.join(name).exists() {
                return true;
            }
            if d == root || !d.pop() {
                return false;
            }
        }
    };
    if has("pnpm-lock.yaml") || has("pnpm-workspace.yaml") {
        "pnpm"
    } else if has("yarn.lock") {
        "yarn"
    } else if has("bun.lockb") || has("bun.lock") {
        "bun"
    } else {
        "npm"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_expand_globs_to_existing_directories() {
        let dir = tempfile::tempdir().expect("tmp");
        for d in ["crates/a", "crates/b", "tools/x"] {
            std::fs::create_dir_all(dir.path().join(d)).expect("mk");
        }
        let got = expand_members(
            dir.path(),
            ".",
            &["crates/*".into(), "tools/x".into(), "missing".into(), "!crates/b".into()],
        );
        assert_eq!(got, ["crates/a", "crates/b", "tools/x"]);
    }
}
