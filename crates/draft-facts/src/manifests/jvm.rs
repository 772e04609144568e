//! JVM builds: pom.xml read as XML (artifact, dependencies with scope,
//! modules), build.gradle(.kts) and settings.gradle(.kts) read line by line.
//!
//! Gradle scripts are programs (Groovy or Kotlin); only dependency lines of
//! the literal form `configuration("group:artifact:version")` or
//! `configuration 'group:artifact:version'`, project dependencies
//! `configuration(project(":a:b"))` (recorded with the directory Gradle's
//! default layout gives them) and `include` lines with string literals are
//! read. Anything computed is skipped, never guessed.

use super::Reader;

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text_of(node: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name).and_then(|c| c.text()).map(str::trim).map(str::to_owned)
}

const TEST_DEPS: &[&str] = &["junit", "org.junit.jupiter", "org.testng", "io.kotest", "org.spockframework"];

pub(super) fn read_pom(m: &mut Reader<'_>, text: &str) {
    let doc = match roxmltree::Document::parse(text) {
        Ok(d) => d,
        Err(e) => return m.invalid("pom.xml", e),
    };
    let project = doc.root_element();
    let artifact = text_of(project, "artifactId");
    m.manifest("maven", artifact.as_deref());
    let mut test_framework = false;
    if let Some(deps) = child(project, "dependencies") {
        for dep in deps.children().filter(|c| c.is_element() && c.tag_name().name() == "dependency") {
            let group = text_of(dep, "groupId").unwrap_or_default();
            let art = text_of(dep, "artifactId").unwrap_or_default();
            let version = text_of(dep, "version");
            let dev = text_of(dep, "scope").is_some_and(|s| s == "test");
            test_framework |= TEST_DEPS.iter().any(|t| group.starts_with(t));
            m.dep(&format!("{group}:{art}"), version.as_deref(), dev);
        }
    }
    if let Some(modules) = child(project, "modules") {
        let list: Vec<String> = modules
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "module")
            .filter_map(|c| c.text().map(|t| t.trim().to_owned()))
            .collect();
        m.workspace("maven", &list);
    }
    if test_framework || m.sibling("src/test").is_some() || child(project, "modules").is_some() {
        let mvn = if m.sibling("mvnw").is_some() { "./mvnw" } else { "mvn" };
        m.test(if test_framework { "junit" } else { "maven surefire" }, &format!("{mvn} test"));
    }
}

pub(super) fn read_gradle(m: &mut Reader<'_>, text: &str) {
    m.manifest("gradle", None);
    let mut test_framework = false;
    for line in text.lines() {
        let line = line.trim();
        let Some((config, rest)) = split_call(line) else { continue };
        let dev = config.starts_with("test");
        if !matches!(
            config,
            "implementation"
                | "api"
                | "compileOnly"
                | "runtimeOnly"
                | "testImplementation"
                | "testRuntimeOnly"
                | "testCompileOnly"
                | "kapt"
                | "annotationProcessor"
        ) {
            continue;
        }
        let Some(coord) = string_literal(rest) else { continue };
        if rest.contains("project(") || rest.contains("project (") {
            // `implementation(project(":libs:core"))`: a project of the same build.
            let dir = gradle_project_dir(m, coord);
            m.dep_at(coord, None, dev, dir.as_deref());
            continue;
        }
        let mut parts = coord.split(':');
        let (Some(g), Some(a)) = (parts.next(), parts.next()) else { continue };
        let version = parts.next();
        test_framework |= TEST_DEPS.iter().any(|t| g.starts_with(t));
        m.dep(&format!("{g}:{a}"), version, dev);
    }
    if test_framework || m.sibling("src/test").is_some() {
        let gradle = gradle_command(m);
        m.test(if test_framework { "junit" } else { "gradle test" }, &format!("{gradle} test"));
    }
    if text.contains("com.diffplug.spotless") {
        let gradle = gradle_command(m);
        m.tool("formatter", "spotless", Some(&format!("{gradle} spotlessCheck")), None);
    }
    if text.contains("checkstyle") {
        m.tool("linter", "checkstyle", None, None);
    }
    if text.contains("io.gitlab.arturbosch.detekt") {
        m.tool("linter", "detekt", None, None);
    }
}

/// The directory of Gradle project `:a:b` relative to this build script's
/// directory: `a/b` under the nearest directory holding settings.gradle(.kts)
/// (Gradle's default project layout; a `projectDir` set in settings is not read).
fn gradle_project_dir(m: &Reader<'_>, project: &str) -> Option<String> {
    let mut dir = m.root.join(&m.dir);
    let mut up = String::new();
    loop {
        if ["settings.gradle", "settings.gradle.kts"].iter().any(|f| dir.join(f).is_file()) {
            let sub = project.trim_start_matches(':').replace(':', "/");
            return Some(format!("{up}{sub}"));
        }
        if dir == m.root || !dir.pop() {
            return None;
        }
        up.push_str("../");
    }
}

fn gradle_command(m: &Reader<'_>) -> String {
    let mut dir = m.root.join(&m.dir);
    loop {
        if dir.join("gradlew").exists() {
            return "./gradlew".to_owned();
        }
        if dir == m.root || !dir.pop() {
            return "gradle".to_owned();
        }
    }
}

pub(super) fn read_gradle_settings(m: &mut Reader<'_>, text: &str) {
    let mut name = None;
    let mut modules = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("rootProject.name") {
            name = string_literal(rest).map(str::to_owned);
        } else if let Some(rest) = line.strip_prefix("include") {
            for part in rest.split(',') {
                if let Some(lit) = string_literal(part) {
                    modules.push(lit.trim_start_matches(':').replace(':', "/"));
                }
            }
        }
    }
    m.manifest("gradle", name.as_deref());
    if !modules.is_empty() {
        m.workspace("gradle", &modules);
    }
}

/// `name(rest` or `name rest` → (name, rest).
fn split_call(line: &str) -> Option<(&str, &str)> {
    let end = line.find(|c: char| !c.is_ascii_alphanumeric())?;
    Some((&line[..end], &line[end..]))
}

/// The first `"…"` or `'…'` literal in `s` (without interpolation).
fn string_literal(s: &str) -> Option<&str> {
    let start = s.find(['"', '\''])?;
    let quote = s[start..].chars().next()?;
    let rest = &s[start + 1..];
    let end = rest.find(quote)?;
    let lit = &rest[..end];
    (!lit.contains('$')).then_some(lit)
}
