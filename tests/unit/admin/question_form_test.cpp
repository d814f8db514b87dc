// The question form: reading Django's field names, checking each field as Django does, keeping
// what was typed, local times to UTC and back, and the change messages written to the admin log.
#include <doctest/doctest.h>

#include "admin/change_message.hpp"
#include "admin/question_form.hpp"
#include "admin/question_rules_form.hpp"
#include "admin/questions_repository.hpp"

// Nothing here depends on the database backend: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using namespace polls;
using admin::read_question_form;

namespace {

// A submitted question form. A browser always sends the Voting fieldset's selects: they are
// added with their defaults unless the test gives them.
http::Form form_of(std::vector<std::pair<std::string, std::string>> fields) {
  http::Form form;
  bool has_rules = false;
  for (auto& [name, value] : fields) {
    has_rules = has_rules || name == "voters" || name == "results";
    form.add(std::move(name), std::move(value));
  }
  if (!has_rules) {
    form.add("voters", "anyone");
    form.add("results", "always");
  }
  return form;
}

const tz::TimeZone& utc() {
  static const tz::TimeZone zone = *tz::TimeZone::load("UTC");
  return zone;
}

db::Timestamp at(int y, unsigned m, unsigned d, int h, int min, int s = 0) {
  return std::chrono::sys_days{std::chrono::year{y} / m / d} + std::chrono::hours{h} +
         std::chrono::minutes{min} + std::chrono::seconds{s};
}

}  // namespace

TEST_CASE("a valid form gives the text, the UTC date and the choice rows") {
  const auto form = read_question_form(form_of({{"question_text", "  What's up?  "},
                                                {"pub_date_0", "2026-07-14"},
                                                {"pub_date_1", "09:05"},
                                                {"choice_set-TOTAL_FORMS", "3"},
                                                {"choice_set-0-choice_text", "Not much"},
                                                {"choice_set-0-votes", "2"},
                                                {"choice_set-1-choice_text", ""},
                                                {"choice_set-1-votes", "0"},
                                                {"choice_set-2-choice_text", ""},
                                                {"choice_set-2-votes", ""}}),
                                       {}, utc());
  CHECK(form.valid());
  CHECK(form.question_text == "What's up?");  // stripped, as Django's CharField
  CHECK(form.parsed_pub_date == at(2026, 7, 14, 9, 5));
  REQUIRE(form.choices.size() == 3);
  CHECK(form.choices[0].parsed_votes == 2);
  CHECK(form.choices[1].blank());
  CHECK(form.choices[2].blank());
}

TEST_CASE("dates and times: the formats Django's admin accepts, and nothing else") {
  const auto pub = [](std::string date, std::string time) {
    return read_question_form(form_of({{"question_text", "Q"},
                                       {"pub_date_0", date},
                                       {"pub_date_1", time},
                                       {"choice_set-TOTAL_FORMS", "0"}}),
                              {}, utc());
  };
  CHECK(pub("2026-07-14", "23:59:59.5").parsed_pub_date ==
        at(2026, 7, 14, 23, 59, 59) + std::chrono::milliseconds{500});
  CHECK(pub("2024-02-29", "00:00").valid());
  for (const std::string& date :
       std::vector<std::string>{"2026-02-29", "2026-13-01", "2026-7-14", "14/07/2026", "0000-01-01",
                                "2026-07-14x", "２０２６-07-14"}) {
    INFO(date);
    CHECK(pub(date, "10:00").pub_date_error == "Enter a valid date.");
  }
  for (const std::string& time :
       std::vector<std::string>{"24:00", "12:60", "9:00", "12:00:60", "12:00:00.",
                                "12:00:00.1234567", "12:00am", "noon"}) {
    INFO(time);
    CHECK(pub("2026-07-14", time).pub_time_error == "Enter a valid time.");
  }
  CHECK(pub("", "").pub_date_error == "This field is required.");
  CHECK(pub("", "").pub_time_error == "This field is required.");
}

