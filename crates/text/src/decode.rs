//! Byte decoding with encoding detection and located errors.

use encoding_rs::{
    DecoderResult, EUC_JP, Encoding, ISO_2022_JP, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE,
};

use crate::mojibake::{self, Misreading};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many undecodable sequences are listed one by one; the rest are counted.
const MAX_LISTED_ISSUES: usize = 64;

/// The character encodings plansheet reads text dumps in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte order mark.
    #[serde(rename = "UTF-8")]
    Utf8,
    /// UTF-16, little endian.
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    /// UTF-16, big endian.
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
    /// Shift_JIS as Windows writes it (code page 932, with the NEC and IBM
    /// extensions such as ① and 髙).
    #[serde(rename = "Shift_JIS")]
    ShiftJis,
    /// EUC-JP, including the NEC row 13 symbols.
    #[serde(rename = "EUC-JP")]
    EucJp,
    /// ISO-2022-JP (7-bit JIS, as old mail and news wrote Japanese): JIS X
    /// 0208 and half-width katakana between escape sequences, all in ASCII
    /// bytes.
    #[serde(rename = "ISO-2022-JP")]
    Iso2022Jp,
    /// UTF-7 (RFC 2152), one of the encodings Word offers for saving plain text
    /// (and iconv and .NET write): ASCII, each run of other characters written
    /// as `+`, its UTF-16 in base64, and `-` where ASCII that could be base64
    /// follows.
    #[serde(rename = "UTF-7")]
    Utf7,
}

impl TextEncoding {
    /// The encoding_rs encoding; none for UTF-7, which the web's
    /// encodings leave out.
    fn encoding(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 => Some(UTF_8),
            TextEncoding::Utf16Le => Some(UTF_16LE),
            TextEncoding::Utf16Be => Some(UTF_16BE),
            TextEncoding::ShiftJis => Some(SHIFT_JIS),
            TextEncoding::EucJp => Some(EUC_JP),
            TextEncoding::Iso2022Jp => Some(ISO_2022_JP),
            TextEncoding::Utf7 => None,
        }
    }

    /// The encoding's IANA name, as written in the output.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::ShiftJis => "Shift_JIS",
            TextEncoding::EucJp => "EUC-JP",
            TextEncoding::Iso2022Jp => "ISO-2022-JP",
            TextEncoding::Utf7 => "UTF-7",
        }
    }
}

/// The line-end convention a file used before decoding turned every line end
/// into `\n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineEnding {
    /// `\n` (Unix), or a file with no line end at all.
    Lf,
    /// `\r\n` (Windows).
    Crlf,
    /// A lone `\r` (classic Mac OS).
    Cr,
    /// More than one convention in the same file.
    Mixed,
}

/// One byte sequence that is not valid in the detected encoding. The decoded
/// text holds U+FFFD in its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DecodeIssue {
    /// Offset of the first bad byte from the start of the file (byte order
    /// mark included).
    pub offset: usize,
    /// The bad bytes.
    pub bytes: Vec<u8>,
}

/// The result of decoding a text dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with every line end turned into `\n`.
    pub text: String,
    /// The detected encoding.
    pub encoding: TextEncoding,
    /// Whether the file started with a byte order mark.
    pub bom: bool,
    /// The line-end convention found in the file.
    pub line_ending: LineEnding,
    /// The first undecodable sequences, in file order (at most 64 are listed).
    pub issues: Vec<DecodeIssue>,
    /// How many undecodable sequences there were in all.
    pub issue_count: usize,
    /// For text decoded as UTF-16, how many of its characters are of no
    /// script a sheet is written in (Hangul, rare ideographs, Yi, the
    /// private use area: none of Latin, kana, CJK ideographs, their
    /// symbols and forms), and how many
    /// characters it has: one in twenty or more is text decoded out of
    /// step (a byte cut out of a UTF-16 file) or in another encoding, which
    /// decodes without a single error.
    pub foreign: Option<(usize, usize)>,
    /// For Unicode text that was UTF-8 decoded in another encoding and
    /// saved again (mojibake, see [`mojibake`](crate::mojibake)): the
    /// encoding it had been misread in, or the two, in the order they
    /// came, where what the first gave was misread again (`text` is the
    /// UTF-8 read back, U+FFFD for each character a misreading lost);
    /// empty for text not misread.
    pub misread: Vec<Misreading>,
    /// For Unicode text that was Shift_JIS or EUC-JP decoded in a Western
    /// encoding and saved again (see
    /// [`mojibake::undo_legacy`](crate::mojibake::undo_legacy)): the
    /// encoding it was written in and the one it was misread in (`text`
    /// is the text read back, U+FFFD for each character the misreading
    /// lost).
    pub misread_legacy: Option<(TextEncoding, Misreading)>,
    /// For text not read back so, the misreading its start reads as that
    /// could not be read back (see
    /// [`mojibake::unreadable`](crate::mojibake::unreadable)): none of
    /// what dropping its bytes past ASCII leaves where runs of `?` stand
    /// for what was lost (see [`Decoded::question_marks`]).
    pub unreadable: Option<mojibake::Unreadable>,
    /// How many `?` stand in runs of two or more, where six or more do,
    /// one four long or longer, a quarter or more of the text, in a text
    /// with hardly any kana or kanji: characters a program before could not hold in the encoding
    /// it saved the text in, and wrote as `?`; 0 otherwise.
    pub question_marks: usize,
}

impl Decoded {
    /// Whether the text reads as garbled: one character in twenty or more
    /// of no script a sheet is written in (see [`Decoded::foreign`]).
    pub fn garbled(&self) -> bool {
        self.foreign
            .is_some_and(|(foreign, chars)| foreign * 20 > chars)
    }
}

/// Whether a character is of no script a sheet is written in: not ASCII,
/// Latin-1, general punctuation and symbols (U+2000–U+2BFF), CJK symbols,
/// kana and ideographs (U+3000–U+30FF, U+3190–U+31FF, U+3200–U+33FF,
/// U+4E00–U+9FFF, U+F900–U+FAFF), or full- and half-width forms
/// (U+FF00–U+FFEF). Text read out of step is mostly Hangul, rare
/// ideographs, Yi and the private use area.
fn is_foreign(c: char) -> bool {
    !matches!(c,
        '\u{0}'..='\u{FF}'
            | '\u{2000}'..='\u{2BFF}'
            | '\u{3000}'..='\u{30FF}'
            | '\u{3190}'..='\u{33FF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF00}'..='\u{FFEF}'
            // (U+FFFD stands for a character lost before, said apart.)
            | '\u{FFFD}')
}

