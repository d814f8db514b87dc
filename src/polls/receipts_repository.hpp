// Votes that leave a receipt: the SQL of "once per browser", "once per staff account" and of
// knowing who has voted (for results shown after a vote). The plain unlimited vote, with no
// receipt, stays PollsRepository::vote.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "polls/models.hpp"

namespace polls::polls_app {

enum class VoteResult {
  Counted,       // a first vote: one more for the choice, and a receipt
  Changed,       // moved from another choice (allowed by the question): one less there, one here
  AlreadyVoted,  // the voter has a receipt and may not change it (or chose the same): nothing
  NoSuchChoice,  // the choice is not one of the question's: nothing
  Closed,        // the question closed before the vote's transaction began: nothing
};

struct VoteOutcome {
  VoteResult result = VoteResult::NoSuchChoice;
  // The receipt's choice before this vote (AlreadyVoted, Changed); none when it was deleted.
  std::optional<std::int64_t> previous_choice;
};

class ReceiptsRepository {
 public:
  explicit ReceiptsRepository(db::Database& database) : database_(database) {}

  // One vote by `voter` ("browser:..." or "user:...") in one transaction. With `once` the
  // receipt's unique key admits one vote per voter, whatever runs at the same time on any
  // replica, and `allow_change` lets a later vote move it; without, every vote counts and the
  // receipt only remembers that the voter voted.
  VoteOutcome vote(std::int64_t question_id, std::int64_t choice_id, std::string_view voter,
                   bool once, bool allow_change, Timestamp now);

  // The voter's receipt on the question: engaged when they voted, holding the choice (none when
  // that choice was deleted since).
  std::optional<std::optional<std::int64_t>> receipt(std::int64_t question_id,
                                                     std::string_view voter);

 private:
  db::Database& database_;
};

}  // namespace polls::polls_app
