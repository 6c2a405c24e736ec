//! Text from the PDFs of `fixtures/pdf-text/` (written by
//! `fixtures/make_pdf_text.py`), one property of real producers' files
//! each: rotated pages and text, simple-font encodings and glyph names,
//! broken ToUnicode maps, undecodable glyphs and vertical writing; and
//! content a hostile-input probe found misread (inline images, stray
//! operands, forms that draw themselves).

// A panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use plansheet_pdf::{Direction, Fault, Pdf, read_pdf, to_text};

fn read(name: &str) -> Pdf {
    load("pdf-text", name)
}

/// A fixture of `fixtures/<dir>`, read.
fn load(dir: &str, name: &str) -> Pdf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(dir)
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_pdf(&bytes).unwrap()
}

fn text(name: &str) -> String {
    to_text(&read(name).pages).text
}

#[test]
fn rotate_90_page_reads_upright() {
    let pdf = read("rotate90.pdf");
    let page = &pdf.pages[0];
    // The displayed page is landscape.
    assert_eq!((page.width, page.height), (792.0, 612.0));
    assert!(
        page.glyphs
            .iter()
            .all(|g| g.direction == Direction::LeftToRight)
    );
    let dump = to_text(&pdf.pages);
    assert_eq!(
        dump.text,
        "運輸安全委員会\n\nDESCRIPTION\tAMOUNT\nSTAFF ASSISTANT\t37,499.96\n\n"
    );
    // Line boxes are in the displayed page's space: inside it, the title
    // above the table, the title's left edge where it was drawn (x 72).
    let boxes: Vec<[f64; 4]> = dump.origins.iter().flatten().map(|o| o.bbox).collect();
    assert_eq!(boxes.len(), 3);
    for b in &boxes {
        assert!(
            b[0] >= 0.0 && b[2] <= 792.0 && b[1] >= 0.0 && b[3] <= 612.0,
            "{b:?}"
        );
    }
    assert!((boxes[0][0] - 72.0).abs() < 0.01, "{:?}", boxes[0]);
    assert!(boxes[0][1] > boxes[1][3]);
}

#[test]
fn rotate_270_inherited_from_the_page_tree_reads_upright() {
    let pdf = read("rotate270_inherited.pdf");
    assert_eq!((pdf.pages[0].width, pdf.pages[0].height), (792.0, 612.0));
    assert_eq!(
        to_text(&pdf.pages).text,
        "運輸安全委員会\n\nDESCRIPTION\tAMOUNT\nSTAFF ASSISTANT\t37,499.96\n\n"
    );
}

#[test]
fn text_matrix_rotated_90_reads_bottom_to_top() {
    let pdf = read("text_matrix_90.pdf");
    let turned: Vec<_> = pdf.pages[0]
        .glyphs
        .iter()
        .filter(|g| g.direction == Direction::Up)
        .collect();
    assert_eq!(turned.len(), "DESCRIPTIONSTART DATE".len());
    assert_eq!(
        to_text(&pdf.pages).text,
        "Expenditures\n\nDESCRIPTION\nSTART DATE\n\n"
    );
}

/// A table whose glyphs' outlines are stroked over them in short straight
/// pieces (cairo's fake bold, rev97): the pieces inside each glyph are no
/// rules, and the table reads as drawn (they had been joined into dotted
/// rules along the lines, making a column of every gap).
#[test]
fn glyph_outlines_stroked_over_the_text_are_no_rules() {
    let blocks = first_page_blocks("stroked_outlines.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "部署名|目標|結果 / 総務課|窓口の案内を見直します。|案内表示を改めました。 / \
          区民課|電話を三コール以内に受けます。|苦情は一件もありませんでした。"
        ]
    );
}

/// A marked-content span's /ActualText is the text of its glyphs, whose
/// ToUnicode entries are a lookalike (Chromium's radicals `⺠` and `⽬`
/// for 民 and 目, `‧` for `・`): one character a glyph where they are as
/// many (or past white space, as a span over a whole line with a space
/// after it gives them), else the whole text on the span's first glyph
/// (`㈱` as `(株)`),
/// none for an empty one (a hyphen a line break added); an inline
/// property list or one named in the page's /Properties; a glyph its font
/// leaves undecoded is decoded by it. Without it, every Chromium-printed
/// Japanese page had come out with lookalikes in its text: goal sheets
/// partial (their header unrecognised), outlines ok (rev96).
#[test]
fn actual_text_stands_for_the_glyphs_of_its_span() {
    let pdf = read("actual_text.pdf");
    assert_eq!(
        to_text(&pdf.pages).text,
        "区民課\n目標\n・窓口\n申請\n(株)所所\n・窓口\n\n"
    );
    assert_eq!(pdf.undecoded, 0);
    // A line's text and a space after it, over the line's glyphs: each
    // keeps a character of its own (the `・` a mark of its own, not the
    // first glyph standing for the whole line).
    let last: Vec<&str> = pdf.pages[0]
        .glyphs
        .iter()
        .rev()
        .take(3)
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(last, ["口", "窓", "・"]);
}

#[test]
fn mac_roman_encoding_is_not_read_as_win_ansi() {
    assert_eq!(text("macroman.pdf"), "Votación • café\n\n");
}

#[test]
fn ligature_and_uni_glyph_names_decode_and_ligatures_are_spelt_out() {
    let pdf = read("ligatures.pdf");
    assert_eq!(pdf.undecoded, 0);
    assert_eq!(
        to_text(&pdf.pages).text,
        "significant flow café office effect\ndefined\n\n"
    );
}

#[test]
fn fffd_to_unicode_over_adobe_japan1_decodes_from_the_cid() {
    let pdf = read("fffd_japan1.pdf");
    assert_eq!(pdf.undecoded, 0);
    assert_eq!(to_text(&pdf.pages).text, "運輸安全委員会\n\n");
}

