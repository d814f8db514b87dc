// The migration runner: applying, recording, running twice, adopting a Django database, and
// several migrators at once. Runs on SQLite, and on PostgreSQL in the [postgres] run.
#include "db/migrations.hpp"

#include <doctest/doctest.h>

#include <thread>

#include "db/errors.hpp"
#include "support/test_database.hpp"

using polls::db::Dialect;
using polls::db::embedded_migrations;
using polls::db::migrate;
using polls::testing::TestDatabase;

namespace {
std::int64_t count(polls::db::Database& database, std::string_view sql) {
  auto session = database.read();
  return session->query(sql).integer(0, 0);
}
constexpr std::string_view kDjangoRecord =
    "SELECT count(*) FROM django_migrations WHERE app = 'polls' AND name = '0001_initial'";
constexpr std::string_view kQuestions = "SELECT count(*) FROM polls_question";
}  // namespace

TEST_CASE("the embedded migrations of both dialects start with Django's 0001_initial") {
  for (const Dialect dialect : {Dialect::Sqlite, Dialect::Postgres}) {
    const auto migrations = embedded_migrations(dialect);
    REQUIRE_FALSE(migrations.empty());
    CHECK(migrations.front().name == "0001_initial");
    CHECK(migrations.front().sql.find("CREATE TABLE \"polls_question\"") != std::string::npos);
    // The runner owns the transaction: a BEGIN or COMMIT in the file would break it.
    CHECK(migrations.front().sql.find("COMMIT;") == std::string::npos);
    CHECK(migrations.front().sql.find("BEGIN;") == std::string::npos);
  }
  CHECK(embedded_migrations(Dialect::Sqlite).size() ==
        embedded_migrations(Dialect::Postgres).size());
}

TEST_CASE("a fresh database gets the Django schema and records it for polls and for Django") {
  TestDatabase database({.migrated = false});
  const auto report = migrate(*database, embedded_migrations(database.dialect()));
  CHECK(report.applied == std::vector<std::string>{"0001_initial"});
  CHECK(database.has_table("polls_question"));
  CHECK(database.has_table("polls_choice"));
  CHECK(count(*database, kDjangoRecord) == 1);
}

TEST_CASE("migrating twice changes nothing the second time") {
  TestDatabase database({.migrated = false});
  migrate(*database, embedded_migrations(database.dialect()));
  const auto again = migrate(*database, embedded_migrations(database.dialect()));
  CHECK(again.applied.empty());
  CHECK(again.adopted.empty());
  CHECK(again.already == std::vector<std::string>{"0001_initial"});
  CHECK(count(*database, kDjangoRecord) == 1);
}

TEST_CASE("a database made by Django is adopted: nothing is re-created and its data stays") {
  TestDatabase database({.migrated = false});
  {
    auto session = database->write();
    // What Django's `migrate` leaves behind, with a question already in it.
    session->execute_script(embedded_migrations(database.dialect()).front().sql);
    session->execute_script(
        "INSERT INTO polls_question (question_text, pub_date) VALUES ('From Django?', '2026-01-01 "
        "00:00:00');");
  }
  const auto report = migrate(*database, embedded_migrations(database.dialect()));
  CHECK(report.adopted == std::vector<std::string>{"0001_initial"});
  CHECK(report.applied.empty());
  CHECK(count(*database, kQuestions) == 1);
  CHECK(count(*database, kDjangoRecord) == 1);
}

TEST_CASE("a migration that fails rolls back and names itself") {
  TestDatabase database({.migrated = false});
  const std::vector<polls::db::Migration> broken = {
      {"0001_ok", "CREATE TABLE t1 (x integer);"},
      {"0002_broken", "CREATE TABLE t2 (x integer); THIS IS NOT SQL;"}};
  CHECK_THROWS_WITH_AS(migrate(*database, broken), doctest::Contains("0002_broken"),
                       polls::db::Error);
  CHECK(database.has_table("t1"));
  CHECK_FALSE(database.has_table("t2"));
  CHECK(count(*database, "SELECT count(*) FROM polls_migrations WHERE name = '0001_ok'") == 1);
}

TEST_CASE("four migrators at once: one applies, the others find it done, nothing fails") {
  TestDatabase database({.migrated = false, .pool_size = 4});
  std::vector<polls::db::MigrationReport> reports(4);
  std::vector<std::string> errors(4);
  std::vector<std::thread> migrators;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    migrators.emplace_back([&, i] {
      try {
        reports[i] = migrate(*database, embedded_migrations(database.dialect()));
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& m : migrators) m.join();
  int applied = 0;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    CHECK(errors[i] == "");
    applied += static_cast<int>(reports[i].applied.size());
  }
  CHECK(applied == 1);
  CHECK(count(*database, kDjangoRecord) == 1);
}
