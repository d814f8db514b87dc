// The command line: commands, config flags, help and usage errors.
#include "cli/args.hpp"

#include <doctest/doctest.h>

using polls::cli::parse_args;
using polls::cli::UsageError;

TEST_CASE("no command means serve") {
  const auto args = parse_args({"polls"});
  CHECK(args.command == "serve");
}

TEST_CASE("config flags are collected by key, in both spellings") {
  const auto args =
      parse_args({"polls", "serve", "--listen", "0.0.0.0:80", "--database=sqlite:///x.db",
                  "--config", "p.toml", "--assets-dir", "assets"});
  CHECK(args.settings.at("listen") == "0.0.0.0:80");
  CHECK(args.settings.at("database_url") == "sqlite:///x.db");
  CHECK(args.settings.at("assets_dir") == "assets");
  CHECK(args.config_file == "p.toml");
}

TEST_CASE("help and version are recognised anywhere") {
  CHECK(parse_args({"polls", "--help"}).help);
  CHECK(parse_args({"polls", "migrate", "-h"}).help);
  CHECK(parse_args({"polls", "--version"}).version);
  const auto help = parse_args({"polls", "help", "migrate"});
  CHECK(help.help);
  CHECK(help.command == "migrate");
}

TEST_CASE("unknown commands, unknown flags and missing values are usage errors") {
  CHECK_THROWS_AS(parse_args({"polls", "frobnicate"}), UsageError);
  CHECK_THROWS_AS(parse_args({"polls", "serve", "--nope"}), UsageError);
  CHECK_THROWS_AS(parse_args({"polls", "serve", "--listen"}), UsageError);
  CHECK_THROWS_AS(parse_args({"polls", "serve", "stray"}), UsageError);
}

TEST_CASE("`polls --help` asks for the general help, `polls serve --help` for serve's") {
  CHECK_FALSE(parse_args({"polls", "--help"}).command_given);
  CHECK(parse_args({"polls", "serve", "--help"}).command_given);
}

TEST_CASE("positional arguments are taken by the commands that name them") {
  const auto args = parse_args({"polls", "changepassword", "alice", "--database", "sqlite:///x"});
  REQUIRE(args.positionals.size() == 1);
  CHECK(args.positionals[0] == "alice");
  CHECK(args.settings.at("database_url") == "sqlite:///x");
  CHECK(parse_args({"polls", "changepassword", "--no-input", "bob"}).positionals.at(0) == "bob");
  CHECK_THROWS_AS(parse_args({"polls", "changepassword"}), UsageError);
  CHECK_THROWS_AS(parse_args({"polls", "changepassword", "a", "b"}), UsageError);
  CHECK(parse_args({"polls", "changepassword", "--help"}).help);  // help needs no USERNAME
  CHECK_THROWS_AS(parse_args({"polls", "createsuperuser", "alice"}), UsageError);
  const auto create =
      parse_args({"polls", "createsuperuser", "--username", "u", "--email=e@x.org", "--no-input"});
  CHECK(create.options.at("--username") == "u");
  CHECK(create.options.at("--email") == "e@x.org");
  CHECK(create.switches == std::vector<std::string>{"--no-input"});
}
