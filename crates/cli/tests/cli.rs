//! The `plansheet` binary end to end: arguments, files written, report,
//! standard output and error, exit codes.

// Helpers outside #[test] functions may panic too: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed(name: &str) -> PathBuf {
    root().join("fixtures/archive/seeds").join(name)
}

fn plansheet(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The first seed converted as JSON Lines, written to `a.jsonl` in `dir`;
/// the line and the seed's path.
fn seed_as_jsonl(dir: &Path) -> (String, PathBuf) {
    let sheet = seed("001_3a53fb10d7564494.txt");
    let converted = plansheet(&["convert", "--jsonl", "-q", sheet.to_str().unwrap()], dir);
    let line = String::from_utf8(converted.stdout).unwrap();
    std::fs::write(dir.join("a.jsonl"), &line).unwrap();
    (line, sheet)
}

/// A directory holding a good sheet, a zero-byte file, a binary file and a
/// Shift_JIS sheet: every input is reported, the good ones are converted,
/// and the exit code says that something failed.
#[test]
fn one_bad_file_does_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::copy(seed("001_3a53fb10d7564494.txt"), input.join("good.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
        .iter()
        .copied()
        .chain((0..4000u32).map(|i| (i * 31 % 251) as u8))
        .collect();
    std::fs::write(input.join("scan.png"), png).unwrap();
    let flow = std::fs::read_to_string(seed("002_34d94bb3758c9396.txt")).unwrap();
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(&flow);
    assert!(!lossy);
    std::fs::write(input.join("sub/nakahara.txt"), &sjis).unwrap();

    let out_dir = dir.path().join("out");
    let out = plansheet(&["convert", "in", "-o", "out", "--jobs", "2"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let report = read_json(&out_dir.join("run-report.json"));
    let entries = report["entries"].as_array().unwrap();
    let summary: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("-").to_owned();
            (s("path"), s("status"), s("reason"))
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("in/empty.txt".into(), "failed".into(), "empty_file".into()),
            ("in/good.txt".into(), "ok".into(), "-".into()),
            ("in/scan.png".into(), "failed".into(), "not_text".into()),
            ("in/sub/nakahara.txt".into(), "ok".into(), "-".into()),
        ]
    );
    assert_eq!(
        report["counts"],
        serde_json::json!({"inputs": 4, "ok": 2, "partial": 0, "failed": 2})
    );
    for e in entries {
        assert!(e["ms"].is_u64());
    }
    // Failed inputs still carry their checksum, so a later run can tell
    // whether they changed.
    assert_eq!(
        entries[0]["sha256"],
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );

    let good = read_json(&out_dir.join("good.txt.json"));
    assert_eq!(good["rows"].as_array().unwrap().len(), 42);
    let sjis_doc = read_json(&out_dir.join("sub/nakahara.txt.json"));
    assert_eq!(sjis_doc["source"]["encoding"], "Shift_JIS");
    assert_eq!(sjis_doc["rows"].as_array().unwrap().len(), 50);
    assert_eq!(entries[3]["output"], "out/sub/nakahara.txt.json");
    assert!(!out_dir.join("empty.txt.json").exists());
    assert!(!out_dir.join("scan.png.json").exists());
    // Nothing half-written is left behind.
    let leftovers: Vec<_> = walk(&out_dir)
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".json"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let err = stderr(&out);
    assert!(
        err.contains("failed: in/empty.txt (empty_file): the file is empty"),
        "{err}"
    );
    assert!(err.contains("failed: in/scan.png (not_text)"), "{err}");
    assert!(err.contains("4 inputs"), "{err}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn extract_prints_the_document() {
    let out = plansheet(
        &["extract", "fixtures/archive/seeds/002_34d94bb3758c9396.txt"],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["layout"]["name"], "goal_sheet_flow");
    assert_eq!(doc["metadata"]["ward"], "中原区");
    assert_eq!(doc["rows"].as_array().unwrap().len(), 50);
}

#[test]
fn extract_of_an_unreadable_file_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    let out = plansheet(&["extract", "empty.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!(stderr(&out), @"error: empty.txt: the file is empty [empty_file]");

    let out = plansheet(&["extract", "missing.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out), @"error: failed to read missing.txt: No such file or directory (os error 2)");
}

#[test]
fn extract_of_a_document_with_doubts_is_partial_and_says_why() {
    let out = plansheet(&["extract", "fixtures/faults/image_only.pdf"], &root());
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["status"].as_str(), doc["kind"].as_str()),
        (Some("partial"), Some("outline"))
    );
    insta::assert_snapshot!(stderr(&out), @"warning: fixtures/faults/image_only.pdf: partial (no_text_layer)");
}

/// Issue 10: the multi-year comparison 000 is `ok`: the document itself
/// settles which year each bullet block belongs to (a call-out, then what
/// neighbouring years share), and says so in info diagnostics only.
#[test]
fn extract_of_the_multi_year_plan_is_ok_with_its_order_explained() {
    let out = plansheet(
        &["extract", "fixtures/archive/seeds/000_a92f801ccb7e9a05.txt"],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["status"].as_str(), doc["kind"].as_str()),
        (Some("ok"), Some("multi_year_plan"))
    );
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    assert!(
        diagnostics.iter().all(|d| d["level"] == "info"),
        "{diagnostics:?}"
    );
}

#[test]
fn extract_of_an_unknown_document_is_an_outline() {
    let out = plansheet(
        &["extract", "fixtures/archive/other/jimu_renraku.txt"],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["layout"]["name"].as_str(), doc["kind"].as_str()),
        (Some("outline"), Some("outline"))
    );
    assert!(!doc["nodes"].as_array().unwrap().is_empty());
    assert!(doc["unassigned"].as_array().unwrap().is_empty());
}

#[test]
fn convert_without_input_runs_the_bundled_archive() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    // The README's first command.
    let out = plansheet(
        &[
            "convert",
            "-q",
            "-o",
            out_dir.to_str().unwrap(),
            "--fail-on",
            "failed",
        ],
        &root(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "no document of the archive fails: {}",
        stderr(&out)
    );
    assert_eq!(stderr(&out), "", "--quiet prints nothing");
    let report = read_json(&out_dir.join("run-report.json"));
    let archive_files = walk(&root().join("fixtures/archive")).len();
    assert_eq!(report["counts"]["inputs"], archive_files);
    // Every document is ok but two whose cells set no paragraph in, where
    // a line ending a sentence fills its cell (wrap or paragraph's end?),
    // and an article whose section numbers stand apart from their headings.
    let partial: Vec<(&str, &str)> = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] != "ok")
        .map(|e| (e["path"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        partial,
        [
            ("fixtures/archive/negative/ja_article.txt", "ambiguous_line"),
            (
                "fixtures/archive/pdf/001_3a53fb10d7564494.reportlab.pdf",
                "ambiguous_line"
            ),
            (
                "fixtures/archive/pdf/unindented_paras_r6.writer.pdf",
                "ambiguous_line"
            )
        ]
    );
    assert_eq!(report["counts"]["ok"], archive_files - 3);
    // Each entry says why its layout: the score, and the runner-up's.
    for e in report["entries"].as_array().unwrap() {
        let confidence = e["confidence"].as_f64().unwrap();
        let runner_up = e["runner_up"]["confidence"].as_f64().unwrap_or(0.0);
        assert!(confidence >= runner_up, "{e}");
    }
    let sheet = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "fixtures/archive/seeds/001_3a53fb10d7564494.txt")
        .unwrap();
    assert_eq!(sheet["layout"], "goal_sheet_table");
    assert!(sheet["confidence"].as_f64().unwrap() >= 0.6);
    assert!(sheet["runner_up"]["name"].is_string());
    assert!(
        out_dir
            .join("seeds/001_3a53fb10d7564494.txt.json")
            .is_file()
    );
    assert!(
        out_dir
            .join("encodings/tama_r2.sjis-crlf.txt.json")
            .is_file()
    );
}

/// Issue 10: a partial entry of the run report says why: its first
/// warning's message and how many more there are.
#[test]
fn a_partial_entry_of_the_report_carries_its_first_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = plansheet(
        &[
            "convert",
            "-q",
            "-o",
            out_dir.to_str().unwrap(),
            "fixtures/faults/image_only.pdf",
            "fixtures/faults/too_many_pages.pdf",
        ],
        &root(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = read_json(&out_dir.join("run-report.json"));
    let messages: Vec<(&str, &str)> = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["status"].as_str().unwrap(),
                e["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            (
                "partial",
                "no_text_layer: the pages have no text layer (scanned images, or text drawn as outlines?); nothing could be read; 1 more warning"
            ),
            (
                "partial",
                "truncated: only the first 2000 of 2001 pages were read"
            ),
        ]
    );
}

