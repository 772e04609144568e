//! The opt-in side-by-side of issue 10: the release binary against the tools
//! it replaces, on generated inputs of the same size. Draft's shell scripts
//! (`check-track-hygiene.sh`, `verify-citations.sh`, fetched from its public
//! repository and never vendored here) read the same N-track tree as `draft
//! check`; OpenSpec's `validate --all` and `list` (installed from npm) read an
//! N-change OpenSpec tree of about the same size as `draft check` and `draft
//! status` read theirs. Each pairing prints both medians and the ratio peer /
//! draft. A peer that is absent is skipped with a note, and a peer whose
//! previous size took longer than the cap is not run again at a larger size.

use crate::generate;
use crate::measure::sizes;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What to compare, and where the peers live.
pub struct Options {
    sizes: Vec<usize>,
    runs: usize,
    cap: f64,
    keep: Option<PathBuf>,
    binary: PathBuf,
    draft_scripts: Option<PathBuf>,
    openspec: Option<PathBuf>,
}

const HYGIENE: &str = "check-track-hygiene.sh";
const CITATIONS: &str = "verify-citations.sh";

impl Options {
    /// Parse `compare`'s arguments; `DRAFT_SCRIPTS_DIR` and `OPENSPEC_DIR`
    /// stand in for `--draft-repo` and `--openspec`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Self {
            sizes: vec![10, 100, 1_000],
            runs: 3,
            cap: 60.0,
            keep: None,
            binary: std::env::var_os("DRAFT_BIN").map_or_else(crate::measure::default_binary, PathBuf::from),
            draft_scripts: std::env::var_os("DRAFT_SCRIPTS_DIR").map(PathBuf::from),
            openspec: std::env::var_os("OPENSPEC_DIR").map(PathBuf::from),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
            match a.as_str() {
                "--sizes" => o.sizes = sizes(value()?)?,
                "--runs" => o.runs = value()?.parse().map_err(|_| "--runs needs a number".to_owned())?,
                "--cap" => o.cap = value()?.parse().map_err(|_| "--cap needs seconds".to_owned())?,
                "--keep" => o.keep = Some(PathBuf::from(value()?)),
                "--draft-repo" => o.draft_scripts = Some(PathBuf::from(value()?)),
                "--openspec" => o.openspec = Some(PathBuf::from(value()?)),
                other => return Err(format!("unknown argument {other}")),
            }
        }
        if o.runs == 0 {
            return Err("--runs must be at least 1".to_owned());
        }
        if !o.binary.is_file() {
            return Err(format!("{} not found: build it first (or set DRAFT_BIN)", o.binary.display()));
        }
        Ok(o)
    }
}

/// The folder holding Draft's scripts: `DIR/scripts/tools` of a checkout, or
/// `DIR` itself when the scripts sit directly in it.
fn scripts_dir(dir: &Path) -> Option<PathBuf> {
    [dir.join("scripts/tools"), dir.to_path_buf()]
        .into_iter()
        .find(|d| d.join(HYGIENE).is_file() && d.join(CITATIONS).is_file() && d.join("_lib.sh").is_file())
}

