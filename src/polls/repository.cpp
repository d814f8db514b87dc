// SQL for the public polls pages and voting.
#include "polls/repository.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "db/errors.hpp"
#include "polls/rules.hpp"

namespace polls::polls_app {

Question question_from_row(const db::Rows& rows, std::size_t row) {
  Question q;
  q.id = rows.integer(row, 0);
  q.question_text = rows.text(row, 1);
  q.pub_date = rows.timestamp(row, 2);
  return q;
}

// pub_date is compared as each dialect stores it (on SQLite Django's text, which sorts like the
// time it names).
constexpr std::string_view kSelectLatest =
    "SELECT id, question_text, pub_date FROM polls_question "
    "WHERE pub_date <= $1 ORDER BY pub_date DESC, id DESC LIMIT $2";

std::vector<Question> PollsRepository::latest_published(Timestamp now, int limit) {
  auto session = database_.read();
  const db::Rows rows = session->query(kSelectLatest, {now, std::int64_t{limit}});
  std::vector<Question> questions;
  questions.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) questions.push_back(question_from_row(rows, i));
  return questions;
}

constexpr std::string_view kSelectNextPublication =
    "SELECT pub_date FROM polls_question WHERE pub_date > $1 ORDER BY pub_date LIMIT 1";

std::optional<Timestamp> PollsRepository::next_publication(Timestamp now) {
  auto session = database_.read();
  const db::Rows rows = session->query(kSelectNextPublication, {now});
  if (rows.empty()) return std::nullopt;
  return rows.timestamp(0, 0);
}

// The rules in columns first..first+3 of a row (voters, allow_change, closes_at, results); the
// defaults when they are NULL (a question without a rules row).
QuestionRules rules_from_row(const db::Rows& rows, std::size_t row, std::size_t first) {
  QuestionRules rules;
  if (rows.is_null(row, first)) return rules;
  const auto voters = voters_from_code(rows.text(row, first));
  const auto results = results_from_code(rows.text(row, first + 3));
  if (!voters || !results) {
    throw db::Error("polls_question_rules: unknown voters or results code \"" +
                    rows.text(row, first) + "\", \"" + rows.text(row, first + 3) + "\"");
  }
  rules.voters = *voters;
  rules.allow_change = rows.boolean(row, first + 1);
  rules.closes_at = rows.optional_timestamp(row, first + 2);
  rules.results = *results;
  return rules;
}

constexpr std::string_view kCountPublished =
    "SELECT COUNT(*) FROM polls_question WHERE pub_date <= $1";

std::int64_t PollsRepository::count_published(Timestamp now) {
  auto session = database_.read();
  return session->query(kCountPublished, {now}).integer(0, 0);
}

// Ordered as kSelectLatest, with the id breaking ties, so that pages neither repeat nor skip a
// question published at the same instant as another.
constexpr std::string_view kSelectPublishedPage =
    "SELECT q.id, q.question_text, q.pub_date, r.voters, r.allow_change, r.closes_at, r.results "
    "FROM polls_question q LEFT JOIN polls_question_rules r ON r.question_id = q.id "
    "WHERE q.pub_date <= $1 ORDER BY q.pub_date DESC, q.id DESC LIMIT $2 OFFSET $3";

std::vector<QuestionWithRules> PollsRepository::published_page(Timestamp now, std::int64_t offset,
                                                               std::int64_t limit) {
  auto session = database_.read();
  const db::Rows rows = session->query(kSelectPublishedPage, {now, limit, offset});
  std::vector<QuestionWithRules> page;
  page.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    page.push_back({question_from_row(rows, i), rules_from_row(rows, i, 3)});
  }
  return page;
}

constexpr std::string_view kSelectWithChoices =
    "SELECT q.id, q.question_text, q.pub_date, c.id, c.choice_text, c.votes, "
    "r.voters, r.allow_change, r.closes_at, r.results "
    "FROM polls_question q LEFT JOIN polls_choice c ON c.question_id = q.id "
    "LEFT JOIN polls_question_rules r ON r.question_id = q.id "
    "WHERE q.id = $1 AND q.pub_date <= $2 ORDER BY c.id";

std::optional<QuestionWithChoices> PollsRepository::find_published(std::int64_t id, Timestamp now) {
  auto session = database_.read();
  const db::Rows rows = session->query(kSelectWithChoices, {id, now});
  if (rows.empty()) return std::nullopt;
  QuestionWithChoices result{question_from_row(rows, 0), {}, rules_from_row(rows, 0, 6)};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows.is_null(i, 3)) continue;  // a question without choices
    result.choices.push_back({rows.integer(i, 3), id, rows.text(i, 4), rows.integer(i, 5)});
  }
  return result;
}

