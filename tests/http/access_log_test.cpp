// The access log: one JSON object per request with the fields operators need (time, level,
// method, path, status, bytes, duration, remote address, request id), and nothing a user
// submitted: no form values, no CSRF token or cookie, no query string.
#include <doctest/doctest.h>

#include <string>

#include "http/support.hpp"

using polls::test::LogEntry;
using polls::test::TestSite;

namespace {

bool is_number(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos;
}

}  // namespace

TEST_CASE("each request is logged as one JSON object with the fields operators need") {
  TestSite site;
  site.create_question("Q?", std::chrono::days{-1});
  auto client = site.client();
  const auto res = client.Get("/polls/", {{"X-Request-ID", "log-1"}});
  REQUIRE(res);
  REQUIRE(res->status == 200);

  const auto entry = site.access_log("log-1");
  REQUIRE(entry);
  CHECK(entry->at("level") == "info");
  CHECK(entry->at("msg") == "request");
  CHECK(entry->at("method") == "GET");
  CHECK(entry->at("path") == "/polls/");
  CHECK(entry->at("status") == "200");
  CHECK(entry->at("bytes") == std::to_string(res->body.size()));
  CHECK(is_number(entry->at("duration_ms")));
  CHECK(entry->at("remote") == "127.0.0.1");
  // "2026-07-14T10:30:45.123Z": the wall clock in UTC, to the millisecond.
  const std::string time = entry->at("time");
  CHECK(time.size() == 24);
  CHECK(time[10] == 'T');
  CHECK(time.back() == 'Z');
}

TEST_CASE("every log line is a JSON object, and each request has exactly one access line" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  const char* ids[] = {"one-1", "two-2", "three-3"};
  const char* paths[] = {"/", "/nope/", "/polls"};
  for (int i = 0; i < 3; ++i) REQUIRE(client.Get(paths[i], {{"X-Request-ID", ids[i]}}));
  for (const char* id : ids) REQUIRE(site.access_log(id));

  int access = 0;
  for (const std::string& line : site.log_lines()) {
    CAPTURE(line);
    const auto entry = polls::test::parse_json_object(line);
    REQUIRE(entry);
    if (entry->count("msg") && entry->at("msg") == "request") ++access;
  }
  CHECK(access == 3);
  CHECK(site.access_log("two-2")->at("status") == "404");
  CHECK(site.access_log("three-3")->at("status") == "301");
}

TEST_CASE("the access log holds no form values, CSRF token or cookie") {
  TestSite site;
  const auto question = site.create_question("Q?", std::chrono::days{-1});
  const auto choice = site.create_choice(question, "Yes");
  const auto csrf = site.csrf(question);
  auto client = site.client();
  const auto res = client.Post("/polls/" + std::to_string(question) + "/vote/",
                               polls::test::cookie_headers(csrf, {{"X-Request-ID", "vote-1"}}),
                               polls::test::form_body({{"csrfmiddlewaretoken", csrf.token},
                                                       {"choice", std::to_string(choice)},
                                                       {"comment", "private-remark"}}),
                               "application/x-www-form-urlencoded");
  REQUIRE(res);
  REQUIRE(res->status == 302);
  const auto entry = site.access_log("vote-1");
  REQUIRE(entry);
  CHECK(entry->at("method") == "POST");
  CHECK(entry->at("status") == "302");
  CHECK(entry->count("choice") == 0);
  for (const std::string& line : site.log_lines()) {
    CAPTURE(line);
    CHECK(line.find(csrf.token) == std::string::npos);
    CHECK(line.find(csrf.cookie) == std::string::npos);
    CHECK(line.find("choice=") == std::string::npos);
    CHECK(line.find("\"choice\"") == std::string::npos);
    CHECK(line.find("private-remark") == std::string::npos);
  }
}

TEST_CASE("the access log leaves out the query string") {
  TestSite site;
  auto client = site.client();
  REQUIRE(client.Get("/polls/?token=hunter2&email=a%40b.example", {{"X-Request-ID", "query-1"}}));
  const auto entry = site.access_log("query-1");
  REQUIRE(entry);
  CHECK(entry->at("path") == "/polls/");
  for (const std::string& line : site.log_lines()) {
    CAPTURE(line);
    CHECK(line.find("hunter2") == std::string::npos);
    CHECK(line.find("b.example") == std::string::npos);
  }
}

TEST_CASE("refused and failed requests are logged with their status") {
  TestSite site;
  const auto question = site.create_question("Q?", std::chrono::days{-1});
  auto client = site.client();
  REQUIRE(client.Post("/polls/" + std::to_string(question) + "/vote/", {{"X-Request-ID", "csrf-1"}},
                      "choice=1", "application/x-www-form-urlencoded"));
  REQUIRE(client.Get("/polls/" + std::to_string(question) + "/vote/", {{"X-Request-ID", "get-1"}}));
  const auto refused = site.access_log("csrf-1");
  REQUIRE(refused);
  CHECK(refused->at("status") == "403");
  const auto wrong_method = site.access_log("get-1");
  REQUIRE(wrong_method);
  CHECK(wrong_method->at("status") == "405");
}

TEST_CASE("a request id with control characters cannot forge a log line" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  polls::test::RawConnection connection(site.port());
  connection.send("GET /healthz HTTP/1.1\r\nHost: " + site.host() +
                  "\r\nX-Request-ID: x%0A{\"level\":\"error\"}\r\nConnection: close\r\n\r\n");
  const auto res = connection.read_response();
  REQUIRE(res);
  const std::string id = res->header("X-Request-ID").value_or("");
  REQUIRE(site.access_log(id));
  for (const std::string& line : site.log_lines()) {
    CAPTURE(line);
    CHECK(polls::test::parse_json_object(line).has_value());
  }
}
