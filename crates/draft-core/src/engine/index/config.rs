//! Which directories `draft index` may treat as services: the `[index]`
//! table of the root's `draft/config.toml`, and the same keys in
//! `draft/config.yaml` (Draft's own file, read for compatibility).
//!
//! ```toml
//! [index]
//! service_patterns = ["services/*", "libs/*"]   # only these directories are services
//! exclude_patterns = ["examples/**", "legacy"]   # never services, never searched
//! ```
//!
//! Patterns are globs over root-relative, `/`-separated directory paths; `*`
//! stops at `/`, `**` crosses it. A key set in config.toml wins over the
//! same key in config.yaml. A file that does not parse, or a pattern that is
//! not a glob, stops the command with the file and line; nothing is guessed.

use crate::error::{Error, Result};
use crate::workspace::read_text;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::Path;

/// The patterns, compiled.
#[derive(Debug, Clone, Default)]
pub struct IndexConfig {
    /// `service_patterns`, when any are set.
    pub services: Option<GlobSet>,
    /// `exclude_patterns`.
    pub exclude: GlobSet,
    /// The config files read, relative to the root.
    pub files: Vec<String>,
}

impl IndexConfig {
    /// True when `rel` (a directory) is excluded.
    #[must_use]
    pub fn excluded(&self, rel: &str) -> bool {
        self.exclude.is_match(rel)
    }

    /// True when service patterns are set and `rel` matches one.
    #[must_use]
    pub fn is_service_pattern(&self, rel: &str) -> bool {
        self.services.as_ref().is_some_and(|s| s.is_match(rel))
    }
}

#[derive(Debug, Default, Deserialize)]
struct Keys {
    service_patterns: Option<Vec<String>>,
    exclude_patterns: Option<Vec<String>>,
}

/// Other keys and tables belong to other commands and are not read.
#[derive(Debug, Default, Deserialize)]
struct File {
    index: Option<Keys>,
    service_patterns: Option<Vec<String>>,
    exclude_patterns: Option<Vec<String>>,
}

impl File {
    /// `[index]` first, then top-level keys.
    fn into_keys(self) -> Keys {
        let index = self.index.unwrap_or_default();
        Keys {
            service_patterns: index.service_patterns.or(self.service_patterns),
            exclude_patterns: index.exclude_patterns.or(self.exclude_patterns),
        }
    }
}

/// Read the index settings of the project at `root`.
pub fn load(root: &Path) -> Result<IndexConfig> {
    let mut files = Vec::new();
    let toml_keys = read_file(root, "draft/config.toml", &mut files, |src| {
        toml::from_str::<File>(src).map_err(|e| (e.span().map(|s| s.start), e.message().to_owned()))
    })?;
    let yaml_keys = read_file(root, "draft/config.yaml", &mut files, |src| {
        serde_saphyr::from_str::<Option<File>>(src)
            .map(Option::unwrap_or_default)
            .map_err(|e| (None, e.to_string().lines().next().unwrap_or("invalid YAML").to_owned()))
    })?;
    let service_patterns = toml_keys.service_patterns.or(yaml_keys.service_patterns);
    let exclude_patterns = toml_keys.exclude_patterns.or(yaml_keys.exclude_patterns).unwrap_or_default();
    let source = files.first().cloned().unwrap_or_else(|| "draft/config.toml".to_owned());
    let services = match service_patterns {
        Some(p) if !p.is_empty() => Some(compile(&p, &source, "service_patterns")?),
        _ => None,
    };
    Ok(IndexConfig { services, exclude: compile(&exclude_patterns, &source, "exclude_patterns")?, files })
}

type ParseError = (Option<usize>, String);

fn read_file(
    root: &Path,
    rel: &str,
    files: &mut Vec<String>,
    parse: impl Fn(&str) -> std::result::Result<File, ParseError>,
) -> Result<Keys> {
    let path = root.join(rel);
    if !path.is_file() {
        return Ok(Keys::default());
    }
    let src = read_text(&path)?;
    files.push(rel.to_owned());
    match parse(&src) {
        Ok(file) => Ok(file.into_keys()),
        Err((offset, message)) => Err(Error::Malformed {
            file: rel.to_owned(),
            line: offset.map_or(0, |o| draft_model::text::line_of_offset(&src, o)),
            message: format!("the index settings cannot be read: {message}"),
        }),
    }
}

/// One glob set; `*` does not cross `/`. A trailing `/` is ignored.
fn compile(patterns: &[String], file: &str, key: &str) -> Result<GlobSet> {
    let mut set = GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim().trim_start_matches("./").trim_end_matches('/');
        let glob: std::result::Result<Glob, _> = GlobBuilder::new(p).literal_separator(true).build();
        match glob {
            Ok(g) => {
                set.add(g);
            }
            Err(e) => {
                return Err(Error::Usage(format!("{file}: `{key}` holds {p:?}, which is not a glob pattern: {e}")));
            }
        }
    }
    set.build().map_err(|e| Error::Usage(format!("{file}: `{key}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("draft")).expect("mk");
        for (name, text) in files {
            std::fs::write(dir.path().join("draft").join(name), text).expect("w");
        }
        dir
    }

    #[test]
    fn toml_wins_over_yaml_and_star_stops_at_slash() {
        let dir = root_with(&[
            ("config.toml", "layout = \"draft\"\n[index]\nservice_patterns = [\"services/*\"]\n"),
            ("config.yaml", "service_patterns: [\"apps/*\"]\nexclude_patterns:\n  - \"services/legacy\"\n"),
        ]);
        let cfg = load(dir.path()).expect("config");
        assert!(cfg.is_service_pattern("services/api"));
        assert!(!cfg.is_service_pattern("services/api/src"), "* does not cross /");
        assert!(!cfg.is_service_pattern("apps/web"), "config.toml's key wins");
        assert!(cfg.excluded("services/legacy"), "a key only config.yaml sets is read from it");
        assert_eq!(cfg.files, ["draft/config.toml", "draft/config.yaml"]);
    }

    #[test]
    fn no_config_means_no_patterns() {
        let dir = tempfile::tempdir().expect("tmp");
        let cfg = load(dir.path()).expect("config");
        assert!(cfg.services.is_none() && !cfg.excluded("anything") && cfg.files.is_empty());
    }

    #[test]
    fn bad_files_and_globs_are_errors_naming_the_file() {
        let dir = root_with(&[("config.toml", "[index]\nservice_patterns = \"services/*\"\n")]);
        let err = load(dir.path()).expect_err("a string is not a list");
        assert!(matches!(&err, Error::Malformed { file, line: 2, .. } if file == "draft/config.toml"), "{err}");
        let dir = root_with(&[("config.toml", "[index]\nexclude_patterns = [\"a/[b\"]\n")]);
        let err = load(dir.path()).expect_err("unclosed class");
        assert!(err.to_string().contains("exclude_patterns"), "{err}");
    }
}