// One statement, so concurrent votes cannot lose an update; scoped to the question so a choice
// of another question counts nothing; and not once the question has closed, read in the same
// statement (the caller's look at the rules came earlier, on another connection).
constexpr std::string_view kVote =
    "UPDATE polls_choice SET votes = votes + 1 WHERE id = $1 AND question_id = $2 "
    "AND NOT EXISTS (SELECT 1 FROM polls_question_rules r WHERE r.question_id = $2 "
    "AND r.closes_at <= $3)";

// On PostgreSQL the same update also notifies every replica's live results (live_results.hpp),
// in one statement: the notice goes out when, and only if, the vote commits.
constexpr std::string_view kVoteAndNotify =
    "WITH voted AS (UPDATE polls_choice SET votes = votes + 1 WHERE id = $1 AND question_id = $2 "
    "AND NOT EXISTS (SELECT 1 FROM polls_question_rules r WHERE r.question_id = $2 "
    "AND r.closes_at <= $3) RETURNING question_id) "
    "SELECT pg_notify('polls_results', question_id::text) FROM voted";
static_assert(kVoteAndNotify.find(kResultsChannel) != std::string_view::npos);

bool PollsRepository::vote(std::int64_t question_id, std::int64_t choice_id, Timestamp now) {
  auto session = database_.write();
  if (session->dialect() == db::Dialect::Postgres) {
    return session->query(kVoteAndNotify, {choice_id, question_id, now}).size() == 1;
  }
  return session->execute(kVote, {choice_id, question_id, now}) == 1;
}

// Each vote is judged at its own time (`at`, microseconds since 1970): those cast once their
// question had closed are left out; each distinct (choice, question) pair left is updated once by
// its count (PostgreSQL refuses to update one row twice in a statement), its rows locked first in
// id order, so that two replicas' groups never lock the same rows in opposite orders. Each row
// updated comes back with its question's closing time, read in the same snapshot, which tells
// each vote's outcome. pg_notify sends one notice per question and transaction (it folds equal
// payloads).
constexpr std::string_view kVoteAllAndNotify =
    "WITH v AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) "
    "AS v(choice_id, question_id, at_us)), "
    "asked AS (SELECT choice_id, question_id, count(*) AS n FROM v WHERE NOT EXISTS "
    "(SELECT 1 FROM polls_question_rules r WHERE r.question_id = v.question_id "
    "AND r.closes_at <= timestamptz 'epoch' + v.at_us * interval '1 microsecond') GROUP BY 1, 2), "
    "locked AS (SELECT c.id FROM polls_choice c JOIN asked ON c.id = asked.choice_id "
    "AND c.question_id = asked.question_id ORDER BY c.id FOR UPDATE OF c), "
    "voted AS (UPDATE polls_choice c SET votes = c.votes + asked.n FROM asked "
    "WHERE c.id = asked.choice_id AND c.question_id = asked.question_id "
    "AND c.id IN (SELECT id FROM locked) "
    "RETURNING c.id, c.question_id) "
    "SELECT voted.id, voted.question_id, "
    "(SELECT r.closes_at FROM polls_question_rules r WHERE r.question_id = voted.question_id), "
    "pg_notify('polls_results', voted.question_id::text) FROM voted";
static_assert(kVoteAllAndNotify.find(kResultsChannel) != std::string_view::npos);

namespace {

// A PostgreSQL array literal, "{1,2,3}".
template <typename Field>
std::string array_of(std::span<const VoteRequest> votes, Field field) {
  std::string text = "{";
  for (const VoteRequest& vote : votes) {
    if (text.size() > 1) text += ',';
    text += std::to_string(field(vote));
  }
  return text + "}";
}

std::vector<bool> vote_all_postgres(db::Session& session, std::span<const VoteRequest> votes) {
  const std::string choices = array_of(votes, [](const VoteRequest& v) { return v.choice_id; });
  const std::string questions = array_of(votes, [](const VoteRequest& v) { return v.question_id; });
  const std::string times =
      array_of(votes, [](const VoteRequest& v) { return v.at.time_since_epoch().count(); });
  const db::Rows rows = session.query(
      kVoteAllAndNotify,
      {std::string_view(choices), std::string_view(questions), std::string_view(times)});
  // The choices updated, each with its question's closing time.
  std::map<std::pair<std::int64_t, std::int64_t>, std::optional<Timestamp>> updated;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    updated.emplace(std::pair{rows.integer(i, 0), rows.integer(i, 1)},
                    rows.optional_timestamp(i, 2));
  }
  std::vector<bool> results;
  results.reserve(votes.size());
  for (const VoteRequest& vote : votes) {
    const auto found = updated.find({vote.choice_id, vote.question_id});
    results.push_back(found != updated.end() && !(found->second && *found->second <= vote.at));
  }
  return results;
}

}  // namespace

