//! One call from the bytes of a plan sheet to its [`Document`]: decode
//! (`plansheet-text`), then detect the layout and parse it
//! (`plansheet-layout`), then fill in where the document came from.
//!
//! It does not read files, write JSON or run anything in parallel; the
//! `plansheet` binary (crate `plansheet-cli`) does.
//!
//! ```
//! let doc = plansheet::extract("sheet.txt", "令和4年度向上指針取組シート\n".as_bytes()).unwrap();
//! assert_eq!(doc.source.bytes, 41);
//! assert_eq!(doc.metadata.fiscal_year.unwrap().gregorian, 2022);
//! // Not a goal sheet: it comes out as an outline, its one line the title.
//! assert_eq!(doc.layout.name, plansheet::model::LayoutName::Outline);
//! assert_eq!(doc.metadata.title.as_deref(), Some("令和4年度向上指針取組シート"));
//! ```

#![deny(missing_docs)]

use plansheet_model::{
    Coverage, Diagnostic, DiagnosticCode, Document, Fragment, Level, LineSpan, PageBox, Reason,
    Source, SourceFormat, Status,
};
use sha2::{Digest, Sha256};

use plansheet_layout::{GridLine, GridRow};
pub use plansheet_model as model;
use plansheet_pdf::is_pdf;
pub use plansheet_text::DecodeError;

/// The version written into every document and report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why an input produced no document at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The bytes are not text in any supported encoding (or there are none).
    #[error("{path}: {source}")]
    Decode {
        /// The input's path.
        path: String,
        /// What was wrong.
        source: DecodeError,
    },
    /// The PDF could not be read.
    #[error("{path}: {source}")]
    Pdf {
        /// The input's path.
        path: String,
        /// What was wrong.
        source: plansheet_pdf::PdfError,
    },
}

impl ExtractError {
    /// The reason for the run report (`empty_file`, `not_text`, `encrypted` …).
    pub fn reason(&self) -> Reason {
        use plansheet_pdf::PdfError;
        use plansheet_text::DecodeError;
        match self {
            ExtractError::Decode { source, .. } => match source {
                DecodeError::Empty => Reason::EmptyFile,
                _ => Reason::NotText,
            },
            ExtractError::Pdf { source, .. } => match source {
                PdfError::Empty => Reason::EmptyFile,
                PdfError::NotPdf => Reason::NotPdf,
                PdfError::Encrypted => Reason::Encrypted,
                _ => Reason::Diagnostic(DiagnosticCode::Damaged),
            },
        }
    }

    /// What went wrong, without the path (for reports that list the path
    /// beside it).
    pub fn detail(&self) -> String {
        match self {
            ExtractError::Decode { source, .. } => source.to_string(),
            ExtractError::Pdf { source, .. } => source.to_string(),
        }
    }
}

/// Whether an input is read as a PDF: its bytes (at least the first 1024)
/// start with a PDF header, or its name ends in `.pdf` (a file so named
/// without a header is then reported `not_pdf` rather than read as text).
pub fn reads_as_pdf(path: &str, head: &[u8]) -> bool {
    is_pdf(head) || path.to_ascii_lowercase().ends_with(".pdf")
}

/// Lower-case hex SHA-256 of `bytes`.
///
/// ```
/// assert_eq!(
///     plansheet::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    // A digit at a time from a table: a `format!` per byte cost more than
    // the hash of a small input.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(bytes) {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    hex
}

