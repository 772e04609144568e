//! Where a project's context lives, what the engines take from the outside
//! world, and how files are read and written.
//!
//! The workspace finds the project root (the nearest directory at or above
//! the start whose `draft/` holds `tracks.md` or `.ai-context.md`, or whose
//! `conductor/` holds its registry), knows which layout it is (and whether
//! the other layout sits beside it), maps track ids to folders without ever
//! leaving the context directory, carries the injected [`Environment`]
//! (clock, git program) so a long-running host reads the process
//! environment once, and owns the write primitives every engine uses: an
//! atomic replace (temp file in the same directory, fsync, rename) and the
//! one project lock that serialises writers.

use crate::error::{Error, Result};
use crate::git::Git;
pub use draft_model::layout::Layout;
use draft_model::slug;
use draft_model::text;
use jiff::Timestamp;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The environment variable that pins the clock (RFC 3339).
pub const NOW_ENV: &str = "DRAFT_NOW";
/// The environment variable naming the git executable.
pub const GIT_ENV: &str = "DRAFT_GIT";

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    System,
    /// A pinned instant (tests, reproducible runs).
    Fixed(Timestamp),
}

impl Clock {
    /// The current instant.
    #[must_use]
    pub fn now(self) -> Timestamp {
        match self {
            Self::System => Timestamp::now(),
            Self::Fixed(ts) => ts,
        }
    }
}

/// What engines take from outside the project, read once by the caller.
#[derive(Debug, Clone)]
pub struct Environment {
    /// The clock.
    pub clock: Clock,
    /// The git executable.
    pub git_program: PathBuf,
    /// The layout asked for (`--layout`), when both trees exist.
    pub layout: Option<Layout>,
}

impl Default for Environment {
    fn default() -> Self {
        Self { clock: Clock::System, git_program: PathBuf::from("git"), layout: None }
    }
}

impl Environment {
    /// Read `DRAFT_NOW` and `DRAFT_GIT` from the process environment.
    #[must_use]
    pub fn from_process() -> Self {
        let clock = std::env::var(NOW_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<Timestamp>().ok())
            .map_or(Clock::System, Clock::Fixed);
        let git_program = std::env::var_os(GIT_ENV).map_or_else(|| PathBuf::from("git"), PathBuf::from);
        Self { clock, git_program, layout: None }
    }

    /// The same environment with a layout preference.
    #[must_use]
    pub fn with_layout(mut self, layout: Option<Layout>) -> Self {
        self.layout = layout;
        self
    }

    /// A git handle for `dir` using the configured program.
    #[must_use]
    pub fn git(&self, dir: &Path) -> Git {
        Git::with_program(dir, &self.git_program)
    }
}

/// A located project.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The directory holding the context directory.
    pub root: PathBuf,
    /// The layout in use.
    pub layout: Layout,
    /// The other layout's tree, when one sits beside the one in use.
    pub other_layout: Option<Layout>,
    /// Clock, git program and preferences.
    pub env: Environment,
}

/// Whether `dir` holds a project of `layout` (a real marker, not just a folder name).
#[must_use]
pub fn has_project(dir: &Path, layout: Layout) -> bool {
    let ctx = dir.join(layout.dir_name());
    match layout {
        Layout::Draft => ctx.join("tracks.md").exists() || ctx.join(".ai-context.md").exists(),
        Layout::Conductor => ctx.join("tracks.md").exists(),
    }
}

impl Workspace {
    /// Find the nearest project at or above `start`, reading the process
    /// environment for the clock and git (see [`Environment::from_process`]).
    pub fn discover(start: &Path) -> Result<Self> {
        Self::discover_with(start, Environment::from_process())
    }

    /// Find the nearest project at or above `start`. Where both trees exist
    /// the environment's layout wins, then `layout` in `draft/config.toml`,
    /// then `draft/`.
    pub fn discover_with(start: &Path, env: Environment) -> Result<Self> {
        let start = std::fs::canonicalize(start).map_err(|e| Error::io("resolving", start, e))?;
        let mut bare = None;
        for dir in start.ancestors() {
            let found: Vec<Layout> =
                [Layout::Draft, Layout::Conductor].into_iter().filter(|l| has_project(dir, *l)).collect();
            if found.is_empty() {
                if bare.is_none() {
                    bare = [Layout::Draft, Layout::Conductor]
                        .into_iter()
                        .map(|l| dir.join(l.dir_name()))
                        .find(|p| p.is_dir());
                }
                continue;
            }
            let wanted = env.layout.or_else(|| configured_layout(dir));
            let layout = match wanted {
                Some(l) if found.contains(&l) => l,
                Some(l) => return Err(Error::LayoutMissing { root: dir.to_path_buf(), layout: l }),
                None => found[0],
            };
            let other_layout = found.iter().copied().find(|l| *l != layout);
            return Ok(Self { root: dir.to_path_buf(), layout, other_layout, env });
        }
        Err(Error::NoWorkspace { start, bare })
    }

