//! From page geometry to a typed layout: per page, text lines and tables,
//! tables as rows of cells, cells as lines.
//!
//! A table is found from its ruling lines: the distinct x of vertical rules
//! are the column edges, the distinct y of horizontal rules the row edges.
//! Rules in groups one above the other (tables stacked with text between
//! them, a title's underline, a footer's rule) make a grid each.
//! Glyphs are assigned to cells word by word: a word belongs to the cell
//! its glyphs' centres fall in, and a word drawn across a border (`Mu` |
//! `kesh Kumar`) goes whole to the cell that holds its middle, so no word is
//! ever cut — but for Japanese text across a border between cells that
//! hold text of their own: two cells' lines that touch, each glyph goes to
//! the cell its centre is in. Where the rule between two rows (or columns) is missing at a
//! cell, the cells are one merged cell, kept on its first row with its row
//! and column span (a department cell spanning three rows). A ruled band
//! whose cells hold lines that align across the columns, one entry per
//! line (a statistics table with no rules between its rows), is split into
//! one row per line.
//!
//! Without rules, a table is found from the alignment of its text (see
//! `aligned_table`). Text outside tables becomes lines by baseline — or,
//! for vertical writing, columns read right to left.
//!
//! A table that starts a page with the same columns as the table that ended
//! the page before is marked as continuing it: its first rows may be the
//! rest of a row the page break cut.

use serde::Serialize;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::{Direction, Glyph, Page, Rule};

/// A page read into blocks, top down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageLayout {
    /// 1-based page number.
    pub number: u32,
    /// Text lines and tables, in reading order.
    pub blocks: Vec<Block>,
    /// Words lying across the border two cells of the page's grid share
    /// where no rule is drawn, with text on their line on both sides:
    /// boxes inside a box, which the grid cuts into cells the page does
    /// not draw, so that a line's parts are read in different cells, apart.
    pub words_across_unruled: usize,
    /// Lines of text outside the page's grid on the baseline of text in its
    /// cells: printed beside a row of the table (a label left of a box, a
    /// row's name left of its ruled figures, a word boxed inside a
    /// sentence), each read apart from the row it stands beside.
    pub lines_beside_table: usize,
    /// Lines of a table band read line by line (columns of figures, one
    /// per line) that hold text but no figure in any figure column: a
    /// row's label wrapped onto a line of its own, read as a row, which
    /// may finish the row above or begin the one below.
    pub lines_without_figures: usize,
    /// Lines of a table without rules read as the wraps of the row above
    /// though a cell of theirs would have fitted on the line above, in the
    /// room its column leaves there: each may be a row of its own that
    /// leaves cells blank (a sub-item under its total), a note under the
    /// table set at the rows' pitch, or a label broken on purpose.
    pub unruled_wraps_in_doubt: usize,
    /// Ruby (readings set over characters) and emphasis marks found on the
    /// page and read apart from the lines they stand over.
    pub ruby: Vec<crate::Ruby>,
    /// Runs of small katakana set right over a line as ruby is: readings,
    /// or a label set tight over the line (`ポイント`), which the page does
    /// not tell apart. Left on the page and read as text.
    pub katakana_ruby: Vec<crate::Ruby>,
}

/// A text line or a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A line of text outside any table.
    Line(TextLine),
    /// A table.
    Table(Table),
}

/// A line of text with its box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    /// The text, a space where glyphs stand apart (see `line_text`);
    /// leading white space is not kept (see `indented`).
    pub text: String,
    /// Bounding box in PDF points: left, bottom, right, top.
    pub bbox: [f64; 4],
    /// Font size of the line's first glyph.
    pub size: f64,
    /// Whether the line starts clearly (0.8 of its font size or more) to
    /// the right of the other lines of its cell, or after an ideographic
    /// space: a paragraph's indented first line, or a shorter line of
    /// centred text. Always false outside tables.
    pub indented: bool,
    /// Whether the writer ended the line rather than the cell wrapping it —
    /// a paragraph's last line, a unit name — while another line follows:
    /// it stops clearly short (two font sizes or more) of the longest line
    /// of its cell, or of a ruled cell's edge after a sentence, or ends
    /// with `。` short of the cell's full lines by as much as the next
    /// line opens with, or a blank line follows it. For a cell's last
    /// line, whether it ends a sentence clearly short of the cell's full
    /// lines or its ruled edge: where a page break cuts the row, the text
    /// on the next page opens a paragraph. Always false outside tables.
    pub ends_short: bool,
    /// See [`TextLine::ends_unsure`].
    #[serde(skip)]
    ends_unsure: bool,
    /// See [`TextLine::ends_before_rule`].
    #[serde(skip)]
    ends_before_rule: bool,
    /// See [`TextLine::opens_unsure`].
    #[serde(skip)]
    opens_unsure: bool,
    /// See [`TextLine::top`].
    #[serde(skip)]
    top: f64,
    /// See [`TextLine::overprinted`].
    #[serde(skip)]
    overprinted: usize,
    /// On a page set in columns (see `in_columns`), the column the line
    /// was read in, told apart from the page's others: the dump counts
    /// the line's indent from that column's margin.
    #[serde(skip)]
    pub(crate) column: Option<usize>,
}

/// A table: rows of cells over column edges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Column edges, left to right: column `c` runs from `columns[c]` to
    /// `columns[c + 1]`.
    pub columns: Vec<f64>,
    /// Rows, top down.
    pub rows: Vec<TableRow>,
    /// Whether the table continues the last table of the previous page
    /// (same column edges, the first table on its page); its row that may
    /// finish a row the page break cut is marked `continued`.
    pub continues: bool,
    /// Whether the table was found from the alignment of its text, not
    /// from ruling lines.
    pub unruled: bool,
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    /// Bounding box: left, bottom, right, top.
    pub bbox: [f64; 4],
    /// The cells that start in this row, left to right. A column covered
    /// by a cell from a row above (a row span) or to the left (a column
    /// span) has no cell here.
    pub cells: Vec<Cell>,
    /// Whether the row may finish a row the page break cut: the first row
    /// of a table that continues the previous page's, after the header row
    /// repeated from it. Its cells continue the cells of that table's last
    /// row where the text says so (no item number, say).
    pub continued: bool,
}

/// A cell of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The column it starts in (0-based).
    pub column: usize,
    /// How many columns it spans.
    pub column_span: usize,
    /// How many rows it spans.
    pub row_span: usize,
    /// Bounding box: left, bottom, right, top.
    pub bbox: [f64; 4],
    /// Its lines, top down (for vertical text: columns right to left).
    pub lines: Vec<TextLine>,
}

impl Cell {
    /// The cell's text with its lines joined by `\n`.
    pub fn text(&self) -> String {
        let lines: Vec<&str> = self.lines.iter().map(|l| l.text.as_str()).collect();
        lines.join("\n")
    }
}

/// Rules closer than this (points) are one edge.
const SNAP: f64 = 2.0;
/// A grid of rules with more cells than this on one page is not a table
/// (a chart's gridlines, a hatching pattern).
const MAX_CELLS: usize = 20_000;
/// Grids of fewer cells are tables whatever their fill (a small form with
/// empty boxes).
const MIN_CELLS_TO_DOUBT: usize = 40;

/// Reads pages into their typed layout.
pub fn layout(pages: &[Page]) -> Vec<PageLayout> {
    let mut out: Vec<PageLayout> = Vec::with_capacity(pages.len());
    for page in pages {
        // Ruby and emphasis marks are read apart from the lines they stand
        // over.
        let crate::ruby::Found {
            kept,
            ruby,
            katakana: katakana_ruby,
        } = crate::ruby::set_aside(page);
        let page = kept.map_or(Cow::Borrowed(page), Cow::Owned);
        let page = page.as_ref();
        let PageBlocks {
            mut blocks,
            apart: words_across_unruled,
            beside: lines_beside_table,
            bare: lines_without_figures,
            doubted: unruled_wraps_in_doubt,
        } = page_blocks(page);
        // The previous page's last table (footers may follow it).
        let previous = out.last().and_then(|p| {
            p.blocks.iter().rev().find_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Line(_) => None,
            })
        });
        if let Some(first) = blocks.iter_mut().find_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Line(_) => None,
        }) && let Some(previous) = previous
        {
            first.continues = previous.columns.len() == first.columns.len()
                && previous
                    .columns
                    .iter()
                    .zip(&first.columns)
                    .all(|(a, b)| (a - b).abs() < SNAP);
            // The header row printed again on the new page is not the cut
            // row; the row after it is.
            let repeats_header = match (previous.rows.first(), first.rows.first()) {
                (Some(a), Some(b)) => row_text(a) == row_text(b),
                _ => false,
            };
            if first.continues
                && let Some(row) = first.rows.get_mut(usize::from(repeats_header))
            {
                row.continued = true;
            }
        }
        out.push(PageLayout {
            number: page.number,
            blocks,
            words_across_unruled,
            lines_beside_table,
            lines_without_figures,
            unruled_wraps_in_doubt,
            ruby,
            katakana_ruby,
        });
    }
    out
}

/// A row's text without white space, to tell a repeated header row.
fn row_text(row: &TableRow) -> String {
    row.cells
        .iter()
        .flat_map(|c| &c.lines)
        .flat_map(|l| l.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

struct Grid {
    xs: Vec<f64>,
    /// Row edges, top first.
    ys: Vec<f64>,
    /// Per grid position (row-major), the first row and column of the
    /// merged cell it is part of: computed once, so that placing a word is
    /// a lookup, not a walk over rows and rules.
    anchors: Vec<(usize, usize)>,
    /// Per column edge, the heights its rules cover.
    down: Vec<Spans>,
}

/// Rules closing a table whose column rules run on past its last row rule
/// (or before its first) and end together, the outermost among them: a
/// row a page break cuts, which Chromium draws with its column rules to
/// the page's foot and no rule under it (and on the next page, without a
/// repeated header, none over it). Without one, the cut row's text was
/// no row of the table and its part on the next page was read into the
/// row above it (rev96 H06, H07). One rule across the column rules' span
/// at each end so left open, where they run on more than [`OPEN_END`].
fn open_ends(vertical: &[Rule], horizontal: &[Rule]) -> Vec<Rule> {
    let (Some(lowest), Some(highest)) = (
        horizontal.iter().map(|r| r.y0).min_by(f64::total_cmp),
        horizontal.iter().map(|r| r.y0).max_by(f64::total_cmp),
    ) else {
        return Vec::new();
    };
    let (left, right) = vertical
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, r), v| (l.min(v.x0), r.max(v.x0)));
    let mut closing = Vec::new();
    // Each end (the foot, then the head): the rules running past it, and
    // where they end.
    for foot in [true, false] {
        let end = |v: &Rule| if foot { v.y0 } else { v.y1 };
        let past: Vec<&Rule> = vertical
            .iter()
            .filter(|v| {
                if foot {
                    v.y0 < lowest - OPEN_END
                } else {
                    v.y1 > highest + OPEN_END
                }
            })
            .collect();
        let Some(first) = past.first() else { continue };
        let at = end(first);
        let outer = |x: f64| past.iter().any(|v| (v.x0 - x).abs() < SNAP);
        if past.len() >= 3
            && past.iter().all(|v| (end(v) - at).abs() < SNAP)
            && outer(left)
            && outer(right)
        {
            closing.push(Rule {
                x0: left,
                y0: at,
                x1: right,
                y1: at,
            });
        }
    }
    closing
}

/// How far past a table's last (or first) row rule its column rules run
/// before they are taken to leave it open (see [`open_ends`]), in points.
const OPEN_END: f64 = 5.0;

fn cluster(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in values {
        match out.last() {
            Some(&last) if v - last < SNAP => {}
            _ => out.push(v),
        }
    }
    out
}

impl Grid {
    fn find(rules: &[Rule]) -> Option<Grid> {
        let horizontal: Vec<Rule> = rules
            .iter()
            .copied()
            .filter(|r| r.y1 - r.y0 < 1.0 && r.x1 - r.x0 > 5.0)
            .collect();
        let vertical: Vec<Rule> = rules
            .iter()
            .copied()
            .filter(|r| r.x1 - r.x0 < 1.0 && r.y1 - r.y0 > 5.0)
            .collect();
        // A short rule above or below every column rule — a footnote
        // separator, a rule under a heading — draws no row: left in, it
        // would stretch the table over the text beneath it. A rule as wide
        // as half the columns' span may close a header the column rules do
        // not reach, and stays.
        let (low, high, left, right) = vertical.iter().fold(
            (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
            |(lo, hi, l, r), v| (lo.min(v.y0), hi.max(v.y1), l.min(v.x0), r.max(v.x0)),
        );
        // Drawn cell by cell, a rule is many segments: their lengths at one
        // height add up.
        let mut by_height = horizontal;
        by_height.sort_by(|a, b| a.y0.total_cmp(&b.y0));
        let mut horizontal = Vec::with_capacity(by_height.len());
        let mut start = 0;
        for end in 1..=by_height.len() {
            if end < by_height.len() && by_height[end].y0 - by_height[end - 1].y0 < SNAP {
                continue;
            }
            let group = &by_height[start..end];
            let length: f64 = group.iter().map(|r| r.x1 - r.x0).sum();
            if (low - SNAP..=high + SNAP).contains(&group[0].y0) || length >= (right - left) / 2.0 {
                horizontal.extend_from_slice(group);
            }
            start = end;
        }
        // Row rules drawn past the outermost column rules — a table ruled
        // edge to edge across its rows, and down only between its column
        // groups — bound it there: the text beyond its outer column rules
        // is in its first and last columns. Bounded by the column rules
        // alone, each of its lines was read in two parts, the part inside
        // as a row of the table and the part outside as a line of text
        // beside it (a budget statement: every row's Non-Plan figures
        // printed above its name).
        // (Only where there are column rules, and row rules at two heights
        // or more reach past them, as far as the second reaches: rules
        // across alone are no grid — a sheet ruled between its rows only
        // is read by its text's alignment — and one rule run on under a
        // note beside the table does not make the note a column.)
        horizontal.extend(open_ends(&vertical, &horizontal));
        let mut edges: Vec<f64> = vertical.iter().map(|r| r.x0).collect();
        if !vertical.is_empty() {
            // Per height, how far its rules reach left and right.
            let mut reach: Vec<(f64, f64, f64)> = Vec::new();
            for h in &horizontal {
                match reach.last_mut() {
                    Some(last) if (h.y0 - last.0).abs() < SNAP => {
                        last.1 = last.1.min(h.x0);
                        last.2 = last.2.max(h.x1);
                    }
                    _ => reach.push((h.y0, h.x0, h.x1)),
                }
            }
            let mut lefts: Vec<f64> = reach.iter().map(|r| r.1).collect();
            lefts.sort_by(f64::total_cmp);
            let mut rights: Vec<f64> = reach.iter().map(|r| r.2).collect();
            rights.sort_by(|a, b| b.total_cmp(a));
            if let Some(&second) = lefts.get(1).filter(|&&x| x < left - SNAP) {
                edges.push(second);
            }
            if let Some(&second) = rights.get(1).filter(|&&x| x > right + SNAP) {
                edges.push(second);
            }
        }
        let xs = cluster(edges);
        let mut ys = cluster(horizontal.iter().map(|r| r.y0).collect());
        ys.reverse();
        let (rows, columns) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
        if rows == 0 || columns == 0 || rows * columns > MAX_CELLS {
            return None;
        }
        // Each edge's rules as merged, sorted spans.
        let mut across: Vec<Vec<(f64, f64)>> = vec![Vec::new(); ys.len()];
        // A rule counts for every edge within `SNAP` of it (`ys` runs top
        // down, `xs` left to right).
        for r in &horizontal {
            let first = ys.partition_point(|&y| y >= r.y0 + SNAP);
            for k in (first..ys.len()).take_while(|&k| ys[k] > r.y0 - SNAP) {
                across[k].push((r.x0 - SNAP, r.x1 + SNAP));
            }
        }
        let mut down: Vec<Vec<(f64, f64)>> = vec![Vec::new(); xs.len()];
        for r in &vertical {
            let first = xs.partition_point(|&x| x <= r.x0 - SNAP);
            for k in (first..xs.len()).take_while(|&k| xs[k] < r.x0 + SNAP) {
                down[k].push((r.y0 - SNAP, r.y1 + SNAP));
            }
        }
        let across: Vec<Spans> = across.into_iter().map(Spans::new).collect();
        let down: Vec<Spans> = down.into_iter().map(Spans::new).collect();
        // Walk up to the row edge with a rule across the column's middle,
        // then left to the column edge with a rule beside that row's
        // middle: each a step from the position above or to the left.
        let x_mid = |c: usize| (xs[c] + xs[c + 1]) / 2.0;
        let y_mid = |r: usize| (ys[r] + ys[r + 1]) / 2.0;
        let mut up = vec![0usize; rows * columns];
        let mut left = vec![0usize; rows * columns];
        for r in 0..rows {
            for c in 0..columns {
                up[r * columns + c] = if r > 0 && !across[r].covers(x_mid(c)) {
                    up[(r - 1) * columns + c]
                } else {
                    r
                };
                left[r * columns + c] = if c > 0 && !down[c].covers(y_mid(r)) {
                    left[r * columns + c - 1]
                } else {
                    c
                };
            }
        }
        let anchors = (0..rows * columns)
            .map(|k| {
                let (r, c) = (up[k], k % columns);
                (r, left[r * columns + c])
            })
            .collect();
        Some(Grid {
            xs,
            ys,
            anchors,
            down,
        })
    }

    /// Whether the rules form a table for the text among them. A chart —
    /// bars, gridlines and a frame around its labels — makes a grid too,
    /// but not one of cells holding text: either its rules are mostly
    /// missing (the edges of its bars cross the grid nowhere else, so it
    /// merges into fewer than one cell per eight grid positions), or nearly
    /// all its cells are empty (fewer than one in eight holds text, merged
    /// cells counted once).
    /// Read as a table, its labels would come out in one lump and its bar
    /// values as rows between the lines of the prose beside it; read as
    /// text, they take their places by height. (A grid of more than
    /// `MAX_CELLS` cells is no table either: `find` gives none.)
    fn holds_text(&self, glyphs: &[Glyph]) -> bool {
        let (rows, columns) = (self.ys.len() - 1, self.xs.len() - 1);
        if rows * columns < MIN_CELLS_TO_DOUBT {
            return true;
        }
        let anchors: BTreeSet<(usize, usize)> = self.anchors.iter().copied().collect();
        if anchors.len() * 8 < rows * columns {
            return false;
        }
        let filled: BTreeSet<(usize, usize)> = glyphs
            .iter()
            .map(centre)
            .filter(|&(x, y)| self.contains(x, y))
            .map(|(x, y)| self.anchor(self.band(y), self.column(x)))
            .collect();
        filled.len() * 8 >= anchors.len()
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        let (Some(&left), Some(&right), Some(&top), Some(&bottom)) = (
            self.xs.first(),
            self.xs.last(),
            self.ys.first(),
            self.ys.last(),
        ) else {
            return false;
        };
        (left..=right).contains(&x) && (bottom..=top).contains(&y)
    }

    /// The row band `y` falls in (the last one below the grid).
    fn band(&self, y: f64) -> usize {
        // `ys` runs top down: the band's top is the last edge at or above y.
        self.ys
            .partition_point(|&edge| edge >= y)
            .saturating_sub(1)
            .min(self.ys.len() - 2)
    }

    /// The column `x` falls in (the last one beyond the grid).
    fn column(&self, x: f64) -> usize {
        self.xs
            .partition_point(|&edge| edge <= x)
            .saturating_sub(1)
            .min(self.xs.len() - 2)
    }

    /// The cells a word lies across where no rule parts them at its
    /// height, each beside the next: a border the rules do not draw (a box
    /// inside a box leaves an L-shaped space, which the grid cuts in two).
    fn unruled_across(&self, word: &[&Glyph]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for pair in word.windows(2) {
            let (a, b) = (centre(pair[0]), centre(pair[1]));
            let (left, right) = if a.0 <= b.0 { (a, b) } else { (b, a) };
            let band = self.band(left.1);
            for c in self.column(left.0) + 1..=self.column(right.0) {
                let (before, after) = (self.anchor(band, c - 1), self.anchor(band, c));
                if before != after && !self.down[c].covers(left.1) {
                    found.extend([before, after]);
                }
            }
        }
        found
    }

    /// The glyphs among `inside` (as their indexes, ascending) that go on a
    /// line of text begun or ended outside the grid, across an outer edge
    /// no rule draws at that height: text between two tables, or beside
    /// one, that starts left of the tables' edge (`２ 新たに提供する…`
    /// under a table whose left rule stands right of the `２`). The grid
    /// spans both tables, and cut such a line in two — its start read as a
    /// line of text, the rest as a row of the table, apart. A glyph goes
    /// on the line while it follows the one before it on the same baseline
    /// within 1.5 font sizes, and no rule stands between them; the line's
    /// part outside shows a character (white space printed past a cell's
    /// edge continues nothing).
    fn continuing(&self, inside: &[&Glyph], outside: &[(f64, Vec<&Glyph>)]) -> Vec<usize> {
        let (Some(&left), Some(&right)) = (self.xs.first(), self.xs.last()) else {
            return Vec::new();
        };
        let (first, last) = (&self.down[0], &self.down[self.down.len() - 1]);
        // The inside glyphs of horizontal text by baseline, then x.
        let mut rows: Vec<(f64, f64, usize)> = inside
            .iter()
            .enumerate()
            .filter(|(_, g)| g.direction == Direction::LeftToRight)
            .map(|(k, g)| (g.y, g.x, k))
            .collect();
        if rows.is_empty() {
            return Vec::new();
        }
        rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut taken = Vec::new();
        for (_, line) in outside
            .iter()
            .filter(|(_, line)| line[0].direction == Direction::LeftToRight)
        {
            let (size, y) = (line[0].size, line[0].y);
            let same = |v: f64| (v - y).abs() < 0.3 * size;
            let from = rows.partition_point(|r| r.0 < y - 0.3 * size);
            let to = from + rows[from..].partition_point(|r| same(r.0));
            if from == to {
                continue;
            }
            // The line's glyphs inside, left to right.
            let mut band: Vec<(f64, usize)> = rows[from..to].iter().map(|r| (r.1, r.2)).collect();
            band.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Rightwards from the line's part left of the grid.
            if let Some(end) = line
                .iter()
                .filter(|g| g.x + g.width <= left + SNAP && !g.text.trim().is_empty())
                .map(|g| g.x + g.width)
                .reduce(f64::max)
                && !first.covers(y + 0.35 * size)
            {
                let mut end = end;
                for &(x, k) in &band {
                    let g = inside[k];
                    if x - end > 1.5 * size || self.ruled_between(end, x, y + 0.35 * size) {
                        break;
                    }
                    taken.push(k);
                    end = end.max(x + g.width);
                }
            }
            // Leftwards from the line's part right of the grid.
            if let Some(start) = line
                .iter()
                .filter(|g| g.x >= right - SNAP && !g.text.trim().is_empty())
                .map(|g| g.x)
                .reduce(f64::min)
                && !last.covers(y + 0.35 * size)
            {
                let mut start = start;
                for &(x, k) in band.iter().rev() {
                    let g = inside[k];
                    if start - (x + g.width) > 1.5 * size
                        || self.ruled_between(x + g.width, start, y + 0.35 * size)
                    {
                        break;
                    }
                    taken.push(k);
                    start = start.min(x);
                }
            }
        }
        taken.sort_unstable();
        taken.dedup();
        taken
    }

    /// Whether a column rule stands between `from` and `to` at height `y`.
    fn ruled_between(&self, from: f64, to: f64, y: f64) -> bool {
        let (from, to) = (from.min(to), from.max(to));
        let start = self.xs.partition_point(|&x| x <= from);
        self.xs[start..]
            .iter()
            .zip(&self.down[start..])
            .take_while(|(x, _)| **x < to)
            .any(|(_, spans)| spans.covers(y))
    }

    /// The first row and column of the merged cell that (r, c) is part of.
    fn anchor(&self, r: usize, c: usize) -> (usize, usize) {
        let columns = self.xs.len() - 1;
        self.anchors.get(r * columns + c).copied().unwrap_or((r, c))
    }

    /// The last column the cell anchored at row `r`, column `c` spans: it
    /// reaches to the next column edge that has a rule.
    fn last_column(&self, r: usize, c: usize) -> usize {
        let columns = self.xs.len() - 1;
        let mut last = c;
        while last + 1 < columns && self.anchor(r, last + 1) == (r, c) {
            last += 1;
        }
        last
    }
}

/// Spans along one axis (one edge's rules, the x a page's stacked glyphs
/// stand at), merged and sorted, for a lookup by binary search.
pub(crate) struct Spans(Vec<(f64, f64)>);

impl Spans {
    pub(crate) fn new(mut spans: Vec<(f64, f64)>) -> Spans {
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, f64)> = Vec::with_capacity(spans.len());
        for (from, to) in spans {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        Spans(merged)
    }

    /// Whether a rule covers `v`.
    fn covers(&self, v: f64) -> bool {
        let at = self.0.partition_point(|s| s.0 <= v);
        at > 0 && v <= self.0[at - 1].1
    }

    /// Whether a span meets `from..=to`.
    pub(crate) fn meets(&self, from: f64, to: f64) -> bool {
        let at = self.0.partition_point(|s| s.1 < from);
        self.0.get(at).is_some_and(|s| s.0 <= to)
    }
}

fn centre(g: &Glyph) -> (f64, f64) {
    match g.direction {
        // The baseline is the box's bottom; most of a letter sits low.
        Direction::LeftToRight => (g.x + g.width / 2.0, g.y + g.size * 0.35),
        _ => {
            let b = g.bbox();
            ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0)
        }
    }
}

/// A glyph in the frame of its own writing direction, as if turned upright.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Where the glyph starts along its line.
    start: f64,
    /// Where it ends along its line.
    end: f64,
    /// Where its line lies across the lines; larger comes first: the top
    /// line, the rightmost column of vertical text, the leftmost column of
    /// text turned counter-clockwise.
    across: f64,
}

fn frame(g: &Glyph) -> Frame {
    let b = g.bbox();
    let (start, end, across) = match g.direction {
        Direction::LeftToRight => (b[0], b[2], g.y),
        Direction::Down => (-b[3], -b[1], b[0]),
        Direction::Up => (b[1], b[3], -b[0]),
        Direction::RightToLeft => (-b[2], -b[0], -b[3]),
    };
    Frame { start, end, across }
}

/// Column gaps longer than this many font sizes split a column of vertical
/// text: the next block (段) of a page set in several tiers, not a space.
const TIER_GAP: f64 = 2.0;

/// Lines of glyphs, top down: each its top and its glyphs (see
/// [`lines_of`]).
type Lines<'g> = Vec<(f64, Vec<&'g Glyph>)>;

/// Lines of glyphs, each with the height it starts at (how it sorts among
/// the page's other lines and table rows). Each writing direction is read
/// in its own frame: horizontal text grouped by baseline and read left to
/// right; vertical text grouped by column, read top to bottom, columns
/// right to left, tier (段) by tier down the page; text turned sideways or
/// upside down likewise in its own direction.
fn lines_of(glyphs: Vec<&Glyph>) -> Lines<'_> {
    let mut out = Vec::new();
    for direction in [
        Direction::LeftToRight,
        Direction::Down,
        Direction::Up,
        Direction::RightToLeft,
    ] {
        let mut group: Vec<(&Glyph, Frame)> = glyphs
            .iter()
            .filter(|g| g.direction == direction)
            .map(|g| (*g, frame(g)))
            .collect();
        group.sort_by(|a, b| {
            b.1.across
                .total_cmp(&a.1.across)
                .then(a.1.start.total_cmp(&b.1.start))
        });
        let mut lines: Vec<Vec<(&Glyph, Frame)>> = Vec::new();
        for item in group {
            match lines.last_mut() {
                Some(line)
                    if (line[0].1.across - item.1.across).abs()
                        < line[0].0.size.min(item.0.size) * 0.5 =>
                {
                    line.push(item)
                }
                _ => lines.push(vec![item]),
            }
        }
        if direction == Direction::LeftToRight {
            lines = with_superscripts(lines);
        }
        for line in &mut lines {
            line.sort_by(|a, b| a.1.start.total_cmp(&b.1.start));
        }
        if direction == Direction::Down {
            out.extend(tiers(lines));
        } else {
            out.extend(lines.into_iter().map(|line| {
                let glyphs: Vec<&Glyph> = line.into_iter().map(|(g, _)| g).collect();
                let top = if direction == Direction::LeftToRight {
                    glyphs[0].y + glyphs[0].size
                } else {
                    bbox(&glyphs)[3]
                };
                (top, glyphs)
            }));
        }
    }
    out
}

