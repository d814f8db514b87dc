// The migration runner: see migrations.hpp.
#include "db/migrations.hpp"

#include <algorithm>

#include "assets/embedded.hpp"
#include "db/errors.hpp"

namespace polls::db {

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS polls_migrations ("
    "name varchar(255) NOT NULL PRIMARY KEY, applied varchar(32) NOT NULL, how varchar(16) NOT "
    "NULL)";
constexpr std::string_view kIsRecorded = "SELECT count(*) FROM polls_migrations WHERE name = $1";
constexpr std::string_view kRecordSqlite =
    "INSERT INTO polls_migrations (name, applied, how) "
    "VALUES ($1, strftime('%Y-%m-%d %H:%M:%f', 'now'), $2)";
constexpr std::string_view kRecordPostgres =
    "INSERT INTO polls_migrations (name, applied, how) "
    "VALUES ($1, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), $2)";
constexpr std::string_view kDjangoTableSqlite =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'";
constexpr std::string_view kDjangoTablePostgres =
    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'django_migrations' "
    "AND table_schema = current_schema()";
constexpr std::string_view kDjangoApplied =
    "SELECT count(*) FROM django_migrations WHERE app = $1 AND name = $2";
constexpr std::string_view kDjangoDirective = "-- django-migration: ";

// PostgreSQL: replicas that start together queue on this session-level advisory lock, so one
// migrates and the others then find everything recorded. ("polls" in ASCII.)
constexpr std::int64_t kMigrationLockKey = 0x706f6c6c73;
constexpr std::string_view kLock = "SELECT pg_advisory_lock($1)";
constexpr std::string_view kUnlock = "SELECT pg_advisory_unlock($1)";

// Holds the migration lock on PostgreSQL and lifts the statement timeout meanwhile: waiting for
// another replica's migrations, or building an index on a big table, may take longer than a page
// request is allowed to. Does nothing on SQLite, whose single writer already serialises.
class MigrationLock {
 public:
  explicit MigrationLock(Session& session) : session_(session) {
    if (session_.dialect() != Dialect::Postgres) return;
    saved_timeout_ms_ = session_.set_statement_timeout_ms(0);
    session_.query(kLock, {kMigrationLockKey});
    held_ = true;
  }
  ~MigrationLock() {
    if (session_.dialect() != Dialect::Postgres) return;
    try {
      if (held_) session_.query(kUnlock, {kMigrationLockKey});
      session_.set_statement_timeout_ms(saved_timeout_ms_);
    } catch (const Error&) {
      // The connection broke: the server has released the lock with it, and the pool drops it.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  Session& session_;
  int saved_timeout_ms_ = 0;
  bool held_ = false;
};

std::string_view dialect_folder(Dialect dialect) {
  return dialect == Dialect::Sqlite ? "migrations/sqlite/" : "migrations/postgres/";
}

// Django recorded the corresponding migration itself: its tables exist and may hold data.
bool made_by_django(Session& session, const Migration& migration) {
  const bool sqlite = session.dialect() == Dialect::Sqlite;
  if (session.query(sqlite ? kDjangoTableSqlite : kDjangoTablePostgres).integer(0, 0) == 0) {
    return false;
  }
  return session
             .query(kDjangoApplied, {std::string_view(migration.django_app),
                                     std::string_view(migration.django_name)})
             .integer(0, 0) > 0;
}

}  // namespace

Migration make_migration(std::string name, std::string sql) {
  Migration migration;
  migration.name = std::move(name);
  migration.sql = std::move(sql);
  migration.django_name = migration.name;
  const std::string_view text = migration.sql;
  if (text.starts_with(kDjangoDirective)) {
    std::string_view line = text.substr(kDjangoDirective.size());
    line = line.substr(0, line.find('\n'));
    const auto space = line.find(' ');
    if (space == std::string_view::npos || space == 0 || space + 1 == line.size()) {
      throw Error("migration " + migration.name + ": expected \"" + std::string(kDjangoDirective) +
                  "APP NAME\" on its first line");
    }
    migration.django_app = std::string(line.substr(0, space));
    migration.django_name = std::string(line.substr(space + 1));
  }
  return migration;
}

std::vector<Migration> embedded_migrations(Dialect dialect) {
  const std::string_view folder = dialect_folder(dialect);
  std::vector<Migration> migrations;
  for (const auto& file : assets::embedded_files()) {
    if (!file.path.starts_with(folder) || !file.path.ends_with(".sql")) continue;
    std::string_view name = file.path.substr(folder.size());
    name.remove_suffix(4);
    if (name.find('/') != std::string_view::npos) continue;
    migrations.push_back(make_migration(std::string(name), std::string(file.data)));
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.name < b.name; });
  return migrations;
}

MigrationReport migrate(Database& database, const std::vector<Migration>& migrations) {
  MigrationReport report;
  auto session = database.write();
  const MigrationLock lock(*session);
  session->execute(kCreateTable);
  const bool sqlite = session->dialect() == Dialect::Sqlite;
  for (const auto& migration : migrations) {
    Transaction transaction(*session);
    if (session->query(kIsRecorded, {std::string_view(migration.name)}).integer(0, 0) > 0) {
      report.already.push_back(migration.name);
      continue;
    }
    std::string_view how = "applied";
    if (made_by_django(*session, migration)) {
      how = "adopted";
      report.adopted.push_back(migration.name);
    } else {
      try {
        session->execute_script(migration.sql);
      } catch (const Unavailable&) {
        throw;
      } catch (const Error& e) {
        throw Error("migration " + migration.name + " failed: " + e.what());
      }
      report.applied.push_back(migration.name);
    }
    session->execute(sqlite ? kRecordSqlite : kRecordPostgres,
                     {std::string_view(migration.name), how});
    transaction.commit();
  }
  return report;
}

}  // namespace polls::db
