//! PDF input: legacy Japanese fonts decode, and a sheet's PDF gives the same
//! rows as its text, with page and box.

use plansheet_tests::{archive_files, convert, line_structure_mismatches, pdf_tables, root, score};

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
        (
            "002_34d94bb3758c9396.split.pdf",
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
        // reportlab sets no paragraph of the seed's cells in, and one of
        // its lines ends a sentence as it fills its cell: a wrap there, or
        // the paragraph's end, which the page cannot tell.
        let (status, warnings): (&str, &[&str]) = match pdf {
            "001_3a53fb10d7564494.reportlab.pdf" => ("partial", &["ambiguous_line"]),
            _ => ("ok", &[]),
        };
        assert_eq!(doc["status"], status, "{pdf}: {}", doc["diagnostics"]);
        let warned: Vec<&str> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["level"] != "info")
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(warned, warnings, "{pdf}");
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

fn truth(stem: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("fixtures/truth").join(format!("{stem}.json")));
    serde_json::from_str(&text.unwrap()).unwrap()
}

/// Every rendering of a sheet with a truth file in the archive — its PDFs,
/// and its text dumps in every layout and encoding — gives the truth's rows
/// with their line structure: department units as printed, paragraph and
/// list breaks in goal and result as `\n`, no break where a line was only
/// wrapped. A tab-separated dump prints a cell on one line, its breaks
/// made spaces (`…発信します。 発信の前には…`, `…確認します。 　具体的には…`):
/// they are read back as breaks. (They had stayed spaces, the paragraphs
/// run together, in the kakuu and miyamae dumps: 10 and 1 cells, `ok`.)
#[test]
fn every_rendering_of_a_sheet_keeps_its_line_breaks() {
    let inputs: Vec<String> = archive_files()
        .into_iter()
        .filter(|f| !f.starts_with("fixtures/archive/negative/"))
        .collect();
    let mut checked = 0;
    for input in &inputs {
        let name = input.rsplit('/').next().unwrap();
        let stem = name.split('.').next().unwrap();
        if !root().join(format!("fixtures/truth/{stem}.json")).exists() {
            continue;
        }
        let mismatches = line_structure_mismatches(&convert(input), &truth(stem));
        assert!(mismatches.is_empty(), "{input}: {mismatches:?}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} renderings checked");
}

/// The Calc sheet's PDF dumped by `pdftotext -layout` (poppler 22.12,
/// `fixtures/pdf-text/002_34d94bb3758c9396.calc.layout.txt`): each row over
/// several lines, its category one character a line, its goal and result
/// wrapped, a paragraph's first line a character further in, columns set
/// apart by runs of spaces (or one space where a line is full). Every row,
/// department path and line break as the truth has them (such dumps had
/// been read line by line: `partial`, rows merged).
#[test]
fn a_sheet_dumped_as_its_page_shows_it_reads_row_by_row() {
    let doc = convert("fixtures/pdf-text/002_34d94bb3758c9396.calc.layout.txt");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
    assert_eq!(doc["rows"].as_array().unwrap().len(), 50);
    let truth = truth("002_34d94bb3758c9396");
    let mismatches = line_structure_mismatches(&doc, &truth);
    assert!(mismatches.is_empty(), "{mismatches:?}");
    let s = score(&doc, &truth);
    assert_eq!((s.found, s.path_exact), (50, 50), "{s:?}");
}

/// A department cell printed on two lines (`まちづくり推進部` / `総務課`) is a
/// path of two units, not one name run together.
#[test]
fn department_cell_lines_become_the_department_path() {
    let want = truth("002_34d94bb3758c9396");
    let nested = want
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["parents"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(nested, 44);
    for pdf in ["reportlab", "borderless", "split"] {
        let doc = convert(&format!(
            "fixtures/archive/pdf/002_34d94bb3758c9396.{pdf}.pdf"
        ));
        let rows = doc["rows"].as_array().unwrap();
        let paths: Vec<usize> = rows
            .iter()
            .map(|r| r["department_path"].as_array().unwrap().len())
            .collect();
        assert_eq!(paths.iter().filter(|&&n| n >= 2).count(), nested, "{pdf}");
        assert_eq!(
            rows[6]["department_path"],
            serde_json::json!(["まちづくり推進部", "企画課"]),
            "{pdf}"
        );
    }
}

/// Paragraphs inside a goal or result cell stay apart, as in the text dump
/// of the same sheet.
#[test]
fn paragraph_breaks_inside_goal_and_result_cells_are_kept() {
    let breaks = |doc: &serde_json::Value| {
        doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| [&r["goal"], &r["result"]])
            .filter(|f| f.as_str().is_some_and(|t| t.contains('\n')))
            .count()
    };
    let text = breaks(&convert("fixtures/archive/seeds/002_34d94bb3758c9396.txt"));
    assert_eq!(text, 33);
    for pdf in ["reportlab", "borderless", "split"] {
        let doc = convert(&format!(
            "fixtures/archive/pdf/002_34d94bb3758c9396.{pdf}.pdf"
        ));
        assert_eq!(breaks(&doc), text, "{pdf}");
    }
}

/// A row a page break cut — its department cell included (`地域みまもり支援
/// センター` on one page, `学校・地域連携` on the next) — is one row that
/// points at both pages.
#[test]
fn a_row_cut_by_a_page_break_is_one_row_on_both_pages() {
    let doc = convert("fixtures/archive/pdf/002_34d94bb3758c9396.split.pdf");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
    let rows = doc["rows"].as_array().unwrap();
    let cut = &rows[42];
    assert_eq!(
        cut["department_path"],
        serde_json::json!(["地域みまもり支援センター", "学校・地域連携"])
    );
    let pages: Vec<u64> = cut["provenance"]["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["page"].as_u64().unwrap())
        .collect();
    assert_eq!(pages.len(), 2, "{}", cut["provenance"]);
    assert_eq!(pages[1], pages[0] + 1);
    assert_eq!(cut["provenance"]["page"].as_u64(), Some(pages[0]));
    // The rows after it on the new page keep the unit the cut completed.
    assert_eq!(rows[43]["department"], "学校・地域連携");
    // In the page geometry: every page's table after the first continues
    // the one before, and the row after its repeated header is the one
    // that may finish a cut row.
    let pages = pdf_tables("fixtures/archive/pdf/002_34d94bb3758c9396.split.pdf");
    for (number, tables) in pages.iter().enumerate().skip(1) {
        let table = &tables[0];
        assert_eq!(table["continues"], true);
        let continued: Vec<usize> = table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(_, r)| r["continued"] == true)
            .map(|(k, _)| k)
            .collect();
        assert_eq!(continued, [1], "page {}", number + 1);
    }
    // Every row cut by a break spans two pages; no row is lost or doubled.
    let spanning = rows
        .iter()
        .filter(|r| r["provenance"]["boxes"].as_array().unwrap().len() == 2)
        .count();
    assert!(spanning >= 2, "{spanning} rows span a page break");
}

/// In the page geometry, a department cell spanning three rows is one cell
/// with a row span of three, and the parser gives its name to all three.
#[test]
fn a_merged_department_cell_spans_its_rows() {
    let path = "fixtures/archive/pdf/002_34d94bb3758c9396.reportlab.pdf";
    let table = &pdf_tables(path)[0][0];
    let first = &table["rows"][1]["cells"][0];
    assert_eq!(first["lines"][0]["text"], "危機管理担当");
    assert_eq!(first["row_span"], 3);
    // The rows it covers have no cell in its column.
    assert_ne!(table["rows"][2]["cells"][0]["column"], 0);
    let doc = convert(path);
    let rows = doc["rows"].as_array().unwrap();
    assert!(rows[..3].iter().all(|r| r["department"] == "危機管理担当"));
}

/// Calc prints a merged department cell that a page break splits at the
/// middle of the whole cell, clipped to the part on each page: the clipped
/// copy is not read, so it is never appended to the result above it, and
/// the unit still names every row it spans.
#[test]
fn a_merged_cell_split_by_a_page_break_is_not_appended_to_a_result() {
    let doc = convert("fixtures/archive/pdf/002_34d94bb3758c9396.calc.pdf");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
    let rows = doc["rows"].as_array().unwrap();
    for row in rows {
        let result = row["result"].as_str().unwrap_or_default();
        assert!(
            !result.ends_with("課") && !result.ends_with("センター"),
            "a department name ended up in a result: {result}"
        );
    }
    let spans = rows
        .iter()
        .filter(|r| r["department"] == "地域振興課")
        .count();
    assert_eq!(spans, 3);
}

/// Review: unindented paragraphs whose last line ends with `。` one
/// character short of a Writer cell lost their breaks, with status ok. A
/// break the page shows comes out right, before a word, an item's mark
/// (`（２）`, `・`) or after a full line's wrap alike. Where the next line
/// opens with two characters a writer keeps together (`ホー`, `「区`), the
/// page cannot tell its kinsoku from a paragraph's end; nor where the
/// cell's only line ending otherwise is a character short, and the widest
/// may hang its `。` (a writer that hangs its stops prints the same): the
/// three lines are read as wraps (two of them wrongly, before the
/// `ホームページ` paragraph and before the last row's second one), and the
/// document says so; and so it does of five lines ending a sentence as
/// they fill a cell that sets no paragraph in (read as wraps, rightly).
#[test]
fn a_break_the_page_cannot_settle_is_read_as_a_wrap_and_warned() {
    let doc = convert("fixtures/pdf-text/kinsoku_breaks_r6.writer.pdf");
    let expected = pdf_text_rows("kinsoku_breaks_r6");
    let s = score(&doc, &expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (5, 1.0, 5));
    assert_eq!(
        line_structure_mismatches(&doc, &expected),
        ["row 0: goal", "row 4: goal"]
    );
    assert_eq!(doc["status"], "partial");
    assert_eq!(warning_codes(&doc), ["ambiguous_line"]);
    let message = ambiguous_line_message(&doc);
    assert!(message.contains("page 1 hold 8 lines"), "{message}");
}

/// The codes of `doc`'s warnings.
fn warning_codes(doc: &serde_json::Value) -> Vec<&str> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["level"] == "warning")
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

