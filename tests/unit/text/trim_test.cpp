// Tests for text/trim.
#include "text/trim.hpp"

#include <doctest/doctest.h>

using polls::text::kSpaceAndTab;
using polls::text::kWhitespace;
using polls::text::trim;

TEST_CASE("trim drops only the blanks it is given, at both ends") {
  CHECK(trim("  a b \t", kSpaceAndTab) == "a b");
  CHECK(trim("\r\n a \n", kWhitespace) == "a");
  CHECK(trim("\na\n", kSpaceAndTab) == "\na\n");
  CHECK(trim(" \t a\t", " ") == "\t a\t");
  CHECK(trim("   ", kWhitespace).empty());
  CHECK(trim("", kWhitespace).empty());
}
