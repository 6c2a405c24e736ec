//! The typed layout as a text dump: what the layout parsers score and the
//! outline reads.
//!
//! Each table row becomes one line of tab-separated cells, a merged cell
//! written on its first row (a department cell spanning three rows names
//! the department once, as a text dump does). A cell's own lines are
//! joined: a line that ran to the cell's right edge was wrapped and
//! continues without a break, so a label stacked one character per line
//! reads 対面対応; a line that stopped short ended on purpose and a space
//! marks it. Text lines outside tables follow by height, with a blank line
//! where the gap to the next line is larger than the text and around each
//! table.

use crate::grid::{Block, Cell, MAX_COLUMNS, PageLayout, TextLine};

/// Where a line of the dump came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineOrigin {
    /// 1-based page number.
    pub page: u32,
    /// Bounding box in PDF points: left, bottom, right, top.
    pub bbox: [f64; 4],
    /// For a table row, where it is in the typed layout.
    pub row: Option<RowAt>,
}

/// Where a table row of the dump is in the typed layout the dump was
/// rendered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowAt {
    /// Index of the page in the layout.
    pub page: usize,
    /// Index of the table among the page's blocks.
    pub block: usize,
    /// Index of the row in the table.
    pub row: usize,
}

/// The text of a PDF with, per line, where it came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextDump {
    /// Lines separated by `\n`.
    pub text: String,
    /// One entry per line of `text`; `None` for the blank lines.
    pub origins: Vec<Option<LineOrigin>>,
}

impl TextDump {
    fn push(&mut self, line: &str, origin: Option<LineOrigin>) {
        self.text.push_str(line);
        self.text.push('\n');
        self.origins.push(origin);
    }

    fn blank(&mut self) {
        if self.origins.last().is_some_and(Option::is_some) {
            self.push("", None);
        }
    }
}

/// Turns pages into a text dump (through their typed layout, see
/// [`crate::layout`]).
pub fn to_text(pages: &[crate::Page]) -> TextDump {
    render(&crate::layout(pages))
}

