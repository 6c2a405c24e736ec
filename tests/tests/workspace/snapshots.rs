//! One snapshot per fixture: the whole JSON document, reviewed by reading it
//! row by row against the source before it was accepted. `insta::glob!`
//! runs every fixture and reports every changed snapshot, not only the
//! first; the plansheet version is redacted so that a release does not
//! churn them.

use plansheet_tests::{archive_files, convert_text, redact_version, root};

#[test]
fn fixture() {
    insta::glob!("../../../fixtures/archive", "**/*", |path| {
        if path.is_dir() {
            return;
        }
        let root = root().canonicalize().unwrap();
        let relative = path.strip_prefix(&root).unwrap();
        let json = redact_version(&convert_text(&relative.to_string_lossy()));
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(json);
        });
    });
}

/// A snapshot whose fixture is gone would never be checked again: every
/// snapshot file must belong to a fixture.
#[test]
fn no_snapshot_is_unreferenced() {
    let expected: Vec<String> = archive_files()
        .iter()
        .map(|f| {
            format!(
                "fixture@{}.snap",
                f.trim_start_matches("fixtures/archive/").replace('/', "__")
            )
        })
        .collect();
    let dir = root().join("tests/tests/workspace/snapshots");
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
