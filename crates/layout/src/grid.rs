//! The recognizers' input: a document as normalized lines, and for the
//! lines that are table rows, the row's cells with their own lines.
//!
//! A text dump is lifted into the grid as it is: a tab-separated line is a
//! row of one-line cells (columns set apart by runs of spaces, under a
//! header so set apart, are read as tabbed ones). A PDF gives more: each table row of its page
//! geometry is one line (its cells joined, as the text dump shows them) *and*
//! the cells themselves, each with its lines as printed — a department cell
//! `まちづくり推進部` / `総務課`, a goal cell's paragraphs — and which table
//! the row belongs to, so a row cut by a page break can be put back
//! together. The goal-sheet table parser reads cells only through
//! [`Grid::cells`], so text and PDF take one path.

use plansheet_text::normalize_chars;

use crate::Line;

/// A text dump that sets its table's columns apart with runs of spaces
/// instead of tabs (`部署名　　目標及び具体的な取組内容　　実施結果…`, then
/// `総務課　　1 共通 …。　　…。`): from the first line that reads as a
/// column header so, each run of two spaces or more is read as a tab, and
/// the rows are tabbed rows. Where that leaves a line fewer cells than the
/// header, one full-width space after a full stop is a tab too (a column
/// padded to its text's width: `…お知らせします。　毎月の…`). Nothing
/// changes in a dump with a tab, or without such a header (a goal sheet's,
/// naming the department's column and the goal's or the results'), or
/// where no more than half the lines below it hold such a run between
/// words (a flow sheet's). Returns the header's line where lines were
/// changed.
fn spaced_columns(lines: &mut [Line<'_>]) -> Option<usize> {
    if lines.iter().any(Line::has_tab) {
        return None;
    }
    let tabs = |text: &str| text.bytes().filter(|&b| b == b'\t').count();
    // (Asked first of the line as it is, which splits its words at any
    // white space: most lines fail on their first word, before a copy is
    // made.)
    let runs = |l: &str| {
        let space = |c: char| c == ' ' || c == '\u{3000}';
        l.chars()
            .zip(l.chars().skip(1))
            .any(|(a, b)| space(a) && space(b))
    };
    let header = lines.iter().enumerate().find_map(|(i, l)| {
        if !crate::common::furniture::is_column_header(l) || !runs(l) {
            return None;
        }
        // (A header's words start the line: no run to cut before them.)
        let tabbed = tab_runs(l, false);
        (!tabbed.starts_with('\t')
            && tabbed.contains('\t')
            && crate::goal_sheet::is_full_sheet_header(&tabbed))
        .then(|| (i, tabs(&tabbed)))
    });
    let (first, columns) = header?;
    // A table's lines below it: most set cells apart so (a run between
    // two words), where a flow sheet's lines are its cells' own, one to a
    // line or indented (under a header spaced so, read as it is).
    let below = lines[first + 1..].iter().filter(|l| !l.trim().is_empty());
    // (Trimmed, any run left stands between two words.)
    let parted = below.clone().filter(|l| runs(l.trim())).count();
    if parted * 2 <= below.count() {
        return None;
    }
    for line in &mut lines[first..] {
        let mut tabbed = tab_runs(line, false);
        if tabs(&tabbed) < columns {
            let stops = tab_runs(line, true);
            if tabs(&stops) <= columns {
                tabbed = stops;
            }
        }
        if tabbed.contains('\t') {
            *line = Line::new(std::borrow::Cow::Owned(tabbed));
        }
    }
    Some(first)
}

/// The line with each run of two or more spaces (half- or full-width)
/// before text as a tab — and with `stops`, one full-width space after a
/// full stop (`。`) too: a run at the line's start is an empty first cell;
/// one at its end is kept.
fn tab_runs(line: &str, stops: bool) -> String {
    let space = |c: char| c == ' ' || c == '\u{3000}';
    let mut out = String::with_capacity(line.len());
    let mut run = String::new();
    for c in line.chars() {
        if space(c) {
            run.push(c);
            continue;
        }
        match run.chars().count() {
            0 => {}
            1 if !(stops && run == "\u{3000}" && out.ends_with('。')) => out.push_str(&run),
            _ => out.push('\t'),
        }
        run.clear();
        out.push(c);
    }
    out.push_str(&run);
    out
}

/// A line of a cell as the page geometry gave it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridLine {
    /// The text.
    pub text: String,
    /// What the page geometry says of the break before the line:
    /// `Some(true)`, it opens a paragraph (it is indented, or the line
    /// before it ended short of the cell's width); `Some(false)`, the line
    /// before it ran to the cell's edge, so the break is a wrap unless the
    /// line opens an item (see the goal-sheet table parser); `None`, nothing
    /// is known (a text dump, a cell's first line) and the text's own marks
    /// decide.
    pub opens: Option<bool>,
}

