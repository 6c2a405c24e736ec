//! Adobe-Japan1 CIDs to Unicode, by Adobe's Adobe-Japan1-UCS2 CMap
//! (`data/`), which the build script reads with [`crate::cmap::parse`] into
//! static tables: looking a CID up costs an index, and no PDF pays for
//! parsing the CMap.

include!(concat!(env!("OUT_DIR"), "/japan1.rs"));

/// The character (or the few) an Adobe-Japan1 CID stands for.
pub(crate) fn japan1(cid: u32) -> Option<&'static str> {
    let k = usize::try_from(cid).ok().filter(|&k| k < CIDS)?;
    let length = LENGTHS[k];
    if length == ABSENT {
        return None;
    }
    let start = STARTS[k] as usize;
    TEXT.get(start..start + usize::from(length))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table answers what the CMap says for every code of its
    /// two-byte codespace, as the crate's parser reads it.
    #[test]
    fn the_table_is_the_cmap() {
        let map = crate::cmap::parse(include_bytes!("../data/Adobe-Japan1-UCS2"));
        let mut entries = 0;
        for cid in 0..=0xFFFF {
            let expected = map.get(cid).map(|(text, _)| text.into_owned());
            entries += usize::from(expected.is_some());
            assert_eq!(japan1(cid).map(str::to_owned), expected, "CID {cid}");
        }
        // Adobe-Japan1 supplement 7: CIDs 0 to 23059.
        assert_eq!((entries, CIDS), (23_060, 23_060));
    }

    #[test]
    fn adobe_japan1_cids() {
        // CID 1 is the space, 843 あ, 1125 亜 (JIS 0x3021).
        assert_eq!(japan1(1), Some(" "));
        assert_eq!(japan1(843), Some("あ"));
        assert_eq!(japan1(1125), Some("亜"));
    }

    /// The glyphs vertical writing uses for punctuation and brackets
    /// (rotated or shifted forms with CIDs of their own) stand for the
    /// ordinary characters, as Adobe's table has it: the gazette page
    /// jp_pdfminer_kampo.pdf sets its 、。「」（） with CIDs 7887, 7888, 7911,
    /// 7912, 7899 and 7900. `pdftotext` prints them as the presentation
    /// forms ︑︒﹁﹂︵︶ (U+FE11…), the same characters at other code points,
    /// which text search and the parsers would not match (issue 10).
    #[test]
    fn vertical_form_cids_are_the_ordinary_characters() {
        let got = [7887, 7888, 7911, 7912, 7899, 7900].map(|cid| japan1(cid).map(str::to_owned));
        assert_eq!(
            got,
            ["、", "。", "「", "」", "（", "）"].map(|c| Some(c.to_owned()))
        );
    }
}
