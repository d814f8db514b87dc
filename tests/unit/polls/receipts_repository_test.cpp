// Votes with receipts against a real database (SQLite, or PostgreSQL in the [postgres] run): one
// vote per voter, changing a vote, the rules row, and many parallel votes of one voter.
#include "polls/receipts_repository.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "polls/repository.hpp"
#include "support/poll_fixture.hpp"
#include "support/test_database.hpp"

using namespace std::chrono;
using polls::db::Timestamp;
using polls::polls_app::PollsRepository;
using polls::polls_app::ReceiptsRepository;
using polls::polls_app::VoteResult;
using polls::testing::make_poll;
using polls::testing::Poll;
using polls::testing::TestDatabase;
using polls::testing::votes;

namespace {

const Timestamp kNow = polls::testing::kPollNow;

std::int64_t receipts(polls::db::Database& database) {
  auto session = database.read();
  return session->query("SELECT count(*) FROM polls_vote_receipt").integer(0, 0);
}

}  // namespace

TEST_CASE("once: a voter's first vote counts, a second is refused with the first choice") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  ReceiptsRepository repository(*database);
  const auto first = repository.vote(poll.question, poll.yes, "browser:a", true, false, kNow);
  CHECK(first.result == VoteResult::Counted);
  const auto again = repository.vote(poll.question, poll.no, "browser:a", true, false, kNow);
  CHECK(again.result == VoteResult::AlreadyVoted);
  CHECK(again.previous_choice == poll.yes);
  CHECK(votes(*database, poll.yes) == 1);
  CHECK(votes(*database, poll.no) == 0);
  CHECK(repository.vote(poll.question, poll.no, "browser:b", true, false, kNow).result ==
        VoteResult::Counted);
  CHECK(votes(*database, poll.no) == 1);
  CHECK(repository.receipt(poll.question, "browser:a") == std::optional{poll.yes});
  CHECK_FALSE(repository.receipt(poll.question, "browser:c").has_value());
}

TEST_CASE("changing a vote moves it: the old choice loses one, the new gains one") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  ReceiptsRepository repository(*database);
  REQUIRE(repository.vote(poll.question, poll.yes, "user:1", true, true, kNow).result ==
          VoteResult::Counted);
  const auto moved = repository.vote(poll.question, poll.no, "user:1", true, true, kNow);
  CHECK(moved.result == VoteResult::Changed);
  CHECK(moved.previous_choice == poll.yes);
  CHECK(votes(*database, poll.yes) == 0);
  CHECK(votes(*database, poll.no) == 1);
  // The same choice again changes nothing.
  CHECK(repository.vote(poll.question, poll.no, "user:1", true, true, kNow).result ==
        VoteResult::AlreadyVoted);
  CHECK(votes(*database, poll.no) == 1);
  CHECK(receipts(*database) == 1);
}

TEST_CASE("a choice of another question, or none, counts nothing and leaves no receipt") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  const Poll other = make_poll(*database);
  ReceiptsRepository repository(*database);
  CHECK(repository.vote(poll.question, other.yes, "browser:a", true, false, kNow).result ==
        VoteResult::NoSuchChoice);
  CHECK(repository.vote(poll.question, 999999, "browser:a", true, false, kNow).result ==
        VoteResult::NoSuchChoice);
  CHECK(receipts(*database) == 0);
  CHECK(votes(*database, other.yes) == 0);
}

TEST_CASE("without once, every vote counts and the receipt only remembers the voter voted") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  ReceiptsRepository repository(*database);
  for (int i = 0; i < 3; ++i) {
    CHECK(repository.vote(poll.question, poll.yes, "browser:a", false, false, kNow).result ==
          VoteResult::Counted);
  }
  CHECK(votes(*database, poll.yes) == 3);
  CHECK(receipts(*database) == 1);
}

TEST_CASE("a deleted choice leaves the receipt, with no choice, and a changed vote takes none") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  ReceiptsRepository repository(*database);
  REQUIRE(repository.vote(poll.question, poll.yes, "browser:a", true, true, kNow).result ==
          VoteResult::Counted);
  database->write()->execute("DELETE FROM polls_choice WHERE id = $1", {poll.yes});
  const auto receipt = repository.receipt(poll.question, "browser:a");
  REQUIRE(receipt.has_value());
  CHECK_FALSE(receipt->has_value());
  CHECK(repository.vote(poll.question, poll.no, "browser:a", true, true, kNow).result ==
        VoteResult::Changed);
  CHECK(votes(*database, poll.no) == 1);
}

