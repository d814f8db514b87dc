// CSRF protection of the vote form, end to end: Django's CsrfViewMiddleware cases (no cookie,
// missing, short, badly formed or wrong token, a cookie this site did not issue, a foreign or
// "null" Origin) are each a 403 page that explains, and count nothing; the csrftoken cookie's
// attributes and when it is (not) set again.
#include <doctest/doctest.h>

#include <string>

#include "http/support.hpp"
#include "security/csrf.hpp"

using polls::test::CsrfPair;
using polls::test::TestSite;
using std::chrono::days;

namespace {

struct Fixture {
  TestSite site;
  std::int64_t question = site.create_question("What's up?", days{-1});
  std::int64_t choice = site.create_choice(question, "Not much");
  std::string path = "/polls/" + std::to_string(question) + "/vote/";

  // POSTs a vote for `choice` with these headers and, unless empty, this token in the form.
  httplib::Result post(const httplib::Headers& headers, const std::string& token) {
    std::vector<std::pair<std::string, std::string>> fields{{"choice", std::to_string(choice)}};
    if (!token.empty()) fields.emplace_back("csrfmiddlewaretoken", token);
    auto client = site.client();
    return client.Post(path, headers, polls::test::form_body(fields),
                       "application/x-www-form-urlencoded");
  }
};

// A 403 CSRF page giving this reason, and no vote counted.
void check_refused(Fixture& f, const httplib::Result& res, std::string_view reason) {
  REQUIRE(res);
  CHECK(res->status == 403);
  const std::string text = polls::test::html_unescape(res->body);
  CHECK(text.find("Forbidden (403)") != std::string::npos);
  CHECK(text.find("CSRF verification failed. Request aborted.") != std::string::npos);
  CHECK(text.find("Reason: " + std::string(reason)) != std::string::npos);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(f.site.votes(f.choice) == 0);
}

}  // namespace

TEST_CASE("a POST without the CSRF cookie is refused with a page that explains") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  check_refused(f, f.post({}, csrf.token), "CSRF cookie not set.");
}

TEST_CASE("a POST with the cookie but no token is refused") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  check_refused(f, f.post(polls::test::cookie_headers(csrf), ""), "CSRF token missing.");
}

TEST_CASE("a POST whose token belongs to another cookie is refused") {
  Fixture f;
  const CsrfPair mine = f.site.csrf(f.question);
  const CsrfPair theirs = f.site.csrf(f.question);
  REQUIRE(mine.cookie != theirs.cookie);
  check_refused(f, f.post(polls::test::cookie_headers(mine), theirs.token),
                "CSRF token incorrect.");
}

TEST_CASE("a POST whose token has the wrong length is refused") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  check_refused(f, f.post(polls::test::cookie_headers(csrf), csrf.token.substr(0, 63)),
                "CSRF token has incorrect length.");
}

TEST_CASE("a POST whose token has characters outside [a-zA-Z0-9] is refused") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  std::string token = csrf.token;
  token[10] = '!';
  check_refused(f, f.post(polls::test::cookie_headers(csrf), token),
                "CSRF token has invalid characters.");
}

TEST_CASE("a POST with a cookie this site did not issue is refused even with a matching token") {
  Fixture f;
  // Well formed (32 alphanumerics) and with a token masking it, but its MAC is not ours: what a
  // sibling subdomain could plant.
  const CsrfPair planted{"abcdefghijklmnopnE3Hr1C9WYgHYuQl",
                         polls::security::mask_cipher_secret("abcdefghijklmnopnE3Hr1C9WYgHYuQl",
                                                             "ZYXWVUTSRQPONMLKJIHGFEDCBA987654")};
  check_refused(f, f.post(polls::test::cookie_headers(planted), planted.token),
                "CSRF cookie was not issued by this site.");
}

TEST_CASE("a POST with a malformed cookie is refused") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  check_refused(f, f.post({{"Cookie", "csrftoken=short"}}, csrf.token),
                "CSRF cookie has incorrect length.");
}

TEST_CASE("a POST from another site's Origin is refused") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  check_refused(
      f, f.post(polls::test::cookie_headers(csrf, {{"Origin", "http://evil.example"}}), csrf.token),
      "Origin checking failed - http://evil.example does not match any trusted origins.");
}

TEST_CASE("a POST from the same host on another port is refused") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  const std::string origin =
      "http://127.0.0.1:" + std::to_string(f.site.port() == 65535 ? 65534 : f.site.port() + 1);
  check_refused(f, f.post(polls::test::cookie_headers(csrf, {{"Origin", origin}}), csrf.token),
                "Origin checking failed - " + origin + " does not match any trusted origins.");
}

TEST_CASE("a POST with Origin null is refused") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  check_refused(f, f.post(polls::test::cookie_headers(csrf, {{"Origin", "null"}}), csrf.token),
                "Origin checking failed - null does not match any trusted origins.");
}

