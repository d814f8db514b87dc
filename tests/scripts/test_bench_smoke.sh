#!/usr/bin/env bash
# scripts/bench works end to end (a one-second run at 8 connections against the binary under
# test): it exits 0, writes its JSON, and reports no lost vote. It asserts no speed: benchmarks
# are not tests.
set -euo pipefail
# shellcheck source=tests/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

check_bench_runs() {
  command -v wrk >/dev/null || fail "wrk is not installed (scripts/setup --test installs it)"
  local json=$WORK/bench.json out err rc
  # scripts/bench measures the repository's build/polls (the binary CTest passes here).
  run_capture out err rc timeout 120 "$REPO_ROOT/scripts/bench" \
    --no-build --duration 1 --connections 8 --warmup 0 --starts 1 --json "$json"
  assert_eq 0 "$rc" "scripts/bench exit status (stderr: ${err: -400})"
  [ -s "$json" ] || fail "scripts/bench wrote no JSON"
  assert_contains "$out" "none lost" "scripts/bench output"
  assert_not_contains "$out" "LOST" "scripts/bench output"
}

check "scripts/bench runs end to end and loses no vote" check_bench_runs
finish
