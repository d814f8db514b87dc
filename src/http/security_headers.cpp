// See security_headers.hpp.
#include "http/security_headers.hpp"

#include <string>
#include <utility>

namespace polls::http {

namespace {

// Constant, known-safe values.
const std::pair<std::string, std::string> kHeaders[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
     // The results page's EventSource reads the question's live counts from this origin.
     "connect-src 'self'; form-action 'self'; "
     "frame-ancestors 'none'; base-uri 'none'"},
};

}  // namespace

void add_security_headers(httplib::Response& res) {
  // Inserted directly, skipping set_header's per-call validation (this runs on every response).
  for (const auto& header : kHeaders) res.headers.insert(header);
}

std::string_view security_header_lines() {
  static const std::string lines = [] {
    std::string text;
    for (const auto& [name, value] : kHeaders) {
      text.append(name).append(": ").append(value).append("\r\n");
    }
    return text;
  }();
  return lines;
}

}  // namespace polls::http
