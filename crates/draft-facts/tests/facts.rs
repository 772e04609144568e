//! One fixture per manifest kind, a monorepo with workspaces, a tree of
//! broken manifests, and the opt-in comparison with the `tokei` binary.

use draft_facts::{Facts, detect};
use std::path::PathBuf;

fn fixture(name: &str) -> Facts {
    detect(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
}

fn dep<'a>(f: &'a Facts, name: &str) -> Option<&'a draft_facts::Dependency> {
    f.dependencies.iter().find(|d| d.name == name)
}

fn tests(f: &Facts) -> Vec<(&str, &str, &str)> {
    f.test_frameworks.iter().map(|t| (t.name.as_str(), t.command.as_str(), t.dir.as_str())).collect()
}

fn tools(f: &Facts) -> Vec<(&str, &str)> {
    f.tools.iter().map(|t| (t.kind.as_str(), t.name.as_str())).collect()
}

fn entries(f: &Facts) -> Vec<(&str, &str)> {
    f.entry_points.iter().map(|e| (e.path.as_str(), e.kind.as_str())).collect()
}

#[test]
fn cargo_package() {
    let f = fixture("cargo");
    assert_eq!(f.manifests[0].name.as_deref(), Some("tool"));
    assert_eq!(dep(&f, "clap").and_then(|d| d.version.as_deref()), Some("4.5"));
    assert!(dep(&f, "clap").is_some_and(|d| d.framework));
    assert_eq!(dep(&f, "local").map(|d| d.version.clone()), Some(None), "path dependencies carry no version");
    assert!(dep(&f, "proptest").is_some_and(|d| d.dev));
    assert_eq!(tests(&f), [("cargo test", "cargo test", "."), ("cargo-nextest", "cargo nextest run --workspace", ".")]);
    assert_eq!(tools(&f), [("formatter", "rustfmt"), ("linter", "clippy")]);
    assert_eq!(entries(&f), [("src/cli.rs", "binary"), ("src/lib.rs", "library"), ("src/main.rs", "binary")]);
    assert_eq!(f.slots, ["CI system"]);
}

#[test]
fn npm_package() {
    let f = fixture("npm");
    assert_eq!(dep(&f, "react").and_then(|d| d.version.as_deref()), Some("^18.2.0"));
    assert!(dep(&f, "vitest").is_some_and(|d| d.dev));
    assert_eq!(tests(&f), [("vitest", "pnpm test", ".")]);
    let t: Vec<_> = f.tools.iter().map(|t| (t.name.as_str(), t.command.as_deref().unwrap_or(""))).collect();
    assert_eq!(t, [("prettier", "pnpm exec prettier --check ."), ("eslint", "pnpm lint")]);
    assert_eq!(entries(&f), [("bin/cli.js", "binary"), ("index.js", "main")]);
    assert!(f.generated.iter().any(|g| g.reason == "lockfile" && g.files == 1));
}

#[test]
fn python_pyproject_and_requirements() {
    let f = fixture("python");
    assert_eq!(dep(&f, "fastapi").and_then(|d| d.version.as_deref()), Some(">=0.110"));
    assert_eq!(dep(&f, "pydantic").and_then(|d| d.version.as_deref()), Some("==2.7.1"));
    assert_eq!(dep(&f, "httpx").map(|d| d.version.clone()), Some(None));
    assert_eq!(dep(&f, "flask").and_then(|d| d.version.as_deref()), Some(">=3.0"));
    assert_eq!(dep(&f, "requests").and_then(|d| d.version.as_deref()), Some("==2.31.0"));
    assert!(f.dependencies.iter().all(|d| !d.name.starts_with('-')), "options are skipped");
    assert_eq!(tests(&f), [("pytest", "pytest", ".")]);
    assert_eq!(tools(&f), [("linter", "ruff")]);
    assert_eq!(f.entry_points[0].name.as_deref(), Some("svc"));
    assert_eq!(f.entry_points[0].path, "svc.main");
}

#[test]
fn python_setup_cfg() {
    let f = fixture("setupcfg");
    assert_eq!(f.manifests[0].name.as_deref(), Some("legacy"));
    assert_eq!(dep(&f, "click").and_then(|d| d.version.as_deref()), Some(">=8"));
    assert!(dep(&f, "six").is_some());
    assert_eq!(tests(&f), [("pytest", "pytest", ".")]);
    assert_eq!(tools(&f), [("linter", "flake8")]);
    assert_eq!(f.entry_points[0].name.as_deref(), Some("legacy"));
}

