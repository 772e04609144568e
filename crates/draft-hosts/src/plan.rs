//! Plans: what `draft install` / `draft uninstall` would do, file by file,
//! computed without writing anything.
//!
//! A plan reads every file it touches, edits copies in memory and records
//! the result as operations; [`crate::apply`] carries them out. Planning
//! fails — before any write — on an unparseable config, a path that leaves
//! its root, or a damaged manifest. Conflicts do not fail planning: they
//! are actions, so `--dry-run` can show them, and `apply` refuses a plan
//! that has any.

use crate::context::InstallContext;
use crate::error::{Error, Result};
use crate::host::{Host, Scope};
use crate::layout::{self, Target};
use crate::manifest::{Entry, EntryKind, HostRecord, Manifest};
use crate::steps::{install_target, release_entry};
use crate::work::{Op, Work};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The JSON format version of [`Plan`] and the other reports.
pub const REPORT_VERSION: u32 = 1;

/// Install or uninstall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// `draft install`.
    Install,
    /// `draft uninstall`.
    Uninstall,
}

/// What a plan does to one file, key, table, block or directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Write something that is not there.
    Create,
    /// Replace what draft wrote before (or, with force, what it did not).
    Update,
    /// Already as it should be; nothing to write.
    Unchanged,
    /// Holds content draft did not write; left alone unless forced. A plan
    /// with a conflict cannot be applied.
    Conflict,
    /// Delete what draft wrote.
    Remove,
    /// Left in place on uninstall because the user edited it (or it holds
    /// the user's files).
    Keep,
    /// Left in place on uninstall because another host still uses it.
    Release,
}

/// One line of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlannedAction {
    /// Relative to the project root, or `~/…`, or absolute.
    pub path: String,
    /// What part of the file the action is about.
    pub kind: EntryKind,
    /// The owned key inside the file: `/mcpServers/draft` (JSON pointer) or
    /// `mcp_servers.draft` (TOML); absent for whole files and blocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// What happens.
    pub action: Action,
    /// Why, in a few words.
    pub why: String,
}

impl PlannedAction {
    pub(crate) fn new(path: String, kind: EntryKind, key: &[String], action: Action, why: impl Into<String>) -> Self {
        let key = (!key.is_empty()).then(|| key_display(kind, key));
        Self { path, kind, key, action, why: why.into() }
    }
}

/// How a key is shown: a JSON pointer or a dotted TOML path.
pub(crate) fn key_display(kind: EntryKind, key: &[String]) -> String {
    match kind {
        EntryKind::TomlTable => key.join("."),
        _ => key.iter().map(|k| format!("/{k}")).collect(),
    }
}

/// Everything an install or uninstall would do.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Plan {
    /// [`REPORT_VERSION`].
    pub version: u32,
    /// Install or uninstall.
    pub operation: Operation,
    /// The host.
    pub host: Host,
    /// The scope.
    pub scope: Scope,
    /// Whether edits and foreign entries are overwritten or removed.
    pub force: bool,
    /// One line per file, key, block or directory, in the order they are
    /// considered; the manifest comes last.
    pub actions: Vec<PlannedAction>,
    /// Things the user should know (approvals, trust, restarts).
    pub notes: Vec<String>,
    #[serde(skip)]
    pub(crate) ops: Vec<Op>,
}

impl Plan {
    /// The actions that stop [`crate::apply`].
    pub fn conflicts(&self) -> impl Iterator<Item = &PlannedAction> {
        self.actions.iter().filter(|a| a.action == Action::Conflict)
    }

    /// Whether any action is a conflict.
    #[must_use]
    pub fn has_conflicts(&self) -> bool {
        self.conflicts().next().is_some()
    }

    /// Whether applying the plan would change no byte on disk.
    #[must_use]
    pub fn changes_nothing(&self) -> bool {
        self.ops.is_empty()
    }
}

/// Plan installing `host` in `scope`. Re-running an applied plan gives one
/// that changes nothing; files from an older draft are updated, and entries
/// the new version no longer writes are released.
pub fn plan_install(ctx: &InstallContext, host: Host, scope: Scope, force: bool) -> Result<Plan> {
    ctx.validate()?;
    let targets = layout::targets(ctx, host, scope)?;
    let manifest_path = ctx.manifest_path(scope);
    let mut work = Work::new(ctx, scope);
    let mut manifest = load_manifest(&mut work, &manifest_path)?;
    let mut actions = Vec::new();
    let mut claimed: Vec<PathBuf> = Vec::new();
    for target in &targets {
        if install_target(&mut work, &mut manifest, host, target, force, &mut actions)? {
            claimed.push(target.path.clone());
        }
    }
    let wanted = target_ids(&work, &targets);
    let stale: Vec<Entry> = manifest
        .entries
        .iter()
        .filter(|e| e.kind != EntryKind::Dir && e.owners.contains(&host))
        .filter(|e| !wanted.contains(&(e.path.clone(), e.kind, e.key.clone())))
        .cloned()
        .collect();
    for entry in &stale {
        release_entry(&mut work, &mut manifest, host, entry, force, &mut actions)?;
        if let Some(last) = actions.last_mut() {
            last.why = format!("no longer installed by draft {}: {}", ctx.draft_version, last.why);
        }
    }
    let needed = claim_dirs(&mut work, &mut manifest, host, &claimed, &mut actions)?;
    release_dirs(&mut work, &mut manifest, host, &needed, &mut actions)?;
    manifest.hosts.insert(host, HostRecord { draft_version: ctx.draft_version.clone() });
    let notes = install_notes(ctx, host, scope);
    let head = Head { operation: Operation::Install, host, scope, force };
    finish(work, manifest, &manifest_path, head, actions, notes)
}

