// GET /: the landing page shows the current time in the configured zone, in ISO 8601 and in
// words, and links to the polls.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>

#include "http/support.hpp"

// Nothing here depends on the database backend: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::test::SiteOptions;
using polls::test::TestSite;

TEST_CASE("the landing page shows the time in the configured zone, for machines and for people") {
  SiteOptions options;
  options.time_zone = "Europe/Paris";
  TestSite site(options);
  auto client = site.client();

  const auto res = client.Get("/");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  // kNow is 10:30:45.123456 UTC on 14 July 2026: summer time in Paris, seconds truncated.
  CHECK(res->body.find(R"(<time datetime="2026-07-14T12:30:45+02:00">)") != std::string::npos);
  CHECK(res->body.find("<code>2026-07-14T12:30:45+02:00</code>") != std::string::npos);
  CHECK(res->body.find("Tuesday 14 July 2026, 12:30:45 CEST") != std::string::npos);
  CHECK(res->body.find("Europe/Paris") != std::string::npos);
  CHECK(res->body.find("<title>What time is it? | polls</title>") != std::string::npos);
}

TEST_CASE("the landing page in UTC writes the offset as +00:00") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.find("2026-07-14T10:30:45+00:00") != std::string::npos);
  CHECK(res->body.find("Tuesday 14 July 2026, 10:30:45 UTC") != std::string::npos);
}

TEST_CASE("the landing page links to the polls") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/");
  REQUIRE(res);
  CHECK(res->body.find(R"(<a class="button" href="/polls/">See the polls</a>)") !=
        std::string::npos);
}

TEST_CASE("the landing page is never cached, since the time changes every second") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/");
  REQUIRE(res);
  CHECK(res->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("the landing page shows the new time as soon as the second changes") {
  // The page is rendered once per second and reused within it: a moving clock must show.
  auto now = std::make_shared<std::atomic<std::int64_t>>(0);
  SiteOptions options;
  options.now = [now] { return polls::test::kNow + std::chrono::milliseconds(now->load()); };
  TestSite site(options);
  auto client = site.client();
  const auto first = client.Get("/");
  now->store(800);  // 10:30:45.923: the same second
  const auto same = client.Get("/");
  now->store(900);  // 10:30:46.023: the next second
  const auto next = client.Get("/");
  REQUIRE(first);
  REQUIRE(same);
  REQUIRE(next);
  CHECK(first->body.find("10:30:45+00:00") != std::string::npos);
  CHECK(same->body == first->body);
  CHECK(next->body.find("10:30:46+00:00") != std::string::npos);
}

TEST_SUITE_END();
