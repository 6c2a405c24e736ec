#!/usr/bin/env python3
"""Linear-time sweep: crafted text inputs that once made a recognizer
quadratic (or its output quadratic), each at about 100 KB and 400 KB, read
with `extract`; prints the time and output size of each and the growth
exponent between the two sizes (log time ratio / log size ratio: 1 is
linear, 2 quadratic). Not part of CI (it times things). From the
repository root:

    cargo build --release
    python3 crates/cli/benches/linear-sweep.py
    PLANSHEET_BIN=/path/to/plansheet python3 crates/cli/benches/linear-sweep.py

Exits 1 when a shape grows faster than linearly (exponent over 1.5 with the
larger input over 0.2 s) or its output grows faster than its input (more
than 1.5 times the ratio of the sizes). Each shape names the path it
attacks; see docs/architecture.md, "Linear parsing, checked by attack".
"""

import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN = os.environ.get("PLANSHEET_BIN", os.path.join(ROOT, "target", "release", "plansheet"))
TABLE_HEADER = "表題\n\n部署名\t番号\t分類\t目標\t実施結果\n総務課\t1\t対面対応\t窓口で対応します。\t実施しました。\n"


def multi_year(years, blocks_text, tail):
    header = " ".join(f"《令和{y}年度》" for y in range(1, years + 1))
    themes = " ".join("【1】窓口サービス" for _ in range(years))
    return f"{header}\n\n{themes}\n\n{blocks_text}{tail}"


