// Every way load() refuses a configuration, and that each message names the key and its source.
#include <doctest/doctest.h>

#include "config/loader.hpp"
#include "config_test_support.hpp"

namespace polls::config {
namespace {

using testing::load_error;
using testing::Sandbox;

TEST_CASE("an unknown key in the file is an error naming its line and a near key") {
  const Sandbox sandbox;
  const auto file = sandbox.write("polls.toml", "listen = \"a:1\"\n\n# typo below\nthraeds = 4\n");
  CHECK(load_error({.file = file}) ==
        "polls.toml:4: unknown key \"thraeds\" (did you mean \"threads\"?)");
  const auto other = sandbox.write("other.toml", "[server]\nport = 1\n");
  CHECK(load_error({.file = other}) == "other.toml:1: unknown key \"server\"");
}

TEST_CASE("a value of the wrong type in the file is an error naming its line and key") {
  const Sandbox sandbox;
  CHECK(load_error({.file = sandbox.write("a.toml", "\n\nlisten = 8000\n")}) ==
        "a.toml:3: listen: expected a string \"host:port\", got an integer");
  CHECK(load_error({.file = sandbox.write("b.toml", "threads = \"8\"\n")}) ==
        "b.toml:1: threads: expected an integer from 1 to 1024, got a string");
  CHECK(load_error({.file = sandbox.write("c.toml", "threads = 8.5\n")}) ==
        "c.toml:1: threads: expected an integer from 1 to 1024, got a float");
  CHECK(load_error({.file = sandbox.write("d.toml", "trust_x_forwarded_proto = \"yes\"\n")}) ==
        "d.toml:1: trust_x_forwarded_proto: expected true or false, got a string");
  CHECK(load_error({.file = sandbox.write("e.toml", "csrf_trusted_origins = \"https://a.b\"\n")}) ==
        "e.toml:1: csrf_trusted_origins: expected an array of strings, got a string");
  CHECK(load_error({.file = sandbox.write("f.toml",
                                          "csrf_trusted_origins = [\n\"https://a.b\",\n"
                                          "  3]\n")}) ==
        "f.toml:3: csrf_trusted_origins: expected an array of strings, got an array holding an "
        "integer");
}

TEST_CASE("an out-of-range value is an error naming the key and where it came from") {
  const Sandbox sandbox;
  CHECK(load_error({.env = {{"POLLS_THREADS", "many"}}}) ==
        "threads (from POLLS_THREADS): expected an integer from 1 to 1024, got \"many\"");
  CHECK(load_error({.env = {{"POLLS_THREADS", "0"}}}) ==
        "threads (from POLLS_THREADS): expected an integer from 1 to 1024, got \"0\"");
  CHECK(load_error({.env = {{"POLLS_MAX_BODY_BYTES", "99999999999999999999"}}}) ==
        "max_body_bytes (from POLLS_MAX_BODY_BYTES): expected an integer from 1024 to 67108864, "
        "got \"99999999999999999999\"");
  CHECK(load_error({.flags = {{"threads", "2000"}}}) ==
        "threads (from --threads): expected an integer from 1 to 1024, got \"2000\"");
  CHECK(load_error({.file = sandbox.write("a.toml", "drain_seconds = 4000\n")}) ==
        "a.toml:1: drain_seconds: expected an integer from 0 to 3600, got 4000");
  CHECK(load_error({.file = sandbox.write("b.toml", "db_pool_size = 5000000000\n")}) ==
        "b.toml:1: db_pool_size: expected an integer from 1 to 256, got 5000000000");
}

TEST_CASE("max_threads below threads is an error naming both sources") {
  const Sandbox sandbox;
  CHECK(load_error({.flags = {{"threads", "600"}}}) ==
        "max_threads (default): must be at least threads, which is 600 (flag --threads), got 64");
  CHECK(load_error({.env = {{"POLLS_MAX_THREADS", "4"}}}) ==
        "max_threads (from POLLS_MAX_THREADS): must be at least threads, which is 8 (default), "
        "got 4");
}

TEST_CASE(
    "metrics_listen on listen's port is an error, another port or a wildcard elsewhere is not") {
  const Sandbox sandbox;
  CHECK(load_error({.env = {{"POLLS_METRICS_LISTEN", "127.0.0.1:8000"}}}) ==
        "metrics_listen (from POLLS_METRICS_LISTEN): must not use the port of listen, which is "
        "\"127.0.0.1:8000\" (default), got \"127.0.0.1:8000\"");
  // A wildcard on either side takes the port on every address.
  CHECK(
      load_error({.flags = {{"listen", "0.0.0.0:9000"}, {"metrics_listen", "127.0.0.1:9000"}}})
          .starts_with("metrics_listen (from --metrics-listen): must not use the port of listen"));
  CHECK(
      load_error({.flags = {{"metrics_listen", "[::]:8000"}}})
          .starts_with("metrics_listen (from --metrics-listen): must not use the port of listen"));
  CHECK(load_error({.flags = {{"metrics_listen", "127.0.0.1:9090"}}}) == "(loaded)");
  CHECK(load_error({.flags = {{"metrics_listen", "127.0.0.2:8000"}}}) == "(loaded)");
  CHECK(load_error({.flags = {{"listen", "127.0.0.1:0"}, {"metrics_listen", "127.0.0.1:0"}}}) ==
        "(loaded)");
}

TEST_CASE("a bad boolean in the environment is an error") {
  const Sandbox sandbox;
  CHECK(load_error({.env = {{"POLLS_TRUST_X_FORWARDED_PROTO", "maybe"}}}) ==
        "trust_x_forwarded_proto (from POLLS_TRUST_X_FORWARDED_PROTO): expected true or false "
        "(or 1/0, yes/no, on/off), got \"maybe\"");
}

TEST_CASE("a bad database URL is an error that hides its password") {
  const Sandbox sandbox;
  CHECK(load_error({.env = {{"DATABASE_URL", "mysql://app:hunter2@db/polls"}}}) ==
        "database_url (from DATABASE_URL): expected a URL starting with \"sqlite://\", "
        "\"postgres://\" or \"postgresql://\", got \"mysql://app:********@db/polls\"");
  CHECK(load_error({.flags = {{"database_url", "postgres://app:hunter2@db:5432"}}}) ==
        "database_url (from --database): a postgres URL needs a database name after the host, "
        "as in \"postgres://user:password@host:5432/polls\", got "
        "\"postgres://app:********@db:5432\"");
  CHECK(load_error({.file = sandbox.write("a.toml", "database_url = \"sqlite://\"\n")}) ==
        "a.toml:1: database_url: a sqlite URL needs a path, as in \"sqlite://polls.db\" or "
        "\"sqlite:///var/polls.db\", got \"sqlite://\"");
}

TEST_CASE("bad strings are errors naming the key and source") {
  const Sandbox sandbox;
  CHECK(load_error({.env = {{"POLLS_LISTEN", "localhost"}}}) ==
        "listen (from POLLS_LISTEN): expected \"host:port\", such as \"127.0.0.1:8000\" or "
        "\"[::1]:8000\", got \"localhost\"");
  CHECK(load_error({.env = {{"PORT", "http"}}}) ==
        "listen (from PORT): expected a port number from 0 to 65535, got \"http\"");
  CHECK(load_error({.flags = {{"log_level", "verbose"}}}) ==
        "log_level (from --log-level): expected one of \"debug\", \"info\", \"warn\", \"error\", "
        "got \"verbose\"");
  CHECK(load_error({.env = {{"POLLS_LOG_FORMAT", "xml"}}}) ==
        "log_format (from POLLS_LOG_FORMAT): expected one of \"auto\", \"json\", \"text\", got "
        "\"xml\"");
  CHECK(load_error({.env = {{"POLLS_DB_SQLITE_SYNCHRONOUS", "off"}}}) ==
        "db_sqlite_synchronous (from POLLS_DB_SQLITE_SYNCHRONOUS): expected one of \"normal\", "
        "\"full\", got \"off\"");
  CHECK(load_error({.flags = {{"time_zone", "Mars/Olympus"}}}) ==
        "time_zone (from --time-zone): expected an IANA time zone name such as \"UTC\" or "
        "\"Europe/Paris\", got \"Mars/Olympus\"");
  CHECK(load_error({.env = {{"POLLS_CSRF_TRUSTED_ORIGINS", "https://ok.example,example.com"}}}) ==
        "csrf_trusted_origins (from POLLS_CSRF_TRUSTED_ORIGINS): expected origins such as "
        "\"https://example.com\" (scheme, host, optional port, no path), got \"example.com\"");
  CHECK(load_error({.flags = {{"assets_dir", "missing"}}}) ==
        "assets_dir (from --assets-dir): folder \"missing\" does not exist");
  sandbox.write("file.txt", "x");
  CHECK(load_error({.flags = {{"assets_dir", "file.txt"}}}) ==
        "assets_dir (from --assets-dir): \"file.txt\" is not a folder");
}

TEST_CASE("a short secret key is an error that does not show the key") {
  const Sandbox sandbox;
  const auto message = load_error({.env = {{"SECRET_KEY", "hunter2"}}});
  CHECK(message == "secret_key (from SECRET_KEY): must be at least 32 characters, got 7");
  CHECK(message.find("hunter2") == std::string::npos);
}

TEST_CASE("a missing file named by --config or POLLS_CONFIG is an error") {
  const Sandbox sandbox;
  CHECK(load_error({.file = "x.toml"}) ==
        "cannot read config file \"x.toml\": No such file or directory");
  CHECK(load_error({.env = {{"POLLS_CONFIG", "y.toml"}}}) ==
        "cannot read config file \"y.toml\": No such file or directory");
  std::filesystem::create_directory(sandbox.path() / "folder.toml");
  CHECK(load_error({.file = "folder.toml"}) ==
        "cannot read config file \"folder.toml\": Is a directory");
}

TEST_CASE("a TOML syntax error names the file, line and column") {
  const Sandbox sandbox;
  const auto message =
      load_error({.file = sandbox.write("bad.toml", "threads = 4\nlisten = \"a:1\n")});
  CHECK(message.starts_with("bad.toml:2:"));
  const auto twice =
      load_error({.file = sandbox.write("twice.toml", "threads = 4\nthreads = 5\n")});
  CHECK(twice.starts_with("twice.toml:2:"));
}

TEST_CASE("a flag for a key that has no flag is an error") {
  const Sandbox sandbox;
  CHECK(load_error({.flags = {{"secret_key", std::string(40, 'k')}}}) ==
        "no command-line flag sets \"secret_key\"");
  CHECK(load_error({.flags = {{"nonsense", "1"}}}) == "no command-line flag sets \"nonsense\"");
}

}  // namespace
}  // namespace polls::config
