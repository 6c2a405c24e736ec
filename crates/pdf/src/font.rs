//! Fonts, as far as text extraction needs them: how to split a string into
//! codes, what Unicode each code stands for, how wide it is, and whether it
//! is set vertically. Font programs are never parsed.
//!
//! Legacy Japanese PDFs use Type0 fonts with Adobe's predefined CMaps and
//! often no ToUnicode and no embedded font. The codes of those CMaps are
//! themselves an encoding plansheet can read: UniJIS-UCS2/UTF16 carry
//! UTF-16, 90ms-RKSJ and 90msp-RKSJ Shift_JIS, EUC EUC-JP, H and V the
//! two-byte JIS X 0208 row/cell codes (EUC-JP without its high bits), and
//! Identity over Adobe-Japan1 carries CIDs, read with Adobe's table.

use std::collections::HashMap;
use std::rc::Rc;

use encoding_rs::{EUC_JP, SHIFT_JIS};
use lopdf::{Dictionary, Document, Object};

use crate::cmap::{self, FirstMatch, UnicodeMap};
use crate::decode::Decoder;

/// How a composite font's codes are to be read without a ToUnicode map.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Predefined {
    /// Identity-H/V: codes are CIDs (2 bytes); `japan1` when the font's
    /// character collection is Adobe-Japan1.
    Identity { japan1: bool },
    /// UniJIS-UCS2-*: UTF-16 code units.
    Ucs2,
    /// UniJIS-UTF16-*: UTF-16 with surrogate pairs.
    Utf16,
    /// 90ms-RKSJ-*, 90msp-RKSJ-*, RKSJ-*: Shift_JIS.
    ShiftJis,
    /// EUC-H/V: EUC-JP.
    Euc,
    /// H/V: JIS X 0208 row/cell bytes (0x21–0x7E).
    Jis,
    /// A CMap plansheet cannot read.
    Unknown,
}

/// A simple font's Unicode per byte code.
type Table = Rc<[Option<String>]>;

#[derive(Debug, Clone)]
enum Kind {
    Simple {
        /// Unicode per byte code.
        table: Table,
    },
    Composite {
        predefined: Predefined,
        /// The codes → CIDs of a CMap the font embeds as its encoding
        /// (a stream, not a name), with the code lengths of its codespace.
        embedded: Option<Rc<UnicodeMap>>,
    },
}

/// One decoded code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Code {
    /// The Unicode text (empty when the code maps to nothing).
    pub(crate) text: String,
    /// Horizontal advance in thousandths of the font size.
    pub(crate) width: f64,
    /// Whether the code was the single byte 32 (word spacing applies).
    pub(crate) is_space: bool,
    /// Whether the code could not be decoded.
    pub(crate) undecoded: bool,
    /// Whether an undecoded code still stands for a glyph the producer
    /// drew (its ToUnicode entry was U+FFFD): it is kept as U+FFFD, in
    /// `text`, so that its line keeps its place.
    pub(crate) placeholder: bool,
    /// Whether the code's text is its ToUnicode entry cut short (see
    /// [`cmap::MAX_CODE_UNITS`]).
    pub(crate) cut: bool,
}

impl Code {
    fn decoded(text: String, width: f64, is_space: bool) -> Code {
        Code {
            text,
            width,
            is_space,
            undecoded: false,
            placeholder: false,
            cut: false,
        }
    }
}

/// Whether a character decoded from a font says nothing about the text:
/// U+FFFD, or a control character (some producers map every glyph to
/// U+0000).
fn unknown_char(c: char) -> bool {
    c == char::REPLACEMENT_CHARACTER || c.is_control()
}

/// The text with the Latin ligatures of Alphabetic Presentation Forms
/// (U+FB00–U+FB06) spelt out: a ligature is a typesetting choice, and
/// `signiﬁcant` must match `significant`.
fn expand_ligatures(text: String) -> String {
    if !text.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

/// A font of a page's resources.
#[derive(Debug, Clone)]
pub(crate) struct Font {
    kind: Kind,
    to_unicode: Option<Rc<UnicodeMap>>,
    vertical: bool,
    /// Simple fonts: first code and widths; composite: CID widths.
    first_char: u32,
    widths: Rc<[f64]>,
    /// The `/W` array's widths by CID, the first entry holding a CID
    /// winning (looked up, not scanned: a font of 128,000 entries made
    /// every glyph scan them); `None` for an entry that is not a number,
    /// which takes the default width.
    cid_widths: Rc<FirstMatch<Option<f64>>>,
    /// Whether `/W` had widths past [`MAX_WIDTHS`] or the document's
    /// [`MAX_DOCUMENT_WIDTHS`] that were not read.
    widths_cut: bool,
    default_width: f64,
    /// Whether the font is named for a Japanese typeface, or is a CIDFont
    /// of Adobe-Japan1 (see [`Fault::GarbledFont`](crate::Fault)).
    japanese_face: bool,
}

/// The longest name read as a CMap or encoding name: the PDF
/// specification's limit on names (Annex C). A longer one names nothing
/// plansheet knows; it is not copied or searched (a megabyte name shared by
/// every page's font would be, once a page).
const MAX_NAME: usize = 127;

/// The parts of the fonts read so far in one document, by the address of
/// the object each was read from: the ToUnicode CMap, the widths and the
/// encoding table. Font dictionaries given inline, one per page, may all
/// point to one large CMap or `/W` array; each is read once, not once a
/// page. The addresses are of the document's own objects, which live (and
/// do not move) as long as the document is borrowed: `'a`, which every
/// font read with these parts must share.
pub(crate) struct Parts<'a> {
    to_unicode: HashMap<usize, Rc<UnicodeMap>>,
    /// By the `/W` array (fonts differing in their default width share
    /// it: the array was read again for each).
    cid_widths: HashMap<usize, CidWidths>,
    widths: HashMap<usize, Rc<[f64]>>,
    /// By the base encoding's name and the `/Differences` array (0 for
    /// none).
    tables: HashMap<(Vec<u8>, usize), Table>,
    /// Widths the document's `/W` arrays may still give, of
    /// [`MAX_DOCUMENT_WIDTHS`].
    widths_left: usize,
    document: std::marker::PhantomData<&'a Document>,
}

impl Default for Parts<'_> {
    fn default() -> Self {
        Parts {
            to_unicode: HashMap::new(),
            cid_widths: HashMap::new(),
            widths: HashMap::new(),
            tables: HashMap::new(),
            widths_left: MAX_DOCUMENT_WIDTHS,
            document: std::marker::PhantomData,
        }
    }
}

