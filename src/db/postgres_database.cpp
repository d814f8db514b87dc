// The PostgreSQL connection pool: see postgres_database.hpp.
#include "db/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>

#include "db/errors.hpp"
#include "db/postgres_change_listener.hpp"
#include "db/postgres_handles.hpp"

namespace polls::db {

namespace {

constexpr std::string_view kPing = "SELECT 1";

// "polls@db.example.com:5432/polls": who and where, never the password.
std::string describe_url(const std::string& url) {
  const PgConninfo options = parse_conninfo(url);
  if (!options) return "postgres (unparsable URL)";
  std::string user, host, port, dbname;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string_view keyword = option->keyword;
    if (keyword == "user") user = option->val;
    if (keyword == "host") host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") dbname = option->val;
  }
  std::string text = "postgres ";
  if (!user.empty()) text += user + "@";
  text += host.empty() ? "localhost" : host;
  if (!port.empty()) text += ":" + port;
  return text + "/" + dbname;
}

}  // namespace

PostgresDatabase::PostgresDatabase(PostgresOptions options) : options_(std::move(options)) {
  std::string message;
  if (!parse_conninfo(options_.connect.url, &message)) {
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw Misconfigured(
        without_password("the PostgreSQL URL is not valid: " + message, options_.connect.url));
  }
  // One connection now proves the URL, the credentials and TLS before polls says it is up.
  idle_.push_back(connect());
  open_ = 1;
}

PostgresDatabase::~PostgresDatabase() = default;

std::unique_ptr<ChangeListener> PostgresDatabase::listen(std::string_view channel) {
  return std::make_unique<PostgresChangeListener>(options_.connect, std::string(channel));
}

std::string PostgresDatabase::describe() const { return describe_url(options_.connect.url); }

std::unique_ptr<PostgresSession> PostgresDatabase::connect() {
  bool probe = false;
  {
    const std::lock_guard guard(mutex_);
    if (!last_failure_.empty()) {
      const auto since = std::chrono::steady_clock::now() - failed_at_;
      const bool pausing = since < std::chrono::milliseconds(options_.reconnect_pause_ms);
      if (pausing || probing_) {
        if (last_failure_permanent_) throw Misconfigured(last_failure_);
        throw Unavailable(last_failure_);
      }
      probing_ = probe = true;
    }
  }
  const auto record = [&](const std::string& failure, bool permanent) {
    const std::lock_guard guard(mutex_);
    if (probe) probing_ = false;
    last_failure_ = failure;
    last_failure_permanent_ = permanent;
    if (!failure.empty()) failed_at_ = std::chrono::steady_clock::now();
  };
  try {
    auto session = std::make_unique<PostgresSession>(options_.connect);
    session->time_statements_in(&statement_latency_);
    record("", false);
    return session;
  } catch (const Misconfigured& e) {
    record(e.what(), true);
    throw;
  } catch (const Unavailable& e) {
    record(e.what(), false);
    throw;
  }
}

Lease PostgresDatabase::lease(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::unique_lock lock(mutex_);
  bool counted_wait = false;
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<PostgresSession> session = std::move(idle_.back());
      idle_.pop_back();
      if (session->reusable()) {
        PostgresSession* raw = session.release();
        return Lease(*raw, [this, raw] { give_back(raw); });
      }
      --open_;  // closed by the server while idle: replaced below
    }
    if (open_ < options_.pool_size) {
      ++open_;
      lock.unlock();
      try {
        PostgresSession* raw = connect().release();
        return Lease(*raw, [this, raw] { give_back(raw); });
      } catch (...) {
        lock.lock();
        --open_;
        returned_.notify_one();
        throw;
      }
    }
    if (!counted_wait) {
      ++waits_;
      counted_wait = true;
    }
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.pool_size) {
      throw Unavailable("all " + std::to_string(options_.pool_size) +
                        " database connections stayed busy");
    }
  }
}

void PostgresDatabase::give_back(PostgresSession* raw) {
  std::unique_ptr<PostgresSession> session(raw);
  const bool keep = session->reusable();
  if (!keep) session.reset();  // closes outside the lock
  {
    const std::lock_guard guard(mutex_);
    if (keep) {
      idle_.push_back(std::move(session));
    } else {
      --open_;
    }
  }
  returned_.notify_one();
}

bool PostgresDatabase::ping() {
  // Readiness should not wait out a busy pool for long: probes have short timeouts.
  constexpr int kPingLeaseMs = 1000;
  try {
    auto session = lease(std::min(kPingLeaseMs, options_.acquire_timeout_ms));
    session->query(kPing);
    return true;
  } catch (const Error&) {
    return false;
  }
}

PoolStats PostgresDatabase::pool_stats() {
  const std::lock_guard guard(mutex_);
  const int idle = static_cast<int>(idle_.size());
  return {open_, open_ - idle, waits_};
}

}  // namespace polls::db
