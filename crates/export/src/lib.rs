//! Writing plansheet's outputs: a document or a run report as pretty JSON
//! ([`to_json`]) or as one line of JSON Lines ([`to_jsonl`]), flat tables
//! of records ([`row_records`] …, [`to_csv`]), the differences between two
//! conversions ([`diff`]), the JSON Schemas ([`document_schema`],
//! [`report_schema`]), and atomic file writes ([`write_atomic`]).
//!
//! It does not decide what goes into a document (`plansheet-layout` does)
//! and depends only on the model (`plansheet-model`), not on the parsers.
//!
//! ```no_run
//! # fn demo(doc: &plansheet_model::Document) -> Result<(), Box<dyn std::error::Error>> {
//! let json = plansheet_export::to_json(doc)?;
//! let path = std::path::Path::new("out/sheet.json");
//! plansheet_export::write_atomic(path, json.as_bytes(), plansheet_export::Durability::Now)?;
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

mod diff;
mod table;

pub use diff::{Diff, DocumentDiff, FieldChange, RowChange, diff};

pub use table::{
    DirectoryRecord, ItemRecord, Origin, Record, RowRecord, TargetRecord, directory_records,
    item_records, row_records, target_records, to_csv,
};

use plansheet_model::{Document, JsonLine, RunReport};
use serde::Serialize;

/// A document or report as pretty-printed JSON, with a final newline. Fails
/// only if the value holds something JSON cannot express (a non-finite
/// number).
pub fn to_json(value: &impl Serialize) -> serde_json::Result<String> {
    let mut out = serde_json::to_string_pretty(value)?;
    out.push('\n');
    Ok(out)
}

/// A document as one line of JSON Lines (newline included).
pub fn to_jsonl(value: &impl Serialize) -> serde_json::Result<String> {
    let mut out = serde_json::to_string(value)?;
    out.push('\n');
    Ok(out)
}

/// The JSON Schema (draft 2020-12) of a document, as committed in
/// `schemas/plansheet.schema.json`.
pub fn document_schema() -> String {
    schema_text(schemars::schema_for!(Document))
}

/// The JSON Schema (draft 2020-12) of a line of `convert --jsonl`, a
/// document or the failure of an input that made none, as committed in
/// `schemas/jsonl-line.schema.json`.
pub fn line_schema() -> String {
    schema_text(schemars::schema_for!(JsonLine))
}

/// The JSON Schema (draft 2020-12) of a run report, as committed in
/// `schemas/run-report.schema.json`.
pub fn report_schema() -> String {
    schema_text(schemars::schema_for!(RunReport))
}

fn schema_text(schema: schemars::Schema) -> String {
    // A schema is a JSON value already: writing it cannot fail.
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

/// Temporary files [`write_atomic`] makes are named `.plansheet-….tmp`.
const TEMPORARY_PREFIX: &str = ".plansheet-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// Whether a file name is one of [`write_atomic`]'s temporary files (left
/// behind only by a process killed mid-write).
pub fn is_temporary(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with(TEMPORARY_PREFIX) && n.ends_with(TEMPORARY_SUFFIX))
}

/// When a written file's bytes must be on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Synced before the rename: on disk when the call returns.
    Now,
    /// Not synced: whole or absent after a crash (the rename is atomic),
    /// and on disk after the next [`sync_filesystem`] of its directory, or
    /// a [`sync_files`] that lists it and a [`sync_directories`] of its
    /// directory. A batch of files then costs one sync
    /// (or one sync per file, but no waiting for each in turn).
    Later,
}

