// The body of GET /metrics: what polls counts about itself, in Prometheus' text format (the
// request metrics, connections, votes, the database's pool and statement latency, the build and
// the process from /proc).
#pragma once

#include <string>

#include "ops_api/deps.hpp"

namespace polls::ops_api {

std::string render_metrics(const MetricsDeps& deps);

}  // namespace polls::ops_api
