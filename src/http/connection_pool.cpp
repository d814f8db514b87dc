// See connection_pool.hpp.
#include "http/connection_pool.hpp"

#include <chrono>

namespace polls::http {

namespace {
// An extra thread that has had no connection for this long exits (the pool shrinks back).
constexpr auto kIdleExit = std::chrono::seconds(5);
}  // namespace

ConnectionPool::ConnectionPool(std::size_t min_threads, std::size_t max_threads,
                               std::size_t max_queued, std::atomic<int>& open)
    : min_threads_(min_threads),
      max_threads_(std::max(min_threads, max_threads)),
      max_queued_(max_queued),
      open_(open) {
  const std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < min_threads_; ++i) start_thread(false);
}

ConnectionPool::~ConnectionPool() { shutdown(); }

void ConnectionPool::start_thread(bool extra) {
  threads_.emplace_back();
  const auto self = std::prev(threads_.end());
  *self = std::thread([this, self, extra] { work(self, extra); });
}

void ConnectionPool::join_finished(std::unique_lock<std::mutex>& lock) {
  if (finished_.empty()) return;
  Threads done;
  done.splice(done.end(), finished_);
  lock.unlock();
  for (auto& t : done) t.join();
  lock.lock();
}

bool ConnectionPool::enqueue(std::function<void()> job) {
  std::unique_lock lock(mutex_);
  if (stopping_ || jobs_.size() >= max_queued_ + idle_) return false;
  join_finished(lock);
  jobs_.push_back(std::move(job));
  ++open_;
  if (jobs_.size() > idle_ && threads_.size() < max_threads_) start_thread(true);
  lock.unlock();
  job_ready_.notify_one();
  return true;
}

void ConnectionPool::work(Threads::iterator self, bool extra) {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    const bool woke =
        job_ready_.wait_for(lock, kIdleExit, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) {
      if (stopping_) return;
      if (!woke && extra && threads_.size() > min_threads_) {
        finished_.splice(finished_.end(), threads_, self);
        return;
      }
      continue;
    }
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    --open_;
    lock.lock();
  }
}

void ConnectionPool::shutdown() {
  std::unique_lock lock(mutex_);
  if (stopping_ && threads_.empty() && finished_.empty()) return;
  stopping_ = true;
  lock.unlock();
  job_ready_.notify_all();
  lock.lock();
  Threads all;
  all.splice(all.end(), threads_);
  all.splice(all.end(), finished_);
  lock.unlock();
  for (auto& t : all) {
    if (t.joinable()) t.join();
  }
}

}  // namespace polls::http
