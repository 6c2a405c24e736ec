//! Outlines (`layout: plan_outline`, and `outline`, the fallback for any
//! document no other recognizer knows): headings, paragraphs, list items,
//! tables and figures, nested by their markers.
//!
//! Japanese plans nest marker styles — `1`, `(1)`, `〇`, `①`, `【…】`,
//! `〈…〉`, `●`, `・` — in no fixed order, so the hierarchy is read from the
//! document itself: a marker style not seen yet opens a level below the
//! current one; a style already open continues its level (closing the deeper
//! ones) — except a number that restarts at 1 where the open level is past
//! 1, which opens a new level below (`3 取組内容` → `(1)` → `1 …`).
//! Numbers in full-width and half-width digits are two styles where each
//! width counts on by itself (`１` sections over `1` items). A list item
//! (`・`, `-`) that is a statement holds no paragraph, table or note after
//! a blank line; `以上` near the end closes every level. In a plan
//! outline, the plan's title printed again is page furniture, and its
//! title for a later fiscal year, followed by a section numbered 1, opens a
//! second plan at the top (`second_sheet`).

use std::cell::OnceCell;
use std::collections::HashMap;

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::chars::{PARTICLES, circled_number, is_hiragana, is_japanese};
use plansheet_text::join_wrapped;

use crate::Line;
use crate::common::columns::{display_width, row_under, starts_of, wraps_row_above};
use crate::common::era::{latest_fiscal_year, retitles};
use crate::common::furniture::{first_line, is_page_number, same_but_spacing};
use crate::common::ledger::{Ledger, span};
use crate::common::metadata::names_another_ward;
use crate::common::units::is_counter;
use crate::common::{cells, is_katakana_marker, paren_number_marker};
use crate::goal_sheet::is_closing_mark;
use crate::grid::Grid;
use crate::model::{
    Content, Diagnostic, DiagnosticCode, Footnote, LayoutName, Level, LineSpan, NodeKind,
    OutlineNode,
};
use crate::recognizer::{Memo, Recognizer, Score, Sheet};

/// The most digits a footnote mark (`※12`) is looked for with.
const MAX_MARK_DIGITS: usize = 8;
/// The deepest an outline nests.
const MAX_DEPTH: usize = 16;
/// The most nodes one outline holds. A long plan has a few thousand; a
/// file of nothing but short lines would otherwise make a node (and a few
/// hundred bytes of JSON) per line.
const MAX_NODES: usize = 100_000;

/// The fallback's score: always applicable, never preferred.
const FALLBACK_SCORE: f64 = 0.25;
/// A plan title over numbered sections.
const PLAN_CONFIDENCE: f64 = 0.85;
/// Numbered sections without a plan title: an outline, weakly a plan.
const UNTITLED_PLAN_CONFIDENCE: f64 = 0.4;

/// Plan outlines: a …計画 title over numbered sections.
pub(crate) struct PlanOutline;

impl Recognizer for PlanOutline {
    fn name(&self) -> LayoutName {
        LayoutName::PlanOutline
    }

    /// A plan title (…計画) and numbered top-level sections.
    fn score(&self, lines: &[Line<'_>], _memo: &Memo) -> Score {
        let title_is_plan =
            first_line(lines).is_some_and(|t| t.ends_with("計画") || t.contains("計画 "));
        let sections = lines
            .iter()
            .filter(|l| {
                let t = l.trim();
                // A section line starts with a digit: most lines are told
                // by their first character, without the regex.
                t.starts_with(may_be_digit) && SECTION.is_match(t) && t.chars().count() <= 20
            })
            .count();
        let confidence = match (title_is_plan, sections) {
            (true, n) if n >= 2 => PLAN_CONFIDENCE,
            (false, n) if n >= 3 => UNTITLED_PLAN_CONFIDENCE,
            _ => 0.0,
        };
        let title = if title_is_plan {
            "a plan title (…計画)"
        } else {
            "no plan title"
        };
        Score::new(
            confidence,
            vec![title.into(), format!("{sections} numbered section lines")],
        )
    }

    fn parse(
        &self,
        grid: &Grid<'_>,
        _memo: &Memo,
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet {
        parse(grid.lines(), Some(grid), ledger, diagnostics, Plans::Read)
    }
}

/// Whether a parse reads a plan's title printed again: as page furniture,
/// or, for a later fiscal year, as a second plan's heading. Only in plan
/// outlines: minutes or a memo may name their title's words for another
/// year in a line of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plans {
    Read,
    Ignore,
}

/// The fallback for every document no other recognizer knows.
pub(crate) struct Outline;

impl Recognizer for Outline {
    fn name(&self) -> LayoutName {
        LayoutName::Outline
    }

    fn score(&self, _lines: &[Line<'_>], _memo: &Memo) -> Score {
        Score::new(
            FALLBACK_SCORE,
            vec!["the fallback applies to any text".into()],
        )
    }

    fn parse(
        &self,
        grid: &Grid<'_>,
        _memo: &Memo,
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet {
        parse(grid.lines(), Some(grid), ledger, diagnostics, Plans::Ignore)
    }
}

static SECTION: Lazy<Regex> = lazy_regex!(r"^[0-9０-９]{1,2}[ 　]+\S");

/// Whether `c` may be a decimal digit (`\d`, Unicode's `Nd`), told without
/// a table lookup for ASCII and for kana and kanji (U+3000–U+9FFF holds
/// none).
fn may_be_digit(c: char) -> bool {
    c.is_ascii_digit() || !c.is_ascii() && !('\u{3000}'..='\u{9FFF}').contains(&c) && c.is_numeric()
}

/// A marker style; nesting is decided per style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Number,
    /// A number in full-width digits, in a document whose two widths
    /// number two levels (`１` sections over `1` items, see
    /// [`widths_mark_levels`]); elsewhere a number of either width is a
    /// [`Style::Number`].
    WideNumber,
    ParenNumber,
    Circled,
    Circle,
    Dot,
    Square,
    Bullet,
    Dash,
    Bracket,
    Angle,
    DoubleAngle,
    Markdown,
    /// A Roman numeral: `Ⅰ`, `Ⅱ.`; the small ones (`ⅰ`) apart.
    Roman,
    SmallRoman,
    /// An ordinal: `第1`; chapters (`第2章`) and sections (`第3節`) apart.
    Ordinal,
    Chapter,
    Section,
    /// A katakana item: `ア`, `イ`, `ウ`, or `イ`, `ロ`, `ハ` (a space or a
    /// stop after it); in parentheses, `(ア)`, apart. Not counted: a
    /// document counts in the gojūon order or the iroha one, which share
    /// `イ` and put `ニ` and `ト` in different places.
    Katakana,
    ParenKatakana,
    /// A short unmarked line standing alone: a heading without a marker.
    Plain,
}

/// Whether a katakana marker is an item: the first of a list (`ア`, or `イ`
/// as the iroha order counts), or one of a list open above it. Another
/// katakana with a space after it is the rest of a word a wrap cut
/// (`…イベン` / `ト 12 回を開催`) or a heading spaced out (`サ　ー　ビ　ス`).
fn opens_or_goes_on(marker: &Marker, open: &[Open]) -> bool {
    marker.text.contains(['ア', 'イ']) || open.iter().any(|o| o.style == marker.style)
}

impl Style {
    /// A number in either width.
    fn is_number(self) -> bool {
        matches!(self, Style::Number | Style::WideNumber)
    }

    /// A list's item (`・`, `-`), which holds no more than its lines.
    fn is_list_item(self) -> bool {
        matches!(self, Style::Bullet | Style::Dash)
    }

    /// A katakana item's (`ア`, `(ア)`).
    fn is_katakana(self) -> bool {
        matches!(self, Style::Katakana | Style::ParenKatakana)
    }

    /// A counted section's (`1`, `(1)`, `第1`, `Ⅰ` …), as headings number.
    fn counts_sections(self) -> bool {
        self.is_number()
            || matches!(
                self,
                Style::ParenNumber
                    | Style::Ordinal
                    | Style::Chapter
                    | Style::Section
                    | Style::Roman
                    | Style::SmallRoman
            )
    }
}

struct Marker {
    style: Style,
    /// The marker as printed.
    text: String,
    number: Option<u32>,
    /// What follows the marker.
    rest: String,
}

/// A number marker: `1 目的`, or with its punctuation `1.目的`, `１．目的`
/// (normalized to `1.`), `1、目的`. The punctuation is part of the marker as
/// printed, so that no character of the line is lost.
static NUMBER: Lazy<Regex> = lazy_regex!(r"^([0-9０-９]{1,2})(?:[ 　]+|([.．、])\s*)(\S.*)$");
/// A footnote: `(※)印＝…`, `※1:…`, or a numbered mark and white space
/// (`※1　…`).
static FOOTNOTE: Lazy<Regex> = lazy_regex!(
    r"^(\(※[0-9０-９]*\)|※[0-9０-９]*)(\s*(?:印)?\s*[=＝:：]\s*)(.+)$|^(※[0-9０-９]+)(\s+)(\S.*)$"
);
static FIGURE: Lazy<Regex> = lazy_regex!(r"^\S.{0,40}(?:図|イメージ)$");

/// [`NUMBER`]'s number, punctuation and rest, read by hand where the
/// number is in ASCII digits (every one, once widths are folded): the
/// pattern's captures run the whole line through the slower of the
/// regex engines, and a plan outline numbers most of its lines. Any other
/// digit goes to the pattern.
fn number_marker(t: &str) -> Option<(&str, &str, &str)> {
    let bytes = t.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let after = t.get(digits..)?.chars().next();
    if digits == 0 || after.is_some_and(char::is_numeric) {
        let c = NUMBER.captures(t)?;
        let punctuation = c.get(2).map_or("", |p| p.as_str());
        return Some((c.get(1)?.as_str(), punctuation, c.get(3)?.as_str()));
    }
    if digits > 2 {
        return None;
    }
    let (number, tail) = t.split_at(digits);
    let (punctuation, rest) = match after? {
        ' ' | '　' => ("", tail.trim_start_matches([' ', '　'])),
        c @ ('.' | '．' | '、') => tail.split_at(c.len_utf8()),
        _ => return None,
    };
    let rest = if punctuation.is_empty() {
        rest
    } else {
        rest.trim_start()
    };
    // What follows starts with a character that is not white space.
    rest.chars()
        .next()
        .is_some_and(|c| !c.is_whitespace())
        .then_some((number, punctuation, rest))
}

/// A bracketed marker and the rest of the line: `【…】`, `〈…〉` or `《…》`
/// at the line's start, 1 to 40 characters between the brackets (the
/// closing one is the first after the opening one); the rest starts after
/// any white space. (Lines never hold `\n`, which the pattern's `.` would
/// not take.)
/// Read by hand: as a pattern (see the tests), its bounded repetitions
/// of a character class made the captures cost some 15,000 instructions a
/// line.
fn bracketed_marker(t: &str) -> Option<(&str, &str)> {
    let open = t.chars().next()?;
    let close = match open {
        '【' => '】',
        '〈' => '〉',
        '《' => '》',
        _ => return None,
    };
    let inner = &t[open.len_utf8()..];
    let end = inner.find(close)?;
    if !(1..=40).contains(&inner[..end].chars().count()) {
        return None;
    }
    let (text, rest) = t.split_at(open.len_utf8() + end + close.len_utf8());
    Some((text, rest.trim_start()))
}

/// An ordinal heading's marker, number and rest: `第1　趣旨`, `第2章 計画`;
/// one or two digits, then `章` or `節` or nothing, then white space or the
/// line's end (`第1回の会議では` is a sentence).
fn ordinal_marker(t: &str) -> Option<(&str, u32, &str)> {
    let after = t.strip_prefix('第')?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let tail = &after[digits..];
    let tail = tail.strip_prefix(['章', '節']).unwrap_or(tail);
    if !(tail.is_empty() || tail.starts_with([' ', '　'])) {
        return None;
    }
    let marker = &t[..t.len() - tail.len()];
    Some((marker, after[..digits].parse().ok()?, tail.trim_start()))
}

fn marker_of(line: &str) -> Option<Marker> {
    let t = line.trim();
    let simple = |style, len: usize| {
        let text: String = t.chars().take(len).collect();
        let rest = t[text.len()..].trim_start().to_owned();
        Some(Marker {
            style,
            text,
            number: None,
            rest,
        })
    };
    let first = t.chars().next()?;
    // Each pattern is anchored at the line's start: tried only where the
    // first character can begin it (a digit, `[0-9０-９]`, is within
    // `is_numeric`).
    if first == '('
        && let Some((n, rest)) = paren_number_marker(t)
    {
        return Some(Marker {
            style: Style::ParenNumber,
            text: format!("({n})"),
            number: n.parse().ok(),
            rest: rest.to_owned(),
        });
    }
    // `(ア)`; and `ア`, `イ．` before a space or a stop, with text after it
    // (`アンケート` is a word, `ア　番号表示盤の更新` an item; `ス、服務…`
    // the rest of a word a wrap cut).
    let mut chars = t.chars();
    let (second, third) = (chars.nth(1), chars.next());
    if first == '(' && second.is_some_and(is_katakana_marker) && third == Some(')') {
        return simple(Style::ParenKatakana, 3).filter(|m| !m.rest.is_empty());
    }
    if is_katakana_marker(first)
        && let Some(after) = second
        && (after.is_whitespace() || matches!(after, '.' | '．'))
    {
        return simple(Style::Katakana, 1 + usize::from(!after.is_whitespace()))
            .filter(|m| !m.rest.is_empty());
    }
    if first.is_numeric()
        && let Some((n, punctuation, rest)) = number_marker(t)
    {
        return Some(Marker {
            style: Style::Number,
            text: format!("{n}{punctuation}"),
            number: n.parse().ok(),
            rest: rest.to_owned(),
        });
    }
    if let Some(number) = circled_number(first) {
        let mut m = simple(Style::Circled, 1)?;
        m.number = Some(number);
        return Some(m);
    }
    // `⑴`: a parenthesized number in one character.
    if let '\u{2474}'..='\u{2487}' = first {
        let mut m = simple(Style::ParenNumber, 1)?;
        m.number = Some(first as u32 - 0x2473);
        return Some(m);
    }
    // `Ⅰ`, `ⅱ`, with a period after it or not.
    if let '\u{2160}'..='\u{216B}' | '\u{2170}'..='\u{217B}' = first {
        let period = t[first.len_utf8()..].starts_with(['.', '、']);
        let style = if first < '\u{2170}' {
            Style::Roman
        } else {
            Style::SmallRoman
        };
        let mut m = simple(style, 1 + usize::from(period))?;
        m.number = Some((first as u32 - 0x2160) % 16 + 1);
        return Some(m);
    }
    if first == '第'
        && let Some((marker, number, rest)) = ordinal_marker(t)
    {
        let style = match marker.chars().next_back() {
            Some('章') => Style::Chapter,
            Some('節') => Style::Section,
            _ => Style::Ordinal,
        };
        return Some(Marker {
            style,
            text: marker.to_owned(),
            number: Some(number),
            rest: rest.to_owned(),
        });
    }
    if let Some((text, rest)) = bracketed_marker(t) {
        let style = match text.chars().next() {
            Some('【') => Style::Bracket,
            Some('〈') => Style::Angle,
            _ => Style::DoubleAngle,
        };
        let rest = rest.trim();
        // A bracketed title alone on its line is the heading's text; the
        // marker keeps only the brackets.
        let (marker, rest) = if rest.is_empty() {
            let mut chars = text.chars();
            let (open, close) = (chars.next()?, chars.next_back()?);
            (format!("{open}{close}"), chars.as_str().to_owned())
        } else {
            (text.to_owned(), rest.to_owned())
        };
        return Some(Marker {
            style,
            text: marker,
            number: None,
            rest,
        });
    }
    match first {
        '〇' | '○' => simple(Style::Circle, 1),
        '●' => simple(Style::Dot, 1),
        '■' | '□' | '◆' | '◇' => simple(Style::Square, 1),
        '・' => simple(Style::Bullet, 1),
        '-' | '*' if t.chars().nth(1) == Some(' ') => simple(Style::Dash, 1),
        // A Markdown heading has one to six: a longer run is text (and a
        // marker is copied into the id of everything under it).
        '#' => {
            let hashes = t.chars().take_while(|&c| c == '#').count();
            (hashes <= 6)
                .then(|| simple(Style::Markdown, hashes))
                .flatten()
        }
        _ => None,
    }
}

static COLUMN_GAP: Lazy<Regex> = lazy_regex!(r"[ \t]{2,}|　+");

/// The rows of a table starting at line `i`, and its last line: two or
/// more tab-separated lines in a row (a spreadsheet's record whose cell
/// runs over lines one row, its cell's lines kept: see
/// [`Grid::record_at`]), or three or more lines aligned with spaces into
/// the same number of cells; with the lines read as a row's wrap.
fn table_at(
    lines: &[Line<'_>],
    grid: Option<&Grid<'_>>,
    i: usize,
) -> Option<(Vec<Vec<String>>, usize, Vec<usize>)> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut next = i;
    while let Some(line) = lines.get(next).filter(|l| l.has_tab()) {
        match grid.and_then(|g| g.record_at(next)) {
            // (A record's lines after its first are blank: no gap in the
            // table — helper-123's dir06, where the table had ended there
            // and the cell's lines had been run together.)
            Some(record) => {
                rows.push(record.cells.iter().map(|c| c.join("\n")).collect());
                next = record.last + 1;
            }
            None => {
                rows.push(cells(line).into_iter().map(str::to_owned).collect());
                next += 1;
            }
        }
    }
    if rows.len() >= 2 {
        return Some((rows, next - 1, Vec::new()));
    }
    // Laid out with spaces: rows of as many cells as the first line's; or,
    // where that reads more of the table, rows read under the columns the
    // first line's cells start (a blank cell shifts nothing).
    let width = aligned_cells(&lines[i])?.len();
    let counted: Vec<Vec<String>> = lines[i..]
        .iter()
        .map_while(|l| aligned_cells(l).filter(|c| c.len() == width))
        .collect();
    let starts = starts_of(&lines[i])?;
    let under: Vec<Vec<String>> = lines[i..]
        .iter()
        .map_while(|l| {
            (!l.has_tab() && marker_of(l).is_none())
                .then(|| row_under(&starts, l))
                .flatten()
        })
        .collect();
    if under.len() <= counted.len() {
        let end = i + counted.len().saturating_sub(1);
        return (counted.len() >= 3).then_some((counted, end, Vec::new()));
    }
    let end = i + under.len() - 1;
    // A row with its first cell blank whose cells each go on from the
    // cell above past its column's room is that row's wrap (helper-123's
    // my17: `新任職員を対象に` / `年1回実施` had been two rows, `ok`).
    let lines_read = under.len();
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(under.len());
    let mut wraps = Vec::new();
    // The widest cell of the last column so far, kept as rows come.
    let mut widest_last = 0;
    for (k, row) in under.into_iter().enumerate() {
        let wraps_above = rows.len() >= 2
            && rows
                .last()
                .is_some_and(|above| wraps_row_above(&starts, above, widest_last, &row));
        match rows.last_mut() {
            Some(above) if wraps_above => {
                for (up, cell) in above.iter_mut().zip(row) {
                    if !cell.is_empty() {
                        *up = join_wrapped(&[up.as_str(), cell.as_str()]);
                    }
                }
                wraps.push(i + k);
            }
            _ => rows.push(row),
        }
        let last = rows.last().and_then(|r| r.last());
        widest_last = widest_last.max(last.map_or(0, |c| display_width(c)));
    }
    (lines_read >= 3).then_some((rows, end, wraps))
}

/// A CSV cell is at most this long: figures and short headers
/// (平均待ち時間), not sentences that happen to hold commas.
const MAX_CSV_CELL: usize = 20;

/// The cells of a line of comma-separated values: two or more, none empty,
/// none long, no blank or 、 in the line (prose has them).
fn csv_cells(line: &str) -> Option<Vec<&str>> {
    let line = line.trim();
    if line.contains(char::is_whitespace) || line.contains('、') {
        return None;
    }
    let cells: Vec<&str> = line.split(',').collect();
    (cells.len() >= 2
        && cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().count() <= MAX_CSV_CELL))
    .then_some(cells)
}

/// The cells of a line laid out in columns with runs of spaces.
fn aligned_cells(line: &str) -> Option<Vec<String>> {
    let cells: Vec<String> = COLUMN_GAP.split(line.trim()).map(str::to_owned).collect();
    // A marked line (`1 実施期間　5月1日から`) is an item with a label, not a
    // row; but a choice's letter in a table's first column (`ア　満足　120
    // 45.3%`) is a cell of three or more.
    let unmarked = || marker_of(line).is_none_or(|m| m.style.is_katakana() && cells.len() >= 3);
    (cells.len() >= 2 && !line.contains('\t') && unmarked()).then_some(cells)
}

/// Whether two lines read the same but for their figures (`1階`, `2階`),
/// and hold one.
fn same_but_figures(a: &str, b: &str) -> bool {
    let masked = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_numeric() { '#' } else { c })
            .collect()
    };
    a != b && a.contains(char::is_numeric) && masked(a) == masked(b)
}