TEST_CASE("local wall-clock times convert to UTC across daylight saving changes") {
  const auto paris = tz::TimeZone::load("Europe/Paris");
  REQUIRE(paris);
  CHECK(admin::parse_local_datetime("2026-01-15", "12:00", *paris) == at(2026, 1, 15, 11, 0));
  CHECK(admin::parse_local_datetime("2026-07-15", "12:00", *paris) == at(2026, 7, 15, 10, 0));
  // 29 March 2026, 02:30 does not exist in Paris: read with the winter offset, 03:30 CEST.
  CHECK(admin::parse_local_datetime("2026-03-29", "02:30", *paris) == at(2026, 3, 29, 1, 30));
  // 25 October 2026, 02:30 happens twice: the later one (CET).
  CHECK(admin::parse_local_datetime("2026-10-25", "02:30", *paris) == at(2026, 10, 25, 1, 30));
  CHECK(admin::local_date_text(at(2026, 7, 14, 22, 30), *paris) == "2026-07-15");
  CHECK(admin::local_time_text(at(2026, 7, 14, 22, 30), *paris) == "00:30:00");
  // Early years keep four digits, so the field reads back what it shows (found by the fuzzer).
  CHECK(admin::local_date_text(at(26, 7, 14, 10, 0), utc()) == "0026-07-14");
}

TEST_CASE("text limits count characters, not bytes") {
  const std::string two_hundred_e_acute = [] {
    std::string s;
    for (int i = 0; i < 200; ++i) s += "é";
    return s;
  }();
  const auto ok = read_question_form(form_of({{"question_text", two_hundred_e_acute},
                                              {"pub_date_0", "2026-07-14"},
                                              {"pub_date_1", "10:00"},
                                              {"choice_set-TOTAL_FORMS", "0"}}),
                                     {}, utc());
  CHECK(ok.question_text_error.empty());
  const auto long_text = read_question_form(form_of({{"question_text", two_hundred_e_acute + "x"},
                                                     {"pub_date_0", "2026-07-14"},
                                                     {"pub_date_1", "10:00"},
                                                     {"choice_set-TOTAL_FORMS", "0"}}),
                                            {}, utc());
  CHECK(long_text.question_text_error ==
        "Ensure this value has at most 200 characters (it has 201).");
}

TEST_CASE("choice rows: votes, deleted rows, blank rows, ids that are not this question's") {
  const std::vector<polls_app::Choice> existing{{10, 1, "A", 1}, {11, 1, "B", 2}};
  const auto form = read_question_form(
      form_of({{"question_text", "Q"},
               {"pub_date_0", "2026-07-14"},
               {"pub_date_1", "10:00"},
               {"choice_set-TOTAL_FORMS", "6"},
               {"choice_set-0-id", "10"},
               {"choice_set-0-choice_text", ""},  // deleted: not checked
               {"choice_set-0-votes", "x"},
               {"choice_set-0-DELETE", "on"},
               {"choice_set-1-id", "11"},
               {"choice_set-1-choice_text", "B"},
               {"choice_set-1-votes", "2147483648"},
               {"choice_set-2-choice_text", ""},
               {"choice_set-2-votes", "3"},  // an extra row that was touched: checked
               {"choice_set-3-id", "99"},    // not a choice of this question
               {"choice_set-4-id", "11"},    // the same choice twice
               {"choice_set-5-choice_text", "C"},
               {"choice_set-5-votes", "+1"}}),
      existing, utc());
  CHECK(!form.valid());
  REQUIRE(form.choices.size() == 4);  // the two refused rows are dropped
  CHECK(form.choices[0].remove);
  CHECK(form.choices[0].votes_error.empty());
  CHECK(form.choices[1].votes_error == "Ensure this value is less than or equal to 2147483647.");
  CHECK(form.choices[2].choice_text_error == "This field is required.");
  CHECK(form.choices[3].votes_error == "Enter a whole number.");
  CHECK(form.form_errors.size() == 2);
  CHECK(form.error_count() == 5);
}

TEST_CASE("a missing or absurd row count is a form error, not a crash or a huge loop") {
  for (const std::string& total :
       std::vector<std::string>{"", "-1", "1001", "99999999999999999999", "3x"}) {
    INFO(total);
    std::vector<std::pair<std::string, std::string>> fields{
        {"question_text", "Q"}, {"pub_date_0", "2026-07-14"}, {"pub_date_1", "10:00"}};
    if (!total.empty()) fields.emplace_back("choice_set-TOTAL_FORMS", total);
    const auto form = read_question_form(form_of(fields), {}, utc());
    CHECK(form.form_errors.size() == 1);
    CHECK(form.choices.size() == 3);  // the empty rows are offered again
  }
}

