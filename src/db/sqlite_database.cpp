// The SQLite connection pool: readers checked out and returned, one writer behind a mutex.
#include "db/sqlite_database.hpp"

#include <atomic>
#include <chrono>

#include "db/errors.hpp"
#include "db/sqlite_change_listener.hpp"
#include "db/sqlite_session.hpp"

namespace polls::db {

namespace {
constexpr std::string_view kPing = "SELECT count(*) FROM sqlite_master";

// ":memory:" would give every connection its own empty database; a named shared-cache memory
// database is one database for all of them.
std::string memory_uri() {
  static std::atomic<int> counter{0};
  return "file:polls-memory-" + std::to_string(++counter) + "?mode=memory&cache=shared";
}
}  // namespace

SqliteDatabase::SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {
  const bool memory = options_.path == ":memory:";
  const std::string path = memory ? memory_uri() : options_.path;
  writer_ =
      std::make_unique<SqliteSession>(path, options_.busy_timeout_ms, memory, options_.synchronous);
  writer_->time_statements_in(&statement_latency_);
  // A shared-cache memory database locks per table and would fail readers with SQLITE_LOCKED
  // rather than wait; there, the writer's connection serves reads too.
  if (memory) return;
  path_ = path;
  // One reader now, which proves the file readable; the others when first needed: each reads
  // the whole schema as it opens, and opening eight at once was a third of the start-up.
  readers_.push_back(open_reader());
  idle_readers_.push_back(readers_.back().get());
}

std::unique_ptr<SqliteSession> SqliteDatabase::open_reader() {
  auto reader = std::make_unique<SqliteSession>(path_, options_.busy_timeout_ms, false);
  reader->time_statements_in(&statement_latency_);
  return reader;
}

SqliteDatabase::~SqliteDatabase() = default;

std::unique_ptr<ChangeListener> SqliteDatabase::listen(std::string_view /*channel*/) {
  // Within a second of an outside write, as a live page promises; a pragma twice a second costs
  // nothing measurable.
  constexpr auto kPollInterval = std::chrono::milliseconds(500);
  if (options_.path == ":memory:") return nullptr;  // no other process can reach it
  return std::make_unique<SqliteChangeListener>(options_.path, options_.busy_timeout_ms,
                                                kPollInterval);
}

Lease SqliteDatabase::read() {
  if (path_.empty()) return write();
  std::unique_lock lock(readers_mutex_);
  if (idle_readers_.empty() && opened_readers_ < options_.readers) {
    // Opened outside the lock (it reads the schema); its place is taken first.
    ++opened_readers_;
    lock.unlock();
    std::unique_ptr<SqliteSession> reader;
    try {
      reader = open_reader();
    } catch (...) {
      lock.lock();
      --opened_readers_;
      throw;
    }
    lock.lock();
    readers_.push_back(std::move(reader));
    return lease_reader(readers_.back().get());
  }
  if (idle_readers_.empty()) waits_.fetch_add(1, std::memory_order_relaxed);
  const auto deadline = std::chrono::milliseconds(options_.busy_timeout_ms);
  if (!reader_returned_.wait_for(lock, deadline, [this] { return !idle_readers_.empty(); })) {
    throw Unavailable("all " + std::to_string(readers_.size()) + " database connections are busy");
  }
  SqliteSession* session = idle_readers_.back();
  idle_readers_.pop_back();
  return lease_reader(session);
}

Lease SqliteDatabase::lease_reader(SqliteSession* session) {
  return Lease(*session, [this, session] {
    {
      const std::lock_guard guard(readers_mutex_);
      idle_readers_.push_back(session);
    }
    reader_returned_.notify_one();
  });
}

Lease SqliteDatabase::write() {
  if (!writer_mutex_.try_lock()) {
    waits_.fetch_add(1, std::memory_order_relaxed);
    if (!writer_mutex_.try_lock_for(std::chrono::milliseconds(options_.busy_timeout_ms))) {
      throw Unavailable("the database writer stayed busy past the busy timeout");
    }
  }
  writer_busy_.store(true, std::memory_order_relaxed);
  return Lease(*writer_, [this] {
    writer_busy_.store(false, std::memory_order_relaxed);
    writer_mutex_.unlock();
  });
}

PoolStats SqliteDatabase::pool_stats() {
  std::size_t idle_readers = 0;
  std::size_t open_readers = 0;
  {
    const std::lock_guard guard(readers_mutex_);
    idle_readers = idle_readers_.size();
    open_readers = readers_.size();
  }
  const int busy_readers = static_cast<int>(open_readers - idle_readers);
  return {static_cast<int>(open_readers) + 1,
          busy_readers + (writer_busy_.load(std::memory_order_relaxed) ? 1 : 0),
          waits_.load(std::memory_order_relaxed)};
}

bool SqliteDatabase::ping() {
  try {
    auto session = read();
    session->query(kPing);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace polls::db
