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

use encoding_rs::{EUC_JP, SHIFT_JIS};
use lopdf::{Dictionary, Document, Object};

use crate::cmap::{self, FirstMatch, UnicodeMap};

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

#[derive(Debug, Clone)]
enum Kind {
    Simple {
        /// Unicode per byte code.
        table: Vec<Option<String>>,
    },
    Composite {
        predefined: Predefined,
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
}

impl Code {
    fn decoded(text: String, width: f64, is_space: bool) -> Code {
        Code {
            text,
            width,
            is_space,
            undecoded: false,
            placeholder: false,
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
    to_unicode: Option<UnicodeMap>,
    vertical: bool,
    /// Simple fonts: first code and widths; composite: CID widths.
    first_char: u32,
    widths: Vec<f64>,
    /// The `/W` array's widths by CID, the first entry holding a CID
    /// winning (looked up, not scanned: a font of 128,000 entries made
    /// every glyph scan them).
    cid_widths: FirstMatch<f64>,
    default_width: f64,
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

fn stream_bytes(doc: &Document, obj: &Object) -> Option<Vec<u8>> {
    let stream = deref(doc, obj).as_stream().ok()?;
    stream
        .decompressed_content_with_limit(crate::MAX_STREAM_BYTES)
        .ok()
        .or_else(|| Some(stream.content.clone()))
}

impl Font {
    /// Reads a font dictionary. Anything unreadable degrades to defaults
    /// rather than failing: the text that can be decoded still is.
    pub(crate) fn load(doc: &Document, dict: &Dictionary) -> Font {
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| stream_bytes(doc, o))
            .map(|b| cmap::parse(&b));
        let subtype = name(doc, dict, b"Subtype").unwrap_or(b"");
        if subtype == b"Type0" {
            let encoding = name(doc, dict, b"Encoding").unwrap_or(b"");
            let descendant = dict
                .get(b"DescendantFonts")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            let ordering = descendant
                .and_then(|d| d.get(b"CIDSystemInfo").ok())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok())
                .and_then(|info| info.get(b"Ordering").ok())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_str().ok())
                .map(|s| s.to_vec())
                .unwrap_or_default();
            let encoding_name = String::from_utf8_lossy(encoding);
            let predefined = match encoding_name.as_ref() {
                n if n.starts_with("Identity") => Predefined::Identity {
                    japan1: ordering == b"Japan1",
                },
                n if n.contains("UCS2") => Predefined::Ucs2,
                n if n.contains("UTF16") => Predefined::Utf16,
                n if n.contains("RKSJ") => Predefined::ShiftJis,
                n if n.starts_with("EUC") => Predefined::Euc,
                "H" | "V" => Predefined::Jis,
                _ => Predefined::Unknown,
            };
            let vertical = encoding_name.ends_with("-V") || encoding_name == "V";
            let (default_width, cid_widths) =
                descendant.map_or((1000.0, Vec::new()), |d| cid_widths(doc, d));
            let cid_widths = FirstMatch::new(&cid_widths);
            return Font {
                kind: Kind::Composite { predefined },
                to_unicode,
                vertical,
                first_char: 0,
                widths: Vec::new(),
                cid_widths,
                default_width,
            };
        }
        let first_char = dict
            .get(b"FirstChar")
            .ok()
            .and_then(number)
            .unwrap_or(0.0)
            .max(0.0) as u32;
        let widths = dict
            .get(b"Widths")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .map(|w| number(deref(doc, w)).unwrap_or(0.0))
                    .collect()
            })
            .unwrap_or_default();
        let missing = dict
            .get(b"FontDescriptor")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(number)
            .unwrap_or(500.0);
        Font {
            kind: Kind::Simple {
                table: simple_table(doc, dict),
            },
            to_unicode,
            vertical: false,
            first_char,
            widths,
            cid_widths: FirstMatch::new(&[]),
            default_width: missing,
        }
    }

    /// Whether the font sets text vertically (a -V CMap).
    pub(crate) fn vertical(&self) -> bool {
        self.vertical
    }

    /// Splits a shown string into codes and decodes each.
    pub(crate) fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let len = self.code_length(&bytes[i..]).clamp(1, bytes.len() - i);
            let raw = &bytes[i..i + len];
            let code = raw.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
            let mapped = self.to_unicode.as_ref().and_then(|m| m.get(code));
            let is_space = len == 1 && raw[0] == b' ';
            if mapped == Some("") {
                // The producer mapped the code to nothing on purpose.
                let width = self.width(code, None);
                out.push(Code::decoded(String::new(), width, is_space));
                i += len;
                continue;
            }
            // A ToUnicode entry of U+FFFD or a control character says the
            // producer did not know the character (cairo writes U+FFFD for
            // every glyph of some subset fonts); the font's own encoding or
            // the CID may still know it.
            let text = mapped
                .filter(|t| !t.chars().any(unknown_char))
                .map(str::to_owned)
                .or_else(|| self.builtin_text(raw, code))
                .filter(|t| !t.is_empty() && !t.chars().any(unknown_char))
                .map(expand_ligatures);
            let width = self.width(code, text.as_deref());
            out.push(match text {
                Some(text) => Code::decoded(text, width, is_space),
                // The producer says a glyph is there, only not what it
                // reads: keep its place as U+FFFD.
                None if mapped.is_some() => Code {
                    text: char::REPLACEMENT_CHARACTER.to_string(),
                    width,
                    is_space,
                    undecoded: true,
                    placeholder: true,
                },
                None => Code {
                    text: String::new(),
                    width,
                    is_space,
                    undecoded: true,
                    placeholder: false,
                },
            });
            i += len;
        }
        out
    }

    fn code_length(&self, bytes: &[u8]) -> usize {
        let predefined = match &self.kind {
            Kind::Simple { .. } => return 1,
            Kind::Composite { predefined } => *predefined,
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
            Kind::Composite { predefined } => match predefined {
                Predefined::Identity { japan1: true } => cmap::japan1(code).map(str::to_owned),
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
            Kind::Composite { predefined } => {
                let cid = match predefined {
                    Predefined::Identity { .. } => Some(code),
                    _ => text
                        .and_then(|t| t.chars().next())
                        .and_then(|c| match u32::from(c) {
                            0x20..=0x7E => Some(u32::from(c) - 0x1F),
                            c @ 0xFF61..=0xFF9F => Some(327 + c - 0xFF61),
                            _ => None,
                        }),
                };
                cid.and_then(|cid| self.cid_widths.get(cid))
                    .unwrap_or(self.default_width)
            }
        }
    }
}

