// See shared_check.hpp.
#include "db/shared_check.hpp"

namespace polls::db {

std::uint64_t SharedCheck::run() {
  std::unique_lock lock(mutex_);
  // Any run numbered past those begun so far begins after this call.
  const std::uint64_t needed = started_ + 1;
  while (finished_ < needed) {
    if (running_) {
      finished_cv_.wait(lock);
      continue;
    }
    running_ = true;
    const std::uint64_t mine = ++started_;
    lock.unlock();
    std::uint64_t answer = 0;
    std::exception_ptr error;
    try {
      answer = check_();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    running_ = false;
    finished_ = mine;
    answer_ = answer;
    error_ = error;
    finished_cv_.notify_all();
  }
  // The latest run: it began no earlier than run `needed`, after this call.
  if (error_) std::rethrow_exception(error_);
  return answer_;
}

std::uint64_t SharedCheck::runs() const {
  const std::lock_guard lock(mutex_);
  return started_;
}

}  // namespace polls::db
