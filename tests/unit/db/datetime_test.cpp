// Django's datetime text in SQLite: writing it and reading it back, with the variants others write.
#include "db/datetime.hpp"

#include <doctest/doctest.h>

// Nothing here depends on the database backend: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using namespace std::chrono;
using polls::db::from_db_text;
using polls::db::Timestamp;
using polls::db::to_db_text;

namespace {
Timestamp at(int y, unsigned m, unsigned d, int h, int mi, int s, int us = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{mi} + seconds{s} +
         microseconds{us};
}
}  // namespace

TEST_CASE("timestamps are written as Django writes them, with a fraction only when there is one") {
  CHECK(to_db_text(at(2026, 11, 25, 16, 33, 5)) == "2026-11-25 16:33:05");
  CHECK(to_db_text(at(2026, 1, 2, 3, 4, 5, 120)) == "2026-01-02 03:04:05.000120");
  CHECK(to_db_text(at(2026, 1, 2, 3, 4, 5, 999999)) == "2026-01-02 03:04:05.999999");
  std::string out = "at ";
  polls::db::append_db_text(out, at(1, 1, 1, 0, 0, 0, 1));
  CHECK(out == "at 0001-01-01 00:00:00.000001");
}

TEST_CASE("Django's text and its variants are read back to the same instant") {
  const Timestamp t = at(2026, 11, 25, 16, 33, 5, 123456);
  CHECK(from_db_text("2026-11-25 16:33:05.123456") == t);
  CHECK(from_db_text("2026-11-25T16:33:05.123456") == t);
  CHECK(from_db_text("2026-11-25 16:33:05.123456Z") == t);
  CHECK(from_db_text("2026-11-25 16:33:05.123456+00:00") == t);
  CHECK(from_db_text("2026-11-25 16:33:05.123456+00") == t);
  CHECK(from_db_text("2026-11-25 17:33:05.123456+01:00") == t);
  CHECK(from_db_text("2026-11-25 16:33:05.123") == at(2026, 11, 25, 16, 33, 5, 123000));
  CHECK(from_db_text("2026-11-25 16:33:05") == at(2026, 11, 25, 16, 33, 5));
}

TEST_CASE("text that is not a datetime is refused") {
  for (const char* bad :
       {"", "2026-11-25", "2026-13-01 00:00:00", "2026-02-30 00:00:00", "2026-11-25 24:00:00",
        "2026-11-25 16:33:05.", "2026-11-25 16:33:05 junk", "yesterday"}) {
    CAPTURE(bad);
    CHECK_FALSE(from_db_text(bad).has_value());
  }
}

TEST_CASE("the text form sorts like the instants it names, so SQL can compare it") {
  CHECK(to_db_text(at(2026, 11, 25, 16, 0, 0)) < to_db_text(at(2026, 11, 25, 16, 0, 0, 1)));
  CHECK(to_db_text(at(2026, 11, 25, 9, 0, 0)) < to_db_text(at(2026, 11, 25, 10, 0, 0)));
}

TEST_SUITE_END();
