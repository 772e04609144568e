//! Acceptance criteria and the tests they name.
//!
//! spec.md is read with the spec model (comrak): the checkbox items under
//! the `## Acceptance Criteria` heading, or the rows of a table there whose
//! header has a column naming tests (`Test`, `Test ID`, `Tests`). A
//! criterion names a test with a backticked span that is a file path with a
//! source extension (`tests/login.rs`, `tests/test_auth.py::test_bad`), a
//! `::` path (`auth::login_rejects_bad_password`), an identifier containing
//! `test`, or anything backticked right after the word "test"; a table row
//! names what its test column holds. Each name is checked against the
//! repository: a path must exist (and its `::name` be found in it); a name
//! must occur as a whole word in a test file — a file under a test folder
//! or named like a test, or a source file holding test markers (`#[test]`,
//! `def test_`, `func Test`, `@Test`, `it(`/`test(`). A criterion that
//! names no test is listed as such; a named test that is not found is a
//! finding.

use super::MISSING_TEST;
use crate::spec_model::SpecModel;
use draft_core::tree::TrackDocs;
use draft_core::workspace::{self, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::files::{FileClass, skip_kind};
use serde::Serialize;

/// How a criterion stands against the tests it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CriterionStatus {
    /// Every test it names exists.
    TestsFound,
    /// It names no test.
    NoTestNamed,
    /// A test it names does not exist.
    MissingTest,
}

/// What kind of name a criterion gives its test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TestRefKind {
    /// A file path.
    File,
    /// A file path and a test inside it (`path::name`).
    FileFunction,
    /// A test function or test id, searched for in test files.
    Name,
}

/// A test a criterion names.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TestRef {
    /// As written.
    pub name: String,
    /// What kind of name it is.
    pub kind: TestRefKind,
    /// Whether it exists in the repository.
    pub found: bool,
    /// Where it was found (`path` or `path:line`), or null.
    pub location: Option<String>,
}

/// One acceptance criterion.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Criterion {
    /// 1-based line in spec.md.
    pub line: usize,
    /// The criterion's text.
    pub text: String,
    /// Ticked (`[x]`) in the spec; table rows are never ticked.
    pub checked: bool,
    /// The tests it names.
    pub tests: Vec<TestRef>,
    /// How it stands.
    pub status: CriterionStatus,
}

/// A criterion as read: line, text, ticked, and the names it gives tests
/// (each with whether it surely names a test).
type RawCriterion = (usize, String, bool, Vec<(String, bool)>);

const SOURCE_EXTS: &[&str] = &[
    "rs", "py", "js", "jsx", "mjs", "cjs", "ts", "tsx", "go", "java", "kt", "rb", "php", "cs", "c", "cc", "cpp", "h",
    "hpp", "swift", "sh", "ex", "exs",
];

/// The track's criteria with their tests; missing tests become findings.
pub fn gather(
    ws: &Workspace,
    track: &TrackDocs,
    findings: &mut Vec<Diagnostic>,
    notes: &mut Vec<String>,
) -> Vec<Criterion> {
    let path = track.dir.join("spec.md");
    let rel = ws.rel(&path);
    let Ok(src) = workspace::read_text(&path) else {
        notes.push(format!("{rel} could not be read: no acceptance criteria to match"));
        return Vec::new();
    };
    let raw = read_criteria(&src);
    if raw.is_empty() {
        notes.push(format!("{rel} lists no acceptance criteria (checkboxes or a table with a test column under `## Acceptance Criteria`)"));
        return Vec::new();
    }
    let index = TestIndex::new(ws);
    raw.into_iter()
        .map(|(line, text, checked, names)| {
            let tests: Vec<TestRef> = names
                .into_iter()
                .filter(|(n, sure)| *sure || index.defines(n))
                .map(|(n, _)| index.resolve(ws, n))
                .collect();
            let status = if tests.is_empty() {
                CriterionStatus::NoTestNamed
            } else if tests.iter().all(|t| t.found) {
                CriterionStatus::TestsFound
            } else {
                CriterionStatus::MissingTest
            };
            for t in tests.iter().filter(|t| !t.found) {
                findings.push(
                    Diagnostic::file(
                        MISSING_TEST,
                        Severity::Error,
                        rel.clone(),
                        format!("the criterion names the test `{}`, which does not exist", t.name),
                    )
                    .at(line, 0)
                    .with_hint("write the test, or correct its name in the spec"),
                );
            }
            Criterion { line, text, checked, tests, status }
        })
        .collect()
}

