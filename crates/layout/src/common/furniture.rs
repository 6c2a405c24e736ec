//! Page furniture: what a sheet prints around its table rows — the title and
//! its repeats, column headers, section headings, numbered policies and page
//! numbers — told apart from the rows so that it never lands in one.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::chars::{PARTICLES, circled_number, is_hiragana};
use plansheet_text::{join_wrapped, repair_label};

use crate::Line;
use crate::common::ledger::{Ledger, span};
use crate::model::{PreambleKind, PreambleLine};

/// Words of a column header that name the department column (the
/// section's, where a header puts the division in a column of its own). A
/// header of other goal-sheet words alone (目標, 評価, 番号) is also a plain
/// heading in articles and forms, so only one with a department column
/// counts as a sheet's.
pub(crate) const DEPARTMENT_COLUMN_WORDS: &[&str] = &[
    "部署名",
    "部署",
    "課名",
    "課",
    "所属",
    "所属名",
    "所管部",
    "所管課",
    "所管部署",
    "担当部",
    "担当課",
    "担当部署",
    "課・担当名",
    "課・担当",
    "課・係名",
    "課・係",
];

/// The goal sheets' other column-header words (目標及び具体的な取組内容 |
/// 実施結果及び目標の達成度 and their shorter variants, the division's
/// column of a header that has one).
const OTHER_COLUMN_WORDS: &[&str] = &[
    "部",
    "部名",
    "部局",
    "部局名",
    "番号",
    "No",
    "No.",
    "分類",
    "区分",
    "項目",
    "目標",
    "取組目標",
    "目標及び具体的な取組内容",
    "目標及び具体的取組内容",
    "具体的な取組内容",
    "取組内容",
    "実施結果",
    "取組結果",
    "結果",
    "実施結果及び目標の達成度",
    "目標の達成度",
    "達成度",
    "自己評価",
    "評価",
    // Columns rows have no field for, read into the results (and said).
    "担当",
    "担当者",
    "期限",
    "実施時期",
    "備考",
];

/// The characters column-header words start with, sorted: a line that
/// starts otherwise is told by one lookup.
static COLUMN_WORD_STARTS: Lazy<Vec<char>> = Lazy::new(|| {
    let mut starts: Vec<char> = column_words().filter_map(|w| w.chars().next()).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
});

/// Every column-header word of the goal sheets.
fn column_words() -> impl Iterator<Item = &'static str> {
    DEPARTMENT_COLUMN_WORDS
        .iter()
        .chain(OTHER_COLUMN_WORDS)
        .copied()
}

/// Whether a word is one of the goal sheets' column-header words.
pub(crate) fn is_column_word(word: &str) -> bool {
    column_words().any(|c| c == word)
}

/// Whether a cell opens with column-header words run together, then ends
/// or goes on after white space (`番号分類目標及び具体的な取組内容`,
/// `目標及び具体的な取組内容 来庁者が…`; not prose such as
/// `目標及び具体的な取組内容を実施する部署`).
pub(crate) fn opens_with_column_names(cell: &str) -> bool {
    let mut rest = cell;
    let mut words = 0;
    // The longest word that opens what is left, again and again.
    while let Some(word) = column_words()
        .filter(|w| rest.starts_with(w))
        .max_by_key(|w| w.len())
    {
        rest = &rest[word.len()..];
        words += 1;
    }
    words > 0 && (rest.is_empty() || rest.starts_with(char::is_whitespace))
}

/// How often the lines of a kind (dates, headings) are printed in a
/// document, white space aside, counted the first time it is asked:
/// running heads and feet are printed more than once, a cell's own line
/// mostly once.
pub(crate) struct Reprints<'l, 'a, K> {
    lines: &'l [Line<'a>],
    kind: K,
    counts: OnceCell<HashMap<String, usize>>,
}

