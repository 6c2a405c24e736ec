//! Character and line normalization.
//!
//! | rule | function | example |
//! |---|---|---|
//! | full-width ASCII → ASCII | [`fold_width`] | `ＨＰ（１）` → `HP(1)` |
//! | full-width tilde → wave dash | [`fold_width`] | `１～４階` → `1〜4階` |
//! | half-width katakana → full-width | [`widen_katakana`] | `ｶﾞｲﾄﾞ` → `ガイド` |
//! | dash or long vowel by neighbouring script | [`choose_dashes`] | `ｅ－ラーニング` → `e-ラーニング`, `コンピュ－タ` → `コンピュータ` |
//! | hard wraps rejoined, paragraphs kept | [`join_wrapped`] | `正しい知` / `識や情報` → `正しい知識や情報` |
//! | broken labels repaired | [`repair_label`] | `対面 対応`, `お 知 ら せ` → `対面対応`, `お知らせ` |
//! | radicals → the ideograph they are drawn as | [`normalize_chars`] | `⽬標`, `区⺠` → `目標`, `区民` |
//!
//! Deliberately *not* done, although Unicode NFKC would do it: circled
//! numbers (①), parenthesised ideographs (㈱), the wave dash (〜), the
//! ideographic space and CJK compatibility characters are kept, because the
//! sheets use them as list markers and range marks that users search for.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::chars::{circled_number, is_hiragana, is_katakana};

/// Applies the character rules, in order: [`fold_width`], [`widen_katakana`],
/// [`choose_dashes`]. Form feeds are dropped: a page break, not text
/// (`pdftotext` writes one before each page's first line, where it made
/// a department name look indented); so are byte-order marks inside the
/// text, which files joined with `cat` carry, each before its first line
/// (invisible, a mark kept a joined file's title from being read as one).
/// Line structure and other white space
/// are untouched, and the result has as many non-blank characters as the
/// input except where a half-width voicing mark merges into its kana
/// (`ｶﾞ` → `ガ`) and a byte-order mark is dropped (a mark, not text: a
/// document's characters are counted after normalizing, without it).
///
/// ```
/// assert_eq!(plansheet_text::normalize_chars("ｅ－ラーニングとＨＰ"), "e-ラーニングとHP");
/// assert_eq!(plansheet_text::normalize_chars("\u{C}衛生課"), "衛生課");
/// ```
pub fn normalize_chars(s: &str) -> Cow<'_, str> {
    // Most lines of a sheet are CJK text no rule touches: they are borrowed,
    // not rebuilt, after one pass that looks at each character once. A
    // line with half-width katakana goes through every rule; one with
    // full-width forms is folded and has its dashes chosen in one pass; one
    // whose only candidates are dashes (ー in katakana words is in most
    // lines) is rebuilt only if a dash changes; one with radicals has them
    // folded first.
    let bytes = s.as_bytes();
    if !has_candidates(bytes) {
        return Cow::Borrowed(s);
    }
    if has_radicals(bytes) {
        let ideographs: String = s.chars().map(|c| ideograph_of(c).unwrap_or(c)).collect();
        if !has_candidates(ideographs.as_bytes()) {
            return Cow::Owned(ideographs);
        }
        return Cow::Owned(rules(&ideographs).into_owned());
    }
    rules(s)
}

/// [`normalize_chars`] for a line with candidates and no radical to fold.
fn rules(s: &str) -> Cow<'_, str> {
    fold_wide_only(s).unwrap_or_else(|| every_rule(s))
}

/// [`normalize_chars`] for a line with candidates, every rule in turn.
fn every_rule(s: &str) -> Cow<'_, str> {
    if s.contains(DROPPED) {
        return Cow::Owned(normalize_chars(&s.replace(DROPPED, "")).into_owned());
    }
    let mut wide = false;
    let mut dash_changes = false;
    let mut chars = s.chars().peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        match c {
            // Half-width katakana: every rule, in turn.
            '\u{FF61}'..='\u{FF9F}' => {
                return Cow::Owned(choose_dashes(&widen_katakana(&fold_width(s))));
            }
            '\u{FF01}'..='\u{FF5E}' => wide = true,
            _ if !wide && !dash_changes && is_dash(c) => {
                dash_changes = chosen_dash(c, prev, chars.peek().copied()) != c;
            }
            _ => {}
        }
        prev = Some(c);
    }
    if wide {
        // Without half-width katakana, folding widths and choosing dashes
        // is one pass: a dash is decided between its folded neighbours, as
        // `choose_dashes` after `fold_width` decides it.
        return Cow::Owned(dashes_chosen(s.chars().map(fold_char), s.len()));
    }
    if dash_changes {
        return Cow::Owned(choose_dashes(s));
    }
    Cow::Borrowed(s)
}