#[test]
fn undecodable_glyphs_are_counted_per_page_and_never_invented() {
    let pdf = read("undecodable.pdf");
    // Three U+FFFD from the ToUnicode map, kept in place and counted; one
    // g123 glyph, left out and counted.
    assert_eq!(pdf.pages[0].undecoded, 4);
    assert_eq!(pdf.undecoded, 4);
    let text = to_text(&pdf.pages).text;
    assert_eq!(text, "\u{FFFD}\u{FFFD}\u{FFFD}\nok ok\n\n");
    assert_eq!(text.matches('\u{FFFD}').count(), 3);
}

#[test]
fn vertical_writing_reads_columns_right_to_left_tier_by_tier() {
    let pdf = read("vertical.pdf");
    assert_eq!(pdf.pages.len(), 2);
    assert_eq!(
        to_text(&pdf.pages[..1]).text,
        "縦書きの一行目\n二行目です\n\n下の段の一行目\n下の段の二行目\n\n"
    );
}

#[test]
fn horizontal_font_glyphs_stacked_in_columns_read_as_vertical_writing() {
    let pdf = read("vertical.pdf");
    assert!(pdf.pages[1].glyphs.iter().all(|g| g.is_vertical()));
    assert_eq!(
        to_text(&pdf.pages[1..]).text,
        "横書きの字形で縦に組んだ列\n字下げして始まる二列目\n\n"
    );
}

/// Text that lives only in annotations' appearance streams (form fields,
/// notes) is read, placed in the annotation's rectangle; the state /AS
/// names is the one drawn; hidden annotations are not read.
#[test]
fn annotation_appearance_streams_are_read_and_hidden_ones_skipped() {
    assert_eq!(
        text("annotation.pdf"),
        "Page text\n\nAnnotated note\n\nChecked field\n\n"
    );
}

/// The cells of the first table of a PDF's first page, as text per row.
fn first_table(name: &str) -> Vec<Vec<String>> {
    let layout = plansheet_pdf::layout(&read(name).pages);
    let table = layout[0]
        .blocks
        .iter()
        .find_map(|b| match b {
            plansheet_pdf::Block::Table(t) => Some(t),
            plansheet_pdf::Block::Line(_) => None,
        })
        .unwrap();
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text()).collect())
        .collect()
}

#[test]
fn words_drawn_across_a_cell_border_stay_whole() {
    // `Mu` and `L` stand left of the column rules, the rest of the names
    // right of them; each name goes whole to the cell holding its middle.
    let rows = first_table("cell_border_words.pdf");
    assert_eq!(rows[1], ["1", "Mukesh Kumar", "Lok Nath Jhamb"]);
    assert_eq!(rows[2], ["2", "Dharamveer Nanda", "Madan Lal"]);
    assert_eq!(rows.len(), 4);
}

/// A table ruled across its whole width between header and body and
/// under its last row, and down only between its column groups: the row
/// rules bound it, so each row is read whole, its name and Plan figures
/// (left of the first column rule) in its first cell — not as a line of
/// text after the row's other figures. (The rule over the header, a
/// group of its own, makes no table: the header is a line above it.)
#[test]
fn row_rules_reaching_past_the_column_rules_bound_the_table() {
    let blocks = first_page_blocks("row_rules_past_columns.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "Ministry/Demand Plan Non-Plan Total (In crores)",
            "MINISTRY OF POSTAL AFFAIRS 1286.70 513.30|6907.76 5.00|8712.76| / \
             1. Department of Posts 286.70 513.30|6907.76 5.00|7712.76|53-54 / \
             2. Department of Telegraphs 1000.00 ...|... ...|1000.00|55-58"
        ]
    );
}

/// Headings between two ruled tables whose numbers stand left of the
/// tables' left rule: the grid of both tables (their right rule runs on
/// between them) spans them, but no rule draws its left edge at their
/// height, so each is read whole, as a line between the tables, not cut
/// at the edge (`2` and `(1)` as lines, the rest as rows).
#[test]
fn a_line_starting_left_of_a_tables_edge_where_no_rule_runs_is_read_whole() {
    let blocks = first_page_blocks("heading_beside_tables.pdf", |table| {
        format!("table of {} rows", table.rows.len())
    });
    assert_eq!(
        blocks,
        [
            "table of 2 rows",
            "2 The new search service",
            "(1) Contents",
            "table of 2 rows"
        ]
    );
}

/// Two ruled tables one above the other with different columns, a note
/// and a heading between them, an underlined title and a footer's rule:
/// each table keeps its own columns, and the note and the heading are
/// lines between them (one grid over all the rules made one table of
/// eight columns, the note and the heading one of its rows).
#[test]
fn tables_one_above_the_other_keep_their_own_columns() {
    let blocks = first_page_blocks("stacked_tables.pdf", |table| {
        format!("{} columns: {}", table.columns.len() - 1, rows_of(table))
    });
    assert_eq!(
        blocks,
        [
            "Ward budget summary",
            "3 columns: Revenue|2023|2024 / Taxes|1,204|1,310 / Fees|312|298",
            "Note: 2024 figures are estimates.",
            "2 Expenditure",
            "4 columns: Item|2023|2024|Change / Staff|800|820|+2.5%",
            "- 1 -",
        ]
    );
}

