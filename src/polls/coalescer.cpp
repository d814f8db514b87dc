// See coalescer.hpp.
#include "polls/coalescer.hpp"

#include <algorithm>

namespace polls::polls_app {

void Coalescer::changed(std::int64_t topic, Clock::time_point now) {
  const auto [it, fresh] = topics_.try_emplace(topic);
  State& state = it->second;
  if (state.waiting) return;  // already due at the end of the interval
  state.waiting = true;
  state.due = fresh ? now : std::max(now, state.updated + interval_);
}

std::vector<std::int64_t> Coalescer::take_due(Clock::time_point now) {
  std::vector<std::int64_t> due;
  for (auto it = topics_.begin(); it != topics_.end();) {
    State& state = it->second;
    if (state.waiting && state.due <= now) {
      due.push_back(it->first);
      state.waiting = false;
      state.updated = now;
    }
    // Quiet for a whole interval: forgotten, so that the next notice is due at once again and
    // the map holds only topics that are moving.
    if (!state.waiting && state.updated + interval_ <= now) {
      it = topics_.erase(it);
    } else {
      ++it;
    }
  }
  return due;
}

std::optional<Coalescer::Clock::time_point> Coalescer::next_due() const {
  std::optional<Clock::time_point> next;
  for (const auto& [topic, state] : topics_) {
    if (state.waiting && (!next || state.due < *next)) next = state.due;
  }
  return next;
}

}  // namespace polls::polls_app
