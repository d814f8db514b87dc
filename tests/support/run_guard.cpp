// See run_guard.hpp.
#include "support/run_guard.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace polls::testing {

namespace {

std::atomic<std::uint64_t> g_statements_after_setup{0};

struct GuardState {
  std::mutex mutex;
  bool run_ended = false;
  unsigned cases_run = 0;
  std::vector<std::string> problems;
};

GuardState& state() {
  static GuardState s;
  return s;
}

std::string binary_name() {
  std::error_code ignored;
  return std::filesystem::read_symlink("/proc/self/exe", ignored).filename().string();
}

// One line per case, appended with a single write(2) so that parallel CTest entries writing to
// the same file do not interleave.
void log_case_run(std::string_view name) {
  const char* path = std::getenv("POLLS_TEST_RUN_LOG");
  if (path == nullptr || *path == '\0') return;
  std::string line = binary_name();
  line += '\t';
  line += testing_postgres() ? "postgres" : "sqlite";
  line += '\t';
  line += name;
  line += '\n';
  const int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const ssize_t written = ::write(fd, line.data(), line.size());
  (void)written;
  ::close(fd);
}

struct Listener final : doctest::IReporter {
  explicit Listener(const doctest::ContextOptions&) {}

  void test_run_end(const doctest::TestRunStats& stats) override {
    const std::lock_guard lock(state().mutex);
    state().run_ended = true;
    state().cases_run = stats.numTestCasesPassingFilters;
  }

  void test_case_start(const doctest::TestCaseData& tc) override {
    current_ = &tc;
    statements_at_start_ = g_statements_after_setup.load();
    log_case_run(tc.m_name);
  }

  void test_case_end(const doctest::CurrentTestCaseStats& stats) override {
    const doctest::TestCaseData* tc = current_;
    // A failed case has said what went wrong already.
    if (tc == nullptr || !testing_postgres() || !stats.testCaseSuccess) return;
    if (std::string_view(tc->m_test_suite) == "postgres") return;
    if (g_statements_after_setup.load() != statements_at_start_) return;
    const std::lock_guard lock(state().mutex);
    state().problems.push_back(
        std::string("\"") + tc->m_name + "\" (" + tc->m_file.c_str() + ":" +
        std::to_string(tc->m_line) +
        ") ran no statement on PostgreSQL after setting up its database, so its [postgres] copy "
        "tests nothing: put it in the doctest suite \"sqlite_only\" (run on SQLite only)");
  }

  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}

 private:
  const doctest::TestCaseData* current_ = nullptr;
  std::uint64_t statements_at_start_ = 0;
};

}  // namespace

bool testing_postgres() {
  const char* backend = std::getenv("POLLS_TEST_BACKEND");
  return backend != nullptr && std::string_view(backend) == "postgres";
}

void count_statements_after_setup(std::uint64_t statements) {
  g_statements_after_setup.fetch_add(statements);
}

int RunGuard::verdict(int doctest_status) {
  const std::lock_guard lock(state().mutex);
  if (!state().run_ended) return doctest_status;  // a query (--list-test-cases, --help, ...)
  int status = doctest_status;
  if (state().cases_run == 0) {
    std::fprintf(stderr,
                 "FAIL: no test case matched the filters, so nothing was tested (a case name "
                 "with ';' is split in two by doctest_discover_tests: rename it)\n");
    status = 1;
  }
  for (const auto& problem : state().problems) {
    std::fprintf(stderr, "FAIL: %s\n", problem.c_str());
    status = 1;
  }
  return status;
}

}  // namespace polls::testing

DOCTEST_REGISTER_LISTENER("polls_run_guard", 1, polls::testing::Listener);