    /// A workspace at a known root (tests, benches, `init`).
    #[must_use]
    pub fn at(root: &Path, layout: Layout, env: Environment) -> Self {
        Self { root: root.to_path_buf(), layout, other_layout: None, env }
    }

    /// The current instant from the injected clock.
    #[must_use]
    pub fn now(&self) -> Timestamp {
        self.env.clock.now()
    }

    /// A git handle for the project root.
    #[must_use]
    pub fn git(&self) -> Git {
        self.env.git(&self.root)
    }

    /// `root/draft` or `root/conductor`.
    #[must_use]
    pub fn context_dir(&self) -> PathBuf {
        self.root.join(self.layout.dir_name())
    }

    /// The folder of draft's local caches and state (`<context>/.state/`:
    /// freshness, the check cache, the code graph).
    #[must_use]
    pub fn state_dir(&self) -> PathBuf {
        self.context_dir().join(".state")
    }

    /// [`Workspace::state_dir`], created with a `.gitignore` that keeps all of
    /// it out of git. Returns the folder and whether the `.gitignore` was written.
    pub fn ensure_state_dir(&self) -> Result<(PathBuf, bool)> {
        let dir = self.state_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
        let ignore = dir.join(".gitignore");
        let fresh = !ignore.exists();
        if fresh {
            atomic_write(&ignore, b"# draft's local caches and state; never committed\n*\n")?;
        }
        Ok((dir, fresh))
    }

    /// The registry file.
    #[must_use]
    pub fn registry_path(&self) -> PathBuf {
        self.context_dir().join("tracks.md")
    }

    /// The directory holding track folders.
    #[must_use]
    pub fn tracks_dir(&self) -> PathBuf {
        self.context_dir().join("tracks")
    }

    /// A track's folder; refuses ids that are not a single safe segment.
    pub fn track_dir(&self, id: &str) -> Result<PathBuf> {
        slug::validate_id(id).map_err(|reason| Error::InvalidTrackId { id: id.to_owned(), reason })?;
        Ok(self.tracks_dir().join(id))
    }

    /// `path` relative to the root, `/`-separated, for messages.
    #[must_use]
    pub fn rel(&self, path: &Path) -> String {
        relative(&self.root, path)
    }
}

/// `path` relative to `base` with `/` separators (the path itself if outside).
#[must_use]
pub fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// `layout = "conductor"` in `draft/config.toml`, if set and valid.
fn configured_layout(dir: &Path) -> Option<Layout> {
    let text = std::fs::read_to_string(dir.join("draft").join("config.toml")).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("layout").and_then(toml::Value::as_str).and_then(Layout::parse)
}

/// Read a text document, with errors naming the path.
pub fn read_text(path: &Path) -> Result<String> {
    text_of(path, read_regular(path).unwrap_or_else(|| std::fs::read(path)))
}

/// The text of what was read from `path`, with errors naming the path.
pub fn text_of(path: &Path, read: std::io::Result<Vec<u8>>) -> Result<String> {
    let bytes = read.map_err(|e| Error::io("reading", path, e))?;
    text::decode(bytes).map_err(|source| Error::Decode { path: path.to_path_buf(), source })
}

/// The bytes of `path` when it is a regular file and not a link, in four
/// system calls (open without following a final link, fstat, one read of
/// the size fstat gave, close) where probing with `lstat` first and reading
/// to a confirmed end take six: check reads three documents per track.
/// `None` when it is anything else (missing, a link, a directory, …) or on
/// platforms without `O_NOFOLLOW`: the caller then looks closer.
#[must_use]
pub fn read_regular(path: &Path) -> Option<std::io::Result<Vec<u8>>> {
    #[cfg(unix)]
    {
        use std::io::Read as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        // Non-blocking, so opening a FIFO returns at once (and fstat turns
        // it away) instead of waiting for a writer; reads of a regular file
        // never block either way.
        let mut file =
            std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path).ok()?;
        let meta = file.metadata().ok().filter(std::fs::Metadata::is_file)?;
        let mut bytes = vec![0; usize::try_from(meta.len()).ok()?];
        // One read for the whole size (`read_to_end` would start small and
        // double). A file that grew since fstat is read as it was then; one
        // that shrank ends at its first empty read.
        let mut filled = 0;
        while filled < bytes.len() {
            match file.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Some(Err(e)),
            }
        }
        bytes.truncate(filled);
        Some(Ok(bytes))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Replace `path` with `contents` atomically: readers see the old or the new
