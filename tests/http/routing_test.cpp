// URL routing as a user meets it: APPEND_SLASH redirects (query kept, never off-site, never for
// a POST), the 404 page, OPTIONS and 405 with Allow, HEAD without a body, unknown methods.
#include <doctest/doctest.h>

#include <string>

#include "http/support.hpp"

using polls::test::RawConnection;
using polls::test::TestSite;

TEST_CASE("a GET without the trailing slash is redirected permanently to the slashed path") {
  TestSite site;
  const auto id = site.create_question("Past question.", std::chrono::days{-1});
  auto client = site.client();

  const auto res = client.Get("/polls");
  REQUIRE(res);
  CHECK(res->status == 301);
  CHECK(res->get_header_value("Location") == "/polls/");

  const auto results = client.Get("/polls/" + std::to_string(id) + "/results");
  REQUIRE(results);
  CHECK(results->status == 301);
  CHECK(results->get_header_value("Location") == "/polls/" + std::to_string(id) + "/results/");
}

TEST_CASE("the trailing-slash redirect keeps the query string as sent" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  RawConnection connection(site.port());
  connection.send("GET /polls?page=2&q=a%20b+c HTTP/1.1\r\nHost: " + site.host() +
                  "\r\nConnection: close\r\n\r\n");
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK(res->status == 301);
  CHECK(res->header("Location") == "/polls/?page=2&q=a%20b+c");
}

TEST_CASE("a path starting with two slashes is never redirected to another site" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  for (const char* target : {"//evil.example/polls", "//evil.example", "///evil.example/polls",
                             "/\\evil.example/polls"}) {
    CAPTURE(target);
    RawConnection connection(site.port());
    connection.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: " + site.host() +
                    "\r\nConnection: close\r\n\r\n");
    const auto res = connection.read_response();
    REQUIRE(res);
    if (res->status == 301 || res->status == 302) {
      const std::string location = res->header("Location").value_or("");
      CAPTURE(location);
      CHECK(location.starts_with("/%2F"));
    } else {
      CHECK(res->status == 404);
    }
  }
}

TEST_CASE("a POST without the trailing slash is not redirected, since the body would be lost") {
  TestSite site;
  const auto id = site.create_question("Past question.", std::chrono::days{-1});
  auto client = site.client();
  const auto res = client.Post("/polls/" + std::to_string(id) + "/vote", "choice=1",
                               "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK_FALSE(res->has_header("Location"));
}

TEST_CASE("an unknown path answers the 404 page" * doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  for (const char* path : {"/nope", "/nope/", "/POLLS/", "/polls/1/2/", "/polls/1/results/x/"}) {
    CAPTURE(path);
    const auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->body.find("<title>Not Found | polls</title>") != std::string::npos);
    CHECK(res->body.find("<h1>Not Found (404)</h1>") != std::string::npos);
    CHECK(res->body.find(R"(<a href="/polls/">All polls</a>)") != std::string::npos);
  }
}

TEST_CASE("OPTIONS answers 204 with the methods the path allows" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  const auto index = client.Options("/polls/");
  REQUIRE(index);
  CHECK(index->status == 204);
  CHECK(index->get_header_value("Allow") == "GET, HEAD, OPTIONS");
  CHECK(index->body.empty());

  const auto vote = client.Options("/polls/1/vote/");
  REQUIRE(vote);
  CHECK(vote->status == 204);
  CHECK(vote->get_header_value("Allow") == "POST, OPTIONS");
}

TEST_CASE("OPTIONS on an unknown path is 404" * doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  const auto res = client.Options("/nope/");
  REQUIRE(res);
  CHECK(res->status == 404);
}

TEST_CASE("HEAD answers like GET, without a body" * doctest::test_suite("sqlite_only")) {
  TestSite site;
  RawConnection connection(site.port());
  connection.send("HEAD / HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n");
  const auto head = connection.read_response(/*head=*/true);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->header("Content-Type") == "text/html; charset=utf-8");
  // Had a body followed the headers, the next response would not start where it should.
  connection.send("GET /healthz HTTP/1.1\r\nHost: " + site.host() +
                  "\r\nConnection: close\r\n\r\n");
  const auto next = connection.read_response();
  REQUIRE(next);
  CHECK(next->status_line == "HTTP/1.1 200 OK");
  CHECK(next->body == "ok\n");
}

TEST_CASE("PUT, PATCH and DELETE on a page are 405 with an Allow header" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  const auto put = client.Put("/polls/", "x", "text/plain");
  REQUIRE(put);
  CHECK(put->status == 405);
  CHECK(put->get_header_value("Allow") == "GET, HEAD, OPTIONS");
  CHECK(put->body.find("Method Not Allowed") != std::string::npos);

  const auto patch = client.Patch("/polls/", "x", "text/plain");
  REQUIRE(patch);
  CHECK(patch->status == 405);

  const auto del = client.Delete("/");
  REQUIRE(del);
  CHECK(del->status == 405);
  CHECK(del->get_header_value("Allow") == "GET, HEAD, OPTIONS");
}

TEST_CASE("a method the server does not know is refused and the server keeps serving") {
  TestSite site;
  RawConnection connection(site.port());
  connection.send("BREW /polls/ HTTP/1.1\r\nHost: " + site.host() +
                  "\r\nConnection: close\r\n\r\n");
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK((res->status == 400 || res->status == 405 || res->status == 501));
  auto client = site.client();
  const auto after = client.Get("/polls/");
  REQUIRE(after);
  CHECK(after->status == 200);
}
