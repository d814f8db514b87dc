// What the server reports about its work, to whoever counts it: the wiring passes one backed by
// ops_api's request metrics, so that http/ knows no metric types.
#pragma once

#include <chrono>

namespace polls::http {

class ServerObserver {
 public:
  virtual ~ServerObserver() = default;
  // Once per response, including those cpp-httplib answers itself (400, 413, 414), on the
  // worker's thread, so it must be cheap and thread-safe. route: an index into the router's
  // route_names(), or -1 when no route's handler ran (404, 405, redirects, malformed requests).
  // elapsed: from reading the request's first line until the response is ready to send.
  virtual void request_finished(int route, int status, std::chrono::nanoseconds elapsed) = 0;
};

}  // namespace polls::http
