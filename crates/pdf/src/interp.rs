//! A content-stream interpreter that keeps only what layout needs: where each
//! glyph is and what it says, and where the ruling lines are. Text
//! operators, the graphics-state stack, `cm`, path construction and
//! painting, and form XObjects are followed; images, colours, shading and
//! font programs are not.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::content::{Operand, Operations};
use crate::decode::Decoder;
use crate::font::{self, Font};
use crate::{Direction, Fault, Glyph, Rule};

/// Fewest glyphs stacked solid in a column that make it vertical writing.
const MIN_STACK: usize = 6;

/// The most rules drawn across between two glyphs stacked in a column that
/// are looked at; more part them.
const MAX_RULES_BETWEEN: usize = 16;

/// The most annotations read on one page.
const MAX_ANNOTATIONS: usize = 1000;

/// How deep form XObjects may nest before the rest is skipped.
const MAX_FORM_DEPTH: usize = 8;

/// The most form XObjects (annotations' appearances included) drawn on
/// one page. Forms that each draw the next ten times, eight deep, would
/// otherwise be drawn a hundred million times; real pages draw a few
/// hundred at most (a logo, a stamp, a form per table cell).
pub(crate) const MAX_FORMS_PER_PAGE: usize = 10_000;

/// What running a content stream counts toward [`Limits::interpreted`]
/// beyond its bytes: drawing a form costs its look-ups and set-up even
/// when it is empty (10,000 empty forms a page on 2,000 pages are 20
/// million draws from 200 KB).
const RUN_COST: usize = 64;

/// How many graphics states `q` may save in one content stream. Real
/// files nest a handful; a stream of nothing but `q` would otherwise hold
/// a copy of the state for every two bytes.
const MAX_SAVED_STATES: usize = 4096;

type Matrix = [f64; 6];

