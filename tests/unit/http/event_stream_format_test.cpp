// Server-Sent Events on the wire (http/event_stream_format): fields, multi-line data, what a
// Last-Event-ID may hold, and HTTP/1.1 chunk framing.
#include "http/event_stream_format.hpp"

#include <doctest/doctest.h>

#include <string>

namespace sse = polls::http::sse;
using namespace std::chrono_literals;

TEST_CASE("an event is its id, a data line per line of data, and a blank line") {
  CHECK(sse::event("7-ab", R"({"total":7})") == "id: 7-ab\ndata: {\"total\":7}\n\n");
  CHECK(sse::event("1", "first\nsecond") == "id: 1\ndata: first\ndata: second\n\n");
  // Empty data is still one (empty) data line: a client fires the event with data "".
  CHECK(sse::event("1", "") == "id: 1\ndata: \n\n");
  // A trailing line break is an empty last line, which the client's join gives back.
  CHECK(sse::event("1", "a\n") == "id: 1\ndata: a\ndata: \n\n");
}

TEST_CASE("an id cannot break out of its field") {
  // A line break would start a new field; a NUL makes clients ignore the id.
  CHECK(sse::event("a\nb\rc", "x") == "id: abc\ndata: x\n\n");
  CHECK(sse::event(std::string("a\0b", 3), "x") == "id: ab\ndata: x\n\n");
}

TEST_CASE("retry tells the client its reconnection delay in milliseconds") {
  CHECK(sse::retry(3000ms) == "retry: 3000\n\n");
  CHECK(sse::retry(250ms) == "retry: 250\n\n");
}

TEST_CASE("a heartbeat is a comment: clients ignore it") {
  CHECK(sse::kHeartbeat.front() == ':');
  CHECK(sse::kHeartbeat.substr(sse::kHeartbeat.size() - 2) == "\n\n");
}

TEST_CASE("Last-Event-ID is taken only when it could be one of ours") {
  CHECK(sse::last_event_id("12-00ff00ff00ff00ff") == "12-00ff00ff00ff00ff");
  CHECK(sse::last_event_id("") == "");
  // Control characters, non-ASCII bytes and anything very long: treated as no id at all.
  CHECK(sse::last_event_id("12\tx") == "");
  CHECK(sse::last_event_id("caf\xc3\xa9") == "");
  CHECK(sse::last_event_id(std::string(129, '1')) == "");
  CHECK(sse::last_event_id(std::string(128, '1')) == std::string(128, '1'));
}

TEST_CASE("a chunk's size is written in lowercase hex") {
  CHECK(sse::chunk_prefix(0) == "0\r\n");
  CHECK(sse::chunk_prefix(9) == "9\r\n");
  CHECK(sse::chunk_prefix(26) == "1a\r\n");
  CHECK(sse::chunk_prefix(4096) == "1000\r\n");
  CHECK(sse::chunk_prefix(0xabcdef) == "abcdef\r\n");
  CHECK(sse::kLastChunk == "0\r\n\r\n");
}
