//! Decoding a document's streams (content streams, forms, appearances,
//! ToUnicode maps) within one budget: every filter layer's output counts,
//! a stream that fails or runs past its room is remembered by its object
//! and not tried again, and what was not read is reported to the page.

use std::collections::HashMap;

use lopdf::{Dictionary, Object, ObjectId};

/// Decodes the streams of one document within its budget of bytes made.
pub(crate) struct Decoder {
    /// The most bytes the document's filters may make, a stream refused
    /// at its room counting that much: a kilobyte stream can inflate to
    /// [`MAX_STREAM_BYTES`](crate::MAX_STREAM_BYTES).
    limit: usize,
    /// Bytes made so far.
    inflated: usize,
    /// The streams refused, by object, with why: each is tried once (a
    /// 1.4 KB form inflating past 64 MiB, drawn 50 times, was inflated 50
    /// times; pages sharing such a stream each inflated it).
    refused: HashMap<ObjectId, Refused>,
    /// Since the last report: streams not read for their size, whether
    /// the budget turned one away, and streams read damaged.
    oversized: usize,
    budget_met: bool,
    damaged: usize,
    mismatched: usize,
}

/// What a [`Decoder`] met since its last report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Report {
    /// Streams not read for their size.
    pub(crate) oversized: usize,
    /// Whether the document's budget turned a stream away.
    pub(crate) budget_met: bool,
    /// Streams read damaged: their data stops before its end (a file cut
    /// short) or breaks, or could not be decoded at all (read as their raw
    /// bytes).
    pub(crate) damaged: usize,
    /// Flate streams read to their end whose checksum does not match.
    pub(crate) mismatched: usize,
}

impl Decoder {
    pub(crate) fn new(limit: usize) -> Self {
        Decoder {
            limit,
            inflated: 0,
            refused: HashMap::new(),
            oversized: 0,
            budget_met: false,
            damaged: 0,
            mismatched: 0,
        }
    }

    /// What was met since the last report; the counts start again.
    pub(crate) fn take_report(&mut self) -> Report {
        Report {
            oversized: std::mem::take(&mut self.oversized),
            budget_met: std::mem::take(&mut self.budget_met),
            damaged: std::mem::take(&mut self.damaged),
            mismatched: std::mem::take(&mut self.mismatched),
        }
    }

    /// A content stream (`id` is its object), decoded within `room`
    /// bytes; its raw bytes when it has no filter, or filters that cannot
    /// be read (within `room` too, as lopdf reads a page). `None` when it
    /// decodes past `room` or past what is left of the document's budget:
    /// it is not drawn and the page says so. Each stream is decoded once
    /// if it fails: remembered by its object with why, it is not tried
    /// again.
    pub(crate) fn content(
        &mut self,
        doc: &lopdf::Document,
        stream: &lopdf::Stream,
        id: Option<ObjectId>,
        room: usize,
    ) -> Option<Vec<u8>> {
        // A `/Length` that refers to nothing: lopdf guessed where the data
        // ends, and may have read none of it.
        if let Ok(Object::Reference(length)) = stream.dict.get(b"Length")
            && doc.get_object(*length).is_err()
        {
            self.damaged += 1;
        }
        // A stream refused once is refused at once (only streams with
        // filters are).
        match id.and_then(|id| self.refused.get(&id)).copied() {
            Some(Refused::Oversized) => {
                self.oversized += 1;
                return None;
            }
            Some(Refused::Budget) => {
                self.budget_met = true;
                return None;
            }
            Some(Refused::Undecodable) => {
                self.damaged += 1;
                return self.raw(stream, room);
            }
            None => {}
        }
        let resolved = with_direct_filters(doc, stream);
        let stream = resolved.as_ref().unwrap_or(stream);
        let filters = match stream.filters() {
            Ok(filters) if !filters.is_empty() => filters,
            // A filter that names no filter: what it would have decoded
            // is most likely lost. (`null` is no filter, as PDF reads it.)
            Err(_) if !matches!(stream.dict.get(b"Filter"), Ok(Object::Null) | Err(_)) => {
                self.damaged += 1;
                return self.raw(stream, room);
            }
            // Nothing to decode (no filter, or an empty list, which
            // poppler reads so and lopdf decodes to nothing): the file's
            // own bytes.
            _ => return self.raw(stream, room),
        };
        let why = match self.decode(stream, &filters, room) {
            Ok(content) => return Some(content),
            Err(Decoded::Undecodable) => Refused::Undecodable,
            Err(Decoded::PastBudget) => {
                self.budget_met = true;
                Refused::Budget
            }
            Err(Decoded::TooLarge) => {
                self.oversized += 1;
                // Past a page's remaining room only, it may fit another.
                if room < crate::MAX_STREAM_BYTES {
                    return None;
                }
                Refused::Oversized
            }
        };
        if let Some(id) = id {
            self.refused.insert(id, why);
        }
        match why {
            Refused::Undecodable => {
                // Read as it is, on the chance its filter was named
                // wrongly; whatever it held is most likely lost.
                self.damaged += 1;
                self.raw(stream, room)
            }
            Refused::Oversized | Refused::Budget => None,
        }
    }

