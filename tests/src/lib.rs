//! Helpers shared by the workspace-level tests in `tests/`: where the
//! fixtures are, converting them the way the CLI does, and the accuracy
//! score of `../shared/eval/score.py`, ported so that a fresh clone can
//! check itself.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file of the bundled archive, as paths relative to the root
/// (`fixtures/archive/seeds/001_….txt`), sorted.
pub fn archive_files() -> Vec<String> {
    let mut found = Vec::new();
    collect(&root().join("fixtures/archive"), &mut found);
    let root = root();
    let mut relative: Vec<String> = found
        .iter()
        .filter_map(|p| p.strip_prefix(&root).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    relative.sort();
    relative
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if !entry.file_name().to_string_lossy().starts_with('.') {
            out.push(path);
        }
    }
}

/// Converts a fixture (path relative to the root) to its JSON text, exactly
/// as `plansheet extract` prints it. Each fixture is converted once per test
/// binary: the tests that read the whole archive share the result.
pub fn convert_text(relative: &str) -> String {
    static CONVERTED: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let cache = CONVERTED.get_or_init(Mutex::default);
    if let Some(json) = cache.lock().ok().and_then(|c| c.get(relative).cloned()) {
        return json;
    }
    let bytes = std::fs::read(root().join(relative)).unwrap_or_default();
    let json = plansheet::extract(relative, &bytes)
        .map_err(|e| e.to_string())
        .and_then(|doc| plansheet_export::to_json(&doc).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| serde_json::json!({ "error": e }).to_string());
    if let Ok(mut cache) = cache.lock() {
        cache.insert(relative.to_owned(), json.clone());
    }
    json
}

/// The JSON with the plansheet version replaced by `[version]`, so that
/// snapshots do not change with every release.
pub fn redact_version(json: &str) -> String {
    json.replacen(
        &format!("\"plansheet_version\": \"{}\"", plansheet::VERSION),
        "\"plansheet_version\": \"[version]\"",
        1,
    )
}

