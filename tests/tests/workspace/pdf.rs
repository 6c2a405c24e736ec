//! PDF input: legacy Japanese fonts decode, and a sheet's PDF gives the same
//! rows as its text, with page and box.

use plansheet_tests::{convert, root, score};

/// Each hand-built PDF has one Type0 font with a predefined CMap and no
/// ToUnicode (and no embedded font): the text must still come out.
#[test]
fn legacy_japanese_cmaps_decode() {
    let names = [
        "90ms-RKSJ-H",
        "90ms-RKSJ-V",
        "90msp-RKSJ-H",
        "90msp-RKSJ-V",
        "EUC-H",
        "EUC-V",
        "H",
        "V",
        "UniJIS-UCS2-H",
        "UniJIS-UCS2-V",
        "UniJIS-UTF16-H",
        "UniJIS-UTF16-V",
        "Identity-H",
        "Identity-V",
    ];
    for name in names {
        let path = format!("fixtures/archive/pdf-fonts/{name}.pdf");
        let bytes = std::fs::read(root().join(&path)).unwrap();
        let text = plansheet::input_text(&path, &bytes).unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], "対面対応", "{name}");
        assert!(lines[1].starts_with("あい"), "{name}: {text}");
        assert!(!text.contains('\u{FFFD}'), "{name}");
        if !name.starts_with("EUC") && name != "H" && name != "V" {
            // ① exists in CP932, Unicode and Adobe-Japan1, not in EUC-H or H.
            assert!(lines[1].ends_with('①'), "{name}: {text}");
        }
    }
}

/// The reportlab and LibreOffice PDFs of the seed sheets, ruled or not, give
/// the rows of the text dumps: every field of every row.
#[test]
fn pdfs_of_the_seed_sheets_give_the_same_rows_as_their_text() {
    for (pdf, truth, rows) in [
        (
            "001_3a53fb10d7564494.reportlab.pdf",
            "001_3a53fb10d7564494.json",
            42,
        ),
        (
            "001_3a53fb10d7564494.libreoffice.pdf",
            "001_3a53fb10d7564494.json",
            42,
        ),
        (
            "002_34d94bb3758c9396.reportlab.pdf",
            "002_34d94bb3758c9396.json",
            50,
        ),
    ] {
        let doc = convert(&format!("fixtures/archive/pdf/{pdf}"));
        let truth: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("fixtures/truth").join(truth)).unwrap(),
        )
        .unwrap();
        let s = score(&doc, &truth);
        assert_eq!(
            (s.found, s.matched, s.field_accuracy, s.path_exact),
            (rows, rows, 1.0, rows),
            "{pdf}"
        );
        assert_eq!(doc["source"]["format"], "pdf");
        assert_eq!(doc["status"], "ok", "{pdf}: {}", doc["diagnostics"]);
        // Rows point back into the PDF.
        for row in doc["rows"].as_array().unwrap() {
            let page = row["provenance"]["page"].as_u64().unwrap();
            let bbox: Vec<f64> = row["provenance"]["bbox"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert!(page >= 1 && page <= doc["source"]["pages"].as_u64().unwrap());
            assert!(
                bbox[0] < bbox[2] && bbox[1] < bbox[3] && bbox[3] <= 842.0,
                "{pdf}: {bbox:?}"
            );
        }
    }
}

/// A department cell spanning rows, and one spanning a page break, name the
/// department of every row they cover.
#[test]
fn merged_department_cells_apply_to_each_row() {
    let doc = convert("fixtures/archive/pdf/001_3a53fb10d7564494.libreoffice.pdf");
    let rows = doc["rows"].as_array().unwrap();
    let kikikanri: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["department"] == "危機管理担当")
        .collect();
    assert_eq!(kikikanri.len(), 2);
    let pages: std::collections::BTreeSet<u64> = rows
        .iter()
        .map(|r| r["provenance"]["page"].as_u64().unwrap())
        .collect();
    assert!(
        pages.len() >= 3,
        "the sheet runs over several pages: {pages:?}"
    );
}

/// Type1 /StandardEncoding, a page without MediaBox and a one-operand Tf
/// read as their text says.
#[test]
fn odd_but_valid_pdfs_read_right() {
    for (file, text) in [
        ("type1_standard_encoding.pdf", "It’s a Type1 font"),
        ("no_mediabox.pdf", "No MediaBox here"),
        ("tf_one_operand.pdf", "first\nsecond"),
    ] {
        let path = format!("fixtures/faults/{file}");
        let bytes = std::fs::read(root().join(&path)).unwrap();
        assert_eq!(
            plansheet::input_text(&path, &bytes).unwrap().trim(),
            text,
            "{file}"
        );
    }
}
