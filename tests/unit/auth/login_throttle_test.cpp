// The login throttle on polls_login_failure, on SQLite and (the [postgres] copies) PostgreSQL:
// the delays and refusals per username and per address, the window expiring on an injected
// clock, what a success clears, and concurrent attempts counted one at a time.
#include "auth/login_throttle.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "db/datetime.hpp"
#include "support/test_database.hpp"

using polls::auth::LoginThrottle;
using polls::auth::ThrottleDecision;
using polls::auth::ThrottleLimits;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

const polls::db::Timestamp kStart = *polls::db::from_db_text("2026-11-25 10:00:00");

// Small numbers, so that each threshold is a few attempts away.
polls::auth::ThrottleLimits small_limits() {
  polls::auth::ThrottleLimits limits;
  limits.window = seconds{60};
  limits.username_slow_after = 2;
  limits.username_refuse_after = 4;
  limits.address_slow_after = 3;
  limits.address_refuse_after = 6;
  limits.delay_step = milliseconds{100};
  limits.max_delay = milliseconds{250};
  return limits;
}

}  // namespace

TEST_CASE("login throttle: failures for a username slow it down, step by step, then refuse it") {
  polls::testing::TestDatabase database;
  polls::auth::LoginThrottle throttle(*database, small_limits());
  std::vector<polls::auth::ThrottleDecision> seen;
  for (int i = 0; i < 5; ++i)
    seen.push_back(throttle.begin("alice", "10.0.0.1", kStart + seconds{i}));
  CHECK(seen[0].delay == milliseconds{0});
  CHECK(seen[1].delay == milliseconds{0});
  CHECK(seen[2].delay == milliseconds{100});
  CHECK(seen[2].reason == "username");
  CHECK(seen[3].delay == milliseconds{200});
  for (int i = 0; i < 4; ++i) CHECK_FALSE(seen[i].refused);
  REQUIRE(seen[4].refused);
  CHECK(seen[4].reason == "username");
  // Until the first failure (at kStart) leaves the 60 s window.
  CHECK(seen[4].retry_after == seconds{56});
  // Another username from the same address is only as slow as the address's count says.
  const polls::auth::ThrottleDecision bob = throttle.begin("bob", "10.0.0.1", kStart + seconds{5});
  CHECK_FALSE(bob.refused);
  CHECK(bob.delay == milliseconds{200});  // 4 failures counted for the address: 2 steps past 3
  CHECK(bob.reason == "address");
}

TEST_CASE("login throttle: the delay stops growing at max_delay") {
  polls::testing::TestDatabase database;
  polls::auth::ThrottleLimits limits = small_limits();
  limits.username_refuse_after = 100;
  limits.address_refuse_after = 100;
  polls::auth::LoginThrottle throttle(*database, limits);
  polls::auth::ThrottleDecision last;
  for (int i = 0; i < 8; ++i) last = throttle.begin("alice", "10.0.0.1", kStart + seconds{i});
  CHECK_FALSE(last.refused);
  CHECK(last.delay == milliseconds{250});
}

TEST_CASE("login throttle: a refused attempt does not extend the lock, and the window ends it") {
  polls::testing::TestDatabase database;
  polls::auth::LoginThrottle throttle(*database, small_limits());
  for (int i = 0; i < 4; ++i) throttle.begin("alice", "10.0.0.1", kStart + seconds{i});
  // Knocking again and again on the locked account.
  polls::auth::ThrottleDecision refused;
  for (int i = 10; i < 50; i += 10) {
    refused = throttle.begin("alice", "10.0.0.2", kStart + seconds{i});
    REQUIRE(refused.refused);
  }
  CHECK(refused.retry_after == seconds{20});  // still counted from kStart, not from the knocks
  // 61 s on, the failures at kStart and kStart+1 s have left the window: two remain.
  const polls::auth::ThrottleDecision later =
      throttle.begin("alice", "10.0.0.3", kStart + seconds{61});
  CHECK_FALSE(later.refused);
  CHECK(later.delay == milliseconds{100});
  // And once every failure is older than the window, nothing is counted.
  const polls::auth::ThrottleDecision much_later =
      throttle.begin("alice", "10.0.0.3", kStart + seconds{200});
  CHECK_FALSE(much_later.refused);
  CHECK(much_later.delay == milliseconds{0});
}

TEST_CASE("login throttle: an address trying many usernames is refused for all of them") {
  polls::testing::TestDatabase database;
  polls::auth::LoginThrottle throttle(*database, small_limits());
  for (int i = 0; i < 6; ++i) {
    const polls::auth::ThrottleDecision decision =
        throttle.begin("user" + std::to_string(i), "10.0.0.9", kStart + seconds{i});
    CHECK_FALSE(decision.refused);
  }
  const polls::auth::ThrottleDecision next =
      throttle.begin("someone", "10.0.0.9", kStart + seconds{10});
  REQUIRE(next.refused);
  CHECK(next.reason == "address");
  CHECK(next.retry_after == seconds{50});
  // The same username from another address is not held back by that address.
  const polls::auth::ThrottleDecision elsewhere =
      throttle.begin("someone", "10.0.0.10", kStart + seconds{10});
  CHECK_FALSE(elsewhere.refused);
  CHECK(elsewhere.delay == milliseconds{0});
}