std::vector<bool> PollsRepository::vote_all(std::span<const VoteRequest> votes) {
  auto session = database_.write();
  if (session->dialect() == db::Dialect::Postgres) return vote_all_postgres(*session, votes);
  // SQLite: the same statement as one vote, once per vote, in one transaction; the commit (and
  // its sync under synchronous=full) is what costs, and it is paid once.
  std::vector<bool> results;
  results.reserve(votes.size());
  db::Transaction transaction(*session);
  for (const VoteRequest& vote : votes) {
    results.push_back(session->execute(kVote, {vote.choice_id, vote.question_id, vote.at}) == 1);
  }
  transaction.commit();
  return results;
}

constexpr std::string_view kNotify = "SELECT pg_notify('polls_results', $1)";

void notify_results_changed(db::Session& session, std::int64_t question_id) {
  if (session.dialect() != db::Dialect::Postgres) return;  // SQLite's listener hears every write
  const std::string payload = std::to_string(question_id);
  session.query(kNotify, {std::string_view(payload)});
}

constexpr std::string_view kInsertQuestion =
    "INSERT INTO polls_question (question_text, pub_date) VALUES ($1, $2) RETURNING id";

std::int64_t insert_question(db::Session& session, std::string_view text, Timestamp pub_date) {
  return session.query(kInsertQuestion, {text, pub_date}).integer(0, 0);
}

constexpr std::string_view kInsertChoice =
    "INSERT INTO polls_choice (question_id, choice_text, votes) VALUES ($1, $2, $3) RETURNING id";

std::int64_t insert_choice(db::Session& session, std::int64_t question_id, std::string_view text,
                           std::int64_t votes) {
  return session.query(kInsertChoice, {question_id, text, votes}).integer(0, 0);
}

constexpr std::string_view kSelectOne =
    "SELECT q.id, q.question_text, q.pub_date, r.voters, r.allow_change, r.closes_at, r.results "
    "FROM polls_question q LEFT JOIN polls_question_rules r ON r.question_id = q.id "
    "WHERE q.id = $1";
constexpr std::string_view kSelectChoices =
    "SELECT id, choice_text, votes FROM polls_choice WHERE question_id = $1 ORDER BY id";

std::optional<QuestionWithChoices> load_question(db::Session& session, std::int64_t id) {
  const db::Rows question = session.query(kSelectOne, {id});
  if (question.empty()) return std::nullopt;
  QuestionWithChoices found{question_from_row(question, 0), {}, rules_from_row(question, 0, 3)};
  const db::Rows choices = session.query(kSelectChoices, {id});
  for (std::size_t i = 0; i < choices.size(); ++i) {
    found.choices.push_back({choices.integer(i, 0), id, choices.text(i, 1), choices.integer(i, 2)});
  }
  return found;
}

constexpr std::string_view kSaveRules =
    "INSERT INTO polls_question_rules (question_id, voters, allow_change, closes_at, results) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (question_id) DO UPDATE SET voters = $2, "
    "allow_change = $3, closes_at = $4, results = $5";

void save_rules(db::Session& session, std::int64_t question_id, const QuestionRules& rules) {
  db::Param closes_at = nullptr;
  if (rules.closes_at) closes_at = *rules.closes_at;
  session.execute(kSaveRules, {question_id, code_of(rules.voters), rules.allow_change, closes_at,
                               code_of(rules.results)});
}

std::int64_t PollsRepository::create_question(std::string_view text, Timestamp pub_date) {
  auto session = database_.write();
  return insert_question(*session, text, pub_date);
}

std::int64_t PollsRepository::create_choice(std::int64_t question_id, std::string_view text,
                                            std::int64_t votes) {
  auto session = database_.write();
  return insert_choice(*session, question_id, text, votes);
}

}  // namespace polls::polls_app
