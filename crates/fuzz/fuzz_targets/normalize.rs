//! Any text: normalization never drops a non-blank character except where
//! a half-width voicing mark merges into its kana, and byte-order marks.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let out = plansheet_text::normalize_chars(text);
    let marks = text
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{FEFF}'))
        .count();
    assert!(plansheet_text::count_non_blank(&out) + marks >= plansheet_text::count_non_blank(text));
    let lines: Vec<&str> = text.lines().collect();
    let _ = plansheet_text::join_wrapped(&lines);
    let _ = plansheet_text::repair_label(text);
});