/// Horizontal lines (top line first) with each line of superscripts put
/// into the line it is raised above: a run of at most [`MAX_SUPERSCRIPT`]
/// glyphs, each at most [`SUPERSCRIPT_SIZE`] of that line's size, its
/// baseline above the line's but below its middle, its top not far above
/// the line's, and lying along it after its first glyph (a mark opening a
/// line would give the line its own baseline and size). Note marks set so
/// (`…世帯数¹⁾`, `人口²⁾`) had made lines of their own, read before their
/// text (rev83 t22); ruby, set above its line's middle, is not one.
fn with_superscripts<'g>(lines: Vec<Vec<(&'g Glyph, Frame)>>) -> Vec<Vec<(&'g Glyph, Frame)>> {
    let mut out: Vec<Vec<(&'g Glyph, Frame)>> = Vec::with_capacity(lines.len());
    let mut raised: Option<Vec<(&'g Glyph, Frame)>> = None;
    for mut line in lines {
        if let Some(marks) = raised.take() {
            if is_raised_over(&marks, &line) {
                line.extend(marks);
            } else {
                out.push(marks);
            }
        }
        if line.len() <= MAX_SUPERSCRIPT {
            raised = Some(line);
        } else {
            out.push(line);
        }
    }
    out.extend(raised);
    out
}

/// Whether `marks` are superscripts over `line` (see [`with_superscripts`]).
fn is_raised_over(marks: &[(&Glyph, Frame)], line: &[(&Glyph, Frame)]) -> bool {
    let Some(&(base, _)) = line.iter().max_by(|a, b| a.0.size.total_cmp(&b.0.size)) else {
        return false;
    };
    let (start, end) = line.iter().fold((f64::MAX, f64::MIN), |(s, e), (_, f)| {
        (s.min(f.start), e.max(f.end))
    });
    marks.iter().all(|(g, f)| {
        g.size <= base.size * SUPERSCRIPT_SIZE
            && g.y > base.y
            && g.y < base.y + base.size * 0.6
            && g.y + g.size <= base.y + base.size * 1.25
            && f.start > start
            && f.end <= end + base.size
    })
}

/// The most glyphs a run of superscripts holds (`注1)`, `※2`, `*`).
const MAX_SUPERSCRIPT: usize = 6;

/// The largest a superscript is, against its line's glyphs.
const SUPERSCRIPT_SIZE: f64 = 0.8;

/// A tier (段) of vertical text: its extent and its columns, each with its
/// right edge.
struct Tier<'g> {
    top: f64,
    bottom: f64,
    columns: Vec<(f64, Vec<&'g Glyph>)>,
}

/// Columns of vertical text, split where a long gap separates two tiers
/// (段) of the page, and ordered as they are read: tier by tier from the
/// top, each tier's columns right to left. A column belongs to the tier
/// its extent overlaps, so a column that starts one character lower (a
/// paragraph's indent) stays in place.
fn tiers(columns: Vec<Vec<(&Glyph, Frame)>>) -> Vec<(f64, Vec<&Glyph>)> {
    let mut pieces: Vec<Vec<&Glyph>> = Vec::new();
    for column in columns {
        let mut piece: Vec<&Glyph> = Vec::new();
        let mut end = f64::MIN;
        for (g, f) in column {
            if !piece.is_empty() && f.start - end > TIER_GAP * g.size {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.push(g);
            end = end.max(f.end);
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
    }
    // Tallest tops first, and right to left among equal tops.
    let mut boxed: Vec<([f64; 4], Vec<&Glyph>)> =
        pieces.into_iter().map(|p| (bbox(&p), p)).collect();
    boxed.sort_by(|a, b| b.0[3].total_cmp(&a.0[3]).then(b.0[2].total_cmp(&a.0[2])));
    let mut tiers: Vec<Tier> = Vec::new();
    for (b, column) in boxed {
        match tiers.last_mut() {
            Some(tier) if b[3] > tier.bottom => {
                tier.bottom = tier.bottom.min(b[1]);
                tier.columns.push((b[2], column));
            }
            _ => tiers.push(Tier {
                top: b[3],
                bottom: b[1],
                columns: vec![(b[2], column)],
            }),
        }
    }
    let mut out = Vec::new();
    for mut tier in tiers {
        tier.columns.sort_by(|a, b| b.0.total_cmp(&a.0));
        let top = tier.top;
        out.extend(tier.columns.into_iter().map(|(_, c)| (top, c)));
    }
    out
}

/// A line's text, with a space where glyphs stand apart: a fifth of the
/// font size between Latin letters or digits (a word space), more next to
/// Japanese, which office software spaces a little from Latin text without
/// meaning a space (令和 7 年度).
fn line_text(line: &[&Glyph]) -> String {
    let mut out = String::new();
    let mut previous: Option<&Glyph> = None;
    for g in line {
        let gap = previous.map_or(0.0, |p| frame(g).start - frame(p).end);
        let latin = |s: &str| s.chars().all(|c| c.is_ascii_graphic());
        let both_latin = previous.is_some_and(|p| latin(&p.text)) && latin(&g.text);
        // A space the text itself carries is kept (once).
        if g.text.trim().is_empty() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        if gap > g.size * if both_latin { 0.2 } else { 0.6 } && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(&g.text);
        previous = Some(g);
    }
    out.trim_end().to_owned()
}

pub(crate) fn bbox(glyphs: &[&Glyph]) -> [f64; 4] {
    glyphs
        .iter()
        .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, g| {
            let g = g.bbox();
            [
                b[0].min(g[0]),
                b[1].min(g[1]),
                b[2].max(g[2]),
                b[3].max(g[3]),
            ]
        })
}

/// A line of text outside tables, sorting at `top`.
fn text_line(top: f64, line: &[&Glyph]) -> TextLine {
    TextLine {
        text: line_text(line),
        bbox: bbox(line),
        size: line[0].size,
        indented: false,
        ends_short: false,
        ends_unsure: false,
        ends_before_rule: false,
        opens_unsure: false,
        top,
        overprinted: overprinted_in(line),
        column: None,
    }
}

impl TextLine {
    /// Where the line sorts among the page's blocks: its top, or for a
    /// column of vertical text the top of its tier (段), so that a gap
    /// between two columns is never taken for a paragraph break.
    pub fn top(&self) -> f64 {
        self.top
    }

    /// How many of the line's letters and digits are printed over a
    /// glyph of other text (see [`overprinted`]).
    pub fn overprinted(&self) -> usize {
        self.overprinted
    }

    /// Whether the line, taken for a wrap, may end a paragraph as well: it
    /// ends with `。` where the next line's first character would have
    /// fitted, but a writer keeps that character with the one after it
    /// (`ホー`, `又、`, `「案`) and may have moved both down for that; or
    /// where the next line would have fitted if the cell's widest line,
    /// ending in a stop, is full rather than hanging its stop past the
    /// margin (see `full_width`); or where it ends in a half-width letter
    /// or digit, or `%` (a telephone number, a web address), over a line of
    /// prose opening flush left, and is the cell's widest, short of the
    /// rule, or short of the cell's full lines by as much as the next
    /// line's first character: the paragraph may have ended there.
    pub fn ends_unsure(&self) -> bool {
        self.ends_unsure
    }

    /// Whether the line, taken for a wrap, ends where what the next line
    /// opens with would have fitted before its ruled cell's right rule
    /// (less the padding the text keeps from the left one), in a cell whose
    /// text reaches that far on none of its lines. Office software fills a
    /// line to the rule, so there the paragraph ended (items of a few
    /// words, `案内表示の多言語化` / `臨時窓口の設置`); but a writer wraps
    /// short of the rule where the text is set in from it on the right (a
    /// paragraph's right indent, a cell's right padding, a picture beside
    /// the text, a box drawn round two cells), and the page does not tell
    /// which: the line is read as wrapped, and the goal sheet says so
    /// where it is a goal's or result's (rev112).
    pub fn ends_before_rule(&self) -> bool {
        self.ends_before_rule
    }

    /// Whether the line, set in as far as a paragraph's first line is and
    /// read as one, may be a wrapped paragraph's last line as well: the
    /// lines of its cell stand level as centred or right-aligned text does
    /// (their middles, or their ends), set in no further than an indent
    /// (see `Alignment::Indented`), and no cell of its column shows lines
    /// set flush left. Not a line opening with an ideographic space.
    pub fn opens_unsure(&self) -> bool {
        self.opens_unsure
    }
}

/// How many lines of a page's table cells may end a paragraph where they
/// were read as wrapping (see [`TextLine::ends_unsure`]): those whose next
/// line does not open one by its own marks (`opens`: an item's mark
/// after a sentence's end).
pub fn unsure_breaks(page: &PageLayout, opens: impl Fn(&str) -> bool) -> usize {
    table_cells(page)
        .flat_map(|cell| cell.lines.windows(2))
        .filter(|pair| pair[0].ends_unsure && !opens(&pair[1].text))
        .count()
}

/// How many lines of a page's table cells open a paragraph where they
/// may be a wrapped paragraph's last line (see [`TextLine::opens_unsure`]).
pub fn unsure_indents(page: &PageLayout) -> usize {
    table_cells(page)
        .flat_map(|cell| &cell.lines)
        .filter(|line| line.opens_unsure)
        .count()
}

/// The cells of a page's tables.
fn table_cells(page: &PageLayout) -> impl Iterator<Item = &Cell> {
    page.blocks
        .iter()
        .filter_map(|block| match block {
            Block::Table(table) => Some(table),
            Block::Line(_) => None,
        })
        .flat_map(|table| &table.rows)
        .flat_map(|row| &row.cells)
}

/// How many of a page's letters and digits are printed over a glyph of
/// other text, the two boxes sharing most of the smaller one: text
/// overflowing its cell into the next one's, or layers laid over each
/// other. Where they meet, no reading order can tell them apart; the line
/// that gathers them reads them interleaved (`総（務福課祉`).
pub fn overprinted(page: &PageLayout) -> usize {
    page.blocks
        .iter()
        .map(|block| match block {
            Block::Line(line) => line.overprinted,
            Block::Table(table) => table
                .rows
                .iter()
                .flat_map(|row| &row.cells)
                .flat_map(|cell| &cell.lines)
                .map(|line| line.overprinted)
                .sum(),
        })
        .sum()
}

/// How far a cell's first line may reach above its top rule, in font sizes,
/// and still be the cell's own: glyph boxes are a whole em tall, and a
/// writer may set the text close under the rule (a camelot test table's
/// 6.5-point cells reach 0.37 above; Calc's lines run out of their rows
/// 0.48–0.63 above the next).
const ACROSS_RULE: f64 = 0.45;

/// Of the smaller of two glyph boxes, the share the other must cover for
/// one to be printed over the other (boxes are a whole em tall: lines set
/// tighter than their size share a little).
const OVERPRINT_SHARE: f64 = 0.6;

/// [`TextLine::overprinted`] of a line's glyphs, in line order: each is
/// compared with the two before it (glyphs printed over each other sort
/// next to each other along the line), with no allocation; overlaps are
/// rare, and what they are made of is asked only of them. Letters and
/// digits only: a glyph printed twice at nearly the same place (a
/// producer's bold, a shadow) is the same text, and punctuation set into
/// the half of its box it leaves empty (`、「` in one em, a comma kerned
/// under a `P`) is no overprint.
fn overprinted_in(line: &[&Glyph]) -> usize {
    let area = |b: &[f64; 4]| (b[2] - b[0]) * (b[3] - b[1]);
    let letter = |g: &Glyph| g.text.chars().all(char::is_alphanumeric);
    let over = |a: &Glyph, b: &Glyph| {
        let (p, q) = (a.bbox(), b.bbox());
        let shared =
            (p[2].min(q[2]) - p[0].max(q[0])).max(0.0) * (p[3].min(q[3]) - p[1].max(q[1])).max(0.0);
        shared > OVERPRINT_SHARE * area(&p).min(area(&q))
            && a.text != b.text
            && letter(a)
            && letter(b)
    };
    // The two glyphs before, each with whether it is printed over another.
    let mut before: [Option<(&Glyph, bool)>; 2] = [None, None];
    let mut count = 0;
    for &g in line.iter().filter(|g| g.size > 0.0 && g.width > 0.0) {
        let mut hit = false;
        for (p, marked) in before.iter_mut().flatten() {
            if over(p, g) {
                *marked = true;
                hit = true;
            }
        }
        count += usize::from(before[0].is_some_and(|(_, marked)| marked));
        before = [before[1], Some((g, hit))];
    }
    count
        + before
            .iter()
            .flatten()
            .filter(|(_, marked)| *marked)
            .count()
}

/// A cell's lines, top down, each marked `indented` where it starts 0.8 of
/// its font size or more right of the cell's leftmost line start (leading
/// white-space glyphs not counted) or of its own ideographic space, and
/// `ends_short` where a blank line follows it (the step down to the next
/// line half as large again as the cell's usual one, in a cell of three
/// lines or more), where it stops two font sizes or more before the cell's
/// longest line, or, in a ruled cell (`edges`: its left and right rules),
/// where it ends a sentence two font sizes or more before where the cell's
/// text may reach: the right rule less the padding the text keeps from the
/// left one, or where it ends with `。` short of the cell's full lines by
/// as much as the next line opens with (see [`full_width`]): a paragraph
/// one character short of the cell, which no indent marks, as the one
/// below may open flush left too. (A cell whose paragraphs are all one
/// short sentence has no line near its edge, and each break was taken for
/// a wrap. The sentence's end is asked for because a writer may wrap short
/// of the cell — a real office PDF's cells by up to half an em, a right
/// indent or padding by any amount — and a wrapped line ends a sentence
/// only by chance; lines short of the rule in a cell that nowhere reaches
/// it are marked `ends_before_rule`.) Lines of white space only are
/// dropped.
fn cell_lines(glyphs: Vec<&Glyph>, edges: Option<(f64, f64)>) -> Vec<TextLine> {
    read_cell(lines_in_cell(glyphs), edges, false, false)
}

/// A cell's lines (see [`lines_of`]), top down whatever their writing
/// direction. [`lines_of`] reads each direction in turn, horizontal lines
/// first: a label stacked in a narrow cell whose kanji make a column of
/// vertical writing and whose half-width digits stay horizontal lines, one
/// under the other below them (`庁内体制…` / `0` / `0` / `1` / `6`), had
/// been read digits first (`0016庁内体制…`, `ok`: helper-140's PDF probe).
/// Only lines one above the other are put in order so: a cell of one
/// direction keeps its order, and so does one where a horizontal line lies
/// beside a column, within its height (figures set across inside vertical
/// writing: which comes first, the height alone does not say).
fn lines_in_cell(glyphs: Vec<&Glyph>) -> Lines<'_> {
    let mut lines = lines_of(glyphs);
    let mixed = lines
        .windows(2)
        .any(|w| w[0].1[0].direction != w[1].1[0].direction);
    if !mixed {
        return lines;
    }
    // Each line's height on the page, bottom to top; the columns' (and
    // other turned lines') together, and the least of theirs.
    let span = |line: &[&Glyph]| {
        let b = bbox(line);
        (b[1], b[3])
    };
    let turned = |line: &[&Glyph]| line[0].direction != Direction::LeftToRight;
    let (low, high, least) = lines.iter().filter(|(_, l)| turned(l)).fold(
        (f64::MAX, f64::MIN, f64::MAX),
        |(low, high, least), (_, line)| {
            let (bottom, top) = span(line);
            (low.min(bottom), high.max(top), least.min(top - bottom))
        },
    );
    // Touching counts as apart: up to half the lower line's height (a
    // column's last box is as tall as its advance, and Calc sets the next
    // line closer than that). (Each horizontal line against the columns'
    // height as one: a look per line, however many columns.)
    let apart = lines.iter().filter(|(_, l)| !turned(l)).all(|(_, line)| {
        let (bottom, top) = span(line);
        let overlap = top.min(high) - bottom.max(low);
        overlap <= 0.5 * (top - bottom).min(least)
    });
    if apart {
        lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    }
    lines
}

/// [`cell_lines`] of a cell's lines (see [`lines_of`]), `aligned` where its
/// column's cells are centred or set flush right (see [`Alignment`]). The
/// lines are read as [`moves`] moves them (and their boxes put back
/// after): a line of such a cell as if set flush left, so that where a
/// line starts says nothing and how wide it is says what it says in a cell
/// set flush left, and a line spread across the cell closed up. (A centred
/// or right-aligned wrapped paragraph's short last line had opened a
/// paragraph, paragraphs set flush right had run together, and so had
/// items shorter than the widest line; a spread line read `研 修 ２ 回`,
/// and its paragraph's end a wrap: `ok`, helper-116.) `indent_unsure`:
/// the cell's own lines stand so, set in no further than an indent, and
/// no cell of its column shows lines set flush left (see
/// [`TextLine::opens_unsure`]).
fn read_cell(
    lines: Vec<(f64, Vec<&Glyph>)>,
    edges: Option<(f64, f64)>,
    aligned: bool,
    indent_unsure: bool,
) -> Vec<TextLine> {
    // The padding a centred or right-aligned cell keeps from its rules: the
    // least room left beside a line on either side, no more than 0.3 of an
    // em (Writer's and Calc's are less), as no line may fill the cell:
    // where more (reportlab's 6 points), the text is taken to reach
    // further than it may, and a line short of it is said where it need
    // not be (only `ends_before_rule` asks it).
    let padding = edges.filter(|_| aligned).map(|(cell_left, cell_right)| {
        let size = lines.first().map_or(0.0, |(_, l)| l[0].size);
        lines
            .iter()
            .filter_map(|(_, l)| line_extent(l))
            .map(|(start, end)| (start - cell_left).min(cell_right - end))
            .fold(0.3 * size, f64::min)
            .max(0.0)
    });
    let moves = moves(&lines, edges, aligned);
    let original = lines;
    let moved: Vec<Vec<Glyph>>;
    let read: Vec<(f64, Vec<&Glyph>)>;
    let lines: &[(f64, Vec<&Glyph>)] = match &moves {
        None => &original,
        Some(moves) => {
            moved = original
                .iter()
                .zip(moves)
                .map(|((_, line), &(shift, gap))| {
                    line.iter()
                        .enumerate()
                        .map(|(k, g)| Glyph {
                            x: g.x - shift - k as f64 * gap,
                            ..(*g).clone()
                        })
                        .collect()
                })
                .collect();
            read = original
                .iter()
                .zip(&moved)
                .map(|((top, _), line)| (*top, line.iter().collect()))
                .collect();
            &read
        }
    };
    let start = |line: &[&Glyph]| {
        (line[0].direction == Direction::LeftToRight)
            .then(|| line.iter().find(|g| !g.text.trim().is_empty()).map(|g| g.x))
            .flatten()
    };
    let left = lines
        .iter()
        .filter_map(|(_, l)| start(l))
        .fold(f64::MAX, f64::min);
    // A line opening with an ideographic space opens a paragraph, even
    // where every line of the cell does (paragraphs of one line each).
    let indented = |line: &[&Glyph]| {
        let size = line[0].size;
        start(line).is_some_and(|x| {
            x - left >= 0.8 * size || line[0].text == "\u{3000}" && x - line[0].x >= 0.8 * size
        })
    };
    // Lines hanging under an item's text, where it starts after its mark
    // (`・`, `(1)`, `①`, `2.`), as the lines above since the item's: the
    // item's wraps, not paragraphs of their own (rev91 W20, W26: a
    // writer's lists in a sheet's cells, each wrapped line a paragraph).
    // (Not under a line that ends a sentence short of the cell's widest:
    // a paragraph indented an em after an item of `・` stands as far in,
    // and had been read as the item's wrap: rev94.)
    // (Where a line's ink ends, and whether with a sentence's end.)
    let ends = |line: &[&Glyph]| {
        line.iter()
            .rev()
            .find(|g| !g.text.trim().is_empty())
            .map(|g| {
                (
                    g.bbox()[2],
                    ["。", "．", "！", "？"].contains(&g.text.as_str()),
                )
            })
    };
    let widest = lines
        .iter()
        .filter_map(|(_, l)| ends(l))
        .fold(f64::MIN, |a, (x, _)| a.max(x));
    // (The item's mark's and its text's starts.)
    let mut hang: Option<(f64, f64)> = None;
    let mut before: Option<&[&Glyph]> = None;
    let hanging: Vec<(bool, bool)> = lines
        .iter()
        .map(|(_, line)| {
            let size = line[0].size;
            let above = before.replace(line);
            let ended = above
                .and_then(ends)
                .is_some_and(|(x, stop)| stop && x < widest - size);
            let here = start(line);
            if let Some(x) = item_text_start(line) {
                hang = Some((here.unwrap_or(x), x));
                return (false, false);
            }
            let spaced = line[0].text == "\u{3000}";
            // Further in than the mark, as far as its text at most: a
            // hanging indent of an em under `（１）` (rev96 H05: every
            // wrapped line of such items had been a paragraph, ok).
            let under = !ended
                && !spaced
                && hang.zip(here).is_some_and(|((mark, text), x)| {
                    x > mark + 0.5 * size && x < text + 0.3 * size
                });
            if !under {
                hang = None;
            }
            // A block set in as a whole — a list whose marks are drawn, not
            // written (Chromium's `<ul>`), a quotation —: a line starting
            // where the one above starts, further in than the cell's left,
            // under a full line that ends no sentence, is its wrap (rev96
            // H04: `…月２回設けま` / `す。`, two paragraphs, ok).
            // (A line of Japanese prose above, four characters or more,
            // its last no half-width letter: not a label set a character a
            // line in a narrow cell, nor a form's `Name : …` over `Sex : …`.)
            let block = !spaced
                && above.is_some_and(|above| {
                    let mut inked = above.iter().filter(|g| !g.text.trim().is_empty());
                    inked.clone().nth(3).is_some()
                        && inked.next_back().is_some_and(|g| !half_width(&g.text))
                        && indented(above)
                        && start(above)
                            .zip(here)
                            .is_some_and(|(a, x)| (x - a).abs() < 0.3 * size)
                        && ends(above).is_some_and(|(x, stop)| !stop && x >= widest - size)
                });
            // (Under an item's text, a line is its wrap, sure.)
            (under, block && !under)
        })
        .collect();
    // How wide the run of half-width letters, digits and signs a line
    // opens with is (`(10,987件)`, a web address), with the opening bracket
    // before it (`（10,987件）`: no line ends with one): the writer wraps no
    // such run, and moves it whole to the next line. Where `glued`, a
    // full-width opening bracket between two such runs joins them
    // (`Web（https://…`: Writer sets no break before the bracket, none
    // after it).
    let opening_run = |line: &[&Glyph], glued: bool| {
        let glyphs: Vec<&Glyph> = line
            .iter()
            .skip_while(|g| g.text.trim().is_empty())
            .copied()
            .collect();
        let first = *glyphs
            .first()
            .filter(|g| g.direction == Direction::LeftToRight)?;
        let half = |k: usize| glyphs.get(k).is_some_and(|g| half_width(&g.text));
        let bracket = |k: usize| {
            glyphs
                .get(k)
                .is_some_and(|g| is_full_width_opening(&g.text))
        };
        let mut k = 0;
        if !half(0) {
            if !(bracket(0) && half(1)) {
                return None;
            }
            k = 1;
        }
        let mut last = first;
        loop {
            while half(k) {
                last = glyphs[k];
                k += 1;
            }
            if glued && k > 0 && bracket(k) && half(k + 1) {
                k += 1;
            } else {
                break;
            }
        }
        Some(last.bbox()[2] - first.bbox()[0])
    };
    // What a line opens with (see [`Opening`]). A line may open with a
    // kanji, a kana, a letter or digit, or an opening bracket. What a
    // writer moves down whole: opening brackets, then a run of half-width
    // letters and signs or one glyph, then every glyph after that is no
    // kanji, kana, letter or digit (`「人々」`, `又、`, `ホー`, `5％`,
    // `「AI」`); the least it could have set on the line above: the first
    // glyph, or the run that opens the line.
    let opening = |line: &[&Glyph]| {
        let mut rest = line
            .iter()
            .skip_while(|g| g.text.trim().is_empty())
            .peekable();
        let first = **rest.peek()?;
        let start = first.bbox()[0];
        let mut edge = start;
        while let Some(g) = rest.next_if(|g| opens_bracket(&g.text)) {
            edge = edge.max(g.bbox()[2]);
        }
        if let Some(g) = rest.next() {
            edge = edge.max(g.bbox()[2]);
            if half_width(&g.text) {
                while let Some(g) = rest.next_if(|g| half_width(&g.text)) {
                    edge = edge.max(g.bbox()[2]);
                }
            }
        }
        // The run that opens the line (an opening bracket before it
        // included, as `opening_run` measures it), or its first glyph.
        let least = if half_width(&first.text) {
            edge - start
        } else {
            first.bbox()[2] - start
        };
        // After a stop, a run of half-width letters goes with it too: a
        // writer sets no `。` apart from the letter after it (`た。AI`).
        let mut stop = false;
        while let Some(g) = rest.next_if(|g| {
            !g.text.trim().is_empty() && (!sets_anywhere(&g.text) || stop && half_width(&g.text))
        }) {
            edge = edge.max(g.bbox()[2]);
            stop = g.text.starts_with(['。', '、', '．', '，']) || stop && half_width(&g.text);
        }
        Some(Opening {
            may_open: opens_bracket(&first.text) || sets_anywhere(&first.text),
            half_width: half_width(&first.text),
            least,
            kept: edge - start,
        })
    };
    // Where a line's last glyph that is not white space ends.
    let ink = |line: &[&Glyph]| {
        line.iter()
            .rev()
            .find(|g| !g.text.trim().is_empty())
            .map_or(f64::MIN, |g| g.bbox()[2])
    };
    let found: Vec<(TextLine, LineStart, usize)> = lines
        .iter()
        .zip(hanging)
        .enumerate()
        .map(|(k, ((top, line), hanging))| {
            let (hangs, continues) = hanging;
            let text = TextLine {
                indented: indented(line) && !hangs && !continues,
                ..text_line(*top, line)
            };
            let start = LineStart {
                run: opening_run(line, false),
                glued: opening_run(line, true),
                opening: opening(line),
                ink: ink(line),
                hangs,
                continues,
                kept_off: line
                    .iter()
                    .find(|g| !g.text.trim().is_empty())
                    .is_some_and(|g| never_opens(&g.text)),
            };
            (text, start, k)
        })
        .filter(|(l, _, _)| !l.text.is_empty())
        .collect();
    let kept: Vec<usize> = found.iter().map(|(_, _, k)| *k).collect();
    let (mut out, starts): (Vec<TextLine>, Vec<LineStart>) = found
        .into_iter()
        .map(|(text, start, _)| (text, start))
        .unzip();
    let right = out.iter().map(|l| l.bbox[2]).fold(f64::MIN, f64::max);
    // Where the text may reach by the cell's rules (see [`rule_reach`]).
    // (In a cell centred or set flush right, how far the text may reach
    // is not known — a paragraph's indent, on either side, or a padding
    // wider than taken leaves it short of the rules —: a line is measured
    // against the cell's widest, as without rules, and only asked whether
    // it stops short of the width the padding taken leaves (`rule`, see
    // [`TextLine::ends_before_rule`]).)
    let inner = match (edges, padding) {
        (Some(edges), None) => rule_reach(lines, edges),
        _ => None,
    };
    let rule = match (edges, padding) {
        (Some((cell_left, cell_right)), Some(padding)) if left < f64::MAX => {
            Some(left + (cell_right - cell_left) - 2.0 * padding)
        }
        _ => inner,
    };
    let reach = inner.map_or(right, |inner| right.max(inner));
    // Where a full line of the cell ends (see [`full_width`]).
    let full = full_width(&out, &starts, inner);
    // A blank line after a line: the step down to the next line half as
    // large again as the cell's usual step between lines of one size (the
    // lower median: a cell of two lines says nothing, as line spacing may
    // be anything; one odd step does not make the others blank lines).
    let step = |k: usize| out[k].top - out[k + 1].top;
    let same_size = |k: usize| (out[k].size - out[k + 1].size).abs() < 0.1 * out[k].size;
    let mut steps: Vec<f64> = (0..out.len().saturating_sub(1))
        .filter(|&k| same_size(k) && step(k) >= 0.9 * out[k].size)
        .map(step)
        .collect();
    steps.sort_by(f64::total_cmp);
    let usual = (steps.len() >= 2).then(|| steps[(steps.len() - 1) / 2]);
    let horizontal = lines
        .iter()
        .all(|(_, l)| l[0].direction == Direction::LeftToRight);
    let blank_below: Vec<bool> = (0..out.len())
        .map(|k| {
            horizontal
                && k + 1 < out.len()
                && same_size(k)
                && usual.is_some_and(|usual| step(k) > 1.5 * usual)
        })
        .collect();
    let count = out.len();
    let prose = out.iter().any(|l| l.text.contains(['。', '、']));
    let indented_below: Vec<bool> = out.iter().skip(1).map(|l| l.indented).collect();
    // Whether the cell shows paragraphs set in: then a line not set in is
    // no paragraph's first. A heading or an item set in (`　【窓口環境】`,
    // `　・…`) shows no paragraph's indent (rev101 a02): a line of prose
    // set in, opening with a kanji or a kana, does.
    let indents = out.iter().any(|l| {
        l.indented
            && l.text
                .trim_start()
                .chars()
                .next()
                .is_some_and(kanji_or_kana)
    });
    // Each line's first two characters but the first line's, and where
    // the widest line ends.
    let first_below: Vec<[Option<char>; 2]> = out
        .iter()
        .skip(1)
        .map(|l| {
            let mut chars = l.text.trim_start().chars();
            [chars.next(), chars.next()]
        })
        .collect();
    let widest_ink = starts.iter().map(|s| s.ink).fold(f64::MIN, f64::max);
    for ((((line, blank_below), (this, below)), indented_below), first_below) in out
        .iter_mut()
        .zip(blank_below)
        .zip(starts.iter().zip(starts.iter().skip(1)))
        .zip(indented_below)
        .zip(first_below)
        .take(count.saturating_sub(1))
    {
        let end = line.text.trim_end();
        // After a line that ends mid-clause (a particle, a comma: `…待ち時
        // 間を` / `Web（https://…`), the run goes on across a bracket; after
        // one that may end a paragraph or an item (`・ホームページでの周知` /
        // `Web（…`), only the letters before it count (helper-162's review:
        // the run joined, such an item had been read as wrapped, `ok`).
        let mid_clause = end.ends_with(MID_CLAUSE);
        let (ink, below_run) = (this.ink, if mid_clause { below.glued } else { below.run });
        let sentence = end.ends_with(['。', '.', ')', '）', '」', '』']);
        // Short where the next line's opening run would not have fitted
        // on it: a wrap (`…前年度` / `(10,987件)より`), unless a sentence
        // or a heading (`【問合せ先】`, `問合せ先：`) ends there.
        let heading = end.ends_with(['】', '：', ':']);
        // Review: so where what the writer keeps together would not have
        // fitted (`…公表し` / `た。AI・RPA…`).
        let fits = |full: f64, width: f64| full - ink + FIT * line.size >= width;
        // The next line's run of half-width letters and digits would not
        // have fitted on this one.
        let run_too_wide =
            below_run.is_some_and(|width| right - line.bbox[2] < width + 0.5 * line.size);
        let run_moved = !sentence
            && !heading
            && (run_too_wide || below.opening.is_some_and(|o| !fits(right, o.kept)));
        // A sentence's end where what the next line opens with (its run
        // of half-width signs, or the characters the writer keeps
        // together there) would have fitted and may open a line: the
        // writer did not wrap there, the paragraph ended (a paragraph one
        // character short of the cell, with none indented). Where only
        // its first character would have fitted, or it would have fitted
        // only if the widest line is full rather than hanging its stop,
        // the writer may have wrapped there: unsure.
        let opening = below
            .opening
            .filter(|o| o.may_open && horizontal && end.ends_with('。'));
        let fitted = full
            .zip(opening)
            .is_some_and(|(full, opening)| fits(full.full, opening.kept));
        // Review: a line two characters short or more that ends with `。`
        // before what the writer keeps together and could not have set
        // there (`日々、`, `「人々」`) may be a wrap as well as a
        // paragraph's end: unsure, not short.
        let far = line.bbox[2] < right - 2.0 * line.size && !run_moved
            || sentence && line.bbox[2] < reach - 2.0 * line.size;
        // So too a sentence's end before a run of half-width letters or
        // digits that would not have fitted after it (`…発信する。` /
        // `Instagram…`, `(12,345,678件)`): moved down whole, the run leaves
        // the line as short whether the paragraph ended there or not
        // (rev101 a05).
        let held = far
            && (opening.is_some_and(|opening| {
                !opening.half_width && !fits(right.max(reach), opening.kept)
            }) || end.ends_with(['。', '．']) && run_too_wide);
        line.ends_short = far && !held || blank_below || fitted;
        // A full line ending a sentence (or a bracket) over a line that
        // hangs under the item's text: the item's wrap, or a paragraph
        // indented an em after it — the page cannot tell (rev94, rev98
        // a7: `…（完了）`).
        let hung_paragraph =
            below.hangs && end.ends_with(['。', '．', '！', '？', '）', ')', '」', '』']);
        // A full line ending no sentence over a line set in as far: an
        // item's wrap (its mark drawn, not written), or an item as long
        // as the line, over the next (rev98 a1, f1: noun-phrase items of
        // a drawn list glued) — unless the line below opens with what no
        // line opens with.
        let block_item = below.continues && !below.kept_off;
        // A line ending a sentence as it fills the cell, in a cell that
        // sets no paragraph in: a wrap after the sentence, or the
        // paragraph's end as long as the line — the page cannot tell
        // (rev99: LaTeX and WeasyPrint sheets, whose paragraphs start
        // flush, two paragraphs read as one, `ok`), unless the line below
        // opens with what no line opens with.
        let full_stop =
            !indents && horizontal && end.ends_with(['。', '．', '！', '？']) && !below.kept_off;
        // A line of a prose cell (a `。` or `、` in it: not a department's
        // name over its parent's) ending in a half-width letter or digit
        // (or `%`), over a line not set in that opens with a full-width
        // character (not a particle, nor after a figure a counter, which
        // no paragraph opens with: `LINE` / `の登録者数は…`, `1,250` /
        // `人から…`; see [`goes_on`]), where the paragraph may have ended
        // (a telephone number, a web address): the cell's widest line (no
        // other ending a fifth of an em further) more than a quarter em
        // short of where its rules let the text reach — as a measure of a
        // full line it measures itself (see [`full_width`]): the next
        // line's opening did not fit after it whether the writer wrapped
        // there or the paragraph ended (Writer: `問合せはTEL 03-5555-0123`
        // / `相談の記録は…`, helper-149's 12 of 156 sheets read as one
        // line, `ok`; helper-152: so too where the next paragraph's full
        // first line ends as far) —, or another line short of the cell's
        // full lines by as much as the next line's first character: the
        // writer did not wrap there for want of room, but may have kept
        // that character with what follows. The page cannot tell. (Not a
        // line short of the full lines by less, nor measured against the
        // rules: a writer wraps a Latin run whole, `区役所HP` /
        // `トップページに…` in the seed sheets ending short of where the
        // rules let the text reach by an em or more.) Where the line ends
        // two sizes short of the cell's widest, the paragraph ended
        // (`ends_short`).
        let widest = ink > widest_ink - 0.2 * line.size;
        let letters_end = horizontal
            && prose
            && !sentence
            && !heading
            && !indented_below
            && !below.hangs
            && !below.continues
            && !below.kept_off
            && end.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '%')
            && !goes_on(end, first_below)
            && below.opening.is_some_and(|o| {
                o.may_open
                    && !o.half_width
                    && if widest {
                        inner.is_some_and(|inner| ink < inner - 0.25 * line.size)
                    } else {
                        full.is_some_and(|full| fits(full.full, o.least))
                    }
            });
        line.ends_unsure = !line.ends_short
            && (hung_paragraph
                || block_item
                || full_stop
                || letters_end
                || !indented_below
                    && (held
                        || full.zip(opening).is_some_and(|(full, opening)| {
                            fits(full.full, opening.least)
                                || full.wider.is_some_and(|wider| fits(wider, opening.kept))
                        })));
        // In a ruled cell whose text reaches the rule on none of its lines
        // (its widest line two font sizes or more short of where the text
        // may reach), a line after which what the next line opens with
        // would have fitted before the rule (see
        // [`TextLine::ends_before_rule`]).
        // (In a cell centred or set flush right, whose lines fill it where
        // they wrap, a line an em and a half short of where the text may
        // reach: the widest of a few items, helper-118.)
        let short_cell = match padding {
            Some(_) => rule.is_some_and(|rule| line.bbox[2] < rule - 1.5 * line.size),
            None => inner.is_some_and(|inner| right < inner - 2.0 * line.size),
        };
        // (Not over a line that hangs under an item's text or goes on with
        // a block set in: those are wraps, sure.)
        line.ends_before_rule = short_cell
            && !line.ends_short
            && !line.ends_unsure
            && !indented_below
            && !below.hangs
            && !below.continues
            && horizontal
            && rule
                .zip(below.opening)
                .is_some_and(|(rule, o)| fits(rule, o.kept));
    }
    if let Some(last) = out.last_mut() {
        last.ends_short = last.text.trim_end().ends_with(['。', '！', '？'])
            && last.bbox[2] < reach - 2.0 * last.size;
    }
    // A line set in as an indent is in a cell whose lines stand as
    // centred or right-aligned text does (`indent_unsure`): it may be a
    // wrapped paragraph's last line.
    // (Not a line opening with an ideographic space: that opens a
    // paragraph, sure.)
    if indent_unsure {
        for (line, &k) in out.iter_mut().zip(&kept).skip(1) {
            line.opens_unsure = line.indented && original[k].1[0].text != "\u{3000}";
        }
    }
    // Where the lines were moved, they are put back.
    if moves.is_some() {
        for (line, k) in out.iter_mut().zip(kept) {
            line.bbox = bbox(&original[k].1);
        }
    }
    out
}

/// How each line of a cell is moved before it is read (see [`read_cell`]):
/// left by a shift, and each glyph after the first by a gap more than the
/// one before; none where no line moves. A line of a centred or
/// right-aligned cell (`aligned`) is shifted as far as it starts right of
/// the cell's leftmost line. A line set letter-spaced (see
/// [`letter_spacing`]) that reaches where the cell's text may reach (its
/// right rule less the padding kept from the left one: within half an em)
/// is a line spread across the cell, and is closed up: in a cell where a
/// line set as far apart stops short of it, the glyphs stand apart
/// throughout (a character grid, a tracked font), and none is (read
/// closed up, full lines had ended short of the rule). A wrapped line a
/// writer spread to justify it (`詳しくは` before a web address moved down
/// whole) is closed up too: the room it leaves is what the next line's
/// opening did not fit in, which `cell_lines` reads as a wrap.
fn moves(
    lines: &[(f64, Vec<&Glyph>)],
    edges: Option<(f64, f64)>,
    aligned: bool,
) -> Option<Vec<(f64, f64)>> {
    let gaps: Vec<Option<f64>> = lines.iter().map(|(_, l)| letter_spacing(l)).collect();
    if !aligned && gaps.iter().all(Option::is_none) {
        return None;
    }
    let spans: Vec<Option<(f64, f64)>> = lines.iter().map(|(_, l)| line_extent(l)).collect();
    let reach = edges
        .and_then(|edges| rule_reach(lines, edges))
        .unwrap_or_else(|| spans.iter().flatten().map(|s| s.1).fold(f64::MIN, f64::max));
    let spread = gaps
        .iter()
        .zip(&spans)
        .zip(lines)
        .all(|((gap, span), (_, line))| {
            gap.is_none() || span.is_some_and(|(_, end)| end >= reach - 0.5 * line[0].size)
        });
    let left = spans.iter().flatten().map(|s| s.0).fold(f64::MAX, f64::min);
    let moves: Vec<(f64, f64)> = spans
        .iter()
        .zip(&gaps)
        .map(|(span, gap)| {
            let shift = span
                .filter(|_| aligned)
                .map_or(0.0, |(start, _)| start - left);
            (shift, gap.filter(|_| spread).unwrap_or(0.0))
        })
        .collect();
    moves
        .iter()
        .any(|&(shift, gap)| shift > 0.0 || gap > 0.0)
        .then_some(moves)
}

/// Where a cell's text may reach by its rules (`edges`: left, right): the
/// right rule less the padding the text keeps from the left one, from the
/// first glyph of any line, white space included (a paragraph indented
/// with an ideographic space is text, not padding). None for a cell of no
/// horizontal text.
fn rule_reach(lines: &[(f64, Vec<&Glyph>)], (cell_left, cell_right): (f64, f64)) -> Option<f64> {
    let padded = lines
        .iter()
        .filter_map(|(_, l)| line_extent(l))
        .map(|(start, _)| start)
        .fold(f64::MAX, f64::min);
    (padded < f64::MAX).then(|| cell_right - (padded - cell_left).max(0.0))
}

/// How far apart a line's glyphs are set, each from the next, where they
/// all are alike, a fifth of the first inked glyph's font size or more,
/// and the line holds a kanji or a kana (of two glyphs: both are, or
/// full-width signs, `す。`): a line set letter-spaced (均等割付, or a
/// paragraph's last line spread to the cell's width; see [`moves`]).
fn letter_spacing(line: &[&Glyph]) -> Option<f64> {
    let japanese = |g: &&Glyph| g.text.chars().any(kanji_or_kana);
    let wide = |g: &&Glyph| {
        g.text.chars().all(|c| {
            kanji_or_kana(c) || matches!(c, '\u{3001}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}')
        })
    };
    let enough = match line.len() {
        0 | 1 => false,
        2 => line.iter().all(wide),
        _ => line.iter().any(japanese),
    };
    if !enough || line.iter().any(|g| g.direction != Direction::LeftToRight) {
        return None;
    }
    let size = line.iter().find(|g| !g.text.trim().is_empty())?.size;
    let mut gaps = line.windows(2).map(|w| w[1].x - (w[0].x + w[0].width));
    let first = gaps.next()?;
    let (low, high) = gaps.try_fold((first, first), |(lo, hi), gap| {
        (gap >= 0.2 * size).then_some((lo.min(gap), hi.max(gap)))
    })?;
    (low >= 0.2 * size && high - low <= 0.1 * size).then_some(low)
}

/// Whether a character is a kanji (`々` too) or a kana.
fn kanji_or_kana(c: char) -> bool {
    matches!(c, '\u{3005}' | '\u{3041}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}')
        || matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Where a line of horizontal text starts (white space glyphs counted: a
/// writer aligns a line with the ideographic spaces it opens with) and
/// where its last glyph that is not white space ends; none for a line of
/// white space only.
fn line_extent(line: &[&Glyph]) -> Option<(f64, f64)> {
    let first = line
        .first()
        .filter(|g| g.direction == Direction::LeftToRight)?;
    let last = line.iter().rev().find(|g| !g.text.trim().is_empty())?;
    Some((first.x, last.bbox()[2]))
}

/// How a cell's lines are aligned, as far as they show it (see
/// [`Alignment::of`]). A column's cells are read as centred (or flush
/// right) where one of them at least is and none is otherwise; a cell
/// whose lines show it `alone` is read so whatever its column's others
/// show.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Alignment {
    /// The lines' middles are level.
    Centred { alone: bool },
    /// The lines' ends are level.
    Right { alone: bool },
    /// Neither: lines of different widths start level, or stand anyhow.
    NotAligned,
    /// Lines of prose (the widest ten characters or more) level as
    /// centred or flush right text stands, but set in no further than a
    /// paragraph's indent may be (see [`Alignment::of`]): set flush left,
    /// such a line is an indented paragraph's first, whose lines fill the
    /// cell as those around it do. Read as placed, whatever the column.
    Indented,
    /// One line, lines as wide and standing as flush left text does, lines
    /// that are not horizontal Japanese text, or such lines as
    /// [`Alignment::Indented`] shorter (a table header's label of a few
    /// words on two lines, centred: the break in it said of every such
    /// table would say nothing).
    Unknown,
}

impl Alignment {
    /// Lines of horizontal Japanese text (more than half of them holding a
    /// kanji or a kana: a column of figures set flush right, a label over
    /// its figure, says nothing of paragraphs; a paragraph's line may be a
    /// web address).
    /// Of different widths (by 0.8 of the smallest font size or more),
    /// they are centred where their middles lie within a quarter of that
    /// size of each other, set flush right where their ends do (a line
    /// from its first glyph, white space counted: a writer aligns a line
    /// with the ideographic spaces it opens with, to its last glyph that is
    /// not white space); so aligned, but where the lines are set in no
    /// further than an indent may be (0.8 to 1.5 of that size; flush right,
    /// alike by up to 2.5), [`Alignment::Indented`]. Otherwise they show it
    /// `alone` where one is set in 1.5 of that size or more. Lines none of which
    /// starts within 1.5 of that size of the cell's left rule (`edges`)
    /// show it alone by the cell's rules, whatever their widths (items of
    /// as many characters, a line alone: the rest of a centred cell a page
    /// break cut): centred where their middles lie within half that size
    /// of the cell's, flush right where their ends lie level within one
    /// size of the right rule.
    fn of(lines: &[(f64, Vec<&Glyph>)], edges: Option<(f64, f64)>) -> Alignment {
        let horizontal = lines
            .iter()
            .all(|(_, l)| l.iter().all(|g| g.direction == Direction::LeftToRight));
        let spans: Vec<(f64, f64)> = lines.iter().filter_map(|(_, l)| line_extent(l)).collect();
        let japanese = lines
            .iter()
            .filter(|(_, l)| l.iter().any(|g| g.text.chars().any(kanji_or_kana)))
            .count()
            * 2
            > spans.len();
        let size = lines
            .iter()
            .flat_map(|(_, l)| l.iter())
            .filter(|g| g.size > 0.0 && !g.text.trim().is_empty())
            .map(|g| g.size)
            .fold(f64::MAX, f64::min);
        if !horizontal || !japanese || spans.is_empty() {
            return Alignment::Unknown;
        }
        let range = |values: &mut dyn Iterator<Item = f64>| {
            values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
        };
        let (narrowest, widest) = range(&mut spans.iter().map(|s| s.1 - s.0));
        let (low, high) = range(&mut spans.iter().map(|s| (s.0 + s.1) / 2.0));
        let (first_end, last_end) = range(&mut spans.iter().map(|s| s.1));
        let (leftmost, rightmost) = range(&mut spans.iter().map(|s| s.0));
        // By the cell's rules, where no line starts near the left one.
        if let Some((left, right)) = edges
            && leftmost - left >= 1.5 * size
        {
            let middle = (left + right) / 2.0;
            if low >= middle - 0.5 * size && high <= middle + 0.5 * size {
                return Alignment::Centred { alone: true };
            }
            if first_end >= right - size && last_end - first_end <= 0.25 * size {
                return Alignment::Right { alone: true };
            }
        }
        if widest - narrowest < 0.8 * size {
            return Alignment::Unknown;
        }
        let set_in = rightmost - leftmost;
        let alone = set_in >= 1.5 * size;
        let aligned = if high - low <= 0.25 * size {
            Alignment::Centred { alone }
        } else if last_end - first_end <= 0.25 * size {
            Alignment::Right { alone }
        } else {
            return Alignment::NotAligned;
        };
        // Lines set flush left fill the cell as flush right ones end: set
        // in alike (by as much, within a quarter of the size), up to 2.5
        // sizes, they may be paragraphs' first lines indented (two ems,
        // helper-118). Centred, a line set in as an indent is would end as
        // short too: only up to 1.5 sizes.
        let indents = match aligned {
            Alignment::Right { .. } => {
                set_in < 2.5 * size
                    && spans
                        .iter()
                        .map(|s| s.0 - leftmost)
                        .all(|d| d < 0.8 * size || d >= set_in - 0.25 * size)
            }
            _ => set_in < 1.5 * size,
        };
        if set_in >= 0.8 * size && indents {
            if widest >= 10.0 * size {
                Alignment::Indented
            } else {
                Alignment::Unknown
            }
        } else {
            aligned
        }
    }

    /// Whether the lines show themselves centred or flush right whatever
    /// their column's other cells show.
    fn alone(self) -> bool {
        matches!(
            self,
            Alignment::Centred { alone: true } | Alignment::Right { alone: true }
        )
    }
}

/// Where the text of a line opening a list's item starts after its mark:
/// a bullet or a circled number (`・`, `•`, `○`, `①`), a number or letter in
/// brackets (`(1)`, `（ア）`), digits before a stop or bracket (`2.`,
/// `３）`), or a katakana of `ア`–`コ` set apart (`ア　`), white space after
/// the mark skipped. None for other lines.
fn item_text_start(line: &[&Glyph]) -> Option<f64> {
    let mut glyphs = line
        .iter()
        .skip_while(|g| g.text.trim().is_empty())
        .peekable();
    let first = glyphs.next()?.text.chars().next()?;
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let is = |g: &&&Glyph, f: &dyn Fn(char) -> bool| g.text.chars().next().is_some_and(f);
    if "(（".contains(first) {
        // One to three numbers or letters, then the closing bracket.
        let mut inside = 0;
        while glyphs
            .next_if(|g| is(g, &|c| c.is_alphanumeric()))
            .is_some()
        {
            inside += 1;
        }
        glyphs.next_if(|g| inside > 0 && inside <= 3 && is(g, &|c| ")）".contains(c)))?;
    } else if digit(first) {
        while glyphs.next_if(|g| is(g, &digit)).is_some() {}
        glyphs.next_if(|g| is(g, &|c| ".．)）".contains(c)))?;
    } else if "アイウエオカキクケコ".contains(first) {
        // A katakana item (`ア　…`, `イ　…`: official documents' third
        // level), set apart from its text by white space (rev98 a5).
        let mark = line.iter().find(|g| !g.text.trim().is_empty())?;
        let gap = glyphs.peek().is_some_and(|g| {
            g.text.trim().is_empty() || g.x - (mark.x + mark.width) >= 0.5 * mark.size
        });
        if !gap {
            return None;
        }
    } else if !("・•○●◎◆◇■□※＊*－".contains(first) || ('①'..='⑳').contains(&first))
    {
        return None;
    }
    glyphs.find(|g| !g.text.trim().is_empty()).map(|g| g.x)
}

/// How much of an em a line's room may fall short of what the next line
/// opens with and still be taken to hold it: the rounding of a writer's
/// positions, not a proportional letter's fraction of an em.
const FIT: f64 = 0.02;

/// What a cell's line opens with (see `cell_lines`): whether a line may
/// open with its first glyph, the width of the least a writer could have
/// set on the line above, and the width of what it keeps together there.
#[derive(Clone, Copy)]
struct Opening {
    may_open: bool,
    /// Whether the line opens with a half-width letter or sign, which a
    /// writer does not set apart from a `。` before it: a `。` ending the
    /// line above ends its paragraph.
    half_width: bool,
    least: f64,
    kept: f64,
}

/// What a cell's line starts and ends with: the width of its run of
/// half-width signs, if it opens with one; its [`Opening`]; and where its
/// last glyph that is not white space ends.
struct LineStart {
    run: Option<f64>,
    /// The run's width with the runs a full-width opening bracket joins to
    /// it (`Web（https://…`).
    glued: Option<f64>,
    opening: Option<Opening>,
    ink: f64,
    /// Whether the line hangs under a list item's text (see `cell_lines`).
    hangs: bool,
    /// Whether the line goes on with the full line above it, both set in
    /// as a block (see `cell_lines`).
    continues: bool,
    /// Whether the line opens with a character no line opens with (see
    /// [`never_opens`]): the line above is surely wrapped.
    kept_off: bool,
}

/// Whether text opening with this is never set at a line's start (Japanese
/// line breaking, kinsoku): a closing bracket or stop, a small kana, the
/// prolonged sound mark.
fn never_opens(text: &str) -> bool {
    text.starts_with([
        '。', '、', '，', '．', '）', '」', '』', '】', '〕', '］', '〉', '》', 'ゃ', 'ゅ', 'ょ',
        'っ', 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'ャ', 'ュ', 'ョ', 'ッ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ',
        'ー', '々',
    ])
}

/// Where a cell's full lines end (see [`full_width`]): `full`, and where a
/// line that ends in a stop reaches past it and may be full rather than
/// hanging its stop, `wider`, its edge.
#[derive(Clone, Copy)]
struct Measure {
    full: f64,
    wider: Option<f64>,
}

/// Where a cell's text ends on a full line (`lines` with their [`LineStart`]s,
/// each measured to its last glyph that is not white space): the widest
/// line, not counting a comma or full stop hung past the margin (a writer
/// may let `、` and `。` hang rather than open the next line with them,
/// so the line that ends in one is an em wider than a full line). A line
/// ending in one that passes the lines ending in another character by
/// more than half an em hangs there, where two or more of them end
/// together (full lines; one alone may stop short, its last character
/// moved down with the next); with one alone, it may be full instead
/// ([`Measure::wider`]). Where no line ends in another character, the
/// cell's rules tell where the text may reach (`inner`); without them, a
/// cell whose every line ends in one has no measure (`None`).
fn full_width(lines: &[TextLine], starts: &[LineStart], inner: Option<f64>) -> Option<Measure> {
    let size = lines.first()?.size;
    let edges: Vec<(f64, bool)> = lines
        .iter()
        .zip(starts)
        .map(|(l, s)| (s.ink, l.text.trim_end().ends_with(['、', '。', '，', '．'])))
        .collect();
    let plain = edges
        .iter()
        .filter(|(_, stop)| !stop)
        .map(|&(e, _)| e)
        .reduce(f64::max);
    let bound = plain.or(inner)?;
    let full = edges
        .iter()
        .filter(|&&(e, stop)| stop && e <= bound + 0.5 * size)
        .map(|&(e, _)| e)
        .chain(plain)
        .reduce(f64::max)?;
    let confirmed = plain.is_some_and(|plain| {
        edges
            .iter()
            .filter(|&&(e, stop)| !stop && e > plain - 0.2 * size)
            .count()
            >= 2
    });
    let widest = edges.iter().map(|&(e, _)| e).fold(full, f64::max);
    Some(Measure {
        full,
        wider: (!confirmed && widest > full).then_some(widest),
    })
}

/// Whether a line opening with `first` and `second` goes on with the line
/// above, which ends `end`: no paragraph opens with a particle (`の`, `を`,
/// `は` …), nor, after a figure, with a counter (`人`, `件`, `円` …).
fn goes_on(end: &str, [first, second]: [Option<char>; 2]) -> bool {
    let Some(first) = first else {
        return false;
    };
    let hiragana = |c: char| matches!(c, 'ぁ'..='ゖ');
    let kanji = |c: char| matches!(c, '\u{4E00}'..='\u{9FFF}' | '々');
    // A particle before a word that is no hiragana's (`の登録者数`; not
    // `はじめに`, `やさしい日本語`, `できる限り`, `がん検診`).
    let particle = "をのにはがへでとやもか".contains(first) && !second.is_some_and(hiragana);
    // A counter after a plain figure (`1,250` / `人から`; not a telephone
    // number's `0123`, cut by `-`) before no kanji (not `個人情報`,
    // `人材`, `年度`).
    let figure = end
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
        .len();
    let plain = figure < end.len() && !end[..figure].ends_with('-');
    let counter =
        plain && "人件円回名年月日時分歳個枚世".contains(first) && !second.is_some_and(kanji);
    particle || counter
}

/// Whether a line may open with a bracket or quotation mark here, which
/// a writer keeps with the character after it.
fn opens_bracket(text: &str) -> bool {
    text.starts_with([
        '「', '『', '（', '(', '【', '〔', '［', '[', '｛', '{', '〈', '《', '“', '‘', '〝', '｢',
        '〘', '〖', '｟', '«', '￥', '¥', '＄', '$',
    ])
}

/// Whether a glyph is a character a Japanese writer sets anywhere in a
/// line, at its start or its end: a kanji, a kana other than a small one
/// or a mark (`ー`, `ゝ`), a letter or a digit. A line may open with no
/// other (a stop, a closing bracket, `％`, `々`), or the writer keeps it
/// with its neighbour; whatever is not listed here counts as such.
fn sets_anywhere(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
            || matches!(c, 'あ'..='ゔ' | 'ア'..='ヺ')
                && !"ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ".contains(c)
            || c.is_ascii_alphanumeric()
            || matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
    })
}

