#!/usr/bin/env bash
# The suite tells the truth about itself:
#  - every doctest entry CTest registered selects exactly one case of its binary, and every case
#    a binary lists is registered (on SQLite unless it is PostgreSQL's own);
#  - a case whose name doctest_discover_tests splits (a ';') turns its entries red, and the check
#    above names it: shown on a small doctest program built here with the suite's own main;
#  - a "[postgres]" copy of a case that runs no statement on PostgreSQL fails;
#  - a stage that cannot run fails the run unless POLLS_TEST_SKIP names it (scripts/lib.sh), for
#    scripts/test's stages and for a black-box script (test_postgres.sh without PostgreSQL).
#
#   bash tests/scripts/test_suite_integrity.sh /path/to/build/polls
# The doctest binaries are those beside the polls binary given (BUILD/tests/).
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUILD=$(dirname "$POLLS")
COUNTS=$TESTS_DIR/scripts/suite_counts.py

check_registered_equals_listed() {
  [ -x "$BUILD/tests/polls_unit_tests" ] || fail "no doctest binaries in $BUILD/tests"
  local out err rc
  RUN_TIMEOUT=120 run_capture out err rc "$PY" "$COUNTS" check "$BUILD"
  note "$out"
  assert_eq 0 "$rc" "suite_counts.py check (stderr: ${err:0:800})"
}

# A doctest program of two good cases and one whose name holds ';', with this suite's main.
build_split_name_demo() {
  mkdir -p "$WORK/demo"
  cat >"$WORK/demo/demo_test.cpp" <<'CPP'
#include <doctest/doctest.h>
TEST_CASE("a case that passes") { CHECK(1 + 1 == 2); }
TEST_CASE("a name with a semicolon; which CMake splits") { CHECK(true); }
CPP
  cat >"$WORK/demo/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(split_name_demo CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(doctest REQUIRED)
include(doctest)
enable_testing()
add_executable(demo "$TESTS_DIR/test_main.cpp" "$TESTS_DIR/support/run_guard.cpp" demo_test.cpp)
target_include_directories(demo PRIVATE "$TESTS_DIR")
target_link_libraries(demo PRIVATE doctest::doctest)
doctest_discover_tests(demo TEST_PREFIX "demo: ")
CMAKE
  timeout 60 cmake -S "$WORK/demo" -B "$WORK/demo/build" -G Ninja >"$WORK/demo/configure.log" 2>&1 ||
    fail "configuring the demo failed: $(tail -n 20 "$WORK/demo/configure.log")"
  timeout 300 ninja -C "$WORK/demo/build" >"$WORK/demo/build.log" 2>&1 ||
    fail "building the demo failed: $(tail -n 20 "$WORK/demo/build.log")"
}

check_split_name_turns_red() {
  build_split_name_demo
  local out err rc
  RUN_TIMEOUT=60 run_capture out err rc ctest --test-dir "$WORK/demo/build" --output-on-failure
  [ "$rc" -ne 0 ] || fail "ctest passed with a split case name: $out"
  assert_contains "$out" "no test case matched the filters" "ctest output"
  assert_contains "$out" "2 tests failed out of 3" "ctest output (the good case still passes)"
  note "$(grep -E 'tests passed|Failed' <<<"$out")"
  RUN_TIMEOUT=60 run_capture out err rc "$PY" "$COUNTS" check "$WORK/demo/build"
  [ "$rc" -ne 0 ] || fail "suite_counts.py check passed the split name: $out"
  assert_contains "$err" "selects 0 case(s)" "suite_counts.py check"
  assert_contains "$err" "CTest runs it nowhere" "suite_counts.py check"
}

check_postgres_copy_without_statements_fails() {
  [ -x "$WORK/demo/build/demo" ] || build_split_name_demo
  local out err rc
  POLLS_TEST_BACKEND=postgres run_capture out err rc "$WORK/demo/build/demo" \
    "--test-case=a case that passes"
  assert_eq 1 "$rc" "exit status of a [postgres] copy that touched no database"
  assert_contains "$err" "ran no statement on PostgreSQL" "its message"
  run_capture out err rc "$WORK/demo/build/demo" "--test-case=a case that passes"
  assert_eq 0 "$rc" "the same case on SQLite (stderr: $err)"
}

check_stage_that_cannot_run_fails() {
  local out err rc
  # shellcheck disable=SC2016 # expanded by the inner shell
  run_capture out err rc env -u POLLS_TEST_SKIP bash -c \
    'source "$1/scripts/lib.sh"; skip_or_fail container "it needs root"; echo went on' _ "$REPO_ROOT"
  assert_eq 1 "$rc" "skip_or_fail without POLLS_TEST_SKIP"
  assert_contains "$err" "POLLS_TEST_SKIP=container" "its message"
  assert_not_contains "$out" "went on" "output"
  : >"$WORK/skips"
  # shellcheck disable=SC2016
  POLLS_TEST_SKIP="fuzz, container" POLLS_TEST_SKIP_LOG=$WORK/skips run_capture out err rc bash -c \
    'source "$1/scripts/lib.sh"; skip_or_fail container "it needs root"; echo went on' _ "$REPO_ROOT"
  assert_eq 0 "$rc" "skip_or_fail with POLLS_TEST_SKIP naming the stage"
  assert_contains "$out" "went on" "output"
  assert_contains "$(cat "$WORK/skips")" "container: it needs root" "the skip log"
}

check_script_without_postgres_fails() {
  local out err rc
  mkdir -p "$WORK/no-postgres"
  POLLS_PG_BIN=$WORK/no-postgres run_capture out err rc env -u POLLS_TEST_SKIP \
    bash "$TESTS_DIR/scripts/test_postgres.sh" "$POLLS"
  assert_eq 1 "$rc" "test_postgres.sh without PostgreSQL (out: $out)"
  assert_contains "$err" "POLLS_TEST_SKIP=postgres" "its message"
  POLLS_PG_BIN=$WORK/no-postgres POLLS_TEST_SKIP=postgres POLLS_TEST_SKIP_LOG=$WORK/skips \
    run_capture out err rc bash "$TESTS_DIR/scripts/test_postgres.sh" "$POLLS"
  assert_eq 77 "$rc" "test_postgres.sh left out on purpose (CTest's skip code)"
  assert_contains "$out" "SKIP test_postgres.sh" "its output"
}

check "every CTest entry runs one case, every listed case is registered" \
  check_registered_equals_listed
check "a case name with ';' turns CTest red and is named" check_split_name_turns_red
check "a [postgres] copy that runs no statement fails" check_postgres_copy_without_statements_fails
check "a stage that cannot run fails unless POLLS_TEST_SKIP names it" \
  check_stage_that_cannot_run_fails
check "test_postgres.sh without PostgreSQL fails, or skips with POLLS_TEST_SKIP=postgres" \
  check_script_without_postgres_fails
finish
