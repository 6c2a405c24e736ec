//! Worker processes for PDF input.
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
//! The protocol is one JSON line each way: the request names the file, the
//! answer is what [`job::convert`](crate::job::convert) gives for it. This
//! module is process plumbing only; what is done with a file is the job's.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use plansheet::model::Reason;
use serde::{Deserialize, Serialize};

use crate::job::{self, Converted};

/// Stack for the worker's reading thread: deep nesting must not overflow.
const WORKER_STACK: usize = 64 << 20;

/// How often a waiting supervisor thread looks at the interrupt flag.
const INTERRUPT_POLL: Duration = Duration::from_millis(50);

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
    /// For a text input: the address space it may take on top of what the
    /// worker holds already (see [`text_budget`]).
    pub(crate) budget: Option<u64>,
}

/// A text input may take this many times its size in memory (on top of
/// what the worker holds already), and at least [`TEXT_MEMORY_FLOOR`].
/// Parsing text is linear; an input that needs more than this is not a
/// sheet, and failing it early keeps several workers from filling the
/// machine.
const TEXT_MEMORY_FACTOR: u64 = 10;
/// The budget of small text inputs.
const TEXT_MEMORY_FLOOR: u64 = 512 << 20;

/// Buffer size for the worker's answers, both ends of the pipe: most
/// documents fit, so each crosses in one write and one read.
const PIPE_BUFFER: usize = 1 << 20;

/// A worker whose peak resident memory has passed this (in KiB) is replaced
/// after the input that grew it, so that one large file's heap is not kept
/// for the rest of the run. Workers peak at 7–19 MiB on the bundled archive
/// and on real PDFs; the 200 MB decompression-bomb fixture takes one to
/// 72 MiB. Starting a worker costs more than converting a small text file,
/// so replacing workers by size rather than every few hundred inputs took
/// a fifth off a run of 2,400 text files.
const RECYCLE_RSS_KIB: u64 = 64 << 10;

/// The memory budget of a text input of `size` bytes. PDFs get none beyond
/// the worker's cap: their streams legitimately decompress to many times
/// the file's size.
pub(crate) fn text_budget(size: u64) -> u64 {
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
pub(crate) fn serve(max_memory: Option<u64>) -> anyhow::Result<bool> {
    let handle = std::thread::Builder::new()
        .name("reader".into())
        .stack_size(WORKER_STACK)
        .spawn(move || -> anyhow::Result<()> {
            // The cap comes after the big stack is mapped, so that it limits
            // what reading a file takes, not the worker's own set-up.
            if let Some(bytes) = max_memory {
                rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes)
                    .context("failed to set the memory limit")?;
            }
            let stdin = std::io::stdin();
            // One write per answer: a document is tens of kilobytes, and a
            // pipe written in line-buffered pieces wakes the reader for
            // each.
            let mut stdout =
                std::io::BufWriter::with_capacity(PIPE_BUFFER, std::io::stdout().lock());
            for line in stdin.lock().lines() {
                let request: Request = serde_json::from_str(&line?)?;
                // A text input's budget lowers the soft limit for its
                // conversion only; the hard limit stays the worker's cap.
                if let (Some(budget), Some(cap)) = (request.budget, max_memory) {
                    let soft = vm_size().map_or(cap, |now| now.saturating_add(budget).min(cap));
                    rlimit::setrlimit(rlimit::Resource::AS, soft, cap)
                        .context("failed to set the memory budget")?;
                }
                let mut response = job::convert(&request.path, &request.display, request.compact);
                if let Some(cap) = max_memory {
                    rlimit::setrlimit(rlimit::Resource::AS, cap, cap)
                        .context("failed to lift the memory budget")?;
                }
                response.entry.peak_rss_kib = peak_rss_kib();
                serde_json::to_writer(&mut stdout, &response)?;
                stdout.write_all(b"\n")?;
                stdout.flush()?;
            }
            Ok(())
        })
        .context("failed to start the worker thread")?;
    match handle.join() {
        Ok(result) => result.map(|()| true),
        Err(_) => anyhow::bail!("the worker thread panicked"),
    }
}

/// The address space this process holds now, in bytes (Linux).
fn vm_size() -> Option<u64> {
    // `/proc/self/statm` starts with the same figure in pages, and the
    // kernel makes it far more cheaply than `status`.
    let mut buffer = [0u8; 256];
    let pages: u64 = read_proc("/proc/self/statm", &mut buffer)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(pages * rustix::param::page_size() as u64)
}