/// file, never a mix, even if the process dies mid-write.
pub fn atomic_write(path: &Path, contents: &[u8]) -> Result<()> {
    stage(path, contents)?.commit()
}

/// The new contents of a file, written and synced to disk under a temporary
/// name beside it, waiting to take its place ([`Staged::commit`]). Dropped
/// uncommitted, the temporary file is removed and the file is untouched, so
/// several files can be staged side by side and put in place in the order
/// the caller chooses, or not at all.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::TempPath,
    target: PathBuf,
}

impl Staged {
    /// Put the staged contents in place: one rename.
    pub fn commit(self) -> Result<()> {
        let target = self.target;
        self.tmp.persist(&target).map_err(|e| Error::io("replacing", target.clone(), e.error))
    }
}

/// Stage `contents` to replace `path` ([`Staged`]); the permissions of the
/// file being replaced are kept.
pub fn stage(path: &Path, contents: &[u8]) -> Result<Staged> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating a temporary file in", dir, e))?;
    tmp.write_all(contents).map_err(|e| Error::io("writing", tmp.path().to_path_buf(), e))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.as_file().sync_all().map_err(|e| Error::io("syncing", tmp.path().to_path_buf(), e))?;
    Ok(Staged { tmp: tmp.into_temp_path(), target: path.to_path_buf() })
}

/// Replace a cache file atomically (temporary file + rename) without syncing
/// it to disk: after a crash a cache is at worst old or unreadable, and then
/// rebuilt, so the cost of `fsync` buys nothing.
pub fn write_cache(path: &Path, contents: &[u8]) -> Result<()> {
    write_cache_with(path, |w| w.write_all(contents))
}

/// [`write_cache`], with the contents written by `fill` through a buffer, so
/// a large cache is never held whole in memory to be written.
pub fn write_cache_with(path: &Path, fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating a temporary file in", dir, e))?;
    let tmp_path = tmp.path().to_path_buf();
    let mut out = std::io::BufWriter::new(tmp);
    fill(&mut out).and_then(|()| out.flush()).map_err(|e| Error::io("writing", tmp_path.clone(), e))?;
    let tmp = out.into_inner().map_err(|e| Error::io("writing", tmp_path, e.into_error()))?;
    tmp.persist(path).map_err(|e| Error::io("replacing", path, e.error))?;
    Ok(())
}

/// The prefix of every temporary file or staging folder draft creates
/// beside a document; anything with it found under the lock is stale.
pub const TEMP_PREFIX: &str = ".draft-tmp-";

/// An exclusive advisory lock, released on drop.
#[derive(Debug)]
pub struct LockGuard {
    file: File,
}

impl LockGuard {
    /// Block until the project lock for `context_dir` is held. On Unix the
    /// directory's own handle is locked, which leaves no file behind to
    /// dirty the work tree; where a directory cannot be opened as a file
    /// (Windows) a `.draft.lock` file inside it is locked instead.
    pub fn project(context_dir: &Path) -> Result<Self> {
        if cfg!(unix) { Self::directory(context_dir) } else { Self::file(&context_dir.join(".draft.lock")) }
    }

    /// Lock a directory through its handle (Unix `flock` on a directory descriptor).
    pub fn directory(dir: &Path) -> Result<Self> {
        let file = File::open(dir).map_err(|e| Error::io("opening for locking", dir, e))?;
        file.lock().map_err(|e| Error::io("locking", dir, e))?;
        Ok(Self { file })
    }

    /// Lock a lock file, creating it if needed (never truncated, never removed,
    /// so two processes always lock the same inode).
    pub fn file(path: &Path) -> Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| Error::io("opening for locking", path, e))?;
        file.lock().map_err(|e| Error::io("locking", path, e))?;
        Ok(Self { file })
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

impl Workspace {
    /// Take the project lock. Every writer holds it for its whole
    /// read-edit-write, so writers are serialised and none sees another's
    /// half-done work.
    pub fn lock(&self) -> Result<LockGuard> {
        LockGuard::project(&self.context_dir())
    }

    /// Replace a document atomically; call it with the project lock held.
    /// Temporary files a killed writer left in the same folder are removed
    /// first (no live writer can own them while the lock is held). A
    /// symlink inside the project is written through and kept; one that
    /// leaves the project is refused.
    pub fn write(&self, path: &Path, contents: &[u8]) -> Result<()> {
        let target = self.write_target(path)?;
        if let Some(dir) = target.parent() {
            sweep_stale_temps(dir);
        }
        stage(&target, contents)?.commit()
    }

