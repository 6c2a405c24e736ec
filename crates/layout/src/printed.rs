//! A text dump that prints a goal sheet's table as its page shows it, each
//! cell's lines where the page has them and its columns set apart by runs
//! of spaces (`pdftotext -layout`): a row runs over several lines, its
//! category one character a line, its goal and result wrapped, a
//! paragraph's first line a character further in. Read line by line, such
//! a dump had no rows at all (rev92: nine of eleven sheets dumped so came
//! out `partial` with none).
//!
//! The columns are found on each page (a page's dump starts at its own
//! left margin) from where the lines' runs of text start: the last two are
//! the goal's and the result's, the one whose runs are item numbers
//! (`1`, `2・3`) the number's, one between them the category's, and any
//! before it the department's. A row opens at a line with a number; its
//! lines run to the next row's. Each row becomes a record of cells (see
//! [`crate::grid`]), each cell its lines. Nothing is read so where a run
//! of text starts in no column, runs into the next one, or stands above
//! the first row: the dump is then read as before.

use plansheet_text::normalize_chars;

use crate::Line;
use crate::grid::Quoted;

/// A run of text on a line, between runs of two spaces or more.
#[derive(Debug, Clone, Copy)]
struct Run<'t> {
    /// Where it starts and ends, in characters from the line's start.
    start: usize,
    end: usize,
    text: &'t str,
}

/// The runs of a line between runs of two spaces or more (see
/// [`crate::common::columns::runs_counted`]), a character a column as the
/// dump places them (a form feed, which opens a page, not counted).
fn runs(line: &str) -> Vec<Run<'_>> {
    crate::common::columns::runs_counted(line.trim_start_matches('\u{c}'), |_| 1)
        .into_iter()
        .map(|(start, text)| Run {
            start,
            end: start + text.chars().count(),
            text,
        })
        .collect()
}

/// An item's number (`1`, `2・3`) and its numbers, if a run is one.
fn number(text: &str) -> Option<Vec<u32>> {
    crate::goal_sheet::parse_number(&normalize_chars(text)).map(|(_, numbers)| numbers)
}

/// Whether a run in the numbers' column goes on with a number its cell
/// wrapped (`2` / `・` / `3`, a narrow cell printing `2・3` a character a
/// line): it opens with what joins numbers, or the number so far ends
/// with it.
fn goes_on_with(so_far: &str, text: &str) -> bool {
    const JOINS: [char; 5] = ['・', '･', ',', '、', '，'];
    text.starts_with(JOINS) || so_far.ends_with(JOINS)
}

/// A page's columns: each the least and most start of its runs.
#[derive(Debug, Default)]
struct Columns {
    starts: Vec<(usize, usize)>,
    /// Which column holds what: the number's, the category's, the goal's,
    /// the result's (the department's are those before the number's).
    number: Option<usize>,
    category: Option<usize>,
    goal: usize,
    result: usize,
}

/// The most columns a page of the dump is read in.
const MAX_COLUMNS: usize = 10;

/// How far apart two starts of one column may lie: the dump places a
/// character where its page position rounds to.
const JITTER: usize = 2;

