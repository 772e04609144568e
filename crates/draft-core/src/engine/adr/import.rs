//! `draft adr import [--dir PATH] [--apply]`: an adr-tools or MADR
//! collection brought into `draft/adrs/`.
//!
//! Each numbered file becomes `draft/adrs/NNN-<its own slug>.md` under the
//! same number. Only the header is mapped: the title heading becomes
//! `# ADR-NNN: Title`, the status and date (adr-tools' `Date:` line and
//! `## Status` section, MADR's frontmatter keys or `* Status:` bullets)
//! become `**Status:**`/`**Date:**` fields, and relation links become
//! relation fields (`**Supersedes:** ADR-001`); every other byte — the
//! decision text, other frontmatter keys — is copied as it is. A Status
//! section holding text draft cannot map is kept verbatim beside the fields.
//!
//! It is a dry run unless `apply` is set, and all or nothing: a number that
//! already exists in `draft/adrs/`, a file that cannot be read or converted,
//! or two files sharing a number is a problem, and with any problem nothing
//! is written. Files are written only inside the ADR directory, under the
//! project lock; if a write fails, the files this run wrote are removed.

use super::doc::{AdrDoc, Flavour, StatusForm};
use super::refs::{self, AdrState};
use super::{Collection, Entry, adrs_dir, index, writable_dir};
use crate::error::{Error, Result};
use crate::manifest;
use crate::workspace::{self, Layout, Workspace};
use draft_model::diagnostic::{Diagnostic, Severity};
use draft_model::edit::{self, Edit};
use draft_model::{frontmatter, slug, text};
use serde::Serialize;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where collections usually live, relative to the project root, tried in
/// order when neither `--dir` nor `.adr-dir` says.
const USUAL_DIRS: &[&str] =
    &["doc/adr", "docs/adr", "docs/decisions", "doc/decisions", "docs/architecture/decisions", "adr", "docs/adrs"];

/// Keys of the pinned frontmatter: a source key with one of these names
/// would clash with draft's own and is left out (with a note).
const PINNED_KEYS: &[&str] =
    &["project", "module", "track_id", "generated_by", "generated_at", "git", "synced_to_commit"];

/// What to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The collection; by default `.adr-dir`'s directory, else the usual places.
    pub dir: Option<PathBuf>,
    /// Write the files (otherwise only report what would be written).
    pub apply: bool,
}

/// One ADR of the import.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportedAdr {
    /// Its number, kept.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// The source file, relative to the project root.
    pub from: String,
    /// The draft file it becomes, relative to the project root.
    pub to: String,
    /// What was mapped: the heading, status, date and relations as written now.
    pub mapped: Vec<String>,
    /// Things to look at: text kept as it was, links to renamed files, defaults used.
    pub notes: Vec<String>,
}

/// What `adr import` did or would do.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdrImportReport {
    /// The collection read, relative to the project root (absolute when outside it).
    pub source: String,
    /// Whose conventions it follows.
    pub flavour: Flavour,
    /// True when the files were written (`--apply` and no problems).
    pub applied: bool,
    /// Every ADR, by number.
    pub files: Vec<ImportedAdr>,
    /// What stops the import (existing numbers, unreadable or unconvertible files); any one means nothing is written.
    pub problems: Vec<Diagnostic>,
    /// Files skipped without stopping the import (not numbered, say).
    pub warnings: Vec<Diagnostic>,
    /// The index file when it was refreshed, else null.
    pub index: Option<String>,
}

/// Import a collection into `draft/adrs/`.
pub fn import(ws: &Workspace, opts: &ImportOptions) -> Result<AdrImportReport> {
    if ws.layout == Layout::Conductor {
        return Err(Error::Unsupported(
            "this project keeps its context in conductor/; draft adr import writes Draft's layout (run `draft init` to add a draft/ tree)"
                .to_owned(),
        ));
    }
    let source = match &opts.dir {
        Some(d) => std::fs::canonicalize(d).map_err(|e| Error::io("resolving", d, e))?,
        None => find_source(ws)?,
    };
    let target = adrs_dir(ws);
    if std::fs::canonicalize(&target).is_ok_and(|t| t == source) {
        return Err(Error::Usage(format!("{} is draft's own ADR directory; nothing to import", ws.rel(&target))));
    }
    let _lock = ws.lock()?;
    let dir = target;
    let src = Collection::load(&source, &ws.root)?;
    let existing = Collection::load(&dir, &ws.root)?;
    let mut report = AdrImportReport {
        source: workspace::relative(&ws.root, &source),
        flavour: src.flavour(),
        applied: false,
        files: Vec::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
        index: None,
    };
    let planned = plan(ws, &src, &existing, &dir, &mut report);
    if opts.apply && report.problems.is_empty() {
        // Created (and checked to stay inside the context directory) only now,
        // so a refused import leaves no empty folder behind.
        writable_dir(ws)?;
        write_all(ws, &planned)?;
        report.applied = true;
        report.index = index::refresh_if_marked(ws, &dir)?;
    }
    Ok(report)
}

