// landing_page/urls.py: the empty path.
#include "landing/routes.hpp"

#include <memory>

#include "landing/views.hpp"

namespace polls::landing {

void register_routes(http::Router& router, Deps deps) {
  auto page = std::make_shared<LandingPage>(std::move(deps));
  router.add("GET", "/",
             [page](const httplib::Request& req, httplib::Response& res, const http::Params&) {
               page->home(req, res);
             });
}

}  // namespace polls::landing