/// Converts one input. `path` is only recorded, never opened; a file named
/// `.pdf` or starting with a PDF header is read as a PDF.
pub fn extract(path: &str, bytes: &[u8]) -> Result<Document, ExtractError> {
    if reads_as_pdf(path, bytes) {
        return extract_pdf(path, bytes);
    }
    let decoded = plansheet_text::decode(bytes).map_err(|source| ExtractError::Decode {
        path: path.to_owned(),
        source,
    })?;
    let parsed = plansheet_layout::parse(&decoded.text);
    let diagnostics = decode_diagnostics(bytes, &decoded);
    let source = Source {
        path: path.to_owned(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        format: SourceFormat::Text,
        encoding: Some(decoded.encoding),
        bom: decoded.bom,
        line_ending: Some(decoded.line_ending),
        pages: None,
    };
    Ok(document(source, parsed, diagnostics))
}

/// What decoding a text input lost: its undecodable bytes (the first ones
/// each with its offset and line, the rest counted), and text that reads
/// as decoded in the wrong encoding.
fn decode_diagnostics(bytes: &[u8], decoded: &plansheet_text::Decoded) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::with_capacity(decoded.issues.len());
    for issue in &decoded.issues {
        let hex: Vec<String> = issue.bytes.iter().map(|b| format!("{b:02X}")).collect();
        diagnostics.push(Diagnostic {
            level: Level::Error,
            code: DiagnosticCode::DecodeError,
            message: format!(
                "bytes {} at offset {} are not valid {}; U+FFFD stands in their place",
                hex.join(" "),
                issue.offset,
                decoded.encoding.name()
            ),
            lines: line_of_offset(bytes, issue.offset),
            offset: Some(issue.offset),
        });
    }
    if decoded.issue_count > decoded.issues.len() {
        diagnostics.push(Diagnostic::whole(
            Level::Error,
            DiagnosticCode::DecodeError,
            format!(
                "{} more undecodable byte sequences are not listed",
                decoded.issue_count - decoded.issues.len()
            ),
        ));
    }
    if let Some((last, before)) = decoded.misread.split_last() {
        // (Each misreading but the last was saved again as UTF-8.)
        let earlier: String = before
            .iter()
            .map(|m| format!("decoded as {} and saved again as UTF-8, then ", m.name()))
            .collect();
        diagnostics.push(Diagnostic::whole(
            Level::Warning,
            DiagnosticCode::Mojibake,
            format!(
                "the text is UTF-8 that a program {earlier}decoded as {} and saved again as {} \
                 (mojibake): it is read as the UTF-8 it was",
                last.name(),
                decoded.encoding.name()
            ),
        ));
    }
    if let Some((original, misread)) = decoded.misread_legacy {
        use plansheet_text::mojibake::Misreading;
        // (Bytes 80–9F aside, the two read every byte alike.)
        let western = match misread {
            Misreading::Latin1 => "ISO-8859-1 or Windows-1252",
            other => other.name(),
        };
        // (Mac OS Roman reads every byte: it drops none.)
        let dropped = if misread == Misreading::MacRoman {
            ""
        } else {
            "; where that program dropped a byte without a mark, the characters after it may \
             be misread"
        };
        diagnostics.push(Diagnostic::whole(
            Level::Warning,
            DiagnosticCode::Mojibake,
            format!(
                "the text is {} that a program decoded as {western} and saved again as {} \
                 (mojibake): it is read as the {} it was{dropped}",
                original.name(),
                decoded.encoding.name(),
                original.name()
            ),
        ));
    }
    use plansheet_text::mojibake::{Dropped, Unreadable};
    let unreadable = decoded.unreadable.map(|unreadable| match unreadable {
        Unreadable::RareKanji(kanji) if kanji.among_kana => (
            DiagnosticCode::Mojibake,
            format!(
                "{} of the first {} ideographs in the text are rare ones (JIS X 0208's \
                 second level, or none of it), while kana stand beside them as Japanese \
                 sentences set them: the kana kept and the kanji turned to others, as text \
                 misread in another encoding reads (mojibake: EUC-JP read as GBK, UTF-8 read as \
                 EUC-KR), or text in old-form kanji or in another language; read as it stands, \
                 it may be garbled",
                kanji.rare, kanji.counted
            ),
        ),
        Unreadable::RareKanji(kanji) => (
            DiagnosticCode::Mojibake,
            format!(
                "{} of the {} ideographs in the text's first 4 KiB are rare ones \
                 (JIS X 0208's second level, or none of it), with hardly any kana beside them: \
                 not Japanese as a sheet writes it, but as text misread in another encoding \
                 reads (mojibake: UTF-8 read as Shift_JIS, EUC-JP, GBK or Big5, EUC-JP read as \
                 Shift_JIS), or text in another language (Chinese) or in old-form kanji; read \
                 as it stands, it may be garbled",
                kanji.rare, kanji.counted
            ),
        ),
        Unreadable::DroppedLeadBytes { alone, half_width } => (
            DiagnosticCode::Mojibake,
            format!(
                "{alone} of the {half_width} half-width katakana in the text's first 4 KiB stand \
                 alone between Latin letters and symbols, with hardly any kana or kanji beside \
                 them: Shift_JIS text that a program decoded as EUC-JP, dropping the bytes that \
                 did not fit, reads so (mojibake: each kana and kanji lost, its second byte left \
                 as a letter, `・` as `E`, `実` as `ﾀ`); what was lost cannot be read back, and \
                 the text is read as it stands"
            ),
        ),
        Unreadable::ForeignLetters {
            foreign,
            past_ascii,
        } => (
            DiagnosticCode::Mojibake,
            format!(
                "{foreign} of the {past_ascii} characters past ASCII in the text's first 4 KiB \
                 are letters and signs of no Japanese text (box drawing, Greek, Cyrillic, \
                 Latin-1, Hangul, Yi, Thai), more than its ASCII letters, with hardly any kana or \
                 kanji: Japanese text misread in an encoding that has none reads so (mojibake: \
                 UTF-8, Shift_JIS or EUC-JP decoded as CP437, KOI8-R, Mac OS Cyrillic, \
                 Windows-1251 or Windows-874, EUC-JP as ISO-8859-5 or TIS-620, Big5, GBK or \
                 EUC-KR as Windows-1252, EUC-JP as UTF-16), or text in another language; read \
                 as it stands, it may be garbled"
            ),
        ),
        Unreadable::OddHangul(hangul) => (
            DiagnosticCode::Mojibake,
            format!(
                "of the text's first 4 KiB, {} of its {} Hangul syllables are outside KS X \
                 1001's 2,350, which Korean writes all but always, and {} of its {} Hangul \
                 letters are ones Korean no longer writes, standing in words: Japanese text \
                 misread in a Korean encoding reads so (mojibake: Shift_JIS, EUC-JP or UTF-8 \
                 decoded as CP949, EUC-KR or Johab); read as it stands, it may be garbled",
                hangul.outside, hangul.syllables, hangul.old, hangul.letters
            ),
        ),
        Unreadable::Dropped(Dropped::SecondBytes(signs, counted)) => (
            DiagnosticCode::Mojibake,
            format!(
                "the text's first 4 KiB hold hardly any kana or kanji, and {signs} of their \
                 {counted} ASCII letters and signs are `@ [ \\ ] ^ _ ` {{ | }} ~`: what is left \
                 of Shift_JIS, GBK or Big5 text that a program decoded in an encoding that could \
                 not place its bytes past ASCII (UTF-7, ISO-2022-JP, EUC-KR), dropping them — \
                 each kana and kanji lost, a second byte left as a letter or a sign; what was \
                 lost cannot be read back, and the text is read as it stands"
            ),
        ),
        Unreadable::Dropped(Dropped::Figures(written)) => (
            DiagnosticCode::LostCharacters,
            format!(
                "of the {written} characters past white space in the text's first 4 KiB, hardly \
                 any is a kana, a kanji or a letter of any script: figures and signs alone, as \
                 what is left of UTF-8 or EUC-JP text that a program decoded in an encoding that \
                 could not place its bytes past ASCII (ISO-2022-JP, UTF-7), dropping them; no \
                 sheet is written so, and the text is read as it stands"
            ),
        ),
    });
    if let Some((code, message)) = unreadable {
        diagnostics.push(Diagnostic::whole(Level::Warning, code, message));
    }
    // The line (1-based) of a byte offset into the text.
    let line = |at: Option<usize>| at.map(|i| decoded.text[..i].matches('\n').count() + 1);
    // U+FFFD the file holds, not those decoding put in place of bytes it
    // could not decode (each said above).
    let lost = decoded
        .text
        .matches('\u{FFFD}')
        .count()
        .saturating_sub(decoded.issue_count);
    if lost > 0 {
        let first = line(decoded.text.find('\u{FFFD}'));
        let last = line(decoded.text.rfind('\u{FFFD}'));
        let why = if !decoded.misread.is_empty() || decoded.misread_legacy.is_some() {
            "the misreading lost them"
        } else {
            "U+FFFD stored in the file: a program before could not convert them"
        };
        diagnostics.push(Diagnostic {
            level: Level::Warning,
            code: DiagnosticCode::LostCharacters,
            message: format!(
                "{lost} characters were lost before this file was read ({why}); \
                 U+FFFD stands in their place"
            ),
            lines: first.zip(last).map(|(start, end)| LineSpan { start, end }),
            offset: None,
        });
    }
    if decoded.question_marks > 0 {
        let first = line(decoded.text.find("??"));
        let last = line(decoded.text.rfind("??"));
        diagnostics.push(Diagnostic {
            level: Level::Warning,
            code: DiagnosticCode::LostCharacters,
            message: format!(
                "{} `?` stand in runs of two or more: what a program writes for characters \
                 the encoding it saved the text in cannot hold (a Japanese text saved in \
                 Windows-1252 or Latin-1 is `?` wherever it had kana or kanji); the characters \
                 are lost, and the text is read as it stands",
                decoded.question_marks
            ),
            lines: first.zip(last).map(|(start, end)| LineSpan { start, end }),
            offset: None,
        });
    }
    if let Some((foreign, chars)) = decoded.foreign.filter(|_| decoded.garbled()) {
        diagnostics.push(Diagnostic::whole(
            Level::Error,
            DiagnosticCode::DecodeError,
            format!(
                "{foreign} of {chars} characters decoded as {} are of no script a sheet is \
                 written in (Hangul, rare ideographs, private use), as text read out of step \
                 or in another encoding reads: the text may be garbled",
                decoded.encoding.name()
            ),
        ));
    }
    diagnostics
}

