// The structured values Config holds parsed: what load() stores for a listen address, a metrics
// address, a database URL and a log level, the text it keeps for `polls config`, and how a bad
// value is refused once, naming the key and where the value came from.
#include <doctest/doctest.h>

#include "config/describe.hpp"
#include "config/loader.hpp"
#include "config_test_support.hpp"

namespace polls::config {
namespace {

using testing::load_error;
using testing::load_with;
using testing::Sandbox;

ListenAddress listen_from_flag(const std::string& text) {
  return load_with({.flags = {{"listen", text}}}).config.listen;
}

std::string shown(const LoadedConfig& loaded, std::string_view key) {
  for (const auto& row : describe(loaded)) {
    if (row.key == key) return row.value;
  }
  return "(no such key)";
}

TEST_CASE("a listen address is held as host and port, with its text as written") {
  const Sandbox sandbox;
  SUBCASE("IPv4") {
    const auto listen = listen_from_flag("0.0.0.0:8000");
    CHECK(listen.host == "0.0.0.0");
    CHECK(listen.port == 8000);
    CHECK(listen.text == "0.0.0.0:8000");
  }
  SUBCASE("IPv6 in brackets: the host without them") {
    const auto listen = listen_from_flag("[::1]:9000");
    CHECK(listen.host == "::1");
    CHECK(listen.port == 9000);
    CHECK(listen.text == "[::1]:9000");
    CHECK(format_listen(listen.host, listen.port) == "[::1]:9000");
  }
  SUBCASE("a name") { CHECK(listen_from_flag("polls.internal:80").host == "polls.internal"); }
  SUBCASE("ports 0 and 65535, the ends of the range") {
    CHECK(listen_from_flag("127.0.0.1:0").port == 0);
    CHECK(listen_from_flag("127.0.0.1:65535").port == 65535);
  }
  SUBCASE("the text stays as written, leading zeros and all") {
    const auto loaded = load_with({.flags = {{"listen", "localhost:08000"}}});
    CHECK(loaded.config.listen.port == 8000);
    CHECK(shown(loaded, "listen") == "\"localhost:08000\"");
  }
  SUBCASE("PORT replaces the port, and the text follows") {
    const auto loaded = load_with({.env = {{"PORT", "3000"}}, .flags = {}});
    CHECK(loaded.config.listen.host == "127.0.0.1");
    CHECK(loaded.config.listen.port == 3000);
    CHECK(loaded.config.listen.text == "127.0.0.1:3000");
  }
}

TEST_CASE("a bad listen address is refused with the key and its source") {
  const Sandbox sandbox;
  const std::string kShape =
      R"(expected "host:port", such as "127.0.0.1:8000" or "[::1]:8000", got )";
  SUBCASE("missing port") {
    CHECK(load_error({.flags = {{"listen", "localhost"}}}) ==
          "listen (from --listen): " + kShape + "\"localhost\"");
    CHECK(load_error({.env = {{"POLLS_LISTEN", "localhost:"}}}) ==
          "listen (from POLLS_LISTEN): expected a port from 0 to 65535 in \"host:port\", got "
          "\"localhost:\"");
  }
  SUBCASE("port past 65535") {
    CHECK(load_error({.flags = {{"listen", "127.0.0.1:65536"}}}) ==
          "listen (from --listen): expected a port from 0 to 65535 in \"host:port\", got "
          "\"127.0.0.1:65536\"");
  }
  SUBCASE("IPv6 without brackets, or bad inside them") {
    CHECK(load_error({.flags = {{"listen", "::1:8000"}}}) ==
          "listen (from --listen): " + kShape + "\"::1:8000\"");
    CHECK(load_error({.flags = {{"listen", "[nope]:80"}}}) ==
          "listen (from --listen): \"nope\" is not an IPv4 address, [IPv6] address or host name, "
          "in \"[nope]:80\"");
  }
  SUBCASE("garbage, from a file") {
    CHECK(load_error({.file = sandbox.write("a.toml", "listen = \"a b:80\"\n")}) ==
          "a.toml:1: listen: \"a b\" is not an IPv4 address, [IPv6] address or host name, in "
          "\"a b:80\"");
  }
}

TEST_CASE("metrics_listen is absent when empty and an address otherwise") {
  const Sandbox sandbox;
  CHECK_FALSE(load_with({}).config.metrics_listen.has_value());
  CHECK_FALSE(load_with({.flags = {{"metrics_listen", ""}}}).config.metrics_listen.has_value());
  const auto loaded = load_with({.flags = {{"metrics_listen", "[::]:9090"}}});
  REQUIRE(loaded.config.metrics_listen.has_value());
  CHECK(loaded.config.metrics_listen->host == "::");
  CHECK(loaded.config.metrics_listen->port == 9090);
  CHECK(shown(loaded, "metrics_listen") == "\"[::]:9090\"");
  CHECK(shown(load_with({}), "metrics_listen") == "\"\"");
  CHECK(load_error({.flags = {{"metrics_listen", "9090"}}}) ==
        "metrics_listen (from --metrics-listen): expected \"host:port\", such as "
        "\"127.0.0.1:8000\" or \"[::1]:8000\", got \"9090\"");
}

TEST_CASE("a database URL is held as its kind and the sqlite path or the postgres URL") {
  const Sandbox sandbox;
  const auto url_from = [](const std::string& text) {
    return load_with({.flags = {{"database_url", text}}}).config.database_url;
  };
  SUBCASE("the default: polls.db in the working folder") {
    const auto url = load_with({}).config.database_url;
    CHECK(url.kind == DatabaseUrl::Kind::Sqlite);
    CHECK(url.sqlite_path == "polls.db");
  }
  SUBCASE("sqlite file paths, absolute and relative") {
    CHECK(url_from("sqlite:///var/lib/polls/polls.db").sqlite_path == "/var/lib/polls/polls.db");
    CHECK(url_from("sqlite://data/polls.db").sqlite_path == "data/polls.db");
    CHECK(url_from("sqlite://data/polls.db").url == "sqlite://data/polls.db");
  }
  SUBCASE("postgres without query parameters") {
    const auto url = url_from("postgres://app:secret@db:5432/polls");
    CHECK(url.kind == DatabaseUrl::Kind::Postgres);
    CHECK(url.url == "postgres://app:secret@db:5432/polls");
    CHECK(url.sqlite_path.empty());
  }
  SUBCASE("postgres with query parameters, kept whole for libpq") {
    const auto url = url_from("postgresql://app@db/polls?sslmode=require&connect_timeout=3");
    CHECK(url.kind == DatabaseUrl::Kind::Postgres);
    CHECK(url.url == "postgresql://app@db/polls?sslmode=require&connect_timeout=3");
  }
  SUBCASE("shown with the password hidden") {
    const auto loaded =
        load_with({.env = {{"DATABASE_URL", "postgres://app:hunter2@db/polls?password=x"}}});
    CHECK(shown(loaded, "database_url") ==
          "\"postgres://app:********@db/polls?password=********\"");
  }
}

TEST_CASE("a bad database URL is refused with the key and its source, the password hidden") {
  const Sandbox sandbox;
  CHECK(load_error({.env = {{"POLLS_DATABASE_URL", "mysql://u:hunter2@db/polls"}}}) ==
        "database_url (from POLLS_DATABASE_URL): expected a URL starting with \"sqlite://\", "
        "\"postgres://\" or \"postgresql://\", got \"mysql://u:********@db/polls\"");
  CHECK(load_error({.flags = {{"database_url", "postgres://db:70000/polls?sslmode=require"}}}) ==
        "database_url (from --database): a postgres URL's port must be a number from 1 to "
        "65535, got \"postgres://db:70000/polls?sslmode=require\"");
  CHECK(load_error({.file = sandbox.write("a.toml", "database_url = 5\n")}) ==
        "a.toml:1: database_url: expected a string \"sqlite://...\" or \"postgres://...\", got "
        "an integer");
}

TEST_CASE("log_level is held as a level and shown by its name") {
  const Sandbox sandbox;
  CHECK(load_with({}).config.log_level == LogLevel::Info);
  CHECK(load_with({.env = {{"POLLS_LOG_LEVEL", "debug"}}}).config.log_level == LogLevel::Debug);
  CHECK(load_with({.flags = {{"log_level", "warn"}}}).config.log_level == LogLevel::Warn);
  const auto loaded = load_with({.file = sandbox.write("a.toml", "log_level = \"error\"\n")});
  CHECK(loaded.config.log_level == LogLevel::Error);
  CHECK(shown(loaded, "log_level") == "\"error\"");
  CHECK(load_error({.env = {{"POLLS_LOG_LEVEL", "warning"}}}) ==
        "log_level (from POLLS_LOG_LEVEL): expected one of \"debug\", \"info\", \"warn\", "
        "\"error\", got \"warning\"");
}

}  // namespace
}  // namespace polls::config
