//! Any bytes as a PDF: reading returns pages or an error (panics inside are
//! caught and reported as damage), and the whole extraction finishes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = plansheet::extract("fuzz.pdf", data);
});
