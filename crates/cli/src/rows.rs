//! `plansheet rows`: converted documents as one flat table — goal-sheet
//! rows, multi-year items, management targets or directory entries — in CSV
//! or JSON Lines, for spreadsheets, DuckDB, pandas or Spark.

use std::io::{BufRead, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};
use plansheet::model::{Content, Document};
use plansheet_export::Record;
use serde::Serialize;

use crate::convert::Outcome;
use crate::{conversion, job};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Sheets or documents: files and directories of sheets (converted on
    /// the way, in workers, as `convert` does), JSON documents written by
    /// `convert -o` (`*.json`, the run report skipped, and any other JSON
    /// file in the directory, with a warning; a `convert -o` directory
    /// among the sheets read by its report), JSON Lines written
    /// by `convert --jsonl` (`*.jsonl`, `*.ndjson` in any case, or a file
    /// whose text opens as a document), or `-` for JSON Lines on standard
    /// input (a pipe is a sheet).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Which records.
    #[arg(long, value_enum, default_value_t = Kind::Rows)]
    kind: Kind,
    /// CSV for Excel: UTF-8 with a byte order mark and CRLF line ends, and
    /// a text field that opens as a formula would (`=`, `+`, `-`, `@`, a
    /// tab or CR; not a number) opening with `'`, so Excel shows it rather
    /// than runs it. Without it, fields are written as they are.
    #[arg(long)]
    excel: bool,
    /// Write to FILE instead of standard output: replaced atomically (a
    /// link where it leads), or, a device, a FIFO or a descriptor
    /// (`/dev/stdout`, `/dev/fd/3`), appended to.
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

impl Kind {
    /// Its name as `--kind` takes it.
    fn name(self) -> String {
        use clap::ValueEnum;
        self.to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_owned())
    }
}

/// Runs `rows`: `SomeFailed` (exit 1) where an input was not read, one
/// failed in a conversion, its rows in no table (the table of the others
/// had come with exit 0: helper-124).
///
/// Documents are read and their records written one at a time, so memory
/// holds one document, not the archive (a 176 MB JSON Lines file had taken
/// 490 MB, and `--kind rows` of a 1.1 GB one 3.4 GB: rev100 F13).
///
/// SIGINT or SIGTERM stops it (exit 130) as it stops `convert`: the
/// conversion of its sheets is stopped, its temporary files removed, and
/// the `-o` file and standard output left as they were.
pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let interrupted = crate::convert::interrupt_flag()?;
    match table(args, interrupted) {
        Ok(true) => Ok(Outcome::Success),
        Ok(false) => Ok(Outcome::SomeFailed),
        Err(e) if e.is::<Interrupted>() => {
            eprintln!("interrupted: no table was written");
            Ok(Outcome::Interrupted)
        }
        Err(e) => Err(e),
    }
}

/// SIGINT or SIGTERM came: `rows` stops, writing nothing.
#[derive(Debug)]
struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// From now on, SIGINT and SIGTERM end `rows` at once, exit 130, as their
/// default action would: once its sheets' conversion (the one thing a
/// signal must stop and clean up after) is over, little is left to undo —
/// the table waits in an unnamed temporary file, the `-o` file is replaced
/// whole or not at all (a signal while it is written leaves its temporary
/// file beside it) — and a signal only raising the flag went unheard
/// while `rows` waited to read standard input or to write to a reader that
/// had stopped reading (helper-162's review).
fn stop_at_once() -> anyhow::Result<()> {
    let now = std::sync::Arc::new(AtomicBool::new(true));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, 130, std::sync::Arc::clone(&now))
            .context("failed to install the signal handlers")?;
    }
    Ok(())
}

