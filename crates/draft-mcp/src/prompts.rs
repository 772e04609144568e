//! Prompts: one per workflow skill (`skills/<name>/SKILL.md`), embedded at
//! build time. A prompt's description is the skill's `description`, its text
//! the skill's body (after the frontmatter) with `$ARGUMENTS` replaced by the
//! prompt's one optional argument, `arguments`; without it the placeholder is
//! left as it is, and the skill text tells the agent what to do then.

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/skills.rs"));
}

/// The name of the one prompt argument.
pub const ARGUMENT: &str = "arguments";

/// A skill as a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    /// The skill's name (its directory).
    pub name: &'static str,
    /// The frontmatter's `description`.
    pub description: String,
    /// Everything after the frontmatter.
    pub body: &'static str,
}

/// Every embedded skill, sorted by name.
#[must_use]
pub fn skills() -> Vec<Skill> {
    embedded::SKILLS.iter().map(|(name, text)| parse(name, text)).collect()
}

/// The skill called `name`.
#[must_use]
pub fn skill(name: &str) -> Option<Skill> {
    embedded::SKILLS.iter().find(|(n, _)| *n == name).map(|(n, text)| parse(n, text))
}

/// The prompt text for `skill` with `arguments` filled in.
#[must_use]
pub fn render(skill: &Skill, arguments: Option<&str>) -> String {
    let body = skill.body.trim_start_matches(['\r', '\n']);
    match arguments.map(str::trim).filter(|a| !a.is_empty()) {
        Some(args) => body.replace("$ARGUMENTS", args),
        None => body.to_owned(),
    }
}

fn parse(name: &'static str, text: &'static str) -> Skill {
    let mut description = String::new();
    let mut body = text;
    if let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) {
        let end = rest.find("\n---").map(|i| i + 1);
        if let Some(end) = end {
            for line in rest[..end].lines() {
                if let Some(v) = line.strip_prefix("description:") {
                    description = unquote(v.trim()).to_owned();
                }
            }
            let after = &rest[end..];
            body = after.split_once('\n').map_or("", |(_, b)| b);
        }
    }
    Skill { name, description, body }
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_skill_is_embedded_with_a_description_and_body() {
        let all = skills();
        assert!(all.len() >= 5, "{all:?}");
        for s in &all {
            assert!(!s.description.is_empty(), "{} has no description", s.name);
            assert!(!s.body.starts_with("---") && !s.body.trim().is_empty(), "{}", s.name);
        }
        assert!(skill("implement").is_some());
        assert!(skill("nope").is_none());
    }

    #[test]
    fn arguments_fill_the_placeholder() {
        let s = Skill { name: "x", description: "d".into(), body: "\nInput:\n$ARGUMENTS\n" };
        assert_eq!(render(&s, Some(" add-auth ")), "Input:\nadd-auth\n");
        assert_eq!(render(&s, None), "Input:\n$ARGUMENTS\n");
        assert_eq!(render(&s, Some("")), "Input:\n$ARGUMENTS\n");
    }

    #[test]
    fn frontmatter_is_split_off() {
        let s = parse("a", "---\nname: a\ndescription: \"Use it\"\n---\n\n# A\nbody\n");
        assert_eq!(s.description, "Use it");
        assert_eq!(s.body, "\n# A\nbody\n");
    }
}
