//! Goal sheets dumped as PDF text flow (`layout: goal_sheet_flow`).
//!
//! Each row comes out as: the department cell (its units on one or more
//! lines, wrapped names split over lines), the item number alone on a line or
//! after the department name (`高齢・障害課 1`), the category label one
//! character per line, the goal paragraph, a blank line, then one or more
//! result paragraphs. Page headers (column headers, the policy list, section
//! headings, the title) can fall between rows; they are page furniture and
//! go to the preamble, never into a row.

use std::collections::{HashMap, HashSet};

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::chars::{circled_number, is_hiragana, is_katakana};
use plansheet_text::{join_wrapped, repair_label};

use super::{
    Evidence, GOAL_WORDS, KNOWN_CATEGORIES, PendingRow, ends_sentence, finish_row, is_bare_number,
    is_branch_number, is_closing_mark, is_full_sheet_header, is_goal_text, is_known_category,
    is_label_char, is_label_text, is_sheet_header, joins_labels, names_author, parse_number,
    reads_as_done, year_columns_score,
};
use crate::Line;
use crate::common::furniture::{
    Reprints, announces_results, find_furniture, header_words, is_date_line, preamble_line,
    stands_alone, words_and_page,
};
use crate::common::ledger::{Ledger, span};
use crate::common::units::{ends_like_unit, group_units, is_name_like, slash_pieces, unit_depth};
use crate::grid::Grid;
use crate::model::{Diagnostic, DiagnosticCode, LayoutName, Level, PreambleKind};
use crate::recognizer::{Memo, Recognizer, Score, Sheet};

/// Any numbered row scores at least this much.
const FLOOR: f64 = 0.3;
/// The rest of the score grows with the share of rows that have both a
/// department cell and a stacked label…
const FIT_WEIGHT: f64 = 0.7;
/// …and with their number, up to this many rows.
const FULL_EVIDENCE_ROWS: f64 = 3.0;
/// Many tabbed lines mean a table dump, not text flow: the score is halved.
const TABBED_PENALTY: f64 = 0.5;
/// What a flow sheet's score misses without rows.
const NO_ROWS: &str = "item number under a department cell";
/// Most blank lines in a row inside a department cell.
const MAX_CELL_BLANKS: usize = 2;
/// Most lines a department cell spans.
const MAX_DEPARTMENT_LINES: usize = 8;
/// Most characters on one line of a vertically printed label.
const MAX_LABEL_LINE: usize = 3;
/// A label printed across on its own line that is not a known one is at
/// most this long (窓口環境, 庁舎案内).
const MAX_ACROSS_LABEL: usize = 6;

/// A page header is at most this many lines: an office named among a
/// document's first lines, above its column header, is the page header's,
/// not a unit of a path.
const PAGE_HEAD_LINES: usize = 8;

static NAME_AND_NUMBER: Lazy<Regex> =
    lazy_regex!(r"^(\S.*?)[ \t　]+([0-9０-９]{1,2}(?:[・,、〜~][0-9０-９]{1,2})*)$");

/// A row's number with its category label after it on one line (`2・3
/// 対面対応`): mutool and PyMuPDF's blocks print a narrow number cell and
/// the label's beside it so, where the number is wide.
static NUMBER_AND_LABEL: Lazy<Regex> =
    lazy_regex!(r"^([0-9]{1,2}(?:[・,、〜~][0-9]{1,2})*)[ \t　]+(\S+)$");

/// An item mark alone on its line that the sheets do not number rows with
/// (`(1)`, `①`, `1.`; a branch number is one too, see `is_branch_number`).
static UNREAD_NUMBER: Lazy<Regex> =
    lazy_regex!(r"^(?:\([0-9０-９]{1,3}\)|[①-⑳]|[0-9０-９]{1,3}\.)$");

/// Where a row starts: its item number, and the department cell above it.
struct Anchor {
    /// The line holding the number.
    line: usize,
    /// The number's last line: `line` but for a number wrapped down its
    /// cell (`2` / `・` / `3`).
    number_end: usize,
    number: String,
    numbers: Vec<u32>,
    /// The department name on the number's line (`高齢・障害課 1`).
    name_on_line: Option<String>,
    /// The line right above that holds the first part of that name, wrapped
    /// (`選挙管理委員` over `会事務局 1`).
    name_head: Option<usize>,
    /// The department cell's lines above the number, top down, in blocks
    /// separated by blank lines.
    blocks: Vec<Vec<usize>>,
    /// The category label's lines below the number.
    label: Vec<usize>,
    /// The category label after the number on its line (`2・3 対面対応`),
    /// where no line below holds it.
    label_on_line: Option<String>,
}

impl Anchor {
    /// The category label, as its lines spell it.
    fn category(&self, lines: &[Line<'_>]) -> Option<String> {
        if let Some(label) = &self.label_on_line {
            return Some(label.clone());
        }
        (!self.label.is_empty()).then(|| {
            self.label
                .iter()
                .flat_map(|&i| lines[i].split_whitespace())
                .collect()
        })
    }

    /// Whether the row prints a category label.
    fn labelled(&self) -> bool {
        !self.label.is_empty() || self.label_on_line.is_some()
    }

    fn first_line(&self) -> usize {
        self.blocks
            .first()
            .and_then(|b| b.first())
            .copied()
            .or(self.name_head)
            .unwrap_or(self.line)
    }
}

/// Goal sheets dumped as PDF text flow.
pub(crate) struct GoalSheetFlow;

impl Recognizer for GoalSheetFlow {
    fn name(&self) -> LayoutName {
        LayoutName::GoalSheetFlow
    }

    /// Numbered rows under a department cell with a stacked label; and,
    /// before any of that counts, the positive evidence every goal sheet
    /// shows (see [`Evidence`]).
    fn score(&self, lines: &[Line<'_>], memo: &Memo) -> Score {
        if let Some(score) = year_columns_score(lines, memo) {
            return score;
        }
        // A row's number line ends in a digit (`1`, `2・3`, `区民課 1`):
        // without one, no row, and no need to look further.
        if !lines
            .iter()
            .any(|l| l.trim_end().ends_with(|c: char| c.is_ascii_digit()))
        {
            return Score::none(NO_ROWS);
        }
        let Analysis {
            mask: furniture,
            anchors,
            ..
        } = analysis(lines, memo);
        if anchors.is_empty() {
            return Score::none(NO_ROWS);
        }
        let evidence = Evidence {
            numbered: anchors.len(),
            departments: anchors.iter().filter(|a| names_a_unit(lines, a)).count(),
            goals: anchors
                .iter()
                .enumerate()
                .filter(|(k, a)| {
                    let end = anchors.get(k + 1).map_or(lines.len(), Anchor::first_line);
                    let from = a.label.last().map_or(a.number_end, |&l| l) + 1;
                    paragraph_blocks(lines, furniture, from, end)
                        .first()
                        .is_some_and(|b| {
                            let texts: Vec<&str> = b.iter().map(|&i| lines[i].as_ref()).collect();
                            is_goal_text(&join_wrapped(&texts))
                        })
                })
                .count(),
            categories: anchors
                .iter()
                .filter(|a| a.category(lines).is_some_and(|c| is_known_category(&c)))
                .count(),
            header: lines
                .iter()
                .position(|l| l.is_column_header() && is_sheet_header(l)),
        };
        // A sheet with no category column prints no label at all: under a
        // header naming its goal and results columns, a row is whole
        // without one (rev61 f06: two rows, read as an outline).
        let unlabelled = anchors.iter().all(|a| !a.labelled())
            && evidence.header.is_some_and(|h| {
                let header = &lines[h];
                is_full_sheet_header(header)
                    && ["取組内容", "目標及び"].iter().any(|w| header.contains(w))
                    && ["実施結果", "達成度"].iter().any(|w| header.contains(w))
            });
        evidence.gate(|mut found| {
            let complete = anchors
                .iter()
                .filter(|a| {
                    (unlabelled || a.labelled())
                        && (!a.blocks.is_empty() || a.name_on_line.is_some())
                })
                .count();
            let tabbed = lines.iter().filter(|l| l.has_tab()).count();
            let fit = complete as f64 / anchors.len() as f64;
            let enough = (anchors.len() as f64 / FULL_EVIDENCE_ROWS).min(1.0);
            let penalty = if tabbed * 2 > anchors.len() {
                TABBED_PENALTY
            } else {
                1.0
            };
            found.insert(
                0,
                format!(
                    "{} numbered rows, {complete} with a department cell and a stacked label",
                    anchors.len()
                ),
            );
            found.insert(1, format!("{tabbed} tabbed lines"));
            Score::new((FLOOR + FIT_WEIGHT * fit * enough) * penalty, found)
        })
    }

    fn parse(
        &self,
        grid: &Grid<'_>,
        memo: &Memo,
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet {
        let lines = grid.lines();
        let title = title_line(lines).map(str::to_owned);
        let Analysis {
            furniture,
            mask: is_furniture,
            anchors,
            ambiguous,
        } = analysis(lines, memo);
        // Only those inside the rows: the preamble's are its text.
        let body = anchors.first().map_or(lines.len(), Anchor::first_line);
        for &i in ambiguous.iter().filter(|&&i| i > body) {
            diagnostics.push(ambiguous_line(i));
        }
        // A row whose number is in a form the sheets do not print: a
        // department cell above it and a stacked label below, as a row's.
        // Not read as one (its text goes to the row above), but said.
        // Or such a number after the department's name on its line
        // (`総務課 (1)`), over a label.
        let looks_unread = |number: &str| {
            (1..=7).contains(&number.len())
                && number.starts_with(|c: char| {
                    c == '(' || c.is_ascii_digit() || circled_number(c).is_some()
                })
                && (UNREAD_NUMBER.is_match(number) || is_branch_number(number))
        };
        let unread = (body + 1..lines.len()).filter_map(|i| {
            let text = lines[i].trim();
            // Most lines end in a sentence's mark: no such number there.
            if !text.ends_with(|c: char| {
                c == ')' || c == '.' || c.is_ascii_digit() || circled_number(c).is_some()
            }) {
                return None;
            }
            let number = if looks_unread(text) {
                Some((text, "under a department cell")).filter(|_| {
                    !department_blocks(lines, is_furniture, title.as_deref(), i, 0, None).is_empty()
                })
            } else {
                text.rsplit_once([' ', '\t', '\u{3000}'])
                    .filter(|(name, number)| looks_unread(number) && ends_like_unit(name.trim()))
                    .map(|(_, number)| (number, "after a unit's name"))
            };
            number
                .filter(|_| {
                    !is_furniture[i] && !label_lines(lines, is_furniture, i, false).is_empty()
                })
                .map(|(number, place)| (i, number, place))
        });
        for (i, number, place) in unread {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::MergedRow,
                format!(
                    "line {} looks like a row's number ({number}) {place} and over a label, in a \
                     form the sheets do not print: its cells were added to the row above",
                    i + 1,
                ),
                span(i, i),
            ));
        }
        let headers: Vec<&Line<'_>> = lines.iter().filter(|l| l.is_column_header()).collect();
        // A header that names no goal column either (`部署名` alone, the
        // other columns' names printed elsewhere) says nothing of results.
        let names_goal = |l: &Line<'_>| {
            header_words(l)
                .iter()
                .any(|w| GOAL_WORDS.iter().any(|g| w.contains(g)))
        };
        let expects_results =
            !headers.iter().any(|l| names_goal(l)) || headers.iter().any(|l| announces_results(l));
        let mut preamble: Vec<_> = furniture
            .iter()
            .map(|(kind, marker, group)| preamble_line(ledger, lines, *kind, *marker, group))
            .collect();

