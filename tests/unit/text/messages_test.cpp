// Tests for text/messages: quoted values and counted nouns.
#include "text/messages.hpp"

#include <doctest/doctest.h>

using polls::text::counted;
using polls::text::quote;

TEST_CASE("quote wraps text in double quotes as it is") {
  CHECK(quote("8000") == "\"8000\"");
  CHECK(quote("") == "\"\"");
  CHECK(quote("a\"b") == "\"a\"b\"");
}

TEST_CASE("counted agrees the noun with the count") {
  CHECK(counted(0, "vote", "votes") == "0 votes");
  CHECK(counted(1, "vote", "votes") == "1 vote");
  CHECK(counted(2, "vote", "votes") == "2 votes");
  CHECK(counted(-1, "minute", "minutes") == "-1 minutes");
}
