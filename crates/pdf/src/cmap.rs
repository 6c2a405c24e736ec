//! CMaps that map codes to Unicode: a font's ToUnicode stream, and Adobe's
//! Adobe-Japan1-UCS2 (CID → Unicode), which share one syntax
//! (`begincodespacerange`, `beginbfchar`, `beginbfrange`); and the codes →
//! CIDs of a CMap a font embeds as its encoding (`begincidrange`,
//! `begincidchar`), in the same syntax.
//!
//! The build script compiles this file too (`#[path]`), to read
//! Adobe-Japan1-UCS2 into the tables of [`crate::japan1`]: it uses `std`
//! only, and nothing else of the crate.

use std::borrow::Cow;
use std::collections::HashMap;

/// A code → Unicode map with the code lengths its codespace allows.
#[derive(Debug, Default, Clone)]
pub(crate) struct UnicodeMap {
    /// The codes mapped one by one (`bfchar`, and `bfrange` with an array
    /// of destinations): each code's text as a range of `text` (one buffer
    /// for all of them rather than a `String` each: a ToUnicode map may
    /// hold tens of thousands of codes), and the entry's place in the map.
    map: HashMap<u32, Entry>,
    text: String,
    /// The ranges whose destination counts up (`<low> <high> <dst>`, the
    /// last UTF-16 unit of `dst` plus the code's offset in the range), kept
    /// as ranges: expanded, each of up to 65,536 codes held a copy of the
    /// destination, a gigabyte for a few kilobytes of CMap.
    ranges: Vec<Range>,
    /// The destinations of `ranges`, one after another.
    units: Vec<u16>,
    /// The last of `ranges` holding each code (a later entry of a CMap
    /// overrides an earlier one), built when the map is complete.
    by_range: FirstMatch<usize>,
    /// How many entries the map has read: a code's entry is the one read
    /// last, a single code or a range.
    entries: u32,
    /// (length in bytes, low, high) of each codespace range.
    codespace: Vec<(usize, u32, u32)>,
    /// The CID of each code (`cidrange`, `cidchar`): the first CID of the
    /// last entry holding the code, and the entry's first code.
    cids: FirstMatch<(u32, u32)>,
    /// Per code length (1 to 4 bytes), the first codespace range of that
    /// length holding each code: built once, so that each code is looked
    /// up, not every range scanned (a map of thousands of ranges made each
    /// page quadratic). Built when first asked.
    lookup: std::sync::OnceLock<([FirstMatch<usize>; 4], Option<usize>)>,
}

/// The most UTF-16 units a code's text is read from. A glyph stands for a
/// character, a ligature's few, now and then a short word; an entry of
/// thousands, shown thousands of times, made a page's text grow with the
/// square of the file. A longer entry is cut (without splitting a
/// surrogate pair), and the code says so.
pub(crate) const MAX_CODE_UNITS: usize = 32;

/// A destination's units, at most [`MAX_CODE_UNITS`]; whether it was cut.
fn capped(units: impl IntoIterator<Item = u16>) -> (Vec<u16>, bool) {
    let mut units: Vec<u16> = units.into_iter().take(MAX_CODE_UNITS + 1).collect();
    let cut = units.len() > MAX_CODE_UNITS;
    if cut {
        units.truncate(MAX_CODE_UNITS);
        if units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            units.pop();
        }
    }
    (units, cut)
}

/// A code mapped by itself: its text as a range of [`UnicodeMap::text`],
/// the entry's place in the map, and whether its destination was cut.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    end: u32,
    place: u32,
    cut: bool,
}

/// A range of codes whose destination counts up: the codes, the entry's
/// place in the map, its destination as a range of [`UnicodeMap::units`]
/// and whether that was cut.
#[derive(Debug, Clone, Copy)]
struct Range {
    low: u32,
    high: u32,
    place: u32,
    start: usize,
    end: usize,
    cut: bool,
}

/// The text of UTF-16 code units, an unpaired surrogate read as U+FFFD.
fn decode_units(units: impl IntoIterator<Item = u16>) -> impl Iterator<Item = char> {
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
}

impl UnicodeMap {
    /// The text of `code`, and whether its entry was cut to
    /// [`MAX_CODE_UNITS`].
    pub(crate) fn get(&self, code: u32) -> Option<(Cow<'_, str>, bool)> {
        let entry = self.map.get(&code);
        let range = self.by_range.get(code).map(|k| &self.ranges[k]);
        if let Some(range) = range.filter(|r| entry.is_none_or(|e| e.place < r.place)) {
            let mut units = self.units[range.start..range.end].to_vec();
            // The unit that counts up is the destination's last; a cut
            // destination lost it, and its codes all read the same.
            if let Some(last) = units.last_mut().filter(|_| !range.cut) {
                // The range spans at most 65,536 codes.
                *last = last.wrapping_add((code - range.low) as u16);
            }
            return Some((Cow::Owned(decode_units(units).collect()), range.cut));
        }
        let entry = entry?;
        let text = self.text.get(entry.start as usize..entry.end as usize)?;
        Some((Cow::Borrowed(text), entry.cut))
    }

