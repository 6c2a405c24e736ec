#!/usr/bin/env python3
"""Text mutation sweep: thousands of damaged copies of the text fixtures,
converted in one run; every input must appear in the report, nothing may
crash or panic, and no input may take longer than its deadline. Not part of
CI (it takes about a minute). From the repository root:

    cargo build --release
    python3 crates/cli/benches/text-mutation-sweep.py            # 10,000 mutants
    python3 crates/cli/benches/text-mutation-sweep.py --count 500
    PLANSHEET_BIN=/path/to/plansheet python3 crates/cli/benches/text-mutation-sweep.py

Mutations, chosen at random with a fixed seed: byte flips (1 to 32 bytes),
truncation at a random offset (often mid-character), a chunk of another
fixture spliced in (mixing encodings: Shift_JIS into UTF-16, EUC-JP into
UTF-8 …), a range deleted, a byte order mark added or removed, NUL bytes
sprayed in, line ends mixed (CR, LF, CRLF), and a line repeated many
times. Prints the counts by status and reason and the slowest files.
"""

import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]


def sources():
    found = []
    archive = os.path.join(ROOT, "fixtures/archive")
    for folder in sorted(os.listdir(archive)):
        for name in sorted(os.listdir(os.path.join(archive, folder))):
            if name.endswith(".txt"):
                data = open(os.path.join(archive, folder, name), "rb").read()
                if data:
                    found.append((name, data))
    return found


def mutate(rng, data, others):
    kind = rng.choice(["flip", "truncate", "splice", "delete", "bom", "nul", "line_ends", "repeat"])
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
    elif kind == "bom":
        for bom in BOMS:
            if data.startswith(bom):
                del data[: len(bom)]
                break
        else:
            data[0:0] = rng.choice(BOMS)
    elif kind == "nul":
        for _ in range(rng.randint(1, 64)):
            data.insert(rng.randrange(len(data) + 1), 0)
    elif kind == "line_ends":
        ends = [b"\n", b"\r\n", b"\r"]
        lines = bytes(data).replace(b"\r\n", b"\n").split(b"\n")
        data = bytearray(b"".join(line + rng.choice(ends) for line in lines))
    else:
        lines = bytes(data).split(b"\n")
        line = rng.choice(lines) + b"\n"
        at = rng.randrange(len(data) + 1)
        data[at:at] = line * rng.randint(100, 5000)
    return kind, bytes(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--timeout", type=float, default=10)
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
        run = subprocess.run(
            [binary, "convert", "-q", "--timeout", str(args.timeout), "-o", out, inputs],
            capture_output=True,
        )
        elapsed = time.time() - started
        report = json.load(open(os.path.join(out, "run-report.json")))
    entries = report["entries"]
    print(f"mutants: {args.count} ({dict(sorted(kinds.items()))}), seed {args.seed}")
    print(f"exit code {run.returncode}, {elapsed:.1f} s, {len(entries)} report entries")
    print("statuses:", dict(collections.Counter(e["status"] for e in entries)))
    print("reasons:", dict(sorted(report["reasons"].items(), key=lambda kv: -kv[1])))
    print("slowest:", [(s["path"].rsplit("/", 1)[-1], s["ms"]) for s in report["slowest"][:5]])
    problems = []
    if run.returncode not in (0, 1):
        problems.append(f"the supervisor exited with {run.returncode}: {run.stderr.decode()[-500:]}")
    if len(entries) != args.count:
        problems.append(f"{args.count - len(entries)} inputs missing from the report")
    for e in entries:
        if e["reason"] in ("crashed", "panic", "worker_error"):
            problems.append(f"{e['reason']}: {e['path']}: {e['message']}")
        # The deadline plus a margin for starting a worker.
        if e["ms"] > args.timeout * 1000 + 2000:
            problems.append(f"over the deadline: {e['path']}: {e['ms']} ms")
    print("\n".join(problems[:20]) if problems else "every input reported; no crash, no panic, none over its deadline")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
