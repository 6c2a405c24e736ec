//! Reading what `convert` wrote a JSON value at a time, for `rows` and
//! `diff`: JSON Lines (a line a document or a failed input), or one
//! document over several lines (`extract`'s pretty-printed output), so
//! that memory holds one document, not the conversion.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;

use crate::job;

/// Whether a JSON value is what `convert` writes for an input: a
/// document, or (in JSON Lines) a failed input's line.
pub(crate) fn is_conversion(value: &serde_json::Value) -> bool {
    value["source"]["path"].is_string()
        && (value["plansheet_version"].is_string() || value["status"] == "failed")
}

/// Says on standard error that `path`, a file in a `convert -o` directory
/// that is none of the run's documents (`why`), is passed over.
pub(crate) fn warn_stray(path: &Path, why: &str) {
    eprintln!(
        "warning: {}: {why}, in a conversion's output directory: skipped",
        job::display(path)
    );
}

/// One JSON value of an input, not yet parsed.
pub(crate) struct Entry<'a> {
    /// Its line (the first, for a value over several).
    pub(crate) line: usize,
    /// Where its bytes start in the input.
    pub(crate) offset: u64,
    /// Its bytes, without the line's end.
    pub(crate) bytes: &'a [u8],
}

impl Entry<'_> {
    /// The value; an error naming the input and line where it is no JSON.
    pub(crate) fn value(&self, input: &Path) -> anyhow::Result<serde_json::Value> {
        serde_json::from_slice(self.bytes)
            .with_context(|| format!("{} line {}: not JSON", job::display(input), self.line))
    }
}

/// Reads `reader` (the input `input`) a JSON value at a time, calling
/// `each` on each; returns whether there was none. A line is a value;
/// blank lines are skipped, and a byte order mark an editor saved the file
/// with. Where the first line is no JSON by itself but opens a value over
/// several — a brace alone on it, as `extract` prints one, or any line of
/// a `.json` file (a document of `convert -o`) — the whole input is that
/// one value.
pub(crate) fn each_value(
    mut reader: impl BufRead,
    input: &Path,
    each: &mut dyn FnMut(Entry<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<bool> {
    let failed = || format!("failed to read {}", job::display(input));
    let one_document = input.extension().is_some_and(|e| e == "json");
    let mut line = Vec::new();
    let (mut n, mut offset, mut empty) = (0, 0u64, true);
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).with_context(failed)?;
        if read == 0 {
            return Ok(empty);
        }
        n += 1;
        let mut start = offset;
        offset += read as u64;
        let mut text = &line[..];
        if n == 1
            && let Some(rest) = text.strip_prefix("\u{FEFF}".as_bytes())
        {
            text = rest;
            start += 3;
        }
        let text = text.strip_suffix(b"\n").unwrap_or(text);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let opens_more = empty
            && (text.trim_ascii() == b"{"
                || one_document && serde_json::from_slice::<serde::de::IgnoredAny>(text).is_err());
        empty = false;
        if opens_more {
            let mut whole = [text, b"\n"].concat();
            reader.read_to_end(&mut whole).with_context(failed)?;
            return each(Entry {
                line: n,
                offset: start,
                bytes: &whole,
            })
            .map(|()| false);
        }
        each(Entry {
            line: n,
            offset: start,
            bytes: text,
        })?;
    }
}
