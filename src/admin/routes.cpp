// The admin's URLs, as Django's admin names them: one line per route, with the permission each
// needs. Every view but logging in and out is for staff: the check is made here, once.
#include "admin/routes.hpp"

#include "admin/page.hpp"
#include "admin/urls.hpp"
#include "admin/views.hpp"
#include "http/errors.hpp"

namespace polls::admin {

namespace {

// Django's old object URL: the change form is where the object lives now.
void object_redirect(Deps&, const Staff&, Request, Response res, Params p) {
  redirect(res, http::reverse(urls::kQuestionChange, {p[0]}));
}

}  // namespace

void register_routes(http::Router& router, Deps& deps) {
  const auto open = [&deps](OpenView view) -> http::Handler {
    return [&deps, view](Request req, Response res, Params p) { view(deps, req, res, p); };
  };
  // Not logged in as staff: to the login page (and back here after it). Logged in without the
  // permission: 403.
  const auto staff = [&deps](Need need, StaffView view) -> http::Handler {
    return [&deps, need, view](Request req, Response res, Params p) {
      const auto who = require_staff(deps, req, res);
      if (!who) return;
      if (!who->permissions.allows(need)) throw http::Forbidden();
      view(deps, *who, req, res, p);
    };
  };
  router.add("GET", urls::kHome, staff(Need::Staff, home));
  router.add("GET", urls::kAppIndex, staff(Need::Staff, home));
  router.add("GET", urls::kLogin, open(login_page));
  router.add("POST", urls::kLogin, open(login_submit));
  router.add("POST", urls::kLogout, open(logout));
  router.add("GET", urls::kPasswordChange, staff(Need::Staff, password_change_page));
  router.add("POST", urls::kPasswordChange, staff(Need::Staff, password_change_submit));
  router.add("GET", urls::kPasswordChangeDone, staff(Need::Staff, password_change_done));
  router.add("GET", urls::kQuestionList, staff(Need::View, question_list));
  router.add("GET", urls::kQuestionAdd, staff(Need::Add, question_add_page));
  router.add("POST", urls::kQuestionAdd, staff(Need::Add, question_add_submit));
  router.add("GET", urls::kQuestionObject, staff(Need::Staff, object_redirect));
  router.add("GET", urls::kQuestionChange, staff(Need::Change, question_change_page));
  router.add("POST", urls::kQuestionChange, staff(Need::Change, question_change_submit));
  router.add("GET", urls::kQuestionDelete, staff(Need::Remove, question_delete_page));
  router.add("POST", urls::kQuestionDelete, staff(Need::Remove, question_delete_submit));
  router.add("POST", urls::kQuestionClose, staff(Need::Change, question_close));
  router.add("GET", urls::kQuestionResultsCsv, staff(Need::View, question_results_csv));
}

}  // namespace polls::admin