/// The peak resident memory of this process so far, in KiB (Linux).
pub(crate) fn peak_rss_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

/// A field of `/proc/self/status` in KiB, read in one system call into a
/// buffer on the stack (the file is under 2 KiB): it is read twice per
/// input, and reading it line by line took a dozen calls.
fn status_kib(field: &str) -> Option<u64> {
    let mut buffer = [0u8; 8192];
    let status = read_proc("/proc/self/status", &mut buffer)?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A small `/proc` file, read in one call into `buffer`.
fn read_proc<'b>(path: &str, buffer: &'b mut [u8]) -> Option<&'b str> {
    use std::io::Read;
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(buffer))
        .ok()?;
    std::str::from_utf8(&buffer[..read]).ok()
}

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
}

impl Worker {
    fn spawn(limits: &Limits) -> anyhow::Result<Worker> {
        let exe = std::env::current_exe().context("failed to find the plansheet binary")?;
        let mut command = Command::new(exe);
        command
            .arg("worker")
            .arg("--max-memory")
            .arg(limits.max_memory.to_string());
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
        Ok(Worker {
            child,
            stdin,
            answers: BufReader::with_capacity(PIPE_BUFFER, stdout),
            log,
            served: 0,
        })
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    /// Its answer line.
    Answer(Vec<u8>),
    /// It closed its output: it died.
    Died,
    /// The deadline passed or the run was interrupted; the worker must go.
    Stopped(Failure),
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

    /// Waits for the worker's answer until the deadline, looking at the
    /// interrupt flag meanwhile.
    fn wait(&self, worker: &mut Worker) -> Waited {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let deadline = Instant::now() + self.limits.timeout;
        let mut answer: Vec<u8> = Vec::new();
        loop {
            // What is buffered first: the answer may be there already.
            let buffered = worker.answers.buffer();
            if let Some(end) = buffered.iter().position(|&b| b == b'\n') {
                answer.extend_from_slice(&buffered[..end]);
                worker.answers.consume(end + 1);
                return Waited::Answer(answer);
            }
            let n = buffered.len();
            answer.extend_from_slice(buffered);
            worker.answers.consume(n);
            if self.interrupted.load(Ordering::Relaxed) {
                return Waited::Stopped(Failure {
                    reason: Reason::Interrupted,
                    message: "the run was interrupted while this input was read".into(),
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

    /// Converts one file in a worker.
    pub(crate) fn run(&self, request: &Request) -> Result<Converted, Failure> {
        let mut worker = match self.idle.lock().ok().and_then(|mut idle| idle.pop()) {
            Some(worker) => worker,
            None => Worker::spawn(&self.limits).map_err(|e| Failure {
                reason: Reason::WorkerError,
                message: format!("{e:#}"),
            })?,
        };
        let mut line = serde_json::to_string(request).map_err(|e| Failure {
            reason: Reason::WorkerError,
            message: format!("the request could not be written: {e}"),
        })?;
        line.push('\n');
        if worker
            .stdin
            .write_all(line.as_bytes())
            .and_then(|()| worker.stdin.flush())
            .is_err()
        {
            return Err(self.died(worker, request));
        }
        match self.wait(&mut worker) {
            Waited::Answer(answer) => {
                worker.served += 1;
                let response = serde_json::from_slice(&answer).map_err(|e| Failure {
                    reason: Reason::WorkerError,
                    message: format!("unreadable worker answer: {e}"),
                });
                let grown = response
                    .as_ref()
                    .ok()
                    .and_then(|r: &Converted| r.entry.peak_rss_kib)
                    .is_some_and(|kib| kib > RECYCLE_RSS_KIB);
                if grown || worker.served >= self.limits.recycle {
                    worker.stop();
                } else if let Ok(mut idle) = self.idle.lock() {
                    idle.push(worker);
                }
                response
            }
            Waited::Died => Err(self.died(worker, request)),
            Waited::Stopped(failure) => {
                worker.stop();
                Err(failure)
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
                message: "the run was interrupted while this input was read".into(),
            };
        }
        if said.out_of_memory {
            let cap = self.limits.max_memory;
            let message = match request.budget {
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

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.idle.lock() {
            for worker in idle.drain(..) {
                worker.stop();
            }
        }
    }
}
