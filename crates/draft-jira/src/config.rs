//! Where `draft jira` sends issues and how it fills them: the settings and
//! the credentials.
//!
//! Settings are read from three places, later ones winning key by key:
//!
//! 1. the first fenced ```` ```yaml ```` block of `draft/jira.md` (FORMATS.md
//!    §8: `project_key`, `board_id`, `epic_link_field`, `story_points_field`,
//!    `default_issue_type`, `default_priority`, `labels`, plus `base_url`,
//!    `subtask_issue_type` and `max_wait`);
//! 2. the `[jira]` table of `draft/config.toml`, with the same keys;
//! 3. the environment: `DRAFT_JIRA_URL`, `DRAFT_JIRA_PROJECT`,
//!    `DRAFT_JIRA_MAX_WAIT`.
//!
//! The credentials come from the environment only (`DRAFT_JIRA_EMAIL`,
//! `DRAFT_JIRA_TOKEN`): a file that holds a token is refused, so a token can
//! never be committed by following draft's own setup. Unknown keys are
//! warnings; a value of the wrong type or a file that does not parse is an
//! error naming the file and line. The environment is passed in as a
//! lookup function, so the engines never read the process environment.

use crate::secret::{Credentials, Secret};
use draft_core::error::{Error, Result};
use draft_core::workspace::{self, Workspace};
use serde_json::{Map, Value};
use std::path::Path;
use std::time::Duration;

/// `DRAFT_JIRA_URL`: the site, e.g. `https://acme.atlassian.net`.
pub const ENV_URL: &str = "DRAFT_JIRA_URL";
/// `DRAFT_JIRA_PROJECT`: the project key.
pub const ENV_PROJECT: &str = "DRAFT_JIRA_PROJECT";
/// `DRAFT_JIRA_EMAIL`: the account's email.
pub const ENV_EMAIL: &str = "DRAFT_JIRA_EMAIL";
/// `DRAFT_JIRA_TOKEN`: the account's API token.
pub const ENV_TOKEN: &str = "DRAFT_JIRA_TOKEN";
/// `DRAFT_JIRA_MAX_WAIT`: the longest wait, in seconds, on a 429 answer.
pub const ENV_MAX_WAIT: &str = "DRAFT_JIRA_MAX_WAIT";

/// The default cap on one wait after a 429 answer.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(30);

/// Keys that would put a credential in a file.
const SECRET_KEYS: &[&str] = &["token", "api_token", "apitoken", "password", "jira_token"];

/// The settings of `draft jira`.
#[derive(Debug, Clone, PartialEq)]
pub struct JiraSettings {
    /// The Jira site, without a trailing `/`.
    pub base_url: Option<String>,
    /// The project issues are created in.
    pub project_key: Option<String>,
    /// The board (informational: shown in the export).
    pub board_id: Option<String>,
    /// When set, stories name their epic through this field (older
    /// company-managed projects, e.g. `customfield_10014`) instead of `parent`.
    pub epic_link_field: Option<String>,
    /// The custom field that holds story points (e.g. `customfield_10016`);
    /// without it no points are sent.
    pub story_points_field: Option<String>,
    /// The issue type of a phase's issue (`Story`).
    pub default_issue_type: String,
    /// The issue type of a task's issue (`Sub-task`; team-managed projects
    /// call it `Subtask`).
    pub subtask_issue_type: String,
    /// The priority every issue gets, by name, when set.
    pub default_priority: Option<String>,
    /// Labels every issue gets.
    pub labels: Vec<String>,
    /// The longest single wait on a 429 answer.
    pub max_wait: Duration,
    /// The files that were read, relative to the root, then `environment`
    /// when a variable set something.
    pub sources: Vec<String>,
    /// Unknown keys and files without settings.
    pub warnings: Vec<String>,
}

