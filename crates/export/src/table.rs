//! Flat tables: one record per goal-sheet row, multi-year item, management
//! target or directory entry, each carrying where it came from, for the
//! tools analysts load tables into (spreadsheets, DuckDB, pandas, Spark).

use plansheet_model::{Comparator, Content, DeadlinePoint, DiagnosticCode, Document, Status};
use serde::Serialize;

/// One record of a flat table: where it came from, then its own fields.
/// As JSON the two are one object; as CSV, one line with the origin's
/// columns first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record<T> {
    /// The document the record came from.
    #[serde(flatten)]
    pub origin: Origin,
    /// The record's own fields.
    #[serde(flatten)]
    pub fields: T,
}

/// The columns every record starts with: the document it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Origin {
    /// The input's path.
    pub source_path: String,
    /// SHA-256 of the input's bytes.
    pub sha256: String,
    /// The ward (区), e.g. `幸区` (none for a goal-sheet row of a second
    /// sheet in the file: see [`Origin::fiscal_year`]).
    pub ward: Option<String>,
    /// The document's fiscal year (Gregorian start year). (For a
    /// goal-sheet row of a second sheet in the file, as for its ward, none:
    /// the document's are the first sheet's.)
    pub fiscal_year: Option<i32>,
    /// The document's status: `ok` or `partial`.
    pub status: &'static str,
}

/// One goal-sheet row (with its [`Origin`], a [`Record`]).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct RowRecord {
    /// The department unit (部署名).
    pub department: String,
    /// The path from the top unit down, joined with ` / `.
    pub department_path: String,
    /// The item number as printed (`2・3`).
    pub number: String,
    /// The category label (分類).
    pub category: Option<String>,
    /// The goal (目標及び具体的な取組内容); paragraphs separated by `\n`.
    pub goal: String,
    /// The result (実施結果及び目標の達成度).
    pub result: Option<String>,
    /// For PDF input, the page the row starts on.
    pub page: Option<u32>,
    /// First input line of the row.
    pub line_start: usize,
    /// Last input line of the row.
    pub line_end: usize,
}

/// One item of a multi-year plan.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ItemRecord {
    /// The fiscal year of the item's column (Gregorian).
    pub year: i32,
    /// The theme number (【1】 → `1`).
    pub theme: String,
    /// The theme's title in that year.
    pub theme_title: String,
    /// The sub-heading the item is under, as printed (`(1)接遇・CS研修`).
    pub heading: Option<String>,
    /// The item's text.
    pub item: String,
    /// Marked ☆: new in that year.
    pub new: bool,
    /// First input line of the item.
    pub line_start: usize,
    /// Last input line of the item.
    pub line_end: usize,
}

/// One outcome target of a management plan.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct TargetRecord {
    /// The strategy id, e.g. `4-1`.
    pub strategy: String,
    /// What is measured.
    pub metric: Option<String>,
    /// The target value.
    pub value: Option<f64>,
    /// A target that is not a number (`2つ星`).
    pub value_text: Option<String>,
    /// The unit (`%`).
    pub unit: Option<String>,
    /// `≥`, `≤`, `>` or `<`.
    pub comparator: Option<Comparator>,
    /// A target relative to an earlier figure (`前年度より半減`).
    pub relative: Option<String>,
    /// The deadline's fiscal year (Gregorian).
    pub deadline: Option<i32>,
    /// `end` (年度末) or `year`.
    pub deadline_point: Option<DeadlinePoint>,
    /// The baseline figure.
    pub baseline: Option<f64>,
    /// The baseline's fiscal year.
    pub baseline_year: Option<i32>,
    /// Where the baseline comes from.
    pub baseline_source: Option<String>,
    /// The whole sentence.
    pub text: String,
    /// First input line of the target.
    pub line_start: usize,
    /// Last input line of the target.
    pub line_end: usize,
}

/// One entry of a management plan's directory (業務一覧).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DirectoryRecord {
    /// The section (課).
    pub section: String,
    /// The unit (担当).
    pub unit: String,
    /// Telephone number.
    pub phone: Option<String>,
    /// Fax number.
    pub fax: Option<String>,
    /// Main duties, joined with `\n`.
    pub duties: String,
    /// First input line of the entry.
    pub line_start: usize,
    /// Last input line of the entry.
    pub line_end: usize,
}

fn record<T>(doc: &Document, fields: T) -> Record<T> {
    let origin = Origin {
        source_path: doc.source.path.clone(),
        sha256: doc.source.sha256.clone(),
        ward: doc.metadata.ward.clone(),
        fiscal_year: doc.metadata.fiscal_year.as_ref().map(|f| f.gregorian),
        status: match doc.status {
            Status::Ok => "ok",
            Status::Partial => "partial",
        },
    };
    Record { origin, fields }
}