#[test]
fn jsonl_streams_one_document_per_line() {
    let out = plansheet(
        &["convert", "--jsonl", "-q", "fixtures/archive/sheets"],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut paths: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]["path"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "fixtures/archive/sheets/asao_h30.flow.txt",
            "fixtures/archive/sheets/hokubu_r6.table.txt",
            "fixtures/archive/sheets/kakuu_r5.table.txt",
            "fixtures/archive/sheets/miyamae_h29.table.txt",
            "fixtures/archive/sheets/sanretsu_r5.table.txt",
            "fixtures/archive/sheets/tama_r2.flow.txt"
        ]
    );
}

#[test]
fn usage_and_fatal_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = plansheet(&["convert", "somewhere"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--output <OUT_DIR>"),
        "{}",
        stderr(&out)
    );

    std::fs::create_dir(dir.path().join("nothing")).unwrap();
    let out = plansheet(&["convert", "nothing", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out), @"error: no input files found in nothing");

    let out = plansheet(&["convert", "absent", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out), @"error: failed to read absent: No such file or directory (os error 2)");
}

#[test]
fn two_inputs_writing_one_output_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::copy(
            seed("001_3a53fb10d7564494.txt"),
            dir.path().join(sub).join("s.txt"),
        )
        .unwrap();
    }
    let out = plansheet(&["convert", "a", "b", "-q", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report = read_json(&dir.path().join("out/run-report.json"));
    assert_eq!(report["entries"][0]["status"], "ok");
    assert_eq!(report["entries"][1]["reason"], "output_collision");
}

#[test]
fn schema_command_prints_the_committed_schemas() {
    for (kind, file) in [
        ("document", "plansheet.schema.json"),
        ("report", "run-report.schema.json"),
        ("line", "jsonl-line.schema.json"),
    ] {
        let out = plansheet(&["schema", kind], &root());
        assert_eq!(out.status.code(), Some(0));
        let committed = std::fs::read_to_string(root().join("schemas").join(file)).unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), committed, "{file}");
    }
}

/// A committed schema, compiled.
fn schema(file: &str) -> (boon::Schemas, boon::SchemaIndex) {
    let text = std::fs::read_to_string(root().join("schemas").join(file)).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = format!("urn:plansheet:{file}");
    compiler
        .add_resource(&url, serde_json::from_str(&text).unwrap())
        .unwrap();
    let index = compiler.compile(&url, &mut schemas).unwrap();
    (schemas, index)
}

/// Every line `convert --jsonl` writes validates against
/// `schemas/jsonl-line.schema.json`: the documents and the lines of inputs
/// that made none, which the document schema turns down.
#[test]
fn every_jsonl_line_validates_against_the_line_schema() {
    let out = plansheet(
        &[
            "convert",
            "--jsonl",
            "-q",
            "--fail-on",
            "never",
            "fixtures/faults",
            "fixtures/archive/sheets/hokubu_r6.table.txt",
        ],
        &root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (lines, line) = schema("jsonl-line.schema.json");
    let (documents, document) = schema("plansheet.schema.json");
    let mut failed = 0;
    let mut made = 0;
    for text in String::from_utf8(out.stdout).unwrap().lines() {
        let value: Value = serde_json::from_str(text).unwrap();
        if let Err(e) = lines.validate(&value, line) {
            panic!("{text}: {e:#}");
        }
        if value["status"] == "failed" {
            failed += 1;
            assert!(documents.validate(&value, document).is_err(), "{text}");
            assert!(value["reason"].is_string() && value["message"].is_string());
            // A failure line told `ok`, or one that lost its path, is not
            // a line plansheet writes.
            let mut told_ok = value.clone();
            told_ok["status"] = "ok".into();
            assert!(lines.validate(&told_ok, line).is_err());
            let mut pathless = value.clone();
            pathless["source"] = serde_json::json!({});
            assert!(lines.validate(&pathless, line).is_err());
        } else {
            made += 1;
            assert!(documents.validate(&value, document).is_ok(), "{text}");
        }
    }
    assert!(
        failed >= 4 && made >= 2,
        "{failed} failed, {made} documents"
    );
}

/// `plansheet diff`: two runs of the same archive are equal although their
/// reports' timings differ; an edited row shows field by field, matched by
/// department path and number; `--json` for tools; exit 1 when different.
#[test]
fn diff_shows_what_changed_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let run = plansheet(
            &[
                "convert",
                "-q",
                "-o",
                out.to_str().unwrap(),
                "fixtures/archive/sheets",
            ],
            &root(),
        );
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    }
    let same = plansheet(&["diff", a.to_str().unwrap(), b.to_str().unwrap()], &root());
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stdout)
    );
    assert_eq!(String::from_utf8_lossy(&same.stdout), "no differences\n");

    let doc_path = b.join("miyamae_h29.table.txt.json");
    let mut doc = read_json(&doc_path);
    let key = format!(
        "{} #{}",
        doc["rows"][2]["department_path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect::<Vec<_>>()
            .join(" / "),
        doc["rows"][2]["number"].as_str().unwrap()
    );
    doc["rows"][2]["goal"] = Value::from("書き換えた目標");
    let removed = doc["rows"].as_array_mut().unwrap().remove(0);
    std::fs::write(&doc_path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();

    let differ = plansheet(&["diff", a.to_str().unwrap(), b.to_str().unwrap()], &root());
    assert_eq!(differ.status.code(), Some(1));
    let text = String::from_utf8_lossy(&differ.stdout);
    assert!(
        text.starts_with(
            "miyamae_h29.table.txt.json: 0 fields changed; rows: 0 added, 1 removed, 1 changed, 0 moved\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!("  ~ {key}\n      /goal: ")),
        "{text}"
    );
    assert!(text.contains("→ \"書き換えた目標\""), "{text}");
    assert!(
        text.contains(&format!(
            "  - {} #{}",
            removed["department"].as_str().unwrap(),
            removed["number"].as_str().unwrap()
        )),
        "{text}"
    );

    let json = plansheet(
        &["diff", "--json", a.to_str().unwrap(), b.to_str().unwrap()],
        &root(),
    );
    let diff: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(diff["equal"], false);
    assert_eq!(diff["documents"][0]["rows_changed"][0]["key"], key.as_str());
    assert_eq!(
        diff["documents"][0]["rows_changed"][0]["fields"][0]["after"],
        "書き換えた目標"
    );
}

/// helper-124: output directories' failed inputs are compared too (their
/// run reports'): a new failure, a reason changed, an input that failed
/// where it had a document — each had been no difference (exit 0) or a
/// document removed as if the input were gone.
#[test]
fn diff_of_directories_compares_their_failed_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        root().join("fixtures/archive/sheets/hokubu_r6.table.txt"),
        input.join("a.txt"),
    )
    .unwrap();
    let convert = |out: &str| {
        plansheet(
            &["convert", "-q", "--fail-on", "never", "in", "-o", out],
            dir.path(),
        )
    };
    let diff = |old: &str, new: &str| {
        let run = plansheet(&["diff", old, new], dir.path());
        (
            run.status.code(),
            String::from_utf8_lossy(&run.stdout).into_owned(),
        )
    };
    convert("old");
    std::fs::write(input.join("broken.txt"), "").unwrap();
    convert("new");
    assert_eq!(
        diff("old", "new"),
        (Some(1), "in/broken.txt (failed): added\n".into())
    );
    std::fs::write(input.join("broken.txt"), b"\x00\x01bin").unwrap();
    convert("other");
    let (code, text) = diff("new", "other");
    assert_eq!(code, Some(1));
    assert!(
        text.starts_with("in/broken.txt (failed): 2 fields changed;")
            && text.contains("  /reason: \"empty_file\" → \"not_text\"\n"),
        "{text}"
    );
    assert_eq!(diff("other", "other"), (Some(0), "no differences\n".into()));
    std::fs::write(input.join("a.txt"), "").unwrap();
    convert("emptied");
    let (_, text) = diff("other", "emptied");
    assert!(
        text.contains("a.txt.json: removed\nin/a.txt (failed): added\n"),
        "{text}"
    );
}