impl Default for JiraSettings {
    fn default() -> Self {
        Self {
            base_url: None,
            project_key: None,
            board_id: None,
            epic_link_field: None,
            story_points_field: None,
            default_issue_type: "Story".to_owned(),
            subtask_issue_type: "Sub-task".to_owned(),
            default_priority: None,
            labels: Vec::new(),
            max_wait: DEFAULT_MAX_WAIT,
            sources: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// Where a value came from, for messages.
struct Origin<'a> {
    file: &'a str,
    line: usize,
}

impl Origin<'_> {
    fn error(&self, message: String) -> Error {
        if self.line == 0 {
            return Error::Usage(format!("{}: {message}", self.file));
        }
        Error::Malformed { file: self.file.to_owned(), line: self.line, message }
    }
}

/// Read the settings of the project `ws`; `env` looks up environment variables.
pub fn load(ws: &Workspace, env: &dyn Fn(&str) -> Option<String>) -> Result<JiraSettings> {
    let mut settings = JiraSettings::default();
    let md = ws.context_dir().join("jira.md");
    if md.is_file() {
        read_jira_md(ws, &md, &mut settings)?;
    }
    let toml_path = ws.context_dir().join("config.toml");
    if toml_path.is_file() {
        read_config_toml(ws, &toml_path, &mut settings)?;
    }
    let env_origin = Origin { file: "environment", line: 0 };
    let mut from_env = Map::new();
    for (var, key) in [(ENV_URL, "base_url"), (ENV_PROJECT, "project_key")] {
        if let Some(v) = env(var).filter(|v| !v.trim().is_empty()) {
            from_env.insert(key.to_owned(), Value::String(v));
        }
    }
    if let Some(v) = env(ENV_MAX_WAIT).filter(|v| !v.trim().is_empty()) {
        let secs = v
            .trim()
            .parse::<f64>()
            .map_err(|_| env_origin.error(format!("{ENV_MAX_WAIT}={v:?} is not a number of seconds")))?;
        from_env.insert("max_wait".to_owned(), serde_json::Number::from_f64(secs).map_or(Value::Null, Value::Number));
    }
    if !from_env.is_empty() {
        apply(&mut settings, &from_env, &env_origin)?;
        settings.sources.push("environment".to_owned());
    }
    Ok(settings)
}

/// The credentials from `DRAFT_JIRA_EMAIL` and `DRAFT_JIRA_TOKEN`.
pub fn credentials(env: &dyn Fn(&str) -> Option<String>) -> Result<Credentials> {
    let email = env(ENV_EMAIL).map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    let token = env(ENV_TOKEN).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    match (email, token) {
        (Some(email), Some(token)) => Ok(Credentials { email, token: Secret::new(token) }),
        (email, token) => {
            let missing: Vec<&str> = [(email.is_none(), ENV_EMAIL), (token.is_none(), ENV_TOKEN)]
                .into_iter()
                .filter(|m| m.0)
                .map(|m| m.1)
                .collect();
            Err(Error::Jira {
                code: "jira-credentials",
                message: format!("Jira credentials missing: {} not set", missing.join(" and ")),
                hint: Some(format!(
                    "export {ENV_EMAIL}=<your Atlassian email> and {ENV_TOKEN}=<an API token from id.atlassian.com → Security → API tokens>; draft reads them from the environment only and never writes them anywhere"
                )),
            })
        }
    }
}

fn read_jira_md(ws: &Workspace, path: &Path, settings: &mut JiraSettings) -> Result<()> {
    let rel = ws.rel(path);
    let text = workspace::read_text(path)?;
    let Some((line, yaml)) = yaml_block(&text) else {
        settings.warnings.push(format!("{rel} has no ```yaml block, so none of its settings were read"));
        return Ok(());
    };
    let origin = Origin { file: &rel, line };
    let value: Value =
        serde_saphyr::from_str(&yaml).map_err(|e| origin.error(format!("the ```yaml block is not valid YAML: {e}")))?;
    let map = match value {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        _ => return Err(origin.error("the ```yaml block must be a mapping of `key: value` lines".to_owned())),
    };
    apply(settings, &map, &origin)?;
    settings.sources.push(rel);
    Ok(())
}

/// The first fenced YAML block of a Markdown document: the 1-based line of
/// its opening fence and its text.
fn yaml_block(text: &str) -> Option<(usize, String)> {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.front_matter_delimiter = Some("---".into());
    let root = comrak::parse_document(&arena, text, &options);
    root.descendants().find_map(|node| {
        let data = node.data();
        let NodeValue::CodeBlock(block) = &data.value else { return None };
        let lang = block.info.split_whitespace().next().unwrap_or_default();
        (block.fenced && matches!(lang.to_ascii_lowercase().as_str(), "yaml" | "yml"))
            .then(|| (data.sourcepos.start.line, block.literal.clone()))
    })
}

fn read_config_toml(ws: &Workspace, path: &Path, settings: &mut JiraSettings) -> Result<()> {
    let rel = ws.rel(path);
    let text = workspace::read_text(path)?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map_or(1, |s| line_of(&text, s.start));
        Error::Malformed { file: rel.clone(), line, message: format!("not valid TOML: {}", e.message()) }
    })?;
    let Some(jira) = table.get("jira") else { return Ok(()) };
    let line = text.lines().position(|l| l.trim_start().starts_with("[jira]")).map_or(1, |i| i + 1);
    let origin = Origin { file: &rel, line };
    let Ok(Value::Object(map)) = serde_json::to_value(jira) else {
        return Err(origin.error("`jira` must be a table: [jira]".to_owned()));
    };
    apply(settings, &map, &origin)?;
    settings.sources.push(rel);
    Ok(())
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |t| t.matches('\n').count() + 1)
}

