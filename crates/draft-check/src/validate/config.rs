//! The `[validate]` table of `draft/config.toml`.
//!
//! ```toml
//! [validate]
//! disable = ["debug-print"]                    # rule ids, see `draft validate --list-rules`
//! severity = { "todo-without-issue" = "error" } # error | warning | info | off
//! max_file_size = 1048576                      # bytes; `file-too-large` above it
//! exclude = ["tests/fixtures/", "examples/"]   # path prefixes no rule reads
//! ```
//!
//! Other tables belong to other commands (`[check]` is `draft check`'s).
//! Problems are findings of the `validate-config` rule naming their line;
//! the defaults apply for whatever could not be read.

use super::rules::{CONFIG, VALIDATE_RULES};
use draft_core::workspace::{self, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use serde::Deserialize;
use toml::Spanned;

/// Default size limit: 1 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Settings for `draft validate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidateConfig {
    /// Rule ids turned off.
    pub disable: Vec<String>,
    /// Severity overrides by rule id.
    pub severity: Vec<(String, Severity)>,
    /// `file-too-large` above this many bytes.
    pub max_file_size: u64,
    /// Path prefixes (root-relative) no rule reads.
    pub exclude: Vec<String>,
}

impl Default for ValidateConfig {
    fn default() -> Self {
        Self { disable: Vec::new(), severity: Vec::new(), max_file_size: DEFAULT_MAX_FILE_SIZE, exclude: Vec::new() }
    }
}

impl ValidateConfig {
    /// Whether `rule` is on.
    #[must_use]
    pub fn enabled(&self, rule: &str) -> bool {
        !self.disable.iter().any(|r| r == rule)
    }

    /// The severity findings of `rule` get.
    #[must_use]
    pub fn severity_of(&self, rule: &str, default: Severity) -> Severity {
        self.severity.iter().find(|(r, _)| r == rule).map_or(default, |(_, s)| *s)
    }

    /// Whether no rule reads `path`.
    #[must_use]
    pub fn excluded(&self, path: &str) -> bool {
        self.exclude.iter().any(|p| path == p.trim_end_matches('/') || path.starts_with(p.as_str()))
    }
}

#[derive(Deserialize)]
struct File {
    validate: Option<Spanned<toml::Table>>,
}

/// Read the `[validate]` table; problems come back as `validate-config` findings.
pub fn load(ws: &Workspace) -> (ValidateConfig, Vec<Diagnostic>) {
    let mut config = ValidateConfig::default();
    let mut problems = Vec::new();
    let path = ws.context_dir().join("config.toml");
    if !path.is_file() {
        return (config, problems);
    }
    let rel = ws.rel(&path);
    let src = match workspace::read_text(&path) {
        Ok(s) => s,
        Err(e) => {
            problems.push(CONFIG.diag(rel, e.to_string()));
            return (config, problems);
        }
    };
    let file: File = match toml::from_str(&src) {
        Ok(f) => f,
        Err(e) => {
            let mut d = CONFIG.diag(rel, format!("config.toml is not valid TOML: {}", e.message()));
            if let Some(span) = e.span() {
                d = d.at_span(&src, span);
            }
            problems.push(d.with_hint("fix the TOML syntax; the defaults apply until then"));
            return (config, problems);
        }
    };
    let Some(table) = file.validate else { return (config, problems) };
    let at = table.span();
    let mut problem = |message: String| {
        problems.push(CONFIG.diag(rel.clone(), message).at_span(&src, at.start..at.start + 1));
    };
    for (key, value) in table.into_inner() {
        match key.as_str() {
            "disable" => {
                for id in strings(&value) {
                    match known(&id) {
                        true => config.disable.push(id),
                        false => problem(format!(
                            "unknown rule id {id:?} in `validate.disable` (see `draft validate --list-rules`)"
                        )),
                    }
                }
            }
            "severity" => {
                let Some(t) = value.as_table() else {
                    problem(
                        "`validate.severity` must be a table of rule id = \"error\" | \"warning\" | \"info\" | \"off\""
                            .into(),
                    );
                    continue;
                };
                for (id, level) in t {
                    if !known(id) {
                        problem(format!("unknown rule id {id:?} in `validate.severity`"));
                        continue;
                    }
                    match level.as_str() {
                        Some("error") => config.severity.push((id.clone(), Severity::Error)),
                        Some("warning") => config.severity.push((id.clone(), Severity::Warning)),
                        Some("info") => config.severity.push((id.clone(), Severity::Info)),
                        Some("off") => config.disable.push(id.clone()),
                        _ => problem(format!(
                            "`validate.severity.{id}` must be \"error\", \"warning\", \"info\" or \"off\""
                        )),
                    }
                }
            }
            "max_file_size" => match value.as_integer().and_then(|n| u64::try_from(n).ok()) {
                Some(n) => config.max_file_size = n,
                None => problem("`validate.max_file_size` must be a non-negative number of bytes".into()),
            },
            "exclude" => config.exclude = strings(&value),
            other => {
                problem(format!("unknown key `validate.{other}` (known: disable, severity, max_file_size, exclude)"))
            }
        }
    }
    (config, problems)
}

fn known(id: &str) -> bool {
    VALIDATE_RULES.iter().any(|r| r.id == id)
}

fn strings(value: &toml::Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}
