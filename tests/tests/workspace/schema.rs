//! The committed JSON Schemas match the types, and every fixture's document
//! validates against the document schema.

use plansheet_tests::{archive_files, convert, root};
use serde_json::Value;

fn committed(name: &str) -> String {
    std::fs::read_to_string(root().join("schemas").join(name)).unwrap_or_default()
}

/// Regenerate with `cargo run -p plansheet-cli -- schema document >
/// schemas/plansheet.schema.json` (`schema report` for the report, `schema
/// line` for a line of `convert --jsonl`).
#[test]
fn committed_schemas_match_the_types() {
    assert_eq!(
        committed("plansheet.schema.json"),
        plansheet_export::document_schema(),
        "schemas/plansheet.schema.json is stale"
    );
    assert_eq!(
        committed("run-report.schema.json"),
        plansheet_export::report_schema(),
        "schemas/run-report.schema.json is stale"
    );
    assert_eq!(
        committed("jsonl-line.schema.json"),
        plansheet_export::line_schema(),
        "schemas/jsonl-line.schema.json is stale"
    );
}

fn validator() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: Value = serde_json::from_str(&committed("plansheet.schema.json")).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("urn:plansheet:document", schema)
        .unwrap();
    let index = compiler
        .compile("urn:plansheet:document", &mut schemas)
        .unwrap();
    (schemas, index)
}

#[test]
fn every_fixture_document_validates() {
    let (schemas, index) = validator();
    let mut validated = 0;
    for file in archive_files() {
        let doc = convert(&file);
        if doc.get("error").is_some() {
            continue;
        }
        if let Err(e) = schemas.validate(&doc, index) {
            panic!("{file} does not validate: {e:#}");
        }
        validated += 1;
    }
    assert!(validated >= 13);
}

#[test]
fn the_schema_rejects_a_malformed_document() {
    let (schemas, index) = validator();
    let mut doc = convert("fixtures/archive/seeds/001_3a53fb10d7564494.txt");
    doc["rows"][0]["numbers"] = Value::String("1".into());
    assert!(schemas.validate(&doc, index).is_err());
    let mut doc = convert("fixtures/archive/seeds/001_3a53fb10d7564494.txt");
    doc["status"] = Value::String("fine".into());
    assert!(schemas.validate(&doc, index).is_err());
    let mut doc = convert("fixtures/archive/seeds/001_3a53fb10d7564494.txt");
    doc.as_object_mut().unwrap().remove("rows");
    assert!(schemas.validate(&doc, index).is_err());
}
