// The ops endpoints' URL table: the probes always on the site's router, /metrics on the site's
// or on a router of its own listen address (so that a public listener need not show it).
#pragma once

#include "http/router.hpp"
#include "ops_api/deps.hpp"

namespace polls::ops_api {

void register_health_routes(http::Router& router, HealthDeps deps);
void register_metrics_route(http::Router& router, MetricsDeps deps);

}  // namespace polls::ops_api
