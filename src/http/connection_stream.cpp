// See connection_stream.hpp.
#include "http/connection_stream.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace polls::http {

ConnectionStream::ConnectionStream(Connection& connection, const StreamLimits& limits,
                                   std::atomic<std::uint64_t>& body_timeouts)
    : connection_(connection),
      limits_(limits),
      body_timeouts_(body_timeouts),
      body_deadline_(started_ + limits.body_timeout) {}

bool ConnectionStream::wait_for(short events, std::chrono::milliseconds limit, bool is_read) const {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    auto until = deadline;
    if (is_read) until = std::min(until, body_deadline_);
    if (!is_read && response_deadline_) until = std::min(until, *response_deadline_);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0) {
      // Counted once per request, however many reads the parser tries after it.
      if (is_read && until == body_deadline_ && !broken_) {
        body_timeouts_.fetch_add(1, std::memory_order_relaxed);
      }
      broken_ = true;
      return false;
    }
    pollfd p{connection_.fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return true;  // readable, writable, or an error the next call will report
    if (n < 0 && errno != EINTR) {
      broken_ = true;
      return false;
    }
  }
}

bool ConnectionStream::wait_readable() const {
  return is_readable() || wait_for(POLLIN, limits_.read_timeout, true);
}

bool ConnectionStream::wait_writable() const {
  return wait_for(POLLOUT, limits_.write_timeout, false);
}

bool ConnectionStream::is_peer_alive() const {
  if (broken_) return false;
  pollfd p{connection_.fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return true;
  if ((p.revents & (POLLERR | POLLHUP)) != 0) return false;
  char byte = 0;
  const ssize_t n = ::recv(connection_.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

// Reads what the socket has (waiting for it within the deadlines) into the buffer.
ssize_t ConnectionStream::fill() {
  char chunk[kReadChunk];
  for (;;) {
    const ssize_t n = ::recv(connection_.fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      connection_.received.append(chunk, static_cast<std::size_t>(n));
      return n;
    }
    if (n == 0) {
      error_ = httplib::Error::ConnectionClosed;
      broken_ = true;
      return 0;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      error_ = httplib::Error::Read;
      broken_ = true;
      return -1;
    }
    if (!wait_for(POLLIN, limits_.read_timeout, true)) {
      error_ = httplib::Error::Timeout;
      return -1;
    }
  }
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (connection_.buffered() == 0) {
    connection_.compact();
    const ssize_t n = fill();
    if (n <= 0) return n;
  }
  const std::size_t count = std::min(size, connection_.buffered());
  std::memcpy(ptr, connection_.received.data() + connection_.consumed, count);
  connection_.consumed += count;
  return static_cast<ssize_t>(count);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (!response_deadline_) response_deadline_ = Clock::now() + limits_.response_timeout;
  std::size_t sent = 0;
  while (sent < size) {
    const ssize_t n = ::send(connection_.fd, ptr + sent, size - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_writable()) continue;
    broken_ = true;
    error_ = httplib::Error::Write;
    return -1;
  }
  return static_cast<ssize_t>(sent);
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = connection_.remote_ip;
  port = connection_.remote_port;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = connection_.local_ip;
  port = connection_.local_port;
}

time_t ConnectionStream::duration() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_).count();
}

}  // namespace polls::http
