//! Goal sheets dumped as tab-separated tables (`layout: goal_sheet_table`).
//!
//! One line per row. The department cell is blank on a department's second
//! and later rows. Two row shapes occur, even within one sheet: the number,
//! label and goal in one cell (`1 対面対応 来庁や…`), or each in its own
//! cell (`1<TAB>対面 対応<TAB>来庁や…`). The last cell is the result.
//! A line without tabs inside the table continues the cell above it.

use std::cell::OnceCell;
use std::collections::HashMap;

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::{append_wrapped, is_paragraph_start, repair_label};

use plansheet_text::chars::{PARTICLES, is_hiragana, is_katakana};

use super::doubt;
use super::{
    BRACKETS, Evidence, GOAL_WORDS, KNOWN_CATEGORIES, PendingRow, announces_list, ends_sentence,
    finish_row, is_bare_number, is_branch_number, is_closing_mark, is_cut_number, is_goal_text,
    is_known_category, is_label_text, is_plain_unit, is_sheet_header, is_sheet_title,
    is_unit_contact, is_ward_office, joins_labels, names_author, parse_number, titles_a_sheet,
    unbracketed, year_columns_score,
};
use crate::Line;
use crate::common::era::retitles;
use crate::common::furniture::{
    DEPARTMENT_COLUMN_WORDS, Reprints, announces_results, find_furniture, is_column_word,
    is_date_line, is_heading, page_of, preamble_line, same_but_spacing, words_and_page,
};
use crate::common::ledger::{Ledger, span};
use crate::common::units::{
    ends_like_unit, group_units, is_counter, is_name_like, path_words, unit_depth,
};
use crate::grid::{CellLine, Grid, GridRow, lift};
use crate::model::{Diagnostic, DiagnosticCode, LayoutName, Level, LineSpan, PreambleKind, Row};
use crate::recognizer::{Memo, Recognizer, Score, Sheet};

/// With a tabbed column header, a document scores at least this much, and
/// more as more of its tabbed lines are numbered rows.
const HEADER_FLOOR: f64 = 0.5;
/// Without a column header, numbered rows alone are weaker evidence: a
/// document scores at most this much.
const HEADERLESS_CEILING: f64 = 0.6;
/// Without a column header, this many numbered rows are needed at all,
/// unless the document opens with a goal sheet's title.
const MIN_ROWS_WITHOUT_HEADER: usize = 3;

/// A page header printed again on later pages is at most this many lines
/// from the first page's top (title, office, date …), and as many from its
/// column header up.
const PAGE_HEADER_LINES: usize = 8;

/// A department cell longer than this (in characters, all its units) is
/// not carried down to the rows below it: the longest unit path the
/// sheets print is some 40.
const MAX_CARRIED_DEPARTMENT: usize = 100;

/// The most cells a document's `ambiguous_line` warnings about padding
/// name; one more counts the rest.
const MAX_UNSURE_CELLS: usize = 20;

/// Goal sheets dumped as tab-separated tables.
pub(crate) struct GoalSheetTable;

impl Recognizer for GoalSheetTable {
    fn name(&self) -> LayoutName {
        LayoutName::GoalSheetTable
    }

    /// A tabbed column header and tabbed lines whose second cell starts
    /// with an item number; and, before any of that counts, the positive
    /// evidence every goal sheet shows (see [`Evidence`]).
    fn score(&self, lines: &[Line<'_>], memo: &Memo) -> Score {
        if let Some(score) = year_columns_score(lines, memo) {
            return score;
        }
        let header = lines
            .iter()
            .position(|l| l.has_tab() && l.is_column_header());
        let start = header.map_or(0, |h| h + 1);
        let joins = header.map_or_else(Joins::default, |h| Joins::of(&lines[h]));
        let tabbed: Vec<usize> = (start..lines.len())
            .filter(|&i| lines[i].has_tab())
            .collect();
        let rows: Vec<(usize, Cells<'_>)> = tabbed
            .iter()
            .filter_map(|&i| Some((i, split_row(&join_columns(lift(&lines[i]), joins))?)))
            .collect();
        let numbered = rows.len();
        if numbered == 0 {
            return Score::none("tabbed line with an item number");
        }
        // A unit's name wrapped in its cell ends on the line below, which
        // numbers no item (`地域みまもり支援` over `センター⇥…`).
        let wrapped_on = |i: usize| {
            lines
                .get(i + 1)
                .filter(|next| split_row(&join_columns(lift(next), joins)).is_none())
                .and_then(|next| next.split('\t').next())
                .map_or("", str::trim)
        };
        let evidence = Evidence {
            numbered,
            departments: rows
                .iter()
                .filter(|(i, r)| {
                    let department = r.department.concat();
                    let unit = |name: &str| is_name_like(name) && ends_like_unit(name);
                    unit(&department)
                        || !department.is_empty() && {
                            let rest = wrapped_on(*i);
                            !rest.is_empty() && unit(&[department.as_str(), rest].concat())
                        }
                })
                .count(),
            goals: rows
                .iter()
                .filter(|(_, r)| is_goal_text(&r.goal.concat()))
                .count(),
            categories: rows
                .iter()
                .filter(|(_, r)| r.category.as_deref().is_some_and(is_known_label))
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
                // Fewer rows under a goal sheet's title: the title says
                // what they are.
                None if titles_a_sheet(lines) => {
                    found.insert(
                        0,
                        "no tabbed column header, under a goal sheet's title".into(),
                    );
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
        grid: &Grid<'_>,
        _memo: &Memo,
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet {
        let lines = grid.lines();
        let header = lines
            .iter()
            .position(|l| l.has_tab() && l.is_column_header());
        // Without a column header (a sheet under its title), the table
        // starts at its first row, and what is above it is the page's
        // header, as above a column header.
        let top = header.unwrap_or_else(|| {
            (0..lines.len())
                .find(|&i| row_at(grid, i, Joins::default()).is_some())
                .unwrap_or(0)
        });
        let headed = header.is_some();
        let header = header.unwrap_or(top.saturating_sub(1));
        // The table's first line below its column header: without one, its
        // first row, and the line above it stands for the header (a header
        // line without tabs still names the columns) — none where the first
        // row is the document's first line.
        let body = if headed { header + 1 } else { top };
        let header_line: &str = if body > 0 { &lines[header] } else { "" };
        let title = super::title_above(&lines[..top]).map(str::to_owned);
        let expects_results = announces_results(header_line);
        // A department in two columns (部名 | 課名): read as one cell, the
        // division's name carried to the rows that name only a section.
        // (The goal's columns only under a header: the line above a
        // headerless table's first row names none.)
        let joins = Joins {
            goal: headed.then(|| goal_columns(header_line)).flatten(),
            ..Joins::of(header_line)
        };
        // Each line's row under those joins, read once: the parser asks
        // it of most lines several times (whether the sheet prints labels,
        // whether units number from 1, a header printed again, the row
        // below a wrap …).
        let row_cache: Vec<OnceCell<Option<Cells<'_>>>> =
            (0..lines.len()).map(|_| OnceCell::new()).collect();
        let row = |i: usize| {
            row_cache
                .get(i)
                .and_then(|cell| cell.get_or_init(|| row_at(grid, i, joins)).as_ref())
        };
        let split = joins.department;
        let mut division: Option<String> = None;
        // The number's column (after the department's one or two).
        let number_column = 1 + usize::from(split);
        // Whether every unit starts its numbering at 1, once asked.
        let start_at_one = OnceCell::new();
        // Whether the sheet prints labels (a row with a known one), once
        // asked: only then is a word no list knows a label.
        let labels = OnceCell::new();
        let prints_labels = || {
            *labels.get_or_init(|| {
                (body..lines.len()).any(|i| {
                    row(i).is_some_and(|r| r.category.as_deref().is_some_and(is_known_label))
                })
            })
        };
        // Rows are read goal first, as the sheets print them; a header that
        // puts the results column first says the cells may be the other
        // way round.
        let columns: Vec<&str> = header_line.split('\t').collect();
        let result_column = columns
            .iter()
            .position(|c| c.contains("結果") || c.contains("達成度") || c.contains("評価"));
        let goal_column = columns.iter().enumerate().position(|(k, c)| {
            Some(k) != result_column
                && (c.contains("取組内容") || matches!(c.trim(), "目標" | "取組目標"))
        });
        if let (Some(goal), Some(result)) = (goal_column, result_column)
            && result < goal
        {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::ColumnOrder,
                format!(
                    "the column header puts 「{}」 before 「{}」: rows are read with the goal \
                     first, as the sheets print them, so goal and result may be swapped",
                    columns[result].trim(),
                    columns[goal].trim()
                ),
                LineSpan::line(header + 1),
            ));
        }
        // Two tables side by side (goals left, results right), each with
        // its department's column: a row's cells from the second on are read
        // as its results, the second table's department and number with
        // them (rev70 c18: `危機管理担当1５月と…`, ok).
        let department_columns: Vec<usize> = (0..columns.len())
            .filter(|&k| DEPARTMENT_COLUMN_WORDS.contains(&columns[k].trim()))
            .collect();
        if let [first, .., again] = department_columns[..]
            && again > first + 1
        {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::ColumnOrder,
                format!(
                    "the column header names the department's column twice (columns {} and {}): \
                     two tables side by side, whose second is read into the results, its \
                     department and number cells with them",
                    first + 1,
                    again + 1
                ),
                LineSpan::line(header + 1),
            ));
        } else if let Some(goal) = joins.goal.map(|(_, last)| last).or(goal_column) {
            // A column after the goal's that rows have no field for (`期限`,
            // `担当者`, `備考`), or a second naming results (`評価` beside
            // `実施結果…`: a grade, rev86 p12 `…減りました。A`, ok): its
            // cells are read into the results.
            let mut after: Vec<&str> = columns[goal + 1..]
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect();
            // The results' column: the first to say 結果, else the first
            // naming results at all (`評価` before `実施結果` is the other).
            if let Some(result) = after
                .iter()
                .position(|c| c.contains("結果"))
                .or_else(|| after.iter().position(|c| names_results(c)))
            {
                after.remove(result);
            }
            let others: Vec<String> = after.iter().map(|c| format!("「{c}」")).collect();
            if !others.is_empty() {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::ColumnOrder,
                    format!(
                        "the column header has {} after the goal's column, which rows have no \
                         field for: its cells are read into the results",
                        others.join(" and ")
                    ),
                    LineSpan::line(header + 1),
                ));
            }
        }