/// A CIDFont's widths by CID, and whether some past the bounds were not
/// read.
type CidWidths = (Rc<FirstMatch<Option<f64>>>, bool);

/// Whether a font's name names a Japanese typeface: a subset's prefix
/// aside, the family names office software and printers use, in ASCII, or
/// 明朝 and ゴシック in Shift_JIS or UTF-8.
fn names_japanese_face(name: &[u8]) -> bool {
    const FAMILIES: [&str; 16] = [
        "mincho",
        "gothic",
        "ipaex",
        "ipamj",
        "meiryo",
        "yugo",
        "yumin",
        "hiragino",
        "kozmin",
        "kozgo",
        "heisei",
        "ryumin",
        "takao",
        "notosanscjk",
        "notoserifcjk",
        "sourcehan",
    ];
    const JAPANESE: [&[u8]; 4] = [
        b"\x96\xbe\x92\xa9",
        b"\x83\x53\x83\x56\x83\x62\x83\x4e",
        "明朝".as_bytes(),
        "ゴシック".as_bytes(),
    ];
    let folded: Vec<u8> = name
        .iter()
        .filter(|b| !matches!(b, b'-' | b'_' | b' '))
        .map(u8::to_ascii_lowercase)
        .collect();
    FAMILIES
        .iter()
        .any(|family| memchr::memmem::find(&folded, family.as_bytes()).is_some())
        || JAPANESE
            .iter()
            .any(|word| memchr::memmem::find(name, word).is_some())
}

/// The address of an object, as a cache key (of [`Parts`], and of the
/// interpreter's fonts and font tables).
pub(crate) fn address<T>(object: &T) -> usize {
    std::ptr::from_ref(object) as usize
}

fn name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    let obj = dict.get(key).ok()?;
    doc.dereference(obj).ok()?.1.as_name().ok()
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map_or(obj, |(_, o)| o)
}

