//! Any text: every recognizer's parse finishes, and nothing is lost — the
//! coverage figure accounts for every non-blank character.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let parsed = plansheet_layout::parse(text);
    assert_eq!(parsed.coverage.chars_accounted, parsed.coverage.chars_in);
});
