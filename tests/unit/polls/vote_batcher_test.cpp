// Group commits of votes against a real database (SQLite, or PostgreSQL in the [postgres] run):
// votes that arrive while a commit is in progress share the next one; each is answered with its
// own outcome; a failed commit fails every vote in it and counts none.
#include "polls/vote_batcher.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include "db/errors.hpp"
#include "polls/repository.hpp"
#include "support/poll_fixture.hpp"
#include "support/test_database.hpp"

using namespace std::chrono;
using polls::db::Timestamp;
using polls::ops::AppCounters;
using polls::polls_app::PollsRepository;
using polls::polls_app::VoteBatcher;
using polls::testing::make_poll;
using polls::testing::Poll;
using polls::testing::TestDatabase;
using polls::testing::votes;

namespace {

const Timestamp kNow = polls::testing::kPollNow;

void wait_until(const std::function<bool()>& condition) {
  const auto give_up = steady_clock::now() + seconds{10};
  while (!condition()) {
    REQUIRE(steady_clock::now() < give_up);
    std::this_thread::sleep_for(milliseconds{1});
  }
}

// Holds the choice's row (and on SQLite the one writer) in an open transaction, so that a
// commit of votes that touches it waits until release().
class HeldRow {
 public:
  HeldRow(polls::db::Database& database, std::int64_t choice)
      : lease_(std::in_place, database.write()), transaction_(std::in_place, **lease_) {
    (*lease_)->execute("UPDATE polls_choice SET votes = votes WHERE id = $1", {choice});
  }
  // Rolls back and returns the connection (SQLite's writer).
  void release() {
    transaction_.reset();
    lease_.reset();
  }

 private:
  std::optional<polls::db::Lease> lease_;
  std::optional<polls::db::Transaction> transaction_;
};

// The outcomes of votes cast on threads of their own; read them after join().
struct Voters {
  std::vector<std::thread> threads;
  std::vector<std::optional<bool>> counted;
  std::vector<std::string> errors;
  std::atomic<int> answered{0};  // calls that have returned
  explicit Voters(std::size_t n) : counted(n), errors(n) {}
  Voters(const Voters&) = delete;
  Voters& operator=(const Voters&) = delete;
  ~Voters() { join(); }  // a failed REQUIRE must not leave threads running
  void cast(VoteBatcher& batcher, std::size_t i, std::int64_t question, std::int64_t choice,
            Timestamp at = kNow) {
    threads.emplace_back([&batcher, this, i, question, choice, at] {
      try {
        counted[i] = batcher.vote(question, choice, at);
      } catch (const polls::db::Error& e) {
        errors[i] = e.what();
      }
      ++answered;
    });
  }
  void join() {
    for (auto& t : threads) {
      if (t.joinable()) t.join();
    }
  }
};

// Long enough that the leader, waiting for the held writer on SQLite, outlasts a slow machine.
constexpr polls::testing::TestDatabaseOptions kPatient{.busy_timeout_ms = 30000};

}  // namespace

TEST_CASE("a lone vote is committed at once, in a commit of its own") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  AppCounters counters;
  VoteBatcher batcher(*database, counters);
  CHECK(batcher.vote(poll.question, poll.yes, kNow));
  CHECK(votes(*database, poll.yes) == 1);
  CHECK(counters.vote_commits == 1);
  CHECK_FALSE(batcher.committing());
  CHECK(batcher.waiting() == 0);
}

TEST_CASE("votes that arrive during a commit share the next one, each answered after it") {
  TestDatabase database(kPatient);
  const Poll poll = make_poll(*database);
  AppCounters counters;
  VoteBatcher batcher(*database, counters);
  HeldRow held(*database, poll.yes);
  Voters voters(10);
  voters.cast(batcher, 0, poll.question, poll.yes);  // leads, and waits on the held row
  wait_until([&] { return batcher.committing(); });
  for (std::size_t i = 1; i < 10; ++i)
    voters.cast(batcher, i, poll.question, i % 2 ? poll.yes : poll.no);
  wait_until([&] { return batcher.waiting() == 9; });
  CHECK(votes(*database, poll.yes) == 0);
  std::this_thread::sleep_for(milliseconds{50});
  CHECK(voters.answered == 0);  // nothing is answered before the commit that holds it
  held.release();
  voters.join();
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK_MESSAGE(voters.errors[i].empty(), voters.errors[i]);
    CHECK(voters.counted[i] == std::optional{true});
  }
  CHECK(votes(*database, poll.yes) == 6);
  CHECK(votes(*database, poll.no) == 4);
  CHECK(counters.vote_commits == 2);  // the leader's own, then the nine together
}

