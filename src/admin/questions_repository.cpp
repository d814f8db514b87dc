// SQL of the question admin: see questions.hpp.
#include "admin/questions_repository.hpp"

#include "polls/repository.hpp"
#include "polls/rules.hpp"

namespace polls::admin {

namespace {

using polls_app::Choice;
using polls_app::Question;
using polls_app::QuestionWithChoices;

// Bounds that select every date Django can store (years 1 to 9999), for a filter not in use (one
// statement serves both).
constexpr db::Timestamp kEarliest{
    std::chrono::sys_days{std::chrono::year{1} / std::chrono::January / 1}.time_since_epoch()};
constexpr db::Timestamp kLatest{
    std::chrono::sys_days{std::chrono::year{10000} / std::chrono::January / 1}.time_since_epoch() -
    std::chrono::microseconds{1}};

// With each question's closing time, for the Status column (NULL: no rules row, or never).
#define POLLS_LIST_SELECT                                                        \
  "SELECT q.id, q.question_text, q.pub_date, r.closes_at FROM polls_question q " \
  "LEFT JOIN polls_question_rules r ON r.question_id = q.id "                    \
  "WHERE ($1 = '' OR lower(q.question_text) LIKE lower($1) ESCAPE '\\') "        \
  "AND q.pub_date >= $2 AND q.pub_date < $3 "
#define POLLS_LIST_PAGE " LIMIT $4 OFFSET $5"

// One constant per order: statements are prepared once per connection, keyed by the constant.
constexpr std::string_view kListDefault = POLLS_LIST_SELECT "ORDER BY id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListTextAsc =
    POLLS_LIST_SELECT "ORDER BY question_text ASC, id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListTextDesc =
    POLLS_LIST_SELECT "ORDER BY question_text DESC, id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListDateAsc =
    POLLS_LIST_SELECT "ORDER BY pub_date ASC, id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListDateDesc =
    POLLS_LIST_SELECT "ORDER BY pub_date DESC, id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListCount =
    "SELECT count(*) FROM polls_question "
    "WHERE ($1 = '' OR lower(question_text) LIKE lower($1) ESCAPE '\\') "
    "AND pub_date >= $2 AND pub_date < $3";
constexpr std::string_view kCountAll = "SELECT count(*) FROM polls_question";

#undef POLLS_LIST_SELECT
#undef POLLS_LIST_PAGE

std::string_view list_sql(Order order) {
  switch (order) {
    case Order::TextAsc:
      return kListTextAsc;
    case Order::TextDesc:
      return kListTextDesc;
    case Order::DateAsc:
      return kListDateAsc;
    case Order::DateDesc:
      return kListDateDesc;
    case Order::Default:
      break;
  }
  return kListDefault;
}

const Choice* choice_with_id(const QuestionWithChoices& found, std::int64_t id) {
  for (const Choice& choice : found.choices) {
    if (choice.id == id) return &choice;
  }
  return nullptr;
}

ChangePart choice_part(ChangePart::Kind kind, std::string_view text) {
  ChangePart part;
  part.kind = kind;
  part.related_name = "choice";
  part.related_object = std::string(text);
  return part;
}

constexpr std::string_view kUpdateQuestion =
    "UPDATE polls_question SET question_text = $1, pub_date = $2 WHERE id = $3";
constexpr std::string_view kUpdateChoice =
    "UPDATE polls_choice SET choice_text = $1, votes = $2 WHERE id = $3 AND question_id = $4";
constexpr std::string_view kUpdateChoiceText =
    "UPDATE polls_choice SET choice_text = $1 WHERE id = $2 AND question_id = $3";
constexpr std::string_view kDeleteChoice =
    "DELETE FROM polls_choice WHERE id = $1 AND question_id = $2";
constexpr std::string_view kDeleteChoices = "DELETE FROM polls_choice WHERE question_id = $1";
constexpr std::string_view kDeleteQuestion = "DELETE FROM polls_question WHERE id = $1";

}  // namespace

std::string search_pattern(std::string_view search) {
  if (search.empty()) return {};
  std::string pattern = "%";
  for (const char c : search) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  pattern += '%';
  return pattern;
}

QuestionList QuestionsRepository::list(const ListQuery& query) {
  const std::string pattern = search_pattern(query.search);
  const db::Timestamp from = query.from.value_or(kEarliest);
  const db::Timestamp until = query.until.value_or(kLatest);
  const std::int64_t page = std::max(query.page, 1);
  auto session = database_.read();
  QuestionList result;
  const db::Rows rows = session->query(
      list_sql(query.order), {std::string_view(pattern), from, until,
                              std::int64_t{kQuestionsPerPage}, (page - 1) * kQuestionsPerPage});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    result.questions.push_back(
        {polls_app::question_from_row(rows, i), rows.optional_timestamp(i, 3)});
  }
  result.matched =
      session->query(kListCount, {std::string_view(pattern), from, until}).integer(0, 0);
  result.total = session->query(kCountAll).integer(0, 0);
  return result;
}