/// Writes a file so that readers see either the old content or the whole
/// new content, never a part: the bytes go to a temporary file in the same
/// directory, are synced if `durability` says so, and the file is renamed
/// into place. Missing parent directories are created. The file gets the
/// usual permissions (0666 less the umask), like any file the user's tools
/// create.
pub fn write_atomic(path: &Path, bytes: &[u8], durability: Durability) -> std::io::Result<()> {
    write_atomic_with(path, durability, |file| file.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes into the temporary file, as it
/// goes (a table of millions of rows need not be held in memory first).
/// Where `write` fails the temporary file is removed and the file at
/// `path` is left as it was.
pub fn write_atomic_with<E: From<std::io::Error>>(
    path: &Path,
    durability: Durability,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), E>,
) -> Result<(), E> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // The directory is created only when the file cannot be: a run writes
    // thousands of documents into a few directories, and a `mkdir` per
    // document cost more than writing it.
    let mut created = false;
    let (tmp_path, mut file) = loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!(
            "{TEMPORARY_PREFIX}{}-{n}{TEMPORARY_SUFFIX}",
            std::process::id()
        );
        let candidate = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => break (candidate, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !created => {
                std::fs::create_dir_all(dir)?;
                created = true;
            }
            Err(e) => return Err(e.into()),
        }
    };
    let written = write(&mut file).and_then(|()| {
        match durability {
            Durability::Now => file.sync_all(),
            Durability::Later => Ok(()),
        }
        .and_then(|()| std::fs::rename(&tmp_path, path))
        .map_err(E::from)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    written
}

/// Flushes everything written to the file system that holds `dir` to disk
/// (`syncfs`): one call makes a whole batch of [`Durability::Later`] files
/// durable, renames included. It also waits for what other programs have
/// written to that file system and not yet flushed; when that is much,
/// [`sync_files`] and [`sync_directories`] are faster.
pub fn sync_filesystem(dir: &Path) -> std::io::Result<()> {
    let handle = std::fs::File::open(dir)?;
    rustix::fs::syncfs(&handle).map_err(std::io::Error::from)
}

/// How many files [`sync_files`] and a [`Syncer`] sync at once: a sync mostly waits for the
/// disk, and the file system commits concurrent syncs together.
const SYNC_THREADS: usize = 16;

/// Syncs the data of a batch of [`Durability::Later`] files on several
/// threads at once (a sync mostly waits for the disk, and the file system
/// commits concurrent syncs together): it waits for these files only, not
/// for what other programs have written (as [`sync_filesystem`] does).
/// Their entries and renames are durable once [`sync_directories`] has
/// synced their directories. Every file is tried; the first error in their
/// order is returned, naming its path.
pub fn sync_files(files: &[PathBuf]) -> std::io::Result<()> {
    let chunk = files.len().div_ceil(SYNC_THREADS).max(1);
    let synced: Vec<std::io::Result<()>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || first_error(part.iter().map(|p| sync_data(p)).collect()))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("a sync thread panicked")))
            })
            .collect()
    });
    first_error(synced)
}

/// Syncs every directory from those of `files` up to `root`, and the one
/// that holds `root`: their entries, renames and directories
/// [`write_atomic`] created. Deepest first, one after another; every one is
/// tried, and the first error is returned, naming its path. A directory
/// whose file system cannot sync directories (`EINVAL`) is skipped.
pub fn sync_directories(root: &Path, files: &[PathBuf]) -> std::io::Result<()> {
    // Deepest first, so that a directory's entry is synced after what is
    // in it.
    let mut directories = std::collections::BTreeSet::new();
    for file in files {
        for dir in file.ancestors().skip(1) {
            if !dir.starts_with(root) || !directories.insert(dir) {
                break;
            }
        }
    }
    directories.insert(root);
    let above = root.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    });
    let directories = directories.into_iter().rev().chain(above).map(|dir| {
        match std::fs::File::open(dir).and_then(|f| f.sync_all()) {
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::INVAL.raw_os_error()) => Ok(()),
            result => result.map_err(|e| named(dir, e)),
        }
    });
    first_error(directories.collect())
}

/// Syncs the data of one file; an error names its path.
fn sync_data(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_data())
        .map_err(|e| named(path, e))
}