/// Whether a glyph is a half-width letter, digit or sign, which a writer
/// keeps with its neighbours of the same kind when it wraps a line.
fn half_width(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_graphic())
}

/// What a line that ends mid-clause ends with: a particle or a comma.
const MID_CLAUSE: [char; 13] = [
    'を', 'に', 'の', 'は', 'が', 'と', 'で', 'も', 'へ', 'や', '、', ',', '，',
];

/// Whether a glyph is a full-width opening bracket, which no line ends
/// with.
fn is_full_width_opening(text: &str) -> bool {
    ["（", "「", "『", "【", "〔", "［", "〈", "《"].contains(&text)
}

/// The words of a set of glyphs: runs along a line with no gap between
/// glyphs (a tenth of the font size at most). A white-space glyph is a
/// word of its own.
fn words(glyphs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    let mut out = Vec::new();
    for (_, line) in lines_of(glyphs) {
        let mut word: Vec<&Glyph> = Vec::new();
        let mut end = f64::MIN;
        for g in line {
            let f = frame(g);
            let blank = g.text.trim().is_empty();
            if !word.is_empty() && (blank || f.start - end > 0.1 * g.size) {
                out.push(std::mem::take(&mut word));
            }
            if blank {
                out.push(vec![g]);
                continue;
            }
            word.push(g);
            end = f.end;
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

/// A table without rules, from the alignment of its text: it starts at the
/// first line split into three or more segments by wide gaps (a header
/// row); its columns start where segments of its lines start again and
/// again (or end, right-aligned); a row ends at a gap between lines clearly
/// wider than the usual line spacing (row padding), at a horizontal rule,
/// or, where no padding shows, before a line with text in every column (and
/// the other lines the rules below tell: a figure under a figure, a label
/// at its row's foot, a header's second line). A segment belongs to the
/// column it starts in, so a header spanning several columns stays whole,
/// unless it ends with a right-aligned column further right, or a header
/// word stands centred over the text of another ([`centred_header`]).
/// Also how many lines were read as wraps though a cell of theirs would
/// have fitted on the line above ([`PageLayout::unruled_wraps_in_doubt`]).
fn aligned_table(page: &Page, lines: &[(f64, Vec<&Glyph>)]) -> Option<(Vec<Block>, usize)> {
    aligned_table_from(page, lines, None)
}

/// [`aligned_table`], its first line `start` where given.
fn aligned_table_from(
    page: &Page,
    given: &[(f64, Vec<&Glyph>)],
    start: Option<usize>,
) -> Option<(Vec<Block>, usize)> {
    let lines: Vec<&[&Glyph]> = given.iter().map(|(_, line)| line.as_slice()).collect();
    let split: Vec<Vec<Vec<&Glyph>>> = lines.iter().map(|l| segments(l)).collect();
    let found = start.is_none();
    let start = match start {
        Some(start) => start,
        None => split.iter().position(|s| s.len() >= 3)?,
    };
    let region = &split[start..];
    let multi = region.iter().filter(|s| s.len() >= 2).count();
    if region.len() < 3 || multi * 2 < region.len() {
        return None;
    }
    // Each segment's text, and whether it is a figure, found once.
    let texts: Vec<Vec<String>> = region
        .iter()
        .map(|segs| {
            segs.iter()
                .map(|seg| seg.iter().map(|g| g.text.as_str()).collect())
                .collect()
        })
        .collect();
    let figures: Vec<Vec<bool>> = texts
        .iter()
        .map(|line| line.iter().map(|text| is_figure(text)).collect())
        .collect();
    // Column starts: segment starts that recur.
    let size = region[0][0][0].size;
    let mut starts: Vec<f64> = region.iter().flatten().map(|seg| seg[0].x).collect();
    starts.sort_by(f64::total_cmp);
    let mut columns: Vec<(f64, usize)> = Vec::new();
    for x in starts {
        match columns.last_mut() {
            Some((c, n)) if x - *c < size * 0.5 => *n += 1,
            _ => columns.push((x, 1)),
        }
    }
    let mut columns: Vec<f64> = columns
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(x, _)| x)
        .chain(right_edges(region, size))
        .collect();
    columns.sort_by(f64::total_cmp);
    columns.dedup_by(|b, a| *b - *a < size * 0.5);
    let (columns, ends) = right_aligned(columns, region, size);
    if columns.len() < 2 {
        return None;
    }
    // A segment's column: the last starting at or before it, or a
    // right-aligned one of the next two that it ends with (a header wider
    // than its figures: `Change (%)` over `8.4`).
    let column_of = |seg: &[&Glyph]| {
        let start = column_at(&columns, seg[0].x, size);
        let last = seg[seg.len() - 1];
        let end = last.x + last.width;
        // (The next two columns only: a header spills that far at most,
        // and each of thousands of segments asks.)
        ends.iter()
            .enumerate()
            .skip(start + 1)
            .take(2)
            .find(|(_, e)| e.is_some_and(|e| (e - end).abs() < size * 0.5))
            .map_or(start, |(k, _)| k)
    };
    // Each segment's column, found once. A header with a word for every
    // column, two of which would fall in one, has its words centred over
    // right-aligned figures: a word a column (helper-123's pdf_ind02:
    // `指標 令和元年度` had been one cell, every year a column left).
    let mut placed: Vec<Vec<usize>> = region
        .iter()
        .enumerate()
        .map(|(k, segs)| {
            let cols: Vec<usize> = segs.iter().map(|seg| column_of(seg)).collect();
            if k == 0 && segs.len() == columns.len() && cols.windows(2).any(|w| w[0] == w[1]) {
                (0..segs.len()).collect()
            } else {
                cols
            }
        })
        .collect();
    // A second header line of words, no figures, is measured against the
    // body under it, where there are rows enough to tell it (`Visits
    // Share` under `FY2022`).
    let words_only = |k: usize| !figures[k].contains(&true);
    // (Not a body row: its label starts in the first column's text.)
    if region.len() >= 4 && words_only(1) {
        let below = body_extents(region, &placed, &columns, size, 2);
        let labelled = region[1]
            .iter()
            .any(|seg| below[0].is_some_and(|(from, to)| (from..=to).contains(&seg[0].x)));
        if !labelled && let Some(header) = centred_header(&region[1], &placed[1], &below) {
            placed[1] = header;
        }
    }
    // A second header line of more words than the first has past its
    // first column, standing under the first's words and in columns it
    // leaves blank, none in the first column, is a header row of its own
    // (a unit under each word, `（人）`, is the word's wrap): sub-headers under a group's (`FY2022` spanning `Visits`
    // and `Share`), not its wrap (helper-128: `令和5年度件数` one cell).
    // The group's words then start the columns they span, as they stand.
    let sub_header = region.len() >= 4
        && words_only(1)
        && placed[1].len() > placed[0].iter().filter(|&&c| c > 0).count()
        && !placed[1].contains(&0)
        && placed[1].iter().any(|c| !placed[0].contains(c))
        && placed[1].iter().any(|c| placed[0].contains(c));
    let extents = body_extents(region, &placed, &columns, size, 1);
    if !sub_header && let Some(header) = centred_header(&region[0], &placed[0], &extents) {
        placed[0] = header;
    }
    // A header of two words or more over a first row with its label, at
    // the rows' pitch, its top-left cell blank and each word centred over
    // a column of its own, is the table's (helper-128: `FY2022 FY2023` over
    // `North 52,340 52,902` had been a heading above a table without one).
    if found && start > 0 {
        let above = &split[start - 1];
        let labels = extents[0];
        let in_labels =
            |seg: &Vec<&Glyph>| labels.is_some_and(|(from, to)| (from..=to).contains(&seg[0].x));
        let pitch = region.get(1).map(|next| region[0][0][0].y - next[0][0].y);
        let near = pitch.is_some_and(|pitch| above[0][0].y - region[0][0][0].y <= pitch * 1.4);
        let over_columns = centred_header(above, &vec![0; above.len()], &extents)
            .is_some_and(|cols| cols.iter().all(|&c| c > 0));
        if above.len() >= 2
            && near
            && !above.iter().any(in_labels)
            && region[0].iter().any(in_labels)
            && over_columns
        {
            return aligned_table_from(page, given, Some(start - 1));
        }
    }
    // Where the last column's text stops furthest right.
    let last_right = region
        .iter()
        .zip(&placed)
        .flat_map(|(segs, cols)| segs.iter().zip(cols.iter().copied()))
        .filter(|&(_, c)| c == columns.len() - 1)
        .map(|(seg, _)| seg[seg.len() - 1].x + seg[seg.len() - 1].width)
        .fold(f64::MIN, f64::max);
    // Row breaks: gaps between baselines wider than the usual spacing.
    let baselines: Vec<f64> = region.iter().map(|s| s[0][0].y).collect();
    let mut gaps: Vec<f64> = baselines.windows(2).map(|w| w[0] - w[1]).collect();
    let typical = {
        let mut sorted = gaps.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.get(sorted.len() / 4).copied().unwrap_or(size)
    };
    gaps.push(f64::MAX);
    // Where the gaps show no padding between rows, a line with text in
    // every column opens a row of its own: lines set at one pitch
    // are rows one line tall, and the lines under such a line that leave
    // columns empty are its cells' wraps (rev83 m27, r18b: a table without
    // rules at one pitch was one row, each column's figures one cell).
    // Padding shows where such a line stands further below the line
    // before it than the pitch, twice or more (once may be the header set
    // off from the body).
    let full: Vec<bool> = placed
        .iter()
        .map(|cols| {
            let mut covered = cols.clone();
            covered.dedup();
            covered.len() == columns.len()
        })
        .collect();
    let padded = (0..region.len().saturating_sub(1))
        .filter(|&k| gaps[k] > typical * 1.4 && full[k + 1])
        .count()
        >= 2;
    // A line running across the start of the column after the one it
    // starts in is no cell's wrap: a row of its own (a note under the
    // table, at its pitch, had joined the last row's first cell).
    // (By the column it starts in: one whose end was taken for a
    // right-aligned column's, a note's as long as the table is wide, still
    // runs across — helper-128's R20.)
    let across: Vec<bool> = region
        .iter()
        .zip(&placed)
        .map(|(segs, cols)| {
            segs.iter().zip(cols).any(|(seg, &c)| {
                let last = seg[seg.len() - 1];
                let c = c.min(column_at(&columns, seg[0].x, size));
                columns
                    .get(c + 1)
                    .is_some_and(|&next| last.x + last.width > next + size * 0.5)
            })
        })
        .collect();
    // Horizontal rules between two lines (a booktabs table's, under its
    // header and its last row) end a row: the notes under the table had
    // been its last row's wraps. Thin ones across the whole table only:
    // a bar chart's bars are no rules, nor the edges of the bars. By their
    // height, for a binary search.
    let mut rules: Vec<f64> = page
        .rules
        .iter()
        .filter(|r| {
            r.y1 - r.y0 <= MAX_RULE_WIDTH && r.x0 <= columns[0] + size && r.x1 >= last_right - size
        })
        .map(|r| (r.y0 + r.y1) / 2.0)
        .collect();
    rules.sort_by(f64::total_cmp);
    let ruled = |k: usize| {
        let (above, below) = (region[k - 1][0][0], region[k][0][0]);
        let from = rules.partition_point(|&y| y <= below.y + below.size * 0.5);
        rules.get(from).is_some_and(|&y| y < above.y)
    };
    // Columns whose text ends at one place though it starts at several,
    // under the header (which may centre its words): in one pass over the
    // segments, each column's least and most start and whether every end
    // is at its median.
    let mut spread = vec![(f64::MAX, f64::MIN, true); columns.len()];
    for (segs, cols) in region.iter().zip(&placed).skip(1) {
        for (seg, &c) in segs.iter().zip(cols) {
            let last = seg[seg.len() - 1];
            let (least, most, flush) = &mut spread[c];
            *least = least.min(seg[0].x);
            *most = most.max(seg[0].x);
            *flush &= ends[c].is_some_and(|end| (last.x + last.width - end).abs() < size * 0.5);
        }
    }
    let flush_right: Vec<bool> = spread
        .iter()
        .map(|&(least, most, flush)| flush && most - least > size * 0.5)
        .collect();
    // For each segment of each line, the index of the line above's last
    // segment in the same column, found walking both lines once (their
    // columns run left to right): time linear in the lines, however many
    // segments. (None for the first line.)
    let above: Vec<Vec<Option<usize>>> = (0..region.len())
        .map(|k| {
            let Some(up) = k.checked_sub(1) else {
                return vec![None; placed[k].len()];
            };
            let mut walk = placed[up].iter().enumerate().peekable();
            placed[k]
                .iter()
                .map(|&c| {
                    let mut last_in_column = None;
                    while let Some((s, &at)) = walk.next_if(|&(_, &at)| at <= c) {
                        if at == c {
                            last_in_column = Some(s);
                        }
                    }
                    last_in_column
                })
                .collect()
        })
        .collect();
    // Where line `k`'s segment `s`'s column's text on the line above ends.
    let end_above = |k: usize, s: usize| {
        above[k][s].map(|u| {
            let up = &region[k - 1][u];
            let last = up[up.len() - 1];
            last.x + last.width
        })
    };
    // Where no padding shows, a line whose every cell's first word would
    // have fitted on the line above, in the room its column leaves right
    // of the text there, is no wrap but a row of its own, though it leaves
    // cells blank (helper-123's pdf_ind02, pdf_ind03: a table of
    // indicators with a year's figure missing had been one row, every
    // column's figures one cell). A flush-right column's text, or a figure
    // alone (helper-127: `14.81` over `17.10`, of one width, start
    // together), does not wrap; a column empty on the line above leaves
    // nothing to wrap.
    let fits_above = |k: usize| {
        placed[k - 1].first() == Some(&0)
            && region[k]
                .iter()
                .zip(&placed[k])
                .enumerate()
                .all(|(s, (seg, &c))| {
                    flush_right[c]
                        || end_above(k, s).is_none_or(|end| {
                            let right = columns.get(c + 1).copied().unwrap_or(last_right);
                            first_word_width(seg) < right - end - size
                        })
                        || figures[k][s]
                })
    };
    // (Only a line with text past the first column, in a row that has
    // some: a label's line beside blank cells may be its wrap or a line it
    // was broken at, and a label alone over a row's figures its first line
    // — helper-127.)
    let beyond = |k: usize| placed[k].iter().any(|&c| c > 0);
    // Whether every line from `k` on is of one segment, found once from
    // the bottom up.
    let mut single_from = vec![true; region.len() + 1];
    for k in (0..region.len()).rev() {
        single_from[k] = region[k].len() == 1 && single_from[k + 1];
    }
    // Whether a line holds plain amounts alone (a dash or dots stand for
    // an amount not given: `1,916 -`).
    let amounts_only = |k: usize| {
        texts[k].iter().any(|t| is_amount(t))
            && texts[k].iter().all(|t| is_amount(t) || is_placeholder(t))
    };
    // The first body line of plain amounts alone under a line with
    // figures.
    let first_unnamed = (2..region.len()).find(|&k| {
        !placed[k].contains(&0) && amounts_only(k) && figures[k - 1].iter().skip(1).any(|&f| f)
    });
    // A figure under a figure in the same column past the first, on a
    // line that names something: figures do not wrap, so the line is a
    // row of its own, whatever cells it leaves blank (helper-128: a
    // total's row, its label blank or set in the column after, had joined
    // the last row, `350,210 4,364,714` one cell).
    // (A line of figures alone may be a cell's second line, `402` over
    // `(388)`, two phone numbers or two sessions' times: a row's line
    // names it too, `Total`, `合計`, or holds plain amounts only, a total
    // without its label.)
    let figure_under_figure = |k: usize| {
        let named = figures[k].contains(&false);
        // (Amounts alone at the table's foot, the lines under them notes,
        // and the only such line: amounts alone under the rows are each
        // row's second line, `上段` / `下段`.)
        let amounts = single_from[k + 1] && first_unnamed == Some(k);
        (named || amounts)
            && placed[k].iter().enumerate().any(|(s, &c)| {
                c > 0 && figures[k][s] && above[k][s].is_some_and(|u| figures[k - 1][u])
            })
    };
    // A line that would be read as the wrap of the row above though a cell
    // of it would have fitted on the line above, in the room its column
    // leaves there: a row of its own that leaves cells blank (a sub-item,
    // `of which urgent`, under its total), a note under the table at the
    // rows' pitch, or a label broken on purpose — the page does not say
    // which (helper-128). Such lines are counted, for a warning. The room
    // of a line of one cell is taken to the end of its column's widest
    // text, which the column's cells are at least as wide as (a label
    // broken with room left before the next column, `Average waiting time`
    // / `per visitor (min)`, in a column wider than its text, is no
    // doubt); that of a line of several cells, one of which has room above
    // and the others not, to the next column (`Insurance` / `Insurance`
    // under `Records` / `Citizens Section`: a row leaving its phone blank).
    let fits_in_room = |k: usize| {
        let one_cell = region[k].len() == 1;
        region[k]
            .iter()
            .zip(&placed[k])
            .enumerate()
            .any(|(s, (seg, &c))| {
                end_above(k, s).is_some_and(|end| {
                    let right = if one_cell {
                        extents[c].map_or(last_right, |(_, end)| end)
                    } else {
                        columns.get(c + 1).map_or(last_right, |&next| next - size)
                    };
                    !flush_right[c] && first_word_width(seg) < right - end
                })
            })
    };
    // Whether a column past the first holds figures on most of its lines.
    let figure_column = {
        let mut counts = vec![(0usize, 0usize); columns.len()];
        for (line, cols) in figures.iter().zip(&placed).skip(1) {
            for (&figure, &c) in line.iter().zip(cols) {
                counts[c].0 += usize::from(figure);
                counts[c].1 += 1;
            }
        }
        counts
            .iter()
            .skip(1)
            .any(|&(figures, all)| all > 0 && figures * 2 > all)
    };
    let mut opens_at = vec![false; region.len()];
    // Lines that open a row whatever their text: set off by a gap, a rule,
    // running across a column, or a header's second line.
    let mut set_off = vec![false; region.len()];
    let mut doubtful = vec![false; region.len()];
    let mut row_beyond = !region.is_empty() && beyond(0);
    for k in 1..region.len() {
        set_off[k] = gaps[k - 1] > typical * 1.4
            || k == 1 && sub_header
            || ruled(k)
            || across[k]
            || across[k - 1];
        let opens = set_off[k]
            || !padded
                && (full[k]
                    || figure_under_figure(k)
                    || row_beyond && placed[k].first() == Some(&0) && beyond(k) && fits_above(k));
        // (Not the header's second line: a unit, `（人）`, under its word;
        // nor in a table of prose, whose cells' paragraphs end short.)
        doubtful[k] = k >= 2 && figure_column && !opens && !padded && fits_in_room(k);
        row_beyond = beyond(k) || !opens && row_beyond;
        opens_at[k] = opens;
    }
    // A label set at the foot of its row (a spreadsheet's cells are
    // bottom-aligned unless told otherwise): lines of the first column
    // alone under a row with its figures, each wrapped (the next line's
    // first word would not have fitted in the room the column's widest
    // text leaves), then a line with text in every column whose label goes
    // on from theirs so and cannot open a label — a lowercase letter, or a
    // mark no line opens with, `）`, `、` — are that row's label, not the
    // wraps of the row above (helper-128: `Consultations on` / `housing
    // for older` / `residents 1,204 1,350`, the first two lines had been
    // the header's). A label that may open one (`Satisfaction`, `子育て相談`)
    // leaves the lines above it the row above's, as a top-aligned table
    // sets them; a line set off (a gap, a rule) opens its row whatever.
    if !padded {
        let right = extents[0].map_or(last_right, |(_, end)| end);
        // Whether line `k`'s first column goes on from line `k - 1`'s, a
        // line of the first column alone.
        let wraps_onto = |k: usize| {
            let (Some(seg), Some(up)) = (region[k].first(), region[k - 1].first()) else {
                return false;
            };
            let last = up[up.len() - 1];
            placed[k].first() == Some(&0)
                && placed[k - 1] == [0]
                && first_word_width(seg) >= right - (last.x + last.width)
        };
        // A mark no line opens with says so; a lowercase letter says so
        // unless a label opens so (`e-Tax`, `iPad`): the line is then
        // counted in doubt.
        let mark = |k: usize| {
            region[k][0][0]
                .text
                .starts_with(|c: char| "）)」』】〕〉》、。，．ー".contains(c))
        };
        let lowercase = |k: usize| {
            region[k][0][0]
                .text
                .starts_with(|c: char| c.is_ascii_lowercase())
        };
        // Whether line `k`'s label stops short of the column's widest text
        // by two glyphs or more: a label's last line, not a wrapped one.
        let short = |k: usize| {
            let seg = &region[k][0];
            let last = seg[seg.len() - 1];
            placed[k].first() == Some(&0) && right - (last.x + last.width) >= size * 2.0
        };
        for k in 2..region.len() {
            if !(opens_at[k]
                && full[k]
                && !set_off[k]
                && wraps_onto(k)
                && (mark(k) || lowercase(k)))
            {
                continue;
            }
            let mut first = k - 1;
            while first > 1 && wraps_onto(first) && !opens_at[first] {
                first -= 1;
            }
            // (The row above ends short of the column: the lines under it
            // are no wrap of its label — `Consultations on 1,204` /
            // `housing for older` / `e-Tax filing help 310` is a
            // top-aligned row and the next.)
            if !opens_at[first] && beyond(first - 1) && short(first - 1) {
                opens_at[first] = true;
                opens_at[k] = false;
                doubtful[first] = !mark(k);
            }
        }
    }
    let opens = |k: usize| opens_at[k];
    // Lines of one segment each under the table, set off from it by a
    // rule, a gap, by running across its columns or by a size smaller
    // than the line above's, are the page's lines (a note, a source), not
    // its last row's.
    let smaller = |k: usize| region[k][0][0].size < region[k - 1][0][0].size * 0.9;
    // (Or, in the first column, opening as a note does, `Note:`, `※`,
    // `出典`, or, under a table of figures, a sentence whose first word
    // would have fitted on the line above or too long for a label, at the
    // rows' pitch:
    // helper-128's notes had been the last row's label's wraps. A table
    // of prose ends its cells' sentences so.)
    let figures_table = flush_right.iter().any(|&f| f);
    let note = |k: usize| {
        let text = &texts[k][0];
        placed[k] == [0]
            && (opens_note(text)
                || figures_table && (doubtful[k] || long_sentence(text)) && is_sentence(text))
    };
    let tail = (1..region.len())
        .find(|&k| {
            single_from[k]
                && (gaps[k - 1] > typical * 1.4 || ruled(k) || across[k] || smaller(k) || note(k))
        })
        .unwrap_or(region.len());
    let doubtful = doubtful[..tail].iter().filter(|&&d| d).count();
    // A row per break and a cell per column in each: past `MAX_CELLS` it
    // is no table (the output would grow with rows × columns).
    let rows = (0..tail).filter(|&k| k == 0 || opens(k)).count();
    if rows.saturating_mul(columns.len()) > MAX_CELLS {
        return None;
    }
    // Columns of prose side by side whose text runs on over the rows'
    // breaks are no table: a newsletter's three columns, read a line a row,
    // had been (rev89 ja_three_col). A table of prose ends its cells'
    // paragraphs where its rows end, and stays one (rev94).
    let right_of = |c: usize| {
        columns
            .get(c + 1)
            .map_or(last_right, |&next| next - size * 0.5)
    };
    let runs_on = |k: usize| {
        // A column's full line before the break, no sentence's end, and
        // the same column's text after it.
        let segment = |k: usize, c: usize| {
            region[k]
                .iter()
                .zip(&placed[k])
                .find(|&(_, &at)| at == c)
                .map(|(seg, _)| seg)
        };
        (0..columns.len()).any(|c| {
            segment(k - 1, c)
                .zip(segment(k, c))
                .is_some_and(|(before, _)| {
                    let last = before[before.len() - 1];
                    let full = last.x + last.width >= right_of(c) - size;
                    let stops = ["。", "．", "！", "？", "."].contains(&last.text.as_str());
                    full && !stops
                })
        })
    };
    let breaks: Vec<usize> = (1..tail).filter(|&k| opens(k)).collect();
    if rows == tail || breaks.iter().filter(|&&k| runs_on(k)).count() * 2 >= breaks.len().max(1) {
        // (Each column's segments, in one pass over them.)
        let mut by_column: Vec<Vec<(f64, &[&Glyph])>> = vec![Vec::new(); columns.len()];
        for (segs, cols) in region.iter().zip(&placed) {
            for (seg, &c) in segs.iter().zip(cols) {
                if let Some(column) = by_column.get_mut(c) {
                    column.push((seg[0].y + seg[0].size, seg.as_slice()));
                }
            }
        }
        if by_column.iter().all(|column| is_column(column, size)) {
            return None;
        }
    }
    let mut blocks: Vec<Block> = lines[..start]
        .iter()
        .map(|line| Block::Line(text_line(line[0].y + line[0].size, line)))
        .collect();
    // Where a column's wrapped lines end: at the next column, and for the
    // last one where its text stops furthest right.
    let mut right: Vec<f64> = columns.iter().skip(1).map(|&x| x - size * 0.5).collect();
    right.push(last_right);
    let mut edges = columns.clone();
    edges.push(last_right);
    let mut table = Table {
        columns: edges,
        rows: Vec::new(),
        continues: false,
        unruled: true,
    };
    let mut row: Vec<Vec<&Glyph>> = vec![Vec::new(); columns.len()];
    for (k, (segs, cols)) in region[..tail].iter().zip(&placed).enumerate() {
        for (seg, &c) in segs.iter().zip(cols) {
            row[c].extend(seg.iter().copied());
        }
        if k + 1 == tail || opens(k + 1) {
            let all: Vec<&Glyph> = row.iter().flatten().copied().collect();
            let b = bbox(&all);
            let cells = row
                .iter()
                .enumerate()
                .map(|(c, glyphs)| Cell {
                    column: c,
                    column_span: 1,
                    row_span: 1,
                    bbox: [columns[c], b[1], right[c], b[3]],
                    lines: cell_lines(glyphs.clone(), None),
                })
                .collect();
            table.rows.push(TableRow {
                bbox: b,
                cells,
                continued: false,
            });
            row = vec![Vec::new(); columns.len()];
        }
    }
    blocks.push(Block::Table(table));
    blocks.extend(
        lines[start + tail..]
            .iter()
            .map(|line| Block::Line(text_line(line[0].y + line[0].size, line))),
    );
    Some((blocks, doubtful))
}

/// How far each column's text runs under the header's lines: its least
/// start and most end, `None` for a column with none. (Text running across
/// the next column's start, a note as wide as the table, is left out; a
/// note within the first column, or a page number, is not.)
fn body_extents(
    region: &[Vec<Vec<&Glyph>>],
    placed: &[Vec<usize>],
    columns: &[f64],
    size: f64,
    header_lines: usize,
) -> Vec<Option<(f64, f64)>> {
    let mut extents: Vec<Option<(f64, f64)>> = vec![None; columns.len()];
    for (segs, cols) in region.iter().zip(placed).skip(header_lines) {
        for (seg, &c) in segs.iter().zip(cols) {
            let last = seg[seg.len() - 1];
            let (start, end) = (seg[0].x, last.x + last.width);
            if columns
                .get(c + 1)
                .is_some_and(|&next| end > next + size * 0.5)
            {
                continue;
            }
            let extent = extents[c].get_or_insert((start, end));
            *extent = (extent.0.min(start), extent.1.max(end));
        }
    }
    extents
}

/// The columns of a header line whose words stand centred over the
/// columns under them rather than at their starts (helper-128: a header
/// over right-aligned figures, its top-left cell blank, `FY2022` had been
/// read as the labels' header, every year a column left). A word that
/// starts outside the text of the column it starts in goes to the column
/// whose text stands nearest its middle; the others stay. `None` where no
/// word moves, or where the words would not stand in columns of their
/// own, in order.
fn centred_header(
    segs: &[Vec<&Glyph>],
    cols: &[usize],
    extents: &[Option<(f64, f64)>],
) -> Option<Vec<usize>> {
    // (Tables have a few columns; a page of thousands is no table's, and
    // each word would be measured against each.)
    if extents.len() > MAX_HEADER_COLUMNS {
        return None;
    }
    let distance = |x: f64, (start, end): (f64, f64)| (start - x).max(x - end).max(0.0);
    let mut moved = false;
    let mut out = Vec::with_capacity(segs.len());
    for (seg, &c) in segs.iter().zip(cols) {
        let last = seg[seg.len() - 1];
        let (start, end) = (seg[0].x, last.x + last.width);
        // A word over a column with no text under it stays there: nothing
        // says where else it belongs.
        let stays = extents
            .get(c)
            .copied()
            .flatten()
            .is_none_or(|(from, to)| (from..=to).contains(&start));
        if stays {
            out.push(c);
            continue;
        }
        let middle = (start + end) / 2.0;
        let nearest = extents
            .iter()
            .enumerate()
            .filter_map(|(k, e)| e.map(|e| (k, distance(middle, e))))
            .min_by(|a, b| a.1.total_cmp(&b.1))?
            .0;
        moved |= nearest != c;
        out.push(nearest);
    }
    (moved && out.windows(2).all(|w| w[0] < w[1])).then_some(out)
}

/// Whether a figure is a plain amount: digits with thousands' commas, a
/// decimal part and a percent sign or `円` at most (`45,585`, `12.5%`), a
/// currency sign and a minus before them (`$1,916`); not `(388)`,
/// `03-1234`, `9:00～12:00`.
fn is_amount(text: &str) -> bool {
    let text = text.trim();
    let digits = text
        .strip_prefix(['$', '¥', '￥', '€', '£'])
        .unwrap_or(text);
    let digits = digits.strip_prefix(['-', '−', '▲', '△']).unwrap_or(digits);
    let digits = digits.strip_suffix(['%', '％', '円']).unwrap_or(digits);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
}

/// Whether a cell stands for a figure not given: dashes or dots alone
/// (`-`, `…`, `...`).
fn is_placeholder(text: &str) -> bool {
    let placeholder = |c: char| matches!(c, '.' | '…' | '-' | '–' | '—') || c.is_whitespace();
    !text.trim().is_empty() && text.chars().all(placeholder)
}

/// The most columns a header's words are placed among by their middles
/// (see [`centred_header`]).
const MAX_HEADER_COLUMNS: usize = 64;

/// Whether a line reads as a sentence: ending in `。` or `．`, or three
/// words or more ending in a full stop after a letter.
fn is_sentence(text: &str) -> bool {
    let text = text.trim();
    text.ends_with(['。', '．'])
        || text.ends_with('.')
            && text.split_whitespace().count() >= 3
            && text[..text.len() - 1].ends_with(|c: char| c.is_alphabetic())
}

/// Whether a sentence is long for a label: four words or more, or
/// fifteen characters or more of Japanese.
fn long_sentence(text: &str) -> bool {
    text.split_whitespace().count() >= 4 || !text.is_ascii() && text.chars().count() >= 15
}

/// Whether a line under a table opens as a note or a source does (`Note:`,
/// `Notes`, `Source:`, `注`, `※`, `出典`, `資料：`): the page's, not a cell's.
fn opens_note(text: &str) -> bool {
    let text = text.trim_start();
    // (`Note:`, `Notes.`, `Note 1`, `Source)`; not `Sources of funds`.)
    let english = ["Note", "Notes", "Source", "Sources"].iter().any(|word| {
        text.strip_prefix(word).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with([':', '.', ')', '：'])
                || rest
                    .strip_prefix(' ')
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        })
    });
    let japanese = [
        "※",
        "（注",
        "(注",
        "【注",
        "出典",
        "（出典",
        "(出典",
        "出所",
        "備考",
        "資料：",
        "資料:",
    ]
    .iter()
    .any(|mark| text.starts_with(mark))
        || text
            .strip_prefix('注')
            .is_some_and(|rest| rest.starts_with(|c: char| "）):：".contains(c) || c.is_numeric()));
    english || japanese
}

