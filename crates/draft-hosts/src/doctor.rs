//! Facts for `draft doctor`: where `draft` resolves on a `PATH`, which hosts
//! are installed in which scope by which draft version, and which installed
//! files the user has edited or removed since.
//!
//! Doctor never fails on one bad file or manifest: problems become part of
//! the report.

use crate::context::InstallContext;
use crate::detect::find_on_path;
use crate::error::Error;
use crate::host::{Host, Scope};
use crate::manifest::{EntryKind, Manifest};
use crate::plan::{REPORT_VERSION, key_display};
use crate::steps::current_hash;
use crate::work::Work;
use serde::Serialize;
use std::ffi::OsStr;

/// What doctor found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DoctorReport {
    /// [`REPORT_VERSION`].
    pub version: u32,
    /// The running draft's version.
    pub draft_version: String,
    /// Where `draft` resolves on the `PATH` given (hosts launched from a
    /// GUI may see a shorter `PATH` than a shell); `None` if it does not.
    pub draft_on_path: Option<String>,
    /// One record per installed host and scope.
    pub installs: Vec<InstallStatus>,
    /// Manifests that could not be read.
    pub problems: Vec<String>,
}

/// One host installed in one scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InstallStatus {
    /// The host.
    pub host: Host,
    /// The scope.
    pub scope: Scope,
    /// The draft version that last installed it.
    pub draft_version: String,
    /// Whether that is the running version (if not, `draft install` again
    /// updates the files).
    pub current: bool,
    /// Every file, key or block installed for the host.
    pub files: Vec<FileStatus>,
}

/// The state of one installed file, key or block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FileStatus {
    /// As in plans.
    pub path: String,
    /// What draft owns there.
    pub kind: EntryKind,
    /// The owned key, for JSON and TOML files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Intact, edited, missing or unreadable.
    pub state: FileState,
    /// For unreadable files, why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// How an installed file compares with what draft wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FileState {
    /// Exactly what draft wrote.
    Intact,
    /// Changed since draft wrote it (uninstall keeps it).
    Edited,
    /// Gone (install writes it again).
    Missing,
    /// Cannot be read or parsed.
    Unreadable,
}

impl DoctorReport {
    /// Whether every installed file is intact and every install current.
    #[must_use]
    pub fn healthy(&self) -> bool {
        self.problems.is_empty()
            && self.draft_on_path.is_some()
            && self.installs.iter().all(|i| i.current && i.files.iter().all(|f| f.state == FileState::Intact))
    }
}

/// Gather the facts. `path_var` is the `PATH` to check (the caller's own, or
/// the one a GUI session gets); `None` skips the check.
#[must_use]
pub fn doctor(ctx: &InstallContext, path_var: Option<&OsStr>) -> DoctorReport {
    let mut report = DoctorReport {
        version: REPORT_VERSION,
        draft_version: ctx.draft_version.clone(),
        draft_on_path: path_var.and_then(|p| find_on_path("draft", p)).map(|p| p.display().to_string()),
        installs: Vec::new(),
        problems: Vec::new(),
    };
    for scope in [Scope::Project, Scope::Global] {
        match Manifest::load(&ctx.manifest_path(scope)) {
            Ok(manifest) => report.installs.extend(scope_status(ctx, scope, &manifest)),
            Err(e) => report.problems.push(e.to_string()),
        }
    }
    report
}

fn scope_status(ctx: &InstallContext, scope: Scope, manifest: &Manifest) -> Vec<InstallStatus> {
    let mut work = Work::new(ctx, scope);
    let mut out = Vec::new();
    for (host, record) in &manifest.hosts {
        let mut files = Vec::new();
        for entry in manifest.entries.iter().filter(|e| e.owners.contains(host) && e.kind != EntryKind::Dir) {
            let (path, state, detail) = match entry_state(&mut work, entry) {
                Ok((path, state)) => (path, state, None),
                Err(e) => (entry.path.clone(), FileState::Unreadable, Some(e.to_string())),
            };
            let key = (!entry.key.is_empty()).then(|| key_display(entry.kind, &entry.key));
            files.push(FileStatus { path, kind: entry.kind, key, state, detail });
        }
        out.push(InstallStatus {
            host: *host,
            scope,
            draft_version: record.draft_version.clone(),
            current: record.draft_version == ctx.draft_version,
            files,
        });
    }
    out
}

fn entry_state(work: &mut Work<'_>, entry: &crate::manifest::Entry) -> Result<(String, FileState), Error> {
    let abs = work.entry_abs(&entry.path)?;
    let shown = work.display(&abs);
    let state = match current_hash(work, &abs, entry.kind, &entry.key, "see the file")? {
        None => FileState::Missing,
        Some(hash) if Some(hash.as_str()) == entry.hash.as_deref() => FileState::Intact,
        Some(_) => FileState::Edited,
    };
    Ok((shown, state))
}
