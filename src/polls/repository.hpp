// The only place the polls app's SQL lives.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "polls/models.hpp"

namespace polls::polls_app {

// The question in a row whose first columns are id, question_text and pub_date (the other
// repositories that read polls_question use it too). Throws db::Error for an unreadable date.
Question question_from_row(const db::Rows& rows, std::size_t row);

// Statements on a session the caller holds, so that they join its transaction (the admin saves
// a question and its choices with them):
// Any question, published or not, with its choices in creation order.
std::optional<QuestionWithChoices> load_question(db::Session& session, std::int64_t id);
// A new question or choice; its id.
std::int64_t insert_question(db::Session& session, std::string_view text, Timestamp pub_date);
std::int64_t insert_choice(db::Session& session, std::int64_t question_id, std::string_view text,
                           std::int64_t votes);
// Writes a question's rules (its polls_question_rules row, made or replaced).
void save_rules(db::Session& session, std::int64_t question_id, const QuestionRules& rules);
// Tells every replica's live results that the question's counts may have changed, when the
// session's transaction commits (PostgreSQL's NOTIFY; nothing to do on SQLite).
void notify_results_changed(db::Session& session, std::int64_t question_id);

// One vote asked for: a choice of a question, at a time (a question closed by then refuses it).
struct VoteRequest {
  std::int64_t question_id = 0;
  std::int64_t choice_id = 0;
  Timestamp at{};
};

// The PostgreSQL channel of those notices (payload: the question's id).
inline constexpr std::string_view kResultsChannel = "polls_results";

class PollsRepository {
 public:
  explicit PollsRepository(db::Database& database) : database_(database) {}

  // The `limit` most recent questions published at or before `now`, newest first.
  std::vector<Question> latest_published(Timestamp now, int limit = 5);
  // The first publication date after `now`, when a question waits for one: when the list above
  // next changes with the clock.
  std::optional<Timestamp> next_publication(Timestamp now);

  // How many questions are published at or before `now`, and one page of them, newest first
  // (`offset` skipped, at most `limit`), with their rules: the JSON API's list.
  std::int64_t count_published(Timestamp now);
  std::vector<QuestionWithRules> published_page(Timestamp now, std::int64_t offset,
                                                std::int64_t limit);

  // The question with its choices (in creation order) if it exists and is published by `now`.
  std::optional<QuestionWithChoices> find_published(std::int64_t id, Timestamp now);

  // Adds one vote to a choice of that question, atomically; false if the choice is not one of
  // the question's (unknown, or belonging to another question) or the question has closed by
  // `now`.
  bool vote(std::int64_t question_id, std::int64_t choice_id, Timestamp now);
  // Adds every vote in one commit (a group commit: vote_batcher.hpp): all of them or, when it
  // throws, none. Whether each counted, in order, as vote() would have said at its time. On
  // PostgreSQL one statement adds them and notifies the live results once per question.
  std::vector<bool> vote_all(std::span<const VoteRequest> votes);

  // Creation, for seeding and tests.
  std::int64_t create_question(std::string_view text, Timestamp pub_date);
  std::int64_t create_choice(std::int64_t question_id, std::string_view text,
                             std::int64_t votes = 0);

 private:
  db::Database& database_;
};

}  // namespace polls::polls_app
