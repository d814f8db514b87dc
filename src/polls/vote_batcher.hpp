// Group commit for votes: a vote waits for the commit in progress, if any, and then goes into
// the next one with every other vote that arrived meanwhile. Whoever finds no commit in progress
// leads: it commits the waiting votes, answers them and leaves (so a lone vote is committed at
// once, by its own thread, with no hand-off). A call returns only after the commit that holds its
// vote, so nothing answered is lost; a failed commit fails every vote in it, and none counted.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

#include "db/database.hpp"
#include "ops/app_counters.hpp"
#include "polls/models.hpp"
#include "polls/repository.hpp"

namespace polls::polls_app {

class VoteBatcher {
 public:
  // `counters.vote_commits` counts the commits (votes / commits is the mean group).
  VoteBatcher(db::Database& database, ops::AppCounters& counters)
      : database_(database), counters_(counters) {}

  // Adds one vote to a choice of the question, as PollsRepository::vote; true once committed,
  // false if the choice is not the question's or the question had closed by `now` (each vote of
  // a group is judged at its own time). Throws the commit's db::Error. A caller must not hold
  // the database's write lease (SQLite's one writer): the commit needs it.
  bool vote(std::int64_t question_id, std::int64_t choice_id, Timestamp now);

  // Votes waiting for the next commit (tests hold a commit open and watch them gather).
  std::size_t waiting() const;
  // Whether a commit is in progress.
  bool committing() const;

 private:
  struct Pending;
  void commit(const std::vector<Pending*>& group) noexcept;

  db::Database& database_;
  ops::AppCounters& counters_;
  mutable std::mutex mutex_;
  std::condition_variable committed_;
  std::vector<Pending*> waiting_;  // each on its caller's stack until that call returns
  bool committing_ = false;
};

}  // namespace polls::polls_app