    /// A stream's own bytes, if they fit in `room`.
    fn raw(&mut self, stream: &lopdf::Stream, room: usize) -> Option<Vec<u8>> {
        if stream.content.len() <= room {
            return Some(stream.content.clone());
        }
        self.oversized += 1;
        None
    }

    /// Decodes a stream's filters within `limit` bytes a layer, each
    /// layer's output counted toward the document's budget (the work done:
    /// a Flate layer inflating 60 MB of white space that the next layer
    /// reads as nothing was counted as nothing, and done again at each
    /// use). Each layer is decoded within `room` and what is left of the
    /// budget then. A layer that fails counts what it made.
    fn decode(
        &mut self,
        stream: &lopdf::Stream,
        filters: &[&[u8]],
        room: usize,
    ) -> Result<Vec<u8>, Decoded> {
        if filters.len() > lopdf::Stream::MAX_FILTERS {
            return Err(Decoded::Undecodable);
        }
        if let [filter] = filters {
            return self.layer(stream, filter, room);
        }
        // One layer at a time, with its parameters as lopdf passes them.
        let params = stream.dict.get(b"DecodeParms").ok();
        let mut data = stream.content.clone();
        for (k, filter) in filters.iter().enumerate() {
            let mut dict = Dictionary::new();
            dict.set("Filter", Object::Name(filter.to_vec()));
            let param = match params {
                Some(Object::Array(params)) => params.get(k).and_then(|p| p.as_dict().ok()),
                Some(Object::Dictionary(params)) => Some(params),
                _ => None,
            };
            if let Some(param) = param {
                dict.set("DecodeParms", param.clone());
            }
            let layer = lopdf::Stream::new(dict, std::mem::take(&mut data));
            data = self.layer(&layer, filter, room)?;
        }
        Ok(data)
    }

    /// Decodes one filter layer (`stream` holds just that filter) within
    /// `room` and what is left of the budget.
    fn layer(
        &mut self,
        stream: &lopdf::Stream,
        filter: &[u8],
        room: usize,
    ) -> Result<Vec<u8>, Decoded> {
        let left = self.limit.saturating_sub(self.inflated);
        let limit = room.min(left);
        if filter == b"FlateDecode" || filter == b"LZWDecode" {
            return self.decompress(stream, filter, limit, left < room);
        }
        let result = stream.decompressed_content_with_limit(limit);
        let (made, decoded) = match result {
            Ok(content) => {
                if !ends_whole(filter, &stream.content) {
                    self.damaged += 1;
                }
                (content.len(), Ok(content))
            }
            Err(e) if too_large(&e) && left < room => (limit, Err(Decoded::PastBudget)),
            Err(e) if too_large(&e) => (limit, Err(Decoded::TooLarge)),
            Err(_) => (
                failed_work(stream, filter, limit),
                Err(Decoded::Undecodable),
            ),
        };
        self.inflated = self.inflated.saturating_add(made);
        decoded
    }

    /// Decompresses one Flate or LZW layer within `limit` (`budget`: the
    /// limit is what is left of the document's budget, not the room).
    /// Decompressed here rather than by lopdf, which returns what it made
    /// before an error as if it were the whole: a stream cut short came
    /// out as a page with its text missing and no word of it, and a failed
    /// allocation under the worker's cap likewise.
    fn decompress(
        &mut self,
        stream: &lopdf::Stream,
        filter: &[u8],
        limit: usize,
        budget: bool,
    ) -> Result<Vec<u8>, Decoded> {
        let params = match stream.dict.get(b"DecodeParms") {
            Ok(Object::Array(params)) => params.first(),
            params => params.ok(),
        }
        .and_then(|p| p.as_dict().ok());
        let param = |key: &[u8]| params.and_then(|p| p.get(key).ok()?.as_i64().ok());
        let decompressed = if filter == b"LZWDecode" {
            unlzw(&stream.content, limit, param(b"EarlyChange") != Some(0))
        } else {
            inflate(&stream.content, limit)
        };
        let cut = matches!(decompressed, Decompressed::Cut(_));
        let (made, data) = match decompressed {
            Decompressed::Whole(data) => (data.len(), data),
            Decompressed::Cut(data) => {
                self.damaged += 1;
                (data.len(), data)
            }
            Decompressed::Mismatched(data) => {
                self.mismatched += 1;
                (data.len(), data)
            }
            Decompressed::TooLarge => {
                self.inflated = self.inflated.saturating_add(limit);
                return Err(if budget {
                    Decoded::PastBudget
                } else {
                    Decoded::TooLarge
                });
            }
        };
        self.inflated = self.inflated.saturating_add(made);
        match param(b"Predictor").unwrap_or(1) {
            ..=1 => Ok(data),
            // A PNG predictor (rare outside images and cross-reference
            // streams), applied here to the rows made: a stream cut short
            // keeps its whole rows (lopdf, decompressing again, refused
            // the whole stream for its last one).
            10..=15 => {
                // As lopdf reads them: absent or not positive, the default.
                let dimension = |key: &[u8], default: i64| {
                    usize::try_from(param(key).filter(|&v| v > 0).unwrap_or(default)).ok()
                };
                let (Some(columns), Some(colors), Some(bits)) = (
                    dimension(b"Columns", 1),
                    dimension(b"Colors", 1),
                    dimension(b"BitsPerComponent", 8),
                ) else {
                    return Err(Decoded::Undecodable);
                };
                let Some(pixel) = colors.checked_mul(bits) else {
                    return Err(Decoded::Undecodable);
                };
                let Some(row) = columns.checked_mul(pixel).map(|b| b.div_ceil(8)) else {
                    return Err(Decoded::Undecodable);
                };
                let whole = data.len() / (row + 1) * (row + 1);
                if whole < data.len() && !cut {
                    // A last row short of a row: data missing.
                    self.damaged += 1;
                }
                lopdf::filters::png::decode_frame(&data[..whole], pixel.div_ceil(8), row)
                    .map_err(|_| Decoded::Undecodable)
            }
            // TIFF's predictor (2) is lopdf's: it decompresses again, what
            // was made here having said whether the data was whole.
            _ => {
                drop(data);
                stream
                    .decompressed_content_with_limit(limit)
                    .map_err(|_| Decoded::Undecodable)
            }
        }
    }

