// See conditional_get.hpp.
#include "http/conditional_get.hpp"

#include "security/hmac.hpp"
#include "text/trim.hpp"

namespace polls::http {

std::string etag_of(std::string_view body) {
  // 80 bits of the hash: a cache validator, not a signature; short headers.
  return "\"" + security::sha256_hex(body).substr(0, 20) + "\"";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (text::trim(if_none_match, text::kSpaceAndTab) == "*") return true;
  while (!if_none_match.empty()) {
    const std::size_t comma = if_none_match.find(',');
    std::string_view tag = text::trim(if_none_match.substr(0, comma), text::kSpaceAndTab);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

bool not_modified(const httplib::Request& req, std::string_view etag) {
  return req.has_header("If-None-Match") &&
         etag_matches(req.get_header_value("If-None-Match"), etag);
}

}  // namespace polls::http
