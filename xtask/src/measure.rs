//! Timing whole commands of the release binary on generated projects, and
//! printing the figures as a table with per-track costs and ratios.

use crate::generate;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What to measure.
pub struct Options {
    sizes: Vec<usize>,
    runs: usize,
    deep: Option<usize>,
    keep: Option<PathBuf>,
    binary: PathBuf,
}

impl Options {
    /// Parse `bench`'s arguments.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Self {
            sizes: vec![10, 100, 1_000, 10_000],
            runs: 5,
            deep: None,
            keep: None,
            binary: std::env::var_os("DRAFT_BIN").map_or_else(default_binary, PathBuf::from),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
            match a.as_str() {
                "--sizes" => o.sizes = sizes(value()?)?,
                "--runs" => o.runs = value()?.parse().map_err(|_| "--runs needs a number".to_owned())?,
                "--deep" => o.deep = Some(value()?.parse().map_err(|_| "--deep needs a number".to_owned())?),
                "--keep" => o.keep = Some(PathBuf::from(value()?)),
                other => return Err(format!("unknown argument {other}")),
            }
        }
        require_binary(&o.binary)?;
        Ok(o)
    }
}

/// `--sizes 10,100,1000`: the project sizes to generate.
pub fn sizes(list: &str) -> Result<Vec<usize>, String> {
    list.split(',').map(|n| n.trim().parse().map_err(|_| format!("not a size: {n}"))).collect()
}

/// An error naming how to build the binary when `binary` is not there.
pub fn require_binary(binary: &Path) -> Result<(), String> {
    if binary.is_file() {
        Ok(())
    } else {
        Err(format!("{} not found: run `cargo build --release -p draft` first (or set DRAFT_BIN)", binary.display()))
    }
}

/// `target/release/draft` of this workspace.
pub fn default_binary() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/draft")
}

/// One measurement: median wall seconds, median CPU seconds (user + system,
/// which a busy machine inflates far less than wall time) and the largest
/// peak RSS in KiB.
struct Figure {
    wall: f64,
    cpu: Option<f64>,
    rss_kib: Option<u64>,
}

