//! The document: what one input converts into.

use plansheet_text::{LineEnding, TextEncoding};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::codes::{Comparator, DeadlinePoint, DiagnosticCode};

/// One converted input: where it came from, what was recognised in it, and
/// every piece of its text, claimed by a field or listed as unassigned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// What the document holds, by kind (`kind` names the variant; its
    /// fields sit beside the others at the top level).
    #[serde(flatten)]
    pub content: Content,
    /// Text no field claimed. Nothing is dropped: it is listed here.
    pub unassigned: Vec<Fragment>,
    /// Everything noteworthy found while reading the input.
    pub diagnostics: Vec<Diagnostic>,
    /// How much of the input's text the fields account for.
    pub coverage: Coverage,
}

/// What a document holds. The JSON has a `kind` field naming the variant,
/// and the variant's fields at the top level of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Content {
    /// A goal sheet (向上指針取組シート): numbered items per department.
    GoalSheet {
        /// Text above and between the table rows that belongs to the sheet,
        /// not to a row: title, column headers, section headings, policies.
        preamble: Vec<PreambleLine>,
        /// The table rows, in sheet order.
        rows: Vec<Row>,
    },
    /// A multi-year comparison (e.g. 平成27–29年度): themes with one cell per
    /// fiscal year.
    MultiYearPlan {
        /// The fiscal years compared, in column order: the first header's,
        /// then any a later header names besides (a theme printed under one
        /// year alone keeps to that year; a second plan in the file adds
        /// its own years).
        years: Vec<FiscalYear>,
        /// Every year header line as printed (`《平成27年度》 《平成28年度》 …`);
        /// row groups repeat it.
        year_headers: Vec<Fragment>,
        /// The themes (【1】, 【2】 …), in document order.
        themes: Vec<Theme>,
        /// Page numbers printed where a page broke (`- 2 -`), and the
        /// running heads printed with them.
        page_furniture: Vec<Fragment>,
    },
    /// A management plan (経営課題, 戦略, 具体的取組) with its directory table.
    ManagementPlan {
        /// The management issues (経営課題).
        issues: Vec<PlanIssue>,
        /// The strategies (【戦略4-1】 …).
        strategies: Vec<Strategy>,
        /// The directory table's title as printed, e.g. `城東区役所の業務一覧`.
        directory_title: Option<String>,
        /// The directory table's column headers as printed.
        directory_columns: Vec<String>,
        /// The directory table (担当名 / 電話番号 / ファックス番号 / 主な業務内容).
        directory: Vec<DirectoryEntry>,
        /// Page numbers printed where a page broke (`- 2 -`), and the
        /// running heads printed with them.
        page_furniture: Vec<Fragment>,
    },
    /// Any other document as an outline of headings, paragraphs, list
    /// items, tables and figures (plan outlines, memos, forms).
    Outline {
        /// The top-level nodes.
        nodes: Vec<OutlineNode>,
        /// Footnotes (`(※)印＝…`) with the nodes that carry their mark.
        footnotes: Vec<Footnote>,
        /// Page numbers printed where a page broke (`- 2 -`), and the
        /// title printed again beside them.
        page_furniture: Vec<Fragment>,
    },
}

impl Content {
    /// The goal-sheet rows; empty for other kinds.
    pub fn rows(&self) -> &[Row] {
        match self {
            Content::GoalSheet { rows, .. } => rows,
            _ => &[],
        }
    }

    /// The goal-sheet rows, to fill in where they came from.
    pub fn rows_mut(&mut self) -> &mut [Row] {
        match self {
            Content::GoalSheet { rows, .. } => rows,
            _ => &mut [],
        }
    }

    /// The goal-sheet preamble; empty for other kinds.
    pub fn preamble(&self) -> &[PreambleLine] {
        match self {
            Content::GoalSheet { preamble, .. } => preamble,
            _ => &[],
        }
    }

