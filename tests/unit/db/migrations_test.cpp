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

TEST_CASE("the embedded migrations of both dialects start with Django's 0001_initial" *
          doctest::test_suite("sqlite_only")) {
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

TEST_CASE("both dialects have the same migrations, and the auth tables stand for Django's auth" *
          doctest::test_suite("sqlite_only")) {
  const auto sqlite = embedded_migrations(Dialect::Sqlite);
  const auto postgres = embedded_migrations(Dialect::Postgres);
  REQUIRE(sqlite.size() == postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    CHECK(sqlite[i].name == postgres[i].name);
    CHECK(sqlite[i].django_app == postgres[i].django_app);
    CHECK(sqlite[i].django_name == postgres[i].django_name);
  }
  REQUIRE(sqlite.size() >= 2);
  CHECK(sqlite[0].django_app == "polls");
  CHECK(sqlite[0].django_name == "0001_initial");
  CHECK(sqlite[1].name == "0002_auth");
  CHECK(sqlite[1].django_app == "auth");
  CHECK(sqlite[1].django_name == "0001_initial");
}

TEST_CASE("a first line \"-- django-migration: APP NAME\" is read, a malformed one refused" *
          doctest::test_suite("sqlite_only")) {
  const auto m = polls::db::make_migration("0009_x", "-- django-migration: auth 0003_y\nSELECT 1;");
  CHECK(m.django_app == "auth");
  CHECK(m.django_name == "0003_y");
  const auto plain = polls::db::make_migration("0009_x", "-- a comment\nSELECT 1;");
  CHECK(plain.django_app == "polls");
  CHECK(plain.django_name == "0009_x");
  CHECK_THROWS_AS(polls::db::make_migration("0009_x", "-- django-migration: auth\nSELECT 1;"),
                  polls::db::Error);
}

TEST_CASE("a fresh database gets the Django schema and records it for polls and for Django") {
  TestDatabase database({.migrated = false});
  const auto report = migrate(*database, embedded_migrations(database.dialect()));
  CHECK(report.applied == std::vector<std::string>{"0001_initial", "0002_auth",
                                                   "0003_admin_sessions", "0004_poll_rules",
                                                   "0005_question_pub_date_index"});
  CHECK(database.has_table("polls_question"));
  CHECK(database.has_table("polls_choice"));
  CHECK(database.has_table("auth_user"));
  CHECK(database.has_table("django_session"));
  CHECK(database.has_table("polls_session"));
  CHECK(database.has_table("polls_login_failure"));
  CHECK(count(*database, kDjangoRecord) == 1);
  // Every migration of contenttypes, auth, admin and sessions, so Django's migrate runs none.
  CHECK(count(*database,
              "SELECT count(*) FROM django_migrations WHERE app IN ('auth', 'contenttypes', "
              "'admin', 'sessions')") == 18);
}

TEST_CASE("migrating twice changes nothing the second time") {
  TestDatabase database({.migrated = false});
  migrate(*database, embedded_migrations(database.dialect()));
  const auto again = migrate(*database, embedded_migrations(database.dialect()));
  CHECK(again.applied.empty());
  CHECK(again.adopted.empty());
  CHECK(again.already == std::vector<std::string>{"0001_initial", "0002_auth",
                                                  "0003_admin_sessions", "0004_poll_rules",
                                                  "0005_question_pub_date_index"});
  CHECK(count(*database, kDjangoRecord) == 1);
}

TEST_CASE("a database made by Django is adopted: nothing is re-created and its data stays") {
  TestDatabase database({.migrated = false});
  {
    auto session = database->write();
    // What Django's `migrate` leaves behind (the migrations that mirror Django's), with a
    // question and a user already in it.
    for (const auto& migration : embedded_migrations(database.dialect())) {
      if (migration.name <= "0002_auth") session->execute_script(migration.sql);
    }
    session->execute_script(
        "INSERT INTO polls_question (question_text, pub_date) VALUES ('From Django?', '2026-01-01 "
        "00:00:00');"
        "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, "
        "is_staff, is_active, date_joined) VALUES ('!', true, 'admin', '', '', '', true, true, "
        "'2026-01-01 00:00:00');");
  }
  const auto report = migrate(*database, embedded_migrations(database.dialect()));
  CHECK(report.adopted == std::vector<std::string>{"0001_initial", "0002_auth"});
  CHECK(report.applied == std::vector<std::string>{"0003_admin_sessions", "0004_poll_rules",
                                                   "0005_question_pub_date_index"});  // polls' own
  CHECK(count(*database, kQuestions) == 1);
  CHECK(count(*database, "SELECT count(*) FROM auth_user") == 1);
  CHECK(count(*database, kDjangoRecord) == 1);
}

TEST_CASE("a Django database from before the auth tables gets them, and keeps its polls") {
  TestDatabase database({.migrated = false});
  {
    auto session = database->write();
    session->execute_script(embedded_migrations(database.dialect()).front().sql);
  }
  const auto report = migrate(*database, embedded_migrations(database.dialect()));
  CHECK(report.adopted == std::vector<std::string>{"0001_initial"});
  CHECK(report.applied == std::vector<std::string>{"0002_auth", "0003_admin_sessions",
                                                   "0004_poll_rules",
                                                   "0005_question_pub_date_index"});
  CHECK(database.has_table("auth_user"));
}

TEST_CASE("a migration that fails rolls back and names itself") {
  TestDatabase database({.migrated = false});
  const std::vector<polls::db::Migration> broken = {
      polls::db::make_migration("0001_ok", "CREATE TABLE t1 (x integer);"),
      polls::db::make_migration("0002_broken", "CREATE TABLE t2 (x integer); THIS IS NOT SQL;")};
  CHECK_THROWS_WITH_AS(migrate(*database, broken), doctest::Contains("0002_broken"),
                       polls::db::Error);
  CHECK(database.has_table("t1"));
  CHECK_FALSE(database.has_table("t2"));
  CHECK(count(*database, "SELECT count(*) FROM polls_migrations WHERE name = '0001_ok'") == 1);
}

TEST_CASE("four migrators at once: each migration applied once, nothing fails") {
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
  CHECK(applied == static_cast<int>(embedded_migrations(database.dialect()).size()));
  CHECK(count(*database, kDjangoRecord) == 1);
}