/// Two tables beside each other, of different rows, a caption under
/// each on one baseline: each table read whole with its own columns, left
/// first, its caption after it (one grid over both had interleaved their
/// rows, and the captions were one line after both). One table set apart
/// by an unruled spacer column, its rows across it, stays one table.
#[test]
fn tables_side_by_side_are_read_one_after_the_other() {
    let blocks = first_page_blocks("side_by_side_tables.pdf", |table| {
        format!("{} columns: {}", table.columns.len() - 1, rows_of(table))
    });
    assert_eq!(
        blocks,
        [
            "5 Counter use",
            "2 columns: Window|Count / Residents|1,230 / Family|450 / Tax|780",
            "(by window)",
            "2 columns: Month|Count / Apr|210 / May|198 / Jun|240 / Jul|225 / Aug|189",
            "(by month)",
            "6 Districts",
            "5 columns: Ward|People||Change|Homes / North|12,300|101.2%|6,010",
        ]
    );
}

/// A schedule ruled between its quarters only, each cell of a quarter a
/// list of three entries on shared baselines: a row per entry (a
/// quarter had been one row, `Apr May Jun`); a band whose event is a
/// paragraph of full lines, its office one line, stays one row.
#[test]
fn a_band_of_cells_listing_an_entry_a_line_is_a_row_per_line() {
    let blocks = first_page_blocks("grouped_schedule.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "Month|Event|Office / Apr|Briefing session|Planning / May|Call for groups|Planning \
             / Jun|Selection panel|General / Jul|Agreements signed|General / Aug|Site survey|\
             Facilities / Sep|Interim report|Planning / Oct|Results are presented to the\n\
             residents and the survey of the\nusers is summed up in a report.|Public"
        ]
    );
}

/// A table with horizontal rules only (booktabs), its rows one line each at
/// one pitch, its figures right-aligned under a header wider than them:
/// each line is a row of four cells, and the note and the source under its
/// bottom rule are the page's lines (the whole table had been one row, each
/// column's figures one cell, the note and the source in its first).
#[test]
fn a_booktabs_table_at_one_pitch_is_read_a_row_per_line() {
    let blocks = first_page_blocks("booktabs_table.pdf", |table| {
        format!("{} columns: {}", table.columns.len() - 1, rows_of(table))
    });
    assert_eq!(
        blocks,
        [
            "Table 3. Visitors by facility",
            "4 columns: Facility|FY2022|FY2023|Change (%) / City Museum|84,210|91,305|8.4 / \
             Botanical Garden|120,448|118,930|-1.3 / Science Hall|45,902|52,117|13.5 / \
             Sports Arena|98,765|110,230|11.6",
            "Note: FY2023 figures are provisional.",
            "Source: ward tourism survey.",
        ]
    );
}

/// A table without any rule, at one pitch, its figures right-aligned (three
/// and four digits: no start recurs in four rows), a note at the same pitch
/// running across its columns: a row per line, the note a line (the table
/// had been read as lines of text).
#[test]
fn an_unruled_table_of_right_aligned_figures_is_a_table() {
    let blocks = first_page_blocks("unruled_one_pitch.pdf", |table| {
        format!("{} columns: {}", table.columns.len() - 1, rows_of(table))
    });
    assert_eq!(
        blocks,
        [
            "Table 9. Bus riders by route (thousands)",
            "4 columns: Route|2022|2023|2024 / 1 Central Loop|812|845|901 / \
             7 University|1,204|1,310|1,356 / 22 Night Owl|74|81|95",
            "Route 22 runs on Friday and Saturday nights only.",
        ]
    );
}

/// A slide with a white background filling the page: its edges are no
/// table's, so the title, the bullet and the slide's number are lines and
/// the small ruled table a table of its own (rev83 r38: one grid around
/// the page held them all, the title, bullet and number one cell).
#[test]
fn a_background_filling_the_page_bounds_no_table() {
    let blocks = first_page_blocks("slide_background.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "Progress of the ward's projects",
            "- Two of three projects met their goal",
            "Project|Result / Hazard map|100%",
            "3",
        ]
    );
}

/// Helvetica named without /Widths (a standard 14 font): its glyphs take
/// Helvetica's own widths, so each name stays in its cell (at half an em a
/// glyph, `Hill` and `retrofit` ran past the column rule into the next
/// cell; rev83 r37).
#[test]
fn a_standard_font_without_widths_is_measured_by_its_own_metrics() {
    assert_eq!(
        first_table("standard_font_widths.pdf"),
        [
            ["Pitt Street lift, Little Hill", "3,200"],
            ["Trail lights (Hilltop) retrofit", "940"]
        ]
    );
}

/// The standard faces under the names office software gives them (Arial
/// for Helvetica, Times New Roman for Times), as TrueType fonts without
/// /Widths, are measured by the standard faces' metrics: each glyph had
/// advanced by half an em, and the last word of a cell ran into the next
/// cell's figures (`H3i,l2l00`).
#[test]
fn office_names_of_standard_fonts_are_measured_by_their_metrics() {
    assert_eq!(
        first_table("standard_font_aliases.pdf"),
        [
            ["Pitt Street lift, Little Hill", "3,200"],
            ["Trail lights (Hilltop) retrofit", "940"]
        ]
    );
}

/// Note marks set small and raised after a title and in header cells are
/// read in their line, after their word (they had been lines of their
/// own, read before it: `*1` over the title, `*2 Population`); a word as
/// short and small set higher, above the line's middle (ruby), stays a
/// line of its own.
#[test]
fn superscripts_are_read_in_their_line() {
    let blocks = first_page_blocks("superscript_notes.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "ruby",
            "Table 7. Population by district*1",
            "District|Population*2 / Central|24,310",
            "*1 As of 1 October.",
            "*2 Foreign residents included.",
        ]
    );
}

