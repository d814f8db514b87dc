// The question admin's saves on SQLite and (the [postgres] copies) PostgreSQL: all or nothing,
// votes cast while a form was open are kept, an untouched save changes nothing.
#include "admin/questions_repository.hpp"

#include <doctest/doctest.h>

#include "auth/users_repository.hpp"
#include "db/datetime.hpp"
#include "polls/repository.hpp"
#include "support/test_database.hpp"

using polls::admin::QuestionsRepository;
using polls::admin::StaleForm;

namespace {

polls::db::Timestamp at(std::string_view text) { return *polls::db::from_db_text(text); }

const polls::tz::TimeZone& utc() {
  static const polls::tz::TimeZone zone = *polls::tz::TimeZone::load("UTC");
  return zone;
}

std::int64_t count(polls::db::Database& database, std::string_view sql) {
  auto session = database.read();
  return session->query(sql).integer(0, 0);
}

struct Fixture {
  polls::testing::TestDatabase database;
  std::int64_t user = 0;
  std::int64_t question = 0;
  std::int64_t choice = 0;
  Fixture() {
    user = polls::auth::UsersRepository(*database).create_superuser(
        "admin", "", "pbkdf2_sha256$1$s$h", at("2026-07-14 10:00:00"));
    polls::polls_app::PollsRepository polls(*database);
    question = polls.create_question("Before?", at("2026-07-14 10:00:00.123456"));
    choice = polls.create_choice(question, "Yes", 5);
  }
  polls::admin::QuestionForm shown() {
    return polls::admin::question_form_for(*QuestionsRepository(*database).find(question), utc());
  }
};

}  // namespace

TEST_CASE("admin questions: a save that meets a deleted choice changes nothing at all") {
  Fixture f;
  auto form = f.shown();
  form.question_text = "After?";
  form.choices[0].choice_text = "Changed";
  {
    auto session = f.database->write();
    constexpr std::string_view kDelete = "DELETE FROM polls_choice WHERE id = $1";
    session->execute(kDelete, {f.choice});  // someone else deletes it meanwhile
  }
  CHECK_THROWS_AS(
      QuestionsRepository(*f.database).save(f.user, f.question, form, at("2026-07-14 11:00:00")),
      StaleForm);
  CHECK(QuestionsRepository(*f.database).find(f.question)->question.question_text == "Before?");
  CHECK(count(*f.database, "SELECT count(*) FROM django_admin_log") == 0);
}

TEST_CASE("admin questions: an untouched save keeps the date's microseconds and logs no change") {
  Fixture f;
  const auto result = QuestionsRepository(*f.database)
                          .save(f.user, f.question, f.shown(), at("2026-07-14 11:00:00"));
  CHECK(result.changes.empty());
  CHECK(QuestionsRepository(*f.database).find(f.question)->question.pub_date ==
        at("2026-07-14 10:00:00.123456"));
  auto session = f.database->read();
  constexpr std::string_view kMessage = "SELECT change_message FROM django_admin_log";
  CHECK(session->query(kMessage).text(0, 0) == "[]");
}

TEST_CASE("admin questions: votes cast while the form was open survive a save") {
  Fixture f;
  auto form = f.shown();  // shows 5 votes
  polls::polls_app::PollsRepository(*f.database)
      .vote(f.question, f.choice, at("2026-07-14 11:00:00"));  // 6
  form.choices[0].choice_text = "Yes!";
  QuestionsRepository(*f.database).save(f.user, f.question, form, at("2026-07-14 11:00:00"));
  auto found = QuestionsRepository(*f.database).find(f.question);
  CHECK(found->choices[0].choice_text == "Yes!");
  CHECK(found->choices[0].votes == 6);
  // Votes the user did change are written, whatever they were meanwhile.
  form = f.shown();
  form.choices[0].votes = "0";
  form.choices[0].parsed_votes = 0;
  QuestionsRepository(*f.database).save(f.user, f.question, form, at("2026-07-14 11:00:00"));
  CHECK(QuestionsRepository(*f.database).find(f.question)->choices[0].votes == 0);
}

TEST_CASE("admin questions: search is case-insensitive, and the database's lower() for the rest") {
  Fixture f;
  polls::polls_app::PollsRepository polls(*f.database);
  polls.create_question("Über alles?", at("2026-07-14 09:00:00"));
  polls::admin::ListQuery query;
  query.search = "BEFORE";
  CHECK(QuestionsRepository(*f.database).list(query).matched == 1);
  query.search = "Über";
  CHECK(QuestionsRepository(*f.database).list(query).matched == 1);
  if (f.database.dialect() == polls::db::Dialect::Postgres) {
    // PostgreSQL folds non-ASCII letters too; SQLite's lower() only ASCII ones.
    query.search = "über";
    CHECK(QuestionsRepository(*f.database).list(query).matched == 1);
  }
}
