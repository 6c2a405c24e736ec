#!/usr/bin/env python3
"""Throughput benchmark: the release binary on whole archives, against the
peer (`pdftotext -layout`) on the same PDFs, in one run. Not a timed test:
it measures and prints a Markdown table (the README's). From the
repository root, on a quiet machine:

    cargo build --release
    python3 crates/cli/benches/throughput.py                # 2,400 and 10,000 files
    python3 crates/cli/benches/throughput.py --quick        # smaller, for a look
    python3 crates/cli/benches/throughput.py --pdf-dir ../shared/realworld

What it measures (each the best of `--repeat` runs):

- text: the bundled archive's text files (seeds, sheets, encodings, other
  documents) copied until there are 2,400 of them, converted with
  `convert --jsonl -j 1`; bytes per CPU-second of the whole run (the
  supervisor and its workers, user + system);
- `-o DIR` against `--jsonl` on the same files (`-j 1`): what writing one
  file per document costs; and the same while another thread writes a
  1.5 GB file over and over on the same file system (a busy disk), with,
  as the peers, `cp -r` copying the documents just written (what creating
  those files costs there, converting nothing), and the same copy synced
  file by file (`sync -d`), durable as `-o` makes its documents;
- `-j 2` against `-j 1`: wall-time speed-up;
- 10,000 files (`-j 2`, `--jsonl`): files per second and the run's peak
  resident memory (largest of the supervisor and its workers);
- PDFs: every PDF of the bundled archive (and of `--pdf-dir`) converted by
  `convert --jsonl -j 1` against `pdftotext -layout FILE /dev/null` run on
  each file in turn; the whole set, and the slowest file's ratio (one
  `extract` per file against one `pdftotext` per file).

The corpus is written to a temporary directory and deleted afterwards.
"""

import argparse
import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN = os.environ.get("PLANSHEET_BIN", os.path.join(ROOT, "target", "release", "plansheet"))


def text_files():
    files = []
    for sub in ("seeds", "sheets", "encodings", "other"):
        files += sorted(glob.glob(os.path.join(ROOT, "fixtures", "archive", sub, "*")))
    return files


def corpus(directory, count):
    """`count` text files copied from the archive into `directory`; their
    total size in bytes."""
    sources = text_files()
    total = 0
    for k in range(count):
        src = sources[k % len(sources)]
        dst = os.path.join(directory, f"{k // len(sources):05d}", os.path.basename(src))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        total += os.path.getsize(dst)
    return total


