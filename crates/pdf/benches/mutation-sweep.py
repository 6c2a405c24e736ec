#!/usr/bin/env python3
"""Mutation sweep: thousands of damaged copies of the PDF fixtures, converted
in one run; every input must appear in the report and the supervisor must
finish. Not part of CI (it takes minutes). From the repository root:

    cargo build --release
    python3 crates/pdf/benches/mutation-sweep.py            # 10,000 mutants
    python3 crates/pdf/benches/mutation-sweep.py --count 500

Mutations, chosen at random with a fixed seed: byte flips (1 to 32 bytes),
truncation at a random offset, a chunk of another fixture spliced in, a
range deleted, an `obj … endobj` block duplicated. Prints the counts by
status and reason and the slowest files.
"""

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def sources():
    found = []
    for folder in ["fixtures/archive/pdf", "fixtures/archive/pdf-fonts", "fixtures/faults"]:
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if name.endswith(".pdf"):
                data = open(os.path.join(ROOT, folder, name), "rb").read()
                if data:
                    found.append((name, data))
    return found


def mutate(rng, data, others):
    kind = rng.choice(["flip", "truncate", "splice", "delete", "duplicate"])
    data = bytearray(data)
    if kind == "flip":
        for _ in range(rng.randint(1, 32)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == "truncate":
        data = data[: rng.randrange(1, len(data))]
    elif kind == "splice":
        other = rng.choice(others)
        a = rng.randrange(len(other))
        chunk = other[a : a + rng.randint(1, 4096)]
        at = rng.randrange(len(data))
        data[at:at] = chunk
    elif kind == "delete":
        a = rng.randrange(len(data))
        del data[a : a + rng.randint(1, 4096)]
    else:
        blocks = [m.span() for m in re.finditer(rb"\d+ 0 obj.*?endobj", bytes(data), re.S)]
        if blocks:
            a, b = rng.choice(blocks)
            at = rng.randrange(len(data))
            data[at:at] = data[a:b]
    return kind, bytes(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--timeout", default="10")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = sources()
    others = [d for _, d in base]
    binary = os.environ.get("PLANSHEET_BIN", os.path.join(ROOT, "target", "release", "plansheet"))
    with tempfile.TemporaryDirectory() as tmp:
        inputs = os.path.join(tmp, "in")
        os.makedirs(inputs)
        kinds = collections.Counter()
        for k in range(args.count):
            name, data = rng.choice(base)
            kind, mutant = mutate(rng, data, others)
            kinds[kind] += 1
            open(os.path.join(inputs, f"{k:05d}-{kind}-{name}"), "wb").write(mutant)
        out = os.path.join(tmp, "out")
        started = time.time()
        run = subprocess.run([binary, "convert", "-q", "--timeout", args.timeout, "-o", out, inputs],
                             capture_output=True)
        elapsed = time.time() - started
        report = json.load(open(os.path.join(out, "run-report.json")))
    entries = report["entries"]
    print(f"mutants: {args.count} ({dict(kinds)}), seed {args.seed}")
    print(f"exit code {run.returncode}, {elapsed:.1f} s, {len(entries)} report entries")
    print("statuses:", dict(collections.Counter(e["status"] for e in entries)))
    print("reasons:", dict(sorted(report["reasons"].items(), key=lambda kv: -kv[1])))
    print("slowest:", [(s["path"].rsplit("/", 1)[-1], s["ms"]) for s in report["slowest"][:5]])
    problems = []
    if run.returncode not in (0, 1):
        problems.append(f"the supervisor exited with {run.returncode}: {run.stderr.decode()[-500:]}")
    if len(entries) != args.count:
        problems.append(f"{args.count - len(entries)} inputs missing from the report")
    crashed = [e for e in entries if e["reason"] in ("crashed", "panic")]
    for e in crashed[:10]:
        problems.append(f"{e['reason']}: {e['path']}: {e['message']}")
    print("\n".join(problems) if problems else "every input reported; no crash, no panic")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
