// Where a request head ends in the bytes a connection has received so far, decided before any
// worker sees the request, so that the event loop can hold a connection whose head is still
// arriving. The rule is the one cpp-httplib's parser applies (read_headers): a head ends at the
// first empty line ending in CRLF, after the request line; lines ending in a bare LF do not end it.
#pragma once

#include <cstddef>
#include <string_view>

namespace polls::http {

// The longest request line accepted (cpp-httplib allows an 8 KiB target; the method and version
// fit in the rest), and the longest head: 64 KiB, as nginx's large_client_header_buffers allow
// 4 x 8 KiB by default. Longer ones are answered 414 and 431 without buffering more.
inline constexpr std::size_t kMaxRequestLineBytes = 8192 + 64;
inline constexpr std::size_t kMaxHeadBytes = std::size_t{64} * 1024;

struct HeadScan {
  enum class Outcome {
    Incomplete,          // more bytes are needed
    Complete,            // the head is bytes [0, length)
    RequestLineTooLong,  // 414
    HeadTooLarge,        // 431
  };
  Outcome outcome = Outcome::Incomplete;
  std::size_t length = 0;  // Complete: the head's length, its final CRLF included
  // Incomplete: where the next scan may start (bytes before it hold no end of head).
  std::size_t resume = 0;
};

// Scans `received` (the bytes of one connection not yet consumed) for the end of the head,
// starting at `resume` from the previous scan of the same bytes (0 for new bytes). Pure.
HeadScan scan_head(std::string_view received, std::size_t resume = 0);

}  // namespace polls::http
