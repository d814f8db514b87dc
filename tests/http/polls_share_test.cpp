// The question page's share link and QR code: the address the visitor used, over the scheme they
// used, and nothing for a Host that is not a plain host.
#include <doctest/doctest.h>

#include "http/support.hpp"
#include "render/qr_svg.hpp"
#include "text/qr_code.hpp"

using polls::test::TestSite;

namespace {

httplib::Result detail(TestSite& site, std::int64_t id, httplib::Headers headers) {
  return site.client().Get("/polls/" + std::to_string(id) + "/", headers);
}

}  // namespace

TEST_CASE("the question page shows its share link and the QR code of exactly that link") {
  TestSite site;
  const auto id = site.create_question("Share me?", std::chrono::days{-1});
  const auto res = detail(site, id, {});
  REQUIRE(res);
  const std::string url = "http://" + site.host() + "/polls/" + std::to_string(id) + "/";
  CHECK(res->body.find(R"(<a href=")" + url + R"(" class="share-link">)" + url + "</a>") !=
        std::string::npos);
  const std::string svg = polls::render::qr_svg(polls::text::qr::encode(url), "QR code of " + url);
  CHECK(res->body.find(svg) != std::string::npos);
  CHECK(res->body.find(R"(<h2 id="share-heading">Share this poll</h2>)") != std::string::npos);
}

TEST_CASE("the share link follows the Host the visitor used, and HTTPS behind a trusted proxy") {
  polls::test::SiteOptions options;
  options.trust_x_forwarded_proto = true;
  TestSite site(options);
  const auto id = site.create_question("Share me?", std::chrono::days{-1});
  const std::string path = "/polls/" + std::to_string(id) + "/";
  auto res = detail(site, id, {{"Host", "polls.example.com"}, {"X-Forwarded-Proto", "https"}});
  CHECK(res->body.find("https://polls.example.com" + path) != std::string::npos);
  res = detail(site, id, {{"Host", "[2001:db8::1]:8443"}});
  CHECK(res->body.find("http://[2001:db8::1]:8443" + path) != std::string::npos);
}

TEST_CASE("a Host that is not a plain host gets no share link, and the page still works") {
  TestSite site;
  const auto id = site.create_question("Share me?", std::chrono::days{-1});
  for (const std::string host :
       {"evil.example/phish?x=", "a b", "host:port", "[::1", "x:123456", "user@evil.example"}) {
    INFO("host: ", host);
    const auto res = detail(site, id, {{"Host", host}});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body.find("Share this poll") == std::string::npos);
    CHECK(res->body.find("qr-code") == std::string::npos);
  }
}
