// The middleware every request goes through, one named step each: what runs before routing,
// the exception and error-page handlers, what every response gets after routing, and the access
// log. server.cpp's Server::configure() registers them, in the order a request meets them, with
// cpp-httplib's hooks, and server_plain.cpp runs the same ones on the requests it answers. Each
// step touches only the request, the response and what it holds, so a unit test calls it without a
// socket.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <exception>

#include "http/router.hpp"
#include "http/server.hpp"
#include "http/server_observer.hpp"
#include "ops/log.hpp"

namespace polls::http {

using HandlerResponse = httplib::Server::HandlerResponse;

// cpp-httplib's pre-routing hook takes one handler: these run the steps in order until one
// answers the request itself (Handled).
template <typename... Steps>
auto first_to_answer(Steps... steps) {
  return [steps...](const httplib::Request& req, httplib::Response& res) {
    const bool answered = ((steps(req, res) == HandlerResponse::Handled) || ...);
    return answered ? HandlerResponse::Handled : HandlerResponse::Unhandled;
  };
}

// The post-routing hook takes one handler too: this runs every step, in order.
template <typename... Steps>
auto each_of(Steps... steps) {
  return
      [steps...](const httplib::Request& req, httplib::Response& res) { (steps(req, res), ...); };
}

// Expect: 100-continue: a client announcing a body over the limit is told 413 before it sends it.
struct ContinueUnlessTooLarge {
  std::size_t max_body_bytes;
  int operator()(const httplib::Request& req, httplib::Response& res) const;
};

// Before routing: the client's X-Request-ID when it is safe to reflect, else a new one, so that
// the logs, the error page and the client name the request alike from the start.
HandlerResponse assign_request_id(const httplib::Request& req, httplib::Response& res);

// Before routing, before the body is read: a body announced over the limit is refused (413) now,
// rather than read first.
struct RefuseTooLargeBody {
  std::size_t max_body_bytes;
  HandlerResponse operator()(const httplib::Request& req, httplib::Response& res) const;
};

// Every method goes through our router, which knows 405, OPTIONS and APPEND_SLASH: registered
// with cpp-httplib under this pattern (what a handler finds in Request::matched_route).
inline constexpr const char* kEveryPath = ".*";
void route_every_method(httplib::Server& engine, const Router& router);

// The one place a handler's exception becomes a status: http/'s own errors (404, 403, 400), then
// the wiring's mapper, else a 500 with the error logged. Any partial body is dropped. Holds
// references to the Server's members, which live as long as the engine that calls it.
struct MapExceptions {
  const ops::Logger& log;
  const ExceptionMapper& map_exception;
  void operator()(const httplib::Request& req, httplib::Response& res,
                  const std::exception_ptr& ep) const;
};

// An error response (4xx, 5xx) without a body gets its page; should the page fail, a line of
// plain text, so that the status still goes out. References, as for MapExceptions.
struct RenderErrorPages {
  const ops::Logger& log;
  const ErrorPageRenderer& render;
  HandlerResponse operator()(const httplib::Request& req, httplib::Response& res) const;
};

// After routing, for every response (those cpp-httplib answers itself, 400, 413, 414, too): tells
// the observer the route, status and latency. The matched route is taken even without an
// observer, so that a response the router never saw is not counted as the one before it on this
// thread.
struct ReportToObserver {
  ServerObserver* observer;
  void operator()(const httplib::Request& req, httplib::Response& res) const;
};

// After routing: cpp-httplib adds Accept-Ranges to HEAD answers only; HEAD must mirror GET.
void drop_head_only_headers(const httplib::Request& req, httplib::Response& res);

// After routing: a response the pre-routing steps never saw (a malformed request's 400) gets a
// request id too.
void ensure_request_id(const httplib::Request& req, httplib::Response& res);

// After routing: the security headers (security_headers.hpp), on every response cpp-httplib
// writes (server_plain.cpp writes the same lines itself).
void set_security_headers(const httplib::Request& req, httplib::Response& res);

// After the response is written: one access-log line (at Info) with what operators need, and no
// query string, form value or cookie.
struct AccessLog {
  const ops::Logger& log;
  void operator()(const httplib::Request& req, const httplib::Response& res) const;
};

}  // namespace polls::http
