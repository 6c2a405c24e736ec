//! One input of a run: its bytes in, its report entry and document out.
//! A worker process runs this for every input, and `--resume` asks it
//! whether an input is already done.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};

use plansheet::model::{Document, Reason, ReportEntry};

/// What converting one input gave.
#[derive(Debug)]
pub(crate) struct Converted {
    /// The report entry (without an output path; the supervisor writes
    /// files).
    pub(crate) entry: ReportEntry,
    /// The document as JSON text, when one was made. Bytes, not a
    /// `String`: it crosses from the worker as they are and leaves as
    /// they are, and checking it for UTF-8 on the way took longer than
    /// parsing some inputs.
    pub(crate) document: Option<Vec<u8>>,
}

/// A path as the report and messages show it: as is when it is UTF-8;
/// otherwise each byte that is not UTF-8 as `\xNN`, so that two names that
/// differ only there stay apart (a lossy conversion would make both `�`).
pub(crate) fn display(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in path.as_os_str().as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// An input's path as its document and report entry record it
/// (`source.path`): [`display`] of the path with repeated separators and
/// `.` components left out, a leading `./` too (`sheets//a.txt`,
/// `./sheets/./a.txt` → `sheets/a.txt`), so that two runs over the same
/// files typed otherwise diff clean (review). Lexically only: `..` is
/// kept, as where a link is followed it does not undo the step before it.
pub(crate) fn source_path(path: &Path) -> String {
    display(&lexical(path))
}

/// A path with repeated separators and `.` components left out (see
/// [`source_path`]); the path itself where nothing else is left (`.`).
pub(crate) fn lexical(path: &Path) -> std::path::PathBuf {
    let clean: std::path::PathBuf = path
        .components()
        .filter(|c| *c != std::path::Component::CurDir)
        .collect();
    if clean.as_os_str().is_empty() {
        return path.to_path_buf();
    }
    clean
}

/// Milliseconds since `started`, saturating.
pub(crate) fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The entry of an input that failed after `ms` milliseconds, with its
/// bytes' hash and size when they could be read.
pub(crate) fn failed(
    display: &str,
    reason: Reason,
    message: String,
    bytes: Option<&[u8]>,
    ms: u64,
) -> ReportEntry {
    ReportEntry {
        sha256: bytes.map(plansheet::sha256_hex),
        bytes: bytes.map(|b| b.len() as u64),
        ..ReportEntry::failed(display, reason, message, ms)
    }
}

/// Reads and converts one file in this process: the report entry, and the
/// document as JSON (compact for JSON Lines) when one was made. A panic in a
/// parser (a bug) costs this file, not the run. `prepare` sees the bytes
/// before they are parsed (the worker sets a text input's memory budget
/// there, and sends the answers it held back before a PDF); what it
/// refuses fails the input with its reason and message.
pub(crate) fn convert(
    path: &Path,
    display: &str,
    compact: bool,
    prepare: impl FnOnce(&[u8]) -> Result<(), (Reason, String)>,
) -> Converted {
    let started = Instant::now();
    let fail = |reason, message, bytes: Option<&[u8]>| Converted {
        entry: failed(display, reason, message, bytes, elapsed_ms(started)),
        document: None,
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        // An input larger than the memory left under the worker's cap is
        // refused by the allocator before a byte is read: out of memory,
        // as when it runs out while parsing, not a file that cannot be read.
        Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => {
            return fail(Reason::Oom, format!("failed to read: {e}"), None);
        }
        Err(e) => return fail(Reason::ReadError, format!("failed to read: {e}"), None),
    };
    if let Err((reason, message)) = prepare(&bytes) {
        return fail(reason, message, Some(&bytes));
    }
    let doc = match catch_unwind(AssertUnwindSafe(|| plansheet::extract(display, &bytes))) {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return fail(e.reason(), e.detail(), Some(&bytes)),
        Err(panic) => {
            let message = format!("plansheet crashed on this file: {}", panic_message(&*panic));
            return fail(Reason::Panic, message, Some(&bytes));
        }
    };
    let written = if compact {
        plansheet_export::to_jsonl(&doc)
    } else {
        plansheet_export::to_json(&doc)
    };
    match written {
        Ok(document) => Converted {
            entry: ReportEntry::for_document(&doc, elapsed_ms(started)),
            document: Some(document.into_bytes()),
        },
        Err(e) => fail(
            Reason::WriteError,
            format!("failed to serialize the document: {e}"),
            Some(&bytes),
        ),
    }
}

/// With `--resume`: the entry and document of an input whose document at
/// `output` was written by this plansheet version from these very bytes.
/// Documents are written atomically, so one that exists is whole; it is read
/// back typed, so the entry is the one a fresh run would give (records
/// included).
pub(crate) fn resumed(
    path: &Path,
    display: &str,
    output: &Path,
) -> Option<(ReportEntry, Document)> {
    // A pipe or device can be read once: it is converted, not compared
    // (reading it here left nothing to convert, and the input was
    // reported `empty_file`).
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let doc: Document = serde_json::from_slice(&std::fs::read(output).ok()?).ok()?;
    let bytes = std::fs::read(path).ok()?;
    if doc.source.sha256 != plansheet::sha256_hex(&bytes)
        || doc.plansheet_version != plansheet::VERSION
    {
        return None;
    }
    // A partial document's entry keeps what it says of its warnings (it
    // had been replaced by the resumption's note).
    let entry = ReportEntry::for_document(&doc, 0);
    let message = match entry.message {
        Some(warnings) => format!("{warnings} (resumed: already converted)"),
        None => "resumed: already converted".into(),
    };
    let entry = ReportEntry {
        path: display.to_owned(),
        output: Some(self::display(output)),
        message: Some(message),
        ..entry
    };
    Some((entry, doc))
}

/// What an output directory's run report says of the run that wrote it:
/// the documents it wrote (source path and SHA-256) and the inputs that
/// failed. `None` where the directory holds no report.
pub(crate) struct LastRun {
    /// The documents the run wrote: their source path (as [`recorded`]
    /// spells it, as every path here) and SHA-256 (empty where the report
    /// gives none).
    pub(crate) kept: std::collections::HashSet<(String, String)>,
    /// The inputs whose document the report says was written into the
    /// directory (an entry with its output): their source paths.
    pub(crate) written: Vec<String>,
    /// The inputs converted whose documents the report says were not
    /// written into the directory (no output: `convert --jsonl -o` writes
    /// them to standard output): their source paths (as in `written`) and
    /// SHA-256.
    pub(crate) unwritten: Vec<(String, String)>,
    /// Each failed input's line as `convert --jsonl` writes it (source
    /// path, status, reason, message), in the report's order.
    pub(crate) failures: Vec<serde_json::Value>,
}

impl LastRun {
    /// The inputs that failed, taken (named once).
    pub(crate) fn take_failed(&mut self) -> Vec<Failed> {
        std::mem::take(&mut self.failures)
            .iter()
            .map(Failed::of)
            .collect()
    }

    /// Whether the run wrote the document of `path` (as [`recorded`]
    /// spells it, whatever the run recorded) and `sha256`.
    pub(crate) fn wrote(&self, path: &str, sha256: &str) -> bool {
        let path = recorded(path);
        self.kept.contains(&(path.clone(), sha256.to_owned()))
            || self.kept.contains(&(path, String::new()))
    }
}

/// What a panic said (its message, where it gave one as text).
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// An input that failed, as a failed input's line or a run report gives
/// it.
pub(crate) struct Failed {
    /// Its source path.
    pub(crate) path: String,
    /// Its reason code (`empty_file` …), where one is given.
    pub(crate) reason: Option<String>,
}

impl Failed {
    /// Of a failed input's line (`{"source":{"path":…},"reason":…}`).
    pub(crate) fn of(line: &serde_json::Value) -> Failed {
        Failed {
            path: line["source"]["path"].as_str().unwrap_or("?").to_owned(),
            reason: line["reason"].as_str().map(str::to_owned),
        }
    }
}

/// A source path a document or report recorded, spelt as `convert` records
/// one now ([`source_path`]): without a leading `./`, repeated separators
/// or `.` components. An older run recorded paths as typed (`./a.txt`,
/// `sheets//a.txt`): read so, its documents pair with a new run's in
/// `diff` and `rows` (`sheets//a.txt` had paired with nothing).
pub(crate) fn recorded(path: &str) -> String {
    source_path(Path::new(path))
}

/// The run report of `dir`, read (see [`LastRun`]).
pub(crate) fn last_run(dir: &Path) -> anyhow::Result<Option<LastRun>> {
    let path = dir.join("run-report.json");
    if !path.is_file() {
        return Ok(None);
    }
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("failed to read {}", display(&path)))?,
    )
    .with_context(|| format!("{}: not JSON", display(&path)))?;
    let Some(entries) = report.get("entries").and_then(|e| e.as_array()) else {
        bail!("{}: not a run report (no entries)", display(&path));
    };
    let text =
        |e: &serde_json::Value, key: &str| e.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let mut kept = std::collections::HashSet::new();
    let mut written = Vec::new();
    let mut unwritten = Vec::new();
    let mut failures = Vec::new();
    for entry in entries {
        // (Spelt as this version records it: see [`recorded`].)
        let path = recorded(&text(entry, "path").unwrap_or_default());
        match (text(entry, "status").as_deref(), text(entry, "sha256")) {
            (Some("failed"), _) => {
                failures.push(serde_json::json!({
                    "source": {"path": path},
                    "status": "failed",
                    "reason": entry.get("reason"),
                    "message": entry.get("message"),
                }));
            }
            // (An entry without its hash, of a report written by hand or an
            // older plansheet: its path alone says.)
            (_, sha256) => {
                let sha256 = sha256.unwrap_or_default();
                if entry.get("output").is_some_and(|o| o.is_string()) {
                    written.push(path.clone());
                } else {
                    unwritten.push((path.clone(), sha256.clone()));
                }
                kept.insert((path, sha256));
            }
        }
    }
    Ok(Some(LastRun {
        kept,
        written,
        unwritten,
        failures,
    }))
}

