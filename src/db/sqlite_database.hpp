// SQLite backend: a pool of reader connections and one writer connection, all tuned for a
// concurrent server (WAL, synchronous NORMAL or FULL, busy_timeout, foreign keys).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/sqlite_synchronous.hpp"

namespace polls::db {

class SqliteSession;

struct SqliteOptions {
  std::string path;  // a file path, or ":memory:"
  int readers = 8;   // reader connections in the pool at most (opened when first needed)
  int busy_timeout_ms = 5000;
  SqliteSynchronous synchronous = SqliteSynchronous::Normal;  // of the writer's commits
};

class SqliteDatabase final : public Database {
 public:
  // Opens (creating if needed) the database; throws Unavailable with SQLite's message on failure.
  explicit SqliteDatabase(SqliteOptions options);
  ~SqliteDatabase() override;

  Lease read() override;
  Lease write() override;
  bool ping() override;
  Dialect dialect() const override { return Dialect::Sqlite; }
  std::string describe() const override { return "sqlite " + options_.path; }
  // The readers and the writer together.
  PoolStats pool_stats() override;
  // Polls PRAGMA data_version every half second; null for an in-memory database.
  std::unique_ptr<ChangeListener> listen(std::string_view channel) override;

 private:
  std::unique_ptr<SqliteSession> open_reader();
  Lease lease_reader(SqliteSession* session);

  SqliteOptions options_;
  std::string path_;  // the readers' (empty for an in-memory database: no readers)
  std::unique_ptr<SqliteSession> writer_;
  std::timed_mutex writer_mutex_;
  std::vector<std::unique_ptr<SqliteSession>> readers_;
  std::vector<SqliteSession*> idle_readers_;
  int opened_readers_ = 1;  // open or being opened
  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::atomic<bool> writer_busy_{false};
  std::atomic<std::int64_t> waits_{0};
};

}  // namespace polls::db
