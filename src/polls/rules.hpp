// A question's voting rules read and decided: the codes the database keeps for them, and who may
// see the counts when. Pure: views and the API ask here, so every page answers alike.
#pragma once

#include <optional>
#include <string_view>

#include "polls/models.hpp"

namespace polls::polls_app {

// The polls_question_rules codes: "anyone", "browser", "staff" and "always", "voted", "closed".
std::string_view code_of(Voters voters);
std::string_view code_of(ResultsShown results);
// nullopt for a code this build does not know.
std::optional<Voters> voters_from_code(std::string_view code);
std::optional<ResultsShown> results_from_code(std::string_view code);

// Whether the counts may be shown now to someone who has (or has not) voted on the question.
// Staff see them in the admin whatever this says.
bool results_visible(const QuestionRules& rules, bool has_voted, Timestamp now);

// Why the counts are hidden, for the page that says so ("after you vote", ...); empty when they
// are not.
std::string_view hidden_results_reason(const QuestionRules& rules, bool has_voted, Timestamp now);

}  // namespace polls::polls_app
