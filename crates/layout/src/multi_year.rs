//! Multi-year comparison tables (`layout: multi_year_plan`), flattened
//! column by column.
//!
//! Extraction writes each row group of the table as blank-separated blocks:
//! bullet lists (・…), sub-heading lines holding one cell or one per year
//! (`(1)接遇・CS研修 (1)快適な窓口サービスの提供 …`), the year header
//! (`《平成27年度》 《平成28年度》 …`), the theme line holding one cell per
//! year (`【1】… 【1】…`), and the side call-outs. Which year a block
//! belongs to is recovered from that order:
//!
//! - theme cells are taken in column order;
//! - a sub-heading line with one cell per year is read left to right, unless
//!   a year already has that number, in which case the cell goes to a year
//!   that lacks it (and a diagnostic says the order was inferred);
//! - a single sub-heading goes to the year of the theme cell just read, or
//!   else to the first year that lacks its number (with a diagnostic when
//!   more than one year could take it);
//! - bullet blocks fill single sub-headings first come, first served; a run
//!   of as many bullet blocks as there are years is one block per year,
//!   under the sub-headings of the nearest per-year sub-heading line —
//!   in extraction order, unless a call-out says otherwise: a call-out
//!   sentence that names a fiscal year (「平成29年度より、…タブレット型端末機
//!   設置します」) and repeats words of an item (窓口へのタブレット型端末機の
//!   設置…) puts that item's block in that year, and an info diagnostic
//!   names the sentence and the words. Extraction order holds only until
//!   such a call-out contradicts it: then the run's one block left takes
//!   the year left, and two or more left stay as extracted, each with an
//!   `ambiguous_order` warning (see `order_by_evidence`);
//! - sub-headings printed alone that several years could take are settled
//!   at the end of the group by the theme they name or by their numbers
//!   (see `settle_sub_headings`).

use std::collections::{HashMap, HashSet, VecDeque};

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::chars::{circled_number, is_hiragana, is_katakana};
use plansheet_text::join_wrapped;

use crate::Line;
use crate::common::era;
use crate::common::furniture::{continues_clause, is_pushed_page_number};
use crate::common::ledger::{Ledger, span};
use crate::grid::{CellLine, Grid};
use crate::model::{
    Content, Diagnostic, DiagnosticCode, FiscalYear, Fragment, LayoutName, Level, LineSpan,
    PlanHeading, PlanItem, Theme, ThemeCell,
};
use crate::recognizer::{Memo, Recognizer, Score, Sheet};

/// Year headers and themes together leave little doubt.
const CONFIDENCE: f64 = 0.9;

/// An item and a call-out sentence about a fiscal year must share at least
/// this many consecutive characters before the sentence counts as being
/// about the item: 「タブレット型端末機」 (9) and 「保健福祉課を含め」 (8) name
/// a measure; unit names shorter than this (保健福祉課, 5) recur all over a
/// plan and decide nothing.
const MIN_SHARED_CHARS: usize = 6;

/// Items and sentences are compared on at most this many characters each,
/// so that the comparison (quadratic in its inputs) stays bounded.
const MAX_COMPARED_CHARS: usize = 300;

/// The most comparisons of a bullet block with a statement about a year
/// (or with a neighbouring year's block) that one document may take, each
/// on up to [`MAX_COMPARED_CHARS`] characters a side: a plan needs a few
/// dozen (plan 000: 27), and without a bound their number grows with the
/// product of blocks and statements (a made-up plan of 100 KB took 5.6 s).
const MAX_COMPARISONS: usize = 4096;

/// The most years a plan compares: its first header naming more is not read
/// as a multi-year plan. Plans compare three to five; every theme group
/// holds a column per year, so that a header of thousands of years made
/// every group cost as much.
const MAX_YEARS: usize = 20;

/// The most sub-headings printed alone that one theme group settles by
/// their evidence (each compared with every candidate year's theme); the
/// rest stay where they fell, with an `ambiguous_order` warning.
const MAX_SETTLED: usize = 256;

/// What is left of a document's [`MAX_COMPARISONS`].
type Budget = std::cell::Cell<usize>;

/// A fiscal year named in running text: `平成29年度`, `29年度`, `令和元年度`.
static YEAR_MENTION: Lazy<Regex> =
    lazy_regex!(r"(?:(明治|大正|昭和|平成|令和)\s*)?(元|[0-9０-９]{1,2})\s*年度");

/// A year header cell, `《平成27年度》` (any era; [`era`] checks the name).
/// A year header's year: `《令和5年度》`, also with the Western year beside
/// it (`《令和4(2022)年度》`, `《令和4年度(2022年度)》`), by the era's
/// initial (`《R1年度》`, `《H30年度》`), or the Western year alone
/// (`《2019年度》`).
static YEAR: Lazy<Regex> = lazy_regex!(
    r"《\s*(\p{Han}{2}|[RHSＲＨＳ])?\s*(元|[0-9０-９]{1,4})\s*(?:\(\s*[0-9０-９]{4}\s*\)\s*)?年度\s*(?:\(\s*[0-9０-９]{4}\s*(?:年度?)?\s*\)\s*)?》"
);
static THEME: Lazy<Regex> = lazy_regex!(r"【([0-9０-９]{1,2})】");
static HEADING: Lazy<Regex> = lazy_regex!(r"(?:^|\s)\(([0-9０-９]{1,2})\)");

/// Multi-year comparison tables, flattened column by column.
pub(crate) struct MultiYearPlan;

impl Recognizer for MultiYearPlan {
    fn name(&self) -> LayoutName {
        LayoutName::MultiYearPlan
    }

    /// Year headers naming several years, and numbered themes; or a
    /// table with a fiscal year per column and a theme per row.
    fn score(&self, lines: &[Line<'_>], memo: &Memo) -> Score {
        if let Some(table) = year_table(lines, memo) {
            return Score::new(
                CONFIDENCE,
                vec![
                    format!(
                        "column header naming {} fiscal years at line {}",
                        table.years.len(),
                        table.header + 1
                    ),
                    format!("{} theme rows (【N】) under it", table.rows.len()),
                ],
            );
        }
        let headers = lines.iter().filter(|l| read_years(l).len() >= 2).count();
        let themes = lines
            .iter()
            .filter(|l| l.trim_start().starts_with('【') && THEME.is_match(l))
            .count();
        let evidence = vec![
            format!("{headers} year header lines (《…年度》 twice or more)"),
            format!("{themes} theme lines (【N】)"),
        ];
        if headers >= 1 && themes >= 1 {
            let years = plan_years(blocks(lines, memo)).len();
            if years > MAX_YEARS {
                let mut evidence = evidence;
                evidence.push(format!(
                    "{years} years in the header: more than a plan compares (at most {MAX_YEARS})"
                ));
                return Score::new(0.0, evidence);
            }
            Score::new(CONFIDENCE, evidence)
        } else {
            Score::new(0.0, evidence)
        }
    }

    fn parse(
        &self,
        grid: &Grid<'_>,
        memo: &Memo,
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet {
        let lines = grid.lines();
        if let Some(table) = year_table(lines, memo) {
            return parse_year_table(grid, table, ledger);
        }
        let blocks = blocks(lines, memo);
        let years = plan_years(blocks);
        let mut year_headers = Vec::new();
        let mut page_furniture = Vec::new();
        let mut title = None;
        for block in blocks {
            match block {
                Block::Years(idx, _) => {
                    for &i in idx {
                        ledger.set_aside(i, &mut year_headers);
                    }
                }
                Block::Page(i) => ledger.set_aside(*i, &mut page_furniture),
                Block::Title(i) => {
                    let text = lines[*i].trim();
                    ledger.claim([*i], text);
                    title = Some(text.to_owned());
                }
                _ => {}
            }
        }
        let mut themes = Vec::new();
        let budget = Budget::new(MAX_COMPARISONS);
        // Every year a cell is read under: the plan's, then those of later
        // headers naming others (a second plan in the same file).
        let mut all_years = years.clone();
        for group in groups(lines, blocks) {
            let own = group_years(&group);
            let local = if own.is_empty() || own.len() > MAX_YEARS {
                &years
            } else {
                &own
            };
            for year in local {
                if !all_years.iter().any(|y| y.gregorian == year.gregorian) {
                    all_years.push(year.clone());
                }
            }
            // A group that prints no header of its own stands under the
            // plan's: its theme row is read against the plan's years.
            let over = if own.is_empty() { local.len() } else { 0 };
            themes.push(parse_group(
                lines,
                ledger,
                diagnostics,
                &group,
                local,
                over,
                &budget,
            ));
        }
        plan_sheet(title, all_years, year_headers, themes, page_furniture)
    }
}

/// A multi-year comparison as a table (a spreadsheet's, or a PDF's ruled
/// table): a tabbed column header whose cells after the first each name one
/// fiscal year, two or more, and the rows under it whose first cell opens
/// with a theme's marker (`【1】窓口サービスの向上`). rev87 p03–p06: read as
/// an outline of table rows. Or a header of years only, each column a
/// year's, each of its cells opening with the theme's marker and its title
/// that year (rev91 R01: the first year's column had been read as the
/// themes' and its cells as their titles).
pub(crate) struct YearTable {
    /// The header's line.
    header: usize,
    /// How many columns before the years hold the themes (a label over
    /// them, or none: `⇥テーマ⇥令和元年度…` over `【1】⇥窓口…⇥…`): 0, 1 or
    /// 2.
    labels: usize,
    /// The same header printed again on later pages.
    again: Vec<usize>,
    /// The years, one per column after the first.
    years: Vec<FiscalYear>,
    /// The theme rows' lines.
    rows: Vec<usize>,
}

/// The document's year table, if it is one (see [`YearTable`]), from
/// `memo` when the score found it already.
fn year_table<'m>(lines: &[Line<'_>], memo: &'m Memo) -> Option<&'m YearTable> {
    memo.year_table
        .get_or_init(|| {
            let (header, (labels, years)) = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.has_tab() && l.contains("年度"))
                .find_map(|(i, l)| year_cells(l).map(|years| (i, years)))?;
            let (mut again, mut rows) = (Vec::new(), Vec::new());
            for (i, line) in lines.iter().enumerate().skip(header + 1) {
                if !line.has_tab() {
                    continue;
                }
                if line.trim_start().starts_with('【') && THEME.is_match(line) {
                    rows.push(i);
                } else if line.contains("年度")
                    && year_cells(line).is_some_and(|printed| printed.1 == years)
                {
                    again.push(i);
                }
            }
            (!rows.is_empty()).then_some(YearTable {
                header,
                labels,
                again,
                years,
                rows,
            })
        })
        .as_ref()
}

/// The fiscal years a tabbed header names, two or more and each once: one
/// a cell after the first one or two (short labels, or none: `テーマ`,
/// `項目`, `⇥テーマ`), and how many those are; or one a cell, every cell,
/// and 0.
fn year_cells(line: &str) -> Option<(usize, Vec<FiscalYear>)> {
    // (Tabs before the first cell are empty cells: a column the header
    // leaves unlabelled, `【1】` under it.)
    let cells: Vec<&str> = line
        .trim_start_matches([' ', '　'])
        .trim_end()
        .split('\t')
        .map(str::trim)
        .collect();
    let years = |cells: &[&str]| {
        cells
            .iter()
            .map(|cell| {
                let bare = cell.trim_matches(['《', '》', '(', ')', '（', '）']);
                era::first_fiscal_year(bare).filter(|year| year.printed == bare)
            })
            .collect::<Option<Vec<FiscalYear>>>()
    };
    let (labels, years) = match years(&cells) {
        Some(years) if years.len() >= 2 => (0, years),
        _ => (1..=2).find_map(|labels| {
            let (first, rest) = cells.split_at_checked(labels)?;
            if first.iter().any(|label| label.chars().count() > 8) || rest.len() < 2 {
                return None;
            }
            Some((labels, years(rest)?))
        })?,
    };
    let mut distinct: Vec<i32> = years.iter().map(|y| y.gregorian).collect();
    distinct.sort_unstable();
    distinct.dedup();
    (distinct.len() == years.len()).then_some((labels, years))
}

