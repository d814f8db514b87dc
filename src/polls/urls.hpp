// The polls app's URL patterns, named once: routes.cpp registers them and views build links from
// them with http::reverse (Django's {% url %}), so a URL is never written by hand twice.
#pragma once

#include <string_view>

namespace polls::polls_app::urls {

constexpr std::string_view kIndex = "/polls/";
constexpr std::string_view kDetail = "/polls/<int:question_id>/";
constexpr std::string_view kResults = "/polls/<int:question_id>/results/";
constexpr std::string_view kVote = "/polls/<int:question_id>/vote/";
constexpr std::string_view kEvents = "/polls/<int:question_id>/events/";

}  // namespace polls::polls_app::urls
