//! Every machine-readable code plansheet writes: diagnostic codes, run-report
//! reasons and the small vocabularies of parsed targets. Each is an enum, so
//! a misspelt code cannot exist, the compiler finds every use, and the JSON
//! Schemas list the values.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a diagnostic is about, serialized as the
/// snake_case string users see (`decode_error`, `unassigned_text` …).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiagnosticCode {
    /// Bytes of a text input that are not valid in its encoding; U+FFFD
    /// stands in their place.
    DecodeError,
    /// A text input that was UTF-8 decoded in another encoding and saved
    /// again (文字化け, mojibake: `蛹ｺ豌題ｪｲ`, `åŒºæ°‘èª²`, `Âå∫Ê∞ëË™≤` for
    /// 区民課): read
    /// back as the UTF-8 it was; or Shift_JIS or EUC-JP decoded as
    /// Windows-1252, ISO-8859-1 or Mac OS Roman (`‚±‚ê` for これ): read
    /// back as the
    /// Japanese encoding it was. The message names the encodings. Or a
    /// text whose start reads as such a misreading
    /// that could not be read back does (its ideographs mostly rare ones,
    /// hardly any kana; or kana kept beside kanji turned rare, as EUC-JP
    /// opened as GBK reads; or Latin letters with half-width katakana alone
    /// among them, as Shift_JIS decoded as EUC-JP with bytes dropped
    /// reads; or no Japanese but capitals and small letters with
    /// `@ [ \ ] ^ _ { | } ~` among them, as Shift_JIS decoded with every
    /// byte past ASCII dropped reads; or box drawing, Cyrillic, Latin-1
    /// signs or Hangul with Yi syllables and hardly any kana or kanji, as
    /// Japanese opened as CP437 or KOI8-R, Big5 opened as Windows-1252,
    /// or EUC-JP opened as UTF-16, reads): read as it stands.
    Mojibake,
    /// Characters a text input had lost before plansheet read it: U+FFFD
    /// stored in the file (a program before could not convert them), `?`
    /// in runs of two or more (what a program writes for characters the
    /// encoding it saves in cannot hold), or lost by a misreading undone
    /// (see `mojibake`); or a text of figures and signs alone over the
    /// skeleton of a sheet's lines, no kana, kanji or letter, as UTF-8
    /// decoded with every byte past ASCII dropped leaves it. What they
    /// were cannot be told; the message counts them and the lines name
    /// where.
    LostCharacters,
    /// A PDF limit (pages, glyphs, decompressed stream size) cut the reading
    /// short.
    Truncated,
    /// A PDF's structure or some of its pages could not be read.
    Damaged,
    /// A PDF's cross-reference offset was wrong and a section nearby was
    /// used; the content is most likely whole.
    XrefCorrected,
    /// A PDF's compressed stream inflated to its end, but its checksum does
    /// not match its data (info): some producers write wrong checksums on
    /// whole streams, but a damaged stream fails it too.
    ChecksumMismatch,
    /// A PDF whose pages have no text layer (scanned images, or text drawn
    /// as outlines: Ghostscript's `-dNoOutputFonts`, a printer driver's
    /// curves).
    NoTextLayer,
    /// A PDF with text operators but no character that could be decoded.
    SuspectedLoss,
    /// PDF character codes that no font information could turn into text.
    UndecodedGlyphs,
    /// PDF text in fonts named for a Japanese typeface (明朝, ゴシック,
    /// IPAexMincho, MS-Gothic …) whose characters decode mostly to accented
    /// Latin letters, not kana or kanji: the fonts' ToUnicode maps are
    /// wrong (Ghostscript re-distilling its own output writes each
    /// character as one byte, `仮` as `î`), and the text read from them is
    /// noise. The message names the pages.
    GarbledFont,
    /// PDF characters printed over characters of other text (text
    /// overflowing its cell into the next one's, layers laid over each
    /// other): where they meet, their reading order is a guess. The
    /// message names the pages and how many characters.
    OverprintedText,
    /// PDF words lying across the border of two cells of a page's grid
    /// where no rule is drawn, with text on their line on both sides. The
    /// rules are boxes inside a box (an electoral roll's serial number and
    /// photo boxes inside each entry's box), not a table's cells, and such
    /// lines' parts are read in different cells, apart (`Name :` in one,
    /// the name beside it in another). The message names the pages and how
    /// many words.
    UnruledCellBorder,
    /// PDF lines of text printed outside a table's ruled cells on the
    /// baseline of text in them — a label left of a box, a row's name left
    /// of its ruled figures, a figure run past the table's last rule, a
    /// word boxed inside a sentence — each read apart from the row it
    /// stands beside (before or after it). The message names the pages and
    /// how many lines.
    LineBesideTable,
    /// PDF text that a white box drawn after it covers (a correction
    /// pasted over the old text, a redaction): the page does not show it,
    /// and it is left out. The message names the pages.
    CoveredText,
    /// PDF ruby (readings in small kana set right over the characters of a
    /// line, furigana) or emphasis marks (傍点 over the characters they
    /// stress): read apart from the line they stand over, not as a line of
    /// their own in its paragraph, and listed in `unassigned`. The message
    /// names each and what it stands over.
    RubyText,
    /// The layout was recognised but no row was found.
    NoRows,
    /// Text that no field claimed (listed in `unassigned`).
    UnassignedText,
    /// A multi-year plan whose column order had to be inferred.
    AmbiguousOrder,
    /// A multi-year plan whose column order the document itself settles (a
    /// call-out naming the fiscal year of an item, sub-heading numbers that
    /// continue one year's): the message names the evidence.
    OrderByEvidence,
    /// A line inside a table that belongs to no row or entry.
    StrayText,
    /// A goal sheet whose column header announces no results column.
    NoResults,
    /// A goal-sheet row with no department cell above it.
    MissingDepartment,
    /// A goal-sheet row with no result where the sheet has a results column.
    MissingResult,
    /// A goal-sheet row whose goal cell is empty.
    EmptyGoal,
    /// A goal-sheet department cell a page break cut in two, each part
    /// naming a unit (総務企画部 at one page's foot, 総務課 at the next
    /// page's top), read as one cell because the numbering goes on across
    /// the break where every other unit starts at 1: the message names the
    /// joined path.
    JoinedDepartment,
    /// A goal-sheet department cell a page break cut in two, each part
    /// naming a unit, where the numbering goes on across the break in a
    /// sheet that numbers across its units: one cell (both names for both
    /// parts' rows) and two cells read alike, and the names show a path
    /// (a division over a section) or a name cut mid-word. Read as two;
    /// the message names what the one cell would give.
    AmbiguousDepartment,
    /// A goal-sheet table line without an item number whose cells were
    /// added to the row above, although it looks like a row of its own (a
    /// label of its own, a goal opening with `(1)` or `①`): its number is
    /// missing, or in a form the sheets do not print.
    MergedRow,
    /// A goal-sheet row whose finished fields show a shape no sheet
    /// prints, which a misread line leaves behind: a department that is
    /// a piece of a name, a sentence, a label or a line of the page header,
    /// or two units of one level in one path; a goal or result ending, after
    /// its last sentence, in a unit's bare name or a running foot's
    /// attribution (`（企画課作成）`); a sentence opening with the end of
    /// another (`。ました`); labels run together in the category, or a label
    /// and a space opening a sentence of the goal; a unit starting on item
    /// 2 after an item 1 numbered anew; an item number its unit has had
    /// already. The message says which.
    SuspectRow,
    /// A goal-sheet table whose column header orders its columns otherwise
    /// than rows are read: the results column before the goal column (rows
    /// are read goal first, as the sheets print them, so goal and result
    /// may be swapped), two tables side by side, the department's column
    /// named twice (the second table's cells are read into the results), or
    /// a column after the goal's that rows have no field for (`期限`,
    /// `担当`, `備考`: its cells are read into the results).
    ColumnOrder,
    /// A line the input does not settle: page furniture (a page number,
    /// the page header printed again) or a cell's text (a number alone
    /// between finished sentences, a number at the end: kept in the
    /// cell); or a line break that may be a wrap or a paragraph's end (a
    /// text dump's cell whose every line opens with 　, a PDF cell's line
    /// ending a sentence one character short); or a text dump's line of two
    /// cells whose first may be the department cell's or the goal's: the
    /// message says how it was read.
    AmbiguousLine,
    /// A footnote whose mark no node carries.
    FootnoteUnused,
    /// A document with no text at all.
    NoText,
    /// More records than one document may hold: the text past the limit is
    /// listed in `unassigned`, not parsed.
    TooManyRecords,
    /// A layout's score was low: as a warning, the layout won just above
    /// the minimum a layout needs, so its rows may be read from a document
    /// that is not one, or a goal sheet's layout (or column header) was
    /// turned down, so its rows are in no field; as info, a layout of
    /// another kind scored below the minimum and the document was read as
    /// an outline. The message gives the scores and the evidence.
    LowConfidence,
    /// Characters of the input that no field holds although their line was
    /// claimed (a marker's punctuation dropped by a parser, say); the
    /// message names them and the line.
    DroppedText,
    /// A document's title printed again for another fiscal year: the file
    /// holds a second sheet or plan. Above a goal sheet's column header
    /// (`令和6年度…` below the rows of `令和5年度…`), the title is page
    /// furniture and the second sheet's rows are read with the first's; in
    /// a plan outline, the title for a later year whose sections are
    /// numbered from 1 again is a heading at the top with the second plan's
    /// sections under it. The document's title and fiscal year are the
    /// first's.
    SecondSheet,
}