/// [`normalize_chars`] for a line whose only candidates are full-width
/// forms no other rule looks at, byte by byte; `None` for any other line.
///
/// Full-width brackets, colons and digits (`（１）`, `：`) are in most
/// lines of a sheet, which then took a pass that decoded every character
/// and another that rebuilt the line a character at a time. Here each form
/// is found by its first byte, `EF` (which few other characters of a sheet
/// start), and the text between them is copied whole. Not for a line
/// with a half-width katakana, a form feed, a dash `choose_dashes` may
/// change (`-`, `‐`, `−`, `－`), or a `ー` after a letter or digit, ASCII or
/// full-width (folded, it may become `-`).
fn fold_wide_only(s: &str) -> Option<Cow<'_, str>> {
    static LONG_VOWEL: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("ー"));
    let bytes = s.as_bytes();
    let dash_after_alphanumeric = LONG_VOWEL.find_iter(bytes).any(|i| {
        let before = &bytes[..i];
        before.last().is_some_and(u8::is_ascii_alphanumeric)
            || before
                .len()
                .checked_sub(3)
                .and_then(|k| s.get(k..i))
                .and_then(|c| c.chars().next())
                .is_some_and(|c| fold_char(c).is_ascii_alphanumeric())
    });
    if dash_after_alphanumeric
        || memchr::memchr2(b'-', 0x0C, bytes).is_some()
        || memchr::memchr_iter(0xE2, bytes)
            .any(|i| matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x90] | [0x88, 0x92])))
    {
        return None;
    }
    let mut out = String::new();
    let mut copied = 0;
    for i in memchr::memchr_iter(0xEF, bytes) {
        let c = s.get(i..)?.chars().next()?;
        let folded = match c {
            // `－` is a dash; half-width katakana go through every rule,
            // and a byte-order mark is dropped there.
            '－' | '\u{FF61}'..='\u{FF9F}' | BYTE_ORDER_MARK => return None,
            '\u{FF01}'..='\u{FF5E}' => fold_char(c),
            _ => continue,
        };
        if out.capacity() == 0 {
            out.reserve(s.len());
        }
        out.push_str(&s[copied..i]);
        out.push(folded);
        copied = i + c.len_utf8();
    }
    if copied == 0 {
        return Some(Cow::Borrowed(s));
    }
    out.push_str(&s[copied..]);
    Some(Cow::Owned(out))
}

/// The page break `pdftotext` writes, which [`normalize_chars`] drops.
const FORM_FEED: char = '\u{C}';

/// A byte-order mark inside the text, which [`normalize_chars`] drops.
const BYTE_ORDER_MARK: char = '\u{FEFF}';

/// What [`normalize_chars`] drops.
const DROPPED: [char; 2] = [FORM_FEED, BYTE_ORDER_MARK];

/// Whether UTF-8 `bytes` hold a character some rule of [`normalize_chars`]
/// may change: a form feed, a half-width or full-width form (U+FF01–U+FF9F, led by
/// `EF`), or a dash [`choose_dashes`] may change (`-`, `‐` `E2 80 90`, `−`
/// `E2 88 92`; `－` is led by `EF`; `ー` `E3 83 BC` only after an ASCII
/// letter or digit: after anything else it stays, and it is in most lines,
/// in katakana words), or a radical ([`has_radicals`], led by `E2`). Each
/// is looked for with `memchr`, a byte at a time over many: `EF`, `-` and
/// the form feed together, then `E2` and `BC`, which few lines hold, each
/// checked where it is: most lines hold none, and are then borrowed
/// without decoding a character.
fn has_candidates(bytes: &[u8]) -> bool {
    memchr::memchr3(0xEF, b'-', 0x0C, bytes).is_some()
        || memchr::memchr_iter(0xE2, bytes).any(|i| {
            matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x90] | [0x88, 0x92]))
                || radical_at(bytes, i)
        })
        || memchr::memchr_iter(0xBC, bytes).any(|i| {
            i >= 3 && bytes[i - 2..i] == [0xE3, 0x83] && bytes[i - 3].is_ascii_alphanumeric()
        })
}

/// Whether the text holds a Kangxi radical or a radical of the CJK
/// radicals supplement (U+2E80–U+2FDF, `E2 BA 80`–`E2 BF 9F` in UTF-8).
fn has_radicals(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xE2, bytes).any(|i| radical_at(bytes, i))
}

