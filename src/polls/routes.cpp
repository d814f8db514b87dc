// polls/urls.py, one line per route.
#include "polls/routes.hpp"

#include "polls/urls.hpp"
#include "polls/views.hpp"

namespace polls::polls_app {

void register_routes(http::Router& router, const Deps& deps) {
  const auto view = [&deps](View handler) -> http::Handler {
    return [&deps, handler](const httplib::Request& req, httplib::Response& res,
                            const http::Params& p) { handler(deps, req, res, p); };
  };
  router.add("GET", urls::kIndex, view(index));
  router.add("GET", urls::kDetail, view(detail));
  router.add("GET", urls::kResults, view(results));
  router.add("POST", urls::kVote, view(vote));
  router.add("GET", urls::kEvents, view(events));
}

}  // namespace polls::polls_app
