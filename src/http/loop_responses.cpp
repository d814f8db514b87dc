// See loop_responses.hpp.
#include "http/loop_responses.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include "http/request_id.hpp"
#include "http/security_headers.hpp"

namespace polls::http {

namespace {

const char* reason_of(int status) {
  switch (status) {
    case 408:
      return "Request Timeout";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Service Unavailable";
  }
}

}  // namespace

std::string loop_response(int status) {
  const std::string body = std::string(reason_of(status)) + "\n";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_of(status) + "\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\n";
  // A client told to come back soon spreads its retry instead of giving up.
  if (status == 503) out += "Retry-After: 1\r\n";
  out += security_header_lines();
  out += kRequestIdHeader;
  out += ": ";
  out += new_request_id();
  out += "\r\n\r\n";
  out += body;
  return out;
}

void send_and_close(int fd, int status) {
  const std::string response = loop_response(status);
  (void)::send(fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(fd, SHUT_WR);
  // What the client already sent is read away (closing with unread bytes would reset the
  // connection before it reads the answer), but no more than this: the loop has other clients,
  // and a client that keeps sending must not hold it.
  constexpr int kMostReads = 16;
  char discard[4096];
  for (int reads = 0; reads < kMostReads; ++reads) {
    if (::recv(fd, discard, sizeof discard, MSG_DONTWAIT) <= 0) break;
  }
  ::close(fd);
}

}  // namespace polls::http