fn number(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

impl Font {
    /// Reads a font dictionary. Anything unreadable degrades to defaults
    /// rather than failing: the text that can be decoded still is. Parts
    /// already read for another font of the document are taken from
    /// `parts`; streams are decoded by the document's `decoder`, within
    /// its budget (a ToUnicode stream inflating to 64 MiB, one per page's
    /// font, was inflated for each).
    pub(crate) fn load<'a>(
        doc: &'a Document,
        dict: &'a Dictionary,
        parts: &mut Parts<'a>,
        decoder: &mut Decoder,
    ) -> Font {
        let mut cmap_stream = |o: &'a Object| {
            let (id, object) = doc.dereference(o).ok()?;
            let stream = object.as_stream().ok()?;
            let key = address(stream);
            if let Some(map) = parts.to_unicode.get(&key) {
                return Some((map.clone(), stream));
            }
            let bytes = decoder.content(doc, stream, id, crate::MAX_STREAM_BYTES)?;
            let map = Rc::new(cmap::parse(&bytes));
            parts.to_unicode.insert(key, map.clone());
            Some((map, stream))
        };
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(&mut cmap_stream)
            .map(|(map, _)| map);
        let named_japanese = dict
            .get(b"BaseFont")
            .ok()
            .and_then(|o| deref(doc, o).as_name().ok())
            .is_some_and(names_japanese_face);
        let subtype = name(doc, dict, b"Subtype").unwrap_or(b"");
        if subtype == b"Type0" {
            let encoding = name(doc, dict, b"Encoding")
                .filter(|n| n.len() <= MAX_NAME)
                .unwrap_or(b"");
            let descendant = dict
                .get(b"DescendantFonts")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            let japan1 = descendant
                .and_then(|d| d.get(b"CIDSystemInfo").ok())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok())
                .and_then(|info| info.get(b"Ordering").ok())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_str().ok())
                == Some(b"Japan1".as_slice());
            let encoding_name = String::from_utf8_lossy(encoding);
            let predefined = match encoding_name.as_ref() {
                n if n.starts_with("Identity") => Predefined::Identity { japan1 },
                n if n.contains("UCS2") => Predefined::Ucs2,
                n if n.contains("UTF16") => Predefined::Utf16,
                n if n.contains("RKSJ") => Predefined::ShiftJis,
                n if n.starts_with("EUC") => Predefined::Euc,
                "H" | "V" => Predefined::Jis,
                _ => Predefined::Unknown,
            };
            // A CMap embedded as the encoding (Ghostscript writes one,
            // `OneByteIdentityH`, for PDF/A): its codes' lengths and CIDs
            // are its own, and so is its writing mode.
            let embedded = dict.get(b"Encoding").ok().and_then(&mut cmap_stream);
            let vertical = match &embedded {
                Some((_, stream)) => stream
                    .dict
                    .get(b"WMode")
                    .ok()
                    .and_then(number)
                    .is_some_and(|mode| mode == 1.0),
                None => encoding_name.ends_with("-V") || encoding_name == "V",
            };
            let embedded = embedded.map(|(map, _)| map);
            let (default_width, cid_widths, widths_cut) = match descendant {
                Some(d) => cid_widths(doc, d, parts),
                None => (1000.0, Rc::new(FirstMatch::default()), false),
            };
            return Font {
                kind: Kind::Composite {
                    predefined,
                    embedded,
                },
                to_unicode,
                vertical,
                first_char: 0,
                widths: Rc::new([]),
                cid_widths,
                widths_cut,
                default_width,
                japanese_face: named_japanese || japan1,
            };
        }
        let first_char = dict
            .get(b"FirstChar")
            .ok()
            .and_then(number)
            .unwrap_or(0.0)
            .max(0.0) as u32;
        let missing = dict
            .get(b"FontDescriptor")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(number)
            .unwrap_or(500.0);
        let table = simple_table(doc, dict, parts);
        let listed = dict
            .get(b"Widths")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                parts
                    .widths
                    .entry(address(a))
                    .or_insert_with(|| {
                        a.iter()
                            .map(|w| number(deref(doc, w)).unwrap_or(0.0))
                            .collect()
                    })
                    .clone()
            });
        // Without /Widths, one of the standard 14 fonts has its widths
        // from Adobe's metrics, every code from 0 (rev83 r37: Helvetica at
        // half an em a glyph pushed a cell's last word into the next).
        let (first_char, widths) = match listed {
            Some(widths) => (first_char, widths),
            None => dict
                .get(b"BaseFont")
                .ok()
                .and_then(|o| deref(doc, o).as_name().ok())
                .and_then(standard_metrics)
                .map_or((first_char, Rc::new([]) as Rc<[f64]>), |metrics| {
                    (0, metrics.widths(&table, missing))
                }),
        };
        Font {
            kind: Kind::Simple { table },
            to_unicode,
            vertical: false,
            first_char,
            widths,
            cid_widths: Rc::new(FirstMatch::default()),
            widths_cut: false,
            default_width: missing,
            japanese_face: named_japanese,
        }
    }

    /// Whether widths past the bounds of the font's `/W` array were not
    /// read (its glyphs there take the default width).
    pub(crate) fn widths_cut(&self) -> bool {
        self.widths_cut
    }

    /// Whether the font is named for a Japanese typeface or of the
    /// Adobe-Japan1 collection: its text is Japanese, not accented Latin.
    pub(crate) fn japanese_face(&self) -> bool {
        self.japanese_face
    }

    /// Whether the font sets text vertically (a -V CMap).
    pub(crate) fn vertical(&self) -> bool {
        self.vertical
    }

    /// Splits a shown string into codes and decodes each, one at a time:
    /// a reader that stops early (the document's glyphs all kept) decodes
    /// no more (a string of 63 MiB was decoded whole, 4.6 GB of codes).
    pub(crate) fn decode<'s>(&'s self, bytes: &'s [u8]) -> impl Iterator<Item = Code> + 's {
        let mut i = 0;
        std::iter::from_fn(move || {
            let rest = bytes.get(i..).filter(|r| !r.is_empty())?;
            let len = self.code_length(rest).clamp(1, rest.len());
            i += len;
            Some(self.decode_one(&rest[..len]))
        })
    }

    /// Decodes one code, given as its bytes.
    fn decode_one(&self, raw: &[u8]) -> Code {
        let code = raw.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        let (mapped, cut) = match self.to_unicode.as_ref().and_then(|m| m.get(code)) {
            Some((text, cut)) => (Some(text), cut),
            None => (None, false),
        };
        let is_space = raw == b" ";
        if mapped.as_deref() == Some("") {
            // The producer mapped the code to nothing on purpose.
            let width = self.width(code, None);
            return Code::decoded(String::new(), width, is_space);
        }
        // A ToUnicode entry of U+FFFD or a control character says the
        // producer did not know the character (cairo writes U+FFFD for
        // every glyph of some subset fonts); the font's own encoding or
        // the CID may still know it.
        let known = mapped.as_deref().filter(|t| !t.chars().any(unknown_char));
        let cut = cut && known.is_some();
        let text = known
            .map(str::to_owned)
            .or_else(|| self.builtin_text(raw, code))
            .filter(|t| !t.is_empty() && !t.chars().any(unknown_char))
            .map(expand_ligatures);
        let width = self.width(code, text.as_deref());
        match text {
            Some(text) => Code {
                cut,
                ..Code::decoded(text, width, is_space)
            },
            // The producer says a glyph is there, only not what it
            // reads: keep its place as U+FFFD.
            None if mapped.is_some() => Code {
                text: char::REPLACEMENT_CHARACTER.to_string(),
                width,
                is_space,
                undecoded: true,
                placeholder: true,
                cut: false,
            },
            None => Code {
                text: String::new(),
                width,
                is_space,
                undecoded: true,
                placeholder: false,
                cut: false,
            },
        }
    }

    fn code_length(&self, bytes: &[u8]) -> usize {
        let predefined = match &self.kind {
            Kind::Simple { .. } => return 1,
            Kind::Composite {
                embedded: Some(cmap),
                ..
            } if let Some(length) = cmap.code_length(bytes) => return length,
            Kind::Composite { predefined, .. } => *predefined,
        };
        let b = bytes[0];
        match predefined {
            Predefined::ShiftJis => {
                if matches!(b, 0x81..=0x9F | 0xE0..=0xFC) {
                    2
                } else {
                    1
                }
            }
            Predefined::Euc => match b {
                0x8F => 3,
                0x8E | 0xA1..=0xFE => 2,
                _ => 1,
            },
            Predefined::Utf16 if (0xD8..=0xDB).contains(&b) => 4,
            Predefined::Jis if b < 0x21 => 1,
            Predefined::Unknown => self
                .to_unicode
                .as_ref()
                .and_then(|m| m.code_length(bytes))
                .unwrap_or(2),
            _ => 2,
        }
    }

    fn builtin_text(&self, raw: &[u8], code: u32) -> Option<String> {
        let decode_with = |enc: &'static encoding_rs::Encoding, bytes: &[u8]| {
            let (text, _, errors) = enc.decode(bytes);
            (!errors).then(|| text.into_owned())
        };
        match &self.kind {
            Kind::Simple { table } => table.get(code as usize).cloned().flatten(),
            Kind::Composite { predefined, .. } => match predefined {
                Predefined::Identity { japan1: true } => {
                    crate::japan1::japan1(code).map(str::to_owned)
                }
                Predefined::Identity { japan1: false } | Predefined::Unknown => None,
                Predefined::Ucs2 | Predefined::Utf16 => {
                    let units: Vec<u16> = raw
                        .chunks(2)
                        .map(|c| (u16::from(c[0]) << 8) | u16::from(*c.get(1).unwrap_or(&0)))
                        .collect();
                    String::from_utf16(&units).ok()
                }
                Predefined::ShiftJis => decode_with(SHIFT_JIS, raw),
                Predefined::Euc => decode_with(EUC_JP, raw),
                Predefined::Jis => {
                    let high: Vec<u8> = raw
                        .iter()
                        .map(|b| if raw.len() == 2 { b | 0x80 } else { *b })
                        .collect();
                    decode_with(EUC_JP, &high)
                }
            },
        }
    }

    /// The advance of a code, in thousandths of the font size. For CMaps
    /// whose CIDs plansheet does not know, ASCII and half-width katakana are
    /// looked up at their Adobe-Japan1 CIDs (1–95, 327–389), everything else
    /// takes the default width.
    fn width(&self, code: u32, text: Option<&str>) -> f64 {
        match &self.kind {
            Kind::Simple { .. } => code
                .checked_sub(self.first_char)
                .and_then(|k| self.widths.get(k as usize))
                .copied()
                .unwrap_or(self.default_width),
            Kind::Composite {
                predefined,
                embedded,
            } => {
                let cid = match predefined {
                    Predefined::Identity { .. } => Some(code),
                    // (A CMap that defers to another, `usecmap`, lists no
                    // CIDs of its own: the guess below.)
                    _ if let Some(cid) = embedded.as_ref().and_then(|cmap| cmap.cid(code)) => {
                        Some(cid)
                    }
                    _ => text
                        .and_then(|t| t.chars().next())
                        .and_then(|c| match u32::from(c) {
                            0x20..=0x7E => Some(u32::from(c) - 0x1F),
                            c @ 0xFF61..=0xFF9F => Some(327 + c - 0xFF61),
                            _ => None,
                        }),
                };
                cid.and_then(|cid| self.cid_widths.get(cid))
                    .flatten()
                    .unwrap_or(self.default_width)
            }
        }
    }
}