/// Whether the `E2` at `i` leads a radical (see [`has_radicals`]).
fn radical_at(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i + 1) {
        Some(0xBA..=0xBE) => true,
        Some(0xBF) => bytes.get(i + 2).is_some_and(|&b| b <= 0x9F),
        _ => false,
    }
}

/// The ideograph a radical is drawn as: a Kangxi radical's (U+2F00–U+2FD5,
/// its compatibility decomposition: `⽬` → `目`), or one of the CJK radicals
/// supplement whose form is a whole ideograph a sheet writes (`⺠` → `民`,
/// `⻑` → `長`). A font draws the two with one glyph, and a producer that
/// names the glyph's character by the first code point it finds for it
/// writes the radical: Qt (wkhtmltopdf) and Chromium do, for 目, 口, 面,
/// 民, 長 …, a sheet's commonest words. Forms of a radical as a part of
/// other characters (`⺅`, `⺡`, `⻌`) stay.
fn ideograph_of(c: char) -> Option<char> {
    match c {
        '\u{2F00}'..='\u{2FD5}' => c.nfkc().next(),
        '\u{2E9F}' => Some('母'),
        '\u{2EA0}' => Some('民'),
        '\u{2EA9}' => Some('王'),
        '\u{2EAC}' => Some('示'),
        '\u{2EAE}' => Some('竹'),
        '\u{2EC1}' => Some('虎'),
        '\u{2EC4}' => Some('西'),
        '\u{2EC6}' => Some('角'),
        '\u{2ED1}' => Some('長'),
        '\u{2ED8}' => Some('青'),
        '\u{2EDD}' => Some('食'),
        '\u{2EE3}' => Some('骨'),
        '\u{2EE4}' => Some('鬼'),
        '\u{2EE8}' => Some('麦'),
        '\u{2EE9}' => Some('黄'),
        '\u{2EEB}' => Some('斉'),
        '\u{2EED}' => Some('歯'),
        '\u{2EEF}' => Some('竜'),
        '\u{2EF2}' => Some('亀'),
        _ => None,
    }
}

/// The characters [`choose_dashes`] decides between.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | 'ー' | '‐' | '−' | '－')
}

/// Full-width ASCII letters, digits and punctuation (U+FF01–U+FF5D) become
/// ASCII. The full-width tilde U+FF5E becomes the wave dash 〜: both are the
/// same JIS character (Shift_JIS 0x8160), decoded differently by different
/// converters, and the sheets use it as a range mark.
///
/// ```
/// assert_eq!(plansheet_text::fold_width("（１）ＱＲコード　１～４階"), "(1)QRコード　1〜4階");
/// ```
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// [`fold_width`] for one character.
fn fold_char(c: char) -> char {
    match c {
        '\u{FF5E}' => '〜',
        '\u{FF01}'..='\u{FF5D}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Half-width katakana and half-width Japanese punctuation (U+FF61–U+FF9F)
/// become full-width, with a following half-width voicing mark merged into
/// the kana (`ﾊﾞ` → `バ`, `ﾊﾟ` → `パ`, `｢ｱ､ｲ｣` → `「ア、イ」`).
pub fn widen_katakana(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.chars() {
        if ('\u{FF61}'..='\u{FF9F}').contains(&c) {
            run.push(c);
        } else {
            if !run.is_empty() {
                out.extend(run.nfkc());
                run.clear();
            }
            out.push(c);
        }
    }
    out.extend(run.nfkc());
    out
}

/// Decides between the long-vowel mark ー and the hyphen - from the
/// characters around them, since legacy input mixes up ー, -, －, ‐ and −:
///
/// - after katakana (or after hiragana, for ー itself) it is a long vowel:
///   `コンピュ-タ` → `コンピュータ`;
/// - between a Latin letter or digit and a Latin letter, digit or katakana it
///   is a hyphen: `e－ラーニング` → `e-ラーニング`, `044ー200` → `044-200`;
/// - anywhere else (a list dash at the start of a line, a dash between
///   kanji) it is left alone.
pub fn choose_dashes(s: &str) -> String {
    dashes_chosen(s.chars(), s.len())
}

/// The characters with each dash decided between its neighbours (see
/// [`choose_dashes`]), into a string of `capacity` bytes.
fn dashes_chosen(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut chars = chars.peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        out.push(if is_dash(c) {
            chosen_dash(c, prev, chars.peek().copied())
        } else {
            c
        });
        prev = Some(c);
    }
    out
}

/// What the dash `c` becomes between `prev` and `next` (see
/// [`choose_dashes`]).
fn chosen_dash(c: char, prev: Option<char>, next: Option<char>) -> char {
    match (prev, next) {
        (Some(p), _) if is_katakana(p) => 'ー',
        (Some(p), _) if c == 'ー' && is_hiragana(p) => 'ー',
        (Some(p), Some(n))
            if p.is_ascii_alphanumeric() && (n.is_ascii_alphanumeric() || is_katakana(n)) =>
        {
            '-'
        }
        _ => c,
    }
}

/// Whether a line opens a new paragraph rather than continuing a wrapped
/// one: it is indented (`　` or spaces), or starts with a list or heading
/// marker — `・`, `(1)`, `【`, `〈`, `①`–`⑳`, `〇`, `○`, `●`, `◆`, `■`, `□`,
/// `※`, `☆`.
pub fn is_paragraph_start(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return false;
    };
    if first.is_whitespace() {
        return true;
    }
    let rest = line.trim_start();
    if matches!(
        first,
        '・' | '【' | '〈' | '《' | '〇' | '○' | '●' | '◆' | '■' | '□' | '※' | '☆' | '◎'
    ) || circled_number(first).is_some()
    {
        return true;
    }
    // (1) … (99)
    if let Some(inner) = rest.strip_prefix('(')
        && let Some(close) = inner.find(')')
    {
        return close > 0 && close <= 2 && inner[..close].chars().all(|c| c.is_ascii_digit());
    }
    false
}

