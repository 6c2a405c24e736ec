//! Doubts about finished goal-sheet rows: shapes no sheet prints, which a
//! misread line leaves behind. The rules that place lines decide from the
//! lines around them; some shapes they cannot tell apart (a department
//! cell longer than the row beside it, a running foot, a unit's heading
//! above rows that print none), and then a row is read wrong. What it
//! leaves is often plain in the finished rows: a path that holds a
//! sentence, a fragment or the ward's name; a result that ends, after its
//! last sentence, in a unit's bare name. Each such row gets a
//! `suspect_row` warning, so that the document is `partial`, never `ok`.

use std::collections::{HashMap, HashSet};

use super::{
    KNOWN_CATEGORIES, announces_list, is_known_category, is_unit_contact, names_author, unbracketed,
};
use crate::common::units::{ends_like_unit, unit_depth};
use crate::model::{Diagnostic, DiagnosticCode, Level, LineSpan, PreambleLine, Row};

/// The most `suspect_row` warnings a document gets; one more counts the
/// rest.
const MAX_DOUBTS: usize = 20;

/// A unit's name holds at least this many characters (区民課, 会計室): a
/// shorter one (進課, 課) is a piece of a name cut over lines.
const MIN_UNIT_CHARS: usize = 3;

/// Labels that are everyday words too: no evidence of a label where they
/// stand in text, nor pieces of labels run together (`電話・対面対応` is
/// one).
const WORDS: [&str; 4] = ["対応", "対面", "応対", "共有"];

/// Sentence ends, after which a text's tail is judged.
const SENTENCE_ENDS: [char; 5] = ['。', '！', '？', '!', '?'];

/// Places and counts whose names end like a unit's (室, 所, 部).
const PLACES: [&str; 13] = [
    "か所",
    "箇所",
    "ヶ所",
    "ケ所",
    "場所",
    "避難所",
    "会議室",
    "相談室",
    "待合室",
    "授乳室",
    "事業所",
    "一部",
    "全部",
];

/// What opens no sentence: the rest of one, cut from its cell.
const ENDINGS: [&str; 6] = ["ました", "ます。", "ません", "した。", "し、", "す。"];

