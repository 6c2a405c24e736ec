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
//! centred over its character. A reading wider than its base may stand
//! over nothing (at its ends, and between the glyphs of a base the writer
//! spread under it: rev112 r06), one glyph at least on the base's line:
//! the room so opened is closed again, so that the base reads as part of
//! its line. A run of katakana standing so is a reading
//! or a small label set tight over a line (`ポイント`, rev101 r09): it is
//! left on the page, read as text, and reported so that the document can
//! say the page does not tell. Only horizontal writing is looked at: ruby
//! beside vertical text stays a column of its own.

use serde::Serialize;

use crate::{Direction, Glyph, Page};

/// A run of ruby or emphasis marks set aside from a page, or a run of
/// katakana standing as ruby does, left on it (see [`Found::katakana`]).
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

/// What [`set_aside`] found on a page.
pub(crate) struct Found {
    /// The page without its ruby, where it had any.
    pub(crate) kept: Option<Page>,
    /// The ruby set aside.
    pub(crate) ruby: Vec<Ruby>,
    /// Runs of small katakana standing right over a line as ruby does:
    /// readings, or a label set tight over the line (`ポイント`); left on
    /// the page, read as text.
    pub(crate) katakana: Vec<Ruby>,
}

/// The page's ruby and emphasis marks, and the page without them.
pub(crate) fn set_aside(page: &Page) -> Found {
    let mut found = Found {
        kept: None,
        ruby: Vec::new(),
        katakana: Vec::new(),
    };
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
        return found;
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
            // (Within a fifth of the smaller size: a line of text right
            // under small print is not on its baseline: rev112 r06, the
            // label `口` beside a reading.)
            Some(line)
                if (page.glyphs[line[0]].y - g.y).abs()
                    < g.size.min(page.glyphs[line[0]].size) * 0.2 =>
            {
                line.push(i)
            }
            _ => lines.push(vec![i]),
        }
    }
    let mut aside = vec![false; page.glyphs.len()];
    // Glyphs of a line under ruby wider than its base, widened over the
    // room the writer opened to set the base under its reading: (glyph,
    // its new left and right).
    let mut spread: Vec<(usize, f64, f64)> = Vec::new();
    for line in &mut lines {
        line.sort_by(|&a, &b| page.glyphs[a].x.total_cmp(&page.glyphs[b].x));
        let mut start = 0;
        while start < line.len() {
            // The run: small glyphs of one kind (`ー` in either kana's),
            // none far from the one before it, each with the glyph it
            // stands on, if any.
            let mut end = start;
            let mut run_kind: Option<Kind> = None;
            let mut bases = Vec::new();
            while end < line.len() {
                let g = &page.glyphs[line[end]];
                let gap = end > start && {
                    let before = &page.glyphs[line[end - 1]];
                    g.x - (before.x + before.width) > g.size / RUBY_SIZE
                };
                let joins = kind(g).filter(|&k| {
                    small(g)
                        && !gap
                        && match (run_kind, k) {
                            (Some(Kind::Mark), Kind::Long) => false,
                            (_, Kind::Long) => true,
                            (None, Kind::Mark) => end == start,
                            (None, _) => true,
                            (Some(r), k) => r == k,
                        }
                });
                let Some(k) = joins else {
                    break;
                };
                if k != Kind::Long {
                    run_kind.get_or_insert(k);
                }
                // (Looked for only for a small kana or mark of the run's
                // kind: most of a page's glyphs are not.)
                bases.push(shelves.under(page, g));
                end += 1;
            }
            if end == start {
                start += 1;
                continue;
            }
            let run = &line[start..end];
            // (A run of `ー` alone is no reading.)
            if let Some(run_kind) = run_kind
                && stands_apart(page, line, start, end)
                && fits(page, run_kind, run, &bases, &shelves)
            {
                let described = describe(page, run, &shelves, &bases);
                if run_kind == Kind::Katakana {
                    found.katakana.push(described);
                } else {
                    for &i in run {
                        aside[i] = true;
                    }
                    spread.extend(opened_under(page, &shelves, &bases, &described));
                    found.ruby.push(described);
                }
            }
            start = end;
        }
    }
    if !found.ruby.is_empty() {
        let mut kept = page.clone();
        // The gaps a wide reading opened are closed: the base reads as
        // part of its line (`来庁者の窓口での`, not `来庁者の 窓口 での`).
        for (i, left, right) in spread {
            kept.glyphs[i].x = left;
            kept.glyphs[i].width = right - left;
        }
        let mut index = 0;
        kept.glyphs.retain(|_| {
            index += 1;
            !aside[index - 1]
        });
        found.kept = Some(kept);
    }
    found
}

