// Server configuration, middleware and exception mapping: see server.hpp.
#include "http/server.hpp"

#include <chrono>

#include "db/errors.hpp"
#include "http/connection_pool.hpp"
#include "http/errors.hpp"
#include "http/security_headers.hpp"
#include "ops/metrics.hpp"
#include "security/random.hpp"

namespace polls::http {

namespace {

constexpr std::string_view kRequestIdHeader = "X-Request-ID";

std::string new_request_id() {
  // A random prefix per process and a counter: unique, cheap, and no secret.
  static const std::string prefix = security::random_token(8, "0123456789abcdef");
  static std::atomic<std::uint64_t> counter{0};
  std::uint64_t n = counter.fetch_add(1) + 1;
  // "-" and at least 8 hex digits, written by hand: snprintf showed in profiles.
  std::string id = prefix + "-00000000";
  char digits[16];
  std::size_t count = 0;
  do {
    digits[count++] = "0123456789abcdef"[n & 0xf];
    n >>= 4;
  } while (n != 0);
  if (count > 8) id.append(count - 8, '0');
  for (std::size_t i = 0; i < count; ++i) id[id.size() - 1 - i] = digits[i];
  return id;
}

}  // namespace

bool is_acceptable_request_id(std::string_view value) {
  if (value.empty() || value.size() > 64) return false;
  for (const char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string_view request_id(const httplib::Response& res) {
  const auto it = res.headers.find(std::string(kRequestIdHeader));
  return it == res.headers.end() ? std::string_view{} : std::string_view(it->second);
}

Server::Server(ServerOptions options, const Router& router, const ops::Logger& log,
               ErrorPageRenderer error_pages)
    : options_(std::move(options)),
      router_(router),
      log_(log),
      error_pages_(std::move(error_pages)) {
  configure();
}

Server::~Server() { stop(); }

void Server::configure() {
  const auto threads = static_cast<std::size_t>(options_.threads);
  const auto max_threads =
      static_cast<std::size_t>(std::max(options_.max_threads, options_.threads));
  server_.new_task_queue = [this, threads, max_threads] {
    return new ConnectionPool(threads, max_threads, max_threads * 4, open_connections_);
  };
  server_.set_tcp_nodelay(true);
  server_.set_payload_max_length(options_.max_body_bytes);
  server_.set_read_timeout(options_.read_timeout_seconds, 0);
  server_.set_write_timeout(options_.write_timeout_seconds, 0);
  server_.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  server_.set_keep_alive_max_count(static_cast<std::size_t>(options_.keep_alive_max_requests));

  // A client announcing a body over the limit is told so before it sends it.
  const std::size_t max_body = options_.max_body_bytes;
  server_.set_expect_100_continue_handler(
      [max_body](const httplib::Request& req, httplib::Response& res) {
        if (req.get_header_value_u64("Content-Length") <= max_body) return 100;
        res.status = 413;
        return 413;
      });

  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, which lets a second polls bind
  // the same port and silently take half the traffic instead of failing to start.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  // Runs before the body is read.
  server_.set_pre_routing_handler([max_body](const httplib::Request& req, httplib::Response& res) {
    const std::string incoming = req.get_header_value(std::string(kRequestIdHeader));
    res.set_header(std::string(kRequestIdHeader),
                   is_acceptable_request_id(incoming) ? incoming : new_request_id());
    // Refuse an announced body over the limit now, rather than wait for it to arrive.
    if (req.get_header_value_u64("Content-Length") > max_body) {
      res.status = 413;
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Every method goes through our router, which knows 405, OPTIONS and APPEND_SLASH.
  const auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    router_.dispatch(req, res);
  };
  server_.Get(".*", dispatch);
  server_.Post(".*", dispatch);
  server_.Put(".*", dispatch);
  server_.Patch(".*", dispatch);
  server_.Delete(".*", dispatch);
  server_.Options(".*", dispatch);

  server_.set_exception_handler([this](const httplib::Request& req, httplib::Response& res,
                                       const std::exception_ptr& ep) {
    res.body.clear();
    const auto unavailable = [&](const db::Error& e) {
      res.status = 503;
      res.set_header("Retry-After", "5");
      log_.warn("database unavailable",
                {{"path", req.path}, {"error", e.what()}, {"request_id", request_id(res)}});
    };
    try {
      std::rethrow_exception(ep);
    } catch (const NotFound&) {
      res.status = 404;
    } catch (const Forbidden&) {
      res.status = 403;
    } catch (const BadRequest& e) {
      res.status = 400;
      log_.info("bad request",
                {{"path", req.path}, {"reason", e.what()}, {"request_id", request_id(res)}});
    } catch (const db::Unavailable& e) {
      unavailable(e);
    } catch (const db::Misconfigured& e) {
      // While serving, a rotated password or a dropped database is the database's state, not
      // this request's fault: try again later, as for an unreachable server.
      unavailable(e);
    } catch (const std::exception& e) {
      res.status = 500;
      log_.error("internal error",
                 {{"path", req.path}, {"error", e.what()}, {"request_id", request_id(res)}});
    } catch (...) {
      res.status = 500;
      log_.error(
          "internal error",
          {{"path", req.path}, {"error", "unknown exception"}, {"request_id", request_id(res)}});
    }
  });

  server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    try {
      error_pages_(req, res);
    } catch (const std::exception& e) {
      log_.error("error page failed", {{"status", std::int64_t{res.status}}, {"error", e.what()}});
      res.set_content("Error " + std::to_string(res.status) + "\n", "text/plain; charset=utf-8");
    }
    return httplib::Server::HandlerResponse::Handled;
  });

  // Runs for every response, including those cpp-httplib answers itself (400, 413, 414).
  server_.set_post_routing_handler(
      [metrics = options_.metrics](const httplib::Request& req, httplib::Response& res) {
        // Taken for every response, so that one the router never saw is not counted as the route
        // before it on this thread.
        const int route = Router::take_matched_route();
        if (metrics) {
          metrics->observe(route, res.status, std::chrono::steady_clock::now() - req.start_time_);
        }
        // cpp-httplib adds Accept-Ranges to HEAD answers only; HEAD must mirror GET's headers.
        if (req.method == "HEAD") res.headers.erase("Accept-Ranges");
        if (request_id(res).empty())
          res.set_header(std::string(kRequestIdHeader), new_request_id());
        add_security_headers(res);
      });

  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (!log_.enabled(ops::Level::Info)) return;
    const auto elapsed = std::chrono::steady_clock::now() - req.start_time_;
    const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
    const auto bytes =
        static_cast<std::int64_t>(res.body.empty() ? res.content_length_ : res.body.size());
    log_.info("request", {{"method", req.method},
                          {"path", req.path},
                          {"status", std::int64_t{res.status}},
                          {"bytes", bytes},
                          {"duration_ms", ms},
                          {"remote", req.remote_addr},
                          {"request_id", request_id(res)}});
  });
}

int Server::bind() {
  port_ = options_.port == 0
              ? server_.bind_to_any_port(options_.host)
              : (server_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ < 0) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) +
                             " (address in use, not local, or not permitted)");
  }
  return port_;
}

void Server::run() { server_.listen_after_bind(); }

void Server::wait_until_ready() { server_.wait_until_ready(); }

void Server::stop() {
  if (server_.is_running()) server_.stop();
}

}  // namespace polls::http