pub fn time_once(binary: &Path, dir: &Path, args: &[String]) -> Result<(f64, Option<f64>, Option<u64>), String> {
    let gnu_time = Path::new("/usr/bin/time");
    let mut cmd = if gnu_time.is_file() {
        let mut c = Command::new(gnu_time);
        c.args(["-f", "%M %U %S", "--"]).arg(binary);
        c
    } else {
        Command::new(binary)
    };
    cmd.arg("-C").arg(dir).args(args).env("GIT_CONFIG_GLOBAL", "/dev/null").env("NO_COLOR", "1");
    let start = Instant::now();
    let out = cmd.output().map_err(|e| format!("running {}: {e}", binary.display()))?;
    let wall = start.elapsed().as_secs_f64();
    if out.status.code().is_none_or(|c| c > 1) {
        return Err(format!("draft {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fields: Vec<&str> = stderr.lines().last().unwrap_or_default().split_whitespace().collect();
    let (rss, cpu) = match fields.as_slice() {
        [rss, user, system] => {
            (rss.parse().ok(), user.parse::<f64>().ok().zip(system.parse::<f64>().ok()).map(|(u, s)| u + s))
        }
        _ => (None, None),
    };
    Ok((wall, cpu, rss))
}

/// Commands faster than this are run at least [`QUICK_RUNS`] times: a few
/// milliseconds of scheduling noise would otherwise move their median, and
/// with it the ratios, by a third.
const QUICK: f64 = 0.05;
/// Runs of a quick command (odd, so the median is one run).
const QUICK_RUNS: usize = 21;

fn measure(o: &Options, dir: &Path, args: impl Fn(usize) -> Vec<String>) -> Result<Figure, String> {
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut rss = None;
    let mut runs = o.runs;
    let mut run = 0;
    while run < runs {
        let (wall, cpu, r) = time_once(&o.binary, dir, &args(run))?;
        if run == 0 && wall < QUICK {
            runs = runs.max(QUICK_RUNS);
        }
        walls.push(wall);
        cpus.extend(cpu);
        rss = rss.max(r);
        run += 1;
    }
    walls.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    Ok(Figure { wall: walls[walls.len() / 2], cpu: cpus.get(cpus.len() / 2).copied(), rss_kib: rss })
}

/// `task done` at the smallest and the largest size, timed in pairs: each
/// round runs both, in alternating order, so a spell of writeback or
/// reclaim on this shared machine lands on both sides of a pair rather than
/// on one row of the table. Prints both medians and the median of the
/// per-pair ratios, which is what the single-track target is judged by.
fn paired_task_done(o: &Options, base: &Path, small: usize, large: usize) -> Result<(), String> {
    let (_, args) = commands().into_iter().find(|(name, _)| name.starts_with("task done")).ok_or("no task done row")?;
    let dirs = [base.join(format!("tracks-{small}")), base.join(format!("tracks-{large}"))];
    let sizes = [small, large];
    let _ = Command::new("sync").status();
    let (mut walls, mut ratios) = ([Vec::new(), Vec::new()], Vec::new());
    // The table's row took the first runs' tasks; these go on from there.
    let first = o.runs.max(QUICK_RUNS);
    for run in first..first + QUICK_RUNS {
        let mut pair = [0.0; 2];
        let order = if run % 2 == 0 { [0, 1] } else { [1, 0] };
        for side in order {
            pair[side] = time_once(&o.binary, &dirs[side], &args(run, sizes[side]))?.0;
            walls[side].push(pair[side]);
        }
        ratios.push(pair[1] / pair[0]);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut walls[0]), median(&mut walls[1]));
    println!(
        "task done, paired ({QUICK_RUNS} rounds): {a_ms:.1} ms at {small} tracks, {b_ms:.1} ms at {large}: median ratio ×{:.2}",
        median(&mut ratios),
        a_ms = a * 1e3,
        b_ms = b * 1e3,
    );
    Ok(())
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

type CommandSpec = (&'static str, Box<dyn Fn(usize, usize) -> Vec<String>>);

fn commands() -> Vec<CommandSpec> {
    vec![
        ("status --json", Box::new(|_, _| words("status --json"))),
        // From scratch, then answered from the check cache a first run wrote
        // (the timed runs of the second row all find it).
        ("check (no cache)", Box::new(|_, _| words("check --format json --no-cache"))),
        ("check (cached)", Box::new(|_, _| words("check --format json"))),
        ("sync --check", Box::new(|_, _| words("sync --check"))),
        (
            "task done (one track)",
            // A task that is still open each run: track i has its first
            // i % 31 tasks done, the tracks visited have fewer than 10 of
            // them, and each round over the tracks takes the task before.
            Box::new(|run, n| {
                let track = (run * 31) % n;
                words(&format!("task done 3.{} --track track-{track:05} --commit HEAD", 10 - run / n))
            }),
        ),
        (
            "new-track",
            // Unique per bench process too: a tree kept with --keep is reused.
            Box::new(|run, _| {
                let id = format!("bench-{}-{run}", std::process::id());
                words(&format!("new-track Bench --id {id}"))
            }),
        ),
    ]
}

/// Generate each size, time every command, print the table.
pub fn run(o: &Options) -> Result<(), String> {
    let base = match &o.keep {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("draft-xtask-bench-{}", std::process::id())),
    };
    println!(
        "binary: {}  runs: {} ({QUICK_RUNS} for commands under {} ms; median wall and CPU = user + system; peak RSS from GNU time)",
        o.binary.display(),
        o.runs,
        QUICK * 1e3
    );
    println!(
        "{:<24} {:>7} {:>10} {:>10} {:>9} {:>13}",
        "command", "tracks", "wall ms", "cpu ms", "peak MiB", "µs per track"
    );
    let mut first: Vec<Option<f64>> = vec![None; commands().len()];
    for &n in &o.sizes {
        let dir = base.join(format!("tracks-{n}"));
        if !dir.join("draft").is_dir() {
            generate::project(&dir, n)?;
        }
        // A freshly written tree leaves the kernel seconds of writeback that
        // would land on whichever command is timed first: flush it.
        let _ = Command::new("sync").status();
        // Writes the check cache the "cached" row reads.
        time_once(&o.binary, &dir, &words("check --format json"))?;
        for (k, (name, args)) in commands().iter().enumerate() {
            // What the row before left to write back (the 17 MB check cache
            // at 10,000 tracks) would otherwise land on this row's fsyncs.
            let _ = Command::new("sync").status();
            let f = measure(o, &dir, |run| args(run, n))?;
            let per_track = f.wall * 1e6 / n as f64;
            let rss = f.rss_kib.map_or_else(|| "-".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0));
            let cpu = f.cpu.map_or_else(|| "-".to_owned(), |c| format!("{:.1}", c * 1e3));
            let ratio = first[k].map_or_else(String::new, |w| format!("  ×{:.1} vs smallest", f.wall / w));
            first[k].get_or_insert(f.wall);
            println!("{name:<24} {n:>7} {:>10.1} {cpu:>10} {rss:>9} {per_track:>13.1}{ratio}", f.wall * 1e3);
        }
    }
    if let (Some(&small), Some(&large)) = (o.sizes.first(), o.sizes.last())
        && large > small
    {
        paired_task_done(o, &base, small, large)?;
    }
    if let Some(commits) = o.deep {
        let n = 1_000;
        let shallow = base.join(format!("tracks-{n}"));
        if !shallow.join("draft").is_dir() {
            generate::project(&shallow, n)?;
        }
        let deep = base.join(format!("deep-{commits}"));
        if !deep.join("draft").is_dir() {
            generate::deep_project(&deep, n, commits)?;
        }
        let _ = Command::new("sync").status();
        let check = |_: usize| words("check --format json --no-cache");
        let a = measure(o, &shallow, check)?;
        let b = measure(o, &deep, check)?;
        let cpu = |f: &Figure| f.cpu.map_or_else(|| "-".to_owned(), |c| format!("{:.1}", c * 1e3));
        let cpu_ratio =
            a.cpu.zip(b.cpu).filter(|(a, _)| *a > 0.0).map_or_else(|| "-".to_owned(), |(a, b)| format!("{:.2}", b / a));
        println!(
            "check on {n} tracks: {:.1} ms (cpu {}) with a 2-commit history, {:.1} ms (cpu {}) with {commits} commits: ratio {:.2} wall, {cpu_ratio} cpu",
            a.wall * 1e3,
            cpu(&a),
            b.wall * 1e3,
            cpu(&b),
            b.wall / a.wall
        );
    }
    if o.keep.is_none() {
        let _ = std::fs::remove_dir_all(&base);
    }
    Ok(())
}
