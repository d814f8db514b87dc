// GET /metrics: what polls counts about itself, in Prometheus' text format. The request counts
// and latencies come from the HTTP server, votes from the polls app, the pool and statement
// latency from the database, the rest from the build and /proc.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/connection_stats.hpp"
#include "http/router.hpp"
#include "http/server_observer.hpp"
#include "ops/histogram.hpp"
#include "ops/prometheus_text.hpp"

namespace polls::ops {

// A request count and latency histogram per route and status class (2xx, 3xx, ...). Requests
// that reached no handler (404, 405, redirects to a slash, malformed requests) count under the
// route "unmatched", so the number of series stays fixed whatever clients send. The site's server
// reports to it.
class RequestMetrics final : public http::ServerObserver {
 public:
  // The router's routes, once it has them all and before the server starts (not thread-safe);
  // until then every request counts as unmatched.
  void name_routes(std::vector<http::RouteName> routes);
  // route: an index into the routes named above, or -1 for "unmatched".
  void request_finished(int route, int status, std::chrono::nanoseconds elapsed) override;
  // Series that have seen a request, in route order.
  void write(PrometheusText& out) const;

 private:
  static constexpr std::size_t kStatusClasses = 5;
  Histogram& series(int route, int status);

  std::vector<http::RouteName> routes_;
  // (routes + 1) x status classes; the last row is "unmatched".
  std::unique_ptr<Histogram[]> histograms_ = std::make_unique<Histogram[]>(kStatusClasses);
};

// Counts the apps keep (the views have them through web::Context).
struct AppCounters {
  std::atomic<std::uint64_t> votes{0};
};

// Everything GET /metrics reads; the references must outlive the route.
struct MetricsSources {
  const RequestMetrics& requests;
  const AppCounters& counters;
  db::Database& database;
  // The site's connections (the main listener's; not the /metrics listener's own).
  std::function<http::ConnectionCounts()> connections;
};

// The whole /metrics body.
std::string render_metrics(const MetricsSources& sources);

// Adds GET /metrics to a router: the site's own, or one on its own listen address.
void register_metrics_route(http::Router& router, MetricsSources sources);

}  // namespace polls::ops
