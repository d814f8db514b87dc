// /static/...: the embedded CSS and images with their Content-Type, ETag and Cache-Control,
// conditional GET (If-None-Match -> 304), and no way out of the static folder.
#include <doctest/doctest.h>

#include <string>

#include "http/support.hpp"

// Nothing here depends on the database backend: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::test::RawConnection;
using polls::test::TestSite;

TEST_CASE("the stylesheet is served as CSS with an ETag and a cache lifetime") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/static/polls/style.css");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK_FALSE(res->body.empty());
  CHECK(res->body.find('{') != std::string::npos);
  const std::string etag = res->get_header_value("ETag");
  CHECK(etag.size() > 2);
  CHECK(etag.front() == '"');
  CHECK(etag.back() == '"');
  CHECK(res->get_header_value("Cache-Control") == "public, max-age=3600");
}

TEST_CASE("the favicon is served as SVG") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/static/polls/favicon.svg");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "image/svg+xml");
  CHECK(res->body.find("<svg") != std::string::npos);
}

TEST_CASE("the results page's live-update script is served as JavaScript") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/static/polls/live-results.js");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(res->body.find("new EventSource(") != std::string::npos);
}

TEST_CASE("a static file asked for with its current ETag is 304 Not Modified, without a body") {
  TestSite site;
  auto client = site.client();
  const auto first = client.Get("/static/polls/style.css");
  REQUIRE(first);
  const std::string etag = first->get_header_value("ETag");

  for (const std::string& header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    CAPTURE(header);
    const auto res = client.Get("/static/polls/style.css", {{"If-None-Match", header}});
    REQUIRE(res);
    CHECK(res->status == 304);
    CHECK(res->body.empty());
    CHECK(res->get_header_value("ETag") == etag);
  }
}

TEST_CASE("a static file asked for with a stale ETag is sent again") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/static/polls/style.css", {{"If-None-Match", "\"stale\""}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK_FALSE(res->body.empty());
}

TEST_CASE("paths outside the static folder and missing files are 404") {
  TestSite site;
  for (const char* target :
       {"/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt", "/static/..%2fCMakeLists.txt",
        "/static/polls/../../CMakeLists.txt", "/static/nope.css", "/static/polls/nope.css",
        "/static//etc/passwd", "/static/", "/static"}) {
    CAPTURE(target);
    RawConnection connection(site.port());
    connection.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: " + site.host() +
                    "\r\nConnection: close\r\n\r\n");
    const auto res = connection.read_response();
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->body.find("cmake_minimum_required") == std::string::npos);
  }
}

TEST_CASE("HEAD on a static file gives its headers without the body") {
  TestSite site;
  RawConnection connection(site.port());
  connection.send("HEAD /static/polls/style.css HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n");
  const auto res = connection.read_response(/*head=*/true);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->header("Content-Type") == "text/css; charset=utf-8");
  CHECK(res->header("ETag").has_value());
  CHECK(connection.pending().empty());
}

TEST_SUITE_END();