/// A table without rules whose line may be a row of its own or the row
/// above's wrap (helper-128: `of which urgent` under `Road repairs`) is
/// `partial`, the line said; a table whose foot label goes on with `）`
/// is `ok`.
#[test]
fn an_unruled_line_in_doubt_makes_the_document_partial() {
    let doc = convert("fixtures/pdf-text/unruled_rows_in_doubt.pdf");
    assert_eq!(doc["status"], "partial", "{}", doc["diagnostics"]);
    let message = ambiguous_line_message(&doc);
    assert!(
        message.starts_with("1 line of a table without rules on page 1 read as the wrap"),
        "{message}"
    );
    let doc = convert("fixtures/pdf-text/unruled_ja_foot_labels.pdf");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
}

/// helper-140: a line in a row of a Calc sheet of its own, without rules,
/// between two units' rows (`令和5年4月 組織改正` under 危機管理担当's
/// last row) stands in the department column, where no unit's name goes
/// on; it had been joined to the goal above, `ok`. Still the goal's wrap
/// — the page cannot say it is no cell's — but said, and only that row's
/// goal differs from the truth.
#[test]
fn text_in_the_department_column_read_as_a_goal_is_said() {
    let doc = convert("fixtures/pdf-text/note_between_rows_r5.calc.pdf");
    let expected = truth("kakuu_r5");
    let s = score(&doc, &expected);
    // (59 of the 60 fields: row 2's goal has the line after its own.)
    assert_eq!((s.found, s.path_exact), (12, 12));
    assert!(
        (s.field_accuracy - 59.0 / 60.0).abs() < 1e-9,
        "{}",
        s.field_accuracy
    );
    assert_eq!(
        doc["rows"][1]["goal"].as_str().unwrap().lines().last(),
        Some("令和5年4月 組織改正")
    );
    assert_eq!(doc["status"], "partial");
    let warnings: Vec<(&str, &str)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["level"] == "warning")
        .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "ambiguous_line");
    assert!(
        warnings[0]
            .1
            .contains("「令和5年4月 組織改正」 in the department column under row 2"),
        "{}",
        warnings[0].1
    );
}