        // Page furniture: everything above the header row, and untabbed lines
        // below it that are titles, headings or page numbers.
        let mut preamble = Vec::new();
        for (kind, marker, group) in
            find_furniture(lines, title.as_deref(), |i| i < body || !lines[i].has_tab())
        {
            preamble.push(preamble_line(ledger, lines, kind, marker, &group));
        }
        for (i, line) in lines[..top].iter().enumerate() {
            if !line.trim().is_empty() && !ledger.is_claimed(i) {
                preamble.push(preamble_line(ledger, lines, PreambleKind::Text, None, &[i]));
            }
        }
        preamble.sort_by_key(|p| p.lines.start);
        // Numbered rows above the column header (a first page whose header
        // row was not told as one: a stacked label printed into it, `分類
        // 庁内体制`) are in the preamble, not rows: never silently.
        let stray_row =
            |i: usize| grid.is_row(i) && row(i).is_some_and(|r| is_goal_text(&r.goal.concat()));
        if let Some(first) = (0..header).find(|&i| stray_row(i)) {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::StrayText,
                format!(
                    "line {} reads as a numbered row, but it stands above the column header \
                     (line {}): it and the lines around it are in the preamble, not in rows",
                    first + 1,
                    header + 1
                ),
                LineSpan::line(first + 1),
            ));
        }

        // The page header's lines (the ward's name …), which a later page
        // prints again between the rows: the first page's first lines and
        // its last ones above the column header (a signature such as
        // `架空区役所長` under policies and goals), a few of each, so that
        // comparing each line below with them stays linear.
        let mut page_header: Vec<&str> = lines[..top]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        if page_header.len() > 2 * PAGE_HEADER_LINES {
            page_header.drain(PAGE_HEADER_LINES..page_header.len() - PAGE_HEADER_LINES);
        }
        // (Or two of its lines on one: `令和5年度…シート　川崎区役所`
        // under a first page printing the title over the ward; rev80 gt03:
        // it ran into the result above.)
        let joined: Vec<String> = page_header.windows(2).map(|pair| pair.concat()).collect();
        let repeats_header = |line: &str| {
            page_header.iter().any(|h| same_but_spacing(h, line))
                || joined.iter().any(|h| same_but_spacing(h, line))
        };
        // A tabbed line of the first page's column header printed again, no
        // numbered row: the header's first line where it wraps over two
        // (`部署名⇥…⇥実施結果及び目標の` / `⇥⇥達成度`), whose words alone make
        // no header.
        // (The tabbed lines right above a column header, three at most:
        // above a table without one, tabbed lines are rows' lines whose
        // number was lost.)
        let wrapped_head: Vec<&str> = if headed {
            lines[header.saturating_sub(3)..header]
                .iter()
                .rev()
                .take_while(|l| l.has_tab())
                .map(|l| l.trim())
                .collect()
        } else {
            Vec::new()
        };
        let header_again = |i: usize| {
            lines[i].has_tab()
                && wrapped_head
                    .iter()
                    .any(|h| same_but_spacing(h, lines[i].trim()))
                && row(i).is_none()
        };
        // A header's second line, right under its first (through blank
        // lines): the goal column's parts named under its name
        // (`部署名⇥目標及び具体的な取組内容⇥実施結果…` over `⇥番号⇥分類⇥内容`).
        // Short cells, two of them column words at least, no number: it
        // went into the row above it where a page broke the table (its
        // words in the last row's label and goal, rev69 s25).
        let header_under = |i: usize| {
            let cells = || {
                lines[i]
                    .split('\t')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
            };
            lines[i].has_tab()
                && lines[..i]
                    .iter()
                    .rfind(|l| !l.trim().is_empty())
                    .is_some_and(Line::is_column_header)
                && cells().all(|c| c.chars().count() <= 6 && parse_number(c).is_none())
                && cells().filter(|c| is_column_word(c)).count() >= 2
        };
        // A text dump's line of one cell, no item's number in it: a
        // spreadsheet writes every row with all its columns, so a line
        // typed under the table or a page's number in one column comes out
        // as `※ 記載内容は…⇥⇥⇥⇥` or `⇥⇥⇥⇥- 1 -`.
        let lone_cell = |i: usize| {
            grid.row(i).is_none()
                && lines[i].has_tab()
                && lines[i]
                    .split('\t')
                    .filter(|c| !c.trim().is_empty())
                    .count()
                    == 1
                && row(i).is_none()
        };
        // Such a line after a blank line: where no row follows, text under
        // the table, no row's (helper-164: a note, a contact typed under a
        // Calc sheet, in the last goal or result, ok).
        // (A blank line, not a spreadsheet's record above, whose lines after
        // its first the grid leaves blank.)
        let blank_above = |i: usize| {
            i > 0
                && lines[i - 1].trim().is_empty()
                && lines[..i]
                    .iter()
                    .rposition(|l| !l.trim().is_empty())
                    .and_then(|k| grid.record_at(k))
                    .is_none_or(|record| record.last < i - 1)
        };
        let lone_after_blank = |i: usize| lone_cell(i) && blank_above(i);
        // The last table row: untabbed text below it after a blank line is
        // a note under the table (`※ 記載内容は…`, `以上`), or a paragraph
        // of the last cell; which, the text does not say.
        let last_row = (body..lines.len())
            .rev()
            .find(|&i| grid.is_row(i) && !lines[i].is_column_header() && !lone_after_blank(i));
        // The last line that is no page number.
        let last_content = lines
            .iter()
            .rposition(|l| !l.trim().is_empty() && !l.is_page_number());
        // Page furniture between the rows: a page number (`- 2 -`, `2 / 3`,
        // or a number alone at the very end); a line of the page header
        // printed again where the column header or title follows (through
        // more furniture); a number alone there, or before a table line
        // after a finished sentence. Otherwise these go on as the cell's
        // text (`受講者数は` `45`, a policy quoted in a result). Found
        // bottom up, in one pass.
        let mut page_furniture = vec![false; lines.len()];
        // How often each line is printed (white space aside), counted once
        // asked.
        let printed = Reprints::new(lines, |l: &str| is_heading(l) || is_date_line(l));
        let recurs = |line: &str| printed.recurs(line);
        // Lines printed right above a page number on every page they are
        // printed on, twice or more (white space aside): a running foot
        // (`北架空区役所 企画課`, `（企画課作成）`). Counted once asked.
        let above_breaks = OnceCell::new();
        let runs_foot = |line: &str| {
            above_breaks
                .get_or_init(|| {
                    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
                    let mut next_is_break = false;
                    for l in lines[body..].iter().rev() {
                        if l.trim().is_empty() {
                            continue;
                        }
                        if !l.has_tab() {
                            let count = counts.entry(repair_label(l)).or_default();
                            count.0 += 1;
                            count.1 += usize::from(next_is_break);
                        }
                        next_is_break = l.is_page_number();
                    }
                    counts
                })
                .get(&repair_label(line))
                .is_some_and(|&(printed, above_break)| printed > 1 && above_break == printed)
        };
        // Numbers alone on a line of their own (no tab) that count pages
        // with the page numbers around them (`1` here, `2` at the end): the
        // page's number wherever the page broke, in a cell's middle too
        // (`用いま` `1` `\t\tした。`); a number that counts nothing there
        // (`受講者数は` `45`) is the cell's.
        let counted = counted_pages(lines, body);
        // (From the document's start: a running head's first is above the
        // first column header.)
        let numbered_feet = numbered_feet(lines);
        // The page each line is on, by the page breaks above it (counted
        // only for a foot's count, which most sheets lack).
        let pages = OnceCell::new();
        let pages_of = |i: usize| pages.get_or_init(|| Line::pages(lines))[i];
        // Whether the line below (through blank lines) is a page's number.
        let mut page_below = false;
        // What follows, through furniture: nothing, a table row, or the
        // header (the column header or the title again).
        let mut below = Below::End;
        // The first line of a second sheet's title: the first page's title
        // with another fiscal year, above a column header.
        let mut second_sheet: Option<usize> = None;
        for i in (body..lines.len()).rev() {
            let line = lines[i].trim();
            if line.is_empty() {
                continue;
            }
            if ledger.is_claimed(i)
                || lines[i].is_trimmed_column_header()
                || header_again(i)
                || header_under(i)
            {
                below = Below::Header;
                // (A page number the page's furniture took up already.)
                page_below = lines[i].is_page_number();
                continue;
            }
            if grid.is_row(i) {
                below = Below::Row;
                page_below = false;
                continue;
            }
            // (Through a page number: a page's head printed under the
            // number of the page before.)
            let after_sentence = || {
                lines[..i]
                    .iter()
                    .rfind(|l| !l.trim().is_empty() && !l.is_page_number())
                    .is_some_and(|l| ends_sentence(l))
            };
            let retitled = below == Below::Header && page_header.iter().any(|h| retitles(h, line));
            if retitled {
                second_sheet = Some(i);
            }
            // A ward office's name alone between a sheet's title and the
            // column header under it (`令和5年度…取組シート` `三列区役所`
            // over the header, two files joined): the head of the sheet
            // that title opens, not the last result's words; the title
            // above is then read as the first page's again or as another
            // year's.
            let ward_head = below == Below::Header
                && !lines[i].has_tab()
                && is_ward_office(line)
                && lines[..i]
                    .iter()
                    .rfind(|l| !l.trim().is_empty())
                    .is_some_and(|l| is_sheet_title(l.trim()));
            // A number alone under a date printed more than once is a
            // page's foot too, with the date (`令和7年3月31日現在` `2`).
            let under_date = || {
                is_bare_number(line)
                    && !lines[i].has_tab()
                    && lines[..i]
                        .iter()
                        .rfind(|l| !l.trim().is_empty())
                        .is_some_and(|l| is_date_line(l) && recurs(l))
            };
            // At a page's edge: its foot (the header or the end below it,
            // or a form feed after it) or its head (a form feed before it).
            let at_edge = || {
                matches!(below, Below::Header | Below::End)
                    || Line::page_ends_after(lines, i)
                    || i.checked_sub(1)
                        .is_some_and(|j| Line::page_ends_after(lines, j))
            };
            // A page number beside words that are no sentence, printed
            // once: a running foot where it is marked as one (`架空区役所
            // Page 1`), or a count of this very page among the document's
            // pages (`1 / 1 作成：区民課` under a one-page sheet) — not a
            // count of something else, `進捗 3/5`, `研修 11/20`.
            let marked_foot = || {
                !lines[i].has_tab()
                    && words_and_page(line).is_some_and(|beside| {
                        !ends_sentence(beside.words)
                            && (beside.marked
                                || beside.of == Some(pages_of(lines.len() - 1))
                                    && beside.page == pages_of(i))
                    })
            };
            let page_number = lines[i].is_page_number()
                || counted[i]
                || under_date()
                || (numbered_feet[i] || marked_foot()) && at_edge();
            page_furniture[i] = page_number
                // A date printed more than once, right above a page's
                // number: the page's foot (`令和7年3月31日現在`), in a
                // cell's middle or below the last row.
                || page_below && is_date_line(line) && recurs(line)
                || below == Below::Header && repeats_header(line)
                || retitled
                || ward_head
                || is_bare_number(line)
                    && (below == Below::End
                        || below == Below::Header
                        || below == Below::Row && after_sentence())
                // A page's running head or foot alone between rows, after a
                // finished sentence: a line of the page header that is no
                // sentence (the ward's name: a policy quoted in a result
                // stays the result's), or a section heading (区役所サービス
                // 向上目標) or a date printed more than once, as running
                // heads and feet are (one printed once is a result's last
                // line: `2024年3月31日現在`).
                || matches!(below, Below::Row | Below::Header)
                    && (repeats_header(line) && !ends_sentence(line)
                        || (is_heading(line) || is_date_line(line)) && recurs(line))
                    && after_sentence()
                // A running foot above each page's number, after a finished
                // sentence: a footer's or an author's line (`北架空区役所
                // 企画課`, `（企画課作成）`; a grade or a note a cell ends with
                // at each page's foot, `達成度：Ａ`, stays the cell's).
                || matches!(below, Below::Header | Below::End)
                    && (is_footer_line(line, &page_header) || names_author(line))
                    && runs_foot(line)
                    && after_sentence();
            if !page_furniture[i] {
                below = Below::Text;
            }
            page_below = page_number;
        }
        if let Some(i) = second_sheet {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::SecondSheet,
                format!(
                    "line {} is the title again for another fiscal year ({}), above a column \
                     header: a second sheet, whose rows are read with the first's; the \
                     document's title and fiscal year are the first sheet's",
                    i + 1,
                    lines[i].trim()
                ),
                LineSpan::line(i + 1),
            ));
        }
        let mut rows: Vec<PendingRow> = Vec::new();
        // Per row, its goal's and result's wraps short of a rule (see
        // [`short_wraps`]).
        let mut short_wrapped: Vec<usize> = Vec::new();
        // Whether the last row printed no department and numbers its items
        // anew under the unit carried down to it (1 after 1): a unit of its
        // own, whose name a cell aligned to its middle prints on a line
        // below (see the continuation lines).
        let mut unnamed_restart = false;
        let mut department: Vec<String> = Vec::new();
        // The length of a department cell above that was too long to carry
        // down to the rows below it.
        let mut too_long_above: Option<usize> = None;
        // The label of a PDF's category cell merged over the rows below it
        // (`共通` once, beside items 1 and 2), which the page geometry marks
        // as covered (a row span of 0) in the rows below it.
        let mut merged_label: Option<String> = None;
        let category_column = number_column + 1;
        // How the last row laid out its cells, for the rows that continue it.
        let mut shape = Shape::Separate;
        // Whether the text below the table has begun.
        let mut trailing = false;
        let from_pdf = grid.has_rows();
        // Whether every numbered row has a note marked `※` on a line of
        // its own (as many such lines as rows, two at least): each is its
        // row's. Counted once asked.
        // The next line with text within a wrap's reach below line `i`.
        let next_text = |i: usize| {
            (i + 1..lines.len().min(i + 1 + WRAP_LOOKAHEAD)).find(|&j| !lines[j].trim().is_empty())
        };
        let noted = OnceCell::new();
        let every_row_noted = || {
            *noted.get_or_init(|| {
                let notes = (body..lines.len())
                    .filter(|&i| !lines[i].has_tab() && is_note(&lines[i]))
                    .count();
                let numbered = (body..lines.len()).filter(|&i| row(i).is_some()).count();
                notes >= 2 && notes >= numbered
            })
        };
        // How many columns the PDF table rows above have, at most.
        let mut columns_above = 0;
        for (i, line) in lines.iter().enumerate().skip(body) {
            if line.trim().is_empty() || ledger.is_claimed(i) {
                continue;
            }
            // A PDF's box of fewer columns under the sheet's table, with no
            // item number (a web page's `このページの担当` and its contact,
            // set in a frame of one cell or of two): another table's text,
            // no cell of the row above. Left unassigned, with a warning
            // (rev96 H24b, rev98 e3: the last goal's, ok).
            if let Some(cells) = grid.row(i) {
                let columns = cells.cells.len();
                if columns < columns_above && !cells.continued && row(i).is_none() {
                    continue;
                }
                columns_above = columns_above.max(columns);
            }
            // The header row again, as PDFs repeat it on every page.
            if line.is_column_header() || header_again(i) || header_under(i) {
                preamble.push(preamble_line(
                    ledger,
                    lines,
                    PreambleKind::ColumnHeader,
                    None,
                    &[i],
                ));
                continue;
            }
            // A mark that a cell goes on over the page break (`（次頁へ続
            // く）`, `（前頁から続く）`), alone on its line or in a cell of
            // its own: furniture, not the cell's text (rev73 t29: both in
            // the result, ok).
            if is_continued_mark(line) {
                preamble.push(preamble_line(ledger, lines, PreambleKind::Text, None, &[i]));
                continue;
            }
            // A line of the page header printed again as a row of one cell
            // (a title row a writer repeats with the column header on each
            // page): furniture, not the rest of the row above.
            if repeats_header(line)
                && grid
                    .cells(i)
                    .is_some_and(|cells| cells.iter().filter(|c| !texts(c).is_empty()).count() == 1)
            {
                preamble.push(preamble_line(ledger, lines, PreambleKind::Text, None, &[i]));
                continue;
            }
            // A ruled row of notes under a PDF's table, one cell across
            // every column, marked `※`: no cell's text of the row above
            // (rev70 c16: both notes went into the last row's goal, ok).
            // So is a sentence there, a note between two tables stacked
            // alike (rev74 p06: the last goal's, ok).
            if let Some(row) = grid.row(i).filter(|row| {
                (is_note(line) || line.trim_end().ends_with('。')) && spans_the_table(row)
            }) {
                let mut notes = preamble_line(ledger, lines, PreambleKind::Text, None, &[i]);
                // With the cell's line breaks, wraps rejoined (a row's line
                // runs its cells' lines together).
                let cell: Vec<&str> = row.cells[0].iter().map(|l| l.text.trim()).collect();
                notes.text = plansheet_text::join_wrapped(&cell);
                preamble.push(notes);
                continue;
            }
            // A PDF row without a number right over the column header
            // printed again on the same page: a heading between two tables
            // stacked alike (a unit's name over its own table, read as one
            // table with the one above where their rules line up), no
            // cell's text of the row above. Left unassigned, with a warning
            // (helper-132: the heading was the last goal's, or a unit under
            // its department, ok).
            if grid.row(i).is_some_and(|cells| !cells.continued)
                && row(i).is_none()
                && next_text(i).is_some_and(|j| lines[j].is_column_header() || header_again(j))
            {
                continue;
            }
            // A spreadsheet's page number in a column of its own between
            // rows, set between dashes (`⇥⇥⇥⇥- 1 -`): furniture, not the
            // result above's end (helper-164: `…更新しました。- 1 -`, ok).
            // Not a figure a cell ends with (`12/15`, `P.3`: review).
            let dashed = |t: &str| {
                let dash = ['-', '－', '−', '—', '‐'];
                t.starts_with(dash) && t.ends_with(dash)
            };
            if lone_cell(i) && dashed(line.trim()) && line.is_page_number() {
                preamble.push(preamble_line(
                    ledger,
                    lines,
                    PreambleKind::PageNumber,
                    None,
                    &[i],
                ));
                continue;
            }
            // Below the last row, a spreadsheet's lines of one cell after
            // a blank line and what follows them: as untabbed text there,
            // left to `unassigned`, with a warning.
            if last_row.is_some_and(|last| i > last)
                && lines[i].has_tab()
                && grid.row(i).is_none()
                && (trailing || lone_after_blank(i))
            {
                trailing = true;
                continue;
            }
            // A PDF row that may finish a row the page break cut.
            let page_cut = grid.row(i).is_some_and(|row| row.continued);
            let Some(cells) = grid.cells(i) else {
                if page_furniture[i] {
                    let kind = if line.is_page_number() || is_bare_number(line) {
                        PreambleKind::PageNumber
                    } else if is_heading(line) {
                        PreambleKind::Heading
                    } else {
                        PreambleKind::Text
                    };
                    preamble.push(preamble_line(ledger, lines, kind, None, &[i]));
                    continue;
                }
                // Below the last row, after a blank line: left to
                // `unassigned` (with a warning), not glued to the last
                // result. So is the document's last line (a page number
                // aside) under a result that ends its sentence, where it
                // is a footer or a signature, no sentence of the result —
                // unless that sentence announces a list: a unit's bare
                // name (`区長室`), the ward's and a unit's (`北架空区役所
                // 企画課`), a contact or an author (`担当：総務課`,
                // `（問合せ先）…`, `区長室 電話044-…`).
                // So is a note marked `※` there (the grades' legend,
                // `※達成度　Ａ：達成　Ｂ：概ね達成`), which could as well be
                // the cell's last note: either way it is no line of the
                // sentence above.
                // Not a line of the kind every row's result ends with
                // (`担当：窓口係`, `※ 参加者数は延べ人数` under each).
                let closes = |l: &str| is_footer_line(l, &page_header) || is_note(l);
                // (Of the same kind: a note under a row's result above hides
                // no footer on the last line.)
                let same_kind = |l: &str| match is_note(line) {
                    true => is_note(l),
                    false => is_footer_line(l, &page_header),
                };
                let per_row = || {
                    rows.iter()
                        .rev()
                        .skip(1)
                        .any(|row| row.result.last().is_some_and(|l| same_kind(l)))
                };
                let footer = || {
                    last_content == Some(i)
                        && closes(line)
                        && !per_row()
                        && rows.last().is_some_and(|row| {
                            let last_cell = match row.result.is_empty() {
                                true => &row.goal,
                                false => &row.result,
                            };
                            ends_its_sentences(row)
                                && !last_cell.last().is_some_and(|l| announces_list(l))
                        })
                };
                if last_row.is_some_and(|last| i > last)
                    && (lines[i - 1].trim().is_empty() && !rows.is_empty()
                        || is_closing_mark(line)
                        || footer())
                {
                    trailing = true;
                }
                if trailing {
                    // `以上` (the end) alone is the document's closing mark.
                    if is_closing_mark(line) {
                        preamble.push(preamble_line(ledger, lines, PreambleKind::Text, None, &[i]));
                    }
                    continue;
                }
                // A note marked `※` between rows, under a result that ends
                // its sentence, over a row: no line of that sentence
                // either, unless every row has one. Left
                // unassigned, with a warning (rev75 s14: glued to the
                // result above, ok).
                if is_note(line)
                    && !every_row_noted()
                    && rows.last().is_some_and(ends_its_sentences)
                    && next_text(i).is_some_and(|j| grid.is_row(j))
                {
                    continue;
                }
                // A PDF's line that is no table row is printed outside the
                // table's cells (a note between two tables, a page's foot
                // under a table the next page goes on with): no cell's
                // wrap. Left unassigned, with a warning (rev74 p06: a note
                // between two tables was the last goal's, ok).
                if from_pdf {
                    continue;
                }
                // A wrapped cell: the text continues the last filled cell
                // above — or the goal, where the result ends its sentence,
                // the goal stops in a sentence's middle and the line opens
                // with the rest of one (`…を改め` `⇥案内表示を…改めました。`
                // over `ます。`: the goal's wrap, its column lost).
                match rows.last_mut() {
                    Some(row) => {
                        let text = line.replace('\t', " ");
                        ledger.claim([i], &text);
                        // (A result's `。`: not a bracket, `実施（年2回）`,
                        // that a sentence may go on after.)
                        let goal_rest = || {
                            row.result
                                .last()
                                .is_some_and(|l| l.trim_end().ends_with('。'))
                                && row.goal.last().is_some_and(|l| !ends_sentence(l))
                                && doubt::opens_with_ending(&text)
                        };
                        if row.result.is_empty() || goal_rest() {
                            row.goal.push(text);
                        } else {
                            row.result.push(text);
                        }
                        row.last = i;
                    }
                    None => diagnostics.push(stray(i)),
                }
                continue;
            };
            // How many of the department cell's lines are the division's.
            let division_lines = if split {
                cells.first().map_or(0, |c| texts(c).len())
            } else {
                0
            };
            let cells = join_columns(cells, joins);
            // A total row (`合計⇥取組項目　4件⇥達成　3件`): the sheet's
            // count, no item's text. In no row, so in `unassigned`, with a
            // warning (rev73 t17: glued to the last item, ok).
            // (Told first by the cell's first character: most rows fail.)
            if cells.first().and_then(|c| c.first()).is_some_and(|l| {
                l.text
                    .trim_start()
                    .starts_with(['合', '小', '総', '計', '累'])
            }) && cells.first().is_some_and(|c| is_total(&texts(c).concat()))
            {
                continue;
            }
            // A goal's wrap that opens with a figure (`…証明書の窓口を`
            // over `⇥2 名体制とし、…`) is no item: where the sheet prints
            // labels and the line has none, the goal above runs on, the
            // figure counts something (`名`, `件`) and the unit's next item,
            // a few lines below, has the same number (rev73 t26: an item 2 of
            // its own, ok).
            let parsed = read_row(&cells, &prints_labels).filter(|p| {
                !(p.shape == Shape::Combined
                    && p.category.is_none()
                    && p.department.is_empty()
                    && p.goal.first().is_some_and(|g| {
                        // (The counter a word's own, not a word's first
                        // character: `名体制`, not `分かりやすい`.)
                        let mut chars = g.trim_start().chars();
                        chars.next().is_some_and(is_counter)
                            && !chars.next().is_some_and(is_hiragana)
                    })
                    && rows
                        .last()
                        .is_some_and(|r| r.goal.last().is_some_and(|l| !ends_sentence(l)))
                    && prints_labels()
                    && (i + 1..lines.len().min(i + 1 + WRAP_LOOKAHEAD))
                        .find_map(row)
                        .is_some_and(|next| {
                            next.department.is_empty() && next.numbers == p.numbers
                        }))
            });
            let Some(parsed) = parsed else {
                // The rest of a row: no number, more label, goal and result —
                // a row cut by a page break, or a row a text dump printed
                // over several lines. Where the page break cut the
                // department cell too, its rest names the unit below.
                let Some(row) = rows.last_mut() else {
                    diagnostics.push(stray(i));
                    continue;
                };
                let unread = unread_number(&cells, shape);
                let sentences_end = ends_its_sentences(row);
                let others = cells.iter().skip(1).any(|c| !texts(c).is_empty());
                // Whether the next line, no row of its own, names a unit in
                // its first cell: the end of a name cut at this line's —
                // asked of a line whose first cell ends in no hiragana and
                // holds no particle a name never has (a goal's wrap in the
                // first cell of a dump that dropped the empty cells before
                // it, `来庁者の多い時間帯は` or `手続の案内を地域` over a
                // unit's name, is no name).
                let cut_name = cells.first().is_some_and(|cell| {
                    texts(cell).last().is_some_and(|t| {
                        !t.ends_with(is_hiragana) && !t.contains(['を', 'は', 'が'])
                    })
                });
                let unit_below = || {
                    cut_name
                        && grid
                            .cells(i + 1)
                            .map(|next| join_columns(next, joins))
                            .filter(|next| read_row(next, &prints_labels).is_none())
                            .is_some_and(|next| {
                                next.first().is_some_and(|cell| {
                                    texts(cell)
                                        .first()
                                        .is_some_and(|t| is_name_like(t) && ends_like_unit(t))
                                })
                            })
                };
                let next_dropped = || {
                    grid.row(i + 1).is_none()
                        && grid
                            .cells(i + 1)
                            .map(|next| join_columns(next, joins))
                            .is_some_and(|next| {
                                next.len() == 2
                                    && next.iter().all(|c| !texts(c).is_empty())
                                    && !texts(&next[0]).iter().all(|t| is_name_like(t))
                                    && read_row(&next, &prints_labels).is_none()
                            })
                };
                let mut rest = continuation(
                    &cells,
                    shape,
                    page_cut,
                    Around {
                        above: &row.department_path,
                        unit_below: &unit_below,
                        full: path_length(&row.department_path) > MAX_CARRIED_DEPARTMENT,
                        dump: grid.row(i).is_none(),
                        runs_on: [&row.goal, &row.result]
                            .iter()
                            .all(|cell| cell.last().is_some_and(|l| !ends_sentence(l))),
                        result_open: row.result.last().is_none_or(|l| !ends_sentence(l)),
                        category: row.category.as_deref(),
                        number: &row.number,
                        next_dropped: &next_dropped,
                    },
                    others || sentences_end,
                );
                if let Some(name) = rest.name_read_as_goal.take() {
                    diagnostics.push(Diagnostic::at_lines(
                        Level::Warning,
                        DiagnosticCode::AmbiguousLine,
                        format!(
                            "line {} holds two cells under row {}'s goal and result, which both \
                             run on: {name} may be the department cell's next line or the goal's \
                             wrap in a dump that dropped the empty cells before it; read as the \
                             goal's, the second cell as the result's",
                            i + 1,
                            row.number,
                        ),
                        LineSpan::line(i + 1),
                    ));
                }
                if let Some(text) = rest.first_read_as_goal.take() {
                    diagnostics.push(Diagnostic::at_lines(
                        Level::Warning,
                        DiagnosticCode::AmbiguousLine,
                        format!(
                            "line {} prints 「{text}」 in the department column under row {}, \
                             where no department's name goes on: read as the goal's wrap, but a \
                             note or a heading printed between rows stands there too",
                            i + 1,
                            row.number,
                        ),
                        LineSpan::line(i + 1),
                    ));
                }
                // A PDF line under a number cell that spans it: a row of
                // the item's own (a sub-goal and its result), whose cells
                // are not the cells above — each opens a paragraph where
                // the cell above ends a sentence (a writer may go on with
                // a sentence in the row below).
                if !page_cut && grid.row_span(i, number_column) == Some(0) {
                    for (cell, above) in
                        [(&mut rest.goal, &row.goal), (&mut rest.result, &row.result)]
                    {
                        if let Some(first) = cell.first_mut()
                            && above.last().is_some_and(|l| ends_sentence(l))
                            && !first.starts_with('\u{3000}')
                        {
                            first.insert(0, '\u{3000}');
                        }
                    }
                }
                // A row of its own whose number is missing or not one the
                // sheets print (`(1)`, `①`): a label of its own under the
                // row's, or a goal opening with an item mark. Added to the
                // row above all the same, but not silently.
                let label = rest.label.concat();
                // (Not the rest of a label cut after its `・`, `電話・` /
                // `窓口対応`.)
                let own_label = row.category.as_ref().is_some_and(|above| {
                    reads_as_label(&label)
                        && !is_known_category(&[above.as_str(), label.as_str()].concat())
                        && !above.ends_with('・')
                });
                // (Not the second item of a goal whose first is marked, nor
                // an item of a list the goal announced, `次のことに取り組み
                // ます。` over `① …` and `② …`, with no label after its
                // mark; nor a line under a number cell that spans it.)
                let listed = || {
                    rest.goal.first().is_some_and(|g| {
                        lists_item(row.goal.last().map(String::as_str), g)
                            && !after_item_mark(g)
                                .split_whitespace()
                                .next()
                                .is_some_and(reads_as_label)
                    })
                };
                let marked = (unread.is_some()
                    || rest.goal.first().is_some_and(|g| opens_with_item_mark(g))
                        && !row.goal.first().is_some_and(|g| opens_with_item_mark(g))
                        && !listed())
                    && grid.row_span(i, number_column) != Some(0);
                let said = !page_cut && (own_label || marked);
                if said {
                    diagnostics.push(Diagnostic::at_lines(
                        Level::Warning,
                        DiagnosticCode::MergedRow,
                        format!(
                            "line {} has no item number, so its cells were added to row {} above; \
                             it looks like a row of its own ({})",
                            i + 1,
                            row.number,
                            match (own_label, &unread) {
                                (true, _) => format!("a label of its own, {label}"),
                                (false, Some(number)) => format!(
                                    "「{number}」 where its number stands, which the sheets do \
                                     not print as an item number"
                                ),
                                (false, None) => "its goal opens with an item mark".to_owned(),
                            }
                        ),
                        LineSpan::line(i + 1),
                    ));
                }
                // (A label of its own in the label cell, not the rest of a
                // label printed over two lines; or a label opening an
                // unindented goal, `対面対応 用件を…`, not a paragraph's word.)
                let labelled = own_label
                    || rest
                        .goal
                        .first()
                        .filter(|g| !g.starts_with(char::is_whitespace))
                        .and_then(|g| g.split_once(char::is_whitespace))
                        .is_some_and(|(word, goal)| {
                            reads_as_label(word) && !goal.trim().is_empty()
                        })
                    || rest
                        .goal
                        .first()
                        .filter(|g| !g.starts_with(char::is_whitespace))
                        .is_some_and(|g| is_known_category(g.trim_end()));
                // A row that numbers its items anew under the unit carried
                // down to it, whose first department text comes on a line
                // below: a cell aligned to its middle names the row's own
                // unit there (`⇥1 庁内体制 …` / `危機管理担当⇥…` under 企画課's
                // 1), not one under the unit above.
                // (Not where the names say otherwise: a line that opens a
                // label of its own is a row whose number is lost; a unit
                // the path holds already is its name printed again, as on
                // a page's top; a line whose other cells hold no goal text
                // is a footer's, `区政推進課⇥2/2`; a sheet with a division
                // column has its own way.)
                // (Asked once a line names a unit: the row's first such line.)
                let restarted = match rest.department.is_empty() {
                    true => false,
                    false => std::mem::take(&mut unnamed_restart),
                };
                let own_unit = restarted
                    && !labelled
                    && !split
                    && !rest
                        .department
                        .iter()
                        .any(|name| row.department_path.iter().any(|unit| unit == name))
                    && rest
                        .goal
                        .iter()
                        .chain(&rest.result)
                        .any(|t| is_goal_text(t));
                // A unit no deeper than the row's own, in the department
                // cell of a line without a number: a row of the next unit
                // whose number is lost, not the cell's second line — said,
                // though read as the cell's. Where a name does not say how
                // deep it stands (`…担当`, `…センター`), only a line that opens
                // a label of its own under a goal and result that end their
                // sentences may be either (a centre's division on the cell's
                // next line, beside a goal's next paragraph, is the cell's:
                // Kawasaki's 地域みまもり支援センター / 地域支援部). Read as the
                // row's own unit (a cell aligned to its middle), a unit no
                // deeper than the one above stays doubtful (a name that
                // straddles the next row's line): said too.
                if !page_cut
                    && !said
                    && let (Some(unit), Some(own)) =
                        (rest.department.first(), row.department_path.last())
                    && ends_like_unit(own)
                    && ends_like_unit(unit)
                {
                    let depths = unit_depth(unit).zip(unit_depth(own));
                    let no_deeper = depths.is_some_and(|(depth, own_depth)| depth <= own_depth);
                    // A unit printed again is taken off the path (see
                    // `finish_row`): no path to name.
                    let read = if own == unit {
                        format!("it was read as the same department cell, {own} printed again")
                    } else {
                        format!("it was read as the same department cell, a path {own}/{unit}")
                    };
                    let lost = if own_unit {
                        no_deeper.then(|| {
                            format!(
                                "has no item number, and row {} numbers its items anew with no \
                                 name on its own line: it was read as that row's own unit (a \
                                 cell aligned to its middle), not a path {own}/{unit}",
                                row.number
                            )
                        })
                    } else if depths.is_some() {
                        no_deeper.then(|| format!("has no item number: {read}"))
                    } else {
                        (sentences_end && labelled).then(|| {
                            format!(
                                "has no item number, and opens a label of its own under a goal \
                                 and result that end their sentences; the names do not say \
                                 whether one unit holds the other or a row's number is lost: {read}"
                            )
                        })
                    };
                    if let Some(lost) = lost {
                        diagnostics.push(Diagnostic::at_lines(
                            Level::Warning,
                            DiagnosticCode::MergedRow,
                            format!(
                                "line {} names the unit {unit} beside row {}'s {own}, but {lost}",
                                i + 1,
                                row.number,
                            ),
                            LineSpan::line(i + 1),
                        ));
                    }
                }
                let mut claimed = String::new();
                // The path the cut row had, where the next page's part of a
                // department cell goes on with it (see below).
                let mut cut_path: Option<Vec<String>> = None;
                if !rest.department.is_empty() {
                    let mut lines: Vec<&str> = match own_unit {
                        true => Vec::new(),
                        false => row.department_path.iter().map(String::as_str).collect(),
                    };
                    lines.extend(path_words(&rest.department));
                    department = group_units(&[lines]);
                    if page_cut && !own_unit {
                        cut_path = Some(std::mem::take(&mut row.department_path));
                    }
                    row.department_path = department.clone();
                    claimed.extend(rest.department.iter().copied());
                    let length = path_length(&department);
                    if length > MAX_CARRIED_DEPARTMENT {
                        department.clear();
                        too_long_above = Some(length);
                    }
                }
                if !rest.label.is_empty() {
                    let label = repair_label(&rest.label.concat());
                    claimed.push_str(&label);
                    row.category = Some(row.category.take().unwrap_or_default() + &label);
                }
                if let Some(more) = rest.number {
                    if let Some((number, numbers)) =
                        parse_number(&[row.number.as_str(), &more].concat())
                    {
                        row.number = number;
                        row.numbers = numbers;
                    }
                    claimed.push_str(&more);
                }
                if let Some(n) = short_wrapped.last_mut() {
                    *n += rest.short_wraps;
                }
                for l in rest.goal {
                    claimed.push_str(&l);
                    row.goal.push(l);
                }
                for l in rest.result {
                    claimed.push_str(&l);
                    row.result.push(l);
                }
                ledger.claim([i], &claimed);
                row.last = i;
                if let Some(before) = cut_path {
                    finish_cut_department(grid, &mut rows, &before);
                }
                continue;
            };
            shape = parsed.shape;
            if !parsed.department.is_empty() {
                // A cell naming several units (a PDF cell: まちづくり推進部 /
                // 総務課, or a dump's まちづくり推進部 総務課) is read top unit down.
                // Two cells (部名 | 課名) are two units, however they end.
                let (named_division, section) = parsed
                    .department
                    .split_at(division_lines.min(parsed.department.len()));
                let blocks: Vec<Vec<&str>> = [path_words(named_division), path_words(section)]
                    .into_iter()
                    .filter(|b| !b.is_empty())
                    .collect();
                let named = group_units(&blocks);
                // A department cell the page break cut in two, each part
                // with a name (a cell aligned to the middle: 総務企画部 at
                // one page's foot, 総務課 at the next page's top): the
                // numbering goes on (4 after 3) where every unit named
                // elsewhere starts at 1. Both parts' rows get both names.
                // A name the break cut mid-word (`選挙管理委員` / `会事務局`:
                // no unit's ending, no qualifier) is one name where the
                // parts are one cell.
                let cut_mid_name = department
                    .last()
                    .is_some_and(|u| !ends_like_unit(u) && !u.contains(['(', '（']));
                let joined = || -> Vec<String> {
                    match (department.split_last(), named.split_first()) {
                        (Some((cut, above)), Some((rest, below))) if cut_mid_name => above
                            .iter()
                            .cloned()
                            .chain([format!("{cut}{rest}")])
                            .chain(below.iter().cloned())
                            .collect(),
                        _ => department.iter().chain(&named).cloned().collect(),
                    }
                };
                // Nor is it one cell where the part below would stand above
                // the part above in the office (危機管理担当 / 区民部).
                let depths = department
                    .last()
                    .and_then(|u| unit_depth(u))
                    .zip(named.first().and_then(|u| unit_depth(u)));
                let cut_cell = page_cut
                    && !split
                    && depths.is_none_or(|(above, below)| above < below)
                    && joins_cut_department(grid, &rows, &department, &named, &parsed.numbers);
                let start_at_one =
                    || *start_at_one.get_or_init(|| units_start_at_one(grid, lines, body, &row));
                if cut_cell && start_at_one() {
                    let joined = joined();
                    for row in rows.iter_mut().rev() {
                        if row.department_path != department {
                            break;
                        }
                        row.department_path = joined.clone();
                    }
                    diagnostics.push(Diagnostic::at_lines(
                        Level::Info,
                        DiagnosticCode::JoinedDepartment,
                        format!(
                            "row {}'s department cell goes on from the page before (the \
                             numbering goes on, where every other unit starts at 1): its two \
                             parts are one cell, {}",
                            parsed.number,
                            joined.join(" / ")
                        ),
                        LineSpan::line(i + 1),
                    ));
                    department = joined;
                } else {
                    // Where the sheet numbers across its units, the
                    // numbering cannot tell one cell from two: said where
                    // the names show a path (a division over a section); a
                    // section over a centre, names that do not say, or a
                    // name that seems cut mid-word (a unit without a
                    // suffix, 宮前図書館, seems so too) are two cells as the
                    // page prints them.
                    if cut_cell && depths.is_some_and(|(above, below)| above < below) {
                        diagnostics.push(Diagnostic::at_lines(
                            Level::Warning,
                            DiagnosticCode::AmbiguousDepartment,
                            format!(
                                "row {}'s department cell may go on from the page before (the \
                                 numbering goes on, as it does across the units of this \
                                 sheet): read as a cell of its own, where one cell would be {}",
                                parsed.number,
                                joined().join(" / ")
                            ),
                            LineSpan::line(i + 1),
                        ));
                    }
                    department = named;
                }
                too_long_above = None;
                if split {
                    if !named_division.is_empty() {
                        division = department.first().cloned();
                    } else if let Some(division) = &division {
                        department.insert(0, division.clone());
                    }
                }
            } else if let Some(span) = grid.row_span(i, 0).filter(|&s| {
                !page_cut
                    && grid.cut_below(i, 0)
                    && (s > 1 || s == 1 && numbering_goes_on(grid, lines, i, &department, joins))
            }) {
                // A department cell of its own over several rows with no
                // text on this page, running to the page's foot while the
                // table goes on: its name is printed in the cell's part on
                // the next page (a cell aligned to the bottom or the
                // middle, cut by the page break). Which name, the page
                // does not say. (At the top of a page, such a cell
                // continues the one above it, whose name is on the page
                // before.) A one-row part says so only where the next
                // page's row goes on numbering (2 after 1): a unit named
                // there anew would start at 1, and a blank cell meaning
                // "same as above" is one row too.
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::MissingDepartment,
                    format!(
                        "row {}'s department cell ({span} row{} on its page) holds no text: its \
                         name is printed on another page{}",
                        parsed.number,
                        if span == 1 { "" } else { "s" },
                        if department.is_empty() {
                            String::new()
                        } else {
                            format!(
                                ", and the unit above ({}) is carried down",
                                department.join(" / ")
                            )
                        }
                    ),
                    LineSpan::line(i + 1),
                ));
            } else if department.is_empty() {
                let message = match too_long_above {
                    Some(length) => format!(
                        "row {} has no department, and the cell above ({length} characters) is \
                         too long to be a unit's name to carry down",
                        parsed.number
                    ),
                    None => format!("row {} has no department and none above it", parsed.number),
                };
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::MissingDepartment,
                    message,
                    LineSpan::line(i + 1),
                ));
            }
            // A unit marked as continued from a page before (`区民課（続き）`):
            // its name is the unit's without the mark, which no field can
            // leave out (every character stays), so it is said.
            if !parsed.department.is_empty()
                && let Some(unit) = department.last()
                && let Some(name) = continued(unit)
            {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousDepartment,
                    format!(
                        "row {}'s department 「{unit}」 marks the unit {} continued from a \
                         page before: read as named, mark and all",
                        parsed.number,
                        if name.is_empty() { "above" } else { name }
                    ),
                    LineSpan::line(i + 1),
                ));
            }
            let claimed = format!(
                "{}{}{}{}{}",
                parsed.department.concat(),
                parsed.number,
                parsed.category.as_deref().unwrap_or(""),
                parsed.goal.concat(),
                parsed.result.concat()
            );
            ledger.claim([i], &claimed);
            unnamed_restart = parsed.department.is_empty()
                && rows.last().is_some_and(|above| {
                    above.department_path == department
                        && parsed
                            .numbers
                            .first()
                            .zip(above.numbers.last())
                            .is_some_and(|(first, last)| first <= last)
                });
            // A PDF label cell laid out as vertical writing wrapped into a
            // second column, which reads as no known label either way
            // (`境窓` `口` `環`): which order is the label's, the lines do not
            // say. Two lines of one character at least: a label of odd
            // length written across and wrapped ends in one (`その` `他`).
            if parsed.shape == Shape::Separate
                && grid.row(i).is_some()
                && !parsed.category.as_deref().is_some_and(is_known_category)
                && let Some(label) = parsed.category.as_deref()
                && let label_lines = cells.get(2).map(|c| texts(c)).unwrap_or_default()
                && let Some(down) = read_down(&label_lines)
                && label_lines
                    .iter()
                    .rev()
                    .take_while(|l| l.chars().count() == 1)
                    .count()
                    >= 2
            {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousLine,
                    format!(
                        "the label cell's lines ({}) are read across, as {label}; written top \
                         to bottom in columns from the right, they read {down}",
                        label_lines.join(" / "),
                    ),
                    LineSpan::line(i + 1),
                ));
            }
            // An item of its own (its number cell starts here) with a cell
            // after the label's that does not start here: the cell above
            // spans it (rules drawn in the number's and label's columns
            // only, or one grade for two items), and its text is read into
            // the item above (rev70 c14: every item's goal and result in
            // item 1, ok).
            let named = grid
                .row(i)
                .is_some_and(|row| row.cells.len() == columns.len());
            let covered = grid.row(i).and_then(|row| {
                (category_column + 1..row.cells.len()).find(|&k| grid.row_span(i, k) == Some(0))
            });
            if parsed.shape == Shape::Separate
                && grid.row_span(i, number_column).is_some_and(|s| s >= 1)
                && let Some(column) = covered
            {
                // Its name as the header prints it, where the header names
                // every column.
                let name = match (named, column - category_column) {
                    (true, _) => format!("「{}」", columns[column].trim()),
                    (false, 1) => "goal".to_owned(),
                    (false, _) => "results".to_owned(),
                };
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::MergedRow,
                    format!(
                        "item {}'s {name} cell is the one above it, which spans several items' \
                         rows (no rule between them): its text is read into the item above",
                        parsed.number,
                    ),
                    LineSpan::line(i + 1),
                ));
            }
            // The rows a merged category cell covers have its label (rev70
            // c26: they came out without one, ok).
            let mut category = parsed.category;
            match grid.row_span(i, category_column) {
                Some(2..) => merged_label.clone_from(&category),
                Some(0) if category.is_none() => category.clone_from(&merged_label),
                _ => merged_label = None,
            }
            short_wrapped.push(parsed.short_wraps);
            rows.push(PendingRow {
                department_path: department.clone(),
                number: parsed.number,
                numbers: parsed.numbers,
                category,
                goal: parsed.goal,
                result: parsed.result,
                first: i,
                last: i,
            });
            // Every row below with a blank department cell gets a copy: a
            // cell this long is no unit's name, and copying it into
            // thousands of rows made a small input a huge document.
            let length = path_length(&department);
            if length > MAX_CARRIED_DEPARTMENT {
                department.clear();
                too_long_above = Some(length);
            }
        }
        // In line order: furniture found between the rows came after.
        preamble.sort_by_key(|p| p.lines.start);
        // A text dump's cells (a PDF's come with their paragraphs known),
        // each column's `　` told padding or paragraph marks by its wraps.
        let dumped = |row: &&PendingRow| grid.row(row.first).is_none();
        let goal_padding = column_padding(rows.iter().filter(dumped).map(|r| &r.goal[..]));
        let result_padding = column_padding(rows.iter().filter(dumped).map(|r| &r.result[..]));
        let mut unsure = Vec::new();
        let wrapped: Vec<(String, String, usize, LineSpan)> = rows
            .iter()
            .zip(&short_wrapped)
            .filter(|(_, n)| **n > 0)
            .map(|(row, n)| {
                let unit = row.department_path.last().cloned().unwrap_or_default();
                (unit, row.number.clone(), *n, span(row.first, row.last))
            })
            .collect();
        // A tab-separated dump's row: its cells' line breaks are spaces (a
        // dump that sets its columns apart with spaces, read as tabbed rows,
        // or one read as printed, has spaces for any gap, a `　` between two
        // sentences of a paragraph among them).
        let spaced = grid.spaced_header().is_some() || grid.printed_table();
        let tabbed =
            |row: &PendingRow| !spaced && grid.lines().get(row.first).is_some_and(Line::has_tab);
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|mut row| {
                if grid.is_written_record(row.first) {
                    settle_written(&mut row.goal);
                    settle_written(&mut row.result);
                } else if grid.row(row.first).is_none() {
                    let tabbed = tabbed(&row);
                    let cells = [
                        ("goal", &mut row.goal, goal_padding),
                        ("result", &mut row.result, result_padding),
                    ];
                    for (cell, lines, padding) in cells {
                        if settle_indents(lines, padding) {
                            unsure.push((row.number.clone(), cell, span(row.first, row.last)));
                        }
                        if tabbed {
                            *lines = lines.iter().flat_map(|l| dumped_paragraphs(l)).collect();
                        }
                    }
                }
                finish_row(row)
            })
            .collect();
        for (number, cell, lines) in unsure.iter().take(MAX_UNSURE_CELLS) {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::AmbiguousLine,
                format!(
                    "every line of row {number}'s {cell} cell opens with 　, and no wrapped line \
                     of its column says whether 　 is the column's padding or opens each \
                     paragraph: read as padding, the cell's sentences in one paragraph"
                ),
                *lines,
            ));
        }
        for (unit, number, count, lines) in wrapped.iter().take(MAX_UNSURE_CELLS) {
            let (s, end) = if *count == 1 {
                ("", "ends")
            } else {
                ("s", "end")
            };
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::AmbiguousLine,
                format!(
                    "{unit} {number}: {count} line{s} of its goal and result {end} short of the \
                     cell's rule where the next line's first characters would have fitted, in \
                     a cell no line of which reaches the rule; read as wrapped, as a paragraph \
                     set in from the rule wraps, though each may end an item or a paragraph, \
                     as office software fills a line to the rule"
                ),
                *lines,
            ));
        }
        // Past the ones listed, a warning counting the rest.
        let mut more = |listed: usize, what: &str| {
            if let Some(n) = listed.checked_sub(MAX_UNSURE_CELLS).filter(|&n| n > 0) {
                diagnostics.push(Diagnostic::whole(
                    Level::Warning,
                    DiagnosticCode::AmbiguousLine,
                    format!("{n} more {what}"),
                ));
            }
        };
        more(
            wrapped.len(),
            "rows hold lines ending short of a rule no line of their cell reaches, read as wrapped",
        );
        more(
            unsure.len(),
            "cells whose every line opens with 　 were read as padding",
        );
        diagnostics.extend(super::without_results(
            &rows,
            expects_results,
            Some(span(header, header)),
        ));
        super::sheet(title, preamble, rows)
    }
}

