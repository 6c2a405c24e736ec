//! `plansheet diff OLD NEW`: what a parser change did to a whole archive.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::Value;

use crate::{conversion, job};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The old conversion: an output directory of `convert -o`, or a JSON
    /// Lines file of `convert --jsonl`.
    old: PathBuf,
    /// The new conversion, of the same kind.
    new: PathBuf,
    /// The differences as JSON, for tools.
    #[arg(long)]
    json: bool,
}

/// Runs `diff`; returns whether the two are equal.
///
/// Each side is first indexed — a document's key and where its bytes are
/// — and the documents of a key both sides hold are read and compared a
/// pair at a time: memory holds the keys and one pair, not two archives
/// (two 176 MB JSON Lines files had taken 2.5 GB: rev100 F13).
pub(crate) fn run(args: &Args) -> anyhow::Result<bool> {
    // A directory's documents are keyed by their file, JSON Lines' by their
    // source: a directory against JSON Lines had every document removed
    // and added.
    if args.old.is_dir() != args.new.is_dir() {
        anyhow::bail!(
            "{} and {} are not of one kind: compare two output directories or two JSON Lines files",
            job::display(&args.old),
            job::display(&args.new)
        );
    }
    let (old, new) = (Side::index(&args.old)?, Side::index(&args.new)?);
    let diff = plansheet_export::diff(&old.keys(), &new.keys(), |key| {
        let (before, after) = (old.read(key)?, new.read(key)?);
        if before == after {
            return Ok::<_, anyhow::Error>(None);
        }
        Ok(Some((old.value(key, &before)?, new.value(key, &after)?)))
    })?;
    let text = if args.json {
        plansheet_export::to_json(&diff).context("failed to serialize the differences")?
    } else {
        diff.to_text()
    };
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    // A reader that stops early (`| head`) is not an error; a full disk is.
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e).context("failed to write the differences");
    }
    Ok(diff.equal)
}

/// A document's source path as [`job::recorded`] spells it: the same
/// archive converted as `convert .` and as `convert *` names its inputs
/// `./a.txt` and `a.txt`, which had been every document removed and added;
/// and a run of an older plansheet recorded `sheets//a.txt` as typed.
fn same_path(value: &mut Value) {
    if let Some(Value::String(path)) = value.pointer_mut("/source/path") {
        *path = job::recorded(path);
    }
}

/// One side's documents by key: their path in the directory, or their
/// source path in JSON Lines (failure lines included; a source met again
/// is keyed `PATH #2` and on, so that a document twice is one added, not
/// one hidden), each with where its bytes are. A directory's failed
/// inputs, which have no document there, are keyed `SOURCE (failed)`,
/// their failure as its run report gives it (a new failure, or a reason
/// changed, had been no difference: helper-124).
struct Side {
    path: PathBuf,
    places: Places,
    failures: BTreeMap<String, Vec<u8>>,
}

/// Where a side's documents' bytes are.
enum Places {
    /// In a JSON Lines file (or a pipe's copy), from an offset, so long.
    Lines {
        file: std::fs::File,
        at: BTreeMap<String, (u64, usize)>,
    },
    /// In files of their own, in an output directory.
    Files(BTreeMap<String, PathBuf>),
}

