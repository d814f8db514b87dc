// landing_page/urls.py: the empty path.
#include "landing/routes.hpp"

#include "landing/views.hpp"

namespace polls::landing {

void register_routes(http::Router& router, web::Context& ctx) {
  router.add("GET", "/",
             [&ctx](const httplib::Request& req, httplib::Response& res, const http::Params&) {
               home(ctx, req, res);
             });
}

}  // namespace polls::landing
