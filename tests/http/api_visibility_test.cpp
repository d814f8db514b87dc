// The JSON API under a question's results rules (after a vote, with the voter cookie the vote
// set; after closing, on a clock the test moves), and its caching: ETag, If-None-Match and 304,
// an ETag that changes with the counts, and Vary: Cookie where the body depends on the voter.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "http/api_client.hpp"

using polls::polls_app::QuestionRules;
using polls::polls_app::ResultsShown;
using polls::test::get_json;
using polls::test::JsonResponse;
using polls::test::TestSite;
using std::chrono::days;
using std::chrono::hours;

namespace {

struct Poll {
  std::int64_t question = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;
  std::string path;
};

Poll make_poll(TestSite& site) {
  Poll poll;
  poll.question = site.create_question("What's up?", -days{1});
  poll.first = site.create_choice(poll.question, "Not much", 2);
  poll.second = site.create_choice(poll.question, "The sky", 3);
  poll.path = "/api/polls/" + std::to_string(poll.question) + "/";
  return poll;
}

void check_hidden(const JsonResponse& res, const std::string& reason) {
  CHECK(res.status == 200);
  CHECK_FALSE(res.json["results_visible"].boolean());
  CHECK(res.json["results_hidden_reason"].string() == reason);
  CHECK_FALSE(res.json.has("total_votes"));
  for (const auto& choice : res.json["choices"].array()) {
    CHECK(choice.keys() == std::vector<std::string>{"id", "choice_text"});
  }
}

void check_visible(const JsonResponse& res, std::int64_t total) {
  CHECK(res.status == 200);
  CHECK(res.json["results_visible"].boolean());
  CHECK_FALSE(res.json.has("results_hidden_reason"));
  CHECK(res.json["total_votes"].integer() == total);
  for (const auto& choice : res.json["choices"].array()) {
    CHECK(choice.keys() == std::vector<std::string>{"id", "choice_text", "votes"});
  }
}

}  // namespace

TEST_CASE("results shown after a vote are hidden until this voter's cookie has voted") {
  TestSite site;
  const Poll poll = make_poll(site);
  QuestionRules rules;
  rules.results = ResultsShown::AfterVote;
  polls::test::set_rules(site, poll.question, rules);

  const JsonResponse before = get_json(site, poll.path);
  check_hidden(before, "The results are shown after you vote.");
  // The body depends on the voter cookie: one cached copy per cookie, none in shared caches.
  CHECK(before.header("Vary") == "Cookie");
  CHECK(before.header("Cache-Control") == "private, no-cache");

  const std::string voter = polls::test::vote_as_new_voter(site, poll.question, poll.second);
  REQUIRE_FALSE(voter.empty());
  const JsonResponse after = get_json(site, poll.path, {{"Cookie", voter}});
  check_visible(after, 6);
  CHECK(after.json["choices"][1]["votes"].integer() == 4);
  CHECK(after.header("Vary") == "Cookie");
  CHECK(after.header("ETag") != before.header("ETag"));

  // Another browser, or a cross-origin script (which sends no cookie), still sees them hidden.
  check_hidden(get_json(site, poll.path), "The results are shown after you vote.");
  const std::string other = polls::test::vote_as_new_voter(site, poll.question, poll.first);
  CHECK(other != voter);
  check_visible(get_json(site, poll.path, {{"Cookie", other}}), 7);
}

TEST_CASE("results shown after closing are hidden until the closing time passes") {
  auto seconds = std::make_shared<std::atomic<std::int64_t>>(0);
  polls::test::SiteOptions options;
  options.now = [seconds] { return polls::test::kNow + std::chrono::seconds{seconds->load()}; };
  TestSite site(options);
  const Poll poll = make_poll(site);
  QuestionRules rules;
  rules.results = ResultsShown::AfterClose;
  rules.closes_at = polls::test::kNow + hours{1};
  polls::test::set_rules(site, poll.question, rules);

  const JsonResponse open = get_json(site, poll.path);
  check_hidden(open, "The results are shown when the poll closes.");
  CHECK_FALSE(open.json["closed"].boolean());
  // Everyone sees the same until the poll closes: no Vary.
  CHECK(open.header("Vary").empty());
  CHECK(open.header("Cache-Control") == "no-cache");

  seconds->store(2 * 3600);
  const JsonResponse closed = get_json(site, poll.path);
  check_visible(closed, 5);
  CHECK(closed.json["closed"].boolean());
  CHECK(get_json(site, "/api/polls/").json["results"][0]["closed"].boolean());
}

TEST_CASE("If-None-Match with the current ETag is 304 without a body, until a vote changes it") {
  TestSite site;
  const Poll poll = make_poll(site);
  auto client = site.client();
  const auto first = client.Get(poll.path);
  REQUIRE(first);
  const std::string etag = first->get_header_value("ETag");
  REQUIRE(etag.size() == 22);

  for (const std::string& header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    INFO("If-None-Match: ", header);
    const auto again = client.Get(poll.path, {{"If-None-Match", header}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(again->get_header_value("ETag") == etag);
    CHECK(again->get_header_value("Cache-Control") == "no-cache");
    CHECK(again->get_header_value("Access-Control-Allow-Origin") == "*");
  }
  const auto stale = client.Get(poll.path, {{"If-None-Match", "\"other\""}});
  REQUIRE(stale);
  CHECK(stale->status == 200);
  CHECK(stale->body == first->body);

  polls::test::vote_as_new_voter(site, poll.question, poll.first);
  const auto changed = client.Get(poll.path, {{"If-None-Match", etag}});
  REQUIRE(changed);
  CHECK(changed->status == 200);
  CHECK(changed->get_header_value("ETag") != etag);
  CHECK(changed->body.find(R"("total_votes":6)") != std::string::npos);

  // The list's ETag follows its body too: a new question changes it.
  const auto list = client.Get("/api/polls/");
  REQUIRE(list);
  const std::string list_etag = list->get_header_value("ETag");
  const auto list_again = client.Get("/api/polls/", {{"If-None-Match", list_etag}});
  REQUIRE(list_again);
  CHECK(list_again->status == 304);
  site.create_question("Another?", -hours{1});
  const auto list_changed = client.Get("/api/polls/", {{"If-None-Match", list_etag}});
  REQUIRE(list_changed);
  CHECK(list_changed->status == 200);
}
