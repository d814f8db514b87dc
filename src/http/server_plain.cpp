// The worker answering a plain request itself (plain_request.hpp): the same middleware steps,
// router and response as cpp-httplib's process_request and write_response_core give a bodiless
// GET or HEAD, without its per-byte line reader, its regular-expression route match and its
// header-by-header writes. Measured in the README's performance section.
#include <charconv>
#include <exception>
#include <string>

#include "http/connection.hpp"
#include "http/connection_stream.hpp"
#include "http/middleware.hpp"
#include "http/plain_request.hpp"
#include "http/request_id.hpp"
#include "http/security_headers.hpp"
#include "http/server.hpp"

namespace polls::http {

namespace {

// The response as write_response_core lays it out: status line, headers (in the Headers map's
// order, then the security headers), empty line, then the body unless the request was HEAD or
// the body is streamed.
std::string serialize(const httplib::Request& req, const httplib::Response& res) {
  const std::string_view security = security_header_lines();
  const bool body = req.method != "HEAD" && !res.content_provider_;
  std::size_t size = 64 + security.size() + (body ? res.body.size() : 0);
  for (const auto& [name, value] : res.headers) size += name.size() + value.size() + 4;
  std::string out;
  out.reserve(size);
  out += "HTTP/1.1 ";
  char digits[12];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, res.status);
  out.append(digits, end);
  out += ' ';
  out += httplib::status_message(res.status);
  out += "\r\n";
  for (const auto& [name, value] : res.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += security;
  out += "\r\n";
  if (body) out += res.body;
  return out;
}

// A streamed body (content provider), written as write_content_with_provider writes one when
// there are no ranges and no compression; whether it all went out.
template <typename ShuttingDown>
bool write_streamed_body(ConnectionStream& stream, httplib::Response& res,
                         const ShuttingDown& shutting_down) {
  if (res.content_length_ > 0) {
    return httplib::detail::write_content(stream, res.content_provider_, 0, res.content_length_,
                                          shutting_down);
  }
  if (res.is_chunked_content_provider_) {
    httplib::detail::nocompressor identity;
    return httplib::detail::write_content_chunked(stream, res.content_provider_, shutting_down,
                                                  identity);
  }
  return httplib::detail::write_content_without_length(stream, res.content_provider_,
                                                       shutting_down);
}

}  // namespace

bool Server::serve_plain(httplib::Request& req, ConnectionStream& stream,
                         const Connection& connection, bool last, bool& closed) {
  // The rest of what process_request sets on a request, so that a handler cannot tell the paths
  // apart: the peer, the liveness check, and (below) the route cpp-httplib would have matched.
  req.remote_addr = connection.remote_ip;
  req.remote_port = connection.remote_port;
  req.local_addr = connection.local_ip;
  req.local_port = connection.local_port;
  req.is_connection_closed = [fd = connection.fd] { return !httplib::detail::is_socket_alive(fd); };
  if (client_asks_to_close(req)) closed = true;

  httplib::Response res;
  res.version = "HTTP/1.1";
  // Routing, as cpp-httplib's: the pre-routing steps, then (unless they answered) the router,
  // which every method reaches; an exception from either goes to the exception step.
  try {
    if (steps_.before_routing(req, res) != HandlerResponse::Handled) {
      req.matched_route = kEveryPath;
      router_.dispatch(req, res);
    }
  } catch (...) {
    steps_.on_exception(req, res, std::current_exception());
  }
  if (res.status == -1) res.status = 200;
  // No view names a file for cpp-httplib to map and send; should one ever, it must go through
  // cpp-httplib rather than out without its body.
  if (!res.file_content_path_.empty()) {
    log_.error("a file response on the plain path", {{"path", req.path}});
    const std::string id(request_id(res));
    res = httplib::Response();
    res.version = "HTTP/1.1";
    res.status = 500;
    if (!id.empty()) res.set_header(std::string(kRequestIdHeader), id);
  }
  complete_plain_response(req, res, last);

  const std::string bytes = serialize(req, res);
  // Logged before the write, as cpp-httplib does, so that a client that reads the response and
  // at once reads the log finds the line there.
  steps_.log(req, res);
  if (stream.write(bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) return false;
  if (req.method == "HEAD" || !res.content_provider_) return true;
  const bool written = write_streamed_body(stream, res, [this] { return engine_.shutting_down(); });
  // Tells the provider's releaser, when the response is destroyed, that it was all sent.
  res.content_provider_success_ = written;
  return written;
}

void Server::complete_plain_response(const httplib::Request& req, httplib::Response& res,
                                     bool last) const {
  // write_response_core's steps, in its order, for a request with no ranges and a response with
  // no compression (none is built in).
  if (res.status >= 400) steps_.on_error(req, res);
  const bool provided = static_cast<bool>(res.content_provider_);
  if (!res.body.empty()) {
    res.set_header("Content-Length", std::to_string(res.body.size()));
  } else if (res.content_length_ > 0) {
    res.set_header("Content-Length", std::to_string(res.content_length_));
  } else if (provided && res.is_chunked_content_provider_) {
    res.set_header("Transfer-Encoding", "chunked");
  }
  if (last || req.get_header_value("Connection") == "close" || res.status >= 400) {
    res.set_header("Connection", "close");
  } else {
    res.set_header("Keep-Alive", keep_alive_value_);
  }
  if ((!res.body.empty() || res.content_length_ > 0 || provided) &&
      !res.has_header("Content-Type")) {
    res.set_header("Content-Type", "text/plain");
  }
  if (res.body.empty() && res.content_length_ == 0 && !provided &&
      !res.has_header("Content-Length")) {
    res.set_header("Content-Length", "0");
  }
  if (req.method == "HEAD" && !res.has_header("Accept-Ranges")) {
    res.set_header("Accept-Ranges", "bytes");
  }
  steps_.after_routing_plain(req, res);
}

}  // namespace polls::http