/// Renders a typed layout as a text dump: one line per text line and per
/// table row.
pub fn render(pages: &[PageLayout]) -> TextDump {
    let mut dump = TextDump::default();
    // Each page's text block, found once: a page's run-on test reads the
    // next page's too.
    let margins: Vec<PageMargins> = pages.iter().map(PageMargins::of).collect();
    for (page_index, page) in pages.iter().enumerate() {
        let mut previous_bottom: Option<f64> = None;
        let mut in_table = false;
        // Where the page's text ends before its footer (a page number), and
        // whether a paragraph runs on from there over the break.
        let body_end = page.blocks.len()
            - page
                .blocks
                .iter()
                .rev()
                .take_while(|b| matches!(b, Block::Line(l) if is_folio(&l.text)))
                .count();
        let next = pages.get(page_index + 1).zip(margins.get(page_index + 1));
        let run_on = runs_on(&page.blocks[..body_end], &margins[page_index], next);
        let mut block_index = 0;
        while let Some(block) = page.blocks.get(block_index) {
            match block {
                Block::Line(line) => {
                    let footer = block_index >= body_end;
                    if (in_table
                        || previous_bottom.is_some_and(|p| p - line.top() > line.size * 1.2))
                        && !(run_on && footer)
                    {
                        dump.blank();
                    }
                    in_table = false;
                    let page_margins = &margins[page_index];
                    let indent = |line: &TextLine| page_margins.of_line(line).indent(line);
                    let opening = indent(line);
                    let mut text = "\u{3000}".repeat(opening);
                    text.push_str(&line.text);
                    // An item's lines hang under its text, all as far in
                    // (one to three ems deeper than its mark; an item whose
                    // first line ends a sentence has ended, and an indented
                    // line under it opens a paragraph); a paragraph's
                    // go on no deeper than the line before (its first is
                    // indented, and a block indented whole keeps its indent).
                    let item = opens_item(&line.text);
                    let mut hang: Option<usize> = None;
                    // A column's lines that wrap are one line: a column
                    // narrower than the page's others, or set larger, has
                    // lines shorter than theirs, which the outline took
                    // for a paragraph's last (rev89: `…放置自転車の台` /
                    // `数は…` two paragraphs).
                    let mut bbox = line.bbox;
                    let mut last = line;
                    while block_index + 1 < body_end
                        && let Some(Block::Line(next)) = page.blocks.get(block_index + 1)
                        && page_margins.wraps(last, next)
                        && match (item, hang) {
                            (true, None) => {
                                !stops(&last.text)
                                    && (opening + 1..=opening + 3).contains(&indent(next))
                            }
                            (true, Some(hang)) => indent(next) == hang,
                            (false, _) => indent(next) <= indent(last),
                        }
                    {
                        hang = Some(indent(next));
                        // A space between Latin words wrapped apart; none
                        // after a hyphen (the word's own, or a hyphenated
                        // word's, which keeps it).
                        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_graphic());
                        if latin(text.chars().next_back())
                            && latin(next.text.chars().next())
                            && !text.ends_with('-')
                        {
                            text.push(' ');
                        }
                        text.push_str(&next.text);
                        bbox = [
                            bbox[0].min(next.bbox[0]),
                            bbox[1].min(next.bbox[1]),
                            bbox[2].max(next.bbox[2]),
                            bbox[3].max(next.bbox[3]),
                        ];
                        last = next;
                        block_index += 1;
                    }
                    dump.push(
                        &text,
                        Some(LineOrigin {
                            page: page.number,
                            bbox,
                            row: None,
                        }),
                    );
                    previous_bottom = Some(bbox[1]);
                }
                Block::Table(table) => {
                    dump.blank();
                    in_table = true;
                    let columns = table.columns.len().saturating_sub(1);
                    for (row_index, row) in table.rows.iter().enumerate() {
                        let mut texts = vec![String::new(); columns];
                        for cell in &row.cells {
                            if let Some(text) = texts.get_mut(cell.column) {
                                *text = cell_text(cell);
                            }
                        }
                        dump.push(
                            &texts.join("\t"),
                            Some(LineOrigin {
                                page: page.number,
                                bbox: row.bbox,
                                row: Some(RowAt {
                                    page: page_index,
                                    block: block_index,
                                    row: row_index,
                                }),
                            }),
                        );
                    }
                }
            }
            block_index += 1;
        }
        // A blank line between pages, unless a paragraph runs on over
        // the break (rev87 p01: its two halves were two paragraphs; the
        // page number between them the outline sets aside).
        if !run_on {
            dump.blank();
        }
    }
    dump
}

/// Whether a page's last line of text (before its footer) runs on onto
/// the next page's first: it reaches the right of the page's text block
/// (or its column's) as two more of the page's lines do, ends no
/// sentence, and the next page opens with a line of text starting where
/// it starts (from its column's margin, for a line of a column), three ems either
/// way allowed (a paragraph's hanging first line, `注１　…`, or indented
/// one, whose indent the dump marks anyway; the pages share their margins,
/// though each page's own text block may start elsewhere), that is full
/// too or ends the sentence.
fn runs_on(
    body: &[Block],
    margins: &PageMargins,
    next: Option<(&PageLayout, &PageMargins)>,
) -> bool {
    let Some(Block::Line(last)) = body.last() else {
        return false;
    };
    let Some((next, next_margins)) = next else {
        return false;
    };
    let Some(Block::Line(first)) = next.blocks.first() else {
        return false;
    };
    // Full: it reaches within two ems of the right of the text block as a
    // paragraph's lines do (half-width figures leave a line a little
    // short), three or more of the page's (one line alone sets the block).
    let reaches = |line: &TextLine| {
        horizontal(line) && line.bbox[2] >= margins.of_line(line).right - 2.0 * line.size
    };
    let full_lines = body
        .iter()
        .filter(|b| matches!(b, Block::Line(l) if reaches(l)))
        .count();
    let full = reaches(last) && full_lines >= 3;
    let ends = last
        .text
        .trim_end()
        .ends_with(['。', '．', '.', '：', ':', '」', '）', ')']);
    // The next page's first line: a full line as well, or the end of the
    // sentence (not a heading the page opens with, rev88 t3: an item's
    // last line ending in a noun had run into it).
    let goes_on = first.bbox[2] >= next_margins.of_line(first).right - 2.0 * first.size
        || first.text.trim_end().ends_with(['。', '．', '.']);
    full && !ends
        && horizontal(first)
        && goes_on
        && (next_margins.start(first) - margins.start(last)).abs() <= last.size * 3.0
}

