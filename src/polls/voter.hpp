// Who is voting on a question, as its rules count voters: the signed-in staff user for "once per
// staff account", else the browser's voter cookie.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "polls/deps.hpp"
#include "polls/models.hpp"

namespace polls::polls_app {

// The request's voter for these rules, if it has one (a staff session, or a voter cookie with a
// good signature).
std::optional<std::string> current_voter(const Deps& deps, const httplib::Request& req,
                                         const QuestionRules& rules);

// As current_voter, giving a browser without a voter cookie a new one (set on res). nullopt only
// for a staff-only question without a signed-in staff user.
std::optional<std::string> voter_for_vote(const Deps& deps, const httplib::Request& req,
                                          httplib::Response& res, const QuestionRules& rules);

// Whether the rules keep receipts: to count once, or to know who may see results after voting.
bool keeps_receipts(const QuestionRules& rules);

// The receipt's choice when the request's voter has voted on the question (none inside when
// that choice was deleted); nullopt when they have not, or the question keeps no receipts.
std::optional<std::optional<std::int64_t>> vote_of(const Deps& deps, const httplib::Request& req,
                                                   const QuestionWithChoices& found);

// Why this request may not see the question's counts at `now` (rules.hpp's reasons, asking
// vote_of only when the rules make it matter); empty when it may. The results page, its live
// stream and the JSON API all ask here.
std::string_view results_hidden_from(const Deps& deps, const httplib::Request& req,
                                     const QuestionWithChoices& found, Timestamp now);

}  // namespace polls::polls_app
