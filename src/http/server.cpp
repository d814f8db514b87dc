// Server configuration (the middleware's steps are in middleware.cpp, registered here), and the
// worker's side of the connection layer: see server.hpp.
#include "http/server.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "http/connection_loop.hpp"
#include "http/connection_stream.hpp"
#include "http/head_framing.hpp"
#include "http/listen_socket.hpp"
#include "http/middleware.hpp"
#include "http/pending_stream.hpp"
#include "http/plain_request.hpp"
#include "http/request_id.hpp"
#include "http/worker_pool.hpp"

namespace polls::http {

namespace {

// Set for each response as it is written: whether it told the client "Connection: close"
// (cpp-httplib does after any 4xx or 5xx), so the worker closes instead of keeping it.
thread_local bool tl_response_closes = false;

// After routing, a step of the middleware: tells this worker whether to close the connection.
void note_whether_response_closes(const httplib::Request& /*req*/, httplib::Response& res) {
  tl_response_closes = res.get_header_value("Connection") == "close";
}

constexpr int kListenBacklog = 1024;

}  // namespace

std::string_view request_id(const httplib::Response& res) {
  const auto it = res.headers.find(std::string(kRequestIdHeader));
  return it == res.headers.end() ? std::string_view{} : std::string_view(it->second);
}

Server::Server(ServerOptions options, const Router& router, const ops::Logger& log,
               ErrorPageRenderer error_pages, ExceptionMapper map_exception)
    : options_(std::move(options)),
      router_(router),
      log_(log),
      error_pages_(std::move(error_pages)),
      map_exception_(std::move(map_exception)) {
  configure();
}

void Server::configure() {
  engine_.set_payload_max_length(options_.max_body_bytes);
  // Only what cpp-httplib writes in its Keep-Alive header: the loop enforces both.
  engine_.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  engine_.set_keep_alive_max_count(static_cast<std::size_t>(options_.keep_alive_max_requests));

  keep_alive_value_ = "timeout=" + std::to_string(options_.keep_alive_timeout_seconds) +
                      ", max=" + std::to_string(options_.keep_alive_max_requests);

  // The middleware, in the order a request meets it; middleware.hpp says why each step exists.
  const std::size_t max_body = options_.max_body_bytes;
  steps_.before_routing = first_to_answer(assign_request_id, RefuseTooLargeBody{max_body});
  steps_.on_exception = MapExceptions{log_, map_exception_};
  steps_.on_error = RenderErrorPages{log_, error_pages_};
  steps_.after_routing_plain =
      each_of(frame_event_stream, ReportToObserver{options_.observer}, note_whether_response_closes,
              drop_head_only_headers, ensure_request_id);
  steps_.after_routing = each_of(steps_.after_routing_plain, set_security_headers);
  steps_.log = AccessLog{log_};
  engine_.set_expect_100_continue_handler(ContinueUnlessTooLarge{max_body});
  engine_.set_pre_routing_handler(steps_.before_routing);
  route_every_method(engine_, router_);
  engine_.set_exception_handler(steps_.on_exception);
  engine_.set_error_handler(steps_.on_error);
  engine_.set_post_routing_handler(steps_.after_routing);
  engine_.set_logger(steps_.log);
}

int Server::bind() {
  const ListenSocket socket = open_listen_socket(options_.host, options_.port, kListenBacklog);
  listen_fd_ = socket.fd;
  port_ = socket.port;
  return port_;
}

bool Server::Engine::serve(httplib::Stream& stream, const Connection& connection,
                           bool close_connection, bool& connection_closed) {
  return process_request(stream, connection.remote_ip, connection.remote_port, connection.local_ip,
                         connection.local_port, close_connection, connection_closed, nullptr);
}

void Server::serve(Connection& connection, ConnectionLoop& loop) {
  // The loop does not touch a connection while a worker has it, until it is given back.
  connection.state = Connection::State::Handling;
  stats_.queued.fetch_sub(1, std::memory_order_relaxed);
  stats_.handling.fetch_add(1, std::memory_order_relaxed);
  const StreamLimits limits{std::chrono::seconds(options_.body_timeout_seconds),
                            std::chrono::seconds(options_.read_timeout_seconds),
                            std::chrono::seconds(options_.write_timeout_seconds),
                            std::chrono::seconds(options_.response_timeout_seconds)};
  bool keep = false;
  std::unique_ptr<PendingStream> held;
  try {
    keep = serve_requests(connection, loop, limits, held);
  } catch (const std::exception& e) {
    // cpp-httplib turns a handler's exceptions into 500s; this is anything else (out of memory
    // while parsing, say): the connection is closed, the process goes on.
    log_.error("connection failed", {{"error", e.what()}, {"remote", connection.remote_ip}});
    keep = false;
    held.reset();
    // One the failed request opened must not be taken for the next request's on this thread.
    (void)take_pending_stream();
  }
  if (held) {
    loop.hold(connection, std::move(held));
  } else {
    loop.give_back(connection, keep);
  }
}

bool Server::serve_requests(Connection& connection, ConnectionLoop& loop,
                            const StreamLimits& limits, std::unique_ptr<PendingStream>& held) {
  bool keep = true;
  while (keep) {
    const bool last =
        connection.requests + 1 >= static_cast<unsigned>(options_.keep_alive_max_requests) ||
        loop.stopping();
    add_zero_length_if_bodiless(connection);
    bool closed = false;
    tl_response_closes = false;
    (void)take_pending_stream();  // none may be left from an earlier request
    ConnectionStream stream(connection, limits, stats_.timeout_body);
    const bool answered = serve_one(connection, stream, last, closed);
    ++connection.requests;
    connection.answered_at = Clock::now();
    // Taken whatever happened, so that it cannot be mistaken for the next request's.
    if (auto opened = take_pending_stream()) {
      // Held only by a loop that has event streams to hold it with.
      if (answered && opened->framed && !opened->head_only && !stream.broken() &&
          options_.event_streams != nullptr) {
        held = std::move(opened);
        return false;
      }
    }
    keep = answered && !closed && !last && !tl_response_closes && !stream.broken();
    if (!keep) break;
    // A pipelined request already complete in the buffer is served at once, by this worker.
    if (connection.buffered() > 0) {
      connection.compact();
      if (scan_head(connection.received).outcome != HeadScan::Outcome::Complete) break;
      continue;
    }
    if (!next_head_soon(connection)) break;
  }
  return keep;
}

bool Server::serve_one(Connection& connection, ConnectionStream& stream, bool last, bool& closed) {
  if (options_.answer_plain_requests) {
    const std::string_view pending(connection.received.data() + connection.consumed,
                                   connection.buffered());
    const HeadScan scan = scan_head(pending);
    if (scan.outcome == HeadScan::Outcome::Complete) {
      httplib::Request req;
      req.start_time_ = Clock::now();
      if (parse_plain_request(pending.substr(0, scan.length), req)) {
        connection.consumed += scan.length;
        stats_.parsed_plain.fetch_add(1, std::memory_order_relaxed);
        return serve_plain(req, stream, connection, last, closed);
      }
    }
  }
  stats_.parsed_by_engine.fetch_add(1, std::memory_order_relaxed);
  return engine_.serve(stream, connection, last, closed);
}

void Server::add_zero_length_if_bodiless(Connection& connection) {
  const std::string_view pending(connection.received.data() + connection.consumed,
                                 connection.buffered());
  const HeadScan scan = scan_head(pending);
  if (scan.outcome != HeadScan::Outcome::Complete) return;
  if (const auto at = missing_zero_length_at(pending.substr(0, scan.length))) {
    connection.received.insert(connection.consumed + *at, kZeroLengthHeader);
  }
}

bool Server::next_head_soon(Connection& connection) {
  // An eager client (its last request came right after the response before it: a page fetching
  // its parts, a benchmark) is served by this worker without a round trip through the event
  // loop, if it asks again within kLingerMs; others, and all when a request waits for a worker
  // that is not there, go back to the loop, where waiting costs no thread.
  constexpr int kLingerMs = 20;
  if (!connection.eager || !workers_->begin_lingering()) return false;
  pollfd ready[2] = {{connection.fd, POLLIN, 0}, {workers_->linger_interrupt_fd(), POLLIN, 0}};
  const auto until = Clock::now() + std::chrono::milliseconds(kLingerMs);
  bool arrived = false;
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
    if (left <= 0 || ::poll(ready, 2, static_cast<int>(left)) <= 0) break;
    if ((ready[0].revents & POLLIN) != 0) {
      arrived = true;
      break;
    }
    if ((ready[1].revents & POLLIN) != 0 && workers_->wanted()) break;
  }
  workers_->end_lingering();
  if (!arrived) return false;
  char chunk[kReadChunk];
  const ssize_t n = ::recv(connection.fd, chunk, sizeof chunk, MSG_DONTWAIT);
  if (n <= 0) return false;  // the loop sees the end of the stream or the error too
  // The last request's bytes are consumed: drop them, so that the scan sees only the new head.
  connection.compact();
  connection.received.append(chunk, static_cast<std::size_t>(n));
  // Part of a head goes back to the loop, to arrive under the head deadline without a thread.
  return scan_head(connection.received).outcome == HeadScan::Outcome::Complete;
}

