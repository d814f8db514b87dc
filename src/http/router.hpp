// A route table that reads like Django's urls.py: one line per method, pattern and handler.
// Patterns are literal segments and typed captures: "/polls/<int:question_id>/results/",
// "/static/<path:file>". Dispatch answers 404, 405 with Allow, OPTIONS with Allow, and redirects
// a path missing its trailing slash to the slashed one (Django's APPEND_SLASH).
#pragma once

#include <httplib.h>

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/form.hpp"

namespace polls::http {

// What the router knows of one request, shared by the guard and the handler: the route's
// captures, and the body as a form, parsed on first use and kept, so the CSRF guard and the
// view read one parse.
class Params {
 public:
  Params() = default;
  explicit Params(const httplib::Request& request) : request_(&request) {}

  std::array<std::int64_t, 4> ints{};  // <int:...> captures, in order
  std::string_view path;               // the <path:...> capture, if any
  std::int64_t operator[](std::size_t i) const { return ints.at(i); }

  // The submitted form (see request_form); an empty form for a Params made without a request.
  // Throws BadRequest for a body that is not a valid form.
  const Form& form() const;

 private:
  const httplib::Request* request_ = nullptr;
  mutable std::optional<Form> form_;
};

using Handler = std::function<void(const httplib::Request&, httplib::Response&, const Params&)>;
// Runs before the handler of an unsafe method (POST, PUT, PATCH, DELETE); returns false when it
// has answered the request itself (CSRF failure).
using Guard = std::function<bool(const httplib::Request&, httplib::Response&, const Params&)>;

// A route as metrics name it: its method and its pattern as written ("/polls/<int:question_id>/").
struct RouteName {
  std::string method;
  std::string pattern;
};

class Router {
 public:
  void add(std::string method, std::string_view pattern, Handler handler);
  void set_unsafe_method_guard(Guard guard) { guard_ = std::move(guard); }
  void dispatch(const httplib::Request& req, httplib::Response& res) const;
  // Every route, in the order added; take_matched_route() returns an index into this.
  std::vector<RouteName> route_names() const;
  // The index of the route whose handler this thread's last dispatch() called, or -1 when the
  // router answered itself (404, 405, OPTIONS, APPEND_SLASH) or no dispatch happened since the
  // last call; resets it to -1. A thread-local because cpp-httplib writes the response (where
  // the server takes it) on the thread that routed the request, and the request is const.
  static int take_matched_route();

 private:
  struct Segment {
    enum Kind { Literal, Int, Path } kind;
    std::string text;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    bool trailing_slash;
    Handler handler;
  };
  static bool match(const Route& route, std::string_view path, Params& params);
  bool any_match(std::string_view path) const;

  std::vector<Route> routes_;
  Guard guard_;
};

// The path a pattern names with these <int:...> captures, in order: Django's reverse().
// reverse("/polls/<int:question_id>/results/", {7}) is "/polls/7/results/". Throws
// std::invalid_argument when the counts differ or the pattern has a <path:...> capture.
std::string reverse(std::string_view pattern, std::initializer_list<std::int64_t> ints = {});

// Django's escape_leading_slashes: "//evil.example" must not become a protocol-relative redirect.
std::string escape_leading_slashes(std::string_view path);

}  // namespace polls::http
