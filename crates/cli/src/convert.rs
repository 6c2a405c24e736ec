//! `plansheet convert`: many inputs, converted in parallel, one report.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use plansheet::model::{EntryStatus, FailureLine, Reason, ReportEntry, RunReport};
use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::job::{self, Converted};
use crate::output::{Documents, OutputDir, others_unflushed};
use crate::worker::{Failure, INTERRUPT_POLL, INTERRUPTED_WHILE_READ, Limits, Pool, Request};

/// Where the bundled archive lives when `convert` is run from the
/// repository, and where this binary was built from otherwise.
const ARCHIVE: &str = "fixtures/archive";
const BUILT_ARCHIVE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/archive");

/// The most inputs a worker is given at once (see `Pool::run_batch`).
const MAX_BATCH: usize = 16;

/// Progress is only drawn for runs that take longer than this.
const PROGRESS_DELAY: Duration = Duration::from_secs(1);

/// The longest `--timeout`: a day. Longer is a typo, and `Duration` cannot
/// hold every float.
const MAX_TIMEOUT_SECS: f64 = 86_400.0;

/// The smallest `--max-memory`: below this a worker cannot even start.
const MIN_MEMORY: u64 = 32 << 20;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files and directories to convert (directories recursively, symbolic
    /// links followed; hidden files are skipped, and an earlier run's output
    /// directory, one holding its run-report.json, is named and not read).
    /// Default: the bundled archive.
    inputs: Vec<PathBuf>,
    /// Directory for the JSON documents and run-report.json. It may lie
    /// inside an input directory (it is then not read as input), but may
    /// not be one.
    #[arg(short, long, value_name = "OUT_DIR", required_unless_present = "jsonl")]
    output: Option<PathBuf>,
    /// Worker threads and processes (default, or 0: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Stream one document per line to standard output instead of writing
    /// files (the report is still written when -o is given).
    #[arg(long)]
    jsonl: bool,
    /// No progress bar and no summary on standard error.
    #[arg(short, long)]
    quiet: bool,
    /// Seconds one input may take (more than 0, at most a day) before its
    /// worker is killed and the input is reported `failed` with `timeout`.
    #[arg(long, value_name = "SECS", default_value_t = 120.0, value_parser = parse_seconds)]
    timeout: f64,
    /// Address-space cap per worker process, in bytes (suffixes K, M, G; at
    /// least 32M); an input that needs more is reported `failed` with `oom`.
    /// A lower hard limit on the process (ulimit -v) wins.
    #[arg(long, value_name = "BYTES", default_value = "4G", value_parser = parse_memory)]
    max_memory: u64,
    /// Replace each worker process after this many inputs; 0: never (a
    /// worker whose resident memory passed 64 MiB is replaced after that
    /// input anyway).
    #[arg(long, value_name = "N", default_value_t = 2000)]
    recycle: usize,
    /// Skip inputs whose document in OUT_DIR was written by this version
    /// from the same bytes (by sha256); convert the rest.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Read input paths from FILE, one per line (`-`: standard input). An
    /// empty list converts nothing, successfully. Documents go under OUT_DIR
    /// by their whole path, so same-named files in different directories do
    /// not collide.
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// The paths of `--files-from` are each ended by a NUL byte, not a
    /// line end (`find -print0`): for file names that hold a line break.
    #[arg(short = '0', long, requires = "files_from")]
    null: bool,
    /// Which outcome makes the exit code 1: any `failed` input, any
    /// `partial` or `failed` input (the default), or never (for a step in a
    /// larger job that reads the statuses itself).
    #[arg(long, value_enum, default_value_t = FailOn::Partial)]
    fail_on: FailOn,
}

/// What `--fail-on` counts as a failed run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FailOn {
    /// Exit 1 when an input is `failed`.
    Failed,
    /// Exit 1 when an input is `partial` or `failed`.
    Partial,
    /// Exit 0 whatever the statuses (usage errors still exit 2).
    Never,
}

/// `512M`, `4G`, `1000000` → bytes.
pub(crate) fn parse_bytes(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let n: u64 = digits.parse().map_err(|_| format!("not a size: {text}"))?;
    let scale = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        other => return Err(format!("unknown size unit {other}")),
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("too large: {text}"))
}

/// A memory cap a worker can live with.
fn parse_memory(text: &str) -> Result<u64, String> {
    let bytes = parse_bytes(text)?;
    if bytes < MIN_MEMORY {
        return Err(format!(
            "{text} is below the {} MiB a worker needs to start",
            MIN_MEMORY >> 20
        ));
    }
    Ok(bytes)
}

/// A deadline in seconds: finite, more than 0, at most a day.
pub(crate) fn parse_seconds(text: &str) -> Result<f64, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("not a number of seconds: {text}"))?;
    if !(secs > 0.0 && secs <= MAX_TIMEOUT_SECS) {
        return Err(format!(
            "{text}: a deadline must be more than 0 and at most {MAX_TIMEOUT_SECS} seconds"
        ));
    }
    Ok(secs)
}

/// One file to convert.
struct Input {
    /// The file.
    path: PathBuf,
    /// The path as the report shows it.
    display: String,
    /// Where its document goes, relative to the output directory.
    relative: PathBuf,
    /// The walk of a directory found it a regular file, not through a
    /// link: no pipe or device, and not standard input under another
    /// name, so [`request`] need not ask the file system again (a `statx`
    /// per input, a tenth of the supervisor's system time).
    walked_file: bool,
}