fn document(
    source: Source,
    parsed: plansheet_layout::Parsed,
    mut diagnostics: Vec<Diagnostic>,
) -> Document {
    diagnostics.extend(parsed.diagnostics);
    let whole = parsed.coverage.chars_accounted == parsed.coverage.chars_in
        && diagnostics.iter().all(|d| d.level < Level::Warning);
    Document {
        plansheet_version: VERSION.to_owned(),
        source,
        status: if whole { Status::Ok } else { Status::Partial },
        layout: parsed.layout,
        metadata: parsed.metadata,
        content: parsed.content,
        unassigned: parsed.unassigned,
        diagnostics,
        coverage: parsed.coverage,
    }
}

/// How [`input_view`] shows what plansheet reads from an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The lines the layout parsers read: a text dump decoded, or a PDF's
    /// page geometry as lines, one per table row, cells tab-separated.
    Lines,
    /// For reading: a text dump decoded, or a PDF's tables with their cells
    /// side by side and each cell's lines as printed.
    Layout,
    /// A PDF's typed layout (pages → text lines and tables → rows → cells →
    /// lines, with boxes and spans) as JSON; a text dump is refused.
    Json,
}

/// What plansheet reads from an input, shown as `view` says, with what
/// the reading lost as [`extract`]'s document of it says it (undecodable
/// bytes, a damaged or truncated PDF, no text layer …). For looking at
/// what the parsers see.
pub fn input_view(
    path: &str,
    bytes: &[u8],
    view: View,
) -> Result<(String, Vec<Diagnostic>), ExtractError> {
    if reads_as_pdf(path, bytes) {
        let pdf = plansheet_pdf::read_pdf(bytes).map_err(|source| ExtractError::Pdf {
            path: path.to_owned(),
            source,
        })?;
        let layout = plansheet_pdf::layout(&pdf.pages);
        let text = match view {
            View::Lines => plansheet_pdf::render(&layout).text,
            View::Layout => plansheet_pdf::render_layout(&layout),
            View::Json => serde_json::to_string_pretty(&layout).map_or_else(
                |e| format!("{{\"error\": \"{e}\"}}"),
                |mut json| {
                    json.push('\n');
                    json
                },
            ),
        };
        return Ok((text, reading_diagnostics(&pdf)));
    }
    if view == View::Json {
        return Err(ExtractError::Pdf {
            path: path.to_owned(),
            source: plansheet_pdf::PdfError::NotPdf,
        });
    }
    plansheet_text::decode(bytes)
        .map(|decoded| {
            let diagnostics = decode_diagnostics(bytes, &decoded);
            (decoded.text, diagnostics)
        })
        .map_err(|source| ExtractError::Decode {
            path: path.to_owned(),
            source,
        })
}

/// The lines the layout parsers read from an input (see [`View::Lines`]).
pub fn input_text(path: &str, bytes: &[u8]) -> Result<String, ExtractError> {
    input_view(path, bytes, View::Lines).map(|(text, _)| text)
}

/// What reading a PDF lost: a limit that cut it short, a damaged file or
/// pages, streams and objects that could not be drawn, text hidden under
/// white or shown with no font, glyphs that could not be decoded, no text
/// layer at all.
fn reading_diagnostics(pdf: &plansheet_pdf::Pdf) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let warn = |code, message| Diagnostic::whole(Level::Warning, code, message);
    // A limit that cut the reading short explains whatever is missing, so
    // it comes first.
    if let Some(limit) = &pdf.truncated {
        diagnostics.push(warn(DiagnosticCode::Truncated, limit.clone()));
    }
    match pdf.repair {
        Some(plansheet_pdf::Repair::Reconstructed) => diagnostics.push(warn(
            DiagnosticCode::Damaged,
            "the cross-reference table could not be used and was rebuilt by scanning the file \
             (a truncated or damaged file): objects may be missing"
                .into(),
        )),
        Some(plansheet_pdf::Repair::OffsetCorrected) => diagnostics.push(Diagnostic::whole(
            Level::Info,
            DiagnosticCode::XrefCorrected,
            "a cross-reference offset was wrong; the section next to it was used".into(),
        )),
        None => {}
    }
    if !pdf.damaged_pages.is_empty() {
        diagnostics.push(warn(
            DiagnosticCode::Damaged,
            format!("pages {:?} could not be read", pdf.damaged_pages),
        ));
    }
    for (fault, pages) in &pdf.faults {
        use plansheet_pdf::Fault;
        let (level, code, what) = match fault {
            Fault::DamagedStream => (
                Level::Warning,
                DiagnosticCode::Damaged,
                "drew a stream whose data is damaged (it stops before its end or breaks, \
                 or could not be decoded): text in it may be missing or wrong",
            ),
            Fault::MissingObject => (
                Level::Warning,
                DiagnosticCode::Damaged,
                "draw a content stream or an object (a form or an image) the file does not \
                 hold: whatever it drew, text included, is missing",
            ),
            Fault::ChecksumMismatch => (
                Level::Info,
                DiagnosticCode::ChecksumMismatch,
                "drew a compressed stream whose checksum does not match its data: some \
                 producers write wrong checksums on whole streams, but a damaged stream fails \
                 it too; if the text reads wrong, the file is damaged",
            ),
            Fault::CoveredText => (
                Level::Warning,
                DiagnosticCode::CoveredText,
                "fill a box white over text drawn before it (a correction pasted over the old \
                 text, a redaction): the page does not show that text, and it is left out",
            ),
            Fault::GarbledFont => (
                Level::Warning,
                DiagnosticCode::GarbledFont,
                "show text in fonts named for a Japanese typeface whose characters decode \
                 mostly to accented Latin letters, not kana or kanji: their ToUnicode maps are \
                 wrong, and the text read from them is noise",
            ),
            Fault::Fontless => (
                Level::Warning,
                DiagnosticCode::SuspectedLoss,
                "show text with no font (none selected, or one the page's resources do not \
                 hold): that text could not be read",
            ),
        };
        diagnostics.push(Diagnostic::whole(
            level,
            code,
            format!("pages {pages:?} {what}"),
        ));
    }
    let glyphs: usize = pdf.pages.iter().map(|p| p.glyphs.len()).sum();
    if glyphs == 0 && pdf.pages.len() > pdf.damaged_pages.len() {
        if pdf.shows > 0 {
            diagnostics.push(warn(
                DiagnosticCode::SuspectedLoss,
                format!(
                    "{} text operators, but no character could be decoded",
                    pdf.shows
                ),
            ));
        } else if pdf.pages_with(plansheet_pdf::Fault::Fontless).is_empty() {
            // (Text shown with no font is not a missing text layer: said
            // above.)
            diagnostics.push(warn(
                DiagnosticCode::NoTextLayer,
                "the pages have no text layer (scanned images, or text drawn as outlines?); \
                 nothing could be read"
                    .into(),
            ));
        }
    } else if pdf.undecoded > 0 {
        diagnostics.push(warn(
            DiagnosticCode::UndecodedGlyphs,
            format!(
                "{} character codes could not be decoded to text",
                pdf.undecoded
            ),
        ));
    }
    diagnostics
}

