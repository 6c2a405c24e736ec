//! The line ledger: which input lines each field claimed, so that nothing is
//! lost by construction.

use plansheet_text::count_non_blank;

use crate::Line;
use crate::model::{Coverage, Fragment, LineSpan};

/// Records which input lines a field has claimed and how many non-blank
/// characters the fields hold, so that whatever no field claimed ends up in
/// `unassigned` and the coverage figure measures the output, not the claims.
pub(crate) struct Ledger<'a> {
    lines: &'a [Line<'a>],
    claimed: Vec<bool>,
    accounted: usize,
}

impl<'a> Ledger<'a> {
    pub(crate) fn new(lines: &'a [Line<'a>]) -> Self {
        Ledger {
            lines,
            claimed: vec![false; lines.len()],
            accounted: 0,
        }
    }

    /// Marks lines (0-based) as claimed by a field whose text, taken from
    /// exactly those lines, is `output`.
    pub(crate) fn claim(&mut self, lines: impl IntoIterator<Item = usize>, output: &str) {
        for i in lines {
            if let Some(slot) = self.claimed.get_mut(i) {
                *slot = true;
            }
        }
        self.accounted += count_non_blank(output);
    }

    pub(crate) fn is_claimed(&self, i: usize) -> bool {
        self.claimed.get(i).copied().unwrap_or(false)
    }

    /// Lists every unclaimed non-blank line in `unassigned` (consecutive
    /// lines together) and computes the coverage.
    pub(crate) fn finish(self) -> (Vec<Fragment>, Coverage) {
        let mut unassigned: Vec<Fragment> = Vec::new();
        let mut accounted = self.accounted;
        let mut previous: Option<usize> = None;
        for (i, line) in self.lines.iter().enumerate() {
            if self.claimed[i] || line.trim().is_empty() {
                continue;
            }
            accounted += count_non_blank(line);
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
        let chars_in: usize = self.lines.iter().map(|l| count_non_blank(l)).sum();
        let ratio = if chars_in == 0 {
            1.0
        } else {
            accounted as f64 / chars_in as f64
        };
        let coverage = Coverage {
            chars_in,
            chars_accounted: accounted,
            ratio: (ratio * 10_000.0).round() / 10_000.0,
        };
        (unassigned, coverage)
    }
}

/// The 1-based span of 0-based lines `first..=last`.
pub(crate) fn span(first: usize, last: usize) -> LineSpan {
    LineSpan {
        start: first + 1,
        end: last + 1,
    }
}
