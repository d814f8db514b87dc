// The requests most clients send most often, read without cpp-httplib's line-by-line parser: a
// GET or HEAD with no body, whose head the event loop has already framed (head_framing.hpp).
// The worker answers them itself (server_plain.cpp); anything else goes to cpp-httplib.
//
// The head is parsed into an httplib::Request exactly as cpp-httplib's process_request would,
// with its own helpers for the parts where the details matter (header lines, percent-decoding,
// the query string, Accept): a handler sees the same Request either way (server_plain.cpp sets
// the fields process_request sets besides these). Every head this path does not take (another
// method, a body, a Range, Expect or Upgrade header, a bare LF, a NUL, an oversized line, a
// header cpp-httplib would reject, a line break in the path) is left to cpp-httplib, so its
// answers to unusual and malformed requests (400, 404, 414, 416, 100 Continue) stay its own.
#pragma once

#include <httplib.h>

#include <string_view>

namespace polls::http {

// Parses `head` (a whole request head, its final empty line included) into `req` (a fresh
// Request) when it is a plain bodiless GET or HEAD; false, with `req` in an unspecified state,
// when cpp-httplib should read it instead.
bool parse_plain_request(std::string_view head, httplib::Request& req);

// Whether cpp-httplib would close the connection after answering `req`, whatever the response:
// the client said "Connection: close", or spoke HTTP/1.0 without asking to keep it alive.
bool client_asks_to_close(const httplib::Request& req);

}  // namespace polls::http
