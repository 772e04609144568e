//! The text draft writes: installed skills, per-host command files, the
//! instruction files and the marked block, all derived from the skills the
//! caller passes in.
//!
//! Everything here is a pure function of its inputs, so two hosts that share
//! a file (`AGENTS.md`, `.agents/skills/`) always ask for the same bytes and
//! can be reference-counted instead of fighting over it.

use crate::context::Skill;
use crate::error::{Error, Result};

/// The first line of draft's block in shared Markdown files.
pub const BLOCK_BEGIN: &str = "<!-- draft:begin v1: written by `draft install`; edit outside this block -->";
/// The last line of draft's block.
pub const BLOCK_END: &str = "<!-- draft:end -->";

/// The name of the umbrella skill (not turned into a command).
const UMBRELLA: &str = "draft";

/// A skill split into the parts the renderers need.
#[derive(Debug, Clone)]
pub(crate) struct ParsedSkill {
    /// The short name as given.
    pub name: String,
    /// The directory name of a loose install (`draft-<name>`).
    pub dir: String,
    /// The frontmatter `description`.
    pub description: String,
    /// The `SKILL.md` text with its `name` rewritten to `dir`.
    pub installed: String,
    /// Everything after the frontmatter.
    pub body: String,
}

impl ParsedSkill {
    /// Whether this is the umbrella skill, which gets no command file.
    pub fn is_umbrella(&self) -> bool {
        self.name == UMBRELLA
    }

    /// The command verb: the name without a `draft-` prefix.
    pub fn verb(&self) -> &str {
        self.name.strip_prefix("draft-").unwrap_or(&self.name)
    }
}

#[derive(serde::Deserialize)]
struct Frontmatter {
    name: Option<String>,
    description: Option<String>,
}

/// Check a skill and split it.
pub(crate) fn parse_skill(skill: &Skill) -> Result<ParsedSkill> {
    let invalid = |reason| Error::InvalidSkill { name: skill.name.clone(), reason };
    validate_name(&skill.name).map_err(invalid)?;
    let dir = if skill.name == UMBRELLA || skill.name.starts_with("draft-") {
        skill.name.clone()
    } else {
        format!("draft-{}", skill.name)
    };
    if dir.len() > 64 {
        return Err(invalid("draft-<name> is longer than 64 characters"));
    }
    let front_range = split_frontmatter(&skill.contents).ok_or_else(|| invalid("SKILL.md has no frontmatter"))?;
    let yaml = &skill.contents[front_range.yaml.clone()];
    let front: Frontmatter =
        serde_saphyr::from_str(yaml).map_err(|_| invalid("the SKILL.md frontmatter is not valid YAML"))?;
    if front.name.is_none() {
        return Err(invalid("the SKILL.md frontmatter has no name"));
    }
    let description = front
        .description
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| invalid("the SKILL.md frontmatter has no description"))?;
    let installed = rename_frontmatter(&skill.contents, &front_range.yaml, &dir);
    let body = skill.contents[front_range.body_start..].trim_start_matches(['\r', '\n']).to_owned();
    Ok(ParsedSkill { name: skill.name.clone(), dir, description, installed, body })
}

/// The Agent Skills naming rules: 1–64 of `[a-z0-9-]`, no leading, trailing
/// or doubled hyphen.
fn validate_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() || name.len() > 64 {
        return Err("a skill name has 1 to 64 characters");
    }
    if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err("a skill name uses only a-z, 0-9 and -");
    }
    if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Err("a skill name has no leading, trailing or doubled -");
    }
    Ok(())
}

/// Where a document's frontmatter sits.
struct FrontmatterRange {
    /// The YAML between the `---` lines.
    yaml: std::ops::Range<usize>,
    /// The first byte after the closing `---` line.
    body_start: usize,
}

/// Find the frontmatter: an opening `---` line first thing in the text and
/// the next `---` line.
fn split_frontmatter(text: &str) -> Option<FrontmatterRange> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let open = text.len() - rest.len();
    let mut offset = open;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(FrontmatterRange { yaml: open..offset, body_start: offset + line.len() });
        }
        offset += line.len();
    }
    None
}

/// `text` with its top-level frontmatter `name:` line set to `dir`.
fn rename_frontmatter(text: &str, yaml: &std::ops::Range<usize>, dir: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..yaml.start]);
    for line in text[yaml.clone()].split_inclusive('\n') {
        match line.strip_prefix("name:") {
            Some(value) if value.trim().trim_matches(['"', '\'']) != dir => {
                let ending = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
                out.push_str(&format!("name: {dir}{ending}"));
            }
            _ => out.push_str(line),
        }
    }
    out.push_str(&text[yaml.end..]);
    out
}

/// An opencode command file (`.opencode/commands/<dir>.md`): the skill body
/// behind a `description`; opencode substitutes `$ARGUMENTS` itself.
pub(crate) fn opencode_command(skill: &ParsedSkill) -> String {
    format!("---\ndescription: {}\n---\n{}", yaml_string(&skill.description), ensure_newline(&skill.body))
}

/// A Gemini CLI command file (`.gemini/commands/draft/<verb>.toml`), with
/// `$ARGUMENTS` turned into Gemini's `{{args}}`.
pub(crate) fn gemini_command(skill: &ParsedSkill) -> String {
    let prompt = ensure_newline(&skill.body).replace("$ARGUMENTS", "{{args}}");
    format!("description = {}\nprompt = {}\n", toml_string(&skill.description), toml_multiline(&prompt))
}

