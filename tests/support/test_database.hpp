// The database a test runs on, migrated unless asked otherwise, removed when the test ends.
//
// By default a SQLite file in a temporary folder. When POLLS_TEST_BACKEND=postgres (CTest sets
// it for the "[postgres]" copies of the suites), a fresh schema on the PostgreSQL server named by
// POLLS_TEST_DATABASE_URL (scripts/test starts one), so every test sees an empty database and
// tests can run in parallel.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "db/database.hpp"
#include "support/run_guard.hpp"
#include "support/temp_dir.hpp"

namespace polls::testing {

struct TestDatabaseOptions {
  bool migrated = true;
  int pool_size = 4;
  int busy_timeout_ms = 2000;
};

class TestDatabase {
 public:
  explicit TestDatabase(TestDatabaseOptions options = {});
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  db::Database& operator*() { return *database_; }
  db::Database* operator->() { return database_.get(); }
  db::Dialect dialect() const { return database_->dialect(); }
  // A DATABASE_URL for this database, to hand to another connection or a polls process.
  const std::string& url() const { return url_; }
  // Whether a table of that name exists (in this test's schema).
  bool has_table(std::string_view name);
  // Another handle on this same database, with connections of its own: as another process on
  // the SQLite file, or another replica on PostgreSQL.
  std::unique_ptr<db::Database> open_another() const;

 private:
  std::unique_ptr<TempDir> folder_;  // SQLite
  std::string path_;                 // SQLite: the file
  std::string admin_url_;            // PostgreSQL: the server, to create and drop the schema
  std::string schema_;
  std::string url_;
  std::unique_ptr<db::Database> database_;
  std::uint64_t statements_after_setup_ = 0;  // what migrating ran, not the test (run_guard.hpp)
};

}  // namespace polls::testing
