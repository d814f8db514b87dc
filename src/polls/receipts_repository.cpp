// SQL for votes with receipts: see receipts_repository.hpp.
#include "polls/receipts_repository.hpp"

#include "polls/repository.hpp"

namespace polls::polls_app {

namespace {

constexpr std::string_view kIsChoiceOf =
    "SELECT 1 FROM polls_choice WHERE id = $1 AND question_id = $2";

// The closing time, read again inside the vote's transaction (the view read the rules earlier, on
// another connection). PostgreSQL: FOR SHARE, so that "Close poll now" (an UPDATE of this row)
// waits for a vote in progress, and a vote waits for a close in progress and then sees it.
constexpr std::string_view kClosesAt =
    "SELECT closes_at FROM polls_question_rules WHERE question_id = $1";
constexpr std::string_view kClosesAtForShare =
    "SELECT closes_at FROM polls_question_rules WHERE question_id = $1 FOR SHARE";

// ON CONFLICT DO NOTHING rather than catching a unique violation: on PostgreSQL a second
// transaction inserting the same key waits for the first and then inserts nothing, so two
// parallel votes of one voter count once without an error in either.
constexpr std::string_view kInsertReceipt =
    "INSERT INTO polls_vote_receipt (question_id, voter, choice_id, voted_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (question_id, voter) DO NOTHING RETURNING id";
constexpr std::string_view kSelectReceipt =
    "SELECT choice_id FROM polls_vote_receipt WHERE question_id = $1 AND voter = $2";
// PostgreSQL: holds the receipt until the transaction ends, so that two changes of one vote
// cannot both take one from the same old choice.
constexpr std::string_view kSelectReceiptForUpdate =
    "SELECT choice_id FROM polls_vote_receipt WHERE question_id = $1 AND voter = $2 FOR UPDATE";
constexpr std::string_view kUpdateReceipt =
    "UPDATE polls_vote_receipt SET choice_id = $3, voted_at = $4 "
    "WHERE question_id = $1 AND voter = $2";
constexpr std::string_view kAddVote = "UPDATE polls_choice SET votes = votes + 1 WHERE id = $1";
// Never below zero: staff may have lowered the count in the admin since.
constexpr std::string_view kTakeVote =
    "UPDATE polls_choice SET votes = votes - 1 WHERE id = $1 AND votes > 0";

std::optional<std::int64_t> choice_of(const db::Rows& rows) {
  if (rows.is_null(0, 0)) return std::nullopt;
  return rows.integer(0, 0);
}

}  // namespace

VoteOutcome ReceiptsRepository::vote(std::int64_t question_id, std::int64_t choice_id,
                                     std::string_view voter, bool once, bool allow_change,
                                     Timestamp now) {
  auto session = database_.write();
  db::Transaction transaction(*session);
  if (session->query(kIsChoiceOf, {choice_id, question_id}).empty()) return {};
  const bool postgres = session->dialect() == db::Dialect::Postgres;
  const db::Rows rules = session->query(postgres ? kClosesAtForShare : kClosesAt, {question_id});
  if (!rules.empty()) {
    const auto closes_at = rules.optional_timestamp(0, 0);
    if (closes_at && *closes_at <= now) return {VoteResult::Closed, std::nullopt};
  }
  const bool first = !session->query(kInsertReceipt, {question_id, voter, choice_id, now}).empty();
  VoteOutcome outcome{VoteResult::Counted, std::nullopt};
  if (!first) {
    outcome.previous_choice = choice_of(
        session->query(postgres ? kSelectReceiptForUpdate : kSelectReceipt, {question_id, voter}));
    if (once && (!allow_change || outcome.previous_choice == choice_id)) {
      outcome.result = VoteResult::AlreadyVoted;
      return outcome;  // rolls back: nothing written
    }
    session->execute(kUpdateReceipt, {question_id, voter, choice_id, now});
    if (once) {
      outcome.result = VoteResult::Changed;
      if (outcome.previous_choice) session->execute(kTakeVote, {*outcome.previous_choice});
    }
  }
  session->execute(kAddVote, {choice_id});
  notify_results_changed(*session, question_id);
  transaction.commit();
  return outcome;
}

std::optional<std::optional<std::int64_t>> ReceiptsRepository::receipt(std::int64_t question_id,
                                                                       std::string_view voter) {
  auto session = database_.read();
  const db::Rows rows = session->query(kSelectReceipt, {question_id, voter});
  if (rows.empty()) return std::nullopt;
  return choice_of(rows);
}

}  // namespace polls::polls_app
