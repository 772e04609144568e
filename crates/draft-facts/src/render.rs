//! Markdown for the facts regions: deterministic (sorted, no timestamps),
//! so re-rendering unchanged facts gives the same bytes.
//!
//! [`tech_stack`] is the region of tech-stack.md (languages, manifests and
//! workspaces, frameworks and key dependencies, testing, linters and
//! formatters, CI, entry points, and what was not detected); [`layout`] is
//! the region of the Layout section of .ai-context.md (workspaces, entry
//! points, test commands). A fact that was not found is written as the
//! intake slot, never filled in.

use crate::Facts;
use std::fmt::Write as _;

/// What an undetected fact is written as.
pub const SLOT: &str = "[To be developed through intake conversation]";

/// How many non-framework runtime dependencies the document lists.
const KEY_DEPENDENCIES: usize = 25;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The tech-stack.md region.
#[must_use]
pub fn tech_stack(f: &Facts) -> String {
    let mut s = String::new();
    s.push_str("_Detected by `draft facts` from the repository's files and rewritten by `draft refresh`; edit outside these markers._\n\n");
    s.push_str("**Languages** (hand-written code; generated, vendored and lockfile content counted apart)\n\n");
    if f.languages.is_empty() {
        let _ = writeln!(s, "{SLOT}\n");
    } else {
        s.push_str("| Language | Files | Code | Comments | Blanks |\n|---|---:|---:|---:|---:|\n");
        for l in &f.languages {
            let _ = writeln!(s, "| {} | {} | {} | {} | {} |", l.name, l.files, l.code, l.comments, l.blanks);
        }
        s.push('\n');
    }
    if !f.generated.is_empty() {
        let parts: Vec<String> = f.generated.iter().map(|g| format!("{} {}", g.files, g.reason)).collect();
        let _ = writeln!(
            s,
            "Set apart: {} files ({}).\n",
            f.generated.iter().map(|g| g.files).sum::<usize>(),
            parts.join(", ")
        );
    }
    s.push_str("**Manifests**\n\n");
    if f.manifests.is_empty() {
        let _ = writeln!(s, "{SLOT}\n");
    } else {
        for m in &f.manifests {
            let name = m.name.as_deref().map(|n| format!(" — `{n}`")).unwrap_or_default();
            let _ = writeln!(s, "- `{}` ({}){name}", m.path, m.kind);
        }
        s.push('\n');
    }
    for w in &f.workspaces {
        let _ =
            writeln!(s, "Workspace ({}, `{}`): {}{}", w.kind, w.manifest, count(w.members.len()), members(&w.members));
    }
    if !f.workspaces.is_empty() {
        s.push('\n');
    }
    let frameworks = grouped(f, |d| d.framework);
    let libraries = grouped(f, |d| !d.framework && !d.dev && d.version.is_some());
    if !frameworks.is_empty() || !libraries.is_empty() {
        s.push_str("**Frameworks and key dependencies**\n\n| Name | Version | Kind | Manifest |\n|---|---|---|---|\n");
        for g in frameworks.iter().chain(libraries.iter().take(KEY_DEPENDENCIES)) {
            let kind = match (g.framework, g.dev) {
                (true, false) => "framework",
                (true, true) => "framework (dev)",
                _ => "library",
            };
            let versions = if g.versions.is_empty() { "—".to_owned() } else { g.versions.join(", ") };
            let more =
                if g.manifests.len() > 1 { format!(" and {} more", g.manifests.len() - 1) } else { String::new() };
            let _ = writeln!(s, "| {} | {} | {kind} | `{}`{more} |", cell(g.name), cell(&versions), g.manifests[0]);
        }
        if libraries.len() > KEY_DEPENDENCIES {
            let _ = writeln!(
                s,
                "\n{} more runtime dependencies: `draft facts --json` lists them all.",
                libraries.len() - KEY_DEPENDENCIES
            );
        }
        s.push('\n');
    }
    s.push_str("**Testing**\n\n");
    if f.test_frameworks.is_empty() {
        let _ = writeln!(s, "{SLOT}\n");
    } else {
        s.push_str("| Tool | Command | Run in | From |\n|---|---|---|---|\n");
        for t in &f.test_frameworks {
            let _ = writeln!(s, "| {} | `{}` | `{}` | `{}` |", cell(&t.name), t.command, t.dir, t.source);
        }
        s.push('\n');
    }
    s.push_str("**Linters and formatters**\n\n");
    if f.tools.is_empty() {
        let _ = writeln!(s, "{SLOT}\n");
    } else {
        for t in &f.tools {
            let cmd = t.command.as_deref().map(|c| format!(": `{c}`")).unwrap_or_default();
            let _ = writeln!(s, "- {} ({}){cmd} — `{}`", t.name, t.kind, t.source);
        }
        s.push('\n');
    }
    s.push_str("**CI**\n\n");
    if f.ci.is_empty() {
        let _ = writeln!(s, "{SLOT}\n");
    } else {
        for c in &f.ci {
            let files: Vec<String> = c.files.iter().map(|p| format!("`{p}`")).collect();
            let _ = writeln!(s, "- {}: {}", c.name, files.join(", "));
        }
        s.push('\n');
    }
    entry_points(&mut s, f);
    if !f.slots.is_empty() {
        let _ = writeln!(s, "Not detected (left for the intake conversation): {}.", f.slots.join(", "));
    }
    s
}

