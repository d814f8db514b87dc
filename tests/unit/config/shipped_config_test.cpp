// The shipped config/polls.toml must not drift from the key table: it sets every key to exactly
// its default and names each key's environment variables and flag.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "config/keys.hpp"
#include "config/loader.hpp"
#include "config_test_support.hpp"

namespace polls::config {
namespace {

// tests/unit/config/ -> the repository root.
const std::filesystem::path kShippedFile =
    std::filesystem::absolute(std::filesystem::path(__FILE__))
        .parent_path()
        .parent_path()
        .parent_path()
        .parent_path() /
    "config" / "polls.toml";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("the shipped polls.toml sets every key to exactly its default") {
  const testing::Sandbox sandbox;  // assets_dir = "" and relative paths need no real folder
  const auto loaded = testing::load_with({.file = kShippedFile.string()});
  const Config defaults;
  for (const auto& key : keys()) {
    CAPTURE(key.name);
    CHECK(loaded.source(key.name).kind == Source::File);
  }
  // Key by key, so a failure names the one that drifted.
  for (const auto& key : keys()) {
    CAPTURE(key.name);
    std::visit(
        [&](auto member) {
          if constexpr (std::is_same_v<decltype(member), ParsedString>) {
            CHECK(member.text(loaded.config) == member.text(defaults));  // typed: as written
          } else {
            CHECK(loaded.config.*member == defaults.*member);
          }
        },
        key.member);
  }
}

TEST_CASE("the shipped polls.toml names each key's environment variables and flag") {
  const auto text = read_text(kShippedFile);
  for (const auto& key : keys()) {
    CAPTURE(key.name);
    CHECK(text.find("\n" + std::string(key.name) + " = ") != std::string::npos);
    for (const auto name : key.env) CHECK(text.find(name) != std::string::npos);
    if (!key.flag.empty()) CHECK(text.find("Flag: " + std::string(key.flag)) != std::string::npos);
  }
}

}  // namespace
}  // namespace polls::config