/// Ruby (readings in kana at half size, their baseline on the line's top)
/// and emphasis marks over a cell's paragraph are set aside with what
/// they stand over, and the paragraph reads as printed (the readings had
/// been lines of the cell between its lines: rev98 h1, b_chr), and so is
/// ruby set 0.4 of its base's size above it, as LibreOffice sets it
/// (rev101 l01), readings over letters and over katakana (rev101 r04,
/// r12), and a reading twice as wide as its base, over the room the
/// writer opened in its line (rev112 r06: the reading had been a line of
/// its own, `来庁者の 窓口 での` under it). Small print set right on a
/// line's top but with kanji among its kana, and small kana a leading
/// above a line, are lines as they were; so are a small katakana label on
/// a line's top (rev101 r09) and a katakana reading, which the layout
/// lists apart as such.
#[test]
fn ruby_and_emphasis_marks_are_set_aside_with_what_they_stand_over() {
    let layout = plansheet_pdf::layout(&read("ruby.pdf").pages);
    let ruby: Vec<(&str, &str)> = layout[0]
        .ruby
        .iter()
        .map(|r| (r.text.as_str(), r.base.as_str()))
        .collect();
    assert_eq!(
        ruby,
        [
            ("はんぼうき", "繁忙期"),
            ("﹅﹅", "受付"),
            ("みなお", "見直"),
            ("てつづき", "手続"),
            ("えすでぃーじーず", "ＳＤＧｓ"),
            // (The glyphs under the reading: centred and half as wide as
            // its base, it names the middle four.)
            ("わんすとっぷ", "ンストッ"),
            ("まどぐちのかかり", "窓口"),
        ]
    );
    let katakana: Vec<(&str, &str)> = layout[0]
        .katakana_ruby
        .iter()
        .map(|r| (r.text.as_str(), r.base.as_str()))
        .collect();
    assert_eq!(katakana, [("ポイント", "窓口案"), ("マドグチ", "窓口")]);
    let blocks = first_page_blocks("ruby.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "令和6年度 取組の状況",
            "部署名|目標及び具体的な取組内容 / 区民課|繁忙期の待ち時間を短くするため、窓口の\n配置と受付の流れを見直します。",
            "お問い合わせは区民課へ",
            "電話番号は代表番号です。",
            "ふりがな",
            "氏名欄",
            "ポイント",
            "窓口案内を見直します。",
            "手続の案内を改善します。",
            "ＳＤＧｓの目標を示します。",
            "ワンストップ窓口を設けます。",
            "来庁者の窓口での待ち時間を短くします。",
            "マドグチ",
            "窓口の配置を見直します。",
        ]
    );
    // A page without small text has no ruby.
    let plain = plansheet_pdf::layout(&read("outline_indents.pdf").pages);
    assert!(plain[0].ruby.is_empty());
}

