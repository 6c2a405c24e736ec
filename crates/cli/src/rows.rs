//! `plansheet rows`: converted documents as one flat table — goal-sheet
//! rows, multi-year items, management targets or directory entries — in CSV
//! or JSON Lines, for spreadsheets, DuckDB, pandas or Spark.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use plansheet::model::Document;
use plansheet_export::Record;
use serde::Serialize;

use crate::job;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Sheets or documents: files and directories of sheets (converted on
    /// the way, in workers, as `convert` does), JSON documents written by
    /// `convert -o` (`*.json`, the run report skipped), JSON Lines written
    /// by `convert --jsonl` (`*.jsonl`), or `-` for JSON Lines on standard
    /// input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Which records.
    #[arg(long, value_enum, default_value_t = Kind::Rows)]
    kind: Kind,
    /// CSV for Excel: UTF-8 with a byte order mark and CRLF line ends.
    #[arg(long)]
    excel: bool,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The flat tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    /// Goal-sheet rows: department, number, category, goal, result, page, lines.
    Rows,
    /// Multi-year plan items: year, theme, heading, item.
    Items,
    /// Management-plan targets: metric, value, unit, comparator, deadline, baseline.
    Targets,
    /// Management-plan directory: section, unit, phone, fax, duties.
    Directory,
}

/// Runs `rows`; returns whether every input was read.
pub(crate) fn run(args: &Args) -> anyhow::Result<bool> {
    if args.excel && args.format != Format::Csv {
        bail!("--excel goes with --format csv");
    }
    for input in args.inputs.iter().filter(|i| *i != Path::new("-")) {
        if !input.exists() {
            bail!("{}: no such file or directory", job::display(input));
        }
    }
    if let Some(output) = &args.output {
        refuse_to_overwrite_inputs(output, &args.inputs)?;
    }
    let mut documents = Vec::new();
    let mut skipped = Vec::new();
    let mut sheets = Vec::new();
    let mut files = Files::default();
    for input in &args.inputs {
        let mut stale = Vec::new();
        let last_run = input
            .is_dir()
            .then(|| job::last_run(input))
            .transpose()?
            .flatten();
        let before = documents.len();
        read_documents(input, &mut documents, &mut skipped, &mut sheets, &mut files)?;
        if let Some(last_run) = last_run {
            // Documents left in an output directory by an earlier run (an
            // input since deleted, renamed or failed) are not the last
            // run's, which its report lists.
            let read = documents.split_off(before);
            for doc in read {
                if last_run.wrote(&doc.source.path, &doc.source.sha256) {
                    documents.push(doc);
                } else {
                    stale.push(doc.source.path);
                }
            }
            skipped.extend(last_run.failed);
        }
        if !stale.is_empty() {
            eprintln!(
                "{} documents in {} are not of the run its run-report.json reports (left by an \
                 earlier run: an input since deleted, renamed, changed or failed), and were \
                 skipped: {}",
                stale.len(),
                job::display(input),
                job::named(&stale)
            );
        }
    }
    if !sheets.is_empty() {
        let mut converted = Vec::new();
        read_lines(
            &convert(&sheets)?,
            Path::new("convert"),
            &mut converted,
            &mut skipped,
        )?;
        // A document read that is of a sheet converted here too (a file of
        // that name and those bytes: `convert in -o in/json`, then `rows
        // in`) is kept once, the fresh conversion (every row had come
        // twice). Another file of the same bytes is another input (rev100
        // F8: a copy under another name had been dropped).
        let fresh: std::collections::HashSet<(&str, &str)> = converted
            .iter()
            .map(|d| (file_name(d), d.source.sha256.as_str()))
            .collect();
        let before = documents.len();
        documents.retain(|d| !fresh.contains(&(file_name(d), d.source.sha256.as_str())));
        let twice = before - documents.len();
        if twice > 0 {
            eprintln!(
                "{twice} documents read were of sheets converted here too: their rows are given once"
            );
        }
        documents.extend(converted);
    }
    if files.twice > 0 {
        eprintln!(
            "{} files were named twice (inputs that overlap): each was read once",
            files.twice
        );
    }
    let out = match args.kind {
        Kind::Rows => table(&documents, plansheet_export::row_records, args),
        Kind::Items => table(&documents, plansheet_export::item_records, args),
        Kind::Targets => table(&documents, plansheet_export::target_records, args),
        Kind::Directory => table(&documents, plansheet_export::directory_records, args),
    }?;
    match &args.output {
        Some(path) => plansheet_export::write_atomic(path, &out, plansheet_export::Durability::Now)
            .with_context(|| format!("failed to write {}", job::display(path)))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            // A reader that stops early (`| head`) is not an error.
            let _ = stdout.write_all(&out).and_then(|()| stdout.flush());
        }
    }
    if !skipped.is_empty() {
        eprintln!(
            "{} inputs without a document (failed in convert) were skipped: {}",
            skipped.len(),
            job::named(&skipped)
        );
    }
    Ok(true)
}

