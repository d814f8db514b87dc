// The loop's side of the hand-over to workers: a connection with a complete head goes to a
// worker (dispatch), and comes back (give_back, or hold for an event stream) to be filed by the
// loop on its next turn (take_back). See connection_loop.hpp.
#include <sys/epoll.h>

#include <mutex>

#include "http/connection_loop.hpp"

namespace polls::http {

void ConnectionLoop::give_back(Connection& connection, bool keep) {
  // A kept connection with nothing buffered just waits for its next request: the worker re-arms
  // it and the loop files it as idle on its next turn, without being woken for it (an event of
  // the connection before that turn finds it in the returned list: see on_readable). A closed
  // one, or one with bytes to frame, needs the loop now.
  if (keep) connection.compact();
  bool armed = false;
  {
    // Re-armed under the lock: the loop cannot take the connection back (and close it, and
    // reuse its descriptor) before the record is in the list, so the descriptor is still this
    // connection's.
    const std::lock_guard lock(returned_mutex_);
    if (keep && connection.buffered() == 0 && !stopping()) {
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
      ev.data.ptr = &connection;
      armed = ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection.fd, &ev) == 0;
    }
    returned_.push_back({&connection, keep, armed, Clock::now(), nullptr});
    has_returned_.store(true);
    // The gauges see it idle now, not at the loop's next turn.
    stats_.handling.fetch_sub(1, std::memory_order_relaxed);
    if (armed) stats_.idle.fetch_add(1, std::memory_order_relaxed);
  }
  // Only a sleeping loop needs the system call; a busy one finds the list on its next turn.
  if (!armed && sleeping_.exchange(false)) wake();
}

void ConnectionLoop::hold(Connection& connection, std::unique_ptr<PendingStream> stream) {
  {
    const std::lock_guard lock(returned_mutex_);
    returned_.push_back({&connection, true, false, Clock::now(), std::move(stream)});
    has_returned_.store(true);
    stats_.handling.fetch_sub(1, std::memory_order_relaxed);
  }
  if (sleeping_.exchange(false)) wake();
}

void ConnectionLoop::dispatch(Connection& c) {
  // "Right after": within a few milliseconds of the last response, the time a client takes to
  // read one answer and send its next request on a loaded machine.
  constexpr auto kEagerGap = std::chrono::milliseconds(5);
  c.eager = c.requests > 0 && Clock::now() - c.answered_at < kEagerGap;
  leave_list(c);
  c.state = Connection::State::Queued;
  ++outstanding_;
  stats_.queued.fetch_add(1, std::memory_order_relaxed);
  if (dispatch_(c)) return;
  --outstanding_;
  stats_.queued.fetch_sub(1, std::memory_order_relaxed);
  stats_.refused_queue_full.fetch_add(1, std::memory_order_relaxed);
  close(c, 503);
}

void ConnectionLoop::take_back(Clock::time_point now, bool even_if_none_seen) {
  if (!even_if_none_seen && !has_returned_.load()) return;
  {
    const std::lock_guard lock(returned_mutex_);
    returned_spare_.swap(returned_);
    has_returned_.store(false);
  }
  for (Returned& r : returned_spare_) {
    --outstanding_;
    Connection& c = *r.connection;
    if (r.stream) {
      // Closed at once when stopping: its ticket, dropped with it, frees its place.
      if (stopping()) {
        close(c);
      } else {
        adopt_stream(c, *r.stream, now);
      }
    } else if (r.armed) {
      // Counted idle by the worker already, from the moment it gave the connection back.
      c.state = Connection::State::Idle;
      c.deadline = r.at + limits_.keep_alive_timeout;
      idle_.push_back(c);
      release_buffer(c);
      if (stopping()) close(c);
    } else if (!r.keep || stopping()) {
      close(c);
    } else {
      wait_for_next_request(c, now);
    }
  }
  returned_spare_.clear();
}

void ConnectionLoop::wait_for_next_request(Connection& c, Clock::time_point now) {
  if (c.buffered() == 0) {
    enter(c, Connection::State::Idle, now + limits_.keep_alive_timeout);
    release_buffer(c);
    arm(c, false);
    return;
  }
  // Pipelined bytes of the next request are already here.
  enter(c, Connection::State::Reading, now + limits_.head_timeout);
  count_buffer(c);
  after_read(c, false, now);
}

}  // namespace polls::http
