// See sqlite_change_listener.hpp.
#include "db/sqlite_change_listener.hpp"

#include <exception>

#include "db/sqlite_session.hpp"

namespace polls::db {

namespace {
constexpr std::string_view kDataVersion = "PRAGMA data_version";
}  // namespace

SqliteChangeListener::SqliteChangeListener(std::string path, int busy_timeout_ms,
                                           std::chrono::milliseconds poll_interval)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), poll_interval_(poll_interval) {}

SqliteChangeListener::~SqliteChangeListener() = default;

ChangeListener::Heard SqliteChangeListener::check() {
  Heard heard;
  try {
    if (!session_) session_ = std::make_unique<SqliteSession>(path_, busy_timeout_ms_, false);
    std::string version = session_->query(kDataVersion).text(0, 0);
    // The first reading is the baseline; each later one that differs is someone's commit.
    heard.anything = !version_.empty() && version != version_;
    version_ = std::move(version);
    if (failing_) heard.restored = true;
    failing_ = false;
  } catch (const std::exception& e) {
    // A locked or missing file: tried again next time; said once.
    if (!failing_) heard.lost = e.what();
    failing_ = true;
    session_.reset();
    version_.clear();
    heard.gap = true;
  }
  return heard;
}

}  // namespace polls::db
