//! Organisational unit names (部署名): what a department cell holds.

use plansheet_text::chars::is_japanese;

use crate::goal_sheet::parse_number;

/// Unit-name endings: a wrapped name is complete once it ends in one of
/// these (まちづくり推進部, 総務課, 道路公園センター, 危機管理担当,
/// 会計管理者 …; not 委員会, which 選挙管理委員会 / 事務局 wraps after).
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
    "管理者",
];

pub(crate) fn ends_like_unit(name: &str) -> bool {
    let name = name.trim_end_matches([')', '）']);
    UNIT_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// How deep in the ward office a unit stands, where its name says so
/// beyond doubt: 0 a bureau holding divisions (こども未来局; not a
/// secretariat, 事務局), 1 a division (区民部, 会計管理者), 2 a section
/// (区民課), 3 a team within one (庶務係). `None` for names that do not
/// say: a centre or an office may hold divisions (地域みまもり支援センター
/// over 地域支援部) or stand within one, a 室 may be a division (区長室) or
/// a section (会計室), and a 担当 may answer to the ward (危機管理担当) or
/// to a section.
pub(crate) fn unit_depth(name: &str) -> Option<u8> {
    let name = name.trim_end_matches([')', '）']);
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| name.ends_with(s));
    if ends(&["係", "班", "グループ", "チーム"]) {
        Some(3)
    } else if name.ends_with('課') {
        Some(2)
    } else if ends(&["部", "管理者"]) {
        Some(1)
    } else if name.ends_with('局') && !name.ends_with("事務局") {
        Some(0)
    } else {
        None
    }
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

/// Groups the lines of a department cell into organisational units, top
/// down. A name wrapped over lines is joined until it ends like a unit
/// (`地域みまもり` + `支援センター`); a line in parentheses qualifies the unit
/// before it; blank lines always separate units.
pub(crate) fn group_units(blocks: &[Vec<&str>]) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    // Parentheses the last unit opened and did not close, counted as it
    // grows (counting its whole text for each line made a long one
    // quadratic).
    let mut open = 0isize;
    for block in blocks {
        let mut current = String::new();
        for line in block {
            let line = line.trim();
            // A qualifier in parentheses, or the rest of one a wrap cut
            // (`(福祉事務所・保健所` / `支所)`), belongs to the unit before.
            if (line.starts_with(['(', '（']) || open > 0)
                && current.is_empty()
                && let Some(last) = units.last_mut()
            {
                last.push_str(line);
                open += parentheses(line);
                continue;
            }
            current.push_str(line);
            if ends_like_unit(&current) {
                open = parentheses(&current);
                units.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            open = parentheses(&current);
            units.push(current);
        }
    }
    units
}

/// The words of a department cell's lines: cut at white space and at a
/// path's slashes ([`slash_pieces`]).
pub(crate) fn path_words<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let words: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .flat_map(slash_pieces)
        .collect();
    // A slash alone between words is no unit (`区民部 / 区民課`); a cell of
    // slashes alone keeps them.
    let slash = |w: &&str| w.chars().all(|c| matches!(c, '/' | '／'));
    match words.iter().all(slash) {
        true => words,
        false => words.into_iter().filter(|w| !slash(w)).collect(),
    }
}

/// A department cell's text cut at the slashes a path's units are printed
/// between (`区民部 / 区民課`, `区民部／区民課`), which are no unit's part; a
/// slash at an edge (`/区民課`) cuts nothing off. The text as it is where a
/// piece is not Japanese (`06/22/2015`), where it holds no piece (a slash
/// alone), or where it holds parentheses, whose slashes are a qualifier's
/// (`（福祉事務所/保健所支所）`).
pub(crate) fn slash_pieces(text: &str) -> Vec<&str> {
    if !text.contains(['/', '／']) || text.contains(['(', '（', ')', '）']) {
        return vec![text];
    }
    let pieces: Vec<&str> = text
        .split(['/', '／'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match !pieces.is_empty() && pieces.iter().all(|p| p.chars().any(is_japanese)) {
        true => pieces,
        false => vec![text],
    }
}

/// Parentheses `text` opens less those it closes.
fn parentheses(text: &str) -> isize {
    text.chars()
        .map(|c| match c {
            '(' | '（' => 1,
            ')' | '）' => -1,
            _ => 0,
        })
        .sum()
}

/// What a figure counts where a wrap left it at a line's start (`2 名体制`,
/// `3 件`, `4 月改定`).
const COUNTERS: [char; 24] = [
    '名', '人', '件', '回', '日', '時', '分', '月', '年', '割', '倍', '円', '枚', '冊', '台', '階',
    '歳', '校', '社', '個', '本', '点', '週', 'つ',
];

/// Whether a character is a counter (see [`COUNTERS`]).
pub(crate) fn is_counter(c: char) -> bool {
    COUNTERS.contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_department_cells_words_are_cut_at_a_paths_slashes_only() {
        assert_eq!(
            path_words(&["区民部 / 区民課", "保健福祉部／高齢・障害課 /総務課"]),
            ["区民部", "区民課", "保健福祉部", "高齢・障害課", "総務課"]
        );
        // Not a date's, nor a word with a piece that is no name, nor a
        // qualifier's in parentheses; a cell of a slash alone keeps it.
        assert_eq!(
            path_words(&[
                "06/22/2015 区民課",
                "区民課/2",
                "支援センター(福祉事務所/保健所)"
            ]),
            [
                "06/22/2015",
                "区民課",
                "区民課/2",
                "支援センター(福祉事務所/保健所)"
            ]
        );
        assert_eq!(path_words(&["/"]), ["/"]);
        assert_eq!(slash_pieces("/"), ["/"]);
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
        let blocks = vec![vec![
            "地域みまもり支援センター",
            "(福祉事務所・保健所",
            "支所)",
            "地域支援課",
        ]];
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

    /// A qualifier left open is followed as it grows, without counting its
    /// parentheses again for every word (which made a long one quadratic).
    #[test]
    fn an_open_qualifier_takes_the_words_after_it() {
        let mut words = vec!["総務課", "(あ"];
        words.extend(vec!["い"; 10_000]);
        words.extend(["う)", "地域支援課"]);
        let units = group_units(&[words]);
        assert_eq!(units.len(), 2);
        assert_eq!(
            units[0].chars().count(),
            "総務課(あ".chars().count() + 10_000 + 2
        );
        assert_eq!(units[1], "地域支援課");
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
