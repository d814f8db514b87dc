// The voting rules' codes and who may see a question's counts when.
#include "polls/rules.hpp"

#include <doctest/doctest.h>

using namespace std::chrono;
using polls::polls_app::QuestionRules;
using polls::polls_app::ResultsShown;
using polls::polls_app::Timestamp;
using polls::polls_app::Voters;

namespace {
const Timestamp kNow = Timestamp{sys_days{year{2026} / 12 / 5}} + hours{12};
}

TEST_SUITE_BEGIN("sqlite_only");

TEST_CASE("every rule code reads back as itself, and an unknown one is refused") {
  using namespace polls::polls_app;
  for (const Voters v : {Voters::Anyone, Voters::OncePerBrowser, Voters::OncePerStaff}) {
    CHECK(voters_from_code(code_of(v)) == v);
  }
  for (const ResultsShown r :
       {ResultsShown::Always, ResultsShown::AfterVote, ResultsShown::AfterClose}) {
    CHECK(results_from_code(code_of(r)) == r);
  }
  CHECK(code_of(Voters::OncePerBrowser) == "browser");
  CHECK(code_of(ResultsShown::AfterVote) == "voted");
  CHECK_FALSE(voters_from_code("everyone").has_value());
  CHECK_FALSE(results_from_code("").has_value());
}

TEST_CASE("a question is closed from its closing time on, and never without one") {
  QuestionRules rules;
  CHECK_FALSE(rules.closed(kNow));
  rules.closes_at = kNow + seconds{1};
  CHECK_FALSE(rules.closed(kNow));
  rules.closes_at = kNow;
  CHECK(rules.closed(kNow));
  CHECK(rules.closed(kNow + days{365}));
}

TEST_CASE("the default rules are the tutorial's: anyone, as often as they like, counts shown") {
  const QuestionRules rules;
  CHECK(rules.voters == Voters::Anyone);
  CHECK_FALSE(rules.once());
  CHECK(polls::polls_app::results_visible(rules, false, kNow));
}

TEST_CASE("results after a vote: hidden until the visitor votes or the poll closes") {
  QuestionRules rules;
  rules.results = ResultsShown::AfterVote;
  CHECK_FALSE(polls::polls_app::results_visible(rules, false, kNow));
  CHECK(polls::polls_app::hidden_results_reason(rules, false, kNow) ==
        "The results are shown after you vote.");
  CHECK(polls::polls_app::results_visible(rules, true, kNow));
  rules.closes_at = kNow - seconds{1};
  CHECK(polls::polls_app::results_visible(rules, false, kNow));
}

TEST_CASE("results after closing: hidden to voters and others alike until it closes") {
  QuestionRules rules;
  rules.results = ResultsShown::AfterClose;
  CHECK_FALSE(polls::polls_app::results_visible(rules, true, kNow));
  CHECK(polls::polls_app::hidden_results_reason(rules, true, kNow) ==
        "The results are shown when the poll is closed.");
  rules.closes_at = kNow + hours{1};
  CHECK(polls::polls_app::hidden_results_reason(rules, false, kNow) ==
        "The results are shown when the poll closes.");
  CHECK(polls::polls_app::results_visible(rules, false, kNow + hours{1}));
}

TEST_SUITE_END();
