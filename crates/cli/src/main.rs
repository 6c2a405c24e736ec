//! The `plansheet` command: arguments, input discovery, the worker pool,
//! progress and exit codes. All conversion logic lives in the library
//! crates.

mod conversion;
mod convert;
mod diff;
mod job;
mod output;
mod rows;
mod worker;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

/// The version with the commit it was built from.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("PLANSHEET_COMMIT"),
    ")"
);

/// Examples and exit codes, after the option list of `--help`.
const AFTER_HELP: &str = "\
Examples:
  plansheet extract sheet.pdf > sheet.json
  plansheet convert archive/ -o out/             documents and out/run-report.json
  find archive -name '*.txt' | plansheet convert --files-from - --jsonl -q > docs.jsonl
  plansheet rows out/ --excel -o rows.csv        one line per goal-sheet row
  plansheet diff before/ after/                  what a parser change did

Exit codes:
  0    every input ok (convert), the document ok (extract), no differences (diff)
  1    some input partial or failed (see --fail-on), differences found (diff),
       some input failed, its rows in no table (rows), the file failed (an empty
       file, not text …) or was read in part (extract, text; extract past its
       --timeout too)
  2    usage or fatal error: bad arguments, missing input, unusable output directory
  130  interrupted by SIGINT or SIGTERM; the report lists what was left";

/// Turn Japanese ward-office plan sheets into validated JSON.
#[derive(Debug, Parser)]
#[command(name = "plansheet", version = LONG_VERSION, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert one file and print its document as pretty JSON.
    Extract {
        /// The file to convert; `-` reads standard input.
        file: PathBuf,
        /// Seconds reading and converting the file may take (more than 0,
        /// at most a day), as `convert` gives each input: past them, the
        /// file is `failed` with `timeout`, exit 1.
        // (A named pipe nobody writes to had been waited for forever.)
        #[arg(long, value_name = "SECS", default_value_t = 120.0, value_parser = convert::parse_seconds)]
        timeout: f64,
    },
    /// Convert files and directories (recursively) in parallel.
    ///
    /// Writes OUT_DIR/<relative path>.json per input and
    /// OUT_DIR/run-report.json. With no INPUT, converts the bundled archive
    /// (fixtures/archive).
    Convert(convert::Args),
    /// Compare two conversions (output directories or JSON Lines files):
    /// documents, failed inputs and rows added, removed, changed and moved
    /// (rows paired by department and number); exit 1 if they differ.
    Diff(diff::Args),
    /// Flatten converted documents into one table (CSV or JSON Lines):
    /// goal-sheet rows, multi-year items, management targets or directory.
    Rows(rows::Args),
    /// Print what plansheet reads from a file: a text dump decoded, or a
    /// PDF's pages with each table's cells side by side, every cell's lines
    /// as printed.
    Text {
        /// The file.
        file: PathBuf,
        /// Print the lines the layout parsers read instead: for a PDF, one
        /// line per table row, cells tab-separated.
        #[arg(long, conflicts_with = "json")]
        lines: bool,
        /// Print a PDF's typed layout as JSON: pages → text lines and
        /// tables → rows → cells (with spans) → lines, each with its box.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `plansheet man > plansheet.1`.
    Man,
    /// Print the JSON Schema of the document, of the run report or of a
    /// line of `convert --jsonl`.
    Schema {
        /// Which schema.
        #[arg(value_enum, default_value_t = SchemaKind::Document)]
        kind: SchemaKind,
    },
}

// `plansheet worker` is parsed apart from `Cli`, before it, so that
// nothing built from `Cli` offers it: a hidden subcommand is left out of
// `--help` only, and the completion scripts (bash, zsh, fish, elvish,
// PowerShell) and `help` listed it (review).
/// Serve `convert` as a worker process (internal).
#[derive(Debug, Parser)]
#[command(name = "plansheet worker", bin_name = "plansheet worker")]
struct WorkerArgs {
    /// Address-space cap in bytes.
    #[arg(long)]
    max_memory: Option<u64>,
    /// A file in which to keep the number of the request being read.
    #[arg(long)]
    progress: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// The per-input document (schemas/plansheet.schema.json).
    Document,
    /// The run report (schemas/run-report.schema.json).
    Report,
    /// A line of `convert --jsonl`: a document, or the failure of an input
    /// that made none (schemas/jsonl-line.schema.json).
    Line,
}

/// Exit codes: all inputs ok, some partial or failed, usage or fatal error,
/// interrupted by SIGINT or SIGTERM (128 + SIGINT, as shells report it).
const EXIT_OK: u8 = 0;
const EXIT_SOME_FAILED: u8 = 1;
const EXIT_FATAL: u8 = 2;
const EXIT_INTERRUPTED: u8 = 130;

