// Database::data_version on both backends (the [postgres] copies run them on PostgreSQL): it
// changes after every commit, this process's or another connection's (another process on the
// SQLite file, another replica on PostgreSQL), so that a cache keyed by it is never stale.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/sqlite_database.hpp"
#include "support/test_database.hpp"
#include "support/wait.hpp"

using polls::testing::TestDatabase;

namespace {

constexpr std::string_view kCreate = "CREATE TABLE version_test (n INTEGER NOT NULL)";
constexpr std::string_view kInsert = "INSERT INTO version_test (n) VALUES ($1)";
constexpr std::string_view kCount = "SELECT count(*) FROM version_test";

}  // namespace

TEST_CASE("the data version changes after a commit through this database") {
  TestDatabase database;
  database->write()->execute(kCreate);
  for (std::int64_t i = 0; i < 5; ++i) {
    const std::uint64_t before = database->data_version();
    database->write()->execute(kInsert, {i});
    CHECK(database->data_version() != before);
  }
}

TEST_CASE(
    "the data version changes at once after a commit by another connection: another "
    "process on the SQLite file, another replica on PostgreSQL") {
  TestDatabase database;
  database->write()->execute(kCreate);
  const auto other = database.open_another();
  for (std::int64_t i = 0; i < 5; ++i) {
    const std::uint64_t before = database->data_version();
    other->write()->execute(kInsert, {i});
    CHECK(database->data_version() != before);
  }
}

TEST_CASE("a transaction still open is not seen by a read, and its commit changes the version") {
  TestDatabase database;
  database->write()->execute(kCreate);
  const auto other = database.open_another();
  auto session = other->write();
  polls::db::Transaction transaction(*session);
  session->execute(kInsert, {std::int64_t{1}});
  const std::uint64_t before = database->data_version();
  CHECK(database->read()->query(kCount).integer(0, 0) == 0);
  transaction.commit();
  CHECK(database->data_version() != before);
  CHECK(database->read()->query(kCount).integer(0, 0) == 1);
}

TEST_CASE(
    "a count cached per data version is never older than a commit that finished before "
    "the read began, with writers and readers at once") {
  TestDatabase database;
  database->write()->execute(kCreate);
  const auto other = database.open_another();
  constexpr std::int64_t kWrites = 150;
  std::atomic<std::int64_t> committed{0};
  std::atomic<int> stale{0};
  std::atomic<int> reads{0};
  std::mutex cache_mutex;
  std::map<std::uint64_t, std::int64_t> cache;  // as web::PageCache keeps pages
  std::atomic<bool> done{false};
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!done.load()) {
        const std::int64_t at_least = committed.load();
        const std::uint64_t version = database->data_version();
        std::optional<std::int64_t> seen;
        {
          const std::lock_guard lock(cache_mutex);
          if (const auto it = cache.find(version); it != cache.end()) seen = it->second;
        }
        if (!seen) {
          seen = database->read()->query(kCount).integer(0, 0);
          const std::lock_guard lock(cache_mutex);
          cache.emplace(version, *seen);
        }
        if (*seen < at_least) stale.fetch_add(1);
        reads.fetch_add(1);
      }
    });
  }
  // The readers must be reading while the commits land: under ASan a reader's first read (its
  // connection opened, the schema read) took longer than all the commits, and none overlapped.
  // So the commits wait for every reader's first read, and every tenth for a few more reads.
  const auto wait_for_reads = [&reads](int at_least) {
    return polls::testing::wait_for([&] { return reads.load() >= at_least; });
  };
  bool overlapped = wait_for_reads(3);
  // Half the commits through this database, half through the other handle.
  for (std::int64_t i = 1; i <= kWrites; ++i) {
    (i % 2 == 0 ? *database : *other).write()->execute(kInsert, {i});
    committed.store(i);
    if (i % 10 == 0) overlapped = wait_for_reads(reads.load() + 3) && overlapped;
  }
  done.store(true);
  for (auto& reader : readers) reader.join();
  CHECK(overlapped);
  CHECK(stale.load() == 0);
  CHECK(database->read()->query(kCount).integer(0, 0) == kWrites);
}

TEST_SUITE_BEGIN("sqlite_only");

TEST_CASE(
    "the data version stays the same while nothing is committed (SQLite: no other writer "
    "shares the test's server)") {
  TestDatabase database;
  database->write()->execute(kCreate);
  // Each pooled connection bumps the version the first time it is asked.
  for (int i = 0; i < 8; ++i) database->data_version();
  const std::uint64_t settled = database->data_version();
  for (int i = 0; i < 5; ++i) {
    CHECK(database->read()->query(kCount).integer(0, 0) == 0);
    CHECK(database->data_version() == settled);
  }
}

TEST_CASE(
    "an in-memory SQLite database, whose reads share the writer's connection, sees its "
    "own commits") {
  polls::db::SqliteDatabase database({":memory:"});
  database.write()->execute(kCreate);
  const std::uint64_t before = database.data_version();
  CHECK(database.data_version() == before);
  database.write()->execute(kInsert, {std::int64_t{1}});
  CHECK(database.data_version() != before);
}

TEST_SUITE_END();
