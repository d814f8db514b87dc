// The HTTP server: polls' own connection layer (an epoll event loop holding idle and arriving
// connections, worker threads for requests with a complete head: connection_loop.hpp) in front
// of cpp-httplib, which parses and answers the requests a worker does not read and answer itself
// (a plain GET or HEAD: plain_request.hpp, server_plain.cpp); with the middleware every
// response gets (request id, security headers, access log, error pages) and the one place where
// exceptions become statuses (those http/ knows of; the wiring's ExceptionMapper the others),
// each a named step in middleware.hpp.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "http/connection_stats.hpp"
#include "http/router.hpp"
#include "http/server_observer.hpp"
#include "ops/log.hpp"

namespace polls::http {

class ConnectionLoop;
class ConnectionStream;
class EventStreams;
class WorkerPool;
struct Connection;
struct PendingStream;
struct StreamLimits;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8000;
  // Worker threads: `threads` always, up to `max_threads` while requests wait for one.
  int threads = 8;
  int max_threads = 64;
  // Requests with a complete head waiting for a worker; beyond this the loop answers 503.
  int max_queued_requests = 1024;
  std::size_t max_body_bytes = 1 << 20;
  int head_timeout_seconds = 10;
  int body_timeout_seconds = 30;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  int response_timeout_seconds = 60;
  int keep_alive_timeout_seconds = 75;
  int keep_alive_max_requests = 1000;
  int max_connections = 10000;
  int max_connections_per_address = 256;  // 0: no limit
  // Told of each response's route, status and latency; none when null.
  ServerObserver* observer = nullptr;
  // Where views open event streams, which this server's loop then holds; none when null.
  EventStreams* event_streams = nullptr;
  // Whether a worker reads and answers plain requests (a bodiless GET or HEAD) itself
  // (plain_request.hpp), rather than through cpp-httplib's parser and writer: about half the
  // instructions, and the same answers. Off only in the tests that compare the two.
  bool answer_plain_requests = true;
};

// Answers a handler's exception that http/ has no status for (its own errors.hpp types are
// 404/403/400): sets the status, headers and logs as it sees fit and returns true, or returns
// false to leave it a 500. The wiring installs one, so that what a database failure means (503)
// is decided above http/. Runs on the worker's thread.
using ExceptionMapper =
    std::function<bool(const std::exception&, const httplib::Request&, httplib::Response&)>;

// Fills in the body of an error response (404, 500, ...) that a handler left empty.
using ErrorPageRenderer = std::function<void(const httplib::Request&, httplib::Response&)>;

class Server {
 public:
  Server(ServerOptions options, const Router& router, const ops::Logger& log,
         ErrorPageRenderer error_pages, ExceptionMapper map_exception = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; returns the port (useful with port 0). Throws on failure.
  int bind();
  // Serves until stop(); returns when the listener is closed and in-flight requests are done.
  void run();
  // Blocks until run() has started, so that a stop() after it is never lost.
  void wait_until_ready();
  // Stops accepting and closes idle connections; requests in flight run to completion. Safe
  // from any thread, before or during run().
  void stop();
  bool is_running() const { return running_.load(); }
  int open_connections() const {
    return static_cast<int>(stats_.open.load(std::memory_order_relaxed));
  }
  ConnectionCounts connection_counts() const { return stats_.snapshot(); }

 private:
  // cpp-httplib's server, used for what it does well: parsing a request from a Stream, routing,
  // handlers and writing the response. Its own sockets and threads are never used.
  class Engine final : public httplib::Server {
   public:
    bool serve(httplib::Stream& stream, const Connection& connection, bool close_connection,
               bool& connection_closed);
    // cpp-httplib takes an invalid listening socket to mean "shutting down" and cuts streamed
    // (content provider) responses short: while polls serves, it holds a stand-in value.
    void serving(bool on) { svr_sock_ = on ? socket_t{0} : INVALID_SOCKET; }
    bool shutting_down() const { return svr_sock_ == INVALID_SOCKET; }
  };

  void configure();
  // A worker's turn with a connection: its request, and any pipelined ones already buffered.
  void serve(Connection& connection, ConnectionLoop& loop);
  // Its requests until the connection goes back to the loop; whether to keep it open.
  // A request that opened an event stream ends the turn, with `held` set.
  bool serve_requests(Connection& connection, ConnectionLoop& loop, const StreamLimits& limits,
                      std::unique_ptr<PendingStream>& held);
  // See head_framing.hpp's missing_zero_length_at.
  static void add_zero_length_if_bodiless(Connection& connection);
  // After a response on a kept connection: whether its next head arrived at once.
  bool next_head_soon(Connection& connection);
  // The connection's next request, whose head is buffered: answered by serve_plain when it is
  // plain, else by cpp-httplib. Whether the response went out; `closed` as cpp-httplib sets it.
  bool serve_one(Connection& connection, ConnectionStream& stream, bool last, bool& closed);
  // A plain request, its head parsed into `req` (server_plain.cpp); returns as serve_one.
  bool serve_plain(httplib::Request& req, ConnectionStream& stream, const Connection& connection,
                   bool last, bool& closed);
  // What write_response_core adds to a response before its head is written (server_plain.cpp).
  void complete_plain_response(const httplib::Request& req, httplib::Response& res,
                               bool last) const;

  // The middleware's steps (middleware.hpp) as registered with cpp-httplib, kept to run the
  // same ones for the requests serve_plain answers.
  using HandlerResponse = httplib::Server::HandlerResponse;
  struct Steps {
    std::function<HandlerResponse(const httplib::Request&, httplib::Response&)> before_routing;
    std::function<void(const httplib::Request&, httplib::Response&, const std::exception_ptr&)>
        on_exception;
    std::function<HandlerResponse(const httplib::Request&, httplib::Response&)> on_error;
    // All but the security headers, which serve_plain writes as one prepared block;
    // after_routing is these, then the security headers.
    std::function<void(const httplib::Request&, httplib::Response&)> after_routing_plain;
    std::function<void(const httplib::Request&, httplib::Response&)> after_routing;
    std::function<void(const httplib::Request&, const httplib::Response&)> log;
  };

  ServerOptions options_;
  const Router& router_;
  const ops::Logger& log_;
  ErrorPageRenderer error_pages_;
  ExceptionMapper map_exception_;
  Steps steps_;
  // The Keep-Alive header cpp-httplib writes on a kept connection, made once.
  std::string keep_alive_value_;
  Engine engine_;
  ConnectionStats stats_;
  int listen_fd_ = -1;
  int port_ = -1;

  std::mutex mutex_;
  std::condition_variable ready_;
  std::atomic<bool> running_{false};
  bool stop_requested_ = false;
  ConnectionLoop* loop_ = nullptr;
  WorkerPool* workers_ = nullptr;
};

// The request id of a request being handled (set by the server on the response).
std::string_view request_id(const httplib::Response& res);

}  // namespace polls::http
