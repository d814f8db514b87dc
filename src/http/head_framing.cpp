// See head_framing.hpp.
#include "http/head_framing.hpp"

#include "text/ascii.hpp"

namespace polls::http {

HeadScan scan_head(std::string_view received, std::size_t resume) {
  HeadScan scan;
  const std::size_t line_end = received.find("\r\n");
  if (line_end == std::string_view::npos) {
    scan.outcome = received.size() > kMaxRequestLineBytes ? HeadScan::Outcome::RequestLineTooLong
                                                          : HeadScan::Outcome::Incomplete;
    return scan;
  }
  if (line_end >= kMaxRequestLineBytes) {
    scan.outcome = HeadScan::Outcome::RequestLineTooLong;
    return scan;
  }
  // The first "\r\n\r\n" cannot start before the request line's own CRLF. Back up three bytes
  // from the last scan, so that one split across reads is found.
  std::size_t from = resume >= 3 ? resume - 3 : 0;
  if (from < line_end) from = line_end;
  const std::size_t end = received.find("\r\n\r\n", from);
  if (end != std::string_view::npos && end + 4 <= kMaxHeadBytes) {
    scan.outcome = HeadScan::Outcome::Complete;
    scan.length = end + 4;
    return scan;
  }
  if (received.size() >= kMaxHeadBytes) {
    scan.outcome = HeadScan::Outcome::HeadTooLarge;
    return scan;
  }
  scan.resume = received.size();
  return scan;
}

std::optional<std::size_t> missing_zero_length_at(std::string_view head) {
  const std::size_t line_end = head.find("\r\n");
  if (line_end == std::string_view::npos || head.size() < 4) return std::nullopt;
  // The method as cpp-httplib splits the request line: the first non-empty token between
  // spaces, trimmed of spaces and tabs.
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  std::size_t start = 0;
  while (start < line_end && blank(head[start])) ++start;
  std::size_t stop = start;
  while (stop < line_end && head[stop] != ' ') ++stop;
  while (stop > start && blank(head[stop - 1])) --stop;
  const std::string_view method = head.substr(start, stop - start);
  if (method != "POST" && method != "PUT" && method != "PATCH" && method != "DELETE") {
    return std::nullopt;
  }
  for (std::size_t at = line_end + 2; at < head.size();) {
    const std::size_t next = head.find("\r\n", at);
    if (next == std::string_view::npos || next == at) break;
    const std::string_view line = head.substr(at, next - at);
    const std::string_view name = line.substr(0, line.find(':'));
    if (text::iequals(name, "content-length") || text::iequals(name, "transfer-encoding")) {
      return std::nullopt;
    }
    at = next + 2;
  }
  return head.size() - 2;
}

}  // namespace polls::http
