// Tests for http/cookies: Cookie headers as browsers (and attackers) send them, and Set-Cookie.
#include "http/cookies.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

using polls::http::CookieOptions;
using polls::http::Cookies;
using polls::http::find_cookie;
using polls::http::kMaxCookies;
using polls::http::parse_cookies;
using polls::http::set_cookie;

TEST_CASE("find_cookie gives one cookie's value, or nothing") {
  CHECK(find_cookie("csrftoken=abc; sessionid=xyz", "sessionid") == "xyz");
  CHECK(find_cookie("sessionid=first; sessionid=second", "sessionid") == "first");
  CHECK_FALSE(find_cookie("csrftoken=abc", "sessionid").has_value());
  CHECK_FALSE(find_cookie("", "sessionid").has_value());
}

TEST_CASE("a Cookie header from a browser is parsed into names and values") {
  const Cookies cookies = parse_cookies("csrftoken=abc123; sessionid=xyz");
  CHECK(cookies == Cookies{{"csrftoken", "abc123"}, {"sessionid", "xyz"}});
}

TEST_CASE("cookie parsing tolerates spaces, tabs and empty parts") {
  CHECK(parse_cookies("") == Cookies{});
  CHECK(parse_cookies("   ") == Cookies{});
  CHECK(parse_cookies(";;; ;") == Cookies{});
  CHECK(parse_cookies("  a = 1 ;b=2;;\tc=3\t; ") == Cookies{{"a", "1"}, {"b", "2"}, {"c", "3"}});
  CHECK(parse_cookies("a=1;b=2") == Cookies{{"a", "1"}, {"b", "2"}});
  CHECK(parse_cookies("a=") == Cookies{{"a", ""}});
}

TEST_CASE("one pair of double quotes around a cookie value is removed") {
  CHECK(parse_cookies("a=\"quoted value\"; b=\"\"") == Cookies{{"a", "quoted value"}, {"b", ""}});
  CHECK(parse_cookies("a=\"unbalanced") == Cookies{{"a", "\"unbalanced"}});
  CHECK(parse_cookies("a=\"") == Cookies{{"a", "\""}});
  CHECK(parse_cookies("a=\"\"x\"\"") == Cookies{{"a", "\"x\""}});
}

TEST_CASE("the first of two cookies with the same name wins") {
  // A cookie planted for a parent domain or path comes after ours: it must not replace it.
  CHECK(parse_cookies("csrftoken=ours; csrftoken=planted") == Cookies{{"csrftoken", "ours"}});
}

TEST_CASE("parts without a name are skipped, and values may hold '='") {
  CHECK(parse_cookies("garbage; =nameless; a=1") == Cookies{{"a", "1"}});
  CHECK(parse_cookies("a=b=c==") == Cookies{{"a", "b=c=="}});
  CHECK(parse_cookies("a=%41") == Cookies{{"a", "%41"}});  // not percent-decoded
}

TEST_CASE("garbage bytes in a Cookie header do not break the cookies around them") {
  const std::string header = std::string("\x01\xff=\x7f; ok=1; \0=\0; ", 18) + "bad\r\nx=2";
  const Cookies cookies = parse_cookies(header);
  CHECK(cookies.at("ok") == "1");
  CHECK(cookies.size() == 4);
}

TEST_CASE("no more than kMaxCookies cookies are read from one header") {
  std::string header;
  for (std::size_t i = 0; i < kMaxCookies + 50; ++i) header += "c" + std::to_string(i) + "=v; ";
  const Cookies cookies = parse_cookies(header);
  CHECK(cookies.size() == kMaxCookies);
  CHECK(cookies.count("c0") == 1);
  CHECK(cookies.count("c" + std::to_string(kMaxCookies)) == 0);
}

TEST_CASE("set_cookie builds a Set-Cookie value with the attributes asked for") {
  SUBCASE("defaults: a session cookie for the whole site, HttpOnly, SameSite=Lax") {
    CHECK(set_cookie("sessionid", "abc") == "sessionid=abc; Path=/; SameSite=Lax; HttpOnly");
  }
  SUBCASE("the csrftoken cookie Django sets: a year, readable by JavaScript, Secure") {
    const CookieOptions options{.max_age = 31449600, .http_only = false, .secure = true};
    CHECK(set_cookie("csrftoken", "x1", options) ==
          "csrftoken=x1; Max-Age=31449600; Path=/; SameSite=Lax; Secure");
  }
  SUBCASE("deleting a cookie, with another path and no SameSite") {
    const CookieOptions options{
        .max_age = 0, .path = "/admin/", .http_only = true, .secure = false, .same_site = ""};
    CHECK(set_cookie("sessionid", "", options) == "sessionid=; Max-Age=0; Path=/admin/; HttpOnly");
  }
  SUBCASE("SameSite=None with Secure") {
    CHECK(set_cookie("a", "b", {.secure = true, .same_site = "None"}) ==
          "a=b; Path=/; SameSite=None; HttpOnly; Secure");
  }
}

TEST_CASE("set_cookie refuses CR, LF and other bytes that could split or extend the header") {
  for (const char* value : {"a\r\nSet-Cookie: evil=1", "a\nb", "a\rb", "a;b", "a,b", "a b",
                            "\"quoted\"", "back\\slash", "tab\t", "nul\x01", "caf\xc3\xa9"}) {
    CAPTURE(value);
    CHECK_THROWS_AS(set_cookie("name", value), std::invalid_argument);
  }
  for (const char* name : {"", "a b", "a;b", "a=b", "a\r\nb", "a,b", "na\xc3\xafve", "(x)"}) {
    CAPTURE(name);
    CHECK_THROWS_AS(set_cookie(name, "v"), std::invalid_argument);
  }
}

TEST_CASE("set_cookie refuses bad paths, negative ages and unknown SameSite values") {
  CHECK_THROWS_AS(set_cookie("a", "b", {.path = "/x;Domain=evil.org"}), std::invalid_argument);
  CHECK_THROWS_AS(set_cookie("a", "b", {.path = "/x\r\n"}), std::invalid_argument);
  CHECK_THROWS_AS(set_cookie("a", "b", {.path = "relative"}), std::invalid_argument);
  CHECK_THROWS_AS(set_cookie("a", "b", {.max_age = -1}), std::invalid_argument);
  CHECK_THROWS_AS(set_cookie("a", "b", {.same_site = "lax; Domain=x"}), std::invalid_argument);
  CHECK_THROWS_AS(set_cookie("a", "b", {.same_site = "None"}), std::invalid_argument);
}

TEST_CASE("a cookie set with set_cookie reads back with parse_cookies") {
  const std::string header = set_cookie("csrftoken", "abcXYZ019-_.!~");
  const std::string pair = header.substr(0, header.find(';'));
  CHECK(parse_cookies(pair) == Cookies{{"csrftoken", "abcXYZ019-_.!~"}});
}
