//! Goal sheets (向上指針取組シート): numbered items per department, with a
//! category label, a goal and a result. Two recognizers read them — `table`
//! for tab-separated dumps and `flow` for PDF text flow — and share what is
//! here: item numbers, the known category labels, rows under construction
//! and the sheet they make.

pub(crate) mod doubt;
pub(crate) mod flow;
pub(crate) mod table;

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::chars::{is_hiragana, is_japanese, is_katakana};
use plansheet_text::{join_wrapped, repair_label};

use crate::Line;
use crate::common::furniture::{
    DEPARTMENT_COLUMN_WORDS, first_line, header_words, is_column_header, is_column_word,
    opens_with_column_names,
};
use crate::common::ledger::span;
use crate::common::metadata::read_metadata;
use crate::common::units::{ends_like_unit, is_name_like};
use crate::model::{
    Content, Diagnostic, DiagnosticCode, Level, LineSpan, Metadata, PreambleLine, Provenance, Row,
};
use crate::recognizer::{Memo, Score, Sheet};

/// A goal cell holds at least this many Japanese characters: a sentence
/// (丁寧に対応します。), not a date, a figure or a telephone number, which is
/// what a number column of another kind of table puts there.
const MIN_GOAL_CHARS: usize = 6;

/// Whether a line is a goal sheet's column header with a department column
/// (`部署名<TAB>目標及び具体的な取組内容…`, `部署名 実施結果及び目標の達成度`).
pub(crate) fn is_sheet_header(line: &str) -> bool {
    is_column_header(line)
        && header_words(line)
            .iter()
            .any(|w| DEPARTMENT_COLUMN_WORDS.contains(&w.as_ref()))
}

/// Whether a line opens with a department column's name and names the goal
/// or results column after it, whatever else it holds: a sheet's column
/// header run together with cell text (a table without rules, read as
/// lines).
///
/// Only a line of cells (with a tab) whose department column name is
/// followed by cell text in its own cell (a space, not a tab: `部署名 区民部
/// …`), or by cells that open with the next columns' names (`部署名<TAB>
/// 番号分類目標及び…`, `部署名<TAB>目標及び具体的な取組内容 来庁者が…`), so
/// that prose naming the columns and a table explaining them (`部署名<TAB>
/// 部署の名前を…`) are not headers.
pub(crate) fn names_sheet_columns(line: &str) -> bool {
    let line = line.trim_start();
    line.contains('\t')
        && DEPARTMENT_COLUMN_WORDS.iter().any(|w| {
            line.strip_prefix(w).is_some_and(|rest| {
                rest.starts_with([' ', '\u{3000}'])
                    || rest.starts_with('\t')
                        && opens_with_column_names(rest.trim_start_matches('\t'))
            })
        })
        && ["目標及び", "取組内容", "実施結果"]
            .iter()
            .any(|w| line.contains(w))
}

/// Whether a line of cells has a goal sheet's goal column and its results
/// column, each named in a cell of its own by the sheet's long names
/// (`目標及び具体的な取組内容<TAB>実施結果及び目標の達成度`), whatever the
/// department's column is called: a goal sheet's header, even where no
/// recognizer knows its other columns.
pub(crate) fn names_goal_and_results(line: &str) -> bool {
    let cells = || line.split('\t').map(str::trim);
    line.contains('\t')
        && cells().any(|c| matches!(c, "目標及び具体的な取組内容" | "目標及び具体的取組内容"))
        && cells().any(|c| matches!(c, "実施結果及び目標の達成度" | "目標の達成度"))
}