    /// How many records the document holds: rows of a goal sheet, items of a
    /// multi-year plan, targets, measure items and directory entries of a
    /// management plan, nodes of an outline.
    pub fn record_count(&self) -> usize {
        fn count_nodes(nodes: &[OutlineNode]) -> usize {
            nodes.iter().map(|n| 1 + count_nodes(&n.children)).sum()
        }
        match self {
            Content::GoalSheet { rows, .. } => rows.len(),
            Content::MultiYearPlan { themes, .. } => themes
                .iter()
                .flat_map(|t| &t.cells)
                .map(|c| c.items.len() + c.headings.iter().map(|h| h.items.len()).sum::<usize>())
                .sum(),
            Content::ManagementPlan {
                strategies,
                directory,
                ..
            } => {
                strategies
                    .iter()
                    .map(|s| {
                        s.targets.len() + s.measures.iter().map(|m| m.items.len()).sum::<usize>()
                    })
                    .sum::<usize>()
                    + directory.len()
            }
            Content::Outline { nodes, .. } => count_nodes(nodes),
        }
    }
}

/// One theme (【1】…) of a multi-year plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Theme {
    /// The theme number as printed in 【】.
    pub number: String,
    /// One cell per fiscal year that has one, in column order.
    pub cells: Vec<ThemeCell>,
    /// Side call-outs printed beside the theme (区政会議のご意見 …).
    pub notes: Vec<Fragment>,
}

/// A theme's cell for one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ThemeCell {
    /// The fiscal year (Gregorian) the cell belongs to.
    pub fiscal_year: i32,
    /// The theme marker as printed in this cell, e.g. `【1】`.
    pub marker: String,
    /// The theme's title in that year.
    pub title: String,
    /// Items printed under no sub-heading.
    pub items: Vec<PlanItem>,
    /// Sub-headings ((1)接遇・CS研修 …) with their items.
    pub headings: Vec<PlanHeading>,
    /// Where the title stands.
    pub lines: LineSpan,
}

/// A numbered sub-heading of a theme cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanHeading {
    /// The marker as printed, e.g. `(1)`.
    pub marker: String,
    /// The number in the marker.
    pub number: Option<u32>,
    /// The heading text.
    pub title: String,
    /// The bullet items under it.
    pub items: Vec<PlanItem>,
    /// Where the heading stands.
    pub lines: LineSpan,
}

/// A bullet item (・…) of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanItem {
    /// The bullet as printed: `・`, `○`, or a circled number such as `①`.
    pub marker: Option<String>,
    /// The item text, wraps rejoined, without its bullet and flag; an
    /// indented note line under the item follows after `\n`.
    pub text: String,
    /// The flag as printed (`☆`) after the item or before its text, if any.
    pub flag: Option<String>,
    /// Marked ☆: new in that year.
    pub new: bool,
    /// Where it stands.
    pub lines: LineSpan,
}

/// A management issue (経営課題) and its titled lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanIssue {
    /// The heading as printed, e.g. `経営課題4`.
    pub heading: String,
    /// The issue number, e.g. `4`.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its lists: めざすべき将来像, 現状・データ, 分析, 課題 …
    pub sections: Vec<ListSection>,
    /// Where the issue heading stands.
    pub lines: LineSpan,
}

/// A heading with the list items under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListSection {
    /// The heading as printed, e.g. `現状・データ`, `《めざす状態》`.
    pub title: String,
    /// A parenthesised note on the heading, e.g. `概ね10〜20年間を設定`.
    pub note: Option<String>,
    /// The items.
    pub items: Vec<ListItem>,
}

/// A list item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListItem {
    /// Markdown debris in front of the item as printed (`-`, `- ####`),
    /// kept apart from the text.
    pub prefix: Option<String>,
    /// The item's own marker (`・`, `①`, `(1)`), if it has one.
    pub marker: Option<String>,
    /// The text; a line that continues the item (a source note in
    /// parentheses, a detail line) follows after `\n`.
    pub text: String,
    /// Where it stands.
    pub lines: LineSpan,
}

