// The client's address, for throttles and limits kept per address.
#pragma once

#include <httplib.h>

#include <string>

namespace polls::web {

// The connection's peer, or the last X-Forwarded-For entry when trust_x_forwarded_for is set
// (the proxy in front appends the peer it saw; entries before it are whatever the client
// claimed).
std::string client_address(const httplib::Request& req, bool trust_x_forwarded_for);

}  // namespace polls::web