/// The warning for text on line `i` (0-based) between the column header
/// and the first row, which belongs to no row.
fn stray(i: usize) -> Diagnostic {
    Diagnostic::at_lines(
        Level::Warning,
        DiagnosticCode::StrayText,
        "text between the column header and the first row belongs to no row".into(),
        LineSpan::line(i + 1),
    )
}

/// How a row lays out its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Number, label and goal each in a cell of its own.
    Separate,
    /// Number, label and goal in one cell (`1 対面対応 来庁や…`).
    Combined,
}

/// A numbered row's cells: the department's lines (its units), and the goal
/// and result as lines for `join_wrapped`.
struct Cells<'a> {
    department: Vec<&'a str>,
    number: String,
    numbers: Vec<u32>,
    category: Option<String>,
    goal: Vec<String>,
    result: Vec<String>,
    shape: Shape,
    /// The goal's and result's lines read as wraps where the page does
    /// not tell them from paragraphs' ends (see [`short_wraps`]).
    short_wraps: usize,
}

/// A cell's lines as text, blank lines dropped: department, number and
/// label cells.
fn texts<'a>(cell: &[CellLine<'a>]) -> Vec<&'a str> {
    cell.iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect()
}

/// A goal or result cell's lines, ready for `join_wrapped`. A line the
/// page geometry shows opening a paragraph is marked with `　`. A line it
/// shows following a full line is joined to it as a wrap — unless it opens
/// an item (`【`, `(2)`, `○` …: office software does not wrap a line before
/// those), or starts with `・` after a sentence's end, which is a list item
/// (after anything else `・` was wrapped: `町内会` / `・自治会`). The other
/// lines (all of a text dump's) are left for the text's own marks (see
/// [`settle_indents`]).
fn paragraphs(cell: &[CellLine<'_>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in cell {
        let text = line.text.trim_end();
        if text.trim().is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if wraps(last, line, text) => append_wrapped(last, text),
            _ if line.opens == Some(true) => out.push(format!("\u{3000}{}", text.trim_start())),
            _ => out.push(text.to_owned()),
        }
    }
    out
}

