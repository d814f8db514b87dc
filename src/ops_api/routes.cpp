// One line per route.
#include "ops_api/routes.hpp"

#include "ops_api/views.hpp"

namespace polls::ops_api {

using Req = const httplib::Request&;
using Res = httplib::Response&;
using P = const http::Params&;

void register_health_routes(http::Router& router, HealthDeps deps) {
  router.add("GET", "/healthz", [](Req, Res res, P) { healthz(res); });
  router.add("GET", "/readyz", [deps](Req, Res res, P) { readyz(deps, res); });
}

void register_metrics_route(http::Router& router, MetricsDeps deps) {
  router.add("GET", "/metrics", [deps = std::move(deps)](Req, Res res, P) { metrics(deps, res); });
}

}  // namespace polls::ops_api
