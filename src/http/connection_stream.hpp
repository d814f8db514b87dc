// The httplib::Stream a worker hands to cpp-httplib's request parser (and writes a plain
// request's response to: server_plain.cpp): it reads the bytes the event loop buffered first,
// then the socket, and writes to the socket, each under a deadline.
// Bytes read past the current request (a pipelined next one) stay in the connection's buffer.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <optional>

#include "http/connection.hpp"

namespace polls::http {

struct StreamLimits {
  // The whole body must arrive within this time from the hand-over of the head (nginx's
  // client_body_timeout is per read; this bounds the total, so a trickle cannot hold a worker).
  std::chrono::milliseconds body_timeout{30000};
  // The longest wait for the next bytes of a body, and for the socket to take more of a response.
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  // The whole of one response must be written within this from its first byte, so that a client
  // reading slowly cannot hold a worker.
  std::chrono::milliseconds response_timeout{60000};
};

class ConnectionStream final : public httplib::Stream {
 public:
  // body_timeouts is counted each time the body deadline cuts a read.
  ConnectionStream(Connection& connection, const StreamLimits& limits,
                   std::atomic<std::uint64_t>& body_timeouts);

  bool is_readable() const override { return connection_.buffered() > 0; }
  bool wait_readable() const override;
  bool wait_writable() const override;
  bool is_peer_alive() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return connection_.fd; }
  time_t duration() const override;

  // Whether a read or write failed (timeout, reset, end of stream): the connection is not reused.
  bool broken() const { return broken_; }

 private:
  // Waits for the socket to become readable or writable within the time left; false on timeout.
  bool wait_for(short events, std::chrono::milliseconds limit, bool is_read) const;
  ssize_t fill();

  Connection& connection_;
  const StreamLimits& limits_;
  std::atomic<std::uint64_t>& body_timeouts_;
  const Clock::time_point started_ = Clock::now();
  const Clock::time_point body_deadline_;
  std::optional<Clock::time_point> response_deadline_;  // from the first write
  mutable bool broken_ = false;
};

}  // namespace polls::http
