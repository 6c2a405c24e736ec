//! Writing plansheet documents: pretty JSON ([`to_json`]), JSON Lines
//! ([`to_jsonl`]), the JSON Schemas of both outputs ([`document_schema`],
//! [`report_schema`]), the run report ([`RunReport`]) and atomic file
//! writes ([`write_atomic`]).
//!
//! It does not decide what goes into a document; `plansheet-layout` does.
//!
//! ```no_run
//! # fn demo(doc: &plansheet_layout::model::Document) -> std::io::Result<()> {
//! let json = plansheet_export::to_json(doc);
//! plansheet_export::write_atomic(std::path::Path::new("out/sheet.json"), json.as_bytes())?;
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

use std::io::Write;
use std::path::Path;

use plansheet_layout::model::{Document, LayoutName};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A document as pretty-printed JSON, with a final newline.
pub fn to_json(doc: &Document) -> String {
    let mut out = serde_json::to_string_pretty(doc).unwrap_or_else(|e| error_object(&e));
    out.push('\n');
    out
}

/// A document as one line of JSON Lines (newline included).
pub fn to_jsonl(doc: &Document) -> String {
    let mut out = serde_json::to_string(doc).unwrap_or_else(|e| error_object(&e));
    out.push('\n');
    out
}

/// Serializing the model cannot fail (it has no maps with non-string keys
/// and no non-finite floats); should that ever change, the output says so
/// instead of vanishing.
fn error_object(e: &serde_json::Error) -> String {
    serde_json::json!({ "error": format!("serialization failed: {e}") }).to_string()
}

/// The JSON Schema (draft 2020-12) of a document, as committed in
/// `schemas/plansheet.schema.json`.
pub fn document_schema() -> String {
    schema_text(schemars::schema_for!(Document))
}

/// The JSON Schema (draft 2020-12) of a run report, as committed in
/// `schemas/run-report.schema.json`.
pub fn report_schema() -> String {
    schema_text(schemars::schema_for!(RunReport))
}

fn schema_text(schema: schemars::Schema) -> String {
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_else(|e| error_object(&e));
    out.push('\n');
    out
}

/// What a `convert` run did with each of its inputs.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RunReport {
    /// The plansheet version that made the run.
    pub plansheet_version: String,
    /// How many inputs there were, and how many ended in each status.
    pub counts: Counts,
    /// Wall time of the whole run, in milliseconds.
    pub elapsed_ms: u64,
    /// How many inputs ended with each reason code.
    pub reasons: std::collections::BTreeMap<String, usize>,
    /// The slowest inputs, slowest first (at most ten).
    pub slowest: Vec<Slow>,
    /// One entry per input, in input order.
    pub entries: Vec<ReportEntry>,
}

/// An input and the time it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Slow {
    /// The input's path.
    pub path: String,
    /// Milliseconds.
    pub ms: u64,
}

/// Inputs by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
pub struct Counts {
    /// All inputs.
    pub inputs: usize,
    /// Converted whole.
    pub ok: usize,
    /// Converted with losses or doubts.
    pub partial: usize,
    /// Not converted.
    pub failed: usize,
}

impl RunReport {
    /// A report over `entries`, counting their statuses.
    pub fn new(version: &str, elapsed_ms: u64, entries: Vec<ReportEntry>) -> Self {
        let mut counts = Counts {
            inputs: entries.len(),
            ..Counts::default()
        };
        for entry in &entries {
            match entry.status {
                EntryStatus::Ok => counts.ok += 1,
                EntryStatus::Partial => counts.partial += 1,
                EntryStatus::Failed => counts.failed += 1,
            }
        }
        let mut reasons = std::collections::BTreeMap::new();
        for reason in entries.iter().filter_map(|e| e.reason.as_ref()) {
            *reasons.entry(reason.clone()).or_insert(0) += 1;
        }
        let mut slowest: Vec<Slow> = entries
            .iter()
            .map(|e| Slow {
                path: e.path.clone(),
                ms: e.ms,
            })
            .collect();
        slowest.sort_by_key(|s| std::cmp::Reverse(s.ms));
        slowest.truncate(10);
        RunReport {
            plansheet_version: version.to_owned(),
            counts,
            elapsed_ms,
            reasons,
            slowest,
            entries,
        }
    }

    /// Whether every input converted whole.
    pub fn all_ok(&self) -> bool {
        self.counts.ok == self.counts.inputs
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_else(|e| error_object(&e));
        out.push('\n');
        out
    }
}

/// How one input ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Converted whole.
    Ok,
    /// Converted; the reason names the most serious problem.
    Partial,
    /// No document; the reason says why.
    Failed,
}

/// One input of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportEntry {
    /// The input's path, as given or relative to the directory walked.
    pub path: String,
    /// Where its JSON was written, if it was.
    pub output: Option<String>,
    /// How it ended.
    pub status: EntryStatus,
    /// A stable code for why it is partial or failed (`not_text`,
    /// `empty_file`, `unrecognized_layout`, `decode_error`, `panic` …);
    /// null when ok.
    pub reason: Option<String>,
    /// The error in words, for failed inputs.
    pub message: Option<String>,
    /// SHA-256 of the input's bytes, if they could be read.
    pub sha256: Option<String>,
    /// The input's size in bytes, if it could be read.
    pub bytes: Option<u64>,
    /// The recognizer that matched, if a document was made.
    pub layout: Option<LayoutName>,
    /// How many records the document holds: goal-sheet rows, multi-year
    /// plan items, management-plan targets, measure items and directory
    /// entries, or outline nodes.
    pub records: usize,
    /// The document's coverage ratio, if a document was made.
    pub coverage: Option<f64>,
    /// Time spent on this input, in milliseconds.
    pub ms: u64,
    /// For a PDF read in a worker process: the worker's peak resident
    /// memory so far, in KiB (a worker serves several files in turn).
    pub peak_rss_kib: Option<u64>,
}

/// Writes a file so that readers see either the old content or the whole
/// new content, never a part: the bytes go to a temporary file in the same
/// directory, are synced, and the file is renamed into place. Missing parent
/// directories are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".plansheet-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_files_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/out.json");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.json"]);
    }

    #[test]
    fn report_counts_statuses() {
        let entry = |status| ReportEntry {
            path: "x".into(),
            output: None,
            status,
            reason: None,
            message: None,
            sha256: None,
            bytes: None,
            layout: None,
            records: 0,
            coverage: None,
            ms: 0,
            peak_rss_kib: None,
        };
        let report = RunReport::new(
            "0",
            1,
            vec![
                entry(EntryStatus::Ok),
                entry(EntryStatus::Failed),
                entry(EntryStatus::Partial),
            ],
        );
        assert_eq!(
            report.counts,
            Counts {
                inputs: 3,
                ok: 1,
                partial: 1,
                failed: 1
            }
        );
        assert!(!report.all_ok());
    }
}