impl<'l, 'a, K: Fn(&str) -> bool> Reprints<'l, 'a, K> {
    pub(crate) fn new(lines: &'l [Line<'a>], kind: K) -> Self {
        Reprints {
            lines,
            kind,
            counts: OnceCell::new(),
        }
    }

    /// How often `line` is printed (0 if it is not of the kind).
    pub(crate) fn count(&self, line: &str) -> usize {
        self.counts
            .get_or_init(|| {
                let mut counts: HashMap<String, usize> = HashMap::new();
                for l in self.lines.iter().filter(|l| (self.kind)(l)) {
                    *counts.entry(repair_label(l)).or_default() += 1;
                }
                counts
            })
            .get(&repair_label(line))
            .copied()
            .unwrap_or(0)
    }

    /// Whether `line` is printed more than once.
    pub(crate) fn recurs(&self, line: &str) -> bool {
        self.count(line) > 1
    }
}

/// Whether every cell or word of the line is a column-header word.
pub(crate) fn is_column_header(line: &str) -> bool {
    // Most lines are sentences: they fail on their first word, told by its
    // start without splitting the line.
    let start = line.trim_start_matches(['\t', ' ', '　']);
    let opens = start
        .chars()
        .next()
        .is_some_and(|c| COLUMN_WORD_STARTS.binary_search(&c).is_ok());
    // (Or a word letter-spaced, `所 属 名`: its first character and a space.)
    let spaced = || start.chars().nth(1).is_some_and(|c| c == ' ' || c == '　');
    if !(opens && (column_words().any(|w| start.starts_with(w)) || spaced())) {
        return false;
    }
    let words = header_words(line);
    // `部` or `課` alone is a wrapped unit name's last line, not a header;
    // `担当課` or `所管課` alone a cell's line naming the unit in charge.
    words.iter().all(|w| column_words().any(|c| c == w))
        && match words.as_slice() {
            [] => false,
            // (Nor a word letter-spaced alone, `評　価`: a cell's
            // sub-heading.)
            // (Nor `結果` alone: a cell's heading over its results.)
            [only] => {
                only.chars().count() > 1
                    && only != "結果"
                    && !only.starts_with("担当")
                    && !only.starts_with("所管")
                    && line.contains(only.as_ref())
            }
            _ => true,
        }
}

/// The words of a header line: its cells' words between tabs and spaces,
/// where a cell letter-spaced to its width (`部 署 名`, `実 施 結 果`, each
/// piece one character) is one word.
pub(crate) fn header_words(line: &str) -> Vec<Cow<'_, str>> {
    let mut words = Vec::new();
    for cell in line.split('\t') {
        let pieces: Vec<&str> = cell.split([' ', '　']).filter(|w| !w.is_empty()).collect();
        if pieces.len() > 1 && pieces.iter().all(|p| p.chars().nth(1).is_none()) {
            words.push(Cow::Owned(pieces.concat()));
        } else {
            words.extend(pieces.into_iter().map(Cow::Borrowed));
        }
    }
    words
}

/// Whether a column header announces a results column (`実施結果`,
/// `達成度`, `取組結果`; letter-spaced too).
pub(crate) fn announces_results(line: &str) -> bool {
    header_words(line)
        .iter()
        .any(|w| w.contains("結果") || w.contains("達成度"))
}

static HEADING: Lazy<Regex> = lazy_regex!(r"^[^、。,.\t]{0,20}(方針|目標|理念|基準)$");

/// A section heading such as 区役所サービス向上方針: short, no sentence
/// punctuation, ending in 方針 / 目標 / 理念 / 基準.
pub(crate) fn is_heading(line: &str) -> bool {
    // Most lines end otherwise: no need to rebuild them.
    if !line.trim_end().ends_with(['針', '標', '念', '準']) {
        return false;
    }
    let text = repair_label(line);
    text.chars().count() >= 4 && HEADING.is_match(&text)
}