/// A strategy (【戦略4-1】) of a management plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Strategy {
    /// The heading as printed, e.g. `【戦略4-1】`.
    pub heading: String,
    /// The strategy id, e.g. `4-1`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The めざす成果 heading as printed, with its note.
    pub outcome_heading: Option<String>,
    /// 《めざす状態》: the state aimed at.
    pub aims: Option<ListSection>,
    /// The 《成果目標》 heading as printed.
    pub targets_heading: Option<String>,
    /// 《成果目標》: the outcome targets, parsed.
    pub targets: Vec<Target>,
    /// 戦略: the approach.
    pub approach: Option<ListSection>,
    /// The 具体的取組 heading as printed, e.g. `戦略4-1の具体的取組`.
    pub measures_heading: Option<String>,
    /// 具体的取組: the measures (【4-1-1 …】) with their items.
    pub measures: Vec<Measure>,
    /// Where the strategy heading stands.
    pub lines: LineSpan,
}

/// A concrete measure (【4-1-1 …】) of a strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    /// The heading as printed, e.g. `【4-1-1 職員のコンプライアンス意識の向上】`.
    pub heading: String,
    /// Its id, e.g. `4-1-1`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its items.
    pub items: Vec<ListItem>,
    /// Where the measure heading stands.
    pub lines: LineSpan,
}

/// An outcome target (成果目標), read from its sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    /// Markdown debris in front of the item as printed.
    pub prefix: Option<String>,
    /// The item's own marker (`・`), if any.
    pub marker: Option<String>,
    /// The whole sentence.
    pub text: String,
    /// What is measured, e.g. `…と感じる区民の割合`.
    pub metric: Option<String>,
    /// The target value: `80%以上` → 80.
    pub value: Option<f64>,
    /// A target that is not a number, e.g. `2つ星`.
    pub value_text: Option<String>,
    /// The unit, e.g. `%`.
    pub unit: Option<String>,
    /// How the value bounds the outcome: `≥` (以上), `≤` (以下), `>` (超),
    /// `<` (未満).
    pub comparator: Option<Comparator>,
    /// A target relative to an earlier figure, e.g. `前年度より半減`.
    pub relative: Option<String>,
    /// When the target is due.
    pub deadline: Option<Deadline>,
    /// The figure the target starts from.
    pub baseline: Option<Baseline>,
    /// Where it stands.
    pub lines: LineSpan,
}

/// When a target is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Deadline {
    /// As printed, e.g. `平成29年度末`.
    pub printed: String,
    /// The fiscal year (Gregorian start year): 平成29年度 → 2017.
    pub fiscal_year: i32,
    /// `end` for 年度末 (the end of March after), `year` for the fiscal year
    /// as a whole.
    pub point: DeadlinePoint,
}

/// The figure a target starts from, e.g. `平成27年度実績 80.0%`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Baseline {
    /// As printed.
    pub printed: String,
    /// Where the figure comes from, e.g. `格付けアンケート`.
    pub source: Option<String>,
    /// The fiscal year of the figure.
    pub fiscal_year: Option<i32>,
    /// The figure, if numeric.
    pub value: Option<f64>,
    /// The figure, if not numeric (e.g. `2つ星`).
    pub value_text: Option<String>,
    /// Its unit.
    pub unit: Option<String>,
}

/// One line of a directory table (業務一覧).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DirectoryEntry {
    /// The section (課), e.g. `総務課`. A section cell left blank or holding
    /// a ditto mark (`〃`, `同上`) keeps the section above; so does a ditto
    /// mark in the unit, phone and fax cells.
    pub section: String,
    /// The unit (担当), e.g. `総務`.
    pub unit: String,
    /// Telephone number.
    pub phone: Option<String>,
    /// Fax number.
    pub fax: Option<String>,
    /// Main duties (主な業務内容), one entry per printed line.
    pub duties: Vec<String>,
    /// Where the entry stands, continuation lines included.
    pub lines: LineSpan,
}