/// Two labels stacked in Calc's narrow 分類 column end in half-width
/// letters (`キャッシュレス決済QR`, `多言語対応アプリAI`): the kana and kanji,
/// touching, read as a column of vertical writing, the letters as
/// horizontal lines under it. The cell's lines had been taken direction by
/// direction, horizontal first: `QRキャッシュレス決済`, `ok` (helper-140's
/// probe). Top down, every row is as written.
#[test]
fn a_stacked_label_ending_in_ascii_is_read_top_down() {
    let doc = convert("fixtures/pdf-text/ascii_label_r5.calc.pdf");
    assert_every_row_as_written(&doc, &pdf_text_rows("ascii_label_r5"), 12);
    assert_eq!(doc["rows"][6]["category"], "キャッシュレス決済QR");
    assert_eq!(doc["rows"][9]["category"], "多言語対応アプリAI");
}

/// The kakuu sheet with its 部署名 and 分類 cells in vertical writing
/// (Writer's text direction, as Word users set a narrow cell): labels and
/// unit paths that need two columns or more, a label in a row one line
/// high, each of its characters a column. They had been read across,
/// line by line: `総総務務企課画部` for 総務企画部 / 総務課, `対応面対` for
/// 対面対応, `通共` for 共通, `ok` (helper-159's probe). Read column by
/// column, every row is as written.
#[test]
fn cells_in_vertical_writing_read_column_by_column() {
    let doc = convert("fixtures/pdf-text/vertical_cells_r5.writer.pdf");
    assert_every_row_as_written(&doc, &pdf_text_rows("vertical_cells_r5"), 12);
    assert_eq!(
        doc["rows"][2]["department_path"],
        serde_json::json!(["総務企画部", "総務課"])
    );
    assert_eq!(doc["rows"][4]["category"], "対面対応");
    assert_eq!(doc["rows"][8]["category"], "共通");
}

/// `…待ち時間を` / `Web（https://…）でお知らせします。`: Writer sets no
/// break between `Web`, the full-width bracket and the address, and moves
/// them down whole. The line before, short by less than `Web（https://`
/// takes but more than `Web`, had been read as its paragraph's end, `ok`
/// (helper-159's probe); each goal is one paragraph and a second one.
#[test]
fn a_web_address_after_a_bracket_moves_down_with_the_word_before_it() {
    let doc = convert("fixtures/pdf-text/glued_latin_r6.writer.pdf");
    assert_every_row_as_written(&doc, &pdf_text_rows("glued_latin_r6"), 5);
    for row in doc["rows"].as_array().into_iter().flatten() {
        assert_eq!(
            row["goal"].as_str().map(|g| g.lines().count()),
            Some(2),
            "{row}"
        );
    }
}

/// That `doc` holds the `rows` rows of `expected`, every field and line
/// as written, and says `ok`.
fn assert_every_row_as_written(doc: &serde_json::Value, expected: &serde_json::Value, rows: usize) {
    let s = score(doc, expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (rows, 1.0, rows));
    assert!(line_structure_mismatches(doc, expected).is_empty());
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
}

