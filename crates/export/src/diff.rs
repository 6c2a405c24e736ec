//! What changed between two conversions of the same archive: documents
//! added and removed, document fields changed, and goal-sheet rows added,
//! removed and changed field by field — matched by department path and item
//! number, not by position, so that one inserted row does not show as every
//! later row changed. The plansheet version is ignored.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

/// The differences between two sets of documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Whether nothing differs.
    pub equal: bool,
    /// One entry per document that differs, in key order.
    pub documents: Vec<DocumentDiff>,
}

/// How one document differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentDiff {
    /// The document's key: its path in the output directory, or its source
    /// path in JSON Lines.
    pub key: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// Document-level fields that changed (everything but the rows).
    pub fields: Vec<FieldChange>,
    /// Rows only in the new document.
    pub rows_added: Vec<String>,
    /// Rows only in the old document.
    pub rows_removed: Vec<String>,
    /// Rows in both whose fields differ.
    pub rows_changed: Vec<RowChange>,
}

/// A changed row, by its key (`department path #number`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChange {
    /// `まちづくり推進部 / 総務課 #1`.
    pub key: String,
    /// Its fields that differ.
    pub fields: Vec<FieldChange>,
}

/// One field, before and after (null where absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// A JSON pointer to the field, e.g. `/status`, `/goal`.
    pub field: String,
    /// The old value.
    pub before: Value,
    /// The new value.
    pub after: Value,
}

/// The most field changes listed per document or row; the count says how
/// many there were.
const MAX_LISTED: usize = 200;

/// Compares two sets of documents, each keyed (by path), as JSON values.
/// `pair` reads the old and the new document of a key both hold, when it
/// is their turn (an archive's documents need not all be in memory), or
/// says `None` where they are known to be the same (the same bytes).
pub fn diff<E>(
    old: &BTreeSet<&str>,
    new: &BTreeSet<&str>,
    mut pair: impl FnMut(&str) -> Result<Option<(Value, Value)>, E>,
) -> Result<Diff, E> {
    let mut documents = Vec::new();
    for key in old {
        if !new.contains(key) {
            documents.push(whole(key, "removed"));
        } else if let Some((before, after)) = pair(key)?
            && let Some(d) = document_diff(key, &before, &after)
        {
            documents.push(d);
        }
    }
    for key in new.difference(old) {
        documents.push(whole(key, "added"));
    }
    documents.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(Diff {
        equal: documents.is_empty(),
        documents,
    })
}

fn whole(key: &str, change: &'static str) -> DocumentDiff {
    DocumentDiff {
        key: key.to_owned(),
        change,
        fields: Vec::new(),
        rows_added: Vec::new(),
        rows_removed: Vec::new(),
        rows_changed: Vec::new(),
    }
}

fn document_diff(key: &str, before: &Value, after: &Value) -> Option<DocumentDiff> {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(map) = v.as_object_mut() {
            map.remove("plansheet_version");
            map.remove("rows");
        }
        v
    };
    let mut fields = Vec::new();
    changes("", &strip(before), &strip(after), &mut fields);
    let old_rows = keyed_rows(before);
    let new_rows = keyed_rows(after);
    let mut d = whole(key, "changed");
    d.fields = fields;
    for (row_key, row) in &old_rows {
        match new_rows.get(row_key) {
            None => d.rows_removed.push(row_key.clone()),
            Some(other) => {
                let mut fields = Vec::new();
                changes("", row, other, &mut fields);
                if !fields.is_empty() {
                    d.rows_changed.push(RowChange {
                        key: row_key.clone(),
                        fields,
                    });
                }
            }
        }
    }
    d.rows_added = new_rows
        .keys()
        .filter(|k| !old_rows.contains_key(*k))
        .cloned()
        .collect();
    let same = d.fields.is_empty()
        && d.rows_added.is_empty()
        && d.rows_removed.is_empty()
        && d.rows_changed.is_empty();
    (!same).then_some(d)
}

/// A document's goal-sheet rows by `department path #number`; a key that
/// repeats gets `(2)`, `(3)` … in order.
fn keyed_rows(doc: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for row in doc
        .get("rows")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let path: Vec<&str> = row
            .get("department_path")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let number = row.get("number").and_then(Value::as_str).unwrap_or("");
        let mut key = format!("{} #{number}", path.join(" / "));
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            key = format!("{key} ({n})");
        }
        out.insert(key, row.clone());
    }
    out
}

/// The leaf fields that differ between two values, as JSON pointers.
fn changes(pointer: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    if before == after || out.len() >= MAX_LISTED {
        return;
    }
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let null = Value::Null;
                let (x, y) = (a.get(k).unwrap_or(&null), b.get(k).unwrap_or(&null));
                changes(&format!("{pointer}/{k}"), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                changes(&format!("{pointer}/{i}"), x, y, out);
            }
        }
        _ => out.push(FieldChange {
            field: if pointer.is_empty() {
                "/".into()
            } else {
                pointer.to_owned()
            },
            before: before.clone(),
            after: after.clone(),
        }),
    }
}

