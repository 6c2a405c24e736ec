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
        if !l.is_column_header() || !runs(l) {
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

/// A record of delimited text whose cells run over several lines, as a
/// spreadsheet writes a cell with line breaks (`"…"`, quotes doubled
/// inside).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quoted {
    /// The record's first and last line (0-based).
    pub(crate) first: usize,
    pub(crate) last: usize,
    /// Its cells, each as its lines, normalized.
    pub(crate) cells: Vec<Vec<String>>,
    /// Parallel to `cells`, where the page's layout tells: whether each
    /// line opens a paragraph (see [`GridLine::opens`]); None for a
    /// spreadsheet's record, whose breaks its text's marks tell.
    pub(crate) opens: Option<Vec<Vec<Option<bool>>>>,
}

/// The lines a CSV file's column header is looked for in.
const CSV_HEADER_LINES: usize = 20;

/// Reads text as a spreadsheet writes it delimited: Excel's copy or its
/// text save (tabs, a cell with line breaks, tabs or quotes between `"`,
/// a quote doubled inside), or a CSV save (commas, under a line that
/// reads as a goal sheet's column header with its commas as tabs). Each
/// record becomes a tabbed line on its first line (a cell's lines joined
/// by a space), the lines it ran on blank; a record of several lines is
/// returned with its cells' lines. Nothing changes where the text is not
/// so quoted (tabbed text without a quoted cell running over lines or a
/// doubled quote) or a quote is left open or closed before other text:
/// a quotation mark of the text's own.
fn unquote(text: &str, lines: &mut [Line<'_>]) -> Vec<Quoted> {
    let has_tab = memchr::memchr(b'\t', text.as_bytes()).is_some();
    let delimiter = if has_tab {
        // A quoted cell opens a line or follows a tab.
        if !(text.starts_with('"') || text.contains("\t\"") || text.contains("\n\"")) {
            return Vec::new();
        }
        '\t'
    } else {
        let csv_header = text.split('\n').take(CSV_HEADER_LINES).any(|l| {
            l.contains(',')
                && crate::goal_sheet::is_full_sheet_header(&normalize_chars(&l.replace(',', "\t")))
        });
        if !csv_header {
            return Vec::new();
        }
        ','
    };
    let Some(records) = records(text, delimiter) else {
        return Vec::new();
    };
    // Tabbed text is read so only where a spreadsheet's quoting shows.
    if delimiter == '\t' && !records.iter().any(|r| r.last > r.first || r.doubled) {
        return Vec::new();
    }
    let mut quoted = Vec::new();
    for record in records {
        if delimiter == '\t' && !record.quoted {
            continue;
        }
        // (A tab inside a cell is the cell's: no column of the line.)
        let joined: Vec<String> = record
            .fields
            .iter()
            .map(|f| f.replace(['\n', '\t'], " "))
            .collect();
        if let Some(line) = lines.get_mut(record.first) {
            *line = Line::new(std::borrow::Cow::Owned(
                normalize_chars(&joined.join("\t")).into_owned(),
            ));
        }
        for line in lines
            .iter_mut()
            .take(record.last + 1)
            .skip(record.first + 1)
        {
            *line = Line::new(std::borrow::Cow::Borrowed(""));
        }
        if record.last > record.first {
            let cells = record
                .fields
                .iter()
                .map(|field| {
                    field
                        .split('\n')
                        .map(|l| normalize_chars(l).into_owned())
                        .collect()
                })
                .collect();
            quoted.push(Quoted {
                first: record.first,
                last: record.last,
                cells,
                opens: None,
            });
        }
    }
    quoted
}

/// A record of delimited text (see [`records`]).
struct Record {
    first: usize,
    last: usize,
    fields: Vec<String>,
    /// Whether a field was quoted.
    quoted: bool,
    /// Whether a quoted field held a doubled quote.
    doubled: bool,
}

/// The records of delimited text, fields unquoted; `None` where a quote
/// is left open at the end or closed before other text than a delimiter
/// or a line's end. One pass over the text.
fn records(text: &str, delimiter: char) -> Option<Vec<Record>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 0;
    while chars.peek().is_some() {
        let mut record = Record {
            first: line,
            last: line,
            fields: Vec::new(),
            quoted: false,
            doubled: false,
        };
        loop {
            let mut field = String::new();
            // (A cell of a quote alone, a ditto mark, is text: a
            // spreadsheet writes such a cell `""""`.)
            let lone = {
                let mut ahead = chars.clone();
                ahead.next();
                matches!(ahead.peek(), None | Some('\n' | '\r')) || ahead.peek() == Some(&delimiter)
            };
            if chars.peek() == Some(&'"') && !lone {
                chars.next();
                record.quoted = true;
                loop {
                    match chars.next()? {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            record.doubled = true;
                            field.push('"');
                        }
                        '"' => break,
                        '\n' => {
                            line += 1;
                            field.push('\n');
                        }
                        c => field.push(c),
                    }
                }
                // (A CRLF line's `\r` before the break.)
                if chars.peek() == Some(&'\r') {
                    chars.next();
                }
                if !matches!(chars.peek(), None | Some('\n')) && chars.peek() != Some(&delimiter) {
                    return None;
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == delimiter || c == '\n' {
                        break;
                    }
                    field.push(c);
                    chars.next();
                }
            }
            record.fields.push(field);
            match chars.next() {
                Some(c) if c == delimiter => continue,
                _ => break,
            }
        }
        record.last = line;
        line += 1;
        out.push(record);
    }
    Some(out)
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
    /// Whether the line above ended where this line's opening would have
    /// fitted before a rule no line of the cell comes near (see the PDF
    /// layout's `TextLine::ends_before_rule`): `opens` says the break is a
    /// wrap, but the page geometry does not tell it from a paragraph's end.
    pub short_of_rule: bool,
}