/// A PDF: pages to a text dump (tables from their ruling lines), parsed like
/// any text; rows then point back to their page and box.
fn extract_pdf(path: &str, bytes: &[u8]) -> Result<Document, ExtractError> {
    let pdf = plansheet_pdf::read_pdf(bytes).map_err(|source| ExtractError::Pdf {
        path: path.to_owned(),
        source,
    })?;
    let layout = plansheet_pdf::layout(&pdf.pages);
    let dump = plansheet_pdf::render(&layout);
    let rows = dump
        .origins
        .iter()
        .map(|origin| origin.and_then(|o| o.row).map(|at| grid_row(&layout, at)))
        .collect();
    let grid = plansheet_layout::Grid::with_rows(&dump.text, rows);
    let mut parsed = plansheet_layout::parse_grid(&grid);
    let mut diagnostics = reading_diagnostics(&pdf);
    let warn = |code, message| Diagnostic::whole(Level::Warning, code, message);
    if let Some((total, pages)) = on_pages(&layout, plansheet_pdf::overprinted) {
        diagnostics.push(warn(
            DiagnosticCode::OverprintedText,
            format!(
                "{total} characters are printed over other characters (text overflowing its \
                 cell, or layers over each other) on {pages}: where they meet, the reading \
                 order is a guess"
            ),
        ));
    }
    if let Some((total, pages)) = on_pages(&layout, |p| p.words_across_unruled) {
        let (words, lie) = (agree(total, "word", "words"), agree(total, "lies", "lie"));
        diagnostics.push(warn(
            DiagnosticCode::UnruledCellBorder,
            format!(
                "{total} {words} on {pages} {lie} across the border of two table cells where no \
                 rule is drawn, with text on their line on both sides: the cells the rules make \
                 part such lines where the page does not (boxes inside a box, or a heading \
                 drawn across columns), and their parts are read in different cells, apart"
            ),
        ));
    }
    if let Some((total, pages)) = on_pages(&layout, |p| p.lines_beside_table) {
        let (lines, stand) = (
            agree(total, "line", "lines"),
            agree(total, "stands", "stand"),
        );
        diagnostics.push(warn(
            DiagnosticCode::LineBesideTable,
            format!(
                "{total} {lines} of text on {pages} {stand} outside a table's ruled cells on the \
                 baseline of text in them (a label left of a box, a row's name left of its \
                 ruled figures, a word boxed inside a sentence): each is read apart from the \
                 row beside it, before or after it"
            ),
        ));
    }
    if let Some((total, pages)) = on_pages(&layout, |p| p.lines_without_figures) {
        let (lines, hold) = (agree(total, "line", "lines"), agree(total, "holds", "hold"));
        diagnostics.push(warn(
            DiagnosticCode::AmbiguousLine,
            format!(
                "{total} {lines} of a figures table on {pages} {hold} text but no figure beside \
                 it (a row's label wrapped onto a line of its own?): read as a row of its own, \
                 it may finish the row above or begin the one below"
            ),
        ));
    }
    if let Some((total, pages)) = on_pages(&layout, |p| p.unruled_wraps_in_doubt) {
        let (lines, them) = (agree(total, "line", "lines"), agree(total, "it", "each"));
        diagnostics.push(warn(
            DiagnosticCode::AmbiguousLine,
            format!(
                "{total} {lines} of a table without rules on {pages} read as the wrap of the row \
                 above, though a cell of {them} would have fitted on the line above: {them} may \
                 be a row of its own that leaves cells blank (a sub-item under its total), a \
                 note under the table, or a label broken on purpose"
            ),
        ));
    }
    set_ruby_aside(&layout, &dump, &mut parsed, &mut diagnostics);
    say_katakana_ruby(&layout, &mut diagnostics);
    let opens =
        |next: &str| plansheet_text::is_paragraph_start(&plansheet_text::normalize_chars(next));
    // The pages a goal-sheet row runs on from, cut by the break after them.
    let cut_after: std::collections::HashSet<u32> = parsed
        .content
        .rows()
        .iter()
        .filter_map(|row| {
            let lines = row.provenance.lines;
            let origins = dump.origins.get(lines.start.saturating_sub(1)..lines.end)?;
            let mut pages = origins.iter().flatten().map(|o| o.page);
            let first = pages.next()?;
            pages.any(|p| p == first + 1).then_some(first)
        })
        .collect();
    let cut = unsure_cuts(&layout, &cut_after, opens);
    let unsure = |p: &plansheet_pdf::PageLayout| {
        plansheet_pdf::unsure_breaks(p, opens) + cut.get(&p.number).copied().unwrap_or(0)
    };
    if let Some((total, pages)) = on_pages(&layout, unsure) {
        diagnostics.push(warn(
            DiagnosticCode::AmbiguousLine,
            format!(
                "table cells on {pages} hold {total} line{} where the page does not tell a wrap \
                 from a paragraph's end, read as wrapped: a line ending a sentence as it fills a \
                 cell setting no paragraph in (the next sentence may go on, or start a \
                 paragraph, there), or short of the cell where the next line's first character \
                 would have fitted, but a writer keeps it with the one after it (`ホー`, `又、`, \
                 `「案`), or the next line would have fitted if the cell's widest line, ending in \
                 `、` or `。`, does not hang it past the margin; or one ending with `。` before a \
                 run of half-width letters or digits (`Instagram`) that would not have fitted \
                 after it; or one ending in half-width letters or digits (a telephone number, a \
                 web address), where a paragraph may end, over a line opening flush left: the \
                 cell's widest line short of the rule, or a line short of the \
                 cell's full lines by as much as the next line's first character",
                if total == 1 { "" } else { "s" },
            ),
        ));
    }
    if let Some((total, pages)) = on_pages(&layout, plansheet_pdf::unsure_indents) {
        let lines = agree(total, "line", "lines");
        diagnostics.push(warn(
            DiagnosticCode::AmbiguousLine,
            format!(
                "table cells on {pages} hold {total} {lines} set in as far as a paragraph's first \
                 line is, and read as opening a paragraph, in cells whose lines stand level as \
                 centred or right-aligned text does (their middles, or their ends), in a column \
                 with no cell set flush left: such a line may be a wrapped paragraph's last"
            ),
        ));
    }
    for row in parsed.content.rows_mut() {
        let origins = dump
            .origins
            .get(row.provenance.lines.start - 1..row.provenance.lines.end)
            .unwrap_or(&[]);
        // One box per page the row spans: a row cut by a page break has two.
        let mut boxes: Vec<PageBox> = Vec::new();
        for origin in origins.iter().flatten() {
            match boxes.last_mut() {
                Some(last) if last.page == origin.page => {
                    let (b, o) = (&mut last.bbox, origin.bbox);
                    *b = [
                        b[0].min(o[0]),
                        b[1].min(o[1]),
                        b[2].max(o[2]),
                        b[3].max(o[3]),
                    ];
                }
                _ => boxes.push(PageBox {
                    page: origin.page,
                    bbox: origin.bbox,
                }),
            }
        }
        for b in &mut boxes {
            // On the page as displayed, where the page was read turned.
            if let Some(page) = pdf.pages.iter().find(|p| p.number == b.page) {
                b.bbox = page.displayed(b.bbox);
            }
            b.bbox = b.bbox.map(|v| (v * 10.0).round() / 10.0);
        }
        if let Some(first) = boxes.first() {
            row.provenance.page = Some(first.page);
            row.provenance.bbox = Some(first.bbox);
        }
        row.provenance.boxes = boxes;
    }
    let source = Source {
        path: path.to_owned(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        format: SourceFormat::Pdf,
        encoding: None,
        bom: false,
        line_ending: None,
        pages: Some(pdf.pages.len() as u32),
    };
    Ok(document(source, parsed, diagnostics))
}

/// Most ruby runs a diagnostic names (all are in `unassigned`).
const MAX_RUBY_NAMED: usize = 8;

/// Lists the pages' ruby and emphasis marks (read apart from the lines they
/// stand over, see [`plansheet_pdf::Ruby`]) in `unassigned`, each at the
/// dump line holding what it stands over, and says so.
fn set_ruby_aside(
    layout: &[plansheet_pdf::PageLayout],
    dump: &plansheet_pdf::TextDump,
    parsed: &mut plansheet_layout::Parsed,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some((count, pages)) = on_pages(layout, |p| p.ruby.len()) else {
        return;
    };
    // The characters set aside, in and accounted for alike.
    let mut added = 0;
    // Each page's dump lines, found in one pass: a page's runs look among
    // its own lines only.
    let mut on_page: std::collections::HashMap<u32, Vec<(usize, [f64; 4])>> =
        std::collections::HashMap::new();
    for (i, origin) in dump.origins.iter().enumerate() {
        if let Some(o) = origin {
            on_page.entry(o.page).or_default().push((i, o.bbox));
        }
    }
    for page in layout {
        let lines = on_page.get(&page.number).map_or(&[][..], Vec::as_slice);
        for ruby in &page.ruby {
            let text = plansheet_text::normalize_chars(&ruby.text).into_owned();
            added += plansheet_text::count_non_blank(&text);
            parsed.unassigned.push(Fragment {
                text,
                lines: LineSpan::line(line_under(lines, ruby.base_bbox)),
            });
        }
    }
    parsed.unassigned.sort_by_key(|f| f.lines.start);
    let c = parsed.coverage;
    parsed.coverage = Coverage::new(c.chars_in + added, c.chars_accounted + added);
    diagnostics.push(Diagnostic::whole(
        Level::Warning,
        DiagnosticCode::RubyText,
        format!(
            "{count} {} of small kana or emphasis marks set right over the characters of a \
             line on {pages} (ruby, furigana, 傍点) {} read apart from that line and listed \
             in `unassigned`: {}",
            agree(count, "run", "runs"),
            agree(count, "is", "are"),
            named_runs(layout.iter().flat_map(|p| &p.ruby), count)
        ),
    ));
}

/// The first [`MAX_RUBY_NAMED`] of `total` runs, each with what it stands
/// over (`「はんぼうき」 over 「繁忙期」, …`), and how many more there are.
fn named_runs<'r>(runs: impl Iterator<Item = &'r plansheet_pdf::Ruby>, total: usize) -> String {
    let named: Vec<String> = runs
        .take(MAX_RUBY_NAMED)
        .map(|r| format!("「{}」 over 「{}」", r.text, r.base))
        .collect();
    let more = total.saturating_sub(named.len());
    if more > 0 {
        format!("{} and {more} more", named.join(", "))
    } else {
        named.join(", ")
    }
}

