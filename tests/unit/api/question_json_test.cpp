// The JSON API's bodies, as exact text: a page of the list, a question with its counts shown or
// hidden, hostile text, and the error body.
#include "api/question_json.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using polls::api::detail_json;
using polls::api::error_json;
using polls::api::JsonContext;
using polls::api::list_json;
using polls::api::Page;
using polls::polls_app::QuestionRules;
using polls::polls_app::QuestionWithChoices;
using polls::polls_app::QuestionWithRules;
using polls::polls_app::ResultsShown;
using polls::polls_app::Timestamp;
using polls::polls_app::Voters;

namespace {

// Tuesday 14 July 2026, 10:30:45.5 UTC: 12:30:45 in Paris (summer time).
constexpr Timestamp kNow = std::chrono::sys_days{std::chrono::year{2026} / 7 / 14} +
                           std::chrono::hours{10} + std::chrono::minutes{30} +
                           std::chrono::seconds{45} + std::chrono::milliseconds{500};

polls::tz::TimeZone paris() {
  auto zone = polls::tz::TimeZone::load("Europe/Paris");
  REQUIRE(zone);
  return *zone;
}

QuestionWithChoices what_is_up(QuestionRules rules = {}) {
  QuestionWithChoices found;
  found.question = {7, "What's up?", kNow - std::chrono::hours{1}};
  found.choices = {{11, 7, "Not much", 2}, {12, 7, "The sky", 3}};
  found.rules = rules;
  return found;
}

constexpr std::string_view kQuestion7 =
    R"("id":7,"question_text":"What's up?","pub_date":"2026-07-14T11:30:45+02:00",)"
    R"("url":"/api/polls/7/","page_url":"/polls/7/",)";

}  // namespace

TEST_CASE("a question with visible results lists its choices' votes and their total") {
  const auto zone = paris();
  const std::string body = detail_json(what_is_up(), "", JsonContext{zone, kNow});
  CHECK(body == "{" + std::string(kQuestion7) +
                    R"("closes_at":null,"closed":false,"voters":"anyone","results":"always",)"
                    R"("results_visible":true,"choices":[{"id":11,"choice_text":"Not much",)"
                    R"("votes":2},{"id":12,"choice_text":"The sky","votes":3}],"total_votes":5})");
}

TEST_CASE("a question with hidden results says why and gives no votes and no total") {
  const auto zone = paris();
  QuestionRules rules;
  rules.voters = Voters::OncePerBrowser;
  rules.results = ResultsShown::AfterClose;
  rules.closes_at = kNow + std::chrono::hours{24};
  const std::string body = detail_json(
      what_is_up(rules), "The results are shown when the poll closes.", JsonContext{zone, kNow});
  CHECK(body == "{" + std::string(kQuestion7) +
                    R"("closes_at":"2026-07-15T12:30:45+02:00","closed":false,)"
                    R"("voters":"browser","results":"closed","results_visible":false,)"
                    R"("results_hidden_reason":"The results are shown when the poll closes.",)"
                    R"("choices":[{"id":11,"choice_text":"Not much"},)"
                    R"({"id":12,"choice_text":"The sky"}]})");
}

TEST_CASE("a question past its closing time is closed, and one without choices has none") {
  const auto zone = paris();
  QuestionRules rules;
  rules.voters = Voters::OncePerStaff;
  rules.results = ResultsShown::AfterVote;
  rules.closes_at = kNow;
  QuestionWithChoices found = what_is_up(rules);
  found.choices.clear();
  const std::string body = detail_json(found, "", JsonContext{zone, kNow});
  CHECK(body.find(R"("closed":true,"voters":"staff","results":"voted",)") != std::string::npos);
  CHECK(body.ends_with(R"("choices":[],"total_votes":0})"));
}

TEST_CASE("hostile text is escaped as JSON and nothing else") {
  const auto zone = paris();
  QuestionWithChoices found = what_is_up();
  found.question.question_text = "\"</script>\\\n\x01\u2028\U0001F600";
  found.choices = {{11, 7, "a\"b", 0}};
  const std::string body = detail_json(found, "", JsonContext{zone, kNow});
  CHECK(body.find(R"("question_text":"\"</script>\\\n\u0001\u2028)"
                  "\U0001F600\",") != std::string::npos);
  CHECK(body.find(R"("choice_text":"a\"b")") != std::string::npos);
}

TEST_CASE("a page of the list gives the count, the links and each question with its rules") {
  const auto zone = paris();
  QuestionRules closed;
  closed.closes_at = kNow - std::chrono::minutes{1};
  const std::vector<QuestionWithRules> questions{
      {what_is_up().question, {}}, {{3, "Old", kNow - std::chrono::days{400}}, closed}};
  const std::string body = list_json(Page{2, 45}, "/api/polls/", questions, {zone, kNow});
  CHECK(body == R"({"count":45,"next":"/api/polls/?page=3","previous":"/api/polls/",)"
                R"("results":[{)" +
                    std::string(kQuestion7) +
                    R"("closes_at":null,"closed":false,"voters":"anyone","results":"always"},)"
                    R"({"id":3,"question_text":"Old","pub_date":"2025-06-09T12:30:45+02:00",)"
                    R"("url":"/api/polls/3/","page_url":"/polls/3/",)"
                    R"("closes_at":"2026-07-14T12:29:45+02:00","closed":true,)"
                    R"("voters":"anyone","results":"always"}]})");
}

TEST_CASE("an empty list is one page with no links") {
  const auto zone = paris();
  CHECK(list_json(Page{1, 0}, "/api/polls/", {}, {zone, kNow}) ==
        R"({"count":0,"next":null,"previous":null,"results":[]})");
}

TEST_CASE("an error is a detail message") {
  CHECK(error_json("Not found.") == R"({"detail":"Not found."})");
}