/// Set every key of `map` on `settings`.
fn apply(settings: &mut JiraSettings, map: &Map<String, Value>, origin: &Origin<'_>) -> Result<()> {
    for (key, value) in map {
        let text = || string_value(key, value, origin);
        match key.as_str() {
            "base_url" => settings.base_url = text()?.map(|u| base_url(&u, origin)).transpose()?,
            "project_key" => settings.project_key = text()?.map(|k| project_key(&k, origin)).transpose()?,
            "board_id" => settings.board_id = text()?,
            "epic_link_field" => settings.epic_link_field = text()?,
            "story_points_field" => settings.story_points_field = text()?,
            "default_priority" => settings.default_priority = text()?,
            "default_issue_type" => {
                settings.default_issue_type = text()?.unwrap_or_else(|| JiraSettings::default().default_issue_type);
            }
            "subtask_issue_type" => {
                settings.subtask_issue_type = text()?.unwrap_or_else(|| JiraSettings::default().subtask_issue_type);
            }
            "labels" => settings.labels = labels(value, origin)?,
            "max_wait" => settings.max_wait = max_wait(value, origin)?,
            k if SECRET_KEYS.contains(&k.to_ascii_lowercase().as_str()) => {
                return Err(origin.error(format!(
                    "`{k}` would keep a Jira credential in a file: remove it and set {ENV_TOKEN} in the environment instead"
                )));
            }
            other => settings.warnings.push(format!(
                "{}: unknown Jira setting `{other}` (known: base_url, project_key, board_id, epic_link_field, story_points_field, default_issue_type, subtask_issue_type, default_priority, labels, max_wait)",
                origin.file
            )),
        }
    }
    Ok(())
}

/// A string setting (numbers are taken as their text); empty means unset.
fn string_value(key: &str, value: &Value, origin: &Origin<'_>) -> Result<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(origin.error(format!("`{key}` must be a string"))),
    }
}

fn labels(value: &Value, origin: &Origin<'_>) -> Result<Vec<String>> {
    let bad =
        || origin.error("`labels` must be a list of strings without spaces (Jira labels cannot hold spaces)".into());
    let items: Vec<&Value> = match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().collect(),
        one @ Value::String(_) => vec![one],
        _ => return Err(bad()),
    };
    items
        .into_iter()
        .map(|v| match v.as_str().map(str::trim) {
            Some(s) if !s.is_empty() && !s.contains(char::is_whitespace) => Ok(s.to_owned()),
            _ => Err(bad()),
        })
        .collect()
}

fn max_wait(value: &Value, origin: &Origin<'_>) -> Result<Duration> {
    value
        .as_f64()
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 3600.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| origin.error("`max_wait` must be a number of seconds from 0 to 3600".into()))
}

/// A project key: an uppercase letter, then uppercase letters, digits or `_`.
fn project_key(key: &str, origin: &Origin<'_>) -> Result<String> {
    if draft_model::plan::is_jira_key(&format!("{key}-1")) {
        Ok(key.to_owned())
    } else {
        Err(origin.error(format!(
            "project_key {key:?} is not a Jira project key (an uppercase letter, then uppercase letters, digits or `_`, e.g. PROJ)"
        )))
    }
}

/// The site's address: `https://…` (plain `http://` only for this machine),
/// without credentials, path query or trailing `/`.
fn base_url(url: &str, origin: &Origin<'_>) -> Result<String> {
    let url = url.trim_end_matches('/');
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let bad = |why: &str| origin.error(format!("base_url {url:?} {why}"));
    if host.contains('@') {
        return Err(bad(
            "carries credentials: keep only the site's address and set DRAFT_JIRA_EMAIL / DRAFT_JIRA_TOKEN",
        ));
    }
    if host.is_empty() || rest.contains(['?', '#']) {
        return Err(bad("is not a site address such as https://acme.atlassian.net"));
    }
    match scheme {
        "https" => Ok(url.to_owned()),
        "http" if is_loopback(host) => Ok(url.to_owned()),
        "http" => Err(bad("uses plain http: the API token would cross the network unencrypted; use https://")),
        _ => Err(bad("must start with https://")),
    }
}