/// Rejoins lines that a narrow table cell wrapped, keeping real paragraph and
/// list breaks (see [`is_paragraph_start`]) as `\n`.
///
/// Sheets wrap at the cell width, so a line break inside a sentence is not a
/// paragraph break: Japanese lines are joined with nothing between them, and
/// a space is put back only where both sides are Latin letters or digits.
/// Indentation and trailing white space are dropped.
///
/// ```
/// let lines = ["　担当者が不在の場合でも、正しい知", "識や情報の整理に努めます。", "　具体的には、"];
/// assert_eq!(plansheet_text::join_wrapped(&lines), "担当者が不在の場合でも、正しい知識や情報の整理に努めます。\n具体的には、");
/// ```
pub fn join_wrapped<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.as_ref().len()).sum());
    for line in lines {
        join_line(&mut out, line.as_ref());
    }
    out
}

/// `*text = join_wrapped(&[text, line])`, in place: for a text that
/// grows a line at a time, which rebuilding would copy for every line.
///
/// ```
/// let mut text = String::from("窓口の混雑状況を");
/// plansheet_text::join_wrapped_onto(&mut text, "ホームページで公開する");
/// assert_eq!(text, "窓口の混雑状況をホームページで公開する");
/// plansheet_text::join_wrapped_onto(&mut text, "・案内表示の整備");
/// assert_eq!(text, "窓口の混雑状況をホームページで公開する\n・案内表示の整備");
/// ```
pub fn join_wrapped_onto(text: &mut String, line: &str) {
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        *text = trimmed.to_owned();
    }
    join_line(text, line);
}

/// One line of [`join_wrapped`] onto what it has joined so far.
fn join_line(out: &mut String, line: &str) {
    let body = line.trim();
    if body.is_empty() {
        return;
    }
    if !out.is_empty() && is_paragraph_start(line) {
        out.push('\n');
        out.push_str(body);
    } else {
        append_wrapped(out, body);
    }
}

/// Appends a line known to continue the text before it (a wrap, as a PDF
/// cell's geometry shows): Japanese joined with nothing between, a space
/// only where the wrap fell between two words of English (see
/// [`join_wrapped`]). Indentation and trailing white space are dropped.
///
/// ```
/// let mut text = String::from("町内会");
/// plansheet_text::append_wrapped(&mut text, "・自治会の負担軽減");
/// assert_eq!(text, "町内会・自治会の負担軽減");
/// ```
pub fn append_wrapped(out: &mut String, line: &str) {
    let body = line.trim();
    if !out.is_empty() && splits_english_words(out, body) {
        out.push(' ');
    }
    out.push_str(body);
}