/// The `suspect_row` warnings for a goal sheet's rows; `preamble` is the
/// sheet's page header and furniture, whose lines are no unit's name. A
/// row the parser warned about already (`warned`, the lines of its
/// warnings) gets none: one warning says the row is in doubt. `tabbed`:
/// whether a row is a text dump's tab-separated line, whose cells were
/// joined with the tab read as a space.
pub(crate) fn doubts(
    rows: &[Row],
    preamble: &[PreambleLine],
    warned: &[LineSpan],
    tabbed: impl Fn(&Row) -> bool,
) -> Vec<Diagnostic> {
    let header: HashSet<&str> = preamble
        .iter()
        .map(|p| p.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    // Units that head the first row's path, or a row's path over units of
    // their own: a ward, a division or a sheet's one department printed
    // above the table too is no header printed again there (a header line
    // read as a later row's whole path is).
    let heads: HashSet<&str> = rows
        .iter()
        .enumerate()
        .filter(|(k, r)| *k == 0 || r.department_path.len() > 1)
        .filter_map(|(_, r)| r.department_path.first().map(String::as_str))
        .collect();
    let is_warned = warned_lines(warned, rows);
    // A sheet that numbers on across its units (a unit's first row goes on
    // from the unit above's last, and none starts at 1) prints an item 2
    // under a new unit after an item 1 as any other.
    let starts: Vec<usize> = (1..rows.len())
        .filter(|&k| rows[k].department_path != rows[k - 1].department_path)
        .collect();
    let mid_block =
        |k: usize| k >= 2 && named_mid_block(&rows[k - 2], &rows[k - 1], &rows[k]).is_some();
    let numbers_on = starts.iter().any(|&k| {
        !mid_block(k)
            && rows[k].numbers.first().is_some_and(|&n| {
                n > 1
                    && rows[k - 1]
                        .numbers
                        .last()
                        .is_some_and(|&above| n == above + 1)
            })
    }) && !starts.iter().any(|&k| rows[k].numbers.first() == Some(&1));
    let mut found = Vec::new();
    // The numbers of the unit's rows numbered alone so far, and the first
    // line of each.
    let mut numbered: HashMap<u32, usize> = HashMap::new();
    for (k, row) in rows.iter().enumerate() {
        // A path is judged on the row it first appears on, not on every
        // row it is carried down to.
        let new_path = k == 0 || rows[k - 1].department_path != row.department_path;
        let mut why: Vec<String> = Vec::new();
        // (An item 1 numbers anew: a second sheet, a unit whose name
        // went missing, each said where it is found.)
        if new_path || row.numbers.first() == Some(&1) {
            numbered.clear();
        }
        // An item number the unit has had already (rev75 s01, s32: a
        // result going on over the page under its number printed again,
        // a sub-list numbered `１` `２` under its item, each read as an
        // item of its own, ok).
        // (Numbers alone: `1・2` over `2` is a sheet's own way.)
        let alone = match row.numbers[..] {
            [n] => Some(n),
            _ => None,
        };
        if let Some((n, line)) = alone.and_then(|n| numbered.get(&n).map(|&line| (n, line))) {
            why.push(format!(
                "the unit has an item {n} already (line {line}): a row going on under its \
                 number printed again, or a list inside an item, may have been read as an item"
            ));
        }
        if let Some(n) = alone {
            numbered.entry(n).or_insert(row.provenance.lines.start);
        }
        if new_path {
            let above = k.checked_sub(1).map(|j| &rows[j].department_path[..]);
            why.extend(path_doubt(&row.department_path, &header, &heads, above));
        }
        for (field, text) in [("goal", Some(&row.goal)), ("result", row.result.as_ref())] {
            let Some(text) = text else { continue };
            if let Some(tail) = unit_tail(text) {
                why.push(format!(
                    "the {field} ends in 「{tail}」 after its last sentence: a unit's name (more \
                     of the department cell, a heading of the rows below, a running foot) may \
                     have been added to it"
                ));
            }
            if let Some(stacked) = stacked_tail(text) {
                why.push(format!(
                    "the {field} ends in 「{stacked}」, a character a line: a label printed one \
                     character a line past its cell (or a column of vertical text) may have been \
                     added to it"
                ));
            }
            if let Some(ending) = cut_ending(text) {
                why.push(format!(
                    "a sentence in the {field} opens with 「{ending}」, the end of another: \
                     lines of two cells may have been joined"
                ));
            }
        }
        // A text dump's cells joined with the tab read as a space: a PDF's
        // goal holds a label and a space only as a sub-heading.
        if tabbed(row)
            && let Some(label) = label_in_goal(&row.goal)
        {
            why.push(format!(
                "a sentence in the goal opens with the label 「{label}」 and a space: a row \
                 whose number is lost may have been added to this one"
            ));
        }
        if let Some(category) = &row.category
            && runs_labels_together(category)
        {
            why.push(format!(
                "the category 「{category}」 is labels run together: a row whose number is \
                 lost may have been added to this one"
            ));
        }
        // Not where the row above was warned about already (its
        // department cell with its name on the next page, say).
        if k >= 2
            && !numbers_on
            && !is_warned(&rows[k - 1])
            && let Some(unit) = named_mid_block(&rows[k - 2], &rows[k - 1], row)
        {
            why.push(format!(
                "the unit 「{unit}」 starts at this row, item {} after item {} of the row \
                 above, which numbered anew from 1: a department cell printed at its middle \
                 may name the row above too",
                row.number,
                rows[k - 1].number
            ));
        }
        if !why.is_empty() && !is_warned(row) {
            found.push((row, why.join("; ")));
        }
    }
    let mut diagnostics: Vec<Diagnostic> = found
        .iter()
        .take(MAX_DOUBTS)
        .map(|(row, why)| {
            Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::SuspectRow,
                format!("row {} of {}: {why}", row.number, row.department),
                row.provenance.lines,
            )
        })
        .collect();
    if found.len() > MAX_DOUBTS {
        diagnostics.push(Diagnostic::whole(
            Level::Warning,
            DiagnosticCode::SuspectRow,
            format!("{} more rows are in doubt", found.len() - MAX_DOUBTS),
        ));
    }
    diagnostics
}

