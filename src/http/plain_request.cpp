// See plain_request.hpp. Each check below names the step of cpp-httplib's process_request,
// parse_request_line or read_headers it stands for, as of cpp-httplib 0.41 (what
// scripts/fetch-httplib takes today); tests/fuzz/plain_request_fuzz.cpp and
// tests/http/plain_requests_test.cpp hold a newer release to the same answers.
#include "http/plain_request.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "text/ascii.hpp"

namespace polls::http {

namespace {

// A byte that cpp-httplib's request-line split or its C-string handling treats specially:
// spaces and tabs separate and are trimmed, NUL ends the line early, and other control bytes
// are left to it rather than reasoned about here.
bool is_plain_request_line_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f;
}

// The request line "METHOD SP TARGET SP VERSION", with single spaces: the three tokens
// cpp-httplib's split would find. False for anything else.
bool parse_request_line(std::string_view line, httplib::Request& req) {
  const std::size_t first = line.find(' ');
  if (first == std::string_view::npos) return false;
  const std::size_t second = line.find(' ', first + 1);
  if (second == std::string_view::npos) return false;
  const std::string_view method = line.substr(0, first);
  const std::string_view target = line.substr(first + 1, second - first - 1);
  const std::string_view version = line.substr(second + 1);
  if (method != "GET" && method != "HEAD") return false;
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return false;
  // cpp-httplib answers a longer target 414 itself, and cuts a fragment off: both are rare.
  if (target.empty() || target.size() > CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) return false;
  if (!std::all_of(target.begin(), target.end(), is_plain_request_line_byte)) return false;
  if (target.find('#') != std::string_view::npos) return false;
  req.method = method;
  req.target = target;
  req.version = version;
  // As parse_request_line: the path before the first '?', percent-decoded, and the query.
  const std::size_t query = target.find('?');
  req.path = httplib::decode_path_component(std::string(target.substr(0, query)));
  // cpp-httplib's catch-all route (".*") matches no path holding a line break (%0A, %0D):
  // it answers those 404 without the router, which this path would call.
  if (req.path.find_first_of("\r\n") != std::string::npos) return false;
  if (query != std::string_view::npos) {
    const std::string_view text = target.substr(query + 1);
    httplib::detail::parse_query_text(text.data(), text.size(), req.params);
  }
  return true;
}

// Whether a header, by its name, makes the request cpp-httplib's: a body (this path reads none),
// a range (cpp-httplib applies it to the response), a 100-continue (cpp-httplib answers it), an
// upgrade (a WebSocket). Content-Length is judged by its value.
bool declines(std::string_view name) {
  return text::iequals(name, "Transfer-Encoding") || text::iequals(name, "Range") ||
         text::iequals(name, "Expect") || text::iequals(name, "Upgrade");
}

// The header lines as read_headers takes them, with its limits; false where it would fail or
// where this path leaves the request to it. `has_accept`: whether there is an Accept header.
bool parse_headers(std::string_view lines, httplib::Headers& headers, bool& has_accept) {
  std::size_t count = 0;
  bool declined = false;
  while (!lines.empty()) {
    const std::size_t end = lines.find("\r\n");
    if (end == std::string_view::npos) return false;
    const std::size_t length = end + 2;
    if (length > CPPHTTPLIB_HEADER_MAX_LENGTH) return false;
    if (count >= CPPHTTPLIB_HEADER_MAX_COUNT) return false;
    const char* begin = lines.data();
    const bool parsed = httplib::detail::parse_header(
        begin, begin + end, [&](const std::string& name, const std::string& value) {
          // A Content-Length other than 0 announces a body; read_headers refuses differing
          // ones, which this rule declines as well.
          if (declines(name) || (text::iequals(name, "Content-Length") && value != "0")) {
            declined = true;
            return;
          }
          has_accept = has_accept || text::iequals(name, "Accept");
          headers.emplace(name, value);
        });
    if (!parsed || declined) return false;
    ++count;
    lines.remove_prefix(length);
  }
  return true;
}

// Whether a head holds a NUL, or an LF that does not end a CRLF: cpp-httplib's header checks
// judge those, and no client means to send them.
bool has_stray_byte(std::string_view head) {
  char previous = '\r';
  for (const char c : head) {
    if (c == '\0' || (c == '\n' && previous != '\r')) return true;
    previous = c;
  }
  return false;
}

}  // namespace

bool parse_plain_request(std::string_view head, httplib::Request& req) {
  if (head.size() < 4 || !head.ends_with("\r\n\r\n") || has_stray_byte(head)) return false;
  const std::size_t line_end = head.find("\r\n");
  if (line_end + 2 > CPPHTTPLIB_MAX_LINE_LENGTH) return false;
  if (!parse_request_line(head.substr(0, line_end), req)) return false;
  // Between the request line and the final empty line.
  const std::string_view lines = head.substr(line_end + 2, head.size() - line_end - 4);
  bool has_accept = false;
  if (!parse_headers(lines, req.headers, has_accept)) return false;
  // As process_request: an Accept header it cannot parse is its 400 (of several, it reads the
  // one get_header_value finds).
  return !has_accept || httplib::detail::parse_accept_header(req.get_header_value("Accept"),
                                                             req.accept_content_types);
}

bool client_asks_to_close(const httplib::Request& req) {
  // process_request's own comparisons, case-sensitive as there.
  const std::string connection = req.get_header_value("Connection");
  return connection == "close" || (req.version == "HTTP/1.0" && connection != "Keep-Alive");
}

}  // namespace polls::http
