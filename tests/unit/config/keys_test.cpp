// The key table is consistent with Config and with the naming rules for variables and flags.
#include "config/keys.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

namespace polls::config {
namespace {

std::string env_name(std::string_view key) {
  std::string out = "POLLS_";
  for (const char c : key) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

TEST_CASE("every key has a doc line, its POLLS_ variable, and a unique member") {
  std::set<std::string_view> names;
  std::vector<Member> members;  // member pointers have no order, so no std::set
  for (const auto& key : keys()) {
    CAPTURE(key.name);
    CHECK(names.insert(key.name).second);
    CHECK(std::ranges::find(members, key.member) == members.end());
    members.push_back(key.member);
    CHECK_FALSE(key.doc.empty());
    CHECK(std::ranges::find(key.env, env_name(key.name)) != key.env.end());
    CHECK((key.flag.empty() || key.flag.starts_with("--")));
    CHECK(find_key(key.name) == &key);
  }
  CHECK(find_key("nope") == nullptr);
  CHECK(keys().size() == 39);  // one per member of Config
}

TEST_CASE("every integer default lies within its key's range") {
  const Config defaults;
  for (const auto& key : keys()) {
    if (const auto* member = std::get_if<int Config::*>(&key.member)) {
      CAPTURE(key.name);
      CHECK(key.min <= defaults.*(*member));
      CHECK(defaults.*(*member) <= key.max);
    }
  }
}

TEST_CASE("expected_text describes each type") {
  CHECK(expected_text(*find_key("threads")) == "an integer from 1 to 1024");
  CHECK(expected_text(*find_key("trust_x_forwarded_proto")) == "true or false");
  CHECK(expected_text(*find_key("csrf_trusted_origins")) == "an array of strings");
  CHECK(expected_text(*find_key("log_level")) == "a string");
  CHECK(expected_text(*find_key("listen")) == "a string \"host:port\"");
}

}  // namespace
}  // namespace polls::config
