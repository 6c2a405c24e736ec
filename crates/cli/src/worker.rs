//! Worker processes: every input is read in one.
//!
//! A PDF can make a reader hang, overflow its stack or run out of memory,
//! and none of that can be caught inside the process. So `convert` hands
//! each PDF to a child process — the same binary, run as `plansheet worker`
//! — and the supervisor enforces a deadline per file, a memory cap per
//! worker (RLIMIT_AS, set by the worker on itself before reading anything),
//! restarts a worker that died, and replaces a worker that has grown
//! (its resident memory past [`RECYCLE_RSS_KIB`]) or has served N files
//! (`--recycle`). A file
//! that kills its worker is reported `failed` with `timeout`, `oom` or
//! `crashed` (and the signal), and the run goes on.
//!
//! The protocol: a request is one JSON line naming the file (and whether
//! its answer may be held back, see [`Outbox`]); an answer is one JSON
//! line (the report entry and the document's length in bytes) followed by
//! the document as it is, so that neither side escapes or unescapes it.
//! This module is process plumbing only; what is done with a file is
//! [`job::convert`]'s.

use std::io::{BufRead, BufReader, Write};
use std::ops::ControlFlow;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use plansheet::model::{Reason, ReportEntry};
use serde::{Deserialize, Serialize};

use crate::job::{self, Converted};

/// Stack for the worker's reading thread: deep nesting must not overflow.
const WORKER_STACK: usize = 64 << 20;

/// How often a waiting supervisor thread looks at the interrupt flag.
pub(crate) const INTERRUPT_POLL: Duration = Duration::from_millis(50);

/// What the supervisor asks of a worker.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Request {
    /// The file to read.
    #[serde(with = "path_bytes")]
    pub(crate) path: PathBuf,
    /// The path to record in the document and report.
    pub(crate) display: String,
    /// Compact JSON (one line) instead of pretty JSON.
    pub(crate) compact: bool,
}

/// A request as it crosses the pipe.
#[derive(Debug, Serialize, Deserialize)]
struct Asked<R> {
    request: R,
    /// Whether the worker may hold the answer back (see [`Outbox`]).
    hold: bool,
}

/// The first line of a worker's answer.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    /// The report entry.
    entry: ReportEntry,
    /// The length in bytes of the document that follows the line, if one
    /// was made.
    document: Option<usize>,
}

/// A text input may take this many times its size in memory (its bytes
/// included, on top of what the worker held before reading it), and at
/// least [`TEXT_MEMORY_FLOOR`].
/// Parsing text is linear; an input that needs more than this is not a
/// sheet, and failing it early keeps several workers from filling the
/// machine.
const TEXT_MEMORY_FACTOR: u64 = 10;
/// The budget of small text inputs.
const TEXT_MEMORY_FLOOR: u64 = 512 << 20;

/// The supervisor's buffer for a worker's answers: most batches of
/// documents fit, so each crosses in one read.
const PIPE_BUFFER: usize = 1 << 20;

/// How long a worker holds an answer back at most (see [`Outbox`]).
const HOLD_FOR: Duration = Duration::from_millis(2);

/// The most bytes of answers a worker holds back.
const HOLD_BYTES: usize = 256 << 10;

/// Answers held back go out before a worker parses an input larger than
/// this (in bytes): it may run out of memory on it.
const HOLD_INPUT_MAX: u64 = 1 << 20;

/// Answers are held back only where the deadline is this long or longer,
/// so that [`HOLD_FOR`] (by which an answer may reach the supervisor late:
/// an input that finished within 2 ms of its deadline may be reported
/// `timeout`) is a small part of it.
const HOLD_MIN_TIMEOUT: Duration = Duration::from_millis(100);

/// The most request bytes sent ahead of the one a worker is reading where
/// the size of its pipe cannot be read: what a pipe holds at the least
/// (one page, as `PIPE_BUF` promises).
const PIPE_AHEAD: usize = 4096;

/// The worker's buffer for requests: a batch as large as a pipe holds by
/// default is read at once.
const REQUEST_BUFFER: usize = 64 << 10;

/// The size a worker's answer pipe is asked to grow to: a batch of
/// answers held back ([`HOLD_BYTES`]) crosses in one write, the supervisor
/// woken once. Not more: a user's pipes share 16,384 pages by default
/// (`pipe-user-pages-soft`), past which every new pipe of theirs, in any
/// program, gets two; at 64 pages a pipe, 256 workers stay within them.
const ANSWER_PIPE: usize = HOLD_BYTES;

/// A worker whose peak resident memory has passed this (in KiB) is replaced
/// after the input that grew it, so that one large file's heap is not kept
/// for the rest of the run. Workers peak at 7–19 MiB on the bundled archive
/// and on real PDFs; the 200 MB decompression-bomb fixture takes one to
/// 72 MiB. Starting a worker costs more than converting a small text file,
/// so replacing workers by size rather than every few hundred inputs took
/// a fifth off a run of 2,400 text files.
const RECYCLE_RSS_KIB: u64 = 64 << 10;

/// The variable glibc's allocator reads its settings from.
const TUNABLES: &str = "GLIBC_TUNABLES";

/// The allocator setting workers start with: glibc keeps up to this many
/// freed blocks of each small size (up to 1 KiB) for its thread to take
/// again, 7 by default. Parsing a document makes and drops hundreds of
/// short strings and vectors of a few sizes at once; past the seventh each
/// went the slower way, into the shared bins and back. Measured on the
/// archive's text files (callgrind): 1.8 % fewer instructions in all, 2.5 %
/// of parsing and writing JSON, for 1.4–2.0 MiB more resident memory in a
/// worker (10.8–11.2 -> 12.6–12.8 MiB at its peak); 256 saved a little
/// more for 5 MiB more. (glibc only: other C libraries ignore the
/// variable.)
const TCACHE_COUNT: &str = "glibc.malloc.tcache_count=64";

