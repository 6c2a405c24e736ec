//! PDF input: pages of positioned glyphs and ruling lines, and from their
//! geometry a typed layout — text lines and tables of cells — that the
//! layout parsers read.
//!
//! [`read_pdf`] loads the document with lopdf and runs a small interpreter
//! over each page's content streams (see `interp`): text operators, the
//! graphics state, clipping and path painting only, in the space of the
//! page as displayed (its `/Rotate` applied). Fonts are decoded without
//! parsing font programs (see `font`): ToUnicode maps, simple-font
//! encodings (lopdf's tables and Adobe Glyph List), and the predefined
//! Japanese CMaps (UniJIS-UCS2/UTF16, 90ms-RKSJ, 90msp-RKSJ, EUC, H/V,
//! Identity over Adobe-Japan1 with Adobe's CID table). A glyph nothing
//! decodes is counted in [`Page::undecoded`], never guessed.
//!
//! [`layout`] turns the pages into [`PageLayout`]s: table cells found from
//! ruling lines (or from the alignment of the text), each cell with its
//! spans, box and lines; text outside tables as lines by baseline — or, for
//! vertical writing, columns read right to left. [`render`] turns a layout
//! into the lines the recognizers score (one per table row, cells
//! tab-separated), each with its page, box and table row; [`render_layout`]
//! prints it for reading; [`to_text`] is `render(&layout(pages))`.
//!
//! It does not parse layouts (`plansheet-layout` does) or write anything.
//!
//! ```no_run
//! let bytes = std::fs::read("sheet.pdf").unwrap();
//! let pdf = plansheet_pdf::read_pdf(&bytes).unwrap();
//! let layout = plansheet_pdf::layout(&pdf.pages);
//! for block in &layout[0].blocks {
//!     if let plansheet_pdf::Block::Table(table) = block {
//!         for row in &table.rows {
//!             let cells: Vec<String> = row.cells.iter().map(|c| c.text()).collect();
//!             println!("{cells:?}");
//!         }
//!     }
//! }
//! println!("{}", plansheet_pdf::render(&layout).text);
//! ```

#![deny(missing_docs)]

mod cmap;
mod content;
mod decode;
mod dump;
mod font;
mod grid;
mod interp;
mod japan1;
mod ruby;

pub use dump::{LineOrigin, RowAt, TextDump, render, render_layout, to_text};
pub use grid::{
    Block, Cell, PageLayout, Table, TableRow, TextLine, layout, overprinted, unsure_breaks,
    unsure_indents,
};
pub use ruby::Ruby;

/// Most bytes one stream may decompress to.
pub(crate) const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Most bytes of content a document may have interpreted: its pages',
/// and its forms' and appearances' each time one is drawn (a form of n
/// operations drawn n times is n² work from 2n bytes): a second or two of
/// interpreting. The glyphs and rules kept are bounded on their own.
const MAX_INTERPRETED: usize = 256 * 1024 * 1024;
/// Most bytes of compressed content streams a document may decompress
/// (pages', forms', appearances'; a stream refused at [`MAX_STREAM_BYTES`]
/// counts that much, and is not tried again): a few seconds of inflating,
/// where a kilobyte stream can inflate to the bound.
const MAX_INFLATED: usize = 1 << 30;
/// Most codes a document may decode: eight times the glyphs it may keep
/// (text drawn outside its clip is decoded and not kept).
const MAX_CODES: usize = 8 * MAX_GLYPHS;
/// Most glyphs kept per document.
const MAX_GLYPHS: usize = 2_000_000;
/// Most ruling lines kept per document.
const MAX_RULES: usize = 2_000_000;
/// Most pages read.
const MAX_PAGES: usize = 2_000;

/// A glyph on a page, in PDF points in the space of the page as displayed:
/// origin at the bottom left of the MediaBox, the page's `/Rotate` applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The Unicode text of the glyph (usually one character; a ligature is
    /// expanded, so `ﬁ` reads `fi`). U+FFFD where the font's ToUnicode map
    /// says the producer did not know the character; such a glyph is also
    /// counted in [`Page::undecoded`].
    pub text: String,
    /// Left edge of the glyph's box.
    pub x: f64,
    /// Bottom of the glyph's box: the baseline for left-to-right text.
    pub y: f64,
    /// Advance along the writing direction: horizontal for
    /// [`Direction::LeftToRight`] and [`Direction::RightToLeft`], vertical
    /// for [`Direction::Down`] and [`Direction::Up`].
    pub width: f64,
    /// Font size as rendered: the glyph's extent across the writing
    /// direction.
    pub size: f64,
    /// Which way the text runs on the displayed page.
    pub direction: Direction,
}