impl Columns {
    /// The columns of a page's lines (their runs), or None where they do
    /// not read as a goal sheet's.
    fn of(lines: &[Vec<Run<'_>>]) -> Option<Columns> {
        let mut starts: Vec<usize> = lines.iter().flatten().map(|r| r.start).collect();
        starts.sort_unstable();
        let mut columns: Vec<(usize, usize, usize)> = Vec::new();
        for start in starts {
            match columns.last_mut() {
                Some((_, last, n)) if start - *last <= JITTER => {
                    *last = start;
                    *n += 1;
                }
                _ => columns.push((start, start, 1)),
            }
        }
        // A narrow column one or two characters left of the next (a label
        // printed a character a line, `庁` / `内`, beside the goal's `内
        // 応できる…`, which the dump sets one space apart): chained into one
        // by starts each within JITTER of the last, its starts spread past
        // JITTER. Where the runs at its first starts are a label's
        // characters (one to three before a space), it is two, split at its
        // widest gap (helper-134: the label had run into the goal, ok).
        // (Not for more columns than a sheet has: each looked at walks the
        // page's runs.)
        if columns.len() > MAX_COLUMNS {
            return None;
        }
        let mut split: Vec<(usize, usize, usize)> = Vec::with_capacity(columns.len());
        for &(first, last, n) in &columns {
            let within = |range: std::ops::Range<usize>| {
                lines
                    .iter()
                    .flatten()
                    .filter(move |r| range.contains(&r.start))
            };
            let mut distinct: Vec<usize> = within(first..last + 1).map(|r| r.start).collect();
            distinct.sort_unstable();
            distinct.dedup();
            let widest = (1..distinct.len())
                .rev()
                .max_by_key(|&k| distinct[k] - distinct[k - 1])
                .filter(|&k| last - first > JITTER && distinct[k] - distinct[k - 1] >= 2);
            let labels = |k: usize| {
                within(first..distinct[k]).all(|r| {
                    let head = r.text.split(' ').next().unwrap_or_default();
                    (1..=3).contains(&head.chars().count())
                })
            };
            match widest.filter(|&k| labels(k)) {
                Some(k) => {
                    let left = within(first..distinct[k]).count();
                    split.push((first, distinct[k - 1], left));
                    split.push((distinct[k], last, n - left));
                }
                None => split.push((first, last, n)),
            }
        }
        let columns = split;
        // (A column of one run is no column: a stray mark. A sheet has
        // five columns, the department's perhaps set at a few starts: more
        // is no sheet, and each run's column is looked up among them.)
        if !(2..=MAX_COLUMNS).contains(&columns.len()) || columns.iter().any(|&(_, _, n)| n < 2) {
            return None;
        }
        let starts: Vec<(usize, usize)> = columns.iter().map(|&(a, b, _)| (a, b)).collect();
        let result = starts.len() - 1;
        let goal = result - 1;
        let column_of = |run: &Run<'_>| {
            starts
                .iter()
                .position(|&(a, b)| (a..=b).contains(&run.start))
        };
        let numbers = |c: usize| {
            let (mut all, mut numbered) = (0, 0);
            for run in lines.iter().flatten().filter(|r| column_of(r) == Some(c)) {
                // (What joins a wrapped number's parts counts neither way.)
                if goes_on_with("", run.text) {
                    continue;
                }
                all += 1;
                numbered += usize::from(number(run.text).is_some());
            }
            all > 0 && numbered * 5 >= all * 4
        };
        let number = (0..goal).rev().find(|&c| numbers(c));
        let category = match number {
            Some(n) if goal - n == 2 => Some(n + 1),
            Some(n) if goal - n == 1 => None,
            // More than one column between the number and the goal.
            Some(_) => return None,
            // A page of the rows' rest only: the goal and the result.
            None if goal == 0 => None,
            None => return None,
        };
        Some(Columns {
            starts,
            number,
            category,
            goal,
            result,
        })
    }

    fn column_of(&self, run: &Run<'_>) -> Option<usize> {
        self.starts
            .iter()
            .position(|&(a, b)| (a..=b).contains(&run.start))
    }

