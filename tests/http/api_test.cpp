// The JSON API: the list's and the detail's exact shape, pagination, 404s as JSON, methods
// (HEAD, OPTIONS preflight, 405), CORS headers, and hostile text that must stay valid JSON.
// Results visibility and caching: api_visibility_test.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "http/api_client.hpp"

using polls::polls_app::QuestionRules;
using polls::polls_app::ResultsShown;
using polls::polls_app::Voters;
using polls::test::get_json;
using polls::test::JsonResponse;
using polls::test::TestSite;
using std::chrono::days;
using std::chrono::hours;

namespace {

const std::vector<std::string> kQuestionKeys{"id",     "question_text", "pub_date",
                                             "url",    "page_url",      "closes_at",
                                             "closed", "voters",        "results"};

void check_json_headers(const JsonResponse& res) {
  CHECK(res.header("Content-Type") == "application/json; charset=utf-8");
  CHECK(res.header("Access-Control-Allow-Origin") == "*");
  CHECK(res.header("Access-Control-Expose-Headers") == "ETag");
  CHECK(res.header("X-Content-Type-Options") == "nosniff");
}

void check_not_found(TestSite& site, const std::string& path, const std::string& detail) {
  INFO("path: ", path);
  const JsonResponse res = get_json(site, path);
  CHECK(res.status == 404);
  check_json_headers(res);
  CHECK(res.body == R"({"detail":")" + detail + R"("})");
}

}  // namespace

TEST_CASE("the API lists published questions newest first, each with its fields in order") {
  TestSite site;
  const std::int64_t older = site.create_question("Older?", -days{2});
  const std::int64_t newer = site.create_question("Newer?", -hours{1});
  site.create_question("Future?", hours{1});
  QuestionRules rules;
  rules.voters = Voters::OncePerBrowser;
  rules.results = ResultsShown::AfterClose;
  rules.closes_at = polls::test::kNow + days{1};
  polls::test::set_rules(site, newer, rules);

  const JsonResponse res = get_json(site, "/api/polls/");
  CHECK(res.status == 200);
  check_json_headers(res);
  CHECK(res.header("Cache-Control") == "no-cache");
  CHECK(res.header("ETag").size() == 22);
  CHECK(res.json.keys() == std::vector<std::string>{"count", "next", "previous", "results"});
  CHECK(res.json["count"].integer() == 2);
  CHECK(res.json["next"].is_null());
  CHECK(res.json["previous"].is_null());
  const auto& results = res.json["results"].array();
  REQUIRE(results.size() == 2);
  CHECK(results[0].keys() == kQuestionKeys);
  CHECK(results[0]["id"].integer() == newer);
  CHECK(results[0]["question_text"].string() == "Newer?");
  CHECK(results[0]["pub_date"].string() == "2026-07-14T09:30:45+00:00");
  CHECK(results[0]["url"].string() == "/api/polls/" + std::to_string(newer) + "/");
  CHECK(results[0]["page_url"].string() == "/polls/" + std::to_string(newer) + "/");
  CHECK(results[0]["closes_at"].string() == "2026-07-15T10:30:45+00:00");
  CHECK_FALSE(results[0]["closed"].boolean());
  CHECK(results[0]["voters"].string() == "browser");
  CHECK(results[0]["results"].string() == "closed");
  CHECK(results[1]["id"].integer() == older);
  CHECK(results[1]["closes_at"].is_null());
  CHECK(results[1]["voters"].string() == "anyone");
  CHECK(results[1]["results"].string() == "always");
}

TEST_CASE("pub_date and closes_at are written in the site's time zone, with its offset") {
  polls::test::SiteOptions options;
  options.time_zone = "America/New_York";
  TestSite site(options);
  site.create_question("Zoned?", -hours{1});
  const JsonResponse res = get_json(site, "/api/polls/");
  CHECK(res.json["results"][0]["pub_date"].string() == "2026-07-14T05:30:45-04:00");
}

