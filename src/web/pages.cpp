// Page rendering, CSRF tokens and error pages: see pages.hpp.
#include "web/pages.hpp"

#include "http/cookies.hpp"
#include "http/server.hpp"
#include "security/csrf.hpp"
#include "web/form_fields.hpp"

namespace polls::web {

namespace {

constexpr int kCsrfCookieMaxAge = 31449600;  // Django's CSRF_COOKIE_AGE: one year

std::optional<std::string> cookie(const httplib::Request& req, std::string_view name) {
  return http::find_cookie(req.get_header_value("Cookie"), name);
}

struct ErrorText {
  std::string_view title;
  std::string_view message;
};

ErrorText error_text(int status) {
  switch (status) {
    case 400:
      return {"Bad Request", "The request could not be understood."};
    case 403:
      return {"Forbidden", "You do not have permission to do that."};
    case 404:
      return {"Not Found", "The requested resource was not found on this server."};
    case 405:
      return {"Method Not Allowed", "This page does not accept that method."};
    case 408:
      return {"Request Timeout", "The request took too long to arrive."};
    case 413:
      return {"Payload Too Large", "The request body is larger than this server accepts."};
    case 414:
      return {"URI Too Long", "The address is longer than this server accepts."};
    case 416:
      return {"Range Not Satisfiable", "The requested range cannot be served."};
    case 431:
      return {"Request Header Fields Too Large", "The request headers are too large."};
    case 503:
      return {"Service Unavailable",
              "The service is temporarily unavailable. Please try again shortly."};
    default:
      if (status >= 500)
        return {"Server Error", "Something went wrong on our side. It has been logged."};
      return {"Error", "The request could not be completed."};
  }
}

}  // namespace

db::Timestamp system_now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

void render_page(Context& ctx, httplib::Response& res, std::string_view name,
                 const render::Data& data, int status) {
  res.status = status;
  res.set_content(ctx.templates.render(name, data), std::string(kHtml));
}

bool is_https(const Context& ctx, const httplib::Request& req) {
  return ctx.config.trust_x_forwarded_proto && req.get_header_value("X-Forwarded-Proto") == "https";
}

namespace {

void set_csrf_cookie(Context& ctx, const httplib::Request& req, httplib::Response& res,
                     std::string_view secret) {
  http::CookieOptions options;
  options.max_age = kCsrfCookieMaxAge;
  options.http_only = false;  // Django's default: JavaScript clients read it for X-CSRFToken
  options.secure = is_https(ctx, req);
  res.set_header("Set-Cookie",
                 http::set_cookie(std::string(security::kCsrfCookieName), secret, options));
}

}  // namespace

void rotate_csrf_token(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  set_csrf_cookie(ctx, req, res, ctx.csrf.new_secret());
}

std::string csrf_token(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> secret = cookie(req, security::kCsrfCookieName);
  if (!secret || !ctx.csrf.is_valid_secret(*secret)) {
    secret = ctx.csrf.new_secret();
    set_csrf_cookie(ctx, req, res, *secret);
  }
  // The page depends on the cookie: shared caches must not hand it to someone else.
  res.set_header("Vary", "Cookie");
  res.set_header("Cache-Control", "private, no-cache");
  return ctx.csrf.mask(*secret);
}

http::Guard csrf_guard(Context& ctx) {
  return [&ctx](const httplib::Request& req, httplib::Response& res) {
    const bool https = is_https(ctx, req);
    const auto header = [&req](std::string_view name) -> std::optional<std::string> {
      if (!req.has_header(std::string(name))) return std::nullopt;
      return req.get_header_value(std::string(name));
    };
    const auto origin = header("Origin");
    const auto referer = header("Referer");
    std::optional<std::string> reason = security::check_origin(
        origin, referer, req.get_header_value("Host"), https, ctx.config.csrf_trusted_origins);
    if (!reason) {
      // Django reads the form field first, then the header (for JavaScript clients).
      std::optional<std::string> token = form_field(req, security::kCsrfFormField);
      if (!token || token->empty()) token = header(security::kCsrfHeaderName);
      const auto cookie_secret = cookie(req, security::kCsrfCookieName);
      std::optional<std::string_view> cookie_view;
      if (cookie_secret) cookie_view = *cookie_secret;
      std::optional<std::string_view> token_view;
      if (token) token_view = *token;
      reason = ctx.csrf.check(cookie_view, token_view);
    }
    if (!reason) return true;
    ctx.log.warn("csrf failure",
                 {{"path", req.path}, {"reason", *reason}, {"request_id", http::request_id(res)}});
    render::Data data;
    data.set("title", "Forbidden (403)");
    data.set("reason", *reason);
    render_page(ctx, res, "errors/csrf.html", data, 403);
    return false;
  };
}

void render_error_page(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  (void)req;
  const ErrorText text = error_text(res.status);
  render::Data data;
  data.set("status", std::to_string(res.status));
  data.set("title", std::string(text.title));
  data.set("message", std::string(text.message));
  data.set("request_id", std::string(http::request_id(res)));
  res.set_content(ctx.templates.render("errors/error.html", data), std::string(kHtml));
}

}  // namespace polls::web