    /// Bytes made so far.
    #[cfg(test)]
    pub(crate) fn inflated(&self) -> usize {
        self.inflated
    }

    /// How many streams were refused.
    #[cfg(test)]
    pub(crate) fn refused(&self) -> usize {
        self.refused.len()
    }
}

/// `stream` with its `/Filter` and `/DecodeParms` (and their arrays'
/// items) read through their references, if any is one: lopdf decodes only
/// direct ones, and read its raw bytes (a predictor ignored) otherwise.
/// `None` when they are all direct already (as a rule).
fn with_direct_filters(doc: &lopdf::Document, stream: &lopdf::Stream) -> Option<lopdf::Stream> {
    let indirect = |key: &[u8]| match stream.dict.get(key) {
        Ok(Object::Reference(_)) => true,
        Ok(Object::Array(items)) => items.iter().any(|o| matches!(o, Object::Reference(_))),
        _ => false,
    };
    if !indirect(b"Filter") && !indirect(b"DecodeParms") {
        return None;
    }
    let direct = |object: &Object| -> Object {
        let resolved = doc
            .dereference(object)
            .map_or(Object::Null, |(_, o)| o.clone());
        match resolved {
            Object::Array(items) => Object::Array(
                items
                    .iter()
                    .map(|o| doc.dereference(o).map_or(Object::Null, |(_, o)| o.clone()))
                    .collect(),
            ),
            other => other,
        }
    };
    let mut dict = stream.dict.clone();
    for key in [b"Filter".as_slice(), b"DecodeParms"] {
        if let Ok(object) = stream.dict.get(key) {
            dict.set(key, direct(object));
        }
    }
    Some(lopdf::Stream::new(dict, stream.content.clone()))
}

/// Why a content stream was not decoded.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Refused {
    /// It decompresses past [`MAX_STREAM_BYTES`](crate::MAX_STREAM_BYTES).
    Oversized,
    /// The document had decompressed the document's budget.
    Budget,
    /// Its filters could not be read: its raw bytes are read instead.
    Undecodable,
}

/// Why decoding a stream stopped.
enum Decoded {
    /// Past the room it had.
    TooLarge,
    /// Past what was left of the document's budget.
    PastBudget,
    /// A filter failed.
    Undecodable,
}

/// What a filter layer that failed made before it did, within `limit`
/// (Flate and LZW are decompressed here and measured): the most the
/// filter makes of its input (ASCII85 four bytes a byte, Brotli as much as
/// Flate can: a Brotli stream can make more, which only the deadline
/// bounds).
fn failed_work(stream: &lopdf::Stream, filter: &[u8], limit: usize) -> usize {
    let ratio = match filter {
        b"RunLengthDecode" => 128,
        b"ASCII85Decode" => 4,
        b"ASCIIHexDecode" => 1,
        b"BrotliDecode" => 1032,
        _ => 0,
    };
    stream.content.len().saturating_mul(ratio).min(limit)
}

/// How a Flate or LZW stream's data ended.
#[derive(Debug, PartialEq)]
enum Decompressed {
    /// At its end (Flate's last block, LZW's end-of-data code): whole.
    Whole(Vec<u8>),
    /// Before that, at the end of the input or at data the decoder cannot
    /// read: what came before.
    Cut(Vec<u8>),
    /// To its end, but its checksum (Flate's Adler-32) does not match.
    Mismatched(Vec<u8>),
    /// Past the limit.
    TooLarge,
}