/// A line of a cell, as the parsers read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CellLine<'g> {
    /// The text, normalized.
    pub text: &'g str,
    /// See [`GridLine::opens`].
    pub opens: Option<bool>,
    /// See [`GridLine::short_of_rule`].
    pub short_of_rule: bool,
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
    /// The records of a spreadsheet's delimited text whose cells run over
    /// several lines, by first line (see [`unquote`]), or of a table
    /// printed as its page shows it (see [`crate::printed`]).
    quoted: Vec<Quoted>,
    /// Whether the records are a printed table's.
    printed: bool,
}

impl<'a> Grid<'a> {
    /// A text dump: normalized lines; a tab-separated line is a row of
    /// one-line cells, and so is a line of a table whose columns runs of
    /// spaces set apart (see [`Grid::spaced_header`]); text a spreadsheet
    /// wrote delimited is read by its records (see [`unquote`]).
    pub fn from_text(text: &'a str) -> Grid<'a> {
        let mut lines = crate::normalize_lines(text);
        let mut quoted = unquote(text, &mut lines);
        let printed = quoted.is_empty() && {
            quoted = crate::printed::records(text, &mut lines);
            !quoted.is_empty()
        };
        let spaced = spaced_columns(&mut lines);
        Grid {
            lines,
            rows: Vec::new(),
            spaced,
            quoted,
            printed,
        }
    }

    /// A text dump's normalized lines as printed, runs of spaces and all.
    pub fn as_printed(text: &'a str) -> Grid<'a> {
        Grid {
            lines: crate::normalize_lines(text),
            rows: Vec::new(),
            spaced: None,
            quoted: Vec::new(),
            printed: false,
        }
    }

    /// The line (0-based) of the column header of a dump whose columns
    /// runs of spaces set apart, read as tabbed rows from there on: an
    /// empty cell leaves no trace there, so a cell may have moved.
    pub fn spaced_header(&self) -> Option<usize> {
        self.spaced
    }

    /// Whether the dump's table was read as printed, each row's cells from
    /// the lines it runs over (see [`crate::printed`]).
    pub fn printed_table(&self) -> bool {
        self.printed
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
            quoted: Vec::new(),
            printed: false,
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

    /// The record of delimited text (a spreadsheet's cell with line breaks)
    /// that starts at line `i`: its last line and its cells, each as its
    /// lines. The lines after the first are blank in [`Grid::lines`].
    pub(crate) fn record_at(&self, i: usize) -> Option<&Quoted> {
        let k = self.quoted.binary_search_by_key(&i, |q| q.first).ok()?;
        self.quoted.get(k)
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
                                short_of_rule: l.short_of_rule,
                            })
                            .collect()
                    })
                    .collect(),
            );
        }
        if let Ok(k) = self.quoted.binary_search_by_key(&i, |q| q.first) {
            // A spreadsheet's line break in a cell is the writer's own:
            // after a sentence's end, a paragraph's (elsewhere the text's
            // marks decide, as a writer breaks a sentence to fit too).
            fn line<'t>((before, text): (Option<&str>, &'t str)) -> CellLine<'t> {
                let ends = |b: &str| b.trim_end().ends_with(['。', '！', '？', '!', '?']);
                CellLine {
                    text,
                    opens: before.is_some_and(ends).then_some(true),
                    short_of_rule: false,
                }
            }
            let record = &self.quoted[k];
            if let Some(opens) = &record.opens {
                return Some(
                    record
                        .cells
                        .iter()
                        .zip(opens)
                        .map(|(cell, opens)| {
                            cell.iter()
                                .zip(opens)
                                .filter_map(|(l, &opens)| {
                                    Some(CellLine {
                                        text: cell_text(l)?,
                                        opens,
                                        short_of_rule: false,
                                    })
                                })
                                .collect()
                        })
                        .collect(),
                );
            }
            return Some(
                record
                    .cells
                    .iter()
                    .map(|cell| {
                        let texts: Vec<&str> = cell.iter().filter_map(|l| cell_text(l)).collect();
                        let before = std::iter::once(None).chain(texts.iter().copied().map(Some));
                        before.zip(texts.iter().copied()).map(line).collect()
                    })
                    .collect(),
            );
        }
        let line = self.lines.get(i)?;
        line.has_tab().then(|| lift(line))
    }

    /// Whether line `i` starts a spreadsheet's record whose cells run over
    /// several lines (see [`Grid::from_text`]): its cells' line breaks are
    /// the writer's own, and [`Grid::cells`] says which open paragraphs.
    pub fn is_written_record(&self, i: usize) -> bool {
        self.quoted
            .binary_search_by_key(&i, |q| q.first)
            .is_ok_and(|k| self.quoted[k].opens.is_none())
    }

    /// The last line (0-based) of the record that starts on line `i`: a
    /// spreadsheet's record whose cells run over several lines ends below
    /// it (see [`Grid::from_text`]).
    pub fn record_end(&self, i: usize) -> usize {
        self.quoted
            .binary_search_by_key(&i, |q| q.first)
            .map_or(i, |k| self.quoted[k].last)
    }
}

