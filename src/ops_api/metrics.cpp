// See metrics.hpp.
#include "ops_api/metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <optional>

#include "ops/build_info.hpp"
#include "ops/prometheus_text.hpp"

namespace polls::ops_api {

namespace {

double seconds_since_epoch(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

// Set while the program starts (static initialisation), before any request.
const double kProcessStartSeconds = seconds_since_epoch(std::chrono::system_clock::now());

// Resident set size from /proc/self/statm (pages); nullopt where there is no /proc, so that the
// sample is left out rather than claim 0.
std::optional<double> resident_memory_bytes() {
  std::ifstream statm("/proc/self/statm");
  long long size_pages = 0;
  long long resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return std::nullopt;
  return static_cast<double>(resident_pages) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double cpu_seconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::string_view backend_name(db::Dialect dialect) {
  return dialect == db::Dialect::Sqlite ? "sqlite" : "postgres";
}

void write_connections(ops::PrometheusText& out, const http::ConnectionCounts& c) {
  const auto d = [](auto n) { return static_cast<double>(n); };
  out.family("polls_http_connections_open", "gauge", "Client connections open now.");
  out.sample("polls_http_connections_open", {}, d(c.open));
  out.family("polls_http_connections", "gauge",
             "Client connections by state: a head arriving, idle between requests, waiting for "
             "a worker, in a handler.");
  out.sample("polls_http_connections", {{"state", "reading"}}, d(c.reading));
  out.sample("polls_http_connections", {{"state", "idle"}}, d(c.idle));
  out.sample("polls_http_connections", {{"state", "queued"}}, d(c.queued));
  out.sample("polls_http_connections", {{"state", "handler"}}, d(c.handling));
  out.family("polls_http_connections_accepted_total", "counter", "Client connections accepted.");
  out.sample("polls_http_connections_accepted_total", {}, d(c.accepted));
  out.family("polls_http_connections_refused_total", "counter",
             "Connections or requests turned away, by reason (503, or 414/431 for heads too "
             "large; file_limit: closed at once; head_budget: arriving heads held too much).");
  out.sample("polls_http_connections_refused_total", {{"reason", "max_connections"}},
             d(c.refused_max_connections));
  out.sample("polls_http_connections_refused_total", {{"reason", "per_address"}},
             d(c.refused_per_address));
  out.sample("polls_http_connections_refused_total", {{"reason", "queue_full"}},
             d(c.refused_queue_full));
  out.sample("polls_http_connections_refused_total", {{"reason", "file_limit"}},
             d(c.refused_file_limit));
  out.sample("polls_http_connections_refused_total", {{"reason", "head_too_large"}},
             d(c.refused_head_too_large));
  out.sample("polls_http_connections_refused_total", {{"reason", "head_budget"}},
             d(c.refused_head_budget));
  out.family("polls_http_connections_closed_for_new_total", "counter",
             "Idle keep-alive connections closed to make room for a new client.");
  out.sample("polls_http_connections_closed_for_new_total", {}, d(c.closed_idle_for_new));
  out.family("polls_http_timeouts_total", "counter",
             "Connections cut by a deadline: head (408), body, idle (keep-alive or silent).");
  out.sample("polls_http_timeouts_total", {{"reason", "head"}}, d(c.timeout_head));
  out.sample("polls_http_timeouts_total", {{"reason", "body"}}, d(c.timeout_body));
  out.sample("polls_http_timeouts_total", {{"reason", "idle"}}, d(c.timeout_idle));
  out.family("polls_http_requests_parsed_total", "counter",
             "Requests by the parser that read them: polls' own for plain GET and HEAD "
             "requests, cpp-httplib's for the others.");
  out.sample("polls_http_requests_parsed_total", {{"parser", "polls"}}, d(c.parsed_plain));
  out.sample("polls_http_requests_parsed_total", {{"parser", "cpp-httplib"}},
             d(c.parsed_by_engine));
  out.family("polls_http_workers", "gauge", "Worker threads, by state.");
  out.sample("polls_http_workers", {{"state", "busy"}}, d(c.workers_busy));
  out.sample("polls_http_workers", {{"state", "idle"}}, d(c.workers - c.workers_busy));
  out.family("polls_http_worker_queue", "gauge",
             "Requests with a complete head waiting for a worker.");
  out.sample("polls_http_worker_queue", {}, d(c.queued));
}

}  // namespace

std::string render_metrics(const MetricsDeps& deps) {
  ops::PrometheusText out;
  deps.requests.write(out);
  write_connections(out, deps.connections());

  const http::EventStreamCounts live = deps.live.counts();
  const auto d = [](auto v) { return static_cast<double>(v); };
  out.family("polls_live_viewers", "gauge", "Live results streams open.");
  out.sample("polls_live_viewers", {}, d(live.open));
  out.family("polls_live_events_sent_total", "counter",
             "Live results updates written to a viewer's stream (heartbeats not counted).");
  out.sample("polls_live_events_sent_total", {}, d(live.events));
  out.family("polls_live_viewers_dropped_total", "counter",
             "Live results streams closed because the viewer read too slowly (its socket buffer "
             "was full).");
  out.sample("polls_live_viewers_dropped_total", {{"reason", "slow"}}, d(live.dropped_slow));
  out.family("polls_live_viewers_refused_total", "counter",
             "Live results streams refused with 503: live_max_viewers were open.");
  out.sample("polls_live_viewers_refused_total", {}, d(live.refused));

  const web::PageCache::Stats pages = deps.pages.stats();
  out.family("polls_page_cache_hits_total", "counter",
             "Polls pages served from memory (page_cache_mib): rendered at this data version.");
  out.sample("polls_page_cache_hits_total", {}, d(pages.hits));
  out.family("polls_page_cache_misses_total", "counter",
             "Polls pages rendered because none was kept for this data version and time.");
  out.sample("polls_page_cache_misses_total", {}, d(pages.misses));
  out.family("polls_page_cache_bytes", "gauge", "Bytes the kept polls pages take.");
  out.sample("polls_page_cache_bytes", {}, d(pages.bytes));

  out.family("polls_votes_total", "counter", "Votes cast through this process.");
  out.sample("polls_votes_total", {}, static_cast<double>(deps.counters.votes.load()));
  const ops::AppCounters::Refused& refused = deps.counters.refused;
  out.family("polls_vote_commits_total", "counter",
             "Commits that counted votes: votes arriving together share one (group commit).");
  out.sample("polls_vote_commits_total", {},
             static_cast<double>(deps.counters.vote_commits.load()));
  out.family("polls_votes_refused_total", "counter",
             "Votes refused: the poll was closed, the voter had voted, a staff-only poll without a "
             "login, or past vote_rate_limit.");
  out.sample("polls_votes_refused_total", {{"reason", "closed"}}, d(refused.closed.load()));
  out.sample("polls_votes_refused_total", {{"reason", "already_voted"}},
             d(refused.already_voted.load()));
  out.sample("polls_votes_refused_total", {{"reason", "not_signed_in"}},
             d(refused.not_signed_in.load()));
  out.sample("polls_votes_refused_total", {{"reason", "rate_limited"}},
             d(refused.rate_limited.load()));

  const db::PoolStats pool = deps.database.pool_stats();
  out.family("polls_db_connections", "gauge", "Database connections open, by state.");
  out.sample("polls_db_connections", {{"state", "in_use"}}, pool.in_use);
  out.sample("polls_db_connections", {{"state", "idle"}}, pool.open - pool.in_use);
  out.family("polls_db_connection_waits_total", "counter",
             "Times a request had to wait for a free database connection.");
  out.sample("polls_db_connection_waits_total", {}, static_cast<double>(pool.waits));
  out.family("polls_db_query_duration_seconds", "histogram",
             "Time each SQL statement took, including waiting for locks.");
  out.histogram("polls_db_query_duration_seconds", {},
                deps.database.statement_latency().snapshot());

  out.family("polls_build_info", "gauge", "The running build; the value is always 1.");
  out.sample("polls_build_info",
             {{"version", build_info::kVersion},
              {"commit", build_info::git_commit()},
              {"backend", backend_name(deps.database.dialect())}},
             1);
  out.family("process_start_time_seconds", "gauge", "When the process started, in Unix time.");
  out.sample("process_start_time_seconds", {}, kProcessStartSeconds);
  if (const auto resident = resident_memory_bytes()) {
    out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out.sample("process_resident_memory_bytes", {}, *resident);
  }
  out.family("process_cpu_seconds_total", "counter", "User and system CPU time spent.");
  out.sample("process_cpu_seconds_total", {}, cpu_seconds());
  return out.text();
}

}  // namespace polls::ops_api
