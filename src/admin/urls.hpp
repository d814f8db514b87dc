// The admin's URL patterns, as Django's admin names them, named once: routes.cpp registers them
// and views build links and redirects from them with http::reverse.
#pragma once

#include <string_view>

namespace polls::admin::urls {

constexpr std::string_view kHome = "/admin/";
constexpr std::string_view kAppIndex = "/admin/polls/";
constexpr std::string_view kLogin = "/admin/login/";
constexpr std::string_view kLogout = "/admin/logout/";
constexpr std::string_view kPasswordChange = "/admin/password_change/";
constexpr std::string_view kPasswordChangeDone = "/admin/password_change/done/";
constexpr std::string_view kQuestionList = "/admin/polls/question/";
constexpr std::string_view kQuestionAdd = "/admin/polls/question/add/";
constexpr std::string_view kQuestionObject = "/admin/polls/question/<int:id>/";
constexpr std::string_view kQuestionChange = "/admin/polls/question/<int:id>/change/";
constexpr std::string_view kQuestionDelete = "/admin/polls/question/<int:id>/delete/";
// polls' own, beside Django's: closing a poll now, and its results as CSV.
constexpr std::string_view kQuestionClose = "/admin/polls/question/<int:id>/close/";
constexpr std::string_view kQuestionResultsCsv = "/admin/polls/question/<int:id>/results.csv";

}  // namespace polls::admin::urls
