// Where a request head ends in the bytes a connection has received so far, decided before any
// worker sees the request, so that the event loop can hold a connection whose head is still
// arriving. The rule is the one cpp-httplib's parser applies (stream_line_reader and
// read_headers, without CPPHTTPLIB_ALLOW_LF_AS_LINE_TERMINATOR): lines end only at CRLF, and the
// head ends at the first empty line, so at the first "\r\n\r\n". A bare LF ends nothing: a head
// written with LFs alone never completes and runs into the head deadline, as it would wait in
// cpp-httplib.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace polls::http {

// The longest request line accepted (cpp-httplib allows an 8 KiB target; the method and version
// fit in the rest), and the longest head: 32 KiB, as nginx's large_client_header_buffers allow
// 4 x 8 KiB by default. Longer ones are answered 414 and 431 without buffering more.
inline constexpr std::size_t kMaxRequestLineBytes = 8192 + 64;
inline constexpr std::size_t kMaxHeadBytes = std::size_t{32} * 1024;

struct HeadScan {
  enum class Outcome {
    Incomplete,          // more bytes are needed
    Complete,            // the head is bytes [0, length)
    RequestLineTooLong,  // 414
    HeadTooLarge,        // 431
  };
  Outcome outcome = Outcome::Incomplete;
  std::size_t length = 0;  // Complete: the head's length, its final CRLF included
  // Incomplete: where the next scan may resume (bytes before it hold no end of head).
  std::size_t resume = 0;
};

// Scans `received` (the bytes of one connection not yet consumed) for the end of the head,
// starting at `resume` from the previous scan of the same bytes (0 for new bytes). Pure.
HeadScan scan_head(std::string_view received, std::size_t resume = 0);

// A POST, PUT, PATCH or DELETE head with neither Content-Length nor Transfer-Encoding has no
// body (RFC 9112 6.3). cpp-httplib 0.41 does not mark such a body read, and after answering it
// reads the connection until it closes to "drain" it, holding the worker for read_timeout. The
// worker therefore adds "Content-Length: 0" to such a head, at the offset this returns (the
// start of its final CRLF); nullopt for every other head. `head` is one complete head.
std::optional<std::size_t> missing_zero_length_at(std::string_view head);
inline constexpr std::string_view kZeroLengthHeader = "Content-Length: 0\r\n";

}  // namespace polls::http
