// libFuzzer harness for the admin's question form: any form body either is refused by the form
// parser or reads into a question form without crashing, and a form said to be valid holds
// only what the database accepts (text within limits, votes in range, a real date, voting rules
// whose codes this build knows and whose closing time is a real date too).
// Built and run by scripts/fuzz.
#include <string>
#include <string_view>

#include "admin/question_form.hpp"
#include "assets/embedded.hpp"
#include "fuzz_harness.hpp"
#include "http/form.hpp"
#include "polls/rules.hpp"
#include "text/utf8.hpp"

namespace polls::assets {
// Only UTC is used here, which needs no zoneinfo: the embedded files stay out of the harness.
std::optional<std::string_view> find_embedded(std::string_view) { return std::nullopt; }
}  // namespace polls::assets

namespace admin = polls::admin;
namespace http = polls::http;
namespace text = polls::text;

void polls::fuzz::check_input(std::string_view input) {
  static const polls::tz::TimeZone utc = *polls::tz::TimeZone::load("UTC");
  static const std::vector<polls::polls_app::Choice> existing{{1, 1, "A", 0}, {2, 1, "B", 5}};
  const auto form = http::parse_form(input);
  if (!form) return;
  const admin::QuestionForm read = admin::read_question_form(*form, existing, utc);
  FUZZ_CHECK(read.choices.size() <= static_cast<std::size_t>(admin::kMaxChoiceRows));
  if (!read.valid()) return;
  FUZZ_CHECK(!read.question_text.empty());
  FUZZ_CHECK(text::utf8_length(read.question_text) <= admin::kMaxTextLength);
  // The date round-trips through the form's own text.
  FUZZ_CHECK(admin::parse_local_datetime(admin::local_date_text(read.parsed_pub_date, utc),
                                         admin::local_time_text(read.parsed_pub_date, utc), utc) ==
             std::chrono::floor<std::chrono::seconds>(read.parsed_pub_date));
  // The rules: known codes, typed as read; a closing time only from both parts, round-tripping.
  const admin::RulesForm& rules = read.rules;
  FUZZ_CHECK(polls::polls_app::code_of(rules.parsed.voters) == rules.voters);
  FUZZ_CHECK(polls::polls_app::code_of(rules.parsed.results) == rules.results);
  FUZZ_CHECK(rules.parsed.allow_change == rules.allow_change);
  FUZZ_CHECK(rules.parsed.closes_at.has_value() == !rules.closes_date.empty());
  FUZZ_CHECK(rules.closes_date.empty() == rules.closes_time.empty());
  if (rules.parsed.closes_at) {
    const auto closes = *rules.parsed.closes_at;
    FUZZ_CHECK(admin::parse_local_datetime(admin::local_date_text(closes, utc),
                                           admin::local_time_text(closes, utc), utc) ==
               std::chrono::floor<std::chrono::seconds>(closes));
  }
  for (const admin::ChoiceRow& row : read.choices) {
    if (row.remove || row.blank()) continue;
    FUZZ_CHECK(!row.choice_text.empty());
    FUZZ_CHECK(text::utf8_length(row.choice_text) <= admin::kMaxTextLength);
    FUZZ_CHECK(row.parsed_votes >= 0 && row.parsed_votes <= admin::kMaxVotes);
    if (row.id) FUZZ_CHECK(*row.id == 1 || *row.id == 2);
  }
}