/// Why a file could not be decoded as text at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The file has no bytes.
    #[error("the file is empty")]
    Empty,
    /// The file holds binary data, not text in any supported encoding.
    #[error("not text: {reason}")]
    NotText {
        /// What gave it away, e.g. "412 NUL bytes in the first 4096".
        reason: String,
    },
}

/// Decodes a text dump, detecting its encoding.
///
/// Detection order: a byte order mark decides outright; a file with NUL bytes
/// is tried as BOM-less UTF-16 and is otherwise binary; ASCII with JIS's escape
/// sequences is ISO-2022-JP, and ASCII whose `+` runs decode to Japanese is
/// UTF-7 (its byte order mark, `+/v8`, found once decoded); a file that is
/// valid UTF-8 is UTF-8; anything else is decoded as UTF-8, Shift_JIS and
/// EUC-JP and the one with the fewest undecodable sequences wins, ties going to
/// the encoding that `shift_or_euc`'s byte-pattern detector picks.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (from_encoding_rs(enc), len),
        None if memchr::memchr(0, bytes).is_some() => (bomless_utf16(bytes)?, 0),
        None if is_iso_2022_jp(bytes) => (TextEncoding::Iso2022Jp, 0),
        None if is_utf7(bytes) => (TextEncoding::Utf7, 0),
        // Most dumps are valid UTF-8: read where they lie, checked once
        // (with SIMD: on CJK text several times faster than the standard
        // library's check).
        None => match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => return finish(text, TextEncoding::Utf8, false, Vec::new(), 0),
            Err(_) => {
                let (encoding, (raw, issues, issue_count)) = guess_legacy(bytes);
                return finish(&raw, encoding, false, issues, issue_count);
            }
        },
    };
    let body = &bytes[bom_len..];
    if encoding == TextEncoding::Utf8
        && let Ok(text) = simdutf8::basic::from_utf8(body)
    {
        return finish(text, encoding, bom_len > 0, Vec::new(), 0);
    }
    let (raw, issues, issue_count) = decode_located(encoding, body, bom_len);
    // UTF-7's byte order mark (`+/v8`, U+FEFF in base64) is found decoded.
    if encoding == TextEncoding::Utf7
        && let Some(text) = raw.strip_prefix('\u{FEFF}')
    {
        return finish(text, encoding, true, issues, issue_count);
    }
    // A UTF-16 byte order mark on text that is UTF-8 after it: read as
    // UTF-16, the text is made of characters no text uses together (one
    // in twenty or more of the private use area), and had come out as
    // such, `ok`. It is read as the UTF-8 it is, the mark's bytes as
    // bytes UTF-8 does not allow, each a decode error.
    if encoding != TextEncoding::Utf8
        && bom_len > 0
        && private_use(&raw) * 20 > raw.chars().count()
        && simdutf8::basic::from_utf8(body).is_ok()
    {
        let (raw, issues, issue_count) = decode_located(TextEncoding::Utf8, bytes, 0);
        return finish(&raw, TextEncoding::Utf8, false, issues, issue_count);
    }
    finish(&raw, encoding, bom_len > 0, issues, issue_count)
}

/// Whether bytes are ISO-2022-JP: ASCII only, with an escape sequence
/// switching to JIS X 0208 (`ESC $ B`, or the older `ESC $ @`) and one
/// switching back (`ESC ( B`, or JIS X 0201's `ESC ( J`), as every line
/// holding kanji ends (a stray `ESC $ B` in an ASCII file is no JIS).
/// Read as UTF-8, which such bytes are, the text had been escape codes and
/// ASCII letters (`$BNaOB(B7`): an outline, `ok`, or `not_text` where
/// the escapes are dense.
fn is_iso_2022_jp(bytes: &[u8]) -> bool {
    let holds = |escapes: [&[u8]; 2]| {
        escapes
            .iter()
            .any(|escape| memchr::memmem::find(bytes, escape).is_some())
    };
    memchr::memchr(0x1B, bytes).is_some()
        && holds([b"\x1b$B", b"\x1b$@"])
        && holds([b"\x1b(B", b"\x1b(J"])
        && bytes.is_ascii()
}

/// How much of an ASCII text's start [`is_utf7`] decodes.
const UTF7_SAMPLE: usize = 256 << 10;

/// What RFC 2152 lets a UTF-7 encoder write as it is or in base64 (its
/// "optional direct characters", and `\`, `~` and `+`, which some encoders
/// put in a run): in a run, no sign either way.
const OPTIONAL_DIRECT: &str = "!\"#$%&*;<=>@[]^_`{|}\\~+";

/// How many base64 letters a UTF-7 decode issue lists, from where its
/// run stops decoding (a run may be megabytes long).
const MAX_ISSUE_LETTERS: usize = 8;

