//! `plansheet convert`: many inputs, converted in parallel, one report.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use plansheet::model::{EntryStatus, Reason, ReportEntry, RunReport};
use rayon::prelude::*;

use crate::job::{self, Converted};
use crate::worker::{Limits, Pool, Request};

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
    /// Seconds a PDF may take before its worker is killed and the file is
    /// reported `failed` with `timeout`.
    #[arg(long, value_name = "SECS", default_value_t = 120.0)]
    timeout: f64,
    /// Address-space cap per PDF worker process, in bytes (suffixes K, M, G);
    /// a file that needs more is reported `failed` with `oom`.
    #[arg(long, value_name = "BYTES", default_value = "4G", value_parser = parse_bytes)]
    max_memory: Option<u64>,
    /// Replace each PDF worker process after this many files.
    #[arg(long, value_name = "N", default_value_t = 200)]
    recycle: usize,
    /// Skip inputs whose document in OUT_DIR was written by this version
    /// from the same bytes (by sha256); convert the rest.
    #[arg(long, requires = "output")]
    resume: bool,
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
        if args.resume {
            remove_stale_temporaries(dir);
        }
    }
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("failed to start the worker threads")?;
    let progress = Progress::new(inputs.len() as u64, args.quiet);
    let workers = Pool::new(Limits {
        timeout: Duration::from_secs_f64(args.timeout),
        max_memory: args.max_memory,
        recycle: args.recycle.max(1),
    });
    let stdout = Mutex::new(std::io::stdout());
    let mut outputs: HashMap<PathBuf, usize> = HashMap::new();
    let collisions: Vec<bool> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| *outputs.entry(input.relative.clone()).or_insert(i) != i)
        .collect();

    let entries: Vec<ReportEntry> = threads.install(|| {
        inputs
            .par_iter()
            .zip(collisions.par_iter())
            .map(|(input, &collides)| {
                let resume_dir = args.output.as_deref().filter(|_| args.resume);
                let entry = if collides {
                    ReportEntry::failed(
                        &input.path.display().to_string(),
                        Reason::OutputCollision,
                        "another input writes the same output file".into(),
                        0,
                    )
                } else if let Some(entry) = resume_dir.and_then(|dir| {
                    job::resumed(
                        &input.path,
                        &input.path.display().to_string(),
                        &output_path(dir, input),
                    )
                }) {
                    entry
                } else {
                    convert_one(input, args, &stdout, &workers)
                };
                progress.tick(&input.path);
                entry
            })
            .collect()
    });
    progress.finish();

    let report = RunReport::new(plansheet::VERSION, job::elapsed_ms(started), entries);
    if let Some(dir) = &args.output {
        let path = dir.join("run-report.json");
        let json = plansheet_export::to_json(&report).context("failed to serialize the report")?;
        plansheet_export::write_atomic(&path, json.as_bytes())
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

fn is_pdf_input(path: &Path) -> bool {
    let mut head = [0u8; 1024];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    plansheet::reads_as_pdf(&path.display().to_string(), &head[..read])
}

fn convert_one(
    input: &Input,
    args: &Args,
    stdout: &Mutex<std::io::Stdout>,
    pool: &Pool,
) -> ReportEntry {
    let started = Instant::now();
    let display = input.path.display().to_string();
    let converted = if is_pdf_input(&input.path) {
        let request = Request {
            path: input.path.clone(),
            display: display.clone(),
            compact: args.jsonl,
        };
        match pool.run(&request) {
            Ok(converted) => converted,
            Err(failure) => {
                let bytes = std::fs::read(&input.path).ok();
                return job::failed(
                    &display,
                    failure.reason,
                    failure.message,
                    bytes.as_deref(),
                    started,
                );
            }
        }
    } else {
        job::convert(&input.path, &display, args.jsonl)
    };
    let Converted {
        mut entry,
        document,
    } = converted;
    let Some(document) = document else {
        return entry;
    };
    if args.jsonl {
        let written = stdout
            .lock()
            .map_err(|_| ())
            .and_then(|mut out| out.write_all(document.as_bytes()).map_err(|_| ()));
        if written.is_err() {
            return ReportEntry::failed(
                &display,
                Reason::WriteError,
                "failed to write to standard output".into(),
                entry.ms,
            );
        }
    } else if let Some(dir) = &args.output {
        let path = output_path(dir, input);
        if let Err(e) = plansheet_export::write_atomic(&path, document.as_bytes()) {
            return ReportEntry::failed(
                &display,
                Reason::WriteError,
                format!("failed to write {}: {e}", path.display()),
                entry.ms,
            );
        }
        entry.output = Some(path.display().to_string());
    }
    entry.ms = job::elapsed_ms(started);
    entry
}

fn output_path(dir: &Path, input: &Input) -> PathBuf {
    let mut name = input.relative.clone().into_os_string();
    name.push(".json");
    dir.join(name)
}

/// A run killed mid-write leaves its temporary file behind (the rename
/// never happened); a resumed run clears them away.
fn remove_stale_temporaries(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with(".plansheet-") && name.ends_with(".tmp")
        {
            let _ = std::fs::remove_file(entry.path());
        }
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
        let reason = entry.reason.map(|r| r.to_string()).unwrap_or_default();
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
