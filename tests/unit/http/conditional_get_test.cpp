// Conditional GET: entity tags of bodies, and If-None-Match lists.
#include "http/conditional_get.hpp"

#include <doctest/doctest.h>

using polls::http::etag_matches;
using polls::http::etag_of;

TEST_CASE("an entity tag is quoted, the same for the same bytes and different for others") {
  const std::string tag = etag_of("{\"count\":0}");
  CHECK(tag.size() == 22);
  CHECK(tag.front() == '"');
  CHECK(tag.back() == '"');
  CHECK(etag_of("{\"count\":0}") == tag);
  CHECK(etag_of("{\"count\":1}") != tag);
}

TEST_CASE("If-None-Match matches its tag in a list, weak or strong, or any tag with *") {
  const std::string tag = "\"abc\"";
  CHECK(etag_matches("\"abc\"", tag));
  CHECK(etag_matches("W/\"abc\"", tag));
  CHECK(etag_matches("\"x\", \"abc\"", tag));
  CHECK(etag_matches("\"x\",\t\"abc\" ", tag));
  CHECK(etag_matches("*", tag));
  CHECK(etag_matches(" * ", tag));
}

TEST_CASE("If-None-Match without the tag, or with it unquoted or altered, does not match") {
  const std::string tag = "\"abc\"";
  CHECK_FALSE(etag_matches("", tag));
  CHECK_FALSE(etag_matches("abc", tag));
  CHECK_FALSE(etag_matches("\"abcd\"", tag));
  CHECK_FALSE(etag_matches("\"x\", \"y\"", tag));
  CHECK_FALSE(etag_matches(",,", tag));
  CHECK_FALSE(etag_matches("w/\"abc\"", tag));
}
