// Server-Sent Events as they go over the wire (the WHATWG HTML "server-sent events" section):
// `retry:` and `id:` fields, `data:` lines, comments, and the chunk framing of HTTP/1.1. Pure
// text functions, shared by the views that open streams and the loop that writes to them.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace polls::http::sse {

// A comment line: clients ignore it, but it keeps proxies (and the ingress) from closing a
// stream that has been silent for a while.
inline constexpr std::string_view kHeartbeat = ": heartbeat\n\n";

// How long a client waits before reconnecting after the stream ends: "retry: 3000\n\n".
std::string retry(std::chrono::milliseconds delay);

// One event: "id: <id>\n", then a "data: " line per line of `data`, then a blank line. The id
// must not hold a line break or NUL (clients would drop the field): those are left out.
std::string event(std::string_view id, std::string_view data);

// The id a reconnecting client last saw (its Last-Event-ID header value), or "" when it sent
// none or one that no event of ours could have had.
std::string last_event_id(std::string_view header_value);

// What goes before and after `size` bytes sent as one HTTP/1.1 chunk: "1a\r\n" and "\r\n".
std::string chunk_prefix(std::size_t size);
inline constexpr std::string_view kChunkSuffix = "\r\n";
// The chunk that ends a chunked body.
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

}  // namespace polls::http::sse
