//! Management plans (`layout: management_plan`): 経営課題 with titled lists,
//! strategies (【戦略4-1】) with 《めざす状態》, 《成果目標》 (parsed into
//! targets), 戦略 and 具体的取組 (【4-1-1 …】), and the directory table
//! (担当名 / 電話番号 / ファックス番号 / 主な業務内容).
//!
//! The text comes from a converter that left markdown debris (`- `,
//! `- ・ `, `- #### `); it is kept apart in each item's `prefix`.

use lazy_regex::{Lazy, Regex, lazy_regex};
use plansheet_text::chars::{circled_number, is_hiragana, is_katakana};
use plansheet_text::{append_wrapped, join_wrapped_onto};

use crate::Line;
use crate::common::columns::{MAX_COLUMNS, row_under, runs, starts_of};
use crate::common::furniture::{continues_clause, is_pushed_page_number, words_and_page};
use crate::common::ledger::{Ledger, span};
use crate::common::{cells, era, is_katakana_marker, katakana_marker, paren_number_marker};
use crate::grid::Grid;
use crate::model::{
    Baseline, Comparator, Content, Deadline, DeadlinePoint, Diagnostic, DiagnosticCode,
    DirectoryEntry, Fragment, LayoutName, Level, LineSpan, ListItem, ListSection, Measure,
    PlanIssue, Strategy, Target,
};
use crate::recognizer::{Memo, Recognizer, Score, Sheet};

/// Two strategies, or an issue with a strategy: a management plan.
const CONFIDENCE: f64 = 0.9;
/// Management issues without strategies: likely, not certain.
const ISSUES_ONLY: f64 = 0.5;

static ISSUE: Lazy<Regex> = lazy_regex!(r"^経営課題\s*([0-9０-９]+)$");
static STRATEGY: Lazy<Regex> = lazy_regex!(r"^【戦略\s*([0-9０-９]+-[0-9０-９]+)】\s*(.*)$");
static MEASURES: Lazy<Regex> = lazy_regex!(r"^戦略\s*[0-9０-９]+-[0-9０-９]+\s*の具体的取組");
static MEASURE: Lazy<Regex> =
    lazy_regex!(r"^【([0-9０-９]+-[0-9０-９]+-[0-9０-９]+)\s*(.*?)】\s*(?:\([^()]*\))?$");
static PREFIX: Lazy<Regex> = lazy_regex!(r"^(-\s*(?:#+)?)\s*");
static NOTE: Lazy<Regex> = lazy_regex!(r"^([^()]+?)\s*\(([^()]+)\)$");

/// Management plans: issues, strategies, targets and the directory.
pub(crate) struct ManagementPlan;

impl Recognizer for ManagementPlan {
    fn name(&self) -> LayoutName {
        LayoutName::ManagementPlan
    }

