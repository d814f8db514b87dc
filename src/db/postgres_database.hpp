// PostgreSQL backend: a bounded pool of connections, opened when first needed and replaced when
// the server drops them, so polls rides out a database restart without restarting itself.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/postgres_session.hpp"
#include "db/shared_check.hpp"

namespace polls::db {

struct PostgresOptions {
  PostgresConnectOptions connect;
  int pool_size = 8;              // connections open at most
  int acquire_timeout_ms = 5000;  // how long a request waits for a free connection
  // After a failed connection attempt, further attempts within this time fail at once with the
  // same error, and after it one attempt at a time probes the server while the others fail at
  // once: an unreachable or silent server costs other requests nothing (readiness says 503).
  int reconnect_pause_ms = 1000;
};

class PostgresDatabase final : public Database {
 public:
  // Checks the URL and opens one connection (throws Misconfigured or Unavailable).
  explicit PostgresDatabase(PostgresOptions options);
  ~PostgresDatabase() override;

  Lease read() override { return lease(options_.acquire_timeout_ms); }
  Lease write() override { return lease(options_.acquire_timeout_ms); }
  bool ping() override;
  Dialect dialect() const override { return Dialect::Postgres; }
  std::string describe() const override;
  PoolStats pool_stats() override;
  // LISTEN on `channel` on a connection of its own.
  std::unique_ptr<ChangeListener> listen(std::string_view channel) override;
  // One snapshot for every caller that arrived before it was taken (shared_check.hpp).
  std::uint64_t data_version() override { return version_check_.run(); }

 private:
  Lease lease(int timeout_ms);
  std::unique_ptr<PostgresSession> connect();
  void give_back(PostgresSession* session);

  PostgresOptions options_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PostgresSession>> idle_;
  int open_ = 0;  // idle plus leased plus being opened
  std::int64_t waits_ = 0;
  std::chrono::steady_clock::time_point failed_at_{};
  std::string last_failure_;
  bool last_failure_permanent_ = false;
  bool probing_ = false;  // a connection attempt is under way while the server is failing
  SharedCheck version_check_{[this] { return Database::data_version(); }};
};

}  // namespace polls::db