/// The most widths read from one `/W` array: sixteen times the CIDs a font
/// can have. An entry may point to an array shared by every other entry,
/// which would otherwise give as many widths as the product of their
/// lengths; past the bound the rest of the array is ignored and its CIDs
/// take the default width.
const MAX_WIDTHS: usize = 1 << 20;

/// The most widths read from lists a `/W` array points to (rather than
/// holds), in all the arrays of a document: a list may be pointed to again
/// and again, by every entry of a thousand fonts' arrays (4.9 GB). Lists
/// written in the arrays themselves are the file's own bytes and do not
/// count.
const MAX_DOCUMENT_WIDTHS: usize = 1 << 21;

/// DW and the W array of a CIDFont: `[c [w1 w2 …]]` and `[c_first c_last w]`,
/// the widths read once per array and default width in a document, and
/// whether some were past the bounds and not read.
fn cid_widths<'a>(
    doc: &'a Document,
    descendant: &'a Dictionary,
    parts: &mut Parts<'a>,
) -> (f64, Rc<FirstMatch<Option<f64>>>, bool) {
    let default = descendant
        .get(b"DW")
        .ok()
        .and_then(|o| number(deref(doc, o)))
        .unwrap_or(1000.0);
    let Some(w) = descendant
        .get(b"W")
        .ok()
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    else {
        return (default, Rc::new(FirstMatch::default()), false);
    };
    let key = address(w);
    if let Some((widths, cut)) = parts.cid_widths.get(&key) {
        return (default, widths.clone(), *cut);
    }
    let mut out = Vec::new();
    let mut cut = false;
    let mut i = 0;
    while i < w.len() {
        if out.len() >= MAX_WIDTHS {
            cut = true;
            break;
        }
        let Some(first) = number(deref(doc, &w[i])) else {
            break;
        };
        let first = first.max(0.0) as u32;
        let entry = w.get(i + 1);
        match entry.map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                let pointed = matches!(entry, Some(Object::Reference(_)));
                let mut room = MAX_WIDTHS - out.len();
                if pointed {
                    room = room.min(parts.widths_left);
                }
                let taken = list.len().min(room);
                cut |= taken < list.len();
                for (cid, width) in (first..=u32::MAX).zip(&list[..taken]) {
                    out.push((cid, cid, number(deref(doc, width))));
                }
                if pointed {
                    parts.widths_left -= taken;
                }
                i += 2;
            }
            Some(last) => {
                let last = number(last).unwrap_or(0.0).max(0.0) as u32;
                let width = w.get(i + 2).and_then(|o| number(deref(doc, o)));
                out.push((first, last.max(first), width));
                i += 3;
            }
            None => break,
        }
    }
    let widths = Rc::new(FirstMatch::new(&out));
    parts.cid_widths.insert(key, (widths.clone(), cut));
    (default, widths, cut)
}

/// The byte → Unicode table of a simple font: its base encoding with the
/// /Differences applied. The base tables (Standard, WinAnsi, MacRoman,
/// MacExpert, PDFDoc) and the Adobe Glyph List are lopdf's; a font without
/// /Encoding reads as StandardEncoding (the built-in encoding of the
/// standard Type 1 fonts), an encoding name nobody defines as WinAnsi.
fn simple_table<'a>(doc: &'a Document, dict: &'a Dictionary, parts: &mut Parts<'a>) -> Table {
    let encoding = dict.get(b"Encoding").ok().map(|o| deref(doc, o));
    let (base, differences) = match encoding {
        Some(Object::Name(n)) => (Some(n.as_slice()), None),
        Some(Object::Dictionary(d)) => (
            d.get(b"BaseEncoding")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_name().ok()),
            d.get(b"Differences")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok()),
        ),
        _ => (None, None),
    };
    let base: &[u8] = match base {
        None | Some([]) => b"StandardEncoding",
        // Longer than a name may be: no encoding has it.
        Some(name) if name.len() > MAX_NAME => b"WinAnsiEncoding",
        Some(name) => name,
    };
    let key = (base.to_vec(), differences.map_or(0, address));
    if let Some(table) = parts.tables.get(&key) {
        return table.clone();
    }
    let mut table = base_table(doc, base)
        .or_else(|| base_table(doc, b"WinAnsiEncoding"))
        .unwrap_or_else(|| vec![None; 256]);
    if let Some(diffs) = differences {
        let mut code = 0usize;
        for item in diffs {
            match deref(doc, item) {
                Object::Integer(n) => code = (*n).clamp(0, 255) as usize,
                Object::Name(glyph) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_to_unicode(doc, glyph);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    let table: Table = table.into();
    parts.tables.insert(key, table.clone());
    table
}

/// One of the predefined simple encodings by name, from lopdf's tables;
/// `None` for a name lopdf does not define. Codes below 0x20 are left out:
/// no text font puts a character there.
fn base_table(doc: &Document, name: &[u8]) -> Option<Vec<Option<String>>> {
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Name(name.to_vec()));
    let lopdf::Encoding::OneByteEncoding(set) = font.get_font_encoding(doc).ok()? else {
        return None;
    };
    Some(
        set.iter()
            .enumerate()
            .map(|(code, glyph)| {
                let unit = glyph.as_ref()?.utf16_code_unit();
                (code >= 0x20)
                    .then(|| char::from_u32(u32::from(unit)))
                    .flatten()
                    .map(String::from)
            })
            .collect(),
    )
}

/// One of the standard 14 fonts' metrics (Adobe's AFM files): each glyph's
/// advance by its code in the font's own encoding, and by the character
/// its name stands for.
struct Metrics {
    by_code: [Option<f64>; 256],
    by_char: HashMap<char, f64>,
}

impl Metrics {
    /// Reads an AFM file's character metrics (`C 32 ; WX 278 ; N space ;`).
    fn read(afm: &str) -> Metrics {
        let glyph_list = Document::new();
        let mut metrics = Metrics {
            by_code: [None; 256],
            by_char: HashMap::new(),
        };
        for line in afm.lines().filter(|l| l.starts_with("C ")) {
            let field = |key: &str| {
                line.split(';')
                    .map(str::trim)
                    .find_map(|f| f.strip_prefix(key).map(str::trim))
            };
            let Some(width) = field("WX ").and_then(|w| w.parse::<f64>().ok()) else {
                continue;
            };
            if let Some(code) = field("C ").and_then(|c| c.parse::<usize>().ok())
                && let Some(slot) = metrics.by_code.get_mut(code)
            {
                *slot = Some(width);
            }
            let char = field("N ")
                .and_then(|name| glyph_to_unicode(&glyph_list, name.as_bytes()))
                .and_then(|text| text.chars().next());
            if let Some(c) = char {
                metrics.by_char.entry(c).or_insert(width);
            }
        }
        metrics
    }

    /// The widths of codes 0–255 under an encoding: by the character a
    /// code stands for, else (a symbol font's own codes) by the code, else
    /// `missing`.
    fn widths(&self, table: &Table, missing: f64) -> Rc<[f64]> {
        (0..256)
            .map(|code| {
                table
                    .get(code)
                    .and_then(|text| text.as_deref())
                    .and_then(|text| text.chars().next())
                    .and_then(|c| self.by_char.get(&c).copied())
                    .or(self.by_code[code])
                    .unwrap_or(missing)
            })
            .collect()
    }
}

/// The metrics of a standard 14 font by its name (a subset's tag, `ABCDEF+`,
/// aside) or a name office software gives the same face (see
/// [`standard_name`]), read once; `None` for any other font.
fn standard_metrics(base: &[u8]) -> Option<&'static Metrics> {
    use pdf_core_14_font_afms as afm;
    static READ: [std::sync::OnceLock<Metrics>; 14] = [const { std::sync::OnceLock::new() }; 14];
    const FONTS: [(&[u8], &str); 14] = [
        (b"Courier", afm::COURIER),
        (b"Courier-Bold", afm::COURIER_BOLD),
        (b"Courier-Oblique", afm::COURIER_OBLIQUE),
        (b"Courier-BoldOblique", afm::COURIER_BOLD_OBLIQUE),
        (b"Helvetica", afm::HELVETICA),
        (b"Helvetica-Bold", afm::HELVETICA_BOLD),
        (b"Helvetica-Oblique", afm::HELVETICA_OBLIQUE),
        (b"Helvetica-BoldOblique", afm::HELVETICA_BOLD_OBLIQUE),
        (b"Times-Roman", afm::TIMES_ROMAN),
        (b"Times-Bold", afm::TIMES_BOLD),
        (b"Times-Italic", afm::TIMES_ITALIC),
        (b"Times-BoldItalic", afm::TIMES_BOLD_ITALIC),
        (b"Symbol", afm::SYMBOL),
        (b"ZapfDingbats", afm::ZAPF_DINGBATS),
    ];
    let name = match base.get(6) {
        Some(b'+') => &base[7..],
        _ => base,
    };
    let name = standard_name(name)?;
    let k = FONTS
        .iter()
        .position(|(font, _)| *font == name.as_bytes())?;
    Some(READ[k].get_or_init(|| Metrics::read(FONTS[k].1)))
}