/// `diff` compares conversions only: a document twice in JSON Lines (two
/// runs appended) is a document added, not hidden
/// behind the first; two directories without a plansheet document (the
/// sheets' own directories), a JSON file that is no document, or a
/// directory against JSON Lines are errors (exit 2), not `no
/// differences`.
#[test]
fn diff_shows_a_document_twice_and_refuses_what_is_no_conversion() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = "fixtures/archive/sheets/miyamae_h29.table.txt";
    let (once, twice) = (
        dir.path().join("once.jsonl"),
        dir.path().join("twice.jsonl"),
    );
    let jsonl = |inputs: &[&str]| {
        let mut args = vec!["convert", "-q", "--jsonl"];
        args.extend_from_slice(inputs);
        plansheet(&args, &root()).stdout
    };
    std::fs::write(&once, jsonl(&[sheet])).unwrap();
    // (Two runs appended: one run converts a path named twice once.)
    std::fs::write(&twice, [jsonl(&[sheet]), jsonl(&[sheet])].concat()).unwrap();
    let differ = plansheet(
        &["diff", once.to_str().unwrap(), twice.to_str().unwrap()],
        &root(),
    );
    assert_eq!(differ.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&differ.stdout),
        format!("{sheet} #2: added\n")
    );
    let sheets = root().join("fixtures/archive/sheets");
    let seeds = root().join("fixtures/archive/seeds");
    let not_json = dir.path().join("other");
    std::fs::create_dir(&not_json).unwrap();
    std::fs::write(not_json.join("a.json"), "{\"name\": 1}").unwrap();
    // A run whose every input failed (its report alone) is a conversion:
    // its documents are removed, not refused (rev94).
    let (ok_run, failed_run) = (dir.path().join("ok"), dir.path().join("failed"));
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    for (out, input) in [(&ok_run, root().join(sheet)), (&failed_run, empty.clone())] {
        std::fs::create_dir(out).unwrap();
        std::fs::copy(&input, out.join("in.txt")).unwrap();
        let run = plansheet(&["convert", "-q", "-o", "o", "in.txt"], out);
        assert!(
            run.status.code().is_some_and(|c| c <= 1),
            "{}",
            stderr(&run)
        );
    }
    let removed = plansheet(
        &[
            "diff",
            ok_run.join("o").to_str().unwrap(),
            failed_run.join("o").to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(removed.status.code(), Some(1), "{}", stderr(&removed));
    assert_eq!(
        String::from_utf8_lossy(&removed.stdout),
        "in.txt (failed): added\nin.txt.json: removed\n"
    );
    for (old, new, says) in [
        (&sheets, &seeds, "no plansheet documents in"),
        (&not_json, &not_json, "not a plansheet document"),
        (&sheets, &once, "are not of one kind"),
    ] {
        let run = plansheet(
            &["diff", old.to_str().unwrap(), new.to_str().unwrap()],
            &root(),
        );
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert!(stderr(&run).contains(says), "{}", stderr(&run));
    }
}

/// What an installed binary offers besides converting: the commit in
/// `--version`, examples and exit codes in `--help`, shell completions and a
/// manual page.
#[test]
fn version_help_completions_and_manual_page() {
    let version = plansheet(&["--version"], &root());
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(version.starts_with("plansheet 0.1.0 ("), "{version}");
    assert!(version.trim_end().ends_with(')'), "{version}");
    let help = plansheet(&["--help"], &root());
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("Exit codes:") && help.contains("130"),
        "{help}"
    );
    assert!(
        help.contains("plansheet convert archive/ -o out/"),
        "{help}"
    );
    for shell in ["bash", "zsh", "fish"] {
        let out = plansheet(&["completions", shell], &root());
        assert_eq!(out.status.code(), Some(0));
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("convert") && script.contains("files-from"),
            "{shell}"
        );
    }
    let man = plansheet(&["man"], &root());
    let man = String::from_utf8_lossy(&man.stdout);
    assert!(man.contains(".TH plansheet 1"), "{man}");
    assert!(man.contains("convert"), "{man}");
}

