// Headers every response carries, whatever its status and whoever wrote it (a view, the router,
// the CSRF guard, the exception handler, cpp-httplib itself): the security headers and an
// X-Request-ID, which echoes a safe incoming id and replaces anything else.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "http/request_id.hpp"
#include "http/server.hpp"
#include "http/support.hpp"

using polls::test::RawConnection;
using polls::test::SiteOptions;
using polls::test::TestSite;

namespace {

SiteOptions small_body_with_failing_route() {
  SiteOptions options;
  options.max_body_bytes = 4096;
  options.routes = [](polls::http::Router& router) {
    router.add("GET", "/boom",
               [](const httplib::Request&, httplib::Response&, const polls::http::Params&) {
                 throw std::runtime_error("secret detail");
               });
  };
  return options;
}

template <typename Get>
void check_common_headers(Get header) {
  CHECK(header("X-Content-Type-Options") == "nosniff");
  CHECK(header("X-Frame-Options") == "DENY");
  CHECK(header("Referrer-Policy") == "same-origin");
  const std::string csp = header("Content-Security-Policy");
  CHECK(csp.find("default-src 'none'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  // The results page's live updates (EventSource) may reach this origin only; nothing inline.
  CHECK(csp.find("connect-src 'self';") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(polls::http::is_acceptable_request_id(header("X-Request-ID")));
}

void check_common_headers(const httplib::Result& res) {
  REQUIRE(res);
  check_common_headers([&](const char* name) { return res->get_header_value(name); });
}

// Sends one request with this X-Request-ID line over a raw socket; the response.
polls::test::RawResponse with_request_id(TestSite& site, const std::string& value) {
  RawConnection connection(site.port());
  connection.send("GET /healthz HTTP/1.1\r\nHost: " + site.host() + "\r\nX-Request-ID: " + value +
                  "\r\nConnection: close\r\n\r\n");
  auto res = connection.read_response();
  REQUIRE(res);
  return *res;
}

}  // namespace

TEST_CASE("every response carries the security headers and a request id, whatever its status") {
  TestSite site(small_body_with_failing_route());
  const auto question = site.create_question("Q?", std::chrono::days{-1});
  auto client = site.client();
  const std::string vote = "/polls/" + std::to_string(question) + "/vote/";

  SUBCASE("200") {
    const auto res = client.Get("/");
    REQUIRE(res);
    CHECK(res->status == 200);
    check_common_headers(res);
  }
  SUBCASE("301") {
    const auto res = client.Get("/polls");
    REQUIRE(res);
    CHECK(res->status == 301);
    check_common_headers(res);
  }
  SUBCASE("304") {
    const auto etag = client.Get("/static/polls/style.css")->get_header_value("ETag");
    const auto res = client.Get("/static/polls/style.css", {{"If-None-Match", etag}});
    REQUIRE(res);
    CHECK(res->status == 304);
    check_common_headers(res);
  }
  SUBCASE("403") {
    const auto res = client.Post(vote, "choice=1", "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 403);
    check_common_headers(res);
  }
  SUBCASE("404") {
    const auto res = client.Get("/nope/");
    REQUIRE(res);
    CHECK(res->status == 404);
    check_common_headers(res);
  }
  SUBCASE("405") {
    const auto res = client.Get(vote);
    REQUIRE(res);
    CHECK(res->status == 405);
    check_common_headers(res);
  }
  SUBCASE("500") {
    const auto res = client.Get("/boom");
    REQUIRE(res);
    CHECK(res->status == 500);
    check_common_headers(res);
  }
  SUBCASE("400 written by cpp-httplib for a malformed request") {
    RawConnection connection(site.port());
    connection.send("GET /polls/ HTTP/1.1 extra\r\nHost: x\r\n\r\n");
    const auto res = connection.read_response();
    REQUIRE(res);
    CHECK(res->status == 400);
    check_common_headers([&](const char* name) { return res->header(name).value_or(""); });
  }
  SUBCASE("413 for a body sent whole") {
    RawConnection connection(site.port());
    connection.send("POST " + vote + " HTTP/1.1\r\nHost: " + site.host() +
                    "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 6000"
                    "\r\n\r\n" +
                    std::string(6000, 'a'));
    const auto res = connection.read_response();
    REQUIRE(res);
    CHECK(res->status == 413);
    check_common_headers([&](const char* name) { return res->header(name).value_or(""); });
  }
  // Last: cpp-httplib's client (like curl) announces a large body with Expect: 100-continue.
  SUBCASE("413 for a body announced with Expect: 100-continue") {
    const auto res = client.Post(vote, std::string(6000, 'a'), "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 413);
    check_common_headers(res);
  }
}

TEST_CASE("pages are HTML in UTF-8") {
  TestSite site;
  const auto question = site.create_question("Q?", std::chrono::days{-1});
  auto client = site.client();
  for (const std::string& path :
       {std::string("/"), std::string("/polls/"), "/polls/" + std::to_string(question) + "/",
        "/polls/" + std::to_string(question) + "/results/", std::string("/nope/")}) {
    CAPTURE(path);
    const auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  }
}

TEST_CASE("an incoming X-Request-ID of safe characters is echoed") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/polls/", {{"X-Request-ID", "abc-123"}});
  REQUIRE(res);
  CHECK(res->get_header_value("X-Request-ID") == "abc-123");
  CHECK(res->get_header_value_count("X-Request-ID") == 1);
}

TEST_CASE("requests without an X-Request-ID each get a different generated one" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  const auto a = client.Get("/healthz");
  const auto b = client.Get("/healthz");
  REQUIRE(a);
  REQUIRE(b);
  CHECK_FALSE(a->get_header_value("X-Request-ID").empty());
  CHECK(a->get_header_value("X-Request-ID") != b->get_header_value("X-Request-ID"));
}

TEST_CASE("an X-Request-ID carrying an encoded CR LF is replaced and injects no header" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  const std::string incoming = "abc%0D%0ASet-Cookie:%20x=1";
  const auto res = with_request_id(site, incoming);
  CHECK(res.status == 200);
  const std::string id = res.header("X-Request-ID").value_or("");
  CHECK(id != incoming);
  CHECK(id.find("abc") == std::string::npos);
  CHECK(polls::http::is_acceptable_request_id(id));
  CHECK(res.header_count("X-Request-ID") == 1);
  CHECK(res.header_count("Set-Cookie") == 0);
}

TEST_CASE("an X-Request-ID of 200 characters is replaced" * doctest::test_suite("sqlite_only")) {
  TestSite site;
  const std::string incoming(200, 'a');
  const auto res = with_request_id(site, incoming);
  const std::string id = res.header("X-Request-ID").value_or("");
  CHECK(id != incoming);
  CHECK(id.size() <= 64);
  CHECK(polls::http::is_acceptable_request_id(id));
}

TEST_CASE("an X-Request-ID with spaces or quotes is replaced" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  for (const char* incoming : {"abc 123", "abc\t123", "\"abc\"", "a<b>", "abc;x=1"}) {
    CAPTURE(incoming);
    const auto res = with_request_id(site, incoming);
    const std::string id = res.header("X-Request-ID").value_or("");
    CHECK(id != incoming);
    CHECK(polls::http::is_acceptable_request_id(id));
  }
}

TEST_CASE("the error page shows the request id the response carries" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/nope/", {{"X-Request-ID", "trace-42"}});
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(res->get_header_value("X-Request-ID") == "trace-42");
  CHECK(res->body.find("<code>trace-42</code>") != std::string::npos);
}
