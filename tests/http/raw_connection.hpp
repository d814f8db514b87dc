// A raw TCP client for the HTTP suite: what an HTTP library would hide or refuse to send
// (malformed request lines, Expect: 100-continue by hand, CR/LF in headers, HEAD bodies), and
// whether the server closes or refuses connections.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polls::test {

// A response as read from a raw socket.
struct RawResponse {
  std::string status_line;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The first value of a header, compared case-insensitively.
  std::optional<std::string> header(std::string_view name) const;
  std::size_t header_count(std::string_view name) const;
};

// A plain TCP connection to the site, for what an HTTP library would hide or refuse to send.
class RawConnection {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error when refused.
  explicit RawConnection(int port);
  // Connects socket_fd, an unconnected TCP socket it now owns, to 127.0.0.1:port. A negative
  // socket_fd is a failed socket(2), reported with errno's text.
  RawConnection(int port, int socket_fd);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(std::string_view bytes);
  // Reads one response: status line, headers and a body of Content-Length bytes (none for 1xx,
  // 204, 304 or when head is set). nullopt on timeout or when the connection closes first.
  std::optional<RawResponse> read_response(
      bool head = false, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Whether the server closes the connection (EOF, or reset) within timeout, with no more bytes.
  bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(3));
  // Reads until the bytes received hold `marker`, and returns (and consumes) them up to its end;
  // nullopt on timeout or when the connection closes first. For a body read as it streams.
  std::optional<std::string> read_until(
      std::string_view marker, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Bytes received but not consumed by read_response.
  const std::string& pending() const { return buffer_; }

 private:
  // Reads what is available into buffer_; false on EOF, error or deadline.
  bool fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
};

// Whether a TCP connection to 127.0.0.1:port is refused.
bool connection_refused(int port);

}  // namespace polls::test
