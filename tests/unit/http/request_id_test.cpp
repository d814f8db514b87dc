// Generated request ids: one prefix per process, a counter after it, safe to reflect.
#include "http/request_id.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using polls::http::is_acceptable_request_id;
using polls::http::new_request_id;

namespace {

bool is_lower_hex(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

TEST_CASE("generated request ids share this process's prefix and count up") {
  const std::string first = new_request_id();
  REQUIRE(first.size() >= 17);
  REQUIRE(first[8] == '-');
  const std::string prefix = first.substr(0, 8);
  CHECK(is_lower_hex(prefix));
  CHECK(is_lower_hex(first.substr(9)));
  CHECK(is_acceptable_request_id(first));

  std::set<std::string> seen{first};
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_request_id();
    CHECK(id.starts_with(prefix + "-"));
    CHECK(is_acceptable_request_id(id));
    seen.insert(id);
  }
  CHECK(seen.size() == 1001);
  // The part after the prefix is the counter, in hexadecimal: a later id has a larger one.
  const std::string next = new_request_id();
  CHECK(std::stoull(next.substr(9), nullptr, 16) > std::stoull(first.substr(9), nullptr, 16));
}
