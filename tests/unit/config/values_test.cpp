// The value parsers: listen addresses, database URLs, origins, and text integers, booleans and
// lists.
#include "config/values.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

namespace polls::config {
namespace {

TEST_CASE("parse_listen splits IPv4, bracketed IPv6 and named hosts from the port") {
  const auto v4 = parse_listen("127.0.0.1:8000");
  CHECK(v4.host == "127.0.0.1");
  CHECK(v4.port == 8000);
  const auto v6 = parse_listen("[::1]:0");
  CHECK(v6.host == "::1");
  CHECK(v6.port == 0);
  CHECK(parse_listen("localhost:65535").host == "localhost");
  CHECK(parse_listen("polls-web.internal:80").port == 80);
  CHECK(parse_listen("0.0.0.0:1").host == "0.0.0.0");
}

TEST_CASE("parse_listen rejects what is not host:port") {
  for (const auto* text :
       {"", "8000", ":8000", "localhost", "localhost:", "localhost:65536", "localhost:-1",
        "localhost:80x", "::1:8000", "[::1]", "[::1:80", "[::1]x:80", "[nope]:80", "999.1.1.1:80",
        "-bad-:80", "a b:80", "1.2.3:80"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(parse_listen(text), std::invalid_argument);
  }
}

TEST_CASE("format_listen brackets IPv6 hosts") {
  CHECK(format_listen("::", 80) == "[::]:80");
  CHECK(format_listen("example.com", 443) == "example.com:443");
}

TEST_CASE("parse_database_url gives the sqlite path for absolute, relative and memory URLs") {
  const auto absolute = parse_database_url("sqlite:///var/lib/polls/polls.db");
  CHECK(absolute.kind == DatabaseUrl::Kind::Sqlite);
  CHECK(absolute.sqlite_path == "/var/lib/polls/polls.db");
  CHECK(absolute.url == "sqlite:///var/lib/polls/polls.db");
  CHECK(parse_database_url("sqlite://data/polls.db").sqlite_path == "data/polls.db");
  CHECK(parse_database_url("sqlite://:memory:").sqlite_path == ":memory:");
}

TEST_CASE("parse_database_url accepts postgres URLs of the right shape") {
  for (const auto* url :
       {"postgres://db/polls", "postgresql://app:secret@db.internal:5432/polls",
        "postgres://app@10.0.0.5/polls?sslmode=require", "postgres://u:p@[::1]:5432/polls",
        "postgres://u:p%40ss%2Fw%3Frd%25@db/polls"}) {
    CAPTURE(url);
    const auto parsed = parse_database_url(url);
    CHECK(parsed.kind == DatabaseUrl::Kind::Postgres);
    CHECK(parsed.url == url);
    CHECK(parsed.sqlite_path.empty());
  }
}

TEST_CASE("a postgres password with a raw @, / or % is refused, and the message hides it") {
  // libpq would read part of such a password as the host or port and repeat it in its errors.
  for (const auto* url : {"postgres://u:p@zzword@db/polls", "postgres://u:pa/zzword@db/polls",
                          "postgres://u:S3cr%et@db/polls", "postgres://u:p?zzword@db/polls"}) {
    CAPTURE(url);
    try {
      parse_database_url(url);
      FAIL("accepted");
    } catch (const std::invalid_argument& error) {
      const std::string message = error.what();
      CHECK(message.find("percent-encoded") != std::string::npos);
      CHECK(message.find("zzword") == std::string::npos);
      CHECK(message.find("S3cr") == std::string::npos);
    }
  }
}

TEST_CASE("parse_database_url rejects other schemes and malformed postgres URLs") {
  for (const auto* url :
       {"", "polls.db", "sqlite:", "sqlite://", "mysql://db/polls", "postgres://", "postgres://db",
        "postgres://db/", "postgres:///polls", "postgres://db:port/polls",
        "postgres://db:70000/polls", "postgres://db/polls/extra", "postgres://u:p@/polls"}) {
    CAPTURE(url);
    CHECK_THROWS_AS(parse_database_url(url), std::invalid_argument);
  }
}

TEST_CASE("redact_database_url hides passwords and nothing else") {
  CHECK(redact_database_url("postgres://app:hunter2@db:5432/polls") ==
        "postgres://app:********@db:5432/polls");
  CHECK(redact_database_url("postgres://app@db/polls") == "postgres://app@db/polls");
  CHECK(redact_database_url("postgres://db/polls?sslmode=require&password=x") ==
        "postgres://db/polls?sslmode=require&password=********");
  CHECK(redact_database_url("postgres://a:p@ss/w?rd@db/polls") == "postgres://a:********@db/polls");
  CHECK(redact_database_url("sqlite://polls.db") == "sqlite://polls.db");
  CHECK(redact_database_url("not a url") == "not a url");
}

TEST_CASE("is_valid_origin wants a scheme and a host, and no path") {
  for (const auto* origin :
       {"https://example.com", "http://localhost:8000", "https://*.example.com",
        "http://127.0.0.1:8080", "https://[::1]:8443"}) {
    CAPTURE(origin);
    CHECK(is_valid_origin(origin));
  }
  for (const auto* origin :
       {"example.com", "ftp://example.com", "https://", "https://example.com/",
        "https://example.com/path", "https://example.com:0", "https://exa mple.com", "https://*"}) {
    CAPTURE(origin);
    CHECK_FALSE(is_valid_origin(origin));
  }
}

TEST_CASE("text integers, booleans and lists parse as the environment writes them") {
  CHECK(parse_integer(" 42 ") == 42);
  CHECK(parse_integer("-3") == -3);
  CHECK_FALSE(parse_integer("").has_value());
  CHECK_FALSE(parse_integer("4x").has_value());
  CHECK_FALSE(parse_integer("1e3").has_value());
  CHECK(parse_bool("YES") == true);
  CHECK(parse_bool("off") == false);
  CHECK_FALSE(parse_bool("2").has_value());
  CHECK(split_list(" a, b,,c ,") == std::vector<std::string>{"a", "b", "c"});
  CHECK(split_list("").empty());
}

}  // namespace
}  // namespace polls::config
