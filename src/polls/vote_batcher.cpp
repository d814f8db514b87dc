// See vote_batcher.hpp.
#include "polls/vote_batcher.hpp"

#include <algorithm>
#include <exception>

namespace polls::polls_app {

struct VoteBatcher::Pending {
  VoteRequest vote;
  Timestamp now;
  bool done = false;
  bool counted = false;
  std::exception_ptr error{};
};

bool VoteBatcher::vote(std::int64_t question_id, std::int64_t choice_id, Timestamp now) {
  Pending mine{.vote = {question_id, choice_id}, .now = now};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&mine);
  while (!mine.done) {
    if (committing_) {
      committed_.wait(lock);
      continue;
    }
    // No commit in progress: lead the next one, with every vote waiting now (this one too).
    committing_ = true;
    std::vector<Pending*> group;
    group.swap(waiting_);
    lock.unlock();
    commit(group);
    lock.lock();
    for (Pending* pending : group) pending->done = true;
    committing_ = false;
    // The votes that came during this commit wake, and one of them leads the next.
    committed_.notify_all();
  }
  if (mine.error) std::rethrow_exception(mine.error);
  return mine.counted;
}

void VoteBatcher::commit(const std::vector<Pending*>& group) {
  std::vector<VoteRequest> votes;
  votes.reserve(group.size());
  // The latest arrival's time for all: a vote that waited past the closing time is refused, as
  // it would be if it had come then.
  Timestamp now = group.front()->now;
  for (const Pending* pending : group) {
    votes.push_back(pending->vote);
    now = std::max(now, pending->now);
  }
  try {
    const std::vector<bool> counted = PollsRepository(database_).vote_all(votes, now);
    for (std::size_t i = 0; i < group.size(); ++i) group[i]->counted = counted[i];
    counters_.vote_commits.fetch_add(1, std::memory_order_relaxed);
  } catch (...) {
    const std::exception_ptr error = std::current_exception();
    for (Pending* pending : group) pending->error = error;
  }
}

std::size_t VoteBatcher::waiting() const {
  const std::lock_guard lock(mutex_);
  return waiting_.size();
}

bool VoteBatcher::committing() const {
  const std::lock_guard lock(mutex_);
  return committing_;
}

}  // namespace polls::polls_app
