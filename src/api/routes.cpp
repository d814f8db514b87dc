// One line per route. GET answers HEAD too (the router's doing); other methods get 405 with
// Allow, and a JSON body (responses.hpp's render_error).
#include "api/routes.hpp"

#include "api/urls.hpp"
#include "api/views.hpp"

namespace polls::api {

using View = void (*)(const Deps&, const httplib::Request&, httplib::Response&,
                      const http::Params&);

void register_routes(http::Router& router, const Deps& deps) {
  const auto view = [&deps](View handler) -> http::Handler {
    return [&deps, handler](const httplib::Request& req, httplib::Response& res,
                            const http::Params& p) { handler(deps, req, res, p); };
  };
  router.add("GET", urls::kPolls, view(poll_list));
  router.add("OPTIONS", urls::kPolls, view(preflight));
  router.add("GET", urls::kPoll, view(poll_detail));
  router.add("OPTIONS", urls::kPoll, view(preflight));
}

}  // namespace polls::api
