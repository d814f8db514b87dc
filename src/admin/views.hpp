// The admin's views (Django's admin site for the tutorial's Question, with Choice inline).
#pragma once

#include <httplib.h>

#include "admin/deps.hpp"
#include "admin/staff.hpp"
#include "http/router.hpp"

namespace polls::admin {

using Request = const httplib::Request&;
using Response = httplib::Response&;
using Params = const http::Params&;

// A view anyone may open: logging in and out.
using OpenView = void (*)(Deps& deps, Request req, Response res, Params p);
// A view for a logged-in staff user who holds the route's permission (routes.cpp checks both
// before the view runs). p[0] is the question id where the URL has one.
using StaffView = void (*)(Deps& deps, const Staff& staff, Request req, Response res, Params p);

// Shared by the question views (question_form_views.cpp): text in curly quotes, and Django's
// answer to a URL whose question is gone (home, with a message).
std::string curly_quoted(std::string_view text);
void missing(Deps& deps, Response res, const Staff& staff, std::int64_t id);

// Logging in and out, and changing one's own password (account_views.cpp).
void login_page(Deps& deps, Request req, Response res, Params p);
void login_submit(Deps& deps, Request req, Response res, Params p);
void logout(Deps& deps, Request req, Response res, Params p);
void password_change_page(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void password_change_submit(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void password_change_done(Deps& deps, const Staff& staff, Request req, Response res, Params p);

// The admin home (home_view.cpp).
void home(Deps& deps, const Staff& staff, Request req, Response res, Params p);

// Questions (question_list_view.cpp, question_form_views.cpp).
void question_list(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void question_add_page(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void question_add_submit(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void question_change_page(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void question_change_submit(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void question_delete_page(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void question_delete_submit(Deps& deps, const Staff& staff, Request req, Response res, Params p);

// A question's poll: closing it now, its results as CSV (question_poll_views.cpp).
void question_close(Deps& deps, const Staff& staff, Request req, Response res, Params p);
void question_results_csv(Deps& deps, const Staff& staff, Request req, Response res, Params p);

}  // namespace polls::admin
