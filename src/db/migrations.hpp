// Versioned schema migrations: ordered SQL files per dialect, applied once each and recorded in
// polls_migrations; a database made by the Django app is adopted without re-creating anything.
#pragma once

#include <string>
#include <vector>

#include "db/database.hpp"

namespace polls::db {

struct Migration {
  std::string name;  // "0001_initial", the file name without .sql
  std::string sql;
};

struct MigrationReport {
  std::vector<std::string> applied;  // ran now
  std::vector<std::string> adopted;  // recorded without running: Django had made those tables
  std::vector<std::string> already;  // recorded before
};

// The embedded migrations of a dialect ("migrations/sqlite/*.sql"), in order.
std::vector<Migration> embedded_migrations(Dialect dialect);

// Applies what is not yet recorded, each in its own write transaction. Safe to run twice and
// from several processes at once: each migration is re-checked inside its transaction.
MigrationReport migrate(Database& database, const std::vector<Migration>& migrations);

}  // namespace polls::db
