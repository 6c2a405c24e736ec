//! The plansheet data model: the [`Document`] one input converts into, the
//! [`RunReport`] of a `convert` run, and every code either of them carries
//! ([`DiagnosticCode`], [`Reason`], [`Comparator`], [`DeadlinePoint`]).
//!
//! Every type serializes to the JSON users read, deserializes from it (so a
//! tool, or `--resume`, can read a document back typed), and describes
//! itself as JSON Schema (`schemas/` is generated from these types by
//! `plansheet-export`).
//!
//! This crate parses nothing and writes no files: the parsers
//! (`plansheet-layout`) fill the model in, `plansheet-export` writes it.
//!
//! ```
//! use plansheet_model::{Diagnostic, DiagnosticCode, Level, LineSpan, Reason};
//!
//! let d = Diagnostic::at_lines(Level::Warning, DiagnosticCode::StrayText, "…".into(), LineSpan::line(3));
//! assert_eq!(serde_json::to_value(&d).unwrap()["code"], "stray_text");
//! assert_eq!(Reason::from(d.code).to_string(), "stray_text");
//! ```

#![deny(missing_docs)]

mod codes;
mod document;
mod report;

pub use codes::{Comparator, DeadlinePoint, DiagnosticCode, Reason};
pub use document::*;
pub use report::{
    Counts, EntryStatus, Failed, FailedSource, FailureLine, JsonLine, ReportEntry, RunReport, Slow,
};
