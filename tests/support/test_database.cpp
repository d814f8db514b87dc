// See test_database.hpp.
#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include "db/migrations.hpp"
#include "db/postgres_database.hpp"
#include "db/sqlite_database.hpp"

namespace polls::testing {

namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(random() % 100000);
}

std::string server_url() {
  const char* url = std::getenv("POLLS_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "POLLS_TEST_BACKEND=postgres needs POLLS_TEST_DATABASE_URL (scripts/test starts a server; "
        "by hand: eval \"$(scripts/postgres-server start)\")");
  }
  return url;
}

// The server's URL with libpq's options parameter setting the schema search path.
std::string with_search_path(const std::string& url, const std::string& schema) {
  const char separator = url.find('?') == std::string::npos ? '?' : '&';
  return url + separator + "options=-csearch_path%3D" + schema;
}

void run_admin(const std::string& url, const std::string& sql) {
  db::PostgresSession admin({.url = url, .connect_timeout_seconds = 5, .statement_timeout_ms = 0});
  admin.execute_script(sql);
}

}  // namespace

TestDatabase::TestDatabase(TestDatabaseOptions options) {
  if (testing_postgres()) {
    admin_url_ = server_url();
    schema_ = "polls_test_" + unique_suffix();
    run_admin(admin_url_, "CREATE SCHEMA " + schema_);
    url_ = with_search_path(admin_url_, schema_);
    db::PostgresOptions postgres;
    postgres.connect.url = url_;
    postgres.pool_size = options.pool_size;
    postgres.acquire_timeout_ms = options.busy_timeout_ms;
    database_ = std::make_unique<db::PostgresDatabase>(postgres);
  } else {
    folder_ = std::make_unique<TempDir>("polls-test");
    path_ = (*folder_ / "polls.db").string();
    url_ = "sqlite://" + path_;
    database_ = std::make_unique<db::SqliteDatabase>(
        db::SqliteOptions{path_, options.pool_size, options.busy_timeout_ms});
  }
  if (options.migrated) db::migrate(*database_, db::embedded_migrations(database_->dialect()));
  statements_after_setup_ = database_->statement_latency().snapshot().count();
}

TestDatabase::~TestDatabase() {
  count_statements_after_setup(database_->statement_latency().snapshot().count() -
                               statements_after_setup_);
  database_.reset();
  if (!schema_.empty()) {
    try {
      run_admin(admin_url_, "DROP SCHEMA " + schema_ + " CASCADE");
    } catch (const std::exception&) {
      // A test that stopped the server leaves its schema behind; the server is thrown away.
    }
  }
  folder_.reset();
}

std::unique_ptr<db::Database> TestDatabase::open_another() const {
  if (path_.empty()) {
    db::PostgresOptions postgres;
    postgres.connect.url = url_;
    return std::make_unique<db::PostgresDatabase>(postgres);
  }
  return std::make_unique<db::SqliteDatabase>(db::SqliteOptions{path_});
}

bool TestDatabase::has_table(std::string_view name) {
  constexpr std::string_view kSqlite =
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1";
  constexpr std::string_view kPostgres =
      "SELECT count(*) FROM information_schema.tables WHERE table_name = $1 "
      "AND table_schema = current_schema()";
  auto session = database_->read();
  return session->query(dialect() == db::Dialect::Sqlite ? kSqlite : kPostgres, {name})
             .integer(0, 0) > 0;
}

}  // namespace polls::testing
