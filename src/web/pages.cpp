// Page rendering, CSRF tokens and error pages: see pages.hpp.
#include "web/pages.hpp"

#include "http/cookies.hpp"
#include "http/server.hpp"

namespace polls::web {

namespace {

constexpr int kCsrfCookieMaxAge = 31449600;  // Django's CSRF_COOKIE_AGE: one year

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

std::string Pages::render(std::string_view name, const render::Data& data) const {
  return templates_.render(name, data);
}

void Pages::render(httplib::Response& res, std::string_view name, const render::Data& data,
                   int status) const {
  res.status = status;
  res.set_content(templates_.render(name, data), std::string(kHtml));
}

bool Pages::is_https(const httplib::Request& req) const {
  return trust_x_forwarded_proto_ && req.get_header_value("X-Forwarded-Proto") == "https";
}

void Pages::set_csrf_cookie(const httplib::Request& req, httplib::Response& res,
                            std::string_view secret) const {
  http::CookieOptions options;
  options.max_age = kCsrfCookieMaxAge;
  options.http_only = false;  // Django's default: JavaScript clients read it for X-CSRFToken
  options.secure = is_https(req);
  res.set_header("Set-Cookie",
                 http::set_cookie(std::string(security::kCsrfCookieName), secret, options));
}

void Pages::rotate_csrf_token(const httplib::Request& req, httplib::Response& res) const {
  set_csrf_cookie(req, res, csrf_.new_secret());
}

std::string Pages::csrf_token(const httplib::Request& req, httplib::Response& res) const {
  std::optional<std::string> secret =
      http::find_cookie(req.get_header_value("Cookie"), security::kCsrfCookieName);
  if (!secret || !csrf_.is_valid_secret(*secret)) {
    secret = csrf_.new_secret();
    set_csrf_cookie(req, res, *secret);
  }
  // The page depends on the cookie: shared caches must not hand it to someone else.
  res.set_header("Vary", "Cookie");
  res.set_header("Cache-Control", "private, no-cache");
  return csrf_.mask(*secret);
}

void Pages::render_error(const httplib::Request&, httplib::Response& res) const {
  const ErrorText text = error_text(res.status);
  render::Data data;
  data.set("status", std::to_string(res.status));
  data.set("title", std::string(text.title));
  data.set("message", std::string(text.message));
  data.set("request_id", std::string(http::request_id(res)));
  res.set_content(templates_.render("errors/error.html", data), std::string(kHtml));
}

}  // namespace polls::web