std::optional<QuestionWithChoices> QuestionsRepository::find(std::int64_t id) {
  auto session = database_.read();
  return polls_app::load_question(*session, id);
}

namespace {

StaleForm question_gone() {
  return StaleForm("This question no longer exists: it may have been deleted.");
}

StaleForm choice_gone() {
  return StaleForm("A choice no longer exists: it may have been deleted.");
}

// The rules to write: the form's, but a closing time the user left as the form showed it keeps
// the stored one (which "Close poll now" may have set meanwhile: a form opened before must not
// reopen the poll), and one shown (in whole seconds) and saved back unchanged keeps its
// microseconds, as pub_date does, so an untouched save changes nothing.
polls_app::QuestionRules rules_to_save(const polls_app::QuestionRules& current,
                                       const RulesForm& form) {
  polls_app::QuestionRules typed = form.parsed;
  if (form.closes_untouched()) {
    typed.closes_at = current.closes_at;
    return typed;
  }
  if (current.closes_at && typed.closes_at &&
      std::chrono::floor<std::chrono::seconds>(*current.closes_at) == *typed.closes_at) {
    typed.closes_at = current.closes_at;
  }
  return typed;
}

// Writes the question's own fields and its rules over `current`; what changed, for the change
// message. A question whose rules stay as they were keeps no rules row if it had none.
std::optional<ChangePart> update_question(db::Session& session, const QuestionWithChoices& current,
                                          const QuestionForm& form) {
  db::Timestamp pub_date = form.parsed_pub_date;
  // The form shows whole seconds: a date saved back unchanged keeps its microseconds (Django
  // reads the initial value the same way), so an untouched save changes nothing.
  if (std::chrono::floor<std::chrono::seconds>(current.question.pub_date) == pub_date) {
    pub_date = current.question.pub_date;
  }
  const std::int64_t id = current.question.id;
  if (session.execute(kUpdateQuestion, {std::string_view(form.question_text), pub_date, id}) != 1)
    throw question_gone();
  ChangePart own;
  if (current.question.question_text != form.question_text)
    own.fields.emplace_back("Question text");
  if (current.question.pub_date != pub_date) own.fields.emplace_back("Date published");
  const polls_app::QuestionRules rules = rules_to_save(current.rules, form.rules);
  if (rules != current.rules) {
    polls_app::save_rules(session, id, rules);
    for (std::string& field : changed_rule_fields(current.rules, rules)) {
      own.fields.push_back(std::move(field));
    }
  }
  if (own.fields.empty()) return std::nullopt;
  return own;
}

// Writes one row of an existing choice (`before`): deleted, changed, or left; what changed.
std::optional<ChangePart> save_existing_choice(db::Session& session, std::int64_t question_id,
                                               const Choice& before, const ChoiceRow& row) {
  if (row.remove) {
    if (session.execute(kDeleteChoice, {before.id, question_id}) != 1) throw choice_gone();
    return choice_part(ChangePart::Deleted, before.choice_text);
  }
  // Votes the user left as shown are not written: votes cast meanwhile stay counted.
  const bool votes_edited = !row.initial_votes || *row.initial_votes != row.parsed_votes;
  ChangePart part = choice_part(ChangePart::Changed, row.choice_text);
  if (before.choice_text != row.choice_text) part.fields.emplace_back("Choice text");
  if (votes_edited && before.votes != row.parsed_votes) part.fields.emplace_back("Votes");
  if (part.fields.empty()) return std::nullopt;
  const std::string_view text = row.choice_text;
  const std::int64_t updated =
      votes_edited
          ? session.execute(kUpdateChoice, {text, row.parsed_votes, before.id, question_id})
          : session.execute(kUpdateChoiceText, {text, before.id, question_id});
  if (updated != 1) throw choice_gone();
  return part;
}

// Writes the formset's rows; what changed, in Django's order: additions, changes, deletions.
std::vector<ChangePart> save_choices(db::Session& session, std::int64_t question_id,
                                     const std::optional<QuestionWithChoices>& current,
                                     const QuestionForm& form) {
  std::vector<ChangePart> added;
  std::vector<ChangePart> changed;
  std::vector<ChangePart> deleted;
  for (const ChoiceRow& row : form.choices) {
    if (!row.id) {
      if (row.remove || row.blank()) continue;
      polls_app::insert_choice(session, question_id, row.choice_text, row.parsed_votes);
      added.push_back(choice_part(ChangePart::Added, row.choice_text));
      continue;
    }
    const Choice* before = current ? choice_with_id(*current, *row.id) : nullptr;
    if (before == nullptr) throw choice_gone();
    if (auto part = save_existing_choice(session, question_id, *before, row)) {
      (part->kind == ChangePart::Deleted ? deleted : changed).push_back(std::move(*part));
    }
  }
  for (auto* parts : {&changed, &deleted}) {
    for (ChangePart& part : *parts) added.push_back(std::move(part));
  }
  return added;
}

}  // namespace

