//! What the goal-sheet layouts share: the line ledger that guarantees no text
//! is lost, page furniture (titles, column headers, headings, policies,
//! page numbers), item numbers, unit names and metadata.

use std::sync::LazyLock;

use plansheet_text::{count_non_blank, join_wrapped, repair_label};
use regex::Regex;

use crate::model::{
    Coverage, FiscalYear, Fragment, LineSpan, Metadata, PreambleKind, PreambleLine,
};

/// Records which input lines a field has claimed and how many non-blank
/// characters the fields hold, so that whatever no field claimed ends up in
/// `unassigned` and the coverage figure measures the output, not the claims.
pub(crate) struct Ledger<'a> {
    lines: &'a [String],
    claimed: Vec<bool>,
    accounted: usize,
}

impl<'a> Ledger<'a> {
    pub(crate) fn new(lines: &'a [String]) -> Self {
        Ledger {
            lines,
            claimed: vec![false; lines.len()],
            accounted: 0,
        }
    }

    /// Marks lines (0-based) as claimed by a field whose text, taken from
    /// exactly those lines, is `output`.
    pub(crate) fn claim(&mut self, lines: impl IntoIterator<Item = usize>, output: &str) {
        for i in lines {
            if let Some(slot) = self.claimed.get_mut(i) {
                *slot = true;
            }
        }
        self.accounted += count_non_blank(output);
    }

    pub(crate) fn is_claimed(&self, i: usize) -> bool {
        self.claimed.get(i).copied().unwrap_or(false)
    }

    /// Lists every unclaimed non-blank line in `unassigned` (consecutive
    /// lines together) and computes the coverage.
    pub(crate) fn finish(self) -> (Vec<Fragment>, Coverage) {
        let mut unassigned: Vec<Fragment> = Vec::new();
        let mut accounted = self.accounted;
        let mut previous: Option<usize> = None;
        for (i, line) in self.lines.iter().enumerate() {
            if self.claimed[i] || line.trim().is_empty() {
                continue;
            }
            accounted += count_non_blank(line);
            match unassigned.last_mut() {
                Some(fragment) if previous == Some(i - 1) => {
                    fragment.text.push('\n');
                    fragment.text.push_str(line.trim_end());
                    fragment.lines.end = i + 1;
                }
                _ => unassigned.push(Fragment {
                    text: line.trim_end().to_owned(),
                    lines: LineSpan::line(i + 1),
                }),
            }
            previous = Some(i);
        }
        let chars_in: usize = self.lines.iter().map(|l| count_non_blank(l)).sum();
        let ratio = if chars_in == 0 {
            1.0
        } else {
            accounted as f64 / chars_in as f64
        };
        let coverage = Coverage {
            chars_in,
            chars_accounted: accounted,
            ratio: (ratio * 10_000.0).round() / 10_000.0,
        };
        (unassigned, coverage)
    }
}

/// The 1-based span of 0-based lines `first..=last`.
pub(crate) fn span(first: usize, last: usize) -> LineSpan {
    LineSpan {
        start: first + 1,
        end: last + 1,
    }
}

/// Column-header words of the goal sheets (部署名 | 目標及び具体的な取組内容
/// | 実施結果及び目標の達成度 and their shorter variants).
const COLUMN_HEADER_WORDS: &[&str] = &[
    "部署名",
    "部署",
    "課名",
    "所属",
    "番号",
    "No",
    "No.",
    "分類",
    "区分",
    "目標",
    "目標及び具体的な取組内容",
    "目標及び具体的取組内容",
    "具体的な取組内容",
    "取組内容",
    "実施結果",
    "実施結果及び目標の達成度",
    "目標の達成度",
    "達成度",
    "自己評価",
    "評価",
];

/// Whether every cell or word of the line is a column-header word.
pub(crate) fn is_column_header(line: &str) -> bool {
    let mut words = line
        .split(['\t', ' ', '　'])
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some() && words.all(|w| COLUMN_HEADER_WORDS.contains(&w))
}

/// Whether a column header announces a results column.
pub(crate) fn announces_results(line: &str) -> bool {
    line.contains("実施結果") || line.contains("達成度")
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^、。,.\t]{0,20}(方針|目標|理念|基準)$").unwrap_or_else(|_| unreachable!())
});

/// A section heading such as 区役所サービス向上方針: short, no sentence
/// punctuation, ending in 方針 / 目標 / 理念 / 基準.
pub(crate) fn is_heading(line: &str) -> bool {
    let text = repair_label(line);
    text.chars().count() >= 4 && HEADING.is_match(&text)
}

/// A policy heading, under which numbered policies (①…) follow.
pub(crate) fn is_policy_heading(line: &str) -> bool {
    is_heading(line) && repair_label(line).ends_with("方針")
}