def year_statements(k):
    # 20 years; k runs of a bullet block per year, each under a line of
    # per-year sub-headings; then k statements about a year: every block of
    # every run was compared with every statement.
    headings = " ".join(f"(1)見出し{j}" for j in range(20)) + "\n\n"
    run = headings + "".join("・" + f"項目{j}" * 6 + "\n\n" for j in range(20))
    return multi_year(20, run * (k // 40 + 1), "1年度は検討した。\n\n" * k)


def many_years(k):
    # A header of k years: every theme group held a column per year.
    header = " ".join(f"《平成{y % 30 + 1}年度》" for y in range(k))
    return f"{header}\n\n【1】あ\n\n" + "・a\n\nb\n\n" * k


def lone_sub_headings(k):
    # Two years and k sub-headings printed alone: each was checked against
    # every sub-heading of its year.
    return multi_year(2, "", "(1)a\n\n" * (k // 2) + "(2)a\n\n" * (k // 2))


def ascii_lines(k):
    # One paragraph of short ASCII lines: each join looked back over the
    # whole text so far.
    return "Notes\n\n" + "abcdefghij\n" * k


def markdown_marker(k):
    # A run of `#` copied into the id of every node under it.
    return "Notes\n\n" + "#" * k + " t\n" + "・a\n" * k


def management_item(k):
    # An item continued over k lines: rebuilt for every line.
    return "経営課題1\n\n題\n\n【戦略1-1】計画\n\n【戦略1-2】計画\n\n《めざす状態》\n・a\n" + "x\n" * k


def management_target(k):
    # A target continued over k lines: rebuilt for every line.
    return "【戦略1-1】計画\n\n【戦略1-2】計画\n\n《成果目標》\n・a\n" + "ab cd\n" * k


def spaced_label(k):
    # A label spaced out over k pieces: rebuilt for every piece (in every
    # document's table score).
    return TABLE_HEADER + "総務課\t1 " + "あ " * k + "窓口で対応します。\t実施しました。\n"


def open_qualifier(k):
    # A department with an open parenthesis and k words after it: counted
    # again for every word.
    return TABLE_HEADER + "総務課 (あ " + "い " * k + "\t2\t対面対応\t窓口で対応します。\t実施しました。\n"


def long_department(k):
    # A long department cell and k rows below it with a blank one: copied
    # into every row.
    return TABLE_HEADER + "課" * (k // 3) + "\t2\t対面対応\t窓口で対応します。\t\n" + "\t3\t\t窓口\t\n" * (k // 12)


def flow_ascii(k):
    # A flow sheet's goal of k ASCII lines.
    row = "総務課\n\n{n}\n対\n面\n\n　窓口で丁寧に対応します。\n{body}\n　実施しました。\n\n"
    return "部署名 実施結果及び目標の達成度\n\n" + row.format(n=1, body="") + row.format(n=2, body="ab\n" * k)


def targets_table(k):
    # A tabbed table of k rows under the targets.
    return "【戦略1-1】計画\n\n《成果目標》\n\n・ 件数 令和6年度末までに1,200件以下\n指標\t目標値\t実績値\n" + "件数\t1,200件\t1,350件\n" * k


def theme_cells(k):
    # A theme line of k cells under two years: the cells past the years
    # were added to the last year's title, copied each time.
    return "《令和5年度》 《令和6年度》\n\n" + " ".join("【1】訓練" for _ in range(k)) + "\n"


def repeated_headers(k):
    # A theme row of k cells of one number under k year headers printed
    # again: each header looked at the row's every number again
    # (helper-146: 20,000 headers took 61 s).
    n = max(1, k // 30)
    return ("《令和5年度》 《令和6年度》\n\n【1】訓練 【1】訓練\n\n"
            + "《令和5年度》 《令和6年度》\n\n" * n + " ".join("【1】訓練" for _ in range(n)) + "\n")


def printed_runs(k):
    # A sheet printed as its page shows it with a line of k runs: every
    # column looked at walked the page's runs.
    return ("部署名      目標及び具体的な取組内容           実施結果及び目標の達成度\n"
            "総務課   1   共  窓口を整えます。                整えました。\n"
            + "  ".join("あ" for _ in range(k)) + "\n")


SHAPES = [
    year_statements, many_years, lone_sub_headings, ascii_lines, markdown_marker,
    management_item, management_target, spaced_label, open_qualifier, long_department, flow_ascii,
    targets_table, theme_cells, repeated_headers, printed_runs,
]


def scaled(shape, size):
    """The shape's text at about `size` bytes."""
    k = 64
    while len(shape(k).encode()) < size:
        k *= 2
    # Halve the step back towards the size.
    low, high = k // 2, k
    while high - low > max(1, low // 50):
        mid = (low + high) // 2
        if len(shape(mid).encode()) < size:
            low = mid
        else:
            high = mid
    return shape(high).encode()


def timed(path):
    """Best wall time of two `extract` runs, and the output's size."""
    best, size = math.inf, 0
    for _ in range(2):
        start = time.perf_counter()
        out = subprocess.run([BIN, "extract", path], capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
        size = len(out.stdout)
    return best, size


def main():
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    problems = []
    print(f"{'shape':<20} {'in':>9} {'s':>7} {'out':>11} | {'in':>9} {'s':>7} {'out':>11} | time exp, out ratio")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in SHAPES:
            rows = []
            for size in (100_000, 400_000):
                path = os.path.join(tmp, f"{shape.__name__}-{size}.txt")
                data = scaled(shape, size)
                with open(path, "wb") as f:
                    f.write(data)
                seconds, out = timed(path)
                rows.append((len(data), seconds, out))
            (b1, t1, o1), (b2, t2, o2) = rows
            exponent = math.log(max(t2, 1e-3) / max(t1, 1e-3)) / math.log(b2 / b1)
            out_growth = (o2 / max(o1, 1)) / (b2 / b1)
            print(f"{shape.__name__:<20} {b1:>9} {t1:>7.3f} {o1:>11} | {b2:>9} {t2:>7.3f} {o2:>11} | {exponent:.2f}, {out_growth:.2f}")
            if exponent > 1.5 and t2 > 0.2:
                problems.append(f"{shape.__name__}: time grows with exponent {exponent:.2f}")
            if out_growth > 1.5:
                problems.append(f"{shape.__name__}: output grows {out_growth:.2f} times faster than input")
    print("\n".join(problems) if problems else "every shape linear in time and output")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
