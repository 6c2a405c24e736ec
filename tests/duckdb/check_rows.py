#!/usr/bin/env python3
"""Flat tables loaded into a real database: converts the bundled archive with
the plansheet binary, writes its goal-sheet rows, multi-year items,
management targets and directory as CSV (plain and --excel) and JSON Lines,
loads each into DuckDB, and checks row counts and values against the
documents themselves. Run by .ci/run after `pip install duckdb`:

    python3 tests/duckdb/check_rows.py target/debug/plansheet

Prints one line per check and closes with `N passed, N failed`.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

import duckdb

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/plansheet"))
    passed, failed = 0, 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
        passed, failed = passed + ok, failed + (not ok)

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        run = subprocess.run([binary, "convert", "-q", "-o", out, os.path.join(ROOT, "fixtures/archive")])
        check("convert ran", run.returncode in (0, 1), f"exit {run.returncode}")
        docs = []
        for path in sorted(glob.glob(os.path.join(out, "**/*.json"), recursive=True)):
            if os.path.basename(path) != "run-report.json":
                docs.append(json.load(open(path, encoding="utf-8")))
        rows = [(d, r) for d in docs for r in d.get("rows", [])]
        expected = {
            "rows": len(rows),
            "items": sum(
                len(c["items"]) + sum(len(h["items"]) for h in c["headings"])
                for d in docs
                for t in d.get("themes", [])
                for c in t["cells"]
            ),
            "targets": sum(len(s["targets"]) for d in docs for s in d.get("strategies", [])),
            "directory": sum(len(d.get("directory", [])) for d in docs),
        }
        con = duckdb.connect()
        for kind, count in expected.items():
            for fmt, flags, reader in [
                ("csv", [], "read_csv_auto"),
                ("jsonl", ["--format", "jsonl"], "read_json_auto"),
            ]:
                path = os.path.join(tmp, f"{kind}.{fmt}")
                subprocess.run([binary, "rows", out, "--kind", kind, *flags, "-o", path], check=True)
                got = con.execute(f"select count(*) from {reader}('{path}')").fetchone()[0]
                check(f"{kind} as {fmt}: {count} records", got == count, f"DuckDB read {got}")

        # Values survive the trip: each goal-sheet row's department path,
        # goal (line breaks included) and page, per source document.
        for fmt, reader, flags in [
            ("csv", "read_csv_auto", []),
            ("jsonl", "read_json_auto", ["--format", "jsonl"]),
            ("excel.csv", "read_csv_auto", ["--excel"]),
        ]:
            path = os.path.join(tmp, f"rows-check.{fmt}")
            subprocess.run([binary, "rows", out, *flags, "-o", path], check=True)
            table = con.execute(
                f"select source_path, department_path, cast(number as varchar), goal, "
                f"cast(page as varchar), cast(line_start as varchar) from {reader}('{path}')"
            ).fetchall()
            want = [
                (
                    d["source"]["path"],
                    " / ".join(r["department_path"]),
                    r["number"],
                    r["goal"],
                    None if r["provenance"]["page"] is None else str(r["provenance"]["page"]),
                    str(r["provenance"]["lines"]["start"]),
                )
                for d, r in rows
            ]
            normalize = lambda t: tuple(x.replace("\r\n", "\n") if isinstance(x, str) else x for x in t)
            got = sorted(map(normalize, table), key=str)
            want = sorted(want, key=str)
            differences = [(g, w) for g, w in zip(got, want) if g != w]
            check(f"goal-sheet rows as {fmt}: every value matches its document",
                  got == want, f"{len(got)} vs {len(want)} rows; first difference {differences[:1]}")
        # Sheets straight in (converted on the way) give the same table.
        direct = os.path.join(tmp, "direct.csv")
        subprocess.run([binary, "rows", os.path.join(ROOT, "fixtures/archive"), "-o", direct], check=True)
        from_docs = os.path.join(tmp, "rows.csv")
        only = con.execute(
            f"select count(*) from (select * from read_csv_auto('{direct}') "
            f"except all select * from read_csv_auto('{from_docs}'))"
        ).fetchone()[0] + con.execute(
            f"select count(*) from (select * from read_csv_auto('{from_docs}') "
            f"except all select * from read_csv_auto('{direct}'))"
        ).fetchone()[0]
        check("rows of the sheets themselves equal rows of their documents", only == 0, f"{only} rows differ")
        excel = open(os.path.join(tmp, "rows-check.excel.csv"), "rb").read()
        check("--excel starts with a UTF-8 byte order mark and ends lines with CRLF",
              excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel)
        per_doc = dict(con.execute(
            f"select source_path, count(*) from read_csv_auto('{os.path.join(tmp, 'rows.csv')}') group by 1"
        ).fetchall())
        want_per_doc = {}
        for d, _ in rows:
            want_per_doc[d["source"]["path"]] = want_per_doc.get(d["source"]["path"], 0) + 1
        check("rows per document", per_doc == want_per_doc, f"{per_doc} != {want_per_doc}")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