/// The room a reading wider than its base opened on the line under it:
/// the writer spreads the base and the line around it to the reading's
/// width. Each gap on that line within the reading's extent is given to
/// the glyph before it, and where the base opens its line (no glyph
/// before it ends within the reading's extent), the room left of it to
/// the base (its left moved to the reading's): the glyph, its new left
/// and right.
fn opened_under(
    page: &Page,
    shelves: &Shelves,
    bases: &[Option<usize>],
    ruby: &Ruby,
) -> Vec<(usize, f64, f64)> {
    let Some(&base) = bases.iter().flatten().next() else {
        return Vec::new();
    };
    let shelf = shelves.base_line(bases);
    let slack = 0.1 * page.glyphs[base].size;
    let within = |x: f64| x >= ruby.bbox[0] - slack && x <= ruby.bbox[2] + slack;
    let (from, to) = shelves.around(page, shelf, ruby.bbox[0] - slack, ruby.bbox[2] + slack);
    // (With the glyph before the extent: its gap to the first in it.)
    let near = &shelf[from.saturating_sub(1)..to];
    let mut out: Vec<(usize, f64, f64)> = near
        .windows(2)
        .filter_map(|pair| {
            let (a, b) = (&page.glyphs[pair[0]], &page.glyphs[pair[1]]);
            let end = a.x + a.width;
            (b.x > end && within(end) && within(b.x)).then_some((pair[0], a.x, b.x))
        })
        .collect();
    let first = near
        .iter()
        .position(|&i| page.glyphs[i].x + page.glyphs[i].width > ruby.bbox[0]);
    if let Some(k) = first
        && let b = &page.glyphs[near[k]]
        && k.checked_sub(1).is_none_or(|k| {
            let before = &page.glyphs[near[k]];
            before.x + before.width < ruby.bbox[0] - slack
        })
        && b.x > ruby.bbox[0] + slack
        && within(b.x)
    {
        match out.iter_mut().find(|(i, _, _)| *i == near[k]) {
            Some((_, left, _)) => *left = ruby.bbox[0],
            None => out.push((near[k], ruby.bbox[0], b.x + b.width)),
        }
    }
    out
}

/// What a run may be made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Hiragana: ruby giving a reading.
    Kana,
    /// Katakana: a reading, or a label set tight over a line.
    Katakana,
    /// The prolonged sound mark `ー`, of either kana's runs (`サービス`,
    /// `えすでぃーじーず`).
    Long,
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
        'ー' => Some(Kind::Long),
        '\u{3041}'..='\u{3096}' | 'ゝ' | 'ゞ' => Some(Kind::Kana),
        '\u{30A1}'..='\u{30FA}' | 'ヽ' | 'ヾ' => Some(Kind::Katakana),
        '﹅' | '﹆' | '•' | '◦' | '●' | '○' | '◉' | '◎' | '▲' | '△' | '・' => {
            Some(Kind::Mark)
        }
        _ => None,
    }
}

/// Whether the run `line[start..end]` stands apart on its baseline: no
/// other glyph of its line within [`APART`] of its size of either end (a
/// word of small print, even letter-spaced, is not glossing anything),
/// but a small kana of another reading beside it (`こうほう` and `ガイド`
/// over `広報と案内`: rev115, each had kept the other from being read).
fn stands_apart(page: &Page, line: &[usize], start: usize, end: usize) -> bool {
    let first = &page.glyphs[line[start]];
    let last = &page.glyphs[line[end - 1]];
    let reading = |g: &Glyph| {
        g.size <= first.size * 1.1
            && matches!(kind(g), Some(Kind::Kana | Kind::Katakana | Kind::Long))
    };
    let before = start
        .checked_sub(1)
        .map(|i| &page.glyphs[line[i]])
        .is_none_or(|g| reading(g) || first.x - (g.x + g.width) >= first.size * APART);
    let after = line
        .get(end)
        .map(|&i| &page.glyphs[i])
        .is_none_or(|g| reading(g) || g.x - (last.x + last.width) >= last.size * APART);
    before && after
}