/// The last of `columns` (starts, in order) starting at or before `x`, half
/// a glyph allowed: a binary search, as each of thousands of segments asks.
fn column_at(columns: &[f64], x: f64, size: f64) -> usize {
    columns
        .partition_point(|&c| c <= x + size * 0.5)
        .saturating_sub(1)
}

/// The thickest a line may be to be read as a rule between a table's
/// rows, in points (a booktabs table's thick top rule is 1 pt or so).
const MAX_RULE_WIDTH: f64 = 2.0;

/// Where right-aligned columns start: segments that end together, twice or
/// more, make a column starting where the leftmost of them starts. Figures
/// of different widths start apart, and in a short table no start recurs
/// (`812`, `1,204`, `74` under `2022`: four rows made no column, and the
/// table was read as lines).
fn right_edges(region: &[Vec<Vec<&Glyph>>], size: f64) -> Vec<f64> {
    let mut segments: Vec<(f64, f64)> = region
        .iter()
        .flatten()
        .map(|seg| {
            let last = seg[seg.len() - 1];
            (last.x + last.width, seg[0].x)
        })
        .collect();
    segments.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut starts = Vec::new();
    let mut k = 0;
    while k < segments.len() {
        let edge = segments[k].0;
        let together = segments[k..]
            .iter()
            .take_while(|(end, _)| end - edge < size * 0.5)
            .count();
        if together >= 2 {
            let start = segments[k..k + together]
                .iter()
                .map(|&(_, x)| x)
                .fold(f64::MAX, f64::min);
            starts.push(start);
        }
        k += together;
    }
    starts
}

/// Column starts with those of a right-aligned column made one: figures of
/// different widths start at different places and recur each (`1,204`
/// and `812` under `2022`), but end at one. Two neighbouring starts are one
/// column where the segments starting at each end, by their median, within
/// a glyph of each other (a minus sign's width may differ from a digit's;
/// left-aligned columns end further apart than that, or their text would
/// run into one segment) (rev83 r18b: each year's figures were two
/// columns, and no line filled the table).
fn right_aligned(
    columns: Vec<f64>,
    region: &[Vec<Vec<&Glyph>>],
    size: f64,
) -> (Vec<f64>, Vec<Option<f64>>) {
    let mut ends: Vec<Vec<f64>> = vec![Vec::new(); columns.len()];
    for seg in region.iter().flatten() {
        let last = seg[seg.len() - 1];
        ends[column_at(&columns, seg[0].x, size)].push(last.x + last.width);
    }
    let median = |mut xs: Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs.get(xs.len() / 2).copied()
    };
    let ends: Vec<Option<f64>> = ends.into_iter().map(median).collect();
    let mut merged: Vec<f64> = Vec::with_capacity(columns.len());
    let mut merged_ends: Vec<Option<f64>> = Vec::with_capacity(columns.len());
    for (x, end) in columns.iter().zip(ends) {
        let same = merged_ends
            .last()
            .copied()
            .flatten()
            .zip(end)
            .is_some_and(|(a, b)| (a - b).abs() < size);
        if !same {
            merged.push(*x);
            merged_ends.push(end);
        }
    }
    (merged, merged_ends)
}

/// How wide a segment's first word is: its first character where that is
/// no ASCII (Japanese breaks a line between any two), else its glyphs up
/// to the first space or gap.
fn first_word_width(seg: &[&Glyph]) -> f64 {
    let first = seg[0];
    let mut last = first;
    if first.text.is_ascii() {
        for &g in &seg[1..] {
            if !g.text.is_ascii()
                || g.text.trim().is_empty()
                || g.x - (last.x + last.width) > g.size * 0.2
            {
                break;
            }
            last = g;
        }
    }
    last.x + last.width - first.x
}

/// A line split where its glyphs stand more than 0.8 of their size apart.
fn segments<'g>(line: &[&'g Glyph]) -> Vec<Vec<&'g Glyph>> {
    let mut out: Vec<Vec<&'g Glyph>> = Vec::new();
    for g in line.iter().copied() {
        match out.last_mut() {
            Some(seg) if g.x - (seg[seg.len() - 1].x + seg[seg.len() - 1].width) < g.size * 0.8 => {
                seg.push(g)
            }
            _ => out.push(vec![g]),
        }
    }
    out
}

/// A page's text lines and tables, top down.
/// A page's blocks, and what reading them through its grid left in doubt.
struct PageBlocks {
    blocks: Vec<Block>,
    /// See [`PageLayout::words_across_unruled`].
    apart: usize,
    /// See [`PageLayout::lines_beside_table`].
    beside: usize,
    /// See [`PageLayout::lines_without_figures`].
    bare: usize,
    /// See [`PageLayout::unruled_wraps_in_doubt`].
    doubted: usize,
}

fn page_blocks(page: &Page) -> PageBlocks {
    let drawn = off_the_page_edges(page);
    let drawn = outside_glyphs(&drawn, &page.glyphs);
    let rules = join_dotted(&drawn);
    let groups = stacked_groups(&rules);
    let bands: Vec<Band> = match &groups[..] {
        // The rules of one table, or none.
        [] => Vec::new(),
        [(low, high, _)] => Band::of(*low, *high, &rules, page).into_iter().collect(),
        groups => groups
            .iter()
            .filter_map(|(low, high, rules)| Band::of(*low, *high, rules, page))
            .collect(),
    };
    match bands.as_slice() {
        [] => {
            // The page's lines, found once for each way of reading them.
            let lines = lines_of(page.glyphs.iter().collect());
            let (blocks, doubted) = aligned_table(page, &lines)
                .or_else(|| in_columns(page, &lines).map(|blocks| (blocks, 0)))
                .unwrap_or_else(|| {
                    let blocks = lines
                        .iter()
                        .map(|(top, line)| Block::Line(text_line(*top, line)))
                        .collect();
                    (blocks, 0)
                });
            PageBlocks {
                blocks,
                apart: 0,
                beside: 0,
                bare: 0,
                doubted,
            }
        }
        [band] if band.grids.len() == 1 => {
            grid_blocks(page.glyphs.iter().collect(), &band.grids[0].2)
        }
        _ => stacked_blocks(page, bands),
    }
}

/// The tables at one height of a page: a grid of rules, or grids side by
/// side.
struct Band {
    /// The heights the band's rules span.
    low: f64,
    high: f64,
    /// Each table's left and right (the rules' furthest out) and grid,
    /// left first; one table spans the page.
    grids: Vec<(f64, f64, Grid)>,
}

impl Band {
    /// The tables a group of rules at one height draws: one grid, or
    /// grids side by side where the rules make two groups or more apart
    /// across the page, each a grid of two rows and two columns or more
    /// that holds text, not all of the same rows (two tables set beside
    /// each other, of different rows: one grid over both had read their
    /// rows interleaved, rev83 m11; one table with an unruled spacer
    /// column stays one). None if the rules draw no table.
    fn of(low: f64, high: f64, rules: &[Rule], page: &Page) -> Option<Band> {
        let table = |rules: &[Rule]| Grid::find(rules).filter(|grid| grid.holds_text(&page.glyphs));
        let sides = side_by_side(rules);
        if sides.len() >= 2 {
            let grids: Option<Vec<(f64, f64, Grid)>> = sides
                .iter()
                .map(|(left, right, rules)| {
                    table(rules)
                        .filter(|grid| grid.xs.len() >= 3 && grid.ys.len() >= 3)
                        .map(|grid| (*left, *right, grid))
                })
                .collect();
            // Tables of different rows: one table whose columns an
            // unruled spacer column sets apart has its rows across both.
            let same_rows = |a: &Grid, b: &Grid| {
                a.ys.len() == b.ys.len()
                    && a.ys.iter().zip(&b.ys).all(|(y, z)| (y - z).abs() < SNAP)
            };
            if let Some(grids) = grids
                && grids.windows(2).any(|w| !same_rows(&w[0].2, &w[1].2))
            {
                return Some(Band { low, high, grids });
            }
        }
        table(rules).map(|grid| Band {
            low,
            high,
            grids: vec![(f64::MIN, f64::MAX, grid)],
        })
    }

