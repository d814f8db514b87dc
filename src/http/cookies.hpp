// The Cookie request header, parsed as browsers send it, and Set-Cookie values built safely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace polls::http {

// At most this many cookies are read from one header; the rest are ignored. Browsers keep at
// most ~180 per site, and ours set two; the bound keeps a hostile header from costing memory.
constexpr std::size_t kMaxCookies = 100;

// name -> value; std::less<> so that lookups take a string_view.
using Cookies = std::map<std::string, std::string, std::less<>>;

// Parses a Cookie header ("a=1; b=2"). Tolerant, like the browsers and frameworks it must talk
// to: parts are split on ';', spaces and tabs around names and values are dropped, empty parts
// and parts without a name (no '=' or nothing before it) are skipped, one pair of double quotes
// around a value is removed. When a name repeats, the first value wins: browsers send the cookie
// with the longest path first (RFC 6265, 5.4), and a cookie planted for a parent domain or path
// must not override ours. Values are not percent-decoded (Django does not either).
Cookies parse_cookies(std::string_view header);

// The value of the cookie called name in a Cookie header (nullopt when it has none), as
// parse_cookies reads it.
std::optional<std::string> find_cookie(std::string_view header, std::string_view name);

struct CookieOptions {
  // Lifetime in seconds; absent for a session cookie, zero to delete the cookie.
  std::optional<std::int64_t> max_age = std::nullopt;
  std::string path = "/";
  // Hidden from JavaScript; on by default, off for csrftoken (Django's AJAX recipe reads it).
  bool http_only = true;
  bool secure = false;
  // "Strict", "Lax" or "None" (which browsers accept only with secure), or "" to omit it.
  std::string same_site = "Lax";
};

// The value of a Set-Cookie header: "name=value; Max-Age=...; Path=/; SameSite=Lax; HttpOnly".
// Throws std::invalid_argument when the name is not an RFC 6265 token, the value holds anything
// but cookie-octets (no space, '"', ',', ';', '\\', control or non-ASCII bytes: encode first),
// the path is not a '/'-path without ';' or control bytes, max_age is negative, or same_site is
// unknown or "None" without secure: a header built from a bad value could split the response.
std::string set_cookie(std::string_view name, std::string_view value,
                       const CookieOptions& options = {});

}  // namespace polls::http
