//! Layout detection and parsing: normalized text to rows.
//!
//! [`parse`] normalizes the decoded text line by line, scores every
//! recognizer on it ([`detect_layout`]), and runs the best one. A recognizer
//! returns rows *and* diagnostics, so one odd row does not lose the others;
//! whatever text no field claims is listed in `unassigned`, and the coverage
//! figure counts the characters that landed somewhere.
//!
//! Recognizers:
//! - `goal_sheet_table`: goal sheets (向上指針取組シート) dumped as tab-separated
//!   tables;
//! - `goal_sheet_flow`: the same sheets dumped as PDF text flow.
//!
//! This crate does not read files or decode bytes (`plansheet-text` does)
//! and does not write JSON (`plansheet-export` does).
//!
//! ```
//! let text = "令和7年度向上指針取組シート\n幸区役所\n部署名\t目標及び具体的な取組内容\t実施結果及び目標の達成度\n\
//!             総務課\t1 共通 丁寧に対応します。\t\n\t2 お 知 ら せ ＨＰで周知します。\t周知しました。\n";
//! let parsed = plansheet_layout::parse(text);
//! assert_eq!(parsed.layout.name, plansheet_layout::model::LayoutName::GoalSheetTable);
//! assert_eq!(parsed.rows[1].category.as_deref(), Some("お知らせ"));
//! assert_eq!(parsed.rows[1].goal, "HPで周知します。");
//! assert_eq!(parsed.metadata.fiscal_year.unwrap().gregorian, 2025);
//! ```

#![deny(missing_docs)]

mod flow;
pub mod model;
mod sheet;
mod table;

use model::{
    Coverage, Diagnostic, Fragment, LayoutMatch, LayoutName, LayoutScore, Level, Metadata,
    PreambleLine, Row,
};
use plansheet_text::normalize_chars;

/// Below this confidence no recognizer is trusted and the document is
/// `unknown`.
const MIN_CONFIDENCE: f64 = 0.3;

/// What a layout parser makes of a document's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The recognizer that matched.
    pub layout: LayoutMatch,
    /// Title, ward and fiscal year.
    pub metadata: Metadata,
    /// Title, column headers, headings, policies and other page furniture.
    pub preamble: Vec<PreambleLine>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Text no field claimed.
    pub unassigned: Vec<Fragment>,
    /// What was noticed while parsing.
    pub diagnostics: Vec<Diagnostic>,
    /// Characters accounted for.
    pub coverage: Coverage,
}

/// A sheet as a layout parser returns it, before the ledger is closed.
pub(crate) struct Sheet {
    pub(crate) title: Option<String>,
    pub(crate) preamble: Vec<PreambleLine>,
    pub(crate) rows: Vec<Row>,
}

/// Scores every recognizer on normalized lines, best first.
pub fn detect_layout(lines: &[String]) -> Vec<LayoutScore> {
    let mut scores = vec![
        LayoutScore {
            name: LayoutName::GoalSheetTable,
            confidence: round(table::score(lines)),
        },
        LayoutScore {
            name: LayoutName::GoalSheetFlow,
            confidence: round(flow::score(lines)),
        },
    ];
    scores.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    scores
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Normalizes decoded text line by line (see [`plansheet_text::normalize_chars`]).
/// Line numbers are kept: line `n` of the result is line `n` of the input.
pub fn normalize_lines(text: &str) -> Vec<String> {
    text.split('\n').map(normalize_chars).collect()
}

/// Parses decoded text: normalizes it, detects its layout and parses it.
pub fn parse(text: &str) -> Parsed {
    let lines = normalize_lines(text);
    let mut scores = detect_layout(&lines).into_iter();
    let best = scores.next();
    let runner_up = scores.next().filter(|s| s.confidence > 0.0);
    let mut ledger = sheet::Ledger::new(&lines);
    let mut diagnostics = Vec::new();
    let (layout, sheet) = match best {
        Some(best) if best.confidence >= MIN_CONFIDENCE => {
            let sheet = match best.name {
                LayoutName::GoalSheetTable => table::parse(&lines, &mut ledger, &mut diagnostics),
                LayoutName::GoalSheetFlow | LayoutName::Unknown => {
                    flow::parse(&lines, &mut ledger, &mut diagnostics)
                }
            };
            let layout = LayoutMatch {
                name: best.name,
                confidence: best.confidence,
                runner_up,
            };
            (layout, Some(sheet))
        }
        other => {
            diagnostics.push(Diagnostic {
                level: Level::Warning,
                code: "unrecognized_layout".into(),
                message: "no recognizer fits this document; all its text is in `unassigned`".into(),
                lines: None,
                offset: None,
            });
            let layout = LayoutMatch {
                name: LayoutName::Unknown,
                confidence: 0.0,
                runner_up: other.filter(|s| s.confidence > 0.0),
            };
            (layout, None)
        }
    };
    let (title, preamble, rows) = match sheet {
        Some(s) => (s.title, s.preamble, s.rows),
        None => (
            sheet::first_line(&lines).map(str::to_owned),
            Vec::new(),
            Vec::new(),
        ),
    };
    let preamble_text: String = preamble
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let metadata_source = if preamble_text.is_empty() {
        lines
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        preamble_text
    };
    let metadata = sheet::read_metadata(title.as_deref(), &metadata_source);
    if layout.name != LayoutName::Unknown && rows.is_empty() {
        diagnostics.push(Diagnostic {
            level: Level::Warning,
            code: "no_rows".into(),
            message: "the layout was recognised but no row was found".into(),
            lines: None,
            offset: None,
        });
    }
    let (unassigned, coverage) = ledger.finish();
    if layout.name != LayoutName::Unknown {
        for fragment in &unassigned {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                "unassigned_text",
                format!(
                    "{} characters belong to no field",
                    plansheet_text::count_non_blank(&fragment.text)
                ),
                fragment.lines,
            ));
        }
    }
    Parsed {
        layout,
        metadata,
        preamble,
        rows,
        unassigned,
        diagnostics,
        coverage,
    }
}
