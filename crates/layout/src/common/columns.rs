//! Tables laid out with spaces (a fixed-width print, a text typed in
//! columns): columns found where the header's words start, counted in
//! display columns (a kanji or kana takes two, as a monospaced print gives
//! it), and each row's text put under the column it starts in. A blank
//! cell leaves its column empty instead of shifting the cells after it,
//! and a space inside a cell's text (`延べ　120人`) does not part the
//! cell. A `pdftotext -layout` dump gives every character one column
//! instead: [`runs_counted`] counts so for [`crate::printed`].

/// How many display columns a character takes: two for the wide and
/// full-width forms of East Asian scripts, one otherwise.
fn width(c: char) -> usize {
    match c {
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}' => 2,
        _ => 1,
    }
}

/// The runs of text of a line parted by two or more white-space
/// characters or a tab, each with the display column it starts at. A
/// single space, half- or full-width, stays inside its run (`延べ　120人`).
pub(crate) fn runs(line: &str) -> Vec<(usize, &str)> {
    runs_counted(line, width)
}

/// [`runs`], each character taking `width(c)` columns (a tab to the next
/// multiple of eight): `pdftotext -layout` gives every character, kanji or
/// not, one (see [`crate::printed`]).
pub(crate) fn runs_counted(line: &str, width: impl Fn(char) -> usize) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut column = 0;
    // The run being read: its start (byte, column) and where its text
    // ended (byte) before the white space since, and how much white space
    // (characters, a tab counting as two) came since.
    let mut open: Option<(usize, usize)> = None;
    let mut end = 0;
    let mut gap = 0;
    for (at, c) in line.char_indices() {
        let w = if c == '\t' { 8 - column % 8 } else { width(c) };
        if c.is_whitespace() {
            column += w;
            gap += if c == '\t' { 2 } else { 1 };
            continue;
        }
        match open {
            Some((start, start_column)) if gap >= 2 => {
                runs.push((start_column, line[start..end].trim_end()));
                open = Some((at, column));
            }
            Some(_) => {}
            None => open = Some((at, column)),
        }
        column += w;
        end = at + c.len_utf8();
        gap = 0;
    }
    if let Some((start, start_column)) = open {
        runs.push((start_column, &line[start..end]));
    }
    runs
}

/// The most columns a table laid out with spaces is read with: a wider
/// "header" is prose or figures, and rows are read in time linear in their
/// length.
pub(crate) const MAX_COLUMNS: usize = 24;

/// Where a header line's columns start: its runs', two to
/// [`MAX_COLUMNS`] of them.
pub(crate) fn starts_of(header: &str) -> Option<Vec<usize>> {
    let runs = runs(header);
    (2..=MAX_COLUMNS)
        .contains(&runs.len())
        .then(|| runs.iter().map(|r| r.0).collect())
}

/// The cells of a line as a row of the table whose columns start at
/// `starts` (see `cells_under`), or `None` where the line does not fit
/// it: text left of the first column, two runs of text in one column, or
/// fewer than two runs starting where a column does (one, for a row whose
/// other cells are blank, where a column after the first starts).
pub(crate) fn row_under(starts: &[usize], line: &str) -> Option<Vec<String>> {
    let runs = runs(line);
    let at = |c: usize| starts.iter().position(|&s| c.abs_diff(s) <= LEAD);
    let fits = match runs.as_slice() {
        [] => false,
        [only] => at(only.0).is_some_and(|k| k > 0),
        _ => {
            runs.iter().filter(|r| at(r.0).is_some()).count() >= 2
                && runs.iter().all(|r| column_of(starts, r.0).is_some())
                && runs
                    .windows(2)
                    .all(|w| column_of(starts, w[0].0) < column_of(starts, w[1].0))
        }
    };
    fits.then(|| cells_under(starts, &runs))
}

/// The column a run of text starting at display column `c` falls in: the
/// last whose start is at most [`LEAD`] right of it.
fn column_of(starts: &[usize], c: usize) -> Option<usize> {
    starts.iter().rposition(|&s| c + LEAD >= s)
}

