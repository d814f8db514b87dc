// The question page, which the detail view shows and the vote view shows again (a missing choice,
// a choice that is not the question's), and what both need to find a question.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "polls/deps.hpp"
#include "polls/models.hpp"
#include "render/templates.hpp"

namespace polls::polls_app {

// The published question with its choices and rules; http::NotFound otherwise.
QuestionWithChoices find_published(const Deps& deps, std::int64_t id);

// question_text and detail_url, for the list and for headings.
render::Data question_data(const Question& q);

// The closing time as the pages say it, in the site's zone, and as <time datetime>.
void set_closing(render::Data& data, const Deps& deps, const QuestionRules& rules);

// The question page: its form unless the poll is closed, the voter may not vote (a staff-only
// poll without a login) or has voted and may not change it; what they voted for when they did.
// error_message, when not empty, is shown above the choices.
void render_detail(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                   const QuestionWithChoices& found, std::string_view error_message,
                   int status = 200);

// A page that refuses a vote and says why (closed, voted already, too many attempts, not signed
// in), with the question's links.
void render_refusal(const Deps& deps, httplib::Response& res, const QuestionWithChoices& found,
                    int status, std::string_view heading, std::string_view message);

}  // namespace polls::polls_app
