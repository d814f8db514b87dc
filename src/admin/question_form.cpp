// Reading and checking the question form: see question_form.hpp.
#include "admin/question_form.hpp"

#include "text/civil_date.hpp"
#include "text/integer.hpp"
#include "text/trim.hpp"
#include "text/utf8.hpp"

namespace polls::admin {

namespace {

constexpr std::string_view kRequired = "This field is required.";

std::string field_name(int row, std::string_view field) {
  return std::string(kChoicePrefix) + "-" + std::to_string(row) + "-" + std::string(field);
}

std::string management_name(std::string_view field) {
  return std::string(kChoicePrefix) + "-" + std::string(field);
}

using text::fixed_digits;

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = fixed_digits(text, 0, 4);
  const auto m = fixed_digits(text, 5, 2);
  const auto d = fixed_digits(text, 8, 2);
  if (!y || !m || !d || *y < 1) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{*y},
                                         std::chrono::month{static_cast<unsigned>(*m)},
                                         std::chrono::day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

// "HH:MM", "HH:MM:SS" or "HH:MM:SS.f" (1 to 6 digits), as Django's TIME_INPUT_FORMATS.
std::optional<std::chrono::microseconds> parse_time(std::string_view text) {
  if (text.size() < 5 || text[2] != ':') return std::nullopt;
  const auto h = fixed_digits(text, 0, 2);
  const auto m = fixed_digits(text, 3, 2);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  int s = 0;
  std::int64_t micros = 0;
  if (text.size() > 5) {
    if (text.size() < 8 || text[5] != ':') return std::nullopt;
    const auto sec = fixed_digits(text, 6, 2);
    if (!sec || *sec > 59) return std::nullopt;
    s = *sec;
    if (text.size() > 8) {
      const std::string_view fraction = text.substr(9);
      if (text[8] != '.' || fraction.empty() || fraction.size() > 6) return std::nullopt;
      const auto f = fixed_digits(fraction, 0, fraction.size());
      if (!f) return std::nullopt;
      micros = *f;
      for (std::size_t i = fraction.size(); i < 6; ++i) micros *= 10;
    }
  }
  return std::chrono::hours{*h} + std::chrono::minutes{*m} + std::chrono::seconds{s} +
         std::chrono::microseconds{micros};
}

std::chrono::local_time<std::chrono::microseconds> to_local(db::Timestamp utc,
                                                            const tz::TimeZone& zone) {
  const auto offset = zone.offset_at(std::chrono::floor<std::chrono::seconds>(utc)).utc_offset;
  return std::chrono::local_time<std::chrono::microseconds>{utc.time_since_epoch() + offset};
}

void check_text(std::string_view text, std::string& error) {
  if (text.empty()) {
    error = kRequired;
  } else if (text.find('\0') != std::string_view::npos) {
    error = "Null characters are not allowed.";  // Django's ProhibitNullCharactersValidator
  } else if (text::utf8_length(text) > kMaxTextLength) {
    error = "Ensure this value has at most 200 characters (it has " +
            std::to_string(text::utf8_length(text)) + ").";
  }
}

// Django strips surrounding whitespace from CharField input.
std::string stripped(std::optional<std::string_view> value) {
  return value ? std::string(text::trim(*value, text::kWhitespace)) : std::string();
}

ChoiceRow blank_row() {
  ChoiceRow row;
  row.votes = "0";
  return row;
}

}  // namespace

bool QuestionForm::valid() const { return error_count() == 0; }

int QuestionForm::error_count() const {
  int count = static_cast<int>(form_errors.size());
  count += !question_text_error.empty();
  count += !pub_date_error.empty();
  count += !pub_time_error.empty();
  count += rules.error_count();
  for (const ChoiceRow& row : choices) {
    count += !row.choice_text_error.empty();
    count += !row.votes_error.empty();
  }
  return count;
}

std::optional<db::Timestamp> parse_local_datetime(std::string_view date, std::string_view time,
                                                  const tz::TimeZone& zone) {
  const auto day = parse_date(date);
  const auto clock = parse_time(time);
  if (!day || !clock) return std::nullopt;
  const std::chrono::sys_days as_utc_day{*day};
  const db::Timestamp wall{as_utc_day.time_since_epoch() + *clock};
  // The offset at the wall time read as UTC is right except within a day of a change; one more
  // step settles it. In a repeated hour this picks the later instant, in a gap the one after.
  const auto first = zone.offset_at(std::chrono::floor<std::chrono::seconds>(wall)).utc_offset;
  const db::Timestamp guess = wall - first;
  const auto second = zone.offset_at(std::chrono::floor<std::chrono::seconds>(guess)).utc_offset;
  return wall - second;
}

std::string local_date_text(db::Timestamp utc, const tz::TimeZone& zone) {
  const auto local = to_local(utc, zone);
  // Four-digit years, as the field reads them back ("0026-07-14", not "26-07-14").
  return text::format_date(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(local)});
}