/// The files `rows` has read (or will convert), by their resolved path.
#[derive(Default)]
struct Files {
    read: std::collections::HashSet<PathBuf>,
    /// Files named again.
    twice: usize,
}

impl Files {
    /// Whether `path` is met for the first time.
    fn first_time(&mut self, path: &Path) -> bool {
        let resolved = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let first = self.read.insert(resolved);
        self.twice += usize::from(!first);
        first
    }
}

/// The file name of a document's source (its path's last part).
fn file_name(doc: &Document) -> &str {
    doc.source
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&doc.source.path)
}

/// Refuses an output file that is one of the inputs or lies inside an
/// input directory: writing it would replace a conversion (the only copy
/// of `rows clob.jsonl -o clob.jsonl`), or add a file the next `rows` of
/// that directory reads as a sheet.
fn refuse_to_overwrite_inputs(output: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let Ok(output_abs) = std::path::absolute(output) else {
        return Ok(());
    };
    // The output's directory resolved (links and `..`), where it exists.
    let output_abs = match (output_abs.parent(), output_abs.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map_or(output_abs.clone(), |p| p.join(name)),
        _ => output_abs,
    };
    for input in inputs.iter().filter(|i| *i != Path::new("-")) {
        let Ok(input_abs) = input.canonicalize() else {
            continue;
        };
        // A table written into a `convert -o` directory is no document
        // and is not read back (only documents are read from one).
        let beside_documents = input.join("run-report.json").is_file()
            && !output
                .extension()
                .is_some_and(|e| e == "json" || e == "jsonl");
        if output_abs == input_abs
            || input.is_dir() && output_abs.starts_with(&input_abs) && !beside_documents
        {
            bail!(
                "the output {} would {} the input {}: write it elsewhere",
                job::display(output),
                if input.is_dir() {
                    "be written into"
                } else {
                    "overwrite"
                },
                job::display(input)
            );
        }
    }
    Ok(())
}

fn table<T: Serialize + Default>(
    documents: &[Document],
    records: fn(&Document) -> Vec<Record<T>>,
    args: &Args,
) -> anyhow::Result<Vec<u8>> {
    let all: Vec<Record<T>> = documents.iter().flat_map(records).collect();
    match args.format {
        Format::Csv => {
            plansheet_export::to_csv(&all, args.excel, true).context("failed to write CSV")
        }
        Format::Jsonl => {
            let mut out = Vec::new();
            for record in &all {
                out.extend(
                    plansheet_export::to_jsonl(record)
                        .context("failed to write JSON")?
                        .bytes(),
                );
            }
            Ok(out)
        }
    }
}

