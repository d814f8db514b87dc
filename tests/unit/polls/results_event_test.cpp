// A question's counts as the live results stream sends them (polls/results_event).
#include "polls/results_event.hpp"

#include <doctest/doctest.h>

using polls::polls_app::Choice;
using polls::polls_app::QuestionWithChoices;
using polls::polls_app::results_event;

// Pure: no database.
TEST_SUITE_BEGIN("sqlite_only");

namespace {
QuestionWithChoices question(std::int64_t a_votes, std::int64_t b_votes) {
  QuestionWithChoices q;
  q.question.id = 7;
  q.question.question_text = "What's up?";
  q.choices = {{3, 7, "Not \"much\"", a_votes}, {4, 7, "The sky", b_votes}};
  return q;
}
}  // namespace

TEST_CASE("the data is the question, the total and each choice's count, in order, as JSON") {
  const auto event = results_event(question(5, 7));
  CHECK(event.data ==
        R"({"question":7,"total":12,"choices":[{"id":3,"votes":5},{"id":4,"votes":7}]})");
  // No choice text: nothing in the data needs escaping, and the page has the texts already.
  QuestionWithChoices none;
  none.question.id = 9;
  CHECK(results_event(none).data == R"({"question":9,"total":0,"choices":[]})");
}

TEST_CASE("the id names the counts: equal counts, equal ids; any change, another id") {
  CHECK(results_event(question(5, 7)).id == results_event(question(5, 7)).id);
  CHECK(results_event(question(5, 7)).id.rfind("12-", 0) == 0);
  // The same total, spread differently.
  CHECK(results_event(question(5, 7)).id != results_event(question(7, 5)).id);
  CHECK(results_event(question(5, 7)).id != results_event(question(5, 8)).id);
  // A choice added with no votes changes what the page shows, so the id too.
  auto more = question(5, 7);
  more.choices.push_back({5, 7, "New", 0});
  CHECK(results_event(more).id != results_event(question(5, 7)).id);
  CHECK(results_event(question(5, 7)).id.size() == 3 + 16);
}

TEST_SUITE_END();