/// Fails with [`Interrupted`] once SIGINT or SIGTERM has come.
fn heed(interrupted: &AtomicBool) -> anyhow::Result<()> {
    if interrupted.load(Ordering::Relaxed) {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// Writes the table; returns whether every input was read (see [`run`]).
fn table(args: &Args, interrupted: &'static AtomicBool) -> anyhow::Result<bool> {
    if args.excel && args.format != Format::Csv {
        bail!("--excel goes with --format csv");
    }
    for input in args.inputs.iter().filter(|i| *i != Path::new("-")) {
        if !input.exists() {
            bail!("{}: no such file or directory", job::display(input));
        }
    }
    let output = args.output.as_deref().map(Output::of);
    if let Some(Output::Replace(target)) = &output {
        refuse_to_overwrite_inputs(target, &args.inputs)?;
    }
    // The inputs walked first: the files of documents to read, the sheets
    // to convert.
    let mut plan = Plan::default();
    for input in &args.inputs {
        let run = input
            .is_dir()
            .then(|| job::last_run(input))
            .transpose()?
            .flatten()
            .map(|last_run| plan.run(input, last_run, false));
        plan.walk(input, run)?;
    }
    plan.refuse_nothing(&args.inputs)?;
    // The sheets are converted before any document is read: a document
    // read that is of a sheet converted here too is left out for the
    // fresh conversion (every row had come twice). Its source path says
    // which sheet, where it leads to a file from here: in a `convert -o`
    // directory met among the sheets (`convert in -o in/json`, then `rows
    // in`), whatever its bytes (the sheet edited since); elsewhere, where
    // the bytes are the sheet's too (from another directory than the
    // conversion's, the path may lead to another sheet: review). Where
    // the path leads nowhere (a conversion made from another directory),
    // a document among the sheets of the file name and bytes of one
    // converted is left out, and another is given and said. Another file
    // of the same bytes is another input (rev100 F8: a copy under another
    // name had been dropped; helper-124, under the same name in another
    // directory). The conversion waits in a temporary file.
    let mut converted = None;
    let mut file = match plan.sheets.is_empty() {
        true => None,
        false => Some(convert(&plan.sheets, interrupted)?),
    };
    heed(interrupted)?;
    stop_at_once()?;
    if let Some(mut file) = file.take() {
        // (Read whole a second time below, where any error is said.)
        conversion::each_value(
            std::io::BufReader::new(&mut file),
            Path::new("convert"),
            &mut |entry| {
                if let Ok(Head { source }) = serde_json::from_slice(entry.bytes)
                    && let Some(sha256) = source.sha256
                {
                    let name = file_name(&source.path).to_owned();
                    plan.fresh.insert((name, sha256.clone()));
                    if let Ok(resolved) = Path::new(&source.path).canonicalize() {
                        plan.fresh_files.insert(resolved, sha256.clone());
                    }
                }
                Ok(())
            },
        )?;
        file.rewind()
            .context("failed to read the conversion back")?;
        converted = Some(file);
    }
    // The table goes to a temporary file first: a document that cannot
    // be read (found on the way) leaves the output as it was, standard
    // output too, where a table cut short would load into the next
    // program as if whole.
    let mut reading = Reading::default();
    let mut table = tempfile::tempfile().context("failed to make a temporary file")?;
    {
        let mut out = std::io::BufWriter::new(&mut table);
        reading.write(&mut plan, converted, args, interrupted, &mut out)?;
        out.flush().context("failed to write the table")?;
    }
    for run in plan.runs.iter().filter(|r| !r.stale.is_empty()) {
        eprintln!(
            "{} documents in {} are not of the run its run-report.json reports (left by an \
             earlier run: an input since deleted, renamed, changed or failed), and were \
             skipped: {}",
            run.stale.len(),
            job::display(&run.dir),
            job::named(&run.stale)
        );
    }
    if reading.twice > 0 {
        eprintln!(
            "{} documents read were of sheets converted here too: their rows are given once",
            reading.twice
        );
    }
    if reading.again > 0 {
        eprintln!(
            "{} documents were of an input whose document was read already (its source path and \
             bytes): their rows are given once",
            reading.again
        );
    }
    if reading.alike > 0 {
        eprintln!(
            "{} documents read have the file name and bytes of a sheet converted here, but \
             their source paths lead nowhere from this directory: their rows are given too \
             (run `rows` where `convert` ran, or give the sheets or the documents alone)",
            reading.alike
        );
    }
    if plan.files.twice > 0 {
        eprintln!(
            "{} files were named twice (inputs that overlap): each was read once",
            plan.files.twice
        );
    }
    // Each input without rows is named once, with the one reason that
    // holds (a report's failed input also given, a document both gone and
    // unreadable, had been named twice, with two reasons: review): what
    // was found here first — a sheet converted here that failed, what the
    // walk could not read —, then what conversions given say, as met. A
    // report's failed input converted here too is not named: its rows are
    // the fresh conversion's (a sheet fixed since had been named skipped,
    // exit 1).
    let mut missing = Missing::default();
    for failed in std::mem::take(&mut reading.failed_here) {
        missing.failed(failed);
    }
    for (path, error) in std::mem::take(&mut plan.unreadable) {
        if missing.first(&path) {
            missing.unreadable.push(format!("{path} ({error})"));
        }
    }
    let converted_here = |path: &str| {
        Path::new(path)
            .canonicalize()
            .is_ok_and(|p| plan.fresh_files.contains_key(&p))
    };
    let said_failed = std::mem::take(&mut reading.failed)
        .into_iter()
        .chain(plan.runs.iter_mut().flat_map(|r| r.last_run.take_failed()));
    for failed in said_failed.filter(|f| !converted_here(&f.path)) {
        missing.failed(failed);
    }
    // (Documents a run's report says it wrote, no longer in its directory:
    // their rows had been left out without a word — helper-126.)
    for (k, run) in plan.runs.iter().enumerate() {
        for path in &run.last_run.written {
            if !run.read.contains(path) && !converted_here(path) && missing.first(path) {
                missing.gone.push((k, path.clone()));
            }
        }
    }
    // (Inputs a run's report lists as converted, their documents written
    // to standard output, not to its directory, and not given otherwise:
    // their rows had been left out without a word — review.)
    for (k, run) in plan.runs.iter().enumerate() {
        for key in &run.last_run.unwritten {
            let path = &key.0;
            if !reading.documents.contains(key) && !converted_here(path) && missing.first(path) {
                missing.elsewhere.push((k, path.clone()));
            }
        }
    }
    for (k, run) in plan.runs.iter().enumerate() {
        let gone = missing.of_run(&missing.gone, k);
        if !gone.is_empty() {
            eprintln!(
                "{} documents the run-report.json of {} lists as written are not there: {}",
                gone.len(),
                job::display(&run.dir),
                job::named(&gone)
            );
        }
        let elsewhere = missing.of_run(&missing.elsewhere, k);
        if !elsewhere.is_empty() {
            eprintln!(
                "{} inputs the run-report.json of {} lists as converted have no document there \
                 (`convert --jsonl -o` wrote them to standard output only: give those JSON \
                 Lines to `rows`): {}",
                elsewhere.len(),
                job::display(&run.dir),
                job::named(&elsewhere)
            );
        }
    }
    if !missing.failed.is_empty() {
        eprintln!(
            "{} inputs that failed in their conversion were skipped: {}",
            missing.failed.len(),
            job::named(&missing.failed)
        );
    }
    if !missing.unreadable.is_empty() {
        eprintln!(
            "{} inputs that could not be read were skipped: {}",
            missing.unreadable.len(),
            job::named(&missing.unreadable)
        );
    }
    let every_input_read = missing.named.is_empty();
    // (The last moment to stop with the output as it was.)
    heed(interrupted)?;
    table.rewind().context("failed to read the table back")?;
    match (&output, &args.output) {
        (Some(output), Some(path)) => output
            .write(&mut table)
            .with_context(|| format!("failed to write {}", job::display(path)))?,
        _ => {
            let mut stdout = std::io::stdout().lock();
            let written = std::io::copy(&mut table, &mut stdout).and_then(|_| stdout.flush());
            // A reader that stops early (`| head`) is not an error.
            if let Err(e) = written
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(e).context("failed to write the table");
            }
        }
    }
    Ok(every_input_read)
}

/// The inputs whose rows are in no table, each named once, with the first
/// reason found.
#[derive(Default)]
struct Missing {
    /// Every input named: where its path leads, or the path as recorded
    /// where it leads nowhere.
    named: std::collections::HashSet<PathBuf>,
    /// Inputs that failed, with their reason codes.
    failed: Vec<String>,
    /// Inputs the walk could not read, with why.
    unreadable: Vec<String>,
    /// Documents a run's report lists as written that are not there: the
    /// run (an index into `Plan::runs`) and the source path.
    gone: Vec<(usize, String)>,
    /// Inputs a run's report lists as converted, their documents not
    /// written there: the run and the source path.
    elsewhere: Vec<(usize, String)>,
}

impl Missing {
    /// Whether the input at `path` is named for the first time.
    fn first(&mut self, path: &str) -> bool {
        let key = Path::new(path)
            .canonicalize()
            .unwrap_or_else(|_| PathBuf::from(job::recorded(path)));
        self.named.insert(key)
    }

    /// Names a failed input, with its reason, unless it is named already.
    fn failed(&mut self, failed: job::Failed) {
        if self.first(&failed.path) {
            self.failed.push(match failed.reason {
                Some(reason) => format!("{} ({reason})", failed.path),
                None => failed.path,
            });
        }
    }

    /// The paths of `of` (`gone` or `elsewhere`) of run `k`.
    fn of_run(&self, of: &[(usize, String)], k: usize) -> Vec<String> {
        of.iter()
            .filter(|(run, _)| *run == k)
            .map(|(_, path)| path.clone())
            .collect()
    }
}

/// What `rows` reads: found by walking the inputs, before anything is read.
#[derive(Default)]
struct Plan {
    /// Files of documents (or `-`), in order, each with the output
    /// directory whose report lists its documents (an index into `runs`).
    documents: Vec<(PathBuf, Option<usize>)>,
    /// Sheets to convert.
    sheets: Vec<PathBuf>,
    /// `convert -o` directories among the inputs, with their reports.
    runs: Vec<Run>,
    /// The index in `runs` of each, by its resolved path.
    run_dirs: std::collections::HashMap<PathBuf, usize>,
    /// The files met so far.
    files: Files,
    /// The file name and SHA-256 of every sheet converted here.
    fresh: std::collections::HashSet<(String, String)>,
    /// The sheets converted here, resolved.
    fresh_files: std::collections::HashMap<PathBuf, String>,
    /// What the walk could not read (a link leading nowhere or in a loop):
    /// its path, and why.
    unreadable: Vec<(String, String)>,
}

/// A `convert -o` directory read, and the documents in it its report does
/// not list.
struct Run {
    dir: PathBuf,
    last_run: job::LastRun,
    /// The source paths of the documents of the run read from it.
    read: std::collections::HashSet<String>,
    /// Whether it was met inside a directory of sheets (`convert in -o
    /// in/json`, then `rows in`), not named.
    nested: bool,
    /// Their source paths.
    stale: Vec<String>,
}

impl Plan {
    /// The index in `runs` of the `convert -o` directory `dir`, added where
    /// it is met for the first time. A directory met twice — named, and met
    /// again among the sheets of another input (`rows in/json in`, `rows
    /// in in/json`) — is one run: as two, the second, its documents all
    /// read under the first, had named every document its report lists as
    /// "not there" (review). Met among sheets once, it is among them.
    fn run(&mut self, dir: &Path, last_run: job::LastRun, nested: bool) -> usize {
        let resolved = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        if let Some(&k) = self.run_dirs.get(&resolved)
            && let Some(run) = self.runs.get_mut(k)
        {
            run.nested |= nested;
            return k;
        }
        self.runs.push(Run {
            dir: dir.to_path_buf(),
            last_run,
            nested,
            read: std::collections::HashSet::new(),
            stale: Vec::new(),
        });
        self.run_dirs.insert(resolved, self.runs.len() - 1);
        self.runs.len() - 1
    }

    /// Refuses a plan with nothing to read and nothing to say: inputs that
    /// are directories holding no file but hidden ones, or a `convert -o`
    /// directory of a run that wrote its documents elsewhere (`convert
    /// --jsonl -o`). Each had given a table of its header alone, exit 0,
    /// without a word, where `convert` says `no input files found`, exit 2
    /// (review). A conversion whose inputs all failed is read: its
    /// failures are named, exit 1.
    fn refuse_nothing(&self, inputs: &[PathBuf]) -> anyhow::Result<()> {
        let nothing = self.documents.is_empty()
            && self.sheets.is_empty()
            && self.unreadable.is_empty()
            && self.runs.iter().all(|r| r.last_run.failures.is_empty());
        if !nothing {
            return Ok(());
        }
        if let Some(run) = self.runs.iter().find(|r| !r.last_run.unwritten.is_empty()) {
            bail!(
                "no document in {}: its run-report.json lists {} inputs converted, but their \
                 documents were not written there (`convert --jsonl -o` writes them to standard \
                 output): give those JSON Lines to `rows`",
                job::display(&run.dir),
                run.last_run.unwritten.len()
            );
        }
        let named: Vec<String> = inputs.iter().map(|i| job::display(i)).collect();
        bail!("no input files found in {}", named.join(", "))
    }

    /// Walks one input: a file of documents, a sheet, or a directory of
    /// them (`run`: the `convert -o` directory it is in, if any).
    fn walk(&mut self, input: &Path, run: Option<usize>) -> anyhow::Result<()> {
        if input.is_dir() {
            // A `convert -o` directory holds documents: anything else in
            // it (a table `rows` wrote there) is no sheet to convert.
            let documents_only = input.join("run-report.json").is_file();
            let mut walker = walkdir::WalkDir::new(input)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            while let Some(entry) = walker.next() {
                // (A link that leads nowhere or loops is one input not
                // read, named, as `convert` reports it; it had stopped the
                // whole table, exit 2: helper-126.)
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        let path = e.path().unwrap_or(input);
                        self.unreadable.push((job::display(path), e.to_string()));
                        continue;
                    }
                };
                // A `convert -o` directory inside is read as its own report
                // says, as one named is (`convert in -o in/json`, then
                // `rows in`: the documents an earlier run left there had
                // been read: helper-124).
                // (A `run-report.json` that is no run report is a file of
                // the directory, not read: review.)
                if entry.depth() > 0 && entry.file_type().is_dir() {
                    if let Ok(Some(last_run)) = job::last_run(entry.path()) {
                        let run = self.run(entry.path(), last_run, true);
                        self.walk(entry.path(), Some(run))?;
                        walker.skip_current_dir();
                    }
                    continue;
                }
                // (A file in a directory is told by its name: its text is
                // read only where it is named as an input.)
                let document = named_as_documents(entry.path());
                if entry.file_type().is_file()
                    && entry.file_name() != "run-report.json"
                    && (document || !documents_only)
                {
                    self.file(entry.path(), run, document);
                }
            }
            return Ok(());
        }
        let document = input == Path::new("-") || is_conversion_file(input);
        self.file(input, run, document);
        Ok(())
    }

    /// Takes one file: a file of documents, or a sheet to convert.
    fn file(&mut self, input: &Path, run: Option<usize>, document: bool) {
        // A file named twice (inputs that overlap, `rows out out/sheets`,
        // or `rows a.jsonl a.jsonl`) is read once (every row had come
        // twice: rev100 F8).
        if input != Path::new("-") && !self.files.first_time(input) {
            return;
        }
        if document {
            self.documents.push((input.to_path_buf(), run));
        } else {
            self.sheets.push(input.to_path_buf());
        }
    }
}