/// Writer centres a number cell down its row: where a page break cuts
/// 総務課's row `2・3` after its first line, the cell's rest, `・3`, is
/// printed on the next page among the goal's lines (helper-147's y11). It
/// had gone into the goal (`…ホームペー` / `・3ジ、…`, a false item) and
/// left the row numbered 2, `ok`; it finishes the number.
#[test]
fn a_number_cells_rest_on_the_next_page_finishes_the_number() {
    let doc = convert("fixtures/pdf-text/number_cut_r5.writer.pdf");
    assert_every_row_as_written(&doc, &truth("kakuu_r5"), 12);
    assert_eq!(doc["rows"][3]["number"], "2・3");
    assert_eq!(doc["rows"][3]["numbers"], serde_json::json!([2, 3]));
}

/// Writer's page break falls right after a paragraph's last line, which
/// fills the cell and ends `。`, in a sheet whose paragraphs are set flush:
/// the next page's first line may open a paragraph or go on with the
/// sentence before, which the pages do not say (helper-147's x_cut_*). Read
/// as a wrap, as before, but said: it had been `ok`, the two paragraphs
/// one.
#[test]
fn a_sentence_ending_a_full_line_at_a_page_break_is_said() {
    let doc = convert("fixtures/pdf-text/paragraph_cut_r5.writer.pdf");
    let expected = pdf_text_rows("paragraph_cut_r5");
    let s = score(&doc, &expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (12, 1.0, 12));
    assert_eq!(line_structure_mismatches(&doc, &expected), ["row 7: goal"]);
    assert_eq!(doc["status"], "partial");
    assert_eq!(warning_codes(&doc), ["ambiguous_line"]);
    let message = ambiguous_line_message(&doc);
    assert!(
        message.starts_with("table cells on page 1 hold 1 line where the page does not tell"),
        "{message}"
    );
}

/// Writer's page break cuts 住民記録係's second row and the unit's merged
/// department cell with it: `区民部` / `戸籍住民サービス` / `課` on the page,
/// `住民記録係` beside the row's rest on the next (helper-147's y01–y06). The
/// cut row's path was read from both parts, but the row above under the
/// same cell had kept the page's part alone (`戸籍住民サービス課`), `ok`.
#[test]
fn a_department_cell_cut_by_a_page_break_names_all_its_rows() {
    let doc = convert("fixtures/pdf-text/department_cut_r5.writer.pdf");
    assert_every_row_as_written(&doc, &pdf_text_rows("department_cut_r5"), 11);
    for k in [6, 7] {
        assert_eq!(
            doc["rows"][k]["department_path"],
            serde_json::json!(["区民部", "戸籍住民サービス課", "住民記録係"])
        );
    }
}