TEST_CASE("the list pages twenty questions at a time, with links to the next and previous") {
  TestSite site;
  for (int i = 0; i < 25; ++i) site.create_question("Q" + std::to_string(i), -hours{i + 1});

  const JsonResponse first = get_json(site, "/api/polls/");
  CHECK(first.json["count"].integer() == 25);
  CHECK(first.json["next"].string() == "/api/polls/?page=2");
  CHECK(first.json["previous"].is_null());
  REQUIRE(first.json["results"].array().size() == 20);
  CHECK(first.json["results"][0]["question_text"].string() == "Q0");
  CHECK(first.json["results"][19]["question_text"].string() == "Q19");

  const JsonResponse second = get_json(site, first.json["next"].string());
  CHECK(second.status == 200);
  CHECK(second.json["count"].integer() == 25);
  CHECK(second.json["next"].is_null());
  CHECK(second.json["previous"].string() == "/api/polls/");
  REQUIRE(second.json["results"].array().size() == 5);
  CHECK(second.json["results"][0]["question_text"].string() == "Q20");
  CHECK(second.json["results"][4]["question_text"].string() == "Q24");

  CHECK(get_json(site, "/api/polls/?page=1").body == first.body);
  for (const char* page : {"0", "3", "abc", "-1", "", "1.0", "99999999999999999999"}) {
    check_not_found(site, std::string("/api/polls/?page=") + page, "Invalid page.");
  }
}

TEST_CASE("with no published question the list is one empty page") {
  TestSite site;
  site.create_question("Future?", days{1});
  const JsonResponse res = get_json(site, "/api/polls/");
  CHECK(res.status == 200);
  CHECK(res.body == R"({"count":0,"next":null,"previous":null,"results":[]})");
  check_not_found(site, "/api/polls/?page=2", "Invalid page.");
}

TEST_CASE("a question's detail has its fields, its choices with votes, and the total") {
  TestSite site;
  const std::int64_t id = site.create_question("What's up?", -days{1});
  const std::int64_t first = site.create_choice(id, "Not much", 2);
  const std::int64_t second = site.create_choice(id, "The sky", 5);
  const JsonResponse res = get_json(site, "/api/polls/" + std::to_string(id) + "/");
  CHECK(res.status == 200);
  check_json_headers(res);
  CHECK(res.header("Cache-Control") == "no-cache");
  CHECK(res.header("Vary").empty());
  const std::string ids = std::to_string(id);
  CHECK(res.body ==
        R"({"id":)" + ids +
            R"(,"question_text":"What's up?","pub_date":"2026-07-13T10:30:45+00:00",)"
            R"("url":"/api/polls/)" +
            ids + R"(/","page_url":"/polls/)" + ids +
            R"(/","closes_at":null,"closed":false,"voters":"anyone","results":"always",)"
            R"("results_visible":true,"choices":[{"id":)" +
            std::to_string(first) + R"(,"choice_text":"Not much","votes":2},{"id":)" +
            std::to_string(second) + R"(,"choice_text":"The sky","votes":5}],"total_votes":7})");
}

TEST_CASE("an unknown or future question is a JSON 404") {
  TestSite site;
  const std::int64_t future = site.create_question("Future?", days{1});
  check_not_found(site, "/api/polls/" + std::to_string(future) + "/", "Not found.");
  check_not_found(site, "/api/polls/" + std::to_string(future + 1000) + "/", "Not found.");
}

