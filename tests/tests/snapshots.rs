//! One snapshot per fixture: the whole JSON document, reviewed by reading it
//! row by row against the source before it was accepted.

// Helpers outside #[test] functions may panic too: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use plansheet_tests::{archive_files, convert_text};

#[test]
fn every_fixture_matches_its_snapshot() {
    for file in archive_files() {
        let name = file
            .trim_start_matches("fixtures/archive/")
            .replace('/', "__");
        let json = convert_text(&file);
        insta::with_settings!({
            input_file => plansheet_tests::root().join(&file),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, json);
        });
    }
}

/// A snapshot whose fixture is gone would never be checked again: every
/// snapshot file must belong to a fixture.
#[test]
fn no_snapshot_is_unreferenced() {
    let expected: Vec<String> = archive_files()
        .iter()
        .map(|f| {
            format!(
                "{}.snap",
                f.trim_start_matches("fixtures/archive/").replace('/', "__")
            )
        })
        .collect();
    let dir = plansheet_tests::root().join("tests/tests/snapshots");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".snap.new"),
            "pending snapshot {name}: review it with cargo insta review"
        );
        assert!(
            expected.contains(&name),
            "snapshot {name} belongs to no fixture"
        );
    }
}