TEST_CASE("a POST whose Origin matches the Host is accepted") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  const auto res = f.post(
      polls::test::cookie_headers(csrf, {{"Origin", "http://" + f.site.host()}}), csrf.token);
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(f.site.votes(f.choice) == 1);
}

TEST_CASE("a POST whose token is the unmasked secret itself is accepted, as in Django") {
  Fixture f;
  const CsrfPair csrf = f.site.csrf(f.question);
  const auto res = f.post(polls::test::cookie_headers(csrf), csrf.cookie);
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(f.site.votes(f.choice) == 1);
}

TEST_CASE("a CSRF failure is logged as a warning with its reason") {
  Fixture f;
  const auto res = f.post({}, "");
  REQUIRE(res);
  REQUIRE(res->status == 403);
  const auto entry = f.site.wait_for_log([](const polls::test::LogEntry& e) {
    return e.count("msg") && e.at("msg") == "csrf failure";
  });
  REQUIRE(entry);
  CHECK(entry->at("level") == "warn");
  CHECK(entry->at("reason") == "CSRF cookie not set.");
  CHECK(entry->at("request_id") == res->get_header_value("X-Request-ID"));
}

TEST_CASE("the detail page sets the csrftoken cookie for the whole site, SameSite=Lax") {
  Fixture f;
  auto client = f.site.client();
  const auto res = client.Get("/polls/" + std::to_string(f.question) + "/");
  REQUIRE(res);
  REQUIRE(res->get_header_value_count("Set-Cookie") == 1);
  const std::string cookie = res->get_header_value("Set-Cookie");
  CAPTURE(cookie);
  const auto value = polls::test::csrftoken_of(cookie);
  REQUIRE(value);
  CHECK(value->size() == 32);
  CHECK(cookie.find("; Path=/") != std::string::npos);
  CHECK(cookie.find("; SameSite=Lax") != std::string::npos);
  CHECK(cookie.find("; Max-Age=31449600") != std::string::npos);
  // Django's default: JavaScript may read it to send X-CSRFToken; and no Secure over plain HTTP.
  CHECK(cookie.find("HttpOnly") == std::string::npos);
  CHECK(cookie.find("Secure") == std::string::npos);
  // The page depends on the cookie.
  CHECK(res->get_header_value("Vary").find("Cookie") != std::string::npos);
  CHECK(res->get_header_value("Cache-Control").find("private") != std::string::npos);
}

TEST_CASE("a GET with a valid csrftoken cookie keeps it and gets a fresh mask of it") {
  Fixture f;
  const CsrfPair first = f.site.csrf(f.question);
  auto client = f.site.client();
  const auto res =
      client.Get("/polls/" + std::to_string(f.question) + "/", polls::test::cookie_headers(first));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK_FALSE(res->has_header("Set-Cookie"));
  // A new mask on every page (BREACH), and either token works with the cookie.
  CHECK(res->body.find(first.token) == std::string::npos);
  const auto vote = f.post(polls::test::cookie_headers(first), first.token);
  REQUIRE(vote);
  CHECK(vote->status == 302);
}

TEST_CASE("a GET with a csrftoken cookie this site did not issue replaces it") {
  Fixture f;
  auto client = f.site.client();
  const auto res = client.Get("/polls/" + std::to_string(f.question) + "/",
                              {{"Cookie", "csrftoken=abcdefghijklmnopnE3Hr1C9WYgHYuQl"}});
  REQUIRE(res);
  const auto cookie = polls::test::csrftoken_of(res->get_header_value("Set-Cookie"));
  REQUIRE(cookie);
  CHECK(*cookie != "abcdefghijklmnopnE3Hr1C9WYgHYuQl");
}

TEST_CASE("PUT, PATCH and DELETE are guarded like POST") {
  polls::test::SiteOptions options;
  options.routes = [](polls::http::Router& router) {
    for (const char* method : {"PUT", "PATCH", "DELETE"}) {
      router.add(method, "/thing/",
                 [](const httplib::Request&, httplib::Response& res, const polls::http::Params&) {
                   res.set_content("changed\n", "text/plain");
                 });
    }
  };
  TestSite site(options);
  const auto question = site.create_question("Q?", days{-1});
  const CsrfPair csrf = site.csrf(question);
  auto client = site.client();
  for (const char* method : {"PUT", "PATCH", "DELETE"}) {
    CAPTURE(method);
    httplib::Request refused;
    refused.method = method;
    refused.path = "/thing/";
    const auto no_token = client.send(refused);
    REQUIRE(no_token);
    CHECK(no_token->status == 403);
    CHECK(no_token->body.find("changed") == std::string::npos);

    httplib::Request allowed;
    allowed.method = method;
    allowed.path = "/thing/";
    allowed.headers = polls::test::cookie_headers(csrf, {{"X-CSRFToken", csrf.token}});
    const auto with_token = client.send(allowed);
    REQUIRE(with_token);
    CHECK(with_token->status == 200);
    CHECK(with_token->body == "changed\n");
  }
}