/// What reading the documents found besides their records.
#[derive(Default)]
struct Reading {
    /// Inputs that failed, as conversions given say (their failure lines,
    /// their runs' reports).
    failed: Vec<job::Failed>,
    /// Inputs that failed in the conversion of sheets made here.
    failed_here: Vec<job::Failed>,
    /// Documents left out for a fresh conversion of their sheet.
    twice: usize,
    /// Documents given whose source path leads nowhere from here, of the
    /// file name and bytes of a sheet converted here.
    alike: usize,
    /// The documents given: source path and SHA-256.
    documents: std::collections::HashSet<(String, String)>,
    /// Documents of an input whose document was given already.
    again: usize,
}

impl Reading {
    /// Reads every document of `plan`, then the conversion, and writes
    /// their records to `out`.
    fn write(
        &mut self,
        plan: &mut Plan,
        converted: Option<std::fs::File>,
        args: &Args,
        interrupted: &'static AtomicBool,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let mut table = Table::new(args, interrupted, out);
        for (input, run) in &plan.documents {
            // A run's failed inputs are named where its documents come.
            if let Some(run) = run.map(|k| &mut plan.runs[k]) {
                self.failed.extend(run.last_run.take_failed());
            }
            let reader: Box<dyn BufRead> = if input == Path::new("-") {
                Box::new(std::io::stdin().lock())
            } else {
                let file = std::fs::File::open(input)
                    .with_context(|| format!("failed to read {}", job::display(input)))?;
                Box::new(std::io::BufReader::new(file))
            };
            let stray = run.is_some();
            let read = read_stream(reader, input, stray, &mut |line| {
                let doc = match line {
                    Ok(doc) => doc,
                    Err(failed) => {
                        self.failed.push(failed);
                        return Ok(());
                    }
                };
                // Documents left in an output directory by an earlier run
                // (an input since deleted, renamed or failed) are not the
                // last run's, which its report lists.
                if let Some(run) = run.map(|k| &mut plan.runs[k])
                    && !run.last_run.wrote(&doc.source.path, &doc.source.sha256)
                {
                    run.stale.push(doc.source.path);
                    return Ok(());
                }
                if let Some(run) = run.map(|k| &mut plan.runs[k]) {
                    run.read.insert(job::recorded(&doc.source.path));
                }
                let among_sheets = run.is_some_and(|k| plan.runs[k].nested);
                // (Asked only where a sheet was converted here: a path
                // resolved per document costs the file system a lookup.)
                let converted_here = !plan.fresh.is_empty()
                    && match Path::new(&doc.source.path).canonicalize() {
                        Ok(resolved) => plan
                            .fresh_files
                            .get(&resolved)
                            .is_some_and(|sha256| among_sheets || *sha256 == doc.source.sha256),
                        Err(_) => {
                            let alike = plan.fresh.contains(&(
                                file_name(&doc.source.path).to_owned(),
                                doc.source.sha256.clone(),
                            ));
                            self.alike += usize::from(alike && !among_sheets);
                            alike && among_sheets
                        }
                    };
                if converted_here {
                    self.twice += 1;
                    return Ok(());
                }
                // The same input's document read again (two conversions
                // of the same sheets, `rows out1 out2`; a path converted
                // twice into JSON Lines): its rows once (every row had
                // come twice without a word: helper-126).
                let key = (job::recorded(&doc.source.path), doc.source.sha256.clone());
                if !self.documents.insert(key) {
                    self.again += 1;
                    return Ok(());
                }
                table.add(&doc)
            });
            let empty = match read {
                Err(e) if stray && e.is::<Stray>() => {
                    conversion::warn_stray(input, &e.to_string());
                    continue;
                }
                read => read?,
            };
            // (Empty JSON Lines are a conversion of nothing: `find … |
            // convert --jsonl` that matched no file.)
            if stray && empty {
                conversion::warn_stray(input, "empty");
                continue;
            }
            if empty
                && input
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                bail!("{} is empty: no document", job::display(input));
            }
        }
        if let Some(file) = converted {
            read_stream(
                std::io::BufReader::new(file),
                Path::new("convert"),
                false,
                &mut |line| match line {
                    Ok(doc) => table.add(&doc),
                    Err(failed) => {
                        self.failed_here.push(failed);
                        Ok(())
                    }
                },
            )?;
        }
        table.finish()
    }
}

