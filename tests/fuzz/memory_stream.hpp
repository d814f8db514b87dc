// The httplib::Stream the fuzz harnesses hand to cpp-httplib's parser: what a worker's stream
// does, over memory. It serves the given bytes as the event loop buffered them, with no socket
// after them, and collects what is written.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace polls::fuzz {

class MemoryStream final : public httplib::Stream {
 public:
  MemoryStream(std::string_view in, std::string& out) : in_(in), out_(out) {}
  bool is_readable() const override { return at_ < in_.size(); }
  bool wait_readable() const override { return at_ < in_.size(); }
  bool wait_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, in_.size() - at_);
    if (n == 0) {
      wanted_more_ = true;
      return -1;  // the client sent no more: a timeout, for the parser
    }
    std::memcpy(ptr, in_.data() + at_, n);
    at_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8000;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  time_t duration() const override { return 0; }
  std::size_t consumed() const { return at_; }
  // Whether the parser asked for bytes past the end (a real worker would wait for them).
  bool wanted_more() const { return wanted_more_; }
  // Bytes written so far.
  std::size_t written() const { return out_.size(); }

 private:
  std::string_view in_;
  std::string& out_;
  std::size_t at_ = 0;
  bool wanted_more_ = false;
};

}  // namespace polls::fuzz
