// A Prometheus histogram of durations with fixed buckets, updated from any thread with relaxed
// atomics: no lock on the request path, and a reader sees each bucket at most a moment late.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace polls::ops {

class Histogram {
 public:
  // Upper bounds in microseconds, 100 µs to 10 s: a page or a query takes well under a
  // millisecond here, so the low end needs the resolution; the high end catches stalls.
  static constexpr std::array<std::int64_t, 16> kBoundsMicros{
      100,   250,    500,    1000,   2500,    5000,    10000,   25000,
      50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};

  struct Snapshot {
    std::array<std::uint64_t, kBoundsMicros.size() + 1> buckets{};  // not cumulative; last: +Inf
    std::uint64_t sum_nanos = 0;
    std::uint64_t count() const {
      std::uint64_t total = 0;
      for (const auto n : buckets) total += n;
      return total;
    }
  };

  void observe(std::chrono::nanoseconds duration) {
    const std::int64_t nanos = duration.count() < 0 ? 0 : duration.count();
    std::size_t bucket = 0;
    while (bucket < kBoundsMicros.size() && nanos > kBoundsMicros[bucket] * 1000) ++bucket;
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
    sum_nanos_.fetch_add(static_cast<std::uint64_t>(nanos), std::memory_order_relaxed);
  }

  Snapshot snapshot() const {
    Snapshot s;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
      s.buckets[i] = buckets_[i].load(std::memory_order_relaxed);
    }
    s.sum_nanos = sum_nanos_.load(std::memory_order_relaxed);
    return s;
  }

 private:
  std::array<std::atomic<std::uint64_t>, kBoundsMicros.size() + 1> buckets_{};
  std::atomic<std::uint64_t> sum_nanos_{0};
};

// Observes the time from its construction to its destruction (also when an exception leaves).
class ScopedTimer {
 public:
  explicit ScopedTimer(Histogram* histogram)
      : histogram_(histogram),
        start_(histogram ? std::chrono::steady_clock::now()
                         : std::chrono::steady_clock::time_point{}) {}
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;
  ~ScopedTimer() {
    if (histogram_) histogram_->observe(std::chrono::steady_clock::now() - start_);
  }

 private:
  Histogram* histogram_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace polls::ops
