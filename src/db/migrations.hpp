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
  // The Django migration whose record in django_migrations means Django already made what this
  // one makes: by default polls' migration of the same name; a first line
  // "-- django-migration: APP NAME" names another (the auth tables: "auth 0001_initial").
  std::string django_app = "polls";
  std::string django_name;
};

// A migration from its file name and text, with the Django migration it corresponds to.
Migration make_migration(std::string name, std::string sql);

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
