// SharedCheck: callers share runs of a check, and each gets the answer of a run that began after
// it asked; a run's error reaches the callers of that run, and the next caller runs it again.
#include "db/shared_check.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

// No database here: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::db::SharedCheck;

TEST_CASE("a lone caller runs the check itself, every time") {
  std::uint64_t counter = 0;
  SharedCheck check([&] { return ++counter; });
  CHECK(check.run() == 1);
  CHECK(check.run() == 2);
  CHECK(check.runs() == 2);
}

TEST_CASE("callers at once share runs, and none gets the answer of a run begun before it asked") {
  // The check answers the moment it began (a clock of begun runs); each caller notes the clock
  // as it asks: the answer must be later.
  std::atomic<std::uint64_t> clock{0};
  SharedCheck check([&] {
    const std::uint64_t began = clock.fetch_add(1) + 1;
    std::this_thread::sleep_for(std::chrono::microseconds(300));  // a round trip
    return began;
  });
  constexpr int kThreads = 8;
  constexpr int kCalls = 200;
  std::atomic<int> too_old{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCalls; ++i) {
        const std::uint64_t asked_at = clock.load();
        if (check.run() <= asked_at) too_old.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(too_old.load() == 0);
  CHECK(check.runs() < kThreads * kCalls / 2);  // shared: far fewer runs than calls
}

TEST_CASE("a run's error reaches its callers, and the next call runs the check again") {
  std::atomic<bool> failing{true};
  std::atomic<int> runs{0};
  SharedCheck check([&]() -> std::uint64_t {
    runs.fetch_add(1);
    if (failing.load()) throw std::runtime_error("server gone");
    return 7;
  });
  CHECK_THROWS_WITH_AS(check.run(), "server gone", std::runtime_error);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      try {
        check.run();
      } catch (const std::runtime_error&) {
        errors.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(errors.load() == 4);
  failing = false;
  CHECK(check.run() == 7);
}

TEST_SUITE_END();
