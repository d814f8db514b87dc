// One SQLite connection with its cache of prepared statements.
#pragma once

#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "db/database.hpp"
#include "db/sqlite_handles.hpp"
#include "db/sqlite_synchronous.hpp"

namespace polls::db {

class SqliteSession final : public Session {
 public:
  // Opens the connection and sets the server pragmas; throws Unavailable when SQLite cannot open
  // the file now, and Error naming the path when it is not a database. `synchronous` matters to
  // a connection that commits.
  SqliteSession(const std::string& path, int busy_timeout_ms, bool shared_memory,
                SqliteSynchronous synchronous = SqliteSynchronous::Normal);
  ~SqliteSession() override;
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

  void execute_script(std::string_view sql) override;
  Dialect dialect() const override { return Dialect::Sqlite; }

 protected:
  Rows run_query(std::string_view sql, std::initializer_list<Param> params) override;
  std::int64_t run_execute(std::string_view sql, std::initializer_list<Param> params) override;
  std::string commit_mark() override;

 private:
  void begin(const ExclusiveWrites* exclusive) override;
  struct Cached {
    std::string sql;
    SqliteStatement stmt;
    Rows::ColumnNames names;  // its result's column names, read once
    // SQLite's index for $1, $2, ...: it numbers "$N" names in order of first appearance, so
    // "SET a = $3 WHERE b = $1" would otherwise bind the first value to $3.
    std::vector<int> slots;
  };
  struct Prepared {
    sqlite3_stmt* stmt;
    Rows::ColumnNames& names;  // the cached names, renewed when SQLite re-prepares the statement
  };
  // The statement, prepared once per session and bound to params.
  Prepared prepare(std::string_view sql, std::initializer_list<Param> params);
  [[noreturn]] void fail(int rc, std::string_view what) const;

  // Declared first, so it is closed after the statements prepared on it are finalized.
  SqliteConnection db_;
  std::unordered_map<const char*, Cached> statements_;
  // The text of timestamp parameters, kept until the statement bound to it has run (bound
  // SQLITE_STATIC; the strings keep their capacity from one statement to the next).
  std::vector<std::string> bound_text_;
};

}  // namespace polls::db
