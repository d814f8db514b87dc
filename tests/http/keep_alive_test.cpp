// Idle keep-alive clients and the worker pool: more idle clients than starting workers must not
// starve a new one (the pool grows with queued connections, up to max_threads).
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "http/support.hpp"

// Nothing here depends on the database backend: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::test::RawConnection;
using polls::test::SiteOptions;
using polls::test::TestSite;
using namespace std::chrono_literals;

namespace {

// A site with 2 threads that may grow to 32.
SiteOptions small_pool() {
  SiteOptions options;
  options.threads = 2;
  options.max_threads = 32;
  return options;
}

std::string healthz(const TestSite& site) {
  return "GET /healthz HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n";
}

}  // namespace

TEST_CASE("more idle keep-alive clients than starting workers do not starve a new client") {
  TestSite site(small_pool());
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 12; ++i) {
    CAPTURE(i);
    auto connection = std::make_unique<RawConnection>(site.port());
    connection->send(healthz(site));
    const auto res = connection->read_response(false, 3s);
    REQUIRE(res);
    CHECK(res->status == 200);
    idle.push_back(std::move(connection));
  }
  // The pool grew past its 2 starting workers: a new client is answered at once.
  const auto begun = std::chrono::steady_clock::now();
  auto client = site.client();
  const auto res = client.Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(std::chrono::steady_clock::now() - begun < 2s);
}

TEST_SUITE_END();