TEST_CASE("change messages are Django's JSON, and read as English") {
  using admin::ChangePart;
  const std::vector<ChangePart> parts{
      {ChangePart::Changed, "", "", {"Question text", "Date published"}},
      {ChangePart::Added, "choice", "Say \"hi\"", {}},
      {ChangePart::Changed, "choice", "B", {"Votes"}},
      {ChangePart::Deleted, "choice", "C", {}}};
  CHECK(admin::change_message_json(parts) ==
        R"([{"changed": {"fields": ["Question text", "Date published"]}}, )"
        R"({"added": {"name": "choice", "object": "Say \"hi\""}}, )"
        R"({"changed": {"name": "choice", "object": "B", "fields": ["Votes"]}}, )"
        R"({"deleted": {"name": "choice", "object": "C"}}])");
  CHECK(admin::change_message_text(parts) ==
        "Changed Question text and Date published. Added choice “Say \"hi\"”. Changed Votes for "
        "choice “B”. Deleted choice “C”.");
  CHECK(admin::change_message_json({}) == "[]");
  CHECK(admin::change_message_text({}) == "No fields changed.");
  CHECK(admin::change_message_json({{ChangePart::Added, "", "", {}}}) == R"([{"added": {}}])");
}

TEST_CASE("object_repr keeps 200 characters and search patterns escape LIKE wildcards") {
  std::string long_text;
  for (int i = 0; i < 250; ++i) long_text += "ü";
  CHECK(admin::object_repr(long_text).size() == 400);  // 200 two-byte characters
  CHECK(admin::search_pattern("") == "");
  CHECK(admin::search_pattern("100%_Sure\\") == "%100\\%\\_sure\\\\%");
}

TEST_CASE("dates whose UTC instant leaves years 1 to 9999 are refused, and so are NUL bytes") {
  const auto with = [](std::string zone, std::string date, std::string time, std::string text) {
    const auto tz = tz::TimeZone::load(zone);
    REQUIRE(tz);
    return read_question_form(form_of({{"question_text", text},
                                       {"pub_date_0", date},
                                       {"pub_date_1", time},
                                       {"choice_set-TOTAL_FORMS", "0"}}),
                              {}, *tz);
  };
  CHECK(with("America/New_York", "9999-12-31", "23:30", "Q").pub_date_error ==
        "Enter a valid date.");
  CHECK(with("America/New_York", "9999-12-31", "18:00", "Q").valid());
  CHECK(with("Europe/Paris", "0001-01-01", "00:00", "Q").pub_date_error == "Enter a valid date.");
  CHECK(with("Europe/Paris", "0001-01-01", "02:00", "Q").valid());
  CHECK(with("UTC", "2026-07-14", "10:00", std::string("a\0b", 3)).question_text_error ==
        "Null characters are not allowed.");
}

namespace {

// A form with valid question fields and the given Voting fields.
admin::QuestionForm with_rules(std::vector<std::pair<std::string, std::string>> rules,
                               const tz::TimeZone& zone = utc()) {
  std::vector<std::pair<std::string, std::string>> fields{{"question_text", "Q"},
                                                          {"pub_date_0", "2026-07-14"},
                                                          {"pub_date_1", "10:00"},
                                                          {"choice_set-TOTAL_FORMS", "0"}};
  for (auto& field : rules) fields.push_back(std::move(field));
  return read_question_form(form_of(fields), {}, zone);
}

}  // namespace

TEST_CASE("a new question's voting rules default to anyone, no change, never closes, always") {
  const admin::QuestionForm blank = admin::blank_question_form();
  CHECK(blank.rules.voters == "anyone");
  CHECK(!blank.rules.allow_change);
  CHECK(blank.rules.closes_date.empty());
  CHECK(blank.rules.closes_time.empty());
  CHECK(blank.rules.results == "always");
  CHECK(blank.rules.parsed == polls_app::QuestionRules{});
  // The same fields sent back read as the defaults.
  const auto sent = with_rules({{"voters", "anyone"}, {"results", "always"}});
  CHECK(sent.valid());
  CHECK(sent.rules.parsed == polls_app::QuestionRules{});
}

