// The event loop that owns every connection while it is idle between requests or while its
// request head arrives: one thread on epoll, so a slow or idle client costs a few hundred bytes
// and no thread. A connection goes to a worker (through `dispatch`) only with a complete head
// buffered, and comes back after its response (give_back) to wait for the next one.
//
// Limits: a head must arrive within head_timeout (else 408), an idle connection is closed after
// keep_alive_timeout, at most max_connections are open (a new client first closes the oldest
// idle one; with none idle it gets 503) and at most max_connections_per_address from one peer
// (503); heads over head_framing.hpp's sizes get 414 or 431, and all heads still arriving hold at
// most 64 MiB (past it the oldest are answered 503). When the process runs out of file
// descriptors, idle connections are closed to make room, else the newcomer is closed.
//
// Event streams (event_streams.hpp) stay with the loop after their head: it writes what is
// published on their topic and a heartbeat, drops those too slow to read (connection_streams.cpp)
// and ends them on stop().
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/connection.hpp"
#include "http/connection_stats.hpp"
#include "http/event_streams.hpp"
#include "http/pending_stream.hpp"

namespace polls::http {

struct LoopLimits {
  std::chrono::milliseconds head_timeout{10000};
  std::chrono::milliseconds keep_alive_timeout{75000};
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_address = 256;  // 0: no limit
};

class ConnectionLoop {
 public:
  // Hands a connection with a complete head to a worker; false if none can take it now (the
  // loop then answers 503). The worker calls give_back() when it is done with it.
  using Dispatch = std::function<bool(Connection&)>;

  // Takes ownership of listen_fd, a bound and listening socket. `streams` (may be null: then no
  // request can open one) must outlive the loop.
  ConnectionLoop(int listen_fd, LoopLimits limits, ConnectionStats& stats, Dispatch dispatch,
                 EventStreams* streams = nullptr);
  ~ConnectionLoop();
  ConnectionLoop(const ConnectionLoop&) = delete;
  ConnectionLoop& operator=(const ConnectionLoop&) = delete;

  // Runs on the calling thread until stop() and until every dispatched connection came back.
  void run();
  // Stops accepting and closes idle and arriving connections; those with a worker finish their
  // request and are closed when they come back. Safe from any thread, also before run().
  void stop();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  // From a worker: done with the connection; keep it open for another request or close it.
  void give_back(Connection& connection, bool keep);
  // From a worker: its response opened an event stream, whose head is written; the loop holds
  // the connection from now on.
  void hold(Connection& connection, std::unique_ptr<PendingStream> stream);

 private:
  void accept_all(Clock::time_point now);
  // Whether a connection waits in the listen backlog.
  bool someone_waiting() const;
  bool make_room_for_a_file();
  // Takes in an accepted client that passed the limits at the door.
  void admit(int fd, std::string ip, int port, Clock::time_point now);
  void on_readable(Connection& c, Clock::time_point now);
  void after_read(Connection& c, bool end_of_stream, Clock::time_point now);
  void dispatch(Connection& c);
  // `even_if_none_seen`: look under the lock even when has_returned_ says nothing is there,
  // for an event of a connection still with its worker (see on_readable).
  void take_back(Clock::time_point now, bool even_if_none_seen = false);
  void wait_for_next_request(Connection& c, Clock::time_point now);
  void count_buffer(Connection& c);
  void release_buffer(Connection& c);
  void shed_over_budget();
  void expire(Clock::time_point now);
  void close_idle_and_arriving();
  int next_timeout_ms(Clock::time_point now) const;
  void arm(Connection& c, bool first);
  void enter(Connection& c, Connection::State state, Clock::time_point deadline);
  void leave_list(Connection& c);
  void close(Connection& c, int status = 0);
  void wake();

  // Event streams (connection_streams.cpp).
  void adopt_stream(Connection& c, PendingStream& stream, Clock::time_point now);
  void deliver_published(Clock::time_point now);
  // Writes all of `bytes` at once or drops the stream; false if dropped.
  bool send_to_stream(Connection& c, std::string_view bytes, Clock::time_point now);
  void send_heartbeats(Clock::time_point now);
  void on_stream_event(Connection& c);
  void leave_topic(Connection& c);
  void end_streams();

  LoopLimits limits_;
  ConnectionStats& stats_;
  Dispatch dispatch_;
  int listen_fd_;
  const int listener_;  // listen_fd_ as given, for stop() from another thread
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int spare_fd_ = -1;  // given up to accept and close a client when no descriptor is left
  bool listener_paused_ = false;

  std::deque<Connection> storage_;  // stable addresses; freed ones are reused
  std::vector<Connection*> free_;
  // Closed during this turn: reused only after it, as events of this turn may still name them.
  std::vector<Connection*> closed_this_turn_;
  std::size_t open_ = 0;
  std::size_t outstanding_ = 0;  // with a worker or waiting for one
  ConnectionList reading_;
  ConnectionList idle_;
  ConnectionList streaming_;  // by time of the last write: the front is the next heartbeat due
  EventStreams* streams_;
  std::unordered_map<std::uint64_t, std::vector<Connection*>> by_topic_;
  std::unordered_map<std::string, std::size_t> per_address_;
  std::size_t buffered_bytes_ = 0;  // capacity of the buffers of connections in reading_
  std::string scratch_;

  std::atomic<bool> stop_called_{false};
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;  // the listener is closed and idle connections are gone
  std::atomic<bool> sleeping_{false};
  std::atomic<bool> has_returned_{false};
  std::mutex returned_mutex_;
  struct Returned {
    Connection* connection;
    bool keep;
    bool armed;            // the worker re-armed it already (and counted it idle)
    Clock::time_point at;  // when it was given back: its keep-alive wait starts then
    std::unique_ptr<PendingStream> stream;  // set: hold it as an event stream
  };
  std::vector<Returned> returned_;
  std::vector<Returned> returned_spare_;
};

}  // namespace polls::http