    /// Strategy headings (【戦略4-1】) and management issues (経営課題N).
    fn score(&self, lines: &[Line<'_>], _memo: &Memo) -> Score {
        // Every document is scored: the regexes run only on lines that
        // start as theirs must.
        let strategies = lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| l.starts_with("【戦略") && STRATEGY.is_match(l))
            .count();
        let issues = lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| l.starts_with("経営課題") && ISSUE.is_match(l))
            .count();
        let confidence = match (issues, strategies) {
            (_, s) if s >= 2 => CONFIDENCE,
            (i, s) if i >= 1 && s >= 1 => CONFIDENCE,
            (i, _) if i >= 1 => ISSUES_ONLY,
            _ => 0.0,
        };
        Score::new(
            confidence,
            vec![
                format!("{strategies} strategy headings (【戦略N-M】)"),
                format!("{issues} management issues (経営課題N)"),
            ],
        )
    }

    fn parse(
        &self,
        grid: &Grid<'_>,
        _memo: &Memo,
        ledger: &mut Ledger<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Sheet {
        let lines = grid.lines();
        let mut issues: Vec<PlanIssue> = Vec::new();
        let mut strategies: Vec<Strategy> = Vec::new();
        let mut slot = Slot::None;
        let mut awaiting_title = false;
        let mut directory_title: Option<String> = None;
        let mut title_line = None;
        let mut directory_columns = Vec::new();
        let mut directory = Vec::new();
        // Lines no issue, strategy or list takes: left unassigned, and said.
        let mut stray: Vec<usize> = Vec::new();
        let mut page_furniture = Vec::new();

        let mut i = 0;
        while i < lines.len() {
            let line = lines[i].trim();
            if line.is_empty() {
                i += 1;
                continue;
            }
            // A page number where a page broke (`- 2 -`) is no item, nor
            // the plan's name printed at the page's head or foot beside it.
            if is_page_furniture(lines, i) {
                ledger.set_aside(i, &mut page_furniture);
                i += 1;
                continue;
            }
            // The directory's header next, or, under a line that names a
            // directory (`…の業務一覧`), a note in parentheses over it
            // (`（令和6年4月現在）`).
            // (A paragraph of its own, not a wrap or an item under which a
            // note stands: `…情報提供のため、` / `区内施設一覧を作成し配布する`,
            // `イ 区役所の業務案内` had become the title, ok.)
            let apart = || {
                i.checked_sub(1).is_none_or(|above| {
                    let text = lines[above].trim();
                    text.is_empty()
                        || text.ends_with('。')
                        || text.starts_with('【')
                        || is_page_furniture(lines, above)
                })
            };
            let next_is_directory = next_text(lines, i).is_some_and(|j| {
                is_directory_header(lines, j)
                    || names_a_directory(line)
                        && is_note(lines[j].trim())
                        && katakana_marker(line).is_none()
                        && apart()
                        && next_text(lines, j).is_some_and(|k| is_directory_header(lines, k))
            });
            // (Not a heading, a list's item or a sentence above a directory
            // with no title: rev78 mp32 lost a measure's item so.)
            if next_is_directory
                && !line.contains('\t')
                && !is_item(line)
                && !line.ends_with('。')
                && !is_heading(line)
            {
                match (&mut directory_title, title_line) {
                    (None, _) => {
                        directory_title = Some(line.to_owned());
                        title_line = Some(i);
                        ledger.claim([i], line);
                    }
                    // The note under the title is the title's.
                    (Some(title), Some(above))
                        if is_note(line) && next_text(lines, above) == Some(i) =>
                    {
                        title.push('\n');
                        title.push_str(line);
                        ledger.claim([i], line);
                    }
                    // The title printed again where a page broke the
                    // directory: the page's.
                    (Some(title), _) if title.lines().next() == Some(line) => {
                        ledger.set_aside(i, &mut page_furniture);
                    }
                    // One title: a second had replaced the first, or gone on
                    // with a measure's item, its text out of the document or
                    // in the wrong place, ok. Left unassigned, and said.
                    (Some(_), _) => stray.push(i),
                }
                i += 1;
                continue;
            }
            // The directory table: a header naming its columns, tabbed or
            // laid out with spaces.
            if is_directory_header(lines, i) {
                let starts = (!lines[i].has_tab())
                    .then(|| starts_of(&lines[i]))
                    .flatten();
                let columns: Vec<String> = match &starts {
                    None => cells(&lines[i]).into_iter().map(str::to_owned).collect(),
                    Some(_) => runs(&lines[i]).iter().map(|r| r.1.to_owned()).collect(),
                };
                // A header printed again over the rest (a page broke the
                // table) goes on with it; another is no header of this
                // directory (it had replaced the first, its text out of the
                // document, coverage 1.0): left unassigned, and said.
                if !directory_columns.is_empty() && columns != directory_columns {
                    stray.push(i);
                    i += 1;
                    continue;
                }
                directory_columns = columns;
                ledger.claim([i], &directory_columns.concat());
                let columns = DirectoryColumns::named(&directory_columns);
                let table = Table {
                    columns,
                    starts: starts.as_deref(),
                };
                let out = Directory {
                    entries: &mut directory,
                    furniture: &mut page_furniture,
                };
                i = parse_directory(lines, i + 1, table, ledger, out, diagnostics);
                slot = Slot::None;
                continue;
            }
            if let Some(c) = ISSUE.captures(line) {
                issues.push(PlanIssue {
                    heading: line.to_owned(),
                    number: c[1].to_owned(),
                    title: String::new(),
                    sections: Vec::new(),
                    lines: span(i, i),
                });
                ledger.claim([i], line);
                awaiting_title = true;
                slot = Slot::None;
            } else if let Some(c) = STRATEGY.captures(line) {
                let title = c[2].trim().to_owned();
                awaiting_title = title.is_empty();
                strategies.push(Strategy {
                    heading: line[..line.len() - c[2].len()].trim().to_owned(),
                    id: c[1].to_owned(),
                    title,
                    outcome_heading: None,
                    aims: None,
                    targets_heading: None,
                    targets: Vec::new(),
                    approach: None,
                    measures_heading: None,
                    measures: Vec::new(),
                    lines: span(i, i),
                });
                ledger.claim([i], line);
                slot = Slot::None;
            } else if awaiting_title && !is_item(line) {
                if let Some(s) = strategies.last_mut().filter(|s| {
                    s.title.is_empty()
                        && issues
                            .last()
                            .is_none_or(|is| is.lines.start < s.lines.start)
                }) {
                    s.title = line.to_owned();
                } else if let Some(issue) = issues.last_mut() {
                    issue.title = line.to_owned();
                }
                ledger.claim([i], line);
                awaiting_title = false;
            } else if let Some(strategy) = strategies.last_mut() {
                // A section's heading: short, no sentence (a wrapped line
                // `めざす状態の実現に取り組む。` is an item's), and only
                // where the strategy has no such section with text yet: a
                // heading read again would put the first one's text out of
                // the document (rev76 mp02: the aims' items were lost,
                // coverage 1.0).
                let heading = !line.ends_with('。') && line.chars().count() <= HEADING_CHARS;
                let empty = |section: &Option<ListSection>| {
                    section.as_ref().is_none_or(|s| s.items.is_empty())
                };
                if line.starts_with("めざす成果") && heading && strategy.outcome_heading.is_none()
                {
                    strategy.outcome_heading = Some(line.to_owned());
                    ledger.claim([i], line);
                } else if line.contains("めざす状態")
                    && !is_item(line)
                    && heading
                    && empty(&strategy.aims)
                {
                    // (A second heading over a section without text yet,
                    // `《めざす状態》` / `めざす状態（概ね3年後）`: the first
                    // stays, and the second, which had replaced it (its
                    // text out of the document, coverage 1.0), is left
                    // unassigned. So for each section.)
                    if strategy.aims.is_none() {
                        strategy.aims = Some(section(line));
                        ledger.claim([i], line);
                    }
                    slot = Slot::Aims;
                } else if line.contains("成果目標")
                    && !is_item(line)
                    && heading
                    && strategy.targets.is_empty()
                {
                    if strategy.targets_heading.is_none() {
                        strategy.targets_heading = Some(line.to_owned());
                        ledger.claim([i], line);
                    }
                    slot = Slot::Targets;
                } else if line.trim_matches(['《', '》', '【', '】', '〈', '〉', '<', '>'])
                    == "戦略"
                    && empty(&strategy.approach)
                {
                    if strategy.approach.is_none() {
                        strategy.approach = Some(section(line));
                        ledger.claim([i], line);
                    }
                    slot = Slot::Approach;
                } else if MEASURES.is_match(line) && strategy.measures.is_empty() {
                    if strategy.measures_heading.is_none() {
                        strategy.measures_heading = Some(line.to_owned());
                        ledger.claim([i], line);
                    }
                    slot = Slot::None;
                } else if let Some(c) = MEASURE.captures(line) {
                    strategy.measures.push(Measure {
                        heading: line.to_owned(),
                        id: c[1].to_owned(),
                        title: c[2].trim().to_owned(),
                        items: Vec::new(),
                        lines: span(i, i),
                    });
                    ledger.claim([i], line);
                    slot = Slot::Measure;
                } else if is_table_row(lines, i) {
                    // A table under a section (the targets' figures,
                    // `指標⇥目標値⇥実績値`; a directory whose header was not
                    // told): no item's wrap (its cells had joined the item's
                    // text, and a target read again had lost its baseline,
                    // ok). Left unassigned.
                } else {
                    let item = read_item(lines, i);
                    let printed = printed(&item);
                    // (An item marked with katakana: `read_item` gave it
                    // its mark where `kana_item` said so.)
                    let kana = item
                        .marker
                        .as_deref()
                        .and_then(|m| m.chars().next())
                        .is_some_and(is_katakana_marker);
                    let is_new_item =
                        is_item(line) || kana || slot == Slot::Measure && item.marker.is_some();
                    let placed = match slot {
                        Slot::Targets if is_new_item => {
                            strategy.targets.push(read_target(item));
                            true
                        }
                        Slot::Targets => append_target(&mut strategy.targets, item),
                        Slot::Aims => push_item(strategy.aims.as_mut(), item, is_new_item),
                        Slot::Approach => push_item(strategy.approach.as_mut(), item, is_new_item),
                        Slot::Measure => {
                            let items = strategy.measures.last_mut().map(|m| &mut m.items);
                            push_into(items, item, is_new_item)
                        }
                        Slot::None | Slot::IssueSection => false,
                    };
                    claim_or_stray(ledger, i, &printed, placed, &mut stray);
                }
            } else if let Some(issue) = issues.last_mut() {
                // A line under a list's items that is indented or a
                // sentence is the last item's wrap, not a heading (rev76
                // mp01: `　まち`, `減少している。` were sections, ok).
                let wraps = slot == Slot::IssueSection
                    && (lines[i].starts_with(['\u{3000}', ' ']) || line.ends_with('。'))
                    && issue.sections.last().is_some_and(|s| !s.items.is_empty());
                if is_table_row(lines, i) {
                    // (A table: no item and no section's heading. Left
                    // unassigned, as under a strategy.)
                } else if is_item(line)
                    || slot == Slot::IssueSection && line.starts_with('(')
                    || wraps
                {
                    let item = read_item(lines, i);
                    let printed = printed(&item);
                    let new = is_item(line);
                    let placed = push_item(issue.sections.last_mut(), item, new);
                    claim_or_stray(ledger, i, &printed, placed, &mut stray);
                } else {
                    // A heading of the issue's lists: めざすべき将来像(…), 現状・データ, 分析, 課題.
                    issue.sections.push(section(line));
                    ledger.claim([i], line);
                    slot = Slot::IssueSection;
                }
            } else {
                stray.push(i);
            }
            i += 1;
        }
        // (Said with their lines: the text is in `unassigned`, where a
        // message holding it had counted it as read, coverage 1.0.)
        for &i in &stray {
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::StrayText,
                format!(
                    "text no issue, strategy, list or directory of the plan takes: {}",
                    lines[i].trim()
                ),
                span(i, i),
            ));
        }
        // Read whole, wraps and all: a target naming two figures or two
        // years is in doubt.
        for target in strategies.iter().flat_map(|s| &s.targets) {
            if let Some(why) = target_doubt(&target.text) {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousLine,
                    why,
                    target.lines,
                ));
            }
        }
        let title = issues.first().map(|i| format!("{} {}", i.heading, i.title));
        // The plan names its office only in the directory's title, and its
        // fiscal years only inside targets, which are not the plan's own year.
        let metadata_text = directory_title.clone().unwrap_or_default();
        Sheet {
            title,
            metadata_text,
            content: Content::ManagementPlan {
                issues,
                strategies,
                directory_title,
                directory_columns,
                directory,
                page_furniture,
            },
        }
    }
}

/// The most characters of a section's heading (`めざす成果（概ね3～5年間を設定）`).
const HEADING_CHARS: usize = 24;

/// Where list items go as they are read.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    None,
    IssueSection,
    Aims,
    Targets,
    Approach,
    Measure,
}

