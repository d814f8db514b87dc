// Tests for security/csrf: Django's masking (checked against tokens real Django made), secrets
// bound to the key, and the cases of Django's own CSRF test suite for tokens, Origin and Referer.
#include "security/csrf.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "security/random.hpp"

using polls::security::check_origin;
using polls::security::Csrf;
using polls::security::kAlnum;
using polls::security::mask_cipher_secret;
using polls::security::unmask_cipher_token;

namespace {

constexpr std::string_view kKey = "polls-test-secret-key";
// "abcdefghijklmnop" + its MAC part under kKey, computed independently with Python's hmac.
constexpr std::string_view kSecret = "abcdefghijklmnopSgRXHmVQL1XfvpgH";
// The same first half with the MAC part of another key, as a sibling site would set it.
constexpr std::string_view kForeignSecret = "abcdefghijklmnopnE3Hr1C9WYgHYuQl";
// kSecret masked by Django 3.2.25's _mask_cipher_secret (Debian's python3-django), random mask.
constexpr std::string_view kDjangoMasked =
    "KkLNeIc2ofQQD9cZmu0ZBNoDsVH57c9XKlNQiNi9wo01Pmqe4AHM8Z9j3Muasrfu";

bool is_alnum_string(std::string_view s) { return s.find_first_not_of(kAlnum) == s.npos; }

}  // namespace

TEST_CASE("unmask_cipher_token recovers the secrets of Django's test suite") {
  // tests/csrf_tests/tests.py, CsrfFunctionTests.test_unmask_cipher_token.
  const std::string test_secret = "lcccccccX2kcccccccY2jcccccccssIC";
  CHECK(unmask_cipher_token("1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD") ==
        test_secret);
  CHECK(unmask_cipher_token("2JgchWvM1tpxT2lfz9aydoXW9yT1DN3NdLiejYxOOlzzV4nhBbYqmqZYbAV3V5Bf") ==
        test_secret);
  CHECK(unmask_cipher_token("vFioG3XOLyGyGsPRFyB9iYUs341ufzIEvFioG3XOLyGyGsPRFyB9iYUs341ufzIE") ==
        std::string(32, 'a'));
  CHECK(unmask_cipher_token(std::string(64, 'a')) == std::string(32, 'a'));
  CHECK(unmask_cipher_token(std::string(64, 'b')) == std::string(32, 'a'));
  CHECK(unmask_cipher_token(std::string(32, 'a') + std::string(32, 'b')) == std::string(32, 'b'));
  CHECK(unmask_cipher_token(std::string(32, 'b') + std::string(32, 'c')) == std::string(32, 'b'));
  CHECK(unmask_cipher_token(std::string(32, 'a') + std::string(32, 'c')) == std::string(32, 'c'));
}

TEST_CASE("mask_cipher_secret gives the tokens Django gives for the same mask") {
  // Django 3.2.25's _mask_cipher_secret with _get_new_csrf_string patched to return the mask.
  const std::string secret = "abcdefghijklmnopqrstuvwxyz012345";
  CHECK(mask_cipher_secret(secret, "ZYXWVUTSRQPONMLKJIHGFEDCBA987654") ==
        "ZYXWVUTSRQPONMLKJIHGFEDCBA987654" + std::string(32, 'Z'));
  // Every position but the first wraps around the end of the alphabet.
  CHECK(mask_cipher_secret(secret, std::string(32, '9')) ==
        std::string(32, '9') + "9abcdefghijklmnopqrstuvwxyZ01234");
}

TEST_CASE("mask_cipher_secret and unmask_cipher_token refuse malformed input") {
  CHECK_THROWS_AS(mask_cipher_secret("short", std::string(32, 'a')), std::invalid_argument);
  CHECK_THROWS_AS(mask_cipher_secret(std::string(32, 'a'), std::string(32, '-')),
                  std::invalid_argument);
  CHECK_THROWS_AS(unmask_cipher_token(std::string(63, 'a')), std::invalid_argument);
  CHECK_THROWS_AS(unmask_cipher_token(std::string(63, 'a') + "!"), std::invalid_argument);
}

TEST_CASE("a Csrf needs a secret key") { CHECK_THROWS_AS(Csrf(""), std::invalid_argument); }

TEST_CASE("new secrets are 32 alphanumerics that the same key accepts") {
  const Csrf csrf{std::string(kKey)};
  const std::string a = csrf.new_secret();
  const std::string b = csrf.new_secret();
  CHECK(a.size() == 32);
  CHECK(is_alnum_string(a));
  CHECK(a != b);
  CHECK(csrf.is_valid_secret(a));
  CHECK(csrf.is_valid_secret(b));
  CHECK_FALSE(Csrf("another key").is_valid_secret(a));
}

TEST_CASE("is_valid_secret accepts only secrets whose MAC part matches the key") {
  const Csrf csrf{std::string(kKey)};
  CHECK(csrf.is_valid_secret(kSecret));  // derived the same way in Python
  CHECK_FALSE(csrf.is_valid_secret(kForeignSecret));
  std::string tampered(kSecret);
  tampered[0] = 'b';
  CHECK_FALSE(csrf.is_valid_secret(tampered));
  CHECK_FALSE(csrf.is_valid_secret(""));
  CHECK_FALSE(csrf.is_valid_secret(kSecret.substr(0, 31)));
  CHECK_FALSE(csrf.is_valid_secret(std::string(kSecret) + "a"));
  CHECK_FALSE(csrf.is_valid_secret(std::string(32, '*')));
}