/// An error with the path it is about.
fn named(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Syncs the data of files on threads of its own while the caller goes on
/// writing others ([`SYNC_THREADS`] of them): a batch of
/// [`Durability::Later`] files is then mostly on disk when the last is
/// written, and a run does not wait for all of its syncs at its end
/// ([`sync_files`] does). Their renames are durable once
/// [`sync_directories`] has synced their directories. For a disk another
/// program keeps busy, where each sync waits long; where the disk is quiet
/// one [`sync_filesystem`] at the end costs less. The queue holds a path
/// for each file not synced yet, as many as the caller has written.
pub struct Syncer {
    queue: Option<std::sync::mpsc::Sender<PathBuf>>,
    threads: Vec<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Syncer {
    /// Starts the threads. A thread that cannot be started is left out;
    /// with none, [`Syncer::sync`] syncs on the caller's thread.
    pub fn start() -> Syncer {
        let (queue, paths) = std::sync::mpsc::channel::<PathBuf>();
        let paths = std::sync::Arc::new(std::sync::Mutex::new(paths));
        let threads = (0..SYNC_THREADS)
            .filter_map(|_| {
                let paths = std::sync::Arc::clone(&paths);
                std::thread::Builder::new()
                    .name("sync".into())
                    .spawn(move || {
                        let mut result = Ok(());
                        loop {
                            let next = match paths.lock() {
                                Ok(paths) => paths.recv(),
                                Err(_) => {
                                    return Err(std::io::Error::other("a sync thread panicked"));
                                }
                            };
                            let Ok(path) = next else { return result };
                            let synced = sync_data(&path);
                            if result.is_ok() {
                                result = synced;
                            }
                        }
                    })
                    .ok()
            })
            .collect();
        Syncer {
            queue: Some(queue),
            threads,
        }
    }

    /// Has a written file synced.
    pub fn sync(&self, path: PathBuf) -> std::io::Result<()> {
        match &self.queue {
            Some(queue) if !self.threads.is_empty() => queue
                .send(path)
                .map_err(|_| std::io::Error::other("the sync threads stopped")),
            _ => sync_data(&path),
        }
    }

    /// Waits for every file given to be synced; the first error a thread
    /// met, naming its path.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.queue = None;
        let results = self
            .threads
            .drain(..)
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("a sync thread panicked")))
            })
            .collect();
        first_error(results)
    }
}

/// The first error of results that were all had.
fn first_error(results: Vec<std::io::Result<()>>) -> std::io::Result<()> {
    results
        .into_iter()
        .find_map(Result::err)
        .map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_files_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/out.json");
        write_atomic(&path, b"first", Durability::Now).unwrap();
        write_atomic(&path, b"second", Durability::Later).unwrap();
        sync_filesystem(dir.path()).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.json"]);
        // The same permissions as any file created under this umask (a
        // temporary-file library would give 0600).
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| {
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
        };
        assert_eq!(mode(&path), mode(&plain));
    }

    #[test]
    fn a_syncer_syncs_files_as_they_come_and_reports_a_failure_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..50)
            .map(|k| dir.path().join(format!("{k}.json")))
            .collect();
        let syncer = Syncer::start();
        for f in &files {
            write_atomic(f, b"{}", Durability::Later).unwrap();
            syncer.sync(f.clone()).unwrap();
        }
        syncer.finish().unwrap();
        // A file that is not there fails, whichever thread took it, and
        // the files after it are still synced.
        let syncer = Syncer::start();
        let missing = dir.path().join("missing.json");
        for f in std::iter::once(&missing).chain(&files) {
            syncer.sync(f.clone()).unwrap();
        }
        let e = syncer.finish().unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
        assert!(e.to_string().contains(&*missing.to_string_lossy()), "{e}");
    }

    #[test]
    fn syncing_files_one_by_one_tries_them_all_and_returns_the_first_failure() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        let mut files: Vec<PathBuf> = (0..40)
            .map(|k| root.join(format!("sub{}/deeper/{k}.json", k % 3)))
            .collect();
        for f in &files {
            write_atomic(f, b"{}", Durability::Later).unwrap();
        }
        let sync_each = |files: &[PathBuf]| {
            first_error(vec![sync_files(files), sync_directories(&root, files)])
        };
        sync_each(&files).unwrap();
        sync_each(&[]).unwrap();
        // Two failures, in different threads' shares: a missing file, and
        // a path under a regular file. Whichever comes first in the list
        // is the one returned, with its path.
        let missing = root.join("missing.json");
        let under_file = files[0].join("x.json");
        files.insert(2, missing.clone());
        files.insert(35, under_file.clone());
        let e = sync_each(&files).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
        assert!(e.to_string().contains(&*missing.to_string_lossy()), "{e}");
        files.swap(2, 35);
        let e = sync_each(&files).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotADirectory);
        assert!(
            e.to_string().contains(&*under_file.to_string_lossy()),
            "{e}"
        );
    }
}
