// The HTTP server: cpp-httplib configured for a public server (bounded bodies, timeouts, a
// thread pool that grows for idle keep-alive clients), with the middleware every response gets
// (request id, security headers, access log, error pages) and the one place where exceptions
// become statuses.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "http/router.hpp"
#include "ops/log.hpp"

namespace polls::ops {
class RequestMetrics;
}

namespace polls::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8000;
  int threads = 8;
  int max_threads = 512;
  std::size_t max_body_bytes = 1 << 20;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  int keep_alive_timeout_seconds = 5;
  int keep_alive_max_requests = 1000;
  // Where each response's route, status and latency are counted; none when null.
  ops::RequestMetrics* metrics = nullptr;
};

// Fills in the body of an error response (404, 500, ...) that a handler left empty.
using ErrorPageRenderer = std::function<void(const httplib::Request&, httplib::Response&)>;

class Server {
 public:
  Server(ServerOptions options, const Router& router, const ops::Logger& log,
         ErrorPageRenderer error_pages);
  ~Server();

  // Binds the listening socket; returns the port (useful with port 0). Throws on failure.
  int bind();
  // Serves until stop(); returns when the listener is closed and in-flight requests are done.
  void run();
  // Blocks until run() has started listening, so that a stop() after it is never lost.
  void wait_until_ready();
  // Closes the listener; requests in flight run to completion. Safe from any thread.
  void stop();
  bool is_running() const { return server_.is_running(); }
  int open_connections() const { return open_connections_.load(); }

 private:
  void configure();

  ServerOptions options_;
  const Router& router_;
  const ops::Logger& log_;
  ErrorPageRenderer error_pages_;
  httplib::Server server_;
  std::atomic<int> open_connections_{0};
  int port_ = -1;
};

// The request id of a request being handled (set by the server on the response).
std::string_view request_id(const httplib::Response& res);

// Whether an X-Request-ID value may be reflected: a short token of safe characters. Anything else
// (CR/LF, percent-decoded or not, long values, spaces) is replaced by a generated id.
bool is_acceptable_request_id(std::string_view value);

}  // namespace polls::http