/// The characters of a field's last lines where two or more of them hold
/// one letter each (no stop or bracket): a label set one character a line
/// that ran out of its cell into the goal's (wkhtmltopdf's vertical label,
/// rev99 wk_mixed: `…削除します。` / `対` / `面`, the category `対応`), which
/// no sentence's wrap leaves.
fn stacked_tail(text: &str) -> Option<String> {
    let stacked: Vec<char> = text
        .lines()
        .rev()
        .map_while(|line| {
            let mut chars = line.trim().chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_alphanumeric() => Some(c),
                _ => None,
            }
        })
        .collect();
    (stacked.len() >= 2 && stacked.len() < text.lines().count())
        .then(|| stacked.iter().rev().collect())
}

/// Whether a row shares a line with a warning: the warnings' lines
/// marked once, then each row's span looked up in their running count
/// (linear in the lines, not rows times warnings).
fn warned_lines<'w>(warned: &[LineSpan], rows: &[Row]) -> impl Fn(&Row) -> bool + 'w {
    let last = warned
        .iter()
        .map(|w| w.end)
        .chain(rows.iter().map(|r| r.provenance.lines.end))
        .max()
        .unwrap_or(0);
    // `starts[n]`: warnings starting at line n, less those ending before.
    let mut starts = vec![0isize; last + 2];
    for w in warned.iter().filter(|w| w.start <= w.end) {
        starts[w.start] += 1;
        starts[w.end + 1] -= 1;
    }
    // `covered[n]`: how many of lines 1..=n some warning holds.
    let mut covered = vec![0usize; last + 2];
    let mut open = 0isize;
    for n in 1..=last {
        open += starts[n];
        covered[n] = covered[n - 1] + usize::from(open > 0);
    }
    move |row: &Row| {
        let lines = row.provenance.lines;
        let (start, end) = (lines.start.max(1), lines.end.min(last));
        start <= end && covered[end] > covered[start - 1]
    }
}

/// What makes a department path doubtful, if anything: a unit too short
/// for a name, one that reads as a sentence or a label, a line of the page
/// header (not one that heads the first row's path or a path over units
/// of its own, `heads`: a ward or division printed above the table and in
/// its cells), or two units of one level
/// in a path that grew out of the row above's (`above`: a line below a row
/// taken for a unit within it) or apart in it.
fn path_doubt(
    path: &[String],
    header: &HashSet<&str>,
    heads: &HashSet<&str>,
    above: Option<&[String]>,
) -> Option<String> {
    for unit in path {
        let unit = unit.as_str();
        let why = if unit.chars().count() < MIN_UNIT_CHARS && !is_short_name(unit)
            || BARE_SUFFIXES.contains(&unit)
        {
            "is too short for a unit's name: a name cut over lines may have been read in pieces"
        } else if !brackets_pair(unit) {
            "opens or closes a bracket it does not close or open: a name cut over lines (a \
             qualifier, `（福祉事務所・保健` / `所支所）`) may have been read in pieces"
        } else if unit.contains(['を', '、', '。'])
            || unit.contains("する")
            || unit.contains(['が', 'は']) && !ends_like_unit(unit)
        {
            "reads as a sentence, not a unit's name: a cell's wrapped text may have been read as \
             a department"
        } else if unit.contains(['：', ':']) {
            "is a label, not a unit's name: a footer or a note may have been read as a department"
        } else if header.contains(unit) && !heads.contains(unit) || starts_with_era(unit) {
            "is a line of the page header: the header printed again may have been read as a \
             department"
        } else {
            continue;
        };
        return Some(format!("the department 「{unit}」 {why}"));
    }
    // Two divisions, two sections …: one of them names rows elsewhere.
    // Not two side by side in a cell of its own (`区民課` / `保険年金課`,
    // sections sharing their rows), unless a line below a row was taken
    // for a unit within it (the path grew out of the row above's). Each
    // level's last unit kept as the path is walked: linear in its length.
    let grew = above.is_some_and(|above| {
        !above.is_empty() && above.len() < path.len() && path.starts_with(above)
    });
    let mut seen: [Option<usize>; 4] = [None; 4];
    for (k, unit) in path.iter().enumerate() {
        let Some(level) = level_of(unit) else {
            continue;
        };
        let slot = &mut seen[usize::from(level.min(3))];
        if let Some(j) = *slot
            && (grew || k > j + 1)
        {
            return Some(format!(
                "the department path holds 「{}」 and 「{unit}」, units of one level: one of \
                 them may name other rows",
                path[j]
            ));
        }
        *slot = Some(k);
    }
    None
}

