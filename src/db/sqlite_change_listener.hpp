// SQLite's change listener (change_listener.hpp): PRAGMA data_version on a connection of its own
// changes whenever another connection, of this process or another, commits to the file; it is
// read every `poll_interval`, so an outside write is heard within that time.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "db/change_listener.hpp"

namespace polls::db {

class SqliteSession;

class SqliteChangeListener final : public ChangeListener {
 public:
  SqliteChangeListener(std::string path, int busy_timeout_ms,
                       std::chrono::milliseconds poll_interval);
  ~SqliteChangeListener() override;
  SqliteChangeListener(const SqliteChangeListener&) = delete;
  SqliteChangeListener& operator=(const SqliteChangeListener&) = delete;

  int descriptor() const override { return -1; }
  std::chrono::milliseconds poll_interval() const override { return poll_interval_; }
  Heard check() override;

 private:
  const std::string path_;
  const int busy_timeout_ms_;
  const std::chrono::milliseconds poll_interval_;
  std::unique_ptr<SqliteSession> session_;  // opened on the first check
  std::string version_;
  bool failing_ = false;
};

}  // namespace polls::db
