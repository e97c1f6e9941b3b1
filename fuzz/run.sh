#!/usr/bin/env bash
# Runs one cargo-fuzz target for a bounded time: bash fuzz/run.sh <origin|pattern|decision> [seconds]
#
# New inputs go to fuzz/work/<target> (not committed); the checked-in seeds in
# fuzz/corpus/<target> are read, never written. A crash is saved by libFuzzer under
# fuzz/artifacts/<target>/ and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: run.sh <origin|pattern|decision> [seconds]}
seconds=${2:-600}
case "$target" in
  origin | pattern) max_len=4096 ;;
  # Room for the 16 KiB Origin seed.
  decision) max_len=20000 ;;
  *) echo "unknown target $target (origin, pattern, decision)" >&2; exit 2 ;;
esac
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "cargo fuzz needs a nightly toolchain (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo fuzz is missing: cargo install cargo-fuzz --locked" >&2
  exit 2
fi
mkdir -p "work/$target"
# -print_final_stats: the executions and coverage reported in fuzz/README.md.
exec cargo +nightly fuzz run "$target" "work/$target" "corpus/$target" -- \
  -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1
