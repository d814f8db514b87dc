// What the ops endpoints read, and nothing more: the site builds these (the references must
// outlive the routes).
#pragma once

#include <atomic>
#include <functional>

#include "db/database.hpp"
#include "http/connection_stats.hpp"
#include "http/event_streams.hpp"
#include "ops/app_counters.hpp"
#include "ops_api/request_metrics.hpp"
#include "web/page_cache.hpp"

namespace polls::ops_api {

struct HealthDeps {
  db::Database& database;
  const std::atomic<bool>& shutting_down;  // readiness turns 503 when set
};

// The request counts and latencies come from the HTTP server, votes from the polls app, the
// pool and statement latency from the database.
struct MetricsDeps {
  const RequestMetrics& requests;
  const ops::AppCounters& counters;
  db::Database& database;
  // The site's connections (the main listener's; not the /metrics listener's own).
  std::function<http::ConnectionCounts()> connections;
  // The live results streams.
  const http::EventStreams& live;
  // The polls pages kept in memory.
  const web::PageCache& pages;
};

}  // namespace polls::ops_api
