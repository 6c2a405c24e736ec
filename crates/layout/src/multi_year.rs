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
//!   under the sub-headings of the nearest per-year sub-heading line.

use std::collections::VecDeque;

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::join_wrapped;

use crate::Line;
use crate::common::era;
use crate::common::ledger::{Ledger, span};
use crate::model::{
    Content, Diagnostic, DiagnosticCode, FiscalYear, Fragment, LayoutName, Level, LineSpan,
    PlanHeading, PlanItem, Theme, ThemeCell,
};
use crate::recognizer::{Recognizer, Score, Sheet};

/// Year headers and themes together leave little doubt.
const CONFIDENCE: f64 = 0.9;

/// A year header cell, `《平成27年度》` (any era; [`era`] checks the name).
static YEAR: Lazy<Regex> = lazy_regex!(r"《\s*(\p{Han}{2})\s*(元|\d{1,2})\s*年度\s*》");
static THEME: Lazy<Regex> = lazy_regex!(r"【(\d{1,2})】");
static HEADING: Lazy<Regex> = lazy_regex!(r"(?:^|\s)\((\d{1,2})\)");

/// Multi-year comparison tables, flattened column by column.
pub(crate) struct MultiYearPlan;

impl Recognizer for MultiYearPlan {
    fn name(&self) -> LayoutName {
        LayoutName::MultiYearPlan
    }

    /// Year headers naming several years, and numbered themes.
    fn score(&self, lines: &[Line<'_>]) -> Score {
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
            Score::new(CONFIDENCE, evidence)
        } else {
            Score::new(0.0, evidence)
        }
    }

    fn parse(
        &self,
        lines: &[Line<'_>],
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet {
        let blocks = classify(lines);
        let mut years: Vec<FiscalYear> = Vec::new();
        let mut year_headers = Vec::new();
        for block in &blocks {
            if let Block::Years(idx) = block {
                for &i in idx {
                    let text = lines[i].trim().to_owned();
                    ledger.claim([i], &text);
                    year_headers.push(Fragment {
                        text,
                        lines: span(i, i),
                    });
                }
                if years.is_empty() {
                    years = idx.iter().flat_map(|&i| read_years(&lines[i])).collect();
                }
            }
        }
        let n = years.len().max(1);
        let mut themes = Vec::new();
        for group in groups(blocks) {
            themes.push(parse_group(lines, ledger, diagnostics, &group, &years, n));
        }
        let metadata_text = year_headers
            .first()
            .map(|f| f.text.clone())
            .unwrap_or_default();
        Sheet {
            title: None,
            metadata_text,
            content: Content::MultiYearPlan {
                years,
                year_headers,
                themes,
            },
        }
    }
}

#[derive(Debug)]
enum Block {
    Years(Vec<usize>),
    Theme(Vec<usize>),
    Headings(usize),
    Bullets(Vec<usize>),
    Callout(Vec<usize>),
}

fn classify(lines: &[Line<'_>]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<usize> = Vec::new();
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
            Block::Years(block)
        } else if first.starts_with('【') && THEME.is_match(first) {
            Block::Theme(block)
        } else if block.len() == 1 && first.starts_with('(') && HEADING.is_match(first) {
            Block::Headings(block[0])
        } else if first.starts_with('・') {
            Block::Bullets(block)
        } else {
            Block::Callout(block)
        });
    };
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            flush(&mut current, &mut blocks);
        } else {
            current.push(i);
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// Splits a line at its markers (`【1】`, `(1)`) into (marker, number, text)
/// cells.
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
            (
                text[start..end].to_owned(),
                n,
                text[end..stop].trim().to_owned(),
            )
        })
        .collect()
}

struct Group {
    blocks: Vec<Block>,
}

