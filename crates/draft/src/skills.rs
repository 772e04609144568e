//! The workflow skills built into the binary.
//!
//! `build.rs` embeds every `skills/<name>/SKILL.md` of the repository at
//! build time; this module reads their frontmatter (`name`, `description`,
//! `disable-model-invocation`) and hands the texts to `draft-hosts` for
//! `draft install`. The unit tests here are the gate the skill texts must
//! pass: valid Agent Skills frontmatter, the description budget, and every
//! `draft …` command they teach parses with the real command-line
//! definition.

use serde::Deserialize;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/skills.rs"));
}

/// One embedded skill.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct SkillInfo {
    /// The directory name (`init`, `new-track`, `draft` for the umbrella skill).
    pub name: String,
    /// The frontmatter `description` (empty if the frontmatter cannot be read,
    /// which the tests rule out for shipped skills).
    pub description: String,
    /// Whether hosts are asked not to invoke it on their own
    /// (`disable-model-invocation: true`).
    pub user_invoked_only: bool,
    /// The full `SKILL.md` text.
    #[serde(skip)]
    pub text: &'static str,
}

#[derive(Debug, Default, Deserialize)]
struct Frontmatter {
    description: Option<String>,
    #[serde(rename = "disable-model-invocation")]
    disable_model_invocation: Option<bool>,
}

/// The frontmatter of a `SKILL.md`, if it has a readable one.
fn frontmatter(text: &str) -> Option<Frontmatter> {
    let block = draft_model::frontmatter::locate(text)?;
    serde_saphyr::from_str(text.get(block.yaml)?).ok()
}

/// Every embedded skill, sorted by name.
#[must_use]
pub fn all() -> Vec<SkillInfo> {
    embedded::EMBEDDED
        .iter()
        .map(|(name, text)| {
            let front = frontmatter(text).unwrap_or_default();
            SkillInfo {
                name: (*name).to_owned(),
                description: front.description.unwrap_or_default().trim().to_owned(),
                user_invoked_only: front.disable_model_invocation.unwrap_or(false),
                text,
            }
        })
        .collect()
}

/// The skill called `name`; `draft-<name>` (the installed directory name)
/// is accepted too.
#[must_use]
pub fn find(name: &str) -> Option<SkillInfo> {
    let skills = all();
    let wanted = |n: &str| skills.iter().find(|s| s.name == n).cloned();
    wanted(name).or_else(|| name.strip_prefix("draft-").and_then(wanted))
}