/// The rows of `fixtures/pdf-text/NAME.json` (a truth file's form, for a
/// PDF kept out of the archive: some of its breaks are undecidable).
fn pdf_text_rows(name: &str) -> serde_json::Value {
    let path = root().join(format!("fixtures/pdf-text/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// helper-132: a unit's name printed as a heading between two Writer
/// tables of the same columns, each with its header row, whose rules line
/// up across a gap of a line (read as one table the heading cuts): the
/// heading was the first unit's second name, `危機管理担当 / 地域振興課`,
/// `ok`. It is no cell's text: left unassigned, said, and both rows right.
#[test]
fn a_heading_between_two_tables_stacked_alike_is_no_rows_text() {
    let doc = convert("fixtures/pdf-text/two_tables_r6.writer.pdf");
    let expected = pdf_text_rows("two_tables_r6");
    let s = score(&doc, &expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (2, 1.0, 2));
    assert!(line_structure_mismatches(&doc, &expected).is_empty());
    assert_eq!(doc["status"], "partial");
    let unassigned: Vec<&str> = doc["unassigned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["text"].as_str().unwrap())
        .collect();
    assert_eq!(unassigned, ["地域振興課"]);
}

/// The message of the document's `ambiguous_line` diagnostic.
fn ambiguous_line_message(doc: &serde_json::Value) -> &str {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ambiguous_line")
        .and_then(|d| d["message"].as_str())
        .unwrap()
}

/// rev101 a05: a line ending with `。` three characters short of a Writer
/// cell, the next opening with a Latin word that would not have fitted
/// after it (`Instagram`, 4.75 em), was read as a paragraph's end, `ok`,
/// where the paragraph went on. Moved down whole, the word leaves the line
/// as short whether the paragraph ends there or not: both such breaks are
/// read as wraps (the one before `Facebook`, a paragraph's end, wrongly),
/// and the document says so; before a word that would have fitted
/// (`SNS`) the break is a paragraph's, as the page shows.
///
/// The same PDF made PDF/A-2 by Ghostscript reads the same: its fonts'
/// encoding is a CMap embedded in the file, their widths in `/W` by its
/// CIDs; every glyph had taken the default width, `Instagram` 9 em, and
/// the paragraph ending before `投稿の前には…` had been read as wrapped
/// (helper-149).
#[test]
fn a_latin_word_moved_down_after_a_stop_leaves_the_break_unsure() {
    let expected = pdf_text_rows("latin_after_stop_r6");
    for file in [
        "latin_after_stop_r6.writer.pdf",
        "latin_after_stop_r6.pdfa.pdf",
    ] {
        let doc = convert(&format!("fixtures/pdf-text/{file}"));
        let s = score(&doc, &expected);
        assert_eq!(
            (s.found, s.field_accuracy, s.path_exact),
            (4, 1.0, 4),
            "{file}"
        );
        assert_eq!(
            line_structure_mismatches(&doc, &expected),
            ["row 1: goal"],
            "{file}"
        );
        assert_eq!(doc["status"], "partial", "{file}");
        let message = ambiguous_line_message(&doc);
        assert!(message.contains("page 1 hold 2 lines"), "{file}: {message}");
    }
}

/// helper-149: a Writer paragraph of one line ending in a telephone number
/// some 0.7 em short of its cell, over a paragraph opening flush left
/// (`問合せは区民課の窓口TEL 03-5555-0123` / `相談の記録は…`): the cell's
/// only line not ending in `。`, it was the cell's own measure of a full
/// line, and the two paragraphs were read as one, `ok` (12 of 156 such
/// sheets). The next line's `相` would not have fitted after the number,
/// so Writer may as well have wrapped there: read as wrapped, and said.
/// A telephone number cut at its hyphen over the next line (区民課 2)
/// stays a wrap, and a number ending a paragraph under a full line
/// (保険年金課 1) a paragraph's end, unsaid.
#[test]
fn a_number_ending_a_cells_widest_line_leaves_the_break_unsure() {
    let doc = convert("fixtures/pdf-text/number_ends_r6.writer.pdf");
    let expected = pdf_text_rows("number_ends_r6");
    let s = score(&doc, &expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (3, 1.0, 3));
    assert_eq!(line_structure_mismatches(&doc, &expected), ["row 0: goal"]);
    assert_eq!(doc["status"], "partial");
    assert_eq!(warning_codes(&doc), ["ambiguous_line"]);
    let message = ambiguous_line_message(&doc);
    assert!(message.contains("page 1 hold 1 line "), "{message}");
    assert!(message.contains("a telephone number"), "{message}");
}

/// A Writer sheet whose cells hold items of a few words, one a line, no
/// line within three characters of the cell's rule and the first the
/// widest (`電話応対研修の実施` / `記録の課内共有`): each line ended its
/// paragraph, as Writer fills a line to the rule; but a paragraph set in
/// from the rule on the right (a right indent or padding, a picture beside
/// it) wraps as short of it, and the page does not tell the two apart.
/// The items are read as wrapped, as they were, and each row holding such
/// lines is said: they had been run together, `ok` (rev112 short_items),
/// and read as paragraphs, every wrap of such prose was a break, `ok`
/// (helper-113). A cell whose paragraph wraps at the rule keeps its wrap
/// and its paragraph's end, unsaid.
#[test]
fn items_no_line_of_which_reaches_the_cells_rule_are_said_to_be_unsure() {
    let doc = convert("fixtures/pdf-text/short_items_r6.writer.pdf");
    let expected = pdf_text_rows("short_items_r6");
    let s = score(&doc, &expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (3, 1.0, 3));
    assert_eq!(
        line_structure_mismatches(&doc, &expected),
        [
            "row 0: result",
            "row 1: goal",
            "row 1: result",
            "row 2: goal",
            "row 2: result"
        ]
    );
    assert_eq!(doc["status"], "partial");
    assert_eq!(
        short_of_rule_heads(&doc),
        [
            "区民課 1: 1 line of its goal and result ends",
            "区民課 2: 2 lines of its goal and result end",
            "保険年金課 1: 4 lines of its goal and result end"
        ]
    );
}

/// The `ambiguous_line` messages of a document, each up to ` short of`.
fn short_of_rule_heads(doc: &serde_json::Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "ambiguous_line")
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            message.split(" short of").next().unwrap().to_owned()
        })
        .collect()
}

/// A Calc sheet on A4 landscape whose category column is one character
/// wide (helper-121 made thirteen like it): the header's `分` `類`, wrapped,
/// stand right over the first row's stacked `庁` `内` `体` `制` at the same
/// pitch, six glyphs stacked solid, and were read as one vertical line
/// across the header's rule (`分類庁内体制`). Page 1's header row was then
/// no column header, and its six rows only warned of (stray_text), not
/// read. The rule parts the stack: every row as written.
#[test]
fn a_rule_parts_a_narrow_columns_stacked_labels() {
    let doc = convert("fixtures/pdf-text/landscape_label_r6.calc.pdf");
    let expected = pdf_text_rows("landscape_label_r6");
    let s = score(&doc, &expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (11, 1.0, 11));
    assert!(line_structure_mismatches(&doc, &expected).is_empty());
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
}

/// A Writer sheet whose goal paragraphs are centred and whose result
/// paragraphs are set flush right (helper-116): a wrapped paragraph's
/// short last line starts far in, and had opened a paragraph (`…窓口の` /
/// `配置を見直します。`), and a short paragraph over the next had run
/// together with it, `ok`. Read as if set flush left, every paragraph
/// comes out as written; the items of a few words a line (保険年金課 1)
/// are read as wrapped and said, as set flush left.
#[test]
fn centred_and_right_aligned_cells_keep_their_paragraphs() {
    let doc = convert("fixtures/pdf-text/aligned_r6.writer.pdf");
    let expected = pdf_text_rows("aligned_r6");
    let s = score(&doc, &expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (3, 1.0, 3));
    assert_eq!(
        line_structure_mismatches(&doc, &expected),
        ["row 2: goal", "row 2: result"]
    );
    assert_eq!(doc["status"], "partial");
    assert_eq!(
        short_of_rule_heads(&doc),
        ["保険年金課 1: 2 lines of its goal and result end"]
    );
}

/// The same sheet justified with every last line spread across its cell
/// (均等割付, helper-116): a spread line read `配 置 を 見 直 し ま す 。`
/// and `研 修 ２ 回`, and reaching the rule, its paragraph's end was taken
/// for a wrap. Read closed up, no space comes between its characters and
/// the paragraphs come out as written, but for one item that ends short
/// of the rule no line reaches (said, as where items are set flush left).
#[test]
fn lines_spread_across_their_cells_are_read_closed_up() {
    let doc = convert("fixtures/pdf-text/spread_r6.writer.pdf");
    let expected = pdf_text_rows("spread_r6");
    let s = score(&doc, &expected);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (3, 1.0, 3));
    assert_eq!(line_structure_mismatches(&doc, &expected), ["row 2: goal"]);
    for row in doc["rows"].as_array().unwrap() {
        for field in ["goal", "result"] {
            let text = row[field].as_str().unwrap();
            assert!(!text.contains(' '), "{text}");
        }
    }
    assert_eq!(doc["status"], "partial");
    assert_eq!(
        short_of_rule_heads(&doc),
        ["保険年金課 1: 1 line of its goal and result ends"]
    );
}

