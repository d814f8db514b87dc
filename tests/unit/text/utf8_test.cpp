// Tests for text/utf8: the one definition of valid UTF-8 and the helpers built on it.
#include "text/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using polls::text::decode_utf8;
using polls::text::is_valid_utf8;
using polls::text::utf8_first_code_points;
using polls::text::utf8_length;
using polls::text::utf8_prefix;

TEST_CASE("is_valid_utf8 follows RFC 3629") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ASCII"));
  CHECK(is_valid_utf8("\u00e9\u20ac\U0001F600"));
  CHECK(is_valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF, the last code point
  CHECK(is_valid_utf8(std::string("a\0b", 3)));
  CHECK_FALSE(is_valid_utf8("\x80"));              // a lone continuation byte
  CHECK_FALSE(is_valid_utf8("\xc3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xc0\x80"));          // overlong NUL
  CHECK_FALSE(is_valid_utf8("\xe0\x80\xaf"));      // overlong
  CHECK_FALSE(is_valid_utf8("\xf0\x80\x80\xaf"));  // overlong
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate U+D800
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("\xe2\x28\xa1"));  // bad continuation
  CHECK_FALSE(is_valid_utf8("\xff"));
}

TEST_CASE("decode_utf8 steps through code points and refuses what is not valid") {
  const std::string text = "a\u00e9\u20ac\U0001F600";
  std::size_t at = 0;
  std::u32string seen;
  while (at < text.size()) {
    const auto code_point = decode_utf8(text, at);
    REQUIRE(code_point);
    seen += code_point->value;
    at += code_point->length;
  }
  CHECK(seen == U"a\u00e9\u20ac\U0001F600");
  CHECK(decode_utf8("\xed\x9f\xbf", 0)->value == 0xD7FF);  // just below the surrogates
  CHECK_FALSE(decode_utf8("\xc0\xaf", 0));                 // overlong '/'
  CHECK_FALSE(decode_utf8("\xed\xbf\xbf", 0));             // surrogate U+DFFF
  CHECK_FALSE(decode_utf8("\xe2\x82", 0));                 // cut short
  CHECK_FALSE(decode_utf8("x\x80", 1));                    // a continuation byte alone
}

TEST_CASE("utf8_prefix never cuts a character") {
  CHECK(utf8_prefix("abc", 5) == "abc");
  CHECK(utf8_prefix("abc", 2) == "ab");
  CHECK(utf8_prefix("a\u20ac", 3) == "a");  // the euro sign takes three bytes
  CHECK(utf8_prefix("a\u20ac", 4) == "a\u20ac");
  CHECK(utf8_prefix("\u20ac", 0).empty());
}

TEST_CASE("code points are counted and kept as a varchar column counts them") {
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("caf\u00e9") == 4);
  CHECK(utf8_length("\U0001F600\U0001F600") == 2);
  CHECK(utf8_first_code_points("caf\u00e9s", 4) == "caf\u00e9");
  CHECK(utf8_first_code_points("caf\u00e9", 4) == "caf\u00e9");
  CHECK(utf8_first_code_points("caf\u00e9", 0).empty());
}
