//! `draft review --record VERDICT`: the verdict stored where reviews keep
//! it — `lastReviewed`, `reviewCount` (incremented) and `lastReviewVerdict`
//! in the track's metadata.json, edited in place so every other byte, key
//! and key order is kept — and written into review.md's verdict region
//! (the report is created first, without running commands, if the track
//! has none yet).

use super::document::{self, VERDICT_BEGIN, VERDICT_END};
use super::{ReviewOptions, gather, load_track};
use draft_core::error::{Error, Result};
use draft_core::workspace::{self, Workspace};
use draft_model::{edit, metadata, text};
use serde::Serialize;

/// A review's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Verdict {
    /// Nothing critical or important.
    #[serde(rename = "PASS")]
    Pass,
    /// Minor findings only.
    #[serde(rename = "PASS_WITH_NOTES")]
    PassWithNotes,
    /// The spec is not met, or critical or important findings remain.
    #[serde(rename = "FAIL")]
    Fail,
}

impl Verdict {
    /// The value metadata.json stores.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "PASS",
            Self::PassWithNotes => "PASS_WITH_NOTES",
            Self::Fail => "FAIL",
        }
    }
}

/// What `--record` wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecordReport {
    /// Track id.
    pub track: String,
    /// The verdict.
    pub verdict: Verdict,
    /// `reviewCount` after this review.
    pub review_count: u64,
    /// `lastReviewed`, ISO 8601 UTC.
    pub last_reviewed: String,
    /// The notes given, or null.
    pub notes: Option<String>,
    /// metadata.json, relative to the root.
    pub metadata: String,
    /// review.md, relative to the root.
    pub report: String,
}

/// Record `verdict` (with `notes`) for the track `track` names, or the active one.
pub fn record(ws: &Workspace, track: Option<&str>, verdict: Verdict, notes: Option<&str>) -> Result<RecordReport> {
    let (tree, id) = load_track(ws, track)?;
    let docs = tree.tracks.iter().find(|t| t.id == id).ok_or(Error::NoActiveTrack)?;
    let report_path = docs.dir.join(document::FILE);
    if !report_path.exists() {
        let opts = ReviewOptions { track: Some(id.clone()), run: false, ..ReviewOptions::default() };
        gather(ws, &opts)?;
    }
    let now = draft_core::clock::iso(ws.now());
    let meta_path = docs.dir.join("metadata.json");
    let meta_rel = ws.rel(&meta_path);
    let _lock = ws.lock()?;
    let src = workspace::read_text(&meta_path).map_err(|_| Error::Malformed {
        file: meta_rel.clone(),
        line: 0,
        message: "the track has no readable metadata.json to record the verdict in; run `draft sync` to write it"
            .to_owned(),
    })?;
    let (bom, body) = src.split_at(text::bom_len(&src));
    let parsed = metadata::Metadata::parse(body, &meta_rel).map_err(|d| Error::Malformed {
        file: meta_rel.clone(),
        line: d.line,
        message: d.message.clone(),
    })?;
    let count = parsed.map.get("reviewCount").and_then(serde_json::Value::as_u64).unwrap_or(0) + 1;
    let mut out = body.to_owned();
    for (key, value) in [
        ("lastReviewed", quote(&now)),
        ("reviewCount", count.to_string()),
        ("lastReviewVerdict", quote(verdict.as_str())),
    ] {
        let Some(e) = metadata::set_value(&out, &[key], &value) else {
            return Err(Error::Malformed { file: meta_rel, line: 0, message: format!("`{key}` could not be set") });
        };
        out = edit::apply(&out, vec![e]).map_err(|source| Error::Edit { path: meta_path.clone(), source })?;
    }
    ws.write(&meta_path, format!("{bom}{out}").as_bytes())?;

    let report_rel = ws.rel(&report_path);
    let doc = workspace::read_text(&report_path)?;
    let mut region = format!("**Verdict:** {} (review {count}, {now})\n", verdict.as_str());
    if let Some(n) = notes.filter(|n| !n.trim().is_empty()) {
        region.push_str(&format!("\n**Notes:** {}\n", n.trim()));
    }
    let updated = match document::replace_region(&doc, VERDICT_BEGIN, VERDICT_END, &region) {
        Ok(text) => text,
        // The markers were removed: a new region is appended, the rest left as it is.
        Err(_) => {
            let eol = text::line_ending(&doc);
            let sep = if doc.ends_with('\n') { "" } else { eol };
            let body: String = region.lines().map(|l| format!("{l}{eol}")).collect();
            format!("{doc}{sep}{eol}{VERDICT_BEGIN}{eol}{body}{VERDICT_END}{eol}")
        }
    };
    ws.write(&report_path, updated.as_bytes())?;
    Ok(RecordReport {
        track: id,
        verdict,
        review_count: count,
        last_reviewed: now,
        notes: notes.map(str::to_owned),
        metadata: meta_rel,
        report: report_rel,
    })
}

fn quote(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}
