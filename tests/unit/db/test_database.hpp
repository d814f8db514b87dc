// A migrated SQLite database in a temporary folder, removed when the test ends.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "db/migrations.hpp"
#include "db/sqlite_database.hpp"

namespace polls::testing {

class TempDatabase {
 public:
  explicit TempDatabase(bool migrated = true) {
    std::random_device random;
    folder_ = std::filesystem::temp_directory_path() / ("polls-unit-" + std::to_string(random()));
    std::filesystem::create_directories(folder_);
    path_ = (folder_ / "polls.db").string();
    database_ = std::make_unique<db::SqliteDatabase>(db::SqliteOptions{path_, 2, 2000});
    if (migrated) db::migrate(*database_, db::embedded_migrations(db::Dialect::Sqlite));
  }
  ~TempDatabase() {
    database_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  db::SqliteDatabase& operator*() { return *database_; }
  db::SqliteDatabase* operator->() { return database_.get(); }
  const std::string& path() const { return path_; }

 private:
  std::filesystem::path folder_;
  std::string path_;
  std::unique_ptr<db::SqliteDatabase> database_;
};

}  // namespace polls::testing