/// Records written as their documents are read: the CSV header with the
/// first (or alone, for a table of no record).
struct Table<'a> {
    out: &'a mut dyn Write,
    kind: Kind,
    format: Format,
    excel: bool,
    /// Raised by SIGINT or SIGTERM: a conversion of millions of rows stops
    /// between two documents.
    interrupted: &'static AtomicBool,
    /// Whether the header is written.
    started: bool,
    /// Whether a record was written.
    any: bool,
    /// The documents read, by kind (`goal_sheet`, `outline` …).
    kinds: std::collections::BTreeMap<&'static str, usize>,
}

impl<'a> Table<'a> {
    fn new(args: &Args, interrupted: &'static AtomicBool, out: &'a mut dyn Write) -> Self {
        Table {
            out,
            kind: args.kind,
            format: args.format,
            excel: args.excel,
            interrupted,
            started: false,
            any: false,
            kinds: std::collections::BTreeMap::new(),
        }
    }

    /// Writes the records of one document.
    fn add(&mut self, doc: &Document) -> anyhow::Result<()> {
        heed(self.interrupted)?;
        let kind = match doc.content {
            Content::GoalSheet { .. } => "goal_sheet",
            Content::MultiYearPlan { .. } => "multi_year_plan",
            Content::ManagementPlan { .. } => "management_plan",
            Content::Outline { .. } => "outline",
        };
        *self.kinds.entry(kind).or_default() += 1;
        match self.kind {
            Kind::Rows => self.write(&plansheet_export::row_records(doc)),
            Kind::Items => self.write(&plansheet_export::item_records(doc)),
            Kind::Targets => self.write(&plansheet_export::target_records(doc)),
            Kind::Directory => self.write(&plansheet_export::directory_records(doc)),
        }
    }

