// The listening socket: bound before anything serves (so a taken port fails at once), with
// SO_REUSEADDR but not SO_REUSEPORT (which would let a second polls silently take half the
// traffic), non-blocking for the event loop; and the open-file limit raised for many clients.
#pragma once

#include <string>

namespace polls::http {

struct ListenSocket {
  int fd = -1;
  int port = 0;  // the port bound (the kernel's choice when 0 was asked)
};

// Binds host:port (a name, an IPv4 address, or an IPv6 one without brackets) and listens.
// Throws std::runtime_error naming the address on failure.
ListenSocket open_listen_socket(const std::string& host, int port, int backlog);

struct FileLimit {
  unsigned long before = 0;  // the soft limit the process started with
  unsigned long now = 0;     // the soft limit after raising it
};

// Raises the soft limit on open files to the hard limit, as nginx's worker_rlimit_nofile does
// (systemd starts services with 1024 soft, 524288 hard): each connection is a file.
FileLimit raise_open_file_limit();

}  // namespace polls::http