/// Whether the run fits what it stands over: kana over anything (a
/// reading of kanji, of letters `ＳＤＧｓ` or of katakana alike: rev101
/// r04, r12), each glyph right on top of a glyph of one line or over
/// nothing at all (a reading wider than its base, which the writer spreads
/// under it: rev112 r06), one at least on a glyph; each mark centred over
/// its character.
fn fits(
    page: &Page,
    kind: Kind,
    run: &[usize],
    bases: &[Option<usize>],
    shelves: &Shelves,
) -> bool {
    let centre = |g: &Glyph| g.x + g.width / 2.0;
    match kind {
        Kind::Kana | Kind::Katakana | Kind::Long => {
            let mut on = bases.iter().flatten().map(|&b| shelves.of_glyph[b]);
            let first = on.next();
            first.is_some()
                && on.all(|s| Some(s) == first)
                && run
                    .iter()
                    .zip(bases)
                    .all(|(&g, b)| b.is_some() || shelves.over_nothing(page, &page.glyphs[g]))
        }
        Kind::Mark => run.iter().zip(bases).all(|(&m, b)| {
            b.is_some_and(|b| {
                let (m, b) = (&page.glyphs[m], &page.glyphs[b]);
                (centre(m) - centre(b)).abs() <= b.size * 0.3
            })
        }),
    }
}