/// Inflates `input` (zlib: its two-byte header is skipped, as is a stream
/// without one, from its third byte, as lopdf reads it) to at most `limit`
/// bytes. Its checksum, when there, is compared: a mismatch is
/// `Mismatched`, not `Cut`.
fn inflate(input: &[u8], limit: usize) -> Decompressed {
    use flate2::{Decompress, FlushDecompress, Status};
    if input.is_empty() || input.len() == 2 && is_zlib_header(input) {
        return Decompressed::Whole(Vec::new());
    }
    let data = input.get(2..).unwrap_or_default();
    let mut inflater = Decompress::new(false);
    let decompressed = drive(data, limit, |next, room| {
        let (read, written) = (inflater.total_in(), inflater.total_out());
        // A kilobyte of input at a time: a call that meets broken data
        // keeps none of what it made, so what came before is kept up to
        // the last kilobyte.
        let status = inflater.decompress(
            next.get(..INFLATE_STEP).unwrap_or(next),
            room,
            FlushDecompress::None,
        );
        let count = |now: u64, before: u64| usize::try_from(now - before).unwrap_or(usize::MAX);
        let state = match status {
            Ok(Status::StreamEnd) => Step::End,
            Ok(Status::Ok | Status::BufError) => Step::Going,
            Err(_) => Step::Broken,
        };
        (
            count(inflater.total_in(), read),
            count(inflater.total_out(), written),
            state,
        )
    });
    let rest = usize::try_from(inflater.total_in())
        .ok()
        .and_then(|read| data.get(read..))
        .unwrap_or_default();
    match decompressed {
        // The checksum, when the stream has one (not there, or white space
        // before `endstream`: nothing to check). Data that inflates to its
        // end can still be wrong: a byte changed in a stored block, or a
        // back-reference past the start of the data, which miniz_oxide
        // inflates without a word. But producers write wrong checksums
        // too (typeset.sh, zeros, bytes swapped) on whole streams that
        // poppler, PDFium, mupdf and PDFBox all read, so a mismatch alone
        // is not damage: it is said, and the document stays as it is.
        Decompressed::Whole(out)
            if rest.get(..4).is_some_and(|sum| {
                !sum.iter().all(u8::is_ascii_whitespace)
                    && sum != adler2::adler32_slice(&out).to_be_bytes()
            }) =>
        {
            Decompressed::Mismatched(out)
        }
        // All of it read, ending in a flush to a byte boundary (`00 00 FF
        // FF`) with no last block after it: PDFium writes streams so.
        Decompressed::Cut(out)
            if rest.trim_ascii().is_empty()
                && data.trim_ascii_end().ends_with(&[0, 0, 0xFF, 0xFF]) =>
        {
            Decompressed::Whole(out)
        }
        decompressed => decompressed,
    }
}

/// Whether `input` starts with a zlib header: two bytes, the method
/// deflate, a check that holds, no preset dictionary.
fn is_zlib_header(input: &[u8]) -> bool {
    let [method, flags, ..] = *input else {
        return false;
    };
    method & 0x0F == 8
        && (u16::from(method) * 256 + u16::from(flags)) % 31 == 0
        && flags & 0x20 == 0
}

/// Whether a stream lopdf decoded with `filter` ends where the filter says
/// its data ends: ASCIIHex at `>`, ASCII85 at `~>`, RunLength at its
/// end-of-data byte (128). lopdf reads a stream without one to its last
/// byte, as if whole; one cut short reads the same.
fn ends_whole(filter: &[u8], raw: &[u8]) -> bool {
    let trimmed = raw.trim_ascii_end();
    match filter {
        b"ASCIIHexDecode" => trimmed.ends_with(b">"),
        b"ASCII85Decode" => trimmed.ends_with(b"~>"),
        b"RunLengthDecode" => {
            // Runs of literal bytes (length byte 0–127: that many and
            // one more) and of one byte repeated (129–255), to 128.
            let mut at = 0;
            while let Some(&length) = raw.get(at) {
                match length {
                    128 => return true,
                    0..=127 => at += usize::from(length) + 2,
                    _ => at += 2,
                }
            }
            false
        }
        _ => true,
    }
}

