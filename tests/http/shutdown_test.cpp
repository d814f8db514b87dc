// Graceful shutdown: begin_shutdown() closes the listener while requests in flight finish and
// get their responses; wait() reports whether they finished within the drain time; idle
// keep-alive clients do not hold shutdown up; new connections are refused afterwards.
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>

#include "http/support.hpp"

// Nothing here depends on the database backend: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::test::SiteOptions;
using polls::test::TestSite;
using namespace std::chrono_literals;

namespace {

// A site with GET /slow, which takes `duration` and says when it has started.
SiteOptions slow_route(std::atomic<bool>& started, std::chrono::milliseconds duration) {
  SiteOptions options;
  options.routes = [&started, duration](polls::http::Router& router) {
    router.add("GET", "/slow",
               [&started, duration](const httplib::Request&, httplib::Response& res,
                                    const polls::http::Params&) {
                 started = true;
                 std::this_thread::sleep_for(duration);
                 res.set_content("done\n", "text/plain; charset=utf-8");
               });
  };
  return options;
}

bool wait_until(const std::atomic<bool>& flag, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!flag.load()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

}  // namespace

TEST_CASE("a request in flight when shutdown begins still gets its response") {
  std::atomic<bool> started{false};
  TestSite site(slow_route(started, 1000ms));
  auto slow = std::async(std::launch::async, [&site] {
    auto client = site.client();
    const auto res = client.Get("/slow");
    return res ? std::pair{res->status, res->body} : std::pair{-1, std::string()};
  });
  REQUIRE(wait_until(started));

  const auto begun = std::chrono::steady_clock::now();
  std::thread([&site] { site.site().begin_shutdown(); }).join();
  CHECK(site.site().wait(std::chrono::seconds(5)));
  // wait() returned because the slow request was done, not before.
  CHECK(std::chrono::steady_clock::now() - begun >= 500ms);

  const auto [status, body] = slow.get();
  CHECK(status == 200);
  CHECK(body == "done\n");
}

TEST_CASE("new connections are refused once shutdown has begun") {
  TestSite site;
  auto client = site.client();
  REQUIRE(client.Get("/healthz"));  // the server is serving
  site.site().begin_shutdown();
  CHECK(site.site().wait(std::chrono::seconds(5)));
  CHECK(polls::test::connection_refused(site.port()));
  CHECK_FALSE(client.Get("/healthz"));
}

TEST_CASE("shutdown right after start stops the server") {
  // A SIGTERM can arrive as soon as `polls serve` has started: begin_shutdown() must not depend
  // on the serving thread having got going. Several sites, since it is a race.
  for (int i = 0; i < 5; ++i) {
    CAPTURE(i);
    TestSite site;
    site.site().begin_shutdown();
    const auto begun = std::chrono::steady_clock::now();
    CHECK(site.site().wait(std::chrono::seconds(2)));
    CHECK(std::chrono::steady_clock::now() - begun < 1s);
  }
}

TEST_CASE("wait reports false when a request outlasts the drain time") {
  std::atomic<bool> started{false};
  TestSite site(slow_route(started, 2500ms));
  auto slow = std::async(std::launch::async, [&site] {
    auto client = site.client();
    const auto res = client.Get("/slow");
    return res ? res->status : -1;
  });
  REQUIRE(wait_until(started));
  site.site().begin_shutdown();
  CHECK_FALSE(site.site().wait(std::chrono::seconds(1)));
  // The request still completes: nothing is cut off.
  CHECK(slow.get() == 200);
}

TEST_CASE("an idle keep-alive connection does not hold up shutdown") {
  TestSite site;
  polls::test::RawConnection idle(site.port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n");
  REQUIRE(idle.read_response());
  // The connection stays open, idle, well within the 5 s keep-alive timeout.
  const auto begun = std::chrono::steady_clock::now();
  site.site().begin_shutdown();
  CHECK(site.site().wait(std::chrono::seconds(5)));
  CHECK(std::chrono::steady_clock::now() - begun < 2s);
  CHECK(idle.closed_by_server(1s));
}

TEST_CASE("the metrics listener answers while the site drains, then closes with it") {
  std::atomic<bool> started{false};
  SiteOptions options = slow_route(started, 1000ms);
  options.metrics_listen = "127.0.0.1:0";
  TestSite site(options);
  auto slow = std::async(std::launch::async, [&site] {
    auto client = site.client();
    const auto res = client.Get("/slow");
    return res ? res->status : -1;
  });
  REQUIRE(wait_until(started));
  site.site().begin_shutdown();
  CHECK(polls::test::connection_refused(site.port()));
  // The last scrape during the drain still finds the process, and shows readiness is gone.
  httplib::Client scraper("127.0.0.1", site.site().metrics_port());
  scraper.set_read_timeout(3s);
  const auto scraped = scraper.Get("/metrics");
  REQUIRE(scraped);
  CHECK(scraped->status == 200);
  CHECK(site.site().wait(std::chrono::seconds(5)));
  CHECK(slow.get() == 200);
  CHECK(polls::test::connection_refused(site.site().metrics_port()));
}

TEST_CASE("a client stuck on the metrics listener cannot stretch shutdown past the drain time") {
  SiteOptions options;
  options.metrics_listen = "127.0.0.1:0";
  TestSite site(options);
  // Half a head is the event loop's to hold: shutdown closes it at once.
  polls::test::RawConnection arriving(site.site().metrics_port());
  arriving.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  // Half a body holds a worker, which waits for the rest up to the 5 s read timeout.
  polls::test::RawConnection stuck(site.site().metrics_port());
  stuck.send("POST /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nhalf");
  std::this_thread::sleep_for(100ms);  // let a worker take the connection
  site.site().begin_shutdown();
  const auto begun = std::chrono::steady_clock::now();
  CHECK_FALSE(site.site().wait(std::chrono::seconds(1)));
  const auto waited = std::chrono::steady_clock::now() - begun;
  CHECK(waited >= 900ms);
  CHECK(waited < 3s);
  CHECK(arriving.closed_by_server());
}

TEST_CASE("connections whose head is still arriving do not hold up shutdown") {
  TestSite site;
  polls::test::RawConnection arriving(site.port());
  arriving.send("GET /polls/ HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  polls::test::RawConnection silent(site.port());
  std::this_thread::sleep_for(100ms);
  site.site().begin_shutdown();
  const auto begun = std::chrono::steady_clock::now();
  CHECK(site.site().wait(std::chrono::seconds(5)));
  CHECK(std::chrono::steady_clock::now() - begun < 1s);
  CHECK(arriving.closed_by_server());
  CHECK(silent.closed_by_server());
}

TEST_SUITE_END();
