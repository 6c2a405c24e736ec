//! What a document says about itself: title, ward and fiscal year.

use lazy_regex::{Lazy, Regex, lazy_regex};

use crate::common::era;
use crate::model::Metadata;

/// A ward office's name (幸区役所), from which the ward (幸区) is read.
static WARD: Lazy<Regex> = lazy_regex!(r"([\p{Han}\p{Katakana}ー]{1,6}区)役所");

/// Reads title, ward and fiscal year from the text above the table.
pub(crate) fn read_metadata(title: Option<&str>, preamble_text: &str) -> Metadata {
    let fiscal_year = era::first_fiscal_year(preamble_text);
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
}
