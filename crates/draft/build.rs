//! Build script: embeds the workflow skills into the binary.
//!
//! With the `hosts` feature on, every `<repo>/skills/<name>/SKILL.md` becomes
//! one entry of `$OUT_DIR/skills.rs`, a sorted list of
//! `(name, include_str!(…))` pairs that `src/skills.rs` includes. Cargo
//! reruns the script when anything under `skills/` changes (a new skill
//! directory included), and `include_str!` makes each text a dependency of
//! the crate, so an edited skill is always rebuilt into the binary.

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_HOSTS").is_none() {
        return Ok(());
    }
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let skills_dir = manifest_dir.join("../../skills");
    println!("cargo::rerun-if-changed={}", skills_dir.display());
    let skills_dir = skills_dir
        .canonicalize()
        .map_err(|e| format!("the skills directory {} cannot be read: {e}", skills_dir.display()))?;

    let mut skills = Vec::new();
    for entry in std::fs::read_dir(&skills_dir)? {
        let entry = entry?;
        let path = entry.path().join("SKILL.md");
        if !entry.file_type()?.is_dir() || !path.is_file() {
            continue;
        }
        let name = entry
            .file_name()
            .into_string()
            .map_err(|n| format!("skill directory {} is not UTF-8", n.to_string_lossy()))?;
        let path = path.to_str().ok_or_else(|| format!("{} is not UTF-8", path.display()))?.to_owned();
        println!("cargo::rerun-if-changed={path}");
        skills.push((name, path));
    }
    if skills.is_empty() {
        return Err(format!("no skills/<name>/SKILL.md found in {}", skills_dir.display()).into());
    }
    skills.sort();

    let mut code = String::from(
        "/// Every `skills/<name>/SKILL.md` at build time: the directory name and the text, sorted by name.\n\
         pub(crate) static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &skills {
        writeln!(code, "    ({name:?}, include_str!({path:?})),")?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("skills.rs");
    std::fs::write(out, code)?;
    Ok(())
}