/// `text` shows a PDF's tables cell by cell, each cell's lines as printed;
/// `--lines` the tab-separated lines the parsers read; `--json` the typed
/// layout, which a text file does not have.
#[test]
fn text_shows_the_pdf_grid_three_ways() {
    let pdf = "fixtures/archive/pdf/002_34d94bb3758c9396.writer.pdf";
    let out = plansheet(&["text", pdf], &root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    // The department cell's two lines are two lines, one under the other
    // (the number cell, centred between them, may print between them, as
    // on the page).
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("まちづくり推進部"))
        .unwrap();
    assert!(
        lines[at + 1..at + 3]
            .iter()
            .any(|l| l.starts_with("総務課")),
        "{:?}",
        &lines[at..at + 3]
    );

    // One line per table row: the department cell's lines joined.
    let out = plansheet(&["text", "--lines", pdf], &root());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("まちづくり推進部総務課\t1\t共通\t")),
        "{text}"
    );

    let out = plansheet(&["text", "--json", pdf], &root());
    let layout: Value = serde_json::from_slice(&out.stdout).unwrap();
    let table = layout[0]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == "table")
        .unwrap();
    let cell = &table["rows"][4]["cells"][0];
    assert_eq!(cell["lines"][0]["text"], "まちづくり推進部");
    assert_eq!(cell["lines"][1]["text"], "総務課");
    assert_eq!(cell["bbox"].as_array().unwrap().len(), 4);

    let out = plansheet(
        &[
            "text",
            "--json",
            "fixtures/archive/seeds/001_3a53fb10d7564494.txt",
        ],
        &root(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a PDF"), "{}", stderr(&out));
}

/// helper-107's review of `rows`: a mistyped input is an error that names
/// it and leaves the output file alone (it had been replaced by an empty
/// table, exit 0); an output that is an input, or inside an input
/// directory, is refused (`rows a.jsonl -o a.jsonl` had replaced the only
/// copy); an empty `.json` is no document.
#[test]
fn rows_refuses_missing_inputs_and_outputs_over_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(&csv, "old").unwrap();
    let out = plansheet(&["rows", "typo_dir", "-o", "t.csv"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("typo_dir: no such file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "old");
    let (line, _) = seed_as_jsonl(dir.path());
    for (input, output) in [
        ("a.jsonl", "a.jsonl"),
        (".", "rows.csv"),
        (".", "sub/../rows.csv"),
    ] {
        let out = plansheet(&["rows", input, "-o", output], dir.path());
        assert_eq!(out.status.code(), Some(2), "{input} -o {output}");
        assert!(
            stderr(&out).contains("write it elsewhere"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.jsonl")).unwrap(),
        line
    );
    std::fs::write(dir.path().join("empty.json"), "").unwrap();
    let out = plansheet(&["rows", "empty.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("empty.json is empty"),
        "{}",
        stderr(&out)
    );
}

/// helper-124: `rows` says what it could not put in the table. An input
/// that failed makes the exit 1 (it had been 0, the table of the others
/// given), documents that hold none of the kind asked are named on
/// standard error (an empty table had come without a word), and JSON
/// Lines named otherwise than `*.jsonl` are read as documents, not
/// converted as a sheet into an outline of no row.
#[test]
fn rows_says_what_is_not_in_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = root().join("fixtures/archive/sheets/hokubu_r6.table.txt");
    std::fs::copy(&sheet, dir.path().join("s.txt")).unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let rows = |args: &[&str]| plansheet(&[&["rows"], args].concat(), dir.path());
    let records = |out: &Output| String::from_utf8_lossy(&out.stdout).lines().count() - 1;
    let alone = rows(&["s.txt"]);
    assert_eq!(alone.status.code(), Some(0), "{}", stderr(&alone));
    let with_failed = rows(&["s.txt", "empty.txt"]);
    assert_eq!(with_failed.status.code(), Some(1));
    assert_eq!(records(&with_failed), records(&alone));
    assert!(stderr(&with_failed).contains("skipped: empty.txt"));
    let items = rows(&["--kind", "items", "s.txt"]);
    assert_eq!((items.status.code(), records(&items)), (Some(0), 0));
    assert!(
        stderr(&items).contains("no items record in the 1 documents read (1 goal_sheet)"),
        "{}",
        stderr(&items)
    );
    let jsonl = plansheet(&["convert", "--jsonl", "-q", "s.txt"], dir.path());
    for name in ["docs.txt", "DOCS.JSONL", "docs.ndjson"] {
        std::fs::write(dir.path().join(name), &jsonl.stdout).unwrap();
        let out = rows(&[name]);
        assert_eq!(records(&out), records(&alone), "{name}: {}", stderr(&out));
        assert_eq!(out.stdout, alone.stdout);
    }
    // A failed input's line, so named, is read as one too.
    let failed = plansheet(
        &[
            "convert",
            "--jsonl",
            "-q",
            "--fail-on",
            "never",
            "empty.txt",
        ],
        dir.path(),
    );
    std::fs::write(dir.path().join("failed.txt"), &failed.stdout).unwrap();
    let out = rows(&["failed.txt"]);
    assert_eq!((out.status.code(), records(&out)), (Some(1), 0));
    assert!(
        stderr(&out).contains("skipped: empty.txt"),
        "{}",
        stderr(&out)
    );
}

/// helper-126: two conversions of the same sheets give each input's rows
/// once, and say so (every row had come twice without a word); a document
/// its directory's run report lists as written but since removed is named,
/// exit 1 (its rows had been left out, exit 0).
#[test]
fn rows_gives_an_input_once_and_names_a_document_gone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::copy(
            root().join("fixtures/archive/sheets/hokubu_r6.table.txt"),
            input.join(name),
        )
        .unwrap();
    }
    for out in ["out1", "out2"] {
        let run = plansheet(&["convert", "-q", "in", "-o", out], dir.path());
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    }
    let rows = |args: &[&str]| plansheet(&[&["rows"], args].concat(), dir.path());
    let records = |out: &Output| String::from_utf8_lossy(&out.stdout).lines().count() - 1;
    let once = rows(&["out1"]);
    let both = rows(&["out1", "out2"]);
    assert_eq!(both.status.code(), Some(0), "{}", stderr(&both));
    assert_eq!(both.stdout, once.stdout);
    assert!(
        stderr(&both).contains("2 documents were of an input whose document was read already"),
        "{}",
        stderr(&both)
    );
    std::fs::remove_file(dir.path().join("out1/b.txt.json")).unwrap();
    let gone = rows(&["out1"]);
    assert_eq!(gone.status.code(), Some(1));
    assert_eq!(2 * records(&gone), records(&once));
    assert!(
        stderr(&gone).contains(
            "1 documents the run-report.json of out1 lists as written are not there: in/b.txt"
        ),
        "{}",
        stderr(&gone)
    );
}

/// `convert -0`: the paths of `--files-from` each end with a NUL byte, so
/// a name may hold a line break (`rows` hands its sheets on so).
#[test]
fn convert_reads_a_list_of_paths_ended_by_nul() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = root().join("fixtures/archive/sheets/hokubu_r6.table.txt");
    std::fs::copy(&sheet, dir.path().join("a\nb.txt")).unwrap();
    std::fs::copy(&sheet, dir.path().join("c.txt")).unwrap();
    std::fs::write(dir.path().join("list"), "a\nb.txt\0c.txt\0").unwrap();
    let out = plansheet(
        &["convert", "-0", "--files-from", "list", "--jsonl", "-q"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let paths: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["source"]["path"].clone())
        .collect();
    assert_eq!(paths, [Value::from("a\nb.txt"), Value::from("c.txt")]);
    // Without -0 the same list is one path a line: not these files.
    let out = plansheet(
        &["convert", "--files-from", "list", "--jsonl", "-q"],
        dir.path(),
    );
    assert_ne!(out.status.code(), Some(0));
}

/// helper-124: two sheets in one file, of two fiscal years: the rows of
/// the second have no fiscal year or ward in `rows` (the document's are
/// the first sheet's; they had been the first sheet's year).
#[test]
fn rows_of_a_second_sheet_have_no_year_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = |year: &str| {
        format!(
            "{year}向上指針取組シート\n\n試験区役所\n\n\
             部署名\t目標及び具体的な取組内容\t実施結果及び目標の達成度\n\
             総務課\t1\t共通\t窓口を整えます。\t整えました。\n\
             区民課\t1\t電話対応\t電話に応じます。\t応じました。\n"
        )
    };
    let text = format!("{}\n{}", sheet("令和6年度"), sheet("令和7年度"));
    std::fs::write(dir.path().join("two.txt"), text).unwrap();
    let out = plansheet(&["rows", "--format", "jsonl", "two.txt"], dir.path());
    let years: Vec<(Value, Value, Value)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| {
            (
                r["fiscal_year"].clone(),
                r["ward"].clone(),
                r["line_start"].clone(),
            )
        })
        .collect();
    let (year, ward) = (Value::from(2024), Value::from("試験区"));
    assert_eq!(
        years,
        [
            (year.clone(), ward.clone(), Value::from(6)),
            (year, ward, Value::from(7)),
            (Value::Null, Value::Null, Value::from(14)),
            (Value::Null, Value::Null, Value::from(15)),
        ],
        "{}",
        stderr(&out)
    );
}

/// helper-124: `rows` reads the sheets and documents its inputs hold, each
/// once. A `convert -o` directory inside a directory of sheets is read as
/// its report says (a deleted sheet's document had given rows), a document
/// of a sheet converted here too gives way to it even where the sheet
/// changed since (its rows had come twice), a file of the same name and
/// bytes in another directory is another sheet (its rows had been
/// dropped), a file name with a line break is one sheet (another file had
/// been read in its place) and `/dev/stdin` is the standard input (it had
/// been the list of sheets).
#[test]
fn rows_reads_each_sheet_of_its_inputs_once() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = root().join("fixtures/archive/sheets/hokubu_r6.table.txt");
    let sources = |out: &Output| -> Vec<String> {
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .map(str::to_owned)
            .collect()
    };
    let rows = |args: &[&str]| plansheet(&[&["rows"], args].concat(), dir.path());
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(&sheet, input.join("keep.txt")).unwrap();
    std::fs::copy(&sheet, input.join("gone.txt")).unwrap();
    let convert = || plansheet(&["convert", "-q", "in", "-o", "in/json"], dir.path());
    assert_eq!(convert().status.code(), Some(0));
    std::fs::remove_file(input.join("gone.txt")).unwrap();
    assert_eq!(convert().status.code(), Some(0));
    let mut edited = std::fs::read_to_string(input.join("keep.txt")).unwrap();
    edited.push('\n');
    std::fs::write(input.join("keep.txt"), edited).unwrap();
    let out = rows(&["in"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = sources(&out);
    assert!(
        !read.is_empty() && read.iter().all(|s| s == "in/keep.txt"),
        "{read:?}"
    );
    assert_eq!(read.len(), sources(&rows(&["in/keep.txt"])).len());
    assert!(stderr(&out).contains("1 documents in in/json are not of the run"));
    // The same name and bytes elsewhere.
    for side in ["a", "b"] {
        std::fs::create_dir(dir.path().join(side)).unwrap();
        std::fs::copy(&sheet, dir.path().join(side).join("s.txt")).unwrap();
    }
    plansheet(&["convert", "-q", "b", "-o", "outb"], dir.path());
    let read = sources(&rows(&["a", "outb"]));
    assert_eq!(read.len(), 2 * sources(&rows(&["a"])).len(), "{read:?}");
    // A line break in a file name, with a file named as its second line
    // beside it.
    let odd = dir.path().join("odd");
    std::fs::create_dir(&odd).unwrap();
    std::fs::copy(&sheet, odd.join("a\nb.txt")).unwrap();
    std::fs::write(dir.path().join("b.txt"), "部署名\n").unwrap();
    let out = rows(&["--format", "jsonl", "odd"]);
    let paths: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["source_path"].clone())
        .collect();
    assert!(
        !paths.is_empty() && paths.iter().all(|p| p == "odd/a\nb.txt"),
        "{paths:?}"
    );
    // Review: a sheet that failed in the nested run and was fixed since
    // is read, not named skipped (exit 0).
    let fixed = dir.path().join("fixed");
    std::fs::create_dir(&fixed).unwrap();
    std::fs::write(fixed.join("x.txt"), "").unwrap();
    plansheet(&["convert", "-q", "fixed", "-o", "fixed/json"], dir.path());
    std::fs::copy(&sheet, fixed.join("x.txt")).unwrap();
    let out = rows(&["fixed"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("skipped"), "{}", stderr(&out));
    assert_eq!(sources(&out).len(), sources(&rows(&["a"])).len());
    // Review: a document of other bytes than the sheet its path leads to,
    // in an output directory named, is given too (from another directory
    // than the conversion's, it may be another sheet's: it had been
    // dropped); and from a directory where the documents' paths lead
    // nowhere, documents of the same name and bytes are given and said.
    std::fs::write(dir.path().join("b/s.txt"), "部署名\t目標\t実施結果\n").unwrap();
    let read = sources(&rows(&["b", "outb"]));
    assert_eq!(read.len(), sources(&rows(&["a"])).len(), "{read:?}");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = plansheet(&["rows", "../a", "../outb"], &elsewhere);
    assert_eq!(sources(&out).len(), 2 * sources(&rows(&["a"])).len());
    assert!(stderr(&out).contains("1 documents read have the file name and bytes of a sheet"));
    // A link that leads nowhere is one input not read: named, exit 1,
    // the others' rows given (it had stopped the table, exit 2).
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("a/gone.txt")).unwrap();
    let out = rows(&["a"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("a/gone.txt"), "{}", stderr(&out));
    assert!(!sources(&out).is_empty());
    // A sheet on standard input.
    let out = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["rows", "/dev/stdin"])
        .stdin(std::fs::File::open(&sheet).unwrap())
        .output()
        .unwrap();
    let read = sources(&out);
    assert!(
        !read.is_empty() && read.iter().all(|s| s == "/dev/stdin"),
        "{}",
        stderr(&out)
    );
}

/// An output directory converted again after an input was deleted keeps
/// the deleted input's document: `rows` and `diff` read the documents of
/// the run its report reports, and name the ones left out (the deleted
/// sheet's rows had been in the table, `ok`); inputs that failed are
/// named.
#[test]
fn rows_and_diff_read_the_last_run_of_an_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for name in ["001_3a53fb10d7564494.txt", "002_34d94bb3758c9396.txt"] {
        std::fs::copy(seed(name), input.join(name)).unwrap();
    }
    let convert = || {
        plansheet(
            &["convert", "in", "-o", "out", "-q", "--fail-on", "never"],
            dir.path(),
        )
    };
    convert();
    let before = plansheet(&["rows", "out"], dir.path());
    std::fs::remove_file(input.join("002_34d94bb3758c9396.txt")).unwrap();
    std::fs::write(input.join("broken.pdf"), "%PDF-1.4 nothing").unwrap();
    convert();
    let after = plansheet(&["rows", "out"], dir.path());
    // (An input failed: its rows are in no table, exit 1.)
    assert_eq!(after.status.code(), Some(1), "{}", stderr(&after));
    let lines = |out: &Output| String::from_utf8_lossy(&out.stdout).lines().count();
    // The header and 42 rows of the sheet left, of 42 + 50 before (rows
    // with line breaks in their cells span several lines: count records).
    let records = |out: &Output| {
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.matches("\nin/").count()
    };
    assert!(lines(&before) > lines(&after));
    assert_eq!((records(&before), records(&after)), (92, 42));
    let said = stderr(&after);
    assert!(
        said.contains("1 documents in out are not of the run")
            && said.contains("in/002_34d94bb3758c9396.txt"),
        "{said}"
    );
    assert!(said.contains("were skipped: in/broken.pdf"), "{said}");
    // A table written into the conversion's directory is refused, as one
    // written into a directory of sheets is (review: it had been let be).
    let beside = plansheet(&["rows", "out", "-o", "out/rows.csv"], dir.path());
    assert_eq!(beside.status.code(), Some(2), "{}", stderr(&beside));
    assert!(
        stderr(&beside).contains("the output out/rows.csv would be written into the input out"),
        "{}",
        stderr(&beside)
    );
    assert!(!dir.path().join("out/rows.csv").exists());
    let again = plansheet(&["rows", "out"], dir.path());
    assert_eq!(again.stdout, after.stdout);
    // Empty JSON Lines (a conversion of nothing) are a table's header.
    std::fs::write(dir.path().join("none.jsonl"), "").unwrap();
    let none = plansheet(&["rows", "none.jsonl"], dir.path());
    assert_eq!(none.status.code(), Some(0), "{}", stderr(&none));
    assert!(String::from_utf8_lossy(&none.stdout).starts_with("source_path,"));
    let diff = plansheet(&["diff", "out", "out"], dir.path());
    assert_eq!(diff.status.code(), Some(0));
    assert!(
        stderr(&diff).contains("left out: 002_34d94bb3758c9396.txt.json"),
        "{}",
        stderr(&diff)
    );
}