/// `.adr-dir`'s directory, else the one usual place holding ADRs.
fn find_source(ws: &Workspace) -> Result<PathBuf> {
    if let Ok(named) = std::fs::read_to_string(ws.root.join(".adr-dir")) {
        let named = named.lines().next().unwrap_or("").trim();
        let dir = ws.root.join(named);
        if !named.is_empty() && dir.is_dir() {
            return std::fs::canonicalize(&dir).map_err(|e| Error::io("resolving", &dir, e));
        }
    }
    let holding: Vec<&str> = USUAL_DIRS
        .iter()
        .copied()
        .filter(|d| Collection::load(&ws.root.join(d), &ws.root).is_ok_and(|c| !c.entries.is_empty()))
        .collect();
    match holding.as_slice() {
        [one] => std::fs::canonicalize(ws.root.join(one)).map_err(|e| Error::io("resolving", ws.root.join(one), e)),
        [] => Err(Error::Usage(format!(
            "no ADR collection found (looked at .adr-dir and {}); pass --dir PATH",
            USUAL_DIRS.join(", ")
        ))),
        many => Err(Error::Usage(format!("ADRs found in {}; pick one with --dir PATH", many.join(" and ")))),
    }
}

/// Convert every source ADR; record problems and warnings in `report`.
fn plan(
    ws: &Workspace,
    src: &Collection,
    existing: &Collection,
    dir: &Path,
    report: &mut AdrImportReport,
) -> Vec<(PathBuf, String)> {
    let problem = |file: &Path, rule: &'static str, message: String, hint: &str| {
        Diagnostic::file(rule, Severity::Error, ws.rel(file), message).with_hint(hint)
    };
    let taken: BTreeSet<u32> =
        existing.entries.iter().map(|e| e.number).chain(existing.unreadable.iter().map(|u| u.0)).collect();
    for (n, path, why) in &src.unreadable {
        let hint = "fix the file (UTF-8 text) or move it out of the collection, then run the import again";
        report.problems.push(problem(path, "unreadable", format!("cannot read ADR {n}: {why}"), hint));
    }
    // Unreadable ADRs and second files of a number are problems here (above
    // and below); the collection's other warnings pass through.
    let blocking: BTreeSet<String> = src
        .unreadable
        .iter()
        .map(|u| ws.rel(&u.1))
        .chain(src.entries.windows(2).filter(|w| w[0].number == w[1].number).map(|w| ws.rel(&w[1].path)))
        .collect();
    report.warnings.extend(src.warnings.iter().filter(|w| !blocking.contains(&w.file)).cloned());
    let project = manifest::project_name(&ws.root);
    let stamp = super::super::stamp(&ws.git(), &project, "draft:adr", None, ws.now()).0.render();
    let names: Vec<(String, String)> = src.entries.iter().map(|e| (file_name(&e.path), target_name(e))).collect();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for e in &src.entries {
        if !seen.insert(e.number) {
            let hint = "renumber one of them in the source collection first";
            report.problems.push(problem(
                &e.path,
                "adr-numbering",
                format!("a second ADR numbered {}", e.number),
                hint,
            ));
            continue;
        }
        let to = dir.join(target_name(e));
        if taken.contains(&e.number) {
            let there =
                existing.entries.iter().find(|x| x.number == e.number).map_or_else(String::new, |x| ws.rel(&x.path));
            let message =
                format!("{} already exists in draft/adrs ({there}); import never overwrites", refs::adr_id(e.number));
            report.problems.push(problem(
                &e.path,
                "adr-numbering",
                message,
                "move or renumber one of the two, then run the import again",
            ));
            continue;
        }
        match convert(e, &stamp, &names) {
            Ok(c) => {
                report.files.push(ImportedAdr {
                    number: e.number,
                    title: e.doc.title.clone(),
                    from: ws.rel(&e.path),
                    to: ws.rel(&to),
                    mapped: c.mapped,
                    notes: c.notes,
                });
                out.push((to, c.text));
            }
            Err((rule, why)) => {
                report.problems.push(problem(&e.path, rule, why, "fix the file by hand, then run the import again"))
            }
        }
    }
    out
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `NNN-<slug>.md`: the source's own slug (the name after its number), else the title's.
fn target_name(e: &Entry) -> String {
    let name = file_name(&e.path);
    let stem = name.strip_suffix(".md").or_else(|| name.strip_suffix(".MD")).unwrap_or(&name);
    let rest = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let s = Some(slug::slugify(rest))
        .filter(|s| !s.is_empty())
        .or_else(|| Some(slug::slugify(&e.doc.title)).filter(|s| !s.is_empty()));
    format!("{:03}-{}.md", e.number, s.unwrap_or_else(|| "decision".to_owned()))
}

