//! What a repository file is for, from its path alone: the class (code,
//! test, docs, config) that impact and review reports carry beside each
//! file, and whether a reviewer should skip it (lock files, minified
//! bundles, generated code, vendored trees). Shared by the code graph
//! (draft-graph), `draft review` and `draft validate`, so every report
//! classifies a path the same way.

use serde::{Deserialize, Serialize};

/// What a file is for, by path conventions: impact reports it beside each dependent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FileClass {
    /// Production source.
    Code,
    /// Tests: `tests/`, `test/`, `__tests__/`, `*_test.go`, `test_*.py`, `*.test.ts`, `*.spec.js`, `src/test/java`.
    Test,
    /// Documentation: `docs/`, `*.md`, `*.rst`, `*.txt`.
    Doc,
    /// Configuration: `*.toml`, `*.json`, `*.yaml`, `*.ini`, `*.cfg`, build scripts.
    Config,
}

impl FileClass {
    /// Classify a `/`-separated path relative to the project root.
    #[must_use]
    pub fn of(rel: &str) -> Self {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        if matches!(ext, "md" | "rst" | "txt" | "adoc") {
            return Self::Doc;
        }
        if matches!(ext, "toml" | "json" | "yaml" | "yml" | "ini" | "cfg" | "lock")
            || matches!(lower.as_str(), "build.rs" | "setup.py" | "conftest.py" | "makefile" | "cmakelists.txt")
            || lower.ends_with(".config.js")
            || lower.ends_with(".config.ts")
            || lower.ends_with(".config.mjs")
        {
            return Self::Config;
        }
        let dirs: Vec<&str> = rel.split('/').collect();
        let in_dir = |d: &str| dirs[..dirs.len().saturating_sub(1)].contains(&d);
        let stem = lower.split('.').next().unwrap_or("");
        if in_dir("tests")
            || in_dir("test")
            || in_dir("__tests__")
            || in_dir("testdata")
            || lower.ends_with("_test.go")
            || (ext == "py" && (stem.starts_with("test_") || stem.ends_with("_test")))
            || lower.contains(".test.")
            || lower.contains(".spec.")
            || (ext == "java" && (stem.ends_with("test") || stem.ends_with("tests")))
        {
            return Self::Test;
        }
        if in_dir("docs") || in_dir("doc") {
            return Self::Doc;
        }
        Self::Code
    }
}

/// Why a reviewer skips a changed file: its lines are not written by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum SkipKind {
    /// A dependency lock file (`Cargo.lock`, `package-lock.json`, `yarn.lock`, `poetry.lock`, `go.sum`, …).
    Lock,
    /// A minified bundle (`*.min.js`, `*.min.css`, source maps).
    Minified,
    /// Generated code or build output (`*.pb.go`, `*_pb2.py`, `*.generated.*`, `dist/`, `build/`, `target/`).
    Generated,
    /// Third-party code copied into the repository (`vendor/`, `third_party/`, `node_modules/`).
    Vendored,
}

/// Dependency lock files by name, lowercase. The one list draft keeps:
/// review skips these files and the facts set them apart as generated.
pub const LOCK_FILES: &[&str] = &[
    "cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "bun.lock",
    "poetry.lock",
    "pipfile.lock",
    "uv.lock",
    "pdm.lock",
    "go.sum",
    "go.work.sum",
    "gemfile.lock",
    "composer.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "flake.lock",
    "mix.lock",
    "pubspec.lock",
    "podfile.lock",
];

/// Whether a file name (no folders) is a dependency lock file: one of
/// [`LOCK_FILES`] in any case, or any other `*.lock` that is not hidden.
#[must_use]
pub fn is_lock_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    LOCK_FILES.contains(&lower.as_str()) || lower.ends_with(".lock") && !lower.starts_with('.')
}

/// Whether a reviewer should skip `rel` (a `/`-separated root-relative
/// path), and why. Lock files, minified bundles, generated code and build
/// output, and vendored trees are recognised by name and folder.
#[must_use]
pub fn skip_kind(rel: &str) -> Option<SkipKind> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_ascii_lowercase();
    let dirs: Vec<&str> = rel.split('/').collect();
    let dirs = &dirs[..dirs.len().saturating_sub(1)];
    if is_lock_file(name) {
        return Some(SkipKind::Lock);
    }
    if dirs.iter().any(|d| matches!(*d, "vendor" | "third_party" | "third-party" | "node_modules" | "bower_components"))
    {
        return Some(SkipKind::Vendored);
    }
    if lower.contains(".min.") || lower.ends_with(".map") && (lower.ends_with(".js.map") || lower.ends_with(".css.map"))
    {
        return Some(SkipKind::Minified);
    }
    let generated_name = lower.ends_with(".pb.go")
        || lower.ends_with("_pb2.py")
        || lower.ends_with("_pb2_grpc.py")
        || lower.ends_with(".pb.rs")
        || lower.contains(".generated.")
        || lower.contains(".g.")
        || lower.ends_with("_generated.go")
        || lower.ends_with(".designer.cs");
    let build_dir = dirs.iter().any(|d| matches!(*d, "dist" | "build" | "target" | "out" | ".next" | "__generated__"));
    if generated_name || build_dir {
        return Some(SkipKind::Generated);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_path_conventions() {
        assert_eq!(FileClass::of("src/lib.rs"), FileClass::Code);
        assert_eq!(FileClass::of("crates/a/tests/it.rs"), FileClass::Test);
        assert_eq!(FileClass::of("pkg/x_test.go"), FileClass::Test);
        assert_eq!(FileClass::of("pkg/test_x.py"), FileClass::Test);
        assert_eq!(FileClass::of("web/a.spec.ts"), FileClass::Test);
        assert_eq!(FileClass::of("src/test/java/a/FooTest.java"), FileClass::Test);
        assert_eq!(FileClass::of("docs/conf.py"), FileClass::Doc);
        assert_eq!(FileClass::of("README.md"), FileClass::Doc);
        assert_eq!(FileClass::of("build.rs"), FileClass::Config);
        assert_eq!(FileClass::of("vite.config.ts"), FileClass::Config);
    }

    #[test]
    fn skipped_files_are_recognised_by_name_and_folder() {
        assert_eq!(skip_kind("Cargo.lock"), Some(SkipKind::Lock));
        assert_eq!(skip_kind("web/package-lock.json"), Some(SkipKind::Lock));
        assert_eq!(skip_kind("go.sum"), Some(SkipKind::Lock));
        assert_eq!(skip_kind("app/gradle.lockfile"), Some(SkipKind::Lock));
        assert_eq!(skip_kind("go.work.sum"), Some(SkipKind::Lock));
        assert_eq!(skip_kind("static/app.min.js"), Some(SkipKind::Minified));
        assert_eq!(skip_kind("api/v1/user.pb.go"), Some(SkipKind::Generated));
        assert_eq!(skip_kind("web/dist/index.js"), Some(SkipKind::Generated));
        assert_eq!(skip_kind("vendor/github.com/x/y.go"), Some(SkipKind::Vendored));
        assert_eq!(skip_kind("src/lib.rs"), None);
        assert_eq!(skip_kind("src/config.rs"), None);
        assert_eq!(skip_kind(".gitlock"), None);
    }
}