/// The most characters a numbered heading's line takes that its body may
/// follow on the next line, indented (see `heading_body` in `parse`).
const MAX_SHORT_HEADING: usize = 20;

/// What a heading's line ends with when its clause runs on to the next
/// line: `…把握するため` / `アンケートを実施します。` is one sentence.
const HEADING_RUNS_ON_WORDS: [&str; 8] = [
    "ため",
    "として",
    "ので",
    "から",
    "ように",
    "し",
    "つつ",
    "ながら",
];

/// Whether a line is one Japanese character alone, as a label printed
/// vertically sets it: kana or an ideograph, not a figure or a mark.
fn is_vertical_char(text: &str) -> bool {
    let mut chars = text.trim().chars();
    chars.next().is_some_and(is_japanese) && chars.next().is_none()
}

/// The most characters a label before its value takes (`調査期間`,
/// `受付時間`, `問合せ先`).
const MAX_LABEL_CHARS: usize = 8;

/// Whether a line is a label and its value, set apart by full-width spaces,
/// a run of spaces or a colon (`調査期間　令和5年11月1日〜`, `回答数:312件`):
/// the label short, with no punctuation in it, and text after the gap.
fn is_label_value(text: &str) -> bool {
    let text = text.trim();
    let colon = text
        .char_indices()
        .take(MAX_LABEL_CHARS + 1)
        .find(|&(_, c)| matches!(c, ':' | '：'))
        .map(|(at, c)| (at, at + c.len_utf8()));
    colon
        .or_else(|| COLUMN_GAP.find(text).map(|gap| (gap.start(), gap.end())))
        .is_some_and(|(start, end)| {
            let label = &text[..start];
            (1..=MAX_LABEL_CHARS).contains(&label.chars().count())
                && !label.contains(['、', '。', ',', '「', '」', '(', ')', '（', '）'])
                && end < text.len()
        })
}

/// Words that open sentences, though they are kana: a line opening with
/// one is no wrap of the line above for that alone.
const SENTENCE_OPENERS: [&str; 10] = [
    "この",
    "その",
    "これ",
    "それ",
    "また",
    "なお",
    "さらに",
    "あわせて",
    "ただし",
    "あらゆる",
];

/// The width text was wrapped at: the length most long lines reach (the
/// 90th percentile of line lengths).
fn wrap_width(lines: &[Line<'_>]) -> usize {
    let mut lengths: Vec<usize> = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    lengths.sort_unstable();
    lengths
        .get(lengths.len() * 9 / 10)
        .copied()
        .unwrap_or(0)
        .max(10)
}

/// Whether a document's first line is a paragraph rather than its title:
/// longer than [`MAX_PARAGRAPH_TITLE`] characters, or a sentence's end
/// (`。`) with more text after it. (A Latin full stop may end an
/// abbreviation in a title: `Vol. 3`.)
fn is_paragraph(line: &str) -> bool {
    line.chars().count() > MAX_PARAGRAPH_TITLE
        || line.match_indices(['。', '．']).any(|(at, _)| {
            !line[at..]
                .trim_start_matches(['。', '．'])
                .trim()
                .is_empty()
        })
}

/// Whether line `i` is a table's header row: cells tabbed apart, two of
/// them with text or more (not a title set in a table's merged top row),
/// over a line of as many cells.
fn heads_a_table(lines: &[Line<'_>], i: usize) -> bool {
    let cells = |line: &Line<'_>| {
        line.has_tab()
            .then(|| memchr::memchr_iter(b'\t', line.as_bytes()).count() + 1)
    };
    let named = lines[i]
        .split('\t')
        .filter(|c| !c.trim().is_empty())
        .count();
    // (A title with its unit beside it, `Visits by branch` / `(Unit:
    // persons)`, `単位：人`, is no header: helper-130.)
    // (Not a header's word `Unit`, `単位`: a unit names it after a colon.)
    let unit = lines[i].split('\t').any(|cell| {
        let cell = cell.trim();
        cell.starts_with(['(', '（']) && cell.ends_with([')', '）'])
            || ["単位", "Unit", "Units", "unit"].iter().any(|w| {
                cell.strip_prefix(w)
                    .is_some_and(|rest| rest.starts_with([':', '：']))
            })
    });
    let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
    named >= 2 && !unit && cells(&lines[i]).is_some_and(|n| next.and_then(cells) == Some(n))
}

/// The longest first line taken for a title (a ward's plan titles run to
/// some 40 characters, with its year and office).
const MAX_PARAGRAPH_TITLE: usize = 80;

/// A page number in an outline, where a figure alone on its line may be a
/// table's: marked as one (`- 1 -`, `1 / 5`, `3ページ`, `Page 3 of 5`,
/// `P.3`). Not `P 9` (a letter and a count in a table's text), nor `6/15`
/// (a date) or a bare figure pushed right.
fn is_marked_page_number(line: &str) -> bool {
    let l = line.trim();
    let letter_and_count = l
        .strip_prefix(['P', 'p'])
        .is_some_and(|n| n.starts_with(' ') && n.trim().bytes().all(|b| b.is_ascii_digit()));
    let slashed_figures =
        l.contains('/') && !l.contains(" /") && l.bytes().all(|b| b.is_ascii_digit() || b == b'/');
    is_page_number(l) && !letter_and_count && !slashed_figures
}

/// The most non-blank lines after a closing `以上` (a contact, a date, a
/// signature) that it still closes the document before.
const AFTER_CLOSING_MARK: usize = 4;

/// The non-blank lines after a second plan's title that its first
/// numbered section is looked for in (a preface of a few paragraphs may
/// come first).
const PLAN_HEAD_LINES: usize = 40;

/// The most characters the second line of a title split in two takes.
const MAX_TITLE_CHARS: usize = 40;

/// A fiscal year alone: `令和元年度`, `平成30年度`, `2019年度`.
fn is_fiscal_year_alone(text: &str) -> bool {
    static YEAR: Lazy<Regex> =
        lazy_regex!(r"^(?:\p{Han}{2}\s*(?:元|[0-9０-９]{1,2})|[0-9０-９]{4})\s*年度$");
    text.ends_with("年度") && YEAR.is_match(text)
}

/// Whether a number marker is a count a wrap left at a line's start
/// (`…（平成28年` over `4 月改定）に基づき…`): a counter follows the number,
/// the line before stops mid-sentence, and the number is not the next of
/// the open numbered level (nor 1, which opens a level; where no numbered
/// level is open, `3 回収方法` is a section) — or is, but printed with one
/// space after it where that level's markers have a run of them
/// (`pdftotext -layout` spaces a figure, `…対象に年` over `2 回実施…`,
/// and sets its sections `1   取組内容`). `gap` is the white space after
/// the marker's number on its line (see [`gap_after_number`]).
fn wraps_at_a_count(
    marker: &Marker,
    gap: Option<usize>,
    open: &[Open],
    prev: Option<&str>,
) -> bool {
    let Some(n) = marker.number.filter(|_| marker.style.is_number()) else {
        return false;
    };
    // The open level of the marker's own width, or where that closed
    // (`4 月改定` under `２` once the items `1`…`3` closed), of the other.
    let level = open
        .iter()
        .rev()
        .find(|o| o.style == marker.style)
        .or_else(|| open.iter().rev().find(|o| o.style.is_number()));
    let next = level.and_then(|o| o.number).map(|last| last + 1);
    // (And what follows reads on as a sentence, not as a section's name:
    // `2 回収方法` is a section however it is spaced — review.)
    let goes_on =
        marker.rest.contains(['、', '。']) || marker.rest.chars().count() > MAX_NAME_ITEM_CHARS;
    let spaced_apart =
        gap == Some(1) && level.and_then(|o| o.gap).is_some_and(|g| g >= 3) && goes_on;
    marker.rest.starts_with(is_counter)
        && prev.is_some_and(|t| !ends_sentence(t))
        && n != 1
        && next.is_some_and(|next| next != n || spaced_apart)
}

/// How many white-space characters follow a line's leading number (`1`,
/// `１`) where nothing else stands between it and its text; None for any
/// other line.
fn gap_after_number(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let after = t.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if after.len() == t.len() {
        return None;
    }
    let text = after.trim_start_matches([' ', '\u{3000}']);
    let gap = after[..after.len() - text.len()].chars().count();
    (gap > 0 && !text.is_empty()).then_some(gap)
}

/// Whether a list item's text is a statement: it ends in `。` (or `!`,
/// `?`), a note in brackets after it aside (`開催する。(年2回)`), or runs
/// longer than a name does (a target, `…割合　令和7年度末までに60%
/// (令和4年度実績:52%)`). A short one names something
/// (`証明書発行窓口(区民課)`).
fn is_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let t = match t.strip_suffix(')') {
        Some(inner) => inner.rfind('(').map_or(t, |k| &inner[..k]),
        None => t,
    }
    .trim_end();
    t.ends_with(['。', '!', '?']) || t.chars().count() > MAX_NAME_ITEM_CHARS
}

/// The most characters of a list item that names what follows it.
const MAX_NAME_ITEM_CHARS: usize = 24;

/// Whether a sentence announces what follows it (`次の式で復元できる。`,
/// `以下のとおりです。`).
fn announces(text: &str) -> bool {
    ["次の", "以下の", "下記"].iter().any(|w| text.contains(w))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['。', '!', '?', '」', ')'])
}