        let body_start = anchors.first().map_or(lines.len(), Anchor::first_line);
        for i in 0..body_start {
            if !lines[i].trim().is_empty() && !ledger.is_claimed(i) {
                preamble.push(preamble_line(ledger, lines, PreambleKind::Text, None, &[i]));
            }
        }
        preamble.sort_by_key(|p| p.lines.start);

        let mut rows = Vec::new();
        // The lines over department cells that may be a name's first part
        // (below the row above's number and label), said after the rows
        // where no other row's cell opens with the same unit and no such
        // line over it: a cell printed so elsewhere is whole, and the line
        // over it the row above's (helper-142: closing words over a unit
        // the sheet names whole in other rows had been said).
        let mut cuts: Vec<(usize, String)> = Vec::new();
        let mut whole: HashSet<String> = HashSet::new();
        let mut department: Vec<String> = Vec::new();
        for (k, anchor) in anchors.iter().enumerate() {
            let end = anchors.get(k + 1).map_or(lines.len(), Anchor::first_line);
            department = department_of(lines, ledger, anchor, department);
            let cut = k.checked_sub(1).and_then(|k| {
                let above = &anchors[k];
                let floor = above.label.last().copied().unwrap_or(above.number_end);
                name_cut_above(lines, is_furniture, anchor, floor)
            });
            // (The cell's own first unit: a row without a cell carries the
            // one above.)
            if let Some(unit) = department.first().filter(|_| !anchor.blocks.is_empty()) {
                match cut {
                    Some(i) => cuts.push((i, unit.clone())),
                    None => {
                        whole.insert(unit.clone());
                    }
                }
            }
            if department.is_empty() {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::MissingDepartment,
                    format!(
                        "row {} has no department cell and none above it",
                        anchor.number
                    ),
                    span(anchor.line, anchor.line),
                ));
            }
            // (A label on the number's line is claimed with the number.)
            let category = anchor.category(lines);
            if let Some(text) = category.as_ref().filter(|_| !anchor.label.is_empty()) {
                ledger.claim(anchor.label.iter().copied(), text);
            }
            let body_from = anchor.label.last().map_or(anchor.number_end, |&l| l) + 1;
            let mut blocks = paragraph_blocks(lines, is_furniture, body_from, end);
            let indented = |b: &[usize]| lines[b[0]].starts_with(char::is_whitespace);
            if end == lines.len() && blocks.first().is_some_and(|b| indented(b)) {
                // Below the last row of a sheet that indents its cells'
                // paragraphs: blocks not indented, after a finished
                // sentence, are a note under the table (`以上`, `※ …`, a
                // date) or the last cell's: which, the text does not say.
                // Left to `unassigned`, with a warning.
                // The tail goes from its first block that follows a finished
                // sentence or a closing mark, or is one: the blocks after it
                // are the note's too, whatever they end with (rev84 f08: a
                // date, `令和4年3月31日現在`, then a `※` note, went into the
                // last result; the note alone was left out).
                let closing = |b: &[usize]| matches!(b, [only] if is_closing_mark(&lines[*only]));
                let mut tail = blocks.len();
                while tail > 1 && (closing(&blocks[tail - 1]) || !indented(&blocks[tail - 1])) {
                    tail -= 1;
                }
                let keep = (tail..blocks.len())
                    .find(|&k| {
                        closing(&blocks[k])
                            || closing(&blocks[k - 1])
                            || blocks[k - 1]
                                .last()
                                .is_some_and(|&l| ends_sentence(&lines[l]))
                    })
                    .unwrap_or(blocks.len());
                // `以上` (the end) alone is the document's closing mark.
                for block in blocks.drain(keep..) {
                    if let [only] = block[..]
                        && is_closing_mark(&lines[only])
                    {
                        preamble.push(preamble_line(
                            ledger,
                            lines,
                            PreambleKind::Text,
                            None,
                            &[only],
                        ));
                    }
                }
            }
            // A page break among the row's blocks: a block after it that
            // is no result's (a sentence in the past, `…しました。`) may go on
            // with the goal, the page cutting the row's cells one after the
            // other (goal, result | goal, result), or open the result. Read
            // in order, the first block the goal's, and said.
            if expects_results
                && let Some(cut) = blocks.windows(2).find_map(|pair| {
                    let (end, start) = (*pair[0].last()?, *pair[1].first()?);
                    let last = *pair[1].last()?;
                    ((end..start).any(|i| is_furniture[i] || Line::page_ends_after(lines, i))
                        && !reads_as_done(&lines[last]))
                    .then_some(start)
                })
            {
                diagnostics.push(page_cut_in_row(cut));
            }
            let (goal_blocks, result_blocks) = match blocks.split_first() {
                Some((goal, results)) if expects_results => (std::slice::from_ref(goal), results),
                _ => (blocks.as_slice(), &[][..]),
            };
            let (goal, result) = (goal_blocks.concat_blocks(), result_blocks.concat_blocks());
            let text_of =
                |idx: &[usize]| -> Vec<&str> { idx.iter().map(|&i| lines[i].as_ref()).collect() };
            ledger.claim(goal.iter().copied(), &join_wrapped(&text_of(&goal)));
            ledger.claim(result.iter().copied(), &join_wrapped(&text_of(&result)));
            let last = [goal.last(), result.last(), anchor.label.last()]
                .into_iter()
                .flatten()
                .copied()
                .max()
                .unwrap_or(anchor.line);
            if goal.is_empty() {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::EmptyGoal,
                    format!(
                        "row {} of {} has no goal text",
                        anchor.number,
                        department.last().map_or("?", String::as_str)
                    ),
                    span(anchor.line, last),
                ));
            }
            rows.push(PendingRow {
                department_path: department.clone(),
                number: anchor.number.clone(),
                numbers: anchor.numbers.clone(),
                category,
                goal: block_texts(lines, goal_blocks, diagnostics),
                result: block_texts(lines, result_blocks, diagnostics),
                first: anchor.first_line(),
                last,
            });
        }
        for (i, unit) in cuts.iter().filter(|(_, unit)| !whole.contains(unit)) {
            diagnostics.push(name_cut_over_blank(*i, lines[*i].trim(), unit));
        }
        let rows: Vec<_> = rows.into_iter().map(finish_row).collect();
        if let Some(said) = super::without_results(&rows, expects_results, None) {
            diagnostics.push(said);
        } else if expects_results {
            for row in rows.iter().filter(|r| r.result.is_none()) {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::MissingResult,
                    format!(
                        "row {} of {} has no result although other rows do",
                        row.number, row.department
                    ),
                    row.provenance.lines,
                ));
            }
        }
        preamble.sort_by_key(|p| p.lines.start);
        super::sheet(title, preamble, rows)
    }
}