/// Whether two texts are the same but for white space, without building
/// either.
pub(crate) fn same_but_spacing(a: &str, b: &str) -> bool {
    a.chars()
        .filter(|c| !c.is_whitespace())
        .eq(b.chars().filter(|c| !c.is_whitespace()))
}

/// A policy heading, under which numbered policies (①…) follow.
pub(crate) fn is_policy_heading(line: &str) -> bool {
    is_heading(line) && repair_label(line).ends_with("方針")
}

static DATE_LINE: Lazy<Regex> = lazy_regex!(
    r"^(?:(?:印刷|作成|出力|発行|更新)日時?\s*[:：]?\s*)?(?:(?:令和|平成)\s*(?:[0-9０-９]{1,2}|元)|[0-9０-９]{4})\s*年\s*[0-9０-９]{1,2}\s*月(?:\s*[0-9０-９]{1,2}\s*日)?\s*(?:現在|作成|発行|更新)?$"
);

/// A date alone on its line (`令和6年3月31日`, `2024年3月31日現在`,
/// `印刷日：令和6年4月30日`), as a page's foot prints it.
pub(crate) fn is_date_line(line: &str) -> bool {
    let line = line.trim();
    line.contains('年') && DATE_LINE.is_match(line)
}

/// The circled number a policy line starts with.
pub(crate) fn circled_marker(line: &str) -> Option<char> {
    line.trim_start()
        .chars()
        .next()
        .filter(|&c| circled_number(c).is_some())
}

static PAGE_NUMBER: Lazy<Regex> = lazy_regex!(
    r"^(?:[-‐–—―−ー]\s*[0-9０-９]{1,3}\s*(?:/\s*[0-9０-９]{1,3}\s*)?[-‐–—―−ー]|(?:(?:P|p|Page|page|PAGE)\.?\s*)?[0-9０-９]{1,3}\s*(?:/|of)\s*[0-9０-９]{1,3}(?:\s*(?:ページ|頁))?|(?:P|p|Page|page|PAGE)\.?\s*[0-9０-９]{1,3}|[0-9０-９]{1,3}\s*(?:ページ|頁)|(?:ページ|頁)\s*[0-9０-９]{1,3}(?:\s*(?:/|of)\s*[0-9０-９]{1,3})?)$"
);

/// Page numbers as office software prints them: `- 3 -`, `―3―`,
/// `- 3 / 5 -`, `3 / 5`, `3 / 5 ページ`, `3 of 5`, `Page 3 of 5`, `P.3`, `Page 3`,
/// `3ページ`, `3頁`, `ページ 3` (Calc's footer in Japanese), `ページ 3 / 5`;
/// and one with the date printed beside it, either side
/// (`- 1 - 令和7年3月31日現在`: a page's foot, which went into the cell
/// above it where a page broke a table).
pub(crate) fn is_page_number(line: &str) -> bool {
    let line = line.trim();
    is_page_number_alone(line) || is_dated_page_number(line)
}

/// A page number printed alone at the right of a page's foot, as a text
/// dump keeps it: one to three digits after at least
/// [`PUSHED_PAGE_NUMBER_INDENT`] characters of white space. (Bare, a
/// number is an item's where it is not pushed so far.)
pub(crate) fn is_pushed_page_number(line: &str) -> bool {
    let number = line.trim();
    (1..=3).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
        && line[..line.len() - line.trim_start().len()].chars().count() >= PUSHED_PAGE_NUMBER_INDENT
}

/// See [`is_pushed_page_number`].
const PUSHED_PAGE_NUMBER_INDENT: usize = 10;

/// [`is_page_number`] for a page number alone on its (trimmed) line.
fn is_page_number_alone(line: &str) -> bool {
    // Every form ends in a digit, a dash, ジ or 頁.
    line.ends_with(|c: char| c.is_numeric() || PAGE_DASHES.contains(&c) || matches!(c, 'ジ' | '頁'))
        && PAGE_NUMBER.is_match(line)
}