def run(args, stdin=None):
    """Wall seconds, CPU seconds (children: user + system) and the peak RSS
    in KiB of any child, for one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def best(repeat, args):
    runs = [run(args) for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


def busy_writer(directory, stop):
    """Writes a 1.5 GB file in `directory` over and over until `stop` is
    set: the load of a backup or a download beside the run."""
    path = os.path.join(directory, "busy.bin")
    chunk = b"\0" * (1 << 20)
    while not stop.is_set():
        with open(path, "wb") as f:
            for _ in range(1500):
                if stop.is_set():
                    break
                f.write(chunk)
        os.remove(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="240 and 1,000 files, 1 repeat")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-dir", action="append", default=[])
    args = parser.parse_args()
    small, large = (240, 1000) if args.quick else (2400, 10000)
    repeat = 1 if args.quick else args.repeat
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        texts = os.path.join(tmp, "texts")
        size = corpus(texts, small)
        jsonl = [BIN, "convert", "--jsonl", "-q", "--fail-on", "never"]
        wall1, cpu1, _ = best(repeat, jsonl + ["-j", "1", texts])
        rows.append(("text, bytes per CPU-second (`--jsonl -j 1`)",
                     f"{size / cpu1 / 1e6:.1f} MB/s ({small} files, {size / 1e6:.1f} MB, {cpu1:.2f} CPU-s)"))
        # Each repeat writes into a directory of its own, and none is
        # removed before the last run: ext4 skips the inodes of files
        # deleted in the last seconds when it allocates new ones, so a run
        # right after removing thousands of documents measured the file
        # system's search, not plansheet (0.37 -> 1.6-2.0 s of system time
        # for the same run).
        def to_dir(k):
            out = os.path.join(tmp, f"out-{k}")
            return run([BIN, "convert", "-q", "--fail-on", "never", "-j", "1", "-o", out, texts])

        wall_dir = min((to_dir(k) for k in range(repeat)), key=lambda r: r[0])[0]
        rows.append(("`-o DIR` against `--jsonl` (`-j 1`, same files)",
                     f"{wall_dir / wall1:.2f}× ({wall_dir:.2f} s against {wall1:.2f} s)"))
        # The same on a busy disk: another program writes a large file
        # over and over on the same file system meanwhile, so the kernel
        # holds much unflushed data of someone else's. Both commands run
        # under the same load, alternately.
        stop = threading.Event()
        writer = threading.Thread(target=busy_writer, args=(tmp, stop))
        writer.start()
        try:
            time.sleep(2)
            busy_jsonl, busy_dir, busy_cp = [], [], []
            for k in range(repeat):
                busy_jsonl.append(run(jsonl + ["-j", "1", texts])[0])
                out = os.path.join(tmp, f"busy-{k}")
                busy_dir.append(run([BIN, "convert", "-q", "--fail-on", "never", "-j", "1", "-o", out, texts])[0])
                # The peers: `cp -r` of the documents just written, the
                # same files of the same sizes created on the same busy
                # disk by a program that converts nothing (and neither
                # renames nor syncs); and the same copy made durable as
                # `-o` makes its documents, `sync -d` on every file.
                copy = os.path.join(tmp, f"busy-cp-{k}")
                durable = os.path.join(tmp, f"busy-cps-{k}")
                busy_cp.append((
                    run(["cp", "-r", out, copy])[0],
                    run(["sh", "-c", 'cp -r "$1" "$2" && find "$2" -type f -print0 | xargs -0 sync -d',
                         "sh", out, durable])[0],
                ))
        finally:
            stop.set()
            writer.join()
        ratios = sorted(d / j for d, j in zip(busy_dir, busy_jsonl))
        rows.append(("`-o DIR` against `--jsonl` on a busy disk (each pair side by side)",
                     f"{ratios[0]:.2f}–{ratios[-1]:.2f}× (`-o` {min(busy_dir):.2f}–{max(busy_dir):.2f} s)"))
        extra = [d - j for d, j in zip(busy_dir, busy_jsonl)]
        plain = [c for c, _ in busy_cp]
        synced = [c for _, c in busy_cp]
        rows.append(("the same documents copied on the busy disk, right after: `cp -r`; "
                     "`cp -r` and `sync -d` on each",
                     f"{min(plain):.2f}–{max(plain):.2f} s; {min(synced):.2f}–{max(synced):.2f} s "
                     f"(`-o` less `--jsonl`: {min(extra):.2f}–{max(extra):.2f} s)"))
        wall2, _, _ = best(repeat, jsonl + ["-j", "2", texts])
        rows.append(("`-j 2` against `-j 1`", f"{wall1 / wall2:.2f}× faster ({wall2:.2f} s against {wall1:.2f} s)"))
        many = os.path.join(tmp, "many")
        corpus(many, large)
        wall_many, _, rss = run(jsonl + ["-j", "2", many])
        rows.append((f"{large:,} files (`--jsonl -j 2`)",
                     f"{large / wall_many:.0f} files/s, peak RSS {rss / 1024:.0f} MiB"))
        pdfs = sorted(glob.glob(os.path.join(ROOT, "fixtures", "archive", "pdf", "*.pdf")))
        for d in args.pdf_dir:
            pdfs += sorted(glob.glob(os.path.join(d, "*.pdf")))
        if pdfs and shutil.which("pdftotext"):
            listing = os.path.join(tmp, "pdfs.txt")
            with open(listing, "w") as f:
                f.write("".join(p + "\n" for p in pdfs))
            ours = float("inf")
            for _ in range(repeat):
                with open(listing) as f:
                    ours = min(ours, run(jsonl + ["-j", "1", "--files-from", "-"], stdin=f)[0])
            theirs = 0.0
            slowest = (0.0, "")
            for p in pdfs:
                t_ours = min(run([BIN, "extract", p])[0] for _ in range(repeat))
                t_peer = min(run(["pdftotext", "-layout", p, "/dev/null"])[0] for _ in range(repeat))
                theirs += t_peer
                slowest = max(slowest, (t_ours / t_peer, os.path.basename(p)))
            rows.append((f"PDFs, whole pipeline against `pdftotext -layout` ({len(pdfs)} files)",
                         f"{ours / theirs:.2f}× ({ours:.2f} s against {theirs:.2f} s)"))
            rows.append(("slowest PDF against `pdftotext -layout` (`extract` per file)",
                         f"{slowest[0]:.2f}× ({slowest[1]})"))
    print("| measure | result |")
    print("|---|---|")
    for measure, result in rows:
        print(f"| {measure} | {result} |")


if __name__ == "__main__":
    main()