/// Reads a year table: the title above it, the header (and the same header
/// printed again on a later page) as the year headers, and each theme row as a theme with a cell per year, that year's column
/// read as its items (a bullet opens one; a line without goes on with the
/// one before).
fn parse_year_table(grid: &Grid<'_>, table: &YearTable, ledger: &mut Ledger<'_>) -> Sheet {
    let lines = grid.lines();
    let mut year_headers = Vec::new();
    for &i in std::iter::once(&table.header).chain(&table.again) {
        ledger.set_aside(i, &mut year_headers);
    }
    let title = lines[..table.header]
        .iter()
        .position(|l| !l.trim().is_empty())
        .map(|i| {
            let text = lines[i].trim().to_owned();
            ledger.claim([i], &text);
            text
        });
    let mut themes = Vec::new();
    for &i in &table.rows {
        let Some(cells) = grid.cells(i) else {
            continue;
        };
        // The themes' column, if the table has one, and the years'.
        let (label, columns) = match cells.split_at_checked(table.labels) {
            Some((first, rest)) if table.labels > 0 => (Some(first.concat()), rest),
            _ => (None, cells.as_slice()),
        };
        let label = label.as_deref();
        // Each year's cell: its first line where it opens with the
        // theme's marker (the marker and that year's title), and the rest:
        // a line under the title, or a first line without a marker, is
        // the cell's content, not its title (rev94: an item without a
        // bullet had been glued onto the title, or taken for a head and
        // dropped).
        let heads: Vec<(String, &[CellLine<'_>])> = columns
            .iter()
            .map(|cell| {
                let titled = label.is_none()
                    && cell.first().is_some_and(|l| {
                        THEME
                            .find(l.text.trim_start())
                            .is_some_and(|m| m.start() == 0)
                    });
                let k = usize::from(titled);
                (joined(&cell[..k]), &cell[k..])
            })
            .collect();
        let head = label.map_or_else(
            || {
                heads
                    .iter()
                    .find(|(h, _)| THEME.is_match(h))
                    .map(|(h, _)| h.clone())
            },
            |cell| Some(joined(cell)),
        );
        let Some((prefix, marker, title)) = head.as_deref().and_then(theme_head) else {
            continue;
        };
        let number = marker.trim_matches(['【', '】']).to_owned();
        let mut claimed = String::new();
        if label.is_some() {
            claimed = format!("{prefix}{marker}{title}");
        }
        let mut theme_cells = Vec::new();
        for (year, (head, rest)) in table.years.iter().zip(&heads) {
            // A year's cell that prints no theme of its own goes under the
            // row's (its title as the row's); an empty one is no cell.
            let own = theme_head(head);
            if label.is_none() && own.is_none() && head.is_empty() && rest.is_empty() {
                continue;
            }
            let (cell_marker, cell_title) = match own {
                Some((prefix, marker, title)) => {
                    claimed.push_str(&format!("{prefix}{marker}{title}"));
                    (marker, title)
                }
                None => {
                    claimed.push_str(head);
                    (marker.clone(), title.clone())
                }
            };
            let (items, headings) = cell_content(rest, i, grid.is_written_record(i), &mut claimed);
            theme_cells.push(ThemeCell {
                fiscal_year: year.gregorian,
                marker: cell_marker,
                title: cell_title,
                items,
                headings,
                lines: span(i, i),
            });
        }
        ledger.claim([i], &claimed);
        themes.push(Theme {
            number,
            cells: theme_cells,
            notes: Vec::new(),
        });
    }
    // A legend of the flag under the table (`☆は新たな取組`): a note of
    // the last theme, as a plan read in blocks keeps one (rev91 R01: left
    // unassigned).
    let last = table.rows.last().copied().unwrap_or(table.header);
    if let Some(theme) = themes.last_mut() {
        for (k, line) in lines.iter().enumerate().skip(last + 1) {
            let text = line.trim();
            if text.starts_with('☆') && !line.has_tab() {
                ledger.claim([k], text);
                theme.notes.push(Fragment {
                    text: text.to_owned(),
                    lines: span(k, k),
                });
            }
        }
    }
    plan_sheet(title, table.years.clone(), year_headers, themes, Vec::new())
}

/// A multi-year plan as a recognizer returns it. The title names the ward
/// and the plan's year; the year header the years compared.
fn plan_sheet(
    title: Option<String>,
    years: Vec<FiscalYear>,
    year_headers: Vec<Fragment>,
    themes: Vec<Theme>,
    page_furniture: Vec<Fragment>,
) -> Sheet {
    let metadata_text = title
        .iter()
        .chain(year_headers.first().map(|f| &f.text))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    Sheet {
        title,
        metadata_text,
        content: Content::MultiYearPlan {
            years,
            year_headers,
            themes,
            page_furniture,
        },
    }
}

/// The flag an item's text carries after it or before it
/// (`・☆オンライン申請の拡大`), taken off the text: new that year.
fn take_flag(text: &mut String) -> Option<String> {
    let flagged = text.trim_end().ends_with('☆') || text.starts_with('☆');
    if flagged {
        *text = text
            .trim_matches(|c: char| c == '☆' || c.is_whitespace())
            .to_owned();
    }
    flagged.then(|| "☆".to_owned())
}

/// A cell's lines joined, wraps rejoined.
fn joined(cell: &[CellLine<'_>]) -> String {
    let mut text = String::new();
    for line in cell {
        plansheet_text::append_wrapped(&mut text, line.text);
    }
    text
}

/// A theme's head, `【1】窓口サービスの向上`, as what stands before its
/// marker, the marker and the title after it.
fn theme_head(head: &str) -> Option<(String, String, String)> {
    let m = THEME.find(head)?;
    Some((
        head[..m.start()].to_owned(),
        m.as_str().to_owned(),
        head[m.end()..].trim().to_owned(),
    ))
}

/// A sub-heading's marker, number and title, where a line opens with one
/// (`(1)接遇研修`).
fn sub_heading(text: &str) -> Option<(String, u32, String)> {
    let text = text.trim();
    let captures = HEADING.captures(text)?;
    let (whole, number) = (captures.get(0)?, captures.get(1)?);
    (whole.start() == 0).then(|| {
        (
            whole.as_str().to_owned(),
            number.as_str().parse().unwrap_or_default(),
            text[whole.end()..].trim().to_owned(),
        )
    })
}

/// A year cell's content: its items under no sub-heading, and its
/// sub-headings (`(1)接遇研修`, a line each) with the items under them. A
/// bullet (see [`is_bullet`]) at a line's start or after white space opens
/// an item, with that bullet as its marker; a line without one goes on
/// with the item before (a wrap), or with the sub-heading before if no
/// item is under it yet; text before any is an item without a bullet. A
/// `☆` after an item or before its text is its flag: new that year (rev91
/// R01: the flags had stayed in the text, and the sub-headings in the
/// items). What the content holds is appended to `claimed`, in order.
fn cell_content(
    cell: &[CellLine<'_>],
    line: usize,
    written: bool,
    claimed: &mut String,
) -> (Vec<PlanItem>, Vec<PlanHeading>) {
    let mut items: Vec<PlanItem> = Vec::new();
    let mut headings: Vec<PlanHeading> = Vec::new();
    for (k, cell_line) in cell.iter().enumerate() {
        let text = cell_line.text.trim();
        if let Some((marker, number, title)) = sub_heading(text) {
            headings.push(PlanHeading {
                marker,
                number: Some(number),
                title,
                items: Vec::new(),
                lines: span(line, line),
            });
            continue;
        }
        // Pieces split where a bullet follows white space.
        let mut pieces: Vec<&str> = Vec::new();
        let mut start = 0;
        let mut previous_blank = true;
        for (at, c) in text.char_indices() {
            if is_bullet(c) && previous_blank && at > start {
                pieces.push(&text[start..at]);
                start = at;
            }
            previous_blank = c.is_whitespace();
        }
        pieces.push(&text[start..]);
        for piece in pieces.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
            let bullet = bullet(piece);
            if bullet.is_none()
                && let Some(heading) = headings.last_mut().filter(|h| h.items.is_empty())
            {
                plansheet_text::append_wrapped(&mut heading.title, piece);
                continue;
            }
            let list = match headings.last_mut() {
                Some(heading) => &mut heading.items,
                None => &mut items,
            };
            // In a spreadsheet's cell the line breaks are the writer's: a
            // line without a bullet is an item of its own (`●接遇研修…` /
            // `●窓口アンケート…`, `研修の実施` / `アンケートの実施`, `※…中止`:
            // they had been run together, ok), unless it goes on with the
            // clause above it (`…連携して、` / `相談の機会を…`).
            let written_item = written
                && k > 0
                && !list
                    .last()
                    .is_some_and(|item| continues_clause(&item.text, piece));
            match (bullet, list.last_mut()) {
                (None, Some(item)) if !written_item => {
                    plansheet_text::append_wrapped(&mut item.text, piece)
                }
                _ => list.push(PlanItem {
                    marker: bullet.map(String::from),
                    text: bullet
                        .map_or(piece, |b| piece[b.len_utf8()..].trim_start())
                        .to_owned(),
                    flag: None,
                    new: false,
                    lines: span(line, line),
                }),
            }
        }
    }
    fn claim(items: &mut [PlanItem], claimed: &mut String) {
        for item in items {
            item.flag = take_flag(&mut item.text);
            item.new = item.flag.is_some();
            claimed.push_str(item.marker.as_deref().unwrap_or_default());
            claimed.push_str(&item.text);
            claimed.push_str(item.flag.as_deref().unwrap_or_default());
        }
    }
    // Numbered lines with no items under any are the cell's items, numbered
    // (`(1)新任職員向けの接遇研修を行う`), not headings over nothing
    // (rev94: no items at all, `rows --kind items` empty).
    if !headings.is_empty() && headings.iter().all(|h| h.items.is_empty()) {
        items.extend(headings.drain(..).map(|h| PlanItem {
            marker: Some(h.marker),
            text: h.title,
            flag: None,
            new: false,
            lines: h.lines,
        }));
    }
    claim(&mut items, claimed);
    for heading in &mut headings {
        claimed.push_str(&heading.marker);
        claimed.push_str(&heading.title);
        claim(&mut heading.items, claimed);
    }
    (items, headings)
}

#[derive(Debug)]
pub(crate) enum Block {
    /// Year header lines, and the years they name (read once: the score,
    /// the groups and each group ask).
    Years(Vec<usize>, Vec<FiscalYear>),
    Theme(Vec<usize>),
    /// A sub-heading row, with the lines its cells wrapped onto (see
    /// [`wrapped_row`]).
    Headings(Vec<usize>),
    Bullets(Vec<usize>),
    Callout(Vec<usize>),
    /// A page number on its own line (`- 2 -`), where a page broke, or the
    /// title printed again at a page's head.
    Page(usize),
    /// The plan's title: its first line, alone, naming a fiscal year
    /// (`令和5年度 淀川区 区役所サービス向上の取組(比較表)`).
    Title(usize),
}

/// The most characters a plan's title takes.
const MAX_TITLE_CHARS: usize = 80;

fn classify(lines: &[Line<'_>]) -> Vec<Block> {
    // A plan that lists with `・` anywhere lists so everywhere: there a
    // block opening with `○` or `①` is a call-out's.
    let dotted = lines.iter().any(|l| l.trim_start().starts_with('・'));
    let mut blocks = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    // A sub-heading row alone, or one of several cells over lines that may
    // be its wraps (`may_wrap_a_row`; see `wrapped_row`). (One cell over
    // more lines is a call-out's: `(2)番号案内表示を導入します。`.)
    let heads_lines = |block: &[usize]| {
        block.len() == 1
            || HEADING.find_iter(&lines[block[0]]).count() >= 2
                && block[1..].iter().all(|&i| may_wrap_a_row(lines[i].trim()))
    };
    let flush = |current: &mut Vec<usize>, blocks: &mut Vec<Block>| {
        if current.is_empty() {
            return;
        }
        let block = std::mem::take(current);
        let first = lines[block[0]].trim();
        let all_years = block
            .iter()
            .all(|&i| YEAR.replace_all(&lines[i], "").trim().is_empty());
        blocks.push(if all_years {
            let years = block.iter().flat_map(|&i| read_years(&lines[i])).collect();
            Block::Years(block, years)
        } else if first.starts_with('【') && THEME.is_match(first) {
            Block::Theme(block)
        } else if first.starts_with('(') && HEADING.is_match(first) && heads_lines(&block) {
            Block::Headings(block)
        } else if bullet(first).is_some_and(|b| b == '・' || !dotted) {
            Block::Bullets(block)
        } else {
            Block::Callout(block)
        });
    };
    // A sub-heading or theme row right under a call-out or a list, with
    // no blank line between, is a block of its own (rev80 m04: `※令和2年度
    // は縮小しました。` over `(2)防災啓発 (2)防災啓発` read both as a note,
    // and every year lost its second sub-heading).
    // (Not a sentence: `(2)番号案内表示を導入します。` in a call-out.)
    let opens_block = |line: &str| {
        let t = line.trim();
        !t.ends_with('。')
            && ((t.starts_with('(') && HEADING.is_match(t))
                || (t.starts_with('【') && THEME.is_match(t)))
    };
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            flush(&mut current, &mut blocks);
        } else if line.is_page_number() || is_pushed_page_number(line) {
            flush(&mut current, &mut blocks);
            blocks.push(Block::Page(i));
        } else if current
            .first()
            .is_some_and(|&first| !opens_block(&lines[first]))
            && opens_block(line)
            || current.len() == 1
                && opens_note(line.trim())
                && is_year_by_year_row(&lines[current[0]])
        {
            // (A note right under a sub-heading row printed for every
            // year, `（１）… ×3` / `※令和６年度から内容を拡充`, is a block
            // of its own: helper-146's q21–q23, where the row and the note
            // had been one call-out, the row's bullets a theme of no
            // number's, `ok`.)
            flush(&mut current, &mut blocks);
            current.push(i);
        } else {
            current.push(i);
        }
    }
    flush(&mut current, &mut blocks);
    // A first line alone, no sentence, before the first year header: the
    // title, and a page's head wherever it is printed again alone.
    let title = match blocks.first() {
        Some(Block::Callout(idx)) if idx.len() == 1 => Some(idx[0]),
        _ => None,
    }
    .filter(|&i| {
        let text = lines[i].trim();
        // (A legend, `☆印は新規・拡充の取組`, opens with its mark.) A title
        // right above the year header need not name a year (rev80 m04:
        // `区役所運営方針　取組の推移(川崎区)` was read as a theme of its own).
        (text.contains("年度") || matches!(blocks.get(1), Some(Block::Years(..))))
            && text.starts_with(|c: char| c.is_alphanumeric())
            && !text.contains('。')
            && text.chars().count() <= MAX_TITLE_CHARS
            && blocks.iter().any(|b| matches!(b, Block::Years(..)))
    });
    if let Some(t) = title {
        blocks[0] = Block::Title(t);
        for block in &mut blocks[1..] {
            if let Block::Callout(idx) = block
                && let [i] = idx[..]
                && lines[i].trim() == lines[t].trim()
            {
                *block = Block::Page(i);
            }
        }
    }
    blocks
}

/// Splits a line at its markers (`【1】`, `(1)`) into (marker, number, text)
/// cells. Text before the first marker (a flag, `【重点】【1】…`, `(新)
/// (1)…`) is printed as part of the first cell's marker, not dropped.
fn cells(text: &str, marker: &Regex) -> Vec<(String, u32, String)> {
    let found: Vec<(usize, usize, u32)> = marker
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let start = whole.start() + (whole.as_str().len() - whole.as_str().trim_start().len());
            Some((start, whole.end(), c[1].parse().ok()?))
        })
        .collect();
    found
        .iter()
        .enumerate()
        .map(|(k, &(start, end, n))| {
            let stop = found.get(k + 1).map_or(text.len(), |next| next.0);
            let start = match k {
                0 => text.len() - text.trim_start().len(),
                _ => start,
            };
            (
                text[start..end].to_owned(),
                n,
                text[end..stop].trim().to_owned(),
            )
        })
        .collect()
}

/// A row's cells split at `marker` (`（１）快適な窓口 （１）快適な窓口`),
/// with the lines under it that its cells wrapped onto, joined to them: the
/// same heading or theme, printed alike for every year and wrapped alike,
/// leaves a line of as many parts, all alike (`サービスの提供 サービスの提供`;
/// helper-133's my17: the wraps had been read as a call-out, the row's
/// bullets as no year's). `None` where the lines under the row are no such
/// wrap: cells that differ, parts that differ or are fewer or more than
/// the cells (a note, `※ 詳細は別紙のとおり`, the next page's title or
/// year header, one cell's wrap: which cell's, the text does not say), a
/// line that may be no wrap (see [`may_wrap_a_row`]) or that opens a page.
fn wrapped_row(
    lines: &[Line<'_>],
    block: &[usize],
    marker: &Regex,
) -> Option<Vec<(String, u32, String)>> {
    let (&first, wraps) = block.split_first()?;
    let mut found = cells(lines[first].trim(), marker);
    fn alike<'t>(mut texts: impl Iterator<Item = &'t str>) -> bool {
        let first = texts.next();
        texts.all(|t| Some(t) == first)
    }
    if found.len() < 2 || !alike(found.iter().map(|c| c.2.as_str())) {
        return None;
    }
    for &i in wraps {
        let text = lines[i].trim();
        if !may_wrap_a_row(text) || lines[i].feed_before {
            return None;
        }
        let parts: Vec<&str> = text
            .split(char::is_whitespace)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() != found.len() || !alike(parts.iter().copied()) {
            return None;
        }
        for (cell, part) in found.iter_mut().zip(parts) {
            cell.2.push_str(part);
        }
    }
    Some(found)
}

/// Whether a line opens with a note's mark (`※いずれも令和5年度の実績`,
/// `注1`, `注：`; not a word, `注意喚起`).
fn opens_note(text: &str) -> bool {
    text.starts_with(['※', '＊', '*'])
        || text.strip_prefix('注').is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(|c: char| {
                    c.is_ascii_digit() || matches!(c, ':' | '：' | ')' | '）' | ' ' | '　')
                })
        })
}

/// Whether a line is a sub-heading row printed for every year: two cells or
/// more, one number (`（１）… （１）… （１）…`; not a call-out's line of
/// figures, `（１）満足度95% （２）待ち時間10分`).
fn is_year_by_year_row(line: &str) -> bool {
    let mut numbers = HEADING
        .captures_iter(line)
        .filter_map(|c| c.get(1).map(|m| m.as_str()));
    let Some(first) = numbers.next() else {
        return false;
    };
    let mut count = 1;
    for n in numbers {
        if n != first {
            return false;
        }
        count += 1;
    }
    count >= 2
}

/// Whether a line under a row of cells may be their wrap: no marker, no
/// bullet, no note's mark.
fn may_wrap_a_row(text: &str) -> bool {
    !HEADING.is_match(text) && !THEME.is_match(text) && bullet(text).is_none() && !opens_note(text)
}

/// A row's cells, with the lines under it (see [`wrapped_row`]): where
/// they are its cells' wraps alike, joined to each cell; otherwise they
/// go on with one of the cells, which the text does not say, or are a
/// note under the row: kept in the last cell. Either reading is said: a
/// word printed under each year's cell alike (`継続 継続`, a figure) reads
/// as the first does, and the other as a note under the row does.
fn row_cells(
    lines: &[Line<'_>],
    block: &[usize],
    marker: &Regex,
    row: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, u32, String)> {
    let texts: Vec<&str> = block.iter().map(|&i| lines[i].trim()).collect();
    let [first, under, ..] = texts[..] else {
        return cells(texts.first().copied().unwrap_or_default(), marker);
    };
    let lines_of = span(block[0], block[block.len() - 1]);
    let (found, reading) = match wrapped_row(lines, block, marker) {
        Some(found) => (
            found,
            format!(
                "its cells' wrap, 「{under}」 a part each: a word printed under each year's cell prints so too"
            ),
        ),
        None => {
            let mut found = cells(first, marker);
            if let Some(last) = found.last_mut() {
                last.2.push_str(&texts[1..].concat());
            }
            (
                found,
                "the last cell's: it goes on with one of the cells, which the text does not say, \
                 or is a note under the row"
                    .to_owned(),
            )
        }
    };
    diagnostics.push(Diagnostic::at_lines(
        Level::Warning,
        DiagnosticCode::AmbiguousOrder,
        format!(
            "line {} under the {row} row is read as {reading}",
            block[1] + 1
        ),
        lines_of,
    ));
    found
}

struct Group<'b> {
    blocks: &'b [Block],
}

/// The plan's groups: each theme with the call-outs printed after it. A
/// sub-heading row numbered past 1 after call-outs goes on with the theme
/// before them: the call-out was a note between its sub-headings (rev80
/// m04), not the end of the theme.
fn groups<'b>(lines: &[Line<'_>], blocks: &'b [Block]) -> Vec<Group<'b>> {
    let mut out: Vec<Group<'b>> = Vec::new();
    let mut start = 0;
    let mut after_callout = false;
    // Whether the group has a theme row yet, and the years its headers name.
    let mut themed = false;
    // (A set: a header may name new years again and again.)
    let mut named: HashSet<i32> = HashSet::new();
    // The numbers of the group's theme rows.
    let mut themes: HashSet<u32> = HashSet::new();
    // The numbers a theme row's cells carry, each once (two digits at most:
    // a row of thousands of cells is looked at once, not at each header
    // over it — helper-146).
    let numbers: Vec<Vec<u32>> = blocks
        .iter()
        .map(|block| match block {
            Block::Theme(idx) => {
                let mut numbers: Vec<u32> = THEME
                    .captures_iter(&lines[idx[0]])
                    .filter_map(|c| c[1].parse().ok())
                    .collect();
                numbers.sort_unstable();
                numbers.dedup();
                numbers
            }
            _ => Vec::new(),
        })
        .collect();
    // The block after each, past page numbers, titles and year headers
    // (found in one pass from the end: a run of thousands of headers).
    let mut next_content: Vec<Option<usize>> = vec![None; blocks.len()];
    let mut after = None;
    for (k, block) in blocks.iter().enumerate().rev() {
        next_content[k] = after;
        if !matches!(block, Block::Page(_) | Block::Title(_) | Block::Years(..)) {
            after = Some(k);
        }
    }
    for (k, block) in blocks.iter().enumerate() {
        // Page furniture neither ends a group nor starts one.
        if matches!(block, Block::Page(_) | Block::Title(_)) {
            continue;
        }
        // (A note right under a sub-heading row, see `classify`, is the
        // row's: the bullets after it go on with the group.)
        let note_under_row = matches!(block, Block::Callout(idx) if opens_note(lines[idx[0]].trim()))
            && k > 0
            && matches!(&blocks[k - 1], Block::Headings(_));
        let callout = matches!(block, Block::Callout(_)) && !note_under_row;
        let goes_on = match block {
            Block::Headings(idx) => HEADING
                .captures(&lines[idx[0]])
                .and_then(|c| c[1].parse::<u32>().ok())
                .is_some_and(|n| n > 1),
            _ => false,
        };
        let years: &[FiscalYear] = match block {
            Block::Years(_, years) => years,
            _ => &[],
        };
        // The year header printed again under a theme read in order
        // starts the next theme's group (helper-133's my01: the second
        // theme's sub-headings and items had been read as the first's).
        // (Not a header naming other years: the rest of the first, cut by
        // the theme row, `《平成27年度》 《平成28年度》` / `【1】…` /
        // `《平成29年度》`; nor one over no theme row, printed again at a
        // page's head where a page broke inside a theme: helper-144's p45,
        // its sub-headings had become a theme of no number's.)
        // (Nor one over the same theme's row printed again there,
        // `【1】窓口…（続き）`: helper-145's d02, d03.)
        let over_theme =
            || next_content[k].is_some_and(|b| numbers[b].iter().any(|n| !themes.contains(n)));
        let header_again =
            themed && years.iter().any(|y| named.contains(&y.gregorian)) && over_theme();
        if k > start && (after_callout && !callout && !goes_on || header_again) {
            out.push(Group {
                blocks: &blocks[start..k],
            });
            start = k;
            themed = false;
            named.clear();
            themes.clear();
        }
        if let Block::Theme(_) = block {
            themed = true;
            themes.extend(&numbers[k]);
        }
        named.extend(years.iter().map(|y| y.gregorian));
        after_callout = callout;
    }
    if start < blocks.len() {
        out.push(Group {
            blocks: &blocks[start..],
        });
    }
    out
}