impl Side {
    /// Indexes one side. Anything that is not a plansheet document is an
    /// error, and so is a directory without one or a run report (two
    /// directories of sheets, or of other JSON, had no differences).
    fn index(path: &Path) -> anyhow::Result<Side> {
        if path.is_dir() {
            return Side::directory(path);
        }
        let failed = || format!("failed to read {}", job::display(path));
        let mut file = std::fs::File::open(path).with_context(failed)?;
        // What cannot be read again by offset (a pipe, `<(plansheet
        // convert …)`) is read into a temporary file first.
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            let mut copy = tempfile::tempfile().context("failed to make a temporary file")?;
            std::io::copy(&mut file, &mut copy)
                .and_then(|_| copy.rewind())
                .with_context(failed)?;
            file = copy;
        }
        let mut at = BTreeMap::new();
        // How often each source was met (a key per copy, found at once:
        // the keys had been probed upward, quadratic in the copies, rev94).
        let mut seen: HashMap<String, usize> = HashMap::new();
        conversion::each_value(std::io::BufReader::new(&file), path, &mut |entry| {
            let value = entry.value(path)?;
            if !conversion::is_conversion(&value) {
                let line = format!("{} line {}", job::display(path), entry.line);
                return Err(not_a_document(line));
            }
            let source = job::recorded(value["source"]["path"].as_str().unwrap_or_default());
            let copies = seen.entry(source.clone()).or_insert(0usize);
            *copies += 1;
            let key = match *copies {
                1 => source,
                n => format!("{source} #{n}"),
            };
            at.insert(key, (entry.offset, entry.bytes.len()));
            Ok(())
        })?;
        Ok(Side {
            path: path.to_path_buf(),
            places: Places::Lines { file, at },
            failures: BTreeMap::new(),
        })
    }

    /// Indexes a `convert -o` directory's documents.
    fn directory(path: &Path) -> anyhow::Result<Side> {
        // Documents an earlier run left (an input since deleted, renamed,
        // changed or failed) are not of the run the report reports.
        let last_run = job::last_run(path)?;
        let mut stale = Vec::new();
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.with_context(|| format!("failed to walk {}", job::display(path)))?;
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || !name.ends_with(".json") || name == "run-report.json"
            {
                continue;
            }
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("failed to read {}", job::display(entry.path())))?;
            // Another JSON file in a `convert -o` directory (one with its
            // report: a note, a config someone left there) is none of the
            // run's: said and passed over, as `rows` does (it had stopped
            // the diff, exit 2). Elsewhere it is an error.
            let value = match serde_json::from_slice::<Value>(&bytes) {
                Ok(value) if conversion::is_conversion(&value) => value,
                Ok(_) if last_run.is_some() => {
                    conversion::warn_stray(entry.path(), "not a plansheet document");
                    continue;
                }
                Err(_) if last_run.is_some() => {
                    conversion::warn_stray(entry.path(), "not JSON");
                    continue;
                }
                Ok(_) => return Err(not_a_document(job::display(entry.path()))),
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("{}: not JSON", job::display(entry.path())));
                }
            };
            let key = job::display(entry.path().strip_prefix(path).unwrap_or(entry.path()));
            let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            let (source, sha256) = (&value["source"]["path"], &value["source"]["sha256"]);
            if last_run
                .as_ref()
                .is_some_and(|run| !run.wrote(&text(source), &text(sha256)))
            {
                stale.push(key);
                continue;
            }
            files.insert(key, entry.path().to_path_buf());
        }
        if !stale.is_empty() {
            eprintln!(
                "{} documents in {} are not of the run its run-report.json reports (left by an \
                 earlier run), and were left out: {}",
                stale.len(),
                job::display(path),
                job::named(&stale)
            );
        }
        // (A run whose every input failed leaves its report alone.)
        if files.is_empty() && !path.join("run-report.json").is_file() {
            anyhow::bail!("no plansheet documents in {}", job::display(path));
        }
        // (A source the report names failed again is keyed `#2` and on, as
        // in JSON Lines: a later failure had hidden the first's reason.)
        let mut failures = BTreeMap::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for failure in last_run.into_iter().flat_map(|run| run.failures) {
            // (Spelt as the report's reader spells it: see `job::recorded`.)
            let source = match failure["source"]["path"].as_str() {
                Some(path) if !path.is_empty() => path,
                _ => "<no path>",
            };
            let copies = seen.entry(source.to_owned()).or_insert(0);
            *copies += 1;
            let key = match *copies {
                1 => format!("{source} (failed)"),
                n => format!("{source} (failed) #{n}"),
            };
            failures.insert(key, serde_json::to_vec(&failure)?);
        }
        Ok(Side {
            path: path.to_path_buf(),
            places: Places::Files(files),
            failures,
        })
    }

    /// The keys of the side's documents.
    fn keys(&self) -> BTreeSet<&str> {
        let documents: BTreeSet<&str> = match &self.places {
            Places::Lines { at, .. } => at.keys().map(String::as_str).collect(),
            Places::Files(files) => files.keys().map(String::as_str).collect(),
        };
        let failures = self.failures.keys().map(String::as_str);
        documents.into_iter().chain(failures).collect()
    }

    /// The bytes of the document of `key` (one of [`Side::keys`]), read
    /// again.
    fn read(&self, key: &str) -> anyhow::Result<Vec<u8>> {
        let failed = || format!("failed to read {} again", job::display(&self.path));
        if let Some(failure) = self.failures.get(key) {
            return Ok(failure.clone());
        }
        match &self.places {
            Places::Lines { file, at } => {
                use std::os::unix::fs::FileExt;
                let (offset, len) = at[key];
                let mut bytes = vec![0; len];
                file.read_exact_at(&mut bytes, offset)
                    .with_context(failed)?;
                Ok(bytes)
            }
            Places::Files(files) => std::fs::read(&files[key]).with_context(failed),
        }
    }

    /// The document of `key` from its bytes, with its source path as
    /// [`same_path`] gives it.
    fn value(&self, key: &str, bytes: &[u8]) -> anyhow::Result<Value> {
        let mut value: Value = serde_json::from_slice(bytes).with_context(|| {
            format!(
                "{}: {key} changed while it was compared",
                job::display(&self.path)
            )
        })?;
        same_path(&mut value);
        Ok(value)
    }
}

/// The error for a value that is no plansheet document.
fn not_a_document(what: String) -> anyhow::Error {
    anyhow::anyhow!("{what}: not a plansheet document")
}