/// A worker's `GLIBC_TUNABLES`: the user's, with [`TCACHE_COUNT`] added
/// unless they set that tunable themselves.
fn worker_tunables(user: Option<std::ffi::OsString>) -> std::ffi::OsString {
    let name = TCACHE_COUNT.split('=').next().unwrap_or(TCACHE_COUNT);
    let sets_it = |user: &std::ffi::OsString| {
        user.to_string_lossy()
            .split(':')
            .any(|setting| setting.split('=').next() == Some(name))
    };
    match user {
        Some(user) if sets_it(&user) => user,
        Some(user) if !user.is_empty() => {
            let mut tunables = user;
            tunables.push(":");
            tunables.push(TCACHE_COUNT);
            tunables
        }
        _ => TCACHE_COUNT.into(),
    }
}

/// The memory budget of a text input of `size` bytes. PDFs get none beyond
/// the worker's cap: their streams legitimately decompress to many times
/// the file's size.
fn text_budget(size: u64) -> u64 {
    size.saturating_mul(TEXT_MEMORY_FACTOR)
        .max(TEXT_MEMORY_FLOOR)
}

/// Paths cross the pipe as their bytes: JSON strings must be UTF-8, file
/// names need not be.
mod path_bytes {
    use std::ffi::OsString;
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::path::{Path, PathBuf};

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(path.as_os_str().as_bytes())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        Vec::<u8>::deserialize(d).map(|bytes| PathBuf::from(OsString::from_vec(bytes)))
    }
}

/// `plansheet worker`: caps its own address space, then answers requests
/// from standard input until it closes.
pub(crate) fn serve(max_memory: Option<u64>, progress: Option<&Path>) -> anyhow::Result<bool> {
    // Where the worker keeps the number of the request it reads (see
    // `Worker::lost`); without it, no answer is held back.
    let progress =
        progress.and_then(|path| std::fs::OpenOptions::new().write(true).open(path).ok());
    let outbox = Arc::new(Outbox::new()?);
    let reader_outbox = Arc::clone(&outbox);
    let handle = std::thread::Builder::new()
        .name("reader".into())
        .stack_size(WORKER_STACK)
        .spawn(move || -> anyhow::Result<()> {
            let outbox = reader_outbox;
            // However the thread ends, the outbox is closed, so that the
            // main thread stops watching it.
            let _closing = Closing(Arc::clone(&outbox));
            // The cap comes after the big stack is mapped, so that it limits
            // what reading a file takes, not the worker's own set-up.
            if let Some(bytes) = max_memory {
                rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes)
                    .context("failed to set the memory limit")?;
            }
            let proc = ProcFiles::open();
            let mut requests = BufReader::with_capacity(REQUEST_BUFFER, std::io::stdin().lock());
            let mut line = String::new();
            for number in 0u64.. {
                line.clear();
                if requests.read_line(&mut line)? == 0 {
                    break;
                }
                let Asked { request, hold } = serde_json::from_str::<Asked<Request>>(&line)?;
                // Written before the input is read, so that if the input
                // kills the worker, the supervisor knows which it was
                // whatever answers were held; a number not written holds
                // nothing back.
                let numbered = progress.as_ref().is_some_and(|file| {
                    use std::os::unix::fs::FileExt;
                    file.write_all_at(&number.to_le_bytes(), 0).is_ok()
                });
                if !numbered {
                    outbox.send_held()?;
                }
                let hold = hold && numbered;
                // Tests make a worker die as it starts on an input
                // (debug builds only): what the numbers are for cannot be
                // shown otherwise.
                #[cfg(debug_assertions)]
                if std::env::var_os("PLANSHEET_TEST_ABORT_ON")
                    .is_some_and(|name| Path::new(&request.display).file_name() == Some(&name))
                {
                    std::process::abort();
                }
                // Answers held back must not die with the worker: they go
                // out before an input that may kill it is parsed, a large
                // one (it may run out of memory) or a PDF. Reading it
                // cannot: a file larger than the memory left is refused
                // before a byte is read (`oom`), and the worker lives on.
                let unheld =
                    |e: std::io::Error| (Reason::WorkerError, format!("failed to answer: {e}"));
                let mut text = false;
                // A text input's budget lowers the soft limit for its
                // conversion only; the hard limit stays the worker's cap.
                let budget = |bytes: &[u8]| {
                    let pdf = plansheet::reads_as_pdf(&request.display, bytes);
                    text = !pdf;
                    if pdf || bytes.len() as u64 > HOLD_INPUT_MAX {
                        outbox.send_held().map_err(unheld)?;
                    }
                    match max_memory {
                        Some(cap) if !pdf => {
                            let size = bytes.len() as u64;
                            // What the worker holds now includes the bytes
                            // just read: they are part of the budget, not
                            // on top.
                            let soft = proc.vm_size().map_or(cap, |now| {
                                now.saturating_sub(size)
                                    .saturating_add(text_budget(size))
                                    .min(cap)
                            });
                            rlimit::setrlimit(rlimit::Resource::AS, soft, cap).map_err(|e| {
                                let message = format!("failed to set the memory budget: {e}");
                                (Reason::WorkerError, message)
                            })
                        }
                        _ => Ok(()),
                    }
                };
                let converted =
                    job::convert(&request.path, &request.display, request.compact, budget);
                if let Some(cap) = max_memory {
                    rlimit::setrlimit(rlimit::Resource::AS, cap, cap)
                        .context("failed to lift the memory budget")?;
                }
                let mut entry = converted.entry;
                entry.peak_rss_kib = proc.peak_rss_kib();
                let header = Header {
                    entry,
                    document: converted.document.as_ref().map(Vec::len),
                };
                let mut head = serde_json::to_vec(&header)?;
                head.push(b'\n');
                // Held while more requests wait (the rest of a batch),
                // so that the supervisor is woken once for several.
                let more = !requests.buffer().is_empty();
                let answer = [
                    head.as_slice(),
                    converted.document.as_deref().unwrap_or_default(),
                ];
                // Only a text's: a PDF's answer, or that of an input that
                // could not be read, goes out at once, so that the
                // supervisor, finding an input to be a PDF, knows its
                // answer was not held.
                outbox.answer(&answer, hold && more && text)?;
            }
            outbox.close()?;
            Ok(())
        })
        .context("failed to start the worker thread")?;
    // The main thread, which only waited for the reader, sends what the
    // reader holds back. Not a thread of its own: glibc would give it an
    // arena of its own, 64 MiB of address space under the worker's cap.
    outbox.watch();
    match handle.join() {
        Ok(result) => result.map(|()| true),
        Err(_) => anyhow::bail!("the worker thread panicked"),
    }
}