/// What ends a unit's name, too long for [`MIN_UNIT_CHARS`] to tell, but no
/// name alone: the rest of one cut over lines (`保健福祉` / `センター`).
const BARE_SUFFIXES: [&str; 1] = ["センター"];

/// Whether a unit's brackets pair: each `（` or `(` closed after it, each
/// `）` or `)` opened before it. A name cut over lines inside its
/// qualifier leaves one half of the pair in each piece.
fn brackets_pair(unit: &str) -> bool {
    let mut open = 0usize;
    for c in unit.chars() {
        match c {
            '（' | '(' => open += 1,
            '）' | ')' => match open.checked_sub(1) {
                Some(left) => open = left,
                None => return false,
            },
            _ => {}
        }
    }
    open == 0
}

/// Names of two characters that units have (a branch office, 分室; a
/// numbered team, 1係): no piece of a longer name.
fn is_short_name(unit: &str) -> bool {
    const NAMES: [&str; 6] = ["分室", "支所", "本部", "支部", "別館", "分館"];
    let numbered = unit
        .strip_suffix(['係', '班'])
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_numeric() || c == '第'));
    NAMES.contains(&unit) || numbered
}

/// How deep a unit stands where no other unit of a ward office has the
/// same depth within it: a bureau (局), a division (部), a section (課), a
/// team (係). Not a headquarters (本部) or branch (支部), nor a 班, a group
/// or a team named so, which stand within a 係 or beside one.
fn level_of(unit: &str) -> Option<u8> {
    let unit = unit.trim_end_matches([')', '）']);
    if unit.ends_with("本部") || unit.ends_with("支部") {
        return None;
    }
    match unit_depth(unit)? {
        3 if !unit.ends_with('係') => None,
        1 if !unit.ends_with('部') => None,
        depth => Some(depth),
    }
}

/// Whether a name starts with an era's year (令和6年 …): a date line.
fn starts_with_era(unit: &str) -> bool {
    ["令和", "平成"].iter().any(|era| {
        unit.strip_prefix(era)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '元'))
    })
}

/// The tail of a text after its last sentence, where it is a unit's bare
/// name (`区民課`, not `区民課と連携`) or a bracketed attribution of the
/// kind running feet print (`（企画課作成）`); not where the last sentence
/// announces a list (`次の課で実施しました。` / `区民課`).
fn unit_tail(text: &str) -> Option<&str> {
    // Most cells end their last sentence: no tail, and nothing to search.
    if text.trim_end().ends_with(SENTENCE_ENDS) {
        return None;
    }
    let end = text.rfind(SENTENCE_ENDS)?;
    let (before, tail) = text.split_at(end);
    let tail = tail[tail.chars().next()?.len_utf8()..].trim();
    if tail.is_empty() || tail.chars().count() > 30 {
        return None;
    }
    let last_sentence = before.rfind(SENTENCE_ENDS).map_or(before, |k| &before[k..]);
    if announces_list(last_sentence) {
        return None;
    }
    let attribution = names_author(tail) || is_unit_contact(tail);
    // Bare names: each word of the tail a unit's (the ward's and a unit's,
    // `北架空区役所 企画課`, a page's foot printed in the cell), or a unit's
    // name marked as a heading is (`【区民部】`, `■区民部`, `2 区民部`: a
    // division's heading between its sections' rows).
    let mut words = tail.split_whitespace().peekable();
    if words
        .next_if(|w| w.chars().all(|c| c.is_ascii_digit()))
        .is_some()
        && words.peek().is_none()
    {
        return None;
    }
    // A name wrapped before its `・` (`児童家庭支援` / `・虐待対策室`) is
    // one word.
    let mut joined: Vec<String> = Vec::new();
    for word in words {
        match joined.last_mut() {
            Some(last) if word.starts_with('・') => last.push_str(word),
            _ => joined.push(word.to_owned()),
        }
    }
    let words: Vec<&str> = joined.iter().map(|w| unmarked(w)).collect();
    // Names after a ward office's (a page's foot): more than one name
    // after anything else is a list of the units a result names (`【関係課】
    // 区民課 保険年金課`).
    let bare = match words.as_slice() {
        [one] => is_bare_name(one),
        [office, rest @ ..] => office.ends_with("役所") && rest.iter().all(|w| is_bare_name(w)),
        [] => false,
    };
    (attribution || bare).then_some(tail)
}

