//! Japanese eras (元号) and fiscal years (年度): the one place that turns
//! `令和7年度` or `平成元年度` into a Gregorian year.

use lazy_regex::{Lazy, Regex, lazy_regex};

use crate::common::furniture::same_but_spacing;
use crate::model::FiscalYear;

/// The eras modern documents use, with the Gregorian year each began in.
/// An era's first year is 元年 (year 1).
const ERAS: [(&str, i32); 5] = [
    ("明治", 1868),
    ("大正", 1912),
    ("昭和", 1926),
    ("平成", 1989),
    ("令和", 2019),
];

/// An era name (any two kanji, checked against [`ERAS`] afterwards) and a
/// year, followed by 年度.
static FISCAL_YEAR: Lazy<Regex> = lazy_regex!(r"(\p{Han}{2})\s*(元|[0-9０-９]{1,2})\s*年度");

/// The Gregorian year in which year `year` of `era` starts; `None` for a
/// name that is not an era. An era may be printed by its initial (`R5`,
/// `H30`, `S63`); no era, the year is the Gregorian one (`2023年度`).
fn gregorian(era: &str, year: u32) -> Option<i32> {
    match era_name(era) {
        WESTERN => (1900..=2199)
            .contains(&year)
            .then(|| i32::try_from(year).ok())?,
        era => {
            let (_, start) = ERAS.iter().find(|(name, _)| *name == era)?;
            Some(start - 1 + i32::try_from(year).ok()?)
        }
    }
}

/// An era's name in full: its initial spelled out (`R` 令和, `H` 平成, `S`
/// 昭和), and none printed the Western calendar's ([`WESTERN`]).
fn era_name(era: &str) -> &str {
    match era {
        "R" | "Ｒ" => "令和",
        "H" | "Ｈ" => "平成",
        "S" | "Ｓ" => "昭和",
        "" => WESTERN,
        name => name,
    }
}

/// The era a fiscal year printed in Gregorian years (`2023年度`) is given:
/// 西暦, the Western calendar.
const WESTERN: &str = "西暦";

/// The year of an era as printed: `元` (the first year) or digits.
fn era_year(year: &str) -> Option<u32> {
    match year {
        "元" => Some(1),
        digits => digits.parse().ok(),
    }
}

/// The Gregorian year of an era year as printed (`平成`, `元`).
pub(crate) fn printed_gregorian(era: &str, year: &str) -> Option<i32> {
    gregorian(era, era_year(year)?)
}

/// A fiscal year from its printed parts: the era name and the year as
/// printed (`元` or digits). `printed` is what the document shows.
pub(crate) fn fiscal_year(printed: &str, era: &str, year: &str) -> Option<FiscalYear> {
    let era_year = era_year(year)?;
    Some(FiscalYear {
        printed: printed.to_owned(),
        era: era_name(era).to_owned(),
        era_year,
        gregorian: gregorian(era, era_year)?,
    })
}

/// The first fiscal year (`令和7年度`) printed in `text`.
pub(crate) fn first_fiscal_year(text: &str) -> Option<FiscalYear> {
    // The pattern opens with no literal the regex engine could look for
    // first: a text without `年度` is not searched.
    memchr::memmem::find(text.as_bytes(), "年度".as_bytes())?;
    FISCAL_YEAR
        .captures_iter(text)
        .find_map(|c| fiscal_year(c.get(0)?.as_str(), c.get(1)?.as_str(), c.get(2)?.as_str()))
}

/// The latest Gregorian year a text's fiscal years (`令和6年度～令和8年度`)
/// name, by their eras: `None` where it names none.
pub(crate) fn latest_fiscal_year(text: &str) -> Option<i32> {
    FISCAL_YEAR
        .captures_iter(text)
        .filter_map(|c| printed_gregorian(c.get(1)?.as_str(), c.get(2)?.as_str()))
        .max()
}

/// Whether `line` is the title `title` with another fiscal year
/// (`令和6年度向上指針取組シート` under `令和5年度向上指針取組シート`): a
/// second sheet's or plan's.
pub(crate) fn retitles(title: &str, line: &str) -> bool {
    // The line first: most lines name no fiscal year, and the title's is
    // then not looked for.
    let Some(again) = after_fiscal_year(line) else {
        return false;
    };
    after_fiscal_year(title).is_some_and(|kind| {
        !kind.trim().is_empty() && same_but_spacing(kind, again) && !same_but_spacing(title, line)
    })
}

/// What a title says after the fiscal year it opens with (`令和6年度`,
/// `平成30年度`, `R6年度`, `2024年度`), or after the range of years it
/// opens with (`令和6年度～令和7年度`, `令和6年度から令和8年度`).
pub(crate) fn after_fiscal_year(line: &str) -> Option<&str> {
    let rest = after_one_fiscal_year(line)?;
    let to = rest.trim_start();
    let to = ["～", "〜", "~", "－", "-", "から"]
        .iter()
        .find_map(|mark| to.strip_prefix(mark));
    Some(to.and_then(after_one_fiscal_year).unwrap_or(rest))
}

/// What a line says after the one fiscal year it opens with.
fn after_one_fiscal_year(line: &str) -> Option<&str> {
    // (`memmem`, not `split_once`: this is asked of every line of an
    // outline, and `str`'s search sets itself up for each.)
    let line = line.trim_start();
    let at = memchr::memmem::find(line.as_bytes(), "年度".as_bytes())?;
    let (year, rest) = (&line[..at], &line[at + "年度".len()..]);
    let year = ["令和", "平成", "R", "H"]
        .iter()
        .find_map(|era| year.strip_prefix(era))
        .unwrap_or(year)
        .trim();
    let number =
        year == "元" || (1..=4).contains(&year.len()) && year.bytes().all(|b| b.is_ascii_digit());
    number.then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eras_convert_to_gregorian_years() {
        assert_eq!(gregorian("令和", 7), Some(2025));
        assert_eq!(gregorian("令和", 1), Some(2019));
        assert_eq!(gregorian("平成", 29), Some(2017));
        assert_eq!(gregorian("平成", 31), Some(2019));
        assert_eq!(gregorian("昭和", 64), Some(1989));
        assert_eq!(gregorian("大正", 15), Some(1926));
        assert_eq!(gregorian("明治", 45), Some(1912));
        assert_eq!(gregorian("計画", 1), None);
    }

    #[test]
    fn the_first_real_era_year_is_taken() {
        let fy = first_fiscal_year("計画期間 本市10年度、平成元年度から").unwrap();
        assert_eq!(
            (
                fy.printed.as_str(),
                fy.era.as_str(),
                fy.era_year,
                fy.gregorian
            ),
            ("平成元年度", "平成", 1, 1989)
        );
        assert_eq!(
            first_fiscal_year("令和 7 年度").map(|f| f.gregorian),
            Some(2025)
        );
        assert_eq!(first_fiscal_year("前年度より"), None);
    }
}
