//! What changed between two conversions of the same archive: documents
//! added and removed, document fields changed, and goal-sheet rows added,
//! removed and changed field by field — matched by department path and item
//! number, not by position. A row whose only change is where it stands
//! (its lines, its page: a row inserted above it) is *moved*, apart from
//! the rows whose text changed, so that one inserted row does not show as
//! every later row changed. A row renumbered (`#2` become `#1` after `#1`
//! was deleted) pairs with the row of its new number: the text of one,
//! changed, and the other removed. The plansheet version is ignored.

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
    /// Document-level fields that changed (everything but the rows): the
    /// first [`MAX_LISTED`].
    pub fields: Vec<FieldChange>,
    /// How many document-level fields changed, listed or not.
    pub fields_changed: usize,
    /// Rows only in the new document.
    pub rows_added: Vec<String>,
    /// Rows only in the old document.
    pub rows_removed: Vec<String>,
    /// Rows in both whose fields differ, beyond where they stand.
    pub rows_changed: Vec<RowChange>,
    /// Rows in both that differ only in where they stand (`/provenance`:
    /// their lines, their page).
    pub rows_moved: Vec<RowChange>,
}

/// A changed row, by its key (`department path #number`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChange {
    /// `まちづくり推進部 / 総務課 #1`.
    pub key: String,
    /// Its fields that differ: the first [`MAX_LISTED`].
    pub fields: Vec<FieldChange>,
    /// How many of its fields differ, listed or not.
    pub fields_changed: usize,
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

/// The most field changes listed per document or row; `fields_changed`
/// says how many there were.
pub const MAX_LISTED: usize = 200;

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
        fields_changed: 0,
        rows_added: Vec::new(),
        rows_removed: Vec::new(),
        rows_changed: Vec::new(),
        rows_moved: Vec::new(),
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
    let mut fields = Changes::default();
    changes("", &strip(before), &strip(after), &mut fields);
    let old_rows = keyed_rows(before);
    let new_rows = keyed_rows(after);
    let mut d = whole(key, "changed");
    (d.fields, d.fields_changed) = (fields.listed, fields.count);
    for (row_key, row) in &old_rows {
        match new_rows.get(row_key) {
            None => d.rows_removed.push(row_key.clone()),
            Some(other) => {
                let mut fields = Changes::default();
                changes("", row, other, &mut fields);
                let moved = !fields.beyond_provenance;
                let change = RowChange {
                    key: row_key.clone(),
                    fields: fields.listed,
                    fields_changed: fields.count,
                };
                match (change.fields_changed, moved) {
                    (0, _) => {}
                    (_, true) => d.rows_moved.push(change),
                    (_, false) => d.rows_changed.push(change),
                }
            }
        }
    }
    d.rows_added = new_rows
        .keys()
        .filter(|k| !old_rows.contains_key(*k))
        .cloned()
        .collect();
    let same = d.fields_changed == 0
        && d.rows_added.is_empty()
        && d.rows_removed.is_empty()
        && d.rows_changed.is_empty()
        && d.rows_moved.is_empty();
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

/// Leaf fields that differ: the first [`MAX_LISTED`], and how many.
#[derive(Default)]
struct Changes {
    listed: Vec<FieldChange>,
    count: usize,
    /// Whether one, listed or not, is not under `/provenance/`.
    beyond_provenance: bool,
}

/// The leaf fields that differ between two values, as JSON pointers.
fn changes(pointer: &str, before: &Value, after: &Value, out: &mut Changes) {
    if before == after {
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
        _ => {
            out.count += 1;
            out.beyond_provenance |= !pointer.starts_with("/provenance/");
            if out.listed.len() < MAX_LISTED {
                out.listed.push(FieldChange {
                    field: if pointer.is_empty() {
                        "/".into()
                    } else {
                        pointer.to_owned()
                    },
                    before: before.clone(),
                    after: after.clone(),
                });
            }
        }
    }
}

