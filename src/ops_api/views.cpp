// See views.hpp.
#include "ops_api/views.hpp"

#include "ops/prometheus_text.hpp"
#include "ops_api/metrics.hpp"

namespace polls::ops_api {

void healthz(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_content("ok\n", "text/plain; charset=utf-8");
}

void readyz(const HealthDeps& deps, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  if (deps.shutting_down.load()) {
    res.status = 503;
    res.set_content("shutting down\n", "text/plain; charset=utf-8");
  } else if (!deps.database.ping()) {
    res.status = 503;
    res.set_content("database unavailable\n", "text/plain; charset=utf-8");
  } else {
    res.set_content("ready\n", "text/plain; charset=utf-8");
  }
}

void metrics(const MetricsDeps& deps, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_content(render_metrics(deps), std::string(ops::kPrometheusContentType));
}

}  // namespace polls::ops_api