/// The dashes a page number is printed between (`- 3 -`, `―3―`, `ー２ー`).
const PAGE_DASHES: [char; 7] = ['-', '‐', '–', '—', '―', '−', 'ー'];

/// The most bytes a page number printed beside a date takes (`Page 12 of
/// 15`, `- 3 / 5 -`): only white space this near a (trimmed) line's start
/// or end may part the two, so that a long line is split a few times at
/// most.
const PAGE_NUMBER_BYTES: usize = 24;

/// [`is_page_number`] for a page number and a date on one (trimmed) line.
/// The number marked as one (`- 1 -`, `P.1`, `1頁`): beside a date, a
/// count (`令和6年9月 19/20`) is a cell's line.
fn is_dated_page_number(line: &str) -> bool {
    let marked = |number: &str| {
        is_page_number_alone(number)
            && (number.starts_with(['P', 'p'])
                || number.starts_with(PAGE_DASHES)
                || number.ends_with(['ジ', '頁']))
    };
    line.contains('年')
        && line
            .match_indices(char::is_whitespace)
            .filter(|&(at, _)| at <= PAGE_NUMBER_BYTES || line.len() - at <= PAGE_NUMBER_BYTES)
            .any(|(at, _)| {
                let (left, right) = (line[..at].trim_end(), line[at..].trim_start());
                // (The number first: it is short, and most lines fail it.)
                marked(left) && is_date_line(right) || marked(right) && is_date_line(left)
            })
}

/// Whether a list item's next line goes on with the clause its text breaks
/// off: after a comma or a case particle (`…連携して、` / `相談の機会を
/// 増やす。`, `窓口サービスの` / `向上`, `前年より` / `減少…`), or opening with kana that no
/// sentence starts with (`…上回って` / `いる。`; not `また、…`). Other
/// lines keep their break: a source note (`（平成27年度…）`), a detail
/// line under a title (`区政会議を効果的に運営` / `区政会議本会（年3回）…`).
pub(crate) fn continues_clause(text: &str, line: &str) -> bool {
    if text.ends_with(['、', '，']) || text.ends_with(PARTICLES) || text.ends_with("より") {
        return true;
    }
    let opens_with_kana = line.chars().next().is_some_and(is_hiragana);
    let opens_sentence = line.chars().take(5).any(|c| c == '、');
    opens_with_kana && !opens_sentence && !text.ends_with(['。', '）', ')'])
}

/// A page number printed beside words, as [`words_and_page`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageBeside<'a> {
    /// The words (`架空区役所`, `作成：区民課`).
    pub(crate) words: &'a str,
    /// The page the number names: its first number.
    pub(crate) page: u32,
    /// Whether the number is marked as a page's (`- 1 -`, `P.1`, `Page 1`,
    /// `1頁`, `ページ 1`; not a count, `1 / 2`, nor bare digits).
    pub(crate) marked: bool,
    /// The pages a count gives as the whole (`1 / 3`: 3), if it is one.
    pub(crate) of: Option<u32>,
}