/// Closes an outbox when dropped.
struct Closing(Arc<Outbox>);

impl Drop for Closing {
    fn drop(&mut self) {
        let _ = self.0.close();
    }
}

/// A worker's answers on their way to the supervisor. Written as each was
/// made, every answer woke the supervisor on its core: a 2,400-file text
/// run made 2,710 context switches, and the kernel's wake-ups were 7 % of
/// its CPU time. So an answer to a text input is held back while more
/// requests of the batch wait, and goes out with the answers after it:
/// when no request waits; before the worker parses an input that may kill
/// it (a PDF, or one larger than [`HOLD_INPUT_MAX`], which may exhaust its
/// memory), so that the answers before it do not die with it; past
/// [`HOLD_BYTES`]; and at the latest [`HOLD_FOR`] after it was made, sent
/// then by the worker's main thread (the reading thread may be busy), so
/// that an input that hangs does not keep the answers before it from the
/// supervisor, which would blame the first of them. An input that kills
/// the worker within those 2 ms anyway (a fast abort, a kill from outside)
/// takes the answers held with it; the worker writes the number of each
/// request into a file before it reads the input (`--progress`), so the
/// supervisor knows which input it died of, and reads the ones whose
/// answers were lost again (see [`Pool::run_batch`]).
struct Outbox {
    /// The worker's standard output, unbuffered.
    out: std::fs::File,
    held: Mutex<Held>,
    /// Raised when answers start being held, and when the worker is done.
    changed: Condvar,
}

/// What an [`Outbox`] holds.
#[derive(Default)]
struct Held {
    bytes: Vec<u8>,
    /// When the oldest answer held was made.
    since: Option<Instant>,
    /// The worker has answered its last request.
    closed: bool,
    /// What sending from [`Outbox::watch`] failed with, for the reading
    /// thread to report.
    failed: Option<std::io::Error>,
}

