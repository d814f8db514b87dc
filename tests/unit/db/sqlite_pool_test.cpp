// The SQLite pool's numbers for /metrics: connections open and in use, waits, statement timing.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

#include "db/errors.hpp"
#include "db/sqlite_database.hpp"
#include "support/temp_dir.hpp"

// Nothing here depends on the database backend: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::db::SqliteDatabase;
using polls::db::SqliteOptions;

namespace {

// A database file of its own (with its -wal and -shm beside it), removed after the test.
struct TempFile {
  polls::testing::TempDir folder{"polls-pool-test"};
  std::filesystem::path path = folder / "pool.db";
};

// Waits (bounded) until the pool has counted `waits` waits.
bool waits_reach(SqliteDatabase& database, std::int64_t waits) {
  for (int i = 0; i < 500; ++i) {
    if (database.pool_stats().waits >= waits) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE(
    "SQLite pool: readers and the writer are counted open, in use and idle, and readers past "
    "the first open when first needed, up to the pool's size") {
  TempFile file;
  SqliteDatabase database(SqliteOptions{.path = file.path.string(), .readers = 3});
  CHECK(database.pool_stats().open == 2);  // the writer and one reader
  CHECK(database.pool_stats().in_use == 0);
  {
    auto reader = database.read();
    auto writer = database.write();
    CHECK(database.pool_stats().in_use == 2);
    CHECK(database.pool_stats().open == 2);
    auto second = database.read();
    CHECK(database.pool_stats().open == 3);
    auto third = database.read();
    CHECK(database.pool_stats().open == 4);
    CHECK(database.pool_stats().in_use == 4);
  }
  CHECK(database.pool_stats().in_use == 0);
  CHECK(database.pool_stats().open == 4);
  CHECK(database.pool_stats().waits == 0);
  // Opened readers are reused: no more than the pool's size.
  {
    auto a = database.read();
    auto b = database.read();
    auto c = database.read();
    CHECK(database.pool_stats().open == 4);
  }
}

TEST_CASE("SQLite pool: a request that finds no free connection is counted as a wait") {
  TempFile file;
  SqliteDatabase database(
      SqliteOptions{.path = file.path.string(), .readers = 1, .busy_timeout_ms = 10000});
  // This thread holds the writer, then the only reader; another thread asks for the same and
  // is counted before it blocks.
  std::optional<polls::db::Lease> writer(database.write());
  std::thread second_writer([&database] { auto lease = database.write(); });
  CHECK(waits_reach(database, 1));
  writer.reset();
  second_writer.join();

  std::optional<polls::db::Lease> reader(database.read());
  std::thread second_reader([&database] { auto lease = database.read(); });
  CHECK(waits_reach(database, 2));
  reader.reset();
  second_reader.join();
  CHECK(database.pool_stats().waits == 2);
  CHECK(database.pool_stats().in_use == 0);
}

TEST_CASE("every statement on any of the pool's connections is timed") {
  TempFile file;
  SqliteDatabase database(SqliteOptions{.path = file.path.string(), .readers = 2});
  const auto before = database.statement_latency().snapshot().count();
  database.write()->execute("CREATE TABLE t (x INTEGER)");
  database.write()->execute("INSERT INTO t VALUES (1)");
  CHECK(database.read()->query("SELECT x FROM t").integer(0, 0) == 1);
  CHECK_THROWS_AS(database.read()->query("SELECT nope FROM t"), polls::db::Error);
  const auto after = database.statement_latency().snapshot();
  CHECK(after.count() == before + 4);  // a failing statement took time too
  CHECK(after.sum_nanos > 0);
}

TEST_CASE("SQLite: the writer commits with synchronous NORMAL, or FULL when asked") {
  TempFile file;
  const auto writer_synchronous = [](SqliteDatabase& database) {
    return database.write()->query("PRAGMA synchronous").integer(0, 0);
  };
  {
    SqliteDatabase normal(SqliteOptions{.path = file.path.string(), .readers = 1});
    CHECK(writer_synchronous(normal) == 1);  // NORMAL
  }
  SqliteDatabase full(SqliteOptions{
      .path = file.path.string(), .readers = 1, .synchronous = polls::db::SqliteSynchronous::Full});
  CHECK(writer_synchronous(full) == 2);  // FULL
  CHECK(polls::db::parse_sqlite_synchronous("full") == polls::db::SqliteSynchronous::Full);
  CHECK(polls::db::parse_sqlite_synchronous("normal") == polls::db::SqliteSynchronous::Normal);
  CHECK_FALSE(polls::db::parse_sqlite_synchronous("FULL").has_value());
}

TEST_SUITE_END();