/// Plan uninstalling `host` from `scope`: remove what draft wrote for it and
/// no other host uses, keep (and report) what the user edited unless
/// `force`.
pub fn plan_uninstall(ctx: &InstallContext, host: Host, scope: Scope, force: bool) -> Result<Plan> {
    ctx.validate()?;
    if !host.supports(scope) {
        return Err(Error::UnsupportedScope { host, scope });
    }
    let manifest_path = ctx.manifest_path(scope);
    let mut work = Work::new(ctx, scope);
    let mut manifest = load_manifest(&mut work, &manifest_path)?;
    let mut actions = Vec::new();
    let mut notes = Vec::new();
    if !manifest.hosts.contains_key(&host) && !manifest.owns_any(host) {
        notes.push(format!("{} is not installed in {scope} scope", host.display_name()));
    }
    let owned: Vec<Entry> =
        manifest.entries.iter().filter(|e| e.kind != EntryKind::Dir && e.owners.contains(&host)).cloned().collect();
    for entry in &owned {
        release_entry(&mut work, &mut manifest, host, entry, force, &mut actions)?;
    }
    release_dirs(&mut work, &mut manifest, host, &BTreeSet::new(), &mut actions)?;
    if actions.iter().any(|a| a.action == Action::Keep && a.kind != EntryKind::Dir) {
        notes.push("edited files were kept; `--force` removes them too".to_owned());
    }
    let head = Head { operation: Operation::Uninstall, host, scope, force };
    finish(work, manifest, &manifest_path, head, actions, notes)
}

fn load_manifest(work: &mut Work<'_>, path: &Path) -> Result<Manifest> {
    let bytes = work.file(path)?.original.clone();
    Manifest::parse(bytes.as_deref(), path)
}

fn target_ids(work: &Work<'_>, targets: &[Target]) -> BTreeSet<(String, EntryKind, Vec<String>)> {
    targets.iter().map(|t| (work.entry_path(&t.path), t.part.kind(), t.part.key().to_vec())).collect()
}

/// Record the directories the claimed targets live in: new ones as draft's,
/// known ones with `host` added to their owners. Returns the directories
/// `host` needs.
fn claim_dirs(
    work: &mut Work<'_>,
    manifest: &mut Manifest,
    host: Host,
    claimed: &[PathBuf],
    actions: &mut Vec<PlannedAction>,
) -> Result<BTreeSet<String>> {
    let mut needed = BTreeSet::new();
    for path in claimed {
        let missing = work.missing_dirs(path)?;
        for dir in work.ancestor_dirs(path)? {
            let entry_path = work.entry_path(&dir);
            if let Some(entry) = manifest.find_mut(&entry_path, EntryKind::Dir, &[]) {
                entry.owners.insert(host);
            } else if missing.contains(&dir) {
                manifest.entries.push(Entry {
                    path: entry_path.clone(),
                    kind: EntryKind::Dir,
                    key: Vec::new(),
                    hash: None,
                    created_file: false,
                    created_parents: 0,
                    separator: String::new(),
                    owners: BTreeSet::from([host]),
                });
                actions.push(PlannedAction::new(work.display(&dir), EntryKind::Dir, &[], Action::Create, "new"));
            }
            needed.insert(entry_path);
        }
    }
    Ok(needed)
}

/// Release `host`'s directories that it no longer needs, deepest first,
/// removing those no host uses once they are empty.
fn release_dirs(
    work: &mut Work<'_>,
    manifest: &mut Manifest,
    host: Host,
    needed: &BTreeSet<String>,
    actions: &mut Vec<PlannedAction>,
) -> Result<()> {
    let mut dirs: Vec<Entry> = manifest
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Dir && e.owners.contains(&host) && !needed.contains(&e.path))
        .cloned()
        .collect();
    dirs.sort_by_key(|e| std::cmp::Reverse(e.path.matches('/').count()));
    for dir in dirs {
        let abs = work.entry_abs(&dir.path)?;
        if dir.owners.len() > 1 {
            if let Some(e) = manifest.find_mut(&dir.path, EntryKind::Dir, &[]) {
                e.owners.remove(&host);
            }
            continue;
        }
        let inside = format!("{}/", dir.path);
        if manifest.entries.iter().any(|e| e.owners.contains(&host) && e.path.starts_with(&inside)) {
            continue; // something kept inside still belongs to the host
        }
        manifest.remove(&dir.path, EntryKind::Dir, &[]);
        let (action, why) = if abs.symlink_metadata().is_err() {
            (Action::Unchanged, "already gone")
        } else if work.dir_will_be_empty(&abs)? {
            work.remove_dir(&abs)?;
            (Action::Remove, "draft created it and it is empty")
        } else {
            (Action::Keep, "holds files draft did not write")
        };
        actions.push(PlannedAction::new(work.display(&abs), EntryKind::Dir, &[], action, why));
    }
    Ok(())
}

