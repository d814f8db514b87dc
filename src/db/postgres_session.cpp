// A PostgreSQL connection: connecting with the session settings polls relies on, statements
// prepared once per connection, answers awaited with a deadline, and libpq's failures turned into
// Error, Unavailable or Misconfigured.
#include "db/postgres_session.hpp"

#include <poll.h>

#include <array>
#include <cerrno>
#include <memory>
#include <vector>

#include "db/datetime.hpp"
#include "db/errors.hpp"
#include "text/integer.hpp"

namespace polls::db {

namespace {

// The client waits this much longer than the server's statement_timeout before it gives up on a
// silent server (stopped, or a network that drops packets without a reset).
constexpr int kDeadlineGraceMs = 2000;

// libpq's messages end with a newline and may span lines (one per address tried).
std::string one_line(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text.empty() ? "unknown error" : text;
}

// SQLSTATE classes that mean "not now" rather than "wrong": connection exceptions (08),
// insufficient resources (53), operator intervention such as a statement timeout or a shutdown
// (57), serialization failures and deadlocks (40), lock not available (55P03).
bool is_transient_state(std::string_view state) {
  return state.starts_with("08") || state.starts_with("53") || state.starts_with("57") ||
         state.starts_with("40") || state == "55P03";
}

}  // namespace

bool is_permanent_connect_failure(std::string_view message) {
  constexpr std::array<std::string_view, 15> kPermanent = {
      "authentication failed",      // password, md5, scram, ident, peer
      "no password supplied",       // the server wants one and the URL has none
      "does not exist",             // role, database, or sslrootcert file
      "no pg_hba.conf entry",       // the server does not let this user in from here
      "pg_hba.conf rejects",        //
      "Name or service not known",  // an unknown host name (a temporary DNS failure is not)
      "certificate verify failed",  // sslmode=verify-ca/verify-full with the wrong CA
      "does not match host name",   // verify-full against another name
      "SSL was required",           // sslmode=require and a server without TLS
      "invalid connection option",  // a malformed URL or option value
      "invalid URI",                //
      "invalid percent-encoded",    //
      "permission denied",          // CONNECT privilege
      "value: \"",                  // "invalid sslmode value: ..." and the like
      "could not read root certificate",
  };
  for (const auto pattern : kPermanent) {
    if (message.find(pattern) != std::string_view::npos) return true;
  }
  return false;
}

std::string without_password(std::string message, const std::string& url) {
  std::vector<std::string> secrets;
  // As written: between the first ":" after "://" and the last "@" before the path.
  if (const auto scheme = url.find("://"); scheme != std::string::npos) {
    const auto rest = std::string_view(url).substr(scheme + 3);
    const auto at = rest.substr(0, rest.find('/')).rfind('@');
    const auto colon = rest.find(':');
    if (at != std::string_view::npos && colon < at) {
      secrets.emplace_back(rest.substr(colon + 1, at - colon - 1));
    }
  }
  // As libpq decodes it (also a password=... parameter).
  if (const PgConninfo options = parse_conninfo(url)) {
    for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
      if (o->val != nullptr && std::string_view(o->keyword) == "password")
        secrets.emplace_back(o->val);
    }
  }
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = message.find(secret); at != std::string::npos; at = message.find(secret, at)) {
      message.replace(at, secret.size(), "********");
      at += 8;
    }
  }
  return message;
}

PostgresSession::PostgresSession(const PostgresConnectOptions& options) {
  // The URL comes last so that anything it sets wins over these defaults (libpq applies
  // keywords in order, and expands dbname as a URL).
  // TCP keepalives: a server that vanished without a word (a failover, a dropped route) is
  // noticed within about a minute, even by a connection that only LISTENs and never sends.
  const std::string timeout = std::to_string(options.connect_timeout_seconds);
  const std::array<const char*, 8> keys = {"connect_timeout",
                                           "client_encoding",
                                           "fallback_application_name",
                                           "keepalives_idle",
                                           "keepalives_interval",
                                           "keepalives_count",
                                           "dbname",
                                           nullptr};
  const std::array<const char*, 8> values = {timeout.c_str(),     "UTF8", "polls", "30", "10", "3",
                                             options.url.c_str(), nullptr};
  conn_.reset(PQconnectdbParams(keys.data(), values.data(), 1));
  if (!conn_) throw Unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    const std::string message = without_password(
        "cannot connect to PostgreSQL: " + one_line(PQerrorMessage(conn_.get())), options.url);
    if (is_permanent_connect_failure(message)) throw Misconfigured(message);
    throw Unavailable(message);
  }
  // libpq prints the server's notices ("relation ... already exists, skipping") to stderr by
  // default, which would break the one-JSON-object-per-line log; they say nothing polls acts on.
  PQsetNoticeProcessor(
      conn_.get(), [](void*, const char*) {}, nullptr);
  statement_timeout_ms_ = options.statement_timeout_ms;
  // Datetimes travel as UTC text, as Django stores them; a statement that runs too long is
  // cancelled by the server.
  execute_script("SET TimeZone = 'UTC'; SET statement_timeout = " +
                 std::to_string(options.statement_timeout_ms));
}