struct Builder {
    parent: Option<usize>,
    kind: NodeKind,
    marker: Option<String>,
    lines: Vec<usize>,
    texts: Vec<String>,
    /// How many of `texts` are not one character a label printed
    /// vertically sets alone (see [`is_vertical_char`]): counted as texts
    /// come, so that a run of such lines is not looked over again for each
    /// (a file of 250,000 took minutes).
    not_vertical: usize,
    cells: Option<Vec<Vec<String>>>,
    children: Vec<usize>,
}

struct Open {
    style: Style,
    number: Option<u32>,
    node: usize,
    /// The white space after its number on its line (see
    /// [`gap_after_number`]).
    gap: Option<usize>,
}

/// Parses `lines` (the grid's where there is one: its spreadsheet
/// records' cells keep their lines in a table).
fn parse(
    lines: &[Line<'_>],
    grid: Option<&Grid<'_>>,
    ledger: &mut Ledger<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    plans: Plans,
) -> Sheet {
    // The first line is the title, unless it is a paragraph: longer than
    // a title runs, or a sentence with more after it (a page of prose
    // without a title had its first paragraph for one: rev89).
    // Nor a table's header: a row of cells over another row of as many
    // (a table the first text on its page had lost its header to the
    // title: helper-128).
    let title_line = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .filter(|&i| !is_paragraph(lines[i].trim()) && !heads_a_table(lines, i));
    let mut title = title_line.map(|i| lines[i].trim().to_owned());
    if let (Some(i), Some(t)) = (title_line, &title) {
        ledger.claim([i], t);
    }
    let mut start = title_line.map_or(0, |i| i + 1);
    // A title printed over two lines, its year alone on the first
    // (`令和元年度` over `東淀川区役所サービス向上計画`).
    if let Some(t) = &mut title
        && is_fiscal_year_alone(t)
        && let Some(next) = lines.get(start).map(|l| l.trim())
        && !next.is_empty()
        && marker_of(next).is_none()
        && !next.contains('。')
        && next.chars().count() <= MAX_TITLE_CHARS
    {
        ledger.claim([start], next);
        t.push(' ');
        t.push_str(next);
        start += 1;
    }
    let separators = separators(lines);
    let wide_levels = widths_mark_levels(lines);
    let mut wrap = wrap_width(&lines[start..]);

    let mut nodes: Vec<Builder> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // Each footnote's mark, joiner, text, and first and last lines.
    let mut footnotes: Vec<(String, String, String, usize, usize)> = Vec::new();
    // Whether the line before was a footnote's, which a wrap continues.
    let mut in_footnote = false;
    let mut last: Option<usize> = None;
    let mut segment_start = true;
    // Whether a segment started before the blank lines above a line: a
    // page's furniture between them sets them aside with it (below).
    let mut segment_before_blanks = true;
    // Whether page furniture was set aside since the last text.
    let mut after_furniture = false;
    let mut figure: Option<usize> = None;
    let mut page_furniture = Vec::new();
    // The title of the plan being read: the document's, then a second
    // plan's.
    let mut current_title = title.clone();

    let mut i = start;
    while i < lines.len() {
        if nodes.len() >= MAX_NODES {
            // The rest stays unclaimed: the ledger lists it as unassigned.
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::TooManyRecords,
                format!(
                    "more than {MAX_NODES} outline nodes: the text from here on is listed as \
                     unassigned, not parsed"
                ),
                span(i, lines.len().saturating_sub(1)),
            ));
            break;
        }
        let line = &lines[i];
        if line.trim().is_empty() {
            if i == 0 || !lines[i - 1].trim().is_empty() {
                segment_before_blanks = segment_start;
            }
            if separators[i] && !after_furniture {
                segment_start = true;
            }
            in_footnote = false;
            i += 1;
            continue;
        }
        // A footnote wrapped mid-sentence onto an unmarked line: its last
        // line ran to the wrap width and stops on kana or a comma, or the
        // line starts with kana (not a figure's title after a note that
        // ends on a noun).
        if in_footnote
            && let Some(note) = footnotes.last_mut()
            && !ends_sentence(&note.2)
            && lines[note.4].trim().chars().count() * 4 >= wrap * 3
            && (note.2.ends_with(|c: char| is_hiragana(c) || c == '、')
                || line.trim_start().starts_with(is_hiragana))
            && marker_of(line).is_none()
            && !line.trim_start().starts_with(['※', '('])
        {
            let text = line.trim();
            ledger.claim([i], text);
            note.2 = join_wrapped(&[note.2.as_str(), text]);
            note.4 = i;
            i += 1;
            continue;
        }
        in_footnote = false;
        // A list item (`・`, `-`) that is a sentence holds no paragraph or
        // table after a blank line, nor does any a `※` note: they are the
        // list's parent's (rev80: a `※` note, a paragraph and a directory
        // table nested under the last item, which became a heading). An
        // item that names what follows it (`・GSM(全球)客観解析データ` over
        // its table), or announces it (`…次の式で復元できる。` over the
        // formula), keeps it.
        let close_list = |open: &mut Vec<Open>, nodes: &[Builder]| {
            if !segment_start {
                return;
            }
            let note = line.trim_start().starts_with('※');
            while let Some(item) = open.last().filter(|o| o.style.is_list_item())
                && (note
                    || nodes[item.node]
                        .texts
                        .last()
                        .is_some_and(|t| is_sentence(t) && !announces(t)))
            {
                open.pop();
            }
        };
        // `以上` closes a notice: it and the few lines after it (the
        // contact) are no section's (rev80 o03: both under the last item
        // `(1)`). (Not one with more after it, or a section after it: a
        // notice quoted in a plan's last section.)
        let closes_all = || {
            let after: Vec<&Line<'_>> = lines[i + 1..]
                .iter()
                .filter(|l| !l.trim().is_empty())
                .take(AFTER_CLOSING_MARK + 1)
                .collect();
            after.len() <= AFTER_CLOSING_MARK && after.iter().all(|l| marker_of(l).is_none())
        };
        if is_closing_mark(line.trim()) && closes_all() {
            open.clear();
            figure = None;
        }
        if let Some((rows, end, wraps)) = table_at(lines, grid, i) {
            close_list(&mut open, &nodes);
            for &line in &wraps {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousLine,
                    format!(
                        "line {}, its first cell blank, is read as the wrap of the table row \
                         above it (each of its cells runs past its column joined to the cell \
                         above); a row of its own under a merged cell is printed so too",
                        line + 1
                    ),
                    span(line, line),
                ));
            }
            let claimed: String = rows.iter().flatten().map(String::as_str).collect();
            ledger.claim(i..=end, &claimed);
            let parent = open.last().map(|o| o.node).or(figure);
            let node = add(
                &mut nodes,
                &mut roots,
                parent,
                Builder::new(NodeKind::Table, None, (i..=end).collect(), vec![]),
            );
            nodes[node].cells = Some(rows);
            last = None;
            segment_start = true;
            i = end + 1;
            continue;
        }
        let trimmed = line.trim();
        // (Set again below where this line is furniture too.)
        after_furniture = false;
        // A page number where a page broke, and the title printed again
        // beside it, are the page's: the text on either side of them runs
        // on as if they were not there.
        let page_number = |j: usize| lines.get(j).is_some_and(|l| is_marked_page_number(l));
        if page_number(i)
            || title.as_deref() == Some(trimmed)
                && (i.checked_sub(1).is_some_and(page_number) || page_number(i + 1))
        {
            ledger.set_aside(i, &mut page_furniture);
            // The blank lines around it are the page break's too: a
            // paragraph the page cut runs on (helper-123: `…令和6年度の` /
            // `- 1 -` / `計画を策定します。` had been two paragraphs, ok).
            if i > 0 && lines[i - 1].trim().is_empty() {
                segment_start = segment_before_blanks;
            }
            after_furniture = true;
            i += 1;
            continue;
        }
        if let Some(c) = trimmed
            .starts_with(['(', '※'])
            .then(|| FOOTNOTE.captures(trimmed))
            .flatten()
        {
            // (The second form's groups follow the first's.)
            let part = |k: usize| c.get(k).or_else(|| c.get(k + 3)).map_or("", |m| m.as_str());
            let (mark, joiner, text) = (part(1), part(2).trim(), part(3).trim());
            ledger.claim([i], &[mark, joiner, text].concat());
            footnotes.push((mark.to_owned(), joiner.to_owned(), text.to_owned(), i, i));
            in_footnote = true;
            last = None;
            i += 1;
            continue;
        }
        if segment_start
            && figure.is_none()
            && trimmed.ends_with(['図', 'ジ'])
            && FIGURE.is_match(trimmed)
            && !trimmed.contains(['。', '、'])
        {
            // The diagram at the end of a plan: its text is kept apart,
            // nested under the figure's title.
            let node = add(
                &mut nodes,
                &mut roots,
                None,
                Builder::new(NodeKind::Figure, None, vec![i], vec![trimmed.to_owned()]),
            );
            ledger.claim([i], trimmed);
            figure = Some(node);
            // Text boxes in a diagram are narrower than the body text.
            wrap = wrap_width(&lines[i + 1..]);
            open.clear();
            last = Some(node);
            segment_start = false;
            i += 1;
            continue;
        }
        // The line before, when this one may continue it.
        let prev = last
            .and_then(|n| nodes[n].texts.last())
            .filter(|_| !segment_start);
        let prev_long = prev.is_some_and(|t| t.chars().count() * 4 >= wrap * 3);
        let open_end = prev.is_some_and(|t| {
            let t = t.trim_end();
            // 〜など (…and so on) closes a list item although it ends in kana.
            !ends_sentence(t)
                && !t.ends_with("など")
                && t.chars()
                    .next_back()
                    .is_some_and(|c| is_hiragana(c) || matches!(c, '、' | ',' | '「' | '('))
        });
        // A paragraph wrapped right before a `・` inside a word
        // (`…区役所` over `・区民センター・図書館の…`): the paragraph ran to
        // the wrap width mid-sentence, the line is not indented as a list's
        // items are, runs to the wrap width itself and has no `・` line
        // after it (a list has).
        let next_bullet = lines
            .get(i + 1)
            .is_some_and(|l| l.trim_start().starts_with('・'));
        let wrapped_before_bullet = trimmed.starts_with('・')
            && !line.starts_with(char::is_whitespace)
            && !next_bullet
            && trimmed.chars().count() * 4 >= wrap * 3
            && prev_long
            && last.is_some_and(|n| nodes[n].kind == NodeKind::Paragraph)
            && prev.is_some_and(|t| !ends_sentence(t) && !t.trim_end().ends_with([':', '：']));
        // In a plan outline, the plan's title printed again (at a page's
        // top) is page furniture, not a heading under the section before
        // it (rev80 p04); and the title for a later fiscal year
        // (`令和6年度…の概要` under `令和5年度…の概要`) a second plan in
        // the file, whose sections are its own, not the first plan's last
        // item's (rev76 po01: the second plan nested under `(2)`): a
        // heading at the top, whose first numbered section is its first.
        // (Not for an earlier year, or the same one written otherwise, or a
        // year inside a range the title spans: a section looking back, or
        // one year of the plan's; nor where the numbering goes on after
        // it, as minutes name next year's meeting before `3 閉会`.)
        if plans == Plans::Read
            && current_title
                .as_deref()
                .is_some_and(|t| same_but_spacing(t, trimmed))
        {
            ledger.set_aside(i, &mut page_furniture);
            // The blank lines around it are the page break's too: a
            // paragraph the page cut runs on (helper-123: `…令和6年度の` /
            // `- 1 -` / `計画を策定します。` had been two paragraphs, ok).
            if i > 0 && lines[i - 1].trim().is_empty() {
                segment_start = segment_before_blanks;
            }
            after_furniture = true;
            i += 1;
            continue;
        }
        let opens_numbering = || {
            lines[i + 1..]
                .iter()
                .filter(|l| !l.trim().is_empty())
                .take(PLAN_HEAD_LINES)
                .find_map(|l| marker_of(l).and_then(|m| m.number))
                == Some(1)
        };
        // (Or the title of another ward's plan, for its year or a later
        // one: rev84 po05 nested a second ward's plan under the first
        // plan's `(2)`.)
        let retitled = plans == Plans::Read
            && current_title.as_deref().is_some_and(|t| {
                retitles(t, trimmed)
                    && latest_fiscal_year(trimmed)
                        .zip(latest_fiscal_year(t))
                        .is_some_and(|(line, plan)| line > plan)
                    || names_another_ward(t, trimmed)
            })
            && opens_numbering();
        if retitled {
            current_title = Some(trimmed.to_owned());
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::SecondSheet,
                format!(
                    "line {} is the title again for another fiscal year or ward ({trimmed}): a \
                     second plan, read as a heading with its sections under it; the document's \
                     title, ward and fiscal year are the first plan's",
                    i + 1
                ),
                span(i, i),
            ));
            open.clear();
            figure = None;
        }
        let marked = (!wrapped_before_bullet && !retitled)
            .then(|| marker_of(line))
            .flatten()
            .filter(|m| !m.style.is_katakana() || opens_or_goes_on(m, &open))
            .map(|mut m| {
                if wide_levels && m.style == Style::Number && line.opens_with_wide_digit() {
                    m.style = Style::WideNumber;
                }
                m
            });
        let count_wrap = marked.as_ref().is_some_and(|m| {
            wraps_at_a_count(m, gap_after_number(line), &open, prev.map(String::as_str))
        });
        // The next non-blank line's marker style, asked once.
        let next_marker = OnceCell::new();
        let next_style = || {
            *next_marker.get_or_init(|| {
                lines[i + 1..]
                    .iter()
                    .find(|l| !l.trim().is_empty())
                    .and_then(|l| marker_of(l))
                    .map(|m| m.style)
            })
        };
        // A marker printed alone on its line (plain `pdftotext` puts one
        // there where a `　` followed it: `②` / `区民の声を…`, `(1)` /
        // `サービス推進部会による取組`): the next text is the marker's, not a
        // paragraph or an unmarked heading under an empty item (helper-123).
        let marker_alone = last.is_some_and(|n| {
            nodes[n].marker.is_some()
                && nodes[n].texts.iter().all(|t| t.trim().is_empty())
                && open.last().is_some_and(|o| o.node == n)
        });
        let marker = marked.filter(|_| !count_wrap).or_else(|| {
            // (Not a line the next goes on with at a count: `…対象に年`
            // over `2 回実施…` is no heading over a section 2.)
            let counted_on = || {
                lines.get(i + 1).is_some_and(|next| {
                    marker_of(next).is_some_and(|m| {
                        wraps_at_a_count(&m, gap_after_number(next), &open, Some(trimmed))
                    })
                })
            };
            let next_is_marker = next_style().is_some() && !counted_on();
            let gap_after = separators.get(i + 1).copied().unwrap_or(true);
            let short = trimmed.chars().count() <= 30 && !trimmed.contains(['。', '、', ',']);
            let starts_with_kana = trimmed.chars().next().is_some_and(is_hiragana);
            // A line shaped as an unmarked heading still open, its figures
            // aside (`2階` under `1階`'s items), over marked lines: the
            // next such heading, not a paragraph of the item above it
            // (rev84 o05).
            let parallel = || {
                open.iter().any(|o| {
                    o.style == Style::Plain
                        && nodes[o.node]
                            .texts
                            .first()
                            .is_some_and(|t| same_but_figures(t, trimmed))
                })
            };
            let heading = retitled
                || !marker_alone
                    && short
                    && !trimmed.starts_with('※')
                    && !starts_with_kana
                    && !prev_long
                    && !open_end
                    && ((segment_start && (next_is_marker || gap_after))
                        || (next_is_marker && (figure.is_some() || parallel())));
            heading.then(|| Marker {
                style: Style::Plain,
                text: String::new(),
                number: None,
                rest: trimmed.to_owned(),
            })
        });
        if let Some(m) = marker {
            // (A heading closes such a list unless the list goes on below
            // it: `北区役所の業務一覧` over a table is the list's parent's,
            // `窓口の混雑状況` between items stays among them.)
            if m.style == Style::Plain && !next_style().is_some_and(Style::is_list_item) {
                close_list(&mut open, &nodes);
            }
            let parent = place(&mut open, m.style, m.number).or(figure);
            let marker_text = (!m.text.is_empty()).then(|| m.text.clone());
            let node = add(
                &mut nodes,
                &mut roots,
                parent,
                Builder::new(NodeKind::Item, marker_text, vec![i], vec![m.rest.clone()]),
            );
            ledger.claim([i], &[m.text.as_str(), m.rest.as_str()].concat());
            open.push(Open {
                style: m.style,
                number: m.number,
                node,
                gap: gap_after_number(line),
            });
            // (A second plan's title takes no line after it as its wrap.)
            last = (!retitled).then_some(node);
        } else {
            let indented = line.starts_with(char::is_whitespace);
            // A wrap, not a new paragraph: the line before stops mid-sentence
            // and either ran to the wrap width, or stops on kana or a comma, or
            // this line starts with kana (a particle cannot start a
            // paragraph).
            // (Not a word that opens sentences: `この計画は…` under `1 趣旨`
            // is the section's body — helper-123, a plain `pdftotext`
            // dump that dropped the indent.)
            let kana_start = trimmed.chars().next().is_some_and(is_hiragana)
                && !SENTENCE_OPENERS.iter().any(|w| trimmed.starts_with(w));
            // Comma-separated values run to the same width line after line,
            // which reads as wrapping; joined, one row's last figure runs
            // into the next row's first (`…,12` + `4,2,…` → `…,124,2,…`).
            let csv_rows =
                csv_cells(trimmed).is_some() && prev.is_some_and(|prev| csv_cells(prev).is_some());
            // A line indented with one `　`, right under a short numbered
            // heading's own line, opens its body, as Japanese indents a
            // paragraph (rev80 p12: `１　計画の位置付け` took `　本計画は…`
            // as its wrap). A heading's wrap hangs under its text, indented
            // as wide as the marker (`　　取組の方向性`), and a block
            // indented line by line runs on: both stay wraps.
            let paragraph_indent = line.starts_with('\u{3000}')
                && !line[3..].starts_with(char::is_whitespace)
                && !prev_long
                && last.is_some_and(|n| {
                    nodes[n].lines == [i - 1]
                        && open
                            .last()
                            .is_some_and(|o| o.node == n && o.style.counts_sections())
                });
            // A numbered heading's short line, ending on no particle, over
            // a line indented deeper than it that ends a sentence or runs
            // to the wrap width: the heading's body, though the heading
            // ends on kana (`計画の位置付け`) or the body opens with it
            // (`ご遺族の…`) (rev84 po06, po07, po11). A heading's wrap
            // hanging under its text ends no sentence (`取組の方向性`); a
            // `・` item's wrap may (`・窓口の案内を分かりやすく` / `します。`).
            let depth = |l: &str| l.chars().take_while(|c| c.is_whitespace()).count();
            let heading_body = indented
                && !prev_long
                && (ends_sentence(trimmed) || trimmed.chars().count() * 4 >= wrap * 3)
                && last.is_some_and(|n| {
                    nodes[n].lines == [i - 1]
                        && nodes[n].marker.is_some()
                        && open
                            .last()
                            .is_some_and(|o| o.node == n && !o.style.is_list_item())
                        && depth(&lines[i - 1]) < depth(line)
                })
                && prev.is_some_and(|p| {
                    p.chars().count() <= MAX_SHORT_HEADING
                        && !p.ends_with(PARTICLES)
                        && !p.ends_with(['、', ','])
                        && !HEADING_RUNS_ON_WORDS.iter().any(|w| p.ends_with(w))
                });
            // The same after a blank line that only double-spaces the dump:
            // a line set in with one `　` under a marked line of its own
            // opens a paragraph, however the line above ends (helper-123:
            // `(2)　子育て` / `　サロンを支援します。` had been one item,
            // `子育てサロンを…`).
            let spaced_paragraph = line.starts_with('\u{3000}')
                && !line[3..].starts_with(char::is_whitespace)
                && !kana_start
                && lines[i - 1].trim().is_empty()
                && last.is_some_and(|n| {
                    nodes[n].marker.is_some()
                        && nodes[n].lines.len() == 1
                        && (0..i).rev().find(|&j| !lines[j].trim().is_empty())
                            == Some(nodes[n].lines[0])
                });
            // Labels with their values, a line each (`調査期間　令和5年…` /
            // `回答数　　482件`), are no wrapped sentence, however long the
            // first runs.
            // A label printed vertically, a character a line (`推` / `進` /
            // `体` / `制`), is one word (helper-123's po13: four paragraphs
            // of a character each).
            let vertical = is_vertical_char(trimmed)
                && last.is_some_and(|n| {
                    nodes[n].kind == NodeKind::Paragraph
                        && nodes[n].lines.last() == Some(&(i - 1))
                        && nodes[n].not_vertical == 0
                });
            let continues = marker_alone
                || vertical
                || !csv_rows
                    && !paragraph_indent
                    && !spaced_paragraph
                    && !heading_body
                    && prev.is_some_and(|prev| {
                        !ends_sentence(prev)
                            && (prev_long || open_end || kana_start || count_wrap)
                            && !(indented && !prev_long && !kana_start && !open_end)
                            && !(is_label_value(prev)
                                && is_label_value(trimmed)
                                && !prev.ends_with(['、', ','])
                                && prev.matches('(').count() <= prev.matches(')').count())
                    });
            match last {
                Some(n) if continues => {
                    nodes[n].lines.push(i);
                    nodes[n].add_text(trimmed, wrapped_before_bullet);
                    ledger.claim([i], trimmed);
                }
                _ => {
                    close_list(&mut open, &nodes);
                    // A `※` note after a blank line, less indented than the
                    // items open above it, is not theirs (rev84 o05: the
                    // guide's note at the margin went under its last `イ`,
                    // indented three deep).
                    if segment_start && trimmed.starts_with('※') {
                        while open
                            .last()
                            .is_some_and(|o| depth(&lines[nodes[o.node].lines[0]]) > depth(line))
                        {
                            open.pop();
                        }
                    }
                    let parent = open.last().map(|o| o.node).or(figure);
                    let node = add(
                        &mut nodes,
                        &mut roots,
                        parent,
                        Builder::new(NodeKind::Paragraph, None, vec![i], vec![trimmed.to_owned()]),
                    );
                    ledger.claim([i], trimmed);
                    last = Some(node);
                }
            }
        }
        segment_start = false;
        i += 1;
    }

    let built = finish(&nodes, &roots);
    doubtful_texts(&built, lines, diagnostics);
    let mut out_footnotes = Vec::new();
    let mut refs_by_marker: HashMap<String, Vec<String>> = footnotes
        .iter()
        .map(|(marker, ..)| (marker.clone(), Vec::new()))
        .collect();
    collect_refs(&built, &mut refs_by_marker);
    for (marker, joiner, text, line, last_line) in footnotes {
        let refs = refs_by_marker.get(&marker).cloned().unwrap_or_default();
        if refs.is_empty() {
            diagnostics.push(Diagnostic::at_lines(
                Level::Info,
                DiagnosticCode::FootnoteUnused,
                format!("no text carries the footnote mark {marker}"),
                span(line, line),
            ));
        }
        out_footnotes.push(Footnote {
            marker,
            joiner,
            text,
            refs,
            lines: span(line, last_line),
        });
    }
    if built.is_empty() && title.is_none() {
        diagnostics.push(Diagnostic {
            level: Level::Warning,
            code: DiagnosticCode::NoText,
            message: "the document holds no text".into(),
            lines: None,
            offset: None,
        });
    }
    let metadata_text = lines
        .iter()
        .take(12)
        .map(|l| l.as_ref())
        .collect::<Vec<&str>>()
        .join("\n");
    Sheet {
        title,
        metadata_text,
        content: Content::Outline {
            nodes: built,
            footnotes: out_footnotes,
            page_furniture,
        },
    }
}