impl Glyph {
    /// The glyph's box: left, bottom, right, top.
    pub fn bbox(&self) -> [f64; 4] {
        match self.direction {
            Direction::LeftToRight | Direction::RightToLeft => {
                [self.x, self.y, self.x + self.width, self.y + self.size]
            }
            Direction::Down | Direction::Up => {
                [self.x, self.y, self.x + self.size, self.y + self.width]
            }
        }
    }

    /// Whether the text runs top to bottom (tategaki, 縦書き).
    pub fn is_vertical(&self) -> bool {
        self.direction == Direction::Down
    }
}

/// The direction text runs in on the displayed page, from the glyph's text
/// matrix, the page's `/Rotate` and the font's writing mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Ordinary horizontal text, lines top to bottom.
    LeftToRight,
    /// Top to bottom, columns right to left: vertical writing (a -V CMap,
    /// or horizontal-font glyphs stacked solid in columns), or text
    /// turned 90° clockwise.
    Down,
    /// Bottom to top, columns left to right: text turned 90° counter-
    /// clockwise, as in a rotated column header.
    Up,
    /// Upside down: text turned 180°, lines bottom to top.
    RightToLeft,
}

/// A ruling line (or the edge of a filled or stroked rectangle), with
/// `x0 <= x1` and `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left.
    pub x0: f64,
    /// Bottom.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Top.
    pub y1: f64,
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Page width and height (from the MediaBox; US Letter when missing).
    pub width: f64,
    /// See `width`.
    pub height: f64,
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines.
    pub rules: Vec<Rule>,
    /// Glyphs on this page that nothing could decode: codes no font table
    /// maps, and codes whose ToUnicode entry is U+FFFD (or empty, or a
    /// control character) with no Adobe-Japan1 CID to fall back on. The
    /// former are left out of `glyphs`; the latter stay in it as U+FFFD so
    /// that the line keeps its shape. Either way the text is incomplete by
    /// this many characters.
    pub undecoded: usize,
    /// How far the displayed page was turned counter-clockwise to be read,
    /// in degrees: 0, or 90, 180 or 270 for a page printed sideways or
    /// upside down (most of its glyphs standing on their side: a landscape
    /// sheet given `/Rotate 90` as it was, its text running down the
    /// displayed page), which a reader turns to read. Glyphs, rules, width
    /// and height are those of the page so turned; [`Page::displayed`]
    /// takes a box back to the displayed page.
    pub turned: u16,
}

impl Page {
    /// Turns the page `degrees` (90, 180 or 270) counter-clockwise: its
    /// glyphs, rules and size.
    fn turn(&mut self, degrees: u16) {
        let (width, height) = (self.width, self.height);
        for g in &mut self.glyphs {
            let b = turn_box(g.bbox(), degrees, width, height);
            g.direction = turn_direction(g.direction, degrees);
            (g.x, g.y) = (b[0], b[1]);
        }
        for r in &mut self.rules {
            let b = turn_box([r.x0, r.y0, r.x1, r.y1], degrees, width, height);
            *r = Rule {
                x0: b[0],
                y0: b[1],
                x1: b[2],
                y1: b[3],
            };
        }
        if degrees != 180 {
            (self.width, self.height) = (height, width);
        }
        self.turned = degrees;
    }

    /// A box (left, bottom, right, top) on the page as read, on the page as
    /// displayed: the same box unless the page was turned to be read (see
    /// [`Page::turned`]).
    pub fn displayed(&self, bbox: [f64; 4]) -> [f64; 4] {
        match self.turned {
            0 => bbox,
            degrees => turn_box(bbox, 360 - degrees, self.width, self.height),
        }
    }
}