TEST_CASE("mask makes a fresh 64-character token that unmasks to the secret") {
  const Csrf csrf{std::string(kKey)};
  const std::string secret = csrf.new_secret();
  const std::string t1 = csrf.mask(secret);
  const std::string t2 = csrf.mask(secret);
  CHECK(t1.size() == 64);
  CHECK(is_alnum_string(t1));
  CHECK(t1 != t2);
  CHECK(unmask_cipher_token(t1) == secret);
  CHECK(unmask_cipher_token(t2) == secret);
  CHECK_THROWS_AS(csrf.mask("not a secret"), std::invalid_argument);
}

TEST_CASE("check accepts a token masked by real Django for the cookie's secret") {
  const Csrf csrf{std::string(kKey)};
  CHECK(unmask_cipher_token(kDjangoMasked) == kSecret);
  CHECK(csrf.check(kSecret, kDjangoMasked) == std::nullopt);
}

TEST_CASE("check lets a request through with a matching cookie and token") {
  const Csrf csrf{std::string(kKey)};
  const std::string secret = csrf.new_secret();
  SUBCASE("masked token, as a form or the X-CSRFToken header sends it") {
    CHECK(csrf.check(secret, csrf.mask(secret)) == std::nullopt);
  }
  SUBCASE("the bare secret, as JavaScript reading the cookie sends it") {
    CHECK(csrf.check(secret, secret) == std::nullopt);
  }
}

TEST_CASE("check rejects a missing or bad cookie with Django's reasons") {
  const Csrf csrf{std::string(kKey)};
  const std::string token = csrf.mask(std::string(kSecret));
  CHECK(csrf.check(std::nullopt, token) == "CSRF cookie not set.");
  CHECK(csrf.check(std::nullopt, std::nullopt) == "CSRF cookie not set.");
  CHECK(csrf.check("", token) == "CSRF cookie has incorrect length.");
  CHECK(csrf.check(std::string(16, 'a'), token) == "CSRF cookie has incorrect length.");
  CHECK(csrf.check(std::string(32, '*'), token) == "CSRF cookie has invalid characters.");
  // Django 4.0 stored masked cookies; we never did, so 64 characters is a wrong length here.
  CHECK(csrf.check(token, token) == "CSRF cookie has incorrect length.");
}

TEST_CASE("check rejects a cookie set by a sibling subdomain even with a matching token") {
  const Csrf csrf{std::string(kKey)};
  const std::string planted(kForeignSecret);
  CHECK(csrf.check(planted, csrf.mask(planted)) == "CSRF cookie was not issued by this site.");
  CHECK(csrf.check(planted, planted) == "CSRF cookie was not issued by this site.");
}

TEST_CASE("check rejects a missing, malformed or wrong token with Django's reasons") {
  // tests/csrf_tests/tests.py, test_csrf_cookie_bad_or_missing_token.
  const Csrf csrf{std::string(kKey)};
  const std::string secret(kSecret);
  CHECK(csrf.check(secret, std::nullopt) == "CSRF token missing.");
  CHECK(csrf.check(secret, "") == "CSRF token missing.");
  CHECK(csrf.check(secret, std::string(16, 'a')) == "CSRF token has incorrect length.");
  CHECK(csrf.check(secret, std::string(65, 'a')) == "CSRF token has incorrect length.");
  CHECK(csrf.check(secret, std::string(64, '*')) == "CSRF token has invalid characters.");
  CHECK(csrf.check(secret, std::string(64, 'a')) == "CSRF token incorrect.");
  CHECK(csrf.check(secret, csrf.new_secret()) == "CSRF token incorrect.");
  CHECK(csrf.check(secret, csrf.mask(csrf.new_secret())) == "CSRF token incorrect.");
}

TEST_CASE("check_origin lets a plain HTTP request without Origin or Referer through") {
  CHECK(check_origin(std::nullopt, std::nullopt, "www.example.com", false, {}) == std::nullopt);
}

TEST_CASE("check_origin accepts the request's own origin") {
  CHECK(check_origin("http://www.example.com", std::nullopt, "www.example.com", false, {}) ==
        std::nullopt);
  CHECK(check_origin("https://www.example.com", std::nullopt, "www.example.com", true, {}) ==
        std::nullopt);
  CHECK(check_origin("https://www.example.com:8443", std::nullopt, "www.example.com:8443", true,
                     {}) == std::nullopt);
  // Host names are case-insensitive; browsers send them in lowercase anyway.
  CHECK(check_origin("https://WWW.Example.com", std::nullopt, "www.example.com", true, {}) ==
        std::nullopt);
}

