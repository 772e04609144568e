//! Embeds the workflow skills (`skills/<name>/SKILL.md` at the repository
//! root) into the server as its prompts: writes `$OUT_DIR/skills.rs`, a
//! sorted table of `(name, include_str!(…))`.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let skills = manifest.join("../../skills");
    println!("cargo:rerun-if-changed={}", skills.display());
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&skills) {
        for entry in entries.flatten() {
            let file = entry.path().join("SKILL.md");
            if file.is_file() {
                println!("cargo:rerun-if-changed={}", file.display());
                let name = entry.file_name().to_string_lossy().into_owned();
                let file = file.canonicalize().unwrap_or(file);
                found.push((name, file));
            }
        }
    }
    found.sort();
    let mut out = String::from("/// The embedded skills: `(directory name, SKILL.md text)`, sorted by name.\n");
    out.push_str("pub static SKILLS: &[(&str, &str)] = &[\n");
    for (name, file) in &found {
        let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", file.display().to_string());
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("skills.rs");
    std::fs::write(dest, out).expect("write skills.rs");
}