/// A word without the marks that set a heading off (`【区民部】`, `＜区民部＞`,
/// `■区民部`): a pair of the brackets labels and headings are printed in
/// around all of it, or a bullet before it.
fn unmarked(word: &str) -> &str {
    unbracketed(word)
        .or_else(|| word.strip_prefix(['■', '□', '◆', '◇', '●', '○', '◎', '▼', '▲', '★', '☆']))
        .unwrap_or(word)
}

/// Whether a word is a unit's bare name: letters from its first character
/// (after a qualifier in brackets, `（福祉事務所・保健所支所）高齢・障害課`), no
/// particle, not a place or a count (`第1会議室`, `避難所`, `計12か所`).
fn is_bare_name(word: &str) -> bool {
    // (A qualifier that names a unit itself: not a note, `（参考）`.)
    let named = match word.strip_prefix(['（', '(']) {
        Some(rest) => rest
            .split_once(['）', ')'])
            .filter(|(qualifier, _)| ends_like_unit(qualifier))
            .map(|(_, after)| after),
        None => Some(word),
    };
    named.is_some_and(|n| n.starts_with(char::is_alphabetic))
        && ends_like_unit(word)
        && !word.contains(['を', 'が', 'は', 'に', 'で', 'と', '、', '：', ':'])
        && !PLACES.iter().any(|p| word.ends_with(p))
}

/// Whether a line opens with the rest of a sentence cut from its cell
/// and ends one (`ます。`, `した。`): no sentence opens so. (Not `し、`,
/// which goes on.)
pub(crate) fn opens_with_ending(line: &str) -> bool {
    let line = line.trim_start();
    ENDINGS
        .iter()
        .filter(|e| !e.ends_with('、'))
        .any(|e| line.starts_with(e))
}

/// The ending a sentence of the text opens with, where it is the rest of
/// another (`。ました`).
fn cut_ending(text: &str) -> Option<&'static str> {
    plansheet_text::chars::full_stops(text).find_map(|k| {
        let after = text[k + '。'.len_utf8()..].trim_start();
        // Every ending opens with ま, し or す: one look at most sentences.
        if !after.starts_with(['ま', 'し', 'す']) {
            return None;
        }
        ENDINGS.iter().copied().find(|e| after.starts_with(e))
    })
}

/// A known label that opens a sentence of a goal, followed by a space
/// (`…保ちます。電話対応 庁舎案内図を…`): the cells of a row of its own.
/// Not the labels that are everyday words (対応, 対面, 応対, 共有), which a
/// paragraph may open with; not before a full-width space, which a
/// sub-heading is set off with (`電話対応　…`), the cells' tab read as a
/// space being half-width.
fn label_in_goal(goal: &str) -> Option<&'static str> {
    // No half-width space, no label before one.
    if !goal.bytes().any(|b| b == b' ' || b == b'\t') {
        return None;
    }
    // What follows each line break and sentence end (the goal's start is
    // none): the pieces between them, each looked at once, found a byte
    // at a time (`split` on one character), not decoded.
    goal.split('\n')
        .enumerate()
        .flat_map(|(k, paragraph)| paragraph.split('。').skip(usize::from(k == 0)))
        .find_map(|after| {
            let labels = KNOWN_CATEGORIES.iter().filter(|l| !WORDS.contains(l));
            labels.copied().find(|label| {
                after
                    .strip_prefix(label)
                    .is_some_and(|rest| rest.starts_with([' ', '\t']))
            })
        })
}