/// How a run ended.
pub(crate) enum Outcome {
    /// Nothing `--fail-on` counts went wrong.
    Success,
    /// Some input ended as `--fail-on` counts a failure.
    SomeFailed,
    /// SIGINT or SIGTERM stopped the run; the report lists what was left.
    Interrupted,
}

/// Runs the conversion.
pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let interrupted = interrupt_flag()?;
    let listed = match &args.files_from {
        Some(list) => Some(read_list(list, args.null)?),
        None => None,
    };
    let roots = if args.inputs.is_empty() && listed.is_none() {
        let archive = default_archive()?;
        if !args.quiet {
            eprintln!(
                "no INPUT given: converting the bundled sample archive {}",
                job::display(&archive)
            );
        }
        vec![archive]
    } else {
        args.inputs.clone()
    };
    // The output directory is made only once the inputs are known to be
    // there and not empty (`convert -o o_x /nonexistent`, exit 2, had left
    // an empty `o_x/`): the walk passes over it where it exists already.
    let existing_output = args.output.as_deref().and_then(|d| d.canonicalize().ok());
    let Discovered {
        mut inputs,
        mut skipped,
        earlier,
    } = discover(&roots, existing_output.as_deref())?;
    if !args.quiet {
        for dir in &earlier {
            eprintln!(
                "not read: {}, an earlier conversion's output directory (its run-report.json); \
                 its documents are read by `plansheet rows` and `plansheet diff`",
                job::display(dir)
            );
        }
    }
    if let Some(paths) = listed {
        inputs.extend(paths.into_iter().map(|path| {
            Input {
                display: job::source_path(&path),
                relative: path
                    .components()
                    .filter(|c| matches!(c, std::path::Component::Normal(_)))
                    .collect(),
                path,
                walked_file: false,
            }
        }));
    } else if inputs.is_empty() && skipped.is_empty() {
        bail!("no input files found in {}", display_list(&roots));
    }
    let again = named_once(&mut inputs, &mut skipped);
    if !args.quiet && !again.is_empty() {
        eprintln!(
            "{} inputs were named more than once (spelt otherwise, `./s//a.txt` and `s/a.txt`, \
             or given and met in a directory given too): each is converted once: {}",
            again.len(),
            job::named(&again)
        );
    }
    let output = match &args.output {
        Some(dir) => Some(OutputDir::open(dir, &roots)?),
        None => None,
    };
    if let Some(out) = &output
        && args.resume
    {
        out.remove_stale_temporaries();
    }
    let jobs = match args.jobs {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let progress = Progress::new(inputs.len() as u64, args.quiet);
    let workers = Pool::new(
        Limits {
            timeout: Duration::from_secs_f64(args.timeout),
            max_memory: effective_memory_cap(args.max_memory),
            // (0 had been taken for 1, a worker per input, unsaid; 0 is
            // "never" as it is for PHP-FPM's and Gunicorn's like settings.)
            recycle: match args.recycle {
                0 => usize::MAX,
                n => n,
            },
        },
        interrupted,
    );
    let lines = args.jsonl.then(|| Mutex::new(Lines::default()));
    // The report is written whatever happens: an input where it goes would
    // be lost (a reviewer's `convert d/x.txt d/run-report.json -o d`).
    if let Some(out) = &output {
        let report = out.canonical_report();
        let at_report = inputs.iter().find(|input| {
            input.path.file_name() == report.file_name()
                && input.path.canonicalize().is_ok_and(|path| path == report)
        });
        if let Some(input) = at_report {
            bail!(
                "the input {} is where the run report goes: the report would overwrite it",
                input.display
            );
        }
    }
    let collisions = collisions(&inputs, output.as_ref());
    let writer = (output.is_some() && !args.jsonl).then(Writer::start);
    let mut entries: Vec<Option<ReportEntry>> = Vec::new();
    entries.resize_with(inputs.len(), || None);
    let done = Mutex::new(entries);
    // The documents `--resume` kept.
    let kept: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    // What became of input `index`: its JSON line out (in input order), its
    // entry kept.
    let finish = |index: usize, entry: ReportEntry, document: Option<Vec<u8>>| {
        if let Some(lines) = &lines
            && let Ok(mut lines) = lines.lock()
        {
            let line = document.unwrap_or_else(|| failure_line(&entry));
            lines.emit(index, line);
        }
        progress.tick(&inputs[index].display);
        if let Ok(mut done) = done.lock() {
            done[index] = Some(entry);
        }
    };
    // A converted input's document goes to `for_writer` with `-o` (the
    // writer takes a batch's documents at once), or stays with its entry
    // for standard output.
    let keep = |index: usize,
                mut entry: ReportEntry,
                document: Option<Vec<u8>>,
                for_writer: &mut Vec<Queued>| {
        let input = &inputs[index];
        let path = output.as_ref().map(|o| o.document(&input.relative));
        match (&writer, document, path) {
            (Some(_), Some(document), Some(path)) => {
                entry.output = Some(job::display(&path));
                for_writer.push((index, path, document));
                (entry, None)
            }
            // An input that failed now has no document: one an earlier run
            // wrote for it into this directory is removed, or `rows` and
            // `diff` would read the old rows as this run's (a reviewer's
            // rerun after an input was emptied: the report said `failed`,
            // `rows` gave the old rows `ok`). An input not started (an
            // interrupt) keeps its document for `--resume` to judge.
            // (With `--jsonl` too, which writes only the report there.)
            (_, None, Some(path))
                if !matches!(
                    entry.reason,
                    Some(Reason::Interrupted | Reason::OutputCollision)
                ) && written_for(&path, &input.display) =>
            {
                let removed = match std::fs::remove_file(&path) {
                    Ok(()) => Some("the document an earlier run wrote for it was removed".into()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => Some(format!(
                        "the document an earlier run wrote for it could not be removed: {e}"
                    )),
                };
                if let Some(removed) = removed {
                    entry.message = Some(match entry.message.take() {
                        Some(message) => format!("{message} ({removed})"),
                        None => removed,
                    });
                }
                (entry, None)
            }
            (_, document, _) => (entry, document),
        }
    };
    // Why no more inputs are started: an interrupt, or standard output
    // closed (`| head`).
    let stopped = || {
        if interrupted.load(Ordering::Relaxed) {
            Some("the run was interrupted before this input")
        } else if lines
            .as_ref()
            .is_some_and(|l| l.lock().is_ok_and(|l| l.closed))
        {
            Some("standard output was closed before this input")
        } else {
            None
        }
    };
    // Sends the requests gathered to a worker; their spooled copies are
    // removed once it is done.
    let run_batch = |requests: &mut Vec<Request>, batch: &mut Vec<(usize, Spooled)>| {
        let mut for_writer = Vec::new();
        workers.run_batch(requests, |k, result, taken_up| {
            let index = batch[k].0;
            let (entry, document) = settle(&inputs[index], result, taken_up);
            let (entry, document) = keep(index, entry, document, &mut for_writer);
            finish(index, entry, document);
            match stopped() {
                Some(message) => std::ops::ControlFlow::Break(message),
                None => std::ops::ControlFlow::Continue(()),
            }
        });
        if let Some(writer) = writer.as_ref().filter(|_| !for_writer.is_empty()) {
            writer.write(for_writer);
        }
        requests.clear();
        batch.clear();
    };
    let convert = |range: std::ops::Range<usize>| {
        let mut batch: Vec<(usize, Spooled)> = Vec::new();
        let mut requests: Vec<Request> = Vec::new();
        for index in range {
            let input = &inputs[index];
            if let Some(why) = &collisions[index] {
                let e =
                    ReportEntry::failed(&input.display, Reason::OutputCollision, why.clone(), 0);
                finish(index, e, None);
            } else if let Some(message) = stopped() {
                let e = ReportEntry::failed(&input.display, Reason::Interrupted, message.into(), 0);
                finish(index, e, None);
            } else if let Some((entry, doc, path)) =
                output.as_ref().filter(|_| args.resume).and_then(|out| {
                    let path = out.document(&input.relative);
                    let (entry, doc) = job::resumed(&input.path, &input.display, &path)?;
                    Some((entry, doc, path))
                })
            {
                // A killed run may have left it unflushed.
                if let Ok(mut kept) = kept.lock() {
                    kept.push(path);
                }
                let line = args
                    .jsonl
                    .then(|| plansheet_export::to_jsonl(&doc).ok())
                    .flatten()
                    .map(String::into_bytes);
                finish(index, entry, line);
            } else {
                let started = Instant::now();
                match request(input, args, interrupted) {
                    Ok((request, spooled)) => {
                        let copied = spooled.is_some();
                        requests.push(request);
                        batch.push((index, spooled));
                        // A copy (up to 1 GiB) waits for no other input:
                        // one per thread at a time.
                        if copied {
                            run_batch(&mut requests, &mut batch);
                        }
                    }
                    Err((reason, message)) => {
                        let ms = job::elapsed_ms(started);
                        let entry = job::failed(&input.display, reason, message, None, ms);
                        finish(index, entry, None);
                    }
                }
            }
        }
        run_batch(&mut requests, &mut batch);
    };
    // Inputs go out in batches of consecutive inputs (see
    // `Pool::run_batch`); `par_bridge` hands the batches out in order, one
    // at a time, so at most `jobs` batches are in flight and JSON Lines
    // leave in input order without holding more than `jobs` batches of
    // documents back. Small runs get batches of one, so that every thread
    // has work.
    let batch = (inputs.len() / (jobs * 4)).clamp(1, MAX_BATCH);
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("failed to start the worker threads")?;
    threads.install(|| {
        (0..inputs.len())
            .step_by(batch)
            .par_bridge()
            .for_each(|first| convert(first..(first + batch).min(inputs.len())));
    });
    progress.finish();
    drop(workers);
    let written = writer.map(Writer::finish);
    // With standard output closed, the lines from the first one not
    // written on were never seen: none of those inputs is `ok` to the
    // reader (and a report with -o says so).
    let unseen = lines
        .as_ref()
        .and_then(|l| l.lock().ok().filter(|l| l.closed).map(|l| l.written));
    let closed = unseen.is_some();
    let mut entries: Vec<ReportEntry> = done
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .zip(&inputs)
        .map(|(entry, input)| {
            entry.unwrap_or_else(|| {
                let message = "no result was recorded for this input (a plansheet bug)";
                ReportEntry::failed(&input.display, Reason::Crashed, message.into(), 0)
            })
        })
        .collect();
    for entry in entries.iter_mut().skip(unseen.unwrap_or(usize::MAX)) {
        if entry.status != EntryStatus::Failed {
            let message = "standard output was closed before its line was written".to_owned();
            *entry = ReportEntry {
                sha256: entry.sha256.take(),
                bytes: entry.bytes,
                ..ReportEntry::failed(&entry.path, Reason::Interrupted, message, entry.ms)
            };
        }
    }
    let (written, write_failures) = match written {
        Some(Some(Written {
            files,
            unsynced,
            unflushed,
            failures,
            sync_error,
        })) => (
            Documents {
                files,
                unsynced,
                unflushed,
                sync_error,
            },
            failures,
        ),
        Some(None) => (
            Documents::default(),
            entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.output.is_some())
                .map(|(index, _)| (index, "the document writer stopped".to_owned()))
                .collect(),
        ),
        None => (Documents::default(), Vec::new()),
    };
    for (index, message) in write_failures {
        if let (Some(entry), Some(input)) = (entries.get_mut(index), inputs.get(index)) {
            *entry = ReportEntry::failed(&input.display, Reason::WriteError, message, entry.ms);
        }
    }
    // What the walk could not follow gets its line too, after the inputs.
    if let Some(lines) = &lines
        && let Ok(mut lines) = lines.lock()
    {
        for (k, entry) in skipped.iter().enumerate() {
            lines.emit(inputs.len() + k, failure_line(entry));
        }
    }
    entries.append(&mut skipped);

    let report = RunReport::new(plansheet::VERSION, job::elapsed_ms(started), entries);
    let kept = kept.into_inner().unwrap_or_default();
    let resumed = kept.len();
    if let Some(out) = &output {
        let json = plansheet_export::to_json(&report).context("failed to serialize the report")?;
        let mut documents = written;
        // A killed run may have left those unflushed.
        documents.files.extend_from_slice(&kept);
        documents.unsynced.extend(kept);
        out.write_report(json.as_bytes(), documents)?;
    }
    if !args.quiet && !closed {
        summarize(
            &report,
            output.as_ref().map(OutputDir::report_path).as_deref(),
            resumed,
        );
    }
    let c = report.counts;
    let failed = match args.fail_on {
        FailOn::Failed => c.failed > 0,
        FailOn::Partial => c.failed + c.partial > 0,
        FailOn::Never => false,
    };
    Ok(if interrupted.load(Ordering::Relaxed) {
        Outcome::Interrupted
    } else if failed && !closed {
        Outcome::SomeFailed
    } else {
        Outcome::Success
    })
}

