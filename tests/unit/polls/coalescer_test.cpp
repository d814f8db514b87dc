// Change notices coalesced into at most one update per topic per interval (polls/coalescer).
#include "polls/coalescer.hpp"

#include <doctest/doctest.h>

#include <vector>

using polls::polls_app::Coalescer;
using namespace std::chrono_literals;

// Pure: no database.
TEST_SUITE_BEGIN("sqlite_only");

namespace {
const Coalescer::Clock::time_point t0{std::chrono::hours(1)};
}  // namespace

TEST_CASE("the first change after a quiet spell is due at once") {
  Coalescer coalescer(250ms);
  CHECK_FALSE(coalescer.next_due());
  coalescer.changed(7, t0);
  CHECK(coalescer.next_due() == t0);
  CHECK(coalescer.take_due(t0) == std::vector<std::int64_t>{7});
  CHECK_FALSE(coalescer.next_due());
}

TEST_CASE("changes within the interval are due together when it ends") {
  Coalescer coalescer(250ms);
  coalescer.changed(7, t0);
  CHECK(coalescer.take_due(t0).size() == 1);
  coalescer.changed(7, t0 + 10ms);
  coalescer.changed(7, t0 + 20ms);
  coalescer.changed(7, t0 + 240ms);
  CHECK(coalescer.next_due() == t0 + 250ms);
  CHECK(coalescer.take_due(t0 + 249ms).empty());
  CHECK(coalescer.take_due(t0 + 250ms) == std::vector<std::int64_t>{7});
  CHECK(coalescer.take_due(t0 + 250ms).empty());
}

TEST_CASE("a flood of changes gives one update per interval") {
  Coalescer coalescer(250ms);
  int updates = 0;
  // A change every millisecond for two seconds, the caller taking what is due each time.
  for (int ms = 0; ms < 2000; ++ms) {
    const auto now = t0 + std::chrono::milliseconds(ms);
    coalescer.changed(1, now);
    updates += static_cast<int>(coalescer.take_due(now).size());
  }
  CHECK(updates == 8);  // at 0, 250, ..., 1750 ms
  // The last changes are not lost: due at the end of the interval.
  CHECK(coalescer.next_due() == t0 + 2000ms);
}

TEST_CASE("topics are coalesced each on its own") {
  Coalescer coalescer(250ms);
  coalescer.changed(1, t0);
  coalescer.changed(2, t0 + 100ms);
  CHECK(coalescer.take_due(t0) == std::vector<std::int64_t>{1});
  CHECK(coalescer.take_due(t0 + 100ms) == std::vector<std::int64_t>{2});
  coalescer.changed(1, t0 + 150ms);
  coalescer.changed(2, t0 + 150ms);
  CHECK(coalescer.take_due(t0 + 250ms) == std::vector<std::int64_t>{1});
  CHECK(coalescer.take_due(t0 + 350ms) == std::vector<std::int64_t>{2});
}

TEST_CASE("a topic quiet for a whole interval is forgotten, and due at once again") {
  Coalescer coalescer(250ms);
  coalescer.changed(1, t0);
  (void)coalescer.take_due(t0);
  CHECK(coalescer.tracked() == 1);
  (void)coalescer.take_due(t0 + 250ms);
  CHECK(coalescer.tracked() == 0);
  coalescer.changed(1, t0 + 300ms);
  CHECK(coalescer.next_due() == t0 + 300ms);
}

TEST_SUITE_END();
