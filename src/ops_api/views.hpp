// The ops endpoints' handlers: probes for load balancers and Kubernetes, and the scrape.
#pragma once

#include <httplib.h>

#include "ops_api/deps.hpp"

namespace polls::ops_api {

// GET /healthz: 200 while the process serves.
void healthz(httplib::Response& res);
// GET /readyz: 200 when the database answers and the server is not shutting down, else 503.
void readyz(const HealthDeps& deps, httplib::Response& res);
// GET /metrics: render_metrics, never cached.
void metrics(const MetricsDeps& deps, httplib::Response& res);

}  // namespace polls::ops_api
