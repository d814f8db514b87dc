// The limit on vote attempts per client address, counted in the database (polls_vote_rate) so
// that every replica counts against the same limit: at most `attempts` in each fixed window of
// `window` (windows start at multiples of it since the epoch, so replicas agree on them).
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "db/timestamp.hpp"

namespace polls::polls_app {

// The key an address is counted under: an IPv4 address as it is; an IPv6 address by its /64
// prefix ("2001:db8:1:2::/64"), since one client commonly holds a whole /64 and could otherwise
// take a new address for every vote; an IPv4-mapped IPv6 address as its IPv4 address. Anything
// else (a name a proxy sent) as it is.
std::string rate_key(std::string_view address);

struct VoteRateLimit {
  int attempts = 60;  // 0: no limit
  std::chrono::seconds window{60};
};

class VoteRateLimiter {
 public:
  VoteRateLimiter(db::Database& database, VoteRateLimit limit)
      : database_(database), limit_(limit) {}

  // Counts one attempt from address (by its rate_key) at now. nullopt when it is within the limit;
  // else how long until the window ends (at least one second), for Retry-After.
  std::optional<std::chrono::seconds> attempt(std::string_view address, db::Timestamp now);

  const VoteRateLimit& limit() const { return limit_; }

 private:
  // Deletes windows that have ended, at most once per window per process.
  void sweep(db::Session& session, db::Timestamp window_start);

  db::Database& database_;
  VoteRateLimit limit_;
  std::atomic<std::int64_t> swept_before_{0};  // window start (seconds since the epoch) swept
};

}  // namespace polls::polls_app
