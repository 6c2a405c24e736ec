//! The workspace-level tests, in one test binary: one link instead of six,
//! and each fixture converted once however many tests read it (see
//! `plansheet_tests::convert_text`).

// Helpers outside #[test] functions may panic too: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accuracy;
mod layouts;
mod lossless;
mod pdf;
mod schema;
mod snapshots;
