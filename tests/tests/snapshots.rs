//! One snapshot per fixture: the whole JSON document, reviewed by reading it
//! row by row against the source before it was accepted.

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