/// A three-column sheet made by reportlab (department | `number label
/// goal` | result), whose goal and result cells go on over table lines with
/// no department or number, gives its truth, line breaks included.
#[test]
fn a_three_column_reportlab_sheet_continues_goal_and_result_over_lines() {
    let doc = convert("fixtures/pdf-text/three_column_continuation.pdf");
    let truth = truth("three_column_continuation");
    let s = score(&doc, &truth);
    assert_eq!((s.found, s.field_accuracy, s.path_exact), (10, 1.0, 10));
    let mismatches = line_structure_mismatches(&doc, &truth);
    assert!(mismatches.is_empty(), "{mismatches:?}");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
}

/// A plan's outline as a word processor prints it: each heading's
/// paragraph and sub-item an em further in, a sub-item's paragraph two.
/// The dump marks those indents, so a heading ending in kana and the
/// paragraph under it opening with kana are two nodes, the paragraph
/// under its heading (they had been read as one wrapped item each, `ok`).
#[test]
fn indented_paragraphs_under_a_pdfs_headings_are_their_own_nodes() {
    let doc = convert("fixtures/pdf-text/outline_indents.pdf");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
    assert_eq!(
        outline_nodes(&doc),
        [
            "heading 計画の策定にあたって",
            "  paragraph 本計画は、区民の皆さんの暮らしを守るために策定します。",
            "heading 取組",
            "  heading ごみの減量",
            "    paragraph ごみの分別については、区民の皆さんの意見を聞きます。",
        ]
    );
}

/// A paragraph of full lines running over a page break, the page number
/// printed between: one paragraph (its halves had been two), the page
/// number set aside as the page's.
#[test]
fn a_paragraph_running_over_a_page_break_is_one_paragraph() {
    let doc = convert("fixtures/pdf-text/paragraph_over_pages.pdf");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
    let nodes = outline_nodes(&doc);
    assert_eq!(nodes.len(), 4, "{nodes:#?}");
    assert!(
        nodes[1].starts_with("  paragraph この計画は、"),
        "{}",
        nodes[1]
    );
    assert!(
        nodes[1].contains("見直していきます。その見直しの内容は"),
        "{}",
        nodes[1]
    );
    assert!(nodes[2].starts_with("heading 計画の期間"), "{}", nodes[2]);
    assert_eq!(doc["page_furniture"][0]["text"], "- 1 -");
}

/// A plan set in two columns, a paragraph running from the foot of the
/// left column to the head of the right: each section's heading over its
/// one paragraph, whole (the columns' lines at the same height had been
/// read as one line, `ok`: rev87 p11).
#[test]
fn a_plan_in_two_columns_reads_its_sections_whole() {
    let doc = convert("fixtures/pdf-text/two_columns.pdf");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
    let nodes = outline_nodes(&doc);
    assert_eq!(
        nodes[..6],
        [
            "heading 計画の目的",
            "  paragraph 地域の見守りについては、区民の皆さんの利便性を高めるため、関係部署と\
             連携しながら段階的に改善を進めます。あわせて、見守りに関するご意見を定期的に把握し、\
             翌年度の取組に反映させる仕組みを整えます。",
            "heading 計画の期間",
            "  paragraph 本計画の期間は、令和6年度から令和8年度までの3年間とします。計画の期間中に\
             社会の状況が大きく変わったときは、区政会議のご意見を聞きながら、必要に応じて計画を\
             見直します。見直した計画は、区のホームページでお知らせします。",
            "heading 推進体制",
            "  paragraph 区長を本部長とする推進本部を置き、各課の取組の状況を年に2回確かめます。\
             確かめた結果は区政会議に報告し、いただいたご意見を翌年度の取組に生かします。",
        ]
    );
}