std::string local_time_text(db::Timestamp utc, const tz::TimeZone& zone) {
  const auto local = to_local(utc, zone);
  const auto since_midnight = local - std::chrono::floor<std::chrono::days>(local);
  std::string out;
  text::append_time(
      out, std::chrono::hh_mm_ss{std::chrono::floor<std::chrono::seconds>(since_midnight)});
  return out;
}

std::optional<db::Timestamp> check_local_datetime(std::string_view date, std::string_view time,
                                                  const tz::TimeZone& zone, std::string& date_error,
                                                  std::string& time_error) {
  if (date.empty()) {
    date_error = kRequired;
  } else if (!parse_date(date)) {
    date_error = "Enter a valid date.";
  }
  if (time.empty()) {
    time_error = kRequired;
  } else if (!parse_time(time)) {
    time_error = "Enter a valid time.";
  }
  if (!date_error.empty() || !time_error.empty()) return std::nullopt;
  const db::Timestamp at = *parse_local_datetime(date, time, zone);
  // Years 1 to 9999 in UTC, as Django's datetime holds and both databases store: near the
  // ends, the zone's offset may push a valid local date out of range.
  using namespace std::chrono;
  const db::Timestamp first{sys_days{year{1} / January / 1}.time_since_epoch()};
  const db::Timestamp past_last{sys_days{year{10000} / January / 1}.time_since_epoch()};
  if (at < first || at >= past_last) {
    date_error = "Enter a valid date.";
    return std::nullopt;
  }
  return at;
}

QuestionForm blank_question_form() {
  QuestionForm form;
  for (int i = 0; i < kExtraChoiceRows; ++i) form.choices.push_back(blank_row());
  return form;
}

QuestionForm question_form_for(const polls_app::QuestionWithChoices& found,
                               const tz::TimeZone& zone) {
  QuestionForm form;
  form.question_text = found.question.question_text;
  form.pub_date = local_date_text(found.question.pub_date, zone);
  form.pub_time = local_time_text(found.question.pub_date, zone);
  form.parsed_pub_date = found.question.pub_date;
  form.rules = rules_form_for(found.rules, zone);
  for (const polls_app::Choice& choice : found.choices) {
    ChoiceRow row;
    row.id = choice.id;
    row.choice_text = choice.choice_text;
    row.votes = std::to_string(choice.votes);
    row.parsed_votes = choice.votes;
    row.initial_votes = choice.votes;
    form.choices.push_back(std::move(row));
  }
  for (int i = 0; i < kExtraChoiceRows; ++i) form.choices.push_back(blank_row());
  return form;
}