    /// Maps `code` to the text of UTF-16 code units.
    fn insert(&mut self, code: u32, units: impl IntoIterator<Item = u16>) {
        let (units, cut) = capped(units);
        let start = self.text.len();
        self.text.extend(decode_units(units));
        // A map past 4 GiB of text is not a CMap: its codes are dropped.
        if let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(self.text.len())) {
            let place = self.next_place();
            let entry = Entry {
                start,
                end,
                place,
                cut,
            };
            self.map.insert(code, entry);
        }
    }

    /// Maps the codes `low..=high` (at most 65,536) to `units`, the last
    /// unit counting up from code to code.
    fn insert_range(&mut self, low: u32, high: u32, units: impl IntoIterator<Item = u16>) {
        let (units, cut) = capped(units);
        let start = self.units.len();
        self.units.extend(units);
        let place = self.next_place();
        self.ranges.push(Range {
            low,
            high,
            place,
            start,
            end: self.units.len(),
            cut,
        });
    }

    fn next_place(&mut self) -> u32 {
        self.entries = self.entries.saturating_add(1);
        self.entries
    }

    /// The CID a code stands for, by the map's `cidrange` and `cidchar`
    /// entries (an embedded CMap's).
    pub(crate) fn cid(&self, code: u32) -> Option<u32> {
        let (first_code, first_cid) = self.cids.get(code)?;
        first_cid.checked_add(code - first_code)
    }

    /// How many bytes the code starting at `bytes` takes, by the codespace;
    /// `None` when the map declares no codespace.
    pub(crate) fn code_length(&self, bytes: &[u8]) -> Option<usize> {
        if self.codespace.is_empty() {
            return None;
        }
        // The first range in the map's order that holds the code.
        let (lookup, shortest) = self.lookup.get_or_init(|| {
            let lookup = std::array::from_fn(|k| {
                let of_length: Vec<(u32, u32, usize)> = self
                    .codespace
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.0 == k + 1)
                    .map(|(index, &(_, low, high))| (low, high, index))
                    .collect();
                FirstMatch::new(&of_length)
            });
            (lookup, self.codespace.iter().map(|c| c.0).min())
        });
        let first = (1..=4usize)
            .filter(|&len| bytes.len() >= len)
            .filter_map(|len| Some((lookup[len - 1].get(be(&bytes[..len]))?, len)))
            .min();
        if let Some((_, len)) = first {
            return Some(len);
        }
        // Not in any range: take the shortest declared length.
        *shortest
    }
}

/// Which of a list of code ranges, in the list's order, is the first to
/// hold a code: the ranges cut into disjoint pieces once, each with the
/// first range that covers it, and a code found by binary search. What a
/// scan of the list per code gives, at the cost of a search.
#[derive(Debug, Default, Clone)]
pub(crate) struct FirstMatch<T> {
    /// Where each piece starts (ascending) and the value of the first range
    /// covering it, if any.
    pieces: Vec<(u64, Option<T>)>,
}

impl<T: Copy> FirstMatch<T> {
    /// From `(low, high, value)` ranges in priority order (inclusive;
    /// a range with `low > high` holds nothing).
    pub(crate) fn new(ranges: &[(u32, u32, T)]) -> Self {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut by_low: Vec<usize> = (0..ranges.len())
            .filter(|&k| ranges[k].0 <= ranges[k].1)
            .collect();
        by_low.sort_by_key(|&k| ranges[k].0);
        let mut bounds: Vec<u64> = by_low
            .iter()
            .flat_map(|&k| [u64::from(ranges[k].0), u64::from(ranges[k].1) + 1])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        // Sweep the bounds: the ranges begun so far, first in priority
        // order on top; those already ended are dropped as they surface.
        let mut active: BinaryHeap<Reverse<(usize, u64)>> = BinaryHeap::new();
        let mut next = 0;
        let mut pieces = Vec::with_capacity(bounds.len());
        for &at in &bounds {
            while let Some(&k) = by_low.get(next).filter(|&&k| u64::from(ranges[k].0) <= at) {
                active.push(Reverse((k, u64::from(ranges[k].1))));
                next += 1;
            }
            while active.peek().is_some_and(|Reverse((_, high))| *high < at) {
                active.pop();
            }
            pieces.push((at, active.peek().map(|Reverse((k, _))| ranges[*k].2)));
        }
        FirstMatch { pieces }
    }