/// The tables of a PDF fixture's typed layout (`plansheet text --json`), page
/// by page: for each page, its table blocks in order.
pub fn pdf_tables(relative: &str) -> Vec<Vec<Value>> {
    let bytes = std::fs::read(root().join(relative)).unwrap_or_default();
    let json = plansheet::input_view(relative, &bytes, plansheet::View::Json)
        .map(|(json, _)| json)
        .unwrap_or_default();
    let layout: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
    layout
        .as_array()
        .map(|pages| {
            pages
                .iter()
                .map(|page| {
                    page["blocks"]
                        .as_array()
                        .map(|b| b.iter().filter(|b| b["kind"] == "table").cloned().collect())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Converts a fixture (path relative to the root) to its JSON value.
pub fn convert(relative: &str) -> Value {
    serde_json::from_str(&convert_text(relative)).unwrap_or(Value::Null)
}

/// Text as the scorer compares it: NFKC, no white space, one tilde.
pub fn canon(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(canon).collect(),
        other => other.to_string(),
    };
    text.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '〜' { '~' } else { c })
        .collect()
}

/// What `score.py` reports, for the figures the tests assert on.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Rows in the truth.
    pub expected: usize,
    /// Rows in the output.
    pub found: usize,
    /// Rows aligned by (department, number).
    pub matched: usize,
    /// Share of the truth's department, number, category, goal and result
    /// fields that match.
    pub field_accuracy: f64,
    /// Aligned rows whose department path matches.
    pub path_exact: usize,
}

/// Scores a document's rows against a truth row list, as `score.py` does:
/// rows are aligned by department and number (a longest common
/// subsequence), then category, goal and result are compared after
/// [`canon`].
pub fn score(output: &Value, truth: &Value) -> Score {
    let empty = Vec::new();
    let got = output["rows"].as_array().unwrap_or(&empty);
    let want = truth.as_array().unwrap_or(&empty);
    let key = |r: &Value| format!("{}#{}", canon(&r["department"]), canon(&r["number"]));
    let a: Vec<String> = want.iter().map(key).collect();
    let b: Vec<String> = got.iter().map(key).collect();
    let pairs = lcs_pairs(&a, &b);
    let mut fields = 0;
    let mut path_exact = 0;
    for &(t, g) in &pairs {
        let (t, g) = (&want[t], &got[g]);
        fields += 2;
        fields += ["category", "goal", "result"]
            .iter()
            .filter(|f| canon(&g[**f]) == canon(&t[**f]))
            .count();
        let mut path = t["parents"].as_array().cloned().unwrap_or_default();
        path.push(t["department"].clone());
        if canon(&g["department_path"]) == canon(&Value::Array(path)) {
            path_exact += 1;
        }
    }
    let total = want.len() * 5;
    Score {
        expected: want.len(),
        found: got.len(),
        matched: pairs.len(),
        field_accuracy: if total == 0 {
            0.0
        } else {
            fields as f64 / total as f64
        },
        path_exact,
    }
}

fn lcs_pairs(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// Line structure of a row's fields as the truth files give them: the
/// department path joined, and goal and result as lines with white space
/// removed inside each line (NFKC, 〜 and ～ as ~), blank lines dropped. A
/// lost or invented line break shows; a space does not.
fn line_structure(
    department: String,
    goal: &str,
    result: &str,
) -> (String, Vec<String>, Vec<String>) {
    let lines = |s: &str| -> Vec<String> {
        s.nfkc()
            .collect::<String>()
            .replace(['〜', '～'], "~")
            .split('\n')
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let department = department.nfkc().filter(|c| !c.is_whitespace()).collect();
    (department, lines(goal), lines(result))
}

/// The rows of a converted document whose line structure differs from the
/// truth's, as `row: field` descriptions.
pub fn line_structure_mismatches(doc: &Value, truth: &Value) -> Vec<String> {
    let rows = doc["rows"].as_array().cloned().unwrap_or_default();
    let truth = truth.as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    if rows.len() != truth.len() {
        out.push(format!("{} rows, truth has {}", rows.len(), truth.len()));
    }
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    for (k, (row, t)) in rows.iter().zip(&truth).enumerate() {
        let path: String = row["department_path"]
            .as_array()
            .map(|p| p.iter().map(text).collect())
            .unwrap_or_default();
        let parents: String = t["parents"]
            .as_array()
            .map(|p| p.iter().map(text).collect::<String>())
            .unwrap_or_default();
        let truth_path = parents + &text(&t["department"]);
        let got = line_structure(path, &text(&row["goal"]), &text(&row["result"]));
        let want = line_structure(truth_path, &text(&t["goal"]), &text(&t["result"]));
        for (field, same) in [
            ("department_path", got.0 == want.0),
            ("goal", got.1 == want.1),
            ("result", got.2 == want.2),
        ] {
            if !same {
                out.push(format!("row {k}: {field}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_score_notices_wrong_fields_and_missing_rows() {
        let truth = json!([
            {"department": "総務課", "parents": [], "number": "1", "category": "共通", "goal": "ア", "result": ""},
            {"department": "総務課", "parents": [], "number": "2", "category": "共通", "goal": "イ", "result": "ウ"},
        ]);
        let perfect = json!({"rows": [
            {"department": "総務課", "department_path": ["総務課"], "number": "1", "category": "共通", "goal": "ア", "result": null},
            {"department": "総務課", "department_path": ["総務課"], "number": "２", "category": "共 通", "goal": "イ", "result": "ウ"},
        ]});
        let s = score(&perfect, &truth);
        assert_eq!((s.matched, s.field_accuracy, s.path_exact), (2, 1.0, 2));
        let wrong = json!({"rows": [
            {"department": "総務課", "number": "2", "category": "共通", "goal": "イ", "result": null},
        ]});
        let s = score(&wrong, &truth);
        assert_eq!((s.found, s.matched, s.field_accuracy), (1, 1, 0.4));
    }
}