    /// Stage `contents` to replace `path` ([`Staged`]), following a link
    /// inside the project as [`Workspace::write`] does. Unlike `write` it
    /// does not sweep the folder for stale temporary files, which could take
    /// a file staged beside it: the caller sweeps first ([`Workspace::sweep_for`]).
    pub fn stage(&self, path: &Path, contents: &[u8]) -> Result<Staged> {
        stage(&self.write_target(path)?, contents)
    }

    /// Remove stale temporary files ([`sweep_stale_temps`]) from the
    /// folders `paths` are written in, each folder once.
    pub fn sweep_for(&self, paths: &[&Path]) {
        let mut dirs: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| self.write_target(p).ok())
            .filter_map(|t| t.parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            sweep_stale_temps(&dir);
        }
    }

    fn write_target(&self, path: &Path) -> Result<PathBuf> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(path.to_path_buf());
        }
        let target = std::fs::canonicalize(path).map_err(|e| Error::io("following the link", path, e))?;
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        if target.starts_with(&root) {
            Ok(target)
        } else {
            Err(Error::LinkLeavesProject { path: path.to_path_buf(), target })
        }
    }
}

/// Remove `.draft-tmp-*` files and folders in `dir`: leftovers of a writer
/// that was killed between creating its temporary file and renaming it.
/// Returns how many were removed.
pub fn sweep_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let path = entry.path();
        let gone = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed += usize::from(gone.is_ok());
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast reader takes regular files only; links and everything else
    /// go back to the caller, and `read_text` still reads through a link.
    #[cfg(unix)]
    #[test]
    fn read_regular_takes_plain_files_only() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path();
        std::fs::write(p.join("plan.md"), "# Plan\n\u{e9}\n").expect("write");
        std::fs::write(p.join("empty.md"), "").expect("write");
        std::os::unix::fs::symlink(p.join("plan.md"), p.join("link.md")).expect("link");
        std::fs::create_dir(p.join("dir.md")).expect("mkdir");
        let made = std::process::Command::new("mkfifo").arg(p.join("fifo.md")).status().expect("mkfifo");
        assert!(made.success(), "mkfifo");
        let read = |name: &str| read_regular(&p.join(name)).map(|r| r.expect("readable"));
        assert_eq!(read("plan.md").as_deref(), Some("# Plan\n\u{e9}\n".as_bytes()));
        assert_eq!(read("empty.md").as_deref(), Some(&b""[..]));
        // A FIFO without a writer is turned away at once, not waited on.
        let (tx, rx) = std::sync::mpsc::channel();
        let fifo = p.join("fifo.md");
        std::thread::spawn(move || tx.send(read_regular(&fifo).is_none()));
        assert_eq!(rx.recv_timeout(std::time::Duration::from_secs(10)), Ok(true), "a FIFO blocked the reader");
        for other in ["link.md", "dir.md", "missing.md"] {
            assert!(read(other).is_none(), "{other}");
        }
        assert_eq!(read_text(&p.join("link.md")).expect("through the link"), "# Plan\n\u{e9}\n");
        assert!(read_text(&p.join("missing.md")).is_err());
    }

    #[test]
    fn discovery_walks_up_and_prefers_draft() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        std::fs::create_dir_all(root.join("conductor")).expect("mk");
        std::fs::write(root.join("conductor/tracks.md"), "# Project Tracks\n").expect("w");
        std::fs::create_dir_all(root.join("src/deep")).expect("mk");
        let env = Environment::default();
        let ws = Workspace::discover_with(&root.join("src/deep"), env.clone()).expect("found");
        assert_eq!(ws.layout, Layout::Conductor);
        std::fs::create_dir_all(root.join("draft")).expect("mk");
        std::fs::write(root.join("draft/tracks.md"), "# Tracks\n").expect("w");
        let both = Workspace::discover_with(root, env.clone()).expect("found");
        assert_eq!((both.layout, both.other_layout), (Layout::Draft, Some(Layout::Conductor)));
        let picked = Workspace::discover_with(root, env.with_layout(Some(Layout::Conductor))).expect("found");
        assert_eq!((picked.layout, picked.other_layout), (Layout::Conductor, Some(Layout::Draft)));
        assert!(ws.track_dir("../etc").is_err());
    }

    #[test]
    fn regression_a_folder_named_draft_is_not_a_project() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("draft/blog-posts")).expect("mk");
        let err = Workspace::discover_with(dir.path(), Environment::default()).expect_err("no marker");
        assert!(matches!(&err, Error::NoWorkspace { bare: Some(_), .. }), "{err}");
        assert!(err.to_string().contains("holds no tracks.md"), "{err}");
    }

    #[test]
    fn config_picks_the_layout_when_both_trees_exist() {
        let dir = tempfile::tempdir().expect("tmp");
        for d in ["draft", "conductor"] {
            std::fs::create_dir_all(dir.path().join(d)).expect("mk");
            std::fs::write(dir.path().join(d).join("tracks.md"), "# Tracks\n").expect("w");
        }
        std::fs::write(dir.path().join("draft/config.toml"), "layout = \"conductor\"\n").expect("w");
        let ws = Workspace::discover_with(dir.path(), Environment::default()).expect("found");
        assert_eq!(ws.layout, Layout::Conductor);
    }

    #[test]
    fn directory_locks_exclude_each_other() {
        let dir = tempfile::tempdir().expect("tmp");
        let held = LockGuard::directory(dir.path()).expect("lock");
        let other = File::open(dir.path()).expect("open");
        assert!(other.try_lock().is_err(), "a second lock must wait");
        drop(held);
        assert!(other.try_lock().is_ok());
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0, "no lock file left behind");
    }

    #[test]
    fn lock_file_variant_excludes_and_stays_put() {
        // The variant Windows uses, exercised here on every platform.
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(".draft.lock");
        let held = LockGuard::file(&path).expect("lock");
        let other = std::fs::OpenOptions::new().write(true).open(&path).expect("open");
        assert!(other.try_lock().is_err(), "a second lock must wait");
        drop(held);
        assert!(other.try_lock().is_ok());
        assert!(path.exists(), "the lock file is never removed, so every process locks the same inode");
    }

    #[test]
    fn regression_killed_writer_temp_files_are_swept() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("draft/tracks/t")).expect("mk");
        std::fs::write(dir.path().join("draft/tracks.md"), "# Tracks\n").expect("w");
        std::fs::write(dir.path().join("draft/tracks/t/.draft-tmp-abc"), "half").expect("w");
        std::fs::create_dir(dir.path().join("draft/tracks/t/.draft-tmp-new-x")).expect("mk");
        let ws = Workspace::at(dir.path(), Layout::Draft, Environment::default());
        let _lock = ws.lock().expect("lock");
        ws.write(&dir.path().join("draft/tracks/t/plan.md"), b"# Plan\n").expect("w");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("draft/tracks/t"))
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["plan.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn writes_go_through_inner_links_and_refuse_outer_ones() {
        let outside = tempfile::tempdir().expect("tmp");
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("draft")).expect("mk");
        std::fs::write(dir.path().join("draft/real.md"), "old").expect("w");
        std::os::unix::fs::symlink("real.md", dir.path().join("draft/tracks.md")).expect("link");
        std::fs::write(outside.path().join("x.md"), "theirs").expect("w");
        std::os::unix::fs::symlink(outside.path().join("x.md"), dir.path().join("draft/out.md")).expect("link");
        let ws = Workspace::at(dir.path(), Layout::Draft, Environment::default());
        ws.write(&dir.path().join("draft/tracks.md"), b"new").expect("inner link");
        assert!(std::fs::symlink_metadata(dir.path().join("draft/tracks.md")).expect("m").file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(dir.path().join("draft/real.md")).expect("r"), "new");
        let err = ws.write(&dir.path().join("draft/out.md"), b"mine").expect_err("outer link refused");
        assert!(matches!(err, Error::LinkLeavesProject { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(outside.path().join("x.md")).expect("r"), "theirs");
    }

    #[test]
    fn atomic_write_replaces_and_keeps_no_temp() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("f.md");
        atomic_write(&path, b"one").expect("w");
        atomic_write(&path, b"two").expect("w");
        assert_eq!(std::fs::read_to_string(&path).expect("r"), "two");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    /// A staged file replaces nothing until committed, and one dropped
    /// uncommitted leaves the folder as it was.
    #[test]
    fn staged_files_take_their_place_on_commit_only() {
        let dir = tempfile::tempdir().expect("tmp");
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
        atomic_write(&a, b"old a").expect("w");
        atomic_write(&b, b"old b").expect("w");
        let staged_a = stage(&a, b"new a").expect("stage a");
        let staged_b = stage(&b, b"new b").expect("stage b");
        assert_eq!(std::fs::read_to_string(&a).expect("r"), "old a");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 4);
        staged_a.commit().expect("commit a");
        drop(staged_b);
        assert_eq!(std::fs::read_to_string(&a).expect("r"), "new a");
        assert_eq!(std::fs::read_to_string(&b).expect("r"), "old b");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 2);
    }
}
