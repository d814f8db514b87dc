// Counts the apps keep for /metrics (the polls app has them through its Deps): plain atomics,
// so that an app counts without knowing who reports them.
#pragma once

#include <atomic>
#include <cstdint>

namespace polls::ops {

struct AppCounters {
  std::atomic<std::uint64_t> votes{0};
};

}  // namespace polls::ops
