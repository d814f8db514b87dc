// Counts the apps keep for /metrics (the polls app has them through its Deps): plain atomics,
// so that an app counts without knowing who reports them.
#pragma once

#include <atomic>
#include <cstdint>

namespace polls::ops {

struct AppCounters {
  std::atomic<std::uint64_t> votes{0};
  // Group commits of votes (polls/vote_batcher.hpp); votes / vote_commits is the mean group.
  std::atomic<std::uint64_t> vote_commits{0};
  // Votes refused by a question's rules or the vote limit, by reason.
  struct Refused {
    std::atomic<std::uint64_t> closed{0};
    std::atomic<std::uint64_t> already_voted{0};
    std::atomic<std::uint64_t> not_signed_in{0};
    std::atomic<std::uint64_t> rate_limited{0};
  } refused;
};

}  // namespace polls::ops
