// The SQLite pool's numbers for /metrics: connections open and in use, waits, statement timing.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "db/errors.hpp"
#include "db/sqlite_database.hpp"

using polls::db::SqliteDatabase;
using polls::db::SqliteOptions;

namespace {

struct TempFile {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("polls-pool-test-" + std::to_string(::getpid()) + ".db");
  ~TempFile() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path.string() + suffix);
    }
  }
};

}  // namespace

TEST_CASE("SQLite pool: readers and the writer are counted open, in use and idle") {
  TempFile file;
  SqliteDatabase database(SqliteOptions{.path = file.path.string(), .readers = 2});
  CHECK(database.pool_stats().open == 3);
  CHECK(database.pool_stats().in_use == 0);
  {
    auto reader = database.read();
    auto writer = database.write();
    CHECK(database.pool_stats().in_use == 2);
  }
  CHECK(database.pool_stats().in_use == 0);
  CHECK(database.pool_stats().waits == 0);
}

TEST_CASE("SQLite pool: a request that finds no free connection is counted as a wait") {
  TempFile file;
  SqliteDatabase database(
      SqliteOptions{.path = file.path.string(), .readers = 1, .busy_timeout_ms = 2000});
  auto writer = database.write();
  std::thread releaser([lease = std::move(writer)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    (void)lease;
  });
  {
    auto second_writer = database.write();  // waits for the thread to give it back
    CHECK(database.pool_stats().waits == 1);
  }
  releaser.join();
  auto reader = database.read();
  std::thread reader_releaser([lease = std::move(reader)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    (void)lease;
  });
  auto second_reader = database.read();
  reader_releaser.join();
  CHECK(database.pool_stats().waits == 2);
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
