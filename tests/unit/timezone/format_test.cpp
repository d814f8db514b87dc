// Tests for timezone/format: ISO 8601 and English renderings of instants in real zones.
#include "timezone/format.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string_view>

using polls::tz::iso8601;
using polls::tz::readable;
using polls::tz::TimeZone;
using namespace std::chrono;

namespace {

using Instant = sys_time<microseconds>;

Instant utc(year_month_day date, hours h, minutes m, seconds s, microseconds us = 0us) {
  return sys_days{date} + h + m + s + us;
}

TimeZone load(std::string_view name) {
  auto zone = TimeZone::load(name);
  REQUIRE(zone.has_value());
  return std::move(*zone);
}

}  // namespace

TEST_CASE("iso8601 writes local time to the second with a numeric offset") {
  const auto t = utc(2026y / November / 25, 16h, 3min, 4s, 123456us);
  CHECK(iso8601(t, load("Europe/Paris")) == "2026-11-25T17:03:04+01:00");
  CHECK(iso8601(t, load("UTC")) == "2026-11-25T16:03:04+00:00");
  CHECK(iso8601(t, load("America/New_York")) == "2026-11-25T11:03:04-05:00");
  CHECK(iso8601(t, load("Asia/Kolkata")) == "2026-11-25T21:33:04+05:30");
  CHECK(iso8601(t, load("America/St_Johns")) == "2026-11-25T12:33:04-03:30");
  CHECK(iso8601(t, load("Australia/Lord_Howe")) == "2026-11-26T03:03:04+11:00");
}

TEST_CASE("iso8601 uses the summer offset in summer") {
  CHECK(iso8601(utc(2026y / July / 14, 10h, 0min, 0s), load("Europe/Paris")) ==
        "2026-07-14T12:00:00+02:00");
}

TEST_CASE("iso8601 drops fractions of a second instead of rounding them") {
  const auto paris = load("Europe/Paris");
  CHECK(iso8601(utc(2026y / December / 31, 22h, 59min, 59s, 999999us), paris) ==
        "2026-12-31T23:59:59+01:00");
  // Before the epoch too: half a second before it is still 23:59:59.
  CHECK(iso8601(Instant{-500000us}, load("UTC")) == "1969-12-31T23:59:59+00:00");
}

TEST_CASE("iso8601 crosses into the next local day and year") {
  CHECK(iso8601(utc(2026y / December / 31, 23h, 30min, 0s), load("Europe/Paris")) ==
        "2027-01-01T00:30:00+01:00");
}

TEST_CASE("iso8601 keeps the seconds of local mean time offsets") {
  CHECK(iso8601(utc(1880y / January / 1, 0h, 0min, 0s), load("Europe/Paris")) ==
        "1880-01-01T00:09:21+00:09:21");
  CHECK(iso8601(utc(1850y / January / 1, 0h, 0min, 0s), load("America/New_York")) ==
        "1849-12-31T19:03:58-04:56:02");
}

TEST_CASE("readable spells out the weekday and month in English with the abbreviation") {
  const auto paris = load("Europe/Paris");
  CHECK(readable(utc(2026y / November / 25, 16h, 3min, 4s, 123456us), paris) ==
        "Wednesday 25 November 2026, 17:03:04 CET");
  CHECK(readable(utc(2026y / March / 29, 1h, 0min, 0s), paris) ==
        "Sunday 29 March 2026, 03:00:00 CEST");
}

TEST_CASE("readable writes single-digit days without padding") {
  CHECK(readable(utc(2026y / November / 1, 6h, 0min, 0s), load("America/New_York")) ==
        "Sunday 1 November 2026, 01:00:00 EST");
  CHECK(readable(utc(2026y / January / 5, 0h, 0min, 0s), load("UTC")) ==
        "Monday 5 January 2026, 00:00:00 UTC");
}

TEST_CASE("readable shows numeric abbreviations as the zone data spells them") {
  CHECK(readable(utc(2026y / July / 1, 0h, 0min, 0s), load("Australia/Lord_Howe")) ==
        "Wednesday 1 July 2026, 10:30:00 +1030");
}
