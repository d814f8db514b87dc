// Conditional GET (RFC 9110 section 13): a body's entity tag, and whether a request's
// If-None-Match already names it, so the answer can be 304 with no body. Static files and the
// JSON API share it.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace polls::http {

// A strong entity tag for these bytes, quoted: "\"<20 hex digits of their SHA-256>\"".
std::string etag_of(std::string_view body);

// Whether an If-None-Match value names etag: "*", or a comma-separated list of tags in which
// one equals it (weak comparison, as RFC 9110 asks for If-None-Match: a W/ prefix is ignored).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// Whether the request carries an If-None-Match that etag satisfies.
bool not_modified(const httplib::Request& req, std::string_view etag);

}  // namespace polls::http
