// What the connection layer counts: connections by state, refusals and time-outs by reason, the
// worker queue. Updated with relaxed atomics by the event loop and the workers; read by /metrics
// through a snapshot, so http/ knows nothing of how it is shown.
#pragma once

#include <atomic>
#include <cstdint>

namespace polls::http {

struct ConnectionCounts {
  // Gauges: connections now, by state.
  std::int64_t open = 0;
  std::int64_t reading = 0;   // a request head is arriving (or a new connection is silent)
  std::int64_t idle = 0;      // keep-alive, between requests
  std::int64_t queued = 0;    // a complete head, waiting for a worker
  std::int64_t handling = 0;  // a worker has it
  std::int64_t workers = 0;   // worker threads, busy or not
  std::int64_t workers_busy = 0;
  // Counters since start.
  std::uint64_t accepted = 0;
  std::uint64_t refused_max_connections = 0;  // 503: every connection busy, none idle to close
  std::uint64_t refused_per_address = 0;      // 503: that peer holds max_connections_per_address
  std::uint64_t refused_queue_full = 0;       // 503: max_queued_requests heads wait already
  std::uint64_t refused_file_limit = 0;       // closed at once: the process ran out of files
  std::uint64_t refused_head_too_large = 0;   // 414 or 431
  std::uint64_t refused_head_budget = 0;      // 503: all arriving heads together held too much
  std::uint64_t closed_idle_for_new = 0;      // idle keep-alive closed to admit a new client
  std::uint64_t timeout_head = 0;             // 408: the head took longer than head_timeout
  std::uint64_t timeout_idle = 0;             // closed: idle (or silent) past its timeout
  std::uint64_t timeout_body = 0;             // the body took longer than body_timeout
  // Requests by who read them: the server itself (plain_request.hpp), or cpp-httplib.
  std::uint64_t parsed_plain = 0;
  std::uint64_t parsed_by_engine = 0;
};

class ConnectionStats {
 public:
  ConnectionCounts snapshot() const;

  std::atomic<std::int64_t> open{0}, reading{0}, idle{0}, queued{0}, handling{0};
  std::atomic<std::int64_t> workers{0}, workers_busy{0};
  std::atomic<std::uint64_t> accepted{0}, refused_max_connections{0}, refused_per_address{0},
      refused_queue_full{0}, refused_file_limit{0}, refused_head_too_large{0},
      refused_head_budget{0}, closed_idle_for_new{0}, timeout_head{0}, timeout_idle{0},
      timeout_body{0}, parsed_plain{0}, parsed_by_engine{0};
};

inline ConnectionCounts ConnectionStats::snapshot() const {
  constexpr auto r = std::memory_order_relaxed;
  return {open.load(r),
          reading.load(r),
          idle.load(r),
          queued.load(r),
          handling.load(r),
          workers.load(r),
          workers_busy.load(r),
          accepted.load(r),
          refused_max_connections.load(r),
          refused_per_address.load(r),
          refused_queue_full.load(r),
          refused_file_limit.load(r),
          refused_head_too_large.load(r),
          refused_head_budget.load(r),
          closed_idle_for_new.load(r),
          timeout_head.load(r),
          timeout_idle.load(r),
          timeout_body.load(r),
          parsed_plain.load(r),
          parsed_by_engine.load(r)};
}

}  // namespace polls::http