/// What a plan is about.
struct Head {
    operation: Operation,
    host: Host,
    scope: Scope,
    force: bool,
}

/// Serialise the manifest into the plan and turn the work into operations.
fn finish(
    mut work: Work<'_>,
    mut manifest: Manifest,
    manifest_path: &Path,
    head: Head,
    mut actions: Vec<PlannedAction>,
    notes: Vec<String>,
) -> Result<Plan> {
    let Head { operation, host, scope, force } = head;
    if !manifest.owns_any(host) && operation == Operation::Uninstall {
        manifest.hosts.remove(&host);
    }
    let existed = work.file(manifest_path)?.original.is_some();
    let bytes = if manifest.is_empty() {
        let mut dirs = manifest.manifest_dirs.clone();
        dirs.reverse();
        for dir in dirs {
            let abs = work.entry_abs(&dir)?;
            work.remove_dir(&abs)?;
        }
        None
    } else {
        if !existed {
            let missing = work.missing_dirs(manifest_path)?;
            manifest.manifest_dirs = missing.iter().map(|d| work.entry_path(d)).collect();
        }
        Some(manifest.to_bytes())
    };
    let original = work.file(manifest_path)?.original.clone();
    let action = match (&original, &bytes) {
        (None, None) => None,
        (None, Some(_)) => Some((Action::Create, "records what draft wrote")),
        (Some(_), None) => Some((Action::Remove, "nothing installed any more")),
        (Some(old), Some(new)) if old == new => Some((Action::Unchanged, "up to date")),
        (Some(_), Some(_)) => Some((Action::Update, "records what draft wrote")),
    };
    if let Some((action, why)) = action {
        actions.push(PlannedAction::new(work.display(manifest_path), EntryKind::Manifest, &[], action, why));
    }
    work.set(manifest_path, bytes)?;
    let ops = work.into_ops(manifest_path);
    Ok(Plan { version: REPORT_VERSION, operation, host, scope, force, actions, notes, ops })
}

fn install_notes(ctx: &InstallContext, host: Host, scope: Scope) -> Vec<String> {
    let mut notes = Vec::new();
    match (host, scope) {
        (Host::ClaudeCode, _) => {
            notes.push("Claude Code asks you to approve the `draft` MCP server on first use (`/mcp`)".into())
        }
        (Host::Codex, Scope::Project) => {
            notes.push("Codex reads `.codex/config.toml` only in projects you have trusted".into())
        }
        (Host::Gemini, Scope::Project) => {
            notes.push("Gemini CLI loads project commands and MCP servers only in trusted folders".into());
        }
        (Host::Copilot, Scope::Project) => {
            notes.push("Copilot's cloud agent takes MCP servers from the repository settings, not from files".into())
        }
        _ => {}
    }
    if scope == Scope::Global
        && let Some(binary) = &ctx.binary
    {
        notes.push(format!("the MCP entry runs {}; install again if the binary moves", binary.display()));
    }
    notes
}

/// One path `draft install --list` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListedTarget {
    /// Relative to the project root, or `~/…`, or absolute.
    pub path: String,
    /// What draft owns there.
    pub kind: EntryKind,
    /// The owned key, for JSON and TOML files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The other hosts that write the same thing in this scope.
    pub shared_with: Vec<Host>,
}

/// The exact paths installing `host` in `scope` writes, without reading
/// the manifest or planning anything. Global scope needs the binary path.
pub fn list_targets(ctx: &InstallContext, host: Host, scope: Scope) -> Result<Vec<ListedTarget>> {
    ctx.validate()?;
    let id = |t: &Target| (t.path.clone(), t.part.kind(), t.part.key().to_vec());
    let mut others = Vec::new();
    for other in Host::ALL.into_iter().filter(|h| *h != host && h.supports(scope)) {
        let ids: BTreeSet<_> = layout::targets(ctx, other, scope)?.iter().map(id).collect();
        others.push((other, ids));
    }
    Ok(layout::targets(ctx, host, scope)?
        .iter()
        .map(|t| {
            let me = id(t);
            ListedTarget {
                path: ctx.display(scope, &t.path),
                kind: t.part.kind(),
                key: (!me.2.is_empty()).then(|| key_display(me.1, &me.2)),
                shared_with: others.iter().filter(|(_, ids)| ids.contains(&me)).map(|(h, _)| *h).collect(),
            }
        })
        .collect())
}
