// CSRF protection the way Django's CsrfViewMiddleware does it (Django 4.1+: the cookie holds the
// secret, forms hold it masked), with secrets bound to SECRET_KEY, and Django's Origin/Referer
// checks. Pure functions: the HTTP middleware reads the headers and calls these.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polls::security {

// Django's names and sizes, so that Django's JavaScript recipes and test clients work unchanged.
constexpr std::string_view kCsrfCookieName = "csrftoken";
constexpr std::string_view kCsrfFormField = "csrfmiddlewaretoken";
constexpr std::string_view kCsrfHeaderName = "X-CSRFToken";
constexpr std::size_t kCsrfSecretLength = 32;
constexpr std::size_t kCsrfTokenLength = 64;

// Django's _mask_cipher_secret with a given mask: mask + cipher, where each cipher character is
// the sum of the secret's and the mask's positions in kAlnum, modulo 62. Both arguments must be
// 32 kAlnum characters (std::invalid_argument otherwise).
std::string mask_cipher_secret(std::string_view secret, std::string_view mask);

// Django's _unmask_cipher_token: the secret inside a 64-character kAlnum token
// (std::invalid_argument otherwise).
std::string unmask_cipher_token(std::string_view token);

class Csrf {
 public:
  // secret_key must not be empty (std::invalid_argument): it is what makes secrets unforgeable.
  explicit Csrf(std::string secret_key);

  // A fresh secret for the csrftoken cookie: 16 random kAlnum characters, then 16 derived from
  // HMAC-SHA256(secret_key, "polls.csrf:" + those 16).
  std::string new_secret() const;

  // Whether cookie is a secret this site issued: 32 kAlnum characters whose second half is the
  // MAC of the first. A cookie planted by a sibling subdomain (or left by another deployment with
  // another key) fails, and the caller should replace it with new_secret().
  bool is_valid_secret(std::string_view cookie) const;

  // The 64-character token for a form or a page's JavaScript: a fresh random mask each call, so
  // the secret never appears twice in a response body (BREACH). secret: 32 kAlnum characters.
  std::string mask(std::string_view secret) const;

  // The check Django does for an unsafe method, given the csrftoken cookie and the request's
  // token (the csrfmiddlewaretoken form field, or else the X-CSRFToken header; an empty value
  // counts as missing, as Django falls back from an empty form field). nullopt when the request
  // may proceed, else Django's reason: "CSRF cookie not set.", "CSRF cookie has incorrect
  // length.", "CSRF cookie has invalid characters.", "CSRF token missing.", "CSRF token has
  // incorrect length.", "CSRF token has invalid characters.", "CSRF token incorrect.", plus ours
  // for a well-formed cookie whose MAC fails: "CSRF cookie was not issued by this site.".
  std::optional<std::string> check(std::optional<std::string_view> cookie_secret,
                                   std::optional<std::string_view> request_token) const;

 private:
  std::string mac_part(std::string_view random_part) const;

  std::string secret_key_;
};

// Django's Origin and Referer checks for an unsafe method: nullopt when the request may proceed,
// else the reason (Django's wording). origin/referer: the headers if present; host: the Host
// header (with its port, if any; validated against the allowed hosts beforehand); is_https: the
// request arrived over HTTPS; trusted: CSRF_TRUSTED_ORIGINS, like "https://example.com" or
// "https://*.example.com" (any subdomain). Reasons quote the header as received: escape them
// before showing them in HTML.
std::optional<std::string> check_origin(std::optional<std::string_view> origin,
                                        std::optional<std::string_view> referer,
                                        std::string_view host, bool is_https,
                                        const std::vector<std::string>& trusted);

}  // namespace polls::security