/// Whether bytes are UTF-7 holding Japanese: ASCII only, with two or more
/// shifted runs (`+`, base64, and `-` where one is needed) that decode
/// whole to something past ASCII, and what every `+` but `+-` in the first
/// 256 KiB stands for eight or more characters, nine in ten of them kana,
/// kanji (with the rare ones past the Basic Multilingual Plane, `𠮷`), CJK
/// punctuation or full-width forms and one in eight kana — a `+` before
/// what does not decode (`+81-3`, `a+1=2`, `C++`) counting as U+FFFD, none
/// of them. Signs in a run that RFC 2152 lets an encoder leave as they are
/// (`+ACU-` for `%`, as iconv and .NET write it) and the byte order mark
/// (`+/v8`) count for nothing; letters, digits and white space, which no
/// encoder puts in a run, count against (a base64 blob's `+` opens what
/// may decode as UTF-16, helper-157). Read as UTF-8, which such bytes are,
/// a sheet had been `+epNT4zC1MPww0zC5-` strings: an outline, `ok`. (An
/// English text's `+` before a word decodes to one character, often a
/// kanji, hardly ever a kana: a diff's `+int`, a compiler's `+avx512cd`,
/// `WxH+X+Y`, helper-157.)
fn is_utf7(bytes: &[u8]) -> bool {
    // (Most texts are not ASCII, and say so at their first kana.)
    if !bytes.is_ascii() || memchr::memchr(b'+', bytes).is_none() {
        return false;
    }
    let (mut runs, mut chars, mut wide, mut kana) = (0usize, 0usize, 0usize, 0usize);
    let sample = &bytes[..bytes.len().min(UTF7_SAMPLE)];
    // Whether the sample's end cuts a run: the byte after it goes on with
    // one.
    let cut = bytes
        .get(sample.len())
        .is_some_and(|&b| is_base64(b) || b == b'-');
    for (plus, run) in shifted_runs(sample) {
        if run.letters.is_empty() && run.dash {
            continue;
        }
        // A run the cut ends may end in half a surrogate pair or in
        // spare bits: its last letters are not held against it.
        let cut_here = cut && plus + run.len() == sample.len();
        let (mut whole, mut past_ascii) = (true, false);
        run.decode(|read| match read {
            Ok(c) if OPTIONAL_DIRECT.contains(c) || c == '\u{FEFF}' => {}
            Ok(c) => {
                past_ascii |= !c.is_ascii();
                chars += 1;
                wide += usize::from(
                    crate::chars::is_japanese(c)
                        || matches!(c,
                            '\u{3000}'..='\u{303F}'
                                | '\u{3400}'..='\u{4DBF}'
                                | '\u{FF01}'..='\u{FFEF}'
                                | '\u{20000}'..='\u{3FFFF}'),
                );
                kana += usize::from(crate::chars::is_kana(c));
            }
            Err(letter) if cut_here && letter + MAX_ISSUE_LETTERS >= run.letters.len() => {}
            Err(_) => {
                whole = false;
                chars += 1;
            }
        });
        runs += usize::from(whole && past_ascii);
    }
    runs >= 2 && wide >= 8 && wide * 10 >= chars * 9 && kana * 8 >= chars
}

/// Whether a byte is a letter of UTF-7's base64.
fn is_base64(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/')
}

/// A `+` in UTF-7 and what follows it: a run of base64 letters, UTF-16
/// (big endian) six bits a letter, and whether a `-` ends it (`+-` is `+`
/// itself).
struct Shifted<'b> {
    letters: &'b [u8],
    dash: bool,
}

impl<'b> Shifted<'b> {
    /// The run `bytes` opens with (its first byte is the `+`).
    fn at(bytes: &'b [u8]) -> Self {
        let rest = &bytes[1..];
        let count = rest.iter().take_while(|&&b| is_base64(b)).count();
        Shifted {
            letters: &rest[..count],
            dash: rest.get(count) == Some(&b'-'),
        }
    }

    /// How many bytes the run takes, `+` and `-` included.
    fn len(&self) -> usize {
        1 + self.letters.len() + usize::from(self.dash)
    }

    /// Gives `read` each character the run stands for, in order, or,
    /// where it does not decode, the index of the letter it stops at: a
    /// 16-bit unit that pairs as UTF-16 does not (a surrogate alone), or
    /// bits left after the last unit that are a letter's or more, or not 0
    /// (RFC 2152). A `+` before no letter and no `-` stops at once.
    fn decode(&self, mut read: impl FnMut(Result<char, usize>)) {
        if self.letters.is_empty() {
            read(if self.dash { Ok('+') } else { Err(0) });
            return;
        }
        let (mut bits, mut held) = (0u32, 0u32);
        let units_read = std::cell::Cell::new(0usize);
        let mut letters = self.letters.iter();
        let units = std::iter::from_fn(|| {
            for &letter in letters.by_ref() {
                let value = match letter {
                    b'A'..=b'Z' => letter - b'A',
                    b'a'..=b'z' => letter - b'a' + 26,
                    b'0'..=b'9' => letter - b'0' + 52,
                    b'+' => 62,
                    _ => 63,
                };
                bits = (bits << 6) | u32::from(value);
                held += 6;
                if held >= 16 {
                    held -= 16;
                    let unit = (bits >> held) as u16;
                    bits &= (1 << held) - 1;
                    units_read.set(units_read.get() + 1);
                    return Some(unit);
                }
            }
            None
        });
        for c in char::decode_utf16(units) {
            // (A surrogate is found alone when the unit after it is read:
            // it is the one before the last read.)
            read(c.map_err(|_| units_read.get().saturating_sub(2) * 16 / 6));
        }
        if held >= 6 || bits != 0 {
            read(Err(self.letters.len() - 1));
        }
    }
}

/// Every `+` of UTF-7 bytes, where it is, and the run it opens.
fn shifted_runs(bytes: &[u8]) -> impl Iterator<Item = (usize, Shifted<'_>)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let plus = at + memchr::memchr(b'+', &bytes[at..])?;
        let run = Shifted::at(&bytes[plus..]);
        at = plus + run.len();
        Some((plus, run))
    })
}

/// Decodes UTF-7 run by run, linear in the bytes, each place a run stops
/// decoding one U+FFFD and one issue, as other encodings' malformed
/// sequences are: its offset, and the `+` or letter before it and at most
/// [`MAX_ISSUE_LETTERS`] letters from it.
fn decode_utf7(bytes: &[u8], base_offset: usize) -> Decoding {
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    let (mut issues, mut count) = (Vec::new(), 0);
    let mut end = 0;
    for (plus, run) in shifted_runs(bytes) {
        // ASCII is itself (the caller found every byte ASCII).
        out.push_str(&String::from_utf8_lossy(&bytes[end..plus]));
        end = plus + run.len();
        run.decode(|read| match read {
            Ok(c) => out.push(c),
            Err(letter) => {
                out.push('\u{FFFD}');
                count += 1;
                if issues.len() < MAX_LISTED_ISSUES {
                    let from = plus + letter;
                    issues.push(DecodeIssue {
                        offset: base_offset + from,
                        bytes: bytes[from..end.min(from + 1 + MAX_ISSUE_LETTERS)].to_vec(),
                    });
                }
            }
        });
    }
    out.push_str(&String::from_utf8_lossy(&bytes[end..]));
    (out, issues, count)
}

