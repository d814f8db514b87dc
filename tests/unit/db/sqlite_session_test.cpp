// Opening a SQLite connection: a file that is not a database fails with an error that names the
// file (and, in the sanitizer build, leaks nothing: every handle has an owner).
#include "db/sqlite_session.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "db/errors.hpp"
#include "db/sqlite_database.hpp"
#include "support/temp_dir.hpp"

// SQLite's own behaviour: run once (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

namespace {

// A text file where a database is expected, in a folder of its own (removed with whatever
// SQLite left beside it).
struct NotADatabase {
  polls::testing::TempDir folder{"polls-not-a-db"};
  std::filesystem::path path = folder / "not-a-db.db";
  NotADatabase() {
    std::ofstream file(path);
    for (int i = 0; i < 100; ++i) file << "this is a text file, not a database\n";
  }
};

}  // namespace

TEST_CASE("opening a file that is not a database fails with an error naming the file") {
  const NotADatabase file;
  const std::string expected =
      "cannot open SQLite database \"" + file.path.string() + "\": file is not a database";
  SUBCASE("one connection") {
    CHECK_THROWS_WITH_AS(polls::db::SqliteSession(file.path.string(), 100, false), expected.c_str(),
                         polls::db::Error);
  }
  SUBCASE("the pool") {
    CHECK_THROWS_WITH_AS(polls::db::SqliteDatabase({.path = file.path.string(), .readers = 2}),
                         expected.c_str(), polls::db::Error);
  }
  // Waiting will not fix it: not Unavailable (a 503 while serving), the 500 of a broken database.
  try {
    polls::db::SqliteSession session(file.path.string(), 100, false);
  } catch (const polls::db::Unavailable&) {
    FAIL("a file that is not a database is not a transient failure");
  } catch (const polls::db::Error&) {
  }
}

TEST_CASE("a statement SQLite prepares again after a schema change reads its new columns") {
  const polls::testing::TempDir folder{"polls-reprepare"};
  polls::db::SqliteSession session((folder / "t.db").string(), 100, false);
  session.execute_script("CREATE TABLE t (a integer); INSERT INTO t VALUES (1);");
  static constexpr std::string_view kAll = "SELECT * FROM t";
  const polls::db::Rows before = session.query(kAll);
  REQUIRE(before.size() == 1);
  CHECK(before.integer(0, 0) == 1);
  // The cached statement now returns two columns: both are read, and named in errors.
  session.execute_script("ALTER TABLE t ADD COLUMN b text; UPDATE t SET b = 'x';");
  const polls::db::Rows after = session.query(kAll);
  REQUIRE(after.size() == 1);
  CHECK(after.integer(0, 0) == 1);
  CHECK(after.text(0, 1) == "x");
  CHECK_THROWS_WITH_AS(after.integer(0, 1), "column \"b\" holds \"x\", not an integer",
                       polls::db::Error);
}

TEST_SUITE_END();