/// The goal-sheet rows of a document (none for other kinds). A row from
/// where the document says a second sheet starts (`second_sheet`) has no
/// ward or fiscal year: the document's are the first sheet's (they had
/// been given it, another year's rows counted under the first's:
/// helper-124).
pub fn row_records(doc: &Document) -> Vec<Record<RowRecord>> {
    let second_sheet = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::SecondSheet)
        .filter_map(|d| d.lines.map(|l| l.start))
        .min();
    doc.content
        .rows()
        .iter()
        .map(|r| {
            let mut record = record(doc, row_fields(r));
            if second_sheet.is_some_and(|line| r.provenance.lines.start >= line) {
                record.origin.ward = None;
                record.origin.fiscal_year = None;
            }
            record
        })
        .collect()
}

fn row_fields(r: &plansheet_model::Row) -> RowRecord {
    RowRecord {
        department: r.department.clone(),
        department_path: r.department_path.join(" / "),
        number: r.number.clone(),
        category: r.category.clone(),
        goal: r.goal.clone(),
        result: r.result.clone(),
        page: r.provenance.page,
        line_start: r.provenance.lines.start,
        line_end: r.provenance.lines.end,
    }
}

/// The items of a multi-year plan, under their year, theme and heading.
pub fn item_records(doc: &Document) -> Vec<Record<ItemRecord>> {
    let Content::MultiYearPlan { themes, .. } = &doc.content else {
        return Vec::new();
    };
    let mut out: Vec<ItemRecord> = Vec::new();
    for theme in themes {
        for cell in &theme.cells {
            let item_record =
                |heading: Option<String>, item: &plansheet_model::PlanItem| ItemRecord {
                    year: cell.fiscal_year,
                    theme: theme.number.clone(),
                    theme_title: cell.title.clone(),
                    heading,
                    item: item.text.clone(),
                    new: item.new,
                    line_start: item.lines.start,
                    line_end: item.lines.end,
                };
            out.extend(cell.items.iter().map(|i| item_record(None, i)));
            for heading in &cell.headings {
                let printed = format!("{}{}", heading.marker, heading.title);
                out.extend(
                    heading
                        .items
                        .iter()
                        .map(|i| item_record(Some(printed.clone()), i)),
                );
            }
        }
    }
    out.into_iter().map(|fields| record(doc, fields)).collect()
}

/// The outcome targets of a management plan.
pub fn target_records(doc: &Document) -> Vec<Record<TargetRecord>> {
    let Content::ManagementPlan { strategies, .. } = &doc.content else {
        return Vec::new();
    };
    strategies
        .iter()
        .flat_map(|s| s.targets.iter().map(move |t| (s, t)))
        .map(|(s, t)| TargetRecord {
            strategy: s.id.clone(),
            metric: t.metric.clone(),
            value: t.value,
            value_text: t.value_text.clone(),
            unit: t.unit.clone(),
            comparator: t.comparator,
            relative: t.relative.clone(),
            deadline: t.deadline.as_ref().map(|d| d.fiscal_year),
            deadline_point: t.deadline.as_ref().map(|d| d.point),
            baseline: t.baseline.as_ref().and_then(|b| b.value),
            baseline_year: t.baseline.as_ref().and_then(|b| b.fiscal_year),
            baseline_source: t.baseline.as_ref().and_then(|b| b.source.clone()),
            text: t.text.clone(),
            line_start: t.lines.start,
            line_end: t.lines.end,
        })
        .map(|fields| record(doc, fields))
        .collect()
}

/// The directory entries of a management plan.
pub fn directory_records(doc: &Document) -> Vec<Record<DirectoryRecord>> {
    let Content::ManagementPlan { directory, .. } = &doc.content else {
        return Vec::new();
    };
    directory
        .iter()
        .map(|d| DirectoryRecord {
            section: d.section.clone(),
            unit: d.unit.clone(),
            phone: d.phone.clone(),
            fax: d.fax.clone(),
            duties: d.duties.join("\n"),
            line_start: d.lines.start,
            line_end: d.lines.end,
        })
        .map(|fields| record(doc, fields))
        .collect()
}