impl Outbox {
    fn new() -> anyhow::Result<Outbox> {
        use std::os::fd::AsFd;
        let out = std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .context("failed to open the worker's output")?;
        Ok(Outbox {
            out: std::fs::File::from(out),
            held: Mutex::new(Held::default()),
            changed: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends an answer (its parts, in order), or with `hold` holds it back.
    fn answer(&self, parts: &[&[u8]], hold: bool) -> std::io::Result<()> {
        let mut held = self.lock();
        if let Some(e) = held.failed.take() {
            return Err(e);
        }
        let size: usize = parts.iter().map(|part| part.len()).sum();
        if size >= HOLD_BYTES {
            // Written as it is, not copied: a large document would need
            // twice its room, under the worker's cap.
            self.send(&mut held)?;
            for part in parts {
                (&self.out).write_all(part)?;
            }
            return Ok(());
        }
        for part in parts {
            held.bytes.extend_from_slice(part);
        }
        if !hold || held.bytes.len() >= HOLD_BYTES {
            return self.send(&mut held);
        }
        if held.since.is_none() {
            held.since = Some(Instant::now());
            self.changed.notify_one();
        }
        Ok(())
    }

    /// Sends the answers held.
    fn send_held(&self) -> std::io::Result<()> {
        let mut held = self.lock();
        match held.failed.take() {
            Some(e) => Err(e),
            None => self.send(&mut held),
        }
    }

    /// Sends the answers held, and ends [`Outbox::watch`].
    fn close(&self) -> std::io::Result<()> {
        let mut held = self.lock();
        held.closed = true;
        self.changed.notify_one();
        match held.failed.take() {
            Some(e) => Err(e),
            None => self.send(&mut held),
        }
    }

    fn send(&self, held: &mut Held) -> std::io::Result<()> {
        held.since = None;
        let sent = (&self.out).write_all(&held.bytes);
        held.bytes.clear();
        // One large document's room is not kept for the worker's life.
        if held.bytes.capacity() > HOLD_BYTES {
            held.bytes = Vec::new();
        }
        sent
    }

    /// Sends answers held for [`HOLD_FOR`], until the outbox is closed.
    fn watch(&self) {
        let mut held = self.lock();
        loop {
            match held.since {
                None if held.closed => return,
                None => {
                    held = self
                        .changed
                        .wait(held)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                Some(since) => {
                    let left = (since + HOLD_FOR).saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        if let Err(e) = self.send(&mut held) {
                            held.failed = Some(e);
                        }
                    } else {
                        held = self
                            .changed
                            .wait_timeout(held, left)
                            .map_or_else(|e| e.into_inner().0, |(held, _)| held);
                    }
                }
            }
        }
    }
}

/// This process's `/proc` files that the worker reads after inputs,
/// opened once and read from their start each time (`pread`): opening
/// them anew for every input cost more than reading them.
struct ProcFiles {
    statm: Option<std::fs::File>,
    status: Option<std::fs::File>,
    /// The peak [`ProcFiles::peak_rss_kib`] read last, and the page faults
    /// the process had taken when it did.
    peak: std::cell::Cell<Option<(i64, Option<u64>)>>,
}

impl ProcFiles {
    fn open() -> Self {
        ProcFiles {
            statm: std::fs::File::open("/proc/self/statm").ok(),
            status: std::fs::File::open("/proc/self/status").ok(),
            peak: std::cell::Cell::new(None),
        }
    }

    /// The address space this process holds now, in bytes (Linux).
    fn vm_size(&self) -> Option<u64> {
        // `statm` starts with the same figure in pages, and the kernel
        // makes it far more cheaply than `status`.
        let mut buffer = [0u8; 256];
        let pages: u64 = read_proc(self.statm.as_ref()?, &mut buffer)?
            .split_whitespace()
            .next()?
            .parse()
            .ok()?;
        Some(pages * rustix::param::page_size() as u64)
    }

    /// The peak resident memory of this process so far, in KiB (Linux):
    /// the `VmHWM` field of `status`. Not `getrusage`'s `ru_maxrss`: it
    /// keeps the peak of the process before `exec`, here the supervisor's,
    /// which made every worker look grown once the supervisor had held a
    /// large document.
    ///
    /// Read again only when the process has taken a page fault since the
    /// last reading: memory becomes resident through faults, so without
    /// one the peak cannot have moved. Most small inputs take none, and
    /// `getrusage` costs a fraction of making `status` (which was 14 % of
    /// a run over small text files).
    fn peak_rss_kib(&self) -> Option<u64> {
        let faults = page_faults();
        if let (Some(now), Some((then, peak))) = (faults, self.peak.get())
            && now == then
        {
            return peak;
        }
        // The file is under 2 KiB: one call reads it whole.
        let mut buffer = [0u8; 8192];
        let peak = read_proc(self.status.as_ref()?, &mut buffer).and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        });
        // Faults counted before the reading: one taken while reading makes
        // the next call read again.
        self.peak.set(faults.map(|faults| (faults, peak)));
        peak
    }
}

/// The page faults this process has taken (minor and major), if known.
fn page_faults() -> Option<i64> {
    use nix::sys::resource::{UsageWho, getrusage};
    let usage = getrusage(UsageWho::RUSAGE_SELF).ok()?;
    Some(usage.minor_page_faults() + usage.major_page_faults())
}

/// A small `/proc` file, read from its start in one call into `buffer`.
fn read_proc<'b>(file: &std::fs::File, buffer: &'b mut [u8]) -> Option<&'b str> {
    use std::os::unix::fs::FileExt;
    let read = file.read_at(buffer, 0).ok()?;
    std::str::from_utf8(&buffer[..read]).ok()
}

/// What an input read when the run was interrupted is told.
pub(crate) const INTERRUPTED_WHILE_READ: &str = "the run was interrupted while this input was read";

/// Limits the supervisor enforces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// How long one input may take.
    pub(crate) timeout: Duration,
    /// The address-space cap of each worker, in bytes.
    pub(crate) max_memory: u64,
    /// Inputs a worker serves before it is replaced.
    pub(crate) recycle: usize,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    /// The worker's answers, read by the converting thread itself (with
    /// `poll` for the deadline): a reader thread between them cost a
    /// thread wake-up per input.
    answers: BufReader<ChildStdout>,
    log: std::thread::JoinHandle<WorkerLog>,
    served: usize,
    /// How many request bytes may wait in the worker's input pipe: as
    /// many as it holds, so that writing a batch never blocks.
    ahead: usize,
    /// Where the worker keeps the number of the request it reads (from 0);
    /// `None` if it could not be made, and then no answer is held back.
    progress: Option<tempfile::NamedTempFile>,
}

