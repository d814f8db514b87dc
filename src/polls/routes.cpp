// polls/urls.py, one line per route.
#include "polls/routes.hpp"

#include "polls/views.hpp"

namespace polls::polls_app {

void register_routes(http::Router& router, web::Context& ctx) {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  using P = const http::Params&;
  router.add("GET", "/polls/", [&ctx](Req req, Res res, P) { index(ctx, req, res); });
  router.add("GET", "/polls/<int:question_id>/",
             [&ctx](Req req, Res res, P p) { detail(ctx, req, res, p[0]); });
  router.add("GET", "/polls/<int:question_id>/results/",
             [&ctx](Req req, Res res, P p) { results(ctx, req, res, p[0]); });
  router.add("POST", "/polls/<int:question_id>/vote/",
             [&ctx](Req req, Res res, P p) { vote(ctx, req, res, p[0]); });
}

}  // namespace polls::polls_app
