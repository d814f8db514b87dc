// A question's counts as the live results stream sends them (GET /polls/<id>/events/):
//   data: {"question":7,"total":12,"choices":[{"id":3,"votes":5},{"id":4,"votes":7}]}
// with an id that names the counts themselves, so that every replica gives the same state the
// same id and a client reconnecting anywhere with Last-Event-ID gets nothing it already has.
#pragma once

#include <string>

#include "polls/models.hpp"

namespace polls::polls_app {

struct ResultsEvent {
  std::string id;    // "<total>-<16 hex digits>": the total, and a hash of each choice's count
  std::string data;  // the JSON above, choices in the order given (the results page's)
};

ResultsEvent results_event(const QuestionWithChoices& question);

// The event open streams get when the question's results become hidden (its rules changed, or
// it was reopened): no counts, and no choices, so that the page reloads to what its viewer may
// see now. Id "hidden".
ResultsEvent hidden_results_event(std::int64_t question_id);

}  // namespace polls::polls_app