fn is_loopback(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use draft_core::workspace::{Environment, Layout};

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("draft")).expect("mkdir");
        for (name, text) in files {
            std::fs::write(dir.path().join("draft").join(name), text).expect("write");
        }
        let ws = Workspace::at(dir.path(), Layout::Draft, Environment::default());
        (dir, ws)
    }

    const MD: &str = "# Jira\n\nSettings:\n\n```yaml\nproject_key: PROJ\nboard_id: 42\nlabels: [draft, cdd]\nstory_points_field: customfield_10016\nbase_url: https://acme.atlassian.net/\nfuture: 1\n```\n";

    #[test]
    fn reads_jira_md_then_config_toml_then_the_environment() {
        let (_d, ws) =
            project(&[("jira.md", MD), ("config.toml", "[check]\n\n[jira]\nproject_key = \"OPS\"\nmax_wait = 0.5\n")]);
        let s = load(&ws, &|_| None).expect("settings");
        assert_eq!(s.project_key.as_deref(), Some("OPS"));
        assert_eq!(s.board_id.as_deref(), Some("42"));
        assert_eq!(s.labels, ["draft", "cdd"]);
        assert_eq!(s.base_url.as_deref(), Some("https://acme.atlassian.net"));
        assert_eq!(s.max_wait, Duration::from_millis(500));
        assert_eq!(s.sources, ["draft/jira.md", "draft/config.toml"]);
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert!(s.warnings[0].contains("`future`"));
        let env = |k: &str| (k == ENV_PROJECT).then(|| "ENV".to_owned());
        let s = load(&ws, &env).expect("settings");
        assert_eq!(s.project_key.as_deref(), Some("ENV"));
        assert_eq!(s.sources.last().map(String::as_str), Some("environment"));
    }

    #[test]
    fn bad_values_and_credentials_in_files_are_refused() {
        let (_d, ws) = project(&[("jira.md", "```yaml\nproject_key: PROJ\napi_token: abc\n```\n")]);
        let err = load(&ws, &|_| None).expect_err("token in a file");
        assert!(err.to_string().contains("draft/jira.md:1:") && !err.to_string().contains("abc"), "{err}");
        let (_d, ws) = project(&[("config.toml", "[jira]\nproject_key = \"lower\"\n")]);
        assert!(load(&ws, &|_| None).expect_err("bad key").to_string().contains("draft/config.toml:1:"));
        let (_d, ws) = project(&[("config.toml", "[jira]\nbase_url = \"http://jira.example.com\"\n")]);
        assert!(load(&ws, &|_| None).expect_err("plain http").to_string().contains("plain http"));
        let (_d, ws) = project(&[("config.toml", "[jira]\nbase_url = \"https://me:pw@x.example.com\"\n")]);
        let err = load(&ws, &|_| None).expect_err("userinfo").to_string();
        assert!(err.contains("carries credentials"), "{err}");
        let (_d, ws) = project(&[("jira.md", "no block here\n")]);
        assert_eq!(load(&ws, &|_| None).expect("ok").warnings.len(), 1);
    }

    #[test]
    fn loopback_http_is_allowed() {
        let origin = Origin { file: "x", line: 1 };
        for url in ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9/"] {
            assert!(base_url(url, &origin).is_ok(), "{url}");
        }
        assert!(base_url("ftp://x", &origin).is_err());
    }

    #[test]
    fn credentials_come_from_the_environment() {
        let err = credentials(&|_| None).expect_err("missing");
        assert!(err.to_string().contains("DRAFT_JIRA_EMAIL and DRAFT_JIRA_TOKEN not set"), "{err}");
        let env = |k: &str| match k {
            ENV_EMAIL => Some("a@b.c".to_owned()),
            ENV_TOKEN => Some(" t0k ".to_owned()),
            _ => None,
        };
        let c = credentials(&env).expect("creds");
        assert_eq!((c.email.as_str(), c.token.expose()), ("a@b.c", "t0k"));
    }
}
