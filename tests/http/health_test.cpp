// /healthz and /readyz for probes, and what users see when the database is down: a fake
// Database whose ping fails and whose sessions cannot be had.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>

#include "db/errors.hpp"
#include "http/support.hpp"

using polls::test::SiteOptions;
using polls::test::TestSite;

namespace {

// A database that cannot be reached: ping() is false and every session request throws
// db::Unavailable, as the SQLite pool does when all connections stay busy.
class DownDatabase final : public polls::db::Database {
 public:
  polls::db::Lease read() override { throw polls::db::Unavailable("database is unreachable"); }
  polls::db::Lease write() override { throw polls::db::Unavailable("database is unreachable"); }
  bool ping() override {
    ++pings;
    return false;
  }
  polls::db::Dialect dialect() const override { return polls::db::Dialect::Sqlite; }
  std::string describe() const override { return "down"; }
  std::atomic<int> pings{0};
};

}  // namespace

TEST_CASE("/healthz answers 200 while the process serves" * doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "ok\n");
  CHECK(res->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("/readyz answers 200 when the database answers") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/readyz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "ready\n");
  CHECK(res->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("/readyz answers 503 when the database does not answer, /healthz still 200" *
          doctest::test_suite("sqlite_only")) {
  DownDatabase database;
  SiteOptions options;
  options.database = &database;
  TestSite site(options);
  auto client = site.client();

  const auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 503);
  CHECK(ready->body == "database unavailable\n");
  CHECK(database.pings.load() >= 1);

  const auto healthy = client.Get("/healthz");
  REQUIRE(healthy);
  CHECK(healthy->status == 200);
}

TEST_CASE("the polls pages answer a 503 page with Retry-After when the database is down" *
          doctest::test_suite("sqlite_only")) {
  DownDatabase database;
  SiteOptions options;
  options.database = &database;
  TestSite site(options);
  auto client = site.client();
  for (const char* path : {"/polls/", "/polls/1/", "/polls/1/results/"}) {
    CAPTURE(path);
    const auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(res->get_header_value("Retry-After") == "5");
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->body.find("Service Unavailable (503)") != std::string::npos);
    CHECK(res->body.find("unreachable") == std::string::npos);
  }
}

TEST_CASE("the landing page does not need the database" * doctest::test_suite("sqlite_only")) {
  DownDatabase database;
  SiteOptions options;
  options.database = &database;
  TestSite site(options);
  auto client = site.client();
  const auto res = client.Get("/");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("/readyz answers 503 to a request that arrives while shutdown begins" *
          doctest::test_suite("sqlite_only")) {
  // One worker, busy with a slow request: a /readyz whose head has arrived waits in the queue
  // when shutdown begins, and is answered after it.
  std::atomic<bool> started{false};
  polls::test::SiteOptions options;
  options.threads = 1;
  options.max_threads = 1;
  options.routes = [&started](polls::http::Router& router) {
    router.add(
        "GET", "/slow",
        [&started](const httplib::Request&, httplib::Response& res, const polls::http::Params&) {
          started = true;
          std::this_thread::sleep_for(std::chrono::milliseconds(500));
          res.set_content("done\n", "text/plain; charset=utf-8");
        });
  };
  TestSite site(options);
  polls::test::RawConnection slow(site.port());
  slow.send("GET /slow HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n");
  for (int i = 0; i < 200 && !started; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(started);
  polls::test::RawConnection connection(site.port());
  connection.send("GET /readyz HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  site.site().begin_shutdown();
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(res->body == "shutting down\n");
  CHECK(res->header("Connection") == "close");
  const auto done = slow.read_response();
  REQUIRE(done);
  CHECK(done->status == 200);
  CHECK(site.site().wait(std::chrono::seconds(5)));
}