/// How many characters of a text are in the private use area (U+E000 to
/// U+F8FF): a sheet's own characters (外字) now and then; most of a text
/// decoded in the wrong encoding.
fn private_use(text: &str) -> usize {
    text.chars()
        .filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c))
        .count()
}

/// The decoded text checked for being text, with its line ends unified.
fn finish(
    raw: &str,
    encoding: TextEncoding,
    bom: bool,
    issues: Vec<DecodeIssue>,
    issue_count: usize,
) -> Result<Decoded, DecodeError> {
    // Text in a Unicode encoding, every byte of it valid, may still be
    // UTF-8 that another program decoded in the wrong encoding and saved.
    let unicode = matches!(
        encoding,
        TextEncoding::Utf8 | TextEncoding::Utf16Le | TextEncoding::Utf16Be | TextEncoding::Utf7
    );
    let undone = (unicode && issue_count == 0)
        .then(|| mojibake::undo(raw))
        .flatten();
    // Or Shift_JIS or EUC-JP another program decoded in a Western
    // encoding and saved.
    let legacy = (unicode && issue_count == 0 && undone.is_none())
        .then(|| mojibake::undo_legacy(raw))
        .flatten();
    let raw = match (&undone, &legacy) {
        (Some(m), _) => m.text.as_str(),
        (None, Some(m)) => m.text.as_str(),
        (None, None) => raw,
    };
    check_texty(raw, issue_count)?;
    let (text, line_ending) = unify_line_ends(raw);
    let foreign = matches!(encoding, TextEncoding::Utf16Le | TextEncoding::Utf16Be).then(|| {
        (
            text.chars().filter(|&c| is_foreign(c)).count(),
            text.chars().count(),
        )
    });
    let read_back = undone.is_some() || legacy.is_some();
    let question_marks = question_mark_runs(&text);
    let unreadable = (!read_back)
        .then(|| mojibake::unreadable(&text))
        .flatten()
        .filter(|u| question_marks == 0 || !matches!(u, mojibake::Unreadable::Dropped(_)));
    Ok(Decoded {
        text,
        encoding,
        bom,
        line_ending,
        issues,
        issue_count,
        foreign,
        misread: undone.map(|m| m.misread).unwrap_or_default(),
        misread_legacy: legacy.map(|m| (m.original, m.misread)),
        unreadable,
        question_marks,
    })
}

fn from_encoding_rs(enc: &'static Encoding) -> TextEncoding {
    if enc == UTF_16LE {
        TextEncoding::Utf16Le
    } else if enc == UTF_16BE {
        TextEncoding::Utf16Be
    } else {
        TextEncoding::Utf8
    }
}

/// UTF-16 without a byte order mark shows itself by NUL bytes mostly on
/// one parity (the high bytes of ASCII characters and line ends; Japanese
/// text has some on the other too, the low bytes of `　` U+3000 and `一`
/// U+4E00), and by what it decodes to: the characters a Japanese document
/// is made of, where a binary file's bytes make anything. The side with
/// more NUL bytes is tried first, then the other.
fn bomless_utf16(bytes: &[u8]) -> Result<TextEncoding, DecodeError> {
    let sample = &bytes[..bytes.len().min(4096)];
    let nul_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let nul_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let candidates = if nul_odd > nul_even {
        [TextEncoding::Utf16Le, TextEncoding::Utf16Be]
    } else {
        [TextEncoding::Utf16Be, TextEncoding::Utf16Le]
    };
    let fits = |candidate: TextEncoding, bytes: &[u8]| {
        let (text, _, errors) = decode_located(candidate, bytes, 0);
        let chars = text.chars().count().max(1);
        let plausible = text.chars().filter(|&c| is_plausible_char(c)).count();
        // A few bad code units (an odd byte at the end of a cut file) are
        // decode errors to report, as they are with a BOM, not a reason to
        // call the whole file binary.
        let few_errors = errors <= 1 + chars / 1000;
        few_errors && plausible * 20 >= chars * 19
    };
    // (The sample first, whole code units of it: a binary file is told by
    // its start, not decoded whole twice.)
    let start = &sample[..sample.len() & !1];
    for candidate in candidates {
        if fits(candidate, start) && fits(candidate, bytes) {
            return Ok(candidate);
        }
    }
    Err(DecodeError::NotText {
        reason: format!(
            "{} NUL bytes in the first {} bytes and no text encoding fits",
            nul_even + nul_odd,
            sample.len()
        ),
    })
}

