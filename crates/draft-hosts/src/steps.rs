//! The two steps every plan is made of: claim one target for a host
//! (install), and release one manifest entry from a host (uninstall, or an
//! install dropping something the new version no longer writes).
//!
//! Both decide from three hashes — what is on disk, what draft recorded, what
//! draft would write now — and edit only the [`Work`] copy of the file.

use crate::error::Result;
use crate::host::Host;
use crate::layout::{Part, Target};
use crate::manifest::{Entry, EntryKind, Manifest, hash_bytes, hash_value};
use crate::plan::{Action, PlannedAction};
use crate::work::Work;
use crate::{block, json_edit, toml_table};
use std::collections::BTreeSet;
use std::path::Path;

/// The hash of what draft owns in `path` as it is now (`None` when absent).
pub(crate) fn current_hash(
    work: &mut Work<'_>,
    path: &Path,
    kind: EntryKind,
    key: &[String],
    by_hand: &str,
) -> Result<Option<String>> {
    if kind == EntryKind::File {
        return Ok(work.file(path)?.current.as_deref().map(hash_bytes));
    }
    let Some(text) = work.text(path, by_hand)? else { return Ok(None) };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let found = match kind {
        EntryKind::JsonKey => json_edit::get(&text, key).map(|v| v.as_ref().map(hash_value)),
        EntryKind::TomlTable => toml_table::get(&text, key).map(|v| v.as_ref().map(hash_value)),
        EntryKind::Block => block::get(&text).map(|b| b.as_deref().map(|b| hash_bytes(b.as_bytes()))),
        EntryKind::File | EntryKind::Dir | EntryKind::Manifest => Ok(None),
    };
    found.map_err(|problem| work.unparseable(path, problem, by_hand))
}

/// The hash of what draft would write for `part`.
fn new_hash(part: &Part) -> String {
    match part {
        Part::File { contents } => hash_bytes(contents.as_bytes()),
        Part::Json { value, .. } | Part::Toml { value, .. } => hash_value(value),
        Part::Block { text } => hash_bytes(text.as_bytes()),
    }
}

/// Whether a file holds nothing at all (absent, empty or only whitespace).
fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// Claim `target` for `host`: decide, edit the work copy, update the
/// manifest. Returns whether the target was claimed (not a conflict).
pub(crate) fn install_target(
    work: &mut Work<'_>,
    manifest: &mut Manifest,
    host: Host,
    target: &Target,
    force: bool,
    actions: &mut Vec<PlannedAction>,
) -> Result<bool> {
    let path = &target.path;
    let (kind, key) = (target.part.kind(), target.part.key().to_vec());
    let entry_path = work.entry_path(path);
    let by_hand = format!("add this by hand:\n{}", target.part.snippet());
    let recorded = manifest.find(&entry_path, kind, &key).cloned();
    let current = current_hash(work, path, kind, &key, &by_hand)?;
    let wanted = new_hash(&target.part);
    let (action, why) = decide(current.as_deref(), &wanted, recorded.as_ref().and_then(|e| e.hash.as_deref()), force);
    let mut entry = recorded.unwrap_or_else(|| Entry {
        path: entry_path.clone(),
        kind,
        key: key.clone(),
        hash: None,
        created_file: false,
        created_parents: 0,
        separator: String::new(),
        owners: BTreeSet::new(),
    });
    if matches!(action, Action::Create | Action::Update) {
        write_part(work, path, &target.part, &mut entry, &by_hand)?;
    }
    let claimed = action != Action::Conflict;
    if claimed {
        entry.hash = Some(wanted);
        entry.owners.insert(host);
        manifest.remove(&entry_path, kind, &key);
        manifest.entries.push(entry);
    }
    actions.push(PlannedAction::new(work.display(path), kind, &key, action, why));
    Ok(claimed)
}

fn decide(current: Option<&str>, wanted: &str, recorded: Option<&str>, force: bool) -> (Action, String) {
    match current {
        None if recorded.is_some() => (Action::Create, "draft wrote it before and it is gone; writing it again".into()),
        None => (Action::Create, "new".into()),
        Some(cur) if cur == wanted => {
            let why = if recorded.is_some() { "up to date" } else { "already holds what draft writes" };
            (Action::Unchanged, why.into())
        }
        Some(cur) if Some(cur) == recorded => (Action::Update, "draft wrote an older version".into()),
        Some(_) if force => (Action::Update, "replacing content draft did not write (--force)".into()),
        Some(_) if recorded.is_some() => {
            (Action::Conflict, "edited since draft wrote it; --force replaces the edits".into())
        }
        Some(_) => (Action::Conflict, "holds a `draft` entry draft did not write; --force replaces it".into()),
    }
}

