//! The fault corpus: the real binary converts `fixtures/faults/` in one run,
//! and every file ends with the status and reason `fixtures/faults.tsv` gives it.

// Helpers outside #[test] functions may panic too: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn every_fault_fixture_gets_its_expected_status() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let faults = root.join("fixtures/faults");
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["convert", "-q", "-o"])
        .arg(out.path())
        .arg(&faults)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("run-report.json")).unwrap())
            .unwrap();
    let expected = std::fs::read_to_string(root.join("fixtures/faults.tsv")).unwrap();
    let mut checked = 0;
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let (file, status, reason) = (fields[0], fields[1], fields[2]);
        let entry = report["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"].as_str().unwrap().ends_with(&format!("/{file}")))
            .unwrap_or_else(|| panic!("{file} is not in the report"));
        assert_eq!(entry["status"], status, "{file}: {entry}");
        let got = entry["reason"].as_str().unwrap_or("-");
        assert_eq!(got, reason, "{file}: {entry}");
        checked += 1;
    }
    // Every file in the directory is listed, and every one is reported.
    let files = std::fs::read_dir(&faults).unwrap().count();
    assert_eq!(checked, files);
    assert_eq!(report["counts"]["inputs"], files);
}
