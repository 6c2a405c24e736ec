#!/usr/bin/env bash
# Benchmark: `plansheet extract` (PDF → rows → JSON) against poppler's
# `pdftotext -layout` (PDF → text) on the same PDF fixtures, in one run.
# Not part of CI. Needs hyperfine, GNU time and poppler-utils (Debian:
# apt-get install hyperfine time poppler-utils). Run from the repository root:
#
#     bash crates/pdf/benches/against-pdftotext.sh
#
# Prints hyperfine's comparison per file and the peak resident memory of
# both tools.
set -euo pipefail
cargo build --release --quiet
bin=target/release/plansheet
for pdf in fixtures/archive/pdf/*.pdf; do
  echo "== $pdf ($(stat -c %s "$pdf") bytes)"
  hyperfine --warmup 3 --min-runs 30 -N --style basic \
    "$bin extract $pdf" \
    "pdftotext -layout $pdf /dev/null" 2>&1 | grep -E "Time|±|faster|slower" || true
  for cmd in "$bin extract $pdf" "pdftotext -layout $pdf /dev/null"; do
    kib=$(/usr/bin/time -f %M $cmd 2>&1 >/dev/null | tail -1)
    echo "   peak RSS ${kib} KiB: $cmd"
  done
done
