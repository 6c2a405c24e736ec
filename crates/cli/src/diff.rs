//! `plansheet diff OLD NEW`: what a parser change did to a whole archive.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::Value;

use crate::job;

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
    let diff = plansheet_export::diff(&load(&args.old)?, &load(&args.new)?);
    let text = if args.json {
        plansheet_export::to_json(&diff).context("failed to serialize the differences")?
    } else {
        diff.to_text()
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    Ok(diff.equal)
}

/// A document's source path without the `./` it was typed with: the same
/// archive converted as `convert .` and as `convert *` names its inputs
/// `./a.txt` and `a.txt`, which had been every document removed and added.
fn same_path(value: &mut Value) {
    if let Some(Value::String(path)) = value.pointer_mut("/source/path") {
        let bare = job::bare_path(path);
        if bare.len() != path.len() {
            *path = bare.to_owned();
        }
    }
}

/// Whether a JSON value is what `convert` writes for an input: a
/// document, or (in JSON Lines) a failed input's line.
fn is_conversion(value: &Value) -> bool {
    value["source"]["path"].is_string()
        && (value["plansheet_version"].is_string() || value["status"] == "failed")
}

/// The documents of one side, by key: their path in the directory, or
/// their source path in JSON Lines (failure lines included; a source met
/// again is keyed `PATH #2` and on, so that a document twice is one
/// added, not one hidden). Anything that is not a plansheet document is
/// an error, and so is a directory without one or a run report (two
/// directories of sheets, or of other JSON, had no differences).
fn load(path: &Path) -> anyhow::Result<BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    let not_a_document = |what: String| anyhow::anyhow!("{what}: not a plansheet document");
    if path.is_dir() {
        // Documents an earlier run left (an input since deleted, renamed,
        // changed or failed) are not of the run the report reports.
        let last_run = job::last_run(path)?;
        let mut stale = Vec::new();
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.with_context(|| format!("failed to walk {}", job::display(path)))?;
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || !name.ends_with(".json") || name == "run-report.json"
            {
                continue;
            }
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("failed to read {}", job::display(entry.path())))?;
            let value: Value = serde_json::from_slice(&bytes)
                .with_context(|| format!("{}: not JSON", job::display(entry.path())))?;
            if !is_conversion(&value) {
                return Err(not_a_document(job::display(entry.path())));
            }
            let mut value = value;
            same_path(&mut value);
            let key = entry.path().strip_prefix(path).unwrap_or(entry.path());
            let of_last_run = |run: &job::LastRun| {
                let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
                run.wrote(
                    &text(&value["source"]["path"]),
                    &text(&value["source"]["sha256"]),
                )
            };
            if last_run.as_ref().is_some_and(|run| !of_last_run(run)) {
                stale.push(job::display(key));
                continue;
            }
            out.insert(job::display(key), value);
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
        if out.is_empty() && !path.join("run-report.json").is_file() {
            anyhow::bail!("no plansheet documents in {}", job::display(path));
        }
        return Ok(out);
    }
    let text =
        std::fs::read(path).with_context(|| format!("failed to read {}", job::display(path)))?;
    // (A byte order mark an editor saved the file with is no text.)
    let text = text.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&text);
    // One document, pretty-printed (`extract`'s output), is one line's.
    if let Ok(value) = serde_json::from_slice::<Value>(text)
        && is_conversion(&value)
        && text.iter().filter(|&&b| b == b'\n').count() > 1
    {
        let mut value = value;
        same_path(&mut value);
        let key = value["source"]["path"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        out.insert(key, value);
        return Ok(out);
    }
    // How often each source was met (a key per copy, found at once: the
    // keys had been probed upward, quadratic in the copies, rev94).
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value: Value = serde_json::from_slice(line)
            .with_context(|| format!("{} line {}: not JSON", job::display(path), n + 1))?;
        if !is_conversion(&value) {
            return Err(not_a_document(format!(
                "{} line {}",
                job::display(path),
                n + 1
            )));
        }
        let mut value = value;
        same_path(&mut value);
        let source = value["source"]["path"].as_str().unwrap_or_default();
        let copies = seen.entry(source.to_owned()).or_insert(0usize);
        *copies += 1;
        let key = match *copies {
            1 => source.to_owned(),
            n => format!("{source} #{n}"),
        };
        out.insert(key, value);
    }
    Ok(out)
}
