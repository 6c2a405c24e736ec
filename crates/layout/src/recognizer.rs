//! The recognizer registry: every layout plansheet knows, in one list that
//! drives both detection ([`crate::detect_layout`]) and dispatch
//! ([`crate::parse`]).
//!
//! Adding a layout is one module implementing [`Recognizer`] plus one line
//! in [`REGISTRY`] (and its name in `LayoutName`, in `plansheet-model`).

use crate::Line;
use crate::common::ledger::Ledger;
use crate::grid::Grid;
use crate::model::{Content, Diagnostic, LayoutName};
use crate::{goal_sheet, management, multi_year, outline};

/// How well a document fits a recognizer, and the evidence that says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// From 0 (not this layout) to 1, rounded to three decimals.
    pub confidence: f64,
    /// What the recognizer found (or missed), in words: `tabbed column
    /// header at line 12`, `14 of 15 tabbed lines are numbered rows`.
    pub evidence: Vec<String>,
}

impl Score {
    /// A score with the evidence behind it.
    pub(crate) fn new(confidence: f64, evidence: Vec<String>) -> Self {
        Score {
            confidence: (confidence * 1000.0).round() / 1000.0,
            evidence,
        }
    }

    /// Zero: the evidence the layout needs is missing.
    pub(crate) fn none(missing: &str) -> Self {
        Score::new(0.0, vec![format!("no {missing}")])
    }
}

/// A document as a recognizer returns it, before the ledger is closed.
pub(crate) struct Sheet {
    /// The title line, if the layout has one.
    pub(crate) title: Option<String>,
    /// The text metadata (ward, fiscal year) is read from.
    pub(crate) metadata_text: String,
    /// What the document holds.
    pub(crate) content: Content,
}

/// What a recognizer's score and its parse both need from one document,
/// computed once: `rank` scores every recognizer with a memo, and the
/// chosen one parses the same lines with the same memo.
#[derive(Default)]
pub(crate) struct Memo {
    /// The flow sheet's furniture and row anchors.
    pub(crate) flow: std::cell::OnceCell<goal_sheet::flow::Analysis>,
    /// The multi-year plan's blocks (year headers, themes, bullets …).
    pub(crate) multi_year: std::cell::OnceCell<Vec<multi_year::Block>>,
    /// The multi-year plan printed as a table, if it is one.
    pub(crate) year_table: std::cell::OnceCell<Option<multi_year::YearTable>>,
    /// The first line of a column header naming fiscal years as columns,
    /// which both goal-sheet layouts ask of.
    pub(crate) year_columns: std::cell::OnceCell<Option<usize>>,
}

/// A layout plansheet can read.
pub(crate) trait Recognizer: Sync {
    /// The layout's name, as written into `layout.name`.
    fn name(&self) -> LayoutName;

    /// How well the normalized lines fit this layout, with the evidence.
    /// `memo` holds what was computed from these lines before.
    fn score(&self, lines: &[Line<'_>], memo: &Memo) -> Score;

    /// Reads the lines into a document, claiming in `ledger` every line a
    /// field takes and adding what it notices to `diagnostics`.
    /// `memo` is the one the lines of `grid` were scored with.
    fn parse(
        &self,
        grid: &Grid<'_>,
        memo: &Memo,
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet;
}

/// Every recognizer, most specific first: on equal scores the earlier one
/// wins. The generic outline comes last and always applies.
pub(crate) static REGISTRY: [&dyn Recognizer; 6] = [
    &goal_sheet::table::GoalSheetTable,
    &goal_sheet::flow::GoalSheetFlow,
    &multi_year::MultiYearPlan,
    &management::ManagementPlan,
    &outline::PlanOutline,
    &outline::Outline,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_name_has_exactly_one_recognizer() {
        let names: Vec<LayoutName> = REGISTRY.iter().map(|r| r.name()).collect();
        for name in [
            LayoutName::GoalSheetTable,
            LayoutName::GoalSheetFlow,
            LayoutName::MultiYearPlan,
            LayoutName::ManagementPlan,
            LayoutName::PlanOutline,
            LayoutName::Outline,
        ] {
            assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{name:?}");
        }
    }
}
