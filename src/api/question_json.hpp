// The JSON the API answers with, built from the polls app's models: pure (no request, no
// database), so unit tests compare the exact text. Times are ISO 8601 in the site's zone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/pagination.hpp"
#include "polls/models.hpp"
#include "timezone/time_zone.hpp"

namespace polls::api {

// What every question's JSON depends on besides its rows.
struct JsonContext {
  const tz::TimeZone& zone;
  polls_app::Timestamp now;  // decides "closed"
};

// {"count", "next", "previous", "results": [question, ...]}: one page of the list at `base`.
std::string list_json(const Page& page, std::string_view base,
                      const std::vector<polls_app::QuestionWithRules>& questions,
                      const JsonContext& context);

// The question as in the list, then "results_visible", and either the choices with their
// "votes" and "total_votes" (hidden_reason empty), or "results_hidden_reason" and the choices
// without votes.
std::string detail_json(const polls_app::QuestionWithChoices& found, std::string_view hidden_reason,
                        const JsonContext& context);

// {"detail": text}: the body of every API error, as Django REST framework writes them.
std::string error_json(std::string_view detail);

}  // namespace polls::api