    /// A line's runs, each with its column: a run into the next column is
    /// cut at a space after which its text starts there (the dump sets a
    /// full line one space from the next cell's: `…説明します。 地区の…`,
    /// `2・3 共`). None where a run starts in no column, or runs into the
    /// next with no such space.
    fn place<'t>(&self, runs: &[Run<'t>]) -> Option<Vec<(Run<'t>, usize)>> {
        let mut out = Vec::with_capacity(runs.len());
        for &run in runs {
            let mut rest = run;
            let mut column = self.column_of(&rest)?;
            while let Some(&(next, last)) = self.starts.get(column + 1)
                && rest.end > next
            {
                let (k, at, space) =
                    rest.text
                        .char_indices()
                        .enumerate()
                        .find_map(|(k, (at, c))| {
                            let after = rest.start + k + 1;
                            ((c == ' ' || c == '\u{3000}')
                                && after + JITTER >= next
                                && after <= last + JITTER)
                                .then_some((k, at, c.len_utf8()))
                        })?;
                out.push((
                    Run {
                        start: rest.start,
                        end: rest.start + k,
                        text: &rest.text[..at],
                    },
                    column,
                ));
                rest = Run {
                    start: rest.start + k + 1,
                    end: rest.end,
                    text: &rest.text[at + space..],
                };
                column += 1;
            }
            out.push((rest, column));
        }
        Some(out)
    }
}

/// A cell's line as read: its text, where it starts and ends.
type CellRun<'t> = (&'t str, usize, usize);

