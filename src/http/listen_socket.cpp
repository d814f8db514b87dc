// See listen_socket.hpp.
#include "http/listen_socket.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace polls::http {

ListenSocket open_listen_socket(const std::string& host, int port, int backlog) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int looked_up =
      ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
  if (looked_up != 0) {
    throw std::runtime_error("cannot listen on " + where + ": " + ::gai_strerror(looked_up));
  }
  std::string failure = "no address";
  ListenSocket result;
  for (const addrinfo* a = found; a != nullptr && result.fd < 0; a = a->ai_next) {
    const int fd =
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      failure = std::strerror(errno);
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, backlog) != 0) {
      failure = std::strerror(errno);
      ::close(fd);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
    result.fd = fd;
    result.port = bound.ss_family == AF_INET6
                      ? ntohs(reinterpret_cast<const sockaddr_in6&>(bound).sin6_port)
                      : ntohs(reinterpret_cast<const sockaddr_in&>(bound).sin_port);
  }
  ::freeaddrinfo(found);
  if (result.fd < 0) {
    throw std::runtime_error("cannot listen on " + where + " (" + failure +
                             ": address in use, not local, or not permitted)");
  }
  return result;
}

FileLimit raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
  FileLimit result{limit.rlim_cur, limit.rlim_cur};
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) result.now = raised.rlim_cur;
  }
  return result;
}

}  // namespace polls::http