/// How far left of a column's start a cell's text may begin and still be
/// that column's (a header word centred over its figures).
const LEAD: usize = 2;

/// The cells of a row's runs under columns starting at `starts` (display
/// columns, ascending): one per column, empty where the row has no text
/// there; the runs of one column joined with a space.
fn cells_under(starts: &[usize], runs: &[(usize, &str)]) -> Vec<String> {
    let mut cells = vec![String::new(); starts.len()];
    for &(column, text) in runs {
        let k = column_of(starts, column).unwrap_or(0);
        if let Some(cell) = cells.get_mut(k) {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(text);
        }
    }
    cells
}

/// Whether a row whose first cell is blank reads as the wrap of `above`
/// (`研修  新任職員を対象に` over `      年1回実施`), the table's columns
/// starting at `starts` and `widest_last` the widest cell of its last
/// column so far: every cell it has goes on from a cell above that ends
/// on a Japanese character other than `。` and no figure's counter
/// (`延べ　150人`), and the two joined would not fit their column —
/// wider than the room to the next column's start, or, in the last
/// column, than any cell of it. A row of its own under a merged first
/// cell (a directory's second office) fits, or goes on from a figure.
pub(crate) fn wraps_row_above(
    starts: &[usize],
    above: &[String],
    widest_last: usize,
    row: &[String],
) -> bool {
    row.first().is_some_and(String::is_empty)
        && row.iter().any(|c| !c.is_empty())
        && row.iter().enumerate().all(|(k, cell)| {
            cell.is_empty()
                || above.get(k).is_some_and(|up| {
                    let room = match starts.get(k + 1) {
                        Some(next) => next - starts[k] - 2,
                        None => widest_last,
                    };
                    let mut end = up.chars().rev();
                    end.next()
                        .is_some_and(|c| plansheet_text::chars::is_japanese(c) && c != '。')
                        && !end.next().is_some_and(|c| c.is_ascii_digit())
                        && display_width(up) + display_width(cell) > room
                })
        })
}

/// How many display columns `text` takes (see [`width`]).
pub(crate) fn display_width(text: &str) -> usize {
    text.chars().map(width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_part_at_two_columns_of_white_space() {
        assert_eq!(
            runs("課名            担当名  A B"),
            [(0, "課名"), (16, "担当名"), (24, "A B")]
        );
        // A single full-width space is inside a cell; two part cells.
        assert_eq!(runs("延べ　120人"), [(0, "延べ　120人")]);
        assert_eq!(runs("延べ　　120人"), [(0, "延べ"), (8, "120人")]);
        assert_eq!(runs("a\tb"), [(0, "a"), (8, "b")]);
        assert_eq!(runs("   "), []);
    }

    #[test]
    fn a_blank_cell_leaves_its_column_empty() {
        let starts: Vec<usize> = runs("課名            担当名      電話番号")
            .iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(starts, [0, 16, 28]);
        assert_eq!(
            cells_under(&starts, &runs("                総合企画    06-6464-9683")),
            ["", "総合企画", "06-6464-9683"]
        );
        // Text starting inside a column is that column's.
        assert_eq!(
            cells_under(&starts, &runs("区政会議傍聴者  延べ　120人 06")),
            ["区政会議傍聴者", "延べ　120人 06", ""]
        );
    }

    #[test]
    fn a_row_fits_the_columns_or_is_none() {
        let starts = [0, 16, 28];
        assert_eq!(
            row_under(&starts, "                        3回"),
            None,
            "one run, at no column's start"
        );
        assert_eq!(
            row_under(&starts, "                            3回"),
            Some(vec![String::new(), String::new(), "3回".to_owned()])
        );
        // Two runs in one column: the columns do not fit the row.
        assert_eq!(row_under(&starts, "窓口  120      980  1,020"), None);
        assert_eq!(row_under(&starts, "本文です。"), None);
        assert_eq!(starts_of("一語"), None);
        assert_eq!(starts_of(&"語  ".repeat(MAX_COLUMNS + 1)), None);
    }
}
