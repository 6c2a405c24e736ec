//! What every recognizer may use: the line ledger, page furniture, eras and
//! fiscal years, unit names, metadata and table cells. Character classes
//! live one stage down, in `plansheet_text::chars`.

pub(crate) mod columns;
pub(crate) mod era;
pub(crate) mod furniture;
pub(crate) mod ledger;
pub(crate) mod metadata;
pub(crate) mod units;

use lazy_regex::{Lazy, Regex, lazy_regex};

/// The cells of a tab-separated line, trimmed: how every table dump
/// separates its columns.
pub(crate) fn cells(line: &str) -> Vec<&str> {
    line.split('\t').map(str::trim).collect()
}

/// A parenthesized number opening a line, `(1)`, and the rest.
pub(crate) static PAREN_NUMBER: Lazy<Regex> = lazy_regex!(r"^\(([0-9０-９]{1,2})\)\s*(.*)$");

/// [`PAREN_NUMBER`]'s number and rest, read by hand where the number is in
/// ASCII digits (the pattern's captures run the whole line through the slower of the regex engines).
pub(crate) fn paren_number_marker(t: &str) -> Option<(&str, &str)> {
    let inner = t.strip_prefix('(')?;
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    let after = inner.get(digits..)?.chars().next();
    if digits == 0 || after.is_some_and(char::is_numeric) {
        let c = PAREN_NUMBER.captures(t)?;
        return Some((c.get(1)?.as_str(), c.get(2)?.as_str()));
    }
    let (number, tail) = inner.split_at(digits);
    let rest = tail.strip_prefix(')').filter(|_| digits <= 2)?;
    Some((number, rest.trim_start()))
}

/// The katakana that mark items: the first of the gojūon order and of the
/// iroha order.
const KATAKANA_MARKERS: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノロハホヘリルヲ";

/// Whether a character marks a katakana item (`ア`, `ロ`).
pub(crate) fn is_katakana_marker(c: char) -> bool {
    KATAKANA_MARKERS.contains(c)
}

/// A katakana item mark opening a line, set apart from its text by a
/// space or a full stop (`ア　青色防犯パトロール…`, `イ．…`), and the rest:
/// the mark as printed (with its stop), and the text. Not a word's first
/// letter (`アンケート…`).
pub(crate) fn katakana_marker(t: &str) -> Option<(&str, &str)> {
    let first = t.chars().next().filter(|&c| is_katakana_marker(c))?;
    let rest = &t[first.len_utf8()..];
    let stop = rest.chars().next().filter(|c| ['．', '.'].contains(c));
    let mark = &t[..first.len_utf8() + stop.map_or(0, char::len_utf8)];
    let after = &t[mark.len()..];
    if stop.is_none() && !after.starts_with(['　', ' ']) {
        return None;
    }
    let text = after.trim_start();
    (!text.is_empty()).then_some((mark, text))
}