    /// A CSV table's header where no record was written; and where the
    /// documents read held none of the kind asked, what they hold (a table
    /// of no record had come without a word: helper-124).
    fn finish(mut self) -> anyhow::Result<()> {
        if !self.any && !self.kinds.is_empty() {
            let held: Vec<String> = self.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            eprintln!(
                "no {} record in the {} documents read ({}): --kind rows reads goal sheets, \
                 items multi-year plans, targets and directory management plans (and a pipe \
                 of JSON Lines is a sheet to `rows`: give it as `-` on standard input)",
                self.kind.name(),
                self.kinds.values().sum::<usize>(),
                held.join(", ")
            );
        }
        match self.kind {
            Kind::Rows => self.write::<plansheet_export::RowRecord>(&[]),
            Kind::Items => self.write::<plansheet_export::ItemRecord>(&[]),
            Kind::Targets => self.write::<plansheet_export::TargetRecord>(&[]),
            Kind::Directory => self.write::<plansheet_export::DirectoryRecord>(&[]),
        }
    }

    fn write<T: Serialize + Default>(&mut self, records: &[Record<T>]) -> anyhow::Result<()> {
        // (Nothing is written for no record, but a header where none is.)
        if records.is_empty() && self.started {
            return Ok(());
        }
        self.any |= !records.is_empty();
        match self.format {
            Format::Csv => {
                let csv = plansheet_export::to_csv(records, self.excel, !self.started)
                    .context("failed to write CSV")?;
                self.out
                    .write_all(&csv)
                    .context("failed to write the table")?;
            }
            Format::Jsonl => {
                for record in records {
                    let line =
                        plansheet_export::to_jsonl(record).context("failed to write JSON")?;
                    self.out
                        .write_all(line.as_bytes())
                        .context("failed to write the table")?;
                }
            }
        }
        self.started = true;
        Ok(())
    }
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

/// Where `-o` writes the table.
enum Output {
    /// Into what is there, appended to: a device or a FIFO (`/dev/null`:
    /// replacing it would put a file where the device was), or a file
    /// under `/dev` or `/proc` (`/dev/stdout`, `/dev/fd/3`: a descriptor
    /// the shell opened, `>> log.csv` kept, a header the shell wrote
    /// before it too).
    Into(PathBuf),
    /// Replaced atomically: a file, where the links naming it lead (a link
    /// had been replaced by the table, its target left as it was; a link
    /// to an input is refused as the input is).
    Replace(PathBuf),
}

impl Output {
    fn of(path: &Path) -> Output {
        let target = follow_links(path);
        let special = std::fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if special || is_system(&target) {
            Output::Into(target)
        } else {
            Output::Replace(target)
        }
    }

