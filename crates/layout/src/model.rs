//! The document model every layout parses into, and that `plansheet-export`
//! writes as JSON. `schemas/plansheet.schema.json` is generated from these
//! types.

use plansheet_text::{LineEnding, TextEncoding};
use schemars::JsonSchema;
use serde::Serialize;

/// One converted input: where it came from, what was recognised in it, and
/// every piece of its text, claimed by a field or listed as unassigned.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Document {
    /// The plansheet version that wrote this document.
    pub plansheet_version: String,
    /// The input file.
    pub source: Source,
    /// `ok` when the layout was recognised and every line was claimed without
    /// a warning; `partial` otherwise (the diagnostics say why).
    pub status: Status,
    /// The recognizer that matched.
    pub layout: LayoutMatch,
    /// Title, ward and fiscal year.
    pub metadata: Metadata,
    /// Text above and between the table rows that belongs to the sheet, not
    /// to a row: title, column headers, section headings, policies.
    pub preamble: Vec<PreambleLine>,
    /// The table rows, in sheet order.
    pub rows: Vec<Row>,
    /// Text no field claimed. Nothing is dropped: it is listed here.
    pub unassigned: Vec<Fragment>,
    /// Everything noteworthy found while reading the input.
    pub diagnostics: Vec<Diagnostic>,
    /// How much of the input's text the fields account for.
    pub coverage: Coverage,
}

/// Whether a document came out whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Recognised, every line claimed, no warnings.
    Ok,
    /// Converted with losses or doubts that the diagnostics name.
    Partial,
}

/// The input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Source {
    /// The path as given on the command line (or relative to the archive
    /// root when a directory was walked).
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The file's size in bytes.
    pub bytes: u64,
    /// The input format.
    pub format: SourceFormat,
    /// The detected character encoding.
    pub encoding: TextEncoding,
    /// Whether the file started with a byte order mark.
    pub bom: bool,
    /// The line-end convention of the file.
    pub line_ending: LineEnding,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// A text dump (plain text or tab-separated).
    Text,
}

/// The recognizer chosen for a document, with the one that came second.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LayoutMatch {
    /// The chosen recognizer.
    pub name: LayoutName,
    /// How well the document fits it, from 0 to 1.
    pub confidence: f64,
    /// The best of the other recognizers, if any scored above zero.
    pub runner_up: Option<LayoutScore>,
}

/// A recognizer and its score.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LayoutScore {
    /// The recognizer.
    pub name: LayoutName,
    /// Its score, from 0 to 1.
    pub confidence: f64,
}

/// The layouts plansheet recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LayoutName {
    /// A goal sheet (向上指針取組シート) dumped as a tab-separated table: one
    /// line per row, cells separated by tabs.
    GoalSheetTable,
    /// A goal sheet dumped as PDF text flow: each cell's text on its own
    /// lines, labels one character per line, the department repeated per row.
    GoalSheetFlow,
    /// No recognizer matched; all text is in `unassigned`.
    Unknown,
}

/// What the sheet says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
pub struct Metadata {
    /// The sheet's title line, e.g. `令和7年度向上指針取組シート`.
    pub title: Option<String>,
    /// The ward (区), e.g. `幸区`.
    pub ward: Option<String>,
    /// The fiscal year (年度) the sheet is for.
    pub fiscal_year: Option<FiscalYear>,
}

/// A Japanese fiscal year (年度), which runs from April to March.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FiscalYear {
    /// As printed (after width normalization), e.g. `令和7年度`.
    pub printed: String,
    /// The era name, e.g. `令和`.
    pub era: String,
    /// The year of the era (元年 is 1).
    pub era_year: u32,
    /// The Gregorian year the fiscal year starts in: 令和7年度 → 2025.
    pub gregorian: i32,
}

/// One line of the sheet's preamble or page furniture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PreambleLine {
    /// What the line is.
    pub kind: PreambleKind,
    /// For a policy, its marker (`①`); otherwise null.
    pub marker: Option<String>,
    /// The text (a wrapped policy is rejoined into one).
    pub text: String,
    /// Where it stands in the input.
    pub lines: LineSpan,
}

/// Kinds of preamble line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PreambleKind {
    /// The sheet's title, or a repeat of it on a later page.
    Title,
    /// A table's column headers (部署名, 目標及び具体的な取組内容 …).
    ColumnHeader,
    /// A section heading (区役所サービス向上方針, …目標).
    Heading,
    /// A numbered policy (①…) under a 方針 heading.
    Policy,
    /// A page number.
    PageNumber,
    /// Any other text above the table (e.g. the office name).
    Text,
}

/// One numbered item of a department (部署).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Row {
    /// The department unit the item belongs to (部署名), e.g. `地域支援課`.
    pub department: String,
    /// The organisational path from the top unit down to `department`,
    /// e.g. `["地域みまもり支援センター(福祉事務所・保健所支所)", "地域支援課"]`.
    pub department_path: Vec<String>,
    /// The item number as printed, e.g. `2・3`.
    pub number: String,
    /// The item numbers `number` stands for, e.g. `[2, 3]`.
    pub numbers: Vec<u32>,
    /// The category label (分類) such as 対面対応, repaired from its
    /// vertical print; null when the cell is empty.
    pub category: Option<String>,
    /// The goal and planned measures (目標及び具体的な取組内容): the whole
    /// cell, wraps rejoined, paragraphs separated by `\n`.
    pub goal: String,
    /// The outcome and degree of achievement (実施結果及び目標の達成度), or
    /// null when the sheet has none for this row.
    pub result: Option<String>,
    /// Where the row stands in the input.
    pub provenance: Provenance,
}

/// Where a piece of output came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Provenance {
    /// The input lines the row spans, department cell included.
    pub lines: LineSpan,
}

/// An inclusive range of 1-based input line numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LineSpan {
    /// First line.
    pub start: usize,
    /// Last line.
    pub end: usize,
}

impl LineSpan {
    /// The span of a single line.
    pub fn line(line: usize) -> Self {
        LineSpan {
            start: line,
            end: line,
        }
    }
}

/// A piece of input text with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Fragment {
    /// The text, as normalized.
    pub text: String,
    /// Where it stands.
    pub lines: LineSpan,
}

/// Something noteworthy about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Diagnostic {
    /// How serious it is. Any `warning` or `error` makes the document
    /// `partial`.
    pub level: Level,
    /// A stable machine-readable code, e.g. `decode_error`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// The input lines concerned, if any.
    pub lines: Option<LineSpan>,
    /// The byte offset concerned, if any.
    pub offset: Option<usize>,
}

impl Diagnostic {
    /// A diagnostic about some lines.
    pub fn at_lines(level: Level, code: &str, message: String, lines: LineSpan) -> Self {
        Diagnostic {
            level,
            code: code.to_owned(),
            message,
            lines: Some(lines),
            offset: None,
        }
    }
}

/// Diagnostic levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Worth knowing; the output is whole.
    Info,
    /// Something may be missing or misplaced.
    Warning,
    /// Something is certainly missing or wrong.
    Error,
}

/// Non-blank characters accounted for, over non-blank characters in (both
/// after normalization). White space is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Coverage {
    /// Non-blank characters in the normalized input.
    pub chars_in: usize,
    /// Non-blank characters that landed in a field, the preamble or
    /// `unassigned`.
    pub chars_accounted: usize,
    /// `chars_accounted / chars_in`, 1 for an input with no text.
    pub ratio: f64,
}
