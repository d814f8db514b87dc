// How the JSON API answers: the JSON content type, an ETag so clients revalidate cheaply (304),
// CORS for a public read-only resource, and JSON error bodies in place of the HTML error pages.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace polls::api {

constexpr std::string_view kJson = "application/json; charset=utf-8";

// Whether the path is the API's, so that its errors are JSON (the site's error-page renderer
// asks).
bool is_api_path(std::string_view path);

// Per voter: the body depends on the request's cookies (results shown after one votes), so
// caches must keep one copy per cookie and shared caches none.
enum class Audience { Everyone, PerVoter };

// A 200 JSON body with its ETag, Cache-Control: no-cache (the counts change: clients keep the
// body but revalidate) and the CORS headers; 304 with no body when If-None-Match names the ETag.
void send_json(const httplib::Request& req, httplib::Response& res, std::string body,
               Audience audience);

// An error status with {"detail": detail} and the CORS headers, so a client of another origin
// can read why.
void send_error(httplib::Response& res, int status, std::string_view detail);

// The body of an API error response that has none yet (the router's 404 and 405, an exception's
// 500 or 503): the site's error-page renderer calls it for API paths.
void render_error(const httplib::Request& req, httplib::Response& res);

// A CORS preflight (OPTIONS): 204, any origin may GET, with If-None-Match, for a day.
void answer_preflight(httplib::Response& res);

}  // namespace polls::api
