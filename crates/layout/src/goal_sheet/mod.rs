//! Goal sheets (向上指針取組シート): numbered items per department, with a
//! category label, a goal and a result. Two recognizers read them — `table`
//! for tab-separated dumps and `flow` for PDF text flow — and share what is
//! here: item numbers, the known category labels, rows under construction
//! and the sheet they make.

pub(crate) mod flow;
pub(crate) mod table;

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::join_wrapped;

use crate::common::ledger::span;
use crate::model::{Content, PreambleLine, Provenance, Row};
use crate::recognizer::Sheet;

/// An item number as printed: `1`, `2・3`, `4〜6`, `1,3`.
static NUMBER: Lazy<Regex> = lazy_regex!(r"^\d{1,2}(?:\s*[・,、〜~]\s*\d{1,2})*$");

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
pub(crate) fn finish_row(row: PendingRow) -> Row {
    let goal = join_wrapped(&row.goal);
    let result = join_wrapped(&row.result);
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
        },
    }
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
}
