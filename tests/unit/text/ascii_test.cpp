// Tests for text/ascii: case folding that no locale changes.
#include "text/ascii.hpp"

#include <doctest/doctest.h>

using polls::text::ascii_lower;
using polls::text::iequals;

TEST_CASE("iequals ignores ASCII case on both sides and nothing else") {
  CHECK(iequals("Content-Length", "content-length"));
  CHECK(iequals("content-length", "CONTENT-LENGTH"));
  CHECK(iequals("", ""));
  CHECK_FALSE(iequals("content-length", "content-lengths"));
  CHECK_FALSE(iequals("\xc3\x89", "\xc3\xa9"));  // É and é: not ASCII, so not the same
  CHECK_FALSE(iequals("[", "{"));                // 0x5B and 0x7B differ by 32 but are not letters
}

TEST_CASE("ascii_lower lowers A-Z only") {
  CHECK(ascii_lower("HTTPS://Example.COM") == "https://example.com");
  CHECK(ascii_lower("\xc3\x89[@") == "\xc3\x89[@");
}
