// The few responses the event loop writes itself, before a request reaches cpp-httplib: 408 for a
// head that took too long, 414 and 431 for one too large, 503 when polls cannot take the request
// now. Each closes the connection and carries the headers every response of polls carries.
#pragma once

#include <string>

namespace polls::http {

// The whole response, head and a one-line text body.
std::string loop_response(int status);

// Writes it without blocking (what the socket takes now; these are a few hundred bytes), then
// closes the socket, first reading what the client sent so that closing does not reset the
// connection before the response arrives.
void send_and_close(int fd, int status);

}  // namespace polls::http
