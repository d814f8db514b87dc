// See responses.hpp.
#include "api/responses.hpp"

#include "api/question_json.hpp"
#include "api/urls.hpp"
#include "http/conditional_get.hpp"

namespace polls::api {

namespace {

// The data is public and read-only, and no credentials are invited (no
// Access-Control-Allow-Credentials), so any origin may read it; a cross-origin fetch sends no
// cookies and sees what a visitor who has not voted sees. Set once even when a view's headers
// meet an error's (a view that throws after starting its answer).
void allow_any_origin(httplib::Response& res) {
  if (res.has_header("Access-Control-Allow-Origin")) return;
  res.set_header("Access-Control-Allow-Origin", "*");
  // Scripts of other origins may read the ETag to send it back in If-None-Match.
  res.set_header("Access-Control-Expose-Headers", "ETag");
}

std::string_view error_detail(int status) {
  switch (status) {
    case 400:
      return "Malformed request.";
    case 404:
      return "Not found.";
    case 413:
      return "Request body too large.";
    case 503:
      return "Service temporarily unavailable, try again later.";
    default:
      return status >= 500 ? "A server error occurred." : "The request could not be completed.";
  }
}

}  // namespace

bool is_api_path(std::string_view path) {
  // "/api" too: it has no page, and its 404 is the API's.
  return path.starts_with(urls::kPrefix) || path == "/api";
}

void send_json(const httplib::Request& req, httplib::Response& res, std::string body,
               Audience audience) {
  const std::string etag = http::etag_of(body);
  res.set_header("ETag", etag);
  if (audience == Audience::PerVoter) {
    res.set_header("Cache-Control", "private, no-cache");
    res.set_header("Vary", "Cookie");
  } else {
    res.set_header("Cache-Control", "no-cache");
  }
  allow_any_origin(res);
  if (http::not_modified(req, etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(std::move(body), std::string(kJson));
}

void send_error(httplib::Response& res, int status, std::string_view detail) {
  res.status = status;
  allow_any_origin(res);
  res.set_content(error_json(detail), std::string(kJson));
}

void render_error(const httplib::Request& req, httplib::Response& res) {
  if (res.status == 405) {
    // As Django REST framework words it; the router has set Allow.
    send_error(res, 405, "Method \"" + req.method + "\" not allowed.");
    return;
  }
  send_error(res, res.status, error_detail(res.status));
}

void answer_preflight(httplib::Response& res) {
  res.status = 204;
  res.set_header("Allow", "GET, HEAD, OPTIONS");
  allow_any_origin(res);
  res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "If-None-Match");
  res.set_header("Access-Control-Max-Age", "86400");
}

}  // namespace polls::api
