// The polls repository against a real database (SQLite, or PostgreSQL in the [postgres] run), and
// the tutorial's model tests (part 5).
#include "polls/repository.hpp"

#include <doctest/doctest.h>

#include <thread>

#include "support/test_database.hpp"

using namespace std::chrono;
using polls::db::Timestamp;
using polls::polls_app::PollsRepository;
using polls::polls_app::Question;
using polls::testing::TestDatabase;

namespace {
const Timestamp kNow = Timestamp{sys_days{year{2026} / 11 / 25}} + hours{12};
}

TEST_CASE("was_published_recently is false for questions whose pub_date is in the future" *
          doctest::test_suite("sqlite_only")) {
  Question q{1, "future", kNow + days{30}};
  CHECK_FALSE(q.was_published_recently(kNow));
}

TEST_CASE("was_published_recently is false for questions older than one day" *
          doctest::test_suite("sqlite_only")) {
  Question q{1, "old", kNow - days{1} - seconds{1}};
  CHECK_FALSE(q.was_published_recently(kNow));
}

TEST_CASE("was_published_recently is true for questions published within the last day" *
          doctest::test_suite("sqlite_only")) {
  Question q{1, "recent", kNow - hours{23} - minutes{59} - seconds{59}};
  CHECK(q.was_published_recently(kNow));
}

TEST_CASE("latest_published returns at most five past questions, newest first") {
  TestDatabase database;
  PollsRepository repository(*database);
  for (int i = 1; i <= 7; ++i)
    repository.create_question("past " + std::to_string(i), kNow - days{i});
  repository.create_question("future", kNow + days{1});
  const auto latest = repository.latest_published(kNow);
  REQUIRE(latest.size() == 5);
  CHECK(latest.front().question_text == "past 1");
  CHECK(latest.back().question_text == "past 5");
  CHECK(latest.front().pub_date == kNow - days{1});
}

TEST_CASE("published pages count and list past questions newest first, with their rules") {
  TestDatabase database;
  PollsRepository repository(*database);
  for (int i = 1; i <= 5; ++i)
    repository.create_question("past " + std::to_string(i), kNow - days{i});
  // Two at the same instant: the id orders them, so no page repeats or skips one.
  const auto twin = repository.create_question("twin", kNow - days{1});
  repository.create_question("future", kNow + days{1});
  polls::polls_app::QuestionRules rules;
  rules.voters = polls::polls_app::Voters::OncePerBrowser;
  rules.closes_at = kNow + hours{2};
  {
    auto session = database->write();
    polls::polls_app::save_rules(*session, twin, rules);
  }
  CHECK(repository.count_published(kNow) == 6);
  const auto first = repository.published_page(kNow, 0, 4);
  REQUIRE(first.size() == 4);
  CHECK(first[0].question.question_text == "twin");
  CHECK(first[0].rules == rules);
  CHECK(first[1].question.question_text == "past 1");
  CHECK(first[1].rules == polls::polls_app::QuestionRules{});
  CHECK(first[3].question.question_text == "past 3");
  const auto second = repository.published_page(kNow, 4, 4);
  REQUIRE(second.size() == 2);
  CHECK(second[0].question.question_text == "past 4");
  CHECK(second[1].question.question_text == "past 5");
  CHECK(repository.published_page(kNow, 8, 4).empty());
}

TEST_CASE("find_published hides future questions and keeps choices in creation order") {
  TestDatabase database;
  PollsRepository repository(*database);
  const auto past = repository.create_question("Past?", kNow - hours{1});
  const auto future = repository.create_question("Future?", kNow + hours{1});
  repository.create_choice(past, "b", 2);
  repository.create_choice(past, "a", 0);
  CHECK_FALSE(repository.find_published(future, kNow).has_value());
  CHECK_FALSE(repository.find_published(999, kNow).has_value());
  const auto found = repository.find_published(past, kNow);
  REQUIRE(found.has_value());
  REQUIRE(found->choices.size() == 2);
  CHECK(found->choices[0].choice_text == "b");
  CHECK(found->choices[0].votes == 2);
  CHECK(found->choices[1].choice_text == "a");
}

TEST_CASE("a question without choices is still found") {
  TestDatabase database;
  PollsRepository repository(*database);
  const auto id = repository.create_question("Lonely?", kNow - hours{1});
  const auto found = repository.find_published(id, kNow);
  REQUIRE(found.has_value());
  CHECK(found->choices.empty());
}

TEST_CASE("a vote counts only for a choice of that question") {
  TestDatabase database;
  PollsRepository repository(*database);
  const auto q1 = repository.create_question("One?", kNow - hours{1});
  const auto q2 = repository.create_question("Two?", kNow - hours{1});
  const auto c1 = repository.create_choice(q1, "yes");
  const auto c2 = repository.create_choice(q2, "no");
  CHECK(repository.vote(q1, c1, kNow));
  CHECK_FALSE(repository.vote(q1, c2, kNow));  // another question's choice
  CHECK_FALSE(repository.vote(q1, 12345, kNow));
  CHECK(repository.find_published(q1, kNow)->choices[0].votes == 1);
  CHECK(repository.find_published(q2, kNow)->choices[0].votes == 0);
}

TEST_CASE("eight threads voting at once lose no vote") {
  TestDatabase database;
  PollsRepository repository(*database);
  const auto q = repository.create_question("Race?", kNow - hours{1});
  const auto c = repository.create_choice(q, "yes");
  std::vector<std::thread> voters;
  for (int t = 0; t < 8; ++t) {
    voters.emplace_back([&] {
      PollsRepository mine(*database);
      for (int i = 0; i < 100; ++i) mine.vote(q, c, kNow);
    });
  }
  for (auto& v : voters) v.join();
  CHECK(repository.find_published(q, kNow)->choices[0].votes == 800);
}