impl Builder {
    fn new(kind: NodeKind, marker: Option<String>, lines: Vec<usize>, texts: Vec<String>) -> Self {
        Builder {
            parent: None,
            kind,
            marker,
            lines,
            not_vertical: texts.iter().filter(|t| !is_vertical_char(t)).count(),
            texts,
            cells: None,
            children: Vec::new(),
        }
    }

    /// A line's text added: as a text of its own, or run on to the last
    /// (`run_on`: kept apart, a `・` starting it would open a line).
    fn add_text(&mut self, text: &str, run_on: bool) {
        match self.texts.last_mut() {
            Some(last) if run_on => {
                self.not_vertical -= usize::from(!is_vertical_char(last));
                last.push_str(text);
                self.not_vertical += usize::from(!is_vertical_char(last));
            }
            _ => {
                self.not_vertical += usize::from(!is_vertical_char(text));
                self.texts.push(text.to_owned());
            }
        }
    }
}

fn add(
    nodes: &mut Vec<Builder>,
    roots: &mut Vec<usize>,
    parent: Option<usize>,
    mut node: Builder,
) -> usize {
    let id = nodes.len();
    node.parent = parent;
    match parent {
        Some(p) => nodes[p].children.push(id),
        None => roots.push(id),
    }
    nodes.push(node);
    id
}

/// Decides where a marker of `style` goes and trims the open levels; returns
/// the parent node. A marker that would open a level below [`MAX_DEPTH`]
/// closes the deepest level instead and becomes its sibling: real outlines
/// are a few levels deep, and an input of nothing but restarting numbers
/// (`1`, `1`, `1` …) must not nest once per line.
fn place(open: &mut Vec<Open>, style: Style, number: Option<u32>) -> Option<usize> {
    if let Some(k) = open.iter().rposition(|o| o.style == style) {
        let restarts = matches!((number, open[k].number), (Some(1), Some(last)) if last >= 1);
        if !restarts {
            open.truncate(k);
            return open.last().map(|o| o.node);
        }
    }
    open.truncate(MAX_DEPTH - 1);
    open.last().map(|o| o.node)
}

/// Whether numbers in full-width digits and numbers in half-width ones
/// are two levels of the outline (`１　計画の目的` … `２　取組の内容` over
/// `1 窓口サービス`, `2 電話対応`, then `３　推進体制`): both widths number
/// lines, and each width, in the document's order, counts on by one or
/// starts again at 1 (page numbers aside, `2 / 3`). Folded to one width,
/// `３` went on the items' count (rev78 po29: section 3 nested under
/// section 2 as its item 3, and 4 under it). A document that switches width within one level (`１ 目的`, `2 内容`,
/// `３ 体制`) breaks a count, and keeps one level of numbers.
fn widths_mark_levels(lines: &[Line<'_>]) -> bool {
    if !lines.iter().any(Line::opens_with_wide_digit) {
        return false;
    }
    // The last number of each width: half-width, full-width.
    let mut last: [Option<u32>; 2] = [None, None];
    for line in lines.iter().filter(|l| !l.is_page_number()) {
        // (A number marker's number, read without building the marker.)
        let t = line.trim();
        let Some(n) = t
            .starts_with(char::is_numeric)
            .then(|| number_marker(t))
            .flatten()
            .and_then(|(n, _, _)| n.parse::<u32>().ok())
        else {
            continue;
        };
        let width = usize::from(line.opens_with_wide_digit());
        if n != 1 && last[width].is_none_or(|before| n != before + 1) {
            return false;
        }
        last[width] = Some(n);
    }
    last.iter().all(Option::is_some)
}

/// Blank lines that separate paragraphs. Dumps of laid-out PDFs put a blank
/// line after every text line; there only a run of two or more blanks
/// separates, since a single one is just the double spacing.
fn separators(lines: &[Line<'_>]) -> Vec<bool> {
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let isolated = non_blank
        .iter()
        .filter(|&&i| {
            lines.get(i + 1).is_some_and(|l| l.trim().is_empty())
                && i > 0
                && lines[i - 1].trim().is_empty()
        })
        .count();
    let double_spaced = non_blank.len() >= 6 && isolated * 10 >= non_blank.len() * 6;
    let mut out = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            let mut end = i;
            while end + 1 < lines.len() && lines[end + 1].trim().is_empty() {
                end += 1;
            }
            let run = end - i + 1;
            let separates = !double_spaced || run >= 2;
            for slot in &mut out[i..=end] {
                *slot = separates;
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn finish(nodes: &[Builder], roots: &[usize]) -> Vec<OutlineNode> {
    fn build(
        nodes: &[Builder],
        index: usize,
        prefix: &str,
        siblings: &mut HashMap<String, usize>,
    ) -> OutlineNode {
        let b = &nodes[index];
        let label = match (&b.marker, b.kind) {
            // An id names the number, not its punctuation: `1`, not `1.`.
            (Some(m), _) => m.trim_end_matches(['.', '．', '、']).to_owned(),
            (None, NodeKind::Paragraph) => "p".into(),
            (None, NodeKind::Table) => "table".into(),
            (None, NodeKind::Figure) => "figure".into(),
            (None, _) => "h".into(),
        };
        let mut id = if prefix.is_empty() {
            label.clone()
        } else {
            [prefix, "/", label.as_str()].concat()
        };
        let taken = siblings.entry(id.clone()).or_insert(0);
        *taken += 1;
        if *taken > 1 {
            id = format!("{id}#{taken}");
        }
        let mut child_ids = HashMap::new();
        let children: Vec<OutlineNode> = b
            .children
            .iter()
            .map(|&c| build(nodes, c, &id, &mut child_ids))
            .collect();
        let kind = match b.kind {
            NodeKind::Item if !children.is_empty() => NodeKind::Heading,
            k => k,
        };
        let first = b.lines.first().copied().unwrap_or(0);
        let last = b.lines.last().copied().unwrap_or(first);
        OutlineNode {
            id,
            kind,
            marker: b.marker.clone(),
            text: join_wrapped(&b.texts),
            cells: b.cells.clone(),
            lines: span(first, last),
            children,
        }
    }
    let mut ids = HashMap::new();
    roots
        .iter()
        .map(|&r| build(nodes, r, "", &mut ids))
        .collect()
}

/// Says where a node's text is of a shape a misread dump leaves: a marker
/// with no text, sections' numbers alone; or a gap of
/// [`COLUMN_GAP_SPACES`] spaces or more between words: a table laid out
/// with spaces (`pdftotext -layout`) whose columns were read as one text, a row's cells run together or a
/// cell under the wrong column (helper-123: `指標      令和元年度   令和2年度`
/// a paragraph, the figures under it shifted left over blank cells, `ok`).
/// Which column each word stood in, the text no longer says.
fn doubtful_texts(nodes: &[OutlineNode], lines: &[Line<'_>], diagnostics: &mut Vec<Diagnostic>) {
    let gap = " ".repeat(COLUMN_GAP_SPACES);
    let gap = memchr::memmem::Finder::new(&gap);
    let mut stack: Vec<&OutlineNode> = nodes.iter().rev().collect();
    let mut said = 0;
    // Figures alone on their lines with a blank line after them, kept as
    // texts, each with the text of the node after it.
    let mut alone: Vec<(u32, LineSpan, Option<&str>)> = Vec::new();
    while let Some(node) = stack.pop() {
        if let Some(figure) = alone.last_mut().filter(|f| f.2.is_none()) {
            figure.2 = Some(node.text.as_str());
        }
        let text = node.text.trim();
        // A shape no outline prints, which a dump that set a marker apart
        // from its text leaves (plain `pdftotext`, helper-123's po20): a
        // marker with no text under it, or a section's number alone as a
        // paragraph (`２` / `サービス向上方針`).
        if node.kind != NodeKind::Table {
            if let Some(marker) = node.marker.as_deref().filter(|_| text.is_empty())
                && node.children.is_empty()
            {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousLine,
                    format!("the marker {marker} has no text: its text may be read apart from it"),
                    node.lines,
                ));
            } else if node.marker.is_none()
                && (1..=2).contains(&text.len())
                && let Ok(number) = text.parse::<u32>()
                && lines
                    .get(node.lines.end)
                    .is_some_and(|l| l.trim().is_empty())
            {
                alone.push((number, node.lines, None));
            }
        }
        if gap.find(text.as_bytes()).is_some() {
            said += 1;
            if said <= MAX_GAP_DIAGNOSTICS {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousLine,
                    "this text keeps wide gaps between its words, as a table laid out with spaces \
                     does: its columns may have been read as one text, or a cell under another \
                     column"
                        .to_owned(),
                    node.lines,
                ));
            }
        }
        stack.extend(node.children.iter().rev());
    }
    // Such figures counting on from one another, each over a text of its
    // own, are sections' numbers printed apart from their headings (or
    // pages' numbers): one alone is a page's number or a form's answer, one
    // at the end or over the page's running head again a page's number,
    // and a record's number over its next cell has no blank line after it.
    for &(number, lines, next) in &alone {
        let heads = |other: u32, after: Option<&str>| {
            other.abs_diff(number) == 1 && next.is_some() && after.is_some() && after != next
        };
        if alone.iter().any(|&(other, _, after)| heads(other, after)) {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::AmbiguousLine,
                format!(
                    "the number {number} stands alone, kept as a text, as do others counting on \
                     from it: sections' numbers printed apart from their headings, or pages' \
                     numbers"
                ),
                lines,
            ));
        }
    }
    if said > MAX_GAP_DIAGNOSTICS {
        diagnostics.push(Diagnostic::at_lines(
            Level::Warning,
            DiagnosticCode::AmbiguousLine,
            format!(
                "{} more texts keep wide gaps between their words",
                said - MAX_GAP_DIAGNOSTICS
            ),
            nodes.last().map_or(span(0, 0), |n| n.lines),
        ));
    }
}