/// Decodes LZW `input` (`early`: the code width grows a code early, the
/// `/EarlyChange 1` that is the default) to at most `limit` bytes: whole
/// only if its end-of-data code is read. A stream that ends without one
/// may have been cut anywhere, so it is `Cut` (poppler reads it without a
/// word).
fn unlzw(input: &[u8], limit: usize, early: bool) -> Decompressed {
    use weezl::{BitOrder, LzwStatus, decode::Decoder};
    if input.is_empty() {
        return Decompressed::Whole(Vec::new());
    }
    let mut decoder = if early {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    drive(input, limit, |next, room| {
        let step = decoder.decode_bytes(next, room);
        let state = match step.status {
            Ok(LzwStatus::Done) => Step::End,
            Ok(LzwStatus::Ok | LzwStatus::NoProgress) => Step::Going,
            Err(_) => Step::Broken,
        };
        (step.consumed_in, step.consumed_out, state)
    })
}

/// Where one call of a decoder left its stream.
enum Step {
    /// Read to its end.
    End,
    /// At data the decoder cannot read.
    Broken,
    /// Neither yet.
    Going,
}

/// Runs a decoder over `input` to at most `limit` bytes: `step` decodes
/// from the input not read yet into the room not written yet and says how
/// much it read and wrote. The room (zeroed once, when it grows) doubles
/// while the decoder fills it; a decoder that neither reads nor writes
/// with room to write has met the input's end before the stream's. A
/// refused allocation ends the process, as an infallible one would (the
/// run reports it `oom`), rather than leaving the data short.
fn drive(
    input: &[u8],
    limit: usize,
    mut step: impl FnMut(&[u8], &mut [u8]) -> (usize, usize, Step),
) -> Decompressed {
    let bound = limit.saturating_add(1);
    let mut out = vec![0; input.len().saturating_mul(4).max(4096).min(bound)];
    let (mut read, mut made) = (0, 0);
    loop {
        let (consumed, written, state) = step(
            input.get(read..).unwrap_or_default(),
            out.get_mut(made..).unwrap_or_default(),
        );
        read += consumed;
        made += written;
        if made > limit {
            return Decompressed::TooLarge;
        }
        let whole = match state {
            Step::End => true,
            Step::Broken => false,
            Step::Going if made == out.len() => {
                let doubled = out.len().saturating_mul(2).min(bound);
                out.resize(doubled, 0);
                continue;
            }
            // Room to write and nothing read or written: the input ended
            // before the stream did.
            Step::Going if consumed == 0 && written == 0 => false,
            Step::Going => continue,
        };
        out.truncate(made);
        return if whole {
            Decompressed::Whole(out)
        } else {
            Decompressed::Cut(out)
        };
    }
}

/// Compressed bytes [`inflate`] reads at a time.
const INFLATE_STEP: usize = 1024;

/// Whether a stream was refused for decompressing past the bound.
fn too_large(error: &lopdf::Error) -> bool {
    matches!(
        error,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;
    use std::io::Write;

    /// `data` compressed by flate2's zlib encoder, as a producer writes a
    /// stream.
    fn zlib(data: &[u8]) -> Vec<u8> {
        zlib_at(data, flate2::Compression::default())
    }

    fn zlib_at(data: &[u8], level: flate2::Compression) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), level);
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    /// Page text that does not compress to nothing: 600 numbered lines.
    fn content() -> Vec<u8> {
        (0..600)
            .flat_map(|k| format!("BT /F1 10 Tf 72 {k} Td (line {k}) Tj ET\n").into_bytes())
            .collect()
    }

    #[test]
    fn a_whole_stream_inflates_whole() {
        let page = content();
        assert!(inflate(&zlib(&page), 1 << 20) == Decompressed::Whole(page));
        assert_eq!(inflate(b"", 10), Decompressed::Whole(Vec::new()));
        // An empty stream compressed is whole too.
        assert_eq!(inflate(&zlib(b""), 10), Decompressed::Whole(Vec::new()));
    }

    /// Data that inflates to its end can still be wrong: a changed byte in
    /// a stored block, or a back-reference further back than the data
    /// (which miniz_oxide inflates without a word). The checksum says so;
    /// a wrong one on right data too (producers write them), so it is
    /// `Mismatched`, not `Cut`. Without the checksum, or with white space
    /// where it would be, there is nothing to check.
    #[test]
    fn a_checksum_that_fails_is_said() {
        let page = content();
        let stored = zlib_at(&page, flate2::Compression::none());
        let mut changed = stored.clone();
        changed[100] ^= 0x20;
        assert!(
            matches!(inflate(&changed, 1 << 20), Decompressed::Mismatched(d) if d.len() == page.len())
        );
        let mut wrong_sum = zlib(&page);
        let last = wrong_sum.len() - 1;
        wrong_sum[last] ^= 0xFF;
        assert!(inflate(&wrong_sum, 1 << 20) == Decompressed::Mismatched(page.clone()));
        let without = &stored[..stored.len() - 4];
        assert!(inflate(without, 1 << 20) == Decompressed::Whole(page.clone()));
        let spaced = [without, b"\r\n  "].concat();
        assert!(inflate(&spaced, 1 << 20) == Decompressed::Whole(page.clone()));
        // A back-reference 32 KB back at the very start, in a fixed-code
        // block: python's zlib refuses it ("invalid distance too far
        // back"), miniz_oxide makes bytes of nothing.
        let far = zlib_far_reference();
        assert!(matches!(
            inflate(&far, 1 << 20),
            Decompressed::Mismatched(_)
        ));
        // Through the decoder: read, and counted apart from damage.
        let mut decoder = Decoder::new(1 << 30);
        let stream = lopdf::Stream::new(dictionary! { "Filter" => "FlateDecode" }, wrong_sum);
        let doc = lopdf::Document::new();
        assert!(decoder.content(&doc, &stream, None, 1 << 20) == Some(page));
        let report = decoder.take_report();
        assert_eq!((report.damaged, report.mismatched), (0, 1));
    }

    /// A PNG predictor is applied to the rows made: a stream cut short
    /// keeps its whole rows (lopdf refused it whole for its last), and a
    /// whole one whose last row is short is damaged.
    #[test]
    fn a_predictor_keeps_the_whole_rows_of_a_cut_stream() {
        // Rows of two columns, "Up": each row adds the one above.
        let rows: Vec<u8> = (0..400u32).flat_map(|_| [2u8, 1, 1]).collect();
        let params = dictionary! { "Predictor" => 12, "Columns" => 2 };
        let stream = |data: Vec<u8>| {
            let dict = dictionary! { "Filter" => "FlateDecode", "DecodeParms" => params.clone() };
            lopdf::Stream::new(dict, data)
        };
        let doc = lopdf::Document::new();
        let mut decoder = Decoder::new(1 << 30);
        let compressed = zlib_at(&rows, flate2::Compression::none());
        let cut = stream(compressed[..compressed.len() / 2].to_vec());
        let read = decoder.content(&doc, &cut, None, 1 << 20).unwrap();
        assert!(
            read.len() > 100 && read.len().is_multiple_of(2),
            "{}",
            read.len()
        );
        assert_eq!(&read[..6], [1, 1, 2, 2, 3, 3]);
        assert_eq!(decoder.take_report().damaged, 1);
        let short = stream(zlib(&rows[..rows.len() - 1]));
        assert!(decoder.content(&doc, &short, None, 1 << 20).is_some());
        assert_eq!(decoder.take_report().damaged, 1);
        let whole = stream(zlib(&rows));
        assert_eq!(
            decoder
                .content(&doc, &whole, None, 1 << 20)
                .map(|r| r.len()),
            Some(800)
        );
        assert_eq!(decoder.take_report(), Report::default());
    }

    /// A `/Length` that refers to nothing is damage (lopdf guessed where
    /// the data ends); a `/Filter` of `null` is no filter.
    #[test]
    fn a_length_referring_to_nothing_is_damage() {
        let doc = lopdf::Document::new();
        let mut decoder = Decoder::new(1 << 30);
        let mut dangling = lopdf::Stream::new(dictionary! {}, b"BT ET".to_vec());
        // (`Stream::new` sets the length from the data; a file's is as read.)
        dangling.dict.set("Length", Object::Reference((99, 0)));
        assert!(decoder.content(&doc, &dangling, None, 1 << 20).is_some());
        assert_eq!(decoder.take_report().damaged, 1);
        let null = lopdf::Stream::new(dictionary! { "Filter" => Object::Null }, b"BT ET".to_vec());
        assert_eq!(
            decoder.content(&doc, &null, None, 1 << 20),
            Some(b"BT ET".to_vec())
        );
        assert_eq!(decoder.take_report(), Report::default());
    }

    /// A `/Filter` and `/DecodeParms` given by reference are read through
    /// it (lopdf read such a stream as its raw bytes, its text lost); a
    /// `/Filter` that names no filter is damage.
    #[test]
    fn filters_given_by_reference_are_followed() {
        let page = content();
        // PNG "Up" rows of two columns: each row adds the one above.
        let rows = [[2u8, 1, 2], [2, 1, 1], [2, 0, 3]].concat();
        let mut doc = lopdf::Document::with_version("1.5");
        let filter = doc.add_object(Object::Name(b"FlateDecode".to_vec()));
        let params = doc.add_object(dictionary! { "Predictor" => 12, "Columns" => 2 });
        let mut decoder = Decoder::new(1 << 30);
        let by_reference = lopdf::Stream::new(dictionary! { "Filter" => filter }, zlib(&page));
        assert!(decoder.content(&doc, &by_reference, None, 1 << 20) == Some(page));
        let in_array = lopdf::Stream::new(
            dictionary! { "Filter" => vec![filter.into()], "DecodeParms" => params },
            zlib(&rows),
        );
        assert_eq!(
            decoder.content(&doc, &in_array, None, 1 << 20),
            Some(vec![1, 2, 2, 3, 2, 6])
        );
        assert_eq!(decoder.take_report(), Report::default());
        let not_a_name = lopdf::Stream::new(dictionary! { "Filter" => 7 }, b"BT ET".to_vec());
        assert_eq!(
            decoder.content(&doc, &not_a_name, None, 1 << 20),
            Some(b"BT ET".to_vec())
        );
        assert_eq!(decoder.take_report().damaged, 1);
    }

    /// A zlib stream whose one fixed-code block is a literal `A` and then a
    /// copy of 3 bytes from 30,000 back, past the start of the data, with
    /// the checksum of `AAAA` (what a lenient inflater makes of it).
    fn zlib_far_reference() -> Vec<u8> {
        // Bits, first to last: BFINAL 1, BTYPE 01 (fixed); literal 'A'
        // (0x41: code 0x30 + 0x41 = 0x71, 8 bits); length 3 (code 257, 7
        // bits 0000001); distance code 28 (5 bits 11100) with 13 extra
        // bits; end of block (256: 7 bits 0000000).
        let mut bits: Vec<bool> = vec![true, true, false];
        let code = |value: u32, width: u32| (0..width).rev().map(move |k| value >> k & 1 == 1);
        bits.extend(code(0x71, 8));
        bits.extend(code(1, 7));
        bits.extend(code(28, 5));
        bits.extend((0..13).map(|k| (30_000u32 - 24_577) >> k & 1 == 1));
        bits.extend(code(0, 7));
        let mut out = vec![0x78, 0x9C];
        for chunk in bits.chunks(8) {
            out.push(
                chunk
                    .iter()
                    .enumerate()
                    .map(|(k, &b)| u8::from(b) << k)
                    .sum(),
            );
        }
        out.extend(adler2::adler32_slice(b"AAAA").to_be_bytes());
        out
    }

    /// Streams that are whole though they do not end as most do: only a
    /// zlib header (an empty stream), and a stream ended by a flush to a
    /// byte boundary with no last block (PDFium writes them so).
    #[test]
    fn streams_whole_though_short_of_a_last_block() {
        assert_eq!(inflate(&[0x78, 0x9C], 10), Decompressed::Whole(Vec::new()));
        let page = content();
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&page).unwrap();
        encoder.flush().unwrap();
        let flushed = encoder.get_ref().clone();
        assert!(flushed.ends_with(&[0, 0, 0xFF, 0xFF]));
        assert!(inflate(&flushed, 1 << 20) == Decompressed::Whole(page));
        // With the end of line before `endstream` in its length, too.
        let eol = [&flushed[..], b"\r\n"].concat();
        assert!(matches!(inflate(&eol, 1 << 20), Decompressed::Whole(_)));
        // One byte short of the flush's end, it is cut.
        assert!(matches!(
            inflate(&flushed[..flushed.len() - 1], 1 << 20),
            Decompressed::Cut(_)
        ));
    }

    /// ASCIIHex, ASCII85 and RunLength streams lopdf decodes are whole only
    /// with their end-of-data mark.
    #[test]
    fn other_filters_are_whole_at_their_end_of_data_mark() {
        assert!(ends_whole(b"ASCIIHexDecode", b"41 42 >\n"));
        assert!(!ends_whole(b"ASCIIHexDecode", b"41 42"));
        assert!(ends_whole(b"ASCII85Decode", b"87cUR~>"));
        assert!(!ends_whole(b"ASCII85Decode", b"87cUR"));
        // Two literal bytes, `x` four times, the end: 128 inside a run is
        // a byte like any other.
        assert!(ends_whole(
            b"RunLengthDecode",
            &[1, 128, 128, 253, b'x', 128]
        ));
        assert!(!ends_whole(b"RunLengthDecode", &[1, 128, 128, 253, b'x']));
        assert!(!ends_whole(b"RunLengthDecode", &[]));
        assert!(ends_whole(b"FlateDecode", b""));
        // Through the decoder: a cut ASCII85 stream.
        let mut decoder = Decoder::new(1 << 30);
        let stream = lopdf::Stream::new(
            dictionary! { "Filter" => "ASCII85Decode" },
            b"87cUR".to_vec(),
        );
        assert!(
            decoder
                .content(&lopdf::Document::new(), &stream, None, 1 << 20)
                .is_some()
        );
        assert_eq!(decoder.take_report().damaged, 1);
        // An unknown filter: read as raw bytes, and said.
        let stream = lopdf::Stream::new(
            dictionary! { "Filter" => "NoSuchDecode" },
            b"BT ET".to_vec(),
        );
        assert_eq!(
            decoder.content(&lopdf::Document::new(), &stream, Some((9, 0)), 1 << 20),
            Some(b"BT ET".to_vec())
        );
        assert_eq!(
            decoder.content(&lopdf::Document::new(), &stream, Some((9, 0)), 1 << 20),
            Some(b"BT ET".to_vec())
        );
        assert_eq!(decoder.take_report().damaged, 2);
    }

    /// Cut anywhere before its last block ends, a stream is `Cut` with
    /// what came before; lopdf returned that as if it were the whole.
    #[test]
    fn a_stream_cut_short_is_cut_with_what_came_before() {
        let page = content();
        let compressed = zlib(&page);
        // (Cut after its two-byte header, it is an empty stream: see
        // `streams_whole_though_short_of_a_last_block`.)
        for keep in [
            1,
            3,
            compressed.len() / 3,
            compressed.len() / 2,
            compressed.len() - 5,
        ] {
            let Decompressed::Cut(data) = inflate(&compressed[..keep], 1 << 20) else {
                panic!("cut at {keep} of {} read as whole", compressed.len());
            };
            // Cut in its last bytes, it may have made all its text before
            // its end was read: still not known whole.
            assert!(page.starts_with(&data), "{keep}");
        }
        let Decompressed::Cut(half) = inflate(&compressed[..compressed.len() / 2], 1 << 20) else {
            unreachable!()
        };
        assert!(half.len() > page.len() / 4, "{}", half.len());
        // lopdf on the same half: no error, the shorter text.
        let stream = lopdf::Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            compressed[..compressed.len() / 2].to_vec(),
        );
        assert!(stream.decompressed_content_with_limit(1 << 20).unwrap() == half);
    }

    #[test]
    fn data_no_inflater_reads_is_cut() {
        // The page flushed to a byte boundary, then the reserved block type
        // (`11`): the page is what came before.
        let page = content();
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&page).unwrap();
        encoder.flush().unwrap();
        let mut broken = encoder.get_ref().clone();
        broken.extend_from_slice(&[0xFF; 16]);
        let Decompressed::Cut(data) = inflate(&broken, 1 << 20) else {
            panic!("read whole");
        };
        // The inflater holds its last few bytes back when it fails.
        assert!(
            page.starts_with(&data) && data.len() > page.len() * 9 / 10,
            "{} bytes of {}",
            data.len(),
            page.len()
        );
        // The same in the first block's header.
        assert_eq!(
            inflate(b"\x78\x9c\xff\xff", 1 << 20),
            Decompressed::Cut(Vec::new())
        );
    }

    #[test]
    fn a_stream_past_its_limit_is_too_large() {
        let page = content();
        let compressed = zlib(&page);
        assert_eq!(inflate(&compressed, page.len() - 1), Decompressed::TooLarge);
        assert!(inflate(&compressed, page.len()) == Decompressed::Whole(page));
        assert_eq!(inflate(&zlib(b"x"), 0), Decompressed::TooLarge);
    }

    /// `data` encoded by weezl's LZW encoder, as PDF writes it (most
    /// significant bit first, the code width growing a code early).
    fn lzw(data: &[u8], early: bool) -> Vec<u8> {
        use weezl::{BitOrder, encode::Encoder};
        let mut encoder = if early {
            Encoder::with_tiff_size_switch(BitOrder::Msb, 8)
        } else {
            Encoder::new(BitOrder::Msb, 8)
        };
        encoder.encode(data).unwrap()
    }

    #[test]
    fn lzw_is_whole_only_at_its_end_of_data_code() {
        let page = content();
        for early in [true, false] {
            let encoded = lzw(&page, early);
            assert!(unlzw(&encoded, 1 << 20, early) == Decompressed::Whole(page.clone()));
            for keep in [1, encoded.len() / 2, encoded.len() - 1] {
                let Decompressed::Cut(data) = unlzw(&encoded[..keep], 1 << 20, early) else {
                    panic!("cut at {keep} of {} read as whole", encoded.len());
                };
                assert!(page.starts_with(&data), "{keep}");
            }
            assert_eq!(
                unlzw(&encoded, page.len() - 1, early),
                Decompressed::TooLarge
            );
        }
        // The clear code (256), then 300, a code not yet in the table.
        assert_eq!(
            unlzw(&[0x80, 0x4B, 0x00], 1 << 20, true),
            Decompressed::Cut(Vec::new())
        );
        // lopdf on half the stream: no error, the shorter text.
        let encoded = lzw(&page, true);
        let half = &encoded[..encoded.len() / 2];
        let stream = lopdf::Stream::new(dictionary! { "Filter" => "LZWDecode" }, half.to_vec());
        let theirs = stream.decompressed_content_with_limit(1 << 20).unwrap();
        assert!(theirs.len() < page.len() && page.starts_with(&theirs));
        let mut decoder = Decoder::new(1 << 30);
        let ours = decoder
            .content(&lopdf::Document::new(), &stream, Some((4, 0)), 1 << 20)
            .unwrap();
        assert!(
            ours == theirs,
            "{} bytes against lopdf's {}",
            ours.len(),
            theirs.len()
        );
        assert_eq!(decoder.take_report().damaged, 1);
    }

    /// A cut content stream is drawn as far as it goes, and the decoder
    /// reports it once per use; a PNG predictor is still applied (here,
    /// to the rows made).
    #[test]
    fn the_decoder_reports_damaged_streams_and_applies_predictors() {
        let page = content();
        let compressed = zlib(&page);
        let mut decoder = Decoder::new(1 << 30);
        let whole = lopdf::Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            compressed.clone(),
        );
        assert!(
            decoder.content(&lopdf::Document::new(), &whole, Some((1, 0)), 1 << 20)
                == Some(page.clone())
        );
        assert_eq!(decoder.take_report(), Report::default());
        let cut = lopdf::Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            compressed[..compressed.len() / 2].to_vec(),
        );
        let read = decoder
            .content(&lopdf::Document::new(), &cut, Some((2, 0)), 1 << 20)
            .unwrap();
        assert!(page.starts_with(&read) && read.len() < page.len());
        assert_eq!(decoder.take_report().damaged, 1);
        // PNG "Up" rows of two columns: each row adds the one above.
        let rows = [[2u8, 1, 2], [2, 1, 1], [2, 0, 3]].concat();
        let predicted = lopdf::Stream::new(
            dictionary! {
                "Filter" => "FlateDecode",
                "DecodeParms" => dictionary! { "Predictor" => 12, "Columns" => 2 },
            },
            zlib(&rows),
        );
        assert_eq!(
            decoder.content(&lopdf::Document::new(), &predicted, Some((3, 0)), 1 << 20),
            Some(vec![1, 2, 2, 3, 2, 6])
        );
        assert_eq!(decoder.take_report(), Report::default());
    }
}
