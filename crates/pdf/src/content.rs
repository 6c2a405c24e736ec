//! A content-stream lexer that hands the interpreter one operation at a
//! time, its operands borrowed from the stream where they can be.
//!
//! lopdf's `Content::decode` builds an owned `Object` for every operand and
//! a `String` for every operator, and then the whole operation list: on
//! table-heavy files that was a third of the run, most of it `malloc` and
//! `free`. This lexer keeps one operand buffer for the whole stream; only
//! an array (`TJ`), a string with escapes and a name with `#` escapes
//! allocate.
//!
//! It reads what a viewer reads and goes on where a viewer goes on: an
//! unknown operator is skipped with its operands (PDF 32000-1, 7.8.2), a
//! stray delimiter is dropped. What it cannot finish — a string, array or
//! dictionary still open at the end of the stream, nesting past
//! [`MAX_DEPTH`], arrays past [`MAX_ITEMS`], an inline image with no `EI`
//! — marks the stream [`damaged`](Operations::damaged).
//!
//! What it holds is bounded whatever the stream: at most
//! 2 × [`MAX_OPERANDS`] operands and [`MAX_ITEMS`] array items at once.

use std::borrow::Cow;

/// How deep arrays and dictionaries may nest in an operand.
const MAX_DEPTH: usize = 64;

/// The most operands handed over with one operator: its last ones, since
/// an operator reads its trailing operands and the interpreter ignores
/// stray ones before them. 33 is poppler's limit (a DeviceN colour of 32
/// components and a pattern name is the longest list an operator takes);
/// poppler keeps the first 33, which loses the operator's own operands
/// after a run of stray ones, so this keeps the last.
const MAX_OPERANDS: usize = 33;

/// The most array items, at any depth, held at once: those of one
/// operation's operands. A viewer draws an array of any length; past this
/// one the items are dropped and the stream is marked damaged, so that
/// the loss shows, rather than holding tens of bytes for every two bytes
/// of `()` in the stream. A dense page is a few thousand glyphs; no `TJ`
/// of a real file comes near.
const MAX_ITEMS: usize = 1 << 16;

/// One operand of a content-stream operator.
#[derive(Debug, PartialEq)]
pub(crate) enum Operand<'a> {
    Number(f64),
    /// A name without its `/`, `#xx` escapes decoded.
    Name(Cow<'a, [u8]>),
    /// A literal or hexadecimal string, decoded.
    String(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    /// `true` or `false` (an inline image's `/IM`).
    Bool(bool),
    /// A dictionary (marked-content properties, an inline image's
    /// parameters), of which only its `/ActualText` string is kept, if it
    /// has one: the text the glyphs of a marked-content span stand for.
    Dictionary(Option<Cow<'a, [u8]>>),
    /// `null`, or an array nested too deep: nothing the interpreter reads.
    Other,
}

impl Operand<'_> {
    /// The operand as a number; anything else reads as 0, as a missing
    /// operand does.
    pub(crate) fn number(&self) -> f64 {
        match self {
            Operand::Number(n) => *n,
            _ => 0.0,
        }
    }
}

/// The operations of one content stream, read in order.
pub(crate) struct Operations<'a> {
    data: &'a [u8],
    at: usize,
    damaged: bool,
    /// Array items held in the current operation's operands (see
    /// [`weight`]).
    held: usize,
    /// The last search for each inline-image end marker (`>`, then `~>`).
    /// Later searches start further on, so a marker found beyond them, or
    /// none found at all, answers them without scanning the stream again
    /// (a missing marker made every image scan to the stream's end; one
    /// slot for both markers, images alternating them did too).
    marker_search: [Option<MarkerSearch>; 2],
}

fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// What one token of the stream was.
enum Token<'a> {
    Operand(Operand<'a>),
    /// A keyword that is not `true`, `false` or `null`: an operator.
    Operator(&'a [u8]),
    ArrayEnd,
    DictEnd,
    End,
}

impl<'a> Operations<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Operations {
            data,
            at: 0,
            damaged: false,
            held: 0,
            marker_search: [None; 2],
        }
    }

    /// Whether something could not be read to its end.
    pub(crate) fn damaged(&self) -> bool {
        self.damaged
    }

    /// The next operator, with its last [`MAX_OPERANDS`] operands in
    /// `operands` (cleared first); `None` at the end of the stream.
    pub(crate) fn next_into(&mut self, operands: &mut Vec<Operand<'a>>) -> Option<&'a [u8]> {
        operands.clear();
        self.held = 0;
        loop {
            match self.token(0) {
                Token::Operand(o) => {
                    // Operands collect in a window twice the limit whose
                    // older half is dropped when it fills: a run of a
                    // million stray operands holds no more than 66, and
                    // each operand is moved at most once.
                    if operands.len() == 2 * MAX_OPERANDS {
                        self.drop_oldest(operands, MAX_OPERANDS);
                    }
                    operands.push(o);
                }
                Token::Operator(b"BI") => {
                    operands.clear();
                    self.held = 0;
                    self.inline_image();
                    return Some(b"BI");
                }
                Token::Operator(op) => {
                    let excess = operands.len().saturating_sub(MAX_OPERANDS);
                    self.drop_oldest(operands, excess);
                    return Some(op);
                }
                // A stray `]` or `>>` is dropped.
                Token::ArrayEnd | Token::DictEnd => {}
                Token::End => return None,
            }
        }
    }

    /// Drops the `n` oldest operands and their array items.
    fn drop_oldest(&mut self, operands: &mut Vec<Operand<'a>>, n: usize) {
        for old in operands.drain(..n) {
            self.held = self.held.saturating_sub(weight(&old));
        }
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(&b) = self.data.get(self.at) {
            if is_white(b) {
                self.at += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.at) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    fn token(&mut self, depth: usize) -> Token<'a> {
        self.skip_white_and_comments();
        // A stray `)`, `{` or `}` is dropped.
        while let Some(b')' | b'{' | b'}') = self.data.get(self.at) {
            self.at += 1;
            self.skip_white_and_comments();
        }
        let Some(&b) = self.data.get(self.at) else {
            return Token::End;
        };
        match b {
            b'/' => {
                self.at += 1;
                Token::Operand(Operand::Name(self.name()))
            }
            b'(' => {
                self.at += 1;
                Token::Operand(Operand::String(self.literal()))
            }
            b'<' if self.data.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                Token::Operand(Operand::Dictionary(self.dictionary(depth)))
            }
            b'<' => {
                self.at += 1;
                Token::Operand(Operand::String(self.hex()))
            }
            b'>' => {
                self.at += 1;
                if self.data.get(self.at) == Some(&b'>') {
                    self.at += 1;
                }
                Token::DictEnd
            }
            b'[' => {
                self.at += 1;
                Token::Operand(self.array(depth))
            }
            b']' => {
                self.at += 1;
                Token::ArrayEnd
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => Token::Operand(Operand::Number(self.number())),
            _ => {
                let start = self.at;
                while self.data.get(self.at).is_some_and(|&c| is_regular(c)) {
                    self.at += 1;
                }
                match &self.data[start..self.at] {
                    b"true" => Token::Operand(Operand::Bool(true)),
                    b"false" => Token::Operand(Operand::Bool(false)),
                    b"null" => Token::Operand(Operand::Other),
                    word => Token::Operator(word),
                }
            }
        }
    }

    /// A number: a run of signs, digits, and digits after a `.`. Signs
    /// make it negative if any is `-`, so `--40` is -40 (as Adobe Reader
    /// and pdf.js read it; poppler reads `-` and `-40`, which leaves an
    /// operator the same last operands). Where the digits end, the number
    /// ends, as poppler ends it: `0-40` is 0 and -40, `1.2.3` is 1.2 and
    /// .3. A `-` among the digits after the `.` is skipped, as poppler and
    /// Adobe skip it.
    fn number(&mut self) -> f64 {
        let mut negative = false;
        while let Some(&c @ (b'+' | b'-')) = self.data.get(self.at) {
            negative |= c == b'-';
            self.at += 1;
        }
        let mut value = 0.0f64;
        while let Some(&c @ b'0'..=b'9') = self.data.get(self.at) {
            value = value * 10.0 + f64::from(c - b'0');
            self.at += 1;
        }
        if self.data.get(self.at) == Some(&b'.') {
            self.at += 1;
            let mut scale = 1.0f64;
            loop {
                match self.data.get(self.at) {
                    Some(&c @ b'0'..=b'9') => {
                        scale /= 10.0;
                        value += f64::from(c - b'0') * scale;
                    }
                    Some(b'-') => {}
                    _ => break,
                }
                self.at += 1;
            }
        }
        if negative { -value } else { value }
    }

    fn name(&mut self) -> Cow<'a, [u8]> {
        let start = self.at;
        while self.data.get(self.at).is_some_and(|&c| is_regular(c)) {
            self.at += 1;
        }
        let raw = &self.data[start..self.at];
        if !raw.contains(&b'#') {
            return Cow::Borrowed(raw);
        }
        let mut out = Vec::with_capacity(raw.len());
        let mut k = 0;
        while k < raw.len() {
            let escaped = (raw[k] == b'#')
                .then(|| Some(hex_value(*raw.get(k + 1)?)? * 16 + hex_value(*raw.get(k + 2)?)?))
                .flatten();
            match escaped {
                Some(b) => {
                    out.push(b);
                    k += 3;
                }
                None => {
                    out.push(raw[k]);
                    k += 1;
                }
            }
        }
        Cow::Owned(out)
    }

    /// Where the literal string from `self.at` (after its `(`) ends: the
    /// offset of its closing `)`, or the end of the stream (which damages
    /// it); and whether it is plain, with nothing to decode.
    fn literal_end(&mut self) -> (usize, bool) {
        let mut depth = 0usize;
        let mut plain = true;
        let mut k = self.at;
        loop {
            let Some(&b) = self.data.get(k) else {
                self.damaged = true;
                break;
            };
            match b {
                b'\\' => {
                    plain = false;
                    k += 1;
                }
                b'\r' => plain = false,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                _ => {}
            }
            k += 1;
        }
        (k.min(self.data.len()), plain)
    }

    /// A literal string after its `(`: balanced parentheses, backslash
    /// escapes, and an end of line in any form read as `\n`.
    fn literal(&mut self) -> Cow<'a, [u8]> {
        let start = self.at;
        let (end, plain) = self.literal_end();
        self.at = (end + 1).min(self.data.len());
        let raw = &self.data[start..end];
        if plain {
            return Cow::Borrowed(raw);
        }
        let mut out = Vec::with_capacity(raw.len());
        let mut k = 0;
        while k < raw.len() {
            let b = raw[k];
            k += 1;
            match b {
                b'\r' => {
                    out.push(b'\n');
                    if raw.get(k) == Some(&b'\n') {
                        k += 1;
                    }
                }
                b'\\' => {
                    let Some(&e) = raw.get(k) else { break };
                    k += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(b'\x08'),
                        b'f' => out.push(b'\x0c'),
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match raw.get(k) {
                                    Some(&d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        k += 1;
                                    }
                                    _ => break,
                                }
                            }
                            // A value above \377 keeps its low byte.
                            out.push((value & 0xff) as u8);
                        }
                        // A backslash before an end of line continues the
                        // string on the next line.
                        b'\r' => {
                            if raw.get(k) == Some(&b'\n') {
                                k += 1;
                            }
                        }
                        b'\n' => {}
                        // `\(`, `\)`, `\\`, and an unknown escape: the
                        // character itself.
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
        Cow::Owned(out)
    }

    /// A hexadecimal string after its `<`; white space is ignored and an
    /// odd last digit is followed by 0.
    fn hex(&mut self) -> Cow<'a, [u8]> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let Some(&b) = self.data.get(self.at) else {
                self.damaged = true;
                break;
            };
            self.at += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = hex_value(b) else { continue };
            match high.take() {
                Some(h) => out.push(h * 16 + v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h * 16);
        }
        Cow::Owned(out)
    }

    /// An array after its `[`.
    fn array(&mut self, depth: usize) -> Operand<'a> {
        if depth >= MAX_DEPTH {
            self.damaged = true;
            self.skip_nested(false);
            return Operand::Other;
        }
        let mut items = Vec::new();
        loop {
            match self.token(depth + 1) {
                Token::Operand(o) if self.held < MAX_ITEMS => {
                    self.held += 1;
                    items.push(o);
                }
                // Past the limit the item is dropped, with what it holds.
                Token::Operand(o) => {
                    self.held = self.held.saturating_sub(weight(&o));
                    self.damaged = true;
                }
                Token::ArrayEnd => break,
                // An operator inside an array is not PDF: dropped.
                Token::Operator(_) | Token::DictEnd => {}
                Token::End => {
                    self.damaged = true;
                    break;
                }
            }
        }
        Operand::Array(items)
    }

    /// A dictionary after its `<<`, read: its `/ActualText` string, if it
    /// has one (the string after that name), the rest dropped.
    fn dictionary(&mut self, depth: usize) -> Option<Cow<'a, [u8]>> {
        if depth >= MAX_DEPTH {
            self.damaged = true;
            self.skip_nested(true);
            return None;
        }
        let mut actual_text = None;
        let mut after_key = false;
        loop {
            match self.token(depth + 1) {
                Token::DictEnd => break,
                Token::End => {
                    self.damaged = true;
                    break;
                }
                Token::Operand(Operand::String(text)) if after_key => {
                    actual_text = Some(text);
                    after_key = false;
                }
                Token::Operand(Operand::Name(name)) => after_key = name.as_ref() == b"ActualText",
                _ => after_key = false,
            }
        }
        actual_text
    }

    /// Skips past the bracket that closes an array (or, with `dictionary`,
    /// a dictionary) nested too deep to read. Brackets of its kind are
    /// counted; strings, hexadecimal strings and comments, which may hold
    /// any bracket, are skipped whole, as reading them would.
    fn skip_nested(&mut self, dictionary: bool) {
        let (open, close) = if dictionary {
            (&b"<<"[..], &b">>"[..])
        } else {
            (&b"["[..], &b"]"[..])
        };
        let mut depth = 1usize;
        while let Some(&b) = self.data.get(self.at) {
            let rest = &self.data[self.at..];
            if rest.starts_with(open) {
                self.at += open.len();
                depth += 1;
            } else if rest.starts_with(close) {
                self.at += close.len();
                depth -= 1;
                if depth == 0 {
                    return;
                }
            } else if b == b'(' {
                self.at += 1;
                self.at = (self.literal_end().0 + 1).min(self.data.len());
            } else if b == b'%' {
                self.skip_white_and_comments();
            } else if rest.starts_with(b"<") && !rest.starts_with(b"<<") {
                // A hexadecimal string, to its `>`.
                self.at += rest
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(rest.len(), |k| k + 1);
            } else if rest.starts_with(b"<<") || rest.starts_with(b">>") {
                // In an array, a dictionary's `<<` is not the start of a
                // hexadecimal string.
                self.at += 2;
            } else {
                self.at += 1;
            }
        }
    }

    /// An inline image after `BI`: its parameters up to `ID`, then its
    /// data, which is skipped, not read, up to its `EI`. Where the data
    /// ends is found as lopdf and poppler find it, since `EI` may well
    /// occur inside binary data:
    ///
    /// - unfiltered, its length follows from `/W`, `/H`, `/BPC` and
    ///   `/CS` (or `/IM`): exactly that many bytes, then `EI` after
    ///   optional white space;
    /// - in ASCIIHex or ASCII85, the data ends at the filter's own end
    ///   marker (`>`, `~>`), which `EI` may follow with no white space;
    /// - otherwise (other filters, a colour space named in the resources,
    ///   a length past the end of the stream, no `EI` where the length
    ///   or the marker says) the first `EI` with white space before it
    ///   and white space, a delimiter or the end of the stream after it
    ///   — searched from the end of the data where the length is known
    ///   (poppler reads on from there), else from the start of the data.
    fn inline_image(&mut self) {
        let mut image = ImageParams::default();
        let mut key: Option<Cow<'a, [u8]>> = None;
        loop {
            match self.token(0) {
                Token::Operator(b"ID") => break,
                Token::End => {
                    self.damaged = true;
                    return;
                }
                // Parameters come in key-value pairs; a value that has no
                // name before it is dropped.
                Token::Operand(value) => match key.take() {
                    Some(k) => image.set(&k, &value),
                    None => {
                        if let Operand::Name(name) = value {
                            key = Some(name);
                        }
                    }
                },
                _ => {}
            }
        }
        let data = self.data;
        // The search starts on the white-space byte after `ID`: it may be
        // the one before `EI` too (an image with no data). The data itself
        // starts after it (PDF 32000-1, 8.9.7: one white-space byte, even
        // for CR LF, as poppler reads it).
        let search_from = self.at;
        let start = if data.get(self.at).is_some_and(|&b| is_white(b)) {
            self.at + 1
        } else {
            self.at
        };
        let found = match image.filter {
            Filter::None => match image.length() {
                Some(length) if length <= data.len() - start => {
                    ei_at(data, start + length).or_else(|| find_ei(data, start + length))
                }
                _ => find_ei(data, search_from),
            },
            Filter::Marked(marker) => self
                .end_after_marker(start, marker)
                .or_else(|| find_ei(data, search_from)),
            Filter::Other => find_ei(data, search_from),
        };
        match found {
            Some(end) => self.at = end,
            None => {
                self.damaged = true;
                self.at = data.len();
            }
        }
    }
}

