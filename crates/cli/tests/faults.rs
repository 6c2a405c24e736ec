//! The fault corpus: the real binary converts `fixtures/faults/` and the
//! legacy-font PDFs of `fixtures/archive/pdf-fonts/` in one run, and every
//! file ends with the status and reason `fixtures/faults.tsv` gives it.

// Helpers outside #[test] functions may panic too: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn every_fault_fixture_gets_its_expected_status() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let faults = root.join("fixtures/faults");
    let fonts = root.join("fixtures/archive/pdf-fonts");
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["convert", "-q", "-o"])
        .arg(out.path())
        .arg(&faults)
        .arg(&fonts)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("run-report.json")).unwrap())
            .unwrap();
    let expected = std::fs::read_to_string(root.join("fixtures/faults.tsv")).unwrap();
    let mut checked = 0;
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let (file, status, reason) = (fields[0], fields[1], fields[2]);
        let entry = report["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"].as_str().unwrap().ends_with(&format!("/{file}")))
            .unwrap_or_else(|| panic!("{file} is not in the report"));
        assert_eq!(entry["status"], status, "{file}: {entry}");
        let got = entry["reason"].as_str().unwrap_or("-");
        assert_eq!(got, reason, "{file}: {entry}");
        checked += 1;
    }
    // Every file in the directory is listed, and every one is reported.
    let files =
        std::fs::read_dir(&faults).unwrap().count() + std::fs::read_dir(&fonts).unwrap().count();
    assert_eq!(checked, files);
    assert_eq!(report["counts"]["inputs"], files);
}

/// The seed sheet the tests copy into large inputs (41 KB).
fn seed_sheet() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read(root.join("fixtures/archive/seeds/002_34d94bb3758c9396.txt")).unwrap()
}

fn convert(args: &[&str], out: &Path) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let run = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .current_dir(&root)
        .args(["convert", "-q", "-o"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert!(
        run.status.code().is_some(),
        "the supervisor itself must not die"
    );
    serde_json::from_slice(&std::fs::read(out.join("run-report.json")).unwrap()).unwrap()
}

/// An input that takes too long — PDF or text: every input is read in a
/// worker — is killed; it is `failed` with `timeout`, and the run finishes
/// with a report.
#[test]
fn an_input_past_its_deadline_is_reported_timeout() {
    // Inputs that take a worker far longer than the 10 ms deadline: the
    // decompression bomb (over 100 ms) and a sheet copied 100 times (4 MB,
    // over 100 ms), twelve in all, so that one thread sends them to its
    // worker three at a time and each deadline is counted inside a batch.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let sheet = seed_sheet();
    for k in 0..12 {
        let path = dir.path().join(format!("{k:02}"));
        if k % 6 == 0 {
            std::fs::copy(
                root.join("fixtures/faults/flate_bomb.pdf"),
                path.with_extension("pdf"),
            )
            .unwrap();
        } else {
            std::fs::write(path.with_extension("txt"), sheet.repeat(100)).unwrap();
        }
    }
    let out = tempfile::tempdir().unwrap();
    let input = dir.path().to_str().unwrap();
    let report = convert(&["--timeout", "0.01", "--jobs", "1", input], out.path());
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 12);
    for e in entries {
        assert_eq!(
            (e["status"].as_str(), e["reason"].as_str()),
            (Some("failed"), Some("timeout")),
            "{e}"
        );
        // The bytes were hashed all the same.
        assert_eq!(e["sha256"].as_str().map(str::len), Some(64), "{e}");
    }
    assert_eq!(report["reasons"]["timeout"], 12);
}

/// 64 inputs, so that one thread sends them to its worker sixteen at a
/// time: 36 copies of a seed sheet, `big` (a sheet copied `copies` times)
/// fifth in the third batch, then 27 more copies. With `--jsonl` (compact
/// answers, well under the 256 KiB a worker holds), a worker holds the
/// answers to the four copies before `big` back when it starts on `big`.
fn copies_around_a_big_sheet(copies: usize) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let seed = std::fs::read(root.join("fixtures/archive/seeds/004_f96222346aa5097b.txt")).unwrap();
    let sheet = seed_sheet();
    let dir = tempfile::tempdir().unwrap();
    for k in 0..36 {
        std::fs::write(dir.path().join(format!("a{k:02}.txt")), &seed).unwrap();
    }
    std::fs::write(dir.path().join("big.txt"), sheet.repeat(copies)).unwrap();
    for k in 0..27 {
        std::fs::write(dir.path().join(format!("c{k:02}.txt")), &seed).unwrap();
    }
    dir
}