/// A line of a cell, as the parsers read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellLine<'g> {
    /// The text, normalized.
    pub text: &'g str,
    /// See [`GridLine::opens`].
    pub opens: Option<bool>,
}

/// A table row as the page geometry gave it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridRow {
    /// One entry per column, left to right: the cell's lines, top down. A
    /// column covered by a cell of a row above (a row span) has no lines.
    pub cells: Vec<Vec<GridLine>>,
    /// Whether the row may finish a row a page break cut (the page
    /// geometry's `TableRow::continued`): where it has no item number, its
    /// cells continue the row above, its department cell included.
    pub continued: bool,
    /// Parallel to `cells`: how many rows the cell starting in this row at
    /// that column spans (1 for a plain cell, 0 where a cell from a row
    /// above or to the left covers the column; empty when not known).
    pub row_spans: Vec<usize>,
    /// Parallel to `cells`: whether the cell starting in this row at that
    /// column runs to the foot of its page's table while the table goes on
    /// on the next page, with text in that column of the row that finishes
    /// the cut row (empty when not known).
    pub cut_below: Vec<bool>,
}

/// A document as the recognizers read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid<'a> {
    lines: Vec<Line<'a>>,
    /// Parallel to `lines`: the cells of the lines that are table rows of a
    /// PDF. Empty for a text dump.
    rows: Vec<Option<GridRow>>,
    /// The column header of a dump whose columns runs of spaces set apart,
    /// read as tabs from there on (see [`spaced_columns`]).
    spaced: Option<usize>,
}