/// How many array items an operand holds, counted at every depth: an
/// array's own items and theirs.
fn weight(operand: &Operand<'_>) -> usize {
    match operand {
        Operand::Array(items) => items.len() + items.iter().map(weight).sum::<usize>(),
        _ => 0,
    }
}

/// How an inline image's data is encoded, as far as finding its end goes.
#[derive(Default)]
enum Filter {
    #[default]
    None,
    /// ASCIIHex (`>`) or ASCII85 (`~>`): the data ends with this marker.
    Marked(&'static [u8]),
    Other,
}

/// The parameters of an inline image that give its data's length.
#[derive(Default)]
struct ImageParams {
    width: Option<usize>,
    height: Option<usize>,
    bits: Option<usize>,
    components: Option<usize>,
    mask: bool,
    filter: Filter,
}

impl ImageParams {
    /// Records one parameter, under its abbreviation or its full name.
    fn set(&mut self, key: &[u8], value: &Operand<'_>) {
        match key {
            b"W" | b"Width" => self.width = count(value),
            b"H" | b"Height" => self.height = count(value),
            b"BPC" | b"BitsPerComponent" => self.bits = count(value),
            b"IM" | b"ImageMask" => self.mask = matches!(value, Operand::Bool(true)),
            b"CS" | b"ColorSpace" => {
                let name = match value {
                    Operand::Name(name) => Some(name),
                    // `[/I base hival lookup]`: one index per sample.
                    Operand::Array(items) => match items.first() {
                        Some(Operand::Name(name)) => Some(name),
                        _ => None,
                    },
                    _ => None,
                };
                self.components = match name.map(AsRef::as_ref) {
                    Some(b"G" | b"DeviceGray" | b"I" | b"Indexed") => Some(1),
                    Some(b"RGB" | b"DeviceRGB") => Some(3),
                    Some(b"CMYK" | b"DeviceCMYK") => Some(4),
                    // A colour space from the resources, CalRGB, ICCBased:
                    // its component count is not known here.
                    _ => None,
                };
            }
            b"F" | b"Filter" => {
                // The first filter is the one the data is written in.
                let first = match value {
                    Operand::Array(items) if items.is_empty() => {
                        self.filter = Filter::None;
                        return;
                    }
                    Operand::Array(items) => items.first(),
                    other => Some(other),
                };
                self.filter = match first {
                    Some(Operand::Name(name)) => match name.as_ref() {
                        b"AHx" | b"ASCIIHexDecode" => Filter::Marked(b">"),
                        b"A85" | b"ASCII85Decode" => Filter::Marked(b"~>"),
                        _ => Filter::Other,
                    },
                    _ => Filter::Other,
                };
            }
            _ => {}
        }
    }