/// Input paths from a list file (`-`: standard input), one per line (blank
/// lines skipped), or with `null` each ended by a NUL byte. Paths are
/// bytes: they need not be UTF-8.
fn read_list(list: &Path, null: bool) -> anyhow::Result<Vec<PathBuf>> {
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = Vec::new();
    if list == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("failed to read the input list from standard input")?;
    } else {
        bytes = std::fs::read(list)
            .with_context(|| format!("failed to read the input list {}", job::display(list)))?;
    }
    if null {
        return Ok(bytes
            .split(|&b| b == 0)
            .filter(|path| !path.is_empty())
            .map(|path| PathBuf::from(std::ffi::OsStr::from_bytes(path)))
            .collect());
    }
    Ok(bytes
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .map(|line| PathBuf::from(std::ffi::OsStr::from_bytes(line)))
        .collect())
}

/// JSON Lines on standard output, in input order: a line that is ready
/// early waits until the lines before it are out.
#[derive(Default)]
struct Lines {
    /// The index of the next line to write.
    next: usize,
    /// Lines that wait for an earlier one.
    waiting: std::collections::BTreeMap<usize, Vec<u8>>,
    /// Standard output was closed (`| head`): write nothing more.
    closed: bool,
    /// How many lines were written whole: those of the first inputs.
    written: usize,
}

