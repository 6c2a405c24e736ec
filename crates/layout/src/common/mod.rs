//! What every recognizer may use: the line ledger, page furniture, eras and
//! fiscal years, unit names, metadata and table cells. Character classes
//! live one stage down, in `plansheet_text::chars`.

pub(crate) mod columns;
pub(crate) mod era;
pub(crate) mod furniture;
pub(crate) mod ledger;
pub(crate) mod metadata;
pub(crate) mod units;

/// The cells of a tab-separated line, trimmed: how every table dump
/// separates its columns.
pub(crate) fn cells(line: &str) -> Vec<&str> {
    line.split('\t').map(str::trim).collect()
}