    /// The table of the band a glyph at `x` is read in: the one whose
    /// rules span `x`, else the nearest (the tables run left to right,
    /// apart: the last starting at or left of `x`, or the next).
    fn table_at(&self, x: f64) -> usize {
        let distance = |k: usize| {
            let (left, right, _) = &self.grids[k];
            (left - x).max(x - right).max(0.0)
        };
        let at = self.grids.partition_point(|(left, _, _)| *left <= x);
        match (at.checked_sub(1), at < self.grids.len()) {
            (Some(before), true) if distance(at) < distance(before) => at,
            (Some(before), _) => before,
            (None, _) => 0,
        }
    }
}

/// Rules at one height in groups side by side, left first: rules whose
/// widths overlap or meet (within `SNAP`) are one group's, with the
/// widths they span.
fn side_by_side(rules: &[Rule]) -> Vec<(f64, f64, Vec<Rule>)> {
    overlapping(rules, |r| (r.x0, r.x1))
}

/// Rules in groups along one axis, lowest first: rules whose extents
/// along it (`extent`: from, to) overlap or meet within `SNAP` are one
/// group's, with the extent they span.
fn overlapping(rules: &[Rule], extent: impl Fn(&Rule) -> (f64, f64)) -> Vec<(f64, f64, Vec<Rule>)> {
    let mut sorted = rules.to_vec();
    sorted.sort_by(|a, b| extent(a).0.total_cmp(&extent(b).0));
    let mut groups: Vec<(f64, f64, Vec<Rule>)> = Vec::new();
    for rule in sorted {
        let (from, to) = extent(&rule);
        match groups.last_mut() {
            Some((_, end, group)) if from <= *end + SNAP => {
                *end = end.max(to);
                group.push(rule);
            }
            _ => groups.push((from, to, vec![rule])),
        }
    }
    groups
}

/// The least space between two columns of text, in ems of the text.
const MIN_GUTTER: f64 = 1.0;
/// The narrowest column of text, in ems.
const MIN_COLUMN: f64 = 8.0;
/// The fewest lines each of two columns holds to be read as columns.
const MIN_COLUMN_LINES: usize = 3;
/// The most columns of prose a page is read in; a band's columns are
/// numbered from its first line's index times this (see
/// [`TextLine::column`]).
pub(crate) const MAX_COLUMNS: usize = 3;
/// A run of glyphs narrower than this, in ems, is short: a page number, a
/// mark, which neither makes nor closes a gutter.
const SHORT_RUN: f64 = 3.0;

/// A page of horizontal text set in two or three columns of prose, read
/// column by column, left to right, band by band between the lines that
/// run across them (a title, a heading over the page). Lines at the same
/// height in the two columns had been read as one line (`計画の目的
/// 把握し、翌年度…`: rev87 p11, a plan whose paragraph ran from the
/// foot of the left column to the head of the right one).
///
/// The gutter is where the fewest lines have text, in the middle three
/// fifths of the text block, and at least [`MIN_GUTTER`] wide there, runs
/// narrower than [`SHORT_RUN`] (a page number) not counted; a second one
/// is looked for on its wider side (rev89 ja_three_col, a newsletter in
/// three columns, had been read as a table of three, each line a row).
/// A band is read in columns when each side is a column of prose (see
/// [`is_column`]): a form's labels beside their values, a table's short
/// cells, figures set to the right of their items, names beside their
/// addresses are not, and a table of prose without rules is the table
/// reader's, which is asked first. A short run across the gutter on a
/// column's line is read after the columns, and a few lines over one
/// column only before or after them (see [`set_apart`]). None where no
/// band is so.
fn in_columns(page: &Page, lines: &[(f64, Vec<&Glyph>)]) -> Option<Vec<Block>> {
    if page
        .glyphs
        .iter()
        .any(|g| g.direction != Direction::LeftToRight)
    {
        return None;
    }
    let mut sizes: Vec<f64> = lines.iter().map(|(_, l)| l[0].size).collect();
    sizes.sort_by(f64::total_cmp);
    let em = sizes.get(sizes.len() / 2)?.max(1.0);
    let left = lines.iter().map(|(_, l)| l[0].x).fold(f64::MAX, f64::min);
    let right = lines
        .iter()
        .map(|(_, l)| l[l.len() - 1].x + l[l.len() - 1].width)
        .fold(f64::MIN, f64::max);
    let width = right - left;
    if width < (2.0 * MIN_COLUMN + MIN_GUTTER) * em {
        return None;
    }
    // Each line's runs of glyphs less than half an em apart (a page number
    // in the gutter, less than an em from the columns' text, is a run of
    // its own).
    let runs: Vec<Vec<(f64, f64)>> = lines
        .iter()
        .map(|(_, line)| {
            let mut runs: Vec<(f64, f64)> = Vec::new();
            for g in line {
                match runs.last_mut() {
                    Some(run) if g.x - run.1 < 0.5 * em => run.1 = run.1.max(g.x + g.width),
                    _ => runs.push((g.x, g.x + g.width)),
                }
            }
            runs
        })
        .collect();
    // A short run (a page number, a mark) says nothing of columns: the
    // gutter is looked for among the others (a folio `2` set in it had
    // cut it in two halves too narrow to be one).
    let narrow = |&(a, b): &(f64, f64)| b - a < SHORT_RUN * em;
    let wide: Vec<Vec<(f64, f64)>> = runs
        .iter()
        .map(|line| line.iter().copied().filter(|r| !narrow(r)).collect())
        .collect();
    let first = gutter(
        &wide,
        left + width * 0.2,
        right - width * 0.2,
        MIN_GUTTER * em,
    )?;
    // A page in three columns has a second gutter, on the wider side of
    // the first, a column's width or more from either edge, which few of
    // that side's lines cross: a third or more of them crossing it is a
    // column's own text, not a gutter.
    let mut gutters = vec![first];
    let (side_from, side_to) = if first - left > right - first {
        (left, first)
    } else {
        (first, right)
    };
    let side: Vec<Vec<(f64, f64)>> = wide
        .iter()
        .map(|line| {
            line.iter()
                .copied()
                .filter(|&(a, b)| a < side_to && b > side_from)
                .collect()
        })
        .collect();
    if let Some(second) = gutter(
        &side,
        side_from + MIN_COLUMN * em,
        side_to - MIN_COLUMN * em,
        MIN_GUTTER * em,
    ) {
        let on_side = side.iter().filter(|line| !line.is_empty()).count();
        let crossing = side
            .iter()
            .filter(|line| line.iter().any(|&(a, b)| a < second && b > second))
            .count();
        if crossing * 3 < on_side {
            gutters.push(second);
            gutters.sort_by(f64::total_cmp);
        }
    }
    let spans = |&(a, b): &(f64, f64)| gutters.iter().any(|&g| a < g && b > g);
    // A line across the columns, or of nothing but short runs across a
    // gutter (a folio under the columns).
    let crosses = |k: usize| wide[k].iter().any(spans) || runs[k].iter().all(spans);
    let mut blocks = Vec::with_capacity(lines.len());
    let whole = |blocks: &mut Vec<Block>, (top, line): &(f64, Vec<&Glyph>)| {
        blocks.push(Block::Line(text_line(*top, line)));
    };
    // Each line's parts: one a column, then one of short runs across a
    // gutter.
    let sides = gutters.len() + 1;
    let mut any = false;
    let mut k = 0;
    while k < lines.len() {
        if crosses(k) {
            whole(&mut blocks, &lines[k]);
            k += 1;
            continue;
        }
        let end = (k..lines.len())
            .find(|&j| crosses(j))
            .unwrap_or(lines.len());
        // Each line's glyphs in each column, and in a short run across a
        // gutter (a page number between the columns' last lines, read
        // after them).
        let parts: Vec<Vec<Vec<&Glyph>>> = (k..end)
            .map(|j| {
                // (Runs do not overlap: one at most spans a gutter.)
                let across = runs[j].iter().find(|r| narrow(r) && spans(r));
                let mut parts: Vec<Vec<&Glyph>> = vec![Vec::new(); sides + 1];
                for g in &lines[j].1 {
                    let side = match across {
                        Some(&(a, b)) if g.x >= a && g.x < b => sides,
                        _ => gutters.partition_point(|&gutter| g.x >= gutter),
                    };
                    parts[side].push(*g);
                }
                parts
            })
            .collect();
        let tops: Vec<f64> = lines[k..end].iter().map(|(top, _)| *top).collect();
        // Whether text across the page follows the band (not a folio).
        let before_across = wide.get(end).is_some_and(|runs| runs.iter().any(spans));
        let (lead, trail) = set_apart(&parts, &tops, em, before_across);
        let band = lead..parts.len() - trail;
        let side = |s: usize| -> Vec<(f64, &[&Glyph])> {
            band.clone()
                .filter(|&j| !parts[j][s].is_empty())
                .map(|j| (tops[j], parts[j][s].as_slice()))
                .collect()
        };
        let columns: Vec<Vec<(f64, &[&Glyph])>> = (0..sides).map(side).collect();
        if columns.iter().all(|column| is_column(column, em)) {
            any = true;
            for line in &lines[k..k + lead] {
                whole(&mut blocks, line);
            }
            for (s, column) in columns.iter().enumerate() {
                for (top, glyphs) in column {
                    let mut line = text_line(*top, glyphs);
                    line.column = Some(MAX_COLUMNS * k + s);
                    blocks.push(Block::Line(line));
                }
            }
            for (top, glyphs) in side(sides) {
                blocks.push(Block::Line(text_line(top, glyphs)));
            }
            for line in &lines[end - trail..end] {
                whole(&mut blocks, line);
            }
        } else {
            for line in &lines[k..end] {
                whole(&mut blocks, line);
            }
        }
        k = end;
    }
    any.then_some(blocks)
}

/// How many of a band's lines (each as its parts in each column, left to
/// right, then across a gutter, with its top) lead it and trail it set
/// apart from its columns. Leading: one or two short lines (a third of
/// their side's width short or more, or set a fifth larger than the
/// page's text, `em`) on some columns but not all, wholly
/// above the first line of each of the others and a line or more above
/// the rest — a date set right over the columns, a short title over the
/// wider of two columns, which had been read as that column's first
/// line, after the whole of the other (a column's own first paragraph,
/// its lines full, stays its); a newsletter's title over the middle of
/// three. Trailing: one short line in the first column only, below every
/// other column's last line after a gap of a line or more, with text
/// across the page after the band (`before_across`) — a heading over a
/// section set across the page, which had been read between the columns
/// (a list ending an unbalanced last page's left column stays its).
fn set_apart(
    parts: &[Vec<Vec<&Glyph>>],
    tops: &[f64],
    em: f64,
    before_across: bool,
) -> (usize, usize) {
    let sides = parts.first().map_or(0, |p| p.len().saturating_sub(1));
    let bottom = |j: usize| {
        parts[j]
            .iter()
            .flatten()
            .map(|g| g.y)
            .fold(f64::MAX, f64::min)
    };
    let on = |j: usize, s: usize| !parts[j][s].is_empty();
    let size = |j: usize| parts[j].iter().flatten().next().map_or(0.0, |g| g.size);
    // Each side's extent, and each side's first and last line.
    let extents: Vec<(f64, f64)> = (0..sides)
        .map(|s| {
            parts
                .iter()
                .filter_map(|p| Some((p[s].first()?.x, p[s].last().map(|g| g.x + g.width)?)))
                .fold((f64::MAX, f64::MIN), |(a, b), (l, r)| (a.min(l), b.max(r)))
        })
        .collect();
    let short = |j: usize, s: usize| {
        let (from, to) = extents[s];
        parts[j][s]
            .last()
            .is_some_and(|g| g.x + g.width <= to - (to - from) / 3.0)
            || parts[j][s]
                .first()
                .is_some_and(|g| g.x >= from + (to - from) / 3.0)
    };
    let first = |s: usize| parts.iter().position(|p| !p[s].is_empty());
    let last = |s: usize| parts.iter().rposition(|p| !p[s].is_empty());
    // Short wherever it has text, on some sides but not all, and above
    // the first line of every side it leaves empty.
    let leads = |j: usize| {
        let sides_on = (0..sides).filter(|&s| on(j, s)).count();
        sides_on > 0
            && sides_on < sides
            && (0..sides).all(|s| {
                if on(j, s) {
                    short(j, s) || size(j) >= 1.2 * em
                } else {
                    first(s).is_some_and(|other| bottom(j) > tops[other])
                }
            })
    };
    let mut lead = 0;
    while lead < 2 && leads(lead) {
        lead += 1;
    }
    if lead > 0 && (lead >= parts.len() || bottom(lead - 1) - tops[lead] < size(lead - 1)) {
        lead = 0;
    }
    let j = parts.len().saturating_sub(1);
    let trail = before_across
        && j > lead
        && on(j, 0)
        && (1..sides).all(|s| !on(j, s))
        && short(j, 0)
        && (1..sides).all(|s| last(s).is_some_and(|other| other < j && tops[j] < bottom(other)))
        && bottom(j - 1) - tops[j] >= size(j);
    (lead, usize::from(trail))
}

/// The middle of the widest stretch between `from` and `to`, at least
/// `least` wide, where the fewest lines have a run of text (`runs`, per
/// line, left to right): a gutter between columns, which only lines
/// across both columns cross. None if no stretch is so wide or if no text
/// stands on one side of it.
fn gutter(runs: &[Vec<(f64, f64)>], from: f64, to: f64, least: f64) -> Option<f64> {
    // Where runs start (+1) and end (−1) within the stretch, in order: the
    // count of lines with text changes only there.
    let mut events: Vec<(f64, i32)> = vec![(from, 0), (to, 0)];
    let mut inside = 0;
    for &(a, b) in runs.iter().flatten() {
        if b <= from || a >= to {
            continue;
        }
        if a <= from {
            inside += 1;
        } else {
            events.push((a, 1));
        }
        if b < to {
            events.push((b, -1));
        }
    }
    events.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    // (count, width, middle) of the best stretch so far.
    let mut best: Option<(i32, f64, f64)> = None;
    let mut count = inside;
    for pair in events.windows(2) {
        count += pair[0].1;
        let (a, b) = (pair[0].0, pair[1].0);
        if b - a < least {
            continue;
        }
        let better = best.is_none_or(|(n, w, _)| count < n || (count == n && b - a > w));
        if better {
            best = Some((count, b - a, (a + b) / 2.0));
        }
    }
    let (_, _, middle) = best?;
    let left = runs.iter().flatten().any(|r| r.1 < middle);
    let right = runs.iter().flatten().any(|r| r.0 > middle);
    (left && right).then_some(middle)
}

/// Whether one side of a band of lines (each line's glyphs that side of
/// the gutter) is a column of prose, [`MIN_COLUMN`] ems wide or wider,
/// most of its lines full — starting within two ems of its left (a
/// paragraph's first line is indented) and ending within 1.5 em of its
/// right (where nine in ten of its lines end or further in) or a fifth of
/// its width (ragged-right Latin text) — and [`MIN_COLUMN_LINES`] or more
/// of them, and ending a sentence somewhere (a list of names beside their
/// addresses is no prose, however full its lines). A column whose
/// paragraphs run down it is one too, however many of its lines are short
/// (headings, list items, a paragraph's last line): [`RUN_ON_LINES`] or
/// more of its full lines end no sentence and go on in the next line,
/// which starts no further in (rev89 adv_short_lines_cols: a heading, a paragraph
/// of three lines and three list items a column, had been read across the
/// gutter line by line, the paragraphs interleaved, ok).
fn is_column(lines: &[(f64, &[&Glyph])], em: f64) -> bool {
    let ends = |l: &[&Glyph]| l.last().map_or(f64::MIN, |g| g.x + g.width);
    let left = lines.iter().map(|(_, l)| l[0].x).fold(f64::MAX, f64::min);
    // The column's right: where its lines end, one in ten running past it
    // (a line set a character or two too long) aside.
    let mut right_ends: Vec<f64> = lines.iter().map(|(_, l)| ends(l)).collect();
    right_ends.sort_by(f64::total_cmp);
    let Some(&right) = right_ends
        .len()
        .checked_sub(1 + right_ends.len() / 10)
        .and_then(|k| right_ends.get(k))
    else {
        return false;
    };
    // A fifth of the column short or nearer: ragged-right Latin text, a
    // paragraph's last line most of the way.
    let short_of = (1.5 * em).max((right - left) * 0.2);
    let is_full = |l: &[&Glyph]| l[0].x <= left + 2.0 * em && ends(l) >= right - short_of;
    let full = lines.iter().filter(|(_, l)| is_full(l)).count();
    // Prose ends its sentences somewhere: a list of names and addresses
    // beside each other does not (rev90 t10). A Latin stop ends one at the
    // end of a line or before a space.
    // (A `．` after an item's number, `１．`, ends none.)
    let sentence = lines.iter().any(|(_, l)| {
        l.iter().enumerate().any(|(k, g)| match g.text.as_str() {
            "。" | "！" | "？" => true,
            "．" => k == 0 || !l[k - 1].text.starts_with(|c: char| c.is_numeric()),
            "." | "!" | "?" => l
                .get(k + 1)
                .is_none_or(|next| next.x - (g.x + g.width) > 0.15 * g.size),
            _ => false,
        })
    });
    let stops = |l: &[&Glyph]| {
        l.last()
            .is_some_and(|g| ["。", "．", "！", "？", ".", "!", "?"].contains(&g.text.as_str()))
    };
    // A run on: a line reaching the column's right within an em and a half
    // (not a fifth: an item of a list as long as the column's longest
    // line), ending no sentence, over a line that opens no item (`１．`,
    // `・`, `(2)`: a numbered list beside its notes, each item a line,
    // had been read as a column: rev98 d2).
    let runs_on = lines
        .windows(2)
        .filter(|pair| {
            let ((top, line), (next_top, next)) = (pair[0], pair[1]);
            is_full(line)
                && ends(line) >= right - 1.5 * em
                && !stops(line)
                && item_text_start(next).is_none()
                && next[0].x <= line[0].x + 0.5 * em
                && (top - next_top).abs() < 2.0 * em
        })
        .count();
    (full >= MIN_COLUMN_LINES && full * 2 > lines.len() || runs_on >= RUN_ON_LINES)
        && right - left >= MIN_COLUMN * em
        && sentence
}

/// How many full lines of a column going on in its next line make it a
/// column of prose, however many of its lines are short (see
/// [`is_column`]).
const RUN_ON_LINES: usize = 2;

/// The page's rules but those drawn along its edges, end to end, where no
/// other rule meets them: the edges of a background filling the page (a
/// slide's: rev83 r38, whose title, bullets and slide number were one cell
/// of a grid around the page, before its table) or of a frame drawn on the
/// page's very edge, which bound no table. A table's own border on the
/// edges of a page cut to the table has its rules meeting it, and stays.
fn off_the_page_edges(page: &Page) -> Cow<'_, [Rule]> {
    let (w, h) = (page.width, page.height);
    let near = |v: f64, edge: f64, extent: f64| (v - edge).abs() <= extent * PAGE_EDGE;
    let on_edge = |r: &Rule| {
        let across = near(r.x0, 0.0, w) && near(r.x1, w, w);
        let down = near(r.y0, 0.0, h) && near(r.y1, h, h);
        across && (near(r.y1, 0.0, h) || near(r.y0, h, h))
            || down && (near(r.x1, 0.0, w) || near(r.x0, w, w))
    };
    let edges: Vec<&Rule> = page.rules.iter().filter(|r| on_edge(r)).collect();
    if edges.is_empty() {
        return Cow::Borrowed(&page.rules);
    }
    // Whether another rule ends on an edge (a column rule on the top or
    // bottom one, a row rule on a side).
    let meets = |r: &Rule| {
        edges.iter().any(|e| {
            let ends_on = |x: f64, y: f64| {
                x >= e.x0 - SNAP && x <= e.x1 + SNAP && y >= e.y0 - SNAP && y <= e.y1 + SNAP
            };
            ends_on(r.x0, r.y0) || ends_on(r.x1, r.y1)
        })
    };
    if page.rules.iter().any(|r| !on_edge(r) && meets(r)) {
        Cow::Borrowed(&page.rules)
    } else {
        Cow::Owned(page.rules.iter().filter(|r| !on_edge(r)).copied().collect())
    }
}

/// The rules but those drawn within one glyph: shorter than its size and
/// a fifth,
/// both ends inside its box grown a quarter of its size down (a kanji's
/// strokes reach below the baseline) and a twentieth the other ways (the
/// stroke's width), not upright along the box's side (the border of a
/// cell its text touches, rows of one line each drawn apart: a filled row
/// band's edge). A producer that fakes a bold face strokes the glyphs'
/// outlines over the text (cairo, from a font without a bold face: rev97
/// L01–L04), whose straight pieces had been taken for rules, joined into
/// dotted rules across the lines, and split the cells: the rows lost,
/// partial. A table's rules run between glyphs, end to end past them;
/// blank glyphs, and glyphs larger than [`MAX_INDEXED`] buckets, are not
/// looked at. Glyphs are found through a grid of [`BUCKET`]-point squares.
fn outside_glyphs<'r>(rules: &'r [Rule], glyphs: &[Glyph]) -> Cow<'r, [Rule]> {
    if rules.is_empty() || glyphs.is_empty() {
        return Cow::Borrowed(rules);
    }
    let grown = |g: &Glyph| {
        let (b, s) = (g.bbox(), g.size);
        [
            b[0] - 0.05 * s,
            b[1] - 0.25 * s,
            b[2] + 0.05 * s,
            b[3] + 0.05 * s,
        ]
    };
    let bucket = |v: f64| (v / BUCKET).floor() as i64;
    let mut index: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (k, g) in glyphs.iter().enumerate() {
        let b = grown(g);
        let (x0, y0, x1, y1) = (bucket(b[0]), bucket(b[1]), bucket(b[2]), bucket(b[3]));
        if g.text.trim().is_empty()
            || !b.iter().all(|v| v.is_finite())
            || (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_INDEXED
        {
            continue;
        }
        for x in x0..=x1 {
            for y in y0..=y1 {
                index.entry((x, y)).or_default().push(k);
            }
        }
    }
    let inside = |r: &Rule| {
        index
            .get(&(bucket(r.x0), bucket(r.y0)))
            .is_some_and(|near| {
                near.iter().any(|&k| {
                    let g = &glyphs[k];
                    let (b, edge, s) = (grown(g), g.bbox(), g.size);
                    // (Upright along a side of the glyph's box: the border
                    // of a cell its text touches, kept.)
                    let flush = |v: f64, at: [f64; 2]| at.iter().any(|a| (v - a).abs() < 0.02 * s);
                    b[0] <= r.x0
                        && r.x1 <= b[2]
                        && b[1] <= r.y0
                        && r.y1 <= b[3]
                        && (r.x1 - r.x0).max(r.y1 - r.y0) < 1.2 * s
                        && !(r.x1 - r.x0 < 0.1 * s && flush(r.x0, [edge[0], edge[2]]))
                })
            })
    };
    // (Each rule asked once: those before the first inside one are kept
    // as they are.)
    let Some(first) = rules.iter().position(inside) else {
        return Cow::Borrowed(rules);
    };
    let mut kept = rules[..first].to_vec();
    kept.extend(rules[first + 1..].iter().filter(|r| !inside(r)));
    Cow::Owned(kept)
}

/// The side of the squares [`outside_glyphs`] finds glyphs through, in
/// points.
const BUCKET: f64 = 16.0;

/// The most squares a glyph's box is indexed in (see [`outside_glyphs`]).
const MAX_INDEXED: i64 = 64;

/// How near a page's edge a rule along it lies, and how near its ends
/// come to the page's corners, as a share of the page's width or height.
const PAGE_EDGE: f64 = 0.01;

/// The most a dot or dash of a dotted rule is long, and the most the gap
/// after it is, in points.
const MAX_DOT: f64 = 5.0;

/// The page's rules with each dotted or dashed rule drawn as a run of short
/// pieces (three or more, each at most [`MAX_DOT`] long and apart, along
/// one line) joined into one rule: `Grid::find` takes no piece that short
/// for a rule, and a table ruled with dots between its rows was read as one
/// row.
fn join_dotted(rules: &[Rule]) -> Cow<'_, [Rule]> {
    let is_dot = |r: &Rule| {
        let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
        w.max(h) <= MAX_DOT && w.min(h) < 1.0
    };
    if rules.iter().filter(|r| is_dot(r)).nth(2).is_none() {
        return Cow::Borrowed(rules);
    }
    let (mut dots, mut out): (Vec<Rule>, Vec<Rule>) = rules.iter().partition(|r| is_dot(r));
    // Flat pieces by height then left end; upright ones by left end then
    // bottom. Each run along one line becomes one rule.
    let flat = |r: &Rule| r.x1 - r.x0 >= r.y1 - r.y0;
    dots.sort_by(|a, b| {
        flat(b).cmp(&flat(a)).then_with(|| {
            if flat(a) {
                a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0))
            } else {
                a.x0.total_cmp(&b.x0).then(a.y0.total_cmp(&b.y0))
            }
        })
    });
    let mut run: Vec<Rule> = Vec::new();
    let flush = |run: &mut Vec<Rule>, out: &mut Vec<Rule>| {
        if run.len() >= 3 {
            let joined = run.iter().fold(run[0], |j, r| Rule {
                x0: j.x0.min(r.x0),
                y0: j.y0.min(r.y0),
                x1: j.x1.max(r.x1),
                y1: j.y1.max(r.y1),
            });
            out.push(joined);
        } else {
            out.append(run);
        }
        run.clear();
    };
    for dot in dots {
        let goes_on = run.last().is_some_and(|last| {
            flat(last) == flat(&dot)
                && if flat(&dot) {
                    (dot.y0 - last.y0).abs() < 0.5 && dot.x0 - last.x1 <= MAX_DOT
                } else {
                    (dot.x0 - last.x0).abs() < 0.5 && dot.y0 - last.y1 <= MAX_DOT
                }
        });
        if !goes_on {
            flush(&mut run, &mut out);
        }
        run.push(dot);
    }
    flush(&mut run, &mut out);
    Cow::Owned(out)
}

/// The page's rules in groups one above the other, top first: rules whose
/// heights overlap or meet (within `SNAP`) are one group's, with the
/// heights they span. Two tables one above the other, a heading's
/// underline and a footer's rule are each a group of their own.
fn stacked_groups(rules: &[Rule]) -> Vec<(f64, f64, Vec<Rule>)> {
    let groups = overlapping(rules, |r| (r.y0, r.y1));
    // One table a full-width row without side rules cuts in two (a
    // section's name across the table): two groups close together with
    // the same column rules are its.
    let mut joined: Vec<(f64, f64, Vec<Rule>)> = Vec::with_capacity(groups.len());
    let mut columns: Vec<Vec<f64>> = Vec::with_capacity(groups.len());
    for (low, high, rules) in groups {
        let edges = cluster(
            rules
                .iter()
                .filter(|r| r.x1 - r.x0 < 1.0 && r.y1 - r.y0 > 5.0)
                .map(|r| r.x0)
                .collect(),
        );
        let same = |before: &[f64]| {
            !edges.is_empty()
                && before.len() == edges.len()
                && before.iter().zip(&edges).all(|(a, b)| (a - b).abs() < SNAP)
        };
        match (joined.last_mut(), columns.last()) {
            (Some(below), Some(before)) if low - below.1 <= MAX_CUT_ROW && same(before) => {
                below.1 = below.1.max(high);
                below.2.extend(rules);
            }
            _ => {
                joined.push((low, high, rules));
                columns.push(edges);
            }
        }
    }
    joined.reverse();
    joined
}

/// The tallest a full-width row cutting a table's column rules may be, in
/// points: two lines of text.
const MAX_CUT_ROW: f64 = 36.0;

/// A page with several tables one above the other (each grid with the
/// heights its rules span, top first): each table read with the text at
/// its heights, the text between them as lines, all top down. One grid
/// over the rules of all of them made the text between two tables a row
/// of both, joined two tables of different columns into one, and took a
/// heading's underline and a footer's rule for a table holding the page.
fn stacked_blocks(page: &Page, bands: Vec<Band>) -> PageBlocks {
    // Bottom first, for a search by height.
    let mut by_height: Vec<(f64, f64, usize)> = bands
        .iter()
        .enumerate()
        .map(|(k, band)| (band.low - SNAP, band.high + SNAP, k))
        .collect();
    by_height.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut free: Vec<&Glyph> = Vec::new();
    let mut held: Vec<Vec<Vec<&Glyph>>> = bands
        .iter()
        .map(|band| vec![Vec::new(); band.grids.len()])
        .collect();
    for g in &page.glyphs {
        let (x, y) = centre(g);
        let at = by_height.partition_point(|s| s.0 <= y);
        match at.checked_sub(1).map(|k| by_height[k]) {
            Some((_, high, k)) if y <= high => held[k][bands[k].table_at(x)].push(g),
            _ => free.push(g),
        }
    }
    // Each part with its top, and its left: tables side by side are read
    // left first.
    let mut parts: Vec<(f64, f64, Vec<Block>)> = Vec::new();
    for (top, line) in lines_of(free) {
        match captions(&bands, top, &line) {
            Some((k, parts)) => {
                for (table, glyphs) in parts {
                    held[k][table].extend(glyphs);
                }
            }
            None => parts.push((top, f64::MIN, vec![Block::Line(text_line(top, &line))])),
        }
    }
    let (mut apart, mut beside, mut bare) = (0, 0, 0);
    for (band, held) in bands.iter().zip(held) {
        for ((left, _, grid), glyphs) in band.grids.iter().zip(held) {
            let read = grid_blocks(glyphs, grid);
            apart += read.apart;
            beside += read.beside;
            bare += read.bare;
            parts.push((band.high, *left, read.blocks));
        }
    }
    parts.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.total_cmp(&b.1)));
    PageBlocks {
        blocks: parts
            .into_iter()
            .flat_map(|(_, _, blocks)| blocks)
            .collect(),
        apart,
        beside,
        bare,
        doubted: 0,
    }
}

/// A line's parts, each with the table of its band it is the caption of.
type Captions<'g> = Vec<(usize, Vec<&'g Glyph>)>;

