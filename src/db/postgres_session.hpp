// One PostgreSQL connection (libpq) with its statements prepared once each.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/database.hpp"
#include "db/postgres_handles.hpp"

namespace polls::db {

struct PostgresConnectOptions {
  std::string url;  // a postgres:// URL or key=value conninfo, as libpq takes it
  int connect_timeout_seconds = 5;
  int statement_timeout_ms = 5000;  // 0: none
};

class PostgresSession final : public Session {
 public:
  // Connects; throws Misconfigured when waiting will not help (bad password, unknown database,
  // unknown host, TLS verification) and Unavailable otherwise, with libpq's message.
  explicit PostgresSession(const PostgresConnectOptions& options);
  PostgresSession(const PostgresSession&) = delete;
  PostgresSession& operator=(const PostgresSession&) = delete;

  void execute_script(std::string_view sql) override;
  int set_statement_timeout_ms(int ms) override;
  Dialect dialect() const override { return Dialect::Postgres; }

  // Whether the connection can be handed out again: open, not inside a transaction, and not
  // closed by the server while it sat idle (a restart, an idle timeout).
  bool reusable();
  std::chrono::steady_clock::time_point last_used() const { return last_used_; }

  // For a session that LISTENs (postgres_change_listener.hpp): the socket to wait on, -1 once
  // the connection is dropped.
  int socket() const;
  // Reads what the socket holds, without waiting, and appends each notification's payload;
  // false when the connection is gone (it is dropped then).
  bool take_notifications(std::vector<std::string>& payloads);

 protected:
  Rows run_query(std::string_view sql, std::initializer_list<Param> params) override;
  std::int64_t run_execute(std::string_view sql, std::initializer_list<Param> params) override;
  std::string commit_mark() override;

 private:
  void begin(const ExclusiveWrites* exclusive) override;
  struct Prepared {
    std::string sql;
    std::string name;
  };
  PgResult run(std::string_view sql, std::initializer_list<Param> params);
  const std::string& prepare(std::string_view sql);
  // Waits (up to the statement timeout and a grace period, for every result) for the answer to
  // what was sent.
  PgResult await_result(std::string_view what);
  // Waits until libpq can hand out the next result without blocking, or throws at the deadline.
  void wait_readable(std::chrono::steady_clock::time_point deadline, std::string_view what);
  // Throws Unavailable (and drops the connection) or Error for a failed result (null: libpq
  // itself failed).
  [[noreturn]] void fail(PgResult result, std::string_view what);
  void drop_connection();

  PgConnection conn_;  // null once the connection is dropped
  int statement_timeout_ms_ = 0;
  std::unordered_map<const char*, Prepared> statements_;
  int next_statement_ = 0;
  std::chrono::steady_clock::time_point last_used_ = std::chrono::steady_clock::now();
};

// Whether a failure to connect is one that retrying will not fix, judged from libpq's message
// (libpq gives no SQLSTATE for connection failures): authentication, a missing role or database,
// a host name that does not exist, TLS verification, a malformed URL.
bool is_permanent_connect_failure(std::string_view message);

// The message with the URL's password (as written, and percent-decoded) replaced by "********":
// libpq's messages may quote parts of the URL.
std::string without_password(std::string message, const std::string& url);

}  // namespace polls::db
