//! package.json (dependencies, scripts, bin/main, npm and yarn workspaces)
//! and pnpm-workspace.yaml, plus the JavaScript linters and formatters
//! configured beside them.

use super::{Reader, node_runner};
use serde_json::Value;

const TEST_FRAMEWORKS: &[&str] =
    &["jest", "vitest", "mocha", "ava", "jasmine", "@playwright/test", "cypress", "tap", "uvu", "karma"];

pub(super) fn read_package(m: &mut Reader<'_>, text: &str) {
    let json: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return m.invalid("package.json", e),
    };
    let Some(obj) = json.as_object() else {
        return m.invalid("package.json", "the top level is not an object");
    };
    let name = obj.get("name").and_then(Value::as_str);
    m.manifest("npm", name);
    for (section, dev) in [("dependencies", false), ("devDependencies", true), ("peerDependencies", false)] {
        if let Some(deps) = obj.get(section).and_then(Value::as_object) {
            for (dep, version) in deps {
                let local = version.as_str().and_then(|v| {
                    ["file:", "link:", "portal:"]
                        .iter()
                        .find_map(|p| v.strip_prefix(p))
                        .map(|p| p.trim_start_matches("//"))
                });
                m.dep_at(dep, version.as_str(), dev, local);
            }
        }
    }
    let has_dep =
        |n: &str| ["dependencies", "devDependencies"].iter().any(|s| obj.get(*s).and_then(|d| d.get(n)).is_some());
    let runner = node_runner(m.root, &m.dir);
    let scripts = obj.get("scripts").and_then(Value::as_object);
    let script = |s: &str| scripts.and_then(|x| x.get(s)).and_then(Value::as_str).filter(|c| !c.trim().is_empty());
    let test_script = script("test").filter(|c| !c.contains("no test specified"));
    let framework = TEST_FRAMEWORKS.iter().find(|f| has_dep(f));
    if let Some(cmd) = test_script {
        let tool = framework.map_or_else(|| first_word(cmd), |f| (*f).to_owned());
        m.test(&tool, &format!("{runner} test"));
    } else if let Some(f) = framework {
        m.test(f, &format!("{}{}", exec_prefix(runner), bin_name(f)));
    }
    let run = |s: &str| if runner == "npm" { format!("npm run {s}") } else { format!("{runner} {s}") };
    for (tool, kind, configs) in [
        (
            "eslint",
            "linter",
            &[
                "eslint.config.js",
                "eslint.config.mjs",
                "eslint.config.cjs",
                "eslint.config.ts",
                ".eslintrc",
                ".eslintrc.js",
                ".eslintrc.cjs",
                ".eslintrc.json",
                ".eslintrc.yml",
                ".eslintrc.yaml",
            ][..],
        ),
        (
            "prettier",
            "formatter",
            &[
                ".prettierrc",
                ".prettierrc.json",
                ".prettierrc.js",
                ".prettierrc.cjs",
                ".prettierrc.yml",
                ".prettierrc.yaml",
                "prettier.config.js",
                "prettier.config.cjs",
                "prettier.config.mjs",
            ][..],
        ),
        ("biome", "linter", &["biome.json", "biome.jsonc"][..]),
        ("stylelint", "linter", &[".stylelintrc", ".stylelintrc.json", "stylelint.config.js"][..]),
    ] {
        let config = configs.iter().find_map(|c| m.sibling(c));
        let in_deps = has_dep(tool) || (tool == "biome" && has_dep("@biomejs/biome"));
        if config.is_none() && !in_deps {
            continue;
        }
        let command = match (tool, kind) {
            ("eslint", _) if script("lint").is_some() => Some(run("lint")),
            (_, "formatter") if script("format").is_some() => Some(run("format")),
            ("prettier", _) => Some(format!("{}prettier --check .", exec_prefix(runner))),
            ("eslint", _) => Some(format!("{}eslint .", exec_prefix(runner))),
            ("biome", _) => Some(format!("{}biome check .", exec_prefix(runner))),
            _ => None,
        };
        m.tool(kind, tool, command.as_deref(), config.as_deref());
        if tool == "biome" {
            m.tool("formatter", tool, Some(&format!("{}biome format .", exec_prefix(runner))), config.as_deref());
        }
    }
    match obj.get("bin") {
        Some(Value::String(path)) => m.entry(path, "binary", name),
        Some(Value::Object(bins)) => {
            for (bin, path) in bins {
                if let Some(path) = path.as_str() {
                    m.entry(path, "binary", Some(bin));
                }
            }
        }
        _ => {}
    }
    if let Some(main) = obj.get("main").and_then(Value::as_str) {
        m.entry(main, "main", name);
    }
    let patterns: Option<Vec<String>> = match obj.get("workspaces") {
        Some(Value::Array(a)) => Some(a.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
        Some(Value::Object(o)) => o
            .get("packages")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
        _ => None,
    };
    if let Some(patterns) = patterns {
        let kind = if runner == "yarn" { "yarn" } else { "npm" };
        m.workspace(kind, &patterns);
    }
}

/// pnpm-workspace.yaml's `packages:` list.
pub(super) fn read_pnpm_workspace(m: &mut Reader<'_>, text: &str) {
    #[derive(serde::Deserialize)]
    struct PnpmWorkspace {
        #[serde(default)]
        packages: Vec<String>,
    }
    match serde_saphyr::from_str::<PnpmWorkspace>(text) {
        Ok(ws) => {
            m.manifest("pnpm", None);
            m.workspace("pnpm", &ws.packages);
        }
        Err(e) => m.invalid("pnpm-workspace.yaml", e),
    }
}

fn exec_prefix(runner: &str) -> &'static str {
    match runner {
        "pnpm" => "pnpm exec ",
        "yarn" => "yarn ",
        "bun" => "bunx ",
        _ => "npx ",
    }
}

fn bin_name(framework: &str) -> &str {
    match framework {
        "@playwright/test" => "playwright test",
        "cypress" => "cypress run",
        other => other,
    }
}

fn first_word(cmd: &str) -> String {
    cmd.split_whitespace().next().unwrap_or("test script").to_owned()
}
