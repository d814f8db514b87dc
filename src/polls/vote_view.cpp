// The vote view: the tutorial's vote, under the question's rules (closing, one vote per voter,
// changing a vote) and the per-address limit on attempts.
#include "http/form.hpp"
#include "polls/detail_page.hpp"
#include "polls/receipts_repository.hpp"
#include "polls/repository.hpp"
#include "polls/urls.hpp"
#include "polls/views.hpp"
#include "polls/voter.hpp"
#include "text/messages.hpp"
#include "web/client_address.hpp"

namespace polls::polls_app {

namespace {

constexpr std::string_view kNoChoice = "You didn't select a choice.";

// After a counted vote: metrics, live results, and a redirect after the POST so that Back or
// Reload cannot vote twice.
void counted(const Deps& deps, httplib::Response& res, std::int64_t id) {
  deps.counters.votes.fetch_add(1, std::memory_order_relaxed);
  deps.live.changed(id);
  res.set_redirect(http::reverse(urls::kResults, {id}), 302);
}

std::string already_voted_message(const QuestionWithChoices& found, const VoteOutcome& outcome) {
  for (const Choice& c : found.choices) {
    if (outcome.previous_choice && c.id == *outcome.previous_choice) {
      return "You already voted for “" + c.choice_text + "”. Your vote was not counted again.";
    }
  }
  return "You already voted on this poll. Your vote was not counted again.";
}

// A question that keeps receipts: one transaction that counts the voter once (or moves their
// vote), whatever else runs at the same time.
void refuse_closed(const Deps& deps, httplib::Response& res, const QuestionWithChoices& found) {
  deps.counters.refused.closed.fetch_add(1, std::memory_order_relaxed);
  render_refusal(deps, res, found, 409, "This poll is closed",
                 "Voting has ended: this vote was not counted.");
}

void vote_with_receipt(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                       const QuestionWithChoices& found, std::int64_t choice) {
  const std::int64_t id = found.question.id;
  const auto voter = voter_for_vote(deps, req, res, found.rules);
  if (!voter) {
    deps.counters.refused.not_signed_in.fetch_add(1, std::memory_order_relaxed);
    render_refusal(deps, res, found, 403, "Sign in to vote",
                   "Only staff accounts may vote on this poll, once each. Sign in first.");
    return;
  }
  const VoteOutcome outcome =
      ReceiptsRepository(deps.database)
          .vote(id, choice, *voter, found.rules.once(), found.rules.allow_change, deps.now());
  switch (outcome.result) {
    case VoteResult::NoSuchChoice:
      render_detail(deps, req, res, found, kNoChoice);
      return;
    case VoteResult::Closed:
      refuse_closed(deps, res, found);
      return;
    case VoteResult::AlreadyVoted:
      deps.counters.refused.already_voted.fetch_add(1, std::memory_order_relaxed);
      render_refusal(deps, res, found, 409, "You already voted",
                     already_voted_message(found, outcome));
      return;
    case VoteResult::Counted:
    case VoteResult::Changed:
      counted(deps, res, id);
      return;
  }
}

}  // namespace

void vote(const Deps& deps, const httplib::Request& req, httplib::Response& res,
          const http::Params& p) {
  const std::int64_t id = p[0];
  const QuestionWithChoices found = find_published(deps, id);
  const Timestamp now = deps.now();
  if (found.rules.closed(now)) {
    refuse_closed(deps, res, found);
    return;
  }
  const std::string address = web::client_address(req, deps.voters.trust_x_forwarded_for);
  if (const auto wait = deps.vote_rate.attempt(address, now)) {
    deps.counters.refused.rate_limited.fetch_add(1, std::memory_order_relaxed);
    res.set_header("Retry-After", std::to_string(wait->count()));
    render_refusal(deps, res, found, 429, "Too many votes",
                   "Too many votes came from your address. Please try again in " +
                       text::counted(wait->count(), "second", "seconds") + ".");
    return;
  }
  const auto submitted = p.form().first("choice");
  const auto choice = submitted ? parse_choice_id(*submitted) : std::nullopt;
  if (!choice) {
    // As in the tutorial: show the question again, count nothing.
    render_detail(deps, req, res, found, kNoChoice);
    return;
  }
  if (keeps_receipts(found.rules)) {
    vote_with_receipt(deps, req, res, found, *choice);
    return;
  }
  if (!deps.vote_batcher.vote(id, *choice, now)) {
    // A foreign choice, or the poll closed since its rules were read: read them again to say.
    const QuestionWithChoices now_found = find_published(deps, id);
    if (now_found.rules.closed(now)) {
      refuse_closed(deps, res, now_found);
    } else {
      render_detail(deps, req, res, now_found, kNoChoice);
    }
    return;
  }
  counted(deps, res, id);
}

}  // namespace polls::polls_app
