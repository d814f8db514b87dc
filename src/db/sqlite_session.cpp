// A SQLite connection: opening with the server pragmas, prepared statements cached per
// connection, and SQLite's result codes turned into Error or Unavailable.
#include "db/sqlite_session.hpp"

#include <chrono>
#include <thread>
#include <utility>

#include "db/datetime.hpp"
#include "db/errors.hpp"

namespace polls::db {

namespace {

// Codes that mean "not now" rather than "wrong": the request may succeed later.
bool is_transient(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
      return true;
    default:
      return false;
  }
}

// Resets a statement when a query ends, however it ends: an unreset statement keeps its read
// transaction open, which blocks WAL checkpoints.
struct ResetOnExit {
  sqlite3_stmt* stmt;
  ~ResetOnExit() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

// The names of the statement's result columns, in order.
// See Cached::slots. A parameter that is not "$N" keeps its own position.
std::vector<int> parameter_slots(sqlite3_stmt* stmt) {
  const int count = sqlite3_bind_parameter_count(stmt);
  std::vector<int> slots(static_cast<std::size_t>(count));
  for (int i = 1; i <= count; ++i) {
    const std::string name = "$" + std::to_string(i);
    const int slot = sqlite3_bind_parameter_index(stmt, name.c_str());
    slots[static_cast<std::size_t>(i - 1)] = slot > 0 ? slot : i;
  }
  return slots;
}

Rows::ColumnNames column_names(sqlite3_stmt* stmt) {
  auto names = std::make_shared<std::vector<std::string>>();
  for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
    const char* name = sqlite3_column_name(stmt, c);
    names->emplace_back(name != nullptr ? name : "");
  }
  return names;
}

}  // namespace

SqliteSession::SqliteSession(const std::string& path, int busy_timeout_ms, bool shared_memory,
                             SqliteSynchronous synchronous) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                    SQLITE_OPEN_EXRESCODE | (shared_memory ? SQLITE_OPEN_URI : 0);
  const std::string cannot_open = "cannot open SQLite database \"" + path + "\": ";
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);  // a failed open still hands out a connection to close
  if (rc != SQLITE_OK) {
    throw Unavailable(cannot_open + (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db_.get(), busy_timeout_ms);
  sqlite3_extended_result_codes(db_.get(), 1);
  // WAL lets readers run beside the writer; NORMAL is durable across application crashes and
  // loses at most the last commits on power loss, the usual choice with WAL; FULL syncs the WAL
  // at every commit, so nothing committed is lost even then.
  // Switching a new file to WAL needs a lock that SQLite does not wait for with the busy
  // handler: processes opening one database at once retry here for up to the busy timeout.
  // The pragmas are also the first read of the file: a file that is not a database fails here.
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  for (;;) {
    try {
      execute_script(synchronous == SqliteSynchronous::Full
                         ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                           "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                         : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                           "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
      return;
    } catch (const Unavailable& e) {
      if (std::chrono::steady_clock::now() >= give_up) throw Unavailable(cannot_open + e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } catch (const Error& e) {
      throw Error(cannot_open + e.what());
    }
  }
}

SqliteSession::~SqliteSession() = default;

void SqliteSession::fail(int rc, std::string_view what) const {
  std::string message = std::string(what) + ": " + sqlite3_errmsg(db_.get());
  if (is_transient(rc)) throw Unavailable(message);
  throw Error(message);
}

SqliteSession::Prepared SqliteSession::prepare(std::string_view sql,
                                               std::initializer_list<Param> params) {
  auto it = statements_.find(sql.data());
  if (it == statements_.end() || it->second.sql != sql) {
    if (it != statements_.end()) statements_.erase(it);
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    SqliteStatement prepared(raw);
    if (rc != SQLITE_OK) fail(rc, "prepare");
    it = statements_
             .emplace(sql.data(), Cached{std::string(sql), std::move(prepared), column_names(raw),
                                         parameter_slots(raw)})
             .first;
  }
  if (bound_text_.size() < params.size()) bound_text_.resize(params.size());
  sqlite3_stmt* stmt = it->second.stmt.get();
  const std::vector<int>& slots = it->second.slots;
  std::size_t position = 0;
  for (const Param& p : params) {
    const int index = position < slots.size() ? slots[position] : static_cast<int>(position) + 1;
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<std::int64_t>(&p)) {
      rc = sqlite3_bind_int64(stmt, index, *i);
    } else if (const auto* s = std::get_if<std::string_view>(&p)) {
      rc = sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
    } else if (const auto* t = std::get_if<Timestamp>(&p)) {
      // Django's text, which sorts like the instants it names.
      std::string& text = bound_text_[position];
      text.clear();
      append_db_text(text, *t);
      rc =
          sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    } else if (const auto* b = std::get_if<bool>(&p)) {
      rc = sqlite3_bind_int(stmt, index, *b ? 1 : 0);  // Django's BooleanField on SQLite
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) {
      sqlite3_clear_bindings(stmt);
      fail(rc, "bind");
    }
    ++position;
  }
  return {stmt, it->second.names};
}

Rows SqliteSession::run_query(std::string_view sql, std::initializer_list<Param> params) {
  const Prepared prepared = prepare(sql, params);
  sqlite3_stmt* stmt = prepared.stmt;
  ResetOnExit reset{stmt};
  std::vector<std::optional<std::string>> cells;
  int columns = 0;
  for (bool first = true;; first = false) {
    const int rc = sqlite3_step(stmt);
    if (first) {
      // SQLite re-prepares a statement after a schema change, inside the step: its columns may
      // have changed with it.
      columns = sqlite3_column_count(stmt);
      if (static_cast<std::size_t>(columns) != prepared.names->size()) {
        prepared.names = column_names(stmt);
      }
    }
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(rc, "query");
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        cells.emplace_back();
      } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        cells.emplace_back(std::in_place, text,
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
    }
  }
  return Rows(prepared.names, std::move(cells));
}

std::string SqliteSession::commit_mark() {
  // PRAGMA data_version changes with every commit by another connection (another process's too);
  // this connection's own changes show in its total_changes (an in-memory database's readers use
  // the writer's connection).
  static constexpr std::string_view kDataVersion = "PRAGMA data_version";
  sqlite3_stmt* stmt = prepare(kDataVersion, {}).stmt;
  ResetOnExit reset{stmt};
  const int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) fail(rc, "PRAGMA data_version");
  return std::to_string(sqlite3_column_int64(stmt, 0)) + ':' +
         std::to_string(sqlite3_total_changes64(db_.get()));
}

std::int64_t SqliteSession::run_execute(std::string_view sql, std::initializer_list<Param> params) {
  sqlite3_stmt* stmt = prepare(sql, params).stmt;
  ResetOnExit reset{stmt};
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) fail(rc, "execute");
  return sqlite3_changes64(db_.get());
}

constexpr std::string_view kBeginImmediate = "BEGIN IMMEDIATE";

// IMMEDIATE takes the database's one write lock now rather than at the first write, so that a
// transaction that reads first never has to upgrade its read lock (SQLite's deadlock). Holding
// it, no other connection writes to any table: every ExclusiveWrites is already given.
void SqliteSession::begin(const ExclusiveWrites* /*exclusive*/) { execute(kBeginImmediate); }

void SqliteSession::execute_script(std::string_view sql) {
  const std::string text(sql);
  char* raw_error = nullptr;
  const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &raw_error);
  const SqliteMessage error(raw_error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error.get() : sqlite3_errstr(rc);
    if (is_transient(rc)) throw Unavailable(message);
    throw Error(message);
  }
}

}  // namespace polls::db