TEST_CASE("in one group, a foreign choice and a vote after closing are refused, the rest count") {
  TestDatabase database(kPatient);
  const Poll poll = make_poll(*database);
  const Poll other = make_poll(*database, "Coffee?");
  const Poll closed = make_poll(*database, "Closed?");
  {
    auto session = database->write();
    polls::polls_app::QuestionRules rules;
    rules.closes_at = kNow;
    polls::polls_app::save_rules(*session, closed.question, rules);
  }
  AppCounters counters;
  VoteBatcher batcher(*database, counters);
  HeldRow held(*database, poll.yes);
  Voters voters(6);
  voters.cast(batcher, 0, poll.question, poll.yes);
  wait_until([&] { return batcher.committing(); });
  voters.cast(batcher, 1, poll.question, other.yes);  // another question's choice
  voters.cast(batcher, 2, closed.question, closed.yes, kNow + seconds{1});  // after closing
  voters.cast(batcher, 3, poll.question, poll.no);
  voters.cast(batcher, 4, other.question, other.no);
  // Cast before closing, committed with a later one: judged at its own time.
  voters.cast(batcher, 5, closed.question, closed.no, kNow - seconds{1});
  wait_until([&] { return batcher.waiting() == 5; });
  held.release();
  voters.join();
  CHECK(voters.counted[0] == std::optional{true});
  CHECK(voters.counted[1] == std::optional{false});
  CHECK(voters.counted[2] == std::optional{false});
  CHECK(voters.counted[3] == std::optional{true});
  CHECK(voters.counted[4] == std::optional{true});
  CHECK(voters.counted[5] == std::optional{true});
  CHECK(votes(*database, closed.no) == 1);
  CHECK(votes(*database, poll.no) == 1);
  CHECK(votes(*database, other.yes) == 0);
  CHECK(votes(*database, other.no) == 1);
  CHECK(votes(*database, closed.yes) == 0);
  CHECK(counters.vote_commits == 2);
}

TEST_CASE("a commit that fails fails every vote in it, and counts none of them") {
  TestDatabase database(kPatient);
  const Poll poll = make_poll(*database);
  const Poll refused = make_poll(*database, "Refused?");
  // A trigger makes any update of one choice fail, so a group that holds a vote for it fails.
  const std::string id = std::to_string(refused.yes);
  if (database.dialect() == polls::db::Dialect::Postgres) {
    database->write()->execute_script(
        "CREATE FUNCTION refuse_vote() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN RAISE EXCEPTION 'refused by the test'; END$$; "
        "CREATE TRIGGER refuse_vote BEFORE UPDATE ON polls_choice FOR EACH ROW "
        "WHEN (NEW.id = " +
        id + ") EXECUTE FUNCTION refuse_vote();");
  } else {
    database->write()->execute_script(
        "CREATE TRIGGER refuse_vote BEFORE UPDATE ON polls_choice WHEN NEW.id = " + id +
        " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
  }
  AppCounters counters;
  VoteBatcher batcher(*database, counters);
  HeldRow held(*database, poll.yes);
  Voters voters(4);
  voters.cast(batcher, 0, poll.question, poll.yes);
  wait_until([&] { return batcher.committing(); });
  voters.cast(batcher, 1, poll.question, poll.no);
  voters.cast(batcher, 2, refused.question, refused.yes);
  voters.cast(batcher, 3, poll.question, poll.no);
  wait_until([&] { return batcher.waiting() == 3; });
  held.release();
  voters.join();
  CHECK(voters.counted[0] == std::optional{true});
  for (std::size_t i = 1; i < 4; ++i) {
    CHECK_FALSE(voters.counted[i].has_value());
    CHECK(voters.errors[i].find("refused by the test") != std::string::npos);
  }
  CHECK(votes(*database, poll.yes) == 1);
  CHECK(votes(*database, poll.no) == 0);  // its votes were in the failed commit
  CHECK(counters.vote_commits == 1);
  // The batcher goes on: the next vote commits.
  CHECK(batcher.vote(poll.question, poll.no, kNow));
  CHECK(votes(*database, poll.no) == 1);
}

TEST_CASE("many voters at once: every vote answered true is stored") {
  TestDatabase database;
  const Poll poll = make_poll(*database);
  AppCounters counters;
  VoteBatcher batcher(*database, counters);
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::atomic<int> counted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (batcher.vote(poll.question, (t + i) % 2 ? poll.yes : poll.no, kNow)) ++counted;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(counted == kThreads * kEach);
  CHECK(votes(*database, poll.yes) + votes(*database, poll.no) == kThreads * kEach);
  // However they grouped, every vote went through one of the commits counted.
  CHECK(counters.vote_commits >= 1);
}