impl Lines {
    fn emit(&mut self, index: usize, line: Vec<u8>) {
        self.waiting.insert(index, line);
        let mut out = std::io::stdout().lock();
        while let Some(line) = self.waiting.remove(&self.next) {
            self.next += 1;
            if self.closed {
                continue;
            }
            if out.write_all(&line).is_ok() {
                self.written += 1;
            } else {
                // The reader is gone: the run ends quietly.
                self.closed = true;
            }
        }
        if !self.closed && out.flush().is_err() {
            self.closed = true;
        }
    }
}

/// The JSON line of an input that made no document: its path, status,
/// reason and message, so that every input has exactly one line.
/// (`schemas/jsonl-line.schema.json`)
fn failure_line(entry: &ReportEntry) -> Vec<u8> {
    // Strings and codes only: writing them cannot fail.
    let mut line = serde_json::to_vec(&FailureLine::of(entry)).unwrap_or_default();
    line.push(b'\n');
    line
}

/// A flag SIGINT and SIGTERM raise. The run then starts no new input, stops
/// its workers, and writes the report with what was left.
pub(crate) fn interrupt_flag() -> anyhow::Result<&'static AtomicBool> {
    static FLAG: std::sync::OnceLock<std::sync::Arc<AtomicBool>> = std::sync::OnceLock::new();
    let flag = FLAG.get_or_init(|| std::sync::Arc::new(AtomicBool::new(false)));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, std::sync::Arc::clone(flag))
            .context("failed to install the signal handlers")?;
    }
    Ok(flag.as_ref())
}

