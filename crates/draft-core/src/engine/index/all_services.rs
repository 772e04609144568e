//! `draft status --all-services`: every service's tracks in one report.
//!
//! The services are the ones `draft index` finds (same rule, same config);
//! each initialised service's tracks come from the status engine run on its
//! own workspace, with track paths and warnings made relative to the
//! monorepo root. When the root has a context of its own, its tracks come
//! first, as the entry `.`. Totals count every track by status and sum the
//! tasks of the ones not archived.

use super::discover::{self, service_status};
use super::{TrackTotals, config};
use crate::engine::status::TrackReport;
use crate::error::Result;
use crate::manifest;
use crate::workspace::{Environment, Layout, has_project};
use draft_model::Diagnostic;
use draft_model::metadata::TrackStatus;
use serde::Serialize;
use std::path::Path;

/// One service's tracks.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServiceStatus {
    /// Its name (as in the service index).
    pub name: String,
    /// Its path relative to the root; `.` for the root's own context.
    pub path: String,
    /// True when it has its own context.
    pub initialised: bool,
    /// Which context tree was read.
    pub layout: Option<Layout>,
    /// Its tracks, as `draft status --json` reports them (paths relative to
    /// the monorepo root); archived ones only with `--all`.
    pub tracks: Vec<TrackReport>,
    /// Its tracks counted by status (archived included).
    pub totals: TrackTotals,
}

/// The whole monorepo's progress.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AllServicesStatus {
    /// The monorepo root.
    pub root: String,
    /// Services found (the root's own entry not counted).
    pub services_found: usize,
    /// Of those, how many have their own context.
    pub services_initialised: usize,
    /// Every service (and the root, when it has tracks), by path.
    pub services: Vec<ServiceStatus>,
    /// Every track of every entry, counted by status.
    pub totals: TrackTotals,
    /// Problems found while reading, paths relative to the root.
    pub warnings: Vec<Diagnostic>,
}

/// Build the report for the monorepo at `root`; `all` lists archived tracks too.
pub fn status_all(root: &Path, env: &Environment, all: bool) -> Result<AllServicesStatus> {
    let cfg = config::load(root)?;
    let found = discover::discover(root, &cfg, env, true);
    let mut warnings = Vec::new();
    let mut services = Vec::new();
    if let Some(layout) = [Layout::Draft, Layout::Conductor].into_iter().find(|l| has_project(root, *l)) {
        let report = service_status(root, ".", layout, env);
        warnings.extend(report.warnings.iter().cloned());
        services.push(entry(manifest::project_name(root), ".".to_owned(), Some(layout), report.tracks, all));
    }
    let services_found = found.found.len();
    let services_initialised = found.found.iter().filter(|f| f.service.initialised).count();
    for f in found.found {
        let tracks = f.status.map(|s| {
            warnings.extend(s.warnings);
            s.tracks
        });
        let s = f.service;
        services.push(entry(s.name, s.path, s.layout, tracks.unwrap_or_default(), all));
    }
    let mut totals = TrackTotals::default();
    for s in &services {
        totals.merge(&s.totals);
    }
    warnings.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    warnings.dedup();
    Ok(AllServicesStatus {
        root: root.display().to_string(),
        services_found,
        services_initialised,
        services,
        totals,
        warnings,
    })
}

fn entry(name: String, path: String, layout: Option<Layout>, mut tracks: Vec<TrackReport>, all: bool) -> ServiceStatus {
    let totals = TrackTotals::of(&tracks);
    if !all {
        tracks.retain(|t| t.status != TrackStatus::Archived);
    }
    ServiceStatus { name, path, initialised: layout.is_some(), layout, tracks, totals }
}
