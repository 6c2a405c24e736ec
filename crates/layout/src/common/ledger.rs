//! The line ledger: which input lines each field claimed, so that nothing is
//! lost by construction.

use std::collections::HashMap;

use plansheet_text::count_non_blank;

use crate::Line;
use crate::model::{Coverage, Fragment, LineSpan};

/// Records which input lines a field has claimed and how many non-blank
/// characters the fields hold, so that whatever no field claimed ends up in
/// `unassigned` and the coverage figure measures the output, not the claims.
pub(crate) struct Ledger<'a> {
    lines: &'a [Line<'a>],
    /// Each line's non-blank characters, counted once.
    counts: Vec<usize>,
    claimed: Vec<bool>,
    accounted: usize,
    dropped: Vec<Dropped>,
}

/// Characters of claimed lines that the claiming field's text does not
/// hold: what a parser lost, and where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dropped {
    /// The lines of the claim (1-based).
    pub(crate) lines: LineSpan,
    /// The characters missing from the field, in line order.
    pub(crate) chars: String,
}

impl<'a> Ledger<'a> {
    pub(crate) fn new(lines: &'a [Line<'a>]) -> Self {
        Ledger {
            lines,
            counts: lines.iter().map(|l| count_non_blank(l)).collect(),
            claimed: vec![false; lines.len()],
            accounted: 0,
            dropped: Vec::new(),
        }
    }

    /// Claims line `i` whole (trimmed) as a fragment of `into`: page
    /// furniture such as a page number, which no field holds.
    pub(crate) fn set_aside(&mut self, i: usize, into: &mut Vec<Fragment>) {
        let text = self.lines[i].trim().to_owned();
        self.claim([i], &text);
        into.push(Fragment {
            text,
            lines: span(i, i),
        });
    }

    /// Marks lines (0-based) as claimed by a field whose text, taken from
    /// exactly those lines, is `output`.
    ///
    /// Characters of those lines that `output` lacks are remembered (see
    /// [`Dropped`]), so that a coverage below 1 can say what went missing
    /// and where instead of only how much.
    pub(crate) fn claim<I>(&mut self, lines: I, output: &str)
    where
        I: IntoIterator<Item = usize>,
        I::IntoIter: Clone,
    {
        let lines = lines.into_iter();
        for i in lines.clone() {
            if let Some(slot) = self.claimed.get_mut(i) {
                *slot = true;
            }
        }
        // Most claims hold their lines' characters in their order: nothing
        // was dropped, and where the field holds nothing more, it holds as
        // many characters as its lines, counted already.
        let claimed = lines.clone().filter_map(|i| self.lines.get(i));
        let rest = held_in_order(claimed.map(|l| l.as_ref()), output);
        self.accounted += match rest {
            Some(rest) if rest.trim().is_empty() => {
                lines.clone().filter_map(|i| self.counts.get(i)).sum()
            }
            _ => count_non_blank(output),
        };
        if rest.is_some() {
            return;
        }
        // Otherwise count the output's characters, then take the claimed
        // lines' characters off: whatever a line holds beyond that was
        // dropped. Linear in the claim's text.
        let mut held: HashMap<char, usize> = HashMap::new();
        for c in output.chars().filter(|c| !c.is_whitespace()) {
            *held.entry(c).or_insert(0) += 1;
        }
        let mut missing = String::new();
        for i in lines.clone() {
            let Some(line) = self.lines.get(i) else {
                continue;
            };
            for c in line.chars().filter(|c| !c.is_whitespace()) {
                match held.get_mut(&c) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => missing.push(c),
                }
            }
        }
        if let (false, Some(first), Some(last)) =
            (missing.is_empty(), lines.clone().min(), lines.max())
        {
            self.dropped.push(Dropped {
                lines: span(first, last),
                chars: missing,
            });
        }
    }

    pub(crate) fn is_claimed(&self, i: usize) -> bool {
        self.claimed.get(i).copied().unwrap_or(false)
    }

    /// Lists every unclaimed non-blank line in `unassigned` (consecutive
    /// lines together) and computes the coverage; with it, the characters
    /// claims dropped, where the coverage is below 1 (where it is 1, a
    /// claim that seems to lack characters is a line shared by two fields,
    /// each holding its part).
    pub(crate) fn finish(self) -> (Vec<Fragment>, Coverage, Vec<Dropped>) {
        let mut unassigned: Vec<Fragment> = Vec::new();
        let mut accounted = self.accounted;
        let mut previous: Option<usize> = None;
        for (i, line) in self.lines.iter().enumerate() {
            if self.claimed[i] || line.trim().is_empty() {
                continue;
            }
            accounted += self.counts[i];
            match unassigned.last_mut() {
                Some(fragment) if previous == Some(i - 1) => {
                    fragment.text.push('\n');
                    fragment.text.push_str(line.trim_end());
                    fragment.lines.end = i + 1;
                }
                _ => unassigned.push(Fragment {
                    text: line.trim_end().to_owned(),
                    lines: LineSpan::line(i + 1),
                }),
            }
            previous = Some(i);
        }
        let chars_in: usize = self.counts.iter().sum();
        let coverage = Coverage::new(chars_in, accounted);
        let dropped = if accounted < chars_in {
            self.dropped
        } else {
            Vec::new()
        };
        (unassigned, coverage, dropped)
    }
}

