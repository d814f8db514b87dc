// The page toolkit every app's views use: rendering a page, CSRF tokens for forms, whether the
// request came over HTTPS, error pages. It knows no app; each app's Deps holds a reference.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "render/templates.hpp"
#include "security/csrf.hpp"

namespace polls::web {

constexpr std::string_view kHtml = "text/html; charset=utf-8";

class Pages {
 public:
  // trust_x_forwarded_proto: a proxy in front says whether the client used HTTPS.
  Pages(render::Templates& templates, const security::Csrf& csrf, bool trust_x_forwarded_proto)
      : templates_(templates), csrf_(csrf), trust_x_forwarded_proto_(trust_x_forwarded_proto) {}

  // templates/<name> rendered with data.
  std::string render(std::string_view name, const render::Data& data) const;
  // The same, as the response's HTML body (status 200 unless given).
  void render(httplib::Response& res, std::string_view name, const render::Data& data,
              int status = 200) const;

  // A masked CSRF token for a form, setting the csrftoken cookie when the request had none (or
  // an invalid one), as Django's get_token() does.
  std::string csrf_token(const httplib::Request& req, httplib::Response& res) const;

  // A new secret in the csrftoken cookie, as Django's rotate_token at login: a token an attacker
  // planted or saw before the login is worthless after it.
  void rotate_csrf_token(const httplib::Request& req, httplib::Response& res) const;

  // Whether the request came over HTTPS (directly, or per X-Forwarded-Proto when trusted).
  bool is_https(const httplib::Request& req) const;

  // Fills the body of an error response: 400, 403, 404, 405, 413, 500, 503, ...
  void render_error(const httplib::Request& req, httplib::Response& res) const;

  const security::Csrf& csrf() const { return csrf_; }

 private:
  void set_csrf_cookie(const httplib::Request& req, httplib::Response& res,
                       std::string_view secret) const;

  render::Templates& templates_;
  const security::Csrf& csrf_;
  bool trust_x_forwarded_proto_;
};

}  // namespace polls::web