/// Where horizontal lines of text start and end furthest out: a page's
/// text block, or a column's, which a line's indent is counted from.
struct Margins {
    left: f64,
    right: f64,
}

/// A page's margins: its text block's, and on a page set in columns each
/// column's (a line's indent in the right column is counted from that
/// column's margin, not the page's).
struct PageMargins {
    page: Margins,
    /// Per column (in the order of [`TextLine::column`]), its margins.
    columns: Vec<(usize, Margins)>,
}

impl PageMargins {
    fn of(page: &PageLayout) -> PageMargins {
        let lines = || {
            page.blocks.iter().filter_map(|b| match b {
                Block::Line(line) => Some(line),
                Block::Table(_) => None,
            })
        };
        // Each column's lines, in one pass, by column.
        let mut by_column: std::collections::BTreeMap<usize, Vec<&TextLine>> = Default::default();
        for line in lines() {
            if let Some(c) = line.column {
                by_column.entry(c).or_default().push(line);
            }
        }
        PageMargins {
            page: Margins::of(lines()),
            columns: by_column
                .into_iter()
                .map(|(c, lines)| (c, Margins::of(lines.into_iter())))
                .collect(),
        }
    }

    /// Whether `next` is the line `line` wraps onto in a column of the
    /// page: the same column's, with no gap between them a blank line
    /// would mark, or the next column's first after one's last;
    /// `line` reaching within 1.5 of its size of its column's right (a
    /// fifth of the column, for ragged-right Latin text), and
    /// `next` opening no item (`・`, `(1)`, `①`, `場所　`) and full itself
    /// or ending a sentence. (How far in `next` may start is the
    /// caller's.)
    fn wraps(&self, line: &TextLine, next: &TextLine) -> bool {
        let (Some(column), Some(next_column)) = (line.column, next.column) else {
            return false;
        };
        let goes_on = match next_column.checked_sub(column) {
            Some(0) => line.bbox[1] - next.top() <= line.size * 1.2,
            // Columns are numbered from a band's first line's index
            // times `MAX_COLUMNS`, left first: the next in the same band.
            Some(1) => (column + 1) % MAX_COLUMNS != 0,
            _ => false,
        };
        // Ragged-right Latin text ends a fifth of the column short or
        // nearer (`grid` allows every line of a column as much, to tell a
        // column; a join asks more of Japanese text, which is justified).
        let margins = self.of_line(line);
        let reach = if line.text.ends_with(|c: char| c.is_ascii_graphic()) {
            (1.5 * line.size).max((margins.right - margins.left) * 0.2)
        } else {
            1.5 * line.size
        };
        let full = |line: &TextLine| line.bbox[2] >= self.of_line(line).right - reach;
        // A line that is neither full nor the end of a sentence is a
        // heading (`整備の方針` over its paragraph, the next column's
        // `展示のお知らせ`), not the paragraph's rest.
        goes_on && full(line) && !opens_item(&next.text) && (full(next) || stops(&next.text))
    }

    /// Where a line starts, a line of a column as far in from the page's
    /// margin as it is from its column's (the right column's last line
    /// runs on into the next page's left column).
    fn start(&self, line: &TextLine) -> f64 {
        line.bbox[0] - self.of_line(line).left + self.page.left
    }

    /// The margins a line's indent is counted from.
    fn of_line(&self, line: &TextLine) -> &Margins {
        line.column
            .and_then(|c| {
                let at = self.columns.binary_search_by_key(&c, |(k, _)| *k).ok()?;
                self.columns.get(at)
            })
            .map_or(&self.page, |(_, margins)| margins)
    }
}

/// The deepest indent written as ideographic spaces, in ems: further in, a
/// line is centred or set to the right (a title, a date), not indented.
const MAX_INDENT: usize = 4;