#[test]
fn go_module() {
    let f = fixture("go");
    assert_eq!(f.manifests[0].name.as_deref(), Some("example.com/shop"));
    assert_eq!(dep(&f, "github.com/spf13/cobra").and_then(|d| d.version.as_deref()), Some("v1.8.0"));
    assert_eq!(dep(&f, "github.com/gin-gonic/gin").and_then(|d| d.version.as_deref()), Some("v1.9.1"));
    assert!(dep(&f, "golang.org/x/text").is_none(), "indirect requirements are not direct dependencies");
    assert_eq!(tests(&f), [("go test", "go test ./...", ".")]);
    assert_eq!(tools(&f), [("linter", "golangci-lint")]);
    assert_eq!(entries(&f), [("cmd/server", "binary")]);
}

#[test]
fn maven_project() {
    let f = fixture("maven");
    assert_eq!(f.manifests[0].name.as_deref(), Some("orders"));
    let web = dep(&f, "org.springframework.boot:spring-boot-starter-web").expect("spring");
    assert_eq!((web.version.as_deref(), web.framework), (Some("3.2.0"), true));
    assert!(dep(&f, "org.junit.jupiter:junit-jupiter").is_some_and(|d| d.dev));
    assert_eq!(tests(&f), [("junit", "./mvnw test", ".")]);
}

#[test]
fn gradle_build() {
    let f = fixture("gradle");
    assert_eq!(dep(&f, "io.ktor:ktor-server-core").and_then(|d| d.version.as_deref()), Some("2.3.7"));
    assert!(dep(&f, "libs.computed").is_none(), "computed coordinates are skipped");
    assert_eq!(tests(&f), [("junit", "./gradlew test", "app")]);
    assert_eq!(tools(&f), [("formatter", "spotless")]);
    assert_eq!(f.workspaces[0].members, ["app", "lib"]);
    assert!(f.manifests.iter().any(|m| m.name.as_deref() == Some("billing")));
}

#[test]
fn ruby_gemfile() {
    let f = fixture("ruby");
    assert_eq!(dep(&f, "rails").and_then(|d| d.version.as_deref()), Some("~> 7.1"));
    assert!(dep(&f, "pg").is_some_and(|d| d.version.is_none() && !d.dev));
    assert!(dep(&f, "rspec-rails").is_some_and(|d| d.dev));
    assert_eq!(tests(&f), [("rspec", "bundle exec rspec", ".")]);
    assert_eq!(tools(&f), [("linter", "rubocop")]);
}

#[test]
fn php_composer() {
    let f = fixture("php");
    assert!(dep(&f, "laravel/framework").is_some_and(|d| d.framework));
    assert!(dep(&f, "php").is_none() && dep(&f, "ext-json").is_none());
    assert_eq!(tests(&f), [("phpunit", "composer test", ".")]);
    assert_eq!(tools(&f), [("linter", "phpstan")]);
}

#[test]
fn dotnet_projects() {
    let f = fixture("dotnet");
    assert_eq!(dep(&f, "Serilog").and_then(|d| d.version.as_deref()), Some("3.1.1"));
    assert_eq!(dep(&f, "Microsoft.NET.Test.Sdk").and_then(|d| d.version.as_deref()), Some("17.8.0"));
    assert!(dep(&f, "Microsoft.AspNetCore.App").is_some_and(|d| d.framework));
    assert_eq!(tests(&f), [("xunit", "dotnet test Api.Tests/Api.Tests.csproj", "Api.Tests")]);
    assert_eq!(entries(&f), [("Api/Api.csproj", "binary")]);
}

#[test]
fn monorepo_with_workspaces() {
    let f = fixture("monorepo");
    let ws: Vec<_> = f.workspaces.iter().map(|w| (w.kind.as_str(), w.members.clone())).collect();
    assert_eq!(
        ws,
        [
            ("cargo", vec!["crates/cli".to_owned(), "crates/core".to_owned()]),
            ("npm", vec!["packages/api".to_owned(), "packages/ui".to_owned()]),
            ("pnpm", vec!["packages/api".to_owned(), "packages/ui".to_owned()]),
        ]
    );
    // One test command for the Cargo workspace at its root, none per member.
    assert_eq!(tests(&f), [("cargo test", "cargo test --workspace", "."), ("jest", "pnpm test", "packages/api")]);
    assert_eq!(f.ci[0].name, "GitHub Actions");
    assert_eq!(f.ci[0].files, [".github/workflows/ci.yml"]);
    assert_eq!(f.manifests.len(), 7);
    assert!(
        f.dependencies
            .iter()
            .any(|d| d.name == "serde" && d.version.as_deref() == Some("1") && d.manifest == "Cargo.toml")
    );
    let region = draft_facts::render::tech_stack(&f);
    assert!(region.contains("Workspace (cargo, `Cargo.toml`): 2 members — `crates/cli`, `crates/core`"), "{region}");
    assert_eq!(region, draft_facts::render::tech_stack(&fixture("monorepo")), "rendering is deterministic");
}

