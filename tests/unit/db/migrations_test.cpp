// The migration runner: applying, recording, running twice, and adopting a Django database.
#include "db/migrations.hpp"

#include <doctest/doctest.h>

#include "db/errors.hpp"
#include "unit/db/test_database.hpp"

using polls::db::Dialect;
using polls::db::embedded_migrations;
using polls::db::migrate;
using polls::testing::TempDatabase;

namespace {
std::int64_t count(polls::db::Database& database, std::string_view sql) {
  auto session = database.read();
  return session->query(sql).integer(0, 0);
}
constexpr std::string_view kTables =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('polls_question', "
    "'polls_choice')";
constexpr std::string_view kDjangoRecord =
    "SELECT count(*) FROM django_migrations WHERE app = 'polls' AND name = '0001_initial'";
constexpr std::string_view kQuestions = "SELECT count(*) FROM polls_question";
}  // namespace

TEST_CASE("the embedded SQLite migrations start with Django's 0001_initial") {
  const auto migrations = embedded_migrations(Dialect::Sqlite);
  REQUIRE_FALSE(migrations.empty());
  CHECK(migrations.front().name == "0001_initial");
  CHECK(migrations.front().sql.find("CREATE TABLE \"polls_question\"") != std::string::npos);
}

TEST_CASE("a fresh database gets the Django schema and records it for polls and for Django") {
  TempDatabase database(false);
  const auto report = migrate(*database, embedded_migrations(Dialect::Sqlite));
  CHECK(report.applied == std::vector<std::string>{"0001_initial"});
  CHECK(count(*database, kTables) == 2);
  CHECK(count(*database, kDjangoRecord) == 1);
}

TEST_CASE("migrating twice changes nothing the second time") {
  TempDatabase database(false);
  migrate(*database, embedded_migrations(Dialect::Sqlite));
  const auto again = migrate(*database, embedded_migrations(Dialect::Sqlite));
  CHECK(again.applied.empty());
  CHECK(again.adopted.empty());
  CHECK(again.already == std::vector<std::string>{"0001_initial"});
  CHECK(count(*database, kDjangoRecord) == 1);
}

TEST_CASE("a database made by Django is adopted: nothing is re-created and its data stays") {
  TempDatabase database(false);
  {
    auto session = database->write();
    // What Django's `migrate` leaves behind, with a question already in it.
    session->execute_script(embedded_migrations(Dialect::Sqlite).front().sql);
    session->execute_script(
        "INSERT INTO polls_question (question_text, pub_date) VALUES ('From Django?', '2026-01-01 "
        "00:00:00');");
  }
  const auto report = migrate(*database, embedded_migrations(Dialect::Sqlite));
  CHECK(report.adopted == std::vector<std::string>{"0001_initial"});
  CHECK(report.applied.empty());
  CHECK(count(*database, kQuestions) == 1);
  CHECK(count(*database, kDjangoRecord) == 1);
}

TEST_CASE("a migration that fails rolls back and names itself") {
  TempDatabase database(false);
  const std::vector<polls::db::Migration> broken = {
      {"0001_ok", "CREATE TABLE t1 (x integer);"},
      {"0002_broken", "CREATE TABLE t2 (x integer); THIS IS NOT SQL;"}};
  CHECK_THROWS_WITH_AS(migrate(*database, broken), doctest::Contains("0002_broken"),
                       polls::db::Error);
  CHECK(count(*database, "SELECT count(*) FROM sqlite_master WHERE name = 't2'") == 0);
  CHECK(count(*database, "SELECT count(*) FROM polls_migrations WHERE name = '0001_ok'") == 1);
}
