// Tests for text/integer: whole-text decimal parsing with range checks.
#include "text/integer.hpp"

#include <doctest/doctest.h>

#include <cstdint>

using polls::text::parse_digits;
using polls::text::parse_integer;

TEST_CASE("parse_integer takes the whole text or nothing") {
  CHECK(parse_integer<int>("42") == 42);
  CHECK(parse_integer<int>("-3") == -3);
  CHECK(parse_integer<int>("007") == 7);
  CHECK(parse_integer<std::int64_t>("9223372036854775807") == INT64_MAX);
  for (const char* bad : {"", "+1", " 1", "1 ", "1x", "0x10", "-", "1.0", "2147483648"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_integer<int>(bad).has_value());
  }
  CHECK_FALSE(parse_integer<std::uint32_t>("-1").has_value());
}

TEST_CASE("parse_digits takes digits only, as Django's <int:> converter") {
  CHECK(parse_digits<std::int64_t>("0") == 0);
  CHECK(parse_digits<std::int64_t>("17") == 17);
  for (const char* bad : {"", "-1", "-0", "+1", "1e3", "9223372036854775808"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_digits<std::int64_t>(bad).has_value());
  }
}

TEST_CASE("fixed_digits reads a field of a date or time, all digits") {
  CHECK(polls::text::fixed_digits("2026-07-14", 0, 4) == 2026);
  CHECK(polls::text::fixed_digits("2026-07-14", 5, 2) == 7);
  CHECK_FALSE(polls::text::fixed_digits("2026-07-14", 8, 3).has_value());  // past the end
  CHECK_FALSE(polls::text::fixed_digits("2026-07-14", 3, 2).has_value());  // "6-"
  CHECK_FALSE(polls::text::fixed_digits("-7", 0, 2).has_value());
  CHECK_FALSE(polls::text::fixed_digits("12", 5, 1).has_value());
}
