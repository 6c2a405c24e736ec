//! Bytes to clean text: the first two stages of plansheet.
//!
//! [`decode`] turns the bytes of a text dump into a `String`, detecting UTF-8
//! (with or without a byte order mark), UTF-16 LE/BE, Shift_JIS (Windows code
//! page 932, with the NEC and IBM extensions), EUC-JP, ISO-2022-JP and
//! UTF-7, reading back text another program misread and saved again
//! ([`mojibake`]), and reporting every
//! byte sequence that does not decode with its offset. It never guesses
//! silently: a file that is not text at all is an error, and a file with a few
//! broken bytes decodes with U+FFFD in their place *and* a [`DecodeIssue`] for
//! each of them.
//!
//! [`normalize`](normalize_chars) rewrites characters that old office
//! software and PDF text extraction leave in a non-canonical shape, and
//! [`join_wrapped`] and [`repair_label`] undo the line breaks the sheets'
//! narrow table cells put into sentences and labels. The rules are listed, with
//! examples, in the documentation of [`normalize_chars`] and [`join_wrapped`].
//!
//! This crate knows nothing about sheet layouts; `plansheet-layout` does.
//!
//! ```
//! use plansheet_text::{decode, normalize_chars, TextEncoding};
//!
//! // "ＨＰ（１）" in Shift_JIS.
//! let bytes = b"\x82\x67\x82\x6f\x81\x69\x82\x50\x81\x6a";
//! let decoded = decode(bytes).unwrap();
//! assert_eq!(decoded.encoding, TextEncoding::ShiftJis);
//! assert_eq!(normalize_chars(&decoded.text), "HP(1)");
//! ```

#![deny(missing_docs)]

pub mod chars;
mod decode;
pub mod mojibake;
mod normalize;

pub use decode::{DecodeError, DecodeIssue, Decoded, LineEnding, TextEncoding, decode};
pub use normalize::{
    append_wrapped, choose_dashes, count_non_blank, fold_width, is_paragraph_start, join_wrapped,
    join_wrapped_onto, normalize_chars, repair_label, widen_katakana,
};