impl<'a> Grid<'a> {
    /// A text dump: normalized lines; a tab-separated line is a row of
    /// one-line cells, and so is a line of a table whose columns runs of
    /// spaces set apart (see [`Grid::spaced_header`]).
    pub fn from_text(text: &'a str) -> Grid<'a> {
        let mut lines = crate::normalize_lines(text);
        let spaced = spaced_columns(&mut lines);
        Grid {
            lines,
            rows: Vec::new(),
            spaced,
        }
    }

    /// A text dump's normalized lines as printed, runs of spaces and all.
    pub fn as_printed(text: &'a str) -> Grid<'a> {
        Grid {
            lines: crate::normalize_lines(text),
            rows: Vec::new(),
            spaced: None,
        }
    }

    /// The line (0-based) of the column header of a dump whose columns
    /// runs of spaces set apart, read as tabbed rows from there on: an
    /// empty cell leaves no trace there, so a cell may have moved.
    pub fn spaced_header(&self) -> Option<usize> {
        self.spaced
    }

    /// A document whose table rows are known cell by cell: `rows[i]` is the
    /// row that line `i` of `text` shows, if it is one. Cell lines are
    /// normalized like the text.
    pub fn with_rows(text: &'a str, rows: Vec<Option<GridRow>>) -> Grid<'a> {
        let rows = rows
            .into_iter()
            .map(|row| {
                row.map(|mut row| {
                    for line in row.cells.iter_mut().flatten() {
                        if let std::borrow::Cow::Owned(normalized) = normalize_chars(&line.text) {
                            line.text = normalized;
                        }
                    }
                    row
                })
            })
            .collect();
        Grid {
            lines: crate::normalize_lines(text),
            rows,
            spaced: None,
        }
    }

    /// The normalized lines.
    pub fn lines(&self) -> &[Line<'a>] {
        &self.lines
    }

    /// How many rows the cell at `column` of line `i`'s row spans, where
    /// the page geometry gave the row and a cell starts there.
    pub fn row_span(&self, i: usize, column: usize) -> Option<usize> {
        self.row(i)
            .and_then(|row| row.row_spans.get(column).copied())
    }

    /// Whether the cell at `column` of line `i`'s row runs to the foot of
    /// its page's table while the table goes on on the next page.
    pub fn cut_below(&self, i: usize, column: usize) -> bool {
        self.row(i)
            .and_then(|row| row.cut_below.get(column).copied())
            .unwrap_or(false)
    }

    /// Whether the page geometry gave any table row (a PDF with a table).
    pub fn has_rows(&self) -> bool {
        self.rows.iter().any(Option::is_some)
    }

    /// The row line `i` shows, where the page geometry gave one.
    pub fn row(&self, i: usize) -> Option<&GridRow> {
        self.rows.get(i).and_then(Option::as_ref)
    }

    /// Whether line `i` is a table row (what [`Grid::cells`] gives cells
    /// for), without building them.
    pub fn is_row(&self, i: usize) -> bool {
        self.row(i).is_some() || self.lines.get(i).is_some_and(Line::has_tab)
    }

    /// The cells of line `i`, each as its lines: the page geometry's cells
    /// for a PDF table row, or for a tab-separated line its tab-separated
    /// cells, one line each (an empty cell has none). `None` for a line
    /// that is not a table row.
    pub fn cells(&self, i: usize) -> Option<Vec<Vec<CellLine<'_>>>> {
        if let Some(row) = self.row(i) {
            return Some(
                row.cells
                    .iter()
                    .map(|cell| {
                        cell.iter()
                            .map(|l| CellLine {
                                text: &l.text,
                                opens: l.opens,
                            })
                            .collect()
                    })
                    .collect(),
            );
        }
        let line = self.lines.get(i)?;
        line.has_tab().then(|| lift(line))
    }
}

/// A tab-separated line as a row of one-line cells (an empty cell has no
/// line), whose breaks only the text's own marks can tell. A cell keeps
/// the `　` it was indented with (a paragraph's first line in a wrapped
/// cell); other white space around it is dropped.
pub(crate) fn lift(line: &str) -> Vec<Vec<CellLine<'_>>> {
    line.split('\t')
        .map(|raw| {
            let text = match raw.trim_start_matches([' ', '\r']) {
                indented if indented.starts_with('\u{3000}') => indented.trim_end(),
                _ => raw.trim(),
            };
            match text.trim().is_empty() {
                true => vec![],
                false => vec![CellLine { text, opens: None }],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tabbed_line_is_a_row_of_one_line_cells() {
        let grid = Grid::from_text("表題\n総務課\t1\t\t目標です。\n");
        assert_eq!(grid.cells(0), None);
        let texts: Vec<Vec<&str>> = grid
            .cells(1)
            .unwrap()
            .iter()
            .map(|c| c.iter().map(|l| l.text).collect())
            .collect();
        assert_eq!(
            texts,
            [vec!["総務課"], vec!["1"], vec![], vec!["目標です。"]]
        );
        assert!(
            grid.cells(1)
                .unwrap()
                .iter()
                .flatten()
                .all(|l| l.opens.is_none())
        );
    }

    #[test]
    fn known_rows_give_their_cells_lines_normalized() {
        let line = |text: &str, opens| GridLine {
            text: text.into(),
            opens,
        };
        let row = GridRow {
            cells: vec![
                vec![line("まちづくり推進部", None), line("総務課", Some(true))],
                vec![line("１", None)],
            ],
            continued: false,
            row_spans: Vec::new(),
            cut_below: Vec::new(),
        };
        let grid = Grid::with_rows("まちづくり推進部 総務課\t１", vec![Some(row)]);
        let cells = grid.cells(0).unwrap();
        assert_eq!(
            cells[0][1],
            CellLine {
                text: "総務課",
                opens: Some(true)
            }
        );
        assert_eq!(cells[1][0].text, "1");
        assert_eq!(grid.lines()[0], "まちづくり推進部 総務課\t1");
    }
}