/// A line's words and the page number printed after or before them, white
/// space between (`架空区役所 Page 1`, `1 / 3 作成：区民課`, `印刷日：5月31日
/// 2`). The number is a page number as printed alone, or bare digits
/// (`1`–`999`), the longest such at either end.
pub(crate) fn words_and_page<'a>(line: &'a str) -> Option<PageBeside<'a>> {
    // Every form ends in a digit, a dash, ジ or 頁, or starts with a digit,
    // a dash or a `P`: most lines fail here.
    let marks = |c: char| c.is_ascii_digit() || PAGE_DASHES.contains(&c);
    if !(line.ends_with(|c: char| marks(c) || matches!(c, 'ジ' | '頁'))
        || line.starts_with(|c: char| marks(c) || matches!(c, 'P' | 'p' | 'ペ')))
    {
        return None;
    }
    let page = |number: &str| {
        let bare = (1..=3).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
        (bare || is_page_number_alone(number)).then(|| {
            let marked = number.starts_with(['P', 'p', '頁'])
                || number.starts_with(PAGE_DASHES)
                || number.starts_with("ページ")
                || number.ends_with(['ジ', '頁']);
            Some((page_of(number)?, !bare && marked, count_whole(number)))
        })?
    };
    let splits: Vec<usize> = line
        .match_indices(char::is_whitespace)
        .map(|(at, _)| at)
        .filter(|&at| at <= PAGE_NUMBER_BYTES || line.len() - at <= PAGE_NUMBER_BYTES)
        .collect();
    let parts = |at: usize| (line[..at].trim_end(), line[at..].trim_start());
    // The number last, the longest first (`架空区役所 2 / 3`: not `3`); or
    // first, the longest first (`1 / 3 作成：区民課`: not `1`).
    let beside = |words: &'a str, number: &str| {
        page(number)
            .filter(|_| !words.is_empty())
            .map(|(page, marked, of)| PageBeside {
                words,
                page,
                marked,
                of,
            })
    };
    let after = splits.iter().find_map(|&at| {
        let (words, number) = parts(at);
        beside(words, number)
    });
    after.or_else(|| {
        splits.iter().rev().find_map(|&at| {
            let (number, words) = parts(at);
            beside(words, number)
        })
    })
}

/// The whole a page count gives (`1 / 3`, `- 2/3 -`, `Page 1 of 3`: 3):
/// its second run of ASCII digits, after a slash or `of`.
fn count_whole(number: &str) -> Option<u32> {
    let (_, whole) = number
        .split_once(['/', '／'])
        .or_else(|| number.split_once("of"))?;
    page_of(whole)
}

/// The page a page number names: its first run of ASCII digits.
pub(crate) fn page_of(line: &str) -> Option<u32> {
    let digits = line.trim_start_matches(|c: char| !c.is_ascii_digit());
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse().ok()
}

/// Classifies the furniture lines of a sheet region: the title (and its
/// repeats), column headers, headings, policies with their wrapped
/// continuation lines, page numbers. Returns one entry per furniture line
/// group, with 0-based line indices.
pub(crate) fn find_furniture(
    lines: &[Line<'_>],
    title: Option<&str>,
    eligible: impl Fn(usize) -> bool,
) -> Vec<(PreambleKind, Option<char>, Vec<usize>)> {
    let mut found = Vec::new();
    let mut in_policies = false;
    let standalone = |i: usize| stands_alone(lines, i);
    // Above the first column header, where a PDF's preamble may come without
    // blank lines, a heading is also known by what follows it: policies
    // under a 方針 heading, or the heading after the last policy.
    let mut above_table = true;
    let next_is_policy = |i: usize| {
        lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| circled_marker(l).is_some())
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() || !eligible(i) {
            i += 1;
            continue;
        }
        let heading = is_heading(line)
            && (standalone(i)
                || above_table && (in_policies || is_policy_heading(line) && next_is_policy(i)));
        if title.is_some_and(|t| same_but_spacing(line, t)) {
            found.push((PreambleKind::Title, None, vec![i]));
            in_policies = false;
        } else if lines[i].is_trimmed_column_header() {
            found.push((PreambleKind::ColumnHeader, None, vec![i]));
            in_policies = false;
            above_table = false;
        } else if heading {
            in_policies = is_policy_heading(line);
            found.push((PreambleKind::Heading, None, vec![i]));
        } else if in_policies && let Some(marker) = circled_marker(line) {
            // A wrapped policy continues on the following lines until a blank
            // line, the next marker or a heading.
            let mut group = vec![i];
            while let Some(next) = lines.get(i + 1)
                && !next.trim().is_empty()
                && circled_marker(next).is_none()
                && !(above_table && is_heading(next))
                && eligible(i + 1)
            {
                i += 1;
                group.push(i);
            }
            found.push((PreambleKind::Policy, Some(marker), group));
        } else if standalone(i) && lines[i].is_page_number() {
            found.push((PreambleKind::PageNumber, None, vec![i]));
        } else {
            in_policies = false;
        }
        i += 1;
    }
    found
}

