// Liveness and readiness for load balancers and Kubernetes probes.
#pragma once

#include "http/router.hpp"
#include "web/context.hpp"

namespace polls::ops {

// GET /healthz: 200 while the process serves. GET /readyz: 200 when the database answers and
// the server is not shutting down, else 503.
void register_health_routes(http::Router& router, web::Context& ctx);

}  // namespace polls::ops
