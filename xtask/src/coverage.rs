//! `xtask coverage`: how fast, and in how much memory, `draft coverage`
//! reads a very large lcov report.
//!
//! It writes an lcov tracefile of `--mb` megabytes (default 200; 500 with
//! `DRAFT_BENCH_LCOV_500=1`) into a fresh git repository holding a minimal
//! draft project: files of `--lines` lines each (default 1,000) whose hits come in runs of 1 to
//! 40 lines (covered, then not), with a branch record every 25 lines — the
//! shape real reports have. Then it times `draft coverage --report
//! lcov.info --json` (median of `--runs`) and prints throughput and peak
//! RSS (GNU time). The report stays outside the repository's file list, so
//! the figure is the parser and summary, plus the JSON of every file.

use crate::generate::git;
use crate::measure::{default_binary, time_once};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What to measure.
pub struct Options {
    mb: u64,
    lines: u32,
    runs: usize,
    keep: Option<PathBuf>,
    binary: PathBuf,
}

impl Options {
    /// Parse `coverage`'s arguments.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let big = std::env::var_os("DRAFT_BENCH_LCOV_500").is_some_and(|v| v == "1");
        let mut o = Self {
            mb: if big { 500 } else { 200 },
            lines: 1_000,
            runs: 1,
            keep: None,
            binary: std::env::var_os("DRAFT_BIN").map_or_else(default_binary, PathBuf::from),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
            match a.as_str() {
                "--mb" => o.mb = value()?.parse().map_err(|_| "--mb needs a number".to_owned())?,
                "--lines" => o.lines = value()?.parse().map_err(|_| "--lines needs a number".to_owned())?,
                "--runs" => o.runs = value()?.parse().map_err(|_| "--runs needs a number".to_owned())?,
                "--keep" => o.keep = Some(PathBuf::from(value()?)),
                other => return Err(format!("unknown argument {other}")),
            }
        }
        crate::measure::require_binary(&o.binary)?;
        Ok(o)
    }
}

/// A tiny deterministic generator (xorshift), so every run writes the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Write an lcov file of at least `bytes` bytes; returns (files, DA lines).
fn write_lcov(path: &Path, bytes: u64, per_file: u32) -> Result<(u64, u64), String> {
    let file = std::fs::File::create(path).map_err(|e| format!("creating {}: {e}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut written, mut files, mut das) = (0u64, 0u64, 0u64);
    let mut buf = String::with_capacity(64 * 1024);
    while written < bytes {
        buf.clear();
        buf.push_str(&format!("TN:\nSF:src/mod_{:04}/file_{files:06}.rs\n", files / 100));
        let (mut line, mut hit, mut covered) = (1u32, true, 0u32);
        while line <= per_file {
            let run = 1 + rng.next(40) as u32;
            for _ in 0..run.min(per_file + 1 - line) {
                let hits = if hit { 1 + rng.next(500) } else { 0 };
                buf.push_str(&format!("DA:{line},{hits}\n"));
                if line % 25 == 0 {
                    buf.push_str(&format!("BRDA:{line},0,0,{hits}\nBRDA:{line},0,1,-\n"));
                }
                covered += u32::from(hit);
                line += 1;
                das += 1;
            }
            hit = !hit;
        }
        buf.push_str(&format!("LF:{per_file}\nLH:{covered}\nend_of_record\n"));
        out.write_all(buf.as_bytes()).map_err(|e| format!("writing {}: {e}", path.display()))?;
        written += buf.len() as u64;
        files += 1;
    }
    out.flush().map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok((files, das))
}

/// Generate the report, time draft on it, print the figures.
pub fn run(o: &Options) -> Result<(), String> {
    let dir = match &o.keep {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("draft-xtask-coverage-{}", std::process::id())),
    };
    std::fs::create_dir_all(dir.join("draft")).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    std::fs::write(dir.join("draft/tracks.md"), "# Tracks\n\n## Active\n").map_err(|e| e.to_string())?;
    if !dir.join(".git").exists() {
        git(&dir, &["init", "-q", "-b", "main"])?;
        git(&dir, &["add", "-A"])?;
        git(&dir, &["commit", "-q", "-m", "bench"])?;
    }
    let report = dir.join("lcov.info");
    let bytes = o.mb * 1_000_000;
    let (files, das) = if report.metadata().is_ok_and(|m| m.len() >= bytes) {
        (0, 0)
    } else {
        write_lcov(&report, bytes, o.lines.max(1))?
    };
    let size = report.metadata().map_err(|e| e.to_string())?.len();
    let args: Vec<String> = ["coverage", "--report", "lcov.info", "--json"].iter().map(|s| (*s).to_owned()).collect();
    let mut walls = Vec::new();
    let mut rss = None;
    let mut cpu = Vec::new();
    for _ in 0..o.runs.max(1) {
        let (wall, c, r) = time_once(&o.binary, &dir, &args)?;
        walls.push(wall);
        cpu.extend(c);
        rss = rss.max(r);
    }
    walls.sort_by(f64::total_cmp);
    let wall = walls[walls.len() / 2];
    let mib = size as f64 / (1024.0 * 1024.0);
    let made = if files > 0 { format!(" ({files} files, {das} DA lines)") } else { String::new() };
    println!("report: {} — {mib:.0} MiB{made}", report.display());
    println!(
        "draft coverage --report lcov.info --json: {wall:.2} s wall (median of {}), {} cpu, {:.0} MiB/s, peak RSS {}",
        walls.len(),
        cpu.first().map_or_else(|| "-".to_owned(), |c| format!("{c:.2} s")),
        mib / wall,
        rss.map_or_else(|| "- (no GNU time)".to_owned(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
    );
    if o.keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