/// Says where small katakana stands right over a line as ruby does (see
/// [`plansheet_pdf::PageLayout::katakana_ruby`]): a reading of the line's
/// words or a label set over it, which the page does not tell apart. Read
/// as text, a reading is a line of its own in the text, or joined to the
/// line under it where that goes on from it as a wrap (rev112: `マドグチ`
/// over `窓口` had been a goal's first line, `ok`; rev115: `サービス` over a
/// cell's first line, glued to it).
fn say_katakana_ruby(layout: &[plansheet_pdf::PageLayout], diagnostics: &mut Vec<Diagnostic>) {
    let Some((total, pages)) = on_pages(layout, |p| p.katakana_ruby.len()) else {
        return;
    };
    diagnostics.push(Diagnostic::whole(
        Level::Warning,
        DiagnosticCode::AmbiguousLine,
        format!(
            "{total} {} of small katakana on {pages} {} right over the characters of a line as \
             ruby does: a reading of them, or a label set over the line, which the page does not \
             tell apart; read as text where {} (a line of {} own, or in the line under {}): \
             {}",
            agree(total, "run", "runs"),
            agree(total, "stands", "stand"),
            agree(total, "it stands", "they stand"),
            agree(total, "its", "their"),
            agree(total, "it", "them"),
            named_runs(layout.iter().flat_map(|p| &p.katakana_ruby), total)
        ),
    ));
}