/// Whether [`paragraphs`] joins `line` (its text `text`) to the paragraph
/// before it, which ends as `before` does: where the page geometry shows
/// it following a full line, unless it opens an item.
fn wraps(before: &str, line: &CellLine<'_>, text: &str) -> bool {
    line.opens == Some(false) && !opens_item(before, text)
}

/// What a column's `　` at the start of its cells' lines is, as the
/// column's wraps (a line after one that ends no sentence, outside a list
/// item) show it: the column's padding where they are indented too, marks
/// of paragraphs where they are not. Unknown where no wrap says, or wraps
/// say both.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Padding {
    Padded,
    Marks,
    Unknown,
}

/// The [`Padding`] of a column of a text dump, from its cells' lines:
/// their wraps read as [`settle_indents`] reads a column whose `　` marks
/// paragraphs.
fn column_padding<'c>(cells: impl Iterator<Item = &'c [String]>) -> Padding {
    let (mut indented, mut plain) = (0usize, 0usize);
    for cell in cells {
        let mut item = false;
        for (k, line) in cell.iter().enumerate() {
            let before = if k > 0 { cell[k - 1].trim_end() } else { "" };
            if k > 0 && !ends_paragraph(before) && !item {
                if line.starts_with('\u{3000}') {
                    indented += 1;
                } else {
                    plain += 1;
                }
            }
            item = item_after(item, k, line, opens_paragraph(line, before, item));
        }
    }
    match (indented, plain) {
        (1.., 0) => Padding::Padded,
        (0, 1..) => Padding::Marks,
        _ => Padding::Unknown,
    }
}