/// One dependency name across manifests: the versions written (an entry
/// without one, such as `serde.workspace = true`, adds none), dev only when
/// every use is.
struct Grouped<'a> {
    name: &'a str,
    versions: Vec<&'a str>,
    manifests: Vec<&'a str>,
    framework: bool,
    dev: bool,
}

fn grouped<'a>(f: &'a Facts, keep: impl Fn(&crate::Dependency) -> bool) -> Vec<Grouped<'a>> {
    let mut out: Vec<Grouped<'a>> = Vec::new();
    for d in f.dependencies.iter().filter(|d| keep(d)) {
        let i = match out.iter().position(|g| g.name == d.name) {
            Some(i) => i,
            None => {
                out.push(Grouped {
                    name: &d.name,
                    versions: Vec::new(),
                    manifests: Vec::new(),
                    framework: d.framework,
                    dev: true,
                });
                out.len() - 1
            }
        };
        let g = &mut out[i];
        if let Some(v) = d.version.as_deref()
            && !g.versions.contains(&v)
        {
            g.versions.push(v);
        }
        if !g.manifests.contains(&d.manifest.as_str()) {
            g.manifests.push(&d.manifest);
        }
        g.dev &= d.dev;
    }
    out
}

fn count(n: usize) -> String {
    if n == 1 { "1 member".to_owned() } else { format!("{n} members") }
}

fn members(list: &[String]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = list.iter().take(20).map(|m| format!("`{m}`")).collect();
    let more = if list.len() > 20 { format!(", and {} more", list.len() - 20) } else { String::new() };
    format!(" — {}{more}", shown.join(", "))
}

fn entry_points(s: &mut String, f: &Facts) {
    s.push_str("**Entry points**\n\n");
    if f.entry_points.is_empty() {
        let _ = writeln!(s, "{SLOT}\n");
        return;
    }
    for e in &f.entry_points {
        let name = e.name.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
        let _ = writeln!(s, "- `{}` — {}{name} (from `{}`)", e.path, e.kind, e.source);
    }
    s.push('\n');
}

/// The .ai-context.md Layout region.
#[must_use]
pub fn layout(f: &Facts) -> String {
    let mut s = String::new();
    s.push_str("_Detected by `draft facts`; rewritten by `draft refresh`._\n\n");
    let langs: Vec<String> = f.languages.iter().take(6).map(|l| format!("{} ({} files)", l.name, l.files)).collect();
    if langs.is_empty() {
        let _ = writeln!(s, "- Languages: {SLOT}");
    } else {
        let _ = writeln!(s, "- Languages: {}", langs.join(", "));
    }
    for w in &f.workspaces {
        let _ = writeln!(s, "- Workspace ({}, `{}`){}", w.kind, w.manifest, members(&w.members));
    }
    if f.workspaces.is_empty() && f.manifests.len() > 1 {
        let paths: Vec<String> = f.manifests.iter().map(|m| format!("`{}`", m.path)).collect();
        let _ = writeln!(s, "- Several manifests: {}", paths.join(", "));
    }
    for e in &f.entry_points {
        let name = e.name.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
        let _ = writeln!(s, "- Entry point: `{}` ({}{name})", e.path, e.kind);
    }
    if f.test_frameworks.is_empty() {
        let _ = writeln!(s, "- Tests: {SLOT}");
    }
    for t in &f.test_frameworks {
        let dir = if t.dir == "." { String::new() } else { format!(" (in `{}`)", t.dir) };
        let _ = writeln!(s, "- Tests: `{}`{dir}", t.command);
    }
    for t in f.tools.iter().filter(|t| t.command.is_some()) {
        let _ = writeln!(
            s,
            "- {}: `{}`",
            if t.kind == "linter" { "Lint" } else { "Format" },
            t.command.as_deref().unwrap_or_default()
        );
    }
    if f.ci.is_empty() {
        let _ = writeln!(s, "- CI: {SLOT}");
    } else {
        let names: Vec<&str> = f.ci.iter().map(|c| c.name.as_str()).collect();
        let _ = writeln!(s, "- CI: {}", names.join(", "));
    }
    s
}
