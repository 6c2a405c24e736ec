//! Accuracy against hand-checked truth: every sheet in `fixtures/truth/`
//! must come out exactly right from every input that holds it (text dumps
//! in both layouts and in every encoding).

use plansheet_tests::{archive_files, convert, root, score};

fn truth(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("fixtures/truth").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The seed sheets from `../shared/eval/truth/`: 幸区 令和7年度 (table) and
/// 中原区 令和4年度 (text flow).
#[test]
fn both_seed_sheets_score_one() {
    for (input, rows) in [("001_3a53fb10d7564494", 42), ("002_34d94bb3758c9396", 50)] {
        let out = convert(&format!("fixtures/archive/seeds/{input}.txt"));
        let s = score(&out, &truth(&format!("{input}.json")));
        assert_eq!(
            (s.expected, s.found, s.matched),
            (rows, rows, rows),
            "{input}"
        );
        assert_eq!(s.field_accuracy, 1.0, "{input}");
        assert_eq!(s.path_exact, rows, "{input}");
    }
}

/// Each truth file `NAME.json` is checked against every archive file whose
/// name starts with `NAME.`.
#[test]
fn every_sheet_with_truth_scores_one_in_every_form() {
    let files = archive_files();
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("fixtures/truth")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name.trim_end_matches(".json");
        let inputs: Vec<&String> = files
            .iter()
            .filter(|f| f.rsplit('/').next().and_then(|n| n.split('.').next()) == Some(stem))
            .collect();
        assert!(!inputs.is_empty(), "no input for truth {name}");
        let truth = truth(&name);
        for input in inputs {
            let s = score(&convert(input), &truth);
            assert_eq!(s.found, s.expected, "{input}: {s:?}");
            assert_eq!(s.field_accuracy, 1.0, "{input}: {s:?}");
            assert_eq!(s.path_exact, s.expected, "{input}: {s:?}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} inputs checked");
}

/// A three-column dump (department, `number label goal`, result) prints a
/// row over several lines; a line with only goal and result text continues
/// both cells: `整え` + `ます。`, `整えまし` + `た。`.
#[test]
fn three_column_continuation_lines_continue_goal_and_result() {
    let doc = convert("fixtures/archive/sheets/sanretsu_r5.table.txt");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
    let row = &doc["rows"][0];
    assert_eq!(row["goal"], "窓口の案内表示を見やすく整えます。");
    assert_eq!(row["result"], "案内表示を三か所で整えました。");
    // A continuation line with the result cell empty adds to the goal only.
    assert_eq!(
        doc["rows"][2]["goal"],
        "手続の案内をホームページで更新します。"
    );
    assert_eq!(doc["rows"][2]["result"], "毎月、案内を更新しました。");
}
