//! Reads Adobe's Adobe-Japan1-UCS2 CMap (`data/`) with the crate's own CMap
//! parser and writes it out as a table indexed by CID, which `src/japan1.rs`
//! includes: a PDF whose fonts need it then looks CIDs up in static data
//! instead of parsing 290 KB of CMap first (38 M instructions, three
//! quarters of reading a one-page PDF).

use std::error::Error;
use std::path::PathBuf;

// The build uses the parser alone; the lookups beside it are the crate's.
#[allow(dead_code)]
#[path = "src/cmap.rs"]
mod cmap;

/// The length that marks a CID with no entry.
const ABSENT: u8 = u8::MAX;

/// The CIDs Adobe-Japan1 supplement 7 defines (0 to 23,059): a table that
/// holds fewer was not read from the whole CMap.
const SUPPLEMENT_7_CIDS: usize = 23_060;

/// The CMap, relative to the crate.
const CMAP: &str = "data/Adobe-Japan1-UCS2";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={CMAP}");
    println!("cargo::rerun-if-changed=src/cmap.rs");
    let bytes = std::fs::read(CMAP).map_err(|e| format!("cannot read {CMAP}: {e}"))?;
    let map = cmap::parse(&bytes);
    // The codespace is two bytes; the last CID with an entry ends the table.
    let texts: Vec<Option<String>> = (0..=0xFFFF)
        .map(|cid| map.get(cid).map(|(text, _)| text.into_owned()))
        .collect();
    let count = texts.iter().rposition(Option::is_some).map_or(0, |k| k + 1);
    if count < SUPPLEMENT_7_CIDS {
        return Err(format!(
            "{CMAP} maps CIDs up to {count} only, where Adobe-Japan1 has {SUPPLEMENT_7_CIDS}: \
             is the file whole (not a Git LFS pointer)?"
        )
        .into());
    }
    let mut text = String::new();
    let mut starts = Vec::with_capacity(count);
    let mut lengths = Vec::with_capacity(count);
    for entry in &texts[..count] {
        starts.push(u32::try_from(text.len())?);
        match entry {
            Some(t) => {
                let length = u8::try_from(t.len())?;
                if length == ABSENT {
                    return Err(format!("CMap entry {t:?} is too long for the table").into());
                }
                lengths.push(length);
                text.push_str(t);
            }
            None => lengths.push(ABSENT),
        }
    }
    let join = |values: Vec<String>| values.join(",");
    let source = format!(
        "/// The CIDs the table holds: 0 to one less than this.\n\
         const CIDS: usize = {count};\n\
         /// The length that marks a CID with no entry.\n\
         const ABSENT: u8 = {ABSENT};\n\
         /// Where each CID's text starts in [`TEXT`].\n\
         static STARTS: [u32; CIDS] = [{}];\n\
         /// How many bytes of [`TEXT`] each CID's text takes; [`ABSENT`]: none.\n\
         static LENGTHS: [u8; CIDS] = [{}];\n\
         /// Every CID's text, one after another.\n\
         static TEXT: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/japan1.txt\"));\n",
        join(starts.iter().map(u32::to_string).collect()),
        join(lengths.iter().map(u8::to_string).collect()),
    );
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("japan1.txt"), text)?;
    std::fs::write(out.join("japan1.rs"), source)?;
    Ok(())
}
