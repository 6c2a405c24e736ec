#!/usr/bin/env python3
"""Misreading sweep: sheets saved in one encoding, opened by another program
in a second one and saved again as UTF-8 (mojibake), converted in one run;
counts those whose Japanese is gone while they say `ok` — the worst result
plansheet can give. Not part of CI (about 10 s). From the repository root:

    cargo build --release
    python3 crates/cli/benches/misreading-sweep.py
    PLANSHEET_BIN=/path/to/plansheet python3 crates/cli/benches/misreading-sweep.py --list

Four sheets of the archive (the multi-year and management seeds, a flow
sheet and a table), each saved in 15 encodings (`?` for what one cannot
hold) and each of those read in the 14 others, the bytes a decoder cannot
place replaced (U+FFFD) or dropped, as Python's `errors="replace"` and
`errors="ignore"` do: 1,680 files. A file's
text is right when 99 % of its sheet's kana and kanji (counted with their
repeats) are in its document; wrong when fewer than 90 % are. Prints the
counts by status, how many are wrong and `ok` and how many right, and the
wrong and `ok` ones by the encoding saved in and the one misread in
(`--list` names each file). Exits 0: the figures are for reading, not a
gate.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SHEETS = {
    "s000": "fixtures/archive/seeds/000_a92f801ccb7e9a05.txt",
    "s003": "fixtures/archive/seeds/003_2551cbcaf9339c10.txt",
    "tama": "fixtures/archive/sheets/tama_r2.flow.txt",
    "kakuu": "fixtures/archive/sheets/kakuu_r5.table.txt",
}
ENCODINGS = [
    "utf-8", "cp932", "euc_jp", "iso2022_jp", "utf-16-le", "utf-16-be", "utf-7",
    "cp1252", "latin-1", "mac_roman", "cp437", "koi8_r", "big5", "gbk", "euc_kr",
]


def japanese(text):
    """The kana and kanji of a text, with their repeats."""
    return collections.Counter(
        c for c in text if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff"
    )


def strings(value):
    """Every string of a document but its source and diagnostics."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("source", "diagnostics"):
                yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true", help="name each file wrong and ok")
    args = parser.parse_args()
    binary = os.environ.get("PLANSHEET_BIN", os.path.join(ROOT, "target", "release", "plansheet"))
    sheets = {name: open(os.path.join(ROOT, path), encoding="utf-8").read() for name, path in SHEETS.items()}
    with tempfile.TemporaryDirectory() as tmp:
        made = 0
        for name, text in sheets.items():
            for saved in ENCODINGS:
                for errors in ("replace", "ignore"):
                    data = text.encode(saved, errors="replace")
                    for read in ENCODINGS:
                        if read == saved:
                            continue
                        misread = data.decode(read, errors=errors)
                        path = os.path.join(tmp, f"{name}.{saved}.as.{read}.{errors}.txt")
                        open(path, "w", encoding="utf-8", errors="surrogatepass").write(misread)
                        made += 1
        run = subprocess.run(
            [binary, "convert", "--jsonl", "-q", "--fail-on", "never", tmp],
            capture_output=True,
            text=True,
        )
    statuses = collections.Counter()
    right = 0
    wrong_ok = []
    # (Not `splitlines`: a misread text holds U+2028 and U+0085, which it
    # takes for line ends, inside the JSON's strings.)
    for line in filter(None, run.stdout.split("\n")):
        document = json.loads(line)
        if "source" not in document:
            statuses[document.get("status", "failed")] += 1
            continue
        statuses[document["status"]] += 1
        name = os.path.basename(document["source"]["path"])
        sheet = japanese(sheets[name.split(".")[0]])
        found = japanese("".join(strings(document)))
        kept = sum(min(n, found[c]) for c, n in sheet.items()) / sum(sheet.values())
        right += kept >= 0.99
        if document["status"] == "ok" and kept < 0.9:
            wrong_ok.append(name)
    print(f"{made} files; exit code {run.returncode}")
    print("statuses:", dict(statuses))
    print(f"wrong and ok: {len(wrong_ok)}; text right (99 % of the kana and kanji): {right}")
    families = collections.Counter(tuple(n.split(".")[1:4:2]) for n in wrong_ok)
    for (saved, read), count in sorted(families.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  saved as {saved}, read as {read}: {count}")
    if args.list:
        print("\n".join(sorted(wrong_ok)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