    /// Writes the table in `table`.
    fn write(&self, table: &mut std::fs::File) -> std::io::Result<()> {
        match self {
            Output::Into(path) => {
                let mut into = std::fs::OpenOptions::new().append(true).open(path)?;
                std::io::copy(table, &mut into).map(drop)
            }
            Output::Replace(path) => plansheet_export::write_atomic_with(
                path,
                plansheet_export::Durability::Now,
                |file| std::io::copy(table, file).map(drop),
            ),
        }
    }
}

/// Whether `path` is under `/dev` or `/proc`, whose files stand for what
/// is open (`/dev/stdout`, `/proc/self/fd/1`).
fn is_system(path: &Path) -> bool {
    std::path::absolute(path).is_ok_and(|p| p.starts_with("/dev") || p.starts_with("/proc"))
}

/// Where the links naming `path` lead, followed to their end (to a file
/// that does not exist yet, for a link that leads nowhere) or into `/dev`
/// or `/proc`, whose links (`/dev/stdout` → `/proc/self/fd/1` →
/// `pipe:[…]`) name what is open, not a file to replace; `path` itself
/// where it is no link.
fn follow_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // (As the kernel does, so many links in a row are a loop.)
    for _ in 0..40 {
        if is_system(&path) {
            break;
        }
        let Ok(target) = std::fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    path
}

/// Whether a file holds converted documents: named `*.json`, `*.jsonl` or
/// `*.ndjson` (any case), or a file so named otherwise whose text opens as
/// a plansheet document or a failed input's line does (JSON Lines named
/// `docs.txt` had been converted as a sheet, a table of no record given
/// without a word: helper-124). A pipe is told by its name alone: what it
/// holds is read once.
fn is_conversion_file(path: &Path) -> bool {
    use std::io::Read;
    if named_as_documents(path) {
        return true;
    }
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = Vec::with_capacity(SNIFFED_BYTES);
    if std::fs::File::open(path)
        .and_then(|f| f.take(SNIFFED_BYTES as u64).read_to_end(&mut head))
        .is_err()
    {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    let Some(object) = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .strip_prefix('{')
    else {
        return false;
    };
    object.trim_start().starts_with("\"plansheet_version\"")
        || object.contains("\"status\":\"failed\"") && object.contains("\"source\":{\"path\"")
}

/// How much of a file not named as documents is read to tell whether it
/// holds some: a document's line names its version first, a failed
/// input's its status within its first few hundred bytes.
const SNIFFED_BYTES: usize = 4096;

/// Whether a file is named as documents are: `*.json`, `*.jsonl`,
/// `*.ndjson`, in any case.
fn named_as_documents(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy();
        ["json", "jsonl", "ndjson"]
            .iter()
            .any(|k| e.eq_ignore_ascii_case(k))
    })
}