/// The 1-based dump line, of a page's `lines` (index and box), whose box
/// holds the middle of `bbox` (the table row or line a ruby run stands
/// over); the page's first line where none does, the dump's first where
/// the page has none.
fn line_under(lines: &[(usize, [f64; 4])], bbox: [f64; 4]) -> usize {
    let (x, y) = ((bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0);
    lines
        .iter()
        .find(|(_, b)| b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3])
        .or_else(|| lines.first())
        .map_or(1, |(i, _)| i + 1)
}

/// `one` where `total` is 1, `many` otherwise: a message's nouns and verbs
/// agree with the count it gives.
fn agree<'a>(total: usize, one: &'a str, many: &'a str) -> &'a str {
    if total == 1 { one } else { many }
}

/// What `count` finds on the pages of `layout`: the total, and the pages
/// where it finds any (`page 3`, `pages 1, 4`); `None` where it finds
/// nothing.
fn on_pages(
    layout: &[plansheet_pdf::PageLayout],
    count: impl Fn(&plansheet_pdf::PageLayout) -> usize,
) -> Option<(usize, String)> {
    let found: Vec<(u32, usize)> = layout
        .iter()
        .map(|p| (p.number, count(p)))
        .filter(|&(_, n)| n > 0)
        .collect();
    let total = found.iter().map(|(_, n)| n).sum();
    let pages: Vec<String> = found.iter().map(|(p, _)| p.to_string()).collect();
    let s = if pages.len() == 1 { "" } else { "s" };
    (total > 0)
        .then(|| format!("page{s} {}", pages.join(", ")))
        .map(|pages| (total, pages))
}

/// The cells of a table row of a PDF's typed layout, one entry per column,
/// each as its lines. A line indented, or after a line that ended short of
/// the cell's width, opens a paragraph; another line after the first
/// follows a full line (a wrap, or an item the text marks). A cell's first
/// line says nothing unless indented: it may continue a cell a page break
/// cut.
fn grid_row(layout: &[plansheet_pdf::PageLayout], at: plansheet_pdf::RowAt) -> GridRow {
    let Some(plansheet_pdf::Block::Table(table)) =
        layout.get(at.page).and_then(|p| p.blocks.get(at.block))
    else {
        return GridRow::default();
    };
    let Some(row) = table.rows.get(at.row) else {
        return GridRow::default();
    };
    let mut cells = vec![Vec::new(); table.columns.len().saturating_sub(1)];
    let mut row_spans = vec![0; cells.len()];
    let mut cut_below = vec![false; cells.len()];
    // Whether the table goes on on the next page with text in `column` of
    // its row that finishes the cut row (the rest of a cut cell). Asked
    // only of the cells that reach the table's foot: at most one a column.
    let goes_on_with_text = |column: usize| {
        let last_table = layout.get(at.page).is_some_and(|page| {
            !page.blocks[at.block + 1..]
                .iter()
                .any(|b| matches!(b, plansheet_pdf::Block::Table(_)))
        });
        let cut_row = layout.get(at.page + 1).and_then(continued_row);
        last_table
            && cut_row.is_some_and(|r| {
                r.cells.iter().any(|c| {
                    c.column == column && c.lines.iter().any(|l| !l.text.trim().is_empty())
                })
            })
    };
    for cell in &row.cells {
        // The first line of a cell finishing a cell the page break cut
        // opens a paragraph where the cut cell's last line ended one.
        // (Not before a run of letters: a word too long for the room left,
        // moved down whole, leaves the line as short: rev101 a06.)
        let after_paragraph = row.continued
            && !opens_with_letters(cell)
            && cut_cell_ends_paragraph(layout, at, cell.column);
        if let Some(span) = row_spans.get_mut(cell.column) {
            *span = cell.row_span;
        }
        if let Some(cut) = cut_below.get_mut(cell.column) {
            *cut = at.row + cell.row_span >= table.rows.len() && goes_on_with_text(cell.column);
        }
        if let Some(slot) = cells.get_mut(cell.column) {
            let mut previous: Option<&plansheet_pdf::TextLine> = None;
            *slot = cell
                .lines
                .iter()
                .map(|line| {
                    let opens = match previous {
                        None => (line.indented || after_paragraph).then_some(true),
                        Some(p) => Some(line.indented || p.ends_short),
                    };
                    // (Such a line's next is read as its wrap.)
                    let short_of_rule = previous.is_some_and(|p| p.ends_before_rule());
                    previous = Some(line);
                    GridLine {
                        text: line.text.clone(),
                        opens,
                        short_of_rule,
                    }
                })
                .collect();
        }
    }
    GridRow {
        cells,
        continued: row.continued,
        row_spans,
        cut_below,
    }
}

