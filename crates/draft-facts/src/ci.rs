//! CI systems, recognised by the files they read at fixed places in the
//! repository (these are mostly hidden, so the main walk never sees them).

use crate::{CiSystem, Facts};
use std::path::Path;

/// (system, files or directories, directory holding YAML files?)
const SYSTEMS: &[(&str, &[&str], bool)] = &[
    ("GitHub Actions", &[".github/workflows"], true),
    ("GitLab CI", &[".gitlab-ci.yml"], false),
    ("CircleCI", &[".circleci/config.yml"], false),
    ("Jenkins", &["Jenkinsfile"], false),
    ("Azure Pipelines", &["azure-pipelines.yml", "azure-pipelines.yaml"], false),
    ("Travis CI", &[".travis.yml"], false),
    ("Bitbucket Pipelines", &["bitbucket-pipelines.yml"], false),
    ("Buildkite", &[".buildkite"], true),
    ("Drone", &[".drone.yml"], false),
    ("Woodpecker", &[".woodpecker.yml", ".woodpecker"], false),
    ("AppVeyor", &["appveyor.yml", ".appveyor.yml"], false),
];

/// Every path (relative, `/`-separated) that CI systems read, for the
/// refresh mapping.
#[must_use]
pub fn is_ci_path(rel: &str) -> bool {
    SYSTEMS.iter().flat_map(|(_, paths, _)| paths.iter()).any(|p| rel == *p || rel.starts_with(&format!("{p}/")))
}

/// Record the CI systems configured at `root`.
pub fn detect(root: &Path, facts: &mut Facts) {
    for (name, paths, is_dir) in SYSTEMS {
        let mut files = Vec::new();
        for p in *paths {
            let full = root.join(p);
            if *is_dir && full.is_dir() {
                let Ok(rd) = std::fs::read_dir(&full) else { continue };
                let mut found: Vec<String> = rd
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".yml") || n.ends_with(".yaml"))
                    .map(|n| format!("{p}/{n}"))
                    .collect();
                found.sort();
                files.extend(found);
            } else if full.exists() {
                files.push((*p).to_owned());
            }
        }
        if !files.is_empty() {
            facts.ci.push(CiSystem { name: (*name).to_owned(), files });
        }
    }
}
