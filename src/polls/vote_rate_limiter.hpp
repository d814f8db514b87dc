// The limit on vote attempts per client address, counted in the database (polls_vote_rate) so
// that every replica counts against the same limit: at most `attempts` in each fixed window of
// `window` (windows start at multiples of it since the epoch, so replicas agree on them).
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string_view>

#include "db/database.hpp"
#include "db/timestamp.hpp"

namespace polls::polls_app {

struct VoteRateLimit {
  int attempts = 60;  // 0: no limit
  std::chrono::seconds window{60};
};

class VoteRateLimiter {
 public:
  VoteRateLimiter(db::Database& database, VoteRateLimit limit)
      : database_(database), limit_(limit) {}

  // Counts one attempt from address at now. nullopt when it is within the limit; else how long
  // until the window ends (at least one second), for Retry-After.
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
