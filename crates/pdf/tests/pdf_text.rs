//! Text from the PDFs of `fixtures/pdf-text/` (written by
//! `fixtures/make_pdf_text.py`), one property of real producers' files
//! each: simple-font encodings and glyph names, broken ToUnicode maps and
//! undecodable glyphs.

// A panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use plansheet_pdf::{Pdf, read_pdf, to_text};

fn read(name: &str) -> Pdf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pdf-text")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_pdf(&bytes).unwrap()
}

fn text(name: &str) -> String {
    to_text(&read(name).pages).text
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
