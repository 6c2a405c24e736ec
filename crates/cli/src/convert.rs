//! `plansheet convert`: many inputs, converted in parallel, one report.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use plansheet::model::Status;
use plansheet_export::{EntryStatus, ReportEntry, RunReport};
use rayon::prelude::*;

/// Where the bundled archive lives when `convert` is run from the
/// repository, and where this binary was built from otherwise.
const ARCHIVE: &str = "fixtures/archive";
const BUILT_ARCHIVE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/archive");

/// Progress is only drawn for runs that take longer than this.
const PROGRESS_DELAY: Duration = Duration::from_secs(1);

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files and directories to convert (directories recursively; hidden
    /// files are skipped). Default: the bundled archive.
    inputs: Vec<PathBuf>,
    /// Directory for the JSON documents and run-report.json.
    #[arg(short, long, value_name = "OUT_DIR", required_unless_present = "jsonl")]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Stream one document per line to standard output instead of writing
    /// files (the report is still written when -o is given).
    #[arg(long)]
    jsonl: bool,
    /// No progress bar and no summary on standard error.
    #[arg(short, long)]
    quiet: bool,
}

/// One file to convert.
struct Input {
    /// The file.
    path: PathBuf,
    /// Where its document goes, relative to the output directory.
    relative: PathBuf,
}

/// Runs the conversion; returns whether every input came out `ok`.
pub(crate) fn run(args: &Args) -> anyhow::Result<bool> {
    let started = Instant::now();
    let roots = if args.inputs.is_empty() {
        vec![default_archive()?]
    } else {
        args.inputs.clone()
    };
    let inputs = discover(&roots)?;
    if inputs.is_empty() {
        bail!("no input files found in {}", display_list(&roots));
    }
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create output directory {}", dir.display()))?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("failed to start the worker threads")?;
    let progress = Progress::new(inputs.len() as u64, args.quiet);
    let stdout = Mutex::new(std::io::stdout());
    let mut outputs: HashMap<PathBuf, usize> = HashMap::new();
    let collisions: Vec<bool> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| *outputs.entry(input.relative.clone()).or_insert(i) != i)
        .collect();

    let entries: Vec<ReportEntry> = pool.install(|| {
        inputs
            .par_iter()
            .zip(collisions.par_iter())
            .map(|(input, &collides)| {
                let entry = if collides {
                    failed(
                        input,
                        "output_collision",
                        "another input writes the same output file".into(),
                        0,
                    )
                } else {
                    convert_one(input, args, &stdout)
                };
                progress.tick(&input.path);
                entry
            })
            .collect()
    });
    progress.finish();

    let report = RunReport::new(
        plansheet::VERSION,
        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        entries,
    );
    if let Some(dir) = &args.output {
        let path = dir.join("run-report.json");
        plansheet_export::write_atomic(&path, report.to_json().as_bytes())
            .with_context(|| format!("failed to write {}", path.display()))?;
    }
    if !args.quiet {
        summarize(&report, args.output.as_deref());
    }
    Ok(report.all_ok())
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
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Files as given, and the files below directories, sorted by path so that
/// the report's order does not depend on the file system.
fn discover(roots: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(root)
            .with_context(|| format!("failed to read {}", root.display()))?;
        if !meta.is_dir() {
            let name = root.file_name().map_or_else(|| root.clone(), PathBuf::from);
            inputs.push(Input {
                path: root.clone(),
                relative: name,
            });
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = entry.with_context(|| format!("failed to walk {}", root.display()))?;
            if entry.file_type().is_file() {
                let relative = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                inputs.push(Input {
                    path: entry.path().to_path_buf(),
                    relative,
                });
            }
        }
    }
    Ok(inputs)
}

fn convert_one(input: &Input, args: &Args, stdout: &Mutex<std::io::Stdout>) -> ReportEntry {
    let started = Instant::now();
    let ms = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let bytes = match std::fs::read(&input.path) {
        Ok(bytes) => bytes,
        Err(e) => return failed(input, "read_error", format!("failed to read: {e}"), ms()),
    };
    let display = input.path.display().to_string();
    // A bug in a parser must cost one file, not the run.
    let outcome = catch_unwind(AssertUnwindSafe(|| plansheet::extract(&display, &bytes)));
    let doc = match outcome {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            let mut entry = failed(input, e.code(), e.detail(), ms());
            entry.sha256 = Some(plansheet::sha256_hex(&bytes));
            entry.bytes = Some(bytes.len() as u64);
            return entry;
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            return failed(
                input,
                "panic",
                format!("plansheet crashed on this file: {what}"),
                ms(),
            );
        }
    };
    let mut output = None;
    if args.jsonl {
        let line = plansheet_export::to_jsonl(&doc);
        let written = stdout
            .lock()
            .map_err(|_| ())
            .and_then(|mut out| out.write_all(line.as_bytes()).map_err(|_| ()));
        if written.is_err() {
            return failed(
                input,
                "write_error",
                "failed to write to standard output".into(),
                ms(),
            );
        }
    } else if let Some(dir) = &args.output {
        let mut name = input.relative.clone().into_os_string();
        name.push(".json");
        let path = dir.join(name);
        if let Err(e) =
            plansheet_export::write_atomic(&path, plansheet_export::to_json(&doc).as_bytes())
        {
            return failed(
                input,
                "write_error",
                format!("failed to write {}: {e}", path.display()),
                ms(),
            );
        }
        output = Some(path.display().to_string());
    }
    ReportEntry {
        path: display,
        output,
        status: match doc.status {
            Status::Ok => EntryStatus::Ok,
            Status::Partial => EntryStatus::Partial,
        },
        reason: plansheet::partial_reason(&doc).map(str::to_owned),
        message: None,
        sha256: Some(doc.source.sha256.clone()),
        bytes: Some(doc.source.bytes),
        layout: Some(doc.layout.name),
        records: doc.content.record_count(),
        coverage: Some(doc.coverage.ratio),
        ms: ms(),
    }
}

fn failed(input: &Input, reason: &str, message: String, ms: u64) -> ReportEntry {
    ReportEntry {
        path: input.path.display().to_string(),
        output: None,
        status: EntryStatus::Failed,
        reason: Some(reason.to_owned()),
        message: Some(message),
        sha256: None,
        bytes: None,
        layout: None,
        records: 0,
        coverage: None,
        ms,
    }
}

fn summarize(report: &RunReport, out: Option<&Path>) {
    let c = report.counts;
    let mut stderr = std::io::stderr().lock();
    for entry in report
        .entries
        .iter()
        .filter(|e| e.status != EntryStatus::Ok)
    {
        let status = if entry.status == EntryStatus::Failed {
            "failed"
        } else {
            "partial"
        };
        let reason = entry.reason.as_deref().unwrap_or("");
        let message = entry
            .message
            .as_deref()
            .map(|m| format!(": {m}"))
            .unwrap_or_default();
        let _ = writeln!(stderr, "{status}: {} ({reason}){message}", entry.path);
    }
    let _ = write!(
        stderr,
        "converted {} inputs in {} ms: {} ok, {} partial, {} failed",
        c.inputs, report.elapsed_ms, c.ok, c.partial, c.failed
    );
    match out {
        Some(dir) => {
            let _ = writeln!(
                stderr,
                "; report: {}",
                dir.join("run-report.json").display()
            );
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

    fn tick(&self, path: &Path) {
        if self.may_show
            && self.started.elapsed() > PROGRESS_DELAY
            && let Ok(mut shown) = self.shown.lock()
            && !*shown
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            *shown = true;
        }
        self.bar.set_message(path.display().to_string());
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