/// The lower of the requested cap and the hard address-space limit this
/// process already has (ulimit -v): a worker cannot raise its limit past
/// the hard one.
fn effective_memory_cap(requested: u64) -> u64 {
    match rlimit::getrlimit(rlimit::Resource::AS) {
        Ok((_, hard)) if hard < requested => hard,
        _ => requested,
    }
}

fn default_archive() -> anyhow::Result<PathBuf> {
    [ARCHIVE, BUILT_ARCHIVE]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_dir())
        .with_context(|| format!("no INPUT given and the bundled archive ({ARCHIVE}) is not here"))
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| job::display(p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Files as given, and the files below directories (symbolic links
/// followed), sorted by path so that the report's order does not depend on
/// the file system. The output directory is never walked, nor the output
/// directory of an earlier run (one holding a run report; `output`: the
/// output directory resolved, where it exists). Whatever the walk
/// cannot follow (a link loop, an unreadable directory, a broken link) is a
/// failed entry, not a silent gap.
fn discover(roots: &[PathBuf], output: Option<&Path>) -> anyhow::Result<Discovered> {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    let mut earlier = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(root)
            .with_context(|| format!("failed to read {}", job::display(root)))?;
        if !meta.is_dir() {
            let name = root.file_name().map_or_else(|| root.clone(), PathBuf::from);
            inputs.push(Input {
                display: job::source_path(root),
                path: root.clone(),
                relative: name,
                walked_file: false,
            });
            continue;
        }
        let mut walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !e.file_name().to_string_lossy().starts_with('.')
                        // Only a directory can be the output directory:
                        // files are not resolved (a link read per
                        // component of every path).
                        && !output.is_some_and(|out| {
                            e.file_type().is_dir()
                                && e.path().canonicalize().is_ok_and(|p| p == out)
                        })
            });
        while let Some(entry) = walker.next() {
            match entry {
                // An earlier run's output directory (`convert in -o in/json`,
                // then `convert in -o in/out`) holds documents, not sheets:
                // each had been read as an outline of its JSON text, `ok`
                // (helper-126).
                Ok(entry)
                    if entry.file_type().is_dir()
                        && matches!(job::last_run(entry.path()), Ok(Some(_))) =>
                {
                    walker.skip_current_dir();
                    earlier.push(entry.path().to_path_buf());
                }
                // A file, or anything else but a directory (a named pipe, a
                // device, a socket): read as named on the command line, a
                // pipe within its deadline (a pipe found in a directory had
                // been passed over without a word).
                Ok(entry) if !entry.file_type().is_dir() => {
                    let relative = entry
                        .path()
                        .strip_prefix(root)
                        .unwrap_or(entry.path())
                        .to_path_buf();
                    inputs.push(Input {
                        display: job::source_path(entry.path()),
                        path: entry.path().to_path_buf(),
                        relative,
                        walked_file: entry.file_type().is_file() && !entry.path_is_symlink(),
                    });
                }
                Ok(_) => {}
                Err(e) => skipped.push(walk_failure(&e, root)),
            }
        }
    }
    Ok(Discovered {
        inputs,
        skipped,
        earlier,
    })
}

/// Leaves out every input named again: one whose path, as its document
/// and report entry record it ([`job::source_path`]), is an earlier
/// input's (`./s//a.txt` and `s/a.txt`; a file given and met in a
/// directory given too), and what the walk could not follow met again.
/// Each was converted twice into one output file, the second reported
/// `output_collision` (review). Returns the paths left out, once each.
fn named_once(inputs: &mut Vec<Input>, skipped: &mut Vec<ReportEntry>) -> Vec<String> {
    // Each path met, as a path ([`job::lexical`]: `./s//a.txt` is
    // `s/a.txt`), not as the report shows it: two names that are not UTF-8 may show
    // alike (`b\xff.tsv`, `b\\xFF.tsv`: review), and whether it was met
    // again.
    let mut seen: HashMap<PathBuf, bool> = HashMap::with_capacity(inputs.len());
    let mut again: Vec<String> = Vec::new();
    let mut first = |path: &Path, display: &str| {
        let key = job::lexical(path);
        match seen.get_mut(&key) {
            None => {
                seen.insert(key, false);
                true
            }
            Some(said) => {
                if !*said {
                    *said = true;
                    again.push(display.to_owned());
                }
                false
            }
        }
    };
    inputs.retain(|input| first(&input.path, &input.display));
    skipped.retain(|entry| first(Path::new(&entry.path), &entry.path));
    again
}

/// What [`discover`] found.
struct Discovered {
    /// The files to convert.
    inputs: Vec<Input>,
    /// Failed entries for what the walk could not follow.
    skipped: Vec<ReportEntry>,
    /// Output directories of earlier runs met in the walk, not read.
    earlier: Vec<PathBuf>,
}

