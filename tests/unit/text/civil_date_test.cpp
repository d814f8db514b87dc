// Tests for text/civil_date: ISO 8601 dates and times of day.
#include "text/civil_date.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace std::chrono;
using polls::text::append_date;
using polls::text::append_time;
using polls::text::format_date;

TEST_CASE("dates have four-digit years and two-digit months and days") {
  CHECK(format_date(2026y / July / 14) == "2026-07-14");
  CHECK(format_date(year{26} / January / 5) == "0026-01-05");
  CHECK(format_date(year{0} / December / 31) == "0000-12-31");
  CHECK(format_date(year{-1} / March / 1) == "-001-03-01");  // as printf's %04d
  CHECK(format_date(year{12345} / March / 1) == "12345-03-01");
}

TEST_CASE("times of day are HH:MM:SS, appended after what is there") {
  std::string out = "at ";
  append_time(out, hh_mm_ss<seconds>{hours{9} + minutes{5}});
  CHECK(out == "at 09:05:00");
  out.clear();
  append_date(out, 1999y / December / 31);
  out += ' ';
  append_time(out, hh_mm_ss<seconds>{hours{23} + minutes{59} + seconds{59}});
  CHECK(out == "1999-12-31 23:59:59");
}

TEST_CASE("an instant is its date and time of day with the separator between") {
  using polls::text::append_date_time;
  std::string out;
  append_date_time(out, sys_days{2026y / July / 14} + hours{9} + minutes{5} + seconds{7}, 'T');
  CHECK(out == "2026-07-14T09:05:07");
  out.clear();
  append_date_time(out, sys_seconds{seconds{-1}}, ' ');  // the second before the epoch
  CHECK(out == "1969-12-31 23:59:59");
}