/// A flat table as CSV: a header line (also for a table of no record),
/// then one line per record, fields quoted where they hold a comma, a
/// quote or a line break. With `excel`, a UTF-8 byte order mark and CRLF
/// line ends, so that Excel opens the Japanese text right, and a text
/// field that Excel would run as a formula (opening with `=`, `+`, `-`,
/// `@`, a tab or a carriage return, and no number) opens with `'`, which
/// Excel shows it without (a goal printed `＝ＳＵＭ（…）`, folded to
/// `=SUM(…)`, had been run). With `header` false, records only (for
/// appending).
pub fn to_csv<T: Serialize + Default>(
    records: &[Record<T>],
    excel: bool,
    header: bool,
) -> csv::Result<Vec<u8>> {
    let mut out = Vec::new();
    if excel && header {
        out.extend_from_slice("\u{FEFF}".as_bytes());
    }
    let terminator = if excel {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let builder = || {
        let mut builder = csv::WriterBuilder::new();
        builder.has_headers(header).terminator(terminator);
        builder
    };
    if records.is_empty() && header {
        // The header of a record of nothing, without the record.
        let mut writer = builder().from_writer(Vec::new());
        writer.serialize((Origin::default(), T::default()))?;
        let line = writer.into_inner().map_err(|e| e.into_error())?;
        let end = line
            .iter()
            .position(|&b| b == b'\n')
            .map_or(line.len(), |i| i + 1);
        out.extend_from_slice(&line[..end]);
        return Ok(out);
    }
    let mut writer = builder().from_writer(out);
    for record in records {
        // csv flattens a tuple of structs into one line, not `flatten`.
        writer.serialize((&record.origin, &record.fields))?;
    }
    let out = writer.into_inner().map_err(|e| e.into_error())?;
    if excel {
        defuse_formulas(&out)
    } else {
        Ok(out)
    }
}

/// Excel's CSV (a byte order mark, CRLF) with every field [`defused`].
fn defuse_formulas(csv: &[u8]) -> csv::Result<Vec<u8>> {
    let bom = "\u{FEFF}".as_bytes();
    let (mark, body) = match csv.strip_prefix(bom) {
        Some(body) => (bom, body),
        None => (&[][..], csv),
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(mark.to_vec());
    for record in csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .into_records()
    {
        let record = record?;
        let fields: Vec<std::borrow::Cow<'_, str>> = record.iter().map(defused).collect();
        writer.write_record(fields.iter().map(|f| f.as_bytes()))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// A field as Excel is to show it, not run it: one opening as a formula
/// does (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a `'` before
/// it, unless it is a number (`-5`, `+3.2`).
fn defused(field: &str) -> std::borrow::Cow<'_, str> {
    let formula =
        field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.trim().parse::<f64>().is_err();
    if formula {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Excel would run as a formula is shown as text; numbers, and
    /// text that only holds such a sign further in, are not touched.
    #[test]
    fn fields_opening_as_formulas_are_defused_numbers_are_not() {
        for (field, shown) in [
            ("=SUM(1+1)件", "'=SUM(1+1)件"),
            ("+81 44", "'+81 44"),
            ("-前年度より", "'-前年度より"),
            ("@区民課", "'@区民課"),
            ("\t窓口", "'\t窓口"),
            ("-5", "-5"),
            ("+3.25", "+3.25"),
            ("窓口=受付", "窓口=受付"),
            ("", ""),
        ] {
            assert_eq!(defused(field), shown, "{field:?}");
        }
    }

    #[test]
    fn csv_quotes_line_breaks_and_excel_gets_a_bom_and_crlf() {
        #[derive(Serialize, Default)]
        struct R {
            a: &'static str,
            b: Option<u32>,
        }
        let origin = |path: &str| Origin {
            source_path: path.into(),
            sha256: "00".into(),
            ward: Some("幸区".into()),
            fiscal_year: None,
            status: "ok",
        };
        let records = [
            Record {
                origin: origin("x.txt"),
                fields: R {
                    a: "目標\n二行目",
                    b: Some(1),
                },
            },
            Record {
                origin: origin("y.txt"),
                fields: R { a: "x,y", b: None },
            },
        ];
        let plain = String::from_utf8(to_csv(&records, false, true).unwrap()).unwrap();
        assert_eq!(
            plain,
            "source_path,sha256,ward,fiscal_year,status,a,b\n\
             x.txt,00,幸区,,ok,\"目標\n二行目\",1\n\
             y.txt,00,幸区,,ok,\"x,y\",\n"
        );
        let excel = to_csv(&records, true, true).unwrap();
        assert!(excel.starts_with("\u{FEFF}source_path,".as_bytes()));
        assert!(excel.ends_with(b",\r\n"));
        let body = to_csv(&records, false, false).unwrap();
        assert!(body.starts_with(b"x.txt,"));
        // As JSON, one object with the origin's fields first.
        let json = serde_json::to_string(&records[1]).unwrap();
        assert!(
            json.starts_with(r#"{"source_path":"y.txt","sha256":"00""#),
            "{json}"
        );
    }
}
