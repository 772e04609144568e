//! Which sections of which context documents a changed file feeds.
//!
//! The table (docs/FACTS.md repeats it):
//!
//! | Changed file | Document: sections |
//! |---|---|
//! | manifest or lockfile | tech-stack.md: facts, Frameworks & Libraries, Testing · .ai-context.md: facts, Commands |
//! | CI configuration | tech-stack.md: facts, Build & Deploy · workflow.md: Validation · .ai-context.md: Commands |
//! | linter or formatter configuration | tech-stack.md: facts, Code Style · .ai-context.md: Conventions |
//! | README or `docs/` | product.md: Vision, Core Features · .ai-context.md: Summary |
//! | any other file added, deleted or renamed | tech-stack.md: facts · architecture.md: Components · .ai-context.md: facts |
//! | any other file modified | tech-stack.md: facts · .ai-context.md: facts |
//!
//! `facts` is the generated region, which refresh rewrites; every other
//! section is prose that a person or agent rereads.

use draft_facts::freshness::ChangeKind;

/// The facts region's name in section lists.
pub const FACTS: &str = "facts";

/// The context documents refresh looks after, relative to the context directory.
pub const DOCUMENTS: &[&str] = &["product.md", "tech-stack.md", "workflow.md", "architecture.md", ".ai-context.md"];

/// Documents holding a facts region that refresh rewrites.
pub const WITH_FACTS: &[&str] = &["tech-stack.md", ".ai-context.md"];

const LINT_CONFIGS: &[&str] = &[
    "rustfmt.toml",
    ".rustfmt.toml",
    "clippy.toml",
    ".clippy.toml",
    ".editorconfig",
    "ruff.toml",
    ".ruff.toml",
    ".flake8",
    ".pylintrc",
    "mypy.ini",
    ".rubocop.yml",
    ".golangci.yml",
    ".golangci.yaml",
    ".golangci.toml",
    "biome.json",
    "biome.jsonc",
    ".stylelintrc",
    "phpstan.neon",
    ".php-cs-fixer.php",
];

fn is_lint_config(name: &str) -> bool {
    LINT_CONFIGS.contains(&name)
        || name.starts_with(".eslintrc")
        || name.starts_with("eslint.config.")
        || name.starts_with(".prettierrc")
        || name.starts_with("prettier.config.")
}

/// (document, section) pairs fed by a change to `path`.
#[must_use]
pub fn feeds(path: &str, kind: &ChangeKind) -> Vec<(&'static str, &'static str)> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if draft_facts::languages::is_manifest(name) || draft_model::files::is_lock_file(name) {
        return vec![
            ("tech-stack.md", FACTS),
            ("tech-stack.md", "Frameworks & Libraries"),
            ("tech-stack.md", "Testing"),
            (".ai-context.md", FACTS),
            (".ai-context.md", "Commands"),
        ];
    }
    if draft_facts::ci::is_ci_path(path) {
        return vec![
            ("tech-stack.md", FACTS),
            ("tech-stack.md", "Build & Deploy"),
            ("workflow.md", "Validation"),
            (".ai-context.md", "Commands"),
        ];
    }
    if is_lint_config(name) {
        return vec![("tech-stack.md", FACTS), ("tech-stack.md", "Code Style"), (".ai-context.md", "Conventions")];
    }
    if !path.contains('/') && name.to_ascii_lowercase().starts_with("readme") || path.starts_with("docs/") {
        return vec![("product.md", "Vision"), ("product.md", "Core Features"), (".ai-context.md", "Summary")];
    }
    match kind {
        ChangeKind::Modified => vec![("tech-stack.md", FACTS), (".ai-context.md", FACTS)],
        _ => vec![("tech-stack.md", FACTS), ("architecture.md", "Components"), (".ai-context.md", FACTS)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows() {
        assert!(
            feeds("crates/x/Cargo.toml", &ChangeKind::Modified).contains(&("tech-stack.md", "Frameworks & Libraries"))
        );
        assert!(feeds(".github/workflows/ci.yml", &ChangeKind::Added).contains(&("workflow.md", "Validation")));
        assert!(feeds("web/.eslintrc.json", &ChangeKind::Modified).contains(&("tech-stack.md", "Code Style")));
        assert!(feeds("README.md", &ChangeKind::Modified).contains(&("product.md", "Vision")));
        assert!(feeds("src/a.rs", &ChangeKind::Renamed).contains(&("architecture.md", "Components")));
        assert!(!feeds("src/a.rs", &ChangeKind::Modified).iter().any(|(d, _)| *d == "architecture.md"));
    }
}
