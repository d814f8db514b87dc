// Coalesces change notices into at most one update per topic per `interval`, however fast they
// come: the first notice after a quiet spell is due at once (a lone vote shows immediately),
// those that follow within the interval are due together when it ends. Pure: the caller passes
// the time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace polls::polls_app {

class Coalescer {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Coalescer(std::chrono::milliseconds interval) : interval_(interval) {}

  void changed(std::int64_t topic, Clock::time_point now);
  // The topics due by `now`, each counted as updated at `now`.
  std::vector<std::int64_t> take_due(Clock::time_point now);
  // When the next topic is due, if any is waiting.
  std::optional<Clock::time_point> next_due() const;
  std::size_t tracked() const { return topics_.size(); }

 private:
  struct State {
    Clock::time_point updated{};  // last taken
    Clock::time_point due{};
    bool waiting = false;
  };
  const std::chrono::milliseconds interval_;
  std::unordered_map<std::int64_t, State> topics_;
};

}  // namespace polls::polls_app