/// Whether a wrap fell between two words of English text, which needs its
/// space back. Latin letters inside Japanese text (`ＨＰ`, `LoGo`, a word cut
/// by the cell edge) are joined without one; only a run of ASCII with spaces
/// in it, at the end of the text so far or at the start of the next line,
/// shows English words.
fn splits_english_words(before: &str, after: &str) -> bool {
    let last = before.chars().next_back();
    let first = after.chars().next();
    if !last.is_some_and(|c| c.is_ascii_alphanumeric())
        || !first.is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return false;
    }
    // The ASCII run the text so far ends with, as far as
    // [`ENGLISH_LOOKBACK`] bytes back: the text so far is the whole of what
    // was joined, and looking further back for every line made joining
    // many lines quadratic.
    let bytes = before.as_bytes();
    let from = bytes.len().saturating_sub(ENGLISH_LOOKBACK);
    let start = bytes[from..]
        .iter()
        .rposition(|b| !b.is_ascii())
        .map_or(from, |at| from + at + 1);
    let tail = &before[start..];
    // Cut inside the run, the window's first byte is inside it too: a
    // space there counts.
    let cut = start == from && from > 0 && bytes[from - 1].is_ascii();
    let tail = if cut { tail.trim_end() } else { tail.trim() };
    let head = &after[..after
        .bytes()
        .position(|b| !b.is_ascii())
        .unwrap_or(after.len())];
    tail.contains(' ') || head.trim().contains(' ') || head.len() > head.trim_end().len()
}

/// How far back [`splits_english_words`] looks for the space that shows
/// English words: farther than any word, so that a run of ASCII this long
/// without a space before the wrap is one token (an address, a code) cut by
/// the cell edge, and is joined without one. A space within these last
/// bytes counts.
const ENGLISH_LOOKBACK: usize = 64;

/// Repairs a category label (分類) printed vertically in a narrow cell, which
/// text extraction breaks one character per line or spaces out: all white
/// space inside the label goes.
///
/// ```
/// assert_eq!(plansheet_text::repair_label("対\n面\n対\n応"), "対面対応");
/// assert_eq!(plansheet_text::repair_label("お 知 ら せ"), "お知らせ");
/// assert_eq!(plansheet_text::repair_label("電\n話\n・\n対\n面"), "電話・対面");
/// ```
pub fn repair_label(s: &str) -> String {
    // The runs between white space copied whole, not a character at a time.
    s.split(char::is_whitespace).collect()
}

/// Counts the characters that are not white space: the unit of the coverage
/// figure.
///
/// It counts bytes, not decoded characters: every byte that starts a
/// character, less ASCII white space, in one loop the compiler turns into
/// wide vector operations; then less the other white space (U+0085,
/// U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
/// U+3000), found by its first bytes with `memchr`: `C2`, `E1` and `E2`
/// start few characters of a sheet, and U+3000 is looked for whole. It is
/// called on every line and every claim, most of them a short cell's, so
/// that matters.
///
/// ```
/// assert_eq!(plansheet_text::count_non_blank("　担当 者\t1"), 4);
/// ```
pub fn count_non_blank(s: &str) -> usize {
    static IDEOGRAPHIC_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{3000}"));
    let bytes = s.as_bytes();
    // In blocks whose count fits a byte, so that the sum stays in byte
    // lanes.
    let counted: usize = bytes
        .chunks(255)
        .map(|block| usize::from(block.iter().fold(0u8, |n, &x| n + counted(x))))
        .sum();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let wide = memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
        .filter(|&i| blank(at(i), at(i + 1), at(i + 2)))
        .count();
    counted - wide - IDEOGRAPHIC_SPACE.find_iter(bytes).count()
}

/// Whether a byte starts a character (is not `10xxxxxx`) and is not ASCII
/// white space.
fn counted(x: u8) -> u8 {
    u8::from(!(0x80..0xC0).contains(&x) & !matches!(x, b'\t'..=b'\r' | b' '))
}