/// How far to turn a page counter-clockwise to read it, from where its
/// glyphs' tops point (see [`interp::Up`]): where three in four of them or
/// more stand on their side (or on their head) the same way, the turn that
/// sets them upright; None otherwise (a table's column headers set bottom
/// to top over its upright body, however few its rows).
fn sideways(ups: [usize; 4]) -> Option<u16> {
    let total: usize = ups.iter().sum();
    let (most, &count) = ups.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    // (`Up::Right`: tops to the right, turned back counter-clockwise.)
    let degrees = match most {
        1 => 90,
        2 => 180,
        _ => 270,
    };
    (most != interp::Up::Top as usize && count > 0 && count * 4 >= total * 3).then_some(degrees)
}

/// A box (left, bottom, right, top) on a page `width` by `height`, on that
/// page turned `degrees` (90, 180 or 270) counter-clockwise.
fn turn_box(b: [f64; 4], degrees: u16, width: f64, height: f64) -> [f64; 4] {
    match degrees {
        // (x, y) → (height − y, x).
        90 => [height - b[3], b[0], height - b[1], b[2]],
        180 => [width - b[2], height - b[3], width - b[0], height - b[1]],
        // (x, y) → (y, width − x).
        270 => [b[1], width - b[2], b[3], width - b[0]],
        _ => b,
    }
}

/// The direction text runs in, on the page turned `degrees` (90, 180 or
/// 270) counter-clockwise.
fn turn_direction(direction: Direction, degrees: u16) -> Direction {
    const TURNS: [Direction; 4] = [
        Direction::LeftToRight,
        Direction::Up,
        Direction::RightToLeft,
        Direction::Down,
    ];
    let at = TURNS.iter().position(|&d| d == direction).unwrap_or(0);
    TURNS[(at + usize::from(degrees / 90)) % 4]
}

/// A read PDF and what was noticed while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pdf {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// Text-showing operators met in all content streams.
    pub shows: usize,
    /// Glyphs no font could decode, over all pages: the sum of
    /// [`Page::undecoded`]. Non-zero means the text is incomplete (the
    /// facade warns `undecoded_glyphs` and marks the document partial).
    pub undecoded: usize,
    /// Pages whose content stream could not be parsed.
    pub damaged_pages: Vec<u32>,
    /// The faults met, each with the pages it was met on, in the order of
    /// [`Fault`]'s kinds (see [`Pdf::pages_with`]).
    pub faults: std::collections::BTreeMap<Fault, Vec<u32>>,
    /// Whether a limit cut the reading short (pages, glyphs, forms drawn
    /// on a page).
    pub truncated: Option<String>,
    /// How the file's structure had to be repaired to be read, if it did.
    pub repair: Option<Repair>,
}

impl Pdf {
    /// The pages `fault` was met on, in order (none if it was not).
    pub fn pages_with(&self, fault: Fault) -> &[u32] {
        self.faults.get(&fault).map_or(&[], Vec::as_slice)
    }
}

/// A fault on a page that loses text, or may have changed it, named in
/// [`Pdf::faults`] with the pages it was met on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// The page drew a stream (content, form, appearance) whose data is
    /// damaged: it stops before its end or breaks, or could not be decoded
    /// at all. Text in it may be missing or wrong. A font's ToUnicode map
    /// is read once, with the first page that loads the font, and counts
    /// there.
    DamagedStream,
    /// The page lists a content stream, or draws an XObject (a form or an
    /// image), that its resources or the file do not hold: what it drew is
    /// missing.
    MissingObject,
    /// The page drew a Flate stream read to its end whose checksum does
    /// not match its data: producers write wrong checksums on whole
    /// streams, and a damaged stream fails its checksum too.
    ChecksumMismatch,
    /// The page shows text with no font (none selected, or one its
    /// resources do not hold): that text could not be read.
    Fontless,
    /// The page fills a box white over text it drew before (a correction
    /// pasted over the old text, a redaction): the page does not show
    /// that text, and it is left out.
    CoveredText,
    /// The page shows text in fonts named for a Japanese typeface (明朝,
    /// ゴシック, IPAexMincho, MS-Gothic …) whose characters decode mostly
    /// to accented Latin letters, not kana or kanji: the fonts' ToUnicode
    /// maps are wrong (Ghostscript re-distilling its own output writes
    /// each character as one byte, `仮` as `î`), and the text read from
    /// them is noise.
    GarbledFont,
}

/// Repairs lopdf made to read a damaged file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repair {
    /// A cross-reference offset was wrong and a section nearby was used: the
    /// content is most likely whole.
    OffsetCorrected,
    /// The cross-reference table could not be used and was rebuilt by
    /// scanning the file: objects may be missing (a truncated file).
    Reconstructed,
}

