// Timestamps and booleans as parameters and columns, on SQLite and (the [postgres] copies)
// PostgreSQL: stored as Django stores a DateTimeField and a BooleanField on each, read back to
// the same value, compared in SQL in time order, and a cell that is not one names its column.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "db/errors.hpp"
#include "support/test_database.hpp"

using polls::db::Dialect;
using polls::db::Timestamp;
using polls::testing::TestDatabase;
using namespace std::chrono;

namespace {

// The column types Django gives a DateTimeField and a BooleanField on each dialect.
constexpr std::string_view kCreateSqlite =
    "CREATE TABLE typed_test (id integer NOT NULL, at datetime NULL, flag bool NULL)";
constexpr std::string_view kCreatePostgres =
    "CREATE TABLE typed_test (id integer NOT NULL, at timestamp with time zone NULL, "
    "flag boolean NULL)";
constexpr std::string_view kInsert = "INSERT INTO typed_test (id, at, flag) VALUES ($1, $2, $3)";
constexpr std::string_view kSelect = "SELECT at, flag FROM typed_test WHERE id = $1";
constexpr std::string_view kAfter = "SELECT id FROM typed_test WHERE at > $1 ORDER BY at";
constexpr std::string_view kFlagged = "SELECT id FROM typed_test WHERE flag = $1 ORDER BY id";

Timestamp at(int y, unsigned m, unsigned d, int h, int mi, int s, int us = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{mi} + seconds{s} +
         microseconds{us};
}

void create_table(TestDatabase& database) {
  database->write()->execute(database.dialect() == Dialect::Sqlite ? kCreateSqlite
                                                                   : kCreatePostgres);
}

}  // namespace

TEST_CASE("a timestamp parameter is read back to the same instant, with or without microseconds") {
  TestDatabase database;
  create_table(database);
  const Timestamp whole = at(2026, 11, 25, 16, 33, 5);
  const Timestamp fraction = at(2026, 1, 2, 3, 4, 5, 120);
  const Timestamp earliest = at(1, 1, 1, 0, 0, 0);
  const Timestamp latest = at(9999, 12, 31, 23, 59, 59, 999999);
  auto session = database->write();
  session->execute(kInsert, {std::int64_t{1}, whole, nullptr});
  session->execute(kInsert, {std::int64_t{2}, fraction, nullptr});
  session->execute(kInsert, {std::int64_t{3}, earliest, nullptr});
  session->execute(kInsert, {std::int64_t{4}, latest, nullptr});
  CHECK(session->query(kSelect, {std::int64_t{1}}).timestamp(0, 0) == whole);
  CHECK(session->query(kSelect, {std::int64_t{2}}).timestamp(0, 0) == fraction);
  CHECK(session->query(kSelect, {std::int64_t{3}}).timestamp(0, 0) == earliest);
  CHECK(session->query(kSelect, {std::int64_t{4}}).optional_timestamp(0, 0) == latest);
}

TEST_CASE(
    "timestamps are stored as Django stores them: UTC text on SQLite, timestamptz on "
    "PostgreSQL") {
  TestDatabase database;
  create_table(database);
  auto session = database->write();
  session->execute(kInsert, {std::int64_t{1}, at(2026, 1, 2, 3, 4, 5, 120), nullptr});
  session->execute(kInsert, {std::int64_t{2}, at(2026, 11, 25, 16, 33, 5), nullptr});
  if (database.dialect() == Dialect::Sqlite) {
    constexpr std::string_view kStored = "SELECT typeof(at), at FROM typed_test ORDER BY id";
    const auto rows = session->query(kStored);
    CHECK(rows.text(0, 0) == "text");
    CHECK(rows.text(0, 1) == "2026-01-02 03:04:05.000120");
    CHECK(rows.text(1, 1) == "2026-11-25 16:33:05");
  } else {
    // The same instants whatever the session's time zone: the parameter says it is UTC.
    constexpr std::string_view kNewYork = "SET TimeZone = 'America/New_York'";
    constexpr std::string_view kUtc = "SET TimeZone = 'UTC'";
    session->execute(kNewYork);
    session->execute(kInsert, {std::int64_t{3}, at(2026, 7, 14, 10, 30, 0), nullptr});
    constexpr std::string_view kStored =
        "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM typed_test "
        "ORDER BY id";
    const auto rows = session->query(kStored);
    CHECK(rows.text(0, 0) == "2026-01-02 03:04:05.000120");
    CHECK(rows.text(1, 0) == "2026-11-25 16:33:05.000000");
    CHECK(rows.text(2, 0) == "2026-07-14 10:30:00.000000");
    // And read back in any session time zone (the text then carries an offset).
    CHECK(session->query(kSelect, {std::int64_t{3}}).timestamp(0, 0) == at(2026, 7, 14, 10, 30, 0));
    session->execute(kUtc);
  }
}