/// A converted file.
struct Converted {
    text: String,
    mapped: Vec<String>,
    notes: Vec<String>,
}

/// Map one ADR's header into draft's; `Err` has the rule and why it cannot
/// be done without loss.
fn convert(e: &Entry, stamp: &str, names: &[(String, String)]) -> Result<Converted, (&'static str, String)> {
    let d = &e.doc;
    let src = d.src.as_str();
    if d.unclosed_frontmatter {
        return Err(("frontmatter-yaml", "cannot import: its frontmatter block is never closed".to_owned()));
    }
    if let Some(bad) = d.diagnostics.iter().find(|x| x.rule == "frontmatter-yaml") {
        return Err(("frontmatter-yaml", format!("cannot import: line {}: {}", bad.line, bad.message)));
    }
    let Some(title) = d.title_range.clone() else {
        return Err(("adr-numbering", "cannot import: it has no `# Title` heading".to_owned()));
    };
    let eol = text::line_ending(src);
    let (mut mapped, mut notes) = (Vec::new(), Vec::new());
    let (body_at, _) = frontmatter::body_start(src, d.frontmatter.as_ref());
    let front = match &d.frontmatter {
        Some(block) => {
            let (extra, dropped) = extra_keys(src, block);
            notes.extend(
                dropped.into_iter().map(|k| format!("frontmatter key `{k}` clashes with draft's own and was left out")),
            );
            format!("{}{extra}---\n", stamp.strip_suffix("---\n").unwrap_or(stamp))
        }
        None => format!("{stamp}\n"),
    };
    let heading = format!("# {}: {}", refs::adr_id(e.number), d.title);
    mapped.push(heading.clone());
    let mut edits = vec![Edit::replace(0..body_at, front), Edit::replace(title.clone(), format!("{heading}{eol}"))];
    if d.status.as_ref().map(|s| s.form) != Some(StatusForm::Field) {
        for r in &d.header_lines {
            edits.push(Edit::delete(with_blank_after(src, r.clone())));
        }
        let keep_section = d.status_section.as_ref().is_some_and(|s| !s.mappable);
        if let Some(section) = d.status_section.as_ref().filter(|s| s.mappable) {
            edits.push(Edit::delete(section.range.clone()));
        }
        if keep_section {
            notes.push(
                "the Status section holds text draft does not map; it is kept as written below the fields".to_owned(),
            );
        }
        let fields = fields(d, keep_section, &mut notes);
        mapped.extend(fields.iter().cloned());
        // A blank line after the fields unless what follows them (past the
        // lines deleted above) already starts with one.
        let mut next = title.end;
        while let Some(gone) = edits.iter().find(|e| e.range.start == next && e.range.end > next && e.text.is_empty()) {
            next = gone.range.end;
        }
        let gap = if src[next..].starts_with(['\n', '\r']) || next == src.len() { "" } else { eol };
        let block: String = fields.iter().map(|f| format!("{f}{eol}")).collect();
        edits.push(Edit::insert(title.end, format!("{eol}{block}{gap}")));
    }
    let text = edit::apply(src, edits).map_err(|err| ("adr-numbering", format!("internal edit error: {err}")))?;
    for (old, new) in names {
        if old != new && (text.contains(&format!("]({old})")) || text.contains(&format!("](./{old})"))) {
            notes.push(format!("links to {old}, which is now {new}"));
        }
    }
    Ok(Converted { text, mapped, notes })
}

