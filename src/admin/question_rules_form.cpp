// Reading and checking the question form's Voting fieldset: see question_rules_form.hpp.
#include "admin/question_rules_form.hpp"

#include "admin/question_form.hpp"
#include "polls/rules.hpp"
#include "text/trim.hpp"

namespace polls::admin {

namespace {

using polls_app::ResultsShown;
using polls_app::Voters;

std::string stripped(std::optional<std::string_view> value) {
  return value ? std::string(text::trim(*value, text::kWhitespace)) : std::string();
}

// Django's ChoiceField messages.
std::string choice_error(std::string_view code) {
  if (code.empty()) return "This field is required.";
  return "Select a valid choice. " + std::string(code) + " is not one of the available choices.";
}

// Both parts or neither: a closing date alone would leave the time to a guess.
void read_closing(RulesForm& form, const tz::TimeZone& zone) {
  if (form.closes_date.empty() && form.closes_time.empty()) return;
  if (form.closes_time.empty()) {
    form.closes_time_error = "Enter a time as well, or leave both empty: the poll never closes.";
    return;
  }
  if (form.closes_date.empty()) {
    form.closes_date_error = "Enter a date as well, or leave both empty: the poll never closes.";
    return;
  }
  form.parsed.closes_at = check_local_datetime(form.closes_date, form.closes_time, zone,
                                               form.closes_date_error, form.closes_time_error);
}

}  // namespace

int RulesForm::error_count() const {
  return !voters_error.empty() + !closes_date_error.empty() + !closes_time_error.empty() +
         !results_error.empty();
}

std::string RulesForm::typed_closes() const {
  if (closes_date.empty() && closes_time.empty()) return "";
  return closes_date + " " + closes_time;
}

RulesForm rules_form_for(const polls_app::QuestionRules& rules, const tz::TimeZone& zone) {
  RulesForm form;
  form.voters = std::string(polls_app::code_of(rules.voters));
  form.allow_change = rules.allow_change;
  if (rules.closes_at) {
    form.closes_date = local_date_text(*rules.closes_at, zone);
    form.closes_time = local_time_text(*rules.closes_at, zone);
  }
  form.results = std::string(polls_app::code_of(rules.results));
  form.initial_closes = form.typed_closes();
  form.parsed = rules;
  return form;
}

RulesForm read_rules_form(const http::Form& submitted, const tz::TimeZone& zone) {
  RulesForm form;
  form.voters = stripped(submitted.first(kVotersField));
  form.results = stripped(submitted.first(kResultsField));
  // A checkbox sends its value ("on") only when ticked.
  form.allow_change = submitted.contains(kAllowChangeField);
  form.closes_date = stripped(submitted.first(kClosesDateField));
  form.closes_time = stripped(submitted.first(kClosesTimeField));
  if (const auto initial = submitted.first(kInitialClosesField)) {
    form.initial_closes = std::string(*initial);
  }
  if (const auto voters = polls_app::voters_from_code(form.voters)) {
    form.parsed.voters = *voters;
  } else {
    form.voters_error = choice_error(form.voters);
  }
  if (const auto results = polls_app::results_from_code(form.results)) {
    form.parsed.results = *results;
  } else {
    form.results_error = choice_error(form.results);
  }
  form.parsed.allow_change = form.allow_change;
  read_closing(form, zone);
  return form;
}

std::string_view label_of(Voters voters) {
  switch (voters) {
    case Voters::Anyone:
      return "Anyone, as often as they like";
    case Voters::OncePerBrowser:
      return "Once per browser";
    case Voters::OncePerStaff:
      return "Once per staff account";
  }
  return "";
}

std::string_view label_of(ResultsShown results) {
  switch (results) {
    case ResultsShown::Always:
      return "Always";
    case ResultsShown::AfterVote:
      return "After the visitor votes";
    case ResultsShown::AfterClose:
      return "After the poll closes";
  }
  return "";
}

std::vector<std::string> changed_rule_fields(const polls_app::QuestionRules& before,
                                             const polls_app::QuestionRules& after) {
  std::vector<std::string> fields;
  if (before.voters != after.voters) fields.emplace_back("Who may vote");
  if (before.allow_change != after.allow_change) {
    fields.emplace_back("Voters may change their vote");
  }
  if (before.closes_at != after.closes_at) fields.emplace_back("Closes");
  if (before.results != after.results) fields.emplace_back("Results shown");
  return fields;
}

}  // namespace polls::admin
