// See head_framing.hpp.
#include "http/head_framing.hpp"

#include <cstring>

namespace polls::http {

HeadScan scan_head(std::string_view received, std::size_t resume) {
  HeadScan scan;
  const std::size_t first_newline = received.find('\n');
  if (first_newline == std::string_view::npos) {
    scan.outcome = received.size() > kMaxRequestLineBytes ? HeadScan::Outcome::RequestLineTooLong
                                                          : HeadScan::Outcome::Incomplete;
    return scan;
  }
  if (first_newline >= kMaxRequestLineBytes) {
    scan.outcome = HeadScan::Outcome::RequestLineTooLong;
    return scan;
  }
  // The empty line that ends the head is "\r\n" right after a line's "\n"; the request line's
  // own "\n" may be that "\n" (a request without headers). Start no earlier than it, and back up
  // two bytes from the last scan so that a "\n\r\n" split across reads is found.
  std::size_t from = resume >= 2 ? resume - 2 : 0;
  if (from < first_newline) from = first_newline;
  const std::size_t limit = received.size() < kMaxHeadBytes ? received.size() : kMaxHeadBytes;
  for (std::size_t at = from; at < limit; ++at) {
    const void* hit = std::memchr(received.data() + at, '\n', limit - at);
    if (hit == nullptr) break;
    at = static_cast<std::size_t>(static_cast<const char*>(hit) - received.data());
    if (at + 2 < received.size() && received[at + 1] == '\r' && received[at + 2] == '\n') {
      if (at + 3 > kMaxHeadBytes) break;
      scan.outcome = HeadScan::Outcome::Complete;
      scan.length = at + 3;
      return scan;
    }
  }
  if (received.size() >= kMaxHeadBytes) {
    scan.outcome = HeadScan::Outcome::HeadTooLarge;
    return scan;
  }
  scan.resume = received.size();
  return scan;
}

}  // namespace polls::http