/// A newsletter's page in three columns, paragraphs running from one
/// column into the next: each section's heading over its paragraphs,
/// whole (the page had been a table of three columns, each line a row,
/// `ok`: rev89 ja_three_col). `partial`: a newsletter's title is no
/// plan's, and the outline is read on its numbered headings alone.
#[test]
fn a_page_in_three_columns_reads_its_sections_whole() {
    partial_with("fixtures/pdf-text/three_columns.pdf", "low_confidence");
    let doc = convert("fixtures/pdf-text/three_columns.pdf");
    assert_eq!(
        outline_nodes(&doc),
        [
            "heading 計画の目的",
            "  paragraph 区民一人ひとりが住み慣れた地域で安心して暮らし続けられるよう、区の福祉\
             施策の方向性を示すものです。地域の見守りについては、関係部署と連携しながら段階的に\
             改善を進めます。",
            "  paragraph 計画は区政会議のご意見を聞いて定めました。",
            "heading 計画の期間",
            "  paragraph 令和六年度から令和十年度までの五年間とし、社会の状況が大きく変わったとき\
             は、区政会議のご意見を聞きながら必要に応じて見直します。",
            "heading 推進体制",
            "  paragraph 区長を本部長とする推進本部を置き、各課の取組の状況を年に二回確かめます。",
            "  paragraph 確かめた結果は区政会議に報告し、いただいたご意見を翌年度の取組に生かし\
             ます。",
        ]
    );
}