/// Whether a category is two or more known labels run together
/// (`電話対応対面対応`), itself none. How many labels each end of it can
/// be cut into is counted from the back, once per position: linear in the
/// category's length.
fn runs_labels_together(category: &str) -> bool {
    if is_known_category(category) {
        return false;
    }
    let n = category.len();
    // `most[i]`: the most labels `category[i..]` is cut into, 0 for none.
    let mut most = vec![0usize; n + 1];
    for i in (0..n).rev().filter(|&i| category.is_char_boundary(i)) {
        most[i] = KNOWN_CATEGORIES
            .iter()
            .filter(|label| !WORDS.contains(label) && category[i..].starts_with(*label))
            .filter_map(|label| match i + label.len() {
                end if end == n => Some(1),
                end => (most[end] > 0).then(|| most[end] + 1),
            })
            .max()
            .unwrap_or(0);
    }
    most[0] >= 2
}

/// The unit `row` starts, where it starts mid-block: the row above
/// (`restart`) numbered anew from 1 after the numbered row `before` — under
/// the same unit, or under a unit of its own that does not share its top
/// unit with `row`'s (a division numbering across its sections does) —
/// and `row` goes on with the next number under a unit of its own. A
/// department cell aligned to its middle prints the block's name beside
/// its second row.
fn named_mid_block<'r>(before: &Row, restart: &Row, row: &'r Row) -> Option<&'r str> {
    let restarted = restart.numbers.first() == Some(&1)
        && !before.numbers.is_empty()
        && (restart.department_path == before.department_path
            || restart.department_path.first() != row.department_path.first());
    let goes_on = row.numbers.first().copied() == restart.numbers.last().map(|n| n + 1)
        && row.department_path != restart.department_path;
    (restarted && goes_on).then_some(row.department.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two last lines or more of one letter each are a stacked label's;
    /// one is not (a wrap may leave a character, `す`), nor a field of
    /// such lines alone, nor a stop.
    #[test]
    fn characters_stacked_one_a_line_end_no_sentence() {
        assert_eq!(
            stacked_tail("情報を削除します。\n対\n面").as_deref(),
            Some("対面")
        );
        assert_eq!(stacked_tail("情報を削除しま\nす"), None);
        assert_eq!(stacked_tail("対\n面"), None);
        assert_eq!(stacked_tail("削除します。\n・\n。"), None);
        assert_eq!(stacked_tail("削除します。"), None);
    }

    #[test]
    fn a_unit_name_after_the_last_sentence_is_a_tail() {
        assert_eq!(
            unit_tail("確認しました。地域支援部地域ケア推進課"),
            Some("地域支援部地域ケア推進課")
        );
        assert_eq!(
            unit_tail("集約しました。(企画課作成)"),
            Some("(企画課作成)")
        );
        assert_eq!(unit_tail("集約しました。\n区民課"), Some("区民課"));
        // A qualifier before the unit, the ward's name and a unit's, a
        // contact (a department cell's lines, a page's foot, printed with
        // no tab: rev56's probes, status ok).
        for (text, tail) in [
            (
                "短縮しました。（福祉事務所・保健所支所）高齢・障害課",
                "（福祉事務所・保健所支所）高齢・障害課",
            ),
            ("新しくしました。北架空区役所 企画課", "北架空区役所 企画課"),
            (
                "短縮しました。区長室 電話 044-000-0000",
                "区長室 電話 044-000-0000",
            ),
            // A division's heading between its sections' rows, marked
            // (rev59's probes, status ok).
            ("更新しました。\n【区民部】", "【区民部】"),
            ("更新しました。\n■区民部", "■区民部"),
            ("更新しました。\n2 区民部", "2 区民部"),
            (
                "徹底しました。\n児童家庭支援\n・虐待対策室",
                "児童家庭支援\n・虐待対策室",
            ),
        ] {
            assert_eq!(unit_tail(text), Some(tail), "{text}");
        }
        // Not a name, a name with words around it, an attribution the
        // result prints in brackets, a list announced, no sentence.
        for text in [
            "集約しました。",
            "集約しました。区民課と連携",
            "集約しました。会場　区役所第1会議室",
            "集約しました。計12か所",
            "集約しました。避難所",
            "集約しました。（令和6年4月作成）",
            "集約しました。（チラシ・ポスター作成）",
            "集約しました。【担当】区民課",
            "集約しました。（区民課）",
            "集約しました。区民課 等",
            "集約しました。電話 044-000-0000",
            "集約しました。12",
            "集約しました。【重点】",
            "集約しました。（参考）区民センター",
            "集約しました。【関係課】 区民課 保険年金課",
            "次の課で実施しました。区民課",
            "区民課",
        ] {
            assert_eq!(unit_tail(text), None, "{text}");
        }
    }

    #[test]
    fn paths_with_fragments_sentences_labels_and_header_lines_are_doubted() {
        let header: HashSet<&str> = ["北架空区役所"].into();
        let path = |units: &[&str]| units.iter().map(|u| u.to_string()).collect::<Vec<_>>();
        let heads = HashSet::new();
        let doubt = |p: &[String], above: &[String]| path_doubt(p, &header, &heads, Some(above));
        let none = path(&[]);
        for doubtful in [
            path(&["地域みまもり支援センター", "進課"]),
            path(&["区民課", "防災担当と連携する"]),
            path(&["区民課", "相談の内容を庁内の関係"]),
            path(&["危機管理担当", "担当:総務課"]),
            path(&["総務課", "北架空区役所"]),
            path(&["総務課", "令和6年度"]),
            // A name cut inside its qualifier, or before its suffix
            // (rev57's probes, status ok).
            path(&["地域みまもり支援センター", "（福祉事務所・保健"]),
            path(&["所支所）", "高齢・障害課"]),
            path(&["地域みまもり支援センター)("]),
            path(&["センター"]),
        ] {
            assert!(doubt(&doubtful, &none).is_some(), "{doubtful:?}");
        }
        // Two sections: where a line below a row was taken for a unit
        // within it, not in a cell of their own.
        let grown = path(&["区民部", "区民課", "総務課"]);
        assert!(doubt(&grown, &grown[..2]).is_some());
        assert_eq!(doubt(&grown, &none), None);
        let apart = path(&["企画課", "地域支援部", "地域ケア推進課"]);
        assert!(doubt(&apart, &none).is_some());
        for fine in [
            path(&[
                "地域みまもり支援センター(福祉事務所・保健所支所)",
                "地域支援課",
            ]),
            path(&["区民部", "区民課", "戸籍係"]),
            path(&["こども未来局", "こども支援部", "児童家庭課"]),
            path(&["健康福祉部", "高齢・障がい課"]),
            path(&["はぐくみ支援課"]),
            path(&["区民課", "分室"]),
            path(&["区民課", "1係"]),
            path(&["保健福祉センター", "こども家庭センター"]),
            path(&["（仮称）区民センター準備室", "総務課(庶務係)"]),
            path(&["区民課", "戸籍係", "証明班"]),
            path(&["危機管理部", "災害対策本部"]),
            path(&[]),
        ] {
            let above = fine.get(..fine.len().saturating_sub(1)).unwrap_or_default();
            assert_eq!(doubt(&fine, above), None, "{fine:?}");
        }
        // The ward printed above the table and heading rows' paths.
        let ward = path(&["北架空区役所", "総務課"]);
        let heads: HashSet<&str> = ["北架空区役所"].into();
        assert_eq!(path_doubt(&ward, &header, &heads, None), None);
        assert!(path_doubt(&ward, &header, &HashSet::new(), None).is_some());
    }

    fn row(path: &[&str], number: u32, result: &str, line: usize) -> Row {
        Row {
            department: path.last().map(|u| u.to_string()).unwrap_or_default(),
            department_path: path.iter().map(|u| u.to_string()).collect(),
            number: number.to_string(),
            numbers: vec![number],
            category: Some("共通".into()),
            goal: "窓口で説明します。".into(),
            result: Some(result.into()),
            provenance: crate::model::Provenance {
                lines: LineSpan::line(line),
                page: None,
                bbox: None,
                boxes: Vec::new(),
            },
        }
    }

    fn doubted(rows: &[Row], warned: &[LineSpan]) -> Vec<String> {
        doubts(rows, &[], warned, |_| true)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    /// A unit on item 2 after an item 1 numbered anew: in doubt where the
    /// sheet numbers per unit, not where it numbers on across units, nor
    /// where the row above was warned about already.
    #[test]
    fn a_unit_starting_on_item_two_is_in_doubt_where_units_number_anew() {
        let fine = "説明しました。";
        let mid = [
            row(&["総務課"], 1, fine, 1),
            row(&["総務課"], 1, fine, 2),
            row(&["区民課"], 2, fine, 3),
            row(&["衛生課"], 1, fine, 4),
        ];
        assert_eq!(doubted(&mid, &[]).len(), 1, "{:?}", doubted(&mid, &[]));
        assert!(doubted(&mid, &[LineSpan::line(2)]).is_empty());
        // The row that numbered anew took the unit named below it as its
        // own (a cell aligned to its middle, whose name runs on beside the
        // next row): the unit after it starting on item 2 is as doubtful
        // (rev57's probes, status ok).
        let own = [
            row(&["企画課"], 1, fine, 1),
            row(&["地域みまもり支援センター"], 1, fine, 2),
            row(&["地域保健福祉課"], 2, fine, 3),
            row(&["衛生課"], 1, fine, 4),
        ];
        assert_eq!(doubted(&own, &[]).len(), 1, "{:?}", doubted(&own, &[]));
        // Not a division numbering on across its sections (review).
        let division = [
            row(&["総務部", "総務課"], 1, fine, 1),
            row(&["区民部", "区民課"], 1, fine, 2),
            row(&["区民部", "保険年金課"], 2, fine, 3),
            row(&["区民部", "保険年金課"], 3, fine, 4),
        ];
        assert!(
            doubted(&division, &[]).is_empty(),
            "{:?}",
            doubted(&division, &[])
        );
        let across = [
            row(&["総務課"], 1, fine, 1),
            row(&["総務課"], 1, fine, 2),
            row(&["区民課"], 2, fine, 3),
            row(&["衛生課"], 3, fine, 4),
        ];
        assert!(
            doubted(&across, &[]).is_empty(),
            "{:?}",
            doubted(&across, &[])
        );
    }

    /// Each row in doubt is named, up to the cap; one more counts the rest.
    #[test]
    fn doubts_are_capped() {
        let rows: Vec<Row> = (1..=MAX_DOUBTS + 5)
            .map(|k| row(&["総務課"], 1, "説明しました。区民課", k))
            .collect();
        let found = doubted(&rows, &[]);
        assert_eq!(found.len(), MAX_DOUBTS + 1);
        assert_eq!(found[MAX_DOUBTS], "5 more rows are in doubt");
        // A row warned about already is not doubted again.
        let warned: Vec<LineSpan> = (1..=MAX_DOUBTS + 5).map(LineSpan::line).collect();
        assert!(doubted(&rows, &warned).is_empty());
    }

    #[test]
    fn cut_endings_and_labels_run_together() {
        assert_eq!(
            cut_ending("訓練をします。災害時は地域のし、連絡網を確認しました。"),
            None
        );
        assert_eq!(cut_ending("確認します。ました。"), Some("ました"));
        assert_eq!(cut_ending("確認します。す。"), Some("す。"));
        assert_eq!(cut_ending("確認します。した。"), Some("した。"));
        assert_eq!(cut_ending("確認します。\nし、連絡網を"), Some("し、"));
        assert_eq!(cut_ending("確認します。ますます増えました。"), None);
        assert_eq!(
            label_in_goal("清潔に保ちます。電話対応 庁舎案内図を置きます。"),
            Some("電話対応")
        );
        assert_eq!(
            label_in_goal("清潔に保ちます。\n共通 の窓口を"),
            Some("共通")
        );
        assert_eq!(label_in_goal("保ちます。電話対応窓口を置きます。"), None);
        assert_eq!(
            label_in_goal("保ちます。。。\n\n電話対応 窓口を置きます。"),
            Some("電話対応")
        );
        assert_eq!(label_in_goal("保ちます。電話対応を改善します。"), None);
        assert_eq!(label_in_goal("保ちます。\n対応 窓口を改善します。"), None);
        assert_eq!(
            label_in_goal("保ちます。\n電話対応　窓口を改善します。"),
            None
        );
        assert!(runs_labels_together("電話対応対面対応"));
        assert!(runs_labels_together("共通お知らせ"));
        for label in [
            "対面対応",
            "電話・対面",
            "電話・対面対応",
            "共通対応",
            "窓口環境",
            "対応状況",
            "",
        ] {
            assert!(!runs_labels_together(label), "{label}");
        }
    }
}