/// Why an input of a run is `partial` or `failed`, serialized as the
/// snake_case string users see. A `partial` document's reason is its most
/// serious diagnostic's code.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// The file has no bytes.
    EmptyFile,
    /// The bytes are not text in any supported encoding.
    NotText,
    /// Named `.pdf` but without a `%PDF-` header.
    NotPdf,
    /// A PDF that needs a password.
    Encrypted,
    /// The input's worker did not answer within the deadline and was killed.
    Timeout,
    /// The input needed more memory than its worker's cap allows: it could not
    /// be read under the cap, or its worker ran out while converting it.
    Oom,
    /// The input's worker died (a signal or an exit), for another reason.
    Crashed,
    /// The input's worker could not be started or gave an unreadable answer.
    WorkerError,
    /// The input could not be read from disk.
    ReadError,
    /// A bug in plansheet panicked on this input; the run went on.
    Panic,
    /// The document could not be written.
    WriteError,
    /// The input's document would overwrite another input, another input's
    /// document or the run report.
    OutputCollision,
    /// The run was interrupted (SIGINT, SIGTERM) before this input was
    /// converted, or while it was.
    Interrupted,
    /// A symbolic link that leads back into a directory above it, or to
    /// itself through links (a file link whose chain loops); the walk does
    /// not follow it.
    LinkLoop,
    /// Coverage below 1 that no warning explains.
    IncompleteCoverage,
    /// A document that is partial because of this diagnostic (the most
    /// serious one); `damaged` also stands for a PDF that could not be read
    /// at all.
    #[serde(untagged)]
    Diagnostic(DiagnosticCode),
}

