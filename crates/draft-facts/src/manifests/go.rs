//! go.mod (module, Go version, `require` lines and blocks), go.work (`use`
//! lines and blocks), `package main` directories, and golangci-lint.
//!
//! There is no Rust parser for go.mod; its grammar is line-based and small,
//! so a reader takes `module`, `go`, and `require` entries of the form
//! `path version` (with an optional `// indirect`, which is skipped as not
//! direct) and ignores every other directive.

use super::Reader;
use crate::{EntryPoint, Facts};
use std::collections::BTreeSet;

pub(super) fn read_mod(m: &mut Reader<'_>, text: &str) {
    let mut module = None;
    let mut in_require = false;
    let mut requires: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if in_require {
            if line == ")" {
                in_require = false;
            } else {
                push_require(line, &mut requires);
            }
            continue;
        }
        let mut words = line.split_whitespace();
        match words.next() {
            Some("module") => module = words.next().map(|w| w.trim_matches('"').to_owned()),
            Some("require") => match words.next() {
                Some("(") => in_require = true,
                Some(_) => push_require(line.trim_start_matches("require").trim(), &mut requires),
                None => {}
            },
            _ => {}
        }
    }
    m.manifest("go", module.as_deref());
    for (path, version) in requires {
        m.dep(&path, Some(&version), false);
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