/// Why a PDF could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// No bytes.
    #[error("the file is empty")]
    Empty,
    /// No `%PDF-` header in the first 1024 bytes.
    #[error("not a PDF: no %PDF- header in the first 1024 bytes")]
    NotPdf,
    /// Encrypted with a password that is not empty.
    #[error("the PDF is encrypted and needs a password")]
    Encrypted,
    /// The file structure could not be read.
    #[error("the PDF is damaged: {0}")]
    Damaged(String),
}

/// Whether bytes look like a PDF: `%PDF-` in the first 1024 bytes.
pub fn is_pdf(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// Reads every page's glyphs and ruling lines. A panic inside lopdf or the
/// interpreter (a bug, or input nobody foresaw) is caught here and reported
/// as a damaged PDF, so it never reaches the caller.
pub fn read_pdf(bytes: &[u8]) -> Result<Pdf, PdfError> {
    std::panic::catch_unwind(|| read(bytes)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(PdfError::Damaged(format!(
            "the reader crashed on it: {what}"
        )))
    })
}

/// Drops the objects of a tagged PDF's structure tree as lopdf loads them:
/// nothing here reads them, and an office export has one per paragraph
/// and table cell (9,769 in a 16-page report), which kept in the document
/// and freed with it took a third of the file's time.
///
/// lopdf keeps an object read directly from the file as the filter leaves
/// it, and an object-stream member as the filter returns it; streams are
/// never members, so only other objects are cloned.
fn skip_structure(
    id: lopdf::ObjectId,
    object: &mut lopdf::Object,
) -> Option<(lopdf::ObjectId, lopdf::Object)> {
    match object {
        lopdf::Object::Dictionary(dict)
            if matches!(
                dict.get(b"Type").and_then(|t| t.as_name()),
                Ok(b"StructElem" | b"MCR" | b"OBJR")
            ) =>
        {
            None
        }
        lopdf::Object::Stream(_) => Some((id, lopdf::Object::Null)),
        other => Some((id, other.clone())),
    }
}

/// Loads the document without its structure tree, or, where that leaves
/// no page tree, as lopdf reads it unfiltered (which then rebuilds a
/// damaged file's page tree from a scan).
fn load(bytes: &[u8]) -> lopdf::Result<lopdf::Document> {
    let options = lopdf::LoadOptions {
        filter: Some(skip_structure),
        ..Default::default()
    };
    match lopdf::Document::load_mem_with_options(bytes, options) {
        Ok(doc) if doc.page_iter().next().is_some() => Ok(doc),
        _ => lopdf::Document::load_mem(bytes),
    }
}