fn groups(blocks: Vec<Block>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut current: Vec<Block> = Vec::new();
    let mut after_callout = false;
    for block in blocks {
        let callout = matches!(block, Block::Callout(_));
        if after_callout && !callout && !current.is_empty() {
            out.push(Group {
                blocks: std::mem::take(&mut current),
            });
        }
        after_callout = callout;
        current.push(block);
    }
    if !current.is_empty() {
        out.push(Group { blocks: current });
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
    items: Vec<PlanItem>,
}

fn read_years(line: &str) -> Vec<FiscalYear> {
    YEAR.captures_iter(line)
        .filter_map(|c| {
            let printed = c.get(0)?.as_str().trim_matches(['《', '》']).trim();
            era::fiscal_year(printed, c.get(1)?.as_str(), c.get(2)?.as_str())
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
    fn push_heading(&mut self, marker: String, number: u32, title: String, line: usize) -> usize {
        self.headings.push(PlanHeading {
            marker,
            number: Some(number),
            title,
            items: Vec::new(),
            lines: span(line, line),
        });
        self.headings.len() - 1
    }
}

fn parse_group(
    lines: &[Line<'_>],
    ledger: &mut Ledger<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    group: &Group,
    years: &[FiscalYear],
    n: usize,
) -> Theme {
    let mut columns: Vec<Column> = (0..n)
        .map(|_| Column {
            theme: None,
            headings: Vec::new(),
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

    // `None` ends the group, closing the last run of bullets.
    for block in group.blocks.iter().map(Some).chain([None]) {
        if !matches!(block, Some(Block::Bullets(_))) {
            close_run(
                &mut Run {
                    lines,
                    years,
                    n,
                    per_year: &per_year,
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
            Block::Years(_) => {}
            Block::Theme(idx) => {
                let texts: Vec<&str> = idx.iter().map(|&i| lines[i].trim()).collect();
                let joined = join_wrapped(&texts);
                ledger.claim(idx.iter().copied(), &joined);
                for (marker, num, title) in cells(&joined, &THEME) {
                    number = num.to_string();
                    let y = next_theme_column.min(n - 1);
                    if next_theme_column >= n {
                        diagnostics.push(Diagnostic::at_lines(
                            Level::Warning,
                            DiagnosticCode::AmbiguousOrder,
                            format!("more theme cells than years; {marker}{title} is put in the last column"),
                            span(idx[0], idx[idx.len() - 1]),
                        ));
                    }
                    columns[y].theme = Some(Cell {
                        marker,
                        title,
                        lines: span(idx[0], idx[idx.len() - 1]),
                    });
                    last_theme_column = Some(y);
                    next_theme_column += 1;
                }
            }
            Block::Headings(i) => {
                let text = lines[*i].trim();
                ledger.claim([*i], text);
                let found = cells(text, &HEADING);
                let lacks = |columns: &[Column], y: usize, k: u32| {
                    columns[y].headings.iter().all(|h| h.number != Some(k))
                };
                if found.len() == 1 {
                    let (marker, k, title) = found.into_iter().next().unwrap_or_default();
                    let candidates: Vec<usize> =
                        (0..n).filter(|&y| lacks(&columns, y, k)).collect();
                    let y = match last_theme_column {
                        Some(y) if candidates.contains(&y) => y,
                        _ => {
                            let y = candidates.first().copied().unwrap_or(0);
                            if candidates.len() > 1 {
                                diagnostics.push(Diagnostic::at_lines(
                                    Level::Warning,
                                    DiagnosticCode::AmbiguousOrder,
                                    format!("sub-heading {marker}{title} could belong to any of {} years; put under {}", candidates.len(), year_name(years, y)),
                                    span(*i, *i),
                                ));
                            }
                            y
                        }
                    };
                    let h = columns[y].push_heading(marker, k, title, *i);
                    pending.push_back((y, h));
                    per_year = None;
                } else {
                    let mut slots: Vec<Option<usize>> = vec![None; n];
                    let mut reordered = false;
                    for (pos, (marker, k, title)) in found.into_iter().enumerate() {
                        let free = |y: usize, columns: &[Column], slots: &[Option<usize>]| {
                            slots[y].is_none() && lacks(columns, y, k)
                        };
                        let y = if pos < n && free(pos, &columns, &slots) {
                            pos
                        } else {
                            reordered = true;
                            (0..n)
                                .find(|&y| free(y, &columns, &slots))
                                .unwrap_or(pos.min(n - 1))
                        };
                        slots[y] = Some(columns[y].push_heading(marker, k, title, *i));
                    }
                    if reordered {
                        diagnostics.push(Diagnostic::at_lines(
                            Level::Warning,
                            DiagnosticCode::AmbiguousOrder,
                            "the sub-headings on this line are not in year order; each went to a year that lacked its number".into(),
                            span(*i, *i),
                        ));
                    }
                    for blocks in unresolved.drain(..) {
                        for (y, block) in blocks.into_iter().enumerate() {
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

/// What a run of bullet blocks needs to know about its group.
struct Run<'l> {
    lines: &'l [Line<'l>],
    years: &'l [FiscalYear],
    n: usize,
    per_year: &'l Option<Vec<Option<usize>>>,
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
    let (lines, years, n) = (ctx.lines, ctx.years, ctx.n);
    if run.is_empty() {
        return;
    }
    let blocks = std::mem::take(run);
    if blocks.len() == n {
        match ctx.per_year {
            Some(slots) => {
                for (y, block) in blocks.into_iter().enumerate() {
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

fn read_items(lines: &[Line<'_>], ledger: &mut Ledger<'_>, block: &[usize]) -> Vec<PlanItem> {
    let mut items: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    for &i in block {
        let line = &lines[i];
        match items.last_mut() {
            Some((texts, idx)) if !line.trim_start().starts_with('・') => {
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
            let marker = text.starts_with('・').then(|| "・".to_owned());
            if marker.is_some() {
                text = text['・'.len_utf8()..].trim_start().to_owned();
            }
            let flag = text.trim_end().ends_with('☆').then(|| "☆".to_owned());
            if flag.is_some() {
                text = text.trim_end().trim_end_matches('☆').trim_end().to_owned();
            }
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
}