TEST_CASE("check_origin rejects a foreign, null, wrong-scheme or unparsable Origin") {
  const auto reason = [](std::string_view origin) {
    return "Origin checking failed - " + std::string(origin) +
           " does not match any trusted origins.";
  };
  const std::string host = "www.example.com";
  CHECK(check_origin("https://www.evil.org", std::nullopt, host, false, {}) ==
        reason("https://www.evil.org"));
  CHECK(check_origin("null", std::nullopt, host, false, {}) == reason("null"));
  CHECK(check_origin("null", std::nullopt, host, true, {"null"}) == reason("null"));
  CHECK(check_origin("http://example.com", std::nullopt, host, true, {}) ==
        reason("http://example.com"));
  CHECK(check_origin("http://www.example.com", std::nullopt, host, true, {}) ==
        reason("http://www.example.com"));
  CHECK(check_origin("https://www.example.com:8443", std::nullopt, host, true, {}) ==
        reason("https://www.example.com:8443"));
  CHECK(check_origin("https://[", std::nullopt, host, false, {}) == reason("https://["));
  CHECK(check_origin("http://", std::nullopt, "", false, {}) == reason("http://"));
  // A good Referer does not make up for a bad Origin.
  CHECK(check_origin("https://www.evil.org", "https://www.example.com/", host, true, {}) ==
        reason("https://www.evil.org"));
}

TEST_CASE("check_origin accepts trusted origins, exact or by subdomain wildcard") {
  const std::string host = "www.example.com";
  CHECK(check_origin("https://dashboard.example.com", std::nullopt, host, true,
                     {"https://dashboard.example.com"}) == std::nullopt);
  const std::vector<std::string> wildcard = {"https://*.example.com"};
  CHECK(check_origin("https://foo.example.com", std::nullopt, host, true, wildcard) ==
        std::nullopt);
  CHECK(check_origin("https://example.com", std::nullopt, host, true, wildcard) == std::nullopt);
  CHECK(check_origin("https://example.com.evil.org", std::nullopt, host, true, wildcard) !=
        std::nullopt);
  CHECK(check_origin("https://evilexample.com", std::nullopt, host, true, wildcard) !=
        std::nullopt);
  // tests/csrf_tests/tests.py, test_bad_origin_csrf_trusted_origin_bad_protocol.
  const std::vector<std::string> mixed = {"http://no-match.com", "https://*.example.com",
                                          "http://*.no-match.com", "http://*.no-match-2.com"};
  CHECK(check_origin("http://foo.example.com", std::nullopt, host, true, mixed) != std::nullopt);
}

TEST_CASE("check_origin requires a same-site HTTPS Referer on HTTPS without Origin") {
  const std::string host = "www.example.com";
  SUBCASE("no Referer") {
    CHECK(check_origin(std::nullopt, std::nullopt, host, true, {}) ==
          "Referer checking failed - no Referer.");
  }
  SUBCASE("a foreign Referer") {
    CHECK(check_origin(std::nullopt, "https://www.evil.org/somepage", host, true, {}) ==
          "Referer checking failed - https://www.evil.org/somepage does not match any trusted "
          "origins.");
    CHECK(check_origin(std::nullopt, "https://www.example.com:8443/", host, true, {}) !=
          std::nullopt);
  }
  SUBCASE("an insecure Referer") {
    const std::string insecure =
        "Referer checking failed - Referer is insecure while host is secure.";
    CHECK(check_origin(std::nullopt, "http://www.example.com/", host, true, {}) == insecure);
    CHECK(check_origin(std::nullopt, "http://http://www.example.com/", host, true, {}) == insecure);
  }
  SUBCASE("a malformed Referer") {
    const std::string malformed = "Referer checking failed - Referer is malformed.";
    for (const char* referer :
         {"",
          "\xc3\x98"
          "B\xc3\xb6I\xc3\x9f",
          "//example.com/", "https://", "https://[", "https:www.example.com"}) {
      CAPTURE(referer);
      CHECK(check_origin(std::nullopt, referer, host, true, {}) == malformed);
    }
  }
  SUBCASE("the site's own pages") {
    CHECK(check_origin(std::nullopt, "https://www.example.com/somepage", host, true, {}) ==
          std::nullopt);
    CHECK(check_origin(std::nullopt, "https://www.example.com", host, true, {}) == std::nullopt);
    CHECK(check_origin(std::nullopt, "https://www.example.com?q=1", host, true, {}) ==
          std::nullopt);
  }
  SUBCASE("trusted origins") {
    CHECK(check_origin(std::nullopt, "https://dashboard.example.com", host, true,
                       {"https://dashboard.example.com"}) == std::nullopt);
    CHECK(check_origin(std::nullopt, "https://dashboard.example.com/x", host, true,
                       {"https://*.example.com"}) == std::nullopt);
    CHECK(check_origin(std::nullopt, "https://dashboard.example.com/somepage", "@malformed", true,
                       {"https://dashboard.example.com"}) == std::nullopt);
  }
}

TEST_CASE("the cookie, field and header names are Django's") {
  CHECK(polls::security::kCsrfCookieName == "csrftoken");
  CHECK(polls::security::kCsrfFormField == "csrfmiddlewaretoken");
  CHECK(polls::security::kCsrfHeaderName == "X-CSRFToken");
}