fn read(bytes: &[u8]) -> Result<Pdf, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    if !is_pdf(bytes) {
        return Err(PdfError::NotPdf);
    }
    let doc = match load(bytes) {
        Ok(doc) => doc,
        Err(lopdf::Error::InvalidPassword) => return Err(PdfError::Encrypted),
        Err(e) if e.to_string().to_lowercase().contains("password") => {
            return Err(PdfError::Encrypted);
        }
        Err(e) => return Err(PdfError::Damaged(e.to_string())),
    };
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(PdfError::Encrypted);
    }
    let repair = doc.xref_recovery.map(|r| match r {
        lopdf::xref::XrefRecovery::OffsetCorrected => Repair::OffsetCorrected,
        _ => Repair::Reconstructed,
    });
    let mut pdf = Pdf {
        pages: Vec::new(),
        shows: 0,
        undecoded: 0,
        damaged_pages: Vec::new(),
        faults: std::collections::BTreeMap::new(),
        truncated: None,
        repair,
    };
    let mut notes = Notes::default();
    // Pages are walked, not collected at once: lopdf sizes a collection by
    // the page tree's `/Count`, which an 832-byte file can put at a
    // billion (12 GB asked for).
    let mut walk = doc.page_iter();
    let pages: Vec<lopdf::ObjectId> = walk.by_ref().take(MAX_PAGES).collect();
    let more = walk.count();
    if more > 0 {
        notes.add(Limit::PagesPastBound, || {
            format!(
                "only the first {MAX_PAGES} of {} pages were read",
                MAX_PAGES + more
            )
        });
    }
    let limits = interp::Limits {
        glyphs: MAX_GLYPHS,
        rules: MAX_RULES,
        interpreted: MAX_INTERPRETED,
        inflated: MAX_INFLATED,
        codes: MAX_CODES,
    };
    let mut interpreter = interp::Interpreter::new(&doc, limits);
    // Glyphs whose ToUnicode text was cut, and content streams not read
    // for their size, each with the first page.
    let (mut cut, mut oversized) = ((0, None), (0, None));
    for (number, &id) in (1..).zip(&pages) {
        if interpreter.interpreted() > MAX_INTERPRETED {
            notes.add(Limit::RestNotRead, || {
                format!(
                    "the content interpreted passed {} MiB decompressed at page {number}; the rest was not read",
                    MAX_INTERPRETED >> 20
                )
            });
            break;
        }
        if doc.get_dictionary(id).is_err() {
            // The page object itself could not be read (nested too deep,
            // missing, not a dictionary).
            pdf.damaged_pages.push(number);
        }
        let (ctm, width, height) = page_matrix(media_box(&doc, id), rotation(&doc, id));
        let content = interpreter.page_content(id);
        let resources = interp::Resources::resolve(&doc, &page_resources(&doc, id));
        interpreter.run(&content, resources, ctm, 0);
        if let Ok(page) = doc.get_dictionary(id) {
            interpreter.annotations(page, resources, &ctm);
        }
        let mut out = interpreter.take_page();
        pdf.shows += out.shows;
        pdf.undecoded += out.undecoded;
        if out.damaged {
            pdf.damaged_pages.push(number);
        }
        if out.form_limit {
            notes.add(Limit::FormsPerPage, || {
                format!(
                    "page {number} drew more than {} form XObjects; the rest were not drawn",
                    interp::MAX_FORMS_PER_PAGE
                )
            });
        }
        if out.oversized > 0 {
            oversized = (oversized.0 + out.oversized, oversized.1.or(Some(number)));
        }
        for &fault in out.faults.keys() {
            pdf.faults.entry(fault).or_default().push(number);
        }
        if out.inflate_limit {
            notes.add(Limit::Inflated, || {
                format!(
                    "the streams decompressed passed {} MiB on page {number}; the compressed \
                     ones after that were not read",
                    MAX_INFLATED >> 20
                )
            });
        }
        if out.code_limit {
            notes.add(Limit::Codes, || {
                format!(
                    "the document decoded its first {MAX_CODES} codes (those of glyphs it does not \
                     keep, drawn outside their clip, count too); those from page {number} on were not decoded"
                )
            });
        }
        if out.widths_cut {
            notes.add(Limit::Widths, || {
                format!(
                    "a font on page {number} has more widths in its /W array than are read; \
                     its glyphs past them are spaced by its default width, which can misplace them"
                )
            });
        }
        if out.content_limit {
            notes.add(Limit::FormsPastContent, || {
                format!(
                    "the content interpreted passed {} MiB decompressed on page {number} (forms and \
                     appearances drawn again and again); the forms after that were not drawn",
                    MAX_INTERPRETED >> 20
                )
            });
        }
        if out.glyph_limit {
            notes.add(Limit::Glyphs, || {
                format!(
                    "only the document's first {MAX_GLYPHS} glyphs were read (the bound was reached on page {number})"
                )
            });
        }
        if out.rule_limit {
            notes.add(Limit::Rules, || {
                format!(
                    "only the document's first {MAX_RULES} ruling lines were read (the bound was reached on page {number})"
                )
            });
        }
        if out.cut > 0 {
            cut = (cut.0 + out.cut, cut.1.or(Some(number)));
        }
        let glyphs = std::mem::take(&mut out.glyphs);
        let mut page = Page {
            number,
            width,
            height,
            glyphs,
            rules: out.rules,
            undecoded: out.undecoded,
            turned: 0,
        };
        if let Some(degrees) = sideways(out.ups) {
            page.turn(degrees);
        }
        pdf.pages.push(page);
    }
    if let (count, Some(first)) = oversized {
        notes.add(Limit::Oversized, || {
            let times = match count {
                1 => format!(" (on page {first})"),
                _ => format!(", {count} times (the first on page {first})"),
            };
            format!(
                "a stream larger than {} MiB decompressed (a page's content streams together) was not read{times}",
                MAX_STREAM_BYTES >> 20,
            )
        });
    }
    if let (count, Some(first)) = cut {
        notes.add(Limit::CodesCut, || {
            format!(
                "{} {} to more than {units} UTF-16 units in the font's ToUnicode map: cut to the \
                 first {units}",
                counted(count, "glyph", first),
                if count == 1 { "maps" } else { "map" },
                units = cmap::MAX_CODE_UNITS
            )
        });
    }
    pdf.truncated = notes.joined();
    Ok(pdf)
}