/// Pages as wkhtmltopdf slices one tall page onto them: a white box
/// filling each page's text area draws nothing, and its edges bound no
/// table (they had made a column of the page, and a frame of the table);
/// a line the page break cuts, drawn on both pages under each one's clip,
/// is read once, on the page that holds its middle (it had been read on
/// both: rev99 wk2_*, a row's line twice, `電話対応対応`).
#[test]
fn a_white_box_bounds_nothing_and_a_line_cut_by_the_page_break_is_read_once() {
    let layout = plansheet_pdf::layout(&read("page_slices.pdf").pages);
    let blocks: Vec<Vec<String>> = layout
        .iter()
        .map(|page| {
            page.blocks
                .iter()
                .map(|b| match b {
                    plansheet_pdf::Block::Line(line) => line.text.clone(),
                    plansheet_pdf::Block::Table(t) => rows_of(t),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        blocks,
        [
            vec!["Unit|Goal / Planning|Revise the ward's guide / Welfare|Staff the help desk"],
            vec!["Records|Shorten the waiting time"],
        ]
    );
}

/// White rules on a coloured band are a table's rules (rev101 w03: the
/// white fills had been dropped, every rule with them, an outline `ok`);
/// a white box filled over text drawn before it hides that text, which is
/// left out and counted (rev101 w05: a correction's old words had been
/// read into the result).
#[test]
fn white_rules_on_colour_stand_and_a_white_box_hides_the_text_under_it() {
    let pdf = read("white_boxes.pdf");
    assert_eq!(pdf.pages_with(Fault::CoveredText), [1]);
    let blocks = first_page_blocks("white_boxes.pdf", rows_of);
    assert_eq!(
        blocks,
        ["Unit|Result / Planning|Done", "Opened a second desk"]
    );
}

/// A page set in two columns of prose, the right column's baselines
/// between the left's, a paragraph running from the foot of the left
/// column to the head of the right, the page number in the gutter on the
/// left column's last baseline: read column by column, the page number
/// after them (the lines had been read by height, left and right
/// interleaved, the last row with the number inside it).
#[test]
fn two_columns_of_prose_are_read_column_by_column() {
    let blocks = first_page_blocks("two_columns.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "令和6年度 架空区地域福祉推進計画",
            "1 計画の目的",
            "地域の見守りについては、区民の皆さんの利便性",
            "を高めるため、関係部署と連携しながら段階的に改",
            "善を進めます。あわせて、見守りに関するご意見を",
            "定期的に把握し、翌年度の取組に反映させる仕組み",
            "を整えます。",
            "2 計画の期間",
            "本計画の期間は、令和6年度から令和8年度まで",
            "の3年間とします。計画の期間中に社会の状況が大",
            "きく変わったときは、区政会議のご意見を聞きなが",
            "ら、必要に応じて計画を見直します。見直した計画",
            "は、区のホームページでお知らせします。",
            "3 推進体制",
            "区長を本部長とする推進本部を置き、各課の取組",
            "の状況を年に2回確かめます。確かめた結果は区政",
            "会議に報告し、いただいたご意見を翌年度の取組に",
            "生かします。",
            "1",
        ]
    );
}

/// The dump of pages in columns: a column's wrapped lines are one line,
/// the paragraph running from the left column into the right too, its
/// indent counted from its column's margin; a heading stays apart from
/// the paragraph ending above it in the other column. A date set over the
/// right column, a line above it, is read before the columns (it had
/// been the right column's first line, after the whole left one); a
/// heading under the columns after a gap, short of the left column, after
/// them (it had been read between them). Lines not in columns stay as
/// printed: a form's labels beside paragraphs (page 2), a paragraph
/// across the page (page 3).
#[test]
fn the_dump_of_columns_joins_their_wrapped_lines() {
    let text = text("two_columns.pdf");
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let section = |heading: &str| {
        let at = lines.iter().position(|l| *l == heading).unwrap();
        lines[at + 1]
    };
    assert_eq!(
        section("2 計画の期間"),
        "\u{3000}本計画の期間は、令和6年度から令和8年度までの3年間とします。計画の期間中に\
         社会の状況が大きく変わったときは、区政会議のご意見を聞きながら、必要に応じて計画を\
         見直します。見直した計画は、区のホームページでお知らせします。"
    );
    assert_eq!(
        section("3 推進体制"),
        "\u{3000}区長を本部長とする推進本部を置き、各課の取組の状況を年に2回確かめます。\
         確かめた結果は区政会議に報告し、いただいたご意見を翌年度の取組に生かします。"
    );
    assert!(lines.contains(&"目的 を高めるため、関係部署と連携しながら段階的に改"));
    assert!(lines.contains(&"善を進めます。あわせて、見守りに関するご意見を"));
    let page3 = lines
        .iter()
        .position(|l| *l == "区立公園再整備の考え方")
        .unwrap();
    assert_eq!(
        lines[page3..],
        [
            "区立公園再整備の考え方",
            "令和6年3月 福祉部",
            "はじめに",
            "\u{3000}公園の再整備にあたっては、近隣の保育園や高齢者施設の意見を聞きながら、\
             誰もが使いやすい設計とします。",
            "整備の方針",
            "\u{3000}防犯カメラの設置については、プライバシーへの配慮を徹底したうえで、町会の\
             申請に基づき補助を行います。図書館では電子書籍の貸出サービスを開始し、来館が\
             難しい方でも本に親しめる環境を整えました。駐輪場の整備も進めます。",
            "今後の取組",
            "\u{3000}区立小中学校の校舎の多くは築五十年を迎えつつあり、計画的な改築と長寿命化\
             改修が必要で",
            "す。",
        ]
    );
}

/// A newsletter's page in three columns of prose, a title over the
/// middle one, paragraphs running from the foot of one column to the head
/// of the next: read column by column, left to right, after the title,
/// and dumped with each paragraph one line (the page had been read as a
/// table of three columns, each line a row, the title inside the middle
/// column).
#[test]
fn three_columns_of_prose_are_read_column_by_column() {
    let blocks = first_page_blocks("three_columns.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "区政だより 特集",
            "1 計画の目的",
            "区民一人ひとりが住み慣れ",
            "た地域で安心して暮らし続け",
            "られるよう、区の福祉施策の",
            "方向性を示すものです。地域",
            "の見守りについては、関係部",
            "署と連携しながら段階的に改",
            "善を進めます。",
            "計画は区政会議のご意見を",
            "聞いて定めました。",
            "2 計画の期間",
            "令和六年度から令和十年度",
            "までの五年間とし、社会の状",
            "況が大きく変わったときは、",
            "区政会議のご意見を聞きなが",
            "ら必要に応じて見直します。",
            "3 推進体制",
            "区長を本部長とする推進本",
            "部を置き、各課の取組の状況",
            "を年に二回確かめます。",
            "確かめた結果は区政会議に",
            "報告し、いただいたご意見を",
            "翌年度の取組に生かします。",
        ]
    );
    let text = text("three_columns.pdf");
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        [
            "区政だより 特集",
            "1 計画の目的",
            "\u{3000}区民一人ひとりが住み慣れた地域で安心して暮らし続けられるよう、区の福祉\
             施策の方向性を示すものです。地域の見守りについては、関係部署と連携しながら段階\
             的に改善を進めます。",
            "\u{3000}計画は区政会議のご意見を聞いて定めました。",
            "2 計画の期間",
            "\u{3000}令和六年度から令和十年度までの五年間とし、社会の状況が大きく変わったとき\
             は、区政会議のご意見を聞きながら必要に応じて見直します。",
            "3 推進体制",
            "\u{3000}区長を本部長とする推進本部を置き、各課の取組の状況を年に二回確かめます。",
            "\u{3000}確かめた結果は区政会議に報告し、いただいたご意見を翌年度の取組に生かし\
             ます。",
        ]
    );
}

/// Two columns most of whose lines are short (a heading, a paragraph's
/// last line, list items), each with a paragraph running down it: read
/// column by column, each paragraph whole (its lines had been read across
/// the gutter, the left column's paragraph interleaved with the right's,
/// and a list item of each column one item: rev89).
#[test]
fn columns_of_short_lines_are_read_column_by_column() {
    let blocks = first_page_blocks("short_line_columns.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "地域の行事予定",
            "春の行事",
            "地域の祭りや伝統行事を次の世代に引き継",
            "ぐため、記録映像の作成と担い手の育成を支",
            "援します。",
            "・花見の会",
            "・清掃活動",
            "・防災訓練",
            "秋の行事",
            "河川沿いの遊歩道は、地域の方々の散策路",
            "として親しまれており、桜の季節には多くの",
            "人でにぎわいます。",
            "・区民まつり",
            "・敬老のつどい",
            "・もちつき大会",
        ]
    );
}

