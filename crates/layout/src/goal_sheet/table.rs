//! Goal sheets dumped as tab-separated tables (`layout: goal_sheet_table`).
//!
//! One line per row. The department cell is blank on a department's second
//! and later rows. Two row shapes occur, even within one sheet: the number,
//! label and goal in one cell (`1 対面対応 来庁や…`), or each in its own
//! cell (`1<TAB>対面 対応<TAB>来庁や…`). The last cell is the result.
//! A line without tabs inside the table continues the cell above it.

use plansheet_text::repair_label;

use plansheet_text::chars::is_japanese;

use super::{
    Evidence, KNOWN_CATEGORIES, PendingRow, finish_row, is_goal_text, is_known_category,
    is_sheet_header, parse_number,
};
use crate::Line;
use crate::common::cells;
use crate::common::furniture::{
    announces_results, find_furniture, first_line, is_column_header, preamble_line,
};
use crate::common::ledger::{Ledger, span};
use crate::common::units::{ends_like_unit, group_units, is_name_like};
use crate::model::{Diagnostic, DiagnosticCode, LayoutName, Level, LineSpan, PreambleKind, Row};
use crate::recognizer::{Recognizer, Score, Sheet};

/// With a tabbed column header, a document scores at least this much, and
/// more as more of its tabbed lines are numbered rows.
const HEADER_FLOOR: f64 = 0.5;
/// Without a column header, numbered rows alone are weaker evidence: a
/// document scores at most this much.
const HEADERLESS_CEILING: f64 = 0.6;
/// Without a column header, this many numbered rows are needed at all.
const MIN_ROWS_WITHOUT_HEADER: usize = 3;

/// Goal sheets dumped as tab-separated tables.
pub(crate) struct GoalSheetTable;

impl Recognizer for GoalSheetTable {
    fn name(&self) -> LayoutName {
        LayoutName::GoalSheetTable
    }

