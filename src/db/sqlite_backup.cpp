// VACUUM INTO, checked and renamed into place: see sqlite_backup.hpp.
#include "db/sqlite_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "db/errors.hpp"
#include "db/sqlite_handles.hpp"

namespace polls::db {

namespace {

SqliteConnection open(const std::string& path, int flags, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteConnection db(raw);
  if (rc != SQLITE_OK) {
    throw Error("cannot open " + path + ": " +
                (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), busy_timeout_ms);
  return db;
}

// The first column of the first row of sql, as an integer (or text, via text_out).
std::int64_t scalar(sqlite3* db, const std::string& sql, std::string* text_out = nullptr) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw Error(std::string(sqlite3_errmsg(db)) + " (" + sql + ")");
  }
  const SqliteStatement stmt(raw);
  const int rc = sqlite3_step(raw);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    throw Error(std::string(sqlite3_errmsg(db)) + " (" + sql + ")");
  }
  if (rc == SQLITE_DONE) return 0;
  if (text_out != nullptr) {
    const auto* text = sqlite3_column_text(raw, 0);
    *text_out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  }
  return sqlite3_column_int64(raw, 0);
}

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw Error("cannot open " + path + " to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw Error("cannot sync " + path);
}

// A string literal for SQL: VACUUM INTO takes an expression, not a bound parameter here.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace

BackupReport backup_sqlite(const std::string& source_path, const std::string& destination,
                           int busy_timeout_ms) {
  namespace fs = std::filesystem;
  if (source_path == ":memory:") throw Error("an in-memory database cannot be backed up");
  if (!fs::exists(source_path)) throw Error("no database at " + source_path);
  if (fs::exists(destination)) {
    throw Error(destination + " exists; a backup never overwrites a file (choose a new name)");
  }
  const fs::path target = fs::absolute(destination);
  if (!fs::is_directory(target.parent_path())) {
    throw Error("no folder " + target.parent_path().string() + " for the backup");
  }
  const std::string partial =
      target.string() + ".partial-" + std::to_string(static_cast<long>(::getpid()));
  fs::remove(partial);
  try {
    {
      // Read-write without create: a missing file is an error, and VACUUM INTO needs no write
      // lock on the source (it reads in one transaction while writers go on in WAL mode).
      const SqliteConnection source =
          open(source_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, busy_timeout_ms);
      scalar(source.get(), "VACUUM INTO " + quoted(partial));
    }
    BackupReport report;
    {
      const SqliteConnection copy = open(partial, SQLITE_OPEN_READONLY, busy_timeout_ms);
      std::string verdict;
      scalar(copy.get(), "PRAGMA quick_check", &verdict);
      if (verdict != "ok") throw Error("the copy failed its integrity check: " + verdict);
      report.questions = scalar(copy.get(), "SELECT count(*) FROM polls_question");
      report.choices = scalar(copy.get(), "SELECT count(*) FROM polls_choice");
    }
    sync_path(partial, O_RDONLY);
    // link() then unlink(): unlike rename(), it never replaces a file that appeared meanwhile.
    if (::link(partial.c_str(), target.c_str()) != 0) {
      throw Error("cannot create " + target.string() + " (it may exist now)");
    }
    fs::remove(partial);
    sync_path(target.parent_path().string(), O_RDONLY | O_DIRECTORY);
    report.bytes = static_cast<std::int64_t>(fs::file_size(target));
    return report;
  } catch (...) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw;
  }
}

}  // namespace polls::db
