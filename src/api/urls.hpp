// The JSON API's URL patterns, named once: routes.cpp registers them and the JSON links to them
// with http::reverse. Links in the JSON are paths on this site (the site knows no public origin).
#pragma once

#include <string_view>

namespace polls::api::urls {

// Every path under it is the API's: its errors are JSON (responses.hpp).
constexpr std::string_view kPrefix = "/api/";
constexpr std::string_view kPolls = "/api/polls/";
constexpr std::string_view kPoll = "/api/polls/<int:question_id>/";

}  // namespace polls::api::urls
