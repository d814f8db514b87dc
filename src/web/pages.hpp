// Helpers every view uses: rendering a page, CSRF tokens for forms, error pages.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "http/router.hpp"
#include "render/templates.hpp"
#include "web/context.hpp"

namespace polls::web {

constexpr std::string_view kHtml = "text/html; charset=utf-8";

// Renders templates/<name> with the context into the response (status 200 unless given).
void render_page(Context& ctx, httplib::Response& res, std::string_view name,
                 const render::Data& data, int status = 200);

// A masked CSRF token for a form, setting the csrftoken cookie when the request had none (or an
// invalid one), as Django's get_token() does.
std::string csrf_token(Context& ctx, const httplib::Request& req, httplib::Response& res);

// A new secret in the csrftoken cookie, as Django's rotate_token at login: a token an attacker
// planted or saw before the login is worthless after it.
void rotate_csrf_token(Context& ctx, const httplib::Request& req, httplib::Response& res);

// Whether the request came over HTTPS (directly, or per X-Forwarded-Proto when trusted).
bool is_https(const Context& ctx, const httplib::Request& req);

// The router guard for unsafe methods: Django's CSRF checks; on failure a 403 page.
http::Guard csrf_guard(Context& ctx);

// Fills the body of an error response: 400, 403, 404, 405, 413, 500, 503, ...
void render_error_page(Context& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace polls::web