/// Per page, how many cells a page break cut end on it with a sentence's
/// end where the page does not tell a wrap from a paragraph's end (see
/// [`plansheet_pdf::unsure_breaks`], which looks within a cell): the cut
/// cell's last line ends `。` as it fills the cell (or, short, before a run
/// of letters or digits the next page's part opens with, a word moved down
/// whole),
/// neither part sets a line in, and the next page's part opens with no
/// mark of its own. Read as a wrap, as before; a paragraph's end there had
/// been said on neither page (helper-147's x_cut_*: two paragraphs, set
/// flush, read as one, `ok`). Only after the pages in `cut_after`, where a
/// row the parser read runs on to the next page: the next page's first row
/// is no row's rest elsewhere.
fn unsure_cuts(
    layout: &[plansheet_pdf::PageLayout],
    cut_after: &std::collections::HashSet<u32>,
    opens: impl Fn(&str) -> bool,
) -> std::collections::HashMap<u32, usize> {
    let mut counts = std::collections::HashMap::new();
    for pair in layout
        .windows(2)
        .filter(|pair| cut_after.contains(&pair[0].number))
    {
        let (Some(row), Some(table)) = (continued_row(&pair[1]), tables(&pair[0]).next_back())
        else {
            continue;
        };
        let cut = |column: usize| foot_cell(table, column);
        let unsure = row
            .cells
            .iter()
            .filter(|rest| {
                let (Some(cut), Some(first)) = (cut(rest.column), rest.lines.first()) else {
                    return false;
                };
                let Some(last) = cut.lines.last() else {
                    return false;
                };
                last.text.trim_end().ends_with(['。', '．', '！', '？'])
                    && (!last.ends_short || opens_with_letters(rest))
                    && !cut.lines.iter().chain(&rest.lines).any(|l| l.indented)
                    && !opens(&first.text)
            })
            .count();
        if unsure > 0 {
            *counts.entry(pair[0].number).or_insert(0) += unsure;
        }
    }
    counts
}

/// Whether the cell in `column` at the foot of the last table on the page
/// before the row `at` (a row a page break cut, continued at `at`) ends
/// with a paragraph's end (see [`plansheet_pdf::TextLine::ends_short`]).
fn cut_cell_ends_paragraph(
    layout: &[plansheet_pdf::PageLayout],
    at: plansheet_pdf::RowAt,
    column: usize,
) -> bool {
    let Some(before) = at.page.checked_sub(1).and_then(|p| layout.get(p)) else {
        return false;
    };
    let Some(table) = tables(before).next_back() else {
        return false;
    };
    foot_cell(table, column)
        .and_then(|c| c.lines.last())
        .is_some_and(|line| line.ends_short)
}

/// A page's tables, top down.
fn tables(
    page: &plansheet_pdf::PageLayout,
) -> impl DoubleEndedIterator<Item = &plansheet_pdf::Table> {
    page.blocks.iter().filter_map(|b| match b {
        plansheet_pdf::Block::Table(t) => Some(t),
        plansheet_pdf::Block::Line(_) => None,
    })
}

/// The row of a page's first table that may finish a row the page break
/// before it cut (see [`plansheet_pdf::TableRow::continued`]), where that
/// table continues the previous page's.
fn continued_row(page: &plansheet_pdf::PageLayout) -> Option<&plansheet_pdf::TableRow> {
    tables(page)
        .next()
        .filter(|t| t.continues)
        .and_then(|t| t.rows.iter().find(|r| r.continued))
}