/// Reads the documents of one input — a JSON document, JSON Lines (failure
/// lines' paths listed in `skipped`), or a directory of them — and collects the
/// other files, sheets to convert, in `sheets`.
fn read_documents(
    input: &Path,
    documents: &mut Vec<Document>,
    skipped: &mut Vec<String>,
    sheets: &mut Vec<PathBuf>,
    files: &mut Files,
) -> anyhow::Result<()> {
    if input.is_dir() {
        // A `convert -o` directory holds documents: anything else in it (a
        // table `rows` wrote there) is no sheet to convert.
        let documents_only = input.join("run-report.json").is_file();
        let walker = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = entry.with_context(|| format!("failed to walk {}", job::display(input)))?;
            let document = entry
                .path()
                .extension()
                .is_some_and(|e| e == "json" || e == "jsonl");
            if entry.file_type().is_file()
                && entry.file_name() != "run-report.json"
                && (document || !documents_only)
            {
                read_documents(entry.path(), documents, skipped, sheets, files)?;
            }
        }
        return Ok(());
    }
    // A file named twice (inputs that overlap, `rows out out/sheets`, or
    // `rows a.jsonl a.jsonl`) is read once (every row had come twice:
    // rev100 F8).
    if input != Path::new("-") && !files.first_time(input) {
        return Ok(());
    }
    let is_document = input == Path::new("-")
        || input
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonl");
    if !is_document {
        sheets.push(input.to_path_buf());
        return Ok(());
    }
    let mut bytes = Vec::new();
    if input == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("failed to read standard input")?;
    } else {
        bytes = std::fs::read(input)
            .with_context(|| format!("failed to read {}", job::display(input)))?;
    }
    // (Empty JSON Lines are a conversion of nothing: `find … | convert
    // --jsonl` that matched no file.)
    if bytes.iter().all(u8::is_ascii_whitespace) && input.extension().is_some_and(|e| e == "json") {
        bail!("{} is empty: no document", job::display(input));
    }
    if let Ok(doc) = serde_json::from_slice::<Document>(&bytes) {
        documents.push(doc);
        return Ok(());
    }
    // One JSON value that is no document: a run report, named on the
    // command line, is none of `rows`'s inputs (it had been read as JSON
    // Lines: `not JSON`); anything else is JSON Lines.
    if serde_json::from_slice::<serde_json::Value>(&bytes)
        .is_ok_and(|value| value.get("entries").is_some() && value.get("counts").is_some())
    {
        bail!("{} is a run report, not a document", job::display(input));
    }
    read_lines(&bytes, input, documents, skipped)
}

/// Documents from JSON Lines; failure lines' paths are listed in `skipped`.
fn read_lines(
    bytes: &[u8],
    input: &Path,
    documents: &mut Vec<Document>,
    skipped: &mut Vec<String>,
) -> anyhow::Result<()> {
    // (A byte order mark an editor saved the file with is no text.)
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value: serde_json::Value = serde_json::from_slice(line)
            .with_context(|| format!("{} line {}: not JSON", job::display(input), n + 1))?;
        if value.get("status").is_some_and(|s| s == "failed") {
            let path = value.pointer("/source/path").and_then(|p| p.as_str());
            skipped.push(path.unwrap_or("?").to_owned());
            continue;
        }
        let doc: Document = serde_json::from_value(value).with_context(|| {
            format!(
                "{} line {}: not a plansheet document",
                job::display(input),
                n + 1
            )
        })?;
        documents.push(doc);
    }
    Ok(())
}

/// Converts sheets exactly as `convert --files-from - --jsonl` does — in
/// worker processes, with their deadline and memory cap — by running this
/// binary so; returns the JSON Lines, one per sheet, in order.
fn convert(sheets: &[PathBuf]) -> anyhow::Result<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    let exe = std::env::current_exe().context("failed to find the plansheet binary")?;
    let mut child = std::process::Command::new(exe)
        .args([
            "convert",
            "--files-from",
            "-",
            "--jsonl",
            "-q",
            "--fail-on",
            "never",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("failed to start the conversion")?;
    let mut list = Vec::new();
    for sheet in sheets {
        list.extend_from_slice(sheet.as_os_str().as_bytes());
        list.push(b'\n');
    }
    let mut stdin = child
        .stdin
        .take()
        .context("the conversion has no input pipe")?;
    let writer = std::thread::spawn(move || stdin.write_all(&list));
    let out = child
        .wait_with_output()
        .context("the conversion did not finish")?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("the list writer panicked"))?
        .context("failed to pass the sheets to the conversion")?;
    if !out.status.success() {
        bail!("the conversion failed ({})", out.status);
    }
    Ok(out.stdout)
}