/// `1 glyph (on page 3)` or `4 glyphs (the first on page 3)`.
fn counted(count: usize, noun: &str, first: u32) -> String {
    match count {
        1 => format!("1 {noun} (on page {first})"),
        _ => format!("{count} {noun}s (the first on page {first})"),
    }
}

/// What cut a document's reading short: each kind of limit once, as the
/// first page it cut says it, in the order met (content streams not read
/// and glyphs cut are counted, and noted last); one note replacing the other hid that
/// pages were dropped. Joined with ` · `: the run report already joins a
/// document's first warning to the count of the rest with `; `.
#[derive(Default)]
struct Notes(Vec<(Limit, String)>);

/// The limits a document's reading can meet, one note each.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Limit {
    /// More pages than [`MAX_PAGES`].
    PagesPastBound,
    /// The content bound met before a page: the rest not read.
    RestNotRead,
    /// Streams past [`MAX_STREAM_BYTES`].
    Oversized,
    /// More forms on a page than it may draw.
    FormsPerPage,
    /// Compressed streams past [`MAX_INFLATED`].
    Inflated,
    /// Forms past [`MAX_INTERPRETED`].
    FormsPastContent,
    /// More codes than [`MAX_CODES`].
    Codes,
    /// More glyphs than [`MAX_GLYPHS`].
    Glyphs,
    /// More rules than [`MAX_RULES`].
    Rules,
    /// A font's `/W` past its bounds.
    Widths,
    /// ToUnicode text cut.
    CodesCut,
}

impl Notes {
    fn add(&mut self, kind: Limit, note: impl FnOnce() -> String) {
        if !self.0.iter().any(|(k, _)| *k == kind) {
            self.0.push((kind, note()));
        }
    }

    fn joined(self) -> Option<String> {
        let notes: Vec<String> = self.0.into_iter().map(|(_, note)| note).collect();
        (!notes.is_empty()).then(|| notes.join(" · "))
    }
}

/// The page's resource dictionaries in the order they are searched: its
/// own, then those of the page tree above it; when the tree cannot be
/// walked (a /Parent cycle), the page's own. They are not merged into a
/// copy: a copy per page of a large inline `/Font` dictionary shared by
/// the tree was work in proportion to pages × its size.
fn page_resources(doc: &lopdf::Document, id: lopdf::ObjectId) -> Vec<&lopdf::Dictionary> {
    let Ok((direct, ids)) = doc.get_page_resources(id) else {
        let own = doc
            .get_dictionary(id)
            .ok()
            .and_then(|page| page.get(b"Resources").ok())
            .and_then(|own| doc.dereference(own).ok())
            .and_then(|(_, own)| own.as_dict().ok());
        return own.into_iter().collect();
    };
    direct
        .into_iter()
        .chain(ids.iter().filter_map(|i| doc.get_dictionary(*i).ok()))
        .collect()
}

/// An inheritable page attribute: the page's own, or the nearest
/// ancestor's in the page tree (a bounded walk, so a /Parent cycle ends).
fn inherited<'a>(
    doc: &'a lopdf::Document,
    id: lopdf::ObjectId,
    key: &[u8],
) -> Option<&'a lopdf::Object> {
    let mut node = doc.get_dictionary(id).ok();
    for _ in 0..32 {
        let dict = node?;
        if let Ok(value) = dict.get(key) {
            return doc.dereference(value).ok().map(|(_, o)| o);
        }
        node = dict
            .get(b"Parent")
            .ok()
            .and_then(|p| p.as_reference().ok())
            .and_then(|p| doc.get_dictionary(p).ok());
    }
    None
}