/// Write `part` into the work copy of `path`, recording in `entry` what a
/// later removal needs to restore the file.
fn write_part(work: &mut Work<'_>, path: &Path, part: &Part, entry: &mut Entry, by_hand: &str) -> Result<()> {
    let existed = work.file(path)?.original.is_some();
    let fresh = entry.hash.is_none();
    if !existed {
        entry.created_file = true;
    } else if fresh {
        entry.created_file = false;
    }
    let text = if matches!(part, Part::File { .. }) { None } else { work.text(path, by_hand)? };
    let problem = |work: &Work<'_>, p| work.unparseable(path, p, by_hand);
    let contents = match part {
        Part::File { contents } => contents.clone(),
        Part::Json { key, value, skeleton } if blank(text.as_deref()) => {
            entry.created_parents = key.len().saturating_sub(1);
            json_edit::create(skeleton, key, value)
        }
        Part::Json { key, value, .. } => {
            let (out, created) =
                json_edit::upsert(text.as_deref().unwrap_or(""), key, value).map_err(|p| problem(work, p))?;
            if fresh {
                entry.created_parents = created;
            }
            out
        }
        Part::Toml { key, value } => {
            let (out, created) =
                toml_table::upsert(text.as_deref().unwrap_or(""), key, value).map_err(|p| problem(work, p))?;
            if fresh {
                entry.created_parents = created;
            }
            out
        }
        Part::Block { text: block_text } => {
            let (out, separator) =
                block::upsert(text.as_deref().unwrap_or(""), block_text).map_err(|p| problem(work, p))?;
            match separator {
                Some(added) => entry.separator = added,
                None if fresh => entry.separator.clear(),
                None => {}
            }
            out
        }
    };
    work.set(path, Some(contents.into_bytes()))
}

/// Release `entry` from `host`: drop the host from its owners, and remove
/// what draft wrote once no host uses it and the user has not edited it.
pub(crate) fn release_entry(
    work: &mut Work<'_>,
    manifest: &mut Manifest,
    host: Host,
    entry: &Entry,
    force: bool,
    actions: &mut Vec<PlannedAction>,
) -> Result<()> {
    let path = work.entry_abs(&entry.path)?;
    let others: Vec<String> = entry.owners.iter().filter(|h| **h != host).map(Host::to_string).collect();
    if !others.is_empty() {
        if let Some(e) = manifest.find_mut(&entry.path, entry.kind, &entry.key) {
            e.owners.remove(&host);
        }
        let why = format!("still used by {}", others.join(", "));
        actions.push(PlannedAction::new(work.display(&path), entry.kind, &entry.key, Action::Release, why));
        return Ok(());
    }
    let by_hand = match entry.kind {
        EntryKind::Block => "remove the lines from `<!-- draft:begin` to `<!-- draft:end -->` by hand".to_owned(),
        _ => format!("remove `{}` by hand", crate::plan::key_display(entry.kind, &entry.key)),
    };
    let current = current_hash(work, &path, entry.kind, &entry.key, &by_hand)?;
    let (action, why) = match current {
        None => (Action::Unchanged, "already gone".to_owned()),
        Some(cur) if Some(cur.as_str()) == entry.hash.as_deref() => (Action::Remove, "draft wrote it".to_owned()),
        Some(_) if force => (Action::Remove, "edited since draft wrote it; removing anyway (--force)".to_owned()),
        Some(_) => (Action::Keep, "edited since draft wrote it; kept (--force removes it)".to_owned()),
    };
    if action == Action::Remove {
        remove_part(work, &path, entry, &by_hand)?;
    }
    if action != Action::Keep {
        manifest.remove(&entry.path, entry.kind, &entry.key);
    }
    actions.push(PlannedAction::new(work.display(&path), entry.kind, &entry.key, action, why));
    Ok(())
}

fn remove_part(work: &mut Work<'_>, path: &Path, entry: &Entry, by_hand: &str) -> Result<()> {
    if entry.kind == EntryKind::File {
        return work.set(path, None);
    }
    let text = work.text(path, by_hand)?.unwrap_or_default();
    let problem = |work: &Work<'_>, p| work.unparseable(path, p, by_hand);
    let (out, now_empty) = match entry.kind {
        EntryKind::JsonKey => {
            let (out, left) =
                json_edit::remove(&text, &entry.key, entry.created_parents).map_err(|p| problem(work, p))?;
            (out, json_edit::is_leftover_skeleton(&left))
        }
        EntryKind::TomlTable => {
            toml_table::remove(&text, &entry.key, entry.created_parents).map_err(|p| problem(work, p))?
        }
        _ => {
            let out = block::remove(&text, &entry.separator).map_err(|p| problem(work, p))?;
            let empty = out.is_empty();
            (out, empty)
        }
    };
    let contents = if entry.created_file && now_empty { None } else { Some(out.into_bytes()) };
    work.set(path, contents)
}
