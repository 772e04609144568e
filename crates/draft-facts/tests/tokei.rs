//! Opt-in: language counts against the `tokei` binary on this repository.
//!
//! ```text
//! cargo install tokei --root /tmp/tokei
//! DRAFT_TEST_TOKEI=1 PATH=/tmp/tokei/bin:$PATH cargo test -p draft-facts --test tokei -- --nocapture
//! ```
//!
//! tokei is run from the repository root on `.` with `--exclude /draft
//! --exclude /conductor` (draft leaves its context trees out); draft's
//! hand-written and generated counts are added up per language, since
//! tokei does not set generated files apart. Every language must agree on
//! files, code, comments and blanks.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[test]
fn language_counts_agree_with_tokei() {
    if std::env::var("DRAFT_TEST_TOKEI").as_deref() != Ok("1") {
        eprintln!("skipped: set DRAFT_TEST_TOKEI=1 with tokei on PATH");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("root");
    let out = std::process::Command::new(std::env::var("DRAFT_TOKEI").unwrap_or_else(|_| "tokei".into()))
        .current_dir(&root)
        .args(["--output", "json", "--exclude", "/draft", "--exclude", "/conductor", "."])
        .output()
        .expect("tokei runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("tokei JSON");
    let mut theirs = BTreeMap::new();
    for (name, lang) in json.as_object().expect("object") {
        if name == "Total" {
            continue;
        }
        let n = |k: &str| lang.get(k).and_then(Value::as_u64).unwrap_or(0);
        let files = lang.get("reports").and_then(Value::as_array).map_or(0, Vec::len) as u64;
        theirs.insert(name.clone(), (files, n("code"), n("comments"), n("blanks")));
    }
    let facts = draft_facts::detect(&root);
    let mut ours: BTreeMap<String, (u64, u64, u64, u64)> = BTreeMap::new();
    for l in facts.languages.iter().chain(&facts.generated_languages) {
        let e = ours.entry(l.name.replace(' ', "")).or_default();
        e.0 += l.files as u64;
        e.1 += l.code as u64;
        e.2 += l.comments as u64;
        e.3 += l.blanks as u64;
    }
    let theirs: BTreeMap<String, _> = theirs.into_iter().map(|(k, v)| (k.replace(' ', ""), v)).collect();
    let mut agree = 0;
    let mut differ = Vec::new();
    for (name, t) in &theirs {
        match ours.get(name) {
            Some(o) if o == t => agree += 1,
            o => differ.push(format!("{name}: tokei {t:?}, draft {o:?}")),
        }
    }
    for name in ours.keys().filter(|k| !theirs.contains_key(*k)) {
        differ.push(format!("{name}: only draft counts it {:?}", ours[name]));
    }
    eprintln!("{agree} of {} languages agree exactly", theirs.len());
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