SaveResult QuestionsRepository::save(std::int64_t user_id, std::optional<std::int64_t> id,
                                     const QuestionForm& form, db::Timestamp now) {
  auto session = database_.write();
  db::Transaction transaction(*session);
  SaveResult result;
  std::optional<QuestionWithChoices> current;
  if (id) {
    current = polls_app::load_question(*session, *id);
    if (!current) throw question_gone();
    if (auto own = update_question(*session, *current, form)) result.changes.push_back(*own);
    result.id = *id;
  } else {
    result.id = polls_app::insert_question(*session, form.question_text, form.parsed_pub_date);
    // The default rules need no row: a question without one votes as the tutorial's does.
    if (form.rules.parsed != polls_app::QuestionRules{}) {
      polls_app::save_rules(*session, result.id, form.rules.parsed);
    }
    result.changes.push_back({ChangePart::Added, {}, {}, {}});
  }
  for (ChangePart& part : save_choices(*session, result.id, current, form)) {
    result.changes.push_back(std::move(part));
  }
  AdminLogRepository::record(*session, user_id, id ? Action::Change : Action::Addition, result.id,
                             form.question_text, change_message_json(result.changes), now);
  // Its results page, open on any replica, follows an edit of the counts or the choices.
  polls_app::notify_results_changed(*session, result.id);
  transaction.commit();
  return result;
}

// The admin log's change message for closing: Django's history shows a message that is not a
// JSON list as written.
constexpr std::string_view kClosedMessage = "Closed the poll.";

std::optional<Closing> QuestionsRepository::close_poll(std::int64_t user_id, std::int64_t id,
                                                       db::Timestamp now) {
  auto session = database_.write();
  db::Transaction transaction(*session);
  const auto current = polls_app::load_question(*session, id);
  if (!current) return std::nullopt;
  Closing closing{current->question.question_text, current->rules.closed(now)};
  if (closing.already_closed) return closing;
  polls_app::QuestionRules rules = current->rules;
  rules.closes_at = now;
  polls_app::save_rules(*session, id, rules);
  AdminLogRepository::record(*session, user_id, Action::Change, id, current->question.question_text,
                             kClosedMessage, now);
  // Open results pages learn that the poll closed (and may now show its counts).
  polls_app::notify_results_changed(*session, id);
  transaction.commit();
  return closing;
}

bool QuestionsRepository::remove(std::int64_t user_id, std::int64_t id, db::Timestamp now) {
  auto session = database_.write();
  db::Transaction transaction(*session);
  const auto question = polls_app::load_question(*session, id);
  if (!question) return false;
  session->execute(kDeleteChoices, {id});
  session->execute(kDeleteQuestion, {id});
  AdminLogRepository::record(*session, user_id, Action::Deletion, id,
                             question->question.question_text, "", now);
  transaction.commit();
  return true;
}

}  // namespace polls::admin
