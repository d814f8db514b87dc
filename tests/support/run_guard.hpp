// Guards that keep CTest's verdicts honest, installed as a doctest listener by test_main.cpp:
//
// - A run that executed no test case fails. CTest runs each case on its own as
//   `--test-case=<name>`; if that name matches nothing (doctest_discover_tests splits names at
//   ';'), doctest would exit 0 having run nothing and the entry would pass.
// - Under POLLS_TEST_BACKEND=postgres, a case that ran no statement on PostgreSQL after setting
//   up its database fails: its "[postgres]" copy tests nothing. Such a case belongs in the doctest
//   suite "sqlite_only" (tests/CMakeLists.txt lists that suite for SQLite only). Cases of the
//   suite "postgres" open their own connections and are not checked.
// - With POLLS_TEST_RUN_LOG set, every case that runs appends a line "<binary>\t<backend>\t<name>"
//   to that file, so scripts/test can compare the cases run with the cases listed.
// It needs nothing but doctest, so a test can build it into a program of its own.
#pragma once

#include <cstdint>

namespace polls::testing {

class RunGuard {
 public:
  // The exit status of a test run: doctest's own, or 1 when a guard failed (it says why).
  static int verdict(int doctest_status);
};

// Counts the statements a test database ran after its setup (called when one is closed).
void count_statements_after_setup(std::uint64_t statements);

// Whether the suites run against PostgreSQL (POLLS_TEST_BACKEND=postgres).
bool testing_postgres();

}  // namespace polls::testing
