// The admin's URLs, as Django's admin names them.
#include "admin/routes.hpp"

#include "admin/page.hpp"
#include "admin/views.hpp"

namespace polls::admin {

void register_routes(http::Router& router, web::Context& ctx) {
  using P = const http::Params&;
  const auto plain = [&ctx](void (*view)(web::Context&, Request, Response)) {
    return [&ctx, view](Request req, Response res, P) { view(ctx, req, res); };
  };
  const auto with_id = [&ctx](void (*view)(web::Context&, Request, Response, std::int64_t)) {
    return [&ctx, view](Request req, Response res, P p) { view(ctx, req, res, p[0]); };
  };
  router.add("GET", "/admin/", plain(home));
  router.add("GET", "/admin/polls/", plain(home));
  router.add("GET", "/admin/login/", plain(login_page));
  router.add("POST", "/admin/login/", plain(login_submit));
  router.add("POST", "/admin/logout/", plain(logout));
  router.add("GET", "/admin/password_change/", plain(password_change_page));
  router.add("POST", "/admin/password_change/", plain(password_change_submit));
  router.add("GET", "/admin/password_change/done/", plain(password_change_done));
  router.add("GET", "/admin/polls/question/", plain(question_list));
  router.add("GET", "/admin/polls/question/add/", plain(question_add_page));
  router.add("POST", "/admin/polls/question/add/", plain(question_add_submit));
  router.add("GET", "/admin/polls/question/<int:id>/", [&ctx](Request req, Response res, P p) {
    if (require_staff(ctx, req, res)) redirect(res, change_url(p[0]));  // Django's old object URL
  });
  router.add("GET", "/admin/polls/question/<int:id>/change/", with_id(question_change_page));
  router.add("POST", "/admin/polls/question/<int:id>/change/", with_id(question_change_submit));
  router.add("GET", "/admin/polls/question/<int:id>/delete/", with_id(question_delete_page));
  router.add("POST", "/admin/polls/question/<int:id>/delete/", with_id(question_delete_submit));
}

}  // namespace polls::admin
