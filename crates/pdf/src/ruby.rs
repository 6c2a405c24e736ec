//! Ruby (furigana, ルビ) and emphasis marks (傍点): small text a page sets
//! right over the top of the characters of a line, to gloss their reading
//! (`はんぼうき` over `繁忙期`) or to stress them (`﹅﹅﹅`). Read as text,
//! such a run is a line of its own between the lines of its paragraph, and
//! a cell's goal gains a line of readings. It is found before the page is
//! read into lines and set aside, with the text it stands over; the
//! document lists it as unassigned text, said.
//!
//! A run is ruby when every glyph of it is a hiragana (or every one an
//! emphasis mark), each at most [`RUBY_SIZE`] of the size of the glyph
//! right under its middle, its baseline within [`ON_TOP`] of that glyph's
//! size of that glyph's top, and it stands apart on its baseline (no other
//! glyph within two sizes of its ends): hiragana over any character (a
//! reading of kanji, letters or katakana: rev101 r04, r12), a mark
//! centred over its character. Katakana is not looked at: a small
//! katakana label set tight over a line (`ポイント`, rev101 r09) is text, and
//! katakana readings of kanji are rare. Only horizontal writing is looked
//! at: ruby beside vertical text stays a column of its own.

use serde::Serialize;

use crate::{Direction, Glyph, Page};

/// A run of ruby or emphasis marks set aside from a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ruby {
    /// The run's characters (`はんぼうき`, `﹅﹅﹅`).
    pub text: String,
    /// The characters of the line it stands over (`繁忙期`).
    pub base: String,
    /// The run's box in PDF points: left, bottom, right, top.
    pub bbox: [f64; 4],
    /// The box of the characters it stands over.
    pub base_bbox: [f64; 4],
}

/// The largest a ruby glyph is, against the glyph it stands over (ruby is
/// set at half its base's size, emphasis marks at about that).
const RUBY_SIZE: f64 = 0.6;

/// How far (in sizes of the glyph under it) a ruby glyph's baseline may lie
/// from that glyph's top: LibreOffice sets its ruby 0.41 of the base's
/// size above it (rev101 l01), Chromium on it.
const ON_TOP: f64 = 0.45;

/// How far, in its sizes, a run of ruby stands from any other glyph on its
/// baseline.
const APART: f64 = 2.0;

/// Lines under a run looked at for the glyphs it stands over.
const MAX_SHELVES: usize = 8;