/// The file name of a source path (its last part).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
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
        // (A `convert -o` directory too: a table written there had been
        // let be, as one is not read back from it, but the directory is
        // the conversion's, and the README says no input's: review.)
        if output_abs == input_abs || input.is_dir() && output_abs.starts_with(&input_abs) {
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

/// One line of a conversion: a document, or a failed input.
type ConvertedLine = Result<Document, job::Failed>;

/// Reads documents from `reader` one at a time (see
/// [`conversion::each_value`]), calling `each` on each, a failed input's
/// line as its path. Returns whether there was none.
///
/// `stray`: the input is a file in a `convert -o` directory, where a file
/// that is no conversion (not JSON, or JSON of something else) is none of
/// the run's: a [`Stray`] error then, which the caller passes over.
fn read_stream(
    reader: impl BufRead,
    input: &Path,
    stray: bool,
    each: &mut dyn FnMut(ConvertedLine) -> anyhow::Result<()>,
) -> anyhow::Result<bool> {
    conversion::each_value(reader, input, &mut |entry| {
        let value = match entry.value(input) {
            Ok(value) => value,
            Err(_) if stray => return Err(Stray("not JSON").into()),
            Err(e) => return Err(e),
        };
        if stray && !conversion::is_conversion(&value) {
            return Err(Stray("not a plansheet document").into());
        }
        // A run report, named on the command line, is none of `rows`'s
        // inputs (it had been read as JSON Lines: `not JSON`).
        if value.get("entries").is_some() && value.get("counts").is_some() {
            bail!("{} is a run report, not a document", job::display(input));
        }
        if value.get("status").is_some_and(|s| s == "failed") {
            return each(Err(job::Failed::of(&value)));
        }
        let doc = serde_json::from_value(value).with_context(|| {
            format!(
                "{} line {}: not a plansheet document",
                job::display(input),
                entry.line
            )
        })?;
        each(Ok(doc))
    })
}

/// A file in a `convert -o` directory that holds no conversion (why), to
/// be passed over with a warning (a stray `notes.json` had stopped the
/// table, exit 2).
#[derive(Debug)]
struct Stray(&'static str);

impl std::fmt::Display for Stray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Stray {}

/// What the first reading of a conversion needs of a document: the file
/// name and hash of its source (`sha256` is absent on a failed input's
/// line).
#[derive(serde::Deserialize)]
struct Head {
    source: HeadSource,
}

#[derive(serde::Deserialize)]
struct HeadSource {
    path: String,
    sha256: Option<String>,
}

/// Converts sheets exactly as `convert --null --files-from LIST --jsonl` does — in
/// worker processes, with their deadline and memory cap — by running this
/// binary so; returns the JSON Lines, one per sheet, in order, in a
/// temporary file (gone when it is closed).
///
/// SIGINT or SIGTERM stops it: the conversion is sent SIGTERM (it stops
/// its workers and ends as on SIGINT) and waited for, and the list of
/// sheets removed (a `rows` killed by SIGTERM had left the conversion and
/// its workers running, and the list in `$TMPDIR`: review).
fn convert(sheets: &[PathBuf], interrupted: &AtomicBool) -> anyhow::Result<std::fs::File> {
    use std::os::unix::ffi::OsStrExt;
    let exe = std::env::current_exe().context("failed to find the plansheet binary")?;
    let mut out = tempfile::tempfile().context("failed to make a temporary file")?;
    // The list goes in a file, each path ended by a NUL byte: a file name
    // may hold a line break (its sheet had been two other paths, one read
    // in its place: helper-124), and the conversion's standard input stays
    // this one's (a sheet `/dev/stdin` had read the list).
    let mut list = tempfile::NamedTempFile::new().context("failed to make a temporary file")?;
    for sheet in sheets {
        list.write_all(sheet.as_os_str().as_bytes())
            .and_then(|()| list.write_all(b"\0"))
            .context("failed to pass the sheets to the conversion")?;
    }
    list.flush()
        .context("failed to pass the sheets to the conversion")?;
    heed(interrupted)?;
    let mut child = std::process::Command::new(exe)
        .args(["convert", "--null", "--files-from"])
        .arg(list.path())
        .args(["--jsonl", "-q", "--fail-on", "never"])
        .stdout(out.try_clone().context("failed to make a temporary file")?)
        .spawn()
        .context("failed to start the conversion")?;
    let status = loop {
        if interrupted.load(Ordering::Relaxed) {
            // (A SIGINT from the terminal reached the conversion too: it
            // may have ended already, and the signal finds no process.)
            if let Ok(pid) = i32::try_from(child.id()) {
                let pid = nix::unistd::Pid::from_raw(pid);
                let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
            }
            let _ = child.wait();
            return Err(Interrupted.into());
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(crate::worker::INTERRUPT_POLL),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(e).context("failed to wait for the conversion");
            }
        }
    };
    if !status.success() {
        bail!("the conversion failed ({status})");
    }
    out.rewind().context("failed to read the conversion back")?;
    Ok(out)
}