/// The anchor's department cell, block by block: its lines, cut at a
/// path's slashes (`区民部 / 区民課`).
fn cell_words<'l>(lines: &'l [Line<'_>], anchor: &Anchor) -> Vec<Vec<&'l str>> {
    anchor
        .blocks
        .iter()
        .map(|b| b.iter().flat_map(|&i| slash_pieces(&lines[i])).collect())
        .collect()
}

/// Whether the anchor's department cell (or the name on its line) names an
/// organisational unit: a memo's `施設名` or an article's author above a
/// section number does not.
fn names_a_unit(lines: &[Line<'_>], anchor: &Anchor) -> bool {
    let texts = cell_words(lines, anchor);
    group_units(&texts)
        .iter()
        .chain(anchor.name_on_line.as_ref())
        .any(|u| ends_like_unit(u))
}

/// The sheet's title (see [`super::title_above`]: its first line, or the
/// one of its first lines that titles a sheet), unless that opens a row (a unit's
/// name and an item number, `総務課 1`: a dump without title or header;
/// rev75 s21: the first item was the title and the preamble's, ok).
fn title_line<'a>(lines: &'a [Line<'_>]) -> Option<&'a str> {
    super::title_above(lines).filter(|line| {
        // (A row's line ends in its number: most titles fail there.)
        !line.ends_with(|c: char| c.is_ascii_digit())
            || !NAME_AND_NUMBER.captures(line).is_some_and(|c| {
                let name = c[1].trim();
                is_name_like(name) && ends_like_unit(name) && parse_number(&c[2]).is_some()
            })
    })
}

/// What scoring and parsing a flow sheet both need: the page furniture
/// (the title being the first line), which lines it takes, and the rows'
/// anchors outside it.
pub(crate) struct Analysis {
    furniture: Vec<(PreambleKind, Option<char>, Vec<usize>)>,
    mask: Vec<bool>,
    anchors: Vec<Anchor>,
    /// Numbers alone between finished sentences: a page number or a
    /// paragraph of the cell, which the text does not say. Kept as text.
    ambiguous: Vec<usize>,
}

/// The analysis of `lines`, from `memo` when the score made it already.
fn analysis<'m>(lines: &[Line<'_>], memo: &'m Memo) -> &'m Analysis {
    memo.flow.get_or_init(|| {
        let mut furniture = find_furniture(lines, title_line(lines), |_| true);
        let mut mask = vec![false; lines.len()];
        for (_, _, group) in &furniture {
            for &i in group {
                mask[i] = true;
            }
        }
        let last_text = lines.iter().rposition(|l| !l.trim().is_empty());
        // The page each line is on, by the page breaks (form feeds) above:
        // counted only for a number at a page's foot, which most sheets lack.
        let page = std::cell::OnceCell::new();
        let page_of_line = |i: usize| page.get_or_init(|| Line::pages(lines))[i];
        // The column header printed again: where each starts, a new page
        // starts, and the lines right above it end the page before — a
        // number there is that page's, touching the text above it or not
        // (`掲示しました。` / `1` / `部署名…`).
        // (A header over lines, `部署名` / `目標…` / `実施結果…`, starts at
        // its first.)
        let mut headers = vec![false; lines.len()];
        for (kind, _, group) in &furniture {
            if *kind == PreambleKind::ColumnHeader {
                for &i in group {
                    headers[i] = true;
                }
            }
        }
        // The lines at a page's foot, found on the way: the last with text
        // above each header's start, each before a page break, and the
        // document's last.
        let mut page_feet: Vec<usize> = Vec::new();
        let mut above: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let header = headers[i];
            let above_header = above.is_some_and(|j| headers[j]);
            headers[i] = header && !above_header;
            if headers[i]
                && let Some(j) = above
            {
                page_feet.push(j);
            }
            if Line::page_ends_after(lines, i) {
                page_feet.push(i);
            }
            above = Some(i);
        }
        page_feet.extend(last_text);
        page_feet.sort_unstable();
        page_feet.dedup();
        let header_below = |i: usize| {
            lines[i + 1..]
                .iter()
                .position(|l| !l.trim().is_empty())
                .is_some_and(|k| headers[i + 1 + k])
        };
        // A page number beside words that are no sentence, printed at a
        // page's foot (the document's end, a page break or the column
        // header again below it): a running foot where the number is
        // marked as a page's (`架空区役所 Page 1`) or counts this very page
        // among the document's (`1 / 1 作成：区民課` under a one-page
        // sheet), not a department and its item number — nor a count of
        // something else (`進捗 3/5`).
        let pages = || lines.len().checked_sub(1).map_or(1, page_of_line);
        for &i in &page_feet {
            if mask[i] || lines[i].has_tab() {
                continue;
            }
            let foot = words_and_page(lines[i].trim()).is_some_and(|beside| {
                !ends_sentence(beside.words)
                    && (beside.marked
                        || beside.of == Some(pages()) && beside.page == page_of_line(i))
            });
            if foot {
                mask[i] = true;
                furniture.push((PreambleKind::PageNumber, None, vec![i]));
            }
        }
        let anchors = find_anchors(lines, &mask);
        // A number alone between blank lines that no department or label
        // makes a row's, inside a sentence, is a page number (a dump prints
        // `2` at the foot of a page): furniture, so that the paragraph it
        // cut is joined again.
        // (Not a department or label line either: the anchors stand.)
        let mut anchor_lines = vec![false; lines.len()];
        for a in &anchors {
            anchor_lines[a.line..=a.number_end].fill(true);
        }
        // Only where it cuts a sentence: between finished sentences a
        // number alone may be a paragraph of the cell (`12`).
        let blank = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .is_none_or(|l| l.trim().is_empty())
        };
        // Between finished sentences too where the numbers count pages
        // (two or more, each one more than the one before), or at the
        // very end (the last page's: `last_text`).
        // How many headers stand above each line (counted once, only for
        // a number right above a header).
        let counted = std::cell::OnceCell::new();
        let headers_above = |i: usize| {
            counted.get_or_init(|| {
                let mut seen = 0u32;
                headers
                    .iter()
                    .map(|&h| {
                        let above = seen;
                        seen += u32::from(h);
                        above
                    })
                    .collect::<Vec<u32>>()
            })[i]
        };
        let mut text_above: Option<usize> = None;
        let mut alone: Vec<(usize, bool)> = Vec::new();
        for i in 0..lines.len() {
            let text = lines[i].trim();
            if !mask[i]
                && !anchor_lines[i]
                && is_bare_number(text)
                && let Some(above) = text_above
                && (stands_alone(lines, i) || header_below(i))
            {
                // Sure where a new page follows it (a form feed, or the
                // column header again) and it is the page's number, by the
                // page breaks or the headers above it (a paragraph `12`
                // may end a page too).
                let number = text.parse::<u32>().ok();
                let numbers_page = Line::page_ends_after(lines, i)
                    && number.is_some_and(|n| n == page_of_line(i))
                    || header_below(i) && number.is_some_and(|n| n == headers_above(i));
                let unsure = ends_sentence(&lines[above]) && Some(i) != last_text && !numbers_page;
                alone.push((i, unsure));
            }
            if !text.is_empty() {
                text_above = Some(i);
            }
        }
        let value = |i: usize| lines[i].trim().parse::<u32>().ok();
        let counts_pages = alone.len() >= 2
            && alone.windows(2).all(|w| {
                value(w[0].0)
                    .zip(value(w[1].0))
                    .is_some_and(|(a, b)| b == a + 1)
            });
        let mut ambiguous = Vec::new();
        for (i, unsure) in alone {
            if unsure && !counts_pages {
                ambiguous.push(i);
            } else {
                mask[i] = true;
                furniture.push((PreambleKind::PageNumber, None, vec![i]));
            }
        }
        // A date alone between blank lines, printed more than once, right
        // above a page's number: the page's foot (`令和7年3月31日現在` /
        // `- 1 -`), not a paragraph of the result above it.
        // (Dates counted once, and only where a page's number has a line
        // alone above it: most documents have none to ask about.)
        let printed = Reprints::new(lines, is_date_line);
        // The lines alone right above a page's number, and how often each
        // text stands there: an author's or the ward's line printed so on
        // every page it is printed on, twice or more (`東架空区役所
        // 総務課作成` / `- 1 -`), is a running foot, not a paragraph of the
        // result above it.
        let mut above_pages: Vec<usize> = Vec::new();
        for j in 0..lines.len() {
            let page = mask[j] && (lines[j].is_page_number() || is_bare_number(lines[j].trim()));
            let Some(i) = page
                .then(|| (0..j).rev().find(|&i| !lines[i].trim().is_empty()))
                .flatten()
            else {
                continue;
            };
            if mask[i] || anchor_lines[i] || !blank(i.checked_sub(1)) || !blank(Some(i + 1)) {
                continue;
            }
            if is_date_line(&lines[i]) && printed.recurs(&lines[i]) {
                mask[i] = true;
                furniture.push((PreambleKind::Text, None, vec![i]));
            } else if reads_as_foot(&lines[i]) {
                above_pages.push(i);
            }
        }
        let mut above: HashMap<String, usize> = HashMap::new();
        for &i in &above_pages {
            *above.entry(repair_label(&lines[i])).or_default() += 1;
        }
        let feet = Reprints::new(lines, reads_as_foot);
        for i in above_pages {
            let here = above[&repair_label(&lines[i])];
            if here > 1 && here == feet.count(&lines[i]) {
                mask[i] = true;
                furniture.push((PreambleKind::Text, None, vec![i]));
            }
        }
        furniture.sort_by_key(|(_, _, group)| group[0]);
        Analysis {
            furniture,
            mask,
            anchors,
            ambiguous,
        }
    })
}