/// `rows --excel` shows a text field that opens as a formula does as text
/// (a goal printed `＝ＳＵＭ（１＋１）…` is folded to `=SUM(1+1)…`, which
/// Excel had run), and a table of no record is its header.
#[test]
fn rows_for_excel_runs_no_formula_and_an_empty_table_has_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = std::fs::read_to_string(seed("001_3a53fb10d7564494.txt")).unwrap();
    let goal = sheet
        .lines()
        .find(|l| l.contains('\t') && l.contains('。'))
        .unwrap()
        .to_owned();
    let cells: Vec<&str> = goal.split('\t').collect();
    let last = cells.len() - 1;
    let mut changed: Vec<String> = cells.iter().map(|c| (*c).to_owned()).collect();
    changed[last] = format!("＝ＳＵＭ（１＋１）{}", changed[last]);
    std::fs::write(
        dir.path().join("sheet.txt"),
        sheet.replacen(&goal, &changed.join("\t"), 1),
    )
    .unwrap();
    let out = plansheet(&["rows", "sheet.txt", "--excel"], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(",'=SUM(1+1)"), "{text}");
    assert!(!text.contains(",=SUM"), "{text}");
    let plain = plansheet(&["rows", "sheet.txt"], dir.path());
    assert!(String::from_utf8_lossy(&plain.stdout).contains(",=SUM(1+1)"));
    let items = plansheet(&["rows", "sheet.txt", "--kind", "items"], dir.path());
    assert_eq!(
        String::from_utf8(items.stdout).unwrap(),
        "source_path,sha256,ward,fiscal_year,status,year,theme,theme_title,heading,item,new,\
         line_start,line_end\n"
    );
}