    /// The value of the first range holding `code`.
    pub(crate) fn get(&self, code: u32) -> Option<T> {
        let k = self
            .pieces
            .partition_point(|&(at, _)| at <= u64::from(code));
        self.pieces.get(k.checked_sub(1)?)?.1
    }
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

/// The UTF-16 code units of a CMap destination's big-endian bytes.
fn utf16(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes
        .chunks(2)
        .map(|c| (u16::from(c[0]) << 8) | u16::from(*c.get(1).unwrap_or(&0)))
}

/// The next hex string `<…>` at or after `pos`, returned with the position
/// after it; `None` when a `[`, a keyword or the end comes first.
#[derive(Debug)]
enum Token {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(String),
}

fn tokens(text: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'%' => {
                while i < text.len() && text[i] != b'\n' && text[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' => {
                let start = i + 1;
                let end = text[start..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(text.len(), |p| start + p);
                let digits: Vec<u8> = text[start..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let bytes = digits
                    .chunks(2)
                    .map(|pair| {
                        let hi = (pair[0] as char).to_digit(16).unwrap_or(0);
                        let lo = pair
                            .get(1)
                            .and_then(|&c| (c as char).to_digit(16))
                            .unwrap_or(0);
                        (hi * 16 + lo) as u8
                    })
                    .collect();
                out.push(Token::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < text.len()
                    && !text[i].is_ascii_whitespace()
                    && !b"<[]%".contains(&text[i])
                {
                    i += 1;
                }
                out.push(Token::Word(
                    String::from_utf8_lossy(&text[start..i]).into_owned(),
                ));
            }
        }
    }
    out
}

/// Parses the code → Unicode part of a CMap. Unknown syntax is skipped, so
/// a damaged map yields what could be read.
pub(crate) fn parse(text: &[u8]) -> UnicodeMap {
    let tokens = tokens(text);
    let mut out = UnicodeMap::default();
    // A bfchar entry is two tokens: reserving for them up front spares the
    // map its rehashing (a third of reading a map of 20,000 codes, as
    // Adobe-Japan1-UCS2 is, which the build script reads).
    out.map.reserve(tokens.len() / 2);
    let mut mode = "";
    let mut cids: Vec<(u32, u32, (u32, u32))> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Word(w) if w.starts_with("begin") => {
                mode = match w.as_str() {
                    "begincodespacerange" => "codespace",
                    "beginbfchar" => "bfchar",
                    "beginbfrange" => "bfrange",
                    "begincidrange" => "cidrange",
                    "begincidchar" => "cidchar",
                    _ => "",
                }
            }
            Token::Word(w) if w.starts_with("end") => mode = "",
            Token::Hex(low) if mode == "codespace" => {
                if let Some(Token::Hex(high)) = tokens.get(i + 1) {
                    out.codespace
                        .push((low.len().clamp(1, 4), be(low), be(high)));
                    i += 1;
                }
            }
            // `<low> <high> cid` and `<code> cid`.
            Token::Hex(low) if mode == "cidrange" || mode == "cidchar" => {
                let high = match (mode, tokens.get(i + 1)) {
                    ("cidrange", Some(Token::Hex(high))) => {
                        i += 1;
                        be(high)
                    }
                    _ => be(low),
                };
                if let Some(Token::Word(cid)) = tokens.get(i + 1)
                    && let Ok(cid) = cid.parse::<u32>()
                {
                    cids.push((be(low), high, (be(low), cid)));
                    i += 1;
                }
            }
            Token::Hex(src) if mode == "bfchar" => {
                if let Some(Token::Hex(dst)) = tokens.get(i + 1) {
                    out.insert(be(src), utf16(dst));
                    i += 1;
                }
            }
            Token::Hex(low) if mode == "bfrange" => {
                let (low, high) = match tokens.get(i + 1) {
                    Some(Token::Hex(high)) => (be(low), be(high)),
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                // A range longer than a plane is damage, not data.
                let high = high.min(low.saturating_add(0xFFFF));
                match tokens.get(i + 2) {
                    Some(Token::Hex(dst)) => {
                        if low <= high {
                            out.insert_range(low, high, utf16(dst));
                        }
                        i += 2;
                    }
                    Some(Token::Open) => {
                        let mut k = i + 3;
                        let mut code = low;
                        while let Some(Token::Hex(dst)) = tokens.get(k) {
                            if code <= high {
                                out.insert(code, utf16(dst));
                            }
                            code += 1;
                            k += 1;
                        }
                        i = k;
                    }
                    _ => i += 1,
                }
            }
            _ => {}
        }
        i += 1;
    }
    // The last range holding a code is the one that counts.
    let ranges: Vec<(u32, u32, usize)> = (0..out.ranges.len())
        .rev()
        .map(|k| (out.ranges[k].low, out.ranges[k].high, k))
        .collect();
    out.by_range = FirstMatch::new(&ranges);
    cids.reverse();
    out.cids = FirstMatch::new(&cids);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code's length by the codespace, looked up, is what scanning the
    /// ranges in order gives, the shortest length where none holds it.
    #[test]
    fn code_lengths_agree_with_scanning_the_codespace() {
        let scan = |codespace: &[(usize, u32, u32)], bytes: &[u8]| {
            codespace
                .iter()
                .find(|&&(len, low, high)| {
                    bytes.len() >= len && (low..=high).contains(&be(&bytes[..len]))
                })
                .map(|c| c.0)
                .or_else(|| codespace.iter().map(|c| c.0).min())
        };
        let codespaces: [&[(usize, u32, u32)]; 4] = [
            &[
                (1, 0x00, 0x80),
                (2, 0x8140, 0x9FFC),
                (1, 0xA0, 0xDF),
                (2, 0xE040, 0xFCFC),
            ],
            &[(2, 0x0000, 0xFFFF), (1, 0x00, 0xFF)],
            &[(1, 0x00, 0xFF), (2, 0x0000, 0xFFFF), (4, 0, 0xFFFF_FFFF)],
            &[
                (3, 0x8FA1A1, 0x8FFEFE),
                (2, 0xA1A1, 0xFEFE),
                (1, 0x20, 0x7E),
            ],
        ];
        for codespace in codespaces {
            let map = UnicodeMap {
                codespace: codespace.to_vec(),
                ..UnicodeMap::default()
            };
            for bytes in [
                &[0x41][..],
                &[0x81, 0x40],
                &[0x9F, 0xFD],
                &[0xA5],
                &[0xFF, 0xFF],
                &[0x8F, 0xA1, 0xA1, 0x00],
                &[0xA1, 0xA1],
                &[0x00],
                &[0xE0, 0x40, 0x41],
                &[0x01, 0x02, 0x03, 0x04],
            ] {
                assert_eq!(
                    map.code_length(bytes),
                    scan(codespace, bytes),
                    "{codespace:?} {bytes:?}"
                );
            }
        }
    }

    /// A seeded generator of numbers below its argument (a linear
    /// congruential one: the tests need repeatable variety, not quality).
    fn random_below(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        }
    }

    /// The first range holding a code, found by search, is the one a scan
    /// of the list finds: random lists of overlapping ranges (empty ones
    /// and ones reaching `u32::MAX` among them), every code near their ends.
    #[test]
    fn first_match_agrees_with_scanning_the_list() {
        let mut random = random_below(20_261_201);
        for round in 0..300 {
            let count = random(12) as usize;
            let mut ranges: Vec<(u32, u32, usize)> = (0..count)
                .map(|k| {
                    let low = random(40) as u32;
                    (low, low + random(20) as u32, k)
                })
                .collect();
            if round % 7 == 0 {
                ranges.push((30, 10, 99));
                ranges.push((u32::MAX - 3, u32::MAX, 98));
            }
            let lookup = FirstMatch::new(&ranges);
            let scan = |code: u32| {
                ranges
                    .iter()
                    .find(|r| (r.0..=r.1).contains(&code))
                    .map(|r| r.2)
            };
            for code in (0..70).chain([u32::MAX - 4, u32::MAX - 3, u32::MAX]) {
                assert_eq!(lookup.get(code), scan(code), "{ranges:?} {code}");
            }
        }
    }

    #[test]
    fn bfchar_and_both_bfrange_forms() {
        let map = parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0A1C> <5BFE> endbfchar\n\
              2 beginbfrange <0010> <0012> <3042> <0020> <0021> [<9762> <D842DFB7>] endbfrange",
        );
        let get = |code| map.get(code).map(|(text, _)| text.into_owned());
        assert_eq!(get(3).as_deref(), Some(" "));
        assert_eq!(get(0x0A1C).as_deref(), Some("対"));
        assert_eq!(
            (get(0x10), get(0x12)),
            (Some("あ".into()), Some("い".into()))
        );
        assert_eq!(
            (get(0x20), get(0x21)),
            (Some("面".into()), Some("𠮷".into()))
        );
        assert_eq!(map.code_length(&[0x0A, 0x1C]), Some(2));
    }