/// Characters a Japanese administrative document is made of: ASCII, kana,
/// CJK ideographs and punctuation, full-width forms and common symbols.
fn is_plausible_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~')
        || matches!(u32::from(c),
            0x00A0..=0x00FF | 0x2010..=0x2BFF | 0x3000..=0x30FF | 0x3200..=0x33FF
            | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// The legacy encoding that decodes `bytes` with the fewest errors, and
/// what it decodes them to.
fn guess_legacy(bytes: &[u8]) -> (TextEncoding, Decoding) {
    // EUC-JP's half-width katakana, which Shift_JIS reads without an error
    // as kanji of the row `8E` leads (`ｼｮｳﾋﾝ` as `湿式宍`), the detector
    // does not take for EUC-JP (helper-170's price lists and names in
    // half-width katakana had read as kanji, `ok`): where they run, EUC-JP
    // goes first.
    let preferred = match shift_or_euc::Detector::new(false).feed(bytes, true) {
        Some(enc) if enc == EUC_JP => TextEncoding::EucJp,
        _ if half_width_runs(bytes) => TextEncoding::EucJp,
        _ => TextEncoding::ShiftJis,
    };
    let other = match preferred {
        TextEncoding::EucJp => TextEncoding::ShiftJis,
        _ => TextEncoding::EucJp,
    };
    // Fewest errors wins; the preferred goes first so it wins ties, and
    // without errors it cannot be beaten: the others are not tried.
    let mut best = (preferred, decode_located(preferred, bytes, 0));
    for enc in [other, TextEncoding::Utf8] {
        if best.1.2 == 0 {
            break;
        }
        let decoded = decode_located(enc, bytes, 0);
        if decoded.2 < best.1.2 {
            best = (enc, decoded);
        }
    }
    best
}

/// Whether four or more of EUC-JP's half-width katakana (`8E A1`–`8E DF`)
/// each open a run of three: as EUC-JP text in half-width katakana writes
/// them. Read as Shift_JIS, each is a kanji of the row `8E` leads, and a
/// text read so may hold words of two of them (`自社`, `実質`), but hardly
/// three in a row (helper-171: a list of `自社` rows had been taken for
/// EUC-JP); nor, with hiragana or most kanji, would it read as EUC-JP.
fn half_width_runs(bytes: &[u8]) -> bool {
    let half_width = |i: usize| {
        bytes.get(i) == Some(&0x8E) && bytes.get(i + 1).is_some_and(|b| (0xA1..=0xDF).contains(b))
    };
    memchr::memchr_iter(0x8E, bytes)
        .filter(|&i| half_width(i) && half_width(i + 2) && half_width(i + 4))
        .nth(3)
        .is_some()
}

/// Decoded text, the malformed sequences listed, and how many there were.
type Decoding = (String, Vec<DecodeIssue>, usize);

/// Decodes without replacement so that every malformed sequence is seen with
/// its position, then puts U+FFFD in its place.
///
/// Decoding goes through a fixed buffer and is appended to the output, so
/// each byte is decoded and copied once however many malformed sequences
/// there are (decoding straight into the output's spare capacity touches
/// all of it on every call: quadratic in the number of bad bytes).
fn decode_located(encoding: TextEncoding, bytes: &[u8], base_offset: usize) -> Decoding {
    const CHUNK: usize = 64 << 10;
    let Some(encoding) = encoding.encoding() else {
        return decode_utf7(bytes, base_offset);
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
    // No larger than the whole input can decode to (at least 16 bytes):
    // not 64 KiB zeroed for every file, whatever its size.
    let room = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .map_or(CHUNK, |n| n.clamp(16, CHUNK));
    let mut buffer = vec![0u8; room];
    let mut issues = Vec::new();
    let mut count = 0;
    let mut pos = 0;
    loop {
        let (result, read, written) =
            decoder.decode_to_utf8_without_replacement(&bytes[pos..], &mut buffer, true);
        pos += read;
        // The decoder writes whole UTF-8 sequences only, so this borrows.
        out.push_str(&String::from_utf8_lossy(&buffer[..written]));
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, extra) => {
                let end = pos - usize::from(extra);
                let start = end.saturating_sub(usize::from(bad));
                count += 1;
                if issues.len() < MAX_LISTED_ISSUES {
                    issues.push(DecodeIssue {
                        offset: base_offset + start,
                        bytes: bytes[start..end].to_vec(),
                    });
                }
                out.push('\u{FFFD}');
            }
        }
    }
    (out, issues, count)
}

/// A decoded "text" made mostly of control characters or replacement
/// characters is binary data that happened to decode.
fn check_texty(text: &str, issue_count: usize) -> Result<(), DecodeError> {
    let bytes = text.as_bytes();
    // Characters are counted by the bytes that start them, and control
    // characters (U+0000–U+001F, U+007F–U+009F) other than tab, line feed,
    // form feed and carriage return by their bytes (C2 80–C2 9F above
    // ASCII): one pass over blocks whose counts fit a byte, without
    // branches, which the compiler vectorizes.
    let (mut chars, mut controls) = (0usize, 0usize);
    for block in bytes.chunks(255) {
        let (c, k) = block.iter().fold((0u8, 0u8), |(c, k), &b| {
            let starts = u8::from(!(0x80..0xC0).contains(&b));
            let control =
                u8::from((b < 0x20) & !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C) | (b == 0x7F));
            (c + starts, k + control)
        });
        chars += usize::from(c);
        controls += usize::from(k);
    }
    let chars = chars.max(1);
    controls += memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|b| (0x80..0xA0).contains(b)))
        .count();
    if controls * 20 > chars {
        return Err(DecodeError::NotText {
            reason: format!("{controls} control characters in {chars}"),
        });
    }
    if issue_count * 10 > chars {
        return Err(DecodeError::NotText {
            reason: format!("{issue_count} undecodable byte sequences in {chars} characters"),
        });
    }
    Ok(())
}

/// Fewest `?` in runs of two or more that say characters were lost (see
/// [`question_mark_runs`]).
const MIN_QUESTION_MARKS: usize = 6;

/// How many `?` of a text stand in runs of two or more, if
/// [`MIN_QUESTION_MARKS`] or more do, one run four long or longer (a
/// sentence lost), a quarter or more of its characters other than white
/// space, and over four times as many as its kana, kanji and full-width
/// forms (0 otherwise): what a program writes for each
/// character the encoding it saves in cannot hold — a Japanese sheet
/// saved in Windows-1252 or Latin-1 (Excel's CSV in a Western locale,
/// Python's `errors="replace"`) is `?` wherever it had kana or kanji, and
/// had read as an outline of question marks, `ok`. A text in Japanese
/// that asks `本当??`, a template's `03-????-????` or `令和??年度`, an
/// English `WHAT??`, a chat's `really?? no way??` or code's `??` are not so
/// (helper-154: the first version, counting runs alone, said them). A lone `?` for a lone lost
/// kanji (`髙` saved in code page 932) is not told from a question.
/// Linear: each `?` is looked at once, each character at most once more.
fn question_mark_runs(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut in_runs, mut longest, mut after) = (0, 0, 0);
    for at in memchr::memchr_iter(b'?', bytes) {
        if at < after {
            continue;
        }
        let run = bytes[at..].iter().take_while(|&&b| b == b'?').count();
        if run >= 2 {
            in_runs += run;
        }
        longest = longest.max(run);
        after = at + run;
    }
    if in_runs < MIN_QUESTION_MARKS || longest < 4 {
        return 0;
    }
    let (mut written, mut japanese) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        written += 1;
        japanese +=
            usize::from(crate::chars::is_japanese(c) || ('\u{FF01}'..='\u{FF5E}').contains(&c));
    }
    if in_runs * 4 >= written && japanese * 4 < in_runs {
        in_runs
    } else {
        0
    }
}