/// The checkbox items and test-column table rows under `## Acceptance Criteria`, in line order.
fn read_criteria(src: &str) -> Vec<RawCriterion> {
    let Some(model) = SpecModel::parse(src, &crate::lines::LineIndex::new(src)) else { return Vec::new() };
    let lines: Vec<&str> = src.lines().collect();
    let mut raw: Vec<RawCriterion> = Vec::new();
    let in_ac = |s: &Option<crate::spec_model::Title>| {
        s.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("Acceptance Criteria"))
    };
    for t in model.tasks.iter().filter(|t| in_ac(&t.section)) {
        let line_text = lines.get(t.line.saturating_sub(1)).copied().unwrap_or_default();
        let checked = t.symbol.is_some_and(|c| c == 'x' || c == 'X');
        raw.push((t.line, t.text.trim().to_owned(), checked, named_tests(line_text)));
    }
    for table in model.tables.iter().filter(|t| in_ac(&t.section)) {
        let Some(header) = table.rows.iter().find(|r| r.header) else { continue };
        let Some(col) = header.cells.iter().position(|c| c.to_ascii_lowercase().contains("test")) else { continue };
        for row in table.rows.iter().filter(|r| !r.header) {
            let tests: Vec<(String, bool)> = row
                .cells
                .get(col)
                .map(|c| {
                    c.split([',', ';'])
                        .map(|s| s.trim().trim_matches('`').to_owned())
                        .filter(|s| !s.is_empty() && !is_none(s))
                        .map(|s| (s, true))
                        .collect()
                })
                .unwrap_or_default();
            let text: Vec<&str> = row
                .cells
                .iter()
                .enumerate()
                .filter(|(i, c)| *i != col && !c.is_empty())
                .map(|(_, c)| c.as_str())
                .collect();
            raw.push((row.line, text.join(" — "), false, tests));
        }
    }
    raw.sort_by_key(|r| r.0);
    raw
}

fn is_none(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "-" | "—" | "n/a" | "none" | "tbd")
}

/// Backticked spans of a criterion line that name tests, each with whether
/// it surely does (a test-like name, a path, or right after the word
/// "test"); the others (plain identifiers) count only when a test file
/// defines a function of that name.
#[must_use]
pub fn named_tests(line: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut before = String::new();
    while let Some(open) = rest.find('`') {
        let after_open = &rest[open + 1..];
        let Some(close) = after_open.find('`') else { break };
        let span = after_open[..close].trim();
        before.push_str(&rest[..open]);
        let lead = before.trim_end().trim_end_matches([':', '(']).trim_end().to_ascii_lowercase();
        let last_word = lead.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
        let after_test_word = matches!(last_word, "test" | "tests");
        let ident = span.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && span.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !span.is_empty() && !span.contains(char::is_whitespace) {
            if after_test_word || looks_like_test(span) {
                out.push((span.to_owned(), true));
            } else if ident && span.len() > 3 {
                out.push((span.to_owned(), false));
            }
        }
        before.push_str(&after_open[..close]);
        rest = &after_open[close + 1..];
    }
    out
}

fn looks_like_test(span: &str) -> bool {
    let (path, _) = span.split_once("::").unwrap_or((span, ""));
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let is_path = SOURCE_EXTS.contains(&ext) && !path.starts_with('.');
    let ident = span.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':');
    is_path || (ident && (span.contains("::") || span.to_ascii_lowercase().contains("test")))
}

/// The repository's test files, read once.
struct TestIndex {
    files: Vec<(String, String)>,
}

impl TestIndex {
    fn new(ws: &Workspace) -> Self {
        let listed =
            ws.git().run(&["ls-files", "-z", "--cached", "--others", "--exclude-standard"]).unwrap_or_default();
        let context = format!("{}/", ws.rel(&ws.context_dir()));
        let files = listed
            .split('\0')
            .filter(|p| !p.is_empty() && !p.starts_with(&context) && skip_kind(p).is_none())
            .filter(|p| {
                let ext = p.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
                SOURCE_EXTS.contains(&ext) || FileClass::of(p) == FileClass::Test
            })
            .filter_map(|p| {
                let text = std::fs::read_to_string(ws.root.join(p)).ok()?;
                let test = FileClass::of(p) == FileClass::Test || has_test_marker(&text);
                test.then(|| (p.to_owned(), text))
            })
            .collect();
        Self { files }
    }

    /// Whether a test file defines a function called `name`
    /// (`fn`, `def`, `func`, `function`, or a Java/C# method returning `void`).
    fn defines(&self, name: &str) -> bool {
        self.files.iter().any(|(_, text)| {
            text.match_indices(name).any(|(i, _)| {
                let before = text[..i].trim_end_matches([' ', '\t']);
                let after = text[i + name.len()..].trim_start_matches([' ', '\t']);
                let keyword = ["fn", "def", "func", "function", "void"].iter().any(|k| {
                    before.strip_suffix(k).is_some_and(|b| !b.ends_with(|c: char| c.is_alphanumeric() || c == '_'))
                });
                keyword && before.len() < text[..i].len() && (after.starts_with('(') || after.starts_with('<'))
            })
        })
    }

