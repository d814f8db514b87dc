// The polls app's models, as in the Django tutorial: a Question with its Choices.
#pragma once

#include <cstdint>
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

struct QuestionWithChoices {
  Question question;
  std::vector<Choice> choices;
};

}  // namespace polls::polls_app
