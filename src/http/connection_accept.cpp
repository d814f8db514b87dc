// The loop's front door: accepting new clients, the per-address and max_connections limits at
// the door, and what to do when the process runs out of file descriptors. See connection_loop.hpp.
#include "http/connection_loop.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <tuple>
#include <utility>

#include "http/loop_responses.hpp"

namespace polls::http {

namespace {

// Accepts per wake-up, so that a flood of new clients cannot starve the others' events.
constexpr int kAcceptsPerWake = 256;

// Text form of an address and its port ("127.0.0.1", 52100; "::1", 52101).
std::pair<std::string, int> describe(const sockaddr_storage& addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET6) {
    const auto& a6 = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a6.sin6_addr, text, sizeof text);
    return {text, ntohs(a6.sin6_port)};
  }
  const auto& a4 = reinterpret_cast<const sockaddr_in&>(addr);
  ::inet_ntop(AF_INET, &a4.sin_addr, text, sizeof text);
  return {text, ntohs(a4.sin_port)};
}

}  // namespace

bool ConnectionLoop::someone_waiting() const {
  pollfd p{listen_fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & POLLIN) != 0;
}

bool ConnectionLoop::make_room_for_a_file() {
  if (!idle_.empty()) {
    stats_.closed_idle_for_new.fetch_add(1, std::memory_order_relaxed);
    close(*idle_.front());
    return true;
  }
  // Nothing to shed: accept the newcomer with the spare descriptor and close it at once, or
  // it would stay in the backlog and wake the loop forever.
  stats_.refused_file_limit.fetch_add(1, std::memory_order_relaxed);
  if (spare_fd_ >= 0) {
    ::close(spare_fd_);
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) ::close(fd);
    spare_fd_ = ::eventfd(0, EFD_CLOEXEC);
    // Nobody was there after all (gone meanwhile): stop accepting on this turn.
    return fd >= 0 && spare_fd_ >= 0;
  }
  // No spare either: stop listening until a connection closes.
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
  listener_paused_ = true;
  return false;
}

void ConnectionLoop::accept_all(Clock::time_point now) {
  for (int accepted = 0; accepted < kAcceptsPerWake; ++accepted) {
    sockaddr_storage addr{};
    socklen_t length = sizeof addr;
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      // Linux reserves the descriptor before it looks at the backlog: out of files, accept
      // fails even when no one is waiting, and room is made only for someone who is.
      const bool out_of_files = errno == EMFILE || errno == ENFILE;
      // Short of kernel memory: shedding an idle connection frees some, or the listener pauses
      // (returning would leave it readable, and the loop would spin).
      const bool out_of_memory = errno == ENOBUFS || errno == ENOMEM;
      if (((out_of_files && someone_waiting()) || out_of_memory) && make_room_for_a_file()) {
        continue;
      }
      return;  // EAGAIN: no one else is waiting
    }
    stats_.accepted.fetch_add(1, std::memory_order_relaxed);
    auto [ip, port] = describe(addr);
    // The per-address cap first: a newcomer refused for it must not cost an idle client.
    const auto peer = per_address_.find(ip);
    if (limits_.max_connections_per_address != 0 && peer != per_address_.end() &&
        peer->second >= limits_.max_connections_per_address) {
      stats_.refused_per_address.fetch_add(1, std::memory_order_relaxed);
      send_and_close(fd, 503);
      continue;
    }
    if (open_ >= limits_.max_connections) {
      if (idle_.empty()) {
        stats_.refused_max_connections.fetch_add(1, std::memory_order_relaxed);
        send_and_close(fd, 503);
        continue;
      }
      // An idle keep-alive client reconnects without noticing; a new one would be turned away.
      stats_.closed_idle_for_new.fetch_add(1, std::memory_order_relaxed);
      close(*idle_.front());
    }
    admit(fd, std::move(ip), port, now);
  }
}

void ConnectionLoop::admit(int fd, std::string ip, int port, Clock::time_point now) {
  ++per_address_[ip];
  const int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);

  Connection* c = nullptr;
  if (free_.empty()) {
    c = &storage_.emplace_back();
  } else {
    c = free_.back();
    free_.pop_back();
  }
  c->fd = fd;
  c->remote_ip = std::move(ip);
  c->remote_port = port;
  sockaddr_storage local{};
  socklen_t local_length = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) == 0) {
    std::tie(c->local_ip, c->local_port) = describe(local);
  }
  c->requests = 0;
  c->eager = false;
  ++open_;
  stats_.open.fetch_add(1, std::memory_order_relaxed);
  // A new connection has head_timeout to send its request, as a keep-alive one has from its
  // request's first byte.
  enter(*c, Connection::State::Reading, now + limits_.head_timeout);
  arm(*c, true);
}

}  // namespace polls::http
