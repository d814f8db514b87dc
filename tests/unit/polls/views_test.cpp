// The pure helpers of the polls views.
#include "polls/views.hpp"

#include <doctest/doctest.h>

// Nothing here depends on the database backend: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::polls_app::parse_choice_id;
using polls::polls_app::votes_label;

TEST_CASE("vote counts are pluralised as the tutorial's template does") {
  CHECK(votes_label(0) == "0 votes");
  CHECK(votes_label(1) == "1 vote");
  CHECK(votes_label(2) == "2 votes");
}

TEST_CASE("a submitted choice is a plain non-negative 64-bit number or nothing") {
  CHECK(parse_choice_id("17") == 17);
  for (const char* bad : {"", "-1", "+1", "1.5", "1 ", " 1", "abc", "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_choice_id(bad).has_value());
  }
}

TEST_SUITE_END();