/// A line of text just above or below tables side by side (within twice
/// its size) whose every part (glyphs apart by less than 0.8 of their
/// size) lies within one table's width, the parts under two tables or
/// more: a caption or heading each part of the table it stands over or
/// under (`（窓口別）　（月別）` under two tables had been read after both).
/// The band, and each part with its table; None for any other line (a
/// title across both tables, the next section's heading under the left
/// one).
fn captions<'g>(bands: &[Band], top: f64, line: &[&'g Glyph]) -> Option<(usize, Captions<'g>)> {
    let size = line.first()?.size;
    let bottom = line.iter().map(|g| g.y).fold(f64::MAX, f64::min);
    let k = bands.iter().position(|band| {
        band.grids.len() >= 2
            && ((0.0..=2.0 * size).contains(&(band.low - top))
                || (0.0..=2.0 * size).contains(&(bottom - band.high)))
    })?;
    let band = &bands[k];
    segments(line)
        .into_iter()
        .map(|part| {
            let left = part.first()?.x;
            let right = part.last().map(|g| g.x + g.width)?;
            let table = band
                .grids
                .iter()
                .position(|(l, r, _)| left >= *l - SNAP && right <= *r + SNAP)?;
            Some((table, part))
        })
        .collect::<Option<Vec<_>>>()
        .filter(|parts| parts.iter().any(|(table, _)| *table != parts[0].0))
        .map(|parts| (k, parts))
}

/// The blocks of text read through a grid: its rows, and the text outside
/// it as lines, top down.
fn grid_blocks(glyphs: Vec<&Glyph>, grid: &Grid) -> PageBlocks {
    let mut outside: Vec<&Glyph> = Vec::new();
    let mut inside: Vec<&Glyph> = Vec::new();
    for g in glyphs {
        let (cx, cy) = centre(g);
        if grid.contains(cx, cy) {
            inside.push(g);
        } else {
            outside.push(g);
        }
    }
    // The lines outside, read again only where glyphs inside join them.
    let mut lines = lines_of(outside.clone());
    let continuing = grid.continuing(&inside, &lines);
    if !continuing.is_empty() {
        let (pulled, kept) = inside
            .into_iter()
            .enumerate()
            .partition::<Vec<_>, _>(|(k, _)| continuing.binary_search(k).is_ok());
        inside = kept.into_iter().map(|(_, g)| g).collect();
        outside.extend(pulled.into_iter().map(|(_, g)| g));
        lines = lines_of(outside);
    }
    // The baselines of the text read in the table's cells, for the lines
    // beside it (below).
    let mut baselines: Vec<(f64, f64)> = inside
        .iter()
        .filter(|g| g.direction == Direction::LeftToRight && !g.text.trim().is_empty())
        .map(|g| (g.y, g.size))
        .collect();
    baselines.sort_by(|a, b| a.0.total_cmp(&b.0));
    // (row, column) of a merged cell's anchor → glyphs.
    let mut cells: BTreeMap<(usize, usize), Vec<&Glyph>> = BTreeMap::new();
    let cell_at = |(x, y): (f64, f64)| grid.anchor(grid.band(y), grid.column(x));
    let mut across = Vec::new();
    for word in words(inside) {
        let first = cell_at(centre(word[0]));
        if word.iter().all(|g| cell_at(centre(g)) == first) {
            cells.entry(first).or_default().extend(word);
        } else {
            across.push(word);
        }
    }
    // Words across a border no rule draws, each with the cells on either
    // side of it; counted once all words are placed (below).
    let mut unruled: Vec<(&Glyph, Vec<(usize, usize)>)> = Vec::new();
    for word in across {
        let beside = grid.unruled_across(&word);
        if !beside.is_empty() {
            unruled.push((word[0], beside));
        }
        // Japanese text drawn across a border into a cell with text of its
        // own: two cells' lines that touch (a line a producer let run past
        // its cell's padding, rev74 p13b: `ホームペー` met the next cell's
        // `混雑する…`), each glyph the cell's its centre is in — where the
        // cell beyond is empty, text that spilled over it, whole.
        // (Each part two glyphs at least: a sentence's last character run
        // past the rule, `。`, is its line's.)
        let mut parts: HashMap<(usize, usize), usize> = HashMap::new();
        for g in &word {
            *parts.entry(cell_at(centre(g))).or_default() += 1;
        }
        let split = word.iter().any(|g| !half_width(&g.text))
            && parts
                .iter()
                .all(|(anchor, &glyphs)| glyphs >= 2 && cells.contains_key(anchor));
        if split {
            for g in word {
                cells.entry(cell_at(centre(g))).or_default().push(g);
            }
            continue;
        }
        // Drawn across a border: the whole word goes where its middle is.
        let b = bbox(&word);
        let anchor = cell_at(((b[0] + b[2]) / 2.0, centre(word[0]).1));
        cells.entry(anchor).or_default().extend(word);
    }
    // A line of text cut in two where no rule runs: a word across such a
    // border with text on its line on both sides of it — the rules are
    // boxes inside a box (an electoral roll's serial number and photo in
    // each entry's box), not a table's cells, and `Name :` was read in one
    // cell, the name on its line in another. Text that only runs over an
    // empty part of the box beside it is read whole and right.
    let mut heights: HashMap<(usize, usize), Vec<f64>> = HashMap::new();
    let apart = unruled
        .iter()
        .filter(|(first, beside)| {
            let (y, size) = (centre(first).1, first.size);
            let mut holding: Vec<(usize, usize)> = beside
                .iter()
                .copied()
                .filter(|anchor| {
                    let ys = heights.entry(*anchor).or_insert_with(|| {
                        let mut ys: Vec<f64> = cells
                            .get(anchor)
                            .map_or(Vec::new(), |g| g.iter().map(|g| centre(g).1).collect());
                        ys.sort_by(f64::total_cmp);
                        ys
                    });
                    let from = ys.partition_point(|&v| v < y - size / 2.0);
                    ys.get(from).is_some_and(|&v| v <= y + size / 2.0)
                })
                .collect();
            holding.sort_unstable();
            holding.dedup();
            holding.len() >= 2
        })
        .count();
    // Everything on the page, top down: (top y, kind).
    enum Item<'g> {
        Text(Vec<&'g Glyph>),
        /// A table row, or its `k`th line where the row is a band of
        /// lines aligned across its cells.
        Row(usize, Option<usize>),
    }
    // For rows read line by line: (row, column) → the cell's glyphs split by
    // line, top down, each glyph on the line whose baseline is nearest.
    let mut by_line: HashMap<(usize, usize), Vec<Vec<&Glyph>>> = HashMap::new();
    let outside = lines;
    // A line of text outside the table level with text in its cells (its
    // baseline within half a font size of theirs: a label set a little
    // above its boxed value is level with it too): printed beside a row (a
    // label left of a box, a row's name left of the ruled figures, a word
    // boxed inside a sentence), it is read apart from the row, before or
    // after it.
    let beside = outside
        .iter()
        .filter(|(_, line)| {
            line.iter().any(|g| {
                g.direction == Direction::LeftToRight && !g.text.trim().is_empty() && {
                    let from = baselines.partition_point(|b| b.0 < g.y - 0.5 * g.size);
                    baselines
                        .get(from)
                        .is_some_and(|b| b.0 < g.y + 0.5 * g.size)
                }
            })
        })
        .count();
    let mut items: Vec<(f64, Item)> = outside
        .into_iter()
        .map(|(top, l)| (top, Item::Text(l)))
        .collect();
    let mut bare = 0;
    let rows: BTreeSet<usize> = cells.keys().map(|k| k.0).collect();
    // The lines of the cells of rows read whole, and how the cells of each
    // column show their lines aligned.
    let mut whole: HashMap<(usize, usize), (Lines, Alignment)> = HashMap::new();
    let mut votes: Vec<Vec<Alignment>> = vec![Vec::new(); grid.xs.len().saturating_sub(1)];
    for r in rows {
        let band: Vec<&[&Glyph]> = cells
            .range((r, 0)..(r + 1, 0))
            .map(|(_, glyphs)| glyphs.as_slice())
            .collect();
        // Read line by line, the band makes a row of every column per line:
        // past `MAX_CELLS`, it stays one row.
        let columns = grid.xs.len() - 1;
        // Each cell's glyphs with its right edge.
        let edged: Vec<(&[&Glyph], f64)> = cells
            .range((r, 0)..(r + 1, 0))
            .map(|(&(_, c), glyphs)| (glyphs.as_slice(), grid.xs[grid.last_column(r, c) + 1]))
            .collect();
        match figure_rows(&band)
            .or_else(|| listed_rows(&edged))
            .filter(|rows| rows.lines.len().saturating_mul(columns) <= MAX_CELLS)
        {
            Some(FigureRows { lines, bare: none }) => {
                bare += none;
                items.extend(
                    lines
                        .iter()
                        .enumerate()
                        .map(|(k, &(top, _))| (top, Item::Row(r, Some(k)))),
                );
                let ys: Vec<f64> = lines.iter().map(|&(_, y)| y).collect();
                for (&(_, c), glyphs) in cells.range((r, 0)..(r + 1, 0)) {
                    let mut split = vec![Vec::new(); ys.len()];
                    for &g in glyphs {
                        split[nearest(&ys, g.y)].push(g);
                    }
                    by_line.insert((r, c), split);
                }
            }
            None => {
                items.push((grid.ys[r], Item::Row(r, None)));
                for (&key, glyphs) in cells.range((r, 0)..(r + 1, 0)) {
                    let lines = lines_in_cell(glyphs.clone());
                    let edges = (grid.xs[key.1], grid.xs[grid.last_column(r, key.1) + 1]);
                    let vote = Alignment::of(&lines, Some(edges));
                    // (A line alone says nothing of its column: a header's
                    // label is centred over any column.)
                    if lines.len() >= 2 {
                        votes[key.1].push(vote);
                    }
                    whole.insert(key, (lines, vote));
                }
            }
        }
    }
    // Which columns have a cell of lines set flush left.
    let flush: Vec<bool> = votes
        .iter()
        .map(|v| v.contains(&Alignment::NotAligned))
        .collect();
    // How each column's cells are aligned (see [`Alignment`]).
    let aligned: Vec<bool> = votes
        .iter()
        .map(|v| {
            let shown = v
                .iter()
                .filter(|a| !matches!(a, Alignment::Unknown | Alignment::Indented));
            shown.clone().next().is_some_and(|first| {
                *first != Alignment::NotAligned
                    && shown
                        .clone()
                        .all(|a| std::mem::discriminant(a) == std::mem::discriminant(first))
            })
        })
        .collect();
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    let columns = grid.xs.len() - 1;
    let bands = grid.ys.len() - 1;
    let mut blocks: Vec<Block> = Vec::new();
    for (top, item) in items {
        let (r, line) = match item {
            Item::Text(line) => {
                blocks.push(Block::Line(text_line(top, &line)));
                continue;
            }
            Item::Row(r, line) => (r, line),
        };
        let mut row_cells = Vec::with_capacity(columns);
        let mut all: Vec<&Glyph> = Vec::new();
        for c in 0..columns {
            // A cell starts here, or glyphs were put here: where rules are
            // irregular, a merged cell's anchor may itself be covered.
            if grid.anchor(r, c) != (r, c) && !cells.contains_key(&(r, c)) {
                continue;
            }
            let glyphs = match line {
                Some(k) => by_line
                    .get(&(r, c))
                    .and_then(|split| split.get(k))
                    .cloned()
                    .unwrap_or_default(),
                None => cells.get(&(r, c)).cloned().unwrap_or_default(),
            };
            all.extend(glyphs.iter().copied());
            let edges = Some((grid.xs[c], grid.xs[grid.last_column(r, c) + 1]));
            // The cell reaches to the next column edge that has a rule, and
            // down to the next row edge that has one.
            let last = grid.last_column(r, c);
            let mut below = r + 1;
            while line.is_none() && below < bands && grid.anchor(below, c) == (r, c) {
                below += 1;
            }
            let mut lines = match whole.remove(&(r, c)) {
                Some((lines, vote)) if line.is_none() => {
                    // (A cell whose lines may be set flush left with a
                    // paragraph indented is read so, whatever its column
                    // shows, and said where no cell of the column shows
                    // lines set flush left: helper-119.)
                    let indented = vote == Alignment::Indented;
                    let aligned = vote.alone() || aligned[c] && !indented;
                    read_cell(lines, edges, aligned, indented && !flush[c])
                }
                _ => cell_lines(glyphs, edges),
            };
            // A cell's first line printed across its top rule: the last
            // line of the cell above, which ran out of its row (Calc sizes
            // rows a line short of tall wrapped cells), or this cell's own
            // — no one can tell which row it belongs to.
            if line.is_none()
                && let Some(first) = lines.first_mut()
                && first.bbox[3] > grid.ys[r] + ACROSS_RULE * first.size
            {
                first.overprinted += first.text.chars().filter(|c| c.is_alphanumeric()).count();
            }
            row_cells.push(Cell {
                column: c,
                column_span: last + 1 - c,
                row_span: below - r,
                bbox: [grid.xs[c], grid.ys[below], grid.xs[last + 1], grid.ys[r]],
                lines,
            });
        }
        let band = [grid.xs[0], grid.ys[r + 1], grid.xs[columns], grid.ys[r]];
        let mut row = TableRow {
            bbox: if all.is_empty() { band } else { bbox(&all) },
            cells: row_cells,
            continued: false,
        };
        if line.is_some() {
            // One line of a band: the cells are as tall as the line.
            for cell in &mut row.cells {
                cell.bbox[1] = row.bbox[1];
                cell.bbox[3] = row.bbox[3];
            }
        }
        push_row(&mut blocks, &grid.xs, row);
    }
    PageBlocks {
        blocks,
        apart,
        beside,
        bare,
        doubted: 0,
    }
}

/// Adds a row to the table the blocks end with, or to a new table after
/// text.
fn push_row(blocks: &mut Vec<Block>, columns: &[f64], row: TableRow) {
    if let Some(Block::Table(table)) = blocks.last_mut() {
        table.rows.push(row);
        return;
    }
    blocks.push(Block::Table(Table {
        columns: columns.to_vec(),
        rows: vec![row],
        continues: false,
        unruled: false,
    }));
}

/// The index of the baseline nearest to `y` among baselines running top
/// down: each glyph of a band read line by line goes to exactly one line.
fn nearest(baselines: &[f64], y: f64) -> usize {
    let at = baselines.partition_point(|&b| b > y);
    match (at.checked_sub(1), baselines.get(at)) {
        (Some(above), Some(&below)) if baselines[above] - y < y - below => above,
        (Some(above), None) => above,
        _ => at,
    }
}

/// Whether a line is a figure: digits and the marks statistics tables put
/// around them (`12,760`, `*–0.3`, `(X)`, `100.0`), or only the marks that
/// stand for no figure (`...`, `–`), no words.
fn is_figure(text: &str) -> bool {
    (is_placeholder(text)
        || text
            .chars()
            .any(|c| c.is_ascii_digit() || c == '*' || c == 'X'))
        && text
            .chars()
            .all(|c| !c.is_alphabetic() || c == 'X' || c == 'x')
}

/// The lines of a table band whose cells are columns of figures, one per
/// line on shared baselines — a statistics table with rules around its
/// header but none between its rows, where a cell holds a whole column of
/// figures — as (top, baseline), top first; `None` for any other band. It
/// takes at least two cells of at least three figures each, each with a
/// figure on nearly every baseline, and every other line of the band on
/// one of those baselines: a cell of wrapped prose, a stacked label or a
/// department name beside a few numbers keeps the band one row.
fn figure_rows(band: &[&[&Glyph]]) -> Option<FigureRows> {
    let mut baselines: Vec<(f64, f64, f64)> = Vec::new(); // (baseline, size, top)
    let mut columns = 0;
    let mut cells: Vec<Vec<(f64, bool)>> = Vec::new();
    for glyphs in band {
        let lines = lines_of(glyphs.to_vec());
        let mut cell = Vec::with_capacity(lines.len());
        for (_, line) in &lines {
            if line.iter().any(|g| g.direction != Direction::LeftToRight) {
                return None;
            }
            let text = line_text(line);
            // A line of spaces only is no line of the table.
            if text.is_empty() {
                continue;
            }
            cell.push((line[0].y, is_figure(&text)));
            let top = line.iter().map(|g| g.y + g.size).fold(f64::MIN, f64::max);
            baselines.push((line[0].y, line[0].size, top));
        }
        if cell.len() >= 3 && cell.iter().all(|l| l.1) {
            columns += 1;
        }
        cells.push(cell);
    }
    if columns < 2 {
        return None;
    }
    baselines.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut shared: Vec<(f64, f64, f64)> = Vec::new();
    for b in baselines {
        match shared.last_mut() {
            Some(last) if (last.0 - b.0).abs() < last.1.min(b.1) * 0.5 => last.2 = last.2.max(b.2),
            _ => shared.push(b),
        }
    }
    if shared.len() < 3 {
        return None;
    }
    // Every cell has at most one line per baseline, and the figure columns
    // fill nearly all of them.
    let mut full = 0;
    let mut figured = vec![false; shared.len()];
    for cell in &cells {
        let mut hit = vec![false; shared.len()];
        for &(y, _) in cell {
            // `shared` runs top down: the nearest baseline is at the
            // partition point or just above it.
            let at = shared.partition_point(|s| s.0 > y);
            let k = [at.checked_sub(1), Some(at)]
                .into_iter()
                .flatten()
                .find(|&k| shared.get(k).is_some_and(|s| (s.0 - y).abs() < s.1 * 0.5))?;
            if std::mem::replace(&mut hit[k], true) {
                return None;
            }
        }
        if cell.len() >= 3 && cell.iter().all(|l| l.1) && cell.len() * 10 >= shared.len() * 9 {
            full += 1;
            for (seen, hit) in figured.iter_mut().zip(&hit) {
                *seen |= *hit;
            }
        }
    }
    (full >= 2).then(|| FigureRows {
        bare: figured.iter().filter(|&&seen| !seen).count(),
        lines: shared.into_iter().map(|(y, _, top)| (top, y)).collect(),
    })
}

/// The lines of a table band whose cells are lists, an entry a line on
/// shared baselines — a schedule ruled only between its quarters, where a
/// cell holds three months, their three events, their three offices — as
/// [`figure_rows`] gives them; `None` for any other band. It takes two
/// cells or more with text, every one of them with a line on each of the
/// same three baselines or more and no other, and none with more than one
/// line reaching its right edge (within 1.5 of its size) or a line ending
/// on a particle or a comma: a cell of wrapped prose fills its lines, text
/// broken by hand runs on, and a row's number or label beside it stands
/// on one baseline, not on each. One row read over the band had
/// joined each cell's entries (`4月 5月 6月`: rev83 t02).
fn listed_rows(band: &[(&[&Glyph], f64)]) -> Option<FigureRows> {
    const MIN_ENTRIES: usize = 3;
    let mut columns: Vec<Vec<(f64, f64)>> = Vec::new(); // per cell: (baseline, top)
    for &(glyphs, right) in band.iter().filter(|(glyphs, _)| !glyphs.is_empty()) {
        if glyphs.iter().any(|g| g.direction != Direction::LeftToRight) {
            return None;
        }
        let lines: Vec<(f64, Vec<&Glyph>)> = lines_of(glyphs.to_vec())
            .into_iter()
            .filter(|(_, line)| !line_text(line).is_empty())
            .collect();
        let full = lines
            .iter()
            .filter(|(_, line)| {
                line.last()
                    .is_some_and(|g| g.x + g.width >= right - 1.5 * g.size)
            })
            .count();
        // An entry is whole: a line ending on a particle or a comma is
        // text broken by hand, going on below (`訪問件数を` / `年間100件`).
        let broken = lines
            .iter()
            .any(|(_, line)| line.last().is_some_and(|g| g.text.ends_with(MID_CLAUSE)));
        if lines.len() < MIN_ENTRIES || full > 1 || broken {
            return None;
        }
        columns.push(lines.iter().map(|(top, line)| (line[0].y, *top)).collect());
    }
    let (first, rest) = columns.split_first()?;
    let size = band
        .iter()
        .flat_map(|(glyphs, _)| glyphs.iter())
        .map(|g| g.size)
        .fold(f64::MAX, f64::min);
    let shared = !rest.is_empty()
        && rest.iter().all(|cell| {
            cell.len() == first.len()
                && cell
                    .iter()
                    .zip(first)
                    .all(|(a, b)| (a.0 - b.0).abs() < size * 0.5)
        });
    shared.then(|| FigureRows {
        lines: (0..first.len())
            .map(|k| {
                let top = columns
                    .iter()
                    .map(|cell| cell[k].1)
                    .fold(f64::MIN, f64::max);
                (top, first[k].0)
            })
            .collect(),
        bare: 0,
    })
}

/// The lines of a band of figure columns (see [`figure_rows`]).
struct FigureRows {
    /// Each line's top and baseline, top first.
    lines: Vec<(f64, f64)>,
    /// The lines with no figure in any figure column: a row's label
    /// wrapped onto a line of its own (`電気・ガス・熱供給・` / `水道業`),
    /// which may finish the row above or begin the one below — the
    /// spacing of a table with rows one line tall does not say which.
    bare: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::to_text;