/// Converts [`copies_around_a_big_sheet`] with `--jsonl` (compact
/// answers) and one worker thread, with `args`; checks that every input
/// but `big` is `ok`, and that `big` failed with `reason` where one is
/// given. Returns `big`'s entry.
fn convert_around_a_big_sheet(
    copies: usize,
    args: &[&str],
    reason: Option<&str>,
) -> serde_json::Value {
    let dir = copies_around_a_big_sheet(copies);
    let out = tempfile::tempdir().unwrap();
    let input = dir.path().to_str().unwrap();
    let report = convert(
        &[args, &["--jsonl", "--jobs", "1", input]].concat(),
        out.path(),
    );
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 64);
    let is_big = |e: &&serde_json::Value| e["path"].as_str().unwrap().ends_with("/big.txt");
    for e in entries.iter().filter(|e| !is_big(e)) {
        assert_eq!(e["status"], "ok", "{e}");
    }
    let big = entries.iter().find(is_big).unwrap();
    if let Some(reason) = reason {
        assert_eq!(big["reason"], reason, "{big}");
    }
    big.clone()
}

/// A worker that runs out of memory on a large input after it held answers
/// back: it sent them before it read that input (over 1 MiB), so the
/// inputs before it are `ok` and the large one `oom`, as when every answer
/// went out as it was made. (Each of three things keeps this true alone:
/// that sending; the main thread's, 2 ms after an answer; the request
/// number the worker keeps, by which the supervisor knows what it died
/// of. With all three taken away, the first input before the large one
/// was blamed.)
#[test]
fn answers_held_back_are_sent_before_a_large_input_is_read() {
    // 16 MB: it can be read under the cap, but not parsed, so the worker
    // dies on it (a larger one is refused as it is read, and the worker
    // lives: see `an_input_too_large_to_read_is_oom`).
    let big = convert_around_a_big_sheet(400, &["--max-memory", "60M"], Some("oom"));
    let message = big["message"].as_str().unwrap();
    assert!(message.starts_with("the worker ran out of memory"), "{big}");
}

/// An input larger than the memory a worker has left is refused as it is
/// read: `oom` like one that exhausts memory while parsed, said to be
/// from the read, and the worker goes on to the next input.
#[test]
fn an_input_too_large_to_read_is_oom() {
    let sheet = seed_sheet();
    let dir = tempfile::tempdir().unwrap();
    // 100 MB under a 60 MB cap.
    std::fs::write(dir.path().join("a.txt"), sheet.repeat(2400)).unwrap();
    std::fs::write(dir.path().join("b.txt"), &sheet).unwrap();
    let out = tempfile::tempdir().unwrap();
    let input = dir.path().to_str().unwrap();
    let report = convert(
        &["--max-memory", "60M", "--jsonl", "--jobs", "1", input],
        out.path(),
    );
    let entries = report["entries"].as_array().unwrap();
    let [big, small] = entries.as_slice() else {
        panic!("two entries: {entries:?}");
    };
    assert_eq!(big["reason"], "oom", "{big}");
    assert_eq!(big["message"], "failed to read: out of memory", "{big}");
    assert_eq!(small["status"], "ok", "{small}");
    assert_eq!(report["reasons"]["oom"], 1);
}

/// An input that takes past its deadline while its worker holds the
/// answers before it back: those answers still reach the supervisor in
/// time (the worker's main thread sends what was held 2 ms at the latest),
/// so only the slow input may be `timeout`. The input is a sheet of 1 MB
/// (answers are not sent before it is read), which a debug build takes
/// about 0.3 s to read: there it is `timeout`, and without that sending
/// the four inputs before it were too.
#[test]
fn answers_held_back_reach_the_supervisor_while_an_input_is_slow() {
    let timeout = cfg!(debug_assertions).then_some("timeout");
    convert_around_a_big_sheet(25, &["--timeout", "0.1"], timeout);
}

