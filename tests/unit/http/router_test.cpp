// Route matching and dispatch: captures, 404, 405 with Allow, OPTIONS, APPEND_SLASH, the guard.
#include "http/router.hpp"

#include <doctest/doctest.h>

#include "http/errors.hpp"

using polls::http::Params;
using polls::http::Router;

namespace {

httplib::Request request(std::string method, std::string target) {
  httplib::Request req;
  req.method = std::move(method);
  req.target = target;
  req.path = target.substr(0, target.find('?'));
  return req;
}

struct Fixture {
  Router router;
  std::string hit;
  std::int64_t id = -1;
  std::string file;
  Fixture() {
    router.add("GET", "/", [this](const auto&, auto&, const Params&) { hit = "home"; });
    router.add("GET", "/polls/<int:question_id>/", [this](const auto&, auto&, const Params& p) {
      hit = "detail";
      id = p[0];
    });
    router.add("POST", "/polls/<int:question_id>/vote/",
               [this](const auto&, auto&, const Params&) { hit = "vote"; });
    router.add("GET", "/static/<path:file>",
               [this](const auto&, auto&, const Params& p) { file = std::string(p.path); });
  }
  httplib::Response dispatch(std::string method, std::string target) {
    httplib::Response res;
    const auto req = request(std::move(method), std::move(target));
    router.dispatch(req, res);
    return res;
  }
};

}  // namespace

TEST_CASE("routes match literal segments and integer captures") {
  Fixture f;
  f.dispatch("GET", "/polls/42/");
  CHECK(f.hit == "detail");
  CHECK(f.id == 42);
  f.dispatch("GET", "/");
  CHECK(f.hit == "home");
}

TEST_CASE("HEAD is served by the GET route") {
  Fixture f;
  f.dispatch("HEAD", "/polls/7/");
  CHECK(f.hit == "detail");
}

TEST_CASE("captures that are not plain 64-bit numbers match nothing") {
  Fixture f;
  for (const char* path :
       {"/polls/abc/", "/polls/-1/", "/polls/+1/", "/polls/99999999999999999999/", "/polls//"}) {
    CAPTURE(path);
    CHECK(f.dispatch("GET", path).status == 404);
  }
  CHECK(f.hit.empty());
}

TEST_CASE("a known path with another method is 405 with Allow, and OPTIONS lists the methods") {
  Fixture f;
  auto res = f.dispatch("GET", "/polls/1/vote/");
  CHECK(res.status == 405);
  CHECK(res.get_header_value("Allow") == "POST, OPTIONS");
  res = f.dispatch("PUT", "/polls/1/");
  CHECK(res.status == 405);
  CHECK(res.get_header_value("Allow") == "GET, HEAD, OPTIONS");
  res = f.dispatch("OPTIONS", "/polls/1/");
  CHECK(res.status == 204);
  CHECK(res.get_header_value("Allow") == "GET, HEAD, OPTIONS");
}

TEST_CASE("a path's own OPTIONS route answers OPTIONS and is listed once in Allow") {
  Fixture f;
  f.router.add("OPTIONS", "/polls/<int:question_id>/", [&f](const auto&, auto& res, const Params&) {
    f.hit = "preflight";
    res.status = 204;
  });
  auto res = f.dispatch("OPTIONS", "/polls/1/");
  CHECK(f.hit == "preflight");
  res = f.dispatch("POST", "/polls/1/");
  CHECK(res.status == 405);
  CHECK(res.get_header_value("Allow") == "GET, HEAD, OPTIONS");
}

TEST_CASE("a GET without its trailing slash is redirected to the slashed path, query kept") {
  Fixture f;
  auto res = f.dispatch("GET", "/polls/3?x=1");
  CHECK(res.status == 301);
  CHECK(res.get_header_value("Location") == "/polls/3/?x=1");
  CHECK(f.hit.empty());
}

TEST_CASE("APPEND_SLASH never builds a protocol-relative redirect") {
  CHECK(polls::http::escape_leading_slashes("//evil.example/polls") == "/%2Fevil.example/polls");
  CHECK(polls::http::escape_leading_slashes("/polls") == "/polls");
}