    /// A page read as an unruled table, if it is one.
    fn read_aligned(page: &Page) -> Option<Vec<Block>> {
        aligned_table(page, &lines_of(page.glyphs.iter().collect())).map(|(blocks, _)| blocks)
    }

    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            y,
            width: 10.0,
            size: 10.0,
            direction: Direction::LeftToRight,
        }
    }

    /// A line of 10-point glyphs from x = 12, one every 10 points.
    fn line(text: &str, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| glyph(&c.to_string(), 12.0 + 10.0 * k as f64, y))
            .collect()
    }

    /// Column rules running on past the last row rule and ending together
    /// (a row a page break cut, drawn by Chromium with no rule under it),
    /// or before the first: a rule closes the table there, across the
    /// outermost column rules. Column rules ending apart, or only two of
    /// them, leave it open.
    #[test]
    fn a_table_left_open_by_a_page_break_is_closed_where_its_columns_end() {
        let columns = |bottom: [f64; 4], top: f64| -> Vec<Rule> {
            [50.0, 150.0, 300.0, 500.0]
                .iter()
                .zip(bottom)
                .map(|(&x, y)| rule(x, y, x, top))
                .collect()
        };
        let rows = [
            rule(50.0, 700.0, 500.0, 700.0),
            rule(50.0, 650.0, 500.0, 650.0),
        ];
        assert_eq!(
            open_ends(&columns([40.0; 4], 700.0), &rows),
            [rule(50.0, 40.0, 500.0, 40.0)]
        );
        assert_eq!(
            open_ends(&columns([650.0; 4], 790.0), &rows),
            [rule(50.0, 790.0, 500.0, 790.0)]
        );
        assert!(open_ends(&columns([650.0; 4], 700.0), &rows).is_empty());
        assert!(open_ends(&columns([40.0, 40.0, 300.0, 40.0], 700.0), &rows).is_empty());
        let two = [
            rule(50.0, 40.0, 50.0, 700.0),
            rule(500.0, 40.0, 500.0, 700.0),
        ];
        assert!(open_ends(&two, &rows).is_empty());
    }

    /// A side of a band is a column of prose only if it ends a sentence
    /// somewhere: names beside their addresses, each line as full as a
    /// paragraph's, are a list (rev90 t10).
    #[test]
    fn a_column_of_prose_ends_a_sentence() {
        let read = |texts: &[&str]| {
            let lines: Vec<Vec<Glyph>> = texts
                .iter()
                .enumerate()
                .map(|(k, t)| line(t, 700.0 - 15.0 * k as f64))
                .collect();
            let refs: Vec<Vec<&Glyph>> = lines.iter().map(|l| l.iter().collect()).collect();
            let side: Vec<(f64, &[&Glyph])> =
                refs.iter().map(|l| (l[0].y + 10.0, l.as_slice())).collect();
            is_column(&side, 10.0)
        };
        let names = [
            "区立中央図書館（本館・分室）",
            "区立東部地域センター（集会室）",
            "区立西部児童館（子育てひろば）",
            "区立南部体育館（温水プール）",
        ];
        assert!(!read(&names));
        // A numbered list, each item a line as long as the column's
        // longest, beside its notes: no column of prose, though two items
        // in a row reach the column's right and the `．` after each
        // number is a stop (rev98 d2).
        let items = [
            "１．窓口サービスの向上と案内表示",
            "２．電話応対の改善と取次ぎの徹底",
            "３．区ホームページの情報の充実",
            "４．職員研修の実施",
        ];
        assert!(!read(&items));
        let prose = [
            "区立の図書館では電子書籍の貸出を",
            "始めました。来館が難しい方でも本に",
            "親しめる環境を整え、地域の方々の利",
            "用を広げます。",
        ];
        assert!(read(&prose));
    }

    /// A cell of such lines, 12 points apart, from y = 100 down, in a cell
    /// with these rules (left and right), as `cell_lines` reads it.
    fn cell_of(texts: &[&str], edges: Option<(f64, f64)>) -> Vec<TextLine> {
        let glyphs: Vec<Glyph> = texts
            .iter()
            .enumerate()
            .flat_map(|(k, text)| line(text, 100.0 - 12.0 * k as f64))
            .collect();
        cell_lines(glyphs.iter().collect(), edges)
    }

    /// Each line's `ends_short` in [`cell_of`] these lines.
    fn ends_short(texts: &[&str], edges: Option<(f64, f64)>) -> Vec<bool> {
        cell_of(texts, edges).iter().map(|l| l.ends_short).collect()
    }

    fn rule(x0: f64, y0: f64, x1: f64, y1: f64) -> Rule {
        Rule { x0, y0, x1, y1 }
    }

    fn page(width: f64, height: f64, glyphs: Vec<Glyph>, rules: Vec<Rule>) -> Page {
        Page {
            number: 1,
            width,
            height,
            glyphs,
            rules,
            undecoded: 0,
            turned: 0,
        }
    }

    /// Review: a cell whose paragraphs are each one short sentence had no
    /// line near its edge, so every break was taken for a wrap. In a ruled
    /// cell a line that ends a sentence well before where the text may
    /// reach ends short; without the cell's rules only the longest line
    /// counts.
    #[test]
    fn a_short_sentence_ends_short_of_its_cells_edge() {
        // Three lines of eight characters in a cell twenty characters
        // wide (10 to 212), the text 2 points in from the left rule.
        // The last line, ending a sentence as far short, ends its
        // paragraph too (what a page break cuts goes on as a new one).
        // The middle one ends no sentence: a wrap (a writer may wrap
        // short of the cell), unsure (see the next test).
        let cell = ["窓口を改善する。", "電話の応対を改善", "研修を行います。"];
        assert_eq!(ends_short(&cell, Some((10.0, 212.0))), [true, false, true]);
        let unsure: Vec<bool> = cell_of(&cell, Some((10.0, 212.0)))
            .iter()
            .map(TextLine::ends_before_rule)
            .collect();
        assert_eq!(unsure, [false, true, false]);
        assert_eq!(ends_short(&cell, None), [false, false, false]);
        // Review: paragraphs opening with an ideographic space took the
        // indent for padding, and the cell's reach for 1.5 characters
        // shorter than it is: a sentence ending 2.8 characters before it
        // was taken for a wrap.
        let glyphs = [
            line("　窓口の案内表示を全て見直します。", 100.0),
            line("　研修を行います。", 88.0),
        ]
        .concat();
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let ends: Vec<bool> = cell_lines(refs, Some((10.0, 212.0)))
            .iter()
            .map(|l| l.ends_short)
            .collect();
        assert_eq!(ends, [true, true]);
    }

    /// A line of 10-point glyphs from `x`, one every `pitch` points.
    fn spaced(text: &str, x: f64, y: f64, pitch: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| glyph(&c.to_string(), x + pitch * k as f64, y))
            .collect()
    }

    /// A cell's lines as [`lines_of`] finds them.
    fn lines(glyphs: &[Glyph]) -> Vec<(f64, Vec<&Glyph>)> {
        lines_of(glyphs.iter().collect())
    }

    /// helper-116: a centred wrapped paragraph's short last line starts
    /// far in, and had opened a paragraph; centred items shorter than the
    /// widest did not end short by where they end, and ran together, `ok`
    /// (flush right alike). A cell so aligned has each line read as if set
    /// flush left, where it is kept.
    #[test]
    fn lines_centred_or_set_flush_right_are_read_as_if_set_flush_left() {
        // A cell from 10 to 212: twenty characters from 12 to 212, then a
        // line of six, centred (from 82) or flush right (from 152).
        let wrapped = |start: f64| {
            [
                line("繁忙期の待ち時間を短くするため、窓口の配", 100.0),
                spaced("置を見直す。", start, 88.0, 10.0),
            ]
            .concat()
        };
        let centred = wrapped(82.0);
        let right = wrapped(152.0);
        let edges = Some((10.0, 212.0));
        assert_eq!(
            Alignment::of(&lines(&centred), edges),
            Alignment::Centred { alone: true }
        );
        assert_eq!(
            Alignment::of(&lines(&right), edges),
            Alignment::Right { alone: true }
        );
        for glyphs in [&centred, &right] {
            // Read flush left, the line is no paragraph's first and the
            // wrap above it is a wrap (the line ends its paragraph, a
            // sentence's end short of the rule); read as placed, it opens
            // one.
            let read = read_cell(lines(glyphs), edges, true, false);
            assert_eq!(
                read.iter()
                    .map(|l| (l.indented, l.ends_short))
                    .collect::<Vec<_>>(),
                [(false, false), (false, true)]
            );
            assert_eq!(read[1].bbox[0], glyphs[20].x);
            assert!(read_cell(lines(glyphs), edges, false, false)[1].indented);
        }
        // Items of four and six characters, centred: read as placed, the
        // narrower one ends a character short of the other, no line short
        // of the reach the padding on its left makes; read flush left, two
        // characters, in a cell no line of which reaches the rule: unsure.
        let items = [
            spaced("研修２回", 92.0, 100.0, 10.0),
            spaced("受講者４２名", 82.0, 88.0, 10.0),
        ]
        .concat();
        let marks = |read: Vec<TextLine>| (read[0].ends_short, read[0].ends_before_rule());
        assert_eq!(
            marks(read_cell(lines(&items), edges, true, false)),
            (false, true)
        );
        assert_eq!(
            marks(read_cell(lines(&items), edges, false, false)),
            (false, false)
        );
    }

    /// What each alignment takes: lines of different widths level at
    /// their middles or ends; set in by an indent only, prose is said and
    /// a label is not; lines as wide by the cell's rules; flush left lines
    /// of different widths, figures, a line alone in the middle of nothing.
    #[test]
    fn a_cells_alignment_is_told_by_its_lines_and_rules() {
        let edges = Some((10.0, 212.0));
        // Two lines of 10-point glyphs, one every 10 points, from `x` and
        // from `y`.
        let two = |upper: &str, x: f64, lower: &str, y: f64| {
            let glyphs = [spaced(upper, x, 100.0, 10.0), spaced(lower, y, 88.0, 10.0)].concat();
            Alignment::of(&lines(&glyphs), edges)
        };
        // Twenty characters over nineteen, flush right or centred: set in
        // an em or half an em.
        let full = "区民の皆様の利便性を高めるため窓口の案内";
        let short = &full[..57];
        assert_eq!(two(full, 12.0, short, 22.0), Alignment::Indented);
        assert_eq!(
            two(full, 12.0, short, 17.0),
            Alignment::Centred { alone: false }
        );
        // A label of seven characters over five, centred in a cell from 10
        // to 92: a line starts near the left rule, and it is set in an em.
        let label = [
            spaced("その他有価証券", 16.0, 100.0, 10.0),
            spaced("評価差額金", 26.0, 88.0, 10.0),
        ]
        .concat();
        assert_eq!(
            Alignment::of(&lines(&label), Some((10.0, 92.0))),
            Alignment::Unknown
        );
        // Items as wide, centred on the cell, or ending at its right rule.
        let items = |x: f64| two("電話応対の研修", x, "応対記録の共有", x);
        assert_eq!(items(76.0), Alignment::Centred { alone: true });
        assert_eq!(items(140.0), Alignment::Right { alone: true });
        assert_eq!(items(12.0), Alignment::Unknown);
        assert_eq!(two(full, 12.0, "めます。", 12.0), Alignment::NotAligned);
        assert_eq!(two("12,345,678", 112.0, "9,876", 162.0), Alignment::Unknown);
        // A label over its figure, set flush right: half the lines only
        // are Japanese. A centred paragraph with a line of a web address.
        assert_eq!(two("前年比", 182.0, "1,234,567", 122.0), Alignment::Unknown);
        let address = [
            line(full, 100.0),
            spaced("www.example.jp", 42.0, 88.0, 10.0),
            spaced("をご覧ください。", 72.0, 76.0, 10.0),
        ]
        .concat();
        assert_eq!(
            Alignment::of(&lines(&address), edges),
            Alignment::Centred { alone: true }
        );
    }

    /// The cells of a one-column table from 10 to 212, a row from each of
    /// `cells` (their lines between 0 and 100 in their own row's space).
    fn column(cells: &[Vec<Glyph>]) -> Vec<Vec<TextLine>> {
        let rows = cells.len();
        let top = 100.0 * rows as f64;
        let mut rules: Vec<Rule> = (0..=rows)
            .map(|k| rule(10.0, 100.0 * k as f64, 212.0, 100.0 * k as f64))
            .collect();
        rules.extend([10.0, 212.0].map(|x| rule(x, 0.0, x, top)));
        let glyphs: Vec<Glyph> = cells
            .iter()
            .enumerate()
            .flat_map(|(k, cell)| {
                cell.iter().map(move |g| Glyph {
                    y: g.y + top - 100.0 * (k + 1) as f64,
                    ..g.clone()
                })
            })
            .collect();
        let pages = layout(&[page(300.0, top + 100.0, glyphs, rules)]);
        let Some(Block::Table(table)) = pages[0].blocks.first() else {
            panic!("no table: {:?}", pages[0].blocks);
        };
        table
            .rows
            .iter()
            .map(|row| row.cells[0].lines.clone())
            .collect()
    }

    /// A cell centred by a little (lines of eighteen and nineteen
    /// characters, set in half an em) is read centred where another cell
    /// of its column shows it centred and none shows otherwise: its first
    /// line, short of the width the padding leaves, is unsure; a cell of
    /// flush left lines of different widths in the column leaves it read as
    /// placed. A prose cell whose last line is set in an em and ends level
    /// (flush right, or a flush-left paragraph indented) is read as placed
    /// whatever its column shows, and said where no cell of the column
    /// shows flush left lines (helper-119).
    #[test]
    fn a_column_is_read_aligned_where_its_cells_show_it_and_none_shows_otherwise() {
        let full = "区民の皆様の利便性を高めるため窓口の案内";
        let strong = [line(full, 80.0), spaced("表示を見直す", 82.0, 68.0, 10.0)].concat();
        let weak = [
            spaced(&full[..54], 21.0, 80.0, 10.0),
            spaced(&full[..57], 16.0, 68.0, 10.0),
        ]
        .concat();
        let indented = [line(full, 80.0), spaced(&full[..57], 22.0, 68.0, 10.0)].concat();
        let flush = [line(full, 80.0), line("めます。", 68.0)].concat();
        let unsure = |cells: Vec<Vec<TextLine>>, k: usize| cells[k][0].ends_before_rule();
        assert!(unsure(column(&[strong.clone(), weak.clone()]), 1));
        assert!(!unsure(column(&[strong.clone(), weak, flush.clone()]), 1));
        let last = |cells: Vec<Vec<TextLine>>, k: usize| {
            let line = &cells[k][1];
            (line.indented, line.opens_unsure())
        };
        assert_eq!(last(column(&[strong, indented.clone()]), 1), (true, true));
        assert_eq!(last(column(&[indented.clone(), flush]), 0), (true, false));
        assert_eq!(last(column(&[indented]), 0), (true, true));
    }

    /// helper-116: a line spread across its cell (均等割付, a justified
    /// paragraph's last line spread) read `研 修 ２ 回`, and ending at the
    /// rule, its paragraph's end was taken for a wrap. Its glyphs standing
    /// apart alike, it is read closed up; not a line of Latin letters, nor
    /// one whose glyphs stand apart unlike, nor one spread a little, nor
    /// lines of a cell where as letter-spaced a line stops short of the
    /// rule (a character grid, helper-117). A justified line spread because
    /// a web address moved down whole, closed up, is still its wrap.
    #[test]
    fn a_line_spread_across_its_cell_is_read_closed_up() {
        let gap = |glyphs: &[Glyph]| letter_spacing(&glyphs.iter().collect::<Vec<_>>());
        assert_eq!(gap(&spaced("研修２回", 12.0, 100.0, 60.0)), Some(50.0));
        assert_eq!(gap(&spaced("す。", 12.0, 100.0, 190.0)), Some(180.0));
        assert_eq!(gap(&spaced("ABCD", 12.0, 100.0, 60.0)), None);
        assert_eq!(gap(&spaced("AB", 12.0, 100.0, 60.0)), None);
        assert_eq!(gap(&spaced("窓口の案内", 12.0, 100.0, 10.5)), None);
        let mut uneven = spaced("研修２回", 12.0, 100.0, 60.0);
        uneven[3].x += 10.0;
        assert_eq!(gap(&uneven), None);
        let edges = Some((10.0, 212.0));
        let glyphs = [
            spaced("チラシの作成", 12.0, 100.0, 38.0),
            line("ホームページへの掲載を行いました。", 88.0),
        ]
        .concat();
        let read = cell_lines(glyphs.iter().collect(), edges);
        assert_eq!(read[0].text, "チラシの作成");
        assert!(read[0].ends_short);
        assert_eq!(read[0].bbox[2], glyphs[5].x + 10.0);
        // Set on a grid 1.3 ems apart: a full line and a short one.
        let grid = [
            spaced("区民の皆様の利便性を高める", 12.0, 100.0, 13.0),
            spaced("ため窓口", 12.0, 88.0, 13.0),
        ]
        .concat();
        assert_eq!(moves(&lines(&grid), edges, false), None);
        // `詳しくは` spread over a web address too long for what is left.
        let mut address = spaced("詳しくは", 12.0, 100.0, 64.0);
        address.extend(
            "https://www.example.city.jp/kusei/shisaku/"
                .chars()
                .enumerate()
                .map(|(k, c)| Glyph {
                    width: 5.0,
                    ..glyph(&c.to_string(), 12.0 + 5.0 * k as f64, 88.0)
                }),
        );
        let read = cell_lines(address.iter().collect(), edges);
        assert_eq!(read[0].text, "詳しくは");
        assert!(!read[0].ends_short && !read[0].ends_unsure());
    }

    /// helper-149: a ruled cell's widest line, alone that wide, ending in
    /// a telephone number short of the rule, over a line of prose: the
    /// next line's opening did not fit after the number whether the writer
    /// wrapped there or the paragraph ended, and the break is unsure. Not
    /// where the line reaches the rule (within a quarter em), nor without
    /// the cell's rules, nor in a cell of no `。` or `、` (a department's
    /// name over its parent's), nor after a line ending in a kanji. helper-151: a line not the widest, short of the
    /// cell's full lines by as much as the next line's first character,
    /// is unsure too, unless that opens with a particle or, after a
    /// figure, a counter (helper-152: a word's first character is not
    /// one, `個人情報`, `はじめに`). helper-152: the widest line as wide as
    /// another (the next paragraph's full first line) is unsure too.
    #[test]
    fn a_number_ending_a_cells_widest_line_short_of_the_rule_is_unsure() {
        let marks = |texts: &[&str], edges: Option<(f64, f64)>| -> Vec<(bool, bool)> {
            cell_of(texts, edges)
                .iter()
                .map(|l| (l.ends_short, l.ends_unsure()))
                .collect()
        };
        // (A cell's last line ending `。` far short of the rule ends short.)
        let (wrap, unsure, last) = ((false, false), (false, true), (true, false));
        // Ending at 202, the text reaching 210: 0.8 em short.
        let number = [
            "問合せは区民課の窓口担当TEL0123",
            "相談の記録は課内で共有します。",
        ];
        assert_eq!(marks(&number, Some((10.0, 212.0))), [unsure, last]);
        assert_eq!(marks(&number, Some((10.0, 204.0))), [wrap, last]);
        assert_eq!(marks(&number, None), [wrap, last]);
        let names = ["地域みまもり支援センター東分室0123", "区民課"];
        assert_eq!(marks(&names, Some((10.0, 212.0))), [wrap, wrap]);
        // As wide as the next paragraph's full first line, both short of
        // the rule.
        let as_wide = [
            "問合せは区民課の窓口担当TEL0123",
            "相談の記録は課内で共有し、毎週の打合せ",
            "で確認します。",
        ];
        assert_eq!(marks(&as_wide, Some((10.0, 212.0))), [unsure, wrap, last]);
        let kanji = [
            "問合せは区民課の窓口担当の職員に伝え",
            "相談の記録は課内で共有します。",
        ];
        assert_eq!(marks(&kanji, Some((10.0, 212.0)))[0], wrap);
        // Not the widest: short of the cell's full line (a wrapped
        // paragraph above, 19 characters) by an em, where `相` would have
        // fitted; as wide, where the full lines end at the rule, not; nor
        // before a particle, nor a counter after a figure.
        let below_full_in = |number: &str, next: &str, right: f64| {
            let texts = [
                "窓口の待ち時間を短くするため、受付の流",
                "れを見直します。",
                number,
                next,
            ];
            marks(&texts, Some((10.0, right)))[2]
        };
        let below_full = |number: &str, next: &str| below_full_in(number, next, 212.0);
        let next = "相談の記録は課内で共有します。";
        let one_short = "問合せは区民課の窓口担TEL0123";
        assert_eq!(below_full(one_short, next), unsure);
        let full_line = "問合せは区民課の窓口担当TEL0123";
        assert_eq!(below_full_in(full_line, next, 204.0), wrap);
        assert_eq!(below_full(one_short, "の記録は課内で共有します。"), wrap);
        // Words that open with what may be a particle or a counter.
        assert_eq!(below_full(one_short, "はじめに記録を共有します。"), unsure);
        assert_eq!(below_full(one_short, "個人情報を守ります。"), unsure);
        let figure = "窓口での相談は今年度の年間で1250";
        assert_eq!(below_full(figure, "人に上りました。"), wrap);
        assert_eq!(below_full(figure, next), unsure);
    }

    /// rev112 short_items: items of a few words, one a line, the first
    /// the widest, none within two characters of the cell's rule, had
    /// been read as one paragraph, ok; a paragraph set in from the rule on
    /// the right wraps as short of it (helper-113: made paragraph ends, ok,
    /// every wrap). In a ruled cell whose text reaches the rule on no line,
    /// a line after which the next line's opening would have fitted before
    /// the rule is read as wrapped and marked `ends_before_rule`; not where
    /// a line of the cell comes within two characters of the rule, nor
    /// without the cell's rules.
    #[test]
    fn a_line_short_of_a_rule_no_line_of_its_cell_reaches_is_unsure() {
        let marks = |lines: Vec<TextLine>| -> Vec<(bool, bool)> {
            lines
                .iter()
                .map(|l| (l.ends_short, l.ends_before_rule()))
                .collect()
        };
        // A cell twenty characters wide (10 to 212), the text 2 points in.
        let items = ["案内表示の多言語化", "臨時窓口の設置", "窓口での配布"];
        let (wrap, unsure) = ((false, false), (false, true));
        assert_eq!(
            marks(cell_of(&items, Some((10.0, 212.0)))),
            [unsure, unsure, wrap]
        );
        assert_eq!(marks(cell_of(&items, None)), [wrap, wrap, wrap]);
        // The widest line less than two characters short of the rule.
        assert_eq!(
            marks(cell_of(&items, Some((10.0, 120.0)))),
            [wrap, wrap, wrap]
        );
        // Items marked with `・`, which no line opens with by the writer's
        // wrapping (rev115: run together, unsaid, ok).
        let marked = ["・電話応対研修を２回実施", "・受講者は４２名"];
        assert_eq!(marks(cell_of(&marked, Some((10.0, 212.0)))), [unsure, wrap]);
        // A line of the cell reaches the rule.
        let wrapped = [
            "繁忙期の待ち時間を短くするため、窓口の",
            "配置と受付の流れを見直し",
        ];
        assert_eq!(marks(cell_of(&wrapped, Some((10.0, 212.0)))), [wrap, wrap]);
        // A line hanging under an item's text: the item's wrap, sure.
        let mut glyphs = line("・案内表示の多言語化と", 100.0);
        glyphs.extend(line("臨時窓口の設置", 88.0).into_iter().map(|mut g| {
            g.x += 10.0;
            g
        }));
        let hung = cell_lines(glyphs.iter().collect(), Some((10.0, 212.0)));
        assert_eq!(marks(hung), [wrap, wrap]);
    }

    /// Review: unindented paragraphs whose last line ends with `。` one
    /// character short of the cell were one paragraph (of a reviewer's 215
    /// office PDFs, 21 were wrong with status ok, 6 of them so). A line
    /// ending with `。` where what the next line opens with would have
    /// fitted ends its paragraph; not where that may not open a line, nor
    /// where a full line ends with `。` (a wrap after a sentence), nor
    /// against a line an em wider for the `。` it hangs past the margin.
    /// A second review: not where a quotation mark or `％` is kept with
    /// its neighbour, nor where proportional letters or a trailing space
    /// make the widest line end off the kanji's pitch; and where the
    /// widest line may hang its stop or be full, unsure.
    #[test]
    fn a_sentence_ending_where_the_next_character_fits_ends_its_paragraph() {
        // Each line's `ends_short` and `ends_unsure`.
        let read = |glyphs: Vec<Glyph>| -> Vec<(bool, bool)> {
            let refs: Vec<&Glyph> = glyphs.iter().collect();
            cell_lines(refs, None)
                .iter()
                .map(|l| (l.ends_short, l.ends_unsure()))
                .collect()
        };
        let cell = |lines: &[&str]| -> Vec<Glyph> {
            lines
                .iter()
                .enumerate()
                .flat_map(|(k, text)| line(text, 100.0 - 12.0 * k as f64))
                .collect()
        };
        let (no, short, unsure) = ((false, false), (true, false), (false, true));
        // Ten characters a full line; a paragraph of nine ends with `。`.
        // A full line ending with `。`, in a cell that sets no paragraph
        // in, may be a wrap after the sentence or the paragraph's end
        // (rev99: LaTeX and WeasyPrint sheets): unsure.
        assert_eq!(
            read(cell(&[
                "窓口の案内表示を見直",
                "して、改めました。",
                "研修を全員が受けた。",
                "職員の応対を改めた。"
            ])),
            [no, short, unsure, no]
        );
        // A full line ending with a full-width `．` is as unsure (rev101
        // a04), and a heading set in shows no paragraph's indent (a02).
        assert_eq!(
            read(cell(&[
                "窓口の案内表示を見直",
                "して、改めました．",
                "研修を全員が受けた．",
                "職員の応対を改めた．"
            ]))[2],
            unsure
        );
        assert_eq!(
            read(cell(&[
                "　【窓口環境】",
                "研修を全員が受けた。",
                "職員の応対を改めた。"
            ]))[1],
            unsure
        );
        // Not where the cell sets its paragraphs in: a line not set in is
        // no paragraph's first.
        assert_eq!(
            read(cell(&[
                "　窓口の案内表示を見",
                "直して、改めました。",
                "研修を全員が受けた。"
            ])),
            [no, no, no]
        );
        // What the next line opens with may not open a line: the writer
        // moved the character before it down with it.
        let after = |third| read(cell(&["窓口の案内表示を見直", "した。評判は良好。", third]))[1];
        assert_eq!(after("」との声でした。"), no);
        assert_eq!(after("研修も行いました。"), short);
        assert_eq!(after("　研修も行いました。"), short);
        // Nor where what it opens with is two characters the writer keeps
        // together: a bracket or quotation mark and the next, or one and
        // a next that may not open a line. The writer may have moved them
        // down for that, or the paragraph ended: unsure.
        for pair in [
            "「分かりやすい」の声",
            "“見える化”を進めた",
            "又、研修も行いました",
            "ホームページに載せた",
            "５％の削減を達成した",
        ] {
            assert_eq!(after(pair), unsure, "{pair}");
        }
        // Review: what a writer keeps together may be longer than two
        // glyphs (`日々、`, `「人々」`), and hold a run of half-width
        // letters (`「AI」`, `5％`): where it would not have fitted in the
        // room left (two characters here), the writer wrapped, or the
        // paragraph ended.
        let mixed = |text: &str, y: f64| -> Vec<Glyph> {
            let mut x = 12.0;
            text.chars()
                .map(|c| {
                    let width = if c.is_ascii() { 5.0 } else { 10.0 };
                    let g = Glyph {
                        width,
                        ..glyph(&c.to_string(), x, y)
                    };
                    x += width;
                    g
                })
                .collect()
        };
        let after = |second: &str, third: &str| {
            let glyphs = [
                line("窓口の案内表示を見直", 100.0),
                line(second, 88.0),
                mixed(third, 76.0),
            ]
            .concat();
            read(glyphs)[1]
        };
        for kept in [
            "日々、窓口を改めた",
            "「人々」の声を聞いた",
            "「AI」を活用した",
        ] {
            assert_eq!(after("した。評判は良。", kept), unsure, "{kept}");
        }
        assert_eq!(after("した。評判は良。", "研修も行いました。"), short);
        assert_eq!(after("した。評判は良。", "5％の削減を達成"), short);
        assert_eq!(after("した。評判は良好。", "5％の削減を達成"), unsure);
        // Three characters short: before what would not have fitted, a
        // wrap or a paragraph's end; before what would, a paragraph's end.
        assert_eq!(after("した。評判は。", "「人々」の声を聞いた"), unsure);
        assert_eq!(after("した。評判は。", "日々、窓口を改めた"), short);
        // Review: a writer sets no `。` apart from a half-width letter
        // after it, and moves `た。AI・` down whole: the line above, three
        // characters short, is a wrap.
        assert_eq!(after("待ち時間を公し", "た。AI・RPAを活用"), no);
        assert_eq!(after("待ち時間を公し", "た。研修を行った"), short);
        // The third line hangs its `。` past the margin, beside two full
        // lines ending in other characters: the full line below it that
        // ends a sentence is a wrap, one a character short is not.
        let hanging = |fourth| {
            read(cell(&[
                "窓口の案内表示を見直",
                "しました。研修は今年",
                "全職員が受講しました。",
                fourth,
                "来年度も続けます。",
            ]))
        };
        // In a cell that sets no paragraph in, a full line ending a
        // sentence is unsure (see above), hanging its stop or not.
        assert_eq!(
            hanging("手引きも改めました。"),
            [no, no, unsure, unsure, no]
        );
        assert_eq!(hanging("手引きは改訂した。"), [no, no, unsure, short, no]);
        // Beside one line ending in another character, the widest may hang
        // its stop, or be full, that one stopping an em short (its last
        // character moved down with the `、` after it): unsure.
        assert_eq!(
            read(cell(&[
                "案内表示を全て見直",
                "し、掲示も更新した。",
                "研修を皆が受けた。",
                "職員の応対を改めた。"
            ])),
            [no, unsure, unsure, no]
        );
        // Review: a full line with proportional letters (4.5 points each)
        // ends 0.9 of an em before a full line of kanji would: a line of
        // kanji an em short of it is still a full line, wrapped.
        let mut glyphs = line("窓口の案内表示を見", 100.0);
        glyphs.extend(["L", "A"].iter().enumerate().map(|(k, t)| Glyph {
            width: 4.5,
            ..glyph(t, 102.0 + 4.5 * k as f64, 100.0)
        }));
        glyphs.extend(
            [
                line("直して改めました。", 88.0),
                line("研修も行いました。", 76.0),
            ]
            .concat(),
        );
        // (Its break is unsure all the same: see above.)
        assert_eq!(read(glyphs), [no, unsure, no]);
        // A line is measured to its last glyph that is not white space: an
        // ideographic space drawn after a full line does not widen the
        // cell.
        let mut glyphs = cell(&[
            "窓口の案内表示を見直",
            "研修を全員が受けた。",
            "職員の応対を改めた。",
        ]);
        glyphs.push(glyph("\u{3000}", 112.0, 100.0));
        assert_eq!(read(glyphs), [no, unsure, no]);
        // Every line ends with `。`: a full line is told by the cell's
        // rules (the text 2 points in from the left one), without them
        // not at all.
        let cell = [
            "案内表示を全て直す。",
            "研修を皆が受けた。",
            "職員の応対を改めた。",
        ];
        assert_eq!(ends_short(&cell, Some((10.0, 114.0))), [false, true, false]);
        assert_eq!(ends_short(&cell, None), [false, false, false]);
    }

    /// A list's item wraps under its text, an em or more right of its
    /// mark: those lines are the item's, not paragraphs (rev91 W20, W26:
    /// a writer's lists in a sheet's cells, each wrapped line a
    /// paragraph, `ok`), or an em in short of it under `(1)`; and a line
    /// starting where the full line above it starts, further in than the
    /// cell's left, goes on with it where that line ends no sentence (an
    /// item whose mark is drawn). A line as far in under a line that opens
    /// no item is indented still, and so is the line under an item's that
    /// an ideographic space opens.
    #[test]
    fn a_lists_item_wrapped_under_its_text_is_not_indented() {
        let at = |text: &str, indent: f64, y: f64| {
            let mut glyphs = line(text, y);
            glyphs.iter_mut().for_each(|g| g.x += indent);
            glyphs
        };
        // Each line as its text and how far in it starts; each line's
        // `indented`.
        type Case<'a> = (&'a [(&'a str, f64)], &'a [bool]);
        let cases: [Case; 6] = [
            (
                &[
                    ("・窓口の案内係を増員し来", 0.0),
                    ("庁者を窓口へご案内しま", 10.0),
                    ("す。", 10.0),
                    ("(1)電話は名乗って取り", 0.0),
                    ("次ぎます。", 30.0),
                ],
                &[false, false, false, false, false],
            ),
            (
                &[
                    ("窓口の案内係を増員し来庁", 0.0),
                    ("者を窓口へご案内します", 10.0),
                    ("・番号札を表示します。", 0.0),
                    ("\u{3000}研修を行います。", 0.0),
                ],
                &[false, true, false, true],
            ),
            (
                &[
                    ("・窓口の案内係を増員し来", 0.0),
                    ("庁者を案内します。", 10.0),
                    ("研修の受講率は九割で", 10.0),
                    ("した。", 0.0),
                ],
                &[false, false, true, false],
            ),
            // A hanging indent of an em under `(1)`, short of its text
            // (rev96 H05).
            (
                &[("(1)窓口の案内表示を見", 0.0), ("直し色分けします。", 10.0)],
                &[false, false],
            ),
            // Items whose marks are drawn, not written (Chromium's `<ul>`)
            // after a paragraph: an item's full line that ends no sentence
            // goes on in the line starting where it starts (rev96 H04) …
            (
                &[
                    ("子育て世帯が安心して相談で", 10.0),
                    ("きる窓口をめざします。", 0.0),
                    ("相談室を予約制にします。", 15.0),
                    ("土曜日の相談日を月二回設", 15.0),
                    ("けます。", 15.0),
                ],
                &[true, false, true, true, false],
            ),
            // … and one that ends a sentence does not.
            (
                &[
                    ("子育て世帯が安心して相談で", 10.0),
                    ("きる窓口をめざします。", 0.0),
                    ("相談日を月二回設けます。", 15.0),
                    ("研修を行います。", 15.0),
                ],
                &[true, false, true, true],
            ),
        ];
        for (lines, want) in cases {
            let glyphs: Vec<Glyph> = lines
                .iter()
                .enumerate()
                .flat_map(|(k, &(text, indent))| at(text, indent, 100.0 - 12.0 * k as f64))
                .collect();
            let refs: Vec<&Glyph> = glyphs.iter().collect();
            let got: Vec<bool> = cell_lines(refs, None).iter().map(|l| l.indented).collect();
            assert_eq!(got, want, "{lines:?}");
        }
        // An item's line ending a sentence at the cell's full width, over
        // a line under its text: the item's wrap, or a paragraph indented
        // an em after it — unsure.
        let glyphs = [
            at("・窓口の案内係を増員した。", 0.0, 100.0),
            at("研修の受講率は九割で", 10.0, 88.0),
        ]
        .concat();
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let read = cell_lines(refs, None);
        assert_eq!((read[1].indented, read[0].ends_unsure()), (false, true));
        // An item's full line over a line set in as far, that ends no
        // sentence: its wrap, or an item as long as the line over the next
        // (rev98 a1: noun-phrase items glued) — unsure, unless the line
        // below opens with what no line opens with.
        let unsure = |second: &str| {
            let glyphs = [
                at("窓口の案内を見直して来庁", 0.0, 100.0),
                at("案内係の増員と研修の実施", 15.0, 88.0),
                at(second, 15.0, 76.0),
            ]
            .concat();
            let refs: Vec<&Glyph> = glyphs.iter().collect();
            let read = cell_lines(refs, None);
            (read[2].indented, read[1].ends_unsure())
        };
        assert_eq!(unsure("呼出番号表示盤の設置"), (false, true));
        assert_eq!(unsure("っています。"), (false, false));
        // A katakana item set apart from its text: its wrap hangs under the
        // text (rev98 a5).
        let glyphs = [
            at("ア 相談室を予約制として", 10.0, 100.0),
            at("相談の機会を確保", 30.0, 88.0),
            at("イ 相談記録を統一します。", 10.0, 76.0),
        ]
        .concat();
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let indented: Vec<bool> = cell_lines(refs, None).iter().map(|l| l.indented).collect();
        assert_eq!(indented, [false, false, false]);
    }

    /// A line stopped short where the writer moved a run of half-width
    /// letters and digits whole to the next line (`…前年度` / `(10,987件)`,
    /// a web address) was taken for a paragraph's end (a reviewer's
    /// LibreOffice sheets: 35 of 215 wrong, status ok). It is a wrap; a
    /// line as short before a Japanese word, or ending a sentence, is not.
    #[test]
    fn a_half_width_run_moved_to_the_next_line_is_a_wrap() {
        let ends = |second: &str, next: &str| -> bool {
            let glyphs = [
                line("窓口の案内表示を全て見直しました", 100.0),
                line(second, 88.0),
                line(next, 76.0),
                line("でした。", 64.0),
            ]
            .concat();
            let refs: Vec<&Glyph> = glyphs.iter().collect();
            cell_lines(refs, None)[1].ends_short
        };
        assert!(!ends("相談件数は前年度の", "(12,345,678件)より増えま"));
        assert!(!ends("相談件数は前年度の", "（12,345,678件）より増え"));
        assert!(ends("相談件数は前年度の", "件数より増えました"));
        assert!(ends("相談件数は前年度の", "（件数）より増えました"));
        assert!(ends("相談件数が増えた。", "(123件)の相談"));
        assert!(ends("【問合せ先】", "https://www.example.lg.jp/"));
        // A sentence's end before a run that would not have fitted after
        // it: the run moved down whole leaves the line as short whether
        // the paragraph ended or not (rev101 a05): not short, unsure.
        let second = |text: &str, next: &str| {
            let glyphs = [
                line("窓口の案内表示を全て見直しました", 100.0),
                line(text, 88.0),
                line(next, 76.0),
            ]
            .concat();
            let refs: Vec<&Glyph> = glyphs.iter().collect();
            let line = &cell_lines(refs, None)[1];
            (line.ends_short, line.ends_unsure())
        };
        assert_eq!(
            second("相談件数が増えた。", "(12,345,678件)の相談"),
            (false, true)
        );
        assert_eq!(second("区の魅力を発信する。", "Instagramで"), (false, true));
        assert_eq!(second("区の魅力を発信する。", "SNSで発信"), (true, false));
    }

    /// Review: paragraphs of one full line each, every one opening with
    /// an ideographic space, were one paragraph (no line was indented
    /// against the others); and a full line with a blank line below it
    /// (an empty paragraph) was taken for a wrap.
    #[test]
    fn a_paragraph_is_told_by_its_ideographic_space_and_by_a_blank_line() {
        let read = |lines: Vec<Vec<Glyph>>| -> Vec<(bool, bool)> {
            let glyphs = lines.concat();
            let refs: Vec<&Glyph> = glyphs.iter().collect();
            cell_lines(refs, Some((10.0, 112.0)))
                .iter()
                .map(|l| (l.indented, l.ends_short))
                .collect()
        };
        // Ten characters a line fill the cell (12 to 112).
        assert_eq!(
            read(vec![
                line("　窓口を見直します", 100.0),
                line("　研修を行いました", 88.0)
            ]),
            [(true, false), (true, false)]
        );
        // A blank line's step is 24 where lines step 12.
        assert_eq!(
            read(vec![
                line("窓口の案内を見直して", 100.0),
                line("整えました。研修も行", 88.0),
                line("いました。全員が受講", 64.0),
            ]),
            [(false, false), (false, true), (false, false)]
        );
        // Review: two lines say nothing (a cell spaced at 250 %), nor does
        // one odd step among even ones (Excel's distributed alignment).
        assert_eq!(
            read(vec![
                line("窓口の案内を見直して", 100.0),
                line("整えました。", 76.0)
            ]),
            [(false, false), (false, true)]
        );
        assert_eq!(
            read(vec![
                line("窓口の案内を見直して", 100.0),
                line("整えました。研修も行", 76.0),
                line("いました。全員が受講", 66.0),
                line("しました。案内図も新", 42.0),
                line("しくしました。", 18.0),
            ]),
            [
                (false, false),
                (false, false),
                (false, false),
                (false, false),
                (false, true)
            ]
        );
        // Evenly spaced lines, however far apart: wraps.
        assert_eq!(
            read(vec![
                line("窓口の案内を見直して", 100.0),
                line("整えました。研修も行", 76.0),
                line("いました。全員が受講", 52.0),
            ]),
            [(false, false), (false, false), (false, false)]
        );
    }

    /// 10-point glyphs of `text` from `x`, one every 10 points, at `y`.
    fn run(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| glyph(&c.to_string(), x + 10.0 * k as f64, y))
            .collect()
    }

    /// A table's rows, each its cells' text joined by `|`.
    fn row_texts(table: &Table) -> Vec<String> {
        table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect::<Vec<_>>().join("|"))
            .collect()
    }

    /// A line of two text cells leaving the third blank, one of which
    /// would have fitted on the line above in the room its column leaves
    /// (`Tax` after `Records`) while the other would not: a row of its own
    /// or the wrap of the row above, which the page does not say — read as
    /// the wrap and counted. Where every cell would not have fitted, the
    /// wrap is no doubt.
    #[test]
    fn a_line_of_cells_one_of_which_fitted_above_is_in_doubt() {
        let doubts = |second: [&str; 2]| {
            let mut glyphs = Vec::new();
            for (k, cells) in [
                ["Service", "Section", "Phone"],
                ["Records", "Citizens Section", "03-1234"],
                [second[0], second[1], ""],
                ["Nursery", "Childcare", "03-1299"],
            ]
            .iter()
            .enumerate()
            {
                for (x, text) in [72.0, 200.0, 380.0].iter().zip(cells) {
                    glyphs.extend(run(text, *x, 700.0 - 12.0 * k as f64));
                }
            }
            let page = page(612.0, 792.0, glyphs, Vec::new());
            let (blocks, doubts) =
                aligned_table(&page, &lines_of(page.glyphs.iter().collect())).unwrap();
            let Some(Block::Table(table)) = blocks.first() else {
                panic!("{blocks:?}")
            };
            let first: Vec<String> = table.rows.iter().map(|r| r.cells[0].text()).collect();
            (first, doubts)
        };
        assert_eq!(
            doubts(["Tax", "Tax Section"]),
            (
                vec!["Service".into(), "Records\nTax".into(), "Nursery".into()],
                1
            )
        );
        assert_eq!(
            doubts(["Insurance", "Insurance"]),
            (
                vec![
                    "Service".into(),
                    "Records\nInsurance".into(),
                    "Nursery".into()
                ],
                0
            )
        );
    }

    /// What the rules for lines that leave cells blank leave alone
    /// (helper-129's review): a top-aligned Japanese label wrapped onto a
    /// line that fills its column, the next row's label opening as a label
    /// does, stays its row's; a cell's second line of figures in brackets,
    /// `(388)` under `402`, is no row; a total without its label, plain
    /// amounts under amounts, is one.
    #[test]
    fn top_aligned_wraps_and_stacked_figures_stay_in_their_rows() {
        let table = |rows: &[[&str; 3]]| {
            let mut glyphs = Vec::new();
            for (k, cells) in rows.iter().enumerate() {
                let y = 700.0 - 12.0 * k as f64;
                glyphs.extend(run(cells[0], 60.0, y));
                for (right, text) in [(270.0, cells[1]), (360.0, cells[2])] {
                    glyphs.extend(run(text, right - 10.0 * text.chars().count() as f64, y));
                }
            }
            let blocks = read_aligned(&page(612.0, 792.0, glyphs, Vec::new())).unwrap();
            let Some(Block::Table(table)) = blocks.first() else {
                panic!("{blocks:?}")
            };
            row_texts(table)
        };
        assert_eq!(
            table(&[
                ["内容", "令和５年度", "令和６年度"],
                ["法律相談", "402", "388"],
                ["高齢者の住まいと介護に", "1,204", "1,350"],
                ["関する相談（電話含む）", "", ""],
                ["子育て相談", "2,118", "2,240"],
            ]),
            [
                "内容|令和５年度|令和６年度",
                "法律相談|402|388",
                "高齢者の住まいと介護に\n関する相談（電話含む）|1,204|1,350",
                "子育て相談|2,118|2,240",
            ]
        );
        assert_eq!(
            table(&[
                ["Service", "2022", "2023"],
                ["Legal advice", "402", "388"],
                ["", "(390)", "(401)"],
                ["Tax", "310", "295"],
                ["", "712", "683"],
            ]),
            [
                "Service|2022|2023",
                "Legal advice|402\n(390)|388\n(401)",
                "Tax|310|295",
                "|712|683",
            ]
        );
        // A top-aligned label whose wrap fills the column, the next row's
        // label opening with a lowercase letter (`e-Tax`): no foot label.
        assert_eq!(
            table(&[
                ["Service", "2022", "2023"],
                ["Housing advice", "1,204", "1,350"],
                ["for older ones", "", ""],
                ["e-Tax help", "310", "295"],
                ["Parks", "88", "91"],
            ]),
            [
                "Service|2022|2023",
                "Housing advice\nfor older ones|1,204|1,350",
                "e-Tax help|310|295",
                "Parks|88|91",
            ]
        );
        // Amounts alone under every row, the last one's too, are each
        // row's second line (`上段` / `下段`), not a total.
        assert_eq!(
            table(&[
                ["Service", "2022", "2023"],
                ["Legal advice", "402", "388"],
                ["", "12,400", "11,900"],
                ["Tax", "310", "295"],
                ["", "9,800", "9,100"],
            ]),
            [
                "Service|2022|2023",
                "Legal advice|402\n12,400|388\n11,900",
                "Tax|310\n9,800|295\n9,100",
            ]
        );
        // A total without its label, a dash for the amount not given; a
        // source under the table at its pitch, the last label filling its
        // column.
        assert_eq!(
            table(&[
                ["内容", "令和５年度", "令和６年度"],
                ["法律相談", "402", "388"],
                ["高齢者の住まいと介護の相談", "1,204", "1,350"],
                ["", "1,606", "-"],
                ["出所：区民課調べ", "", ""],
            ]),
            [
                "内容|令和５年度|令和６年度",
                "法律相談|402|388",
                "高齢者の住まいと介護の相談|1,204|1,350",
                "|1,606|-",
            ]
        );
    }

    /// A header of two words centred over two columns of right-aligned
    /// figures, its top-left cell blank, is the table's first row
    /// (helper-128's P1b: the table started at its first line of three
    /// segments, the header a heading above it); a title of two words
    /// over the labels stays above.
    #[test]
    fn a_two_word_header_over_a_blank_corner_is_the_tables() {
        let read = |head: &[(&str, f64)]| {
            let mut glyphs = Vec::new();
            for &(word, middle) in head {
                glyphs.extend(run(word, middle - 5.0 * word.len() as f64, 712.0));
            }
            for (k, (label, a, b)) in [
                ("North", "52,340", "52,902"),
                ("South", "48,210", "47,800"),
                ("East", "38,902", "39,115"),
            ]
            .iter()
            .enumerate()
            {
                let y = 700.0 - 12.0 * k as f64;
                glyphs.extend(run(label, 60.0, y));
                glyphs.extend(run(a, 300.0 - 10.0 * a.len() as f64, y));
                glyphs.extend(run(b, 420.0 - 10.0 * b.len() as f64, y));
            }
            let blocks = read_aligned(&page(612.0, 792.0, glyphs, Vec::new())).unwrap();
            blocks
                .iter()
                .map(|b| match b {
                    Block::Line(line) => line.text.clone(),
                    Block::Table(table) => row_texts(table).join(" / "),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read(&[("FY2022", 250.0), ("FY2023", 370.0)]),
            ["|FY2022|FY2023 / North|52,340|52,902 / South|48,210|47,800 / East|38,902|39,115"]
        );
        assert_eq!(
            read(&[("Residents", 105.0), ("2024", 250.0)]),
            [
                "Residents 2024",
                "North|52,340|52,902 / South|48,210|47,800 / East|38,902|39,115"
            ]
        );
    }

    /// Notes and sources under a table, by how they open or as sentences.
    #[test]
    fn notes_and_sentences_are_told() {
        for note in [
            "Note: provisional.",
            "Notes",
            "Source: basic resident register",
            "※端数は四捨五入",
            "注）数値は速報値",
            "注1 年度末現在",
            "（注）速報値",
            "出典：住民基本台帳",
            "出所：区民課調べ",
            "【注】速報値",
        ] {
            assert!(opens_note(note), "{note}");
        }
        for label in [
            "Noteworthy items",
            "注射",
            "注意喚起",
            "Sources of funds",
            "Note that",
        ] {
            assert!(!opens_note(label), "{label}");
        }
        assert!(opens_note("Note 2: revised"));
        for amount in [
            "45,585", "12.5%", "-0.3", "▲12", "1,204.75", "$1,916", "1,200円",
        ] {
            assert!(is_amount(amount), "{amount}");
        }
        for other in [
            "(388)",
            "03-1234",
            "9:00～12:00",
            "2024/4/1",
            "1.2.3",
            "...",
        ] {
            assert!(!is_amount(other), "{other}");
        }
        assert!(is_sentence("Figures are loans of books."));
        assert!(is_sentence("速報値である。"));
        for label in ["Legal advice", "No.", "Dept. of Parks", "incl. fees."] {
            assert!(!is_sentence(label), "{label}");
        }
    }

    /// rev88 t5: rows of a table without rules padded apart, whose last
    /// lines wrap in one column only, keep a wrap that fills every column
    /// in its row (padding shows before each row's first line, however its
    /// row ended).
    #[test]
    fn padding_before_rows_keeps_a_row_whose_wrap_fills_every_column() {
        let mut glyphs = Vec::new();
        let mut y = 700.0;
        for (lines, gap) in [
            (vec![["Area", "Goal", "Result"]], 24.0),
            (vec![["A1", "Goal one", "Done"], ["", "more", ""]], 24.0),
            (vec![["B1", "Goal two", "Done"], ["", "more", ""]], 24.0),
            (
                vec![["C1", "Goal three", "Half"], ["C2", "more", "done"]],
                24.0,
            ),
        ] {
            for cells in lines {
                for (x, text) in [72.0, 200.0, 360.0].iter().zip(cells) {
                    glyphs.extend(run(text, *x, y));
                }
                y -= 12.0;
            }
            y -= gap - 12.0;
        }
        let blocks = read_aligned(&page(612.0, 792.0, glyphs, Vec::new())).unwrap();
        let [Block::Table(table)] = &blocks[..] else {
            panic!("{blocks:?}")
        };
        let first_cells: Vec<String> = table.rows.iter().map(|r| r.cells[0].text()).collect();
        assert_eq!(first_cells, ["Area", "A1", "B1", "C1\nC2"]);
    }

    /// rev88 t8: under a header set larger than its body, the last row's
    /// one-segment wrap is still the row's (only a line smaller than the
    /// one above it is a note under the table).
    #[test]
    fn a_larger_header_leaves_the_last_rows_wrap_in_the_table() {
        let mut glyphs = Vec::new();
        let mut header = run("Area", 72.0, 700.0);
        header.extend(run("Goal", 200.0, 700.0));
        header.extend(run("Result", 360.0, 700.0));
        for g in &mut header {
            g.size = 12.0;
        }
        glyphs.extend(header);
        for (k, (area, goal)) in [("A1", "Goal one"), ("B1", "Goal two")].iter().enumerate() {
            let y = 686.0 - 12.0 * k as f64;
            glyphs.extend(run(area, 72.0, y));
            glyphs.extend(run(goal, 200.0, y));
            glyphs.extend(run("Done", 360.0, y));
        }
        glyphs.extend(run("wraps", 200.0, 662.0));
        let blocks = read_aligned(&page(612.0, 792.0, glyphs, Vec::new())).unwrap();
        let [Block::Table(table)] = &blocks[..] else {
            panic!("{blocks:?}")
        };
        let last = table.rows.last().map(|r| r.cells[1].text());
        assert_eq!(last.as_deref(), Some("Goal two\nwraps"));
    }

    /// The dump's indents (rev87 p19, p21; rev88 t2, t11): a line an em or
    /// more right of the text block's margin opens with an ideographic
    /// space per em — an indented paragraph's first line that stops as far
    /// short of the right too; a label alone left of the margin sets no
    /// margin; a short line centred in the block gets none.
    #[test]
    fn the_dump_marks_indents_from_the_text_blocks_margin() {
        let full = "x".repeat(40);
        let mut glyphs = run("Label", 20.0, 760.0);
        glyphs.extend(run("1 Heading", 60.0, 740.0));
        glyphs.extend(run(&"y".repeat(36), 80.0, 726.0));
        glyphs.extend(run(&full, 60.0, 712.0));
        glyphs.extend(run("Centred", 225.0, 690.0));
        glyphs.extend(run(&full, 60.0, 670.0));
        let text = to_text(&[page(612.0, 792.0, glyphs, Vec::new())]).text;
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "Label",
                "1 Heading",
                &format!("\u{3000}\u{3000}{}", "y".repeat(36)),
                &full,
                "Centred",
                &full,
            ]
        );
    }

    /// A page's last full line runs on onto the next page's first where
    /// that is full too or ends the sentence: no blank line between; not
    /// into a heading the next page opens with (rev88 t3).
    #[test]
    fn a_paragraph_runs_on_over_a_page_break_but_not_into_a_heading() {
        let page_of = |number: u32, lines: &[(&str, f64)]| {
            let glyphs = lines
                .iter()
                .enumerate()
                .flat_map(|(k, (text, x))| run(text, *x, 760.0 - 14.0 * k as f64))
                .collect();
            let mut page = page(612.0, 792.0, glyphs, Vec::new());
            page.number = number;
            page
        };
        let full = "x".repeat(40);
        let first = page_of(1, &[(&full, 60.0), (&full, 60.0), (&full, 60.0)]);
        let blank_between = |next: Page| {
            let text = to_text(&[first.clone(), next]).text;
            text.lines().nth(3) == Some("")
        };
        assert!(!blank_between(page_of(2, &[("end.", 60.0), (&full, 60.0)])));
        assert!(!blank_between(page_of(2, &[(&full, 60.0), (&full, 60.0)])));
        assert!(blank_between(page_of(
            2,
            &[("Heading", 60.0), (&full, 60.0)]
        )));
    }

    /// rev83 r18b: a note in smaller type right under a table without
    /// rules, at its pitch and within its first column, is a line of the
    /// page, not the last row's wrap; rows one line tall are a row each.
    #[test]
    fn a_smaller_note_under_an_aligned_table_is_a_line() {
        let mut glyphs = Vec::new();
        for (k, row) in [
            ["Route", "2022", "2023"],
            ["Loop", "812", "845"],
            ["Hill", "74", "81"],
        ]
        .iter()
        .enumerate()
        {
            let y = 700.0 - 14.0 * k as f64;
            for (x, text) in [72.0, 200.0, 300.0].iter().zip(row) {
                glyphs.push(glyph(text, *x, y));
            }
        }
        let mut note = glyph("Night", 72.0, 658.0);
        note.size = 8.0;
        glyphs.push(note);
        let blocks = read_aligned(&page(612.0, 792.0, glyphs, Vec::new())).unwrap();
        let [Block::Table(table), Block::Line(line)] = &blocks[..] else {
            panic!("{blocks:?}")
        };
        assert_eq!(table.rows.len(), 3);
        assert_eq!(line.text, "Night");
    }

    /// A table without rules makes a cell per column in every row: one of
    /// more than `MAX_CELLS` is no table (its output grew with rows ×
    /// columns, 56 MB from a 352 KB PDF), and the page is read as lines.
    #[test]
    fn an_aligned_table_of_more_cells_than_the_bound_is_not_a_table() {
        // Rows of two lines 12 apart, 42 between rows; columns 40 apart.
        let aligned = |rows: usize, columns: usize| {
            let mut glyphs = Vec::new();
            for r in 0..rows {
                for line in 0..2 {
                    let y = 20_000.0 - r as f64 * 42.0 - f64::from(line) * 12.0;
                    for c in 0..columns {
                        glyphs.push(glyph("a", c as f64 * 40.0, y));
                    }
                }
            }
            page(10_000.0, 21_000.0, glyphs, Vec::new())
        };
        let table = read_aligned(&aligned(100, 150)).unwrap();
        let Some(Block::Table(table)) = table.last() else {
            panic!("no table")
        };
        assert_eq!((table.rows.len(), table.rows[0].cells.len()), (100, 150));
        assert!(read_aligned(&aligned(140, 150)).is_none());
    }

    /// A ruled band of figures is read a line at a time, each line a row
    /// across every column: past `MAX_CELLS` (lines × columns) the band
    /// stays one row (it took 2.3 s and 181 MB of JSON for a 398 KB PDF).
    #[test]
    fn a_band_read_by_lines_is_bounded_by_the_cells_it_makes() {
        let band = |columns: usize, lines: usize| {
            let width = columns as f64 * 20.0;
            let top = 40.0 + lines as f64 * 12.0;
            let mut rules = vec![
                rule(0.0, top + 40.0, width, top + 40.0),
                rule(0.0, top, width, top),
                rule(0.0, 0.0, width, 0.0),
                rule(0.0, 0.0, 0.0, top + 40.0),
                rule(width, 0.0, width, top + 40.0),
                rule(width / 2.0, 0.0, width / 2.0, top),
            ];
            let mut glyphs = Vec::new();
            for c in 0..columns {
                let x = c as f64 * 20.0;
                if c > 0 {
                    rules.push(rule(x, top, x, top + 40.0));
                }
                glyphs.push(glyph("見", x + 2.0, top + 15.0));
            }
            for k in 0..lines {
                let y = top - 12.0 - k as f64 * 12.0;
                glyphs.push(glyph("1", 5.0, y));
                glyphs.push(glyph("2", width / 2.0 + 5.0, y));
            }
            let page = page(width, top + 60.0, glyphs, rules);
            let tables: Vec<usize> = page_blocks(&page)
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(t.rows.len()),
                    Block::Line(_) => None,
                })
                .collect();
            tables
        };
        // 200 columns: 50 lines make 50 rows under the header; 101 would
        // make 20,200 cells, and the band is one row.
        assert_eq!(band(200, 50), [51]);
        assert_eq!(band(200, 101), [2]);
    }

    /// A 2×3 table: a department cell spanning both rows, a stacked label,
    /// a text cell; a title above it.
    #[test]
    fn cells_from_rules_with_a_merged_cell_and_a_stacked_label() {
        let mut rules = vec![
            rule(0.0, 100.0, 300.0, 100.0),
            rule(0.0, 0.0, 300.0, 0.0),
            // The rule between the two rows stops short of the first column.
            rule(50.0, 50.0, 300.0, 50.0),
        ];
        for x in [0.0, 50.0, 70.0, 300.0] {
            rules.push(rule(x, 0.0, x, 100.0));
        }
        let glyphs = vec![
            glyph("表", 0.0, 120.0),
            glyph("題", 10.0, 120.0),
            glyph("総", 5.0, 60.0),
            glyph("務", 15.0, 60.0),
            glyph("課", 25.0, 60.0),
            glyph("共", 55.0, 85.0),
            glyph("通", 55.0, 70.0),
            glyph("目", 80.0, 85.0),
            glyph("標", 90.0, 85.0),
            glyph("対", 55.0, 30.0),
            glyph("応", 55.0, 15.0),
            glyph("二", 80.0, 30.0),
        ];
        let page = page(300.0, 200.0, glyphs, rules);
        let dump = to_text(&[page]);
        // 総務課 and 目標 stop short of their cells' edges; the label's lines
        // fill its narrow cell.
        assert_eq!(dump.text, "表題\n\n総務課\t共通\t目標\n\t対応\t二\n\n");
        assert_eq!(dump.origins[0].map(|o| o.page), Some(1));
        assert_eq!(dump.origins.len(), 5);
    }

    /// The rules of one row (y 50 to 100) of two cells (x 0 to 100 to 300).
    fn one_row_two_cells() -> Vec<Rule> {
        [100.0, 50.0]
            .map(|y| rule(0.0, y, 300.0, y))
            .into_iter()
            .chain([0.0, 100.0, 300.0].map(|x| rule(x, 50.0, x, 100.0)))
            .collect()
    }

    /// rev74 p13b: a goal's line that ran past its cell's padding touched
    /// the result's first line (`ホームペー` then `混雑する…`): one word to
    /// the reading, it went whole into the goal's cell. Japanese text
    /// across a border between two cells with text of their own goes glyph
    /// by glyph; into an empty cell, spilled over it, it stays whole.
    /// Row rules alone make no grid, however far they reach (a sheet
    /// ruled between its rows only is read by its text's alignment); with
    /// column rules, row rules at two heights reaching past them widen it.
    #[test]
    fn row_rules_reaching_past_the_column_rules_widen_the_grid_they_make() {
        let across = [
            rule(10.0, 700.0, 500.0, 700.0),
            rule(10.0, 680.0, 500.0, 680.0),
        ];
        assert!(Grid::find(&across).is_none());
        let mut ruled = across.to_vec();
        ruled.push(rule(200.0, 680.0, 200.0, 700.0));
        ruled.push(rule(300.0, 680.0, 300.0, 700.0));
        assert_eq!(
            Grid::find(&ruled).map(|g| g.xs),
            Some(vec![10.0, 200.0, 300.0, 500.0])
        );
        // One rule run on past them (under a note beside the table) does
        // not.
        ruled[0] = rule(200.0, 700.0, 300.0, 700.0);
        assert_eq!(Grid::find(&ruled).map(|g| g.xs), Some(vec![200.0, 300.0]));
    }

    /// Rules one above the other with a gap between are groups of their
    /// own; two groups close together with the same column rules are one
    /// table a full-width row cuts.
    #[test]
    fn rules_group_by_height_and_a_cut_table_stays_one() {
        let table = |top: f64, xs: &[f64]| {
            let (left, right) = (xs[0], xs[xs.len() - 1]);
            let mut rules = vec![
                rule(left, top - 40.0, right, top - 40.0),
                rule(left, top, right, top),
            ];
            rules.extend(xs.iter().map(|&x| rule(x, top - 40.0, x, top)));
            rules
        };
        let mut rules = table(700.0, &[50.0, 150.0, 250.0]);
        rules.extend(table(600.0, &[50.0, 100.0, 250.0]));
        let heights: Vec<(f64, f64)> = stacked_groups(&rules).iter().map(|g| (g.0, g.1)).collect();
        assert_eq!(heights, [(660.0, 700.0), (560.0, 600.0)]);
        // The same columns, 20 points apart: one table.
        let mut cut = table(700.0, &[50.0, 150.0, 250.0]);
        cut.extend(table(640.0, &[50.0, 150.0, 250.0]));
        assert_eq!(stacked_groups(&cut).len(), 1);
    }

    #[test]
    fn japanese_lines_touching_across_a_rule_are_two_cells() {
        let dump = |right_second: &str| -> String {
            let rules = one_row_two_cells();
            // The left line's last glyph runs 3 points past the rule (its
            // centre 2 points short of it), the right line's first starts
            // where it ends.
            let mut glyphs = line("窓口で御案内しま", 85.0);
            glyphs.push(glyph("す", 93.0, 85.0));
            let mut right = line("掲示しました", 85.0);
            for g in &mut right {
                g.x += 91.0;
            }
            glyphs.extend(right);
            glyphs.extend(line("研修も行う", 70.0));
            let mut second = line(right_second, 70.0);
            for g in &mut second {
                g.x += 92.0;
            }
            glyphs.extend(second);
            to_text(&[page(300.0, 200.0, glyphs, rules)]).text
        };
        assert_eq!(
            dump("案内した"),
            "窓口で御案内します研修も行う\t掲示しました 案内した\n\n"
        );
        // Spilled over an empty cell: the line whole where its middle is.
        assert_eq!(dump(""), "窓口で御案内します掲示しました研修も行う\t\n\n");
        // A sentence's last character run past the rule, its centre beyond
        // it, the next cell's text on another line: the line's (review:
        // `。` went to the result).
        let rules = one_row_two_cells();
        let mut glyphs = line("窓口で御案内しま", 85.0);
        glyphs.push(glyph("す", 92.0, 85.0));
        glyphs.push(glyph("。", 97.0, 85.0));
        let mut right = line("掲示した", 70.0);
        for g in &mut right {
            g.x += 92.0;
        }
        glyphs.extend(right);
        assert_eq!(
            to_text(&[page(300.0, 200.0, glyphs, rules)]).text,
            "窓口で御案内します。\t掲示した\n\n"
        );
    }

    /// A cell's last line that ran out of its row (Calc sizes rows a line
    /// short of tall wrapped cells) is printed across the rule below it,
    /// and went silently to the next row's cell (`…改善します。全` /
    /// `職員が…`); text set close under its rule is its cell's own.
    #[test]
    fn a_line_printed_across_a_row_rule_is_overprinted() {
        let across = |reach: f64| -> usize {
            // Two rows, two columns, every cell ruled.
            let rules: Vec<Rule> = [100.0, 50.0, 0.0]
                .map(|y| rule(0.0, y, 300.0, y))
                .into_iter()
                .chain([0.0, 100.0, 300.0].map(|x| rule(x, 0.0, x, 100.0)))
                .collect();
            // A glyph box is an em tall from its baseline; its centre
            // (0.35 em up) below the rule puts it in the second row.
            let mut glyphs = [line("総務課", 80.0), line("研修を行う", 30.0)].concat();
            let mut below = line("職員が受講", 50.0 - 10.0 + 10.0 * reach);
            for g in glyphs[3..].iter_mut().chain(&mut below) {
                g.x += 100.0;
            }
            glyphs.extend(below);
            layout(&[page(300.0, 200.0, glyphs, rules)])
                .iter()
                .map(overprinted)
                .sum()
        };
        assert_eq!(across(0.6), 5);
        assert_eq!(across(0.3), 0);
    }

    /// A stacked label's column of vertical writing over two horizontal
    /// letters is read top down; a figure set across within a column's
    /// height keeps its place before the column.
    #[test]
    fn a_cells_lines_are_top_down_where_directions_lie_apart() {
        let v = |text: &str, y: f64| Glyph {
            direction: Direction::Down,
            ..glyph(text, 20.0, y)
        };
        let text = |glyphs: &[Glyph]| -> Vec<String> {
            lines_in_cell(glyphs.iter().collect())
                .iter()
                .map(|(_, line)| line.iter().map(|g| g.text.as_str()).collect())
                .collect()
        };
        // 決済 from 100 down to 80; Q touching it (its top at 82), R below.
        let label = [
            v("決", 90.0),
            v("済", 80.0),
            glyph("Q", 22.0, 72.0),
            glyph("R", 22.0, 60.0),
        ];
        assert_eq!(text(&label), ["決済", "Q", "R"]);
        // 12 across the column's middle.
        let inside = [v("第", 90.0), glyph("12", 20.0, 80.0), v("回", 70.0)];
        assert_eq!(text(&inside), ["12", "第回"]);
    }

    #[test]
    fn vertical_text_reads_down_the_columns_right_to_left() {
        let v = |text: &str, x: f64, y: f64| Glyph {
            direction: Direction::Down,
            ..glyph(text, x, y)
        };
        let glyphs = vec![
            v("あ", 20.0, 90.0),
            v("対", 40.0, 90.0),
            v("い", 20.0, 78.0),
            v("面", 40.0, 78.0),
        ];
        let page = page(100.0, 100.0, glyphs, Vec::new());
        assert_eq!(to_text(&[page]).text, "対面\nあい\n\n");
    }

    #[test]
    fn a_table_without_rules_is_read_from_its_alignment() {
        // Header, then two rows 10 apart inside, 25 apart between rows.
        let glyphs = vec![
            glyph("部", 0.0, 200.0),
            glyph("番", 60.0, 200.0),
            glyph("結", 150.0, 200.0),
            glyph("総", 0.0, 175.0),
            glyph("1", 60.0, 175.0),
            glyph("目", 100.0, 175.0),
            glyph("果", 150.0, 175.0),
            glyph("標", 100.0, 165.0),
            glyph("2", 60.0, 140.0),
            glyph("二", 100.0, 140.0),
        ];
        let page = page(200.0, 300.0, glyphs, Vec::new());
        let text = to_text(&[page]).text;
        // 目 stops short of the next column, so 標 starts a new line.
        assert_eq!(text, "部\t番\t\t結\n総\t1\t目 標\t果\n\t2\t二\t\n\n");
    }

    #[test]
    fn a_ruled_band_of_figure_columns_is_read_line_by_line() {
        // Rules around the band only; two columns of figures and a label
        // column, one entry per baseline.
        let mut rules = vec![rule(0.0, 100.0, 300.0, 100.0), rule(0.0, 0.0, 300.0, 0.0)];
        for x in [0.0, 100.0, 200.0, 300.0] {
            rules.push(rule(x, 0.0, x, 100.0));
        }
        let mut glyphs = Vec::new();
        for (k, (label, a, b)) in [("A", "1", "4"), ("B", "2", "5"), ("C", "3", "6")]
            .into_iter()
            .enumerate()
        {
            let y = 80.0 - 20.0 * k as f64;
            glyphs.extend([glyph(label, 5.0, y), glyph(a, 105.0, y), glyph(b, 205.0, y)]);
        }
        let page = page(300.0, 200.0, glyphs, rules);
        assert_eq!(to_text(&[page]).text, "A\t1\t4\nB\t2\t5\nC\t3\t6\n\n");
    }

    #[test]
    fn placeholders_and_blank_lines_do_not_stop_a_band_of_figures() {
        // `...` stands for no figure; a line of spaces at the band's top is
        // no line of it.
        let mut rules = vec![rule(0.0, 100.0, 300.0, 100.0), rule(0.0, 0.0, 300.0, 0.0)];
        for x in [0.0, 100.0, 200.0, 300.0] {
            rules.push(rule(x, 0.0, x, 100.0));
        }
        let mut glyphs = vec![glyph(" ", 105.0, 92.0), glyph(" ", 205.0, 92.0)];
        for (k, (label, a, b)) in [("A", "1", "..."), ("B", "...", "5"), ("C", "3", "6")]
            .into_iter()
            .enumerate()
        {
            let y = 75.0 - 20.0 * k as f64;
            glyphs.extend([glyph(label, 5.0, y), glyph(a, 105.0, y), glyph(b, 205.0, y)]);
        }
        let page = page(300.0, 200.0, glyphs, rules);
        assert_eq!(to_text(&[page]).text, "A\t1\t...\nB\t...\t5\nC\t3\t6\n\n");
    }

    #[test]
    fn a_short_rule_below_the_table_does_not_stretch_its_last_row() {
        // A one-row table, then a paragraph and a footnote separator under
        // it: the paragraph is text after the table, not part of its row.
        let mut rules = vec![
            rule(0.0, 100.0, 300.0, 100.0),
            rule(0.0, 80.0, 300.0, 80.0),
            rule(0.0, 10.0, 60.0, 10.0),
        ];
        for x in [0.0, 150.0, 300.0] {
            rules.push(rule(x, 80.0, x, 100.0));
        }
        let glyphs = vec![
            glyph("a", 5.0, 85.0),
            glyph("b", 155.0, 85.0),
            glyph("c", 5.0, 40.0),
            glyph("d", 155.0, 40.0),
        ];
        let page = page(300.0, 200.0, glyphs, rules);
        assert_eq!(to_text(&[page]).text, "a\tb\n\nc d\n\n");
    }

    #[test]
    fn text_without_rules_becomes_lines() {
        let glyphs = vec![
            glyph("b", 20.0, 50.0),
            glyph("a", 0.0, 50.0),
            glyph("c", 0.0, 10.0),
        ];
        let page = page(100.0, 100.0, glyphs, Vec::new());
        assert_eq!(to_text(&[page]).text, "a b\n\nc\n\n");
    }
}