fn walk_failure(e: &walkdir::Error, root: &Path) -> ReportEntry {
    let path = e.path().unwrap_or(root);
    // A link that leads to itself, or to links that lead back to it
    // (`ln -s a b; ln -s b a`), loops before it reaches a directory: the
    // system says so (ELOOP), and it is a loop as one back to a directory
    // above is (it had been `read_error`: review).
    let eloop = e.io_error().and_then(std::io::Error::raw_os_error)
        == Some(rustix::io::Errno::LOOP.raw_os_error());
    let (reason, message) = match e.loop_ancestor() {
        Some(ancestor) => (
            Reason::LinkLoop,
            format!(
                "a symbolic link back to {}: not followed",
                job::display(ancestor)
            ),
        ),
        None if eloop => (
            Reason::LinkLoop,
            "a symbolic link that leads back to itself through links: not followed".to_owned(),
        ),
        None => (Reason::ReadError, format!("failed to read: {e}")),
    };
    ReportEntry::failed(&job::source_path(path), reason, message, 0)
}

/// Whether the document at `path` was written for the input shown as
/// `display` (its `source.path`): a document another input of an earlier
/// run wrote there, under the same name, is not this one's to remove
/// (rev94: a failing input of another directory had removed it).
fn written_for(path: &Path, display: &str) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    #[derive(serde::Deserialize)]
    struct Source {
        path: String,
    }
    #[derive(serde::Deserialize)]
    struct Written {
        source: Source,
    }
    // (An earlier run's path may be typed otherwise: `./a.txt`.)
    serde_json::from_slice::<Written>(&bytes)
        .is_ok_and(|doc| job::source_path(Path::new(&doc.source.path)) == display)
}

/// Why an input's document may not be written, per input: two inputs with
/// one output path (the first wins), an output path that is an input file,
/// or the run report's own path.
fn collisions(inputs: &[Input], output: Option<&OutputDir>) -> Vec<Option<String>> {
    let Some(out) = output else {
        return vec![None; inputs.len()];
    };
    // Resolving a path reads every component's link: once per directory,
    // then the name joined, unless the name is a link itself.
    let mut directories: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut resolve = |path: &Path| -> Option<PathBuf> {
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return path.canonicalize().ok();
        };
        if std::fs::symlink_metadata(path)
            .ok()?
            .file_type()
            .is_symlink()
        {
            return path.canonicalize().ok();
        }
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let resolved = directories
            .entry(parent.to_path_buf())
            .or_insert_with(|| parent.canonicalize().ok());
        resolved.as_ref().map(|dir| dir.join(name))
    };
    let input_files: HashSet<PathBuf> = inputs.iter().filter_map(|i| resolve(&i.path)).collect();
    let mut first_writer: HashMap<PathBuf, usize> = HashMap::new();
    inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let document = out.canonical_document(&input.relative);
            if document == out.canonical_report() {
                return Some("its document would be replaced by run-report.json".into());
            }
            if input_files.contains(&document) {
                return Some(format!(
                    "its document would overwrite the input {}",
                    job::display(&document)
                ));
            }
            let first = *first_writer.entry(document).or_insert(i);
            (first != i).then(|| format!("{} writes the same output file", inputs[first].display))
        })
        .collect()
}

/// The temporary copy of a pipe or device input, if it is one.
type Spooled = Option<tempfile::NamedTempFile>;

/// The worker's request for one input. A pipe or device (/dev/stdin) is
/// read here, once, into a temporary file the worker then reads (the
/// worker's own standard input is its request pipe, and a pipe cannot be
/// read twice); the file must live until the worker has answered.
fn request(
    input: &Input,
    args: &Args,
    interrupted: &AtomicBool,
) -> Result<(Request, Spooled), (Reason, String)> {
    let spooled = match (!input.walked_file).then(|| std::fs::metadata(&input.path)) {
        Some(Ok(meta)) if !meta.is_file() || is_standard_input(&meta) => {
            Some(spool(&input.path, args.timeout, interrupted)?)
        }
        _ => None,
    };
    // Every input is read in a worker process, so that its deadline and
    // memory cap hold whatever its format: text parsers are linear, but a
    // bound that does not depend on that is the one that holds.
    let request = Request {
        path: spooled
            .as_ref()
            .map_or_else(|| input.path.clone(), |f| f.path().to_path_buf()),
        display: input.display.clone(),
        compact: args.jsonl,
    };
    Ok((request, spooled))
}

/// The report entry of an input the worker took up at `taken_up` (`None`:
/// it was never started), and its document as JSON (compact for JSON
/// Lines) when one was made.
fn settle(
    input: &Input,
    result: Result<Converted, Failure>,
    taken_up: Option<Instant>,
) -> (ReportEntry, Option<Vec<u8>>) {
    match (result, taken_up) {
        (Ok(Converted { entry, document }), _) => (entry, document),
        (Err(failure), None) => {
            let entry = ReportEntry::failed(&input.display, failure.reason, failure.message, 0);
            (entry, None)
        }
        (Err(failure), Some(started)) => {
            let ms = job::elapsed_ms(started);
            // Hash what failed, if it is a file that can be read again (a
            // pipe cannot).
            let bytes = std::fs::metadata(&input.path)
                .is_ok_and(|m| m.is_file())
                .then(|| std::fs::read(&input.path).ok())
                .flatten();
            let entry = job::failed(
                &input.display,
                failure.reason,
                failure.message,
                bytes.as_deref(),
                ms,
            );
            (entry, None)
        }
    }
}