int PostgresSession::set_statement_timeout_ms(int ms) {
  const int before = statement_timeout_ms_;
  execute_script("SET statement_timeout = " + std::to_string(ms));
  statement_timeout_ms_ = ms;  // the client's deadline follows the server's limit
  return before;
}

void PostgresSession::drop_connection() { conn_.reset(); }

int PostgresSession::socket() const { return conn_ ? PQsocket(conn_.get()) : -1; }

bool PostgresSession::take_notifications(std::vector<std::string>& payloads) {
  if (!conn_) return false;
  // A server that shut down sends its FATAL message and closes: consuming it fails, or leaves
  // the connection bad.
  if (PQconsumeInput(conn_.get()) == 0 || PQstatus(conn_.get()) != CONNECTION_OK) {
    drop_connection();
    return false;
  }
  while (PGnotify* notice = PQnotifies(conn_.get())) {
    payloads.emplace_back(notice->extra != nullptr ? notice->extra : "");
    PQfreemem(notice);
  }
  return true;
}

void PostgresSession::fail(PgResult result, std::string_view what) {
  // Copied out before the result they point into is freed. No SQLSTATE means libpq itself
  // failed: the connection is gone or unusable.
  const char* state_field = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_field ? state_field : "";
  std::string message =
      std::string(what) + ": " + one_line(result ? PQresultErrorMessage(result.get()) : nullptr);
  result.reset();
  if (message.ends_with("unknown error") && conn_) {
    message = std::string(what) + ": " + one_line(PQerrorMessage(conn_.get()));
  }
  const bool lost = !conn_ || PQstatus(conn_.get()) != CONNECTION_OK;
  if (lost) drop_connection();
  // A prepared statement the server no longer has (26000: a pooler in front discarded it) or
  // whose result type a migration elsewhere changed (0A000): prepare afresh next time.
  const bool stale_statement = state == "26000" || state == "0A000";
  if (stale_statement) statements_.clear();
  if (lost || stale_statement || state.empty() || is_transient_state(state)) {
    throw Unavailable(message);
  }
  throw Error(message);
}

void PostgresSession::wait_readable(std::chrono::steady_clock::time_point deadline,
                                    std::string_view what) {
  while (PQisBusy(conn_.get())) {
    int wait_ms = -1;
    if (statement_timeout_ms_ > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        drop_connection();
        throw Unavailable(std::string(what) + ": no answer from PostgreSQL within " +
                          std::to_string(statement_timeout_ms_ + kDeadlineGraceMs) + " ms");
      }
      wait_ms = static_cast<int>(left.count());
    }
    pollfd descriptor{PQsocket(conn_.get()), POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, wait_ms);
    if (ready < 0 && errno != EINTR) fail(nullptr, what);
    if (ready > 0 && PQconsumeInput(conn_.get()) == 0) fail(nullptr, what);
  }
}

PgResult PostgresSession::await_result(std::string_view what) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(statement_timeout_ms_ + kDeadlineGraceMs);
  // A statement gives one result and then nullptr; a script one per statement. Keep the first
  // error, or else the last result. Each PQgetResult waits under the same deadline.
  PgResult kept;
  for (;;) {
    wait_readable(deadline, what);
    PgResult next(PQgetResult(conn_.get()));
    if (!next) break;
    const bool kept_error = kept && PQresultStatus(kept.get()) == PGRES_FATAL_ERROR;
    if (!kept_error) kept = std::move(next);
  }
  const ExecStatusType status = kept ? PQresultStatus(kept.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(std::move(kept), what);
  return kept;
}

const std::string& PostgresSession::prepare(std::string_view sql) {
  auto it = statements_.find(sql.data());
  if (it != statements_.end() && it->second.sql == sql) return it->second.name;
  if (it != statements_.end()) {
    // Another text at a reused address (SQL built at run time): free the old statement first.
    const std::string old_name = it->second.name;
    statements_.erase(it);
    execute_script("DEALLOCATE " + old_name);
  }
  std::string name = "polls_" + std::to_string(++next_statement_);
  const std::string text(sql);
  if (PQsendPrepare(conn_.get(), name.c_str(), text.c_str(), 0, nullptr) == 0) {
    fail(nullptr, "prepare");
  }
  await_result("prepare");
  return statements_.emplace(sql.data(), Prepared{text, std::move(name)}).first->second.name;
}