fn number(o: &lopdf::Object) -> Option<f64> {
    match o {
        lopdf::Object::Integer(i) => Some(*i as f64),
        lopdf::Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// The MediaBox of a page or of the nearest ancestor that has one, as
/// left, bottom, right, top; US Letter when there is none.
fn media_box(doc: &lopdf::Document, id: lopdf::ObjectId) -> [f64; 4] {
    let letter = [0.0, 0.0, 612.0, 792.0];
    let Some(array) = inherited(doc, id, b"MediaBox").and_then(|o| o.as_array().ok()) else {
        return letter;
    };
    let v: Vec<f64> = array
        .iter()
        .map(|o| {
            doc.dereference(o)
                .ok()
                .and_then(|(_, o)| number(o))
                .unwrap_or(0.0)
        })
        .collect();
    match v[..] {
        [a, b, c, d] => [a.min(c), b.min(d), a.max(c), b.max(d)],
        _ => letter,
    }
}

/// The page's `/Rotate` (inherited from the page tree like the MediaBox),
/// as 0, 90, 180 or 270 degrees clockwise. Anything that is not a multiple
/// of 90 is ignored, as viewers do.
fn rotation(doc: &lopdf::Document, id: lopdf::ObjectId) -> i64 {
    let degrees = inherited(doc, id, b"Rotate")
        .and_then(number)
        .map_or(0, |d| d as i64);
    if degrees % 90 == 0 {
        degrees.rem_euclid(360)
    } else {
        0
    }
}

/// The matrix from default user space to the displayed page: the MediaBox's
/// corner moved to the origin, then the page turned by `/Rotate` degrees
/// clockwise; with the displayed width and height. Glyphs and rules are
/// taken through it, so that line and table building only ever see upright
/// pages (a landscape table printed on a portrait page with /Rotate 90
/// reads like any other).
fn page_matrix(b: [f64; 4], degrees: i64) -> ([f64; 6], f64, f64) {
    let (width, height) = (b[2] - b[0], b[3] - b[1]);
    match degrees {
        // (x, y) → (y − y0, x1 − x): the top edge goes to the right.
        90 => ([0.0, -1.0, 1.0, 0.0, -b[1], b[2]], height, width),
        180 => ([-1.0, 0.0, 0.0, -1.0, b[2], b[3]], width, height),
        // (x, y) → (y1 − y, x − x0).
        270 => ([0.0, 1.0, -1.0, 0.0, b[3], -b[0]], height, width),
        _ => ([1.0, 0.0, 0.0, 1.0, -b[0], -b[1]], width, height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of 10-point glyphs, `text` from `x` on baseline `y`, each a
    /// full em wide.
    fn line(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| Glyph {
                text: c.to_string(),
                x: x + 10.0 * k as f64,
                y,
                width: 10.0,
                size: 10.0,
                direction: Direction::LeftToRight,
            })
            .collect()
    }

    fn overprinted_on(glyphs: Vec<Glyph>) -> usize {
        let page = Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            glyphs,
            rules: Vec::new(),
            undecoded: 0,
            turned: 0,
        };
        layout(&[page]).iter().map(overprinted).sum()
    }

    /// Text printed over other text is counted glyph by glyph; lines set
    /// apart, or tight, a bold printed twice, and punctuation set into the
    /// empty half of a box are not.
    #[test]
    fn glyphs_printed_over_other_text_are_counted() {
        let mut over = line("部署名", 100.0, 700.0);
        over.extend(line("地域みまもり", 98.0, 701.0));
        assert_eq!(overprinted_on(over), 6);
        let mut apart = line("部署名", 100.0, 700.0);
        apart.extend(line("地域みまもり", 100.0, 688.0));
        // Lines set at 0.8 of their size share a fifth of each box.
        apart.extend(line("支援センター", 100.0, 680.0));
        // A producer's bold: the same glyphs again, half a point along.
        apart.extend(line("支援センター", 100.5, 680.0));
        // `、「` in one em: the comma's box under the bracket's.
        apart.extend(line("、", 200.0, 700.0));
        apart.extend(line("「", 204.0, 700.0));
        assert_eq!(overprinted_on(apart), 0);
    }

    /// Each kind of limit is noted once, as it was first met, and one
    /// note does not replace another (a cut glyph's note hid that pages
    /// were dropped).
    #[test]
    fn notes_keep_every_kind_once() {
        let mut notes = Notes::default();
        assert_eq!(Notes::default().joined(), None);
        notes.add(Limit::PagesPastBound, || {
            "only the first 2000 of 2001 pages were read".into()
        });
        notes.add(Limit::Glyphs, || "glyphs cut on page 3".into());
        notes.add(Limit::Glyphs, || "glyphs cut on page 4".into());
        assert_eq!(
            notes.joined().as_deref(),
            Some("only the first 2000 of 2001 pages were read · glyphs cut on page 3")
        );
    }

    /// The structure tree is dropped whether its objects sit in an object
    /// stream or in the file itself; everything else is kept whole.
    #[test]
    fn loading_drops_the_structure_tree_only() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/pdf-text/tagged_object_streams.pdf");
        let bytes = std::fs::read(path).unwrap();
        let doc = load(&bytes).unwrap();
        let mut kept: Vec<u32> = doc.objects.keys().map(|id| id.0).collect();
        kept.sort_unstable();
        assert_eq!(kept, [1, 2, 3, 4, 5, 6, 12, 13]);
        let font = doc.get_object((5, 0)).unwrap().as_dict().unwrap();
        assert_eq!(
            font.get(b"BaseFont").unwrap().as_name().unwrap(),
            b"Helvetica"
        );
        // Unfiltered, lopdf holds every object.
        assert_eq!(lopdf::Document::load_mem(&bytes).unwrap().objects.len(), 13);
    }

    /// A page is turned to be read only where three in four of its glyphs
    /// or more stand on their side (or head) the same way, by the turn
    /// that sets them upright; column headers set bottom to top over a few
    /// rows leave it as it is.
    #[test]
    fn a_page_is_turned_where_most_glyphs_stand_on_their_side() {
        // [top, right, bottom, left]
        assert_eq!(sideways([0, 40, 0, 0]), Some(90));
        assert_eq!(sideways([10, 30, 0, 0]), Some(90));
        assert_eq!(sideways([2, 0, 0, 30]), Some(270));
        assert_eq!(sideways([0, 0, 12, 1]), Some(180));
        assert_eq!(sideways([12, 0, 0, 21]), None);
        assert_eq!(sideways([40, 1, 0, 0]), None);
        assert_eq!(sideways([0, 0, 0, 0]), None);
    }

    /// A glyph turned with its page keeps its size, its box turned with
    /// it, its direction turned; the turned page's box is the displayed
    /// page's again through `displayed`, for every turn.
    #[test]
    fn a_turned_page_reads_upright_and_boxes_go_back_to_the_displayed_page() {
        // /Rotate 90 over upright text: on the displayed page (842 by 595)
        // the glyph runs down, its top to the right.
        let glyph = Glyph {
            text: "区".into(),
            x: 540.0,
            y: 526.0,
            width: 14.0,
            size: 14.0,
            direction: Direction::Down,
        };
        let mut page = Page {
            number: 1,
            width: 842.0,
            height: 595.0,
            glyphs: vec![glyph],
            rules: vec![Rule {
                x0: 100.0,
                y0: 50.0,
                x1: 100.0,
                y1: 500.0,
            }],
            undecoded: 0,
            turned: 0,
        };
        page.turn(90);
        assert_eq!((page.width, page.height, page.turned), (595.0, 842.0, 90));
        let g = &page.glyphs[0];
        assert_eq!(g.direction, Direction::LeftToRight);
        // Where it was drawn before the page was given its /Rotate.
        assert_eq!(g.bbox(), [55.0, 540.0, 69.0, 554.0]);
        assert_eq!(page.displayed(g.bbox()), [540.0, 526.0, 554.0, 540.0]);
        // A vertical rule of the displayed page is a horizontal one.
        let r = page.rules[0];
        assert_eq!([r.x0, r.y0, r.x1, r.y1], [95.0, 100.0, 545.0, 100.0]);
        for degrees in [90, 180, 270] {
            let mut turned = Page {
                turned: 0,
                width: 842.0,
                height: 595.0,
                ..page.clone()
            };
            turned.turn(degrees);
            let b = [10.0, 20.0, 30.0, 60.0];
            let there = turn_box(b, degrees, 842.0, 595.0);
            assert_eq!(turned.displayed(there), b, "{degrees}");
            assert!(there.iter().all(|v| *v >= 0.0), "{degrees}: {there:?}");
        }
        assert_eq!(turn_direction(Direction::LeftToRight, 270), Direction::Down);
        assert_eq!(turn_direction(Direction::Up, 180), Direction::Down);
    }
}