/// Whether line `i` is a page's furniture: a page number (`- 2 -`, or a
/// number pushed far right), or the plan's name printed beside one (the
/// year before it or not), on the number's line (`令和3年度　中央区運営方針
/// - 5 -`, `中央区運営方針 - 5 -`: it had been read into the item above) or
/// on a line of its own, blank lines between or not, its year too where a
/// dump split it off (`令和3年度` / `中央区運営方針` / `-5-`).
fn is_page_furniture(lines: &[Line<'_>], i: usize) -> bool {
    let page_number = |l: &Line<'_>| l.is_page_number() || is_pushed_page_number(l);
    if page_number(&lines[i]) {
        return true;
    }
    let line = lines[i].trim();
    // The nearest lines with text above and below.
    let above = |i: usize| (0..i).rev().find(|&j| !lines[j].trim().is_empty());
    let below = |i: usize| (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
    let beside_page_number = |i: usize| {
        [above(i), below(i)]
            .into_iter()
            .flatten()
            .any(|j| page_number(&lines[j]))
    };
    let name_by_page_number = |i: usize| names_plan(lines[i].trim()) && beside_page_number(i);
    if names_plan(line) {
        return beside_page_number(i);
    }
    if is_fiscal_year(line) {
        return [above(i), below(i)]
            .into_iter()
            .flatten()
            .any(name_by_page_number);
    }
    words_and_page(line)
        .is_some_and(|beside| (beside.marked || beside.of.is_some()) && names_plan(beside.words))
}

/// Whether a line is a fiscal year alone (`令和3年度`, `平成30年度`).
fn is_fiscal_year(line: &str) -> bool {
    era::after_fiscal_year(line).is_some_and(|rest| rest.trim().is_empty())
}

/// Whether a line is a plan's name as a page's head or foot prints it
/// (`令和5年度　東成区運営方針`, `中央区運営方針`): the office's name, no
/// heading's bracket, no sentence about a year (`令和6年度に改定した…計画`),
/// no list item.
fn names_plan(line: &str) -> bool {
    let about_year = || {
        line.split_once("年度").is_some_and(|(_, rest)| {
            rest.trim_start_matches([' ', '　'])
                .starts_with(is_hiragana)
        })
    };
    // (The end first: most lines fail there.)
    (line.ends_with("運営方針") || line.ends_with("計画"))
        && line.contains('区')
        && !about_year()
        && !line.contains('。')
        && !is_item(line)
        && line.chars().count() <= HEADING_CHARS * 2
}

/// A ditto mark alone in a cell: the cell above, again.
fn is_ditto(cell: &str) -> bool {
    matches!(cell, "〃" | "同上" | "″" | "\"")
}

/// A directory's header: a line naming the telephone column, not a list's
/// item. Tabbed: no cell a sentence (`…(お電話でのお問合せは…)。`, a
/// continuation row), and two cells naming a directory's columns
/// (`担当⇥電話番号`, `部署名⇥電話番号⇥主な業務内容（お問い合わせ先）`), or
/// a telephone number under it in the row below (`窓口⇥電話番号⇥受付時間`) —
/// not a table of figures naming 電話相談 (`指標⇥電話相談件数⇥目標`), nor
/// `相談方法⇥電話⇥来所`, whose cells had been taken for the columns, the
/// line's text lost. Laid out with spaces: three or more short column
/// names, two of them a directory's.
fn is_directory_header(lines: &[Line<'_>], i: usize) -> bool {
    const WORDS: [&str; 9] = [
        "電話", "ファ", "FAX", "業務", "担当", "課", "係", "所属", "名称",
    ];
    let line = lines[i].trim();
    if !line.contains("電話") || is_item(line) {
        return false;
    }
    let names_a_column = |c: &str| WORDS.iter().any(|w| c.contains(w));
    if lines[i].has_tab() {
        let cells: Vec<&str> = cells(line).into_iter().filter(|c| !c.is_empty()).collect();
        let named = |c: &&str| {
            names_a_column(c)
                || ["番号", "内容", "事務", "部署"]
                    .iter()
                    .any(|w| c.contains(w))
        };
        return !cells
            .iter()
            .any(|c| c.ends_with('。') && !c.starts_with('※'))
            && (cells.iter().filter(|c| named(c)).count() >= 2 || phone_below(lines, i));
    }
    let runs = runs(line);
    (3..=MAX_COLUMNS).contains(&runs.len())
        && runs
            .iter()
            .all(|r| r.1.chars().count() <= 12 && !r.1.contains(['、', '。']))
        && runs.iter().filter(|r| names_a_column(r.1)).count() >= 2
}

/// Whether the row under line `i` — the next line with text, past page
/// furniture and a grouping line (`【本庁舎】`) — is tabbed and holds a
/// telephone number (six digits or more) in a cell.
fn phone_below(lines: &[Line<'_>], i: usize) -> bool {
    let mut j = next_text(lines, i);
    while let Some(k) = j.filter(|&k| is_page_furniture(lines, k)) {
        j = next_text(lines, k);
    }
    if let Some(k) = j.filter(|&k| !lines[k].has_tab() && lines[k].trim().starts_with('【')) {
        j = next_text(lines, k);
    }
    j.is_some_and(|j| {
        lines[j].has_tab()
            && cells(&lines[j])
                .iter()
                .any(|c| c.chars().filter(char::is_ascii_digit).count() >= 6)
    })
}

/// The next line with text after line `i`.
fn next_text(lines: &[Line<'_>], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty())
}

/// A line naming a directory (`城東区役所の業務一覧`, `…の連絡先`).
fn names_a_directory(line: &str) -> bool {
    line.contains("一覧")
        || ["業務", "連絡先", "名簿", "案内"]
            .iter()
            .any(|w| line.ends_with(w))
}

/// A heading of the plan's: an issue's, a strategy's, its measures' or a
/// measure's.
fn is_heading(line: &str) -> bool {
    ISSUE.is_match(line)
        || STRATEGY.is_match(line)
        || MEASURES.is_match(line)
        || MEASURE.is_match(line)
}

/// A note in parentheses alone on its line (`（令和6年4月現在）`).
fn is_note(line: &str) -> bool {
    line.starts_with(['(', '（']) && line.ends_with([')', '）'])
}

/// Whether line `i` is a tabbed table's row: three cells of text or more,
/// the first no item's mark (`・`, `ア`, `1`, `〇`, `(1)`), beside a line
/// (above or below) of three or more too — not an item or a target set
/// with tabs (`・⇥刑法犯認知件数…`, `ア⇥区民アンケートの実施⇥（年1回）`), nor
/// a wrap with one (`（令和4年度実績⇥1,350件）`, `⇥（令和4年度実績…）`), nor
/// a line of figures alone under a heading (`区民満足度⇥80%⇥（令和7年度）`).
fn is_table_row(lines: &[Line<'_>], i: usize) -> bool {
    let cells = |line: &Line<'_>| -> usize {
        if !line.has_tab() {
            return 0;
        }
        let mut cells = line.split('\t').map(str::trim).filter(|c| !c.is_empty());
        let first = cells.next().unwrap_or_default();
        let marked = is_item(first) || first.chars().count() == 1 || is_number_mark(first);
        match marked {
            true => 0,
            false => 1 + cells.count(),
        }
    };
    cells(&lines[i]) >= 3
        && [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .filter_map(|k| lines.get(k))
            .any(|line| cells(line) >= 3)
}

/// An item's number as a mark: `1`, `12.` (not a year, `2022`, nor a
/// strategy's number, `4-1`, which open a table's rows).
fn is_number_mark(cell: &str) -> bool {
    let digits = cell.strip_suffix('.').unwrap_or(cell);
    (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_item(line: &str) -> bool {
    line.starts_with("- ")
        || line.starts_with('・')
        || line.starts_with(|c: char| circled_number(c).is_some())
        || paren_number_marker(line).is_some()
}

/// The katakana that mark items, in the gojūon order and the iroha order.
const KANA_ORDERS: [&str; 2] = [
    "アイウエオカキクケコサシスセソタチツテトナニヌネノ",
    "イロハニホヘトチリヌルヲ",
];

/// How far above an item marked with katakana the item before it is
/// looked for, in lines.
const KANA_LOOKBACK: usize = 40;

/// Whether line `i` opens an item marked with katakana (`ア　…`, `イ．…`):
/// the next after an item marked so in the lines above; or the first of
/// its order under a line that ends in no katakana — not the rest of a
/// word a wrap cut (`…区民アンケー` / `ト 令和6年度…`, `…ボランティ` /
/// `ア 令和6年度…`).
fn kana_item(lines: &[Line<'_>], i: usize) -> bool {
    let Some(mark) = katakana_marker(lines[i].trim()).and_then(|(m, _)| m.chars().next()) else {
        return false;
    };
    // The marks an item before it would carry, and whether it is the first
    // of an order.
    let mut before = Vec::new();
    let mut first = false;
    for order in KANA_ORDERS {
        let chars: Vec<char> = order.chars().collect();
        match chars.iter().position(|&c| c == mark) {
            Some(0) => first = true,
            Some(at) => before.push(chars[at - 1]),
            None => {}
        }
    }
    let follows = lines[i.saturating_sub(KANA_LOOKBACK)..i].iter().any(|l| {
        katakana_marker(l.trim())
            .and_then(|(m, _)| m.chars().next())
            .is_some_and(|m| before.contains(&m))
    });
    let cut_word = lines[..i]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| l.trim().chars().next_back())
        .is_some_and(|c| is_katakana(c) || c == 'ー');
    follows || first && !cut_word
}

fn section(line: &str) -> ListSection {
    match NOTE.captures(line) {
        Some(c) => ListSection {
            title: c[1].trim().to_owned(),
            note: Some(c[2].trim().to_owned()),
            items: Vec::new(),
        },
        None => ListSection {
            title: line.to_owned(),
            note: None,
            items: Vec::new(),
        },
    }
}

/// An item line as printed: its prefix, marker and text.
fn printed(item: &ListItem) -> String {
    [
        item.prefix.as_deref(),
        item.marker.as_deref(),
        Some(item.text.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Claims item line `i` as `printed` where the item was placed; otherwise
/// leaves it to `unassigned`, noted in `stray`.
fn claim_or_stray(
    ledger: &mut Ledger<'_>,
    i: usize,
    printed: &str,
    placed: bool,
    stray: &mut Vec<usize>,
) {
    if placed {
        ledger.claim([i], printed);
    } else {
        stray.push(i);
    }
}

/// Splits an item line into markdown debris, marker and text.
fn read_item(lines: &[Line<'_>], i: usize) -> ListItem {
    let line = lines[i].trim();
    let (prefix, rest) = match PREFIX.captures(line) {
        Some(c) => (Some(c[1].trim().to_owned()), &line[c[0].len()..]),
        None => (None, line),
    };
    let first = rest.chars().next();
    let (marker, text) = match first {
        Some(c) if c == '・' || circled_number(c).is_some() => {
            (Some(c.to_string()), rest[c.len_utf8()..].trim())
        }
        _ => match paren_number_marker(rest) {
            Some((number, text)) => (Some(format!("({number})")), text.trim()),
            None => match katakana_marker(rest).filter(|_| kana_item(lines, i)) {
                Some((mark, text)) => (Some(mark.to_owned()), text),
                None => (None, rest),
            },
        },
    };
    ListItem {
        prefix,
        marker,
        text: text.to_owned(),
        lines: span(i, i),
    }
}

/// Whether the item found a section to go into.
fn push_item(section: Option<&mut ListSection>, item: ListItem, new: bool) -> bool {
    push_into(section.map(|s| &mut s.items), item, new)
}

/// A new item, or a line continuing the last one (a source note in
/// parentheses, a detail line under ①); false where there is no list to
/// put it in.
fn push_into(items: Option<&mut Vec<ListItem>>, item: ListItem, new: bool) -> bool {
    let Some(items) = items else {
        return false;
    };
    match items.last_mut() {
        Some(last) if !new => {
            // In place: rebuilding the text for each line made an item of
            // many lines quadratic.
            if continues_clause(&last.text, &item.text) {
                append_wrapped(&mut last.text, &item.text);
            } else {
                last.text.push('\n');
                last.text.push_str(&item.text);
            }
            last.lines.end = item.lines.end;
        }
        _ => items.push(item),
    }
    true
}

/// The most lines of a target read again whole as a line is added to it:
/// a target's metric, figure and deadline come in its first lines; past
/// that, a line is added as it is. (Read again for each of thousands of
/// lines, a target had made the plan quadratic: 8 s for 20,000 lines.)
const MAX_TARGET_REREAD_LINES: usize = 32;

/// Appends a wrapped line to the last target and reads the target again
/// whole: a wrap may part its deadline (`令和7年` / `度末までに…`) or its
/// figure (`累計15` / `件以上`). False where there is no target yet.
fn append_target(targets: &mut [Target], item: ListItem) -> bool {
    match targets.last_mut() {
        Some(t) if t.lines.end - t.lines.start >= MAX_TARGET_REREAD_LINES => {
            join_wrapped_onto(&mut t.text, &item.text);
            t.lines.end = item.lines.end;
        }
        Some(t) => {
            let mut text = std::mem::take(&mut t.text);
            join_wrapped_onto(&mut text, &item.text);
            *t = read_target(ListItem {
                prefix: t.prefix.take(),
                marker: t.marker.take(),
                text,
                lines: LineSpan {
                    start: t.lines.start,
                    end: item.lines.end,
                },
            });
        }
        None => return false,
    }
    true
}

/// Where a directory's fields are among its columns: as its header names
/// them (`電話番号`, `ファックス番号`, `主な業務内容`), in the order the
/// plans print them where it does not (section, unit, phone, fax, duties).
#[derive(Debug, Clone, Copy)]
struct DirectoryColumns {
    unit: Option<usize>,
    phone: Option<usize>,
    fax: Option<usize>,
}

impl DirectoryColumns {
    fn named(header: &[String]) -> DirectoryColumns {
        let find = |words: &[&str]| {
            header
                .iter()
                .position(|c| words.iter().any(|w| c.contains(w)))
        };
        let phone = find(&["電話"]);
        let fax = find(&["ファックス", "ファクス", "FAX", "Fax"]);
        let duties = find(&["業務", "内容", "事務"]);
        if phone.is_none() {
            return DirectoryColumns {
                unit: Some(1),
                phone: Some(2),
                fax: Some(3),
            };
        }
        // The unit's column: the second, unless it is one of the others.
        let unit = Some(1).filter(|&k| ![phone, fax, duties].contains(&Some(k)));
        DirectoryColumns { unit, phone, fax }
    }
}

/// A directory's columns, and where they start when the table is laid out
/// with spaces (`None`: tabbed).
struct Table<'s> {
    columns: DirectoryColumns,
    starts: Option<&'s [usize]>,
}

impl Table<'_> {
    /// The cells of a row of the table; `None` where the table has ended
    /// (a line not tabbed, or, laid out with spaces, a line that does not
    /// fit the header's columns: see [`row_under`]).
    fn row(&self, line: &Line<'_>) -> Option<Vec<String>> {
        match self.starts {
            None => line
                .has_tab()
                .then(|| cells(line).into_iter().map(str::to_owned).collect()),
            Some(starts) => row_under(starts, line),
        }
    }
}

/// Where a directory's rows go: its entries, and the page furniture
/// printed between them.
struct Directory<'o> {
    entries: &'o mut Vec<DirectoryEntry>,
    furniture: &'o mut Vec<Fragment>,
}

fn parse_directory(
    lines: &[Line<'_>],
    from: usize,
    table: Table<'_>,
    ledger: &mut Ledger<'_>,
    directory: Directory<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let columns = table.columns;
    let out = directory.entries;
    let mut section = String::new();
    let mut i = from;
    while let Some(line) = lines.get(i) {
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        // A page broke the table: its number and head are the page's.
        if is_page_furniture(lines, i) {
            ledger.set_aside(i, directory.furniture);
            i += 1;
            continue;
        }
        let Some(cells) = table.row(line) else { break };
        let first = cells.first().map_or("", String::as_str);
        if !first.is_empty() && !is_ditto(first) {
            section = first.to_owned();
        }
        // A ditto mark (`〃`, `同上`) repeats the cell above it.
        let above = out.last();
        let cell = |k: Option<usize>| -> &str {
            let text = k.and_then(|k| cells.get(k)).map_or("", String::as_str);
            if !is_ditto(text) {
                return text;
            }
            match (k, above) {
                (Some(0), _) => section.as_str(),
                (_, Some(above)) if k == columns.unit => above.unit.as_str(),
                (_, Some(above)) if k == columns.phone => above.phone.as_deref().unwrap_or(""),
                (_, Some(above)) if k == columns.fax => above.fax.as_deref().unwrap_or(""),
                _ => text,
            }
        };
        // Every other column's text is the duties' (a column the header
        // names otherwise too: no text is left out).
        let fields = [Some(0), columns.unit, columns.phone, columns.fax];
        let duties = (0..cells.len())
            .filter(|k| !fields.contains(&Some(*k)))
            .map(|k| cells[k].as_str())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let no_name_or_phone = cell(columns.unit).is_empty()
            && cell(columns.phone).is_empty()
            && cell(Some(0)).is_empty();
        let continuation = no_name_or_phone && cell(columns.fax).is_empty();
        if continuation && out.is_empty() {
            // More duties of no unit: left unassigned (the message alone
            // had held it, or not even that, coverage 1.0).
            diagnostics.push(Diagnostic::at_lines(
                Level::Warning,
                DiagnosticCode::StrayText,
                "a continuation row before the first directory entry".into(),
                span(i, i),
            ));
            i += 1;
            continue;
        }
        ledger.claim([i], &cells.concat());
        if continuation {
            // A continuation row: more duties of the unit above.
            if let Some(entry) = out.last_mut() {
                entry.duties.push(duties);
                entry.lines.end = i + 1;
            }
        } else {
            // A row of a fax column and duties only: a second fax of the
            // unit above, or a unit's row whose name and telephone were
            // left out. An entry of its own, said (the fax had been
            // dropped as a continuation's, coverage 1.0).
            if no_name_or_phone {
                let printed = columns
                    .fax
                    .and_then(|k| cells.get(k))
                    .map_or("", String::as_str);
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousLine,
                    format!(
                        "a directory row with 「{printed}」 in its fax column but no section, \
                         unit or telephone: read as an entry of its own, though it may \
                         belong to the unit above"
                    ),
                    span(i, i),
                ));
            }
            let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            let entry = DirectoryEntry {
                section: section.clone(),
                unit: cell(columns.unit).to_owned(),
                phone: optional(cell(columns.phone)),
                fax: optional(cell(columns.fax)),
                duties: vec![duties].into_iter().filter(|d| !d.is_empty()).collect(),
                lines: span(i, i),
            };
            if let Some(why) = entry_doubt(&entry) {
                diagnostics.push(Diagnostic::at_lines(
                    Level::Warning,
                    DiagnosticCode::AmbiguousLine,
                    why,
                    entry.lines,
                ));
            }
            out.push(entry);
        }
        i += 1;
    }
    i
}

/// Why a directory entry's fields look misread: a telephone or fax field
/// that is no number, or a unit that is one (the columns were taken amiss).
fn entry_doubt(entry: &DirectoryEntry) -> Option<String> {
    // A number opens with a digit and holds six or more (`06-4394-9625`,
    // `06-4394-9625(内線211)`, `06-4394-9963・9964`).
    let number = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_digit() || c == '(')
            && s.chars().filter(char::is_ascii_digit).count() >= 6
    };
    // (No number: a dash or なし.)
    let none = |s: &str| matches!(s, "-" | "―" | "—" | "‐" | "−" | "ー" | "なし");
    let fields = [
        ("phone", entry.phone.as_deref()),
        ("fax", entry.fax.as_deref()),
    ];
    let not_a_number = fields
        .iter()
        .filter_map(|(name, value)| Some((name, (*value)?)))
        .find(|(_, value)| !number(value) && !none(value) && !is_ditto(value));
    match not_a_number {
        Some((name, value)) => Some(format!(
            "the directory entry's {name} 「{value}」 is no telephone number: its columns may be misread"
        )),
        None => number(&entry.unit).then(|| {
            format!(
                "the directory entry's unit 「{}」 is a telephone number: its columns may be misread",
                entry.unit
            )
        }),
    }
}

/// Units a target or baseline figure may carry, longest first where one
/// starts another.
const UNITS: [&str; 13] = [
    "%", "件", "人", "回", "か所", "箇所", "倍", "日", "分", "割", "時間", "世帯", "団体",
];

/// A figure with an optional unit (checked against [`UNITS`]) and how it
/// bounds the outcome: `80%以上`.
static VALUE: Lazy<Regex> = lazy_regex!(
    r"([0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?:\.[0-9０-９]+)?|[0-9０-９]+(?:\.[0-9０-９]+)?)\s*([^0-9０-９]{0,2}?)\s*(以上|以下|以内|未満|超)"
);
/// A figure the target ends on, bounded by no word: `…までに100%`,
/// `…を100%とする`.
static BARE_VALUE: Lazy<Regex> = lazy_regex!(
    r"([0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?:\.[0-9０-９]+)?|[0-9０-９]+(?:\.[0-9０-９]+)?)\s*([^0-9０-９]{0,2}?)\s*(?:とする|にする|を目指す)?\s*$"
);
/// A quoted target that is not a number: `「2つ星」(…)以上`.
static VALUE_TEXT: Lazy<Regex> =
    lazy_regex!(r"「([^」]+)」\s*(?:\([^()]*\))?\s*(以上|以下|未満|超)");
/// A deadline: `平成29年度末`, `令和2年度` (any era; [`era`] checks the name),
/// `R5年度`, `2023年度末`.
static DEADLINE: Lazy<Regex> =
    lazy_regex!(r"(\p{Han}{2}|[RHSＲＨＳ])?\s*(元|[0-9０-９]{1,4})\s*年度(末)?");
/// A baseline in parentheses at the end: `(格付けアンケート:平成27年度実績 80.0%)`,
/// also with no source (`(令和4年度実績:延べ420人)`).
static BASELINE: Lazy<Regex> = lazy_regex!(
    r"\((?:([^():]*?)\s*:\s*)?((\p{Han}{2}|[RHSＲＨＳ])?\s*(元|[0-9０-９]{1,4})\s*年度実績\s*:?\s*(.+?))\)\s*$"
);
/// A target relative to an earlier figure: `前年度より半減させる`.
static RELATIVE: Lazy<Regex> = lazy_regex!(
    r"(前年度|前年|昨年度|基準年度)(より|比で?|から)\s*([^、。()]+?)(?:させる|する|とする|を目指す)"
);

fn comparator(word: &str) -> Comparator {
    match word {
        "以上" => Comparator::AtLeast,
        "以下" | "以内" => Comparator::AtMost,
        "未満" => Comparator::LessThan,
        _ => Comparator::MoreThan,
    }
}

/// A unit as printed after a figure: one of [`UNITS`], or none.
fn unit(text: &str) -> Option<Option<String>> {
    match text {
        "" => Some(None),
        unit if UNITS.contains(&unit) => Some(Some(unit.to_owned())),
        _ => None,
    }
}

/// Reads a target sentence: `…区民の割合 平成29年度末までに80%以上
/// (格付けアンケート:平成27年度実績 80.0%)`.
fn read_target(item: ListItem) -> Target {
    let text = item.text.clone();
    let (body, baseline) = match BASELINE.captures(&text) {
        Some(c) => {
            let figure = c[5].trim();
            let (value, value_text, unit) = read_figure(figure);
            let baseline = Baseline {
                printed: c[2].trim().to_owned(),
                source: c
                    .get(1)
                    .map(|m| m.as_str().trim().to_owned())
                    .filter(|s| !s.is_empty()),
                fiscal_year: era::printed_gregorian(c.get(3).map_or("", |m| m.as_str()), &c[4]),
                value,
                value_text,
                unit,
            };
            (
                text[..c.get(0).map_or(text.len(), |m| m.start())].to_owned(),
                Some(baseline),
            )
        }
        None => (text.clone(), None),
    };
    let deadline = DEADLINE.captures_iter(&body).find_map(|c| {
        let at = c.get(0)?;
        // (Two kanji before a Gregorian year are the metric's words, not
        // an era: `訓練参加者数　2023年度末`.)
        let era = c.get(1).map_or("", |m| m.as_str());
        let (start, fiscal_year) = match era::printed_gregorian(era, &c[2]) {
            Some(year) => (at.start(), year),
            None => (c.get(2)?.start(), era::printed_gregorian("", &c[2])?),
        };
        let deadline = Deadline {
            printed: body[start..at.end()].to_owned(),
            fiscal_year,
            point: match c.get(3) {
                Some(_) => DeadlinePoint::End,
                None => DeadlinePoint::Year,
            },
        };
        Some((start, deadline))
    });
    let (mut value, mut value_text, mut unit, mut comp) = (None, None, None, None);
    let figure = VALUE
        .captures_iter(&body)
        .find_map(|c| Some((number(&c[1]), self::unit(&c[2])?, comparator(&c[3]))));
    if let Some((v, u, c)) = figure {
        (value, unit, comp) = (v, u, Some(c));
    } else if let Some(c) = VALUE_TEXT.captures(&body) {
        value_text = Some(c[1].to_owned());
        comp = Some(comparator(&c[2]));
    } else if let Some((v, u)) = BARE_VALUE
        .captures(&body)
        .and_then(|c| Some((number(&c[1]), self::unit(&c[2])?)))
        .filter(|(_, u)| u.is_some())
    {
        // (With a unit: a bare number ending a target may be a year's.)
        (value, unit) = (v, u);
    }
    let relative = RELATIVE
        .captures(&body)
        .map(|c| format!("{}{}{}", &c[1], &c[2], &c[3]));
    // What is measured: the words before the deadline (or before the
    // relative phrase, or the figure where the deadline follows it:
    // `割合を5割以上にする（令和5年度）`), without a trailing particle.
    let figure_at = VALUE
        .captures_iter(&body)
        .find(|c| self::unit(&c[2]).is_some())
        .and_then(|c| c.get(0))
        .map(|m| m.start());
    let cut = [
        deadline.as_ref().map(|(at, _)| *at),
        RELATIVE.find(&body).map(|m| m.start()),
        figure_at,
    ]
    .into_iter()
    .flatten()
    .min();
    let metric = cut
        .map(|at| {
            body[..at]
                .trim_end_matches(['を', 'は', 'が', ' ', '、', ','])
                .trim()
                .to_owned()
        })
        .filter(|m| !m.is_empty());
    Target {
        prefix: item.prefix,
        marker: item.marker,
        text,
        metric,
        value,
        value_text,
        unit,
        comparator: comp,
        relative,
        deadline: deadline.map(|(_, d)| d),
        baseline,
        lines: item.lines,
    }
}

/// A figure as printed, thousands set apart by commas or not (`1,200`).
fn number(printed: &str) -> Option<f64> {
    printed.replace(',', "").parse().ok()
}

/// Why a target's figures are in doubt: two figures with a comparator, or
/// two fiscal years, in one target (a baseline at its end aside) (`毎年2%以上向上させ、令和7年度末までに
/// 85%以上とする`), of which the first is read.
fn target_doubt(text: &str) -> Option<String> {
    // (A baseline in parentheses at the end has a year of its own.)
    let body = match text.rfind('(') {
        Some(at) if text[at..].contains("実績") => &text[..at],
        _ => text,
    };
    let figures = VALUE.find_iter(body).count();
    let years = DEADLINE.find_iter(body).count();
    (figures > 1 || years > 1).then(|| {
        format!(
            "the target 「{text}」 names {figures} figures and {years} fiscal years: the first \
             of each is read as its value and deadline"
        )
    })
}

fn read_figure(figure: &str) -> (Option<f64>, Option<String>, Option<String>) {
    // (A count may say how it counts first: `累計4件`, `延べ420人`.)
    static NUMBER: Lazy<Regex> = lazy_regex!(
        r"^(?:累計|延べ|年間|約)?\s*([0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?:\.[0-9０-９]+)?|[0-9０-９]+(?:\.[0-9０-９]+)?)\s*([^0-9０-９]{0,2})$"
    );
    let number = NUMBER
        .captures(figure)
        .and_then(|c| Some((number(&c[1]), unit(&c[2])?)));
    match number {
        Some((value, unit)) => (value, None, unit),
        None => (
            None,
            Some(figure.trim_matches(['「', '」']).to_owned()),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(text: &str) -> Target {
        read_target(ListItem {
            prefix: Some("-".into()),
            marker: Some("・".into()),
            text: text.into(),
            lines: span(0, 0),
        })
    }

    #[test]
    fn percentage_target_with_deadline_and_baseline() {
        let t =
            target("来庁者の割合 平成29年度末までに80%以上(格付けアンケート:平成27年度実績 80.0%)");
        assert_eq!(t.metric.as_deref(), Some("来庁者の割合"));
        assert_eq!(
            (t.value, t.unit.as_deref(), t.comparator),
            (Some(80.0), Some("%"), Some(Comparator::AtLeast))
        );
        let d = t.deadline.unwrap();
        assert_eq!(
            (d.printed.as_str(), d.fiscal_year, d.point),
            ("平成29年度末", 2017, DeadlinePoint::End)
        );
        let b = t.baseline.unwrap();
        assert_eq!(
            (
                b.source.as_deref(),
                b.fiscal_year,
                b.value,
                b.unit.as_deref()
            ),
            (Some("格付けアンケート"), Some(2015), Some(80.0), Some("%"))
        );
    }

    /// rev76 mp03: `1,200件` was read as 200; a target naming two figures
    /// or two years took the first of each, ok.
    #[test]
    fn figures_with_thousands_and_targets_in_doubt() {
        let t = target("オンライン申請件数 令和7年度までに年間1,200件以上");
        assert_eq!((t.value, t.unit.as_deref()), (Some(1200.0), Some("件")));
        let t = target("参加者数 令和7年度末までに延べ4,000人以上(令和4年度実績:3,200人)");
        assert_eq!(t.value, Some(4000.0));
        assert_eq!(target_doubt(&t.text), None);
        for doubtful in [
            "割合を令和元年度の実績から毎年2%以上向上させ、令和7年度末までに85%以上とする",
            "平成28年度に開始した制度の登録者数を令和7年度末までに500人以上",
        ] {
            assert!(target_doubt(doubtful).is_some(), "{doubtful}");
        }
    }

    /// rev78 mp22: a baseline with no source before its year
    /// (`(令和4年度実績:累計4件)`) is a baseline, and a count that says how
    /// it counts (`累計`, `延べ`) is its figure.
    #[test]
    fn a_baseline_needs_no_source() {
        let t = target("新規出店数 令和7年度までに累計15件以上(令和4年度実績:累計4件)");
        assert_eq!((t.value, t.unit.as_deref()), (Some(15.0), Some("件")));
        let b = t.baseline.expect("a baseline");
        assert_eq!(
            (b.source, b.fiscal_year, b.value, b.unit.as_deref()),
            (None, Some(2022), Some(4.0), Some("件"))
        );
        let b =
            target("参加者数 令和7年度までに延べ600人以上(区民アンケート:令和4年度実績 延べ420人)")
                .baseline
                .expect("a baseline");
        assert_eq!(
            (b.source.as_deref(), b.value),
            (Some("区民アンケート"), Some(420.0))
        );
    }

    /// helper-123: a deadline in Gregorian years or by an era's initial
    /// (`2023年度末`, `R5年度`) had been no deadline, and a figure in 割 or
    /// bounded by 以内 no figure; a deadline after the figure had left the
    /// figure in the metric (`…割合を5割以上にする(`).
    #[test]
    fn targets_in_gregorian_years_and_more_units() {
        let t = target("訓練参加者数　2023年度末までに3,000人以上(2020年度実績　1,850人)");
        assert_eq!(t.metric.as_deref(), Some("訓練参加者数"));
        let d = t.deadline.unwrap();
        assert_eq!(
            (d.printed.as_str(), d.fiscal_year, d.point),
            ("2023年度末", 2023, DeadlinePoint::End)
        );
        assert_eq!(t.baseline.and_then(|b| b.fiscal_year), Some(2020));
        let t = target("傍聴者数　R5年度までに120人以上(H30年度実績　64人)");
        assert_eq!(t.deadline.map(|d| d.fiscal_year), Some(2023));
        assert_eq!(t.baseline.and_then(|b| b.fiscal_year), Some(2018));
        let t = target("満足した来庁者の割合を5割以上にする(令和5年度)");
        assert_eq!(t.metric.as_deref(), Some("満足した来庁者の割合"));
        assert_eq!((t.value, t.unit.as_deref()), (Some(5.0), Some("割")));
        assert_eq!(t.deadline.map(|d| d.fiscal_year), Some(2023));
        let t = target("平均待ち時間　令和5年度末までに15分以内");
        assert_eq!(
            (t.value, t.unit.as_deref(), t.comparator),
            (Some(15.0), Some("分"), Some(Comparator::AtMost))
        );
        // A figure the target ends on, bounded by no word.
        let t = target("接遇研修の受講率　令和5年度末までに100%(令和3年度実績 76%)");
        assert_eq!(
            (t.value, t.unit.as_deref(), t.comparator),
            (Some(100.0), Some("%"), None)
        );
        // A year too small or too large for the calendar is no deadline.
        assert!(target("参加者数　3年度までに10人以上").deadline.is_none());
    }

    /// A strategy's approach items and the page furniture of `text`.
    fn approach(text: &str) -> (Vec<String>, Vec<String>, bool) {
        let p = crate::parse(text);
        let Content::ManagementPlan {
            strategies,
            page_furniture,
            ..
        } = &p.content
        else {
            panic!("{:?}", p.content)
        };
        let items = strategies
            .iter()
            .flat_map(|s| s.approach.iter().flat_map(|a| &a.items))
            .map(|i| i.text.clone())
            .collect();
        let furniture = page_furniture.iter().map(|f| f.text.clone()).collect();
        (
            items,
            furniture,
            p.unassigned.is_empty() && p.diagnostics.is_empty(),
        )
    }

    /// helper-123: the plan's name printed with the page's number, on one
    /// line or, in a plain `pdftotext` dump, over three (`令和3年度` /
    /// `中央区運営方針` / `-5-`), had been read into the item above it, ok.
    #[test]
    fn the_plans_name_beside_a_page_number_is_furniture() {
        for foot in [
            "中央区運営方針　- 5 -",
            "令和3年度　中央区運営方針　- 5 -",
            "令和3年度\n\n中央区運営方針\n\n-5-",
        ] {
            let (items, furniture, clean) = approach(&format!(
                "【戦略3-1】子育て支援\n\n戦略\n\n・子育てサロンと連携する。\n\n{foot}\n\n\
                 【戦略3-2】健康づくり\n\n戦略\n\n・健康講座を開催する。\n"
            ));
            assert_eq!(
                items,
                ["子育てサロンと連携する。", "健康講座を開催する。"],
                "{foot}"
            );
            assert_eq!(furniture.concat(), foot.replace('\n', ""), "{foot}");
            assert!(clean, "{foot}");
        }
        // A sentence about a year beside a page number is no plan's name.
        assert!(!names_plan("令和6年度に改定した区の計画"));
        assert!(names_plan("中央区運営方針"));
    }

    /// helper-123: an item's line that goes on with the clause above it is
    /// a wrap (`…連携して、` / `相談の機会を増やす。`, `…上回って` /
    /// `いる。`); a source note or a detail line keeps its break.
    #[test]
    fn an_items_wrapped_clause_is_joined() {
        let (items, _, _) = approach(
            "【戦略3-1】子育て支援\n\n戦略\n\n\
             ・子育て情報を発信するとともに、地域と連携して、\n相談の機会を増やす。\n\
             ・転出が転入を上回って\nいる。\n\
             ・区政会議を効果的に運営\n区政会議本会(年3回)\n\
             ・満足度 26.4%\n(平成27年度アンケート)\n\n\
             【戦略3-2】健康づくり\n\n戦略\n\n・健康講座を開催する。\n",
        );
        assert_eq!(
            items,
            [
                "子育て情報を発信するとともに、地域と連携して、相談の機会を増やす。",
                "転出が転入を上回っている。",
                "区政会議を効果的に運営\n区政会議本会(年3回)",
                "満足度 26.4%\n(平成27年度アンケート)",
                "健康講座を開催する。",
            ]
        );
    }

    /// helper-133: measures marked with katakana (`ア　…` / `イ　…`) had
    /// been one item without a marker, ok; a word's first letter
    /// (`アンケート`) marks none.
    #[test]
    fn katakana_marks_measures_items() {
        let p = crate::parse(
            "【戦略1-1】防犯力の向上\n\n戦略1-1の具体的取組\n\n【1-1-1 防犯パトロールの支援】\n\n\
             ア　青色防犯パトロールの実施\nイ．防犯カメラの設置補助\nアンケートの実施\n\n\
             【戦略1-2】防災力の向上\n",
        );
        let Content::ManagementPlan { strategies, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let items: Vec<(Option<&str>, &str)> = strategies[0].measures[0]
            .items
            .iter()
            .map(|i| (i.marker.as_deref(), i.text.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                (Some("ア"), "青色防犯パトロールの実施"),
                (Some("イ."), "防犯カメラの設置補助\nアンケートの実施"),
            ]
        );
        assert!(p.unassigned.is_empty() && p.diagnostics.is_empty());
        // helper-136: a target cut inside a katakana word (`…アンケー` /
        // `ト 令和6年度…`) is one target: `ト` follows no `テ` item.
        let p = crate::parse(
            "【戦略1-1】窓口サービスの向上\n\n《成果目標》\n\n\
             ・ 窓口サービスの満足度を示す区民アンケー\nト 令和6年度末までに90%以上（令和4年度実績 85%）\n\n\
             【戦略1-2】防災力の向上\n",
        );
        let Content::ManagementPlan { strategies, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        assert_eq!(strategies[0].targets.len(), 1);
        assert_eq!(strategies[0].targets[0].value, Some(90.0));
        // helper-137: nor `ア` under a word cut before it (`…ボランティ` /
        // `ア 令和6年度…`).
        let p = crate::parse(
            "【戦略1-1】地域の見守り\n\n《成果目標》\n\n\
             ・ 地域の見守り活動に参加する区民ボランティ\nア 令和6年度末までに延べ500人以上（令和4年度実績 420人）\n\n\
             【戦略1-2】防災力の向上\n",
        );
        let Content::ManagementPlan { strategies, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        assert_eq!(strategies[0].targets.len(), 1);
        assert_eq!(strategies[0].targets[0].value, Some(500.0));
    }

    /// helper-133: a table of the targets' figures under them
    /// (`指標⇥目標値⇥実績値`) had joined the target's text, tabs and all,
    /// and the target read again had lost its baseline, ok. It is left
    /// unassigned, said; the target keeps its baseline.
    #[test]
    fn a_table_under_the_targets_is_no_targets_wrap() {
        let p = crate::parse(
            "【戦略1-1】防犯力の向上\n\n《成果目標》\n\n\
             - ・ 刑法犯認知件数 令和6年度末までに1,200件以下（令和4年度実績 1,350件）\n\n\
             指標\t目標値\t実績値\n刑法犯認知件数\t1,200件\t1,350件\n\n【戦略1-2】防災力の向上\n",
        );
        let Content::ManagementPlan { strategies, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let target = &strategies[0].targets[0];
        assert_eq!(
            target.text,
            "刑法犯認知件数 令和6年度末までに1,200件以下(令和4年度実績 1,350件)"
        );
        assert_eq!(target.baseline.as_ref().and_then(|b| b.value), Some(1350.0));
        let unassigned: Vec<&str> = p.unassigned.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            unassigned,
            ["指標\t目標値\t実績値\n刑法犯認知件数\t1,200件\t1,350件"]
        );
        // helper-135: a target set with a tab after its mark, or its wrap
        // indented with one, is the target's, its baseline read.
        for tabbed in [
            "・\t刑法犯認知件数 令和6年度末までに1,200件以下（令和4年度実績 1,350件）\n",
            "・ 刑法犯認知件数 令和6年度末までに1,200件以下\n\t（令和4年度実績 1,350件）\n",
            // helper-136: a tab inside the wrap, no table beside it.
            "・ 刑法犯認知件数 令和6年度末までに1,200件以下\n（令和4年度実績\t1,350件）\n",
        ] {
            let p = crate::parse(&format!(
                "【戦略1-1】防犯力の向上\n\n《成果目標》\n\n{tabbed}\n【戦略1-2】防災力の向上\n"
            ));
            let Content::ManagementPlan { strategies, .. } = &p.content else {
                panic!("{:?}", p.content)
            };
            let target = &strategies[0].targets[0];
            assert_eq!(target.baseline.as_ref().and_then(|b| b.value), Some(1350.0));
            assert!(p.unassigned.is_empty(), "{tabbed}: {:?}", p.unassigned);
        }
    }

    /// helper-135: a second heading over a section without text yet
    /// (`《めざす状態》` / `めざす状態（概ね3年後）`) had replaced the first,
    /// its text out of the document, coverage 1.0: the first stays, the
    /// second is left unassigned, and the items are the section's.
    #[test]
    fn a_second_heading_over_an_empty_section_is_not_lost() {
        let p = crate::parse(
            "【戦略1-1】防犯力の向上\n\n《めざす状態》\nめざす状態（概ね3年後）\n\n\
             ・ 地域の防犯力が高まっている状態\n\n《成果目標》\n成果目標（概ね3年間）\n\n\
             ・ 刑法犯認知件数 令和6年度末までに1,200件以下（令和4年度実績 1,350件）\n\n\
             【戦略1-2】防災力の向上\n",
        );
        let Content::ManagementPlan { strategies, .. } = &p.content else {
            panic!("{:?}", p.content)
        };
        let aims = strategies[0].aims.as_ref().unwrap();
        assert_eq!(
            (aims.title.as_str(), aims.items.len()),
            ("《めざす状態》", 1)
        );
        assert_eq!(
            strategies[0].targets_heading.as_deref(),
            Some("《成果目標》")
        );
        assert_eq!(strategies[0].targets.len(), 1);
        let unassigned: Vec<&str> = p.unassigned.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(unassigned, ["めざす状態(概ね3年後)", "成果目標(概ね3年間)"]);
        assert_eq!(p.coverage.chars_accounted, p.coverage.chars_in);
    }

    /// helper-138: a directory row of a fax number and duties only had
    /// been read as a continuation row, its fax dropped (coverage 1.0, ok):
    /// it is an entry of its own, said. A row whose duties say 電話 is no
    /// header, nor is the line above it a second title (it had replaced the
    /// first); a continuation row before any entry is left unassigned.
    #[test]
    fn a_directorys_rows_keep_their_text() {
        const HEAD: &str = "経営課題１\n\n区民に信頼される区役所づくり\n\n\
                            【戦略1-1】 窓口サービスの向上\n\n区役所の業務一覧\n\n\
                            担当名\t\t電話番号\tファックス番号\t主な業務内容\n";
        let directory = |text: &str| {
            let p = crate::parse(&format!("{HEAD}{text}"));
            let Content::ManagementPlan {
                directory_title,
                directory,
                ..
            } = p.content
            else {
                panic!("{:?}", p.content)
            };
            let unassigned: Vec<String> = p.unassigned.into_iter().map(|u| u.text).collect();
            let warned = p.diagnostics.iter().any(|d| d.level == Level::Warning);
            (directory_title, directory, unassigned, warned)
        };
        let (_, entries, unassigned, warned) = directory(
            "総務課\t総合企画\t06-1111-1111\t06-2222-2222\t広報に関すること。\n\
             \t\t\t06-4444-4444\t住民登録に関すること。\n",
        );
        let faxes: Vec<_> = entries.iter().map(|e| e.fax.as_deref()).collect();
        assert_eq!(faxes, [Some("06-2222-2222"), Some("06-4444-4444")]);
        assert_eq!(entries[1].duties, ["住民登録に関すること。"]);
        assert!(unassigned.is_empty() && warned);

        let (title, entries, unassigned, warned) = directory(
            "総務課\t総合企画\t06-1111-1111\t06-2222-2222\t広報に関すること。\n\
             （令和6年4月現在）\n\
             \t\t\t\t諸証明の発行に関すること。(お電話でのお問合せは市税事務所まで)\n",
        );
        assert_eq!(title.as_deref(), Some("区役所の業務一覧"));
        assert_eq!(entries.len(), 1);
        assert_eq!(
            unassigned,
            [
                "(令和6年4月現在)\n\t\t\t\t諸証明の発行に関すること。(お電話でのお問合せは市税事務所まで)"
            ]
        );
        assert!(warned);

        let (_, entries, unassigned, warned) = directory("\t\t\t\t諸証明の発行に関すること。\n");
        assert!(entries.is_empty());
        assert_eq!(unassigned, ["\t\t\t\t諸証明の発行に関すること。"]);
        assert!(warned);
    }

    /// helper-139: a header cell longer than a name (`主な業務内容（お問い合わせ
    /// 先）`) is a header's still (the directory had joined a measure's
    /// item, ok); a note under the title (`（令和6年4月現在）`) is the
    /// title's; a second title, after another strategy's measures, is left
    /// unassigned (it had joined the last measure's item, ok).
    #[test]
    fn a_directorys_header_and_title() {
        let plan = |title: &str, header: &str| {
            crate::parse(&format!(
                "経営課題１\n\n区民に信頼される区役所づくり\n\n\
                 【戦略1-1】 窓口サービスの向上\n\n戦略1-1の具体的取組\n\n\
                 【1-1-1 案内の充実】\n\n・ 案内表示を見直す。\n\n{title}\n\n{header}\n\
                 総務課\t総合企画\t06-1111-1111\t06-2222-2222\t広報に関すること。\n"
            ))
        };
        // The directory's title and size, and the first item of strategy
        // `s`'s first measure.
        let read = |p: &crate::Parsed, s: usize| {
            let Content::ManagementPlan {
                directory_title,
                directory,
                strategies,
                ..
            } = &p.content
            else {
                panic!("{:?}", p.content)
            };
            let item = strategies[s].measures[0].items[0].text.clone();
            (directory_title.clone(), directory.len(), item)
        };
        let long = "担当名\t\t電話番号\tファックス番号\t主な業務内容（お問い合わせ先）";
        let p = plan("区役所の業務一覧", long);
        assert_eq!(
            read(&p, 0),
            (
                Some("区役所の業務一覧".into()),
                1,
                "案内表示を見直す。".into()
            )
        );
        assert!(p.unassigned.is_empty());
        let p = plan("区役所の業務一覧\n（令和6年4月現在）", long);
        assert_eq!(
            read(&p, 0).0.as_deref(),
            Some("区役所の業務一覧\n(令和6年4月現在)")
        );
        assert!(p.unassigned.is_empty());
        // helper-141: a note with no title over it is the title, the line
        // above it left where it was (a wrap, a measure, a strategy had
        // become the title, ok).
        let p = plan("利用者の声を反映する\n\n（令和6年4月現在）", long);
        assert_eq!(
            read(&p, 0),
            (
                Some("(令和6年4月現在)".into()),
                1,
                "案内表示を見直す。\n利用者の声を反映する".into()
            )
        );
        // Lines marked and set with tabs are the items', not a table's
        // rows (helper-141: they had been left unassigned).
        let p = plan(
            "ア\t区民アンケートの実施\t（年1回）\nイ\t結果の公表\t（随時）\n\n区役所の業務一覧",
            long,
        );
        assert!(read(&p, 0).2.contains("イ\t結果の公表"));
        assert!(p.unassigned.is_empty(), "{:?}", p.unassigned);
        // A table of figures naming 電話 is no directory's header (its rows
        // had become the directory, or the header's text was lost, ok).
        let p = plan(
            "指標\t電話相談件数\t目標値\n電話相談件数\t120件\t150件",
            "区役所の業務一覧",
        );
        let Content::ManagementPlan {
            directory_columns, ..
        } = &p.content
        else {
            panic!("{:?}", p.content)
        };
        assert!(directory_columns.is_empty());
        assert_eq!(
            p.unassigned[0].text,
            "指標\t電話相談件数\t目標値\n電話相談件数\t120件\t150件"
        );
        // helper-143: a header naming one directory column over a page
        // break, and a title under a page number, are the directory's.
        let p = plan(
            "- 12 -\n区役所の業務一覧\n（令和6年4月1日現在）",
            "窓口\t電話番号\t受付時間\n\n- 13 -\n",
        );
        assert_eq!(
            read(&p, 0),
            (
                Some("区役所の業務一覧\n(令和6年4月1日現在)".into()),
                1,
                "案内表示を見直す。".into()
            )
        );
        assert!(is_number_mark("1") && is_number_mark("12."));
        assert!(!is_number_mark("2022") && !is_number_mark("4-1"));
        // A second header naming other columns is not this directory's (it
        // had replaced the first, its text lost, ok): left unassigned.
        let p = plan(
            "区役所の業務一覧",
            &format!(
                "{long}\n総務課\t総合企画\t06-1111-1111\t06-2222-2222\t広報に関すること。\n\
                 \n（以下、出張所）\n\n部署名\t電話番号\t業務内容\n\
                 出張所\t06-5555-5555\t証明書の発行に関すること。"
            ),
        );
        let Content::ManagementPlan {
            directory_columns, ..
        } = &p.content
        else {
            panic!("{:?}", p.content)
        };
        assert_eq!(directory_columns[4], "主な業務内容(お問い合わせ先)");
        let unassigned: Vec<&str> = p.unassigned.iter().map(|u| u.text.as_str()).collect();
        assert!(
            unassigned
                .iter()
                .any(|u| u.starts_with("部署名\t電話番号\t業務内容\n")),
            "{unassigned:?}"
        );
        // A table under a measure that is no directory is no item's wrap
        // (its title is, as the text says).
        let p = plan(
            "施設一覧",
            "施設名\t所在地\t開館時間\n区民センター\t中央1-1\t9時から",
        );
        assert_eq!(
            read(&p, 0),
            (None, 0, "案内表示を見直す。\n施設一覧".into())
        );
        assert_eq!(p.unassigned.len(), 1, "{:?}", p.unassigned);
        assert_eq!(p.unassigned[0].lines, LineSpan { start: 15, end: 17 });

        let p = crate::parse(&format!(
            "経営課題１\n\n区民に信頼される区役所づくり\n\n\
             【戦略1-1】 窓口サービスの向上\n\n区役所の業務一覧\n\n{long}\n\
             総務課\t総合企画\t06-1111-1111\t06-2222-2222\t広報に関すること。\n\n\
             【戦略1-2】 情報発信の充実\n\n戦略1-2の具体的取組\n\n【1-2-1 広報紙】\n\n\
             ・ 広報紙を見直す。\n\n保健福祉センターの業務一覧\n\n{long}\n\
             保健福祉課\t福祉\t06-3333-3333\t06-4444-4444\t福祉に関すること。\n"
        ));
        assert_eq!(
            read(&p, 1),
            (
                Some("区役所の業務一覧".into()),
                2,
                "広報紙を見直す。".into()
            )
        );
        let unassigned: Vec<&str> = p.unassigned.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(unassigned, ["保健福祉センターの業務一覧"]);
    }

    /// helper-138: text outside any issue, strategy or list was only in a
    /// warning's message, counted as read: it is in `unassigned`, the
    /// warning giving its line.
    #[test]
    fn stray_text_is_unassigned() {
        let p = crate::parse(
            "経営課題１\n\n区民に信頼される区役所づくり\n\n\
             【戦略1-1】 窓口サービスの向上\n\nめざす成果（概ね3年後）\n\n\
             迷い込んだ一行\n\n《めざす状態》\n\n・ 窓口が分かりやすい状態\n",
        );
        let unassigned: Vec<&str> = p.unassigned.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(unassigned, ["迷い込んだ一行"]);
        let stray = p
            .diagnostics
            .iter()
            .find(|d| d.code == DiagnosticCode::StrayText)
            .unwrap();
        assert_eq!(stray.lines, Some(LineSpan::line(9)));
    }

    /// rev76 mp04: a measure's heading with a mark after it (`（重点）`)
    /// was no measure's; its items went to the one above, ok.
    #[test]
    fn a_measure_heading_may_carry_a_mark() {
        let c = MEASURE.captures("【2-1-2 健康講座の開催】(重点)").unwrap();
        assert_eq!((&c[1], &c[2]), ("2-1-2", "健康講座の開催"));
        assert!(MEASURE.is_match("【2-1-1 受診勧奨】"));
        assert!(!MEASURE.is_match("【2-1-1 受診勧奨】を進める"));
    }

    #[test]
    fn rating_target_that_is_not_a_number() {
        let t = target(
            "格付け結果、平成29年度までに「2つ星」(民間の平均を上回るレベル)以上(格付け調査:平成27年度実績「2つ星」)",
        );
        assert_eq!(
            (t.value, t.value_text.as_deref(), t.comparator),
            (None, Some("2つ星"), Some(Comparator::AtLeast))
        );
        let b = t.baseline.unwrap();
        assert_eq!(
            (b.value_text.as_deref(), b.fiscal_year),
            (Some("2つ星"), Some(2015))
        );
        assert_eq!(t.deadline.unwrap().point, DeadlinePoint::Year);
    }

    #[test]
    fn relative_target() {
        let t = target(
            "個人情報の漏えい事故、及び職員不祥事の発生件数を前年度より半減させる(平成29年度)",
        );
        assert_eq!(t.relative.as_deref(), Some("前年度より半減"));
        assert_eq!(
            t.metric.as_deref(),
            Some("個人情報の漏えい事故、及び職員不祥事の発生件数")
        );
        assert_eq!(t.deadline.unwrap().fiscal_year, 2017);
        assert!(t.baseline.is_none());
    }

    #[test]
    fn items_lose_their_markdown_debris_into_the_prefix() {
        let lines: Vec<Line<'_>> = [
            "- #### ②区長と区民が対話",
            "- ・ 職員の意識向上",
            "- 区民が利用しやすい区役所",
        ]
        .map(Line::from)
        .to_vec();
        let items: Vec<_> = (0..3)
            .map(|i| read_item(&lines, i))
            .map(|i| (i.prefix, i.marker, i.text))
            .collect();
        assert_eq!(
            items,
            [
                (
                    Some("- ####".into()),
                    Some("②".into()),
                    "区長と区民が対話".into()
                ),
                (Some("-".into()), Some("・".into()), "職員の意識向上".into()),
                (Some("-".into()), None, "区民が利用しやすい区役所".into()),
            ]
        );
    }
}
