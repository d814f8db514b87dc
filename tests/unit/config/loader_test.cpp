// How load() merges defaults, the TOML file, the environment and flags, and which file it reads.
#include "config/loader.hpp"

#include <doctest/doctest.h>

#include "config_test_support.hpp"

namespace polls::config {
namespace {

using testing::Inputs;
using testing::load_with;
using testing::Sandbox;

TEST_CASE("with no file, environment or flags every key has its default") {
  const Sandbox sandbox;
  const auto loaded = load_with({});
  const Config defaults;
  CHECK(loaded.config.listen.text == "127.0.0.1:8000");
  CHECK(loaded.config.database_url.url == "sqlite://polls.db");
  CHECK(loaded.config.secret_key.empty());
  CHECK(loaded.config.time_zone == "UTC");
  CHECK(loaded.config.threads == 8);
  CHECK(loaded.config.max_threads == 64);
  CHECK(loaded.config.keep_alive_timeout_seconds == 75);
  CHECK(loaded.config.max_connections == 10000);
  CHECK(loaded.config.max_body_bytes == 1048576);
  CHECK(loaded.config.trust_x_forwarded_proto == false);
  CHECK(loaded.config.csrf_trusted_origins.empty());
  CHECK(loaded.config.drain_seconds == defaults.drain_seconds);
  CHECK_FALSE(loaded.file.has_value());
  for (const auto& entry : loaded.sources) {
    INFO(entry.first);
    CHECK(entry.second.kind == Source::Default);
  }
}

TEST_CASE("a value in the file overrides the default and records its line") {
  const Sandbox sandbox;
  const auto file = sandbox.write("app.toml",
                                  "# comment\n"
                                  "threads = 16\n"
                                  "log_level = \"debug\"\n"
                                  "trust_x_forwarded_proto = true\n"
                                  "csrf_trusted_origins = [\"https://a.example\",\n"
                                  "  \"http://localhost:8000\"]\n");
  const auto loaded = load_with({.file = file});
  CHECK(loaded.file == file);
  CHECK(loaded.config.threads == 16);
  CHECK(loaded.config.log_level == LogLevel::Debug);
  CHECK(loaded.config.trust_x_forwarded_proto);
  CHECK(loaded.config.csrf_trusted_origins ==
        std::vector<std::string>{"https://a.example", "http://localhost:8000"});
  CHECK(loaded.source("threads").kind == Source::File);
  CHECK(loaded.source("threads").detail == "app.toml:2");
  CHECK(loaded.source("csrf_trusted_origins").detail == "app.toml:5");
  CHECK(loaded.source("listen").kind == Source::Default);
}

TEST_CASE("the environment overrides the file") {
  const Sandbox sandbox;
  const auto file = sandbox.write("app.toml", "threads = 16\nlog_format = \"text\"\n");
  const auto loaded = load_with({.env = {{"POLLS_THREADS", "4"},
                                         {"POLLS_TRUST_X_FORWARDED_PROTO", "yes"},
                                         {"POLLS_CSRF_TRUSTED_ORIGINS",
                                          "https://a.example, "
                                          "https://*.b.example"}},
                                 .file = file});
  CHECK(loaded.config.threads == 4);
  CHECK(loaded.source("threads").kind == Source::Environment);
  CHECK(loaded.source("threads").detail == "POLLS_THREADS");
  CHECK(loaded.config.log_format == "text");
  CHECK(loaded.config.trust_x_forwarded_proto);
  CHECK(loaded.config.csrf_trusted_origins ==
        std::vector<std::string>{"https://a.example", "https://*.b.example"});
}

TEST_CASE("a flag overrides the environment") {
  const Sandbox sandbox;
  const auto loaded = load_with({.env = {{"POLLS_LISTEN", "0.0.0.0:9000"}},
                                 .flags = {{"listen", "[::1]:7000"}, {"threads", "2"}}});
  CHECK(loaded.config.listen.text == "[::1]:7000");
  CHECK(loaded.source("listen").kind == Source::Flag);
  CHECK(loaded.source("listen").detail == "--listen");
  CHECK(loaded.config.threads == 2);
}

TEST_CASE("environment booleans accept true/false, 1/0, yes/no and on/off") {
  const Sandbox sandbox;
  for (const auto* text : {"true", "1", "yes", "on", "ON", "True"}) {
    CAPTURE(text);
    CHECK(load_with({.env = {{"POLLS_TRUST_X_FORWARDED_PROTO", text}}})
              .config.trust_x_forwarded_proto);
  }
  for (const auto* text : {"false", "0", "no", "off", "Off"}) {
    CAPTURE(text);
    CHECK_FALSE(load_with({.env = {{"POLLS_TRUST_X_FORWARDED_PROTO", text}}})
                    .config.trust_x_forwarded_proto);
  }
}

TEST_CASE("PORT replaces only the port and POLLS_LISTEN wins over it") {
  const Sandbox sandbox;
  SUBCASE("PORT keeps the default host") {
    const auto loaded = load_with({.env = {{"PORT", "3000"}}});
    CHECK(loaded.config.listen.text == "127.0.0.1:3000");
    CHECK(loaded.source("listen").detail == "PORT");
  }
  SUBCASE("PORT keeps the host from the file, IPv6 included") {
    const auto file = sandbox.write("app.toml", "listen = \"[::]:8000\"\n");
    CHECK(load_with({.env = {{"PORT", "3000"}}, .file = file}).config.listen.text == "[::]:3000");
  }
  SUBCASE("POLLS_LISTEN wins when both are set") {
    const auto loaded = load_with({.env = {{"PORT", "3000"}, {"POLLS_LISTEN", "0.0.0.0:9000"}}});
    CHECK(loaded.config.listen.text == "0.0.0.0:9000");
    CHECK(loaded.source("listen").detail == "POLLS_LISTEN");
  }
  SUBCASE("a --listen flag wins over PORT") {
    const auto loaded = load_with({.env = {{"PORT", "3000"}}, .flags = {{"listen", "a:1"}}});
    CHECK(loaded.config.listen.text == "a:1");
  }
}

TEST_CASE("DATABASE_URL and SECRET_KEY work, and their POLLS_ names win over them") {
  const Sandbox sandbox;
  const std::string key_a(40, 'a');
  const std::string key_b(40, 'b');
  SUBCASE("the platform names alone") {
    const auto loaded = load_with(
        {.env = {{"DATABASE_URL", "postgres://u:p@db:5432/polls"}, {"SECRET_KEY", key_a}}});
    CHECK(loaded.config.database_url.url == "postgres://u:p@db:5432/polls");
    CHECK(loaded.source("database_url").detail == "DATABASE_URL");
    CHECK(loaded.config.secret_key == key_a);
  }
  SUBCASE("both names") {
    const auto loaded = load_with({.env = {{"DATABASE_URL", "sqlite://a.db"},
                                           {"POLLS_DATABASE_URL", "sqlite://b.db"},
                                           {"SECRET_KEY", key_a},
                                           {"POLLS_SECRET_KEY", key_b}}});
    CHECK(loaded.config.database_url.url == "sqlite://b.db");
    CHECK(loaded.config.secret_key == key_b);
    CHECK(loaded.source("secret_key").detail == "POLLS_SECRET_KEY");
  }
  SUBCASE("the --database flag wins over both") {
    const auto loaded = load_with({.env = {{"DATABASE_URL", "sqlite://a.db"}},
                                   .flags = {{"database_url", "sqlite:///tmp/c.db"}}});
    CHECK(loaded.config.database_url.url == "sqlite:///tmp/c.db");
    CHECK(loaded.source("database_url").detail == "--database");
  }
}

TEST_CASE("POLLS_CONFIG names the file when there is no --config flag") {
  const Sandbox sandbox;
  const auto from_env = sandbox.write("env.toml", "threads = 3\n");
  const auto from_flag = sandbox.write("flag.toml", "threads = 5\n");
  CHECK(load_with({.env = {{"POLLS_CONFIG", from_env}}}).config.threads == 3);
  CHECK(load_with({.env = {{"POLLS_CONFIG", from_env}}, .file = from_flag}).config.threads == 5);
  CHECK(load_with({.env = {{"POLLS_CONFIG", from_env}}}).file == from_env);
}

TEST_CASE("./polls.toml is read when no file is named, and its absence is fine") {
  const Sandbox sandbox;
  CHECK_FALSE(load_with({}).file.has_value());
  sandbox.write("polls.toml", "threads = 12\n");
  const auto loaded = load_with({});
  CHECK(loaded.file == "polls.toml");
  CHECK(loaded.config.threads == 12);
  CHECK(loaded.source("threads").detail == "polls.toml:1");
}

TEST_CASE("an empty file and an empty POLLS_CONFIG leave the defaults") {
  const Sandbox sandbox;
  const auto file = sandbox.write("empty.toml", "");
  CHECK(load_with({.file = file}).config.threads == 8);
  CHECK_FALSE(load_with({.env = {{"POLLS_CONFIG", ""}}}).file.has_value());
}

TEST_CASE("an empty environment value clears a string and an empty list") {
  const Sandbox sandbox;
  const auto file = sandbox.write("app.toml", "csrf_trusted_origins = [\"https://a.example\"]\n");
  const auto loaded = load_with({.env = {{"POLLS_CSRF_TRUSTED_ORIGINS", ""}}, .file = file});
  CHECK(loaded.config.csrf_trusted_origins.empty());
}

TEST_CASE("assets_dir accepts an existing folder") {
  const Sandbox sandbox;
  std::filesystem::create_directory(sandbox.path() / "assets");
  CHECK(load_with({.flags = {{"assets_dir", "assets"}}}).config.assets_dir == "assets");
}

TEST_CASE("time_zone is checked with the caller's time zone lookup") {
  const Sandbox sandbox;
  CHECK(load_with({.env = {{"POLLS_TIME_ZONE", "Europe/Paris"}}}).config.time_zone ==
        "Europe/Paris");
  const auto any_zone = load(LoadInputs{.env = testing::env_from({{"POLLS_TIME_ZONE", "X/Y"}})});
  CHECK(any_zone.config.time_zone == "X/Y");
}

}  // namespace
}  // namespace polls::config