/// Up to five paths, and how many more.
pub(crate) fn named(paths: &[String]) -> String {
    let mut out = paths.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if paths.len() > 5 {
        out.push_str(&format!(" and {} more", paths.len() - 5));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_paths_drop_repeated_separators_and_dots_but_not_dot_dot() {
        for (typed, recorded) in [
            ("sheets//a.txt", "sheets/a.txt"),
            ("./sheets/./a.txt", "sheets/a.txt"),
            (".//sheets///./a.txt", "sheets/a.txt"),
            ("/srv//archive/./a.txt", "/srv/archive/a.txt"),
            ("sheets/../a.txt", "sheets/../a.txt"),
            ("./../a.txt", "../a.txt"),
            ("a.txt", "a.txt"),
            (".", "."),
            ("./", "./"),
        ] {
            assert_eq!(source_path(Path::new(typed)), recorded, "{typed}");
        }
        use std::os::unix::ffi::OsStrExt;
        let odd = Path::new(std::ffi::OsStr::from_bytes(b"./d//\x82.txt"));
        assert_eq!(source_path(odd), "d/\\x82.txt");
    }

    #[test]
    fn names_that_are_not_utf8_stay_distinguishable() {
        use std::os::unix::ffi::OsStrExt;
        let a = display(Path::new(std::ffi::OsStr::from_bytes(b"dir/\x82\xA0.txt")));
        let b = display(Path::new(std::ffi::OsStr::from_bytes(b"dir/\x82\xA1.txt")));
        assert_eq!(a, "dir/\\x82\\xA0.txt");
        assert_ne!(a, b);
        assert_eq!(display(Path::new("幸区/シート.txt")), "幸区/シート.txt");
    }
}