/// A table without rules whose three columns are all prose (full lines,
/// sentences), its cells' paragraphs ending where its rows do: one table
/// of a header and three rows (the newsletter's test had read it column by
/// column, every cell a paragraph: rev94).
#[test]
fn a_table_of_prose_without_rules_stays_a_table() {
    let blocks = first_page_blocks("prose_table.pdf", |t| {
        let rows: Vec<String> = t
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| c.text().chars().take(6).collect::<String>())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        rows.join(" / ")
    });
    assert_eq!(
        blocks,
        [
            "取組|目標|結果 / 窓口の案内係|来庁者アンケ|満足度は八十 / 電話の応対に|研修の受講率|受講率は九十 / 区のホームペ|手続案内の閲|閲覧数は一割"
        ]
    );
}

/// The blocks of a fixture's first page: a line as its text, a table as
/// `table` puts it.
fn first_page_blocks(name: &str, table: impl Fn(&plansheet_pdf::Table) -> String) -> Vec<String> {
    plansheet_pdf::layout(&read(name).pages)[0]
        .blocks
        .iter()
        .map(|b| match b {
            plansheet_pdf::Block::Line(line) => line.text.clone(),
            plansheet_pdf::Block::Table(t) => table(t),
        })
        .collect()
}

/// A table's rows, each its cells' text joined by `|`, joined by ` / `.
fn rows_of(table: &plansheet_pdf::Table) -> String {
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| c.text())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    rows.join(" / ")
}

/// A table without rules as a spreadsheet prints it (helper-128): the
/// years centred over right-aligned figures, the top-left header cell
/// blank, are the figures' columns' (each had been read a column left); a
/// label wrapped over three lines at the foot of its row is that row's (its
/// first two lines had been the row above's); a total whose first cell is
/// blank is a row of its own, figures under figures (it had joined the row
/// above, `310 1,916` one cell); a note at the rows' pitch, and one opening
/// with `※`, are the page's lines. In English and in Japanese; the English
/// foot label, going on with a lowercase letter, is counted in doubt.
#[test]
fn an_unruled_tables_centred_header_foot_labels_totals_and_notes_are_read() {
    let blocks = first_page_blocks("unruled_totals_and_notes.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "Table 2. Consultations by service",
            "|Section|FY2022|FY2023 / Legal advice|Civic|402|388 / \
             Consultations on\nhousing for older\nresidents|Welfare|1,204|1,350 / \
             Tax counselling|Tax|310|295 / |Total|1,916|2,033",
            "Note: provisional.",
        ]
    );
    let blocks = first_page_blocks("unruled_ja_foot_labels.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "相談の内訳",
            "内容|令和５年度|令和６年度 / 法律相談|402|388 / \
             高齢者の住まいと介護に\n関する相談（電話を含む\n）|1,204|1,350 / \
             子育て相談|2,118|2,240",
            "※端数は四捨五入",
        ]
    );
    // The English foot label goes on with a lowercase letter, as a label
    // may open (`e-Tax`): read so, and counted; the Japanese one with
    // `）`, which no label opens with.
    let doubted = |name: &str| per_page(name, |p| p.unruled_wraps_in_doubt);
    assert_eq!(doubted("unruled_totals_and_notes.pdf"), 1);
    assert_eq!(doubted("unruled_ja_foot_labels.pdf"), 0);
}

/// A header of two lines, years centred over the counts and shares they
/// span, each of those centred over its right-aligned figures, is two
/// header rows, the years starting the columns they span and the counts
/// and shares over their own (helper-128: the second line had been read a
/// column left, or joined to the first, `令和5年度件数`).
#[test]
fn an_unruled_header_of_two_lines_is_two_rows() {
    let blocks = first_page_blocks("unruled_two_row_header.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "Table 3. Visits by type",
            "Type|FY2022||FY2023| / |Visits|Share|Visits|Share / \
             Walk-in|4,120|52.1%|4,302|51.8% / Phone|2,751|34.8%|2,883|34.7% / \
             Online|1,034|13.1%|1,120|13.5%",
        ]
    );
}

/// A label alone under a row with its figures, short enough to have stood
/// on the line above (`of which urgent` under `Road repairs`), may be a
/// row of its own leaving its figures blank, or that label's wrap: read as
/// the wrap, it is counted (a warning), not passed over.
#[test]
fn an_unruled_line_that_may_be_a_row_is_counted() {
    let blocks = first_page_blocks("unruled_rows_in_doubt.pdf", rows_of);
    assert_eq!(
        blocks,
        [
            "Requests received",
            "Kind|2023|2024 / Road repairs\nof which urgent|1,120|1,245 / Parks|310|298 / \
             Noise|88|91",
        ]
    );
    assert_eq!(
        per_page("unruled_rows_in_doubt.pdf", |p| p.unruled_wraps_in_doubt),
        1
    );
    // A label's wrap where no room was left is no doubt.
    assert_eq!(
        per_page("unruled_blank_cells.pdf", |p| p.unruled_wraps_in_doubt),
        0
    );
}

/// What `count` finds on every page of a fixture's layout, summed.
fn per_page(name: &str, count: impl Fn(&plansheet_pdf::PageLayout) -> usize) -> usize {
    plansheet_pdf::layout(&read(name).pages)
        .iter()
        .map(count)
        .sum()
}

/// Lines outside a table on the baseline of text in its cells are
/// counted: labels left of the boxes their values are in, row names left
/// of the first column rule. Where the row rules reach past the column
/// rules, or no rule draws the edge a heading crosses, the table or the
/// line takes them, and none is left beside it.
#[test]
fn lines_beside_a_tables_cells_are_counted() {
    let beside = |name: &str| per_page(name, |p| p.lines_beside_table);
    // Four labels (one set a little above its value), two row names.
    assert_eq!(beside("labels_beside_boxes.pdf"), 6);
    for whole in [
        "row_rules_past_columns.pdf",
        "heading_beside_tables.pdf",
        "cell_border_words.pdf",
        "shared_band_rows.pdf",
        "boxes_in_box.pdf",
    ] {
        assert_eq!(beside(whole), 0, "{whole}");
    }
}

