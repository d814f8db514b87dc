// The small database interface the repositories use, whatever the backend.
//
// SQL uses $1, $2, ... placeholders, which both SQLite and PostgreSQL understand. Statements are
// passed as string constants with static storage (`constexpr std::string_view kQuery = ...`):
// each connection prepares a statement once, keyed by the constant's address.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "db/change_listener.hpp"
#include "db/timestamp.hpp"
#include "ops/histogram.hpp"

namespace polls::db {

// A statement's parameter. Each backend binds a Timestamp and a bool as Django stores a
// DateTimeField and a BooleanField there: SQLite Django's UTC text and 1/0, PostgreSQL a
// timestamp with time zone and a boolean. A string_view must outlive the call.
using Param = std::variant<std::nullptr_t, std::int64_t, std::string_view, Timestamp, bool>;

enum class Dialect { Sqlite, Postgres };

// What a Transaction holds until it ends, beyond all-or-nothing: no other transaction writes to
// `table` meanwhile, and another that asks for the same waits; readers are not held up. So a
// transaction that writes a row and then counts the rows before it sees every concurrent one
// either entirely before or entirely after. SQLite gives this to every write transaction (its one
// writer, BEGIN IMMEDIATE); PostgreSQL takes LOCK TABLE ... IN SHARE ROW EXCLUSIVE MODE.
struct ExclusiveWrites {
  std::string_view table;  // a plain identifier: letters, digits, underscores
};

class Transaction;

// The rows a query returned, as text cells (both backends can give text cheaply) read through
// typed accessors. A cell that is not what its accessor expects throws db::Error naming the
// column and the value.
class Rows {
 public:
  // The result's column names, in order: shared, so that a backend can keep one copy per
  // prepared statement instead of building them for every query.
  using ColumnNames = std::shared_ptr<const std::vector<std::string>>;

  Rows() = default;
  // `cells` row after row; names must not be null.
  Rows(ColumnNames names, std::vector<std::optional<std::string>> cells)
      : names_(std::move(names)), columns_(names_->size()), cells_(std::move(cells)) {}

  std::size_t size() const { return columns_ == 0 ? 0 : cells_.size() / columns_; }
  bool empty() const { return size() == 0; }
  bool is_null(std::size_t row, std::size_t col) const { return !cell(row, col).has_value(); }
  // NULL reads as "" and, for integer(), 0.
  const std::string& text(std::size_t row, std::size_t col) const;
  std::int64_t integer(std::size_t row, std::size_t col) const;
  // A boolean column: SQLite gives 1/0, PostgreSQL "t"/"f"; "true"/"false" are accepted too.
  // NULL is false.
  bool boolean(std::size_t row, std::size_t col) const;
  // A datetime column (SQLite: Django's UTC text; PostgreSQL: timestamp with time zone).
  // timestamp() throws for NULL too.
  Timestamp timestamp(std::size_t row, std::size_t col) const;
  std::optional<Timestamp> optional_timestamp(std::size_t row, std::size_t col) const;

 private:
  const std::optional<std::string>& cell(std::size_t row, std::size_t col) const {
    return cells_.at(row * columns_ + col);
  }
  [[noreturn]] void unreadable(std::size_t col, const std::optional<std::string>& value,
                               std::string_view expected) const;
  ColumnNames names_;
  std::size_t columns_ = 0;
  std::vector<std::optional<std::string>> cells_;
};

// One connection, used by one thread at a time.
class Session {
 public:
  virtual ~Session() = default;
  Rows query(std::string_view sql, std::initializer_list<Param> params = {}) {
    const ops::ScopedTimer timer(statement_latency_);
    return run_query(sql, params);
  }
  // Runs a statement that returns no rows; the number of rows it changed.
  std::int64_t execute(std::string_view sql, std::initializer_list<Param> params = {}) {
    const ops::ScopedTimer timer(statement_latency_);
    return run_execute(sql, params);
  }
  // Runs several statements with no parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  // The statement timeout of this connection from now on, in ms (0: none), and the one before.
  // PostgreSQL cancels a statement that runs longer; SQLite has none (busy_timeout bounds its
  // waits), so there it does nothing and returns 0.
  virtual int set_statement_timeout_ms(int ms) {
    (void)ms;
    return 0;
  }
  virtual Dialect dialect() const = 0;
  // Where query() and execute() record how long each statement took (the database's histogram).
  void time_statements_in(ops::Histogram* histogram) { statement_latency_ = histogram; }

