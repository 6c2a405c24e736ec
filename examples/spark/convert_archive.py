#!/usr/bin/env python3
"""Convert an archive with Spark: the paths are spread over partitions, each
partition pipes its paths through one `plansheet convert --files-from -
--jsonl` process (`rdd.pipe`), the JSON Lines come back as a DataFrame, and
the goal-sheet rows are exploded into a flat table written as Parquet.

    python3 examples/spark/convert_archive.py --binary target/release/plansheet \
        --archive fixtures/archive [--archive more/] --out /tmp/plansheet-parquet [--check]

Local mode here (`local[2]`); on a cluster, put the plansheet binary on every
executor at the same path (or ship it with `--files` and use `./plansheet`),
keep `-j 1` (the engine already runs one task per core), and `--fail-on
never` so that a partial sheet does not fail its task: statuses are columns.
With `--check`, the result is compared with one `plansheet convert --jsonl`
run over the same files: the same documents with the same statuses, the
same rows per document. Prints `N passed, N failed` last.
"""

import argparse
import json
import os
import subprocess
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def files_under(archive):
    found = []
    for folder, _, names in os.walk(archive):
        found.extend(os.path.abspath(os.path.join(folder, n)) for n in names if not n.startswith("."))
    return sorted(found)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--archive", required=True, action="append", help="repeatable")
    parser.add_argument("--out", required=True)
    parser.add_argument("--partitions", type=int, default=64)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    paths = sorted(p for archive in args.archive for p in files_under(archive))

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("plansheet")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # More partitions than files on purpose: an empty partition must convert
    # nothing (not the bundled sample archive).
    lines = spark.sparkContext.parallelize(paths, args.partitions).pipe(
        f"{binary} convert --files-from - --jsonl -j 1 -q --fail-on never"
    )
    docs = spark.read.json(lines).cache()
    # As `plansheet rows` gives them: a row of a second sheet in the file
    # (from the line the `second_sheet` warning names) has no ward or
    # fiscal year, the document's being the first sheet's.
    second_sheet = F.expr(
        "array_min(transform(filter(diagnostics, d -> d.code = 'second_sheet'), d -> d.lines.start))"
    )
    first_sheets = F.col("second_sheet").isNull() | (F.col("row.provenance.lines.start") < F.col("second_sheet"))
    rows = (
        docs.where(F.col("kind") == "goal_sheet")
        .select(
            F.col("source.path").alias("source_path"),
            F.col("source.sha256").alias("sha256"),
            F.col("metadata.ward").alias("ward"),
            F.col("metadata.fiscal_year.gregorian").alias("fiscal_year"),
            F.col("status"),
            second_sheet.alias("second_sheet"),
            F.explode("rows").alias("row"),
        )
        .select(
            "source_path", "sha256",
            F.when(first_sheets, F.col("ward")).alias("ward"),
            F.when(first_sheets, F.col("fiscal_year")).alias("fiscal_year"),
            "status",
            F.col("row.department").alias("department"),
            F.concat_ws(" / ", "row.department_path").alias("department_path"),
            F.col("row.number").alias("number"),
            F.col("row.category").alias("category"),
            F.col("row.goal").alias("goal"),
            F.col("row.result").alias("result"),
            F.col("row.provenance.page").alias("page"),
        )
    )
    rows.write.mode("overwrite").parquet(args.out)
    doc_count = docs.count()
    row_count = spark.read.parquet(args.out).count()
    print(f"spark: {len(paths)} paths in {args.partitions} partitions -> {doc_count} documents, {row_count} rows")

    if not args.check:
        return 0
    passed, failed = 0, 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
        passed, failed = passed + ok, failed + (not ok)

    single = subprocess.run(
        [binary, "convert", "--files-from", "-", "--jsonl", "-q", "--fail-on", "never"],
        input="".join(p + "\n" for p in paths).encode(),
        capture_output=True,
        check=True,
    )
    reference = [json.loads(line) for line in single.stdout.decode().splitlines()]
    want_status = {d["source"]["path"]: d["status"] for d in reference}
    want_rows = {d["source"]["path"]: len(d.get("rows") or []) for d in reference}
    got_status = {r["path"]: r["status"] for r in docs.select(F.col("source.path").alias("path"), "status").collect()}
    got_rows = {
        r["source_path"]: r["n"]
        for r in spark.read.parquet(args.out).groupBy("source_path").agg(F.count("*").alias("n")).collect()
    }
    check(f"one document per path ({len(paths)})", doc_count == len(paths) == len(reference),
          f"spark {doc_count}, paths {len(paths)}, single run {len(reference)}")
    check("the same statuses as a single run", got_status == want_status,
          f"{len(set(got_status.items()) ^ set(want_status.items()))} differ")
    check(f"the same rows per document ({sum(want_rows.values())} rows)",
          got_rows == {k: v for k, v in want_rows.items() if v}, f"{got_rows} != {want_rows}")
    failures = sum(s == "failed" for s in got_status.values())
    check(f"failed inputs arrive as lines too ({failures})", failures > 0 and failures == sum(
        s == "failed" for s in want_status.values()), f"{failures} failed in Spark")
    spark.stop()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
