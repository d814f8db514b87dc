// The PostgreSQL backend on a real server: authentication methods, TLS, how connection failures
// are classified, the statement timeout, the bounded pool, and riding out dropped connections.
// Only in the [postgres] run (doctest suite "postgres"), against scripts/postgres-server.
#include <doctest/doctest.h>

#include <cstdlib>
#include <thread>

#include "db/errors.hpp"
#include "db/postgres_database.hpp"
#include "support/test_database.hpp"

using polls::db::Misconfigured;
using polls::db::PostgresDatabase;
using polls::db::PostgresOptions;
using polls::db::PostgresSession;
using polls::db::Unavailable;
using polls::testing::TestDatabase;

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  REQUIRE_MESSAGE(value != nullptr, name << " is not set: start the server with scripts/test");
  return value;
}

std::string server_url() { return env("POLLS_TEST_DATABASE_URL"); }

// The server URL with one part replaced: "polls:secret@127.0.0.1:5432/polls".
std::string replace(std::string url, std::string_view from, std::string_view to) {
  const auto at = url.find(from);
  REQUIRE(at != std::string::npos);
  return url.replace(at, from.size(), to);
}

std::string with_param(const std::string& url, const std::string& param) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

PostgresOptions options_for(const std::string& url) {
  PostgresOptions options;
  options.connect.url = url;
  options.connect.connect_timeout_seconds = 3;
  return options;
}

std::int64_t one(polls::db::Database& database) {
  auto session = database.read();
  return session->query("SELECT 1").integer(0, 0);
}

}  // namespace

