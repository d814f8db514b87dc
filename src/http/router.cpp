// Route matching and dispatch: see router.hpp.
#include "http/router.hpp"

#include <stdexcept>
#include <utility>

#include "http/request_form.hpp"
#include "text/integer.hpp"

namespace polls::http {

namespace {

bool is_unsafe(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

thread_local int matched_route = -1;

std::string_view next_segment(std::string_view& rest) {
  const std::size_t slash = rest.find('/');
  const std::string_view segment = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  return segment;
}

}  // namespace

const Form& Params::form() const {
  if (!form_) form_ = request_ != nullptr ? request_form(*request_) : Form{};
  return *form_;
}

std::string reverse(std::string_view pattern, std::initializer_list<std::int64_t> ints) {
  const std::string_view whole = pattern;
  std::string path;  // most fit in std::string's own buffer: no reserve
  const std::int64_t* next = ints.begin();
  while (!pattern.empty()) {
    const std::size_t open = pattern.find('<');
    path += pattern.substr(0, open);
    if (open == std::string_view::npos) break;
    const std::size_t close = pattern.find('>', open);
    if (close == std::string_view::npos || !pattern.substr(open).starts_with("<int:") ||
        next == ints.end()) {
      throw std::invalid_argument("reverse: the values do not fit " + std::string(whole));
    }
    path += std::to_string(*next++);
    pattern.remove_prefix(close + 1);
  }
  if (next != ints.end())
    throw std::invalid_argument("reverse: more values than " + std::string(whole) + " takes");
  return path;
}

std::string escape_leading_slashes(std::string_view path) {
  if (path.starts_with("//")) return "/%2F" + std::string(path.substr(2));
  return std::string(path);
}

void Router::add(std::string method, std::string_view pattern, Handler handler) {
  if (!pattern.starts_with('/')) throw std::invalid_argument("route pattern must start with /");
  Route route{std::move(method),
              std::string(pattern),
              {},
              pattern.size() > 1 && pattern.ends_with('/'),
              std::move(handler)};
  std::string_view rest = pattern.substr(1);
  if (route.trailing_slash) rest.remove_suffix(1);
  while (!rest.empty()) {
    const std::string_view segment = next_segment(rest);
    if (segment.starts_with("<int:")) {
      route.segments.push_back({Segment::Int, {}});
    } else if (segment.starts_with("<path:")) {
      route.segments.push_back({Segment::Path, {}});
    } else {
      route.segments.push_back({Segment::Literal, std::string(segment)});
    }
  }
  routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, std::string_view path, Params& params) {
  if (!path.starts_with('/')) return false;
  std::string_view rest = path.substr(1);
  if (route.trailing_slash) {
    if (!rest.ends_with('/')) return false;
    rest.remove_suffix(1);
  } else if (rest.ends_with('/') && !rest.empty()) {
    return false;
  }
  std::size_t ints = 0;
  for (const Segment& segment : route.segments) {
    if (segment.kind == Segment::Path) {
      if (rest.empty()) return false;
      params.path = rest;
      return true;
    }
    if (rest.empty() && segment.kind != Segment::Literal) return false;
    const std::string_view part = next_segment(rest);
    if (segment.kind == Segment::Literal) {
      if (part != segment.text) return false;
      continue;
    }
    // <int:...> is [0-9]+ as in Django; a number too large for 64 bits matches nothing.
    const auto value = text::parse_digits<std::int64_t>(part);
    if (!value || ints >= params.ints.size()) return false;
    params.ints[ints++] = *value;
  }
  return rest.empty();
}

std::vector<RouteName> Router::route_names() const {
  std::vector<RouteName> names;
  names.reserve(routes_.size());
  for (const Route& route : routes_) names.push_back({route.method, route.pattern});
  return names;
}

int Router::take_matched_route() { return std::exchange(matched_route, -1); }

bool Router::any_match(std::string_view path) const {
  Params ignored;
  for (const Route& route : routes_) {
    if (match(route, path, ignored)) return true;
  }
  return false;
}

void Router::dispatch(const httplib::Request& req, httplib::Response& res) const {
  const std::string_view method = req.method == "HEAD" ? std::string_view("GET") : req.method;
  std::string allow;
  matched_route = -1;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& route = routes_[i];
    Params params(req);
    if (!match(route, req.path, params)) continue;
    if (route.method == method) {
      matched_route = static_cast<int>(i);
      if (is_unsafe(method) && guard_ && !guard_(req, res, params)) return;
      route.handler(req, res, params);
      return;
    }
    // OPTIONS closes every Allow list, whether the path has its own OPTIONS route (a CORS
    // preflight) or the router answers it.
    if (route.method == "OPTIONS") continue;
    if (!allow.empty()) allow += ", ";
    allow += route.method;
    if (route.method == "GET") allow += ", HEAD";
  }
  if (!allow.empty()) {
    allow += ", OPTIONS";
    res.set_header("Allow", allow);
    res.status = req.method == "OPTIONS" ? 204 : 405;
    return;
  }
  // APPEND_SLASH, for safe methods only: a redirected POST would lose its body.
  if ((method == "GET") && !req.path.ends_with('/') && any_match(req.path + "/")) {
    const std::string_view target = req.target;
    const std::size_t query = target.find('?');
    std::string location = escape_leading_slashes(target.substr(0, query)) + "/";
    if (query != std::string_view::npos) location += target.substr(query);
    res.set_redirect(location, 301);
    return;
  }
  res.status = 404;
}

}  // namespace polls::http