TEST_CASE("unknown API paths and methods the API does not allow are answered in JSON" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  check_not_found(site, "/api/", "Not found.");
  check_not_found(site, "/api/nothing/", "Not found.");
  check_not_found(site, "/api/polls/abc/", "Not found.");
  auto client = site.client();
  for (const std::string path : {"/api/polls/", "/api/polls/1/"}) {
    INFO("path: ", path);
    const auto post = client.Post(path, "{}", "application/json");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->get_header_value("Allow") == "GET, HEAD, OPTIONS");
    CHECK(post->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(post->body == R"({"detail":"Method \"POST\" not allowed."})");
    const auto del = client.Delete(path);
    REQUIRE(del);
    CHECK(del->status == 405);
    CHECK(del->body == R"({"detail":"Method \"DELETE\" not allowed."})");
    const auto put = client.Put(path, "{}", "application/json");
    REQUIRE(put);
    CHECK(put->status == 405);
  }
  // A path without its slash is redirected, as every other page is.
  const auto bare = client.Get("/api/polls");
  REQUIRE(bare);
  CHECK(bare->status == 301);
  CHECK(bare->get_header_value("Location") == "/api/polls/");
}

TEST_CASE("OPTIONS is the CORS preflight: any origin may GET with If-None-Match for a day" *
          doctest::test_suite("sqlite_only")) {
  TestSite site;
  auto client = site.client();
  for (const std::string path : {"/api/polls/", "/api/polls/1/"}) {
    INFO("path: ", path);
    const auto res = client.Options(path, {{"Origin", "https://elsewhere.example"},
                                           {"Access-Control-Request-Method", "GET"},
                                           {"Access-Control-Request-Headers", "if-none-match"}});
    REQUIRE(res);
    CHECK(res->status == 204);
    CHECK(res->body.empty());
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    CHECK(res->get_header_value("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS");
    CHECK(res->get_header_value("Access-Control-Allow-Headers") == "If-None-Match");
    CHECK(res->get_header_value("Access-Control-Max-Age") == "86400");
    CHECK(res->get_header_value("Allow") == "GET, HEAD, OPTIONS");
    CHECK_FALSE(res->has_header("Access-Control-Allow-Credentials"));
  }
}

TEST_CASE("HEAD answers the GET's headers without the body") {
  TestSite site;
  const std::int64_t id = site.create_question("What's up?", -days{1});
  site.create_choice(id, "Not much", 1);
  auto client = site.client();
  const std::string path = "/api/polls/" + std::to_string(id) + "/";
  const auto get = client.Get(path);
  const auto head = client.Head(path);
  REQUIRE(get);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  CHECK(head->get_header_value("ETag") == get->get_header_value("ETag"));
  CHECK(head->get_header_value("Content-Type") == "application/json; charset=utf-8");
  CHECK(head->get_header_value("Content-Length") == std::to_string(get->body.size()));
  CHECK(head->get_header_value("Access-Control-Allow-Origin") == "*");
}

TEST_CASE("hostile question and choice text comes back unchanged in valid JSON") {
  TestSite site;
  const std::vector<std::string> hostile{
      R"(He said "hi" \ and left\n)",
      "</script><script>alert(1)</script>",
      "tab\there, bell\x07, escape\x1b, delete\x7f",
      "line\u2028separator\u2029paragraph",
      "\u202Egnp.exe \U0001F600 caf\u00E9 \u6295\u7968",
      "{\"detail\":\"Not found.\"}",
  };
  for (const std::string& text : hostile) {
    INFO("text: ", text);
    const std::int64_t id = site.create_question(text, -days{1});
    site.create_choice(id, text + " A");
    const JsonResponse detail = get_json(site, "/api/polls/" + std::to_string(id) + "/");
    CHECK(detail.status == 200);
    CHECK(detail.json["question_text"].string() == text);
    CHECK(detail.json["choices"][0]["choice_text"].string() == text + " A");
    // Raw control characters and line separators never reach the body.
    CHECK(std::none_of(detail.body.begin(), detail.body.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
    CHECK(detail.body.find("\u2028") == std::string::npos);
  }
  const JsonResponse list = get_json(site, "/api/polls/");
  REQUIRE(list.json["results"].array().size() == hostile.size());
  CHECK(list.json["results"][0]["question_text"].string() == hostile.back());
}
