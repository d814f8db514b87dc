// Django's CSRF token scheme and Origin/Referer checks; see csrf.hpp for the contract.
#include "security/csrf.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "security/hmac.hpp"
#include "security/random.hpp"
#include "text/ascii.hpp"

namespace polls::security {
namespace {

constexpr std::size_t kRandomPart = kCsrfSecretLength / 2;
constexpr std::string_view kMacContext = "polls.csrf:";

// Position of each byte in kAlnum, or -1. A table, not kAlnum.find or range tests, so the time
// taken does not depend on the character (secrets and masks go through here).
constexpr std::array<std::int8_t, 256> kAlnumIndex = [] {
  std::array<std::int8_t, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < kAlnum.size(); ++i) {
    table[static_cast<unsigned char>(kAlnum[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}();

int alnum_index(char c) { return kAlnumIndex[static_cast<unsigned char>(c)]; }

bool all_alnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return alnum_index(c) >= 0; });
}

void require_alnum(std::string_view s, std::size_t length, const char* what) {
  if (s.size() != length || !all_alnum(s)) {
    throw std::invalid_argument(std::string(what) + " must be " + std::to_string(length) +
                                " characters from [a-zA-Z0-9]");
  }
}

// Django's format check (_check_token_format), shared by cookie and token; subject is the start
// of the reason ("CSRF cookie", "CSRF token").
std::optional<std::string> format_problem(std::string_view value, std::string_view subject,
                                          bool allow_masked) {
  const bool length_ok =
      value.size() == kCsrfSecretLength || (allow_masked && value.size() == kCsrfTokenLength);
  if (!length_ok) return std::string(subject) + " has incorrect length.";
  if (!all_alnum(value)) return std::string(subject) + " has invalid characters.";
  return std::nullopt;
}

using text::ascii_lower;
using text::iequals;

// The scheme and authority of an absolute URL ("https://example.com:8443/x" -> "https",
// "example.com:8443"), as Python's urlparse finds them; nullopt when either is missing or the
// text holds characters no URL has (controls, spaces).
struct SchemeHost {
  std::string scheme;  // lowercase
  std::string netloc;  // lowercase, with the port if any
};

std::optional<SchemeHost> split_url(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view scheme = url.substr(0, colon);
  const auto scheme_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
  };
  const bool starts_with_letter = alnum_index(scheme[0]) >= 0 && alnum_index(scheme[0]) < 52;
  if (!starts_with_letter || !std::all_of(scheme.begin(), scheme.end(), scheme_char)) {
    return std::nullopt;
  }
  std::string_view rest = url.substr(colon + 1);
  if (rest.substr(0, 2) != "//") return std::nullopt;
  rest.remove_prefix(2);
  const std::string_view netloc = rest.substr(0, rest.find_first_of("/?#"));
  if (netloc.empty()) return std::nullopt;
  // Python's urlsplit refuses an unbalanced IPv6 bracket ("https://[") with ValueError.
  const bool open = netloc.find('[') != std::string_view::npos;
  const bool close = netloc.find(']') != std::string_view::npos;
  if (open != close) return std::nullopt;
  if (std::any_of(url.begin(), url.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
    return std::nullopt;
  }
  return SchemeHost{ascii_lower(scheme), ascii_lower(netloc)};
}

// Django's is_same_domain: a pattern starting with '.' matches that domain and every subdomain;
// any other pattern matches exactly. Both sides compared in lowercase.
bool is_same_domain(std::string_view host, std::string_view pattern) {
  if (pattern.empty()) return false;
  const std::string h = ascii_lower(host);
  const std::string p = ascii_lower(pattern);
  if (p[0] == '.') return h.ends_with(p) || h == std::string_view(p).substr(1);
  return h == p;
}

// The netloc of a trusted origin with Django's lstrip('*'): "https://*.example.com" ->
// ".example.com".
std::string trusted_host(std::string_view trusted) {
  const auto url = split_url(trusted);
  if (!url) return {};
  std::string_view netloc = url->netloc;
  while (!netloc.empty() && netloc.front() == '*') netloc.remove_prefix(1);
  return std::string(netloc);
}

// Django's _origin_verified.
bool origin_verified(std::string_view origin, std::string_view host, bool is_https,
                     const std::vector<std::string>& trusted) {
  if (!host.empty() &&
      iequals(origin, std::string(is_https ? "https://" : "http://") + std::string(host))) {
    return true;
  }
  for (const auto& t : trusted) {
    if (t.find('*') == std::string::npos && iequals(origin, t)) return true;
  }
  const auto parsed = split_url(origin);
  if (!parsed) return false;
  for (const auto& t : trusted) {
    if (t.find('*') == std::string::npos) continue;
    const auto pattern = split_url(t);
    if (pattern && pattern->scheme == parsed->scheme &&
        is_same_domain(parsed->netloc, trusted_host(t))) {
      return true;
    }
  }
  return false;
}

// Django's _check_referer, for HTTPS requests without an Origin header (no cookie domain set).
std::optional<std::string> referer_problem(std::optional<std::string_view> referer,
                                           std::string_view host,
                                           const std::vector<std::string>& trusted) {
  if (!referer) return "Referer checking failed - no Referer.";
  const auto url = split_url(*referer);
  if (!url) return "Referer checking failed - Referer is malformed.";
  if (url->scheme != "https") {
    return "Referer checking failed - Referer is insecure while host is secure.";
  }
  for (const auto& t : trusted) {
    if (is_same_domain(url->netloc, trusted_host(t))) return std::nullopt;
  }
  // Django compares with is_same_domain too, but the Host header is never a ".domain" pattern.
  if (!iequals(url->netloc, host)) {
    return "Referer checking failed - " + std::string(*referer) +
           " does not match any trusted origins.";
  }
  return std::nullopt;
}

}  // namespace

std::string mask_cipher_secret(std::string_view secret, std::string_view mask) {
  require_alnum(secret, kCsrfSecretLength, "CSRF secret");
  require_alnum(mask, kCsrfSecretLength, "CSRF mask");
  const int n = static_cast<int>(kAlnum.size());
  std::string token(mask);
  for (std::size_t i = 0; i < kCsrfSecretLength; ++i) {
    token.push_back(kAlnum[(alnum_index(secret[i]) + alnum_index(mask[i])) % n]);
  }
  return token;
}

std::string unmask_cipher_token(std::string_view token) {
  require_alnum(token, kCsrfTokenLength, "CSRF token");
  const int n = static_cast<int>(kAlnum.size());
  const std::string_view mask = token.substr(0, kCsrfSecretLength);
  const std::string_view cipher = token.substr(kCsrfSecretLength);
  std::string secret;
  secret.reserve(kCsrfSecretLength);
  for (std::size_t i = 0; i < kCsrfSecretLength; ++i) {
    // Python's chars[x - y] wraps a negative index; C++'s % does not, hence the + n.
    secret.push_back(kAlnum[(alnum_index(cipher[i]) - alnum_index(mask[i]) + n) % n]);
  }
  return secret;
}

Csrf::Csrf(std::string secret_key) : secret_key_(std::move(secret_key)) {
  if (secret_key_.empty()) throw std::invalid_argument("Csrf: the secret key must not be empty");
}

std::string Csrf::mac_part(std::string_view random_part) const {
  std::string msg(kMacContext);
  msg.append(random_part);
  const std::string mac = hmac_sha256(secret_key_, msg);
  std::string out;
  out.reserve(kRandomPart);
  // byte % 62 is slightly biased; harmless here, as these characters authenticate, not hide.
  for (std::size_t i = 0; i < kRandomPart; ++i) {
    out.push_back(kAlnum[static_cast<unsigned char>(mac[i]) % kAlnum.size()]);
  }
  return out;
}

std::string Csrf::new_secret() const {
  std::string secret = random_token(kRandomPart);
  secret += mac_part(secret);
  return secret;
}

bool Csrf::is_valid_secret(std::string_view cookie) const {
  if (cookie.size() != kCsrfSecretLength || !all_alnum(cookie)) return false;
  return constant_time_equals(mac_part(cookie.substr(0, kRandomPart)), cookie.substr(kRandomPart));
}

std::string Csrf::mask(std::string_view secret) const {
  return mask_cipher_secret(secret, random_token(kCsrfSecretLength));
}

std::optional<std::string> Csrf::check(std::optional<std::string_view> cookie_secret,
                                       std::optional<std::string_view> request_token) const {
  // Django checks the cookie first: without one there is nothing to compare against, and
  // insisting on it also stops login CSRF.
  if (!cookie_secret) return "CSRF cookie not set.";
  // Our cookies are never masked (Django 4.0's were), so only 32 characters are well formed.
  if (auto problem = format_problem(*cookie_secret, "CSRF cookie", false)) return problem;
  if (!is_valid_secret(*cookie_secret)) return "CSRF cookie was not issued by this site.";

  if (!request_token || request_token->empty()) return "CSRF token missing.";
  if (auto problem = format_problem(*request_token, "CSRF token", true)) return problem;
  const std::string secret = request_token->size() == kCsrfTokenLength
                                 ? unmask_cipher_token(*request_token)
                                 : std::string(*request_token);
  if (!constant_time_equals(secret, *cookie_secret)) return "CSRF token incorrect.";
  return std::nullopt;
}

std::optional<std::string> check_origin(std::optional<std::string_view> origin,
                                        std::optional<std::string_view> referer,
                                        std::string_view host, bool is_https,
                                        const std::vector<std::string>& trusted) {
  if (origin) {
    // "null" (sandboxed frames, file: pages, some redirects) is never a trusted origin.
    if (*origin == "null" || !origin_verified(*origin, host, is_https, trusted)) {
      return "Origin checking failed - " + std::string(*origin) +
             " does not match any trusted origins.";
    }
    return std::nullopt;
  }
  // Over plain HTTP an attacker in the middle could forge the Referer anyway; over HTTPS it is
  // reliable, and browsers omit it for same-origin requests very rarely (Django's reasoning).
  if (is_https) return referer_problem(referer, host, trusted);
  return std::nullopt;
}

}  // namespace polls::security