 protected:
  virtual Rows run_query(std::string_view sql, std::initializer_list<Param> params) = 0;
  virtual std::int64_t run_execute(std::string_view sql, std::initializer_list<Param> params) = 0;
  // A mark that differs between two calls on this session whenever anything was committed in
  // between, by this connection or any other. It may differ without a commit (that only costs a
  // cache a page); it must not stay the same across one.
  virtual std::string commit_mark() = 0;

 private:
  friend class Transaction;
  friend class Database;
  // Starts a transaction the way this backend needs, holding `exclusive` when given.
  virtual void begin(const ExclusiveWrites* exclusive) = 0;
  // Whether anything was committed to the database since this session last asked, by any
  // connection of any process (true the first time). Only Database::data_version() may ask: an
  // answer used up elsewhere would not bump its generation.
  bool committed_since_last_asked();

  ops::Histogram* statement_latency_ = nullptr;
  std::optional<std::string> last_commit_mark_;  // none until asked
};

// A session checked out of the database; returned when the lease goes out of scope.
class Lease {
 public:
  Lease(Session& session, std::function<void()> release)
      : session_(&session), release_(std::move(release)) {}
  Lease(Lease&& other) noexcept
      : session_(other.session_), release_(std::exchange(other.release_, nullptr)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (release_) release_();
  }
  Session* operator->() const { return session_; }
  Session& operator*() const { return *session_; }

 private:
  Session* session_;
  std::function<void()> release_;
};

// How busy a database's connections are (for metrics).
struct PoolStats {
  int open = 0;
  int in_use = 0;
  std::int64_t waits = 0;  // leases that had to wait for a connection
};

class Database {
 public:
  virtual ~Database() = default;
  // A session for reads; many may be out at once.
  virtual Lease read() = 0;
  // A session for writes. Each statement is atomic and a Transaction on it is all or nothing;
  // writers are not otherwise ordered: one that reads, decides and writes must ask for
  // ExclusiveWrites. (SQLite leases its one writer connection to one caller at a time, so that a
  // write transaction never has to upgrade a read lock, SQLite's deadlock; PostgreSQL leases any
  // pooled connection and writers run side by side, at READ COMMITTED.)
  virtual Lease write() = 0;
  // Whether the database answers right now (readiness).
  virtual bool ping() = 0;
  virtual Dialect dialect() const = 0;
  // A description without secrets, for logs: "sqlite polls.db".
  virtual std::string describe() const = 0;
  virtual PoolStats pool_stats() { return {}; }
  // A listener for writes made outside this process, on its own connection (change_listener.hpp);
  // null when the database has no outside (an in-memory one). `channel` is the PostgreSQL
  // channel writers NOTIFY (an identifier); SQLite hears every write.
  virtual std::unique_ptr<ChangeListener> listen(std::string_view channel) {
    (void)channel;
    return nullptr;
  }
  // How long statements took, over every session of this database.
  const ops::Histogram& statement_latency() const { return statement_latency_; }

  // A number that changes whenever anything is committed: by this process, by another process on
  // the same SQLite file, by another replica on PostgreSQL. If two calls give the same number,
  // nothing was committed between them, so what was read after the first is still what a read
  // would see at the second: a page rendered from reads made after taking the version may be
  // served for as long as the version stays the same (web/page_cache.hpp). It costs one cheap
  // statement (SQLite: PRAGMA data_version; PostgreSQL: the current snapshot, one round trip
  // that callers arriving together share: shared_check.hpp).
  virtual std::uint64_t data_version();

 protected:
  ops::Histogram statement_latency_;

 private:
  // Bumped by every session that sees a commit since it last asked (database.cpp says why that
  // is enough).
  std::atomic<std::uint64_t> data_generation_{0};
};

// A block of statements on one session that takes effect all at once when committed, and not at
// all otherwise (it rolls back when it goes out of scope uncommitted).
class Transaction {
 public:
  explicit Transaction(Session& session);
  // Also holds exclusive writes to a table until it ends: see ExclusiveWrites.
  Transaction(Session& session, ExclusiveWrites exclusive);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Session& session_;
  bool done_ = false;
};

}  // namespace polls::db