struct Cell {
    marker: String,
    title: String,
    lines: LineSpan,
}

/// Per year: its theme cell, headings and loose items.
struct Column {
    theme: Option<Cell>,
    headings: Vec<PlanHeading>,
    /// How many of `headings` carry each number: asked for every
    /// sub-heading read, which scanning the headings made quadratic.
    numbers: HashMap<u32, usize>,
    items: Vec<PlanItem>,
}

/// The lines' blocks, from `memo` when the score classified them already.
fn blocks<'m>(lines: &[Line<'_>], memo: &'m Memo) -> &'m [Block] {
    memo.multi_year.get_or_init(|| classify(lines))
}

/// The years a plan compares: those of its first year header that names
/// any (the score and the parse ask the same).
fn plan_years(blocks: &[Block]) -> Vec<FiscalYear> {
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Years(_, years) if !years.is_empty() => Some(years.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The years a group's own header names, all its parts wherever the
/// extraction put them (`《平成27年度》 《平成28年度》`, the theme, then
/// `《平成29年度》`): a theme printed under `《令和5年度》` alone is that
/// year's only, and a second plan's header names its own years. Empty when
/// the group has no header of its own.
fn group_years(group: &Group<'_>) -> Vec<FiscalYear> {
    let mut years: Vec<FiscalYear> = Vec::new();
    for block in group.blocks {
        if let Block::Years(_, named) = block {
            for year in named {
                if !years.iter().any(|y| y.gregorian == year.gregorian) {
                    years.push(year.clone());
                }
            }
        }
    }
    years
}

fn read_years(line: &str) -> Vec<FiscalYear> {
    // Looked for with a searcher made once: `str`'s search for the
    // character looks for its last byte, `8A`, which ends many a Japanese
    // character, and its search for the string sets itself up anew on
    // every line.
    static OPENING: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("《"));
    if OPENING.find(line.as_bytes()).is_none() {
        return Vec::new();
    }
    YEAR.captures_iter(line)
        .filter_map(|c| {
            let printed = c.get(0)?.as_str().trim_matches(['《', '》']).trim();
            era::fiscal_year(
                printed,
                c.get(1).map_or("", |m| m.as_str()),
                c.get(2)?.as_str(),
            )
        })
        .collect()
}

fn year_name(years: &[FiscalYear], y: usize) -> String {
    years
        .get(y)
        .map_or_else(|| format!("column {}", y + 1), |f| f.printed.clone())
}

impl Column {
    /// Adds a sub-heading read on line `line`; returns its index.
    fn push_heading(
        &mut self,
        marker: String,
        number: u32,
        title: String,
        lines: LineSpan,
    ) -> usize {
        self.add(PlanHeading {
            marker,
            number: Some(number),
            title,
            items: Vec::new(),
            lines,
        })
    }

    /// Adds a sub-heading; returns its index.
    fn add(&mut self, heading: PlanHeading) -> usize {
        if let Some(k) = heading.number {
            *self.numbers.entry(k).or_default() += 1;
        }
        self.headings.push(heading);
        self.headings.len() - 1
    }

    /// Takes out sub-heading `h`.
    fn take(&mut self, h: usize) -> PlanHeading {
        let heading = self.headings.remove(h);
        if let Some(count) = heading.number.and_then(|k| self.numbers.get_mut(&k)) {
            *count -= 1;
        }
        heading
    }

    /// How many sub-headings numbered `k` it has.
    fn count(&self, k: u32) -> usize {
        self.numbers.get(&k).copied().unwrap_or(0)
    }
}

/// Reads one theme's group under `years`; `over` is how many years the
/// header it stands under names where the group prints none of its own.
fn parse_group(
    lines: &[Line<'_>],
    ledger: &mut Ledger<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    group: &Group,
    years: &[FiscalYear],
    over: usize,
    budget: &Budget,
) -> Theme {
    let n = years.len().max(1);
    let mut columns: Vec<Column> = (0..n)
        .map(|_| Column {
            theme: None,
            headings: Vec::new(),
            numbers: HashMap::new(),
            items: Vec::new(),
        })
        .collect();
    let mut notes = Vec::new();
    let mut callouts: Vec<usize> = Vec::new();
    let mut next_theme_column = 0;
    let mut last_theme_column: Option<usize> = None;
    let mut pending: VecDeque<(usize, usize)> = VecDeque::new();
    let mut run: Vec<&Vec<usize>> = Vec::new();
    let mut unresolved: Vec<Vec<&Vec<usize>>> = Vec::new();
    // The headings of the last per-year line, by year.
    let mut per_year: Option<Vec<Option<usize>>> = None;
    let mut number = String::new();
    // The first theme cell's number, marker, the pairs of content
    // characters its title's first line holds and its year (see below), and
    // the first cell of another number whose title shares none: both
    // cells' years and markers, and the row's lines.
    let mut first_cell: Option<(u32, String, Pairs, usize)> = None;
    let mut renumbered: Option<(usize, usize, String, String, LineSpan)> = None;
    // How many years the header right above the group's first theme row
    // names (a header cut by the row names the rest after it); in a group
    // with no header, the plan's (`over`).
    let mut header_years = over;
    let mut years_over_theme: Option<usize> = None;
    // Sub-headings that could belong to several years: settled at the end
    // of the group, when every year's theme and sub-headings are known.
    let mut ambiguous: Vec<Ambiguous> = Vec::new();
    // What the group's call-outs say about which year does what.
    let callout_lines: Vec<usize> = group
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Callout(idx) => Some(idx.iter().copied()),
            _ => None,
        })
        .flatten()
        .collect();
    let claims = year_claims(lines, years, &callout_lines);

    // `None` ends the group, closing the last run of bullets.
    for block in group.blocks.iter().map(Some).chain([None]) {
        // (A page number between a run's blocks leaves it open.)
        if !matches!(
            block,
            Some(Block::Bullets(_) | Block::Page(_) | Block::Title(_))
        ) {
            close_run(
                &mut Run {
                    lines,
                    years,
                    n,
                    per_year: &per_year,
                    claims: &claims,
                    budget,
                },
                &mut run,
                &mut pending,
                &mut columns,
                &mut unresolved,
                ledger,
                diagnostics,
            );
        }
        let Some(block) = block else { break };
        match block {
            Block::Years(_, named) => header_years = named.len(),
            Block::Theme(idx) => {
                years_over_theme.get_or_insert(header_years);
                let texts: Vec<&str> = idx.iter().map(|&i| lines[i].trim()).collect();
                let joined = join_wrapped(&texts);
                let lines_of = span(idx[0], idx[idx.len() - 1]);
                // A row of several cells over lines without a marker: its
                // cells wrapped alike, or one of them did, which the text
                // does not say (helper-144's p21: `【1】…の育成およ` /
                // `び組織風土の醸成` had gone to the last year's title,
                // unsaid). (Lines with markers are the seed's: the first
                // cell's wrap printed before the others, `び褒める… 【1】…`.)
                let unmarked_wraps = idx.len() > 1
                    && THEME.find_iter(&lines[idx[0]]).count() >= 2
                    && idx[1..].iter().all(|&i| !THEME.is_match(&lines[i]));
                let found = cells(&joined, &THEME);
                // A theme line after every year has its theme: no column
                // left, and no cell's to overwrite. Left unassigned.
                if next_theme_column >= n && !found.is_empty() {
                    diagnostics.push(Diagnostic::at_lines(
                        Level::Warning,
                        DiagnosticCode::AmbiguousOrder,
                        format!(
                            "more theme cells than years: {} left unassigned",
                            found
                                .iter()
                                .map(|(marker, _, title)| format!("{marker}{title}"))
                                .collect::<Vec<_>>()
                                .join(" ")
                        ),
                        lines_of,
                    ));
                    continue;
                }
                ledger.claim(idx.iter().copied(), &joined);
                let found = match unmarked_wraps {
                    true => row_cells(lines, idx, &THEME, "theme", diagnostics),
                    false => found,
                };
                // A theme row wraps its titles, which end no sentence: lines
                // under it that do are no title's (helper-133's ng06:
                // minutes' agenda items, `【1】防災訓練について` over
                // `委員：参加者が少ない。`, under a line naming two years, had
                // been one theme's two years, `ok`). So do remarks quoted
                // whole, `委員「…してほしい。」` (helper-145's e06). (Said
                // once: a row of several cells said its lines already.)
                if let Some(&i) = idx[1..]
                    .iter()
                    .find(|&&i| {
                        lines[i]
                            .trim()
                            .trim_end_matches(['」', '』', '）', ')'])
                            .ends_with('。')
                    })
                    .filter(|_| !unmarked_wraps)
                {
                    diagnostics.push(Diagnostic::at_lines(
                        Level::Warning,
                        DiagnosticCode::AmbiguousOrder,
                        format!(
                            "line {} under the theme row ends a sentence, as no theme's title \
                             does: it is read as the title's wrap, but may be no plan's",
                            i + 1
                        ),
                        lines_of,
                    ));
                }
                // The cells' titles as the row's first line prints them,
                // before any wrap (read for the group's first cell, and for a
                // cell numbered unlike it).
                let heads = std::cell::OnceCell::new();
                let head_pairs = |k: usize, title: &str| {
                    let heads = heads.get_or_init(|| cells(lines[idx[0]].trim(), &THEME));
                    content_pairs(heads.get(k).map_or(title, |(_, _, head)| head.as_str()))
                };
                for (k, (marker, num, title)) in found.into_iter().enumerate() {
                    number = num.to_string();
                    let y = next_theme_column.min(n - 1);
                    // One theme's cells carry one number, year after year,
                    // or a new one where the plan renumbered its themes, the
                    // title kept or reworded (`【2】防災訓練の実施` /
                    // `【1】防災訓練の充実`). Cells of two numbers whose
                    // titles share no pair of content characters are two
                    // themes printed with no header or call-out between, a
                    // theme renamed, or no plan's: helper-145's e01, e03:
                    // minutes' agenda items (`【1】防災訓練について` /
                    // `委員：…` / `【2】地域福祉の推進について`) under a line
                    // naming two years had been one theme's two years, `ok`.
                    // Read as before, and said at the group's end unless a
                    // sub-heading of each year's agrees (a theme reworded
                    // whole, `わかりやすい情報発信` / `分かりやすい広報`, over
                    // the same sub-headings). (Titles of kana only, with no
                    // such pair, say nothing: `おもてなし` twice.)
                    match &first_cell {
                        None => {
                            first_cell = Some((num, marker.clone(), head_pairs(k, &title), y));
                        }
                        Some((first, first_marker, first_pairs, first_year))
                            if *first != num && renumbered.is_none() =>
                        {
                            let pairs = head_pairs(k, &title);
                            if !first_pairs.is_empty()
                                && !pairs.is_empty()
                                && first_pairs.is_disjoint(&pairs)
                            {
                                renumbered = Some((
                                    *first_year,
                                    y,
                                    first_marker.clone(),
                                    marker.clone(),
                                    lines_of,
                                ));
                            }
                        }
                        Some(_) => {}
                    }
                    match &mut columns[y].theme {
                        // More cells on the line than years: the rest go
                        // after the last year's title, said.
                        Some(cell) if next_theme_column >= n => {
                            diagnostics.push(Diagnostic::at_lines(
                                Level::Warning,
                                DiagnosticCode::AmbiguousOrder,
                                format!(
                                    "more theme cells than years; {marker}{title} is put in the \
                                     last column, after its title"
                                ),
                                lines_of,
                            ));
                            // (In place: a line of thousands of cells.)
                            cell.title.push(' ');
                            cell.title.push_str(&marker);
                            cell.title.push_str(&title);
                        }
                        theme => {
                            *theme = Some(Cell {
                                marker,
                                title,
                                lines: lines_of,
                            })
                        }
                    }
                    last_theme_column = Some(y);
                    next_theme_column += 1;
                }
            }
            Block::Headings(idx) => {
                let i = &idx[0];
                let texts: Vec<&str> = idx.iter().map(|&l| lines[l].trim()).collect();
                ledger.claim(idx.iter().copied(), &texts.concat());
                let lines_of = span(idx[0], idx[idx.len() - 1]);
                let found = row_cells(lines, idx, &HEADING, "sub-heading", diagnostics);
                if found.len() == 1 {
                    let (marker, k, title) = found.into_iter().next().unwrap_or_default();
                    let candidates: Vec<usize> =
                        (0..n).filter(|&y| lacks(&columns, y, k)).collect();
                    let y = match last_theme_column {
                        Some(y) if candidates.contains(&y) => y,
                        _ => {
                            let y = candidates.first().copied().unwrap_or(0);
                            if candidates.len() > 1 {
                                ambiguous.push(Ambiguous {
                                    line: *i,
                                    number: k,
                                    label: format!("{marker}{title}"),
                                    title: title.clone(),
                                    candidates,
                                    column: y,
                                });
                            }
                            y
                        }
                    };
                    let h = columns[y].push_heading(marker, k, title, lines_of);
                    pending.push_back((y, h));
                    per_year = None;
                } else {
                    let numbers: Vec<u32> = found.iter().map(|c| c.1).collect();
                    let in_order = numbers.len() <= n
                        && numbers
                            .iter()
                            .enumerate()
                            .all(|(y, &k)| lacks(&columns, y, k));
                    let (targets, note) = if in_order {
                        ((0..numbers.len()).collect(), None)
                    } else if let Some((targets, moved)) = by_numbering(&columns, &numbers, n) {
                        let moved: Vec<String> = moved
                            .iter()
                            .filter_map(|&c| {
                                let (marker, k, title) = found.get(c)?;
                                Some(format!(
                                    "{marker}{title} went to {}, the only year whose sub-headings run to ({})",
                                    year_name(years, *targets.get(c)?),
                                    k - 1
                                ))
                            })
                            .collect();
                        let message = format!(
                            "the sub-headings on this line are not in year order: {}; the others keep their order",
                            moved.join("; ")
                        );
                        (
                            targets,
                            Some((Level::Info, DiagnosticCode::OrderByEvidence, message)),
                        )
                    } else {
                        (
                            guess_columns(&columns, &numbers, n),
                            Some((
                                Level::Warning,
                                DiagnosticCode::AmbiguousOrder,
                                "the sub-headings on this line are not in year order; each went to a year that lacked its number".to_owned(),
                            )),
                        )
                    };
                    let mut slots: Vec<Option<usize>> = vec![None; n];
                    for ((marker, k, title), y) in found.into_iter().zip(targets) {
                        let y = y.min(n - 1);
                        slots[y] = Some(columns[y].push_heading(marker, k, title, lines_of));
                    }
                    if let Some((level, code, message)) = note {
                        diagnostics.push(Diagnostic::at_lines(level, code, message, span(*i, *i)));
                    }
                    for blocks in unresolved.drain(..) {
                        let ordered =
                            order_by_evidence(lines, years, &claims, blocks, budget, diagnostics);
                        for (y, block) in ordered.into_iter().enumerate() {
                            attach(lines, ledger, &mut columns, y, slots[y], block);
                        }
                    }
                    per_year = Some(slots);
                }
            }
            Block::Bullets(idx) => {
                if pending.is_empty() {
                    run.push(idx);
                } else if let Some((y, h)) = pending.pop_front() {
                    attach(lines, ledger, &mut columns, y, Some(h), idx);
                }
            }
            Block::Callout(idx) => callouts.extend(idx.iter().copied()),
            Block::Page(_) | Block::Title(_) => {}
        }
    }
    notes.extend(callout_notes(lines, ledger, &callouts));
    for blocks in unresolved {
        for (y, block) in blocks.into_iter().enumerate() {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::AmbiguousOrder,
                format!(
                    "no per-year sub-heading line for these bullets; put under {}",
                    year_name(years, y)
                ),
                span(block[0], block[block.len() - 1]),
            ));
            let last = columns[y].headings.len().checked_sub(1);
            attach(lines, ledger, &mut columns, y, last, block);
        }
    }
    settle_sub_headings(&mut columns, ambiguous, years, diagnostics);
    if let Some((a, b, first_marker, marker, at)) = renumbered {
        let agree = columns[a]
            .headings
            .iter()
            .any(|h| !h.title.is_empty() && columns[b].headings.iter().any(|g| g.title == h.title));
        if !agree {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::AmbiguousOrder,
                format!(
                    "the theme cells {first_marker} and {marker} carry different numbers and \
                     titles, and no sub-heading of theirs agrees, but are read as one theme's \
                     years, as no header or call-out parts them: they may be two themes, or no \
                     plan's"
                ),
                at,
            ));
        }
    }
    // A theme row of fewer cells than the years the header right above it
    // names: which years its cells are, the text does not say
    // (helper-145's d16: a theme new in the last year, under a header
    // naming all three, had been the first year's, `ok`). Read in order,
    // said. So in a group printing no header, under the plan's
    // (helper-146's q03: `【2】区役所DXの推進` alone after the first
    // theme's call-out).
    let themed: Vec<&Cell> = columns.iter().filter_map(|c| c.theme.as_ref()).collect();
    if let (Some(first), Some(last)) = (themed.first(), themed.last())
        && themed.len() < years_over_theme.unwrap_or(0).min(n)
    {
        diagnostics.push(Diagnostic::at_lines(
            Level::Warning,
            DiagnosticCode::AmbiguousOrder,
            format!(
                "the theme row has cells for {} of the {} years over it, and which years they \
                 are the text does not say: they are read as the first years' themes",
                themed.len(),
                years_over_theme.unwrap_or(0).min(n)
            ),
            LineSpan {
                start: first.lines.start,
                end: last.lines.end,
            },
        ));
    }
    let cells = columns
        .into_iter()
        .enumerate()
        .filter(|(_, c)| c.theme.is_some() || !c.headings.is_empty() || !c.items.is_empty())
        .map(|(y, mut c)| {
            // Sub-headings arrive out of order ((2), (3), then (1)); list
            // them by number.
            c.headings.sort_by_key(|h| h.number);
            let theme = c.theme.unwrap_or(Cell {
                marker: String::new(),
                title: String::new(),
                lines: span(0, 0),
            });
            ThemeCell {
                fiscal_year: years.get(y).map_or(0, |f| f.gregorian),
                marker: theme.marker,
                title: theme.title,
                items: c.items,
                headings: c.headings,
                lines: theme.lines,
            }
        })
        .collect();
    Theme {
        number,
        cells,
        notes,
    }
}

