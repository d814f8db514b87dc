#!/usr/bin/env bash
# scripts/callgrind works end to end on the binary under test (a short run: 5 warm-up and 20
# counted requests of /polls/ under valgrind): it exits 0 and prints its one line per path with a
# positive count that is the total divided by the requests; a path that does not answer 200 makes
# it fail, saying so. It asserts no count: the figure depends on the compiler and the code.
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source=tests/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

# scripts/callgrind keeps its folder when it fails: under $WORK, which goes at the end.
export TMPDIR=$WORK

need_valgrind() {
  command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/setup --test does it)"
}

check_callgrind_counts() {
  need_valgrind
  local out err rc
  RUN_TIMEOUT=120 run_capture out err rc "$REPO_ROOT/scripts/callgrind" --binary "$POLLS" \
    --requests 20 --warmup 5 --path /polls/
  assert_eq 0 "$rc" "scripts/callgrind exit status (stderr: ${err: -400})"
  note "$out"
  [[ $out =~ ^GET\ /polls/:\ ([0-9]+)\ instructions\ per\ request\ \(([0-9]+)\ /\ 20\)$ ]] ||
    fail "not one line 'GET /polls/: N instructions per request (TOTAL / 20)': [$out]"
  local per=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]}
  [ "$per" -gt 0 ] || fail "no instruction counted: [$out]"
  assert_eq "$(((total + 10) / 20))" "$per" "instructions per request (TOTAL / 20, rounded)"
}

check_callgrind_refuses_an_error_status() {
  need_valgrind
  local out err rc
  RUN_TIMEOUT=120 run_capture out err rc "$REPO_ROOT/scripts/callgrind" --binary "$POLLS" \
    --requests 2 --warmup 0 --path /polls/999/
  assert_eq 1 "$rc" "scripts/callgrind exit status for a path answering 404"
  assert_eq "" "$out" "scripts/callgrind output"
  assert_contains "$err" "GET /polls/999/ (request 1 on the connection): status 404, not 200" \
    "scripts/callgrind stderr"
}

check "scripts/callgrind counts the instructions per request of GET /polls/" \
  check_callgrind_counts
check "scripts/callgrind fails when a path does not answer 200" \
  check_callgrind_refuses_an_error_status
finish