TEST_CASE("a POST without its trailing slash is not redirected: the body would be lost") {
  Fixture f;
  CHECK(f.dispatch("POST", "/polls/1/vote").status == 404);
}

TEST_CASE("unknown paths are 404") {
  Fixture f;
  CHECK(f.dispatch("GET", "/nope/").status == 404);
  CHECK(f.dispatch("GET", "/polls/1/extra/").status == 404);
}

TEST_CASE("path captures take the rest of the path") {
  Fixture f;
  f.dispatch("GET", "/static/polls/style.css");
  CHECK(f.file == "polls/style.css");
}

TEST_CASE("the guard runs before unsafe methods and can answer instead of the handler") {
  Fixture f;
  int guarded = 0;
  f.router.set_unsafe_method_guard(
      [&](const httplib::Request&, httplib::Response& res, const Params&) {
        ++guarded;
        res.status = 403;
        return false;
      });
  CHECK(f.dispatch("POST", "/polls/1/vote/").status == 403);
  CHECK(f.hit.empty());
  f.dispatch("GET", "/polls/1/");
  CHECK(guarded == 1);
  CHECK(f.hit == "detail");
}

TEST_CASE("take_matched_route names the route whose handler ran, once, and -1 otherwise") {
  Fixture f;
  const auto names = f.router.route_names();
  REQUIRE(names.size() == 4);
  CHECK(names[1].method == "GET");
  CHECK(names[1].pattern == "/polls/<int:question_id>/");
  CHECK(names[2].method == "POST");

  Router::take_matched_route();
  f.dispatch("GET", "/polls/7/");
  CHECK(Router::take_matched_route() == 1);
  CHECK(Router::take_matched_route() == -1);  // taken: a later response is not counted here
  f.dispatch("HEAD", "/polls/7/");
  CHECK(Router::take_matched_route() == 1);  // HEAD runs the GET route
  f.dispatch("POST", "/polls/7/vote/");
  CHECK(Router::take_matched_route() == 2);
  f.dispatch("GET", "/nowhere/");
  CHECK(Router::take_matched_route() == -1);  // 404
  f.dispatch("DELETE", "/polls/7/");
  CHECK(Router::take_matched_route() == -1);  // 405
  f.dispatch("GET", "/polls/7");
  CHECK(Router::take_matched_route() == -1);  // APPEND_SLASH redirect
}

TEST_CASE("the guard and the handler read one parse of the form body") {
  Router router;
  auto req = request("POST", "/polls/1/vote/");
  req.body = "csrfmiddlewaretoken=t&choice=7";
  std::string token;
  std::string choice;
  router.set_unsafe_method_guard([&](const httplib::Request&, httplib::Response&, const Params& p) {
    token = std::string(p.form().first("csrfmiddlewaretoken").value_or(""));
    // A second parse would read this body: the handler must still see the first one's choice.
    req.body = "choice=8";
    return true;
  });
  router.add("POST", "/polls/<int:question_id>/vote/",
             [&](const httplib::Request&, httplib::Response&, const Params& p) {
               choice = std::string(p.form().first("choice").value_or(""));
             });
  httplib::Response res;
  router.dispatch(req, res);
  CHECK(token == "t");
  CHECK(choice == "7");
}

TEST_CASE("a body that is not a form is a bad request when a view reads it") {
  auto req = request("POST", "/polls/1/vote/");
  req.body = "choice=%zz";
  const Params params(req);
  CHECK_THROWS_AS(params.form(), polls::http::BadRequest);
  CHECK(Params().form().empty());
}

TEST_CASE("reverse builds a route's path from its pattern, as Django's reverse()") {
  using polls::http::reverse;
  CHECK(reverse("/polls/") == "/polls/");
  CHECK(reverse("/polls/<int:question_id>/results/", {7}) == "/polls/7/results/");
  CHECK(reverse("/a/<int:x>/b/<int:y>/", {1, 22}) == "/a/1/b/22/");
  CHECK_THROWS_AS(reverse("/polls/<int:question_id>/"), std::invalid_argument);
  CHECK_THROWS_AS(reverse("/polls/", {1}), std::invalid_argument);
  CHECK_THROWS_AS(reverse("/static/<path:file>", {1}), std::invalid_argument);
}
