//! The one walk over the work tree: languages, generated content, manifests.
//!
//! The walk honours `.gitignore`, `.git/info/exclude`, the global excludes,
//! `.ignore` and `.tokeignore`, and skips hidden entries — the same rules
//! tokei applies, so the counts agree with `tokei` on the same tree (the
//! context trees `draft/` and `conductor/` are left out; compare with
//! `tokei --exclude draft --exclude conductor`). Each file's language comes
//! from tokei's table and its lines are counted by tokei's parser (code,
//! comments and blanks of the file's own language; embedded blocks such as
//! code in Markdown are not added, as tokei's JSON reports them). A file is
//! set apart as generated when it sits in a vendored or build directory,
//! is a lockfile, or says `@generated` or `DO NOT EDIT` in its first five
//! lines. Manifests and Go `package main` directories are collected on the
//! way, so the tree is read once.

use draft_model::{Diagnostic, Severity};
use ignore::{WalkBuilder, WalkState};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokei::{Config, LanguageType};

/// Lines of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LanguageStat {
    /// tokei's name for it (`Rust`, `TypeScript`, `Markdown`, …).
    pub name: String,
    /// Number of files.
    pub files: usize,
    /// Lines of code.
    pub code: usize,
    /// Comment lines.
    pub comments: usize,
    /// Blank lines.
    pub blanks: usize,
}

impl LanguageStat {
    /// Code, comment and blank lines together.
    #[must_use]
    pub fn lines(&self) -> usize {
        self.code + self.comments + self.blanks
    }
}

/// Files set apart for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GeneratedGroup {
    /// `vendored or build directory`, `lockfile` or `generated marker`.
    pub reason: String,
    /// Number of files (with or without a known language).
    pub files: usize,
}

/// Directories whose content is vendored or built, never hand-written.
pub const VENDORED_DIRS: &[&str] =
    &["vendor", "node_modules", "target", "dist", "build", "third_party", "bower_components", ".venv", "venv"];

/// Directories of test data: files there are counted as code, but
/// manifests there describe fixtures, not the project, and are not read.
pub const FIXTURE_DIRS: &[&str] = &["fixtures", "testdata", "__fixtures__", "test-fixtures", "test_fixtures"];

/// Context trees, never part of the facts.
pub const CONTEXT_DIRS: &[&str] = &["draft", "conductor"];

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Hand-written languages.
    pub languages: Vec<LanguageStat>,
    /// Generated languages.
    pub generated_languages: Vec<LanguageStat>,
    /// Generated files by reason.
    pub generated: Vec<GeneratedGroup>,
    /// Manifest paths relative to the root (outside vendored directories).
    pub manifests: Vec<String>,
    /// Directories holding a Go `package main` file.
    pub go_main_dirs: BTreeSet<String>,
    /// Unreadable files.
    pub diagnostics: Vec<Diagnostic>,
}

/// The walker every part of draft-facts uses (see the module doc for its rules).
#[must_use]
pub fn walker(root: &Path) -> WalkBuilder {
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .ignore(true)
        .parents(true)
        .add_custom_ignore_filename(".tokeignore")
        .filter_entry(|e| {
            !(e.depth() == 1
                && e.file_type().is_some_and(|t| t.is_dir())
                && CONTEXT_DIRS.iter().any(|d| e.file_name() == *d))
        });
    builder
}

/// Every file the walker admits, as (absolute path, relative `/` path), sorted.
#[must_use]
pub fn list_files(root: &Path) -> Vec<(PathBuf, String)> {
    let found = Mutex::new(Vec::new());
    walker(root).build_parallel().run(|| {
        Box::new(|entry| {
            if let Ok(entry) = entry
                && entry.file_type().is_some_and(|t| t.is_file())
            {
                let rel = rel_path(root, entry.path());
                if let Ok(mut v) = found.lock() {
                    v.push((entry.into_path(), rel));
                }
            }
            WalkState::Continue
        })
    });
    let mut files = found.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

/// `path` relative to `root`, `/`-separated.
#[must_use]
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Why a file is set apart before its content is read, if it is.
#[must_use]
pub fn generated_by_path(rel: &str) -> Option<&'static str> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let name = parts.pop().unwrap_or_default();
    if parts.iter().any(|p| VENDORED_DIRS.contains(p)) {
        return Some("vendored or build directory");
    }
    draft_model::files::is_lock_file(name).then_some("lockfile")
}

