// A request count and latency histogram per route and status class (2xx, 3xx, ...), fed by the
// site's server through http::ServerObserver. Requests that reached no handler (404, 405,
// redirects to a slash, malformed requests) count under the route "unmatched", so the number of
// series stays fixed whatever clients send.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "http/router.hpp"
#include "http/server_observer.hpp"
#include "ops/histogram.hpp"
#include "ops/prometheus_text.hpp"

namespace polls::ops_api {

class RequestMetrics final : public http::ServerObserver {
 public:
  // The router's routes, once it has them all and before the server starts (not thread-safe);
  // until then every request counts as unmatched.
  void name_routes(std::vector<http::RouteName> routes);
  // route: an index into the routes named above, or -1 for "unmatched".
  void request_finished(int route, int status, std::chrono::nanoseconds elapsed) override;
  // Series that have seen a request, in route order.
  void write(ops::PrometheusText& out) const;

 private:
  static constexpr std::size_t kStatusClasses = 5;
  ops::Histogram& series(int route, int status);

  std::vector<http::RouteName> routes_;
  // (routes + 1) x status classes; the last row is "unmatched".
  std::unique_ptr<ops::Histogram[]> histograms_ =
      std::make_unique<ops::Histogram[]>(kStatusClasses);
};

}  // namespace polls::ops_api
