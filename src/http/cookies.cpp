// Cookie header parsing and Set-Cookie building; see cookies.hpp for the rules.
#include "http/cookies.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "text/trim.hpp"

namespace polls::http {
namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// RFC 6265 section 4.1.1: cookie-name is an RFC 2616 token.
bool is_token(std::string_view s) {
  constexpr std::string_view kSeparators = "()<>@,;:\\\"/[]?={} \t";
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x80 && !is_control(b) && kSeparators.find(c) == std::string_view::npos;
  });
}

// RFC 6265 section 4.1.1: cookie-octet, which leaves out what would end or split the header.
bool is_cookie_value(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b > 0x20 && b < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
  });
}

bool is_path(std::string_view s) {
  return !s.empty() && s.front() == '/' && std::all_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b > 0x20 && b < 0x7f && c != ';';
  });
}

}  // namespace

Cookies parse_cookies(std::string_view header) {
  Cookies cookies;
  while (!header.empty() && cookies.size() < kMaxCookies) {
    const auto semi = header.find(';');
    const std::string_view part = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = text::trim(part.substr(0, eq), text::kSpaceAndTab);
    std::string_view value = text::trim(part.substr(eq + 1), text::kSpaceAndTab);
    if (name.empty()) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    cookies.emplace(std::string(name), std::string(value));  // no-op if the name is taken
  }
  return cookies;
}

std::optional<std::string> find_cookie(std::string_view header, std::string_view name) {
  auto cookies = parse_cookies(header);
  const auto it = cookies.find(name);
  if (it == cookies.end()) return std::nullopt;
  return std::move(it->second);
}

std::string set_cookie(std::string_view name, std::string_view value,
                       const CookieOptions& options) {
  if (!is_token(name)) throw std::invalid_argument("set_cookie: invalid cookie name");
  if (!is_cookie_value(value)) {
    throw std::invalid_argument("set_cookie: invalid characters in the value of cookie " +
                                std::string(name));
  }
  if (!is_path(options.path)) throw std::invalid_argument("set_cookie: invalid path");
  if (options.max_age && *options.max_age < 0) {
    throw std::invalid_argument("set_cookie: negative max_age");
  }
  const auto& same_site = options.same_site;
  if (!same_site.empty() && same_site != "Strict" && same_site != "Lax" && same_site != "None") {
    throw std::invalid_argument("set_cookie: SameSite must be Strict, Lax or None");
  }
  if (same_site == "None" && !options.secure) {
    throw std::invalid_argument("set_cookie: browsers refuse SameSite=None without Secure");
  }

  std::string out;
  out.append(name).append("=").append(value);
  // Max-Age alone (no Expires): every browser still supported understands it.
  if (options.max_age) out.append("; Max-Age=").append(std::to_string(*options.max_age));
  out.append("; Path=").append(options.path);
  if (!same_site.empty()) out.append("; SameSite=").append(same_site);
  if (options.http_only) out.append("; HttpOnly");
  if (options.secure) out.append("; Secure");
  return out;
}

}  // namespace polls::http
