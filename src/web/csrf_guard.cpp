// See csrf_guard.hpp.
#include "web/csrf_guard.hpp"

#include "http/cookies.hpp"
#include "http/server.hpp"

namespace polls::web {

namespace {

std::optional<std::string> header(const httplib::Request& req, std::string_view name) {
  if (!req.has_header(std::string(name))) return std::nullopt;
  return req.get_header_value(std::string(name));
}

// Why the request fails Django's checks, or nullopt when it passes.
std::optional<std::string> failure(const Pages& pages, const std::vector<std::string>& trusted,
                                   const httplib::Request& req, const http::Params& params) {
  std::optional<std::string> reason =
      security::check_origin(header(req, "Origin"), header(req, "Referer"),
                             req.get_header_value("Host"), pages.is_https(req), trusted);
  if (reason) return reason;
  // Django reads the form field first, then the header (for JavaScript clients).
  std::optional<std::string> token;
  if (const auto field = params.form().first(security::kCsrfFormField)) token = std::string(*field);
  if (!token || token->empty()) token = header(req, security::kCsrfHeaderName);
  const auto cookie_secret =
      http::find_cookie(req.get_header_value("Cookie"), security::kCsrfCookieName);
  std::optional<std::string_view> cookie_view;
  if (cookie_secret) cookie_view = *cookie_secret;
  std::optional<std::string_view> token_view;
  if (token) token_view = *token;
  return pages.csrf().check(cookie_view, token_view);
}

}  // namespace

http::Guard csrf_guard(const Pages& pages, const ops::Logger& log,
                       std::vector<std::string> trusted_origins) {
  return [&pages, &log, trusted = std::move(trusted_origins)](
             const httplib::Request& req, httplib::Response& res, const http::Params& params) {
    const auto reason = failure(pages, trusted, req, params);
    if (!reason) return true;
    log.warn("csrf failure",
             {{"path", req.path}, {"reason", *reason}, {"request_id", http::request_id(res)}});
    render::Data data;
    data.set("title", "Forbidden (403)");
    data.set("reason", *reason);
    pages.render(res, "errors/csrf.html", data, 403);
    return false;
  };
}

}  // namespace polls::web
