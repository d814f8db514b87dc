// Failures and how they reach the user: exceptions from a view become a 500 page that hides the
// detail but logs it with the request id; db::Unavailable a 503 with Retry-After; bodies over the
// limit a 413 (announced with Expect: 100-continue or not, chunked or not); malformed requests a
// 400 after which the server keeps serving; HTTP/1.0 clients get their connection closed.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "db/errors.hpp"
#include "http/errors.hpp"
#include "http/support.hpp"

using polls::test::LogEntry;
using polls::test::RawConnection;
using polls::test::SiteOptions;
using polls::test::TestSite;

namespace {

using Req = const httplib::Request&;
using Res = httplib::Response&;
using P = const polls::http::Params&;

SiteOptions failing_routes() {
  SiteOptions options;
  options.max_body_bytes = 4096;
  options.routes = [](polls::http::Router& router) {
    router.add("GET", "/boom", [](Req, Res, P) { throw std::runtime_error("secret detail"); });
    router.add("GET", "/half", [](Req, Res res, P) {
      res.set_content("half-written secret", "text/plain");
      throw std::logic_error("late failure");
    });
    router.add("GET", "/odd", [](Req, Res, P) { throw 42; });
    router.add("GET", "/locked",
               [](Req, Res, P) { throw polls::db::Unavailable("database is locked"); });
    router.add("GET", "/bad", [](Req, Res, P) { throw polls::http::BadRequest("no such thing"); });
  };
  return options;
}

struct Vote {
  std::string path;
  std::string cookie;
  std::string body;
};

// A vote request ready to send by hand: its path, Cookie header value and body.
Vote prepare_vote(TestSite& site) {
  const auto question = site.create_question("Q?", std::chrono::days{-1});
  const auto choice = site.create_choice(question, "Yes");
  const auto csrf = site.csrf(question);
  return {"/polls/" + std::to_string(question) + "/vote/", "csrftoken=" + csrf.cookie,
          polls::test::form_body(
              {{"csrfmiddlewaretoken", csrf.token}, {"choice", std::to_string(choice)}})};
}

std::string post_head(TestSite& site, const Vote& vote, std::size_t length,
                      std::string_view extra) {
  return "POST " + vote.path + " HTTP/1.1\r\nHost: " + site.host() + "\r\nCookie: " + vote.cookie +
         "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
         std::to_string(length) + "\r\n" + std::string(extra) + "\r\n";
}

}  // namespace

TEST_CASE(
    "an exception in a view answers a 500 page that hides the detail and shows the request id" *
    doctest::test_suite("sqlite_only")) {
  TestSite site(failing_routes());
  auto client = site.client();
  const auto res = client.Get("/boom");
  REQUIRE(res);
  CHECK(res->status == 500);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(res->body.find("secret detail") == std::string::npos);
  CHECK(res->body.find("Server Error (500)") != std::string::npos);
  const std::string id = res->get_header_value("X-Request-ID");
  REQUIRE_FALSE(id.empty());
  CHECK(res->body.find(id) != std::string::npos);
}

TEST_CASE("an exception in a view is logged as an error with its message and the request id" *
          doctest::test_suite("sqlite_only")) {
  TestSite site(failing_routes());
  auto client = site.client();
  const auto res = client.Get("/boom", {{"X-Request-ID", "boom-1"}});
  REQUIRE(res);
  REQUIRE(res->status == 500);
  const auto entry = site.wait_for_log([](const LogEntry& e) {
    return e.count("level") && e.at("level") == "error" && e.count("request_id") &&
           e.at("request_id") == "boom-1";
  });
  REQUIRE(entry);
  CHECK(entry->at("msg") == "internal error");
  CHECK(entry->at("error") == "secret detail");
  CHECK(entry->at("path") == "/boom");
}

TEST_CASE("a view that wrote part of a body before failing sends none of it" *
          doctest::test_suite("sqlite_only")) {
  TestSite site(failing_routes());
  auto client = site.client();
  const auto res = client.Get("/half");
  REQUIRE(res);
  CHECK(res->status == 500);
  CHECK(res->body.find("half-written") == std::string::npos);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
}

TEST_CASE("a view that throws something that is not an exception answers 500" *
          doctest::test_suite("sqlite_only")) {
  TestSite site(failing_routes());
  auto client = site.client();
  const auto res = client.Get("/odd");
  REQUIRE(res);
  CHECK(res->status == 500);
  CHECK(res->body.find("Server Error (500)") != std::string::npos);
}

TEST_CASE("an unavailable database answers 503 with Retry-After" *
          doctest::test_suite("sqlite_only")) {
  TestSite site(failing_routes());
  auto client = site.client();
  const auto res = client.Get("/locked");
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(res->get_header_value("Retry-After") == "5");
  CHECK(res->body.find("Service Unavailable (503)") != std::string::npos);
  CHECK(res->body.find("database is locked") == std::string::npos);
}