/// How many operands an operator the interpreter reads takes. It reads
/// the last ones, as poppler does (`Gfx::execOp`): `5 (X) Tj` shows `X`,
/// `/F0 /F1 12 Tf` sets F1; an operator with fewer reads the missing ones
/// as 0. A colour's `sc` and `scn` take as many as its colour space has
/// components (and a pattern's name): all of them.
fn arity(operator: &[u8]) -> usize {
    match operator {
        b"sc" | b"scn" => usize::MAX,
        b"cm" | b"Tm" => 6,
        b"re" | b"k" => 4,
        b"\"" | b"rg" => 3,
        b"Tf" | b"Td" | b"TD" | b"m" | b"l" | b"BDC" => 2,
        b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Ts" | b"Tj" | b"'" | b"TJ" | b"Do" | b"BMC" | b"g"
        | b"cs" => 1,
        _ => 0,
    }
}

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` for PDF's row-vector convention.
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// A matrix from six operands (missing ones read as 0).
fn matrix(a: &[Object]) -> Matrix {
    [
        num(a.first()),
        num(a.get(1)),
        num(a.get(2)),
        num(a.get(3)),
        num(a.get(4)),
        num(a.get(5)),
    ]
}

/// How an appearance form lands on the page (PDF 32000-1, 12.5.5): its
/// `/BBox` through its `/Matrix` gives a box, which is scaled and moved onto
/// the annotation's `/Rect`. `None` for an empty box.
fn appearance_matrix(form_matrix: &Matrix, bbox: [f64; 4], rect: [f64; 4]) -> Option<Matrix> {
    let corners = [
        apply(form_matrix, bbox[0], bbox[1]),
        apply(form_matrix, bbox[2], bbox[1]),
        apply(form_matrix, bbox[0], bbox[3]),
        apply(form_matrix, bbox[2], bbox[3]),
    ];
    let (x0, x1) = corners
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), c| (a.min(c.0), b.max(c.0)));
    let (y0, y1) = corners
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), c| (a.min(c.1), b.max(c.1)));
    let (rx0, rx1) = (rect[0].min(rect[2]), rect[0].max(rect[2]));
    let (ry0, ry1) = (rect[1].min(rect[3]), rect[1].max(rect[3]));
    if x1 - x0 <= f64::EPSILON || y1 - y0 <= f64::EPSILON {
        return None;
    }
    let (sx, sy) = ((rx1 - rx0) / (x1 - x0), (ry1 - ry0) / (y1 - y0));
    let onto_rect = [sx, 0.0, 0.0, sy, rx0 - x0 * sx, ry0 - y0 * sy];
    Some(mul(form_matrix, &onto_rect))
}

/// How many glyphs a page's white fills may look at in all for the text
/// they cover (see `Output::cover`): a bound on the work of a page that
/// draws a white box after every glyph.
const MAX_COVER_CHECKS: usize = 4_000_000;

/// How many coloured fills a page keeps to tell a white fill drawn on one
/// (see `Output::on_colour`): a bound on the work per white fill.
const MAX_COLOURED: usize = 512;

/// The bounding box of a path's segments; `None` for no segment.
fn path_box(path: &[(f64, f64, f64, f64)]) -> Option<[f64; 4]> {
    (!path.is_empty()).then(|| {
        path.iter().fold(
            [f64::MAX, f64::MAX, f64::MIN, f64::MIN],
            |b, &(x0, y0, x1, y1)| {
                [
                    b[0].min(x0).min(x1),
                    b[1].min(y0).min(y1),
                    b[2].max(x0).max(x1),
                    b[3].max(y0).max(y1),
                ]
            },
        )
    })
}

/// Whether a colour operator's operands (`g`, `rg`, `k`, or `sc`/`scn` of
/// one, three or four components) give white or as good as: a gray or
/// RGB of 0.99 or more each, a CMYK of 0.01 or less each. A pattern's
/// name, or any other count, is not white.
fn is_white(operands: &[Operand]) -> bool {
    let all_within = |low: f64, high: f64| {
        operands
            .iter()
            .all(|o| matches!(o, Operand::Number(v) if (low..=high).contains(v)))
    };
    match operands.len() {
        1 | 3 => all_within(0.99, 1.0),
        4 => all_within(0.0, 0.01),
        _ => false,
    }
}

fn translate(x: f64, y: f64) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, x, y]
}

/// The clip after intersecting it with a path's bounding box. A path with
/// no segments (a degenerate clip) leaves the clip as it was rather than
/// hiding everything.
fn clip_to(clip: Option<[f64; 4]>, path: &[(f64, f64, f64, f64)]) -> Option<[f64; 4]> {
    let Some(b) = path_box(path) else {
        return clip;
    };
    Some(match clip {
        Some(c) => [
            c[0].max(b[0]),
            c[1].max(b[1]),
            c[2].min(b[2]),
            c[3].min(b[3]),
        ],
        None => b,
    })
}

fn num(obj: Option<&Object>) -> f64 {
    match obj {
        Some(Object::Integer(i)) => *i as f64,
        Some(Object::Real(r)) => f64::from(*r),
        _ => 0.0,
    }
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<std::rc::Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
    /// The clipping region's bounding box in page space (left, bottom,
    /// right, top), where a clipping path was set: text outside it is not
    /// shown. Bounding boxes over-approximate a clip that is not a
    /// rectangle, so nothing visible is dropped.
    clip: Option<[f64; 4]>,
    /// Whether the colour paths are filled with is white (or as good as):
    /// on the paper, such a fill draws nothing, and its edges are no rules
    /// (wkhtmltopdf fills each page's text area, and its cells, white
    /// before drawing them); on a coloured fill it is drawn to be seen (a
    /// table's white rules on a coloured band).
    white_fill: bool,
    /// Whether the colour space paths are filled in is a gray (the initial
    /// one, `g`'s, or `/DeviceGray cs`).
    gray_fill_space: bool,
}

impl State {
    fn new(ctm: Matrix) -> Self {
        State {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            clip: None,
            white_fill: false,
            gray_fill_space: true,
        }
    }
}

/// The graphics states `q` saved, at most [`MAX_SAVED_STATES`]. A `q`
/// past the limit saves nothing, and so that `q` and `Q` still pair up,
/// its own `Q` (the next one) restores nothing: the states inside the
/// excess levels are not restored, the ones around them are. No text is
/// dropped, and nothing is marked damaged: such nesting is hostile, not
/// broken, and every glyph is still drawn.
#[derive(Default)]
struct SavedStates {
    saved: Vec<State>,
    /// `q`s past the limit not yet matched by a `Q`.
    unsaved: usize,
}

impl SavedStates {
    fn save(&mut self, state: &State) {
        if self.saved.len() < MAX_SAVED_STATES {
            self.saved.push(state.clone());
        } else {
            self.unsaved += 1;
        }
    }

    /// The state the next `Q` returns to; `None` for a `Q` that matches
    /// an unsaved `q` or none at all (the state stays).
    fn restore(&mut self) -> Option<State> {
        if self.unsaved > 0 {
            self.unsaved -= 1;
            return None;
        }
        self.saved.pop()
    }
}

/// What one page's content streams produced.
#[derive(Default)]
pub(crate) struct Output {
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) rules: Vec<Rule>,
    /// The boxes of the last [`MAX_COLOURED`] paths filled with a colour
    /// other than white: a white fill on one of them is drawn to be seen.
    coloured: std::collections::VecDeque<[f64; 4]>,
    /// Glyphs looked at so far on the page for white fills over them (see
    /// `Output::cover`).
    cover_checks: usize,
    /// Text-showing operators met, and codes that decoded to nothing.
    pub(crate) shows: usize,
    pub(crate) undecoded: usize,
    /// Of the characters of fonts named for a Japanese typeface, the
    /// accented Latin letters, the other Latin letters, and the kana and
    /// kanji (see [`Fault::GarbledFont`]).
    japanese_faces: [usize; 3],
    /// Content that could not be parsed.
    pub(crate) damaged: bool,
    /// Whether [`MAX_FORMS_PER_PAGE`] forms were drawn and more were
    /// skipped.
    pub(crate) form_limit: bool,
    /// Whether forms or appearances were skipped because the content
    /// interpreted in the document had passed [`Limits::interpreted`].
    pub(crate) content_limit: bool,
    /// Content streams (the page's, forms', appearances') not read because
    /// they decompress to more than
    /// [`MAX_STREAM_BYTES`](crate::MAX_STREAM_BYTES), a page's together.
    pub(crate) oversized: usize,
    /// Whether compressed content streams were not read because the
    /// document had decompressed [`Limits::inflated`].
    pub(crate) inflate_limit: bool,
    /// The faults met on the page, each with how many times: damaged
    /// streams and checksum mismatches as the decoder reports them,
    /// strings shown with no font, and content streams or XObjects that
    /// the resources or the file do not hold.
    pub(crate) faults: std::collections::BTreeMap<Fault, usize>,
    /// Whether codes were not decoded because the document had decoded
    /// [`Limits::codes`].
    pub(crate) code_limit: bool,
    /// Whether a font drawn had widths past its `/W` bound that were not
    /// read.
    pub(crate) widths_cut: bool,
    /// Whether glyphs or rules were dropped because the document had
    /// [`Limits::glyphs`] or [`Limits::rules`].
    pub(crate) glyph_limit: bool,
    pub(crate) rule_limit: bool,
    /// Codes whose text was their ToUnicode entry cut short (see
    /// [`MAX_CODE_UNITS`](crate::cmap::MAX_CODE_UNITS)).
    pub(crate) cut: usize,
    /// The glyphs kept, by where their tops point on the displayed page
    /// (see [`Up`]): a page whose glyphs mostly stand on their side is
    /// printed sideways.
    pub(crate) ups: [usize; 4],
}

/// Where a glyph's top points on the displayed page: the image of its own
/// up (+y in glyph space, for a vertical font's upright glyphs too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Up {
    /// Upright.
    Top = 0,
    /// Turned 90° clockwise: its top to the right.
    Right = 1,
    /// Upside down.
    Bottom = 2,
    /// Turned 90° counter-clockwise: its top to the left.
    Left = 3,
}

impl Up {
    /// Where the up vector `(dx, dy)` points, to the nearest quarter.
    fn of(dx: f64, dy: f64) -> Up {
        if dy.abs() >= dx.abs() {
            if dy >= 0.0 { Up::Top } else { Up::Bottom }
        } else if dx > 0.0 {
            Up::Right
        } else {
            Up::Left
        }
    }
}

impl Output {
    /// Leaves out the glyphs drawn before whose middles a white fill's box
    /// covers (text the page hides under a correction or a redaction),
    /// counting them as [`Fault::CoveredText`]; within a budget of glyphs
    /// looked at per page, past which no more are hidden.
    fn cover(&mut self, path: &[(f64, f64, f64, f64)]) {
        let Some(b) = path_box(path) else { return };
        // A box no wider or taller than a rule covers nothing.
        if b[2] - b[0] < 2.0 || b[3] - b[1] < 2.0 || self.glyphs.is_empty() {
            return;
        }
        if self.cover_checks > MAX_COVER_CHECKS {
            return;
        }
        self.cover_checks += self.glyphs.len();
        let before = self.glyphs.len();
        self.glyphs.retain(|g| {
            let [x0, y0, x1, y1] = g.bbox();
            let (x, y) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            g.text.trim().is_empty() || !(b[0] < x && x < b[2] && b[1] < y && y < b[3])
        });
        let covered = before - self.glyphs.len();
        if covered > 0 {
            *self.faults.entry(Fault::CoveredText).or_default() += covered;
        }
    }

    /// Notes the box of a path filled with a colour other than white.
    fn coloured(&mut self, path: &[(f64, f64, f64, f64)]) {
        if let Some(b) = path_box(path) {
            if self.coloured.len() == MAX_COLOURED {
                self.coloured.pop_front();
            }
            self.coloured.push_back(b);
        }
    }

    /// Whether the middle of a path's box lies on a fill of colour drawn
    /// before it.
    fn on_colour(&self, path: &[(f64, f64, f64, f64)]) -> bool {
        path_box(path).is_some_and(|b| {
            let (x, y) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
            self.coloured
                .iter()
                .any(|c| c[0] <= x && x <= c[2] && c[1] <= y && y <= c[3])
        })
    }

    /// Counts `fault` once more.
    fn met(&mut self, fault: Fault) {
        self.met_times(fault, 1);
    }

    /// Counts `fault` `times` more (a fault met no time is not listed).
    fn met_times(&mut self, fault: Fault, times: usize) {
        if times > 0 {
            *self.faults.entry(fault).or_default() += times;
        }
    }
}

pub(crate) struct Interpreter<'a> {
    doc: &'a Document,
    /// The fonts read, by the address of their dictionary, and the parts
    /// they were read from: each is read once in the document, however
    /// many pages use it.
    fonts: HashMap<usize, std::rc::Rc<Font>>,
    font_parts: font::Parts<'a>,
    /// The font tables of the `/Font` dictionaries read, by the
    /// dictionary's address: a form drawn 10,000 times had its table of
    /// every font rebuilt for each draw, and a page tree's shared
    /// resources had theirs rebuilt for each page. All these addresses are
    /// of the document's own objects (resources are looked up, never
    /// merged into a copy), which do not move while it is borrowed.
    font_tables: HashMap<usize, std::rc::Rc<FontTable>>,
    out: Output,
    limits: Limits,
    /// Glyphs and rules kept on the pages before this one: the bounds are
    /// the document's, not a page's (pages sharing one content stream of
    /// many glyphs each kept as many).
    earlier_glyphs: usize,
    earlier_rules: usize,
    /// Codes decoded in the document (see [`Limits::codes`]).
    codes: usize,
    /// Decodes the streams of the document (content, forms, appearances,
    /// ToUnicode maps) within its decoding budget.
    decoder: Decoder,
    /// Bytes of content interpreted in the document: its pages', and those
    /// of every form and appearance each time one is drawn (a form of n
    /// operations drawn n times is n² work from 2n bytes).
    interpreted: usize,
    /// The forms being drawn, outermost first: a form is not drawn inside
    /// itself.
    drawing: Vec<ObjectId>,
    /// Forms drawn on this page.
    forms_drawn: usize,
}

/// What one document may cost the interpreter: glyphs and rules kept, and
/// bytes of content interpreted (pages', forms' and appearances', each
/// time one is drawn).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) glyphs: usize,
    pub(crate) rules: usize,
    pub(crate) interpreted: usize,
    /// Bytes of streams decoded (see [`Decoder`]).
    pub(crate) inflated: usize,
    /// Codes decoded, their glyphs kept or not (text outside the clip is
    /// decoded and not kept).
    pub(crate) codes: usize,
}

/// Fonts by their resource name.
type FontTable = HashMap<Vec<u8>, std::rc::Rc<Font>>;

/// What a content stream looks names up in: its resources, and their
/// fonts read.
#[derive(Clone)]
struct Scope<'a> {
    resources: Resources<'a>,
    fonts: std::rc::Rc<FontTable>,
}

/// The resources in force: the `/Font`, `/XObject` and `/Properties`
/// dictionaries, each the document's own object, borrowed (never a merged
/// copy), looked up once for a page or a form, not for every `Do`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Resources<'a> {
    fonts: Option<&'a Dictionary>,
    xobjects: Option<&'a Dictionary>,
    properties: Option<&'a Dictionary>,
}

impl<'a> Resources<'a> {
    /// The resources of dictionaries searched in order (a page's own, then
    /// its ancestors' in the page tree): each kind from the first that has
    /// an entry of it.
    pub(crate) fn resolve(doc: &'a Document, dictionaries: &[&'a Dictionary]) -> Self {
        let kind = |kind: &[u8]| {
            let entry = dictionaries.iter().find_map(|r| r.get(kind).ok())?;
            doc.dereference(entry).ok()?.1.as_dict().ok()
        };
        Resources {
            fonts: kind(b"Font"),
            xobjects: kind(b"XObject"),
            properties: kind(b"Properties"),
        }
    }
}

/// A marked-content span whose property list gives `/ActualText`, open:
/// the text, and the page's glyphs and undecoded codes when it opened.
struct Marked {
    text: String,
    glyphs: usize,
    undecoded: usize,
}

/// How many marked-content spans may be open at once in a content stream
/// (deeper ones are counted, not kept, and give no text).
const MAX_MARKED: usize = 4096;

/// The text an `/ActualText` string stands for (a PDF text string:
/// UTF-16BE or UTF-8 after their byte-order marks, else PDFDocEncoding),
/// read by lopdf; None if it does not decode.
fn actual_text(bytes: &[u8]) -> Option<String> {
    lopdf::decode_text_string(&Object::string_literal(bytes)).ok()
}

impl<'a> Interpreter<'a> {
    pub(crate) fn new(doc: &'a Document, limits: Limits) -> Self {
        Interpreter {
            doc,
            fonts: HashMap::new(),
            font_parts: font::Parts::default(),
            font_tables: HashMap::new(),
            out: Output::default(),
            limits,
            earlier_glyphs: 0,
            earlier_rules: 0,
            codes: 0,
            decoder: Decoder::new(limits.inflated),
            interpreted: 0,
            drawing: Vec::new(),
            forms_drawn: 0,
        }
    }

    /// Bytes of content interpreted so far in the document, forms and
    /// appearances counted at each draw.
    pub(crate) fn interpreted(&self) -> usize {
        self.interpreted
    }

    /// The page's output; the interpreter is ready for the next page and
    /// keeps the fonts it has read.
    pub(crate) fn take_page(&mut self) -> Output {
        self.forms_drawn = 0;
        let report = self.decoder.take_report();
        self.out.oversized = report.oversized;
        self.out.inflate_limit = report.budget_met;
        self.out.met_times(Fault::DamagedStream, report.damaged);
        self.out
            .met_times(Fault::ChecksumMismatch, report.mismatched);
        // A Japanese face printing accented Latin letters, more than twice
        // its kana and kanji and one Latin letter in seven or more (a page
        // of Portuguese in MS Gothic holds one in twenty-five or so): its
        // characters are noise.
        let [accented, latin, japanese] = self.out.japanese_faces;
        if accented >= 8 && accented > 2 * japanese && accented * 7 >= accented + latin {
            self.out.met(Fault::GarbledFont);
        }
        self.earlier_glyphs += self.out.glyphs.len();
        self.earlier_rules += self.out.rules.len();
        let mut out = std::mem::take(&mut self.out);
        stack_columns(&mut out.glyphs, &out.rules);
        out
    }

    /// The `/ActualText` of the property list named `name` in the
    /// resources' `/Properties`, if it has one.
    fn actual_text_of(&self, resources: Resources<'a>, name: &[u8]) -> Option<String> {
        let entry = resources.properties?.get(name).ok()?;
        let properties = self.doc.dereference(entry).ok()?.1.as_dict().ok()?;
        let text = self
            .doc
            .dereference(properties.get(b"ActualText").ok()?)
            .ok()?
            .1;
        actual_text(text.as_str().ok()?)
    }

    /// Puts the text of a marked-content span's `/ActualText` in place of
    /// its glyphs' own, which stand for it (Chromium gives a glyph that
    /// several characters share, a kanji and its radical `⽬`/`目`, the
    /// ToUnicode entry of one and the span the right one; a producer
    /// spells out a ligature or drops a hyphen so): nothing where it is
    /// the glyphs' own text past white space, a character past white
    /// space for each glyph that is not blank where they are as many,
    /// else the whole text on the first glyph,
    /// its box stretched over the others, which go (none, for an empty
    /// text; the glyphs stay as they are where they run over several
    /// lines). Codes the span's glyphs left undecoded are decoded by it.
    fn stand_for(&mut self, span: Marked) {
        let glyphs = &mut self.out.glyphs;
        let Some(drawn) = glyphs.get_mut(span.glyphs..).filter(|g| !g.is_empty()) else {
            return;
        };
        // Past white space, the glyphs' own text already, or a character
        // for each glyph that is not blank (a line's text given with a
        // space after it, as a remediation tool writes it: rev98 b5).
        let ink: Vec<char> = span.text.chars().filter(|c| !c.is_whitespace()).collect();
        let inked = |g: &&mut Glyph| !g.text.trim().is_empty();
        let own: String = drawn
            .iter()
            .flat_map(|g| g.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        if !ink.is_empty() && ink.iter().copied().eq(own.chars()) {
            // (Nothing to put in their place.)
        } else if !ink.is_empty() && ink.len() == drawn.iter_mut().filter(inked).count() {
            for (g, c) in drawn.iter_mut().filter(inked).zip(ink) {
                g.text = c.to_string();
            }
        } else if span.text.is_empty() {
            glyphs.truncate(span.glyphs);
        } else {
            let bbox = crate::grid::bbox(&drawn.iter().collect::<Vec<_>>());
            let (wide, tall) = (bbox[2] - bbox[0], bbox[3] - bbox[1]);
            // (Along the text, and across it.)
            let (along, across) = match drawn[0].direction {
                Direction::LeftToRight | Direction::RightToLeft => (wide, tall),
                Direction::Down | Direction::Up => (tall, wide),
            };
            // Not over several lines (a paragraph's text given for
            // accessibility): one glyph standing for them all would take
            // their lines' text to the first's place.
            if across > 1.5 * drawn[0].size {
                return;
            }
            let first = &mut drawn[0];
            first.text = span.text;
            (first.x, first.y, first.width) = (bbox[0], bbox[1], along);
            glyphs.truncate(span.glyphs + 1);
        }
        self.out.undecoded = span.undecoded;
    }

    /// Runs a content stream with the given resources and starting matrix.
    pub(crate) fn run(
        &mut self,
        content: &[u8],
        resources: Resources<'a>,
        ctm: Matrix,
        depth: usize,
    ) {
        self.draw(content, resources, State::new(ctm), depth, &[]);
    }

    /// Runs a content stream from `state`: a form is drawn in the text
    /// state of the `Do` that draws it (a form that sets no font shows its
    /// text in the one already set), and a font or XObject name its own
    /// resources lack is looked up in those of what drew it, innermost
    /// first (`outer`), as poppler reads them.
    fn draw(
        &mut self,
        content: &[u8],
        resources: Resources<'a>,
        mut state: State,
        depth: usize,
        outer: &[Scope<'a>],
    ) {
        self.interpreted = self.interpreted.saturating_add(content.len() + RUN_COST);
        let fonts = self.font_table(resources);
        // The scopes a form drawn here looks names up in: built at the
        // first `Do`.
        let mut chain: Option<Vec<Scope<'a>>> = None;
        let mut stack = SavedStates::default();
        // A `W` or `W*` makes the current path the clip when it is painted
        // or ended.
        let mut clip_pending = false;
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        let mut path: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut current: Option<(f64, f64)> = None;
        let mut start: Option<(f64, f64)> = None;
        let mut ops = Operations::new(content);
        let mut a: Vec<Operand<'_>> = Vec::new();
        // The marked-content spans open (those with no `/ActualText` as
        // None), and how many more than `MAX_MARKED` are.
        let mut marked: Vec<Option<Marked>> = Vec::new();
        let mut too_deep = 0usize;
        while let Some(operator) = ops.next_into(&mut a) {
            let a = &a[a.len().saturating_sub(arity(operator))..];
            let arg = |k: usize| a.get(k).map_or(0.0, Operand::number);
            match operator {
                b"BDC" | b"BMC" if marked.len() >= MAX_MARKED => too_deep += 1,
                b"BDC" => {
                    let text = match a.get(1) {
                        Some(Operand::Dictionary(Some(text))) => actual_text(text),
                        Some(Operand::Name(name)) => self.actual_text_of(resources, name),
                        _ => None,
                    };
                    marked.push(text.map(|text| Marked {
                        text,
                        glyphs: self.out.glyphs.len(),
                        undecoded: self.out.undecoded,
                    }));
                }
                b"BMC" => marked.push(None),
                b"EMC" if too_deep > 0 => too_deep -= 1,
                b"EMC" => {
                    if let Some(Some(span)) = marked.pop() {
                        self.stand_for(span);
                    }
                }
                b"q" => stack.save(&state),
                b"Q" => {
                    if let Some(s) = stack.restore() {
                        state = s;
                    }
                }
                b"cm" => {
                    state.ctm = mul(
                        &[arg(0), arg(1), arg(2), arg(3), arg(4), arg(5)],
                        &state.ctm,
                    );
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" => {
                    // A Tf with one operand is tolerated: the size stays.
                    if let Some(Operand::Name(name)) = a.first() {
                        let name: &[u8] = name.as_ref();
                        state.font = fonts
                            .get(name)
                            .or_else(|| outer.iter().rev().find_map(|o| o.fonts.get(name)))
                            .cloned();
                    }
                    if a.len() >= 2 {
                        state.size = arg(1);
                    }
                }
                b"Tc" => state.char_spacing = arg(0),
                b"Tw" => state.word_spacing = arg(0),
                b"Tz" => state.scale = arg(0) / 100.0,
                b"TL" => state.leading = arg(0),
                b"Ts" => state.rise = arg(0),
                b"Td" => {
                    tlm = mul(&translate(arg(0), arg(1)), &tlm);
                    tm = tlm;
                }
                b"TD" => {
                    state.leading = -arg(1);
                    tlm = mul(&translate(arg(0), arg(1)), &tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    tlm = [arg(0), arg(1), arg(2), arg(3), arg(4), arg(5)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&translate(0.0, -state.leading), &tlm);
                    tm = tlm;
                }
                b"Tj" => self.show(a.first(), &state, &mut tm),
                b"'" => {
                    tlm = mul(&translate(0.0, -state.leading), &tlm);
                    tm = tlm;
                    self.show(a.first(), &state, &mut tm);
                }
                b"\"" => {
                    state.word_spacing = arg(0);
                    state.char_spacing = arg(1);
                    tlm = mul(&translate(0.0, -state.leading), &tlm);
                    tm = tlm;
                    self.show(a.get(2), &state, &mut tm);
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = a.first() {
                        for item in items {
                            match item {
                                Operand::String(..) => self.show(Some(item), &state, &mut tm),
                                other => {
                                    let adjust = -other.number() / 1000.0 * state.size;
                                    let vertical =
                                        state.font.as_ref().is_some_and(|f| f.vertical());
                                    tm = if vertical {
                                        mul(&translate(0.0, adjust), &tm)
                                    } else {
                                        mul(&translate(adjust * state.scale, 0.0), &tm)
                                    };
                                }
                            }
                        }
                    }
                }
                b"m" => {
                    let p = apply(&state.ctm, arg(0), arg(1));
                    current = Some(p);
                    start = Some(p);
                }
                b"l" => {
                    let p = apply(&state.ctm, arg(0), arg(1));
                    if let Some(c) = current {
                        path.push((c.0, c.1, p.0, p.1));
                    }
                    current = Some(p);
                }
                b"h" => {
                    if let (Some(c), Some(s)) = (current, start) {
                        path.push((c.0, c.1, s.0, s.1));
                        current = Some(s);
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (arg(0), arg(1), arg(2), arg(3));
                    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
                    let p: Vec<(f64, f64)> = corners
                        .iter()
                        .map(|&(cx, cy)| apply(&state.ctm, cx, cy))
                        .collect();
                    let (xs, ys): (Vec<f64>, Vec<f64>) = p.iter().copied().unzip();
                    let (x0, x1) = (
                        xs.iter().copied().fold(f64::MAX, f64::min),
                        xs.iter().copied().fold(f64::MIN, f64::max),
                    );
                    let (y0, y1) = (
                        ys.iter().copied().fold(f64::MAX, f64::min),
                        ys.iter().copied().fold(f64::MIN, f64::max),
                    );
                    // A thin rectangle is a drawn line; a wide one has four edges.
                    if x1 - x0 < 2.0 {
                        path.push(((x0 + x1) / 2.0, y0, (x0 + x1) / 2.0, y1));
                    } else if y1 - y0 < 2.0 {
                        path.push((x0, (y0 + y1) / 2.0, x1, (y0 + y1) / 2.0));
                    } else {
                        path.extend([
                            (x0, y0, x1, y0),
                            (x1, y0, x1, y1),
                            (x0, y1, x1, y1),
                            (x0, y0, x0, y1),
                        ]);
                    }
                    current = Some(p[0]);
                    start = Some(p[0]);
                }
                b"W" | b"W*" => clip_pending = true,
                b"g" | b"rg" | b"k" => {
                    state.gray_fill_space = operator == b"g";
                    state.white_fill = is_white(a);
                }
                // One component is a gray only in a gray colour space: in
                // a Separation (a spot colour), tint 1 is full ink.
                b"sc" | b"scn" => {
                    state.white_fill = (a.len() != 1 || state.gray_fill_space) && is_white(a);
                }
                // A colour space's initial colour is black.
                b"cs" => {
                    state.white_fill = false;
                    state.gray_fill_space = matches!(
                        a.first(),
                        Some(Operand::Name(name)) if matches!(name.as_ref(), b"DeviceGray" | b"G")
                    );
                }
                b"f" | b"F" | b"f*" if state.white_fill && !self.out.on_colour(&path) => {
                    // White on the paper: nothing drawn, no rules — but
                    // over text drawn before, that text hidden.
                    self.out.cover(&path);
                    if std::mem::take(&mut clip_pending) {
                        state.clip = clip_to(state.clip, &path);
                    }
                    path.clear();
                    current = None;
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    if !state.white_fill && !matches!(operator, b"S" | b"s") {
                        self.out.coloured(&path);
                    }
                    if std::mem::take(&mut clip_pending) {
                        state.clip = clip_to(state.clip, &path);
                    }
                    let room = self
                        .limits
                        .rules
                        .saturating_sub(self.earlier_rules + self.out.rules.len());
                    if path.len() > room {
                        self.out.rule_limit = true;
                        path.truncate(room);
                    }
                    for (x0, y0, x1, y1) in path.drain(..) {
                        self.out.rules.push(Rule {
                            x0: x0.min(x1),
                            y0: y0.min(y1),
                            x1: x0.max(x1),
                            y1: y0.max(y1),
                        });
                    }
                    current = None;
                }
                b"n" => {
                    if std::mem::take(&mut clip_pending) {
                        state.clip = clip_to(state.clip, &path);
                    }
                    path.clear();
                    current = None;
                }
                b"Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(Operand::Name(name)) = a.first() {
                        let chain = chain.get_or_insert_with(|| {
                            let here = Scope {
                                resources,
                                fonts: fonts.clone(),
                            };
                            outer.iter().cloned().chain([here]).collect()
                        });
                        self.form(name, &state, depth, chain);
                    }
                }
                _ => {}
            }
        }
        if ops.damaged() {
            self.out.damaged = true;
        }
    }

    /// Draws the XObject `name` if it is a form; `outer` are the scopes
    /// of what draws it, the `Do`'s own last.
    fn form(&mut self, name: &[u8], state: &State, depth: usize, outer: &[Scope<'a>]) {
        let doc = self.doc;
        let Some(resources) = outer.last().map(|o| o.resources) else {
            return;
        };
        let Some((id, stream)) = outer
            .iter()
            .rev()
            .find_map(|o| o.resources.xobjects?.get(name).ok())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(id, o)| Some((id, o.as_stream().ok()?)))
        else {
            // A name the resources do not hold, or an object the file
            // does not: a form, with text, or an image, there is no
            // telling (poppler draws nothing either).
            self.out.met(Fault::MissingObject);
            return;
        };
        if stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|s| s.as_name().ok())
            != Some(b"Form".as_slice())
        {
            return;
        }
        let form_matrix = match stream.dict.get(b"Matrix") {
            Ok(Object::Array(m)) if m.len() == 6 => matrix(m),
            _ => IDENTITY,
        };
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let inner = own.map_or(resources, |own| Resources::resolve(doc, &[own]));
        if !self.enter_form(id) {
            return;
        }
        if let Some(content) = self
            .decoder
            .content(doc, stream, id, crate::MAX_STREAM_BYTES)
        {
            // The text state goes in. The clip starts afresh: a form's
            // text outside its caller's clip is kept, not lost.
            let inherited = State {
                ctm: mul(&form_matrix, &state.ctm),
                clip: None,
                ..state.clone()
            };
            self.draw(&content, inner, inherited, depth + 1, outer);
        }
        self.leave_form(id);
    }

    /// Whether a form may be drawn, and if so it is on the draw path until
    /// [`leave_form`](Self::leave_form). Not a form already being drawn
    /// further up: poppler skips such a form too (`Gfx::opXObject`), and
    /// one that draws itself k times would otherwise run k to the power
    /// [`MAX_FORM_DEPTH`] times. Not past [`MAX_FORMS_PER_PAGE`] either,
    /// nor once the document's content interpreted has passed
    /// [`Limits::interpreted`], which are reported: what
    /// the rest would have drawn is missing.
    fn enter_form(&mut self, id: Option<ObjectId>) -> bool {
        if id.is_some_and(|id| self.drawing.contains(&id)) {
            return false;
        }
        if self.forms_drawn >= MAX_FORMS_PER_PAGE {
            self.out.form_limit = true;
            return false;
        }
        if self.interpreted > self.limits.interpreted {
            self.out.content_limit = true;
            return false;
        }
        self.forms_drawn += 1;
        self.drawing.extend(id);
        true
    }

    fn leave_form(&mut self, id: Option<ObjectId>) {
        if id.is_some() {
            self.drawing.pop();
        }
    }

    /// Runs the appearance streams of a page's annotations — form fields,
    /// FreeText notes, stamps — as a viewer draws them (and `pdftotext`
    /// reads them): each normal appearance (`/AP /N`, the state `/AS` names
    /// when there are several) is scaled from its box into the
    /// annotation's `/Rect`. Hidden and no-view annotations are skipped.
    pub(crate) fn annotations(
        &mut self,
        page: &'a Dictionary,
        page_resources: Resources<'a>,
        ctm: &Matrix,
    ) {
        let doc = self.doc;
        let deref = |o: &'a Object| doc.dereference(o).ok().map(|(_, o)| o);
        // The appearance's object id, to keep it off its own draw path.
        let deref_id = |o: &'a Object| doc.dereference(o).ok();
        let Some(Object::Array(annots)) = page.get(b"Annots").ok().and_then(deref) else {
            return;
        };
        // Where an appearance looks names up after its own resources.
        let page = Scope {
            resources: page_resources,
            fonts: self.font_table(page_resources),
        };
        for annot in annots.iter().take(MAX_ANNOTATIONS) {
            let Some(annot) = deref(annot).and_then(|o| o.as_dict().ok()) else {
                continue;
            };
            // Flags: 2 = Hidden, 32 = NoView.
            let flags = annot
                .get(b"F")
                .ok()
                .and_then(|f| f.as_i64().ok())
                .unwrap_or(0);
            if flags & (2 | 32) != 0 {
                continue;
            }
            let Some(normal) = annot
                .get(b"AP")
                .ok()
                .and_then(deref)
                .and_then(|ap| ap.as_dict().ok())
                .and_then(|ap| ap.get(b"N").ok())
                .and_then(deref_id)
            else {
                continue;
            };
            let (id, form) = match normal {
                (id, Object::Stream(stream)) => (id, stream),
                (_, Object::Dictionary(states)) => {
                    let Some(state) = annot.get(b"AS").ok().and_then(|s| s.as_name().ok()) else {
                        continue;
                    };
                    match states.get(state).ok().and_then(deref_id) {
                        Some((id, Object::Stream(stream))) => (id, stream),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            let rect = match annot.get(b"Rect").ok().and_then(deref) {
                Some(Object::Array(r)) if r.len() == 4 => {
                    [num(r.first()), num(r.get(1)), num(r.get(2)), num(r.get(3))]
                }
                _ => continue,
            };
            let bbox = match form.dict.get(b"BBox").ok().and_then(deref) {
                Some(Object::Array(b)) if b.len() == 4 => {
                    [num(b.first()), num(b.get(1)), num(b.get(2)), num(b.get(3))]
                }
                _ => continue,
            };
            let form_matrix = match form.dict.get(b"Matrix") {
                Ok(Object::Array(m)) if m.len() == 6 => matrix(m),
                _ => IDENTITY,
            };
            let Some(placed) = appearance_matrix(&form_matrix, bbox, rect) else {
                continue;
            };
            let resources = form
                .dict
                .get(b"Resources")
                .ok()
                .and_then(deref)
                .and_then(|o| o.as_dict().ok());
            // An appearance looks names up in the page's resources after
            // its own, and uses the page's when it has none, as poppler
            // reads it (forms without them did so in PDF 1.1).
            let resources = match resources {
                Some(own) => Resources::resolve(doc, &[own]),
                None => page_resources,
            };
            if !self.enter_form(id) {
                continue;
            }
            if let Some(content) = self
                .decoder
                .content(self.doc, form, id, crate::MAX_STREAM_BYTES)
            {
                let state = State::new(mul(&placed, ctm));
                self.draw(&content, resources, state, 1, std::slice::from_ref(&page));
            }
            self.leave_form(id);
        }
    }

    /// A page's content: its content streams, each read as
    /// [`Decoder::content`] reads one, within
    /// [`MAX_STREAM_BYTES`](crate::MAX_STREAM_BYTES) together, joined by
    /// newlines (as lopdf joins them). A stream that is not read costs the
    /// page that stream only.
    pub(crate) fn page_content(&mut self, page: ObjectId) -> Vec<u8> {
        let doc = self.doc;
        let mut content = Vec::new();
        for id in self.listed_contents(page) {
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                // Listed, but not in the file as a stream (an object lost
                // to a splice or a cut): its text is lost.
                self.out.met(Fault::MissingObject);
                continue;
            };
            let room = crate::MAX_STREAM_BYTES.saturating_sub(content.len());
            if let Some(part) = self.decoder.content(doc, stream, Some(id), room) {
                content.extend_from_slice(&part);
            }
            content.push(b'\n');
        }
        content
    }

    /// The content streams a page lists. lopdf's list leaves out, with no
    /// word, a `/Contents` that is not a stream or an array of them (an
    /// object the file holds broken, as a dictionary): counted missing
    /// here, as the entries of an array that are not references are.
    fn listed_contents(&mut self, page: ObjectId) -> Vec<ObjectId> {
        let doc = self.doc;
        let Some(contents) = doc
            .get_dictionary(page)
            .ok()
            .and_then(|p| p.get(b"Contents").ok())
        else {
            return Vec::new();
        };
        match doc.dereference(contents) {
            Ok((Some(id), Object::Stream(_))) => vec![id],
            // `null` is no content, as PDF reads it.
            Ok((_, Object::Null)) => Vec::new(),
            Ok((_, Object::Array(items))) => items
                .iter()
                .filter_map(|item| {
                    let id = item.as_reference().ok();
                    if id.is_none() && !matches!(item, Object::Null) {
                        self.out.met(Fault::MissingObject);
                    }
                    id
                })
                .collect(),
            _ => {
                self.out.met(Fault::MissingObject);
                Vec::new()
            }
        }
    }

    /// Whether the document has all the glyphs it may keep, or has decoded
    /// all the codes it may (then says which).
    fn glyphs_full(&mut self) -> bool {
        if self.codes >= self.limits.codes {
            self.out.code_limit = true;
            return true;
        }
        if self.earlier_glyphs + self.out.glyphs.len() >= self.limits.glyphs {
            self.out.glyph_limit = true;
            return true;
        }
        false
    }

    /// The fonts of `resources` by name, read once in the document.
    fn font_table(&mut self, resources: Resources<'a>) -> std::rc::Rc<FontTable> {
        let Some(fonts) = resources.fonts else {
            return std::rc::Rc::default();
        };
        let address = font::address(fonts);
        if let Some(table) = self.font_tables.get(&address) {
            return table.clone();
        }
        let mut table = FontTable::new();
        for (name, value) in fonts.iter() {
            let Some(dict) = self
                .doc
                .dereference(value)
                .ok()
                .and_then(|(_, o)| o.as_dict().ok())
            else {
                continue;
            };
            let font = self
                .fonts
                .entry(font::address(dict))
                .or_insert_with(|| {
                    let (parts, decoder) = (&mut self.font_parts, &mut self.decoder);
                    std::rc::Rc::new(Font::load(self.doc, dict, parts, decoder))
                })
                .clone();
            table.insert(name.clone(), font);
        }
        let table = std::rc::Rc::new(table);
        self.font_tables.insert(address, table.clone());
        table
    }

    fn show(&mut self, string: Option<&Operand<'_>>, state: &State, tm: &mut Matrix) {
        let Some(Operand::String(bytes)) = string else {
            return;
        };
        let Some(font) = state.font.as_ref() else {
            // No font selected, or one the resources do not hold: the text
            // cannot be read (poppler drops it too), but it was there.
            // (Nothing but spaces, in any encoding that has them there, is
            // nothing lost.)
            if !bytes.iter().all(u8::is_ascii_whitespace) {
                self.out.met(Fault::Fontless);
            }
            return;
        };
        if self.glyphs_full() {
            // Nothing more is kept: not decoded either.
            return;
        }
        self.out.shows += 1;
        self.out.widths_cut |= font.widths_cut();
        let vertical = font.vertical();
        for code in font.decode(bytes) {
            if self.glyphs_full() {
                break;
            }
            self.codes += 1;
            let trm = mul(
                &[
                    state.size * state.scale,
                    0.0,
                    0.0,
                    state.size,
                    0.0,
                    state.rise,
                ],
                &mul(tm, &state.ctm),
            );
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let advance = code.width / 1000.0 * state.size;
            let m = mul(tm, &state.ctm);
            let width = advance * state.scale * (m[0] * m[0] + m[1] * m[1]).sqrt();
            if code.undecoded {
                self.out.undecoded += 1;
            }
            if font.japanese_face() {
                for c in code.text.chars() {
                    let class = match c {
                        'À'..='ÿ' if c != '×' && c != '÷' => 0,
                        'A'..='Z' | 'a'..='z' => 1,
                        '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' => 2,
                        _ => continue,
                    };
                    self.out.japanese_faces[class] += 1;
                }
            }
            // An undecoded code is counted; it is drawn only as a
            // placeholder (U+FFFD), never as invented text.
            debug_assert!(!code.undecoded || code.placeholder || code.text.is_empty());
            if !code.text.is_empty() {
                let em = code.width / 1000.0;
                let g = glyph(code.text, &trm, vertical, em, size, width);
                let b = g.bbox();
                let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
                // Drawn outside the clip, a glyph is not shown; nor is one
                // an infinite or NaN matrix puts nowhere (pdftotext drops
                // it too), which would otherwise sort before every other.
                let hidden = !trm.iter().chain(&b).all(|v| v.is_finite())
                    // (A glyph whose middle is outside the clip is not
                    // shown: one a page break cuts is read on one page.)
                    || state.clip.is_some_and(|c| cx < c[0] || cx > c[2] || cy < c[1] || cy > c[3]);
                if !hidden {
                    self.out.cut += usize::from(code.cut);
                    self.out.ups[Up::of(trm[2], trm[3]) as usize] += 1;
                    self.out.glyphs.push(g);
                }
            }
            let spacing = state.char_spacing
                + if code.is_space {
                    state.word_spacing
                } else {
                    0.0
                };
            *tm = if vertical {
                mul(&translate(0.0, -state.size + spacing), tm)
            } else {
                mul(&translate((advance + spacing) * state.scale, 0.0), tm)
            };
        }
    }
}

/// A glyph placed by its text rendering matrix `trm` (glyph space → the
/// displayed page). The glyph's box in glyph space is one em tall above the
/// baseline and `em` (its advance) long; a vertical font's origin is the top centre of
/// a one-em square. Its corners are taken through `trm`, so a rotated text
/// matrix or page gives the box the glyph really covers, and the direction
/// the text runs in is the image of the writing direction (+x, or −y for a
/// vertical font).
fn glyph(text: String, trm: &Matrix, vertical: bool, em: f64, size: f64, width: f64) -> Glyph {
    let corners: [(f64, f64); 4] = if vertical {
        [(-0.5, -1.0), (0.5, -1.0), (-0.5, 0.0), (0.5, 0.0)]
    } else {
        [(0.0, 0.0), (em, 0.0), (0.0, 1.0), (em, 1.0)]
    };
    let (mut x, mut y) = (f64::MAX, f64::MAX);
    for (cx, cy) in corners {
        let (px, py) = apply(trm, cx, cy);
        x = x.min(px);
        y = y.min(py);
    }
    let (dx, dy) = if vertical {
        (-trm[2], -trm[3])
    } else {
        (trm[0], trm[1])
    };
    let direction = if dx.abs() >= dy.abs() {
        if dx >= 0.0 {
            Direction::LeftToRight
        } else {
            Direction::RightToLeft
        }
    } else if dy < 0.0 {
        Direction::Down
    } else {
        Direction::Up
    };
    Glyph {
        text,
        x,
        y,
        width: if vertical { size } else { width },
        size,
        direction,
    }
}

/// Marks as vertical writing the runs of horizontal-font glyphs that a
/// producer placed one under the other, touching, in a column: Japanese
/// set vertically with a horizontal font (the gazette 官報 places every
/// character of its tategaki columns by hand with an -H font, and only the
/// punctuation with a -V one). A run counts when at least [`MIN_STACK`]
/// glyphs follow each other in the content stream that way and none is
/// ASCII: a label stacked one character per line in a narrow table cell is
/// short and set with leading, a column of single digits in a table is
/// ASCII; nor one a rule drawn across the column parts (a table's narrow
/// column, its header cell's stacked `分` `類` over a row's `対` `面` `対`
/// `応`: two cells' labels, read as one line across the rule).
///
/// A shorter run counts too where it goes on into a second column: the
/// next glyph in the stream starts a column just left of the last one,
/// beside it (see [`column_step`]). That is a cell set in vertical writing
/// (Writer's and Word's text direction 縦書き) whose text needs two columns
/// or more: `対面対` and, centred beside it, `応`, or, in a row one line
/// high, each character a column of its own, right to left. Read as lines
/// across, those come out `対` `応面` `対` and `制体内庁` for 対面対応 and
/// 庁内体制; read as columns, they are right. A row of one-character
/// columns looks as horizontal text drawn glyph by glyph right to left
/// does: it counts only where glyphs stand stacked solid at its place on
/// the page too (the cell's column in a taller row). A single short
/// column stays as it is: read as lines, one character each, it is
/// already in order.
/// One pass over the glyphs (each pair of which looks at
/// [`MAX_RULES_BETWEEN`] rules at most), the rules sorted once.
fn stack_columns(glyphs: &mut [Glyph], rules: &[Rule]) {
    // The rules drawn across, by height on the page; those drawn down, by
    // their x.
    let mut across: Vec<(f64, f64, f64)> = rules
        .iter()
        .filter(|r| r.x1 - r.x0 > r.y1 - r.y0)
        .map(|r| ((r.y0 + r.y1) / 2.0, r.x0, r.x1))
        .collect();
    across.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut down: Vec<(f64, f64, f64)> = rules
        .iter()
        .filter(|r| r.x1 - r.x0 <= r.y1 - r.y0)
        .map(|r| ((r.x0 + r.x1) / 2.0, r.y0, r.y1))
        .collect();
    down.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Whether a rule of `sorted` lies between `low` and `high` and spans
    // `at` (or more than a few lie between them, none spanning it: no
    // column of vertical writing is ruled so thick; the look stays short).
    let ruled = |sorted: &[(f64, f64, f64)], low: f64, high: f64, at: f64| {
        let from = sorted.partition_point(|r| r.0 <= low);
        let mut between = sorted[from..].iter().take_while(|r| r.0 < high);
        between
            .by_ref()
            .take(MAX_RULES_BETWEEN)
            .any(|r| (r.1..=r.2).contains(&at))
            || between.next().is_some()
    };
    let middle = |g: &Glyph| (g.bbox()[0] + g.bbox()[2]) / 2.0;
    // Whether a rule runs between the middles of `a` and of `b` below it.
    let parted = |a: &Glyph, b: &Glyph| {
        let (ab, bb) = (a.bbox(), b.bbox());
        let (low, high) = ((bb[1] + bb[3]) / 2.0, (ab[1] + ab[3]) / 2.0);
        ruled(&across, low, high, (ab[0] + ab[2]) / 2.0)
    };
    let stacked = |a: &Glyph, b: &Glyph| {
        let (ab, bb) = (a.bbox(), b.bbox());
        let size = a.size.min(b.size);
        let overlap = ab[2].min(bb[2]) - ab[0].max(bb[0]);
        // b's top at a's bottom; a -V font's half-width punctuation (、。」)
        // advances half an em but is drawn in a full em box.
        let gap = ab[1] - bb[3];
        size > 0.0
            && overlap >= size * 0.4
            && (-0.6 * size..=0.2 * size).contains(&gap)
            && is_cjk(a)
            && is_cjk(b)
            && matches!(a.direction, Direction::LeftToRight | Direction::Down)
            && matches!(b.direction, Direction::LeftToRight | Direction::Down)
    };
    // The runs: where each starts and ends, where its columns start (a
    // column step before each but the first), whether any of its glyphs
    // stand stacked solid.
    let mut runs: Vec<(usize, usize, Vec<usize>, bool)> = Vec::new();
    let mut start = 0;
    let mut columns = vec![0];
    let mut stacks = false;
    // The extent down the page of the run's current column (bottom, top).
    let mut column = glyphs.first().map(|g| (g.bbox()[1], g.bbox()[3]));
    for end in 1..=glyphs.len() {
        if end < glyphs.len() {
            let (a, b) = (&glyphs[end - 1], &glyphs[end]);
            if stacked(a, b) && !parted(a, b) {
                stacks = true;
                column = column.map(|(_, top)| (b.bbox()[1], top));
                continue;
            }
            if let Some(extent) = column
                && column_step(a, b, extent)
                && (glyphs[start].size - b.size).abs() <= b.size * 0.05
                && !ruled(&down, middle(b), middle(a), (a.y + b.y) / 2.0)
            {
                columns.push(end);
                column = Some((b.bbox()[1], b.bbox()[3]));
                continue;
            }
        }
        runs.push((
            start,
            end,
            std::mem::replace(&mut columns, vec![end]),
            stacks,
        ));
        start = end;
        stacks = false;
        column = glyphs.get(end).map(|g| (g.bbox()[1], g.bbox()[3]));
    }
    // Where on the page glyphs stand stacked solid, as one column of
    // vertical writing or more: the x each such run spans, merged.
    let span = |run: &[Glyph]| {
        run.iter().fold((f64::MAX, f64::MIN), |(left, right), g| {
            (left.min(g.bbox()[0]), right.max(g.bbox()[2]))
        })
    };
    let upright = crate::grid::Spans::new(
        runs.iter()
            .filter(|run| run.3)
            .map(|&(start, end, ..)| span(&glyphs[start..end]))
            .collect(),
    );
    for (start, end, columns, stacks) in runs {
        let steps = columns.len() - 1;
        let longest = columns
            .iter()
            .zip(columns.iter().skip(1).chain([&end]))
            .map(|(from, to)| to - from)
            .max()
            .unwrap_or(0);
        let run = &mut glyphs[start..end];
        // A run of one-character columns (a row one line high) is told
        // from horizontal text drawn right to left, glyph by glyph, only
        // where its place on the page holds columns stacked solid too (the
        // same cell's column in taller rows): else it is left as it was.
        let (left, right) = span(run);
        let vertical = stacks || upright.meets(left, right);
        if steps >= 1 && longest < MIN_STACK && vertical {
            let starts: Vec<usize> = columns.iter().map(|&k| k - start).collect();
            set_across(run, &starts);
        } else if longest >= MIN_STACK {
            for g in run {
                if g.direction == Direction::LeftToRight {
                    // Its advance now runs down: the box is size wide and
                    // as tall as the advance (one em for a kanji).
                    g.direction = Direction::Down;
                }
            }
        }
    }
}

/// Sets a short run of vertical writing in two or more columns (`starts`:
/// where each column starts in `run`) as the horizontal lines it reads as,
/// inside the box it fills: a line a column, top down, where the columns
/// are no more than the longest is tall (`対面対` / `応`, a department's
/// `総務企画部` / `総務課`), or else one line (a row one line high, each
/// character a column: `庁内体制`), each line's glyphs side by side across
/// the box's width. Table cells then read them as they read any label,
/// by lines, and the grid's rows are not crossed: columns of vertical
/// writing read as such join the cells above and below at the same x.
fn set_across(run: &mut [Glyph], starts: &[usize]) {
    let Some(first) = run.first() else {
        return;
    };
    let size = first.size;
    let (mut left, mut right, mut top) = (f64::MAX, f64::MIN, f64::MIN);
    for g in run.iter() {
        let b = g.bbox();
        left = left.min(b[0]);
        right = right.max(b[2]);
        top = top.max(b[3]);
    }
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([run.len()]).collect();
    let longest = starts
        .iter()
        .zip(&ends)
        .map(|(from, to)| to - from)
        .max()
        .unwrap_or(0);
    let lines: Vec<(usize, usize)> = if starts.len() <= longest {
        starts.iter().copied().zip(ends).collect()
    } else {
        vec![(0, run.len())]
    };
    for (k, (from, to)) in lines.into_iter().enumerate() {
        let width = (right - left) / (to - from) as f64;
        for (j, g) in run[from..to].iter_mut().enumerate() {
            g.x = left + width * j as f64;
            g.y = top - size * (k + 1) as f64;
            g.width = width;
        }
    }
}

/// A kanji, kana or other character past ASCII, or a glyph a vertical
/// font sets: what vertical writing is made of (a column of single
/// digits in a table is ASCII).
fn is_cjk(g: &Glyph) -> bool {
    g.direction == Direction::Down || !g.text.is_ascii()
}

/// Whether `b`, after `a` in the content stream, starts the next column of
/// vertical writing: an upright glyph of the same size as `a`, past ASCII
/// as `a` is, just left of it (the gap between them at most three quarters
/// of an em: columns set solid to one and a half spaced), and beside the
/// column `a` ends (`extent`, its bottom and top), half an em of it or
/// more (centred under a longer column's top, or level with it, a column
/// of one character in a row one line high). Horizontal text never steps
/// left beside its last glyph: the next line starts below it.
fn column_step(a: &Glyph, b: &Glyph, (bottom, top): (f64, f64)) -> bool {
    let (ab, bb) = (a.bbox(), b.bbox());
    let size = a.size;
    let gap = ab[0] - bb[2];
    let beside = top.min(bb[3]) - bottom.max(bb[1]);
    size > 0.0
        && (b.size - size).abs() <= size * 0.05
        && a.direction == Direction::LeftToRight
        && b.direction == Direction::LeftToRight
        && is_cjk(a)
        && is_cjk(b)
        && (-0.1 * size..=0.75 * size).contains(&gap)
        && beside >= 0.5 * size
}

#[cfg(test)]
mod tests {
    use super::*;

    /// White, or as good as, in each colour operator's terms; a pattern is
    /// not, nor black, nor a pale yellow.
    #[test]
    fn white_is_told_in_gray_rgb_and_cmyk() {
        let n = |v: &[f64]| -> Vec<Operand> { v.iter().map(|&x| Operand::Number(x)).collect() };
        assert!(is_white(&n(&[1.0])));
        assert!(is_white(&n(&[1.0, 1.0, 0.995])));
        assert!(is_white(&n(&[0.0, 0.0, 0.0, 0.0])));
        assert!(!is_white(&n(&[0.0])));
        assert!(!is_white(&n(&[1.0, 1.0, 0.8])));
        assert!(!is_white(&n(&[0.0, 0.0, 0.0, 1.0])));
        assert!(!is_white(&[Operand::Name(std::borrow::Cow::Borrowed(
            b"P0"
        ))]));
        assert!(!is_white(&[]));
    }
    use lopdf::dictionary;

    impl Interpreter<'_> {
        /// The font tables and fonts read, as the objects they are: a
        /// table or font read again is another object under the same key.
        fn read_once(&self) -> Vec<(usize, usize)> {
            let tables = self
                .font_tables
                .iter()
                .map(|(k, t)| (*k, std::rc::Rc::as_ptr(t) as usize));
            let fonts = self
                .fonts
                .iter()
                .map(|(k, f)| (*k, std::rc::Rc::as_ptr(f) as usize));
            let mut read: Vec<(usize, usize)> = tables.chain(fonts).collect();
            read.sort_unstable();
            read
        }
    }

    const TEST_LIMITS: Limits = Limits {
        glyphs: 1000,
        rules: 1000,
        interpreted: 1 << 20,
        inflated: 1 << 30,
        codes: 2000,
    };

    /// The glyphs one content stream draws with `/F1`: a simple font
    /// without widths, none of the standard 14, so every glyph is half an
    /// em wide (the spacing operators' arithmetic, not a font's metrics).
    fn draw(content: &[u8]) -> Vec<Glyph> {
        let mut doc = Document::with_version("1.4");
        let font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "PlainTestFace",
            "Encoding" => "WinAnsiEncoding",
        });
        let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
        let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
        interpreter.run(
            content,
            Resources::resolve(&doc, &[&resources]),
            IDENTITY,
            0,
        );
        interpreter.take_page().glyphs
    }

    /// Where each glyph of a one-glyph show landed: its text, x, y and size.
    fn placed(content: &[u8]) -> Vec<(String, f64, f64, f64)> {
        draw(content)
            .into_iter()
            .map(|g| (g.text, g.x, g.y, g.size))
            .collect()
    }

    /// Stray operands before an operator's own are ignored, as poppler
    /// ignores them (probes 29 and 30 lost their text).
    /// Probe repro 42: an infinite scale then its negative makes a NaN
    /// matrix; the text it draws is nowhere and is dropped, the text after
    /// the matrix is restored is kept.
    #[test]
    fn a_glyph_a_non_finite_matrix_puts_nowhere_is_dropped() {
        // 400 nines overflow to infinity: moved by +∞ and then by −∞.
        let huge = "9".repeat(400);
        let content = format!(
            "q 1 0 0 1 {huge} 0 cm 1 0 0 1 -{huge} 0 cm BT /F1 10 Tf 72 700 Td (N) Tj ET Q \
             BT /F1 10 Tf 72 700 Td (Y) Tj ET"
        );
        let glyphs = draw(content.as_bytes());
        let texts: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, ["Y"]);
    }

    #[test]
    fn operators_read_their_last_operands() {
        let x = |x: f64, y: f64, size: f64| vec![("X".to_owned(), x, y, size)];
        for (content, want) in [
            (
                &b"BT /F1 10 Tf 72 700 Td 5 (X) Tj ET"[..],
                x(72.0, 700.0, 10.0),
            ),
            (
                b"BT /F0 /F1 10 Tf 72 700 Td (X) Tj ET",
                x(72.0, 700.0, 10.0),
            ),
            (
                b"BT 3 /F1 8 Tf 1 2 72 700 Td (X) Tj ET",
                x(72.0, 700.0, 8.0),
            ),
            (
                b"BT /F1 10 Tf 0 2 0 0 2 50 60 Tm (X) Tj ET",
                x(50.0, 60.0, 20.0),
            ),
            (
                b"9 1 0 0 1 30 40 cm BT /F1 10 Tf (X) Tj ET",
                x(30.0, 40.0, 10.0),
            ),
            (
                b"BT /F1 10 Tf 20 TL 72 700 Td 1 (X) ' ET",
                x(72.0, 680.0, 10.0),
            ),
            (
                b"BT /F1 10 Tf 20 TL 72 700 Td 1 0 0 (X) \" ET",
                x(72.0, 680.0, 10.0),
            ),
            (
                b"BT /F1 10 Tf 72 700 Td (Y) [(X)] TJ ET",
                x(72.0, 700.0, 10.0),
            ),
            (
                b"BT /F1 10 Tf 3 5 TD 9 10 TL 72 700 Td 7 0 Ts (X) Tj ET",
                x(75.0, 705.0, 10.0),
            ),
        ] {
            assert_eq!(placed(content), want, "{}", content.escape_ascii());
        }
        // `Tc`, `Tw` and `Tz` too: no spacing and half width put the
        // third glyph two half advances (2.5 each) after the first.
        let glyphs = draw(b"BT /F1 10 Tf 72 700 Td 9 0 Tc 9 0 Tw 9 50 Tz (X X) Tj ET");
        assert_eq!(glyphs.len(), 3);
        assert!((glyphs[2].x - glyphs[0].x - 5.0).abs() < 1e-9, "{glyphs:?}");
    }

    /// `q` saves at most [`MAX_SAVED_STATES`] states; the `Q`s of the
    /// ones past it restore nothing, and the rest restore their own.
    #[test]
    fn saved_states_are_bounded_and_q_and_capital_q_pair_up() {
        let mut stack = SavedStates::default();
        for k in 0..1_000_000 {
            stack.save(&State::new(translate(f64::from(k), 0.0)));
        }
        assert_eq!(stack.saved.len(), MAX_SAVED_STATES);
        for _ in MAX_SAVED_STATES..1_000_000 {
            assert!(stack.restore().is_none());
        }
        let last = stack.restore().map(|s| s.ctm);
        assert_eq!(last, Some(translate((MAX_SAVED_STATES - 1) as f64, 0.0)));
        // In a stream: text after a nest deeper than the limit is drawn
        // in the state around the nest.
        let deep = [
            &b"q 1 0 0 1 10 0 cm "[..],
            &b"q ".repeat(5000),
            b"1 0 0 1 500 500 cm ",
            &b"Q ".repeat(5000),
            b"BT /F1 10 Tf (X) Tj ET Q BT /F1 10 Tf (Y) Tj ET",
        ]
        .concat();
        let at: Vec<(String, f64, f64)> = draw(&deep)
            .into_iter()
            .map(|g| (g.text, g.x, g.y))
            .collect();
        assert_eq!(at, [("X".into(), 10.0, 0.0), ("Y".into(), 0.0, 0.0)]);
    }

    /// How many forms page 1 of a `fixtures/pdf-text` file drew, and
    /// whether it hit the limit.
    fn forms_drawn(name: &str) -> (usize, bool) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/pdf-text")
            .join(name);
        let doc = Document::load(path).unwrap();
        let id = doc.get_pages()[&1];
        let content = doc.get_page_content(id);
        let resources = Resources::resolve(&doc, &crate::page_resources(&doc, id));
        let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
        interpreter.run(&content, resources, IDENTITY, 0);
        let drawn = interpreter.forms_drawn;
        // However often its forms were drawn, the page read each resource
        // dictionary's fonts once (a table was rebuilt for every draw): at
        // most one table for the page and one for each form.
        let forms = doc
            .objects
            .values()
            .filter(|o| {
                o.as_stream().is_ok_and(|s| {
                    s.dict.get(b"Subtype").ok().and_then(|t| t.as_name().ok())
                        == Some(b"Form".as_slice())
                })
            })
            .count();
        assert!(!interpreter.font_tables.is_empty());
        assert!(
            interpreter.font_tables.len() <= forms + 1,
            "{} tables, {forms} forms",
            interpreter.font_tables.len()
        );
        let out = interpreter.take_page();
        // The tables are kept for the document: drawing the page again
        // reads none (the same tables, not new ones under the same keys).
        let tables = interpreter.read_once();
        interpreter.run(&content, resources, IDENTITY, 0);
        assert_eq!(interpreter.read_once(), tables);
        (drawn, out.form_limit)
    }

    /// A form is not drawn inside itself: the one that draws itself ten
    /// times is drawn once, of the pair that draw each other ten times
    /// the first once and the second ten times (inside the first).
    #[test]
    fn a_form_is_not_drawn_inside_itself() {
        assert_eq!(forms_drawn("form_recursion.pdf"), (1 + 1 + 10, false));
    }

    /// Six forms each drawing the next ten times stop at the page's limit.
    #[test]
    fn forms_drawn_on_a_page_are_bounded() {
        assert_eq!(forms_drawn("form_fan_out.pdf"), (MAX_FORMS_PER_PAGE, true));
    }

    /// Pages that inherit their resources from the page tree, with a font
    /// given inline there, read its table and the font once for the
    /// document, not once a page (the resources were merged into a copy
    /// per page, and the inline font read again on each).
    #[test]
    fn fonts_inherited_from_the_page_tree_are_read_once() {
        use lopdf::dictionary;
        let mut doc = Document::with_version("1.5");
        let pages = doc.new_object_id();
        let content = doc.add_object(lopdf::Stream::new(
            dictionary! {},
            b"BT /F1 10 Tf 72 700 Td (A) Tj ET".to_vec(),
        ));
        let kids: Vec<Object> = (0..3)
            .map(|_| {
                doc.add_object(dictionary! {
                    "Type" => "Page",
                    "Parent" => pages,
                    "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                    "Contents" => content,
                })
                .into()
            })
            .collect();
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        };
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Count" => 3,
                "Kids" => kids,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        assert_eq!(doc.get_pages().len(), 3);
        let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
        let mut read = Vec::new();
        for (_, id) in doc.get_pages() {
            let resources = Resources::resolve(&doc, &crate::page_resources(&doc, id));
            interpreter.run(&doc.get_page_content(id), resources, IDENTITY, 0);
            let out = interpreter.take_page();
            assert_eq!(out.glyphs.len(), 1);
            assert_eq!(out.glyphs[0].text, "A");
            read.push(interpreter.read_once());
        }
        // One table and one font, the same objects after every page.
        assert_eq!(read[0].len(), 2);
        assert!(read.iter().all(|r| *r == read[0]));
    }

    /// A page's inline `/F1` and its form's own inline `/F1` are two fonts:
    /// each reads with its own `/Differences` (fonts given inline were
    /// known by their name on the page, and the form's read as the
    /// page's).
    #[test]
    fn inline_fonts_of_one_name_in_a_page_and_its_form_are_two() {
        use lopdf::{Stream, dictionary};
        let font = |glyph: &str| {
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type1",
                "BaseFont" => "Helvetica",
                "Encoding" => dictionary! {
                    "Differences" => vec![65.into(), Object::Name(glyph.as_bytes().to_vec())],
                },
            }
        };
        let mut doc = Document::with_version("1.5");
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font("Z") } },
            },
            b"BT /F1 10 Tf 0 100 Td (A) Tj ET".to_vec(),
        ));
        let page = dictionary! {
            "Font" => dictionary! { "F1" => font("A") },
            "XObject" => dictionary! { "Fm" => form },
        };
        let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
        let content = b"BT /F1 10 Tf 0 0 Td (A) Tj ET /Fm Do BT /F1 10 Tf 0 200 Td (A) Tj ET";
        interpreter.run(content, Resources::resolve(&doc, &[&page]), IDENTITY, 0);
        let text: Vec<String> = interpreter
            .take_page()
            .glyphs
            .into_iter()
            .map(|g| g.text)
            .collect();
        assert_eq!(text, ["A", "Z", "A"]);
    }

    /// Codes are bounded for the document, glyphs kept or not: text drawn
    /// outside its clip is decoded and not kept, and was decoded without
    /// end.
    #[test]
    fn codes_outside_the_clip_are_bounded_per_document() {
        let doc = shared_content(
            3,
            &[
                b"0 0 1 1 re W n BT /F1 10 Tf 300 300 Td (".as_slice(),
                &[b'A'; 900],
                b") Tj ET",
            ]
            .concat(),
            b"",
        );
        let kept: Vec<_> = draw_pages(&doc, TEST_LIMITS)
            .iter()
            .map(|o| (o.glyphs.len(), o.code_limit, o.glyph_limit))
            .collect();
        // 2,000 codes: 900, 900, then 200 of the third page's.
        assert_eq!(
            kept,
            [(0, false, false), (0, false, false), (0, true, false)]
        );
    }

    /// A form is drawn in the text state of its `Do`: one that sets no
    /// font shows its text in the font already set. A font name a form's
    /// own resources lack is found in the page's; an appearance without
    /// resources uses the page's (all as poppler reads them: the text was
    /// lost). A string shown with no font at all is counted, one of
    /// spaces is not.
    #[test]
    fn forms_take_the_font_and_resources_of_what_draws_them() {
        use lopdf::Stream;
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let form = |content: &[u8], own: Option<Dictionary>| {
            let mut dict = dictionary! { "Type" => "XObject", "Subtype" => "Form" };
            if let Some(own) = own {
                dict.set("Resources", own);
            }
            Stream::new(dict, content.to_vec())
        };
        let plain = doc.add_object(form(b"BT (inherited) Tj ET", None));
        let lacking = doc.add_object(form(b"BT /F1 10 Tf (found) Tj ET", Some(dictionary! {})));
        // A form whose resources hold a font only, drawing a form that only
        // the page's resources name.
        let nesting = doc.add_object(form(
            b"/Fa Do",
            Some(dictionary! { "Font" => dictionary! { "F2" => font } }),
        ));
        let resources = dictionary! {
            "Font" => dictionary! { "F1" => font },
            "XObject" => dictionary! { "Fa" => plain, "Fb" => lacking, "Fc" => nesting },
        };
        let mut annotation = |ap: Stream| {
            let mut ap = ap;
            ap.dict
                .set("BBox", vec![0.into(), 0.into(), 10.into(), 10.into()]);
            let ap = doc.add_object(ap);
            Object::from(dictionary! {
                "Subtype" => "FreeText",
                "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                "AP" => dictionary! { "N" => ap },
            })
        };
        let annots = vec![
            annotation(form(b"BT /F1 10 Tf (annotated) Tj ET", None)),
            annotation(form(b"BT /F1 10 Tf (noted) Tj ET", Some(dictionary! {}))),
        ];
        let page = dictionary! { "Annots" => annots };
        let page = doc.add_object(page);
        let page = doc.get_dictionary(page).unwrap();
        let resolved = Resources::resolve(&doc, &[&resources]);
        let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
        interpreter.run(
            b"BT /F1 10 Tf ET /Fa Do /Fb Do /Fc Do BT /F9 10 Tf (lost) Tj ( ) Tj ET",
            resolved,
            IDENTITY,
            0,
        );
        interpreter.annotations(page, resolved, &IDENTITY);
        let out = interpreter.take_page();
        let text: String = out.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(
            (
                text.as_str(),
                out.faults.get(&Fault::Fontless),
                out.faults.get(&Fault::MissingObject)
            ),
            ("inheritedfoundinheritedannotatednoted", Some(&1), None)
        );
    }

    /// A form that decompresses past 64 MiB, drawn 50 times
    /// (`fixtures/faults/form_bomb.pdf`), is inflated once: refused, it is
    /// not tried again.
    #[test]
    fn a_form_too_large_to_decompress_is_tried_once() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/faults/form_bomb.pdf");
        let doc = Document::load(path).unwrap();
        let id = doc.page_iter().next().unwrap();
        let resources = Resources::resolve(&doc, &crate::page_resources(&doc, id));
        let content = doc.get_page_content(id);
        let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
        interpreter.run(&content, resources, IDENTITY, 0);
        assert_eq!(interpreter.decoder.refused(), 1);
        // Its first layer's output (66 KB) and the bound of its second.
        assert!(interpreter.decoder.inflated() > crate::MAX_STREAM_BYTES);
        assert!(interpreter.decoder.inflated() < crate::MAX_STREAM_BYTES + (1 << 20));
        let out = interpreter.take_page();
        assert!(out.oversized == 50 && !out.inflate_limit);
        let text: String = out.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "before the forms");
    }

    /// Every layer of a filter chain counts toward the decoding budget: a
    /// form of Flate over ASCIIHex, inflating 100 KB of white space that
    /// decodes to nothing, counted nothing and was inflated at every draw.
    #[test]
    fn every_layer_of_a_filter_chain_counts_toward_the_budget() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let mut spaces = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form" },
            vec![b' '; 100_000],
        );
        spaces.compress().unwrap();
        let chain = ["FlateDecode", "ASCIIHexDecode"].map(|f| Object::Name(f.as_bytes().to_vec()));
        spaces.dict.set("Filter", chain.to_vec());
        let form = doc.add_object(spaces);
        let resources = dictionary! { "XObject" => dictionary! { "Fm" => form } };
        let limits = Limits {
            inflated: 1_000_000,
            ..TEST_LIMITS
        };
        let mut interpreter = Interpreter::new(&doc, limits);
        let resources = Resources::resolve(&doc, &[&resources]);
        interpreter.run(&b"/Fm Do ".repeat(100), resources, IDENTITY, 0);
        assert!(
            interpreter.decoder.inflated() <= 1_000_000,
            "{}",
            interpreter.decoder.inflated()
        );
        assert!(interpreter.take_page().inflate_limit);
    }

    /// A stream whose `/Filter` is an empty list has nothing to decode: its
    /// bytes are its content, as poppler reads them (lopdf's decoding gives
    /// nothing).
    #[test]
    fn an_empty_filter_list_reads_the_raw_bytes() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let text = b"BT /F1 10 Tf 0 0 Td (A) Tj ET".to_vec();
        let stream = doc.add_object(Stream::new(
            dictionary! { "Filter" => Vec::<Object>::new() },
            text.clone(),
        ));
        let page = doc.add_object(dictionary! { "Type" => "Page", "Contents" => stream });
        let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
        assert_eq!(
            interpreter.page_content(page),
            [text, b"\n".to_vec()].concat()
        );
    }

    /// A page that lists one undecodable stream again and again reads its
    /// raw bytes within the page's bound, as lopdf does (they were added
    /// whole at each mention: a 1 MB file made 419 MB).
    #[test]
    fn raw_bytes_of_undecodable_streams_fit_the_page() {
        use lopdf::{Stream, dictionary};
        // An unknown filter, and an empty list of filters (nothing to
        // decode, read as the stream's bytes).
        for filter in [Object::Name(b"Bogus".to_vec()), Object::Array(Vec::new())] {
            let mut doc = Document::with_version("1.5");
            let stream = doc.add_object(Stream::new(
                dictionary! { "Filter" => filter },
                vec![b' '; 1 << 20],
            ));
            let page = doc.add_object(dictionary! {
                "Type" => "Page",
                "Contents" => vec![Object::Reference(stream); 100],
            });
            let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
            let content = interpreter.page_content(page);
            assert!(
                content.len() <= crate::MAX_STREAM_BYTES + 100,
                "{}",
                content.len()
            );
            assert!(interpreter.take_page().oversized >= 36);
        }
    }

    /// A Flate stream whose predictor fails (a short last row, as a cut
    /// stream has) counts what it inflated, measured without the
    /// predictor, not the most Flate could have made: twenty such pages
    /// used up the document's budget and lost the healthy pages after them.
    #[test]
    fn a_failed_predictor_counts_what_was_inflated() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let mut stream = Stream::new(dictionary! {}, vec![7u8; 50_003]);
        stream.compress().unwrap();
        stream.dict.set(
            "DecodeParms",
            dictionary! { "Predictor" => 12, "Columns" => 4 },
        );
        let id = doc.add_object(stream);
        let stream = doc.get_object(id).unwrap().as_stream().unwrap();
        assert!(stream.decompressed_content_with_limit(1 << 20).is_err());
        let mut interpreter = Interpreter::new(&doc, TEST_LIMITS);
        let content = interpreter
            .decoder
            .content(&doc, stream, Some(id), crate::MAX_STREAM_BYTES);
        assert_eq!(content.map(|c| c.len()), Some(stream.content.len()));
        assert_eq!(interpreter.decoder.inflated(), 50_003);
    }

    /// A document of `pages` pages that all draw `content`, with Helvetica
    /// as `/F1` and a form `/Fm` of `form` in their resources.
    fn shared_content(pages: usize, content: &[u8], form: &[u8]) -> Document {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let tree = doc.new_object_id();
        let content = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let form = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form" },
            form.to_vec(),
        ));
        let font =
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" };
        let resources = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font },
            "XObject" => dictionary! { "Fm" => form },
        });
        let kids: Vec<Object> = (0..pages)
            .map(|_| {
                let page = dictionary! {
                    "Type" => "Page",
                    "Parent" => tree,
                    "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                    "Contents" => content,
                    "Resources" => resources,
                };
                doc.add_object(page).into()
            })
            .collect();
        let count = kids.len() as i64;
        let node = dictionary! { "Type" => "Pages", "Count" => count, "Kids" => kids };
        doc.objects.insert(tree, Object::Dictionary(node));
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
        doc.trailer.set("Root", catalog);
        doc
    }

    /// Each page's output, drawn by one interpreter within `limits`.
    fn draw_pages(doc: &Document, limits: Limits) -> Vec<Output> {
        let mut interpreter = Interpreter::new(doc, limits);
        doc.page_iter()
            .map(|id| {
                let resources = Resources::resolve(doc, &crate::page_resources(doc, id));
                interpreter.run(&doc.get_page_content(id), resources, IDENTITY, 0);
                interpreter.take_page()
            })
            .collect()
    }

    /// A form drawn again and again counts its bytes each time: past the
    /// document's bound no more forms are drawn, and the page says so (a
    /// form of n operations drawn n times was n² work from 2n bytes).
    #[test]
    fn forms_drawn_again_and_again_stop_at_the_content_bound() {
        let doc = shared_content(1, &b"/Fm Do ".repeat(1000), b"0 0 m 10 0 l S\n");
        let all = draw_pages(&doc, TEST_LIMITS);
        assert_eq!((all[0].rules.len(), all[0].content_limit), (1000, false));
        // The page's 7,000 bytes (as lopdf gives them), then 15 a form,
        // each run counting `RUN_COST` more: a form is drawn while no more
        // than 30,000 were interpreted.
        let page = doc.get_page_content(doc.page_iter().next().unwrap()).len();
        let limits = Limits {
            interpreted: 30_000,
            ..TEST_LIMITS
        };
        let bounded = draw_pages(&doc, limits);
        let forms = (30_000 - page - RUN_COST) / (15 + RUN_COST) + 1;
        assert!((280..=300).contains(&forms), "{page}");
        assert_eq!(
            (bounded[0].rules.len(), bounded[0].content_limit),
            (forms, true)
        );
    }

    /// The glyphs and rules kept are bounded for the document, not a page:
    /// pages sharing one content stream each kept as many as the bound.
    #[test]
    fn glyphs_and_rules_are_bounded_per_document() {
        let doc = shared_content(
            3,
            b"BT /F1 10 Tf 72 700 Td (ABCDEFGHIJ) Tj ET 0 0 m 1 0 l 2 0 l 3 0 l 4 0 l 5 0 l \
              6 0 l 7 0 l 8 0 l 9 0 l 10 0 l S",
            b"",
        );
        let limits = Limits {
            glyphs: 25,
            rules: 25,
            ..TEST_LIMITS
        };
        let kept: Vec<_> = draw_pages(&doc, limits)
            .iter()
            .map(|o| (o.glyphs.len(), o.rules.len(), o.glyph_limit, o.rule_limit))
            .collect();
        assert_eq!(
            kept,
            [
                (10, 10, false, false),
                (10, 10, false, false),
                (5, 5, true, true)
            ]
        );
    }

    fn column(text: &str, step: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| Glyph {
                text: c.to_string(),
                x: 100.0,
                y: 700.0 - step * k as f64,
                width: 10.0,
                size: 10.0,
                direction: Direction::LeftToRight,
            })
            .collect()
    }

    #[test]
    fn kanji_stacked_solid_are_vertical_writing() {
        let mut glyphs = column("道路交通法施行令", 10.0);
        stack_columns(&mut glyphs, &[]);
        assert!(glyphs.iter().all(Glyph::is_vertical));
    }

    /// helper-121: a Calc sheet's narrow category column, its header
    /// cell's `分` `類` right over the first row's `対` `面` `対` `応`, read
    /// as one vertical line across the header's rule (`分類対面対応`), the
    /// header lost and 13 of 18 rows with it (partial).
    #[test]
    fn a_rule_across_a_column_parts_its_stacks() {
        let mut glyphs = column("分類対面対応", 10.0);
        let bottom = |k: usize| glyphs[k].bbox()[1];
        let rule = Rule {
            x0: 50.0,
            y0: bottom(1) - 0.3,
            x1: 300.0,
            y1: bottom(1) + 0.3,
        };
        stack_columns(&mut glyphs, &[rule]);
        assert!(glyphs.iter().all(|g| g.direction == Direction::LeftToRight));
        // A rule elsewhere on the page parts nothing.
        let mut glyphs = column("分類対面対応", 10.0);
        let aside = Rule {
            x0: 200.0,
            y0: rule.y0,
            x1: 300.0,
            y1: rule.y1,
        };
        stack_columns(&mut glyphs, &[aside]);
        assert!(glyphs.iter().all(Glyph::is_vertical));
    }

    /// A label set in vertical writing (Writer's and Word's text
    /// direction) that needs two columns: `対面対` down the right one and,
    /// centred beside it, `応` (helper-159's writer_ttb_ha). It had been
    /// read across, line by line: `対` / `応面` / `対`. It is set as the lines
    /// it reads as, a column each, inside the box it filled.
    #[test]
    fn a_short_label_in_two_columns_reads_column_by_column() {
        let mut glyphs = column("対面対", 10.0);
        glyphs.push(Glyph {
            x: 90.0,
            y: 690.0,
            ..glyphs[0].clone()
        });
        glyphs[3].text = "応".into();
        stack_columns(&mut glyphs, &[]);
        assert!(glyphs.iter().all(|g| g.direction == Direction::LeftToRight));
        // `対面対` across the top line of the box (90 to 110), `応` below.
        let third = 20.0 / 3.0;
        let expected = [
            (90.0, 700.0, third),
            (90.0 + third, 700.0, third),
            (90.0 + 2.0 * third, 700.0, third),
            (90.0, 690.0, 20.0),
        ];
        for (g, (x, y, width)) in glyphs.iter().zip(expected) {
            assert!(
                (g.x - x).abs() < 1e-9 && g.y == y && (g.width - width).abs() < 1e-9,
                "{g:?}"
            );
        }
    }

    /// A row one line high: each character of a vertical label a column
    /// of its own, right to left (`庁` `内` `体` `制`, drawn in that order,
    /// each left of the last), under a taller row whose label stands
    /// stacked in the same cell (`窓` `口`). Read across it had been
    /// `制体内庁`; set as one line, left to right, it reads `庁内体制`. A
    /// rule drawn down between two of them parts them: two cells' texts.
    #[test]
    fn one_character_columns_right_to_left_read_as_one_line() {
        let row = |text: &str| -> Vec<Glyph> {
            text.chars()
                .enumerate()
                .map(|(k, c)| Glyph {
                    text: c.to_string(),
                    x: 130.0 - 10.0 * k as f64,
                    y: 500.0,
                    width: 10.0,
                    size: 10.0,
                    direction: Direction::LeftToRight,
                })
                .collect()
        };
        let mut label = column("窓口", 10.0);
        for g in &mut label {
            g.x = 120.0;
        }
        let mut glyphs = [label.clone(), row("庁内体制")].concat();
        stack_columns(&mut glyphs, &[]);
        let mut read: Vec<&Glyph> = glyphs[2..].iter().collect();
        read.sort_by(|a, b| a.x.total_cmp(&b.x));
        let text: String = read.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "庁内体制");
        assert!(glyphs[2..].iter().all(|g| g.y == 500.0));
        let mut glyphs = [label.clone(), row("電話")].concat();
        let rule = Rule {
            x0: 129.8,
            y0: 490.0,
            x1: 130.2,
            y1: 520.0,
        };
        stack_columns(&mut glyphs, &[rule]);
        assert_eq!((glyphs[2].x, glyphs[3].x), (130.0, 120.0));
    }

    /// helper-162's review: horizontal text a producer draws glyph by
    /// glyph right to left, where nothing on the page stands stacked in a
    /// column, is no row of one-character columns: left as drawn, it reads
    /// left to right as printed (it had come out reversed, `ok`); so is a
    /// word drawn twice a fraction of a point apart (bold made so).
    #[test]
    fn text_drawn_right_to_left_with_no_column_beside_it_stays() {
        let glyph = |text: &str, x: f64| Glyph {
            text: text.into(),
            x,
            y: 500.0,
            width: 10.0,
            size: 10.0,
            direction: Direction::LeftToRight,
        };
        let drawn = ["す", "ま", "し", "認", "確"]
            .iter()
            .enumerate()
            .map(|(k, t)| glyph(t, 140.0 - 10.0 * k as f64))
            .collect::<Vec<_>>();
        let bold = vec![
            glyph("目", 100.0),
            glyph("標", 110.0),
            glyph("目", 100.3),
            glyph("標", 110.3),
        ];
        for glyphs in [drawn, bold] {
            let mut stacked = glyphs.clone();
            stack_columns(&mut stacked, &[]);
            assert_eq!(stacked, glyphs);
        }
    }

    /// Horizontal text never steps left beside the glyph before it: a
    /// line's next line starts below it, and ASCII, a smaller glyph (ruby)
    /// or one farther off than three quarters of an em is no next column.
    #[test]
    fn horizontal_lines_and_ruby_are_no_columns() {
        let glyph = |text: &str, x: f64, y: f64, size: f64| Glyph {
            text: text.into(),
            x,
            y,
            width: size,
            size,
            direction: Direction::LeftToRight,
        };
        for pair in [
            // A line's end, then the next line's start, below it.
            [
                glyph("す", 200.0, 700.0, 10.0),
                glyph("ま", 190.0, 688.0, 10.0),
            ],
            // Half-width letters.
            [
                glyph("A", 200.0, 700.0, 10.0),
                glyph("B", 190.0, 700.0, 10.0),
            ],
            // Ruby over its base.
            [
                glyph("く", 200.0, 710.0, 5.0),
                glyph("区", 190.0, 700.0, 10.0),
            ],
            // A cell's text, then the cell's to the left.
            [
                glyph("課", 200.0, 700.0, 10.0),
                glyph("部", 180.0, 700.0, 10.0),
            ],
        ] {
            let mut glyphs = pair.to_vec();
            stack_columns(&mut glyphs, &[]);
            assert_eq!(glyphs, pair, "{}{}", pair[0].text, pair[1].text);
        }
    }

    #[test]
    fn labels_stacked_with_leading_ascii_or_short_stay_horizontal() {
        // A label one character per line with 1.27 leading (reportlab's
        // goal sheets), a column of digits, and a short solid stack.
        for mut glyphs in [
            column("対面対応窓口案内", 12.7),
            column("12345678", 10.0),
            column("対面対応", 10.0),
        ] {
            stack_columns(&mut glyphs, &[]);
            assert!(glyphs.iter().all(|g| g.direction == Direction::LeftToRight));
        }
    }
}