    /// A tabbed column header and tabbed lines whose second cell starts
    /// with an item number; and, before any of that counts, the positive
    /// evidence every goal sheet shows (see [`Evidence`]).
    fn score(&self, lines: &[Line<'_>]) -> Score {
        let header = lines
            .iter()
            .position(|l| l.contains('\t') && is_column_header(l));
        let start = header.map_or(0, |h| h + 1);
        let tabbed: Vec<&Line<'_>> = lines[start..].iter().filter(|l| l.contains('\t')).collect();
        let rows: Vec<Cells<'_>> = tabbed.iter().filter_map(|l| split_row(l)).collect();
        let numbered = rows.len();
        if numbered == 0 {
            return Score::none("tabbed line with an item number");
        }
        let evidence = Evidence {
            numbered,
            departments: rows
                .iter()
                .filter(|r| is_name_like(r.department) && ends_like_unit(r.department))
                .count(),
            goals: rows.iter().filter(|r| is_goal_text(r.goal)).count(),
            categories: rows
                .iter()
                .filter(|r| r.category.as_deref().is_some_and(is_known_category))
                .count(),
            header: header.filter(|&h| is_sheet_header(&lines[h])),
        };
        evidence.gate(|mut found| {
            let fit = numbered as f64 / tabbed.len() as f64;
            found.push(format!(
                "{numbered} of {} tabbed lines are numbered rows",
                tabbed.len()
            ));
            match header {
                Some(h) => {
                    found.insert(0, format!("tabbed column header at line {}", h + 1));
                    Score::new(HEADER_FLOOR + (1.0 - HEADER_FLOOR) * fit, found)
                }
                None if numbered >= MIN_ROWS_WITHOUT_HEADER => {
                    found.insert(0, "no tabbed column header".into());
                    Score::new(HEADERLESS_CEILING * fit, found)
                }
                None => {
                    found.insert(
                        0,
                        "no tabbed column header and too few numbered rows".into(),
                    );
                    Score::new(0.0, found)
                }
            }
        })
    }

    fn parse(
        &self,
        lines: &[Line<'_>],
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet {
        let header = lines
            .iter()
            .position(|l| l.contains('\t') && is_column_header(l))
            .unwrap_or(0);
        let title = first_line(&lines[..header]).map(str::to_owned);
        let expects_results = announces_results(&lines[header]);

        // Page furniture: everything above the header row, and untabbed lines
        // below it that are titles, headings or page numbers.
        let mut preamble = Vec::new();
        for (kind, marker, group) in find_furniture(lines, title.as_deref(), |i| {
            i <= header || !lines[i].contains('\t')
        }) {
            preamble.push(preamble_line(ledger, lines, kind, marker, &group));
        }
        for (i, line) in lines[..header].iter().enumerate() {
            if !line.trim().is_empty() && !ledger.is_claimed(i) {
                preamble.push(preamble_line(ledger, lines, PreambleKind::Text, None, &[i]));
            }
        }
        preamble.sort_by_key(|p| p.lines.start);

        let mut rows: Vec<PendingRow> = Vec::new();
        let mut department: Vec<String> = Vec::new();
        for (i, line) in lines.iter().enumerate().skip(header + 1) {
            if line.trim().is_empty() || ledger.is_claimed(i) {
                continue;
            }
            // The header row again, as PDFs repeat it on every page.
            if is_column_header(line) {
                preamble.push(preamble_line(
                    ledger,
                    lines,
                    PreambleKind::ColumnHeader,
                    None,
                    &[i],
                ));
                continue;
            }
            // The rest of a row cut by a page break: no department, number or
            // label, more goal and result.
            if let Some(row) = rows.last_mut()
                && let Some((label, goal, result)) = split_continuation(line)
            {
                ledger.claim([i], &format!("{label}{goal}{}", result.concat()));
                if !label.is_empty() {
                    let label = repair_label(label);
                    row.category = Some(row.category.take().unwrap_or_default() + &label);
                }
                row.goal.push(goal.to_owned());
                row.result.extend(result.into_iter().map(str::to_owned));
                row.last = i;
                continue;
            }
            let Some(cells) = split_row(line) else {
                // A wrapped cell: the text continues the last filled cell above.
                match rows.last_mut() {
                    Some(row) => {
                        let text = line.replace('\t', " ");
                        ledger.claim([i], &text);
                        if row.result.is_empty() {
                            row.goal.push(text);
                        } else {
                            row.result.push(text);
                        }
                        row.last = i;
                    }
                    None => diagnostics.push(Diagnostic::at_lines(
                        Level::Warning,
                        DiagnosticCode::StrayText,
                        "text between the column header and the first row belongs to no row".into(),
                        LineSpan::line(i + 1),
                    )),
                }
                continue;
            };
            if !cells.department.is_empty() {
                // A cell naming several units (a PDF cell: まちづくり推進部 総務課)
                // is read top unit down.
                let parts: Vec<&str> = cells.department.split_whitespace().collect();
                department = group_units(&[parts]);
            } else if department.is_empty() {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::MissingDepartment,
                    format!("row {} has no department and none above it", cells.number),
                    LineSpan::line(i + 1),
                ));
            }
            let claimed = format!(
                "{}{}{}{}{}",
                cells.department,
                cells.number,
                cells.category.as_deref().unwrap_or(""),
                cells.goal,
                cells.result.concat()
            );
            ledger.claim([i], &claimed);
            rows.push(PendingRow {
                department_path: department.clone(),
                number: cells.number,
                numbers: cells.numbers,
                category: cells.category,
                goal: vec![cells.goal.to_owned()],
                result: cells.result.into_iter().map(str::to_owned).collect(),
                first: i,
                last: i,
            });
        }
        let rows: Vec<Row> = rows.into_iter().map(finish_row).collect();
        if expects_results && !rows.is_empty() && rows.iter().all(|r| r.result.is_none()) {
            diagnostics.push(Diagnostic::at_lines(
                Level::Info,
                DiagnosticCode::NoResults,
                "the sheet has a results column but no row fills it".into(),
                span(header, header),
            ));
        }
        super::sheet(title, preamble, rows)
    }
}

struct Cells<'a> {
    department: &'a str,
    number: String,
    numbers: Vec<u32>,
    category: Option<String>,
    goal: &'a str,
    result: Vec<&'a str>,
}

/// Splits a tabbed row line into its cells; `None` if the line is not a
/// numbered row.
fn split_row(line: &str) -> Option<Cells<'_>> {
    if !line.contains('\t') {
        return None;
    }
    let cells = cells(line);
    let department = cells[0];
    let rest = &cells[1..];
    if let Some((number, numbers)) = rest.first().and_then(|c| parse_number(c)) {
        let category = rest
            .get(1)
            .map(|c| repair_label(c))
            .filter(|c| !c.is_empty());
        return Some(Cells {
            department,
            number,
            numbers,
            category,
            goal: rest.get(2).copied().unwrap_or(""),
            result: non_empty(rest.get(3..).unwrap_or(&[])),
        });
    }
    let (number, numbers, category, goal) = split_combined(rest.first()?)?;
    Some(Cells {
        department,
        number,
        numbers,
        category,
        goal,
        result: non_empty(&rest[1..]),
    })
}

/// A label piece: a few Japanese characters, no sentence punctuation.
fn is_label_piece(token: &str) -> bool {
    let len = token.chars().count();
    (1..=6).contains(&len) && token.chars().all(|c| is_japanese(c) || c == '・')
}