/// Whether line `i` of `lines` stands alone: a blank line, a page break
/// (a form feed) or the document's start or end on either side.
pub(crate) fn stands_alone(lines: &[Line<'_>], i: usize) -> bool {
    let blank = |j: usize| lines.get(j).is_none_or(|l| l.trim().is_empty());
    (i == 0 || blank(i - 1) || Line::page_ends_after(lines, i - 1))
        && (blank(i + 1) || Line::page_ends_after(lines, i))
}

/// Turns a furniture group into a preamble line, claiming its lines.
pub(crate) fn preamble_line(
    ledger: &mut Ledger<'_>,
    lines: &[Line<'_>],
    kind: PreambleKind,
    marker: Option<char>,
    group: &[usize],
) -> PreambleLine {
    let texts: Vec<&str> = group.iter().map(|&i| lines[i].as_ref()).collect();
    let mut text = join_wrapped(&texts);
    if let Some(m) = marker {
        text = text.trim_start_matches(m).trim_start().to_owned();
    }
    let claimed = match marker {
        Some(m) => format!("{m}{text}"),
        None => text.clone(),
    };
    ledger.claim(group.iter().copied(), &claimed);
    PreambleLine {
        kind,
        marker: marker.map(String::from),
        text,
        lines: span(group[0], group[group.len() - 1]),
    }
}

/// The first non-blank line: the title on every sheet plansheet knows.
pub(crate) fn first_line<'a>(lines: &'a [Line<'_>]) -> Option<&'a str> {
    lines.iter().map(|l| l.trim()).find(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_words() {
        assert!(is_column_header(
            "部署名\t目標及び具体的な取組内容\t実施結果及び目標の達成度"
        ));
        assert!(is_column_header("部署名 実施結果及び目標の達成度"));
        assert!(!is_column_header("部署名を書きます"));
        assert!(is_heading("区役所サービス向上方針"));
        assert!(is_heading("区役所サービス向上目標"));
        assert!(!is_heading("目標"));
        assert!(!is_heading("【目標】"));
        assert!(!is_heading("達成するため、目標"));
        // Review: and the dashes, words and slashes other writers print.
        for p in [
            "- 3 -",
            "3 / 5",
            "P.3",
            "－１２－",
            "―２―",
            "−２−",
            "ー２ー",
            "- 2 / 6 -",
            "Page 2",
            "2 of 6",
            "Page 2 of 6",
            "2ページ",
            "2頁",
            // With the date beside it (rev69 s11: page 1's foot went into
            // the last row's result, status partial for page 2's only).
            "－ 1 － 令和7年3月31日現在",
            "2024年3月31日現在　P.3",
            "令和6年4月1日 3ページ",
            // rev74: a page count with its word (a Writer footer), and a
            // print date with its label (h13, lo05: page 1's foot went
            // into the last row's result).
            "1 / 2 ページ",
            "- 1 / 2 - 印刷日:令和6年4月30日",
            "作成日：令和6年4月1日　- 2 -",
            // helper-121: Calc's footer in Japanese.
            "ページ 3",
            "ページ3 / 5",
        ] {
            assert!(is_page_number(&plansheet_text::normalize_chars(p)), "{p}");
        }
        assert!(!is_page_number("ページ数 3"));
        assert!(!is_page_number("3"));
        assert!(!is_page_number("3 令和7年3月31日現在"));
        // A count beside a date is a cell's line (review).
        assert!(!is_page_number("令和6年9月 19/20"));
        assert!(!is_page_number("令和6年9月 3 of 5"));
        assert!(!is_page_number("- 1 - 令和7年3月31日に実施しました。"));
        assert!(!is_page_number("全12ページ"));
        assert!(!is_page_number("- 1 - 印刷日:令和6年4月30日に送付"));
        assert!(!is_page_number("6人中2 of"));
        // A wrapped unit's last line is no column header, nor a cell's line
        // naming the unit in charge.
        assert!(!is_column_header("課"));
        assert!(!is_column_header("担当課"));
        assert!(is_column_header("担当課\t番号"));
        assert!(is_column_header("部\t課\t番号"));
        // A header letter-spaced to its cells' width, and shorter column
        // names (rev59's probes: read as an outline, no rows, status ok).
        for header in [
            "部 署 名\t目 標 及 び 具 体 的 な 取 組 内 容\t実 施 結 果 及 び 目 標 の 達 成 度",
            "部署名\t取組目標\t実施結果",
            "課名\t番号\t項目\t取組目標\t取組結果",
        ] {
            assert!(is_column_header(header), "{header}");
            assert!(announces_results(header), "{header}");
        }
        // Not a cell of words spaced apart, nor one without results, nor
        // a word letter-spaced alone (a cell's sub-heading, `評　価`).
        assert!(!is_column_header("部署名\t取組 目標"));
        assert!(!is_column_header("\t\t評　価"));
        assert!(is_column_header("所　属\t取組目標\t取組結果"));
        assert!(!announces_results("部署名\t取組目標"));
    }

    #[test]
    fn a_preamble_without_blank_lines_still_has_headings_and_policies() {
        let lines: Vec<Line<'_>> = [
            "区役所サービス向上方針",
            "①丁寧に",
            "説明します。",
            "②迅速に対応します。",
            "区役所サービス向上目標",
            "部署名\t目標",
        ]
        .map(Line::from)
        .to_vec();
        let found: Vec<(PreambleKind, Vec<usize>)> = find_furniture(&lines, None, |_| true)
            .into_iter()
            .map(|(k, _, g)| (k, g))
            .collect();
        assert_eq!(
            found,
            [
                (PreambleKind::Heading, vec![0]),
                (PreambleKind::Policy, vec![1, 2]),
                (PreambleKind::Policy, vec![3]),
                (PreambleKind::Heading, vec![4]),
                (PreambleKind::ColumnHeader, vec![5]),
            ]
        );
    }

    /// A running foot's words and the page beside them (helper-121), either
    /// side; a line without a page number beside words has none.
    #[test]
    fn words_and_page_number_beside_them() {
        for (line, want) in [
            ("架空区役所 Page 1", Some(("架空区役所", 1, true, None))),
            ("架空区役所 2 / 3", Some(("架空区役所", 2, false, Some(3)))),
            (
                "架空区役所 - 2 / 3 -",
                Some(("架空区役所", 2, true, Some(3))),
            ),
            (
                "1 / 3 作成:区民課",
                Some(("作成:区民課", 1, false, Some(3))),
            ),
            ("P.2 作成:区民課", Some(("作成:区民課", 2, true, None))),
            ("進捗 3/5", Some(("進捗", 3, false, Some(5)))),
            (
                "架空区役所 Page 1 of 2",
                Some(("架空区役所", 1, true, Some(2))),
            ),
            (
                "印刷日:令和6年5月31日 12",
                Some(("印刷日:令和6年5月31日", 12, false, None)),
            ),
            ("- 4 - 作成:区民課", Some(("作成:区民課", 4, true, None))),
            ("ページ 2 シート1", Some(("シート1", 2, true, None))),
            ("研修の回数 2", Some(("研修の回数", 2, false, None))),
            ("研修を2回行いました。", None),
            ("参加者 1200", None),
            ("12", None),
        ] {
            let got = words_and_page(line).map(|b| (b.words, b.page, b.marked, b.of));
            assert_eq!(got, want, "{line}");
        }
    }
}