impl Worker {
    fn spawn(limits: &Limits) -> anyhow::Result<Worker> {
        let exe = std::env::current_exe().context("failed to find the plansheet binary")?;
        let mut command = Command::new(exe);
        command
            .arg("worker")
            .arg("--max-memory")
            .arg(limits.max_memory.to_string());
        let progress = progress_file();
        if let Some(file) = &progress {
            command.arg("--progress").arg(file.path());
        }
        command.env(TUNABLES, worker_tunables(std::env::var_os(TUNABLES)));
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("failed to start a worker process")?;
        let (stdin, stdout, stderr) =
            match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
                (Some(i), Some(o), Some(e)) => (i, o, e),
                _ => anyhow::bail!("a worker process has no pipes"),
            };
        // What the worker says on standard error, read until it exits: the
        // last lines (what a dying worker said last) and whether it said it
        // ran out of memory (before a backtrace pushes that out of the tail).
        let log = std::thread::spawn(move || {
            let mut said = WorkerLog::default();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("memory allocation") || line.contains("out of memory") {
                    said.out_of_memory = true;
                }
                if said.tail.len() > 4096 {
                    said.tail.clear();
                }
                said.tail.push_str(&line);
                said.tail.push('\n');
            }
            said
        });
        let ahead = widen_pipes(&stdin, &stdout);
        Ok(Worker {
            child,
            stdin,
            answers: BufReader::with_capacity(PIPE_BUFFER, stdout),
            log,
            served: 0,
            ahead,
            progress,
        })
    }

    /// How many answers a worker that died had made from the one awaited
    /// on, and held back: they died with it, and it died reading the input
    /// after them. From the request number it kept.
    fn lost(&self) -> usize {
        use std::os::unix::fs::FileExt;
        let mut number = [0u8; 8];
        match self
            .progress
            .as_ref()
            .map(|file| file.as_file().read_exact_at(&mut number, 0))
        {
            Some(Ok(())) => usize::try_from(u64::from_le_bytes(number))
                .map_or(0, |reading| reading.saturating_sub(self.served)),
            _ => 0,
        }
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines of a batch of requests as they go to a worker, how many
/// requests they are, and whether the one after them could not be
/// written. The batch must fit in the worker's request pipe, `room` bytes,
/// which is empty (the worker read the batch before, every answer is in):
/// a supervisor blocked on a full pipe would not read the answers a worker
/// can be blocked writing. A request alone goes however long: the worker,
/// waiting for it, reads it whole before it answers.
fn batch(requests: &[Request], hold: bool, room: usize) -> (Vec<u8>, usize, bool) {
    let mut lines = Vec::new();
    for (taken, request) in requests.iter().enumerate() {
        let Ok(line) = serde_json::to_vec(&Asked { request, hold }) else {
            return (lines, taken, true);
        };
        if taken > 0 && lines.len() + line.len() + 1 > room {
            return (lines, taken, false);
        }
        lines.extend_from_slice(&line);
        lines.push(b'\n');
    }
    (lines, requests.len(), false)
}

/// Grows a worker's answer pipe to [`ANSWER_PIPE`] where the system
/// allows it, and tells how many bytes its request pipe holds. With one
/// page of requests sent at a time (a dozen), and answers crossing 64 KiB
/// at a time, a 2,400-file run woke the supervisor and the worker some
/// 2,700 times, each wake-up costing tens of microseconds on a virtual
/// machine.
fn widen_pipes(requests: impl std::os::fd::AsFd, answers: impl std::os::fd::AsFd) -> usize {
    #[cfg(target_os = "linux")]
    {
        // Best effort: a user past the system's pipe allowance keeps the
        // size the pipe has.
        let _ = rustix::pipe::fcntl_setpipe_size(answers, ANSWER_PIPE);
        if let Ok(size) = rustix::pipe::fcntl_getpipe_size(requests) {
            return size.max(PIPE_AHEAD);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (requests, answers);
    PIPE_AHEAD
}

/// A worker's progress file ([`Worker::progress`]), written before every
/// input: in memory (`/dev/shm`) where the machine has it, where that write
/// takes half the time it takes on ext4 (about 0.5 against 1 µs), else in
/// the temporary directory.
fn progress_file() -> Option<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".plansheet-progress")
        .tempfile_in("/dev/shm")
        .or_else(|_| tempfile::NamedTempFile::new())
        .ok()
}

/// What a worker said on standard error.
#[derive(Default)]
struct WorkerLog {
    /// The last lines.
    tail: String,
    /// Whether it said an allocation failed.
    out_of_memory: bool,
}

/// How a file ended that did not get an answer.
pub(crate) struct Failure {
    pub(crate) reason: Reason,
    pub(crate) message: String,
}

/// How waiting for a worker ended.
enum Waited {
    /// Its answer.
    Answer(Converted),
    /// It closed its output: it died.
    Died,
    /// The deadline passed, the run was interrupted or the answer could
    /// not be read; the worker must go.
    Stopped(Failure),
}

/// A worker's answer as it arrives: the header line, then the document.
#[derive(Default)]
struct Arriving {
    /// The header line so far.
    line: Vec<u8>,
    /// The header's entry and the document's length, once the line is in.
    header: Option<(ReportEntry, Option<usize>)>,
    /// The document so far.
    document: Vec<u8>,
}

impl Arriving {
    /// Takes what `buffered` holds of the answer; how many bytes it took.
    fn take(&mut self, buffered: &[u8]) -> Result<usize, Failure> {
        match &self.header {
            None => {
                let Some(end) = buffered.iter().position(|&b| b == b'\n') else {
                    self.line.extend_from_slice(buffered);
                    return Ok(buffered.len());
                };
                self.line.extend_from_slice(&buffered[..end]);
                let header: Header = serde_json::from_slice(&self.line).map_err(|e| Failure {
                    reason: Reason::WorkerError,
                    message: format!("unreadable worker answer: {e}"),
                })?;
                if let Some(length) = header.document {
                    // The worker says how long; its memory cap bounds it.
                    self.document.reserve_exact(length.min(PIPE_BUFFER << 4));
                }
                self.header = Some((header.entry, header.document));
                Ok(end + 1)
            }
            Some((_, length)) => {
                let left = length.unwrap_or(0) - self.document.len();
                let take = left.min(buffered.len());
                self.document.extend_from_slice(&buffered[..take]);
                Ok(take)
            }
        }
    }

    /// The answer, once all of it is in.
    fn finished(&mut self) -> Option<Converted> {
        match &self.header {
            Some((_, length)) if length.unwrap_or(0) == self.document.len() => {
                let (entry, length) = self.header.take()?;
                self.line.clear();
                let document = std::mem::take(&mut self.document);
                Some(Converted {
                    entry,
                    document: length.map(|_| document),
                })
            }
            _ => None,
        }
    }
}

/// A pool of worker processes shared by the converting threads.
pub(crate) struct Pool {
    limits: Limits,
    idle: Mutex<Vec<Worker>>,
    /// Raised by SIGINT or SIGTERM: stop waiting, kill the worker.
    interrupted: &'static AtomicBool,
}

impl Pool {
    pub(crate) fn new(limits: Limits, interrupted: &'static AtomicBool) -> Self {
        Pool {
            limits,
            idle: Mutex::new(Vec::new()),
            interrupted,
        }
    }

    /// Waits for the worker's answer until the deadline (`since` plus the
    /// timeout), looking at the interrupt flag meanwhile.
    fn wait(&self, worker: &mut Worker, since: Instant) -> Waited {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let deadline = since + self.limits.timeout;
        let mut answer = Arriving::default();
        loop {
            // What is buffered first: the answer may be there already.
            loop {
                if let Some(converted) = answer.finished() {
                    return Waited::Answer(converted);
                }
                let buffered = worker.answers.buffer();
                if buffered.is_empty() {
                    break;
                }
                match answer.take(buffered) {
                    Ok(taken) => worker.answers.consume(taken),
                    Err(failure) => return Waited::Stopped(failure),
                }
            }
            if self.interrupted.load(Ordering::Relaxed) {
                return Waited::Stopped(Failure {
                    reason: Reason::Interrupted,
                    message: INTERRUPTED_WHILE_READ.into(),
                });
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Waited::Stopped(Failure {
                    reason: Reason::Timeout,
                    message: format!(
                        "no result within {:?}; the worker was killed",
                        self.limits.timeout
                    ),
                });
            }
            let wait = left.min(INTERRUPT_POLL);
            let timeout = Timespec {
                tv_sec: wait.as_secs() as i64,
                tv_nsec: i64::from(wait.subsec_nanos()),
            };
            let mut fds = [PollFd::new(worker.answers.get_ref(), PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                // Readable, or closed: one read does not block.
                Ok(n) if n > 0 => match worker.answers.fill_buf() {
                    Ok([]) | Err(_) => return Waited::Died,
                    Ok(_) => {}
                },
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(_) => return Waited::Died,
            }
        }
    }

    /// Converts a batch of inputs in a worker, handing each result to
    /// `done` as it comes, with the request's index in `requests` and when
    /// the worker took the input up (`None` for an input that was never
    /// started). `done` may stop the batch (standard output was closed):
    /// the inputs not yet answered are then reported as not started, with
    /// the message it gives.
    ///
    /// The requests go to the worker together, so that it goes from one
    /// input to the next without waiting for the supervisor: a round trip
    /// per input (two process wake-ups) cost more than reading a small
    /// text file. Each input still has its own deadline, counted from the
    /// answer before it (when the worker took it up) or, if `done` took
    /// longer with that answer (a reader that does not keep up), from when
    /// it returned: the worker's next answer may have waited in the pipe
    /// meanwhile (and may have been held back by the worker for up to
    /// [`HOLD_FOR`], see [`Outbox`]; not with deadlines under
    /// [`HOLD_MIN_TIMEOUT`]). A worker that fails an input, has grown or
    /// has served its share is stopped after that answer, and the rest of
    /// the batch goes to a fresh one. A worker that dies after it held
    /// back the answers from the one awaited on (its progress file says
    /// it was reading a later input) died of that later input, which is
    /// reported so; the inputs whose answers died with it are read again.
    pub(crate) fn run_batch(
        &self,
        requests: &[Request],
        mut done: impl FnMut(
            usize,
            Result<Converted, Failure>,
            Option<Instant>,
        ) -> ControlFlow<&'static str>,
    ) {
        let mut next = 0;
        let mut halted = None;
        // An input settled out of turn: it killed its worker after the
        // worker had held back the answers before it, which are read again,
        // their answers not held (so that no other input is settled out of
        // turn before it is passed).
        let mut settled = None;
        while next < requests.len() {
            if settled == Some(next) {
                settled = None;
                next += 1;
                continue;
            }
            let stopped = match halted {
                Some(message) => Some(message),
                None => self
                    .interrupted
                    .load(Ordering::Relaxed)
                    .then_some("the run was interrupted before this input"),
            };
            if let Some(message) = stopped {
                for k in (next..requests.len()).filter(|&k| Some(k) != settled) {
                    let failure = Failure {
                        reason: Reason::Interrupted,
                        message: message.into(),
                    };
                    let _ = done(k, Err(failure), None);
                }
                return;
            }
            let mut worker = match self.idle.lock().ok().and_then(|mut idle| idle.pop()) {
                Some(worker) => worker,
                None => match Worker::spawn(&self.limits) {
                    Ok(worker) => worker,
                    Err(e) => {
                        let failure = Failure {
                            reason: Reason::WorkerError,
                            message: format!("{e:#}"),
                        };
                        halted = done(next, Err(failure), None).break_value();
                        next += 1;
                        continue;
                    }
                },
            };
            // No more than the worker may still serve, so that it is not
            // stopped with requests in hand.
            let share = self.limits.recycle.saturating_sub(worker.served).max(1);
            let end = requests
                .len()
                .min(next.saturating_add(share))
                .min(settled.unwrap_or(usize::MAX));
            let hold = worker.progress.is_some()
                && self.limits.timeout >= HOLD_MIN_TIMEOUT
                && settled.is_none();
            let (lines, taken, unwritable) = batch(&requests[next..end], hold, worker.ahead);
            let mut sent = next + taken;
            // In one write, so that the worker finds the batch waiting.
            if worker.stdin.write_all(&lines).is_err() {
                sent = next;
            }
            if sent == next && unwritable {
                // Not for a path and a name; but a worker that was sent
                // nothing is stopped, not waited for.
                worker.stop();
                let failure = Failure {
                    reason: Reason::WorkerError,
                    message: "the request could not be written".into(),
                };
                halted = done(next, Err(failure), None).break_value();
                next += 1;
                continue;
            }
            if sent == next || worker.stdin.flush().is_err() {
                // The worker is gone (its end of the pipe closed) before it
                // read anything: it exited, and why is told.
                let since = Instant::now();
                let failure = self.died(worker, &requests[next]);
                halted = done(next, Err(failure), Some(since)).break_value();
                next += 1;
                continue;
            }
            let mut since = Instant::now();
            let mut alive = Some(worker);
            while next < sent && halted.is_none() {
                let Some(mut worker) = alive.take() else {
                    break;
                };
                let request = &requests[next];
                let taken_up = Some(since);
                let flow = match self.wait(&mut worker, since) {
                    Waited::Answer(converted) => {
                        worker.served += 1;
                        let grown = converted
                            .entry
                            .peak_rss_kib
                            .is_some_and(|kib| kib > RECYCLE_RSS_KIB);
                        if grown || worker.served >= self.limits.recycle {
                            worker.stop();
                        } else {
                            alive = Some(worker);
                        }
                        done(next, Ok(converted), taken_up)
                    }
                    Waited::Died => {
                        // Ctrl-C reaches the worker too: then it died of
                        // no input, and the one awaited is told so.
                        let lost = if self.interrupted.load(Ordering::Relaxed) {
                            0
                        } else {
                            worker.lost()
                        };
                        // The number is checked against what the worker
                        // had been sent. One it cannot have written (the
                        // file changed by someone else) is not trusted:
                        // the input awaited is blamed, though answers held
                        // may have died too.
                        if lost > 0 && lost < sent - next {
                            // It had made the answers from this input on,
                            // held them back, and died of the input after
                            // them: that one is settled now, and these
                            // are read again.
                            let culprit = next + lost;
                            let failure = self.died(worker, &requests[culprit]);
                            settled = Some(culprit);
                            halted = done(culprit, Err(failure), taken_up).break_value();
                            break;
                        }
                        done(next, Err(self.died(worker, request)), taken_up)
                    }
                    Waited::Stopped(failure) => {
                        worker.stop();
                        done(next, Err(failure), taken_up)
                    }
                };
                // The next input's deadline counts from here: while `done`
                // ran, nobody watched the worker.
                since = Instant::now();
                halted = flow.break_value();
                next += 1;
            }
            if let Some(worker) = alive {
                if halted.is_some() && next < sent {
                    // It holds requests that will not be waited for.
                    worker.stop();
                } else if let Ok(mut idle) = self.idle.lock() {
                    idle.push(worker);
                }
            }
        }
    }

    /// Tells why a worker stopped answering.
    fn died(&self, mut worker: Worker, request: &Request) -> Failure {
        let status = worker.child.wait().ok();
        // The worker has exited, so its standard error is at its end.
        let said = worker.log.join().unwrap_or_default();
        let signal = status.and_then(|s| s.signal());
        if self.interrupted.load(Ordering::Relaxed) {
            // Ctrl-C reaches the workers too (one process group).
            return Failure {
                reason: Reason::Interrupted,
                message: INTERRUPTED_WHILE_READ.into(),
            };
        }
        if said.out_of_memory {
            let cap = self.limits.max_memory;
            let message = match text_size(&request.path, &request.display).map(text_budget) {
                Some(budget) if budget < cap => format!(
                    "the input needed more memory than a text input may take \
                     ({TEXT_MEMORY_FACTOR}× its size, at least {} MiB: {budget} bytes)",
                    TEXT_MEMORY_FLOOR >> 20
                ),
                _ => format!("the worker ran out of memory (limit {cap} bytes)"),
            };
            return Failure {
                reason: Reason::Oom,
                message,
            };
        }
        let how = match (signal, status.and_then(|s| s.code())) {
            (Some(sig), _) => format!("killed by signal {sig}"),
            (None, Some(code)) => format!("exited with code {code}"),
            _ => "vanished".to_owned(),
        };
        let last = said.tail.lines().last().unwrap_or("").to_owned();
        Failure {
            reason: Reason::Crashed,
            message: format!("the worker {how}: {last}"),
        }
    }
}

/// The size of an input that is read as text (not a PDF), if it can be
/// told from its first bytes: what a worker that ran out of memory on it
/// had for a budget.
fn text_size(path: &Path, display: &str) -> Option<u64> {
    use std::io::Read;
    let mut head = [0u8; 1024];
    let mut file = std::fs::File::open(path).ok()?;
    let read = file.read(&mut head).ok()?;
    let size = file.metadata().ok()?.len();
    (!plansheet::reads_as_pdf(display, &head[..read])).then_some(size)
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.idle.lock() {
            for worker in idle.drain(..) {
                worker.stop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers as the worker writes them: a header line, then the document.
    fn wire(answers: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for (path, document) in answers {
            let header = Header {
                entry: ReportEntry::failed(path, Reason::ReadError, "x".into(), 0),
                document: document.map(<[u8]>::len),
            };
            serde_json::to_writer(&mut bytes, &header).unwrap();
            bytes.push(b'\n');
            bytes.extend_from_slice(document.unwrap_or_default());
        }
        bytes
    }

    /// The room [`widen_pipes`] tells of is room the request pipe has: a
    /// batch that size goes in without a reader (a pipe of one page, a
    /// dozen requests, before). The answer pipe takes a batch of held
    /// answers where the system lets it grow.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_workers_pipes_hold_a_batch() {
        use rustix::pipe::{PipeFlags, fcntl_getpipe_size, pipe_with};
        let (requests_out, requests_in) = pipe_with(PipeFlags::NONBLOCK).unwrap();
        let (answers_out, answers_in) = pipe_with(PipeFlags::NONBLOCK).unwrap();
        let room = widen_pipes(&requests_in, &answers_out);
        assert!(room >= PIPE_AHEAD);
        let mut requests = std::fs::File::from(requests_in);
        requests.write_all(&vec![b'x'; room]).unwrap();
        // Full now: a byte more would block.
        assert!(requests.write(b"x").is_err());
        if fcntl_getpipe_size(&answers_out).unwrap() >= ANSWER_PIPE {
            let mut answers = std::fs::File::from(answers_in);
            answers.write_all(&vec![b'x'; ANSWER_PIPE]).unwrap();
        }
        drop(requests_out);
    }

    /// A batch stops before the request that would not fit in the pipe; a
    /// request alone goes however long.
    #[test]
    fn a_batch_fits_in_the_pipe() {
        let request = |name: &str| Request {
            path: PathBuf::from(name),
            display: name.to_owned(),
            compact: true,
        };
        // Names whose lines are as long (a path goes as its bytes).
        let requests: Vec<Request> = ["e", "f", "g", "h"].into_iter().map(request).collect();
        let (whole, taken, unwritable) = batch(&requests, false, usize::MAX);
        assert_eq!((taken, unwritable), (4, false));
        let line = whole.len() / 4;
        for room in [line - 1, line, 2 * line, 3 * line + 1, 4 * line] {
            let (lines, taken, _) = batch(&requests, false, room);
            assert_eq!(taken, (room / line).clamp(1, 4), "{room}");
            assert_eq!(lines.len(), taken * line);
            assert!(taken == 1 || lines.len() <= room);
        }
    }

    /// Reads answers from `bytes` handed over `chunk` bytes at a time, as a
    /// pipe may cut them.
    fn read(bytes: &[u8], chunk: usize) -> Vec<(String, Option<Vec<u8>>)> {
        let mut answers = Vec::new();
        let mut arriving = Arriving::default();
        for piece in bytes.chunks(chunk) {
            let mut piece = piece;
            loop {
                if let Some(c) = arriving.finished() {
                    answers.push((c.entry.path, c.document));
                }
                if piece.is_empty() {
                    break;
                }
                let taken = arriving.take(piece).map_err(|f| f.message).unwrap();
                piece = &piece[taken..];
            }
        }
        if let Some(c) = arriving.finished() {
            answers.push((c.entry.path, c.document));
        }
        answers
    }

    #[test]
    fn workers_keep_the_users_allocator_settings() {
        let set = |s: &str| Some(std::ffi::OsString::from(s));
        assert_eq!(worker_tunables(None), TCACHE_COUNT);
        assert_eq!(worker_tunables(set("")), TCACHE_COUNT);
        assert_eq!(
            worker_tunables(set("glibc.malloc.arena_max=2")),
            format!("glibc.malloc.arena_max=2:{TCACHE_COUNT}").as_str()
        );
        assert_eq!(
            worker_tunables(set("glibc.malloc.tcache_count=0")),
            "glibc.malloc.tcache_count=0"
        );
        assert_eq!(
            worker_tunables(set("glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0")),
            "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0"
        );
        // A name that only contains the tunable's is another setting.
        assert_eq!(
            worker_tunables(set("x.glibc.malloc.tcache_count_y=1")),
            format!("x.glibc.malloc.tcache_count_y=1:{TCACHE_COUNT}").as_str()
        );
        // A value that is not UTF-8 is kept as it is.
        use std::os::unix::ffi::OsStringExt;
        let odd = std::ffi::OsString::from_vec(b"glibc.malloc.arena_max=\xFF".to_vec());
        let mut expected = odd.clone();
        expected.push(":");
        expected.push(TCACHE_COUNT);
        assert_eq!(worker_tunables(Some(odd)), expected);
    }

    #[test]
    fn answers_are_read_whole_however_the_pipe_cuts_them() {
        // A document with a newline in it (pretty JSON), an empty one, none.
        let sent: Vec<(&str, Option<&[u8]>)> = vec![
            ("a.txt", Some(b"{\n  \"rows\": []\n}\n")),
            ("b.txt", None),
            ("c.txt", Some(b"")),
            ("d.txt", Some("{\"text\":\"幸区\"}\n".as_bytes())),
        ];
        let bytes = wire(&sent);
        let expected: Vec<(String, Option<Vec<u8>>)> = sent
            .iter()
            .map(|(p, d)| ((*p).to_owned(), d.map(<[u8]>::to_vec)))
            .collect();
        for chunk in [1, 2, 3, 7, 64, bytes.len()] {
            assert_eq!(read(&bytes, chunk), expected, "pieces of {chunk} bytes");
        }
    }

    #[test]
    fn an_unreadable_header_is_a_worker_error() {
        let mut arriving = Arriving::default();
        let failure = arriving.take(b"not json\n").err().unwrap();
        assert_eq!(failure.reason, Reason::WorkerError);
        assert!(
            failure.message.starts_with("unreadable worker answer"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn the_peak_is_read_again_once_memory_grew() {
        let proc = ProcFiles::open();
        let before = proc.peak_rss_kib().unwrap();
        assert!(before < 200 << 10, "a test process peaking at {before} KiB");
        // Made resident by page faults, which the next reading must see.
        let grown = vec![1u8; 256 << 20];
        let after = proc.peak_rss_kib().unwrap();
        assert!(after >= 256 << 10, "{before} KiB, then {after} KiB");
        assert_eq!(
            grown.iter().map(|&b| usize::from(b)).sum::<usize>(),
            256 << 20
        );
    }
}
