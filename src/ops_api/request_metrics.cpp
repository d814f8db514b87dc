// See request_metrics.hpp.
#include "ops_api/request_metrics.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace polls::ops_api {

namespace {
constexpr std::array<std::string_view, 5> kStatusClassNames{"1xx", "2xx", "3xx", "4xx", "5xx"};
}  // namespace

void RequestMetrics::name_routes(std::vector<http::RouteName> routes) {
  routes_ = std::move(routes);
  histograms_ = std::make_unique<ops::Histogram[]>((routes_.size() + 1) * kStatusClasses);
}

ops::Histogram& RequestMetrics::series(int route, int status) {
  const std::size_t row = route >= 0 && static_cast<std::size_t>(route) < routes_.size()
                              ? static_cast<std::size_t>(route)
                              : routes_.size();
  // Anything outside 100-599 cannot come from cpp-httplib; counted as a server error.
  const std::size_t column = status >= 100 && status < 600 ? status / 100 - 1 : 4;
  return histograms_[row * kStatusClasses + column];
}

void RequestMetrics::request_finished(int route, int status, std::chrono::nanoseconds elapsed) {
  series(route, status).observe(elapsed);
}

void RequestMetrics::write(ops::PrometheusText& out) const {
  std::vector<std::pair<ops::Labels, ops::Histogram::Snapshot>> seen;
  for (std::size_t row = 0; row <= routes_.size(); ++row) {
    const bool unmatched = row == routes_.size();
    for (std::size_t column = 0; column < kStatusClasses; ++column) {
      ops::Histogram::Snapshot snapshot = histograms_[row * kStatusClasses + column].snapshot();
      if (snapshot.count() == 0) continue;
      ops::Labels labels{
          {"method", unmatched ? std::string_view{} : routes_[row].method},
          {"route", unmatched ? std::string_view{"unmatched"} : routes_[row].pattern},
          {"status", kStatusClassNames[column]}};
      seen.emplace_back(std::move(labels), snapshot);
    }
  }
  out.family("polls_http_requests_total", "counter",
             "HTTP requests answered, by route and status class.");
  for (const auto& [labels, snapshot] : seen) {
    out.sample("polls_http_requests_total", labels, static_cast<double>(snapshot.count()));
  }
  out.family("polls_http_request_duration_seconds", "histogram",
             "Time from reading a request's first line until its response is ready to send.");
  for (const auto& [labels, snapshot] : seen) {
    out.histogram("polls_http_request_duration_seconds", labels, snapshot);
  }
}

}  // namespace polls::ops_api