/// The line naming a goal sheet's goal column, where it and its results
/// column are each named alone on a line of their own by the sheet's long
/// names: a table's text taken cell by cell (`pdftotext` without
/// `-layout` of a Calc sheet: `部署名`, `目標及び具体的な取組内容`, the
/// departments and numbers, `実施結果及び目標の達成度` further down; read
/// as an outline of no rows, it said `ok`: helper-164).
/// The department's column is named so above them (`部署名`): a guide to
/// filling the columns in names them alone too, but no department's
/// (review).
pub(crate) fn columns_named_apart(lines: &[Line<'_>]) -> Option<usize> {
    let alone = |names: &[&str]| lines.iter().position(|l| names.contains(&l.trim()));
    let goal = alone(&["目標及び具体的な取組内容", "目標及び具体的取組内容"])?;
    alone(&["実施結果及び目標の達成度"])?;
    lines[..goal]
        .iter()
        .any(|l| DEPARTMENT_COLUMN_WORDS.contains(&l.trim()))
        .then_some(goal)
}

/// Whether a line is a goal sheet's column header naming the goal or
/// results column as well as the department's (`部署名` alone, or `所属`,
/// is a form's field, not a sheet).
pub(crate) fn is_full_sheet_header(line: &str) -> bool {
    is_sheet_header(line)
        && header_words(line).iter().any(|word| {
            ["目標", "取組内容", "実施結果", "達成度"]
                .iter()
                .any(|w| word.contains(w))
        })
}

/// A goal sheet's title: of the first lines above its table (a few, blank
/// ones aside), the one that titles a sheet (see [`is_titled_a_sheet`]),
/// else the first. A row of stamp boxes over the title (`区長⇥副区長⇥課長`,
/// rev86 p38) is no title.
pub(crate) fn title_above<'a>(lines: &'a [Line<'_>]) -> Option<&'a str> {
    title_lines(lines)
        .map(|i| lines[i].trim())
        .find(|line| is_sheet_title(line))
        .or_else(|| first_line(lines))
}

/// Whether the document's first lines (a few, blank ones aside) hold a
/// goal sheet's title (`令和6年度向上指針取組シート`, `…サービス向上指針取組状況`).
pub(crate) fn titles_a_sheet(lines: &[Line<'_>]) -> bool {
    title_lines(lines).any(|i| {
        ["取組シート", "向上指針", "取組状況"]
            .iter()
            .any(|w| lines[i].contains(w))
    })
}

/// How many of a document's first lines [`titles_a_sheet`] looks at.
const TITLE_LINES: usize = 3;

/// The indices of the lines a title is looked for in: the document's
/// first [`TITLE_LINES`], blank ones aside.
fn title_lines<'a>(lines: &'a [Line<'_>]) -> impl Iterator<Item = usize> + 'a {
    (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .take(TITLE_LINES)
}

/// Whether the document's first lines (a few, blank ones aside) hold a
/// line that is a goal sheet's title and nothing else: one that ends with
/// `取組シート` or `取組状況`, or with a ward office after them
/// (`令和6年度向上指針取組シート 東架空区役所`, `…取組シート（北架空区役所）`).
/// Not a line that speaks of a sheet (`…取組シートの取りまとめについて`,
/// `向上指針取組シート 分類別集計`, `取組状況報告書`).
pub(crate) fn is_titled_a_sheet(lines: &[Line<'_>]) -> bool {
    title_lines(lines).any(|i| is_sheet_title(&lines[i]))
}

/// Whether a line is a goal sheet's title and nothing else (see
/// [`is_titled_a_sheet`]): no kana before the title's last word (a
/// sentence's, `…会議で令和5年度の取組状況`) but a ward's name's
/// (`丘の上区役所`), `取組状況` only after
/// `向上指針` (`…サービス向上の取組状況` is a report's), and after it
/// nothing or a ward office's name alone (not `…の提出について 東架空区役所`).
fn is_sheet_title(line: &str) -> bool {
    let bracket_or_space = |c: char| c.is_whitespace() || matches!(c, '（' | '）' | '(' | ')');
    // Told first by its end, most lines in a look.
    let end = line.trim_end_matches(bracket_or_space);
    if !(end.ends_with("シート") || end.ends_with("状況") || end.ends_with("区役所")) {
        return false;
    }
    let line = line.trim();
    // A word with kana is a sentence's, but for the `の` or `が` of a
    // ward's name (`丘の上区役所`, `自由が丘区`).
    let speaks = |word: &str| {
        word.char_indices().any(|(at, c)| {
            is_hiragana(c)
                && !(matches!(c, 'の' | 'が')
                    && word[at + c.len_utf8()..].chars().take(3).any(|c| c == '区'))
        })
    };
    ["取組シート", "取組状況"].iter().any(|w| {
        line.rfind(w).is_some_and(|at| {
            let (before, rest) = (&line[..at], &line[at + w.len()..]);
            let rest = rest.trim_matches(bracket_or_space);
            !before.split_whitespace().any(speaks)
                && (*w == "取組シート" || before.trim_end().ends_with("向上指針"))
                && (rest.is_empty() || is_ward_office(rest))
        })
    })
}

/// Whether a text is a ward office's name alone (`東架空区役所`,
/// `自由が丘区役所`): short, ending in 区役所, no white space, no kana but
/// the `の` or `が` of a name.
fn is_ward_office(text: &str) -> bool {
    text.chars().count() <= WARD_OFFICE_CHARS
        && text.ends_with("区役所")
        && text
            .chars()
            .all(|c| !c.is_whitespace() && !is_hiragana(c) || matches!(c, 'の' | 'が'))
}

/// The most characters of a ward office's name (`自由が丘区役所`).
const WARD_OFFICE_CHARS: usize = 10;

/// The line of a second sheet's title: below the document's own (in its
/// first lines), a goal sheet's title again for another fiscal year or
/// another ward, the ward read from the title's line or from a ward
/// office's name alone on the line after it (two wards' sheets on one
/// page, or two files joined). The title printed again on every page
/// (the same year, the same ward or none) is a running head.
pub(crate) fn second_title(lines: &[Line<'_>], first: &Metadata) -> Option<usize> {
    let own = title_lines(lines).find(|&i| is_sheet_title(&lines[i]))?;
    // A title stands alone on its line: in a cell of its own where the
    // line has tabs (a PDF's text below a table), not in a row's.
    let alone = |i: usize| {
        lines[i]
            .split('\t')
            .filter(|c| !c.trim().is_empty())
            .count()
            == 1
    };
    (own + 1..lines.len())
        .filter(|&i| is_sheet_title(&lines[i]) && alone(i))
        .find(|&i| {
            let next = (i + 1..lines.len())
                .find(|&j| !lines[j].trim().is_empty())
                .filter(|&j| is_ward_office(lines[j].trim()))
                .map_or("", |j| lines[j].as_ref());
            let again = read_metadata(None, &format!("{}\n{next}", lines[i].as_ref()));
            let year = |m: &Metadata| m.fiscal_year.as_ref().map(|y| y.gregorian);
            matches!((year(first), year(&again)), (Some(a), Some(b)) if a != b)
                || matches!((&first.ward, &again.ward), (Some(a), Some(b)) if a != b)
        })
}

/// Words that name a goal column in a header (`目標及び具体的な取組内容`,
/// `取組目標`, `取組内容`) and open a goal's headings (`【取組目標】`).
pub(crate) const GOAL_WORDS: [&str; 3] = ["目標", "取組", "内容"];

/// Whether a line is a column header that opens with the department's
/// column and names two or more fiscal years as its columns, every other
/// word a column's name (`部署名 区分 令和4年度 令和5年度 令和6年度`): a
/// multi-year comparison's, whose rows hold one text per year, not a goal
/// and a result. (Not a header naming one year over its columns,
/// `部署名 令和5年度 目標 令和5年度 実施結果`.)
pub(crate) fn names_year_columns(line: &str) -> bool {
    // Such a header opens with its department column (`部署名`, `課名`,
    // `所属`, `担当課` …, letter-spaced or not), and most lines do not:
    // told by their first character, without searching or splitting them.
    let start = line.trim_start_matches([' ', '\t', '　']);
    if !start.starts_with(['部', '課', '所', '担']) || !line.contains("年度") {
        return false;
    }
    let words = header_words(line);
    let is_year = |w: &str| w.ends_with("年度") && w.chars().count() <= 8;
    let mut years: Vec<&str> = words
        .iter()
        .map(AsRef::as_ref)
        .filter(|w| is_year(w))
        .collect();
    years.sort_unstable();
    years.dedup();
    words
        .first()
        .is_some_and(|w| DEPARTMENT_COLUMN_WORDS.contains(&w.as_ref()))
        && words.iter().all(|w| is_year(w) || is_column_word(w))
        && years.len() >= 2
}

/// The score of a goal-sheet layout for a document whose column header
/// names fiscal years (see [`names_year_columns`]), if it has one (looked
/// for once, in `memo`).
pub(crate) fn year_columns_score(lines: &[Line<'_>], memo: &Memo) -> Option<Score> {
    let h = (*memo
        .year_columns
        .get_or_init(|| lines.iter().position(|l| names_year_columns(l))))?;
    Some(Score::new(
        0.0,
        vec![format!(
            "column header naming fiscal years at line {}: a multi-year comparison, no goal sheet",
            h + 1
        )],
    ))
}

/// Whether a line is `以上` alone (however spaced: `以　上`, right-aligned),
/// the mark that ends a Japanese document.
pub(crate) fn is_closing_mark(line: &str) -> bool {
    repair_label(line) == "以上"
}

/// Whether a line is a number alone (a page number, where it stands
/// between rows or paragraphs).
pub(crate) fn is_bare_number(line: &str) -> bool {
    let line = line.trim();
    (1..=3).contains(&line.len()) && line.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a line ends a sentence (or a bracket).
pub(crate) fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['。', ')', '）', '」'])
}

/// Whether a goal cell's text reads like a goal: enough Japanese in it, or
/// a Japanese sentence however short (目標一。).
pub(crate) fn is_goal_text(text: &str) -> bool {
    // Counted up to the minimum only: a goal is long, the answer known early.
    let japanese = text
        .chars()
        .filter(|&c| is_japanese(c))
        .take(MIN_GOAL_CHARS)
        .count();
    japanese >= MIN_GOAL_CHARS || japanese > 0 && text.trim_end().ends_with('。')
}

/// Whether `text` is made of a category label's characters: Japanese, with
/// the Latin letters of an abbreviation or a word beside it (`ICT活用`,
/// `SNS発信`, `Web活用`).
pub(crate) fn is_label_text(text: &str) -> bool {
    text.chars().all(is_label_char) && text.chars().any(is_japanese)
}

/// Whether a character may be a category label's (see [`is_label_text`]).
pub(crate) fn is_label_char(c: char) -> bool {
    is_japanese(c) || c.is_ascii_alphabetic()
}

/// Whether a label is two or three words of two to four kanji or katakana
/// joined with `・` (`対面・電話対応`: seven characters, one word too long
/// for a label's usual shape), one of them known or eight characters at
/// most in all; not katakana alone (`メール・チャット`), no heading's words
/// (`取組・結果`).
pub(crate) fn joins_labels(text: &str) -> bool {
    let kanji = |c: char| matches!(c, '\u{4E00}'..='\u{9FFF}');
    let word = |part: &str| {
        (2..=4).contains(&part.chars().count()) && part.chars().all(|c| kanji(c) || is_katakana(c))
    };
    let parts = text.split('・');
    (2..=3).contains(&parts.clone().count())
        && parts.clone().all(word)
        && text.chars().any(kanji)
        && (parts.clone().any(is_known_category) || text.chars().count() <= 8)
        && !GOAL_WORDS
            .iter()
            .chain(&["結果", "実施"])
            .any(|w| text.contains(w))
}

/// Whether a label is one of the category labels the sheets print.
pub(crate) fn is_known_category(label: &str) -> bool {
    KNOWN_CATEGORIES.contains(&label)
}

/// The positive evidence a goal sheet must show before its rows are
/// believed: numbered items under a department-like cell, with goal text,
/// and either the sheet's column header or its category labels. A table of
/// dates, a memo with a numbered answer or an article with numbered sections
/// has the numbers but never all of the rest.
#[derive(Debug, Default)]
pub(crate) struct Evidence {
    /// Numbered items found.
    pub(crate) numbered: usize,
    /// Items whose department cell names a unit (…課, …部, …センター).
    pub(crate) departments: usize,
    /// Items with goal text.
    pub(crate) goals: usize,
    /// Items whose label is a known category (対面対応, 共通 …).
    pub(crate) categories: usize,
    /// The 0-based line of a column header with a department column.
    pub(crate) header: Option<usize>,
}

impl Evidence {
    /// What is missing, in words; empty when the evidence is complete.
    fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.numbered == 0 {
            missing.push("numbered item");
        }
        if self.departments == 0 {
            missing.push("department cell naming a unit (…課, …部, …センター)");
        }
        if self.goals == 0 {
            missing.push("goal text beside an item number");
        }
        if self.header.is_none() && self.categories == 0 {
            missing.push("column header with 部署名 or a known category label (対面対応, 共通 …)");
        }
        missing
    }

    /// The evidence in words.
    fn describe(&self) -> Vec<String> {
        let mut found = vec![format!(
            "{} numbered items: {} under a unit name, {} with goal text, {} with a known category label",
            self.numbered, self.departments, self.goals, self.categories
        )];
        found.push(match self.header {
            Some(h) => format!("column header with a department column at line {}", h + 1),
            None => "no column header with a department column".to_owned(),
        });
        found
    }

    /// The recognizer's own score when the evidence is complete; otherwise
    /// 0, with what was missing.
    pub(crate) fn gate(&self, score: impl FnOnce(Vec<String>) -> Score) -> Score {
        let missing = self.missing();
        let mut evidence = self.describe();
        if missing.is_empty() {
            return score(evidence);
        }
        evidence.push(format!("missing: {}", missing.join("; ")));
        Score::new(0.0, evidence)
    }
}

/// An item number as printed: `1`, `2・3`, `4〜6`, `1,3`. Not `1-2` or
/// `1.2`: a branch number (枝番, item 1's second), which tables of other
/// kinds number their rows with, as often as a merged row's `2・3`.
static NUMBER: Lazy<Regex> = lazy_regex!(r"^[0-9０-９]{1,2}(?:\s*[・,、〜~]\s*[0-9０-９]{1,2})*$");

/// Whether a text is a branch number (`2-3`, `2.3`: item 2's third, or a
/// merged row typed otherwise), which the sheets do not number rows with.
pub(crate) fn is_branch_number(text: &str) -> bool {
    static BRANCH: Lazy<Regex> = lazy_regex!(r"^[0-9０-９]{1,3}[.\-][0-9０-９]{1,3}$");
    BRANCH.is_match(text)
}

/// Whether a text is an item number cut after a separator (`2・`, `4〜`):
/// a number cell `2・3` a page break cut in two.
pub(crate) fn is_cut_number(text: &str) -> bool {
    text.trim()
        .strip_suffix(['・', ',', '、', '〜', '~'])
        .is_some_and(|head| parse_number(head).is_some())
}

/// Parses an item number as printed (`1`, `2・3`, `4〜6`) into the numbers
/// it stands for; `None` if the text is not an item number.
pub(crate) fn parse_number(text: &str) -> Option<(String, Vec<u32>)> {
    let text = text.trim();
    // A number starts and ends with a digit: most lines fail here, before
    // the regex.
    if !text.starts_with(|c: char| c.is_ascii_digit())
        || !text.ends_with(|c: char| c.is_ascii_digit())
        || !NUMBER.is_match(text)
    {
        return None;
    }
    let mut numbers = Vec::new();
    for part in text.split(['・', ',', '、']) {
        match part.split_once(['〜', '~']) {
            Some((from, to)) => {
                let (from, to) = (
                    from.trim().parse::<u32>().ok()?,
                    to.trim().parse::<u32>().ok()?,
                );
                if to < from || to - from > 20 {
                    return None;
                }
                numbers.extend(from..=to);
            }
            None => numbers.push(part.trim().parse().ok()?),
        }
    }
    Some((text.to_owned(), numbers))
}

/// Category labels (分類) seen on the sheets. Used to decide how many
/// spaced-out pieces of a one-cell `1 対面 対応 goal…` belong to the label,
/// and as evidence that a document is a goal sheet.
pub(crate) const KNOWN_CATEGORIES: &[&str] = &[
    "対面対応",
    "対面応対",
    "庁内体制",
    "共通",
    "お知らせ",
    "電話対応",
    "電話応対",
    "応対",
    "電話・対面",
    "電話・対面応対",
    "庁舎案内",
    "共有",
    "対面",
    "対応",
];

/// A row under construction.
pub(crate) struct PendingRow {
    pub(crate) department_path: Vec<String>,
    pub(crate) number: String,
    pub(crate) numbers: Vec<u32>,
    pub(crate) category: Option<String>,
    pub(crate) goal: Vec<String>,
    pub(crate) result: Vec<String>,
    pub(crate) first: usize,
    pub(crate) last: usize,
}

/// Joins a row's collected cell lines into field text.
pub(crate) fn finish_row(mut row: PendingRow) -> Row {
    let goal = join_wrapped(&row.goal);
    let result = join_wrapped(&row.result);
    collapse_reprints(&mut row.department_path);
    Row {
        department: row.department_path.last().cloned().unwrap_or_default(),
        department_path: row.department_path,
        number: row.number,
        numbers: row.numbers,
        category: row.category,
        goal,
        result: (!result.is_empty()).then_some(result),
        provenance: Provenance {
            lines: span(row.first, row.last),
            page: None,
            bbox: None,
            boxes: Vec::new(),
        },
    }
}

/// Whether a sentence announces a list (`以下の部署と…`, `次の課で…`): a
/// unit's name after it is the list's, not a footer or a misplaced name.
pub(crate) fn announces_list(sentence: &str) -> bool {
    ["以下の", "次の", "下記の"]
        .iter()
        .any(|w| sentence.contains(w))
}

/// Brackets a label or a heading may be printed in, open and close
/// (`【電話対応】`, `《窓口環境》`, `＜区民部＞` once normalized).
pub(crate) const BRACKETS: [(char, char); 6] = [
    ('【', '】'),
    ('〔', '〕'),
    ('[', ']'),
    ('《', '》'),
    ('〈', '〉'),
    ('<', '>'),
];

/// A text inside one pair of [`BRACKETS`] around all of it.
pub(crate) fn unbracketed(text: &str) -> Option<&str> {
    BRACKETS
        .iter()
        .find_map(|&(open, close)| text.strip_prefix(open)?.strip_suffix(close))
}

/// Whether a text is a unit's name and nothing else: name-like, ending like
/// a unit, with no qualifier or label (`区長室`; not `（担当：庶務係）`).
pub(crate) fn is_plain_unit(name: &str) -> bool {
    is_name_like(name) && ends_like_unit(name) && !name.contains(['(', ':', '（', '：'])
}

/// Whether a text is a unit's contact: its name and its telephone number
/// (`区長室 電話044-000-0000`, `総務課 TEL：044-…`), as a sheet's footer
/// prints it.
pub(crate) fn is_unit_contact(text: &str) -> bool {
    ["電話", "TEL", "Tel", "℡"].iter().any(|w| {
        text.split_once(w).is_some_and(|(before, after)| {
            is_plain_unit(before.trim())
                && after
                    .trim_start_matches([':', '：', ' '])
                    .starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// Whether a line is a bracketed author's note naming a unit, as running
/// feet print it (`（企画課作成）`; not `（令和6年4月作成）` or
/// `（チラシ作成）`).
pub(crate) fn names_author(line: &str) -> bool {
    line.trim()
        .strip_prefix(['（', '('])
        .and_then(|t| t.strip_suffix([')', '）']))
        .and_then(|inner| inner.strip_suffix("作成"))
        .is_some_and(|who| {
            let who = who.trim();
            is_name_like(who)
                && ends_like_unit(who)
                && !who.contains(['は', 'の', 'を', 'が'])
                && !who.contains(char::is_numeric)
        })
}

/// Takes a unit printed again off a department path: the same unit twice
/// in a row (`危機管理担当/危機管理担当`, a name a later page or every row
/// prints again, read as a unit within itself), or the path's last units
/// twice (`区民部/戸籍担当/区民部/戸籍担当`). No ward office has a unit
/// within one of the same name.
fn collapse_reprints(path: &mut Vec<String>) {
    // The same unit twice in a row, anywhere in the path.
    path.dedup();
    // Repeats of the last two to four units, the longest first.
    while let Some(k) = (2..=4.min(path.len() / 2))
        .rev()
        .find(|&k| path[path.len() - 2 * k..path.len() - k] == path[path.len() - k..])
    {
        path.truncate(path.len() - k);
    }
}

/// What a sheet none of whose rows has a result is told: that its results
/// column is empty (`expects_results`: the header names one), as a note —
/// a warning where more than half the goals end as results do, as
/// results read into the goals do; or, where every goal reads as something done (`…を確認した。`, `…との
/// 意見があった。`: a goal says what will be done, `…します。`), a warning:
/// the text is a record's (minutes laid out as unit, number, label and
/// text) or results read as goals, not a sheet's goals.
pub(crate) fn without_results(
    rows: &[Row],
    expects_results: bool,
    at: Option<LineSpan>,
) -> Option<Diagnostic> {
    if rows.is_empty() || rows.iter().any(|r| r.result.is_some()) {
        return None;
    }
    if rows.iter().all(|r| reads_as_done(&r.goal)) {
        return Some(Diagnostic::whole(
            Level::Warning,
            DiagnosticCode::LowConfidence,
            "no row has a result and every goal reads as done (…た。): the text may be a \
             record or results, not a sheet's goals"
                .into(),
        ));
    }
    // Goals that end as a result does (`…しました。`), more than half of
    // them, under a results column no row fills: the results read into
    // the goals, as a dump without the blank line between the two cells
    // gives them (`pdftotext -raw`: `…共有します。` `6月と11月に…反映
    // しました。`), not a sheet before its results (whose goals may end on
    // a sentence of background, `昨年度は椅子が不足しました。`).
    let done = rows
        .iter()
        .filter(|r| r.goal.trim_end().trim_end_matches('。').ends_with("ました"))
        .count();
    if expects_results && done * 2 > rows.len() {
        return Some(Diagnostic {
            level: Level::Warning,
            code: DiagnosticCode::LowConfidence,
            message: format!(
                "the sheet has a results column but no row fills it, and {done} of {} goals \
                 end as results do (…ました。): results may have been read into the goals",
                rows.len()
            ),
            lines: at,
            offset: None,
        });
    }
    expects_results.then(|| Diagnostic {
        level: Level::Info,
        code: DiagnosticCode::NoResults,
        message: "the sheet has a results column but no row fills it".into(),
        lines: at,
        offset: None,
    })
}

/// Whether a text's last sentence says what was done: it ends in `た`
/// (`した。`, `あった。`, `行った`).
pub(crate) fn reads_as_done(text: &str) -> bool {
    let text = text.trim_end();
    text.strip_suffix('。').unwrap_or(text).ends_with('た')
}

/// A goal sheet as a recognizer returns it; its metadata is read from the
/// preamble.
pub(crate) fn sheet(title: Option<String>, preamble: Vec<PreambleLine>, rows: Vec<Row>) -> Sheet {
    let metadata_text = preamble
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Sheet {
        title,
        metadata_text,
        content: Content::GoalSheet { preamble, rows },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header of years as columns, not one naming a year over its
    /// columns, nor prose naming years (review: sheets read as outlines).
    #[test]
    fn a_header_of_years_names_two_years_as_columns() {
        assert!(names_year_columns(
            "部署名 区分 令和4年度 令和5年度 令和6年度"
        ));
        assert!(names_year_columns("部 署 名\t令和5年度\t令和6年度"));
        for line in [
            "部署名 令和5年度 目標 令和5年度 実施結果",
            "所属 令和4年度 令和5年度 の取組を記載",
            "令和5年度 令和6年度 部署名",
            "部署名 令和6年度",
        ] {
            assert!(!names_year_columns(line), "{line}");
        }
    }

    #[test]
    fn a_unit_printed_again_is_taken_off_the_path() {
        let collapsed = |units: &[&str]| {
            let mut path: Vec<String> = units.iter().map(|u| u.to_string()).collect();
            collapse_reprints(&mut path);
            path
        };
        assert_eq!(
            collapsed(&["危機管理担当", "危機管理担当"]),
            ["危機管理担当"]
        );
        assert_eq!(
            collapsed(&["区民部", "戸籍担当", "区民部", "戸籍担当"]),
            ["区民部", "戸籍担当"]
        );
        assert_eq!(
            collapsed(&["総務課", "危機管理担当", "危機管理担当", "危機管理担当"]),
            ["総務課", "危機管理担当"]
        );
        assert_eq!(
            collapsed(&["区民部", "区民課", "区民部"]),
            ["区民部", "区民課", "区民部"]
        );
        assert_eq!(collapsed(&[]), Vec::<String>::new());
    }

    #[test]
    fn item_numbers() {
        assert_eq!(parse_number("1"), Some(("1".into(), vec![1])));
        assert_eq!(parse_number("2・3"), Some(("2・3".into(), vec![2, 3])));
        assert_eq!(parse_number("4〜6"), Some(("4〜6".into(), vec![4, 5, 6])));
        assert_eq!(parse_number("1,3"), Some(("1,3".into(), vec![1, 3])));
        // Branch numbers (`1-2`: item 1's second) are none.
        for not in ["", "1階", "2023", "①", "6〜4", "1-2", "2.3"] {
            assert_eq!(parse_number(not), None, "{not}");
        }
    }
}