TEST_CASE("valid voting rules read into the question's rules, the closing time in the zone") {
  const auto paris = tz::TimeZone::load("Europe/Paris");
  REQUIRE(paris);
  const auto form = with_rules({{"voters", "browser"},
                                {"allow_change", "on"},
                                {"closes_at_0", " 2026-08-01 "},
                                {"closes_at_1", "12:00"},
                                {"results", "closed"}},
                               *paris);
  CHECK(form.valid());
  CHECK(form.rules.parsed.voters == polls_app::Voters::OncePerBrowser);
  CHECK(form.rules.parsed.allow_change);
  CHECK(form.rules.parsed.closes_at == at(2026, 8, 1, 10, 0));  // CEST is UTC+2
  CHECK(form.rules.parsed.results == polls_app::ResultsShown::AfterClose);
  CHECK(form.rules.closes_date == "2026-08-01");  // stripped, as typed otherwise
  const auto staff = with_rules({{"voters", "staff"}, {"results", "voted"}});
  CHECK(staff.rules.parsed.voters == polls_app::Voters::OncePerStaff);
  CHECK(!staff.rules.parsed.allow_change);  // an unticked checkbox sends nothing
  CHECK(!staff.rules.parsed.closes_at);
  CHECK(staff.rules.parsed.results == polls_app::ResultsShown::AfterVote);
  // And back: the change form shows stored rules as they were typed.
  const auto shown = admin::rules_form_for(form.rules.parsed, *paris);
  CHECK(shown.voters == "browser");
  CHECK(shown.allow_change);
  CHECK(shown.closes_date == "2026-08-01");
  CHECK(shown.closes_time == "12:00:00");
  CHECK(shown.results == "closed");
}

TEST_CASE("an unknown or missing code is an error on its field, and the form keeps it") {
  const auto form = with_rules({{"voters", "everyone"}, {"results", "<b>later</b>"}});
  CHECK(!form.valid());
  CHECK(form.error_count() == 2);
  CHECK(form.rules.voters_error ==
        "Select a valid choice. everyone is not one of the available choices.");
  CHECK(form.rules.results_error ==
        "Select a valid choice. <b>later</b> is not one of the available choices.");
  CHECK(form.rules.voters == "everyone");
  const auto missing = with_rules({{"voters", ""}});
  CHECK(missing.rules.voters_error == "This field is required.");
  CHECK(missing.rules.results_error == "This field is required.");
  // Codes are exact: no case folding.
  CHECK(!with_rules({{"voters", "Anyone"}, {"results", "always"}}).valid());
}

TEST_CASE("a closing date needs its time and a time its date, and each part is checked") {
  const auto date_only =
      with_rules({{"voters", "anyone"}, {"results", "always"}, {"closes_at_0", "2026-08-01"}});
  CHECK(date_only.error_count() == 1);
  CHECK(date_only.rules.closes_time_error ==
        "Enter a time as well, or leave both empty: the poll never closes.");
  CHECK(date_only.rules.closes_date == "2026-08-01");  // kept to be shown again
  const auto time_only =
      with_rules({{"voters", "anyone"}, {"results", "always"}, {"closes_at_1", "12:00"}});
  CHECK(time_only.rules.closes_date_error ==
        "Enter a date as well, or leave both empty: the poll never closes.");
  const auto bad = with_rules({{"voters", "anyone"},
                               {"results", "always"},
                               {"closes_at_0", "2026-02-30"},
                               {"closes_at_1", "25:00"}});
  CHECK(bad.rules.closes_date_error == "Enter a valid date.");
  CHECK(bad.rules.closes_time_error == "Enter a valid time.");
  CHECK(bad.error_count() == 2);
  const auto blank = with_rules(
      {{"voters", "anyone"}, {"results", "always"}, {"closes_at_0", " "}, {"closes_at_1", ""}});
  CHECK(blank.valid());
  CHECK(!blank.rules.parsed.closes_at);
}

TEST_CASE("changed rules are named for the change message, in the fieldset's order") {
  polls_app::QuestionRules before;
  polls_app::QuestionRules after;
  CHECK(admin::changed_rule_fields(before, after).empty());
  after.results = polls_app::ResultsShown::AfterVote;
  after.voters = polls_app::Voters::OncePerStaff;
  after.closes_at = at(2026, 8, 1, 10, 0);
  CHECK(admin::changed_rule_fields(before, after) ==
        std::vector<std::string>{"Who may vote", "Closes", "Results shown"});
  after = before;
  after.allow_change = true;
  CHECK(admin::changed_rule_fields(before, after) ==
        std::vector<std::string>{"Voters may change their vote"});
  CHECK(admin::change_message_text(
            {{admin::ChangePart::Changed, "", "", {"Who may vote", "Closes"}}}) ==
        "Changed Who may vote and Closes.");
}

TEST_SUITE_END();