/// helper-107's review of `diff`: the same sheets converted as `convert .`
/// and as `convert *` (`./a.txt`, `a.txt`) are the same documents (every
/// one had been removed and added); a JSON Lines file saved with a byte
/// order mark is read (`rows` too); one document pretty-printed, as
/// `extract` prints it, is a conversion of one document.
#[test]
fn diff_reads_paths_typed_with_dot_slash_a_bom_and_one_pretty_document() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["001_3a53fb10d7564494.txt", "002_34d94bb3758c9396.txt"] {
        std::fs::copy(seed(name), dir.path().join(name)).unwrap();
    }
    let dotted = plansheet(&["convert", ".", "--jsonl", "-q"], dir.path());
    let bare = plansheet(
        &[
            "convert",
            "001_3a53fb10d7564494.txt",
            "002_34d94bb3758c9396.txt",
            "--jsonl",
            "-q",
        ],
        dir.path(),
    );
    let mut with_bom = "\u{FEFF}".as_bytes().to_vec();
    with_bom.extend_from_slice(&dotted.stdout);
    std::fs::write(dir.path().join("a.jsonl"), &with_bom).unwrap();
    std::fs::write(dir.path().join("b.jsonl"), &bare.stdout).unwrap();
    let out = plansheet(&["diff", "a.jsonl", "b.jsonl"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stderr(&out),
        String::from_utf8_lossy(&out.stdout)
    );
    let rows = plansheet(&["rows", "a.jsonl", "--format", "jsonl"], dir.path());
    assert_eq!(rows.status.code(), Some(0), "{}", stderr(&rows));
    assert_eq!(String::from_utf8_lossy(&rows.stdout).lines().count(), 92);
    let one = plansheet(&["extract", "001_3a53fb10d7564494.txt"], dir.path());
    std::fs::write(dir.path().join("one.json"), &one.stdout).unwrap();
    let out = plansheet(&["diff", "one.json", "one.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "no differences\n");
}

/// `text` of a file read in part says so on standard error and exits 1
/// (an image-only PDF had printed a blank line, exit 0: rev100 F10), and
/// `text -` reads standard input.
#[test]
fn text_says_what_the_reading_lost_and_reads_standard_input() {
    let out = plansheet(&["text", "fixtures/faults/image_only.pdf"], &root());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no_text_layer"), "{}", stderr(&out));
    let out = plansheet(
        &["text", "fixtures/archive/seeds/001_3a53fb10d7564494.txt"],
        &root(),
    );
    assert_eq!((out.status.code(), stderr(&out).as_str()), (Some(0), ""));
    let mut child = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["text", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all("総務課\t1\t窓口の案内を改善します。\n".as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "総務課\t1\t窓口の案内を改善します。\n"
    );
}

/// `rows` of overlapping inputs reads each file once, and says so; a copy
/// of a sheet under another name is another input, kept
/// (rev100 F8: `rows a.jsonl a.jsonl` had doubled every row, and a copy
/// had been dropped as "converted here too").
#[test]
fn rows_reads_each_document_once_and_a_copy_under_another_name_too() {
    let dir = tempfile::tempdir().unwrap();
    let (_, sheet) = seed_as_jsonl(dir.path());
    let records = |out: &Output| String::from_utf8_lossy(&out.stdout).lines().count();
    let once = plansheet(&["rows", "a.jsonl", "--format", "jsonl"], dir.path());
    let twice = plansheet(
        &["rows", "a.jsonl", "a.jsonl", "--format", "jsonl"],
        dir.path(),
    );
    assert_eq!((records(&once), records(&twice)), (42, 42));
    assert!(
        stderr(&twice).contains("1 files were named twice"),
        "{}",
        stderr(&twice)
    );
    std::fs::create_dir(dir.path().join("new")).unwrap();
    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::copy(&sheet, dir.path().join("new/k2023.txt")).unwrap();
    std::fs::copy(&sheet, dir.path().join("old/k_copy.txt")).unwrap();
    plansheet(&["convert", "old", "-o", "oldjson", "-q"], dir.path());
    let both = plansheet(&["rows", "new", "oldjson", "--format", "jsonl"], dir.path());
    assert_eq!(records(&both), 84, "{}", stderr(&both));
}

/// `rows` and `diff` read a conversion a document at a time: JSON Lines
/// larger than the address space they are given (`prlimit --as`, 32 MiB
/// against 40 MB of documents) are read whole, every record there (rev100
/// F13: both had held every document, `diff` some 7 times its input).
#[test]
fn rows_and_diff_hold_one_document_not_the_conversion() {
    let dir = tempfile::tempdir().unwrap();
    let (line, sheet) = seed_as_jsonl(dir.path());
    let path = sheet.to_str().unwrap();
    assert!(line.contains(path));
    let copies = 40_000_000 / line.len() + 1;
    let mut old = String::with_capacity(copies * (line.len() + 16));
    for k in 0..copies {
        old.push_str(&line.replace(path, &format!("archive/{k:05}.txt")));
    }
    std::fs::write(dir.path().join("old.jsonl"), &old).unwrap();
    // The new conversion: one document's status changed.
    let changed = old.replacen("\"status\":\"ok\"", "\"status\":\"partial\"", 1);
    assert_ne!(changed, old);
    std::fs::write(dir.path().join("new.jsonl"), changed).unwrap();
    drop(old);
    let capped = |args: &[&str]| {
        let cap = format!("--as={}", 32 << 20);
        let mut all = vec![cap.as_str(), env!("CARGO_BIN_EXE_plansheet")];
        all.extend(args);
        Command::new("prlimit")
            .args(all)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let rows = capped(&["rows", "old.jsonl", "-o", "rows.jsonl", "--format", "jsonl"]);
    assert!(rows.status.success(), "{}", stderr(&rows));
    let table = std::fs::read_to_string(dir.path().join("rows.jsonl")).unwrap();
    assert_eq!(table.lines().count(), 42 * copies);
    let diff = capped(&["diff", "old.jsonl", "new.jsonl"]);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    assert_eq!(
        String::from_utf8_lossy(&diff.stdout),
        "archive/00000.txt: 1 field changed; rows: 0 added, 0 removed, 0 changed, 0 moved\n  \
         /status: \"ok\" → \"partial\"\n"
    );
}

/// A table that cannot be written is an error, not a success with nothing
/// in it (standard output on a full disk had exit 0), and `-o` naming a
/// device writes into it rather than putting a file in its place (as
/// root, `-o /dev/full` had replaced the device with the table).
#[test]
fn rows_says_when_the_table_is_not_written_and_leaves_devices_be() {
    let dir = tempfile::tempdir().unwrap();
    seed_as_jsonl(dir.path());
    let full = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["rows", "a.jsonl"])
        .current_dir(dir.path())
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(full.status.code(), Some(2));
    assert!(
        stderr(&full).contains("failed to write the table: No space left on device"),
        "{}",
        stderr(&full)
    );
    use std::os::unix::fs::FileTypeExt;
    let out = plansheet(&["rows", "a.jsonl", "-o", "/dev/null"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device());
    let out = plansheet(&["rows", "a.jsonl", "-o", "/dev/full"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// helper-109's review of the streaming `rows` and `diff`: a side of
/// `diff` that cannot be read again by offset (a pipe, `<(plansheet
/// convert …)`) is read into a temporary file first (it had been `Illegal
/// seek`); a document `rows` cannot read leaves standard output empty, as
/// before (not a table cut short that the next program loads as whole);
/// `-o` through a link writes where it leads, the link kept.
#[test]
fn diff_reads_a_pipe_and_rows_writes_nothing_of_a_bad_conversion() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let (line, _) = seed_as_jsonl(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["diff", "a.jsonl", "/dev/stdin"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let changed = line.replacen("\"status\":\"ok\"", "\"status\":\"partial\"", 1);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(changed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("/status: \"ok\" → \"partial\""),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let cut = format!("{line}{}", &line[..line.len() / 2]);
    std::fs::write(dir.path().join("cut.jsonl"), cut).unwrap();
    let out = plansheet(&["rows", "cut.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cut.jsonl line 2: not JSON"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    std::fs::write(dir.path().join("target.csv"), "old").unwrap();
    std::os::unix::fs::symlink("target.csv", dir.path().join("link.csv")).unwrap();
    let out = plansheet(&["rows", "a.jsonl", "-o", "link.csv"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let link = std::fs::symlink_metadata(dir.path().join("link.csv")).unwrap();
    assert!(link.file_type().is_symlink());
    let table = std::fs::read_to_string(dir.path().join("target.csv")).unwrap();
    assert_eq!(table.lines().count(), 43);
}

/// helper-111's reading of the streaming `rows`: `-o` through a link to an
/// input is refused as the input is (the conversion had been replaced by
/// the table); `-o /dev/stdout >> log` appends (the log had been replaced);
/// a link to no file yet creates the file it names (the link had been
/// replaced); and a `.json` document whose first line is no JSON by
/// itself, but not a brace alone, is read whole.
#[test]
fn rows_follows_links_appends_to_descriptors_and_reads_any_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let (line, _) = seed_as_jsonl(dir.path());
    std::os::unix::fs::symlink("a.jsonl", dir.path().join("to_input.jsonl")).unwrap();
    let out = plansheet(&["rows", "a.jsonl", "-o", "to_input.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.jsonl")).unwrap(),
        line
    );
    std::fs::write(dir.path().join("log.csv"), "KEEP\n").unwrap();
    let log = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("log.csv"))
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["rows", "a.jsonl", "-o", "/dev/stdout"])
        .current_dir(dir.path())
        .stdout(log)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let logged = std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    assert!(logged.starts_with("KEEP\nsource_path,"), "{logged}");
    assert_eq!(logged.lines().count(), 44);
    std::os::unix::fs::symlink("made.csv", dir.path().join("dangling.csv")).unwrap();
    let out = plansheet(&["rows", "a.jsonl", "-o", "dangling.csv"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let made = std::fs::read_to_string(dir.path().join("made.csv")).unwrap();
    assert_eq!(made.lines().count(), 43);
    let value: Value = serde_json::from_str(&line).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    let first_field_on_the_brace_line = pretty.replacen("{\n  ", "{", 1);
    std::fs::write(dir.path().join("one.json"), first_field_on_the_brace_line).unwrap();
    let out = plansheet(&["rows", "one.json"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 43);
}

/// A `convert -o` directory named and met again among the sheets of
/// another input (`rows in/json in`, `rows in in/json`) is one conversion:
/// its documents, read once, are there, and the table is `rows in`'s
/// (review: every document its report lists had been named "not there").
#[test]
fn rows_of_a_conversion_named_and_among_its_sheets_finds_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for sheet in std::fs::read_dir(root().join("fixtures/archive/sheets")).unwrap() {
        let sheet = sheet.unwrap().path();
        std::fs::copy(&sheet, input.join(sheet.file_name().unwrap())).unwrap();
    }
    let run = plansheet(&["convert", "-q", "-o", "in/json", "in"], dir.path());
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let alone = plansheet(&["rows", "in"], dir.path());
    assert_eq!(alone.status.code(), Some(0), "{}", stderr(&alone));
    for inputs in [["in/json", "in"], ["in", "in/json"]] {
        let both = plansheet(&[&["rows"], &inputs[..]].concat(), dir.path());
        assert_eq!(both.status.code(), Some(0), "{inputs:?}: {}", stderr(&both));
        assert!(
            !stderr(&both).contains("are not there"),
            "{inputs:?}: {}",
            stderr(&both)
        );
        assert_eq!(both.stdout, alone.stdout, "{inputs:?}");
    }
}

/// `rows` of nothing to read says so, exit 2, as `convert` does: an
/// empty directory, one of hidden files only, a conversion that wrote
/// its documents to standard output (`convert --jsonl -o`). Given with
/// other documents, such a conversion's inputs not among them are named,
/// exit 1 (review: each had been a header alone, exit 0, without a word).
#[test]
fn rows_of_nothing_to_read_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::create_dir(dir.path().join("hidden")).unwrap();
    std::fs::write(dir.path().join("hidden/.a.txt"), "x").unwrap();
    for input in ["empty", "hidden"] {
        let out = plansheet(&["rows", input], dir.path());
        assert_eq!(out.status.code(), Some(2), "{input}: {}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!("error: no input files found in {input}\n")
        );
        assert!(out.stdout.is_empty());
    }
    let sheet = seed("001_3a53fb10d7564494.txt");
    let jsonl = plansheet(
        &[
            "convert",
            "--jsonl",
            "-q",
            "-o",
            "x",
            sheet.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(jsonl.status.code(), Some(0), "{}", stderr(&jsonl));
    std::fs::write(dir.path().join("x.jsonl"), &jsonl.stdout).unwrap();
    let out = plansheet(&["rows", "x"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "no document in x: its run-report.json lists 1 inputs converted, but their \
             documents were not written there"
        ),
        "{}",
        stderr(&out)
    );
    // Given with its JSON Lines, nothing is missing.
    let whole = plansheet(&["rows", "x", "x.jsonl"], dir.path());
    assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
    let alone = plansheet(&["rows", "x.jsonl"], dir.path());
    assert_eq!(whole.stdout, alone.stdout);
    // Given with other documents, its input is named, exit 1.
    let other = plansheet(
        &[
            "convert",
            "--jsonl",
            "-q",
            seed("002_34d94bb3758c9396.txt").to_str().unwrap(),
        ],
        dir.path(),
    );
    std::fs::write(dir.path().join("other.jsonl"), &other.stdout).unwrap();
    let out = plansheet(&["rows", "x", "other.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "1 inputs the run-report.json of x lists as converted have no document there"
        ),
        "{}",
        stderr(&out)
    );
}

/// The internal `worker` subcommand is offered by no completion script,
/// nor by `help` or the manual page (review: `completions bash` and fish
/// listed it, hidden from `--help` only); `convert` still runs its workers.
#[test]
fn completions_do_not_offer_the_internal_worker() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = plansheet(&["completions", shell], &root());
        assert_eq!(out.status.code(), Some(0));
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("convert"), "{shell}");
        for offer in [
            "worker process (internal)",
            "__worker",
            "subcommand worker",
            ";worker'",
            ",worker)",
            "text worker",
        ] {
            assert!(!script.contains(offer), "{shell}: {offer}");
        }
    }
    let help = plansheet(&["help", "worker"], &root());
    assert_eq!(help.status.code(), Some(2), "{}", stderr(&help));
    let man = plansheet(&["man"], &root());
    assert!(!String::from_utf8_lossy(&man.stdout).contains("worker process (internal)"));
    let sheet = seed("001_3a53fb10d7564494.txt");
    let run = plansheet(
        &["convert", "--jsonl", "-q", sheet.to_str().unwrap()],
        &root(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

/// A reader that closes the pipe early ends `text --json` and `extract`
/// quietly, exit 0, as it ends `convert --jsonl` and `rows` (review: `text
/// --json FILE.pdf | head -c 10` said "failed to write to standard output:
/// Broken pipe", exit 2). The PDF's layout is 450 KB and its document 73
/// KB, both past a pipe's 64 KiB buffer.
#[test]
fn a_closed_pipe_ends_text_and_extract_quietly() {
    use std::io::Read;
    let pdf = root().join("fixtures/archive/pdf/002_34d94bb3758c9396.calc.pdf");
    for args in [
        &["text", "--json", pdf.to_str().unwrap()][..],
        &["extract", pdf.to_str().unwrap()][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plansheet"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

/// `extract` reads no more of an input than `convert` reads of a pipe or
/// device (1 GiB): a file larger is refused before it is read, a device
/// that never ends once that much is read, exit 2, the input named
/// (helper-160: `extract /dev/zero` had grown until the allocator failed).
#[test]
fn extract_reads_no_more_than_convert_would() {
    let dir = tempfile::tempdir().unwrap();
    let large = dir.path().join("large.txt");
    // Sparse: no disk is spent on it.
    std::fs::File::create(&large)
        .unwrap()
        .set_len((1 << 30) + 1)
        .unwrap();
    for input in [large.to_str().unwrap(), "/dev/zero"] {
        let out = Command::new(env!("CARGO_BIN_EXE_plansheet"))
            .args(["extract", input])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{input}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{input} holds more than 1073741824 bytes")),
            "{input}: {}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty());
    }
}

/// `convert -o DIR` makes DIR only once its inputs are there and hold a
/// file: a missing input, or a directory of none, is exit 2 with no DIR
/// left (review: an empty DIR was); `-o` naming a file says it is one
/// (it had said `File exists (os error 17)`).
#[test]
fn convert_makes_no_output_directory_for_nothing_to_convert() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    for input in ["missing", "empty"] {
        let out = plansheet(&["convert", "-o", "o_x", input], dir.path());
        assert_eq!(out.status.code(), Some(2), "{input}: {}", stderr(&out));
        assert!(!dir.path().join("o_x").exists(), "{input}: o_x was made");
    }
    std::fs::write(dir.path().join("afile"), "mine").unwrap();
    let sheet = seed("001_3a53fb10d7564494.txt");
    let out = plansheet(
        &["convert", "-o", "afile", sheet.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: the output directory afile is a file: choose another -o\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("afile")).unwrap(),
        "mine"
    );
    // Inputs there: the directory is made, the output directory inside
    // an input directory not read as input.
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(&sheet, input.join("a.txt")).unwrap();
    for _ in 0..2 {
        let out = plansheet(&["convert", "-q", "-o", "in/json", "in"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report = read_json(&input.join("json/run-report.json"));
        assert_eq!(report["counts"]["inputs"], 1, "{report}");
    }
}

/// The same files typed with repeated separators or `.` components are
/// recorded under the same source paths, walked, named or listed, so two
/// runs over them diff clean (review: `convert --jsonl sheets//` recorded
/// `sheets//asao_h30.flow.txt`, `./sheets/./x` kept its `./`); `..` is
/// kept as typed.
#[test]
fn source_paths_are_recorded_without_repeated_separators_or_dots() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = dir.path().join("sheets");
    std::fs::create_dir(&sheets).unwrap();
    for name in ["001_3a53fb10d7564494.txt", "002_34d94bb3758c9396.txt"] {
        std::fs::copy(seed(name), sheets.join(name)).unwrap();
    }
    let jsonl = |args: &[&str]| {
        let out = plansheet(&[&["convert", "--jsonl", "-q"], args].concat(), dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = jsonl(&["sheets"]);
    assert!(
        plain.contains(r#""path":"sheets/001_3a53fb10d7564494.txt""#),
        "{plain}"
    );
    for typed in ["sheets//", "./sheets/.", ".//sheets/./"] {
        assert_eq!(jsonl(&[typed]), plain, "{typed}");
    }
    let named = jsonl(&[
        "./sheets//001_3a53fb10d7564494.txt",
        "sheets/./002_34d94bb3758c9396.txt",
    ]);
    assert_eq!(named, plain);
    std::fs::write(
        dir.path().join("list"),
        "./sheets//001_3a53fb10d7564494.txt\nsheets/./002_34d94bb3758c9396.txt\n",
    )
    .unwrap();
    assert_eq!(jsonl(&["--files-from", "list"]), plain);
    let up = jsonl(&["sheets/../sheets/001_3a53fb10d7564494.txt"]);
    assert!(
        up.contains(r#""path":"sheets/../sheets/001_3a53fb10d7564494.txt""#),
        "{up}"
    );
    let out = plansheet(&["convert", "-q", "-o", "out", "./sheets//"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let paths = report_paths(&dir.path().join("out"));
    assert_eq!(
        paths,
        [
            "sheets/001_3a53fb10d7564494.txt",
            "sheets/002_34d94bb3758c9396.txt"
        ]
    );
}

/// The paths of the entries of the run report in `out`.
fn report_paths(out: &Path) -> Vec<String> {
    let report = read_json(&out.join("run-report.json"));
    report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect()
}

/// One file named twice, spelt otherwise (`./s//a.txt` and `s/a.txt`, or
/// given and met in a directory given too), is one input: converted once,
/// said on stderr (it had been converted twice, the second reported
/// `output_collision`, exit 1).
#[test]
fn a_file_named_twice_is_converted_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("s")).unwrap();
    std::fs::copy(seed("001_3a53fb10d7564494.txt"), dir.path().join("s/a.txt")).unwrap();
    std::fs::copy(seed("002_34d94bb3758c9396.txt"), dir.path().join("s/b.txt")).unwrap();
    std::fs::write(dir.path().join("list"), "s/a.txt\n./s/a.txt\ns/b.txt\n").unwrap();
    for (inputs, out) in [
        (&["./s//a.txt", "s/a.txt"][..], "o1"),
        (&["s", "s/a.txt"][..], "o2"),
        (&["--files-from", "list"][..], "o3"),
    ] {
        let run = plansheet(&[&["convert", "-o", out], inputs].concat(), dir.path());
        assert_eq!(run.status.code(), Some(0), "{inputs:?}: {}", stderr(&run));
        let report = read_json(&dir.path().join(out).join("run-report.json"));
        let paths = report_paths(&dir.path().join(out));
        let expected: &[&str] = if inputs[0] == "./s//a.txt" {
            &["s/a.txt"]
        } else {
            &["s/a.txt", "s/b.txt"]
        };
        assert_eq!(paths, expected, "{inputs:?}");
        assert_eq!(report["counts"]["failed"], 0, "{inputs:?}");
        assert!(
            stderr(&run).contains("1 inputs were named more than once")
                && stderr(&run).contains("each is converted once: s/a.txt\n"),
            "{inputs:?}: {}",
            stderr(&run)
        );
    }
    // JSON Lines: one line for the one input.
    let run = plansheet(
        &["convert", "--jsonl", "-q", "./s//a.txt", "s/a.txt"],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(String::from_utf8_lossy(&run.stdout).lines().count(), 1);
    // Two files whose names show alike in the report (`b\xff.txt` is not
    // UTF-8 and shows escaped) are two inputs (review: one was dropped).
    use std::os::unix::ffi::OsStrExt;
    let alike = dir.path().join("alike");
    std::fs::create_dir(&alike).unwrap();
    let raw = std::ffi::OsStr::from_bytes(b"b\xff.txt");
    std::fs::copy(seed("001_3a53fb10d7564494.txt"), alike.join(raw)).unwrap();
    std::fs::copy(seed("002_34d94bb3758c9396.txt"), alike.join("b\\xFF.txt")).unwrap();
    let run = plansheet(&["convert", "--jsonl", "-q", "alike"], dir.path());
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(String::from_utf8_lossy(&run.stdout).lines().count(), 2);
}

/// A run of an older plansheet recorded source paths as typed
/// (`s//a.txt`); `diff` reads them as `convert` records them now, so the
/// old run pairs with a new one, documents and failed inputs alike (it
/// had paired nothing: every document and failure removed and added).
#[test]
fn diff_pairs_an_older_run_that_recorded_paths_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("s")).unwrap();
    std::fs::copy(seed("001_3a53fb10d7564494.txt"), dir.path().join("s/a.txt")).unwrap();
    std::fs::write(dir.path().join("s/empty.txt"), b"").unwrap();
    let typed = |path: &str| path.replacen("s/", "s//", 1);
    for out in ["old", "new"] {
        let run = plansheet(&["convert", "-q", "-o", out, "s"], dir.path());
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    }
    // The old run as the older plansheet wrote it: its report and its
    // documents name `s//…`.
    let old = dir.path().join("old");
    let mut report = read_json(&old.join("run-report.json"));
    for entry in report["entries"].as_array_mut().unwrap() {
        entry["path"] = typed(entry["path"].as_str().unwrap()).into();
    }
    std::fs::write(old.join("run-report.json"), report.to_string()).unwrap();
    let mut doc = read_json(&old.join("a.txt.json"));
    doc["source"]["path"] = typed(doc["source"]["path"].as_str().unwrap()).into();
    assert_eq!(doc["source"]["path"], "s//a.txt");
    std::fs::write(old.join("a.txt.json"), doc.to_string()).unwrap();
    let diff = plansheet(&["diff", "old", "new"], dir.path());
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert_eq!(String::from_utf8_lossy(&diff.stdout), "no differences\n");
    // JSON Lines, keyed by source path.
    let jsonl = plansheet(
        &["convert", "--jsonl", "-q", "--fail-on", "never", "s"],
        dir.path(),
    );
    let new = String::from_utf8(jsonl.stdout).unwrap();
    assert_eq!(new.lines().count(), 2);
    let older: String = new
        .lines()
        .map(|line| {
            let mut value: Value = serde_json::from_str(line).unwrap();
            value["source"]["path"] = typed(value["source"]["path"].as_str().unwrap()).into();
            format!("{value}\n")
        })
        .collect();
    assert!(older.contains(r#""path":"s//empty.txt""#), "{older}");
    std::fs::write(dir.path().join("new.jsonl"), &new).unwrap();
    std::fs::write(dir.path().join("old.jsonl"), &older).unwrap();
    let diff = plansheet(&["diff", "old.jsonl", "new.jsonl"], dir.path());
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert_eq!(String::from_utf8_lossy(&diff.stdout), "no differences\n");
}

/// `rows` names each input without rows once, with the one reason that
/// holds: a document its run's report lists as written and that is gone
/// (it had been named "not there" and again "skipped"), a report's failed
/// input given too, by another spelling, and failing otherwise now (the
/// fresh failure's reason), a link leading nowhere that a report lists as
/// failed (named unreadable, as the walk found it).
#[test]
fn rows_names_an_input_without_rows_once_with_one_reason() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let sheet = root().join("fixtures/archive/sheets/hokubu_r6.table.txt");
    for name in ["a.txt", "b.txt"] {
        std::fs::copy(&sheet, input.join(name)).unwrap();
    }
    std::fs::write(input.join("x.txt"), b"").unwrap();
    std::fs::create_dir(dir.path().join("links")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("links/gone.txt")).unwrap();
    let run = plansheet(&["convert", "-q", "in", "links", "-o", "out"], dir.path());
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    std::fs::remove_file(dir.path().join("out/b.txt.json")).unwrap();
    // x.txt fails otherwise now: not text.
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
        .iter()
        .copied()
        .chain((0..4000u32).map(|i| (i * 31 % 251) as u8))
        .collect();
    std::fs::write(input.join("x.txt"), png).unwrap();
    let x = input.join("x.txt");
    let rows = plansheet(&["rows", "out", x.to_str().unwrap(), "links"], dir.path());
    assert_eq!(rows.status.code(), Some(1), "{}", stderr(&rows));
    let said = stderr(&rows);
    let x = x.to_str().unwrap();
    for (name, times) in [("b.txt", 1), ("x.txt", 1), ("gone.txt", 1), ("a.txt", 0)] {
        let naming = said.lines().filter(|l| l.contains(name)).count();
        assert_eq!(naming, times, "{name}: {said}");
    }
    assert!(
        said.contains(
            "1 documents the run-report.json of out lists as written are not there: in/b.txt\n"
        ),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "1 inputs that failed in their conversion were skipped: {x} (not_text)\n"
        )),
        "{said}"
    );
    assert!(
        said.contains("1 inputs that could not be read were skipped: links/gone.txt ("),
        "{said}"
    );
}

/// Each subcommand of the manual page has its section, with every option
/// its `--help` lists; the page names no page that is not made (clap's
/// page had listed `plansheet-convert(1)` … and no subcommand option).
#[test]
fn the_manual_page_describes_every_subcommand_and_its_options() {
    let man = plansheet(&["man"], &root());
    assert_eq!(man.status.code(), Some(0));
    // Roff writes a hyphen as `\-`.
    let roff = String::from_utf8(man.stdout).unwrap();
    let page = roff.replace("\\-", "-");
    assert!(!page.contains("plansheet-"), "{page}");
    let help = plansheet(&["--help"], &root());
    let help = String::from_utf8(help.stdout).unwrap();
    let commands: Vec<&str> = help
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("  "))
        // (Not a wrapped description's next line.)
        .filter(|l| !l[2..].starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    assert!(commands.len() >= 8, "{commands:?}");
    for command in commands {
        let heading = format!(".SS \"plansheet {command}\"\n");
        let section = page
            .split(&heading)
            .nth(1)
            .unwrap_or_else(|| panic!("no section for {command}: {page}"));
        let section = section
            .split(".SS ")
            .next()
            .unwrap()
            .split(".SH ")
            .next()
            .unwrap();
        let help = plansheet(&[command, "--help"], &root());
        let help = String::from_utf8(help.stdout).unwrap();
        let options: Vec<&str> = help
            .lines()
            .filter(|l| l.trim_start().starts_with('-'))
            .filter_map(|l| {
                l.trim_start()
                    .split([',', ' ', '='])
                    .find(|w| w.starts_with("--"))
            })
            .collect();
        assert!(options.contains(&"--help"), "{command}: {help}");
        for option in options {
            assert!(section.contains(option), "{command} {option}: {section}");
        }
    }
    // And it is a page `man` shows.
    let path = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(path.path(), &roff).unwrap();
    let shown = Command::new("man")
        .arg("-l")
        .arg(path.path())
        .env("MANPAGER", "cat")
        .output();
    if let Some(shown) = shown.ok().filter(|s| s.status.success()) {
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(
            text.contains("COMMANDS") && text.contains("plansheet convert"),
            "{text}"
        );
    }
}

/// An empty file is an input that failed, exit 1, whichever command reads
/// it (`text` had exited 2, as for a file that does not exist); a file that
/// does not exist is a fatal error, exit 2.
#[test]
fn an_empty_file_exits_1_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    for args in [
        &["extract", "empty.txt"][..],
        &["text", "empty.txt"],
        &["text", "--lines", "empty.txt"],
        &["convert", "-q", "-o", "out", "empty.txt"],
        &["convert", "-q", "--jsonl", "empty.txt"],
        &["rows", "empty.txt"],
    ] {
        let out = plansheet(args, dir.path());
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
    }
    let out = plansheet(&["text", "empty.txt"], dir.path());
    insta::assert_snapshot!(stderr(&out), @"error: empty.txt: the file is empty [empty_file]");
    for command in ["extract", "text"] {
        let out = plansheet(&[command, "missing.txt"], dir.path());
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
    }
}

/// A JSON file in a `convert -o` directory that is none of the run's
/// documents (a note, a config, something not JSON) is passed over by
/// `rows` and `diff` with a warning naming it; the table and the
/// differences are the documents' (both had stopped, exit 2).
#[test]
fn rows_and_diff_pass_over_a_stray_json_file_in_an_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("s")).unwrap();
    std::fs::copy(seed("001_3a53fb10d7564494.txt"), dir.path().join("s/a.txt")).unwrap();
    for out in ["out", "again"] {
        let run = plansheet(&["convert", "-q", "-o", out, "s"], dir.path());
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    }
    let before = plansheet(&["rows", "out"], dir.path());
    assert_eq!(before.status.code(), Some(0), "{}", stderr(&before));
    std::fs::write(dir.path().join("out/notes.json"), r#"{"owner": "総務課"}"#).unwrap();
    std::fs::create_dir(dir.path().join("out/sub")).unwrap();
    std::fs::write(dir.path().join("out/sub/draft.json"), "not json at all").unwrap();
    let after = plansheet(&["rows", "out"], dir.path());
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    assert_eq!(after.stdout, before.stdout);
    let said = stderr(&after);
    assert_eq!(
        said,
        "warning: out/notes.json: not a plansheet document, in a conversion's output directory: \
         skipped\nwarning: out/sub/draft.json: not JSON, in a conversion's output directory: \
         skipped\n"
    );
    let diff = plansheet(&["diff", "out", "again"], dir.path());
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert_eq!(String::from_utf8_lossy(&diff.stdout), "no differences\n");
    assert_eq!(stderr(&diff), said);
    // Named itself, such a file is still no conversion: exit 2.
    let named = plansheet(&["rows", "out/notes.json"], dir.path());
    assert_eq!(named.status.code(), Some(2), "{}", stderr(&named));
}