/// A band of figure columns read line by line: a line with a row's label
/// and no figure (the label wrapped) is counted, as it may finish the row
/// above or begin the one below; a band of whole rows has none.
#[test]
fn a_label_line_without_figures_in_a_figures_band_is_counted() {
    let bare = |name: &str| per_page(name, |p| p.lines_without_figures);
    assert_eq!(bare("wrapped_label_figures.pdf"), 1);
    assert_eq!(bare("shared_band_rows.pdf"), 0);
    assert_eq!(bare("shared_band_rows.reportlab.pdf"), 0);
}

/// Rows parted by dotted rules drawn as 2-point dashes, each a segment of
/// its own: each dashed rule is a rule, so each row is a row (the pieces,
/// each too short for a rule, left the body one row of four lines a cell).
#[test]
fn dotted_rules_drawn_as_dashes_part_rows() {
    let rows = first_table("dotted_row_rules.pdf");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[1], ["General", "Aoi Kanda", "2101"]);
    assert_eq!(rows[4], ["Archives", "Kai Ueda", "2104"]);
}

/// Words across a border two cells share where no rule is drawn, with
/// text on their line on both sides, are counted: boxes inside a box, not
/// a table; names that start left of a drawn rule are not.
#[test]
fn words_across_borders_no_rule_draws_are_counted() {
    let across = |name: &str| per_page(name, |p| p.words_across_unruled);
    // In each of the two entries, the name's first word lies across the
    // serial box's right edge, which runs no further down; the other
    // labels are parted from their values at a gap, with no word across.
    assert_eq!(across("boxes_in_box.pdf"), 2);
    for ruled in [
        "cell_border_words.pdf",
        "cell_border_words.reportlab.pdf",
        "shared_band_rows.pdf",
    ] {
        assert_eq!(across(ruled), 0, "{ruled}");
    }
}

#[test]
fn rows_sharing_a_ruled_band_are_rows_and_a_header_across_rules_is_whole() {
    let rows = first_table("shared_band_rows.pdf");
    // The group header crosses two column rules and is not cut.
    assert_eq!(rows[0][2], "Returned/Disposition\nLong Gun");
    let states: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        states,
        ["Alabama", "Alaska", "Arizona", "Arkansas", "California"]
    );
    assert_eq!(rows[1], ["Alabama", "2,179", "2,307", "11"]);
}

#[test]
fn text_outside_a_clipping_path_is_not_read() {
    assert_eq!(
        text("clipped.pdf"),
        "Shown\n\nInside the clip\n\nShown after Q\n\n"
    );
}

#[test]
fn a_chart_is_not_read_as_a_ruled_table() {
    // The bars' edges make a grid of rules, nearly all of it merged cells:
    // no ruled table; each age group stays on the line with its value.
    let pdf = read("chart_beside_prose.pdf");
    let layout = plansheet_pdf::layout(&pdf.pages);
    let ruled = layout[0].blocks.iter().any(|b| match b {
        plansheet_pdf::Block::Table(t) => !t.unruled,
        plansheet_pdf::Block::Line(_) => false,
    });
    assert!(!ruled);
    let text = to_text(&pdf.pages).text;
    for pair in ["Under 15\t8.4", "45 to 54\t19.7", "75 to 79\t53.6"] {
        let (label, value) = pair.split_once('\t').unwrap();
        assert!(
            text.lines().any(|l| l.contains(label) && l.contains(value)),
            "{label} {value}: {text}"
        );
    }
}

#[test]
fn reportlab_names_drawn_across_a_rule_stay_whole() {
    // The same property from another producer: reportlab's Helvetica, names
    // starting a glyph or two left of their column's rule.
    let rows = first_table("cell_border_words.reportlab.pdf");
    let names: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.iter().map(String::as_str))
        .collect();
    for name in ["Rajinder Kumar", "Vinod Kumar Sethi", "Sohan Lal Gupta"] {
        assert!(names.contains(&name), "{name}: {rows:?}");
    }
}

#[test]
fn reportlab_states_in_one_band_are_rows_and_a_wrapped_header_is_whole() {
    let rows = first_table("shared_band_rows.reportlab.pdf");
    assert!(
        rows[0].iter().any(|c| c == "Returned/\nDisposition"),
        "{:?}",
        rows[0]
    );
    assert_eq!(rows.len(), 13, "{rows:?}");
    assert_eq!(rows[1][0], "Alabama");
    assert_eq!(rows[12][0], "Guam");
}

#[test]
fn a_tagged_pdf_with_object_streams_reads_whole() {
    assert_eq!(
        text("tagged_object_streams.pdf"),
        "Tagged first paragraph\n\nTagged second paragraph\n\nTagged third paragraph\n\n"
    );
}

/// The text after an inline image is read whatever its data holds: `EI`
/// inside it or glued to its end (unfiltered), or glued to an ASCIIHex or
/// ASCII85 end marker; no page is damaged.
#[test]
fn text_after_inline_images_is_read_and_the_pages_are_whole() {
    let pdf = read("inline_images.pdf");
    assert_eq!(pdf.damaged_pages, [] as [u32; 0]);
    assert_eq!(
        to_text(&pdf.pages).text,
        "Before the images\nAfter EI inside the data\nAfter EI glued to the data\n\n\
         After an ASCIIHex image\nAfter an ASCII85 image\n\n"
    );
}