/// The page without its ruby, and the ruby; `None` where it has none (the
/// page is read as it is).
pub(crate) fn set_aside(page: &Page) -> Option<(Page, Vec<Ruby>)> {
    let horizontal = |g: &&Glyph| g.direction == Direction::LeftToRight && g.size > 0.0;
    let largest = page
        .glyphs
        .iter()
        .filter(horizontal)
        .map(|g| g.size)
        .fold(0.0, f64::max);
    let small = |g: &Glyph| g.size <= largest * RUBY_SIZE;
    // Most pages have no glyph small enough to be anything's ruby.
    if !page
        .glyphs
        .iter()
        .filter(horizontal)
        .any(|g| small(g) && kind(g).is_some())
    {
        return None;
    }
    let shelves = Shelves::of(page, largest);
    // The page's horizontal glyphs in lines by baseline, each line left to
    // right; runs are made of its small ones.
    let mut all: Vec<usize> = (0..page.glyphs.len())
        .filter(|&i| horizontal(&&page.glyphs[i]))
        .collect();
    all.sort_by(|&a, &b| page.glyphs[b].y.total_cmp(&page.glyphs[a].y));
    let mut lines: Vec<Vec<usize>> = Vec::new();
    for i in all {
        let g = &page.glyphs[i];
        match lines.last_mut() {
            Some(line) if (page.glyphs[line[0]].y - g.y).abs() < g.size * 0.2 => line.push(i),
            _ => lines.push(vec![i]),
        }
    }
    let mut aside = vec![false; page.glyphs.len()];
    let mut ruby = Vec::new();
    for line in &mut lines {
        line.sort_by(|&a, &b| page.glyphs[a].x.total_cmp(&page.glyphs[b].x));
        let mut start = 0;
        while start < line.len() {
            let mut end = start;
            let mut bases = Vec::new();
            while end < line.len() {
                let g = &page.glyphs[line[end]];
                let gap = end > start && {
                    let before = &page.glyphs[line[end - 1]];
                    g.x - (before.x + before.width) > g.size / RUBY_SIZE
                };
                // (The glyph under it is looked for only for a small kana
                // or mark of the run's kind: most of a page's are not.)
                let base = kind(g)
                    .filter(|&k| {
                        small(g)
                            && !gap
                            && (end == start || kind(&page.glyphs[line[start]]) == Some(k))
                    })
                    .and_then(|_| shelves.under(page, g));
                match base {
                    Some(base) => {
                        bases.push(base);
                        end += 1;
                    }
                    None => break,
                }
            }
            if end == start {
                start += 1;
                continue;
            }
            let run = &line[start..end];
            if stands_apart(page, line, start, end) && fits(page, run, &bases) {
                for &i in run {
                    aside[i] = true;
                }
                ruby.push(describe(page, run, &shelves, &bases));
            }
            start = end;
        }
    }
    if ruby.is_empty() {
        return None;
    }
    let mut kept = page.clone();
    let mut index = 0;
    kept.glyphs.retain(|_| {
        index += 1;
        !aside[index - 1]
    });
    Some((kept, ruby))
}

/// What a run may be made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Hiragana: ruby giving a reading.
    Kana,
    /// Emphasis marks (圏点): sesame, dots, circles, triangles.
    Mark,
}

/// Whether the glyph may be part of ruby, and of which.
fn kind(g: &Glyph) -> Option<Kind> {
    let mut chars = g.text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    match c {
        '\u{3041}'..='\u{3096}' | 'ー' | 'ゝ' | 'ゞ' => Some(Kind::Kana),
        '﹅' | '﹆' | '•' | '◦' | '●' | '○' | '◉' | '◎' | '▲' | '△' | '・' => {
            Some(Kind::Mark)
        }
        _ => None,
    }
}

/// Whether the run `line[start..end]` stands apart on its baseline: no
/// other glyph of its line within [`APART`] of its size of either end (a
/// word of small print, even letter-spaced, is not glossing anything).
fn stands_apart(page: &Page, line: &[usize], start: usize, end: usize) -> bool {
    let first = &page.glyphs[line[start]];
    let last = &page.glyphs[line[end - 1]];
    let before = start
        .checked_sub(1)
        .map(|i| &page.glyphs[line[i]])
        .is_none_or(|g| first.x - (g.x + g.width) >= first.size * APART);
    let after = line
        .get(end)
        .map(|&i| &page.glyphs[i])
        .is_none_or(|g| g.x - (last.x + last.width) >= last.size * APART);
    before && after
}

/// Whether the run fits what it stands over: kana over anything (a
/// reading of kanji, of letters `ＳＤＧｓ` or of katakana alike: rev101
/// r04, r12), each mark centred over its character.
fn fits(page: &Page, run: &[usize], bases: &[usize]) -> bool {
    let centre = |g: &Glyph| g.x + g.width / 2.0;
    match kind(&page.glyphs[run[0]]) {
        Some(Kind::Kana) => true,
        Some(Kind::Mark) => run.iter().zip(bases).all(|(&m, &b)| {
            let (m, b) = (&page.glyphs[m], &page.glyphs[b]);
            (centre(m) - centre(b)).abs() <= b.size * 0.3
        }),
        None => false,
    }
}