TEST_CASE("a question's rules are saved, replaced, read back, and go with the question") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  PollsRepository polls(*database);
  CHECK(polls.find_published(poll.question, kNow)->rules == polls::polls_app::QuestionRules{});
  polls::polls_app::QuestionRules rules;
  rules.voters = polls::polls_app::Voters::OncePerStaff;
  rules.allow_change = true;
  rules.closes_at = kNow + hours{2};
  rules.results = polls::polls_app::ResultsShown::AfterClose;
  polls::polls_app::save_rules(*database->write(), poll.question, rules);
  CHECK(polls.find_published(poll.question, kNow)->rules == rules);
  rules.closes_at.reset();
  rules.voters = polls::polls_app::Voters::OncePerBrowser;
  polls::polls_app::save_rules(*database->write(), poll.question, rules);
  CHECK(polls::polls_app::load_question(*database->read(), poll.question)->rules == rules);
  ReceiptsRepository(*database).vote(poll.question, poll.yes, "browser:a", true, false, kNow);
  auto session = database->write();
  session->execute("DELETE FROM polls_choice WHERE question_id = $1", {poll.question});
  session->execute("DELETE FROM polls_question WHERE id = $1", {poll.question});
  CHECK(session->query("SELECT count(*) FROM polls_question_rules").integer(0, 0) == 0);
  CHECK(session->query("SELECT count(*) FROM polls_vote_receipt").integer(0, 0) == 0);
}

TEST_CASE("many parallel votes of one voter count once") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  constexpr int kThreads = 8;
  std::atomic<int> counted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ReceiptsRepository repository(*database);
      for (int i = 0; i < 10; ++i) {
        const auto choice = (t + i) % 2 == 0 ? poll.yes : poll.no;
        const auto outcome =
            repository.vote(poll.question, choice, "browser:same", true, false, kNow);
        (outcome.result == VoteResult::Counted ? counted : refused)++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(counted.load() == 1);
  CHECK(refused.load() == kThreads * 10 - 1);
  CHECK(votes(*database, poll.yes) + votes(*database, poll.no) == 1);
}

TEST_CASE("a vote reads the closing time again in its own transaction, on both paths") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  polls::polls_app::QuestionRules rules;
  rules.voters = polls::polls_app::Voters::OncePerBrowser;
  rules.closes_at = kNow;
  // Saved after the caller read the rules (as "Close poll now" in another request would be).
  polls::polls_app::save_rules(*database->write(), poll.question, rules);
  ReceiptsRepository repository(*database);
  CHECK(repository.vote(poll.question, poll.yes, "browser:a", true, false, kNow).result ==
        VoteResult::Closed);
  CHECK(receipts(*database) == 0);
  PollsRepository polls(*database);
  CHECK_FALSE(polls.vote(poll.question, poll.yes, kNow));
  CHECK(votes(*database, poll.yes) == 0);
  // A moment before the closing time both still count.
  CHECK(repository.vote(poll.question, poll.yes, "browser:a", true, false, kNow - seconds{1})
            .result == VoteResult::Counted);
  CHECK(polls.vote(poll.question, poll.yes, kNow - seconds{1}));
  CHECK(votes(*database, poll.yes) == 2);
}

TEST_CASE("many parallel changes of one voter's vote keep the counts summing to one") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  REQUIRE(ReceiptsRepository(*database)
              .vote(poll.question, poll.yes, "browser:same", true, true, kNow)
              .result == VoteResult::Counted);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      ReceiptsRepository repository(*database);
      for (int i = 0; i < 10; ++i) {
        const auto choice = (t + i) % 2 == 0 ? poll.yes : poll.no;
        repository.vote(poll.question, choice, "browser:same", true, true, kNow);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(votes(*database, poll.yes) + votes(*database, poll.no) == 1);
  const auto receipt = ReceiptsRepository(*database).receipt(poll.question, "browser:same");
  REQUIRE(receipt.has_value());
  CHECK(votes(*database, receipt->value()) == 1);  // the count is where the receipt says
}
