// A published question with two choices, and its vote counts read back: what the tests of the
// vote paths (receipts, group commits) start from, against whichever database the run uses.
#pragma once

#include <chrono>
#include <cstdint>

#include "db/database.hpp"
#include "polls/repository.hpp"

namespace polls::testing {

// The tests' "now": noon on 5 December 2026.
inline const db::Timestamp kPollNow =
    db::Timestamp{std::chrono::sys_days{std::chrono::year{2026} / 12 / 5}} + std::chrono::hours{12};

struct Poll {
  std::int64_t question = 0;
  std::int64_t yes = 0;
  std::int64_t no = 0;
};

// A question published a day before kPollNow, with the choices "Yes" and "No".
inline Poll make_poll(db::Database& database, const char* text = "Tea?") {
  polls_app::PollsRepository polls(database);
  Poll poll;
  poll.question = polls.create_question(text, kPollNow - std::chrono::days{1});
  poll.yes = polls.create_choice(poll.question, "Yes");
  poll.no = polls.create_choice(poll.question, "No");
  return poll;
}

// The choice's vote count, as stored.
inline std::int64_t votes(db::Database& database, std::int64_t choice) {
  auto session = database.read();
  return session->query("SELECT votes FROM polls_choice WHERE id = $1", {choice}).integer(0, 0);
}

}  // namespace polls::testing
