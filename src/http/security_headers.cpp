// See security_headers.hpp.
#include "http/security_headers.hpp"

namespace polls::http {

void add_security_headers(httplib::Response& res) {
  // Constant, known-safe values: inserted directly, skipping set_header's per-call validation
  // (this runs on every response).
  static const std::pair<std::string, std::string> kHeaders[] = {
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
  for (const auto& header : kHeaders) res.headers.insert(header);
}

}  // namespace polls::http
