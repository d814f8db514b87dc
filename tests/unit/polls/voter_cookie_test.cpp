// The voter cookie: signed ids, refused forgeries.
#include "polls/voter_cookie.hpp"

#include <doctest/doctest.h>

using polls::polls_app::new_voter_cookie;
using polls::polls_app::voter_of_cookie;

namespace {
constexpr std::string_view kKey = "a secret key of at least thirty-two characters";
}

TEST_SUITE_BEGIN("sqlite_only");

TEST_CASE("a new voter cookie names a browser voter, a different one each time") {
  const std::string a = new_voter_cookie(kKey);
  const std::string b = new_voter_cookie(kKey);
  CHECK(a != b);
  CHECK(a.size() == 65);
  const auto voter = voter_of_cookie(kKey, a);
  REQUIRE(voter);
  CHECK(voter->starts_with("browser:"));
  CHECK(voter->find(a.substr(0, 32)) == std::string::npos);  // the table holds a hash
  CHECK(voter_of_cookie(kKey, a) == voter);
  CHECK(voter_of_cookie(kKey, b) != voter);
}

TEST_CASE("a voter cookie with a changed id or signature, or another key's, is refused") {
  const std::string cookie = new_voter_cookie(kKey);
  std::string id_changed = cookie;
  id_changed[0] = id_changed[0] == '0' ? '1' : '0';
  std::string signature_changed = cookie;
  signature_changed.back() = signature_changed.back() == '0' ? '1' : '0';
  CHECK_FALSE(voter_of_cookie(kKey, id_changed));
  CHECK_FALSE(voter_of_cookie(kKey, signature_changed));
  CHECK_FALSE(voter_of_cookie("another secret key of thirty-two characters", cookie));
  CHECK_FALSE(voter_of_cookie(kKey, ""));
  CHECK_FALSE(voter_of_cookie(kKey, cookie.substr(0, 64)));
  CHECK_FALSE(voter_of_cookie(kKey, cookie + "0"));
  std::string no_dot = cookie;
  no_dot[32] = '0';
  CHECK_FALSE(voter_of_cookie(kKey, no_dot));
}

TEST_CASE("a staff voter is named by the user's id") {
  CHECK(polls::polls_app::voter_of_user(42) == "user:42");
}

TEST_SUITE_END();