/// A text dump's lines of one cell, each still indented as printed: a
/// line indented with `　` opens a paragraph (see [`is_paragraph_start`])
/// only under one that ends a sentence ([`SENTENCE_ENDS`], or a quotation
/// closed after one: `「笑顔で対応！」`) or a heading (`【具体的な取組】`,
/// `方針：`), outside a list item (an item's lines hang under its text:
/// `・…更新しました。` / `　窓口番号も…`), and unless it is the cell's
/// padding, no mark: where every line of the cell is indented, in a column
/// whose wraps are indented too (`padding`). Elsewhere the indent is
/// dropped, and the line is joined as the wrap it is. Whether a cell read
/// as padding would have opened a paragraph in a column whose wraps do not
/// say is returned: the reading is a guess there.
fn settle_indents(lines: &mut [String], padding: Padding) -> bool {
    let every = lines.iter().all(|l| l.starts_with('\u{3000}'));
    let padded = every && padding != Padding::Marks;
    let mut unsure = false;
    // Whether the paragraph so far opened with a list or heading mark.
    let mut item = false;
    for k in 0..lines.len() {
        let before = if k > 0 { lines[k - 1].trim_end() } else { "" };
        let opens = opens_paragraph(&lines[k], before, item);
        // A paragraph opens here, or the indent goes.
        let paragraph = opens && !padded;
        let next_item = item_after(item, k, &lines[k], paragraph);
        if k > 0 && !paragraph && lines[k].starts_with('\u{3000}') {
            unsure |= opens && padding == Padding::Unknown;
            lines[k] = lines[k].trim_start().to_owned();
        }
        item = next_item;
    }
    unsure
}

/// A tab-separated dump's cell line cut where the dump joined the cell's
/// lines with a space: such a dump prints a cell on one line, its line
/// breaks made spaces (`…発信します。 発信の前には…`, `…確認します。 　具体的
/// には…`, `…共有しました。 ・折り返しの…`), where Japanese prose has none
/// after a sentence's `。`. Only there is a space read as a break: one
/// before a mark or a `　` elsewhere may be the text's (`窓口 ・ 電話`,
/// `要綱第5条 (1) に基づき`, `① 　窓口`, `平成30年 　4月`), and so may one
/// after a `。` inside a quotation (`「笑顔。丁寧。」 を合言葉に`: `。」` is no
/// sentence's end there). The pieces after the first are marked `　`, each
/// opening a paragraph when the lines are joined. One pass over the line.
fn dumped_paragraphs(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    while let Some(at) = line[offset..].find(' ') {
        let space = offset + at;
        let after = line[space..].trim_start_matches(' ');
        let end = line.len() - after.len();
        if line[..space].ends_with('。') && !after.is_empty() {
            out.push(mark_paragraph(&line[start..space], start));
            start = end;
        }
        offset = end;
    }
    out.push(mark_paragraph(&line[start..], start));
    out
}

/// A piece of a dump's cell line: as it is where it starts the line, else
/// marked with `　` as opening a paragraph (see [`dumped_paragraphs`]).
fn mark_paragraph(piece: &str, start: usize) -> String {
    if start == 0 || piece.starts_with('\u{3000}') {
        piece.to_owned()
    } else {
        format!("\u{3000}{piece}")
    }
}

/// A spreadsheet record's cell lines (see `Grid::is_written_record`),
/// whose breaks the writer made: after a sentence, a paragraph's (`Grid::
/// cells` opens one there); a line the writer set in with `　` opens one
/// too (an item of a list, `　案内表示の見直し`), but under a line that ends
/// mid-clause (`、`, a particle), where the writer padded a wrap. (Read as
/// a dump's cell, whose `　` may be padding, such items had run together.)
fn settle_written(lines: &mut [String]) {
    for k in 1..lines.len() {
        let before = lines[k - 1].trim_end();
        if lines[k].starts_with('\u{3000}')
            && before.ends_with(|c| c == '、' || PARTICLES.contains(&c))
        {
            lines[k] = lines[k].trim_start().to_owned();
        }
    }
}

/// Whether an indented `line` under `before` opens a paragraph where the
/// column's `　` marks paragraphs: after a sentence, a quotation closed
/// after one or a heading, outside a list item (`item`; a heading alone on
/// its line, `【具体的な取組】`, is no item whose lines hang under it).
fn opens_paragraph(line: &str, before: &str, item: bool) -> bool {
    let after_heading = before.ends_with(['】', '：', ':']);
    line.starts_with('\u{3000}')
        && !before.is_empty()
        && (!item || after_heading)
        && ends_paragraph(before)
}

/// Whether the paragraph is a list item after line `k` of a cell: a
/// paragraph that opens there (`opens`, or the cell's first line) is one
/// if it opens with a list or heading mark; an unindented line with one
/// makes one; other lines go on with the paragraph's.
fn item_after(item: bool, k: usize, line: &str, opens: bool) -> bool {
    let text = line.trim_start();
    if k == 0 || opens {
        is_paragraph_start(text)
    } else {
        item || !line.starts_with('\u{3000}') && is_paragraph_start(text)
    }
}

/// Whether a cell's line ends its paragraph where the next is indented: it
/// ends a sentence, a quotation closed after one, or a heading.
fn ends_paragraph(line: &str) -> bool {
    let line = line.trim_end();
    line.ends_with(['】', '：', ':']) || ends_sentence_or_quotation(line)
}

/// Whether a cell's line ends a sentence, or a quotation closed after one
/// (`「笑顔で対応！」`; not one closed mid-sentence, `「分かりやすい」` /
/// `との回答`).
fn ends_sentence_or_quotation(line: &str) -> bool {
    let quoted = line
        .strip_suffix(['」', '』'])
        .is_some_and(|inside| inside.ends_with(SENTENCE_ENDS));
    line.ends_with(SENTENCE_ENDS) || quoted
}

/// Whether a line that follows a full line opens an item: it starts with a
/// list or heading mark — a `・` or an item number (`③`, `(2)`) only after
/// a sentence's end (or a bracket or colon that closes a heading; not a
/// bracket that may close a quotation mid-sentence): elsewhere they were
/// wrapped mid-sentence, `町内会` / `・自治会`, `…方針の①から` /
/// `③までの…`. A bracketed heading (`【具体的取組】`) opens one anywhere;
/// a bracketed term the sentence goes on from with a particle (`案内表示は`
/// / `【重点】と記した箇所から…`) is a quotation wrapped mid-sentence, like
/// an item number.
fn opens_item(before: &str, line: &str) -> bool {
    let numbered = line.starts_with(['・', '('])
        || line
            .chars()
            .next()
            .is_some_and(|c| plansheet_text::chars::circled_number(c).is_some());
    let quoted = line.starts_with('【')
        && line
            .split_once('】')
            .is_some_and(|(_, after)| after.starts_with(PARTICLES));
    let before = before.trim_end();
    is_paragraph_start(line)
        && (!(numbered || quoted)
            || before.ends_with(SENTENCE_ENDS)
            || before.ends_with(['】', '：', ':']))
}

/// What ends a sentence where a cell's next line may open a paragraph or
/// an item (not a closing bracket: a quotation may close mid-sentence).
const SENTENCE_ENDS: [char; 7] = ['。', '．', '.', '!', '?', '！', '？'];

/// Paragraph lines of several cells, in order.
fn paragraphs_of(cells: &[Vec<CellLine<'_>>]) -> Vec<String> {
    cells.iter().flat_map(|c| paragraphs(c)).collect()
}

/// How many lines of goal or result cells [`paragraphs`] joins to the line
/// above as wraps where the page geometry does not tell a wrap from a
/// paragraph's end there ([`CellLine::short_of_rule`]).
fn short_wraps<'c, 'a: 'c>(cells: impl IntoIterator<Item = &'c [CellLine<'a>]>) -> usize {
    let mut count = 0;
    for cell in cells {
        let mut before: Option<&str> = None;
        for line in cell {
            let text = line.text.trim_end();
            if text.trim().is_empty() {
                continue;
            }
            if line.short_of_rule && before.is_some_and(|b| wraps(b, line, text)) {
                count += 1;
            }
            before = Some(text);
        }
    }
    count
}

/// Reads a row's cells; `None` if they are not a numbered row. A cell's
/// lines are kept: the department cell's are its units, the goal's and
/// result's are joined later (wraps rejoined, paragraphs kept).
fn split_row<'a>(cells: &[Vec<CellLine<'a>>]) -> Option<Cells<'a>> {
    read_row(cells, &|| false)
}

/// A label cell's text: its lines joined and repaired; or, where that is
/// no known label, its lines read in vertical writing's order, if that
/// is one. A label written top to bottom in columns from the right
/// (Writer's `tb-rl`) that a short cell wraps into a second column comes
/// as lines of two characters, the left column's and the right's, over
/// lines of the right column's one (`応電` `話` `対`: 電話対応; rev70 w13:
/// `応電話対`, ok).
fn label_of(lines: &[&str]) -> String {
    let across = repair_label(&lines.concat());
    match read_down(lines) {
        Some(down) if !is_known_category(&across) && is_known_category(&down) => down,
        _ => across,
    }
}

/// A label cell's lines read in vertical writing's order, where they are
/// laid out as a label wrapped into a second column is (see [`label_of`]):
/// lines of two characters over lines of one, more than one line.
fn read_down(lines: &[&str]) -> Option<String> {
    // Most label cells are told by their first line, without a copy.
    if lines.len() < 2 || lines[0].chars().count() != 2 {
        return None;
    }
    let chars: Vec<Vec<char>> = lines.iter().map(|l| l.chars().collect()).collect();
    let two = chars.iter().take_while(|l| l.len() == 2).count();
    if chars[two..].iter().any(|l| l.len() != 1) {
        return None;
    }
    let right = chars[..two]
        .iter()
        .map(|l| l[1])
        .chain(chars[two..].iter().map(|l| l[0]));
    Some(right.chain(chars[..two].iter().map(|l| l[0])).collect())
}

/// [`split_row`], where a label no list knows counts as well if `labels`
/// says the sheet prints labels (asked only of such a label): a short
/// word alone on the number's line over a paragraph (`1 窓口環境`).
fn read_row<'a>(cells: &[Vec<CellLine<'a>>], labels: &dyn Fn() -> bool) -> Option<Cells<'a>> {
    let (department, rest) = cells.split_first()?;
    let first = rest.first()?;
    // The number cell: a number printed on one line, or wrapped (`2・` / `3`).
    let printed = texts(first).concat();
    if let Some((number, numbers)) = parse_number(&printed).or_else(|| circled_number(&printed)) {
        let category = rest
            .get(1)
            .map(|c| label_of(&texts(c)))
            .filter(|c| !c.is_empty());
        return Some(Cells {
            department: texts(department),
            number,
            numbers,
            category,
            goal: rest.get(2).map(|c| paragraphs(c)).unwrap_or_default(),
            result: paragraphs_of(rest.get(3..).unwrap_or(&[])),
            shape: Shape::Separate,
            short_wraps: short_wraps(rest.get(2..).unwrap_or(&[]).iter().map(Vec::as_slice)),
        });
    }
    let (head, more) = first.split_first()?;
    let Combined {
        number,
        numbers,
        mut category,
        goal,
    } = split_combined(head.text.trim())?;
    // The goal keeps the `　` it was indented with after the label, as a
    // line of a cell of its own would (see `settle_indents`).
    let goal = head
        .text
        .len()
        .checked_sub(goal.len() + '\u{3000}'.len_utf8())
        .and_then(|start| head.text.get(start..))
        .filter(|indented| indented.starts_with('\u{3000}') && indented.ends_with(goal))
        .unwrap_or(goal);
    let mut goal_lines = vec![CellLine {
        text: goal,
        opens: head.opens,
        short_of_rule: head.short_of_rule,
    }];
    // A known label alone on the number's line (`1 電話対応`, the goal
    // below it), or any short word of kana and kanji there where the page
    // geometry shows the next line opening a paragraph (`1 窓口環境`): the
    // label, not the goal's first line.
    // (Repaired only where a line follows: a text dump's cells have none.)
    if category.is_none()
        && let Some(next) = more.first()
    {
        let alone = repair_label(goal);
        // In a spreadsheet's cell, where no page shows a paragraph open: the
        // goal indented by `　` under a word of kanji or katakana alone
        // (`1　窓口環境` / `　待ち時間を…`, `1　接遇`: helper-164, the goal's
        // first line, ok). Not a sentence's start, which ends in kana
        // (`職員は`, `窓口の`, `引き続き`) or goes on with it (`来庁者` /
        // `　の待ち時間…`: review).
        let indented_under = || {
            next.opens.is_none()
                && next.text.starts_with('\u{3000}')
                && !alone.chars().any(is_hiragana)
                && !next.text.trim_start().starts_with(is_hiragana)
        };
        if is_known_label(&alone)
            || (next.opens == Some(true) || indented_under()) && is_label_piece(&alone) && labels()
        {
            category = Some(alone);
            goal_lines.clear();
        }
    }
    goal_lines.extend_from_slice(more);
    let goal_and_result =
        std::iter::once(&goal_lines[..]).chain(rest[1..].iter().map(Vec::as_slice));
    Some(Cells {
        department: texts(department),
        number,
        numbers,
        category,
        short_wraps: short_wraps(goal_and_result),
        goal: paragraphs(&goal_lines),
        result: paragraphs_of(&rest[1..]),
        shape: Shape::Combined,
    })
}

/// A number cell's circled numbers (`①`, `②・③`), which some sheets
/// number their items with: in a cell of their own only (a line opening
/// with one is a list's item, `① 丁寧に対応します。`). rev86 p07: the rows
/// numbered so were read into the row above, partial.
fn circled_number(text: &str) -> Option<(String, Vec<u32>)> {
    let text = text.trim();
    let numbers = text
        .split('・')
        .map(|part| {
            let mut chars = part.trim().chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => plansheet_text::chars::circled_number(c),
                _ => None,
            }
        })
        .collect::<Option<Vec<u32>>>()?;
    Some((text.to_owned(), numbers))
}

/// The rest of a row, from a line whose cells hold no item number.
#[derive(Default)]
struct Continuation<'a> {
    /// More lines of the department cell (only where a page break cut it).
    department: Vec<&'a str>,
    label: Vec<&'a str>,
    goal: Vec<String>,
    result: Vec<String>,
    /// A first cell that would name a unit, read as the goal's wrap (see
    /// [`continuation`]): the line does not settle which.
    name_read_as_goal: Option<String>,
    /// A PDF row's text in the department column that goes on with no
    /// department, read as the goal's wrap (see [`continuation`]): the page
    /// printed it in no goal's cell.
    first_read_as_goal: Option<String>,
    /// The rest of the row's item number, where a PDF's number cell goes
    /// on in this row (see [`continuation`]).
    number: Option<String>,
    /// See [`Cells::short_wraps`].
    short_wraps: usize,
}