PgResult PostgresSession::run(std::string_view sql, std::initializer_list<Param> params) {
  if (!conn_) throw Unavailable("the PostgreSQL connection was lost");
  last_used_ = std::chrono::steady_clock::now();
  const std::string& name = prepare(sql);
  // Parameters travel as text, which the server converts to the type it inferred for each.
  // Text must end with a NUL for libpq, so strings are copied; `texts` is reserved up front, so
  // the pointers into it stay valid until the statement is sent.
  std::vector<std::string> texts;
  texts.reserve(params.size());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) {
    if (const auto* i = std::get_if<std::int64_t>(&p)) {
      texts.push_back(std::to_string(*i));
      values.push_back(texts.back().c_str());
    } else if (const auto* s = std::get_if<std::string_view>(&p)) {
      if (s->find('\0') != std::string_view::npos) {
        throw Error("text with a NUL character cannot be stored in PostgreSQL");
      }
      texts.emplace_back(*s);
      values.push_back(texts.back().c_str());
    } else if (const auto* t = std::get_if<Timestamp>(&p)) {
      // For Django's timestamp with time zone columns: UTC, said explicitly, so the value does
      // not depend on the session's TimeZone.
      texts.push_back(to_db_text(*t) + "+00");
      values.push_back(texts.back().c_str());
    } else if (const auto* b = std::get_if<bool>(&p)) {
      values.push_back(*b ? "true" : "false");
    } else {
      values.push_back(nullptr);
    }
  }
  if (PQsendQueryPrepared(conn_.get(), name.c_str(), static_cast<int>(values.size()), values.data(),
                          nullptr, nullptr, 0) == 0) {
    fail(nullptr, "query");
  }
  return await_result("query");
}

std::string PostgresSession::commit_mark() {
  // A snapshot lists the transactions still running and the first one not yet begun: a commit
  // anywhere in the cluster (another replica's, a psql session's) removes one from that list or
  // moves the bound, so two equal snapshots have no commit between them. Writes to other tables
  // change it too, which only costs a cached page.
  static constexpr std::string_view kSnapshot = "SELECT pg_current_snapshot()::text";
  return run_query(kSnapshot, {}).text(0, 0);
}

Rows PostgresSession::run_query(std::string_view sql, std::initializer_list<Param> params) {
  const PgResult result = run(sql, params);
  const int rows = PQntuples(result.get());
  const int columns = PQnfields(result.get());
  auto names = std::make_shared<std::vector<std::string>>();
  names->reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    const char* name = PQfname(result.get(), c);
    names->emplace_back(name != nullptr ? name : "");
  }
  std::vector<std::optional<std::string>> cells;
  cells.reserve(static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result.get(), r, c)) {
        cells.emplace_back();
      } else {
        cells.emplace_back(std::in_place, PQgetvalue(result.get(), r, c),
                           static_cast<std::size_t>(PQgetlength(result.get(), r, c)));
      }
    }
  }
  return Rows(std::move(names), std::move(cells));
}

std::int64_t PostgresSession::run_execute(std::string_view sql,
                                          std::initializer_list<Param> params) {
  const PgResult result = run(sql, params);
  // Empty for a command that does not count rows (not INSERT, UPDATE, DELETE, ...).
  return text::parse_integer<std::int64_t>(PQcmdTuples(result.get())).value_or(0);
}

constexpr std::string_view kBegin = "BEGIN";
constexpr std::string_view kRollback = "ROLLBACK";

// SHARE ROW EXCLUSIVE conflicts with itself and with the ROW EXCLUSIVE lock that every INSERT,
// UPDATE and DELETE takes, not with the ACCESS SHARE of reads.
void PostgresSession::begin(const ExclusiveWrites* exclusive) {
  execute(kBegin);
  if (exclusive == nullptr) return;
  try {
    // Through execute(), so that the wait for the lock is a sample of the statement latency.
    // (Transaction checked the name; prepared once per table and connection.)
    execute("LOCK TABLE " + std::string(exclusive->table) + " IN SHARE ROW EXCLUSIVE MODE");
  } catch (...) {
    // The Transaction was not made, so its destructor will not roll back: do it here.
    try {
      if (conn_ && PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) execute_script(kRollback);
    } catch (const Error&) {
      // The connection is broken: reusable() says so and the pool replaces it.
    }
    throw;
  }
}

void PostgresSession::execute_script(std::string_view sql) {
  if (!conn_) throw Unavailable("the PostgreSQL connection was lost");
  last_used_ = std::chrono::steady_clock::now();
  const std::string text(sql);
  if (PQsendQuery(conn_.get(), text.c_str()) == 0) fail(nullptr, "script");
  await_result("script");
}

bool PostgresSession::reusable() {
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) return false;
  if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) return false;
  // An idle connection (no LISTEN, no query running) has nothing to read unless the server is
  // closing it: a restart, pg_terminate_backend, an idle timeout each send a FATAL error before
  // the end of the stream. Such a connection is replaced rather than used once more.
  pollfd descriptor{PQsocket(conn_.get()), POLLIN, 0};
  return ::poll(&descriptor, 1, 0) == 0;
}

}  // namespace polls::db