/// The `openspec` entry point under an npm prefix, a package folder, or the
/// path of the executable itself.
fn openspec_bin(dir: &Path) -> Option<PathBuf> {
    [
        dir.to_path_buf(),
        dir.join("node_modules/.bin/openspec"),
        dir.join("node_modules/@fission-ai/openspec/bin/openspec.js"),
        dir.join("bin/openspec.js"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// One peer command: how to spawn it and the text its output must contain
/// for the run to count as real work rather than an early exit.
struct Peer {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    cwd: PathBuf,
    expect: &'static str,
}

fn command(program: &Path, args: &[String], cwd: &Path) -> Command {
    let mut c = if program.extension().is_some_and(|e| e == "sh") {
        let mut c = Command::new("bash");
        c.arg(program);
        c
    } else {
        Command::new(program)
    };
    c.args(args)
        .current_dir(cwd)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("NO_COLOR", "1")
        .env("OPENSPEC_TELEMETRY", "0")
        .env("DO_NOT_TRACK", "1")
        .env("OPENSPEC_NO_UPDATE_CHECK", "1");
    c
}

/// Run once; return the wall time and the last line of its combined output.
fn run_once(peer: &Peer) -> Result<(f64, String), String> {
    let start = Instant::now();
    let out =
        command(&peer.program, &peer.args, &peer.cwd).output().map_err(|e| format!("running {}: {e}", peer.name))?;
    let wall = start.elapsed().as_secs_f64();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let lines = text.lines().count();
    let summary = text.lines().find(|l| l.contains(peer.expect)).map(|l| format!("{} ({lines} lines out)", l.trim()));
    match (out.status.code(), summary) {
        (Some(0 | 1), Some(line)) => Ok((wall, line)),
        _ => Err(format!(
            "{} did no measurable work (exit {:?}, no line containing {:?}): {}",
            peer.name,
            out.status.code(),
            peer.expect,
            text.lines().rev().take(3).collect::<Vec<_>>().join(" | ")
        )),
    }
}

/// Median of up to `runs` runs; stops repeating once the runs so far add up
/// to more than `cap` seconds, so a slow peer is timed once or twice.
fn median(peer: &Peer, runs: usize, cap: f64) -> Result<(f64, usize, String), String> {
    let mut walls = Vec::new();
    let mut said = String::new();
    while walls.len() < runs && (walls.is_empty() || walls.iter().sum::<f64>() <= cap) {
        let (wall, line) = run_once(peer)?;
        walls.push(wall);
        said = line;
    }
    walls.sort_by(f64::total_cmp);
    Ok((walls[walls.len() / 2], walls.len(), said))
}

fn draft(o: &Options, dir: &Path, name: &'static str, args: &str, expect: &'static str) -> Peer {
    let mut all = vec!["-C".to_owned(), dir.display().to_string()];
    all.extend(args.split_whitespace().map(str::to_owned));
    Peer { name, program: o.binary.clone(), args: all, cwd: dir.to_path_buf(), expect }
}

/// `[check] disable` listing every rule outside the citations group, so
/// `draft check` does what `verify-citations.sh` does and nothing else.
fn citations_only_config(binary: &Path) -> Result<String, String> {
    let out = Command::new(binary).args(["check", "--list-rules"]).output().map_err(|e| format!("draft: {e}"))?;
    let rules: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|r| !r.starts_with("citation-"))
        .map(|r| format!("\"{r}\""))
        .collect();
    if rules.is_empty() {
        return Err("draft check --list-rules listed nothing".to_owned());
    }
    Ok(format!("[check]\ndisable = [{}]\n", rules.join(", ")))
}

/// A row of the table: the peer's figure against draft's.
struct Row {
    size: usize,
    peer: &'static str,
    peer_wall: Option<(f64, usize)>,
    draft: &'static str,
    draft_wall: f64,
    note: String,
}

fn print_row(r: &Row) {
    let (peer, ratio) = match r.peer_wall {
        Some((w, runs)) => {
            let runs = if runs == 1 { " (1 run)".to_owned() } else { String::new() };
            (format!("{:.1}{runs}", w * 1e3), format!("{:.0}×", w / r.draft_wall))
        }
        None => ("-".to_owned(), "-".to_owned()),
    };
    println!(
        "| {:>5} | {:<26} | {:>16} | {:<24} | {:>9.1} | {:>7} | {}",
        r.size,
        r.peer,
        peer,
        r.draft,
        r.draft_wall * 1e3,
        ratio,
        r.note
    );
}

/// Generate each size, time every pairing, print the table as it goes.
pub fn run(o: &Options) -> Result<(), String> {
    let scripts = match &o.draft_scripts {
        Some(d) => Some(
            scripts_dir(d)
                .ok_or_else(|| format!("{} holds no scripts/tools/{{{HYGIENE},{CITATIONS},_lib.sh}}", d.display()))?,
        ),
        None => {
            println!(
                "Draft's scripts: skipped (pass --draft-repo DIR or set DRAFT_SCRIPTS_DIR to a checkout of drafthq/draft)"
            );
            None
        }
    };
    let openspec = match &o.openspec {
        Some(d) => Some(openspec_bin(d).ok_or_else(|| format!("no openspec executable under {}", d.display()))?),
        None => {
            println!(
                "OpenSpec: skipped (pass --openspec DIR or set OPENSPEC_DIR to an npm prefix holding @fission-ai/openspec)"
            );
            None
        }
    };
    let base = match &o.keep {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("draft-xtask-compare-{}", std::process::id())),
    };
    let citations_config = citations_only_config(&o.binary)?;
    println!(
        "draft: {}  runs: {} (median wall; a peer stops repeating after {:.0} s and is skipped at the next size once a size took longer)",
        o.binary.display(),
        o.runs,
        o.cap
    );
    println!(
        "| {:>5} | {:<26} | {:>16} | {:<24} | {:>9} | {:>7} | note",
        "size", "peer", "peer ms", "draft", "draft ms", "ratio"
    );
    println!(
        "|------:|:---------------------------|-----------------:|:-------------------------|----------:|--------:|:-----"
    );
    let mut last: std::collections::HashMap<&'static str, f64> = std::collections::HashMap::new();
    for &n in &o.sizes {
        let dir = base.join(format!("draft-{n}"));
        if !dir.join("draft").is_dir() {
            generate::project(&dir, n)?;
            generate::design_docs(&dir, n)?;
        }
        let tracks: Vec<String> = (0..n).map(|i| format!("draft/tracks/track-{i:05}")).collect();
        let check = median(&draft(o, &dir, "draft check", "check --no-cache", "checked"), o.runs, o.cap)?;
        let status = median(&draft(o, &dir, "draft status", "status", "tracks"), o.runs, o.cap)?;
        let config = dir.join("draft/config.toml");
        std::fs::write(&config, &citations_config).map_err(|e| format!("writing {}: {e}", config.display()))?;
        let cites = median(&draft(o, &dir, "draft check (citations)", "check --no-cache", "checked"), o.runs, o.cap);
        std::fs::remove_file(&config).map_err(|e| format!("removing {}: {e}", config.display()))?;
        let cites = cites?;
        println!("<!-- size {n}: draft check said {:?}; citations only: {:?} -->", check.2, cites.2);

        let mut pairs: Vec<(Peer, &'static str, f64)> = Vec::new();
        if let Some(s) = &scripts {
            pairs.push((
                Peer {
                    name: HYGIENE,
                    program: s.join(HYGIENE),
                    args: tracks.clone(),
                    cwd: dir.clone(),
                    expect: "track(s)",
                },
                "check",
                check.0,
            ));
            pairs.push((
                Peer {
                    name: CITATIONS,
                    program: s.join(CITATIONS),
                    args: tracks.clone(),
                    cwd: dir.clone(),
                    expect: "track(s)",
                },
                "check (citation rules)",
                cites.0,
            ));
        }
        if let Some(bin) = &openspec {
            let os_dir = base.join(format!("openspec-{n}"));
            if !os_dir.join("openspec").is_dir() {
                generate::openspec_project(&os_dir, n)?;
            }
            let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
            pairs.push((
                Peer {
                    name: "openspec validate --all",
                    program: bin.clone(),
                    args: words("validate --all --no-interactive"),
                    cwd: os_dir.clone(),
                    expect: "Totals:",
                },
                "check",
                check.0,
            ));
            pairs.push((
                Peer {
                    name: "openspec list",
                    program: bin.clone(),
                    args: words("list"),
                    cwd: os_dir,
                    expect: "Changes:",
                },
                "status",
                status.0,
            ));
        }
        for (peer, draft_name, draft_wall) in pairs {
            let mut row =
                Row { size: n, peer: peer.name, peer_wall: None, draft: draft_name, draft_wall, note: String::new() };
            match last.get(peer.name) {
                Some(&prev) if prev > o.cap => {
                    row.note = format!("skipped: the previous size took {prev:.0} s (> {:.0} s cap)", o.cap);
                }
                _ => {
                    let (wall, runs, said) = median(&peer, o.runs, o.cap)?;
                    row.peer_wall = Some((wall, runs));
                    row.note = said;
                    last.insert(peer.name, wall);
                }
            }
            print_row(&row);
        }
    }
    if o.keep.is_none() {
        let _ = std::fs::remove_dir_all(&base);
    }
    Ok(())
}
