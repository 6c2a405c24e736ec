//! The run report: what a `convert` run did with each of its inputs.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::codes::Reason;
use crate::document::{Document, LayoutName, LayoutScore, Level, Status};

/// What a `convert` run did with each of its inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RunReport {
    /// The plansheet version that made the run.
    pub plansheet_version: String,
    /// How many inputs there were, and how many ended in each status.
    pub counts: Counts,
    /// Wall time of the whole run, in milliseconds.
    pub elapsed_ms: u64,
    /// How many inputs ended with each reason code.
    pub reasons: BTreeMap<Reason, usize>,
    /// The slowest inputs, slowest first (at most ten).
    pub slowest: Vec<Slow>,
    /// One entry per input, in input order.
    pub entries: Vec<ReportEntry>,
}

/// An input and the time it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Slow {
    /// The input's path.
    pub path: String,
    /// Milliseconds.
    pub ms: u64,
}

/// Inputs by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
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
        let mut reasons = BTreeMap::new();
        for reason in entries.iter().filter_map(|e| e.reason) {
            *reasons.entry(reason).or_insert(0) += 1;
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

/// The line `convert --jsonl` writes for an input that made no document,
/// so that every input has exactly one line:
/// `{"source":{"path":…},"status":"failed","reason":…,"message":…}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FailureLine {
    /// The input.
    pub source: FailedSource,
    /// Always `failed`.
    pub status: Failed,
    /// A stable code for why it failed (`not_text`, `empty_file`,
    /// `timeout` …), as in the run report.
    pub reason: Option<Reason>,
    /// Why, in words, as in the run report.
    pub message: Option<String>,
}

impl FailureLine {
    /// The line of a run report's entry (of a failed input).
    pub fn of(entry: &ReportEntry) -> FailureLine {
        FailureLine {
            source: FailedSource {
                path: entry.path.clone(),
            },
            status: Failed::Failed,
            reason: entry.reason,
            message: entry.message.clone(),
        }
    }
}

/// The input of a [`FailureLine`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FailedSource {
    /// The input's path, as in the run report.
    pub path: String,
}

/// The status of a [`FailureLine`]: `failed`, the one a document never has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Failed {
    /// No document was made.
    Failed,
}

/// One line of `convert --jsonl`: an input's document, or, for an input
/// that made none, its [`FailureLine`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum JsonLine {
    /// A document, `ok` or `partial`.
    Document(Box<Document>),
    /// An input that made no document.
    Failure(FailureLine),
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
    /// `empty_file`, `decode_error`, `panic` …); null when ok.
    pub reason: Option<Reason>,
    /// Why it is not `ok`, in words: the error of a failed input; for a
    /// partial document, its first warning (with its lines) and how many
    /// more there are. Null when ok.
    pub message: Option<String>,
    /// SHA-256 of the input's bytes, if they could be read.
    pub sha256: Option<String>,
    /// The input's size in bytes, if it could be read.
    pub bytes: Option<u64>,
    /// The recognizer that matched, if a document was made.
    pub layout: Option<LayoutName>,
    /// Why that layout: its score (0 to 1), if a document was made. The
    /// document's diagnostics give the evidence; a `low_confidence`
    /// diagnostic says when a layout was turned down or barely chosen.
    pub confidence: Option<f64>,
    /// The best-scoring other recognizer and its score. Null when no
    /// document was made, or when no other recognizer scored above zero
    /// (the document is then the generic outline, which always scores
    /// 0.25).
    pub runner_up: Option<LayoutScore>,
    /// How many records the document holds: goal-sheet rows, multi-year
    /// plan items, management-plan targets, measure items and directory
    /// entries, or outline nodes.
    pub records: usize,
    /// The document's coverage ratio, if a document was made.
    pub coverage: Option<f64>,
    /// Time the input took in a worker, in milliseconds: reading, parsing
    /// and serializing it, as the worker measured it; for an input that
    /// ended its worker (a deadline, a crash), from when the worker took it
    /// up to when it was stopped; 0 for one never started (an interrupted
    /// run, an output collision, a resumed document). Copying a pipe or
    /// device input to a temporary file, and writing the document, are not
    /// counted, except for a pipe or device that could not be copied: then
    /// it is the time spent copying.
    pub ms: u64,
    /// The peak resident memory of the worker process that read the input,
    /// so far, in KiB (a worker serves several inputs in turn).
    pub peak_rss_kib: Option<u64>,
}

impl ReportEntry {
    /// The entry of an input that produced no document.
    pub fn failed(path: &str, reason: Reason, message: String, ms: u64) -> Self {
        ReportEntry {
            path: path.to_owned(),
            output: None,
            status: EntryStatus::Failed,
            reason: Some(reason),
            message: Some(message),
            sha256: None,
            bytes: None,
            layout: None,
            confidence: None,
            runner_up: None,
            records: 0,
            coverage: None,
            ms,
            peak_rss_kib: None,
        }
    }

    /// The entry of an input that produced `doc` (no output path yet).
    pub fn for_document(doc: &Document, ms: u64) -> Self {
        ReportEntry {
            path: doc.source.path.clone(),
            output: None,
            status: match doc.status {
                Status::Ok => EntryStatus::Ok,
                Status::Partial => EntryStatus::Partial,
            },
            reason: doc.partial_reason(),
            message: doc.partial_message(),
            sha256: Some(doc.source.sha256.clone()),
            bytes: Some(doc.source.bytes),
            layout: Some(doc.layout.name),
            confidence: Some(doc.layout.confidence),
            runner_up: doc.layout.runner_up.clone(),
            records: doc.content.record_count(),
            coverage: Some(doc.coverage.ratio),
            ms,
            peak_rss_kib: None,
        }
    }
}

