// See health.hpp.
#include "ops/health.hpp"

namespace polls::ops {

void register_health_routes(http::Router& router, web::Context& ctx) {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  router.add("GET", "/healthz", [](Req, Res res, const http::Params&) {
    res.set_header("Cache-Control", "no-store");
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
  router.add("GET", "/readyz", [&ctx](Req, Res res, const http::Params&) {
    res.set_header("Cache-Control", "no-store");
    if (ctx.shutting_down.load()) {
      res.status = 503;
      res.set_content("shutting down\n", "text/plain; charset=utf-8");
    } else if (!ctx.database.ping()) {
      res.status = 503;
      res.set_content("database unavailable\n", "text/plain; charset=utf-8");
    } else {
      res.set_content("ready\n", "text/plain; charset=utf-8");
    }
  });
}

}  // namespace polls::ops
