// The PostgreSQL connection pool's bookkeeping on a real server: a connection given back is
// reused, one given back broken (inside a transaction) is closed and replaced, a waiter gets the
// place a broken connection frees, and a request waits no longer than acquire_timeout_ms. Only
// in the [postgres] run (doctest suite "postgres"), against scripts/postgres-server.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include "db/errors.hpp"
#include "db/postgres_database.hpp"

using polls::db::Lease;
using polls::db::PostgresDatabase;
using polls::db::PostgresOptions;
using polls::db::Unavailable;

namespace {

PostgresOptions pool_of(int size, int acquire_timeout_ms) {
  const char* url = std::getenv("POLLS_TEST_DATABASE_URL");
  REQUIRE_MESSAGE(url != nullptr,
                  "POLLS_TEST_DATABASE_URL is not set: start the server with scripts/test");
  PostgresOptions options;
  options.connect.url = url;
  options.connect.connect_timeout_seconds = 3;
  options.pool_size = size;
  options.acquire_timeout_ms = acquire_timeout_ms;
  return options;
}

// The server process behind a session: the same pid is the same connection.
std::int64_t backend_pid(Lease& session) {
  return session->query("SELECT pg_backend_pid()").integer(0, 0);
}

}  // namespace

TEST_SUITE("postgres") {
  TEST_CASE("pool: a connection given back is reused, not opened again") {
    PostgresDatabase database(pool_of(2, 1000));
    std::int64_t first = 0;
    {
      auto session = database.read();
      first = backend_pid(session);
    }
    CHECK(database.pool_stats().in_use == 0);
    auto session = database.write();  // reads and writes share the connections
    CHECK(backend_pid(session) == first);
    CHECK(database.pool_stats().open == 1);
    CHECK(database.pool_stats().waits == 0);
  }

  TEST_CASE("pool: a connection given back inside a transaction is closed, and replaced") {
    PostgresDatabase database(pool_of(1, 1000));
    std::int64_t broken = 0;
    {
      auto session = database.read();
      broken = backend_pid(session);
      session->execute("BEGIN");  // and never committed: the connection is not reusable
    }
    CHECK(database.pool_stats().open == 0);
    auto session = database.read();
    CHECK(backend_pid(session) != broken);
    CHECK(database.pool_stats().open == 1);
  }

  TEST_CASE("pool: a connection given back after a failed statement in a transaction is closed") {
    PostgresDatabase database(pool_of(1, 1000));
    std::int64_t broken = 0;
    {
      auto session = database.read();
      broken = backend_pid(session);
      session->execute("BEGIN");
      CHECK_THROWS_AS(session->query("SELECT * FROM no_such_table_here"), polls::db::Error);
    }
    auto session = database.read();
    CHECK(backend_pid(session) != broken);
    CHECK(session->query("SELECT 1").integer(0, 0) == 1);
  }

  TEST_CASE("pool: a waiter gets the place a broken connection frees") {
    PostgresDatabase database(pool_of(1, 5000));
    std::optional<Lease> held(database.read());
    const std::int64_t broken = backend_pid(*held);
    (*held)->execute("BEGIN");
    std::thread releaser([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      held.reset();  // closed on the way back: the waiter must open a new one, not time out
    });
    const auto started = std::chrono::steady_clock::now();
    auto session = database.read();
    const auto waited = std::chrono::steady_clock::now() - started;
    releaser.join();
    CHECK(backend_pid(session) != broken);
    CHECK(database.pool_stats().waits == 1);
    CHECK(waited < std::chrono::seconds(4));
  }

  TEST_CASE("pool: a request for a busy pool waits acquire_timeout_ms, then gives up") {
    PostgresDatabase database(pool_of(1, 300));
    auto held = database.read();
    const auto started = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH_AS(database.write(), "all 1 database connections stayed busy", Unavailable);
    const auto waited = std::chrono::steady_clock::now() - started;
    CHECK(waited >= std::chrono::milliseconds(300));
    CHECK(waited < std::chrono::seconds(3));
    // The held connection is untouched by the refusal and goes back to the pool.
    CHECK(held->query("SELECT 1").integer(0, 0) == 1);
    CHECK(database.pool_stats().in_use == 1);
  }
}