impl Document {
    /// Why the document is `partial`, in words: the message of the
    /// diagnostic [`Document::partial_reason`] names, where it is, and how
    /// many more warnings and errors there are; for a coverage below 1 that
    /// nothing explains, the characters missing. `None` when it is `ok`.
    pub fn partial_message(&self) -> Option<String> {
        if self.status == Status::Ok {
            return None;
        }
        let worst = self.diagnostics.iter().map(|d| d.level).max();
        let serious: Vec<_> = match worst {
            Some(level) if level >= Level::Warning => self
                .diagnostics
                .iter()
                .filter(|d| d.level >= Level::Warning)
                .collect(),
            _ => Vec::new(),
        };
        // The first diagnostic at the worst level is the one the reason
        // code names, so the message and the code agree.
        let Some(first) = worst.and_then(|w| serious.iter().find(|d| d.level == w)) else {
            let c = &self.coverage;
            return Some(format!(
                "{} of {} characters are in no field and no diagnostic says where (coverage {})",
                c.chars_in.saturating_sub(c.chars_accounted),
                c.chars_in,
                c.ratio
            ));
        };
        let place = match first.lines {
            Some(l) if l.start == l.end => format!(" (line {})", l.start),
            Some(l) => format!(" (lines {}–{})", l.start, l.end),
            None => String::new(),
        };
        let more = match serious.len().saturating_sub(1) {
            0 => String::new(),
            1 => "; 1 more warning".to_owned(),
            n => format!("; {n} more warnings"),
        };
        Some(format!("{}: {}{place}{more}", first.code, first.message))
    }

    /// Why the document is `partial`: the code of its most serious
    /// diagnostic, or `incomplete_coverage` when no warning explains a
    /// coverage below 1; `None` when it is `ok`.
    pub fn partial_reason(&self) -> Option<Reason> {
        if self.status == Status::Ok {
            return None;
        }
        let worst = self.diagnostics.iter().map(|d| d.level).max();
        match worst {
            Some(level) if level >= Level::Warning => self
                .diagnostics
                .iter()
                .find(|d| d.level == level)
                .map(|d| Reason::Diagnostic(d.code)),
            _ => Some(Reason::IncompleteCoverage),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_counts_statuses_and_reasons() {
        let entry = |status, reason| ReportEntry {
            status,
            reason,
            ..ReportEntry::failed("x", Reason::Panic, String::new(), 0)
        };
        let report = RunReport::new(
            "0",
            1,
            vec![
                entry(EntryStatus::Ok, None),
                entry(EntryStatus::Failed, Some(Reason::Timeout)),
                entry(EntryStatus::Partial, Some(Reason::IncompleteCoverage)),
                entry(EntryStatus::Failed, Some(Reason::Timeout)),
            ],
        );
        assert_eq!(
            report.counts,
            Counts {
                inputs: 4,
                ok: 1,
                partial: 1,
                failed: 2
            }
        );
        assert_eq!(report.reasons[&Reason::Timeout], 2);
        assert!(!report.all_ok());
        let json = serde_json::to_string(&report).unwrap();
        assert!(
            json.contains(r#""reasons":{"timeout":2,"incomplete_coverage":1}"#),
            "{json}"
        );
        let back: RunReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }

    fn document(status: &str, diagnostics: &str, chars_accounted: usize) -> Document {
        let json = format!(
            r#"{{"plansheet_version": "0",
            "source": {{"path": "a.txt", "sha256": "00", "bytes": 1, "format": "text",
              "encoding": "UTF-8", "bom": false, "line_ending": "lf", "pages": null}},
            "status": "{status}",
            "layout": {{"name": "outline", "confidence": 0.25, "runner_up": null}},
            "metadata": {{"title": null, "ward": null, "fiscal_year": null}},
            "kind": "goal_sheet", "preamble": [], "rows": [],
            "unassigned": [], "diagnostics": {diagnostics},
            "coverage": {{"chars_in": 10, "chars_accounted": {chars_accounted}, "ratio": 0.8}}}}"#
        );
        serde_json::from_str(&json).unwrap()
    }

    /// Issue 10: a partial entry says why in words, not only as a code.
    #[test]
    fn partial_entries_carry_the_first_warning_and_how_many_more() {
        let diagnostics = r#"[
            {"level": "info", "code": "no_results", "message": "no results", "lines": null, "offset": null},
            {"level": "warning", "code": "empty_goal", "message": "row 2 has no goal", "lines": {"start": 4, "end": 6}, "offset": null},
            {"level": "warning", "code": "unassigned_text", "message": "3 characters", "lines": {"start": 9, "end": 9}, "offset": null},
            {"level": "warning", "code": "unassigned_text", "message": "4 characters", "lines": null, "offset": null}
        ]"#;
        let entry = ReportEntry::for_document(&document("partial", diagnostics, 10), 0);
        assert_eq!(
            entry.reason,
            Some(Reason::Diagnostic(crate::DiagnosticCode::EmptyGoal))
        );
        assert_eq!(
            entry.message.as_deref(),
            Some("empty_goal: row 2 has no goal (lines 4–6); 2 more warnings")
        );
        let ok = ReportEntry::for_document(&document("ok", "[]", 10), 0);
        assert_eq!(ok.message, None);
        let lost = ReportEntry::for_document(&document("partial", "[]", 8), 0);
        assert_eq!(lost.reason, Some(Reason::IncompleteCoverage));
        assert_eq!(
            lost.message.as_deref(),
            Some("2 of 10 characters are in no field and no diagnostic says where (coverage 0.8)")
        );
    }
}
