//! What a document says about itself: title, ward and fiscal year.

use lazy_regex::{Lazy, Regex, lazy_regex};

use crate::common::era;
use crate::common::furniture::same_but_spacing;
use crate::model::Metadata;

/// A ward office's name (幸区役所), from which the ward (幸区) is read.
static WARD: Lazy<Regex> = lazy_regex!(r"([\p{Han}\p{Katakana}ー]{1,6}区)役所");

/// Reads title, ward and fiscal year from the text above the table.
pub(crate) fn read_metadata(title: Option<&str>, preamble_text: &str) -> Metadata {
    let fiscal_year = era::first_fiscal_year(preamble_text);
    // (A text without `区役所` is not searched: see `first_fiscal_year`.)
    let ward = memchr::memmem::find(preamble_text.as_bytes(), "区役所".as_bytes())
        .and_then(|_| WARD.captures(preamble_text))
        .and_then(|c| c.get(1))
        .map(|m| format!("{}{}", kana_joined(&preamble_text[..m.start()]), m.as_str()));
    Metadata {
        title: title.map(|t| t.trim().to_owned()),
        ward,
        fiscal_year,
    }
}

/// Whether `line` is the title `title` for another ward's office
/// (`令和6年度　幸区役所サービス向上計画` under `令和6年度　川崎区役所サービス
/// 向上計画`): each names a ward office, not the same, and without the
/// office's name the two read the same but for spacing.
pub(crate) fn names_another_ward(title: &str, line: &str) -> bool {
    // Most lines name no ward office: the title is then not looked at.
    if memchr::memmem::find(line.as_bytes(), "区役所".as_bytes()).is_none() {
        return false;
    }
    // (The fiscal year the title opens with aside: another ward's plan
    // for a later year is another plan too.)
    let title = era::after_fiscal_year(title).unwrap_or(title);
    let line = era::after_fiscal_year(line).unwrap_or(line);
    let (Some(a), Some(b)) = (WARD.find(title), WARD.find(line)) else {
        return false;
    };
    let without =
        |text: &str, m: regex::Match<'_>| format!("{}{}", &text[..m.start()], &text[m.end()..]);
    a.as_str() != b.as_str() && same_but_spacing(&without(title, a), &without(line, b))
}

/// The start of a ward's name with a kana between its kanji (`丘の上区`,
/// `藤が丘区`, `自由が丘区`), which the pattern, kanji and katakana only,
/// leaves out: the word (after white space or the line's start) right
/// before the name found, one or two kanji or katakana and `の` or `が`
/// after them. Longer, or with another kana, it is a sentence's words
/// (`令和元年度の中原区役所`, `川崎市の…`, `各課は…`): its ward is the name
/// found.
fn kana_joined(before: &str) -> &str {
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or(before);
    let joined = word.strip_suffix(['の', 'が']).is_some_and(|head| {
        (1..=2).contains(&head.chars().count()) && head.chars().all(is_kanji_or_katakana)
    });
    if joined { word } else { "" }
}

/// Whether a character may open a ward's name: kanji, katakana, `ー`.
fn is_kanji_or_katakana(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | 'ー')
        || ('ァ'..='ヺ').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_reads_fiscal_year_and_ward() {
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

    /// Kana between a ward name's kanji (rev64's probes: 丘の上区役所 read
    /// as 上区, 藤が丘区役所 as 丘区, status ok).
    #[test]
    fn a_ward_name_with_kana_between_its_kanji_is_read_whole() {
        for (text, ward) in [
            ("令和6年度向上指針取組シート\n\n丘の上区役所\n", "丘の上区"),
            (
                "令和6年度向上指針取組シート\n　藤が丘区役所 総務課\n",
                "藤が丘区",
            ),
            ("令和6年度向上指針取組シート\n桐ヶ丘区役所\n", "桐ヶ丘区"),
            ("令和6年度の幸区役所\n", "幸区"),
            ("ようこそ幸区役所へ\n", "幸区"),
            ("令和6年度向上指針取組シート 中原区役所\n", "中原区"),
            ("自由が丘区役所\n", "自由が丘区"),
            // A sentence's words before the name (review).
            ("令和元年度の中原区役所\n", "中原区"),
            ("本年度の中原区役所の取組\n", "中原区"),
            ("川崎市の中原区役所\n", "中原区"),
            ("各課は中原区役所の目標を定めます\n", "中原区"),
            ("平成31年度向上指針取組シート 藤が丘区役所\n", "藤が丘区"),
        ] {
            let m = read_metadata(None, text);
            assert_eq!(m.ward.as_deref(), Some(ward), "{text}");
        }
    }
}
