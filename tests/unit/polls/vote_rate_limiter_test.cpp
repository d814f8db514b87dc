// The vote limit per address against a real database (SQLite, or PostgreSQL in the [postgres]
// run), on a clock the test sets.
#include "polls/vote_rate_limiter.hpp"

#include <doctest/doctest.h>

#include "support/test_database.hpp"

using namespace std::chrono;
using polls::db::Timestamp;
using polls::polls_app::VoteRateLimiter;
using polls::testing::TestDatabase;

namespace {
// 12:00:10 on a day: 10 s into a 60 s window.
const Timestamp kStart = Timestamp{sys_days{year{2026} / 12 / 5}} + hours{12} + seconds{10};

std::int64_t rows(polls::db::Database& database) {
  return database.read()->query("SELECT count(*) FROM polls_vote_rate").integer(0, 0);
}
}  // namespace

TEST_CASE("an address gets the limit's attempts per window, then waits for the next window") {
  TestDatabase database;
  VoteRateLimiter limiter(*database, {3, seconds{60}});
  for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.attempt("10.0.0.1", kStart).has_value());
  const auto wait = limiter.attempt("10.0.0.1", kStart + milliseconds{500});
  REQUIRE(wait.has_value());
  CHECK(*wait == seconds{50});  // rounded up from 49.5 s to the window's end
  CHECK(limiter.attempt("10.0.0.1", kStart + seconds{49}) == seconds{1});
  // Another address has its own count.
  CHECK_FALSE(limiter.attempt("10.0.0.2", kStart).has_value());
  // The next window starts afresh, and sweeps the windows before it.
  CHECK_FALSE(limiter.attempt("10.0.0.1", kStart + seconds{50}).has_value());
  CHECK(rows(*database) == 1);
}

TEST_CASE("two limiters on one database (two replicas) count against one limit") {
  TestDatabase database;
  VoteRateLimiter a(*database, {2, seconds{60}});
  VoteRateLimiter b(*database, {2, seconds{60}});
  CHECK_FALSE(a.attempt("10.0.0.1", kStart).has_value());
  CHECK_FALSE(b.attempt("10.0.0.1", kStart).has_value());
  CHECK(a.attempt("10.0.0.1", kStart).has_value());
  CHECK(b.attempt("10.0.0.1", kStart).has_value());
}

TEST_CASE("a limit of 0 counts nothing and refuses nothing") {
  TestDatabase database;
  VoteRateLimiter limiter(*database, {0, seconds{60}});
  for (int i = 0; i < 100; ++i) CHECK_FALSE(limiter.attempt("10.0.0.1", kStart).has_value());
  CHECK(rows(*database) == 0);
}

TEST_CASE("IPv6 addresses count by their /64, IPv4-mapped ones as IPv4" *
          doctest::test_suite("sqlite_only")) {
  using polls::polls_app::rate_key;
  CHECK(rate_key("192.0.2.7") == "192.0.2.7");
  CHECK(rate_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64");
  CHECK(rate_key("2001:db8:1:2::1") == rate_key("2001:db8:1:2:ffff::9"));
  CHECK(rate_key("2001:db8:1:3::1") != rate_key("2001:db8:1:2::1"));
  CHECK(rate_key("::ffff:192.0.2.7") == "192.0.2.7");
  CHECK(rate_key("::1") == "::/64");
  CHECK(rate_key("proxy-sent-name") == "proxy-sent-name");
}

TEST_CASE("two addresses of one IPv6 /64 share one limit") {
  TestDatabase database;
  VoteRateLimiter limiter(*database, {2, seconds{60}});
  CHECK_FALSE(limiter.attempt("2001:db8:1:2::1", kStart).has_value());
  CHECK_FALSE(limiter.attempt("2001:db8:1:2::2", kStart).has_value());
  CHECK(limiter.attempt("2001:db8:1:2:dead:beef::3", kStart).has_value());
  CHECK_FALSE(limiter.attempt("2001:db8:1:3::1", kStart).has_value());
}
