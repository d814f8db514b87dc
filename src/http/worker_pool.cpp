// See worker_pool.hpp.
#include "http/worker_pool.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <system_error>

namespace polls::http {

namespace {
// An extra thread that has had no job for this long exits (the pool shrinks back).
constexpr auto kIdleExit = std::chrono::seconds(5);
}  // namespace

WorkerPool::WorkerPool(std::size_t min_threads, std::size_t max_threads, std::size_t max_queued,
                       ConnectionStats& stats)
    : min_threads_(min_threads),
      max_threads_(std::max(min_threads, max_threads)),
      max_queued_(max_queued),
      stats_(stats) {
  interrupt_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC | EFD_SEMAPHORE);
  const std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < min_threads_; ++i) start_thread(false);
}

WorkerPool::~WorkerPool() {
  shutdown();
  if (interrupt_fd_ >= 0) ::close(interrupt_fd_);
}

bool WorkerPool::begin_lingering() {
  const std::lock_guard lock(mutex_);
  if (!jobs_.empty()) return false;
  ++lingering_;
  return true;
}

void WorkerPool::end_lingering() {
  const std::lock_guard lock(mutex_);
  // The last linger is over: calls back nobody took are void, or they would cut the next ones.
  if (--lingering_ == 0) {
    std::uint64_t stale = 0;
    while (::read(interrupt_fd_, &stale, sizeof stale) == sizeof stale) {
    }
  }
}

bool WorkerPool::wanted() {
  std::uint64_t one = 0;
  return ::read(interrupt_fd_, &one, sizeof one) == sizeof one;
}

void WorkerPool::start_thread(bool extra) {
  threads_.emplace_back();
  const auto self = std::prev(threads_.end());
  *self = std::thread([this, self, extra] { work(self, extra); });
  stats_.workers.fetch_add(1, std::memory_order_relaxed);
}

void WorkerPool::join_finished(std::unique_lock<std::mutex>& lock) {
  if (finished_.empty()) return;
  Threads done;
  done.splice(done.end(), finished_);
  lock.unlock();
  for (auto& t : done) t.join();
  lock.lock();
}

bool WorkerPool::enqueue(std::function<void()> job) {
  std::unique_lock lock(mutex_);
  if (stopping_ || jobs_.size() >= max_queued_) return false;
  join_finished(lock);
  jobs_.push_back(std::move(job));
  bool interrupt = false;
  if (jobs_.size() > idle_) {
    if (threads_.size() < max_threads_) {
      try {
        start_thread(true);
      } catch (const std::system_error&) {
        // No thread to be had (a pids or thread limit): refuse this job rather than strand it.
        threads_.pop_back();
        jobs_.pop_back();
        return false;
      }
    } else {
      // Every thread is busy or lingering: call one lingering worker back.
      interrupt = lingering_ > 0;
    }
  }
  if (interrupt) {
    // Under the lock: the last lingering worker cannot end (and void the call-backs) between
    // the decision and the write, leaving a stale one to cut the next linger short.
    const std::uint64_t one = 1;
    (void)::write(interrupt_fd_, &one, sizeof one);
  }
  const bool wake = idle_ > 0;
  lock.unlock();
  if (wake) job_ready_.notify_one();
  return true;
}

void WorkerPool::work(Threads::iterator self, bool extra) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (jobs_.empty()) {
      ++idle_;
      const bool woke =
          job_ready_.wait_for(lock, kIdleExit, [this] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty()) {
        if (stopping_) break;
        if (!woke && extra && threads_.size() > min_threads_) {
          finished_.splice(finished_.end(), threads_, self);
          break;
        }
        continue;
      }
    }
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    stats_.workers_busy.fetch_add(1, std::memory_order_relaxed);
    job();
    stats_.workers_busy.fetch_sub(1, std::memory_order_relaxed);
    lock.lock();
  }
  stats_.workers.fetch_sub(1, std::memory_order_relaxed);
}

void WorkerPool::shutdown() {
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