TEST_CASE("login throttle: a success clears that username's failures, not those it attacked") {
  polls::testing::TestDatabase database;
  polls::auth::LoginThrottle throttle(*database, small_limits());
  // From one address: three failures on bob, then the attacker's own account, mallory.
  for (int i = 0; i < 3; ++i) throttle.begin("bob", "10.0.0.1", kStart + seconds{i});
  for (int i = 3; i < 5; ++i) throttle.begin("mallory", "10.0.0.1", kStart + seconds{i});
  throttle.succeeded("mallory");
  // mallory's failures are gone...
  const polls::auth::ThrottleDecision mallory =
      throttle.begin("mallory", "10.0.0.2", kStart + seconds{6});
  CHECK(mallory.delay == milliseconds{0});
  // ...bob's stay, for bob (3 failures: two steps past 2) and for the address (3: one step).
  const polls::auth::ThrottleDecision bob = throttle.begin("bob", "10.0.0.3", kStart + seconds{7});
  CHECK(bob.delay == milliseconds{200});
  CHECK(bob.reason == "username");
  const polls::auth::ThrottleDecision same_address =
      throttle.begin("carol", "10.0.0.1", kStart + seconds{8});
  CHECK(same_address.delay == milliseconds{100});
  CHECK(same_address.reason == "address");
}

TEST_CASE("login throttle: attacker-chosen keys are cut to the column and rid of NUL bytes") {
  polls::testing::TestDatabase database;
  polls::auth::LoginThrottle throttle(*database, small_limits());
  const std::string long_name(150, 'x');
  // Past 150 bytes they are one key; NUL is stored as '?'.
  throttle.begin(long_name + "a", "10.0.0.1", kStart);
  throttle.begin(long_name + "b", "10.0.0.2", kStart + seconds{1});
  CHECK(throttle.begin(long_name, "10.0.0.3", kStart + seconds{2}).delay == milliseconds{100});
  throttle.begin(std::string("ev\0l", 4), "10.0.0.4", kStart);
  throttle.begin("ev?l", "10.0.0.5", kStart + seconds{1});
  CHECK(throttle.begin(std::string("ev\0l", 4), "10.0.0.6", kStart + seconds{2}).delay ==
        milliseconds{100});
}

TEST_CASE("login throttle: concurrent attempts are counted one at a time") {
  polls::testing::TestDatabase database;
  polls::auth::LoginThrottle throttle(*database, small_limits());
  constexpr int kAttempts = 8;
  std::vector<polls::auth::ThrottleDecision> decisions(kAttempts);
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back(
        [&, i] { decisions[i] = throttle.begin("alice", "10.0.0." + std::to_string(i), kStart); });
  }
  for (auto& thread : threads) thread.join();
  // Each saw the attempts stored before it: exactly username_refuse_after got through.
  const auto allowed =
      std::count_if(decisions.begin(), decisions.end(),
                    [](const polls::auth::ThrottleDecision& d) { return !d.refused; });
  CHECK(allowed == 4);
  std::vector<long> delays;
  for (const auto& d : decisions) {
    if (!d.refused) delays.push_back(static_cast<long>(d.delay.count()));
  }
  std::sort(delays.begin(), delays.end());
  CHECK(delays == std::vector<long>{0, 0, 100, 200});
}

// Pure arithmetic: run once, on SQLite's run (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

TEST_CASE(
    "decide: refused at the limit until the oldest failure ages out, delayed past the "
    "slow threshold, the larger delay winning") {
  using polls::auth::decide;
  using polls::auth::Failures;
  using polls::auth::PriorFailures;
  const ThrottleLimits limits = small_limits();
  const Failures none{};
  // Four username failures, the oldest 50 s ago: refused for the 10 s until it leaves the window.
  const ThrottleDecision refused =
      decide(PriorFailures{Failures{4, kStart - seconds{50}}, none}, kStart, limits);
  CHECK(refused.refused);
  CHECK(refused.reason == "username");
  CHECK(refused.retry_after == seconds{10});
  // An oldest failure right at the edge still asks for a second, never for 0.
  CHECK(
      decide(PriorFailures{none, Failures{6, kStart - seconds{60}}}, kStart, limits).retry_after ==
      seconds{1});
  // Three username failures are two steps past its threshold of 2, three address failures one
  // step past its threshold of 3: the larger delay wins, and names its reason.
  const ThrottleDecision slowed =
      decide(PriorFailures{Failures{3, kStart}, Failures{3, kStart}}, kStart, limits);
  CHECK_FALSE(slowed.refused);
  CHECK(slowed.delay == milliseconds{200});
  CHECK(slowed.reason == "username");
  // Far past the threshold the delay is capped.
  CHECK(decide(PriorFailures{none, Failures{5, kStart}}, kStart, limits).delay ==
        milliseconds{250});
  CHECK(decide(PriorFailures{}, kStart, limits).delay == milliseconds{0});
}

TEST_SUITE_END();