/// Each text operator reads its last operands, as a viewer does: stray
/// ones before them lose no text.
#[test]
fn stray_operands_before_an_operators_own_lose_no_text() {
    let pdf = read("stray_operands.pdf");
    assert_eq!(pdf.damaged_pages, [] as [u32; 0]);
    assert_eq!(
        to_text(&pdf.pages).text,
        "Before the stray operands\nAfter a number before Tj\nAfter two fonts to Tf\n\
         After three operands to Td\nAfter seven operands to Tm\n\n"
    );
}

/// A form XObject that draws itself, and two that draw each other, are
/// read at once, each text once, as a viewer reads them.
#[test]
fn forms_that_draw_themselves_are_read_once_and_at_once() {
    let started = std::time::Instant::now();
    let pdf = read("form_recursion.pdf");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert_eq!(
        (pdf.truncated.as_deref(), &pdf.damaged_pages[..]),
        (None, &[][..])
    );
    assert_eq!(
        to_text(&pdf.pages).text,
        "Before the forms\n\nDrawn by a form that draws itself\nDrawn by a form its partner draws\n\n\
         After the forms\n\n"
    );
}

/// Forms that fan out (111,111 on one page) stop at the page's limit,
/// which the reading reports; the page's own text is read.
#[test]
fn forms_past_the_limit_of_a_page_are_reported() {
    let started = std::time::Instant::now();
    let pdf = read("form_fan_out.pdf");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert_eq!(
        pdf.truncated.as_deref(),
        Some("page 1 drew more than 10000 form XObjects; the rest were not drawn")
    );
    assert_eq!(
        to_text(&pdf.pages).text,
        "Before the forms\n\nDrawn by the first form\n\nAfter the forms\n\n"
    );
}

/// Streams that decompress past 64 MiB (`oversized_streams.pdf`): a
/// background form eight pages share, four pages' own content, a content
/// stream seventeen pages share (two more add content of their own to
/// it). Each is inflated once and not read; every page's own text is
/// read, the ordinary pages after them too (inflating each stream at each
/// use, 31 times, passes the document's 1 GiB and loses them), and the
/// note counts what was not read.
#[test]
fn streams_too_large_to_decompress_are_tried_once_and_skipped() {
    let pdf = read("oversized_streams.pdf");
    let text: Vec<String> = pdf
        .pages
        .iter()
        .map(|p| to_text(std::slice::from_ref(p)).text.trim().to_owned())
        .collect();
    let mut expected: Vec<String> = (1..=8)
        .map(|k| format!("Page {k} over the background"))
        .collect();
    expected.extend(std::iter::repeat_n(String::new(), 4 + 17));
    expected.extend((30..=31).map(|k| format!("Page {k} after the shared stream")));
    expected.extend((32..=34).map(|k| format!("Ordinary page {k}")));
    assert_eq!(text, expected);
    assert_eq!(
        pdf.truncated.as_deref(),
        Some(
            "a stream larger than 64 MiB decompressed (a page's content streams together) was not \
             read, 31 times (the first on page 1)"
        )
    );
}

/// A fault fixture (`fixtures/faults/`, written by `fixtures/make_pdfs.py`).
fn fault(name: &str) -> Pdf {
    load("faults", name)
}

/// Streams read damaged are read as far as they go and named by page, and
/// so are text with no font and objects the file does not hold; a wrong
/// checksum alone is named apart; a stream ended by a flush is whole.
#[test]
fn damaged_streams_and_lost_objects_are_named_by_page() {
    let lines = |pdf: &Pdf| {
        to_text(&pdf.pages)
            .text
            .lines()
            .filter(|l| !l.is_empty())
            .count()
    };
    for name in ["flate_cut.pdf", "lzw_cut.pdf"] {
        let cut = fault(name);
        assert_eq!(cut.pages_with(Fault::DamagedStream), [1], "{name}");
        let read = lines(&cut);
        assert!(read > 5 && read < 60, "{name}: {read} lines");
    }
    let sum = fault("flate_checksum.pdf");
    assert_eq!(
        (
            sum.pages_with(Fault::DamagedStream),
            sum.pages_with(Fault::ChecksumMismatch)
        ),
        (&[][..], &[1][..])
    );
    assert!(to_text(&sum.pages).text.contains("line 7 of the page"));
    let flushed = fault("flate_sync_flush.pdf");
    assert_eq!(
        (lines(&flushed), flushed.pages_with(Fault::DamagedStream)),
        (60, &[][..])
    );
    assert_eq!(fault("unknown_font.pdf").pages_with(Fault::Fontless), [1]);
    assert_eq!(
        fault("missing_form.pdf").pages_with(Fault::MissingObject),
        [1]
    );
    assert_eq!(
        fault("missing_content.pdf").pages_with(Fault::MissingObject),
        [1]
    );
}

/// A table without rules at one pitch whose rows leave a year's figure
/// blank, its header's words centred over right-aligned figures: a row
/// per label, the label wrapped where its next word would not fit kept
/// in its row, the header a word a column (helper-123's pdf_ind02,
/// pdf_ind03: every row after the first had been its wraps, each
/// column's figures one cell, and the header's first two words one cell);
/// a figure of a column whose figures are of one width, under another,
/// no wrap (helper-127).
#[test]
fn an_unruled_table_with_blank_cells_is_read_a_row_per_label() {
    let blocks = first_page_blocks("unruled_blank_cells.pdf", |table| {
        format!("{} columns: {}", table.columns.len() - 1, rows_of(table))
    });
    assert_eq!(
        blocks,
        [
            "Counter service indicators",
            "5 columns: Indicator|FY2019|FY2020|FY2021|Rate / \
             Visitors|152,340|98,210|120,455|14.81 / \
             Average waiting time per\nvisitor (min)|18||15| / Satisfaction|82.1%|85.0%||17.10 / \
             Complaints||12|9|12.05"
        ]
    );
}