/// The run as set aside: its text and box, and what it stands over.
fn describe(page: &Page, run: &[usize], shelves: &Shelves, bases: &[usize]) -> Ruby {
    let text: String = run.iter().map(|&i| page.glyphs[i].text.as_str()).collect();
    let bbox = crate::grid::bbox(&run.iter().map(|&i| &page.glyphs[i]).collect::<Vec<_>>());
    // The base glyphs under the run's extent, on the shelf of its first.
    let shelf = &shelves.shelves[shelves.of_glyph[bases[0]]];
    let under: Vec<&Glyph> = shelf
        .iter()
        .map(|&i| &page.glyphs[i])
        .filter(|g| g.x + g.width > bbox[0] && g.x < bbox[2])
        .collect();
    let base = under.iter().map(|g| g.text.as_str()).collect();
    let base_bbox = crate::grid::bbox(&under);
    Ruby {
        text,
        base,
        bbox,
        base_bbox,
    }
}

/// A page's horizontal glyphs on shelves by their tops, each shelf left to
/// right, to find the glyph right under a point.
struct Shelves {
    /// The shelves, highest top first, each glyph indices by x.
    shelves: Vec<Vec<usize>>,
    /// Each shelf's top.
    tops: Vec<f64>,
    /// For each glyph of the page, its shelf (`usize::MAX` for none).
    of_glyph: Vec<usize>,
    /// How far from a baseline the top of a glyph under it may be: the
    /// page's largest glyph's [`ON_TOP`].
    reach: f64,
}

impl Shelves {
    /// The page's horizontal glyphs on shelves; `largest` is the largest's
    /// size.
    fn of(page: &Page, largest: f64) -> Shelves {
        let mut all: Vec<usize> = (0..page.glyphs.len())
            .filter(|&i| {
                let g = &page.glyphs[i];
                g.direction == Direction::LeftToRight && g.size > 0.0
            })
            .collect();
        let top = |i: usize| page.glyphs[i].y + page.glyphs[i].size;
        all.sort_by(|&a, &b| top(b).total_cmp(&top(a)));
        let mut shelves: Vec<Vec<usize>> = Vec::new();
        let mut tops: Vec<f64> = Vec::new();
        for i in all {
            match tops.last() {
                Some(&t) if t - top(i) < page.glyphs[i].size * 0.05 => {
                    if let Some(shelf) = shelves.last_mut() {
                        shelf.push(i);
                    }
                }
                _ => {
                    shelves.push(vec![i]);
                    tops.push(top(i));
                }
            }
        }
        let mut of_glyph = vec![usize::MAX; page.glyphs.len()];
        for (s, shelf) in shelves.iter_mut().enumerate() {
            shelf.sort_by(|&a, &b| page.glyphs[a].x.total_cmp(&page.glyphs[b].x));
            for &i in shelf.iter() {
                of_glyph[i] = s;
            }
        }
        Shelves {
            shelves,
            tops,
            of_glyph,
            reach: largest * ON_TOP,
        }
    }

    /// The glyph `g` stands right on top of: under its middle, at least
    /// `1 / RUBY_SIZE` times its size, its top within [`ON_TOP`] of its
    /// size from `g`'s baseline.
    fn under(&self, page: &Page, g: &Glyph) -> Option<usize> {
        let middle = g.x + g.width / 2.0;
        let reach = self.reach;
        // Shelves are highest first: the first whose top is within reach
        // above the baseline.
        let first = self.tops.partition_point(|&t| t > g.y + reach);
        self.tops[first..]
            .iter()
            .zip(&self.shelves[first..])
            .take(MAX_SHELVES)
            .take_while(|(t, _)| **t >= g.y - reach)
            .find_map(|(_, shelf)| {
                let at = shelf.partition_point(|&i| page.glyphs[i].x <= middle);
                let b = &page.glyphs[*shelf.get(at.checked_sub(1)?)?];
                (middle <= b.x + b.width
                    && g.size <= b.size * RUBY_SIZE
                    && (b.y + b.size - g.y).abs() <= b.size * ON_TOP
                    && !b.text.trim().is_empty())
                .then_some(shelf[at - 1])
            })
    }
}