impl From<DiagnosticCode> for Reason {
    fn from(code: DiagnosticCode) -> Self {
        Reason::Diagnostic(code)
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&snake_case(self))
    }
}

impl std::fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&snake_case(self))
    }
}

impl std::fmt::Display for crate::document::LayoutName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&snake_case(self))
    }
}

/// The string serde writes for a unit-like code.
fn snake_case(code: &impl Serialize) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// How a target value bounds the outcome (成果目標), serialized as the
/// symbol: `≥` for 以上, `≤` for 以下, `>` for 超, `<` for 未満.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Comparator {
    /// 以上: at least.
    #[serde(rename = "≥")]
    AtLeast,
    /// 以下: at most.
    #[serde(rename = "≤")]
    AtMost,
    /// 超: more than.
    #[serde(rename = ">")]
    MoreThan,
    /// 未満: less than.
    #[serde(rename = "<")]
    LessThan,
}

/// Which point of a fiscal year a deadline names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlinePoint {
    /// 年度末: the end of March after the fiscal year starts.
    End,
    /// The fiscal year as a whole (…年度).
    Year,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_the_strings_users_see() {
        assert_eq!(
            DiagnosticCode::UnassignedText.to_string(),
            "unassigned_text"
        );
        assert_eq!(Reason::OutputCollision.to_string(), "output_collision");
        assert_eq!(
            Reason::from(DiagnosticCode::AmbiguousOrder).to_string(),
            "ambiguous_order"
        );
        let back: Reason = serde_json::from_str("\"decode_error\"").unwrap();
        assert_eq!(back, Reason::Diagnostic(DiagnosticCode::DecodeError));
        let back: Reason = serde_json::from_str("\"timeout\"").unwrap();
        assert_eq!(back, Reason::Timeout);
        assert!(serde_json::from_str::<Reason>("\"unrecognized_layout\"").is_err());
        assert_eq!(
            serde_json::to_string(&Comparator::AtLeast).unwrap(),
            "\"≥\""
        );
    }
}
