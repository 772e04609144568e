//! Carrying out a plan: atomic writes, deletes and empty-directory removals,
//! the manifest last.
//!
//! Before the first change every file is checked against the bytes the plan
//! was made from; if any differs, nothing is written. Each write goes to a
//! temporary file in the same directory and is renamed over the target, so
//! a reader (or a crash) sees the old file or the new one, never a mix.

use crate::error::{Error, Result};
use crate::manifest::hash_bytes;
use crate::plan::Plan;
use crate::work::{Expect, Op};
use serde::Serialize;
use std::io::Write as _;
use std::path::Path;

/// What `apply` changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplyReport {
    /// Files created or replaced, as shown in the plan.
    pub written: Vec<String>,
    /// Files and directories removed.
    pub removed: Vec<String>,
}

/// Carry out `plan`. Refuses a plan with conflicts, and a plan whose files
/// changed since it was made, before writing anything.
pub fn apply(plan: &Plan) -> Result<ApplyReport> {
    let conflicts: Vec<String> = plan.conflicts().map(|a| a.path.clone()).collect();
    if !conflicts.is_empty() {
        return Err(Error::Conflicts { paths: conflicts });
    }
    for op in &plan.ops {
        if let Op::Write { real, expect, .. } | Op::Delete { real, expect, .. } = op {
            check(real, expect)?;
        }
    }
    let mut report = ApplyReport::default();
    for op in &plan.ops {
        match op {
            Op::Write { real, display, bytes, .. } => {
                atomic_write(real, bytes)?;
                report.written.push(display.clone());
            }
            Op::Delete { real, display, .. } => match std::fs::remove_file(real) {
                Ok(()) => report.removed.push(display.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("removing", real, e)),
            },
            Op::RemoveDir { real, display } => match std::fs::remove_dir(real) {
                Ok(()) => report.removed.push(display.clone()),
                // Gone already, or the user put something in it: leave it.
                Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::DirectoryNotEmpty) => {}
                Err(e) => return Err(Error::io("removing", real, e)),
            },
        }
    }
    Ok(report)
}

fn check(path: &Path, expect: &Expect) -> Result<()> {
    let now = match std::fs::read(path) {
        Ok(bytes) => Some(hash_bytes(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("reading", path, e)),
    };
    let same = match expect {
        Expect::Absent => now.is_none(),
        Expect::Hash(hash) => now.as_deref() == Some(hash.as_str()),
    };
    if same { Ok(()) } else { Err(Error::Changed { path: path.to_path_buf() }) }
}

/// Replace `path` with `contents` atomically, creating its directory and
/// keeping the permissions of the file it replaces.
pub(crate) fn atomic_write(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".draft-tmp-");
    // A new file gets the usual 0666 less the umask, not tempfile's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io("creating a temporary file in", dir, e))?;
    tmp.write_all(contents).map_err(|e| Error::io("writing", tmp.path().to_path_buf(), e))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.as_file().sync_all().map_err(|e| Error::io("syncing", tmp.path().to_path_buf(), e))?;
    tmp.persist(path).map_err(|e| Error::io("replacing", path, e.error))?;
    Ok(())
}