/// A tab-separated line as a row of one-line cells (an empty cell has no
/// line), whose breaks only the text's own marks can tell. A cell keeps
/// the `　` it was indented with (a paragraph's first line in a wrapped
/// cell); other white space around it is dropped.
pub(crate) fn lift(line: &str) -> Vec<Vec<CellLine<'_>>> {
    line.split('\t')
        .map(|raw| {
            cell_text(raw)
                .map(|text| {
                    vec![CellLine {
                        text,
                        ..CellLine::default()
                    }]
                })
                .unwrap_or_default()
        })
        .collect()
}

/// A cell's line as the parsers read it: the `　` it was indented with
/// kept, other white space around it dropped; `None` for a blank line.
fn cell_text(raw: &str) -> Option<&str> {
    let text = match raw.trim_start_matches([' ', '\r']) {
        indented if indented.starts_with('\u{3000}') => indented.trim_end(),
        _ => raw.trim(),
    };
    (!text.trim().is_empty()).then_some(text)
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

    fn texts(grid: &Grid<'_>, i: usize) -> Vec<Vec<String>> {
        grid.cells(i)
            .unwrap()
            .iter()
            .map(|c| c.iter().map(|l| l.text.to_owned()).collect())
            .collect()
    }

    /// A text with `'` for each `"`, as a spreadsheet writes it.
    fn quoted(text: &str) -> String {
        text.replace('\'', "\"")
    }

    /// rev68 n20, n21, rev73 t10: Excel's copy (and its text and CSV
    /// saves) quotes a cell with line breaks, tabs or quotes; read line by
    /// line, its lines were rows and cells of their own (outline, partial).
    #[test]
    fn a_spreadsheets_quoted_cells_are_read_whole() {
        let text = quoted(
            "表題\n部署名\t目標及び具体的な取組内容\t実施結果\n\
             区民課\t'1 対面対応 一覧を\n''お渡し''します。'\t'作成し\tました。'\n\
             \t2 共通 確認します。\t確認しました。\n",
        );
        let grid = Grid::from_text(&text);
        assert_eq!(
            texts(&grid, 2),
            [
                vec!["区民課"],
                vec!["1 対面対応 一覧を", "\"お渡し\"します。"],
                vec!["作成し\tました。"]
            ]
        );
        // The record is read on its first line, the line it ran on blank.
        assert_eq!(
            grid.lines()[2],
            "区民課\t1 対面対応 一覧を \"お渡し\"します。\t作成し ました。"
        );
        assert_eq!(grid.lines()[3], "");
        assert_eq!(grid.record_end(2), 3);
        assert_eq!(grid.record_end(4), 4);
        assert_eq!(
            texts(&grid, 4),
            [vec![], vec!["2 共通 確認します。"], vec!["確認しました。"]]
        );
        // A CSV save: commas under a header so set apart.
        let csv = quoted(
            "表題,,\n部署名,目標及び具体的な取組内容,実施結果\n\
             区民課,'1 対面対応 一覧を、\nお渡しします。',作成しました。\n",
        );
        let grid = Grid::from_text(&csv);
        assert_eq!(grid.lines()[0], "表題\t\t");
        assert_eq!(
            texts(&grid, 2),
            [
                vec!["区民課"],
                vec!["1 対面対応 一覧を、", "お渡しします。"],
                vec!["作成しました。"]
            ]
        );
        // The text's own quotation marks, or a quote left open: as it is.
        for own in [
            "部署名\t目標\t結果\n区民課\t'見える化'を進めます。\t進めました。\n",
            "部署名\t目標\t結果\n区民課\t'1 対面対応 一覧を\nお渡しします。\t作成しました。\n",
            "部署名\t目標\t結果\n区民課\t'1 対面対応 一覧を'\t作成しました。\n",
        ] {
            let own = quoted(own);
            let grid = Grid::from_text(&own);
            assert_eq!(
                grid.lines()[1].as_ref(),
                own.lines().nth(1).unwrap(),
                "{own}"
            );
            assert_eq!(grid.record_end(1), 1, "{own}");
        }
        // A cell of a quote alone is a ditto mark, no quote (review: two
        // such cells made one record of two rows, ok).
        let ditto = quoted(
            "部署名\t番号\t分類\t目標\n区民課\t1\t対面対応\t短くします。\n\
             \t2\t'\t置きます。\n\t3\t'\t声をかけます。\n",
        );
        let grid = Grid::from_text(&ditto);
        assert_eq!(grid.lines()[2].as_ref(), "\t2\t\"\t置きます。");
        assert_eq!(grid.record_end(2), 2);
        // Commas in a text without such a header are the text's.
        let grid = Grid::from_text("表題\n区民課,1,一覧を,お渡しします。\n");
        assert_eq!(grid.lines()[1].as_ref(), "区民課,1,一覧を,お渡しします。");
    }

    #[test]
    fn known_rows_give_their_cells_lines_normalized() {
        let line = |text: &str, opens| GridLine {
            text: text.into(),
            opens,
            short_of_rule: false,
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
                opens: Some(true),
                short_of_rule: false,
            }
        );
        assert_eq!(cells[1][0].text, "1");
        assert_eq!(grid.lines()[0], "まちづくり推進部 総務課\t1");
    }
}