    /// Ranges whose destination counts up are kept as ranges, and a code
    /// reads what the entry given last for it says, as if every range had
    /// been written out code by code: random CMaps of overlapping
    /// `bfchar` and both `bfrange` forms, destinations of one or two units
    /// (the last one wrapping past U+FFFF) or none.
    #[test]
    fn ranges_read_as_if_written_out_code_by_code() {
        let mut random = random_below(20_261_202);
        for _ in 0..300 {
            let mut cmap = String::from("1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
            let mut expected: HashMap<u32, Vec<u16>> = HashMap::new();
            for _ in 0..random(12) {
                let low = random(60) as u32;
                let dst: Vec<u16> = match random(4) {
                    0 => Vec::new(),
                    1 => vec![0x3042 + random(10) as u16],
                    2 => vec![0xFFFE, 0xFFF0 + random(16) as u16],
                    _ => vec![0xD842, 0xDFB7],
                };
                let hex: String = dst.iter().map(|u| format!("{u:04X}")).collect();
                match random(3) {
                    0 => {
                        cmap += &format!("1 beginbfchar <{low:04X}> <{hex}> endbfchar\n");
                        expected.insert(low, dst);
                    }
                    1 => {
                        let high = low + random(20) as u32;
                        cmap += &format!(
                            "1 beginbfrange <{low:04X}> <{high:04X}> <{hex}> endbfrange\n"
                        );
                        for code in low..=high {
                            let mut units = dst.clone();
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add((code - low) as u16);
                            }
                            expected.insert(code, units);
                        }
                    }
                    _ => {
                        let count = random(5) as u32;
                        let high = low + count;
                        let list: String = (0..=count)
                            .map(|k| format!("<{:04X}>", 0x4E00 + k))
                            .collect();
                        cmap += &format!(
                            "1 beginbfrange <{low:04X}> <{high:04X}> [{list}] endbfrange\n"
                        );
                        for k in 0..=count {
                            expected.insert(low + k, vec![0x4E00 + k as u16]);
                        }
                    }
                }
            }
            let map = parse(cmap.as_bytes());
            for code in 0..100 {
                let want = expected
                    .get(&code)
                    .map(|units| decode_units(units.iter().copied()).collect::<String>());
                assert_eq!(
                    map.get(code).map(|(text, _)| text.into_owned()),
                    want,
                    "code {code} of\n{cmap}"
                );
            }
        }
    }