fn exit_code(all_ok: bool) -> u8 {
    if all_ok { EXIT_OK } else { EXIT_SOME_FAILED }
}

fn outcome_code(outcome: convert::Outcome) -> u8 {
    match outcome {
        convert::Outcome::Success => EXIT_OK,
        convert::Outcome::SomeFailed => EXIT_SOME_FAILED,
        convert::Outcome::Interrupted => EXIT_INTERRUPTED,
    }
}

fn main() -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|a| a == "worker") {
        let args = WorkerArgs::parse_from(std::env::args_os().skip(1));
        return finish(worker::serve(args.max_memory, args.progress.as_deref()).map(exit_code));
    }
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Extract { file, timeout } => extract(&file, timeout).map(exit_code),
        Command::Convert(args) => convert::run(&args).map(outcome_code),
        Command::Rows(args) => rows::run(&args).map(outcome_code),
        Command::Diff(args) => diff::run(&args).map(exit_code),
        Command::Text { file, lines, json } => {
            let view = match (lines, json) {
                (true, _) => plansheet::View::Lines,
                (_, true) => plansheet::View::Json,
                _ => plansheet::View::Layout,
            };
            text(&file, view)
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "plansheet", &mut out);
            print(&String::from_utf8_lossy(&out)).map(|()| EXIT_OK)
        }
        Command::Man => manual()
            .context("failed to render the manual page")
            .and_then(|page| print(&String::from_utf8_lossy(&page)))
            .map(|()| EXIT_OK),
        Command::Schema { kind } => {
            let text = match kind {
                SchemaKind::Document => plansheet_export::document_schema(),
                SchemaKind::Report => plansheet_export::report_schema(),
                SchemaKind::Line => plansheet_export::line_schema(),
            };
            print(&text).map(|()| EXIT_OK)
        }
    };
    finish(outcome)
}

/// The exit code of a command's outcome; a fatal error said on stderr.
fn finish(outcome: anyhow::Result<u8>) -> ExitCode {
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// Writes `text` to standard output. A reader that stops early (`| head
/// -c 10`) is not an error, as it is none for `convert --jsonl` and
/// `rows`: `text --json` of a PDF, hundreds of KB, had said "failed to
/// write to standard output: Broken pipe", exit 2 (review).
fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("failed to write to standard output")
        }
        _ => Ok(()),
    }
}

/// The bytes of an input, no more than `convert` reads of a pipe or
/// device ([`convert::MAX_SPOOLED`]): past that, an error naming it.
/// (`extract /dev/zero` had grown until the allocator failed: review.)
fn read_capped(source: impl std::io::Read, what: &str) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut source.take(convert::MAX_SPOOLED + 1), &mut bytes)
        .with_context(|| format!("failed to read {what}"))?;
    if bytes.len() as u64 > convert::MAX_SPOOLED {
        anyhow::bail!(too_large(what));
    }
    Ok(bytes)
}

/// What `extract` says of an input past [`convert::MAX_SPOOLED`] bytes.
fn too_large(what: &str) -> String {
    format!(
        "{what} holds more than {} bytes: not read (convert reads no more of a pipe or device \
         either)",
        convert::MAX_SPOOLED
    )
}