/// Reads the cells of a line that continues the row above, in the shape
/// that row had: label, goal and result cells (`⇥⇥対応⇥…⇥…`), or goal and
/// result (`⇥ます。⇥た。`). The department cell counts on the row the page
/// geometry marks as finishing a row a page break cut (`page_cut`), and
/// where its text goes on with the department (see
/// [`continues_department`]; `around` is what the line is read against, `placed`
/// whether the line goes on with the other cells or under sentences that
/// end); elsewhere its text, if any, is taken as more goal. A dump's line
/// of two cells whose first is no department's (or under a goal and result
/// that both run on) holds the goal's and the result's wraps: the dump
/// dropped the empty cells before them. A PDF row's text in the number
/// column that goes on with the row's number (`～3` after `1`, `・3`
/// after `2`) is its rest: Writer centres a number cell down its row, and
/// where a page break cuts the row, puts the lines of it left for the next
/// page among the goal's there (helper-147's y08–y12: `1～3` had been `1`,
/// its goal `…伺いま~3す。`, `ok`).
fn continuation<'a>(
    cells: &[Vec<CellLine<'a>>],
    shape: Shape,
    page_cut: bool,
    around: Around<'_>,
    placed: bool,
) -> Continuation<'a> {
    let cell = |k: usize| cells.get(k).map_or(&[][..], Vec::as_slice);
    let from = |k: usize| cells.get(k..).unwrap_or(&[]).iter().map(Vec::as_slice);
    let number = (!around.dump && shape == Shape::Separate)
        .then(|| texts(cell(1)).concat())
        .filter(|more| {
            more.starts_with(['・', ',', '、', '〜', '~'])
                && parse_number(&[around.number, more].concat()).is_some()
        });
    let mut rest = match shape {
        Shape::Separate => {
            // (The number column's text is the goal's where it is no
            // number's rest.)
            let goal_in_number = if number.is_some() { &[][..] } else { cell(1) };
            Continuation {
                label: texts(cell(2)),
                goal: [paragraphs(goal_in_number), paragraphs(cell(3))].concat(),
                result: paragraphs_of(cells.get(4..).unwrap_or(&[])),
                number,
                short_wraps: short_wraps(std::iter::once(goal_in_number).chain(from(3))),
                ..Continuation::default()
            }
        }
        Shape::Combined => Continuation {
            goal: paragraphs(cell(1)),
            result: paragraphs_of(cells.get(2..).unwrap_or(&[])),
            short_wraps: short_wraps(from(1)),
            ..Continuation::default()
        },
    };
    let first = texts(cell(0));
    let department = !around.full && (page_cut || continues_department(&first, around, placed));
    // Two cells of text on a dump's line, under a result that is empty or
    // runs on: the goal's and the result's wraps of a dump that dropped the
    // empty cells before them (`に配布します。⇥確認しました。`) — where the
    // first names no unit, or where it could, under a goal that runs on
    // too and over a line that shows the same drop (the department cell's
    // next line would leave the result's wrap out).
    let dropped = around.dump
        && cells.len() == 2
        && cells.iter().all(|c| !texts(c).is_empty())
        && around.result_open
        && (!department || around.runs_on && (around.next_dropped)());
    // Two cells of text after a blank first on a dump's line under a row
    // of separate cells, the second no label's rest (it holds kana or
    // punctuation, `ました。`): the dump dropped the empty cells between.
    // The first finishes the row's label into a known one (`⇥応⇥ます。`
    // under `対面対`): the label's rest and the goal's wrap, the result
    // empty; otherwise the goal's and the result's wraps, the number and
    // label cells dropped (`⇥す。⇥ました。`).
    let dropped_inner = (around.dump
        && shape == Shape::Separate
        && cells.len() == 3
        && first.is_empty()
        && !texts(cell(1)).is_empty()
        && !texts(cell(2)).iter().all(|t| wraps_a_label(t)))
    .then(|| {
        let label = texts(cell(1));
        let finishes_label = label.len() == 1
            && wraps_a_label(label[0])
            && around
                .category
                .is_some_and(|above| is_known_category(&[above, label[0]].concat()));
        match finishes_label {
            true => (label, paragraphs(cell(2)), Vec::new()),
            false => (Vec::new(), paragraphs(cell(1)), paragraphs(cell(2))),
        }
    });
    if dropped {
        rest = Continuation {
            goal: paragraphs(cell(0)),
            result: paragraphs(cell(1)),
            name_read_as_goal: department.then(|| first.concat()),
            short_wraps: short_wraps(from(0).take(2)),
            ..Continuation::default()
        };
    } else if let Some((label, goal, result)) = dropped_inner {
        rest = Continuation {
            label,
            goal,
            result,
            short_wraps: short_wraps(from(1).take(2)),
            ..Continuation::default()
        };
    } else if department {
        rest.department = first;
    } else {
        // (A PDF's column is the page's: the text stood in no goal's cell
        // — a line in a row of the sheet of its own between two units'
        // rows, helper-140's `calc_*__between_tables`, had gone into the
        // goal above, `ok`.)
        // (Not where the path is too long already: a line naming a unit on
        // each of thousands of lines, see `Around::full`.)
        if !around.dump && !around.full && !first.is_empty() {
            rest.first_read_as_goal = Some(first.concat());
        }
        rest.goal.splice(0..0, paragraphs(cell(0)));
        rest.short_wraps += short_wraps([cell(0)]);
    }
    rest
}

/// Whether a line of a label cell's may be the rest of a label cut over
/// two lines: a few kanji or katakana (`応`, `環境`, `体制`), no kana of a
/// sentence, no punctuation.
fn wraps_a_label(text: &str) -> bool {
    (1..=6).contains(&text.chars().count())
        && text
            .chars()
            .all(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '・') || is_katakana(c))
}

/// How many characters a department path's names hold.
fn path_length(path: &[String]) -> usize {
    path.iter().map(|u| u.chars().count()).sum()
}

/// Whether a line reads as a sheet's footer or signature, not a sentence:
/// a unit's bare name (`区長室`), the ward's (a line of the page header,
/// `page_header`) and a unit's (`北架空区役所 企画課`), or a contact or an
/// author (`担当：総務課`, `作成：企画課`, `（問合せ先）北架空区役所 総務課`,
/// `区長室 電話044-000-0000`).
fn is_footer_line(line: &str, page_header: &[&str]) -> bool {
    let text = line.trim();
    let unit = |name: &str| is_plain_unit(name.trim());
    let labelled = ["担当", "作成", "問合せ", "問い合わせ", "連絡先", "文責"]
        .iter()
        .any(|w| {
            text.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with(['：', ':']))
        })
        || [
            "（問合せ先）",
            "(問合せ先)",
            "【問合せ先】",
            "（問い合わせ先）",
            "(問い合わせ先)",
        ]
        .iter()
        .any(|w| text.starts_with(w));
    let ward_and_unit = page_header.iter().any(|h| {
        text.strip_prefix(h)
            .is_some_and(|rest| rest.starts_with(char::is_whitespace) && unit(rest))
    });
    !ends_sentence(text) && (unit(text) || labelled || is_unit_contact(text) || ward_and_unit)
}

/// Whether a PDF table row is one cell across every column (three or
/// more): its first cell starts there, every other column is covered by
/// it and holds nothing.
fn spans_the_table(row: &GridRow) -> bool {
    row.cells.len() >= 3
        && row.row_spans.len() == row.cells.len()
        && row.row_spans[0] >= 1
        && row.row_spans[1..].iter().all(|&span| span == 0)
        && row.cells[1..].iter().all(Vec::is_empty)
}

/// How many lines below a line taken for a goal's wrap the unit's next
/// item is looked for.
const WRAP_LOOKAHEAD: usize = 8;

/// Whether a line is only a mark that a cell goes on over the page break
/// (`（次頁へ続く）`, `前ページより続く`, `（つづく）`), white space and
/// tabs aside.
fn is_continued_mark(line: &str) -> bool {
    const OPENING: [char; 6] = ['（', '(', '〔', '【', '<', '＜'];
    const CLOSING: [char; 6] = ['）', ')', '〕', '】', '>', '＞'];
    // Told first by its end, most lines in a look.
    let end = line.trim_end().trim_end_matches(CLOSING);
    if !(end.ends_with("続く") || end.ends_with("つづく") || end.ends_with("続き")) {
        return false;
    }
    let word: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let word = word.trim_start_matches(OPENING).trim_end_matches(CLOSING);
    let rest = ["次頁", "次ページ", "前頁", "前ページ"]
        .iter()
        .find_map(|page| word.strip_prefix(page))
        .unwrap_or(word);
    matches!(
        rest,
        "続く"
            | "つづく"
            | "へ続く"
            | "に続く"
            | "から続く"
            | "より続く"
            | "へつづく"
            | "からつづく"
            | "の続き"
            | "からの続き"
            | "よりの続き"
            | "から続き"
    ) && (rest != word || matches!(word, "続く" | "つづく"))
}

/// Whether a row's first cell marks a total (`合計`, `小計`, `計`, `総
/// 計`): white space aside, such a word alone or with what it counts in
/// brackets (`合計（件数）`).
fn is_total(cell: &str) -> bool {
    let word: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = word
        .split_once(['（', '('])
        .filter(|(_, rest)| rest.ends_with(['）', ')']))
        .map_or(word.as_str(), |(bare, _)| bare);
    matches!(bare, "合計" | "小計" | "総計" | "計" | "累計")
}

/// Whether a line is a note: it starts with the reference mark `※`.
fn is_note(line: &str) -> bool {
    line.trim_start().starts_with('※')
}

/// Whether a row's goal and result each end their sentences (or are
/// empty): a line below that names a unit is not their wrap.
fn ends_its_sentences(row: &PendingRow) -> bool {
    let ends = |cell: &[String]| cell.last().is_none_or(|l| ends_sentence(l));
    ends(&row.goal) && ends(&row.result)
}

/// Whether the first cell of a line that continues a row holds more of the
/// department cell: a department printed over lines (`区民部` on the row's
/// line, `区民課` in the first cell of the next, as a text dump gives a
/// cell of two lines), or the rest of a name cut at the cell's edge. A
/// name-like text (see [`is_name_like`]) that ends like a unit, any
/// name-like text under a name that does not end like one yet
/// (`地域みまもり` / `支援センター`), or over the unit that ends it on the
/// next line (`地域支援` / `部`) — on a line that goes on with the
/// row's other cells, or under a goal and result that end their sentences
/// (`placed`). Goal text there (a dump that dropped the empty cells before
/// it) is a sentence's middle or end, not a name, and the goal above it
/// runs on (`災害時に地域の防災関係`).
fn continues_department(first: &[&str], around: Around<'_>, placed: bool) -> bool {
    let Some(last) = first.last() else {
        return false;
    };
    placed
        && first.iter().all(|l| is_name_like(l))
        && (ends_like_unit(last)
            || around
                .above
                .last()
                .is_some_and(|unit| !ends_like_unit(unit))
            || (around.unit_below)())
}

/// What a continuation line's first cell is read against.
#[derive(Clone, Copy)]
struct Around<'r> {
    /// The row's department path so far.
    above: &'r [String],
    /// Whether the next line (no row of its own) names a unit in its first
    /// cell: the end of a name cut at this line's (`地域支援` / `部`,
    /// `（福祉事務所・保健` / `所支所）`).
    unit_below: &'r dyn Fn() -> bool,
    /// Whether the path is longer already than a unit's name can be
    /// ([`MAX_CARRIED_DEPARTMENT`]): a line naming a unit on each of
    /// thousands of lines is no department cell, and the path rebuilt for
    /// each made the row quadratic. The text goes to the goal.
    full: bool,
    /// Whether the line is a text dump's (whose lines may drop the empty
    /// cells before their text), not a PDF row's.
    dump: bool,
    /// Whether the row's goal and result both run on: neither is empty, and
    /// neither ends a sentence.
    runs_on: bool,
    /// Whether the row's result is empty or runs on (ends no sentence).
    result_open: bool,
    /// The row's label so far.
    category: Option<&'r str>,
    /// The row's item number so far.
    number: &'r str,
    /// Whether the next line is a dump's of two cells of text whose first
    /// is no name (a line of it not name-like: a sentence's middle or end)
    /// and that is no row of its own: the goal's and the result's wraps,
    /// with the empty cells before them dropped.
    next_dropped: &'r dyn Fn() -> bool,
}

