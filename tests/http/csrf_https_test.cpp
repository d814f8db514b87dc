// CSRF behind an HTTPS proxy (trust_x_forwarded_proto): the cookie turns Secure, Origin must be
// https://<host> or a trusted origin, and without an Origin the Referer must be an https:// page
// of this site, as in Django's HTTPS checks. X-Forwarded-Proto counts only when trusted.
#include <doctest/doctest.h>

#include <string>

#include "http/support.hpp"

using polls::test::CsrfPair;
using polls::test::SiteOptions;
using polls::test::TestSite;

namespace {

SiteOptions behind_https_proxy() {
  SiteOptions options;
  options.trust_x_forwarded_proto = true;
  options.csrf_trusted_origins = {"https://*.example.com"};
  return options;
}

struct Fixture {
  explicit Fixture(SiteOptions options = behind_https_proxy()) : site(std::move(options)) {}
  TestSite site;
  std::int64_t question = site.create_question("What's up?", std::chrono::days{-1});
  std::int64_t choice = site.create_choice(question, "Not much");
  CsrfPair csrf = site.csrf(question);

  // A vote with a valid cookie and token, sent "over HTTPS" with these extra headers.
  httplib::Result post(httplib::Headers extra) {
    extra.emplace("X-Forwarded-Proto", "https");
    auto client = site.client();
    return client.Post("/polls/" + std::to_string(question) + "/vote/",
                       polls::test::cookie_headers(csrf, std::move(extra)),
                       polls::test::form_body({{"csrfmiddlewaretoken", csrf.token},
                                               {"choice", std::to_string(choice)}}),
                       "application/x-www-form-urlencoded");
  }

  void check_refused(const httplib::Result& res, const std::string& reason) {
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(polls::test::html_unescape(res->body).find("Reason: " + reason) != std::string::npos);
    CHECK(site.votes(choice) == 0);
  }

  void check_accepted(const httplib::Result& res) {
    REQUIRE(res);
    CHECK(res->status == 302);
    CHECK(site.votes(choice) == 1);
  }
};

}  // namespace

TEST_CASE("behind a trusted HTTPS proxy the csrftoken cookie is Secure") {
  TestSite site(behind_https_proxy());
  const auto question = site.create_question("Q?", std::chrono::days{-1});
  auto client = site.client();
  const auto res =
      client.Get("/polls/" + std::to_string(question) + "/", {{"X-Forwarded-Proto", "https"}});
  REQUIRE(res);
  CHECK(res->get_header_value("Set-Cookie").find("; Secure") != std::string::npos);
}

TEST_CASE("X-Forwarded-Proto is ignored unless the proxy is trusted") {
  TestSite site;
  const auto question = site.create_question("Q?", std::chrono::days{-1});
  auto client = site.client();
  const auto res =
      client.Get("/polls/" + std::to_string(question) + "/", {{"X-Forwarded-Proto", "https"}});
  REQUIRE(res);
  CHECK(res->get_header_value("Set-Cookie").find("Secure") == std::string::npos);
}

TEST_CASE("a POST over HTTPS without Origin or Referer is refused") {
  Fixture f;
  f.check_refused(f.post({}), "Referer checking failed - no Referer.");
}

TEST_CASE("a POST over HTTPS from a plain http:// page is refused") {
  Fixture f;
  f.check_refused(f.post({{"Referer", "http://" + f.site.host() + "/polls/1/"}}),
                  "Referer checking failed - Referer is insecure while host is secure.");
}

TEST_CASE("a POST over HTTPS with a malformed Referer is refused") {
  Fixture f;
  f.check_refused(f.post({{"Referer", "not a url"}}),
                  "Referer checking failed - Referer is malformed.");
}

TEST_CASE("a POST over HTTPS from another site's page is refused") {
  Fixture f;
  f.check_refused(f.post({{"Referer", "https://evil.example/polls/1/"}}),
                  "Referer checking failed - https://evil.example/polls/1/ does not match any "
                  "trusted origins.");
}

TEST_CASE("a POST over HTTPS from a page of this site is accepted") {
  Fixture f;
  f.check_accepted(f.post({{"Referer", "https://" + f.site.host() + "/polls/1/"}}));
}

TEST_CASE("a POST over HTTPS with the https Origin of this host is accepted") {
  Fixture f;
  f.check_accepted(f.post({{"Origin", "https://" + f.site.host()}}));
}

TEST_CASE("a POST over HTTPS with the http Origin of this host is refused") {
  Fixture f;
  const std::string origin = "http://" + f.site.host();
  f.check_refused(f.post({{"Origin", origin}}),
                  "Origin checking failed - " + origin + " does not match any trusted origins.");
}

TEST_CASE("a POST from an Origin in csrf_trusted_origins is accepted") {
  Fixture f;
  f.check_accepted(f.post({{"Origin", "https://app.example.com"}}));
}

TEST_CASE("a POST from an Origin that only ends like a trusted one is refused") {
  Fixture f;
  f.check_refused(f.post({{"Origin", "https://evilexample.com"}}),
                  "Origin checking failed - https://evilexample.com does not match any trusted "
                  "origins.");
}