/// A sub-heading printed alone on its line, which any of several years
/// could hold.
struct Ambiguous {
    line: usize,
    number: u32,
    label: String,
    title: String,
    candidates: Vec<usize>,
    /// The year it was put under when read (until it is settled).
    column: usize,
}

/// Shortest run of characters shared with a year's theme title that counts
/// as naming it (`組織風土`), not hiragana only.
const MIN_SHARED_RUN: usize = 3;

/// Settles the sub-headings no per-year line placed, now that every year's
/// theme and sub-headings are known, highest number first. The document's
/// own evidence decides, in this order: the sub-heading names one year's
/// theme (`(3)組織風土向上研修` under `【1】…組織風土醸成`: the longest run of
/// characters it shares with each candidate year's theme title, at least
/// `MIN_SHARED_RUN` long, is longest for exactly one year); or its number
/// does (`(2)` goes to the one year that has `(3)` and no other `(2)`). An
/// info `order_by_evidence` says which evidence decided; where none does,
/// the sub-heading stays in the first candidate year with an
/// `ambiguous_order` warning. At most [`MAX_SETTLED`] a group are weighed;
/// the rest are left where they fell, with the warning.
fn settle_sub_headings(
    columns: &mut [Column],
    mut ambiguous: Vec<Ambiguous>,
    years: &[FiscalYear],
    diagnostics: &mut Vec<Diagnostic>,
) {
    ambiguous.sort_by_key(|a| std::cmp::Reverse(a.number));
    // Sub-headings left where they fell, by year and number: their places
    // prove nothing.
    let mut guessed: HashMap<(usize, u32), usize> = HashMap::new();
    for (settled, a) in ambiguous.into_iter().enumerate() {
        // Where it is: a sub-heading moves only when it is settled.
        let now = a.column;
        let by_theme: Vec<(usize, String)> = a
            .candidates
            .iter()
            .filter(|_| settled < MAX_SETTLED)
            .filter_map(|&y| {
                let theme = columns.get(y)?.theme.as_ref()?;
                Some((y, shared_run(&a.title, &theme.title)))
            })
            .collect();
        let best = by_theme
            .iter()
            .map(|(_, r)| r.chars().count())
            .max()
            .unwrap_or(0);
        let named: Vec<&(usize, String)> = by_theme
            .iter()
            .filter(|(_, r)| r.chars().count() == best)
            .collect();
        let evidence = match named[..] {
            [(y, run)] if best >= MIN_SHARED_RUN && !run.chars().all(is_hiragana) => Some((
                *y,
                format!(
                    "it shares 「{run}」 with that year's theme 「{}」",
                    columns[*y].theme.as_ref().map_or("", |t| t.title.as_str())
                ),
            )),
            _ => {
                // The one year that runs on to the next number without
                // this one (the sub-heading itself, and sub-headings only
                // guessed into place, not counted).
                let fits: Vec<usize> = a
                    .candidates
                    .iter()
                    .copied()
                    .filter(|_| settled < MAX_SETTLED)
                    .filter(|&y| {
                        let has = |k: u32| {
                            let this = usize::from(y == now && k == a.number);
                            let left = guessed.get(&(y, k)).copied().unwrap_or(0);
                            columns[y].count(k) > this + left
                        };
                        has(a.number + 1) && !has(a.number)
                    })
                    .collect();
                match fits[..] {
                    [y] => Some((
                        y,
                        format!(
                            "it is the only year with a ({}) and no ({})",
                            a.number + 1,
                            a.number
                        ),
                    )),
                    _ => None,
                }
            }
        };
        let Some((y, why)) = evidence else {
            *guessed.entry((now, a.number)).or_default() += 1;
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::AmbiguousOrder,
                format!(
                    "sub-heading {} could belong to any of {} years; put under {}",
                    a.label,
                    a.candidates.len(),
                    year_name(years, now)
                ),
                span(a.line, a.line),
            ));
            continue;
        };
        if y != now
            && let Some(h) = columns[now]
                .headings
                .iter()
                .position(|h| h.lines.start == a.line + 1)
        {
            let heading = columns[now].take(h);
            columns[y].add(heading);
        }
        diagnostics.push(Diagnostic::at_lines(
            Level::Info,
            DiagnosticCode::OrderByEvidence,
            format!(
                "sub-heading {} put under {}: {why}",
                a.label,
                year_name(years, y)
            ),
            span(a.line, a.line),
        ));
    }
}

/// The longest run of characters two texts share (the first found among
/// equals). Quadratic in the texts' lengths, which are titles: both are cut
/// to `MAX_TITLE_CHARS`.
fn shared_run(a: &str, b: &str) -> String {
    const MAX_TITLE_CHARS: usize = 200;
    let a: Vec<char> = a.chars().take(MAX_TITLE_CHARS).collect();
    let b: Vec<char> = b.chars().take(MAX_TITLE_CHARS).collect();
    let mut best = (0, 0);
    let mut previous = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == cb {
                current[j + 1] = previous[j] + 1;
                if current[j + 1] > best.0 {
                    best = (current[j + 1], i + 1);
                }
            }
        }
        previous = current;
    }
    a[best.1 - best.0..best.1].iter().collect()
}

/// Whether year `y` has no sub-heading numbered `k` yet.
fn lacks(columns: &[Column], y: usize, k: u32) -> bool {
    columns.get(y).is_some_and(|c| c.count(k) == 0)
}

/// Places the cells of a per-year sub-heading line that is not in year order
/// by their numbers, where the numbers settle it: a cell `(k)` goes to the
/// one year whose sub-headings run to `(k-1)` and lack `(k)`; the other
/// cells fill the remaining years in reading order. `None` when no cell is
/// settled that way or the rest do not fit in order. Returns each cell's
/// year and the cells the numbers placed.
fn by_numbering(columns: &[Column], numbers: &[u32], n: usize) -> Option<(Vec<usize>, Vec<usize>)> {
    let mut target: Vec<Option<usize>> = vec![None; numbers.len()];
    let mut taken = vec![false; n];
    let mut moved = Vec::new();
    for (c, &k) in numbers.iter().enumerate() {
        if k < 2 {
            continue;
        }
        let fits: Vec<usize> = (0..n)
            .filter(|&y| !taken[y] && !lacks(columns, y, k - 1) && lacks(columns, y, k))
            .collect();
        if let [y] = fits[..] {
            target[c] = Some(y);
            taken[y] = true;
            moved.push(c);
        }
    }
    if moved.is_empty() {
        return None;
    }
    let mut next = 0;
    for (c, &k) in numbers.iter().enumerate() {
        if target[c].is_some() {
            continue;
        }
        while taken.get(next) == Some(&true) {
            next += 1;
        }
        if next >= n || !lacks(columns, next, k) {
            return None;
        }
        target[c] = Some(next);
        taken[next] = true;
    }
    Some((target.into_iter().flatten().collect(), moved))
}

/// Places the cells of a sub-heading line when nothing settles the order:
/// each in its reading position if that year lacks its number, otherwise in
/// the first year that does.
fn guess_columns(columns: &[Column], numbers: &[u32], n: usize) -> Vec<usize> {
    let mut taken = vec![false; n];
    numbers
        .iter()
        .enumerate()
        .map(|(pos, &k)| {
            let free = |y: usize, taken: &[bool]| !taken[y] && lacks(columns, y, k);
            let y = if pos < n && free(pos, &taken) {
                pos
            } else {
                (0..n).find(|&y| free(y, &taken)).unwrap_or(pos.min(n - 1))
            };
            taken[y] = true;
            y
        })
        .collect()
}

/// What a run of bullet blocks needs to know about its group.
struct Run<'l> {
    lines: &'l [Line<'l>],
    years: &'l [FiscalYear],
    n: usize,
    per_year: &'l Option<Vec<Option<usize>>>,
    claims: &'l [YearClaim],
    budget: &'l Budget,
}

/// Places a finished run of bullet blocks: one per year when there are as
/// many blocks as years (under the per-year sub-headings, now or once they
/// are read), otherwise under the single sub-headings waiting for bullets.
fn close_run<'b>(
    ctx: &mut Run<'_>,
    run: &mut Vec<&'b Vec<usize>>,
    pending: &mut VecDeque<(usize, usize)>,
    columns: &mut [Column],
    unresolved: &mut Vec<Vec<&'b Vec<usize>>>,
    ledger: &mut Ledger<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (lines, years, n, claims) = (ctx.lines, ctx.years, ctx.n, ctx.claims);
    if run.is_empty() {
        return;
    }
    let blocks = std::mem::take(run);
    if blocks.len() == n {
        match ctx.per_year {
            Some(slots) => {
                let ordered =
                    order_by_evidence(lines, years, claims, blocks, ctx.budget, diagnostics);
                for (y, block) in ordered.into_iter().enumerate() {
                    attach(lines, ledger, columns, y, slots[y], block);
                }
            }
            None => unresolved.push(blocks),
        }
        return;
    }
    for block in blocks {
        let (y, h) = match pending.pop_front() {
            Some(slot) => slot,
            None => {
                let y = columns
                    .iter()
                    .rposition(|c| !c.headings.is_empty())
                    .unwrap_or(0);
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousOrder,
                    format!(
                        "bullets with no sub-heading waiting for them; put under the last sub-heading of {}",
                        year_name(years, y)
                    ),
                    span(block[0], block[block.len() - 1]),
                ));
                (y, columns[y].headings.len().saturating_sub(1))
            }
        };
        attach(lines, ledger, columns, y, Some(h), block);
    }
}

/// A call-out's statement about one fiscal year: from the year's mention
/// to the end of its sentence (「平成29年度より、…設置します」).
struct YearClaim {
    /// The year's column.
    year: usize,
    /// The sentence from the mention on, up to [`MAX_COMPARED_CHARS`]
    /// characters (what is compared with items; a longer one is cut there
    /// and ends in `…`, and diagnostics quote it so).
    text: String,
    /// The 0-based line the mention is on.
    line: usize,
}

/// Reads the call-outs' statements about the plan's years. Call-out lines
/// are text-box fragments, so they are joined before sentences are cut at
/// `。`.
fn year_claims(lines: &[Line<'_>], years: &[FiscalYear], callouts: &[usize]) -> Vec<YearClaim> {
    let mut text = String::new();
    // (byte offset in `text`, line) for each line joined.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for &i in callouts {
        starts.push((text.len(), i));
        text.push_str(lines[i].trim());
    }
    // The columns of each year number, and the ends of sentences: looked
    // up as the mentions come, in text order, so that many mentions in a
    // long call-out cost no more than reading it.
    let mut columns: HashMap<u32, Vec<usize>> = HashMap::new();
    for (y, year) in years.iter().enumerate() {
        columns.entry(year.era_year).or_default().push(y);
    }
    let periods: Vec<usize> = plansheet_text::chars::full_stops(&text).collect();
    let (mut period, mut start) = (0, 0);
    let mut claims = Vec::new();
    for m in YEAR_MENTION.captures_iter(&text) {
        let (Some(whole), Some(number)) = (m.get(0), m.get(2)) else {
            continue;
        };
        let era_year = match number.as_str() {
            "元" => 1,
            n => match n.parse::<u32>() {
                Ok(n) => n,
                Err(_) => continue,
            },
        };
        let era = m.get(1).map(|e| e.as_str());
        let fits: Vec<usize> = columns
            .get(&era_year)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&y| era.is_none_or(|e| years[y].era == e))
            .collect();
        // A year the plan does not compare, or one two columns could be.
        let [year] = fits[..] else { continue };
        while periods.get(period).is_some_and(|&at| at < whole.start()) {
            period += 1;
        }
        let end = periods.get(period).copied().unwrap_or(text.len());
        while starts
            .get(start + 1)
            .is_some_and(|&(at, _)| at <= whole.start())
        {
            start += 1;
        }
        let line = starts.get(start).map_or(0, |&(_, line)| line);
        // The sentence from the mention on, as far as it is compared.
        let sentence = &text[whole.start()..end];
        let text = match sentence.char_indices().nth(MAX_COMPARED_CHARS) {
            Some((cut, _)) => format!("{}…", &sentence[..cut]),
            None => sentence.to_owned(),
        };
        claims.push(YearClaim { year, text, line });
    }
    claims
}

/// The longest run of characters `a` and `b` share (each cut at
/// [`MAX_COMPARED_CHARS`]); of several, the one that ends first in `a`.
fn longest_shared(a: &str, b: &str) -> String {
    let a: Vec<char> = a.chars().take(MAX_COMPARED_CHARS).collect();
    let b: Vec<char> = b.chars().take(MAX_COMPARED_CHARS).collect();
    // Characters of the Basic Multilingual Plane (every one a plan uses, as
    // a rule) fit 16-bit lanes: twice as many to a vector as 32-bit ones.
    let bmp = |text: &[char]| text.iter().all(|&c| u32::from(c) <= 0xFFFF);
    let (length, end) = if bmp(&a) && bmp(&b) {
        let narrow = |text: &[char]| -> Vec<u16> {
            text.iter()
                .map(|&c| u16::try_from(u32::from(c)).unwrap_or(0))
                .collect()
        };
        longest_run(&narrow(&a), &narrow(&b))
    } else {
        let wide = |text: &[char]| -> Vec<u32> { text.iter().map(|&c| u32::from(c)).collect() };
        longest_run(&wide(&a), &wide(&b))
    };
    a[end - length..end].iter().collect()
}

/// The length of the longest run `a` and `b` share, and where it ends in
/// `a` (the first such end). `run[j]`: how long the shared run ending at
/// `a[i]` and `b[j - 1]` is, from `before`, the same for `a[i - 1]`. Two
/// rows reused, one lane width throughout and no branches, so that the
/// compiler vectorizes the loop. (Runs are at most [`MAX_COMPARED_CHARS`]
/// long: they fit 16 bits.)
fn longest_run<T>(a: &[T], b: &[T]) -> (usize, usize)
where
    T: Copy + Ord + Default + From<bool> + Into<u32>,
    T: std::ops::Add<Output = T> + std::ops::Mul<Output = T>,
{
    let one = T::from(true);
    let mut before = vec![T::default(); b.len() + 1];
    let mut run = vec![T::default(); b.len() + 1];
    let mut best = (0, 0);
    for (i, &x) in a.iter().enumerate() {
        let mut longest = T::default();
        for ((r, &y), &p) in run[1..].iter_mut().zip(b).zip(&before) {
            *r = (p + one) * T::from(x == y);
            longest = longest.max(*r);
        }
        let longest = longest.into() as usize;
        if longest > best.0 {
            best = (longest, i + 1);
        }
        std::mem::swap(&mut before, &mut run);
    }
    best
}

/// The evidence that puts a block in one year: the claim and the words it
/// shares with one of the block's items.
struct Placement<'c> {
    year: usize,
    claim: &'c YearClaim,
    shared: String,
}

/// Which year the call-outs put a bullet block in, if they agree on one.
fn placement<'c>(
    lines: &[Line<'_>],
    claims: &'c [YearClaim],
    block: &[usize],
) -> Option<Placement<'c>> {
    let text: String = block.iter().map(|&i| lines[i].trim()).collect();
    let mut found: Vec<Placement<'c>> = Vec::new();
    for claim in claims {
        let shared = longest_shared(&text, &claim.text);
        if shared.chars().count() >= MIN_SHARED_CHARS {
            found.push(Placement {
                year: claim.year,
                claim,
                shared,
            });
        }
    }
    let year = found.first()?.year;
    if found.iter().any(|p| p.year != year) {
        return None;
    }
    found.into_iter().max_by_key(|p| p.shared.chars().count())
}

