// What `polls config` shows: every key, its value in TOML syntax, its source, secrets hidden.
#include "config/describe.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "config/keys.hpp"
#include "config_test_support.hpp"

namespace polls::config {
namespace {

using testing::load_with;
using testing::Sandbox;

const DescribedKey& entry(const std::vector<DescribedKey>& described, std::string_view key) {
  const auto it = std::ranges::find(described, key, &DescribedKey::key);
  REQUIRE(it != described.end());
  return *it;
}

TEST_CASE("describe lists every key in table order with its value and source") {
  const Sandbox sandbox;
  const auto file = sandbox.write("app.toml", "log_level = \"warn\"\n");
  const auto described = describe(
      load_with({.env = {{"POLLS_THREADS", "4"},
                         {"POLLS_CSRF_TRUSTED_ORIGINS", "https://a.example,https://b.example"}},
                 .file = file,
                 .flags = {{"listen", "0.0.0.0:80"}}}));
  REQUIRE(described.size() == keys().size());
  for (std::size_t i = 0; i < described.size(); ++i) CHECK(described[i].key == keys()[i].name);
  CHECK(entry(described, "listen").value == "\"0.0.0.0:80\"");
  CHECK(entry(described, "listen").source == "flag --listen");
  CHECK(entry(described, "threads").value == "4");
  CHECK(entry(described, "threads").source == "env POLLS_THREADS");
  CHECK(entry(described, "log_level").source == "file app.toml:1");
  CHECK(entry(described, "time_zone").source == "default");
  CHECK(entry(described, "trust_x_forwarded_proto").value == "false");
  CHECK(entry(described, "csrf_trusted_origins").value ==
        "[\"https://a.example\", \"https://b.example\"]");
}

TEST_CASE("describe hides the secret key and the database password") {
  const Sandbox sandbox;
  const std::string secret = "correct-horse-battery-staple-0123456789";
  const auto described = describe(load_with(
      {.env = {{"SECRET_KEY", secret}, {"DATABASE_URL", "postgres://app:hunter2@db:5432/polls"}}}));
  CHECK(entry(described, "secret_key").value == "********");
  CHECK(entry(described, "database_url").value == "\"postgres://app:********@db:5432/polls\"");
  for (const auto& item : described) {
    CHECK(item.value.find(secret) == std::string::npos);
    CHECK(item.value.find("hunter2") == std::string::npos);
  }
}

TEST_CASE("describe shows an unset secret key as not set") {
  const Sandbox sandbox;
  CHECK(entry(describe(load_with({})), "secret_key").value == "(not set)");
}

TEST_CASE("describe escapes strings as TOML does") {
  const Sandbox sandbox;
  std::filesystem::create_directory(sandbox.path() / "a \"b\"");
  CHECK(entry(describe(load_with({.flags = {{"assets_dir", "a \"b\""}}})), "assets_dir").value ==
        "\"a \\\"b\\\"\"");
}

}  // namespace
}  // namespace polls::config
