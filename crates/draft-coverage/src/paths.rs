//! Paths as coverage tools write them, mapped onto repository-relative ones.
//!
//! Tools write absolute paths (`/home/ci/work/app/src/a.py`), `./`-prefixed
//! or Windows-separated ones, names relative to a Cobertura `<source>` root,
//! Go import paths (`example.com/app/pkg/a.go`) and JaCoCo package paths
//! (`com/example/Foo.java`). [`PathMap::map`] tries, in order: a path under
//! the root; a known repository file as written; a Go module path (from
//! go.mod) replaced by its directory; each `<source>` root joined in front;
//! finally the known file the path is a suffix of (for absolute paths from
//! another machine, the known file must be a whole suffix of it). A path
//! that matches nothing is returned cleaned, so it can still be reported.

use std::collections::{HashMap, HashSet};

/// What the mapping knows about the repository.
#[derive(Debug, Clone, Default)]
pub struct PathMap {
    root: String,
    known: HashSet<String>,
    by_name: HashMap<String, Vec<String>>,
    go_modules: Vec<(String, String)>,
}

impl PathMap {
    /// `root`: the repository's absolute path; `known`: its files, relative
    /// and `/`-separated (may be empty); `go_modules`: (module path, the
    /// directory of its go.mod relative to the root, `""` for the root).
    #[must_use]
    pub fn new(root: &str, known: impl IntoIterator<Item = String>, mut go_modules: Vec<(String, String)>) -> Self {
        let root = clean_abs(&slashes(root));
        let known: HashSet<String> = known.into_iter().collect();
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        for k in &known {
            by_name.entry(k.rsplit('/').next().unwrap_or(k).to_owned()).or_default().push(k.clone());
        }
        for list in by_name.values_mut() {
            list.sort();
        }
        go_modules.sort_by_key(|(m, _)| std::cmp::Reverse(m.len()));
        Self { root, known, by_name, go_modules }
    }

    /// Whether `rel` is a repository file: in the file list, or, without
    /// one (outside git), on disk under the root.
    #[must_use]
    pub fn is_known(&self, rel: &str) -> bool {
        if self.known.is_empty() {
            !self.root.is_empty() && !rel.is_empty() && std::path::Path::new(&self.root).join(rel).is_file()
        } else {
            self.known.contains(rel)
        }
    }

    /// Whether `path` (a mapped path) is absolute, i.e. outside the repository.
    #[must_use]
    pub fn is_outside(path: &str) -> bool {
        is_absolute(path)
    }

    /// Map a path as written in a report (see the module doc).
    #[must_use]
    pub fn map(&self, raw: &str, sources: &[String]) -> String {
        let s = slashes(raw.trim());
        let s = s.strip_prefix("file://").unwrap_or(&s).to_owned();
        if is_absolute(&s) {
            let abs = clean_abs(&s);
            if let Some(rel) = self.under_root(&abs) {
                return rel;
            }
            return self.suffix_of(&abs).unwrap_or(abs);
        }
        let rel = clean_rel(&s);
        if self.is_known(&rel) {
            return rel;
        }
        for (module, dir) in &self.go_modules {
            if let Some(rest) = rel.strip_prefix(module.as_str()).and_then(|r| r.strip_prefix('/')) {
                return join(dir, rest);
            }
        }
        for source in sources {
            let source = slashes(source.trim());
            let base = if is_absolute(&source) {
                match self.under_root(&clean_abs(&source)) {
                    Some(b) => b,
                    None => continue,
                }
            } else {
                clean_rel(&source)
            };
            let candidate = join(&base, &rel);
            if self.is_known(&candidate) {
                return candidate;
            }
        }
        self.ends_with(&rel).unwrap_or(rel)
    }

    /// `abs` relative to the root, when it is under it.
    fn under_root(&self, abs: &str) -> Option<String> {
        if self.root.is_empty() {
            return None;
        }
        if abs == self.root {
            return Some(String::new());
        }
        let rest = abs.strip_prefix(&self.root)?.strip_prefix('/')?;
        Some(rest.to_owned())
    }