TEST_CASE("a BadRequest from a view answers 400" * doctest::test_suite("sqlite_only")) {
  TestSite site(failing_routes());
  auto client = site.client();
  const auto res = client.Get("/bad");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(res->body.find("Bad Request (400)") != std::string::npos);
}

TEST_CASE("a body over max_body_bytes is refused with 413 (the client announces it with Expect)") {
  TestSite site(failing_routes());
  const Vote vote = prepare_vote(site);
  auto client = site.client();
  const auto res = client.Post(vote.path, {{"Cookie", vote.cookie}},
                               vote.body + "&pad=" + std::string(6000, 'a'),
                               "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(res->body.find("Payload Too Large (413)") != std::string::npos);
}

TEST_CASE("a body over max_body_bytes sent without Expect is refused with 413") {
  TestSite site(failing_routes());
  const Vote vote = prepare_vote(site);
  const std::string body = vote.body + "&pad=" + std::string(6000, 'a');
  RawConnection connection(site.port());
  connection.send(post_head(site, vote, body.size(), "") + body);
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(res->body.find("Payload Too Large (413)") != std::string::npos);
}

TEST_CASE("a body of exactly max_body_bytes is accepted") {
  TestSite site(failing_routes());
  const Vote vote = prepare_vote(site);
  const std::string prefix = vote.body + "&pad=";
  const std::string body = prefix + std::string(4096 - prefix.size(), 'a');
  REQUIRE(body.size() == 4096);
  auto client = site.client();
  const auto res =
      client.Post(vote.path, {{"Cookie", vote.cookie}}, body, "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 302);
}

TEST_CASE("a chunked body over max_body_bytes is refused with 413") {
  TestSite site(failing_routes());
  const Vote vote = prepare_vote(site);
  RawConnection connection(site.port());
  std::string request = "POST " + vote.path + " HTTP/1.1\r\nHost: " + site.host() +
                        "\r\nCookie: " + vote.cookie +
                        "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 6; ++i) request += "400\r\n" + std::string(1024, 'a') + "\r\n";
  request += "0\r\n\r\n";
  connection.send(request);
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK(res->status == 413);
}

TEST_CASE("Expect: 100-continue with a small body gets 100 Continue, then the response") {
  TestSite site(failing_routes());
  const Vote vote = prepare_vote(site);
  RawConnection connection(site.port());
  connection.send(post_head(site, vote, vote.body.size(), "Expect: 100-continue\r\n"));
  const auto interim = connection.read_response();
  REQUIRE(interim);
  CHECK(interim->status == 100);
  connection.send(vote.body);
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK(res->status == 302);
}

TEST_CASE("Expect: 100-continue with a body over the limit gets 413 before sending it") {
  TestSite site(failing_routes());
  const Vote vote = prepare_vote(site);
  RawConnection connection(site.port());
  connection.send(post_head(site, vote, 100000, "Expect: 100-continue\r\n"));
  // No body is sent: the answer must come from the headers alone.
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(res->header("X-Content-Type-Options") == "nosniff");
  CHECK(res->body.find("Payload Too Large (413)") != std::string::npos);
  CHECK(connection.closed_by_server());
}

TEST_CASE("a malformed request line is answered 400 and the server keeps serving") {
  TestSite site;
  for (const char* line : {"GARBAGE\r\n\r\n", "GET /polls/ HTTP/1.1 extra\r\n\r\n", "GET\r\n\r\n",
                           "GET /polls/ HTTP/9.9\r\nHost: x\r\n\r\n"}) {
    CAPTURE(line);
    RawConnection connection(site.port());
    connection.send(line);
    const auto res = connection.read_response();
    REQUIRE(res);
    CHECK(res->status == 400);
  }
  auto client = site.client();
  const auto after = client.Get("/polls/");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("a request with hundreds of headers is refused and the server keeps serving") {
  TestSite site;
  RawConnection connection(site.port());
  std::string request = "GET /polls/ HTTP/1.1\r\nHost: " + site.host() + "\r\n";
  for (int i = 0; i < 500; ++i) request += "X-Filler-" + std::to_string(i) + ": x\r\n";
  connection.send(request + "\r\n");
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK(res->status >= 400);
  CHECK(res->status < 500);
  auto client = site.client();
  const auto after = client.Get("/polls/");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("an HTTP/1.0 request gets a response and then the connection is closed") {
  TestSite site;
  RawConnection connection(site.port());
  connection.send("GET /polls/ HTTP/1.0\r\n\r\n");
  const auto res = connection.read_response();
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.find("No polls are available.") != std::string::npos);
  CHECK(connection.closed_by_server());
}