    fn resolve(&self, ws: &Workspace, name: String) -> TestRef {
        let (path, func) = match name.split_once("::") {
            Some((p, f)) if p.contains('.') || p.contains('/') => (Some(p), Some(f.rsplit("::").next().unwrap_or(f))),
            _ => (looks_like_path(&name).then_some(name.as_str()), None),
        };
        match (path, func) {
            (Some(p), None) => {
                let found = !p.starts_with('/') && !p.contains("..") && ws.root.join(p).is_file();
                TestRef { kind: TestRefKind::File, found, location: found.then(|| p.to_owned()), name }
            }
            (Some(p), Some(f)) => {
                let text = (!p.starts_with('/') && !p.contains(".."))
                    .then(|| std::fs::read_to_string(ws.root.join(p)).ok())
                    .flatten();
                let line = text.as_deref().and_then(|t| word_line(t, f));
                TestRef {
                    kind: TestRefKind::FileFunction,
                    found: line.is_some(),
                    location: line.map(|l| format!("{p}:{l}")),
                    name,
                }
            }
            (None, _) => {
                let word = name.rsplit("::").next().unwrap_or(&name).to_owned();
                let hit = self.files.iter().find_map(|(p, text)| word_line(text, &word).map(|l| format!("{p}:{l}")));
                TestRef { kind: TestRefKind::Name, found: hit.is_some(), location: hit, name }
            }
        }
    }
}

fn looks_like_path(s: &str) -> bool {
    let ext = s.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    SOURCE_EXTS.contains(&ext) || (s.contains('/') && FileClass::of(s) == FileClass::Test)
}

fn has_test_marker(text: &str) -> bool {
    ["#[test]", "#[cfg(test)]", "#[tokio::test]", "def test_", "func Test", "@Test", "describe(", "it(", "test("]
        .iter()
        .any(|m| text.contains(m))
}

/// 1-based line of the first whole-word occurrence of `word` in `text`.
fn word_line(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).find_map(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        (!before.is_some_and(is_word) && !after.is_some_and(is_word)).then(|| text[..i].matches('\n').count() + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticked_test_names_are_picked_out() {
        let sure = |line: &str| -> Vec<String> { named_tests(line).into_iter().filter(|t| t.1).map(|t| t.0).collect() };
        assert_eq!(
            sure("- [ ] a bad password gives `401` (`auth::rejects_bad_password`)"),
            ["auth::rejects_bad_password"]
        );
        assert_eq!(sure("- [ ] covered by `tests/login.rs`"), ["tests/login.rs"]);
        assert_eq!(sure("- [ ] test: `login_works`"), ["login_works"]);
        assert_eq!(sure("- [ ] `test_export_csv` passes"), ["test_export_csv"]);
        assert!(named_tests("- [ ] `POST /login` returns `401`").is_empty());
        assert!(sure("- [ ] the latest `v2_api` is used").is_empty());
        assert_eq!(named_tests("- [ ] sums (`adds_two`)"), [("adds_two".to_owned(), false)]);
    }

    #[test]
    fn plain_names_count_when_a_test_file_defines_them() {
        let index =
            TestIndex { files: vec![("tests/a.rs".into(), "#[test]\nfn adds_two() {}\nlet user_id = 1;\n".into())] };
        assert!(index.defines("adds_two"));
        assert!(!index.defines("user_id"));
        assert!(!index.defines("adds"));
    }

    #[test]
    fn criteria_come_from_checkboxes_or_a_test_column() {
        let src = "# Spec\n\n## Acceptance Criteria\n\n- [x] sums (`adds_two`)\n- [ ] prints\n\n\
| ID | Criterion | Test ID |\n|---|---|---|\n| AC-3 | exports CSV | `T-7`, `export_csv_test` |\n| AC-4 | docs | n/a |\n\n\
## Non-Goals\n\n- [ ] not this (`nope_test`)\n";
        let raw = read_criteria(src);
        let got: Vec<(usize, &str, bool, Vec<&str>)> =
            raw.iter().map(|r| (r.0, r.1.as_str(), r.2, r.3.iter().map(|t| t.0.as_str()).collect())).collect();
        assert_eq!(
            got,
            vec![
                (5, "sums (adds_two)", true, vec!["adds_two"]),
                (6, "prints", false, vec![]),
                (10, "AC-3 — exports CSV", false, vec!["T-7", "export_csv_test"]),
                (11, "AC-4 — docs", false, vec![]),
            ]
        );
    }

    #[test]
    fn words_are_whole() {
        assert_eq!(word_line("fn a() {}\nfn login_works() {}\n", "login_works"), Some(2));
        assert_eq!(word_line("fn login_works_too() {}\n", "login_works"), None);
    }
}