/// Whether the character starting with the bytes `x y z` is white space
/// led by `C2`, `E1` or `E2`: U+0085, U+00A0, U+1680, U+2000–U+200A,
/// U+2028, U+2029, U+202F, U+205F. (U+3000, led by `E3` like every kana,
/// is looked for whole.)
fn blank(x: u8, y: u8, z: u8) -> bool {
    matches!(
        (x, y, z),
        (0xC2, 0x85 | 0xA0, _)
            | (0xE1, 0x9A, 0x80)
            | (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
            | (0xE2, 0x81, 0x9F)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Radicals a producer wrote for the ideographs a font draws alike
    /// read as those ideographs (rev99: wkhtmltopdf's `⽬標`, `区⺠`, `窓⼝`
    /// had kept every sheet's column header from being read); a radical's
    /// form as a part of other characters stays, and a line without any
    /// is borrowed.
    #[test]
    fn radicals_read_as_the_ideographs_they_are_drawn_as() {
        assert_eq!(
            normalize_chars("⽬標及び具体的な取組内容"),
            "目標及び具体的な取組内容"
        );
        assert_eq!(
            normalize_chars("区⺠課　窓⼝　対⾯対応　⻑寿"),
            "区民課　窓口　対面対応　長寿"
        );
        assert_eq!(normalize_chars("⺅と⻌　（１）"), "⺅と⻌　(1)");
        assert!(matches!(normalize_chars("区民課…※○"), Cow::Borrowed(_)));
    }

    /// Where the byte-level fold takes a line, it gives what every rule in
    /// turn gives: every character of the Basic Multilingual Plane beside
    /// full-width forms, dashes and `ー`, on either side.
    #[test]
    fn folding_full_width_forms_by_bytes_agrees_with_every_rule() {
        let mut taken = 0;
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            for t in [
                format!("（{c}）"),
                format!("{c}ー"),
                format!("ー{c}１"),
                format!("：{c}ーＡ"),
                format!("Ｂ{c}ーア"),
                format!("a{c}ーb（"),
                format!("ア１ー{c}"),
            ] {
                if let Some(folded) = fold_wide_only(&t) {
                    assert_eq!(folded, every_rule(&t), "{c:?} in {t:?}");
                    taken += 1;
                }
            }
        }
        // Most of them are folded by bytes.
        assert!(taken > 6 * 0xF000, "{taken}");
        assert_eq!(
            fold_wide_only("（１）ＱＲコード：１～４階"),
            Some("(1)QRコード:1〜4階".into())
        );
        assert_eq!(fold_wide_only("ＡＢーＣ"), None);
        assert_eq!(fold_wide_only("ｶﾞ（１）"), None);
        assert_eq!(fold_wide_only("e－ラーニング"), None);
    }

    /// A line without a candidate is borrowed; with one, it is looked at:
    /// every character the rules change, in every context the rules look
    /// at, makes its line a candidate (and the one pass agrees with the
    /// rules applied in turn), and candidates are found at every position,
    /// in every block.
    #[test]
    fn lines_without_candidates_are_those_no_rule_changes() {
        let mut changed = Vec::new();
        // Every rule is about characters of the Basic Multilingual Plane.
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            for t in [
                c.to_string(),
                format!("ア{c}ア"),
                format!("a{c}1"),
                format!("1{c}a"),
                format!("a{c}ア"),
                format!("あ{c}1"),
                format!("区{c}a"),
                format!("{c}a"),
            ] {
                let ideographs: String = t.chars().map(|c| ideograph_of(c).unwrap_or(c)).collect();
                let rules = choose_dashes(&widen_katakana(&fold_width(
                    &ideographs.replace(DROPPED, ""),
                )));
                assert_eq!(normalize_chars(&t), rules, "{t:?}");
                if rules != t {
                    let bytes = t.as_bytes();
                    assert!(has_candidates(bytes) || has_radicals(bytes), "{t:?}");
                    changed.push(c);
                }
            }
        }
        assert!(
            ['ｱ', 'Ａ', 'ー', FORM_FEED, BYTE_ORDER_MARK]
                .iter()
                .all(|c| changed.contains(c))
        );
        // After ASCII, so that a candidate of three bytes straddles the
        // 256-byte blocks the pass looks at. `ー` is one only after an
        // ASCII letter or digit.
        for c in ['-', 'ー', '‐', '−', '－'] {
            for at in [0, 1, 2, 200, 253, 254, 255, 256, 257, 509, 510, 600] {
                let expected = at > 0 || c != 'ー';
                let line: String = "a"
                    .repeat(at)
                    .chars()
                    .chain([c])
                    .chain("区".chars())
                    .collect();
                assert_eq!(
                    has_candidates(line.as_bytes()),
                    expected,
                    "{c:?} after {at}"
                );
                let end: String = "a".repeat(at).chars().chain([c]).collect();
                assert_eq!(
                    has_candidates(end.as_bytes()),
                    expected,
                    "{c:?} at the end after {at}"
                );
            }
        }
        for line in [
            "",
            "a",
            "ab",
            "ー",
            "幸区役所",
            "※お知らせ→窓口",
            "サービスセンターのニーズ",
            "あー、そう。ーー",
            &"幸区".repeat(300),
            &"コピー機".repeat(300),
        ] {
            assert!(!has_candidates(line.as_bytes()), "{line:?}");
        }
    }

    /// Joining in place agrees with joining the two; and joining many
    /// lines of ASCII looks back a bounded way (it took seconds for 28,000
    /// lines), with the same result where an English word is shorter than
    /// the look-back.
    #[test]
    fn joining_in_place_agrees_and_joining_ascii_lines_stays_linear() {
        let pieces = [
            "",
            " ",
            "　",
            "窓口",
            " 窓口 ",
            "HP",
            "e-mail ",
            "the office",
            "・案内",
            "(1)研修",
            "1 目的",
            "abc def",
            "x",
            "\tindented",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let mut text = join_wrapped(&[a, b]);
                    join_wrapped_onto(&mut text, c);
                    assert_eq!(text, join_wrapped(&[a, b, c]), "{a:?} {b:?} {c:?}");
                    let mut raw = a.to_owned();
                    join_wrapped_onto(&mut raw, b);
                    assert_eq!(raw, join_wrapped(&[a, b]), "{a:?} {b:?}");
                }
            }
        }
        // English words are joined with their space back, Japanese and a
        // long token without one.
        assert_eq!(
            join_wrapped(&["we open the", "office at 9"]),
            "we open the office at 9"
        );
        let token = "a".repeat(100);
        assert_eq!(
            join_wrapped(&["see x ".to_owned() + &token, "bc".into()]),
            format!("see x {token}bc")
        );
        // A space 64 bytes back counts; 65 bytes back, it is beyond.
        let near = format!("see the {}", "x".repeat(63));
        assert_eq!(join_wrapped(&[near.as_str(), "yz"]), format!("{near} yz"));
        let far = format!("see the {}", "x".repeat(64));
        assert_eq!(join_wrapped(&[far.as_str(), "yz"]), format!("{far}yz"));
        let lines = vec!["abcdefghij"; 50_000];
        assert_eq!(join_wrapped(&lines).len(), 500_000);
    }

    #[test]
    fn counting_non_blank_bytes_agrees_with_counting_characters() {
        let blanks: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let samples = [
            "",
            "abc def",
            "\t\n\r\x0B\x0C x",
            "令和４年度　向上指針\u{00A0}シート",
            "😀 é ü\u{2028}\u{205F}\u{202F}\u{1680}",
        ];
        for s in samples
            .iter()
            .map(|s| s.to_string())
            .chain([blanks.iter().collect()])
        {
            let expected = s.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(count_non_blank(&s), expected, "{s:?}");
        }
        // Every white-space character in a long text, at every position
        // up to its end (the vector loop and the bytes after it).
        for c in &blanks {
            for at in 0..40 {
                let s = format!("{}{c}{}", "漢a".repeat(at), "x".repeat(40 - at));
                let expected = s.chars().filter(|c| !c.is_whitespace()).count();
                assert_eq!(count_non_blank(&s), expected, "{c:?} after {at}");
                let s = format!("{}{c}", "漢a".repeat(at + 8));
                assert_eq!(count_non_blank(&s), 2 * (at + 8), "{c:?} at the end");
            }
        }
        // Every character up to U+3000 and a few above, one by one.
        for c in (0..0x3100u32)
            .chain([0x1F600, 0xFF10])
            .filter_map(char::from_u32)
        {
            let s = format!("a{c}b");
            assert_eq!(
                count_non_blank(&s),
                2 + usize::from(!c.is_whitespace()),
                "{c:?}"
            );
        }
    }

    #[test]
    fn width_folding_covers_letters_digits_and_punctuation() {
        assert_eq!(fold_width("ＨＰ"), "HP");
        assert_eq!(fold_width("（１）"), "(1)");
        assert_eq!(fold_width("ＮＭＮ，ＢＯＸ．ＤＶＤ！"), "NMN,BOX.DVD!");
        assert_eq!(fold_width("ｅ－ラーニング"), "e-ラーニング");
    }

    #[test]
    fn width_folding_keeps_what_nfkc_would_destroy() {
        let kept = "①⑳㈱〜　髙﨑";
        assert_eq!(fold_width(kept), kept);
        assert_eq!(normalize_chars(kept), kept);
        assert_eq!(fold_width("１～４階"), "1〜4階");
    }

    #[test]
    fn half_width_katakana_widens_and_merges_voicing_marks() {
        assert_eq!(widen_katakana("ｶﾞｲﾄﾞﾌﾞｯｸ"), "ガイドブック");
        assert_eq!(widen_katakana("ﾊﾟﾝﾌﾚｯﾄ｢ｱ､ｲ｣｡"), "パンフレット「ア、イ」。");
        assert_eq!(widen_katakana("2･3"), "2・3");
        assert_eq!(widen_katakana("ﾃﾞｰﾀ"), "データ");
    }

    /// A line is borrowed only when every rule would leave it as it is,
    /// and rebuilt exactly as the rules in turn would rebuild it.
    #[test]
    fn lines_are_borrowed_exactly_when_no_rule_changes_them() {
        for line in [
            "窓口サービスの向上",
            "コンピューターとデータ",
            "ひらがなのーばし",
            "044-200-3000",
            "- 箇条書きのダッシュ",
            "漢字ー漢字",
            "コンピュ-タ",
            "e－ラーニング",
            "eーラーニング",
            "A−B",
            "ＨＰを見る",
            "ｶﾞｲﾄﾞ",
            "〜１〜",
            "ＡＢ－ＣＤとＡＢーＣＤ",
            "ｅ－ラーニングとｶﾞｲﾄﾞ",
            "コンピュ－タ１台",
            "（１）－",
            "ー",
            "",
        ] {
            let rules = choose_dashes(&widen_katakana(&fold_width(line)));
            let normalized = normalize_chars(line);
            assert_eq!(normalized, rules, "{line}");
            assert_eq!(
                matches!(normalized, Cow::Borrowed(_)),
                rules == line,
                "{line}: borrowed only when unchanged"
            );
        }
    }

    #[test]
    fn dashes_follow_the_neighbouring_script() {
        assert_eq!(choose_dashes("コンピュ－タ"), "コンピュータ");
        assert_eq!(choose_dashes("コンピュ-タ"), "コンピュータ");
        assert_eq!(choose_dashes("e－ラーニング"), "e-ラーニング");
        assert_eq!(choose_dashes("044ー200ー1234"), "044-200-1234");
        assert_eq!(choose_dashes("On-Job"), "On-Job");
        assert_eq!(choose_dashes("すごーい"), "すごーい");
        // A list dash and a dash between kanji are left alone.
        assert_eq!(choose_dashes("- 項目"), "- 項目");
        assert_eq!(choose_dashes("東京－大阪"), "東京－大阪");
    }

    #[test]
    fn normalization_keeps_every_non_blank_character() {
        let input = "ＨＰ（１）ｅ－ラーニング①〜㈱　コンピュ－タ";
        let out = normalize_chars(input);
        assert_eq!(count_non_blank(&out), count_non_blank(input));
    }

    #[test]
    fn paragraph_starts() {
        for line in [
            "　具体的には",
            " 具体的には",
            "・要件を満たし",
            "(1)週1回",
            "(12)項目",
            "【目標】",
            "①全体の",
            "〇区民",
            "●区民",
            "※注",
            "〈理念〉",
        ] {
            assert!(is_paragraph_start(line), "{line}");
        }
        for line in [
            "識や情報の整理",
            "た。",
            "(福祉事務所)",
            "(SDGs)や",
            "1階",
            "",
        ] {
            assert!(!is_paragraph_start(line), "{line}");
        }
    }

    #[test]
    fn wrapped_lines_rejoin_and_paragraphs_stay() {
        let lines = [
            "【目標】",
            "　新区役所事務サービスシステムを利用した効率的な事務執行による",
            "市民満足度の向上",
            "【具体的取組】",
            "(1)来庁前に",
            "オンラインで申請します。",
        ];
        assert_eq!(
            join_wrapped(&lines),
            "【目標】\n新区役所事務サービスシステムを利用した効率的な事務執行による市民満足度の向上\n【具体的取組】\n(1)来庁前にオンラインで申請します。"
        );
    }

    #[test]
    fn english_words_split_by_a_wrap_keep_a_space() {
        assert_eq!(
            join_wrapped(&["Off-Job", "training を", "受講"]),
            "Off-Job training を受講"
        );
        assert_eq!(
            join_wrapped(&["On the Job", "training"]),
            "On the Job training"
        );
        assert_eq!(join_wrapped(&["LoGo", "チャット"]), "LoGoチャット");
        // A Latin word cut by the cell edge inside Japanese text.
        assert_eq!(
            join_wrapped(&["今後、区のH", "Pも改訂します。"]),
            "今後、区のHPも改訂します。"
        );
    }

    #[test]
    fn labels_lose_inner_white_space_only() {
        assert_eq!(repair_label("対面 対応"), "対面対応");
        assert_eq!(repair_label("庁内　体制"), "庁内体制");
        assert_eq!(repair_label("対\n面\n対\n応"), "対面対応");
        assert_eq!(repair_label("電\n話\n・\n対\n面"), "電話・対面");
        assert_eq!(repair_label("共通"), "共通");
    }
}
