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
    /// Since the last report: streams not read for their size, and
    /// whether the budget turned one away.
    oversized: usize,
    budget_met: bool,
}

impl Decoder {
    pub(crate) fn new(limit: usize) -> Self {
        Decoder {
            limit,
            inflated: 0,
            refused: HashMap::new(),
            oversized: 0,
            budget_met: false,
        }
    }

    /// Streams not read for their size since the last report, and whether
    /// the budget turned one away; the counts start again.
    pub(crate) fn take_report(&mut self) -> (usize, bool) {
        (
            std::mem::take(&mut self.oversized),
            std::mem::take(&mut self.budget_met),
        )
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
        stream: &lopdf::Stream,
        id: Option<ObjectId>,
        room: usize,
    ) -> Option<Vec<u8>> {
        let filters = match stream.filters() {
            Ok(filters) if !filters.is_empty() => filters,
            // Nothing to decode (no filter, or an empty list, which
            // poppler reads so and lopdf decodes to nothing): the file's
            // own bytes.
            _ => return self.raw(stream, room),
        };
        match id.and_then(|id| self.refused.get(&id)).copied() {
            Some(Refused::Oversized) => {
                self.oversized += 1;
                return None;
            }
            Some(Refused::Budget) => {
                self.budget_met = true;
                return None;
            }
            Some(Refused::Undecodable) => return self.raw(stream, room),
            None => {}
        }
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
            Refused::Undecodable => self.raw(stream, room),
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
        let result = stream.decompressed_content_with_limit(limit);
        let (made, decoded) = match result {
            Ok(content) => (content.len(), Ok(content)),
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

/// What a filter layer that failed made before it did, within `limit`:
/// Flate and LZW fail on their predictor, after inflating, so they are
/// decoded again without it and measured; for the others, the most the
/// filter makes of its input (ASCII85 four bytes a byte, Brotli as much as
/// Flate can: a Brotli stream can make more, which only the deadline
/// bounds).
fn failed_work(stream: &lopdf::Stream, filter: &[u8], limit: usize) -> usize {
    let ratio = match filter {
        b"FlateDecode" | b"LZWDecode" => {
            let mut plain = stream.clone();
            plain.dict.remove(b"DecodeParms");
            return plain
                .decompressed_content_with_limit(limit)
                .map_or(limit.min(stream.content.len().saturating_mul(1032)), |c| {
                    c.len()
                });
        }
        b"RunLengthDecode" => 128,
        b"ASCII85Decode" => 4,
        b"ASCIIHexDecode" => 1,
        b"BrotliDecode" => 1032,
        _ => 0,
    };
    stream.content.len().saturating_mul(ratio).min(limit)
}

/// Whether a stream was refused for decompressing past the bound.
fn too_large(error: &lopdf::Error) -> bool {
    matches!(
        error,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })
    )
}
