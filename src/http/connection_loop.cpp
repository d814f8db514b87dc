// See connection_loop.hpp.
#include "http/connection_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "http/head_framing.hpp"
#include "http/loop_responses.hpp"

namespace polls::http {

namespace {

// epoll's data.ptr for the two descriptors that are not connections.
char listen_tag;
char wake_tag;

constexpr int kEventsPerWait = 256;
// The loop wakes at least this often (to notice a stop even if a wake-up were lost).
constexpr int kLongestSleepMs = 1000;
// What every head still arriving may hold in all: 64 MiB, some 2,000 heads at the largest.
constexpr std::size_t kHeadBudgetBytes = std::size_t{64} * 1024 * 1024;

void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

ConnectionLoop::ConnectionLoop(int listen_fd, LoopLimits limits, ConnectionStats& stats,
                               Dispatch dispatch, EventStreams* streams)
    : limits_(limits),
      stats_(stats),
      dispatch_(std::move(dispatch)),
      listen_fd_(listen_fd),
      listener_(listen_fd),
      streams_(streams) {
  scratch_.resize(kReadChunk);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw_errno("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw_errno("eventfd");
  // Any descriptor will do as the spare; an eventfd needs no /dev (a scratch image has none).
  spare_fd_ = ::eventfd(0, EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = &wake_tag;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) throw_errno("epoll_ctl");
  ev.data.ptr = &listen_tag;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) != 0) throw_errno("epoll_ctl");
  // A publication wakes the loop from the publishing thread.
  if (streams_ != nullptr) streams_->attach([this] { wake(); });
}

ConnectionLoop::~ConnectionLoop() {
  if (streams_ != nullptr) streams_->detach();
  for (Connection& c : storage_) {
    if (c.state == Connection::State::Streaming) leave_list(c);
    if (c.fd >= 0) ::close(c.fd);
  }
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (spare_fd_ >= 0) ::close(spare_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

void ConnectionLoop::wake() {
  const std::uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
}

void ConnectionLoop::stop() {
  if (stop_called_.exchange(true)) return;
  // Refuse new connections from this moment, not from the loop's next turn. The loop closes
  // the socket only after it sees stopping_, so the descriptor is still this socket here.
  ::shutdown(listener_, SHUT_RDWR);
  stopping_.store(true, std::memory_order_release);
  wake();
}

void ConnectionLoop::run() {
  epoll_event events[kEventsPerWait];
  for (;;) {
    Clock::time_point now = Clock::now();
    take_back(now);
    if (stopping() && !stopped_) close_idle_and_arriving();
    if (stopped_ && outstanding_ == 0) break;

    // Workers wake a sleeping loop when they give a connection back. One given back between
    // take_back() above and the sleep is seen here: then only look for events, do not wait.
    sleeping_.store(true);
    const int timeout = has_returned_.load() ? 0 : next_timeout_ms(now);
    const int n = ::epoll_wait(epoll_fd_, events, kEventsPerWait, timeout);
    sleeping_.store(false);
    if (n < 0 && errno != EINTR) throw_errno("epoll_wait");
    now = Clock::now();
    // Filed before this turn's events, so that what they see (a /metrics request, say) is
    // up to date.
    take_back(now);
    for (int i = 0; i < n; ++i) {
      void* tag = events[i].data.ptr;
      if (tag == &listen_tag) {
        if (!stopped_) accept_all(now);
      } else if (tag == &wake_tag) {
        std::uint64_t count = 0;
        (void)::read(wake_fd_, &count, sizeof count);
      } else {
        on_readable(*static_cast<Connection*>(tag), now);
      }
    }
    if (streams_ != nullptr) deliver_published(now);
    expire(now);
    free_.insert(free_.end(), closed_this_turn_.begin(), closed_this_turn_.end());
    closed_this_turn_.clear();
  }
}

int ConnectionLoop::next_timeout_ms(Clock::time_point now) const {
  auto next = now + std::chrono::milliseconds(kLongestSleepMs);
  if (!reading_.empty()) next = std::min(next, reading_.front()->deadline);
  if (!idle_.empty()) next = std::min(next, idle_.front()->deadline);
  if (!streaming_.empty()) next = std::min(next, streaming_.front()->deadline);
  if (!stalled_.empty()) next = std::min(next, stalled_.front()->deadline);
  if (next <= now) return 0;
  // Rounded up, so that the loop does not wake a moment before a deadline and spin.
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(next - now).count());
}

void ConnectionLoop::arm(Connection& c, bool first) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.ptr = &c;
  if (::epoll_ctl(epoll_fd_, first ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &ev) != 0) close(c);
}

void ConnectionLoop::enter(Connection& c, Connection::State state, Clock::time_point deadline) {
  c.state = state;
  c.deadline = deadline;
  if (state == Connection::State::Reading) {
    reading_.push_back(c);
    stats_.reading.fetch_add(1, std::memory_order_relaxed);
  }
  if (state == Connection::State::Idle) {
    idle_.push_back(c);
    stats_.idle.fetch_add(1, std::memory_order_relaxed);
  }
  if (state == Connection::State::Streaming) {
    streaming_.push_back(c);
    streams_->open.fetch_add(1, std::memory_order_relaxed);
  }
}

void ConnectionLoop::leave_list(Connection& c) {
  if (c.state == Connection::State::Reading) {
    reading_.remove(c);
    stats_.reading.fetch_sub(1, std::memory_order_relaxed);
    buffered_bytes_ -= c.counted_bytes;
    c.counted_bytes = 0;
  }
  if (c.state == Connection::State::Idle) {
    idle_.remove(c);
    stats_.idle.fetch_sub(1, std::memory_order_relaxed);
  }
  if (c.state == Connection::State::Streaming) {
    (c.stalled ? stalled_ : streaming_).remove(c);
    leave_topic(c);  // its place is free before the gauge says so
    streams_->open.fetch_sub(1, std::memory_order_relaxed);
    c.writing.reset();
    c.waiting.reset();
    c.stalled = false;
  }
}

void ConnectionLoop::on_readable(Connection& c, Clock::time_point now) {
  if (c.fd < 0) return;  // closed earlier in this turn
  if (c.state == Connection::State::Streaming) {
    on_stream_event(c);
    return;
  }
  // Re-armed by its worker before this loop filed it back: file it first. The worker re-arms
  // and records the connection under returned_mutex_, so once this loop holds the lock the
  // record is there, even if has_returned_ was not yet set when the event came (ignoring the
  // event then would lose it: it was the one-shot arming's only one).
  if (c.state == Connection::State::Queued || c.state == Connection::State::Handling) {
    take_back(now, true);
  }
  if (c.state != Connection::State::Reading && c.state != Connection::State::Idle) return;
  bool end_of_stream = false;
  std::size_t arrived = 0;
  // Read what is there, but never past one byte more than a head may take.
  while (c.buffered() <= kMaxHeadBytes) {
    const std::size_t room = std::min(scratch_.size(), kMaxHeadBytes + 1 - c.buffered());
    const ssize_t n = ::recv(c.fd, scratch_.data(), room, 0);
    if (n > 0) {
      c.received.append(scratch_.data(), static_cast<std::size_t>(n));
      arrived += static_cast<std::size_t>(n);
      // A short read took all there was: no second call just to hear "nothing more".
      if (static_cast<std::size_t>(n) < room) break;
      continue;
    }
    if (n == 0) {
      end_of_stream = true;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    close(c);  // reset by the peer
    return;
  }
  if (arrived > 0 && c.state == Connection::State::Idle) {
    // The first byte of the next request: from now on the head has head_timeout to arrive.
    leave_list(c);
    enter(c, Connection::State::Reading, now + limits_.head_timeout);
  }
  count_buffer(c);
  after_read(c, end_of_stream, now);
  shed_over_budget();
}

void ConnectionLoop::count_buffer(Connection& c) {
  const std::size_t held = c.state == Connection::State::Reading ? c.received.capacity() : 0;
  buffered_bytes_ += held;
  buffered_bytes_ -= c.counted_bytes;
  c.counted_bytes = held;
}

void ConnectionLoop::release_buffer(Connection& c) {
  // An idle connection keeps nothing but itself: a few hundred bytes.
  if (c.buffered() == 0 && c.received.capacity() > 0) c.received = std::string();
  c.consumed = 0;
  c.scanned = 0;
  count_buffer(c);
}

void ConnectionLoop::shed_over_budget() {
  // However many peers there are, heads still arriving hold at most kHeadBudgetBytes: past it
  // the connections that have been arriving longest go first (a slow client's, most likely).
  while (buffered_bytes_ > kHeadBudgetBytes && !reading_.empty()) {
    stats_.refused_head_budget.fetch_add(1, std::memory_order_relaxed);
    close(*reading_.front(), 503);
  }
}

void ConnectionLoop::after_read(Connection& c, bool end_of_stream, Clock::time_point now) {
  (void)now;
  const std::string_view pending(c.received.data() + c.consumed, c.buffered());
  const HeadScan scan = scan_head(pending, c.scanned);
  switch (scan.outcome) {
    case HeadScan::Outcome::Complete:
      // Served even if the client has shut down its side: the answer can still go out.
      dispatch(c);
      return;
    case HeadScan::Outcome::RequestLineTooLong:
      stats_.refused_head_too_large.fetch_add(1, std::memory_order_relaxed);
      close(c, 414);
      return;
    case HeadScan::Outcome::HeadTooLarge:
      stats_.refused_head_too_large.fetch_add(1, std::memory_order_relaxed);
      close(c, 431);
      return;
    case HeadScan::Outcome::Incomplete:
      break;
  }
  c.scanned = scan.resume;
  if (end_of_stream) {
    close(c);  // gone before finishing a request (or between requests)
    return;
  }
  arm(c, false);
}

void ConnectionLoop::expire(Clock::time_point now) {
  while (!reading_.empty() && reading_.front()->deadline <= now) {
    Connection& c = *reading_.front();
    // A client that sent part of a head is told why; one that sent nothing is just closed.
    if (c.buffered() > 0) {
      stats_.timeout_head.fetch_add(1, std::memory_order_relaxed);
      close(c, 408);
    } else {
      stats_.timeout_idle.fetch_add(1, std::memory_order_relaxed);
      close(c);
    }
  }
  while (!idle_.empty() && idle_.front()->deadline <= now) {
    stats_.timeout_idle.fetch_add(1, std::memory_order_relaxed);
    close(*idle_.front());
  }
  if (streams_ != nullptr) expire_streams(now);
}

void ConnectionLoop::close_idle_and_arriving() {
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
  ::close(listen_fd_);
  listen_fd_ = -1;
  while (!idle_.empty()) close(*idle_.front());
  while (!reading_.empty()) close(*reading_.front());
  end_streams();
  stopped_ = true;
}

void ConnectionLoop::close(Connection& c, int status) {
  leave_list(c);
  const auto peer = per_address_.find(c.remote_ip);
  if (peer != per_address_.end() && --peer->second == 0) per_address_.erase(peer);
  if (status != 0) {
    send_and_close(c.fd, status);
  } else {
    ::close(c.fd);
  }
  c.fd = -1;
  c.state = Connection::State::Closed;
  c.received.clear();
  c.consumed = 0;
  c.scanned = 0;
  if (c.received.capacity() > 4096) c.received = std::string();
  closed_this_turn_.push_back(&c);
  --open_;
  stats_.open.fetch_sub(1, std::memory_order_relaxed);
  if (listener_paused_ && listen_fd_ >= 0) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = &listen_tag;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) == 0) listener_paused_ = false;
  }
}

}  // namespace polls::http