/// Writes documents into the output directory on a thread of its own, so
/// that creating files (most of what writing one document per file costs)
/// overlaps with converting the next inputs. Documents come a batch of
/// inputs at a time (up to [`MAX_BATCH`]): handing them over one by one
/// woke the thread for each (6,179 context switches for 2,400 documents,
/// 2,887 in batches). At most
/// `QUEUED` batches wait. Documents are not synced one by one as they are
/// written: [`OutputDir::write_report`] makes them durable together, with
/// one `syncfs`; only while another program keeps the disk busy (much
/// unflushed data that is not this run's, which that `syncfs` would wait
/// for) does the writer have each document synced on threads of their own
/// as it goes ([`plansheet_export::Syncer`]), so that the run does not
/// wait for those syncs at its end.
struct Writer {
    queue: Option<std::sync::mpsc::SyncSender<Vec<Queued>>>,
    thread: std::thread::JoinHandle<Written>,
}

/// A document for the writer: the input's index, where it goes, its bytes.
type Queued = (usize, PathBuf, Vec<u8>);

/// What the writer thread did.
#[derive(Default)]
struct Written {
    /// The documents written.
    files: Vec<PathBuf>,
    /// Those of them not synced yet.
    unsynced: Vec<PathBuf>,
    /// What writing those not synced yet took in memory until it is
    /// flushed, in bytes (a synced document's pages are flushed: counted,
    /// they would raise the bar that tells another program's writing, and
    /// a long run would stop seeing it).
    unflushed: u64,
    /// The inputs whose document could not be written, with why.
    failures: Vec<(usize, String)>,
    /// The first error syncing documents as they were written met.
    sync_error: Option<std::io::Error>,
}

/// Batches of documents waiting for the writer thread, at most: with
/// [`MAX_BATCH`], 64 documents, as many as waited one by one before.
const QUEUED: usize = 4;

/// What a written file of `len` bytes takes in memory until it is flushed:
/// whole pages, and a page for its inode and directory entry.
fn unflushed(len: usize) -> u64 {
    const PAGE: u64 = 4096;
    (len as u64).div_ceil(PAGE) * PAGE + PAGE
}

impl Writer {
    fn start() -> Writer {
        let (queue, batches) = std::sync::mpsc::sync_channel::<Vec<Queued>>(QUEUED);
        let thread = std::thread::spawn(move || {
            let mut written = Written::default();
            let mut syncer: Option<plansheet_export::Syncer> = None;
            for batch in batches {
                // Looked at again for each batch: the other program may
                // start or stop writing during the run.
                let busy = others_unflushed(written.unflushed);
                for (index, path, document) in batch {
                    let durability = plansheet_export::Durability::Later;
                    match plansheet_export::write_atomic(&path, &document, durability) {
                        Ok(()) => {
                            written.files.push(path.clone());
                            if busy {
                                let syncer =
                                    syncer.get_or_insert_with(plansheet_export::Syncer::start);
                                if let Err(e) = syncer.sync(path) {
                                    written.sync_error.get_or_insert(e);
                                }
                            } else {
                                written.unflushed += unflushed(document.len());
                                written.unsynced.push(path);
                            }
                        }
                        Err(e) => {
                            let message = format!("failed to write {}: {e}", path.display());
                            written.failures.push((index, message));
                        }
                    }
                }
            }
            if let Some(Err(e)) = syncer.map(plansheet_export::Syncer::finish) {
                written.sync_error.get_or_insert(e);
            }
            written
        });
        Writer {
            queue: Some(queue),
            thread,
        }
    }

    /// Queues documents. A writer that is gone died (a bug): [`finish`]
    /// then says so, and every document given to it is reported unwritten.
    ///
    /// [`finish`]: Writer::finish
    fn write(&self, documents: Vec<Queued>) {
        if let Some(queue) = &self.queue {
            let _ = queue.send(documents);
        }
    }

    /// Waits for every queued document to be written; what was written,
    /// and the inputs whose document could not be, with why.
    /// `None` if the writer thread died (a bug): then no document it was
    /// given can be trusted to be written.
    fn finish(mut self) -> Option<Written> {
        self.queue = None;
        self.thread.join().ok()
    }
}

/// The most a pipe or device input may hold (and the most `extract`
/// reads of any input).
pub(crate) const MAX_SPOOLED: u64 = 1 << 30;

/// Whether a file is this process's standard input (`/dev/stdin`,
/// `/proc/self/fd/0`, or a link to either, when standard input is
/// redirected from a file: a regular file): a worker opening the same
/// path would read its own standard input, its request pipe, and wait out
/// the input's deadline.
fn is_standard_input(meta: &std::fs::Metadata) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    static STDIN: std::sync::OnceLock<Option<(u64, u64)>> = std::sync::OnceLock::new();
    let stdin = STDIN.get_or_init(|| {
        let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
        let stdin = std::fs::File::from(fd).metadata().ok()?;
        Some((stdin.dev(), stdin.ino()))
    });
    *stdin == Some((meta.dev(), meta.ino()))
}