impl Diff {
    /// The differences for people: one block per document, one line per
    /// row or field.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for d in &self.documents {
            match d.change {
                "added" | "removed" => out.push_str(&format!("{}: {}\n", d.key, d.change)),
                _ => {
                    let fields = match d.fields.len() {
                        1 => "1 field changed".to_owned(),
                        n => format!("{n} fields changed"),
                    };
                    out.push_str(&format!(
                        "{}: {fields}; rows: {} added, {} removed, {} changed\n",
                        d.key,
                        d.rows_added.len(),
                        d.rows_removed.len(),
                        d.rows_changed.len()
                    ));
                    for f in &d.fields {
                        out.push_str(&format!("  {}: {} → {}\n", f.field, f.before, f.after));
                    }
                    for k in &d.rows_removed {
                        out.push_str(&format!("  - {k}\n"));
                    }
                    for k in &d.rows_added {
                        out.push_str(&format!("  + {k}\n"));
                    }
                    for r in &d.rows_changed {
                        out.push_str(&format!("  ~ {}\n", r.key));
                        for f in &r.fields {
                            out.push_str(&format!(
                                "      {}: {} → {}\n",
                                f.field, f.before, f.after
                            ));
                        }
                    }
                }
            }
        }
        if self.equal {
            out.push_str("no differences\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `diff` of two sets in memory.
    fn diff_maps(old: &BTreeMap<String, Value>, new: &BTreeMap<String, Value>) -> Diff {
        fn keys(m: &BTreeMap<String, Value>) -> BTreeSet<&str> {
            m.keys().map(String::as_str).collect()
        }
        let pair = |k: &str| Ok::<_, ()>(Some((old[k].clone(), new[k].clone())));
        diff(&keys(old), &keys(new), pair).unwrap()
    }

    fn doc(status: &str, rows: Value) -> Value {
        json!({"plansheet_version": "x", "status": status, "rows": rows})
    }

    #[test]
    fn rows_are_matched_by_department_path_and_number_not_position() {
        let row = |dept: &str, n: &str, goal: &str| json!({"department_path": [dept], "number": n, "goal": goal});
        let old = BTreeMap::from([
            (
                "a.json".to_owned(),
                doc(
                    "ok",
                    json!([row("総務課", "1", "g1"), row("総務課", "2", "g2")]),
                ),
            ),
            ("gone.json".to_owned(), doc("ok", json!([]))),
        ]);
        let mut new_doc = doc(
            "partial",
            json!([
                row("区民課", "1", "x"),
                row("総務課", "1", "g1"),
                row("総務課", "2", "G2")
            ]),
        );
        new_doc["plansheet_version"] = json!("y");
        let new = BTreeMap::from([
            ("a.json".to_owned(), new_doc),
            ("new.json".to_owned(), doc("ok", json!([]))),
        ]);
        let d = diff_maps(&old, &new);
        assert!(!d.equal);
        let changes: Vec<(&str, &str)> = d
            .documents
            .iter()
            .map(|d| (d.key.as_str(), d.change))
            .collect();
        assert_eq!(
            changes,
            [
                ("a.json", "changed"),
                ("gone.json", "removed"),
                ("new.json", "added")
            ]
        );
        let a = &d.documents[0];
        assert_eq!(a.rows_added, ["区民課 #1"]);
        assert!(a.rows_removed.is_empty());
        assert_eq!(a.rows_changed.len(), 1);
        assert_eq!(a.rows_changed[0].key, "総務課 #2");
        assert_eq!(
            a.rows_changed[0].fields,
            [FieldChange {
                field: "/goal".into(),
                before: json!("g2"),
                after: json!("G2")
            }]
        );
        // The version is ignored; the status is a document field.
        assert_eq!(a.fields.len(), 1);
        assert_eq!(a.fields[0].field, "/status");
        assert!(
            d.to_text()
                .contains("  ~ 総務課 #2\n      /goal: \"g2\" → \"G2\"\n")
        );
    }

    #[test]
    fn the_same_documents_are_equal_whatever_their_version() {
        let mut v2 = doc("ok", json!([]));
        v2["plansheet_version"] = json!("9.9");
        let old = BTreeMap::from([("a".to_owned(), doc("ok", json!([])))]);
        let new = BTreeMap::from([("a".to_owned(), v2)]);
        let d = diff_maps(&old, &new);
        assert!(d.equal);
        assert_eq!(d.to_text(), "no differences\n");
    }
}