/// True when the first five lines carry a generated-code marker.
#[must_use]
pub fn has_generated_marker(bytes: &[u8]) -> bool {
    let head: Vec<&[u8]> = bytes.split(|&b| b == b'\n').take(5).collect();
    head.iter().any(|line| contains(line, b"@generated") || contains(line, b"DO NOT EDIT"))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Is this file name a manifest draft reads?
#[must_use]
pub fn is_manifest(name: &str) -> bool {
    matches!(
        name,
        "Cargo.toml"
            | "package.json"
            | "pnpm-workspace.yaml"
            | "pyproject.toml"
            | "setup.cfg"
            | "go.mod"
            | "go.work"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "settings.gradle"
            | "settings.gradle.kts"
            | "Gemfile"
            | "composer.json"
    ) || (name.starts_with("requirements") && name.ends_with(".txt"))
        || name.ends_with(".csproj")
}

#[derive(Default)]
struct Acc {
    langs: BTreeMap<(bool, &'static str), LanguageStat>,
    reasons: BTreeMap<&'static str, usize>,
    go_main: BTreeSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl Acc {
    fn merge(mut self, other: Self) -> Self {
        for (k, v) in other.langs {
            let e =
                self.langs.entry(k).or_insert_with(|| LanguageStat { name: v.name.clone(), ..LanguageStat::default() });
            e.files += v.files;
            e.code += v.code;
            e.comments += v.comments;
            e.blanks += v.blanks;
        }
        for (k, v) in other.reasons {
            *self.reasons.entry(k).or_default() += v;
        }
        self.go_main.extend(other.go_main);
        self.diagnostics.extend(other.diagnostics);
        self
    }
}

/// Walk `root` and count (see the module doc).
#[must_use]
pub fn walk(root: &Path) -> Walked {
    let files = list_files(root);
    let config = Config::default();
    let manifests: Vec<String> = files
        .iter()
        .filter(|(_, rel)| generated_by_path(rel) != Some("vendored or build directory"))
        .filter(|(_, rel)| !rel.split('/').any(|p| FIXTURE_DIRS.contains(&p)))
        .filter(|(_, rel)| is_manifest(rel.rsplit('/').next().unwrap_or(rel)))
        .map(|(_, rel)| rel.clone())
        .collect();
    let acc = files
        .par_iter()
        .fold(Acc::default, |mut acc, (path, rel)| {
            count_file(path, rel, &config, &mut acc);
            acc
        })
        .reduce(Acc::default, Acc::merge);
    let mut languages = Vec::new();
    let mut generated_languages = Vec::new();
    for ((generated, _), stat) in acc.langs {
        if generated { generated_languages.push(stat) } else { languages.push(stat) }
    }
    for list in [&mut languages, &mut generated_languages] {
        list.sort_by(|a, b| b.code.cmp(&a.code).then_with(|| a.name.cmp(&b.name)));
    }
    Walked {
        languages,
        generated_languages,
        generated: acc.reasons.into_iter().map(|(r, files)| GeneratedGroup { reason: r.to_owned(), files }).collect(),
        manifests,
        go_main_dirs: acc.go_main,
        diagnostics: acc.diagnostics,
    }
}

fn count_file(path: &Path, rel: &str, config: &Config, acc: &mut Acc) {
    let by_path = generated_by_path(rel);
    let language = LanguageType::from_path(path, config);
    if language.is_none() {
        if let Some(reason) = by_path {
            *acc.reasons.entry(reason).or_default() += 1;
        }
        return;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            acc.diagnostics.push(Diagnostic::file(
                "facts-unreadable",
                Severity::Warning,
                rel,
                format!("could not read the file: {e}"),
            ));
            return;
        }
    };
    let reason = by_path.or_else(|| has_generated_marker(&bytes).then_some("generated marker"));
    if let Some(reason) = reason {
        *acc.reasons.entry(reason).or_default() += 1;
    }
    let Some(language) = language else { return };
    if language == LanguageType::Go && reason.is_none() && is_go_main(&bytes) {
        let dir = rel.rsplit_once('/').map_or(".", |(d, _)| d);
        acc.go_main.insert(dir.to_owned());
    }
    let stats = language.parse_from_slice(&bytes, config);
    let key = (reason.is_some(), language.name());
    let e = acc
        .langs
        .entry(key)
        .or_insert_with(|| LanguageStat { name: language.name().to_owned(), ..LanguageStat::default() });
    e.files += 1;
    e.code += stats.code;
    e.comments += stats.comments;
    e.blanks += stats.blanks;
}

fn is_go_main(bytes: &[u8]) -> bool {
    bytes.split(|&b| b == b'\n').any(|l| l.trim_ascii() == b"package main")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_content_is_classified_apart() {
        assert_eq!(generated_by_path("web/node_modules/x/index.js"), Some("vendored or build directory"));
        assert_eq!(generated_by_path("Cargo.lock"), Some("lockfile"));
        assert_eq!(generated_by_path("src/build.rs"), None);
        assert!(has_generated_marker(b"// Code generated by protoc. DO NOT EDIT.\npackage x\n"));
        assert!(has_generated_marker(b"# a\n# b\n// @generated\n"));
        assert!(!has_generated_marker(b"1\n2\n3\n4\n5\n// @generated\n"));
    }

    #[test]
    fn walk_counts_languages_and_skips_context_and_ignored() {
        let dir = tempfile::tempdir().expect("tmp");
        let r = dir.path();
        std::fs::create_dir_all(r.join("src")).expect("mk");
        std::fs::create_dir_all(r.join("draft")).expect("mk");
        std::fs::create_dir_all(r.join("gen")).expect("mk");
        std::fs::write(r.join("src/main.rs"), "// hi\nfn main() {}\n\n").expect("w");
        std::fs::write(r.join("gen/api.rs"), "// @generated\nfn x() {}\n").expect("w");
        std::fs::write(r.join("draft/product.md"), "# P\n").expect("w");
        std::fs::write(r.join(".ignore"), "skip.rs\n").expect("w");
        std::fs::write(r.join("skip.rs"), "fn y() {}\n").expect("w");
        let w = walk(r);
        let rust = w.languages.iter().find(|l| l.name == "Rust").expect("rust");
        assert_eq!((rust.files, rust.code, rust.comments, rust.blanks), (1, 1, 1, 1));
        assert_eq!(w.generated_languages[0].files, 1);
        assert!(w.languages.iter().all(|l| l.name != "Markdown"), "draft/ is not counted");
    }
}