    /// The longest known file that is a whole suffix of the absolute `abs`.
    fn suffix_of(&self, abs: &str) -> Option<String> {
        let name = abs.rsplit('/').next()?;
        self.by_name.get(name)?.iter().filter(|k| abs.ends_with(&format!("/{k}"))).max_by_key(|k| k.len()).cloned()
    }

    /// The one known file ending with `/rel`.
    fn ends_with(&self, rel: &str) -> Option<String> {
        let name = rel.rsplit('/').next()?;
        let suffix = format!("/{rel}");
        let mut found = self.by_name.get(name)?.iter().filter(|k| k.ends_with(&suffix));
        let first = found.next()?;
        found.next().is_none().then(|| first.clone())
    }
}

fn slashes(s: &str) -> String {
    s.replace('\\', "/")
}

fn is_absolute(s: &str) -> bool {
    let b = s.as_bytes();
    s.starts_with('/') || (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/')
}

/// Resolve `.`, `..` and repeated `/` in a relative path.
fn clean_rel(s: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in s.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The same for an absolute path, keeping its `/` or `C:` start.
fn clean_abs(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    if let Some(rest) = s.strip_prefix('/') {
        return format!("/{}", clean_rel(rest));
    }
    let (drive, rest) = s.split_at(2);
    format!("{}:/{}", drive[..1].to_ascii_uppercase(), clean_rel(rest))
}

fn join(dir: &str, rest: &str) -> String {
    if dir.is_empty() { rest.to_owned() } else { clean_rel(&format!("{dir}/{rest}")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> PathMap {
        let known = ["src/app/a.py", "src/main/java/com/example/Foo.java", "pkg/b.go", "svc/pkg/c.go", "lib/x.js"];
        PathMap::new(
            "/work/repo",
            known.iter().map(|s| (*s).to_owned()),
            vec![("example.com/app".into(), String::new()), ("example.com/app/svc".into(), "svc".into())],
        )
    }

    #[test]
    fn maps_every_spelling() {
        let m = map();
        assert_eq!(m.map("/work/repo/src/app/a.py", &[]), "src/app/a.py");
        assert_eq!(m.map("./lib/x.js", &[]), "lib/x.js");
        assert_eq!(m.map("lib\\x.js", &[]), "lib/x.js");
        assert_eq!(m.map("C:\\ci\\repo\\lib\\x.js", &[]), "lib/x.js");
        assert_eq!(m.map("app/a.py", &["/work/repo/src".into()]), "src/app/a.py");
        assert_eq!(m.map("app/a.py", &["/elsewhere/src".into(), "src".into()]), "src/app/a.py");
        assert_eq!(m.map("example.com/app/pkg/b.go", &[]), "pkg/b.go");
        assert_eq!(m.map("example.com/app/svc/pkg/c.go", &[]), "svc/pkg/c.go");
        assert_eq!(m.map("com/example/Foo.java", &[]), "src/main/java/com/example/Foo.java");
        assert_eq!(m.map("/home/runner/work/repo/repo/src/app/a.py", &[]), "src/app/a.py");
        assert_eq!(m.map("/usr/lib/python3/os.py", &[]), "/usr/lib/python3/os.py");
        assert_eq!(m.map("src/app/../app/./a.py", &[]), "src/app/a.py");
        assert_eq!(m.map("gone.py", &[]), "gone.py");
    }

    #[test]
    fn without_a_file_list_the_disk_decides() {
        let dir = std::env::temp_dir().join(format!("draft-coverage-paths-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).expect("mk");
        std::fs::write(dir.join("src/a.py"), "").expect("w");
        let root = dir.to_string_lossy().into_owned();
        let m = PathMap::new(&root, Vec::new(), Vec::new());
        assert_eq!(m.map("a.py", &[format!("{root}/src"), "coverage".into()]), "src/a.py");
        assert_eq!(m.map("b.py", &["coverage".into()]), "b.py");
        assert_eq!(m.map(&format!("{root}/b.py"), &[]), "b.py");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
