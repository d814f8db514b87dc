// The polls app's models, as in the Django tutorial: a Question with its Choices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/timestamp.hpp"

namespace polls::polls_app {

using db::Timestamp;

struct Choice {
  std::int64_t id = 0;
  std::int64_t question_id = 0;
  std::string choice_text;
  std::int64_t votes = 0;
};

struct Question {
  std::int64_t id = 0;
  std::string question_text;
  Timestamp pub_date;

  // Published within the last day and not in the future (the tutorial's part 5 fix).
  bool was_published_recently(Timestamp now) const {
    return now - std::chrono::days{1} <= pub_date && pub_date <= now;
  }
};

// Who may vote on a question, and how often (rules.hpp has the codes the database keeps).
enum class Voters {
  Anyone,          // as often as they like: the tutorial's behaviour, and a Django-made row's
  OncePerBrowser,  // once per voter cookie, enforced by a receipt's unique key
  OncePerStaff,    // once per logged-in staff account; others cannot vote
};

// When a question's counts may be seen.
enum class ResultsShown { Always, AfterVote, AfterClose };

// A question's voting rules (the polls_question_rules row; defaults when it has none, so a
// question made by Django behaves as the tutorial's does).
struct QuestionRules {
  Voters voters = Voters::Anyone;
  bool allow_change = false;  // a voter who voted once may move their vote to another choice
  std::optional<Timestamp> closes_at;
  ResultsShown results = ResultsShown::Always;

  bool closed(Timestamp now) const { return closes_at && *closes_at <= now; }
  bool once() const { return voters != Voters::Anyone; }
  bool operator==(const QuestionRules&) const = default;
};

// A question as lists show it: no choices, but its rules (whether it is closed, who votes).
struct QuestionWithRules {
  Question question;
  QuestionRules rules;
};

struct QuestionWithChoices {
  Question question;
  std::vector<Choice> choices;
  QuestionRules rules;
};

}  // namespace polls::polls_app
