//! The skeleton documents `init` and `new-track` write, embedded at build time.
//!
//! Bodies only: the pinned frontmatter is rendered by code and prepended.
//! The spec body is the seed template (`templates/spec.md`) taken verbatim.

/// The seed spec template, frontmatter included (the frontmatter part is
/// replaced by a rendered block; the body is used as is).
pub const SPEC: &str = include_str!("../templates/spec.md");
/// `product.md` body.
pub const PRODUCT: &str = include_str!("../templates/product.md");
/// `tech-stack.md` body.
pub const TECH_STACK: &str = include_str!("../templates/tech-stack.md");
/// `workflow.md` body.
pub const WORKFLOW: &str = include_str!("../templates/workflow.md");
/// `architecture.md` body.
pub const ARCHITECTURE: &str = include_str!("../templates/architecture.md");
/// `.ai-context.md` body.
pub const AI_CONTEXT: &str = include_str!("../templates/ai-context.md");
/// Empty registry body.
pub const TRACKS: &str = include_str!("../templates/tracks.md");
/// Plan body for features.
pub const PLAN_FEATURE: &str = include_str!("../templates/plan-feature.md");
/// Plan body for bug fixes.
pub const PLAN_BUGFIX: &str = include_str!("../templates/plan-bugfix.md");
/// Plan body for refactors.
pub const PLAN_REFACTOR: &str = include_str!("../templates/plan-refactor.md");
/// ADR body (FORMATS.md §8): `{ADR_ID}`, `{TITLE}` and `{DATE}` are filled.
pub const ADR: &str = include_str!("../templates/adr.md");

/// The spec template's body: everything after its frontmatter block.
#[must_use]
pub fn spec_body() -> &'static str {
    crate::frontmatter::locate(SPEC).map_or(SPEC, |b| &SPEC[b.end..])
}

/// Replace `{KEY}` tokens in one pass, so text inserted for one token is
/// never searched for another. Unknown tokens are left as they are.
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let replaced = after.find('}').and_then(|close| {
            let key = &after[..close];
            values.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v, close))
        });
        match replaced {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_is_single_pass() {
        let out = fill("{A} and {B} and {C}", &[("A", "{B}"), ("B", "b")]);
        assert_eq!(out, "{B} and b and {C}");
    }

    #[test]
    fn templates_use_only_known_tokens() {
        let known = ["PROJECT_NAME", "TRACK_ID", "TITLE", "CREATED", "DATE", "ADR_ID"];
        for body in [
            PRODUCT,
            TECH_STACK,
            WORKFLOW,
            ARCHITECTURE,
            AI_CONTEXT,
            TRACKS,
            PLAN_FEATURE,
            PLAN_BUGFIX,
            PLAN_REFACTOR,
            ADR,
        ] {
            let values: Vec<(&str, &str)> = known.iter().map(|k| (*k, "x")).collect();
            let filled = fill(body, &values);
            assert!(!filled.contains("{PROJECT_NAME}") && !filled.contains("{TITLE}"), "{filled}");
            assert!(crate::frontmatter::locate(body).is_none(), "bodies carry no frontmatter");
        }
    }
}
