//! The output directory of a `convert` run: checked and locked before any
//! work, so that a run never reads its own output, never writes over its
//! inputs, and never shares the directory with another run.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::job;

/// The lock file a run holds in its output directory. Hidden, so a walk
/// never takes it for an input.
const LOCK: &str = ".plansheet.lock";
/// The report's name in the output directory.
const REPORT: &str = "run-report.json";

/// A locked output directory; the lock is released when this is dropped.
pub(crate) struct OutputDir {
    /// The directory as given (paths in the report are built on it).
    dir: PathBuf,
    /// The same directory, canonical (for comparing with inputs).
    canonical: PathBuf,
}

impl OutputDir {
    /// Creates the directory if needed, refuses one that is an input
    /// directory, and takes the lock — which also proves, before any work,
    /// that the directory can be written.
    pub(crate) fn open(dir: &Path, roots: &[PathBuf]) -> anyhow::Result<Self> {
        // (Said as it is: creating it had said `File exists (os error 17)`.)
        if std::fs::metadata(dir).is_ok_and(|m| m.is_file()) {
            bail!(
                "the output directory {} is a file: choose another -o",
                job::display(dir)
            );
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create output directory {}", job::display(dir)))?;
        let canonical = dir
            .canonicalize()
            .with_context(|| format!("failed to resolve {}", job::display(dir)))?;
        for root in roots {
            if root.canonicalize().is_ok_and(|r| r == canonical) {
                bail!(
                    "the output directory {} is also an input directory: its documents would be \
                     read as inputs and could overwrite them; choose another -o",
                    job::display(dir)
                );
            }
        }
        lock(&canonical.join(LOCK))
            .with_context(|| format!("cannot use output directory {}", job::display(dir)))?;
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            canonical,
        })
    }

    /// Where the document of an input at `relative` goes.
    pub(crate) fn document(&self, relative: &Path) -> PathBuf {
        self.dir.join(document_name(relative))
    }

    /// The same, resolved, for comparing with input files.
    pub(crate) fn canonical_document(&self, relative: &Path) -> PathBuf {
        self.canonical.join(document_name(relative))
    }

    /// Where the report goes.
    pub(crate) fn report_path(&self) -> PathBuf {
        self.dir.join(REPORT)
    }

    /// The report's resolved path.
    pub(crate) fn canonical_report(&self) -> PathBuf {
        self.canonical.join(REPORT)
    }

    /// Makes every document of the run durable, then writes the report,
    /// synced. A report on disk therefore means every document it lists is
    /// on disk; a crash before it may lose documents of this run, which
    /// `--resume` redoes (it checks each document's hash).
    ///
    /// The documents not synced yet (see [`Documents`]) were written
    /// unsynced. One `syncfs` makes them durable at the cost of one sync,
    /// unless the machine holds much more unflushed data than they took:
    /// another program's (or one on another file system), which `syncfs`
    /// could wait for too (a run of 2,400 documents beside a program
    /// writing gigabytes waited 0.8 s for it, twice the run). Then the
    /// documents are synced one by one, on several threads, and the
    /// directories of every document.
    pub(crate) fn write_report(&self, bytes: &[u8], documents: Documents) -> anyhow::Result<()> {
        let flushing = || -> std::io::Result<()> {
            if let Some(e) = documents.sync_error {
                return Err(e);
            }
            if others_unflushed(documents.unflushed) {
                plansheet_export::sync_files(&documents.unsynced)?;
                plansheet_export::sync_directories(&self.dir, &documents.files)
            } else {
                plansheet_export::sync_filesystem(&self.canonical)
            }
        };
        flushing().with_context(|| {
            format!(
                "failed to flush the documents in {} to disk",
                job::display(&self.dir)
            )
        })?;
        let path = self.report_path();
        plansheet_export::write_atomic(&path, bytes, plansheet_export::Durability::Now)
            .with_context(|| format!("failed to write {}", job::display(&path)))
    }

    /// A run killed mid-write leaves its temporary file behind (the rename
    /// never happened); a resumed run clears them away. The lock guarantees
    /// no other run is writing them now.
    pub(crate) fn remove_stale_temporaries(&self) {
        for entry in walkdir::WalkDir::new(&self.dir).into_iter().flatten() {
            if entry.file_type().is_file() && plansheet_export::is_temporary(entry.file_name()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.canonical.join(LOCK));
    }
}

/// The documents of a run, for [`OutputDir::write_report`] to make durable.
#[derive(Default)]
pub(crate) struct Documents {
    /// Every document of the run: this run's and those `--resume` kept.
    pub(crate) files: Vec<PathBuf>,
    /// Those of them not synced yet: the run synced the others as it wrote
    /// them.
    pub(crate) unsynced: Vec<PathBuf>,
    /// What writing this run's documents not synced yet took in memory
    /// until it is flushed, in bytes.
    pub(crate) unflushed: u64,
    /// The first error syncing documents as they were written met.
    pub(crate) sync_error: Option<std::io::Error>,
}

/// Unflushed data (`Dirty` and `Writeback` in `/proc/meminfo`) this much
/// beyond what the run wrote itself is taken as another program's.
const OTHERS_UNFLUSHED: u64 = 64 << 20;

/// Whether the machine holds much more unflushed data than the `ours` bytes
/// this run wrote: another program is writing, and a `syncfs` would wait
/// for it. Unknown (no `/proc`) counts as no.
pub(crate) fn others_unflushed(ours: u64) -> bool {
    std::fs::read_to_string("/proc/meminfo").is_ok_and(|m| unflushed(&m) > ours + OTHERS_UNFLUSHED)
}

/// The unflushed bytes `/proc/meminfo` counts: `Dirty` and `Writeback`.
fn unflushed(meminfo: &str) -> u64 {
    let kib = |field: &str| -> u64 {
        meminfo
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (kib("Dirty:") + kib("Writeback:")) << 10
}

/// An input's document name: its relative path with `.json` added.
fn document_name(relative: &Path) -> std::ffi::OsString {
    let mut name = relative.as_os_str().to_owned();
    name.push(".json");
    name
}

/// Takes the lock file: written with this process's id; one left by a
/// process that no longer runs (a killed run) is taken over.
fn lock(path: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    for _ in 0..2 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(mut file) => {
                writeln!(file, "{}", std::process::id())
                    .and_then(|()| file.sync_all())
                    .context("failed to write the lock file")?;
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = std::fs::read_to_string(path).unwrap_or_default();
                let pid = holder.trim();
                if !pid.is_empty() && Path::new("/proc").join(pid).exists() {
                    bail!("another plansheet run (process {pid}) is writing to it");
                }
                // Stale: its run is gone.
                std::fs::remove_file(path).context("failed to remove a stale lock file")?;
            }
            Err(e) => return Err(e).context("it cannot be written"),
        }
    }
    bail!("the lock file keeps reappearing")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unflushed_data_is_dirty_and_writeback() {
        let meminfo = "MemTotal:       24570148 kB\nDirty:            391768 kB\n\
                       Writeback:          1024 kB\nWritebackTmp:          7 kB\n";
        assert_eq!(unflushed(meminfo), (391_768 + 1024) << 10);
        assert_eq!(unflushed("MemTotal: 1 kB\n"), 0);
        // This machine's file has the fields, in this form.
        let here = std::fs::read_to_string("/proc/meminfo").unwrap();
        let dirty = here
            .lines()
            .find_map(|l| l.strip_prefix("Dirty:"))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok());
        assert!(dirty.is_some(), "{here}");
    }
}
