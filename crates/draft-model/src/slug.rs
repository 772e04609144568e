//! Track ids: deriving them from descriptions and checking user-given ones.
//!
//! An id is a folder name under `draft/tracks/`, a commit scope and a
//! registry key at once, so it must be a plain, portable path segment that
//! can never climb out of `draft/`.

/// Longest id derived from a description.
pub const MAX_SLUG: usize = 48;

/// Kebab-case slug: ASCII lowercase, runs of anything else become one `-`,
/// trimmed, cut to at most 48 characters at a word boundary.
#[must_use]
pub fn slugify(description: &str) -> String {
    let mut slug = String::with_capacity(description.len());
    for c in description.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > MAX_SLUG {
        let cut = match slug[..=MAX_SLUG].rfind('-') {
            Some(pos) if pos > 0 => pos,
            _ => MAX_SLUG,
        };
        slug.truncate(cut);
    }
    slug
}

/// Check an id given by a user or read from a registry before it is used
/// as a path. Returns the reason when it is not acceptable.
pub fn validate_id(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("it is empty");
    }
    if id.len() > 64 {
        return Err("it is longer than 64 characters");
    }
    if !id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("it must start with an ASCII letter or digit");
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err("it may only contain ASCII letters, digits, `-`, `_` and `.`");
    }
    if id.contains("..") {
        return Err("it must not contain `..`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(slugify("Add user authentication"), "add-user-authentication");
        assert_eq!(slugify("Fix: login/bug ✨"), "fix-login-bug");
        assert_eq!(slugify("  --Hello__World--  "), "hello-world");
        assert_eq!(slugify("✨✨"), "");
        let long = "implement the very long feature description that keeps going and going";
        let s = slugify(long);
        assert!(s.len() <= MAX_SLUG && !s.ends_with('-'), "{s}");
        assert_eq!(s, "implement-the-very-long-feature-description-that");
    }

    #[test]
    fn rejects_escapes() {
        for bad in ["", "../x", "a/b", ".hidden", "a..b", "-x", "a b", "a\\b"] {
            assert!(validate_id(bad).is_err(), "{bad}");
        }
        assert!(validate_id("auth_20260301").is_ok());
    }

    proptest! {
        #[test]
        fn slugs_are_valid_ids(desc in "\\PC{0,120}") {
            let s = slugify(&desc);
            prop_assert!(s.len() <= MAX_SLUG);
            if !s.is_empty() {
                prop_assert!(validate_id(&s).is_ok(), "{s}");
                prop_assert!(!s.contains("--"));
            }
        }
    }
}
