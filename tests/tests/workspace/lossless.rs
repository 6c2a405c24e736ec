//! Nothing is lost: every non-blank input character lands in a field, the
//! preamble or `unassigned`, checked two ways — the document's own coverage
//! figure, and an independent count of characters in the JSON.

use std::collections::HashMap;

use plansheet_tests::{archive_files, convert, root};
use serde_json::Value;

fn count_chars(value: &Value, counts: &mut HashMap<char, i64>, sign: i64) {
    match value {
        Value::String(s) => {
            for c in s.chars().filter(|c| !c.is_whitespace()) {
                *counts.entry(c).or_default() += sign;
            }
        }
        Value::Array(items) => items.iter().for_each(|v| count_chars(v, counts, sign)),
        Value::Object(map) => map.values().for_each(|v| count_chars(v, counts, sign)),
        _ => {}
    }
}

#[test]
fn coverage_is_complete_for_every_fixture() {
    for file in archive_files() {
        let doc = convert(&file);
        let cov = &doc["coverage"];
        assert_eq!(cov["chars_accounted"], cov["chars_in"], "{file}");
        assert_eq!(cov["ratio"], 1.0, "{file}");
    }
}

#[test]
fn every_input_character_appears_in_the_output() {
    for file in archive_files() {
        let bytes = std::fs::read(root().join(&file)).unwrap();
        // For a PDF, the text its page geometry turns into.
        let text = plansheet::input_text(&file, &bytes).unwrap();
        let lines = plansheet_layout::normalize_lines(&text);
        let doc = convert(&file);
        let mut counts = HashMap::new();
        // Everything but the bookkeeping: source, layout, diagnostics,
        // coverage and the version carry no input text.
        for (key, value) in doc.as_object().unwrap() {
            if ![
                "plansheet_version",
                "source",
                "layout",
                "diagnostics",
                "coverage",
                "kind",
                "status",
            ]
            .contains(&key.as_str())
            {
                count_chars(value, &mut counts, 1);
            }
        }
        let lines: Vec<&str> = lines.iter().map(|l| l.as_ref()).collect();
        let input = Value::String(lines.join("\n"));
        count_chars(&input, &mut counts, -1);
        let missing: Vec<(char, i64)> = counts.into_iter().filter(|&(_, n)| n < 0).collect();
        assert!(
            missing.is_empty(),
            "{file}: characters missing from the output: {missing:?}"
        );
    }
}