/// A worker that dies as it starts on an input, holding back the answers
/// to the four inputs before it (a debug build's worker aborts on the
/// input `PLANSHEET_TEST_ABORT_ON` names, every time): the death is that
/// input's, `crashed`; the four are read again and `ok`; the input is not
/// read again, and every input has one line and one entry.
#[cfg(debug_assertions)]
#[test]
fn a_worker_that_dies_holding_answers_is_blamed_on_the_input_it_died_of() {
    let dir = copies_around_a_big_sheet(1);
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .env("PLANSHEET_TEST_ABORT_ON", "big.txt")
        .args(["convert", "-q", "--jsonl", "--jobs", "1", "-o"])
        .arg(out.path())
        .arg(dir.path())
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = run
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 64);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("run-report.json")).unwrap())
            .unwrap();
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 64);
    for e in entries {
        if e["path"].as_str().unwrap().ends_with("/big.txt") {
            assert_eq!(e["reason"], "crashed", "{e}");
            assert!(e["message"].as_str().unwrap().contains("signal 6"), "{e}");
        } else {
            assert_eq!(e["status"], "ok", "{e}");
        }
    }
    assert_eq!(report["reasons"]["crashed"], 1, "{}", report["reasons"]);
}

/// A worker that one input grew past 64 MiB (the decompression bomb takes
/// it to about 72 MiB) is replaced after it: the next input is read by a
/// fresh worker, whose peak is a small one.
#[test]
fn a_worker_grown_by_one_input_is_replaced_after_it() {
    let out = tempfile::tempdir().unwrap();
    let report = convert(
        &[
            "--jobs",
            "1",
            "fixtures/faults/flate_bomb.pdf",
            "fixtures/archive/seeds/001_3a53fb10d7564494.txt",
        ],
        out.path(),
    );
    let peaks: Vec<u64> = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["peak_rss_kib"].as_u64().unwrap())
        .collect();
    assert!(peaks[0] > 64 << 10, "{peaks:?}");
    assert!(peaks[1] < 40 << 10, "{peaks:?}");
}

/// Twelve inputs on one thread go to the worker three at a time. An input
/// that ends its worker in the middle of a batch — by running out of
/// memory, or by growing it past the size at which it is replaced — costs
/// only itself: the inputs sent after it are read again by a fresh worker.
#[test]
fn an_input_that_ends_its_worker_mid_batch_costs_only_itself() {
    let sheets = [
        "asao_h30.flow.txt",
        "kakuu_r5.table.txt",
        "miyamae_h29.table.txt",
        "sanretsu_r5.table.txt",
        "tama_r2.flow.txt",
    ];
    // Copies under names that sort in this order: the bomb fifth.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for k in 0..12 {
        let (source, name) = match k {
            4 => (
                "fixtures/faults/flate_bomb.pdf".to_owned(),
                format!("{k:02}.pdf"),
            ),
            _ => (
                format!("fixtures/archive/sheets/{}", sheets[k % sheets.len()]),
                format!("{k:02}.txt"),
            ),
        };
        std::fs::copy(root.join(source), dir.path().join(&name)).unwrap();
        names.push(name);
    }
    let input = dir.path().to_str().unwrap();
    for capped in [true, false] {
        let out = tempfile::tempdir().unwrap();
        let mut args = vec!["--jobs", "1"];
        if capped {
            args.extend(["--max-memory", "60M"]);
        }
        args.push(input);
        let report = convert(&args, out.path());
        let entries = report["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 12);
        for (k, e) in entries.iter().enumerate() {
            let path = e["path"].as_str().unwrap();
            assert!(path.ends_with(&names[k]), "entries in input order: {path}");
            let peak = e["peak_rss_kib"].as_u64();
            if k == 4 {
                let expected = if capped { "failed" } else { "partial" };
                assert_eq!(e["status"].as_str(), Some(expected), "{e}");
                if !capped {
                    assert!(peak.unwrap() > 64 << 10, "{e}");
                }
            } else {
                assert_eq!(e["status"].as_str(), Some("ok"), "{e}");
                // The input after the bomb is read by a fresh worker.
                assert!(peak.unwrap() < 40 << 10, "{e}");
            }
        }
    }
}

