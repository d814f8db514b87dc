// Between a view's open_event_stream() and the worker that hands the connection to the loop:
// what the stream starts with, kept for the thread handling the request. Inside http/ only.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "http/event_streams.hpp"

namespace polls::http {

struct PendingStream {
  EventStreams::Ticket ticket;
  std::string first;
  std::string first_id;  // the id of the last event the client has once `first` is sent
  // Set after routing (frame_event_stream) once the head says so: whether the body is chunked
  // (HTTP/1.1) or ends with the connection (HTTP/1.0); a stream whose head never said so (the
  // view failed after opening it) is not held.
  bool framed = false;
  bool chunked = false;
  bool head_only = false;  // a HEAD request: framed like the GET, then nothing held
};

// The stream this thread's request opened, taken (null when it opened none).
std::unique_ptr<PendingStream> take_pending_stream();

// After routing, a middleware step: a response that opened a stream gets the head of one (no
// Content-Length; chunked on HTTP/1.1, else Connection: close).
void frame_event_stream(const httplib::Request& req, httplib::Response& res);

}  // namespace polls::http