#[test]
fn broken_manifests_become_diagnostics_and_the_run_goes_on() {
    let f = fixture("broken");
    let files: Vec<&str> = f.diagnostics.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, ["Cargo.toml", "package.json", "pom.xml", "requirements.txt"]);
    assert!(f.diagnostics.iter().all(|d| d.rule == "facts-manifest"));
    let empty = tempfile::tempdir().expect("tmp");
    let f = detect(empty.path());
    assert!(f.slots.contains(&"languages".to_owned()) && f.slots.contains(&"test framework and command".to_owned()));
    assert!(draft_facts::render::tech_stack(&f).contains("[To be developed through intake conversation]"));
}

/// An empty `[workspace]` beside `[package]` (how a crate leaves an
/// enclosing workspace) is one package, not a monorepo of zero members.
#[test]
fn an_empty_workspace_table_is_a_single_package() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"alone\"\nversion = \"0.1.0\"\n\n[workspace]\n")
        .expect("write");
    let f = detect(dir.path());
    assert_eq!(f.manifests[0].name.as_deref(), Some("alone"));
    assert!(f.workspaces.is_empty(), "{:?}", f.workspaces);
}

/// Path dependencies of every ecosystem carry the directory they point at,
/// relative to the root, so `draft index` can link services; registry
/// dependencies and paths leaving the root carry none.
#[test]
fn local_path_dependencies_name_their_directory() {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "svc/rs/Cargo.toml",
        "[package]\nname = \"rs\"\n[dependencies]\ncore = { path = \"../../libs/core\" }\nserde = \"1\"\nout = { path = \"../../../x\" }\n",
    );
    write("svc/js/package.json", r#"{"name":"js","dependencies":{"ui":"file:../../libs/ui","left-pad":"1.0.0"}}"#);
    write(
        "svc/go/go.mod",
        "module example.com/go\n\nrequire (\n\texample.com/auth v0.0.0\n\tgithub.com/x/y v1.0.0\n)\n\nreplace example.com/auth => ../auth\n",
    );
    write(
        "svc/py/pyproject.toml",
        "[project]\nname = \"py\"\ndependencies = [\"shared-models\", \"requests>=2\"]\n[tool.uv.sources]\nshared_models = { path = \"../../libs/models\" }\n",
    );
    write(
        "svc/poetry/pyproject.toml",
        "[tool.poetry]\nname = \"po\"\n[tool.poetry.dependencies]\nlib = { path = \"../../libs/lib\" }\n",
    );
    write("jvm/settings.gradle", "include ':app', ':libs:core'\n");
    write("jvm/app/build.gradle", "dependencies {\n    implementation(project(\":libs:core\"))\n}\n");
    write(
        "net/App/App.csproj",
        r#"<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><ProjectReference Include="..\Lib\Lib.csproj" /></ItemGroup></Project>"#,
    );
    let f = detect(dir.path());
    let path_of = |name: &str| dep(&f, name).unwrap_or_else(|| panic!("no dependency {name}")).path.as_deref();
    assert_eq!(path_of("core"), Some("libs/core"));
    assert_eq!(path_of("serde"), None);
    assert_eq!(path_of("out"), None, "a path leaving the root is not recorded");
    assert_eq!(path_of("ui"), Some("libs/ui"));
    assert_eq!(path_of("left-pad"), None);
    assert_eq!(path_of("example.com/auth"), Some("svc/auth"));
    assert_eq!(path_of("github.com/x/y"), None);
    assert_eq!(path_of("shared-models"), Some("libs/models"));
    assert_eq!(path_of("lib"), Some("libs/lib"));
    assert_eq!(path_of(":libs:core"), Some("jvm/libs/core"));
    assert_eq!(path_of("Lib"), Some("net/Lib"));
}
