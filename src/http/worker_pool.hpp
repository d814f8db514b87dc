// The worker threads behind the event loop. A worker gets a connection only with a complete
// request head, runs its handler, and gives the connection back; idle and arriving connections
// cost no thread. The pool keeps `min_threads`, starts another whenever queued requests
// outnumber idle workers (a handler may block on the database or a login throttle's pause), up
// to `max_threads`, and lets extra threads go after 5 s without work.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

#include "http/connection_stats.hpp"

namespace polls::http {

class WorkerPool {
 public:
  // At most `max_queued` jobs wait for a worker; enqueue refuses more.
  WorkerPool(std::size_t min_threads, std::size_t max_threads, std::size_t max_queued,
             ConnectionStats& stats);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is shutting down: the caller answers 503.
  bool enqueue(std::function<void()> job);
  // Lets queued and running jobs finish, then joins every thread.
  void shutdown();

  // A worker may linger on its connection for the client's next request; while it does, this
  // descriptor becomes readable when a job waits and no thread is free to take it, so that the
  // worker stops lingering (poll it beside the connection; then call wanted()).
  int linger_interrupt_fd() const { return interrupt_fd_; }
  // Starts a linger, unless a job already waits (then the worker should go and take it: false).
  // Decided under the pool's lock, as enqueue() decides whom to call back, so that no job can
  // slip in between unseen.
  bool begin_lingering();
  void end_lingering();
  // After linger_interrupt_fd() became readable: whether this worker should take the job
  // (one lingering worker per waiting job answers; false for the others).
  bool wanted();

 private:
  using Threads = std::list<std::thread>;
  void start_thread(bool extra);
  void work(Threads::iterator self, bool extra);
  void join_finished(std::unique_lock<std::mutex>& lock);

  const std::size_t min_threads_;
  const std::size_t max_threads_;
  const std::size_t max_queued_;
  ConnectionStats& stats_;

  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::deque<std::function<void()>> jobs_;
  Threads threads_;
  Threads finished_;  // extra threads that timed out idle, to be joined
  std::size_t idle_ = 0;
  bool stopping_ = false;
  int interrupt_fd_ = -1;  // an eventfd counting jobs that want a lingering worker
  std::size_t lingering_ = 0;
};

}  // namespace polls::http