/// Whether the non-blank characters of `lines` are, in order, the first
/// non-blank characters of `output`: each word of the lines is found where
/// the output goes on, past white space, by comparing bytes. What of the
/// output is left after them, if so. A field may put white space where its
/// lines had none (a word joined across a wrap): then this says no, and the
/// claim is counted character by character instead, which comes to the
/// same.
fn held_in_order<'l, 'o>(lines: impl Iterator<Item = &'l str>, output: &'o str) -> Option<&'o str> {
    let mut rest = output;
    for line in lines {
        // Most fields hold a line as it is: one comparison of its bytes
        // finds its words where they are, with the same space between them.
        let whole = line.trim();
        if !whole.is_empty()
            && let Some(after) = rest.trim_start().strip_prefix(whole)
        {
            rest = after;
            continue;
        }
        for word in line.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            rest = rest.trim_start().strip_prefix(word)?;
        }
    }
    Some(rest)
}

/// The 1-based span of 0-based lines `first..=last`.
pub(crate) fn span(first: usize, last: usize) -> LineSpan {
    LineSpan {
        start: first + 1,
        end: last + 1,
    }
}

/// Fragments as (text, first line), for tests to compare.
#[cfg(test)]
pub(crate) fn texts_and_lines(fragments: &[Fragment]) -> Vec<(&str, usize)> {
    fragments
        .iter()
        .map(|f| (f.text.as_str(), f.lines.start))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 10: the `.` of a `1.` marker was lost without a word; the
    /// ledger now says which characters of which line no field holds.
    #[test]
    fn a_claim_that_drops_characters_is_reported_with_its_lines() {
        let lines: Vec<Line<'_>> = ["題", "1.目的", "本文です。"].map(Line::from).to_vec();
        let mut ledger = Ledger::new(&lines);
        ledger.claim([0], "題");
        ledger.claim([1], "1目的");
        ledger.claim([2], "本文です。");
        let (unassigned, coverage, dropped) = ledger.finish();
        assert!(unassigned.is_empty());
        assert_eq!((coverage.chars_in, coverage.chars_accounted), (10, 9));
        assert_eq!(
            dropped,
            [Dropped {
                lines: LineSpan::line(2),
                chars: ".".into()
            }]
        );
    }

    /// The byte comparison agrees with comparing non-blank characters
    /// wherever it says yes, and says no where a character is missing;
    /// what it leaves of the output is what the field holds beyond its
    /// lines.
    #[test]
    fn lines_held_in_order_are_told_by_their_words() {
        let held =
            |lines: &[&str], output: &'static str| held_in_order(lines.iter().copied(), output);
        assert_eq!(
            held(&["　担当者が不在の", "場合でも"], "担当者が不在の場合でも"),
            Some("")
        );
        assert_eq!(
            held(&["共通", "　説明 します。"], "　共通\n説明します。ほか"),
            Some("ほか")
        );
        assert_eq!(held(&["A B", "C"], "A B C"), Some(""));
        assert_eq!(held(&[], "anything"), Some("anything"));
        assert_eq!(held(&["1.目的"], "1目的"), None);
        assert_eq!(held(&["目的"], "目"), None);
        // White space inside a word of the lines: no, and the claim is
        // then counted character by character.
        assert_eq!(held(&["目的"], "目 的"), None);
    }

    /// A field holding its lines' characters is counted by its lines'
    /// counts; one holding more, by its own characters.
    #[test]
    fn a_claim_counts_what_its_field_holds() {
        let lines: Vec<Line<'_>> = ["部署 1", "目標"].map(Line::from).to_vec();
        let mut ledger = Ledger::new(&lines);
        ledger.claim([0], "部署1");
        ledger.claim([1], "目標\n追加");
        let (_, coverage, _) = ledger.finish();
        assert_eq!((coverage.chars_in, coverage.chars_accounted), (5, 7));
    }

    #[test]
    fn nothing_is_reported_when_coverage_is_whole() {
        let lines: Vec<Line<'_>> = ["部署 1"].map(Line::from).to_vec();
        let mut ledger = Ledger::new(&lines);
        // One line, two fields, each its part.
        ledger.claim([0], "部署");
        ledger.claim([0], "1");
        let (_, coverage, dropped) = ledger.finish();
        assert_eq!(coverage.ratio, 1.0);
        assert!(dropped.is_empty());
    }
}