TEST_CASE("a timestamp parameter compares with stored timestamps in time order") {
  TestDatabase database;
  create_table(database);
  auto session = database->write();
  session->execute(kInsert, {std::int64_t{1}, at(2026, 11, 25, 16, 0, 0, 1), nullptr});
  session->execute(kInsert, {std::int64_t{2}, at(2026, 11, 25, 9, 0, 0), nullptr});
  session->execute(kInsert, {std::int64_t{3}, at(2026, 11, 25, 16, 0, 0), nullptr});
  session->execute(kInsert, {std::int64_t{4}, at(2026, 11, 25, 10, 0, 0), nullptr});
  const auto rows = session->query(kAfter, {at(2026, 11, 25, 9, 0, 0)});
  REQUIRE(rows.size() == 3);
  CHECK(rows.integer(0, 0) == 4);
  CHECK(rows.integer(1, 0) == 3);
  CHECK(rows.integer(2, 0) == 1);
  CHECK(session->query(kAfter, {at(2026, 11, 25, 16, 0, 0)}).size() == 1);
}

TEST_CASE("a NULL timestamp is nullopt, and refused where a timestamp is required") {
  TestDatabase database;
  create_table(database);
  auto session = database->write();
  session->execute(kInsert, {std::int64_t{1}, nullptr, nullptr});
  const auto rows = session->query(kSelect, {std::int64_t{1}});
  CHECK(rows.is_null(0, 0));
  CHECK(rows.optional_timestamp(0, 0) == std::nullopt);
  CHECK_THROWS_WITH_AS(rows.timestamp(0, 0), "column \"at\" is NULL, not a timestamp",
                       polls::db::Error);
}

TEST_CASE("a value that is not a timestamp, boolean or integer is refused, naming the column") {
  TestDatabase database;
  constexpr std::string_view kNotTyped = "SELECT 'next week' AS published, 'perhaps' AS ok";
  const auto rows = database->read()->query(kNotTyped);
  CHECK_THROWS_WITH_AS(rows.timestamp(0, 0),
                       "column \"published\" holds \"next week\", not a timestamp",
                       polls::db::Error);
  CHECK_THROWS_WITH_AS(rows.optional_timestamp(0, 0),
                       "column \"published\" holds \"next week\", not a timestamp",
                       polls::db::Error);
  CHECK_THROWS_WITH_AS(rows.boolean(0, 1), "column \"ok\" holds \"perhaps\", not a boolean",
                       polls::db::Error);
  CHECK_THROWS_WITH_AS(rows.integer(0, 1), "column \"ok\" holds \"perhaps\", not an integer",
                       polls::db::Error);
}

TEST_CASE("a boolean parameter is stored as Django stores it, read back and compared") {
  TestDatabase database;
  create_table(database);
  auto session = database->write();
  session->execute(kInsert, {std::int64_t{1}, nullptr, true});
  session->execute(kInsert, {std::int64_t{2}, nullptr, false});
  session->execute(kInsert, {std::int64_t{3}, nullptr, nullptr});
  CHECK(session->query(kSelect, {std::int64_t{1}}).boolean(0, 1));
  CHECK_FALSE(session->query(kSelect, {std::int64_t{2}}).boolean(0, 1));
  CHECK_FALSE(session->query(kSelect, {std::int64_t{3}}).boolean(0, 1));
  const auto flagged = session->query(kFlagged, {true});
  REQUIRE(flagged.size() == 1);
  CHECK(flagged.integer(0, 0) == 1);
  const auto unflagged = session->query(kFlagged, {false});
  REQUIRE(unflagged.size() == 1);
  CHECK(unflagged.integer(0, 0) == 2);
  if (database.dialect() == Dialect::Sqlite) {
    // Django's BooleanField on SQLite: the integers 1 and 0.
    constexpr std::string_view kStored = "SELECT typeof(flag), flag FROM typed_test ORDER BY id";
    const auto rows = session->query(kStored);
    CHECK(rows.text(0, 0) == "integer");
    CHECK(rows.text(0, 1) == "1");
    CHECK(rows.text(1, 1) == "0");
  } else {
    constexpr std::string_view kStored = "SELECT flag::text FROM typed_test ORDER BY id";
    const auto rows = session->query(kStored);
    CHECK(rows.text(0, 0) == "true");
    CHECK(rows.text(1, 0) == "false");
  }
}

TEST_CASE("parameters bind by their number wherever they appear in the statement") {
  TestDatabase database;
  create_table(database);
  auto session = database->write();
  const Timestamp when = at(2026, 12, 5, 18, 0, 0);
  session->execute(kInsert, {std::int64_t{1}, nullptr, nullptr});
  // $3 and $2 come before $1: SQLite numbers "$N" names by first appearance, not by N.
  constexpr std::string_view kOutOfOrder = "UPDATE typed_test SET flag = $3, at = $2 WHERE id = $1";
  CHECK(session->execute(kOutOfOrder, {std::int64_t{1}, when, true}) == 1);
  const auto row = session->query(kSelect, {std::int64_t{1}});
  CHECK(row.timestamp(0, 0) == when);
  CHECK(row.boolean(0, 1));
  // A number used twice binds the same value both times.
  constexpr std::string_view kTwice =
      "SELECT id FROM typed_test WHERE flag = $2 AND id = $1 "
      "AND at = $3 AND flag = $2";
  CHECK(session->query(kTwice, {std::int64_t{1}, true, when}).size() == 1);
}
