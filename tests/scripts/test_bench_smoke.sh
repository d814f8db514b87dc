#!/usr/bin/env bash
# scripts/bench works end to end (a one-second run at 8 connections against the binary under
# test): it exits 0 and writes its JSON, every page answered without an error status, and the
# votes were real: answered with 302, none answered 4xx or 5xx, and the database grew by exactly
# the votes answered 302, plus at most one vote per connection that was in flight when wrk
# stopped counting (stored, its answer never read). It asserts no speed: benchmarks are not tests.
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source=tests/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

readonly CONNECTIONS=8

check_bench_runs() {
  command -v wrk >/dev/null || fail "wrk is not installed (scripts/setup --test installs it)"
  local json=$WORK/bench.json out err rc
  # scripts/bench measures the repository's build/polls (the binary CTest passes here).
  run_capture out err rc timeout 120 "$REPO_ROOT/scripts/bench" \
    --no-build --duration 1 --connections "$CONNECTIONS" --warmup 0 --starts 1 --json "$json"
  assert_eq 0 "$rc" "scripts/bench exit status (stderr: ${err: -400})"
  [ -s "$json" ] || fail "scripts/bench wrote no JSON"
  assert_contains "$out" "none lost" "scripts/bench output"
  assert_not_contains "$out" "LOST" "scripts/bench output"
  "$PY" - "$json" "$CONNECTIONS" <<'PYTHON' || fail "the benchmark's figures above are wrong"
import json
import sys

results, connections = json.load(open(sys.argv[1])), int(sys.argv[2])
runs = results["runs"]
gets = [r for r in runs if r["method"] == "GET"]
votes = [r for r in runs if r["method"] == "POST"]
assert gets and votes, "expected GET and vote runs, got %r" % [(r["method"], r["route"]) for r in runs]
for run in gets:
    assert run["wrk"]["requests"] > 0, "no GET %s was answered" % run["route"]
    assert run["bad_status"] == 0, "GET %s: %d answers were not 2xx/3xx" % (run["route"], run["bad_status"])
for run in votes:
    v = run["votes"]
    print("     %s: %d sent, %d answered 302, %d stored, %d 4xx, %d 5xx"
          % (run["route"], v["sent"], v["redirects_302"], v["db_added"], v["responses_4xx"],
             v["responses_5xx"]))
    assert v["redirects_302"] > 0, "no vote was answered with 302"
    assert (v["responses_2xx"] == 0 and v["redirects_other_3xx"] == 0 and v["responses_4xx"] == 0
            and v["responses_5xx"] == 0), \
        "votes were answered with something else than 302: %r" % v
    assert v["lost"] == 0, "%d votes answered 302 are not stored" % v["lost"]
    assert v["extra"] == 0, "%d votes are stored that were never sent" % v["extra"]
    assert v["db_added"] - v["redirects_302"] <= connections, \
        "%d votes stored beyond those answered: more than one in flight per connection" \
        % (v["db_added"] - v["redirects_302"])
PYTHON
}

check "scripts/bench runs end to end, every vote is real and stored" check_bench_runs
finish