/// Orders a run of one bullet block per year: a block the call-outs place
/// in a year goes there (an info diagnostic says on what evidence). Where
/// two blocks are placed in the same year, neither placement counts.
///
/// The other blocks fill the remaining years in extraction order, which
/// counts as evidence only while nothing contradicts it: once a call-out
/// puts a block in a year other than its place in the run, extraction did
/// not write this run in year order, and the order of the rest proves
/// nothing. Then a single block left has the one year left (an info
/// diagnostic says so). Two or more left are ordered by what neighbouring
/// years share (see [`by_continuity`]) when that is clear; otherwise each
/// gets an `ambiguous_order` warning naming the years it could hold and the
/// one it was put under. (Plan 000: the call-out puts the middle block of
/// three under 平成29年度, the last year. "The middle block was written
/// early" and "the first year's block was written last" each explain the
/// run with one block out of place; the first block repeats four of
/// 平成29年度's measures (窓口アンケート, 混雑予想のHP掲載, 市民サービス
/// 向上検討委員会 …) and the last block one, so the first is 平成28年度's.)
///
/// Each comparison of a block with a statement (or with a neighbouring
/// year's block) is taken from the document's `budget` of
/// [`MAX_COMPARISONS`]; a run that needs more than is left keeps its
/// extraction order, with an `ambiguous_order` warning.
fn order_by_evidence<'b>(
    lines: &[Line<'_>],
    years: &[FiscalYear],
    claims: &[YearClaim],
    blocks: Vec<&'b Vec<usize>>,
    budget: &Budget,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<&'b Vec<usize>> {
    let needed = blocks.len().saturating_mul(claims.len() + 2);
    if claims.is_empty() {
        // Nothing to compare: the run keeps its order, as below.
    } else if needed > budget.get() {
        let (first, last) = (blocks.first(), blocks.last());
        if let (Some(first), Some(last)) =
            (first.and_then(|b| b.first()), last.and_then(|b| b.last()))
        {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::AmbiguousOrder,
                format!(
                    "{} bullet blocks and {} statements about years are more than can be compared \
                     (at most {MAX_COMPARISONS} comparisons in a document): the blocks keep the \
                     order they were extracted in",
                    blocks.len(),
                    claims.len()
                ),
                span(*first, *last),
            ));
        }
        return blocks;
    } else {
        budget.set(budget.get() - needed);
    }
    let placements: Vec<Option<Placement<'_>>> =
        blocks.iter().map(|b| placement(lines, claims, b)).collect();
    let mut slots: Vec<Option<&'b Vec<usize>>> = vec![None; blocks.len()];
    let mut placed = vec![false; blocks.len()];
    // The first block a call-out put somewhere else than its place in the
    // run: its lines and its year.
    let mut moved: Option<(LineSpan, usize)> = None;
    for (k, p) in placements.iter().enumerate() {
        let Some(p) = p else { continue };
        let rivals = placements
            .iter()
            .flatten()
            .filter(|q| q.year == p.year)
            .count();
        if rivals > 1 || p.year >= slots.len() {
            continue;
        }
        slots[p.year] = Some(blocks[k]);
        placed[k] = true;
        let block = blocks[k];
        let lines = span(block[0], block[block.len() - 1]);
        if p.year != k && moved.is_none() {
            moved = Some((lines, p.year));
        }
        diagnostics.push(Diagnostic::at_lines(
            Level::Info,
            DiagnosticCode::OrderByEvidence,
            format!(
                "bullets put under {} by a call-out: 「{}」 (line {}) shares 「{}」 with an item",
                year_name(years, p.year),
                p.claim.text,
                p.claim.line + 1,
                p.shared
            ),
            lines,
        ));
    }
    let free: Vec<usize> = (0..slots.len()).filter(|&y| slots[y].is_none()).collect();
    let unplaced: Vec<&'b Vec<usize>> = blocks
        .iter()
        .enumerate()
        .filter(|(k, _)| !placed[*k])
        .map(|(_, b)| *b)
        .collect();
    if let Some((_, year)) = moved
        && free.len() > 1
        && let Some(order) = by_continuity(lines, &slots, &free, &unplaced)
    {
        let placed_by = format!("{} (put there by the call-out)", year_name(years, year));
        for (&y, &k) in free.iter().zip(&order.blocks) {
            let block = unplaced[k];
            slots[y] = Some(block);
            let (neighbour, shared) = &order.shared[y];
            let neighbour = if *neighbour == year {
                placed_by.clone()
            } else {
                year_name(years, *neighbour)
            };
            diagnostics.push(Diagnostic::at_lines(
                Level::Info,
                DiagnosticCode::OrderByEvidence,
                format!(
                    "bullets put under {} by what neighbouring years share (a plan carries measures from one year to the next): {} character pairs in this order, {} in the next best; these bullets share 「{shared}」 with {neighbour}",
                    year_name(years, y),
                    order.best,
                    order.second,
                ),
                span(block[0], block[block.len() - 1]),
            ));
        }
        return slots.into_iter().flatten().collect();
    }
    let mut rest = unplaced.into_iter();
    let mut ordered = Vec::with_capacity(slots.len());
    for (y, slot) in slots.into_iter().enumerate() {
        let (block, by_callout) = match slot {
            Some(block) => (block, true),
            None => match rest.next() {
                Some(block) => (block, false),
                None => continue,
            },
        };
        if let Some((by, year)) = moved
            && !by_callout
        {
            let by = if by.start == by.end {
                format!("line {}", by.start)
            } else {
                format!("lines {}–{}", by.start, by.end)
            };
            let cause = format!(
                "the call-out put the bullets of {by} under {}, out of the order extraction wrote the run in",
                year_name(years, year)
            );
            let lines = span(block[0], block[block.len() - 1]);
            diagnostics.push(match free[..] {
                [_] => Diagnostic::at_lines(
                    Level::Info,
                    DiagnosticCode::OrderByEvidence,
                    format!(
                        "bullets put under {}, the only year left: {cause}",
                        year_name(years, y)
                    ),
                    lines,
                ),
                _ => Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousOrder,
                    format!(
                        "bullets could belong to any of {}: {cause}, so that order does not decide the others; put under {} as extracted",
                        free.iter()
                            .map(|&f| year_name(years, f))
                            .collect::<Vec<_>>()
                            .join(", "),
                        year_name(years, y)
                    ),
                    lines,
                ),
            });
        }
        ordered.push(block);
    }
    ordered
}

/// At most this many blocks are ordered by [`by_continuity`], which tries
/// every order (4! = 24).
const MAX_PERMUTED: usize = 4;

/// How far the best order must lead the next best, in shared character
/// pairs, before [`by_continuity`] takes it: at least twice the next best's
/// count and this many more.
const MIN_CONTINUITY_LEAD: usize = 8;

/// An order of a run's unplaced blocks found by [`by_continuity`].
struct Continuity {
    /// For each free year in turn, the index of its block in the unplaced
    /// blocks.
    blocks: Vec<usize>,
    /// Character pairs neighbouring years share in this order, and in the
    /// next best.
    best: usize,
    second: usize,
    /// For each year, the neighbour its block shares most with and the
    /// longest run they share.
    shared: Vec<(usize, String)>,
}

/// Orders the blocks a call-out did not place by what neighbouring years'
/// bullets share. A plan carries measures over from one year to the next
/// (plan 000: 平成28年度 sets up 市民サービス向上検討委員会, 平成29年度
/// works through it), so of all the ways to put the blocks in the free
/// years, the one whose neighbours share the most pairs of content
/// characters (kanji, katakana, Latin letters; not kana endings, digits
/// or punctuation) is taken — only when it leads the next best clearly
/// ([`MIN_CONTINUITY_LEAD`]).
fn by_continuity(
    lines: &[Line<'_>],
    slots: &[Option<&Vec<usize>>],
    free: &[usize],
    unplaced: &[&Vec<usize>],
) -> Option<Continuity> {
    if free.len() != unplaced.len() || free.len() > MAX_PERMUTED {
        return None;
    }
    let text = |block: &Vec<usize>| -> String { block.iter().map(|&i| lines[i].trim()).collect() };
    let pairs_of = |block: &Vec<usize>| content_pairs(&text(block));
    let fixed: Vec<Option<Pairs>> = slots.iter().map(|s| s.map(pairs_of)).collect();
    let loose: Vec<_> = unplaced.iter().map(|b| pairs_of(b)).collect();
    let mut scored: Vec<(usize, Vec<usize>)> = permutations(unplaced.len())
        .into_iter()
        .map(|order| {
            let mut by_year: Vec<&Pairs> = Vec::new();
            let mut next = order.iter();
            for f in &fixed {
                match f {
                    Some(pairs) => by_year.push(pairs),
                    None => by_year.push(&loose[*next.next().unwrap_or(&0)]),
                }
            }
            let score = by_year
                .windows(2)
                .map(|w| w[0].intersection(w[1]).count())
                .sum();
            (score, order)
        })
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let (best, order) = scored.first()?.clone();
    let second = scored.get(1).map_or(0, |s| s.0);
    if best < 2 * second || best < second + MIN_CONTINUITY_LEAD {
        return None;
    }
    let mut by_year: Vec<&Vec<usize>> = Vec::new();
    let mut next = order.iter();
    for s in slots {
        match s {
            Some(block) => by_year.push(block),
            None => by_year.push(unplaced[*next.next()?]),
        }
    }
    let shared = (0..by_year.len())
        .map(|y| {
            let mine = text(by_year[y]);
            [y.checked_sub(1), Some(y + 1).filter(|&n| n < by_year.len())]
                .into_iter()
                .flatten()
                .map(|n| {
                    let run = longest_shared(&mine, &text(by_year[n]));
                    (n, run.trim_matches(['・', ' ', '　']).to_owned())
                })
                .max_by_key(|(_, run)| run.chars().count())
                .unwrap_or_default()
        })
        .collect();
    Some(Continuity {
        blocks: order,
        best,
        second,
        shared,
    })
}

/// Pairs of neighbouring characters, each once.
type Pairs = HashSet<(char, char)>;

/// The distinct pairs of neighbouring content characters in `text`: kanji,
/// katakana and Latin letters, which carry a measure's name; kana endings,
/// digits and punctuation say nothing about which measure it is.
fn content_pairs(text: &str) -> Pairs {
    let content =
        |c: char| matches!(c, '\u{4E00}'..='\u{9FFF}') || is_katakana(c) || c.is_ascii_alphabetic();
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|w| content(w[0]) && content(w[1]))
        .map(|w| (w[0], w[1]))
        .collect()
}

/// Every order of `0..n`.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    permutations(n - 1)
        .into_iter()
        .flat_map(|p| {
            (0..n).map(move |at| {
                let mut q = p.clone();
                q.insert(at, n - 1);
                q
            })
        })
        .collect()
}