namespace {

// The question's own fields: its text, and the date and time in the site's zone.
void read_question_fields(const http::Form& submitted, const tz::TimeZone& zone,
                          QuestionForm& form) {
  form.question_text = stripped(submitted.first("question_text"));
  form.pub_date = stripped(submitted.first("pub_date_0"));
  form.pub_time = stripped(submitted.first("pub_date_1"));
  check_text(form.question_text, form.question_text_error);
  if (const auto at = check_local_datetime(form.pub_date, form.pub_time, zone, form.pub_date_error,
                                           form.pub_time_error)) {
    form.parsed_pub_date = *at;
  }
}

// Django's IntegerField checks of a row's votes.
void check_votes(ChoiceRow& row) {
  if (row.votes.empty()) {
    row.votes_error = kRequired;
  } else if (const auto votes = text::parse_integer<std::int64_t>(row.votes); !votes) {
    row.votes_error = "Enter a whole number.";
  } else if (*votes < 0) {
    row.votes_error = "Ensure this value is greater than or equal to 0.";
  } else if (*votes > kMaxVotes) {
    row.votes_error = "Ensure this value is less than or equal to 2147483647.";
  } else {
    row.parsed_votes = *votes;
  }
}

// Whether id names one of the question's choices that no earlier row named.
bool fresh_choice(std::optional<std::int64_t> id, const std::vector<polls_app::Choice>& existing,
                  const std::vector<std::int64_t>& seen) {
  if (!id) return false;
  bool known = false;
  for (const polls_app::Choice& choice : existing) known = known || choice.id == *id;
  bool repeated = false;
  for (const std::int64_t other : seen) repeated = repeated || other == *id;
  return known && !repeated;
}

// Row i of the formset; nullopt (with a form error) when it names a choice that is not one of
// the question's, or one named before: deleted meanwhile by someone else, or a tampered page.
std::optional<ChoiceRow> read_choice_row(const http::Form& submitted, int i,
                                         const std::vector<polls_app::Choice>& existing,
                                         std::vector<std::int64_t>& seen, QuestionForm& form) {
  ChoiceRow row;
  const std::string id_text = stripped(submitted.first(field_name(i, "id")));
  row.choice_text = stripped(submitted.first(field_name(i, "choice_text")));
  row.votes = stripped(submitted.first(field_name(i, "votes")));
  if (const auto initial = submitted.first("initial-" + field_name(i, "votes"))) {
    row.initial_votes = text::parse_integer<std::int64_t>(*initial);
  }
  // A checkbox sends its value ("on") only when ticked.
  row.remove = submitted.contains(field_name(i, "DELETE"));
  if (!id_text.empty()) {
    const auto id = text::parse_integer<std::int64_t>(id_text);
    if (!fresh_choice(id, existing, seen)) {
      form.form_errors.emplace_back("Choice row " + std::to_string(i + 1) +
                                    " no longer exists (it may have been deleted by someone "
                                    "else). Reload the page and try again.");
      return std::nullopt;
    }
    row.id = *id;
    seen.push_back(*id);
  }
  if (row.remove || row.blank()) return row;
  check_text(row.choice_text, row.choice_text_error);
  check_votes(row);
  return row;
}

}  // namespace

QuestionForm read_question_form(const http::Form& submitted,
                                const std::vector<polls_app::Choice>& existing,
                                const tz::TimeZone& zone) {
  QuestionForm form;
  read_question_fields(submitted, zone, form);
  form.rules = read_rules_form(submitted, zone);
  // The formset's management field says how many rows the page had.
  const auto total = submitted.first(management_name("TOTAL_FORMS"));
  const auto rows = total ? text::parse_integer<std::int64_t>(*total) : std::nullopt;
  if (!rows || *rows < 0 || *rows > kMaxChoiceRows) {
    form.form_errors.emplace_back(
        "The choices could not be read (the form's row count is missing or wrong). "
        "Reload the page and try again.");
    for (int i = 0; i < kExtraChoiceRows; ++i) form.choices.push_back(blank_row());
    return form;
  }
  std::vector<std::int64_t> seen;
  for (int i = 0; i < *rows; ++i) {
    if (auto row = read_choice_row(submitted, i, existing, seen, form)) {
      form.choices.push_back(std::move(*row));
    }
  }
  return form;
}

}  // namespace polls::admin