/// The skills in the form `draft-hosts` installs.
#[must_use]
pub fn for_install() -> Vec<draft_hosts::Skill> {
    embedded::EMBEDDED.iter().map(|(name, text)| draft_hosts::Skill::new(*name, *text)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser as _;
    use clap::error::ErrorKind;

    /// Commands the skills teach that this branch does not have yet, as
    /// prefixes of the failing command lines. The test fails when an entry
    /// no longer matches a failing line, so the list can only shrink: empty
    /// it as the commands land.
    const PENDING: &[&str] = &[];

    /// The Agent Skills limit on a name.
    const NAME_MAX: usize = 64;
    /// The Agent Skills limit on a description.
    const DESCRIPTION_MAX: usize = 1024;
    /// All descriptions together are loaded into every conversation.
    const DESCRIPTION_TOKEN_BUDGET: usize = 2000;

    /// The frontmatter keys the Agent Skills rules constrain.
    #[derive(Debug, Deserialize)]
    struct Rules {
        name: Option<String>,
        description: Option<String>,
    }

    fn rules(text: &str) -> Option<Rules> {
        let block = draft_model::frontmatter::locate(text)?;
        serde_saphyr::from_str(text.get(block.yaml)?).ok()
    }

    /// A `draft …` command found in a skill.
    #[derive(Debug)]
    struct Taught {
        skill: String,
        line: usize,
        command: String,
    }

    /// Every `draft …` command line of a skill: lines of ```sh (or bash,
    /// shell, console) fences that start with `draft ` (a trailing `\`
    /// continues the command), and inline code spans that start with `draft `.
    fn taught(skill: &str, text: &str) -> Vec<Taught> {
        let mut out = Vec::new();
        let mut fence: Option<(String, bool)> = None; // (marker, is a shell fence)
        let mut pending: Option<(usize, String)> = None;
        for (i, raw) in text.lines().enumerate() {
            let number = i + 1;
            let line = raw.trim_start();
            if let Some((marker, shell)) = &fence {
                if line.starts_with(marker.as_str()) && line.trim_end().trim_start_matches(['`', '~']).is_empty() {
                    fence = None;
                    continue;
                }
                if !shell {
                    continue;
                }
                if let Some((start, mut command)) = pending.take() {
                    command.push(' ');
                    command.push_str(line);
                    continue_or_push(&mut out, &mut pending, skill, start, command);
                } else if line.starts_with("draft ") || line == "draft" {
                    continue_or_push(&mut out, &mut pending, skill, number, line.to_owned());
                }
                continue;
            }
            if line.starts_with("```") || line.starts_with("~~~") {
                let marker: String = line.chars().take_while(|c| *c == '`' || *c == '~').collect();
                let info = line[marker.len()..].trim().to_ascii_lowercase();
                let shell = matches!(info.split_whitespace().next(), Some("sh" | "bash" | "shell" | "console"));
                fence = Some((marker, shell));
                continue;
            }
            for span in code_spans(line) {
                if span.starts_with("draft ") {
                    out.push(Taught { skill: skill.to_owned(), line: number, command: span.to_owned() });
                }
            }
        }
        out
    }

    fn continue_or_push(
        out: &mut Vec<Taught>,
        pending: &mut Option<(usize, String)>,
        skill: &str,
        line: usize,
        command: String,
    ) {
        match command.trim_end().strip_suffix('\\') {
            Some(head) => *pending = Some((line, head.trim_end().to_owned())),
            None => out.push(Taught { skill: skill.to_owned(), line, command }),
        }
    }

    /// The contents of the inline code spans of one line.
    fn code_spans(line: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        let mut rest = line;
        while let Some(open) = rest.find('`') {
            let ticks = rest[open..].chars().take_while(|c| *c == '`').count();
            let after = &rest[open + ticks..];
            let delimiter = "`".repeat(ticks);
            let Some(close) = after.find(&delimiter) else { break };
            spans.push(after[..close].trim());
            rest = &after[close + ticks..];
        }
        spans
    }

    /// The words draft gets: shell-split, up to the first pipe, list or redirection.
    fn argv(command: &str) -> Option<Vec<String>> {
        let words = shlex::split(command)?;
        let end = words
            .iter()
            .position(|w| {
                matches!(w.as_str(), "|" | "||" | "&&" | ";" | "&") || w.starts_with('>') || w.starts_with("2>")
            })
            .unwrap_or(words.len());
        Some(words[..end].to_vec())
    }

    fn parses(command: &str) -> Result<(), String> {
        let words = argv(command).ok_or_else(|| "not valid shell words".to_owned())?;
        match Cli::try_parse_from(&words) {
            Ok(_) => Ok(()),
            Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => Ok(()),
            Err(e) => Err(e.to_string().lines().next().unwrap_or_default().to_owned()),
        }
    }

    #[test]
    fn every_skill_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../skills");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("skills dir")
            .map(|e| e.expect("entry"))
            .filter(|e| e.path().join("SKILL.md").is_file())
            .map(|e| e.file_name().into_string().expect("utf-8"))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = all().into_iter().map(|s| s.name).collect();
        assert_eq!(embedded, on_disk);
        assert!(embedded.iter().any(|n| n == "draft"), "the umbrella skill is missing");
        for skill in all() {
            let disk = std::fs::read_to_string(dir.join(&skill.name).join("SKILL.md")).expect("read");
            assert_eq!(skill.text, disk, "{} is stale in the binary", skill.name);
        }
    }

    #[test]
    fn frontmatter_follows_the_agent_skills_rules() {
        for skill in all() {
            let front = rules(skill.text).unwrap_or_else(|| panic!("{}: no valid YAML frontmatter", skill.name));
            let name = front.name.as_deref().unwrap_or_else(|| panic!("{}: no name", skill.name));
            assert_eq!(name, skill.name, "the name must be the directory name");
            assert!(!name.is_empty() && name.len() <= NAME_MAX, "{name}: 1 to {NAME_MAX} characters");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}: only a-z, 0-9 and -"
            );
            assert!(!name.starts_with('-') && !name.ends_with('-') && !name.contains("--"), "{name}: hyphens");
            let description = front.description.unwrap_or_default();
            assert!(!description.trim().is_empty(), "{name}: empty description");
            assert!(
                description.chars().count() <= DESCRIPTION_MAX,
                "{name}: description has {} characters, at most {DESCRIPTION_MAX}",
                description.chars().count()
            );
            assert_eq!(skill.description, description.trim());
        }
    }

    #[test]
    fn all_descriptions_fit_the_token_budget() {
        // Estimated as characters / 4, the usual rule of thumb for English text.
        let chars: usize = all().iter().map(|s| s.description.chars().count()).sum();
        let tokens = chars.div_ceil(4);
        assert!(
            tokens <= DESCRIPTION_TOKEN_BUDGET,
            "descriptions take ~{tokens} tokens, budget {DESCRIPTION_TOKEN_BUDGET}"
        );
    }

    #[test]
    fn revert_is_never_invoked_by_the_model() {
        let revert = find("revert").expect("revert skill");
        assert!(revert.user_invoked_only);
        assert!(!find("draft").expect("umbrella").user_invoked_only);
    }

    #[test]
    fn the_plugin_manifest_names_draft() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.claude-plugin/plugin.json");
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("plugin.json")).expect("valid JSON");
        assert_eq!(manifest["name"], "draft");
        assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn every_taught_command_parses_with_the_real_cli() {
        let mut commands = Vec::new();
        for skill in all() {
            commands.extend(taught(&skill.name, skill.text));
        }
        assert!(commands.len() >= 20, "only {} commands found; is the extractor broken?", commands.len());
        let mut failures = Vec::new();
        let mut still_pending = vec![false; PENDING.len()];
        for t in &commands {
            let Err(why) = parses(&t.command) else { continue };
            match PENDING.iter().position(|p| t.command == *p || t.command.starts_with(&format!("{p} "))) {
                Some(i) => still_pending[i] = true,
                None => failures.push(format!("skills/{}/SKILL.md:{}: `{}`: {why}", t.skill, t.line, t.command)),
            }
        }
        assert!(failures.is_empty(), "skills teach commands the CLI does not accept:\n{}", failures.join("\n"));
        let done: Vec<&str> = PENDING.iter().zip(&still_pending).filter(|(_, s)| !**s).map(|(p, _)| *p).collect();
        assert!(done.is_empty(), "these PENDING entries now parse; remove them from the list: {done:?}");
    }

    #[test]
    fn the_extractor_finds_fenced_continued_and_inline_commands() {
        let text = "Run `draft status --json` or `git log`.\n\n```sh\ndraft task next \\\n  --json   # the next task\ngit status\n```\n\n```text\ndraft not-a-command\n```\n";
        let found: Vec<(usize, String)> = taught("x", text).into_iter().map(|t| (t.line, t.command)).collect();
        assert_eq!(
            found,
            vec![(1, "draft status --json".to_owned()), (4, "draft task next --json   # the next task".to_owned())]
        );
        assert_eq!(
            argv("draft task next --json   # the next task").expect("words"),
            ["draft", "task", "next", "--json"]
        );
        assert_eq!(argv("draft status --json | jq .tracks").expect("words"), ["draft", "status", "--json"]);
        assert!(parses("draft status --json").is_ok());
        assert!(parses("draft status --frobnicate").is_err());
    }
}
