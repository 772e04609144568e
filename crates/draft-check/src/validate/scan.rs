//! The line rules of `draft validate`: secrets, debug prints, TODOs without
//! an issue, skipped tests. Each looks at one added line at a time (its
//! file's path and, for the few rules that depend on what kind of file it
//! is, a [`FileFacts`] read once per file) and returns findings placed at
//! the line's number in the new file and the match's column.

use super::rules::{DEBUG_PRINT, SECRET_ASSIGNMENT, SECRET_ENTROPY, SECRET_KEY, TEST_SKIPPED, TODO_WITHOUT_ISSUE};
use crate::rule::RuleInfo;
use draft_model::diagnostic::Diagnostic;
use draft_model::files::{FileClass, SkipKind, skip_kind};
use regex::Regex;
use std::sync::LazyLock;

/// What the line rules need to know about a file besides one line.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// Root-relative path.
    pub path: String,
    /// Lower-case extension.
    pub ext: String,
    /// A test file by path conventions.
    pub test: bool,
    /// Why a reviewer would skip it, if it is generated, vendored or a lock file.
    pub skip: Option<SkipKind>,
    /// Python: a script (has a `__main__` guard, or is `__main__.py`, `manage.py`, under `scripts/` or `bin/`).
    pub script: bool,
    /// Go: `package main`.
    pub go_main: bool,
}

impl FileFacts {
    /// Facts of `path` whose current text is `text` (when readable).
    #[must_use]
    pub fn new(path: &str, text: Option<&str>) -> Self {
        let name = path.rsplit('/').next().unwrap_or(path);
        let ext = name.rsplit_once('.').map_or(String::new(), |(_, e)| e.to_ascii_lowercase());
        let text = text.unwrap_or_default();
        let in_dir = |d: &str| path.split('/').rev().skip(1).any(|p| p == d);
        Self {
            path: path.to_owned(),
            test: FileClass::of(path) == FileClass::Test || name.starts_with("test_") || name.ends_with("_test.rs"),
            skip: skip_kind(path),
            script: ext == "py"
                && (text.contains("__name__ == \"__main__\"")
                    || text.contains("__name__ == '__main__'")
                    || matches!(name, "__main__.py" | "manage.py" | "setup.py" | "cli.py")
                    || in_dir("scripts")
                    || in_dir("bin")),
            go_main: ext == "go" && text.lines().any(|l| l.trim() == "package main"),
            ext,
        }
    }
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a typo is caught by the unit tests.
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("bad built-in pattern {pattern}: {e}"))
}

