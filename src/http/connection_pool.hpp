// The worker pool behind the HTTP server: one worker per open connection, as cpp-httplib works,
// growing from a few threads to many so that idle keep-alive clients cannot starve new ones.
//
// cpp-httplib's own dynamic pool starts a thread only when no worker is idle at the moment a
// connection is queued; in a burst, connections queue behind idle-counted workers that are about
// to be taken by earlier ones, and then wait until some keep-alive connection ends (seconds).
// This pool starts a thread whenever queued connections outnumber idle workers.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace polls::http {

class ConnectionPool final : public httplib::TaskQueue {
 public:
  // Keeps `min_threads` alive, grows to `max_threads`, and queues at most `max_queued`
  // connections beyond that (more are refused: cpp-httplib closes them). `open` counts the
  // connections being served or queued.
  ConnectionPool(std::size_t min_threads, std::size_t max_threads, std::size_t max_queued,
                 std::atomic<int>& open);
  ~ConnectionPool() override;
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  bool enqueue(std::function<void()> job) override;
  // Lets queued and running connections finish, then joins every thread.
  void shutdown() override;

 private:
  using Threads = std::list<std::thread>;
  void start_thread(bool extra);
  void work(Threads::iterator self, bool extra);
  void join_finished(std::unique_lock<std::mutex>& lock);

  const std::size_t min_threads_;
  const std::size_t max_threads_;
  const std::size_t max_queued_;
  std::atomic<int>& open_;

  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::deque<std::function<void()>> jobs_;
  Threads threads_;
  Threads finished_;  // extra threads that timed out idle, to be joined
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace polls::http
