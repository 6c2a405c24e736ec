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

/// The documents of one side, by key: their path in the directory, or
/// their source path in JSON Lines (failure lines included).
fn load(path: &Path) -> anyhow::Result<BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    if path.is_dir() {
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
            let key = entry.path().strip_prefix(path).unwrap_or(entry.path());
            out.insert(job::display(key), value);
        }
        return Ok(out);
    }
    let text =
        std::fs::read(path).with_context(|| format!("failed to read {}", job::display(path)))?;
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value: Value = serde_json::from_slice(line)
            .with_context(|| format!("{} line {}: not JSON", job::display(path), n + 1))?;
        let key = value["source"]["path"]
            .as_str()
            .map_or_else(|| format!("line {}", n + 1), str::to_owned);
        out.insert(key, value);
    }
    Ok(out)
}