/// A node of an outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OutlineNode {
    /// A path of markers from the top, e.g. `3/(2)/1`, unique in the document.
    pub id: String,
    /// What the node is.
    pub kind: NodeKind,
    /// The marker as printed (`1`, `(1)`, `〇`, `①`, `【…】`), if any.
    pub marker: Option<String>,
    /// The text, wraps rejoined.
    pub text: String,
    /// For a table: its rows of cells.
    pub cells: Option<Vec<Vec<String>>>,
    /// Where it stands.
    pub lines: LineSpan,
    /// The nodes under it.
    pub children: Vec<OutlineNode>,
}

/// Kinds of outline node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A numbered or bracketed heading that has content under it.
    Heading,
    /// A list item.
    Item,
    /// A paragraph.
    Paragraph,
    /// A table (tab-separated or column-aligned lines).
    Table,
    /// A figure's text (e.g. the diagram after `…イメージ図`), kept apart.
    Figure,
}

/// A footnote and the nodes that carry its mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Footnote {
    /// The mark, e.g. `(※)`.
    pub marker: String,
    /// What stands between the mark and the note as printed, e.g. `印=`.
    pub joiner: String,
    /// The note's text.
    pub text: String,
    /// Ids of the nodes whose text carries the mark.
    pub refs: Vec<String>,
    /// Where the note stands.
    pub lines: LineSpan,
}

/// Whether a document came out whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Recognised, every line claimed, no warnings.
    Ok,
    /// Converted with losses or doubts that the diagnostics name.
    Partial,
}

/// The input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
    /// The detected character encoding (text inputs; null for PDF).
    pub encoding: Option<TextEncoding>,
    /// Whether the file started with a byte order mark.
    pub bom: bool,
    /// The line-end convention of the file (text inputs; null for PDF).
    pub line_ending: Option<LineEnding>,
    /// For PDF input: the number of pages.
    pub pages: Option<u32>,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// A text dump (plain text or tab-separated).
    Text,
    /// A PDF, read from its page geometry.
    Pdf,
}

/// The recognizer chosen for a document, with the one that came second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LayoutMatch {
    /// The chosen recognizer.
    pub name: LayoutName,
    /// How well the document fits it, from 0 to 1.
    pub confidence: f64,
    /// The best of the other recognizers, if any scored above zero.
    pub runner_up: Option<LayoutScore>,
}

/// A recognizer and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LayoutScore {
    /// The recognizer.
    pub name: LayoutName,
    /// Its score, from 0 to 1.
    pub confidence: f64,
}

/// The layouts plansheet recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LayoutName {
    /// A goal sheet (向上指針取組シート) dumped as a tab-separated table: one
    /// line per row, cells separated by tabs.
    GoalSheetTable,
    /// A goal sheet dumped as PDF text flow: each cell's text on its own
    /// lines, labels one character per line, the department repeated per row.
    GoalSheetFlow,
    /// A multi-year comparison table flattened column by column: themes
    /// (【1】), year headers (《平成27年度》), sub-headings and bullets.
    MultiYearPlan,
    /// A management plan: 経営課題, 【戦略4-1】 with 《成果目標》 and
    /// 具体的取組, and a directory table.
    ManagementPlan,
    /// A plan outline (…計画): numbered sections with nested markers,
    /// footnotes and a closing diagram.
    PlanOutline,
    /// The fallback for any other document: a generic outline.
    Outline,
}

/// What the sheet says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Metadata {
    /// The sheet's title line, e.g. `令和7年度向上指針取組シート`.
    pub title: Option<String>,
    /// The ward (区), e.g. `幸区`.
    pub ward: Option<String>,
    /// The fiscal year (年度) the sheet is for.
    pub fiscal_year: Option<FiscalYear>,
}

