// The admin's views (Django's admin site for the tutorial's Question, with Choice inline).
#pragma once

#include <httplib.h>

#include <cstdint>

#include "web/context.hpp"

namespace polls::admin {

using Request = const httplib::Request&;
using Response = httplib::Response&;

// Logging in and out, and changing one's own password (account_views.cpp).
void login_page(web::Context& ctx, Request req, Response res);
void login_submit(web::Context& ctx, Request req, Response res);
void logout(web::Context& ctx, Request req, Response res);
void password_change_page(web::Context& ctx, Request req, Response res);
void password_change_submit(web::Context& ctx, Request req, Response res);
void password_change_done(web::Context& ctx, Request req, Response res);

// The admin home (home_view.cpp).
void home(web::Context& ctx, Request req, Response res);

// Questions (question_list_view.cpp, question_form_views.cpp).
void question_list(web::Context& ctx, Request req, Response res);
void question_add_page(web::Context& ctx, Request req, Response res);
void question_add_submit(web::Context& ctx, Request req, Response res);
void question_change_page(web::Context& ctx, Request req, Response res, std::int64_t id);
void question_change_submit(web::Context& ctx, Request req, Response res, std::int64_t id);
void question_delete_page(web::Context& ctx, Request req, Response res, std::int64_t id);
void question_delete_submit(web::Context& ctx, Request req, Response res, std::int64_t id);

}  // namespace polls::admin