/// The `**Status:**`, `**Date:**` and relation fields for `d`.
fn fields(d: &AdrDoc, keep_section: bool, notes: &mut Vec<String>) -> Vec<String> {
    let status = match (d.superseded_by, &d.status) {
        (Some(n), _) => format!("Superseded by {}", refs::adr_id(n)),
        (None, Some(s)) => status_word(&s.text),
        (None, None) => {
            notes.push("no status found; written as Proposed".to_owned());
            "Proposed".to_owned()
        }
    };
    let mut out = vec![format!("**Status:** {status}")];
    match &d.date {
        Some(date) => out.push(format!("**Date:** {date}")),
        None => notes.push("no date found; the Date field is left out".to_owned()),
    }
    if !keep_section {
        let mut kinds: Vec<&str> = Vec::new();
        for r in &d.relations {
            if !kinds.iter().any(|k| k.eq_ignore_ascii_case(&r.kind)) {
                kinds.push(&r.kind);
            }
        }
        for kind in kinds {
            let ids: Vec<String> = d
                .relations
                .iter()
                .filter(|r| r.kind.eq_ignore_ascii_case(kind))
                .map(|r| refs::adr_id(r.target))
                .collect();
            out.push(format!("**{kind}:** {}", ids.join(", ")));
        }
    }
    out
}

/// A known status word capitalised (`accepted` → `Accepted`), the rest kept.
fn status_word(text: &str) -> String {
    let t = text.trim();
    let word_len = t.chars().take_while(char::is_ascii_alphabetic).count();
    match AdrState::of(t).word() {
        Some(w) if t[..word_len].eq_ignore_ascii_case(w) => format!("{w}{}", &t[word_len..]),
        _ => t.to_owned(),
    }
}

/// The frontmatter lines other than `status` and `date` (each top-level key
/// with its indented or `- ` continuation lines), and the keys left out
/// because draft's pinned block has them.
fn extra_keys(src: &str, block: &frontmatter::FrontmatterBlock) -> (String, Vec<String>) {
    let (mut keep, mut dropped, mut current_kept) = (String::new(), Vec::new(), true);
    for line in text::lines_from(src, block.yaml.start, block.yaml_first_line).take_while(|l| l.start < block.yaml.end)
    {
        let t = line.text;
        let top = !t.starts_with([' ', '\t', '-', '#']) && !t.trim().is_empty();
        if top {
            let key = t.split(':').next().unwrap_or("").trim().trim_matches(['"', '\'']);
            current_kept = !matches!(key, "status" | "date");
            if PINNED_KEYS.contains(&key) {
                current_kept = false;
                dropped.push(key.to_owned());
            }
        }
        if current_kept {
            keep.push_str(t);
            keep.push('\n');
        }
    }
    (keep, dropped)
}

/// `r` (whole lines) plus the blank line after it, when a blank line also
/// precedes it: a paragraph of its own goes without leaving two blank lines.
fn with_blank_after(src: &str, r: Range<usize>) -> Range<usize> {
    let blank_before = r.start == 0 || src[text::line_start(src, r.start - 1)..r.start].trim().is_empty();
    match text::lines_from(src, r.end, 1).next() {
        Some(next) if blank_before && next.is_blank() => r.start..next.end,
        _ => r,
    }
}

/// Write every planned file; on a failure remove the ones already written.
fn write_all(ws: &Workspace, planned: &[(PathBuf, String)]) -> Result<()> {
    for (i, (path, text)) in planned.iter().enumerate() {
        if let Err(err) = ws.write(path, text.as_bytes()) {
            for (p, _) in &planned[..i] {
                let _ = std::fs::remove_file(p);
            }
            return Err(err);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_are_capitalised_and_other_text_kept() {
        assert_eq!(status_word("accepted"), "Accepted");
        assert_eq!(status_word("Accepted on 2020-01-02"), "Accepted on 2020-01-02");
        assert_eq!(status_word("on hold"), "on hold");
        assert_eq!(status_word("{proposed | accepted}"), "{proposed | accepted}");
    }

    #[test]
    fn a_date_line_right_under_the_title_leaves_one_blank_line() {
        let src = "# 1. T\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n";
        let doc = AdrDoc::parse(src.to_owned(), "0001-t.md");
        let entry = Entry { number: 1, path: PathBuf::from("0001-t.md"), doc };
        let c = convert(&entry, "---\n---\n", &[]).expect("converts");
        assert_eq!(
            c.text,
            "---\n---\n\n# ADR-001: T\n\n**Status:** Accepted\n**Date:** 2020-01-01\n\n## Context\n\nx\n"
        );
    }

    #[test]
    fn a_standalone_line_goes_with_the_blank_after_it() {
        let src = "# T\n\nDate: 1\n\n## S\n";
        let r = 5..13;
        assert_eq!(&src[with_blank_after(src, r)], "Date: 1\n\n");
        let list = "# T\n\n* A: 1\n* Date: 2\n\nText\n";
        let r = 12..22;
        assert_eq!(&list[with_blank_after(list, r.clone())], &list[r]);
    }
}
