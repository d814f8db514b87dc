// The question add/change form of the admin, with its inline choices, as Django's ModelAdmin and
// TabularInline name and check the fields: what was typed is kept (to show it again next to
// its errors), and a valid form turns into the changes to save. Pure: no database, no HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "admin/question_rules_form.hpp"
#include "db/timestamp.hpp"
#include "http/form.hpp"
#include "polls/models.hpp"
#include "timezone/time_zone.hpp"

namespace polls::admin {

// Django's field names: the admin's split date/time widget and the inline formset's prefix.
constexpr std::string_view kChoicePrefix = "choice_set";
constexpr int kExtraChoiceRows = 3;             // the tutorial's ChoiceInline extra = 3
constexpr int kMaxChoiceRows = 1000;            // Django's formset absolute maximum
constexpr std::size_t kMaxTextLength = 200;     // both models' CharField(max_length=200)
constexpr std::int64_t kMaxVotes = 2147483647;  // IntegerField on PostgreSQL: 32 bits

struct ChoiceRow {
  std::optional<std::int64_t> id;  // an existing choice of this question
  std::string choice_text;
  std::string votes;  // as typed
  // The votes the form was shown with (a hidden field): a save writes votes only when the user
  // changed them, so votes cast while the form was open are not overwritten.
  std::optional<std::int64_t> initial_votes;
  bool remove = false;  // its "Delete?" box is ticked
  std::string choice_text_error;
  std::string votes_error;
  std::int64_t parsed_votes = 0;  // valid when votes_error is empty
  // An extra row left as it was offered (empty text, votes 0 or empty): not saved, not checked.
  bool blank() const { return !id && choice_text.empty() && (votes.empty() || votes == "0"); }
};

struct QuestionForm {
  std::string question_text;
  std::string pub_date;  // local date as typed, "YYYY-MM-DD"
  std::string pub_time;  // local time as typed, "HH:MM[:SS]"
  std::vector<ChoiceRow> choices;
  RulesForm rules;  // the Voting fieldset

  std::string question_text_error;
  std::string pub_date_error;
  std::string pub_time_error;
  std::vector<std::string> form_errors;  // not tied to one field (a tampered formset)

  db::Timestamp parsed_pub_date{};  // UTC, valid when the form is

  bool valid() const;
  int error_count() const;
};

// An empty add form: three blank choice rows, no date (as Django's add form), the default rules.
QuestionForm blank_question_form();

// The change form of an existing question, in the site's time zone, with three blank rows.
QuestionForm question_form_for(const polls_app::QuestionWithChoices& found,
                               const tz::TimeZone& zone);

// Reads and checks a submitted form against the question's current choices (empty when adding):
// a row's id must be one of them, choices that are not are reported as form errors.
QuestionForm read_question_form(const http::Form& form,
                                const std::vector<polls_app::Choice>& existing,
                                const tz::TimeZone& zone);

// Local wall-clock date and time in zone to UTC (the later instant when a clock change repeats
// it, the instant after the gap when it skips it). nullopt for text that is not a date or time.
std::optional<db::Timestamp> parse_local_datetime(std::string_view date, std::string_view time,
                                                  const tz::TimeZone& zone);

// A split date and time as the admin's widget sends them, checked as Django's SplitDateTimeField
// does: an error for a part that is missing or malformed, or for an instant outside years 1 to
// 9999 in UTC; the instant when both parts are good.
std::optional<db::Timestamp> check_local_datetime(std::string_view date, std::string_view time,
                                                  const tz::TimeZone& zone, std::string& date_error,
                                                  std::string& time_error);

// "2026-11-25" and "17:03:04" in zone, for the form's fields.
std::string local_date_text(db::Timestamp utc, const tz::TimeZone& zone);
std::string local_time_text(db::Timestamp utc, const tz::TimeZone& zone);

}  // namespace polls::admin