impl Margins {
    /// The left margin is where two or more lines start, furthest left (a
    /// label set out in the margin, `資料２`, alone there, is no margin:
    /// every line would have been indented); failing that, where the
    /// leftmost line starts.
    fn of<'a>(lines: impl Iterator<Item = &'a TextLine>) -> Margins {
        let mut starts: Vec<f64> = Vec::new();
        let mut right = f64::MIN;
        for line in lines.filter(|l| horizontal(l)) {
            starts.push(line.bbox[0]);
            right = right.max(line.bbox[2]);
        }
        starts.sort_by(f64::total_cmp);
        let shared = starts.windows(2).find(|w| w[1] - w[0] <= 1.0).map(|w| w[0]);
        Margins {
            left: shared.or(starts.first().copied()).unwrap_or(f64::MAX),
            right,
        }
    }

    /// How many ems a line of text outside tables starts right of the
    /// page's left margin, as ideographic spaces the dump opens it with (a
    /// text dump's paragraphs and sub-items show their indent so; without
    /// it a heading and the indented paragraph under it read as one
    /// wrapped line: rev87 p19, p21). None for a line less than 0.8 em in,
    /// further in than [`MAX_INDENT`], centred in the text block, or of
    /// vertical writing.
    fn indent(&self, line: &TextLine) -> usize {
        let size = line.size.max(1.0);
        let inset = line.bbox[0] - self.left;
        // Centred: as far in from both ends of the text block, and short
        // of both by a fifth of the block or more (an indented paragraph's
        // first line may stop as far short of the right as it is in).
        let short_of = self.right - line.bbox[2];
        let fifth = (self.right - self.left) / 5.0;
        let centred =
            inset >= fifth.max(2.0 * size) && short_of >= fifth && (inset - short_of).abs() <= size;
        if !horizontal(line) || inset < 0.8 * size || centred {
            return 0;
        }
        let ems = (inset / size).round() as usize;
        if ems > MAX_INDENT { 0 } else { ems }
    }
}

/// Whether a line ends a sentence.
fn stops(text: &str) -> bool {
    text.ends_with(['。', '．', '.', '!', '?', '！', '？'])
}

/// Whether a line opens a list's item or a numbered heading by its first
/// characters: a bullet or a note's mark, a bracket, a circled number, a
/// number followed by a space or a stop (`1 `, `２．`, `3)`), or a label of
/// up to six Japanese characters followed by a space (`場所　…`: a
/// notice's entries, one a line).
fn opens_item(text: &str) -> bool {
    let label = text
        .find([' ', '\u{3000}'])
        .map(|at| &text[..at])
        .is_some_and(|label| {
            (1..=6).contains(&label.chars().count())
                && label.chars().all(|c| !c.is_ascii() && c.is_alphanumeric())
        });
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    label
        || "・○●◎◆◇■□※＊*(（【〔「-－".contains(first)
        || ('①'..='⑳').contains(&first)
        || digit(first) && {
            let rest: String = chars.skip_while(|c| digit(*c)).take(1).collect();
            rest.is_empty() || rest.starts_with([' ', '\u{3000}', '.', '．', ')', '）', '、'])
        }
}

/// Whether a line is a page number as footers print them (`- 1 -`, `1/2`,
/// `（3）`): digits, and dashes, slashes, brackets or spaces around them.
fn is_folio(text: &str) -> bool {
    let text = text.trim();
    text.chars().count() <= 12
        && text
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && text.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || c.is_whitespace()
                || "-－‐—–ー/／()（）pP.".contains(c)
        })
}

/// Whether a line of text runs across the page (wider than it is tall),
/// not down it.
fn horizontal(line: &TextLine) -> bool {
    line.bbox[2] - line.bbox[0] >= line.bbox[3] - line.bbox[1]
}

/// A cell's text, its lines joined: a line that ran to the cell's right
/// edge was wrapped and continues without a break (a space only between two
/// Latin letters or digits); a line that stops short ended on purpose — a
/// unit name in a department cell, a paragraph — and a space marks it.
fn cell_text(cell: &Cell) -> String {
    let right_edge = cell.bbox[2];
    let mut out = String::new();
    let mut previous_full = true;
    for line in &cell.lines {
        let text = &line.text;
        let latin = out
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if !out.is_empty() && (latin || !previous_full) {
            out.push(' ');
        }
        out.push_str(text);
        previous_full = line.bbox[2] >= right_edge - 2.0 * line.size;
    }
    out.replace('\t', " ")
}

