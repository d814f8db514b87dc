// See vote_batcher.hpp.
#include "polls/vote_batcher.hpp"

#include <exception>
#include <stdexcept>
#include <string>

namespace polls::polls_app {

struct VoteBatcher::Pending {
  VoteRequest vote;
  bool done = false;
  bool counted = false;
  std::exception_ptr error{};
};

bool VoteBatcher::vote(std::int64_t question_id, std::int64_t choice_id, Timestamp now) {
  Pending mine{.vote = {question_id, choice_id, now}};
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
    commit(group);  // answers every vote in the group, and throws nothing
    lock.lock();
    for (Pending* pending : group) pending->done = true;
    committing_ = false;
    // The votes that came during this commit wake, and one of them leads the next.
    committed_.notify_all();
  }
  if (mine.error) std::rethrow_exception(mine.error);
  return mine.counted;
}

void VoteBatcher::commit(const std::vector<Pending*>& group) noexcept {
  try {
    std::vector<VoteRequest> votes;
    votes.reserve(group.size());
    for (const Pending* pending : group) votes.push_back(pending->vote);
    const std::vector<bool> counted = PollsRepository(database_).vote_all(votes);
    if (counted.size() != group.size()) {
      throw std::logic_error("vote_all answered " + std::to_string(counted.size()) + " votes of " +
                             std::to_string(group.size()));
    }
    for (std::size_t i = 0; i < group.size(); ++i) group[i]->counted = counted[i];
    counters_.vote_commits.fetch_add(1, std::memory_order_relaxed);
  } catch (...) {
    // Nothing of the group was committed (vote_all is all or nothing): each of its votes fails.
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