/// Whether a line alone above a page's number may be a running foot: no
/// sentence, and an author's or the office's line (`東架空区役所 総務課作成`,
/// `（総務課作成）`, `北架空区役所`), not a grade or a note a cell may end
/// with on every page (`達成度：Ａ`).
fn reads_as_foot(line: &str) -> bool {
    let text = line.trim();
    names_author(text)
        || !ends_sentence(text)
            && text.chars().count() <= 40
            && (text.contains("区役所") || text.ends_with("作成"))
}

/// Each block is one paragraph or more: blocks are rejoined on their own and
/// handed on as indented paragraphs, so that `join_wrapped` keeps the break
/// between two blocks but not inside one (a block rejoined across a page
/// header stays one paragraph). A line after a sentence that ended short
/// of the cell's edge (see [`ends_short`]) opens a paragraph too, said
/// once for the cell.
fn block_texts(
    lines: &[Line<'_>],
    blocks: &[Vec<usize>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    // (In line order: looked up by halving.)
    let opened = ends_short(lines, blocks);
    if let (Some(&first), Some(&last)) = (opened.first(), opened.last()) {
        diagnostics.push(Diagnostic::at_lines(
            Level::Warning,
            DiagnosticCode::AmbiguousLine,
            format!(
                "{} line(s) of this cell, from line {}, follow a sentence that ended well short \
                 of the cell's width where its other lines wrap at its edge: each was read as \
                 opening a paragraph, which the text does not mark (no indent, no list marker), \
                 and may go on with the paragraph above",
                opened.len(),
                first + 1
            ),
            span(first, last),
        ));
    }
    blocks
        .iter()
        .map(|block| {
            let mut text = String::from("　");
            let mut from = 0;
            for to in 1..=block.len() {
                if to == block.len() || opened.binary_search(&block[to]).is_ok() {
                    if from > 0 {
                        text.push('\n');
                    }
                    let texts: Vec<&str> =
                        block[from..to].iter().map(|&i| lines[i].as_ref()).collect();
                    text.push_str(&join_wrapped(&texts));
                    from = to;
                }
            }
            text
        })
        .collect()
}

/// The lines of a cell (its blocks) that open a paragraph its text does
/// not mark, in line order: in a cell that indents none of its lines (a
/// Writer table read by raw `pdftotext`), each line after one that ends a
/// sentence (`。`) two characters or more short of the cell's edge — the
/// width its lines of wide characters reach, twice at least within a
/// character — which a wrapped line does not: a cell wraps its paragraph
/// at its edge, give or take a character its line-breaking rules move
/// (helper-164's Writer sheets: wraps of 9 and 10 characters, a paragraph
/// ending at 8, `…改善につなげます。` / `具体的には、…`, had been joined).
/// Those rules may move more: a word that a small kana, `ー` or a closing
/// mark may not start a line after (`ニュー`, `ちょ`, `す。」`), or an
/// opening bracket and the character after it, goes down whole, and the
/// line above it is that much shorter (helper-168: 46 of 102 wrong
/// breaks in its sheets).
fn ends_short(lines: &[Line<'_>], blocks: &[Vec<usize>]) -> Vec<usize> {
    let cell = || blocks.iter().flatten().map(|&i| lines[i].trim_end());
    if cell().any(|line| line.starts_with(char::is_whitespace)) {
        return Vec::new();
    }
    // Lines of wide characters only: half-width ones are narrower than
    // half a character in a proportional font.
    let widths: Vec<usize> = cell()
        .filter(|line| line.chars().all(is_wide))
        .map(set_width)
        .collect();
    let Some(&edge) = widths.iter().max() else {
        return Vec::new();
    };
    if widths.iter().filter(|&&w| w + 2 >= edge).count() < 2 {
        return Vec::new();
    }
    // (Not past a list's first item: an item's lines may hang under its
    // text, further in than the cell's other lines, an indent the dump
    // drops: helper-169.)
    blocks
        .iter()
        .map(|block| {
            let items = block
                .iter()
                .position(|&i| plansheet_text::is_paragraph_start(&lines[i]));
            &block[..items.unwrap_or(block.len())]
        })
        .flat_map(|block| block.windows(2))
        .filter(|pair| {
            let (line, next) = (lines[pair[0]].trim_end(), lines[pair[1]].as_ref());
            line.trim_end_matches(CLOSING).ends_with('。')
                && set_width(line) + pushed_down(next) + 4 <= edge
                && !plansheet_text::is_paragraph_start(next)
        })
        .map(|pair| pair[1])
        .collect()
}

/// Closing marks, which may follow a sentence's `。` (`…です。」`).
const CLOSING: &[char] = &['」', '』', '）', ')', '】', '〕', '〉', '》', '］', ']'];

/// Whether a character prints two columns wide in a Japanese font: any
/// past ASCII but half-width katakana (`○`, `×`, `※`, `…`, `→` too, which
/// East Asian width calls ambiguous: helper-168).
fn is_wide(c: char) -> bool {
    !c.is_ascii() && !('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// How many columns a line takes as a Japanese font sets it (see
/// [`is_wide`]).
fn set_width(line: &str) -> usize {
    line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// How wide the start of a line is that line-breaking rules may have
/// moved down whole: its first character with the small kana, `ー` and
/// closing marks after it, which may not start a line, or an opening
/// bracket, which may not end one, with the character after it, or a word
/// or figure in ASCII; 0 where the first character stands alone.
fn pushed_down(line: &str) -> usize {
    const NO_START: &str = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶー、。，．」）』】〕〉》］｝・：；？！ゝゞヽヾ々),.:;?!]}";
    const NO_END: &str = "「『（【〔〈《［｛([{";
    let line = line.trim_start();
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return 0;
    };
    // (A word or figure in ASCII is not broken: `Instagram`, `10,000`.)
    if first.is_ascii_alphanumeric() {
        let run = line
            .chars()
            .take_while(|&c| c.is_ascii_alphanumeric() || matches!(c, ',' | '.' | '%' | '-' | '/'))
            .count();
        return run;
    }
    let unit = if NO_END.contains(first) {
        let after = chars.next().map_or(0, char::len_utf8);
        &line[..first.len_utf8() + after]
    } else {
        let run = chars
            .take_while(|&c| NO_START.contains(c))
            .map(char::len_utf8)
            .sum::<usize>();
        if run == 0 {
            return 0;
        }
        &line[..first.len_utf8() + run]
    };
    set_width(unit)
}

trait ConcatBlocks {
    fn concat_blocks(&self) -> Vec<usize>;
}

impl ConcatBlocks for [Vec<usize>] {
    fn concat_blocks(&self) -> Vec<usize> {
        self.iter().flatten().copied().collect()
    }
}

/// Splits `from..to` into paragraph blocks at blank lines, leaving out page
/// furniture. A block cut by a page header is joined with the next one when
/// it does not end a sentence: the page break fell inside the cell.
fn paragraph_blocks(
    lines: &[Line<'_>],
    furniture: &[bool],
    from: usize,
    to: usize,
) -> Vec<Vec<usize>> {
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut cut_by_furniture = false;
    for i in from..to {
        if furniture[i] {
            cut_by_furniture = true;
            continue;
        }
        if lines[i].trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
                cut_by_furniture = false;
            }
            continue;
        }
        if current.is_empty() && cut_by_furniture {
            let open = blocks
                .last()
                .and_then(|b| b.last())
                .is_some_and(|&l| !ends_sentence(&lines[l]));
            if open && let Some(previous) = blocks.pop() {
                current = previous;
            }
            cut_by_furniture = false;
        }
        current.push(i);
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Claims the department cell of an anchor and returns its unit path; a row
/// without a department cell continues the department above it.
fn department_of(
    lines: &[Line<'_>],
    ledger: &mut Ledger<'_>,
    anchor: &Anchor,
    above: Vec<String>,
) -> Vec<String> {
    let mut units = group_units(&cell_words(lines, anchor));
    let cell: Vec<usize> = anchor.blocks.iter().flatten().copied().collect();
    // The cell as printed: a path's slashes are in no unit's name.
    let printed: String = cell.iter().map(|&i| lines[i].as_ref()).collect();
    ledger.claim(cell, &printed);
    ledger.claim(
        anchor.line..=anchor.number_end,
        &format!(
            "{}{}{}",
            anchor.name_on_line.as_deref().unwrap_or(""),
            anchor.number,
            anchor.label_on_line.as_deref().unwrap_or("")
        ),
    );
    if let Some(name) = &anchor.name_on_line {
        match anchor.name_head {
            Some(h) => {
                let head = lines[h].trim();
                ledger.claim([h], head);
                units.push(format!("{head}{name}"));
            }
            None => units.push(name.clone()),
        }
    }
    if units.is_empty() { above } else { units }
}

/// How a sheet dumped a cell a block prints its rows (mutool's `-F txt`,
/// PyMuPDF's blocks; helper-166), looked for only in such a sheet: one
/// whose labels stand across (lines of two characters or more, a label
/// wrapped in its cell too) more than stacked a character a line.
#[derive(Default)]
struct Blockwise {
    /// Whether the sheet prints its labels so.
    on: bool,
    /// The labels it prints that the list lacks (`窓口環境`).
    printed: Vec<String>,
}

/// The rows' anchors: each number with the department cell above it and
/// the label below it. In a sheet that prints a cell a block (see
/// [`Blockwise`]; found by a first look), also a number with its label
/// after it on its line (`2・3 対面対応`, see [`number_and_label`]), and a
/// label right over the goal's indented first line (see [`label_lines`]).
fn find_anchors(lines: &[Line<'_>], furniture: &[bool]) -> Vec<Anchor> {
    let anchors = anchors_with(lines, furniture, &Blockwise::default());
    // (A label across may wrap in its narrow cell: `電話対` / `応`.)
    let wide = |l: &usize| lines[*l].trim().chars().count() > 1;
    let across = anchors.iter().filter(|a| a.label.iter().any(wide)).count();
    let stacked = anchors
        .iter()
        .filter(|a| a.label.len() > 1 && !a.label.iter().any(wide))
        .count();
    if across <= stacked {
        return anchors;
    }
    let mut printed: Vec<String> = anchors
        .iter()
        .filter_map(|a| a.category(lines))
        .filter(|c| !is_known_category(c))
        .collect();
    printed.sort_unstable();
    printed.dedup();
    anchors_with(lines, furniture, &Blockwise { on: true, printed })
}

/// A row's number and its label on one line (see [`NUMBER_AND_LABEL`]), in
/// a sheet printing a cell a block: a wide number (`2・3`: a narrow one
/// keeps a line of its own there), the label a known one, one the sheet
/// prints for another row, or a short word a label may be (2 to
/// [`MAX_ACROSS_LABEL`] characters); the number, the label, and whether
/// it is one of the first two. (A cell's own numbered list, `1 お知らせ`,
/// `25 名以上`, is none.)
fn number_and_label(line: &str, blockwise: &Blockwise) -> Option<(String, Vec<u32>, String, bool)> {
    if !blockwise.on
        || !line.starts_with(|c: char| c.is_ascii_digit())
        || !line.contains([' ', '\t', '　'])
    {
        return None;
    }
    let captures = NUMBER_AND_LABEL.captures(line)?;
    let label = captures.get(2)?.as_str();
    let known = is_known_category(label)
        || blockwise
            .printed
            .binary_search_by(|p| p.as_str().cmp(label))
            .is_ok();
    let word = (2..=MAX_ACROSS_LABEL).contains(&label.chars().count()) && is_label_text(label);
    let (number, numbers) = parse_number(captures.get(1)?.as_str())?;
    (numbers.len() > 1 && (known || word)).then(|| (number, numbers, label.to_owned(), known))
}

fn anchors_with(lines: &[Line<'_>], furniture: &[bool], blockwise: &Blockwise) -> Vec<Anchor> {
    let title = title_line(lines);
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut floor = 0;
    for i in 0..lines.len() {
        if furniture[i] || i < floor {
            continue;
        }
        let line = lines[i].trim();
        // A number wrapped down its narrow cell (`2` / `・` / `3`).
        let (stacked, number_end) = stacked_number(lines, furniture, i).unwrap_or_default();
        let mut label_on_line = None;
        let mut known_label = false;
        let (number, numbers, name_on_line) = if let Some((n, ns)) = parse_number(&stacked) {
            (n, ns, None)
        } else if let Some((n, ns)) = parse_number(line) {
            (n, ns, None)
        } else if let Some((n, ns, label, known)) = number_and_label(line, blockwise) {
            label_on_line = Some(label);
            known_label = known;
            (n, ns, None)
        } else if line.ends_with(|c: char| c.is_ascii_digit())
            && let Some(c) = NAME_AND_NUMBER.captures(line)
            && let (Some(name), Some(num)) = (c.get(1), c.get(2))
            && is_name_like(name.as_str())
            // A range (`2〜3`) after a unit's name only: `実施回数 4〜6` in
            // a result is no row.
            && (!num.as_str().contains(['〜', '~']) || ends_like_unit(name.as_str().trim()))
            && let Some((n, ns)) = parse_number(num.as_str())
        {
            (n, ns, Some(name.as_str().trim().to_owned()))
        } else {
            continue;
        };
        // A unit's name wrapped over two lines, its end on the number's
        // line (`選挙管理委員` / `会事務局 1`): the line right above, after a
        // gap or a unit (not the last line of the row above's result or
        // goal), of
        // kanji and katakana only (no date, extension or qualifier), that
        // ends like no unit, is no label, and whose end the name on the
        // line gives.
        let name_head = name_on_line.as_deref().and_then(|name| {
            let h = i.checked_sub(1).filter(|&h| h >= floor && !furniture[h])?;
            let head = lines[h].trim();
            // (Or under more of the department cell: a unit, `地域支援部` /
            // `地域ケア推進` / `課 1`, or its qualifier.)
            let gap = h == 0 || lines[h - 1].trim().is_empty() || furniture[h - 1] || {
                let above = lines[h - 1].trim();
                is_name_like(above)
                    && (ends_like_unit(above)
                        || above.starts_with(['(', '（']) && above.ends_with([')', '）']))
            };
            (gap && is_name_like(head)
                && head
                    .chars()
                    .all(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '・') || is_katakana(c))
                && !ends_like_unit(head)
                && !is_label_line(head)
                && !is_known_category(head)
                // (Nor the page header's words, `北架空区`, `向上指針取組シート`.)
                && !title.is_some_and(|title| title.contains(head))
                && ends_like_unit(&format!("{head}{name}")))
            .then_some(h)
        });
        let top = name_head.unwrap_or(i);
        let blocks =
            department_blocks(lines, furniture, title, top, floor, name_on_line.as_deref());
        let number_end = number_end.max(i);
        let label = if label_on_line.is_some() {
            Vec::new()
        } else {
            label_lines(lines, furniture, number_end, blockwise.on)
        };
        let after_gap = top == 0 || lines[top - 1].trim().is_empty() || furniture[top - 1];
        let is_row = match &name_on_line {
            // (Without a department cell, where its number goes on from
            // the row above's: `1` … `2・3 対面対応`.)
            None => {
                !blocks.is_empty()
                    || !label.is_empty()
                    || known_label
                        && anchors.last().and_then(|a| a.numbers.last()).map(|n| n + 1)
                            == numbers.first().copied()
            }
            Some(_) => !label.is_empty() || !blocks.is_empty() || after_gap,
        };
        if !is_row {
            continue;
        }
        floor = label.last().map_or(number_end, |&l| l) + 1;
        anchors.push(Anchor {
            line: i,
            number_end,
            number,
            numbers,
            name_on_line,
            name_head,
            blocks,
            label,
            label_on_line,
        });
    }
    anchors
}

/// The most lines a number wrapped down its cell runs over.
const MAX_NUMBER_PIECES: usize = 5;

/// A row's number wrapped down a narrow cell from line `i`, one piece a
/// line (`2` / `・` / `3`, `2・` / `3・` / `4`, `2〜` / `3`): the number as
/// one line prints it (`2・3`) and its last line; `None` where line `i`
/// opens no such number.
fn stacked_number(lines: &[Line<'_>], furniture: &[bool], i: usize) -> Option<(String, usize)> {
    const JOINERS: [char; 3] = ['・', '〜', '~'];
    let digits = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    // A piece: digits, a joiner, or digits with a joiner before or after.
    let is_piece = |t: &str| {
        let bare = t.trim_start_matches(JOINERS).trim_end_matches(JOINERS);
        let joiners = t.len() - bare.len();
        bare.is_empty() && t.chars().count() == 1 || digits(bare) && joiners <= '・'.len_utf8()
    };
    let first = lines[i].trim();
    if !first.starts_with(|c: char| c.is_ascii_digit()) || !is_piece(first) {
        return None;
    }
    let mut number = first.to_owned();
    let mut end = i;
    // (Five pieces at most, `2` `・` `3` `・` `4`: each line starts one
    // walk, which stays short.)
    while end - i < MAX_NUMBER_PIECES - 1
        && let Some(next) = lines.get(end + 1).filter(|_| !furniture[end + 1])
        && let piece = next.trim()
        && is_piece(piece)
    {
        // Digits and joiners take turns.
        let joined = number.ends_with(JOINERS);
        if joined == piece.starts_with(JOINERS) {
            break;
        }
        number.push_str(piece);
        end += 1;
    }
    (end > i
        && !number.ends_with(JOINERS)
        && parse_number(&number).is_some_and(|(_, ns)| ns.len() > 1))
    .then_some((number, end))
}

/// Walks up from the number through blank-separated blocks of name-like
/// lines (past a page number where the cell below it is one block: a cell
/// the page break cut), then drops leading blocks that are not unit names
/// (the previous row's last words, say `特になし`, or a qualifier in
/// parentheses with no unit above it). `title` is the sheet's
/// ([`title_line`]).
fn department_blocks(
    lines: &[Line<'_>],
    furniture: &[bool],
    title: Option<&str>,
    anchor: usize,
    floor: usize,
    name_on_line: Option<&str>,
) -> Vec<Vec<usize>> {
    let units_of = |block: &[usize]| {
        let texts: Vec<&str> = block
            .iter()
            .flat_map(|&i| slash_pieces(&lines[i]))
            .collect();
        group_units(&[texts])
    };
    // How deep the unit that opens block `k` stands (the name on the
    // number's line where there is no such block), if its name says.
    let depth_of_block = |blocks: &[Vec<usize>], k: usize| {
        blocks
            .get(k)
            .and_then(|b| units_of(b).into_iter().next())
            .or_else(|| name_on_line.map(str::to_owned))
            .and_then(|u| unit_depth(&u))
    };
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut taken = 0;
    let mut blanks = 0;
    // How many blocks lie below a page number passed over.
    let mut below_page: Option<usize> = None;
    let mut j = anchor;
    while j > floor {
        j -= 1;
        // A page break inside the cell (the parent unit at the foot of one
        // page, the unit at the top of the next): its page number, and the
        // title and column header the next page prints again, are passed
        // over like a blank line where the cell below them is one block (a
        // unit, or a path on consecutive lines); other furniture ends the
        // cell, and so does a second page break.
        if furniture[j] {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            let line = lines[j].trim();
            let breaks_page = lines[j].is_page_number()
                || lines[j].is_trimmed_column_header()
                || title == Some(line);
            let one_break = match below_page {
                Some(below) => below == blocks.len(),
                None => blocks.len() + usize::from(name_on_line.is_some()) == 1,
            };
            if !breaks_page || !one_break {
                break;
            }
            below_page = Some(blocks.len());
            blanks = 0;
            continue;
        }
        let line = lines[j].trim_end();
        if line.trim().is_empty() {
            blanks += 1;
            if blanks > MAX_CELL_BLANKS {
                break;
            }
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        // Right above a `name N` line, a short line that is no unit's name
        // is the stacked label of the row above (a row without goal or
        // result); a parent unit (`区民部` over `区民課 1`) is not.
        if !is_name_like(line)
            || taken == MAX_DEPARTMENT_LINES
            || is_label_line(line)
                && !ends_like_unit(line.trim())
                && blocks.is_empty()
                && current.is_empty()
                && name_on_line.is_some()
        {
            break;
        }
        blanks = 0;
        taken += 1;
        current.push(j);
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    for block in &mut blocks {
        block.reverse();
    }
    blocks.reverse();
    // A parent unit ends like one and is not the ward office the title
    // names (`令和5年度… 架空区役所`: `架空区役所` over a unit is a result's
    // last line or the page header).
    let ward = title.and_then(|title| title.split_whitespace().last());
    let parent =
        |unit: &str| ends_like_unit(unit) && !(unit.ends_with("役所") && ward == Some(unit));
    // An office the page header prints: in a line of words (a title, `…
    // 麻生区役所`), or a line of the document's first ones (the ward's
    // name under the title).
    let page_header = |unit: &str| {
        unit.ends_with("役所")
            && (unit.contains(char::is_whitespace)
                || lines
                    .iter()
                    .take_while(|l| !l.is_trimmed_column_header())
                    .map(|l| l.trim())
                    .filter(|l| !l.is_empty())
                    .take(PAGE_HEAD_LINES)
                    .any(|l| l == unit))
    };
    // Above a page break, only parent units, and no office the page
    // header prints (see `page_header`): not a qualifier alone
    // (`（担当：地域振興課）`), nor a unit whose name says it stands no
    // higher than the unit below (`地域振興課` over `区民課`: the unit the
    // row above's result names last, on the page before). Names that do
    // not say (a centre holding divisions) stay parents. A block that is
    // none is left to the row above, with every block above it: the parent
    // at the page's foot under such a line stays.
    if let Some(below) = below_page {
        let above = blocks.len() - below;
        let under = depth_of_block(&blocks, above);
        let not_parent = blocks[..above].iter().rposition(|block| {
            !units_of(block).iter().all(|u| {
                parent(u)
                    && !page_header(u)
                    && unit_depth(u)
                        .zip(under)
                        .is_none_or(|(depth, under)| depth < under)
            })
        });
        if let Some(last) = not_parent {
            blocks.drain(..=last);
        }
    }
    // Every block but the department's own must be made of unit names, a
    // qualifier in parentheses after its unit; the top one cannot be a
    // qualifier, as nothing above it is qualified (`（担当：地域振興課）` is
    // the row above's last line).
    // Nor can it stand deeper in the office than the unit below it: a
    // section over a division (`地域振興課` over `区民部` / `区民課`) is the
    // row above's last line, a unit its result names.
    let keep_last = usize::from(name_on_line.is_none());
    while blocks.len() > keep_last {
        let units = units_of(&blocks[0]);
        let deeper = units
            .last()
            .and_then(|u| unit_depth(u))
            .zip(depth_of_block(&blocks, 1));
        if !units.first().is_some_and(|u| u.starts_with('('))
            && units.iter().all(|u| parent(u) || u.starts_with('('))
            && deeper.is_none_or(|(top, below)| top <= below)
        {
            break;
        }
        blocks.remove(0);
    }
    blocks
}

fn is_label_line(line: &str) -> bool {
    let text = line.trim();
    let len = text.chars().count();
    (1..=MAX_LABEL_LINE).contains(&len) && text.chars().all(is_label_char)
}

/// The warning for line `i` (0-based), a number alone that may be a page
/// number or a paragraph of the cell, kept in the cell.
fn ambiguous_line(i: usize) -> Diagnostic {
    Diagnostic::at_lines(
        Level::Warning,
        DiagnosticCode::AmbiguousLine,
        "this line may be page furniture (a page number, the page header) or a cell's text: \
         it was kept in the cell"
            .into(),
        span(i, i),
    )
}

/// A line that may be the first part of the department name below it, cut
/// from it by a blank line: a paragraph of its own right above the
/// department cell that the cell could hold but for the blank line — a
/// line of a name's words, set as the cell's lines are (not indented), no
/// unit's whole name and no qualifier. Where it ends in kana, a word cut
/// short, it reads as a name's first part (`地域みまもり` / `支援センター`,
/// `ふれあい` / `推進課`) as well as the row above's last line, closing
/// words that end so (`引き続き取り組む`, `計画どおり`): the text does not
/// say which. (Closing words that end otherwise, `目標達成`, `評価Ｂ`,
/// `達成度 Ａ`, are the row's without a doubt; so is a line indented as
/// the row's paragraphs are, which no department cell holds.)
fn name_cut_above(
    lines: &[Line<'_>],
    furniture: &[bool],
    anchor: &Anchor,
    floor: usize,
) -> Option<usize> {
    let top = *anchor.blocks.first()?.first()?;
    let blank = |j: usize| lines[j].trim().is_empty();
    // (As far up as `department_blocks` walks: past two blank lines.)
    let i = (top.saturating_sub(MAX_CELL_BLANKS + 1)..top)
        .rev()
        .find(|&j| !blank(j))
        .filter(|&i| i > floor)?;
    let text = lines[i].trim();
    let own_paragraph = i.checked_sub(1).is_none_or(blank);
    (own_paragraph
        && !furniture[i]
        && is_name_like(lines[i].trim_end())
        && !text.contains(char::is_whitespace)
        && text.ends_with(|c| is_hiragana(c) || is_katakana(c))
        && !ends_like_unit(text)
        && !text.starts_with(['(', '（'])
        && !lines[top].trim().starts_with(['(', '（']))
    .then_some(i)
}

/// The warning for line `i` (0-based), `text`, read as the row above's
/// last line, that may be the first part of `unit`'s name.
fn name_cut_over_blank(i: usize, text: &str, unit: &str) -> Diagnostic {
    Diagnostic::at_lines(
        Level::Warning,
        DiagnosticCode::AmbiguousLine,
        format!(
            "「{text}」, a paragraph of its own right above the department cell, may be the \
             first part of the name 「{unit}」 cut by a blank line: it was kept as the row \
             above's last line"
        ),
        span(i, i),
    )
}

fn page_cut_in_row(i: usize) -> Diagnostic {
    Diagnostic::at_lines(
        Level::Warning,
        DiagnosticCode::AmbiguousLine,
        "a page break falls before this paragraph of the row, which may go on with its goal \
         or be its result's: it was read as the result's"
            .into(),
        span(i, i),
    )
}

/// The stacked label under a number: short lines of kana and kanji, after at
/// most one blank line.
fn label_lines(
    lines: &[Line<'_>],
    furniture: &[bool],
    anchor: usize,
    blockwise: bool,
) -> Vec<usize> {
    let mut i = anchor + 1;
    if lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        i += 1;
    }
    // A known label printed across, on a line of its own (`対面対応`,
    // `対 面 対 応`): it was read as the goal, and the goal as the result.
    // Or, in a sheet printing a cell a block (see `Blockwise`), right over
    // the goal's first, indented line (`3` / `庁内体制` / ` 共有の手順を…`:
    // the label's cell and the goal's touch).
    let indented = |k: usize| {
        lines
            .get(k)
            .is_some_and(|l| l.starts_with(char::is_whitespace) && !l.trim().is_empty())
    };
    let blank_after = lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
    if let Some(line) = lines.get(i)
        && !furniture[i]
        && (blank_after || blockwise && indented(i + 1) && !line.starts_with(char::is_whitespace))
    {
        // Or, where the sheet indents its paragraphs and one follows, any
        // short line of kana and kanji: a label not in the list (窓口環境).
        let across: String = line.split_whitespace().collect();
        let length = across.chars().count();
        let indented_next = indented(if blank_after { i + 2 } else { i + 1 });
        // (Or labels joined with `・`, longer: `対面・電話対応`.)
        let short_label = ((MAX_LABEL_LINE + 1..=MAX_ACROSS_LABEL).contains(&length)
            && is_label_text(&across)
            || joins_labels(&across))
            && !line.starts_with(char::is_whitespace)
            && indented_next;
        // A known label spaced out (`共 通`) is one printed across however
        // short: a stacked label's line holds one piece.
        let known = is_known_category(&across);
        let spaced_out = line.trim().contains(char::is_whitespace);
        if length > MAX_LABEL_LINE && (known || short_label) || spaced_out && known {
            return vec![i];
        }
    }
    // A label a character a line with blank lines between (`対` `` `面` ``
    // `対` `` `応`), where that spells a known label.
    let mut spaced = Vec::new();
    let mut j = i;
    while let Some(line) = lines.get(j)
        && !furniture[j]
        && line.trim().chars().count() == 1
        && is_label_line(line)
        && spaced.len() < 12
    {
        spaced.push(j);
        if !lines.get(j + 1).is_some_and(|l| l.trim().is_empty()) {
            break;
        }
        j += 2;
    }
    // What label lines spell, their pieces joined.
    let spelled = |label: &[usize]| -> String { label.iter().map(|&k| lines[k].trim()).collect() };
    if spaced.len() > 1 && is_known_category(&spelled(&spaced)) {
        return spaced;
    }
    let mut label = Vec::new();
    while let Some(line) = lines.get(i) {
        if furniture[i] || !is_label_line(line) || label.len() == 12 {
            break;
        }
        label.push(i);
        i += 1;
    }
    // A label a page break cut (`庁` `内`, the page number, `体` `制`): where
    // its lines so far spell no known label, or one that a longer known
    // label starts with (`対面` of `対面対応`), the label lines after blank
    // lines and page furniture that complete one are its too (rev84 f02:
    // the category read `庁内`, the goal `体制`, and the goal went to the
    // result).
    let so_far = spelled(&label);
    let may_grow = || {
        KNOWN_CATEGORIES
            .iter()
            .any(|k| k.len() > so_far.len() && k.starts_with(so_far.as_str()))
    };
    if !label.is_empty() && (!is_known_category(&so_far) || may_grow()) {
        let mut longer = label.clone();
        let mut k = i;
        loop {
            while lines
                .get(k)
                .is_some_and(|l| l.trim().is_empty() || furniture[k])
            {
                k += 1;
            }
            let start = k;
            while lines
                .get(k)
                .is_some_and(|l| !furniture[k] && is_label_line(l))
                && longer.len() < 12
            {
                longer.push(k);
                k += 1;
            }
            if k == start {
                break;
            }
            if is_known_category(&spelled(&longer)) {
                i = k;
                label = longer;
                break;
            }
        }
    }
    // A one-line "label" followed directly by text is the start of a
    // paragraph, not a label — but, in a sheet printing a cell a block,
    // for a word of two or three over the goal's first line, indented where
    // it is not (`2・` / `3` / `` / `接遇` / ` 区の…`).
    let over_indented = |label: &[usize], next: &Line<'_>| {
        let word = lines[label[0]].as_ref();
        blockwise
            && word.trim().chars().count() > 1
            && !word.starts_with(char::is_whitespace)
            && next.starts_with(char::is_whitespace)
    };
    if label.len() == 1
        && lines
            .get(i)
            .is_some_and(|l| !l.trim().is_empty() && !over_indented(&label, l))
    {
        label.clear();
    }
    // Capital letters alone (`I` / `T`) spell no label.
    if !is_label_text(&spelled(&label)) {
        label.clear();
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines().map(Line::from).collect()
    }

    #[test]
    fn department_cell_wrapped_over_blocks() {
        let l = lines(
            "た。\n\n地域みまもり\n支援センター\n\n(福祉事務所・保健所支所)\n\n地域支援課\n\n1\n\n対\n面\n\n　本文。",
        );
        let furniture = vec![false; l.len()];
        let anchors = find_anchors(&l, &furniture);
        assert_eq!(anchors.len(), 1);
        assert_eq!(anchors[0].blocks, vec![vec![2, 3], vec![5], vec![7]]);
        assert_eq!(anchors[0].label, vec![11, 12]);
    }

    #[test]
    fn previous_rows_last_words_are_not_a_unit() {
        let l = lines("特になし\n\nまちづくり推進部\n総務課\n\n1\n共\n通\n\n　本文。");
        let anchors = find_anchors(&l, &vec![false; l.len()]);
        assert_eq!(anchors[0].blocks, vec![vec![2, 3]]);
    }

    #[test]
    fn name_and_number_on_one_line() {
        let l = lines("した。\n\n高齢・障害課 1\n\n対\n面\n\n　本文。");
        let anchors = find_anchors(&l, &vec![false; l.len()]);
        assert_eq!(anchors[0].name_on_line.as_deref(), Some("高齢・障害課"));
        assert!(anchors[0].blocks.is_empty());
        // Review: a range after the name (`総務課 2〜3`, as the sheets number
        // a row alone `2〜3`) was not read, and the row went to the one above.
        let l = lines("した。\n\n総務課 2〜3\n\n対\n面\n\n　本文。");
        let anchors = find_anchors(&l, &vec![false; l.len()]);
        assert_eq!(anchors[0].number, "2〜3");
        assert_eq!(anchors[0].numbers, [2, 3]);
        // After a unit's name only: a result's `実施回数 4〜6` is no row.
        let l = lines("した。\n\n実施回数 4〜6\n\n　本文。");
        assert!(find_anchors(&l, &vec![false; l.len()]).is_empty());
        // `2-3` and `2.3` are no row numbers (branch numbers, `1-2` being
        // item 1's second, as often as merged rows), with a name or alone.
        for not in ["総務課 2-3", "総務課\n\n1-2", "総務課 2.3", "総務課\n\n2.3"] {
            let text = format!("した。\n\n{not}\n\n対\n面\n\n　本文。");
            let l = lines(&text);
            assert!(find_anchors(&l, &vec![false; l.len()]).is_empty(), "{not}");
        }
    }

    /// A document with no line ending in a digit has no row number: its
    /// score is none, and the analysis is not made.
    #[test]
    fn no_line_ending_in_a_digit_is_no_flow_sheet() {
        let l = lines("部署名\t目標\n総務課\t窓口を整えます。\n");
        let memo = Memo::default();
        let score = GoalSheetFlow.score(&l, &memo);
        assert_eq!(score.confidence, 0.0);
        assert!(memo.flow.get().is_none());
        let l = lines("総務課\n\n1\n\n共\n通\n\n　窓口を整えます。\n\n　整えました。\n");
        GoalSheetFlow.score(&l, &memo);
        assert!(memo.flow.get().is_some());
    }

    /// A flow sheet read whole: per row (number, category, goal, result),
    /// the texts unassigned, and whether any warning was given.
    fn flow_rows(text: &str) -> (Vec<[String; 4]>, Vec<String>, bool) {
        let p = crate::parse(text);
        assert_eq!(p.layout.name, LayoutName::GoalSheetFlow);
        let plansheet_model::Content::GoalSheet { rows, .. } = &p.content else {
            unreachable!()
        };
        let rows = rows
            .iter()
            .map(|r| {
                [
                    r.number.clone(),
                    r.category.clone().unwrap_or_default(),
                    r.goal.clone(),
                    r.result.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let warned = p.diagnostics.iter().any(|d| d.level == Level::Warning);
        (
            rows,
            p.unassigned.iter().map(|f| f.text.clone()).collect(),
            warned,
        )
    }

    const HEAD: &str = "令和6年度向上指針取組シート 高津区役所\n\n\
                        部署名 目標及び具体的な取組内容 実施結果及び目標の達成度\n\n";

    /// rev84 f02: a label a character a line that a page break cuts
    /// (`庁` `内`, the page number, `体` `制`) is one label; the goal
    /// stays the goal.
    #[test]
    fn a_label_cut_by_a_page_break_is_one_label() {
        let text = format!(
            "{HEAD}総務課\n\n1\n\n共\n通\n\n\u{3000}庁舎の案内表示を整えます。\n\n\u{3000}5か所で整えました。\n\n\
             総務課\n\n2\n\n庁\n内\n\n- 1 -\n\n体\n制\n\n\
             \u{3000}区に寄せられた苦情を、全職員で共有します。\n\n\u{3000}毎月の朝礼で共有しました。\n"
        );
        let (rows, unassigned, warned) = flow_rows(&text);
        assert_eq!(
            rows[1..],
            [[
                "2".to_owned(),
                "庁内体制".to_owned(),
                "区に寄せられた苦情を、全職員で共有します。".to_owned(),
                "毎月の朝礼で共有しました。".to_owned()
            ]]
        );
        assert!(unassigned.is_empty() && !warned, "{unassigned:?} {warned}");
    }

    /// helper-131 m3: a label cut where its first part is a known label
    /// too (`対` `面`, the page number, `対` `応`): the label is the longer
    /// known one, and the goal stays the goal. Where what follows makes no
    /// known label, the short one stands.
    #[test]
    fn a_known_label_cut_by_a_page_break_grows_into_a_longer_one() {
        let row = |label_rest: &str| {
            format!(
                "{HEAD}総務課\n\n1\n\n共\n通\n\n\u{3000}窓口を整えます。\n\n\u{3000}案内表示を整えました。\n\n\
                 総務課\n\n2\n\n対\n面\n\n- 2 -\n\n{label_rest}\
                 \u{3000}用件を伺います。\n\n\u{3000}用件を伺いました。\n"
            )
        };
        for cut in [
            row("対\n応\n\n"),
            row("対\n応\n\n").replace("- 2 -\n\n", ""),
        ] {
            let (rows, unassigned, warned) = flow_rows(&cut);
            assert_eq!(
                rows[1],
                ["2", "対面対応", "用件を伺います。", "用件を伺いました。"].map(str::to_owned),
                "{cut}"
            );
            assert!(unassigned.is_empty() && !warned, "{unassigned:?} {warned}");
        }
        let (rows, _, _) = flow_rows(&row(""));
        assert_eq!(
            rows[1],
            ["2", "対面", "用件を伺います。", "用件を伺いました。"].map(str::to_owned)
        );
    }

    /// rev84 f08: under the last row of a sheet that indents its cells'
    /// paragraphs, a date that ends no sentence and a `※` note after it
    /// are not the last result's: both are left out, with a warning.
    #[test]
    fn a_date_and_a_note_under_the_last_row_are_not_its_result() {
        let text = format!(
            "{HEAD}区民課\n\n2\n\nお\n知\nら\nせ\n\n\
             \u{3000}窓口の混雑する時間帯を、入口に掲示します。\n\n\u{3000}掲示を毎月更新しました。\n\n\
             令和4年3月31日現在\n\n※ 窓口は、平日の午前8時30分から午後5時までです。\n"
        );
        let (rows, unassigned, warned) = flow_rows(&text);
        assert_eq!(rows[0][3], "掲示を毎月更新しました。");
        assert_eq!(
            unassigned,
            [
                "令和4年3月31日現在",
                "※ 窓口は、平日の午前8時30分から午後5時までです。"
            ]
        );
        assert!(warned);
    }

    /// helper-131 f26: a unit's name cut by a blank line (`地域みまもり` /
    /// `支援センター`) reads as the result's last line as well: kept there,
    /// and said, as are closing words ending so (the text does not tell them
    /// apart). Closing words ending otherwise are not, nor a line indented
    /// as the row's paragraphs are (helper-139).
    #[test]
    fn a_name_cut_by_a_blank_line_above_the_cell_is_said() {
        let sheet = |last: &str| {
            format!(
                "{HEAD}区民課\n\n1\n\n共\n通\n\n\u{3000}窓口を整えます。\n\n\
                 \u{3000}案内表示を整えました。\n\n{last}\n\n支援センター\n\n\
                 （福祉事務所・保健所支所）\n\n地域ケア推進課\n\n1\n\n共\n通\n\n\
                 \u{3000}研修を行います。\n\n\u{3000}研修を二回行いました。\n"
            )
        };
        let (rows, unassigned, warned) = flow_rows(&sheet("地域みまもり"));
        assert_eq!(rows[0][3], "案内表示を整えました。\n地域みまもり");
        assert!(unassigned.is_empty());
        assert!(warned);
        for (closing, read) in [
            ("目標達成", "目標達成"),
            ("達成度 Ａ", "達成度 A"),
            ("\u{3000}引き続き取り組む", "引き続き取り組む"),
            ("\u{3000}こども", "こども"),
        ] {
            let (rows, _, warned) = flow_rows(&sheet(closing));
            assert_eq!(rows[0][3], format!("案内表示を整えました。\n{read}"));
            assert!(!warned, "{closing}");
        }
        // helper-142: over a cell the sheet prints whole in another row,
        // such a line is the row above's without a doubt.
        let whole = format!(
            "{}\n区民課\n\n1\n\n共\n通\n\n\u{3000}窓口を整えます。\n\n\u{3000}整えました。\n",
            sheet("特になし").replacen(
                "区民課",
                "支援センター\n\n（福祉事務所・保健所支所）\n\n地域ケア推進課",
                1
            )
        );
        let (rows, _, warned) = flow_rows(&whole);
        assert_eq!(rows[0][3], "案内表示を整えました。\n特になし");
        assert!(!warned);
    }

    #[test]
    fn a_bare_number_inside_text_is_not_a_row() {
        let l = lines("　来庁者の数は\n3\n倍になりました。");
        assert!(find_anchors(&l, &vec![false; l.len()]).is_empty());
    }

    #[test]
    fn blocks_cut_by_a_page_header_rejoin_mid_sentence() {
        let l = lines("　窓口の待ち時間を\n\n区役所サービス向上目標\n\n短縮します。\n\n　結果。");
        let mut furniture = vec![false; l.len()];
        furniture[2] = true;
        assert_eq!(
            paragraph_blocks(&l, &furniture, 0, l.len()),
            vec![vec![0, 4], vec![6]]
        );
    }
}