    /// The unfiltered data's length in bytes: rows padded to whole bytes.
    /// An image mask has one 1-bit component per sample.
    fn length(&self) -> Option<usize> {
        let (bits, components) = if self.mask {
            (1, 1)
        } else {
            (self.bits?, self.components?)
        };
        let row_bits = self.width?.checked_mul(components)?.checked_mul(bits)?;
        row_bits.div_ceil(8).checked_mul(self.height?)
    }
}

/// A number that is a whole count (a width, a height, bits per component).
fn count(value: &Operand<'_>) -> Option<usize> {
    match value {
        Operand::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n <= f64::from(u32::MAX) => {
            Some(*n as usize)
        }
        _ => None,
    }
}

/// A search for an inline image's end marker: where it searched from,
/// where the marker is, and where an `EI` right after it ends (the same
/// for every image that finds that marker: white space after a far marker
/// was skipped again for each).
#[derive(Debug, Clone, Copy)]
struct MarkerSearch {
    from: usize,
    found: Option<usize>,
    end: Option<usize>,
}

impl Operations<'_> {
    /// Where an image ends whose data stops at the first `marker` (`>` or
    /// `~>`) at or after `from`: past the `EI` that follows the marker,
    /// if one does; from the last search for the marker when it answers.
    fn end_after_marker(&mut self, from: usize, marker: &'static [u8]) -> Option<usize> {
        self.search_marker(from, marker).end
    }