/// Splits a cell holding `number label goal` (the label possibly spaced
/// out: `1 対面 対応 来庁や…`, `3 お 知 ら せ 提供する…`).
///
/// A spaced-out label is made of pieces of at most two characters; pieces
/// are added while they do not turn a known label into something no known
/// label starts with, so that `1 共通 市民 の…` keeps 市民 in the goal while
/// `1 対 面 対 応 …` still becomes 対面対応.
fn split_combined(cell: &str) -> Option<(String, Vec<u32>, Option<String>, &str)> {
    let (head, rest) = cell.split_once(char::is_whitespace)?;
    let (number, numbers) = parse_number(head)?;
    let rest = rest.trim_start();
    let mut label = String::new();
    let mut goal = rest;
    let mut cursor = rest;
    while let Some((piece, after)) = cursor.split_once(char::is_whitespace) {
        let after = after.trim_start();
        let first_piece = label.is_empty();
        if after.is_empty() || !is_label_piece(piece) {
            break;
        }
        if !first_piece {
            let extended = format!("{label}{piece}");
            let known = KNOWN_CATEGORIES.contains(&label.as_str());
            let may_grow = KNOWN_CATEGORIES.iter().any(|k| k.starts_with(&extended));
            if piece.chars().count() > 2 || (known && !may_grow) {
                break;
            }
        }
        label.push_str(piece);
        goal = after;
        cursor = after;
        if first_piece && piece.chars().count() > 2 {
            break;
        }
    }
    let category = (!label.is_empty()).then_some(label);
    Some((number, numbers, category, goal))
}

/// Cells of a row continued from the previous page: department and number
/// empty; the rest of the label, goal and result.
fn split_continuation(line: &str) -> Option<(&str, &str, Vec<&str>)> {
    let cells = cells(line);
    if cells.len() < 4
        || cells[..2].iter().any(|c| !c.is_empty())
        || cells[2..].iter().all(|c| c.is_empty())
    {
        return None;
    }
    Some((cells[2], cells[3], non_empty(&cells[4..])))
}

fn non_empty<'a>(cells: &[&'a str]) -> Vec<&'a str> {
    cells.iter().copied().filter(|c| !c.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(cell: &str) -> (String, Option<String>, String) {
        let (n, _, c, g) = split_combined(cell).unwrap();
        (n, c, g.to_owned())
    }

    #[test]
    fn one_cell_rows_split_into_number_label_goal() {
        assert_eq!(
            split("1 対面対応 来庁や電話に対して、"),
            (
                "1".into(),
                Some("対面対応".into()),
                "来庁や電話に対して、".into()
            )
        );
        assert_eq!(
            split("2 対面 対応 来庁者に"),
            ("2".into(), Some("対面対応".into()), "来庁者に".into())
        );
        assert_eq!(
            split("3 お 知 ら せ 提供する情報"),
            ("3".into(), Some("お知らせ".into()), "提供する情報".into())
        );
        assert_eq!(
            split("2・3 共通 市民 の声を"),
            ("2・3".into(), Some("共通".into()), "市民 の声を".into())
        );
        assert_eq!(
            split("1 共 通 来庁者 への"),
            ("1".into(), Some("共通".into()), "来庁者 への".into())
        );
    }

    #[test]
    fn one_cell_row_without_label() {
        assert_eq!(
            split("1 来庁者が目的を達成できるよう、丁寧に対応します。"),
            (
                "1".into(),
                None,
                "来庁者が目的を達成できるよう、丁寧に対応します。".into()
            )
        );
        assert_eq!(
            split("1 【目標】 来庁者が"),
            ("1".into(), None, "【目標】 来庁者が".into())
        );
    }

    #[test]
    fn cell_per_column_rows() {
        let cells = split_row("日吉出張所\t1\t対面 対応\t窓口に来庁される方に\t").unwrap();
        assert_eq!(
            (cells.department, cells.number.as_str()),
            ("日吉出張所", "1")
        );
        assert_eq!(cells.category.as_deref(), Some("対面対応"));
        assert_eq!(
            (cells.goal, cells.result.len()),
            ("窓口に来庁される方に", 0)
        );
        let cells = split_row("\t2\t\t電話での応接時に\t実施しました。").unwrap();
        assert_eq!((cells.department, cells.category), ("", None));
        assert_eq!(cells.result, ["実施しました。"]);
    }

    #[test]
    fn lines_that_are_not_rows() {
        assert!(split_row("部署名\t目標").is_none());
        assert!(split_row("続きの文章です。").is_none());
    }
}