void Server::run() {
  if (listen_fd_ < 0) bind();
  WorkerPool workers(static_cast<std::size_t>(options_.threads),
                     static_cast<std::size_t>(std::max(options_.max_threads, options_.threads)),
                     static_cast<std::size_t>(options_.max_queued_requests), stats_);
  const LoopLimits limits{std::chrono::seconds(options_.head_timeout_seconds),
                          std::chrono::seconds(options_.keep_alive_timeout_seconds),
                          static_cast<std::size_t>(options_.max_connections),
                          static_cast<std::size_t>(options_.max_connections_per_address),
                          std::chrono::seconds(options_.write_timeout_seconds)};
  workers_ = &workers;
  // The job captures two pointers, which std::function holds without allocating.
  ConnectionLoop loop(
      listen_fd_, limits, stats_,
      [this, &workers](Connection& c) {
        return workers.enqueue([this, connection = &c] { serve(*connection, *loop_); });
      },
      options_.event_streams);
  listen_fd_ = -1;  // the loop owns and closes it
  {
    const std::lock_guard lock(mutex_);
    loop_ = &loop;
    running_ = true;
    if (stop_requested_) {
      loop.stop();
    } else {
      engine_.serving(true);
    }
  }
  ready_.notify_all();
  const auto finish = [&] {
    // The workers may still give connections back to the loop: they go first, the loop after.
    engine_.serving(false);
    workers.shutdown();
    const std::lock_guard lock(mutex_);
    workers_ = nullptr;
    loop_ = nullptr;
    running_ = false;
  };
  try {
    loop.run();
  } catch (...) {
    loop.stop();
    finish();
    throw;
  }
  finish();
}

void Server::wait_until_ready() {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [this] { return running_ || stop_requested_; });
}

void Server::stop() {
  const std::lock_guard lock(mutex_);
  stop_requested_ = true;
  // Streamed responses (content providers) end now rather than hold up the drain.
  engine_.serving(false);
  if (loop_ != nullptr) loop_->stop();
  ready_.notify_all();
}

Server::~Server() {
  stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

}  // namespace polls::http