/// The text with every line end a line feed, and which line ends it had.
fn unify_line_ends(raw: &str) -> (String, LineEnding) {
    let bytes = raw.as_bytes();
    let (mut crlf, mut cr) = (0usize, 0usize);
    let mut text = String::with_capacity(raw.len());
    let mut start = 0;
    // A carriage return is ASCII, so the text splits around it on character
    // boundaries.
    for i in memchr::memchr_iter(b'\r', bytes) {
        if i < start {
            continue;
        }
        text.push_str(&raw[start..i]);
        text.push('\n');
        if bytes.get(i + 1) == Some(&b'\n') {
            crlf += 1;
            start = i + 2;
        } else {
            cr += 1;
            start = i + 1;
        }
    }
    text.push_str(&raw[start..]);
    let lf = memchr::memchr_iter(b'\n', bytes).count() - crlf;
    let ending = match (crlf > 0, cr > 0, lf > 0) {
        (true, false, false) => LineEnding::Crlf,
        (false, true, false) => LineEnding::Cr,
        (false, false, _) => LineEnding::Lf,
        _ => LineEnding::Mixed,
    };
    (text, ending)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = enc.encode(s);
        assert!(!had_errors, "{s} does not fit {}", enc.name());
        bytes.into_owned()
    }

    const SAMPLE: &str =
        "令和7年度向上指針取組シート\n部署名\t目標\n総務課\t1 対面対応 丁寧に説明します。\n";

    #[test]
    fn utf8_without_bom() {
        let d = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!(
            (d.encoding, d.bom, d.text.as_str()),
            (TextEncoding::Utf8, false, SAMPLE)
        );
        assert_eq!(d.line_ending, LineEnding::Lf);
    }

    #[test]
    fn utf8_with_bom_drops_the_mark() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(
            (d.encoding, d.bom, d.text.as_str()),
            (TextEncoding::Utf8, true, SAMPLE)
        );
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        for (bom, enc, expected) in [
            (&b"\xFF\xFE"[..], true, TextEncoding::Utf16Le),
            (&b"\xFE\xFF"[..], false, TextEncoding::Utf16Be),
        ] {
            let mut bytes = bom.to_vec();
            for unit in SAMPLE.encode_utf16() {
                let pair = if enc {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let d = decode(&bytes).unwrap();
            assert_eq!(
                (d.encoding, d.bom, d.text.as_str()),
                (expected, true, SAMPLE)
            );
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_nul_bytes() {
        let bytes: Vec<u8> = "HP 1 対面対応\nabc\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf16Le);
        assert!(!d.bom);
        assert_eq!(d.text, "HP 1 対面対応\nabc\n");
        // Text all but its line ends Japanese has a NUL byte a line, and
        // `　` and `一` one on the other side (helper-123: `failed`,
        // `not_text`), in either order.
        let text = "あいうえお\nかきくけこ\n　一　一　一\n";
        for (bytes, encoding) in [
            (
                text.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
                TextEncoding::Utf16Le,
            ),
            (
                text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                TextEncoding::Utf16Be,
            ),
        ] {
            let d = decode(&bytes).unwrap();
            assert_eq!((d.encoding, d.text.as_str()), (encoding, text));
        }
        // A UTF-8 file with a NUL byte or two stays no text: as UTF-16 it
        // decodes to characters no text is made of.
        for nuls in [1, 2] {
            let mut bytes = "令和6年度 向上指針取組シート\n総務課\t窓口の案内を改善します。\n"
                .as_bytes()
                .to_vec();
            for k in 0..nuls {
                bytes.insert(10 + 2 * k, 0);
            }
            assert!(
                matches!(decode(&bytes), Err(DecodeError::NotText { .. })),
                "{nuls}"
            );
        }
    }

    /// A BOM-less UTF-16 file cut one byte short is text with one located
    /// decode error, as it is with a BOM, not binary.
    #[test]
    fn a_utf16_byte_order_mark_on_utf8_text_is_two_decode_errors() {
        let text =
            "令和6年度 向上指針取組シート\n部署名\t目標\n総務課\t1\t窓口の案内を改善します。\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend_from_slice(text.as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Utf8);
        assert_eq!(decoded.text, format!("\u{FFFD}\u{FFFD}{text}"));
        assert_eq!(
            decoded.issues,
            [
                DecodeIssue {
                    offset: 0,
                    bytes: vec![0xFF]
                },
                DecodeIssue {
                    offset: 1,
                    bytes: vec![0xFE]
                }
            ]
        );
        // UTF-16 under its mark is UTF-16, its private-use characters too.
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "外字\u{E001}\u{E002}の表".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&utf16).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Utf16Le);
        assert_eq!(decoded.text, "外字\u{E001}\u{E002}の表");
        assert_eq!(decoded.foreign, Some((2, 6)));
    }

    /// A UTF-16 file a byte was cut out of decodes, after the cut, out of
    /// step and without a single error: as characters of no language
    /// (Hangul, rare ideographs, the private use area). Such text is
    /// garbled; the text before the cut is not.
    #[test]
    fn utf16_out_of_step_reads_as_garbled() {
        let text = "令和6年度 向上指針取組シート\n総務課\t1\t窓口の案内を改善します。\n".repeat(4);
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let whole = decode(&bytes).unwrap();
        assert!(!whole.garbled(), "{:?}", whole.foreign);
        bytes.remove(41);
        let cut = decode(&bytes).unwrap();
        assert!(cut.garbled(), "{:?}", cut.foreign);
        assert!(cut.text.starts_with("令和6年度"));
    }

    #[test]
    fn utf16_without_bom_and_an_odd_trailing_byte_has_one_decode_error() {
        let mut bytes: Vec<u8> = "令和4年度向上指針取組シート\n部署名\t目標\n"
            .repeat(20)
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        bytes.push(b'x');
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf16Le);
        assert_eq!(d.issue_count, 1);
        assert_eq!(d.issues[0].offset, bytes.len() - 1);
        assert!(
            d.text.ends_with("目標\n\u{FFFD}"),
            "{:?}",
            &d.text[d.text.len() - 20..]
        );
    }

    /// Many malformed sequences cost no more than good bytes: the decoder
    /// output is appended from a fixed buffer (it used to be re-scanned per
    /// malformed sequence).
    #[test]
    fn every_bad_byte_is_located_and_the_rest_decodes() {
        let line = encode(SHIFT_JIS, "部署名\t目標及び具体的な取組内容\n");
        let mut bytes = Vec::new();
        for _ in 0..2000 {
            bytes.extend_from_slice(&line);
            bytes.extend_from_slice(b"\x82\n");
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, TextEncoding::ShiftJis);
        assert_eq!(d.issue_count, 2000);
        assert_eq!(d.text.matches("取組内容\n\u{FFFD}\n").count(), 2000);
    }

    #[test]
    fn shift_jis_with_nec_and_ibm_extensions() {
        // ① is an NEC row 13 character, 髙 an IBM extension: both only exist
        // in code page 932, which is what WHATWG's Shift_JIS decodes.
        let text = "① 髙橋課長が対応します。\n";
        let d = decode(&encode(SHIFT_JIS, text)).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str()),
            (TextEncoding::ShiftJis, text)
        );
        assert!(d.issues.is_empty());
    }

    #[test]
    fn euc_jp_with_nec_row_13() {
        let text = "①全体の奉仕者としての自覚を常に持ちます。\n②市民の視点に立ちます。\n";
        let d = decode(&encode(EUC_JP, text)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (TextEncoding::EucJp, text));
    }

    /// EUC-JP in half-width katakana reads as Shift_JIS without an error,
    /// as kanji (`ｼｮｳﾋﾝ` as `湿式宍`): read as EUC-JP (helper-170). Shift_JIS
    /// in half-width katakana, or with words of two such kanji, stays
    /// Shift_JIS.
    #[test]
    fn euc_jp_in_half_width_katakana_is_not_read_as_shift_jis() {
        let list = "ｼｮｳﾋﾝﾏｽﾀ ｴｸｽﾎﾟｰﾄ\nﾋﾝﾊﾞﾝ ｼｮｳﾋﾝﾒｲ ﾀﾝｶ\nKB-1001 ﾎﾞｰﾙﾍﾟﾝ ｸﾛ 0.5 120\n";
        let d = decode(&encode(EUC_JP, list)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (TextEncoding::EucJp, list));
        let d = decode(&encode(SHIFT_JIS, list)).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str()),
            (TextEncoding::ShiftJis, list)
        );
        // Words of two kanji of the row `8E` leads (`自社` is `8E A9 8E D0`),
        // which EUC-JP reads too (helper-171).
        let rows = "自社 ﾌｧｲﾙ 120\n実質 ﾃﾞｰﾀ 30\n写実 ｶﾞｿﾞ 8\n謝辞 ﾃﾞｰﾀ 2\n".repeat(2);
        let d = decode(&encode(SHIFT_JIS, &rows)).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str()),
            (TextEncoding::ShiftJis, rows.as_str())
        );
    }

    /// Control characters are counted by their bytes, C1 controls (two
    /// bytes in UTF-8) included, and the text is refused past one in 20.
    #[test]
    fn text_made_of_control_characters_is_binary() {
        let c1: String = "\u{0085}\u{009F}一".repeat(10);
        assert!(matches!(
            decode(c1.as_bytes()),
            Err(DecodeError::NotText { .. })
        ));
        let c0 = "\u{0001}\u{007F}一".repeat(10);
        assert!(matches!(
            decode(c0.as_bytes()),
            Err(DecodeError::NotText { .. })
        ));
        // Tab, form feed and line ends are text; U+00A0 and U+00C0 start
        // with C2 and C3 but are no controls.
        let text = "\t一\u{000C}二\u{00A0}\u{00C0}\r\n".repeat(10);
        assert!(decode(text.as_bytes()).is_ok());
    }

    #[test]
    fn crlf_and_cr_line_ends_become_lf() {
        let d = decode("\r\r\n一\r".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_ending),
            ("\n\n一\n", LineEnding::Mixed)
        );
        // A byte order mark, then CR line ends, read in place.
        let d = decode("\u{FEFF}一\r二".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_ending, d.bom),
            ("一\n二", LineEnding::Cr, true)
        );
        let d = decode("一\r\n二\r\n".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_ending),
            ("一\n二\n", LineEnding::Crlf)
        );
        let d = decode("一\r二\r".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_ending),
            ("一\n二\n", LineEnding::Cr)
        );
        let d = decode("一\r\n二\n".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_ending),
            ("一\n二\n", LineEnding::Mixed)
        );
    }

    #[test]
    fn broken_bytes_are_located_not_hidden() {
        // Valid Shift_JIS with one truncated two-byte character at offset 8.
        let mut bytes = encode(SHIFT_JIS, "対面対応");
        bytes.push(0x82);
        bytes.extend(encode(SHIFT_JIS, "\n説明します。"));
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, TextEncoding::ShiftJis);
        assert_eq!(d.issue_count, 1);
        assert_eq!(d.issues[0].offset, 8);
        assert_eq!(d.text, "対面対応\u{FFFD}\n説明します。");
    }

    /// ISO-2022-JP switches to JIS X 0208 and back on each line holding
    /// kanji; an ASCII file with a stray `ESC $ B` and no switch back is
    /// read as the ASCII it is (helper-150's r7 had become `not_text`).
    #[test]
    fn iso_2022_jp_is_told_by_its_switches_both_ways() {
        let jis = b"\x1b$BBPLL\x1b(B 1\n\x1b$B$\"$$\x1b(B\n";
        let d = decode(jis).unwrap();
        assert_eq!(d.encoding, TextEncoding::Iso2022Jp);
        assert_eq!(d.text, "対面 1\nあい\n");
        assert_eq!(d.issue_count, 0);
        let stray = b"plain text\n\x1b$B and a stray escape\n".repeat(20);
        let d = decode(&stray).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert!(d.text.starts_with("plain text\n\u{1b}$B"));
    }

    /// UTF-7 (an encoding Word saves plain text in) writes each run of
    /// Japanese as `+` and base64: told by what its runs decode to, its
    /// byte order mark set aside, a run that does not decode located.
    /// An English text's `+` before a word, a diff's lines, a telephone
    /// number and a sum stay the ASCII they are.
    #[test]
    fn utf7_is_told_by_what_its_runs_decode_to() {
        let sheet = b"+W/6XYlv+X9w 1\n+epNT4zBnTgFb5zBriqxmDjBXMH4wWTAC\n\
                      +X4UwYWZClZMwknftME8wVzB+MFcwXzAC\n";
        let text = "対面対応 1\n窓口で丁寧に説明します。\n待ち時間を短くしました。\n";
        let d = decode(sheet).unwrap();
        assert_eq!(
            (d.encoding, d.bom, d.issue_count),
            (TextEncoding::Utf7, false, 0)
        );
        assert_eq!(d.text, text);
        let marked = [b"+/v8-".as_slice(), sheet].concat();
        let d = decode(&marked).unwrap();
        assert_eq!((d.encoding, d.bom), (TextEncoding::Utf7, true));
        assert_eq!(d.text, text);
        // `あい` with its last letter's spare bits not 0: the characters
        // before them kept.
        let broken = [sheet.as_slice(), b"+MEIwRB-\n"].concat();
        let d = decode(&broken).unwrap();
        assert_eq!((d.encoding, d.issue_count), (TextEncoding::Utf7, 1));
        // (The issue lists the letter before the one it stops at, and on.)
        assert_eq!(d.issues[0].offset, sheet.len() + 5);
        assert_eq!(d.issues[0].bytes, b"RB-");
        assert_eq!(d.text, format!("{text}あい\u{FFFD}\n"));
        // A `+` written as `+-`; an unpaired surrogate (`+2DQ-`, D834); a
        // run stopping twice (D834, `あ`, spare bits), two issues for its
        // two U+FFFD, so that none is taken for one stored in the file; a
        // `+` before nothing at the end.
        let d =
            decode(&[&sheet.repeat(2), b"1+-1 +2DQ- +2DQwQgB-\na+".as_slice()].concat()).unwrap();
        assert_eq!((d.encoding, d.issue_count), (TextEncoding::Utf7, 4));
        assert_eq!(
            d.text,
            format!("{text}{text}1+1 \u{FFFD} \u{FFFD}あ\u{FFFD}\na\u{FFFD}")
        );
        // What iconv and .NET write in base64 that RFC 2152 lets them leave
        // as it is (`+ACU-` for `%`), and the byte order mark, count for
        // nothing either way.
        let strict = [sheet.as_slice(), b"+kFRiEHOH 95+ACU +MAx6k1PjMA0\n"].concat();
        let d = decode(&strict).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf7);
        assert_eq!(d.text, format!("{text}達成率 95% 「窓口」\n"));
        let d = decode(b"+/v8-+MEIwRDBCMEQ- +MEIwRDBCMEQ-\n").unwrap();
        assert_eq!(
            (d.encoding, d.bom, d.text.as_str()),
            (TextEncoding::Utf7, true, "あいあい あいあい\n")
        );
        // A run longer than the start looked at (`あ𠮷いあい…`, 320,000
        // letters after a short one) is read to where the start ends,
        // wherever that cuts it: between the halves of `𠮷` too.
        for shift in 0..16 {
            let long = [
                b"+MEIwRA-\n".as_slice(),
                &b" ".repeat(shift),
                b"+",
                &b"MELYQt+3MEQwQjBE".repeat(20_000),
                b"-\n",
            ]
            .concat();
            let d = decode(&long).unwrap();
            assert_eq!(
                (d.encoding, d.issue_count),
                (TextEncoding::Utf7, 0),
                "{shift}"
            );
            assert!(d.text.ends_with("あ𠮷いあい\n"));
        }
        // Two runs of Japanese among `+` that are not UTF-7's: ASCII.
        let mixed = b"+ZeVnLA- +ip5T5Q-\nTel +81-3-1234-5678\na+1=2\n".repeat(2);
        for ascii in [
            b"+int main(void)\n+The quick brown fox\n+foo bar baz qux\n-old line\n".as_slice(),
            b"Call +81-3-1234-5678 (+A-B) or see 1+1=2, C++ and a+b.\n",
            &mixed,
            // A base64 blob of UTF-16 whose `+` falls where its units
            // start: it holds line ends and Latin letters no run holds.
            &b"blob: +epNT4zBuaEhRhTBnMFkwAgAKAEwAbwBHAG8AIABmAG8AcgBtACAAMgAwADIANAAK\n".repeat(3),
            // Words that decode to kanji (helper-157): `櫼秗朝`, `忦`, `雚`.
            b"llc -mattr=+avx512cd,+avx512bw,+avx512dq,+avx512vl\n",
            &b"-crop WxH+X+Y\nbuild with +lto.\n".repeat(8),
        ] {
            let d = decode(ascii).unwrap();
            assert_eq!(d.encoding, TextEncoding::Utf8);
            assert_eq!(d.text.as_bytes(), ascii);
        }
    }

    #[test]
    fn utf8_with_one_bad_byte_stays_utf8() {
        let mut bytes = "区役所サービス向上方針".as_bytes().to_vec();
        bytes.insert(6, 0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(
            d.issues,
            vec![DecodeIssue {
                offset: 6,
                bytes: vec![0xFF]
            }]
        );
    }

    #[test]
    fn empty_and_binary_files_are_errors() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        let binary: Vec<u8> = (0..2048u32).map(|i| (i * 7 % 256) as u8).collect();
        let err = decode(&binary).unwrap_err();
        assert!(matches!(err, DecodeError::NotText { .. }), "{err}");
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert!(matches!(decode(png), Err(DecodeError::NotText { .. })));
    }

    /// A sheet saved in Windows-1252, `?` for every kana and kanji: the
    /// runs counted. Not a question or two, nor a lone lost kanji.
    #[test]
    fn question_marks_in_runs_are_lost_characters() {
        let lost: String = SAMPLE
            .chars()
            .map(|c| if c.is_ascii() { c } else { '?' })
            .collect();
        let d = decode(lost.as_bytes()).unwrap();
        // 令和 (2), 年度向上指針取組シート (11), 部署名 (3), 目標 (2),
        // 総務課 (3), 対面対応 (4), 丁寧に説明します。 (9).
        assert_eq!(d.question_marks, 34, "{lost}");
        for asked in [
            "本当ですか??\n大丈夫??\n",
            "窓口は?\n受付は? 電話は?\n髙橋課長?\n",
            "令和??年度 電話番号: 03-????-???? 郵便番号: ???-????\n",
            "WHAT?? Is the meeting tomorrow?? Are you serious??? Send the minutes.\n",
            "lol what??\nreally??\nno way??\n",
        ] {
            assert_eq!(
                decode(asked.as_bytes()).unwrap().question_marks,
                0,
                "{asked}"
            );
        }
    }
}