    /// A range of 65,536 codes is one entry, not 65,536 copies of its
    /// destination: a thousand such lines of a 40 KB CMap held a gigabyte.
    #[test]
    fn a_range_is_held_once_not_per_code() {
        let line = "<0000> <FFFF> <0041>\n".repeat(1000);
        let map = parse(format!("1000 beginbfrange\n{line}endbfrange").as_bytes());
        assert!(map.map.is_empty() && map.text.is_empty());
        assert_eq!((map.ranges.len(), map.units.len()), (1000, 1000));
        let get = |code| map.get(code).map(|(text, _)| text.into_owned());
        assert_eq!(get(0x0001).as_deref(), Some("B"));
        assert_eq!(get(0xFFFF).as_deref(), Some("\u{40}"));
    }

    /// A destination longer than [`MAX_CODE_UNITS`] is cut, and says so;
    /// a surrogate pair at the cut is not split.
    #[test]
    fn long_destinations_are_cut_and_say_so() {
        let long = "5BFE".repeat(40);
        let pairs = format!("{}D842DFB7", "5BFE".repeat(31));
        let map = parse(
            format!(
                "1 begincodespacerange <00> <FF> endcodespacerange\n\
                 3 beginbfchar <01> <{long}> <02> <{pairs}> <03> <{}> endbfchar\n\
                 1 beginbfrange <10> <11> <{long}> endbfrange",
                "5BFE".repeat(32)
            )
            .as_bytes(),
        );
        let get = |code| map.get(code).map(|(text, cut)| (text.chars().count(), cut));
        assert_eq!(get(1), Some((32, true)));
        assert_eq!(get(2), Some((31, true)));
        assert_eq!(get(3), Some((32, false)));
        assert_eq!(get(0x11), Some((32, true)));
        // A cut range reads what its codes' entries, written out and then
        // cut, would: the first 32 units, none counted up.
        let text = |code| map.get(code).map(|(text, _)| text.into_owned());
        assert_eq!(text(0x11), Some("対".repeat(32)));
        assert_eq!(text(0x10), text(0x11));
    }
}