/// A worker's peak is its own: after the supervisor has taken in a large
/// document (a sheet of 16 MB, whose worker grew past 64 MiB and was
/// replaced), the fresh worker reports its own few MiB, not the
/// supervisor's size when it was started (what `getrusage` gives: the peak
/// before `exec`, tried and taken back; every worker then looked grown).
#[test]
fn a_worker_reports_its_own_peak_not_the_supervisors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let sheet = seed_sheet();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a_big.txt"), sheet.repeat(400)).unwrap();
    for k in 0..3 {
        std::fs::copy(
            root.join("fixtures/archive/seeds/004_f96222346aa5097b.txt"),
            dir.path().join(format!("b{k}.txt")),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let report = convert(&["--jobs", "1", dir.path().to_str().unwrap()], out.path());
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    assert!(entries[0]["peak_rss_kib"].as_u64().unwrap() > 64 << 10);
    for e in &entries[1..] {
        assert_eq!(e["status"], "ok", "{e}");
        let peak = e["peak_rss_kib"].as_u64().unwrap();
        assert!(peak > 0 && peak < 24 << 10, "{e}");
    }
}

/// A PDF that needs more memory than the cap kills its worker; the file is
/// `failed` with `oom`, and the next file gets a fresh worker.
#[test]
fn a_pdf_past_the_memory_cap_is_reported_oom() {
    let out = tempfile::tempdir().unwrap();
    let report = convert(
        &[
            "--max-memory",
            "60M",
            "--jobs",
            "1",
            "fixtures/faults/flate_bomb.pdf",
            "fixtures/archive/pdf/001_3a53fb10d7564494.libreoffice.pdf",
        ],
        out.path(),
    );
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(
        (entries[0]["status"].as_str(), entries[0]["reason"].as_str()),
        (Some("failed"), Some("oom")),
        "{}",
        entries[0]
    );
    // The limit in bytes (60M), not a debug dump of an Option.
    assert_eq!(
        entries[0]["message"],
        "the worker ran out of memory (limit 62914560 bytes)"
    );
    assert_eq!(entries[1]["status"], "ok", "{}", entries[1]);
    assert!(entries[1]["peak_rss_kib"].as_u64().unwrap() > 0);
}

/// `--resume` skips what a previous run already wrote from the same bytes,
/// and redoes what changed or is missing.
#[test]
fn resume_skips_converted_inputs_and_redoes_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for name in [
        "asao_h30.flow.txt",
        "miyamae_h29.table.txt",
        "tama_r2.flow.txt",
    ] {
        std::fs::copy(
            root.join("fixtures/archive/sheets").join(name),
            input.join(name),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let first = convert(&[input.to_str().unwrap()], &out);
    assert_eq!(first["counts"]["ok"], 3);
    // One document lost (as after a kill), one input changed.
    std::fs::remove_file(out.join("asao_h30.flow.txt.json")).unwrap();
    let mut changed = std::fs::read(input.join("tama_r2.flow.txt")).unwrap();
    changed.extend_from_slice("\n".as_bytes());
    std::fs::write(input.join("tama_r2.flow.txt"), changed).unwrap();
    let second = convert(&["--resume", input.to_str().unwrap()], &out);
    let messages: Vec<Option<&str>> = second["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str())
        .collect();
    assert_eq!(messages, [None, Some("resumed: already converted"), None]);
    assert_eq!(second["counts"]["ok"], 3);
    // A resumed entry reads its document back and reports what a fresh run
    // does: its real record count (the table sheet has 8 rows), layout and
    // coverage.
    let fields = |report: &serde_json::Value| {
        let e = &report["entries"][1];
        (
            e["records"].clone(),
            e["layout"].clone(),
            e["coverage"].clone(),
            e["reason"].clone(),
        )
    };
    assert_eq!(fields(&second), fields(&first));
    assert_eq!(second["entries"][1]["records"], 8);
    assert!(out.join("asao_h30.flow.txt.json").is_file());
    // A partial document resumed keeps what its entry said of its warnings
    // (the resumption's note had replaced it).
    let partial = root.join("fixtures/faults/image_only.pdf");
    let partial_out = dir.path().join("partial");
    let first = convert(&[partial.to_str().unwrap()], &partial_out);
    let again = convert(&["--resume", partial.to_str().unwrap()], &partial_out);
    let message = |report: &serde_json::Value| report["entries"][0]["message"].clone();
    assert_eq!(again["entries"][0]["status"], "partial");
    assert_eq!(
        message(&again),
        format!(
            "{} (resumed: already converted)",
            message(&first).as_str().unwrap()
        )
    );
}

/// A run killed with SIGKILL in the middle leaves only whole documents, and
/// a resumed run completes the report.
#[test]
fn a_killed_run_leaves_whole_documents_and_resumes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // Enough work to be mid-run after a moment: 400 copies of the sheets.
    let sheets: Vec<_> = std::fs::read_dir(root.join("fixtures/archive/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for k in 0..400 {
        let from = &sheets[k % sheets.len()];
        std::fs::copy(
            from,
            input.join(format!(
                "{k:03}-{}",
                from.file_name().unwrap().to_string_lossy()
            )),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["convert", "-q", "--jobs", "1", "-o"])
        .arg(&out)
        .arg(&input)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    child.kill().unwrap();
    child.wait().unwrap();
    let mut whole: usize = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read(&path).unwrap();
            serde_json::from_slice::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            whole += 1;
        }
    }
    assert!(
        whole < 400,
        "the run was not interrupted ({whole} documents); the test needs more work per run"
    );
    let report = convert(&["--resume", "--jobs", "2", input.to_str().unwrap()], &out);
    assert_eq!(report["counts"]["inputs"], 400);
    let resumed = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["message"] == "resumed: already converted")
        .count();
    assert!(
        resumed >= whole.saturating_sub(1) && resumed <= whole,
        "{resumed} resumed, {whole} written before the kill"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A worker killed from outside (as the kernel's OOM killer does) costs the
/// file it was reading: `crashed`, with the signal; the run goes on with a
/// new worker.
#[test]
fn a_worker_killed_from_outside_is_reported_crashed() {
    // Enough files that the run is still going when the worker is found.
    const BOMBS: usize = 8;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // The flate bomb takes a worker tens of milliseconds: time to kill it.
    for k in 0..BOMBS {
        std::fs::copy(
            root.join("fixtures/faults/flate_bomb.pdf"),
            input.join(format!("{k:02}.pdf")),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["convert", "-q", "--jobs", "1", "-o"])
        .arg(&out)
        .arg(&input)
        .spawn()
        .unwrap();
    let supervisor = child.id().to_string();
    let mut killed = false;
    for _ in 0..400 {
        if let Some(worker) = child_worker(&supervisor) {
            killed = Command::new("kill")
                .args(["-9", &worker])
                .status()
                .unwrap()
                .success();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.wait().unwrap();
    assert!(killed, "no worker process was seen");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run-report.json")).unwrap()).unwrap();
    let entries = report["entries"].as_array().unwrap();
    assert_eq!(entries.len(), BOMBS);
    let crashed: Vec<&serde_json::Value> = entries
        .iter()
        .filter(|e| e["reason"] == "crashed")
        .collect();
    assert_eq!(crashed.len(), 1, "{}", report["reasons"]);
    assert!(
        crashed[0]["message"].as_str().unwrap().contains("signal 9"),
        "{}",
        crashed[0]
    );
    assert_eq!(
        report["reasons"]["truncated"],
        BOMBS - 1,
        "the other files were read by a new worker"
    );
}

/// The pid of a `plansheet worker` whose parent is `supervisor`, from /proc.
fn child_worker(supervisor: &str) -> Option<String> {
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        // stat: pid (comm) state ppid …
        let ppid = stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().nth(1));
        if ppid == Some(supervisor) && cmdline.split(|&b| b == 0).any(|arg| arg == b"worker") {
            return Some(pid);
        }
    }
    None
}

/// `--recycle 0` keeps a worker for the whole run (it had been taken for
/// 1, a new worker for every input, unsaid): named pipes, fed one after
/// the other, are read by one worker, alive between them.
#[test]
fn recycle_0_never_replaces_a_worker() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let pipes = [
        dir.path().join("p1"),
        dir.path().join("p2"),
        dir.path().join("p3"),
    ];
    for pipe in &pipes {
        let made = Command::new("mkfifo").arg(pipe).status().unwrap();
        assert!(made.success());
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_plansheet"))
        .args(["convert", "--jsonl", "-q", "-j", "1", "--recycle", "0"])
        .args(["--timeout", "60"])
        .args(&pipes)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let supervisor = child.id().to_string();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut workers = Vec::new();
    for pipe in &pipes {
        std::fs::write(pipe, seed_sheet()).unwrap();
        let line = lines.next().unwrap().unwrap();
        assert!(line.contains("\"status\":\"ok\""), "{line}");
        // The supervisor now waits for the next pipe's writer (after the
        // last, it ends and stops its workers); its worker, done with the
        // input, is alive, or was replaced.
        workers.push(child_worker(&supervisor));
    }
    assert!(child.wait().unwrap().success());
    assert!(workers[0].is_some(), "{workers:?}");
    assert_eq!(workers[0], workers[1]);
}