/// DW and the W array of a CIDFont: `[c [w1 w2 …]]` and `[c_first c_last w]`.
fn cid_widths(doc: &Document, descendant: &Dictionary) -> (f64, Vec<(u32, u32, f64)>) {
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
        return (default, Vec::new());
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(deref(doc, &w[i])) else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    let width = number(deref(doc, width)).unwrap_or(default);
                    out.push((first + k as u32, first + k as u32, width));
                }
                i += 2;
            }
            Some(last) => {
                let last = number(last).unwrap_or(0.0).max(0.0) as u32;
                let width = w
                    .get(i + 2)
                    .and_then(|o| number(deref(doc, o)))
                    .unwrap_or(default);
                out.push((first, last.max(first), width));
                i += 3;
            }
            None => break,
        }
    }
    (default, out)
}

/// The byte → Unicode table of a simple font: its base encoding with the
/// /Differences applied. The base tables (Standard, WinAnsi, MacRoman,
/// MacExpert, PDFDoc) and the Adobe Glyph List are lopdf's; a font without
/// /Encoding reads as StandardEncoding (the built-in encoding of the
/// standard Type 1 fonts), an encoding name nobody defines as WinAnsi.
fn simple_table(doc: &Document, dict: &Dictionary) -> Vec<Option<String>> {
    let encoding = dict.get(b"Encoding").ok().map(|o| deref(doc, o));
    let (base, differences) = match encoding {
        Some(Object::Name(n)) => (n.clone(), None),
        Some(Object::Dictionary(d)) => (
            d.get(b"BaseEncoding")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_name().ok())
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
            d.get(b"Differences")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok()),
        ),
        _ => (Vec::new(), None),
    };
    let base = if base.is_empty() {
        b"StandardEncoding".to_vec()
    } else {
        base
    };
    let mut table = base_table(doc, &base)
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

/// A glyph name to Unicode, the way the Adobe Glyph List specification
/// reads names: a suffix after the first `.` is dropped (`fi.alt`),
/// ligature components joined by `_` are read one by one (`f_f_i`), and
/// each component is a name of the Adobe Glyph List (lopdf's copy),
/// `uniXXXX` (one or more groups of four hex digits) or `uXXXX`–`uXXXXXX`.
/// Names that say nothing about the character (`g123`, `glyph7`, `cid42`)
/// give `None`: only the font program could tell, and it is not read.
fn glyph_to_unicode(doc: &Document, glyph: &[u8]) -> Option<String> {
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
            kind: Kind::Composite { predefined },
            to_unicode: None,
            vertical: false,
            first_char: 0,
            widths: Vec::new(),
            cid_widths: FirstMatch::new(&[(1, 95, 500.0)]),
            default_width: 1000.0,
        }
    }

    fn text(font: &Font, bytes: &[u8]) -> String {
        font.decode(bytes).into_iter().map(|c| c.text).collect()
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
        let widths: Vec<f64> = font.decode(b"A\x82\xa0").iter().map(|c| c.width).collect();
        assert_eq!(widths, [500.0, 1000.0]);
    }

    #[test]
    fn unknown_codes_are_marked_not_invented() {
        let codes = composite(Predefined::Identity { japan1: false }).decode(b"\x00\x05");
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
