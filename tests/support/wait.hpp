// Waiting for another thread's progress in a test, with a deadline instead of a fixed sleep.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace polls::testing {

// Whether condition became true before timeout, asked every millisecond.
inline bool wait_for(const std::function<bool()>& condition,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace polls::testing
