// The "Voting" fieldset of the question form: who may vote, whether a vote may be changed, when
// the poll closes and when its results are shown, kept as typed and read into a question's
// rules. Pure: no database, no HTTP.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/form.hpp"
#include "polls/models.hpp"
#include "timezone/time_zone.hpp"

namespace polls::admin {

// The fields' names (and, with "id_" before them, their ids). The closing time is a split date
// and time widget, as pub_date's: closes_at_0 and closes_at_1.
constexpr std::string_view kVotersField = "voters";
constexpr std::string_view kAllowChangeField = "allow_change";
constexpr std::string_view kClosesDateField = "closes_at_0";
constexpr std::string_view kClosesTimeField = "closes_at_1";
constexpr std::string_view kResultsField = "results";
// The closing time the form was shown with (a hidden field), as Django's show_hidden_initial.
constexpr std::string_view kInitialClosesField = "initial-closes_at";

struct RulesForm {
  std::string voters = "anyone";  // a code of polls/rules.hpp, as sent
  bool allow_change = false;
  std::string closes_date;  // local, as typed; with closes_time empty too: never closes
  std::string closes_time;
  std::string results = "always";
  // The closing time as the form showed it ("date time", or empty), when it was sent: a save
  // writes the closing time only when the user changed it, so that a form opened before "Close
  // poll now" does not reopen the poll.
  std::optional<std::string> initial_closes;

  std::string voters_error;
  std::string closes_date_error;
  std::string closes_time_error;
  std::string results_error;

  polls_app::QuestionRules parsed;  // valid when there are no errors

  int error_count() const;
  // The closing time as typed, in initial_closes' form.
  std::string typed_closes() const;
  // Whether the closing time was sent as the form showed it.
  bool closes_untouched() const { return initial_closes && *initial_closes == typed_closes(); }
};

// The fieldset showing a question's rules, its closing time in zone.
RulesForm rules_form_for(const polls_app::QuestionRules& rules, const tz::TimeZone& zone);

// Reads and checks the fieldset: a code this build does not know is an error, and so is a
// closing date without a time or a time without a date.
RulesForm read_rules_form(const http::Form& submitted, const tz::TimeZone& zone);

// What the selects offer, in their order.
std::string_view label_of(polls_app::Voters voters);
std::string_view label_of(polls_app::ResultsShown results);
inline constexpr polls_app::Voters kAllVoters[] = {
    polls_app::Voters::Anyone, polls_app::Voters::OncePerBrowser, polls_app::Voters::OncePerStaff};
inline constexpr polls_app::ResultsShown kAllResults[] = {polls_app::ResultsShown::Always,
                                                          polls_app::ResultsShown::AfterVote,
                                                          polls_app::ResultsShown::AfterClose};

// The labels of the rules that differ, in the fieldset's order, for the change message
// ("Changed Who may vote and Closes.").
std::vector<std::string> changed_rule_fields(const polls_app::QuestionRules& before,
                                             const polls_app::QuestionRules& after);

}  // namespace polls::admin