/// A multi-year comparison as a Writer table with no themes' column: a
/// header of three years, each year's cell opening with the theme's
/// marker and its title that year, then sub-headings and items, `☆` after
/// the new ones; an empty cell; the legend under the table. Every year a
/// column of its own, each cell its own title, sub-headings and flags
/// (the first year's column had been read as the themes', its cells run
/// together into the titles of the other years' cells, `ok`: rev91 R01b).
#[test]
fn a_year_table_without_a_themes_column_reads_every_year() {
    let doc = convert("fixtures/pdf-text/year_columns.writer.pdf");
    assert_eq!(doc["status"], "ok", "{}", doc["diagnostics"]);
    assert_eq!(doc["layout"]["name"], "multi_year_plan");
    let years: Vec<i64> = doc["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["gregorian"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2022, 2023, 2024]);
    let items = |items: &serde_json::Value| -> String {
        let items = items.as_array().unwrap().iter().map(|i| {
            let new = if i["new"] == true { "☆" } else { "" };
            format!(
                "{}{}{new}",
                i["marker"].as_str().unwrap_or(""),
                i["text"].as_str().unwrap()
            )
        });
        items.collect::<Vec<_>>().join(" ")
    };
    let mut cells = Vec::new();
    for theme in doc["themes"].as_array().unwrap() {
        for cell in theme["cells"].as_array().unwrap() {
            let mut line = format!(
                "{} {}{} {}",
                cell["fiscal_year"],
                cell["marker"].as_str().unwrap(),
                cell["title"].as_str().unwrap(),
                items(&cell["items"])
            );
            for heading in cell["headings"].as_array().unwrap() {
                let (marker, title) = (&heading["marker"], &heading["title"]);
                line += &format!(
                    " | {}{} {}",
                    marker.as_str().unwrap(),
                    title.as_str().unwrap(),
                    items(&heading["items"])
                );
            }
            cells.push(line.trim_end().to_owned());
        }
    }
    assert_eq!(
        cells,
        [
            "2022 【1】窓口サービスの向上  | (1)接遇研修 ・新任職員向けの研修 | (2)案内 ・フロア案内の掲示",
            "2023 【1】窓口サービスの向上  | (1)接遇研修 ・新任職員向けの研修 ・電話応対の研修☆ | (2)案内 ・フロア案内の掲示",
            "2024 【1】窓口サービスの質の向上  | (1)接遇研修 ・全職員向けの研修☆ | (2)案内 ・フロア案内の掲示 ・やさしい日本語の案内☆",
            "2022 【2】情報発信 ・区報の発行",
            "2023 【2】情報発信 ・区報の発行 ・SNSの開始☆",
        ]
    );
    assert_eq!(doc["themes"][1]["notes"][0]["text"], "☆は新たな取組");
}

/// An outline's nodes, depth first: each its kind and text, indented two
/// spaces a level.
fn outline_nodes(doc: &serde_json::Value) -> Vec<String> {
    fn walk(nodes: &serde_json::Value, depth: usize, out: &mut Vec<String>) {
        for node in nodes.as_array().into_iter().flatten() {
            out.push(format!(
                "{}{} {}",
                "  ".repeat(depth),
                node["kind"].as_str().unwrap_or_default(),
                node["text"].as_str().unwrap_or_default()
            ));
            walk(&node["children"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&doc["nodes"], 0, &mut out);
    out
}

/// Converts a fixture and checks that it comes out `partial` with one
/// diagnostic, of `code`.
fn partial_with(path: &str, code: &str) {
    let doc = convert(path);
    assert_eq!(doc["status"], "partial", "{}", doc["diagnostics"]);
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, [code], "{path}: {}", doc["diagnostics"]);
}

/// A form whose labels stand left of the boxes their values are in, and a
/// table whose row names stand left of its first column rule: each label
/// is read apart from its value, so the document must not say `ok`.
#[test]
fn labels_beside_their_boxes_are_not_read_as_an_ok_table() {
    partial_with(
        "fixtures/pdf-text/labels_beside_boxes.pdf",
        "line_beside_table",
    );
}

/// A statistics table whose body is one ruled band of one-line rows, one
/// row's label wrapped onto a line with no figures: which row the line
/// belongs to the page does not say, so the document must not say `ok`.
#[test]
fn a_wrapped_label_in_a_figures_band_is_not_read_as_ok() {
    partial_with(
        "fixtures/pdf-text/wrapped_label_figures.pdf",
        "ambiguous_line",
    );
}

/// Entries of a voters' list, each a box with a serial-number box and a
/// photo box inside it (as an electoral roll prints them): the grid the
/// rules make parts each label from its value where no rule is drawn, so
/// the reading is not the page's, and the document must not say `ok`
/// (the real electoral roll came out so garbled, `ok`).
#[test]
fn boxes_inside_a_box_are_not_read_as_an_ok_table() {
    partial_with("fixtures/pdf-text/boxes_in_box.pdf", "unruled_cell_border");
    // A name that starts left of a rule that is drawn is no such case.
    for ruled in [
        "fixtures/pdf-text/cell_border_words.pdf",
        "fixtures/pdf-text/cell_border_words.reportlab.pdf",
        "fixtures/pdf-text/shared_band_rows.pdf",
    ] {
        let doc = convert(ruled);
        assert_eq!(doc["status"], "ok", "{ruled}: {}", doc["diagnostics"]);
    }
}

/// Ruby and emphasis marks over a cell's paragraph are listed in
/// `unassigned`, each at the line it stands over, and said (`ruby_text`,
/// naming each and its base); the cell reads as printed, and the
/// characters are all accounted for. A reading wider than its base leaves
/// its line read closed up; small katakana over a line, a reading or a
/// label, stays text and is said (`ambiguous_line`: a katakana reading
/// had been a goal's first line, `ok`: rev112).
#[test]
fn ruby_is_listed_in_unassigned_and_said() {
    let doc = convert("fixtures/pdf-text/ruby.pdf");
    assert_eq!(doc["status"], "partial");
    let unassigned: Vec<&str> = doc["unassigned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    // Readings over letters and over katakana too (rev101 r04, r12: they
    // had been lines of their own, the document `ok` but for the rest).
    assert_eq!(
        unassigned,
        [
            "はんぼうき",
            "﹅﹅",
            "みなお",
            "てつづき",
            "えすでぃーじーず",
            "わんすとっぷ",
            "まどぐちのかかり",
        ]
    );
    let said: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "ruby_text")
        .collect();
    assert_eq!(said.len(), 1, "{}", doc["diagnostics"]);
    let message = said[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("7 runs") && message.contains("「はんぼうき」 over 「繁忙期」"),
        "{message}"
    );
    let katakana = ambiguous_line_message(&doc);
    assert!(
        katakana.starts_with("2 runs of small katakana")
            && katakana.contains("「ポイント」 over 「窓口案」, 「マドグチ」 over 「窓口」"),
        "{katakana}"
    );
    let texts: Vec<&str> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"SDGsの目標を示します。")
            && texts.contains(&"ワンストップ窓口を設けます。")
            && texts.contains(&"来庁者の窓口での待ち時間を短くします。"),
        "{texts:?}"
    );
    let cell = doc["nodes"][0]["cells"][1][1].as_str().unwrap();
    let cell: String = cell.split_whitespace().collect();
    assert_eq!(
        cell,
        "繁忙期の待ち時間を短くするため、窓口の配置と受付の流れを見直します。"
    );
    assert_eq!(doc["coverage"]["ratio"], 1.0);
}

/// The sheet printed by Chromium with a web page's 「このページの担当」
/// box under its table (a frame of one cell): the box's lines are no cell
/// of the last row, whose goal they had ended (rev96 H24b, `ok`). They are
/// left unassigned, and the document is partial; every row is the truth's,
/// line breaks and all.
#[test]
fn a_box_under_the_table_is_no_cell_of_its_last_row() {
    let doc = convert("fixtures/pdf-text/kakuu_r5.chromium_owner.pdf");
    let truth = truth("kakuu_r5");
    let s = score(&doc, &truth);
    assert_eq!((s.expected, s.found, s.matched), (12, 12, 12), "{s:?}");
    assert_eq!(s.field_accuracy, 1.0, "{s:?}");
    let mismatches = line_structure_mismatches(&doc, &truth);
    assert!(mismatches.is_empty(), "{mismatches:?}");
    assert_eq!(doc["status"], "partial");
    let unassigned = doc["unassigned"].as_array().unwrap();
    assert_eq!(unassigned.len(), 1, "{unassigned:?}");
    let text = unassigned[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("このページの担当") && text.contains("044-123-4501"),
        "{text}"
    );
}
