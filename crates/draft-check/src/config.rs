//! The `[check]` table of `draft/config.toml`.
//!
//! ```toml
//! [check]
//! disable = ["staleness", "whitespace-trailing"]  # rule ids, see `draft check --list-rules`
//! placeholder_budget = 0      # intake placeholders allowed in a spec past drafting
//! staleness_threshold = 10    # non-draft commits since synced_to_commit before reporting
//! tbd_budget = { in_progress = 3, completed = 0 }   # `_TBD_` sentinels per document, by track status
//! ```
//!
//! Other tables belong to other commands and are ignored. Unknown rule ids
//! and keys are warnings that name their line; a file that does not parse is
//! an error, and the defaults apply. This module only reads: it returns its
//! problems as [`Problem`]s, and the runner reports them under the rule
//! table's `config-*` rows (so the config reader does not depend on the
//! table it validates ids against — the ids are passed in).

use draft_core::workspace::{self, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::metadata::TrackStatus;
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
    /// `_TBD_` sentinels tolerated per track document, by track status;
    /// a status without an entry has no limit.
    pub tbd_budget: Vec<(TrackStatus, usize)>,
}

/// Default `_TBD_` budgets: none while planning, three once work has started
/// (or is blocked), none left once the track is completed — the caps Draft's
/// own hygiene check applies.
pub const DEFAULT_TBD_BUDGET: &[(TrackStatus, usize)] =
    &[(TrackStatus::InProgress, 3), (TrackStatus::Blocked, 3), (TrackStatus::Completed, 0)];

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            disable: Vec::new(),
            placeholder_budget: 0,
            staleness_threshold: 10,
            tbd_budget: DEFAULT_TBD_BUDGET.to_vec(),
        }
    }
}

impl CheckConfig {
    /// The `_TBD_` budget for a track in `status` (`None`: unlimited).
    #[must_use]
    pub fn tbd_budget_for(&self, status: TrackStatus) -> Option<usize> {
        self.tbd_budget.iter().find(|(s, _)| *s == status).map(|(_, n)| *n)
    }
}

/// Which `config-*` rule a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file or a value is malformed (`config-invalid`).
    Invalid,
    /// `disable` names a rule that does not exist (`config-unknown-rule`).
    UnknownRule,
}

/// A problem with config.toml: the kind picks the rule, the diagnostic
/// carries file, position, message and hint (its rule id is filled in by
/// the runner).
#[derive(Debug, Clone)]
pub struct Problem {
    /// Which rule reports it.
    pub kind: ProblemKind,
    /// Where and what.
    pub diag: Diagnostic,
}

#[derive(Deserialize)]
struct File {
    check: Option<Spanned<toml::Table>>,
}

/// Read the config; `known` are the rule ids `disable` may name.
pub fn load(ws: &Workspace, known: &[&str]) -> (CheckConfig, Vec<Problem>) {
    use ProblemKind::{Invalid, UnknownRule};
    let path = ws.context_dir().join("config.toml");
    let mut config = CheckConfig::default();
    let mut problems: Vec<Problem> = Vec::new();
    if !path.is_file() {
        return (config, problems);
    }
    let rel = ws.rel(&path);
    let new = |message: String| Diagnostic::file("", Severity::Warning, rel.clone(), message);
    let src = match workspace::read_text(&path) {
        Ok(s) => s,
        Err(e) => {
            problems.push(Problem { kind: Invalid, diag: new(e.to_string()) });
            return (config, problems);
        }
    };
    let file: File = match toml::from_str(&src) {
        Ok(f) => f,
        Err(e) => {
            let mut d = new(format!("config.toml is not valid TOML: {}", e.message()));
            if let Some(span) = e.span() {
                d = d.at_span(&src, span);
            }
            let diag = d.with_hint("fix the TOML syntax; the defaults apply until then");
            problems.push(Problem { kind: Invalid, diag });
            return (config, problems);
        }
    };
    let Some(check) = file.check else { return (config, problems) };
    let table_span = check.span();
    for (key, value) in check.into_inner() {
        let key_span = find_key(&src, table_span.clone(), &key);
        let at = |d: Diagnostic| match key_span.clone() {
            Some(s) => d.at_span(&src, s),
            None => d,
        };
        let invalid = |message: String| Problem { kind: Invalid, diag: at(new(message)) };
        match key.as_str() {
            "disable" => {
                let Some(items) = value.as_array() else {
                    problems.push(invalid("`check.disable` must be an array of rule ids".into()));
                    continue;
                };
                for item in items {
                    let Some(id) = item.as_str() else {
                        problems.push(invalid("`check.disable` holds a value that is not a string".into()));
                        continue;
                    };
                    if !known.contains(&id) {
                        let d = new(format!("unknown rule id {id:?} in `check.disable`")).with_hint(suggest(id, known));
                        let diag = match find_str(&src, table_span.clone(), id) {
                            Some(s) => d.at_span(&src, s),
                            None => at(d),
                        };
                        problems.push(Problem { kind: UnknownRule, diag });
                        continue;
                    }
                    config.disable.push(id.to_owned());
                }
            }
            "placeholder_budget" | "staleness_threshold" => {
                match value.as_integer().and_then(|n| usize::try_from(n).ok()) {
                    Some(n) if key == "placeholder_budget" => config.placeholder_budget = n,
                    Some(n) => config.staleness_threshold = n,
                    None => problems.push(invalid(format!("`check.{key}` must be a non-negative integer"))),
                }
            }
            "tbd_budget" => match tbd_budget(&value) {
                Ok(budget) => config.tbd_budget = budget,
                Err(message) => problems.push(invalid(message)),
            },
            other => problems.push(Problem {
                kind: Invalid,
                diag: at(new(format!("unknown key `check.{other}`")))
                    .with_hint("known keys: disable, placeholder_budget, staleness_threshold, tbd_budget"),
            }),
        }
    }
    (config, problems)
}

/// `tbd_budget = { in_progress = 3, completed = 0 }`: statuses named replace
/// their defaults; the others keep them.
fn tbd_budget(value: &toml::Value) -> Result<Vec<(TrackStatus, usize)>, String> {
    let table = value.as_table().ok_or("`check.tbd_budget` must be a table of status = count")?;
    let mut budget = DEFAULT_TBD_BUDGET.to_vec();
    for (status, n) in table {
        let status = TrackStatus::parse(status).ok_or_else(|| {
            format!("`check.tbd_budget` names an unknown track status {status:?} (planning, in_progress, blocked, completed, archived)")
        })?;
        let n = n
            .as_integer()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or("`check.tbd_budget` values must be non-negative integers")?;
        budget.retain(|(s, _)| *s != status);
        budget.push((status, n));
    }
    Ok(budget)
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
fn suggest(id: &str, known: &[&str]) -> String {
    let best = known.iter().map(|k| (edit_distance(id, k), *k)).min_by_key(|(d, _)| *d);
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
