// The doctest entry point shared by the unit and HTTP suites, with the guards CTest relies on to
// tell the truth (see run_guard.hpp): a run that executes no test case fails, and so does a
// "[postgres]" copy of a case that never ran a statement on PostgreSQL.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "support/run_guard.hpp"

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int status = context.run();
  if (context.shouldExit()) return status;
  return polls::testing::RunGuard::verdict(status);
}
