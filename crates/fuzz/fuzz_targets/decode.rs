//! Any bytes: decoding returns text or an error, never panics, and every
//! reported bad sequence lies inside the input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = plansheet_text::decode(data) {
        for issue in &decoded.issues {
            assert!(issue.offset + issue.bytes.len() <= data.len());
        }
    }
});