/// Copies a pipe or device into a temporary file, within the deadline and
/// [`MAX_SPOOLED`] bytes.
fn spool(
    path: &Path,
    timeout: f64,
    interrupted: &AtomicBool,
) -> Result<tempfile::NamedTempFile, (Reason, String)> {
    let read_error = |e: std::io::Error| (Reason::ReadError, format!("failed to read: {e}"));
    let file = tempfile::NamedTempFile::new().map_err(read_error)?;
    let mut sink = file.reopen().map_err(read_error)?;
    let path = path.to_owned();
    let copied = within(timeout, interrupted, move || {
        std::fs::File::open(&path).and_then(|mut source| {
            std::io::copy(&mut (&mut source).take(MAX_SPOOLED + 1), &mut sink)
        })
    });
    let copied = match copied {
        Ok(copied) => copied,
        Err(Late::Interrupted) => {
            return Err((Reason::Interrupted, INTERRUPTED_WHILE_READ.into()));
        }
        Err(Late::Deadline) => {
            let message = format!("the pipe or device gave no end of data within {timeout} s");
            return Err((Reason::Timeout, message));
        }
        Err(Late::Lost) => return Err((Reason::ReadError, "the copy stopped".into())),
    };
    match copied {
        Ok(n) if n > MAX_SPOOLED => Err((
            Reason::ReadError,
            format!("more than {MAX_SPOOLED} bytes from a pipe or device"),
        )),
        Ok(_) => Ok(file),
        Err(e) => Err(read_error(e)),
    }
}

/// Why [`within`] gave no result.
pub(crate) enum Late {
    /// The deadline passed first.
    Deadline,
    /// SIGINT or SIGTERM came first.
    Interrupted,
    /// The work's thread ended without one (it panicked: a bug).
    Lost,
}

/// Runs `work` on a thread of its own and waits for its result until
/// `timeout` seconds have passed or `interrupted` is raised; the thread is
/// then abandoned. A pipe that never ends, or a named pipe nobody writes
/// to (opening it waits for a writer), must not hold a run, nor `extract`,
/// and nothing cuts such a read short but leaving it.
pub(crate) fn within<T: Send + 'static>(
    timeout: f64,
    interrupted: &AtomicBool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Late> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    // Waited for in slices, so that an interrupt is heard meanwhile.
    let deadline = Instant::now() + Duration::from_secs_f64(timeout);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left.min(INTERRUPT_POLL)) {
            Ok(done) => return Ok(done),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Err(Late::Lost),
            Err(_) if interrupted.load(Ordering::Relaxed) => return Err(Late::Interrupted),
            Err(_) if left.is_zero() => return Err(Late::Deadline),
            Err(_) => {}
        }
    }
}

/// The summary on standard error: a line per input not `ok`, but one for
/// all those an interrupt left unconverted (a run of 4,050 stopped had
/// printed 3,152 `failed: … (interrupted)` lines, the summary counting them
/// `failed`: review; the report lists each), then the counts, with those
/// not converted and those `--resume` found `resumed` apart.
fn summarize(report: &RunReport, report_path: Option<&Path>, resumed: usize) {
    let c = report.counts;
    let mut stderr = std::io::stderr().lock();
    let mut interrupted = Vec::new();
    for entry in report
        .entries
        .iter()
        .filter(|e| e.status != EntryStatus::Ok)
    {
        if entry.reason == Some(Reason::Interrupted) {
            interrupted.push(entry.path.clone());
            continue;
        }
        let status = if entry.status == EntryStatus::Failed {
            "failed"
        } else {
            "partial"
        };
        let reason = entry.reason.map(|r| r.to_string()).unwrap_or_default();
        let message = entry
            .message
            .as_deref()
            .map(|m| format!(": {m}"))
            .unwrap_or_default();
        let _ = writeln!(stderr, "{status}: {} ({reason}){message}", entry.path);
    }
    if !interrupted.is_empty() {
        let _ = writeln!(
            stderr,
            "not converted (interrupted): {}",
            job::named(&interrupted)
        );
    }
    let _ = write!(
        stderr,
        "converted {} inputs in {} ms: {} ok, {} partial, {} failed",
        c.inputs,
        report.elapsed_ms,
        c.ok,
        c.partial,
        c.failed.saturating_sub(interrupted.len())
    );
    if !interrupted.is_empty() {
        let _ = write!(
            stderr,
            ", {} not converted (interrupted)",
            interrupted.len()
        );
    }
    if resumed > 0 {
        let _ = write!(
            stderr,
            "; {resumed} of them skipped as already converted (--resume)"
        );
    }
    match report_path {
        Some(path) => {
            let _ = writeln!(stderr, "; report: {}", path.display());
        }
        None => {
            let _ = writeln!(stderr);
        }
    }
}

/// A progress bar that appears only for runs longer than a second, only on
/// a terminal, and never with --quiet.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    may_show: bool,
    shown: Mutex<bool>,
}

impl Progress {
    fn new(len: u64, quiet: bool) -> Self {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} {wide_msg}")
        {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            may_show: !quiet && std::io::stderr().is_terminal(),
            shown: Mutex::new(false),
        }
    }

    fn tick(&self, path: &str) {
        if self.may_show
            && self.started.elapsed() > PROGRESS_DELAY
            && let Ok(mut shown) = self.shown.lock()
            && !*shown
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            *shown = true;
        }
        self.bar.set_message(path.to_owned());
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_and_caps_outside_their_range_are_usage_errors() {
        for bad in ["-1", "0", "nan", "inf", "1e30", "x"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_seconds("0.5"), Ok(0.5));
        assert_eq!(parse_memory("4G"), Ok(4 << 30));
        assert!(parse_memory("1M").unwrap_err().contains("below the 32 MiB"));
        assert!(parse_bytes("99999999999G").is_err());
    }
}