/// The instructions every host gets, in whichever file the host reads.
pub(crate) fn instructions(skills: &[ParsedSkill]) -> String {
    let mut names: Vec<&str> = skills.iter().map(|s| s.dir.as_str()).collect();
    names.sort_unstable();
    let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let mut text = String::from(
        "This repository follows Context-Driven Development with draft. The product context and each \
         track's `spec.md` and `plan.md` live in `draft/`.\n\n\
         - Before changing code, run `draft status` and work on the active track's current task.\n\
         - Move tasks with `draft task start` and `draft task done`; never edit plan markers, the track \
         registry or metadata by hand.\n\
         - Before you finish, run `draft check` and fix what it reports.\n",
    );
    if !list.is_empty() {
        text.push_str(&format!("- The skills {list} walk through each workflow step by step.\n"));
    }
    text
}

/// `.claude/rules/draft.md`.
pub(crate) fn claude_rule(skills: &[ParsedSkill]) -> String {
    format!("# Draft\n\n{}", instructions(skills))
}

/// `.cursor/rules/draft.mdc`: always applied.
pub(crate) fn cursor_rule(skills: &[ParsedSkill]) -> String {
    format!(
        "---\ndescription: Draft (Context-Driven Development) workflow for this repository\nalwaysApply: true\n---\n# Draft\n\n{}",
        instructions(skills)
    )
}

/// `.github/instructions/draft.instructions.md`: applied to every file.
pub(crate) fn copilot_instructions(skills: &[ParsedSkill]) -> String {
    format!("---\napplyTo: \"**\"\n---\n# Draft\n\n{}", instructions(skills))
}

/// draft's marked block for `AGENTS.md` / `GEMINI.md`, markers included,
/// `\n` line endings, ending in a newline.
pub(crate) fn block(skills: &[ParsedSkill]) -> String {
    format!("{BLOCK_BEGIN}\n## Draft\n\n{}{BLOCK_END}\n", instructions(skills))
}

fn ensure_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') { text.to_owned() } else { format!("{text}\n") }
}

/// A YAML double-quoted scalar (a JSON string is one).
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// A TOML multi-line string holding `text` exactly: a literal string when it
/// can be, else a basic one with `\` and `"` escaped.
fn toml_multiline(text: &str) -> String {
    if !text.contains("'''") && !text.contains('\r') {
        // A newline right after the opening quotes is trimmed by TOML.
        return format!("'''\n{text}'''");
    }
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\r' => escaped.push_str("\\r"),
            c if c.is_control() && c != '\n' && c != '\t' => escaped.push_str(&format!("\\u{:04X}", c as u32)),
            c => escaped.push(c),
        }
    }
    format!("\"\"\"\n{escaped}\"\"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(name: &str, body: &str) -> Skill {
        Skill::new(name, format!("---\nname: {name}\ndescription: Does {name}. Use when asked.\n---\n\n{body}"))
    }

    #[test]
    fn loose_names_get_the_draft_prefix_and_frontmatter_follows() {
        let parsed = parse_skill(&skill("new-track", "Body $ARGUMENTS\n")).expect("ok");
        assert_eq!(parsed.dir, "draft-new-track");
        assert_eq!(parsed.verb(), "new-track");
        assert!(
            parsed.installed.starts_with("---\nname: draft-new-track\ndescription: Does new-track."),
            "{}",
            parsed.installed
        );
        assert_eq!(parsed.body, "Body $ARGUMENTS\n");
        let umbrella = parse_skill(&skill("draft", "x")).expect("ok");
        assert_eq!(umbrella.dir, "draft");
        assert_eq!(umbrella.installed, skill("draft", "x").contents, "a matching name is left byte for byte");
    }

    #[test]
    fn bad_skills_are_refused() {
        for name in ["", "Init", "-x", "x-", "a--b", &"x".repeat(65)] {
            assert!(parse_skill(&skill(name, "b")).is_err(), "{name:?}");
        }
        assert!(parse_skill(&Skill::new("x", "no frontmatter")).is_err());
        assert!(parse_skill(&Skill::new("x", "---\nname: x\n---\nbody")).is_err(), "description is required");
    }

    #[test]
    fn gemini_commands_are_valid_toml_with_the_exact_prompt() {
        for body in ["plain $ARGUMENTS\n", "has ''' quotes and \\ and \"\"\" too\n"] {
            let parsed = parse_skill(&skill("check", body)).expect("ok");
            let text = gemini_command(&parsed);
            let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
            assert_eq!(doc["prompt"].as_str(), Some(body.replace("$ARGUMENTS", "{{args}}").as_str()), "{text}");
            assert_eq!(doc["description"].as_str(), Some("Does check. Use when asked."));
        }
    }

    #[test]
    fn opencode_commands_keep_the_body() {
        let parsed = parse_skill(&skill("status", "Run it: $ARGUMENTS")).expect("ok");
        assert_eq!(
            opencode_command(&parsed),
            "---\ndescription: \"Does status. Use when asked.\"\n---\nRun it: $ARGUMENTS\n"
        );
    }
}