/// The standard 14 font a font name stands for: its own name, or the name
/// of the same face as office software and Windows print it — Arial for
/// Helvetica, Times New Roman for Times, Courier New for Courier, with the
/// style after a comma or a hyphen (`Arial,Bold`, `Arial-BoldMT`,
/// `TimesNewRomanPS-ItalicMT`, `CourierNew,BoldItalic`), as PDF readers
/// substitute them. A face of other widths (`Arial-Black`, `ArialNarrow`)
/// stands for none: its widths are not the standard font's.
///
/// Such a font without /Widths had every glyph advance by half an em (the
/// missing width), wider than most of Helvetica's, and a cell's last word
/// ran into the next cell's figures (`H3i,l2l00`).
fn standard_name(name: &[u8]) -> Option<&'static str> {
    let name: String = std::str::from_utf8(name)
        .ok()?
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    let (family, style) = name.split_once([',', '-']).unwrap_or((&name, ""));
    let family = family.to_ascii_lowercase();
    let family = family.strip_suffix("mt").unwrap_or(&family);
    let family = family.strip_suffix("ps").unwrap_or(family);
    let style = style.to_ascii_lowercase();
    let style = style.strip_suffix("mt").unwrap_or(&style);
    // Each family's faces: regular, bold, slanted, bold and slanted.
    const FAMILIES: [(&[&str], [&str; 4]); 3] = [
        (
            &["courier", "couriernew"],
            [
                "Courier",
                "Courier-Bold",
                "Courier-Oblique",
                "Courier-BoldOblique",
            ],
        ),
        (
            &["helvetica", "arial"],
            [
                "Helvetica",
                "Helvetica-Bold",
                "Helvetica-Oblique",
                "Helvetica-BoldOblique",
            ],
        ),
        (
            &["times", "timesnewroman"],
            [
                "Times-Roman",
                "Times-Bold",
                "Times-Italic",
                "Times-BoldItalic",
            ],
        ),
    ];
    let face = match style {
        "" | "roman" | "regular" => 0,
        "bold" => 1,
        "italic" | "oblique" => 2,
        "bolditalic" | "boldoblique" => 3,
        _ => return None,
    };
    match family {
        "symbol" if face == 0 => Some("Symbol"),
        "zapfdingbats" if face == 0 => Some("ZapfDingbats"),
        _ => FAMILIES
            .iter()
            .find(|(names, _)| names.contains(&family))
            .map(|(_, faces)| faces[face]),
    }
}

