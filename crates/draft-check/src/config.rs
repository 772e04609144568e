//! The `[check]` table of `draft/config.toml`.
//!
//! ```toml
//! [check]
//! disable = ["staleness", "whitespace-trailing"]  # rule ids, see `draft check --list-rules`
//! placeholder_budget = 0      # intake placeholders allowed in a spec past drafting
//! staleness_threshold = 10    # non-draft commits since synced_to_commit before reporting
//! ```
//!
//! Other tables belong to other commands and are ignored. Unknown rule ids
//! and keys are warnings that name their line; a file that does not parse is
//! an error, and the defaults apply.

use super::{diag, rule_info};
use draft_core::workspace::{self, Workspace};
use draft_model::diagnostic::Diagnostic;
use serde::Deserialize;
use toml::Spanned;

/// Settings for `draft check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckConfig {
    /// Rule ids turned off for the whole repository.
    pub disable: Vec<String>,
    /// Intake placeholders tolerated per spec past drafting.
    pub placeholder_budget: usize,
    /// Commits touching non-draft files tolerated before `staleness` reports.
    pub staleness_threshold: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self { disable: Vec::new(), placeholder_budget: 0, staleness_threshold: 10 }
    }
}

#[derive(Deserialize)]
struct File {
    check: Option<Spanned<toml::Table>>,
}

/// Read the config; problems with it become diagnostics.
pub fn load(ws: &Workspace) -> (CheckConfig, Vec<Diagnostic>) {
    let path = ws.context_dir().join("config.toml");
    let mut config = CheckConfig::default();
    let mut diags = Vec::new();
    if !path.is_file() {
        return (config, diags);
    }
    let rel = ws.rel(&path);
    let src = match workspace::read_text(&path) {
        Ok(s) => s,
        Err(e) => {
            diags.push(diag("config-invalid", &rel, e.to_string()));
            return (config, diags);
        }
    };
    let file: File = match toml::from_str(&src) {
        Ok(f) => f,
        Err(e) => {
            let mut d = diag("config-invalid", &rel, format!("config.toml is not valid TOML: {}", e.message()));
            if let Some(span) = e.span() {
                d = d.at_span(&src, span);
            }
            diags.push(d.with_hint("fix the TOML syntax; the defaults apply until then"));
            return (config, diags);
        }
    };
    let Some(check) = file.check else { return (config, diags) };
    let table_span = check.span();
    for (key, value) in check.into_inner() {
        let key_span = find_key(&src, table_span.clone(), &key);
        let at = |d: Diagnostic| match key_span.clone() {
            Some(s) => d.at_span(&src, s),
            None => d,
        };
        match key.as_str() {
            "disable" => {
                let Some(items) = value.as_array() else {
                    diags.push(at(diag("config-invalid", &rel, "`check.disable` must be an array of rule ids")));
                    continue;
                };
                for item in items {
                    let Some(id) = item.as_str() else {
                        diags.push(at(diag(
                            "config-invalid",
                            &rel,
                            "`check.disable` holds a value that is not a string",
                        )));
                        continue;
                    };
                    if rule_info(id).is_none() {
                        let span = find_str(&src, table_span.clone(), id);
                        let d = diag("config-unknown-rule", &rel, format!("unknown rule id {id:?} in `check.disable`"))
                            .with_hint(suggest(id));
                        diags.push(match span {
                            Some(s) => d.at_span(&src, s),
                            None => at(d),
                        });
                    }
                    config.disable.push(id.to_owned());
                }
            }
            "placeholder_budget" | "staleness_threshold" => {
                match value.as_integer().and_then(|n| usize::try_from(n).ok()) {
                    Some(n) if key == "placeholder_budget" => config.placeholder_budget = n,
                    Some(n) => config.staleness_threshold = n,
                    None => diags.push(at(diag(
                        "config-invalid",
                        &rel,
                        format!("`check.{key}` must be a non-negative integer"),
                    ))),
                }
            }
            other => diags.push(at(diag("config-invalid", &rel, format!("unknown key `check.{other}`"))
                .with_hint("known keys: disable, placeholder_budget, staleness_threshold"))),
        }
    }
    (config, diags)
}

fn find_key(src: &str, span: std::ops::Range<usize>, key: &str) -> Option<std::ops::Range<usize>> {
    let region = src.get(span.start..)?;
    let mut pos = 0;
    for line in region.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
            let start = span.start + pos + (line.len() - t.len());
            return Some(start..start + key.len());
        }
        pos += line.len();
    }
    None
}

fn find_str(src: &str, span: std::ops::Range<usize>, value: &str) -> Option<std::ops::Range<usize>> {
    let region = src.get(span.start..)?;
    for quote in ['"', '\''] {
        let needle = format!("{quote}{value}{quote}");
        if let Some(i) = region.find(&needle) {
            return Some(span.start + i..span.start + i + needle.len());
        }
    }
    None
}

/// "did you mean …" for a mistyped rule id.
fn suggest(id: &str) -> String {
    let best = super::RULES.iter().map(|r| (edit_distance(id, r.id), r.id)).min_by_key(|(d, _)| *d);
    match best {
        Some((d, name)) if d <= 3 => format!("did you mean `{name}`? (`draft check --list-rules` lists every id)"),
        _ => "`draft check --list-rules` lists every rule id".to_owned(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