/// Whether a cell's first line opens with a half-width letter or digit: a
/// word too long for the room left on the line before, moved down whole,
/// leaves that line short (rev101 a06).
fn opens_with_letters(cell: &plansheet_pdf::Cell) -> bool {
    cell.lines
        .first()
        .and_then(|l| l.text.trim_start().chars().next())
        .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The cell of `table` in `column` that reaches the table's foot.
fn foot_cell(table: &plansheet_pdf::Table, column: usize) -> Option<&plansheet_pdf::Cell> {
    let foot = table.rows.len();
    table
        .rows
        .iter()
        .enumerate()
        .flat_map(|(i, row)| row.cells.iter().map(move |c| (i, c)))
        .find(|(i, c)| c.column == column && i + c.row_span >= foot)
        .map(|(_, c)| c)
}

/// The line a byte offset falls on, counting `\n`, `\r\n` and lone `\r` as
/// line ends as the decoder does. Exact for ASCII-compatible encodings; for
/// UTF-16 the count of line-end code units is used.
fn line_of_offset(bytes: &[u8], offset: usize) -> Option<LineSpan> {
    let before = bytes.get(..offset)?;
    let mut line = 1;
    let mut previous = 0u8;
    for &b in before {
        if b == b'\n' && previous != b'\r' || b == b'\r' {
            line += 1;
        }
        previous = b;
    }
    Some(LineSpan::line(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    use plansheet_text::TextEncoding;

    fn fixture(path: &str) -> Document {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        extract(path, &std::fs::read(root.join(path)).unwrap()).unwrap()
    }

    fn codes(doc: &Document) -> Vec<DiagnosticCode> {
        doc.diagnostics.iter().map(|d| d.code).collect()
    }

    /// An ISO-2022-JP sheet reads as the same sheet in UTF-8 does (it had
    /// been read as UTF-8, escape codes and ASCII letters, `ok`).
    #[test]
    fn an_iso_2022_jp_sheet_reads_as_its_utf8_twin() {
        let jis = fixture("archive/encodings/asao_h30.iso-2022-jp.txt");
        let utf8 = fixture("archive/sheets/asao_h30.flow.txt");
        assert_eq!(jis.source.encoding, Some(TextEncoding::Iso2022Jp));
        assert_eq!(jis.status, Status::Ok, "{:?}", jis.diagnostics);
        assert_eq!(jis.content, utf8.content);
        assert_eq!(jis.metadata, utf8.metadata);
    }

    /// UTF-8 a program decoded as Windows-1252 and saved again as UTF-8
    /// (`éƒ¨ç½²å` for 部署名) is read back whole, and said: it had been
    /// read as it stood, an outline of Latin letters, `ok`.
    #[test]
    fn utf8_saved_as_windows_1252_mojibake_is_read_back_and_said() {
        let misread = fixture("faults/mojibake_cp1252_asao.txt");
        let sheet = fixture("archive/sheets/asao_h30.flow.txt");
        assert_eq!(misread.content, sheet.content);
        assert_eq!(misread.metadata, sheet.metadata);
        assert_eq!(misread.status, Status::Partial);
        assert_eq!(codes(&misread), [DiagnosticCode::Mojibake]);
        assert!(
            misread.diagnostics[0].message.contains("Windows-1252"),
            "{:?}",
            misread.diagnostics
        );
    }

    /// A UTF-8 sheet, and a Shift_JIS one, opened as Mac OS Roman (Excel
    /// for Mac opening a CSV: `„Åì„Çå`, `Ç±ÇÍ` for これ) and saved as
    /// UTF-8 are read back whole, and said: they had been read as they
    /// stood, outlines of accented letters and symbols, `ok`.
    #[test]
    fn sheets_saved_as_mac_os_roman_mojibake_are_read_back_and_said() {
        for (misread, clean, named) in [
            (
                "faults/mojibake_mac_roman_miyamae.txt",
                "archive/sheets/miyamae_h29.table.txt",
                "UTF-8 that a program decoded as Mac OS Roman",
            ),
            (
                "faults/mojibake_sjis_as_mac_roman_tama.txt",
                "archive/sheets/tama_r2.flow.txt",
                "Shift_JIS that a program decoded as Mac OS Roman",
            ),
        ] {
            let (misread, sheet) = (fixture(misread), fixture(clean));
            assert_eq!(misread.content, sheet.content);
            assert_eq!(misread.metadata, sheet.metadata);
            assert_eq!(misread.status, Status::Partial);
            assert_eq!(codes(&misread), [DiagnosticCode::Mojibake]);
            assert!(
                misread.diagnostics[0].message.contains(named),
                "{:?}",
                misread.diagnostics
            );
        }
    }

    /// UTF-8 decoded as Shift_JIS with the bytes it could not decode
    /// replaced (`蛹ｺ豌題ｪｲ` for 区民課) is read back as far as it can be:
    /// every line in its place, each the sheet's but where U+FFFD stands
    /// for characters the misreading lost, which a second warning counts.
    /// (The flow sheet's rows, whose labels lost characters, are not
    /// right: the document is `partial`.)
    #[test]
    fn utf8_saved_as_shift_jis_mojibake_is_read_back_with_its_losses_said() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let bytes = std::fs::read(root.join("faults/mojibake_cp932_tama.txt")).unwrap();
        let sheet = std::fs::read_to_string(root.join("archive/sheets/tama_r2.flow.txt")).unwrap();
        let decoded = plansheet_text::decode(&bytes).unwrap();
        assert!(
            decoded.misread == [plansheet_text::mojibake::Misreading::ShiftJis]
                && decoded.text.contains('\u{FFFD}')
        );
        let read: Vec<&str> = decoded.text.lines().collect();
        let want: Vec<&str> = sheet.lines().collect();
        assert_eq!(read.len(), want.len());
        let same = read
            .iter()
            .zip(&want)
            .filter(|(r, w)| r == w && !w.trim().is_empty())
            .count();
        for (r, w) in read.iter().zip(&want) {
            assert!(r == w || r.contains('\u{FFFD}'), "{r} / {w}");
        }
        // (46 of the sheet's 104 lines with text lost nothing.)
        assert!(
            same * 5 > want.iter().filter(|w| !w.trim().is_empty()).count() * 2,
            "{same}"
        );
        let doc = extract("mojibake_cp932_tama.txt", &bytes).unwrap();
        assert_eq!(doc.status, Status::Partial);
        let found = codes(&doc);
        assert!(
            found.starts_with(&[DiagnosticCode::Mojibake, DiagnosticCode::LostCharacters]),
            "{found:?}"
        );
    }

    /// U+FFFD stored in a UTF-8 file is no decode error of plansheet's,
    /// but characters lost all the same: said, with the lines holding them.
    #[test]
    fn replacement_characters_stored_in_a_file_are_said() {
        let doc = fixture("faults/lost_characters_miyamae.txt");
        assert_eq!(doc.status, Status::Partial);
        assert_eq!(codes(&doc), [DiagnosticCode::LostCharacters]);
        let said = &doc.diagnostics[0];
        assert!(
            said.message.starts_with("2 characters were lost"),
            "{}",
            said.message
        );
        let lines = said.lines.unwrap();
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../fixtures/faults/lost_characters_miyamae.txt"),
        )
        .unwrap();
        let holding: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains('\u{FFFD}'))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(
            (lines.start, lines.end),
            (holding[0], holding[holding.len() - 1])
        );
    }

    /// A UTF-16 file a byte was cut out of decodes without an error, out of
    /// step from the cut on: the document says the text may be garbled,
    /// and is partial (such documents had been `ok`, their text from the
    /// cut on of no language); the whole file says nothing of the kind.
    #[test]
    fn utf16_read_out_of_step_makes_a_partial_document() {
        let text = "令和6年度 向上指針取組シート\n総務課\t1\t窓口の案内を改善します。\n".repeat(4);
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let garbled = |doc: &Document| {
            doc.diagnostics
                .iter()
                .any(|d| d.code == DiagnosticCode::DecodeError && d.message.contains("garbled"))
        };
        assert!(!garbled(&extract("whole.txt", &bytes).unwrap()));
        bytes.remove(41);
        let doc = extract("cut.txt", &bytes).unwrap();
        assert_eq!(doc.status, Status::Partial);
        assert!(garbled(&doc), "{:?}", doc.diagnostics);
    }

    #[test]
    fn undecodable_bytes_make_a_partial_document_that_says_where() {
        // 令和4年度 in Shift_JIS, a broken lead byte on line 2, then more text.
        let mut bytes = shift_jis("令和4年度向上指針取組シート\n");
        bytes.extend_from_slice(b"\x82\n");
        bytes.extend(shift_jis("部署名\n"));
        let doc = extract("broken.txt", &bytes).unwrap();
        assert_eq!(doc.status, Status::Partial);
        assert_eq!(
            doc.partial_reason(),
            Some(Reason::Diagnostic(DiagnosticCode::DecodeError))
        );
        let d = &doc.diagnostics[0];
        assert_eq!(
            (d.code, d.offset, d.lines),
            (
                DiagnosticCode::DecodeError,
                Some(28),
                Some(LineSpan::line(2))
            )
        );
        assert!(
            d.message
                .contains("bytes 82 at offset 28 are not valid Shift_JIS"),
            "{}",
            d.message
        );
    }

    fn shift_jis(s: &str) -> Vec<u8> {
        let (bytes, _, lossy) = encoding_rs::SHIFT_JIS.encode(s);
        assert!(!lossy);
        bytes.into_owned()
    }

    #[test]
    fn empty_and_binary_inputs_are_errors_with_codes() {
        let err = extract("empty.txt", b"").unwrap_err();
        assert_eq!(
            (err.reason(), err.to_string().as_str()),
            (Reason::EmptyFile, "empty.txt: the file is empty")
        );
        let err = extract("x.bin", &[0u8, 1, 2, 3, 0, 0, 0xFF, 0xFE, 7, 0]).unwrap_err();
        assert_eq!(err.reason(), Reason::NotText);
    }
}
