// Owners for SQLite's handles: a connection, a statement or a message SQLite allocated is freed
// however the code that holds it ends (a throwing constructor included).
#pragma once

#include <sqlite3.h>

#include <memory>

namespace polls::db {

struct SqliteClose {
  // _v2: a connection whose statements are still alive closes when the last one is finalized.
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteConnection = std::unique_ptr<sqlite3, SqliteClose>;

struct SqliteFinalize {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteFinalize>;

struct SqliteFree {
  void operator()(char* text) const { sqlite3_free(text); }
};
using SqliteMessage = std::unique_ptr<char, SqliteFree>;

}  // namespace polls::db