/// Renders a typed layout for reading: text lines as they are, and each
/// table row with its cells side by side, every cell's lines at the height
/// they stand on the page (a department cell `まちづくり推進部` over `総務課`,
/// a goal's paragraphs, a vertically centred number between them). Columns
/// are as wide as their widest line (East Asian wide characters count
/// two), two spaces apart; a blank line separates table rows that take
/// several lines, and pages.
pub fn render_layout(pages: &[PageLayout]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for page in pages {
        for block in &page.blocks {
            let table = match block {
                Block::Line(line) => {
                    out.push_str(&line.text);
                    out.push('\n');
                    continue;
                }
                Block::Table(table) => table,
            };
            let columns = table.columns.len().saturating_sub(1);
            let mut widths = vec![0; columns];
            for cell in table.rows.iter().flat_map(|r| &r.cells) {
                if cell.column_span == 1
                    && let Some(w) = widths.get_mut(cell.column)
                {
                    *w = cell
                        .lines
                        .iter()
                        .map(|l| l.text.width())
                        .fold(*w, usize::max);
                }
            }
            let tall = table
                .rows
                .iter()
                .any(|r| r.cells.iter().any(|c| c.lines.len() > 1));
            for row in &table.rows {
                for slot in slots(row) {
                    let mut line = String::new();
                    let mut at = 0; // columns written so far
                    for (cell, texts) in row.cells.iter().zip(&slot) {
                        while at < cell.column {
                            pad(&mut line, widths[at] + 2);
                            at += 1;
                        }
                        let span = cell.column_span.min(columns - at.min(columns));
                        let width: usize = widths[at..at + span].iter().sum::<usize>()
                            + 2 * span.saturating_sub(1);
                        let text = texts.join(" ");
                        line.push_str(&text);
                        pad(&mut line, width.saturating_sub(text.width()) + 2);
                        at += span;
                    }
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
                if tall {
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// A row's lines as printed: one slot per height at which some cell has a
/// line (lines within half their size of each other share a slot), top
/// down, holding each cell's text at that height. A cell whose text sits
/// lower than its neighbours' (vertically centred, or after a taller
/// header) keeps its place beside them, as on the page.
fn slots(row: &crate::TableRow) -> Vec<Vec<Vec<&str>>> {
    let mut heights: Vec<(f64, f64)> = row
        .cells
        .iter()
        .flat_map(|c| c.lines.iter().map(|l| (l.bbox[1], l.size)))
        .collect();
    heights.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut levels: Vec<(f64, f64)> = Vec::new();
    for (y, size) in heights {
        match levels.last() {
            Some(&(top, s)) if top - y < s.min(size) * 0.5 => {}
            _ => levels.push((y, size)),
        }
    }
    let mut out = vec![vec![Vec::new(); row.cells.len()]; levels.len()];
    for (c, cell) in row.cells.iter().enumerate() {
        for line in &cell.lines {
            // The level at or just above the line's baseline (levels run top
            // down, each the highest baseline of its group, so every line
            // has one), found by bisection: a cell may hold thousands of
            // lines.
            let at = levels
                .partition_point(|&(y, _)| y >= line.bbox[1])
                .saturating_sub(1);
            out[at][c].push(line.text.as_str());
        }
    }
    out
}

fn pad(line: &mut String, n: usize) {
    line.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_opening_items_are_told_by_their_first_characters() {
        for text in [
            "・駅前の放置自転車を減らします。",
            "(1) 窓口",
            "1 計画の目的",
            "２．計画の期間",
            "①地域の見守り",
            "場所　区役所本庁舎3階",
            "申込 5月1日から電話で",
            "12",
        ] {
            assert!(opens_item(text), "{text}");
        }
        for text in [
            "区民の皆さんの利便性を高めるため、",
            "2024年度から実施します。",
            "3月までに公表します。",
            "The council replied that outer",
            "",
        ] {
            assert!(!opens_item(text), "{text}");
        }
    }
}
