#!/usr/bin/env python3
"""Scaling benchmark: adversarial text inputs of every shape at two sizes,
each converted by the release binary on its own; prints seconds, peak
memory and the growth exponent per shape (1.0 is linear, 2.0 quadratic).
Not a timed test: it measures and reports. From the repository root:

    cargo build --release
    python3 crates/cli/benches/scaling.py                  # 5 MB and 50 MB
    python3 crates/cli/benches/scaling.py --sizes 0.25,1   # quick (CI)
    python3 crates/cli/benches/scaling.py --check 1.5      # exit 1 above

The inputs are generated here, deterministically, and deleted afterwards.
Each run is `plansheet convert --jsonl -q -j 1 --timeout T FILE`: the
document goes to /dev/null; the run report says how the file ended, so a
file that was cut off by its deadline or memory cap shows `failed` with
its reason instead of a time.
"""

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SEED_004 = os.path.join(ROOT, "fixtures/archive/seeds/004_f96222346aa5097b.txt")
SHEET = os.path.join(ROOT, "fixtures/archive/sheets/miyamae_h29.table.txt")
FLOW = os.path.join(ROOT, "fixtures/archive/sheets/tama_r2.flow.txt")


def repeat(unit: bytes, size: int) -> bytes:
    return (unit * (size // max(len(unit), 1) + 1))[:size]


def shapes():
    """Each shape: a name and a function from a byte size to the bytes."""
    sjis_line = "部署名\t目標及び具体的な取組内容\n".encode("shift_jis")
    return {
        "ones": lambda n: repeat(b"1\n", n),
        "markers": lambda n: repeat("(1)\n①\n【x】\n".encode(), n),
        "numbered": lambda n: repeat("1 項目\n".encode(), n),
        "blank_runs": lambda n: repeat("本文です\n" .encode() + b"\n" * 50, n),
        "seed_004": lambda n: repeat(open(SEED_004, "rb").read(), n),
        "table_sheet": lambda n: repeat(open(SHEET, "rb").read(), n),
        "flow_sheet": lambda n: repeat(open(FLOW, "rb").read(), n),
        "sjis_stray_bytes": lambda n: repeat(sjis_line * 3 + b"\x82\n", n),
        "wide_tsv": lambda n: repeat(b"\t".join([b"12345"] * 10_000) + b"\n", n),
        "one_line": lambda n: repeat("長い行".encode(), n),
    }


def run(binary, path, timeout):
    """Seconds, peak RSS of the children (KiB) and the report entry."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run(
            [binary, "convert", "--jsonl", "-q", "-j", "1", "--timeout", str(timeout), "-o", out, path],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        seconds = time.monotonic() - started
        with open(os.path.join(out, "run-report.json"), encoding="utf-8") as f:
            entry = json.load(f)["entries"][0]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: only a growth is
    # this run's; the worker's own figure is in the entry.
    rss = entry.get("peak_rss_kib") or max(peak, before)
    return seconds, rss, entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/plansheet"))
    parser.add_argument("--sizes", default="5,50", help="two sizes in MB, comma-separated")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", help="comma-separated shape names")
    parser.add_argument("--check", type=float, help="exit 1 if an exponent exceeds this")
    args = parser.parse_args()
    small, large = (float(s) for s in args.sizes.split(","))
    chosen = shapes()
    if args.only:
        chosen = {k: v for k, v in chosen.items() if k in args.only.split(",")}
    print(f"{'shape':18} {'MB':>6} {'s':>8} {'MiB peak':>9} {'status':>8}  {'exponent':>8}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in chosen.items():
            times = []
            for mb in (small, large):
                path = os.path.join(tmp, f"{name}.txt")
                with open(path, "wb") as f:
                    f.write(make(int(mb * 1_000_000)))
                seconds, rss, entry = run(args.binary, path, args.timeout)
                status = entry["status"] if entry["status"] != "failed" else entry.get("reason")
                print(f"{name:18} {mb:6.2f} {seconds:8.2f} {rss / 1024:9.1f} {status:>8}", end="")
                times.append(seconds)
                os.remove(path)
                if len(times) == 2:
                    # Process start-up is a constant: subtract it so that a
                    # fast shape does not read as sub-linear or noisy.
                    base = 0.002
                    a, b = max(times[0] - base, 1e-3), max(times[1] - base, 1e-3)
                    exponent = math.log(b / a) / math.log(large / small)
                    worst = max(worst, exponent)
                    print(f"  {exponent:8.2f}")
                else:
                    print()
    if args.check is not None and worst > args.check:
        print(f"worst exponent {worst:.2f} exceeds {args.check}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