/// A Japanese fiscal year (年度), which runs from April to March.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FiscalYear {
    /// As printed (after width normalization), e.g. `令和7年度`.
    pub printed: String,
    /// The era name, e.g. `令和` (also where its initial was printed,
    /// `R7年度`); `西暦` for a year printed in the Western calendar,
    /// `2025年度`.
    pub era: String,
    /// The year of the era (元年 is 1); under `西暦`, the Gregorian year.
    pub era_year: u32,
    /// The Gregorian year the fiscal year starts in: 令和7年度 → 2025.
    pub gregorian: i32,
}

/// One line of the sheet's preamble or page furniture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// The input lines the row spans, department cell included. For PDF
    /// input, lines of the text the page geometry was turned into.
    pub lines: LineSpan,
    /// For PDF input: the page the row starts on.
    pub page: Option<u32>,
    /// For PDF input: the row's bounding box on that page, in PDF points
    /// (left, bottom, right, top).
    pub bbox: Option<[f64; 4]>,
    /// For PDF input: every page the row spans, in order, with its box on
    /// that page — more than one where a page break cut the row. Absent for
    /// text input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<PageBox>,
}

/// A box on one page of a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PageBox {
    /// 1-based page number.
    pub page: u32,
    /// Bounding box in PDF points (left, bottom, right, top).
    pub bbox: [f64; 4],
}

/// An inclusive range of 1-based input line numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fragment {
    /// The text, as normalized.
    pub text: String,
    /// Where it stands.
    pub lines: LineSpan,
}

/// Something noteworthy about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// How serious it is. Any `warning` or `error` makes the document
    /// `partial`.
    pub level: Level,
    /// A stable machine-readable code, e.g. `decode_error`.
    pub code: DiagnosticCode,
    /// A sentence for people.
    pub message: String,
    /// The input lines concerned, if any.
    pub lines: Option<LineSpan>,
    /// The byte offset concerned, if any.
    pub offset: Option<usize>,
}

impl Diagnostic {
    /// A diagnostic about some lines.
    pub fn at_lines(level: Level, code: DiagnosticCode, message: String, lines: LineSpan) -> Self {
        Diagnostic {
            level,
            code,
            message,
            lines: Some(lines),
            offset: None,
        }
    }

    /// A diagnostic about the whole input.
    pub fn whole(level: Level, code: DiagnosticCode, message: String) -> Self {
        Diagnostic {
            level,
            code,
            message,
            lines: None,
            offset: None,
        }
    }
}

/// Diagnostic levels.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    /// Non-blank characters in the normalized input.
    pub chars_in: usize,
    /// Non-blank characters that landed in a field, the preamble or
    /// `unassigned`.
    pub chars_accounted: usize,
    /// `chars_accounted / chars_in`, 1 for an input with no text.
    pub ratio: f64,
}

impl Coverage {
    /// The coverage of `chars_accounted` characters of `chars_in`, its
    /// ratio rounded to four decimals (1 where there is no character).
    pub fn new(chars_in: usize, chars_accounted: usize) -> Self {
        let ratio = if chars_in == 0 {
            1.0
        } else {
            chars_accounted as f64 / chars_in as f64
        };
        Coverage {
            chars_in,
            chars_accounted,
            ratio: (ratio * 10_000.0).round() / 10_000.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ratio is rounded to four decimals, and text with no character
    /// is wholly accounted for.
    #[test]
    fn coverage_rounds_its_ratio_and_counts_nothing_as_whole() {
        let two_thirds = Coverage::new(3, 2);
        assert_eq!((two_thirds.chars_in, two_thirds.chars_accounted), (3, 2));
        assert_eq!(two_thirds.ratio, 0.6667);
        assert_eq!(Coverage::new(0, 0).ratio, 1.0);
        assert_eq!(Coverage::new(7, 7).ratio, 1.0);
    }
}