/// A row as read: its first and last line, its number, and each cell's
/// runs (department, category, goal, result), with the page's columns
/// (for the goal's and result's margins).
#[derive(Debug, Default)]
struct Row<'t> {
    first: usize,
    last: usize,
    /// Its number, its lines' parts joined (`2・3`).
    number: String,
    department: Vec<&'t str>,
    /// Whether its department's name starts on its first line.
    top: bool,
    category: Vec<&'t str>,
    goal: Vec<(CellRun<'t>, usize)>,
    result: Vec<(CellRun<'t>, usize)>,
}

/// The records of a goal sheet's table printed as its page shows it (see
/// the module's docs), their first lines made tabbed rows of their cells
/// and their other lines blank in `lines`, the column header (and its
/// repeats on later pages) made a tabbed header; none where the dump does
/// not read so, `lines` untouched.
pub(crate) fn records(text: &str, lines: &mut [Line<'_>]) -> Vec<Quoted> {
    read(text, lines).unwrap_or_default()
}

fn read(text: &str, lines: &mut [Line<'_>]) -> Option<Vec<Quoted>> {
    // (No line a column header, most documents' case: the text is not
    // split into lines again.)
    if memchr::memchr(b'\t', text.as_bytes()).is_some() || !lines.iter().any(Line::is_column_header)
    {
        return None;
    }
    let raw: Vec<&str> = text.split('\n').collect();
    if raw.len() != lines.len() {
        return None;
    }
    let header_runs = |i: usize| -> Option<Vec<&str>> {
        let line = &lines[i];
        if !line.is_column_header() {
            return None;
        }
        let runs = runs(raw[i]);
        let tabbed: Vec<String> = runs
            .iter()
            .map(|r| normalize_chars(r.text).into_owned())
            .collect();
        (runs.len() >= 2 && crate::goal_sheet::is_full_sheet_header(&tabbed.join("\t")))
            .then(|| runs.iter().map(|r| r.text).collect())
    };
    let first_header = (0..lines.len()).find(|&i| header_runs(i).is_some())?;
    // Pages (a form feed opens one), each with its lines below its header.
    let mut pages: Vec<(Vec<usize>, Option<usize>)> = vec![(Vec::new(), Some(first_header))];
    let mut headers = vec![first_header];
    // Whether the page so far holds blank lines only (a header repeated
    // stands at its head).
    let mut blank_so_far = false;
    for (i, line) in raw.iter().enumerate().skip(first_header + 1) {
        if line.contains('\u{c}') {
            pages.push((Vec::new(), None));
            blank_so_far = true;
        }
        let page = pages.last_mut()?;
        if page.1.is_none() && blank_so_far && header_runs(i).is_some() {
            page.1 = Some(i);
            headers.push(i);
            continue;
        }
        blank_so_far &= line.trim().is_empty();
        page.0.push(i);
    }
    let is_header: std::collections::HashSet<usize> = headers.iter().copied().collect();
    // The page furniture: a page number alone on its line, or bare digits
    // alone on a page's last line (a number `1` under the table had been
    // the last row's goal's last line: rev95).
    let last_on_page: std::collections::HashSet<usize> = pages
        .iter()
        .filter_map(|(body, _)| {
            body.iter()
                .rev()
                .find(|&&i| !raw[i].trim().is_empty())
                .copied()
        })
        .collect();
    let furniture = |i: usize| {
        let runs = runs(raw[i]);
        runs.len() == 1
            && (crate::common::furniture::is_page_number(&normalize_chars(runs[0].text))
                || last_on_page.contains(&i)
                    && runs[0].text.chars().count() <= 4
                    && normalize_chars(runs[0].text)
                        .bytes()
                        .all(|b| b.is_ascii_digit()))
    };
    let mut rows: Vec<Row<'_>> = Vec::new();
    'pages: for (body, _) in &pages {
        let body: Vec<usize> = body.iter().copied().filter(|&i| !furniture(i)).collect();
        let page_runs: Vec<Vec<Run<'_>>> = body.iter().map(|&i| runs(raw[i])).collect();
        if page_runs.iter().all(Vec::is_empty) {
            continue;
        }
        let columns = Columns::of(&page_runs)?;
        let page_placed: Vec<Vec<(Run<'_>, usize)>> = page_runs
            .iter()
            .map(|runs| columns.place(runs))
            .collect::<Option<_>>()?;
        // Where a column's runs end at the most on the page: its full
        // lines end there, give or take the dump's rounding.
        let right = |c: usize| {
            page_placed
                .iter()
                .flatten()
                .filter(|(_, k)| *k == c)
                .map(|(r, _)| r.end)
                .max()
        };
        let (goal_right, result_right) = (right(columns.goal)?, right(columns.result)?);
        // The fewest blank lines between two rows on the page: a gap
        // shorter than that is inside a row (a paragraph of its goal set
        // apart, `…確認します。` / blank / ` 具体的には、…`), where rows are
        // set further apart — but not in the page's last row, under which
        // a note or a date after a gap is the page's (rev95).
        let opens_row = |line: &[(Run<'_>, usize)]| {
            line.iter()
                .any(|(r, c)| Some(*c) == columns.number && number(r.text).is_some())
        };
        let row_gap = {
            let (mut gap, mut least, mut met) = (0, None::<usize>, false);
            for line in &page_placed {
                if line.is_empty() {
                    gap += 1;
                    continue;
                }
                if met && gap > 0 && opens_row(line) {
                    least = Some(least.map_or(gap, |l| l.min(gap)));
                }
                (gap, met) = (0, true);
            }
            least
        };
        let last_row = page_placed.iter().rposition(|line| opens_row(line));
        let mut blank_before = 0;
        // Whether a line with text was met on the page yet (the first may
        // go on with a row a page break cut, after the repeated header).
        let mut met = false;
        for (k, (&i, line)) in body.iter().zip(&page_placed).enumerate() {
            if line.is_empty() {
                blank_before += 1;
                continue;
            }
            let first_on_page = !met;
            met = true;
            let (line_runs, placed): (Vec<Run<'_>>, Vec<usize>) = line.iter().copied().unzip();
            // A run in the numbers' column: a number, or the rest of the
            // last row's (`・`, then `3`).
            let in_number = line_runs
                .iter()
                .zip(&placed)
                .position(|(_, &c)| Some(c) == columns.number);
            let goes_on = in_number.zip(rows.last()).is_some_and(|(k, row)| {
                blank_before == 0 && goes_on_with(&row.number, line_runs[k].text)
            });
            let numbered = in_number.filter(|&k| !goes_on && number(line_runs[k].text).is_some());
            let before_number = |c: usize| columns.number.is_none_or(|n| c < n);
            match (numbered, rows.is_empty()) {
                (Some(k), _) => rows.push(Row {
                    first: i,
                    last: i,
                    number: line_runs[k].text.to_owned(),
                    ..Row::default()
                }),
                // Text under the table after a gap (rows are set apart by
                // gaps, a row's lines are not), or a note (`※`): not the
                // last row's (the lines from there on are read as the
                // page's; a note in the goal's column, a date in the
                // result's, had been the last row's: rev95).
                (None, false)
                    if blank_before > 0
                        && !first_on_page
                        && (row_gap.is_none_or(|gap| blank_before >= gap)
                            || last_row.is_none_or(|last| k > last))
                        || line_runs
                            .first()
                            .is_some_and(|r| r.text.starts_with(['※', '注'])) =>
                {
                    break 'pages;
                }
                (None, false) => {}
                (None, true) => return None,
            }
            blank_before = 0;
            let row = rows.last_mut()?;
            row.last = i;
            for (k, (run, &c)) in line_runs.iter().zip(&placed).enumerate() {
                if Some(k) == numbered {
                    continue;
                }
                if goes_on && Some(k) == in_number {
                    row.number.push_str(run.text);
                } else if Some(c) == columns.number {
                    // Text in the numbers' column that is no row's number.
                    return None;
                } else if c == columns.goal {
                    row.goal.push(((run.text, run.start, run.end), goal_right));
                } else if c == columns.result {
                    row.result
                        .push(((run.text, run.start, run.end), result_right));
                } else if Some(c) == columns.category {
                    row.category.push(run.text);
                } else if before_number(c) {
                    row.top |= row.first == i && row.department.is_empty();
                    row.department.push(run.text);
                } else {
                    return None;
                }
            }
        }
    }
    if rows.is_empty() {
        return None;
    }
    // A department's name may stand beside any of its rows (centred in a
    // merged cell): it goes to the first row of its run of numbers, which
    // starts again from 1 for each department.
    // A name set on a row's first line opens a department there, where the
    // run's name was set so too; a second row of a run naming one after
    // another (a name centred over two rows, or a department whose numbers
    // went on from the last) leaves the dump read as before: the page
    // cannot tell whose rows are whose (rev95).
    let mut block = 0;
    let mut named = !rows[0].department.is_empty();
    let mut block_top = rows[0].top;
    for k in 1..rows.len() {
        let has = !rows[k].department.is_empty();
        if number(&rows[k].number).and_then(|n| n.first().copied()) == Some(1)
            || named && block_top && rows[k].top
        {
            (block, named, block_top) = (k, has, rows[k].top);
        } else if has {
            if named {
                return None;
            }
            let moved = std::mem::take(&mut rows[k].department);
            rows[block].department.extend(moved);
            named = true;
        }
    }
    // The header, tabbed over the rows' five cells.
    let header_names: Vec<Vec<&str>> = headers
        .iter()
        .map(|&h| header_runs(h))
        .collect::<Option<_>>()?;
    for (&h, names) in headers.iter().zip(header_names) {
        let cells: Vec<&str> = match names[..] {
            [department, goal, result] => vec![department, goal, "", "", result],
            [_, _, _, _, _] => names.clone(),
            _ => return None,
        };
        lines[h] = Line::new(std::borrow::Cow::Owned(
            normalize_chars(&cells.join("\t")).into_owned(),
        ));
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let texts = |cell: &[&str]| -> Vec<String> {
            cell.iter()
                .map(|t| normalize_chars(t).into_owned())
                .collect()
        };
        // A cell's line opens a paragraph where it starts further in than
        // the cell's others (its first, indented a character; the dump
        // rounds each row's positions its own way, so the cell's, not the
        // page's); it goes on with the line before where that one was
        // full (within the dump's rounding of the column's longest on the
        // page), and after one that stopped short with a sentence's end
        // it opens one; otherwise the text's marks decide.
        let paragraphs = |cell: &[(CellRun<'_>, usize)]| {
            let left = cell
                .iter()
                .map(|((_, start, _), _)| *start)
                .min()
                .unwrap_or(0);
            let opens: Vec<Option<bool>> = cell
                .iter()
                .enumerate()
                .map(|(k, &((_, start, _), right))| {
                    let ((before, _, before_end), _) = *cell.get(k.checked_sub(1)?)?;
                    if start > left {
                        Some(true)
                    } else if before_end + JITTER >= right {
                        Some(false)
                    } else {
                        before
                            .trim_end()
                            .ends_with(['。', '！', '？'])
                            .then_some(true)
                    }
                })
                .collect();
            let texts: Vec<String> = cell
                .iter()
                .map(|((t, _, _), _)| normalize_chars(t).into_owned())
                .collect();
            (texts, opens)
        };
        let (goal, goal_opens) = paragraphs(&row.goal);
        let (result, result_opens) = paragraphs(&row.result);
        let cells = vec![
            texts(&row.department),
            vec![normalize_chars(&row.number).into_owned()],
            texts(&row.category),
            goal,
            result,
        ];
        let opens = vec![
            vec![None; cells[0].len()],
            vec![None],
            vec![None; cells[2].len()],
            goal_opens,
            result_opens,
        ];
        let joined: Vec<String> = cells.iter().map(|c| c.join(" ")).collect();
        lines[row.first] = Line::new(std::borrow::Cow::Owned(joined.join("\t")));
        for (i, line) in lines
            .iter_mut()
            .enumerate()
            .take(row.last + 1)
            .skip(row.first + 1)
        {
            if !is_header.contains(&i) && !furniture(i) {
                *line = Line::new(std::borrow::Cow::Borrowed(""));
            }
        }
        out.push(Quoted {
            first: row.first,
            last: row.last,
            cells,
            opens: Some(opens),
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use crate::model::Content;

    /// A sheet as `pdftotext -layout` prints it: rows over several lines,
    /// the category one character a line, a paragraph's first line a
    /// character further in, a full line one space from the result's.
    fn dump() -> String {
        // Each line as its runs and the column each starts at.
        // Goal lines run from 18 to 42 (a paragraph's first from 19), the
        // result's from 43 (44).
        let lines: [&[(usize, &str)]; 16] = [
            &[(0, "令和6年度向上指針取組シート")],
            &[],
            &[
                (0, "部署名"),
                (20, "目標及び具体的な取組内容"),
                (46, "実施結果及び目標の達成度"),
            ],
            &[],
            &[
                (0, "総務課"),
                (10, "1"),
                (14, "対"),
                (19, "窓口の案内表示を全て見直して、来庁者を目的の窓"),
                (44, "案内係を置きました。"),
            ],
            &[(14, "面"), (18, "口へ迷わずに行けるようにします。")],
            &[(14, "対"), (19, "研修を行います。")],
            &[(14, "応")],
            &[],
            &[
                (10, "2"),
                (14, "共"),
                (
                    19,
                    "電話は三回以内に受けて、担当者へ確実に取り次 取次ぎの誤りはありませんで",
                ),
            ],
            &[(14, "通"), (18, "ぎます。"), (43, "した。")],
            &[],
            &[
                (0, "区民課"),
                (10, "1"),
                (14, "お"),
                (19, "記入例を作ります。"),
                (44, "作りました。"),
            ],
            &[(14, "知")],
            &[(14, "ら")],
            &[(14, "せ")],
        ];
        laid_out(&lines)
    }

    /// A dump's text from its lines, each as its runs and the column each
    /// starts at (a character a column, as `pdftotext -layout` counts).
    fn laid_out(lines: &[&[(usize, &str)]]) -> String {
        let mut out = String::new();
        for runs in lines {
            let mut line = String::new();
            for &(at, text) in *runs {
                while line.chars().count() < at {
                    line.push(' ');
                }
                line.push_str(text);
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    #[test]
    fn a_sheet_printed_as_its_page_shows_it_is_read_by_rows() {
        let p = crate::parse(&dump());
        let Content::GoalSheet { rows, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let read: Vec<(String, String, String, String, Option<String>)> = rows
            .iter()
            .map(|r| {
                (
                    r.department.clone(),
                    r.number.clone(),
                    r.category.clone().unwrap_or_default(),
                    r.goal.clone(),
                    r.result.clone(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "総務課".into(),
                    "1".into(),
                    "対面対応".into(),
                    "窓口の案内表示を全て見直して、来庁者を目的の窓口へ迷わずに行けるようにします。\n研修を行います。".into(),
                    Some("案内係を置きました。".into())
                ),
                (
                    "総務課".into(),
                    "2".into(),
                    "共通".into(),
                    "電話は三回以内に受けて、担当者へ確実に取り次ぎます。".into(),
                    Some("取次ぎの誤りはありませんでした。".into())
                ),
                (
                    "区民課".into(),
                    "1".into(),
                    "お知らせ".into(),
                    "記入例を作ります。".into(),
                    Some("作りました。".into())
                ),
            ]
        );
    }

    /// helper-134: a label a character a line set one space left of the
    /// goal's lines (`内 応できるよう…`), under a header that names no
    /// number or label column: its starts within a character or two of
    /// the goal's had made one column of both, and the label's characters
    /// ran into the goal, ok. Its column is the label's.
    #[test]
    fn a_label_one_space_left_of_the_goal_is_its_own_column() {
        // (`pdftotext -layout` of a reportlab sheet, two rows.)
        let text = [
            "部署名      目標及び具体的な取組内容                   実施結果及び目標の達成度",
            "危機管理担当   1   庁  災害時に区民からの問合せへ迅速かつ的確に対    ６月と１１月に連絡訓練を実施",
            "             内 応できるよう、各課の防災担当者との連絡体制を   し、全ての課の防災担当者と連絡網",
            "             体 確認します。                   を確認しました。",
            "             制  具体的には、年２回の連絡訓練を実施し、連絡    訓練で明らかになった課題は、避",
            "               網と避難所開設の手順を職員間で共有します。    難所開設マニュアルの改訂に反映し",
            "                                        ました。",
            "危機管理担当   2   電  防災に関する電話での問合せには、相手の話を    電話での問合せには、ハザード",
            "             話 最後まで伺い、ハザードマップの該当する箇所を   マップのページ番号をお伝えしなが",
            "             対 示しながら分かりやすく説明します。        ら説明しました。台風の接近時には",
            "             応  また、問合せの内容を記録し、よくある質問と   問合せが集中しましたが、担当内で",
            "               回答を担当内で共有します。            応対を分担し、折り返しの電話は当",
            "                                        日中に行いました。",
        ]
        .join("\n");
        let p = crate::parse(&text);
        let Content::GoalSheet { rows, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let read: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.category.as_deref().unwrap_or_default(), r.goal.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (
                    "庁内体制",
                    "災害時に区民からの問合せへ迅速かつ的確に対応できるよう、各課の防災担当者との連絡体制を確認します。\n\
                     具体的には、年2回の連絡訓練を実施し、連絡網と避難所開設の手順を職員間で共有します。"
                ),
                (
                    "電話対応",
                    "防災に関する電話での問合せには、相手の話を最後まで伺い、ハザードマップの該当する箇所を示しながら分かりやすく説明します。\n\
                     また、問合せの内容を記録し、よくある質問と回答を担当内で共有します。"
                ),
            ]
        );
    }

    /// Under the table, in the goal's column: bare digits on the page's
    /// last line are its number (page furniture), and a note (`※`) no
    /// row's text (left unassigned); each had been the last row's goal's
    /// last line, `ok` (rev95).
    #[test]
    fn a_page_number_or_a_note_under_the_table_is_no_rows() {
        let goal = |text: &str| {
            let p = crate::parse(text);
            let Content::GoalSheet { rows, .. } = &p.content else {
                panic!("{:?}", p.content)
            };
            (rows[2].goal.clone(), p.unassigned.is_empty())
        };
        let under = |line: &str| format!("{}{}{line}\n", dump(), " ".repeat(19));
        assert_eq!(goal(&under("1")), ("記入例を作ります。".to_owned(), true));
        let (text, ok) = goal(&under("※ 分類の共通は全課の取組です。"));
        assert_eq!((text.as_str(), ok), ("記入例を作ります。", false));
    }

    /// helper-120's `-layout` dumps of LibreOffice sheets: a number cell
    /// too narrow for `2・3` prints it a character a line (`2` / `・` /
    /// `3`), and a goal's second paragraph stands after a blank line where
    /// rows are three apart. Either had left the whole dump read line by
    /// line, its rows from there on lost or shifted (`partial`).
    #[test]
    fn a_number_wrapped_and_a_paragraph_set_apart_stay_in_their_row() {
        let lines: [&[(usize, &str)]; 17] = [
            &[(0, "令和6年度向上指針取組シート")],
            &[],
            &[
                (1, "部署名"),
                (19, "目標及び具体的な取組内容"),
                (37, "実施結果"),
            ],
            &[],
            &[
                (0, "総務課"),
                (8, "1"),
                (12, "共通"),
                (18, "窓口の案内表示を見直し、来"),
                (36, "案内表示を改めました。"),
            ],
            &[(18, "庁者を案内します。")],
            &[],
            &[(19, "また、案内係を置きます。")],
            &[],
            &[],
            &[],
            &[
                (8, "2"),
                (12, "電話"),
                (18, "電話は三回以内に受けます。"),
                (36, "受けました。"),
            ],
            &[(8, "・"), (12, "対応"), (19, "担当者へ取り次ぎます。")],
            &[(8, "3")],
            &[],
            &[],
            &[
                (0, "区民課"),
                (8, "1"),
                (12, "対面"),
                (18, "記入例を作ります。"),
                (36, "作りました。"),
            ],
        ];
        let text = laid_out(&lines);
        let p = crate::parse(&text);
        let Content::GoalSheet { rows, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let read: Vec<(&str, &str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.department.as_str(),
                    r.number.as_str(),
                    r.goal.as_str(),
                    r.result.as_deref().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "総務課",
                    "1",
                    "窓口の案内表示を見直し、来庁者を案内します。\nまた、案内係を置きます。",
                    "案内表示を改めました。"
                ),
                (
                    "総務課",
                    "2・3",
                    "電話は三回以内に受けます。\n担当者へ取り次ぎます。",
                    "受けました。"
                ),
                ("区民課", "1", "記入例を作ります。", "作りました。"),
            ]
        );
        assert!(p.unassigned.is_empty(), "{:?}", p.unassigned);
        // A note a blank line under the page's last row is not that row's
        // (review: it had been its goal's last paragraph, `ok`).
        let noted = format!("{text}\n{}以上のとおり報告します。\n", " ".repeat(18));
        let p = crate::parse(&noted);
        let Content::GoalSheet { rows, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        assert_eq!(
            rows.last().map(|r| r.goal.as_str()),
            Some("記入例を作ります。")
        );
        // Rows one blank line apart: a blank line is a row's end, and a
        // line after it that opens no row is the table's end, as before.
        let close = text.replace("\n\n\n\n", "\n\n").replace("\n\n\n", "\n\n");
        let mut lines = crate::normalize_lines(&close);
        let records = super::records(&close, &mut lines);
        assert_eq!(records.len(), 1);
        assert_eq!(
            records[0].cells[3],
            ["窓口の案内表示を見直し、来", "庁者を案内します。"]
        );
    }

    /// A run into the next column with no space to cut it at: the gutter
    /// is no gutter, and the dump is read as before (line by line).
    #[test]
    fn a_run_across_a_gutter_leaves_the_dump_as_it_was() {
        let glued = dump().replace("取り次 取次ぎ", "取り次取次ぎ");
        let mut lines = crate::normalize_lines(&glued);
        assert!(super::records(&glued, &mut lines).is_empty());
        assert_eq!(lines, crate::normalize_lines(&glued));
    }
}