/// The spaces in a row that part a laid-out table's columns, not words.
const COLUMN_GAP_SPACES: usize = 3;

/// How many texts with column gaps are said one by one.
const MAX_GAP_DIAGNOSTICS: usize = 10;

/// Adds each node's id, in document order, to the refs of every footnote
/// mark its text contains. One pass over the text: the marks a text can
/// contain are read off each `※` in it (`※`, `※1`, `(※1)`), then looked up.
fn collect_refs(nodes: &[OutlineNode], refs: &mut HashMap<String, Vec<String>>) {
    if refs.is_empty() {
        return;
    }
    for node in nodes {
        let mut found: Vec<String> = Vec::new();
        // A table's marks are in its cells.
        let cells = node.cells.iter().flatten().flatten().map(String::as_str);
        for text in std::iter::once(node.text.as_str()).chain(cells) {
            marks_in(text, refs, &mut found);
        }
        found.sort_unstable();
        found.dedup();
        for mark in found {
            if let Some(ids) = refs.get_mut(&mark) {
                ids.push(node.id.clone());
            }
        }
        collect_refs(&node.children, refs);
    }
}

/// The footnote marks of `refs` that `text` carries, into `found`. A mark
/// followed by digits is the longest one a footnote defines: `※10` carries
/// `※10` where a footnote ※10 is defined (not `※1` too), and `※1` where
/// only ※1 is (`※12月`: the mark, then the text).
fn marks_in(text: &str, refs: &HashMap<String, Vec<String>>, found: &mut Vec<String>) {
    for (at, _) in text.match_indices('※') {
        let after = &text[at + '※'.len_utf8()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if let Some(mark) = (0..=digits.min(MAX_MARK_DIGITS))
            .rev()
            .map(|k| format!("※{}", &after[..k]))
            .find(|mark| refs.contains_key(mark))
        {
            found.push(mark);
        }
        if text[..at].ends_with('(') && after[digits..].starts_with(')') {
            found.push(format!("(※{})", &after[..digits]));
        }
    }
}

/// The non-blank characters an outline holds, for tests.
#[cfg(test)]
fn chars(nodes: &[OutlineNode]) -> usize {
    nodes
        .iter()
        .map(|n| plansheet_text::count_non_blank(&n.text) + chars(&n.children))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Content;

    /// The first-character check before [`SECTION`] lets through every
    /// decimal digit of Unicode, the pattern's `[0-9０-９]` among them.
    #[test]
    fn every_decimal_digit_may_be_a_digit() {
        let digit = Regex::new(r"^\d$").unwrap();
        let mut digits = 0;
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if digit.is_match(c.encode_utf8(&mut [0; 4])) {
                assert!(may_be_digit(c), "{c:?} U+{:04X}", u32::from(c));
                digits += 1;
            }
        }
        // Unicode's Nd has some 700 characters; the check is not vacuous.
        assert!(digits > 600, "{digits}");
    }

    /// The number marker read by hand agrees with the pattern it stands
    /// for, on lines made of digits (ASCII and others), spaces, the three
    /// punctuation marks and text.
    #[test]
    fn number_markers_read_by_hand_agree_with_the_pattern() {
        let pieces = [
            "1", "2", "0", "12", "٣", "１", " ", "　", "\t", ".", "．", "、", ",", "目的", "a",
            "(", "\u{2003}", "\r",
        ];
        fn by_pattern(t: &str) -> Option<(&str, &str, &str)> {
            let c = NUMBER.captures(t)?;
            let punctuation = c.get(2).map_or("", |p| p.as_str());
            Some((c.get(1)?.as_str(), punctuation, c.get(3)?.as_str()))
        }
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in ["", "目的", " 目的", "1"] {
                        let t = format!("{a}{b}{c}{d}");
                        assert_eq!(number_marker(&t), by_pattern(&t), "{t:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, pieces.len().pow(3) * 4);
        assert_eq!(number_marker("1. 目的"), Some(("1", ".", "目的")));
        assert_eq!(
            number_marker("12　計画の概要"),
            Some(("12", "", "計画の概要"))
        );
        assert_eq!(number_marker("123 目的"), None);
    }

    /// Each node of `text`'s outline as its depth, marker and text, in
    /// document order.
    fn flat(text: &str) -> Vec<(usize, Option<String>, String)> {
        fn walk(
            nodes: &[OutlineNode],
            depth: usize,
            out: &mut Vec<(usize, Option<String>, String)>,
        ) {
            for n in nodes {
                out.push((depth, n.marker.clone(), n.text.clone()));
                walk(&n.children, depth + 1, out);
            }
        }
        let p = crate::parse(text);
        let Content::Outline { nodes, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let mut out = Vec::new();
        walk(nodes, 0, &mut out);
        out
    }

    /// A table the first text of its document (a PDF page that opens with
    /// it, a tab-separated dump) keeps its header row: the row is not the
    /// document's title (helper-128: `Branch 2022 2023` had been the title,
    /// the table without it, `ok`). A title set in a table's merged top
    /// row, one cell with text, stays the title.
    #[test]
    fn a_tables_header_row_is_not_the_title() {
        let p = crate::parse("Branch\t2022\t2023\nCentral\t210\t221\nEast\t84\t86\n");
        assert_eq!(p.metadata.title, None);
        let Content::Outline { nodes, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let cells = nodes[0].cells.as_ref().unwrap();
        assert_eq!(cells[0], ["Branch", "2022", "2023"]);
        assert_eq!(cells.len(), 3);
        let p = crate::parse("Visits by branch\t\t\nCentral\t210\t221\nEast\t84\t86\n");
        assert_eq!(p.metadata.title.as_deref(), Some("Visits by branch"));
        // Nor a title with its unit beside it.
        for title in ["Visits by branch\t(Unit: persons)", "来庁者数\t単位:人"] {
            let p = crate::parse(&format!("{title}\nBranch\t2023\nCentral\t210\n"));
            assert_eq!(p.metadata.title.as_deref(), Some(title), "{title}");
        }
        // But a header naming a unit column is a header.
        let p = crate::parse("Unit\tGoal\nPlanning\tRevise the guide\nWelfare\tStaff the desk\n");
        assert_eq!(p.metadata.title, None);
    }

    /// helper-123: a marked line's text and a line set in with `　` below
    /// it, a blank line between in a double-spaced dump, had been one item
    /// where the text ended on kana or the document's lines were short
    /// (`子育てサロンを支援します。`, `窓口サービスの向上接遇研修を…`); and a
    /// section's body opening with a word no wrap opens with (`この計画は
    /// …` under `1 趣旨`, a plain `pdftotext` dump) had been the heading's.
    #[test]
    fn a_heading_keeps_its_body_apart() {
        let text = "サービス向上計画\n\n1　取組内容\n\n(1)　窓口の改善\n\n　研修を実施します。\n\n\
                    (2)　子育て\n\n　サロンを支援します。\n\n2　推進体制\n\n　区長が務めます。\n";
        let nodes = flat(text);
        let texts: Vec<&str> = nodes.iter().map(|(_, _, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "取組内容",
                "窓口の改善",
                "研修を実施します。",
                "子育て",
                "サロンを支援します。",
                "推進体制",
                "区長が務めます。"
            ]
        );
        let text = "中原区役所サービス向上計画\n1 趣旨\n\
                    この計画は区役所サービスの向上に関する基本的な考え方を示すものであり、区民の\n\
                    声を反映して毎年度見直します。\n2 取組内容\n〇接遇研修を実施します。\n";
        let nodes = flat(text);
        assert_eq!(nodes[0], (0, Some("1".to_owned()), "趣旨".to_owned()));
        assert_eq!(nodes[1].0, 1);
        assert!(nodes[1].2.starts_with("この計画は"), "{nodes:?}");
        // A wrap that opens with kana still goes on with its line.
        let nodes = flat(
            "計画\n\n1 目的\n\n区役所の窓口サービスを向上させるため、職員の研修を計画的に実施\nし、その結果を公表します。\n",
        );
        assert!(
            nodes
                .iter()
                .any(|(_, _, t)| t.ends_with("実施し、その結果を公表します。")),
            "{nodes:?}"
        );
    }

    /// helper-123: a paragraph a page cut, blank lines around the page's
    /// number and the running head in a double-spaced dump, had been two
    /// paragraphs; the page's furniture and its blank lines part nothing.
    /// A section the next page opens stays a section of its own.
    #[test]
    fn a_paragraph_a_page_cut_runs_on() {
        let text = "中原区役所サービス向上計画\n\n1　趣旨\n\n\
                    \u{3000}中原区役所が取り組む令和6年度の\n\n- 1 -\n\u{C}中原区役所サービス向上計画\n\n\
                    計画を策定します。\n\n2　取組内容\n\n　研修を実施します。\n\n- 2 -\n\n\
                    3　推進体制\n\n　区長が務めます。\n";
        let texts: Vec<String> = flat(text).into_iter().map(|(_, _, t)| t).collect();
        assert_eq!(
            texts,
            [
                "趣旨",
                "中原区役所が取り組む令和6年度の計画を策定します。",
                "取組内容",
                "研修を実施します。",
                "推進体制",
                "区長が務めます。"
            ]
        );
    }

    /// helper-123: a marker alone on its line (`②` / blank / text, as plain
    /// `pdftotext` writes a marker a `　` followed) had been an empty item
    /// with its text a paragraph under it, ok: the text is the marker's.
    #[test]
    fn a_marker_alone_on_its_line_takes_the_text_below() {
        let nodes = flat(
            "サービス向上計画\n\n1 方針\n\n①\n\n区民の声を聴きます。\n\n②\n\n丁寧に対応します。\n",
        );
        assert_eq!(
            nodes,
            [
                (0, Some("1".to_owned()), "方針".to_owned()),
                (1, Some("①".to_owned()), "区民の声を聴きます。".to_owned()),
                (1, Some("②".to_owned()), "丁寧に対応します。".to_owned()),
            ]
        );
        // The text below shaped as a heading of its own (helper-123's po20:
        // `(1)` empty, `サービス推進部会による取組` a heading beside it).
        let nodes = flat(
            "計画\n\n3 取組内容\n\n(1)\n\nサービス推進部会による取組\n\n〇接遇研修を実施します。\n",
        );
        assert_eq!(
            nodes,
            [
                (0, Some("3".to_owned()), "取組内容".to_owned()),
                (
                    1,
                    Some("(1)".to_owned()),
                    "サービス推進部会による取組".to_owned()
                ),
                (
                    2,
                    Some("〇".to_owned()),
                    "接遇研修を実施します。".to_owned()
                ),
            ]
        );
    }

    /// helper-123's po20: plain `pdftotext` set a section's number apart
    /// from its heading, on a line of its own right under a paragraph (`２`
    /// / blank / `サービス向上方針`): the number was a paragraph, the heading
    /// unnumbered, `ok`. Which it was the text does not settle: figures
    /// alone counting on from one another are said.
    #[test]
    fn a_number_alone_or_a_marker_without_text_is_said() {
        let said = |text: &str| {
            crate::parse(text)
                .diagnostics
                .into_iter()
                .filter(|d| d.code == DiagnosticCode::AmbiguousLine && d.level == Level::Warning)
                .map(|d| d.message)
                .collect::<Vec<_>>()
        };
        let messages = said(
            "計画\n\n趣旨\n\n計画を策定します。\nなお、毎年度見直します。\n２\n\nサービス向上方針\n\n\
             ①区民の声を聴きます。\n３\n\n取組内容\n\n〇研修を実施します。\n",
        );
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("number 2 stands alone"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("number 3 stands alone"),
            "{messages:?}"
        );
        // One figure alone is a page's number or a form's answer.
        let messages = said("回答用紙\n\n施設名\n\n1\n\nよく分かった。\n");
        assert!(messages.is_empty(), "{messages:?}");
        // Pages' numbers, each over the running head again or at the end;
        // records' numbers right over their next cells.
        for text in [
            "会議録\n\n委員長 開会します。\n\n1\n\n会議録\n\n委員 賛成です。\n\n2\n\n会議録\n\n\
             委員長 閉会します。\n\n3\n",
            "研修結果\n\n総務課\n1\n接遇研修\n\n区民課\n2\n個人情報保護研修\n",
        ] {
            let messages = said(text);
            assert!(messages.is_empty(), "{text}: {messages:?}");
        }
        // A marker whose text never came.
        let messages = said("計画\n\n1 趣旨\n\n計画を策定します。\n\n(1)\n");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("marker"), "{messages:?}");
        // Numbered sections with their headings, a figure in a sentence:
        // nothing to say.
        let messages =
            said("計画\n\n1 趣旨\n\n計画を策定します。\n\n2 方針\n\n年に\n2\n回実施します。\n");
        assert!(messages.is_empty(), "{messages:?}");
    }

    /// helper-123's po13: a label printed vertically, a character a line,
    /// had been four paragraphs of a character each.
    #[test]
    fn a_label_printed_a_character_a_line_is_one_word() {
        let nodes = flat(
            "計画\n\n1 取組内容\n\n次の体制で取り組みます。\n\n推\n進\n体\n制\n\n・推進本部\n・推進部会\n",
        );
        assert_eq!(
            nodes,
            [
                (0, Some("1".to_owned()), "取組内容".to_owned()),
                (1, None, "次の体制で取り組みます。".to_owned()),
                (1, None, "推進体制".to_owned()),
                (1, Some("・".to_owned()), "推進本部".to_owned()),
                (1, Some("・".to_owned()), "推進部会".to_owned()),
            ]
        );
    }

    /// helper-123's my17: a `-layout` table cell wrapped onto a second
    /// line, under a blank first cell, had been a row of its own, `ok`.
    #[test]
    fn a_table_cell_wrapped_onto_a_line_of_its_own_is_its_rows() {
        let table = |text: &str| {
            let p = crate::parse(text);
            let Content::Outline { nodes, .. } = &p.content else {
                panic!("{:?}", p.content)
            };
            let cells = nodes.iter().find_map(|n| n.cells.clone()).expect("a table");
            let said: Vec<String> = p
                .diagnostics
                .into_iter()
                .filter(|d| d.code == DiagnosticCode::AmbiguousLine)
                .map(|d| d.message)
                .collect();
            (cells, said)
        };
        let (cells, said) = table(
            "取組の推移\n\n             項目          令和2年度               令和3年度\n             接遇研修      新任職員を対象に        全職員を対象に\n             \x20             年1回実施               年2回実施\n             窓口案内      案内係の配置            案内ロボットの試行\n",
        );
        assert_eq!(
            cells,
            [
                ["項目", "令和2年度", "令和3年度"],
                [
                    "接遇研修",
                    "新任職員を対象に年1回実施",
                    "全職員を対象に年2回実施"
                ],
                ["窓口案内", "案内係の配置", "案内ロボットの試行"],
            ]
        );
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("line 5"), "{said:?}");
        // A directory's second office under its merged section cell: its
        // own row, nothing said.
        let (cells, said) = table(
            "電話番号一覧\n\n             課名        担当        電話番号\n             総務課      庶務        06-6120-9625\n             \x20           経理        06-6120-9626\n             区民課      窓口        06-6120-9700\n",
        );
        assert_eq!(cells.len(), 4, "{cells:?}");
        assert_eq!(cells[2], ["", "経理", "06-6120-9626"]);
        assert!(said.is_empty(), "{said:?}");
    }

    /// helper-123: a table laid out with spaces, its header read as a
    /// paragraph and its figures shifted left over blank cells, or all of
    /// it one paragraph, `ok`: a text that keeps a column's gap is said.
    #[test]
    fn a_text_keeping_column_gaps_is_said() {
        for text in [
            "窓口の指標\n\n指標              令和元年度   令和2年度   令和3年度\n\
             待ち時間（分）            18                      15\n\
             満足度                 82.1%       85.0%\n",
            "区役所電話番号一覧\n\n   課名       担当        電話番号             FAX\n\
             \x20       総務       06-6120-9625   06-6120-9999\n総務課\n",
        ] {
            let p = crate::parse(text);
            assert!(
                p.diagnostics
                    .iter()
                    .any(|d| d.code == DiagnosticCode::AmbiguousLine && d.level == Level::Warning),
                "{text}: {:?}",
                p.diagnostics
            );
        }
        // Words parted by a space or two are no columns.
        let p = crate::parse("計画\n\n1 目的\n\n区役所の窓口  サービスを向上させます。\n");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        // Many such texts: ten said, then how many more.
        let many: String = (0..15).map(|k| format!("項目{k}      値{k}\n\n")).collect();
        let p = crate::parse(&format!("一覧\n\n{many}"));
        let gaps = p
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::AmbiguousLine)
            .count();
        assert_eq!(gaps, MAX_GAP_DIAGNOSTICS + 1, "{:?}", p.diagnostics);
    }

    /// A Markdown heading has one to six `#`; a longer run is text, not a
    /// marker copied into the id of every node under it.
    #[test]
    fn markdown_markers_have_one_to_six_hashes() {
        assert_eq!(
            marker_of("###### 見出し").map(|m| m.text),
            Some("######".into())
        );
        assert!(marker_of("####### 見出し").is_none());
        assert!(marker_of(&"#".repeat(30_000)).is_none());
    }

    /// So do the parenthesized number and the bracketed text.
    #[test]
    fn parenthesized_and_bracketed_markers_read_by_hand_agree_with_the_patterns() {
        fn paren_by_pattern(t: &str) -> Option<(&str, &str)> {
            let c = crate::common::PAREN_NUMBER.captures(t)?;
            Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
        }
        static BRACKETED: Lazy<Regex> =
            lazy_regex!(r"^(【[^】]{1,40}】|〈[^〉]{1,40}〉|《[^》]{1,40}》)\s*(.*)$");
        fn bracketed_by_pattern(t: &str) -> Option<(&str, &str)> {
            let c = BRACKETED.captures(t)?;
            Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
        }
        let pieces = [
            "(", ")", "1", "12", "٣", " ", "　", "\t", "目的", "【", "】", "〈", "〉", "》",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in ["", " 目的", ")", "】"] {
                        for open in ["(", "【", "〈", "《"] {
                            let t = format!("{open}{a}{b}{c}{d}");
                            assert_eq!(paren_number_marker(&t), paren_by_pattern(&t), "{t:?}");
                            assert_eq!(bracketed_marker(&t), bracketed_by_pattern(&t), "{t:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, pieces.len().pow(3) * 16);
        // Up to 40 characters between the brackets, not 41.
        for n in [39, 40, 41] {
            let t = format!("【{}】 本文", "あ".repeat(n));
            assert_eq!(bracketed_marker(&t), bracketed_by_pattern(&t), "{n}");
            assert_eq!(bracketed_marker(&t).is_some(), n <= 40);
        }
    }

    fn outline(text: &str) -> (Vec<OutlineNode>, Vec<Footnote>) {
        let lines: Vec<Line<'_>> = text.split('\n').map(Line::from).collect();
        let mut ledger = Ledger::new(&lines);
        let sheet = parse(&lines, None, &mut ledger, &mut Vec::new(), Plans::Read);
        let (unassigned, coverage, _) = ledger.finish();
        assert!(unassigned.is_empty(), "{unassigned:?}");
        assert_eq!(coverage.chars_accounted, coverage.chars_in);
        match sheet.content {
            Content::Outline {
                nodes, footnotes, ..
            } => (nodes, footnotes),
            _ => unreachable!(),
        }
    }

    fn ids(nodes: &[OutlineNode], out: &mut Vec<String>) {
        for n in nodes {
            out.push(format!("{} {:?} {}", n.id, n.kind, n.text));
            ids(&n.children, out);
        }
    }

    /// Lines of comma-separated figures stay one per line: joined as
    /// prose, `4,1,120,12` and `4,2,98,9` ran into `…,124,2,…`.
    #[test]
    fn comma_separated_lines_are_not_joined() {
        let (nodes, _) = outline("件数\n\n月,窓口,件数\n4,1,120,12\n4,2,98,9\n");
        let texts: Vec<&str> = nodes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["月,窓口,件数", "4,1,120,12", "4,2,98,9"]);
        // Prose with commas in it is not a row.
        assert!(csv_cells("人口は1,250人、世帯数は600です").is_none());
        assert!(csv_cells("合計 1,250").is_none());
    }

    /// The ids and texts of an outline read from `text` as printed: its
    /// lines normalized, digits' widths folded.
    fn printed_outline(text: &str) -> Vec<String> {
        printed_outline_noticing(text).0
    }

    /// [`printed_outline`], with what the parser noticed.
    fn printed_outline_noticing(text: &str) -> (Vec<String>, Vec<Diagnostic>) {
        let lines = crate::normalize_lines(text);
        let mut ledger = Ledger::new(&lines);
        let mut diagnostics = Vec::new();
        let sheet = parse(&lines, None, &mut ledger, &mut diagnostics, Plans::Read);
        let (unassigned, coverage, _) = ledger.finish();
        assert!(unassigned.is_empty(), "{unassigned:?}");
        assert_eq!(coverage.chars_accounted, coverage.chars_in);
        let Content::Outline { nodes, .. } = sheet.content else {
            unreachable!()
        };
        let mut out = Vec::new();
        ids(&nodes, &mut out);
        (out, diagnostics)
    }

    /// A document opening with a paragraph has no title: a first line of
    /// sentences, or longer than a title runs, is the first paragraph's
    /// (a PDF's page of prose, its lines joined, had its first paragraph
    /// for a title, out of the nodes). A short first line is the title.
    #[test]
    fn a_first_line_of_prose_is_no_title() {
        let parse_title = |text: &str| {
            let lines = crate::normalize_lines(text);
            let mut ledger = Ledger::new(&lines);
            parse(&lines, None, &mut ledger, &mut Vec::new(), Plans::Ignore).title
        };
        let prose = "区民の皆さんを対象に講座を開きます。申込は電話で受け付けます。
                     会場は区役所です。
";
        assert_eq!(parse_title(prose), None);
        assert_eq!(
            printed_outline(prose),
            [
                "p Paragraph 区民の皆さんを対象に講座を開きます。申込は電話で受け付けます。",
                "p#2 Paragraph 会場は区役所です。"
            ]
        );
        let long = format!(
            "{}\n",
            "The city council approved a new plan for parks. ".repeat(2)
        );
        assert_eq!(parse_title(&long), None);
        assert_eq!(
            parse_title("令和6年度 区民サービス向上計画\n1 目的\n"),
            Some("令和6年度 区民サービス向上計画".into())
        );
    }

    /// Full-width numbers over half-width ones are two levels: `３` after
    /// the items `1`, `2` under `２` is the next section (rev78 po29: it
    /// was item 3 of section 2), though both fold to the same digits.
    #[test]
    fn full_and_half_width_numbers_are_two_levels() {
        let text = "計画の概要\n１　計画の目的\n　区民サービスを向上させます。\n２　取組の内容\n\
                    1 窓口サービスの改善\n2 電話対応の改善\n３　推進体制\n\
                    1 各課の役割\n４　評価\n";
        assert_eq!(
            printed_outline(text),
            [
                "1 Heading 計画の目的",
                "1/p Paragraph 区民サービスを向上させます。",
                "2 Heading 取組の内容",
                "2/1 Item 窓口サービスの改善",
                "2/2 Item 電話対応の改善",
                "3 Heading 推進体制",
                "3/1 Item 各課の役割",
                "4 Item 評価",
            ]
        );
        // One level whose width changes on the way (`2` among `１`, `３`)
        // counts in neither width: the numbers stay one level, as before.
        let mixed = "計画の概要\n１　計画の目的\n2 取組の内容\n３　推進体制\n";
        assert_eq!(
            printed_outline(mixed),
            ["1 Item 計画の目的", "2 Item 取組の内容", "3 Item 推進体制"]
        );
        // Without the widths, `3` goes on the items' count.
        let folded = text.replace('３', "3").replace('４', "4");
        assert!(printed_outline(&folded).contains(&"2/3 Heading 推進体制".to_owned()));
    }

    /// The title again for another fiscal year opens a second plan: a
    /// heading at the top, its sections under it, with a warning (rev76
    /// po01: it and its sections nested under the first plan's `(2)`).
    #[test]
    fn a_second_plans_title_is_a_top_level_heading() {
        let text = "令和5年度　区役所サービス向上計画の概要\n\n1 計画の目的\n\
                    \u{3000}区民サービスの向上を図ります。\n2 取組の内容\n(1) 窓口の改善\n\
                    (2) 電話対応の改善\n\n令和6年度　区役所サービス向上計画の概要\n\n\
                    1 計画の目的\n2 取組の内容\n(1) 案内表示の改善\n";
        let (out, diagnostics) = printed_outline_noticing(text);
        assert_eq!(
            out,
            [
                "1 Heading 計画の目的",
                "1/p Paragraph 区民サービスの向上を図ります。",
                "2 Heading 取組の内容",
                "2/(1) Item 窓口の改善",
                "2/(2) Item 電話対応の改善",
                "h Heading 令和6年度　区役所サービス向上計画の概要",
                "h/1 Item 計画の目的",
                "h/2 Heading 取組の内容",
                "h/2/(1) Item 案内表示の改善",
            ]
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, DiagnosticCode::SecondSheet);
        assert_eq!(diagnostics[0].lines, Some(span(8, 8)));
        // The same title, or another title with a year, is no second plan.
        for again in [
            "令和5年度　区役所サービス向上計画の概要",
            "令和6年度　区民会議の記録",
        ] {
            let text = text.replace("令和6年度　区役所サービス向上計画の概要", again);
            let (_, diagnostics) = printed_outline_noticing(&text);
            assert!(diagnostics.is_empty(), "{again}: {diagnostics:?}");
        }
        // Another ward's plan for the same year is a second plan too
        // (rev84 po05); the same ward's title written apart is not.
        let wards = text
            .replace("令和5年度　区役所", "令和5年度　川崎区役所")
            .replace("令和6年度　区役所", "令和5年度　幸区役所");
        let (out, diagnostics) = printed_outline_noticing(&wards);
        assert_eq!(
            out[5],
            "h Heading 令和5年度　幸区役所サービス向上計画の概要"
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, DiagnosticCode::SecondSheet);
        // For a later year too (review of rev84).
        let later = wards.replace("令和5年度　幸区役所", "令和6年度　幸区役所");
        let (out, _) = printed_outline_noticing(&later);
        assert_eq!(
            out[5],
            "h Heading 令和6年度　幸区役所サービス向上計画の概要"
        );
        let same = wards.replace("令和5年度　幸区役所", "令和5年度 川崎区役所");
        let (out, _) = printed_outline_noticing(&same);
        assert!(out.iter().all(|line| !line.starts_with("h ")), "{out:?}");
    }

    /// The plan's title again is furniture; another title is a second
    /// plan only for a later year whose numbering starts again (review of
    /// rev81: a year looked back on, a range's year, the same year written
    /// `R6`, minutes naming next year's meeting before `3 閉会`, and the
    /// second plan's own running head each made a plan of their own).
    #[test]
    fn a_title_again_is_furniture_or_a_later_plan() {
        let (out, diagnostics) = printed_outline_noticing(
            "令和5年度　区役所サービス向上計画\n1 計画の目的\n2 取組の内容\n(1) 窓口の改善\n\
             令和6年度　区役所サービス向上計画\n\u{3000}区民の声を受けて見直しました。\n\
             1 計画の目的\n2 取組の内容\n(1) 案内表示の改善\n- 2 -\n\
             令和6年度　区役所サービス向上計画\n(2) 電話対応の改善\n3 推進体制\n",
        );
        assert_eq!(
            out,
            [
                "1 Item 計画の目的",
                "2 Heading 取組の内容",
                "2/(1) Item 窓口の改善",
                "h Heading 令和6年度　区役所サービス向上計画",
                "h/p Paragraph 区民の声を受けて見直しました。",
                "h/1 Item 計画の目的",
                "h/2 Heading 取組の内容",
                "h/2/(1) Item 案内表示の改善",
                "h/2/(2) Item 電話対応の改善",
                "h/3 Item 推進体制",
            ]
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        for (title, again) in [
            (
                "令和6年度　区役所サービス向上計画",
                "令和5年度　区役所サービス向上計画",
            ),
            (
                "令和6年度　区役所サービス向上計画",
                "R7年度　区役所サービス向上計画",
            ),
            (
                "平成31年度　区役所サービス向上計画",
                "令和元年度　区役所サービス向上計画",
            ),
            (
                "令和6年度～令和8年度　区役所サービス向上計画",
                "令和7年度　区役所サービス向上計画",
            ),
        ] {
            let text = format!("{title}\n1 計画の目的\n2 取組\n{again}\n(1) 窓口\n3 推進体制\n");
            let (out, diagnostics) = printed_outline_noticing(&text);
            assert!(diagnostics.is_empty(), "{again}: {diagnostics:?}");
            assert!(
                out.contains(&"3 Item 推進体制".to_owned()),
                "{again}: {out:?}"
            );
        }
        // A preface of several paragraphs before its first section.
        let preface = "令和5年度　区役所計画\n1 目的\n2 取組\n\n令和6年度　区役所計画\n\n\
                       はじめに\n\n一。\n\n二。\n\n三。\n\n四。\n\n五。\n\n六。\n\n1 目的\n";
        let (_, diagnostics) = printed_outline_noticing(preface);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        // Numbering that goes on after it: no second plan.
        let minutes = "令和6年度　区民意見交換会\n1 開会\n2 議題\n\
                       令和7年度　区民意見交換会\n3 閉会\n";
        let (out, diagnostics) = printed_outline_noticing(minutes);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(out.contains(&"3 Item 閉会".to_owned()), "{out:?}");
        // The generic outline reads no title again, as minutes and memos
        // may print their title's words for another year.
        let lines = crate::normalize_lines("令和5年度　報告\n1 概要\n令和6年度　報告\n1 予定\n");
        let mut diagnostics = Vec::new();
        parse(
            &lines,
            None,
            &mut Ledger::new(&lines),
            &mut diagnostics,
            Plans::Ignore,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // The title again, alone, is page furniture.
        let text = "令和6年度　麻生区役所サービス向上計画\n\n１　重点取組\n\n- 1 -\n\n\
                    令和6年度　麻生区役所サービス向上計画\n\n２　計画の推進\n";
        assert_eq!(
            printed_outline(text),
            ["1 Item 重点取組", "2 Item 計画の推進"]
        );
    }

    /// A list item that is a sentence holds nothing after a blank line,
    /// nor does any before a `※` note; `以上` near the end closes every
    /// level (rev80 o05, p03, o03, k03: notes, a directory table and the
    /// contact nested under the last item).
    #[test]
    fn what_follows_a_list_after_a_blank_line_is_its_parents() {
        let text = "お知らせ\n1 手続\n・証明書はコンビニでも取得できます。\n\n\
                    ※ 開庁時間は午後５時までです。\n・案内表示\n\n※ 12言語に対応します。\n\
                    ・次の式で求めます。\n\nY=R+X\n・申請書の一覧\n\n\
                    書式\t番号\n届出\t1\n\n以上\n(担当:総務課)\n";
        assert_eq!(
            printed_outline(text),
            [
                "1 Heading 手続",
                "1/・ Item 証明書はコンビニでも取得できます。",
                "1/p Paragraph ※ 開庁時間は午後5時までです。",
                "1/・#2 Item 案内表示",
                "1/p#2 Paragraph ※ 12言語に対応します。",
                "1/・#3 Heading 次の式で求めます。",
                "1/・#3/h Item Y=R+X",
                "1/・#4 Heading 申請書の一覧",
                "1/・#4/table Table ",
                "p Paragraph 以上",
                "p#2 Paragraph (担当:総務課)",
            ]
        );
        // `以上` with more after it, or a section, is a quoted notice's: no
        // level closes.
        let quoted = "計画\n\n1 取組\n\n以上\n\n一\n二\n三\n四\n五\n";
        assert!(printed_outline(quoted).contains(&"1/h Heading 以上".to_owned()));
        let last_section = "計画\n3 その他\n(1) 周知文\n\u{3000}ご理解をお願いします。\n以上\n\
                            (2) 問合せ先\n総務課\n";
        assert!(printed_outline(last_section).contains(&"3/(2) Heading 問合せ先".to_owned()));
        // A note between items, or a heading with the list going on below
        // it, leaves the later items the list's; a short item naming what
        // follows keeps its table (review rev82: they nested under the
        // note, under the heading, or lost the table).
        let between = "取組\n1 内容\n・窓口の混雑を緩和します。\n\n※ 平日のみ実施\n\
                       ・電話対応を改善します。\n\n窓口の混雑状況\n・案内表示を見直します。\n\n\
                       ・証明書発行窓口(区民課)\n\n書式\t番号\n届出\t1\n";
        assert_eq!(
            printed_outline(between),
            [
                "1 Heading 内容",
                "1/・ Item 窓口の混雑を緩和します。",
                "1/p Paragraph ※ 平日のみ実施",
                "1/・#2 Heading 電話対応を改善します。",
                "1/・#2/h Item 窓口の混雑状況",
                "1/・#3 Item 案内表示を見直します。",
                "1/・#4 Heading 証明書発行窓口(区民課)",
                "1/・#4/table Table ",
            ]
        );
    }

    /// With widths as levels, a count wrapped to a line's start is still
    /// told by the open numbered level of either width, and page numbers
    /// count in neither (review of rev81: `4 月改定` became an item, and
    /// `2 / 3` broke the half-width count).
    #[test]
    fn widths_as_levels_keep_count_wraps_and_skip_page_numbers() {
        let wrap = "区役所サービス向上計画\n１　計画の目的\n1 窓口\n2 電話\n3 案内\n\
                    ２　取組の内容\n\u{3000}区の接遇方針（平成28年\n4 月改定）に基づき、取組を進めます。\n";
        assert_eq!(
            printed_outline(wrap).last().map(String::as_str),
            Some("2/p Paragraph 区の接遇方針(平成28年4 月改定)に基づき、取組を進めます。")
        );
        let paged = "計画の概要\n１　計画の目的\n２　取組の内容\n1 窓口\n2 電話\n3 案内\n\n\
                     2 / 3\n\n３　推進体制\n";
        assert!(printed_outline(paged).contains(&"3 Item 推進体制".to_owned()));
        // A full-width section whose name opens with a counter's character
        // (`人`) is the next section, not a wrap (review rev82).
        let counter =
            "計画の概要\n１　目的\n２　取組の内容\n1 窓口\n2 電話\n3 案内\n３　人材育成\n";
        assert!(printed_outline(counter).contains(&"3 Item 人材育成".to_owned()));
    }

    /// A line shaped as an unmarked heading still open but for its figure
    /// (`2階` after `1階`'s items) is the next such heading; a `※` note at
    /// the margin after a blank line is not the items' indented above it
    /// (rev84 o05).
    #[test]
    fn a_parallel_heading_and_a_note_at_the_margin_leave_the_items() {
        let text = "窓口案内\n\n1階\n\u{3000}①\u{3000}区民課\n\u{3000}②\u{3000}保険年金課\n2階\n\
                    \u{3000}③\u{3000}児童家庭課\n\u{3000}\u{3000}\u{3000}ア\u{3000}保育所の入所申請\n\
                    \u{3000}\u{3000}\u{3000}イ\u{3000}児童手当の申請\n\n\
                    ※\u{3000}土曜日は①と②の窓口のみ開いています。\n";
        assert_eq!(
            printed_outline(text),
            [
                "h Heading 1階",
                "h/① Item 区民課",
                "h/② Item 保険年金課",
                "h#2 Heading 2階",
                "h#2/③ Heading 児童家庭課",
                "h#2/③/ア Item 保育所の入所申請",
                "h#2/③/イ Item 児童手当の申請",
                "h#2/p Paragraph ※\u{3000}土曜日は①と②の窓口のみ開いています。",
            ]
        );
    }

    /// Katakana items: `ア` `イ` `ウ` under `(1)`, `(ア)` `(イ)` under `ア`,
    /// `イ` `ロ` `ハ` as a document in the iroha order counts; not a word
    /// that opens with one (`アンケート`), nor a word's rest a wrap cut
    /// (`ス、服務…`) (rev84 po01, po02).
    #[test]
    fn katakana_mark_items() {
        let text = "計画の概要\n１\u{3000}取組の内容\n(1)\u{3000}窓口サービスの向上\n\
                    \u{3000}ア\u{3000}オンライン申請の拡大\n\u{3000}\u{3000}(ア)\u{3000}子育て関係の手続\n\
                    \u{3000}\u{3000}(イ)\u{3000}証明書の請求\n\u{3000}イ\u{3000}キャッシュレス決済の導入\n\
                    ２\u{3000}点数\nイ 7日分以下の場合 4点\nロ 8日分以上の場合 28点\n\
                    ３\u{3000}アンケート\nアンケートを年2回実施し、結果を公表します。\n";
        assert_eq!(
            printed_outline(text),
            [
                "1 Heading 取組の内容",
                "1/(1) Heading 窓口サービスの向上",
                "1/(1)/ア Heading オンライン申請の拡大",
                "1/(1)/ア/(ア) Item 子育て関係の手続",
                "1/(1)/ア/(イ) Item 証明書の請求",
                "1/(1)/イ Item キャッシュレス決済の導入",
                "2 Heading 点数",
                "2/イ Item 7日分以下の場合 4点",
                "2/ロ Item 8日分以上の場合 28点",
                "3 Heading アンケート",
                "3/p Paragraph アンケートを年2回実施し、結果を公表します。",
            ]
        );
        assert!(marker_of("ス、服務規律に関する研修").is_none());
        assert!(marker_of("ア").is_none());
        // A katakana that opens no list and goes on none is a word's rest
        // a wrap cut, and choices' letters in a table's first column are
        // cells (review of rev84).
        let wrapped = "計画の概要\n１\u{3000}趣旨\n区民の参加するイベン\nト 12 回を開催します。\n";
        assert_eq!(
            printed_outline(wrapped),
            [
                "1 Heading 趣旨",
                "1/p Paragraph 区民の参加するイベント 12 回を開催します。"
            ]
        );
        let choices = "結果\n１\u{3000}回答\nア\u{3000}満足\u{3000}\u{3000}120件\u{3000}\u{3000}40%\n\
                       イ\u{3000}普通\u{3000}\u{3000}90件\u{3000}\u{3000}30%\n\
                       ウ\u{3000}不満\u{3000}\u{3000}30件\u{3000}\u{3000}10%\n";
        assert_eq!(
            printed_outline(choices),
            ["1 Heading 回答", "1/table Table "]
        );
    }

    /// A numbered heading's short line over a line indented deeper that
    /// ends a sentence or runs to the wrap width: the heading's body,
    /// though the heading ends on kana or the body opens with it (rev84
    /// po06, po07, po11); a heading ending on a particle runs on.
    #[test]
    fn a_deeper_indented_sentence_under_a_short_heading_is_its_body() {
        let text = "計画の概要\n\u{3000}１\u{3000}計画の位置付け\n\
                    \u{3000}\u{3000}本計画は、サービス向上指針に基づく単年度の実行計画です。\n\
                    ①\u{3000}おくやみコーナーの設置\n\
                    \u{3000}ご遺族の手続の負担を軽くするため、死亡に関する手続を一か所で案内します。\n\
                    ②\u{3000}窓口の案内表示を見直し、区民の\n\
                    \u{3000}皆様に分かりやすい表示とします。\n";
        assert_eq!(
            printed_outline(text),
            [
                "1 Heading 計画の位置付け",
                "1/p Paragraph 本計画は、サービス向上指針に基づく単年度の実行計画です。",
                "1/① Heading おくやみコーナーの設置",
                "1/①/p Paragraph ご遺族の手続の負担を軽くするため、死亡に関する手続を一か所で案内します。",
                "1/② Item 窓口の案内表示を見直し、区民の皆様に分かりやすい表示とします。",
            ]
        );
        // A heading whose clause runs on (`…把握するため`) keeps its wrap
        // (review of rev84).
        let clause = "計画の概要\n①\u{3000}区民の声を的確に把握するため\n\
                      \u{3000}\u{3000}来庁者アンケートを実施します。\n";
        assert_eq!(
            printed_outline(clause),
            ["① Item 区民の声を的確に把握するため来庁者アンケートを実施します。"]
        );
    }

    /// Labels with their values a line each are not one wrapped sentence,
    /// however far the first runs (rev80 o06: `調査期間　令和5年…` took
    /// `回答数　　482件` as its wrap; rev84 o03, with colons); a sentence
    /// that wraps onto a line with a gap in it still runs on.
    #[test]
    fn labels_with_their_values_are_a_line_each() {
        assert_eq!(
            printed_outline("集計結果\n調査期間:令和6年10月1日〜10月31日\n回答数:312件\n"),
            [
                "p Paragraph 調査期間:令和6年10月1日〜10月31日",
                "p#2 Paragraph 回答数:312件"
            ]
        );
        // Not where the first stops on a comma inside an open bracket
        // (review of rev84).
        assert_eq!(
            printed_outline(
                "問合せ先\n担当　企画調整係(電話　044-000-0000、\nFAX　044-000-0001)\n"
            ),
            ["p Paragraph 担当　企画調整係(電話　044-000-0000、FAX　044-000-0001)"]
        );
        let text = "アンケート結果\n１　調査の概要\n\u{3000}調査期間\u{3000}令和5年11月1日～11月30日\n\
                    \u{3000}回答数\u{3000}\u{3000}482件\n２　調査結果\n\
                    \u{3000}窓口の待ち時間は全体として短くなりましたが、繁忙期の\n\
                    \u{3000}午前中　は長いとの声がありました。\n";
        assert_eq!(
            printed_outline(text),
            [
                "1 Heading 調査の概要",
                "1/p Paragraph 調査期間\u{3000}令和5年11月1日〜11月30日",
                "1/p#2 Paragraph 回答数\u{3000}\u{3000}482件",
                "2 Heading 調査結果",
                "2/p Paragraph 窓口の待ち時間は全体として短くなりましたが、繁忙期の午前中\u{3000}は長いとの声がありました。",
            ]
        );
    }

    /// A line indented with one `　` right under a short numbered
    /// heading's line opens its body, though the heading ends on kana
    /// (rev80 p12); a heading's or an item's wrap hanging under its text,
    /// and a block indented line by line, stay wraps (review rev82).
    #[test]
    fn a_full_width_indent_opens_a_headings_body() {
        let text = "計画の概要\n１　計画の位置付け\n\u{3000}本計画は、単年度の計画です。\n\
                    ２　区民の皆様に信頼される区役所づくりに向けた\n\u{3000}\u{3000}取組の方向性\n\
                    ３　計画の期間\n\u{3000}本計画は、区民の皆様の\n\u{3000}声を踏まえて見直します。\n\
                    ・窓口の案内を分かりやすく\n\u{3000}します。\n";
        assert_eq!(
            printed_outline(text),
            [
                "1 Heading 計画の位置付け",
                "1/p Paragraph 本計画は、単年度の計画です。",
                "2 Item 区民の皆様に信頼される区役所づくりに向けた取組の方向性",
                "3 Heading 計画の期間",
                "3/p Paragraph 本計画は、区民の皆様の声を踏まえて見直します。",
                "3/・ Item 窓口の案内を分かりやすくします。",
            ]
        );
    }

    #[test]
    fn numbers_restarting_at_one_nest_below_the_open_level() {
        let (nodes, _) = outline(
            "計画\n\n1 趣旨\n\n　本文です。\n\n2 取組\n\n(1) 部会\n\n1 向上\n\n〇点検を\n進めます。\n\n〇研修\n\n2 共有\n\n(2) 各課\n\n1 改善\n",
        );
        let mut got = Vec::new();
        ids(&nodes, &mut got);
        assert_eq!(
            got,
            [
                "1 Heading 趣旨",
                "1/p Paragraph 本文です。",
                "2 Heading 取組",
                "2/(1) Heading 部会",
                "2/(1)/1 Heading 向上",
                "2/(1)/1/〇 Item 点検を進めます。",
                "2/(1)/1/〇#2 Item 研修",
                "2/(1)/2 Item 共有",
                "2/(2) Heading 各課",
                "2/(2)/1 Item 改善",
            ]
        );
        assert_eq!(
            chars(&nodes),
            plansheet_text::count_non_blank(
                "1趣旨本文です。2取組(1)部会1向上〇点検を進めます。〇研修2共有(2)各課1改善"
            ) - 13
        );
    }

    #[test]
    fn footnotes_link_to_the_items_that_carry_their_mark() {
        let (nodes, notes) = outline(
            "計画\n\n1 目標の設定(※)\n\n2 基準の遵守(※)\n\n3 その他\n\n(※)印=市の指針に基づく事項\n",
        );
        assert_eq!(nodes.len(), 3);
        assert_eq!(notes.len(), 1);
        assert_eq!(
            (notes[0].marker.as_str(), notes[0].text.as_str()),
            ("(※)", "市の指針に基づく事項")
        );
        assert_eq!(notes[0].refs, ["1", "2"]);
    }

    #[test]
    fn a_figure_keeps_the_text_after_it() {
        let (nodes, _) = outline("計画\n\n1 趣旨\n\n\n取組体制・イメージ図\n\n\n●部会\n・点検\n");
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[1].kind, NodeKind::Figure);
        assert_eq!(nodes[1].children[0].text, "部会");
        assert_eq!(nodes[1].children[0].children[0].text, "点検");
    }

    #[test]
    fn double_spaced_dumps_rejoin_their_lines() {
        let text = "計画\n\n\n1 趣旨\n\n  市の指針に基づき、総合的な取組\n\nを展開します。\n\n\n2 方針\n\n  方針を定め\n\nます。\n";
        let (nodes, _) = outline(text);
        assert_eq!(
            nodes[0].children[0].text,
            "市の指針に基づき、総合的な取組を展開します。"
        );
        assert_eq!(nodes[1].children[0].text, "方針を定めます。");
    }

    #[test]
    fn tab_separated_lines_become_a_table() {
        let (nodes, _) = outline("名簿\n\n氏名\t担当\n山田\t総務\n");
        assert_eq!(nodes[0].kind, NodeKind::Table);
        assert_eq!(nodes[0].cells.as_ref().unwrap()[1], ["山田", "総務"]);
    }

    /// The outline's ids, kinds and texts, one line each.
    fn tree(text: &str) -> Vec<String> {
        let mut got = Vec::new();
        ids(&outline(text).0, &mut got);
        got
    }

    /// rev78 po21, po24, po25: `⑴`, Roman numerals and ordinals (`第1`)
    /// are markers: `⑵ 職員の育成` was a paragraph inside an item, `Ⅲ`
    /// and its text inside `(1)`'s item, `第3` nested under `(1)`.
    #[test]
    fn parenthesized_roman_and_ordinal_markers() {
        assert_eq!(
            tree(
                "計画\n\nⅠ 基本方針\n\n第1　趣旨\n本文です。\n\n⑴ 窓口\n〇案内します。\n\n⑵ 職員\n〇研修します。\n\nⅡ. 推進\n\n第1回の会議を開きます。\n"
            ),
            [
                "Ⅰ Heading 基本方針",
                "Ⅰ/第1 Heading 趣旨",
                "Ⅰ/第1/p Paragraph 本文です。",
                "Ⅰ/第1/⑴ Heading 窓口",
                "Ⅰ/第1/⑴/〇 Item 案内します。",
                "Ⅰ/第1/⑵ Heading 職員",
                "Ⅰ/第1/⑵/〇 Item 研修します。",
                "Ⅱ Heading 推進",
                "Ⅱ/p Paragraph 第1回の会議を開きます。",
            ]
        );
    }

    /// rev78 po26, rev76 po04, po06: a footnote written `※1　…` (no `＝`)
    /// is a footnote; the marks in a table's cells refer to it; `※10`
    /// carries ※10 where a footnote defines it, not ※1 too.
    #[test]
    fn footnote_marks_numbered_spaced_and_in_tables() {
        let (_, footnotes) = outline(
            "計画\n\n(1) 研修(※1)\n\n(2) 窓口(※10)\n\n項目\t件数\n相談(※2)\t12\n\n\
             ※1　年2回実施\n※2 窓口での相談\n※10：令和6年度から\n",
        );
        let refs: Vec<(&str, Vec<&str>)> = footnotes
            .iter()
            .map(|f| {
                (
                    f.marker.as_str(),
                    f.refs.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            refs,
            [
                ("※1", vec!["(1)"]),
                ("※2", vec!["(2)/table"]),
                ("※10", vec!["(2)"]),
            ]
        );
        assert_eq!(footnotes[0].text, "年2回実施");
    }

    /// rev78 po22, po33, po27: a page number and the title printed again
    /// beside it are page furniture, and the sentence they cut runs on; a
    /// title split after its year is one title; a paragraph wrapped right
    /// before a `・` inside a word runs on.
    #[test]
    fn page_breaks_split_titles_and_wraps_before_a_bullet() {
        let text = "令和元年度\n区役所サービス向上計画\n\n1 趣旨\n\
                    \u{3000}区役所サービス向上指針に基づき、平成28年3月に供用を開始した区役所\n\
                    ・区民センター・図書館の複合施設において、案内表示を全面的に見直\n\
                    - 1 -\n令和元年度 区役所サービス向上計画\nします。\n\n\
                    2 取組\n　・案内を見直します。\n";
        let lines: Vec<Line<'_>> = text.split('\n').map(Line::from).collect();
        let mut ledger = Ledger::new(&lines);
        let sheet = parse(&lines, None, &mut ledger, &mut Vec::new(), Plans::Read);
        assert_eq!(
            sheet.title.as_deref(),
            Some("令和元年度 区役所サービス向上計画")
        );
        let Content::Outline {
            nodes,
            page_furniture,
            ..
        } = sheet.content
        else {
            unreachable!()
        };
        assert_eq!(
            crate::common::ledger::texts_and_lines(&page_furniture),
            [("- 1 -", 7), ("令和元年度 区役所サービス向上計画", 8)]
        );
        assert_eq!(
            nodes[0].children[0].text,
            "区役所サービス向上指針に基づき、平成28年3月に供用を開始した区役所\
             ・区民センター・図書館の複合施設において、案内表示を全面的に見直します。"
        );
        assert_eq!(nodes[1].children[0].text, "案内を見直します。");
        let (unassigned, ..) = ledger.finish();
        assert!(unassigned.is_empty(), "{unassigned:?}");
    }

    /// helper-123's dir06: a spreadsheet's copy with a cell of two lines
    /// (`"…こと` / `…こと"`) is one table, the cell's lines kept (the cell
    /// had been run together and the table ended there, its next row a
    /// paragraph, `ok`).
    #[test]
    fn a_spreadsheet_cell_of_two_lines_stays_in_its_table() {
        let text = "業務一覧\n\n課名\t電話番号\t主な業務\n\
                    総務課\t044-200-0001\t\"庶務に関すること\n選挙に関すること\"\n\
                    区民課\t044-200-0011\t戸籍に関すること\n";
        let p = crate::parse(text);
        let Content::Outline { nodes, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let tables: Vec<_> = nodes.iter().filter(|n| n.kind == NodeKind::Table).collect();
        assert_eq!(tables.len(), 1, "{nodes:?}");
        assert_eq!(
            tables[0].cells.as_deref(),
            Some(
                &[
                    vec!["課名".to_owned(), "電話番号".into(), "主な業務".into()],
                    vec![
                        "総務課".into(),
                        "044-200-0001".into(),
                        "庶務に関すること\n選挙に関すること".into()
                    ],
                    vec![
                        "区民課".into(),
                        "044-200-0011".into(),
                        "戸籍に関すること".into()
                    ],
                ][..]
            )
        );
        assert_eq!((tables[0].lines.start, tables[0].lines.end), (3, 6));
        assert!(p.unassigned.is_empty());
    }

    /// rev76 po03, po10, dir02: a table laid out with spaces was read only
    /// where every row had as many cells as the first; a blank cell ran the
    /// rows into one paragraph, and a row with `延べ　120人` fell out of the
    /// table. Rows are read under the first line's columns.
    #[test]
    fn a_space_laid_table_keeps_blank_cells_and_spaced_cells() {
        let (nodes, _) = outline(
            "計画\n\n1 実績\n\n\
             \u{3000}項目            令和3年度      令和4年度\n\
             \u{3000}接遇研修        2回                           \n\
             \u{3000}区政会議傍聴者  延べ\u{3000}120人    延べ\u{3000}150人\n\
             \u{3000}                               3回\n\n\
             2 今後\n",
        );
        assert_eq!(
            nodes[0].children[0].cells,
            Some(vec![
                vec!["項目".to_owned(), "令和3年度".into(), "令和4年度".into()],
                vec!["接遇研修".into(), "2回".into(), String::new()],
                vec![
                    "区政会議傍聴者".into(),
                    "延べ\u{3000}120人".into(),
                    "延べ\u{3000}150人".into()
                ],
                vec![String::new(), String::new(), "3回".into()],
            ])
        );
        assert_eq!(nodes[1].text, "今後");
    }

    /// rev76 po02: a wrap opening with a count (`4 月改定)…`, `10 人に…`)
    /// was a numbered section of its own, ok. A count after a line that
    /// stops mid-sentence, not the next number of its level, is a wrap.
    #[test]
    fn a_wrap_opening_with_a_count_is_no_section() {
        assert_eq!(
            tree(
                "計画\n\n1 趣旨\n\u{3000}指針(平成28年\n4 月改定)に基づき策定します。\n\n\
                  2 取組\n\u{3000}回答者\n10 人に1人に聞きます。\n"
            ),
            [
                "1 Heading 趣旨",
                "1/p Paragraph 指針(平成28年4 月改定)に基づき策定します。",
                "2 Heading 取組",
                "2/p Paragraph 回答者10 人に1人に聞きます。",
            ]
        );
        // The next number of its level is a section, count or not.
        assert_eq!(
            tree("計画\n\n1 趣旨\n\u{3000}本文の途中\n2 月例会\n\u{3000}開きます。\n")[2],
            "2 Heading 月例会"
        );
        // helper-123's po21: but not printed with one space where its
        // level's markers have a run (`pdftotext -layout` spaces a figure:
        // `…対象に年` over `2 回実施…`), and a section so printed is one.
        let layout = "サービス向上計画\n\n1   取組内容\n\n   研修を全職員を対象に年\n\
                      2 回実施し、結果を\n公表します。\n\n2   推進体制\n\n   本部を置きます。\n";
        assert_eq!(
            tree(layout),
            [
                "1 Heading 取組内容",
                "1/p Paragraph 研修を全職員を対象に年2 回実施し、結果を公表します。",
                "2 Heading 推進体制",
                "2/p Paragraph 本部を置きます。",
            ]
        );
        assert_eq!(
            tree(&layout.replace("2   推進体制", "2 月例会"))[2],
            "2 Heading 月例会"
        );
        // Nor a section's name after a line that stops mid-sentence.
        let named =
            "計画\n\n1   目的\n\n   次のとおり定める\n2 回収方法\n\n   郵送で回収します。\n";
        assert_eq!(tree(named)[2], "2 Heading 回収方法");
    }

    /// helper-86 review: chapters and sections nest apart, as do Roman
    /// numerals and small ones; a date or a figure alone is no page
    /// number; a `※1` footnote wrapped at the width runs on; a list after
    /// a long lead-in stays a list; a table whose header is centred keeps
    /// its header, and figures that fit no column leave the lines as they
    /// were.
    #[test]
    fn review_cases_keep_their_structure() {
        assert_eq!(
            tree("計画\n\n第1章 概要\n\n第1節 趣旨\n本文。\n\n第2章 現状\n\nⅠ 総論\n\nⅰ 目的\n"),
            [
                "第1章 Heading 概要",
                "第1章/第1節 Heading 趣旨",
                "第1章/第1節/p Paragraph 本文。",
                "第2章 Heading 現状",
                "第2章/Ⅰ Heading 総論",
                "第2章/Ⅰ/ⅰ Item 目的",
            ]
        );
        assert_eq!(
            tree("計画\n\n(1) 実施日\n6/15\n(2) 回答者数\n            412\n"),
            [
                "(1) Heading 実施日",
                "(1)/p Paragraph 6/15",
                "(2) Heading 回答者数",
                "(2)/p Paragraph 412",
            ]
        );
        let (_, footnotes) = outline(
            "計画\n\n(1) 区政会議※1を開きます。\n\n\
             ※1 区政会議とは、区民の意見を区政に反映させるために、区長が設置する\n会議です。\n",
        );
        assert_eq!(
            footnotes[0].text,
            "区政会議とは、区民の意見を区政に反映させるために、区長が設置する会議です。"
        );
        assert_eq!(
            tree(
                "計画\n\n1 趣旨\n本計画は、区民の皆さまの利便性を高めるために取り組む主な内容\n\
                  ・窓口サービスの向上(案内表示の見直し、待ち時間の短縮)\n・職員の接遇能力の向上\n"
            )[2..],
            [
                "1/・ Item 窓口サービスの向上(案内表示の見直し、待ち時間の短縮)",
                "1/・#2 Item 職員の接遇能力の向上",
            ]
        );
        let (nodes, _) = outline(
            "計画\n\n1 実績\n\n\
             項目                令和3年度    令和4年度\n\
             窓口相談                  120          980\n\
             電話相談                   85          102\n",
        );
        assert_eq!(
            nodes[0].children[0]
                .cells
                .as_ref()
                .map(|rows| rows[1].clone()),
            Some(vec!["窓口相談".to_owned(), "120".into(), "980".into()])
        );
    }
}