/// Whether the row that finishes line `i`'s row on the next page (the
/// first row line after `i`, marked `continued`) names a unit other than
/// `above` (the one carried down to `i`; a sheet may print its name again
/// on each page) with an item number other than the first: its unit began
/// before the page break, on the row at `i`.
fn numbering_goes_on(
    grid: &Grid<'_>,
    lines: &[Line<'_>],
    i: usize,
    above: &[String],
    joins: Joins,
) -> bool {
    let Some(next) = (i + 1..lines.len()).find(|&j| grid.is_row(j) && !lines[j].is_column_header())
    else {
        return false;
    };
    if !grid.row(next).is_some_and(|r| r.continued) {
        return false;
    }
    row_at(grid, next, joins).is_some_and(|row| {
        let named = row.department.concat();
        !named.is_empty()
            && !above
                .last()
                .is_some_and(|unit| named.ends_with(unit.as_str()))
            && row.numbers.first() != Some(&1)
    })
}

/// Line `i` read as a numbered row (strictly: known labels only), a field
/// the header splits over columns in one cell (see [`Joins`]).
fn row_at<'g>(grid: &'g Grid<'_>, i: usize, joins: Joins) -> Option<Cells<'g>> {
    split_row(&join_columns(grid.cells(i)?, joins))
}

/// Whether a column header puts the department in two columns, the
/// division's and the section's (`部名<TAB>課名<TAB>番号…`).
fn splits_department(header: &str) -> bool {
    let mut columns = header.split('\t').map(str::trim);
    matches!(
        columns.next(),
        Some("部名" | "部局名" | "部局" | "部" | "所管部" | "担当部")
    ) && matches!(
        columns.next(),
        Some("課名" | "課" | "所属" | "所管課" | "担当課")
    )
}

/// Fields a column header splits over columns, each read as one cell.
#[derive(Debug, Clone, Copy, Default)]
struct Joins {
    /// The department in two columns, the division's and the section's
    /// (`部名⇥課名⇥番号…`, see [`splits_department`]).
    department: bool,
    /// The goal in several columns side by side before the results'
    /// (`目標⇥具体的な取組内容⇥実施結果…`): the first and the last, as the
    /// header counts them.
    goal: Option<(usize, usize)>,
}

impl Joins {
    fn of(header: &str) -> Joins {
        Joins {
            department: splits_department(header),
            goal: goal_columns(header),
        }
    }
}

/// The first and the last of two or more columns side by side that a
/// column header gives the goal (`目標⇥具体的な取組内容`, `取組目標⇥取組
/// 内容`), before the results' column: the sheets' goal field is both
/// (目標及び具体的な取組内容).
fn goal_columns(header: &str) -> Option<(usize, usize)> {
    let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
    let results = names_results;
    let goal = |c: &str| {
        !results(c)
            && ["目標", "取組", "内容", "具体", "計画", "方法"]
                .iter()
                .any(|w| c.contains(w))
    };
    let first = columns.iter().position(|c| goal(c))?;
    let last = first + columns[first..].iter().take_while(|c| goal(c)).count() - 1;
    (last > first && columns[last + 1..].iter().any(|c| results(c))).then_some((first, last))
}

/// Whether a column header's cell names the results or a grade of them
/// (`実施結果`, `達成度`, `評価`, `実績`, `進捗状況`).
fn names_results(column: &str) -> bool {
    ["結果", "達成", "評価", "成果", "実績", "状況", "進捗"]
        .iter()
        .any(|w| column.contains(w))
}

/// A row's cells with each field the header splits over columns in one
/// cell (see [`Joins`]): the division's and the section's as one
/// department cell, division first; the goal's columns as one cell, each
/// column's text a paragraph of its own.
fn join_columns(mut cells: Vec<Vec<CellLine<'_>>>, joins: Joins) -> Vec<Vec<CellLine<'_>>> {
    if let Some((first, last)) = joins.goal
        && cells.len() > first + 1
    {
        // (A dump may drop a row's empty cells at its end.)
        let rest: Vec<_> = cells.drain(first + 1..=last.min(cells.len() - 1)).collect();
        for mut cell in rest {
            if let Some(line) = cell.first_mut()
                && !cells[first].is_empty()
            {
                line.opens = Some(true);
            }
            cells[first].extend(cell);
        }
    }
    if joins.department && cells.len() > 2 {
        let section = cells.remove(1);
        cells[0].extend(section);
    }
    cells
}

/// Whether a department cell named `named` on a page's first row (its
/// numbers `numbers`) goes on a cell the page break cut, named
/// `department`, whose rows end `rows`: the numbering goes on (4 after 3),
/// the part above was cut at the page's foot and has text of its own, and
/// the two parts share no unit (a sheet printing the unit again on each
/// page is one cell printed twice, not two parts).
fn joins_cut_department(
    grid: &Grid<'_>,
    rows: &[PendingRow],
    department: &[String],
    named: &[String],
    numbers: &[u32],
) -> bool {
    let Some(above) = rows.last() else {
        return false;
    };
    !department.is_empty()
        && !named.iter().any(|unit| department.contains(unit))
        && above.department_path == department
        && above.numbers.last().map(|n| n + 1) == numbers.first().copied()
        && rows
            .iter()
            .rev()
            .take_while(|r| r.department_path == department)
            .any(|r| grid.cut_below(r.first, 0) && names_department(grid, r.first))
}

/// The rows above the last under one department cell with it, where a page
/// break cut the cell and the next page's part went on with its name
/// (`区民部` / `戸籍住民サービス` / `課` | `住民記録係`): the last row's path,
/// read from both parts, is theirs too. They are the rows since the cell's
/// first (whose department cell runs to the page's foot, see
/// [`Grid::cut_below`]) that carried the path the last row had, `before`.
/// (helper-147's y01–y06: those rows had kept the page's part alone,
/// `住民記録` or `戸籍住民サービス課` for 住民記録係, `ok`.)
fn finish_cut_department(grid: &Grid<'_>, rows: &mut [PendingRow], before: &[String]) {
    let Some((last, above)) = rows.split_last_mut() else {
        return;
    };
    let run = above
        .iter()
        .rev()
        .take_while(|r| r.department_path == before)
        .count();
    let start = above.len() - run;
    // The cell's first row: the nearest of the run whose own department
    // cell reaches the page's foot.
    if let Some(first) = (start..above.len())
        .rev()
        .find(|&k| grid.cut_below(above[k].first, 0))
    {
        for row in &mut above[first..] {
            row.department_path = last.department_path.clone();
        }
    }
}

/// Whether line `i`'s department cell holds text (a cell cut by a page
/// break whose part on this page is empty names no unit here).
fn names_department(grid: &Grid<'_>, i: usize) -> bool {
    grid.cells(i)
        .is_some_and(|cells| cells.first().is_some_and(|cell| !texts(cell).is_empty()))
}

/// Whether every department cell of the table from line `body` that is
/// not at the top of a page starts its unit's numbering at 1 (two such
/// cells at least).
fn units_start_at_one<'r, 'g: 'r>(
    grid: &Grid<'_>,
    lines: &[Line<'_>],
    body: usize,
    row: &dyn Fn(usize) -> Option<&'r Cells<'g>>,
) -> bool {
    let mut units = 0;
    for i in body..lines.len() {
        if grid.row(i).is_some_and(|r| r.continued) {
            continue;
        }
        let Some(row) = row(i) else {
            continue;
        };
        if row.department.is_empty() {
            continue;
        }
        if row.numbers.first() != Some(&1) {
            return false;
        }
        units += 1;
    }
    units >= 2
}

/// The name of a unit marked as continued from a page before
/// (`区民課(続き)`, `区民課（つづき）`, `区民課(続)`; empty for the mark
/// alone).
fn continued(unit: &str) -> Option<&str> {
    ["続き", "つづき", "続"].iter().find_map(|mark| {
        BRACKETS
            .iter()
            .chain(&[('(', ')'), ('（', '）')])
            .find_map(|&(open, close)| {
                unit.strip_suffix(close)?
                    .strip_suffix(mark)?
                    .strip_suffix(open)
            })
            .map(str::trim_end)
    })
}

/// Per line, whether it is a number alone (no tab, `1`–`999`) below line
/// `from`, with a table line or nothing below it, that counts pages with
/// the page numbers before or after it: the page number before it (a
/// number alone, `- 1 -`, `P.1` …) is one less, or the one after it one
/// more.
fn counted_pages(lines: &[Line<'_>], from: usize) -> Vec<bool> {
    // Where a page breaks a table, a table line or nothing follows (not a
    // flow sheet's numbered blocks spliced in, nor a cell's own lines).
    let table_below = |i: usize| {
        lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_none_or(|l| l.has_tab())
    };
    // Page feet only: printed page numbers, and numbers alone placed as
    // one (a cell's `12` over `5月` over `13` counts nothing).
    let feet: Vec<(usize, u32, bool)> = (from..lines.len())
        .filter(|&i| !lines[i].has_tab())
        .filter_map(|i| {
            let line = lines[i].trim();
            let bare = is_bare_number(line);
            ((bare && table_below(i)) || !bare && lines[i].is_page_number())
                .then(|| page_of(line))
                .flatten()
                .map(|n| (i, n, bare))
        })
        .collect();
    let mut counted = vec![false; lines.len()];
    for (k, &(i, n, bare)) in feet.iter().enumerate() {
        let before = k.checked_sub(1).and_then(|k| feet.get(k));
        let after = feet.get(k + 1);
        counted[i] = bare
            && (before.is_some_and(|&(_, m, _)| m + 1 == n)
                || after.is_some_and(|&(_, m, _)| m == n + 1));
    }
    counted
}

/// Per line, whether it may be a running foot or head printing the page's
/// number beside the same words on each page (`架空区役所 Page 1`,
/// `印刷日：令和6年5月31日 1`, `作成：区民課 2 / 3`; see
/// [`words_and_page`]): no tab, words no sentence, printed twice or more
/// with table lines between, each time with the number one more than the
/// time before, at a page's edge each time (a form feed either side, the
/// column header or nothing below, nothing above): a cell's lines may
/// count so too, `達成度 2` … `達成度 3`.
fn numbered_feet(lines: &[Line<'_>]) -> Vec<bool> {
    // How many table lines stand before each line.
    let mut tables_before = Vec::with_capacity(lines.len() + 1);
    tables_before.push(0usize);
    for line in lines {
        tables_before
            .push(tables_before.last().copied().unwrap_or(0) + usize::from(line.has_tab()));
    }
    let mut by_words: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if line.has_tab() {
            continue;
        }
        if let Some(beside) = words_and_page(line.trim())
            && !ends_sentence(beside.words)
        {
            let words: String = beside.words.split_whitespace().collect();
            by_words.entry(words).or_default().push((i, beside.page));
        }
    }
    // At a page's edge, each time: a page break (a form feed) either side,
    // the column header or nothing below it, or nothing above it.
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let at_edge = |i: usize| {
        Some(i) == first
            || Line::page_ends_after(lines, i)
            || i.checked_sub(1)
                .is_some_and(|j| Line::page_ends_after(lines, j))
            || lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_none_or(Line::is_trimmed_column_header)
    };
    let mut feet = vec![false; lines.len()];
    for found in by_words.values().filter(|f| f.len() >= 2) {
        let counts = found.windows(2).all(|w| {
            let ((a, m), (b, n)) = (w[0], w[1]);
            n == m + 1 && tables_before[b] > tables_before[a + 1]
        }) && found.iter().all(|&(i, _)| at_edge(i));
        if counts {
            for &(i, _) in found {
                feet[i] = true;
            }
        }
    }
    feet
}

/// What follows a line below a table's header, through page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Below {
    /// Nothing: the end of the document.
    End,
    /// A table row.
    Row,
    /// The column header or the title printed again.
    Header,
    /// Text going on.
    Text,
}

/// Whether a goal line opens with an item mark the sheets do not number
/// rows with: `(1)`, `①`, `1.`.
fn opens_with_item_mark(line: &str) -> bool {
    ITEM_MARK.is_match(line.trim_start())
}

/// An item mark a line opens with: `(1)`, `①`, `1.` (not `1.5`).
static ITEM_MARK: Lazy<Regex> =
    lazy_regex!(r"^(?:\([0-9０-９]{1,3}\)|[①-⑳]|[0-9０-９]{1,3}\.(?:[^0-9０-９]|$))");

/// Whether `line`, opening with an item mark, is the next item of a list
/// the goal announced, `above` being the goal's line above it: the first
/// item (`①`, `(1)`, `1.`) under a sentence announcing a list
/// (`…次のことに取り組みます。`, `次の2点を行います。`, `以下のとおり`; not
/// `次の世代に…`), or the item after the one above (`②` under `①`). One
/// look at the line above, not at the whole goal: linear in the rows.
fn lists_item(above: Option<&str>, line: &str) -> bool {
    static ANNOUNCES: Lazy<Regex> = lazy_regex!(
        r"(?:次|以下|下記)の(?:こと|とおり|通り|[0-9一二三四五六七八九十]+(?:点|つ|項目)|取組|事項|内容)"
    );
    let Some(above) = above else {
        return false;
    };
    match (item_number(line), item_number(above)) {
        (Some(1), None) => {
            let last = above.trim_end().trim_end_matches('。');
            let sentence = last.rsplit('。').next().unwrap_or(last);
            ANNOUNCES.is_match(sentence)
        }
        (Some(n), Some(before)) => n == before + 1,
        _ => false,
    }
}

/// The number of the item mark a line opens with: `(2)`, `②`, `2.`.
fn item_number(line: &str) -> Option<u32> {
    let mark = ITEM_MARK.find(line.trim_start())?.as_str();
    match mark.chars().next()? {
        c @ '①'..='⑳' => Some(u32::from(c) - u32::from('①') + 1),
        _ => mark
            .trim_start_matches('(')
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok(),
    }
}

/// What follows the item mark a line opens with (the line, trimmed, if
/// none).
fn after_item_mark(line: &str) -> &str {
    let line = line.trim_start();
    match ITEM_MARK.find(line) {
        // (`1.` matched with the character after it.)
        Some(m) => match m.as_str().rfind('.') {
            Some(dot) if !m.as_str().ends_with(')') => &line[dot + 1..],
            _ => &line[m.end()..],
        },
        None => line,
    }
}

/// What a line continuing a row holds where a row's number stands that is
/// no item number the sheets print: a branch number (`2-3`, `2.3`) alone in
/// the number column of a row of separate cells (in a sheet of one-cell
/// rows, with the label, goal and result cells after it), or opening the
/// one cell of number, label and goal before a known label (`2.3 庁内体制
/// …`); or, where a number stands alone, a range cut after its separator
/// (`2・`: a page break cut the cell `2・3`). Elsewhere such a figure is the goal's
/// own (`1.5 倍に`, `3-4 月`, `85.0` on a wrapped line, a list `1-1 …`
/// inside one goal).
fn unread_number(cells: &[Vec<CellLine<'_>>], shape: Shape) -> Option<String> {
    let cell = cells.get(1)?;
    let alone = texts(cell).concat();
    let alone = alone.trim();
    let unread_alone = || is_branch_number(alone) || is_cut_number(alone);
    match shape {
        Shape::Separate => unread_alone().then(|| alone.to_owned()),
        Shape::Combined if cells.len() >= 5 && unread_alone() => Some(alone.to_owned()),
        Shape::Combined => {
            let mut words = cell.first()?.text.split_whitespace();
            let word = words.next()?;
            (is_branch_number(word) && words.next().is_some_and(is_known_label))
                .then(|| word.to_owned())
        }
    }
}

/// A label piece: a few Japanese characters, no sentence punctuation; or
/// labels joined with `・` (`対面・電話対応`, see [`reads_as_label`]).
fn is_label_piece(token: &str) -> bool {
    let len = token.chars().count();
    (1..=6).contains(&len) && is_label_text(token) || token.contains('・') && reads_as_label(token)
}

/// Splits a cell holding `number label goal` (the label possibly spaced
/// out: `1 対面 対応 来庁や…`, `3 お 知 ら せ 提供する…`).
///
/// A spaced-out label is made of pieces of at most two characters; pieces
/// are added while they do not turn a known label into something no known
/// label starts with, so that `1 共通 市民 の…` keeps 市民 in the goal while
/// `1 対 面 対 応 …` still becomes 対面対応. A label in brackets, known or
/// shaped as labels are (`1 【電話対応】 …`, `1 《窓口環境》 …`; not a
/// heading such as `【目標】`, nor a goal opening with `【窓口】`), is the
/// label, as printed: brackets and all, as a label cell of its own keeps
/// them.
fn split_combined(cell: &str) -> Option<Combined<'_>> {
    let (head, rest) = cell.split_once(char::is_whitespace)?;
    let (number, numbers) = parse_number(head)?;
    let rest = rest.trim_start();
    // A known label in parentheses (`1 (対面対応) …`) too, but not a word
    // any goal may open with so (`(仮称)`, `(共有)`): see [`is_marked_label`].
    for (open, close) in BRACKETS.into_iter().chain([('(', ')')]) {
        if let Some((label, goal)) = rest
            .strip_prefix(open)
            .and_then(|r| r.split_once(close))
            .filter(|(label, goal)| {
                !goal.trim().is_empty()
                    && if open == '(' {
                        is_marked_label(label)
                    } else {
                        reads_as_label(label)
                    }
            })
        {
            return Some(Combined {
                number,
                numbers,
                category: Some(format!("{open}{label}{close}")),
                goal: goal.trim_start(),
            });
        }
    }
    // A known label before a colon (`1 対面対応:…`), as printed.
    if let Some((label, goal)) = rest
        .split_once(':')
        .filter(|(label, goal)| is_marked_label(label) && !goal.trim().is_empty())
    {
        return Some(Combined {
            number,
            numbers,
            category: Some(format!("{label}:")),
            goal: goal.trim_start(),
        });
    }
    let mut label = String::new();
    let mut goal = rest;
    let mut cursor = rest;
    while let Some((piece, after)) = cursor.split_once(char::is_whitespace) {
        let after = after.trim_start();
        let first_piece = label.is_empty();
        // (Not a word ending in a particle, `1 窓口で 2・3 分以内に…`: a
        // goal's first words; no label ends in one. A spaced-out label's
        // pieces are of two characters at most, `そ の 他`, `その 他`.)
        let particle =
            piece.chars().count() > 2 && piece.ends_with(PARTICLES) && !is_known_category(piece);
        if after.is_empty() || !is_label_piece(piece) || particle {
            break;
        }
        // Whether a known label starts with the label and the piece
        // (without building them into one: the label may go on for as many
        // pieces as the line has).
        let may_grow = KNOWN_CATEGORIES.iter().any(|k| {
            k.strip_prefix(label.as_str())
                .is_some_and(|rest| rest.starts_with(piece))
        });
        // A label cut after its `・` (`電話・` / `対面`: a narrow cell keeps
        // `・` off a line's start) goes on with the next piece: one of two
        // characters, or one that makes a known label.
        let cut = label.ends_with('・') && (piece.chars().count() <= 2 || may_grow);
        if !first_piece && !cut {
            let known = KNOWN_CATEGORIES.contains(&label.as_str());
            if piece.chars().count() > 2 || (known && !may_grow) {
                break;
            }
        }
        label.push_str(piece);
        goal = after;
        cursor = after;
        if (first_piece || cut) && piece.chars().count() > 2 && !piece.ends_with('・') {
            break;
        }
    }
    Some(Combined {
        number,
        numbers,
        category: (!label.is_empty()).then_some(label),
        goal,
    })
}

/// A cell holding `number label goal`, split.
struct Combined<'a> {
    number: String,
    numbers: Vec<u32>,
    category: Option<String>,
    goal: &'a str,
}

/// Whether a label cell's text, or the first word of a goal a space
/// follows, reads as a label of its own: a known one, or a word shaped as
/// the sheets print labels that the list does not hold (`窓口環境`): four to
/// six kanji or katakana, not katakana alone, no list item, no heading's
/// words. A label cut over two lines leaves a shorter piece on the second
/// (`対面対` / `応`, `窓口` / `環境`), and a goal's words hold kana. Labels
/// joined with `・` are one too ([`joins_labels`]).
fn reads_as_label(text: &str) -> bool {
    let shaped = || {
        (4..=6).contains(&text.chars().count())
            && text
                .chars()
                .all(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '・') || is_katakana(c))
            // A word of kanji: not katakana alone (`アンケート`, `コメント`),
            // not a list's item (`・案内表示`) or a label cut after its `・`.
            && text.chars().any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}'))
            && !text.starts_with('・')
            && !text.ends_with('・')
            // A heading of the goal's or the result's (`【取組目標】`,
            // `【具体的取組】`, `【実施結果】`).
            && !GOAL_WORDS
                .iter()
                .chain(&["結果", "実施"])
                .any(|w| text.contains(w))
    };
    is_known_category(text) || shaped() || joins_labels(text)
}