/// Provider key formats, each with the name the finding gives it.
static KEY_FORMATS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    vec![
        ("an AWS access key id", re(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
        ("a GitHub token", re(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
        ("a GitHub fine-grained token", re(r"\bgithub_pat_[A-Za-z0-9_]{22,}\b")),
        ("a Slack token", re(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
        ("a private key", re(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----")),
        ("a Google API key", re(r"\bAIza[0-9A-Za-z_\-]{35}")),
        ("a Stripe live key", re(r"\b(?:sk|rk)_live_[0-9A-Za-z]{20,}")),
    ]
});

/// `name = "literal"` / `name: 'literal'` for credential-like names.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b([a-z0-9_]*(?:password|passwd|pwd|secret|api_?key|apikey|auth_?token|access_?token|secret_?key|private_?key|client_?secret))["']?\s*(?::=|=|:)\s*["']([^"'\s]{4,})["']"#,
    )
});

/// Runs of base64-ish or hex characters, at least 20 long.
static TOKEN: LazyLock<Regex> = LazyLock::new(|| re(r"[A-Za-z0-9+/_\-]{20,}={0,2}"));

/// `TODO` or `FIXME` as a word.
static TODO: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:TODO|FIXME)\b"));

/// An issue reference: `#123`, `PROJ-12`, or a URL.
static ISSUE: LazyLock<Regex> = LazyLock::new(|| re(r"#[0-9]+\b|\b[A-Z][A-Z0-9]+-[0-9]+\b|https?://"));

/// `draft-validate: allow rule-a, rule-b`.
static ALLOW: LazyLock<Regex> = LazyLock::new(|| re(r"draft-validate:\s*allow\s+([a-z0-9\-,\s]+)"));

/// Debug prints by extension; Python's print and Go's fmt are decided with the file's facts.
static DEBUG_RUST: LazyLock<Regex> = LazyLock::new(|| re(r"\bdbg!\s*\("));
static DEBUG_JS: LazyLock<Regex> = LazyLock::new(|| re(r"\bconsole\.(?:log|debug|trace)\s*\(|\bdebugger\s*;"));
static DEBUG_PY: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bbreakpoint\s*\(\s*\)|\bpdb\.set_trace\s*\(|^\s*import\s+i?pdb\b|\bipdb\.set_trace\s*\("));
static PRINT_PY: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*print\s*\("));
static PRINT_GO: LazyLock<Regex> = LazyLock::new(|| re(r"\bfmt\.Print(?:ln|f)?\s*\("));
static PRINT_JAVA: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bSystem\.(?:out|err)\.print(?:ln|f)?\s*\(|\.printStackTrace\s*\(\s*\)"));

/// Skipped tests by extension.
static SKIP_RUST: LazyLock<Regex> = LazyLock::new(|| re(r"#\[ignore\b"));
static SKIP_PY: LazyLock<Regex> =
    LazyLock::new(|| re(r"@pytest\.mark\.skip\b|@unittest\.skip\b|\bpytest\.skip\s*\(|@unittest\.skipIf\b"));
static SKIP_JS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:it|test|describe|context|suite)\.skip\s*\(|\bx(?:it|test|describe)\s*\("));
static SKIP_GO: LazyLock<Regex> = LazyLock::new(|| re(r"\bt\.Skip(?:f|Now)?\s*\("));
static SKIP_JAVA: LazyLock<Regex> = LazyLock::new(|| re(r"@(?:Disabled|Ignore)\b"));

const JS: &[&str] = &["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "vue", "svelte"];

/// The rules an added line suppresses with `draft-validate: allow …`.
#[must_use]
pub fn allowed(text: &str) -> Vec<String> {
    ALLOW
        .captures(text)
        .map(|c| c[1].split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// A finding of `rule` at `line`, column of byte offset `at` in `text`.
fn found(rule: &'static RuleInfo, file: &FileFacts, line: usize, text: &str, at: usize, message: String) -> Diagnostic {
    let column = text.get(..at).map_or(1, |s| s.chars().count() + 1);
    rule.diag(file.path.clone(), message).at(line, column)
}

/// Whether `text` is a comment line (commented-out code is not live debugging).
fn is_comment(text: &str) -> bool {
    let t = text.trim_start();
    ["//", "#", "/*", "*", "--", "<!--"].iter().any(|p| t.starts_with(p))
        && !t.starts_with("#[")
        && !t.starts_with("#!")
}

/// Every line rule over one added line.
pub fn scan_line(file: &FileFacts, line: usize, text: &str, out: &mut Vec<Diagnostic>) {
    secrets(file, line, text, out);
    debug_print(file, line, text, out);
    todo(file, line, text, out);
    skipped_test(file, line, text, out);
}

fn secrets(file: &FileFacts, line: usize, text: &str, out: &mut Vec<Diagnostic>) {
    let mut known = false;
    for (name, pattern) in KEY_FORMATS.iter() {
        if let Some(m) = pattern.find(text) {
            known = true;
            let message = format!("{name} is written into the source");
            out.push(found(&SECRET_KEY, file, line, text, m.start(), message).with_hint(
                "remove it, revoke it with the provider, and read it from the environment or a secret store",
            ));
        }
    }
    if known {
        return;
    }
    if let Some(c) = ASSIGNMENT.captures(text) {
        let value = &c[2];
        let placeholder = value.starts_with('<')
            || value.contains("${")
            || value.contains("{{")
            || value.starts_with('%')
            || value.chars().all(|ch| matches!(ch, '*' | 'x' | 'X' | '.' | '-'))
            || ["changeme", "example", "placeholder", "dummy", "redacted", "your_", "your-"]
                .iter()
                .any(|p| value.to_ascii_lowercase().contains(p));
        if !placeholder && !file.test {
            let m = c.get(1).map_or(0, |m| m.start());
            let message = format!("`{}` is given a literal value", &c[1]);
            out.push(
                found(&SECRET_ASSIGNMENT, file, line, text, m, message)
                    .with_hint("read the value from the environment or a secret store"),
            );
            return;
        }
    }
    if file.skip == Some(SkipKind::Lock) {
        return;
    }
    for m in TOKEN.find_iter(text) {
        if looks_secret(m.as_str(), text) {
            let message = format!("a high-entropy token ({} characters) looks like a key or password", m.len());
            out.push(found(&SECRET_ENTROPY, file, line, text, m.start(), message).with_hint(
                "if it is a credential, move it out of the source; if not, add `draft-validate: allow secret-entropy` to the line",
            ));
            return;
        }
    }
}

/// Shannon entropy in bits per character.
#[must_use]
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
    }
    let len = s.len() as f64;
    counts.iter().filter(|c| **c > 0).map(|&c| c as f64 / len).map(|p| -p * p.log2()).sum()
}

/// Whether a token is random enough to be a secret: hex runs need 3 bits per
/// character, other runs 4 with upper case, lower case and digits all
/// present (so long identifiers and paths pass). Hex of a hash's length, and
/// hex on a line that names a hash, checksum or commit, are hashes.
fn looks_secret(token: &str, line: &str) -> bool {
    let token = token.trim_end_matches('=');
    if token.len() < 20 {
        return false;
    }
    let hex = token.bytes().all(|b| b.is_ascii_hexdigit());
    if hex {
        let lower = line.to_ascii_lowercase();
        let hashy = ["sha", "hash", "digest", "checksum", "integrity", "commit", "md5", "uuid", "guid"];
        if matches!(token.len(), 32 | 40 | 64 | 128) || hashy.iter().any(|w| lower.contains(w)) {
            return false;
        }
        return token.bytes().any(|b| b.is_ascii_digit())
            && token.bytes().any(|b| b.is_ascii_alphabetic())
            && entropy(token) >= 3.0;
    }
    let (upper, lower, digit) = token.bytes().fold((false, false, false), |(u, l, d), b| {
        (u || b.is_ascii_uppercase(), l || b.is_ascii_lowercase(), d || b.is_ascii_digit())
    });
    upper && lower && digit && entropy(token) >= 4.0 && !line.to_ascii_lowercase().contains("integrity")
}

fn debug_print(file: &FileFacts, line: usize, text: &str, out: &mut Vec<Diagnostic>) {
    if is_comment(text) || file.skip.is_some() {
        return;
    }
    let ext = file.ext.as_str();
    let hit = match ext {
        "rs" => DEBUG_RUST.find(text),
        e if JS.contains(&e) => DEBUG_JS.find(text),
        "py" => DEBUG_PY.find(text).or_else(|| (!file.script && !file.test).then(|| PRINT_PY.find(text)).flatten()),
        "go" => (!file.go_main && !file.test).then(|| PRINT_GO.find(text)).flatten(),
        "java" | "kt" => (!file.test).then(|| PRINT_JAVA.find(text)).flatten(),
        _ => None,
    };
    if let Some(m) = hit {
        let what = m.as_str().trim().trim_end_matches('(').trim();
        let message = format!("`{what}` left in");
        out.push(
            found(&DEBUG_PRINT, file, line, text, m.start(), message)
                .with_hint("remove the debugging, or log through the project's logger"),
        );
    }
}

fn todo(file: &FileFacts, line: usize, text: &str, out: &mut Vec<Diagnostic>) {
    let Some(m) = TODO.find(text) else { return };
    if ISSUE.is_match(&text[m.start()..]) {
        return;
    }
    let message = format!("{} without an issue reference", m.as_str());
    out.push(
        found(&TODO_WITHOUT_ISSUE, file, line, text, m.start(), message)
            .with_hint("name the issue that tracks it: TODO(#123), TODO(PROJ-12) or a link"),
    );
}

fn skipped_test(file: &FileFacts, line: usize, text: &str, out: &mut Vec<Diagnostic>) {
    if is_comment(text) && !text.trim_start().starts_with("#[") {
        return;
    }
    let ext = file.ext.as_str();
    let hit = match ext {
        "rs" => SKIP_RUST.find(text),
        "py" => SKIP_PY.find(text),
        e if JS.contains(&e) => SKIP_JS.find(text),
        "go" => SKIP_GO.find(text),
        "java" | "kt" => SKIP_JAVA.find(text),
        _ => None,
    };
    if let Some(m) = hit {
        let message = format!("`{}` skips a test", m.as_str().trim().trim_end_matches('(').trim());
        out.push(
            found(&TEST_SKIPPED, file, line, text, m.start(), message)
                .with_hint("fix the test, or delete it with a reason in the commit message"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(path: &str, line: &str) -> Vec<&'static str> {
        let mut out = Vec::new();
        scan_line(&FileFacts::new(path, None), 1, line, &mut out);
        out.iter().map(|d| d.rule).collect()
    }

    #[test]
    fn known_key_formats_are_secrets() {
        assert_eq!(rules("src/a.rs", r#"let k = "AKIAIOSFODNN7EXAMPLE";"#), ["secret-key"]);
        assert_eq!(rules("a.py", "-----BEGIN RSA PRIVATE KEY-----"), ["secret-key"]);
        assert_eq!(rules("a.js", "const t = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';"), ["secret-key"]);
        assert_eq!(rules("a.py", r#"password = "hunter22""#), ["secret-assignment"]);
        assert!(rules("a.py", r#"password = "<your password>""#).is_empty());
        assert!(rules("a.py", "password = os.environ['PASSWORD']").is_empty());
    }

    #[test]
    fn entropy_finds_random_tokens_only() {
        assert_eq!(rules("a.rs", r#"let t = "q8Zt3LmX9vR2pK7wN4yB6cD1";"#), ["secret-entropy"]);
        assert!(rules("a.rs", "let name = this_is_a_long_identifier_name;").is_empty());
        assert!(rules("a.rs", r#"let sha = "3f786850e387550fdab836ed7e6dc881de23001b";"#).is_empty());
        assert!(rules("Cargo.lock", r#"checksum = "q8Zt3LmX9vR2pK7wN4yB6cD1""#).is_empty());
    }

    #[test]
    fn debug_prints_by_language() {
        assert_eq!(rules("src/a.rs", "    dbg!(x);"), ["debug-print"]);
        assert!(rules("src/a.rs", "    println!(\"done\");").is_empty());
        assert_eq!(rules("web/a.ts", "console.log(x)"), ["debug-print"]);
        assert!(rules("web/a.ts", "// console.log(x)").is_empty());
        assert_eq!(rules("pkg/a.py", "    print(x)"), ["debug-print"]);
        assert!(rules("scripts/a.py", "    print(x)").is_empty());
        assert_eq!(rules("pkg/a.go", "\tfmt.Println(x)"), ["debug-print"]);
    }

    #[test]
    fn todos_need_an_issue() {
        assert_eq!(rules("a.rs", "// TODO: later"), ["todo-without-issue"]);
        assert!(rules("a.rs", "// TODO(#12): later").is_empty());
        assert!(rules("a.rs", "// FIXME(PROJ-12) later").is_empty());
        assert!(rules("a.rs", "// TODO see https://example.invalid/i/3").is_empty());
        assert!(rules("a.md", "a todo list").is_empty());
    }

    #[test]
    fn skipped_tests() {
        assert_eq!(rules("tests/a.rs", "#[ignore]"), ["test-skipped"]);
        assert_eq!(rules("tests/test_a.py", "@pytest.mark.skip(reason='x')"), ["test-skipped"]);
        assert!(rules("tests/test_a.py", "@pytest.mark.skipif(sys.platform == 'win32')").is_empty());
        assert_eq!(rules("a.test.ts", "it.skip('x', () => {})"), ["test-skipped"]);
        assert_eq!(rules("a.test.ts", "xit('x', () => {})"), ["test-skipped"]);
        assert_eq!(rules("a_test.go", "\tt.Skip(\"flaky\")"), ["test-skipped"]);
    }

    #[test]
    fn allow_comments_name_rules() {
        assert_eq!(
            allowed("x // draft-validate: allow debug-print, todo-without-issue"),
            ["debug-print", "todo-without-issue"]
        );
        assert!(allowed("x").is_empty());
    }
}
