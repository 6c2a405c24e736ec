//! Character classes the normalizer and the layout parsers share: one
//! definition each, so that "hiragana" or "a circled number" means the same
//! thing at every stage.

/// The particles a clause goes on with (`…と`, `…は`, `…の`): text that
/// ends on one, or is followed by one, is not finished there.
pub const PARTICLES: [char; 10] = ['と', 'は', 'を', 'が', 'の', 'に', 'で', 'も', 'へ', 'や'];

/// Hiragana (the Unicode Hiragana block: ぁ–ゖ, the voicing marks and ゝゞ).
pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// Katakana as sheets print it: ァ–ヺ, the long-vowel mark ー and the small
/// Ainu katakana.
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{31F0}'..='\u{31FF}')
}

/// Kana: hiragana and katakana with their marks (U+3041–U+30FF), which
/// every Japanese sentence holds (its particles and endings, loanwords).
pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30FF}')
}

/// Japanese script: hiragana, katakana (U+3040–U+30FF) and the CJK
/// ideographs (U+4E00–U+9FFF, compatibility U+F900–U+FAFF).
pub fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The number a circled digit stands for: ① → 1 … ⑳ → 20. Sheets number
/// policies and list items with them.
pub fn circled_number(c: char) -> Option<u32> {
    ('①'..='⑳')
        .contains(&c)
        .then(|| u32::from(c) - u32::from('①') + 1)
}

/// Where `text` holds `。`, in order: the byte offsets of its full stops.
///
/// `str::match_indices('。')` looks for its last byte, `82`, which one
/// Japanese character in seven holds (in the bundled sheets), and checks
/// each; a substring search for the whole mark is several times faster.
pub fn full_stops(text: &str) -> impl Iterator<Item = usize> + '_ {
    static STOP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("。"));
    STOP.find_iter(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_hiragana('ゝ') && is_hiragana('ぁ') && !is_hiragana('ア'));
        assert!(is_katakana('ー') && !is_katakana('あ'));
        assert!(is_japanese('漢') && is_japanese('ア') && !is_japanese('A'));
        assert_eq!(circled_number('①'), Some(1));
        assert_eq!(circled_number('⑳'), Some(20));
        for text in ["", "。", "した。。ます。", "ア。\u{3082}。る"] {
            let std: Vec<usize> = text.match_indices('。').map(|(k, _)| k).collect();
            assert_eq!(full_stops(text).collect::<Vec<_>>(), std, "{text}");
        }
        assert_eq!(circled_number('㉑'), None);
        assert_eq!(circled_number('1'), None);
    }
}
