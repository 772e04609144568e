//! go.mod (module, Go version, `require` lines and blocks), go.work (`use`
//! lines and blocks), `package main` directories, and golangci-lint.
//!
//! There is no Rust parser for go.mod; its grammar is line-based and small,
//! so a reader takes `module`, `go`, `require` entries of the form
//! `path version` (with an optional `// indirect`, which is skipped as not
//! direct) and `replace` entries whose target is a local directory
//! (`=> ../dir`, recorded as the required module's path), and ignores every
//! other directive.

use super::Reader;
use crate::{EntryPoint, Facts};
use std::collections::BTreeSet;

pub(super) fn read_mod(m: &mut Reader<'_>, text: &str) {
    let mut module = None;
    let mut block: Option<&str> = None;
    let mut requires: Vec<(String, String)> = Vec::new();
    let mut replaces: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(directive) = block {
            if line == ")" {
                block = None;
            } else if directive == "require" {
                push_require(line, &mut requires);
            } else {
                push_replace(line, &mut replaces);
            }
            continue;
        }
        let mut words = line.split_whitespace();
        match words.next() {
            Some("module") => module = words.next().map(|w| w.trim_matches('"').to_owned()),
            Some(d @ ("require" | "replace")) => match words.next() {
                Some("(") => block = Some(d),
                Some(_) if d == "require" => push_require(line.trim_start_matches(d).trim(), &mut requires),
                Some(_) => push_replace(line.trim_start_matches(d).trim(), &mut replaces),
                None => {}
            },
            _ => {}
        }
    }
    m.manifest("go", module.as_deref());
    for (path, version) in requires {
        let local = replaces.iter().find(|(from, _)| *from == path).map(|(_, to)| to.as_str());
        m.dep_at(&path, Some(&version), false, local);
    }
    m.test("go test", "go test ./...");
    for f in [".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"] {
        if let Some(file) = m.sibling(f) {
            m.tool("linter", "golangci-lint", Some("golangci-lint run"), Some(&file));
            break;
        }
    }
}

fn push_require(line: &str, out: &mut Vec<(String, String)>) {
    if line.contains("// indirect") {
        return;
    }
    let line = line.split("//").next().unwrap_or(line);
    let mut words = line.split_whitespace();
    if let (Some(path), Some(version), None) = (words.next(), words.next(), words.next()) {
        out.push((path.to_owned(), version.to_owned()));
    }
}

/// `module [version] => ./dir` (a local replacement) → (module, dir).
fn push_replace(line: &str, out: &mut Vec<(String, String)>) {
    let line = line.split("//").next().unwrap_or(line);
    let Some((from, to)) = line.split_once("=>") else { return };
    let (Some(module), Some(target)) = (from.split_whitespace().next(), to.split_whitespace().next()) else {
        return;
    };
    let target = target.trim_matches('"');
    if target.starts_with("./") || target.starts_with("../") {
        out.push((module.trim_matches('"').to_owned(), target.to_owned()));
    }
}

pub(super) fn read_work(m: &mut Reader<'_>, text: &str) {
    let mut uses = Vec::new();
    let mut in_use = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or(line).trim();
        if in_use {
            if line == ")" {
                in_use = false;
            } else if !line.is_empty() {
                uses.push(line.to_owned());
            }
        } else if let Some(rest) = line.strip_prefix("use") {
            let rest = rest.trim();
            if rest == "(" {
                in_use = true;
            } else if !rest.is_empty() {
                uses.push(rest.to_owned());
            }
        }
    }
    m.manifest("go", None);
    m.workspace("go", &uses);
}

/// Directories with a `package main` file are Go programs.
pub(super) fn entry_points(dirs: &BTreeSet<String>, facts: &mut Facts) {
    for dir in dirs {
        facts.entry_points.push(EntryPoint {
            path: dir.clone(),
            kind: "binary".into(),
            name: None,
            source: "package main".into(),
        });
    }
}