/// A glyph name to Unicode, the way the Adobe Glyph List specification
/// reads names: a suffix after the first `.` is dropped (`fi.alt`),
/// ligature components joined by `_` are read one by one (`f_f_i`), and
/// each component is a name of the Adobe Glyph List (lopdf's copy),
/// `uniXXXX` (one or more groups of four hex digits) or `uXXXX`–`uXXXXXX`.
/// Names that say nothing about the character (`g123`, `glyph7`, `cid42`)
/// give `None`: only the font program could tell, and it is not read.
fn glyph_to_unicode(doc: &Document, glyph: &[u8]) -> Option<String> {
    if glyph.len() > MAX_NAME {
        // Longer than a name may be: a `uni…` name of thousands of
        // characters, shown thousands of times, made the text grow with
        // the square of the file.
        return None;
    }
    let name = std::str::from_utf8(glyph).ok()?;
    let name = name.split('.').next().unwrap_or_default();
    let mut out = String::new();
    for component in name.split('_').take(16) {
        if let Some(text) = agl_name(doc, component).or_else(|| uni_name(component)) {
            out.push_str(&text);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A name of the Adobe Glyph List, looked up in lopdf's copy of it (reached
/// through a one-entry /Differences, its only public door).
fn agl_name(doc: &Document, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let mut encoding = Dictionary::new();
    encoding.set(
        "Differences",
        Object::Array(vec![
            Object::Integer(0),
            Object::Name(name.as_bytes().to_vec()),
        ]),
    );
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Dictionary(encoding));
    let lopdf::Encoding::Differences(differences) = font.get_font_encoding(doc).ok()? else {
        return None;
    };
    let unit = differences.map.get(&0)?.utf16_code_unit();
    char::from_u32(u32::from(unit)).map(String::from)
}

/// `uniXXXX[XXXX…]` (BMP code points, four hex digits each) and
/// `uXXXX`–`uXXXXXX`, from the Adobe Glyph List specification.
fn uni_name(name: &str) -> Option<String> {
    let hex = |digits: &str| {
        digits
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
            .then(|| u32::from_str_radix(digits, 16).ok())
            .flatten()
            .and_then(char::from_u32)
    };
    if let Some(digits) = name.strip_prefix("uni")
        && !digits.is_empty()
        && digits.len() % 4 == 0
    {
        let chars: Option<String> = (0..digits.len() / 4)
            .map(|k| digits.get(4 * k..4 * k + 4).and_then(hex))
            .collect();
        return chars;
    }
    let digits = name.strip_prefix('u')?;
    if (4..=6).contains(&digits.len()) {
        return hex(digits).map(String::from);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn composite(predefined: Predefined) -> Font {
        Font {
            kind: Kind::Composite {
                predefined,
                embedded: None,
            },
            to_unicode: None,
            vertical: false,
            first_char: 0,
            widths: Rc::new([]),
            cid_widths: Rc::new(FirstMatch::new(&[(1, 95, Some(500.0))])),
            widths_cut: false,
            default_width: 1000.0,
            japanese_face: false,
        }
    }

    #[test]
    fn office_names_of_the_standard_faces_stand_for_them() {
        for (name, standard) in [
            ("Helvetica", Some("Helvetica")),
            ("Times-Roman", Some("Times-Roman")),
            ("ZapfDingbats", Some("ZapfDingbats")),
            ("Arial", Some("Helvetica")),
            ("ArialMT", Some("Helvetica")),
            ("Arial,Bold", Some("Helvetica-Bold")),
            ("Arial-BoldMT", Some("Helvetica-Bold")),
            ("Arial-ItalicMT", Some("Helvetica-Oblique")),
            ("Arial,BoldItalic", Some("Helvetica-BoldOblique")),
            ("Helvetica,Bold", Some("Helvetica-Bold")),
            ("TimesNewRoman", Some("Times-Roman")),
            ("TimesNewRomanPSMT", Some("Times-Roman")),
            ("TimesNewRomanPS-BoldMT", Some("Times-Bold")),
            ("Times New Roman,Italic", Some("Times-Italic")),
            ("CourierNew", Some("Courier")),
            ("CourierNewPS-BoldItalicMT", Some("Courier-BoldOblique")),
            // Other widths than the standard face's, or another face.
            ("Arial-Black", None),
            ("ArialNarrow", None),
            ("Arial-Narrow", None),
            ("Symbol,Bold", None),
            ("MS-Mincho", None),
            ("Verdana", None),
        ] {
            assert_eq!(standard_name(name.as_bytes()), standard, "{name}");
        }
    }

    /// Font dictionaries given inline, one per page, that share their
    /// ToUnicode stream, `/W` array, `/Widths` array and `/Differences`:
    /// each part is read once (a thousand pages each parsed a
    /// 64,000-entry CMap again: 6.8 s for a 990 KB file).
    #[test]
    fn parts_shared_by_fonts_are_read_once() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let cmap = b"1 begincodespacerange <00> <FF> endcodespacerange\n\
                     1 beginbfchar <41> <5BFE> endbfchar"
            .to_vec();
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap));
        let w = doc.add_object(vec![Object::Integer(65), vec![600.into()].into()]);
        let widths = doc.add_object(vec![Object::Integer(700); 3]);
        let differences = doc.add_object(vec![65.into(), Object::Name(b"B".to_vec())]);
        let composite = || {
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type0",
                "Encoding" => "Identity-H",
                "ToUnicode" => to_unicode,
                "DescendantFonts" => vec![dictionary! { "W" => w }.into()],
            }
        };
        let simple = || {
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type1",
                "FirstChar" => 65,
                "Widths" => widths,
                "Encoding" => dictionary! { "Differences" => differences },
            }
        };
        let (one, two, three, four) = (composite(), composite(), simple(), simple());
        let mut parts = Parts::default();
        let [one, two, three, four] =
            [&one, &two, &three, &four].map(|dict| load(&doc, dict, &mut parts));
        assert_eq!(text(&one, b"\x00\x41"), "対");
        assert_eq!(first(&one, b"\x00\x41").width, 600.0);
        assert_eq!(text(&three, b"A"), "B");
        assert_eq!(first(&three, b"A").width, 700.0);
        let same = |a: &Option<Rc<UnicodeMap>>, b: &Option<Rc<UnicodeMap>>| {
            Rc::ptr_eq(a.as_ref().unwrap(), b.as_ref().unwrap())
        };
        assert!(same(&one.to_unicode, &two.to_unicode));
        assert!(Rc::ptr_eq(&one.cid_widths, &two.cid_widths));
        assert!(Rc::ptr_eq(&three.widths, &four.widths));
        let (Kind::Simple { table: a }, Kind::Simple { table: b }) = (&three.kind, &four.kind)
        else {
            panic!("simple fonts");
        };
        assert!(Rc::ptr_eq(a, b));
        assert_eq!(
            (
                parts.to_unicode.len(),
                parts.cid_widths.len(),
                parts.widths.len(),
                parts.tables.len()
            ),
            (1, 1, 1, 1)
        );
    }

    /// ToUnicode maps are decoded by the document's decoder, within its
    /// budget: two fonts' maps of 100 KB each, a budget of 150 KB, and the
    /// second is not read (its codes fall back to the font's encoding) and
    /// the decoder says so (one such map for each page's font, each
    /// inflating to 64 MiB, was inflated for each, outside any budget).
    #[test]
    fn to_unicode_maps_are_decoded_within_the_budget() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let maps: Vec<Object> = ["5BFE", "9762"]
            .map(|dst| {
                let cmap = format!(
                    "1 begincodespacerange <00> <FF> endcodespacerange\n\
                     1 beginbfchar <41> <{dst}> endbfchar\n{}",
                    " ".repeat(100_000)
                );
                let mut stream = Stream::new(dictionary! {}, cmap.into_bytes());
                stream.compress().unwrap();
                doc.add_object(stream).into()
            })
            .into();
        let dicts: Vec<Dictionary> = maps
            .iter()
            .map(|map| dictionary! { "Type" => "Font", "Subtype" => "Type1", "ToUnicode" => map.clone() })
            .collect();
        let mut parts = Parts::default();
        let mut decoder = Decoder::new(150_000);
        let fonts: Vec<Font> = dicts
            .iter()
            .map(|d| Font::load(&doc, d, &mut parts, &mut decoder))
            .collect();
        assert_eq!(text(&fonts[0], b"A"), "対");
        assert_eq!(text(&fonts[1], b"A"), "A");
        let report = decoder.take_report();
        assert_eq!((report.oversized, report.budget_met), (0, true));
    }

    /// Fonts that share a `/W` array and differ in their default width
    /// read it once (it was read again for each default, and a thousand
    /// fonts each read a million widths), each taking its own default
    /// where an entry is not a number.
    #[test]
    fn a_w_array_shared_by_fonts_of_other_defaults_is_read_once() {
        use lopdf::dictionary;
        let mut doc = Document::with_version("1.5");
        let w = doc.add_object(vec![
            Object::Integer(1),
            vec![Object::Integer(600), Object::Null].into(),
        ]);
        let dicts: Vec<Dictionary> = [900, 700]
            .map(|default| {
                dictionary! {
                    "Type" => "Font",
                    "Subtype" => "Type0",
                    "Encoding" => "Identity-H",
                    "DescendantFonts" => vec![dictionary! { "W" => w, "DW" => default }.into()],
                }
            })
            .into();
        let mut parts = Parts::default();
        let fonts: Vec<Font> = dicts.iter().map(|d| load(&doc, d, &mut parts)).collect();
        assert!(Rc::ptr_eq(&fonts[0].cid_widths, &fonts[1].cid_widths));
        let widths =
            |font: &Font| [b"\x00\x01", b"\x00\x02", b"\x00\x03"].map(|c| first(font, c).width);
        assert_eq!(widths(&fonts[0]), [600.0, 900.0, 900.0]);
        assert_eq!(widths(&fonts[1]), [600.0, 700.0, 700.0]);
    }

    /// Fonts named for a Japanese typeface, as office software, printers
    /// and Ghostscript name them, and fonts that are not.
    #[test]
    fn japanese_faces_are_told_by_their_names() {
        for name in [
            "IXGHLU+IPAexMincho".as_bytes(),
            b"MS-Gothic",
            b"MS-PMincho,Bold",
            b"KozMinPr6N-Regular",
            b"HeiseiKakuGo-W5",
            b"YuGothic-Medium",
            b"NotoSansCJKjp-Regular",
            b"\x82\x6c\x82\x72\x20\x96\xbe\x92\xa9",
            "ＭＳ ゴシック".as_bytes(),
        ] {
            assert!(
                names_japanese_face(name),
                "{}",
                String::from_utf8_lossy(name)
            );
        }
        for name in [
            "ABCDEF+Helvetica".as_bytes(),
            b"TimesNewRomanPSMT",
            b"ArialMT",
            b"DejaVuSans",
            b"Calibri",
        ] {
            assert!(
                !names_japanese_face(name),
                "{}",
                String::from_utf8_lossy(name)
            );
        }
    }

    /// A CMap embedded as a Type0 font's encoding (Ghostscript's
    /// `OneByteIdentityH` in PDF/A) gives the codes' lengths and CIDs: a
    /// code's width is its CID's in `/W`. Every glyph had been measured at
    /// the default width, a half-width digit 1 em, and short lines ending
    /// in figures read as full (their paragraph joined to the next).
    #[test]
    fn an_embedded_cmap_gives_codes_their_cids_and_widths() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.7");
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            /CMapName /OneByteIdentityH def\n\
            1 begincodespacerange <00> <ff> endcodespacerange\n\
            1 begincidrange <00> <ff> 0 endcidrange\n\
            1 begincidchar <41> 7 endcidchar\n\
            endcmap CMapName currentdict /CMap defineresource pop end end\n";
        let encoding = doc.add_object(Stream::new(
            dictionary! { "Type" => "CMap", "CMapName" => "OneByteIdentityH" },
            cmap.to_vec(),
        ));
        let font = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "Encoding" => encoding,
            "DescendantFonts" => vec![dictionary! {
                "Subtype" => "CIDFontType2",
                "DW" => 1000,
                "W" => vec![Object::Integer(7), vec![Object::Integer(250)].into(),
                    Object::Integer(0x30), vec![Object::Integer(558), Object::Integer(560)].into()],
            }.into()],
        };
        let mut parts = Parts::default();
        let font = load(&doc, &font, &mut parts);
        // One byte a code; `0`, `1` their CIDs' widths, `A` its own CID's
        // (the later `cidchar` wins), `あ`-less codes the default.
        assert_eq!(first(&font, b"0").width, 558.0);
        assert_eq!(first(&font, b"1").width, 560.0);
        assert_eq!(first(&font, b"A").width, 250.0);
        assert_eq!(first(&font, b"B").width, 1000.0);
        assert!(!font.vertical());
    }

    /// A `/W` array whose entries all point to one shared list gives at
    /// most [`MAX_WIDTHS`] widths (1,000 entries of a 2,000-width list
    /// would give two million); the CIDs past the bound take the default.
    #[test]
    fn widths_read_from_one_w_array_are_bounded() {
        use lopdf::dictionary;
        let mut doc = Document::with_version("1.5");
        let list = doc.add_object(vec![Object::Integer(600); 2000]);
        let w: Vec<Object> = (0..1000)
            .flat_map(|k| [Object::Integer(2000 * k), Object::Reference(list)])
            .collect();
        let font = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![dictionary! { "W" => w, "DW" => 900 }.into()],
        };
        let mut parts = Parts::default();
        let font = load(&doc, &font, &mut parts);
        let width = |cid: u32| first(&font, &cid.to_be_bytes()[2..]).width;
        assert_eq!(font.cid_widths.get(0), Some(Some(600.0)));
        assert_eq!(
            font.cid_widths.get(MAX_WIDTHS as u32 - 1),
            Some(Some(600.0))
        );
        assert_eq!(font.cid_widths.get(MAX_WIDTHS as u32), None);
        assert_eq!(width(5), 600.0);
        // The document's arrays together give at most
        // `MAX_DOCUMENT_WIDTHS`: two more fonts of such arrays, the
        // second gets none, and its CIDs take its default width.
        let dicts: Vec<Dictionary> = (0..2)
            .map(|_| {
                let w: Vec<Object> = (0..1000)
                    .flat_map(|k| [Object::Integer(2000 * k), Object::Reference(list)])
                    .collect();
                dictionary! {
                    "Type" => "Font",
                    "Subtype" => "Type0",
                    "Encoding" => "Identity-H",
                    "DescendantFonts" => vec![dictionary! { "W" => w, "DW" => 900 }.into()],
                }
            })
            .collect();
        let more: Vec<Font> = dicts
            .iter()
            .map(|dict| load(&doc, dict, &mut parts))
            .collect();
        assert_eq!(MAX_DOCUMENT_WIDTHS, 2 * MAX_WIDTHS);
        assert_eq!(
            more[0].cid_widths.get(MAX_WIDTHS as u32 - 1),
            Some(Some(600.0))
        );
        assert_eq!(more[1].cid_widths.get(0), None);
        assert_eq!(first(&more[1], b"\x00\x05").width, 900.0);
        assert!(font.widths_cut() && more[1].widths_cut());
        // Lists written in an array do not count toward the document's
        // bound: a font of its own widths still reads them.
        let own = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![dictionary! {
                "W" => vec![5.into(), vec![250.into(), 260.into()].into()],
            }.into()],
        };
        let own = load(&doc, &own, &mut parts);
        assert_eq!(first(&own, b"\x00\x06").width, 260.0);
        assert!(!own.widths_cut());
    }

    /// A font read with a decoder of its own.
    fn load<'a>(doc: &'a Document, dict: &'a Dictionary, parts: &mut Parts<'a>) -> Font {
        Font::load(doc, dict, parts, &mut Decoder::new(1 << 30))
    }

    fn first(font: &Font, bytes: &[u8]) -> Code {
        font.decode(bytes).next().unwrap()
    }

    fn text(font: &Font, bytes: &[u8]) -> String {
        font.decode(bytes).map(|c| c.text).collect()
    }

    #[test]
    fn predefined_cmaps_decode_without_to_unicode() {
        // あい / 対面対応 in each encoding.
        assert_eq!(
            text(&composite(Predefined::Ucs2), b"\x30\x42\x30\x44"),
            "あい"
        );
        assert_eq!(
            text(&composite(Predefined::Utf16), b"\xD8\x42\xDF\xB7\x5B\xFE"),
            "𠮷対"
        );
        assert_eq!(
            text(
                &composite(Predefined::ShiftJis),
                b"\x91\xce\x96\xca\x91\xce\x89\x9e"
            ),
            "対面対応"
        );
        assert_eq!(text(&composite(Predefined::ShiftJis), b"A\x82\xa0"), "Aあ");
        assert_eq!(
            text(&composite(Predefined::Euc), b"\xa4\xa2\xa4\xa4"),
            "あい"
        );
        assert_eq!(
            text(&composite(Predefined::Jis), b"\x24\x22\x24\x24"),
            "あい"
        );
        assert_eq!(
            text(
                &composite(Predefined::Identity { japan1: true }),
                b"\x03\x4b\x03\x4d"
            ),
            "あい"
        );
    }

    #[test]
    fn widths_of_predefined_cmaps_fall_back_by_character_class() {
        let font = composite(Predefined::ShiftJis);
        let widths: Vec<f64> = font.decode(b"A\x82\xa0").map(|c| c.width).collect();
        assert_eq!(widths, [500.0, 1000.0]);
    }

    #[test]
    fn unknown_codes_are_marked_not_invented() {
        let font = composite(Predefined::Identity { japan1: false });
        let codes: Vec<Code> = font.decode(b"\x00\x05").collect();
        assert!(codes[0].undecoded);
        assert_eq!(codes[0].text, "");
    }

    #[test]
    fn glyph_names() {
        let doc = Document::new();
        let name = |n: &[u8]| glyph_to_unicode(&doc, n);
        assert_eq!(name(b"uni5BFE").as_deref(), Some("対"));
        assert_eq!(name(b"three").as_deref(), Some("3"));
        assert_eq!(name(b"parenleft").as_deref(), Some("("));
        assert_eq!(name(b"A").as_deref(), Some("A"));
        assert_eq!(name(b"g123"), None);
        // A name may have 127 bytes; a longer one names nothing.
        let long = format!("uni{}", "5BFE".repeat(31));
        assert_eq!(name(long.as_bytes()).map(|t| t.chars().count()), Some(31));
        let longer = format!("uni{}", "5BFE".repeat(32));
        assert_eq!(name(longer.as_bytes()), None);
    }

    #[test]
    fn glyph_names_of_ligatures_accents_and_unicode_forms() {
        let doc = Document::new();
        let name = |n: &[u8]| glyph_to_unicode(&doc, n).map(expand_ligatures);
        assert_eq!(name(b"fi").as_deref(), Some("fi"));
        assert_eq!(name(b"fl").as_deref(), Some("fl"));
        assert_eq!(name(b"ffi").as_deref(), Some("ffi"));
        assert_eq!(name(b"f_f_l").as_deref(), Some("ffl"));
        assert_eq!(name(b"fi.alt").as_deref(), Some("fi"));
        assert_eq!(name(b"oacute").as_deref(), Some("ó"));
        assert_eq!(name(b"bullet").as_deref(), Some("•"));
        assert_eq!(name(b"uni00F300E9").as_deref(), Some("óé"));
        assert_eq!(name(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(name(b"uniD800"), None);
        assert_eq!(name(b"glyph7"), None);
    }

    #[test]
    fn mac_roman_is_not_read_as_win_ansi() {
        let doc = Document::new();
        let mac = base_table(&doc, b"MacRomanEncoding").unwrap_or_default();
        // 0x97 is ó in MacRoman and an em dash in WinAnsi; 0xA5 a bullet.
        assert_eq!(mac[0x97].as_deref(), Some("ó"));
        assert_eq!(mac[0x8E].as_deref(), Some("é"));
        assert_eq!(mac[0xA5].as_deref(), Some("•"));
        let standard = base_table(&doc, b"StandardEncoding").unwrap_or_default();
        assert_eq!(standard[0xAE].as_deref(), Some("\u{FB01}"));
        assert_eq!(standard[0x27].as_deref(), Some("’"));
    }
}