/// `N fields changed`, and how many of them are listed where not all.
fn counted(listed: usize, count: usize) -> String {
    let fields = match count {
        1 => "1 field changed".to_owned(),
        n => format!("{n} fields changed"),
    };
    if listed < count {
        format!("{fields} (the first {listed} listed)")
    } else {
        fields
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
                    out.push_str(&format!(
                        "{}: {}; rows: {} added, {} removed, {} changed, {} moved\n",
                        d.key,
                        counted(d.fields.len(), d.fields_changed),
                        d.rows_added.len(),
                        d.rows_removed.len(),
                        d.rows_changed.len(),
                        d.rows_moved.len()
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
                        if r.fields.len() < r.fields_changed {
                            out.push_str(&format!(
                                "      {}\n",
                                counted(r.fields.len(), r.fields_changed)
                            ));
                        }
                        for f in &r.fields {
                            out.push_str(&format!(
                                "      {}: {} → {}\n",
                                f.field, f.before, f.after
                            ));
                        }
                    }
                    // (Where a moved row stands now is in the document;
                    // its key says which.)
                    for r in &d.rows_moved {
                        out.push_str(&format!("  ↕ {}\n", r.key));
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

    /// helper-124: a row inserted above others moved them (their lines)
    /// and had each shown as changed; more than 200 changed fields were
    /// counted as 200, the rest (the source's hash) unsaid.
    #[test]
    fn rows_moved_are_apart_and_every_change_is_counted() {
        let row = |n: &str, goal: &str, line: u64| {
            json!({"department_path": ["総務課"], "number": n, "goal": goal,
                   "provenance": {"lines": {"start": line, "end": line}}})
        };
        let old = BTreeMap::from([(
            "a.json".to_owned(),
            doc("ok", json!([row("1", "g1", 5), row("2", "g2", 6)])),
        )]);
        let new = BTreeMap::from([(
            "a.json".to_owned(),
            doc(
                "ok",
                json!([row("1", "g1", 6), row("2", "G2", 7), row("3", "g3", 8)]),
            ),
        )]);
        let d = diff_maps(&old, &new);
        let a = &d.documents[0];
        assert_eq!(a.rows_added, ["総務課 #3"]);
        assert_eq!(a.rows_moved.len(), 1);
        assert_eq!(a.rows_moved[0].key, "総務課 #1");
        assert_eq!(a.rows_changed.len(), 1);
        assert_eq!(a.rows_changed[0].key, "総務課 #2");
        assert_eq!(a.rows_changed[0].fields_changed, 3);
        assert_eq!(
            d.to_text(),
            "a.json: 0 fields changed; rows: 1 added, 0 removed, 1 changed, 1 moved\n  \
             + 総務課 #3\n  ~ 総務課 #2\n      /goal: \"g2\" → \"G2\"\n      \
             /provenance/lines/end: 6 → 7\n      /provenance/lines/start: 6 → 7\n  ↕ 総務課 #1\n"
        );
        // Only moved: the document still differs.
        let moved = BTreeMap::from([(
            "a.json".to_owned(),
            doc("ok", json!([row("1", "g1", 9), row("2", "g2", 10)])),
        )]);
        let d = diff_maps(&old, &moved);
        assert!(!d.equal);
        assert_eq!(d.documents[0].rows_moved.len(), 2);
        // Moved however many of its places changed (review: past 200, a
        // row had been changed).
        let placed = |shift: u64| {
            let boxes: Vec<u64> = (0..240).map(|k| k + shift).collect();
            doc(
                "ok",
                json!([{"department_path": ["総務課"], "number": "1", "goal": "g1",
                        "provenance": {"boxes": boxes}}]),
            )
        };
        let d = diff_maps(
            &BTreeMap::from([("c.json".to_owned(), placed(0))]),
            &BTreeMap::from([("c.json".to_owned(), placed(1))]),
        );
        assert_eq!(d.documents[0].rows_moved.len(), 1);
        assert_eq!(d.documents[0].rows_moved[0].fields_changed, 240);
        // 302 fields changed: 200 listed, 302 said, in the text and the
        // JSON.
        let many = |v: u64| {
            let nodes: Vec<Value> = (0..301).map(|k| json!({"line": k + v})).collect();
            json!({"status": "ok", "nodes": nodes, "source": {"sha256": v.to_string()}})
        };
        let old = BTreeMap::from([("b.json".to_owned(), many(0))]);
        let new = BTreeMap::from([("b.json".to_owned(), many(1))]);
        let d = diff_maps(&old, &new);
        assert_eq!(d.documents[0].fields.len(), MAX_LISTED);
        assert_eq!(d.documents[0].fields_changed, 302);
        assert!(
            d.to_text()
                .starts_with("b.json: 302 fields changed (the first 200 listed); rows:"),
            "{}",
            d.to_text()
        );
        assert_eq!(
            serde_json::to_value(&d).unwrap()["documents"][0]["fields_changed"],
            302
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