/// The run as set aside: its text and box, and what it stands over.
fn describe(page: &Page, run: &[usize], shelves: &Shelves, bases: &[Option<usize>]) -> Ruby {
    let text: String = run.iter().map(|&i| page.glyphs[i].text.as_str()).collect();
    let bbox = crate::grid::bbox(&run.iter().map(|&i| &page.glyphs[i]).collect::<Vec<_>>());
    // The base glyphs under the run's extent, on the shelf of its first
    // (white space, which a writer may spread the base with, aside).
    let shelf = shelves.base_line(bases);
    let (from, to) = shelves.around(page, shelf, bbox[0], bbox[2]);
    let under: Vec<&Glyph> = shelf[from..to]
        .iter()
        .map(|&i| &page.glyphs[i])
        .filter(|g| g.x + g.width > bbox[0] && g.x < bbox[2] && !g.text.trim().is_empty())
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
    /// The largest advance of the page's horizontal glyphs.
    widest: f64,
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
        let widest = page
            .glyphs
            .iter()
            .filter(|g| g.direction == Direction::LeftToRight)
            .map(|g| g.width)
            .fold(0.0, f64::max);
        Shelves {
            shelves,
            tops,
            of_glyph,
            reach: largest * ON_TOP,
            widest,
        }
    }

    /// The shelf of the first glyph a run stands on (`bases`, see
    /// [`Shelves::under`]); empty where it stands on none.
    fn base_line(&self, bases: &[Option<usize>]) -> &[usize] {
        bases
            .iter()
            .flatten()
            .next()
            .map_or(&[][..], |&b| &self.shelves[self.of_glyph[b]][..])
    }

    /// The range of `shelf` (by x) holding every glyph that reaches into
    /// `left..right`: from the first whose left is within the page's
    /// widest glyph of `left`, up to the first starting past `right`.
    fn around(&self, page: &Page, shelf: &[usize], left: f64, right: f64) -> (usize, usize) {
        let from = shelf.partition_point(|&i| page.glyphs[i].x < left - self.widest);
        let to = shelf.partition_point(|&i| page.glyphs[i].x <= right);
        (from, to.max(from))
    }

    /// The glyphs under `g`'s middle that `g` may stand over: on each
    /// shelf whose top is within reach of `g`'s baseline (at most
    /// [`MAX_SHELVES`]), the glyph there that is no white space and at
    /// least `1 / RUBY_SIZE` times `g`'s size (its own run's are not).
    fn below<'s>(&'s self, page: &'s Page, g: &Glyph) -> impl Iterator<Item = usize> + 's {
        let middle = g.x + g.width / 2.0;
        let (reach, size, y) = (self.reach, g.size, g.y);
        // Shelves are highest first: the first whose top is within reach
        // above the baseline.
        let first = self.tops.partition_point(|&t| t > y + reach);
        self.tops[first..]
            .iter()
            .zip(&self.shelves[first..])
            .take(MAX_SHELVES)
            .take_while(move |(t, _)| **t >= y - reach)
            .filter_map(move |(_, shelf)| {
                let at = shelf.partition_point(|&i| page.glyphs[i].x <= middle);
                let i = *shelf.get(at.checked_sub(1)?)?;
                let b = &page.glyphs[i];
                (middle <= b.x + b.width && size <= b.size * RUBY_SIZE && !b.text.trim().is_empty())
                    .then_some(i)
            })
    }

    /// Whether nothing `g` may stand over is under its middle (see
    /// [`Shelves::below`]).
    fn over_nothing(&self, page: &Page, g: &Glyph) -> bool {
        self.below(page, g).next().is_none()
    }

    /// The glyph `g` stands right on top of: one it may stand over (see
    /// [`Shelves::below`]) whose top is within [`ON_TOP`] of its size from
    /// `g`'s baseline.
    fn under(&self, page: &Page, g: &Glyph) -> Option<usize> {
        self.below(page, g).find(|&i| {
            let b = &page.glyphs[i];
            (b.y + b.size - g.y).abs() <= b.size * ON_TOP
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each character of `text` a glyph of `size` points from `x` on, on
    /// the baseline `y`.
    fn run(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| Glyph {
                text: c.to_string(),
                x: x + size * k as f64,
                y,
                width: size,
                size,
                direction: Direction::LeftToRight,
            })
            .collect()
    }

    /// Each run as `text/base`.
    fn named(runs: &[Ruby]) -> Vec<String> {
        runs.iter()
            .map(|r| format!("{}/{}", r.text, r.base))
            .collect()
    }

    fn page(glyphs: Vec<Glyph>) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            rules: Vec::new(),
            undecoded: 0,
            turned: 0,
        }
    }

    /// A reading twice as wide as its base, the base opening its line in
    /// a cell beside another's text on the same height (`区民課` at 50):
    /// the base's glyphs take the room the writer opened, the first from
    /// where the reading starts (helper-114: only a base first on the whole
    /// page's height had been moved, and the line read as indented).
    #[test]
    fn a_base_opening_its_line_takes_the_room_its_reading_opened() {
        let mut glyphs = run("区民課", 50.0, 100.0, 10.0);
        glyphs.extend(run("窓口", 165.0, 100.0, 10.0));
        glyphs.extend(run("での案内", 195.0, 100.0, 10.0));
        glyphs.extend(run("まどぐちのかかり", 155.0, 110.0, 5.0));
        let found = set_aside(&page(glyphs));
        assert_eq!(named(&found.ruby), ["まどぐちのかかり/窓口"]);
        let kept = found.kept.unwrap();
        let boxes: Vec<(&str, f64, f64)> = kept
            .glyphs
            .iter()
            .map(|g| (g.text.as_str(), g.x, g.x + g.width))
            .filter(|(t, _, _)| ["課", "窓", "口", "で"].contains(t))
            .collect();
        assert_eq!(
            boxes,
            [
                ("課", 70.0, 80.0),
                ("窓", 155.0, 175.0),
                ("口", 175.0, 195.0),
                ("で", 195.0, 205.0)
            ]
        );
    }

    /// A katakana reading with `ー` in it is one run (helper-114: `ー` was
    /// taken for a hiragana, and `サービス` broke into runs none of which
    /// stood apart, unsaid), listed as katakana, left on the page.
    #[test]
    fn a_katakana_run_with_a_long_mark_is_one_run() {
        let mut glyphs = run("窓口の案内", 50.0, 100.0, 10.0);
        glyphs.extend(run("サービス", 50.0, 110.0, 5.0));
        let found = set_aside(&page(glyphs));
        assert!(found.ruby.is_empty() && found.kept.is_none());
        assert_eq!(named(&found.katakana), ["サービス/窓口"]);
        // Readings of both kinds side by side, each beside the other
        // (rev115: neither had stood apart, both read as a line, ok).
        let mut glyphs = run("広報と案内で周知", 50.0, 100.0, 10.0);
        glyphs.extend(run("こうほう", 50.0, 110.0, 5.0));
        glyphs.extend(run("ガイド", 78.0, 110.0, 5.0));
        let found = set_aside(&page(glyphs));
        assert_eq!(named(&found.ruby), ["こうほう/広報"]);
        // (Its base named by its extent, which reaches over `と`.)
        assert_eq!(named(&found.katakana), ["ガイド/と案内"]);
        // A run of the mark alone is nothing's reading.
        let mut glyphs = run("窓口の案内", 50.0, 100.0, 10.0);
        glyphs.extend(run("ーー", 55.0, 110.0, 5.0));
        let found = set_aside(&page(glyphs));
        assert!(found.ruby.is_empty() && found.katakana.is_empty());
    }
}
