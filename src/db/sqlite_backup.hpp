// A consistent copy of a live SQLite database, taken while polls serves and writes to it.
#pragma once

#include <cstdint>
#include <string>

namespace polls::db {

struct BackupReport {
  std::int64_t bytes = 0;      // size of the copy
  std::int64_t questions = 0;  // rows of polls_question in the copy
  std::int64_t choices = 0;
};

// Copies the database at source_path to destination with VACUUM INTO: one read transaction, so
// the copy is a snapshot of one moment (WAL readers do not block writers, so votes go on), and
// compact. The copy is written next to destination under a temporary name, checked with
// PRAGMA quick_check, synced and renamed into place, so destination is either absent or whole.
// Throws db::Error when the source cannot be opened, destination exists (nothing is ever
// overwritten), or any step fails (the temporary file is removed).
BackupReport backup_sqlite(const std::string& source_path, const std::string& destination,
                           int busy_timeout_ms);

}  // namespace polls::db