/// Puts a bullet block's items under heading `h` of year `y` (or under the
/// year itself when it has no heading).
fn attach(
    lines: &[Line<'_>],
    ledger: &mut Ledger<'_>,
    columns: &mut [Column],
    y: usize,
    h: Option<usize>,
    block: &[usize],
) {
    let items = read_items(lines, ledger, block);
    let Some(column) = columns.get_mut(y) else {
        return;
    };
    match h.and_then(|h| column.headings.get_mut(h)) {
        Some(heading) => heading.items.extend(items),
        None => column.items.extend(items),
    }
}

/// The bullet a cell's item opens with: `・`, `○` (or `〇`, `◯`), or a
/// circled number (`①`). `●` is not one: call-outs list with it.
fn bullet(line: &str) -> Option<char> {
    line.trim_start().chars().next().filter(|&c| is_bullet(c))
}

/// Whether a character opens an item as a bullet: `・`, `○` (or `〇`, `◯`)
/// or a circled number.
fn is_bullet(c: char) -> bool {
    matches!(c, '・' | '○' | '〇' | '◯') || circled_number(c).is_some()
}

/// Whether two bullets mark items of one list: the same mark, or circled
/// numbers both.
fn same_bullet(a: char, b: char) -> bool {
    a == b || (circled_number(a).is_some() && circled_number(b).is_some())
}

fn read_items(lines: &[Line<'_>], ledger: &mut Ledger<'_>, block: &[usize]) -> Vec<PlanItem> {
    // The block's first bullet opens each of its items; other marks inside
    // (`①` under `・`) stay in the item they fall in.
    let list = block.first().and_then(|&i| bullet(&lines[i]));
    let mut items: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    for &i in block {
        let line = &lines[i];
        let opens = bullet(line)
            .zip(list)
            .is_some_and(|(b, l)| same_bullet(b, l));
        match items.last_mut() {
            Some((texts, idx)) if !opens => {
                texts.push(line.to_string());
                idx.push(i);
            }
            _ => items.push((vec![line.to_string()], vec![i])),
        }
    }
    items
        .into_iter()
        .map(|(texts, idx)| {
            let mut text = join_wrapped(&texts);
            let marker = bullet(&text)
                .filter(|&b| list.is_some_and(|l| same_bullet(b, l)))
                .map(String::from);
            if let Some(marker) = &marker {
                text = text.trim_start()[marker.len()..].trim_start().to_owned();
            }
            let flag = take_flag(&mut text);
            ledger.claim(
                idx.iter().copied(),
                &format!(
                    "{}{}{}",
                    marker.as_deref().unwrap_or(""),
                    text,
                    flag.as_deref().unwrap_or("")
                ),
            );
            PlanItem {
                marker,
                new: flag.is_some(),
                flag,
                text,
                lines: span(idx[0], idx[idx.len() - 1]),
            }
        })
        .collect()
}

/// Side call-outs come out as a soup of short text-box lines, one per
/// block. A note starts at an unindented line that follows the end of a
/// sentence or a wider gap (two or more blank lines); an indented line or a
/// bulleted one (●) continues the note above it.
fn callout_notes(lines: &[Line<'_>], ledger: &mut Ledger<'_>, callouts: &[usize]) -> Vec<Fragment> {
    let mut notes: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    let mut previous: Option<usize> = None;
    for &i in callouts {
        let line = lines[i].trim_end();
        let gap = previous
            .is_some_and(|p| (p + 1..i).filter(|&j| lines[j].trim().is_empty()).count() >= 2);
        let continues = line.starts_with(char::is_whitespace) || line.starts_with(['●', '・']);
        let after_sentence = notes
            .last()
            .is_some_and(|(texts, _)| texts.last().is_some_and(|t| t.trim_end().ends_with('。')));
        if notes.is_empty() || (!continues && (gap || after_sentence)) {
            notes.push((vec![line.to_owned()], vec![i]));
        } else if let Some((texts, idx)) = notes.last_mut() {
            texts.push(line.to_owned());
            idx.push(i);
        }
        previous = Some(i);
    }
    notes
        .into_iter()
        .map(|(texts, idx)| {
            let text = join_wrapped(&texts);
            ledger.claim(idx.iter().copied(), &text);
            Fragment {
                text,
                lines: span(idx[0], idx[idx.len() - 1]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rev87 p03–p06: a multi-year comparison as a table, a fiscal year a
    /// column and a theme a row, is a multi-year plan (it was read as an
    /// outline of table rows): each theme's cells hold their column's
    /// items, a bullet after white space opening another, a line without
    /// one going on with the item before; the header printed again on a
    /// later page is a year header too.
    #[test]
    fn a_table_of_fiscal_years_by_column_is_a_multi_year_plan() {
        let text = "架空区 窓口サービス向上の取組\n\
                    テーマ\t令和4年度\t令和5年度\n\
                    【1】窓口サービスの向上\t・接遇研修の実施 ・案内の改善\t・アンケートの実施\n\
                    テーマ\t令和4年度\t令和5年度\n\
                    【2】情報発信\t・区報の改善\t・SNSの開始\n";
        let p = crate::parse(text);
        assert_eq!(p.layout.name, LayoutName::MultiYearPlan);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(
            p.metadata.title.as_deref(),
            Some("架空区 窓口サービス向上の取組")
        );
        let Content::MultiYearPlan {
            years,
            year_headers,
            themes,
            ..
        } = &p.content
        else {
            panic!("{:?}", p.content)
        };
        let years: Vec<i32> = years.iter().map(|y| y.gregorian).collect();
        assert_eq!(years, [2022, 2023]);
        assert_eq!(year_headers.len(), 2);
        let read: Vec<(String, i32, String, Vec<String>)> = themes
            .iter()
            .flat_map(|t| {
                t.cells.iter().map(|c| {
                    let items = c.items.iter().map(|i| i.text.clone()).collect();
                    (t.number.clone(), c.fiscal_year, c.title.clone(), items)
                })
            })
            .collect();
        let cell = |n: &str, year, title: &str, items: &[&str]| {
            let items = items.iter().map(|i| (*i).to_owned()).collect();
            (n.to_owned(), year, title.to_owned(), items)
        };
        assert_eq!(
            read,
            [
                cell(
                    "1",
                    2022,
                    "窓口サービスの向上",
                    &["接遇研修の実施", "案内の改善"]
                ),
                cell("1", 2023, "窓口サービスの向上", &["アンケートの実施"]),
                cell("2", 2022, "情報発信", &["区報の改善"]),
                cell("2", 2023, "情報発信", &["SNSの開始"]),
            ]
        );
        // A column header whose cells are no fiscal years is no such table.
        assert!(year_cells("テーマ\t令和4年度\t備考").is_none());
        assert!(year_cells("テーマ\t令和4年度\t令和4年度").is_none());
        // A header of years only has no themes' column: its first cell is
        // a year too (rev91 R01), where a label before two years is a
        // label.
        let read = |line: &str| {
            year_cells(line).map(|(labels, years)| {
                let years: Vec<i32> = years.iter().map(|y| y.gregorian).collect();
                (labels, years)
            })
        };
        assert_eq!(
            read("令和4年度\t令和5年度\t令和6年度"),
            Some((0, vec![2022, 2023, 2024]))
        );
        assert_eq!(
            read("項目\t令和5年度\t令和6年度"),
            Some((1, vec![2023, 2024]))
        );
        // A column the header leaves blank before the label (helper-123:
        // the themes' numbers under it, every year's cell had been read a
        // year late, ok).
        assert_eq!(
            read("\tテーマ\t令和5年度\t令和6年度"),
            Some((2, vec![2023, 2024]))
        );
        assert_eq!(read("\t令和5年度\t令和6年度"), Some((1, vec![2023, 2024])));
    }

    /// helper-123: year headers in Western years or by the era's initial
    /// (`《2019年度》`, `《H30年度》`) had been no year header: the plan came
    /// out an outline, each theme's titles run together and the years'
    /// items one list, ok.
    #[test]
    fn year_headers_in_western_years_or_by_initial() {
        for (header, eras) in [
            ("《2019年度》 《2020年度》", ["西暦", "西暦"]),
            ("《H30年度》 《R1年度》", ["平成", "令和"]),
        ] {
            let p = crate::parse(&format!(
                "取組の比較\n\n{header}\n\n【1】窓口 【1】窓口\n\n\
                 (1)研修 (1)研修\n\n・新任職員向け研修\n\n・全職員向け研修\n"
            ));
            let Content::MultiYearPlan { years, themes, .. } = &p.content else {
                panic!("{header}: {:?}", p.content)
            };
            let read: Vec<(&str, i32)> = years
                .iter()
                .map(|y| (y.era.as_str(), y.gregorian))
                .collect();
            let first = if eras[0] == "西暦" { 2019 } else { 2018 };
            assert_eq!(read, [(eras[0], first), (eras[1], first + 1)], "{header}");
            let items: Vec<Vec<&str>> = themes[0]
                .cells
                .iter()
                .map(|c| {
                    c.headings
                        .iter()
                        .flat_map(|h| &h.items)
                        .map(|i| i.text.as_str())
                        .collect()
                })
                .collect();
            assert_eq!(
                items,
                [["新任職員向け研修"], ["全職員向け研修"]],
                "{header}"
            );
        }
    }

    /// helper-123: a column the header leaves blank before the themes'
    /// (`⇥テーマ⇥令和元年度…` over `【1】⇥窓口…⇥…`) had shifted every year's
    /// cell one year on, the theme's title the first year's item, ok.
    #[test]
    fn a_column_the_header_leaves_blank_holds_the_themes() {
        let p = crate::parse(
            "取組の推移\n\n\t\u{30c6}\u{30fc}\u{30de}\t令和元年度\t令和2年度\t令和3年度\n\
             【1】\t窓口サービスの向上\t・接遇研修\t・オンライン研修\t\n",
        );
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let cells: Vec<(i32, &str, Vec<&str>)> = themes[0]
            .cells
            .iter()
            .map(|c| {
                (
                    c.fiscal_year,
                    c.title.as_str(),
                    c.items.iter().map(|i| i.text.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            cells,
            [
                (2019, "窓口サービスの向上", vec!["接遇研修"]),
                (2020, "窓口サービスの向上", vec!["オンライン研修"]),
                (2021, "窓口サービスの向上", vec![]),
            ]
        );
    }

    /// helper-123: a spreadsheet cell's lines are the writer's: each an
    /// item (`●…` / `●…`, no bullet, `※…`: they had been run together, ok)
    /// but where a line goes on with the clause above it.
    #[test]
    fn a_spreadsheet_cells_lines_are_items() {
        let p = crate::parse(
            "項目\t令和元年度\t令和2年度\n\
             【1】窓口\t\"●研修の実施\n●アンケートの実施\"\t\"・研修の実施\n※中止\"\n\
             【2】発信\t\"区報の改善\nSNSの開始\"\t\"区報と地域の掲示板で、\n発信する\"\n",
        );
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let items: Vec<Vec<Vec<&str>>> = themes
            .iter()
            .map(|t| {
                t.cells
                    .iter()
                    .map(|c| c.items.iter().map(|i| i.text.as_str()).collect())
                    .collect()
            })
            .collect();
        assert_eq!(
            items,
            [
                vec![
                    vec!["●研修の実施", "●アンケートの実施"],
                    vec!["研修の実施", "※中止"]
                ],
                vec![
                    vec!["区報の改善", "SNSの開始"],
                    vec!["区報と地域の掲示板で、発信する"]
                ],
            ]
        );
    }

    /// A year table of years only, its cells of several lines (a
    /// spreadsheet's quoted cells): a cell's first line is its title only
    /// where it opens with the theme's marker (a line under it, or a first
    /// line without one, is an item: rev94 had one glued onto the title,
    /// the other dropped); numbered lines with nothing under them are
    /// numbered items, not headings over nothing.
    #[test]
    fn a_year_cells_lines_are_its_title_only_under_the_marker() {
        let text = "令和4年度\t令和5年度\n\
                    \"【1】窓口\n・研修\"\t\"混雑状況の公開\n・研修\"\n\
                    \"【2】情報発信\nホームページの更新\"\t\"【2】情報発信\n(1)区報を出す\n(2)SNSを始める\"\n";
        let p = crate::parse(text);
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let read: Vec<(String, Vec<String>, usize)> = themes
            .iter()
            .flat_map(|t| &t.cells)
            .map(|c| {
                let items = c
                    .items
                    .iter()
                    .map(|i| format!("{}{}", i.marker.as_deref().unwrap_or(""), i.text))
                    .collect();
                (c.title.clone(), items, c.headings.len())
            })
            .collect();
        let cell = |title: &str, items: &[&str]| {
            (
                title.to_owned(),
                items.iter().map(|i| (*i).to_owned()).collect(),
                0,
            )
        };
        assert_eq!(
            read,
            [
                cell("窓口", &["・研修"]),
                cell("窓口", &["混雑状況の公開", "・研修"]),
                cell("情報発信", &["ホームページの更新"]),
                cell("情報発信", &["(1)区報を出す", "(2)SNSを始める"]),
            ]
        );
        assert!(p.unassigned.is_empty(), "{:?}", p.unassigned);
    }

    #[test]
    fn marker_cells_split_a_line() {
        let got = cells("(1)接遇研修 (1)快適な窓口 (3)広報", &HEADING);
        let got: Vec<(String, u32, String)> = got;
        assert_eq!(
            got,
            [
                ("(1)".into(), 1, "接遇研修".into()),
                ("(1)".into(), 1, "快適な窓口".into()),
                ("(3)".into(), 3, "広報".into()),
            ]
        );
        assert_eq!(cells("【2】住民主体の区政 【2】情報発信", &THEME).len(), 2);
    }

    const PLAN: &str = "《平成27年度》 《平成28年度》 《平成29年度》\n\n\
        【1】窓口 【1】窓口 【1】窓口\n\n\
        ・接遇研修の実施\n\n\
        ・窓口へのタブレット型端末機の設置\n\n\
        ・案内表示の整備\n\n\
        (1)研修 (1)窓口 (1)案内\n\n\
        手話による窓口対応\n\n\
        平成29年度より、窓口にタブレット型端末機を\n\n\
        設置します。\n";

    /// Each diagnostic's level, code and lines.
    fn notes(p: &crate::Parsed) -> Vec<(Level, DiagnosticCode, Option<LineSpan>)> {
        p.diagnostics
            .iter()
            .map(|d| (d.level, d.code, d.lines))
            .collect()
    }

    /// That `p` says one thing, an `ambiguous_order` warning on `at` whose
    /// message holds `words`.
    fn assert_one_order_warning(p: &crate::Parsed, at: LineSpan, words: &str) {
        assert_eq!(
            notes(p),
            [(Level::Warning, DiagnosticCode::AmbiguousOrder, Some(at))]
        );
        assert!(
            p.diagnostics[0].message.contains(words),
            "{}",
            p.diagnostics[0].message
        );
    }

    fn items_by_year(p: &crate::Parsed) -> Vec<Vec<String>> {
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("not a multi-year plan: {:?}", p.content)
        };
        themes[0]
            .cells
            .iter()
            .map(|c| {
                c.headings
                    .iter()
                    .flat_map(|h| h.items.iter().map(|i| i.text.clone()))
                    .collect()
            })
            .collect()
    }

    /// Issue 10: a call-out that names a fiscal year and repeats an item's
    /// words puts the item's block in that year; with the other blocks
    /// placed too, the last block has the one year left.
    #[test]
    fn a_callout_naming_a_year_places_the_block_it_repeats() {
        let plan = format!("{PLAN}\n平成27年度は接遇研修の実施に力を入れました。\n");
        let p = crate::parse(&plan);
        assert_eq!(p.layout.name, LayoutName::MultiYearPlan);
        assert_eq!(
            items_by_year(&p),
            [
                vec!["接遇研修の実施".to_owned()],
                vec!["案内表示の整備".to_owned()],
                vec!["窓口へのタブレット型端末機の設置".to_owned()],
            ]
        );
        assert_eq!(
            notes(&p),
            [5, 7, 9].map(|line| (
                Level::Info,
                DiagnosticCode::OrderByEvidence,
                Some(LineSpan::line(line))
            ))
        );
        assert!(
            p.diagnostics[1]
                .message
                .contains("(line 15) shares 「タブレット型端末機」"),
            "{}",
            p.diagnostics[1].message
        );
        assert!(
            p.diagnostics[2].message.contains("the only year left"),
            "{}",
            p.diagnostics[2].message
        );
        // Without the call-outs, the blocks stay in extraction order.
        let p = crate::parse(&PLAN.replace("平成29年度より、", ""));
        assert_eq!(
            items_by_year(&p)[1],
            ["窓口へのタブレット型端末機の設置".to_owned()]
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    /// Issue 10: once a call-out shows that extraction did not write a run
    /// of bullet blocks in year order, that order does not place the
    /// others: two blocks left over are ambiguous, each with a warning (as
    /// in plan 000, where the middle block of three is 平成29年度's).
    #[test]
    fn a_callout_against_extraction_order_leaves_the_other_blocks_ambiguous() {
        let p = crate::parse(PLAN);
        assert_eq!(
            items_by_year(&p),
            [
                vec!["接遇研修の実施".to_owned()],
                vec!["案内表示の整備".to_owned()],
                vec!["窓口へのタブレット型端末機の設置".to_owned()],
            ]
        );
        assert_eq!(
            notes(&p),
            [
                (
                    Level::Info,
                    DiagnosticCode::OrderByEvidence,
                    Some(LineSpan::line(7))
                ),
                (
                    Level::Warning,
                    DiagnosticCode::AmbiguousOrder,
                    Some(LineSpan::line(5))
                ),
                (
                    Level::Warning,
                    DiagnosticCode::AmbiguousOrder,
                    Some(LineSpan::line(9))
                ),
            ]
        );
        assert!(
            p.diagnostics[1].message.starts_with(
                "bullets could belong to any of 平成27年度, 平成28年度: the call-out put the bullets of line 7 under 平成29年度"
            ),
            "{}",
            p.diagnostics[1].message
        );
        // A call-out that agrees with extraction order leaves it standing.
        let agreeing = PLAN.replace(
            "・窓口へのタブレット型端末機の設置\n\n・案内表示の整備",
            "・案内表示の整備\n\n・窓口へのタブレット型端末機の設置",
        );
        let p = crate::parse(&agreeing);
        assert_eq!(items_by_year(&p)[1], ["案内表示の整備".to_owned()]);
        let codes: Vec<_> = p.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [DiagnosticCode::OrderByEvidence]);
    }

    /// Issue 10: after a call-out has shown extraction order wrong, the
    /// blocks left are ordered by what neighbouring years share when one
    /// order clearly leads: the block that repeats 平成29年度's measures is
    /// 平成28年度's, the one extraction wrote between them 平成27年度's.
    #[test]
    fn blocks_a_callout_leaves_are_ordered_by_what_neighbouring_years_share() {
        let plan = PLAN
            .replace(
                "・窓口へのタブレット型端末機の設置\n",
                "・窓口へのタブレット型端末機の設置\n\
                 ・市民サービス向上検討委員会による連携強化\n\
                 ・混雑予想のホームページ掲載\n",
            )
            .replace(
                "・案内表示の整備\n",
                "・市民サービス向上検討委員会の設置\n\
                 ・混雑予想のホームページ掲載\n\
                 ・案内表示の整備\n",
            );
        let p = crate::parse(&plan);
        let years = items_by_year(&p);
        assert_eq!(years[0], ["接遇研修の実施".to_owned()]);
        assert_eq!(years[1][0], "市民サービス向上検討委員会の設置");
        assert_eq!(years[2][0], "窓口へのタブレット型端末機の設置");
        assert_eq!(
            notes(&p),
            [(7, 9), (5, 5), (11, 13)].map(|(start, end)| (
                Level::Info,
                DiagnosticCode::OrderByEvidence,
                Some(LineSpan { start, end })
            ))
        );
        assert!(
            p.diagnostics[2].message.contains(
                "these bullets share 「市民サービス向上検討委員会」 with 平成29年度 (put there by the call-out)"
            ),
            "{}",
            p.diagnostics[2].message
        );
        assert!(
            p.diagnostics[2]
                .message
                .contains("23 character pairs in this order, 0 in the next best"),
            "{}",
            p.diagnostics[2].message
        );
    }

    /// A plan of `n` years (令和1 on), one bullet block per year, and a
    /// call-out per block putting it in the reverse year: block `j` names
    /// 「項目j」 eight times, the statement about year `n - 1 - j` repeats it.
    /// Then `more` statements that name no item.
    fn reversed_plan(n: usize, more: usize) -> String {
        let item = |j: usize| format!("項目{j}").repeat(8);
        let mut plan = String::new();
        let header: Vec<String> = (1..=n).map(|y| format!("《令和{y}年度》")).collect();
        let themes: Vec<&str> = (0..n).map(|_| "【1】窓口サービス").collect();
        let headings: Vec<String> = (0..n).map(|j| format!("(1)見出し{j}")).collect();
        for line in [header.join(" "), themes.join(" "), headings.join(" ")] {
            plan.push_str(&line);
            plan.push_str("\n\n");
        }
        for j in 0..n {
            plan.push_str(&format!("・{}を行う\n\n", item(j)));
        }
        for j in 0..n {
            plan.push_str(&format!("{}年度は{}を実施した。\n\n", n - j, item(j)));
        }
        // And `more` statements about the first year that name no item.
        for _ in 0..more {
            plan.push_str("1年度は検討した。\n\n");
        }
        plan
    }

    /// Comparing blocks with statements is bounded per document: within
    /// the bound the call-outs order the blocks; beyond it (20 blocks and
    /// 220 statements: 20 × 222 comparisons) the blocks keep their
    /// extraction order and the document says so with a warning, instead
    /// of comparing for seconds (a made-up plan of 100 KB took 5.6 s).
    #[test]
    fn comparisons_of_blocks_and_call_outs_are_bounded() {
        let p = crate::parse(&reversed_plan(5, 0));
        let years = items_by_year(&p);
        assert_eq!(years.len(), 5);
        for (y, items) in years.iter().enumerate() {
            assert_eq!(
                items,
                &[format!("{}を行う", format!("項目{}", 4 - y).repeat(8))]
            );
        }
        assert!(
            p.diagnostics
                .iter()
                .all(|d| d.code == DiagnosticCode::OrderByEvidence && d.level == Level::Info),
            "{:?}",
            p.diagnostics
        );

        let (n, more) = (MAX_YEARS, 200);
        assert!(n * (n + more + 2) > MAX_COMPARISONS);
        let p = crate::parse(&reversed_plan(n, more));
        let years = items_by_year(&p);
        for (y, items) in years.iter().enumerate() {
            assert_eq!(items, &[format!("{}を行う", format!("項目{y}").repeat(8))]);
        }
        let warnings: Vec<&Diagnostic> = p
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Warning)
            .collect();
        assert_eq!(warnings.len(), 1, "{:?}", p.diagnostics);
        assert_eq!(warnings[0].code, DiagnosticCode::AmbiguousOrder);
        assert!(
            warnings[0].message.starts_with(
                "20 bullet blocks and 220 statements about years are more than can be compared"
            ),
            "{}",
            warnings[0].message
        );
    }

    /// Statements about years are read in one pass however many a long
    /// call-out holds, and each keeps what is compared of its sentence.
    #[test]
    fn statements_about_years_keep_what_is_compared() {
        let lines: Vec<Line<'_>> = ["1年度".repeat(5000)].map(Line::from).to_vec();
        let years: Vec<FiscalYear> = era::fiscal_year("令和1年度", "令和", "1")
            .into_iter()
            .collect();
        let claims = year_claims(&lines, &years, &[0]);
        assert_eq!(claims.len(), 5000);
        assert!(
            claims
                .iter()
                .all(|c| c.text.chars().count() <= MAX_COMPARED_CHARS + 1)
        );
        assert!(
            claims[0].text.ends_with("1年度1年度…"),
            "{}",
            claims[0].text
        );
        assert_eq!(claims[4999].text, "1年度");
    }

    /// A header naming more years than a plan compares is not read as a
    /// multi-year plan (every theme group holds a column per year).
    #[test]
    fn a_header_of_more_than_twenty_years_is_not_a_multi_year_plan() {
        let plan = |n: usize| {
            let years: Vec<String> = (1..=n).map(|y| format!("《平成{y}年度》")).collect();
            format!(
                "{}\n\n【1】窓口サービスの向上\n\n・案内表示の整備\n",
                years.join(" ")
            )
        };
        let score = |text: &str| {
            let lines = crate::normalize_lines(text);
            crate::detect_layout(&lines)
                .into_iter()
                .find(|d| d.name == LayoutName::MultiYearPlan)
                .map(|d| d.score)
                .unwrap()
        };
        assert_eq!(score(&plan(MAX_YEARS)).confidence, CONFIDENCE);
        let over = score(&plan(MAX_YEARS + 1));
        assert_eq!(over.confidence, 0.0);
        assert!(
            over.evidence[2].starts_with("21 years in the header"),
            "{:?}",
            over.evidence
        );
        // A first header naming no year the plan could compare does not
        // hide the one after it: the parse would read that one.
        let behind = score(&format!("《計画1年度》\n\n{}", plan(MAX_YEARS + 1)));
        assert_eq!(behind.confidence, 0.0, "{:?}", behind.evidence);
    }

    /// Sub-headings printed alone are settled by their evidence up to
    /// `MAX_SETTLED` a group (each is compared with every candidate year's
    /// theme); the rest stay where they fell, with a warning.
    #[test]
    fn lone_sub_headings_beyond_the_bound_stay_where_they_fell() {
        let theme = |title: &str| Cell {
            marker: "【1】".into(),
            title: title.into(),
            lines: span(0, 0),
        };
        let mut columns: Vec<Column> = ["組織風土の醸成", "窓口サービスの提供"]
            .map(|t| Column {
                theme: Some(theme(t)),
                headings: Vec::new(),
                numbers: HashMap::new(),
                items: Vec::new(),
            })
            .into();
        let count = MAX_SETTLED + 44;
        let mut ambiguous = Vec::new();
        for i in 0..count {
            let number = u32::try_from(count - i).unwrap();
            columns[1].push_heading(
                format!("({number})"),
                number,
                "組織風土向上研修".into(),
                span(i, i),
            );
            ambiguous.push(Ambiguous {
                line: i,
                number,
                label: format!("({number})組織風土向上研修"),
                title: "組織風土向上研修".into(),
                candidates: vec![0, 1],
                column: 1,
            });
        }
        let mut diagnostics = Vec::new();
        settle_sub_headings(&mut columns, ambiguous, &[], &mut diagnostics);
        assert_eq!(columns[0].headings.len(), MAX_SETTLED);
        assert_eq!(columns[1].headings.len(), 44);
        assert_eq!((columns[0].count(1), columns[1].count(1)), (0, 1));
        let levels: Vec<Level> = diagnostics.iter().map(|d| d.level).collect();
        assert_eq!(
            levels.iter().filter(|&&l| l == Level::Info).count(),
            MAX_SETTLED
        );
        assert_eq!(levels.iter().filter(|&&l| l == Level::Warning).count(), 44);
    }

    /// Issue 10: a sub-heading printed alone goes to the year whose theme it
    /// names, and the sub-heading numbered before it follows it there.
    #[test]
    fn a_lone_sub_heading_goes_to_the_year_whose_theme_it_names() {
        // As the seed prints it: the lone sub-headings and their bullets
        // first, the year and theme lines last.
        let plan = "(2)個人情報の研修\n\n\
            (3)組織風土向上研修\n\n\
            ・個人情報保護の研修\n\n\
            ・職場風土の研修\n\n\
            (1)研修 (1)窓口 (1)案内\n\n\
            《平成27年度》 《平成28年度》 《平成29年度》\n\n\
            【1】窓口 【1】窓口 【1】組織風土の醸成\n";
        let headings = |p: &crate::Parsed| -> Vec<Vec<String>> {
            let Content::MultiYearPlan { themes, .. } = &p.content else {
                panic!("not a multi-year plan: {:?}", p.content)
            };
            themes[0]
                .cells
                .iter()
                .map(|c| c.headings.iter().map(|h| h.title.clone()).collect())
                .collect()
        };
        let p = crate::parse(plan);
        assert_eq!(
            headings(&p)[2],
            ["案内", "個人情報の研修", "組織風土向上研修"]
        );
        let notes: Vec<(Level, DiagnosticCode, String)> = p
            .diagnostics
            .iter()
            .map(|d| (d.level, d.code, d.message.clone()))
            .collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().all(|n| n.1 == DiagnosticCode::OrderByEvidence));
        assert!(notes[0].2.contains("shares 「組織風土」"), "{}", notes[0].2);
        assert!(
            notes[1].2.contains("only year with a (3) and no (2)"),
            "{}",
            notes[1].2
        );
        // A theme that names nothing leaves the sub-headings where they fell,
        // with a warning each.
        let p = crate::parse(&plan.replace("組織風土の醸成", "窓口"));
        assert_eq!(
            headings(&p)[0],
            ["研修", "個人情報の研修", "組織風土向上研修"]
        );
        let warned = p
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::AmbiguousOrder)
            .count();
        assert_eq!(warned, 2);
    }

    /// A call-out about a year the plan does not compare, or words shorter
    /// than the minimum, decide nothing.
    #[test]
    fn claims_need_a_compared_year_and_enough_shared_words() {
        let lines: Vec<Line<'_>> = ["30年度は端末機を設置します。", "29年度は端末を置く。"]
            .map(Line::from)
            .to_vec();
        let years: Vec<FiscalYear> = (27..=29)
            .filter_map(|y| era::fiscal_year(&format!("平成{y}年度"), "平成", &y.to_string()))
            .collect();
        let claims = year_claims(&lines, &years, &[0, 1]);
        assert_eq!(claims.len(), 1);
        assert_eq!(
            (claims[0].year, claims[0].text.as_str()),
            (2, "29年度は端末を置く")
        );
        assert_eq!(
            longest_shared("窓口に端末を置く", &claims[0].text),
            "端末を置く"
        );
    }

    /// The longest shared run, found the plain way (every start in `a`
    /// against every start in `b`): what [`longest_shared`] must agree
    /// with.
    fn longest_shared_plainly(a: &str, b: &str) -> String {
        let a: Vec<char> = a.chars().take(MAX_COMPARED_CHARS).collect();
        let b: Vec<char> = b.chars().take(MAX_COMPARED_CHARS).collect();
        // (length, end in `a`): longest first, then the earliest end.
        let mut best = (0, 0);
        for i in 0..a.len() {
            for j in 0..b.len() {
                let n = a[i..]
                    .iter()
                    .zip(&b[j..])
                    .take_while(|(x, y)| x == y)
                    .count();
                let end = i + n;
                if n > best.0 || (n == best.0 && n > 0 && end < best.1) {
                    best = (n, end);
                }
            }
        }
        a[best.1 - best.0..best.1].iter().collect()
    }

    #[test]
    fn the_longest_shared_run_agrees_with_comparing_every_start() {
        // Texts over small alphabets (long repeats, many ties), over the
        // characters plans use, and beyond the Basic Multilingual Plane
        // (32-bit lanes), of every length up to past the cut.
        let alphabets: [&[char]; 4] = [
            &['a', 'b'],
            &['a', 'b', 'c', 'd'],
            &['窓', '口', 'の', '端', '末', '・', ' ', '1'],
            &['a', '\u{20B9F}', '\u{0B9F}', '\u{1F600}'],
        ];
        let mut seed: u64 = 20_261_201;
        let mut random = move |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        for alphabet in alphabets {
            for round in 0..300 {
                let max = if round < 290 { 40 } else { 400 };
                let mut text = || -> String {
                    let len = random(max);
                    (0..len).map(|_| alphabet[random(alphabet.len())]).collect()
                };
                let (a, b) = (text(), text());
                assert_eq!(
                    longest_shared(&a, &b),
                    longest_shared_plainly(&a, &b),
                    "{a:?} {b:?}"
                );
            }
        }
        assert_eq!(longest_shared("", "abc"), "");
        assert_eq!(longest_shared("abcXabcd", "zabcdz"), "abcd");
        // Of two runs as long, the one that ends first in `a`.
        assert_eq!(longest_shared("xyQab", "abQxy"), "xy");
    }

    /// A per-year sub-heading line out of year order is settled by the
    /// numbers when one year alone runs to the number before.
    #[test]
    fn sub_heading_numbers_settle_a_line_out_of_order() {
        let heading = |k| PlanHeading {
            marker: format!("({k})"),
            number: Some(k),
            title: String::new(),
            items: Vec::new(),
            lines: span(0, 0),
        };
        let column = |ks: &[u32]| {
            let mut column = Column {
                theme: None,
                headings: Vec::new(),
                numbers: HashMap::new(),
                items: Vec::new(),
            };
            for &k in ks {
                column.add(heading(k));
            }
            column
        };
        let columns = [column(&[1, 2]), column(&[]), column(&[])];
        assert_eq!(
            by_numbering(&columns, &[1, 1, 3], 3),
            Some((vec![1, 2, 0], vec![2]))
        );
        // Two years run to (2): nothing is settled.
        let columns = [column(&[1, 2]), column(&[1, 2]), column(&[])];
        assert_eq!(by_numbering(&columns, &[1, 3, 3], 3), None);
    }

    /// The cells of every theme: (fiscal year, title, items by marker and
    /// text).
    fn cells_of(p: &crate::Parsed) -> Vec<(i32, String, Vec<String>)> {
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("not a multi-year plan: {:?}", p.content)
        };
        themes
            .iter()
            .flat_map(|t| &t.cells)
            .map(|c| {
                let items = c
                    .headings
                    .iter()
                    .flat_map(|h| &h.items)
                    .chain(&c.items)
                    .map(|i| format!("{}{}", i.marker.as_deref().unwrap_or(""), i.text))
                    .collect();
                (c.fiscal_year, c.title.clone(), items)
            })
            .collect()
    }

    /// helper-133: a theme line after every year has its theme had
    /// overwritten the last year's, text lost and coverage 1.0; it is left
    /// unassigned, said. A plan renumbered between years, its cells on
    /// lines one under another (`【2】…` / `【2】…` / `【1】…`), is read
    /// unsaid.
    #[test]
    fn theme_cells_past_the_years_are_left_unassigned() {
        let p = crate::parse(
            "《令和５年度》 《令和６年度》\n\n【１】防災訓練\n\n【２】防災マップ\n\n【３】避難所\n",
        );
        assert_eq!(
            cells_of(&p)
                .into_iter()
                .map(|(year, title, _)| (year, title))
                .collect::<Vec<_>>(),
            [(2023, "防災訓練".into()), (2024, "防災マップ".into())]
        );
        let unassigned: Vec<&str> = p.unassigned.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(unassigned, ["【3】避難所"]);
        assert_eq!(p.coverage.chars_accounted, p.coverage.chars_in);
        assert!(p.diagnostics.iter().any(|d| {
            d.code == DiagnosticCode::AmbiguousOrder && d.message.contains("left unassigned")
        }));
        let p = crate::parse(
            "《令和４年度》 《令和５年度》 《令和６年度》\n\n【２】防犯対策\n\n\
             【２】防犯対策\n\n【１】防犯対策\n",
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    /// helper-135: a flag before a theme's or a sub-heading's first marker
    /// (`【重点】【1】…`, `(新) (1)…`) had been dropped, coverage 1.0: it is
    /// printed in the first cell's marker.
    #[test]
    fn text_before_a_lines_first_marker_is_kept() {
        let p = crate::parse(
            "《令和５年度》 《令和６年度》\n\n【重点】【１】防災訓練の実施 【１】防災訓練の充実\n\n\
             (新) (1)地域の訓練 (1)地域の訓練\n\n・年2回の訓練を実施\n\n・年3回の訓練を実施\n",
        );
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("not a multi-year plan: {:?}", p.content)
        };
        assert_eq!(themes[0].cells[0].marker, "【重点】【1】");
        assert_eq!(themes[0].cells[0].title, "防災訓練の実施");
        assert_eq!(themes[0].cells[0].headings[0].marker, "(新) (1)");
        assert_eq!(p.coverage.chars_accounted, p.coverage.chars_in);
        assert!(p.unassigned.is_empty(), "{:?}", p.unassigned);
    }

    /// rev76 my12, my18: items listed with circled numbers or `○` (in a
    /// plan that lists with no `・`) are a year's items, not a call-out's
    /// note; an indented line under one is its note.
    #[test]
    fn circled_and_round_bullets_list_a_years_items() {
        for (first, second) in [("①", "②"), ("○", "○")] {
            let plan = format!(
                "《令和3年度》 《令和4年度》\n\n\
                 【1】区民協働 【1】区民協働\n\n\
                 (1)区政会議 (1)区政会議\n\n\
                 {first}区政会議の開催\n{second}部会の開催\n オンライン\n\n\
                 {first}区政会議の開催(年4回)\n\n\
                 区政会議\n 区民の意見を反映します。\n"
            );
            let p = crate::parse(&plan);
            assert_eq!(
                cells_of(&p),
                [
                    (
                        2021,
                        "区民協働".to_owned(),
                        vec![
                            format!("{first}区政会議の開催"),
                            format!("{second}部会の開催\nオンライン")
                        ]
                    ),
                    (
                        2022,
                        "区民協働".to_owned(),
                        vec![format!("{first}区政会議の開催(年4回)")]
                    ),
                ],
                "{first}"
            );
            let Content::MultiYearPlan { themes, .. } = &p.content else {
                unreachable!()
            };
            assert_eq!(
                themes[0].notes[0].text,
                "区政会議\n区民の意見を反映します。"
            );
        }
    }

    /// rev80 m04: a `※` note between a theme's sub-headings — set apart by
    /// blank lines, or right over the next sub-heading row — leaves the
    /// theme whole: each year keeps its second sub-heading and its items,
    /// and the note is the theme's. A title right above the year header
    /// that names no year is the plan's title, not a theme.
    #[test]
    fn a_note_between_sub_headings_leaves_the_theme_whole() {
        for gap in ["\n\n", "\n"] {
            let plan = format!(
                "区役所運営方針　取組の推移(川崎区)\n\n\
                 《令和元年度》 《令和2年度》\n\n\
                 【1】防災力の向上 【1】防災力の向上\n\n\
                 (1)防災訓練 (1)防災訓練\n\n\
                 ・総合防災訓練\n\n\
                 ・避難所開設訓練\n\n\
                 ※令和2年度は縮小しました。{gap}\
                 (2)防災啓発 (2)防災啓発\n\n\
                 ・防災マップの配布\n\n\
                 ・防災講座の開催\n"
            );
            let p = crate::parse(&plan);
            let Content::MultiYearPlan { themes, .. } = &p.content else {
                panic!("not a multi-year plan: {:?}", p.content)
            };
            assert_eq!(themes.len(), 1, "{gap:?}");
            let headings: Vec<Vec<(String, Vec<String>)>> = themes[0]
                .cells
                .iter()
                .map(|c| {
                    c.headings
                        .iter()
                        .map(|h| {
                            (
                                h.title.clone(),
                                h.items.iter().map(|i| i.text.clone()).collect(),
                            )
                        })
                        .collect()
                })
                .collect();
            let year = |first: &str, second: &str| {
                vec![
                    ("防災訓練".to_owned(), vec![first.to_owned()]),
                    ("防災啓発".to_owned(), vec![second.to_owned()]),
                ]
            };
            assert_eq!(
                headings,
                [
                    year("総合防災訓練", "防災マップの配布"),
                    year("避難所開設訓練", "防災講座の開催")
                ],
                "{gap:?}"
            );
            assert_eq!(themes[0].notes.len(), 1, "{gap:?}");
            assert_eq!(themes[0].notes[0].text, "※令和2年度は縮小しました。");
            // A call-out's sentence that opens with a number is its own
            // (review of rev84).
            let sentence = plan.replace(
                "※令和2年度は縮小しました。",
                "窓口の混雑緩和に向けて\n(3)番号案内表示を導入します。",
            );
            let p = crate::parse(&sentence);
            let Content::MultiYearPlan { themes, .. } = &p.content else {
                unreachable!()
            };
            assert!(
                themes[0]
                    .notes
                    .iter()
                    .any(|n| n.text.contains("(3)番号案内表示を導入します。")),
                "{gap:?}: {:?}",
                themes[0].notes
            );
            assert_eq!(
                p.metadata.title.as_deref(),
                Some("区役所運営方針　取組の推移(川崎区)")
            );
            assert!(p.diagnostics.is_empty(), "{gap:?}: {:?}", p.diagnostics);
        }
    }

    /// rev76 my08, my11: a theme under a header of its own keeps to the
    /// years that header names: one year alone, or a second plan's years,
    /// which the plan's years then list too.
    #[test]
    fn a_groups_own_header_names_its_years() {
        let plan = "《令和3年度》 《令和4年度》\n\n\
             【1】窓口 【1】窓口\n\n\
             ・研修(年2回)\n\n\
             ・研修(年3回)\n\n\
             窓口\n 研修を続けます。\n\n\
             《令和4年度》\n\n\
             【2】デジタル化(新規)\n\n\
             ・オンライン申請\n\n\
             デジタル化\n 新たに取り組みます。\n\n\
             《令和5年度》 《令和6年度》\n\n\
             【1】窓口 【1】窓口\n\n\
             ・研修(年4回)\n\n\
             ・研修(年5回)\n";
        let p = crate::parse(plan);
        let years: Vec<i32> = cells_of(&p).iter().map(|c| c.0).collect();
        assert_eq!(years, [2021, 2022, 2022, 2023, 2024]);
        assert_eq!(cells_of(&p)[2].2, ["・オンライン申請"].map(String::from));
        let Content::MultiYearPlan { years, .. } = &p.content else {
            unreachable!()
        };
        let years: Vec<i32> = years.iter().map(|y| y.gregorian).collect();
        assert_eq!(years, [2021, 2022, 2023, 2024]);
        assert_eq!(p.metadata.fiscal_year.map(|y| y.gregorian), Some(2021));
    }

    /// rev76 my16: a page number where a page broke is the page's, not a
    /// call-out's note, and does not part a theme's blocks.
    #[test]
    fn a_page_number_is_no_note() {
        let plan = "《令和3年度》 《令和4年度》\n\n\
             【1】窓口 【1】窓口\n\n\
             (1)接遇 (1)接遇\n\n\
             ・研修(年2回)\n\n\
             - 2 -\n\n\
             ・研修(年3回)\n\n\
             窓口\n 研修を続けます。\n";
        let p = crate::parse(plan);
        assert_eq!(
            cells_of(&p).iter().map(|c| c.2.clone()).collect::<Vec<_>>(),
            [["・研修(年2回)"], ["・研修(年3回)"]].map(|v| v.map(String::from).to_vec())
        );
        let Content::MultiYearPlan {
            themes,
            page_furniture,
            ..
        } = &p.content
        else {
            unreachable!()
        };
        assert_eq!(page_furniture.len(), 1);
        assert_eq!(page_furniture[0].text, "- 2 -");
        assert_eq!(page_furniture[0].lines, LineSpan::line(9));
        assert_eq!(themes[0].notes.len(), 1);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    /// rev78 my21, my28, my31: a header printing the Western year beside
    /// the era's (`《令和4(2022)年度》`) is a year header; a `☆` before an
    /// item's text flags it as one after it does; the title line is the
    /// plan's title, and printed again at a page's head it is furniture,
    /// not a call-out's note.
    #[test]
    fn western_years_leading_flags_and_a_repeated_title() {
        let plan = "令和5年度 淀川区 区役所サービス向上の取組(比較表)\n\n\
             《令和4(2022)年度》 《令和5年度(2023年度)》\n\n\
             【1】窓口 【1】窓口\n\n\
             (1)接遇 (1)接遇\n\n\
             ・接遇研修\n\n\
             ・☆電話応対研修\n・接遇研修 ☆\n\n\
             接遇\n 全職員を対象に実施します。\n\n\
             - 1 -\n\
             令和5年度 淀川区 区役所サービス向上の取組(比較表)\n";
        let p = crate::parse(plan);
        assert_eq!(p.layout.name, LayoutName::MultiYearPlan);
        let Content::MultiYearPlan {
            years,
            themes,
            page_furniture,
            ..
        } = &p.content
        else {
            panic!("{:?}", p.content)
        };
        let years: Vec<i32> = years.iter().map(|y| y.gregorian).collect();
        assert_eq!(years, [2022, 2023]);
        let items: Vec<(&str, bool)> = themes[0].cells[1].headings[0]
            .items
            .iter()
            .map(|i| (i.text.as_str(), i.new))
            .collect();
        assert_eq!(items, [("電話応対研修", true), ("接遇研修", true)]);
        assert_eq!(
            p.metadata.title.as_deref(),
            Some("令和5年度 淀川区 区役所サービス向上の取組(比較表)")
        );
        let furniture: Vec<usize> = page_furniture.iter().map(|f| f.lines.start).collect();
        assert_eq!(furniture, [17, 18]);
        assert_eq!(themes.len(), 1);
        assert_eq!(themes[0].notes.len(), 1);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    /// helper-86 review: in a plan that lists with `・`, a call-out opening
    /// with `○` stays a call-out; a group's header split around its theme
    /// line names all its years; a legend first is no title.
    #[test]
    fn round_callouts_split_headers_and_legends() {
        let plan = "☆印は新規・拡充の取組\n\n\
             《平成27年度》 《平成28年度》\n\n\
             【1】窓口 【1】窓口\n\n\
             《平成29年度》\n\n\
             (1)接遇 (1)接遇 (1)接遇\n\n\
             ・研修(年2回)\n\n・研修(年3回)\n\n・研修(年4回)\n\n\
             ○区民アンケートの結果\n 満足度は向上しました。\n";
        let p = crate::parse(plan);
        let years: Vec<(i32, Vec<String>)> = cells_of(&p).into_iter().map(|c| (c.0, c.2)).collect();
        // (The header's last year, under the theme row, is the same
        // header's, not the next theme's.)
        assert_eq!(
            years,
            [
                (2015, vec!["・研修(年2回)".to_owned()]),
                (2016, vec!["・研修(年3回)".to_owned()]),
                (2017, vec!["・研修(年4回)".to_owned()]),
            ]
        );
        assert!(
            p.diagnostics.iter().all(|d| d.level < Level::Warning),
            "{:?}",
            p.diagnostics
        );
        assert_eq!(p.metadata.title, None);
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            unreachable!()
        };
        let notes: Vec<&str> = themes
            .iter()
            .flat_map(|t| &t.notes)
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(
            notes,
            [
                "☆印は新規・拡充の取組",
                "○区民アンケートの結果\n満足度は向上しました。"
            ]
        );
    }

    /// helper-133's my01 and my17, read in order: the year header printed
    /// again over the second theme had left the second theme's row
    /// unassigned and its sub-headings and items in the first theme's
    /// years; a sub-heading row whose cells wrapped onto a line of their
    /// own (`…快適な窓口` / `サービスの提供`) had been read as a call-out,
    /// the bullets under it as no year's. Both `partial` before; the wrap
    /// is said still (a word printed under each year's cell alike, `継続
    /// 継続`, prints so too: helper-145's a02).
    #[test]
    fn a_repeated_year_header_starts_a_theme_and_sub_heading_rows_wrap() {
        let plan = "《令和４年度》 《令和５年度》\n\n\
             【１】窓口サービスの向上 【１】窓口サービスの向上\n\n\
             （１）区民の利便性向上に向けた快適な窓口 （１）区民の利便性向上に向けた快適な窓口\n\
             サービスの提供 サービスの提供\n\n\
             ・接遇研修の実施（年２回）\n\n・接遇研修の実施（年３回）\n\n\
             《令和４年度》 《令和５年度》\n\n\
             【２】積極的な情報発信 【２】積極的な情報発信の推進\n\n\
             （１）広報紙の充実 （１）広報紙の充実\n\n\
             ・広報紙の全戸配布\n\n・SNSによる情報発信\n";
        let p = crate::parse(plan);
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("not a multi-year plan: {:?}", p.content)
        };
        // Each cell: its theme's number, year, title, and each sub-heading
        // with its count of items.
        let read: Vec<String> = themes
            .iter()
            .flat_map(|t| t.cells.iter().map(move |c| (t, c)))
            .map(|(t, c)| {
                let headings: Vec<String> = c
                    .headings
                    .iter()
                    .map(|h| format!("{}{}: {}", h.marker, h.title, h.items.len()))
                    .collect();
                format!(
                    "{} {} {} {}",
                    t.number,
                    c.fiscal_year,
                    c.title,
                    headings.join(" ")
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                "1 2022 窓口サービスの向上 (1)区民の利便性向上に向けた快適な窓口サービスの提供: 1",
                "1 2023 窓口サービスの向上 (1)区民の利便性向上に向けた快適な窓口サービスの提供: 1",
                "2 2022 積極的な情報発信 (1)広報紙の充実: 1",
                "2 2023 積極的な情報発信の推進 (1)広報紙の充実: 1",
            ]
        );
        let items: Vec<Vec<String>> = cells_of(&p).into_iter().map(|c| c.2).collect();
        assert_eq!(
            items,
            [
                vec!["・接遇研修の実施(年2回)"],
                vec!["・接遇研修の実施(年3回)"],
                vec!["・広報紙の全戸配布"],
                vec!["・SNSによる情報発信"],
            ]
        );
        // The wrapped row's two lines are the sub-headings' lines.
        let first = &themes[0].cells[0].headings[0];
        assert_eq!((first.lines.start, first.lines.end), (5, 6));
        assert!(p.unassigned.is_empty(), "{:?}", p.unassigned);
        assert_one_order_warning(
            &p,
            span(4, 5),
            "line 6 under the sub-heading row is read as its cells' wrap",
        );
        assert_eq!(p.coverage.chars_accounted, p.coverage.chars_in);
    }

    /// Lines under a row are its cells' wraps only where the cells are
    /// alike and so are the line's parts, one per cell (helper-144: a note
    /// of two words, the next page's title or year header, one cell's wrap
    /// holding a space had been cut into parts, one to each cell, `ok`).
    #[test]
    fn only_alike_parts_wrap_alike_cells() {
        let block = |row: &str, under: &str| {
            let text = format!("{row}\n{under}");
            let lines: Vec<Line<'_>> = crate::normalize_lines(&text);
            wrapped_row(&lines, &[0, 1], &HEADING).map(|cells| {
                cells
                    .into_iter()
                    .map(|(marker, _, title)| format!("{marker}{title}"))
                    .collect::<Vec<_>>()
            })
        };
        let row = "（１）快適な窓口 （１）快適な窓口";
        assert_eq!(
            block(row, "サービスの提供 サービスの提供"),
            Some(vec![
                "(1)快適な窓口サービスの提供".to_owned(),
                "(1)快適な窓口サービスの提供".to_owned()
            ])
        );
        assert_eq!(block(row, "サービスの提供"), None);
        assert_eq!(block(row, "サービスの 提供 です"), None);
        assert_eq!(block(row, "※ 詳細は別紙のとおり"), None);
        assert_eq!(block(row, "《令和5年度》 《令和6年度》"), None);
        // Alike parts, but a note's or a new page's.
        assert_eq!(block(row, "※実績 ※実績"), None);
        assert_eq!(block(row, "注1 注1"), None);
        assert_eq!(block(row, "\u{c}取組内容 取組内容"), None);
        // (A word opening with 注 is no note's mark.)
        assert_eq!(
            block(row, "注意喚起 注意喚起"),
            Some(vec![
                "(1)快適な窓口注意喚起".to_owned(),
                "(1)快適な窓口注意喚起".to_owned()
            ])
        );
        assert_eq!(block(row, "・研修 ・研修"), None);
        assert_eq!(block(row, "（２）相談 （２）相談"), None);
        assert_eq!(
            block("（１）窓口サービス （１）待ち時間の短縮", "の提供 の提供"),
            None
        );
    }

    /// helper-144's p17 and p21: a row over a line that is no wrap of all
    /// its cells alike goes on with one of them, which the text does not
    /// say — kept in the last cell, and said; the year header printed again
    /// at a page's head inside a theme (p45) is no new theme's.
    #[test]
    fn a_wrap_of_one_cell_is_said_and_a_page_head_header_is_no_theme() {
        let p = crate::parse(
            "《令和５年度》 《令和６年度》\n\n\
             【１】区民に信頼される職員の育成およ 【１】窓口サービスの向上\n\
             び組織風土の醸成\n\n\
             （１）ＩＣＴを活用した窓口サービス （１）待ち時間の短縮\n\
             の提供\n\n\
             ・接遇研修の実施\n\n・呼出システムの導入\n",
        );
        let said: Vec<(Level, DiagnosticCode, Option<LineSpan>)> = notes(&p);
        assert_eq!(
            said,
            [
                (
                    Level::Warning,
                    DiagnosticCode::AmbiguousOrder,
                    Some(span(2, 3))
                ),
                (
                    Level::Warning,
                    DiagnosticCode::AmbiguousOrder,
                    Some(span(5, 6))
                ),
            ]
        );
        assert!(
            p.diagnostics[0]
                .message
                .contains("line 4 under the theme row")
        );
        assert!(
            p.diagnostics[1]
                .message
                .contains("line 7 under the sub-heading row")
        );
        assert_eq!(p.coverage.chars_accounted, p.coverage.chars_in);

        let p = crate::parse(
            "《令和５年度》 《令和６年度》\n\n【１】窓口サービスの向上 【１】窓口サービスの向上\n\n\
             （１）接遇 （１）接遇\n\n・研修(年2回)\n\n・研修(年3回)\n\n－ １ －\n\n\
             《令和５年度》 《令和６年度》\n\n（２）待ち時間 （２）待ち時間\n\n\
             ・番号札\n\n・呼出システム\n",
        );
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("not a multi-year plan: {:?}", p.content)
        };
        assert_eq!(themes.len(), 1);
        let items: Vec<Vec<String>> = cells_of(&p).into_iter().map(|c| c.2).collect();
        assert_eq!(
            items,
            [
                vec!["・研修(年2回)", "・番号札"],
                vec!["・研修(年3回)", "・呼出システム"]
            ]
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    /// helper-133's ng06: minutes' agenda items (`【1】防災訓練について`
    /// over `委員：参加者が少ない。`) under a line naming two years had been
    /// read as one theme's two years, `ok`: a theme row's lines end no
    /// sentence, and one that does is said.
    /// (And remarks quoted whole, helper-145's e06.)
    #[test]
    fn sentences_under_a_theme_row_are_said() {
        for (opens, closes) in [("：", ""), ("「", "」")] {
            let p = crate::parse(&format!(
                "《令和５年度》 《令和６年度》\n\n【１】防災訓練について\n\
                 委員{opens}参加者が少ない。{closes}\n事務局{opens}周知方法を見直す。{closes}\n\n\
                 【２】防災マップについて\n委員{opens}外国語版を作成してほしい。{closes}\n",
            ));
            let said: Vec<(Level, DiagnosticCode, Option<LineSpan>)> = notes(&p);
            assert_eq!(
                said,
                [
                    (
                        Level::Warning,
                        DiagnosticCode::AmbiguousOrder,
                        Some(span(2, 4))
                    ),
                    (
                        Level::Warning,
                        DiagnosticCode::AmbiguousOrder,
                        Some(span(6, 7))
                    ),
                ],
                "{opens}"
            );
            assert!(
                p.diagnostics[0]
                    .message
                    .contains("line 4 under the theme row ends a sentence")
            );
        }
    }

    /// helper-145's f01 and d16: a call-out whose first line opens with two
    /// numbers over a note (`（１）窓口満足度９５％ （２）平均待ち時間１０分`
    /// / `※いずれも…`) stays a note, not a sub-heading row; a theme row of
    /// one cell under a header naming two years, a theme new in one of them,
    /// is read as the first year's and said (it had been the first year's,
    /// `ok`).
    #[test]
    fn a_numbered_note_stays_a_note_and_a_short_theme_row_is_said() {
        let p = crate::parse(
            "《令和５年度》 《令和６年度》\n\n【１】窓口 【１】窓口\n\n（１）接遇 （１）接遇\n\n\
             ・研修(年3回)\n\n・研修(年4回)\n\n\
             （１）窓口満足度９５％ （２）平均待ち時間１０分\n※いずれも令和５年度の実績\n\n\
             《令和５年度》 《令和６年度》\n\n【２】区役所ＤＸの推進\n\n（１）オンライン申請\n\n\
             ・電子申請の拡充\n",
        );
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("not a multi-year plan: {:?}", p.content)
        };
        let notes_of: Vec<&str> = themes[0].notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            notes_of,
            ["(1)窓口満足度95% (2)平均待ち時間10分\n※いずれも令和5年度の実績"]
        );
        assert_second_theme_first_years_and_said(&p, 15);
    }

    /// Of a plan of two years, the second theme has a cell for the first
    /// year only, and the one warning says that its row at line `at`
    /// (0-based) has one of two.
    fn assert_second_theme_first_years_and_said(p: &crate::Parsed, at: usize) {
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("not a multi-year plan: {:?}", p.content)
        };
        let years: Vec<Vec<i32>> = themes
            .iter()
            .map(|t| t.cells.iter().map(|c| c.fiscal_year).collect())
            .collect();
        assert_eq!(years, [vec![2023, 2024], vec![2023]]);
        assert_one_order_warning(p, span(at, at), "cells for 1 of the 2 years");
    }

    /// helper-146's q03: a second theme of one cell printed after the first
    /// theme's call-out, under no header of its own: under the plan's
    /// header of two years it is a theme new in one of them, which the text
    /// does not say. Read as the first year's, as before, and said (it had
    /// been `ok`); a second theme of a cell for every year is not.
    #[test]
    fn a_short_theme_row_under_the_plans_header_is_said() {
        let plan = |second: &str| {
            crate::parse(&format!(
                "《令和５年度》 《令和６年度》\n\n【１】窓口 【１】窓口\n\n\
                 （１）接遇 （１）接遇\n\n・研修(年3回)\n\n・研修(年4回)\n\n\
                 ○区政会議のご意見\n待ち時間が長いとの意見をいただきました。\n\n\
                 {second}\n\n（１）オンライン申請\n\n・電子申請の拡充\n"
            ))
        };
        assert_second_theme_first_years_and_said(&plan("【２】区役所ＤＸの推進"), 13);
        let full = plan("【２】区役所ＤＸの推進 【２】区役所ＤＸの推進");
        assert!(notes(&full).is_empty(), "{:?}", full.diagnostics);
    }

    /// helper-145's e01: minutes' agenda items under a line naming two years
    /// read as one theme's two years, `【1】` the first's and `【2】` the
    /// second's: said, as their titles share nothing, nor their sub-headings.
    /// A theme the plan renumbered, its title reworded (`【2】防災訓練の実施` /
    /// `【1】防災訓練の充実`, or whole over the same sub-headings) or of kana
    /// only, is not.
    #[test]
    fn theme_cells_of_two_numbers_and_titles_are_said() {
        let minutes = crate::parse(
            "《令和５年度》 《令和６年度》\n\n【１】防災訓練について\n\
             委員：参加者が少ないので周知方法の工夫が必要\n事務局：区広報紙で周知する予定\n\n\
             【２】地域福祉の推進について\n委員：見守り活動の担い手不足が課題\n\
             事務局：担い手の育成講座を開催予定\n",
        );
        assert_one_order_warning(
            &minutes,
            span(6, 8),
            "【2】 carry different numbers and titles, and no sub-heading",
        );
        // Renumbered: the title reworded, reworded whole over the same
        // sub-headings (helper-148's t01), or of kana only (its t02).
        for themes in [
            "【２】防災訓練の実施 【１】防災訓練の充実",
            "【２】わかりやすい情報発信 【１】分かりやすい広報",
            "【２】おもてなし 【１】おもてなし",
        ] {
            let renumbered = crate::parse(&format!(
                "《令和５年度》 《令和６年度》\n\n{themes}\n\n\
                 (1)地域の訓練 (1)地域の訓練\n\n・年2回の訓練を実施\n\n・年3回の訓練を実施\n"
            ));
            assert!(
                notes(&renumbered).is_empty(),
                "{:?}",
                renumbered.diagnostics
            );
        }
    }

    /// helper-146's q21: a note right under a sub-heading row printed for
    /// every year had made the row and the note one call-out, the row's
    /// bullets a theme of no number's, `ok`; the note is the theme's, the
    /// bullets the sub-heading's.
    #[test]
    fn a_note_under_a_sub_heading_row_leaves_it_a_row() {
        let p = crate::parse(
            "《令和５年度》 《令和６年度》\n\n【１】窓口 【１】窓口\n\n\
             （１）接遇 （１）接遇\n※令和６年度から拡充\n\n・研修(年3回)\n\n・研修(年4回)\n",
        );
        let Content::MultiYearPlan { themes, .. } = &p.content else {
            panic!("not a multi-year plan: {:?}", p.content)
        };
        assert_eq!(themes.len(), 1);
        let notes_of: Vec<&str> = themes[0].notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes_of, ["※令和6年度から拡充"]);
        let items: Vec<Vec<String>> = cells_of(&p).into_iter().map(|c| c.2).collect();
        assert_eq!(items, [vec!["・研修(年3回)"], vec!["・研修(年4回)"]]);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert!(is_year_by_year_row("(1)接遇 (1)接遇"));
        assert!(!is_year_by_year_row("(1)満足度95% (2)待ち時間10分"));
        assert!(!is_year_by_year_row("(1)接遇"));
    }
}