    /// The search for `marker` from `from`, the last one's when it holds.
    fn search_marker(&mut self, from: usize, marker: &'static [u8]) -> MarkerSearch {
        let slot = usize::from(marker != b">");
        if let Some(last) = self.marker_search[slot]
            && from >= last.from
            && last.found.is_none_or(|k| from <= k)
        {
            return last;
        }
        let found = find(self.data, from, marker);
        let end = found.and_then(|k| ei_at(self.data, k + marker.len()));
        let search = MarkerSearch { from, found, end };
        self.marker_search[slot] = Some(search);
        search
    }
}

/// Where `needle` first occurs in `data` at or after `from`.
fn find(data: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|k| from + k)
}

/// Whether `EI` closes the image at `at`, after optional white space: the
/// offset just past it, if white space, a delimiter or the end of the
/// stream follows it.
fn ei_at(data: &[u8], at: usize) -> Option<usize> {
    let k = at + data.get(at..)?.iter().take_while(|&&b| is_white(b)).count();
    (data.get(k..k + 2) == Some(b"EI".as_slice())
        && data
            .get(k + 2)
            .is_none_or(|&c| is_white(c) || is_delimiter(c)))
    .then_some(k + 2)
}

/// The offset just past the first `EI` at or after `from` that has white
/// space before it and white space, a delimiter or the end of the stream
/// after it.
fn find_ei(data: &[u8], from: usize) -> Option<usize> {
    (from..data.len().saturating_sub(2))
        .find(|&k| {
            is_white(data[k])
                && &data[k + 1..k + 3] == b"EI"
                && data
                    .get(k + 3)
                    .is_none_or(|&c| is_white(c) || is_delimiter(c))
        })
        .map(|k| k + 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> (Vec<(String, Vec<Operand<'_>>)>, bool) {
        let mut lexer = Operations::new(data);
        let mut out = Vec::new();
        let mut operands = Vec::new();
        while let Some(op) = lexer.next_into(&mut operands) {
            out.push((
                String::from_utf8_lossy(op).into_owned(),
                std::mem::take(&mut operands),
            ));
        }
        (out, lexer.damaged())
    }

    fn string(s: &[u8]) -> Operand<'_> {
        Operand::String(Cow::Borrowed(s))
    }

    /// The same operations, operands and strings as lopdf's own content
    /// parser, on every page of every PDF the repository holds that lopdf
    /// reads whole: reportlab, LibreOffice Writer and Calc, hand-built
    /// legacy-font and fault files.
    /// The end-marker search reuses its last answer only where that is
    /// the answer: the first marker at or after each position, as `find`
    /// gives it, whatever order the searches come in.
    /// Images alternating `/AHx` and `/A85` with neither marker in the
    /// stream: each marker is searched for once, not once an image (one
    /// slot for both made every image scan to the end again).
    #[test]
    fn alternating_markers_keep_their_searches() {
        let data = b"BI /F /AHx ID 00 EI BI /F /A85 ID 00 EI".repeat(100);
        let mut lexer = Operations::new(&data);
        for from in (0..data.len()).step_by(20) {
            let marker: &'static [u8] = if from % 40 == 0 { b">" } else { b"~>" };
            assert_eq!(lexer.search_marker(from, marker).found, None);
        }
        let searched_from = lexer.marker_search.map(|s| s.map(|s| s.from));
        assert_eq!(searched_from, [Some(0), Some(20)]);
    }

    #[test]
    fn marker_searches_agree_with_finding_afresh() {
        let data = b"BI /F /AHx ID 0a> EI q Q BI /F /A85 ID ab~> EI x > y ~> z";
        let mut lexer = Operations::new(data);
        let markers: [&'static [u8]; 2] = [b">", b"~>"];
        let found = |lexer: &mut Operations<'_>, from: usize, marker: &'static [u8]| {
            let search = lexer.search_marker(from, marker);
            let end = search.found.and_then(|k| ei_at(data, k + marker.len()));
            assert_eq!(search.end, end, "{from} {marker:?}");
            search.found
        };
        for from in [0, 3, 16, 17, 18, 30, 45, 50, 57, 60, 100, 2, 40, 17] {
            for marker in markers {
                assert_eq!(
                    found(&mut lexer, from, marker),
                    find(data, from, marker),
                    "{from} {marker:?}"
                );
            }
            // And the same marker twice running, further on.
            assert_eq!(found(&mut lexer, from, b">"), find(data, from, b">"));
            assert_eq!(
                found(&mut lexer, from + 1, b">"),
                find(data, from + 1, b">")
            );
        }
    }

    #[test]
    fn every_fixture_page_lexes_as_lopdf_parses_it() {
        fn same(ours: &Operand<'_>, theirs: &lopdf::Object) -> bool {
            match (ours, theirs) {
                (Operand::Number(a), lopdf::Object::Integer(b)) => *a == *b as f64,
                (Operand::Number(a), lopdf::Object::Real(b)) => (*a - f64::from(*b)).abs() < 1e-3,
                (Operand::Name(a), lopdf::Object::Name(b)) => a.as_ref() == b.as_slice(),
                (Operand::String(a), lopdf::Object::String(b, _)) => a.as_ref() == b.as_slice(),
                (Operand::Array(a), lopdf::Object::Array(b)) => {
                    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
                }
                (Operand::Bool(a), lopdf::Object::Boolean(b)) => a == b,
                (Operand::Other | Operand::Dictionary(_), _) => true,
                _ => false,
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut pages = 0;
        for dir in ["archive/pdf", "archive/pdf-fonts", "pdf-text", "faults"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(doc) = lopdf::Document::load(&path) else {
                    continue;
                };
                // The fault files that are big on purpose (2,001 pages,
                // content streams of 65 to 200 MB) add time and nothing new.
                if doc.get_pages().len() > 100
                    || path.ends_with("flate_bomb.pdf")
                    || path.ends_with("oversized_streams.pdf")
                {
                    continue;
                }
                for (number, id) in doc.get_pages() {
                    let content = doc.get_page_content(id);
                    let Ok(theirs) = lopdf::content::Content::decode(&content) else {
                        continue;
                    };
                    let mut lexer = Operations::new(&content);
                    let mut operands = Vec::new();
                    let mut k = 0;
                    while let Some(op) = lexer.next_into(&mut operands) {
                        let t = &theirs.operations[k];
                        assert_eq!(
                            op,
                            t.operator.as_bytes(),
                            "{} page {number} op {k}",
                            path.display()
                        );
                        if op != b"BI" {
                            assert!(
                                operands.len() == t.operands.len()
                                    && operands.iter().zip(&t.operands).all(|(a, b)| same(a, b)),
                                "{} page {number} op {k}: {operands:?} against {:?}",
                                path.display(),
                                t.operands
                            );
                        }
                        k += 1;
                    }
                    assert_eq!(k, theirs.operations.len(), "{}", path.display());
                    pages += 1;
                }
            }
        }
        assert!(pages > 40, "{pages}");
    }

    #[test]
    fn operators_numbers_names_and_strings() {
        let (got, damaged) = ops(
            b"BT /F1#20a 12 Tf 1 0 0 1 -.5 +3. Tm (a\\(b\\)c\\101\\\r\nd\re) Tj <6 1 62 7> Tj ET",
        );
        assert!(!damaged);
        let names: Vec<&str> = got.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "Tj", "Tj", "ET"]);
        assert_eq!(
            got[1].1,
            [
                Operand::Name(Cow::Owned(b"F1 a".to_vec())),
                Operand::Number(12.0)
            ]
        );
        assert_eq!(got[2].1[4], Operand::Number(-0.5));
        assert_eq!(got[2].1[5], Operand::Number(3.0));
        assert_eq!(got[3].1, [string(b"a(b)cAd\ne")]);
        assert_eq!(got[4].1, [string(b"\x61\x62\x70")]);
    }

    /// Signs and dots as viewers read them (probes 31 and 32): `--40` is
    /// -40; a sign or a second dot after the digits starts a new number.
    #[test]
    fn numbers_end_where_poppler_ends_them() {
        for (data, want) in [
            (&b"0 --40"[..], &[0.0, -40.0][..]),
            (b"+-5 -+-5 ++5", &[-5.0, -5.0, 5.0]),
            (b"0 0-40", &[0.0, 0.0, -40.0]),
            (b"1.2.3", &[1.2, 0.3]),
            (b"5+3 5-", &[5.0, 3.0, 5.0, 0.0]),
            (b"1.-5 -.5 . - 2.-", &[1.5, -0.5, 0.0, 0.0, 2.0]),
        ] {
            let data = [data, b" w"].concat();
            let (got, damaged) = ops(&data);
            let numbers: Vec<f64> = got[0].1.iter().map(Operand::number).collect();
            let close = numbers.len() == want.len()
                && numbers.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-9);
            assert!(close, "{}: {numbers:?}", data.escape_ascii());
            assert!(!damaged);
            assert_eq!(got.len(), 1);
        }
    }

    #[test]
    fn arrays_dictionaries_and_comments() {
        let (got, damaged) = ops(
            b"/Span <</ActualText (x) /MCID 3>> BDC % a comment ) [\n[(A) -120 (B)] TJ EMC 1 2 d0",
        );
        assert!(!damaged);
        assert_eq!(got[0].0, "BDC");
        assert_eq!(
            got[0].1,
            [
                Operand::Name(Cow::Borrowed(b"Span")),
                Operand::Dictionary(Some(Cow::Borrowed(b"x")))
            ]
        );
        assert_eq!(
            got[1].1,
            [Operand::Array(vec![
                string(b"A"),
                Operand::Number(-120.0),
                string(b"B")
            ])]
        );
        assert_eq!(got[2].0, "EMC");
        assert_eq!(got[3].0, "d0");
    }

    #[test]
    fn inline_image_data_is_skipped() {
        let (got, damaged) = ops(b"q BI /W 2 /H 1 /CS /G /BPC 8 ID \x00EI\xff\nEI Q (t) Tj");
        assert!(!damaged);
        let names: Vec<&str> = got.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q", "Tj"]);
    }

    fn operators(data: &[u8]) -> (Vec<String>, bool) {
        let (got, damaged) = ops(data);
        (got.into_iter().map(|(op, _)| op).collect(), damaged)
    }

    /// Unfiltered data is as long as its parameters say, whatever bytes
    /// it holds: an `EI` inside it (probe 17), `EI` glued to its end
    /// (probe 18), full names and abbreviations alike.
    #[test]
    fn an_unfiltered_inline_image_ends_where_its_length_says() {
        for data in [
            &b"q BI /W 8 /H 1 /CS /G /BPC 8 ID \x00\nEI\n(\x00\x00 EI Q (t) Tj"[..],
            b"q BI /W 4 /H 1 /CS /G /BPC 8 ID \x01\x02\x03\x04EI Q (t) Tj",
            // 2 × 3 components × 8 bits, two rows: 12 bytes.
            b"q BI /Width 2 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8 ID \
              \nEI \nEI \nEI \nEI Q (t) Tj",
            // A mask: 9 one-bit samples a row, 2 bytes; no /BPC or /CS.
            b"q BI /W 9 /H 2 /IM true ID \n EI\n EI Q (t) Tj",
            // Indexed: one byte a sample.
            b"q BI /W 3 /H 1 /CS [/I /RGB 1 <000000FFFFFF>] /BPC 8 ID  EI\nEI Q (t) Tj",
            b"q BI /W 1 /H 1 /CS /CMYK /BPC 8 ID  EI EI Q (t) Tj",
        ] {
            let (names, damaged) = operators(data);
            assert_eq!(names, ["q", "BI", "Q", "Tj"], "{}", data.escape_ascii());
            assert!(!damaged, "{}", data.escape_ascii());
        }
    }

    /// ASCIIHex and ASCII85 data end at their own end markers, and `EI`
    /// may follow them with no white space (probes 19 and 20); ASCII85
    /// data may hold ` EI ` itself.
    #[test]
    fn an_ascii_filtered_inline_image_ends_at_its_end_marker() {
        for data in [
            &b"q BI /W 2 /H 1 /CS /G /BPC 8 /F /AHx ID 00FF>EI Q (t) Tj"[..],
            b"q BI /W 4 /H 1 /CS /G /BPC 8 /F /A85 ID !!*'\"~>EI Q (t) Tj",
            b"q BI /W 8 /H 1 /CS /G /BPC 8 /Filter [/ASCII85Decode] ID !!\nEI\n*'~> EI Q (t) Tj",
            b"q BI /W 8 /H 1 /CS /G /BPC 8 /F [/A85 /Fl] ID !!\nEI\n*'~>\nEI Q (t) Tj",
        ] {
            let (names, damaged) = operators(data);
            assert_eq!(names, ["q", "BI", "Q", "Tj"], "{}", data.escape_ascii());
            assert!(!damaged, "{}", data.escape_ascii());
        }
    }

    /// Where the length cannot be known or does not fit, the first `EI`
    /// between white space ends the data.
    #[test]
    fn an_inline_image_of_unknown_length_ends_at_the_first_ei_between_white_space() {
        for data in [
            // Longer than the stream.
            &b"q BI /W 100 /H 100 /CS /G /BPC 8 ID \x00\x01 EI Q (t) Tj"[..],
            // A colour space from the resources, a filter, no /BPC.
            b"q BI /W 4 /H 1 /CS /CS0 /BPC 8 ID \x00\x01 EI Q (t) Tj",
            b"q BI /W 4 /H 1 /CS /G /BPC 8 /F /Fl ID \x00\x01 EI Q (t) Tj",
            b"q BI /W 4 /H 1 /CS /G ID \x00\x01 EI Q (t) Tj",
            // Shorter than the data: the search goes on from its end.
            b"q BI /W 1 /H 1 /CS /G /BPC 8 ID \x00\x01 EI Q (t) Tj",
            // ASCIIHex with no `>`.
            b"q BI /W 2 /H 1 /CS /G /BPC 8 /F /AHx ID 00FF EI Q (t) Tj",
        ] {
            let (names, damaged) = operators(data);
            assert_eq!(names, ["q", "BI", "Q", "Tj"], "{}", data.escape_ascii());
            assert!(!damaged, "{}", data.escape_ascii());
        }
        // No `EI` at all: the rest of the stream is the image's.
        let (names, damaged) = operators(b"q BI /W 100 /H 1 /CS /G /BPC 8 ID \x01EI Q");
        assert_eq!(names, ["q", "BI"]);
        assert!(damaged);
    }

    /// A million operands before an operator: the operator gets the last
    /// [`MAX_OPERANDS`], its own among them, and no more than twice that
    /// were ever held.
    #[test]
    fn operands_before_an_operator_are_bounded_and_the_last_kept() {
        let data = [b"0 ".repeat(1_000_000), b"(x) Tj".to_vec()].concat();
        let mut lexer = Operations::new(&data);
        let mut operands = Vec::new();
        assert_eq!(lexer.next_into(&mut operands), Some(&b"Tj"[..]));
        assert_eq!(operands.len(), MAX_OPERANDS);
        assert_eq!(operands.last(), Some(&string(b"x")));
        // The buffer grew to hold 66, rounded up to a power of two.
        assert!(operands.capacity() <= 128, "{}", operands.capacity());
        assert_eq!(lexer.next_into(&mut operands), None);
        assert!(!lexer.damaged());
    }

    /// An array longer than [`MAX_ITEMS`], flat or nested, keeps that many
    /// items and damages the stream; arrays dropped with stray operands
    /// give their items back, so a `TJ` after a million of them is whole.
    #[test]
    fn array_items_are_bounded() {
        let flat = [b"[".to_vec(), b"() ".repeat(1_000_000), b"] TJ".to_vec()].concat();
        let (got, damaged) = ops(&flat);
        assert!(damaged);
        assert!(matches!(&got[0].1[..], [Operand::Array(a)] if a.len() == MAX_ITEMS));
        let nested = [b"[".to_vec(), b"[[1] 2] ".repeat(100_000), b"] TJ".to_vec()].concat();
        let (got, damaged) = ops(&nested);
        assert!(damaged);
        assert_eq!(got[0].1.iter().map(weight).sum::<usize>(), MAX_ITEMS);
        let stray = [b"[[1] 2] ".repeat(1_000_000), b"[(x)] TJ".to_vec()].concat();
        let (got, damaged) = ops(&stray);
        assert!(!damaged);
        assert_eq!(got[0].1.last(), Some(&Operand::Array(vec![string(b"x")])));
    }

    #[test]
    fn what_cannot_be_finished_is_damaged() {
        for data in [
            &b"(open Tj"[..],
            b"[(a) 1",
            b"<</A 1",
            b"BI /W 1 ID xx",
            b"<41",
        ] {
            let (_, damaged) = ops(data);
            assert!(damaged, "{}", String::from_utf8_lossy(data));
        }
        // Nesting past the limit is skipped by counting brackets, and
        // what follows is read.
        let deep = [
            b"[".repeat(10_000),
            b"]".repeat(10_000),
            b" (x) Tj".to_vec(),
        ]
        .concat();
        let (got, damaged) = ops(&deep);
        assert!(damaged);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1[1], string(b"x"));
        // A million stray delimiters are dropped one after another.
        let stray = [b")".repeat(1_000_000), b"Q".to_vec()].concat();
        let (got, _) = ops(&stray);
        assert_eq!(got.len(), 1);
    }

    /// Past [`MAX_DEPTH`], brackets inside strings, hexadecimal strings
    /// and comments are not counted (probes 35 and 38): the operations
    /// after the nesting are read, and none inside a string is. Counted,
    /// an opening bracket would swallow the rest of the stream, and
    /// closing ones would end the nesting inside the string and read
    /// `(y) Tj` in it as an operation.
    #[test]
    fn nesting_too_deep_is_skipped_past_strings_and_comments() {
        let closing = b"]".repeat(80);
        let array_cases = [
            [&b"([[[["[..], b")"].concat(),
            [&b"(\\)[[)"[..]].concat(),
            [&b"("[..], &closing, b" (y) Tj)"].concat(),
            [&b"<"[..], &closing, b" (y) Tj>"].concat(),
            [&b"% "[..], &closing, b" (y) Tj\n"].concat(),
            [&b"<</A ("[..], &closing, b" (y) Tj)>>"].concat(),
        ];
        for inside in &array_cases {
            let data = [&b"[".repeat(70), &inside[..], &b"]".repeat(70), b" (x) Tj"].concat();
            let (got, damaged) = ops(&data);
            assert!(damaged);
            assert_eq!(got.len(), 1, "{}", inside.escape_ascii());
            assert_eq!(got[0].1.last(), Some(&string(b"x")));
        }
        let closing = b">>".repeat(80);
        let dictionary_cases = [
            [&b"(<<<<)"[..]].concat(),
            [&b"("[..], &closing, b" (y) Tj)"].concat(),
            [&b"% "[..], &closing, b" (y) Tj\n"].concat(),
            [&b"[("[..], &closing, b" (y) Tj)]"].concat(),
        ];
        for inside in &dictionary_cases {
            let data = [
                &b"/P "[..],
                &b"<< /A ".repeat(70),
                inside,
                &b" >>".repeat(70),
                b" BDC (x) Tj",
            ]
            .concat();
            let (got, damaged) = ops(&data);
            assert!(damaged);
            let names: Vec<&str> = got.iter().map(|(op, _)| op.as_str()).collect();
            assert_eq!(names, ["BDC", "Tj"], "{}", inside.escape_ascii());
            assert_eq!(got[1].1, [string(b"x")]);
        }
    }

    #[test]
    fn stray_delimiters_are_dropped() {
        let (got, damaged) = ops(b") ] >> { } 1 0 0 1 0 0 cm");
        assert!(!damaged);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.len(), 6);
    }
}
