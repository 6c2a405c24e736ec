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

use encoding_rs::{EUC_JP, SHIFT_JIS, WINDOWS_1252};
use lopdf::{Dictionary, Document, Object};

use crate::cmap::{self, UnicodeMap};

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
    cid_widths: Vec<(u32, u32, f64)>,
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
            cid_widths: Vec::new(),
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
            let mapped = self
                .to_unicode
                .as_ref()
                .and_then(|m| m.get(code))
                .map(str::to_owned);
            let text = mapped.or_else(|| self.builtin_text(raw, code));
            let width = self.width(code, text.as_deref());
            out.push(Code {
                undecoded: text.is_none(),
                text: text.unwrap_or_default(),
                width,
                is_space: len == 1 && raw[0] == b' ',
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
                cid.and_then(|cid| {
                    self.cid_widths
                        .iter()
                        .find(|(lo, hi, _)| (*lo..=*hi).contains(&cid))
                        .map(|w| w.2)
                })
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

/// The byte → Unicode table of a simple font: its base encoding (WinAnsi,
/// MacRoman read as WinAnsi, Standard) with the /Differences applied.
fn simple_table(doc: &Document, dict: &Dictionary) -> Vec<Option<String>> {
    let encoding = dict.get(b"Encoding").ok().map(|o| deref(doc, o));
    let (base, differences) = match encoding {
        Some(Object::Name(n)) => (n.clone(), None),
        Some(Object::Dictionary(d)) => (
            d.get(b"BaseEncoding")
                .ok()
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
    let mut table: Vec<Option<String>> = (0..=255u8)
        .map(|b| {
            if base == b"StandardEncoding" || base.is_empty() {
                standard(b)
            } else {
                let byte = [b];
                let (text, _, errors) = WINDOWS_1252.decode(&byte);
                (!errors && b >= 0x20).then(|| text.into_owned())
            }
        })
        .collect();
    if let Some(diffs) = differences {
        let mut code = 0usize;
        for item in diffs {
            match item {
                Object::Integer(n) => code = (*n).clamp(0, 255) as usize,
                Object::Name(glyph) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_to_unicode(glyph);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// Adobe StandardEncoding: ASCII except the quotes, for the range the
/// sheets use.
fn standard(b: u8) -> Option<String> {
    match b {
        0x27 => Some("’".into()),
        0x60 => Some("‘".into()),
        0x20..=0x7E => Some((b as char).to_string()),
        _ => None,
    }
}

/// A glyph name to Unicode: `uniXXXX`, `uXXXX`, single letters and digits'
/// names, and the common punctuation names.
fn glyph_to_unicode(glyph: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(glyph).ok()?;
    if let Some(hex) = name.strip_prefix("uni").or_else(|| name.strip_prefix('u'))
        && let Ok(code) = u32::from_str_radix(hex.get(..6).unwrap_or(hex), 16)
    {
        return char::from_u32(code).map(String::from);
    }
    if name.len() == 1 {
        return Some(name.to_owned());
    }
    let digits = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if let Some(d) = digits.iter().position(|&n| n == name) {
        return Some(d.to_string());
    }
    let punctuation = [
        ("space", " "),
        ("period", "."),
        ("comma", ","),
        ("colon", ":"),
        ("semicolon", ";"),
        ("hyphen", "-"),
        ("parenleft", "("),
        ("parenright", ")"),
        ("slash", "/"),
        ("percent", "%"),
        ("ampersand", "&"),
        ("quoteright", "’"),
        ("quoteleft", "‘"),
        ("quotedbl", "\""),
        ("exclam", "!"),
        ("question", "?"),
        ("bracketleft", "["),
        ("bracketright", "]"),
        ("underscore", "_"),
        ("at", "@"),
        ("numbersign", "#"),
        ("plus", "+"),
        ("equal", "="),
        ("asterisk", "*"),
        ("endash", "–"),
        ("emdash", "—"),
    ];
    punctuation
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, u)| (*u).to_owned())
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
            cid_widths: vec![(1, 95, 500.0)],
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
        assert_eq!(glyph_to_unicode(b"uni5BFE").as_deref(), Some("対"));
        assert_eq!(glyph_to_unicode(b"three").as_deref(), Some("3"));
        assert_eq!(glyph_to_unicode(b"parenleft").as_deref(), Some("("));
        assert_eq!(glyph_to_unicode(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_to_unicode(b"g123"), None);
    }
}
