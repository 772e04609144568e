//! Gemfile (line reader), composer.json (JSON) and *.csproj (XML).
//!
//! A Gemfile is Ruby; only `gem "name"` and `gem "name", "version"` lines
//! with string literals are read, and `group :test`/`:development` blocks
//! mark what they hold as development dependencies. A .csproj's
//! `ProjectReference` is a dependency on the referenced project, recorded
//! with its directory.

use super::Reader;
use serde_json::Value;

pub(super) fn read_gemfile(m: &mut Reader<'_>, text: &str) {
    m.manifest("bundler", None);
    let mut dev_depth = 0usize;
    let mut depth = 0usize;
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with("group ") && line.ends_with(" do") {
            depth += 1;
            if line.contains(":test") || line.contains(":development") {
                dev_depth = depth;
            }
            continue;
        }
        if line == "end" {
            if dev_depth == depth {
                dev_depth = 0;
            }
            depth = depth.saturating_sub(1);
            continue;
        }
        let Some(rest) = line.strip_prefix("gem ") else { continue };
        let literals: Vec<&str> = rest.split(',').map(str::trim).map_while(literal).collect();
        let Some(name) = literals.first() else { continue };
        let version = (literals.len() > 1).then(|| literals[1..].join(", "));
        m.dep(name, version.as_deref(), dev_depth > 0);
        names.push((*name).to_owned());
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("rspec") || has("rspec-rails") {
        m.test("rspec", "bundle exec rspec");
    } else if has("minitest") || has("rails") {
        m.test("minitest", if has("rails") { "bin/rails test" } else { "bundle exec rake test" });
    }
    if has("rubocop") || m.sibling(".rubocop.yml").is_some() {
        m.tool("linter", "rubocop", Some("bundle exec rubocop"), None);
    }
    if has("standard") {
        m.tool("linter", "standard", Some("bundle exec standardrb"), None);
    }
    if has("rails") && m.sibling("config.ru").is_some() {
        m.entry("config.ru", "main", None);
    }
}

/// A Ruby string literal (`"x"` or `'x'`) without interpolation.
fn literal(s: &str) -> Option<&str> {
    let s = s.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))?;
    (!inner.contains("#{")).then_some(inner)
}

pub(super) fn read_composer(m: &mut Reader<'_>, text: &str) {
    let json: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return m.invalid("composer.json", e),
    };
    let name = json.get("name").and_then(Value::as_str);
    m.manifest("composer", name);
    let mut names = Vec::new();
    for (section, dev) in [("require", false), ("require-dev", true)] {
        for (dep, version) in json.get(section).and_then(Value::as_object).into_iter().flatten() {
            if dep == "php" || dep.starts_with("ext-") {
                continue;
            }
            m.dep(dep, version.as_str(), dev);
            names.push(dep.clone());
        }
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    let has_script = |s: &str| json.get("scripts").and_then(|x| x.get(s)).is_some();
    if has_script("test") {
        let tool = if has("phpunit/phpunit") {
            "phpunit"
        } else if has("pestphp/pest") {
            "pest"
        } else {
            "composer test"
        };
        m.test(tool, "composer test");
    } else if has("pestphp/pest") {
        m.test("pest", "vendor/bin/pest");
    } else if has("phpunit/phpunit") {
        m.test("phpunit", "vendor/bin/phpunit");
    }
    for (dep, kind, tool, command) in [
        ("phpstan/phpstan", "linter", "phpstan", "vendor/bin/phpstan analyse"),
        ("vimeo/psalm", "linter", "psalm", "vendor/bin/psalm"),
        ("friendsofphp/php-cs-fixer", "formatter", "php-cs-fixer", "vendor/bin/php-cs-fixer fix --dry-run"),
        ("squizlabs/php_codesniffer", "linter", "phpcs", "vendor/bin/phpcs"),
        ("laravel/pint", "formatter", "pint", "vendor/bin/pint --test"),
    ] {
        if has(dep) {
            m.tool(kind, tool, Some(command), None);
        }
    }
    for bin in json.get("bin").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        m.entry(bin, "binary", None);
    }
}

pub(super) fn read_csproj(m: &mut Reader<'_>, text: &str) {
    let doc = match roxmltree::Document::parse(text) {
        Ok(d) => d,
        Err(e) => return m.invalid("the project file", e),
    };
    let project = doc.root_element();
    let file = m.rel.rsplit('/').next().unwrap_or(m.rel).trim_end_matches(".csproj").to_owned();
    m.manifest("dotnet", Some(&file));
    if let Some(sdk) = project.attribute("Sdk") {
        m.dep(sdk, None, false);
        if sdk == "Microsoft.NET.Sdk.Web" {
            m.dep("Microsoft.AspNetCore.App", None, false);
        }
    }
    let mut test = None;
    let mut exe = false;
    for node in project.descendants().filter(roxmltree::Node::is_element) {
        match node.tag_name().name() {
            "PackageReference" => {
                let Some(name) = node.attribute("Include") else { continue };
                let version = node.attribute("Version").map(str::to_owned).or_else(|| {
                    node.children().find(|c| c.tag_name().name() == "Version").and_then(|c| c.text()).map(str::to_owned)
                });
                let dev = ["xunit", "NUnit", "MSTest", "Microsoft.NET.Test.Sdk", "coverlet", "Moq"]
                    .iter()
                    .any(|p| name.starts_with(p));
                if test.is_none() {
                    test = ["xunit", "NUnit", "MSTest.TestFramework"].into_iter().find(|p| name.starts_with(p));
                }
                m.dep(name, version.as_deref(), dev);
            }
            "ProjectReference" => {
                let Some(include) = node.attribute("Include") else { continue };
                let include = include.replace('\\', "/");
                let (dir, file) = include.rsplit_once('/').unwrap_or((".", include.as_str()));
                let name = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
                m.dep_at(name, None, false, Some(dir));
            }
            "OutputType" => exe |= node.text().is_some_and(|t| t.trim().eq_ignore_ascii_case("exe")),
            "TargetFramework" | "TargetFrameworks" => {
                if let Some(t) = node.text() {
                    m.dep(".NET target", Some(t.trim()), false);
                }
            }
            _ => {}
        }
    }
    if let Some(t) = test {
        let path = m.rel.to_owned();
        m.test(t, &format!("dotnet test {path}"));
    }
    if exe || project.attribute("Sdk") == Some("Microsoft.NET.Sdk.Web") {
        let path = m.rel.rsplit('/').next().unwrap_or(m.rel).to_owned();
        m.entry(&path, "binary", Some(&file));
    }
}