/// Whether a category is a known label, printed bare, in brackets
/// (`【電話対応】`), in parentheses or before a colon (`(電話対応)`,
/// `電話対応:`).
fn is_known_label(category: &str) -> bool {
    let bare = unbracketed(category)
        .or_else(|| category.strip_prefix('(')?.strip_suffix(')'))
        .or_else(|| category.strip_suffix(':'))
        .unwrap_or(category);
    is_known_category(bare)
}

/// Whether a label in parentheses or before a colon is one (`(対面対応)`,
/// `対面対応:`): a known label, not a word of two characters a goal may
/// open with so (`(共有)`, `対応:`), `共通` aside. (rev68 n30, n31.)
fn is_marked_label(label: &str) -> bool {
    is_known_category(label) && (label.chars().count() >= 4 || label == "共通")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(cell: &str) -> (String, Option<String>, String) {
        let c = split_combined(cell).unwrap();
        (c.number, c.category, c.goal.to_owned())
    }

    /// A dump's cell line, its line breaks made spaces, cut back into its
    /// paragraphs where the space follows a sentence's end or opens a
    /// paragraph or an item (the seed miyamae_h29's `…発信します。 発信の前に
    /// は…`, the kakuu dump's `…確認します。 　具体的には…`); spaces a text
    /// holds itself stay, and so do a bracket's opened inline.
    #[test]
    fn a_dumps_cell_line_is_cut_where_its_breaks_were_joined() {
        let cut = |line: &str| plansheet_text::join_wrapped(&dumped_paragraphs(line));
        assert_eq!(
            cut("区のお知らせを同時に発信します。 発信の前には、内容を確認します。"),
            "区のお知らせを同時に発信します。\n発信の前には、内容を確認します。"
        );
        assert_eq!(
            cut("　体制を確認します。 　具体的には、年２回の訓練を実施します。"),
            "体制を確認します。\n具体的には、年２回の訓練を実施します。"
        );
        assert_eq!(
            cut("・記録を共有しました。  ・件数は半分になりました。"),
            "・記録を共有しました。\n・件数は半分になりました。"
        );
        // helper-162's review: marks and `　` the text sets inline, a
        // quotation's `。`, and spaces at either end.
        for kept in [
            "Web サイトで令和 6 年の結果を公開します。",
            "窓口 ・ 電話 ・ 郵送の受付を見直します。",
            "要綱第5条 (1) に基づき、評価は ○ でした。",
            "「笑顔。丁寧。迅速。」 を合言葉に対応します。",
            "① 　窓口の案内",
            "平成30年 　4月から実施します。",
            " 先頭の空白と末尾の空白。 ",
        ] {
            assert_eq!(dumped_paragraphs(kept), [kept], "{kept}");
        }
        // One pass: a long run of spaces and `　` (quadratic before).
        let long = " 　".repeat(200_000);
        assert_eq!(dumped_paragraphs(&long).len(), 1);
    }

    /// The wraps counted as short of a rule are the ones `paragraphs`
    /// joins: not a line opening an item after a sentence, nor one the
    /// geometry opens a paragraph at, nor one whose line above reached the
    /// rule; blank lines skipped; each cell apart.
    #[test]
    fn wraps_short_of_a_rule_are_counted_where_they_are_joined() {
        let line = |text, opens, short_of_rule| CellLine {
            text,
            opens,
            short_of_rule,
        };
        let goal = [
            line("案内表示の更新", None, false),
            line("臨時窓口の開設", Some(false), true),
            line("  ", Some(false), true),
            line("窓口配布", Some(false), true),
        ];
        let result = [
            line("研修を行いました。", None, false),
            line("・受講者４２名", Some(false), true),
            line("記録を共有", Some(true), true),
            line("しました", Some(false), false),
        ];
        assert_eq!(paragraphs(&goal), ["案内表示の更新臨時窓口の開設窓口配布"]);
        assert_eq!(short_wraps([&goal[..]]), 2);
        assert_eq!(
            paragraphs(&result),
            [
                "研修を行いました。",
                "・受講者４２名",
                "　記録を共有しました"
            ]
        );
        assert_eq!(short_wraps([&result[..]]), 0);
        assert_eq!(short_wraps([&goal[..], &result[..]]), 2);
        // A cell's first line counts for nothing, whatever the line before
        // it in another cell.
        assert_eq!(short_wraps([&goal[..1], &goal[3..]]), 0);
    }

    /// rev70 w13: a label in vertical writing, wrapped into a second
    /// column, read line by line (`応電話対`). Only where the other order
    /// makes a known label.
    #[test]
    fn a_label_wrapped_in_vertical_writing_is_read_down_its_columns() {
        assert_eq!(label_of(&["応電", "話", "対"]), "電話対応");
        assert_eq!(label_of(&["せお", "知", "ら"]), "お知らせ");
        assert_eq!(label_of(&["体庁", "制内"]), "庁内体制");
        assert_eq!(label_of(&["電", "話", "対", "応"]), "電話対応");
        assert_eq!(label_of(&["対面", "対応"]), "対面対応");
        assert_eq!(label_of(&["口窓", "案", "内"]), "口窓案内");
    }

    #[test]
    fn one_cell_rows_split_into_number_label_goal() {
        // Cell | number | label | goal.
        for case in [
            "1 対面対応 来庁や電話に対して、|1|対面対応|来庁や電話に対して、",
            "2 対面 対応 来庁者に|2|対面対応|来庁者に",
            "3 お 知 ら せ 提供する情報|3|お知らせ|提供する情報",
            "2・3 共通 市民 の声を|2・3|共通|市民 の声を",
            "1 共 通 来庁者 への|1|共通|来庁者 への",
            // A label a narrow cell cut after its `・` (the category was
            // `電話・`, the goal began with 対面, status ok).
            "2 電話・ 対面 用件を最後まで|2|電話・対面|用件を最後まで",
            "2 電話・ 対面応対 用件を|2|電話・対面応対|用件を",
            // A label the list lacks, in brackets (rev59's probes: left in
            // the goal, status ok).
            "2 【窓口環境】 待合を清潔に|2|【窓口環境】|待合を清潔に",
            "3 《電話対応》 電話を|3|《電話対応》|電話を",
        ] {
            let [cell, number, label, goal] = case.split('|').collect::<Vec<_>>()[..] else {
                panic!("{case}")
            };
            assert_eq!(
                split(cell),
                (number.into(), Some(label.into()), goal.into()),
                "{case}"
            );
        }
        // A heading of the goal's in brackets is no label (review).
        assert_eq!(
            split("1 【取組目標】 案内を"),
            ("1".into(), None, "【取組目標】 案内を".into())
        );
        // rev68 n30, n31: a known label in parentheses or before a colon
        // was left in the goal, no row with a category, status ok. It is
        // the label, as printed; a word other than a known label is not.
        for (cell, label, goal) in [
            ("1 (対面対応) 申請では", "(対面対応)", "申請では"),
            ("2 (お知らせ)区報で", "(お知らせ)", "区報で"),
            ("1 対面対応:相談では", "対面対応:", "相談では"),
            ("3 電話対応: 連絡には", "電話対応:", "連絡には"),
        ] {
            assert_eq!(
                split(cell),
                (cell[..1].to_owned(), Some(label.into()), goal.into()),
                "{cell}"
            );
        }
        for cell in [
            "1 (仮称)区民広場の",
            "1 窓口案内:番号札を",
            "1 (1)案内を",
            // Known words of two characters (review).
            "2 (共有)フォルダで",
            "1 対応:10分以内に",
        ] {
            assert_eq!(split(cell).1, None, "{cell}");
        }
    }

    /// A mark at a wrapped line's start opens an item after a sentence's
    /// end; mid-sentence an item number was wrapped there (`…方針の①から` /
    /// `③までの…` was two paragraphs, status ok), a bracketed heading not.
    #[test]
    fn an_item_mark_after_a_full_line_opens_an_item_after_a_sentence() {
        assert!(opens_item("窓口を改善しました。", "③研修を行いました。"));
        assert!(opens_item("次のとおりです：", "(2)研修"));
        assert!(!opens_item("向上方針の①から", "③までの項目に沿って"));
        assert!(!opens_item("第3条", "(2)に定める手続"));
        assert!(!opens_item("町内会", "・自治会の負担"));
        assert!(opens_item("窓口業務の遂行", "【具体的取組】市民ニーズを"));
        assert!(opens_item("窓口業務の遂行", "【具体的取組】"));
        // A bracketed term the sentence goes on from (4 Writer
        // PDFs, `案内表示は` / `【重点】と記した…` was two paragraphs).
        assert!(!opens_item("案内表示は", "【重点】と記した箇所から"));
        assert!(opens_item("見直しました。", "【重点】と記した箇所から"));
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
        // Review: a known label in brackets was left in the goal.
        assert_eq!(
            split("1 【電話対応】 三コール以内に"),
            (
                "1".into(),
                Some("【電話対応】".into()),
                "三コール以内に".into()
            )
        );
    }

    /// helper-131 m4: a goal's first word ending in a particle is no
    /// label (`窓口で`); a known label still is.
    #[test]
    fn a_word_ending_in_a_particle_is_no_label() {
        assert_eq!(
            split("1 窓口で 2・3 分以内に受付します。"),
            ("1".into(), None, "窓口で 2・3 分以内に受付します。".into())
        );
        assert_eq!(
            split("1 お知らせ 掲示します。"),
            ("1".into(), Some("お知らせ".into()), "掲示します。".into())
        );
        // helper-136: a spaced-out label's pieces (`その 他`, `そ の 他`)
        // are no words of a goal.
        for spaced in [
            "2 その 他 椅子を増やします。",
            "2 そ の 他 椅子を増やします。",
        ] {
            assert_eq!(
                split(spaced),
                (
                    "2".into(),
                    Some("その他".into()),
                    "椅子を増やします。".into()
                ),
                "{spaced}"
            );
        }
    }

    /// The rows of a goal-sheet table read whole: (label, goal, result).
    fn table_rows(text: &str) -> Vec<(String, String, String)> {
        let p = crate::parse(text);
        assert_eq!(p.layout.name, LayoutName::GoalSheetTable);
        let plansheet_model::Content::GoalSheet { rows, .. } = &p.content else {
            unreachable!()
        };
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        rows.iter()
            .map(|r| {
                (
                    r.category.clone().unwrap_or_default(),
                    r.goal.clone(),
                    r.result.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// helper-131 m1: a dump's wrapped line that dropped the empty number
    /// and label cells but kept the department's (`⇥す。⇥ました。`) holds
    /// the goal's and the result's wraps; one whose first cell finishes
    /// the label into a known one (`⇥応⇥ます。` under `対面対`) the
    /// label's and the goal's, the result empty.
    #[test]
    fn a_wrap_line_without_the_inner_empty_cells() {
        let head = "令和6年度向上指針取組シート\n\n部署名\t目標及び具体的な取組内容\t実施結果及び目標の達成度\n";
        let sheet = format!(
            "{head}総務課\t1\t共通\t窓口を整えま\t案内表示を整え\n\tす。\tました。\n\
             総務課\t2\t対面対\t用件を伺い\t\n\t応\tます。\n"
        );
        assert_eq!(
            table_rows(&sheet),
            [
                ("共通", "窓口を整えます。", "案内表示を整えました。"),
                ("対面対応", "用件を伺います。", ""),
            ]
            .map(|(l, g, r)| (l.to_owned(), g.to_owned(), r.to_owned()))
        );
    }

    #[test]
    fn cell_per_column_rows() {
        let cells = split_row(&lift("日吉出張所\t1\t対面 対応\t窓口に来庁される方に\t")).unwrap();
        assert_eq!(
            (cells.department, cells.number.as_str()),
            (vec!["日吉出張所"], "1")
        );
        assert_eq!(cells.category.as_deref(), Some("対面対応"));
        assert_eq!(
            (cells.goal, cells.result.len()),
            (vec!["窓口に来庁される方に".to_owned()], 0)
        );
        let cells = split_row(&lift("\t2\t\t電話での応接時に\t実施しました。")).unwrap();
        assert_eq!((cells.department.len(), cells.category), (0, None));
        assert_eq!(cells.result, ["実施しました。"]);
    }

    #[test]
    fn lines_that_are_not_rows() {
        assert!(split_row(&lift("部署名\t目標")).is_none());
        assert!(split_row(&lift("続きの文章です。")).is_none());
    }

    /// A spaced-out label of thousands of one-character pieces is read in
    /// one pass (each piece was joined onto a copy of the label so far),
    /// with the same result: the pieces make the label, the last the goal.
    #[test]
    fn a_long_spaced_out_label_is_read_in_one_pass() {
        let pieces = vec!["あ"; 20_000].join(" ");
        let (number, category, goal) = split(&format!("1 {pieces} 窓口"));
        assert_eq!((number.as_str(), goal.as_str()), ("1", "窓口"));
        assert_eq!(category.map(|c| c.chars().count()), Some(20_000));
        // And a known label still stops where the next piece cannot
        // continue it.
        assert_eq!(
            split("1 共通 市民 の声を聞く"),
            ("1".into(), Some("共通".into()), "市民 の声を聞く".into())
        );
    }

    /// A department cell too long to be a unit's name stays on its row; the
    /// rows below it are not given a copy each (a 256 KB sheet became
    /// 2.7 GB of JSON) but a `missing_department` warning.
    #[test]
    fn a_department_cell_too_long_for_a_name_is_not_carried_down() {
        let long = "総務".repeat(60);
        let mut sheet =
            String::from("部署名\t目標及び具体的な取組内容\t実施結果及び目標の達成度\n");
        sheet.push_str(&format!(
            "{long}課\t1 共通 丁寧に対応します。\t対応しました。\n"
        ));
        for k in 2..=4 {
            sheet.push_str(&format!("\t{k} 共通 丁寧に対応します。\t対応しました。\n"));
        }
        sheet.push_str("総務課\t5 共通 丁寧に対応します。\t対応しました。\n\t6 共通 説明します。\t説明しました。\n");
        let parsed = crate::parse(&sheet);
        let paths: Vec<Vec<String>> = parsed
            .content
            .rows()
            .iter()
            .map(|r| r.department_path.clone())
            .collect();
        assert_eq!(paths[0], [format!("{long}課")]);
        assert!(paths[1..4].iter().all(Vec::is_empty), "{paths:?}");
        assert_eq!(paths[4], ["総務課"]);
        assert_eq!(paths[5], ["総務課"]);
        let missing: Vec<&str> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::MissingDepartment)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(missing.len(), 3, "{missing:?}");
        assert!(
            missing[0].contains("the cell above (121 characters) is too long"),
            "{}",
            missing[0]
        );
    }
}