TEST_SUITE("postgres") {
  TEST_CASE("SCRAM-SHA-256, MD5 and plain password authentication all connect") {
    for (const char* name : {"POLLS_TEST_DATABASE_URL", "POLLS_TEST_DATABASE_URL_MD5",
                             "POLLS_TEST_DATABASE_URL_PLAIN"}) {
      CAPTURE(name);
      PostgresDatabase database(options_for(env(name)));
      CHECK(one(database) == 1);
    }
  }

  TEST_CASE("TLS with sslmode=verify-full and the server's CA connects, and a wrong CA does not") {
    const std::string ca = env("POLLS_TEST_PG_CA");
    const std::string url = replace(server_url(), "127.0.0.1", "localhost");
    PostgresDatabase database(
        options_for(with_param(url, "sslmode=verify-full&sslrootcert=" + ca)));
    {
      auto session = database.read();
      CHECK(session->query("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                .text(0, 0) == "true");
    }
    // The system bundle does not hold the test server's self-made CA.
    CHECK_THROWS_AS(
        PostgresDatabase(options_for(
            with_param(url, "sslmode=verify-full&sslrootcert=/etc/ssl/certs/ca-certificates.crt"))),
        Misconfigured);
  }

  TEST_CASE("failures that waiting will not fix are Misconfigured, the others Unavailable") {
    const std::string url = server_url();
    const std::string host_and_path = url.substr(url.find('@') + 1);  // "127.0.0.1:5432/polls"
    const std::string port = host_and_path.substr(
        host_and_path.find(':') + 1, host_and_path.find('/') - host_and_path.find(':') - 1);
    CHECK_THROWS_WITH_AS(
        PostgresDatabase(options_for("postgres://polls:wrong-password@" + host_and_path)),
        doctest::Contains("password authentication failed"), Misconfigured);
    CHECK_THROWS_WITH_AS(PostgresDatabase(options_for(replace(url, "/polls", "/no_such_db"))),
                         doctest::Contains("no_such_db"), Misconfigured);
    CHECK_THROWS_AS(
        PostgresDatabase(options_for(replace(url, "127.0.0.1", "no-such-host.invalid"))),
        Misconfigured);
    CHECK_THROWS_WITH_AS(PostgresDatabase(options_for(with_param(url, "sslmode=bogus"))),
                         doctest::Contains("sslmode"), Misconfigured);
    // Port 1 on loopback: nothing listens, the connection is refused. A server may come later.
    CHECK_THROWS_AS(PostgresDatabase(options_for(replace(url, ":" + port + "/", ":1/"))),
                    Unavailable);
  }

  TEST_CASE("the description names user, host and database but never the password") {
    PostgresDatabase database(options_for(server_url()));
    const std::string described = database.describe();
    CHECK(described.starts_with("postgres "));
    CHECK(described.find("127.0.0.1") != std::string::npos);
    const auto at = server_url().find('@');
    const auto colon = server_url().rfind(':', at);
    CHECK(described.find(server_url().substr(colon + 1, at - colon - 1)) == std::string::npos);
  }

  TEST_CASE("a statement past the statement timeout is cancelled and the connection stays usable") {
    PostgresOptions options = options_for(server_url());
    options.connect.statement_timeout_ms = 200;
    options.pool_size = 1;
    PostgresDatabase database(options);
    auto session = database.read();
    const auto pid = session->query("SELECT pg_backend_pid()").integer(0, 0);
    CHECK_THROWS_AS(session->query("SELECT pg_sleep(3)"), Unavailable);
    CHECK(session->query("SELECT pg_backend_pid()").integer(0, 0) == pid);
  }

  TEST_CASE("lifting the statement timeout lifts the client's deadline too (migrations)") {
    PostgresOptions options = options_for(server_url());
    options.connect.statement_timeout_ms = 100;
    options.pool_size = 1;
    PostgresDatabase database(options);
    auto session = database.write();
    CHECK(session->set_statement_timeout_ms(0) == 100);
    // Longer than the old limit plus the client's 2 s grace: neither side may cut it off.
    CHECK(session->query("SELECT 1 FROM pg_sleep(2.5)").integer(0, 0) == 1);
    CHECK(session->set_statement_timeout_ms(100) == 0);
    CHECK_THROWS_AS(session->query("SELECT pg_sleep(1)"), Unavailable);
  }

  TEST_CASE("libpq's messages are rid of the password, as written and as decoded") {
    const std::string url = "postgres://app:p%40ss-w0rd@db.example:5432/polls";
    CHECK(polls::db::without_password("no \"p@ss-w0rd\" and \"p%40ss-w0rd\" here", url) ==
          "no \"********\" and \"********\" here");
    CHECK(polls::db::without_password("nothing secret", url) == "nothing secret");
  }

  TEST_CASE("a statement is prepared once per connection") {
    PostgresOptions options = options_for(server_url());
    options.pool_size = 1;
    PostgresDatabase database(options);
    static constexpr std::string_view kQuery = "SELECT $1::bigint + 1";
    auto session = database.read();
    CHECK(session->query(kQuery, {std::int64_t{41}}).integer(0, 0) == 42);
    CHECK(session->query(kQuery, {std::int64_t{1}}).integer(0, 0) == 2);
    CHECK(
        session->query("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", {kQuery})
            .integer(0, 0) == 1);
  }

  TEST_CASE("text with a NUL character is refused with a clear error, not cut short") {
    TestDatabase database;
    auto session = database->write();
    CHECK_THROWS_WITH_AS(
        session->execute("INSERT INTO polls_question (question_text, pub_date) VALUES ($1, now())",
                         {std::string_view("cut\0here", 8)}),
        doctest::Contains("NUL"), polls::db::Error);
  }

  TEST_CASE("the pool opens at most pool_size connections and a request waits, then gives up") {
    PostgresOptions options = options_for(server_url());
    options.pool_size = 2;
    options.acquire_timeout_ms = 300;
    PostgresDatabase database(options);
    auto first = database.read();
    auto second = database.write();
    CHECK(database.pool_stats().open == 2);
    CHECK(database.pool_stats().in_use == 2);
    CHECK_THROWS_AS(database.read(), Unavailable);
    CHECK(database.pool_stats().waits == 1);
    std::thread releaser([lease = std::move(first)]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      (void)lease;
    });
    auto third = database.read();  // gets the connection the thread gives back
    releaser.join();
    CHECK(third->query("SELECT 1").integer(0, 0) == 1);
    CHECK(database.pool_stats().open == 2);
  }

  TEST_CASE("a connection the server dropped while idle is replaced without a failed request") {
    PostgresOptions options = options_for(server_url());
    options.pool_size = 1;
    PostgresDatabase database(options);
    std::int64_t old_pid = 0;
    {
      auto session = database.read();
      old_pid = session->query("SELECT pg_backend_pid()").integer(0, 0);
    }
    PostgresSession admin({.url = server_url()});
    // Waits (up to 5 s) until the backend has exited, so its goodbye is on the socket.
    CHECK(admin.query("SELECT pg_terminate_backend($1, 5000)::int", {old_pid}).integer(0, 0) == 1);
    auto session = database.read();
    CHECK(session->query("SELECT pg_backend_pid()").integer(0, 0) != old_pid);
  }

  TEST_CASE("a connection dropped mid-request fails that request with Unavailable, then recovers") {
    PostgresOptions options = options_for(server_url());
    options.pool_size = 1;
    PostgresDatabase database(options);
    {
      auto session = database.read();
      const auto pid = session->query("SELECT pg_backend_pid()").integer(0, 0);
      PostgresSession admin({.url = server_url()});
      std::thread killer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        admin.query("SELECT pg_terminate_backend($1)::int", {pid});
      });
      CHECK_THROWS_AS(session->query("SELECT pg_sleep(2)"), Unavailable);
      killer.join();
    }
    CHECK(one(database) == 1);
  }
}