/// The circled number a policy line starts with.
pub(crate) fn circled_marker(line: &str) -> Option<char> {
    line.trim_start()
        .chars()
        .next()
        .filter(|c| ('①'..='⑳').contains(c))
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-‐–—]\s*\d{1,3}\s*[-‐–—]|\d{1,3}\s*/\s*\d{1,3}|(?:P|p)\.?\s*\d{1,3})$")
        .unwrap_or_else(|_| unreachable!())
});

/// Page numbers as office software prints them: `- 3 -`, `3 / 5`, `P.3`.
pub(crate) fn is_page_number(line: &str) -> bool {
    PAGE_NUMBER.is_match(line.trim())
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,2}(?:\s*[・,、〜~]\s*\d{1,2})*$").unwrap_or_else(|_| unreachable!())
});

/// Parses an item number as printed (`1`, `2・3`, `4〜6`) into the numbers
/// it stands for; `None` if the text is not an item number.
pub(crate) fn parse_number(text: &str) -> Option<(String, Vec<u32>)> {
    let text = text.trim();
    if !NUMBER.is_match(text) {
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

/// Unit-name endings: a wrapped name is complete once it ends in one of
/// these (まちづくり推進部, 総務課, 道路公園センター, 危機管理担当 …).
const UNIT_SUFFIXES: &[&str] = &[
    "部",
    "課",
    "室",
    "局",
    "所",
    "係",
    "班",
    "担当",
    "センター",
    "本部",
    "グループ",
    "チーム",
    "事務所",
    "支所",
    "出張所",
    "区役所",
];

pub(crate) fn ends_like_unit(name: &str) -> bool {
    let name = name.trim_end_matches([')', '）']);
    UNIT_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Whether a line could be (part of) a unit name in a department cell:
/// short, not indented, no sentence punctuation, not a list item, some
/// Japanese in it.
pub(crate) fn is_name_like(line: &str) -> bool {
    let text = line.trim_end();
    let len = text.chars().count();
    (1..=30).contains(&len)
        && !text.starts_with(char::is_whitespace)
        && !text.contains(['。', '、', ',', '，', '「', '」'])
        && !plansheet_text::is_paragraph_start(text)
        && text.chars().any(is_japanese)
        && parse_number(text).is_none()
}

pub(crate) fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Category labels (分類) seen on the sheets. Used only to decide how many
/// spaced-out pieces of a one-cell `1 対面 対応 goal…` belong to the label.
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

/// Groups the lines of a department cell into organisational units, top
/// down. A name wrapped over lines is joined until it ends like a unit
/// (`地域みまもり` + `支援センター`); a line in parentheses qualifies the unit
/// before it; blank lines always separate units.
pub(crate) fn group_units(blocks: &[Vec<&str>]) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for block in blocks {
        let mut current = String::new();
        for line in block {
            let line = line.trim();
            if line.starts_with(['(', '（'])
                && current.is_empty()
                && let Some(last) = units.last_mut()
            {
                last.push_str(line);
                continue;
            }
            current.push_str(line);
            if ends_like_unit(&current) {
                units.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            units.push(current);
        }
    }
    units
}

/// Classifies the furniture lines of a sheet region: the title (and its
/// repeats), column headers, headings, policies with their wrapped
/// continuation lines, page numbers. Returns one entry per furniture line
/// group, with 0-based line indices.
pub(crate) fn find_furniture(
    lines: &[String],
    title: Option<&str>,
    eligible: impl Fn(usize) -> bool,
) -> Vec<(PreambleKind, Option<char>, Vec<usize>)> {
    let mut found = Vec::new();
    let mut in_policies = false;
    let standalone = |i: usize| {
        let blank = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .is_none_or(|l| l.trim().is_empty())
        };
        blank(i.checked_sub(1)) && blank(Some(i + 1))
    };
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
        if title.is_some_and(|t| repair_label(line) == repair_label(t)) {
            found.push((PreambleKind::Title, None, vec![i]));
            in_policies = false;
        } else if is_column_header(line) {
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
        } else if standalone(i) && is_page_number(line) {
            found.push((PreambleKind::PageNumber, None, vec![i]));
        } else {
            in_policies = false;
        }
        i += 1;
    }
    found
}

/// Turns a furniture group into a preamble line, claiming its lines.
pub(crate) fn preamble_line(
    ledger: &mut Ledger<'_>,
    lines: &[String],
    kind: PreambleKind,
    marker: Option<char>,
    group: &[usize],
) -> PreambleLine {
    let texts: Vec<&str> = group.iter().map(|&i| lines[i].as_str()).collect();
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

static FISCAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(令和|平成|昭和)\s*(元|\d{1,2})\s*年度").unwrap_or_else(|_| unreachable!())
});

static WARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}\p{Katakana}ー]{1,6}区)役所").unwrap_or_else(|_| unreachable!())
});

/// Converts an era year to the Gregorian year it starts in.
pub(crate) fn gregorian(era: &str, year: u32) -> Option<i32> {
    let base = match era {
        "令和" => 2018,
        "平成" => 1988,
        "昭和" => 1925,
        _ => return None,
    };
    Some(base + i32::try_from(year).ok()?)
}

/// Reads title, ward and fiscal year from the text above the table.
pub(crate) fn read_metadata(title: Option<&str>, preamble_text: &str) -> Metadata {
    let fiscal_year = FISCAL_YEAR.captures(preamble_text).and_then(|c| {
        let era = c.get(1)?.as_str();
        let era_year = match c.get(2)?.as_str() {
            "元" => 1,
            digits => digits.parse().ok()?,
        };
        Some(FiscalYear {
            printed: c.get(0)?.as_str().to_owned(),
            era: era.to_owned(),
            era_year,
            gregorian: gregorian(era, era_year)?,
        })
    });
    let ward = WARD
        .captures(preamble_text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_owned());
    Metadata {
        title: title.map(|t| t.trim().to_owned()),
        ward,
        fiscal_year,
    }
}

/// The first non-blank line: the title on every sheet plansheet knows.
pub(crate) fn first_line(lines: &[String]) -> Option<&str> {
    lines.iter().map(|l| l.trim()).find(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_numbers() {
        assert_eq!(parse_number("1"), Some(("1".into(), vec![1])));
        assert_eq!(parse_number("2・3"), Some(("2・3".into(), vec![2, 3])));
        assert_eq!(parse_number("4〜6"), Some(("4〜6".into(), vec![4, 5, 6])));
        assert_eq!(parse_number("1,3"), Some(("1,3".into(), vec![1, 3])));
        for not in ["", "1階", "2023", "①", "6〜4"] {
            assert_eq!(parse_number(not), None, "{not}");
        }
    }

    #[test]
    fn eras_convert_to_gregorian_years() {
        assert_eq!(gregorian("令和", 7), Some(2025));
        assert_eq!(gregorian("令和", 1), Some(2019));
        assert_eq!(gregorian("平成", 29), Some(2017));
        assert_eq!(gregorian("昭和", 64), Some(1989));
        let m = read_metadata(Some("平成元年度 計画"), "平成元年度 計画\n川崎区役所");
        let fy = m.fiscal_year.unwrap();
        assert_eq!((fy.era_year, fy.gregorian), (1, 1989));
        assert_eq!(m.ward.as_deref(), Some("川崎区"));
    }

    #[test]
    fn ward_is_not_taken_from_a_heading_that_starts_with_ku() {
        let m = read_metadata(
            None,
            "区役所サービス向上方針\n令和4年度向上指針取組シート 中原区役所",
        );
        assert_eq!(m.ward.as_deref(), Some("中原区"));
    }

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
        for p in ["- 3 -", "3 / 5", "P.3", "－１２－"] {
            assert!(is_page_number(&plansheet_text::normalize_chars(p)), "{p}");
        }
        assert!(!is_page_number("3"));
    }

    #[test]
    fn a_preamble_without_blank_lines_still_has_headings_and_policies() {
        let lines: Vec<String> = [
            "区役所サービス向上方針",
            "①丁寧に",
            "説明します。",
            "②迅速に対応します。",
            "区役所サービス向上目標",
            "部署名\t目標",
        ]
        .map(String::from)
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

    #[test]
    fn unit_names_group_over_wraps_and_parentheses() {
        let blocks = vec![
            vec!["地域みまもり", "支援センター"],
            vec!["(福祉事務所・保健所支所)"],
            vec!["地域支援課"],
        ];
        assert_eq!(
            group_units(&blocks),
            [
                "地域みまもり支援センター(福祉事務所・保健所支所)",
                "地域支援課"
            ]
        );
        let blocks = vec![vec!["まちづくり推進部", "総務課"]];
        assert_eq!(group_units(&blocks), ["まちづくり推進部", "総務課"]);
        let blocks = vec![vec!["学校・地域連携"]];
        assert_eq!(group_units(&blocks), ["学校・地域連携"]);
    }

    #[test]
    fn name_likeness() {
        for yes in [
            "総務課",
            "地域みまもり",
            "(福祉事務所・保健所支所)",
            "学校・地域連携",
        ] {
            assert!(is_name_like(yes), "{yes}");
        }
        for no in [
            "　具体的には",
            "た。",
            "ど、相手の",
            "・要件",
            "1",
            "(1)週1回",
            "HP",
        ] {
            assert!(!is_name_like(no), "{no}");
        }
    }
}