/// The manual page: one page, `plansheet(1)`, with a section per
/// subcommand holding its synopsis, description, arguments and options.
/// (clap_mangen's whole page lists `plansheet-convert(1)` and the like
/// under SUBCOMMANDS, pages nothing installs, and no subcommand's
/// options: review.)
fn manual() -> std::io::Result<Vec<u8>> {
    let mut cli = <Cli as clap::CommandFactory>::command();
    // (Built, so that each subcommand's synopsis names `plansheet convert`.)
    cli.build();
    let man = clap_mangen::Man::new(cli.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in cli
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
    {
        let name = format!("plansheet {}", sub.get_name());
        page.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
        let sub = clap_mangen::Man::new(sub.clone());
        let mut section = Vec::new();
        sub.render_synopsis_section(&mut section)?;
        section.extend_from_slice(b".PP\n");
        sub.render_description_section(&mut section)?;
        sub.render_options_section(&mut section)?;
        // Each part opens a section of a page of its own (`.SH SYNOPSIS`,
        // `.SH OPTIONS`): here they are parts of one subsection.
        for line in String::from_utf8_lossy(&section).lines() {
            if !line.starts_with(".SH ") {
                page.extend_from_slice(line.as_bytes());
                page.push(b'\n');
            }
        }
    }
    // The examples and exit codes as `--help` sets them, line by line
    // (filled, their columns had run together).
    page.extend_from_slice(b".SH \"EXAMPLES AND EXIT CODES\"\n.nf\n");
    for line in AFTER_HELP.lines() {
        page.extend_from_slice(b"\\&");
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        page.extend_from_slice(line.as_bytes());
        page.push(b'\n');
    }
    page.extend_from_slice(b".fi\n");
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// `plansheet text`: prints what plansheet reads of `file` in `view`;
/// the exit code. A file that cannot be read as a sheet (empty, not text,
/// encrypted …) is an input that failed, exit 1, as `extract`, `convert`
/// and `rows` exit for it (it had been a fatal error, exit 2); a file that
/// cannot be opened is a fatal error, exit 2, as there, and so is `--json`
/// of a file that is no PDF.
fn text(file: &std::path::Path, view: plansheet::View) -> anyhow::Result<u8> {
    // (No more than `extract` reads: `text /dev/zero` had grown without
    // bound.)
    let bytes = read_input(file)?;
    let name = file.display().to_string();
    let (text, read) = match plansheet::input_view(&name, &bytes, view) {
        Ok(view) => view,
        // `--json` asks for what only a PDF has: of another file, the
        // request is wrong, not the file (a usage error, as it was).
        Err(e)
            if view == plansheet::View::Json && e.reason() == plansheet::model::Reason::NotPdf =>
        {
            anyhow::bail!("{e} [{}]", e.reason())
        }
        Err(e) => {
            eprintln!("error: {e} [{}]", e.reason());
            return Ok(EXIT_SOME_FAILED);
        }
    };
    print(&text)?;
    // What was lost in the reading (undecodable bytes, damaged
    // streams, no text layer …), said as `extract` says it: a
    // view of a file read in part had been exit 0, silent.
    let lost: Vec<_> = read
        .into_iter()
        .filter(|d| d.level >= plansheet::model::Level::Warning)
        .collect();
    for d in &lost {
        eprintln!("warning: {name}: {}: {}", d.code, d.message);
    }
    Ok(if lost.is_empty() {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    })
}

/// Returns whether the document came out whole. Reading and converting
/// take no longer than `timeout` seconds, as in `convert`: a thread does
/// both, abandoned at the deadline (the process ends with it).
fn extract(file: &std::path::Path, timeout: f64) -> anyhow::Result<bool> {
    let name = file.display().to_string();
    let read = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let done = {
        let (file, name, read) = (file.to_path_buf(), name.clone(), read.clone());
        // (No SIGINT handler here: the signal ends `extract` as it comes.)
        let never = std::sync::atomic::AtomicBool::new(false);
        convert::within(timeout, &never, move || {
            let bytes = read_input(&file)?;
            read.store(true, std::sync::atomic::Ordering::Relaxed);
            let doc = std::panic::catch_unwind(|| plansheet::extract(&name, &bytes));
            Ok::<_, anyhow::Error>(doc)
        })
    };
    let doc = match done {
        Ok(Ok(Ok(doc))) => doc,
        Ok(Err(e)) => return Err(e),
        Ok(Ok(Err(panic))) => {
            let what = job::panic_message(&*panic);
            eprintln!("error: {name}: plansheet crashed on this file: {what} [panic]");
            return Ok(false);
        }
        Err(convert::Late::Deadline) => {
            let what = if read.load(std::sync::atomic::Ordering::Relaxed) {
                "was not converted"
            } else {
                "gave no end of data"
            };
            eprintln!("error: {name}: {what} within {timeout} s (--timeout) [timeout]");
            return Ok(false);
        }
        Err(convert::Late::Interrupted | convert::Late::Lost) => {
            anyhow::bail!("{name}: the conversion stopped (a plansheet bug)")
        }
    };
    match doc {
        Ok(doc) => {
            print(&plansheet_export::to_json(&doc).context("failed to serialize the document")?)?;
            if let Some(reason) = doc.partial_reason() {
                eprintln!("warning: {name}: partial ({reason})");
            }
            Ok(doc.status == plansheet::model::Status::Ok)
        }
        Err(e) => {
            eprintln!("error: {e} [{}]", e.reason());
            Ok(false)
        }
    }
}

/// The bytes of `extract`'s or `text`'s input, no more than
/// [`convert::MAX_SPOOLED`].
fn read_input(file: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    if file == std::path::Path::new("-") {
        return read_capped(std::io::stdin().lock(), "standard input");
    }
    let what = file.display().to_string();
    let source = std::fs::File::open(file).with_context(|| format!("failed to read {what}"))?;
    // (A file known to be too large is not read to be told so.)
    if source
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > convert::MAX_SPOOLED)
    {
        anyhow::bail!(too_large(&what));
    }
    read_capped(source, &what)
}
