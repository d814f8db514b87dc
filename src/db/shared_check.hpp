// A check whose answer callers may share, as long as each gets an answer from a run that began
// after it asked: PostgreSQL's data version (db::Database::data_version) costs a round trip, and
// requests that arrive together can all use one snapshot taken after the last of them arrived.
//
// A caller that finds no run under way starts one on its own thread and shares its answer with
// everyone who arrives meanwhile; one that finds a run under way (which began before it asked,
// so its answer may be too old) waits for it, then for the next, which it may have to start.
// With N callers at once that is one run per round trip instead of N.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>

namespace polls::db {

class SharedCheck {
 public:
  explicit SharedCheck(std::function<std::uint64_t()> check) : check_(std::move(check)) {}

  // The answer of a run of the check that began after this call did; what that run threw, if it
  // threw.
  std::uint64_t run();

  // Runs begun so far (for tests and metrics).
  std::uint64_t runs() const;

 private:
  std::function<std::uint64_t()> check_;
  mutable std::mutex mutex_;
  std::condition_variable finished_cv_;
  std::uint64_t started_ = 0;   // runs begun
  std::uint64_t finished_ = 0;  // runs ended (they end in the order they began: one at a time)
  bool running_ = false;
  std::uint64_t answer_ = 0;  // of run `finished_`, unless it threw
  std::exception_ptr error_;  // what run `finished_` threw
};

}  // namespace polls::db
